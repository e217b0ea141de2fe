"""Deadlines (frist) as written in Norwegian plans: keep the text, derive a kind and a range.

The text is never changed. From it we derive a kind and a date range ``start..end``;
"overdue" means past ``end``. A date without a year belongs to the plan's period: it is
placed in the period's first year (see docs/format.md, "Frister").
"""

from __future__ import annotations

import re
from collections import namedtuple
from datetime import date
from functools import lru_cache

from tui import texts
from tui.domain.textkey import nfc

MONTHS = {
    "januar": 1,
    "februar": 2,
    "mars": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "desember": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "des": 12,
}
MONTH_NAMES = [
    "",
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]

# Season -> (first month, last month). Winter is taken as January-February of the year.
SEASONS = {
    "vinter": (1, 2),
    "vår": (3, 5),
    "sommer": (6, 8),
    "sen sommer": (8, 8),
    "høst": (9, 11),
    "sen høst": (11, 11),
}
# Plans write a season in its definite form as often ('høsten 2025', 'innen våren').
SEASONS.update(
    {"vinteren": SEASONS["vinter"], "våren": SEASONS["vår"], "sommeren": SEASONS["sommer"]}
)
SEASONS.update({"høsten": SEASONS["høst"], "sen høsten": SEASONS["sen høst"]})

# Kinds, in the order they sort after their date (undated kinds sort last).
DATE = "dato"
MONTH = "måned"
SEASON = "sesong"
RANGE = "periode"
ONGOING = "kontinuerlig"
EVENT = "hendelse"
NONE = "ingen"
INVALID = "ugyldig"

ONGOING_WORDS = {"kontinuerlig", "løpende", "hele året", "hele perioden", "fortløpende"}
EVENT_WORDS = ("etter", "før", "når", "ved")

_SEP = r"[./-]"
# Years as written: four digits, or more so that "10000" is named as a year no date can have.
_YEAR = r"\d{4,8}"
_NUMERIC = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}})(?:{_SEP}(\d{{2}}|{_YEAR}))?$")
_NUMERIC_RANGE = re.compile(rf"^(\d{{1,2}})\s*-\s*(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}({_YEAR})$")
_ISO = re.compile(rf"^({_YEAR})-(\d{{2}})-(\d{{2}})$")
_WORDED = re.compile(rf"^(\d{{1,2}})\.?\s+([a-zæøå]+)\.?(?:\s+({_YEAR}))?$")
_LABELLED = re.compile(r"^[^,]{1,12},\s*(.+)$")  # "V1, 20.02.2024" in activity calendars


class Deadline(
    namedtuple("Deadline", ["text", "kind", "start", "end", "reason"], defaults=(None, None, ""))
):
    """A deadline's text as written, its kind, its date range (dated kinds) and, for an
    invalid one, why."""

    __slots__ = ()

    def is_overdue(self, today: date) -> bool:
        return self.end is not None and self.end < today

    def sort_key(self) -> tuple:
        """Dated deadlines by end date, then ongoing, event-relative, empty and invalid."""
        if self.end is not None:
            return (0, self.end, self.start or self.end, self.text.lower())
        order = [ONGOING, EVENT, NONE, INVALID]
        rank = order.index(self.kind) + 1 if self.kind in order else len(order) + 1
        return (rank, date.max, date.max, self.text.lower())

    def describe(self) -> str:
        """The derived meaning in Norwegian, e.g. '1. juni 2024' or 'Oktober 2024'."""
        if self.kind == INVALID:
            return f"ugyldig: {self.reason}"
        if self.kind == ONGOING:
            return "løpende, aldri forfalt"
        if self.kind == EVENT:
            return "venter på hendelse"
        if self.kind == NONE:
            return "ingen frist"
        assert self.start and self.end
        if self.start == self.end:
            return format_date(self.end)
        return f"{format_date(self.start)} – {format_date(self.end)}"


def days_in_month(year: int, month: int) -> int:
    """What calendar.monthrange(year, month)[1] gives, without importing calendar (~1 ms of
    every command's start)."""
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - date(year, month, 1)).days


def format_date(day: date) -> str:
    return f"{day.day}. {MONTH_NAMES[day.month]} {day.year}"


