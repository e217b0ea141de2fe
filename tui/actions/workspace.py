"""The open plans of one editing session: operations by id, undo/redo, saving, reloading.

The TUI calls these and only draws the result; every rule lives here or in the modules
this one calls (domain.fields, store.storage, actions.check), so the command line and the
TUI share them.
"""

from __future__ import annotations

import contextlib
import copy
import json
from collections import namedtuple
from collections.abc import Iterator
from pathlib import Path

from tui import texts
from tui.domain import deadlines, fields
from tui.domain.changes import describe
from tui.domain.model import Block, Measure, Plan, SectionRef, new_id
from tui.store.partial import load_measure
from tui.store.storage import (
    LoadedPlan,
    PendingSave,
    PlanError,
    commit_save,
    discover,
    load,
    locked,
    prepare_save,
    save_as,
    write_save,
)


class NotEditable(PlanError, fields.EditError):
    """The plan's structure (ids, record tables) makes edits unsafe. A file error (FILE:LINE)
    that the TUI shows like any other refused edit."""


TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~2 ms a start)
if TYPE_CHECKING:
    from tui.actions.recovery import Journal
    from tui.domain.filters import Row


# One edit on the undo or redo stack: the plan's data before and after it, and its name.
Step = namedtuple("Step", ["plan_index", "before", "after", "label"])


