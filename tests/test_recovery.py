"""Recovery journals: every unsaved edit comes back after the process ends without saving."""

import json
import os
import subprocess
import sys

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tui import texts
from tui.actions import recovery
from tui.actions.recovery import Journal, leftovers, preview, restore
from tui.actions.workspace import Workspace
from tui.store.storage import load

from .conftest import SMALL_PLAN, changed_lines, examples


def session(path) -> Workspace:
    """A workspace as the TUI has it: every edit journalled."""
    workspace = Workspace.open([path])
    workspace.journal = Journal()
    return workspace


def crash(workspace: Workspace) -> None:
    """What a killed process leaves: the journals on disk, nobody owning them."""
    workspace.journal.close()


def restarted(path) -> tuple[Workspace, list[str]]:
    """A new session on `path` that restores every leftover journal."""
    workspace = session(path)
    found, problems = leftovers(path)
    assert problems == []
    for leftover in found:
        problems += restore(workspace, workspace.plans[0], leftover)
    return workspace, problems


def journal_files(tmp_path) -> list[str]:
    folder = tmp_path / "state" / "handlingsplan" / "recovery"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_journal_goes_to_xdg_state_home(small_plan, tmp_path):
    workspace = session(small_plan)
    workspace.set_fields(workspace.plans[0], "t-2", {"status": "pågår"})
    [name] = journal_files(tmp_path)
    body = json.loads((tmp_path / "state/handlingsplan/recovery" / name).read_text())
    assert body["plan"] == str(small_plan.resolve())
    assert body["pid"] == os.getpid()
    assert body["process"] == recovery.process_identity(os.getpid())
    assert body["ops"] == [
        {"op": "set_fields", "measure": "t-2", "values": {"status": "pågår"}, "old": {"status": ""}}
    ]


def test_every_kind_of_edit_comes_back_and_saves_as_it_would_have(small_plan):
    workspace = session(small_plan)
    loaded = workspace.plans[0]
    workspace.set_fields(loaded, "t-2", {"status": "pågår", "deadline": "1. mai"})
    new_id = workspace.add_measure(loaded, "s-2", "t-4")
    workspace.set_fields(loaded, new_id, {"text": "Stand på torget"})
    workspace.move_measure(loaded, "t-3", -1)
    workspace.delete_measure(loaded, "t-1")
    workspace.set_block(loaded, "b-1", "Færre jobber deltid.\nFlere hele stillinger.")
    workspace.undo()  # the block edit
    workspace.undo()  # the delete
    workspace.redo()  # the delete again
    expected = loaded.plan.to_data()
    crash(workspace)

    again, problems = restarted(small_plan)
    assert problems == []
    assert again.plans[0].plan.to_data() == expected
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN  # restored, not saved
    again.save(again.plans[0])
    removed, added = changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8"))
    assert 'status = "pågår"' in added and 'frist = "1. mai"' in added
    assert f'id = "{new_id}"' in added and 'tekst = "Stand på torget"' in added
    assert 'id = "t-1"' in removed
    assert leftovers(small_plan) == ([], [])  # saved: nothing to offer any more


# A random session: edits, undos and redos in any order, crashed at the end.
ACTIONS = st.lists(
    st.one_of(
        st.tuples(
            st.just("status"),
            st.sampled_from(["t-1", "t-2", "t-3", "t-4"]),
            st.sampled_from(["pågår", "fullført", ""]),
        ),
        st.tuples(st.just("add"), st.sampled_from(["s-1", "s-2"]), st.none()),
        st.tuples(st.just("delete"), st.sampled_from(["t-1", "t-2", "t-3", "t-4"]), st.none()),
        st.tuples(
            st.just("move"), st.sampled_from(["t-1", "t-2", "t-3"]), st.sampled_from([-1, 1])
        ),
        st.tuples(st.just("block"), st.just("b-1"), st.text(max_size=20)),
        # undo, redo and save as often as an edit: their mix is where a journal goes wrong
        st.just(("undo", None, None)),
        st.just(("redo", None, None)),
        st.just(("save", None, None)),
    ),
    max_size=25,
)


def act(workspace: Workspace, action) -> None:
    kind, target, value = action
    loaded = workspace.plans[0]
    try:
        if kind == "status":
            workspace.set_fields(loaded, target, {"status": value})
        elif kind == "add":
            workspace.add_measure(loaded, target, None)
        elif kind == "delete":
            workspace.delete_measure(loaded, target)
        elif kind == "move":
            workspace.move_measure(loaded, target, value)
        elif kind == "block":
            workspace.set_block(loaded, target, value)
        elif kind == "save":
            workspace.save(loaded)
        else:
            getattr(workspace, kind)()
    except Exception as error:  # a measure deleted earlier in the session
        assert str(error).startswith("fant ikke tiltak"), error


@settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(actions=ACTIONS)
@example(
    actions=[
        ("status", "t-1", "pågår"),
        ("status", "t-2", "pågår"),
        ("save", None, None),
        ("undo", None, None),
        ("undo", None, None),
    ]
)
def test_any_session_comes_back_exactly(tmp_path_factory, actions):
    folder = tmp_path_factory.mktemp("plan")
    path = folder / "plan.toml"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    workspace = session(path)
    for action in actions:
        act(workspace, action)
    expected = workspace.plans[0].plan.to_data()
    modified = workspace.is_modified()
    crash(workspace)
    found, problems = leftovers(path)
    assert problems == []
    assert len(found) == 1 if modified else len(found) <= 1  # edits undone: none
    again, problems = restarted(path)
    assert problems == []
    assert again.plans[0].plan.to_data() == expected


def test_restore_onto_a_file_that_changed_meanwhile(small_plan):
    workspace = session(small_plan)
    loaded = workspace.plans[0]
    workspace.set_fields(loaded, "t-2", {"status": "pågår"})
    workspace.set_fields(loaded, "t-4", {"status": "utsatt"})
    crash(workspace)
    # Meanwhile someone else (git pull) changed t-1 and deleted t-4.
    theirs = SMALL_PLAN.replace('frist = "1. juni"', 'frist = "15. juni"')
    theirs = theirs[: theirs.index('[[kapittel.seksjon.tiltak]]\nid = "t-4"')].rstrip() + "\n"
    small_plan.write_text(theirs, encoding="utf-8")

    found, _ = leftovers(small_plan)
    assert found[0].file_changed()
    assert preview(found[0]) == [
        "1.1 Tiltak 2 «Klarlegge vervemålene»: Status (tom) → pågår",
        "Kunne ikke gjenopprette «endre tiltak»: fant ikke tiltak «t-4»",
    ]
    again, problems = restarted(small_plan)
    assert problems == ["Kunne ikke gjenopprette «endre tiltak»: fant ikke tiltak «t-4»"]
    again.save(again.plans[0])
    assert changed_lines(theirs, small_plan.read_text(encoding="utf-8")) == (
        ['status = ""'],
        ['status = "pågår"'],
    )


def changed_by_someone_else(path, measure_id: str, assignment: str) -> None:
    """Another writer's change to the file while the journal waits: a `set` from the CLI."""
    from tui.cli import main

    assert main(["set", str(path), measure_id, assignment]) == 0


def test_a_field_changed_in_the_file_meanwhile_is_a_conflict_not_overwritten(small_plan):
    workspace = session(small_plan)
    loaded = workspace.plans[0]
    workspace.set_fields(loaded, "t-2", {"status": "pågår", "deadline": "1. mai"})
    workspace.set_fields(loaded, "t-1", {"comment": "Tas opp i mars"})
    crash(workspace)
    changed_by_someone_else(small_plan, "t-2", "status=utsatt")  # not what I had, not mine
    changed_by_someone_else(small_plan, "t-1", "kommentar=Tas opp i mars")  # the same as mine
    theirs = small_plan.read_text(encoding="utf-8")

    conflict = (
        "Konflikt i 1.1 Tiltak 2 «Klarlegge vervemålene»: Status er «utsatt» i filen, "
        "men «pågår» i de ulagrede endringene; filens verdi er beholdt"
    )
    [found], _ = leftovers(small_plan)
    assert preview(found) == [
        "1.1 Tiltak 2 «Klarlegge vervemålene»: Frist 1. desember → 1. mai",
        conflict,
    ]
    again, problems = restarted(small_plan)
    assert problems == [conflict]
    again.save(again.plans[0])
    assert changed_lines(theirs, small_plan.read_text(encoding="utf-8")) == (
        ['frist = "1. desember"'],
        ['frist = "1. mai"'],
    )


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    mine=st.text(alphabet="abcæøå.-", min_size=1, max_size=6),
    disk=st.one_of(st.just(""), st.just("same as mine"), st.text(alphabet="abcæøå.-", max_size=6)),
)
def test_restore_keeps_a_field_the_file_changed_to_a_third_value(tmp_path_factory, mine, disk):
    path = tmp_path_factory.mktemp("plan") / "plan.toml"
    path.write_text(SMALL_PLAN, encoding="utf-8")  # t-2's comment is "" in the file
    disk = mine if disk == "same as mine" else disk
    workspace = session(path)
    workspace.set_fields(workspace.plans[0], "t-2", {"comment": mine})
    crash(workspace)
    if disk:
        changed_by_someone_else(path, "t-2", f"kommentar={disk}")
    again, problems = restarted(path)
    result = again.plans[0].plan.find_measure("t-2").measure.comment
    if disk in ("", mine):  # the file still has what I started from, or already has mine
        assert (problems, result) == ([], mine)
    else:
        assert problems == [
            f"Konflikt i 1.1 Tiltak 2 «Klarlegge vervemålene»: Kommentar er «{disk}» i filen, "
            f"men «{mine}» i de ulagrede endringene; filens verdi er beholdt"
        ]
        assert result == disk


