"""Reading and writing plan files.

Reads parse with tui.store.tomlread (compiled parsers, held to tomllib); a save parses the
original text with tomlkit, patches only what changed, checks the result, and replaces the
file atomically. A file that changed on disk since it was read is never
overwritten.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import stat
import threading
import time
from collections import namedtuple
from collections.abc import Iterable, Iterator
from pathlib import Path

from tui import texts
from tui.domain.model import FORMAT_VERSION, Plan, same
from tui.store import splice, tomlread

PLAN_SUFFIX = ".toml"
BOM = "\ufeff"
# Found from the line break before it: `^` in multi-line mode is tried at every character
# (65 ms against 18 ms in a 20 MB plan).
CONFLICT_MARKER = re.compile(r"(?:<{7}|={7}|>{7}|\|{7})(?:\s|$)")
CONFLICT_MARKER_LINE = re.compile(r"\n(?:<{7}|={7}|>{7}|\|{7})(?:\s|$)")
TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
LOCK_WAIT = 10.0  # seconds a save waits for another writer before it gives up
LOCK_POLL = 0.01  # seconds between tries: a save holds the lock for milliseconds


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


class NeedsWholePlan(Exception):
    """A plan read in part cannot be saved by rewriting only its record: read it whole."""


class ConflictMarkers(PlanError):
    """The file holds git's conflict markers: it cannot be edited, but check and list name
    each conflict (tui.merge.conflicts_in)."""

    def __init__(self, path: Path | str, message: str, line: int, text: str):
        super().__init__(path, message, line)
        self.text = text


class LoadedPlan:
    """A plan file as read: its bytes and text, its data and model, and what the workspace
    needs to save it."""

    def __init__(
        self,
        path: Path,
        text: str,
        raw: bytes,
        data: dict,
        plan: Plan,
        bom: bool = False,
        read_only: bool = False,
        baseline: dict | None = None,
        around: tuple[int, int] | None = None,
    ):
        self.path = path
        self.text = text  # as on disk, decoded, without BOM
        self.raw = raw
        self.data = data  # what tomllib read; the model's records are views into it
        self.plan = plan
        self.bom = bom
        self.read_only = read_only  # the file cannot be written
        self.edited = False  # edited through the workspace since it was read
        # A plan read in part (tui.store.partial): `text` is one record's, and these are how
        # many of the file's bytes (`raw`) stand before and after it.
        self.around = around
        self._baseline = baseline
        self._pristine: dict | None = None

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def partial(self) -> bool:
        return self.around is not None

    @property
    def first_line(self) -> int:
        """The file's line number of the first line of `text`."""
        return self.raw.count(b"\n", 0, self.around[0]) + 1 if self.around else 1

    def file_bytes(self, text: str) -> bytes:
        """The whole file's bytes with `text` in place of the loaded text."""
        if self.around:
            before, after = self.around
            raw = memoryview(self.raw)  # one copy of a 20 MB file, not three
            return b"".join((raw[:before], text.encode("utf-8"), raw[len(raw) - after :]))
        return ((BOM if self.bom else "") + text).encode("utf-8")

    @property
    def pristine(self) -> dict:
        """The file's content as last read or saved, untouched by edits (parsed on first use:
        read-only commands never need it)."""
        if self._pristine is None:
            self._pristine = tomlread.loads(self.text)
        return self._pristine

    @property
    def baseline(self) -> dict:
        """What the file holds, in the cheap form tui.store.splice compares. Taken at load for
        editing; for a plan loaded only to read, derived from the file's text when needed."""
        if self._baseline is None:
            self._baseline = splice.baseline(Plan(self.pristine))
        return self._baseline

    @baseline.setter
    def baseline(self, value: dict) -> None:
        self._baseline = value

    def before_edit(self) -> None:
        """Called by the workspace before each edit. The first takes the baseline from the plan
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
    raw = read_bytes(path)
    if b"\x00" in raw:
        raise PlanError(path, texts.BINARY_FILE, raw[: raw.index(b"\x00")].count(b"\n") + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start]
        raise PlanError(path, texts.NOT_UTF8.format(byte=f"0x{byte:02x}"), line) from None
    return text, raw, raw.startswith(BOM.encode())


def read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise PlanError(path, texts.IS_DIRECTORY)
        return path.read_bytes()
    except PlanError:
        raise
    except OSError as error:
        raise PlanError(path, texts.CANNOT_READ.format(reason=os_reason(error))) from None


def toml_lines(text: str) -> list[str]:
    """The file's lines as TOML (and an editor) counts them: only LF or CRLF ends a line.
    str.splitlines also splits on NEL, U+2028 and others, which TOML strings may hold."""
    return text.replace("\r\n", "\n").split("\n")


def parse_text(path: Path, text: str) -> dict:
    if not text.strip():
        raise PlanError(path, texts.EMPTY_FILE, 1)
    marker = conflict_marker(text)
    if marker is not None:
        line = text.count("\n", 0, marker) + 1  # only LF ends a line, as in toml_lines
        raise ConflictMarkers(path, texts.CONFLICT_MARKER, line, text)
    try:
        data = tomlread.loads(text)
    except tomlread.TOMLDecodeError as error:
        raise toml_error(path, str(error), text) from None
    except RecursionError:
        deep = re.search(r"[\[{](?:\s*[\[{]){49,}", text)
        line = text.count("\n", 0, deep.start()) + 1 if deep else 1
        raise PlanError(path, texts.TOO_DEEP, line) from None
    if not isinstance(data.get("plan"), dict):
        raise PlanError(path, texts.MISSING_PLAN_TABLE, 1)
    version = data.get("format", FORMAT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT_VERSION:
        line = next((n for n, t in enumerate(toml_lines(text), 1) if t.startswith("format")), 1)
        message = texts.UNSUPPORTED_FORMAT.format(version=version, supported=FORMAT_VERSION)
        raise PlanError(path, message, line)
    return data


def conflict_marker(text: str) -> int | None:
    """Where the first line that is one of git's conflict markers starts."""
    if CONFLICT_MARKER.match(text):
        return 0
    found = CONFLICT_MARKER_LINE.search(text)
    return found.start() + 1 if found else None


