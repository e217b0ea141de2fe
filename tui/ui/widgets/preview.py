"""The Preview tab's view: the export's Markdown drawn by Rich, one block at a time, and only
the blocks on screen.

Textual's Markdown widget mounts a widget per block and lays every one of them out again as
more arrive, so a plan of 2,000 measures kept the app busy for minutes. Here the export's
blocks (export.page_blocks: the page is they joined by a blank line) come in as the export
makes them, the first screen's at once and the rest between keys; each block is drawn by
Rich's Markdown when it first comes into view, and the drawn lines are cached. Rich draws a
whole document as its blocks with a blank line between them, so the lines are the same as
Rich's drawing of the whole page. A block not yet drawn counts with an estimate of its
height; when it is drawn, the view is kept still around the lines in view.
"""

from __future__ import annotations

import asyncio
import time
from bisect import bisect_right
from collections.abc import Callable, Iterator
from itertools import accumulate
from pathlib import Path

from rich.markdown import Markdown
from rich.segment import Segment
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui import texts
from tui.store.storage import PlanError, check_output, write_output
from tui.ui.bindings import bind
from tui.ui.widgets.guard import Guarded

PADDING = 1  # blank columns left and right of the text
CACHED_BLOCKS = 1024
SLICE = 0.008  # seconds of making the page at a time
PAUSE = 0.004  # seconds left to the keys and the screen between two slices: drawing a
# frame takes several turns of the event loop, which sleep(0) would give one at a time


