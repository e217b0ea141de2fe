"""Faults: a plan is never lost or half-written, and no edit is lost when the TUI ends."""

import fcntl
import os
import pty
import random
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
import tomllib
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input

from tui import texts
from tui.actions.workspace import open_workspace
from tui.store import storage
from tui.store.storage import ConflictError, PlanError, load, save
from tui.ui.app import HandlingsplanApp
from tui.ui.screens import ChoiceScreen

from .conftest import SMALL_PLAN, changed_lines
from .test_tui import SIZE, app_for, edit_measure, go_to_section, notes_of, started

MEASURE = 1  # which measure the killed writer edits


def write_version(plan, version: int) -> None:
    measure = list(plan.measures())[MEASURE].measure
    measure.comment = f"versjon {version}"
    measure.text = "\n".join(f"Linje {n} av versjon {version}" for n in range(400))


def version_of(data: dict) -> int:
    from tui.domain.model import Plan

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
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo), *args],
        check=True,
        capture_output=True,
    )


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
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode: (
            False if str(p) == str(small_plan) and mode == os.W_OK else real_access(p, mode)
        ),
    )
    with pytest.raises(PlanError) as error:
        save(loaded)
    assert str(error.value) == f"{small_plan}: {texts.READ_ONLY_FILE}"
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN


def test_cannot_write_read_only_folder(small_plan, monkeypatch):
    loaded = load(small_plan)
    loaded.plan.find_measure("t-2").measure.status = "fullført"

    def no_temp(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", no_temp)  # storage imports it when it saves
    with pytest.raises(PlanError) as error:
        save(loaded)
    assert str(error.value) == f"{small_plan}: kan ikke skrive (ingen tilgang); filen er urørt"
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
    first = HandlingsplanApp(
        open_workspace([str(small_plan)]), today=date(2024, 9, 1), watch_disk=False
    )
    second = HandlingsplanApp(
        open_workspace([str(small_plan)]), today=date(2024, 9, 1), watch_disk=False
    )
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
    from tui.actions.workspace import Workspace

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
    return subprocess.Popen(
        [HANDLINGSPLAN, "set", str(path), "t-2", *assignments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=60)
    return process.returncode, out, err


def measure_t2(path) -> dict:
    from tui.domain.model import Plan

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
            writes = [
                {"kommentar": f"a{pair}", "budsjett": f"a{pair}"},
                {"kommentar": f"b{pair}", "prosjektnr": f"b{pair}"},
            ]
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
    code = (
        "import sys, time; from pathlib import Path; from tui.store.storage import locked\n"
        "with locked(Path(sys.argv[1])):\n"
        "    print('låst', flush=True); time.sleep(600)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True
    )
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

    from tui.actions.workspace import Workspace

    workspace = Workspace.open([small_plan])
    loaded = workspace.plans[0]
    workspace.set_fields(loaded, "t-1", {"status": "pågår"})
    theirs = SMALL_PLAN.replace('frist = "1. desember"', 'frist = "15. desember"')
    code = (
        "import sys; from pathlib import Path; from tui.store.storage import atomic_write, locked\n"
        "path = Path(sys.argv[1])\n"
        "with locked(path):\n"
        "    print('låst', flush=True); sys.stdin.readline()\n"
        "    atomic_write(path, sys.argv[2].encode())\n"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", code, str(small_plan), theirs],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
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


# --- the TUI as a real process in a pseudo-terminal: signals, then a restart -------------

HANDLINGSPLAN = Path(sys.executable).with_name("handlingsplan")
ANSI = re.compile(
    rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>])"
)
KEYS = {"down": "\x1b[B", "tab": "\t", "enter": "\r", "ctrl+s": "\x13", "ctrl+q": "\x11"}
LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
EDITED = "Hastesak: Påse at klubbene har ett drøftingsmøte"


STARTED: list[subprocess.Popen] = []  # every TUI a test started, ended by _end_started_tuis


@pytest.fixture(autouse=True)
def _end_started_tuis():
    """A test that fails midway leaves its TUI running: end it, and its children, after the test."""
    yield
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Terminal:
    """`handlingsplan PLAN` in a pseudo-terminal of 150x45, as a user's terminal runs it."""

    def __init__(self, plan: Path, state: Path):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 150, 0, 0))
        env = {**os.environ, "XDG_STATE_HOME": str(state), "TERM": "xterm-256color"}
        self.process = subprocess.Popen(
            [str(HANDLINGSPLAN), str(plan)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        STARTED.append(self.process)
        os.close(slave)
        self.output = b""

    def read(self, seconds: float) -> None:
        ready, _, _ = select.select([self.master], [], [], seconds)
        if ready:
            try:
                self.output += os.read(self.master, 65536)
            except OSError:  # the process is gone and the terminal closed
                time.sleep(seconds)

    def text(self) -> str:
        return ANSI.sub(b"", self.output).decode("utf-8", errors="replace")

    def wait_for(self, text: str, within: float = 60) -> None:
        give_up = time.monotonic() + within
        while text not in self.text():
            assert time.monotonic() < give_up, f"never showed {text!r}:\n{self.text()[-3000:]}"
            self.read(0.1)

    def press(self, *keys: str) -> None:
        for key in keys:
            os.write(self.master, KEYS.get(key, key).encode("utf-8"))

    def ended(self, within: float = 60) -> int:
        give_up = time.monotonic() + within
        while self.process.poll() is None:
            assert time.monotonic() < give_up, f"still running:\n{self.text()[-3000:]}"
            self.read(0.1)
        self.read(0.2)
        os.close(self.master)
        return self.process.returncode


def journals(state: Path) -> list[Path]:
    folder = state / "handlingsplan" / "recovery"
    return sorted(folder.glob("*.json")) if folder.exists() else []


def type_into_first_measure(terminal: Terminal) -> None:
    """1.1 Heltid, the measure table, e, type at the start of the text (not applied)."""
    terminal.wait_for("^q Avslutt")  # the footer: mounted once the first frame is up
    terminal.press("down")
    terminal.wait_for("1.1.1 ")
    terminal.press("tab", "tab", "tab", "e")
    terminal.wait_for("Rediger 1.1.1")
    terminal.press("Hastesak: ")
    terminal.wait_for("Hastesak: Påse")


def edit_first_measure(terminal: Terminal, state: Path) -> None:
    """The same, applied (ctrl+s in the form): an unsaved edit, journalled."""
    type_into_first_measure(terminal)
    terminal.press("ctrl+s")
    terminal.wait_for("ulagret")
    give_up = time.monotonic() + 60
    while not journals(state):
        assert time.monotonic() < give_up, "the edit was never journalled"
        terminal.read(0.1)


def restart_and_restore(plan: Path, state: Path) -> None:
    again = Terminal(plan, state)
    again.wait_for(texts.RECOVERY_RESTORE)
    again.press("enter")  # the first choice: restore
    again.wait_for(f"Gjenopprettet 1 endring i {plan.name}; ikke lagret ennå")
    assert plan.read_text(encoding="utf-8") == SMALL_PLAN  # restored, not yet saved
    again.press("ctrl+s")
    again.wait_for(texts.SAVED_NOTICE.format(name=plan.name))
    again.press("ctrl+q")  # nothing unsaved: ends at once
    assert again.ended() == 0


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP", "SIGKILL"])
def test_tui_killed_by_a_signal_offers_the_edits_at_the_next_start(tmp_path, signal_name):
    plan, state = tmp_path / "plan.toml", tmp_path / "state"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    terminal = Terminal(plan, state)
    edit_first_measure(terminal, state)
    number = getattr(signal, signal_name)
    terminal.process.send_signal(number)
    code = terminal.ended()
    if signal_name == "SIGKILL":
        assert code == -number  # nothing runs; the journal on disk is all there is
    else:
        assert code == 128 + number
        tail = terminal.output[terminal.output.rindex(LEAVE_ALTERNATE_SCREEN) :]
        assert b"\x1b[?1000l" in terminal.output  # mouse reporting off
        line = f"handlingsplan: {texts.SIGNAL_EXIT.format(name=signal_name)}"
        assert line in ANSI.sub(b"", tail).decode("utf-8")  # said after leaving the screen
    assert plan.read_text(encoding="utf-8") == SMALL_PLAN
    restart_and_restore(plan, state)
    assert changed_lines(SMALL_PLAN, plan.read_text(encoding="utf-8")) == (
        ["Påse at klubbene har ett drøftingsmøte"],
        [EDITED],
    )
    assert journals(state) == []


def exit_line_of(terminal: Terminal) -> str:
    """What the app said on stderr after leaving the alternate screen (its last line)."""
    tail = terminal.output[terminal.output.rindex(LEAVE_ALTERNATE_SCREEN) :]
    return ANSI.sub(b"", tail).decode("utf-8").strip().splitlines()[-1]


@pytest.mark.parametrize("signal_name", ["SIGHUP", "SIGTERM"])
def test_text_typed_in_an_open_form_comes_back_after_a_signal(tmp_path, signal_name):
    plan, state = tmp_path / "plan.toml", tmp_path / "state"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    terminal = Terminal(plan, state)
    type_into_first_measure(terminal)
    assert journals(state) == []  # typed, not applied: nothing journalled yet
    number = getattr(signal, signal_name)
    terminal.process.send_signal(number)
    assert terminal.ended() == 128 + number
    assert exit_line_of(terminal) == (
        f"handlingsplan: avsluttet av signal {signal_name}; "
        "ulagrede endringer tilbys ved neste start"
    )
    assert plan.read_text(encoding="utf-8") == SMALL_PLAN
    restart_and_restore(plan, state)
    assert changed_lines(SMALL_PLAN, plan.read_text(encoding="utf-8")) == (
        ["Påse at klubbene har ett drøftingsmøte"],
        [EDITED],
    )
    assert journals(state) == []


def test_a_signal_with_nothing_unsaved_says_only_that(tmp_path):
    plan, state = tmp_path / "plan.toml", tmp_path / "state"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    terminal = Terminal(plan, state)
    terminal.wait_for("^q Avslutt")
    terminal.process.send_signal(signal.SIGTERM)
    assert terminal.ended() == 128 + signal.SIGTERM
    assert exit_line_of(terminal) == "handlingsplan: avsluttet av signal SIGTERM"
    assert journals(state) == []


async def test_a_signal_when_the_journal_cannot_be_written_says_the_edits_are_lost(
    small_plan, tmp_path
):
    (tmp_path / "state").write_text("a file where the folder should be")
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.workspace.set_fields(app.workspace.plans[0], "t-2", {"status": "pågår"})
        app._end_by_signal(signal.SIGTERM)  # the handler the app installs for SIGTERM
        await pilot.pause()
    folder = tmp_path / "state" / "handlingsplan" / "recovery"
    assert app.return_code == 128 + signal.SIGTERM
    assert app.exit_line == (
        "avsluttet av signal SIGTERM; ulagrede endringer kunne ikke tas vare på "
        f"(kan ikke skrive i {folder}: en del av stien er ikke en mappe)"
    )


async def test_an_invalid_value_typed_in_the_form_is_reported_with_its_text(small_plan):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        form = await edit_measure(pilot, "1.1 Heltid", 1)
        form.query_one("#deadline", Input).value = "31.21.2024"
        form.query_one("#comment", Input).value = "Ta det opp i styret"
        app._end_by_signal(signal.SIGHUP)
        await pilot.pause()
    assert app.exit_line == "avsluttet av signal SIGHUP; ulagrede endringer tilbys ved neste start"

    again = app_for(small_plan)
    async with again.run_test(size=SIZE) as pilot:
        await started(pilot)
        shown = notes_of(again)
        await pilot.click("#choice-restore")
        await pilot.pause()
        assert shown[-1] == (
            "Kunne ikke gjenopprette «endre tiltak»: skrevet i skjemaet for "
            "1.1 Tiltak 2 «Klarlegge vervemålene», men ikke gyldig: Frist «31.21.2024» "
            "(ugyldig frist «31.21.2024»: måned 21 finnes ikke)"
        )
        measure = again.workspace.plans[0].plan.find_measure("t-2").measure
        assert (measure.comment, measure.deadline) == ("Ta det opp i styret", "1. desember")


async def test_an_error_inside_textual_keeps_what_is_typed_in_an_open_form(small_plan, tmp_path):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        form = await edit_measure(pilot, "1.1 Heltid", 1)
        form.query_one("#deadline", Input).value = "1. november"  # typed, not applied
        app.set_timer(0.01, boom)
        await pilot.pause(0.2)
    log = tmp_path / "state" / "handlingsplan" / "handlingsplan.log"
    assert app.exit_line == (
        f"uventet feil: RuntimeError: injisert; detaljer i {log}. "
        "Ulagrede endringer tilbys ved neste start"
    )
    again = app_for(small_plan)
    async with again.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.click("#choice-show")
        await pilot.pause()
        assert str(again.screen.query_one("#text-body").content) == (
            "1.1 Tiltak 2 «Klarlegge vervemålene»: Frist 1. desember → 1. november"
        )


async def test_an_error_inside_textual_with_nothing_unsaved_says_only_that(small_plan, tmp_path):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        app.set_timer(0.01, boom)
        await pilot.pause(0.2)
    log = tmp_path / "state" / "handlingsplan" / "handlingsplan.log"
    assert app.return_code == 1
    assert app.exit_line == f"uventet feil: RuntimeError: injisert; detaljer i {log}"


def test_sigint_asks_like_ctrl_q(tmp_path):
    plan, state = tmp_path / "plan.toml", tmp_path / "state"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    terminal = Terminal(plan, state)
    edit_first_measure(terminal, state)
    terminal.process.send_signal(signal.SIGINT)
    terminal.wait_for(texts.QUIT_TITLE)
    assert terminal.process.poll() is None  # asked, did not exit
    terminal.process.send_signal(signal.SIGINT)  # asked again: still the one question
    terminal.press("enter")  # the first choice: save and quit
    assert terminal.ended() == 0
    assert changed_lines(SMALL_PLAN, plan.read_text(encoding="utf-8")) == (
        ["Påse at klubbene har ett drøftingsmøte"],
        [EDITED],
    )
    assert journals(state) == []


# --- unexpected errors in the TUI (Pilot): reported and survived, or the app ends and the
# restart offers the edits -------------------------------------------------------------


def boom(*args, **kwargs):
    raise RuntimeError("injisert")


INJECTED = {
    # where the exception is raised -> how the user gets there
    "action": ("tui.ui.app.HandlingsplanApp.action_git_diff", ["g"]),
    "screen callback": ("tui.actions.workspace.Workspace.set_block", ["edit-block"]),
    "message handler": ("tui.ui.app.HandlingsplanApp.on_saved", ["ctrl+s"]),
    "worker": ("tui.ui.app.write_save", ["ctrl+s"]),
}


@pytest.mark.parametrize("where", INJECTED)
async def test_an_exception_in_a_handler_is_one_line_and_the_app_goes_on(
    small_plan, tmp_path, monkeypatch, where
):
    target, keys = INJECTED[where]
    app = app_for(small_plan)
    log = tmp_path / "state" / "handlingsplan" / "handlingsplan.log"
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        shown = notes_of(app)
        app.workspace.set_fields(app.workspace.plans[0], "t-2", {"status": "pågår"})
        monkeypatch.setattr(target, boom)
        await go_to_section(pilot, "1.1 Heltid")
        for key in keys:
            if key == "edit-block":
                app.query_one("#blocks").focus()
                await pilot.press("e")
                await pilot.pause()
                await pilot.press("end", *" Mer", "ctrl+s")
            else:
                await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert shown[-1] == (
            f"Uventet feil: RuntimeError: injisert (detaljer i {log}); "
            "endringene dine er tatt vare på"
        )
        assert log.read_text(encoding="utf-8").rstrip().endswith("RuntimeError: injisert")
        assert app.is_running
        monkeypatch.undo()
        # Still working: the next edit and a save land in the file.
        form = await edit_measure(pilot, "1.1 Heltid", 2)
        form.query_one("#deadline", Input).value = "1. mai"
        await pilot.press("ctrl+s", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    removed, added = changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8"))
    assert 'frist = "1. mai"' in added and 'status = "pågår"' in added


async def test_an_error_inside_textual_ends_the_app_and_the_edits_come_back(small_plan, tmp_path):
    app = app_for(small_plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        form = await edit_measure(pilot, "1.1 Heltid", 1)
        form.query_one("#deadline", Input).value = "1. november"
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.set_timer(0.01, boom)  # a timer's callback: outside every handler of ours
        await pilot.pause(0.2)
    log = tmp_path / "state" / "handlingsplan" / "handlingsplan.log"
    assert app.return_code == 1
    assert app.exit_line == (
        f"uventet feil: RuntimeError: injisert; detaljer i {log}. "
        "Ulagrede endringer tilbys ved neste start"
    )
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN

    again = app_for(small_plan)
    async with again.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert isinstance(again.screen, ChoiceScreen)
        assert str(again.screen.query_one(".form-title").content).startswith(
            "Ulagrede endringer i plan.toml fra "
        )
        await pilot.click("#choice-show")
        await pilot.pause()
        assert str(again.screen.query_one("#text-body").content) == (
            "1.1 Tiltak 2 «Klarlegge vervemålene»: Frist 1. desember → 1. november"
        )
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#choice-restore")
        await pilot.pause()
        assert again.sub_title == "ulagret • plan.toml"
        assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN  # not saved until ctrl+s
        await pilot.press("ctrl+s")
        await again.workers.wait_for_complete()
        await pilot.pause()
    assert changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8")) == (
        ['frist = "1. desember"'],
        ['frist = "1. november"'],
    )
    third = app_for(small_plan)
    async with third.run_test(size=SIZE) as pilot:
        await started(pilot)
        assert not isinstance(third.screen, ChoiceScreen)  # saved: nothing left to offer
