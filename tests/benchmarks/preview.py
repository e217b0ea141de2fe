"""The Preview tab (F5) on big plans: how soon the first screen of the page is there, how soon
the app is idle again, and its memory beside the app without the preview.

    .venv/bin/python -m tests.benchmarks.preview [--quick]

prints the rows; tests/benchmarks/run.py adds them to docs/benchmarks.md. Two ways of
measuring: in a real terminal (tmux: the app started, its first screen complete, then F5;
from the key until the start of the page is on screen, until the screen stops changing,
until the process stops using the CPU; peak RSS before and after), and under Pilot (from the
key until the view has drawn its first lines, and until Pilot finds the app idle).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.workload import generate, write_toml

HP = [sys.executable, "-m", "tui"]
SIZES = (2000, 20000)
TARGET_IDLE = {2000: 1.0, 20000: 3.0}
QUIET = 0.5  # seconds without a change on screen, or without CPU use, that count as settled
COMPLETE = "Kontroll"  # the last tab's label: the first screen is whole


def preview_rows(runs: int, have_tmux: bool) -> list[tuple[str, str, str, str, str]]:
    """Rows for the benchmark table: figure, measured, beside it, ratio, target."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            plan = Path(folder) / f"plan-{size}.toml"
            write_toml(generate(size), plan)
            marker = first_text(plan)
            first, idle = pilot_figures(plan, runs)
            rows.append(
                (
                    f"preview (F5), {size:,} measures (Pilot)",
                    f"{first * 1000:.0f} ms to the first screen{missed(first, 0.1)}, "
                    f"idle at {idle:.2f} s{missed(idle, TARGET_IDLE[size])}",
                    "",
                    "",
                    f"≤ 100 ms; idle ≤ {TARGET_IDLE[size]:.0f} s",
                )
            )
            if have_tmux:
                seen = tmux_figures(plan, marker, runs)
                rows.append(
                    (
                        f"preview (F5), {size:,} measures (tmux)",
                        f"{seen['first'] * 1000:.0f} ms to the first screen"
                        f"{missed(seen['first'], 0.1)} "
                        f"({seen['again'] * 1000:.0f} ms the next time), screen still at "
                        f"{seen['still']:.2f} s, idle at {seen['idle']:.2f} s"
                        f"{missed(seen['idle'], TARGET_IDLE[size])}; "
                        f"page down {seen['page'] * 1000:.0f} ms",
                        f"peak {seen['rss_after'] / 1024:.0f} MB, "
                        f"{seen['rss_before'] / 1024:.0f} MB without the preview",
                        f"{seen['rss_after'] / seen['rss_before']:.2f}× memory"
                        f"{missed(seen['rss_after'] / seen['rss_before'], 1.5)}",
                        f"≤ 100 ms; idle ≤ {TARGET_IDLE[size]:.0f} s; ≤ 1.5× memory",
                    )
                )
    return rows


def missed(value: float, target: float) -> str:
    """A mark on a figure over its target (the cause is in docs/benchmarks-notes.md)."""
    return " (**missed**)" if value > target else ""


def first_text(plan: Path) -> str:
    """The start of the page's first block that is not a heading, as Rich shows it: the tree
    and the tabs show the headings too, but not this."""
    from tui.formats.export import render
    from tui.store.storage import load

    source = render([(str(plan), load(plan).plan)])
    block = next(b for b in source.split("\n\n") if not b.startswith("#"))
    return block.split("\n", 1)[0].lstrip("-* ").replace("**", "")[:30]


# --- under Pilot ------------------------------------------------------------------------------


def pilot_figures(plan: Path, runs: int) -> tuple[float, float]:
    """Median seconds from F5 until the preview has drawn its lines, and until Pilot finds
    the app idle (its workers done, no messages waiting)."""
    firsts, idles = [], []
    for _ in range(runs):
        first, idle = asyncio.run(_pilot_once(plan))
        firsts.append(first)
        idles.append(idle)
    return statistics.median(firsts), statistics.median(idles)


