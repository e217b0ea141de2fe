"""The measure tables' columns fitted to the width (issue 15): Nr., Frist and Status always
whole, the text cut first, and what is cut ends in "…"."""

from hypothesis import given
from hypothesis import strategies as st

from tui.formats.listing import fit_cell
from tui.ui.widgets.panes import PADDING, WIDEST, fit_columns, wanted_columns

KEYS = ["nr", "ansvar", "frist", "status", "plan"]
widests = st.fixed_dictionaries({key: st.integers(0, 60) for key in KEYS})


def used(columns) -> int:
    return sum(width + 2 * PADDING for _, _, width in columns)


def least_width(wanted) -> int:
    """Nr., Frist and Status whole and the text at its narrowest (8)."""
    whole = [w for key, _, w in wanted if key in ("nr", "frist", "status")]
    return sum(whole) + 8 + 2 * PADDING * (len(whole) + 1)


@given(widests, st.booleans())
def test_each_column_wants_its_widest_text_up_to_a_limit_and_its_label(widest, with_plan):
    for key, label, width in wanted_columns(widest, with_plan):
        text = WIDEST[key] if key == "tekst" else widest[key] + (2 if key == "frist" else 0)
        assert width == max(len(label), min(WIDEST[key], text))


@given(widests, st.booleans(), st.integers(0, 400))
def test_number_deadline_and_status_are_never_cut_and_everything_fits(widest, with_plan, room):
    wanted = wanted_columns(widest, with_plan)
    width = least_width(wanted) + room
    columns = fit_columns(wanted, width)
    keys = [key for key, _, _ in columns]
    assert keys == [key for key, _, _ in wanted if key in keys]  # the order kept
    widths = {key: w for key, _, w in columns}
    for key, _, w in wanted:
        if key in ("nr", "frist", "status"):
            assert widths[key] == w
    assert widths["tekst"] >= 8
    assert used(columns) == width  # the text column takes what is left over


@given(widests, st.booleans(), st.integers(0, 400))
def test_the_text_gives_way_before_the_other_columns(widest, with_plan, room):
    wanted = wanted_columns(widest, with_plan)
    widths = {key: w for key, _, w in fit_columns(wanted, least_width(wanted) + room)}
    # The text is cut to 28 before anything else is cut; only when a column has to leave
    # whole does the room it frees go back to the text.
    if widths["tekst"] > 28 and len(widths) == len(wanted):
        assert all(widths[key] == w for key, _, w in wanted if key != "tekst")


def test_at_80_columns_a_table_of_the_example_plans_shows_number_text_deadline_and_status():
    # The example plans: references up to 3.3.3.1.1, deadlines up to 27 characters (cut
    # to 20 with the mark), no status set; 80 columns leave the section table 53 cells less
    # its scrollbar.
    widest = {"nr": 9, "ansvar": 95, "frist": 27, "status": 0, "plan": 34}
    assert fit_columns(wanted_columns(widest, False), 52) == [
        ("nr", "Nr.", 9),
        ("tekst", "Tiltak", 9),
        ("frist", "Frist", 20),
        ("status", "Status", 6),
    ]


def test_a_cut_text_ends_in_an_ellipsis_and_a_short_one_is_padded():
    assert fit_cell("1. november 2025", 12) == "1. november…"
    assert fit_cell("Kontinuerlig", 14) == "Kontinuerlig  "
    assert fit_cell("3.3.3.1.1", 9) == "3.3.3.1.1"


def _fit_whole(cell: str, width: int) -> str:
    """fit_cell as it was, measuring the whole text."""
    from rich.cells import cell_len, set_cell_size

    if width <= 0:
        return ""
    if cell_len(cell) <= width:
        return set_cell_size(cell, width)
    return set_cell_size(cell, width - 1) + "…"


# Letters, a dash and an ellipsis (Rich's slow path), combining marks, wide characters.
CELL_TEXT = st.text(st.sampled_from("ab æøå–…\u0301\u030a漢字🙂"), max_size=120)


@given(cell=CELL_TEXT, width=st.integers(-1, 50))
def test_a_long_cell_is_fitted_from_its_start_as_from_the_whole_text(cell, width):
    assert fit_cell(cell, width) == _fit_whole(cell, width)
