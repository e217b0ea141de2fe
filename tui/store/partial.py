"""One measure read from a plan's text, for a field edit that need not parse the whole plan.

`set` changes a few fields of one measure. Parsing a 20 MB plan for that costs a second; a
field edit needs only the structure to be sound (every record with an id of its own, no
children inside a measure) and the record itself. Both are read here from the file's bytes:
the ids and headers by a scan, the [plan] table and the one record by decoding and parsing
just their text. The plan this returns holds that record under a skeleton of its sections,
and its text is the record's alone, with the bytes around it kept aside; so the workspace
edits it and the save splices it (tui.store.splice) exactly as for a whole plan.

The price: a syntax error elsewhere in the plan goes unnoticed by the edit (it was there
before and is still there after; `check` and every read report it). So a plan small enough to
parse quickly, as real plans are, is still read whole: below WHOLE_BELOW this returns None.

Whatever the scan cannot vouch for (a reference by number, an id written unusually, ids
repeated, a table it does not know) returns None too, and the caller reads the whole plan,
which reports the problem with its line.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from tui.domain.model import FORMAT_VERSION, Plan
from tui.store import splice, tomlread
from tui.store.storage import BOM, CONFLICT_MARKER, LoadedPlan, read_bytes

WHOLE_BELOW = 1_000_000  # bytes (about 2,500 measures: ~50 ms to parse whole)
SKELETON_ID = "\x00skjelett-"  # ids no file can hold, for the sections around the record
# A line that starts with `[` in column 0 or is one of git's conflict markers, and for a
# record's `[[…]]` header followed by its id line, that id: one scan of the file. Headers are
# looked for in column 0, where this program writes them, as a row of an array (`  ["a"],`)
# must not count: an indented record header goes unseen.
RECORD_ID = (
    rb'\[[^\[\]\n]*\]\][ \t]*(?:#[^\n]*)?\r?\n[ \t]*id[ \t]*=[ \t]*"([^"\\\n]*)"[ \t]*\r?(?=\n|\Z)'
)
HEADER = re.compile(  # the lookahead spares most lines the two alternatives (30 -> 20 ms)
    rb"\n(?=[\[<=>|])(?:\[(?:" + RECORD_ID + rb")?|" + CONFLICT_MARKER.pattern.encode() + rb")"
)
NEXT_HEADER = re.compile(rb"\n[ \t]*\[")
INLINE_RECORD = re.compile(rb"\{[^}\n]*(?<![\w-])id[ \t]*=")  # `{id = …}`: one line in TOML
SECTION_PATH = re.compile(r"kapittel(\.seksjon)*\.tiltak")


def load_measure(path: str | Path, measure_id: str) -> LoadedPlan | None:
    """The plan at `path` holding only [plan] and the measure `measure_id`, or None when the
    text is not plainly sound around it (then load the whole plan)."""
    path = Path(path)
    try:
        if path.stat().st_size < WHOLE_BELOW:
            return None
    except OSError:
        return None  # the whole read names the reason
    raw = read_bytes(path)
    bom = raw.startswith(BOM.encode())
    if raw.startswith((b"[", b"<", b"=", b">", b"|"), len(BOM.encode()) if bom else 0):
        return None  # a header or a conflict marker on the first line: the scans look after
        # line breaks
    if b"\x00" in raw or not _sound_ids(raw):
        return None
    first_record = raw.find(b"\n[[")
    head = _head(raw[:first_record]) if first_record != -1 else None
    found = _record(raw, measure_id)
    if head is None or found is None:
        return None
    start, end, header_path, measure = found
    data = {**head, "kapittel": _skeleton(header_path, measure)}
    plan = Plan(data)
    text = raw[start:end].decode("utf-8")
    return LoadedPlan(
        path,
        text,
        raw,
        data,
        plan,
        bom=bom,
        read_only=not os.access(path, os.W_OK),
        baseline=splice.baseline(plan),
        around=(start, len(raw) - end),
    )


def _sound_ids(raw: bytes) -> bool:
    """Every record table starts with an id of its own, no two alike; [plan] is the one other
    table; no record is an inline table; no conflict marker. Counted in the text: a header or
    an inline `{id = …}` inside a long text, or a header written unusually, only makes this
    say no.
    (Whether a table sits inside a measure is left to `check`: it does not change how this
    measure's text is rewritten.)"""
    found = HEADER.findall(raw)  # an id for a record, b"" for another header or a marker
    ids = set(found)
    ids.discard(b"")
    others = len(found) - len(ids)  # [plan]; records without an id or with one repeated;
    # conflict markers
    return others == 1 and all(map(bytes.strip, ids)) and not INLINE_RECORD.search(raw)


def _head(part: bytes) -> dict | None:
    """`format` and [plan], parsed from the text before the first record."""
    try:
        head = tomlread.loads(part.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomlread.TOMLDecodeError):
        return None
    version = head.get("format", FORMAT_VERSION)
    if set(head) - {"format", "plan"} or not isinstance(head.get("plan"), dict):
        return None
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT_VERSION:
        return None
    return head


def _record(raw: bytes, measure_id: str) -> tuple[int, int, list[str], dict] | None:
    """Where the measure's text starts and ends in `raw`, its header path (kapittel,
    seksjon…, tiltak) and its data."""
    at = raw.find(f'"{measure_id}"'.encode())  # in a text before its record: the span below
    if at == -1:  # does not check out
        return None
    id_line = raw.rfind(b"\n", 0, at)
    start = raw.rfind(b"\n", 0, id_line) + 1  # the header: the line before (_sound_ids)
    following = NEXT_HEADER.search(raw, at)
    end = following.start() + 1 if following else len(raw)
    try:
        text = raw[start:end].decode("utf-8")
        node = tomlread.loads(text)
    except (UnicodeDecodeError, tomlread.TOMLDecodeError):
        return None
    if splice.record_span(text, measure_id) != (0, len(text)):
        return None
    header_path = text[: text.index("\n")].strip().replace(" ", "")[2:-2]
    if not SECTION_PATH.fullmatch(header_path):
        return None
    keys = header_path.split(".")
    for key in keys[:-1]:  # alone in the text, `[[a.b.tiltak]]` makes a and b tables
        if list(node) != [key] or not isinstance(node[key], dict):
            return None
        node = node[key]
    records = node.get(keys[-1]) if list(node) == [keys[-1]] else None
    if not records or len(records) != 1 or records[0].get("id") != measure_id:
        return None
    return start, end, keys, records[0]


def _skeleton(keys: list[str], measure: dict) -> list[dict]:
    """The chapter list that holds `measure` at `keys` (kapittel, seksjon…, tiltak), each
    section around it with an id of its own that no file holds."""
    records = [measure]
    for depth in range(len(keys) - 1, 0, -1):
        records = [{"id": f"{SKELETON_ID}{depth}", keys[depth]: records}]
    return records
