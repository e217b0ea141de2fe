"""`handlingsplan calendar`: an iCalendar file that two independent parsers read the same way."""

import json
import shutil
from datetime import date, timedelta

import icalendar
import ics as ics_parser  # the second, independent parser
import pytest

from tui import texts
from tui.cli import main

from .conftest import PLANS, SMALL_PLAN

TEKNISK = PLANS / "teknisk-fagforening-oslo-2024-2025.toml"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def events(text: str) -> dict[str, dict]:
    """UID -> the event's fields as icalendar reads them."""
    calendar = icalendar.Calendar.from_ical(text)
    found = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event["UID"])
        assert uid not in found, uid
        found[uid] = {
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
        }
    return found


def test_shipped_plan_every_dated_deadline_and_activity(capsys, tmp_path):
    target = tmp_path / "plan.ics"
    code, out, err = run(capsys, "calendar", str(TEKNISK), "-o", str(target))
    assert (code, out) == (0, "")
    assert err == f"{target}: 101 hendelser (31 frister, 70 aktiviteter)\n"
    parsed = events(target.read_text("utf-8"))
    assert len(parsed) == 101
    measures = json.loads(run(capsys, "list", str(TEKNISK), "--format", "json")[1])
    dated = [m for m in measures if m["due"]]
    assert len(dated) == 31
    for measure in dated:
        event = parsed[f"frist-{measure['id']}-2024-2025@handlingsplan"]
        due = date.fromisoformat(measure["due"])
        assert (event["start"], event["end"]) == (due, due + timedelta(days=1))
        assert event["summary"].startswith("Frist: ")
        assert f"(id {measure['id']})" in event["description"]
        assert " ".join(measure["text"].split()) in event["description"]


