"""The tree of plans, chapters and sections: it draws the view's tree lines and reports the
line the user moves to."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Tree
from textual.widgets._tree import TOGGLE_STYLE

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
        self._pass: _TreePass | None = None  # the styles of one render_lines pass
        self._drawn: dict[tuple, Strip] = {}  # drawn lines by what they show

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
            if node._label.plain != entry.label:
                label = Text(entry.label)  # process_label keeps a label's first line
                node._label = label if "\n" not in entry.label else self.process_label(label)
                node._updates += 1
                changed = True
        if changed:
            self.refresh()

    def render_lines(self, crop):
        # Textual's Tree looks up its styles, and the widget's own style from every ancestor,
        # again on every line; a filter key redraws each line on screen. Once per pass here.
        self._pass = _TreePass(self)
        try:
            return super().render_lines(crop)
        finally:
            self._pass = None

    def render_line(self, y: int) -> Strip:
        style = self._pass.base if self._pass else self.rich_style
        scroll_x, scroll_y = self.scroll_offset
        return self._render_line(y + scroll_y, scroll_x, scroll_x + self.size.width, style)

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """A line as Tree._render_line draws it (tests/test_tree_lines.py holds the two
        alike), kept by what it shows: a count that changes above a line does not redraw it,
        as Textual's cache (keyed on each node's updates on the path) would."""
        lines, drawing = self._tree_lines, self._pass
        if drawing is None or y >= len(lines) or not _plain(lines[y].node._label):
            return super()._render_line(y, x1, x2, base_style)
        line = lines[y]
        key = (
            y,
            line.node._id,
            line.node._label.plain,
            line.node.is_expanded,
            line.node._allow_expand,
            line.last,
            tuple((node._hover, node._selected, node.is_last) for node in line.path),
            self.hover_line == y,
            self.cursor_line == y,
            self.has_focus,
            self._pseudo_class_state,
            max(self.virtual_size.width, self.size.width),
            drawing.signature,
        )
        strip = self._drawn.get(key)
        if strip is None:
            if len(self._drawn) > 4 * len(lines) + 100:
                self._drawn.clear()
            strip = self._drawn[key] = drawing.line(line, y)
        return strip.crop(x1, x2)

    def _clear_line_cache(self) -> None:
        super()._clear_line_cache()
        self._drawn = {}

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


def _plain(label: Text) -> bool:
    """A label of one style throughout (the tree's own); others are drawn by Textual."""
    return not label.spans and not label.style


class _TreePass:
    """The tree's styles during one drawing pass, and a line drawn with them: the segments
    Tree._render_line makes through a Rich Text, made directly."""

    def __init__(self, tree: PlanTree):
        self.tree = tree
        self.base = tree.rich_style
        hidden = {
            name: tree.get_component_styles(f"tree--{name}").color.a == 0
            for name in ("guides", "guides-hover", "guides-selected")
        }
        self.hidden = hidden["guides"], hidden["guides-hover"], hidden["guides-selected"]
        guide = tree.get_component_rich_style("tree--guides", partial=True)
        self.guide = guide
        self.guide_hover = guide + tree.get_component_rich_style("tree--guides-hover", partial=True)
        self.guide_selected = guide + tree.get_component_rich_style(
            "tree--guides-selected", partial=True
        )
        self.highlight_line = tree.get_component_rich_style("tree--highlight-line")
        self.label = tree.get_component_rich_style("tree--label", partial=True)
        self.highlight = tree.get_component_rich_style("tree--highlight", partial=True)
        self.cursor = tree.get_component_rich_style("tree--cursor", partial=False)
        self.signature = (
            self.base,
            self.hidden,
            self.guide,
            self.guide_hover,
            self.guide_selected,
            self.highlight_line,
            self.label,
            self.highlight,
            self.cursor,
            tree.show_guides,
            tree.guide_depth,
        )
        self._guides: dict[tuple[Style, bool], tuple[str, str, str, str]] = {}

    def guides(self, style: Style, hidden: bool) -> tuple[str, str, str, str]:
        """Space, vertical, terminator and cross, as Tree's get_guides gives them."""
        key = (style, hidden)
        if key not in self._guides:
            tree = self.tree
            if tree.show_guides and not hidden:
                lines = tree.LINES["default"]
                if style.bold:
                    lines = tree.LINES["bold"]
                elif style.underline2:
                    lines = tree.LINES["double"]
            else:
                lines = ("  ", "  ", "  ", "  ")
            depth = max(0, tree.guide_depth - 2)
            guides = tuple(f"{chars[0]}{chars[1] * depth} " for chars in lines)
            self._guides[key] = guides  # type: ignore[assignment]
        return self._guides[key]

    def line(self, line, y: int) -> Strip:
        tree, path = self.tree, line.path
        is_hover = tree.hover_line >= 0 and any(node._hover for node in path)
        line_style = (self.highlight_line if is_hover else self.base) + Style(meta={"line": y})
        hover = path[0]._hover
        selected = path[0]._selected and tree.has_focus
        guide_style, hidden = self.guide, True
        segments: list[Segment] = []
        for node in path[1:]:
            hidden = self.hidden[0]
            if hover:
                guide_style, hidden = self.guide_hover, self.hidden[1]
            if selected:
                guide_style, hidden = self.guide_selected, self.hidden[2]
            space, vertical, _, _ = self.guides(guide_style, hidden)
            if node != path[-1]:
                segments.append(
                    Segment(space if node.is_last else vertical, line_style + guide_style)
                )
            hover = hover or node._hover
            selected = (selected or node._selected) and tree.has_focus
        if len(path) > 1:
            _, _, terminator, cross = self.guides(guide_style, hidden)
            segments.append(Segment(terminator if line.last else cross, line_style + guide_style))
        label_style = self.label
        if tree.hover_line == y:
            label_style += self.highlight
        if tree.cursor_line == y:
            label_style += self.cursor
        node = line.node
        node_meta = Style(meta={"node": node._id})
        if node._allow_expand:
            icon = tree.ICON_NODE_EXPANDED if node.is_expanded else tree.ICON_NODE
            segments.append(Segment(icon, line_style + (line_style + TOGGLE_STYLE) + node_meta))
        if node._label.plain:
            segments.append(Segment(node._label.plain, line_style + label_style + node_meta))
        used = sum(segment.cell_length for segment in segments)
        pad = max(tree.virtual_size.width, tree.size.width) - used
        if pad:
            segments.append(Segment(" " * pad, line_style))
        return Strip(segments)
