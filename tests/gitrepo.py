"""Real git repositories for the tests of issue 18 (git is on every machine; .ci/run checks)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tui.cli import main


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=check)


def make_repo(folder: Path, plan_text: str, name: str = "plan.toml") -> Path:
    """A repository with the plan committed, git-setup done and .gitattributes committed."""
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.name", "Kari Sekretær")
    git(folder, "config", "user.email", "kari@example.org")
    git(folder, "config", "commit.gpgsign", "false")
    (folder / name).write_text(plan_text, encoding="utf-8")
    assert main(["git-setup", str(folder)]) == 0
    git(folder, "add", name, ".gitattributes")
    git(folder, "commit", "-q", "-m", "Plan vedtatt")
    return folder / name


def set_fields(plan: Path, measure_id: str, *assignments: str) -> None:
    assert main(["set", str(plan), measure_id, *assignments]) == 0
