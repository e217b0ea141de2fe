"""`next-period`: next period's plan from this one (issue 17).

Everything carries over except what belongs to the old period: measures that are done or
cancelled are left out, the others lose their status, the activity calendar is emptied, and
the metadata gets the new period and an empty `vedtatt`. The new file is written by patching
the old file's text, so its layout and comments stay and `git diff old new` shows just that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tui import texts
from tui.domain import deadlines, fields
from tui.domain.filters import Row, rows_for
from tui.domain.model import CLOSED_STATUSES, Plan
from tui.domain.textkey import shorten, status_key
from tui.store.storage import PlanError, check_output, load, render, verify, write_output

# ASCII digits only: int() would read "２０２６" as a year, but no one means one by it.
_PERIOD_ARGUMENT = re.compile(r"^\s*([0-9]{4})\s*(?:[-–—]\s*([0-9]{4}))?\s*$")


class PeriodError(ValueError):
    """The --period text is not a year or a year range."""


@dataclass
class Carried:
    """What happened on the way to the new plan, for the summary."""

    plan: Plan
    period: deadlines.Period
    kept: int = 0
    left_out: list[Row] = field(default_factory=list)
    outside: list[Row] = field(default_factory=list)  # explicit year outside the new period
    invalid: list[Row] = field(default_factory=list)
    emptied: list[tuple[str, int]] = field(default_factory=list)  # committee, activities


def parse_period_argument(text: str) -> deadlines.Period:
    """'2026–2027', '2026-2027' or '2026'."""
    match = _PERIOD_ARGUMENT.match(text)
    if not match:
        raise PeriodError(texts.NEXT_PERIOD_BAD_PERIOD.format(text=text))
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first < 1 or last < first:
        raise PeriodError(texts.NEXT_PERIOD_BAD_PERIOD.format(text=text))
    return deadlines.Period(first, last)


def following(period: deadlines.Period) -> deadlines.Period:
    """The period after this one, as long as this one (2024–2025 -> 2026–2027)."""
    length = period.last - period.first
    return deadlines.Period(period.last + 1, period.last + 1 + length)


def suggested_period(plan) -> str:
    """What the TUI offers as the next period: the one after the plan's, or nothing."""
    period = plan.period
    return following(period).label() if period else ""


def default_output(source: Path, old: deadlines.Period | None, new: deadlines.Period) -> Path:
    """`avd-2024-2025.toml` -> `avd-2026-2027.toml`; without the old years in the name,
    `<stem>-2026-2027.toml`."""
    new_years = _file_label(new)
    if old is not None:
        old_years = re.escape(str(old.first))
        if old.last != old.first:
            old_years += rf"[-–_]{old.last}"
        pattern = re.compile(rf"(?<!\d){old_years}(?!\d)")
        if pattern.search(source.stem):
            return source.with_name(pattern.sub(new_years, source.stem, count=1) + source.suffix)
    return source.with_name(f"{source.stem}-{new_years}{source.suffix}")


def _file_label(period: deadlines.Period) -> str:
    return str(period.first) if period.first == period.last else f"{period.first}-{period.last}"


def carry_over(plan_data: dict, path: str, period: deadlines.Period) -> Carried:
    """The new plan (a fresh model over a copy of `plan_data`) and what changed on the way."""
    import copy

    plan = Plan(copy.deepcopy(plan_data))
    carried = Carried(plan, period)
    closed = {
        id(row.measure): row
        for row in rows_for(plan, path)
        if status_key(row.measure.status) in CLOSED_STATUSES
    }
    for ref in plan.walk():
        section = ref.section
        carried.left_out.extend(closed[id(m)] for m in section.measures if id(m) in closed)
        section.measures = [m for m in section.measures if id(m) not in closed]
        for measure in section.measures:
            if "status" in measure.data:
                measure.status = ""
        for block in section.blocks:
            entries = block.data.get("aktiviteter")
            if block.type == fields.CALENDAR_BLOCK and isinstance(entries, list) and entries:
                carried.emptied.append((str(block.data.get("utvalg", "") or ""), len(entries)))
                block.data["aktiviteter"] = []
    _new_metadata(plan, period)
    for row in rows_for(plan, path):  # numbered as in the new plan, deadlines in its period
        carried.kept += 1
        if row.deadline.kind == deadlines.INVALID:
            carried.invalid.append(row)
        elif row.deadline.end is not None and not period.contains(row.deadline.end):
            carried.outside.append(row)
    return carried


def _new_metadata(plan: Plan, period: deadlines.Period) -> None:
    meta = plan.data.setdefault("plan", {})
    old_text = str(meta.get("periode", ""))
    meta["periode"] = period.label()
    meta["vedtatt"] = ""
    title = meta.get("tittel")
    if isinstance(title, str) and old_text.strip() and old_text in title:
        meta["tittel"] = title.replace(old_text, period.label())


def write_next_period(
    source: Path, period: deadlines.Period, target: Path | None
) -> tuple[Path, Carried]:
    """Read `source`, write the new plan to `target` (default: see default_output) and say
    what was left out. Never overwrites a file."""
    loaded = load(source, editing=False)
    _refuse_unsound(loaded)
    old_period = loaded.plan.period
    if old_period is not None and period.first <= old_period.first:
        raise PlanError(
            source,
            texts.NEXT_PERIOD_NOT_LATER.format(new=period.label(), old=old_period.label()),
        )
    target = target or default_output(source, old_period, period)
    carried = carry_over(loaded.data, str(source), period)
    check_output(target, [source], replace_plan=True)
    if target.exists() or target.is_symlink():
        raise PlanError(target, texts.NEXT_PERIOD_EXISTS)
    data = carried.plan.to_data()
    text = render(loaded, data)
    verify(target, text, data)
    write_output(target, text.encode("utf-8"), [source])
    return target, carried


def _refuse_unsound(loaded) -> None:
    """Duplicate or missing ids make the patched text unreliable, as for any edit."""
    from tui.actions.check import refuse_unsound

    refuse_unsound(loaded)


def summary_lines(target: Path, source: Path, carried: Carried) -> list[str]:
    """What the user must know about the new plan, in Norwegian (stderr)."""
    period = carried.period.label()
    lines = [
        texts.NEXT_PERIOD_WROTE.format(
            target=target,
            period=period,
            source=source,
            kept=carried.kept,
            left_out=len(carried.left_out),
        )
    ]
    if carried.left_out:  # numbered as they were: they are not in the new plan
        lines.append(texts.NEXT_PERIOD_LEFT_OUT_HEADING.format(source=source.name))
    for row in carried.left_out:
        lines.append(
            texts.NEXT_PERIOD_LEFT_OUT.format(
                label=row.ref.short_name,
                id=row.measure.id,
                status=row.measure.status,
                text=shorten(row.measure.text),
            )
        )
    if carried.outside or carried.invalid:
        lines.append(texts.NEXT_PERIOD_TO_FIX_HEADING.format(target=target.name))
    for row in carried.outside:
        lines.append(
            texts.NEXT_PERIOD_OUTSIDE.format(
                label=row.ref.short_name,
                id=row.measure.id,
                deadline=row.measure.deadline,
                period=period,
            )
        )
    for row in carried.invalid:
        lines.append(
            texts.NEXT_PERIOD_INVALID.format(
                label=row.ref.short_name, id=row.measure.id, deadline=row.measure.deadline
            )
        )
    for committee, count in carried.emptied:
        lines.append(
            texts.NEXT_PERIOD_EMPTIED.format(
                committee=committee or "—", count=texts.amount(count, texts.ACTIVITIES)
            )
        )
    return lines
