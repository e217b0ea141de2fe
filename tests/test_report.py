"""`handlingsplan report`: the plan's part of the annual report, with dates from git."""

import json
import os
import re
import subprocess
from datetime import date

import mdformat
import pytest
from markdown_it import MarkdownIt

from tui.actions import report
from tui.cli import main

from .conftest import SMALL_PLAN
from .test_export import hostile_plan

STATUS_NAMES = ["fullført", "pågår", "utsatt", "avlyst", "ikke startet"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def table_after(markdown: str, heading: str) -> list[list[str]]:
    """The cells of the first table after `heading`, header row first."""
    part = markdown.split(f"{heading}\n\n", 1)[1]
    lines = part.split("\n\n", 1)[0].splitlines()
    return [
        [c.strip() for c in line.strip("|").split("|")] for i, line in enumerate(lines) if i != 1
    ]


def git(folder, *args, when=None):
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Sekretær",
        "GIT_AUTHOR_EMAIL": "s@example.org",
        "GIT_COMMITTER_NAME": "Sekretær",
        "GIT_COMMITTER_EMAIL": "s@example.org",
    }
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    result = subprocess.run(["git", *args], cwd=folder, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def repo(tmp_path, capsys):
    """A plan with three commits that change statuses, the last also renaming the file, and
    one status changed but not committed."""
    folder = tmp_path / "avd"
    folder.mkdir()
    git(folder, "init", "-q")
    (folder / "plan.toml").write_text(SMALL_PLAN, "utf-8")
    git(folder, "add", "plan.toml")
    git(folder, "commit", "-qm", "Vedtatt plan", when="2024-02-01T10:00:00+01:00")
    assert run(capsys, "set", str(folder / "plan.toml"), "t-1", "status=pågår")[0] == 0
    git(folder, "commit", "-qam", "Styremøte mars", when="2024-03-10T12:00:00+01:00")
    git(folder, "mv", "plan.toml", "handlingsplan.toml")
    plan = folder / "handlingsplan.toml"
    assert run(capsys, "set", str(plan), "t-1", "status=fullført")[0] == 0
    assert run(capsys, "set", str(plan), "t-2", "status=utsatt")[0] == 0
    git(folder, "commit", "-qam", "Styremøte juni", when="2024-07-01T09:00:00+02:00")
    assert run(capsys, "set", str(plan), "t-4", "status=pågår")[0] == 0
    return plan


def test_status_dates_come_from_the_commits_following_the_rename(capsys, repo):
    code, out, err = run(capsys, "report", str(repo))
    assert (code, err) == (0, "")
    assert table_after(out, "### 1.1 Heltid") == [
        ["Tiltak", "Status", "Satt", "Ansvar", "Frist"],
        [
            "1. Påse at klubbene har ett drøftingsmøte om bruk av deltid.",
            "fullført",
            "1. juli 2024",
            "Styret",
            "1. juni",
        ],
        ["2. Klarlegge vervemålene", "utsatt", "1. juli 2024", "Nestleder", "1. desember"],
        [
            "3. Kreve tariffavtaler",
            "pågår",
            "1. februar 2024",
            "Leder, Nestleder (etter innspill fra yrkesseksjoner)",
            "Kontinuerlig",
        ],
    ]
    assert table_after(out, "### 1.2 Verving") == [
        ["Tiltak", "Status", "Satt", "Ansvar", "Frist"],
        ["1. Verve opp NHO 521 området", "pågår", "ikke committet", "Nestleder", "1. mars 2025"],
    ]


def test_as_of_reports_the_plan_as_it_stood(capsys, repo):
    commit = git(repo.parent, "rev-parse", "HEAD~1")[:10]
    code, out, err = run(capsys, "report", str(repo), "--as-of", "15. juni 2024")
    assert (code, err) == (0, "")
    assert (
        out
        == f"""\
Status per 15. juni 2024.

Planen slik den var i git-commit {commit} (10. mars 2024).

## Oppsummering

| Status       | Antall |
| ------------ | ------ |
| fullført     | 0      |
| pågår        | 2      |
| utsatt       | 0      |
| avlyst       | 0      |
| ikke startet | 0      |
| uten status  | 2      |
| Sum          | 4      |

## Per kapittel

| Kapittel       | fullført | pågår | utsatt | avlyst | ikke startet | uten status | Sum |
| -------------- | -------- | ----- | ------ | ------ | ------------ | ----------- | --- |
| 1 Målsettinger | 0        | 2     | 0      | 0      | 0            | 2           | 4   |

## Forfalte tiltak per 15. juni 2024

| Tiltak                                                                  | Ansvar | Frist   | Status |
| ----------------------------------------------------------------------- | ------ | ------- | ------ |
| 1.1 Tiltak 1: Påse at klubbene har ett drøftingsmøte om bruk av deltid. | Styret | 1. juni | pågår  |

## 1 Målsettinger

### 1.1 Heltid

| Tiltak                                                       | Status | Satt            | Ansvar                                               | Frist        |
| ------------------------------------------------------------ | ------ | --------------- | ---------------------------------------------------- | ------------ |
| 1. Påse at klubbene har ett drøftingsmøte om bruk av deltid. | pågår  | 10. mars 2024   | Styret                                               | 1. juni      |
| 2. Klarlegge vervemålene                                     |        |                 | Nestleder                                            | 1. desember  |
| 3. Kreve tariffavtaler                                       | pågår  | 1. februar 2024 | Leder, Nestleder (etter innspill fra yrkesseksjoner) | Kontinuerlig |

### 1.2 Verving

| Tiltak                       | Status | Satt | Ansvar    | Frist        |
| ---------------------------- | ------ | ---- | --------- | ------------ |
| 1. Verve opp NHO 521 området |        |      | Nestleder | 1. mars 2025 |
"""
    )


def test_as_of_the_day_of_a_commit_includes_it(capsys, repo):
    _, out, _ = run(capsys, "report", str(repo), "--as-of", "2024-07-01")
    assert "(1. juli 2024)." in out
    _, out, _ = run(capsys, "report", str(repo), "--as-of", "2024-06-30")
    assert "(10. mars 2024)." in out


def test_as_of_before_the_first_commit_is_one_line(capsys, repo):
    code, out, err = run(capsys, "report", str(repo), "--as-of", "2024-01-31")
    assert (code, out) == (1, "")
    assert err == (
        f"handlingsplan: {repo}: har ingen git-commit 31. januar 2024 eller tidligere "
        "(velg en senere --as-of)\n"
    )


def test_plan_not_in_git_says_it_has_no_dates_and_still_works(capsys, small_plan):
    code, out, err = run(capsys, "report", str(small_plan), "--as-of", "2024-09-01")
    assert (code, err) == (0, "")
    assert out.startswith(
        "Status per 1. september 2024.\n\n"
        "Planen er ikke i et git-depot, så statusene vises uten dato.\n\n"
    )
    assert table_after(out, "### 1.2 Verving") == [
        ["Tiltak", "Status", "Ansvar", "Frist"],
        ["1. Verve opp NHO 521 området", "", "Nestleder", "1. mars 2025"],
    ]
    assert table_after(out, "## Forfalte tiltak per 1. september 2024") == [
        ["Tiltak", "Ansvar", "Frist", "Status"],
        [
            "1.1 Tiltak 1: Påse at klubbene har ett drøftingsmøte om bruk av deltid.",
            "Styret",
            "1. juni",
            "",
        ],
    ]


def test_plan_in_git_but_never_committed(capsys, tmp_path):
    git(tmp_path, "init", "-q")
    plan = tmp_path / "plan.toml"
    plan.write_text(SMALL_PLAN, "utf-8")
    code, out, _ = run(capsys, "report", str(plan))
    assert code == 0
    assert "Planen er ikke committet i git ennå, så statusene vises uten dato." in out


@pytest.mark.parametrize(
    "name", ["teknisk-fagforening-oslo-2024-2025.toml", "follo-2023.toml", "oslo-2024.toml"]
)
def test_counts_on_shipped_plans_equal_list_counts(capsys, plans_copy, name):
    plan = plans_copy / name
    ids = [m["id"] for m in json.loads(run(capsys, "list", str(plan), "--format", "json")[1])]
    # Statuses spread over the plan by the real command, so every count is put to the test.
    for index, measure_id in enumerate(ids):
        status = (STATUS_NAMES + [""])[index % 6]
        if status:
            assert run(capsys, "set", str(plan), measure_id, f"status={status}")[0] == 0
    code, out, _ = run(capsys, "report", str(plan), "--as-of", "2024-09-01")
    assert code == 0
    summary = dict(table_after(out, "## Oppsummering")[1:])
    for status in STATUS_NAMES:
        listed = json.loads(
            run(capsys, "list", str(plan), "--status", status, "--format", "json")[1]
        )
        assert int(summary[status]) == len(listed), status
    assert int(summary["Sum"]) == len(ids)
    assert int(summary["uten status"]) == len(ids) - sum(int(summary[s]) for s in STATUS_NAMES)
    chapters = table_after(out, "## Per kapittel")
    columns = chapters[0]
    totals = [sum(int(row[i]) for row in chapters[1:]) for i in range(1, len(columns))]
    assert totals == [int(summary[c]) for c in columns[1:]]
    overdue = json.loads(
        run(capsys, "list", str(plan), "--overdue", "--today", "2024-09-01", "--format", "json")[1]
    )
    if overdue:
        rows = table_after(out, "## Forfalte tiltak per 1. september 2024")[1:]
        assert [row[0].split(":")[0] for row in rows] == [
            f"{m['section']} Tiltak {m['number']}" for m in overdue
        ]
    else:
        assert "## Forfalte tiltak per 1. september 2024\n\nIngen tiltak er forfalt.\n" in out


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


@pytest.mark.parametrize("profile", ["cms", "ssg"])
def test_hostile_text_is_escaped_and_renders_the_same_after_mdformat(profile):
    source = report.Source(hostile_plan(), "fiendtlig.toml", "", None)
    out = report.render(source, date(2024, 9, 1), profile)
    extensions = {"gfm", "frontmatter"} if profile == "ssg" else {"gfm"}
    body = out.split("\n---\n", 1)[1] if profile == "ssg" else out
    # mdformat may only turn the export's character references (&lt;, &#123;) into
    # CommonMark's own escapes: the page CommonMark renders stays the same.
    again = mdformat.text(out, extensions=extensions)
    again_body = again.split("\n---\n", 1)[1] if profile == "ssg" else again
    assert parser().render(again_body) == parser().render(body)
    if profile == "ssg":
        front = out.split("\n---\n", 1)[0]
        assert "Rapport: Fiendtlig *plan*" in front and "2024-09-01" in front
    tokens = parser().parse(body)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_block", "html_inline", "image"}
    hrefs = [c.attrs["href"] for t in tokens for c in t.children or [] if c.type == "link_open"]
    assert hrefs == ["https://www.fagforbundet.no/a_b/"] * len(hrefs)
    assert "<script>alert(1)</script> og <b>fet</b>" in _plain(tokens)


def _plain(tokens) -> str:
    return " ".join(c.content for t in tokens for c in t.children or [] if c.type == "text")


def test_html_format_has_no_live_html(capsys, tmp_path):
    from tui.store.newplan import dumps

    plan = tmp_path / "plan.toml"
    plan.write_text(dumps(hostile_plan().to_data()), "utf-8")
    code, out, _ = run(capsys, "report", str(plan), "--format", "html")
    assert code == 0
    assert "<script" not in out and "<b>" not in out and "<i>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert re.search(r"<th>Status</th>", out)


def test_output_file_and_refusals(capsys, small_plan):
    target = small_plan.parent / "rapport.md"
    code, out, err = run(
        capsys, "report", str(small_plan), "--as-of", "2024-09-01", "-o", str(target)
    )
    assert (code, out, err) == (0, "", "")
    assert (
        target.read_text("utf-8")
        == run(capsys, "report", str(small_plan), "--as-of", "2024-09-01")[1]
    )
    code, _, err = run(capsys, "report", str(small_plan), "-o", str(small_plan))
    assert code == 1
    assert err == (
        f"handlingsplan: {small_plan}: er filen det leses fra; velg et annet filnavn for resultatet\n"
    )
    assert small_plan.read_text("utf-8") == SMALL_PLAN


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--as-of", ""], "--as-of er gitt uten verdi (skriv en verdi eller utelat --as-of)"),
        (["--as-of", "i fjor"], "«i fjor» er ikke en dato (skriv 2024-06-01 eller 1. juni 2024)"),
    ],
)
def test_bad_as_of_is_one_line(capsys, small_plan, args, expected):
    code, out, err = run(capsys, "report", str(small_plan), *args)
    assert (code, out, err) == (1, "", f"handlingsplan: {expected}\n")


