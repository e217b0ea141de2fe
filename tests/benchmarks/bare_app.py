"""The peer for 'first screen': a bare Textual app with a tree of N nodes and a title."""

import sys

from textual.app import App
from textual.widgets import Tree


class Bare(App):
    def __init__(self, title: str, nodes: int):
        super().__init__()
        self.label, self.nodes = title, nodes

    def compose(self):
        tree = Tree(self.label)
        for i in range(self.nodes):
            tree.root.add_leaf(f"Seksjon {i}")
        tree.root.expand()
        yield tree


if __name__ == "__main__":
    Bare(sys.argv[1], int(sys.argv[2])).run()
