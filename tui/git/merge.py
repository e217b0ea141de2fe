"""`handlingsplan merge BASE OURS THEIRS [PATH]`: git's merge driver, a three-way merge by id.

Every record (chapter, section, block, measure) is matched by id and merged field by field.
THEIRS' changes that do not collide with OURS' are applied to OURS' model, which is saved with
the minimal-diff save, so the result differs from OURS only where THEIRS changed something.
The same field changed differently, or an edit against a delete, is a conflict: the file gets
git's markers around only those field lines (or that record) and the driver exits 1. What
cannot be merged by id (a side that is not a plan, records moved differently on both sides)
leaves git's own line-based conflict.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

from tui import texts
from tui.domain.changes import text_start
from tui.domain.model import Plan, Section, same
from tui.store import tomlread
from tui.store.storage import PlanError, atomic_write, load, parse_text, read_text, save, toml_lines

MISSING = object()
SLOTS = ("innhold", "tiltak", "seksjon")
HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*$")
ID_LINE = re.compile(r'^\s*id\s*=\s*"([^"]*)"')
KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_\-æøåÆØÅ]+)\s*=")
OURS, BASE, THEIRS = "<<<<<<<", "|||||||", ">>>>>>>"


class Unmergeable(Exception):
    """Not mergeable by id: leave it to git's line-based merge."""


@dataclass
class Entry:
    record: object  # Section, Measure or Block
    parent: str  # the parent section's id, "" for a chapter
    slot: str  # "kapittel", "seksjon", "tiltak" or "innhold"


@dataclass
class Conflict:
    record_id: str  # "" for the [plan] table
    key: str | None  # None: the whole record (edited on one side, deleted on the other)
    deleted_by: str = ""  # "ours" or "theirs" for a whole-record conflict

    def describe(self, plan: Plan) -> str:
        """'3.2 Tiltak 1 «Verve …»: frist', the record by its name and the field."""
        where = _name(plan, self.record_id) or self.record_id
        return f"{where}: {self.key}" if self.key else where


def index(plan: Plan) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}

    def visit(section: Section, parent: str, slot: str) -> None:
        entries[str(section.id)] = Entry(section, parent, slot)
        for block in section.blocks:
            entries[str(block.id)] = Entry(block, str(section.id), "innhold")
        for measure in section.measures:
            entries[str(measure.id)] = Entry(measure, str(section.id), "tiltak")
        for child in section.sections:
            visit(child, str(section.id), "seksjon")

    for chapter in plan.chapters:
        visit(chapter, "", "kapittel")
    return entries


def children(plan: Plan, entries: dict[str, Entry], parent: str, slot: str) -> list:
    if slot == "kapittel":
        return plan.chapters
    section = entries[parent].record
    return {"innhold": section.blocks, "tiltak": section.measures, "seksjon": section.sections}[
        slot
    ]


def subtree(record) -> dict:
    return record.to_data()


