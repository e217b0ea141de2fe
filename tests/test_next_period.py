"""`handlingsplan next-period`: next period's plan, and a summary of what did not carry over."""

import copy
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.actions.check import check_file
from tui.cli import main
from tui.store.storage import load

from .conftest import SMALL_PLAN, changed_lines, examples

TEKNISK = "teknisk-fagforening-oslo-2024-2025.toml"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def measure_ids(path) -> list[str]:
    return [str(ref.measure.id) for ref in load(path, editing=False).plan.measures()]


def findings(path) -> set[tuple]:
    """Check findings without their line numbers, so two files' findings compare."""
    return {(f.record_id, f.severity, f.message) for f in check_file(path)}


def test_shipped_plan_exact_summary_and_check(capsys, plans_copy):
    source = plans_copy / TEKNISK
    code, out, err = run(capsys, "next-period", str(source), "--period", "2026–2027")
    target = plans_copy / "teknisk-fagforening-oslo-2026-2027.toml"
    assert (code, out) == (0, "")
    outside = [
        ("3.3.2", "t-7217a138", "1. september 2024"),
        ("3.3.3", "t-f9d689d9", "1. mars 2025"),
        ("3.3.4", "t-a0cf2658", "1. november 2025"),
        ("3.3.3.1.1", "t-38f70e03", "31.12.2024"),
        ("3.3.3.2.2", "t-885c9aac", "31.12.2024"),
        ("3.3.3.2.4", "t-c061c54a", "31.12.2024"),
        ("3.4.1", "t-4cbcf008", "01.12.2024"),
        ("3.4.2", "t-e89f7ac1", "01.12.2024"),
        ("3.4.3", "t-67cbeaa6", "01.12.2024"),
        ("3.5.3", "t-b785c8d2", "1. oktober 2024"),
        ("3.5.4", "t-8dfd8019", "1. desember 2024"),
        ("3.5.5", "t-fab2a30f", "1. september 2025"),
    ]
    assert err.splitlines() == [
        f"{target}: ny plan for 2026–2027 fra {source}: 32 tiltak videreført uten status, "
        "0 utelatt",
        f"  å rette i {target.name}, med nummeret der:",
        *(
            f"    frist utenfor 2026–2027: {label} [{mid}] «{deadline}» (rett eller fjern fristen)"
            for label, mid, deadline in outside
        ),
        "  aktivitetsplan tømt: Skoleringsutvalget (5 aktiviteter)",
        "  aktivitetsplan tømt: Ungdomsutvalget (11 aktiviteter)",
        "  aktivitetsplan tømt: Pensjonist utvalget (10 aktiviteter)",
        "  aktivitetsplan tømt: Styret/arbeidsutvalget (44 aktiviteter)",
    ]
    # The new plan passes check except for what the summary lists: every finding it has that
    # the old plan did not have is one of the listed deadlines, and it has one for each.
    new_findings = findings(target) - findings(source)
    assert {record_id for record_id, _, _ in new_findings} == {mid for _, mid, _ in outside}
    assert {severity for _, severity, _ in new_findings} == {"advarsel"}
    assert all("utenfor planperioden 2026–2027" in message for _, _, message in new_findings)
    assert run(capsys, "check", str(target))[0] == 0
    assert measure_ids(target) == measure_ids(source)


def test_only_metadata_and_calendar_lines_change(capsys, plans_copy):
    source = plans_copy / TEKNISK
    target = plans_copy / "ny.toml"
    assert (
        run(capsys, "next-period", str(source), "--period", "2026-2027", "-o", str(target))[0] == 0
    )
    removed, added = changed_lines(source.read_text("utf-8"), target.read_text("utf-8"))
    assert (
        added
        == ['tittel = "Handlingsplan 2026–2027"', 'periode = "2026–2027"']
        + ["aktiviteter = []"] * 4
    )
    assert removed[:2] == ['tittel = "Handlingsplan 2024–2025"', 'periode = "2024–2025"']
    assert len(removed) == 2 + 4 * 2 + 5 + 11 + 10 + 44  # each calendar's brackets and rows


