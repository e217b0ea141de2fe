"""The plan format described once: each measure field, each plan metadata field and each
content block kind, with the rules the CLI's `set`/`add`/`meta` and the TUI share.

Everything that names a field reads these tables: the model's record keys, `set` and `meta`,
`list --format json`, the export's labels, `check`, the change descriptions, the recovery
journal, the TUI's edit form, the calendar and the JSON Schema (`tui.domain.schema`).
Adding a measure field is one `Field(...)` line in MEASURE_FIELDS (and its label in texts).
"""

from __future__ import annotations

import re
from collections import namedtuple
from datetime import date

from tui import texts
from tui.domain import deadlines, roles
from tui.domain.textkey import closest, status_key

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2 ms a start)
if TYPE_CHECKING:
    from tui.domain.model import Measure

# What a field holds, which decides how it is parsed, checked and shown.
TEXT = "text"  # free text
ROLES = "roles"  # a list of role names as written; typed as a comma list
DEADLINE = "deadline"  # a deadline as written; must parse (tui.domain.deadlines)
STATUS = "status"  # one of STATUSES
AMOUNT = "amount"  # text or a number (budget, project number)
PERIOD = "period"  # the plan's years: "2024–2025"
DAY = "day"  # an ISO date or empty

# How the export shows a measure field.
BODY = "body"  # the measure's own paragraph(s) under its heading
WITH_ROLES = "with_roles"  # in brackets after the roles: "Leder (etter innspill …)"
ALWAYS = "always"  # a labelled line, also when empty
WHEN_SET = "when_set"  # a labelled line only when it holds something

STATUSES = ("", "ikke startet", "pågår", "fullført", "utsatt", "avlyst")
CLOSED_STATUSES = ("fullført", "avlyst")


class Field(
    namedtuple(
        "Field",
        [
            "key",  # the TOML key in the plan file
            "name",  # the JSON key of `list --format json`; `set` takes it and the TOML key
            "label",  # the Norwegian label (export, change descriptions, recovery, check)
            "kind",  # TEXT, ROLES, DEADLINE, STATUS, AMOUNT, PERIOD or DAY
            "published",  # on the web page without --internal
            "shown",  # how the export shows it (BODY, WITH_ROLES, ALWAYS, WHEN_SET)
            "prose",  # a long change is described as a word diff
            "required",  # empty is a mistake
            "form_label",  # the edit form's label when it is not `label` ("(intern)" added)
            "description",  # the JSON Schema's description
        ],
        defaults=(True, WHEN_SET, False, False, "", ""),  # published to description
    )
):
    __slots__ = ()

    @property
    def empty(self):
        """The value a new record gets, so a later edit changes a line instead of adding one."""
        return [] if self.kind == ROLES else ""


MEASURE_FIELDS = (
    Field(
        "tekst",
        "text",
        texts.FIELD_TEXT,
        TEXT,
        shown=BODY,
        prose=True,
        required=True,
        form_label=texts.EDIT_TEXT,
        description=texts.SCHEMA_TEXT,
    ),
    Field(
        "ansvar",
        "responsible",
        texts.FIELD_RESPONSIBLE,
        ROLES,
        shown=ALWAYS,
        form_label=texts.EDIT_ROLES,
        description=texts.SCHEMA_RESPONSIBLE,
    ),
    Field(
        "ansvar_merknad",
        "qualifier",
        texts.FIELD_QUALIFIER,
        TEXT,
        shown=WITH_ROLES,
        form_label=texts.EDIT_QUALIFIER,
        description=texts.SCHEMA_QUALIFIER,
    ),
    Field(
        "frist",
        "deadline",
        texts.FIELD_DEADLINE,
        DEADLINE,
        shown=ALWAYS,
        form_label=texts.EDIT_DEADLINE,
        description=texts.SCHEMA_DEADLINE,
    ),
    Field("status", "status", texts.FIELD_STATUS, STATUS),
    Field("kommentar", "comment", texts.FIELD_COMMENT, TEXT, published=False, prose=True),
    Field("budsjett", "budget", texts.FIELD_BUDGET, AMOUNT, published=False),
    Field("prosjektnr", "project_number", texts.FIELD_PROJECT, AMOUNT, published=False),
)

PLAN_FIELDS = (
    Field("organisasjon", "organisation", texts.FIELD_ORGANISATION, TEXT),
    Field("avdeling", "branch", texts.FIELD_BRANCH, TEXT),
    Field("tittel", "title", texts.FIELD_TITLE, TEXT),
    Field("periode", "period", texts.FIELD_PERIOD, PERIOD),
    Field("vedtatt", "adopted", texts.FIELD_ADOPTED, DAY),
)


# --- content blocks -------------------------------------------------------------------------

# The `type` of each kind of content block.
PROSE_BLOCK = "tekst"
LIST_BLOCK = "liste"
GOAL_BLOCK = "mål"
TABLE_BLOCK = "tabell"
CALENDAR_BLOCK = "kalender"

# The value type of each block key (the schema and `check` read it).
STRING = "string"
STRINGS = "strings"  # a short list of strings (a table's header), written on one line
ITEMS = "items"  # a list of strings written one item per line (a diff shows the one changed)
ROWS = "rows"  # a list of rows, each a list of strings
TARGETS = "targets"  # a list of {hva, antall, enhet}
ACTIVITIES = "activities"  # a list of {dato, aktivitet, maalgruppe}
BLOCK_KEY_TYPES = {
    "tittel": STRING,
    "tekst": STRING,
    "punkter": ITEMS,
    "utvalg": STRING,
    "kolonner": STRINGS,
    "rader": ROWS,
    "maaltall": TARGETS,
    "aktiviteter": ACTIVITIES,
}


