"""Import a plan from plain text exported from Word (the form of the seed plans).

Two layouts are recognised: the prose form (numbered headings, ``Tiltak/aktivitet N:`` with
``Ansvar:``/``Frist:`` lines, bullet lists, tab-separated tables, activity calendars) and the
table form (one Word table TILTAK | Kommentar | Ansvar | Frist | Status | Budsjett | Prosj.nr.).
Nothing is dropped: a line that is not recognised becomes prose where it stood.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui import texts
from tui.domain import roles
from tui.domain.model import Block, Measure, Plan, Section, new_id
from tui.formats import document as doc
from tui.formats.document import Warning_
from tui.formats.recognise import (
    LABEL,
    PLAN_TITLE,
    ImportResult,
    fill_meta,
    has_numbered_heading,
    recognise,
)
from tui.formats.sniff import text_lines

BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")
IMAGE_ALT = re.compile(r"^\s*[^\]]{0,60}beskrivelse\]")  # "Automatisk generert beskrivelse]"
HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(\S.*)$")
MEASURE = re.compile(r"^Tiltak(?:/aktivitet)?\s*(\d+)?\s*:\s*(.*)$", re.IGNORECASE)
FIELD = re.compile(r"^(Ansvar|Frist|Kommentar|Status|Budsjett|Prosj\.?\s*nr\.?)\s*:\s*(.*)$", re.I)
BULLET = re.compile(r"^\s*(?:[·•▪◦‣\-–*]|o(?=\s))\s*(.*)$")
LIST_LABEL = re.compile(
    r"^(Overordn(?:a|ede|et) mål\b.*|Overordn(?:a|ede) strategier\b.*|Fagforeningens tiltak\b.*)$",
    re.IGNORECASE,
)
GOAL_LABEL = re.compile(r"^(Fagforeningens mål|Målsetting|Mål)\b([^:]*):\s*(.*)$", re.IGNORECASE)
GLUED = re.compile(r"(?<=[a-zæøå])(?=(?:Overordna|Overordnede|Fagforeningens) )")
TARGET = re.compile(r"^(.*?\D)\s+(\d+)(?:\s+(.*))?$")
CALENDAR_HEADER = ("dato", "aktivitet", "målgruppe")
TABLE_FORM_HEADER = ("tiltak", "kommentar", "ansvar", "frist", "status", "budsjett", "prosj.nr.")


@dataclass
class _Line:
    number: int
    text: str  # cleaned
    raw: str
    bookmarked: bool
    cell: bool = False  # a tab-indented table cell (possibly empty)
    lost_heading: bool = False  # Word leaves one space where it dropped a heading
    heading_level: int = 0  # from a Word heading style (.docx); 0 in plain text

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def clean_lines(source: str) -> list[_Line]:
    out = []
    for number, raw in enumerate(source.replace("\r\n", "\n").split("\n"), start=1):
        bookmarked = "[bookmark: _Toc" in raw
        unstripped = BOOKMARK.sub("", raw).replace("\u00a0", " ")
        text = unstripped.rstrip()
        text = IMAGE_ALT.sub("", text) if "beskrivelse]" in text else text
        if re.fullmatch(r" ?\t{2,}\s*", unstripped):
            out.append(_Line(number, "", raw, bookmarked))  # a row of empty layout cells
            continue
        if unstripped.lstrip(" ").startswith("\t"):
            out.append(_Line(number, "\t" + text.strip(), raw, bookmarked, cell=True))
            continue
        lost = raw.startswith(" ") and not raw.startswith("  ") and "beskrivelse]" not in raw
        parts = GLUED.split(text) if GLUED.search(text) else [text]
        for index, part in enumerate(parts):  # the bookmark belongs to the heading, not the label
            out.append(_Line(number, part, raw, bookmarked and index == 0, lost_heading=lost))
    return out


def import_text(source: str, ids: set[str] | None = None, sink=None) -> ImportResult:
    """The plan in the text; with a `sink`, its chapters are handed to it one at a time
    (tui.formats.recognise.recognise). import_text_file reads a file the same way, in pieces."""
    source = source.replace("\r\n", "\n")  # as sniff.text_lines gives a file's lines
    if looks_like_pdf_text(source.split("\n")):
        source = unwrap_pdf_text(source)
    if not is_word_export(source.split("\n")):
        return recognise(text_document(source), ids, sink)
    result = import_lines(clean_lines(source), ids)
    head = [line.text for line in clean_lines("\n".join(source.split("\n")[:80]))]
    title = next((t.strip() for t in head if PLAN_TITLE.search(t) and len(t) < 160), "")
    fill_meta(result.plan.data["plan"], " ".join(title.split()), "\n".join(head))
    return result


def import_lines(lines: list[_Line], ids: set[str] | None = None) -> ImportResult:
    ids = ids if ids is not None else set()
    if _is_table_form(lines):
        return _TableForm(lines, ids).run()
    return _ProseForm(lines, ids).run()


# --- the prose form (seeds 000 and 001) ----------------------------------------------------


class _ProseForm:
    def __init__(self, lines: list[_Line], ids: set[str]):
        self.lines = lines
        self.ids = ids
        self.plan = Plan({"format": 1, "plan": _meta()})
        self.stack: list[Section] = []  # open sections, index = depth - 1
        self.warnings: list[Warning_] = []
        self.prose: list[str] = []
        self.prose_title = ""
        self.pos = 0

    def run(self) -> ImportResult:
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            if not self._dispatch(line):
                self._add_prose(line)
                self.pos += 1
        self._flush_prose()
        return ImportResult(self.plan, self.warnings)

    def _dispatch(self, line: _Line) -> bool:
        text = line.text.strip()
        if line.cell:
            return self._table()
        if not text:
            if self.prose and self.prose[-1] != "":
                self.prose.append("")
            self.pos += 1
            return True
        heading = self._heading(line)
        if heading:
            self._open_heading(line, *heading)
            self.pos += 1
            return True
        if self._missing_heading(line):
            self._open_untitled(line)
            if self.pos >= len(self.lines) or self.lines[self.pos] is not line:
                return True
        for handler in (self._measure, self._list, self._goal, self._bullets):
            if handler(text):
                return True
        return False

    # headings

    def _heading(self, line: _Line):
        text = line.text.strip()
        if line.heading_level and text:
            return _styled_heading(text, line.heading_level)
        match = HEADING.match(text)
        if match and _looks_like_title(match.group(2)):
            return match.group(1).count(".") + 1, match.group(2).strip(), True
        if line.bookmarked and len(text) < 90 and not text.endswith("."):
            if text.lower().startswith("vedlegg"):
                return 1, text, False
            if text.endswith(":"):
                return None  # a titled paragraph such as "Likeverd og respekt:"
            return max(len(self.stack), 2), text, False
        return None

    def _in_appendix(self) -> bool:
        return bool(self.stack) and self.stack[0].numbered is False

    def _missing_heading(self, line: _Line) -> bool:
        """Word drops some headings and leaves a line starting with one space in their place."""
        return (
            line.lost_heading
            and len(self.stack) >= 1
            and not self._in_appendix()
            and _may_start_section(line.text.strip())
            and self._section_has_content()
        )

    def _section_has_content(self) -> bool:
        top = self.stack[-1]
        return bool(top.blocks or top.measures or self.prose)

    def _open_untitled(self, line: _Line) -> None:
        if line.text.strip().lower().startswith("vedlegg"):
            self._open_section(1, line.text.strip(), False)
            self.pos += 1
            return
        depth = max(len(self.stack), 2)
        self._open_section(depth, "", True)
        self.warnings.append(
            Warning_(line.number, "overskrift mangler; innholdet ligger i en seksjon uten tittel")
        )

    def _open_heading(self, line: _Line, depth: int, title: str, numbered: bool) -> None:
        self._open_section(depth, title.rstrip(":").strip(), numbered)

    def _open_section(self, depth: int, title: str, numbered: bool) -> None:
        self._flush_prose()
        kind = "kapittel" if depth == 1 else "seksjon"
        section = Section.new(new_id(kind, self.ids), title, numbered)
        while len(self.stack) >= depth:
            self.stack.pop()
        while len(self.stack) < depth - 1:  # a 3.3.1 heading with no 3.3 before it
            filler = Section.new(new_id("seksjon", self.ids), "", True)
            self._attach(filler)
            self.stack.append(filler)
        self._attach(section)
        self.stack.append(section)

    def _attach(self, section: Section) -> None:
        if not self.stack:
            self.plan.chapters.append(section)
        else:
            self.stack[-1].sections.append(section)

    def _current(self) -> Section:
        if not self.stack:
            self._open_section(1, "", False)
        return self.stack[-1]

    # prose

    def _add_prose(self, line: _Line) -> None:
        self.prose.append(line.text.strip())

    def _flush_prose(self) -> None:
        lines, title = self.prose, self.prose_title
        self.prose, self.prose_title = [], ""  # before _current(), which may open a chapter
        while lines and lines[-1] == "":
            lines.pop()
        if lines:
            block = Block.new(
                new_id("blokk", self.ids), "tekst", tittel=title, tekst="\n".join(lines)
            )
            self._current().blocks.append(block)

    # measures

    def _measure(self, text: str) -> bool:
        match = MEASURE.match(text)
        if not match:
            return False
        self._flush_prose()
        body = [match.group(2).strip()]
        fields: dict[str, list[str]] = {}
        current = None
        self.pos += 1
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            stripped = line.text.strip()
            if not stripped:
                if current == "frist" or (current and fields.get(current)):
                    break
                self.pos += 1
                continue
            field_match = FIELD.match(stripped)
            if not field_match and (current == "frist" or self._ends_list(line)):
                break
            if field_match:
                current = _field_key(field_match.group(1))
                fields.setdefault(current, []).append(field_match.group(2).strip())
            elif current is None:
                body.append(stripped)
            else:
                fields[current].append(stripped)
            self.pos += 1
        self._current().measures.append(self._make_measure(body, fields))
        return True

    def _make_measure(self, body: list[str], fields: dict[str, list[str]]) -> Measure:
        # An Ansvar line that wraps is one line of text, not one role per line.
        responsibility = roles.split_responsibility(" ".join(fields.get("ansvar", [])))
        values = {
            "tekst": " ".join(p for p in body if p),
            "ansvar": responsibility.roles,
            "ansvar_merknad": responsibility.qualifier,
        }
        for key in ("frist", "status", "kommentar", "budsjett", "prosjektnr"):
            values[key] = " ".join(fields.get(key, [])).strip()
        return Measure.new(new_id("tiltak", self.ids), **values)

    # lists and goals

    def _list(self, text: str) -> bool:
        label = LIST_LABEL.match(text)
        if not label:
            return False
        self._flush_prose()
        title = label.group(1).strip().rstrip(":").strip()
        self.pos += 1
        items = self._items()
        block = Block.new(new_id("blokk", self.ids), "liste", tittel=title, punkter=items)
        self._current().blocks.append(block)
        return True

    def _bullets(self, text: str) -> bool:
        """Bullets without a known label; a prose line ending in ':' just before is the title."""
        if not BULLET.match(text) or text[:1] in "-*" and len(text) > 1 and text[1] != " ":
            return False
        title = ""
        if self.prose and self.prose[-1].endswith(":"):
            title = self.prose.pop().rstrip(":").strip()
        self._flush_prose()
        items = self._items()
        block = Block.new(new_id("blokk", self.ids), "liste", tittel=title, punkter=items)
        self._current().blocks.append(block)
        return True

    def _items(self) -> list[str]:
        """List items: bullet lines (with wrapped continuations) or one item per plain line."""
        items: list[str] = []
        bulleted = False
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            stripped = line.text.strip()
            if not stripped:
                if items and not self._next_is_bullet():
                    break
                self.pos += 1
                continue
            if self._ends_list(line):
                break
            bullet = BULLET.match(stripped)
            if bullet:
                bulleted = True
                items.append(bullet.group(1).strip())
            elif bulleted and items and self.lines[self.pos - 1].text.strip():
                items[-1] = f"{items[-1]} {stripped}"
            else:
                items.append(stripped)
            self.pos += 1
        return items

    def _next_is_bullet(self) -> bool:
        for line in self.lines[self.pos + 1 :]:
            if line.text.strip():
                return bool(BULLET.match(line.text.strip()))
        return False

    def _ends_list(self, line: _Line) -> bool:
        stripped = line.text.strip()
        return bool(
            LIST_LABEL.match(stripped)
            or GOAL_LABEL.match(stripped)
            or MEASURE.match(stripped)
            or line.cell
            or self._heading(line)
            or line.lost_heading
        )

    def _goal(self, text: str) -> bool:
        match = GOAL_LABEL.match(text)
        if not match:
            return False
        self._flush_prose()
        title = (match.group(1) + match.group(2)).strip()
        tekst = match.group(3).strip()
        self.pos += 1
        targets, extra = [], []
        if not tekst:
            for item in self._items():
                target = TARGET.match(item)
                if target:
                    entry = {
                        "hva": target.group(1).strip(),
                        "antall": int(target.group(2)),
                        "enhet": (target.group(3) or "").strip(),
                    }
                    targets.append(entry)
                else:
                    extra.append(item)
        if extra and not targets:
            block = Block.new(new_id("blokk", self.ids), "liste", tittel=title, punkter=extra)
            self._current().blocks.append(block)
            return True
        if extra:
            tekst = "\n".join(extra)
        block = Block.new(
            new_id("blokk", self.ids), "mål", tittel=title, tekst=tekst, maaltall=targets
        )
        self._current().blocks.append(block)
        return True

    # tables

    def _table(self) -> bool:
        self._flush_prose()
        rows = self._table_rows()
        if not rows:
            return True
        header = [c.strip().rstrip(":") for c in rows[0]]
        body = [r for r in rows[1:] if any(c.strip() for c in r)]
        width = len(header)
        body = [(r + [""] * width)[:width] if len(r) <= width else r for r in body]
        if tuple(h.lower() for h in header) == CALENDAR_HEADER:
            entries = [
                {"dato": r[0].strip(), "aktivitet": r[1].strip(), "maalgruppe": r[2].strip()}
                for r in body
            ]
            committee = str(self._current().title)
            block = Block.new(
                new_id("blokk", self.ids), "kalender", utvalg=committee, aktiviteter=entries
            )
        else:
            cells = [[c.strip() for c in r] for r in body]
            block = Block.new(
                new_id("blokk", self.ids), "tabell", tittel="", kolonner=header, rader=cells
            )
        self._current().blocks.append(block)
        return True

    def _table_rows(self) -> list[list[str]]:
        """Tab-indented cells, one per line; a blank line ends a row."""
        rows: list[list[str]] = []
        row: list[str] = []
        while self.pos < len(self.lines):
            line = self.lines[self.pos]
            if line.cell and line.raw.startswith(" ") and (rows or row):
                break  # a lost heading before a new table: Word left a space in its place
            if line.cell:
                row.append(line.text.strip())
            elif not line.text.strip():
                if row:
                    rows.append(row)
                    row = []
                if not self._table_continues():
                    self.pos += 1
                    break
            elif row and not line.raw.startswith(" "):
                row[-1] = f"{row[-1]}\n{line.text.strip()}"
            else:
                break
            self.pos += 1
        if row:
            rows.append(row)
        return [r for r in rows if any(c for c in r)] if len(rows) > 1 else rows

    def _table_continues(self) -> bool:
        for line in self.lines[self.pos + 1 :]:
            if line.text.strip() or line.cell:
                return line.cell
        return False


def _styled_heading(text: str, level: int):
    """A heading from a Word style: its own number, if typed, gives the depth."""
    match = HEADING.match(text)
    if match and _looks_like_title(match.group(2)):
        return match.group(1).count(".") + 1, match.group(2).strip(), True
    return level, text, not text.lower().startswith("vedlegg")


PAGE_NUMBER = re.compile(r"^\s*(?:(?:side|page)\s+)?\d{1,3}(?:\s*(?:av|/|of)\s*\d{1,3})?\s*$", re.I)
HYPHEN_BREAK = re.compile(r"(?<=[a-zæøå])-\n(?=[a-zæøå])")
HYPHEN_END, LOWER_START = re.compile(r"[a-zæøå]-$"), re.compile(r"[a-zæøå]")


def looks_like_pdf_text(lines: Iterable[str]) -> bool:
    """Text copied out of a PDF: form feeds, page numbers alone on lines, words hyphenated
    at line ends, or most lines broken in mid-sentence. One pass over the lines."""
    pages = hyphens = broken = count = 0
    before, previous = "", ""  # the line before as it is; the last one with text in it
    for line in lines:
        if "\f" in line:
            return True
        hyphens += bool(HYPHEN_END.search(before) and LOWER_START.match(line))
        before = line
        if not line.strip() or line.startswith("\t"):
            continue
        count += 1
        pages += bool(PAGE_NUMBER.match(line) and not HEADING.match(line))
        broken += bool(previous.rstrip()[-1:].isalpha() and line.lstrip()[:1].islower())
        previous = line
    return pages >= 2 or hyphens >= 2 or (count > 10 and broken > count * 0.3)


def unwrap_pdf_text(source: str) -> str:
    """Undo what copying from a PDF does: drop page numbers, join hyphenated words and
    sentences broken over lines. Lists, labels, headings and table cells stay lines."""
    source = HYPHEN_BREAK.sub("", source.replace("\f", "\n"))
    out: list[str] = []
    for line in source.split("\n"):
        if PAGE_NUMBER.match(line) and line.strip():
            continue
        stripped = line.strip()
        joinable = (
            out
            and stripped
            and stripped[0].islower()
            and not line.startswith("\t")
            and out[-1].strip()
            and not out[-1].startswith("\t")
            and not out[-1].rstrip().endswith((".", ":", "!", "?"))
            and not BULLET.match(stripped)
            and not FIELD.match(stripped)
        )
        if joinable:
            out[-1] = f"{out[-1].rstrip()} {stripped}"
        else:
            out.append(line)
    return "\n".join(out)


def _may_start_section(text: str) -> bool:
    """'Overordna mål' opens a section; other labels ('Fagforeningens tiltak') never do."""
    label = LIST_LABEL.match(text) or GOAL_LABEL.match(text)
    return text.lower().startswith("overordn") if label else not HEADING.match(text)


def _looks_like_title(text: str) -> bool:
    text = text.strip()
    return (
        bool(text)
        and (text[0].isupper() or text[0].isdigit())
        and len(text) <= 110
        and not text.endswith(".")
        and not MEASURE.match(text)
    )


def _field_key(label: str) -> str:
    low = label.lower().replace(" ", "")
    return {
        "prosj.nr.": "prosjektnr",
        "prosj.nr": "prosjektnr",
        "prosjnr": "prosjektnr",
        "prosjnr.": "prosjektnr",
    }.get(low, low)


def _meta() -> dict:
    return {key: "" for key in ("organisasjon", "avdeling", "tittel", "periode", "vedtatt")}


# --- the table form (seed 004) ----------------------------------------------------------------


def _is_table_form(lines: list[_Line]) -> bool:
    cells = [line.text.strip().lower() for line in lines if line.cell]
    header = list(TABLE_FORM_HEADER)
    return any(cells[i : i + len(header)] == header for i in range(len(cells)))


class _TableForm:
    """One Word table flattened to one cell per tab-indented line, rows separated by blank
    lines. A blank line inside a cell splits a row into pieces, which are joined again; the
    numbered measures (1.1, 1.2 ...) are merged cells and become sections whose activity
    rows are the measures. A row with no activity text continues the activity above it."""

    WIDTH = len(TABLE_FORM_HEADER)
    CHAPTER = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
    SECTION = re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s*(?:\d\s+)?(\S.*)$")

    def __init__(self, lines: list[_Line], ids: set[str]):
        self.lines = lines
        self.ids = ids
        self.plan = Plan({"format": 1, "plan": _meta()})
        self.warnings: list[Warning_] = []
        self.chapter: Section | None = None
        self.section: Section | None = None
        self.trailing: list[str] = []

    def _groups(self) -> list[list[tuple[int, str]]]:
        groups: list[list[tuple[int, str]]] = []
        current: list[tuple[int, str]] = []
        for line in self.lines:
            if line.cell:
                current.append((line.number, line.text.strip()))
            elif line.text.strip() and current:
                number, text = current[-1]
                current[-1] = (number, f"{text}\n{line.text.strip()}".strip())
            elif line.text.strip():
                self.trailing.append(line.text.strip())
            elif current:
                groups.append(current)
                current = []
        if current:
            groups.append(current)
        return groups

    def run(self) -> ImportResult:
        groups = self._groups()
        header_at = next(
            i for i, g in enumerate(groups) if [c.lower() for _, c in g] == list(TABLE_FORM_HEADER)
        )
        self._preamble([c for g in groups[:header_at] for _, c in g if c])
        pending: list[tuple[int, str]] = []
        for group in groups[header_at + 1 :]:
            first = group[0][1]
            is_heading = bool(self.CHAPTER.match(first) or self.SECTION.match(first))
            if pending and (is_heading or len(group) == self.WIDTH):
                self._row(pending)
                pending = []
            if len(group) == 1 and not first:
                continue
            if is_heading:
                self._heading(group)
            elif len(group) == 1 and first and not pending:
                self._free_heading(group[0])
            else:
                pending.extend(group)
                while len(pending) >= self.WIDTH:
                    self._row(pending[: self.WIDTH])
                    pending = pending[self.WIDTH :]
        if pending:
            self._row(pending)
        if self.trailing:
            self._closing_text(self.trailing)
        return ImportResult(self.plan, self.warnings)

    def _heading(self, group: list[tuple[int, str]]) -> None:
        number, text = group[0]
        chapter = self.CHAPTER.match(text)
        if chapter and not self.SECTION.match(text):
            self.chapter = Section.new(new_id("kapittel", self.ids), chapter.group(2).strip())
            self.plan.chapters.append(self.chapter)
            self.section = None
        else:
            title = self.SECTION.match(text).group(2).strip()
            self.section = Section.new(new_id("seksjon", self.ids), title)
            self._current_chapter(number).sections.append(self.section)
        rest = group[1:]
        if any(c for _, c in rest):
            self._row([(number, ""), *rest])

    def _free_heading(self, cell: tuple[int, str]) -> None:
        """A one-cell row that is not numbered: the template's 'other measures' part."""
        number, text = cell
        self.section = Section.new(new_id("seksjon", self.ids), "", False)
        self.section.blocks.append(Block.new(new_id("blokk", self.ids), "tekst", tekst=text))
        self._current_chapter(number).sections.append(self.section)
        self.warnings.append(Warning_(number, "rad uten nummer; lagt i en seksjon uten tittel"))

    def _current_chapter(self, number: int) -> Section:
        if self.chapter is None:
            self.chapter = Section.new(new_id("kapittel", self.ids), "")
            self.plan.chapters.append(self.chapter)
            self.warnings.append(Warning_(number, texts.IMPORT_MEASURE_BEFORE_CHAPTER))
        return self.chapter

    def _row(self, cells: list[tuple[int, str]]) -> None:
        values = [c for _, c in cells]
        if len(values) == self.WIDTH - 1:  # a merged Kommentar cell
            values.insert(1, "")
        values = (values + [""] * self.WIDTH)[: self.WIDTH]
        if not any(values):
            return
        number = cells[0][0]
        if self.section is None:
            self.section = Section.new(new_id("seksjon", self.ids), "", False)
            self._current_chapter(number).sections.append(self.section)
        measures = self.section.measures
        if not values[0] and measures:
            _continue_measure(measures[-1], values)
            return
        if not values[0]:  # the numbered row's own activity: the row above holds its text
            values[0] = str(self.section.title)
            message = texts.IMPORT_ROW_WITHOUT_TEXT.format(title=values[0])
            self.warnings.append(Warning_(number, message))
        measures.append(self._measure(values))

    def _measure(self, row: list[str]) -> Measure:
        text, comment, responsible, deadline, status, budget, project = row
        split = roles.split_responsibility(responsible)
        return Measure.new(
            new_id("tiltak", self.ids),
            tekst=text,
            ansvar=split.roles,
            ansvar_merknad=split.qualifier,
            frist=" ".join(deadline.split()),
            status=status,
            kommentar=comment,
            budsjett=budget,
            prosjektnr=project,
        )

    def _preamble(self, texts: list[str]) -> None:
        meta = self.plan.data["plan"]
        if texts:
            title = " ".join(texts[0].split())
            meta["tittel"] = title
            year = re.search(r"\b(\d{4})\b", title)
            meta["periode"] = year.group(1) if year else ""
            avd = re.search(r"avd\.?\s*(\d+)", title, re.IGNORECASE)
            meta["avdeling"] = avd.group(1).zfill(3) if avd else ""
        if len(texts) > 1:
            intro = Section.new(new_id("kapittel", self.ids), "", False)
            intro.blocks.append(
                Block.new(new_id("blokk", self.ids), "tekst", tekst="\n".join(texts[1:]))
            )
            self.plan.chapters.append(intro)

    def _closing_text(self, texts: list[str]) -> None:
        closing = Section.new(new_id("kapittel", self.ids), "", False)
        closing.blocks.append(Block.new(new_id("blokk", self.ids), "tekst", tekst="\n".join(texts)))
        self.plan.chapters.append(closing)


