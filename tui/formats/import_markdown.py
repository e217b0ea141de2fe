"""Import a plan from the Markdown that `handlingsplan export` writes (either profile, either
layout), so a page taken from the web site comes back as the same plan content."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from tui import texts
from tui.domain.model import Block, Measure, Plan, Section, new_id
from tui.formats import document as doc
from tui.formats import export
from tui.formats.import_text import ImportResult, Warning_, _meta
from tui.formats.recognise import from_page

ANCHOR = re.compile(r"\s*\{#[^}]*\}\s*$")
NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\s+(.*)$")
MEASURE_HEADING = re.compile(rf"^{export.LABEL_MEASURE} (\d+)$")
QUALIFIER = re.compile(r"^(.*?)\s*\(([^()]*)\)$")
FIELD_OF_LABEL = {
    export.LABEL_RESPONSIBLE: "ansvar",
    export.LABEL_DEADLINE: "frist",
    export.LABEL_STATUS: "status",
    export.LABEL_COMMENT: "kommentar",
    export.LABEL_BUDGET: "budsjett",
    export.LABEL_PROJECT: "prosjektnr",
}
GOAL_TITLES = ("fagforeningens mål", "målsetting", "mål")


@dataclass
class _Para:
    """A paragraph as (bold lead, rest) — '**Frist:** 1. juni' is ('Frist:', '1. juni')."""

    bold: str
    rest: str

    @property
    def text(self) -> str:
        return f"{self.bold} {self.rest}".strip() if self.bold else self.rest


@dataclass
class _Reader:
    ids: set[str]
    plan: Plan = field(default_factory=lambda: Plan({"format": 1, "plan": _meta()}))
    stack: list[tuple[int, Section]] = field(default_factory=list)  # (heading level, section)
    measure: Measure | None = None
    pending_title: str = ""
    prose: list[str] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)


def import_markdown(source: str, ids: set[str] | None = None) -> ImportResult:
    reader = _Reader(ids if ids is not None else set())
    source = _front_matter(source, reader.plan)
    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    _read(tokens, reader)
    _flush_title(reader)
    _flush_prose(reader)
    return ImportResult(reader.plan, reader.warnings)


class FrontMatterError(ValueError):
    """Front matter we cannot read: the importer says where and why instead of guessing."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


FRONT_MATTER_KEYS = {
    "title": "tittel",
    "organisation": "organisasjon",
    "period": "periode",
    "date": "vedtatt",
}


def _front_matter(source: str, plan: Plan) -> str:
    """Read the plan's metadata from a YAML front matter block; the rest of the source."""
    lines = source.split("\n")  # not splitlines(): U+2028 and the like may stand in a value
    if lines[0].rstrip("\r") != "---":
        return source
    end = next((i for i, line in enumerate(lines) if i and line.rstrip("\r") == "---"), None)
    if end is None:
        raise FrontMatterError(1, texts.FRONT_MATTER_UNCLOSED)
    for number, line in enumerate(lines[1:end], start=2):
        if line.startswith("-"):
            raise FrontMatterError(number, texts.FRONT_MATTER_IS_LIST)
        key, colon, value = line.rstrip("\r").partition(":")
        if colon and key.strip() in FRONT_MATTER_KEYS:
            try:
                plan.data["plan"][FRONT_MATTER_KEYS[key.strip()]] = _scalar(value.strip())
            except ValueError as error:
                message = texts.FRONT_MATTER_BAD_VALUE.format(key=key.strip(), reason=error)
                raise FrontMatterError(number, message) from None
    return "\n".join(lines[end + 1 :])


def _scalar(text: str) -> str:
    """A one-line YAML scalar: "double-quoted" (YAML escapes, JSON's included), 'single-quoted'
    or plain. ValueError (in Norwegian) for one that is not closed or has an unknown escape."""
    if text.startswith('"'):
        return _double_quoted(text)
    if text.startswith("'"):
        inner = text[1:-1].replace("''", "")
        if len(text) < 2 or not text.endswith("'") or "'" in inner:
            raise ValueError(texts.FRONT_MATTER_UNCLOSED_QUOTE)
        return text[1:-1].replace("''", "'")
    if text[:1] in _NOT_TEXT:  # a list, a table, a tag, an anchor, an alias or a block
        raise ValueError(texts.FRONT_MATTER_NOT_TEXT.format(start=text[:1]))
    return text