# Block keys whose arrays are written one item per line; other arrays (roles, table headers)
# are short and stay on one line.
ONE_PER_LINE = frozenset(
    key for key, kind in BLOCK_KEY_TYPES.items() if kind in (ITEMS, ROWS, TARGETS, ACTIVITIES)
)


class BlockKind(namedtuple("BlockKind", ["type", "label", "keys"])):
    """A kind of content block: its `type` in the file, its Norwegian name, and its keys after
    id and type in the order they are written."""

    __slots__ = ()


BLOCK_KINDS = {
    kind.type: kind
    for kind in (
        BlockKind(PROSE_BLOCK, texts.BLOCK_KIND[PROSE_BLOCK], ("tittel", "tekst")),
        BlockKind(LIST_BLOCK, texts.BLOCK_KIND[LIST_BLOCK], ("tittel", "punkter")),
        BlockKind(GOAL_BLOCK, texts.BLOCK_KIND[GOAL_BLOCK], ("tittel", "tekst", "maaltall")),
        BlockKind(TABLE_BLOCK, texts.BLOCK_KIND[TABLE_BLOCK], ("tittel", "kolonner", "rader")),
        BlockKind(CALENDAR_BLOCK, texts.BLOCK_KIND[CALENDAR_BLOCK], ("utvalg", "aktiviteter")),
    )
}
# Kinds whose `tekst` is their body (edited as prose).
PROSE_KINDS = (PROSE_BLOCK, GOAL_BLOCK)


class Column(namedtuple("Column", ["key", "label", "kind"], defaults=(STRING,))):
    """A column of a row list: its key, its Norwegian label, and its kind (STRING, or
    "number" for a numeric target)."""

    __slots__ = ()


# A row of an activity calendar (`aktiviteter`), in order; a row of a goal's targets.
CALENDAR_COLUMNS = (
    Column("dato", texts.CALENDAR_DATE),
    Column("aktivitet", texts.CALENDAR_ACTIVITY),
    Column("maalgruppe", texts.CALENDAR_AUDIENCE),
)
TARGET_COLUMNS = (Column("hva", ""), Column("antall", "", "number"), Column("enhet", ""))


def block_keys(block_type: str) -> tuple[str, ...]:
    kind = BLOCK_KINDS.get(block_type)
    return kind.keys if kind else ()


def block_label(block_type) -> str:
    kind = BLOCK_KINDS.get(block_type)
    return kind.label if kind else str(block_type)


# --- names as the user types them -------------------------------------------------------------


class EditError(ValueError):
    """A value that cannot be stored; the message says why and what to write instead."""


def _lookup(table: tuple[Field, ...], name: str) -> Field:
    """A field by its English name or its TOML key, else EditError naming the nearest."""
    key = name.strip().lower()
    for field in table:
        if key in (field.name, field.key):
            return field
    names = [f.name for f in table]
    close = closest(key, names + [f.key for f in table])
    if close:
        nearest = next(f.name for f in table if close in (f.name, f.key))
        raise EditError(texts.UNKNOWN_FIELD_CLOSE.format(field=name, close=nearest))
    raise EditError(texts.UNKNOWN_FIELD.format(field=name, allowed=", ".join(names)))


def measure_field(name: str) -> Field:
    return _lookup(MEASURE_FIELDS, name)


def plan_field(name: str) -> Field:
    return _lookup(PLAN_FIELDS, name)


def field_name(name: str) -> str:
    """The English name of a measure field given by either of its names."""
    return measure_field(name).name


# --- values -------------------------------------------------------------------------------------


def parse_value(name: str, raw: str, period: deadlines.Period | None):
    """The stored value for a measure field typed as text, or EditError."""
    return parse(measure_field(name), raw, period)


def parse(field: Field, raw: str, period: deadlines.Period | None = None):
    """The stored value of `field` typed as `raw`, or EditError saying what to write."""
    if field.kind == ROLES:
        return roles.split_list(raw)
    if field.kind == STATUS:
        status = status_key(raw)
        if status not in STATUSES:
            allowed = ", ".join(s for s in STATUSES if s)
            raise EditError(texts.UNKNOWN_STATUS.format(status=raw, allowed=allowed))
        return status
    if field.kind == DEADLINE:
        parsed = deadlines.parse_deadline(raw, period)
        if parsed.kind == deadlines.INVALID:
            raise EditError(texts.INVALID_DEADLINE.format(text=raw, reason=parsed.reason))
        return raw.strip()
    if field.kind == PERIOD:
        return _parse_period(raw)
    if field.kind == DAY:
        return _parse_day(raw)
    if field.required and not raw.strip():
        raise EditError(texts.EMPTY_MEASURE)
    return raw


def _parse_period(raw: str) -> str:
    text = raw.strip()
    if deadlines.parse_period(text) is None:
        has_year = deadlines.PERIOD_YEAR.search(text)
        message = texts.BAD_PERIOD_YEAR if has_year else texts.BAD_PERIOD
        raise EditError(message.format(period=raw))
    return text


def _parse_day(raw: str) -> str:
    """A day as ISO; typed the Norwegian way too («30. januar 2024», «30.1.2024»), with its
    year written (an adoption date is not guessed)."""
    text = raw.strip()
    if not text or is_iso_date(text):
        return text
    typed = deadlines.parse_deadline(text, None)
    if typed.kind == deadlines.DATE and re.search(r"\d{4}", text):
        return typed.end.isoformat()
    raise EditError(texts.BAD_ADOPTED_TYPED.format(text=raw))


def is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def apply(measure: Measure, name: str, value) -> bool:
    """Set a field; returns False when the value is already there (nothing changes)."""
    key = measure_field(name).key
    if measure.data.get(key) == value:
        return False
    measure.data[key] = value
    return True
