"""The agenda for the next board meeting (issue 15): the open measures of some roles due before
the meeting, its date remembered per plan folder; `handlingsplan agenda` and the TUI's `m`."""

import json
from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st
from textual.widgets import Checkbox, Input

from tui.actions import agenda
from tui.domain import deadlines
from tui.domain.filters import bar_filter
from tui.ui.screens import AgendaScreen, RolePickerScreen

from .test_cli import run
from .test_tui import SIZE, app_for, started

TODAY = "2024-09-01"


def test_agenda_lists_the_open_measures_of_any_of_the_roles_due_before_the_meeting(
    capsys, small_plan
):
    code, out, err = run(
        capsys,
        "agenda",
        small_plan,
        "--role",
        "Nestleder",
        "--role",
        "Styret",
        "--before",
        "1. januar 2025",
        "--today",
        TODAY,
    )
    assert code == 0
    assert out.splitlines() == [
        "1.1.1\tPåse at klubbene har ett drøftingsmøte om bruk av deltid.\tStyret\t1. juni\t",
        "1.1.2\tKlarlegge vervemålene\tNestleder\t1. desember\t",
    ]
    assert err == (
        "Filter: Roller: Nestleder eller Styret · Ikke fullført eller avlyst · "
        "Frist før 1. januar 2025 · 2 av 4 tiltak\n"
    )


def test_the_meeting_date_is_remembered_for_the_folder(capsys, small_plan, tmp_path):
    assert run(capsys, "agenda", small_plan, "--before", "2025-04-01", "--today", TODAY)[0] == 0
    code, out, err = run(capsys, "agenda", small_plan, "--role", "Nestleder", "--today", TODAY)
    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()] == ["1.1.2", "1.2.1"]
    assert "Frist før 1. april 2025" in err
    kept = json.loads((tmp_path / "state" / "handlingsplan" / "agenda.json").read_text())
    assert kept == {str(small_plan.parent.resolve()): "2025-04-01"}


def test_no_remembered_date_is_one_line_and_exit_1(capsys, small_plan):
    assert run(capsys, "agenda", small_plan, "--today", TODAY) == (
        1,
        "",
        "handlingsplan: ingen møtedato husket for denne mappen (oppgi den med --before DATO)\n",
    )


def test_a_date_that_cannot_be_read_is_one_line_and_exit_1(capsys, small_plan):
    code, out, err = run(capsys, "agenda", small_plan, "--before", "snart", "--today", TODAY)
    assert (code, out) == (1, "")
    assert err.startswith("handlingsplan: ") and "«snart»" in err and err.count("\n") == 1


def test_an_unknown_role_names_the_nearest(capsys, small_plan):
    code, _, err = run(
        capsys, "agenda", small_plan, "--role", "Nestleader", "--before", "1.7", "--today", TODAY
    )
    assert (code, err) == (
        1,
        "handlingsplan: ukjent rolle «Nestleader» i --role; mente du «Nestleder»?\n",
    )


def test_a_passed_meeting_is_said_and_still_used(capsys, small_plan):
    run(capsys, "agenda", small_plan, "--before", "2024-10-01", "--today", TODAY)
    code, out, err = run(capsys, "agenda", small_plan, "--today", "2024-11-01")
    assert code == 0
    assert err.splitlines()[0] == (
        "handlingsplan: møtedatoen 1. oktober 2024 er passert (oppgi neste med --before DATO)"
    )


def test_a_broken_file_of_dates_is_a_warning_and_is_replaced(capsys, small_plan, tmp_path):
    kept = tmp_path / "state" / "handlingsplan" / "agenda.json"
    kept.parent.mkdir(parents=True)
    kept.write_text("{ not json", encoding="utf-8")
    code, out, err = run(capsys, "agenda", small_plan, "--today", TODAY)
    assert code == 1
    assert err.splitlines()[0].startswith(f"handlingsplan: kan ikke lese møtedatoene i {kept}: ")
    assert run(capsys, "agenda", small_plan, "--before", "1.10", "--today", TODAY)[0] == 0
    assert json.loads(kept.read_text()) == {str(small_plan.parent.resolve()): "2024-10-01"}


@given(st.dates(date(2000, 1, 1), date(2090, 12, 31)), st.dates(date(2001, 1, 1), date(2089, 1, 1)))
def test_a_meeting_typed_without_a_year_is_the_next_such_day(day, today):
    assume((day.day, day.month) != (29, 2))  # without a year, only in a leap year
    typed = f"{day.day}.{day.month}"
    meeting = agenda.meeting_date(typed, today)
    assert (meeting.day, meeting.month) == (day.day, day.month)
    assert today <= meeting < today + timedelta(days=366 * 4 + 1)
    written = f"{day.day}. {deadlines.MONTH_NAMES[day.month]} {day.year}"
    assert agenda.meeting_date(written, today) == day  # a year typed is kept, past or not


async def test_m_shows_the_agenda_in_the_tiltak_tab_and_remembers_the_date(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        assert app.screen.query_one("#meeting", Input).value == ""
        await pilot.press(*"1.1.2025", "tab", "n", "space", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, AgendaScreen)
        assert [r.label for r in app.view.shown_rows] == ["1.1 Tiltak 2"]
        assert str(app.query_one("#filter-summary").content).startswith(
            "Roller: Nestleder · Ikke fullført eller avlyst · Frist før 1. januar 2025 · "
            "1 av 4 tiltak"
        )
        assert app.active_tab() == "measures" and app.focused.id == "all-measures"
        # The filter bar says the same filter, so changing one control keeps the rest.
        assert app.view.criteria == bar_filter(
            app.filter_bar.values(), ["Nestleder"], date(2024, 9, 1), any_role=True
        )
        assert app.view.criteria == agenda.agenda_filter(
            ["Nestleder"], date(2025, 1, 1), date(2024, 9, 1)
        )
    again = app_for(small_plan)
    async with again.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert again.screen.query_one("#meeting", Input).value == "1. januar 2025"


async def test_an_agenda_without_a_date_asks_for_it(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("m", "tab", "n", "space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        error = app.screen.query_one("#error-meeting")
        assert str(error.content) == "skriv datoen for neste styremøte"
        assert app.screen.focused.id == "meeting"


async def test_the_role_filter_takes_one_of_the_roles_when_asked(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RolePickerScreen)
        await pilot.press("s", "space", "l", "space")  # letters jump: Styret, Leder
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert [r.label for r in app.view.shown_rows] == []  # both responsible: none
        assert str(app.query_one("#filter-summary").content).startswith(
            "Roller: Styret og Leder · 0 av 4 tiltak"
        )
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#any-role", Checkbox).value = True
        await pilot.press("enter")
        await pilot.pause()
        assert [r.label for r in app.view.shown_rows] == [
            "1.1 Tiltak 1",
            "1.1 Tiltak 3",
        ]
        assert str(app.query_one("#filter-summary").content).startswith(
            "Roller: Leder eller Styret · 2 av 4 tiltak"
        )
