"""The import corpus: plans written the ways branches write them, built by the tests.

Each document renders one of a few plan contents (the structure real plans share: a title page,
an introduction, numbered chapters, sections of chapter 3 with goals, lists and measures, an
appendix) in one habit of Word users. `build(folder)` writes the documents and returns what
each must import to: its measures (text, responsibility as written, deadline, section title)
and its metadata.
"""

from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn


@dataclass
class Expected:
    section: str
    text: str
    ansvar: str  # as written
    frist: str


@dataclass
class Content:
    title: str
    organisation: str
    branch: str
    period: str
    sections: list[tuple[str, list[Expected]]]  # chapter 3's sections and their measures


@dataclass
class Case:
    name: str
    meta: dict
    measures: list[Expected] = field(default_factory=list)


def _m(section: str, text: str, ansvar: str, frist: str) -> Expected:
    return Expected(section, text, ansvar, frist)


def _content(title, organisation, branch, period, sections) -> Content:
    return Content(
        title,
        organisation,
        branch,
        period,
        [(s, [_m(s, *m) for m in measures]) for s, measures in sections],
    )


CONTENTS = [
    _content(
        "Handlingsplan 2024–2025 for Fagforbundet Ringerike avd. 131",
        "Fagforbundet Ringerike",
        "131",
        "2024–2025",
        [
            (
                "Heltid og likelønn",
                [
                    (
                        "Påse at klubbene har drøftingsmøter med arbeidsgiver om bruk av deltid.",
                        "Leder etter innspill fra yrkesseksjoner",
                        "1. juni",
                    ),
                    ("Kartlegge uønsket deltid i kommunen", "Hovedtillitsvalgt", "31.12.2024"),
                ],
            ),
            (
                "Organisering og verving",
                [
                    ("Arrangere vervekampanje på arbeidsplassene", "Nestleder", "Innen oktober"),
                    (
                        "Følge opp nye medlemmer innen en måned",
                        "Klubbledere og utvalgsledere",
                        "Kontinuerlig",
                    ),
                    (
                        "Gjennomføre medlemsmøte om pensjon",
                        "Pensjonistutvalget",
                        "1. desember 2024",
                    ),
                ],
            ),
            (
                "Opplæring",
                [
                    (
                        "Skolere nye tillitsvalgte i grunnopplæringen",
                        "Opplæringsansvarlig",
                        "01.12.2024",
                    ),
                ],
            ),
        ],
    ),
    _content(
        "Fagforbundet Nordre Follo avd. 312 – Handlingsplan 2025",
        "Fagforbundet Nordre Follo",
        "312",
        "2025",
        [
            (
                "Lønns- og tariffarbeid",
                [
                    (
                        "Forberede lokale forhandlinger",
                        "Forhandlingsutvalg",
                        "14 dager etter endt oppgjør",
                    ),
                    ("Gi innspill til kravene i hovedoppgjøret", "Styret", "1. mars"),
                ],
            ),
            (
                "Samfunnspolitisk arbeid",
                [
                    (
                        "Gi faglig innspill til partier som vil motvirke konkurranseutsetting.",
                        "Leder",
                        "1. august",
                    ),
                    ("Delta i valgkampen lokalt", "Arbeidsutvalget", "Innen september"),
                ],
            ),
            (
                "Ungdom",
                [
                    (
                        "Besøke videregående skoler med helse- og oppvekstfag",
                        "Ungdomstillitsvalgt",
                        "Vår",
                    ),
                    (
                        "Holde ungdomssamling",
                        "Ungdomsansvarlig med bistand fra leder",
                        "31. desember",
                    ),
                ],
            ),
        ],
    ),
    _content(
        "Handlingsplan for Fagforbundet Lier avdeling 402 2026–2027",
        "Fagforbundet Lier",
        "402",
        "2026–2027",
        [
            (
                "Et sterkere Fagforbund",
                [
                    ("Oppdatere medlemsregisteret hver måned", "Fane 2-ansvarlig", "Kontinuerlig"),
                    ("Etablere klubb på sykehjemmene", "Leder, nestleder", "31.12.2026"),
                ],
            ),
            (
                "Helse, miljø og sikkerhet",
                [
                    ("Kurse verneombud i arbeidsmiljøloven", "Opplæringsansvarlig", "1. november"),
                    ("Kartlegge sykefravær i renholdet", "Yrkesseksjonsleder", "30.06.2027"),
                    (
                        "Følge opp vold og trusler i hjemmetjenesten",
                        "Hovedtillitsvalgte",
                        "Innen mai",
                    ),
                ],
            ),
        ],
    ),
]