class Workspace:
    """The plans open for editing, the ones that failed to load, and the undo history."""

    def __init__(
        self,
        plans: list[LoadedPlan] | None = None,
        errors: list[PlanError] | None = None,
        history: bool = True,
    ):
        self.plans = plans or []
        self.errors = errors or []
        self.undo_stack: list[Step] = []
        self.redo_stack: list[Step] = []
        self.history = history  # False for a one-off change (the command line): no undo
        # Where each edit is recorded as it happens (tui.actions.recovery); None in the CLI.
        self.journal: Journal | None = None

    @classmethod
    def open(cls, paths: list[str | Path]) -> Workspace:
        """Every plan that loads; the others as errors (file, line, message)."""
        workspace = cls()
        for path in discover(paths):
            try:
                workspace.plans.append(load(path, editing=False))
            except PlanError as error:
                workspace.errors.append(error)
        return workspace

    # --- reading ------------------------------------------------------------------------

    def rows(self) -> list[Row]:
        from tui.domain.filters import rows_for

        return [row for loaded in self.plans for row in rows_for(loaded.plan, str(loaded.path))]

    def index_of(self, loaded: LoadedPlan) -> int:
        return next(i for i, p in enumerate(self.plans) if p is loaded)

    def is_modified(self) -> bool:
        return bool(self.modified_plans())

    def modified_plans(self) -> list[LoadedPlan]:
        # A plan never edited here cannot differ from its file: all edits go through _edit.
        return [p for p in self.plans if p.edited and p.is_modified()]

    def period(self, loaded: LoadedPlan) -> deadlines.Period | None:
        return loaded.plan.period

    # --- edits, each one step of undo ------------------------------------------------------

    def _edit(self, loaded: LoadedPlan, label: str, change, op: dict) -> bool:
        """Apply `change` as one step of undo; `op` is how the journal records it."""
        if loaded.read_only:
            raise fields.EditError(texts.READ_ONLY_PLAN.format(name=loaded.name))
        if not loaded.edited:
            _refuse_unsound(loaded, loaded.data)
        loaded.before_edit()
        if not self.history:
            result = change(loaded.plan)
            return result if result is not None else True
        before = copy.deepcopy(loaded.plan.to_data())
        result = change(loaded.plan)
        after = loaded.plan.to_data()
        if after == before:
            return False
        self.undo_stack.append(Step(self.index_of(loaded), before, copy.deepcopy(after), label))
        self.redo_stack.clear()
        if self.journal is not None:
            self.journal.edit(loaded, op)
        return result if result is not None else True

    def _parsed(self, loaded: LoadedPlan, values: dict[str, str]) -> dict:
        """Measure fields typed as text, parsed; the first that cannot be is an EditError."""
        period = self.period(loaded)
        return {name: fields.parse_value(name, raw, period) for name, raw in values.items()}

    def set_fields(self, loaded: LoadedPlan, measure_id: str, values: dict[str, str]) -> bool:
        """Fields typed as text (name -> text); all are checked before any is changed."""
        parsed = self._parsed(loaded, values)

        def change(plan: Plan):
            measure = _find_measure(plan, measure_id)
            for name, value in parsed.items():
                fields.apply(measure, name, value)

        # The old values too: restoring onto a file changed since must not overwrite a field
        # someone else changed meanwhile (tui.actions.recovery reports that as a conflict).
        old = _field_values(loaded.plan, measure_id, list(values))
        op = {"op": "set_fields", "measure": measure_id, "values": dict(values), "old": old}
        return self._edit(loaded, texts.STEP_EDIT, change, op)

    def set_meta(self, loaded: LoadedPlan, values: dict[str, str]) -> bool:
        """The plan's metadata typed as text (title, period, … or the TOML keys); all are
        checked before any is changed."""
        typed = [(fields.plan_field(name), raw) for name, raw in values.items()]
        parsed = {spec.key: fields.parse(spec, raw) for spec, raw in typed}

        def change(plan: Plan):
            meta = plan.data.setdefault("plan", {})
            if not isinstance(meta, dict):  # `plan = "…"` written by hand: check reports it
                raise fields.EditError(texts.MISSING_PLAN_TABLE)
            for key, value in parsed.items():
                if meta.get(key) != value:
                    meta[key] = value

        op = {"op": "set_meta", "values": dict(values)}
        return self._edit(loaded, texts.STEP_META, change, op)

    def add_measure(
        self,
        loaded: LoadedPlan,
        section_id: str,
        after_id: str | None,
        measure_id: str | None = None,
        values: dict[str, str] | None = None,
    ) -> str:
        """A new measure after `after_id` (or last in the section), its fields typed as text
        (name -> text, checked before anything changes), as one step; returns its id.
        `measure_id` is the id it had when recorded (a replayed journal), else a fresh one."""
        taken = loaded.plan.all_ids()
        if measure_id in taken:
            raise fields.EditError(texts.RECOVERY_ID_TAKEN.format(id=measure_id))
        parsed = self._parsed(loaded, values or {})
        new = Measure.new(measure_id or new_id("tiltak", taken), tekst=texts.NEW_MEASURE_TEXT)
        for name, value in parsed.items():
            fields.apply(new, name, value)

        def change(plan: Plan):
            section = _find_section(plan, section_id).section
            ids = [m.id for m in section.measures]
            at = ids.index(after_id) + 1 if after_id in ids else len(section.measures)
            section.measures.insert(at, new)

        op = {"op": "add_measure", "section": section_id, "after": after_id, "id": str(new.id)}
        if values:
            op["values"] = dict(values)
        self._edit(loaded, texts.STEP_ADD, change, op)
        return str(new.id)

    def delete_measure(self, loaded: LoadedPlan, measure_id: str) -> bool:
        def change(plan: Plan):
            ref = _find_measure_ref(plan, measure_id)
            ref.section.section.measures.remove(ref.measure)

        op = {"op": "delete_measure", "measure": measure_id}
        return self._edit(loaded, texts.STEP_DELETE, change, op)

    def move_measure(self, loaded: LoadedPlan, measure_id: str, step: int) -> bool:
        def change(plan: Plan):
            ref = _find_measure_ref(plan, measure_id)
            items = ref.section.section.measures
            at = items.index(ref.measure)
            target = at + step
            if 0 <= target < len(items):
                items.insert(target, items.pop(at))

        op = {"op": "move_measure", "measure": measure_id, "step": step}
        return self._edit(loaded, texts.STEP_MOVE, change, op)

    def set_block(self, loaded: LoadedPlan, block_id: str, text: str) -> bool:
        """Prose, list items (one per line) or table cells (tab-separated) as edited text."""

        def change(plan: Plan):
            block = _find_block(plan, block_id)
            block.data.update(block_from_text(block, text))

        old = block_as_text(_find_block(loaded.plan, block_id))
        op = {"op": "set_block", "block": block_id, "text": text, "old": old}
        return self._edit(loaded, texts.STEP_BLOCK, change, op)

    def replace_plan(self, loaded: LoadedPlan, data: dict) -> bool:
        """The whole plan as `data`: how the journal restores an undo past the last save."""

        def change(plan: Plan):
            loaded.plan = Plan(copy.deepcopy(data))
            loaded.data = loaded.plan.to_data()

        op = {"op": "replace_plan", "data": copy.deepcopy(data)}
        return self._edit(loaded, texts.STEP_REPLACE, change, op)

    def undo(self) -> Step | None:
        step = self._replay(self.undo_stack, self.redo_stack, "before")
        if step is not None and self.journal is not None:
            self.journal.undo(self.plans[step.plan_index])
        return step

    def redo(self) -> Step | None:
        step = self._replay(self.redo_stack, self.undo_stack, "after")
        if step is not None and self.journal is not None:
            self.journal.redo(self.plans[step.plan_index])
        return step

    def _replay(self, source: list[Step], target: list[Step], side: str) -> Step | None:
        if not source:
            return None
        step = source.pop()
        self._restore(step.plan_index, getattr(step, side))
        target.append(step)
        return step

    def _restore(self, index: int, data: dict) -> None:
        self.plans[index].plan = Plan(copy.deepcopy(data))
        self.plans[index].data = self.plans[index].plan.to_data()

    # --- disk -----------------------------------------------------------------------------

    def save(self, loaded: LoadedPlan) -> bool:
        """Under the plan's lock: the file must be the one read (ConflictError), the result
        must be sound, and the write is atomic. False when there was nothing to write."""
        pending = self.prepare_save(loaded)
        if pending is not None:
            write_save(loaded, pending)
        self.finish_save(loaded, pending)
        return pending is not None

    def prepare_save(self, loaded: LoadedPlan) -> PendingSave | None:
        """A save in three steps for the TUI: this one reads the model (on the thread that
        owns it), `write_save` may run in a worker, `finish_save` is back on the owner's."""
        if loaded.edited:
            _refuse_unsound(loaded, loaded.plan.to_data())
        return prepare_save(loaded)

    def finish_save(self, loaded: LoadedPlan, pending: PendingSave | None) -> None:
        if pending is not None:
            commit_save(loaded, pending)
        self._journal_done(loaded)

    def save_as(self, loaded: LoadedPlan, target: Path) -> None:
        save_as(loaded, target)

    def changed_on_disk(self) -> list[LoadedPlan]:
        return [p for p in self.plans if p.changed_on_disk()]

    def add_plan(self, path: str | Path) -> LoadedPlan:
        """Open one more plan (one that was just written, such as the next period's)."""
        fresh = load(path, editing=False)
        self.plans.append(fresh)
        return fresh

    def reload(self, loaded: LoadedPlan) -> LoadedPlan:
        """Read the file again; edits and undo history of that plan are dropped."""
        index = self.index_of(loaded)
        fresh = load(loaded.path, editing=False)
        self.plans[index] = fresh
        self.undo_stack = [s for s in self.undo_stack if s.plan_index != index]
        self.redo_stack = [s for s in self.redo_stack if s.plan_index != index]
        self._journal_done(loaded)
        return fresh

    def keep_mine_on_disk(self, loaded: LoadedPlan) -> tuple[LoadedPlan, list[str]]:
        """My unsaved edits on top of the file as it is on disk now, merged by record and
        field as git's merge driver merges: the plan read again with my edits as one step of
        undo, or, where both changed the same field, the plan as it was and those fields."""
        from tui.git.merge import Merger

        fresh = load(loaded.path, editing=False)
        mine = Plan(copy.deepcopy(loaded.plan.to_data()))
        theirs = Plan(copy.deepcopy(fresh.plan.to_data()))
        conflicts = Merger(Plan(copy.deepcopy(loaded.pristine)), mine, theirs).run()
        if conflicts:
            return loaded, [conflict.describe(mine) for conflict in conflicts]
        merged = mine.to_data()
        fresh = self.reload(loaded)
        self.replace_plan(fresh, merged)
        return fresh, []

    def discard(self) -> None:
        """The user chose to throw the unsaved edits away: nothing is offered back later."""
        for loaded in self.plans:
            self._journal_done(loaded)

    def _journal_done(self, loaded: LoadedPlan) -> None:
        """The plan's file is the base again (saved, reloaded, or its edits discarded)."""
        if self.journal is not None:
            self.journal.reset(loaded)

    def disk_diff(self, loaded: LoadedPlan) -> str:
        """A unified diff from the file as it is on disk now to the plan with my edits."""
        from tui.store.storage import read_text, render

        try:
            theirs, _, _ = read_text(loaded.path)
        except PlanError:
            theirs = ""
        mine = render(loaded, loaded.plan.to_data())
        import difflib

        return "".join(
            difflib.unified_diff(
                theirs.splitlines(True), mine.splitlines(True), texts.DIFF_DISK, texts.DIFF_MINE
            )
        )

    def unsaved_changes(self, loaded: LoadedPlan) -> list[str]:
        return describe(loaded.pristine, loaded.plan.to_data())

    def in_git(self, loaded: LoadedPlan) -> bool:
        from tui.git.repo import toplevel

        return toplevel(loaded.path.parent) is not None

    def committed_changes(self, loaded: LoadedPlan) -> list[str]:
        """The file as saved against the last git commit, in words ([] outside git)."""
        from tui.git.repo import git_show_head

        committed = git_show_head(loaded.path)
        if committed is None:
            return []
        from tui.store import tomlread

        try:
            return describe(tomlread.loads(committed), loaded.pristine)
        except tomlread.TOMLDecodeError:
            return []


