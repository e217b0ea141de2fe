import io
import json
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path

import pytest
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import Input

from tui.actions.workspace import open_workspace
from tui.cli import main
from tui.domain import fields
from tui.domain.deadlines import (
    DATE,
    EVENT,
    INVALID,
    MONTH,
    NONE,
    ONGOING,
    RANGE,
    SEASON,
    Period,
    days_in_month,
    parse_deadline,
    parse_period,
    parse_user_date,
)
from tui.domain.filters import FilterError, bar_filter
from tui.ui.app import HandlingsplanApp

from .conftest import SMALL_PLAN, examples
from .test_tui import SIZE, edit_measure, started

PERIOD = Period(2024, 2025)


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("1. juni", DATE, date(2024, 6, 1), date(2024, 6, 1)),
        ("1. Desember", DATE, date(2024, 12, 1), date(2024, 12, 1)),
        ("1. desember 2024", DATE, date(2024, 12, 1), date(2024, 12, 1)),
        ("1. mars 2025 ", DATE, date(2025, 3, 1), date(2025, 3, 1)),
        ("31. desember", DATE, date(2024, 12, 31), date(2024, 12, 31)),
        ("31.12.2024", DATE, date(2024, 12, 31), date(2024, 12, 31)),
        ("01.12.2024", DATE, date(2024, 12, 1), date(2024, 12, 1)),
        ("2024-06-01", DATE, date(2024, 6, 1), date(2024, 6, 1)),
        ("Innen oktober", MONTH, date(2024, 10, 1), date(2024, 10, 31)),
        ("oktober 2025", MONTH, date(2025, 10, 1), date(2025, 10, 31)),
        ("Februar/Mars", MONTH, date(2024, 2, 1), date(2024, 3, 31)),
        ("Høst", SEASON, date(2024, 9, 1), date(2024, 11, 30)),
        ("Vår/Sommer", SEASON, date(2024, 3, 1), date(2024, 8, 31)),
        ("Sen sommer", SEASON, date(2024, 8, 1), date(2024, 8, 31)),
        ("høsten 2025", SEASON, date(2025, 9, 1), date(2025, 11, 30)),
        ("Innen våren", SEASON, date(2024, 3, 1), date(2024, 5, 31)),
        ("sommeren/høsten", SEASON, date(2024, 6, 1), date(2024, 11, 30)),
        ("18-19.04.2024", RANGE, date(2024, 4, 18), date(2024, 4, 19)),
        ("V1, 20.02.2024", DATE, date(2024, 2, 20), date(2024, 2, 20)),
        ("Kontinuerlig", ONGOING, None, None),
        ("14 dager etter endt oppgjør", EVENT, None, None),
        ("", NONE, None, None),
    ],
)
def test_deadline_forms(text, kind, start, end):
    parsed = parse_deadline(text, PERIOD)
    assert (parsed.kind, parsed.start, parsed.end) == (kind, start, end)
    assert parsed.text == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31.21.2021", "måned 21 finnes ikke"),
        ("31.02.2024", "februar 2024 har ikke dag 31"),
        ("30. februar", "februar 2024 har ikke dag 30"),
        ("snart", "«snart» er ikke en dato, måned eller årstid"),
    ],
)
def test_invalid_deadlines_say_why(text, reason):
    parsed = parse_deadline(text, PERIOD)
    assert parsed.kind == INVALID
    assert parsed.reason == reason


def test_overdue_means_past_the_end_of_the_range():
    october = parse_deadline("Innen oktober", PERIOD)
    assert not october.is_overdue(date(2024, 10, 31))
    assert october.is_overdue(date(2024, 11, 1))
    assert not parse_deadline("Kontinuerlig", PERIOD).is_overdue(date(2099, 1, 1))


def test_sorting_across_kinds():
    texts = [
        "Kontinuerlig",
        "1. desember",
        "Innen oktober",
        "",
        "14 dager etter endt oppgjør",
        "1. juni",
        "31.21.2021",
        "Høst",
    ]
    ordered = sorted((parse_deadline(t, PERIOD) for t in texts), key=lambda d: d.sort_key())
    assert [d.text for d in ordered] == [
        "1. juni",
        "Innen oktober",
        "Høst",
        "1. desember",
        "Kontinuerlig",
        "14 dager etter endt oppgjør",
        "",
        "31.21.2021",
    ]


def test_period_and_user_dates():
    assert parse_period("2024–2025") == Period(2024, 2025)
    assert parse_period("2023") == Period(2023, 2023)
    assert parse_period("snart") is None
    today = date(2024, 3, 1)
    assert parse_user_date("2024-07-01", today) == date(2024, 7, 1)
    assert parse_user_date("1. juni 2024", today) == date(2024, 6, 1)
    assert parse_user_date("1. juni", today) == date(2024, 6, 1)
    assert parse_user_date("juni", today) == date(2024, 6, 1)
    assert parse_user_date("i morgen", today) is None