def test_a_block_changed_in_the_file_meanwhile_is_a_conflict_not_overwritten(small_plan):
    workspace = session(small_plan)
    workspace.set_block(workspace.plans[0], "b-1", "Færre jobber deltid.")
    crash(workspace)
    other = Workspace.open([small_plan])
    other.set_block(other.plans[0], "b-1", "Flere hele stillinger.")
    other.save(other.plans[0])
    theirs = small_plan.read_text(encoding="utf-8")

    again, problems = restarted(small_plan)
    assert problems == [
        "Konflikt i 1.1 Heltid: liste er endret i filen siden; filens innhold er beholdt, "
        "de ulagrede endringene var «Færre jobber deltid.»"
    ]
    assert not again.is_modified()
    assert small_plan.read_text(encoding="utf-8") == theirs


def test_an_undo_of_an_edit_that_no_longer_applies_undoes_nothing_else(small_plan):
    workspace = session(small_plan)
    loaded = workspace.plans[0]
    workspace.set_fields(loaded, "t-2", {"status": "pågår"})
    workspace.set_fields(loaded, "t-4", {"status": "utsatt"})
    workspace.undo()  # the t-4 edit
    crash(workspace)
    theirs = SMALL_PLAN[: SMALL_PLAN.index('[[kapittel.seksjon.tiltak]]\nid = "t-4"')]
    small_plan.write_text(theirs, encoding="utf-8")
    again, problems = restarted(small_plan)
    assert problems == ["Kunne ikke gjenopprette «endre tiltak»: fant ikke tiltak «t-4»"]
    assert again.plans[0].plan.find_measure("t-2").measure.status == "pågår"


def test_save_reload_discard_and_undo_to_the_file_remove_the_journal(small_plan, tmp_path):
    workspace = session(small_plan)
    loaded = workspace.plans[0]
    workspace.set_fields(loaded, "t-2", {"status": "pågår"})
    assert len(journal_files(tmp_path)) == 1
    workspace.undo()
    assert journal_files(tmp_path) == []  # back at the file's state
    workspace.redo()
    assert len(journal_files(tmp_path)) == 1
    workspace.save(loaded)
    assert journal_files(tmp_path) == []
    workspace.set_fields(loaded, "t-2", {"status": "fullført"})
    loaded = workspace.reload(loaded)
    assert journal_files(tmp_path) == []
    workspace.set_fields(loaded, "t-2", {"status": "utsatt"})
    workspace.discard()
    assert journal_files(tmp_path) == []


def test_undo_past_a_save_comes_back_while_the_file_is_unchanged(small_plan):
    workspace = session(small_plan)
    loaded = workspace.plans[0]
    workspace.set_fields(loaded, "t-2", {"status": "pågår"})
    workspace.save(loaded)
    saved = small_plan.read_text(encoding="utf-8")
    workspace.undo()  # the saved file has "pågår"; the plan now has "" again
    expected = loaded.plan.to_data()
    crash(workspace)
    again, problems = restarted(small_plan)
    assert problems == []
    assert again.plans[0].plan.to_data() == expected
    crash(again)
    # Once the file changed, that whole earlier version would undo someone else's work.
    small_plan.write_text(saved.replace("Verving", "Verving 2025"), encoding="utf-8")
    third, problems = restarted(small_plan)
    assert problems == [
        f"Kunne ikke gjenopprette «{texts.STEP_REPLACE}»: {texts.RECOVERY_FILE_CHANGED}"
    ]
    assert not third.is_modified()


