"""Rendering plans as Markdown for the branch's web page (and HTML from that Markdown).

Profiles: ``cms`` (plain CommonMark + GFM tables, headings from ##, no front matter, no raw
HTML) and ``ssg`` (YAML front matter, explicit ASCII heading ids, a table of contents) for
Hugo, Jekyll, MkDocs and Zola. The TUI's preview shows exactly this output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from tui import texts
from tui.domain import fields, roles
from tui.domain.fields import ALWAYS, MEASURE_FIELDS, ROLES, WHEN_SET, Field
from tui.domain.filters import Filter, matching, rows_for
from tui.domain.model import Block, Measure, Plan, SectionRef
from tui.formats import markdown as md

LABEL_MEASURE = texts.MEASURE_NOUN
LABEL_CONTENTS = "Innhold"
CALENDAR_COLUMNS = [c.label for c in fields.CALENDAR_COLUMNS]
# The measure fields' labels by TOML key; the Markdown importer reads its own page back by them.
_LABELS = {f.key: f.label for f in MEASURE_FIELDS}
LABEL_RESPONSIBLE, LABEL_DEADLINE, LABEL_STATUS = (
    _LABELS["ansvar"],
    _LABELS["frist"],
    _LABELS["status"],
)
LABEL_COMMENT, LABEL_BUDGET, LABEL_PROJECT = (
    _LABELS["kommentar"],
    _LABELS["budsjett"],
    _LABELS["prosjektnr"],
)
MEASURES_PER_PAUSE = 100  # page_blocks hands out a long section's measures this many at a time


@dataclass
class Options:
    profile: str = "cms"
    layout: str = "list"
    internal: bool = False
    criteria: Filter | None = None


@dataclass
class _Page:
    """The blocks of the page as they are produced, and the headings for the contents."""

    blocks: list[str] = field(default_factory=list)
    contents: list[tuple[int, str, str]] = field(default_factory=list)  # depth, label, anchor
    anchors: set[str] = field(default_factory=set)
    last_list_marker: str = ""

    def anchor(self, wanted: str, kind: str) -> str:
        """A heading id no other heading of the page has, starting with a letter (kramdown
        takes no other): 'mal', then 'mal-2', 'mal-3' …"""
        if not wanted[:1].isalpha():
            wanted = f"{kind}-{wanted}".rstrip("-")
        unique, n = wanted, 1
        while unique in self.anchors:
            n += 1
            unique = f"{wanted}-{n}"
        self.anchors.add(unique)
        return unique

    def add(self, text: str) -> None:
        self.blocks.append(text)
        self.last_list_marker = ""

    def add_list(self, items: list[str]) -> None:
        """A bullet list; a list right after another gets the other marker, or the two
        would merge into one (mdformat alternates them the same way)."""
        marker = "*" if self.last_list_marker == "-" else "-"
        self.blocks.append("\n".join(f"{marker} {item}".rstrip() for item in items))
        self.last_list_marker = marker


@dataclass
class _Context:
    options: Options
    children: dict[int, list[SectionRef]]  # id(section) -> its subsections' refs
    keep: set[int] | None  # with a filter: id() of the sections that hold a match
    selected: set[str] | None  # with a filter: ids of the matching measures


def render(plans: list[tuple[str, Plan]], options: Options | None = None) -> str:
    """The Markdown page for one or more plans. Deterministic: same plans, same bytes."""
    options = options or Options()
    page = _Page()
    body = "\n\n".join(_blocks(page, plans, options)) + "\n"
    if options.profile == "ssg":
        return _front_matter(plans[0][1]) + _contents(page) + body
    return body


def page_blocks(plans: list[tuple[str, Plan]], options: Options | None = None) -> Iterator[str]:
    """The blocks of render()'s page, made a few at a time: for the cms profile the page is
    "\n\n".join(them) + "\n". The preview shows the start of a long plan before the rest
    is made."""
    return _blocks(_Page(), plans, options or Options())


def _blocks(page: _Page, plans: list[tuple[str, Plan]], options: Options) -> Iterator[str]:
    base = 2
    criteria = options.criteria
    if criteria is not None and not criteria.is_empty():  # an agenda says what it was made for
        page.add(md.paragraph(texts.EXPORT_FILTERED.format(filter=criteria.describe())))
    done = 0  # blocks of the page handed out so far
    for path, plan in plans:
        refs = list(plan.walk())
        context = _context(plan, path, refs, options)
        if context.keep is not None and not context.keep:
            continue  # a filtered page leaves out plans with nothing to show
        level = base
        if len(plans) > 1:
            title = plan.title or path
            anchor = page.anchor(md.slug(title), "plan") if options.profile == "ssg" else ""
            page.add(md.heading(base, title, anchor))
            level = base + 1
        for ref in refs:
            if ref.parent is None:
                for _ in _render_section(page, ref, level, context):
                    yield from page.blocks[done:]
                    done = len(page.blocks)
    yield from page.blocks[done:]


def render_html(plans: list[tuple[str, Plan]], options: Options | None = None) -> str:
    """An HTML fragment of the same page (without front matter), for CMSs that take HTML."""
    options = options or Options()
    text = render(plans, Options("cms", options.layout, options.internal, options.criteria))
    return markdown_to_html(text)


def markdown_to_html(text: str) -> str:
    """The HTML of a cms-profile page (the report uses it too), raw HTML disabled."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    return parser.render(text)


