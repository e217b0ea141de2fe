"""From a document's blocks to a plan: one recogniser for .docx, hand-written Markdown and text.

Headings come from the document's outline (style or level) first and typed numbers second.
Measures are recognised by meaning: a ``Tiltak/aktivitet`` block, ``Ansvar:``/``Frist:``
labels wherever they stand (own paragraph, same paragraph, after a soft break, in
parentheses, in list items), and tables whose header words name measure fields. Every guess
is a warning with the source's paragraph or line number; nothing is dropped.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from tui import texts
from tui.domain import roles
from tui.domain.deadlines import MONTH_NAMES
from tui.domain.fields import MEASURE_FIELDS
from tui.domain.model import Block as PlanBlock
from tui.domain.model import (
    Measure,
    MeasureRef,
    Numbering,
    Plan,
    Section,
    SectionRef,
    new_id,
    walk_under,
)
from tui.domain.textkey import shorten
from tui.formats.document import HEADING, ITEM, PARAGRAPH, TABLE, Block, Document, Warning_

# Header words of a measures table -> the measure's TOML key (lower case, without ':').
SYNONYMS = {
    "tiltak": "tekst",
    "tiltak/aktivitet": "tekst",
    "tiltak / aktivitet": "tekst",
    "tiltak og aktiviteter": "tekst",
    "aktivitet": "tekst",
    "aktiviteter": "tekst",
    "hva": "tekst",
    "ansvar": "ansvar",
    "ansvarlig": "ansvar",
    "ansvarlige": "ansvar",
    "hvem": "ansvar",
    "frist": "frist",
    "tidsfrist": "frist",
    "når": "frist",
    "dato": "frist",
    "status": "status",
    "kommentar": "kommentar",
    "kommentarer": "kommentar",
    "merknad": "kommentar",
    "merknader": "kommentar",
    "budsjett": "budsjett",
    "prosjektnr": "prosjektnr",
    "prosjektnr.": "prosjektnr",
    "prosj.nr.": "prosjektnr",
    "prosj.nr": "prosjektnr",
    "prosj. nr.": "prosjektnr",
    "prosjektnummer": "prosjektnr",
}
# The same words as labels in running text ("Ansvar: Leder", "(frist: 1. juni)").
LABEL = re.compile(
    r"(?<![\w.])(ansvarlige?|ansvar|hvem|tidsfrist|frist|når|status|kommentar|merknad|budsjett|"
    r"prosj\.?\s*nr\.?|prosjektnr\.?|prosjektnummer)\s*:",
    re.IGNORECASE,
)
MEASURE_LABEL = re.compile(
    r"^\s*(?:tiltak(?:\s*/\s*aktivitet)?|aktivitet)\s*(\d+)?\s*[:.]\s*", re.I
)
NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(\S.*)$", re.DOTALL)
# A line of a typed table of contents: a numbered title, then a tab or dots and its page.
CONTENTS_LINE = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,4}\.?\s+\S.*?(?:\t|\.{3,}|…)\s*\d{1,3}$")
# A measure's text typed with its place in a list: "1. Verve", "2) Kurs", "a) Stand".
LIST_NUMBER = re.compile(r"^(?:\d{1,2}[.)]|[a-zæøå]\))\s+(?=\S)")
LIST_LABEL = re.compile(
    r"^(Overordn(?:a|ede|et) mål\b.*|Overordn(?:a|ede) strategier\b.*|Fagforeningens tiltak\b.*"
    r"|Fagforeningens mål\b.*|Målsetting\b.*)$",
    re.IGNORECASE,
)
GLUED = re.compile(r"(?<=[a-zæøå])(?=(?:Overordna|Overordnede|Fagforeningens|Målsetting) )")
CALENDAR = ("dato", "aktivitet", "målgruppe")
APPENDIX = re.compile(r"^vedlegg\b", re.IGNORECASE)
PLAN_TITLE = re.compile(r"\b(?:handlingsplan|tiltaksplan|arbeidsplan|årsplan)", re.IGNORECASE)
YEARS = re.compile(r"\b(20\d\d)\s*(?:[-–—/]|til)\s*(20\d\d)\b")
YEAR = re.compile(r"\b(20\d\d)\b")
BRANCH = re.compile(r"\bavd(?:eling|\.)?\s*(?:nr\.?\s*)?(\d{1,4})\b", re.IGNORECASE)
ORGANISATION = re.compile(
    r"\b((?:Fagforbundet|[A-ZÆØÅ][\wæøå-]* Fagforening)(?: [A-ZÆØÅ][\wæøå-]+){0,3})"
)
ADOPTED = re.compile(
    r"vedtatt\b[^.\n]{0,40}?(\d{1,2})\.\s*(\d{1,2}\.\s*|[a-zæøå]+\s+)(\d{4})", re.IGNORECASE
)
IMPLICIT = 0  # the depth of the untitled chapter made for text before the first heading
# The fields a label sets as written: all but the text, the roles and their qualifier, which
# have rules of their own.
FIELDS = tuple(f.key for f in MEASURE_FIELDS if f.key not in ("tekst", "ansvar", "ansvar_merknad"))


@dataclass
class ImportResult:
    plan: Plan
    warnings: list[Warning_] = field(default_factory=list)


def empty_meta() -> dict:
    return {key: "" for key in ("organisasjon", "avdeling", "tittel", "periode", "vedtatt")}


def fill_meta(meta: dict, title: str, text: str) -> None:
    """The plan's metadata from its title and the text of its first pages; fields already
    filled stay as they are."""
    found = {"tittel": title}
    years = YEARS.search(title) or YEARS.search(text)
    if years:
        found["periode"] = f"{years.group(1)}–{years.group(2)}"
    elif YEAR.search(title):
        found["periode"] = YEAR.search(title).group(1)
    branch = BRANCH.search(title) or BRANCH.search(text)
    found["avdeling"] = branch.group(1).zfill(3) if branch else ""
    organisation = ORGANISATION.search(title) or ORGANISATION.search(text)
    if organisation is None and title.isupper():  # "HANDLINGSPLAN FOR FAGFORBUNDET TRONDHEIM"
        organisation = ORGANISATION.search(title.title())
    if organisation:
        found["organisasjon"] = re.sub(r"\s+(?:[Aa]vd|Handlingsplan).*$", "", organisation.group(1))
    found["vedtatt"] = _adopted(text)
    for key, value in found.items():
        if value and not str(meta.get(key, "")).strip():
            meta[key] = value


Sink = Callable[[str, Section], None]


def recognise(
    document: Document, ids: set[str] | None = None, sink: Sink | None = None
) -> ImportResult:
    """The plan in the document. With a `sink`, the plan goes to it in parts as soon as each
    is whole: a chapter with its own content ("kapittel") when its first section starts,
    each section with everything under it ("kapittel.seksjon") when the next one starts.
    None of it is left in the result's plan, and no more than a section is held at a time
    (`import` writes a big document's plan so)."""
    recogniser = _Recogniser(document, ids if ids is not None else set(), sink)
    recogniser.run()
    return ImportResult(recogniser.plan, recogniser.warnings)


# --- labels ----------------------------------------------------------------------------------


def field_key(label: str) -> str:
    word = " ".join(label.lower().split())
    return SYNONYMS.get(word) or SYNONYMS.get(word.replace(" ", ""), "")


def split_labels(text: str) -> tuple[str, dict[str, str]]:
    """'Verve (ansvar: Leder, frist: 1. juni)' -> ('Verve', {'ansvar': 'Leder', 'frist': ...}).
    The text before the first label, and each label's value; ({}) when there is none."""
    found = list(LABEL.finditer(text))
    if not found:
        return text.strip(), {}
    before = text[: found[0].start()]
    in_parentheses = before.rstrip().endswith("(")
    if in_parentheses:
        before = before.rstrip()[:-1]
    values: dict[str, str] = {}
    for match, following in zip(found, [*found[1:], None], strict=True):
        value = text[match.end() : following.start() if following else len(text)]
        if following is None and in_parentheses:
            value = value.rstrip().removesuffix(")")
        key = field_key(match.group(1))
        value = _tidy_value(value, last=following is None)
        values[key] = f"{values[key]}; {value}" if values.get(key) else value
    return _tidy_text(before), values


def _tidy_value(value: str, last: bool) -> str:
    value = " ".join(value.split()).strip(" ,;–—-")
    words = value.split(" ")
    if value.endswith(".") and not re.fullmatch(r"\d+\.", words[-1]):
        value = value[:-1] if not last or len(words) > 1 or not value[:-1].isdigit() else value
    return value.strip()


def _tidy_text(text: str) -> str:
    return " ".join(text.split()).strip(" ,;:–—-")


def _is_measure_text(values: dict[str, str]) -> bool:
    return "ansvar" in values or "frist" in values


# --- the recogniser ------------------------------------------------------------------------


@dataclass
class _List:
    title: str
    items: list[str]
    line: int
    plain: bool = False  # items written as plain lines under a list label


class _Recogniser:
    def __init__(self, document: Document, ids: set[str], sink: Sink | None):
        self.document = document
        self.ids = ids
        self.sink = sink
        self.plan = Plan({"format": 1, "plan": empty_meta()})
        self.warnings: list[Warning_] = list(document.warnings)
        self.stack: list[tuple[int, Section]] = []  # (depth, section)
        self.prose: list[tuple[int, str]] = []
        self.list: _List | None = None
        self.measure: Measure | None = None
        self.measure_has_fields = False
        self.pending_title = ""
        self.chapters = Numbering(None, 1)
        self.chapter: SectionRef | None = None  # the chapter being read
        self.sections: Numbering | None = None  # its sections' numbers
        self.section: SectionRef | None = None  # its last section, until it is whole
        self.numbered_document = (
            document.numbered_headings
            if document.numbered_headings is not None
            else has_numbered_heading(document.blocks)
        )

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Warning_(line, message))

    def run(self) -> None:
        """One pass over the blocks (a list or a stream), each looked at with the next."""
        blocks = (b for b in self.document.blocks if not _is_contents_line(b))
        typed = (self._typed_heading(block, following) for block, following in _pairs(blocks))
        handlers = {
            HEADING: self.heading,
            PARAGRAPH: self.paragraph,
            ITEM: self.item,
            TABLE: self.table,
        }
        for block in self._front_matter(typed):
            handlers[block.kind](block)
        self.flush()
        self._finish_chapter()
        if self.sink is not None:
            self.plan.chapters = []  # every part went to the sink
        self.warnings.sort(key=lambda w: w.line)

    def _typed_heading(self, block: Block, following: Block | None) -> Block:
        """A paragraph that is a typed number and a title ('3.1 Heltid', bold in Normal
        style) is a heading: outline levels first, typed numbers second. Followed by
        "Ansvar:" or "Frist:" it is a numbered measure ("1. Kartlegge …") instead."""
        text = block.text.strip()
        typed = NUMBERED.match(text) if block.kind == PARAGRAPH and "\n" not in text else None
        if typed is None or not _title_like(typed.group(2)) or LABEL.search(text):
            return block
        if following is not None and LABEL.match(following.text.strip()):
            return block
        if block.style:  # a Word paragraph not styled as a heading: say so
            self.warn(block.line, texts.IMPORT_HEADING_GUESSED.format(title=text))
        return Block(HEADING, block.line, text, 0, style=block.style)

    # metadata and the title page

    def _front_matter(self, blocks: Iterator[Block]) -> Iterator[Block]:
        """The title page (everything before the first heading that is not the plan's title)
        gives the metadata, read with the 40 blocks after it; its lines stay in the plan as
        text. Then the blocks after it."""
        title = self.document.title
        front: list[Block] = []
        for block in blocks:
            if block.kind == HEADING and not _is_title_page_line(block.text):
                after = [block, *itertools.islice(blocks, 39)]
                break
            front.append(block)
            if not title and block.kind != TABLE and _is_plan_title(block.text):
                title = " ".join(block.text.split())
                continue
            if block.kind == HEADING:  # "Fagforbundet Oslo" on the title page: not a chapter
                self.prose.append((block.line, block.text))
                continue
            self.paragraph(block) if block.kind != TABLE else self.table(block)
        else:
            after = []
        front_text = " ".join([title, *(b.text for b in front), *(b.text for b in after)])
        fill_meta(self.plan.data["plan"], title, front_text)
        yield from after
        yield from blocks

    # structure

    def heading(self, block: Block) -> None:
        text = " ".join(block.text.split())
        glued = GLUED.search(text)
        if glued:
            text, rest = text[: glued.start()], text[glued.start() :]
            self.warn(block.line, texts.IMPORT_LABEL_SPLIT.format(label=rest.split(" ")[0]))
        if MEASURE_LABEL.match(text) or LABEL.search(text):
            self.paragraph(Block(PARAGRAPH, block.line, block.text))
            return
        number = block.number
        typed = NUMBERED.match(text)
        if typed and not block.level and "." not in typed.group(1) and self._in_appendix():
            self.item(Block(ITEM, block.line, typed.group(2), 1, typed.group(1)))  # "1. Verveplan"
            return
        if typed and not number:
            number, text = typed.group(1), typed.group(2)
        elif typed and number and typed.group(1) == number:
            text = typed.group(2)
        depth = block.level or (number.count(".") + 1 if number else 1)
        if not block.level and not number:
            self.warn(block.line, texts.IMPORT_HEADING_GUESSED.format(title=text))
        appendix = bool(APPENDIX.match(text))
        numbered = not appendix and (bool(number or block.level) or not self.numbered_document)
        section = self.open_section(depth, text.rstrip(":").strip(), numbered)
        if number and numbered:
            section.data["_typed"] = (number, block.line)  # compared with its place at the end
        if glued:
            self.paragraph(Block(PARAGRAPH, block.line, rest))

    # the parts of the plan, each said of (and handed to the sink) when it is whole

    def _start_chapter(self, chapter: Section) -> None:
        self._finish_chapter()
        self.plan.chapters.append(chapter)
        self.chapter = self.chapters.ref(chapter)
        self.sections = Numbering(self.chapter, 2)

    def _start_section(self, section: Section) -> None:
        """A section right under the chapter: the chapter's own content, or the section
        before this one, is whole."""
        if self.section is None:
            self._hand_on("kapittel", self.chapter)
        else:
            self._finish_section()
        self.chapter.section.sections.append(section)
        self.section = self.sections.ref(section)

    def _finish_chapter(self) -> None:
        if self.chapter is None:
            return
        if self.section is None:
            self._hand_on("kapittel", self.chapter)
        else:
            self._finish_section()
        self.chapter = self.section = None

    def _finish_section(self) -> None:
        self._hand_on("kapittel.seksjon", self.section)
        if self.sink is not None:
            self.chapter.section.sections.remove(self.section.section)

    def _hand_on(self, header: str, ref: SectionRef) -> None:
        """What is said of the part's headings and measures, then the part to the sink (a
        chapter comes before its first section, which is a part of its own)."""
        for part in (ref, *walk_under(ref, ref.section.sections)):
            self._say_renumbered(part)
            for number, measure in enumerate(part.section.measures, start=1):
                self._say_missing_fields(MeasureRef(measure, part, number))
        if self.sink is not None:
            self.sink(header, ref.section)
            ref.section.measures, ref.section.blocks = [], []

    def _say_renumbered(self, ref: SectionRef) -> None:
        """A heading whose number in the document is not its number in the plan (the
        document skips one, "1 Innledning" then "3 Mål"): the plan numbers by place."""
        typed = ref.section.data.pop("_typed", None)
        # Said once where the numbers part: 3.1 under a chapter 3 made 2 follows it.
        if typed and typed[0].split(".")[-1] != ref.number.split(".")[-1]:
            number, line = typed
            words = {"typed": number, "title": ref.section.title, "number": ref.number}
            self.warn(line, texts.IMPORT_RENUMBERED.format(**words))

    def _say_missing_fields(self, ref: MeasureRef) -> None:
        line = ref.measure.data.pop("_line", 0)
        named = shorten(ref.measure.text, 40)  # a table's rows share its line
        if not ref.measure.deadline:
            self.warn(line, texts.IMPORT_NO_DEADLINE.format(label=ref.label(), text=named))
        if not ref.measure.responsible:
            self.warn(line, texts.IMPORT_NO_RESPONSIBLE.format(label=ref.label(), text=named))

    def _in_appendix(self) -> bool:
        return bool(self.stack) and bool(APPENDIX.match(str(self.stack[0][1].title)))

    def open_section(self, depth: int, title: str, numbered: bool) -> Section:
        self.flush()
        while self.stack and (self.stack[-1][0] >= depth or self.stack[-1][0] == IMPLICIT):
            self.stack.pop()
        kind = "seksjon" if self.stack else "kapittel"
        section = Section.new(new_id(kind, self.ids), title, numbered)
        if not self.stack:
            self._start_chapter(section)
        elif len(self.stack) == 1:
            self._start_section(section)
        else:
            self.stack[-1][1].sections.append(section)
        self.stack.append((depth, section))
        return section

    def current(self) -> Section:
        if not self.stack:
            section = Section.new(new_id("kapittel", self.ids), "", False)
            self._start_chapter(section)
            self.stack.append((IMPLICIT, section))
        return self.stack[-1][1]

    def flush(self) -> None:
        self.flush_list()
        self.flush_prose()
        self.measure = None

    def flush_prose(self) -> None:
        if self.pending_title:
            self.prose.insert(0, (0, self.pending_title))
            self.pending_title = ""
        if self.prose:
            text = "\n".join(t for _, t in self.prose)
            self.prose = []
            self.add_block("tekst", tittel="", tekst=text)

    def flush_list(self) -> None:
        """The open list as a block; none when its items all became measures' texts."""
        if self.list is not None:
            found, self.list = self.list, None
            if found.items:
                self.add_block("liste", tittel=found.title, punkter=found.items)

    def add_block(self, kind: str, **values) -> None:
        self.current().blocks.append(PlanBlock.new(new_id("blokk", self.ids), kind, **values))

    # measures

    def new_measure(self, line: int, text: str, values: dict[str, str]) -> Measure:
        self.flush_list()
        self.flush_prose()
        measure = Measure.new(new_id("tiltak", self.ids), tekst=_without_list_number(text))
        measure.data["_line"] = line
        self.set_fields(measure, values)
        self.current().measures.append(measure)
        self.measure = measure
        self.measure_has_fields = bool(values)
        return measure

    def set_fields(self, measure: Measure, values: dict[str, str]) -> None:
        for key, value in values.items():
            value = from_page(value)
            if key == "ansvar":
                written = ", ".join(measure.responsible + [value]) if measure.responsible else value
                split = roles.split_responsibility(written)
                measure.responsible, measure.qualifier = split.roles, split.qualifier
            elif key == "tekst":
                measure.text = " ".join(f"{measure.text} {value}".split())
            elif key in FIELDS:
                old = measure.data.get(key, "")
                measure.data[key] = f"{old}; {value}" if old and value != old else value

    def paragraph(self, block: Block) -> None:
        text = block.text.strip()
        if not text:
            return
        opened = MEASURE_LABEL.match(text)
        if opened and (opened.group(1) or text[opened.end() :].strip()):
            body, values = split_labels(text[opened.end() :])
            self.new_measure(block.line, body, values)
            return
        body, values = split_labels(text)
        if values and not body and self.measure is not None:
            self.set_fields(self.measure, values)
            self.measure_has_fields = True
            return
        if values and _is_measure_text(values):
            if not body:
                body = self._text_above(block.line)
            self.new_measure(block.line, body, values)
            return
        if self.measure is not None and not self.measure_has_fields and "\n" not in text:
            self.measure.text = " ".join(f"{self.measure.text} {text}".split())
            return
        self.measure = None
        if self._lines_as_items(text):  # "Overordna mål" then one goal per line
            self.item(Block(ITEM, block.line, text, 1))
            if self.list is not None:
                self.list.plain = True
            return
        if self._list_title(text):
            self.flush_list()
            self.flush_prose()
            self.pending_title = text.rstrip(":").strip()
            return
        self.flush_list()
        if self.pending_title:
            self.flush_prose()
        self.prose.append((block.line, text))

    def _lines_as_items(self, text: str) -> bool:
        if "\n" in text or LIST_LABEL.match(text) or len(text) > 300:
            return False
        if self.list is not None:
            return self.list.plain
        return bool(LIST_LABEL.match(self.pending_title))

    def _list_title(self, text: str) -> bool:
        return bool(LIST_LABEL.match(text)) or (
            text.endswith(":") and len(text) < 100 and "\n" not in text
        )

    def _text_above(self, line: int) -> str:
        """'Ansvar:' with no measure open: the paragraph or list item just above is its text."""
        if self.prose:
            _, text = self.prose.pop()
            self.warn(line, texts.IMPORT_TEXT_FROM_ABOVE)
            return _tidy_text(text)
        if self.list is not None and self.list.items:
            text = self.list.items.pop()
            self.warn(line, texts.IMPORT_TEXT_FROM_ABOVE)
            return _tidy_text(text)
        self.warn(line, texts.IMPORT_MEASURE_WITHOUT_TEXT)
        return ""

    def item(self, block: Block) -> None:
        text = " ".join(block.text.split())
        opened = MEASURE_LABEL.match(text)
        body, values = split_labels(text[opened.end() :] if opened else text)
        if values and not body and self.measure is not None:
            self.set_fields(self.measure, values)
            self.measure_has_fields = True
            return
        if opened or (values and _is_measure_text(values)):
            if not body:
                body = self._text_above(block.line)
            self.new_measure(block.line, body, values)
            return
        self.measure = None
        if self.list is None:
            title, self.pending_title = self.pending_title, ""
            self.flush_prose()
            self.list = _List(title, [], block.line)
        self.list.items.append(text)

    # tables

    def table(self, block: Block) -> None:
        rows = [
            [" ".join(c.split()) if "\n" not in c else c.strip() for c in r] for r in block.rows
        ]
        rows = [r for r in rows if any(r)]
        if rows and all(len(r) == 2 and field_key(r[0].rstrip(":")) for r in rows):
            self._label_table(block.line, rows)  # "Ansvar: | Leder", "Frist: | 1. juni"
            return
        self.flush()
        if not rows:
            return
        header = [c.strip().rstrip(":").strip() for c in rows[0]]
        body = [r for r in rows[1:] if [c.strip().rstrip(":") for c in r] != header]
        if len(body) < len(rows) - 1:
            self.warn(block.line, texts.IMPORT_HEADER_REPEATED)
        keys = [field_key(h) for h in header]
        if tuple(h.lower() for h in header) == CALENDAR:
            entries = [
                dict(zip(("dato", "aktivitet", "maalgruppe"), _fit(r, 3), strict=True))
                for r in body
            ]
            self.add_block("kalender", utvalg=str(self.current().title), aktiviteter=entries)
        elif "tekst" in keys and (
            "ansvar" in keys or "frist" in keys and "dato" not in _low(header)
        ):
            self.warn(block.line, texts.IMPORT_TABLE_AS_MEASURES)
            self._measure_rows(block.line, header, keys, body)
        else:
            rows = [_fit(r, len(header)) for r in body]
            self.add_block("tabell", tittel=self._take_title(), kolonner=header, rader=rows)

    def _label_table(self, line: int, rows: list[list[str]]) -> None:
        values = {field_key(label.rstrip(":")): value for label, value in rows}
        text = values.pop("tekst", "")
        if self.measure is not None and not text:
            self.set_fields(self.measure, values)
            self.measure_has_fields = True
            return
        self.warn(line, texts.IMPORT_TABLE_AS_MEASURES)
        self.new_measure(line, text or self._text_above(line), values)

    def _take_title(self) -> str:
        title, self.pending_title = self.pending_title, ""
        return title

    def _measure_rows(
        self, line: int, header: list[str], keys: list[str], body: list[list[str]]
    ) -> None:
        if self.pending_title:
            self.flush_prose()
        base = self.stack[-1][0] if self.stack else IMPLICIT
        numbered_title = ""
        for row in body:
            cells = _fit(row, len(keys))
            spanning = len(cells) > 1 and len(set(cells)) == 1  # one cell merged across the row
            values = {k: v for k, v in zip(keys, cells, strict=True) if k and v and not spanning}
            others = [
                f"{h}: {v}" for h, k, v in zip(header, keys, cells, strict=True) if v and not k
            ]
            if others and not spanning:  # a column with no field ("Nr"): kept as a comment
                values["kommentar"] = "; ".join([*others, values.get("kommentar", "")]).strip("; ")
            text = " ".join((cells[0] if spanning else values.pop("tekst", "")).split())
            heading = NUMBERED.match(text)
            if spanning and not heading:
                self.add_block("tekst", tittel="", tekst=text)
                continue
            if heading and not values:  # "4.6 Integrere klima …": a numbered row of its own
                depth = base + heading.group(1).count(".") + 1
                self.open_section(depth, heading.group(2).strip(), True)
                numbered_title = heading.group(2).strip()
                continue
            measures = self.current().measures
            if not text and measures:
                self.set_fields(measures[-1], values)  # the row continues the activity above
                continue
            if not text:
                text = numbered_title
                self.warn(line, texts.IMPORT_ROW_WITHOUT_TEXT.format(title=text))
            if heading and values:
                text = heading.group(2).strip()
            self.new_measure(line, text, values)
            self.measure = None


