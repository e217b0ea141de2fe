"""Import a plan from a Word document (.docx): read as a document, not as text.

python-docx opens the package and resolves styles; the few elements it does not model are read
from its XML: outline levels and Word's automatic numbering (so "3.1" stays 3.1), soft line
breaks, content controls (their text kept), tracked changes (insertions kept, deletions
dropped) and table-of-contents fields (skipped). The blocks go to tui.formats.recognise, the
same recogniser as Markdown and plain text.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from tui import texts
from tui.formats.document import HEADING, ITEM, PARAGRAPH, TABLE, Block, Document, Warning_
from tui.formats.recognise import ImportResult, recognise
from tui.store.storage import PlanError

HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)$", re.IGNORECASE)
LIST_STYLE = re.compile(r"list|liste", re.IGNORECASE)
TOC_STYLE = re.compile(r"^(?:toc|innh|innholdsfortegnelse)\s*\d", re.IGNORECASE)
TOC_FIELD = re.compile(r"^\s*TOC\b")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# A Word document's XML packs to about a tenth; a zip bomb packs to a thousandth or less.
# Checked on the sizes the zip declares, which also cap what zipfile will unpack.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 50
RATIO_APPLIES_ABOVE = 10 * 1024 * 1024  # below this, unpacking costs nothing worth refusing


def import_docx(path: Path, ids: set[str] | None = None, sink=None) -> ImportResult:
    return recognise(read_docx(path), ids, sink)


def read_docx(path: Path) -> Document:
    """The document's blocks; PlanError (one line) when it is not a Word document we can read."""
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError, XMLSyntaxError

    if not zipfile.is_zipfile(path):
        raise PlanError(path, texts.NOT_DOCX)
    try:
        _refuse_oversized(path)
        return _read_document(path)
    except XMLSyntaxError as error:
        line, column = error.position
        raise PlanError(path, texts.DOCX_BAD_XML.format(line=line, column=column)) from None
    except (
        OpcError,
        PythonDocxError,
        LxmlError,
        KeyError,
        ValueError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        zipfile.BadZipFile,
        zlib.error,
    ) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise PlanError(path, texts.BAD_DOCX.format(reason=reason)) from None