def _continue_measure(measure: Measure, row: list[str]) -> None:
    """Cells of a row without activity text belong to the activity above it."""
    _, comment, responsible, deadline, status, budget, project = row
    split = roles.split_responsibility(responsible)
    measure.responsible = [
        *measure.responsible,
        *(r for r in split.roles if r not in measure.responsible),
    ]
    if split.qualifier:
        measure.qualifier = "; ".join(q for q in (measure.qualifier, split.qualifier) if q)
    for key, value in (
        ("kommentar", comment),
        ("frist", " ".join(deadline.split())),
        ("status", status),
        ("budsjett", budget),
        ("prosjektnr", project),
    ):
        old = measure.data.get(key, "")
        if value and value != old:
            measure.data[key] = f"{old}; {value}" if old else value


# --- text written by hand: blocks for the recogniser ------------------------------------------


def is_word_export(lines: Iterable[str]) -> bool:
    """Word's own text export (bookmarks, tab-indented table cells, the table form): read by
    the line rules above, which know its artefacts. Other text goes to the recogniser."""
    return any("[bookmark: " in line or line.lstrip(" ").startswith("\t") for line in lines)


def text_document(source: str) -> doc.Document:
    return doc.Document(list(text_blocks(source.replace("\r\n", "\n").split("\n"))))


