"""`report`: the plan's part of the annual report (årsberetning), as a page like `export`'s.

Per chapter and section each measure with its status (and, in git, the date the status was
set), responsible and deadline; counts per status and per chapter; the measures overdue on
the report's date. Every value goes through tui.formats.markdown, as in the export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from tui import texts
from tui.domain import deadlines
from tui.domain.filters import Filter, Row, rows_for, select
from tui.domain.model import STATUSES, Plan, SectionRef
from tui.domain.textkey import nfc, status_key
from tui.formats import markdown as md
from tui.formats.export import _front_matter, _section_anchor, markdown_to_html, responsible_text
from tui.git import history
from tui.store.storage import PlanError, load, parse_text

# The order of the summary table, as the annual report reads it.
STATUS_ORDER = ("fullført", "pågår", "utsatt", "avlyst", "ikke startet")


@dataclass
class Source:
    """The plan as reported: the file now, or the version in git on the --as-of date."""

    plan: Plan
    path: str
    note: str  # where the statuses come from, one sentence
    dates: dict[str, tuple[str, datetime]] | None  # None: no dates (not in git)


def load_source(path: Path, as_of: date | None, plan: Plan | None = None) -> Source:
    """The file as it is (or `plan`, the TUI's plan with its edits), or with `as_of` the
    last commit on or before that day."""
    if path.is_dir() or not path.exists():
        load(path, editing=False)  # the same one line as every command gives
    past = history.history(path)
    if past.state == history.NOT_COMMITTED and as_of is not None:
        # In git but with no version to go back to: today's statuses would answer another date.
        raise PlanError(path, texts.REPORT_AS_OF_NOT_COMMITTED)
    if past.state != history.IN_GIT:
        plan = plan or load(path, editing=False).plan
        note = texts.REPORT_NOT_IN_GIT
        if past.state == history.NOT_COMMITTED:
            note = texts.REPORT_NOT_COMMITTED
        return Source(plan, str(path), note, None)
    if as_of is None:
        plan = plan or load(path, editing=False).plan
        return Source(plan, str(path), "", past.status_dates())
    index = past.as_of(as_of)
    if index is None:
        raise PlanError(path, texts.REPORT_NO_COMMIT_BEFORE.format(date=_day(as_of)))
    version = past.versions[index]
    then = Plan(parse_text(path, version.text or ""))
    note = texts.REPORT_FROM_COMMIT.format(commit=version.commit[:10], date=_day(version.when))
    return Source(then, str(path), note, past.status_dates(index))


def category(status) -> str:
    key = status_key(status)
    if not key:
        return texts.REPORT_NO_STATUS
    return key if key in STATUSES else texts.REPORT_OTHER_STATUS


def render(source: Source, as_of: date, profile: str = "cms") -> str:
    """The report as Markdown (canonical: mdformat leaves it as it is)."""
    rows = rows_for(source.plan, source.path)
    blocks = [md.paragraph(texts.REPORT_AS_OF.format(date=_day(as_of)))]
    blocks.append(md.paragraph(source.note) if source.note else "")
    ssg = profile == "ssg"
    blocks.append(md.heading(2, texts.REPORT_SUMMARY, "rapport-oppsummering" if ssg else ""))
    blocks.append(_summary_table(rows))
    blocks.append(md.heading(2, texts.REPORT_PER_CHAPTER, "rapport-per-kapittel" if ssg else ""))
    blocks.append(_chapter_table(source.plan, rows))
    overdue = select(rows, Filter(overdue=True, today=as_of))
    title = texts.REPORT_OVERDUE.format(date=_day(as_of))
    blocks.append(md.heading(2, title, "rapport-forfalte" if ssg else ""))
    blocks.append(_overdue_table(overdue) if overdue else md.paragraph(texts.REPORT_NO_OVERDUE))
    by_section: dict[int, list[Row]] = {}
    for row in rows:
        by_section.setdefault(id(row.ref.section.section), []).append(row)
    for ref in source.plan.walk():
        if _holds_measures(ref, by_section):
            level = ref.depth + 1
            anchor = f"rapport-{_section_anchor(ref)}" if ssg else ""
            blocks.append(md.heading(level, ref.label or "—", anchor))
            if id(ref.section) in by_section:
                blocks.append(_measure_table(by_section[id(ref.section)], source.dates))
    body = "\n\n".join(b for b in blocks if b) + "\n"
    return _report_front_matter(source.plan, as_of) + body if ssg else body


def _report_front_matter(plan: Plan, as_of: date) -> str:
    """The export's front matter, with the report's title and date."""
    title = texts.REPORT_TITLE.format(title=plan.title)
    return _front_matter(
        Plan({"plan": {**plan.meta, "tittel": title, "vedtatt": as_of.isoformat()}})
    )


def render_html(source: Source, as_of: date) -> str:
    return markdown_to_html(render(source, as_of, "cms"))


def _holds_measures(ref: SectionRef, by_section: dict[int, list[Row]]) -> bool:
    if id(ref.section) in by_section:
        return True
    pending = list(ref.section.sections)
    while pending:
        section = pending.pop()
        if section.measures:
            return True
        pending.extend(section.sections)
    return False


def counts(rows: list[Row]) -> dict[str, int]:
    """Measures per status category, in the report's order (other statuses only if any)."""
    found = dict.fromkeys((*STATUS_ORDER, texts.REPORT_NO_STATUS), 0)
    for row in rows:
        name = category(row.measure.status)
        found[name] = found.get(name, 0) + 1
    return found


def _summary_table(rows: list[Row]) -> str:
    table_rows = [[name, str(count)] for name, count in counts(rows).items()]
    table_rows.append([texts.REPORT_TOTAL, str(len(rows))])
    return md.table([texts.REPORT_STATUS, texts.REPORT_COUNT], table_rows)


def _chapter_table(plan: Plan, rows: list[Row]) -> str:
    names = list(counts(rows))
    table_rows = []
    for chapter in (ref for ref in plan.walk() if ref.parent is None):
        mine = [r for r in rows if r.ref.section.path()[0].section is chapter.section]
        if mine:
            per = counts(mine)
            table_rows.append(
                [chapter.label or "—", *(str(per.get(n, 0)) for n in names), str(len(mine))]
            )
    return md.table([texts.REPORT_CHAPTER, *names, texts.REPORT_TOTAL], table_rows)


def _overdue_table(rows: list[Row]) -> str:
    header = [
        texts.REPORT_MEASURE,
        texts.REPORT_RESPONSIBLE,
        texts.REPORT_DEADLINE,
        texts.REPORT_STATUS,
    ]
    return md.table(
        header,
        [
            [
                _measure_cell(r),
                responsible_text(r.measure),
                str(r.measure.deadline),
                str(r.measure.status),
            ]
            for r in rows
        ],
    )


def _measure_table(rows: list[Row], dates) -> str:
    header = [texts.REPORT_MEASURE, texts.REPORT_STATUS]
    if dates is not None:
        header.append(texts.REPORT_SET)
    header += [texts.REPORT_RESPONSIBLE, texts.REPORT_DEADLINE]
    table_rows = []
    for row in rows:
        cells = [f"{row.ref.number}. {row.measure.text}", str(row.measure.status)]
        if dates is not None:
            cells.append(_status_date(row, dates))
        cells += [responsible_text(row.measure), str(row.measure.deadline)]
        table_rows.append(cells)
    return md.table(header, table_rows)


def _measure_cell(row: Row) -> str:
    return f"{row.label}: {row.measure.text}"


def _status_date(row: Row, dates: dict[str, tuple[str, datetime]]) -> str:
    status = status_key(row.measure.status)
    if not status:
        return ""
    known = dates.get(nfc(str(row.measure.id)))
    if known is None or known[0] != status:
        return texts.REPORT_UNCOMMITTED
    return _day(known[1])


def _day(day: date | datetime) -> str:
    return deadlines.format_date(day.date() if isinstance(day, datetime) else day)
