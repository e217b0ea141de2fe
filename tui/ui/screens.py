"""Modal screens: editing forms, confirmations, prompts and help."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from rich.syntax import Syntax
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from tui import texts
from tui.actions.workspace import block_as_text
from tui.domain import deadlines, fields, roles
from tui.domain.model import Block, Measure
from tui.domain.textkey import status_key
from tui.store.storage import PlanError
from tui.ui.bindings import bind, in_norwegian
from tui.ui.widgets.guard import Guarded
from tui.ui.widgets.role_list import RoleList


def edit_externally(app, text: str, suffix: str = ".txt") -> str | None:
    """Open `text` in $VISUAL/$EDITOR with the app suspended; the edited text, or None."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, encoding="utf-8") as f:
        f.write(text)
        name = f.name
    try:
        with app.suspend():
            subprocess.run([*shlex.split(editor), name], check=False)
        with open(name, encoding="utf-8") as f:
            return f.read()
    except (OSError, ValueError, SuspendNotSupported) as error:
        app.notify(texts.EDITOR_FAILED.format(reason=error), severity="error")
        return None
    finally:
        os.unlink(name)


class _Modal(Guarded):
    CSS_PATH = "screens.tcss"
    AUTO_FOCUS = "*"  # the first control (the app's own AUTO_FOCUS is the tree)

    @property
    def active_bindings(self):
        return in_norwegian(super().active_bindings)

    def _on_mount(self) -> None:  # besides the screen's own on_mount (Textual calls both)
        """The dialog's own keys at the bottom, over the main screen's (which do not work
        here)."""
        self.mount(Footer())


# The app's help key, also inside a form (a modal screen hides the app's own bindings); the
# same id, so a remap in keymap.toml moves both.
HELP_BINDING = Binding("f1", "app.help", texts.HELP_TITLE, id="handlingsplan.help")


class _Form:
    """What both editing forms share: buttons, and the text field in $EDITOR."""

    text_field = "TextArea"

    def errors(self) -> dict[str, str]:
        """What is wrong in the typed values, by field: nothing, unless the form checks."""
        return {}

    def action_external(self) -> None:
        area = self.query_one(self.text_field, TextArea)
        edited = edit_externally(self.app, area.text)
        if edited is not None:
            area.text = edited.rstrip("\n")

    @on(Button.Pressed, "#apply")
    def _apply_pressed(self) -> None:
        self.action_apply()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()


def _apply_button(app, binding_id: str) -> Button:
    """The form's apply button, naming the key that applies it as bound now."""
    return Button(
        texts.EDIT_SAVE.format(key=app.key_for(binding_id)), variant="primary", id="apply"
    )


