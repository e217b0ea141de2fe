"""`handlingsplan export`: every value survives, structure holds, output is canonical."""

import os
import re

import mdformat
import pytest
from markdown_it import MarkdownIt

from tui.cli import main
from tui.domain.filters import Filter
from tui.domain.model import Block, Measure, Plan, Section
from tui.formats.export import Options, render, render_html
from tui.store.storage import load

from .conftest import PLANS, ROOT

GOLDEN = ROOT / "tests" / "data" / "golden"
TEKNISK = PLANS / "teknisk-fagforening-oslo-2024-2025.toml"
VARIANTS = [
    Options("cms", "list"),
    Options("cms", "table"),
    Options("ssg", "list"),
    Options("ssg", "table"),
    Options("cms", "list", internal=True),
    Options("cms", "table", internal=True),
]
VARIANT_IDS = ["cms", "cms-table", "ssg", "ssg-table", "cms-internal", "cms-table-internal"]

HOSTILE = [
    "1. juni er en dato, ikke en liste",
    "- ikke et punkt",
    "# ikke en overskrift",
    "> ikke et sitat",
    "*stjerner* og **fet** og _under_ og __dobbel__ og snake_case_ord",
    "`kode` og ``to``",
    "celle | med | rør",
    "<script>alert(1)</script> og <b>fet</b>",
    "[lenke](javascript:alert(1)) og [ref] og ![bilde](x.png)",
    "slutter med bakstrek\\",
    "to mellomrom på slutten  ",
    'sitat """ i tekst',
    "tab\tinni",
    "emoji 🙂✊ og æøå ÆØÅ",
    "&amp; og &#169; og & alene",
    "~~gjennomstreket~~ og ~en~",
    "---",
    "===",
    "+ pluss",
    "2) parentes",
    "[x] oppgave",
    "| --- |",
    "se https://www.fagforbundet.no/a_b/ for mer",
]


def hostile_plan() -> Plan:
    plan = Plan(
        {
            "format": 1,
            "plan": {
                "tittel": "Fiendtlig *plan*",
                "periode": "2024",
                "organisasjon": "<b>Org</b>",
                "vedtatt": "2024-01-30",
            },
        }
    )
    chapter = Section.new("k-1", "Kapittel *en* | [x](y)")
    section = Section.new("s-1", "# Seksjon <i>to</i>")
    chapter.sections.append(section)
    plan.chapters.append(chapter)
    for n, text in enumerate(HOSTILE):
        section.measures.append(
            Measure.new(
                f"t-{n}",
                tekst=f"{text}\n{text}",
                ansvar=[text, "Leder"],
                ansvar_merknad=text,
                frist=text,
                status="pågår",
                kommentar=text,
                budsjett=text,
                prosjektnr=text,
            )
        )
    section.blocks.extend(
        [
            Block.new("b-1", "tekst", tittel=HOSTILE[4], tekst="\n".join(HOSTILE)),
            Block.new("b-2", "liste", tittel=HOSTILE[7], punkter=HOSTILE),
            Block.new("b-3", "liste", tittel="", punkter=HOSTILE[:3]),
            Block.new("b-4", "liste", tittel="", punkter=HOSTILE[3:6]),
            Block.new(
                "b-5",
                "tabell",
                tittel=HOSTILE[6],
                kolonner=["A | B", "*C*"],
                rader=[[HOSTILE[i], HOSTILE[i + 1]] for i in range(0, len(HOSTILE) - 1, 2)],
            ),
            Block.new(
                "b-6",
                "mål",
                tittel="Mål",
                tekst=HOSTILE[8],
                maaltall=[{"hva": HOSTILE[4], "antall": 42, "enhet": HOSTILE[6]}],
            ),
            Block.new(
                "b-7",
                "kalender",
                utvalg=HOSTILE[5],
                aktiviteter=[{"dato": t, "aktivitet": t, "maalgruppe": t} for t in HOSTILE],
            ),
        ]
    )
    return plan


def all_plans() -> list[tuple[str, Plan]]:
    plans = [(p.name, load(p).plan) for p in sorted(PLANS.glob("*.toml"))]
    return [*plans, ("fiendtlig.toml", hostile_plan())]


PLAN_IDS = [name for name, _ in all_plans()]


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def plain_text(markdown: str) -> str:
    """What a reader of the rendered page sees, whitespace folded."""
    pieces = []
    for token in parser().parse(markdown):
        if token.type == "inline":
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    pieces.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    pieces.append(" ")
            pieces.append(" ")
    return " ".join("".join(pieces).split())


def values(data, internal: bool) -> list[str]:
    """Every text the plan holds (ids, types and flags aside)."""
    skip = {"id", "type", "nummerert", "format"}
    if not internal:
        skip |= {"kommentar", "budsjett", "prosjektnr"}
    found = []

    def walk(node, key=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if k not in skip:
                    walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)
        elif isinstance(node, str) and node.strip() and key not in ("vedtatt",):
            found.append(" ".join(node.split()))
        elif isinstance(node, int | float) and not isinstance(node, bool):
            found.append(str(node))

    walk(data)
    return found


