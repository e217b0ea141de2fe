"""Measures as rows with derived facts, and the filters that `list`, `export` and the TUI share."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from itertools import chain

from tui.domain import deadlines, roles
from tui.domain.fields import DEADLINE, MEASURE_FIELDS, ROLES, Field
from tui.domain.model import CLOSED_STATUSES, MeasureRef, Plan
from tui.domain.textkey import nfc, status_key


@dataclass(frozen=True, eq=False)  # identity, so sets of rows hash fast
class Row:
    """One measure with everything a filter or a listing needs, derived once."""

    plan_path: str
    ref: MeasureRef
    deadline: deadlines.Deadline
    responsible: tuple[str, ...]  # canonical names where known

    @property
    def measure(self):
        return self.ref.measure

    @property
    def section_number(self) -> str:
        return self.ref.section.number

    @property
    def label(self) -> str:
        """'3.2 Tiltak 4', the way a reader of the plan names a measure."""
        return self.ref.label()

    def sort_key(self) -> tuple:
        return (
            *self.deadline.sort_key(),
            self.plan_path,
            _number_key(self.section_number),
            self.ref.number,
        )

    @cached_property
    def section_ids(self) -> tuple[str, ...]:
        """The ids of the measure's section and all sections and chapter above it."""
        return tuple(str(ref.section.id) for ref in self.ref.section.path())

    @cached_property
    def haystack(self) -> str:
        """Everything the text filter searches, lower-cased once per row."""
        m = self.measure
        parts = (
            m.text,
            " ".join(self.responsible),
            " ".join(map(str, m.responsible)),
            m.qualifier,
            m.deadline,
            m.status,
            m.comment,
            self.ref.section.label,
        )
        return nfc(" ".join(str(v) for v in parts)).lower()

    def to_json(self) -> dict:
        """What `list --format json` prints: where the measure is, then each field of
        tui.domain.fields under its name, roles and deadline with what they resolve to."""
        m = self.measure
        data = {
            "id": m.id,
            "plan": self.plan_path,
            "section": self.section_number,
            "section_title": str(self.ref.section.section.title or ""),
            "number": self.ref.number,
        }
        for spec in MEASURE_FIELDS:
            data.update(self._json_field(spec))
        return data

    def _json_field(self, spec: Field) -> dict:
        value = getattr(self.measure, spec.name)
        if spec.kind == ROLES:
            return {spec.name: list(self.responsible), f"{spec.name}_as_written": list(value)}
        if spec.kind == DEADLINE:
            due = self.deadline.end.isoformat() if self.deadline.end else None
            return {spec.name: value, "deadline_kind": self.deadline.kind, "due": due}
        return {spec.name: value}


def _number_key(number: str) -> tuple:
    return tuple(int(p) for p in number.split(".") if p.isdigit())


def rows_for(plan: Plan, plan_path: str) -> list[Row]:
    period = plan.period
    rows = []
    for ref in plan.measures():
        measure = ref.measure
        written = tuple(r for r in measure.responsible if isinstance(r, str))
        parsed = deadlines.parse_deadline(str(measure.deadline or ""), period)
        rows.append(Row(plan_path, ref, parsed, roles.resolve_all(written)))
    return rows