def toml_error(path: Path, message: str, text: str) -> PlanError:
    position = TOML_POSITION.search(message)
    if position:
        line, column = int(position.group(1)), int(position.group(2))
    elif "(at end of document)" in message:
        lines = toml_lines(text)
        lines = lines[:-1] if len(lines) > 1 and not lines[-1] else lines
        line, column = len(lines), len(lines[-1]) + 1
    else:
        return PlanError(path, texts.TOML_SYNTAX_NO_POS.format(detail=texts.toml_detail(message)))
    detail = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message).strip()
    return PlanError(
        path, texts.TOML_SYNTAX.format(column=column, detail=texts.toml_detail(detail)), line
    )


def load(path: str | Path, editing: bool = True) -> LoadedPlan:
    """Read a plan. `editing=False` skips what only a save needs (list, export, check), or
    leaves it to LoadedPlan.before_edit (the TUI, where most sessions never edit a plan)."""
    path = Path(path)
    text, raw, bom = read_text(path)
    data = parse_text(path, text)
    read_only = not os.access(path, os.W_OK)
    plan = Plan(data)
    base = splice.baseline(plan) if editing else None
    return LoadedPlan(path, text, raw, data, plan, bom, read_only, baseline=base)


def render(loaded: LoadedPlan, data: dict) -> str:
    """The new file text for `data`, patched into the loaded text."""
    import tomlkit  # only editing needs tomlkit; reading uses the faster tomlread
    import tomlkit.exceptions

    from tui.store.tomlpatch import patch_document

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
    return out[: _content_end(out)] + original[_content_end(original) :]


def _content_end(text: str) -> int:
    """Where the final run of line breaks starts (no copy of a 20 MB text, as rstrip makes)."""
    end = len(text)
    while end and text[end - 1] in "\r\n":
        end -= 1
    return end


class PendingSave(namedtuple("PendingSave", ["baseline", "text", "raw"])):
    """A save worked out from the model, not yet written: the file's new text and bytes, and
    the baseline the plan has once they are on disk."""

    __slots__ = ()


def save(loaded: LoadedPlan) -> bool:
    """Write the plan's edits. Returns False when nothing changed (the file is not touched)."""
    pending = prepare_save(loaded)
    if pending is None:
        return False
    write_save(loaded, pending)
    commit_save(loaded, pending)
    return True


def prepare_save(loaded: LoadedPlan) -> PendingSave | None:
    """The text a save writes, from the model (so on the thread that owns it); None when
    nothing changed. When only some records' fields changed, or measures were added, deleted
    or moved, only their text is rewritten (tui.store.splice); otherwise the whole document is
    patched with tomlkit and re-read."""
    current = splice.baseline(loaded.plan)
    if current == loaded.baseline:
        return None
    out = _splice(loaded, current)
    if out is None and loaded.partial:
        raise NeedsWholePlan(loaded.path)
    if out is None:
        out = _full_render(loaded)
    if out == loaded.text:
        loaded.baseline = current
        return None
    return PendingSave(current, out, loaded.file_bytes(out))