def test_month_deadline_on_last_day_and_marked(capsys, tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text(SMALL_PLAN.replace('frist = "1. desember"', 'frist = "Innen oktober"'), "utf-8")
    parsed = events(run(capsys, "calendar", str(plan))[1])
    event = parsed["frist-t-2-2024-2025@handlingsplan"]
    assert event == {
        "start": date(2024, 10, 31),
        "end": date(2024, 11, 1),
        "summary": "Frist: Klarlegge vervemålene (Innen oktober)",
        "description": "Klarlegge vervemålene\n"
        "Fristen er «Innen oktober»; hendelsen står på siste dag (31. oktober 2024).\n"
        "Ansvar: Nestleder\n"
        "Handlingsplan 2024–2025, 1.1 Tiltak 2 (id t-2)",
    }
    # Undated deadlines ("Kontinuerlig") have no event; they are not errors either.
    assert sorted(parsed) == [
        "frist-t-1-2024-2025@handlingsplan",
        "frist-t-2-2024-2025@handlingsplan",
        "frist-t-4-2024-2025@handlingsplan",
    ]


def test_activity_rows_ranges_and_months(capsys):
    parsed = events(run(capsys, "calendar", str(TEKNISK))[1])
    by_summary = {}
    for event in parsed.values():
        by_summary.setdefault(event["summary"], []).append(event)
    film = by_summary["Filmkveld / Tema (Februar/Mars)"]
    assert [(e["start"], e["end"]) for e in film] == [(date(2024, 2, 1), date(2024, 2, 2))]
    assert (
        "Datoen er «Februar/Mars»; hendelsen står på første dag (1. februar 2024)."
        in (film[0]["description"])
    )
    ranges = [e for e in parsed.values() if e["end"] - e["start"] > timedelta(days=1)]
    assert [(e["start"], e["end"]) for e in ranges] == [(date(2024, 4, 18), date(2024, 4, 20))]
    autumn = [e for e in parsed.values() if e["summary"].endswith("(Høst)")]
    assert {(e["start"], e["end"]) for e in autumn} == {(date(2024, 9, 1), date(2024, 9, 2))}
    assert len(autumn) == 3


def test_second_parser_reads_the_same_events(capsys):
    text = run(capsys, "calendar", str(TEKNISK))[1]
    ours = events(text)
    theirs = ics_parser.Calendar(text).events
    assert len(theirs) == len(ours)
    for event in theirs:
        mine = ours[event.uid]
        assert event.all_day
        assert event.begin.date() == mine["start"]
        assert event.end.date() == mine["end"]
        assert event.name == mine["summary"]
        assert event.description == mine["description"]


def test_uids_are_stable_across_runs_and_edits(capsys, small_plan):
    first = events(run(capsys, "calendar", str(small_plan))[1])
    assert run(capsys, "set", str(small_plan), "t-1", "deadline=15. juni")[0] == 0
    second = events(run(capsys, "calendar", str(small_plan))[1])
    assert sorted(first) == sorted(second)
    uid = "frist-t-1-2024-2025@handlingsplan"
    assert (first[uid]["start"], second[uid]["start"]) == (date(2024, 6, 1), date(2024, 6, 15))


def test_role_filter_makes_a_calendar_per_role(capsys):
    for role in ("Leder", "Ungdomsutvalget", "Pensjonistutvalget"):
        listed = json.loads(
            run(capsys, "list", str(TEKNISK), "--role", role, "--format", "json")[1]
        )
        parsed = events(run(capsys, "calendar", str(TEKNISK), "--role", role)[1])
        deadlines = {uid for uid in parsed if uid.startswith("frist-")}
        assert deadlines == {f"frist-{m['id']}-2024-2025@handlingsplan" for m in listed if m["due"]}
        activities = [e for uid, e in parsed.items() if uid.startswith("aktivitet-")]
        committees = {e["description"].rsplit("aktivitetsplan: ", 1)[1] for e in activities}
        expected = {
            "Leder": set(),
            "Ungdomsutvalget": {"Ungdomsutvalget"},
            "Pensjonistutvalget": {"Pensjonist utvalget"},
        }[role]
        assert committees == expected


def test_a_calendar_with_no_event_is_not_written(capsys, tmp_path):
    """RFC 5545 wants an event in a calendar: a plan whose deadlines are all «Kontinuerlig» or
    empty, with no dated activity, gives none: an error, and no file is written."""
    target = tmp_path / "plan.ics"
    args = ("calendar", str(PLANS / "follo-2023.toml"), "-o", str(target))
    code, out, err = run(capsys, *args)
    assert (code, out, err) == (1, "", f"handlingsplan: {texts.CALENDAR_EMPTY}\n")
    assert not target.exists()


def test_a_completed_or_cancelled_measure_says_so_in_its_event(capsys, tmp_path):
    plan = tmp_path / TEKNISK.name
    shutil.copy(TEKNISK, plan)
    assert run(capsys, "set", str(plan), "3.3.5", "status=fullført")[0] == 0
    assert run(capsys, "set", str(plan), "3.2.1", "status=Avlyst")[0] == 0
    parsed = events(run(capsys, "calendar", str(plan))[1])
    closed = sorted(e["summary"] for e in parsed.values() if e["summary"].startswith("Frist: ("))
    assert closed == [
        "Frist: (avlyst) Jobbe med det fagligpolitiske samarbeidet opp mot etater og…",
        "Frist: (fullført) Få valgt nye tillitsvalgte på områder vi ikke har",
    ]


def test_invalid_deadlines_and_dates_are_left_out_and_counted(capsys, tmp_path):
    plan = tmp_path / "plan.toml"
    text = SMALL_PLAN.replace('frist = "1. juni"', 'frist = "31.21.2021"')
    text += """
[[kapittel.seksjon.innhold]]
id = "b-kal"
type = "kalender"
utvalg = "Styret"
aktiviteter = [
    {dato = "30.02.2024", aktivitet = "Styremøte", maalgruppe = "Styret"},
    {dato = "12.03.2024", aktivitet = "Styremøte", maalgruppe = "Styret"},
    {dato = "Kontinuerlig", aktivitet = "Verving", maalgruppe = ""},
]
"""
    plan.write_text(text, "utf-8")
    target = tmp_path / "plan.ics"
    code, out, err = run(capsys, "calendar", str(plan), "-o", str(target))
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        f"{target}: 3 hendelser (2 frister, 1 aktivitet)",
        "2 ugyldige datoer er utelatt:",
        "  1.1 Tiltak 1: «31.21.2021»: måned 21 finnes ikke",
        "  Handlingsplan 2024–2025, aktivitetsplan: Styret: «30.02.2024»: februar 2024 har ikke dag 30",
    ]
    parsed = events(target.read_text("utf-8"))
    assert "frist-t-1-2024-2025@handlingsplan" not in parsed
    meeting = [e for uid, e in parsed.items() if uid.startswith("aktivitet-b-kal-")]
    assert [(e["start"], e["summary"]) for e in meeting] == [(date(2024, 3, 12), "Styremøte")]


