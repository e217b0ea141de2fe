"""`check`: findings about a plan, each as ``file:line: severity: message``."""

from __future__ import annotations

import re
from collections import namedtuple
from datetime import date
from pathlib import Path

from tui import texts
from tui.domain import deadlines, fields, roles
from tui.domain.fields import EditError
from tui.domain.model import CHILD_KEYS, FORMAT_VERSION, MEASURE_KEYS, PLAN_KEYS, SECTION_KEYS
from tui.domain.textkey import closest, nfc
from tui.store import splice
from tui.store.storage import ConflictMarkers, LoadedPlan, PlanError, load, toml_lines

ERROR = texts.ERROR
WARNING = texts.WARNING
HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\- ]+?)\s*\]\]")


class Finding(
    namedtuple(
        "Finding",
        [
            "path",
            "line",  # None: about the whole file
            "severity",
            "message",
            "record_id",
            "blocks_editing",  # structure we cannot patch safely
            "field",  # the measure's TOML key it is about, for `set`'s warnings
        ],
        defaults=(None, False, None),
    )
):
    __slots__ = ()

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


class Locator:
    """Line numbers of records and fields, found by counting table headers in the text."""

    def __init__(self, text: str, first_line: int = 1):
        """`text` is the file's, or a part of it that starts on `first_line`."""
        self.lines = toml_lines(text)
        self.first_line = first_line
        self.headers: dict[str, list[int]] = {}
        for number, line in enumerate(self.lines, start=first_line):
            match = HEADER.match(line)
            if match:
                path = match.group(1).replace(" ", "")
                self.headers.setdefault(path, []).append(number)
        self.seen: dict[str, int] = {}

    def next_record(self, header_path: str) -> int | None:
        index = self.seen.get(header_path, 0)
        self.seen[header_path] = index + 1
        found = self.headers.get(header_path, [])
        return found[index] if index < len(found) else None

    def field(self, record_line: int | None, key: str) -> int | None:
        start = record_line or self.first_line
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start, self.first_line + len(self.lines)):
            line = self.lines[number - self.first_line]
            if number > start and line.lstrip().startswith("["):
                break
            if pattern.match(line):
                return number
        return record_line

    def top_field(self, key: str) -> int | None:
        return self.field(self.first_line, key)

    def header_after(self, header_path: str, line: int | None) -> int | None:
        """The first `[[header_path]]` at or after `line`: a table nested where it must not be."""
        return next((n for n in self.headers.get(header_path, []) if n >= (line or 0)), None)


def check_paths(paths: list[Path], today: date | None = None) -> list[Finding]:
    findings: list[Finding] = []
    for path in paths:
        findings.extend(check_file(path, today))
    return findings


def check_file(path: Path, today: date | None = None) -> list[Finding]:
    try:
        loaded = load(path, editing=False)
    except ConflictMarkers as markers:
        from tui.git.merge import conflicts_in

        errors = conflicts_in(path, markers.text) or [markers]
        return [Finding(e.path, e.line, ERROR, e.message, blocks_editing=True) for e in errors]
    except PlanError as error:
        return [Finding(error.path, error.line, ERROR, error.message, blocks_editing=True)]
    return check_loaded(loaded)


def check_loaded(loaded: LoadedPlan) -> list[Finding]:
    """Findings for the file as read."""
    return _Checker(loaded.path, loaded.data, Locator(loaded.text)).run()


def measure_findings(loaded: LoadedPlan, measure_id: str) -> list[Finding]:
    """Findings about one measure, for a plan of which only that measure was read
    (tui.store.partial): its lines are counted in its own text."""
    start, end = splice.record_span(loaded.text, measure_id) or (0, 0)
    first_line = loaded.first_line + loaded.text.count("\n", 0, start)
    where = Locator(loaded.text[start:end], first_line)
    findings = _Checker(loaded.path, loaded.plan.to_data(), where).run()
    return [f for f in findings if f.record_id == measure_id]


