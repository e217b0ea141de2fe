"""An exception in a handler of ours is reported, and the app goes on.

Textual sends every unhandled exception to one funnel, App._handle_exception, which
always ends the app. It cannot simply be told not to: by the time it is called from a
message handler, the message loop of the widget that raised has already given up
(textual/message_pump.py, _process_messages_loop: `self.app._handle_exception(error)`
then `break`), so a widget, a screen or the app itself would stop responding. The one
place every message, event and key binding of a message pump passes through is
_dispatch_message; catching there keeps the loop alive. The app, its screens and its
widgets mix this in (a test checks each one does); what still reaches the funnel is
handled by HandlingsplanApp._handle_exception.
"""

from __future__ import annotations


class Guarded:
    async def _dispatch_message(self, message) -> None:
        try:
            await super()._dispatch_message(message)  # type: ignore[misc]
        except Exception as error:
            self.app.report_error(error)  # type: ignore[attr-defined]
