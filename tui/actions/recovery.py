"""Recovery journals, like an editor's swap file: unsaved edits survive a crash.

While the TUI runs, every edit to a plan is recorded as an operation (the Workspace
method and its arguments) in a journal under the user's state folder, written atomically
right after the edit. Saving, reloading or discarding the plan removes the journal, and
so does undoing back to the file's state. A journal left behind by a process that is gone
is offered at the next start; restoring replays its operations through the same
Workspace methods onto the file as it is now, so the result is an unsaved plan that the
normal save path (with its conflict rules) writes. A field edit records the value it
replaced, so that a field the file changed meanwhile is reported as a conflict, not
overwritten.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from tui import config, texts
from tui.actions.workspace import Workspace, block_as_text, field_value
from tui.domain import fields
from tui.domain.changes import describe, show_value
from tui.domain.textkey import shorten
from tui.store.storage import LoadedPlan, PlanError, atomic_write, load, os_reason

FORMAT = 1
# Journal.outcome: what an exit right now leaves for the next start.
NOTHING_UNSAVED, KEPT, LOST = "nothing unsaved", "kept", "lost"
# Journals this process writes right now; any other journal whose process is gone is a
# leftover (in one process, an earlier app's: the tests start several).
_OWN: set[Path] = set()

OP_LABELS = {
    "set_fields": texts.STEP_EDIT,
    "add_measure": texts.STEP_ADD,
    "set_meta": texts.STEP_META,
    "delete_measure": texts.STEP_DELETE,
    "move_measure": texts.STEP_MOVE,
    "set_block": texts.STEP_BLOCK,
    "replace_plan": texts.STEP_REPLACE,
    "typed_fields": texts.STEP_EDIT,
}


def journal_dir() -> Path:
    return config.state_dir() / "recovery"


def log_path() -> Path:
    return config.state_dir() / "handlingsplan.log"


def file_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _plan_key(path: Path) -> str:
    """The journal's name for a plan: its real path (a symlink and its target are one plan)."""
    return hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:20]


# --- writing, while the TUI runs ---------------------------------------------------------


@dataclass
class _Record:
    """One plan's journal in this session: the operations since `base` (the file's hash),
    and how many of them an undo or a redo can step over when they are replayed."""

    path: Path
    base: str
    ops: list[dict] = field(default_factory=list)
    done: int = 0
    undone: int = 0
    from_file: bool = True  # the ops start from the file, not from a whole plan
    written: bool = False  # the journal on disk holds the ops (the last write succeeded)

    def at_file(self) -> bool:
        """Every edit since the file was read is undone: the plan is the file again."""
        return self.from_file and self.done == 0