def test_a_damaged_journal_is_one_line_and_set_aside(small_plan, tmp_path):
    workspace = session(small_plan)
    workspace.set_fields(workspace.plans[0], "t-2", {"status": "pågår"})
    crash(workspace)
    [name] = journal_files(tmp_path)
    journal = tmp_path / "state/handlingsplan/recovery" / name
    journal.write_bytes(b'{"format": 1,\n "plan": "/hjem/sekret')  # cut off mid-write
    found, problems = leftovers(small_plan)
    assert found == []
    moved = name.removesuffix(".json") + ".damaged"
    assert problems == [
        f"{journal}: gjenopprettingsfilen er skadet (ikke gyldig JSON, linje 2 kolonne 10); "
        f"den er lagt til side som {moved}"
    ]
    assert leftovers(small_plan) == ([], [])  # reported once


def journal_of_another_process(tmp_path, pid: int, process) -> None:
    """The one journal on disk, as if the process `pid` had written it; its recorded
    process identity becomes `process`."""
    folder = tmp_path / "state/handlingsplan/recovery"
    [name] = journal_files(tmp_path)
    body = json.loads((folder / name).read_text(encoding="utf-8"))
    body["pid"], body["process"] = pid, process
    (folder / name).unlink()
    key = name.split("-")[0]
    (folder / f"{key}-{pid}-1.json").write_text(json.dumps(body), encoding="utf-8")


def test_a_live_sessions_journal_is_not_offered(small_plan, tmp_path):
    workspace = session(small_plan)
    workspace.set_fields(workspace.plans[0], "t-2", {"status": "pågår"})
    assert leftovers(small_plan) == ([], [])  # our own, still running
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        identity = recovery.process_identity(other.pid)
        assert set(identity) == {"started", "boot"}  # Linux: /proc is there
        journal_of_another_process(tmp_path, other.pid, identity)
        crash(workspace)
        assert leftovers(small_plan) == ([], [])  # another process is still editing
    finally:
        other.kill()
        other.wait()
    assert len(leftovers(small_plan)[0]) == 1


def test_a_journal_whose_pid_now_belongs_to_another_process_is_offered(small_plan, tmp_path):
    # The editing process died; its pid was given to an unrelated process since.
    workspace = session(small_plan)
    workspace.set_fields(workspace.plans[0], "t-2", {"status": "pågår"})
    crashed_identity = json.loads(
        (tmp_path / "state/handlingsplan/recovery" / journal_files(tmp_path)[0]).read_text()
    )["process"]
    assert crashed_identity == recovery.process_identity(os.getpid())
    unrelated = subprocess.Popen(["sleep", "30"])
    try:
        journal_of_another_process(tmp_path, unrelated.pid, crashed_identity)
        crash(workspace)
        [found], problems = leftovers(small_plan)
        assert problems == []
        assert preview(found) == ["1.1 Tiltak 2 «Klarlegge vervemålene»: Status (tom) → pågår"]
    finally:
        unrelated.kill()
        unrelated.wait()


def test_without_a_recorded_identity_a_live_pid_counts_as_the_writer(small_plan, tmp_path):
    # A journal from before the identity was recorded: the pid is all there is to go on.
    workspace = session(small_plan)
    workspace.set_fields(workspace.plans[0], "t-2", {"status": "pågår"})
    unrelated = subprocess.Popen(["sleep", "30"])
    try:
        journal_of_another_process(tmp_path, unrelated.pid, None)
        crash(workspace)
        assert leftovers(small_plan) == ([], [])
    finally:
        unrelated.kill()
        unrelated.wait()


def test_an_unwritable_state_folder_is_a_problem_not_a_crash(small_plan, tmp_path):
    (tmp_path / "state").write_text("a file where the folder should be")
    workspace = session(small_plan)
    assert workspace.set_fields(workspace.plans[0], "t-2", {"status": "pågår"})
    folder = tmp_path / "state" / "handlingsplan" / "recovery"
    assert workspace.journal.problem == (
        f"kan ikke skrive gjenopprettingsfilen i {folder} (en del av stien er ikke en mappe); lagre ofte"
    )
    assert workspace.plans[0].plan.find_measure("t-2").measure.status == "pågår"


def test_the_error_log_holds_the_traceback(tmp_path):
    try:
        raise RuntimeError("noe gikk galt")
    except RuntimeError as error:
        path = recovery.log_error(error)
    assert path == tmp_path / "state" / "handlingsplan" / "handlingsplan.log"
    text = path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert text.rstrip().endswith("RuntimeError: noe gikk galt")


def test_cli_edits_are_not_journalled(small_plan, tmp_path):
    from tui.cli import main

    assert main(["set", str(small_plan), "t-2", "status=pågår"]) == 0
    assert journal_files(tmp_path) == []
    assert 'status = "pågår"' in small_plan.read_text(encoding="utf-8")
    assert load(small_plan).plan.find_measure("t-2").measure.status == "pågår"