def test_a_folder_or_missing_file_is_one_line(capsys, repo):
    assert run(capsys, "report", str(repo.parent), "--as-of", "2024-06-15") == (
        1,
        "",
        f"handlingsplan: {repo.parent}: er en mappe, ikke en planfil; oppgi en .toml-fil\n",
    )
    missing = repo.parent / "borte.toml"
    assert run(capsys, "report", str(missing)) == (
        1,
        "",
        f"handlingsplan: {missing}: kan ikke leses (finnes ikke)\n",
    )


def test_broken_plan_is_one_line(capsys, tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text('[plan]\ntittel = "x\n', "utf-8")
    code, out, err = run(capsys, "report", str(plan))
    assert (code, out) == (1, "")
    assert err.startswith(f"handlingsplan: {plan}:2: TOML-syntaksfeil") and err.count("\n") == 1


async def test_palette_shows_the_report_with_unsaved_edits(repo):
    from textual.widgets import Markdown

    from tui.actions.workspace import open_workspace
    from tui.ui.app import HandlingsplanApp
    from tui.ui.screens import ReportScreen

    from .test_next_period import palette

    app = HandlingsplanApp(open_workspace([str(repo)]), today=date(2024, 9, 1), watch_disk=False)
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        app.workspace.set_fields(app.workspace.plans[0], "t-3", {"status": "avlyst"})
        await palette(pilot, "Rapport")
        assert isinstance(app.screen, ReportScreen)
        shown = app.screen.markdown
        assert app.screen.query_one("#report-md", Markdown) is not None
    assert table_after(shown, "### 1.1 Heltid")[1:] == [
        [
            "1. Påse at klubbene har ett drøftingsmøte om bruk av deltid.",
            "fullført",
            "1. juli 2024",
            "Styret",
            "1. juni",
        ],
        ["2. Klarlegge vervemålene", "utsatt", "1. juli 2024", "Nestleder", "1. desember"],
        [
            "3. Kreve tariffavtaler",
            "avlyst",
            "ikke committet",
            "Leder, Nestleder (etter innspill fra yrkesseksjoner)",
            "Kontinuerlig",
        ],
    ]
    assert shown.startswith("Status per 1. september 2024.\n\n## Oppsummering")


@pytest.mark.parametrize("profile", ["cms", "ssg"])
@pytest.mark.parametrize(
    "name", ["teknisk-fagforening-oslo-2024-2025.toml", "follo-2023.toml", "oslo-2024.toml"]
)
def test_shipped_plans_report_is_an_mdformat_fixed_point(capsys, plans_copy, name, profile):
    code, out, _ = run(
        capsys, "report", str(plans_copy / name), "--as-of", "2024-09-01", "--profile", profile
    )
    assert code == 0
    extensions = {"gfm", "frontmatter"} if profile == "ssg" else {"gfm"}
    assert mdformat.text(out, extensions=extensions) == out


@pytest.mark.parametrize("commits_elsewhere", [False, True])
def test_as_of_on_a_plan_never_committed_is_one_line(capsys, tmp_path, commits_elsewhere):
    git(tmp_path, "init", "-q")
    if commits_elsewhere:
        (tmp_path / "README").write_text("avdelingen\n", "utf-8")
        git(tmp_path, "add", "README")
        git(tmp_path, "commit", "-qm", "Start", when="2024-02-01T10:00:00+01:00")
    plan = tmp_path / "plan.toml"
    plan.write_text(SMALL_PLAN, "utf-8")
    code, out, err = run(capsys, "report", str(plan), "--as-of", "2024-09-01")
    assert (code, out) == (1, "")
    assert err == (
        f"handlingsplan: {plan}: er ikke committet i git ennå, så --as-of har ingen versjon å "
        "vise (commit planen eller utelat --as-of)\n"
    )
