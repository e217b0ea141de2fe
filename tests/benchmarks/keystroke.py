"""A filter keystroke with the Tiltak tab (F3) open, in a real terminal: from the key until
the screen stops changing, against a bare Input above a DataTable of as many rows in the same
terminal (tmux), the two taking turns.

    .venv/bin/python -m tests.benchmarks.keystroke [--quick]

prints the rows; tests/benchmarks/run.py adds them to docs/benchmarks.md beside the same
figure under Pilot. The screen is read with `tmux capture-pane` every few milliseconds, so a
figure is good to about 5 ms.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.preview import COMPLETE, _screen, _wait_for, kept_tmux_server
from tests.benchmarks.workload import generate, write_toml

SIZES = (2000, 20000)
TYPED = "tillitsvalgte"  # in the generated plans the first three keys change the rows shown
CHANGING = 3
SETTLED = 0.2  # seconds without a change on screen that count as settled


def keystroke_ms(command: list[str], ready: str, keys: list[str], session: str) -> list[float]:
    """Per character of TYPED: ms from the key until the screen last changed."""
    size = ["-x", "150", "-y", "45"]  # the server's COLUMNS/LINES must not override it
    subprocess.run(["tmux", "new", "-d", "-s", session, *size, "env", "-u", "COLUMNS", *command])
    try:
        _wait_for(session, ready, 60)
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", session, key], check=True)
            _settle(session, time.perf_counter(), 60)
        settled = []
        for char in TYPED:
            start = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", session, "-l", char], check=True)
            settled.append((_settle(session, start, 10) - start) * 1000)
        return settled
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def _settle(session: str, start: float, limit: float) -> float:
    """When the screen last changed, once it has been still for SETTLED seconds."""
    screen, changed = _screen(session), start
    while time.perf_counter() - changed < SETTLED and time.perf_counter() - start < limit:
        now, new = time.perf_counter(), _screen(session)
        if new != screen:
            screen, changed = new, now
    return changed


def keystroke_rows(runs: int) -> list[tuple[str, str, str, str, str]]:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            plan = Path(folder) / f"plan-{size}.toml"
            write_toml(generate(size), plan)
            ours_command = [sys.executable, "-m", "tui", str(plan)]
            bare_command = [sys.executable, "-m", "tests.benchmarks.bare_app", "--table"]
            ours, changing, bare = [], [], []
            with kept_tmux_server():
                for n in range(runs):
                    typed = keystroke_ms(ours_command, COMPLETE, ["F3", "/"], f"hpkey{n}")
                    ours, changing = ours + typed, changing + typed[:CHANGING]
                    bare += keystroke_ms([*bare_command, str(size)], "Status", [], f"hpbare{n}")
            mine, peer = statistics.median(ours), statistics.median(bare)
            mine_changing = statistics.median(changing)
            rows.append(
                (
                    f"filter keystroke, Tiltak tab (F3) open, {size:,} measures (tmux)",
                    f"{mine:.0f} ms until the screen is still, median of {len(ours)} keys; "
                    f"the keys that change the rows {mine_changing:.0f} ms",
                    f"bare Input+DataTable {peer:.0f} ms",
                    f"{mine / peer:.2f}× / {mine_changing / peer:.2f}×"
                    f"{'' if mine_changing <= 4 * peer else ' **missed**'}",
                    "≤ 4× the bare app",
                )
            )
    return rows


if __name__ == "__main__":
    for row in keystroke_rows(1 if "--quick" in sys.argv else 3):
        print(f"| {' | '.join(row)} |")
