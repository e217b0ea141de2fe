"""The fast save: rewrite only the text of the records that changed.

A baseline taken at load (each record's data as repr, each section's child order) tells
which records an edit touched. When only records' own fields changed, each of those
records' text (its table header up to the next header) is parsed alone with tomlkit,
patched, checked by parsing, and spliced back; the rest of the file is not parsed at all.
When measures were added, deleted or moved, the measures of each section whose list changed
are rewritten the same way, as one run of records (tomlpatch matches them by id, as it does
in the whole document). Anything else ([plan] edited, sections or blocks added, moved or
deleted, a section's first measure added or its last deleted, ids missing or repeated, a
span that does not check out) returns None and the caller does the full patch instead.
"""

from __future__ import annotations

import re

from tui.domain.model import Plan, same
from tui.store import tomlread

HEADER_LINE = re.compile(r"^[ \t]*\[", re.MULTILINE)
ID_LINE = re.compile(r'[ \t]*id[ \t]*=[ \t]*"(.*)"[ \t]*\r?')


def baseline(plan: Plan) -> dict:
    """What a save compares against: cheap to take, cheap to compare."""
    records: dict[str, str] = {}
    order: dict[str, tuple] = {}
    unique = True
    for ref in plan.walk():
        section = ref.section
        pairs = [(section, "seksjon")] + [(b, "innhold") for b in section.blocks]
        pairs += [(m, "tiltak") for m in section.measures]
        for record, kind in pairs:
            key = str(record.id)
            unique &= bool(key) and key not in records
            records[key] = f"{kind} {record.data!r}"  # a str: no work for the garbage collector
        order[str(section.id)] = (
            tuple(b.id for b in section.blocks),
            tuple(m.id for m in section.measures),
            tuple(s.id for s in section.sections),
        )
    return {
        "plan": repr(plan.data),
        "chapters": tuple(c.id for c in plan.chapters),
        "order": order,
        "records": records,
        "unique": unique,
    }


def changed_measure_lists(before: dict, after: dict) -> tuple[list[str], dict] | None:
    """When only fields and sections' measure lists changed: the ids whose own fields changed
    outside those lists, and {section id: (its measure ids before, after)}. Else None."""
    if not (before["unique"] and after["unique"]):
        return None
    if (before["plan"], before["chapters"]) != (after["plan"], after["chapters"]):
        return None
    if before["order"].keys() != after["order"].keys():
        return None
    lists = {}
    for section_id, (blocks, measures, sections) in after["order"].items():
        old_blocks, old_measures, old_sections = before["order"][section_id]
        if (blocks, sections) != (old_blocks, old_sections):
            return None
        if measures != old_measures:
            if not (measures and old_measures):  # the table array itself would come or go
                return None
            lists[section_id] = _changed_part(old_measures, measures)
    old, new = before["records"], after["records"]
    if any(not old[k].startswith("tiltak ") for k in old.keys() - new.keys()):
        return None
    if any(not new[k].startswith("tiltak ") for k in new.keys() - old.keys()):
        return None
    in_lists = {m for _, measures in lists.values() for m in measures}
    ids = [k for k, v in new.items() if k not in in_lists and k in old and old[k] != v]
    return ids, lists


