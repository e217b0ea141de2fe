"""What the TUI shows, in plain Python: the filter, the sort, the selected section, and the
rows, tree and summary line that follow from them. The widgets draw what this computes;
nothing here knows Textual, so the rules are tested without a terminal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tui import texts
from tui.actions.workspace import Workspace
from tui.domain import deadlines
from tui.domain.filters import (
    Filter,
    FilterError,
    Row,
    bar_filter,
    matching,
    role_counts,
    section_counts,
)
from tui.store.storage import LoadedPlan

# What the filter bar holds before the user touches it.
DEFAULT_VALUES = {
    "text": "",
    "deadline": "all",
    "date": "",
    "status": "*",
    "include_ongoing": True,
}
SORT_COLUMNS = ("plan", "nr", "tekst", "ansvar", "frist", "status")


@dataclass(frozen=True)
class TreeEntry:
    """One line of the tree: a plan, a chapter or section, or a plan that did not open."""

    key: str  # unique in the tree: "plan:0", "section:0:<id>", "error:0"
    parent: str | None  # the key of the line above it, None at the top
    text: str  # the label without the count
    count: int  # matching measures in it (0: shown without a count)
    kind: str  # "plan", "section" or "error"
    plan_index: int = -1
    section_id: str | None = None
    has_children: bool = False

    @property
    def label(self) -> str:
        return f"{self.text} ({self.count})" if self.count else self.text


def criteria_from(
    values: dict, roles: list[str], today: date, any_role: bool = False
) -> tuple[Filter, str]:
    """The filter the filter bar and the role picker describe, and what is wrong with the
    typed date ("" if nothing): a date that cannot be read leaves the deadline unfiltered."""
    try:
        return bar_filter(values, roles, today, any_role), ""
    except FilterError as error:
        return bar_filter({**values, "deadline": "all"}, roles, today, any_role), str(error)


# What the measure tables show of a row in each column but the text (which is cut to fit):
# the tables draw these, and View.widest measures them.
COLUMN_TEXT: dict[str, Callable[[Row], str]] = {
    "plan": lambda row: row.plan_name,
    "nr": lambda row: row.ref.short_name,
    "ansvar": lambda row: ", ".join(row.responsible),
    "frist": lambda row: str(row.measure.deadline),
    "status": lambda row: str(row.measure.status),
}


class View:
    """The state of the main screen over one workspace."""

    def __init__(self, workspace: Workspace, today: date):
        self.workspace = workspace
        self.today = today
        self.values: dict = dict(DEFAULT_VALUES)
        self.roles: list[str] = []
        self.any_role = False  # one of the roles is enough (else all of them)
        self.criteria: Filter | None = None  # None: nothing filtered
        self.date_problem = ""
        self.sort_column: str | None = None  # None: plan order
        self.plan: LoadedPlan | None = None
        self.section_id: str | None = None
        self.all_rows: list[Row] = []
        self.shown_rows: list[Row] = []
        self._plan_index: dict[str, int] = {}
        self._by_section: dict[int, list[Row]] = {}  # id of a section -> its rows
        self._sorted: list[Row] | None = None
        self._counts: dict[str, int] = {}
        self._shown_set: set[Row] | None = None
        self._skeleton: list[TreeEntry] | None = None  # the tree's lines, made once per model
        self._widest: dict[str, int] | None = None  # per column, made once per model
        self.model_changed()

    # --- changes from outside ---------------------------------------------------------------

    def model_changed(self) -> None:
        """After an edit, undo, save or reload: every row is derived again."""
        self.all_rows = self.workspace.rows()
        self._plan_index = {str(p.path): i for i, p in enumerate(self.workspace.plans)}
        self._by_section, self._skeleton, self._widest = {}, None, None
        for row in self.all_rows:
            self._by_section.setdefault(id(row.ref.section.section), []).append(row)
        if self.plan is not None and self.plan not in self.workspace.plans:
            self.plan = None  # reloaded: the caller selects the fresh one
        self._refilter(narrowing=False)

    def build_search_text(self, cancelled: Callable[[], bool]) -> None:
        """Each row's search text, built before the first key of a search needs it (~90 ms
        at 20,000 measures): the app runs this in a thread after each model change."""
        for row in self.all_rows:
            if cancelled():
                return
            row.haystack  # noqa: B018  (a cached property: reading it builds it)

    def set_filters(self, values: dict) -> bool:
        """The filter bar's values; False when they are what is applied already."""
        if values == self.values:
            return False
        self.values = dict(values)
        self._refilter(narrowing=True)
        return True

    def set_roles(self, roles: list[str], any_role: bool = False) -> None:
        self.roles, self.any_role = list(roles), any_role
        self._refilter(narrowing=False)

    def clear_filters(self) -> None:
        self.values, self.roles, self.any_role = dict(DEFAULT_VALUES), [], False
        self._refilter(narrowing=False)

    def show_agenda(self, roles: list[str], meeting: date) -> None:
        """The agenda for a board meeting (tui/actions/agenda.py) as the filter bar says it:
        any of the roles, due before the meeting, open; sorted by deadline."""
        status = {"status": "open", "deadline": "before", "date": deadlines.format_date(meeting)}
        self.values = {**DEFAULT_VALUES, **status}
        self.roles, self.any_role = list(roles), True
        self.sort_by("frist")
        self._refilter(narrowing=False)

    def select(self, plan: LoadedPlan | None, section_id: str | None) -> None:
        self.plan, self.section_id = plan, section_id

    def sort_by(self, column: str) -> None:
        self.sort_column = column
        self._sorted = None

    def _refilter(self, narrowing: bool) -> None:
        criteria, self.date_problem = criteria_from(
            self.values, self.roles, self.today, self.any_role
        )
        earlier, self.criteria = self.criteria, None if criteria.is_empty() else criteria
        if self.criteria is None:
            shown = self.all_rows
        else:
            # Typing more of the same search can only remove rows: filter what is shown.
            pool = self.shown_rows if narrowing and self.criteria.narrows(earlier) else None
            shown = matching(pool if pool is not None else self.all_rows, self.criteria)
            if pool is not None and len(shown) == len(pool):
                return  # the same rows (a subset as long): the counts, order and tables stand
        self.shown_rows = shown
        self._sorted, self._shown_set = None, None
        self._counts = section_counts(self.shown_rows)
        self._keep_selection_visible()

    def _keep_selection_visible(self) -> None:
        """A selected section the filter hides gives way to the section of the first match."""
        if self.section_id is None or self.criteria is None:
            return
        if self._counts.get(self.section_id):
            return
        if not self.shown_rows:
            return  # nothing matches: the section stays, empty, for when the filter goes
        first = self.shown_rows[0]
        self.plan = self.workspace.plans[self.plan_index(first)]
        self.section_id = str(first.ref.section.section.id)

    # --- what is shown ------------------------------------------------------------------------

    def plan_index(self, row: Row) -> int:
        return self._plan_index[row.plan_path]

    def row_key(self, row: Row) -> str:
        """A measure's key in the tables: plan index and measure id."""
        return f"{self.plan_index(row)}:{row.measure.id}"

    def measure_for(self, key: str) -> tuple[LoadedPlan, str] | None:
        """The plan and measure id a table row's key names."""
        index, _, measure_id = key.partition(":")
        if not index.isdigit() or int(index) >= len(self.workspace.plans):
            return None
        return self.workspace.plans[int(index)], measure_id

    def section_ref(self):
        if self.plan is None or self.section_id is None:
            return None
        return self.plan.plan.find_section(self.section_id)

    def section_rows(self) -> list[Row]:
        """The shown measures of the selected section, in plan order."""
        ref = self.section_ref()
        rows = self._by_section.get(id(ref.section), []) if ref is not None else []
        if self.criteria is None:
            return rows
        if self._shown_set is None:
            self._shown_set = set(self.shown_rows)
        return [row for row in rows if row in self._shown_set]

    def section_blocks(self) -> list:
        """The selected section's content blocks; none while a filter picks measures."""
        ref = self.section_ref()
        return [] if ref is None or self.criteria else list(ref.section.blocks)

    def section_title(self) -> str:
        ref = self.section_ref()
        return texts.SECTION_EMPTY if ref is None else (ref.label or "—")

    def measure_rows(self) -> list[Row]:
        """Every shown measure of every plan, in the chosen column's order (stable: rows
        that sort alike stay in plan order)."""
        if self.sort_column is None:
            return self.shown_rows
        if self._sorted is None:
            self._sorted = sorted(self.shown_rows, key=self._sort_key(self.sort_column))
        return self._sorted

    def _sort_key(self, column: str):
        by_number = lambda row: (self.plan_index(row), *row.sort_key()[-2:])  # noqa: E731
        keys = {
            "plan": lambda row: self.plan_index(row),
            "nr": by_number,
            "tekst": lambda row: str(row.measure.text).lower(),
            "ansvar": lambda row: ", ".join(row.responsible).lower(),
            "frist": lambda row: row.deadline.sort_key(),
            "status": lambda row: str(row.measure.status),
        }
        return keys.get(column, by_number)

    def widest(self) -> dict[str, int]:
        """The widest text of each table column over all rows, so that the columns keep
        their widths while a filter changes the rows."""
        if self._widest is None:
            self._widest = {
                key: max((len(text(row)) for row in self.all_rows), default=0)
                for key, text in COLUMN_TEXT.items()
            }
        return self._widest

    def role_counts(self) -> dict[str, int]:
        return role_counts(self.all_rows)

    def tree(self) -> list[TreeEntry]:
        """The tree's lines, parents before children: each plan, its chapters and sections
        with the number of shown measures (the ones without any left out while filtering),
        then the files that did not open."""
        if self._skeleton is None:
            self._skeleton = self._tree_skeleton()
        counts, filtered = self._counts, self.criteria is not None
        entries = []
        for entry in self._skeleton:
            if entry.kind != "section":
                entries.append(entry)
                continue
            count = counts.get(entry.section_id, 0)
            if count or not filtered:
                entries.append(
                    TreeEntry(
                        entry.key,
                        entry.parent,
                        entry.text,
                        count,
                        "section",
                        entry.plan_index,
                        entry.section_id,
                        entry.has_children,
                    )
                )
        return entries

    def _tree_skeleton(self) -> list[TreeEntry]:
        """Every line of the tree without counts: what a filter key does not change."""
        entries = []
        for index, loaded in enumerate(self.workspace.plans):
            entries.extend(self._plan_entries(index, loaded))
        for index, error in enumerate(self.workspace.errors):
            name = Path(error.path).name + (f":{error.line}" if error.line else "")
            text = texts.TREE_ERROR.format(name=name, message=error.message)
            entries.append(TreeEntry(f"error:{index}", None, text, 0, "error"))
        return entries

    def _plan_entries(self, index: int, loaded: LoadedPlan) -> list[TreeEntry]:
        text = (loaded.plan.title or loaded.name) + (
            texts.TITLE_READ_ONLY if loaded.read_only else ""
        )
        plan_key = f"plan:{index}"
        entries = [TreeEntry(plan_key, None, text, 0, "plan", index, None, True)]
        keys = {}
        for ref in loaded.plan.walk():
            section_id = str(ref.section.id)
            key = keys[id(ref.section)] = f"section:{index}:{section_id}"
            parent = keys[id(ref.parent.section)] if ref.parent else plan_key
            has_children = bool(ref.section.sections)
            label = ref.label or "—"
            entries.append(
                TreeEntry(key, parent, label, 0, "section", index, section_id, has_children)
            )
        return entries

    def selected_key(self) -> str | None:
        """The tree line of the selection."""
        if self.plan is None or self.plan not in self.workspace.plans:
            return None
        index = self.workspace.index_of(self.plan)
        if self.section_id is None:
            return f"plan:{index}"
        return f"section:{index}:{self.section_id}"

    def summary(self, keys: dict[str, str]) -> str:
        """The line under the filter bar: what is filtered and how many measures are shown,
        with the keys that change it (roles_key, search_key, clear_key: as bound now)."""
        total = len(self.all_rows)
        if self.criteria is None:
            line = texts.FILTER_SUMMARY_NONE.format(shown=total, **keys)
        else:
            parts = self.criteria.describe()
            shown = len(self.shown_rows)
            line = texts.FILTER_SUMMARY.format(parts=parts, shown=shown, total=total, **keys)
        return f"{line}  {self.date_problem}".rstrip()

    def subtitle(self) -> str:
        """The plans' names after the app's title, after the unsaved and read-only marks."""
        plans = self.workspace.plans
        names = ", ".join(p.name for p in plans) or texts.NO_PLANS
        marks = [texts.TITLE_UNSAVED] if self.workspace.is_modified() else []
        if any(p.read_only for p in plans):
            marks.append(texts.TITLE_READ_ONLY)
        return " • ".join([*marks, names])  # the marks first: a narrow screen cuts the end

    def plan_in_view(self) -> LoadedPlan | None:
        """The selected plan, else the first plan."""
        return self.plan or next(iter(self.workspace.plans), None)
