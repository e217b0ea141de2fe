import pytest

from tui.domain.roles import (
    canonical,
    has_role,
    match_key,
    nearest,
    resolve_all,
    split_responsibility,
)


@pytest.mark.parametrize(
    ("written", "role"),
    [
        ("Yrkesseksjons ledere", "Yrkesseksjonsledere"),
        ("Yrkesseksjons lederer", "Yrkesseksjonsledere"),
        ("Yrkesseksjonsleder", "Yrkesseksjonsledere"),
        ("AU", "Arbeidsutvalget"),
        ("Arbeidsutvalget", "Arbeidsutvalget"),
        ("Hovedtillitsvalgt", "Hovedtillitsvalgte"),
        ("Klubbleder", "Klubbledere"),
        ("Fane 2 ansvarlig.", "Fane 2-ansvarlig"),
        ("Fane2 ansvarlig", "Fane 2-ansvarlig"),
        ("nestleder", "Nestleder"),
        ("Ungdomsansvarlig", "Ungdomstillitsvalgt"),
    ],
)
def test_spellings_map_to_one_role(written, role):
    assert canonical(written) == role


def test_unknown_role_and_nearest():
    assert canonical("Kokk") is None
    assert nearest("Nesteleder") == "Nestleder"


@pytest.mark.parametrize(
    ("text", "roles", "qualifier"),
    [
        ("Leder\\nestleder", ["Leder", "nestleder"], ""),
        (
            "Leder etter innspill fra yrkesseksjoner.",
            ["Leder"],
            "etter innspill fra yrkesseksjoner",
        ),
        ("Nestleder med bistand fra klubbledere", ["Nestleder"], "med bistand fra klubbledere"),
        ("Klubbledere og utvalgsledere", ["Klubbledere", "utvalgsledere"], ""),
        (
            "Frikjøpte tillitsvalgte\nLeder\\nestleder",
            ["Frikjøpte tillitsvalgte", "Leder", "nestleder"],
            "",
        ),
        (
            "Puff/pensjonister og uføre og Resten av styret",
            ["Puff/pensjonister og uføre", "Resten av styret"],
            "",
        ),
    ],
)
def test_split_responsibility_keeps_everything(text, roles, qualifier):
    result = split_responsibility(text)
    assert (result.roles, result.qualifier) == (roles, qualifier)


def test_filter_finds_measure_under_every_role_it_names():
    resolved = resolve_all(("Leder", "nestleder", "Leder"))
    assert resolved == ("Leder", "Nestleder")
    assert has_role(resolved, match_key("Leder"))
    assert has_role(resolved, match_key("nestledere"))
    assert not has_role(resolved, match_key("Styret"))
    assert has_role(resolve_all(("Yrkesseksjons lederer",)), match_key("yrkesseksjonsleder"))
    assert has_role(resolve_all(("Ungdomskontakt Vest",)), match_key(" ungdomskontakt  vest"))


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("Nestleader", "Nestleder"),
        ("sekreterer", "Sekretær"),
        ("Informasjonsansvarlig", None),  # a role of its own, not «Opplæringsansvarlig»
        ("Politisk utvalg", None),  # not «Pensjonistutvalget»
        ("Organisasjonstillitsvalgt", None),  # not «Plasstillitsvalgte»
    ],
)
def test_the_nearest_role_is_offered_only_when_it_is_a_misspelling(written, hint):
    assert nearest(written) == hint
