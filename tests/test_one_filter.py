"""One filter for list, export, calendar and the TUI (issues 13 and 15): what the CLI's options
and the filter bar select, how it reads in words, and `list` for people and for scripts."""

import json
import os
import pty
import re
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui import texts
from tui.cli import build_parser, filter_from_args, main
from tui.domain import deadlines, roles
from tui.domain.filters import bar_filter
from tui.store.newplan import dumps

from .conftest import SMALL_PLAN, changed_lines, examples

HANDLINGSPLAN = Path(sys.executable).parent / "handlingsplan"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def ids(capsys, *args):
    code, out, err = run(capsys, "list", *args, "--format", "json")
    assert code == 0, err
    return [row["id"] for row in json.loads(out)]


# --- what the options select ----------------------------------------------------------------


def test_repeated_roles_must_all_match_and_any_role_takes_either(capsys, small_plan):
    # t-1 Styret, t-2 Nestleder, t-3 Leder + Nestleder, t-4 Nestleder
    assert ids(capsys, small_plan, "--role", "Leder", "--role", "Nestleder") == ["t-3"]
    either = ids(capsys, small_plan, "--role", "Leder", "--role", "Styret", "--any-role")
    assert either == ["t-1", "t-3"]


def test_open_leaves_out_completed_and_cancelled(capsys, small_plan):
    assert run(capsys, "set", small_plan, "t-2", "status=fullført")[0] == 0
    assert run(capsys, "set", small_plan, "t-4", "status=avlyst")[0] == 0
    assert ids(capsys, small_plan, "--open") == ["t-1", "t-3"]


def test_due_within_and_this_month_count_from_today(capsys, small_plan):
    # Deadlines: t-1 1 June 2024, t-2 1 Dec 2024, t-4 1 March 2025, t-3 ongoing.
    assert ids(capsys, small_plan, "--due-within", "30", "--today", "2024-05-02") == ["t-1"]
    assert ids(capsys, small_plan, "--due-within", "29", "--today", "2024-05-02") == []
    assert ids(capsys, small_plan, "--due-within", "0", "--today", "2024-12-01") == ["t-2"]
    assert ids(capsys, small_plan, "--this-month", "--today", "2025-03-31") == ["t-4"]
    assert ids(capsys, small_plan, "--this-month", "--today", "2025-04-01") == []


def test_no_ongoing_leaves_out_kontinuerlig(capsys, small_plan):
    assert ids(capsys, small_plan, "--role", "Leder", "--no-ongoing") == []
    assert ids(capsys, small_plan, "--no-ongoing") == ["t-1", "t-2", "t-4"]


@pytest.mark.parametrize("command", ["list", "export", "calendar"])
@pytest.mark.parametrize(
    ("role", "message"),
    [
        ("Nestleader", "ukjent rolle «Nestleader» i --role; mente du «Nestleder»?"),
        ("sekreterer", "ukjent rolle «sekreterer» i --role; mente du «Sekretær»?"),
        (
            "Xyzzy",
            "ukjent rolle «Xyzzy» (ingen tiltak har den; se rollene i «handlingsplan list»)",
        ),
    ],
)
def test_an_unknown_role_is_an_error_naming_the_nearest(capsys, small_plan, command, role, message):
    code, out, err = run(capsys, command, small_plan, "--role", role)
    assert (code, out, err) == (1, "", f"handlingsplan: {message}\n")


def test_a_role_only_the_plan_names_is_known(capsys, small_plan):
    text = small_plan.read_text(encoding="utf-8").replace('"Styret"', '"Valgkomiteen"')
    small_plan.write_text(text, encoding="utf-8")
    assert ids(capsys, small_plan, "--role", "valgkomiteen") == ["t-1"]
    code, _, err = run(capsys, "list", small_plan, "--role", "Valgkomiten")
    assert (code, err) == (
        1,
        "handlingsplan: ukjent rolle «Valgkomiten» i --role; mente du «Valgkomiteen»?\n",
    )


@pytest.mark.parametrize("days", ["-1", "tretti", "1.5", "99999999"])
def test_due_within_takes_a_whole_number_of_days(capsys, small_plan, days):
    code, out, err = run(capsys, "list", small_plan, "--due-within", days)
    message = f"«{days}» er ikke et antall dager (skriv et helt tall, f.eks. 14)"
    assert (code, out, err) == (1, "", f"handlingsplan: {message}\n")