def write_save(loaded: LoadedPlan, pending: PendingSave) -> None:
    """Under the plan's lock, if the file is still the one read: the new bytes, atomically.
    Touches only the file, so it may run in a worker thread."""
    with locked(loaded.path):
        if loaded.changed_on_disk():
            raise ConflictError(loaded.path, texts.CHANGED_ON_DISK)
        atomic_write(loaded.path, pending.raw)


def commit_save(loaded: LoadedPlan, pending: PendingSave) -> None:
    """The written file is the plan's base from now on."""
    loaded.text, loaded.raw, loaded.baseline, loaded._pristine = (
        pending.text,
        pending.raw,
        pending.baseline,
        None,
    )


def _splice(loaded: LoadedPlan, current: dict) -> str | None:
    """The fast save's text (tui.splice), or None where only the full patch will do."""
    changes = splice.changed_measure_lists(loaded.baseline, current)
    if changes is None:
        return None
    ids, lists = changes
    out = splice.splice(loaded.text, loaded.plan, ids, lists)
    return None if out is None else _keep_file_ending(loaded.text, out)


def _full_render(loaded: LoadedPlan) -> str:
    data = loaded.plan.to_data()
    out = render(loaded, data)
    verify(loaded.path, out, data)
    return out


def verify(path: Path, text: str, data: dict) -> None:
    """The text about to be written reads back as the data it was made from, else a
    PlanError: nothing is written that would not load as what was meant."""
    try:
        reread = tomlread.loads(text)
    except tomlread.TOMLDecodeError as error:
        raise PlanError(path, texts.VERIFY_FAILED.format(detail=error)) from None
    if not same(reread, data):
        raise PlanError(path, texts.VERIFY_FAILED.format(detail=texts.VERIFY_DIFFERS))


def save_as(loaded: LoadedPlan, target: Path) -> None:
    """Write the edited plan to another file (when the original changed underneath us). Never
    onto the plan's own file or another plan: that would undo the conflict it is the way out of."""
    if loaded.partial:
        raise NeedsWholePlan(loaded.path)
    out = render(loaded, loaded.plan.to_data())
    write_output(target, ((BOM if loaded.bom else "") + out).encode("utf-8"), [loaded.path])


# --- the plan's lock ----------------------------------------------------------------------

_held = threading.local()  # the plans this thread has locked (the lock is re-entrant)


