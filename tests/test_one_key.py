"""One key for the frequent changes (issue 15): x, s, f and o on the measure under the cursor,
in the section's table and in the Tiltak tab; each one step of undo, saved by ctrl+s with
only its own line changed."""

import pytest
from textual.widgets import Input, TextArea

from tui.store.storage import load
from tui.ui.screens import DeadlineScreen, MeasureEditScreen, MeasureRolesScreen, StatusScreen
from tui.ui.widgets.role_list import RoleList

from .conftest import SMALL_PLAN, changed_lines
from .test_tui import SIZE, app_for, go_to_section, section_rows, shown, started


async def on_measure(pilot, table: str, row: int):
    """The cursor on a measure: row of the section 1.1 Heltid (F2) or of every measure (F3)."""
    if table == "section":
        await go_to_section(pilot, "1.1 Heltid")
        await pilot.press("f2")
        widget = await shown(pilot, "#section-measures")
        widget.move_cursor(row=row)
    else:
        await pilot.press("f3")
        widget = await shown(pilot, "#all-measures")
        await pilot.pause()
        for _ in range(row):
            await pilot.press("down")
    await pilot.pause()
    assert pilot.app.focused is widget
    return widget


async def saved(pilot, path) -> tuple[list[str], list[str]]:
    await pilot.press("ctrl+s")
    await started(pilot)
    return changed_lines(SMALL_PLAN, path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("table", ["section", "all"])
async def test_x_marks_fullfort_and_x_again_gives_back_the_status_it_had(small_plan, table):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await on_measure(pilot, table, 2)  # 1.1 Tiltak 3, «pågår»
        await pilot.press("x")
        await pilot.pause()
        assert app.workspace.plans[0].plan.find_measure("t-3").measure.status == "fullført"
        assert app.sub_title.startswith("ulagret •")
        await pilot.press("x")
        await pilot.pause()
        assert app.workspace.plans[0].plan.find_measure("t-3").measure.status == "pågår"
        await pilot.press("x")
        await pilot.pause()
        assert await saved(pilot, small_plan) == (['status = "pågår"'], ['status = "fullført"'])


async def test_x_is_one_step_of_undo(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await on_measure(pilot, "section", 0)
        await pilot.press("x", "ctrl+z")
        await pilot.pause()
        assert app.workspace.plans[0].plan.find_measure("t-1").measure.status == ""
        assert not app.workspace.is_modified()
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert await saved(pilot, small_plan) == (['status = ""'], ['status = "fullført"'])


@pytest.mark.parametrize("table", ["section", "all"])
async def test_s_picks_a_status_by_its_letter(small_plan, table):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await on_measure(pilot, table, 1)  # 1.1 Tiltak 2, no status
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatusScreen)
        await pilot.press("u")  # utsatt
        await pilot.pause()
        assert not isinstance(app.screen, StatusScreen)
        assert await saved(pilot, small_plan) == (['status = ""'], ['status = "utsatt"'])


async def test_s_then_enter_keeps_the_highlighted_status_and_esc_changes_nothing(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await on_measure(pilot, "section", 2)  # «pågår», highlighted when the list opens
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("down", "enter")  # the one after pågår: fullført
        await pilot.pause()
        assert app.workspace.plans[0].plan.find_measure("t-3").measure.status == "fullført"
        await pilot.press("s", "escape")
        await pilot.pause()
        assert app.workspace.plans[0].plan.find_measure("t-3").measure.status == "fullført"
        assert len(app.workspace.undo_stack) == 1


@pytest.mark.parametrize("table", ["section", "all"])
async def test_f_edits_the_deadline_inline(small_plan, table):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await on_measure(pilot, table, 1)  # frist «1. desember»
        await pilot.press("f")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, DeadlineScreen)
        assert prompt.query_one(Input).value == "1. desember"
        prompt.query_one(Input).value = "1. november"
        await pilot.pause()
        assert str(prompt.query_one("#deadline-meaning").content) == "→ 1. november 2024"
        await pilot.press("enter")
        await pilot.pause()
        assert await saved(pilot, small_plan) == (
            ['frist = "1. desember"'],
            ['frist = "1. november"'],
        )


async def test_f_refuses_a_deadline_it_cannot_read_and_keeps_what_was_typed(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await on_measure(pilot, "section", 1)
        await pilot.press("f")
        await pilot.pause()
        prompt = app.screen
        prompt.query_one(Input).value = "31. februar"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is prompt
        assert prompt.query_one(Input).value == "31. februar"
        error = str(prompt.query_one("#error-deadline").content)
        assert error.startswith("ugyldig frist «31. februar»")
        prompt.query_one(Input).value = "31. januar"
        await pilot.pause()
        assert str(prompt.query_one("#error-deadline").content) == ""  # no stale error
        await pilot.press("escape")
        await pilot.pause()
        assert not app.workspace.is_modified()


@pytest.mark.parametrize("table", ["section", "all"])
async def test_o_ticks_roles_and_takes_typed_ones(small_plan, table):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await on_measure(pilot, table, 1)  # ansvar ["Nestleder"]
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MeasureRolesScreen)
        roles = dialog.query_one(RoleList)
        assert roles.selected == ["Nestleder"]
        assert roles.highlighted == 0
        await pilot.press("space")  # Nestleder off
        await pilot.press("tab")
        await pilot.press(*"leiar, Kasserer", "enter")  # Leder by another spelling
        await pilot.pause()
        assert roles.selected == ["Leder", "Kasserer"]
        await pilot.press("shift+tab", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, MeasureRolesScreen)
        assert await saved(pilot, small_plan) == (
            ['ansvar = ["Nestleder"]'],
            ['ansvar = ["Leder", "Kasserer"]'],
        )


async def test_a_new_measure_is_added_only_when_its_form_is_applied(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await go_to_section(pilot, "1.1 Heltid")
        await pilot.press("a")  # from the tree
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeasureEditScreen)
        assert form.query_one("#text", TextArea).text == ""
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MeasureEditScreen)
        assert [r[1] for r in section_rows(app)] == [
            "Påse at klubbene har ett drøftingsmøte om bruk av deltid.",
            "Klarlegge vervemålene",
            "Kreve tariffavtaler",
        ]
        assert not app.workspace.is_modified() and app.workspace.undo_stack == []
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+s")  # no text: the form says so and stays
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeasureEditScreen)
        assert str(form.query_one("#error-text").content) == "tiltaket har ingen tekst"
        await pilot.press(*"Stand", "tab", "tab", *"Leder, Nestleder", "enter")
        await pilot.press("tab", "tab", *"1. juni", "ctrl+s")
        await pilot.pause()
        assert len(app.workspace.undo_stack) == 1
        await pilot.press("ctrl+s")
        await started(pilot)
    added = load(small_plan).plan.chapters[0].sections[0].measures[-1]
    assert (added.text, list(added.responsible), added.deadline) == (
        "Stand",
        ["Leder", "Nestleder"],
        "1. juni",
    )