# --- structure ------------------------------------------------------------------------------


def _context(plan: Plan, path: str, refs: list[SectionRef], options: Options) -> _Context:
    children: dict[int, list[SectionRef]] = {}
    for ref in refs:
        if ref.parent is not None:
            children.setdefault(id(ref.parent.section), []).append(ref)
    criteria = options.criteria
    if criteria is None or criteria.is_empty():
        return _Context(options, children, None, None)
    rows = matching(rows_for(plan, path), criteria)
    keep = {id(r.section) for row in rows for r in row.ref.section.path()}
    return _Context(options, children, keep, {row.measure.id for row in rows})


def _render_section(page: _Page, ref: SectionRef, level: int, context: _Context) -> Iterator[None]:
    """Adds the section to the page, pausing (yield) every few measures and subsections."""
    if context.keep is not None and id(ref.section) not in context.keep:
        return
    options = context.options
    section = ref.section
    titled = bool(ref.label)
    if titled:
        anchor = page.anchor(_section_anchor(ref), "seksjon") if options.profile == "ssg" else ""
        page.add(md.heading(level, ref.label, anchor))
        page.contents.append((ref.depth, ref.label, anchor))
    inner = level + 1 if titled else level
    if context.selected is None:
        for block in section.blocks:
            _render_block(page, block, ref)
    measures = [
        (number, m)
        for number, m in enumerate(section.measures, start=1)
        if context.selected is None or m.id in context.selected
    ]
    if measures and options.layout == "table":
        page.add(_measure_table(measures, options.internal))
    else:
        for count, (number, measure) in enumerate(measures, start=1):
            _render_measure(page, ref, number, measure, inner, options)
            if count % MEASURES_PER_PAUSE == 0:
                yield
    yield
    for child in context.children.get(id(section), []):
        yield from _render_section(page, child, inner, context)


def _section_anchor(ref: SectionRef) -> str:
    if ref.number:
        kind = "kapittel" if ref.depth == 1 else "seksjon"
        return f"{kind}-{ref.number.replace('.', '-')}"
    return md.slug(str(ref.section.title)) or md.slug(str(ref.section.id))


def _measure_anchor(ref: SectionRef, number: int) -> str:
    where = ref.number.replace(".", "-") if ref.number else md.slug(str(ref.section.id))
    return f"tiltak-{where}-{number}"


# --- measures -------------------------------------------------------------------------------


def _render_measure(
    page: _Page, ref: SectionRef, number: int, measure: Measure, level: int, options: Options
) -> None:
    anchor = page.anchor(_measure_anchor(ref, number), "tiltak") if options.profile == "ssg" else ""
    page.add(md.heading(level, f"{LABEL_MEASURE} {number}", anchor))
    for line in _lines(measure.text):
        page.add(md.paragraph(line))
    page.add_list([f"**{label}:**{_value(value)}" for label, value in _labels(measure, options)])


def _labels(measure: Measure, options: Options) -> list[tuple[str, str]]:
    labels = []
    for spec in _shown_fields(options.internal):
        value = _shown(measure, spec)
        if value:
            labels.append((spec.label, value))
        elif spec.shown == ALWAYS:  # said, so that the page does not look cut off
            labels.append((spec.label, texts.EXPORT_NOT_SET))
    return labels


def _shown_fields(internal: bool) -> list[Field]:
    """The fields shown as labelled lines or table columns, in the table's order; the text is
    the measure's paragraph and the qualifier goes with the roles."""
    return [
        f for f in MEASURE_FIELDS if f.shown in (ALWAYS, WHEN_SET) and (f.published or internal)
    ]


def _shown(measure: Measure, spec: Field) -> str:
    if spec.kind == ROLES:
        return responsible_text(measure)
    return str(getattr(measure, spec.name))


def _value(text) -> str:
    text = " ".join(str(text).split())
    return f" {md.inline(text, before=' ')}" if text else ""


def responsible_text(measure: Measure) -> str:
    """'Leder, Nestleder (etter innspill fra yrkesseksjoner)': roles as written, qualifier after."""
    return roles.with_qualifier(measure.responsible, measure.qualifier)