@contextlib.contextmanager
def locked(path: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the plan's advisory lock: flock on the plan file itself, so no lock file is left
    in the folder, and the kernel drops the lock when its holder dies, even by kill -9.

    A save replaces the file (a new inode), so a writer that waited on the old one checks,
    once it has the lock, that the path still names the file it locked, and locks again if
    not. A holder that never lets go (a stopped process) makes us give up after `wait`
    seconds with one line. A file that cannot be opened or locked here (missing, or a file
    system without flock) is not locked: the check that it is the file we read still runs.
    """
    key = os.path.realpath(path)
    held = _held.__dict__.setdefault("paths", set())
    if key in held:
        yield
        return
    fd = _acquire(path, LOCK_WAIT if wait is None else wait)
    held.add(key)
    try:
        yield
    finally:
        held.discard(key)
        if fd is not None:
            os.close(fd)  # closing the last descriptor releases the flock


def _acquire(path: Path, wait: float) -> int | None:
    give_up = time.monotonic() + wait
    while True:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK)  # a FIFO: no hang
        except OSError:
            return None
        try:
            supported = _wait_for_lock(fd, path, give_up, wait)
        except BaseException:
            os.close(fd)
            raise
        if supported and _names_file(path, fd):
            return fd
        os.close(fd)
        if not supported:
            return None
        # The file was replaced while we waited (the other writer saved): lock the new one.


def _wait_for_lock(fd: int, path: Path, give_up: float, wait: float) -> bool:
    """True once `fd` is locked; False where the file system has no flock."""
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > give_up:
                raise PlanError(path, texts.PLAN_LOCKED.format(seconds=round(wait))) from None
            time.sleep(LOCK_POLL)
        except OSError:
            return False


def _names_file(path: Path, fd: int) -> bool:
    try:
        on_path = os.stat(path)
    except OSError:
        return True  # gone: the check against what was read reports it
    locked_file = os.fstat(fd)
    return (on_path.st_dev, on_path.st_ino) == (locked_file.st_dev, locked_file.st_ino)


# --- writing ------------------------------------------------------------------------------


def write_output(path: Path, raw: bytes, inputs: list[Path], replace_plan: bool = False) -> None:
    """Write an export, an import or a "save as" to `path`, refusing what would destroy
    something: a device, folder or FIFO, one of the files the output was made from (also via a
    symlink or hard link), or a plan (unless `replace_plan`: what `import --force` asks for)."""
    check_output(path, inputs, replace_plan)
    atomic_write(path, raw)


def check_output(path: Path, inputs: list[Path], replace_plan: bool = False) -> None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return  # a new file (or a symlink to one)
    except OSError as error:
        raise PlanError(path, texts.CANNOT_WRITE.format(reason=os_reason(error))) from None
    if not stat.S_ISREG(info.st_mode):
        raise PlanError(path, texts.OUTPUT_NOT_REGULAR)
    if any(_same_file(path, given) for given in inputs):
        raise PlanError(path, texts.OUTPUT_IS_INPUT)
    if not replace_plan and _is_plan(path):
        raise PlanError(path, texts.OUTPUT_IS_PLAN)


def os_reason(error: OSError) -> str:
    """Why the operating system refused, in Norwegian for the usual reasons."""
    name = errno.errorcode.get(error.errno or 0, "")
    return texts.OS_ERROR_REASONS.get(name) or error.strerror or str(error)


def _same_file(path: Path, other: Path) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def _is_plan(path: Path) -> bool:
    """Whether the file is, or looks like, a plan: named *.toml, loads as one, or a plan that
    does not parse right now (a merge conflict, a typo) still worth keeping."""
    if path.name.endswith(".toml") or os.path.realpath(path).endswith(".toml"):
        return True
    try:
        text, _, _ = read_text(path)
    except PlanError:
        return False
    if _looks_like_plan(text):
        return True
    try:
        parse_text(path, text)
    except PlanError:
        return False
    return True


def _looks_like_plan(text: str) -> bool:
    lines = [line.strip() for line in text.splitlines()]
    meaningful = [line for line in lines if line and not line.startswith("#")]
    starts_with_format = bool(meaningful) and meaningful[0].replace(" ", "").startswith("format=")
    return starts_with_format or "[plan]" in lines


def atomic_write(path: Path, raw: bytes | Iterable[bytes]) -> None:
    """Temp file in the same folder, fsync, then os.replace: readers see old or new, never half.
    `raw` is the bytes, or pieces of them (a new plan written a chapter at a time).

    A symlink is followed: the file it points to is replaced and the link stays. The new file
    keeps the old one's mode, and its owner and group where the process may set them.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    folder = target.parent if str(target.parent) else Path(".")
    try:
        old = target.stat() if target.exists() else None
        if old is not None and not os.access(target, os.W_OK):
            raise PlanError(path, texts.READ_ONLY_FILE)
        _remove_dead_writers_temps(target)
        import tempfile  # here: only a save needs it (~3 ms of every command's start)

        handle, temp_name = tempfile.mkstemp(
            prefix=f"{_temp_prefix(target)}{os.getpid()}.", suffix=".tmp", dir=folder
        )
    except PlanError:
        raise
    except OSError as error:
        raise PlanError(path, texts.CANNOT_WRITE.format(reason=os_reason(error))) from None
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.writelines([raw] if isinstance(raw, bytes) else raw)
            temp.flush()
            os.fsync(temp.fileno())
        _keep_owner(temp_name, old)
        os.chmod(temp_name, old.st_mode & 0o7777 if old else _default_mode())
        os.replace(temp_name, target)
        _fsync_folder(folder)
    except OSError as error:
        _remove_quietly(temp_name)
        raise PlanError(path, texts.CANNOT_WRITE.format(reason=os_reason(error))) from None
    except BaseException:
        _remove_quietly(temp_name)
        raise


def _keep_owner(temp_name: str, old: os.stat_result | None) -> None:
    """The original's owner and group, or at least its group (a member of the group may set
    that). Called before chmod, since chown can clear the setuid and setgid bits."""
    if old is None:
        return
    try:
        os.chown(temp_name, old.st_uid, old.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):
            os.chown(temp_name, -1, old.st_gid)


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _remove_dead_writers_temps(path: Path) -> None:
    """Temp files of writers that were killed mid-save (the pid is in the name). A live
    writer's temp file is left alone; its os.replace is still to come."""
    prefix = _temp_prefix(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        leftovers = [
            p for p in folder.iterdir() if p.name.startswith(prefix) and p.name.endswith(".tmp")
        ]
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
