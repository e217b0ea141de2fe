"""A table of measures that builds only the lines on screen.

Textual's DataTable keeps a record per row and measures every new cell, so refilling it with
20,000 measures on each filter key takes seconds. This table holds the view's list of rows
and draws a line when the screen asks for it (the Line API), so a new list costs as much as
the lines in view. It looks like a DataTable in row-cursor mode (same component classes and
styles, cells drawn the same way)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import ceil

from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.renderables.styled import Styled
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widgets import DataTable

from tui.formats.listing import fit_cell
from tui.ui.bindings import bind
from tui.ui.widgets.guard import Guarded

PADDING = 1  # on each side of a cell, as DataTable's cell_padding


class MeasureTable(Guarded, ScrollView, can_focus=True):
    """Rows of cells with a row cursor. `show` hands it a new list; it posts SortRequested
    when a column's header is clicked and keeps the cursor on the same key if it can."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES
    DEFAULT_CSS = DataTable.DEFAULT_CSS.replace("DataTable", "MeasureTable")
    BINDINGS = [
        bind("up,k", "cursor(-1)", "handlingsplan.table.up", show=False),
        bind("down,j", "cursor(1)", "handlingsplan.table.down", show=False),
        bind("pageup", "page(-1)", "handlingsplan.table.page_up", show=False),
        bind("pagedown", "page(1)", "handlingsplan.table.page_down", show=False),
        bind("home,ctrl+home", "first", "handlingsplan.table.first", show=False),
        bind("end,ctrl+end", "last", "handlingsplan.table.last", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, repaint=False)

    class SortRequested(Message):
        def __init__(self, table: MeasureTable, column: str):
            super().__init__()
            self.table, self.column = table, column

    def __init__(self, id: str | None = None):
        super().__init__(id=id)
        self.columns: list[tuple[str, str, int]] = []  # key, label, width
        self.rows: Sequence = []
        self._cells_of: Callable[[object], list[Text]] = lambda row: []
        self._key_of: Callable[[object], str] = str
        self._lines: dict = {}  # drawn lines of the current rows
        self._styles: dict[str, Style] = {}  # of one render pass (render_lines)
        self._cell_styles: dict = {}  # of one render pass (_line_styles)
        self._width = 0  # of one render pass

    # --- what it shows ------------------------------------------------------------------------

    def show(
        self,
        columns: list[tuple[str, str, int]],
        rows: Sequence,
        cells_of: Callable[[object], list[Text]],
        key_of: Callable[[object], str],
    ) -> None:
        """A new list of rows: what is drawn is dropped, the cursor stays on its row's key.
        The same list in the same columns (a search key that left the rows as they were) is
        left as drawn."""
        if rows is self.rows and columns == self.columns:
            return
        old_rows = self.rows
        kept = old_rows[self.cursor_row] if self.cursor_row < len(old_rows) else None
        kept_key = self.current_key()
        self.columns, self.rows, self._cells_of, self._key_of = columns, rows, cells_of, key_of
        self._lines.clear()
        self._resize(Size(self._columns_width(), len(rows) + 1))
        index = self._kept_row_index(old_rows, kept, kept_key) if kept is not None else None
        self.cursor_row = self._clamp(index if index is not None else self.cursor_row)
        self._scroll_to_cursor()
        self.refresh()

    def _resize(self, size: Size) -> None:
        """The new virtual size. Textual lays out the whole screen when it changes; that is
        needed only when the table's own height changes (it is as tall as its rows up to the
        space it has), not when a longer list only moves the scrollbar."""
        old, room = self.virtual_size, self.region.height
        if old.width != size.width or min(old.height, size.height) < room or not room:
            self.virtual_size = size
            return
        self.set_reactive(MeasureTable.virtual_size, size)
        self._set_bar_length(size.height)
        if self.scroll_y > self.max_scroll_y:
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def _set_bar_length(self, lines: int) -> None:
        """The scroll bar's new length, repainted only when its thumb looks different. Textual
        repaints it on every change (~2.5 ms a filter key at 20,000 measures), and over
        thousands of rows a few hundred more or fewer seldom move the thumb a cell."""
        bar = self.vertical_scrollbar
        if _thumb(bar, bar.window_virtual_size) == _thumb(bar, lines):
            bar.set_reactive(ScrollBar.window_virtual_size, lines)
        else:
            bar.window_virtual_size = lines

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def get_row_at(self, index: int) -> list[Text]:
        return self._cells_of(self.rows[index])

    def current_key(self) -> str | None:
        if not self.rows or self.cursor_row >= len(self.rows):
            return None
        return self._key_of(self.rows[self.cursor_row])

    def _kept_row_index(self, old_rows: Sequence, kept, kept_key: str | None) -> int | None:
        """Where the cursor's row is among the new rows: the same row (a filter key; a search
        in C), else the row with the same key (after an edit the rows are made anew; a Python
        call per row, ~9 ms at 20,000). Not by key when the new rows are the old ones
        filtered: then the cursor's row was filtered away."""
        try:
            return self.rows.index(kept)
        except ValueError:
            pass
        if kept_key is None or (self.rows and self.rows[0] in old_rows):
            return None
        return self.index_of(kept_key)

    def index_of(self, key: str) -> int | None:
        return next((i for i, row in enumerate(self.rows) if self._key_of(row) == key), None)

    # --- the cursor ---------------------------------------------------------------------------

    def _clamp(self, index: int) -> int:
        return max(0, min(index, len(self.rows) - 1))

    def move_cursor(self, row: int) -> None:
        self.cursor_row = self._clamp(row)

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        in_view = max(1, self.scrollable_content_region.height - 1)  # under the header
        top = int(self.scroll_y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + in_view:
            self.scroll_to(y=self.cursor_row - in_view + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, step: int) -> None:
        page = max(1, self.scrollable_content_region.height - 1)
        self.move_cursor(self.cursor_row + step * page)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.rows) - 1)

    def _on_click(self, event: events.Click) -> None:
        # The row is where the click is; the column is in the cell's style (the lines are
        # drawn without the row, so a line's styles are the same for every row).
        offset = event.get_content_offset(self)
        meta = event.style.meta
        if offset is None or "column" not in meta:
            return
        if offset.y == 0:  # the header stays on top
            if not meta.get("out_of_bounds"):
                self.post_message(self.SortRequested(self, self.columns[meta["column"]][0]))
            return
        index = offset.y - 1 + int(self.scroll_y)
        if index < len(self.rows):
            self.move_cursor(index)

    def on_focus(self, event: events.Focus) -> None:
        self._lines.clear()  # the cursor's colours follow the focus
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        self._lines.clear()
        self.refresh()

    # --- drawing (the Line API) -------------------------------------------------------------------

    def render_lines(self, crop):
        # The styles of this pass, looked up once rather than on every line.
        styles = ("header", "even-row", "odd-row")
        self._styles = {
            name: self.get_component_styles(f"datatable--{name}").rich_style for name in styles
        }
        self._styles["cursor"] = self.get_component_rich_style("datatable--cursor")
        self._styles["base"] = self.rich_style
        self._cell_styles = {}
        self._width = self.size.width  # Textual works it out from the region on each call
        return super().render_lines(crop)

    def _line_styles(self, kind: str, cursor: bool) -> tuple[list[Style], Style, Style]:
        """For a line of a kind ("header", "even-row", "odd-row"), with or without the cursor:
        each column's cell style, the style after the text, and the style of the space after
        the last column. Made once per pass: adding Rich styles costs more than the text."""
        key = (kind, cursor)
        if key not in self._cell_styles:
            row_style = self._styles[kind]
            cell_style = self._styles["cursor"] if cursor else Style()
            post = Style.from_color(cell_style.color)
            post += Style.from_color(bgcolor=cell_style.bgcolor)
            columns = [
                row_style + Style.from_meta({"column": column}) + cell_style
                for column in range(len(self.columns))
            ]
            extend = row_style + cell_style
            extend += Style.from_meta({"column": 0, "out_of_bounds": True})
            self._cell_styles[key] = (columns, post, extend)
        return self._cell_styles[key]

    def render_line(self, y: int) -> Strip:
        index = -1 if y == 0 else y - 1 + int(self.scroll_y)  # the header stays on top
        base = self._styles["base"]
        if index >= len(self.rows):
            return Strip.blank(self._width, base)
        scroll_x, width = int(self.scroll_x), self._width
        cache_key = (index, index == self.cursor_row, scroll_x, width, base)
        strip = self._lines.get(cache_key)
        if strip is None:
            segments = self._line_segments(index)
            if scroll_x == 0 and self._columns_width() <= width:
                strip = Strip(segments, width)  # the cells and the space after fill the width
            else:
                strip = Strip(segments).crop(scroll_x, scroll_x + width)
                strip = strip.adjust_cell_length(width, base)
            if len(self._lines) > 1000:  # scrolled far: keep only what is on screen now
                self._lines.clear()
            self._lines[cache_key] = strip
        return strip

    def _line_segments(self, index: int) -> list[Segment]:
        """One row (index -1: the header) drawn as DataTable draws it in row-cursor mode."""
        if index == -1:
            cells = [Text(label) for _, label, _ in self.columns]
            kind = "header"
        else:
            cells = self._cells_of(self.rows[index])
            kind = "odd-row" if index % 2 else "even-row"
        styles, post, extend = self._line_styles(kind, index == self.cursor_row and index >= 0)
        segments: list[Segment] = []
        for cell, style, (_, _, width) in zip(cells, styles, self.columns, strict=True):
            segments.extend(self._cell(cell, width, style, post))
        segments.append(Segment(" " * max(0, self._width - self._columns_width()), extend))
        return segments

    def _columns_width(self) -> int:
        return sum(width + 2 * PADDING for _, _, width in self.columns)

    def _cell(self, cell: Text, width: int, style: Style, post: Style) -> list[Segment]:
        plain = cell.plain
        if not cell.spans and plain.isprintable():
            # What Rich makes of text of one style in a padded cell, as segments (the way below
            # costs ten times more, and every line on screen is drawn again after a filter
            # key). The cell's own style (an overdue deadline's) is the text's, not the pads'.
            pad = " " * PADDING
            if not cell.style:
                return [Segment(f"{pad}{fit_cell(plain, width)}{pad}", style + post)]
            own = Style.parse(cell.style) if isinstance(cell.style, str) else cell.style
            padding = Segment(pad, style + post)
            return [padding, Segment(fit_cell(plain, width), style + own + post), padding]
        options = self.app.console_options.update_dimensions(width + 2 * PADDING, 1)
        lines = self.app.console.render_lines(
            Styled(Padding(cell, (0, PADDING)), pre_style=style, post_style=post),
            options.update(no_wrap=True),
        )
        return lines[0]


def _thumb(bar: ScrollBar, lines: int) -> list[Segment]:
    """The cells of a vertical scroll bar over `lines` lines, as ScrollBar draws them (the
    colours left at their defaults: only the thumb's place and size differ)."""
    window = bar.window_size if bar.window_size < lines else 0
    drawn = bar.renderer.render_bar(
        size=bar.size.height,
        virtual_size=ceil(lines),
        window_size=ceil(window),
        position=bar.position,
        thickness=bar.size.width or 1,
        vertical=True,
    )
    return drawn.segments