def new_plan_findings(path: Path, head: tuple[dict, str], parts) -> list[Finding]:
    """Findings for a plan written in parts (import, tui.store.newplan), read back the same
    way: `head` is its format and [plan] with their text, `parts` gives each chapter (with
    its own content) or section (with everything under it) as (table header, record, text,
    the line that text starts on). The same findings as check_file: one checker goes through
    all the parts, so an id taken twice is still found, without ever holding the plan."""
    data, text = head
    checker = _Checker(path, data, Locator(text))
    checker._check_top()
    for header, record, part_text, first_line in parts:
        checker.where = Locator(part_text, first_line)
        checker._check_section(record, header, header.rsplit(".", 1)[-1])
    return sorted(checker.findings, key=lambda f: (f.line or 0, f.message))


def check_current(loaded: LoadedPlan) -> list[Finding]:
    """Findings for the plan as edited (line numbers are those of the file on disk)."""
    return _Checker(loaded.path, loaded.plan.to_data(), Locator(loaded.text)).run()


class _Checker:
    def __init__(self, path: Path, data: dict, where: Locator):
        self.path = str(path)
        self.data = data
        self.where = where
        self.findings: list[Finding] = []
        self.ids: dict[str, int | None] = {}
        self.period = deadlines.parse_period(str(self._meta().get("periode", "")))

    def _meta(self) -> dict:
        meta = self.data.get("plan")
        return meta if isinstance(meta, dict) else {}

    def add(self, line, severity, message, record_id=None, blocks=False, field=None):
        finding = Finding(self.path, line, severity, message, record_id, blocks, field)
        self.findings.append(finding)

    def run(self) -> list[Finding]:
        self._check_top()
        chapters = self.data.get("kapittel", [])
        if self._is_table_list(chapters, "kapittel", "planen", None):
            for chapter in chapters:
                self._check_section(chapter, "kapittel", "kapittel")
        return sorted(self.findings, key=lambda f: (f.line or 0, f.message))

    # --- top level and [plan] -------------------------------------------------------------

    def _check_top(self) -> None:
        version = self.data.get("format", FORMAT_VERSION)
        if not isinstance(version, int) or version > FORMAT_VERSION:
            message = texts.UNSUPPORTED_FORMAT.format(version=version, supported=FORMAT_VERSION)
            self.add(self.where.top_field("format"), ERROR, message, blocks=True)
        self._unknown_keys(self.data, ("format", "plan", "kapittel"), texts.WHERE_TOP, None)
        meta = self.data.get("plan")
        if not isinstance(meta, dict):
            self.add(1, ERROR, texts.MISSING_PLAN_TABLE)
            return
        line = self._line_of("[plan]")
        self._unknown_keys(meta, PLAN_KEYS, "[plan]", line)
        for spec in fields.PLAN_FIELDS:
            if spec.kind == fields.DAY:
                self._check_day(meta, spec.key, line)
                continue
            if spec.key in meta:
                self._expect(meta, spec.key, str, texts.TYPE_TEXT, "[plan]", line)
            if spec.kind == fields.PERIOD and self.period is None:
                try:
                    fields.parse(spec, str(meta.get(spec.key, "")))
                except EditError as error:
                    self.add(self.where.field(line, spec.key), ERROR, str(error))

    def _check_day(self, meta: dict, key: str, line) -> None:
        day = meta.get(key, "")
        if not isinstance(day, date) and day and not fields.is_iso_date(str(day)):
            self.add(self.where.field(line, key), ERROR, texts.BAD_ADOPTED.format(text=day))

    def _line_of(self, literal: str) -> int | None:
        for number, line in enumerate(self.where.lines, start=self.where.first_line):
            if line.strip() == literal:
                return number
        return None

    # --- records ----------------------------------------------------------------------------

    def _check_section(self, section: dict, header: str, kind: str) -> None:
        line = self.where.next_record(header)
        self._check_id(section, kind, line)
        self._unknown_keys(section, SECTION_KEYS + CHILD_KEYS, kind, line, MEASURE_KEYS)
        self._expect(section, "tittel", str, "tekst", kind, line)
        self._expect(section, "nummerert", bool, "true eller false", kind, line)
        blocks = section.get("innhold", [])
        if self._is_table_list(blocks, "innhold", kind, line):
            for block in blocks:
                self._check_block(block, f"{header}.innhold")
        measures = section.get("tiltak", [])
        if self._is_table_list(measures, "tiltak", kind, line):
            for measure in measures:
                self._check_measure(measure, f"{header}.tiltak")
        children = section.get("seksjon", [])
        if self._is_table_list(children, "seksjon", kind, line):
            for child in children:
                self._check_section(child, f"{header}.seksjon", "seksjon")

    def _check_measure(self, measure: dict, header: str) -> None:
        line = self.where.next_record(header)
        record_id = self._check_id(measure, "tiltak", line)
        self._unknown_keys(measure, MEASURE_KEYS + CHILD_KEYS, "tiltak", line, SECTION_KEYS)
        for key in CHILD_KEYS:
            if key in measure:
                hint = "seksjoner og kapitler kan ikke ligge inne i et tiltak"
                message = texts.NESTED_WRONG.format(key=key, where="et tiltak", hint=hint)
                where = self.where.header_after(f"{header}.{key}", line) or line
                self.add(where, ERROR, message, record_id, True)
        for spec, key, types, expected, check_value in _MEASURE_CHECKS:
            present = key in measure
            if present and not self._expect(
                measure, key, types, expected, "tiltak", line, record_id
            ):
                continue
            # A missing field counts as empty (a measure without text is warned of).
            if check_value:
                self._check_value(spec, measure.get(key, spec.empty), line, record_id)

    def _check_value(self, spec: fields.Field, value, line, record_id) -> None:
        """What a value of the right type can still get wrong, by the field's kind."""
        if spec.kind == fields.ROLES:
            self._check_roles(value, self.where.field(line, spec.key), record_id)
        elif spec.kind == fields.DEADLINE:
            self._check_deadline(value, self.where.field(line, spec.key), record_id)
        elif spec.kind == fields.STATUS:
            try:
                fields.parse(spec, value)
            except EditError as error:  # the same words as `set` refusing it
                self.add(self.where.field(line, spec.key), ERROR, str(error), record_id)
        elif spec.required and not value.strip():
            # A warning: real sources have rows with only Ansvar/Frist, and import keeps them.
            self.add(self.where.field(line, spec.key), WARNING, texts.EMPTY_MEASURE, record_id)

    def _check_roles(self, written: list, field_line, record_id) -> None:
        for role in written:
            if not isinstance(role, str):
                message = texts.WRONG_TYPE.format(
                    key="ansvar", where="tiltak", expected="tekst", actual=_type_name(role)
                )
                self.add(field_line, ERROR, message, record_id)
            elif roles.canonical(role) is None:
                nearest = roles.nearest(role)
                message = (
                    texts.UNKNOWN_ROLE.format(role=role, nearest=nearest)
                    if nearest
                    else texts.UNKNOWN_ROLE_NO_HINT.format(role=role)
                )
                self.add(field_line, WARNING, message, record_id, field="ansvar")

    def _check_deadline(self, text: str, line, record_id) -> None:
        parsed = deadlines.parse_deadline(text, self.period)
        if parsed.kind == deadlines.INVALID:
            message = texts.INVALID_DEADLINE.format(text=text, reason=parsed.reason)
            self.add(line, ERROR, message, record_id)
        elif parsed.end and self.period and not self.period.contains(parsed.end):
            message = texts.OUTSIDE_PERIOD.format(
                text=text, date=_meaning(text, parsed.end), period=self.period.label()
            )
            self.add(line, WARNING, message, record_id, field="frist")

    def _check_block(self, block: dict, header: str) -> None:
        line = self.where.next_record(header)
        record_id = self._check_id(block, "innhold", line)
        block_type = block.get("type")
        if block_type not in fields.BLOCK_KINDS:
            allowed = ", ".join(fields.BLOCK_KINDS)
            message = texts.UNKNOWN_BLOCK_TYPE.format(type=block_type, allowed=allowed)
            self.add(self.where.field(line, "type"), ERROR, message, record_id)
            return
        keys = fields.BLOCK_KINDS[block_type].keys
        self._unknown_keys(block, ("id", "type", *keys), "innhold", line)
        for key in keys:
            self._check_block_key(block, key, line, record_id)

    def _check_block_key(self, block: dict, key: str, line, record_id) -> None:
        value_type = fields.BLOCK_KEY_TYPES[key]
        if value_type == fields.STRING:
            self._expect(block, key, str, texts.TYPE_TEXT, "innhold", line, record_id)
        elif value_type in (fields.STRINGS, fields.ITEMS):
            if self._expect(block, key, list, "en liste", "innhold", line, record_id):
                self._expect_items(block[key], str, key, line, record_id)
        elif value_type == fields.ROWS:
            self._check_table(block, line, record_id)
        elif value_type == fields.ACTIVITIES:
            self._check_calendar(block, line, record_id)
        elif value_type == fields.TARGETS and self._expect(
            block, key, list, "en liste", "innhold", line, record_id
        ):
            self._expect_items(block[key], dict, key, line, record_id)

    def _check_table(self, block: dict, line, record_id) -> None:
        if not self._expect(block, "rader", list, "en liste av rader", "tabell", line, record_id):
            return
        width = len(block.get("kolonner", []) or [])
        rows_line = self.where.field(line, "rader")
        for offset, row in enumerate(block["rader"], start=1):
            row_line = rows_line + offset if rows_line else None
            if not isinstance(row, list):
                message = texts.WRONG_TYPE.format(
                    key="rader", where="tabell", expected="en liste", actual=_type_name(row)
                )
                self.add(row_line, ERROR, message, record_id)
            elif width and len(row) != width:
                message = texts.ROW_WIDTH.format(
                    actual=texts.amount(len(row), texts.CELLS),
                    expected=texts.amount(width, texts.COLUMNS),
                )
                self.add(row_line, WARNING, message, record_id)

    def _check_calendar(self, block: dict, line, record_id) -> None:
        if not self._expect(
            block, "aktiviteter", list, "en liste", "kalender", line, record_id
        ) or not self._expect_items(block["aktiviteter"], dict, "aktiviteter", line, record_id):
            return
        first = self.where.field(line, "aktiviteter")
        for offset, entry in enumerate(block["aktiviteter"], start=1):
            text = entry.get("dato", "")
            if not isinstance(text, str) or not text.strip():
                continue
            parsed = deadlines.parse_deadline(text, self.period)
            entry_line = first + offset if first else None
            if parsed.kind == deadlines.INVALID:
                message = texts.INVALID_CALENDAR_DATE.format(text=text, reason=parsed.reason)
                self.add(entry_line, WARNING, message, record_id)
            elif parsed.end and self.period and not self.period.contains(parsed.end):
                message = texts.CALENDAR_OUTSIDE_PERIOD.format(
                    text=text, date=_meaning(text, parsed.end), period=self.period.label()
                )
                self.add(entry_line, WARNING, message, record_id)

    # --- shared helpers ----------------------------------------------------------------------

    def _check_id(self, record: dict, kind: str, line) -> str | None:
        record_id = record.get("id")
        if not isinstance(record_id, str) or not record_id.strip():
            message = texts.MISSING_ID.format(where=kind)
            self.add(line, ERROR, message, None, True)
            return None
        key = nfc(record_id)  # the same id in another Unicode form is the same id
        if key in self.ids:
            first = self.ids[key]
            message = texts.DUPLICATE_ID.format(id=record_id, first=first)
            self.add(self.where.field(line, "id"), ERROR, message, record_id, True)
        else:
            self.ids[key] = self.where.field(line, "id")
        return record_id

    def _is_table_list(self, value: object, key: str, where: str, line) -> bool:
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            return True
        message = texts.WRONG_TYPE.format(
            key=key, where=where, expected=f"tabeller ([[…{key}]])", actual=_type_name(value)
        )
        self.add(self.where.field(line, key) if line else None, ERROR, message, blocks=True)
        return False

    def _expect(self, record, key, types, expected, where, line, record_id=None) -> bool:
        if key not in record:
            return False
        value = record[key]
        if isinstance(value, types) and not (isinstance(value, bool) and types is not bool):
            return True
        message = texts.WRONG_TYPE.format(
            key=key, where=where, expected=expected, actual=_type_name(value)
        )
        self.add(self.where.field(line, key), ERROR, message, record_id)
        return False

    def _expect_items(self, items: list, item_type, key, line, record_id) -> bool:
        for item in items:
            if not isinstance(item, item_type):
                expected = "tekst" if item_type is str else "tabeller"
                message = texts.WRONG_TYPE.format(
                    key=key, where="listen", expected=expected, actual=_type_name(item)
                )
                self.add(self.where.field(line, key), ERROR, message, record_id)
                return False
        return True

    def _unknown_keys(self, record, known, where, line, hints=()) -> None:
        for key in record:
            if key in known:
                continue
            close = closest(key, list(known) + list(hints))
            message = (
                texts.UNKNOWN_KEY.format(key=key, where=where, hint=close)
                if close
                else texts.UNKNOWN_KEY_NO_HINT.format(key=key, where=where)
            )
            self.add(self.where.field(line, key) if line else None, WARNING, message)