@pytest.mark.parametrize(
    ("name", "period", "expected"),
    [
        ("follo-2023.toml", "2024", "follo-2024.toml"),
        ("oslo-2024.toml", "2025-2026", "oslo-2025-2026.toml"),
        (TEKNISK, "2026", "teknisk-fagforening-oslo-2026.toml"),
    ],
)
def test_default_name_replaces_the_period_years(capsys, plans_copy, name, period, expected):
    code, _, err = run(capsys, "next-period", str(plans_copy / name), "--period", period)
    assert code == 0, err
    data = tomllib.loads((plans_copy / expected).read_text("utf-8"))
    assert data["plan"]["periode"] == period.replace("-", "–")
    assert data["plan"]["vedtatt"] == ""
    assert run(capsys, "check", str(plans_copy / expected))[0] == 0


def test_name_without_years_gets_the_period_appended(capsys, small_plan):
    assert run(capsys, "next-period", str(small_plan), "--period", "2026–2027")[0] == 0
    data = tomllib.loads((small_plan.parent / "plan-2026-2027.toml").read_text("utf-8"))
    assert data["plan"] == {
        "organisasjon": "Fagforbundet Testby",
        "avdeling": "999",
        "tittel": "Handlingsplan 2026–2027",
        "periode": "2026–2027",
        "vedtatt": "",
    }


def test_done_and_cancelled_measures_are_left_out_and_statuses_cleared(capsys, small_plan):
    for measure_id, status in (("t-1", "fullført"), ("t-2", "avlyst"), ("t-4", "utsatt")):
        assert run(capsys, "set", str(small_plan), measure_id, f"status={status}")[0] == 0
    target = small_plan.parent / "ny.toml"
    code, _, err = run(
        capsys, "next-period", str(small_plan), "--period", "2025", "-o", str(target)
    )
    assert code == 0
    assert err.splitlines() == [
        f"{target}: ny plan for 2025 fra {small_plan}: 2 tiltak videreført uten status, 2 utelatt",
        f"  utelatt, med nummeret de hadde i {small_plan.name}:",
        "    (fullført) 1.1.1 [t-1] «Påse at klubbene har ett drøftingsmøte om bruk av deltid.»",
        "    (avlyst) 1.1.2 [t-2] «Klarlegge vervemålene»",
    ]
    plan = load(target, editing=False).plan
    assert [(ref.measure.id, ref.measure.status) for ref in plan.measures()] == [
        ("t-3", ""),
        ("t-4", ""),
    ]
    # "1. mars 2025" is in 2025; "Kontinuerlig" has no date: nothing to list.
    assert run(capsys, "check", str(target))[0] == 0


def test_invalid_deadline_is_listed_and_check_reports_it(capsys, tmp_path):
    source = tmp_path / "plan.toml"
    source.write_text(SMALL_PLAN.replace('frist = "1. juni"', 'frist = "31.21.2021"'), "utf-8")
    code, _, err = run(capsys, "next-period", str(source), "--period", "2026")
    assert code == 0
    assert "    ugyldig frist: 1.1.1 [t-1] «31.21.2021» (rett fristen)" in err.splitlines()
    assert "    frist utenfor 2026: 1.2.1 [t-4] «1. mars 2025» (rett eller fjern fristen)" in (
        err.splitlines()
    )
    new = findings(tmp_path / "plan-2026.toml") - findings(source)
    assert {(r, s) for r, s, _ in new} == {("t-4", "advarsel")}
    # The invalid deadline is an error in both plans: check finds it in the new one too.
    assert ("t-1", "feil", "ugyldig frist «31.21.2021»: måned 21 finnes ikke") in findings(
        tmp_path / "plan-2026.toml"
    )


@pytest.mark.parametrize(
    "period", ["neste år", "2026–", "26-27", "2027–2026", "2026/2027", "", "２０２６", "٢٠٢٦-2027"]
)
def test_bad_period_is_one_line(capsys, small_plan, period):
    before = sorted(p.name for p in small_plan.parent.iterdir())
    code, out, err = run(capsys, "next-period", str(small_plan), "--period", period)
    assert (code, out) == (1, "")
    assert err == (
        f"handlingsplan: --period «{period}» er ikke et år eller en periode av år "
        "(skriv f.eks. 2026 eller 2026–2027)\n"
    )
    assert sorted(p.name for p in small_plan.parent.iterdir()) == before


