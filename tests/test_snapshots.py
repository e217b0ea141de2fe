"""Screenshots of the main screens at a fixed size (pytest-textual-snapshot).

After a deliberate change to the UI: `pytest tests/test_snapshots.py --snapshot-update`,
then review the changed SVGs in tests/__snapshots__/.
"""

from datetime import date

from textual.widgets import Input, SelectionList, TextArea

from tui.actions.workspace import open_workspace
from tui.ui.app import HandlingsplanApp

from .conftest import PLANS

SIZE = (150, 42)
TEKNISK = PLANS / "teknisk-fagforening-oslo-2024-2025.toml"


def make_app() -> HandlingsplanApp:
    return HandlingsplanApp(
        open_workspace([str(TEKNISK)]), today=date(2024, 9, 1), watch_disk=False
    )


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    for widget in pilot.app.query(Input).results():
        widget.cursor_blink = False
    await pilot.pause()


async def open_section(pilot, label: str) -> None:
    await settle(pilot)
    tree = pilot.app.query_one("#tree")
    stack = list(tree.root.children)
    while stack:
        node = stack.pop(0)
        if str(node.label).startswith(label):
            tree.move_cursor(node)
            break
        stack.extend(node.children)
    await pilot.pause()


def test_browse_section(snap_compare):
    async def before(pilot):
        await open_section(pilot, "3.3 Organisasjonsbygging")

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_all_measures_filtered_by_role(snap_compare):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        pilot.app.screen.query_one(SelectionList).select("Nestleder")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_edit_form(snap_compare):
    async def before(pilot):
        await open_section(pilot, "3.2 Gode offentlige")
        table = pilot.app.query_one("#section-measures")
        table.focus()
        table.move_cursor(row=2)
        await pilot.press("e")
        await settle(pilot)
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_preview(snap_compare):
    async def before(pilot):
        await open_section(pilot, "3.1 Heltid")
        await pilot.press("f5")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=before)


def test_preview_80x24(snap_compare):
    """The preview at the smallest usual terminal: the text wraps to the narrow view."""

    async def before(pilot):
        await open_section(pilot, "3.1 Heltid")
        await pilot.press("f5")
        await settle(pilot)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=before)


def agenda_for_nestleder(date_text: str):
    async def before(pilot):
        await settle(pilot)
        await pilot.press("m", *date_text, "tab", "n", "space", "enter")
        await settle(pilot)

    return before


def test_agenda_80x24(snap_compare):
    """The smallest usual terminal: the filters in one line, Frist and Status in view with
    the overdue (▲) and due-soon (△) marks, and save first in the footer."""
    before = agenda_for_nestleder("1.1.2025")
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=before)


def test_agenda_140x42(snap_compare):
    before = agenda_for_nestleder("1.1.2025")
    assert snap_compare(make_app(), terminal_size=(140, 42), run_before=before)
