"""A source document as blocks, the same for .docx, hand-written Markdown and plain text.

Each reader (import_docx, import_markdown, import_text) turns its format into these blocks;
one recogniser (tui.formats.recognise) turns the blocks into a plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"
TABLE = "table"


@dataclass
class Block:
    kind: str  # HEADING, PARAGRAPH, ITEM or TABLE
    line: int  # the source's paragraph number (.docx) or line number (text, Markdown)
    text: str = ""  # a soft line break stays "\n"
    level: int = 0  # a heading's outline level or a list item's depth, from 1
    number: str = ""  # a heading's number as the document shows it ("3.1"), typed or Word's
    rows: list[list[str]] = field(default_factory=list)  # a table's rows, header first
    style: str = ""  # the paragraph style's name, when the format has one


@dataclass
class Warning_:
    line: int
    message: str

    def __str__(self) -> str:
        return f"linje {self.line}: {self.message}"


@dataclass
class Document:
    blocks: Iterable[Block] = field(default_factory=list)  # a list, or a stream read once
    warnings: list[Warning_] = field(default_factory=list)
    title: str = ""  # a title the format states outside the text (Word's Title style)
    numbered_headings: bool | None = None  # known before a stream is read; else looked up
