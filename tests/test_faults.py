"""Faults on the save path: a plan is never lost or half-written."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from datetime import date
from pathlib import Path

import pytest

from tui import storage, texts
from tui.app import HandlingsplanApp
from tui.screens import ChoiceScreen
from tui.storage import ConflictError, PlanError, load, save

from .conftest import SMALL_PLAN

MEASURE = 1  # which measure the killed writer edits


def write_version(plan, version: int) -> None:
    measure = list(plan.measures())[MEASURE].measure
    measure.comment = f"versjon {version}"
    measure.text = "\n".join(f"Linje {n} av versjon {version}" for n in range(400))


def version_of(data: dict) -> int:
    from tui.model import Plan

    comment = list(Plan(data).measures())[MEASURE].measure.comment
    return int(comment.split()[-1]) if comment else 0


def expected_data(original, version: int) -> dict:
    loaded = load(original)
    if version:
        write_version(loaded.plan, version)
    return loaded.plan.to_data()


def temp_files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_killed_mid_save_leaves_the_old_or_the_new_file(tmp_path, request):
    kills = 2000 if request.config.getoption("--long-faults") else 200
    original = tmp_path / "original.toml"
    original.write_text(SMALL_PLAN, encoding="utf-8")
    path = tmp_path / "plan.toml"
    shutil.copy(original, path)
    rng = random.Random(2024)
    seen_versions = set()
    mid_write = 0
    for _ in range(kills):
        pid = os.fork()
        if pid == 0:  # the writer: saves new versions until it is killed
            try:
                loaded = load(path)
                version = version_of(loaded.data)
                while True:
                    version += 1
                    write_version(loaded.plan, version)
                    save(loaded)
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0, 0.05))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        text = path.read_text(encoding="utf-8")
        assert text.strip(), "the plan is empty"
        data = tomllib.loads(text)  # never half-written
        version = version_of(data)
        assert data == expected_data(original, version), f"not exactly version {version}"
        seen_versions.add(version)
        leftovers = temp_files(tmp_path)
        assert len(leftovers) <= 1  # a killed writer's temp file, until the next save clears it
        mid_write += bool(leftovers)
    # The kills landed both between saves (the file moved on) and inside the write itself.
    assert len(seen_versions) > 10 and mid_write > 0
    loaded = load(path)
    write_version(loaded.plan, 10**6)
    save(loaded)
    assert temp_files(tmp_path) == []  # a later save clears what killed writers left


def test_a_live_writers_temp_file_is_left_alone(small_plan):
    live = small_plan.parent / f".plan.toml.{os.getppid()}.abc.tmp"
    dead = small_plan.parent / ".plan.toml.999999999.abc.tmp"
    live.write_text("x")
    dead.write_text("x")
    loaded = load(small_plan)
    loaded.plan.chapters[0].title = "Endret"
    save(loaded)
    assert temp_files(small_plan.parent) == [live.name]


def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo), *args],
                   check=True, capture_output=True)  # fmt: skip


@pytest.mark.parametrize("how", ["checkout", "pull", "other-app"])
def test_changed_underneath_keeps_both_versions(tmp_path, how):
    repo = tmp_path / "repo"
    repo.mkdir()
    path = repo / "plan.toml"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "v1")
    theirs = SMALL_PLAN.replace('frist = "1. desember"', 'frist = "15. desember"')
    loaded = load(path)
    loaded.plan.find_measure("t-2").measure.status = "fullført"  # tonight's edit
    if how == "checkout":
        path.write_text(theirs, encoding="utf-8")
        git(repo, "commit", "-qam", "v2")
        git(repo, "checkout", "-q", "HEAD~1")
        git(repo, "checkout", "-q", "-")
    elif how == "pull":
        path.write_text(theirs, encoding="utf-8")
    else:
        other = load(path)
        other.plan.find_measure("t-2").measure.deadline = "15. desember"
        save(other)
    on_disk = path.read_text(encoding="utf-8")
    with pytest.raises(ConflictError) as error:
        save(loaded)
    assert str(error.value) == f"{path}: {texts.CHANGED_ON_DISK}"
    assert path.read_text(encoding="utf-8") == on_disk
    mine = repo / "plan.mine.toml"
    storage.save_as(loaded, mine)
    assert load(mine).plan.find_measure("t-2").measure.status == "fullført"
    assert "15. desember" in path.read_text(encoding="utf-8")


def test_cannot_write_read_only_file(small_plan, monkeypatch):
    loaded = load(small_plan)
    loaded.plan.find_measure("t-2").measure.status = "fullført"
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if str(p) == str(small_plan)
                        and mode == os.W_OK else real_access(p, mode))  # fmt: skip
    with pytest.raises(PlanError) as error:
        save(loaded)
    assert str(error.value) == f"{small_plan}: {texts.READ_ONLY_FILE}"
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN


def test_cannot_write_read_only_folder(small_plan, monkeypatch):
    loaded = load(small_plan)
    loaded.plan.find_measure("t-2").measure.status = "fullført"

    def no_temp(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(storage.tempfile, "mkstemp", no_temp)
    with pytest.raises(PlanError) as error:
        save(loaded)
    assert str(error.value) == f"{small_plan}: kan ikke skrive (Permission denied); filen er urørt"
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN
    assert temp_files(small_plan.parent) == []


def test_folder_vanished(tmp_path):
    folder = tmp_path / "borte"
    folder.mkdir()
    path = folder / "plan.toml"
    path.write_text(SMALL_PLAN, encoding="utf-8")
    loaded = load(path)
    loaded.plan.find_measure("t-2").measure.status = "fullført"
    shutil.rmtree(folder)
    with pytest.raises(PlanError) as error:
        save(loaded)
    assert str(error.value) == f"{path}: {texts.CHANGED_ON_DISK}"
    assert not folder.exists()


async def test_two_apps_on_one_file(small_plan):
    first = HandlingsplanApp([str(small_plan)], today=date(2024, 9, 1), watch_disk=False)
    second = HandlingsplanApp([str(small_plan)], today=date(2024, 9, 1), watch_disk=False)
    async with second.run_test(size=(150, 45)) as pilot2:
        await second.workers.wait_for_complete()
        async with first.run_test(size=(150, 45)) as pilot1:
            await first.workers.wait_for_complete()
            first.workspace.set_fields(first.workspace.plans[0], "t-2", {"status": "pågår"})
            await pilot1.press("ctrl+s")
            await first.workers.wait_for_complete()
            await pilot1.pause()
        second.workspace.set_fields(second.workspace.plans[0], "t-2", {"status": "utsatt"})
        await pilot2.press("ctrl+s")
        await second.workers.wait_for_complete()
        await pilot2.pause()
        assert isinstance(second.screen, ChoiceScreen)  # reload, save as, or see the difference
        assert second.workspace.is_modified()
    text = small_plan.read_text(encoding="utf-8")
    assert 'status = "pågår"' in text and "utsatt" not in text


def test_disk_diff_shows_both_versions(small_plan):
    from tui.session import Workspace

    workspace = Workspace.open([small_plan])
    loaded = workspace.plans[0]
    workspace.set_fields(loaded, "t-2", {"status": "pågår"})
    small_plan.write_text(SMALL_PLAN.replace("Verving", "Verving 2025"), encoding="utf-8")
    diff = workspace.disk_diff(loaded)
    assert diff.startswith("--- på disken\n+++ mine endringer\n")
    assert '+status = "pågår"' in diff and '-tittel = "Verving 2025"' in diff


# --- concurrent writers: one door, a lock, no lost update (issue 12, helper D) --------------

HANDLINGSPLAN = str(Path(sys.executable).with_name("handlingsplan"))
PAIRS = 100


def start_set(path, *assignments):
    return subprocess.Popen([HANDLINGSPLAN, "set", str(path), "t-2", *assignments],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


def finish(process) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=60)
    return process.returncode, out, err


def measure_t2(path) -> dict:
    from tui.model import Plan

    return Plan(tomllib.loads(path.read_text(encoding="utf-8"))).find_measure("t-2").measure.data


def test_concurrent_set_pairs_lose_no_update(small_plan):
    """100 pairs of `handlingsplan set` started together on one plan: every run that says
    «lagret» has its values in the file afterwards (for a field both set: the value of one of
    them); a run that cannot get the lock says so in one line and exits 1. The lock leaves
    nothing in the plan's folder."""
    saved = f"lagret {small_plan}\n"
    refused = f"handlingsplan: {small_plan}: {texts.PLAN_LOCKED.format(seconds=10)}\n"
    landed = 0
    for pair in range(PAIRS):
        if pair % 2:  # different fields of the same measure
            writes = [{"kommentar": f"k{pair}"}, {"budsjett": f"b{pair}"}]
        else:  # the same field to different values, each with a field of its own as a witness
            writes = [{"kommentar": f"a{pair}", "budsjett": f"a{pair}"},
                      {"kommentar": f"b{pair}", "prosjektnr": f"b{pair}"}]  # fmt: skip
        runs = [start_set(small_plan, *(f"{k}={v}" for k, v in w.items())) for w in writes]
        results = [finish(run) for run in runs]
        for code, out, err in results:
            assert (code, out, err) in [(0, "", saved), (1, "", refused)], err
        measure = measure_t2(small_plan)
        succeeded = [w for w, (code, _, _) in zip(writes, results, strict=True) if code == 0]
        for write in succeeded:
            witnesses = {k: v for k, v in write.items() if k != "kommentar" or pair % 2}
            assert {k: measure[k] for k in witnesses} == witnesses, f"pair {pair}: lost"
        if succeeded and pair % 2 == 0:
            assert measure["kommentar"] in [w["kommentar"] for w in succeeded], f"pair {pair}"
        landed += len(succeeded)
        assert sorted(p.name for p in small_plan.parent.iterdir()) == ["plan.toml"]
    assert landed == 2 * PAIRS  # nobody held the lock for 10 s, so nobody was refused


