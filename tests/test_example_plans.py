"""plans/ holds the three seed plans faithfully: checked against the source text itself."""

import re

import pytest

from tui.domain.roles import resolve_all
from tui.store.storage import load

from .conftest import PLANS, SEEDS

TEKNISK = PLANS / "teknisk-fagforening-oslo-2024-2025.toml"
OSLO = PLANS / "oslo-2024.toml"
FOLLO = PLANS / "follo-2023.toml"

SOURCE_MEASURE = re.compile(
    r"^Tiltak/aktivitet\s*\d*:\s*(?P<text>.*?)\s*\n\s*Ansvar:\s*(?P<ansvar>.*?)\s*\n"
    r"\s*Frist:\s*(?P<frist>.*?)\s*$",
    re.MULTILINE,
)


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"[0-9a-zæøå]+", text.lower()) if w != "og"]


def source(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8-sig").replace("\u00a0", " ")


def test_seed_000_measures_match_one_for_one():
    expected = list(SOURCE_MEASURE.finditer(source("000_bd92058c9d28d601.txt")))
    measures = [ref.measure for ref in load(TEKNISK).plan.measures()]
    assert len(expected) == len(measures) == 32
    for match, measure in zip(expected, measures, strict=True):
        assert " ".join(measure.text.split()) == " ".join(match["text"].split())
        assert measure.deadline == match["frist"]
        written = " ".join(measure.responsible) + " " + measure.qualifier
        assert words(written) == words(match["ansvar"])


def test_seed_000_structure():
    plan = load(TEKNISK).plan
    numbers = {ref.number: ref.section.title for ref in plan.walk() if ref.number}
    assert numbers["3.3.3.1"] == "Media"
    assert numbers["3.8.1"] == "Flere faste bidragsytere til Fagforbundets SOS-barneby"
    calendars = {
        b.data["utvalg"]: b.data["aktiviteter"]
        for ref in plan.walk()
        for b in ref.section.blocks
        if b.type == "kalender"
    }
    assert {k: len(v) for k, v in calendars.items()} == {
        "Skoleringsutvalget": 5,
        "Ungdomsutvalget": 11,
        "Yrkesseksjon Samferdsel og teknisk": 0,
        "Yrkesseksjon kontor og administrasjon": 0,
        "Pensjonist utvalget": 10,
        "Styret/arbeidsutvalget": 44,
    }
    assert calendars["Styret/arbeidsutvalget"][10] == {
        "dato": "18-19.04.2024",
        "aktivitet": "Styremøte",
        "maalgruppe": "Styret",
    } or any(e["dato"] == "18-19.04.2024" for e in calendars["Styret/arbeidsutvalget"])
    tables = [b.data for ref in plan.walk() for b in ref.section.blocks if b.type == "tabell"]
    assert tables[1] == {
        **tables[1],
        "kolonner": ["Tariffområde", "31.12.2023", "Mål 2024"],
        "rader": [
            ["Oslo Kommune", "", "42"],
            ["Spekter", "", "7"],
            ["Virke", "", "1"],
            ["NHO", "", "34"],
        ],
    }
    goals = [b.data for ref in plan.walk() for b in ref.section.blocks if b.type == "mål"]
    numeric = next(g for g in goals if g["maaltall"])
    assert numeric["maaltall"][0] == {"hva": "Oslo kommune", "antall": 42, "enhet": "nye medlemmer"}
    assert [t["hva"] for t in numeric["maaltall"]] == ["Oslo kommune", "Spekter", "MHO", "VIRKE"]


def test_seed_001_lists_and_prose():
    plan = load(OSLO).plan
    lists = [b.data for ref in plan.walk() for b in ref.section.blocks if b.type == "liste"]
    text = source("001_50ecb35919722b4f.txt")
    assert sum(1 for b in lists if b["tittel"].startswith("Fagforeningens tiltak")) == len(
        re.findall(r"^Fagforeningens tiltak", text, re.MULTILINE)
    )
    bullets = re.findall(r"^· (.*?)\s*$", text, re.MULTILINE)
    items = [item for b in lists for item in b["punkter"]]
    assert items == [" ".join(b.split()) for b in bullets]
    assert sum(1 for _ in plan.measures()) == 0  # responsibility is prose in this plan


def test_seed_004_numbered_measures_and_activities():
    plan = load(FOLLO).plan
    numbered = [ref for ref in plan.walk() if ref.depth == 2 and ref.number]
    text = source("004_b2a440325daf48ce.txt")
    source_numbers = re.findall(r"^\t *(\d\.\d)\.?[ \t]", text, re.MULTILINE)
    assert [ref.number for ref in numbered] == source_numbers
    by_number = {ref.number: ref.section for ref in numbered}
    assert [m.text for m in by_number["1.4"].measures] == [
        "Bruke lister fra arbeidsgiver.",
        "De hovedtillitsvalgte/ Frikjøpte tillitsvalgte må ha oversikt der det er ujevne "
        "skjevheter/ lønns forskjell",
        "Opplæring av tillitsvalgte",
        "Innhente faglige argumenter for lønnsforhandlinger fra yrkesseksjonene",
    ]
    first = by_number["1.1"].measures[1]
    assert first.responsible == [
        "Lederer av KS klubb",
        "Frikjøpte tillitsvalgte",
        "Leder",
        "nestleder",
    ]
    assert first.deadline == "Kontinuerlig"
    assert by_number["2.3"].measures[0].comment == "Informerer fagforeningen"
    assert sum(1 for _ in plan.measures()) == 56


@pytest.mark.parametrize("path", [TEKNISK, OSLO, FOLLO], ids=lambda p: p.stem)
def test_every_role_is_resolvable(path):
    for ref in load(path).plan.measures():
        for name in ref.measure.responsible:
            assert resolve_all((name,)), name
