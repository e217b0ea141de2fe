"""The measure tables' columns fitted to the width (issue 15): Frist and Status always in
view, the text cut first."""

from hypothesis import given
from hypothesis import strategies as st

from tui.ui.widgets.panes import MEASURE_COLUMNS, PADDING, PLAN_COLUMN, fit_columns


def used(columns) -> int:
    return sum(width + 2 * PADDING for _, _, width in columns)


@given(st.integers(46, 400), st.booleans())
def test_frist_and_status_are_always_there_and_everything_fits(width, with_plan):
    wanted = [PLAN_COLUMN, *MEASURE_COLUMNS] if with_plan else MEASURE_COLUMNS
    columns = fit_columns(wanted, width)
    keys = [key for key, _, _ in columns]
    assert {"nr", "tekst", "frist", "status"} <= set(keys)
    assert keys == [key for key, _, _ in wanted if key in keys]  # the order kept
    widths = {key: w for key, _, w in columns}
    assert widths["frist"] >= 13 and widths["status"] >= 9 and widths["tekst"] >= 8
    assert used(columns) == width  # the text column takes what is left over


@given(st.integers(46, 400))
def test_the_text_gives_way_before_the_other_columns(width):
    widths = {key: w for key, _, w in fit_columns(MEASURE_COLUMNS, width)}
    wanted = {key: w for key, _, w in MEASURE_COLUMNS}
    # The text is cut to 28 before anything else is cut; only when a column has to leave
    # whole (Ansvar at 66 cells) does the room it frees go back to the text.
    if widths["tekst"] > 28 and widths.keys() == wanted.keys():
        assert all(widths[k] == wanted[k] for k in wanted if k != "tekst")


def test_at_80_columns_a_section_table_shows_number_text_deadline_and_status():
    # 80 columns: the tree takes 30%, the table 53 cells less its scrollbar
    assert fit_columns(MEASURE_COLUMNS, 51) == [
        ("nr", "Nr.", 6),
        ("tekst", "Tiltak", 14),
        ("frist", "Frist", 14),
        ("status", "Status", 9),
    ]
