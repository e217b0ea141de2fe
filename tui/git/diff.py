"""`handlingsplan diff`: two versions of a plan compared in words (tui.domain.changes), also
as git's external diff. A version that is not a plan gets a plain unified diff after a
one-line note."""

from __future__ import annotations

import difflib
from pathlib import Path

from tui import texts
from tui.domain.changes import describe
from tui.store.storage import PlanError, parse_text, read_text

NULL = "/dev/null"  # what git passes for the missing side of an added or deleted file


def read_version(path: Path) -> str:
    if str(path) == NULL:
        return ""
    text, _, _ = read_text(path)
    return text


def parse_version(path: Path) -> dict:
    """The version's data; {} for a file that does not exist on that side."""
    if str(path) == NULL:
        return {}
    return parse_text(path, read_version(path))


def loose_text(path: Path) -> str:
    """Whatever the file holds as text, for the plain diff of a version that is not a plan."""
    if str(path) == NULL:
        return ""
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return ""


def diff_lines(old_path: Path, new_path: Path, shown_name: str | None = None) -> list[str]:
    """The lines `handlingsplan diff` prints for two files."""
    for path in (old_path, new_path):
        if str(path) != NULL and not path.exists():
            raise PlanError(path, texts.PATH_MISSING)
    try:
        before, after = parse_version(old_path), parse_version(new_path)
    except PlanError as error:
        note = texts.DIFF_NOT_A_PLAN.format(error=error)
        plain = difflib.unified_diff(
            loose_text(old_path).splitlines(),
            loose_text(new_path).splitlines(),
            f"a/{shown_name or old_path}",
            f"b/{shown_name or new_path}",
            lineterm="",
        )
        return [note, *plain]
    return describe(before, after)


def git_external(arguments: list[str]) -> list[str]:
    """git's external diff call: path old-file old-hex old-mode new-file new-hex new-mode."""
    name, old_file, _, _, new_file, _, _ = arguments
    lines = diff_lines(Path(old_file), Path(new_file), shown_name=name)
    return [texts.DIFF_HEADER.format(path=name), *(lines or [texts.DIFF_NO_CHANGES])]
