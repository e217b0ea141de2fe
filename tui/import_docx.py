"""Import a plan from a Word document (.docx) with python-docx.

The document is turned into the same lines as Word's own plain-text export (heading styles
mark headings, list paragraphs become bullets, table cells become tab-indented lines with a
blank line after each row), so one parser (tui.import_text) reads both.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from . import texts
from .import_text import ImportResult, _Line, import_lines
from .storage import PlanError

HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)$", re.IGNORECASE)


def import_docx(path: Path) -> ImportResult:
    return import_lines(docx_lines(path))


def docx_lines(path: Path) -> list[_Line]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if not zipfile.is_zipfile(path):
        raise PlanError(path, texts.NOT_DOCX)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as error:
        raise PlanError(path, texts.BAD_DOCX.format(reason=error)) from None
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