def from_page(value: str) -> str:
    """A field's value as the exported page shows it, back: its «ikke satt» is empty."""
    return "" if value.strip().lower() == texts.EXPORT_NOT_SET else value


def has_numbered_heading(blocks: Iterable[Block]) -> bool:
    """Whether any heading has a number: then an unnumbered one is left unnumbered."""
    return any(b.kind == HEADING and (b.number or NUMBERED.match(b.text)) for b in blocks)


def _pairs(blocks: Iterator[Block]) -> Iterator[tuple[Block, Block | None]]:
    """Each block with the one after it (None after the last)."""
    previous = next(blocks, None)
    for block in blocks:
        yield previous, block
        previous = block
    if previous is not None:
        yield previous, None


def _is_contents_line(block: Block) -> bool:
    """A typed table of contents' line ("1 Innledning<tab>3"): not a chapter; Word's own
    contents (its TOC styles) the reader leaves out already."""
    return block.kind == PARAGRAPH and bool(CONTENTS_LINE.match(block.text.strip()))


def _without_list_number(text: str) -> str:
    """A measure's text without the number it had in a typed list ("1. Verve" → "Verve"),
    but a date stays ("1. mai frokost")."""
    found = LIST_NUMBER.match(text)
    if found is None:
        return text
    rest = text[found.end() :]
    if found.group(0).rstrip().endswith(".") and rest.split(" ", 1)[0].lower() in MONTH_NAMES:
        return text
    return rest


