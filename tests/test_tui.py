"""The TUI driven with Pilot: what the user does, what the model holds, what the file shows."""

import unicodedata
from datetime import date
from pathlib import Path

from textual.widgets import Input, Select, SelectionList, TextArea

from tui import texts
from tui.actions.workspace import open_workspace
from tui.formats.export import Options, render
from tui.store.storage import load
from tui.ui.app import COMMANDS, DiskChanged, HandlingsplanApp
from tui.ui.screens import ChoiceScreen, ConfirmScreen, MeasureEditScreen, RolePickerScreen
from tui.ui.widgets import FilterBar
from tui.ui.widgets.preview import MarkdownPreview

from .conftest import SMALL_PLAN, changed_lines

SIZE = (150, 45)


async def started(pilot):
    """The app with its tabs: they mount after the first frame, later on a loaded machine."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for _ in range(50):
        if pilot.app.query("#section-title"):
            break
        await pilot.pause(0.05)


async def shown(pilot, selector: str):
    """A tab's widget, mounted the first time its tab is shown (later on a loaded machine)."""
    for _ in range(50):
        if pilot.app.query(selector):
            break
        await pilot.pause(0.05)
    return pilot.app.query_one(selector)


def generated_plan(folder: Path, measures: int) -> Path:
    from tests.benchmarks.workload import generate, write_toml

    plan = folder / "plan.toml"
    write_toml(generate(measures), plan)
    return plan


async def tiltak_tab(pilot):
    """The app started with its Tiltak tab (F3) open: that tab's table."""
    await started(pilot)
    await pilot.press("f3")
    return await shown(pilot, "#all-measures")


def app_for(path, **kwargs) -> HandlingsplanApp:
    return HandlingsplanApp(
        open_workspace([str(path)]), today=date(2024, 9, 1), watch_disk=False, **kwargs
    )


async def go_to_section(pilot, label_start: str):
    app = pilot.app
    tree = app.query_one("#tree")
    for node in _walk(tree.root):
        if str(node.label).startswith(label_start):
            tree.move_cursor(node)
            await pilot.pause()
            return node
    raise AssertionError(f"no tree node {label_start!r}")


def _walk(node):
    for child in node.children:
        yield child
        yield from _walk(child)


