"""Benchmarks side by side with the tools a secretary would otherwise use.

    .venv/bin/python -m tests.benchmarks.run [--quick]

Prints a table and writes docs/benchmarks.md. Every figure is the median of several runs;
every comparison is a ratio measured in the same run, the things compared (ours and a peer,
or one command at three sizes) taking turns run by run. Peers (pandoc, taskwarrior, tmux) come
from Debian's packages: they are installed if missing and possible, else skipped by name.
"""

from __future__ import annotations

import asyncio
import compileall
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from tests.benchmarks.keystroke import keystroke_rows
from tests.benchmarks.preview import kept_tmux_server, preview_rows
from tests.benchmarks.workload import generate, write_org, write_taskwarrior, write_toml

ROOT = Path(__file__).resolve().parents[2]
HP = [sys.executable, "-m", "tui"]
PEERS = {"pandoc": "pandoc", "task": "taskwarrior", "tmux": "tmux", "valgrind": "valgrind"}
ROLE, BEFORE = "Nestleder", "2024-07-01"
TASK_QUERY = ["task", f"+{ROLE}", f"due.before:{BEFORE}", "export"]
# On screen once the whole first screen is there, the last tab's label included.
COMPLETE = "Kontroll"


def ensure_peers() -> dict[str, bool]:
    missing = [pkg for cmd, pkg in PEERS.items() if not shutil.which(cmd)]
    if missing and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-q", *missing], capture_output=True)
    return {cmd: bool(shutil.which(cmd)) for cmd in PEERS}


def alternating(commands: dict, runs: int) -> dict:
    """Median seconds of each (command, env), the commands taking turns run by run. This
    machine's speed has been seen to halve for minutes at a time; taking turns lets such a
    stretch fall on every command alike, so the ratios between them hold."""
    times: dict = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, env) in commands.items():
            args = command() if callable(command) else command  # a new argument each run
            start = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True, env=env)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(seen) for name, seen in times.items()}


def matches(command: list[str], env: dict | None = None) -> int:
    return len(json.loads(subprocess.run(command, env=env, capture_output=True, check=True).stdout))


# --- command-line figures ---------------------------------------------------------------------
# Ours at every size (for growth), the peer at 5,000 measures (for the ratio), all taking turns.


def write_workload(work: Path, size: int) -> Path:
    work.mkdir()
    plan = generate(size)
    write_toml(plan, work / "plan.toml")
    write_org(plan, work / "plan.org")
    write_taskwarrior(plan, work / "plan.json")
    return work


def export_commands(works: dict[int, Path], have: dict) -> dict:
    commands: dict = {
        size: ([*HP, "export", str(work / "plan.toml"), "-o", str(work / "a.md")], None)
        for size, work in works.items()
    }
    if have["pandoc"]:
        work = works[5000]
        commands["peer"] = (
            ["pandoc", "-f", "org", "-t", "gfm", str(work / "plan.org"), "-o", str(work / "b.md")],
            None,
        )
    return commands


def list_command(work: Path) -> list[str]:
    return [
        *HP,
        "list",
        str(work / "plan.toml"),
        "--role",
        ROLE,
        "--due-before",
        BEFORE,
        "--format",
        "json",
    ]


def list_commands(works: dict[int, Path], have: dict) -> dict:
    commands: dict = {size: (list_command(work), None) for size, work in works.items()}
    if have["task"]:
        commands["peer"] = (TASK_QUERY, taskwarrior_env(works[5000]))
    return commands


def taskwarrior_env(work: Path) -> dict:
    data = work / "task"
    data.mkdir(exist_ok=True)
    rc = work / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=no\nverbose=nothing\nhooks=off\n")
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
    if any(data.iterdir()):
        return env  # imported already (the cold-path figures use it too)
    subprocess.run(["task", "import", str(work / "plan.json")], env=env, capture_output=True)
    return env


def check_commands(works: dict[int, Path]) -> dict:
    return {size: ([*HP, "check", str(work / "plan.toml")], None) for size, work in works.items()}