INTRO = (
    "Fagforeningens handlingsplan er årsmøtets oppdrag til fagforeningsstyret for kommende "
    "periode. Den bygger på Fagforbundets prinsipp- og handlingsprogram."
)
GOALS = ["Flere medlemmer i alle yrkesgrupper.", "Flere hele, faste stillinger."]
CHALLENGES = ["Rekruttere og beholde tillitsvalgte.", "Nå unge arbeidstakere."]


def _meta(content: Content) -> dict:
    return {
        "tittel": content.title,
        "organisasjon": content.organisation,
        "avdeling": content.branch,
        "periode": content.period,
    }


# --- .docx habits -----------------------------------------------------------------------------


class Word:
    """A python-docx document with the helpers Word users' habits need."""

    def __init__(self):
        self.document = docx.Document()

    def heading(self, text: str, level: int):
        return self.document.add_heading(text, level=level)

    def para(self, text: str = "", style: str | None = None):
        return self.document.add_paragraph(text, style=style)

    def soft(self, lines: list[str]):
        """One paragraph, its lines separated by soft breaks (shift+enter)."""
        paragraph = self.document.add_paragraph()
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if index < len(lines) - 1:
                run.add_break(WD_BREAK.LINE)
        return paragraph

    def table(self, rows: list[list[str]], header_repeats: bool = False):
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        if header_repeats:
            properties = table.rows[0]._tr.get_or_add_trPr()
            properties.append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))
        return table

    def save(self, path: Path) -> None:
        self.document.save(str(path))


def _front(word: Word, content: Content, title_style: bool = True) -> None:
    if title_style:
        word.para(content.title, style="Title")
    else:
        word.heading(content.title, 1)
    word.para("Vedtatt på årsmøtet 12. februar 2024")


def _body_start(word: Word, numbers: bool) -> None:
    word.heading("1 Innledning" if numbers else "Innledning", 1)
    word.para(INTRO)
    word.heading("2 Utfordringer" if numbers else "Utfordringer", 1)
    word.para("Utfordringer på kort sikt:")
    for item in CHALLENGES:
        word.para(item, style="List Bullet")
    word.para("Disse utfordringene møter vi med skolering og synlighet.")
    word.heading("3 Målsettinger og planer" if numbers else "Målsettinger og planer", 1)


def _section_head(word: Word, index: int, title: str, numbers: bool) -> None:
    word.heading(f"3.{index} {title}" if numbers else title, 2)
    word.para("Overordna mål")
    for goal in GOALS:
        word.para(goal, style="List Bullet")


def _appendix(word: Word) -> None:
    word.heading("Vedlegg", 1)
    for name in ("Opplæringsplan", "Informasjonsplan", "Verveplan"):
        word.para(name, style="List Number")


def docx_blocks(path: Path, content: Content) -> None:
    """Tiltak/aktivitet blocks, Ansvar and Frist in paragraphs of their own."""
    word = Word()
    _front(word, content)
    _body_start(word, numbers=True)
    for index, (title, measures) in enumerate(content.sections, start=1):
        _section_head(word, index, title, numbers=True)
        for n, m in enumerate(measures, start=1):
            word.para(f"Tiltak/aktivitet {n}: {m.text}")
            word.para(f"Ansvar: {m.ansvar}")
            word.para(f"Frist: {m.frist}")
    _appendix(word)
    word.save(path)


def docx_soft_breaks(path: Path, content: Content) -> None:
    """One paragraph per measure, its labels after soft line breaks."""
    word = Word()
    _front(word, content)
    _body_start(word, numbers=True)
    for index, (title, measures) in enumerate(content.sections, start=1):
        _section_head(word, index, title, numbers=True)
        for n, m in enumerate(measures, start=1):
            word.soft(
                [f"Tiltak/aktivitet {n}:", m.text, f"Ansvar: {m.ansvar}", f"Frist: {m.frist}"]
            )
    word.save(path)


