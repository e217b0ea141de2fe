"""The TUI in a real terminal: tmux runs `handlingsplan`, the tests send keys and read the screen.

Every key sent is counted, so a test can assert how many keys a task takes from a fresh start.
A typed string counts one key per character. tmux is installed by .ci/run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

WAIT = 10.0  # seconds a screen may take to show what a test waits for


def tmux(*args: str) -> str:
    done = subprocess.run(["tmux", *args], capture_output=True, text=True, check=True)
    return done.stdout


class Terminal:
    """One `handlingsplan` in a detached tmux session of a fixed size."""

    def __init__(self, folder: Path, state: Path, width: int = 120, height: int = 40) -> None:
        assert shutil.which("tmux"), "tmux is needed (.ci/run installs it)"
        self.name = f"hp-{uuid.uuid4().hex[:8]}"
        self.keys = 0
        program = Path(sys.executable).parent / "handlingsplan"
        env = {
            "XDG_STATE_HOME": str(state / "state"),
            "XDG_CONFIG_HOME": str(state / "config"),
            "TERM": "xterm-256color",
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(state),
        }
        settings = [item for key, value in env.items() for item in ("-e", f"{key}={value}")]
        tmux(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(width),
            "-y",
            str(height),
            *settings,
            "-c",
            str(folder),
            # COLUMNS and LINES, where the tmux server's environment has them (seen: 80 and
            # 24), would override the window's own size in the app
            f"env -u COLUMNS -u LINES {program} {folder}",
        )

    def screen(self) -> str:
        return tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = WAIT) -> str:
        """The screen once it shows text; fails with the screen if it never does."""
        end = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text in shown:
                return shown
            if time.monotonic() > end:
                raise AssertionError(f"never shown: {text!r}\n{shown}")
            time.sleep(0.05)

    def press(self, *keys: str) -> None:
        """Keys by tmux name (Enter, Escape, Tab, C-s, F3, Down, x …), one count each."""
        for key in keys:
            tmux("send-keys", "-t", self.name, key)
            self.keys += 1
            time.sleep(0.1)  # a key's effect (a dialog opening) before the next key

    def type(self, text: str) -> None:
        """Literal text, one count per character."""
        tmux("send-keys", "-t", self.name, "-l", text)
        self.keys += len(text)
        time.sleep(0.1)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def plans_repo(folder: Path) -> Path:
    """A git repository holding a copy of plans/, committed: `git diff` shows what a task did."""
    from tests.gitrepo import git

    shutil.copytree(Path(__file__).parent.parent / "plans", folder)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.name", "Kari Sekretær")
    git(folder, "config", "user.email", "kari@example.org")
    git(folder, "config", "commit.gpgsign", "false")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "Planene")
    return folder


def diff(folder: Path) -> list[str]:
    """The changed lines of `git diff`, without its headers."""
    from tests.gitrepo import git

    lines = git(folder, "diff", "-U0").stdout.splitlines()
    return [line for line in lines if line[:1] in "+-" and line[:3] not in ("+++", "---")]