class Journal:
    """Records a workspace's edits; tui.actions.workspace calls it after each edit, undo, redo,
    save, reload and discard. A failed write is kept in `problem`, never raised."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or journal_dir()
        self.records: dict[int, _Record] = {}
        self.problem: str | None = None
        self.failed_write: str | None = None  # why the last write failed, for the exit line

    def edit(self, loaded: LoadedPlan, op: dict) -> None:
        record = self._record(loaded)
        record.ops.append(op)
        record.done, record.undone = record.done + 1, 0
        self._write(loaded, record)

    def undo(self, loaded: LoadedPlan) -> None:
        record = self._record(loaded)
        if record.done:
            record.ops.append({"op": "undo"})
            record.done, record.undone = record.done - 1, record.undone + 1
        else:  # the step undone is older than the journal's base (before the last save)
            self._restart_from_here(loaded, record)
        self._write(loaded, record)

    def redo(self, loaded: LoadedPlan) -> None:
        record = self._record(loaded)
        if record.undone:
            record.ops.append({"op": "redo"})
            record.done, record.undone = record.done + 1, record.undone - 1
        else:
            self._restart_from_here(loaded, record)
        self._write(loaded, record)

    def reset(self, loaded: LoadedPlan) -> None:
        """The plan is its file again (saved, reloaded, discarded): no journal until the
        next edit, which starts from the file as it is now."""
        record = self.records.pop(id(loaded), None)
        if record is not None:
            self._remove(record.path)

    def outcome(self) -> str:
        """What the next start gets of the unsaved edits: NOTHING_UNSAVED, KEPT or LOST."""
        pending = [record for record in self.records.values() if not record.at_file()]
        if not pending:
            return NOTHING_UNSAVED
        return KEPT if all(record.written for record in pending) else LOST

    def close(self) -> None:
        """Stop owning the journals (the app ends); what is left is offered next time."""
        for record in self.records.values():
            _OWN.discard(record.path)
        self.records.clear()

    def _record(self, loaded: LoadedPlan) -> _Record:
        record = self.records.get(id(loaded))
        if record is None:
            name = f"{_plan_key(loaded.path)}-{os.getpid()}-{id(self)}.json"
            record = _Record(self.folder / name, file_hash(loaded.raw))
            self.records[id(loaded)] = record
            _OWN.add(record.path)
        return record

    @staticmethod
    def _restart_from_here(loaded: LoadedPlan, record: _Record) -> None:
        # An undo past the last save cannot be told as operations on the saved file: the
        # journal starts again from the whole plan as it is now.
        record.ops = [{"op": "replace_plan", "data": copy.deepcopy(loaded.plan.to_data())}]
        record.done, record.undone, record.from_file = 0, 0, False

    def _write(self, loaded: LoadedPlan, record: _Record) -> None:
        if record.at_file():  # nothing to recover
            self._remove(record.path)
            return
        body = {
            "format": FORMAT,
            "plan": str(loaded.path.resolve()),
            "base": record.base,
            "pid": os.getpid(),
            "process": process_identity(os.getpid()),
            "written": datetime.now().isoformat(timespec="seconds"),
            "ops": record.ops,
        }
        try:
            record.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(record.path, json.dumps(body, ensure_ascii=False).encode("utf-8"))
        except (OSError, PlanError) as error:
            reason = error.message if isinstance(error, PlanError) else os_reason(error)
            folder = record.path.parent
            self.problem = texts.RECOVERY_CANNOT_WRITE.format(folder=folder, reason=reason)
            self.failed_write = texts.RECOVERY_WRITE_FAILED.format(folder=folder, reason=reason)
            record.written = False
            return
        self.problem = None
        record.written = True

    def _remove(self, path: Path) -> None:
        with contextlib.suppress(OSError):
            path.unlink()


# --- finding and restoring, at the next start --------------------------------------------


@dataclass
class Leftover:
    """A journal left behind by a session that ended without saving."""

    path: Path
    plan: Path
    base: str
    ops: list[dict]
    written: str
    not_applied: int = 0  # edits the last replay could not apply

    def file_changed(self) -> bool:
        try:
            return file_hash(self.plan.read_bytes()) != self.base
        except OSError:
            return True

    def edit_count(self) -> int:
        return sum(1 for op in self.ops if op.get("op") not in ("undo", "redo"))

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()


def leftovers(plan: Path, folder: Path | None = None) -> tuple[list[Leftover], list[str]]:
    """Journals for `plan` whose process is gone, oldest first, and one line for each
    journal that cannot be read (it is moved aside so it is reported once)."""
    folder = folder or journal_dir()
    found, problems = [], []
    try:
        candidates = sorted(folder.glob(f"{_plan_key(plan)}-*.json"))
    except OSError:
        return [], []
    for path in candidates:
        if path in _OWN or _writer_alive(path):
            continue
        try:
            found.append(_read(path, plan))
        except ValueError as error:
            problems.append(_set_aside(path, str(error)))
    return sorted(found, key=lambda leftover: leftover.written), problems


def _writer_alive(path: Path) -> bool:
    """Is the process that wrote this journal still running? Its pid alone can mislead: after
    a crash the pid may belong to another process, so where /proc tells, the process's start
    time and the boot must match what the journal recorded too."""
    pid = path.name.split("-")[1]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False  # this process's own journals are in _OWN while they are live
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    recorded = _recorded_identity(path)
    running = process_identity(int(pid))
    if recorded is None or running is None:
        return True  # no way to tell (no /proc, an old or unreadable journal): assume alive
    return recorded == running


def process_identity(pid: int) -> dict | None:
    """What tells one process from a later one with the same pid: its start time (in clock
    ticks since boot, field 22 of /proc/PID/stat) and the boot it belongs to; None without
    /proc (not Linux)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        boot = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces or ')'.
    after_name = stat[stat.rindex(")") + 2 :].split()
    return {"started": after_name[22 - 3], "boot": boot}


def _recorded_identity(path: Path) -> dict | None:
    try:
        body = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    identity = body.get("process") if isinstance(body, dict) else None
    return identity if isinstance(identity, dict) else None


