"""Textual's command palette, saying "no matches" in Norwegian."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from tui import texts


class Palette(CommandPalette):
    """The command palette with the app's placeholder; its "No matches found" is a literal
    in Textual's own countdown (textual 8), so the countdown is written again here."""

    def __init__(self, placeholder: str = texts.PALETTE_PLACEHOLDER, providers=None) -> None:
        super().__init__(providers=providers, placeholder=placeholder, id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:  # an empty search is browsing: nothing to say
                none = Align.center(Text(texts.PALETTE_NO_MATCHES, style="not bold"))
                self.query_one(CommandList).add_option(
                    Option(none, disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
