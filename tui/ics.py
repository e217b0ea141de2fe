"""`calendar`: the plan's deadlines and activity calendar as an iCalendar file (RFC 5545).

Written with the `icalendar` library. Every event is all-day. UIDs come from the plan's ids
and period, so importing a newer file updates the events instead of adding them twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from . import deadlines, roles, texts
from .export import responsible_text
from .model import Plan, SectionRef
from .next_period import shorten
from .query import Filter, Row, matching, rows_for
from .textkey import nfc

PRODID = "-//handlingsplan//handlingsplan//NO"
UID_DOMAIN = "handlingsplan"
SUMMARY_LENGTH = 70  # a phone shows the start of the title; the description has all of it
DATED = (deadlines.DATE, deadlines.MONTH, deadlines.SEASON, deadlines.RANGE)


@dataclass
class Invalid:
    where: str  # "3.2 Tiltak 1" or "Aktivitetsplan: Ungdomsutvalget"
    text: str
    reason: str


@dataclass
class Result:
    text: str
    deadlines: int = 0
    activities: int = 0
    invalid: list[Invalid] = field(default_factory=list)


def build(
    plan: Plan, path: str, criteria: Filter | None = None, now: datetime | None = None
) -> Result:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", texts.CALENDAR_NAME.format(title=plan.title or path))
    stamp = (now or datetime.now(UTC)).replace(microsecond=0)
    result = Result("")
    rows = rows_for(plan, path)
    if criteria is not None and not criteria.is_empty():
        rows = matching(rows, criteria)
    scope = _period_key(plan)
    for row in rows:
        if row.deadline.kind == deadlines.INVALID:
            result.invalid.append(
                Invalid(row.label, str(row.measure.deadline), row.deadline.reason)
            )
        elif row.deadline.kind in DATED:
            calendar.add_component(_deadline_event(plan, row, scope, stamp))
            result.deadlines += 1
    for ref in plan.walk():
        for block in ref.section.blocks:
            if block.type == "kalender":
                result.activities += _add_activities(
                    calendar, plan, ref, block.data, criteria, scope, stamp, result
                )
    result.text = calendar.to_ical().decode("utf-8")
    return result


def _deadline_event(plan: Plan, row: Row, scope: str, stamp: datetime):
    measure = row.measure
    deadline = row.deadline
    text = " ".join(str(measure.text).split())
    day = deadline.end
    description = [text]
    if deadline.kind == deadlines.DATE:
        summary = texts.CALENDAR_DEADLINE.format(text=shorten(text, SUMMARY_LENGTH))
    else:
        summary = texts.CALENDAR_DEADLINE_RANGE.format(
            text=shorten(text, SUMMARY_LENGTH), deadline=measure.deadline
        )
        description.append(
            texts.CALENDAR_RANGE_NOTE.format(
                deadline=measure.deadline, day=deadlines.format_date(day)
            )
        )
    names = responsible_text(measure)
    if names:
        description.append(texts.CALENDAR_RESPONSIBLE.format(names=names))
    description.append(
        texts.CALENDAR_REFERENCE.format(title=plan.title, label=row.label, id=measure.id)
    )
    uid = f"frist-{_uid_part(str(measure.id))}-{scope}@{UID_DOMAIN}"
    return _event(uid, summary, "\n".join(description), day, day, stamp)


def _add_activities(
    calendar,
    plan: Plan,
    ref: SectionRef,
    data: dict,
    criteria,
    scope: str,
    stamp: datetime,
    result: Result,
) -> int:
    committee = str(data.get("utvalg", "") or ref.section.title or "")
    entries = data.get("aktiviteter")
    if not isinstance(entries, list) or not _committee_wanted(committee, criteria):
        return 0
    period = deadlines.parse_period(plan.period_text)
    seen: dict[str, int] = {}
    added = 0
    for entry in entries:
        if not isinstance(entry, dict) or not str(entry.get("dato", "")).strip():
            continue
        written = str(entry.get("dato", ""))
        activity = " ".join(str(entry.get("aktivitet", "")).split())
        group = " ".join(str(entry.get("maalgruppe", "")).split())
        # The n-th row with this activity in this block: stable while dates are edited.
        occurrence = seen[activity] = seen.get(activity, 0) + 1
        parsed = deadlines.parse_deadline(written, period)
        if parsed.kind == deadlines.INVALID:
            where = texts.CALENDAR_ACTIVITY_REFERENCE.format(title=plan.title, committee=committee)
            result.invalid.append(Invalid(where, written, parsed.reason))
            continue
        if parsed.kind not in DATED or not _activity_wanted(
            criteria, parsed, committee, activity, group
        ):
            continue
        first, last = parsed.start, parsed.end
        description = [activity]
        summary = activity
        if parsed.kind in (deadlines.MONTH, deadlines.SEASON):
            last = first  # a month or a season: on its first day, marked as such
            summary = f"{activity} ({written})"
            description.append(
                texts.CALENDAR_ACTIVITY_NOTE.format(date=written, day=deadlines.format_date(first))
            )
        if group:
            description.append(texts.CALENDAR_TARGET_GROUP.format(group=group))
        description.append(
            texts.CALENDAR_ACTIVITY_REFERENCE.format(title=plan.title, committee=committee)
        )
        digest = hashlib.sha1(nfc(activity).encode("utf-8")).hexdigest()[:8]
        uid = f"aktivitet-{_uid_part(str(data.get('id', '')))}-{digest}-{occurrence}-{scope}"
        calendar.add_component(
            _event(f"{uid}@{UID_DOMAIN}", summary, "\n".join(description), first, last, stamp)
        )
        added += 1
    return added


def _committee_wanted(committee: str, criteria: Filter | None) -> bool:
    """A role filter keeps the committees it names; status and overdue filters keep none
    (activities have neither)."""
    if criteria is None or criteria.is_empty():
        return True
    if criteria.statuses or criteria.overdue:
        return False
    resolved = roles.resolve_all((committee,))
    return all(roles.has_role(resolved, roles.match_key(wanted)) for wanted in criteria.roles)


def _activity_wanted(criteria: Filter | None, parsed, committee, activity, group) -> bool:
    if criteria is None or criteria.is_empty():
        return True
    if criteria.due_before and not parsed.end < criteria.due_before:
        return False
    if criteria.due_after and not parsed.end > criteria.due_after:
        return False
    haystack = nfc(f"{committee} {activity} {group}").lower()
    return all(word in haystack for word in criteria.text.lower().split())


def _event(uid: str, summary: str, description: str, first: date, last: date, stamp: datetime):
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", first)
    event.add("dtend", last + timedelta(days=1))  # DTEND of an all-day event is exclusive
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    return event


def _period_key(plan: Plan) -> str:
    """The period in the UID: next period's plan keeps the measure ids, and its deadlines
    are new events, not moves of this period's."""
    period = deadlines.parse_period(plan.period_text)
    return _uid_part(f"{period.first}-{period.last}") if period else "uten-periode"


def _uid_part(text: str) -> str:
    """An id as UID text: letters, digits and -._ kept, anything else hex-escaped."""
    return "".join(
        c if c.isascii() and (c.isalnum() or c in "-._") else f"x{ord(c):x}" for c in nfc(text)
    )


def summary_lines(target: str, result: Result) -> list[str]:
    events = result.deadlines + result.activities
    lines = [
        texts.CALENDAR_SUMMARY.format(
            target=target, events=events, deadlines=result.deadlines, activities=result.activities
        )
    ]
    if result.invalid:
        lines.append(texts.CALENDAR_INVALID_COUNT.format(count=len(result.invalid)))
        lines.extend(
            texts.CALENDAR_INVALID.format(where=i.where, text=i.text, reason=i.reason)
            for i in result.invalid
        )
    return lines
