"""Widgets of the TUI. They draw what the core computes and report what the user did."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Checkbox, DataTable, Input, OptionList, Select, Tree
from textual.widgets.option_list import Option

from . import texts
from .model import STATUSES, Block
from .query import Row

HELP = {
    "tree": "Treet viser planer, kapitler og seksjoner med antall tiltak som passer filteret. "
    "Piltaster eller j/k flytter, innholdet vises til høyre med en gang.",
    "measures": "Tiltakene i seksjonen. enter/e: rediger · a: nytt etter dette · "
    "d: slett · K/J: flytt opp/ned · j/k: flytt markør.",
    "all": "Alle tiltak i åpne planer. Trykk på en kolonneoverskrift (eller 1–4) for å "
    "sortere på nummer, frist, ansvar eller status. enter: rediger.",
    "blocks": "Innholdet i seksjonen: tekst, lister, tabeller og aktivitetsplaner. "
    "enter/e: rediger markert innhold.",
    "filters": "Filtrene gjelder med en gang: tekst (/), frist, dato, status og "
    "Kontinuerlig. r: velg roller. ctrl+l: nullstill alle filtre.",
    "changes": "Ulagrede endringer og endringer siden siste git-commit, i ord. g: vis rå git diff.",
    "preview": "Markdown slik «handlingsplan export» lager den for planen og filteret. "
    "w: skriv til fil.",
    "findings": "Funn fra «handlingsplan check». enter: gå til tiltaket.",
}


class VimTable(DataTable):
    """A row-cursor table where j/k move like the arrow keys."""

    BINDINGS = [
        Binding("j", "cursor_down", "Ned", show=False, id="handlingsplan.table.down"),
        Binding("k", "cursor_up", "Opp", show=False, id="handlingsplan.table.up"),
    ]

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True


class PlanTree(Tree):
    BINDINGS = [
        Binding("j", "cursor_down", "Ned", show=False, id="handlingsplan.tree.down"),
        Binding("k", "cursor_up", "Opp", show=False, id="handlingsplan.tree.up"),
    ]
    help_key = "tree"


class SectionMeasures(VimTable):
    help_key = "measures"
    BINDINGS = [
        Binding("e,enter", "app.edit_measure", "Rediger", id="handlingsplan.measure.edit"),
        Binding("a", "app.add_measure", "Nytt tiltak", id="handlingsplan.measure.add"),
        Binding("d,delete", "app.delete_measure", "Slett", id="handlingsplan.measure.delete"),
        Binding("K,ctrl+up", "app.move_measure(-1)", "Flytt opp", id="handlingsplan.measure.up"),
        Binding(
            "J,ctrl+down", "app.move_measure(1)", "Flytt ned", id="handlingsplan.measure.down"
        ),  # fmt: skip
    ]


class AllMeasures(VimTable):
    help_key = "all"
    BINDINGS = [
        Binding("e,enter", "app.edit_measure", "Rediger", id="handlingsplan.all.edit"),
        Binding("1", "sort('nr')", "Nr.", show=False, id="handlingsplan.all.sort_nr"),
        Binding("2", "sort('frist')", "Frist", show=False, id="handlingsplan.all.sort_deadline"),
        Binding("3", "sort('ansvar')", "Ansvar", show=False, id="handlingsplan.all.sort_role"),
        Binding("4", "sort('status')", "Status", show=False, id="handlingsplan.all.sort_status"),
    ]
    sort_keys: dict = {}

    def action_sort(self, column: str) -> None:
        self.sort(column, key=self.sort_keys.get(column))

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        self.action_sort(str(event.column_key.value))


class BlockList(OptionList):
    help_key = "blocks"
    BINDINGS = [
        Binding("e,enter", "app.edit_block", "Rediger innhold", id="handlingsplan.block.edit"),
        Binding("j", "cursor_down", "Ned", show=False, id="handlingsplan.block.down"),
        Binding("k", "cursor_up", "Opp", show=False, id="handlingsplan.block.up"),
    ]

    def show_blocks(self, blocks: list[Block]) -> None:
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
        parts.extend(Text(f"• {t.get('hva', '')}: {t.get('antall', '')} {t.get('enhet', '')}")
                     for t in data.get("maaltall", []) if isinstance(t, dict))  # fmt: skip
    if block.type in ("tabell", "kalender"):
        parts.append(_rich_table(block))
    return Group(*parts)


def _rich_table(block: Block) -> Table:
    data = block.data
    if block.type == "kalender":
        header = ["Dato", "Aktivitet", "Målgruppe"]
        rows = [[e.get("dato", ""), e.get("aktivitet", ""), e.get("maalgruppe", "")]
                for e in data.get("aktiviteter", []) if isinstance(e, dict)]  # fmt: skip
    else:
        header = [str(c) for c in data.get("kolonner", [])]
        rows = data.get("rader", [])
    table = Table(*header, show_lines=False, expand=False)
    for row in rows:
        table.add_row(*(str(c) for c in row))
    return table


class FilterBar(Horizontal):
    """The always-visible filters. Posts Changed whenever any control changes."""

    help_key = "filters"

    class Changed(Message):
        pass

    def compose(self):
        yield Input(placeholder=texts.FILTER_TEXT_PLACEHOLDER, id="filter-text")
        yield Select(
            [(texts.DEADLINE_ALL, "all"), (texts.DEADLINE_OVERDUE, "overdue"),
             (texts.DEADLINE_NEXT_30, "next30"), (texts.DEADLINE_THIS_MONTH, "this_month"),
             (texts.DEADLINE_BEFORE, "before"), (texts.DEADLINE_AFTER, "after")],
            value="all", allow_blank=False, id="filter-deadline",
        )  # fmt: skip
        yield Input(placeholder=texts.FILTER_DATE_PLACEHOLDER, id="filter-date")
        statuses = [(texts.STATUS_NONE if s == "" else s, s or "-") for s in STATUSES]
        yield Select([(texts.STATUS_ALL, "*"), *statuses], value="*", allow_blank=False,
                     id="filter-status")  # fmt: skip
        yield Checkbox(texts.FILTER_ONGOING, value=True, id="filter-ongoing")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed())

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.post_message(self.Changed())

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(self.Changed())

    def values(self) -> dict:
        status = self.query_one("#filter-status", Select).value
        return {
            "text": self.query_one("#filter-text", Input).value,
            "deadline": str(self.query_one("#filter-deadline", Select).value),
            "date": self.query_one("#filter-date", Input).value,
            "statuses": [] if status == "*" else ["" if status == "-" else str(status)],
            "include_ongoing": self.query_one("#filter-ongoing", Checkbox).value,
        }

    def reset(self) -> None:
        with self.prevent(Input.Changed, Select.Changed, Checkbox.Changed):
            self.query_one("#filter-text", Input).value = ""
            self.query_one("#filter-date", Input).value = ""
            self.query_one("#filter-deadline", Select).value = "all"
            self.query_one("#filter-status", Select).value = "*"
            self.query_one("#filter-ongoing", Checkbox).value = True


class Findings(VimTable):
    help_key = "findings"
    BINDINGS = [Binding("enter", "app.jump_to_finding", "Gå til", id="handlingsplan.finding.go")]


def row_cells(row: Row, with_plan: bool) -> list[Text]:
    """A measure's cells as Text: the plan's words are never read as markup."""
    measure = row.measure
    cells = [row.label, _one_line(measure.text), ", ".join(row.responsible),
             str(measure.deadline), str(measure.status)]  # fmt: skip
    if with_plan:
        cells.insert(0, row.plan_path.rsplit("/", 1)[-1].removesuffix(".toml"))
    return [Text(cell) for cell in cells]


def _one_line(text) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= 120 else flat[:119] + "…"
