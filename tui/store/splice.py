"""The fast save: rewrite only the text of the records that changed.

A baseline taken at load (each record's data as repr, each section's child order) tells
which records an edit touched. When only records' own fields changed, each of those
records' text (its table header up to the next header) is parsed alone with tomlkit,
patched, checked with tomllib, and spliced back; the rest of the file is not parsed at all.
Anything else (records added, deleted or moved, [plan] edited, ids missing or repeated, a
span that does not check out) returns None and the caller does the full patch instead.
"""

from __future__ import annotations

import re
import tomllib

from tui.domain.model import Plan, same

HEADER_LINE = re.compile(r"^[ \t]*\[", re.MULTILINE)


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


def changed_records(before: dict, after: dict) -> list[str] | None:
    """Ids whose own fields changed, or None when more than fields changed."""
    if not (before["unique"] and after["unique"]):
        return None
    if (before["plan"], before["chapters"], before["order"]) != (
        after["plan"],
        after["chapters"],
        after["order"],
    ):
        return None
    if before["records"].keys() != after["records"].keys():
        return None
    return [k for k, v in after["records"].items() if before["records"][k] != v]


def splice(text: str, plan: Plan, ids: list[str]) -> str | None:
    """The new text with only those records rewritten, or None to fall back."""
    records = _records_by_id(plan, set(ids))
    spans = []
    for record_id in ids:
        span = _span(text, record_id)
        if span is None:
            return None
        spans.append((span, records[record_id]))
    spans.sort(key=lambda item: item[0][0], reverse=True)
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
    for (start, end), data in spans:
        new = _patch_span(text[start:end], data, crlf)
        if new is None:
            return None
        text = text[:start] + new + text[end:]
    return text


def _records_by_id(plan: Plan, wanted: set[str]) -> dict[str, dict]:
    found = {}
    for ref in plan.walk():
        for record in (ref.section, *ref.section.blocks, *ref.section.measures):
            if record.id in wanted:
                found[str(record.id)] = dict(record.data)
    return found


def _span(text: str, record_id: str) -> tuple[int, int] | None:
    """From the record's header line to the next header line (or the end)."""
    id_line = re.compile(rf'^[ \t]*id[ \t]*=[ \t]*"{re.escape(record_id)}"[ \t]*\r?$', re.M)
    matches = list(id_line.finditer(text))
    if len(matches) != 1:
        return None
    at = matches[0].start()
    headers = [m.start() for m in HEADER_LINE.finditer(text, 0, at)]
    if not headers:
        return None
    start = headers[-1]
    following = HEADER_LINE.search(text, matches[0].end())
    end = following.start() if following else len(text)
    return start, end


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
        parsed = tomllib.loads(new)
    except tomllib.TOMLDecodeError:
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
