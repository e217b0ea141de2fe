"""`list`'s table: one line per measure, fitted to the terminal's width, or plain
tab-separated lines when the output goes to a pipe or a file."""

from __future__ import annotations

from pathlib import Path

from tui import texts
from tui.domain.filters import Row
from tui.domain.roles import with_qualifier

GAP = "  "


REFERENCE = texts.COL_REFERENCE
PLAN = texts.COL_PLAN
TEXT = texts.COL_TEXT
RESPONSIBLE = texts.COL_RESPONSIBLE
DEADLINE = texts.COL_DEADLINE
STATUS = texts.COL_STATUS
# When a line is too wide, columns are cut in this order, each down to the width given
# (never below its title): the text first, then the others, then the text again. The
# reference is never cut, since `set` needs all of it.
CUTS = (
    (TEXT, 30),
    (RESPONSIBLE, 16),
    (PLAN, 12),
    (TEXT, 16),
    (RESPONSIBLE, 10),
    (DEADLINE, 10),
    (STATUS, 8),
)


def responsible_text(row: Row) -> str:
    return with_qualifier(row.responsible, row.measure.qualifier)


def plain_lines(rows: list[Row], show_plan: bool) -> list[str]:
    """For scripts: reference, (plan file,) text, responsible, deadline, status; no cut."""
    return ["\t".join(_cells(row, show_plan, plan=row.plan_path)) for row in rows]


def table_lines(rows: list[Row], show_plan: bool, width: int) -> list[str]:
    """A header and one line per measure, at most `width` cells wide where the columns can
    be cut that far: the text column first, then the responsible, plan, deadline, status."""
    columns = [REFERENCE, PLAN, TEXT, RESPONSIBLE, DEADLINE, STATUS]
    if not show_plan:
        columns.remove(PLAN)
    lines = [list(columns)]
    lines += [_cells(row, show_plan, plan=Path(row.plan_path).stem) for row in rows]
    widths = _fit(columns, lines, width)
    return [_join(cells, widths) for cells in lines]


def _cells(row: Row, show_plan: bool, plan: str) -> list[str]:
    measure = row.measure
    cells = [row.reference, _flat(measure.text), responsible_text(row)]
    cells += [_flat(measure.deadline), _flat(measure.status)]
    if show_plan:
        cells.insert(1, plan)
    return cells


def _flat(value) -> str:
    return " ".join(str(value or "").split())


def _fit(columns: list[str], lines: list[list[str]], width: int) -> list[int]:
    from rich.cells import cell_len  # here: output to a pipe (plain_lines) does without Rich

    widths = [max(cell_len(cells[i]) for cells in lines) for i in range(len(columns))]
    excess = sum(widths) + len(GAP) * (len(columns) - 1) - width
    for column, least in CUTS:
        if excess <= 0:
            break
        if column in columns:
            i = columns.index(column)
            cut = max(0, min(excess, widths[i] - max(least, cell_len(column))))
            widths[i] -= cut
            excess -= cut
    return widths


def _join(cells: list[str], widths: list[int]) -> str:
    return GAP.join(
        fit_cell(cell, width) for cell, width in zip(cells, widths, strict=True)
    ).rstrip()


def fit_cell(cell: str, width: int) -> str:
    """The text in `width` cells: padded, or cut with "…" to show that it goes on."""
    from rich.cells import cell_len, set_cell_size

    if width <= 0:
        return ""
    if len(cell) > 2 * width:
        # Only the start of a long text can show: measure that, not the whole (Rich takes a
        # text with a dash or an ellipsis apart grapheme by grapheme, a long measure text
        # ~50 µs on every line the table draws).
        head = cell[: 2 * width]
        if cell_len(head) > width:
            return set_cell_size(head, width - 1) + "…"
    if cell_len(cell) <= width:
        return set_cell_size(cell, width)
    return set_cell_size(cell, width - 1) + "…"