def _measure_table(measures: list[tuple[int, Measure]], internal: bool) -> str:
    columns = _shown_fields(internal)
    header = [LABEL_MEASURE, *(spec.label for spec in columns)]
    rows = [
        [f"{number}. {m.text}", *(_shown(m, spec) for spec in columns)] for number, m in measures
    ]
    return md.table(header, rows)


# --- content blocks -------------------------------------------------------------------------


def _render_block(page: _Page, block: Block, ref: SectionRef) -> None:
    data = block.data
    kind = block.type
    title = str(data.get("tittel", "") or "")
    if kind == fields.PROSE_BLOCK:
        lines = _lines(data.get("tekst", ""))
        if title and lines:
            page.add(f"{_bold_title(title)} {md.inline(lines[0], before=' ')}")
            lines = lines[1:]
        elif title:
            page.add(_bold_title(title))
        for line in lines:
            page.add(md.paragraph(line))
    elif kind == fields.LIST_BLOCK:
        items = [i for i in data.get("punkter", []) if str(i).strip()]
        if title:
            page.add(_bold_title(title))
        if items:
            page.add_list([md.paragraph(" ".join(str(i).split())) for i in items])
    elif kind == fields.GOAL_BLOCK:
        _render_goal(page, title, data)
    elif kind == fields.TABLE_BLOCK:
        if title:
            page.add(_bold_title(title))
        header = [str(c) for c in data.get("kolonner", [])]
        rows = [[str(c) for c in row] for row in data.get("rader", []) if isinstance(row, list)]
        if header or rows:
            page.add(md.table(header or rows.pop(0), rows))
    elif kind == fields.CALENDAR_BLOCK:
        committee = str(data.get("utvalg", "") or "")
        entries = [e for e in data.get("aktiviteter", []) if isinstance(e, dict)]
        if committee and committee != ref.section.title:
            page.add(_bold_title(committee))
        if entries:
            rows = [[str(e.get(c.key, "")) for c in fields.CALENDAR_COLUMNS] for e in entries]
            page.add(md.table(CALENDAR_COLUMNS, rows))


def _render_goal(page: _Page, title: str, data: dict) -> None:
    lines = _lines(data.get("tekst", ""))
    heading = _bold_title(title or texts.GOAL_HEADING)
    if lines:
        page.add(f"{heading} {md.inline(lines[0], before=' ')}")
        for line in lines[1:]:
            page.add(md.paragraph(line))
    else:
        page.add(heading)
    targets = [t for t in data.get("maaltall", []) if isinstance(t, dict)]
    if targets:
        items = []
        for t in targets:
            amount = " ".join(str(p) for p in (t.get("antall", ""), t.get("enhet", "")) if str(p))
            items.append(md.paragraph(f"{t.get('hva', '')}: {amount}".strip()))
        page.add_list(items)


def _bold_title(title: str) -> str:
    """A block's title in bold, ending in a colon unless it ends in punctuation already
    (a bold line that ends without one reads to markdownlint as a heading in disguise)."""
    title = " ".join(title.split())
    ending = "" if title[-1:] in ".,;:!?" else ":"
    return f"**{md.inline(title + ending)}**"


def _lines(text) -> list[str]:
    """The author's lines, each its own paragraph, so line breaks survive on the page."""
    return [" ".join(line.split()) for line in str(text or "").splitlines() if line.strip()]


# --- the ssg profile --------------------------------------------------------------------------


def _front_matter(plan: Plan) -> str:
    meta = plan.meta
    lines = ["---", f"title: {_yaml_string(plan.title)}"]
    for spec in (fields.plan_field("organisation"), fields.plan_field("period")):
        if meta.get(spec.key):
            lines.append(f"{spec.name}: {_yaml_string(str(meta[spec.key]))}")
    adopted = _adopted(meta.get(fields.plan_field("adopted").key))
    if adopted:
        lines.append(f"date: {adopted.isoformat()}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


# Characters a YAML reader does not take raw in a quoted scalar: C1 controls and DEL (not
# printable), NEL and the Unicode line separators (folded into spaces), BOM, non-characters.
_YAML_RAW_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _yaml_string(text: str) -> str:
    """A double-quoted scalar that YAML (1.1 and 1.2) reads back as exactly `text`; it is JSON
    too, so `import` reads it with json.loads."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _adopted(value) -> date | None:
    """The adoption date, if the plan holds one (a TOML date, or text `check` takes as one)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _contents(page: _Page) -> str:
    entries = [(d, label, anchor) for d, label, anchor in page.contents if anchor]
    if not entries:
        return ""
    top = min(d for d, _, _ in entries)
    lines = [
        f"{'  ' * (d - top)}- [{md.link_text(label)}](#{anchor})" for d, label, anchor in entries
    ]
    return f"**{LABEL_CONTENTS}:**\n\n" + "\n".join(lines) + "\n\n"
