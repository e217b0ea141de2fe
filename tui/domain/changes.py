"""What changed between two versions of a plan, in words the secretary uses:
"3.2 Tiltak 2 «Klarlegge vervemålene…»: Frist 1. mai → 1. juni"."""

from __future__ import annotations

import difflib

from tui.domain.fields import MEASURE_FIELDS
from tui.domain.model import Plan

FIELD_LABELS = {f.key: f.label for f in MEASURE_FIELDS}
EMPTY = "(tom)"
PROSE_KEYS = tuple(f.key for f in MEASURE_FIELDS if f.prose)  # a word diff when long
START_LENGTH = 30  # characters of a measure's text that name it
CONTEXT_WORDS = 3


def show_value(value) -> str:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    if not text:
        return EMPTY
    return text if len(text) <= 60 else text[:57] + "…"


def text_start(text) -> str:
    """The start of a text, cut at a word: what names a measure in one line."""
    flat = " ".join(str(text).split())
    if len(flat) <= START_LENGTH:
        return flat
    cut = flat[:START_LENGTH].rsplit(" ", 1)[0] or flat[:START_LENGTH]
    return cut.rstrip(",.;:") + "…"


def word_diff(old, new) -> str:
    """Changed words as [-old-]{+new+} with a few words of context, like git --word-diff."""
    before, after = str(old).split(), str(new).split()
    parts = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT_WORDS):
        words = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                words.extend(before[i1:i2])
                continue
            if i2 > i1:
                words.append("[-" + " ".join(before[i1:i2]) + "-]")
            if j2 > j1:
                words.append("{+" + " ".join(after[j1:j2]) + "+}")
        parts.append(" ".join(words))
    return " … ".join(parts)


def _is_prose(key: str, old, new) -> bool:
    return key in PROSE_KEYS and max(len(str(old)), len(str(new))) > 60


def _section_name(ref) -> str:
    return ref.number or ref.label


def _measures(plan: Plan) -> dict[str, tuple[str, dict, str, str]]:
    """id -> (label like "3.2 Tiltak 2", data, the section's number or title, its id)."""
    found = {}
    for ref in plan.measures():
        section = _section_name(ref.section)
        label = ref.label(titled=True)
        found[str(ref.measure.id)] = (label, ref.measure.data, section, str(ref.section.section.id))
    return found


def _sections(plan: Plan) -> dict[str, tuple[str, dict, list]]:
    return {
        str(ref.section.id): (
            ref.label or "(uten tittel)",
            ref.section.data,
            [b.data for b in ref.section.blocks],
        )
        for ref in plan.walk()
    }


def describe(before: dict, after: dict) -> list[str]:
    """One line per change, in plan order of the newer version."""
    old, new = Plan(before), Plan(after)
    lines: list[str] = []
    meta_old, meta_new = old.meta, new.meta
    for key in dict.fromkeys([*meta_old, *meta_new]):
        if meta_old.get(key) != meta_new.get(key):
            change = f"{show_value(meta_old.get(key, ''))} → {show_value(meta_new.get(key, ''))}"
            lines.append(f"Plan: {key} {change}")
    lines.extend(_describe_sections(_sections(old), _sections(new)))
    lines.extend(_describe_measures(old, new))
    return lines


def _describe_sections(old: dict, new: dict) -> list[str]:
    lines = []
    for section_id, (label, data, blocks) in new.items():
        if section_id not in old:
            lines.append(f"{label}: ny seksjon")
            continue
        old_label, old_data, old_blocks = old[section_id]
        if old_data.get("tittel") != data.get("tittel"):
            lines.append(f"{old_label}: Tittel → {show_value(data.get('tittel', ''))}")
        if old_blocks != blocks:
            lines.extend(f"{label}: {change}" for change in _block_changes(old_blocks, blocks))
    lines.extend(
        f"{label}: seksjon slettet" for sid, (label, _, _) in old.items() if sid not in new
    )
    return lines


def _block_changes(old_blocks: list[dict], blocks: list[dict]) -> list[str]:
    """Prose blocks changed in place as word diffs; anything else as "innhold endret"."""
    old_by_id = {str(b.get("id")): b for b in old_blocks}
    if [str(b.get("id")) for b in blocks] != list(old_by_id):
        return ["innhold endret"]
    changes = []
    for block in blocks:
        old = old_by_id[str(block.get("id"))]
        if old == block:
            continue
        if old.keys() == block.keys() and all(
            old[k] == block[k] for k in block if k != "tekst"
        ):  # only the prose changed
            changes.append(f"Tekst {word_diff(old.get('tekst', ''), block.get('tekst', ''))}")
        else:
            changes.append("innhold endret")
    return changes


def _field_change(key: str, old, new) -> str:
    name = FIELD_LABELS.get(key, key)
    if _is_prose(key, old, new):
        return f"{name} {word_diff(old, new)}"
    return f"{name} {show_value(old)} → {show_value(new)}"


def measure_changes(before: dict, after: dict, measure_id: str) -> list[str]:
    """The lines of `describe` about one measure."""
    return [line for mid, line in _measure_lines(Plan(before), Plan(after)) if mid == measure_id]


def _describe_measures(old_plan: Plan, new_plan: Plan) -> list[str]:
    return [line for _, line in _measure_lines(old_plan, new_plan)]


def _kept_in_order(old_order: list[str], new_order: list[str]) -> set[str]:
    """The measures that kept their order (the longest common run); the others moved."""
    matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
    return {mid for a, _, size in matcher.get_matching_blocks() for mid in old_order[a : a + size]}


def _measure_lines(old_plan: Plan, new_plan: Plan) -> list[tuple[str, str]]:
    """(measure id, line) for each change to a measure."""
    old, new = _measures(old_plan), _measures(new_plan)
    lines: list[tuple[str, str]] = []
    stayed = _kept_in_order([mid for mid in old if mid in new], [mid for mid in new if mid in old])
    for measure_id, (label, data, section, section_id) in new.items():
        start = text_start(data.get("tekst", ""))
        if measure_id not in old:
            lines.append((measure_id, f"{section} nytt tiltak «{start}»".strip()))
            continue
        old_label, old_data, old_section, old_section_id = old[measure_id]
        if old_label != label and (measure_id not in stayed or old_section_id != section_id):
            places = (old_section, section) if old_section != section else (old_label, label)
            lines.append((measure_id, f"Tiltak «{start}» flyttet fra {places[0]} til {places[1]}"))
        for key in dict.fromkeys([*old_data, *data]):
            if key != "id" and old_data.get(key) != data.get(key):
                change = _field_change(key, old_data.get(key, ""), data.get(key, ""))
                lines.append((measure_id, f"{label} «{start}»: {change}"))
    for measure_id, (label, data, *_) in old.items():
        if measure_id not in new:
            lines.append((measure_id, f"{label} «{text_start(data.get('tekst', ''))}»: slettet"))
    return lines
