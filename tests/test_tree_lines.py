"""The plan tree draws its lines itself (tui/ui/widgets/tree.py, for a filter key at 20,000
measures): every line must be what Textual's Tree draws, segment for segment, style and meta
included (a click reads the meta), in every state a line can be in."""

from textual.widgets import Tree

from tui.ui.widgets.tree import _TreePass

from .conftest import PLANS
from .test_tui import SIZE, app_for, started


def textual_line(tree, y: int):
    return list(Tree._render_line(tree, y, 0, tree.size.width, tree.rich_style))


def our_line(tree, y: int):
    tree._pass = _TreePass(tree)
    try:
        return list(tree._render_line(y, 0, tree.size.width, tree.rich_style))
    finally:
        tree._pass = None


def assert_alike(tree) -> int:
    tree._pseudo_class_state = tree.get_pseudo_class_state()
    lines = len(tree._tree_lines)
    for y in range(lines):
        tree._line_cache.clear()
        assert our_line(tree, y) == textual_line(tree, y), f"line {y}"
    return lines


async def test_every_tree_line_is_drawn_as_textual_draws_it():
    app = app_for(PLANS)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        tree = app.query_one("#tree")
        tree.focus()
        await pilot.pause()
        assert assert_alike(tree) > 20  # three plans: plans, chapters, sections
        await pilot.press("down", "down", "down")  # the cursor on a section
        await pilot.pause()
        tree.hover_line = tree.cursor_line - 1
        assert tree.cursor_line > 1
        assert_alike(tree)
        app.query_one("#filter-text").focus()  # the tree without focus
        await pilot.pause()
        assert_alike(tree)
        tree.focus()
        await pilot.press("left")  # a collapsed chapter: its icon and the lines below it
        await pilot.pause()
        assert_alike(tree)
        await pilot.press("slash", *"tariff")  # new counts in the labels
        await pilot.pause()
        assert_alike(tree)


async def test_a_line_is_drawn_again_only_when_what_it_shows_changes():
    from rich.text import Text

    app = app_for(PLANS)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        tree = app.query_one("#tree")
        tree._pseudo_class_state = tree.get_pseudo_class_state()

        def drawn() -> list:
            tree._pass = _TreePass(tree)
            try:
                return [
                    tree._render_line(y, 0, tree.size.width, tree._pass.base) for y in range(20)
                ]
            finally:
                tree._pass = None

        before = drawn()
        chapter = tree._tree_lines[1].node  # a count changes on a chapter's line
        chapter._label = Text(f"{chapter._label.plain} (0)")
        chapter._updates += 1
        after = drawn()
        assert after[1] is not before[1]
        assert "(0)" in "".join(segment.text for segment in after[1])
        assert all(after[y] is before[y] for y in range(20) if y != 1)  # its sections too
        assert_alike(tree)