def docx_one_paragraph(path: Path, content: Content) -> None:
    """Text, Ansvar and Frist run together in one paragraph."""
    word = Word()
    _front(word, content)
    _body_start(word, numbers=False)
    for index, (title, measures) in enumerate(content.sections, start=1):
        _section_head(word, index, title, numbers=False)
        word.para("Tiltak:")
        for m in measures:
            word.para(f"{m.text} Ansvar: {m.ansvar}. Frist: {m.frist}")
    word.save(path)


NUMBERING = """<w:abstractNum {ns} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
</w:abstractNum>"""


def _auto_numbering(word: Word) -> None:
    """Heading 1 and 2 numbered by Word (1, 1.1 …) through a multilevel list on the styles."""
    numbering = word.document.part.numbering_part.element
    abstract = parse_xml(NUMBERING.format(ns=nsdecls("w")))
    numbering.insert(0, abstract)
    num = parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    numbering.append(num)
    for level, style in enumerate(("Heading 1", "Heading 2")):
        properties = word.document.styles[style].element.get_or_add_pPr()
        properties.append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
            )
        )


def docx_auto_numbered(path: Path, content: Content) -> None:
    """Word numbers the headings; a title page in heading style comes first."""
    word = Word()
    _auto_numbering(word)
    title = word.para(content.title, style="Title")
    title.paragraph_format.page_break_before = False
    word.para(content.organisation)
    _body_start(word, numbers=False)
    for index, (title_text, measures) in enumerate(content.sections, start=1):
        _section_head(word, index, title_text, numbers=False)
        for n, m in enumerate(measures, start=1):
            word.para(f"Tiltak/aktivitet {n}: {m.text}")
            word.para(f"Ansvar: {m.ansvar}")
            word.para(f"Frist: {m.frist}")
    _appendix(word)
    word.save(path)


def _toc_field(word: Word, entries: list[str]) -> None:
    """A table of contents as Word writes it: a TOC field whose result is TOC-styled lines."""
    first = word.para()
    first._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    first._p.append(
        parse_xml(f'<w:r {nsdecls("w")}><w:instrText> TOC \\o "1-3" \\h </w:instrText></w:r>')
    )
    first._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    first.add_run(entries[0] + "\t2")
    for entry in entries[1:]:
        word.para(entry + "\t3")
    last = word.document.paragraphs[-1]
    last._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))


def docx_toc(path: Path, content: Content) -> None:
    """A table of contents field before the text: its entries are not headings."""
    word = Word()
    _front(word, content)
    entries = ["1 Innledning", "2 Utfordringer", "3 Målsettinger og planer"]
    entries += [f"3.{i} {t}" for i, (t, _) in enumerate(content.sections, start=1)]
    _toc_field(word, entries)
    _body_start(word, numbers=True)
    for index, (title, measures) in enumerate(content.sections, start=1):
        _section_head(word, index, title, numbers=True)
        for n, m in enumerate(measures, start=1):
            word.para(f"Tiltak/aktivitet {n}: {m.text}")
            word.para(f"Ansvar: {m.ansvar}")
            word.para(f"Frist: {m.frist}")
    word.save(path)


def docx_template_fields(path: Path, content: Content) -> None:
    """A template: measure text, Ansvar and Frist typed into content controls; one whole
    measure block is a block-level content control."""
    word = Word()
    _front(word, content)
    _body_start(word, numbers=True)
    for index, (title, measures) in enumerate(content.sections, start=1):
        _section_head(word, index, title, numbers=True)
        for n, m in enumerate(measures, start=1):
            label = word.para(f"Tiltak/aktivitet {n}: ")
            run = label.add_run(m.text)
            sdt = parse_xml(
                f'<w:sdt {nsdecls("w")}><w:sdtPr><w:tag w:val="tekst"/></w:sdtPr>'
                "<w:sdtContent/></w:sdt>"
            )
            sdt.find(qn("w:sdtContent")).append(run._r)
            label._p.append(sdt)
            body = word.document.element.body
            block = parse_xml(
                f'<w:sdt {nsdecls("w")}><w:sdtPr><w:tag w:val="felt"/></w:sdtPr>'
                "<w:sdtContent/></w:sdt>"
            )
            for text in (f"Ansvar: {m.ansvar}", f"Frist: {m.frist}"):
                paragraph = word.para(text)
                block.find(qn("w:sdtContent")).append(paragraph._p)
            body.insert(len(body) - 1, block)
    word.save(path)


