"""`set` on a big plan reads only the measure it edits (tui.store.partial): the file it writes
and what it prints are those of reading the whole plan, byte for byte; whatever the text scan
cannot vouch for falls back to the whole read."""

import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.benchmarks.workload import generate
from tui.actions import workspace
from tui.cli import main
from tui.store import partial, splice
from tui.store.newplan import dumps

from .conftest import PLANS, SMALL_PLAN, changed_lines, examples

READ_WHOLE, READ_IN_PART = 10**12, 0  # partial.WHOLE_BELOW for each way


def measure_ids(text: str) -> list[str]:
    ids = []
    pending = list(tomllib.loads(text).get("kapittel", []))
    while pending:
        section = pending.pop()
        ids += [m["id"] for m in section.get("tiltak", [])]
        pending += section.get("seksjon", [])
    return sorted(ids)


PLAN_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(PLANS.glob("*.toml"))]
PLAN_TEXTS += [SMALL_PLAN, dumps(generate(300).to_data())]
PLAN_TEXTS = [t for t in PLAN_TEXTS if measure_ids(t)]


class Spy:
    """Which way each `set` read its plan."""

    def __init__(self, monkeypatch):
        self.read_in_part: list[bool] = []
        load_measure = workspace.load_measure

        def spied(path, measure_id):
            loaded = load_measure(path, measure_id)
            self.read_in_part.append(loaded is not None)
            return loaded

        monkeypatch.setattr(workspace, "load_measure", spied)


def set_both_ways(capsys, monkeypatch, folder: Path, text: str, args: list[str]):
    """(exit code, file bytes, stderr with the path as PLAN) for each way of reading."""
    results = {}
    for way, limit in (("whole", READ_WHOLE), ("part", READ_IN_PART)):
        path = folder / way / "plan.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        monkeypatch.setattr(partial, "WHOLE_BELOW", limit)
        code = main(["set", str(path), *args])
        out, err = capsys.readouterr()
        results[way] = (code, path.read_bytes(), err.replace(str(path), "PLAN"))
    return results


FIELD_VALUES = st.one_of(
    st.tuples(st.just("status"), st.sampled_from(["fullført", "pågår", "", "avlyst", "ferdig"])),
    st.tuples(
        st.just("frist"),
        st.sampled_from(["1. juni", "2030-01-01", "", "høsten 2024", "løpende", "i morgen"]),
    ),
    st.tuples(st.just("ansvar"), st.sampled_from(["Styret", "leder, Nestleder", "Kokken", ""])),
    st.tuples(
        st.sampled_from(["kommentar", "tekst", "budsjett"]),
        st.text(alphabet=st.sampled_from("aø \"'\\\n\t#[]{}=å"), max_size=30),
    ),
)


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    plan=st.integers(0, len(PLAN_TEXTS) - 1),
    measure=st.integers(0, 10**6),
    edits=st.lists(FIELD_VALUES, min_size=1, max_size=3, unique_by=lambda e: e[0]),
)
def test_reading_in_part_writes_and_says_what_reading_whole_does(
    capsys, monkeypatch, plan, measure, edits
):
    text = PLAN_TEXTS[plan]
    ids = measure_ids(text)
    measure_id = ids[measure % len(ids)]
    spy = Spy(monkeypatch)
    with tempfile.TemporaryDirectory() as folder:
        args = [measure_id, *(f"{name}={value}" for name, value in edits)]
        results = set_both_ways(capsys, monkeypatch, Path(folder), text, args)
    assert results["part"] == results["whole"]
    assert spy.read_in_part == [False, True]  # the whole way, then in part


def test_the_example_plans_and_a_generated_one_are_read_in_part(monkeypatch, tmp_path):
    monkeypatch.setattr(partial, "WHOLE_BELOW", READ_IN_PART)
    for number, text in enumerate(PLAN_TEXTS):
        path = tmp_path / f"{number}.toml"
        path.write_text(text, encoding="utf-8")
        for measure_id in measure_ids(text):
            loaded = partial.load_measure(path, measure_id)
            assert loaded is not None, (number, measure_id)
            assert loaded.text.startswith("[[kapittel.") and f'"{measure_id}"' in loaded.text
            assert loaded.file_bytes(loaded.text) == path.read_bytes()