def save_one_edit(works: dict[int, Path], runs: int) -> tuple[dict[int, float], int]:
    """Median seconds of a model edit plus its minimal-diff save at each size (sizes taking
    turns), and how many lines the save changed in the 5,000-measure plan."""
    from tui.store.storage import load, save

    times: dict[int, list[float]] = {size: [] for size in works}
    changed = 0
    for n in range(runs):
        for size, work in works.items():
            path = work / f"save-{n}.toml"
            shutil.copy(work / "plan.toml", path)
            before = path.read_text(encoding="utf-8")
            loaded = load(path)
            start = time.perf_counter()
            measures = list(loaded.plan.measures())
            measures[len(measures) // 2].measure.status = "fullført"
            save(loaded)
            times[size].append(time.perf_counter() - start)
            if size == 5000:
                after = path.read_text(encoding="utf-8")
                changed = sum(
                    1
                    for a, b in zip(before.splitlines(), after.splitlines(), strict=False)
                    if a != b
                )
    return {size: statistics.median(seen) for size, seen in times.items()}, changed


# --- TUI figures ------------------------------------------------------------------------------


def first_screen(cases: dict[str, tuple[list[str], list[str]]], runs: int) -> dict[str, dict]:
    """For each case (command, markers): median seconds until each marker is on a real
    terminal's screen (tmux), and the peak RSS in KB. The cases take turns run by run, so a
    busy moment of this shared machine falls on all of them alike."""
    seen: dict[str, list[list[float]]] = {name: [] for name in cases}
    peak = dict.fromkeys(cases, 0)
    with kept_tmux_server():
        for n in range(runs):
            for name, (command, markers) in cases.items():
                times, rss = _time_one(command, markers, f"hpbench{os.getpid()}{n}")
                seen[name].append(times)
                peak[name] = max(peak[name], rss)
    return {
        name: {
            "seconds": [
                statistics.median(t[i] for t in seen[name]) for i in range(len(cases[name][1]))
            ],
            "rss": peak[name],
        }
        for name in cases
    }


def _time_one(command: list[str], markers: list[str], session: str) -> tuple[list[float], int]:
    seen = [float("nan")] * len(markers)
    start = time.perf_counter()
    subprocess.run(
        ["tmux", "new", "-d", "-s", session, "-x", "150", "-y", "45", " ".join(command)], check=True
    )
    while time.perf_counter() - start < 30:
        screen = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
        ).stdout
        for i, marker in enumerate(markers):
            if math.isnan(seen[i]) and marker in screen:
                seen[i] = time.perf_counter() - start
        if not any(math.isnan(t) for t in seen):
            break
        time.sleep(0.01)
    pid = subprocess.run(
        ["tmux", "display", "-p", "-t", session, "#{pane_pid}"], capture_output=True, text=True
    ).stdout.strip()
    rss = _peak_rss(pid)
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return seen, rss


