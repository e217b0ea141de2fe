"""The main screen's state without a terminal: what a filter, a sort and a selection show."""

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.actions.view import DEFAULT_VALUES, View
from tui.actions.workspace import Workspace
from tui.domain.filters import matching

from .conftest import PLANS, SMALL_PLAN

TODAY = date(2024, 9, 1)
KEYS = {"roles_key": "r", "search_key": "/", "clear_key": "ctrl+l"}
TEKNISK = PLANS / "teknisk-fagforening-oslo-2024-2025.toml"


def view_of(*paths) -> View:
    return View(Workspace.open([str(p) for p in paths]), TODAY)


def two_plans(tmp_path) -> View:
    (tmp_path / "a.toml").write_text(SMALL_PLAN, encoding="utf-8")
    other = SMALL_PLAN.replace("Handlingsplan 2024–2025", "Plan B")
    (tmp_path / "b.toml").write_text(other, encoding="utf-8")
    return view_of(tmp_path)


def listed(rows) -> list[tuple[str, str]]:
    return [(Path(row.plan_path).stem, row.label) for row in rows]


def typed(text: str) -> dict:
    return {**DEFAULT_VALUES, "text": text}


def test_sorting_by_number_keeps_each_plan_together(tmp_path):
    # The Tiltak tab used to sort by the label alone, so "1.1 Tiltak 1" of both plans came
    # next to each other.
    view = two_plans(tmp_path)
    view.sort_by("frist")
    view.sort_by("nr")
    numbers = ["1.1 Tiltak 1", "1.1 Tiltak 2", "1.1 Tiltak 3", "1.2 Tiltak 1"]
    assert listed(view.measure_rows()) == [("a", n) for n in numbers] + [("b", n) for n in numbers]


def test_sorting_by_deadline_keeps_plan_order_among_equal_deadlines(tmp_path):
    view = two_plans(tmp_path)
    view.sort_by("frist")
    assert [(Path(r.plan_path).stem, r.measure.deadline) for r in view.measure_rows()] == [
        ("a", "1. juni"),
        ("b", "1. juni"),
        ("a", "1. desember"),
        ("b", "1. desember"),
        ("a", "1. mars 2025"),
        ("b", "1. mars 2025"),
        ("a", "Kontinuerlig"),
        ("b", "Kontinuerlig"),
    ]


def test_the_sort_holds_while_the_filter_changes(tmp_path):
    view = two_plans(tmp_path)
    view.sort_by("frist")
    view.set_roles(["Nestleder"])
    assert listed(view.measure_rows()) == [
        ("a", "1.1 Tiltak 2"),
        ("b", "1.1 Tiltak 2"),
        ("a", "1.2 Tiltak 1"),
        ("b", "1.2 Tiltak 1"),
        ("a", "1.1 Tiltak 3"),
        ("b", "1.1 Tiltak 3"),
    ]


def test_text_filter_counts_in_the_tree_and_the_summary(small_plan):
    view = view_of(small_plan)
    assert view.set_filters(typed("tariff"))
    assert not view.set_filters(typed("tariff"))  # the same values: nothing to do
    assert [row.label for row in view.shown_rows] == ["1.1 Tiltak 3"]
    assert [entry.label for entry in view.tree()] == [
        "Handlingsplan 2024–2025",
        "1 Målsettinger (1)",
        "1.1 Heltid (1)",
    ]
    assert view.summary(KEYS) == "Tekst: «tariff» · 1 av 4 tiltak · ctrl+l: nullstill"
    view.clear_filters()
    assert view.summary(KEYS) == "Ingen filter · 4 tiltak · r: roller · /: søk"
    assert [entry.label for entry in view.tree()] == [
        "Handlingsplan 2024–2025",
        "1 Målsettinger (4)",
        "1.1 Heltid (3)",
        "1.2 Verving (1)",
    ]


