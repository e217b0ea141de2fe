"""The plans are read by tui.store.tomlread: toml_rs (compiled, TOML 1.0) for big plans,
tomli's compiled build for the rest and for every verdict on a broken file. These tests hold
both to tomllib: the same data for every plan, the same verdict for any text, and the same
error text for broken ones (which is what the one-line FILE:LINE messages are made from)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import toml_rs
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.benchmarks.workload import generate
from tui.store import tomlread
from tui.store.newplan import dumps
from tui.store.storage import PlanError, load
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


def compiled(text: str):
    """The compiled reader as tomlread calls it for a big plan."""
    try:
        return "data", repr(toml_rs.loads(text, toml_version="1.0.0"))
    except toml_rs.TOMLDecodeError:
        return "error", ""


def tomllib_verdict(text: str):
    """tomllib's verdict without its message: toml_rs words its errors its own way, and
    tomlread has tomli word them."""
    kind, data = verdict(tomllib.loads, text)
    return (kind, data if kind == "data" else "")


def test_every_plan_in_the_repository_reads_the_same():
    assert len(PLAN_FILES) > 30
    for path in PLAN_FILES:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        assert verdict(tomli.loads, text) == verdict(tomllib.loads, text), path
        assert verdict(tomlread.loads, text) == verdict(tomllib.loads, text), path
        if tomlread.nesting_bound(text) <= tomlread.NESTING_ALLOWED:
            assert compiled(text) == tomllib_verdict(text), path


def test_a_big_plan_is_read_by_the_compiled_parser_with_the_same_data(monkeypatch):
    text = dumps(generate(400).to_data())
    assert len(text) > tomlread.COMPILED_FROM
    calls = []
    monkeypatch.setattr(toml_rs, "loads", lambda *a, **k: calls.append(1) or RS_LOADS(*a, **k))
    assert tomlread.loads(text) == tomllib.loads(text)
    assert calls == [1]
    broken = text + 'x = "open\n'
    with pytest.raises(tomlread.TOMLDecodeError) as error:  # tomli's message, not toml_rs's
        tomlread.loads(broken)
    with pytest.raises(tomllib.TOMLDecodeError) as expected:
        tomllib.loads(broken)
    assert str(error.value) == str(expected.value)


RS_LOADS = toml_rs.loads


@pytest.mark.parametrize(
    "nested",
    [
        "[" * 100_000 + "]" * 100_000,
        "[" * 100_000,
        "[1, " * 100_000,
        "[ # c\n" * 100_000,
        "{a = " * 100_000,
        "[\n" * 100_000 + "]\n" * 100_000,
    ],
    ids=["closed", "open", "after-commas", "after-comments", "inline-tables", "over-lines"],
)
def test_deep_nesting_in_a_big_plan_is_one_line_not_a_crash(tmp_path, nested):
    """toml_rs has no limit on nesting and crashes the process a few thousand levels down;
    tomlread keeps such text from it. In a child process, so a crash fails this test only."""
    plan = tmp_path / "plan.toml"
    plan.write_text(dumps(generate(400).to_data()) + f"dyp = {nested}\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "tui", "check", str(plan)], capture_output=True, text=True
    )
    assert done.returncode == 1, done.stderr
    [line] = done.stdout.splitlines()
    assert line.startswith(f"{plan}:") and ": feil: " in line


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                ["[", "]", "[[", "{a = ", "}", ",", " ", "\n", "# c\n", "1", '"[', "a = "]
            ),
            st.text(max_size=3),
        ),
        max_size=40,
    )
)
def test_the_nesting_bound_holds_for_any_text(pieces):
    """What keeps nested text from toml_rs: values nest no deeper than the bound says."""
    text = "a = " + "".join(pieces)
    depth = max_array_depth(text)
    assert depth is None or depth <= 2 * tomlread.nesting_bound(text) + 2, text


def test_a_plan_with_tables_and_a_calendar_is_read_by_the_compiled_parser():
    text = (ROOT / "plans" / "teknisk-fagforening-oslo-2024-2025.toml").read_text(encoding="utf-8")
    assert 0 < tomlread.nesting_bound(text) <= tomlread.NESTING_ALLOWED
    big = text + "\n".join(f"# fyll {n} {'x' * 60}" for n in range(1000))
    assert tomlread._compiled_reads_safely(big)
    assert tomlread.loads(big) == tomllib.loads(big)


def max_array_depth(text: str) -> int | None:
    """How deep arrays nest in a valid TOML text (None when tomllib refuses it)."""
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return None

    def depth(value) -> int:  # a table counts too: inline tables cannot be told from others
        if isinstance(value, list):
            return 1 + max(map(depth, value), default=0)
        if isinstance(value, dict):
            return 1 + max(map(depth, value.values()), default=0)
        return 0

    return max((depth(v) for v in data.values()), default=0)


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
    if not text.startswith("\ufeff"):  # tomlread hands a text with a BOM to tomli
        assert compiled(text) == tomllib_verdict(text)


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


def test_the_nesting_guard_reads_any_run_of_hashes_in_one_pass():
    """The guard's regular expression once split a run of "#" after "[" in exponentially
    many ways: 30 of them in a text field of a big plan held `list` for a minute. In a child
    process with a limit far above the milliseconds it takes, so a relapse fails, not hangs."""
    script = (
        "from tui.store.tomlread import nesting_bound\n"
        "for run in ('#' * 40, '# ' * 40, '#\\n' * 40, ' #' * 40):\n"
        "    for start in ('a = [ ', 'a = [1, ', 'x = \"[ '):\n"
        "        assert nesting_bound(start + run + ' x') == 0\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=30)
    assert done.returncode == 0, done.stderr