@pytest.mark.parametrize(
    "options",
    [
        ("--due-within", "36500", "--today", "9990-01-01"),
        ("--this-month", "--today", "31.12.9999"),
        ("--due-within", "3", "--today", "0001-01-01"),
        ("--this-month", "--today", "0001-01-15"),
    ],
)
def test_windows_at_the_ends_of_the_calendar_are_no_traceback(capsys, small_plan, options):
    assert ids(capsys, small_plan, *options) == []


def test_the_role_and_status_hints_come_from_one_helper():
    from tui.domain.textkey import closest

    assert closest("fullfort", ["pågår", "fullført"]) == "fullført"
    assert closest("bogus", ["pågår", "fullført"]) is None
    assert roles.nearest("Nestleader") == "Nestleder"
    assert roles.nearest("Valgkomiten", ["Valgkomiteen"]) == "Valgkomiteen"


# --- the filter in words ---------------------------------------------------------------------


def parsed(*options: str):
    return filter_from_args(build_parser().parse_args(["list", "x.toml", *options]))


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ((), ""),
        (("--role", "Leder", "--role", "nestledere"), "Roller: Leder og Nestleder"),
        (("--role", "Leder", "--role", "Styret", "--any-role"), "Roller: Leder eller Styret"),
        (("--status", "pågår", "--status", "Utsatt"), "Status: pågår eller utsatt"),
        (("--open",), "Ikke fullført eller avlyst"),
        (("--overdue",), "Forfalt"),
        (("--due-within", "1"), "Frist innen 1 dag"),
        (("--due-within", "14"), "Frist innen 14 dager"),
        (("--this-month",), "Frist denne måneden"),
        (("--due-before", "2024-07-01"), "Frist før 1. juli 2024"),
        (("--due-after", "1. mai 2024"), "Frist etter 1. mai 2024"),
        (("--text", " tariff  avtale "), "Tekst: «tariff  avtale»"),
        (("--no-ongoing",), "Uten kontinuerlige"),
        (
            ("--role", "Leder", "--open", "--due-before", "1. juli 2024", "--text", "lønn"),
            "Roller: Leder · Ikke fullført eller avlyst · Frist før 1. juli 2024 · Tekst: «lønn»",
        ),
    ],
)
def test_every_active_filter_is_named_in_words(options, words):
    assert parsed(*options).describe() == words