def test_describe():
    assert parse_deadline("1. juni", PERIOD).describe() == "1. juni 2024"
    assert (
        parse_deadline("Innen oktober", PERIOD).describe() == "1. oktober 2024 – 31. oktober 2024"
    )
    assert parse_deadline("31.21.2021", PERIOD).describe() == "ugyldig: måned 21 finnes ikke"


# --- years no date can have (issue 12): an invalid deadline with a message, everywhere ---

YEAR_0 = "år 0 finnes ikke i kalenderen (bruk et år fra 1 til 9999)"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0000-06-01", YEAR_0),
        ("31.12.0000", YEAR_0),
        ("1. juni 0000", YEAR_0),
        ("oktober 0000", YEAR_0),
        ("høst 0000", YEAR_0),
        ("18-19.04.0000", YEAR_0),
        ("V1, 1.1.0000", YEAR_0),
        ("1. juni 10000", "år 10000 finnes ikke i kalenderen (bruk et år fra 1 til 9999)"),
        ("10000-01-01", "år 10000 finnes ikke i kalenderen (bruk et år fra 1 til 9999)"),
    ],
)
def test_a_year_no_date_can_have_is_an_invalid_deadline(text, reason):
    parsed = parse_deadline(text, PERIOD)
    assert (parsed.kind, parsed.reason) == (INVALID, reason)
    assert parse_user_date(text, date(2024, 3, 1)) is None


def test_a_period_in_year_0_is_no_period():
    assert parse_period("0000") is None
    assert parse_period("0000–2024") is None
    assert parse_period("9999") == Period(9999, 9999)
    assert parse_deadline("31. desember", parse_period("9999")).end == date(9999, 12, 31)


def year_0_plan(tmp_path, name="plan.toml", deadline="0000-06-01", period="2024–2025"):
    path = tmp_path / name
    text = SMALL_PLAN.replace('frist = "1. juni"', f'frist = "{deadline}"')
    path.write_text(text.replace('periode = "2024–2025"', f'periode = "{period}"'), "utf-8")
    return path


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize("deadline", ["0000-06-01", "31.12.0000", "oktober 0000"])
def test_year_0_in_a_plan_is_reported_by_check_and_listed_by_the_rest(capsys, tmp_path, deadline):
    path = year_0_plan(tmp_path, deadline=deadline)
    assert run(capsys, "check", path)[:2] == (
        1,
        f"{path}:37: feil: ugyldig frist «{deadline}»: {YEAR_0}\n",
    )
    code, out, err = run(capsys, "list", path, "--due-before", "2025-01-01", "--format", "json")
    assert (code, [r["id"] for r in json.loads(out)], err) == (0, ["t-2"], "")
    code, out, err = run(capsys, "list", path, "--text", "Påse", "--format", "json")
    assert (code, [(r["id"], r["deadline_kind"]) for r in json.loads(out)]) == (
        0,
        [("t-1", INVALID)],
    )
    code, out, err = run(capsys, "export", path, "--text", "Påse")
    assert (code, err) == (0, "") and f"**Frist:** {deadline}\n" in out
    # The plan can still be edited, and the year-0 deadline can be corrected with `set`.
    assert run(capsys, "set", path, "t-1", "deadline=1. juni") == (0, "", f"lagret {path}\n")


def test_year_0_period_is_reported_and_does_not_stop_the_other_commands(capsys, tmp_path):
    path = year_0_plan(tmp_path, deadline="1. juni", period="0000")
    assert run(capsys, "check", path)[:2] == (
        1,
        f"{path}:8: feil: perioden «0000» har et årstall som ikke finnes (bruk et år fra 1 til 9999)\n",
    )
    code, out, _ = run(capsys, "list", path, "--today", "2024-03-01", "--format", "json")
    assert code == 0 and len(json.loads(out)) == 4
    assert run(capsys, "export", path, "--status", "pågår")[0] == 0


@pytest.mark.parametrize("option", ["--due-before", "--due-after", "--today"])
@pytest.mark.parametrize("text", ["0000-01-01", "31.12.0000", "oktober 0000", "1.1.10000"])
def test_year_0_as_a_filter_date_is_one_line(capsys, small_plan, option, text):
    assert run(capsys, "list", small_plan, option, text) == (
        1,
        "",
        f"handlingsplan: «{text}» er ikke en dato (skriv 2024-06-01 eller 1. juni 2024)\n",
    )


def test_set_refuses_a_year_0_deadline(capsys, small_plan):
    before = small_plan.read_bytes()
    assert run(capsys, "set", small_plan, "t-2", "deadline=31.12.0000") == (
        1,
        "",
        f"handlingsplan: ugyldig frist «31.12.0000»: {YEAR_0}\n",
    )
    assert small_plan.read_bytes() == before


