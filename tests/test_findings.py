"""The TUI findings of issue 15, each as the user met it: a stale error under a field, Tab in
a table's cells, tab keys from the text blocks, the section pane after undo, the changed-on-
disk dialog, and the Endringer tab outside git."""

from datetime import date

from textual.widgets import TextArea

from tui import texts
from tui.actions.workspace import open_workspace
from tui.store.storage import load
from tui.ui.app import HandlingsplanApp
from tui.ui.screens import BlockEditScreen, ChoiceScreen

from .conftest import SMALL_PLAN, changed_lines
from .gitrepo import git, make_repo
from .test_tui import (
    SIZE,
    app_for,
    edit_measure,
    focus_measure,
    go_to_section,
    section_rows,
    shown,
    started,
)

TABLE = """
[[kapittel.seksjon.innhold]]
id = "b-9"
type = "tabell"
tittel = ""
kolonner = ["Kurs", "Når"]
rader = [
    ["Fase 1", "Mars"],
]
"""


def with_table() -> str:
    at = SMALL_PLAN.index("[[kapittel.seksjon.tiltak]]")
    return SMALL_PLAN[:at] + TABLE.lstrip("\n") + "\n" + SMALL_PLAN[at:]


async def test_an_error_under_a_field_goes_when_the_value_is_changed(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        form = await edit_measure(pilot, "1.1 Heltid", 1)
        form.query_one("#text", TextArea).text = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert str(form.query_one("#error-text").content) == "tiltaket har ingen tekst"
        form.query_one("#text", TextArea).text = "Klarlegge vervemålene for 2025"
        await pilot.pause()
        assert str(form.query_one("#error-text").content) == ""


async def test_tab_types_a_tab_between_the_cells_of_a_table(tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text(with_table(), encoding="utf-8")
    app = app_for(plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await go_to_section(pilot, "1.1 Heltid")
        blocks = app.query_one("#blocks")
        blocks.focus()
        blocks.highlighted = 1  # the table, after the list
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, BlockEditScreen)
        area = app.screen.query_one(TextArea)
        assert area.text == "Kurs\tNår\nFase 1\tMars"
        area.move_cursor(area.document.end)
        await pilot.press("enter", *"Fase 2", "tab", *"April")
        assert app.focused is area  # the Tab went into the text
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await started(pilot)
    assert changed_lines(with_table(), plan.read_text(encoding="utf-8")) == (
        [],
        ['    ["Fase 2", "April"],'],
    )


async def focus_settled(pilot) -> None:
    for _ in range(40):
        await pilot.pause(0.02)
        if pilot.app.focused is not None:
            return


async def test_the_tab_keys_work_from_the_text_blocks(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await go_to_section(pilot, "1.1 Heltid")
        app.query_one("#blocks").focus()
        await pilot.pause()
        assert app.focused.id == "blocks"
        await pilot.press("f3")
        await focus_settled(pilot)  # the keys go to the table after the tab's first frame
        assert (app.active_tab(), app.focused.id) == ("measures", "all-measures")
        await pilot.press("f2")
        await focus_settled(pilot)
        assert (app.active_tab(), app.focused.id) == ("section", "section-measures")


async def test_the_section_pane_follows_the_tree_after_undo(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await go_to_section(pilot, "1.1 Heltid")
        app.query_one("#section-measures").focus()
        await pilot.press("x", "ctrl+z")
        await pilot.pause()
        await go_to_section(pilot, "1.2 Verving")
        assert str(app.query_one("#section-title").content) == "1.2 Verving"
        assert [row[0] for row in section_rows(app)] == ["1.2.1"]


async def test_a_file_changed_on_disk_without_edits_here_is_read_again_quietly(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        small_plan.write_text(SMALL_PLAN.replace("Verving", "Verving 2025"), encoding="utf-8")
        app.check_disk()
        await started(pilot)
        assert not isinstance(app.screen, ChoiceScreen)
        assert app.workspace.plans[0].plan.chapters[0].sections[1].title == "Verving 2025"
        notes = [n.message for n in app._notifications]
        assert notes == ["plan.toml ble endret på disken og er lest inn på nytt"]


async def test_my_edits_can_go_on_top_of_a_file_changed_on_disk(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.workspace.set_fields(app.workspace.plans[0], "t-2", {"status": "pågår"})
        small_plan.write_text(SMALL_PLAN.replace("Verving", "Verving 2025"), encoding="utf-8")
        app.check_disk()
        await started(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.click("#choice-mine")
        await started(pilot)
        plan = app.workspace.plans[0].plan
        assert plan.chapters[0].sections[1].title == "Verving 2025"  # theirs
        assert plan.find_measure("t-2").measure.status == "pågår"  # mine, not saved yet
        assert app.workspace.is_modified()
        await pilot.press("ctrl+s")
        await started(pilot)
    assert changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8")) == (
        ['status = ""', 'tittel = "Verving"'],
        ['status = "pågår"', 'tittel = "Verving 2025"'],
    )


async def test_edits_to_the_same_field_on_disk_are_named_and_nothing_changes(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.workspace.set_fields(app.workspace.plans[0], "t-2", {"deadline": "1. mai"})
        theirs = SMALL_PLAN.replace('frist = "1. desember"', 'frist = "1. juni"')
        small_plan.write_text(theirs, encoding="utf-8")
        app.check_disk()
        await started(pilot)
        notes: list[str] = []
        app.notify = lambda message, **kwargs: notes.append(message)
        await pilot.click("#choice-mine")
        await started(pilot)
        assert notes == [
            texts.DISK_BOTH_CHANGED.format(fields="1.1 Tiltak 2 «Klarlegge vervemålene»: frist")
        ]
        assert isinstance(app.screen, ChoiceScreen)  # asked again
        assert app.workspace.plans[0].plan.find_measure("t-2").measure.deadline == "1. mai"
    assert small_plan.read_text(encoding="utf-8") == theirs


async def test_the_changes_tab_says_when_the_folder_is_not_in_git(small_plan, tmp_path):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("f4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = str((await shown(pilot, "#changes-text")).content)
        assert "mappen er ikke et git-lager" in text
    plan = make_repo(tmp_path / "repo", SMALL_PLAN)
    app = HandlingsplanApp(open_workspace([str(plan)]), today=date(2024, 9, 1), watch_disk=False)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("f4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = str((await shown(pilot, "#changes-text")).content)
        assert "git-lager" not in text and f"    {texts.CHANGES_NONE}" in text
    assert load(plan).raw == SMALL_PLAN.encode("utf-8")


async def test_the_app_opens_on_the_first_chapter_with_a_title(tmp_path):
    untitled = '[[kapittel]]\nid = "k-0"\ntittel = ""\n\n'
    at = SMALL_PLAN.index("[[kapittel]]")
    plan = tmp_path / "plan.toml"
    plan.write_text(SMALL_PLAN[:at] + untitled + SMALL_PLAN[at:], encoding="utf-8")
    app = app_for(plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert str(app.query_one("#section-title").content) == "2 Målsettinger"


async def test_a_ticked_role_looks_ticked_and_the_first_down_moves(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("r")
        await pilot.pause()
        roles = app.screen.query_one("#role-picker")
        roles.select("Leder")
        await pilot.pause()

        def box(y: int) -> str:
            return "".join(segment.text for segment in list(roles.render_line(y))[:3])

        assert [roles.get_option_at_index(i).value for i in range(3)] == [
            "Nestleder",
            "Leder",
            "Styret",
        ]
        assert [box(0), box(1), box(2)] == ["▐ ▌", "▐X▌", "▐ ▌"]
        assert roles.highlighted == 0
        await pilot.press("down")
        assert roles.highlighted == 1


async def test_at_80x24_the_footer_keeps_save_and_the_filters_take_one_line(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await pilot.press("f3")
        await pilot.pause()
        keys = [str(key.render()).strip() for key in app.query("FooterKey")]
        assert keys[:3] == ["^s Lagre", "^z Angre", "e Rediger"]
        assert app.query_one("#filters").size.height == 1
        table = app.query_one("#all-measures")
        assert [label for _, label, _ in table.columns] == ["Nr.", "Tiltak", "Frist", "Status"]
        assert table.virtual_size.width <= table.size.width  # no scrolling sideways


# --- found by a new user in tmux (2026-12-07) --------------------------------------------------


async def test_quitting_with_text_typed_in_a_form_asks_and_save_applies_and_saves_it(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        form = await edit_measure(pilot, "1.1 Heltid", 1)
        form.query_one("#text", TextArea).text = "Klarlegge vervemålene for 2025"
        await pilot.press("ctrl+q")  # nothing applied to the plan yet: it used to quit at once
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.click("#choice-save")
        await pilot.pause(0.5)
    assert app.return_code == 0
    assert changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8")) == (
        ['tekst = "Klarlegge vervemålene"'],
        ['tekst = "Klarlegge vervemålene for 2025"'],
    )


async def test_quitting_with_a_wrong_value_typed_in_a_form_stays_and_says_what_is_wrong(
    small_plan,
):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        form = await edit_measure(pilot, "1.1 Heltid", 1)
        form.query_one("#text", TextArea).text = ""
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#choice-save")
        await pilot.pause()
        assert app.is_running and app.screen is form
        assert str(form.query_one("#error-text").content) == "tiltaket har ingen tekst"
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN


async def test_a_dialog_shows_its_own_keys_and_names_the_measure_as_the_table_does(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await focus_measure(pilot, "1.1 Heltid", 1)
        await pilot.press("f")
        await pilot.pause()
        assert texts.DEADLINE_TITLE.format(label="1.1.2") in [
            str(label.content) for label in app.screen.query("Label")
        ]
        keys = [str(key.render()).strip() for key in app.screen.query("FooterKey")]
        assert keys == ["esc Avbryt"]
        assert "^s Lagre" not in keys


async def test_at_80_columns_the_unsaved_mark_is_in_the_title(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        await focus_measure(pilot, "1.1 Heltid", 0)
        await pilot.press("x")
        await pilot.pause()
        title = app.query_one("#title").render_line(0).text
        assert title.strip().startswith("handlingsplan — ulagret • plan.toml")


async def test_the_theme_list_asks_in_norwegian(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.action_change_theme()
        await pilot.pause()
        assert app.screen.query_one("CommandInput").placeholder == texts.THEME_PLACEHOLDER


async def test_the_date_of_the_deadline_filter_shows_only_when_a_choice_needs_it(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=(140, 42)) as pilot:
        await started(pilot)
        assert not app.query_one("#filter-date").display
        app.query_one("#filter-deadline").value = "after"
        await pilot.pause()
        assert app.query_one("#filter-date").display


async def test_an_open_list_in_a_form_is_closed_with_words_in_norwegian(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        form = await edit_measure(pilot, "1.1 Heltid", 1)
        form.query_one("#status").focus()
        await pilot.press("enter")  # the list of statuses opens
        await pilot.pause()
        keys = [str(key.render()).strip() for key in form.query("FooterKey")]
        assert "esc Lukk listen" in keys and not any("Dismiss" in key for key in keys)


async def changes_text(pilot) -> str:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return str((await shown(pilot, "#changes-text")).content)


async def test_the_changes_tab_follows_a_save_and_g_shows_the_diff_of_the_changed_plan(tmp_path):
    """Found by a new user: after ctrl+s the tab still listed the edit as unsaved, and g showed
    the diff of the plan under the tree's cursor, not of the one changed."""
    other = make_repo(tmp_path / "repo", SMALL_PLAN, name="a.toml")
    plan = other.with_name("b.toml")
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    git(plan.parent, "add", "b.toml")
    git(plan.parent, "commit", "-q", "-m", "Plan b")
    app = HandlingsplanApp(
        open_workspace([str(other), str(plan)]), today=date(2024, 9, 1), watch_disk=False
    )
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.workspace.set_fields(app.workspace.plans[1], "t-2", {"status": "pågår"})
        app.model_changed()
        await pilot.press("f4")
        unsaved = texts.CHANGES_UNSAVED
        assert f"{unsaved}:\n    1.1 Tiltak 2" in (await changes_text(pilot)).split("[b]b.toml")[1]
        await pilot.press("ctrl+s")
        text = (await changes_text(pilot)).split("[b]b.toml")[1]
        assert f"{unsaved}:\n    {texts.CHANGES_NONE}" in text
        await pilot.press("g")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown_diff = app.screen.body
    assert shown_diff.startswith(
        "Endringer i b.toml:\n1.1 Tiltak 2 «Klarlegge vervemålene»: Status"
    )


async def test_clearing_the_filters_from_the_search_leaves_it_so_that_slash_searches_anew(
    small_plan,
):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("slash", *"nho")
        await pilot.press("ctrl+l")
        await pilot.press("slash", *"verv")
        await pilot.pause()
        assert app.query_one("#filter-text").value == "verv"


async def test_the_delete_question_cuts_a_long_text_with_an_ellipsis(small_plan):
    long_text = "Påse at klubbene har ett drøftingsmøte med arbeidsgiver der de krever at alle "
    long_text += "stillinger lyses ut som hele stillinger"
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.workspace.set_fields(app.workspace.plans[0], "t-1", {"text": long_text})
        app.model_changed()
        await focus_measure(pilot, "1.1 Heltid", 0)
        await pilot.press("d")
        await pilot.pause()
        question = app.screen.question
    assert question == "Slette 1.1.1?\n«" + long_text[:79] + "…»"


async def test_kontinuerlig_is_greyed_out_while_a_deadline_choice_leaves_undated_measures_out(
    small_plan,
):
    """Found by a board member: the ticked box did nothing with «Før dato»."""
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        ongoing = app.query_one("#filter-ongoing")
        assert not ongoing.disabled
        app.query_one("#filter-deadline").value = "before"
        await pilot.pause()
        assert ongoing.disabled
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not ongoing.disabled
