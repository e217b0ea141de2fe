"""Nothing harmful reaches the website: whatever a plan says, the exported page shows it as
text on every renderer a branch's site uses, and the site generator runs none of it.

Each page is rendered twice: from the plan as written, and from its *skeleton*, the same plan
with every text replaced by an inert word (`v0`, `v1` …; plain URLs kept, since they are meant
to become links). The two must give the same HTML elements and attribute names in the same
order, so nothing in the HTML came from the plan's words; and every value must appear verbatim
in the rendered text.

"Verbatim" compares text with whitespace folded: every run of whitespace (as `str.split`
sees it, so tabs, line breaks and no-break spaces too) becomes one space, in the value and in
the rendered text alike, since Markdown folds whitespace the same way. A control character
that is not whitespace cannot be shown on a page and is exported as U+FFFD (�).
"""

from __future__ import annotations

import contextlib
import copy
import datetime
import re
import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser

import commonmark
import markdown as python_markdown
import mistune
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tui.cli import main
from tui.domain.model import Block, Measure, Plan, Section
from tui.formats import markdown as md
from tui.formats.export import Options, render
from tui.store.newplan import dumps

from .conftest import examples

VARIANTS = [
    Options(profile, layout, internal=True)
    for profile in ("cms", "ssg")
    for layout in ("list", "table")
]
VARIANT_IDS = ["cms", "cms-table", "ssg", "ssg-table"]


# --- renderers --------------------------------------------------------------------------------


def markdown_it(text: str) -> str:
    # Raw HTML on, as a site that allows it would have it: the export must not rely on it off.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(text)


def python_markdown_mkdocs(text: str) -> str:
    """Python-Markdown as a MkDocs site configures it: attributes, definition lists,
    footnotes, abbreviations, admonitions and a [TOC] marker all switched on."""
    return python_markdown.markdown(text, extensions=["extra", "toc", "admonition"])


RENDERERS = {
    "markdown-it": markdown_it,
    "mistune": mistune.html,  # its default: raw HTML passes, tables, footnotes, strikethrough
    "commonmark": commonmark.commonmark,
    "python-markdown": python_markdown_mkdocs,
}


# --- reading rendered HTML --------------------------------------------------------------------

BLOCK_TAGS = {
    "p",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "blockquote",
    "br",
    "hr",
    "pre",
}