@contextlib.contextmanager
def editing(
    path: str | Path, measure_id: str | None = None
) -> Iterator[tuple[Workspace, LoadedPlan]]:
    """One plan opened for a change from the command line. The plan's lock is held from the
    read to the save, so a concurrent writer's change is read first and kept, never lost.
    With `measure_id`, only that measure is read if the text allows (tui.store.partial); its
    save raises NeedsWholePlan where only the whole plan will do."""
    with locked(Path(path)):
        loaded = (load_measure(path, measure_id) if measure_id else None) or load(path)
        yield Workspace(plans=[loaded], history=False), loaded


def _refuse_unsound(loaded: LoadedPlan, data: dict) -> None:
    from tui.actions.check import refuse_unsound

    refuse_unsound(loaded, data=data, error=NotEditable)


def field_value(measure: Measure, name: str):
    """A field's stored value, as plain JSON data (a string, a list of strings, ...)."""
    value = measure.data.get(fields.measure_field(name).key)
    return json.loads(json.dumps(value, default=str))


def _field_values(plan: Plan, measure_id: str, names: list[str]) -> dict:
    ref = plan.find_measure(measure_id)
    return {name: field_value(ref.measure, name) for name in names} if ref else {}


def _find_measure(plan: Plan, measure_id: str) -> Measure:
    return _find_measure_ref(plan, measure_id).measure


