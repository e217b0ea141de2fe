"""The tree of plans, chapters and sections: it draws the view's tree lines and reports the
line the user moves to."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree

from tui.actions.view import TreeEntry
from tui.ui.bindings import bind
from tui.ui.widgets.guard import Guarded


class PlanTree(Guarded, Tree):
    BINDINGS = [
        bind("j", "cursor_down", "handlingsplan.tree.down", show=False),
        bind("k", "cursor_up", "handlingsplan.tree.up", show=False),
    ]
    help_key = "tree"

    class Selected(Message):
        """The user moved to a plan or a section."""

        def __init__(self, entry: TreeEntry):
            super().__init__()
            self.entry = entry

    def __init__(self, label: str, id: str) -> None:
        super().__init__(Text(label), id=id)  # a str would be read as markup
        self.show_root = False
        self._by_key: dict[str, object] = {}  # tree key -> node
        self._restoring = None  # the node the cursor is on its way back to

    def show(self, entries: list[TreeEntry], selected: str | None) -> None:
        """Draw the entries; the same lines as before are only relabelled (a filter key
        changes the counts), other lines are built anew with the cursor on `selected`."""
        if list(self._by_key) == [e.key for e in entries]:
            self._relabel(entries)
            return
        self.clear()
        self._by_key = {}
        for entry in entries:
            self._by_key[entry.key] = self._add(entry)
        self.restore_cursor(selected)

    def _add(self, entry: TreeEntry):
        parent = self._by_key.get(entry.parent, self.root) if entry.parent else self.root
        label = Text(entry.label)
        if entry.has_children:
            return parent.add(label, data=entry, expand=True)
        return parent.add_leaf(label, data=entry)

    def _relabel(self, entries: list[TreeEntry]) -> None:
        """New counts on the same lines, and one repaint. TreeNode.set_label queues a
        repaint of the node and its subtree per label (a filter key relabels most lines: ~6 ms
        of messages at 2,000 measures), so the label is set as set_label does it (textual 8)
        and the tree, whose line cache knows each node's updates, repaints once."""
        changed = False
        for entry in entries:
            node = self._by_key[entry.key]
            node.data = entry
            if str(node.label) != entry.label:
                node._label = self.process_label(Text(entry.label))
                node._updates += 1
                changed = True
        if changed:
            self.refresh()

    def restore_cursor(self, key: str | None) -> None:
        """Put the cursor on the line of `key`, once the new lines are laid out; until it is
        there, highlights from the rebuild are stale and not reported."""
        node = self._by_key.get(key) if key else None
        self._restoring = node
        if node is not None:
            self.call_after_refresh(self._move_back, node)

    def _move_back(self, node) -> None:
        self.move_cursor(node)
        if self.cursor_node is node and self._restoring is node:
            self._restoring = None  # already there: no highlight will come to clear it

    def _on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        event.stop()
        if self._restoring is not None:
            if event.node is not self._restoring:
                return
            self._restoring = None
        if isinstance(event.node.data, TreeEntry) and event.node.data.kind != "error":
            self.post_message(self.Selected(event.node.data))