def _peak_rss(pid: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def first_frame_instructions(cases: dict[str, list[str]]) -> dict[str, int]:
    """Instructions (callgrind) each case runs until its first frame is written: the same
    count run after run, where wall-clock time on a shared machine is not. The cases run
    side by side, one per core."""
    tool = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    running = {
        name: subprocess.Popen(
            [*tool, sys.executable, "-m", "tests.benchmarks.first_frame", *args],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, args in cases.items()
    }
    counts = {}
    for name, process in running.items():
        found = re.search(r"Collected : (\d+)", process.communicate()[1])
        counts[name] = int(found.group(1)) if found else 0
    return counts


def first_plan_title(paths: list[Path]) -> str:
    """The title the tree shows first: the marker both apps are timed to."""
    from tui.store.storage import load

    return load(paths[0]).plan.title[:30]  # the tree may cut a long title short


def tree_size(paths: list[Path]) -> int:
    from tui.store.storage import load

    return sum(len(list(load(p).plan.walk())) + 1 for p in paths)


def keystroke_ms(plan: Path, runs: int) -> tuple[float, float]:
    """Median ms from pressing a character in the text filter until the filtered view is on
    the screen (the first refresh after the filter ran), and the median ms of the filtering
    itself. Pilot's own waiting for an idle CPU after each key is not counted."""
    from tui.actions.workspace import open_workspace
    from tui.ui.app import HandlingsplanApp

    async def measure() -> tuple[list[float], list[float]]:
        app = HandlingsplanApp(open_workspace([str(plan)]), watch_disk=False)
        apply_filters, marks = app.filter_bar.on_change, {}

        def timed(values: dict) -> None:
            marks["filter"] = time.perf_counter()
            apply_filters(values)
            marks["filtered"] = time.perf_counter()
            app.call_after_refresh(lambda: marks.setdefault("settled", time.perf_counter()))

        app.filter_bar.on_change = timed
        settled, filtering = [], []
        async with app.run_test(size=(150, 45)) as pilot:
            await pilot.pause()
            await pilot.press("slash")
            for char in ("tillitsvalgte" * 3)[:runs]:
                marks.clear()
                start = time.perf_counter()
                await pilot.press(char)
                await pilot.pause()
                settled.append((marks["settled"] - start) * 1000)
                filtering.append((marks["filtered"] - marks["filter"]) * 1000)
        return settled, filtering

    settled, filtering = asyncio.run(measure())
    return statistics.median(settled), statistics.median(filtering)


def table_keystroke_ms(app, text_input: str, runs: int) -> float:
    """Median ms from a character typed in the app's text input until the screen has been
    refreshed after the input's value changed (Pilot's wait for an idle CPU not counted)."""

    async def measure() -> list[float]:
        marks: dict = {}
        settled = []
        async with app.run_test(size=(150, 45)) as pilot:
            await pilot.pause()
            await prepare(pilot)
            field = app.query_one(text_input)
            app.watch(
                field,
                "value",
                lambda: app.call_after_refresh(
                    lambda: marks.setdefault("settled", time.perf_counter())
                ),
                init=False,
            )
            for char in ("tillitsvalgte" * 3)[:runs]:
                marks.clear()
                start = time.perf_counter()
                await pilot.press(char)
                await pilot.pause()
                settled.append((marks["settled"] - start) * 1000)
        return settled

    async def prepare(pilot) -> None:
        if text_input == "#filter-text":  # ours: the Tiltak tab open, then the search
            await pilot.app.workers.wait_for_complete()
            await pilot.press("f3")
            for _ in range(100):
                if pilot.app.query("#all-measures"):
                    break
                await pilot.pause(0.05)
            await pilot.press("slash")
        else:
            pilot.app.query_one(text_input).focus()
        await pilot.pause()

    return statistics.median(asyncio.run(measure()))


def f3_keystroke_rows(base: Path, runs: int) -> list[tuple[str, str, str, str, str]]:
    """The filter keystroke with the Tiltak tab (F3) open at 2,000 and 20,000 measures,
    against a bare Input above a DataTable of as many rows, the two taking turns."""
    from tests.benchmarks.bare_app import BareTable
    from tui.actions.workspace import open_workspace
    from tui.ui.app import HandlingsplanApp

    rows = []
    for size in (2000, 20000):
        plan = base / f"f3-{size}.toml"
        write_toml(generate(size), plan)
        ours, bare = [], []
        for _ in range(3):
            app = HandlingsplanApp(open_workspace([str(plan)]), watch_disk=False)
            ours.append(table_keystroke_ms(app, "#filter-text", runs))
            bare.append(table_keystroke_ms(BareTable(size), "#text", runs))
        mine, peer = statistics.median(ours), statistics.median(bare)
        rows.append(
            (
                f"filter keystroke, Tiltak tab (F3) open, {size:,} measures (Pilot)",
                f"{mine:.0f} ms until the screen is refreshed",
                f"bare Input+DataTable {peer:.0f} ms",
                f"{mine / peer:.2f}× {met(mine, 4 * peer)}",
                "≤ 4× the bare app",
            )
        )
    return rows


# --- the cold path (issue 14) -----------------------------------------------------------------
# Cold is what a user meets after an edit or a git pull. No parse is cached any more (the
# compiled parser made the cache not worth its moving parts), so every run is cold.

FLOOR = """
import os, sys, tempfile
path = sys.argv[1]
raw = open(path, "rb").read()
handle, temp = tempfile.mkstemp(dir=os.path.dirname(path))
with os.fdopen(handle, "wb") as out:
    out.write(raw)
    out.flush()
    os.fsync(out.fileno())
os.replace(temp, path)
"""


def cold_commands(work: Path, have: dict) -> dict:
    plan = str(work / "plan.toml")
    commands: dict = {
        "list": (list_command(work), None),
        "export": ([*HP, "export", plan, "-o", str(work / "c.md")], None),
        "check": ([*HP, "check", plan], None),
    }
    if have["task"]:
        commands["task"] = (TASK_QUERY, taskwarrior_env(work))
    if have["pandoc"]:
        org = str(work / "plan.org")
        commands["pandoc"] = (
            ["pandoc", "-f", "org", "-t", "gfm", org, "-o", str(work / "p.md")],
            None,
        )
    return commands


def set_commands(work: Path, size: int) -> dict:
    """A cold `set` of one field (each run a new value, so the file changes every time) and
    the floor: start Python, read the plan, write it atomically."""
    plan = work / "set.toml"
    shutil.copy(work / "plan.toml", plan)
    middle = f"t-{size // 2:06x}"
    values = iter(range(10**9))

    def changing() -> list[str]:  # a new value each run, so the file changes every time
        return [*HP, "set", str(plan), middle, f"kommentar=runde {next(values)}"]

    return {
        f"set {size}": (changing, None),
        f"floor {size}": ([sys.executable, "-c", FLOOR, str(plan)], None),
    }


def save_kinds(paths: dict[int, Path], runs: int) -> dict[tuple[int, str], float]:
    """Median seconds of an edit and its save, in process, for a field change and for adding,
    deleting and moving a measure (to another section), at each size; kinds taking turns."""
    from tui.domain.model import Measure
    from tui.store.storage import load, save

    def edit(plan, kind: str) -> None:
        sections = [ref.section for ref in plan.walk() if len(ref.section.measures) >= 2]
        here, there = sections[len(sections) // 2], sections[len(sections) // 2 + 1]
        if kind == "field":
            here.measures[0].status = "fullført"
        elif kind == "add":
            new = Measure.new("t-ny", tekst="Nytt tiltak", ansvar=["Styret"], frist="1. juni")
            here.measures.insert(1, new)
        elif kind == "delete":
            here.measures.pop(1)
        else:
            there.measures.insert(0, here.measures.pop(1))

    kinds = ["field", "add", "delete", "move"]
    times: dict = {(size, kind): [] for size in paths for kind in kinds}
    for n in range(runs):
        for size, source in paths.items():
            for kind in kinds:
                path = source.with_name(f"kind-{n}-{kind}.toml")
                shutil.copy(source, path)
                loaded = load(path)
                start = time.perf_counter()
                edit(loaded.plan, kind)
                save(loaded)
                times[size, kind].append(time.perf_counter() - start)
                path.unlink()
    return {key: statistics.median(seen) for key, seen in times.items()}


def startup_commands(base: Path) -> dict:
    """`list` on a small plan against starting Python and parsing that plan, cold."""
    small = ROOT / "plans" / "oslo-2024.toml"
    parse = f"import tomli, pathlib; tomli.loads(pathlib.Path({str(small)!r}).read_text())"
    return {
        "list small": ([*HP, "list", str(small)], None),
        "python + parse": ([sys.executable, "-c", parse], None),
        "python": ([sys.executable, "-c", "pass"], None),
    }


def met(value: float, limit: float) -> str:
    return "met" if value <= limit else "**missed**"


def cold_path_rows(base: Path, works: dict[int, Path], have: dict, runs: int) -> list:
    rows = []
    work = works[5000]
    cold = alternating(cold_commands(work, have), runs)
    task, pandoc = cold.get("task"), cold.get("pandoc")
    rows.append(
        (
            "cold `list --role --due-before`, 5,000 measures",
            f"{cold['list']:.2f} s",
            f"task {task:.2f} s" if task else "task skipped",
            f"{cold['list'] / task:.2f}× {met(cold['list'], 1.5 * task)}" if task else "",
            "≤ 1.5× taskwarrior",
        )
    )
    rows.append(
        (
            "cold `export`, 5,000 measures",
            f"{cold['export']:.2f} s",
            f"pandoc {pandoc:.2f} s" if pandoc else "pandoc skipped",
            f"{cold['export'] / pandoc:.2f}× {met(cold['export'], 0.1 * pandoc)}" if pandoc else "",
            "≤ 0.1× pandoc",
        )
    )
    rows.append(
        (
            "cold `check`, 5,000 measures",
            f"{cold['check']:.2f} s",
            "",
            met(cold["check"], 1.0),
            "≤ 1 s",
        )
    )
    big = works.get(50000)
    set_runs = {**set_commands(work, 5000), **(set_commands(big, 50000) if big else {})}
    setting = alternating(set_runs, runs)
    for size in (5000, 50000):
        if f"set {size}" in setting:
            ours, floor = setting[f"set {size}"], setting[f"floor {size}"]
            rows.append(
                (
                    f"cold `set` one field, {size:,} measures",
                    f"{ours:.2f} s",
                    f"floor {floor:.2f} s (start Python, read, write atomically)",
                    f"{ours / floor:.2f}× {met(ours, 3 * floor)}",
                    "≤ 3× the floor",
                )
            )
    sizes = {size: works[size] / "plan.toml" for size in (5000, 50000) if size in works}
    saves = save_kinds(sizes, runs)
    for size in sizes:
        field = saves[size, "field"]
        for kind in ("add", "delete", "move"):
            ours = saves[size, kind]
            rows.append(
                (
                    f"{kind} a measure and save, {size:,} measures",
                    f"{ours * 1000:.0f} ms",
                    f"field change {field * 1000:.0f} ms",
                    f"{ours / field:.2f}× {met(ours, 2 * field)}",
                    "≤ 2× a field change",
                )
            )
    start = alternating(startup_commands(base), runs * 2)
    limit = 1.5 * start["python + parse"]
    rows.append(
        (
            "start-up: `list` on a small plan (oslo-2024), cold",
            f"{start['list small'] * 1000:.0f} ms",
            f"python -c pass {start['python'] * 1000:.0f} ms, + the parse "
            f"{start['python + parse'] * 1000:.0f} ms",
            f"{start['list small'] / start['python + parse']:.2f}× "
            f"{met(start['list small'], limit)}",
            "≤ 1.5× python + the parse",
        )
    )
    return rows


# --- the report -------------------------------------------------------------------------------


def ratio(figures: dict) -> str:
    """Ours at 5,000 measures against the peer, which runs at that size only."""
    return f"{figures[5000] / figures['peer']:.2f}×" if "peer" in figures else "peer skipped"


# --- import (issue 14/16): time and peak memory grow with the source, not faster -------------

IMPORT_TARGET_MB = 300  # peak RSS for a 50 MB source


def write_import_source(path: Path, megabytes: float) -> Path:
    """A plan typed as plain text: nine chapters of numbered sections and subsections (as a
    reader of the plan numbers them: at most 99 at each level), each subsection with a goal
    list and five Tiltak/aktivitet blocks, until the file has the size asked for."""
    chapter_size = megabytes * 1024 * 1024 / 9
    with path.open("w", encoding="utf-8") as out:
        out.write("Handlingsplan 2024–2025 Fagforbundet Test avd. 1\n")
        for chapter in range(1, 10):
            out.write(f"\n{chapter} Kapittel {chapter}\n")
            written, place = 0, 0
            while written < chapter_size:
                section, sub = divmod(place, 99)
                place += 1
                number = f"{chapter}.{section + 1}.{sub + 1}"
                text = f"{number} Seksjon {number}\nOverordna mål\n- Flere medlemmer.\n\n"
                if sub == 0:
                    text = f"{chapter}.{section + 1} Seksjon {chapter}.{section + 1}\n\n{text}"
                for k in range(1, 6):
                    text += (
                        f"Tiltak/aktivitet {k}: Verve nye medlemmer på arbeidsplass "
                        f"{number}-{k}\nAnsvar: Leder og nestleder\nFrist: 1. juni\n\n"
                    )
                written += out.write(text)
    return path


def import_peak(source: Path, target: Path) -> tuple[float, int]:
    """Seconds and peak RSS (kB) of one `handlingsplan import`, in a process of its own."""
    probe = (
        "import resource, subprocess, sys, time; start = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "print(time.perf_counter() - start, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    command = [*HP, "import", str(source), "-o", str(target), "--force"]
    result = subprocess.run(
        [sys.executable, "-c", probe, *command], check=True, capture_output=True, text=True
    )
    seconds, rss = result.stdout.split()
    return float(seconds), int(rss)


def import_rows(base: Path, quick: bool) -> list[tuple[str, str, str, str, str]]:
    small, large = (0.5, 5) if quick else (5, 50)
    figures = {}
    for size in (small, large):
        source = write_import_source(base / f"import-{size}.txt", size)
        figures[size] = import_peak(source, base / f"import-{size}.toml")
        source.unlink()
    per_mb = {size: figures[size][0] / size for size in figures}
    return [
        (
            f"import of a plain-text plan, {small:g} MB / {large:g} MB",
            f"{figures[small][0]:.1f} s / {figures[large][0]:.1f} s",
            f"peak {figures[small][1] / 1024:.0f} MB / {figures[large][1] / 1024:.0f} MB",
            f"{per_mb[large] / per_mb[small]:.2f}× s per MB",
            f"linear; ≤ {IMPORT_TARGET_MB} MB peak at 50 MB",
        )
    ]


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    runs = 3 if quick else 5
    have = ensure_peers()
    # Installed packages (Textual among them) carry their bytecode; with PYTHONDONTWRITEBYTECODE
    # set, as on some machines, an editable install of ours would be compiled on every start.
    compileall.compile_dir(ROOT / "tui", quiet=1)
    skipped = [PEERS[cmd] for cmd, ok in have.items() if not ok]
    rows: list[tuple[str, str, str, str, str]] = []  # figure, measured, peer, ratio, target
    sizes = [500, 5000] if quick else [500, 5000, 20000]
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        works = {size: write_workload(base / str(size), size) for size in sizes}
        work = works[5000]
        export = alternating(export_commands(works, have), runs)
        list_runs = list_commands(works, have)
        listing = alternating(list_runs, runs)
        check = alternating(check_commands(works), runs)
        save, changed = save_one_edit(works, runs)
        peer_matches = matches(*list_runs["peer"]) if "peer" in list_runs else "-"
        rows.append(
            (
                "export to Markdown, 5,000 measures",
                f"{export[5000]:.2f} s",
                f"pandoc {export.get('peer', float('nan')):.2f} s",
                ratio(export),
                "≤ 0.2× pandoc",
            )
        )
        rows.append(
            (
                "filter by role and deadline, 5,000 measures",
                f"{listing[5000]:.2f} s ({matches(list_command(work))} matches)",
                f"task {listing.get('peer', float('nan')):.2f} s ({peer_matches} matches)",
                ratio(listing),
                "≤ 2× taskwarrior",
            )
        )
        rows.append(("check, 5,000 measures", f"{check[5000]:.2f} s", "", "", "≤ 1 s"))
        rows.append(
            (
                "save after one edit, 5,000 measures",
                f"{save[5000] * 1000:.0f} ms, {changed} changed line",
                "",
                "",
                "≤ 300 ms, 1 changed line",
            )
        )
        settled, filtering = keystroke_ms(work / "plan.toml", runs * 2 + 1)
        rows.append(
            (
                "filter keystroke in the TUI, 5,000 measures (Pilot)",
                f"{settled:.0f} ms until the view is refreshed",
                f"of which filtering {filtering:.0f} ms",
                "",
                "≤ 50 ms",
            )
        )
        rows.extend(f3_keystroke_rows(base, runs))
        if have["tmux"]:
            big = first_screen(
                {"ours": ([*HP, str(work / "plan.toml")], ["Generert plan", COMPLETE])}, runs
            )["ours"]
            title_at, complete_at = big["seconds"]
            rows.append(
                (
                    "TUI first screen, 5,000 measures",
                    f"{title_at:.2f} s",
                    f"whole screen {complete_at:.2f} s",
                    "",
                    "≤ 1.5 s",
                )
            )
            rows.append(
                (
                    "peak memory, TUI with 5,000 measures",
                    f"{big['rss'] / 1024:.0f} MB",
                    "",
                    "",
                    "≤ 250 MB",
                )
            )
        seeds = sorted((ROOT / "plans").glob("*.toml"))
        title = first_plan_title(seeds)
        if have["tmux"]:
            bare_app = str(Path(__file__).with_name("bare_app.py"))
            both = first_screen(
                {
                    "ours": ([*HP, str(ROOT / "plans")], [title, COMPLETE]),
                    "bare": (
                        [sys.executable, bare_app, f"'{title}'", str(tree_size(seeds))],
                        [title],
                    ),
                },
                runs * 2,
            )
            (ours, complete), (bare,) = both["ours"]["seconds"], both["bare"]["seconds"]
            rows.insert(
                4,
                (
                    "TUI first screen, seed plans",
                    f"{ours:.2f} s (whole screen {complete:.2f} s)",
                    f"bare Textual app {bare:.2f} s",
                    f"{ours / bare:.2f}×",
                    "≤ 1.3× the bare app",
                ),
            )
        if have["valgrind"]:
            counts = first_frame_instructions(
                {
                    "ours": ["ours", str(ROOT / "plans")],
                    "bare": ["bare", title, str(tree_size(seeds))],
                }
            )
            if counts["ours"] and counts["bare"]:
                rows.insert(
                    5,
                    (
                        "TUI first frame, seed plans, in instructions (callgrind)",
                        f"{counts['ours'] / 1e6:,.0f} M",
                        f"bare Textual app {counts['bare'] / 1e6:,.0f} M",
                        f"{counts['ours'] / counts['bare']:.2f}×",
                        "≤ 1.3× the bare app",
                    ),
                )
        if "--no-cold" not in argv:
            if not quick or "--big" in argv:
                works[50000] = write_workload(base / "50000", 50000)
            rows += cold_path_rows(base, works, have, runs)
        rows += import_rows(base, quick)
    rows += preview_rows(runs, have["tmux"])
    if have["tmux"]:
        rows += keystroke_rows(runs)
    growth = {"export": export, "list": listing, "check": check, "save": save}
    for kind, figures in growth.items():
        per = {size: figures[size] / size * 1e6 for size in sizes}
        trend = " / ".join(f"{per[s]:.0f}" for s in sizes)
        rows.append(
            (
                f"growth: {kind} µs per measure at {' / '.join(f'{s:,}' for s in sizes)}",
                trend,
                "",
                f"{per[sizes[-1]] / per[sizes[-2]]:.2f}× last step",
                "not growing",
            )
        )
    report = render_report(rows, skipped)
    print(report)
    (ROOT / "docs" / "benchmarks.md").write_text(report, encoding="utf-8")
    return 0


def render_report(rows, skipped) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {date.today().isoformat()} on {platform.machine()} with {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, by `.venv/bin/python -m tests.benchmarks.run`. "
        "Each figure is a median of several runs; ratios are measured in the same run, the "
        "things compared taking turns run by run.",
        "",
        "| figure | measured | peer | ratio | target |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {' | '.join(row)} |" for row in rows]
    if skipped:
        lines += ["", f"Skipped peers (not installed): {', '.join(skipped)}."]
    notes = ROOT / "docs" / "benchmarks-notes.md"
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