class MeasureEditScreen(_Modal, _Form, ModalScreen[dict | None]):
    """The form for one measure. Dismisses with {field name: text as typed} or None."""

    BINDINGS = [
        Binding("ctrl+s", "apply", texts.EDIT_APPLY, id="handlingsplan.form.apply"),
        Binding("escape", "cancel", texts.CANCEL, id="handlingsplan.form.cancel"),
        bind("ctrl+e", "external", "handlingsplan.form.editor", priority=True),
        HELP_BINDING,
    ]
    help_key = "form"
    text_field = "#text"

    def __init__(self, measure: Measure, label: str, period: deadlines.Period | None):
        super().__init__()
        self.measure = measure
        self.label = label
        self.period = period

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Label(texts.EDIT_TITLE.format(label=self.label), classes="form-title")
            for group in _form_groups():
                if len(group) > 1:  # short fields side by side, named by their placeholders
                    with Horizontal(classes="row"):
                        for spec in group:
                            yield Input(placeholder=_form_label(spec), id=spec.name)
                else:
                    yield Label(_form_label(group[0]))
                    yield from self._widgets(group[0])
            editor_key = self.app.key_for("handlingsplan.form.editor")
            yield Static(texts.EDIT_EXTERNAL.format(key=editor_key), classes="hint")
            with Horizontal(classes="buttons"):
                yield _apply_button(self.app, "handlingsplan.form.apply")
                yield Button(texts.EDIT_CANCEL, id="cancel")

    def _widgets(self, spec: fields.Field) -> ComposeResult:
        if spec.kind == fields.ROLES:
            yield RoleList(id=spec.name)
            yield Input(placeholder=texts.EDIT_NEW_ROLE, id="new-role")
        elif spec.kind == fields.DEADLINE:
            with Horizontal(classes="row"):
                yield Input(id=spec.name)
                yield Static("", id="deadline-meaning")
        elif spec.kind == fields.STATUS:
            options = [(s or texts.STATUS_NONE, s or "-") for s in fields.STATUSES]
            yield Select(options, allow_blank=False, id=spec.name)
        elif spec.shown == fields.BODY:
            yield TextArea(id=spec.name, soft_wrap=True)
        else:
            yield Input(id=spec.name)
        if _can_be_wrong(spec):
            yield Label("", id=f"error-{spec.name}", classes="error")

    def on_mount(self) -> None:
        self.load_measure(self.measure)
        self.initial = self.to_model()
        self.query_one(self.text_field, TextArea).focus()

    def load_measure(self, measure: Measure) -> None:
        for spec in fields.MEASURE_FIELDS:
            value = getattr(measure, spec.name)
            if spec.kind == fields.ROLES:
                self._load_roles([str(r) for r in value])
            elif spec.kind == fields.STATUS:
                status = status_key(value)
                known = status in fields.STATUSES and status
                self.query_one(f"#{spec.name}", Select).value = status if known else "-"
            elif spec.shown == fields.BODY:
                self.query_one(f"#{spec.name}", TextArea).text = str(value)
            else:
                self.query_one(f"#{spec.name}", Input).value = str(value)
        self._show_meaning(str(measure.deadline))

    def _load_roles(self, written: list[str]) -> None:
        self.query_one(SelectionList).add_options(role_options(written))

    def to_model(self) -> dict[str, str]:
        return {spec.name: self._typed_text(spec) for spec in fields.MEASURE_FIELDS}

    def _typed_text(self, spec: fields.Field) -> str:
        if spec.kind == fields.ROLES:
            return ",".join(self.query_one(f"#{spec.name}", SelectionList).selected)
        if spec.kind == fields.STATUS:
            status = self.query_one(f"#{spec.name}", Select).value
            return "" if status == "-" else str(status)
        if spec.shown == fields.BODY:
            return self.query_one(f"#{spec.name}", TextArea).text
        return self.query_one(f"#{spec.name}", Input).value

    @on(Input.Changed, "#deadline")
    def _deadline_changed(self, event: Input.Changed) -> None:
        self._show_meaning(event.value)

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _forget_error(self, event: Input.Changed | TextArea.Changed) -> None:
        """An error under a field is about the value it was shown for: a new value clears it
        (applying checks again)."""
        for label in self.query(f"#error-{event.control.id}").results(Label):
            label.update("")

    def _show_meaning(self, text: str) -> None:
        show_deadline_meaning(self.query_one("#deadline-meaning", Static), text, self.period)

    @on(Input.Submitted, "#new-role")
    def _add_role(self, event: Input.Submitted) -> None:
        add_typed_roles(self.query_one(SelectionList), event.input)

    def errors(self) -> dict[str, str]:
        problems = {}
        for name, raw in self.to_model().items():
            try:
                fields.parse_value(name, raw, self.period)
            except fields.EditError as error:
                problems[name] = str(error)
        return problems

    def action_apply(self) -> None:
        problems = self.errors()
        for spec in fields.MEASURE_FIELDS:
            if _can_be_wrong(spec):
                self.query_one(f"#error-{spec.name}", Label).update(problems.get(spec.name, ""))
        if problems:
            self.app.bell()
            return
        self.dismiss(self.typed())

    def typed(self) -> dict[str, str]:
        """The fields whose text differs from what the form opened with."""
        if not hasattr(self, "initial"):  # not mounted yet: nothing typed
            return {}
        return {k: v for k, v in self.to_model().items() if v != self.initial.get(k)}

    def action_cancel(self) -> None:
        if self.to_model() == self.initial:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(texts.CONFIRM_DISCARD_EDIT), decided)