# Kinds whose values check looks at beyond their type.
_VALUE_CHECKED = frozenset({fields.ROLES, fields.DEADLINE, fields.STATUS})
# The TOML types a measure field of each kind may hold, and the words for them.
_MEASURE_TYPES = {
    fields.TEXT: (str, texts.TYPE_TEXT),
    fields.DEADLINE: (str, texts.TYPE_TEXT),
    fields.STATUS: (str, texts.TYPE_TEXT),
    fields.AMOUNT: ((str, int, float), texts.TYPE_TEXT_OR_NUMBER),
    fields.ROLES: (list, texts.TYPE_ROLES),
}
# Per measure field: (field, key, types, the words for them, whether its value is checked),
# worked out once; check goes through them for every measure.
_MEASURE_CHECKS = tuple(
    (
        spec,
        spec.key,
        *_MEASURE_TYPES[spec.kind],
        spec.required or spec.kind in _VALUE_CHECKED,
    )
    for spec in fields.MEASURE_FIELDS
)


def _type_name(value: object) -> str:
    names = {str: "tekst", int: "et tall", float: "et tall", bool: "sann/usann", list: "en liste"}
    if isinstance(value, dict):
        return "en tabell"
    return names.get(type(value), type(value).__name__)


def blocking(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.blocks_editing]


