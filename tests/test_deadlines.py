from datetime import date

import pytest

from tui.deadlines import (
    DATE,
    EVENT,
    INVALID,
    MONTH,
    NONE,
    ONGOING,
    RANGE,
    SEASON,
    Period,
    parse_deadline,
    parse_period,
    parse_user_date,
)  # fmt: skip

PERIOD = Period(2024, 2025)


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("1. juni", DATE, date(2024, 6, 1), date(2024, 6, 1)),
        ("1. Desember", DATE, date(2024, 12, 1), date(2024, 12, 1)),
        ("1. desember 2024", DATE, date(2024, 12, 1), date(2024, 12, 1)),
        ("1. mars 2025 ", DATE, date(2025, 3, 1), date(2025, 3, 1)),
        ("31. desember", DATE, date(2024, 12, 31), date(2024, 12, 31)),
        ("31.12.2024", DATE, date(2024, 12, 31), date(2024, 12, 31)),
        ("01.12.2024", DATE, date(2024, 12, 1), date(2024, 12, 1)),
        ("2024-06-01", DATE, date(2024, 6, 1), date(2024, 6, 1)),
        ("Innen oktober", MONTH, date(2024, 10, 1), date(2024, 10, 31)),
        ("oktober 2025", MONTH, date(2025, 10, 1), date(2025, 10, 31)),
        ("Februar/Mars", MONTH, date(2024, 2, 1), date(2024, 3, 31)),
        ("Høst", SEASON, date(2024, 9, 1), date(2024, 11, 30)),
        ("Vår/Sommer", SEASON, date(2024, 3, 1), date(2024, 8, 31)),
        ("Sen sommer", SEASON, date(2024, 8, 1), date(2024, 8, 31)),
        ("18-19.04.2024", RANGE, date(2024, 4, 18), date(2024, 4, 19)),
        ("V1, 20.02.2024", DATE, date(2024, 2, 20), date(2024, 2, 20)),
        ("Kontinuerlig", ONGOING, None, None),
        ("14 dager etter endt oppgjør", EVENT, None, None),
        ("", NONE, None, None),
    ],
)
def test_deadline_forms(text, kind, start, end):
    parsed = parse_deadline(text, PERIOD)
    assert (parsed.kind, parsed.start, parsed.end) == (kind, start, end)
    assert parsed.text == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31.21.2021", "måned 21 finnes ikke"),
        ("31.02.2024", "februar 2024 har ikke dag 31"),
        ("30. februar", "februar 2024 har ikke dag 30"),
        ("snart", "«snart» er ikke en dato, måned eller årstid"),
    ],
)
def test_invalid_deadlines_say_why(text, reason):
    parsed = parse_deadline(text, PERIOD)
    assert parsed.kind == INVALID
    assert parsed.reason == reason


def test_overdue_means_past_the_end_of_the_range():
    october = parse_deadline("Innen oktober", PERIOD)
    assert not october.is_overdue(date(2024, 10, 31))
    assert october.is_overdue(date(2024, 11, 1))
    assert not parse_deadline("Kontinuerlig", PERIOD).is_overdue(date(2099, 1, 1))


def test_sorting_across_kinds():
    texts = ["Kontinuerlig", "1. desember", "Innen oktober", "", "14 dager etter endt oppgjør",
             "1. juni", "31.21.2021", "Høst"]  # fmt: skip
    ordered = sorted((parse_deadline(t, PERIOD) for t in texts), key=lambda d: d.sort_key())
    assert [d.text for d in ordered] == [
        "1. juni", "Innen oktober", "Høst", "1. desember", "Kontinuerlig",
        "14 dager etter endt oppgjør", "", "31.21.2021",
    ]  # fmt: skip


def test_period_and_user_dates():
    assert parse_period("2024–2025") == Period(2024, 2025)
    assert parse_period("2023") == Period(2023, 2023)
    assert parse_period("snart") is None
    today = date(2024, 3, 1)
    assert parse_user_date("2024-07-01", today) == date(2024, 7, 1)
    assert parse_user_date("1. juni 2024", today) == date(2024, 6, 1)
    assert parse_user_date("1. juni", today) == date(2024, 6, 1)
    assert parse_user_date("juni", today) == date(2024, 6, 1)
    assert parse_user_date("i morgen", today) is None


def test_describe():
    assert parse_deadline("1. juni", PERIOD).describe() == "1. juni 2024"
    assert (
        parse_deadline("Innen oktober", PERIOD).describe() == "1. oktober 2024 – 31. oktober 2024"
    )
    assert parse_deadline("31.21.2021", PERIOD).describe() == "ugyldig: måned 21 finnes ikke"