def strip_front_matter(text: str) -> str:
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


@pytest.mark.parametrize("options", VARIANTS, ids=VARIANT_IDS)
@pytest.mark.parametrize(("name", "plan"), all_plans(), ids=PLAN_IDS)
def test_every_value_survives_rendering(name, plan, options):
    out = render([(name, plan)], options)
    seen = plain_text(strip_front_matter(out))
    missing = [v for v in values(plan.to_data()["kapittel"], options.internal) if v not in seen]
    assert missing == []
    if options.profile == "cms":
        assert (
            " ".join(plan.title.split()) not in out or plan.title == ""
        )  # the CMS page has its own


@pytest.mark.parametrize("options", VARIANTS, ids=VARIANT_IDS)
@pytest.mark.parametrize(("name", "plan"), all_plans(), ids=PLAN_IDS)
def test_no_raw_html_and_no_links_but_plain_urls(name, plan, options):
    out = strip_front_matter(render([(name, plan)], options))
    tokens = parser().parse(out)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_block", "html_inline", "image"}
    hrefs = [c.attrs["href"] for t in tokens for c in t.children or [] if c.type == "link_open"]
    source = " ".join(values(plan.to_data(), True))
    for href in hrefs:
        assert (
            href.startswith("#")
            and options.profile == "ssg"
            or (re.match(r"https?://", href) and href in source)
        ), href


def formatted(out: str, options: Options) -> str:
    extensions = {"gfm", "frontmatter"} if options.profile == "ssg" else {"gfm"}
    return mdformat.text(out, extensions=extensions)


@pytest.mark.parametrize("options", VARIANTS, ids=VARIANT_IDS)
@pytest.mark.parametrize(("name", "plan"), all_plans()[:-1], ids=PLAN_IDS[:-1])
def test_mdformat_changes_nothing(name, plan, options):
    out = render([(name, plan)], options)
    assert formatted(out, options) == out


@pytest.mark.parametrize("options", VARIANTS, ids=VARIANT_IDS)
def test_mdformat_only_changes_the_form_of_escapes_other_renderers_need(options):
    """Where plan text needs an escape that is not CommonMark's own (a character reference
    for Python-Markdown, kramdown or a template engine: tui/markdown.py), mdformat writes the
    CommonMark form instead; the page CommonMark renders stays the same."""
    out = render([("fiendtlig.toml", hostile_plan())], options)
    again = formatted(out, options)
    assert again != out
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render
    assert html(strip_front_matter(again)) == html(strip_front_matter(out))


@pytest.mark.parametrize("options", VARIANTS, ids=VARIANT_IDS)
@pytest.mark.parametrize(("name", "plan"), all_plans(), ids=PLAN_IDS)
def test_structure(name, plan, options):
    out = strip_front_matter(render([(name, plan)], options))
    tokens = parser().parse(out)
    levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
    assert levels[0] == 2
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    widths: list[int] = []
    for token in tokens:
        if token.type == "tr_open":
            widths.append(0)
        elif token.type in ("th_open", "td_open"):
            widths[-1] += 1
        elif token.type == "thead_open" and widths:
            assert len(set(widths)) == 1
            widths = []
    assert len(set(widths)) <= 1
    measures = sum(1 for _ in plan.measures())
    if options.layout == "list":
        assert out.count("- **Ansvar:**") + out.count("* **Ansvar:**") == measures
        assert out.count("**Frist:**") == measures


def test_deterministic():
    plans = all_plans()
    assert render(plans, VARIANTS[2]) == render(all_plans(), VARIANTS[2])


@pytest.mark.parametrize(("options", "name"), list(zip(VARIANTS[:4], VARIANT_IDS[:4], strict=True)))
def test_golden_files(options, name):
    """Reviewed by eye once; a change to the output shows up here and in review."""
    out = render([(TEKNISK.name, load(TEKNISK).plan)], options)
    golden = GOLDEN / f"teknisk.{name}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_measure_rendering_in_cms():
    out = render([(TEKNISK.name, load(TEKNISK).plan)])
    assert (
        "#### Tiltak 3\n\nGi faglig innspill til partier som har samme intensjoner som oss, for å "
        "motvirke konkurranseutsetter.\n\n- **Ansvar:** Leder (etter innspill fra yrkesseksjoner)\n"
        "- **Frist:** 1. august\n"
    ) in out
    assert "{#" not in out and not out.startswith("---")