class Period(namedtuple("Period", ["first", "last"])):
    """The plan's period in whole years, e.g. 2024-2025."""

    __slots__ = ()

    def contains(self, day: date) -> bool:
        return self.first <= day.year <= self.last

    def label(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"


PERIOD_YEAR = re.compile(rf"\b({_YEAR})\b")


def parse_period(text: str) -> Period | None:
    """The period a text names, or None when it names no year or a year no date can have."""
    years = [int(y) for y in PERIOD_YEAR.findall(text or "")]
    if not years or any(_year_problem(y) for y in years):
        return None
    return Period(min(years), max(years))


def _year_problem(year: int) -> str:
    """Why a year cannot hold a date (Python's date: year 1 to 9999), or ''."""
    if date.min.year <= year <= date.max.year:
        return ""
    return texts.YEAR_OUT_OF_RANGE.format(year=year)


@lru_cache(maxsize=8192)
def parse_deadline(text: str, period: Period | None, fallback_year: int | None = None) -> Deadline:
    """Derive kind and range from a deadline as written. Never raises. (Cached: a plan
    repeats the same few deadlines many times.)"""
    year = period.first if period else fallback_year or date.today().year
    cleaned = " ".join(nfc(text or "").replace("\u00a0", " ").split()).strip().rstrip(".").strip()
    low = cleaned.lower()
    if not low:
        return Deadline(text, NONE)
    if low in ONGOING_WORDS:
        return Deadline(text, ONGOING)
    parsed = _parse_dated(low, year)
    if parsed is not None:
        kind, start, end, reason = parsed
        if kind == INVALID:
            return Deadline(text, INVALID, reason=reason)
        return Deadline(text, kind, start, end)
    if any(re.search(rf"\b{word}\b", low) for word in EVENT_WORDS):
        return Deadline(text, EVENT)
    return Deadline(text, INVALID, reason=f"«{cleaned}» er ikke en dato, måned eller årstid")


def _parse_dated(low: str, year: int):
    for parser in (_numeric, _numeric_range, _iso, _worded, _month_or_season):
        result = parser(low, year)
        if result is not None:
            return result
    labelled = _LABELLED.match(low)
    if labelled:
        return _parse_dated(labelled.group(1), year)
    return None


def _make_day(y: int, m: int, d: int):
    if _year_problem(y):
        return None, _year_problem(y)
    if not 1 <= m <= 12:
        return None, f"måned {m} finnes ikke"
    last = days_in_month(y, m)
    if not 1 <= d <= last:
        return None, f"{MONTH_NAMES[m]} {y} har ikke dag {d}"
    return date(y, m, d), ""


def _single(y: int, m: int, d: int):
    day, reason = _make_day(y, m, d)
    if day is None:
        return (INVALID, None, None, reason)
    return (DATE, day, day, "")


def _numeric(low: str, year: int):
    match = _NUMERIC.match(low)
    if not match:
        return None
    d, m, y = match.groups()
    full_year = year if y is None else (int(y) + 2000 if len(y) == 2 else int(y))
    return _single(full_year, int(m), int(d))


def _numeric_range(low: str, year: int):
    match = _NUMERIC_RANGE.match(low)
    if not match:
        return None
    d1, d2, m, y = (int(g) for g in match.groups())
    first, reason1 = _make_day(y, m, d1)
    last, reason2 = _make_day(y, m, d2)
    if first is None or last is None:
        return (INVALID, None, None, reason1 or reason2)
    if last < first:
        return (INVALID, None, None, "perioden slutter før den begynner")
    return (RANGE, first, last, "")


def _iso(low: str, year: int):
    match = _ISO.match(low)
    if not match:
        return None
    y, m, d = (int(g) for g in match.groups())
    return _single(y, m, d)


def _worded(low: str, year: int):
    match = _WORDED.match(low)
    if not match or match.group(2) not in MONTHS:
        return None
    d, month_word, y = match.groups()
    return _single(int(y) if y else year, MONTHS[month_word], int(d))


def _month_or_season(low: str, year: int):
    """'oktober', 'innen oktober', 'høst', 'vår/sommer', 'februar/mars', 'sen sommer 2024'."""
    words = low
    explicit_year = re.search(rf"\s+({_YEAR})$", words)
    if explicit_year:
        year = int(explicit_year.group(1))
        words = words[: explicit_year.start()]
    words = re.sub(r"^(?:innen(?:\s+utgangen\s+av)?|i|ila\.?|i løpet av)\s+", "", words)
    spans = []
    for part in re.split(r"\s*[/–-]\s*|\s+og\s+", words):
        span = _month_span(part.strip())
        if span is None:
            return None
        spans.append(span)
    if not spans:
        return None
    if _year_problem(year):
        return (INVALID, None, None, _year_problem(year))
    first_month = min(s[0] for s in spans)
    last_month = max(s[1] for s in spans)
    kind = MONTH if all(s[2] == MONTH for s in spans) else SEASON
    start = date(year, first_month, 1)
    end = date(year, last_month, days_in_month(year, last_month))
    return (kind, start, end, "")


def _month_span(word: str):
    if word in MONTHS:
        month = MONTHS[word]
        return (month, month, MONTH)
    if word in SEASONS:
        first, last = SEASONS[word]
        return (first, last, SEASON)
    return None


def parse_user_date(text: str, today: date) -> date | None:
    """A date typed on the command line or in a filter: ISO or Norwegian ('1. juni 2024').

    Without a year the current year is used. A month or season gives its first day.
    """
    deadline = parse_deadline(text, None, fallback_year=today.year)
    if deadline.kind == DATE:
        return deadline.end
    if deadline.kind in (MONTH, SEASON, RANGE):
        return deadline.start
    return None