class Merger:
    def __init__(self, base: Plan, ours: Plan, theirs: Plan):
        self.base, self.ours, self.theirs = base, ours, theirs
        self.b, self.t = index(base), index(theirs)
        self.conflicts: list[Conflict] = []

    @property
    def o(self) -> dict[str, Entry]:
        return index(self.ours)  # ours changes as we go; the plans are small

    def run(self) -> list[Conflict]:
        self._merge_top()
        self._merge_fields()
        self._apply_their_deletes()
        self._apply_their_moves()
        self._apply_their_order()
        self._apply_their_adds()
        self._restore_our_deletes_they_edited()
        return self.conflicts

    def _merge_dict(self, record_id: str, ours: dict, base: dict, theirs: dict) -> None:
        for key in dict.fromkeys([*base, *ours, *theirs]):
            if key in SLOTS or key == "kapittel":
                continue
            b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
            if _same(t, b) or _same(o, t):
                continue
            if _same(o, b):
                if t is MISSING:
                    del ours[key]
                else:
                    ours[key] = copy.deepcopy(t)
            else:
                self.conflicts.append(Conflict(record_id, key))

    def _merge_top(self) -> None:
        base, ours, theirs = self.base.data, self.ours.data, self.theirs.data
        for key in dict.fromkeys([*base, *ours, *theirs]):
            b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
            if key == "plan" and all(isinstance(v, dict) for v in (b, o, t)):
                self._merge_dict("", o, b, t)
            elif not (_same(t, b) or _same(o, t)):
                if not _same(o, b):
                    raise Unmergeable
                ours[key] = copy.deepcopy(t)

    def _merge_fields(self) -> None:
        o = self.o
        for record_id, entry in o.items():
            if record_id in self.b and record_id in self.t:
                base, theirs = self.b[record_id].record.data, self.t[record_id].record.data
                self._merge_dict(record_id, entry.record.data, base, theirs)

    def _apply_their_deletes(self) -> None:
        for record_id, base_entry in self.b.items():
            o = self.o
            if record_id in self.t or record_id not in o:
                continue
            if same(subtree(o[record_id].record), subtree(base_entry.record)):
                entry = o[record_id]
                children(self.ours, o, entry.parent, entry.slot).remove(entry.record)
            elif not self._inside_conflict(record_id, o):
                self.conflicts.append(Conflict(record_id, None, deleted_by="theirs"))

    def _inside_conflict(self, record_id: str, o: dict[str, Entry]) -> bool:
        """A record inside a section that is already a whole-record conflict."""
        whole = {c.record_id for c in self.conflicts if c.key is None}
        parent = o[record_id].parent
        while parent:
            if parent in whole:
                return True
            parent = o[parent].parent
        return False

    def _apply_their_moves(self) -> None:
        for record_id, their_entry in self.t.items():
            o = self.o
            if record_id not in self.b or record_id not in o:
                continue
            base_parent, our_parent = self.b[record_id].parent, o[record_id].parent
            if their_entry.parent == base_parent or our_parent == their_entry.parent:
                continue
            if our_parent != base_parent or (their_entry.parent and their_entry.parent not in o):
                raise Unmergeable  # moved to different places, or into a section ours deleted
            entry = o[record_id]
            children(self.ours, o, entry.parent, entry.slot).remove(entry.record)
            self._insert_like_theirs(record_id, entry.record)

    def _apply_their_order(self) -> None:
        o = self.o
        lists = {(e.parent, e.slot) for e in o.values()}
        for parent, slot in sorted(lists):
            ours_list = children(self.ours, o, parent, slot)
            ours_ids = [str(r.id) for r in ours_list]
            common = [i for i in ours_ids if self._same_place(i, parent)]
            base_seq = [i for i in self._ids(self.base, self.b, parent, slot) if i in common]
            their_seq = [i for i in self._ids(self.theirs, self.t, parent, slot) if i in common]
            if their_seq in (base_seq, common):
                continue
            if common != base_seq:
                raise Unmergeable  # both sides reordered the same list differently
            by_id = {str(r.id): r for r in ours_list}
            order = iter(their_seq)
            for position, record_id in enumerate(ours_ids):
                if record_id in common:
                    ours_list[position] = by_id[next(order)]

    def _same_place(self, record_id: str, parent: str) -> bool:
        return all(
            record_id in entries and entries[record_id].parent == parent
            for entries in (self.b, self.t)
        )

    @staticmethod
    def _ids(plan: Plan, entries: dict[str, Entry], parent: str, slot: str) -> list[str]:
        if parent and parent not in entries:
            return []
        return [str(r.id) for r in children(plan, entries, parent, slot)]

    def _apply_their_adds(self) -> None:
        for record_id, their_entry in self.t.items():
            if record_id in self.b or record_id in self.o:
                continue
            if their_entry.parent and their_entry.parent not in self.o:
                if their_entry.parent in self.b:
                    raise Unmergeable  # added into a section ours deleted
                continue  # inside a new section: added with it
            self._insert_like_theirs(record_id, copy.deepcopy(their_entry.record))

    def _restore_our_deletes_they_edited(self) -> None:
        for record_id, base_entry in self.b.items():
            o = self.o
            if record_id in o or record_id not in self.t:
                continue
            their_entry = self.t[record_id]
            if same(subtree(their_entry.record), subtree(base_entry.record)):
                continue
            if their_entry.parent and their_entry.parent not in o:
                continue  # the section around it is restored (or itself a conflict)
            self._insert_like_theirs(record_id, copy.deepcopy(their_entry.record))
            self.conflicts.append(Conflict(record_id, None, deleted_by="ours"))

    def _insert_like_theirs(self, record_id: str, record) -> None:
        """Put the record where THEIRS has it: after its nearest earlier sibling that ours has."""
        o = self.o
        their_entry = self.t[record_id]
        target = children(self.ours, o, their_entry.parent, their_entry.slot)
        their_list = children(self.theirs, self.t, their_entry.parent, their_entry.slot)
        their_ids = [str(r.id) for r in their_list]
        ours_ids = [str(r.id) for r in target]
        at = 0
        for earlier in reversed(their_ids[: their_ids.index(record_id)]):
            if earlier in ours_ids:
                at = ours_ids.index(earlier) + 1
                break
        target.insert(at, record)