def section_rows(app) -> list[list[str]]:
    table = app.query_one("#section-measures")
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_opens_plans_and_browses_sections(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert app.sub_title == "plan.toml"
        assert str(app.query_one("#title").content) == "handlingsplan — plan.toml"
        # The first chapter is selected and shown from the start.
        assert str(app.query_one("#section-title").content) == "1 Målsettinger"
        await go_to_section(pilot, "1.1 Heltid")
        assert str(app.query_one("#section-title").content) == "1.1 Heltid"
        assert [r[:2] + r[3:] for r in section_rows(app)] == [
            [
                "1.1.1",
                "Påse at klubbene har ett drøftingsmøte om bruk av deltid.",
                "▲ 1. juni",  # overdue on 1 September 2024, and open
                "",
            ],
            ["1.1.2", "Klarlegge vervemålene", "1. desember", ""],
            ["1.1.3", "Kreve tariffavtaler", "Kontinuerlig", "pågår"],
        ]
        await go_to_section(pilot, "1.2 Verving")
        assert [r[0] for r in section_rows(app)] == ["1.2.1"]


async def test_text_filter_applies_while_typing_and_clears_with_one_key(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("slash")
        assert app.focused is app.query_one("#filter-text")
        await pilot.press(*"tariff")
        await pilot.pause()
        assert [r.label for r in app.view.shown_rows] == ["1.1 Tiltak 3"]
        labels = [str(n.label) for n in _walk(app.query_one("#tree").root)]
        assert labels == ["Handlingsplan 2024–2025", "1 Målsettinger (1)", "1.1 Heltid (1)"]
        assert "1 av 4 tiltak" in str(app.query_one("#filter-summary").content)
        await pilot.press("escape", "ctrl+l")
        await pilot.pause()
        assert len(app.view.shown_rows) == 4
        assert app.query_one("#filter-text", Input).value == ""


async def test_a_section_filtered_away_gives_way_to_the_first_match(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await go_to_section(pilot, "1.1 Heltid")
        await pilot.press("slash", *"nho")  # only in 1.2, which takes 1.1's line in the tree
        await pilot.pause()
        assert str(app.query_one("#section-title").content) == "1.2 Verving"
        assert [r[0] for r in section_rows(app)] == ["1.2.1"]
        assert str(app.query_one("#tree").cursor_node.label) == "1.2 Verving (1)"
        await pilot.press(*"zzz")  # nothing matches: nothing is shown as if it did
        await pilot.pause()
        assert str(app.query_one("#section-title").content) == texts.SECTION_EMPTY
        await pilot.press("escape", "ctrl+l")
        await pilot.pause()
        assert str(app.query_one("#section-title").content) == texts.SECTION_EMPTY
        assert len(app.view.shown_rows) == 4


async def test_the_section_tab_shows_a_filter_typed_while_another_tab_was_open(small_plan):
    """A hidden section tab is not refilled on each key (a filter key at 20,000 measures);
    it is filled when it is shown."""
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await go_to_section(pilot, "1.1 Heltid")
        assert [r[0] for r in section_rows(app)] == ["1.1.1", "1.1.2", "1.1.3"]
        await pilot.press("f3")
        await shown(pilot, "#all-measures")
        await pilot.press("slash", *"nho")  # only in 1.2
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert str(app.query_one("#section-title").content) == "1.2 Verving"
        assert [r[0] for r in section_rows(app)] == ["1.2.1"]
        await pilot.press("f3", "escape", "ctrl+l", "f2")
        await pilot.pause()
        assert [r[0] for r in section_rows(app)] == ["1.2.1"]  # 1.2 stays selected
        await go_to_section(pilot, "1.1 Heltid")
        assert [r[0] for r in section_rows(app)] == ["1.1.1", "1.1.2", "1.1.3"]


async def test_text_filter_is_applied_with_the_keystroke_itself(small_plan):
    # Applied as the value changes, not on a later message: the frame that shows the typed
    # character already shows the filtered tree.
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.query_one("#filter-text", Input).value = "tariff"
        assert [r.label for r in app.view.shown_rows] == ["1.1 Tiltak 3"]
        app.query_one(FilterBar).reset()
        assert [r.label for r in app.view.shown_rows] == ["1.1 Tiltak 3"]  # reset leaves it to us


async def test_text_longer_than_the_filter_input_scrolls_within_it(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=(110, 30)) as pilot:
        await started(pilot)
        typed = "abcdefghijklmnopqrstuvwxyz0123456789" * 3
        await pilot.press("slash", *typed)
        await pilot.pause()
        field = app.query_one("#filter-text", Input)
        assert field.content_region.width < len(typed)
        assert field.scroll_x > 0
        shown = "".join(segment.text for segment in field.render_line(0))
        visible = shown.strip()
        assert len(visible) < len(typed) and typed.endswith(visible)  # the end, by the cursor


async def test_all_filters_fit_an_80_column_terminal(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        controls = list(app.query_one("#filters").children)
        assert [c.id for c in controls] == [
            "filter-text",
            "filter-deadline",
            "filter-date",
            "filter-status",
            "filter-ongoing",
        ]
        shown = [c for c in controls if c.display]
        assert [c.id for c in shown] == [
            "filter-text",
            "filter-deadline",
            "filter-status",
            "filter-ongoing",
        ]  # the date only once a deadline choice needs it
        screen = app.screen.region
        assert all(screen.contains_region(c.region) for c in shown)
        assert {c.region.y for c in shown} == {1} and app.query_one("#filters").size.height == 1
        assert app.query_one("#filter-text").content_region.width >= 24
        app.query_one("#filter-deadline", Select).value = "before"
        await pilot.pause()
        assert app.query_one("#filter-date").display
        assert all(screen.contains_region(c.region) for c in controls)


async def test_role_and_deadline_filters_combine(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("r")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, RolePickerScreen)
        assert picker.counts == {"Nestleder": 3, "Leder": 1, "Styret": 1}
        picker.query_one(SelectionList).select("Nestleder")
        await pilot.press("enter")
        await pilot.pause()
        assert [r.label for r in app.view.shown_rows] == [
            "1.1 Tiltak 2",
            "1.1 Tiltak 3",
            "1.2 Tiltak 1",
        ]
        app.query_one("#filter-deadline", Select).value = "overdue"  # today is 1 Sept 2024
        await pilot.pause()
        assert [r.label for r in app.view.shown_rows] == []
        app.query_one("#filter-deadline", Select).value = "before"
        app.query_one("#filter-date", Input).value = "1. januar 2025"
        await pilot.pause()
        assert [r.label for r in app.view.shown_rows] == ["1.1 Tiltak 2"]
        app.query_one("#filter-ongoing").value = False
        app.query_one("#filter-deadline", Select).value = "all"
        await pilot.pause()
        assert [r.label for r in app.view.shown_rows] == ["1.1 Tiltak 2", "1.2 Tiltak 1"]


async def focus_measure(pilot, section: str, row: int) -> None:
    """The keys on the section table, its cursor on the measure in that row."""
    await go_to_section(pilot, section)
    table = pilot.app.query_one("#section-measures")
    table.focus()
    table.move_cursor(row=row)
    await pilot.pause()


async def edit_measure(pilot, section: str, row: int):
    app = pilot.app
    await focus_measure(pilot, section, row)
    await pilot.press("e")
    for _ in range(20):  # the form mounts in a later frame on a loaded machine
        await pilot.pause()
        if isinstance(app.screen, MeasureEditScreen):
            break
    assert isinstance(app.screen, MeasureEditScreen)
    return app.screen


async def test_edit_deadline_then_save_changes_one_line(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        form = await edit_measure(pilot, "1.1 Heltid", 1)
        deadline = form.query_one("#deadline", Input)
        deadline.value = "1. november"
        await pilot.pause()
        assert str(form.query_one("#deadline-meaning").content) == "→ 1. november 2024"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, MeasureEditScreen)
        assert app.workspace.plans[0].plan.find_measure("t-2").measure.deadline == "1. november"
        assert app.sub_title.startswith("ulagret •")
        await pilot.press("ctrl+s")
        await started(pilot)
        assert changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8")) == (
            ['frist = "1. desember"'],
            ['frist = "1. november"'],
        )
        assert app.sub_title == "plan.toml"


async def test_a_save_reads_and_changes_the_model_only_on_the_ui_thread(small_plan, monkeypatch):
    """The save worker writes the file; working out the text from the model and making the
    written text the plan's base happen on the app's own thread."""
    import threading

    import tui.actions.workspace as workspace_module
    import tui.ui.app as app_module

    threads: dict[str, str] = {}

    def recorded(name, function):
        def call(*args, **kwargs):
            threads[name] = threading.current_thread().name
            return function(*args, **kwargs)

        return call

    for module, name in (
        (workspace_module, "prepare_save"),
        (workspace_module, "commit_save"),
        (app_module, "write_save"),
    ):
        monkeypatch.setattr(module, name, recorded(name, getattr(module, name)))
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        form = await edit_measure(pilot, "1.1 Heltid", 1)
        form.query_one("#deadline", Input).value = "1. november"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.sub_title == "plan.toml"
    ui_thread = threading.main_thread().name
    assert threads["prepare_save"] == threads["commit_save"] == ui_thread
    assert threads["write_save"] != ui_thread
    assert changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8")) == (
        ['frist = "1. desember"'],
        ['frist = "1. november"'],
    )


async def test_invalid_deadline_is_shown_and_not_saved(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        form = await edit_measure(pilot, "1.1 Heltid", 0)
        form.query_one("#deadline", Input).value = "31.21.2024"
        await pilot.pause()
        assert str(form.query_one("#deadline-meaning").content) == "→ ugyldig: måned 21 finnes ikke"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert str(form.query_one("#error-deadline").content) == (
            "ugyldig frist «31.21.2024»: måned 21 finnes ikke"
        )
        assert app.workspace.plans[0].plan.find_measure("t-1").measure.deadline == "1. juni"


async def test_edit_text_roles_status_and_cancel_asks_first(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        form = await edit_measure(pilot, "1.1 Heltid", 1)
        form.query_one("#text", TextArea).text = "Klarlegge vervemålene\nfor 2025"
        form.query_one("#responsible", SelectionList).select("Sekretær")
        form.query_one("#status", Select).value = "fullført"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form
        await pilot.press("ctrl+s")
        await pilot.pause()
        measure = app.workspace.plans[0].plan.find_measure("t-2").measure
        assert (measure.text, measure.responsible, measure.status) == (
            "Klarlegge vervemålene\nfor 2025",
            ["Nestleder", "Sekretær"],
            "fullført",
        )


async def test_add_delete_move_undo_redo_and_the_saved_diff(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await go_to_section(pilot, "1.1 Heltid")
        table = app.query_one("#section-measures")
        table.focus()
        table.move_cursor(row=2)
        await pilot.press("K")  # move Tiltak 3 up
        await pilot.pause()
        assert [r[1] for r in section_rows(app)][:3] == [
            "Påse at klubbene har ett drøftingsmøte om bruk av deltid.",
            "Kreve tariffavtaler",
            "Klarlegge vervemålene",
        ]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [r[1] for r in section_rows(app)][1] == "Klarlegge vervemålene"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert [r[1] for r in section_rows(app)][1] == "Kreve tariffavtaler"
        table.move_cursor(row=0)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert [r[0] for r in section_rows(app)] == ["1.1.1", "1.1.2"]
        await pilot.press("a")  # add after the first; the form opens for the new measure
        await pilot.pause()
        form = app.screen
        assert isinstance(form, MeasureEditScreen)
        form.query_one("#text", TextArea).text = "Arrangere kurs"
        form.query_one("#deadline", Input).value = "Høst"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [r[1] for r in section_rows(app)] == [
            "Kreve tariffavtaler",
            "Arrangere kurs",
            "Klarlegge vervemålene",
        ]
        await pilot.press("ctrl+s")
        await started(pilot)
    saved = load(small_plan).plan
    assert [m.text for m in saved.chapters[0].sections[0].measures] == [
        "Kreve tariffavtaler",
        "Arrangere kurs",
        "Klarlegge vervemålene",
    ]
    removed, added = changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8"))
    assert 'id = "t-1"' in removed and 'tekst = "Arrangere kurs"' in added
    assert 'frist = "Høst"' in added
    untouched = SMALL_PLAN[SMALL_PLAN.index('[[kapittel.seksjon]]\nid = "s-2"') :]
    assert small_plan.read_text(encoding="utf-8").endswith(untouched)


async def test_edit_list_items_in_a_block(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await go_to_section(pilot, "1.1 Heltid")
        app.query_one("#blocks").focus()
        await pilot.press("e")
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        assert area.text == "Færre jobber deltid.\nLønnsgapet blir mindre."
        area.text = "Færre jobber deltid.\nLønnsgapet blir mindre.\nFlere hele stillinger."
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await started(pilot)
    assert changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8")) == (
        [],
        ['    "Flere hele stillinger.",'],
    )


async def test_changes_view_in_words(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.workspace.set_fields(app.workspace.plans[0], "t-2", {"deadline": "1. juni"})
        app.model_changed()
        await pilot.press("f4")
        await started(pilot)
        text = str(app.query_one("#changes-text").content)
        assert "1.1 Tiltak 2 «" in text and ": Frist 1. desember → 1. juni" in text


async def test_preview_is_the_export(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await go_to_section(pilot, "1.1 Heltid")
        await pilot.press("f5")
        await started(pilot)
        loaded = app.workspace.plans[0]
        assert app.query_one("#preview-md", MarkdownPreview).source == render(
            [(str(loaded.path), loaded.plan)], Options()
        )


async def test_quit_with_unsaved_changes_asks(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.workspace.set_fields(app.workspace.plans[0], "t-2", {"status": "pågår"})
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#choice-discard")
        await pilot.pause()
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN


async def test_file_changed_on_disk_is_announced_and_reloaded(small_plan):
    app = HandlingsplanApp(
        open_workspace([str(small_plan)]), today=date(2024, 9, 1), watch_disk=False
    )
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.workspace.set_fields(app.workspace.plans[0], "t-2", {"status": "pågår"})
        small_plan.write_text(SMALL_PLAN.replace("Verving", "Verving 2025"), encoding="utf-8")
        app.check_disk()
        await started(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("ctrl+s")  # saving now would overwrite: it must not
        await pilot.click("#choice-reload")
        await started(pilot)
        assert app.workspace.plans[0].plan.chapters[0].sections[1].title == "Verving 2025"
        assert not app.workspace.is_modified()
    assert "Verving 2025" in small_plan.read_text(encoding="utf-8")


async def test_save_refuses_to_overwrite_a_change_on_disk(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.workspace.set_fields(app.workspace.plans[0], "t-2", {"status": "pågår"})
        theirs = SMALL_PLAN.replace("Verving", "Verving 2025")
        small_plan.write_text(theirs, encoding="utf-8")
        await pilot.press("ctrl+s")
        await started(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        assert app.workspace.is_modified()
    assert small_plan.read_text(encoding="utf-8") == theirs


async def test_broken_plan_is_listed_and_others_open(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.toml").write_text(SMALL_PLAN, encoding="utf-8")
    (folder / "b.toml").write_text("<<<<<<< HEAD\n", encoding="utf-8")
    app = app_for(folder)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        labels = [str(n.label) for n in app.query_one("#tree").root.children]
        assert labels == [
            "Handlingsplan 2024–2025",
            "⚠ b.toml:1: git-konfliktmarkør; løs konflikten (git mergetool) før planen kan åpnes",
        ]
        await pilot.press("f6")
        await pilot.pause()
        findings = await shown(pilot, "#findings-table")
        severity, _, where = (str(c) for c in findings.get_row_at(0))
        assert (where, severity) == ("b.toml:1", "feil")


async def test_read_only_plan_refuses_edits(small_plan, monkeypatch):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.workspace.plans[0].read_only = True
        form = await edit_measure(pilot, "1.1 Heltid", 0)
        form.query_one("#deadline", Input).value = "1. juli"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.workspace.plans[0].plan.find_measure("t-1").measure.deadline == "1. juni"
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN


async def test_findings_jump_to_the_measure(small_plan):
    small_plan.write_text(
        SMALL_PLAN.replace('frist = "1. mars 2025"', 'frist = "31.21.2024"'), encoding="utf-8"
    )
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("f6")
        await pilot.pause()
        table = await shown(pilot, "#findings-table")
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one("#tabs").active == "section"
        assert str(app.query_one("#section-title").content) == "1.2 Verving"
        assert app.focused is app.query_one("#section-measures")
        await pilot.pause()
        table = app.query_one("#section-measures")
        assert str(table.get_row_at(table.cursor_row)[0]) == "1.2.1"


def test_every_binding_has_an_id_and_every_action_is_in_the_palette():
    from tui.ui import screens, widgets
    from tui.ui.widgets import panes

    ours = [getattr(m, n) for m in (panes, screens, widgets) for n in dir(m)]
    classes = [
        HandlingsplanApp,
        *(c for c in ours if isinstance(c, type) and c.__module__.startswith("tui.")),
    ]
    assert len(classes) > 10
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", []):
            assert binding.id and binding.id.startswith("handlingsplan."), (cls, binding)
    app_actions = {
        b.action for b in HandlingsplanApp.BINDINGS if b.action not in ("back", "command_palette")
    }
    palette = {action for _, _, action in COMMANDS}
    assert app_actions <= palette | {"show_tab('section')"}


async def test_command_palette_lists_our_commands(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Lagre", "Angre", "Rediger tiltak", "Nytt tiltak", "Nullstill filter"} <= set(
            titles
        )


async def test_disk_watch_posts_a_message(small_plan):
    app = HandlingsplanApp(open_workspace([str(small_plan)]), watch_disk=False)
    messages = []
    async with app.run_test(size=SIZE, message_hook=messages.append) as pilot:
        await started(pilot)
        small_plan.write_text(SMALL_PLAN + "\n", encoding="utf-8")
        app.check_disk()
        await started(pilot)
    assert [type(m) for m in messages if isinstance(m, DiskChanged)] == [DiskChanged]


async def test_sort_all_measures_by_deadline_and_status(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("f3")
        await pilot.pause()
        table = await shown(pilot, "#all-measures")
        table.focus()
        await pilot.press("2")
        await pilot.pause()
        deadlines = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert deadlines == ["▲ 1. juni", "1. desember", "1. mars 2025", "Kontinuerlig"]
        await pilot.press("1")
        await pilot.pause()
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            "1.1.1",
            "1.1.2",
            "1.1.3",
            "1.2.1",
        ]


async def test_sort_by_number_with_two_plans_keeps_each_plan_together(tmp_path):
    (tmp_path / "a.toml").write_text(SMALL_PLAN, encoding="utf-8")
    (tmp_path / "b.toml").write_text(SMALL_PLAN, encoding="utf-8")
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("f3")
        table = await shown(pilot, "#all-measures")
        table.focus()
        await pilot.press("2", "1", "end")
        await pilot.pause()
        rows = [[str(c) for c in table.get_row_at(i)[:2]] for i in range(table.row_count)]
        numbers = ["1.1.1", "1.1.2", "1.1.3", "1.2.1"]
        assert rows == [["a", n] for n in numbers] + [["b", n] for n in numbers]
        assert table.cursor_row == 7
        await pilot.press("home")
        assert table.cursor_row == 0


async def test_clicking_a_column_header_sorts_the_measures(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        table = await tiltak_tab(pilot)
        await pilot.pause()
        before = next(i for i, column in enumerate(table.columns) if column[0] == "frist")
        frist = sum(width + 2 for _, _, width in table.columns[:before]) + 2
        await pilot.click("#all-measures", offset=(frist, 0))  # the header of the Frist column
        await pilot.pause()
        deadlines = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert deadlines == ["▲ 1. juni", "1. desember", "1. mars 2025", "Kontinuerlig"]


async def test_the_tiltak_cursor_stays_on_its_measure_through_an_edit_and_a_filter(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        table = await tiltak_tab(pilot)
        table.focus()
        await pilot.press("down", "down")
        await pilot.pause()
        assert str(table.get_row_at(table.cursor_row)[0]) == "1.1.3"
        before = app.view.all_rows
        await pilot.press("x")  # done: the model changes and every row is made anew
        await pilot.pause()
        assert not set(map(id, app.view.all_rows)) & set(map(id, before))
        assert str(table.get_row_at(table.cursor_row)[0]) == "1.1.3"  # found by its key
        searched = []
        index_of = table.index_of
        table.index_of = lambda key: searched.append(key) or index_of(key)
        await pilot.press("slash", *"nho")  # only 1.2.1: 1.1.3 is filtered away
        await pilot.pause()
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["1.2.1"]
        assert table.cursor_row == 0
        assert searched == []  # the new rows were not searched key by key (~9 ms at 20,000)


async def test_the_tiltak_tab_scrolls_and_shrinks_with_the_filter(tmp_path):
    app = app_for(generated_plan(tmp_path, 400))
    async with app.run_test(size=SIZE) as pilot:
        table = await tiltak_tab(pilot)
        table.focus()
        await pilot.press("end")
        await pilot.pause()

        def last_line() -> str:
            bottom = table.scrollable_content_region.height - 1
            return "".join(s.text for s in table.render_line(bottom)).strip()

        assert table.cursor_row == table.row_count - 1 == 399
        assert last_line().startswith(str(table.get_row_at(399)[0]))
        await pilot.press("slash", *"tillitsvalgte")
        await pilot.pause()
        shown_rows = app.view.shown_rows
        assert table.row_count == len(shown_rows) > table.size.height
        assert table.vertical_scrollbar.window_virtual_size == len(shown_rows) + 1
        assert table.scroll_y <= table.max_scroll_y
        assert last_line().startswith(str(table.get_row_at(table.cursor_row)[0]))
        words = " ".join(str(shown_rows[0].measure.text).split()[:8])
        await pilot.press(*f" {words}")  # a few rows: the table shrinks to them
        await pilot.pause()
        assert 0 < table.row_count <= table.size.height - 1 or table.row_count == 0
        assert table.scrollable_content_region.height == table.row_count + 1  # laid out again


async def test_the_tiltak_scroll_bar_shows_the_thumb_of_the_rows_shown(tmp_path):
    """The bar is repainted only when its thumb would look different: after each key it
    looks as a bar painted afresh for the rows shown."""
    from textual.geometry import Region

    app = app_for(generated_plan(tmp_path, 400))
    async with app.run_test(size=SIZE) as pilot:
        table = await tiltak_tab(pilot)
        bar = table.vertical_scrollbar
        thumbs = set()
        for key in ["slash", "t", "i", "l", "l", "i", "t", "s", "backspace", "backspace"]:
            await pilot.press(key)
            await pilot.pause()
            assert bar.window_virtual_size == len(app.view.shown_rows) + 1
            region = Region(0, 0, bar.size.width, bar.size.height)
            as_shown = [list(strip) for strip in bar.render_lines(region)]
            bar.refresh()
            afresh = [list(strip) for strip in bar.render_lines(region)]
            assert as_shown == afresh, key
            thumbs.add(tuple(map(tuple, afresh)))
        assert len(thumbs) >= 2  # the thumb did change along the way
        # What decides whether the bar is repainted: its cells for one length and another.
        from tui.ui.widgets.measure_table import _thumb

        assert _thumb(bar, 20_001) == _thumb(bar, 20_101)  # a cell is ~500 rows here
        assert _thumb(bar, 401) != _thumb(bar, 101)


async def test_clicking_a_row_of_the_scrolled_tiltak_table_puts_the_cursor_on_it(tmp_path):
    app = app_for(generated_plan(tmp_path, 400))
    async with app.run_test(size=SIZE) as pilot:
        table = await tiltak_tab(pilot)
        table.focus()
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        top = int(table.scroll_y)
        assert top > 0
        await pilot.click("#all-measures", offset=(3, 4))  # the fourth row under the header
        await pilot.pause()
        assert table.cursor_row == top + 3
        assert int(table.scroll_y) == top
        await pilot.click("#all-measures", offset=(3, 0))  # the header of Nr.: sorts, no move
        await pilot.pause()
        assert app.view.sort_column == "nr"


async def test_long_text_in_external_editor(small_plan, monkeypatch, tmp_path):
    from contextlib import nullcontext

    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nprintf 'Skrevet i editor\\nandre linje\\n' > \"$1\"\n")
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        monkeypatch.setattr(app, "suspend", nullcontext)  # Pilot has no terminal to hand over
        form = await edit_measure(pilot, "1.1 Heltid", 1)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert form.query_one("#text", TextArea).text == "Skrevet i editor\nandre linje"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.workspace.plans[0].plan.find_measure("t-2").measure.text == (
            "Skrevet i editor\nandre linje"
        )


async def write_preview(pilot, target) -> None:
    """F5, then w, then the file name typed into the prompt."""
    await go_to_section(pilot, "1.1 Heltid")
    await pilot.press("f5")
    await pilot.pause()
    await pilot.press("w")
    await pilot.pause()
    pilot.app.screen.query_one(Input).value = str(target)
    await pilot.press("enter")
    await pilot.pause()


async def test_write_preview_to_a_file(small_plan, tmp_path):
    app = app_for(small_plan)
    target = tmp_path / "side.md"
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await write_preview(pilot, target)
    loaded = load(small_plan)
    assert target.read_text(encoding="utf-8") == render([(str(small_plan), loaded.plan)])


async def test_f1_help_for_the_focused_area(small_plan):
    from tui.ui.screens import TextScreen

    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await go_to_section(pilot, "1.1 Heltid")
        app.query_one("#section-measures").focus()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, TextScreen)
        body = str(app.screen.query_one("#text-body").content)
        lines = body.splitlines()
        assert lines[:2] == [texts.HELP["measures"], ""]
        assert sorted(line for line in lines if line.endswith(("Rediger", "Nytt tiltak"))) == [
            "  a            Nytt tiltak",
            "  e            Rediger",
            "  enter        Rediger",
        ]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TextScreen)


async def test_changes_since_last_commit_and_git_diff(tmp_path):
    import subprocess

    from tui.ui.screens import TextScreen

    repo = tmp_path / "repo"
    repo.mkdir()
    plan = repo / "plan.toml"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "x"], check=True)
    plan.write_text(SMALL_PLAN.replace('status = "pågår"', 'status = "fullført"'), encoding="utf-8")
    app = app_for(plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("f4")
        await started(pilot)
        text = str(app.query_one("#changes-text").content)
        assert "1.1 Tiltak 3 «" in text and ": Status pågår → fullført" in text
        await pilot.press("g")
        await started(pilot)
        assert isinstance(app.screen, TextScreen)
        assert '+status = "fullført"' in app.screen.body


def test_keymap_file(tmp_path):
    from tui.config import load_keymap

    path = tmp_path / "keymap.toml"
    path.write_text('[keymap]\n"handlingsplan.save" = "ctrl+w"\n', encoding="utf-8")
    assert load_keymap(path) == ({"handlingsplan.save": "ctrl+w"}, None)
    path.write_text("[keymap\n", encoding="utf-8")
    keymap, problem = load_keymap(path)
    assert keymap == {} and problem == (
        f"{path} kan ikke leses (mangler «]» etter tabellnavnet (linje 1, kolonne 8)); "
        "tastene er som før"
    )
    assert load_keymap(tmp_path / "missing.toml") == ({}, None)


async def test_remapped_save_key(small_plan, tmp_path, monkeypatch):
    (tmp_path / "handlingsplan").mkdir()
    (tmp_path / "handlingsplan" / "keymap.toml").write_text(
        '[keymap]\n"handlingsplan.save" = "ctrl+w"\n', encoding="utf-8"
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.workspace.set_fields(app.workspace.plans[0], "t-2", {"status": "pågår"})
        await pilot.press("ctrl+w")
        await started(pilot)
    assert 'status = "pågår"' in small_plan.read_text(encoding="utf-8").split('id = "t-2"')[1]


async def test_a_remapped_key_shows_in_the_hints_the_help_and_the_palette(
    small_plan, tmp_path, monkeypatch
):
    (tmp_path / "handlingsplan").mkdir()
    (tmp_path / "handlingsplan" / "keymap.toml").write_text(
        '[keymap]\n"handlingsplan.roles" = "ctrl+r"\n"handlingsplan.measure.edit" = "ctrl+o"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert str(app.query_one("#filter-summary").content) == (
            "Ingen filter · 4 tiltak · ctrl+r: roller · /: søk"
        )
        palette = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert palette["Velg roller"] == "Filtrer på ansvar (ctrl+r)"
        assert palette["Rediger tiltak"] == "Rediger markert tiltak (ctrl+o)"
        assert palette["Lagre"] == "Lagre endringer (ctrl+s)"
        await go_to_section(pilot, "1.1 Heltid")
        app.query_one("#section-measures").focus()
        await pilot.press("f1")
        await pilot.pause()
        lines = str(app.screen.query_one("#text-body").content).splitlines()
        assert lines[0] == texts.HELP["measures"]
        assert "  ctrl+o       Rediger" in lines
        assert "  ctrl+r       Roller" in lines
        assert not any(line.startswith("  e ") or line.startswith("  r ") for line in lines)


async def test_a_remapped_key_shows_in_the_hints_of_the_tabs_and_the_forms(
    small_plan, tmp_path, monkeypatch
):
    (tmp_path / "handlingsplan").mkdir()
    (tmp_path / "handlingsplan" / "keymap.toml").write_text(
        '[keymap]\n"handlingsplan.save" = "ctrl+w"\n"handlingsplan.write" = "ctrl+y"\n'
        '"handlingsplan.form.apply" = "ctrl+j"\n"handlingsplan.form.editor" = "ctrl+k"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("f5")
        hint = await shown(pilot, "#preview-hint")
        assert str(hint.content) == "ctrl+y: skriv til fil"
        await pilot.press("f4")
        await app.workers.wait_for_complete()
        await pilot.pause()
        changes = str(app.query_one("#changes-text").content).splitlines()
        assert changes[-1] == "g: vis rå git diff · ctrl+w: lagre"
        form = await edit_measure(pilot, "1.1 Heltid", 0)
        assert str(form.query_one("#apply").label) == "Bruk (ctrl+j)"
        hints = [str(s.content) for s in form.query(".hint")]
        assert "ctrl+k: åpne teksten i $EDITOR" in hints


async def test_help_in_the_edit_form(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        form = await edit_measure(pilot, "1.1 Heltid", 0)
        await pilot.press("f1")
        await pilot.pause()
        assert app.screen is not form
        lines = str(app.screen.query_one("#text-body").content).splitlines()
        assert lines[0] == texts.HELP["form"]
        assert f"  ctrl+s       {texts.EDIT_APPLY}" in lines
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form


async def test_brackets_in_the_plan_are_shown_not_read_as_markup(small_plan):
    text = SMALL_PLAN.replace('tittel = "Heltid"', 'tittel = "[plan] Heltid [b]"').replace(
        'tekst = "Klarlegge vervemålene"', 'tekst = "[bold]Klarlegge[/bold] vervemålene"'
    )
    small_plan.write_text(text, encoding="utf-8")
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        node = await go_to_section(pilot, "1.1 [plan] Heltid [b] (3)")
        assert str(node.label) == "1.1 [plan] Heltid [b] (3)"
        assert str(app.query_one("#section-title").content) == "1.1 [plan] Heltid [b]"
        assert section_rows(app)[1][1] == "[bold]Klarlegge[/bold] vervemålene"


async def test_findings_of_the_shipped_plans_list_every_finding(plans_copy):
    """F6 on plans/: a measure with several findings (follo-2023.toml:610 has three) shows
    each; the table matches `handlingsplan check` line for line, and enter on the third of
    them goes to that measure."""
    import subprocess
    import sys

    check = subprocess.run(
        [sys.executable, "-m", "tui", "check", str(plans_copy)], capture_output=True, text=True
    )
    expected = []
    for line in check.stdout.splitlines():
        if line.startswith(str(plans_copy)):
            where, severity, message = line.split(": ", 2)
            expected.append([severity, message, where.rsplit("/", 1)[-1]])
    assert len(expected) > 10
    app = app_for(plans_copy)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("f6")
        await pilot.pause()
        table = await shown(pilot, "#findings-table")
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert sorted(rows) == sorted(expected)
        third = next(i for i, row in enumerate(rows) if "«uføre»" in row[1])
        assert rows[third][2] == rows[third - 2][2] == "follo-2023.toml:610"
        table.focus()
        table.move_cursor(row=third)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.query_one("#section-measures")
        rows_shown = section_rows(app)
        table = app.query_one("#section-measures")
        assert "uføre" in rows_shown[table.cursor_row][2]
        header = 1  # the row on screen: the table scrolled to it once its rows were laid out
        assert table.scroll_y <= table.cursor_row < table.scroll_y + table.size.height - header


def notes_of(app) -> list[str]:
    """Every notification the app shows, in order."""
    shown = []
    notify = app.notify

    def record(message, **kwargs):
        shown.append(message)
        notify(message, **kwargs)

    app.notify = record
    return shown


async def test_palette_quit_asks_like_ctrl_q(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.workspace.set_fields(app.workspace.plans[0], "t-2", {"status": "pågår"})
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Quit" not in titles and "Avslutt" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"avslutt", "enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert str(app.screen.query_one(".form-title").content) == texts.QUIT_TITLE
        await pilot.press("escape")  # keep editing
        await app.action_quit()  # Textual's own quit action asks too
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and app.is_running
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN


async def test_a_damaged_journal_is_one_line_and_the_app_starts(small_plan, tmp_path):
    from tui.actions.recovery import Journal
    from tui.actions.workspace import Workspace

    earlier = Workspace.open([small_plan])  # a session that ended without saving
    earlier.journal = Journal()
    earlier.set_fields(earlier.plans[0], "t-2", {"status": "pågår"})
    earlier.journal.close()
    [damaged] = (tmp_path / "state" / "handlingsplan" / "recovery").iterdir()
    damaged.write_bytes(b"\x00\x01 not json")  # and then the disk went bad
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        shown = notes_of(app)
        await started(pilot)
        await pilot.pause()
        assert shown == [
            f"{damaged}: gjenopprettingsfilen er skadet (ikke gyldig JSON, linje 1 kolonne 1); "
            f"den er lagt til side som {damaged.stem}.damaged"
        ]
        assert not isinstance(app.screen, ChoiceScreen)


def test_every_widget_screen_and_the_app_are_guarded():
    """A class of ours that handles messages mixes in the guard (tui/widgets/guard.py)."""
    from textual.message_pump import MessagePump

    from tui.ui import screens, widgets
    from tui.ui.widgets import panes
    from tui.ui.widgets.guard import Guarded

    ours = [getattr(m, n) for m in (panes, screens, widgets) for n in dir(m)]
    pumps = [
        c
        for c in ours
        if isinstance(c, type) and issubclass(c, MessagePump) and c.__module__.startswith("tui.")
    ]
    assert len(pumps) > 10
    assert [c.__name__ for c in pumps if not issubclass(c, Guarded)] == []
    assert issubclass(HandlingsplanApp, Guarded)


async def test_a_journal_that_cannot_be_written_is_said_once(small_plan, tmp_path):
    (tmp_path / "state").write_text("a file where the state folder should be")
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        shown = notes_of(app)
        for deadline in ("1. mai", "2. mai"):
            form = await edit_measure(pilot, "1.1 Heltid", 0)
            form.query_one("#deadline", Input).value = deadline
            await pilot.press("ctrl+s")
            await pilot.pause()
        folder = tmp_path / "state" / "handlingsplan" / "recovery"
        assert shown == [
            f"kan ikke skrive gjenopprettingsfilen i {folder} (en del av stien er ikke en mappe); lagre ofte",
        ]
        assert app.workspace.plans[0].plan.find_measure("t-1").measure.deadline == "2. mai"


async def test_the_form_shows_a_status_written_in_nfd_or_capitals(small_plan):
    decomposed = unicodedata.normalize("NFD", "Pågår")
    text = small_plan.read_text(encoding="utf-8").replace(
        'status = ""', f'status = "{decomposed}"', 1
    )
    small_plan.write_text(text, encoding="utf-8")
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        form = await edit_measure(pilot, "1.1 Heltid", 0)
        assert form.query_one("#status", Select).value == "pågår"


async def test_write_preview_never_overwrites_a_plan(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await write_preview(pilot, small_plan)
        messages = [n.message for n in app._notifications]
    assert (
        messages[-1]
        == f"{small_plan}: er filen det leses fra; velg et annet filnavn for resultatet"
    )
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN
