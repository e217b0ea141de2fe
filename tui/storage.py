"""Reading and writing plan files.

Reads parse with ``tomllib`` (fast); a save parses the original text with tomlkit, patches
only what changed, checks the result, and replaces the file atomically. A file that
changed on disk since it was read is never overwritten.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from . import parsecache, splice, texts
from .model import FORMAT_VERSION, Plan, same

PLAN_SUFFIX = ".toml"
BOM = "\ufeff"
CONFLICT_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(\s|$)")
TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class PlanError(Exception):
    """A problem the user can fix, shown as one line: ``file:line: message``."""

    def __init__(self, path: Path | str, message: str, line: int | None = None):
        super().__init__(message)
        self.path = str(path)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class ConflictError(PlanError):
    """The file on disk is not the one we loaded."""


@dataclass
class LoadedPlan:
    path: Path
    text: str  # as on disk, decoded, without BOM
    raw: bytes
    data: dict  # what tomllib read; the model's records are views into it
    plan: Plan
    bom: bool = False
    read_only: bool = False  # the file cannot be written
    edited: bool = False  # edited through tui.session since it was read
    _baseline: dict | None = None
    _pristine: dict | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def pristine(self) -> dict:
        """The file's content as last read or saved, untouched by edits (parsed on first use:
        read-only commands never need it)."""
        if self._pristine is None:
            self._pristine = tomllib.loads(self.text)
        return self._pristine

    @property
    def baseline(self) -> dict:
        """What the file holds, in the cheap form tui.splice compares. Taken at load for
        editing; for a plan loaded only to read, derived from the file's text when needed."""
        if self._baseline is None:
            self._baseline = splice.baseline(Plan(self.pristine))
        return self._baseline

    @baseline.setter
    def baseline(self, value: dict) -> None:
        self._baseline = value

    def before_edit(self) -> None:
        """Called by tui.session before each edit. The first takes the baseline from the plan
        as loaded (cheaper than reading the file again at the save)."""
        if self._baseline is None:
            self._baseline = splice.baseline(self.plan)
        self.edited = True

    def is_modified(self) -> bool:
        return splice.baseline(self.plan) != self.baseline

    def changed_on_disk(self) -> bool:
        try:
            return self.path.read_bytes() != self.raw
        except OSError:
            return True


def discover(paths: list[str | Path]) -> list[Path]:
    """Plan files named directly or found (not recursively) in the given folders."""
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if not path.exists() and not path.is_symlink():
            raise PlanError(path, texts.PATH_MISSING)
        if path.is_dir() and path.suffix != PLAN_SUFFIX:
            plans = sorted(p for p in path.iterdir() if p.suffix == PLAN_SUFFIX)
            if not plans:
                raise PlanError(path, texts.NO_PLANS_IN_FOLDER)
            found.extend(plans)
        else:
            found.append(path)
    return found


def read_text(path: Path) -> tuple[str, bytes, bool]:
    """The decoded text of a plan, or a PlanError naming the line that is wrong."""
    try:
        if path.is_dir():
            raise PlanError(path, texts.IS_DIRECTORY)
        raw = path.read_bytes()
    except PlanError:
        raise
    except OSError as error:
        raise PlanError(path, texts.CANNOT_READ.format(reason=error.strerror or error)) from None
    if b"\x00" in raw:
        raise PlanError(path, texts.BINARY_FILE, raw[: raw.index(b"\x00")].count(b"\n") + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start]
        raise PlanError(path, texts.NOT_UTF8.format(byte=f"0x{byte:02x}"), line) from None
    return text, raw, raw.startswith(BOM.encode())


def parse_text(path: Path, text: str) -> dict:
    if not text.strip():
        raise PlanError(path, texts.EMPTY_FILE, 1)
    for number, line in enumerate(text.splitlines(), start=1):
        if CONFLICT_MARKER.match(line):
            raise PlanError(path, texts.CONFLICT_MARKER, number)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise toml_error(path, str(error), text) from None
    except RecursionError:
        deep = re.search(r"[\[{](?:\s*[\[{]){49,}", text)
        line = text.count("\n", 0, deep.start()) + 1 if deep else 1
        raise PlanError(path, texts.TOO_DEEP, line) from None
    if not isinstance(data.get("plan"), dict):
        raise PlanError(path, texts.MISSING_PLAN_TABLE, 1)
    version = data.get("format", FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT_VERSION:
        line = next((n for n, t in enumerate(text.splitlines(), 1) if t.startswith("format")), 1)
        message = texts.UNSUPPORTED_FORMAT.format(version=version, supported=FORMAT_VERSION)
        raise PlanError(path, message, line)
    return data


def toml_error(path: Path, message: str, text: str) -> PlanError:
    position = TOML_POSITION.search(message)
    if position:
        line, column = int(position.group(1)), int(position.group(2))
    elif "(at end of document)" in message:
        lines = text.splitlines() or [""]
        line, column = len(lines), len(lines[-1]) + 1
    else:
        return PlanError(path, texts.TOML_SYNTAX_NO_POS.format(detail=message))
    detail = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message).strip()
    return PlanError(path, texts.TOML_SYNTAX.format(column=column, detail=detail), line)


def load(path: str | Path, editing: bool = True) -> LoadedPlan:
    """Read a plan. `editing=False` skips what only a save needs (list, export, check), or
    leaves it to LoadedPlan.before_edit (the TUI, where most sessions never edit a plan)."""
    path = Path(path)
    text, raw, bom = read_text(path)
    data = parsecache.get(raw)
    if data is None:
        data = parse_text(path, text)
        parsecache.put(raw, data)
    read_only = not os.access(path, os.W_OK)
    plan = Plan(data)
    base = splice.baseline(plan) if editing else None
    return LoadedPlan(path, text, raw, data, plan, bom, read_only, _baseline=base)


def render(loaded: LoadedPlan, data: dict) -> str:
    """The new file text for `data`, patched into the loaded text."""
    import tomlkit  # only editing needs tomlkit; reading uses the faster tomllib
    import tomlkit.exceptions

    from .tomlpatch import patch_document

    try:
        doc = tomlkit.parse(loaded.text)
    except (tomlkit.exceptions.TOMLKitError, RecursionError) as error:
        raise PlanError(loaded.path, texts.TOMLKIT_CANNOT_EDIT.format(detail=error)) from None
    patch_document(doc, data)
    out = doc.as_string()
    if _uses_crlf(loaded.text):
        out = re.sub(r"(?<!\r)\n", "\r\n", out)
    return _keep_file_ending(loaded.text, out)


def _uses_crlf(text: str) -> bool:
    return "\r\n" in text and text.count("\r\n") == text.count("\n")


def _keep_file_ending(original: str, out: str) -> str:
    """Keep the original's run of newlines at the end of the file (none, one, ...)."""
    ending = original[len(original.rstrip("\r\n")) :]
    return out.rstrip("\r\n") + ending


def save(loaded: LoadedPlan) -> bool:
    """Write the plan's edits. Returns False when nothing changed (the file is not touched).

    When only some records' fields changed, only their text is rewritten (tui.splice);
    otherwise the whole document is patched with tomlkit and re-read with tomllib.
    """
    current = splice.baseline(loaded.plan)
    if current == loaded.baseline:
        return False
    if loaded.changed_on_disk():
        raise ConflictError(loaded.path, texts.CHANGED_ON_DISK)
    ids = splice.changed_records(loaded.baseline, current)
    out = splice.splice(loaded.text, loaded.plan, ids) if ids else None
    if out is None:
        out = _full_render(loaded)
    if out == loaded.text:
        loaded.baseline = current
        return False
    raw = ((BOM if loaded.bom else "") + out).encode("utf-8")
    atomic_write(loaded.path, raw)
    loaded.text, loaded.raw, loaded.baseline, loaded._pristine = out, raw, current, None
    return True


def _full_render(loaded: LoadedPlan) -> str:
    data = loaded.plan.to_data()
    out = render(loaded, data)
    try:
        reread = tomllib.loads(out)
    except tomllib.TOMLDecodeError as error:
        raise PlanError(loaded.path, texts.VERIFY_FAILED.format(detail=error)) from None
    if not same(reread, data):
        raise PlanError(loaded.path, texts.VERIFY_FAILED.format(detail="innholdet avviker"))
    return out


def save_as(loaded: LoadedPlan, target: Path) -> None:
    """Write the edited plan to another file (when the original changed underneath us)."""
    out = render(loaded, loaded.plan.to_data())
    atomic_write(target, ((BOM if loaded.bom else "") + out).encode("utf-8"))


def atomic_write(path: Path, raw: bytes) -> None:
    """Temp file in the same folder, fsync, then os.replace: readers see old or new, never half."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o7777 if path.exists() else _default_mode()
        if path.exists() and not os.access(path, os.W_OK):
            raise PlanError(path, texts.READ_ONLY_FILE)
        _remove_dead_writers_temps(path)
        handle, temp_name = tempfile.mkstemp(
            prefix=f"{_temp_prefix(path)}{os.getpid()}.", suffix=".tmp", dir=folder
        )
    except PlanError:
        raise
    except OSError as error:
        raise PlanError(path, texts.CANNOT_WRITE.format(reason=error.strerror or error)) from None
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(raw)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
        _fsync_folder(folder)
    except OSError as error:
        _remove_quietly(temp_name)
        raise PlanError(path, texts.CANNOT_WRITE.format(reason=error.strerror or error)) from None
    except BaseException:
        _remove_quietly(temp_name)
        raise


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _remove_dead_writers_temps(path: Path) -> None:
    """Temp files of writers that were killed mid-save (the pid is in the name). A live
    writer's temp file is left alone; its os.replace is still to come."""
    prefix = _temp_prefix(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        leftovers = [p for p in folder.iterdir() if p.name.startswith(prefix)
                     and p.name.endswith(".tmp")]  # fmt: skip
    except OSError:
        return
    for leftover in leftovers:
        pid = leftover.name[len(prefix) :].split(".", 1)[0]
        if pid.isdigit() and not _is_alive(int(pid)):
            _remove_quietly(str(leftover))


def _is_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _default_mode() -> int:
    """What open() would give a new file (mkstemp makes it 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def dumps(data: dict) -> str:
    """A new plan file's text, in the house style (what a save would write for new records)."""
    import tomlkit

    from .tomlpatch import patch_document

    doc = tomlkit.document()
    patch_document(doc, data)
    return doc.as_string()


def create(path: Path, data: dict, overwrite: bool = False) -> None:
    """Write a new plan file; refuses to replace an existing one unless told to."""
    if path.exists() and not overwrite:
        raise PlanError(path, texts.OUTPUT_EXISTS)
    text = dumps(data)
    if not same(tomllib.loads(text), data):
        raise PlanError(path, texts.VERIFY_FAILED.format(detail="innholdet avviker"))
    atomic_write(path, text.encode("utf-8"))
