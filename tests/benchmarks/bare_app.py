"""The peers: for 'first screen', a bare Textual app with a tree of N nodes and a title; for
'filter keystroke', a bare Input above a DataTable of N rows."""

import sys

from textual.app import App
from textual.widgets import DataTable, Input, Tree


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


class BareTable(App):
    """An Input and a DataTable of N rows of five cells; typing changes nothing else."""

    def __init__(self, rows: int):
        super().__init__()
        self.rows = rows

    def compose(self):
        yield Input(id="text")
        yield DataTable(id="table")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.cursor_type = "row"
        table.add_columns("Nr.", "Tiltak", "Ansvar", "Frist", "Status")
        table.add_rows([f"{i}", "Tekst", "Leder", "1. juni", ""] for i in range(self.rows))


if __name__ == "__main__":
    if sys.argv[1] == "--table":  # the keystroke peer in a real terminal (keystroke.py)
        BareTable(int(sys.argv[2])).run()
    else:
        Bare(sys.argv[1], int(sys.argv[2])).run()