def test_a_small_plan_is_read_whole(tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    assert path.stat().st_size < partial.WHOLE_BELOW
    assert partial.load_measure(path, "t-1") is None


BIG = dumps(generate(300).to_data())
FIRST = measure_ids(BIG)[0]


UNVOUCHED = {  # name: (the plan's text, the reference `set` is given)
    "a reference by number": (BIG, "1.1.1"),
    "an unknown id": (BIG, "t-finnes-ikke"),
    "a section's id": (BIG, "s-000001"),
    "an id twice": (BIG.replace('id = "t-000002"', f'id = "{FIRST}"'), FIRST),
    "a record without id": (BIG.replace('id = "t-000002"\n', ""), FIRST),
    "an inline record": (BIG + '\n[[kapittel]]\nid = "k-x"\ntiltak = [{id = "t-y"}]\n', FIRST),
    "a conflict marker": (BIG.replace('id = "t-000002"', '<<<<<<< HEAD\nid = "t-000002"'), FIRST),
    "a header on the first line": ("[plan]\n" + BIG.replace("[plan]\n", ""), FIRST),
    "the record broken": (BIG.replace(f'id = "{FIRST}"\n', f'id = "{FIRST}"\ntekst = \n'), FIRST),
    "[plan] broken": (BIG.replace("[plan]\n", "[plan]\nødelagt =\n"), FIRST),
    "an extra table": (BIG + "\n[annet]\nx = 1\n", FIRST),
}


@pytest.mark.parametrize("name", UNVOUCHED)
def test_what_the_scan_cannot_vouch_for_is_read_whole(tmp_path, monkeypatch, name):
    monkeypatch.setattr(partial, "WHOLE_BELOW", READ_IN_PART)
    text, reference = UNVOUCHED[name]
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    assert partial.load_measure(path, reference) is None


def test_a_syntax_error_elsewhere_in_a_big_plan_is_left_to_check(capsys, monkeypatch, tmp_path):
    """The trade-off tui.store.partial names: the edit is made, the error stays for `check`."""
    monkeypatch.setattr(partial, "WHOLE_BELOW", READ_IN_PART)
    broken = BIG.replace(f'id = "{FIRST}"\n', f'id = "{FIRST}"\nødelagt =\n')
    path = tmp_path / "plan.toml"
    path.write_text(broken, encoding="utf-8")
    last = measure_ids(BIG)[-1]
    assert main(["set", str(path), last, "status=fullført"]) == 0
    assert changed_lines(broken, path.read_text(encoding="utf-8")) == (
        ['status = ""'],
        ['status = "fullført"'],
    )
    capsys.readouterr()
    assert main(["check", str(path)]) == 1
    line = broken[: broken.index("ødelagt")].count("\n") + 1
    assert capsys.readouterr().out.startswith(f"{path}:{line}: feil: TOML-syntaksfeil")


def test_a_record_the_splice_cannot_rewrite_is_saved_by_reading_whole(
    capsys, monkeypatch, tmp_path
):
    monkeypatch.setattr(partial, "WHOLE_BELOW", READ_IN_PART)
    spy = Spy(monkeypatch)
    splice_text = splice.splice
    calls = []

    def first_call_fails(*args, **kwargs):
        calls.append(1)
        return None if len(calls) == 1 else splice_text(*args, **kwargs)

    monkeypatch.setattr(splice, "splice", first_call_fails)
    path = tmp_path / "plan.toml"
    path.write_text(BIG, encoding="utf-8")
    assert main(["set", str(path), FIRST, "status=fullført"]) == 0
    assert spy.read_in_part == [True]  # then NeedsWholePlan, and the whole read
    assert capsys.readouterr().err == f"lagret {path}\n"
    assert changed_lines(BIG, path.read_text(encoding="utf-8")) == (
        ['status = ""'],
        ['status = "fullført"'],
    )
