"""The editing session the TUI drives: what counts as modified, and what a save writes."""

from tui.actions.workspace import Workspace

from .conftest import SMALL_PLAN, changed_lines


def test_modified_only_after_an_edit_and_not_after_undoing_it(small_plan):
    workspace = Workspace.open([small_plan])
    loaded = workspace.plans[0]
    assert workspace.modified_plans() == [] and not loaded.edited
    assert workspace.set_fields(loaded, "t-2", {"status": "pågår"})
    assert workspace.modified_plans() == [loaded]
    workspace.undo()
    assert workspace.modified_plans() == []
    workspace.redo()
    assert workspace.is_modified()


def test_first_edit_saves_as_one_changed_line(small_plan):
    workspace = Workspace.open([small_plan])
    loaded = workspace.plans[0]
    workspace.set_fields(loaded, "t-4", {"deadline": "1. april 2025"})
    workspace.set_fields(loaded, "t-4", {"deadline": "2. april 2025"})
    assert workspace.save(loaded)
    assert workspace.modified_plans() == []
    removed, added = changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8"))
    assert (removed, added) == (['frist = "1. mars 2025"'], ['frist = "2. april 2025"'])


def test_a_reloaded_plan_starts_unedited(small_plan):
    workspace = Workspace.open([small_plan])
    workspace.set_fields(workspace.plans[0], "t-2", {"status": "pågår"})
    fresh = workspace.reload(workspace.plans[0])
    assert not fresh.edited and workspace.modified_plans() == []