def test_output_onto_the_source_is_refused(capsys, small_plan):
    code, _, err = run(
        capsys, "next-period", str(small_plan), "--period", "2026", "-o", str(small_plan)
    )
    assert code == 1
    assert (
        err
        == f"handlingsplan: {small_plan}: er filen det leses fra; velg et annet filnavn for resultatet\n"
    )
    assert small_plan.read_text("utf-8") == SMALL_PLAN


def test_an_existing_file_is_never_overwritten(capsys, small_plan):
    other = small_plan.parent / "notater.toml"
    other.write_text("ikke en plan\n", "utf-8")
    code, _, err = run(capsys, "next-period", str(small_plan), "--period", "2026", "-o", str(other))
    assert code == 1
    assert err == (
        f"handlingsplan: {other}: finnes allerede og blir ikke overskrevet; velg et annet navn med -o\n"
    )
    assert other.read_text("utf-8") == "ikke en plan\n"
    assert run(capsys, "next-period", str(small_plan), "--period", "2026")[0] == 0
    first = (small_plan.parent / "plan-2026.toml").read_bytes()
    assert run(capsys, "next-period", str(small_plan), "--period", "2026")[0] == 1
    assert (small_plan.parent / "plan-2026.toml").read_bytes() == first


def test_a_plan_with_duplicate_ids_is_refused(capsys, small_plan):
    small_plan.write_text(SMALL_PLAN.replace('id = "t-2"', 'id = "t-1"'), "utf-8")
    code, out, err = run(capsys, "next-period", str(small_plan), "--period", "2026")
    assert (code, out) == (1, "")
    assert err == (
        f"handlingsplan: {small_plan}:44: planen har feil som må rettes før den kan endres: "
        "id «t-1» er brukt før (linje 31); hver id skal være unik\n"
    )
    assert sorted(p.name for p in small_plan.parent.glob("*.toml")) == ["plan.toml"]


def test_a_folder_as_output_is_refused(capsys, small_plan):
    code, _, err = run(
        capsys, "next-period", str(small_plan), "--period", "2026", "-o", str(small_plan.parent)
    )
    assert code == 1
    assert err == (
        f"handlingsplan: {small_plan.parent}: er ikke en vanlig fil (mappe, enhet eller FIFO); velg et filnavn\n"
    )


STATUSES = ["", "ikke startet", "pågår", "fullført", "utsatt", "avlyst", "Fullført "]
DEADLINES = [
    "1. juni",
    "1. juni 2024",
    "31.12.2025",
    "2027-03-01",
    "oktober 2026",
    "Høst",
    "Kontinuerlig",
    "31.21.2021",
    "",
    "etter oppgjøret",
]


@settings(max_examples=examples(60), deadline=None)
@given(
    statuses=st.lists(st.sampled_from(STATUSES), min_size=4, max_size=4),
    deadlines_=st.lists(st.sampled_from(DEADLINES), min_size=4, max_size=4),
    first=st.integers(2020, 2030),
    length=st.integers(0, 2),
)
def test_property_what_is_kept_and_what_is_listed(statuses, deadlines_, first, length):
    from tui.actions.next_period import carry_over
    from tui.domain import deadlines
    from tui.domain.model import Plan

    data = tomllib.loads(SMALL_PLAN)
    for ref, status, deadline in zip(Plan(data).measures(), statuses, deadlines_, strict=True):
        ref.measure.data.update(status=status, frist=deadline)  # views into `data`
    before = copy.deepcopy(data)
    period = deadlines.Period(first, first + length)
    carried = carry_over(data, "plan.toml", period)
    closed = {"fullført", "avlyst"}
    expected_kept = [f"t-{n}" for n, s in enumerate(statuses, 1) if s.strip().lower() not in closed]
    assert [str(r.measure.id) for r in carried.plan.measures()] == expected_kept
    assert [str(r.measure.id) for r in carried.left_out] == [
        f"t-{n}" for n, s in enumerate(statuses, 1) if s.strip().lower() in closed
    ]
    assert all(r.measure.status == "" for r in carried.plan.measures())
    # Exactly the kept measures whose deadline has a year outside the period are listed.
    listed = {str(r.measure.id) for r in carried.outside}
    for measure_id in expected_kept:
        deadline = deadlines_[int(measure_id[2:]) - 1]
        parsed = deadlines.parse_deadline(deadline, period)
        is_outside = parsed.end is not None and not period.contains(parsed.end)
        assert (measure_id in listed) == is_outside, (deadline, period)
        assert (measure_id in {str(r.measure.id) for r in carried.invalid}) == (
            parsed.kind == deadlines.INVALID
        )
    assert data == before  # the source's data is not touched


