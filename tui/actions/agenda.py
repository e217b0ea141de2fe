"""The agenda for the next board meeting: the open measures of some roles due before the
meeting, with the meeting's date remembered per plan folder (the TUI's `m`, the CLI's
`agenda`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tui import config, texts
from tui.domain import deadlines
from tui.domain.filters import Filter, FilterError, parse_filter
from tui.store.storage import PlanError, atomic_write


@dataclass(frozen=True)
class Remembered:
    """The meeting date remembered for a folder (None: none yet), and what went wrong reading
    the file they are kept in ("" if nothing: a broken file is a warning, never a stop)."""

    meeting: date | None
    problem: str = ""


def meetings_file() -> Path:
    return config.state_dir() / "agenda.json"


def folder_of(paths: list[str]) -> Path:
    """The plan folder the paths name: a folder itself, or the folder of the first file."""
    first = Path(paths[0]) if paths else Path(".")
    return (first if first.is_dir() else first.parent).resolve()


def recall(folder: Path) -> Remembered:
    try:
        known = _read()
    except (OSError, ValueError) as error:
        return Remembered(None, texts.AGENDA_FILE_BROKEN.format(path=meetings_file(), error=error))
    text = known.get(str(folder))
    try:
        return Remembered(date.fromisoformat(text) if isinstance(text, str) else None)
    except ValueError:
        return Remembered(None, texts.AGENDA_FILE_BROKEN.format(path=meetings_file(), error=text))


def remember(folder: Path, meeting: date) -> str:
    """Keep the meeting date for the folder; "" or the one line saying why it could not be."""
    try:
        known = _read()
    except (OSError, ValueError):
        known = {}  # a broken file is replaced (recall said so)
    known[str(folder)] = meeting.isoformat()
    raw = json.dumps(known, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    try:
        meetings_file().parent.mkdir(parents=True, exist_ok=True)
        atomic_write(meetings_file(), raw + b"\n")
    except (OSError, PlanError) as error:
        return texts.AGENDA_NOT_REMEMBERED.format(error=error)
    return ""


def _read() -> dict:
    path = meetings_file()
    if not path.exists():
        return {}
    known = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(known, dict):
        raise ValueError(texts.AGENDA_NOT_A_TABLE)
    return known


def meeting_date(text: str, today: date) -> date:
    """A meeting date as typed ("1.7", "1. juli", "2026-07-01"): without a year, the next such
    day from today on (in November, "7.1" is January next year)."""
    day = deadlines.parse_user_date(text, today)
    if day is None:
        raise FilterError(texts.BAD_DATE.format(text=text))
    if day < today:
        next_year = deadlines.parse_user_date(
            text, today.replace(month=1, day=1, year=today.year + 1)
        )
        if next_year is not None and next_year != day:  # no year was typed
            return next_year
    return day


def agenda_filter(
    roles: list[str], meeting: date, today: date, known_roles: list[str] | None = None
) -> Filter:
    """Any of the roles, due before the meeting, not fullført or avlyst."""
    return parse_filter(
        roles_=roles,
        any_role=True,
        open_only=True,
        due_before=meeting.isoformat(),
        today=today,
        known_roles=known_roles,
    )