def refuse_unsound(
    loaded: LoadedPlan,
    template: str = texts.PLAN_HAS_ERRORS,
    data: dict | None = None,
    error: type[PlanError] = PlanError,
) -> None:
    """Duplicate or missing ids (or record tables we cannot follow) make an edit, a next
    period's plan or calendar UIDs unreliable: one `error` naming the first finding."""
    problems = structure_findings(loaded, data)
    if problems:
        first = problems[0]
        raise error(first.path, template.format(first=first.message), first.line)


def structure_findings(loaded: LoadedPlan, data: dict | None = None) -> list[Finding]:
    """The findings that make editing unsafe (what `blocking` picks from the full check) for
    `data` (the file as read unless given). A walk over ids and record tables comes first, so
    a sound plan, the usual case, costs a fraction of the full check."""
    data = loaded.data if data is None else data
    if _sound_structure(data):
        return []
    return blocking(_Checker(loaded.path, data, Locator(loaded.text)).run())


def _sound_structure(data: dict) -> bool:
    """No finding with blocks=True in _Checker: a known format, every record list a list of
    tables, every record with an id of its own, no children inside a measure."""
    version = data.get("format", FORMAT_VERSION)
    if not isinstance(version, int) or version > FORMAT_VERSION:
        return False
    ids: set[str] = set()
    pending = [(data.get("kapittel", []), "seksjon")]
    while pending:
        records, kind = pending.pop()
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            return False
        for record in records:
            record_id = record.get("id")
            if not isinstance(record_id, str) or not record_id.strip() or record_id in ids:
                return False
            ids.add(record_id)
            if kind == "tiltak" and any(key in record for key in CHILD_KEYS):
                return False
            if kind == "seksjon":
                pending.extend((record.get(key, []), key) for key in CHILD_KEYS)
    return True


def _meaning(text: str, day) -> str:
    """ " (1. juli 2020)" after a date as written, unless it is written that way already."""
    written = deadlines.format_date(day)
    return "" if written == text.strip() else f" ({written})"
