"""A new plan file (what `import` writes): its text in the house style, a part at a time.

A part is a chapter with its own content, or a section with everything under it. Each
part's text is made, read back and compared with what it should hold, then kept in an
unnamed temp file; the plan's head and its parts are written atomically at the end. So a
big import holds a section, never the whole plan or the whole file's text.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

from tui import texts
from tui.store import tomlread
from tui.store.storage import PlanError, atomic_write, check_output, locked, verify

COPY_CHUNK = 1 << 20  # bytes


class NewPlan:
    """A plan file to be: add() its parts in order, then write() it with its head. Used in
    a `with` block, which removes the parts kept so far."""

    def __init__(self, path: Path) -> None:
        import tempfile

        self.path = path
        self.head: tuple[dict, str] = ({}, "")  # the data and text write() put first
        self._body = tempfile.TemporaryFile()  # noqa: SIM115 - closed by __exit__
        self._parts: list[tuple[str, int, int]] = []  # each part's header, start and bytes

    def add(self, header: str, record: dict) -> None:
        """The next part: a chapter ("kapittel") or a section of the last chapter
        ("kapittel.seksjon"), with everything under it. Its text is checked by reading it
        back, alone."""
        try:
            text = _records_text(header, record)
        except _NotPlain:
            detail = texts.VERIFY_TABLE_IN_FIELD
            raise PlanError(self.path, texts.VERIFY_FAILED.format(detail=detail)) from None
        verify(self.path, text, _nested(header, record))
        raw = text.encode("utf-8")
        self._parts.append((header, self._body.tell(), len(raw)))
        self._body.write(raw)

    def write(self, head: dict, overwrite: bool = False, inputs: list[Path] | None = None) -> None:
        """The file: `head` (format and [plan]), then the chapters. Refuses to replace an
        existing file unless told to, and never replaces what check_output refuses (one of
        `inputs`, a device, folder or FIFO)."""
        text = _dumps_whole(head)
        verify(self.path, text, head)
        self.head = (head, text)
        self._body.seek(0)
        body = iter(lambda: self._body.read(COPY_CHUNK), b"")
        with locked(self.path):  # `import --force` onto a plan must not land inside a save
            check_output(self.path, inputs or [], replace_plan=True)
            if self.path.exists() and not overwrite:
                raise PlanError(self.path, texts.OUTPUT_EXISTS)
            atomic_write(self.path, itertools.chain([text.encode("utf-8")], body))

    def parts(self) -> Iterator[tuple[str, dict, str, int]]:
        """What was written after the head, read back a part at a time: each part's table
        header ("kapittel" or "kapittel.seksjon"), its record, its text and the line of the
        file that text starts on."""
        line = 1 + self.head[1].count("\n")
        for header, start, size in self._parts:
            self._body.seek(start)
            text = self._body.read(size).decode("utf-8")
            yield header, _unnested(header, tomlread.loads(text)), text, line
            line += text.count("\n")

    def __enter__(self) -> NewPlan:
        return self

    def __exit__(self, *_exc) -> None:
        self._body.close()


def _records_text(header: str, record: dict) -> str:
    """`[[header]]`, the record's fields, then everything under it, a record at a time."""
    try:
        parts: list[str] = []
        _dump_records(parts, header, [record])
        return "".join(parts)
    except _NotPlain:
        if header != "kapittel":  # tomlkit would open [kapittel] again: never from an import
            raise
        return "\n" + _dumps_whole({"kapittel": [record]})


def _unnested(header: str, data: dict) -> dict:
    """The record in what _nested gives."""
    *tables, array = header.split(".")
    for key in tables:
        data = data[key]
    return data[array][0]


def _nested(header: str, record: dict) -> dict:
    """What a part's text holds when read alone: {"kapittel": {"seksjon": [record]}} (read
    alone, [[kapittel.seksjon]] makes kapittel a table, not an array)."""
    *tables, array = header.split(".")
    data: dict = {array: [record]}
    for key in reversed(tables):
        data = {key: data}
    return data


def dumps(data: dict) -> str:
    """A new plan file's text, in the house style (what a save would write for new records):
    the same text NewPlan writes."""
    chapters = data.get("kapittel")
    if not _is_child_records(chapters):
        return _dumps_whole(data)
    head = {k: v for k, v in data.items() if k != "kapittel"}
    return "".join([_dumps_whole(head), *(_records_text("kapittel", c) for c in chapters)])


class _NotPlain(Exception):
    """A record holds a table (not a plan's shape): tomlkit must place it."""


def _dump_records(parts: list[str], path: str, records: list[dict]) -> None:
    for record in records:
        fields = {k: v for k, v in record.items() if not _is_child_records(v)}
        if any(isinstance(v, dict) for v in fields.values()):
            raise _NotPlain
        parts.append(f"\n[[{path}]]\n{_dumps_whole(fields)}")
        for key, value in record.items():
            if _is_child_records(value):
                _dump_records(parts, f"{path}.{key}", value)


def _is_child_records(value) -> bool:
    """Records (with ids) are arrays of tables; other lists of tables stay inline."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) and "id" in item for item in value)
    )


def _dumps_whole(data: dict) -> str:
    import tomlkit

    from tui.store.tomlpatch import patch_document

    doc = tomlkit.document()
    patch_document(doc, data)
    return doc.as_string()
