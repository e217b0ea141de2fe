import difflib
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
# Copies of ../shared/seeds (the ground truth), so the suite runs in any clone.
SEEDS = ROOT / "tests" / "data" / "seeds"

SMALL_PLAN = '''\
# Handlingsplan for testing
format = 1

[plan]
organisasjon = "Fagforbundet Testby"
avdeling = "999"
tittel = "Handlingsplan 2024–2025"
periode = "2024–2025"
vedtatt = "2024-01-30"

[[kapittel]]
id = "k-1"
tittel = "Målsettinger"
nummerert = true

[[kapittel.seksjon]]
id = "s-1"
tittel = "Heltid"
nummerert = true

[[kapittel.seksjon.innhold]]
id = "b-1"
type = "liste"
tittel = "Overordna mål"
punkter = [
    "Færre jobber deltid.",
    "Lønnsgapet blir mindre.",
]

[[kapittel.seksjon.tiltak]]
id = "t-1"
tekst = """
Påse at klubbene har ett drøftingsmøte
om bruk av deltid."""
ansvar = ["Styret"]
ansvar_merknad = ""
frist = "1. juni"
status = ""
kommentar = ""  # hand-written comment stays
budsjett = ""
prosjektnr = ""

[[kapittel.seksjon.tiltak]]
id = "t-2"
tekst = "Klarlegge vervemålene"
ansvar = ["Nestleder"]
ansvar_merknad = ""
frist = "1. desember"
status = ""
kommentar = ""
budsjett = ""
prosjektnr = ""

[[kapittel.seksjon.tiltak]]
id = "t-3"
tekst = "Kreve tariffavtaler"
ansvar = ["Leder", "Nestleder"]
ansvar_merknad = "etter innspill fra yrkesseksjoner"
frist = "Kontinuerlig"
status = "pågår"
kommentar = ""
budsjett = ""
prosjektnr = ""

[[kapittel.seksjon]]
id = "s-2"
tittel = "Verving"
nummerert = true

[[kapittel.seksjon.tiltak]]
id = "t-4"
tekst = "Verve opp NHO 521 området"
ansvar = ["Nestleder"]
ansvar_merknad = ""
frist = "1. mars 2025"
status = ""
kommentar = ""
budsjett = ""
prosjektnr = ""
'''


@pytest.fixture
def small_plan(tmp_path) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    return path


@pytest.fixture
def plans_copy(tmp_path) -> Path:
    target = tmp_path / "plans"
    shutil.copytree(PLANS, target)
    return target


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(removed, added) lines, as `git diff` would show them."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def pytest_addoption(parser):
    parser.addoption(
        "--long-faults",
        action="store_true",
        help="kill the saving process 2,000 times instead of 200",
    )


@pytest.fixture(autouse=True)
def _own_state_folder(tmp_path, monkeypatch):
    """Recovery journals and the error log go to the test's folder, never ~/.local/state."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


# HANDLINGSPLAN_LONG_PROPERTIES=1 runs every property test with 16x its examples (README).
LONG_PROPERTIES = bool(os.environ.get("HANDLINGSPLAN_LONG_PROPERTIES"))


def examples(default: int) -> int:
    """How many examples a property test runs: its default, or 16x that in the long run."""
    return default * 16 if LONG_PROPERTIES else default


def without_ids(value):
    """A plan's data with its ids left out: an import draws them at random."""
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value
