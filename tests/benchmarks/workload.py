"""Generated plans of a given size, written three ways with the same content: our TOML
format, an Org file (for pandoc) and Taskwarrior import JSON, so peers work on equal data."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

from tui.domain.deadlines import parse_deadline, parse_period
from tui.domain.model import Block, Measure, Plan, Section
from tui.store.newplan import dumps

WORDS = [
    "styret",
    "skal",
    "sørge",
    "for",
    "at",
    "klubbene",
    "gjennomfører",
    "drøftingsmøter",
    "med",
    "arbeidsgiver",
    "om",
    "heltid",
    "deltid",
    "lønn",
    "pensjon",
    "verving",
    "tillitsvalgte",
    "opplæring",
    "medlemmer",
    "tariffavtale",
    "kommunen",
    "yrkesseksjonene",
    "arbeidsplassbesøk",
    "kompetanseplaner",
    "læreplasser",
    "samarbeid",
    "politikere",
]
ROLES = [
    "Leder",
    "Nestleder",
    "Styret",
    "Sekretær",
    "Opplæringsansvarlig",
    "Klubbledere",
    "Yrkesseksjonsledere",
    "Arbeidsutvalget",
    "Hovedtillitsvalgte",
]
DEADLINES = [
    "1. juni",
    "1. desember 2024",
    "31.12.2024",
    "01.12.2024",
    "Innen oktober",
    "Kontinuerlig",
    "14 dager etter endt oppgjør",
    "1. mars 2025",
    "31. desember",
]
CHAPTERS = 50
SECTIONS_PER_CHAPTER = 4


def sentence(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high))).capitalize() + "."


def generate(measures: int, seed: int = 1) -> Plan:
    """A plan with `measures` measures over 50 chapters, Norwegian text of realistic length."""
    rng = random.Random(seed)
    plan = Plan(
        {
            "format": 1,
            "plan": {
                "organisasjon": "Fagforbundet Benk",
                "avdeling": "999",
                "tittel": "Generert plan",
                "periode": "2024–2025",
                "vedtatt": "",
            },
        }
    )
    sections = CHAPTERS * SECTIONS_PER_CHAPTER
    count = 0
    for c in range(CHAPTERS):
        chapter = Section.new(f"k-{c:04x}", sentence(rng, 2, 5).rstrip("."))
        for s in range(SECTIONS_PER_CHAPTER):
            section = Section.new(f"s-{c:04x}{s:02x}", sentence(rng, 2, 6).rstrip("."))
            section.blocks.append(
                Block.new(
                    f"b-{c:04x}{s:02x}",
                    "liste",
                    tittel="Overordna mål",
                    punkter=[sentence(rng, 6, 14) for _ in range(3)],
                )
            )
            share = measures // sections + (
                1 if c * SECTIONS_PER_CHAPTER + s < measures % sections else 0
            )
            for _ in range(share):
                count += 1
                section.measures.append(
                    Measure.new(
                        f"t-{count:06x}",
                        tekst=sentence(rng, 8, 30),
                        ansvar=rng.sample(ROLES, rng.randint(1, 3)),
                        frist=rng.choice(DEADLINES),
                    )
                )
            chapter.sections.append(section)
        plan.chapters.append(chapter)
    return plan


def write_toml(plan: Plan, path: Path) -> None:
    path.write_text(dumps(plan.to_data()), encoding="utf-8")


def _due(plan: Plan, text: str) -> date | None:
    return parse_deadline(text, parse_period(plan.period_text)).end


def write_org(plan: Plan, path: Path) -> None:
    lines = [f"#+TITLE: {plan.title}", ""]
    for ref in plan.walk():
        stars = "*" * ref.depth
        lines.append(f"{stars} {ref.label}")
        for block in ref.section.blocks:
            lines.append(f"{block.title}:")
            lines.extend(f"- {item}" for item in block.data.get("punkter", []))
        for number, measure in enumerate(ref.section.measures, start=1):
            tags = ":".join(r.replace(" ", "_") for r in measure.responsible)
            lines.append(f"{stars}* TODO Tiltak {number} :{tags}:")
            due = _due(plan, measure.deadline)
            if due:
                lines.append(f"DEADLINE: <{due.isoformat()}>")
            lines.append(measure.text)
            lines.append(f"- Ansvar :: {', '.join(measure.responsible)}")
            lines.append(f"- Frist :: {measure.deadline}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_taskwarrior(plan: Plan, path: Path) -> None:
    tasks = []
    for ref in plan.measures():
        chapter = ref.section.path()[0]
        task = {
            "description": ref.measure.text,
            "status": "pending",
            "project": f"kap{chapter.number or 'x'}",
            "tags": [r.replace(" ", "_") for r in ref.measure.responsible],
            "entry": "20240101T000000Z",
        }
        due = _due(plan, ref.measure.deadline)
        if due:
            task["due"] = due.strftime("%Y%m%dT000000Z")
        tasks.append(task)
    path.write_text(
        "\n".join(json.dumps(t, ensure_ascii=False) for t in tasks) + "\n", encoding="utf-8"
    )