def _changed_part(old: tuple, new: tuple) -> tuple[tuple, tuple]:
    """The part of a measure list that differs, with the first same record after it, or the
    one before it when it reaches the end: what tomlpatch does to the blank lines between
    records depends on which record is last and on the one before it. Never empty."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    same_tail = 0
    while (
        same_tail < min(len(old), len(new)) - start and old[-1 - same_tail] == new[-1 - same_tail]
    ):
        same_tail += 1
    keep = 1 if same_tail else 0
    if not same_tail and start:  # the change reaches the end: the record before it goes in
        start -= 1
    return old[start : len(old) - same_tail + keep], new[start : len(new) - same_tail + keep]


def splice(text: str, plan: Plan, ids: list[str], lists: dict | None = None) -> str | None:
    """The new text with only those records (and those sections' measures) rewritten, or
    None to fall back."""
    lists = lists or {}
    records = _records_by_id(plan, set(ids))
    spans = []
    for record_id in ids:
        span = record_span(text, record_id)
        if span is None:
            return None
        spans.append((span, records[record_id], None))
    sections = _sections_by_id(plan, set(lists))
    for section_id, (old_ids, _) in lists.items():
        first, last = record_span(text, str(old_ids[0])), record_span(text, str(old_ids[-1]))
        if first is None or last is None or last[1] < first[0]:
            return None
        new_ids = set(lists[section_id][1])
        measures = [dict(m.data) for m in sections[section_id].measures if m.id in new_ids]
        spans.append(((first[0], last[1]), measures, [str(i) for i in old_ids]))
    spans.sort(key=lambda item: item[0][0], reverse=True)
    if any(a[0][0] < b[0][1] for a, b in zip(spans, spans[1:], strict=False)):
        return None  # overlapping spans: not what these ids should give
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
    for (start, end), data, old_ids in spans:
        if old_ids is None:
            new = _patch_span(text[start:end], data, crlf)
        else:
            new = _patch_run(text[start:end], data, old_ids, crlf)
        if new is None:
            return None
        text = text[:start] + new + text[end:]
    return text


def _sections_by_id(plan: Plan, wanted: set[str]) -> dict:
    return {str(ref.section.id): ref.section for ref in plan.walk() if ref.section.id in wanted}


def _records_by_id(plan: Plan, wanted: set[str]) -> dict[str, dict]:
    found = {}
    for ref in plan.walk():
        for record in (ref.section, *ref.section.blocks, *ref.section.measures):
            if record.id in wanted:
                found[str(record.id)] = dict(record.data)
    return found


def record_span(text: str, record_id: str) -> tuple[int, int] | None:
    """From the record's header line to the next header line (or the end)."""
    lines = _id_lines(text, record_id)
    if len(lines) != 1:
        return None
    line_start, line_end = lines[0]
    start = _header_before(text, line_start)
    if start is None:
        return None
    following = HEADER_LINE.search(text, line_end)
    end = following.start() if following else len(text)
    return start, end


def _id_lines(text: str, record_id: str) -> list[tuple[int, int]]:
    """Where `id = "<record_id>"` stands alone on a line. The quoted id is found by str.find
    (a regex anchored at line starts tries every line: 0.1 s in a 20 MB plan)."""
    needle, found = f'"{record_id}"', []
    at = text.find(needle)
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end == -1 else end
        line = ID_LINE.fullmatch(text, start, end)
        if line and line.group(1) == record_id and (start, end) not in found:
            found.append((start, end))
        at = text.find(needle, at + 1)
    return found


def _header_before(text: str, at: int) -> int | None:
    """The start of the last header line before `at`, looking back line by line (a record
    is a few lines; the headers before it may be tens of thousands)."""
    end = at
    while end > 0:
        start = text.rfind("\n", 0, end - 1) + 1
        if HEADER_LINE.match(text, start, end):
            return start
        end = start
    return None


def _patch_run(run: str, records: list[dict], old_ids: list[str], crlf: bool) -> str | None:
    """One section's measures, from its first measure's header to its last one's end,
    patched to `records` the way the whole document's patch would do it."""
    import tomlkit
    from tomlkit.items import AoT

    from tui.store.tomlpatch import patch_records

    if _run_ids(run) != old_ids:
        return None  # the measures are not one run of records in this order
    try:
        doc = tomlkit.parse(run)
        aot, path = _single_array(doc)
    except Exception:  # anything unexpected in hand-edited text: use the full save
        return None
    if not isinstance(aot, AoT):
        return None
    patch_records(aot, records)
    new = doc.as_string()
    if crlf:
        new = re.sub(r"(?<!\r)\n", "\r\n", new)
    found = _at_path(new, path)
    return new if found is not None and same(found, records) else None


def _run_ids(run: str) -> list[str] | None:
    found = _at_path(run, None)
    if not isinstance(found, list) or not all(isinstance(r, dict) for r in found):
        return None
    return [str(r.get("id")) for r in found]


def _at_path(text: str, path: list[str] | None):
    """What the text holds at `path` (or down its single keys to the one array): None when
    it does not parse or holds anything beside."""
    try:
        node = tomlread.loads(text)
    except tomlread.TOMLDecodeError:
        return None
    keys = iter(path) if path is not None else None
    while isinstance(node, dict):
        if len(node) != 1:
            return None
        key = next(iter(node))
        if keys is not None and next(keys, None) != key:
            return None
        node = node[key]
    return node


def _patch_span(span: str, data: dict, crlf: bool) -> str | None:
    import tomlkit

    from tui.store.tomlpatch import patch_document

    try:
        doc = tomlkit.parse(span)
        table, path = _single_record(doc)
    except Exception:  # anything unexpected in a hand-edited span: use the full save
        return None
    patch_document(table, data)
    new = doc.as_string()
    if crlf:
        new = re.sub(r"(?<!\r)\n", "\r\n", new)
    try:
        parsed = tomlread.loads(new)
    except tomlread.TOMLDecodeError:
        return None
    for key in path:  # the span must hold exactly this one record at this one place
        if not (isinstance(parsed, dict) and list(parsed) == [key]):
            return None
        parsed = parsed[key]
        if isinstance(parsed, list):
            if len(parsed) != 1:
                return None
            parsed = parsed[0]
    return new if same(parsed, data) else None


def _single_array(doc):
    """The array of tables a run such as `[[kapittel.seksjon.tiltak]] …` defines, down
    single keys, and its path."""
    node, path = doc, []
    while hasattr(node, "keys") and len(node.keys()) == 1:
        key = next(iter(node.keys()))
        path.append(key)
        node = node[key]
    return node, path


def _single_record(doc):
    """The one table a span such as `[[kapittel.seksjon.tiltak]] …` defines, and its path."""
    node, path = doc, []
    while True:
        keys = list(node.keys())
        if (
            len(keys) != 1
            or not hasattr(node[keys[0]], "keys")
            and not isinstance(node[keys[0]], list)
        ):
            return node, path
        value = node[keys[0]]
        if isinstance(value, list):
            if len(value) != 1:
                raise ValueError("not one record")
            path.append(keys[0])
            node = value[0]
        elif hasattr(value, "keys"):
            path.append(keys[0])
            node = value
        else:
            return node, path