class MarkdownPreview(Guarded, ScrollView, can_focus=True):
    help_key = "preview"
    DEFAULT_CSS = """
    MarkdownPreview { height: 1fr; overflow-x: hidden; }
    """
    BINDINGS = [
        bind("j", "scroll_down", "handlingsplan.preview.down", show=False),
        bind("k", "scroll_up", "handlingsplan.preview.up", show=False),
    ]

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.source: str | None = ""  # the whole page; None while it is still being made
        self.blocks: list[str] = []
        self._incoming: Iterator[str] | None = None  # the blocks still to come
        self._next = 0  # the index the next block that comes will have
        self._width = 0  # the width the heights and lines below are for
        self._heights: list[int] = []  # lines each block takes, its blank line before included
        self._drawn: list[bool] = []  # whether that height is the drawn one or an estimate
        self._starts: list[int] = [0]  # the first line of each block, then the total
        self._lines: LRUCache[tuple[str, bool], list[Strip]] = LRUCache(CACHED_BLOCKS)

    def show(self, blocks: Iterator[str]) -> None:
        """Show the page of these blocks (export.page_blocks). The blocks on screen are taken
        at once, the rest a slice at a time between keys. Blocks the same as those shown
        before keep their lines and the view stays where it is."""
        self._incoming, self._next, self.source = blocks, 0, None
        self._take(lines=self._screen_bottom())
        if self._incoming is not None:
            self.run_worker(self._take_rest(), group="preview", exclusive=True)
        self.refresh()

    def _screen_bottom(self) -> int:
        return self.scroll_offset.y + 2 * max(self.scrollable_content_region.height, 1)

    async def _take_rest(self) -> None:
        """The rest of the page, while the tab is shown (it is made anew when next shown:
        the plan may have changed meanwhile). An error ends the worker, and the app reports
        it and goes on (HandlingsplanApp._handle_exception)."""
        while self._incoming is not None and self._shown():
            self._take(until=time.perf_counter() + SLICE)
            await asyncio.sleep(PAUSE)

    def _shown(self) -> bool:
        return all(node.display for node in self.ancestors_with_self)

    def _take(self, until: float | None = None, lines: int | None = None) -> None:
        """Take blocks until the page is whole, the time is up, or `lines` lines are there."""
        incoming, width = self._incoming, self._text_width()
        self._measure(width)
        start = self._next
        covered = sum(self._heights[:start]) if lines is not None else 0
        while incoming is not None:
            if lines is not None and covered >= lines:
                break
            if until is not None and time.perf_counter() > until:
                break
            block = next(incoming, None)
            if block is None:
                self._finish()
                break
            self._put(self._next, block, width)
            covered += self._heights[self._next]
            self._next += 1
        if self._next != start or self._incoming is None:
            self._update_starts()
            self.refresh()

    def _put(self, index: int, block: str, width: int) -> None:
        if index < len(self.blocks):
            if self.blocks[index] == block:
                return
            del self.blocks[index:], self._heights[index:], self._drawn[index:]
        self.blocks.append(block)
        self._heights.append(_estimate(block, width) + (1 if index else 0))
        self._drawn.append(False)

    def _finish(self) -> None:
        del self.blocks[self._next :], self._heights[self._next :], self._drawn[self._next :]
        self._incoming = None
        self.source = "\n\n".join(self.blocks) + "\n"

    def take_all(self) -> None:
        """Make the rest of the page now."""
        if self._incoming is not None:
            self._take()

    # --- layout ---------------------------------------------------------------------------

    def _text_width(self) -> int:
        room = self.scrollable_content_region.width
        if room <= 0:  # hidden behind another tab: what was measured still holds
            return self._width or 1
        return max(1, room - 2 * PADDING)

    def _measure(self, width: int) -> None:
        """At a new width, estimate every block's height again, forgetting what was drawn."""
        if width == self._width:
            return
        self._width = width
        self._lines.clear()
        self._heights = [
            _estimate(block, width) + (1 if index else 0) for index, block in enumerate(self.blocks)
        ]
        self._drawn = [False] * len(self.blocks)
        self._update_starts()

    def _update_starts(self) -> None:
        self._starts = [0, *accumulate(self._heights)]
        self.virtual_size = Size(0, self._starts[-1])

    def on_resize(self) -> None:
        self._measure(self._text_width())
        self._update_starts()

    def _block_at(self, y: int) -> int:
        return bisect_right(self._starts, y) - 1

    def _draw(self, index: int) -> list[Strip]:
        """The lines of one block, the blank line that parts it from the one before included."""
        key = (self.blocks[index], index == 0)
        lines = self._lines.get(key)
        if lines is None:
            lines = self._render_block(index)
            self._lines.set(key, lines)
        self._heights[index] = len(lines)
        self._drawn[index] = True
        return lines

    def _render_block(self, index: int) -> list[Strip]:
        console = self.app.console
        options = console.options.update(width=self._width, height=None, highlight=False)
        rendered = console.render_lines(Markdown(self.blocks[index]), options, pad=True)
        pad = [Segment(" " * PADDING)]
        full = self._width + 2 * PADDING
        lines = [Strip([*pad, *line, *pad], full) for line in rendered]
        # Between two blocks Rich leaves one blank line; a list brings its own.
        if index and not (lines and not lines[0].text.strip()):
            lines.insert(0, Strip.blank(full))
        return lines

    def _settle(self) -> None:
        """Draw the blocks in view. If one of them was an estimate, its true height moves the
        blocks below it; the top line of the view stays where it was on the screen."""
        self._measure(self._text_width())
        if not self.blocks:
            return
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        first = self._block_at(top)
        if first >= len(self.blocks):
            return
        from_end = self._starts[first + 1] - top  # when scrolling up into a block not drawn
        was_drawn = self._drawn[first]
        changed = self._draw_from(first, top + height)
        if not changed:
            return
        self._update_starts()
        if not was_drawn:
            new_top = max(self._starts[first], self._starts[first + 1] - from_end)
            self.set_scroll(None, min(new_top, self.max_scroll_y))

    def _draw_from(self, first: int, bottom: int) -> bool:
        """Draw blocks from `first` until line `bottom` is covered; whether a height changed."""
        changed = False
        line = self._starts[first]
        index = first
        while index < len(self.blocks) and line < bottom:
            before = self._heights[index]
            self._draw(index)
            changed |= before != self._heights[index]
            line += self._heights[index]
            index += 1
        return changed

    def render_lines(self, crop: Region) -> list[Strip]:
        self._settle()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        index = self._block_at(line)
        width = self.scrollable_content_region.width
        if 0 <= index < len(self.blocks):
            lines = self._draw(index)
            offset = line - self._starts[index]
            if offset < len(lines):
                return lines[offset].crop_extend(0, width, self.rich_style)
        return Strip.blank(width, self.rich_style)

    # --- keys that jump -------------------------------------------------------------------

    def action_scroll_end(self) -> None:
        """To the last line: the blocks at the end are drawn first, so the end is exact."""
        self.take_all()
        self._measure(self._text_width())
        height = self.scrollable_content_region.height
        covered, index = 0, len(self.blocks) - 1
        while index >= 0 and covered < height:
            self._draw(index)
            covered += self._heights[index]
            index -= 1
        self._update_starts()
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_scroll_home(self) -> None:
        self.scroll_to(y=0, animate=False)

    def rendered_text(self) -> list[str]:
        """Every line of the page as plain text, drawing every block (for tests and tools)."""
        self.take_all()
        self._measure(self._text_width())
        lines = [strip.text for index in range(len(self.blocks)) for strip in self._draw(index)]
        self._update_starts()
        return lines


def _estimate(block: str, width: int) -> int:
    """About how many lines Rich draws this block in: a table a line per row (its rule under
    the header row stands for the delimiter row), other text its lines and a line for each
    width's worth of characters (cheap: a big page has tens of thousands of blocks)."""
    lines = block.count("\n") + 1
    if block.startswith("|"):
        return lines
    return lines + len(block) // width


def write_page(app, default: str, page: Callable[[], str], inputs: list[Path]) -> None:
    """Ask for a file name, ask again before replacing a file that is there, then write the
    page. Refusals (a plan, a source of the page, a folder) are shown before any question."""
    from tui.ui import screens

    def write(path: Path) -> None:
        try:
            write_output(path, page().encode("utf-8"), inputs)
            app.notify(texts.WROTE_FILE.format(path=path))
        except PlanError as error:
            app.notify(str(error), severity="error")

    def chosen(answer: str | None) -> None:
        if not answer:
            return
        path = Path(answer)
        try:
            check_output(path, inputs)
        except PlanError as error:
            app.notify(str(error), severity="error")
            return
        if not path.exists():
            write(path)
            return
        question = texts.PREVIEW_OVERWRITE.format(path=path)
        app.push_screen(screens.ConfirmScreen(question), lambda yes: write(path) if yes else None)

    app.push_screen(screens.PromptScreen(texts.WRITE_PREVIEW_PROMPT, default), chosen)
