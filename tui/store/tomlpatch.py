"""Bring a tomlkit document in line with plain data while touching as little text as possible.

``patch_document(doc, data)`` compares value by value: equal values are left alone (their
text, comments and layout stay byte-identical); changed scalars are rewritten in place;
arrays of tables are matched by ``id`` so that adding, deleting or moving a record
touches only that record's block.
"""

from __future__ import annotations

import re
from typing import Any

import tomlkit
from tomlkit.items import AoT, Array, InlineTable, String, StringType, Table, Trivia
from tomlkit.toml_document import TOMLDocument

from tui.domain.fields import ONE_PER_LINE
from tui.domain.model import same

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def unwrap(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def patch_document(doc: TOMLDocument, data: dict) -> None:
    _patch_table(doc, data)


def _patch_table(container, data: dict) -> None:
    for key in [k for k in container if k not in data]:
        _remove_key(container, key)
    for key, value in data.items():
        if key not in container:
            item = build(value, key=key)
            if isinstance(item, AoT):
                _space_new_records(container, item)
            container[key] = item
            continue
        old = container[key]
        if same(unwrap(old), value):
            continue
        if isinstance(old, AoT) and value == []:
            _remove_key(container, key)
        elif isinstance(old, AoT) and _is_records(value):
            _patch_aot(old, value)
        elif isinstance(old, Table | InlineTable) and isinstance(value, dict):
            _patch_table(old, value)
        else:
            container[key] = build(value, like=old, key=key)


def _is_records(value: Any) -> bool:
    """Records (with ids) are arrays of tables; other lists of tables stay inline, one a line."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(v, dict) and "id" in v for v in value)
    )


def _record_id(table: Any) -> Any:
    return unwrap(table.get("id")) if hasattr(table, "get") else None


def patch_records(aot: AoT, records: list[dict]) -> None:
    """One array of records brought in line, exactly as patch_document would (tui.splice)."""
    _patch_aot(aot, records)


def _patch_aot(aot: AoT, records: list[dict]) -> None:
    wanted = [r.get("id") for r in records]
    if len(set(wanted)) != len(wanted) or None in wanted:
        _patch_by_position(aot, records)
        return
    keep = set(wanted)
    for index in reversed(range(len(aot))):
        if _record_id(aot[index]) not in keep:
            _remove_table(aot, index)
    for position, record in enumerate(records):
        current = [_record_id(t) for t in aot]
        if position < len(aot) and current[position] == record["id"]:
            _patch_table(aot[position], record)
            continue
        if record["id"] in current:
            table = _take_table(aot, current.index(record["id"]))
            _patch_table(table, record)
        else:
            table = build_table(record)
        _insert_table(aot, position, table)


def _remove_key(container, key: str) -> None:
    """Delete a key. A removed block that did not end in a blank line (it was last) leaves
    the blank line before it dangling at the end; drop that too, as if it had never been."""
    old = container[key]
    was_block = isinstance(old, AoT | Table)
    ended_blank = was_block and old.as_string().endswith(("\n\n", "\r\n\r\n"))
    del container[key]
    if was_block and not ended_blank:
        body = container.value.body if isinstance(container, Table) else container.body
        last = len(body) - 1
        while last >= 0 and body[last][0] is None and body[last][1].as_string() == "":
            last -= 1  # tomlkit leaves an empty placeholder where the key was
        if last >= 0 and body[last][0] is None and body[last][1].as_string() in ("\n", "\r\n"):
            del body[last]


def _patch_by_position(aot: AoT, records: list[dict]) -> None:
    """Fallback for hand-written arrays without unique ids: pair records by position."""
    while len(aot) > len(records):
        _remove_table(aot, len(aot) - 1)
    for position, record in enumerate(records):
        if position < len(aot):
            _patch_table(aot[position], record)
        else:
            _insert_table(aot, position, build_table(record))


# --- keeping exactly one blank line between records -----------------------------------


def _ends_with_blank_line(table: Table) -> bool:
    return table.as_string().endswith("\n\n") or table.as_string().endswith("\r\n\r\n")


def _remove_table(aot: AoT, index: int) -> None:
    """Delete a record; the previous one inherits the removed one's trailing spacing."""
    removed = aot[index]
    was_last = index == len(aot) - 1
    del aot[index]
    if was_last and index > 0 and not _ends_with_blank_line(removed):
        _strip_trailing_blank(aot[index - 1])


def _take_table(aot: AoT, index: int) -> Table:
    table = aot[index]
    was_last = index == len(aot) - 1
    _remove_table(aot, index)
    if was_last:
        _ensure_blank_line(table)
    return table


def _insert_table(aot: AoT, position: int, table: Table) -> None:
    if position >= len(aot) and len(aot) > 0:
        # Appending after the last record: it keeps its spacing, the new one goes last.
        last = aot[len(aot) - 1]
        if _ends_with_blank_line(last):
            _ensure_blank_line(table)
        else:
            _ensure_blank_line(last)
            _strip_trailing_blank(table)
    else:
        _ensure_blank_line(table)
    aot.insert(position, table)


def _space_new_records(container, aot: AoT) -> None:
    """A new array of records in a table of the file (a section's first measure): tomlkit
    spaces the records from each other, but the last ran into the header after the table;
    it ends with a blank line when the table ended with one."""
    if not isinstance(container, Table) or not len(aot):
        return  # a new document: tomlkit spaces its tables
    if container.as_string().endswith(("\n\n", "\r\n\r\n")):
        _ensure_blank_line(aot[len(aot) - 1])


def _ensure_blank_line(table: Table) -> None:
    if not _ends_with_blank_line(table):
        table.add(tomlkit.nl())


def _strip_trailing_blank(table: Table) -> None:
    body = table.value.body
    if body and body[-1][0] is None and body[-1][1].as_string() in ("\n", "\r\n"):
        body.pop()


# --- building new TOML values -----------------------------------------------------------


def build_table(record: dict) -> Table:
    table = tomlkit.table()
    for key, value in record.items():
        if _is_records(value):
            continue
        table.add(key, build(value, key=key))
    for key, value in record.items():
        if _is_records(value):
            table.add(key, build_aot(value))
    return table


def build_aot(records: list[dict]) -> AoT:
    aot = tomlkit.aot()
    for record in records:
        aot.append(build_table(record))  # tomlkit spaces fresh tables itself
    return aot


def build(value: Any, like: Any = None, in_array: bool = False, key: str = "") -> Any:
    """A tomlkit item for a plain value, in the house style (or the style of `like`)."""
    if isinstance(value, str):
        return build_string(value, multiline=_wants_multiline(value, like))
    if _is_records(value) and not in_array:
        return build_aot(value)
    if isinstance(value, list):
        return _build_array(value, like, one_per_line=key in ONE_PER_LINE and not in_array)
    if isinstance(value, dict) and (in_array or isinstance(like, InlineTable)):
        inline = tomlkit.inline_table()
        for key, item in value.items():
            inline.append(key, build(item, in_array=True))
        return inline
    if isinstance(value, dict):
        return build_table(value)
    return tomlkit.item(value)


def _wants_multiline(value: str, like: Any) -> bool:
    if "\n" in value:
        return True
    return isinstance(like, String) and like.type == StringType.MLB


def _build_array(values: list, like: Any, one_per_line: bool) -> Array:
    """House style: lists of items one per line; short lists (roles, headers, rows) inline.
    An array that was already in the file keeps the layout it had."""
    array = tomlkit.array()
    for item in values:
        array.append(build(item, in_array=True))
    if isinstance(like, Array):
        one_per_line = "\n" in like.as_string()
    if values and one_per_line:
        array.multiline(True)
    return array


def build_string(value: str, multiline: bool = False) -> String:
    """A basic string; multi-line ones start on a new line so the author's breaks show as lines."""
    if not multiline:
        return tomlkit.string(value)
    original = "\n" + _escape_multiline(value)
    return String(StringType.MLB, value, original, Trivia())


def _escape_multiline(value: str) -> str:
    text = value.replace("\\", "\\\\").replace("\r", "\\r")
    text = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

    # Runs of three or more quotes, and quotes at the very end, would close the string.
    def quote_run(match: re.Match) -> str:
        run = match.group()
        at_end = match.end() == len(text)
        return run.replace('"', '\\"') if len(run) >= 3 or at_end else run

    return re.sub(r'"+', quote_run, text)