def _title_like(text: str) -> bool:
    text = text.strip()
    return (
        bool(text)
        and (text[0].isupper() or text[0].isdigit())
        and len(text) <= 110
        and not text.endswith((".", ":", ","))
        and not MEASURE_LABEL.match(text)
    )


def _is_title_page_line(text: str) -> bool:
    """'Handlingsplan 2024', 'Fagforbundet Bærum avd 180': a title page, not a chapter."""
    if NUMBERED.match(text) or len(text) > 160:
        return False
    return bool(PLAN_TITLE.search(text) or ORGANISATION.search(text) or BRANCH.search(text))


def _is_plan_title(text: str) -> bool:
    return bool(PLAN_TITLE.search(text)) and len(text) < 160


def _fit(row: list[str], width: int) -> list[str]:
    return (
        (row + [""] * width)[:width]
        if len(row) <= width
        else row[: width - 1] + [" ".join(row[width - 1 :])]
    )


def _low(cells: list[str]) -> list[str]:
    return [c.lower() for c in cells]


def _adopted(text: str) -> str:
    match = ADOPTED.search(text)
    if not match:
        return ""
    day, month, year = match.group(1), match.group(2).strip().rstrip("."), match.group(3)
    if month.isdigit():
        number = int(month)
    elif month.lower() in MONTH_NAMES:
        number = MONTH_NAMES.index(month.lower())
    else:
        return ""
    if not 1 <= number <= 12 or not 1 <= int(day) <= 31:
        return ""
    return f"{year}-{number:02d}-{int(day):02d}"