def text_blocks(lines: Iterable[str]) -> Iterator[doc.Block]:
    """Plain text as blocks: a numbered line that reads as a title is a heading, a bulleted or
    numbered line with labels an item, every other line a paragraph. A line that starts in
    lower case continues the line above it (a wrapped line), so a block is handed on when the
    line after it is read."""
    previous: doc.Block | None = None
    for number, raw in enumerate(lines, start=1):
        text = raw.replace("\u00a0", " ").strip()
        wrapped = text[:1].islower() and not BULLET.match(text) and not LABEL.match(text)
        if previous is not None and wrapped and previous.kind != doc.HEADING:
            previous.text = f"{previous.text} {text}"
            continue
        if previous is not None:
            yield previous
        previous = _text_block(number, raw, text) if text else None
    if previous is not None:
        yield previous


def import_text_file(path: Path, codec: str, sink) -> ImportResult | None:
    """The plan in a text file read a line at a time, its chapters handed to `sink`; None
    for text that needs the whole file at once (Word's export, text copied from a PDF)."""

    def lines() -> Iterator[str]:
        return text_lines(path, codec)

    if looks_like_pdf_text(lines()) or is_word_export(lines()):
        return None
    numbered = has_numbered_heading(text_blocks(lines()))
    return recognise(doc.Document(text_blocks(lines()), numbered_headings=numbered), sink=sink)


def _text_block(number: int, raw: str, text: str) -> doc.Block:
    bullet = BULLET.match(text)
    if bullet and not (text[:1] in "-*" and len(text) > 1 and text[1] != " "):
        depth = 1 + (len(raw) - len(raw.lstrip())) // 2
        return doc.Block(doc.ITEM, number, bullet.group(1).strip(), depth)
    heading = HEADING.match(text)
    if heading and _looks_like_title(heading.group(2)) and not LABEL.search(text):
        return doc.Block(doc.HEADING, number, text)
    listed = NUMBERED_ITEM.match(text)
    if listed:
        return doc.Block(doc.ITEM, number, listed.group(2).strip(), 1, listed.group(1))
    return doc.Block(doc.PARAGRAPH, number, text)


NUMBERED_ITEM = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
