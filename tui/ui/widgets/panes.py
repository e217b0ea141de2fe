"""The tabs beside the tree and what they hold. Mounted just after the first frame, so the
first screen neither builds nor imports them (see HandlingsplanApp.compose)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from tui import texts
from tui.domain.filters import Row
from tui.domain.model import Block
from tui.ui.widgets.guard import Guarded
from tui.ui.widgets.measure_table import MeasureTable


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
        Binding("j", "cursor_down", "Ned", show=False, id="handlingsplan.table.down"),
        Binding("k", "cursor_up", "Opp", show=False, id="handlingsplan.table.up"),
    ]

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True


# One key for the frequent changes, the same in both measure tables (and the same ids, so a
# remap in keymap.toml moves both).
QUICK_EDITS = [
    Binding("x", "app.mark_done", texts.KEY_DONE, id="handlingsplan.measure.done"),
    Binding("s", "app.pick_status", texts.KEY_STATUS, id="handlingsplan.measure.status"),
    Binding("f", "app.edit_deadline", texts.KEY_DEADLINE, id="handlingsplan.measure.deadline"),
    Binding("o", "app.edit_roles", texts.KEY_ROLES, id="handlingsplan.measure.roles"),
]


class SectionMeasures(VimTable):
    """The shown measures of the selected section."""

    help_key = "measures"
    _shape: list | None = None  # what is drawn
    BINDINGS = [
        Binding("e,enter", "app.edit_measure", "Rediger", id="handlingsplan.measure.edit"),
        Binding("a", "app.add_measure", "Nytt tiltak", id="handlingsplan.measure.add"),
        Binding("d,delete", "app.delete_measure", "Slett", id="handlingsplan.measure.delete"),
        Binding("K,ctrl+up", "app.move_measure(-1)", "Flytt opp", id="handlingsplan.measure.up"),
        Binding("J,ctrl+down", "app.move_measure(1)", "Flytt ned", id="handlingsplan.measure.down"),
        *QUICK_EDITS,
    ]

    def show(self, rows: list[Row], keys: list[str]) -> None:
        """Draw the rows (keys: each row's key); the same rows as shown are left alone, so
        the cursor stays where it is."""
        cells = [row_cells(row, False) for row in rows]
        shape = [(key, [str(c) for c in row]) for key, row in zip(keys, cells, strict=True)]
        if shape == self._shape:
            return
        self._shape = shape
        self.clear(columns=True)
        for label, width in MEASURE_COLUMNS:
            self.add_column(label, width=width)
        for key, row in zip(keys, cells, strict=True):
            self.add_row(*row, key=key)

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
        Binding("e,enter", "app.edit_measure", "Rediger", id="handlingsplan.all.edit"),
        Binding("1", "sort('nr')", "Nr.", show=False, id="handlingsplan.all.sort_nr"),
        Binding("2", "sort('frist')", "Frist", show=False, id="handlingsplan.all.sort_deadline"),
        Binding("3", "sort('ansvar')", "Ansvar", show=False, id="handlingsplan.all.sort_role"),
        Binding("4", "sort('status')", "Status", show=False, id="handlingsplan.all.sort_status"),
        *QUICK_EDITS,
    ]

    def action_sort(self, column: str) -> None:
        self.post_message(self.SortRequested(self, column))

    def show_rows(self, rows: list[Row], key_of, with_plan: bool) -> None:
        keys = ("nr", "tekst", "ansvar", "frist", "status")
        columns = [(key, *column) for key, column in zip(keys, MEASURE_COLUMNS, strict=True)]
        if with_plan:
            columns.insert(0, ("plan", texts.COL_PLAN, 14))
        self.show(columns, rows, lambda row: row_cells(row, with_plan), key_of)


class BlockList(Guarded, OptionList):
    help_key = "blocks"
    BINDINGS = [
        Binding("e,enter", "app.edit_block", "Rediger innhold", id="handlingsplan.block.edit"),
        Binding("j", "cursor_down", "Ned", show=False, id="handlingsplan.block.down"),
        Binding("k", "cursor_up", "Opp", show=False, id="handlingsplan.block.up"),
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
        header = ["Dato", "Aktivitet", "Målgruppe"]
        rows = [
            [e.get("dato", ""), e.get("aktivitet", ""), e.get("maalgruppe", "")]
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
    BINDINGS = [Binding("enter", "app.jump_to_finding", "Gå til", id="handlingsplan.finding.go")]

    def show(self, findings: list[tuple[str, str, str, str | None]]) -> None:
        """(where, severity, message, row key) per finding; a line saying none if none."""
        self.clear(columns=True)
        self.add_columns("Fil:linje", "Alvor", "Melding")
        for where, severity, message, key in findings:
            self.add_row(Text(where), severity, Text(message), key=key)
        if self.row_count == 0:
            self.add_row("", "", texts.FINDINGS_NONE)

    def current_key(self) -> str | None:
        if self.row_count == 0:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value


def row_cells(row: Row, with_plan: bool) -> list[Text]:
    """A measure's cells as Text: the plan's words are never read as markup."""
    measure = row.measure
    cells = [
        row.label,
        _one_line(measure.text),
        ", ".join(row.responsible),
        str(measure.deadline),
        str(measure.status),
    ]
    if with_plan:
        cells.insert(0, row.plan_path.rsplit("/", 1)[-1].removesuffix(".toml"))
    return [Text(cell) for cell in cells]


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

MEASURE_COLUMNS = [
    (texts.COL_NR, 13),
    (texts.COL_TEXT, 40),
    (texts.COL_RESPONSIBLE, 24),
    (texts.COL_DEADLINE, 16),
    (texts.COL_STATUS, 10),
]