def docx_tracked_changes(path: Path, content: Content) -> Content:
    """Tracked changes left on: one measure inserted, every deadline changed (old deleted,
    new inserted). Returns the content as it reads with the changes accepted."""
    word = Word()
    _front(word, content)
    _body_start(word, numbers=True)
    change = 'w:id="{id}" w:author="Sekretær" w:date="2024-01-10T10:00:00Z"'
    ids = iter(range(1, 1000))
    for index, (title, measures) in enumerate(content.sections, start=1):
        _section_head(word, index, title, numbers=True)
        for n, m in enumerate(measures, start=1):
            inserted = n == len(measures)  # the last measure of each section was added
            lines = [f"Tiltak/aktivitet {n}: {m.text}", f"Ansvar: {m.ansvar}"]
            for text in lines:
                paragraph = word.para()
                run = f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{text}</w:t></w:r>'
                if inserted:
                    run = (
                        f"<w:ins {nsdecls('w')} {change.format(id=next(ids))}>"
                        f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>'
                    )
                paragraph._p.append(parse_xml(run))
            paragraph = word.para("Frist: ")
            paragraph._p.append(
                parse_xml(
                    f"<w:del {nsdecls('w')} {change.format(id=next(ids))}><w:r>"
                    '<w:delText xml:space="preserve">1. januar</w:delText></w:r></w:del>'
                )
            )
            paragraph._p.append(
                parse_xml(
                    f"<w:ins {nsdecls('w')} {change.format(id=next(ids))}><w:r>"
                    f'<w:t xml:space="preserve">{m.frist}</w:t></w:r></w:ins>'
                )
            )
    word.save(path)
    return content


def docx_synonym_table(path: Path, content: Content) -> None:
    """A table per section with other header words, the header repeated on a new page."""
    word = Word()
    _front(word, content)
    _body_start(word, numbers=True)
    for index, (title, measures) in enumerate(content.sections, start=1):
        _section_head(word, index, title, numbers=True)
        header = ["Tiltak", "Ansvarlig", "Tidsfrist", "Prosjektnr."]
        rows = [header]
        for n, m in enumerate(measures):
            if n == 1:
                rows.append(header)  # the header row again, where the table crossed a page
            rows.append([m.text, m.ansvar, m.frist, f"{index}0{n}"])
        word.table(rows, header_repeats=True)
    word.save(path)


def docx_three_columns(path: Path, content: Content) -> None:
    """'Hva | Hvem | Når' with a merged heading row and a vertically merged Hvem cell."""
    word = Word()
    _front(word, content)
    _body_start(word, numbers=True)
    for index, (title, measures) in enumerate(content.sections, start=1):
        _section_head(word, index, title, numbers=True)
        rows = [["Tiltak", "Hvem", "Når"], ["Tiltak i perioden", "", ""]]
        rows += [[m.text, m.ansvar, m.frist] for m in measures]
        table = word.table(rows)
        top = table.cell(1, 0).merge(table.cell(1, 2))
        top.text = "Tiltak i perioden"
    word.save(path)


def docx_numbered_labels(path: Path, content: Content) -> None:
    """Numbered list items carrying '(ansvar: X, frist: Y)'."""
    word = Word()
    _front(word, content)
    _body_start(word, numbers=True)
    for index, (title, measures) in enumerate(content.sections, start=1):
        _section_head(word, index, title, numbers=True)
        word.para("Fagforeningens tiltak:")
        for m in measures:
            word.para(f"{m.text} (ansvar: {m.ansvar}, frist: {m.frist})", style="List Number")
    _appendix(word)
    word.save(path)


def docx_bullet_labels(path: Path, content: Content) -> None:
    """Bullets 'text – Ansvar: X – Frist: Y', then text after the list."""
    word = Word()
    _front(word, content)
    _body_start(word, numbers=True)
    for index, (title, measures) in enumerate(content.sections, start=1):
        _section_head(word, index, title, numbers=True)
        for m in measures:
            word.para(f"{m.text} – Ansvar: {m.ansvar} – Frist: {m.frist}", style="List Bullet")
        word.para("Styret rapporterer på tiltakene i årsberetningen.")
    word.save(path)