def test_a_selected_section_filtered_away_gives_way_to_the_first_match(small_plan):
    view = view_of(small_plan)
    plan = view.workspace.plans[0]
    view.select(plan, "s-1")
    assert [row.label for row in view.section_rows()] == [
        "1.1 Tiltak 1",
        "1.1 Tiltak 2",
        "1.1 Tiltak 3",
    ]
    assert [block.id for block in view.section_blocks()] == ["b-1"]
    view.set_filters(typed("nho"))
    assert (view.section_title(), view.selected_key()) == ("1.2 Verving", "section:0:s-2")
    assert [row.label for row in view.section_rows()] == ["1.2 Tiltak 1"]
    assert view.section_blocks() == []  # a filter picks measures, not text
    view.set_filters(typed("nhozzz"))  # nothing matches: the section stays, empty
    assert (view.section_title(), view.section_rows()) == ("1.2 Verving", [])
    assert view.selected_key() == "section:0:s-2"
    view.clear_filters()  # and is there again when the filter goes (a new user lost it)
    assert [row.label for row in view.section_rows()] == ["1.2 Tiltak 1"]


def test_a_date_that_cannot_be_read_is_said_and_the_rest_still_filters(small_plan):
    view = view_of(small_plan)
    view.set_roles(["Nestleder"])
    view.set_filters({**DEFAULT_VALUES, "deadline": "before", "date": "snart"})
    assert [row.label for row in view.shown_rows] == [
        "1.1 Tiltak 2",
        "1.1 Tiltak 3",
        "1.2 Tiltak 1",
    ]
    assert view.summary(KEYS) == (
        "Roller: Nestleder · 3 av 4 tiltak · ctrl+l: nullstill  "
        "«snart» er ikke en dato (skriv 2024-06-01 eller 1. juni 2024)"
    )


def test_row_keys_name_the_plan_and_the_measure(tmp_path):
    view = two_plans(tmp_path)
    rows = view.measure_rows()
    assert [view.row_key(row) for row in rows[3:5]] == ["0:t-4", "1:t-1"]
    plan, measure_id = view.measure_for("1:t-3")
    assert (plan.path.name, measure_id) == ("b.toml", "t-3")
    assert view.measure_for("7:t-1") is None


def test_an_edit_shows_once_the_model_changed(small_plan):
    view = view_of(small_plan)
    view.set_filters(typed("kurs"))
    assert view.shown_rows == []
    loaded = view.workspace.plans[0]
    view.workspace.set_fields(loaded, "t-2", {"text": "Arrangere kurs"})
    view.model_changed()
    assert [row.label for row in view.shown_rows] == ["1.1 Tiltak 2"]
    assert view.subtitle() == "ulagret • plan.toml"


WORKSPACE = Workspace.open([str(TEKNISK)])
LETTERS = "aeiklnorst "


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(LETTERS, max_size=5), min_size=1, max_size=6))
def test_typing_shows_what_filtering_all_rows_shows(words):
    # Typing more of a search filters only what is shown; every keystroke must still show
    # what the whole plan filtered with that text shows.
    view = View(WORKSPACE, TODAY)
    text = ""
    for word in words:
        text = text + word if len(text) < 12 else word  # mostly typing on, sometimes anew
        view.set_filters(typed(text))
        expected = matching(view.all_rows, view.criteria) if view.criteria else view.all_rows
        assert view.shown_rows == expected


TEKNISK_ROWS = Workspace.open([str(TEKNISK)]).rows()


@settings(deadline=None)
@given(
    kept=st.lists(st.booleans(), min_size=len(TEKNISK_ROWS), max_size=len(TEKNISK_ROWS)),
    words=st.lists(st.sampled_from(["tillitsvalgte", "med", "lønn", "styret", "ø", "zz"])),
)
def test_the_words_and_the_counts_are_what_each_row_says(kept, words):
    """The words are tested and the sections counted by loops in C; what they give is what
    asking each row gives: every word in its search text, and one count in every section on
    its path."""
    from collections import Counter

    from tui.domain.filters import Filter, section_counts

    rows = [row for row, keep in zip(TEKNISK_ROWS, kept, strict=True) if keep]
    criteria = Filter(text=" ".join(words), today=TODAY)
    expected = [row for row in rows if all(word in row.haystack for word in words)]
    assert matching(rows, criteria) == expected
    per_section = Counter(section for row in rows for section in row.section_ids)
    assert section_counts(rows) == per_section