def test_list_names_the_filter_above_its_lines_and_on_stderr_in_a_pipe(small_plan):
    result = subprocess.run(
        [HANDLINGSPLAN, "list", small_plan, "--role", "Nestleder", "--due-before", "2025-01-01"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0
    assert result.stderr == (
        "Filter: Roller: Nestleder · Frist før 1. januar 2025 · 1 av 4 tiltak\n"
    )
    assert result.stdout == "1.1.2\tKlarlegge vervemålene\tNestleder\t1. desember\t\n"


# --- `list` for people (a terminal of 80 columns) and for scripts (a pipe) ----------------------


def at_terminal(*args, columns: int = 80) -> list[str]:
    """The command's output in a pseudo-terminal of the given width."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": str(columns), "LINES": "24"}
    process = subprocess.Popen(
        [HANDLINGSPLAN, *map(str, args)], stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait() == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n").splitlines()


def test_list_at_80_columns_cuts_the_text_first_and_keeps_the_reference(small_plan):
    assert at_terminal("list", small_plan) == [
        "Ref.   Tiltak                          Ansvar               Frist         Status",
        "1.1.1  Påse at klubbene har ett drøf…  Styret               1. juni",
        "1.1.2  Klarlegge vervemålene           Nestleder            1. desember",
        "1.2.1  Verve opp NHO 521 området       Nestleder            1. mars 2025",
        "1.1.3  Kreve tariffavtaler             Leder, Nestleder (…  Kontinuerlig  pågår",
    ]


def test_list_of_several_plans_at_80_columns_gives_every_column_room(plans_copy):
    lines = at_terminal("list", plans_copy, "--role", "Nestleder", "--due-before", "2025-01-01")
    assert lines == [
        "Filter: Roller: Nestleder · Frist før 1. januar 2025 · 4 av 88 tiltak",
        "Ref.       Plan          Tiltak             Ansvar     Frist              Status",
        "3.3.2      teknisk-fag…  Klarlegge dyrekl…  Nestleder  1. september 2024",
        "3.3.1      teknisk-fag…  Klarlegge vervem…  Nestleder  1. desember",
        "3.3.3.1.1  teknisk-fag…  Viktige seiere f…  Nestleder  31.12.2024",
        "3.3.3.2.2  teknisk-fag…  Fagforbundet Tek…  Nestleder  31.12.2024",
    ]


@pytest.mark.parametrize("columns", [40, 60, 80, 100, 140])
def test_no_column_is_ever_empty_and_lines_fit_where_they_can(plans_copy, columns):
    lines = at_terminal("list", plans_copy, "--role", "Nestleder", columns=columns)
    header, *rows = lines[1:]
    titles = ["Ref.", "Plan", "Tiltak", "Ansvar", "Frist", "Status"]
    assert re.split(r"  +", header) == titles  # a column of width 0 would lose its title
    starts = [header.index(title) for title in titles]
    assert len(rows) == 37
    for row in rows:  # each cell starts under its title, the reference whole
        assert all(row[start - 2 : start] in ("  ", "") for start in starts[1:])
        assert re.fullmatch(r"[0-9.]+", row[: starts[1]].strip())
    if columns >= 80:
        assert max(map(len, lines)) <= columns


def test_list_in_a_pipe_prints_whole_plain_lines(plans_copy):
    result = subprocess.run(
        [HANDLINGSPLAN, "list", plans_copy, "--text", "konkurranseutsetter"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
    )
    plan = plans_copy / "teknisk-fagforening-oslo-2024-2025.toml"
    text = (
        "Gi faglig innspill til partier som har samme intensjoner som oss, for å motvirke "
        "konkurranseutsetter."
    )
    responsible = "Leder (etter innspill fra yrkesseksjoner)"
    assert result.stdout.splitlines() == [f"3.2.3\t{plan}\t{text}\t{responsible}\t1. august\t"]
    assert result.stderr == "Filter: Tekst: «konkurranseutsetter» · 1 av 88 tiltak\n"


def test_the_listed_reference_is_what_set_and_log_take(capsys, small_plan):
    listed = json.loads(run(capsys, "list", small_plan, "--format", "json")[1])
    assert [(row["reference"], row["id"]) for row in listed] == [
        ("1.1.1", "t-1"),
        ("1.1.2", "t-2"),
        ("1.2.1", "t-4"),
        ("1.1.3", "t-3"),
    ]
    assert run(capsys, "set", small_plan, "1.2.1", "status=pågår") == (
        0,
        "",
        f"lagret {small_plan}\n",
    )
    removed, added = changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8"))
    assert (removed, added) == (['status = ""'], ['status = "pågår"'])
    by_id = {
        row["id"]: row for row in json.loads(run(capsys, "list", small_plan, "--format", "json")[1])
    }
    assert [by_id[key]["status"] for key in ("t-1", "t-2", "t-3", "t-4")] == [
        "",
        "",
        "pågår",
        "pågår",
    ]
    code, out, err = run(capsys, "set", small_plan, "1.2.9", "status=pågår")
    assert (code, out) == (1, "")
    assert err == (
        f"handlingsplan: {small_plan}: fant ikke tiltak «1.2.9» (nummer som 3.2.4 eller id); "
        f"se Ref.-kolonnen i «handlingsplan list {small_plan}»\n"
    )


# --- set warns like check; an export of nothing is an error -----------------------------------


def test_set_warns_like_check_and_still_writes(capsys, small_plan):
    code, out, err = run(
        capsys, "set", small_plan, "1.1.2", "responsible=Nestleader", "deadline=1. juni 2027"
    )
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        f"lagret {small_plan}",
        f"{small_plan}:46: advarsel: ukjent rolle «Nestleader»; nærmeste kjente er «Nestleder»",
        f"{small_plan}:48: advarsel: fristen «1. juni 2027» ligger utenfor planperioden 2024–2025",
    ]
    check = run(capsys, "check", small_plan)[1].splitlines()
    assert check == err.splitlines()[1:]
    # A later edit of another field does not repeat them.
    assert run(capsys, "set", small_plan, "1.1.2", "status=pågår")[2] == f"lagret {small_plan}\n"


def test_an_export_that_matches_nothing_is_an_error_and_writes_nothing(capsys, small_plan):
    target = small_plan.parent / "ut.md"
    code, out, err = run(capsys, "export", small_plan, "--status", "avlyst", "-o", target)
    assert (code, out) == (1, "")
    assert err == f"handlingsplan: {texts.EXPORT_NO_MATCHES}\n"
    assert not target.exists()


# --- one parse for the CLI and the filter bar; the reference predicate -----------------------

ROLE_SPELLINGS = ["Styret", "Leder", "Nestleder", "nestledere", "AU", "Valgkomiteen"]
STATUSES = ["ikke startet", "pågår", "fullført", "utsatt", "avlyst"]
WORDS = ["tariff", "verving", "kurs", "lønn", "heltid", "skolering"]
DEADLINES = [
    "1. juni",
    "1. desember 2024",
    "31.12.2025",
    "15.03.2025",
    "Innen oktober",
    "Kontinuerlig",
    "",
    "14 dager etter endt oppgjør",
    "1. januar 2024",
]
TODAY = st.dates(date(2023, 12, 1), date(2026, 1, 31))


@st.composite
def plans(draw):
    counter = 0
    sections = []
    for s in range(draw(st.integers(1, 3))):
        measures = []
        for _ in range(draw(st.integers(0, 5))):
            counter += 1
            measures.append(
                {
                    "id": f"t-{counter}",
                    "tekst": " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=3))),
                    "ansvar": draw(st.lists(st.sampled_from(ROLE_SPELLINGS), max_size=3)),
                    "frist": draw(st.sampled_from(DEADLINES)),
                    "status": draw(st.sampled_from(["", *STATUSES])),
                }
            )
        section = {"id": f"s-{s}", "tittel": f"Seksjon {s}", "nummerert": True}
        if measures:
            section["tiltak"] = measures
        sections.append(section)
    chapter = {"id": "k-1", "tittel": "Mål", "nummerert": True, "seksjon": sections}
    return {"format": 1, "plan": {"tittel": "P", "periode": "2024–2025"}, "kapittel": [chapter]}


@st.composite
def choices(draw, bar_only: bool = False):
    """What a user may ask for; bar_only keeps to what the filter bar can say."""
    status_count = 1 if bar_only else 3
    return {
        "roles": draw(st.lists(st.sampled_from(ROLE_SPELLINGS[:5]), max_size=2)),
        "any_role": draw(st.booleans()),
        "statuses": draw(
            st.just([]) | st.lists(st.sampled_from(STATUSES), min_size=1, max_size=status_count)
        ),
        "open": draw(st.booleans()),
        "deadline": draw(
            st.sampled_from(["all", "overdue", "next30", "this_month", "before", "after"])
        ),
        "date": draw(st.dates(date(2024, 1, 1), date(2025, 12, 31))),
        "text": draw(st.sampled_from(["", *WORDS])),
        "include_ongoing": draw(st.booleans()),
        "today": draw(TODAY),
    }


def cli_options(wanted: dict) -> list[str]:
    options = [f"--role={role}" for role in wanted["roles"]]
    options += [f"--status={status}" for status in wanted["statuses"]]
    options += ["--any-role"] * wanted["any_role"] + ["--open"] * wanted["open"]
    options += ["--no-ongoing"] * (not wanted["include_ongoing"])
    options += {
        "all": [],
        "overdue": ["--overdue"],
        "next30": ["--due-within", "30"],
        "this_month": ["--this-month"],
        "before": ["--due-before", wanted["date"].isoformat()],
        "after": ["--due-after", wanted["date"].isoformat()],
    }[wanted["deadline"]]
    options += ["--text", wanted["text"]] if wanted["text"] else []
    return [*options, "--today", wanted["today"].isoformat()]


def expected(measure: dict, wanted: dict) -> bool:
    """The selection, written out plainly from the options' documented meaning."""
    period = deadlines.parse_period("2024–2025")
    has = {role.lower() for role in roles.resolve_all(tuple(measure["ansvar"]))}
    asked = [(roles.canonical(role) or role).lower() for role in wanted["roles"]]
    if asked and not (any if wanted["any_role"] else all)(role in has for role in asked):
        return False
    status = measure["status"]
    if wanted["statuses"] and status not in wanted["statuses"]:
        return False
    if wanted["open"] and status in ("fullført", "avlyst"):
        return False
    deadline = deadlines.parse_deadline(measure["frist"], period)
    if not wanted["include_ongoing"] and deadline.kind == "kontinuerlig":
        return False
    if wanted["text"] and wanted["text"] not in measure["tekst"]:
        return False
    return deadline_fits(deadline.end, status, wanted)


def deadline_fits(end: date | None, status: str, wanted: dict) -> bool:
    today, day, choice = wanted["today"], wanted["date"], wanted["deadline"]
    if choice == "all":
        return True
    if end is None:
        return False
    return {
        "overdue": end < today and status not in ("fullført", "avlyst"),
        "next30": today <= end <= today + timedelta(days=30),
        "this_month": (end.year, end.month) == (today.year, today.month),
        "before": end < day,
        "after": end > day,
    }[choice]


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans(), wanted=choices())
def test_list_selects_exactly_what_the_options_say(plan, wanted):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.toml"
        path.write_text(dumps(plan), encoding="utf-8")
        out = subprocess_free_list(path, cli_options(wanted))
    measures = [m for s in plan["kapittel"][0]["seksjon"] for m in s.get("tiltak", [])]
    assert sorted(out) == sorted(m["id"] for m in measures if expected(m, wanted))


def subprocess_free_list(path: Path, options: list[str]) -> list[str]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["list", str(path), *options, "--format", "json"])
    assert (code, err.getvalue()) == (0, "")
    return [row["id"] for row in json.loads(out.getvalue())]


