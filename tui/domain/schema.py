"""The JSON Schema of the plan format, generated from the field tables in tui.domain.fields.

`schema/handlingsplan.schema.json` is this function's output (a test holds them equal);
after changing a table, write it again with

    .venv/bin/python -m tui.domain.schema > schema/handlingsplan.schema.json
"""

from __future__ import annotations

import json

from tui import texts
from tui.domain import fields
from tui.domain.model import CHILD_KEYS, FORMAT_VERSION

ID = {"type": "string", "pattern": "^[a-z]-[0-9a-z]+$", "description": texts.SCHEMA_ID}
STRING = {"type": "string"}
STRINGS = {"type": "array", "items": STRING}


def _field(spec: fields.Field) -> dict:
    if spec.kind == fields.ROLES:
        described = dict(STRINGS)
    elif spec.kind == fields.STATUS:
        described = {"enum": list(fields.STATUSES)}
    elif spec.kind == fields.AMOUNT:
        described = {"type": ["string", "number"]}
    elif spec.kind == fields.PERIOD:
        described = {"type": "string", "pattern": "[0-9]{4}"}
    elif spec.kind == fields.DAY:
        described = {"type": "string", "pattern": "^$|^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    else:
        described = dict(STRING)
    if spec.required:
        described["minLength"] = 1
    if spec.description:
        described["description"] = spec.description
    return described


def _rows_of(columns: tuple[fields.Column, ...]) -> dict:
    properties = {c.key: {"type": c.kind} for c in columns}
    return {"type": "array", "items": {"type": "object", "properties": properties}}


BLOCK_VALUES = {
    fields.STRING: STRING,
    fields.STRINGS: STRINGS,
    fields.ITEMS: STRINGS,
    fields.ROWS: {"type": "array", "items": STRINGS},
    fields.TARGETS: _rows_of(fields.TARGET_COLUMNS),
    fields.ACTIVITIES: _rows_of(fields.CALENDAR_COLUMNS),
}


def _section() -> dict:
    children = {"innhold": "blokk", "tiltak": "tiltak", "seksjon": "seksjon"}
    properties = {"id": ID, "tittel": STRING, "nummerert": {"type": "boolean"}}
    for key in CHILD_KEYS:
        properties[key] = {"type": "array", "items": {"$ref": f"#/$defs/{children[key]}"}}
    return {"type": "object", "required": ["id"], "properties": properties}


def _measure() -> dict:
    required = [f.key for f in fields.MEASURE_FIELDS if f.required]
    return {
        "type": "object",
        "required": ["id", *required],
        # Sections and content cannot sit inside a measure.
        "not": {"anyOf": [{"required": [key]} for key in reversed(CHILD_KEYS)]},
        "properties": {"id": ID, **{f.key: _field(f) for f in fields.MEASURE_FIELDS}},
    }


def _block() -> dict:
    properties = {"id": ID, "type": {"enum": list(fields.BLOCK_KINDS)}}
    properties.update((key, BLOCK_VALUES[kind]) for key, kind in fields.BLOCK_KEY_TYPES.items())
    return {"type": "object", "required": ["id", "type"], "properties": properties}


def plan_schema() -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://example.invalid/handlingsplan.schema.json",
        "title": texts.SCHEMA_TITLE,
        "description": texts.SCHEMA_DESCRIPTION,
        "type": "object",
        "required": ["plan"],
        "properties": {
            "format": {"const": FORMAT_VERSION},
            "plan": {
                "type": "object",
                "properties": {f.key: _field(f) for f in fields.PLAN_FIELDS},
            },
            "kapittel": {"type": "array", "items": {"$ref": "#/$defs/seksjon"}},
        },
        "$defs": {
            "seksjon": _section(),
            "tiltak": _measure(),
            "blokk": _block(),
        },
    }


def schema_text() -> str:
    """The schema file's text: two-space indents, æøå as written, a final newline."""
    return json.dumps(plan_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    print(schema_text(), end="")