def hold_lock(path):
    """Another process holding the plan's lock (a writer in the middle of a save) until it
    is killed."""
    code = ("import sys, time; from pathlib import Path; from tui.storage import locked\n"
            "with locked(Path(sys.argv[1])):\n"
            "    print('låst', flush=True); time.sleep(600)\n")  # fmt: skip
    holder = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                              text=True)  # fmt: skip
    assert holder.stdout.readline() == "låst\n"
    return holder


def test_a_writer_killed_holding_the_lock_does_not_block_the_next(small_plan):
    holder = hold_lock(small_plan)
    waiting = start_set(small_plan, "status=pågår")
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert finish(waiting) == (0, "", f"lagret {small_plan}\n")
    assert measure_t2(small_plan)["status"] == "pågår"
    assert sorted(p.name for p in small_plan.parent.iterdir()) == ["plan.toml"]


def test_a_writer_that_never_lets_go_gives_one_line(small_plan, capsys, monkeypatch):
    from tui.cli import main

    monkeypatch.setattr(storage, "LOCK_WAIT", 1.0)
    holder = hold_lock(small_plan)
    try:
        code = main(["set", str(small_plan), "t-2", "status=pågår"])
    finally:
        holder.kill()
        holder.wait()
    message = texts.PLAN_LOCKED.format(seconds=1)
    assert (code, capsys.readouterr().err) == (1, f"handlingsplan: {small_plan}: {message}\n")
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN


def test_a_tui_save_during_another_save_waits_and_then_refuses(small_plan):
    """The TUI's save takes the same lock: while another writer is between its check and its
    write, the TUI waits, then finds the file changed and says so (reload / save as) instead
    of writing first and having its edit overwritten without a word."""
    import threading

    from tui.session import Workspace

    workspace = Workspace.open([small_plan])
    loaded = workspace.plans[0]
    workspace.set_fields(loaded, "t-1", {"status": "pågår"})
    theirs = SMALL_PLAN.replace('frist = "1. desember"', 'frist = "15. desember"')
    code = ("import sys; from pathlib import Path; from tui.storage import atomic_write, locked\n"
            "path = Path(sys.argv[1])\n"
            "with locked(path):\n"
            "    print('låst', flush=True); sys.stdin.readline()\n"
            "    atomic_write(path, sys.argv[2].encode())\n")  # fmt: skip
    writer = subprocess.Popen([sys.executable, "-c", code, str(small_plan), theirs],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert writer.stdout.readline() == "låst\n"
    outcome = []

    def tui_save():
        try:
            outcome.append(workspace.save(loaded))
        except PlanError as error:
            outcome.append(error)

    saving = threading.Thread(target=tui_save)
    saving.start()
    time.sleep(0.2)  # let the TUI's save reach the lock (it must wait there, not write)
    writer.communicate("go\n", timeout=30)
    saving.join(timeout=30)
    assert len(outcome) == 1 and isinstance(outcome[0], ConflictError)
    assert small_plan.read_text(encoding="utf-8") == theirs
    assert workspace.is_modified()