# --- the TUI's palette command ---------------------------------------------------------------


async def palette(pilot, title: str) -> None:
    """Run a command from the command palette by typing its title, as a user does."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*title)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def test_palette_writes_next_period_and_opens_it(small_plan):
    from datetime import date

    from textual.widgets import Input

    from tui.actions.workspace import open_workspace
    from tui.ui.app import HandlingsplanApp
    from tui.ui.screens import NextPeriodScreen

    app = HandlingsplanApp(
        open_workspace([str(small_plan)]), today=date(2024, 9, 1), watch_disk=False
    )
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await palette(pilot, "Neste periode")
        assert isinstance(app.screen, NextPeriodScreen)
        field = app.screen.query_one(Input)
        assert field.value == "2026–2027"  # the period after 2024–2025, as long
        field.value = "neste år"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NextPeriodScreen)  # refused; nothing written
        assert [n.message for n in app._notifications] == [
            "«neste år» er ikke et år eller en periode av år (skriv f.eks. 2026 eller 2026–2027)"
        ]
        field.value = "2024"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NextPeriodScreen)  # the core's check, as on the command line
        assert [n.message for n in app._notifications][-1] == (
            f"{small_plan}: den nye perioden 2024 begynner ikke etter planens periode 2024–2025 "
            "(velg en senere periode)"
        )
        assert sorted(p.name for p in small_plan.parent.glob("*.toml")) == ["plan.toml"]
        field.value = "2026-2027"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, NextPeriodScreen)
        assert [p.name for p in app.workspace.plans] == ["plan.toml", "plan-2026-2027.toml"]
        assert app.view.plan is app.workspace.plans[1]
        tree_labels = [str(node.label) for node in app.query_one("#tree").root.children]
        assert tree_labels == ["Handlingsplan 2024–2025", "Handlingsplan 2026–2027"]
    new = tomllib.loads((small_plan.parent / "plan-2026-2027.toml").read_text("utf-8"))
    assert new["plan"]["periode"] == "2026–2027"


async def test_palette_next_period_asks_to_save_edits_first(small_plan):
    from datetime import date

    from tui.actions.workspace import open_workspace
    from tui.ui.app import HandlingsplanApp

    app = HandlingsplanApp(
        open_workspace([str(small_plan)]), today=date(2024, 9, 1), watch_disk=False
    )
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        app.workspace.set_fields(app.workspace.plans[0], "t-1", {"status": "fullført"})
        await palette(pilot, "Neste periode")
        assert [n.message for n in app._notifications] == [
            "Lagre plan.toml først: neste periode lages fra filen"
        ]
    assert sorted(p.name for p in small_plan.parent.glob("*.toml")) == ["plan.toml"]


@pytest.mark.parametrize(
    ("period", "label"),
    [("2024", "2024"), ("2024–2025", "2024–2025"), ("2023-2026", "2023–2026"), ("1999", "1999")],
)
def test_period_not_after_the_plans_is_refused(capsys, small_plan, period, label):
    before = sorted(p.name for p in small_plan.parent.iterdir())
    code, out, err = run(capsys, "next-period", str(small_plan), "--period", period)
    assert (code, out) == (1, "")
    assert err == (
        f"handlingsplan: {small_plan}: den nye perioden {label} begynner ikke etter planens "
        "periode 2024–2025 (velg en senere periode)\n"
    )
    assert sorted(p.name for p in small_plan.parent.iterdir()) == before