def docx_nested_labels(path: Path, content: Content) -> None:
    """A bullet per measure with its Ansvar and Frist as bullets one level in."""
    word = Word()
    _front(word, content)
    _body_start(word, numbers=True)
    for index, (title, measures) in enumerate(content.sections, start=1):
        _section_head(word, index, title, numbers=True)
        for m in measures:
            word.para(m.text, style="List Bullet")
            word.para(f"Ansvar: {m.ansvar}", style="List Bullet 2")
            word.para(f"Frist: {m.frist}", style="List Bullet 2")
    word.save(path)


def docx_glued_labels(path: Path, content: Content) -> None:
    """Headings with the next label glued on ('…likelønnOverordna mål 2024'), as pasted."""
    word = Word()
    _front(word, content)
    _body_start(word, numbers=True)
    for index, (title, measures) in enumerate(content.sections, start=1):
        word.heading(f"3.{index} {title}Overordna mål {content.period[:4]}", 2)
        for goal in GOALS:
            word.para(goal, style="List Bullet")
        for n, m in enumerate(measures, start=1):
            word.para(f"Tiltak/aktivitet {n}: {m.text}")
            word.para(f"Ansvar: {m.ansvar}")
            word.para(f"Frist: {m.frist}")
    _appendix(word)
    word.save(path)


def docx_label_paragraphs(path: Path, content: Content) -> None:
    """The measure's text as a paragraph, then 'Ansvar: X Frist: Y' in the next one."""
    word = Word()
    _front(word, content)
    _body_start(word, numbers=True)
    for index, (title, measures) in enumerate(content.sections, start=1):
        _section_head(word, index, title, numbers=True)
        for m in measures:
            word.para(m.text)
            word.para(f"Ansvar: {m.ansvar}    Frist: {m.frist}")
    word.save(path)


TABLE_FORM_HEADER = ["TILTAK", "Kommentar", "Ansvar", "Frist", "Status", "Budsjett", "Prosj.nr."]


def docx_table_form(path: Path, content: Content) -> Content:
    """The whole plan as one table (the Follo form): numbered chapter and measure rows spanning
    the table, activity rows under them; one activity row continues onto the next row.
    Returns the content as the plan reads: chapters numbered 1…, sections are the measure rows."""
    word = Word()
    word.para(content.title)
    rows = [TABLE_FORM_HEADER]
    merged = []
    expected = []
    for index, (title, measures) in enumerate(content.sections, start=1):
        merged.append(len(rows))
        rows.append([f"{index}. {title}"] + [""] * 6)
        section = f"Følge opp {title.lower()}"
        merged.append(len(rows))
        rows.append([f"{index}.1 {section}"] + [""] * 6)
        for n, m in enumerate(measures):
            rows.append([m.text, "", m.ansvar, m.frist, "", "", ""])
            if n == 0:
                rows.append(["", "", "", "", "pågår", "", ""])  # the row continues the one above
            expected.append(Expected(section, m.text, m.ansvar, m.frist))
    table = word.table(rows)
    for r in merged:
        text = rows[r][0]
        cell = table.cell(r, 0).merge(table.cell(r, 6))
        cell.text = text
    word.save(path)
    return Content(
        content.title, content.organisation, content.branch, content.period, [("", expected)]
    )


DOCX_HABITS = [
    docx_blocks,
    docx_soft_breaks,
    docx_one_paragraph,
    docx_auto_numbered,
    docx_toc,
    docx_template_fields,
    docx_tracked_changes,
    docx_synonym_table,
    docx_three_columns,
    docx_numbered_labels,
    docx_bullet_labels,
    docx_nested_labels,
    docx_glued_labels,
    docx_label_paragraphs,
    docx_table_form,
]


# --- Markdown and text habits --------------------------------------------------------------------


def markdown_hand_written(content: Content) -> str:
    """'## 3.1 …' headings, a bold measure line and '- Ansvar:' bullets."""
    out = [
        f"# {content.title}",
        "",
        "## 1 Innledning",
        "",
        INTRO,
        "",
        "## 3 Målsettinger og planer",
        "",
    ]
    for index, (title, measures) in enumerate(content.sections, start=1):
        out += [f"### 3.{index} {title}", "", "Overordna mål:", ""]
        out += [f"- {goal}" for goal in GOALS] + [""]
        for n, m in enumerate(measures, start=1):
            out += [
                f"**Tiltak {n}:** {m.text}",
                "",
                f"- Ansvar: {m.ansvar}",
                f"- Frist: {m.frist}",
                "",
            ]
    out += ["## Vedlegg", "", "1. Opplæringsplan", "2. Verveplan", ""]
    return "\n".join(out)


