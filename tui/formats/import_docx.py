"""Import a plan from a Word document (.docx) with python-docx.

The document is turned into the same lines as Word's own plain-text export (heading styles
mark headings, list paragraphs become bullets, table cells become tab-indented lines with a
blank line after each row), so one parser (tui.import_text) reads both.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from tui import texts
from tui.formats.import_text import ImportResult, _Line, import_lines
from tui.store.storage import PlanError

HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)$", re.IGNORECASE)

# A Word document's XML packs to about a tenth; a zip bomb packs to a thousandth or less.
# Checked on the sizes the zip declares, which also cap what zipfile will unpack.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 50
RATIO_APPLIES_ABOVE = 10 * 1024 * 1024  # below this, unpacking costs nothing worth refusing


def import_docx(path: Path) -> ImportResult:
    return import_lines(docx_lines(path))


def docx_lines(path: Path) -> list[_Line]:
    """The document's lines; PlanError (one line) when it is not a Word document we can read."""
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError
    from lxml.etree import LxmlError, XMLSyntaxError

    if not zipfile.is_zipfile(path):
        raise PlanError(path, texts.NOT_DOCX)
    try:
        _refuse_oversized(path)
        return _read_lines(path)
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


def _read_lines(path: Path) -> list[_Line]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    lines: list[_Line] = []

    def add(text: str, **flags) -> None:
        lines.append(_Line(len(lines) + 1, text, text, False, **flags))

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            _paragraph(Paragraph(child, document), add)
        elif tag == "tbl":
            _table(Table(child, document), add)
    return lines


def _paragraph(paragraph, add) -> None:
    text = paragraph.text.replace("\u00a0", " ").rstrip()
    style = paragraph.style.name if paragraph.style is not None else ""
    heading = HEADING_STYLE.match(style)
    if heading and text.strip():
        add(text.strip(), heading_level=int(heading.group(1)))
    elif style.lower() == "title" and text.strip():
        add(text.strip(), heading_level=1)
    elif text.strip() and _is_list(paragraph, style):
        add(f"· {text.strip()}")
    else:
        add(text)


def _is_list(paragraph, style: str) -> bool:
    properties = paragraph._p.pPr
    numbered = properties is not None and properties.numPr is not None
    return numbered or "list" in style.lower() or "liste" in style.lower()


def _table(table, add) -> None:
    for row in table.rows:
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per column it spans
                continue
            seen.add(id(cell._tc))
            paragraphs = [p.text.replace("\u00a0", " ").strip() for p in cell.paragraphs]
            paragraphs = [p for p in paragraphs if p] or [""]
            add("\t" + paragraphs[0], cell=True)
            for more in paragraphs[1:]:
                add(more)
        add("")
    add("")