def role_options(written: list[str]) -> list[tuple[Text, str, bool]]:
    """A measure's roles ticked, then the other known roles unticked."""
    covered = {roles.canonical(r) for r in written}
    options = [(Text(r), r, True) for r in written]
    options += [(Text(r), r, False) for r in roles.VOCABULARY if r not in covered]
    return options


def add_typed_roles(chosen: SelectionList, typed: Input) -> None:
    """Roles typed as «Leder, Nestleder»: a known one (any spelling) is ticked, a new one added
    ticked."""
    for name in roles.split_list(typed.value):
        known = roles.canonical(name) or name
        if any(chosen.get_option_at_index(i).value == known for i in range(chosen.option_count)):
            chosen.select(known)
        else:
            chosen.add_option((Text(name), name, True))
    typed.value = ""


def show_deadline_meaning(meaning: Static, text: str, period: deadlines.Period | None) -> None:
    """What a typed deadline means ("→ 1. juni 2024") or why it cannot be read."""
    parsed = deadlines.parse_deadline(text, period)
    meaning.update(texts.DEADLINE_MEANING.format(meaning=parsed.describe()))
    meaning.set_class(parsed.kind == deadlines.INVALID, "invalid")


def _form_groups() -> list[list[fields.Field]]:
    """The measure fields in the form's order; consecutive short ones (budget and project
    number) share one row."""
    groups: list[list[fields.Field]] = []
    for spec in fields.MEASURE_FIELDS:
        if groups and spec.kind == fields.AMOUNT and groups[-1][-1].kind == fields.AMOUNT:
            groups[-1].append(spec)
        else:
            groups.append([spec])
    return groups


def _form_label(spec: fields.Field) -> str:
    if spec.form_label:
        return spec.form_label
    return spec.label if spec.published else texts.EDIT_INTERNAL.format(label=spec.label)


def _can_be_wrong(spec: fields.Field) -> bool:
    """Fields the form shows an error under (a choice from a list cannot be wrong)."""
    return spec.required or spec.kind == fields.DEADLINE


TAB_SEPARATED = ("tabell", "kalender")  # block types whose text has tab-separated cells


class BlockEditScreen(_Modal, _Form, ModalScreen[str | None]):
    """Prose, list items (one per line) or table cells (tab-separated) as text."""

    BINDINGS = [
        Binding("ctrl+s", "apply", texts.EDIT_APPLY, id="handlingsplan.block_form.apply"),
        Binding("escape", "cancel", texts.CANCEL, id="handlingsplan.block_form.cancel"),
        bind("ctrl+e", "external", "handlingsplan.block_form.editor", priority=True),
        HELP_BINDING,
    ]
    help_key = "form"

    def __init__(self, block: Block):
        super().__init__()
        self.block = block
        self.initial = block_as_text(block)

    def compose(self) -> ComposeResult:
        kind = fields.block_label(self.block.type)
        with Vertical(id="form"):
            yield Label(texts.BLOCK_EDIT_TITLE.format(kind=kind.lower()), classes="form-title")
            yield Static(texts.BLOCK_EDIT_HELP.get(self.block.type, ""), classes="hint")
            tabbed = self.block.type in TAB_SEPARATED
            area = TextArea(self.initial, id="block-text", soft_wrap=not tabbed)
            if tabbed:  # cells are separated by tabs: Tab types one (ctrl+s and esc leave)
                area.tab_behavior, area.indent_type = "indent", "tabs"
            yield area
            with Horizontal(classes="buttons"):
                yield _apply_button(self.app, "handlingsplan.block_form.apply")
                yield Button(texts.EDIT_CANCEL, id="cancel")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_apply(self) -> None:
        self.dismiss(self.typed())

    def typed(self) -> str | None:
        """The edited text, or None while it is what the form opened with."""
        text = self.query_one(TextArea).text
        return None if text == self.initial else text

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text == self.initial:
            self.dismiss(None)
            return
        self.app.push_screen(
            ConfirmScreen(texts.CONFIRM_DISCARD_EDIT),
            lambda yes: self.dismiss(None) if yes else None,
        )


