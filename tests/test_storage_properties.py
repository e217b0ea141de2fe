"""Random plans, random edits: every save reloads to the edited model and leaves the
text of every record it did not edit byte-identical."""

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.domain.model import Measure, Plan, Section
from tui.store.newplan import dumps
from tui.store.storage import load, save
from tui.store.tomlpatch import same

from .conftest import examples

# Text with everything that is hard to write into TOML.
TRICKY = st.sampled_from(['"""', '"', "\\", "\t", "æøå ÆØÅ", "🙂", "\n", "'''", "#", "[[x]]", " "])
TEXT = st.lists(st.one_of(st.text(min_size=1, max_size=8), TRICKY), max_size=6).map("".join)
FIELD = st.sampled_from(["tekst", "frist", "status", "kommentar", "ansvar_merknad", "budsjett"])


def measure(index: int, text: str) -> dict:
    return Measure.new(f"t-{index}", tekst=text, ansvar=["Styret"], frist="1. juni").data


@st.composite
def plans(draw):
    counter = 0
    chapters = []
    for c in range(draw(st.integers(1, 3))):
        sections = []
        for s in range(draw(st.integers(1, 3))):
            items = []
            for _ in range(draw(st.integers(0, 4))):
                counter += 1
                items.append(measure(counter, draw(TEXT)))
            section = {"id": f"s-{c}-{s}", "tittel": f"S{s}", "nummerert": True}
            if items:
                section["tiltak"] = items
            sections.append(section)
        chapters.append({"id": f"k-{c}", "tittel": f"K{c}", "nummerert": True, "seksjon": sections})
    return {"format": 1, "plan": {"tittel": "P", "periode": "2024"}, "kapittel": chapters}


MULTILINE_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""', re.DOTALL)

EDIT = st.tuples(
    st.sampled_from(["change", "add", "delete", "move"]),
    st.integers(0, 1000),
    st.integers(0, 1000),
    FIELD,
    TEXT,
)


def all_sections(plan: Plan) -> list[Section]:
    return [ref.section for ref in plan.walk()]


def apply_edit(plan: Plan, edit, fresh_id: int) -> set[str]:
    """Apply one edit; returns the ids whose text may legitimately change."""
    kind, a, b, field, text = edit
    sections = all_sections(plan)
    refs = list(plan.measures())
    if kind == "change" and refs:
        target = refs[a % len(refs)].measure
        target.data[field] = text
        return {target.id}
    if kind == "add":
        section = sections[a % len(sections)]
        new = Measure(measure(fresh_id, text))
        section.measures.insert(b % (len(section.measures) + 1), new)
        return {new.id}
    if kind == "delete" and refs:
        ref = refs[a % len(refs)]
        ref.section.section.measures.remove(ref.measure)
        return {ref.measure.id}
    if kind == "move" and refs:
        ref = refs[a % len(refs)]
        ref.section.section.measures.remove(ref.measure)
        section = sections[b % len(sections)]
        section.measures.insert(b % (len(section.measures) + 1), ref.measure)
        return {ref.measure.id}
    return set()


def record_blocks(text: str) -> dict[str, str]:
    """The text of each measure's block, keyed by id."""
    blocks = {}
    for chunk in re.split(r"(?m)^(?=\[\[)", text):
        match = re.search(r'^id = "(t-\d+)"', chunk, re.MULTILINE)
        if match and chunk.startswith("[[kapittel.seksjon.tiltak]]"):
            blocks[match.group(1)] = chunk.rstrip("\n")
    return blocks


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=plans(), edits=st.lists(EDIT, min_size=1, max_size=6))
def test_random_edits_save_exactly_what_changed(data, edits):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.toml"
        path.write_text(dumps(data), encoding="utf-8")
        loaded = load(path)
        for step, edit in enumerate(edits):
            before = path.read_text(encoding="utf-8")
            touched = apply_edit(loaded.plan, edit, 10_000 + step)
            save(loaded)
            after = path.read_text(encoding="utf-8")

            assert same(load(path).data, loaded.plan.to_data())
            old_blocks, new_blocks = record_blocks(before), record_blocks(after)
            for record_id, block in old_blocks.items():
                if record_id not in touched and record_id in new_blocks:
                    assert new_blocks[record_id] == block
            assert "\n\n\n" not in MULTILINE_STRING.sub('""', after)


# --- the fast save for added, deleted and moved measures -----------------------------------


def both_saves(loaded) -> tuple[str | None, str]:
    """What the fast save would write (None: it falls back) and what the full patch writes."""
    from tui.store import splice, storage

    return storage._splice(loaded, splice.baseline(loaded.plan)), storage._full_render(loaded)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=plans(), edits=st.lists(EDIT, min_size=1, max_size=8), crlf=st.booleans())
def test_fast_save_writes_exactly_what_the_full_patch_writes(data, edits, crlf):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.toml"
        text = dumps(data)
        path.write_bytes((text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))
        loaded = load(path)
        for step, edit in enumerate(edits):
            apply_edit(loaded.plan, edit, 10_000 + step)
            fast, full = both_saves(loaded)
            assert fast is None or fast == full
            save(loaded)
            assert same(load(path).data, loaded.plan.to_data())


SEED_EDITS = ["add", "delete", "move within", "move across"]
SEED_PLANS = sorted((Path(__file__).resolve().parents[1] / "plans").glob("*.toml"))


def test_adding_deleting_and_moving_measures_in_the_seed_plans_take_the_fast_save(tmp_path):
    """Hand-kept plans (comments, blank lines, CRLF-free): every kind of measure edit is
    spliced, and the text is the full patch's, byte for byte."""
    tried = 0
    for seed in SEED_PLANS:
        path = tmp_path / seed.name
        path.write_bytes(seed.read_bytes())
        loaded = load(path)
        sections = [s for s in all_sections(loaded.plan) if len(s.measures) >= 2]
        if len(sections) < 2:
            continue
        tried += 1
        first, last = sections[0].measures, sections[-1].measures
        for kind in SEED_EDITS:
            if kind == "add":
                first.insert(1, Measure(measure(99_999, "Nytt")))
            elif kind == "delete":
                last.pop()
            elif kind == "move within":
                first.insert(0, first.pop())
            else:
                last.insert(0, first.pop())
            fast, full = both_saves(loaded)
            assert fast == full, (seed.name, kind)
            save(loaded)
            assert same(load(path).data, loaded.plan.to_data())
    assert tried >= 2