async def _pilot_once(plan: Path) -> tuple[float, float]:
    from tui.actions.workspace import open_workspace
    from tui.ui.app import HandlingsplanApp
    from tui.ui.widgets.preview import MarkdownPreview

    drawn: list[float] = []
    render_lines = MarkdownPreview.render_lines

    def timed(view, crop):
        lines = render_lines(view, crop)
        if view.blocks and not drawn:
            drawn.append(time.perf_counter())
        return lines

    MarkdownPreview.render_lines = timed
    try:
        app = HandlingsplanApp(open_workspace([str(plan)]), watch_disk=False)
        async with app.run_test(size=(150, 45)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("f5")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await app.workers.wait_for_complete()  # the rest of the page, made between keys
            await pilot.pause()
            idle = time.perf_counter() - start
    finally:
        MarkdownPreview.render_lines = render_lines
    return drawn[0] - start, idle


# --- in a real terminal -----------------------------------------------------------------------


def tmux_figures(plan: Path, marker: str, runs: int) -> dict[str, float]:
    seen: dict[str, list[float]] = {}
    with kept_tmux_server():
        for n in range(runs):
            for name, value in _tmux_once(plan, marker, f"hppreview{n}").items():
                seen.setdefault(name, []).append(value)
    figures = {name: statistics.median(values) for name, values in seen.items()}
    figures["rss_after"] = max(seen["rss_after"])
    figures["rss_before"] = max(seen["rss_before"])
    return figures


def _tmux_once(plan: Path, marker: str, session: str) -> dict[str, float]:
    command = " ".join([*HP, str(plan)])
    subprocess.run(["tmux", "new", "-d", "-s", session, "-x", "150", "-y", "45", command])
    try:
        _wait_for(session, COMPLETE, 60)
        pid = _pane_pid(session)
        _wait_still(session, pid, 60)
        if marker in _screen(session):
            raise ValueError(f"{marker!r} is on screen before F5; it cannot time the preview")
        before = _status(pid, "VmHWM")
        start = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", session, "F5"], check=True)
        first = _wait_for(session, marker, 60) - start
        still = _wait_still(session, pid, 300)
        figures = {"first": first, "still": still["screen"] - start, "idle": still["cpu"] - start}
        figures["rss_before"], figures["rss_after"] = before, _status(pid, "VmHWM")
        _wait_still(session, pid, 60)  # F5 put the keys on the page
        screen = _screen(session)
        start = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", session, "PageDown"], check=True)
        while _screen(session) == screen and time.perf_counter() - start < 10:
            time.sleep(0.002)
        figures["page"] = time.perf_counter() - start
        for key in ("Home", "F2"):  # back to the page's start, then away from the tab
            subprocess.run(["tmux", "send-keys", "-t", session, key], check=True)
        _wait_still(session, pid, 60)
        start = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", session, "F5"], check=True)
        figures["again"] = _wait_for(session, marker, 60) - start
        return figures
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


@contextlib.contextmanager
def kept_tmux_server():
    """A session that outlives the runs: the tmux server neither starts inside a timed run nor
    exits between runs (a new session racing a server that is shutting down never starts, and
    its run waits for a screen that does not come)."""
    keeper = f"hpbench{os.getpid()}keep"
    subprocess.run(["tmux", "new", "-d", "-s", keeper, "sleep 3600"], check=True)
    try:
        yield
    finally:
        subprocess.run(["tmux", "kill-session", "-t", keeper], capture_output=True)


def _screen(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
    ).stdout


def _wait_for(session: str, marker: str, limit: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if marker in _screen(session):
            return time.perf_counter()
        time.sleep(0.005)
    raise TimeoutError(f"{marker!r} not on screen after {limit} s")


def _wait_still(session: str, pid: str, limit: float) -> dict[str, float]:
    """When the screen last changed, and when the process last used the CPU, once both have
    been quiet for QUIET seconds."""
    start = time.perf_counter()
    screen, cpu = _screen(session), _cpu(pid)
    changed = used = time.perf_counter()
    while time.perf_counter() - start < limit:
        time.sleep(0.01)
        now, new_screen, new_cpu = time.perf_counter(), _screen(session), _cpu(pid)
        if new_screen != screen:
            screen, changed = new_screen, now
        if new_cpu != cpu:
            cpu, used = new_cpu, now
        if now - changed > QUIET and now - used > QUIET:
            break
    return {"screen": changed, "cpu": used}


def _pane_pid(session: str) -> str:
    return subprocess.run(
        ["tmux", "display", "-p", "-t", session, "#{pane_pid}"], capture_output=True, text=True
    ).stdout.strip()


def _cpu(pid: str) -> int:
    """The process's CPU time in clock ticks (user + system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _status(pid: str, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    return 0


if __name__ == "__main__":
    import shutil

    quick = "--quick" in sys.argv
    for row in preview_rows(1 if quick else 3, bool(shutil.which("tmux"))):
        print(f"| {' | '.join(row)} |")
