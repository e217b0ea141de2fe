"""The plans are read with tomli's compiled build; these tests hold it to tomllib: the same
data for every plan, and the same verdict and error text for broken ones (which is what the
one-line FILE:LINE messages are made from)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.benchmarks.workload import generate
from tui.store.storage import PlanError, dumps, load
from tui.texts import toml_detail

ROOT = Path(__file__).resolve().parents[1]
PLAN_FILES = sorted(ROOT.glob("plans/*.toml")) + sorted(ROOT.glob("tests/data/**/*.toml"))


def verdict(parse, text: str):
    try:
        return "data", repr(parse(text))  # repr: nan equals itself
    except (tomllib.TOMLDecodeError, tomli.TOMLDecodeError) as error:
        return "error", str(error)
    except RecursionError:
        return "error", "too deep"


def test_every_plan_in_the_repository_reads_the_same():
    assert len(PLAN_FILES) > 30
    for path in PLAN_FILES:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        assert verdict(tomli.loads, text) == verdict(tomllib.loads, text), path


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=0, max_value=300), st.integers(min_value=1, max_value=10**6))
def test_generated_plans_read_the_same(measures, seed):
    text = dumps(generate(measures, seed).to_data())
    assert tomli.loads(text) == tomllib.loads(text)


TOML_PIECES = st.sampled_from(
    [
        "a = 1\n",
        "[t]\n",
        "[[r]]\n",
        'id = "x"\n',
        "b = [1, 2,]\n",
        "c = {x = 1}\n",
        "c = {x = 1,}\n",
        'd = """\nline\n"""\n',
        "e = 'lit'\n",
        "f = 1979-05-27\n",
        "g = 07:32\n",
        "h = 07:32:00\n",
        "i = 1e1000\n",
        "j = nan\n",
        'k = "\\e"\n',
        'l = "\\u00e9"\n',
        "m = 0x_1\n",
        "n = +inf\n",
        "# note\n",
        "\r\n",
        "=\n",
        "[\n",
        'o = "x\n',
        "p = [\n",
        "q = {a = 1,\n b = 2}\n",
        "a.b = 1\n",
        "t = true\n",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(TOML_PIECES, st.text(max_size=8)), max_size=12))
def test_any_text_gets_the_same_verdict_and_error(pieces):
    text = "".join(pieces)
    assert verdict(tomli.loads, text) == verdict(tomllib.loads, text)


MARKER_PIECES = st.sampled_from(
    ["<<<<<<< HEAD", "=======", ">>>>>>> b", "|||||||", "<<<<<<<<", " =======", "a = 1"]
)
BREAKS = st.sampled_from(["\n", "\r\n", "\r", "\x85", "\u2028", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(MARKER_PIECES, BREAKS), max_size=8))
def test_a_conflict_marker_is_named_at_the_line_an_editor_shows(lines):
    from tui.store.storage import ConflictMarkers, parse_text, toml_lines

    text = "".join(piece + end for piece, end in lines)
    expected = next(
        (n for n, line in enumerate(toml_lines(text), 1) if re.match(OLD_MARKER, line)), None
    )
    try:
        parse_text(Path("p.toml"), text or "x")
    except ConflictMarkers as error:
        assert error.line == expected
    except PlanError:
        assert expected is None
    else:
        assert expected is None


OLD_MARKER = r"^(<{7}|={7}|>{7}|\|{7})(\s|$)"  # matched line by line, as before the one scan


def _parser_messages() -> list[str]:
    """Every message tomli's parser raises, its f-string parts filled in as they would be."""
    source = (Path(tomli.__file__).parent / "_parser.py").read_text(encoding="utf-8")
    found = re.findall(r'(?:suffixed_err|TOMLDecodeError)\(\s*(f?)"((?:[^"\\]|\\.)*)"', source)
    messages = []
    for is_f, text in found:
        text = text.encode().decode("unicode_escape")
        messages.append(re.sub(r"\{[^}]*\}", "'x'", text) if is_f else text)
    return sorted(set(messages))


@pytest.mark.parametrize("message", _parser_messages())
def test_every_message_of_the_toml_parser_is_said_in_norwegian(message):
    assert toml_detail(message) != message


def test_a_string_left_open_is_named_as_such(tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text('[plan]\ntittel = "Handlingsplan\n', encoding="utf-8")
    with pytest.raises(PlanError) as error:
        load(plan)
    assert str(error.value) == (
        f"{plan}:2: TOML-syntaksfeil i kolonne 24: teksten mangler avsluttende anførselstegn på "
        "linjen; rett linjen og prøv igjen"
    )