class Page(HTMLParser):
    """The elements (with attribute names) and the text a reader sees."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[str, ...]]] = []
        self.hrefs: list[str] = []
        self.ids: list[str] = []
        self.pieces: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, tuple(sorted(name for name, _ in attrs))))
        values = dict(attrs)
        if "href" in values:
            self.hrefs.append(values["href"] or "")
        if "id" in values:
            self.ids.append(values["id"] or "")
        if tag in BLOCK_TAGS:
            self.pieces.append(" ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.pieces.append(" ")

    def handle_comment(self, data):
        self.elements.append(("<!--", ()))

    def handle_pi(self, data):
        self.elements.append(("<?", ()))

    def handle_decl(self, decl):
        self.elements.append(("<!", ()))

    def handle_data(self, data):
        self.pieces.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.pieces).split())


def visible(value: str) -> str:
    """A value as the page shows it (see the module's docstring)."""
    folded = " ".join(value.split())
    return "".join("\ufffd" if unicodedata.category(c) == "Cc" else c for c in folded)


def body(markdown: str) -> str:
    """The page without its front matter (the site generator reads that itself)."""
    if markdown.startswith("---\n"):
        return markdown.split("\n---\n", 1)[1]
    return markdown


def front_matter(markdown: str) -> dict:
    assert markdown.startswith("---\n")
    return yaml.safe_load(markdown[4:].split("\n---\n", 1)[0])


# --- plans and their skeletons ----------------------------------------------------------------

NOT_TEXT = {"id", "type", "nummerert", "format", "vedtatt"}


def texts(node, key: str = "") -> list[str]:
    """Every text the page shows (with --internal), in no particular order."""
    if isinstance(node, dict):
        return [t for k, v in node.items() if k not in NOT_TEXT for t in texts(v, k)]
    if isinstance(node, list):
        return [t for item in node for t in texts(item, key)]
    return [node] if isinstance(node, str) else []


def skeleton(plan: Plan) -> Plan:
    """The same plan with every text an inert word; equal texts stay equal, blank ones blank,
    lines stay lines and plain URLs stay where they were."""
    words: dict[str, str] = {}

    def inert(text: str) -> str:
        if not text.strip():
            return text
        word = words.setdefault(text, f"v{len(words)}")
        return "\n".join(_inert_line(line, word) for line in text.splitlines())

    def walk(node, key=""):
        if isinstance(node, dict):
            return {k: (v if k in NOT_TEXT else walk(v, k)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(item, key) for item in node]
        return inert(node) if isinstance(node, str) else node

    return Plan(walk(copy.deepcopy(plan.to_data())))


def _inert_line(line: str, word: str) -> str:
    line = " ".join(line.split())
    pieces = md._URL.split(line)
    urls = md._URL.findall(line)
    out = [word if pieces[0].strip() else ""]
    for url, piece in zip(urls, pieces[1:], strict=True):
        out += [url, word if piece.strip() else ""]
    return " ".join(p for p in out if p)


def check_page(plan: Plan, options: Options, renderers=RENDERERS) -> None:
    out = render([("p.toml", plan)], options)
    inert = render([("p.toml", skeleton(plan))], options)
    for name, to_html in renderers.items():
        page, expected = Page(to_html(body(out))), Page(to_html(body(inert)))
        assert page.elements == expected.elements, f"{name} on:\n{out}"
        assert [h for h in page.hrefs if not h.startswith("#")] == [
            h for h in expected.hrefs if not h.startswith("#")
        ], name
        missing = [v for v in texts(plan.to_data()["kapittel"]) if visible(v) not in page.text]
        assert missing == [], f"{name} shows:\n{page.text}"
        if options.profile == "ssg" and name == "python-markdown":  # attr_list reads the ids
            assert page.ids == heading_ids(out)
            assert [h[1:] for h in page.hrefs if h.startswith("#")] == contents_links(out)
    if options.profile == "ssg":
        assert front_matter(out) == expected_front_matter(plan)
        check_anchors(out)


def expected_front_matter(plan: Plan) -> dict:
    meta = plan.meta
    expected = {"title": meta.get("tittel", "")}
    for key, source in (("organisation", "organisasjon"), ("period", "periode")):
        if meta.get(source):
            expected[key] = meta[source]
    with contextlib.suppress(ValueError):  # a date as `check` reads one, or none
        expected["date"] = datetime.date.fromisoformat(meta.get("vedtatt", ""))
    return expected


def heading_ids(out: str) -> list[str]:
    return re.findall(r"^#+ .*\{#([^}]*)\}$", out, re.MULTILINE)


def contents_links(out: str) -> list[str]:
    return re.findall(r"\]\(#([^)]*)\)$", out, re.MULTILINE)


def check_anchors(out: str) -> None:
    """Heading ids are unique, start with a letter (kramdown ignores others) and every
    contents link leads to one."""
    anchors = heading_ids(out)
    assert len(anchors) == len(set(anchors))
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*", a) for a in anchors), anchors
    assert set(contents_links(out)) <= set(anchors)


def plan_of(meta: dict, chapters: list[Section]) -> Plan:
    plan = Plan({"format": 1, "plan": meta})
    plan.chapters.extend(chapters)
    return plan


def plan_with_text(text: str, **meta: str) -> Plan:
    """One measure, one list and a heading holding `text`."""
    section = Section.new("s-1", text)
    section.measures.append(Measure.new("t-1", tekst=text, ansvar=[text], frist=text))
    section.blocks.append(Block.new("b-1", "liste", tittel=text, punkter=[text]))
    chapter = Section.new("k-1", "Kapittel")
    chapter.sections.append(section)
    return plan_of({"tittel": "Plan", **meta}, [chapter])


# --- each finding of issue 12, on its own -----------------------------------------------------


@pytest.mark.parametrize("text", ["<<script>alert(1)</script>", "<<<b>fet</b>", "<\\<i>x</i>"])
@pytest.mark.parametrize("options", VARIANTS, ids=VARIANT_IDS)
def test_a_run_of_less_than_signs_is_text(text, options):
    check_page(plan_with_text(text), options)


@pytest.mark.parametrize("text", ["<b>fet</b>", "&amp; og &#169;", "~~streket~~", "&notin;"])
def test_python_markdown_shows_escaped_text_as_written(text):
    out = render([("p.toml", plan_with_text(text))], Options("cms", internal=True))
    page = Page(python_markdown_mkdocs(out))
    assert [
        e for e, _ in page.elements if e not in ("h2", "h3", "h4", "p", "ul", "li", "strong")
    ] == []
    assert visible(text) in page.text


# The sites below hold the value "hemmelig-verdi" in their configuration.
TEMPLATE_SYNTAX = [
    "{{< param secret >}}",
    "{{% param secret %}}",
    "{{ site.secret }}",
    "{% include_relative _config.yml %}",
    "Tittel {: .farlig}",
    "{::comment}skjult{:/comment}",
    "Tittel {#ny-id}",
    "{.klasse}",
]


@pytest.mark.parametrize("text", TEMPLATE_SYNTAX)
@pytest.mark.parametrize("options", VARIANTS, ids=VARIANT_IDS)
def test_template_and_attribute_syntax_never_reaches_the_generator(text, options):
    """Hugo and Jekyll read `{{`, `{%` and `{:` in the raw file, before any Markdown, so no
    `{` of the plan's may be in it; the only braces are the heading ids the export adds."""
    out = render([("p.toml", plan_with_text(text))], options)
    braces = [line for line in out.splitlines() if "{" in re.sub(r" \{#[a-z0-9-]+\}$", "", line)]
    assert braces == []
    check_page(plan_with_text(text), options)


@pytest.mark.parametrize(
    "line",
    [
        "[TOC]",
        '!!! danger "Farlig"',
        ": definisjon",
        "| a | b |",
        "*[HTML]: Hyper",
        "[^1]: fotnote",
        "=== ",
        "~~~",
        "#emneknagg",
        "+++",
    ],
)
def test_a_line_that_other_renderers_read_as_a_block_is_text(line):
    plan = plan_with_text("Ord")
    plan.chapters[0].sections[0].measures[0].text = f"Ord\n{line}"
    for options in VARIANTS:
        check_page(plan, options)


HOSTILE_META = [
    'to "sitater" og \\ bakstrek',
    "linje\nevil: true",
    "a: b # kommentar",
    "- liste\n- to",
    "&anker *alias !!python/object",
    "'enkel' og \"dobbel\"",
    "kontroll\x00\x01\x08\x1b\x7f\x85\x9f og \u2028\u2029\ufeff slutt",
    "\t innrykk ",
    "---\nny: front matter\n---",
    "{{ site.time }}",
]


@pytest.mark.parametrize("value", HOSTILE_META)
def test_front_matter_parses_to_exactly_the_plans_values(value):
    plan = plan_with_text(
        "Ord", tittel=value, organisasjon=value, periode=value, vedtatt="2024-01-30"
    )
    out = render([("p.toml", plan)], Options("ssg"))
    assert front_matter(out) == {
        "title": value,
        "organisation": value,
        "period": value,
        "date": datetime.date(2024, 1, 30),
    }


@pytest.mark.parametrize(
    "adopted", ["2024-01-30\nevil: true", "30.01.2024", "2024-02-30", "0000-01-01", " 2024-01-30"]
)
def test_an_adopted_date_that_is_not_a_date_is_left_out(adopted):
    out = render([("p.toml", plan_with_text("Ord", vedtatt=adopted))], Options("ssg"))
    assert front_matter(out) == {"title": "Plan"}


def test_an_adopted_date_from_toml_is_the_date():
    plan = plan_with_text("Ord", vedtatt=datetime.date(2024, 1, 30))
    out = render([("p.toml", plan)], Options("ssg"))
    assert out.startswith('---\ntitle: "Plan"\ndate: 2024-01-30\n---\n')


def test_heading_ids_are_unique_within_one_export():
    """Same titles, titles that fold to the same ASCII, a title that looks like a generated
    id, titles without letters, a URL, and a folder of plans that all have a chapter 1."""
    titles = ["Mål", "Mal", "Mål", "kapittel 1", "2024", "!!!", "", "^1", "Se]:https://e.no/"]
    chapters = []
    for n, title in enumerate(titles):
        chapter = Section.new(f"k-{n}", title, numbered=False)
        chapter.measures.append(Measure.new(f"t-{n}", tekst="Ord"))
        chapters.append(chapter)
    chapters.append(Section.new("k-9", "Innledning"))  # numbered: kapittel-1
    plans = [
        (f"{n}.toml", plan_of({"tittel": f"Plan {n}"}, copy.deepcopy(chapters))) for n in range(2)
    ]
    for options in (Options("ssg"), Options("ssg", "table")):
        out = render(plans, options)
        check_anchors(out)
        for _, plan in plans:
            check_page(plan, options)  # links to "^1" and to a URL are links to the headings
        assert "\n- [Mål](#mal)\n- [Mal](#mal-2)\n- [Mål](#mal-3)\n" in out
        assert "\n## Plan 1 {#plan-1}\n" in out
        assert "\n### 1 Innledning {#kapittel-1-2}\n" in out


# --- the property ------------------------------------------------------------------------------

# Pieces that mean something to some renderer or generator, and random text around them.
SYNTAX = [
    "<",
    ">",
    "&",
    "{",
    "}",
    "%",
    ":",
    "[",
    "]",
    "(",
    ")",
    "\\",
    "`",
    "\n",
    "*",
    "_",
    "~",
    "#",
    "|",
    "!",
    "$",
    "^",
    "=",
    "-",
    "+",
    ".",
    '"',
    "'",
    " ",
    "\t",
    "\r\n",
    "\x00",
    "\x02",
    "\x03",
    "\x1b",
    "\x85",
    "\u2028",
    "\xa0",
    "&amp;",
    "&lt;",
    "&#123;",
    "&notin;",
    "<b>",
    "<script>",
    "</p>",
    "<!--",
    "{{",
    "{%",
    "{:",
    "{::",
    "{{<",
    "{{%",
    "%}}",
    "}}",
    "{#x}",
    "[TOC]",
    "!!! note",
    "[^1]",
    "*[x]:",
    ": ",
    "1. ",
    "- ",
    "# ",
    "> ",
    "|---|",
    "a\u030a",
    "\u00e5",
    "\u00c5",
    "\u00e6\u00f8\u00e5",
    "A\u0308",
    "https://eksempel.no/a_b?x=1&y=2",
    "javascript:alert(1)",
    "$$",
]
TEXT = st.lists(st.one_of(st.sampled_from(SYNTAX), st.text(max_size=4)), max_size=6).map("".join)


@st.composite
def plans(draw) -> dict:
    """A plan's data (so a failing example prints as the plan it is)."""
    text = lambda: draw(TEXT)  # noqa: E731
    adopted = draw(st.one_of(st.dates().map(str), TEXT))
    meta = {"tittel": text(), "organisasjon": text(), "periode": text(), "vedtatt": adopted}
    section = Section.new("s-1", text())
    for n in range(draw(st.integers(1, 2))):
        section.measures.append(
            Measure.new(
                f"t-{n}",
                tekst=text(),
                ansvar=draw(st.lists(TEXT, max_size=2)),
                ansvar_merknad=text(),
                frist=text(),
                status=text(),
                kommentar=text(),
                budsjett=text(),
                prosjektnr=text(),
            )
        )
    width = draw(st.integers(1, 3))
    row = st.lists(TEXT, min_size=width, max_size=width)
    section.blocks.extend(
        [
            Block.new("b-1", "tekst", tittel=text(), tekst=text()),
            Block.new("b-2", "liste", tittel=text(), punkter=draw(st.lists(TEXT, max_size=3))),
            Block.new(
                "b-3",
                "mål",
                tittel=text(),
                tekst=text(),
                maaltall=[{"hva": text(), "antall": draw(st.integers(0, 999)), "enhet": text()}],
            ),
            Block.new(
                "b-4",
                "tabell",
                tittel=text(),
                kolonner=draw(row),
                rader=draw(st.lists(row, max_size=2)),
            ),
            Block.new(
                "b-5",
                "kalender",
                utvalg=text(),
                aktiviteter=[
                    {"dato": text(), "aktivitet": text(), "maalgruppe": text()} for _ in range(2)
                ],
            ),
        ]
    )
    chapter = Section.new("k-1", text())
    chapter.sections.append(section)
    unnumbered = Section.new("k-2", text(), numbered=False)
    unnumbered.measures.append(Measure.new("t-9", tekst=text(), frist=text()))
    return plan_of(meta, [chapter, unnumbered]).to_data()


@settings(
    max_examples=examples(300),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=plans())
def test_any_text_in_any_field_is_text_on_every_renderer(data):
    for options in VARIANTS:
        check_page(Plan(data), options)


# --- real site generators ----------------------------------------------------------------------


def hostile_plan() -> Plan:
    values = [
        *TEMPLATE_SYNTAX,
        "<<script>alert(1)</script>",
        "<b>fet</b>",
        "[TOC]",
        ": def",
        "a -- b",
        "$$x$$",
        "slutt\\",
        "| a | b |",
    ]
    section = Section.new("s-1", "Seksjon {{< param title >}}")
    for n, text in enumerate(values):
        section.measures.append(
            Measure.new(f"t-{n}", tekst=f"{text}\n{text}", ansvar=[text], frist=text, status=text)
        )
    section.blocks.append(Block.new("b-1", "liste", tittel=values[0], punkter=values))
    section.blocks.append(
        Block.new("b-2", "tabell", kolonner=["A", "B"], rader=[[v, v] for v in values])
    )
    chapter = Section.new("k-1", "Kapittel {% raw %}")
    chapter.sections.append(section)
    meta = {
        "tittel": '{{ site.time }} "x"\nevil: true',
        "organisasjon": "{% include x %}",
        "periode": "2024",
        "vedtatt": "2024-01-30",
    }
    return plan_of(meta, [chapter])


def site_page(html: str) -> str:
    """The article of a built page (the layouts below wrap it in <main>)."""
    return html.split("<main>", 1)[1].split("</main>", 1)[0]


def assert_site_shows_text(built: str, inert_built: str) -> None:
    """The same elements as the skeleton's page, the template syntax there to read, and
    nothing of the site's configuration."""
    page, expected = Page(site_page(built)), Page(site_page(inert_built))
    assert page.elements == expected.elements
    assert [text for text in TEMPLATE_SYNTAX if visible(text) not in page.text] == []
    assert "hemmelig-verdi" not in built


def write_hugo_site(root, plan: Plan, options: Options) -> None:
    (root / "content").mkdir(parents=True)
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "hugo.toml").write_text(
        'baseURL = "http://localhost/"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", '
        '"robotsTXT", "404", "home", "section"]\n[params]\nsecret = "hemmelig-verdi"\n'
        "[markup.goldmark.renderer]\nunsafe = true\n",
        encoding="utf-8",
    )  # raw HTML on: the export must not rely on the site filtering it
    (root / "layouts" / "_default" / "single.html").write_text(
        "<main>{{ .Content }}</main>", encoding="utf-8"
    )
    export(plan, options, root / "content" / "plan.md")


def export(plan: Plan, options: Options, target) -> None:
    """The real command on the plan saved as a file, as the secretary runs it."""
    source = target.parent / "plan.toml"
    source.write_text(dumps(plan.to_data()), encoding="utf-8")
    args = ["export", str(source), "--profile", options.profile, "--layout", options.layout]
    args += ["--internal"] if options.internal else []
    assert main([*args, "-o", str(target)]) == 0
    source.unlink()


def build_hugo(tmp_path, plan: Plan, options: Options, name: str) -> str:
    root = tmp_path / name
    write_hugo_site(root, plan, options)
    subprocess.run(
        ["hugo", "--quiet", "-s", str(root), "-d", str(root / "public")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (root / "public" / "plan" / "index.html").read_text(encoding="utf-8")


@pytest.mark.skipif(
    shutil.which("hugo") is None, reason="hugo is not installed (apt-get install hugo)"
)
@pytest.mark.parametrize("options", VARIANTS[2:], ids=VARIANT_IDS[2:])
def test_hugo_builds_the_hostile_plan_as_text(tmp_path, options):
    plan = hostile_plan()
    built = build_hugo(tmp_path, plan, options, "hostile")
    inert = build_hugo(tmp_path, skeleton(plan), options, "inert")
    assert_site_shows_text(built, inert)


def build_jekyll(tmp_path, plan: Plan, options: Options, name: str) -> str:
    root = tmp_path / name
    (root / "_layouts").mkdir(parents=True)
    (root / "_layouts" / "default.html").write_text("<main>{{ content }}</main>", encoding="utf-8")
    (root / "_config.yml").write_text(
        "title: Avdeling\nsecret: hemmelig-verdi\ndefaults:\n  - scope: {path: ''}\n"
        "    values: {layout: default}\n",
        encoding="utf-8",
    )
    export(plan, options, root / "plan.md")
    subprocess.run(
        ["jekyll", "build", "--safe", "-s", str(root), "-d", str(root / "_site")],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (root / "_site" / "plan.html").read_text(encoding="utf-8")


@pytest.mark.skipif(
    shutil.which("jekyll") is None, reason="jekyll is not installed (apt-get install jekyll)"
)
@pytest.mark.parametrize("options", VARIANTS[2:], ids=VARIANT_IDS[2:])
def test_jekyll_builds_the_hostile_plan_as_text(tmp_path, options):
    plan = hostile_plan()
    built = build_jekyll(tmp_path, plan, options, "hostile")
    inert = build_jekyll(tmp_path, skeleton(plan), options, "inert")
    assert_site_shows_text(built, inert)
    assert "title: Avdeling" not in built  # _config.yml, which include_relative would show
