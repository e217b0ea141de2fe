"""A plan file's git history: its versions, newest last, and when each status was set.

One `git log --follow` lists the commits that touched the file (with its name in each, so
renames are followed), and one `git cat-file --batch` reads all those versions. Statuses are
then compared by measure id from one version to the next, which survives measures being
moved, renumbered or edited in the same commit, where a line-based diff would not.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from tui.domain.textkey import nfc, status_key
from tui.store import tomlread

NOT_IN_GIT = "not in git"
NOT_COMMITTED = "not committed"
IN_GIT = "in git"


@dataclass(frozen=True)
class Version:
    commit: str
    when: datetime  # committer date, in the committer's time zone
    text: str | None  # None when this version is not valid TOML or UTF-8

    def data(self) -> dict | None:
        if self.text is None:
            return None
        try:
            return tomlread.loads(self.text)
        except tomlread.TOMLDecodeError:
            return None


@dataclass
class History:
    state: str  # IN_GIT, NOT_IN_GIT or NOT_COMMITTED
    versions: list[Version]  # oldest first

    def as_of(self, day: date) -> int | None:
        """The index of the last version committed on or before `day`."""
        found = None
        for index, version in enumerate(self.versions):
            if version.when.date() <= day:
                found = index
        return found

    def status_dates(self, upto: int | None = None) -> dict[str, tuple[str, datetime]]:
        """Measure id -> (status, when it was set), from the versions up to index `upto`."""
        last = len(self.versions) - 1 if upto is None else upto
        known: dict[str, tuple[str, datetime]] = {}
        for version in self.versions[: last + 1]:
            data = version.data()
            if data is None:
                continue  # a broken version says nothing about statuses
            for measure_id, status in _statuses(data).items():
                previous = known.get(measure_id)
                if previous is None or previous[0] != status:
                    known[measure_id] = (status, version.when)
        return known


def _statuses(data: dict) -> dict[str, str]:
    found: dict[str, str] = {}
    pending = list(data.get("kapittel", []) if isinstance(data.get("kapittel"), list) else [])
    while pending:
        section = pending.pop()
        if not isinstance(section, dict):
            continue
        for measure in section.get("tiltak", []) if isinstance(section.get("tiltak"), list) else []:
            if isinstance(measure, dict) and isinstance(measure.get("id"), str):
                found[nfc(measure["id"])] = status_key(measure.get("status", ""))
        children = section.get("seksjon")
        if isinstance(children, list):
            pending.extend(children)
    return found


def history(path: Path) -> History:
    folder = path.parent if str(path.parent) else Path(".")
    prefix = _git(folder, "rev-parse", "--show-prefix")
    if prefix is None:
        return History(NOT_IN_GIT, [])
    name = prefix.decode("utf-8", "surrogateescape").strip("\n") + path.name
    root = _git(folder, "rev-parse", "--show-toplevel")
    top = Path(root.decode("utf-8", "surrogateescape").strip("\n")) if root else folder
    log = _git(top, "log", "--follow", "-z", "--format=%x01%H%x00%cI", "--name-only", "--", name)
    entries = _log_entries(log or b"")
    if not entries:
        return History(NOT_COMMITTED, [])
    texts = _read_blobs(top, [f"{commit}:{where}" for commit, _, where in entries])
    versions = [
        Version(commit, when, text) for (commit, when, _), text in zip(entries, texts, strict=True)
    ]
    return History(IN_GIT, list(reversed(versions)))


def _log_entries(log: bytes) -> list[tuple[str, datetime, str]]:
    entries = []
    for entry in log.decode("utf-8", "surrogateescape").split("\x01")[1:]:
        fields = entry.split("\0")
        if len(fields) < 3:
            continue
        commit, when, where = fields[0], fields[1], fields[2].lstrip("\n")
        if where:
            entries.append((commit, datetime.fromisoformat(when), where))
    return entries


def _read_blobs(top: Path, names: list[str]) -> list[str | None]:
    """Each `commit:path` as text, through one `git cat-file --batch`."""
    request = "".join(f"{name}\n" for name in names).encode("utf-8", "surrogateescape")
    try:
        result = subprocess.run(
            ["git", "cat-file", "--batch"], cwd=top, input=request, capture_output=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return [None] * len(names)
    out, at, texts = result.stdout, 0, []
    for _ in names:
        end = out.find(b"\n", at)
        header = out[at:end].split()
        if len(header) != 3:  # "<name> missing"
            texts.append(None)
            at = end + 1
            continue
        size = int(header[2])
        raw = out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1
        try:
            texts.append(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            texts.append(None)
    return texts


def _git(folder: Path, *args: str) -> bytes | None:
    try:
        result = subprocess.run(["git", *args], cwd=folder, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None