async def test_tui_starts_on_a_folder_with_year_0_plans_and_its_field_refuses_year_0(tmp_path):
    year_0_plan(tmp_path, "a-frist.toml")
    year_0_plan(tmp_path, "b-periode.toml", deadline="1. juni", period="0000")
    (tmp_path / "c-plan.toml").write_text(SMALL_PLAN, encoding="utf-8")
    app = HandlingsplanApp(
        open_workspace([str(tmp_path)]), today=date(2024, 9, 1), watch_disk=False
    )
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert [p.path.name for p in app.workspace.plans] == [
            "a-frist.toml",
            "b-periode.toml",
            "c-plan.toml",
        ]
        form = await edit_measure(pilot, "1.1 Heltid", 1)
        form.query_one("#deadline", Input).value = "0000-06-01"
        await pilot.pause()
        assert str(form.query_one("#deadline-meaning").content) == f"→ ugyldig: {YEAR_0}"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running and app.screen is form
        assert str(form.query_one("#error-deadline").content) == (
            f"ugyldig frist «0000-06-01»: {YEAR_0}"
        )
    assert (tmp_path / "c-plan.toml").read_text(encoding="utf-8") == SMALL_PLAN


# --- any text as a deadline, a period or a filter date (property) ---

MONTH_WORDS = st.sampled_from(["juni", "Desember", "okt", "høst", "vår/sommer", "februar/mars"])
NUMBER = st.integers(0, 10**9).map(str) | st.integers(0, 99).map(lambda n: f"{n:02d}")
YEAR = st.integers(0, 10**9).map(lambda n: f"{n:04d}")
DATE_SHAPED = st.one_of(
    st.builds("{}.{}.{}".format, NUMBER, NUMBER, YEAR),
    st.builds("{}-{}-{}".format, YEAR, NUMBER, NUMBER),
    st.builds("{}. {} {}".format, NUMBER, MONTH_WORDS, YEAR),
    st.builds("Innen {} {}".format, MONTH_WORDS, YEAR),
    st.builds("{}-{}.{}.{}".format, NUMBER, NUMBER, NUMBER, YEAR),
    st.builds("V1, {}.{}.{}".format, NUMBER, NUMBER, YEAR),
)
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
DEADLINE_TEXT = DATE_SHAPED | ANY_TEXT
PERIOD_TEXT = YEAR | st.builds("{}–{}".format, YEAR, YEAR) | ANY_TEXT


@settings(max_examples=examples(500), deadline=None)
@given(DEADLINE_TEXT, PERIOD_TEXT)
def test_any_text_parses_to_a_deadline_the_program_can_hold(text, period_text):
    period = parse_period(period_text)
    assert period is None or 1 <= period.first <= period.last <= 9999
    parsed = parse_deadline(text, period)
    if parsed.kind == INVALID:
        assert parsed.reason and parsed.describe() == f"ugyldig: {parsed.reason}"
    elif parsed.end is not None:
        assert parsed.start <= parsed.end and parsed.describe()
    assert isinstance(parse_user_date(text, date(2024, 3, 1)), date | None)
    # `set deadline=…` and the TUI's date filter refuse with their own error type only.
    try:
        assert fields.parse_value("deadline", text, period) == text.strip()
    except fields.EditError as error:
        assert parsed.kind == INVALID and str(error).startswith("ugyldig frist «")
    for choice in ("before", "after"):
        try:
            values = {"deadline": choice, "date": text, "status": "*", "text": ""}
            bar_filter({**values, "include_ongoing": True}, [], date(2024, 3, 1))
        except FilterError:
            assert text.strip() and parse_user_date(text, date(2024, 3, 1)) is None


def quiet_main(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DEADLINE_TEXT, PERIOD_TEXT, DEADLINE_TEXT)
def test_any_deadline_period_or_filter_date_through_check_and_list(text, period_text, due):
    """The commands end with 0 or 1 and say what is wrong; an exception fails the test."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.toml"
        plan = SMALL_PLAN.replace(
            'frist = "1. juni"', f"frist = {tomlkit.string(text).as_string()}"
        )
        plan = plan.replace(
            'periode = "2024–2025"', f"periode = {tomlkit.string(period_text).as_string()}"
        )
        path.write_text(plan, encoding="utf-8")
        code, out, _ = quiet_main("check", str(path))
        invalid = parse_deadline(text, parse_period(period_text)).kind == INVALID
        assert code in (0, 1) and (f"{path}:37: feil: ugyldig frist" in out) == invalid
        code, out, err = quiet_main("list", str(path), "--format", "json")
        assert (code, err) == (0, "") and len(json.loads(out)) == 4
        code, out, err = quiet_main("list", str(path), f"--due-before={due}", "--format=json")
        readable = parse_user_date(due, date.today()) is not None
        assert (code, out == "", err.startswith("handlingsplan: ")) == (
            (0, False, False) if readable else (1, True, True)
        )


@given(st.integers(1, 9999), st.integers(1, 12))
def test_days_in_month_is_what_the_calendar_says(year, month):
    import calendar

    assert days_in_month(year, month) == calendar.monthrange(year, month)[1]
