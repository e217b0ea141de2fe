"""`calendar`: the plan's deadlines and activity calendar as an iCalendar file (RFC 5545).

Written with the `icalendar` library. Every event is all-day. UIDs come from the plan's ids
and period, so importing a newer file updates the events instead of adding them twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from tui import texts
from tui.domain import deadlines, fields, roles
from tui.domain.filters import Filter, Row, matching, rows_for
from tui.domain.model import CLOSED_STATUSES, Plan, SectionRef
from tui.domain.textkey import nfc, shorten, status_key

PRODID = "-//handlingsplan//handlingsplan//NO"
UID_DOMAIN = "handlingsplan"
SUMMARY_LENGTH = 70  # a phone shows the start of the title; the description has all of it
# The keys of an activity-calendar row.
DATE, ACTIVITY, AUDIENCE = (c.key for c in fields.CALENDAR_COLUMNS)
DATED = (deadlines.DATE, deadlines.MONTH, deadlines.SEASON, deadlines.RANGE)
# An all-day event ends the day after its last day, which 31.12.9999 does not have: such an
# event is left out and listed (not moved to 30.12., which would show a wrong date).
_TOO_LATE = texts.CALENDAR_DATE_TOO_LATE


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


@dataclass
class _Context:
    """What every event of one calendar shares."""

    plan: Plan
    criteria: Filter | None
    scope: str  # the period, in the UIDs
    stamp: datetime
    calendar: object  # icalendar.Calendar
    result: Result


def build(plan: Plan, path: str, criteria: Filter | None = None) -> Result:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", texts.CALENDAR_NAME.format(title=plan.title or path))
    stamp = datetime.now(UTC).replace(microsecond=0)
    context = _Context(plan, criteria, _period_key(plan), stamp, calendar, Result(""))
    rows = rows_for(plan, path)
    if criteria is not None and not criteria.is_empty():
        rows = matching(rows, criteria)
    for row in rows:
        _add_deadline(context, row)
    for ref in plan.walk():
        for block in ref.section.blocks:
            if block.type == fields.CALENDAR_BLOCK:
                _add_activities(context, ref, block.data)
    context.result.text = calendar.to_ical().decode("utf-8")
    return context.result


def _add_deadline(context: _Context, row: Row) -> None:
    measure, deadline = row.measure, row.deadline
    if deadline.kind == deadlines.INVALID:
        context.result.invalid.append(Invalid(row.label, str(measure.deadline), deadline.reason))
        return
    if deadline.kind not in DATED:
        return  # ongoing, after an event, or none: nothing to put in a calendar
    text = " ".join(str(measure.text).split())
    day = deadline.end
    if day == date.max:
        context.result.invalid.append(Invalid(row.label, str(measure.deadline), _TOO_LATE))
        return
    description = [text]
    status = status_key(measure.status)
    if status in CLOSED_STATUSES:  # said first, on a phone too
        text = texts.CALENDAR_CLOSED.format(status=status, text=text)
    if deadline.kind == deadlines.DATE:
        summary = texts.CALENDAR_DEADLINE.format(text=shorten(text, SUMMARY_LENGTH))
    else:
        summary = texts.CALENDAR_DEADLINE_RANGE.format(
            text=shorten(text, SUMMARY_LENGTH), deadline=measure.deadline
        )
        note = texts.CALENDAR_RANGE_NOTE.format(
            deadline=measure.deadline, day=deadlines.format_date(day)
        )
        description.append(note)
    names = roles.with_qualifier(measure.responsible, measure.qualifier)
    if names:
        description.append(texts.CALENDAR_RESPONSIBLE.format(names=names))
    description.append(
        texts.CALENDAR_REFERENCE.format(title=context.plan.title, label=row.label, id=measure.id)
    )
    uid = f"frist-{_uid_part(str(measure.id))}-{context.scope}"
    _add_event(context, uid, summary, description, day, day)
    context.result.deadlines += 1


def _add_activities(context: _Context, ref: SectionRef, data: dict) -> None:
    committee = str(data.get("utvalg", "") or ref.section.title or "")
    entries = data.get("aktiviteter")
    if not isinstance(entries, list) or not _committee_wanted(committee, context.criteria):
        return
    period = context.plan.period
    seen: dict[str, int] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not str(entry.get(DATE, "")).strip():
            continue
        activity = " ".join(str(entry.get(ACTIVITY, "")).split())
        # The n-th row with this activity in this block: stable while dates are edited.
        seen[activity] = seen.get(activity, 0) + 1
        digest = hashlib.sha1(nfc(activity).encode("utf-8")).hexdigest()[:8]
        uid = f"aktivitet-{_uid_part(str(data.get('id', '')))}-{digest}-{seen[activity]}"
        _add_activity(context, committee, entry, activity, period, f"{uid}-{context.scope}")


def _add_activity(
    context: _Context, committee: str, entry: dict, activity: str, period, uid: str
) -> None:
    written = str(entry.get(DATE, ""))
    group = " ".join(str(entry.get(AUDIENCE, "")).split())
    parsed = deadlines.parse_deadline(written, period)
    reference = texts.CALENDAR_ACTIVITY_REFERENCE.format(
        title=context.plan.title, committee=committee
    )
    if parsed.kind == deadlines.INVALID:
        context.result.invalid.append(Invalid(reference, written, parsed.reason))
        return
    wanted = _activity_wanted(context.criteria, parsed, f"{committee} {activity} {group}")
    if parsed.kind not in DATED or not wanted:
        return
    first, last, summary, description = parsed.start, parsed.end, activity, [activity]
    if parsed.kind in (deadlines.MONTH, deadlines.SEASON):
        last = first  # a month or a season: on its first day, marked as such
        summary = f"{activity} ({written})"
        day = deadlines.format_date(first)
        description.append(texts.CALENDAR_ACTIVITY_NOTE.format(date=written, day=day))
    if last == date.max:
        context.result.invalid.append(Invalid(reference, written, _TOO_LATE))
        return
    if group:
        description.append(texts.CALENDAR_TARGET_GROUP.format(group=group))
    description.append(reference)
    _add_event(context, uid, summary, description, first, last)
    context.result.activities += 1


def _committee_wanted(committee: str, criteria: Filter | None) -> bool:
    """A role filter keeps the committees it names; status and overdue filters keep none
    (activities have neither)."""
    if criteria is None or criteria.is_empty():
        return True
    if criteria.statuses or criteria.overdue:
        return False
    return not criteria.roles or criteria.roles_match(roles.resolve_all((committee,)))


def _activity_wanted(criteria: Filter | None, parsed, haystack: str) -> bool:
    if criteria is None or criteria.is_empty():
        return True
    after, before = criteria.window()
    if before and not parsed.end < before:
        return False
    if after and not parsed.end > after:
        return False
    words = nfc(haystack).lower()
    return all(word in words for word in criteria.text.lower().split())


def _add_event(
    context: _Context, uid: str, summary: str, description: list[str], first: date, last: date
) -> None:
    from icalendar import Event

    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", context.stamp)
    event.add("dtstart", first)
    event.add("dtend", last + timedelta(days=1))  # DTEND of an all-day event is exclusive
    event.add("summary", summary)
    event.add("description", "\n".join(description))
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    context.calendar.add_component(event)


def _period_key(plan: Plan) -> str:
    """The period in the UID: next period's plan keeps the measure ids, and its deadlines
    are new events, not moves of this period's."""
    period = plan.period
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
            target=target,
            events=texts.amount(events, texts.EVENTS),
            deadlines=texts.amount(result.deadlines, texts.DEADLINES),
            activities=texts.amount(result.activities, texts.ACTIVITIES),
        )
    ]
    if result.invalid:
        lines.append(texts.CALENDAR_INVALID_COUNT.format(count=len(result.invalid)))
        lines.extend(
            texts.CALENDAR_INVALID.format(where=i.where, text=i.text, reason=i.reason)
            for i in result.invalid
        )
    return lines