@settings(max_examples=examples(300), deadline=None)
@given(wanted=choices(bar_only=True), status_choice=st.sampled_from(["*", "open", "one"]))
def test_the_cli_and_the_filter_bar_parse_the_same_choices_to_the_same_filter(
    wanted, status_choice
):
    statuses = {"*": [], "open": [], "one": wanted["statuses"][:1] or ["pågår"]}
    wanted = {**wanted, "statuses": statuses[status_choice], "open": status_choice == "open"}
    day = deadlines.format_date(wanted["date"])  # typed as a person would in the bar
    bar = {
        "text": wanted["text"],
        "deadline": wanted["deadline"],
        "date": day if wanted["deadline"] in ("before", "after") else "",
        "status": wanted["statuses"][0] if status_choice == "one" else status_choice,
        "include_ongoing": wanted["include_ongoing"],
    }
    from_bar = bar_filter(bar, wanted["roles"], wanted["today"], any_role=wanted["any_role"])
    from_cli = filter_from_args(build_parser().parse_args(["list", "x", *cli_options(wanted)]))
    assert from_bar == from_cli
    assert from_bar.describe() == from_cli.describe()


# --- the TUI's filter bar builds the same filter and shows its words ---------------------------


async def test_the_summary_line_names_every_filter_of_the_bar(small_plan):
    from textual.widgets import Input, Select, Static

    from tui.actions.workspace import open_workspace
    from tui.ui.app import HandlingsplanApp

    app = HandlingsplanApp(
        open_workspace([str(small_plan)]), today=date(2024, 9, 1), watch_disk=False
    )
    async with app.run_test(size=(150, 45)) as pilot:
        for _ in range(50):
            if app.filter_bar.ready:
                break
            await pilot.pause(0.05)

        def summary() -> str:
            return str(app.query_one("#filter-summary", Static).content)

        app.query_one("#filter-deadline", Select).value = "before"
        app.query_one("#filter-date", Input).value = "1. januar 2025"
        app.query_one("#filter-status", Select).value = "open"
        await pilot.pause()
        assert summary() == (
            "Ikke fullført eller avlyst · Frist før 1. januar 2025 · 2 av 4 tiltak · "
            "ctrl+l: nullstill"
        )
        assert app.view.criteria == filter_from_args(
            build_parser().parse_args(
                ["list", "x", "--open", "--due-before", "2025-01-01", "--today", "2024-09-01"]
            )
        )
        app.query_one("#filter-date", Input).value = "1. jani"
        await pilot.pause()
        assert summary() == (
            "Ikke fullført eller avlyst · 4 av 4 tiltak · ctrl+l: nullstill  "
            "«1. jani» er ikke en dato (skriv 2024-06-01 eller 1. juni 2024)"
        )


def test_a_role_written_as_a_string_is_one_role_not_its_letters(capsys, small_plan):
    """Found by a new user: `ansvar = "Nestleder"` (check reports it) was listed as
    «N, e, s, …» and left out of --role Nestleder."""
    text = small_plan.read_text(encoding="utf-8")
    small_plan.write_text(text.replace('ansvar = ["Nestleder"]', 'ansvar = "Nestleder"'), "utf-8")
    code, out, _ = run(capsys, "list", small_plan, "--role", "Nestleder", "--format", "json")
    assert code == 0
    assert [(m["id"], m["responsible"]) for m in json.loads(out)] == [
        ("t-2", ["Nestleder"]),
        ("t-4", ["Nestleder"]),
        ("t-3", ["Leder", "Nestleder"]),
    ]
    code, out, _ = run(capsys, "check", small_plan)
    assert code == 1 and "«ansvar»" in out