# What YAML reads as something other than a plain one-line text when a value starts with it.
_NOT_TEXT = "[{!&*|>"


_ESCAPES = {
    "0": "\0",
    "a": "\a",
    "b": "\b",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\v",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"(.*)', re.DOTALL)
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)


def _double_quoted(text: str) -> str:
    match = _DOUBLE_QUOTED.fullmatch(text)
    if match is None:
        raise ValueError(texts.FRONT_MATTER_UNCLOSED_QUOTE)
    if match.group(2).strip():
        raise ValueError(texts.FRONT_MATTER_AFTER_QUOTE)
    return _joined_surrogates(_ESCAPE.sub(_unescape, match.group(1)))


def _unescape(match: re.Match) -> str:
    code = match.group(1)
    if code in _ESCAPES:
        return _ESCAPES[code]
    if len(code) > 1 and int(code[1:], 16) <= 0x10FFFF:  # \xHH, \uHHHH, \UHHHHHHHH
        return chr(int(code[1:], 16))
    raise ValueError(texts.FRONT_MATTER_BAD_ESCAPE.format(escape=match.group()))


def _joined_surrogates(text: str) -> str:
    """JSON writes a character beyond U+FFFF as two \\u escapes (a surrogate pair)."""
    try:
        return text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        raise ValueError(texts.FRONT_MATTER_BAD_ESCAPE.format(escape="\\u")) from None


def _inline_text(token) -> _Para:
    bold, rest, in_bold = [], [], False
    for child in token.children or []:
        if child.type == "strong_open":
            in_bold = True
        elif child.type == "strong_close":
            in_bold = False
        elif child.type in ("text", "code_inline"):
            (bold if in_bold else rest).append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            rest.append(" ")
    return _Para("".join(bold).strip(), " ".join("".join(rest).split()))


def _read(tokens, reader: _Reader) -> None:
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            _heading(reader, int(token.tag[1]), _inline_text(tokens[i + 1]).text)
            i += 3
        elif token.type == "paragraph_open":
            _paragraph(reader, _inline_text(tokens[i + 1]))
            i += 3
        elif token.type == "bullet_list_open":
            end = _closing(tokens, i)
            items = [_inline_text(t) for t in tokens[i:end] if t.type == "inline"]
            _list(reader, items)
            i = end + 1
        elif token.type == "table_open":
            end = _closing(tokens, i)
            _table(reader, _table_rows(tokens[i:end]))
            i = end + 1
        else:
            i += 1


