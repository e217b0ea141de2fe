"""A list of roles to tick, where a ticked role looks ticked."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

from tui.ui.widgets.guard import Guarded


class RoleList(Guarded, SelectionList[str]):
    """Textual draws an X in every box and tells ticked from unticked by colour alone: here an
    unticked box is empty. The first role is highlighted from the start, so the first `down`
    moves instead of only showing where the cursor is."""

    def on_mount(self) -> None:
        self._highlight_first()

    def on_focus(self) -> None:
        self._highlight_first()

    def _highlight_first(self) -> None:
        if self.option_count and self.highlighted is None:
            self.highlighted = 0

    def on_key(self, event) -> None:
        """A letter moves to the next role starting with it (Nestleder after `n`)."""
        letter = (event.character or "").lower()
        if not letter.isalpha() or self.option_count == 0:
            return
        start = -1 if self.highlighted is None else self.highlighted
        order = [(start + step) % self.option_count for step in range(1, self.option_count + 1)]
        for index in order:
            prompt = str(self.get_option_at_index(index).prompt)
            if prompt.lower().startswith(letter):
                event.stop()
                self.highlighted = index
                return

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if option.value in self._selected or len(segments) < 2:
            return line
        if segments[1].text == ToggleButton.BUTTON_INNER:
            segments[1] = Segment(" ", segments[1].style)
        return Strip(segments, line.cell_length)
