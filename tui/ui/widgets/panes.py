"""The tabs beside the tree and what they hold. Mounted just after the first frame, so the
first screen neither builds nor imports them (see HandlingsplanApp.compose)."""

from __future__ import annotations

from datetime import date

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import DataTable, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from tui import texts
from tui.actions.view import COLUMN_TEXT
from tui.domain import fields
from tui.domain.filters import DUE_SOON, OVERDUE, Row, urgency
from tui.domain.model import Block
from tui.ui.bindings import bind
from tui.ui.widgets.guard import Guarded
from tui.ui.widgets.measure_table import PADDING, MeasureTable


def main_tabs() -> TabbedContent:
    tabs = TabbedContent(initial="section", id="tabs")
    section = TabPane(
        texts.TAB_SECTION,
        Static(texts.SECTION_EMPTY, id="section-title"),
        BlockList(id="blocks"),
        SectionMeasures(id="section-measures"),
        id="section",
    )
    # The other tabs get their widgets when first shown (PANE_CONTENT).
    for pane in (
        section,
        TabPane(texts.TAB_MEASURES, id="measures"),
        TabPane(texts.TAB_CHANGES, id="changes"),
        TabPane(texts.TAB_PREVIEW, id="preview"),
        TabPane(texts.TAB_FINDINGS, id="findings"),
    ):
        tabs.compose_add_child(pane)
    return tabs


class VimTable(Guarded, DataTable):
    """A row-cursor table where j/k move like the arrow keys."""

    BINDINGS = [
        bind("j", "cursor_down", "handlingsplan.table.down", show=False),
        bind("k", "cursor_up", "handlingsplan.table.up", show=False),
    ]

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True


# One key for the frequent changes, the same in both measure tables (and the same ids, so a
# remap in keymap.toml moves both).
QUICK_EDITS = [
    bind("x", "app.mark_done", "handlingsplan.measure.done"),
    bind("s", "app.pick_status", "handlingsplan.measure.status"),
    bind("f", "app.edit_deadline", "handlingsplan.measure.deadline"),
    bind("o", "app.edit_roles", "handlingsplan.measure.roles"),
]


class SectionMeasures(VimTable):
    """The shown measures of the selected section."""

    help_key = "measures"
    _shape: list | None = None  # what is drawn
    BINDINGS = [
        bind("e,enter", "app.edit_measure", "handlingsplan.measure.edit"),
        bind("a", "app.add_measure", "handlingsplan.measure.add"),
        bind("d,delete", "app.delete_measure", "handlingsplan.measure.delete"),
        bind("K,ctrl+up", "app.move_measure(-1)", "handlingsplan.measure.up"),
        bind("J,ctrl+down", "app.move_measure(1)", "handlingsplan.measure.down"),
        *QUICK_EDITS,
    ]

    _shown: tuple | None = None  # what show() was last given, to fit again on a resize

    def show(self, rows: list[Row], keys: list[str], widest: dict, today: date) -> None:
        """Draw the rows (keys: each row's key) in columns fitted to the width; the same rows
        as shown are left alone, so the cursor stays where it is."""
        self._shown = (rows, keys, widest, today)
        columns = fit_columns(wanted_columns(widest, False), room_for_columns(self))
        cells_of = shown_cells(columns, False, today)
        cells = [cells_of(row) for row in rows]
        shape = [(key, [str(c) for c in row]) for key, row in zip(keys, cells, strict=True)]
        shape.append(("", [str(column) for column in columns]))
        if shape == self._shape:
            return
        self._shape = shape
        self.clear(columns=True)
        for _, label, width in columns:
            self.add_column(label, width=width)
        for key, row in zip(keys, cells, strict=True):
            self.add_row(*row, key=key)

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show(*self._shown)

    def current_key(self) -> str | None:
        """The key of the row under the cursor."""
        if self.row_count == 0:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def select_key(self, key: str) -> None:
        if key in self.rows:  # not when the filter hides it
            self.move_cursor(row=self.get_row_index(key))


class AllMeasures(MeasureTable):
    """Every shown measure of every open plan; built only as far as it is on screen."""

    help_key = "all"
    BINDINGS = [
        bind("e,enter", "app.edit_measure", "handlingsplan.all.edit"),
        bind("1", "sort('nr')", "handlingsplan.all.sort_nr", show=False),
        bind("2", "sort('frist')", "handlingsplan.all.sort_deadline", show=False),
        bind("3", "sort('ansvar')", "handlingsplan.all.sort_role", show=False),
        bind("4", "sort('status')", "handlingsplan.all.sort_status", show=False),
        *QUICK_EDITS,
    ]

    def action_sort(self, column: str) -> None:
        self.post_message(self.SortRequested(self, column))

    _shown: tuple | None = None  # what show_rows() was last given, to fit again on a resize

    def show_rows(self, rows: list[Row], key_of, with_plan: bool, widest: dict, today: date):
        """The rows in columns fitted to the width (the text column gives way first)."""
        self._shown = (rows, key_of, with_plan, widest, today)
        columns = fit_columns(wanted_columns(widest, with_plan), room_for_columns(self))
        self.show(columns, rows, shown_cells(columns, with_plan, today), key_of)

    def on_resize(self) -> None:
        if self._shown is not None:
            self.show_rows(*self._shown)