def _find_measure_ref(plan: Plan, measure_id: str):
    ref = plan.find_measure(measure_id)
    if ref is None:
        raise fields.EditError(texts.UNKNOWN_MEASURE_SHORT.format(id=measure_id))
    return ref


def _find_section(plan: Plan, section_id: str) -> SectionRef:
    ref = plan.find_section(section_id)
    if ref is None:
        raise fields.EditError(texts.UNKNOWN_SECTION.format(id=section_id))
    return ref


def _find_block(plan: Plan, block_id: str) -> Block:
    for ref in plan.walk():
        for block in ref.section.blocks:
            if block.id == block_id:
                return block
    raise fields.EditError(texts.UNKNOWN_SECTION.format(id=block_id))


def block_as_text(block: Block) -> str:
    """A block as the text the user edits: prose, one list item per line, or a table as
    tab-separated lines (header first)."""
    data = block.data
    if block.type in fields.PROSE_KINDS:
        return str(data.get("tekst", ""))
    if block.type == fields.LIST_BLOCK:
        return "\n".join(str(item) for item in data.get("punkter", []))
    if block.type == fields.TABLE_BLOCK:
        rows = [data.get("kolonner", []), *data.get("rader", [])]
        return "\n".join("\t".join(str(c) for c in row) for row in rows)
    if block.type == fields.CALENDAR_BLOCK:
        return "\n".join(
            "\t".join(str(e.get(c.key, "")) for c in fields.CALENDAR_COLUMNS)
            for e in data.get("aktiviteter", [])
        )
    return ""


def block_from_text(block: Block, text: str) -> dict:
    """The fields of `block` for edited text (the inverse of block_as_text)."""
    lines = [line for line in text.replace("\r\n", "\n").split("\n")]
    if block.type in fields.PROSE_KINDS:
        return {"tekst": text.strip("\n")}
    if block.type == fields.LIST_BLOCK:
        return {"punkter": [line.strip() for line in lines if line.strip()]}
    if block.type == fields.TABLE_BLOCK:
        rows = [line.split("\t") for line in lines if line.strip()]
        if not rows:
            return {"kolonner": [], "rader": []}
        return {"kolonner": rows[0], "rader": rows[1:]}
    if block.type == fields.CALENDAR_BLOCK:
        keys = [c.key for c in fields.CALENDAR_COLUMNS]
        entries = []
        for line in lines:
            if line.strip():
                cells = (line.split("\t") + [""] * len(keys))[: len(keys)]
                entries.append(dict(zip(keys, cells, strict=True)))
        return {"aktiviteter": entries}
    return {}


def open_workspace(paths: list[str]) -> Workspace:
    """Every plan that loads, the others as errors; a path that cannot be read is one error."""
    try:
        return Workspace.open(paths)
    except PlanError as error:
        return Workspace(errors=[error])