def _closing(tokens, start: int) -> int:
    depth = 0
    for j in range(start, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _table_rows(tokens) -> list[list[str]]:
    rows: list[list[str]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline":
            rows[-1].append(_inline_text(token).text)
    return rows


# --- structure ------------------------------------------------------------------------------


IMPLICIT = 10**6  # the level of the untitled chapter made for text before any heading


def _heading(reader: _Reader, level: int, text: str) -> None:
    _flush_title(reader)
    _flush_prose(reader)
    text = ANCHOR.sub("", text)
    if MEASURE_HEADING.match(text):
        section = _current(reader)
        reader.measure = Measure.new(new_id("tiltak", reader.ids))
        section.measures.append(reader.measure)
        return
    reader.measure = None
    number = NUMBER.match(text)
    title, numbered = (number.group(2), True) if number else (text, False)
    while reader.stack and reader.stack[-1][0] >= level:
        reader.stack.pop()
    kind = "seksjon" if reader.stack else "kapittel"
    section = Section.new(new_id(kind, reader.ids), title.strip(), numbered)
    if reader.stack:
        reader.stack[-1][1].sections.append(section)
    else:
        reader.plan.chapters.append(section)
    reader.stack.append((level, section))


def _current(reader: _Reader) -> Section:
    if not reader.stack:
        section = Section.new(new_id("kapittel", reader.ids), "", False)
        reader.plan.chapters.append(section)
        reader.stack.append((IMPLICIT, section))
    return reader.stack[-1][1]


def _flush_title(reader: _Reader) -> None:
    """A bold title that no list or table followed is a block of its own (an empty goal)."""
    title, reader.pending_title = reader.pending_title, ""
    if title and title != "\0contents":
        _paragraph(reader, _Para(title, ""), standalone=True)


def _paragraph(reader: _Reader, para: _Para, standalone: bool = False) -> None:
    if not standalone:
        _flush_title(reader)
    if para.bold == f"{export.LABEL_CONTENTS}:" and not para.rest:
        reader.pending_title = "\0contents"
        return
    if reader.measure is not None and not para.bold:
        text = reader.measure.text
        reader.measure.text = f"{text}\n{para.rest}" if text else para.rest
        return
    if para.bold and not para.rest and not standalone:
        _flush_prose(reader)
        reader.pending_title = para.bold
        return
    if para.bold:
        _flush_prose(reader)
        title = _untitle(para.bold)
        kind = "mål" if title.lower().startswith(GOAL_TITLES) else "tekst"
        values = {"tittel": title, "tekst": para.rest}
        if kind == "mål":
            values["maaltall"] = []
        _current(reader).blocks.append(Block.new(new_id("blokk", reader.ids), kind, **values))
        return
    reader.prose.append(para.rest)


def _untitle(bold: str) -> str:
    """'**Overordna mål 2024 - 2025:**' -> 'Overordna mål 2024 - 2025' (export adds the colon)."""
    return bold[:-1].strip() if bold.endswith(":") else bold


def _flush_prose(reader: _Reader) -> None:
    if reader.prose:
        block = Block.new(new_id("blokk", reader.ids), "tekst", tekst="\n".join(reader.prose))
        _current(reader).blocks.append(block)
        reader.prose = []


def _list(reader: _Reader, items: list[_Para]) -> None:
    _flush_prose(reader)
    title, reader.pending_title = reader.pending_title, ""
    if title == "\0contents":
        return
    if reader.measure is not None and items and items[0].bold.endswith(":"):
        _measure_fields(reader.measure, items)
        reader.measure = None
        return
    section = _current(reader)
    last = section.blocks[-1] if section.blocks else None
    if not title and last is not None and last.type == "mål" and not last.data["maaltall"]:
        last.data["maaltall"] = [_target(item.text) for item in items]
        return
    block = Block.new(
        new_id("blokk", reader.ids),
        "liste",
        tittel=_untitle(title),
        punkter=[item.text for item in items],
    )
    section.blocks.append(block)


def _target(text: str) -> dict:
    what, _, amount = text.rpartition(": ")
    number, _, unit = amount.partition(" ")
    if number.isdigit():
        return {"hva": what, "antall": int(number), "enhet": unit}
    return {"hva": text, "antall": 0, "enhet": ""}


def _measure_fields(measure: Measure, items: list[_Para]) -> None:
    for item in items:
        label = item.bold[:-1] if item.bold.endswith(":") else item.bold
        key = FIELD_OF_LABEL.get(label)
        rest = from_page(item.rest)
        if key == "ansvar":
            measure.responsible, measure.qualifier = split_responsible(rest)
        elif key:
            measure.data[key] = rest


def split_responsible(text: str) -> tuple[list[str], str]:
    """'Leder, Nestleder (etter innspill)' -> (['Leder', 'Nestleder'], 'etter innspill')."""
    qualifier = ""
    match = QUALIFIER.match(text)
    if match:
        text, qualifier = match.group(1), match.group(2)
    return [r.strip() for r in text.split(",") if r.strip()], qualifier


def _table(reader: _Reader, rows: list[list[str]]) -> None:
    _flush_prose(reader)
    title, reader.pending_title = reader.pending_title, ""
    if not rows:
        return
    header, body = rows[0], rows[1:]
    section = _current(reader)
    if header[:4] == [
        export.LABEL_MEASURE,
        export.LABEL_RESPONSIBLE,
        export.LABEL_DEADLINE,
        export.LABEL_STATUS,
    ]:
        reader.pending_title = title
        _flush_title(reader)
        for row in body:
            section.measures.append(_measure_from_row(reader, header, row))
    elif header == export.CALENDAR_COLUMNS:
        entries = [{"dato": r[0], "aktivitet": r[1], "maalgruppe": r[2]} for r in body]
        committee = _untitle(title) if title else str(section.title)
        block = Block.new(
            new_id("blokk", reader.ids), "kalender", utvalg=committee, aktiviteter=entries
        )
        section.blocks.append(block)
    else:
        block = Block.new(
            new_id("blokk", reader.ids),
            "tabell",
            tittel=_untitle(title),
            kolonner=header,
            rader=body,
        )
        section.blocks.append(block)


def _measure_from_row(reader: _Reader, header: list[str], row: list[str]) -> Measure:
    cells = dict(zip(header, row, strict=False))
    text = re.sub(r"^\d+\.\s+", "", cells.get(export.LABEL_MEASURE, ""))
    roles, qualifier = split_responsible(cells.get(export.LABEL_RESPONSIBLE, ""))
    values = {"tekst": text, "ansvar": roles, "ansvar_merknad": qualifier}
    for label, key in FIELD_OF_LABEL.items():
        if key != "ansvar" and label in cells:
            values[key] = cells[label]
    return Measure.new(new_id("tiltak", reader.ids), **values)


# --- Markdown written by hand -----------------------------------------------------------------

EXPORT_MEASURE = re.compile(rf"^#{{2,6}} {export.LABEL_MEASURE} \d+\s*$", re.MULTILINE)
EXPORT_TABLE = re.compile(r"^\| Tiltak +\| Ansvar +\| Frist +\| Status", re.MULTILINE)


def is_export(source: str) -> bool:
    """Markdown that `handlingsplan export` wrote: read back field for field by import_markdown;
    any other Markdown goes to the recogniser (markdown_document)."""
    measures = EXPORT_MEASURE.search(source) and f"**{export.LABEL_RESPONSIBLE}:**" in source
    return source.startswith("---") or bool(measures or EXPORT_TABLE.search(source))


def markdown_document(source: str) -> doc.Document:
    """Hand-written Markdown as blocks: headings, paragraphs (soft breaks kept), list items
    with their depth and number, tables."""
    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    document = doc.Document()
    depth = 0
    number = ""
    i = 0
    while i < len(tokens):
        token = tokens[i]
        line = token.map[0] + 1 if token.map else 0
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open":
            number = token.info
        elif token.type == "heading_open":
            text = _plain(tokens[i + 1])
            document.blocks.append(doc.Block(doc.HEADING, line, text, int(token.tag[1])))
            i += 3
            continue
        elif token.type == "paragraph_open":
            kind = doc.ITEM if depth else doc.PARAGRAPH
            document.blocks.append(doc.Block(kind, line, _plain(tokens[i + 1]), depth, number))
            number = ""
            i += 3
            continue
        elif token.type == "table_open":
            end = _closing(tokens, i)
            document.blocks.append(doc.Block(doc.TABLE, line, rows=_table_rows(tokens[i:end])))
            i = end + 1
            continue
        i += 1
    _heading_depths(document.blocks)
    return document


def _plain(token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts).strip()


def _heading_depths(blocks: list[doc.Block]) -> None:
    """'## 3.1 Heltid' sits at depth 2 by its number; an unnumbered heading by its '#'s, counted
    from the shallowest heading below a lone '#' title."""
    headings = [b for b in blocks if b.kind == doc.HEADING]
    levels = [b.level for b in headings]
    top = min((lvl for lvl in levels if lvl > 1 or levels.count(1) > 1), default=1)
    for block in headings:
        typed = NUMBER.match(block.text)
        block.level = typed.group(1).count(".") + 1 if typed else max(block.level - top + 1, 1)