@dataclass
class Filter:
    """Every criterion must hold. Empty criteria match everything."""

    roles: list[str] = field(default_factory=list)
    due_before: date | None = None  # strictly before, like Taskwarrior's due.before
    due_after: date | None = None  # strictly after
    overdue: bool = False
    statuses: list[str] = field(default_factory=list)
    text: str = ""
    include_ongoing: bool = True
    today: date = field(default_factory=date.today)

    def __post_init__(self):
        self.roles = [nfc(r) for r in self.roles]
        self.statuses = [status_key(s) for s in self.statuses]
        self.text = nfc(self.text)

    def is_empty(self) -> bool:
        return not (
            self.roles
            or self.due_before
            or self.due_after
            or self.overdue
            or self.statuses
            or self.text
            or not self.include_ongoing
        )

    def checks(self) -> list[Callable[[Row], bool]]:
        """The tests a row must pass, leaving out the criteria that are not set (the TUI
        filters 5,000 rows on every keystroke)."""
        checks: list[Callable[[Row], bool]] = []
        if self.due_before or self.due_after or self.overdue or not self.include_ongoing:
            checks.append(self._due_ok)  # first: the cheapest, and it leaves the fewest rows
        if self.roles:
            keys = [roles.match_key(wanted) for wanted in self.roles]
            checks.append(lambda row: all(roles.has_role(row.responsible, key) for key in keys))
        if self.statuses:
            checks.append(self._status_ok)
        words = self.text.lower().split()
        if len(words) == 1:
            checks.append(lambda row, word=words[0]: word in row.haystack)
        elif words:
            checks.append(lambda row: all(word in row.haystack for word in words))
        return checks

    def _due_ok(self, row: Row) -> bool:
        deadline = row.deadline
        if not self.include_ongoing and deadline.kind == deadlines.ONGOING:
            return False
        if self.due_before or self.due_after or self.overdue:
            if deadline.end is None:
                return False
            if self.due_before and not deadline.end < self.due_before:
                return False
            if self.due_after and not deadline.end > self.due_after:
                return False
            if self.overdue and not _is_overdue(row, self.today):
                return False
        return True

    def _status_ok(self, row: Row) -> bool:
        return status_key(row.measure.status) in self.statuses

    def narrows(self, earlier: Filter | None) -> bool:
        """True when this filter can only remove rows from `earlier`'s result (the user typed
        more of the same search), so it can be applied to that result instead of all rows."""
        if earlier is None:
            return False
        fields = (
            "roles",
            "due_before",
            "due_after",
            "overdue",
            "statuses",
            "include_ongoing",
            "today",
        )
        same_rest = all(getattr(self, f) == getattr(earlier, f) for f in fields)
        earlier_words = earlier.text.lower().split()
        words = self.text.lower().split()
        return same_rest and all(any(w.find(e) >= 0 for w in words) for e in earlier_words)


def _is_overdue(row: Row, today: date) -> bool:
    return status_key(row.measure.status) not in CLOSED_STATUSES and row.deadline.is_overdue(today)


def matching(rows: list[Row], criteria: Filter) -> list[Row]:
    """The rows that match, in plan order."""
    checks = criteria.checks()
    if len(checks) == 1:
        return list(filter(checks[0], rows))
    return [row for row in rows if all(check(row) for check in checks)]


def select(rows: list[Row], criteria: Filter) -> list[Row]:
    """The rows that match, sorted by deadline (undated kinds last), then by number."""
    return sorted(matching(rows, criteria), key=Row.sort_key)


def role_counts(rows: list[Row]) -> dict[str, int]:
    """How many measures name each role, for the TUI's role picker."""
    counts: dict[str, int] = {}
    for row in rows:
        for name in dict.fromkeys(row.responsible):
            counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


class FilterError(ValueError):
    pass


def build_filter(
    roles_: list[str],
    deadline_choice: str,
    date_text: str,
    statuses: list[str],
    text: str,
    include_ongoing: bool,
    today: date,
) -> Filter:
    """A Filter from the TUI's controls; FilterError when the typed date cannot be read.

    deadline_choice is one of all, overdue, next30, this_month, before, after; the rules for
    each live here so the TUI only passes on what the user picked."""
    criteria = Filter(
        roles=list(roles_),
        statuses=list(statuses),
        text=text,
        include_ongoing=include_ongoing,
        today=today,
    )
    if deadline_choice == "overdue":
        criteria.overdue = True
    elif deadline_choice == "next30":
        criteria.due_after = today - timedelta(days=1)
        criteria.due_before = today + timedelta(days=31)
    elif deadline_choice == "this_month":
        first = today.replace(day=1)
        criteria.due_after = first - timedelta(days=1)
        criteria.due_before = (first + timedelta(days=32)).replace(day=1)
    elif deadline_choice in ("before", "after") and date_text.strip():
        day = deadlines.parse_user_date(date_text, today)
        if day is None:
            raise FilterError(date_text)
        if deadline_choice == "before":
            criteria.due_before = day
        else:
            criteria.due_after = day
    return criteria


def section_counts(rows: list[Row]) -> dict[str, int]:
    """Matching measures per chapter/section id, each counted in all its ancestors too."""
    return Counter(chain.from_iterable(row.section_ids for row in rows))
