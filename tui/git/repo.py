"""Git for plans: reading old versions, git-setup, committing plan files, a measure's log.

Uses the `git` executable: it is on every machine that holds a plan in git, it honours the
user's config (hooks, signing, author) exactly like a commit made in the shell, and it adds
no dependency. pygit2 would need libgit2 and skips hooks; dulwich reimplements too little.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tui import texts
from tui.domain.changes import describe, measure_changes
from tui.store.storage import PlanError, parse_text

ATTRIBUTES_LINE = "*.toml diff=handlingsplan merge=handlingsplan"
# A plain hunk names the last record id or title above it: the measure or section it is in.
XFUNCNAME = r'^((id|tittel) = ".*")$'
TIMEOUT = 30


class GitError(PlanError):
    """Git refused, or the folder is not what a git command needs (one line)."""


def run(args: list[str], cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=TIMEOUT)
    except (OSError, subprocess.SubprocessError) as error:
        raise GitError(cwd, texts.GIT_FAILED.format(detail=error)) from None
    if check and result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(cwd, texts.GIT_FAILED.format(detail=detail[-1] if detail else "?"))
    return result


def toplevel(folder: Path) -> Path | None:
    result = run(["rev-parse", "--show-toplevel"], folder, check=False)
    if result.returncode != 0:
        return None
    return Path(result.stdout.decode().strip())


def show(path: Path, rev: str = "HEAD") -> str | None:
    """The file's text at `rev`, or None outside git / not in that commit."""
    try:
        result = run(["show", f"{rev}:./{path.name}"], path.parent, check=False)
    except GitError:
        return None
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8-sig", errors="replace")


def git_show_head(path: Path) -> str | None:
    return show(path, "HEAD")


def git_diff(path: Path) -> str:
    """`git diff` of the file against the last commit ('' outside git)."""
    try:
        result = run(["diff", "--no-color", "HEAD", "--", path.name], path.parent, check=False)
    except GitError:
        return ""
    return result.stdout.decode("utf-8", errors="replace")


# --- git-setup ------------------------------------------------------------------------------


def own_command() -> str:
    """How git runs this program: the interpreter of this installation, so it works without
    the virtual environment on PATH."""
    return f"{shlex.quote(sys.executable)} -m tui"


def wanted_config() -> dict[str, str]:
    command = own_command()
    return {
        "diff.handlingsplan.xfuncname": XFUNCNAME,
        "diff.handlingsplan.command": f"{command} diff",
        "merge.handlingsplan.name": texts.GIT_MERGE_DRIVER_NAME,
        "merge.handlingsplan.driver": f"{command} merge %O %A %B %P",
    }


def setup(folder: Path) -> list[str]:
    """Write .gitattributes and the repository's config; returns what changed (one line each)."""
    if not folder.is_dir():
        raise GitError(folder, texts.PATH_MISSING)
    top = toplevel(folder)
    if top is None:
        raise GitError(folder, texts.GIT_NOT_REPO)
    changed = []
    attributes = top / ".gitattributes"
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if ATTRIBUTES_LINE not in existing.splitlines():
        separator = "" if not existing or existing.endswith("\n") else "\n"
        attributes.write_text(existing + separator + ATTRIBUTES_LINE + "\n", encoding="utf-8")
        changed.append(texts.GIT_SETUP_ATTRIBUTES.format(path=attributes, line=ATTRIBUTES_LINE))
    for key, value in wanted_config().items():
        current = run(["config", "--local", "--get", key], top, check=False)
        if current.returncode == 0 and current.stdout.decode().rstrip("\n") == value:
            continue
        run(["config", "--local", key, value], top)
        changed.append(texts.GIT_SETUP_CONFIG.format(key=key, value=value))
    return changed


# --- commit ---------------------------------------------------------------------------------


def _parse(path: Path, text: str | None) -> dict:
    """A committed version as data ({} when there is none)."""
    if text is None:
        return {}
    try:
        return parse_text(path, text)
    except PlanError:
        return {}


def uncommitted_changes(paths: list[Path]) -> list[str]:
    """Saved but uncommitted changes of the plans in words, each line naming its file when
    there are several."""
    lines = []
    for path in paths:
        text = path.read_text(encoding="utf-8-sig")
        changes = describe(_parse(path, show(path)), parse_text(path, text))
        prefix = f"{path.name}: " if len(paths) > 1 else ""
        lines.extend(prefix + change for change in changes)
    return lines


def commit_message(changes: list[str]) -> str:
    """A subject from the first change, every change in the body."""
    if not changes:
        return ""
    subject = texts.COMMIT_SUBJECT.format(first=changes[0])
    if len(changes) == 1:
        return subject
    more = texts.COMMIT_SUBJECT_MORE.format(changes=texts.amount(len(changes) - 1, texts.CHANGES))
    return f"{subject} {more}\n\n" + "\n".join(f"- {line}" for line in changes)


def refusal(paths: list[Path]) -> str | None:
    """Why a commit of the plans cannot be made now, as one line (None: it can)."""
    folder = paths[0].parent
    top = toplevel(folder)
    if top is None:
        return texts.GIT_NOT_REPO
    merge_head = run(["rev-parse", "--git-path", "MERGE_HEAD"], top).stdout.decode().strip()
    if (top / merge_head).exists():
        return texts.GIT_MERGE_IN_PROGRESS
    staged = run(["diff", "--cached", "--name-only", "-z"], top).stdout.decode().split("\0")
    mine = {str(p.resolve().relative_to(top.resolve())) for p in paths}
    others = sorted(name for name in staged if name and name not in mine)
    if others:
        return texts.GIT_OTHERS_STAGED.format(files=", ".join(others[:3]))
    return None


def commit(paths: list[Path], message: str) -> str:
    """Commit exactly these plan files; returns the new commit's short id."""
    reason = refusal(paths)
    if reason is not None:
        raise GitError(paths[0], reason)
    if not message.strip():
        raise GitError(paths[0], texts.COMMIT_EMPTY_MESSAGE)
    folder = paths[0].parent
    names = [str(p.resolve()) for p in paths]
    run(["add", "--", *names], folder)
    run(["commit", "-q", "-m", message, "--", *names], folder)
    return run(["rev-parse", "--short", "HEAD"], folder).stdout.decode().strip()


# --- a measure's log ------------------------------------------------------------------------


@dataclass
class LogEntry:
    commit: str
    date: str
    author: str
    changes: list[str]


def measure_log(path: Path, measure_id: str) -> list[LogEntry]:
    """Each commit that changed the measure, newest first, with the change in words."""
    folder = path.parent
    if toplevel(folder) is None:
        raise GitError(path, texts.GIT_NOT_REPO)
    if run(["rev-parse", "--verify", "-q", "HEAD"], folder, check=False).returncode != 0:
        raise GitError(path, texts.GIT_NO_COMMITS)
    log = run(["log", "--format=%H%x00%ad%x00%an", "--date=short", "--", path.name], folder)
    entries = []
    for line in log.stdout.decode("utf-8", "replace").splitlines():
        commit_id, date, author = line.split("\0")
        after = _parse(path, show(path, commit_id))
        before = _parse(path, show(path, f"{commit_id}^"))
        changes = measure_changes(before, after, measure_id)
        if changes:
            entries.append(LogEntry(commit_id[:8], date, author, changes))
    return entries