def test_ssg_front_matter_and_anchors():
    out = render([(TEKNISK.name, load(TEKNISK).plan)], Options("ssg"))
    assert out.startswith(
        '---\ntitle: "Handlingsplan 2024–2025"\norganisation: "Fagforbundet Teknisk Fagforening '
        'Oslo"\nperiod: "2024–2025"\n---\n\n**Innhold:**\n\n- [1 Innledning](#kapittel-1)\n'
    )
    assert "#### Tiltak 2 {#tiltak-3-3-2}" in out
    assert "  - [3.3 Organisasjonsbygging og tariffmakt](#seksjon-3-3)" in out
    assert "### 3.3 Organisasjonsbygging og tariffmakt {#seksjon-3-3}" in out
    assert "## Vedlegg Aktivitetsplan {#vedlegg-aktivitetsplan}" in out


def test_role_filter_is_that_roles_task_list():
    plan = load(TEKNISK).plan
    out = render([(TEKNISK.name, plan)], Options(criteria=Filter(roles=["Nestleder"])))
    headings = re.findall(r"^#+ .*$", out, re.MULTILINE)
    assert headings == [
        "## 3 Målsettinger og planer i perioden",
        "### 3.3 Organisasjonsbygging og tariffmakt",
        "#### Tiltak 1",
        "#### Tiltak 2",
        "#### Tiltak 3",
        "#### Tiltak 4",
        "#### 3.3.3 Informasjon",
        "##### 3.3.3.1 Media",
        "###### Tiltak 1",
        "##### 3.3.3.2 Sosiale medier",
        "###### Tiltak 2",
        "###### Tiltak 3",
    ]
    assert "Overordna mål" not in out  # a task list shows measures, not the prose around them


AGENDA = """\
Utvalg: Frist før 1. juni 2024

## Handlingsplan 2024–2025

### 3 Målsettinger og planer i perioden

#### 3.2 Gode offentlige tjenester med egne ansatte

| Tiltak                                                                   | Ansvar | Frist  | Status |
| ------------------------------------------------------------------------ | ------ | ------ | ------ |
| 1. Jobbe med det fagligpolitiske samarbeidet opp mot etater og bydelene. | Leder  | 1. mai |        |

#### 3.3 Organisasjonsbygging og tariffmakt

| Tiltak                                               | Ansvar | Frist    | Status |
| ---------------------------------------------------- | ------ | -------- | ------ |
| 5. Få valgt nye tillitsvalgte på områder vi ikke har | Styret | 1. april |        |

#### 3.7 Sosiale aktiviteter i fagforeningen

| Tiltak                                      | Ansvar | Frist  | Status |
| ------------------------------------------- | ------ | ------ | ------ |
| 1. 1. mai frokost og felles avgang til tog. | Styret | 1. mai |        |
"""


def test_board_meeting_agenda(capsys, plans_copy):
    code = main(["export", str(plans_copy), "--due-before", "2024-06-01", "--layout", "table"])
    assert code == 0
    assert capsys.readouterr().out == AGENDA


def test_html_fragment_has_no_live_html():
    out = render_html([("fiendtlig.toml", hostile_plan())])
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<table>" in out and "<h2>" in out
    assert 'href="javascript' not in out


def test_output_file_is_written_atomically(tmp_path, capsys):
    target = tmp_path / "plan.md"
    target.write_text("gammel", encoding="utf-8")
    assert main(["export", str(TEKNISK), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == render([(str(TEKNISK), load(TEKNISK).plan)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]
    assert capsys.readouterr().out == ""


def test_export_of_a_broken_plan_is_one_line(tmp_path, capsys):
    bad = tmp_path / "x.toml"
    bad.write_text("a = [", encoding="utf-8")
    assert main(["export", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"handlingsplan: {bad}:1: TOML-syntaksfeil") and err.count("\n") == 1


def test_html_format_from_cli(capsys):
    assert main(["export", str(TEKNISK), "--format", "html", "--role", "Leder"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "<p>Utvalg: Roller: Leder</p>\n<h2>3 Målsettinger og planer i perioden</h2>"
    )


def test_an_empty_deadline_or_role_is_said_on_the_page_not_left_as_a_bare_label():
    """Found by a new user: «- **Frist:**» with nothing after it looked cut off."""
    plan = Plan({"format": 1, "plan": {"tittel": "Plan", "periode": "2024"}})
    chapter = Section.new("k-1", "Kapittel")
    chapter.measures.append(Measure.new("t-1", tekst="Verve"))
    plan.chapters.append(chapter)
    page = render([("plan.toml", plan)], Options())
    assert "- **Ansvar:** ikke satt\n- **Frist:** ikke satt\n" in page


@pytest.mark.parametrize("command", ["export", "report"])
def test_the_ssg_profile_with_html_is_refused_instead_of_doing_nothing(capsys, command):
    plan = str(PLANS / "oslo-2024.toml")
    code = main([command, plan, "--profile", "ssg", "--format", "html"])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err == (
        "handlingsplan: --profile ssg er Markdown for en nettstedsgenerator; bruk --format md, "
        "eller --profile cms for HTML\n"
    )