def _same(a, b) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    return same(a, b)


# --- the driver -----------------------------------------------------------------------------


def merge_files(base_path: Path, ours_path: Path, theirs_path: Path) -> list[Conflict]:
    """Merge THEIRS into the OURS file. Raises Unmergeable or PlanError for git's fallback."""
    base = Plan(parse_text(base_path, read_text(base_path)[0]))
    theirs_text = read_text(theirs_path)[0]
    theirs = Plan(parse_text(theirs_path, theirs_text))
    loaded = load(ours_path)
    loaded.before_edit()
    conflicts = Merger(base, loaded.plan, theirs).run()
    loaded.data = loaded.plan.to_data()
    original = loaded.raw
    save(loaded)
    if conflicts:
        try:
            text = mark_conflicts(loaded.text, theirs_text, conflicts)
        except (KeyError, ValueError):  # a record's table not where we look: put OURS back
            atomic_write(ours_path, original)
            raise Unmergeable from None
        atomic_write(ours_path, (("\ufeff" if loaded.bom else "") + text).encode("utf-8"))
    return conflicts


def record_spans(lines: list[str]) -> dict[str, tuple[int, int, str]]:
    """id -> (first line, end line, table path) of each record's own table; "" is [plan]."""
    headers = [
        (n, HEADER.match(line).group(1)) for n, line in enumerate(lines) if HEADER.match(line)
    ]
    spans = {}
    for position, (start, path) in enumerate(headers):
        end = headers[position + 1][0] if position + 1 < len(headers) else len(lines)
        record_id = next(
            (
                ID_LINE.match(lines[n]).group(1)
                for n in range(start, end)
                if ID_LINE.match(lines[n])
            ),
            None,
        )
        if path == "plan":
            record_id = ""
        if record_id is not None:
            spans[record_id] = (start, end, path)
    return spans


def key_span(lines: list[str], start: int, end: int, key: str) -> tuple[int, int] | None:
    """The lines of one `key = value` (a value may span lines) inside a table."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    first = next((n for n in range(start + 1, end) if pattern.match(lines[n])), None)
    if first is None:
        return None
    for last in range(first + 1, end + 1):
        try:
            if key in tomlread.loads("\n".join(lines[first:last])):
                return first, last
        except tomlread.TOMLDecodeError:
            continue
    return first, first + 1


def _subtree_end(lines: list[str], spans: dict, record_id: str) -> int:
    """Where a record's table and the tables nested in it end."""
    start, _, path = spans[record_id]
    for other_start, _, other_path in sorted(spans.values()):
        if other_start > start and not other_path.startswith(path + "."):
            end = other_start
            break
    else:
        end = len(lines)
    while end > start and not lines[end - 1].strip():
        end -= 1
    return end