def _read(path: Path, plan: Path) -> Leftover:
    """A journal as written by Journal._write, or ValueError saying what is wrong."""
    try:
        body = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as error:
        raise ValueError(os_reason(error)) from None
    except UnicodeDecodeError:
        raise ValueError(texts.RECOVERY_NOT_UTF8) from None
    except json.JSONDecodeError as error:
        where = {"line": error.lineno, "column": error.colno}
        raise ValueError(texts.RECOVERY_BAD_JSON.format(**where)) from None
    ops = body.get("ops") if isinstance(body, dict) else None
    if not isinstance(ops, list) or not all(isinstance(op, dict) for op in ops):
        raise ValueError(texts.RECOVERY_NO_OPS)
    if body.get("format") != FORMAT:
        raise ValueError(texts.RECOVERY_FORMAT.format(version=body.get("format")))
    return Leftover(path, plan, str(body.get("base", "")), ops, str(body.get("written", "")))


def _set_aside(path: Path, reason: str) -> str:
    moved = path.with_suffix(".damaged")
    try:
        path.replace(moved)
    except OSError:
        moved = path
    return f"{path}: {texts.RECOVERY_DAMAGED.format(reason=reason, moved=moved.name)}"


def restore(workspace: Workspace, loaded: LoadedPlan, leftover: Leftover) -> list[str]:
    """Replay the leftover's edits onto the plan as it is now (unsaved); one line for each
    edit that no longer applies. The leftover journal goes once the replay is recorded."""
    problems = replay(workspace, loaded, leftover)
    leftover.discard()
    return problems


def preview(leftover: Leftover) -> list[str]:
    """The leftover's edits in words, as restoring them onto the file now would make them."""
    try:
        scratch = Workspace(plans=[load(leftover.plan, editing=False)])
    except PlanError as error:
        return [str(error)]
    loaded = scratch.plans[0]
    problems = replay(scratch, loaded, leftover)
    return (describe(loaded.pristine, loaded.plan.to_data()) or [texts.RECOVERY_NOTHING]) + problems


def replay(workspace: Workspace, loaded: LoadedPlan, leftover: Leftover) -> list[str]:
    """Each operation through its Workspace method. An edit that fails (its measure is
    gone) made no step, so an undo or redo of it is skipped too."""
    problems: list[str] = []
    done: list[bool] = []  # per replayed edit: did it make a step of undo?
    undone: list[bool] = []
    not_applied = 0
    for op in leftover.ops:
        kind = op.get("op")
        if kind in ("undo", "redo"):
            source, target = (done, undone) if kind == "undo" else (undone, done)
            made_step = source.pop() if source else False
            if made_step:
                getattr(workspace, kind)()
            target.append(made_step)
            continue
        steps = len(workspace.undo_stack)
        try:
            conflicts = _apply(workspace, loaded, op, leftover)
        except (fields.EditError, KeyError, TypeError, ValueError) as error:
            label = OP_LABELS.get(str(kind), str(kind))
            conflicts = [texts.RECOVERY_NOT_APPLIED.format(label=label, reason=error)]
        made_step = len(workspace.undo_stack) > steps
        problems.extend(conflicts)
        not_applied += bool(conflicts) and not made_step
        done.append(made_step)
        undone.clear()
    leftover.not_applied = not_applied
    return problems


def _apply(workspace: Workspace, loaded: LoadedPlan, op: dict, leftover: Leftover) -> list[str]:
    """Replay one operation; one line for each field it leaves alone (a conflict)."""
    kind = op.get("op")
    if kind == "set_fields":
        values, conflicts = _without_conflicts(workspace, loaded, op)
        if values:
            workspace.set_fields(loaded, op["measure"], values)
        return conflicts
    if kind == "set_block":
        conflict = _block_conflict(loaded, op)
        if conflict is not None:
            return [conflict]
        workspace.set_block(loaded, op["block"], str(op["text"]))
    elif kind == "set_meta":
        workspace.set_meta(loaded, dict(op["values"]))
    elif kind == "add_measure":
        workspace.add_measure(loaded, op["section"], op["after"], op["id"], op.get("values"))
    elif kind == "delete_measure":
        workspace.delete_measure(loaded, op["measure"])
    elif kind == "move_measure":
        workspace.move_measure(loaded, op["measure"], int(op["step"]))
    elif kind == "typed_fields":
        raise fields.EditError(_typed_but_invalid(workspace, loaded, op))
    elif kind == "replace_plan":
        if leftover.file_changed():
            raise fields.EditError(texts.RECOVERY_FILE_CHANGED)
        workspace.replace_plan(loaded, op["data"])
    else:
        raise fields.EditError(texts.RECOVERY_UNKNOWN_OP.format(op=kind))
    return []