class BlockList(Guarded, OptionList):
    help_key = "blocks"
    BINDINGS = [
        bind("e,enter", "app.edit_block", "handlingsplan.block.edit"),
        bind("j", "cursor_down", "handlingsplan.block.down", show=False),
        bind("k", "cursor_up", "handlingsplan.block.up", show=False),
    ]

    _shape: list | None = None  # what is drawn

    def show_blocks(self, blocks: list[Block]) -> None:
        """Draw the blocks; the same blocks as shown are left alone (a filter key)."""
        shape = [(b.id, b.type, repr(b.data)) for b in blocks]
        if shape == self._shape:
            return
        self._shape = shape
        highlighted = self.highlighted
        self.clear_options()
        self.add_options([Option(render_block(b), id=str(b.id)) for b in blocks])
        if blocks:
            self.highlighted = min(highlighted or 0, len(blocks) - 1)


def render_block(block: Block):
    """A content block as Rich renderables: heading line, then prose, bullets or a table."""
    data = block.data
    kind = texts.BLOCK_KIND.get(block.type, block.type)
    title = str(data.get("tittel", "") or data.get("utvalg", "") or "")
    head = Text(f"{kind}: {title}" if title else kind, style="bold")
    parts: list = [head]
    if block.type in ("tekst", "mål") and data.get("tekst"):
        parts.append(Text(str(data["tekst"])))
    if block.type == "liste":
        parts.extend(Text(f"• {item}") for item in data.get("punkter", []))
    if block.type == "mål":
        parts.extend(
            Text(f"• {t.get('hva', '')}: {t.get('antall', '')} {t.get('enhet', '')}")
            for t in data.get("maaltall", [])
            if isinstance(t, dict)
        )
    if block.type in ("tabell", "kalender"):
        parts.append(_rich_table(block))
    return Group(*parts)


def _rich_table(block: Block) -> Table:
    data = block.data
    if block.type == "kalender":
        header = [column.label for column in fields.CALENDAR_COLUMNS]
        rows = [
            [e.get(column.key, "") for column in fields.CALENDAR_COLUMNS]
            for e in data.get("aktiviteter", [])
            if isinstance(e, dict)
        ]
    else:
        header = [str(c) for c in data.get("kolonner", [])]
        rows = data.get("rader", [])
    table = Table(*header, show_lines=False, expand=False)
    for row in rows:
        table.add_row(*(str(c) for c in row))
    return table


class Findings(VimTable):
    help_key = "findings"
    BINDINGS = [bind("enter", "app.jump_to_finding", "handlingsplan.finding.go")]

    def show(self, findings: list[tuple[str, str, str, str | None]]) -> None:
        """(where, severity, message, row key) per finding; a line saying none if none."""
        self.clear(columns=True)
        self.add_columns(*texts.FINDINGS_COLUMNS)  # the message before the long file name
        for where, severity, message, key in findings:
            self.add_row(severity, Text(message), Text(where), key=key)
        if self.row_count == 0:
            self.add_row("", texts.FINDINGS_NONE, "")

    def current_key(self) -> str | None:
        if self.row_count == 0:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value


def room_for_columns(table) -> int:
    """The table's width less a vertical scrollbar, which appears only once the rows are in
    (100 before the first layout)."""
    width = table.size.width
    return max(0, width - table.styles.scrollbar_size_vertical) if width else 100


def shown_cells(columns: list[tuple[str, str, int]], with_plan: bool, today: date):
    """A function from a row to the cells of the columns shown (fit_columns may leave some
    out)."""
    shown = {key for key, _, _ in columns}
    keys = [PLAN_COLUMN[0]] if with_plan else []
    keep = [key in shown for key in keys + [key for key, _ in MEASURE_COLUMNS]]

    def cells_of(row: Row) -> list[Text]:
        return [
            cell for cell, kept in zip(row_cells(row, with_plan, today), keep, strict=True) if kept
        ]

    return cells_of