class ChoiceScreen(_Modal, ModalScreen[str]):
    """A question with a few answers as buttons; escape gives `default`."""

    BINDINGS = [Binding("escape", "default", texts.CANCEL, id="handlingsplan.choice.cancel")]

    def __init__(self, title: str, body: str, choices: list[tuple[str, str]], default: str):
        super().__init__()
        self.title_text, self.body, self.choices, self.default = title, body, choices, default

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(self.title_text), classes="form-title")
            if self.body:
                yield Static(Text(self.body))
            with Vertical(classes="choices"):
                for label, value in self.choices:
                    yield Button(label, id=f"choice-{value}", classes="choice")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(str(event.button.id).removeprefix("choice-"))

    def action_default(self) -> None:
        self.dismiss(self.default)


class ConfirmScreen(_Modal, ModalScreen[bool]):
    BINDINGS = [
        Binding("y,j", "answer(True)", texts.YES, id="handlingsplan.confirm.yes"),
        Binding("n,escape", "answer(False)", texts.NO, id="handlingsplan.confirm.no"),
    ]

    def __init__(self, question: str):
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.question))
            with Horizontal(classes="buttons"):
                yield Button(texts.YES, variant="error", id="yes")
                yield Button(texts.NO, id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class PromptScreen(_Modal, ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", texts.CANCEL, id="handlingsplan.prompt.cancel")]

    def __init__(self, question: str, value: str = ""):
        super().__init__()
        self.question, self.value = question, value

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.question)
            yield Input(self.value, id="answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class RolePickerScreen(_Modal, ModalScreen[tuple[list[str], bool] | None]):
    """The role filter: the roles ticked, and whether one of them is enough (else all)."""

    BINDINGS = [
        bind("enter", "apply", "handlingsplan.roles.apply", priority=True),
        Binding("escape", "cancel", texts.CANCEL, id="handlingsplan.roles.cancel"),
    ]

    def __init__(self, counts: dict[str, int], chosen: list[str], any_role: bool = False):
        super().__init__()
        self.counts, self.chosen, self.any_role = counts, chosen, any_role

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(texts.ROLE_PICKER_TITLE, classes="form-title")
            yield RoleList(*counted_roles(self.counts, self.chosen), id="role-picker")
            yield Checkbox(texts.ROLE_PICKER_ANY, self.any_role, id="any-role")

    def action_apply(self) -> None:
        any_role = self.query_one("#any-role", Checkbox).value
        self.dismiss((list(self.query_one(RoleList).selected), any_role))

    def action_cancel(self) -> None:
        self.dismiss(None)


def counted_roles(counts: dict[str, int], chosen: list[str]) -> list[tuple[Text, str, bool]]:
    """The roles with their number of measures, the chosen ones ticked."""
    names = list(dict.fromkeys([*counts, *chosen]))
    return [(Text(f"{n} ({counts.get(n, 0)})"), n, n in chosen) for n in names]


class AgendaScreen(_Modal, ModalScreen[tuple[list[str], date] | None]):
    """The agenda for the next board meeting: the meeting's date and whose measures (a letter
    jumps to a role, space ticks it); enter shows the open measures due before it."""

    BINDINGS = [
        Binding("enter", "apply", texts.EDIT_APPLY, priority=True, id="handlingsplan.agenda.apply"),
        Binding("escape", "cancel", texts.CANCEL, id="handlingsplan.agenda.cancel"),
    ]

    def __init__(
        self, counts: dict[str, int], chosen: list[str], meeting: date | None, today: date
    ):
        super().__init__()
        self.counts, self.chosen, self.meeting, self.today = counts, chosen, meeting, today

    def compose(self) -> ComposeResult:
        typed = "" if self.meeting is None else deadlines.format_date(self.meeting)
        # The date first: it is always in view, and the list of roles below it may be cut
        # short on a small screen (it scrolls).
        with Vertical(id="dialog"):
            yield Label(texts.AGENDA_TITLE, classes="form-title")
            yield Label(texts.AGENDA_DATE_LABEL)
            yield Input(typed, placeholder=texts.AGENDA_DATE_PLACEHOLDER, id="meeting")
            yield Label("", id="error-meeting", classes="error")
            yield Label(texts.AGENDA_ROLES_LABEL)
            yield RoleList(*counted_roles(self.counts, self.chosen), id="agenda-roles")

    @on(Input.Changed)
    def _changed(self) -> None:
        self.query_one("#error-meeting", Label).update("")

    def action_apply(self) -> None:
        from tui.actions.agenda import meeting_date
        from tui.domain.filters import FilterError

        typed = self.query_one("#meeting", Input)
        try:
            meeting = meeting_date(typed.value, self.today)
        except FilterError as error:
            problem = str(error) if typed.value.strip() else texts.AGENDA_DATE_MISSING
            self.query_one("#error-meeting", Label).update(problem)
            typed.focus()
            return
        self.dismiss((list(self.query_one(RoleList).selected), meeting))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextScreen(_Modal, ModalScreen[None]):
    """Read-only text: help, or a diff."""

    BINDINGS = [bind("escape,q", "close", "handlingsplan.text.close")]

    def __init__(self, title: str, body: str, diff: bool = False):
        super().__init__()
        self.title_text, self.body, self.diff = title, body, diff

    def compose(self) -> ComposeResult:
        content = Syntax(self.body, "diff", word_wrap=True) if self.diff else Text(self.body)
        with Vertical(id="text-dialog"):
            yield Label(Text(self.title_text), classes="form-title")
            with VerticalScroll():
                yield Static(content, id="text-body")

    def action_close(self) -> None:
        self.dismiss(None)


# --- the year's cycle (issue 17) -----------------------------------------------------------


class NextPeriodScreen(PromptScreen):
    """Asks for the new period and writes next period's plan; dismisses with its path."""

    def __init__(self, source: Path, suggestion: str):
        super().__init__(texts.NEXT_PERIOD_PROMPT, suggestion)
        self.source = source

    def on_input_submitted(self, event: Input.Submitted) -> None:
        from tui.actions.next_period import PeriodError, parse_period_argument, write_next_period
        from tui.store.storage import PlanError

        event.prevent_default()  # not PromptScreen's handler: it would dismiss with the text
        try:
            period = parse_period_argument(event.value)
            target, _ = write_next_period(self.source, period, None)
        except (PeriodError, PlanError) as error:
            self.app.notify(str(error), severity="error", timeout=10)
            return
        self.dismiss(str(target))


class ReportScreen(_Modal, ModalScreen[None]):
    """The report (tui.actions.report) of one plan, as its Markdown page."""

    BINDINGS = [bind("escape,q", "close", "handlingsplan.report.close")]

    def __init__(self, title: str, markdown: str):
        super().__init__()
        self.title_text, self.markdown = title, markdown

    def compose(self) -> ComposeResult:
        from textual.widgets import Markdown

        with Vertical(id="text-dialog"):
            yield Label(Text(self.title_text), classes="form-title")
            with VerticalScroll():
                yield Markdown(self.markdown, id="report-md")

    def action_close(self) -> None:
        self.dismiss(None)


def ask_next_period(app) -> None:
    """The palette's "Neste periode": asks for the period, writes the plan, opens it."""
    from tui.actions.next_period import suggested_period

    loaded = app.plan_in_view()
    if loaded is None:
        return
    if loaded.edited and loaded.is_modified():
        app.notify(texts.NEXT_PERIOD_SAVE_FIRST.format(name=loaded.name), severity="warning")
        return
    suggestion = suggested_period(loaded.plan)

    def written(path: str | None) -> None:
        if path:
            fresh = app.workspace.add_plan(path)
            app.show_plan(fresh)
            app.notify(texts.NEXT_PERIOD_OPENED.format(path=path))

    app.push_screen(NextPeriodScreen(loaded.path, suggestion), written)


def show_report(app) -> None:
    """The palette's "Rapport": the report of the plan in view, with its unsaved edits."""
    from tui.actions import report

    loaded = app.plan_in_view()
    if loaded is None:
        return
    source = report.load_source(loaded.path, None, loaded.plan)
    title = texts.REPORT_TITLE.format(title=loaded.plan.title or loaded.name)
    app.push_screen(ReportScreen(title, report.render(source, app.today)))


# --- the plan's metadata (issue 15) ----------------------------------------------------------


class PlanInfoScreen(_Modal, ModalScreen[dict | None]):
    """Title, period, organisation, branch and adoption date: one input per field of
    fields.PLAN_FIELDS. Dismisses with {field name: text} of the changed ones, or None."""

    BINDINGS = [
        Binding("ctrl+s", "apply", texts.EDIT_APPLY, id="handlingsplan.plan_info.apply"),
        Binding("escape", "cancel", texts.CANCEL, id="handlingsplan.plan_info.cancel"),
    ]

    def __init__(self, meta: dict):
        super().__init__()
        self.initial = {f.name: str(meta.get(f.key, "")) for f in fields.PLAN_FIELDS}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Label(texts.PLAN_INFO_TITLE, classes="form-title")
            for spec in fields.PLAN_FIELDS:
                yield Label(spec.label)
                yield Input(self.initial[spec.name], id=f"meta-{spec.name}")
            yield Label("", id="meta-error", classes="error")
            with Horizontal(classes="buttons"):
                yield _apply_button(self.app, "handlingsplan.plan_info.apply")
                yield Button(texts.EDIT_CANCEL, id="cancel")

    def typed(self) -> dict[str, str]:
        values = {
            f.name: self.query_one(f"#meta-{f.name}", Input).value for f in fields.PLAN_FIELDS
        }
        return {name: value for name, value in values.items() if value != self.initial[name]}

    @on(Button.Pressed, "#apply")
    @on(Input.Submitted)
    def action_apply(self) -> None:
        typed = self.typed()
        for name, value in typed.items():
            try:
                fields.parse(fields.plan_field(name), value)
            except fields.EditError as error:
                self.query_one("#meta-error", Label).update(str(error))
                self.query_one(f"#meta-{name}", Input).focus()
                self.app.bell()
                return
        self.dismiss(typed or None)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def edit_plan_info(app) -> None:
    """The palette's "Planinfo": the metadata of the plan in view, an undoable edit."""
    loaded = app.plan_in_view()
    if loaded is None:
        return

    def done(values: dict | None) -> None:
        if not values:
            return
        try:
            app.workspace.set_meta(loaded, values)
        except fields.EditError as error:
            app.notify(str(error), severity="error")
            return
        app.model_changed()

    app.push_screen(PlanInfoScreen(loaded.plan.meta), done)


# --- git: commit the saved plans, a measure's history (issue 18) ------------------------------


class CommitScreen(_Modal, ModalScreen[str | None]):
    """The saved but uncommitted changes in words, and an editable commit message."""

    BINDINGS = [
        Binding("ctrl+s", "apply", texts.COMMIT_OK, id="handlingsplan.commit.apply"),
        Binding("escape", "cancel", texts.COMMIT_CANCEL, id="handlingsplan.commit.cancel"),
    ]

    def __init__(self, changes: list[str], message: str):
        super().__init__()
        self.changes, self.message = changes, message

    def compose(self) -> ComposeResult:
        with Vertical(id="text-dialog"):
            yield Label(Text(texts.COMMIT_TITLE), classes="form-title")
            yield Label(Text(texts.COMMIT_CHANGES))
            with VerticalScroll():
                yield Static(Text("\n".join(self.changes)), id="commit-changes")
            yield Label(Text(texts.COMMIT_MESSAGE))
            yield TextArea(self.message, id="commit-message")
            with Horizontal():
                yield Button(texts.COMMIT_OK, id="apply", variant="primary")
                yield Button(texts.COMMIT_CANCEL, id="cancel")

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        self.dismiss(self.query_one("#commit-message", TextArea).text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def open_commit(app, paths: list) -> None:
    """Refuse with one line, or show the dialog and commit what it returns."""
    from tui.git import repo

    try:
        reason = repo.refusal(paths)
        changes = [] if reason else repo.uncommitted_changes(paths)
    except PlanError as error:
        reason, changes = str(error), []
    if reason or not changes:
        app.notify(reason or texts.COMMIT_NOTHING, severity="error" if reason else "information")
        return

    def chosen(message: str | None) -> None:
        if message is None:
            return
        try:
            commit = repo.commit(paths, message)
        except PlanError as error:
            app.notify(str(error), severity="error")
            return
        app.notify(texts.COMMIT_DONE.format(commit=commit, subject=message.splitlines()[0]))
        app.refresh_shown_tab()

    app.push_screen(CommitScreen(changes, repo.commit_message(changes)), chosen)


def open_log(app, path, measure_id: str, label: str) -> None:
    """The measure's history from git, newest first, in a read-only screen."""
    from tui.git import repo

    try:
        entries = repo.measure_log(path, measure_id)
    except PlanError as error:
        app.notify(str(error), severity="error")
        return
    lines = []
    for entry in entries:
        lines.append(f"{entry.date} {entry.author} {entry.commit}")
        lines.extend(f"  {change}" for change in entry.changes)
    body = "\n".join(lines) or texts.LOG_NO_CHANGES.format(ref=label)
    app.push_screen(TextScreen(texts.LOG_TITLE.format(label=label), body))


class StatusScreen(_Modal, ModalScreen[str | None]):
    """The statuses, the measure's own highlighted; enter or a status's letter picks one."""

    BINDINGS = [Binding("escape", "cancel", texts.CANCEL, id="handlingsplan.status.cancel")]

    def __init__(self, label: str, current: str):
        super().__init__()
        self.label, self.current = label, current

    def compose(self) -> ComposeResult:
        options = [
            Option(f"{status_letter(s)}  {s or texts.STATUS_NONE}", id=s or "-")
            for s in fields.STATUSES
        ]
        with Vertical(id="dialog"):
            yield Label(Text(texts.STATUS_TITLE.format(label=self.label)), classes="form-title")
            yield OptionList(*options, id="statuses")

    def on_mount(self) -> None:
        if self.current in fields.STATUSES:
            self.query_one(OptionList).highlighted = fields.STATUSES.index(self.current)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss("" if event.option.id == "-" else str(event.option.id))

    def on_key(self, event) -> None:
        for status in fields.STATUSES:
            if event.character and event.character == status_letter(status):
                event.stop()
                self.dismiss(status)
                return

    def action_cancel(self) -> None:
        self.dismiss(None)


def status_letter(status: str) -> str:
    """The key that picks a status in StatusScreen: its first letter, '-' for none."""
    return status[:1] or "-"


class DeadlineScreen(_Modal, ModalScreen[str | None]):
    """One measure's deadline as text, its meaning shown while typed; enter applies it once it
    can be read."""

    BINDINGS = [Binding("escape", "cancel", texts.CANCEL, id="handlingsplan.deadline.cancel")]

    def __init__(self, label: str, current: str, period: deadlines.Period | None):
        super().__init__()
        self.label, self.current, self.period = label, current, period

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(texts.DEADLINE_TITLE.format(label=self.label)), classes="form-title")
            yield Input(self.current, id="deadline")
            yield Static("", id="deadline-meaning")
            yield Label("", id="error-deadline", classes="error")

    def on_mount(self) -> None:
        show_deadline_meaning(
            self.query_one("#deadline-meaning", Static), self.current, self.period
        )

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        show_deadline_meaning(self.query_one("#deadline-meaning", Static), event.value, self.period)
        self.query_one("#error-deadline", Label).update("")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            fields.parse_value("deadline", event.value, self.period)
        except fields.EditError as error:
            self.query_one("#error-deadline", Label).update(str(error))
            self.app.bell()
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MeasureRolesScreen(_Modal, ModalScreen[list[str] | None]):
    """Who is responsible for one measure: space ticks a role, roles can be typed («Leder,
    Nestleder») and enter adds them; enter in the list applies."""

    BINDINGS = [
        Binding("enter", "apply", texts.EDIT_APPLY, priority=True, id="handlingsplan.who.apply"),
        Binding("escape", "cancel", texts.CANCEL, id="handlingsplan.who.cancel"),
    ]

    def __init__(self, label: str, written: list[str]):
        super().__init__()
        self.label, self.written = label, written

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(texts.ROLES_TITLE.format(label=self.label)), classes="form-title")
            yield RoleList(*role_options(self.written), id="responsible")
            yield Input(placeholder=texts.EDIT_NEW_ROLE, id="new-role")

    def action_apply(self) -> None:
        typed = self.query_one("#new-role", Input)
        if self.focused is typed and typed.value.strip():
            add_typed_roles(self.query_one(SelectionList), typed)
            return
        self.dismiss(list(self.query_one(SelectionList).selected))

    def action_cancel(self) -> None:
        self.dismiss(None)