def markdown_table(content: Content) -> str:
    """A Markdown table per section, 'Hva | Ansvar | Frist | Merknad'."""
    out = [f"# {content.title}", "", "## Innledning", "", INTRO, ""]
    for title, measures in content.sections:
        out += [f"## {title}", "", "| Tiltak | Ansvar | Frist | Merknad |", "|---|---|---|---|"]
        out += [f"| {m.text} | {m.ansvar} | {m.frist} |  |" for m in measures] + [""]
    return "\n".join(out)


def markdown_numbered(content: Content) -> str:
    """Numbered items with the labels in parentheses, nested headings by '#' alone."""
    out = [f"# {content.title}", "", "## Målsettinger og planer", ""]
    for title, measures in content.sections:
        out += [f"### {title}", ""]
        out += [
            f"{n}. {m.text} (Ansvar: {m.ansvar}; Frist: {m.frist})"
            for n, m in enumerate(measures, 1)
        ]
        out += [""]
    return "\n".join(out)


def text_word_export(content: Content) -> str:
    """Word's own text export: bookmarks on headings, a table as tab-indented cells, a label
    glued to its heading."""
    out = [content.title, "", "[bookmark: _Toc1]1 Innledning", INTRO, ""]
    out += ["[bookmark: _Toc2]3 Målsettinger og planer"]
    for index, (title, measures) in enumerate(content.sections, start=1):
        out += [f"[bookmark: _Toc3{index}]3.{index} {title}Overordna mål"]
        out += [f"· {g}" for g in GOALS] + [""]
        for n, m in enumerate(measures, start=1):
            out += [
                f"Tiltak/aktivitet {n}: {m.text}",
                f"Ansvar: {m.ansvar}",
                f"Frist: {m.frist}",
                "",
            ]
        out += ["\tType kurs", "\tMålgruppe", "", "\tGrunnkurs", "\tNye medlemmer", "", ""]
    return "\n".join(out)


def text_hand_written(content: Content) -> str:
    """Plain text typed by hand: numbered headings, one line per paragraph."""
    out = [content.title, "", "1 Innledning", INTRO, "", "3 Målsettinger og planer"]
    for index, (title, measures) in enumerate(content.sections, start=1):
        out += [f"3.{index} {title}", "Overordna mål"] + [f"· {g}" for g in GOALS] + [""]
        for n, m in enumerate(measures, start=1):
            out += [
                f"Tiltak/aktivitet {n}: {m.text}",
                f"Ansvar: {m.ansvar}",
                f"Frist: {m.frist}",
                "",
            ]
    return "\n".join(out)


TEXT_HABITS = [
    ("md", markdown_hand_written, "utf-8"),
    ("md", markdown_table, "utf-8"),
    ("md", markdown_numbered, "utf-8"),
    ("txt", text_hand_written, "utf-8"),
    ("txt", text_hand_written, "cp1252"),
    ("txt", text_hand_written, "utf-16"),
    ("txt", text_word_export, "utf-8"),
]


def build(folder: Path) -> list[Case]:
    """Write every document of the corpus into `folder`; what each must import to."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    for number, habit in enumerate(DOCX_HABITS):
        content = copy.deepcopy(CONTENTS[number % len(CONTENTS)])
        name = f"{number + 1:02d}-{habit.__name__.replace('_', '-')}.docx"
        read_as = habit(folder / name, content) or content
        cases.append(_case(name, content, read_as))
    for number, (suffix, habit, encoding) in enumerate(TEXT_HABITS, start=len(cases)):
        content = copy.deepcopy(CONTENTS[number % len(CONTENTS)])
        name = f"{number + 1:02d}-{habit.__name__.replace('_', '-')}-{encoding}.{suffix}"
        (folder / name).write_bytes(habit(content).encode(encoding))
        cases.append(_case(name, content, content))
    (folder / "expected.json").write_text(
        json.dumps([asdict(c) for c in cases], ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    return cases


def _case(name: str, content: Content, read_as: Content) -> Case:
    measures = [m for _, ms in read_as.sections for m in ms]
    return Case(name, _meta(content), measures)


if __name__ == "__main__":
    import sys

    build(Path(sys.argv[1]))