def row_cells(row: Row, with_plan: bool, today: date) -> list[Text]:
    """A measure's cells as Text (the plan's words are never read as markup); an overdue or
    soon due deadline is marked by a symbol as well as a colour."""
    cells = [
        Text(COLUMN_TEXT["nr"](row), overflow="ellipsis"),
        Text(_one_line(row.measure.text), overflow="ellipsis"),
        Text(COLUMN_TEXT["ansvar"](row), overflow="ellipsis"),
        _deadline_cell(row, today),
        Text(COLUMN_TEXT["status"](row), overflow="ellipsis"),
    ]
    if with_plan:
        cells.insert(0, Text(COLUMN_TEXT["plan"](row), overflow="ellipsis"))
    return cells


# How a deadline is marked: a symbol (not colour alone) and a colour.
URGENCY_MARKS = {OVERDUE: ("▲", "bold red"), DUE_SOON: ("△", "yellow")}


def _deadline_cell(row: Row, today: date) -> Text:
    mark = URGENCY_MARKS.get(urgency(row, today))
    deadline = COLUMN_TEXT["frist"](row)
    if mark is None:
        return Text(deadline, overflow="ellipsis")
    symbol, style = mark
    return Text(f"{symbol} {deadline}", style=style, overflow="ellipsis")


# The measure columns: key and label. Each wants the width of its widest text over all the
# rows (View.widest, so a filter key does not move them) up to WIDEST; Nr., Frist and Status
# are never cut. Narrower than that, the others give way in SHRINK's order down to each step's
# width, the text first; what is still cut ends in "…".
MEASURE_COLUMNS = [
    ("nr", texts.COL_NR),
    ("tekst", texts.COL_TEXT),
    ("ansvar", texts.COL_RESPONSIBLE),
    ("frist", texts.COL_DEADLINE),
    ("status", texts.COL_STATUS),
]
PLAN_COLUMN = ("plan", texts.COL_PLAN)
WIDEST = {"tekst": 40, "ansvar": 24, "plan": 14, "frist": 20, "status": 14, "nr": 14}
MARK_WIDTH = 2  # "▲ " before an overdue deadline
SHRINK = [
    ("tekst", 28),
    ("ansvar", 12),
    ("plan", 10),
    ("tekst", 16),
    ("tekst", 12),  # who is responsible matters more than the text's next few words
    ("ansvar", 0),
    ("plan", 0),
    ("tekst", 8),
]


def wanted_columns(widest: dict[str, int], with_plan: bool) -> list[tuple[str, str, int]]:
    """Each column as wide as its widest text (the deadline's mark included) up to WIDEST,
    and never narrower than its label; the text column as wide as WIDEST allows."""
    columns = [PLAN_COLUMN, *MEASURE_COLUMNS] if with_plan else MEASURE_COLUMNS
    extra = {"frist": MARK_WIDTH}
    wanted = []
    for key, label in columns:
        text = WIDEST[key] if key == "tekst" else widest.get(key, 0) + extra.get(key, 0)
        wanted.append((key, label, max(len(label), min(WIDEST[key], text))))
    return wanted


def fit_columns(columns: list[tuple[str, str, int]], width: int) -> list[tuple[str, str, int]]:
    """The columns in `width` cells: the text column takes what is left over, and where
    there is too little the columns shrink in SHRINK's order (a column shrunk to 0 is left
    out); what still does not fit scrolls sideways."""
    widths = {key: wanted for key, _, wanted in columns}

    def over() -> int:
        shown = [w for w in widths.values() if w > 0]
        return sum(shown) + 2 * PADDING * len(shown) - width

    for key, least in SHRINK:
        if key in widths and over() > 0:  # a column goes to 0 whole: 3 cells of it say nothing
            widths[key] = 0 if least == 0 else min(widths[key], max(least, widths[key] - over()))
    if over() < 0:
        widths["tekst"] -= over()
    return [(key, label, widths[key]) for key, label, _ in columns if widths[key] > 0]


def _one_line(text) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= 120 else flat[:119] + "…"


def _preview(id: str):
    from tui.ui.widgets.preview import MarkdownPreview  # Rich's Markdown: on first use

    return MarkdownPreview(id=id)


PANE_CONTENT = {
    "measures": lambda: [AllMeasures(id="all-measures")],
    "changes": lambda: [VerticalScroll(Static("", id="changes-text"))],
    "preview": lambda: [
        Static("", id="preview-hint", classes="hint"),
        _preview(id="preview-md"),
    ],
    "findings": lambda: [Findings(id="findings-table")],
}

# What a tab's key (F2…F6) puts the keys on.
FOCUS_IN_TAB = {
    "section": "#section-measures",
    "measures": "#all-measures",
    "preview": "#preview-md",
    "findings": "#findings-table",
}
