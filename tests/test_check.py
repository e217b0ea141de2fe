"""`check`: each kind of finding as the exact line the secretary sees."""

import subprocess
import sys
from pathlib import Path

import pytest

from tui import texts
from tui.actions.check import check_file

from .conftest import PLANS, ROOT, SMALL_PLAN

HANDLINGSPLAN = Path(sys.executable).parent / "handlingsplan"


def findings(tmp_path, text):
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return [str(f).replace(f"{path}:", "") for f in check_file(path)]


def test_clean_plan_has_no_findings(tmp_path):
    assert findings(tmp_path, SMALL_PLAN) == []


def test_each_kind_of_finding(tmp_path):
    text = (
        SMALL_PLAN.replace('frist = "1. juni"', 'frist = "31.21.2021"')
        .replace('frist = "1. desember"', 'frist = "01.07.2020"')
        .replace('ansvar = ["Styret"]', 'ansvar = ["Nesteleder"]')
        .replace('tekst = "Kreve tariffavtaler"', 'tekst = " "')
        .replace('id = "t-4"', 'id = "t-2"')
        .replace('status = "pågår"', 'status = "ferdig"')
        .replace('tittel = "Verving"', 'tittel = "Verving"\nfarge = "rød"')
        .replace('kommentar = ""  # hand', "kommentar = 3  # hand")
    )
    assert findings(tmp_path, text) == [
        "35: advarsel: ukjent rolle «Nesteleder»; nærmeste kjente er «Nestleder»",
        "37: feil: ugyldig frist «31.21.2021»: måned 21 finnes ikke",
        "39: feil: «kommentar» i tiltak skal være tekst, men er et tall",
        "48: advarsel: fristen «01.07.2020» (1. juli 2020) ligger utenfor planperioden 2024–2025",
        "56: advarsel: tiltaket har ingen tekst",
        "60: feil: ukjent status «ferdig»; bruk en av: ikke startet, pågår, fullført, utsatt, avlyst",
        "68: advarsel: ukjent felt «farge» i seksjon (beholdes)",
        "72: feil: id «t-2» er brukt før (linje 44); hver id skal være unik",
    ]


def test_wrong_structure(tmp_path):
    text = SMALL_PLAN.replace(
        'ansvar = ["Nestleder"]\nansvar_merknad = ""\nfrist = "1. mars',
        'ansvar = "Nestleder"\nansvar_merknad = ""\nfrist = "1. mars',
    )
    text += '\n[[kapittel.seksjon.tiltak.seksjon]]\nid = "s-x"\ntittel = "Feil plassert"\n'
    assert findings(tmp_path, text) == [
        "73: feil: «ansvar» i tiltak skal være en liste med roller, men er tekst",
        "81: feil: «seksjon» kan ikke stå i et tiltak; seksjoner og kapitler kan ikke ligge "
        "inne i et tiltak",
    ]


def test_missing_plan_table_and_period(tmp_path):
    text = SMALL_PLAN.replace('periode = "2024–2025"', 'periode = "snart"')
    assert findings(tmp_path, text) == [
        "8: feil: perioden «snart» har ikke noe årstall (skriv f.eks. 2024–2025)"
    ]
    assert findings(tmp_path, "format = 1\n") == [
        "1: feil: mangler [plan]-tabellen med organisasjon, tittel og periode"
    ]


def test_example_plans_report_only_the_sources_own_mistakes():
    found = [str(f).split("/")[-1] for f in check_file(PLANS / "follo-2023.toml")]
    assert [f for f in found if ": feil: " in f] == []
    # The source's activity rows with no activity text (4.6, 5.1, 5.6, 6.1, 6.2) carry their
    # numbered row's text since the import reads them as that row's activity (issue 16).
    assert [f for f in found if f.endswith(": advarsel: tiltaket har ingen tekst")] == []
    teknisk = [str(f) for f in check_file(PLANS / "teknisk-fagforening-oslo-2024-2025.toml")]
    assert len(teknisk) == 1
    assert teknisk[0].endswith(
        "advarsel: datoen «V1,14.03.2023» (14. mars 2023) i aktivitetsplanen ligger utenfor "
        "perioden 2024–2025"
    )
    assert check_file(PLANS / "oslo-2024.toml") == []


def test_a_newcomers_first_check_of_the_shipped_plans_is_clean():
    """`handlingsplan check plans/` as typed in a fresh clone: warnings only, exit 0."""
    result = subprocess.run(
        [str(HANDLINGSPLAN), "check", "plans/"], cwd=ROOT, capture_output=True, text=True
    )
    assert (result.returncode, result.stderr) == (0, "0 feil og 11 advarsler i 3 planer\n")
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == ["advarsel"] * 11


def test_a_duplicate_or_missing_id_stays_an_error_that_blocks_editing(tmp_path):
    text = SMALL_PLAN.replace('id = "t-4"', 'id = "t-2"').replace('id = "t-3"\n', "")
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    found = check_file(path)
    assert [(str(f).replace(f"{path}:", ""), f.blocks_editing) for f in found] == [
        ("54: feil: tiltak mangler id; legg til en unik id som første felt", True),
        ("70: feil: id «t-2» er brukt før (linje 44); hver id skal være unik", True),
    ]


def test_line_numbers_count_only_the_line_breaks_toml_knows(tmp_path):
    """NEL and U+2028 inside a TOML string are text, not line breaks (str.splitlines would
    count them, and every finding below would name the wrong line)."""
    text = SMALL_PLAN.replace('periode = "2024–2025"', 'periode = "2024–2025\u0085\u2028"')
    text = text.replace('frist = "1. juni"', 'frist = "31.21.2021"')
    line = text.split("\n").index('frist = "31.21.2021"') + 1
    assert findings(tmp_path, text) == [
        f"{line}: feil: ugyldig frist «31.21.2021»: måned 21 finnes ikke"
    ]


@pytest.mark.parametrize(
    ("count", "noun", "said"),
    [
        (0, texts.WARNINGS, "0 advarsler"),
        (1, texts.WARNINGS, "1 advarsel"),
        (2, texts.WARNINGS, "2 advarsler"),
        (1, texts.PLANS, "1 plan"),
        (1, texts.CELLS, "1 celle"),
        (1, texts.ERRORS, "1 feil"),
        (3, texts.ERRORS, "3 feil"),
    ],
)
def test_counts_take_their_noun_in_the_right_number(count, noun, said):
    assert texts.amount(count, noun) == said


def test_one_plan_with_one_warning_is_said_in_the_singular(tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text(SMALL_PLAN.replace('"Nestleder"', '"Nestleader"', 1), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "check", str(plan)], capture_output=True, text=True
    )
    assert result.stderr.splitlines()[-1] == "0 feil og 1 advarsel i 1 plan"
