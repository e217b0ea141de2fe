"""What changed between two versions of a plan, in words the secretary uses:
"3.2 Tiltak 2: Frist 1. mai → 1. juni"."""

from __future__ import annotations

from .model import Plan

FIELD_LABELS = {
    "tekst": "Tekst",
    "ansvar": "Ansvar",
    "ansvar_merknad": "Merknad",
    "frist": "Frist",
    "status": "Status",
    "kommentar": "Kommentar",
    "budsjett": "Budsjett",
    "prosjektnr": "Prosj.nr.",
}
EMPTY = "(tom)"


def show_value(value) -> str:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    text = " ".join(str(value).split())
    if not text:
        return EMPTY
    return text if len(text) <= 60 else text[:57] + "…"


def _measures(plan: Plan) -> dict[str, tuple[str, dict]]:
    found = {}
    for ref in plan.measures():
        prefix = f"{ref.section.number} " if ref.section.number else f"{ref.section.label} "
        found[str(ref.measure.id)] = (f"{prefix}Tiltak {ref.number}".strip(), ref.measure.data)
    return found


def _sections(plan: Plan) -> dict[str, tuple[str, dict, list]]:
    return {
        str(ref.section.id): (
            ref.label or "(uten tittel)",
            ref.section.data,
            [b.data for b in ref.section.blocks],
        )  # fmt: skip
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
            lines.append(f"{label}: innhold endret")
    lines.extend(
        f"{label}: seksjon slettet" for sid, (label, _, _) in old.items() if sid not in new
    )
    return lines


def _describe_measures(old_plan: Plan, new_plan: Plan) -> list[str]:
    old, new = _measures(old_plan), _measures(new_plan)
    lines = []
    old_order = [mid for mid in old if mid in new]
    new_order = [mid for mid in new if mid in old]
    for measure_id, (label, data) in new.items():
        if measure_id not in old:
            lines.append(f"{label}: nytt tiltak «{show_value(data.get('tekst', ''))}»")
            continue
        old_label, old_data = old[measure_id]
        if old_label != label and old_order.index(measure_id) != new_order.index(measure_id):
            lines.append(f"{old_label} → {label}: flyttet")
        for key in dict.fromkeys([*old_data, *data]):
            if key != "id" and old_data.get(key) != data.get(key):
                name = FIELD_LABELS.get(key, key)
                change = f"{show_value(old_data.get(key, ''))} → {show_value(data.get(key, ''))}"
                lines.append(f"{label}: {name} {change}")
    for measure_id, (label, data) in old.items():
        if measure_id not in new:
            lines.append(f"{label}: slettet «{show_value(data.get('tekst', ''))}»")
    return lines