def _refuse_oversized(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    packed = path.stat().st_size
    if unpacked > MAX_UNPACKED or (
        unpacked > RATIO_APPLIES_ABOVE and unpacked > MAX_RATIO * packed
    ):
        sizes = {"unpacked": _megabytes(unpacked), "packed": _megabytes(packed)}
        raise PlanError(path, texts.DOCX_TOO_LARGE.format(**sizes))


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _read_document(path: Path) -> Document:
    import docx

    word = docx.Document(str(path))
    reader = _Reader(word)
    reader.walk(word.element.body)
    if reader.tracked:
        reader.document.warnings.insert(0, Warning_(1, texts.IMPORT_TRACKED_CHANGES))
    return reader.document


class _Reader:
    """Walks the body in order: paragraphs, tables, and the content of content controls."""

    def __init__(self, word):
        self.word = word
        self.document = Document()
        self.paragraphs = 0  # the paragraph number a warning names
        self.in_toc = False
        self.tracked = False
        self.numbering = _Numbering(word)

    def walk(self, parent) -> None:
        for child in parent.iterchildren():
            tag = _tag(child)
            if tag == "p":
                self.paragraph(child)
            elif tag == "tbl":
                self.table(child)
            elif tag == "sdt":
                self.content_control(child)
            elif tag in ("ins", "customXml", "moveTo"):
                self.walk(child)  # a tracked insertion or a wrapper around paragraphs

    def content_control(self, sdt) -> None:
        gallery = sdt.find(f".//{W}docPartGallery")
        content = sdt.find(f"{W}sdtContent")
        if content is None:
            return
        if gallery is not None and "contents" in (gallery.get(f"{W}val") or "").lower():
            self.skip_toc(content)
            return
        self.walk(content)

    def skip_toc(self, content) -> None:
        count = sum(1 for _ in content.iter(f"{W}p"))
        self.document.warnings.append(Warning_(self.paragraphs + 1, texts.IMPORT_TOC_SKIPPED))
        self.paragraphs += count

    def paragraph(self, p) -> None:
        from docx.text.paragraph import Paragraph

        self.paragraphs += 1
        number = self.paragraphs
        self.tracked = self.tracked or _has_tracked_changes(p)
        text, toc = self.text(p)
        style = _style_of(Paragraph(p, self.word))
        if toc or TOC_STYLE.match(style.name if style is not None else ""):
            if not self.document.warnings or self.document.warnings[-1].message != (
                texts.IMPORT_TOC_SKIPPED
            ):
                self.document.warnings.append(Warning_(number, texts.IMPORT_TOC_SKIPPED))
            return
        text = text.replace("\u00a0", " ").strip()
        style_name = style.name if style is not None else ""
        outline = _outline_level(p, style)
        list_level, list_number, ordered = self.numbering.of(p, style)
        if style_name.lower() in ("title", "tittel"):
            if text and not self.document.title:
                self.document.title = " ".join(text.split())
            elif text:  # a second title line (a subtitle) stays text
                self.document.blocks.append(Block(PARAGRAPH, number, text, style=style_name))
            return
        if not text:
            return
        heading = HEADING_STYLE.match(style_name)
        if heading or outline is not None:
            level = int(heading.group(1)) if heading else outline + 1
            self.document.blocks.append(
                Block(
                    HEADING, number, text, level, list_number if ordered else "", style=style_name
                )
            )
        elif list_level or LIST_STYLE.search(style_name):
            self.document.blocks.append(
                Block(ITEM, number, text, list_level or 1, list_number, style=style_name)
            )
        else:
            self.document.blocks.append(Block(PARAGRAPH, number, text, style=style_name))

    def text(self, p) -> tuple[str, bool]:
        """The paragraph's text as it reads with tracked changes accepted; True when it is
        part of a table of contents field."""
        parts: list[str] = []
        for element in p.iter():
            tag = _tag(element)
            if tag == "fldChar":
                kind = element.get(f"{W}fldCharType")
                if kind == "end" and self.in_toc:
                    self.in_toc = False
                    self._toc_ended = True
            elif tag == "instrText" and TOC_FIELD.match(element.text or ""):
                self.in_toc = True
            elif tag == "t" and not _deleted(element):
                parts.append(element.text or "")
            elif tag == "tab":
                parts.append("\t")
            elif tag in ("br", "cr") and element.get(f"{W}type") not in ("page", "column"):
                parts.append("\n")
        ended = getattr(self, "_toc_ended", False)
        self._toc_ended = False
        return "".join(parts), self.in_toc or ended

    def table(self, tbl) -> None:
        rows: list[list[str]] = []
        first = self.paragraphs + 1
        for tr in tbl.iterchildren(f"{W}tr"):
            row = []
            for tc in _cells(tr):
                paragraphs = []
                for p in tc.iter(f"{W}p"):
                    self.paragraphs += 1
                    self.tracked = self.tracked or _has_tracked_changes(p)
                    text, _ = self.text(p)
                    text = text.replace("\u00a0", " ").strip()
                    if text:
                        paragraphs.append(text)
                span = tc.find(f"{W}tcPr/{W}vMerge")
                if span is not None and span.get(f"{W}val") in (None, "continue") and rows:
                    row.append(rows[-1][len(row)] if len(row) < len(rows[-1]) else "")
                else:
                    row.append("\n".join(paragraphs))
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                width = int(span.get(f"{W}val", "1")) if span is not None else 1
                row.extend([row[-1]] * (width - 1))  # a merged cell stands in every column
            rows.append(row)
        self.document.blocks.append(Block(TABLE, first, rows=rows))


def _cells(tr):
    """A row's cells, a horizontally merged cell (gridSpan) once; content controls opened."""
    for child in tr.iterchildren():
        tag = _tag(child)
        if tag == "tc":
            yield child
        elif tag == "sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from content.iterchildren(f"{W}tc")


def _deleted(element) -> bool:
    parent = element.getparent()
    while parent is not None:
        if _tag(parent) in ("del", "moveFrom"):
            return True
        parent = parent.getparent()
    return False


def _has_tracked_changes(p) -> bool:
    return any(_tag(e) in ("ins", "del", "moveFrom", "moveTo") for e in p.iter())


def _tag(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _style_of(paragraph):
    try:
        return paragraph.style
    except (KeyError, ValueError):
        return None


def _outline_level(p, style):
    """Word's outline level (0 = level 1) from the paragraph or its style chain; None for
    body text (9) and paragraphs without one."""
    found = p.find(f"{W}pPr/{W}outlineLvl")
    while found is None and style is not None:
        found = style.element.find(f"{W}pPr/{W}outlineLvl")
        style = style.base_style
    if found is None:
        return None
    value = int(found.get(f"{W}val", "9"))
    return value if value < 9 else None


class _Numbering:
    """Word's automatic numbers: the counters of each list, so '3.1' reads as Word shows it."""

    def __init__(self, word):
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = word.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.iterchildren(f"{W}abstractNum"):
            key = abstract.get(f"{W}abstractNumId")
            for lvl in abstract.iterchildren(f"{W}lvl"):
                level = int(lvl.get(f"{W}ilvl", "0"))
                fmt = _val(lvl.find(f"{W}numFmt"), "decimal")
                text = _val(lvl.find(f"{W}lvlText"), "")
                start = int(_val(lvl.find(f"{W}start"), "1"))
                self.formats[(key, level)] = (fmt, text, start)
        for num in root.iterchildren(f"{W}num"):
            abstract = num.find(f"{W}abstractNumId")
            if abstract is not None:
                self.abstract_of[num.get(f"{W}numId")] = abstract.get(f"{W}val")

    def of(self, p, style) -> tuple[int, str, bool]:
        """(list level from 1 or 0, the number Word shows, numbered rather than bulleted)."""
        num_id, level = _num_pr(p, style)
        if num_id is None or num_id == "0" or num_id not in self.abstract_of:
            return 0, "", False
        key = self.abstract_of[num_id]
        counters = self.counters.setdefault(key, [0] * 9)
        fmt, pattern, start = self.formats.get((key, level), ("decimal", "", 1))
        counters[level] = counters[level] + 1 if counters[level] else start
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        if fmt in ("bullet", "none"):
            return level + 1, "", False
        number = re.sub(
            r"%(\d)", lambda m: str(counters[int(m.group(1)) - 1] or 1), pattern
        ).strip()
        return level + 1, number.rstrip(".)"), True


def _num_pr(p, style) -> tuple[str | None, int]:
    found = p.find(f"{W}pPr/{W}numPr")
    while found is None and style is not None:
        found = style.element.find(f"{W}pPr/{W}numPr")
        style = style.base_style
    if found is None:
        return None, 0
    num_id = _val(found.find(f"{W}numId"), None)
    level = int(_val(found.find(f"{W}ilvl"), "0"))
    return num_id, level


def _val(element, default):
    return element.get(f"{W}val", default) if element is not None else default