def _without_conflicts(workspace: Workspace, loaded: LoadedPlan, op: dict):
    """The op's values without those whose field the file changed meanwhile to something
    else than both the old value (as recorded at the edit) and the new one; a line each."""
    values, old = dict(op["values"]), op.get("old")
    ref = loaded.plan.find_measure(str(op["measure"]))
    if not isinstance(old, dict) or ref is None:  # an older journal; a measure gone (reported)
        return values, []
    period = workspace.period(loaded)
    kept, conflicts = {}, []
    for name, raw in values.items():
        on_disk = field_value(ref.measure, name)
        new = fields.parse_value(name, str(raw), period)
        if name in old and on_disk not in (old[name], new):
            label = fields.measure_field(name).label
            conflicts.append(
                texts.RECOVERY_CONFLICT.format(
                    measure=_measure_label(ref),
                    field=label,
                    disk=show_value(on_disk),
                    mine=show_value(new),
                )
            )
        else:
            kept[name] = raw
    return kept, conflicts


def _block_conflict(loaded: LoadedPlan, op: dict) -> str | None:
    """A line when the file changed the block's content to something else than both the
    old content (as recorded at the edit) and the new one."""
    old, new = op.get("old"), str(op["text"])
    for ref in loaded.plan.walk():
        for block in ref.section.blocks:
            if block.id == op["block"] and isinstance(old, str):
                on_disk = block_as_text(block)
                if on_disk not in (old, new):
                    kind = fields.block_label(block.type)
                    return texts.RECOVERY_BLOCK_CONFLICT.format(
                        section=ref.label, kind=kind.lower(), mine=show_value(new)
                    )
    return None


def keep_typed_fields(
    workspace: Workspace, loaded: LoadedPlan, measure_id: str, values: dict[str, str]
) -> None:
    """Values typed in a measure's form but not applied, as the app ends: those that parse
    become an edit like any other; the others are journalled as typed, so that restoring
    reports them with their text instead of losing them."""
    period = workspace.period(loaded)
    valid, invalid = {}, {}
    for name, raw in values.items():
        try:
            fields.parse_value(name, raw, period)
        except fields.EditError:
            invalid[name] = raw
        else:
            valid[name] = raw
    if valid:
        workspace.set_fields(loaded, measure_id, valid)
    if invalid and workspace.journal is not None:
        workspace.journal.edit(
            loaded, {"op": "typed_fields", "measure": measure_id, "values": invalid}
        )


def keep_new_measure(
    workspace: Workspace,
    loaded: LoadedPlan,
    section_id: str,
    after_id: str | None,
    values: dict[str, str],
) -> None:
    """What is typed in the form of a measure not yet added, as the app ends: the measure is
    added, and its fields kept as keep_typed_fields keeps them."""
    measure_id = workspace.add_measure(loaded, section_id, after_id)
    keep_typed_fields(workspace, loaded, measure_id, values)


def _typed_but_invalid(workspace: Workspace, loaded: LoadedPlan, op: dict) -> str:
    period = workspace.period(loaded)
    described = []
    for name, raw in dict(op["values"]).items():
        try:
            fields.parse_value(name, str(raw), period)
            reason = ""
        except fields.EditError as error:
            reason = str(error)
        label = fields.measure_field(name).label
        described.append(texts.RECOVERY_TYPED_FIELD.format(field=label, text=raw, reason=reason))
    ref = loaded.plan.find_measure(str(op["measure"]))
    where = _measure_label(ref) if ref is not None else str(op["measure"])
    return texts.RECOVERY_TYPED_INVALID.format(measure=where, fields="; ".join(described))


def _measure_label(ref) -> str:
    """«1.1 Tiltak 2 «Klarlegge verve…»»: the measure's number and the start of its text."""
    return texts.RECOVERY_MEASURE.format(number=ref.label(), text=shorten(ref.measure.text, 30))


# --- the error log -----------------------------------------------------------------------


def log_error(error: BaseException) -> Path:
    """Append the traceback to the log under the state folder; returns the log's path.
    Never raises: it runs while something else has already gone wrong."""
    path = log_path()
    lines = traceback.format_exception(type(error), error, error.__traceback__)
    stamp = datetime.now().isoformat(timespec="seconds")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {stamp} pid {os.getpid()}\n{''.join(lines)}\n")
    return path
