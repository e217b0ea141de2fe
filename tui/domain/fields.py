"""Field edits on measures, with the rules the CLI's `set` and the TUI share."""

from __future__ import annotations

from tui import texts
from tui.domain import deadlines
from tui.domain.model import STATUSES, Measure
from tui.domain.textkey import status_key

# Public field name (as `list --format json` prints it) -> TOML key.
FIELDS = {
    "text": "tekst",
    "responsible": "ansvar",
    "qualifier": "ansvar_merknad",
    "deadline": "frist",
    "status": "status",
    "comment": "kommentar",
    "budget": "budsjett",
    "project_number": "prosjektnr",
}
# The Norwegian keys work too, since that is what the secretary reads in the file.
ALIASES = {toml_key: name for name, toml_key in FIELDS.items()}


class EditError(ValueError):
    """A value that cannot be stored; the message says why and what to write instead."""


def field_name(name: str) -> str:
    key = name.strip().lower()
    if key in FIELDS:
        return key
    if key in ALIASES:
        return ALIASES[key]
    raise EditError(texts.UNKNOWN_FIELD.format(field=name, allowed=", ".join(FIELDS)))


def parse_value(name: str, raw: str, period: deadlines.Period | None):
    """The stored value for a field typed as text, or EditError."""
    name = field_name(name)
    if name == "responsible":
        return [part.strip() for part in raw.split(",") if part.strip()]
    if name == "status":
        status = status_key(raw)
        if status not in STATUSES:
            allowed = ", ".join(s for s in STATUSES if s)
            raise EditError(texts.UNKNOWN_STATUS.format(status=raw, allowed=allowed))
        return status
    if name == "deadline":
        parsed = deadlines.parse_deadline(raw, period)
        if parsed.kind == deadlines.INVALID:
            raise EditError(texts.INVALID_DEADLINE.format(text=raw, reason=parsed.reason))
        return raw.strip()
    if name == "text" and not raw.strip():
        raise EditError(texts.EMPTY_MEASURE)
    return raw


def apply(measure: Measure, name: str, value) -> bool:
    """Set a field; returns False when the value is already there (nothing changes)."""
    key = FIELDS[field_name(name)]
    if measure.data.get(key) == value:
        return False
    measure.data[key] = value
    return True