def mark_conflicts(ours_text: str, theirs_text: str, conflicts: list[Conflict]) -> str:
    lines, their_lines = ours_text.split("\n"), toml_lines(theirs_text)
    spans, their_spans = record_spans(lines), record_spans(their_lines)
    edits = []  # (first, end, ours lines, theirs lines), applied bottom up
    for conflict in conflicts:
        start, end, _ = spans[conflict.record_id]
        if conflict.key is None:
            end = _subtree_end(lines, spans, conflict.record_id)
            block = lines[start:end]
            sides = (block, []) if conflict.deleted_by == "theirs" else ([], block)
            edits.append((start, end, *sides))
            continue
        ours_span = key_span(lines, start, end, conflict.key)
        t_start, t_end, _ = their_spans[conflict.record_id]
        their_span = key_span(their_lines, t_start, t_end, conflict.key)
        theirs = their_lines[their_span[0] : their_span[1]] if their_span else []
        first, last = ours_span or (start + 1, start + 1)
        edits.append((first, last, lines[first:last], theirs))
    cr = "\r" if ours_text.count("\r\n") == ours_text.count("\n") > 0 else ""  # CRLF stays
    for first, last, ours, theirs in sorted(edits, reverse=True):
        lines[first:last] = [
            f"{OURS} {texts.MERGE_OURS}{cr}",
            *ours,
            f"======={cr}",
            *(line + cr for line in theirs),
            f"{THEIRS} {texts.MERGE_THEIRS}{cr}",
        ]
    return "\n".join(lines)


# --- naming the conflicts in a file (for check and list) -------------------------------------


def conflicts_in(path: Path, text: str) -> list[PlanError]:
    """One error per conflict, naming the measure (or section) it sits in."""
    lines = toml_lines(text)
    sides = [_side_plan(lines, keep) for keep in ("ours", "theirs")]
    errors = []
    for number, line in enumerate(lines):
        if not line.startswith(OURS):
            continue
        record_id, key = _conflict_place(lines, number)
        where = next((n for plan in sides if (n := _name(plan, record_id))), record_id)
        what = (
            texts.MERGE_CONFLICT_FIELD.format(where=where, key=key)
            if key
            else (texts.MERGE_CONFLICT_RECORD.format(where=where))
        )
        errors.append(PlanError(path, what, number + 1))
    return errors


def _side_plan(lines: list[str], keep: str) -> Plan:
    try:
        return Plan(tomlread.loads("\n".join(resolve(lines, keep))))
    except tomlread.TOMLDecodeError:
        return Plan({})


def resolve(lines: list[str], keep: str) -> list[str]:
    """The text with one side of every conflict."""
    out, side = [], None
    for line in lines:
        if line.startswith(OURS):
            side = "ours"
        elif line.startswith(BASE) and side:
            side = "base"
        elif line.startswith("=======") and side:
            side = "theirs"
        elif line.startswith(THEIRS) and side:
            side = None
        elif side in (None, keep):
            out.append(line)
    return out


def _conflict_place(lines: list[str], marker: int) -> tuple[str, str | None]:
    """The id of the record a conflict sits in, and the field (None: the whole record)."""
    inside = []
    for line in lines[marker + 1 :]:
        if line.startswith(THEIRS):
            break
        if not line.startswith(("=======", BASE)):
            inside.append(line)
    if any(HEADER.match(line) for line in inside):
        record_id = next((ID_LINE.match(x).group(1) for x in inside if ID_LINE.match(x)), "")
        return record_id, None
    record_id = ""
    for line in reversed(lines[:marker]):
        if ID_LINE.match(line) and not record_id:
            record_id = ID_LINE.match(line).group(1)
        if HEADER.match(line):
            if HEADER.match(line).group(1) == "plan":
                record_id = ""
            break
    key = next((KEY_LINE.match(x).group(1) for x in inside if KEY_LINE.match(x)), "?")
    return record_id, key


def _name(plan: Plan, record_id: str) -> str | None:
    if not record_id:
        return "[plan]"
    measure = plan.find_measure(record_id)
    if measure is not None:
        return f"{measure.label(titled=True)} «{text_start(measure.measure.text)}»"
    for ref in plan.walk():
        if str(ref.section.id) == record_id or record_id in {str(b.id) for b in ref.section.blocks}:
            return ref.label or record_id
    return None


def plain_merge(base_path: Path, ours_path: Path, theirs_path: Path) -> None:
    """git's own line-based three-way merge into OURS, conflict markers and all."""
    from tui.git.repo import run

    labels = ["-L", texts.MERGE_OURS, "-L", "base", "-L", texts.MERGE_THEIRS]
    names = [str(p.resolve()) for p in (ours_path, base_path, theirs_path)]
    run(["merge-file", *labels, *names], ours_path.resolve().parent, check=False)