def test_output_onto_the_plan_is_refused(capsys, small_plan):
    code, out, err = run(capsys, "calendar", str(small_plan), "-o", str(small_plan))
    assert (code, out) == (1, "")
    assert err == (
        f"handlingsplan: {small_plan}: er filen det leses fra; velg et annet filnavn for resultatet\n"
    )
    assert small_plan.read_text("utf-8") == SMALL_PLAN


@pytest.mark.parametrize("args", [["--role", ""], ["--due-before", "snart"]])
def test_bad_filter_is_one_line(capsys, small_plan, args):
    code, out, err = run(capsys, "calendar", str(small_plan), *args)
    assert (code, out) == (1, "")
    assert err.startswith("handlingsplan: ") and err.count("\n") == 1


def test_the_last_representable_day_is_left_out_and_listed(capsys, tmp_path):
    plan = tmp_path / "plan.toml"
    text = SMALL_PLAN.replace('frist = "1. juni"', 'frist = "31.12.9999"')
    text = text.replace('frist = "1. desember"', 'frist = "desember 9999"')
    text += """
[[kapittel.seksjon.innhold]]
id = "b-kal"
type = "kalender"
utvalg = "Styret"
aktiviteter = [
    {dato = "31.12.9999", aktivitet = "Styremøte", maalgruppe = "Styret"},
    {dato = "12.03.2024", aktivitet = "Styremøte", maalgruppe = "Styret"},
]
"""
    plan.write_text(text, "utf-8")
    target = tmp_path / "plan.ics"
    code, out, err = run(capsys, "calendar", str(plan), "-o", str(target))
    reason = "31.12.9999 er siste dag en kalender kan ha; datoen kan ikke vises"
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        f"{target}: 2 hendelser (1 frist, 1 aktivitet)",
        "3 ugyldige datoer er utelatt:",
        f"  1.1 Tiltak 1: «31.12.9999»: {reason}",
        f"  1.1 Tiltak 2: «desember 9999»: {reason}",
        f"  Handlingsplan 2024–2025, aktivitetsplan: Styret: «31.12.9999»: {reason}",
    ]
    parsed = events(target.read_text("utf-8"))
    assert sorted((e["start"], e["summary"][:6]) for e in parsed.values()) == [
        (date(2024, 3, 12), "Styrem"),
        (date(2025, 3, 1), "Frist:"),
    ]


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (
            'id = "t-1"',
            ":44: planen har feil som må rettes før kalenderen kan lages: id «t-1» er "
            "brukt før (linje 31); hver id skal være unik",
        ),
        (
            "",
            ":43: planen har feil som må rettes før kalenderen kan lages: tiltak mangler id; "
            "legg til en unik id som første felt",
        ),
    ],
)
def test_plan_with_duplicate_or_missing_id_is_refused(capsys, tmp_path, broken, expected):
    plan = tmp_path / "plan.toml"
    plan.write_text(SMALL_PLAN.replace('id = "t-2"\n', broken + "\n" if broken else ""), "utf-8")
    target = tmp_path / "plan.ics"
    code, out, err = run(capsys, "calendar", str(plan), "-o", str(target))
    assert (code, out, err) == (1, "", f"handlingsplan: {plan}{expected}\n")
    assert not target.exists()


def test_a_filter_that_matches_nothing_says_so_rather_than_that_nothing_is_dated(capsys):
    code, out, err = run(capsys, "calendar", str(TEKNISK), "--text", "zzzqqq")
    assert (code, out, err) == (1, "", f"handlingsplan: {texts.EXPORT_NO_MATCHES}\n")
