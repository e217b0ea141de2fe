"""The Textual application: a thin layer over the workspace, the filters and the export."""

from __future__ import annotations

import asyncio
import gc
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.keys import format_key
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from tui import config, texts
from tui.actions import recovery
from tui.actions.view import View
from tui.actions.workspace import Workspace
from tui.domain import fields
from tui.domain.model import Measure
from tui.domain.textkey import shorten, status_key
from tui.store.storage import ConflictError, LoadedPlan, PendingSave, PlanError, write_save
from tui.ui.bindings import bind, in_norwegian
from tui.ui.widgets import FilterBar
from tui.ui.widgets.guard import Guarded
from tui.ui.widgets.tree import PlanTree

if TYPE_CHECKING:
    from textual.widgets import TabbedContent


def _panes():
    """The tabs beside the tree, imported just after the first frame (see compose)."""
    from tui.ui.widgets import panes

    return panes


SHUTDOWN_LIMIT = 3.0  # seconds Textual's shutdown may take after a signal


def _end_anyway_after(seconds: float, code: int, line: str):
    """End the process if Textual's shutdown has not within `seconds`: after a hangup (the
    terminal window closed, a tmux session killed) its writer thread can block forever on the
    terminal that is gone. The edits are in the journal already; the line goes to stderr."""
    import os
    import threading
    from contextlib import suppress

    def end() -> None:
        with suppress(OSError, ValueError):  # no terminal left to say it on
            print(f"handlingsplan: {line}", file=sys.stderr, flush=True)
        os._exit(code)

    timer = threading.Timer(seconds, end)
    timer.daemon = True
    timer.start()
    return timer


def key_name(shown: str) -> str:
    """A key as Textual names it ("space"), in Norwegian where the word differs."""
    return texts.KEY_NAMES.get(shown, shown)


def _prefetch_modules() -> None:
    """What the first F5 and the first dialog would import (Rich's Markdown and markdown-it
    ~30 ms, the export, the screens), imported while the app waits for its first key."""
    import tui.formats.export  # noqa: F401
    import tui.ui.screens  # noqa: F401
    import tui.ui.widgets.preview  # noqa: F401


def _screens():
    """The modal screens, imported when the first one opens (a faster first screen)."""
    from tui.ui import screens

    return screens


class DiskChanged(Message):
    def __init__(self, loaded: LoadedPlan, current: bytes):
        super().__init__()
        self.loaded, self.current = loaded, current


class Saved(Message):
    """Plans the save worker wrote, and the problem that stopped it at `loaded` if any."""

    def __init__(
        self,
        saved: list[LoadedPlan],
        problem: PlanError | None,
        loaded: LoadedPlan | None,
        then_exit: bool = False,
    ):
        super().__init__()
        self.saved, self.problem, self.loaded = saved, problem, loaded
        self.then_exit = then_exit


class GitText(Message):
    def __init__(self, target: str, text: str | list[str]):
        super().__init__()
        self.target, self.text = target, text


class MainScreen(Screen):
    """The app's screen, whose footer starts with save: a table's keys come first otherwise,
    and at 80 columns they pushed «Lagre» off the footer."""

    @property
    def active_bindings(self):
        bindings = in_norwegian(super().active_bindings)
        first = {k: b for k, b in bindings.items() if b.binding.id in FOOTER_FIRST}
        return first | {k: b for k, b in bindings.items() if k not in first}


class HandlingsplanApp(Guarded, App):
    CSS_PATH = "app.tcss"
    AUTO_FOCUS = "#tree"
    TITLE = texts.APP_TITLE
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (100, "-narrow"), (125, "-wide")]  # see app.tcss
    BINDINGS = [
        bind("ctrl+s", "save", "handlingsplan.save"),
        bind("ctrl+z", "undo", "handlingsplan.undo"),
        bind("ctrl+y", "redo", "handlingsplan.redo"),
        bind("/", "focus_search", "handlingsplan.search"),
        bind("r", "pick_roles", "handlingsplan.roles"),
        bind("m", "agenda", "handlingsplan.agenda"),
        # `a` in the tree too: a new measure in the section the tree has selected.
        bind("a", "add_measure", "handlingsplan.measure.add", show=False),
        bind("ctrl+l", "clear_filters", "handlingsplan.clear"),
        bind("f1", "help", "handlingsplan.help"),
        bind("f2", "show_tab('section')", "handlingsplan.tab1", show=False),
        bind("f3", "show_tab('measures')", "handlingsplan.tab2", show=False),
        bind("f4", "show_tab('changes')", "handlingsplan.tab3", show=False),
        bind("f5", "show_tab('preview')", "handlingsplan.tab4", show=False),
        bind("f6", "show_tab('findings')", "handlingsplan.tab5", show=False),
        bind("g", "git_diff", "handlingsplan.git_diff", show=False),
        bind("ctrl+g", "git_commit", "handlingsplan.commit", show=False),
        bind("h", "measure_log", "handlingsplan.log", show=False),
        bind("w", "write_preview", "handlingsplan.write", show=False),
        bind("escape", "back", "handlingsplan.back", show=False),
        bind("ctrl+q", "quit_app", "handlingsplan.quit", priority=True),
        # Textual adds this one with an English description unless the app has its own.
        bind("ctrl+p", "command_palette", "handlingsplan.palette", show=False, priority=True),
    ]

    def get_default_screen(self) -> Screen:
        return MainScreen(id="_default")

    def __init__(self, workspace: Workspace, today: date | None = None, watch_disk: bool = True):
        super().__init__()
        self.workspace = workspace
        self.today = today or date.today()
        self.watch_disk = watch_disk
        self.workspace.journal = recovery.Journal()
        # What is filtered, sorted and selected, and the rows that follow (tui/actions/view.py).
        self.view = View(workspace, self.today)
        self.exit_line = ""  # said on stderr once the terminal is back (a signal, an error)
        self._asking_quit = False
        self._journal_problem: str | None = None
        self._leftovers: list[tuple[LoadedPlan, recovery.Leftover]] = []
        # An open editing form -> how to keep what is typed in it should the app end now.
        self._open_forms: dict[Screen, Callable] = {}
        self.announced: dict[str, bytes] = {}
        self.being_written: dict[str, bytes] = {}  # path -> bytes the save worker is writing
        self.user_keymap: dict[str, str] = {}  # binding id -> keys, from keymap.toml
        self._tabs: TabbedContent | None = None  # mounted after the first frame
        self.filter_bar = FilterBar(self._filters_changed, id="filters")
        # (plan index, measure id) -> its status before `x` marked it fullført, for `x` again.
        self._status_before_done: dict[tuple[int, str], str] = {}
        self._focus_when_shown: str | None = None  # a tab asked for by its key, not yet shown
        self.watchdog = None  # ends the process should the shutdown after a signal hang

    # --- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The first frame is the tree with its filters; the tabs and the footer follow right
        # after it (mount_rest), and the other tabs get their widgets when first shown.
        yield Static(self.title, id="title")  # Textual's Header costs more than one line
        yield self.filter_bar
        yield Static("", id="filter-summary")
        with Horizontal(id="body"):
            yield PlanTree(texts.TREE_ROOT, id="tree")

    def on_mount(self) -> None:
        keymap, problem = config.load_keymap()
        self.user_keymap = keymap
        if keymap:
            self.set_keymap(keymap)
        if problem:
            self.notify(problem, severity="warning")
        self.show_workspace()
        self.call_after_refresh(self.mount_rest)
        if self.watch_disk:
            self.set_interval(2.0, self.poll_disk)
        if not self.is_headless:  # a test's Pilot shares its process: no signal handlers
            self.handle_signals()
        self.call_after_refresh(self.offer_recovery)

    def on_unmount(self) -> None:
        # The app is over: its journals, if any are left, are for the next start to offer.
        self.workspace.journal.close()

    async def mount_rest(self) -> None:
        from textual.widgets import Footer

        await self.query_one("#body").mount(_panes().main_tabs())
        await self.mount(Footer())
        self.run_worker(_prefetch_modules, thread=True, group="prefetch")
        self.settle_heap(collect=False)

    def settle_heap(self, collect: bool) -> None:
        """Exempt what is alive now (the plans, their rows, the widgets) from the garbage
        collector's full passes: at 20,000 measures each took ~100 ms, a hitch in the middle
        of typing. After a reload, the replaced plan is collected first. Not under a test's
        Pilot, whose process runs app after app."""
        if self.is_headless:
            return
        if collect:
            gc.unfreeze()
            gc.collect()
        gc.freeze()

    def show_workspace(self) -> None:
        if self.workspace.errors:
            self.notify(
                texts.FILE_ERRORS.format(
                    count=texts.amount(len(self.workspace.errors), texts.PLANS)
                ),
                severity="error",
                timeout=8,
            )
        first = next(iter(self.workspace.plans), None)
        if first is not None and first.plan.chapters:
            # Not an untitled chapter (a Word import's text before the first heading, "—").
            chapters = first.plan.chapters
            chapter = next((c for c in chapters if str(c.title or "").strip()), chapters[0])
            self.view.select(first, str(chapter.id))
        self.model_changed()

    # --- drawing what the view holds ---------------------------------------------------------

    def model_changed(self) -> None:
        """After any edit, undo, save or reload: rows, tree, tables and title."""
        self.view.model_changed()
        self.filters_applied()
        self.update_title()
        self.say_journal_problem()
        self.refresh_shown_tab()
        self.build_search_text()

    def refresh_shown_tab(self) -> None:
        """The tab on screen, if it shows what an edit, a save or a commit changes."""
        if self.active_tab() in ("changes", "findings", "preview"):
            self.refresh_tab(self.active_tab())

    @work(thread=True, exclusive=True, group="search-text")
    def build_search_text(self) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()
        self.view.build_search_text(lambda: worker.is_cancelled)

    def show_plan(self, loaded: LoadedPlan) -> None:
        """A plan just opened: its line in the tree is selected."""
        self.view.select(loaded, None)
        self.model_changed()

    def filters_applied(self) -> None:
        """The view's rows changed: the summary, the tree and the tables follow."""
        keys = {
            "roles_key": self.key_for("handlingsplan.roles"),
            "search_key": self.key_for("handlingsplan.search"),
            "clear_key": self.key_for("handlingsplan.clear"),
        }
        line = Text(self.view.summary(keys))
        # One line of fixed size: no layout pass, which would cost more than the filtering.
        self.query_one("#filter-summary", Static).update(line, layout=False)
        self.query_one(PlanTree).show(self.view.tree(), self.view.selected_key())
        if self.active_tab() in (None, "section"):  # a hidden tab is filled when shown
            self.show_section()
        if self.active_tab() == "measures":
            self.show_all_measures()

    def update_title(self) -> None:
        self.sub_title = self.view.subtitle()
        self.query_one("#title", Static).update(Text(f"{self.title} — {self.sub_title}"))

    def on_plan_tree_selected(self, message: PlanTree.Selected) -> None:
        entry = message.entry
        self.view.select(self.workspace.plans[entry.plan_index], entry.section_id)
        self.show_section()
        if self.active_tab() == "preview":
            self.refresh_tab("preview")

    def show_section(self) -> None:
        if self._tabs is None:
            return  # shown when the tabs are mounted
        panes = _panes()
        title = self.query_one("#section-title", Static)
        if str(title.content) != self.view.section_title():  # unchanged: no layout pass
            title.update(Text(self.view.section_title()))
        blocks = self.query_one(panes.BlockList)
        shown_blocks = self.view.section_blocks()
        blocks.show_blocks(shown_blocks)
        if blocks.display != bool(shown_blocks):
            blocks.display = bool(shown_blocks)
        rows = self.view.section_rows()
        keys = [self.view.row_key(row) for row in rows]
        self.query_one(panes.SectionMeasures).show(rows, keys, self.view.widest(), self.today)

    def show_all_measures(self) -> None:
        table = self.query_one(_panes().AllMeasures)
        several = len(self.workspace.plans) > 1
        rows, widest = self.view.measure_rows(), self.view.widest()
        table.show_rows(rows, self.view.row_key, several, widest, self.today)

    def on_measure_table_sort_requested(self, message) -> None:
        self.view.sort_by(message.column)
        self.show_all_measures()

    # --- tabs -----------------------------------------------------------------------------------

    def active_tab(self) -> str | None:
        return self._tabs.active if self._tabs is not None else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Actions on the tabs or the filter inputs wait until those are mounted (just after
        the first frame)."""
        if action == "focus_search":
            return self.filter_bar.ready
        return self._tabs is not None or action not in NEEDS_TABS

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if self._tabs is None:  # the first tab, shown once the tabs are mounted
            self._tabs = event.tabbed_content
            self.show_section()
        tab = str(event.pane.id)
        content = _panes().PANE_CONTENT.get(tab)
        if content and not event.pane.children:
            await event.pane.mount_all(content())
        self.refresh_tab(tab)
        if self._focus_when_shown == tab:  # after the tab's first frame, which it would delay
            self._focus_when_shown = None
            self.call_after_refresh(self._focus_tab_content, tab)

    def refresh_tab(self, tab: str) -> None:
        if not self.query_one(f"#{tab}").children:
            return
        if tab == "section":
            self.show_section()
        elif tab == "measures":
            self.show_all_measures()
        elif tab == "changes":
            self.load_changes()
        elif tab == "preview":
            hint = texts.PREVIEW_HINT.format(write_key=self.key_for("handlingsplan.write"))
            self.query_one("#preview-hint", Static).update(hint)
            self.query_one("#preview-md").show(self.preview_blocks())
        elif tab == "findings":
            self.fill_findings()

    def plan_in_view(self) -> LoadedPlan | None:
        """The plan of the tree's cursor, else the first plan."""
        return self.view.plan_in_view()

    def preview_blocks(self) -> Iterator[str]:
        from tui.formats.export import Options, page_blocks

        loaded = self.plan_in_view()
        if loaded is None:
            return iter(())
        return page_blocks([(str(loaded.path), loaded.plan)], Options(criteria=self.view.criteria))

    def preview_text(self) -> str:
        from tui.formats.export import Options, render

        loaded = self.plan_in_view()
        if loaded is None:
            return ""
        return render([(str(loaded.path), loaded.plan)], Options(criteria=self.view.criteria))

    @work(thread=True, exclusive=True, group="git")
    def load_changes(self) -> None:
        lines = []
        for loaded in self.workspace.plans:
            unsaved = self.workspace.unsaved_changes(loaded)
            committed = self.workspace.committed_changes(loaded)
            lines.append(f"[b]{loaded.name}[/b]")
            lines.append(f"  {texts.CHANGES_UNSAVED}:")
            lines.extend(f"    {line}" for line in unsaved or [texts.CHANGES_NONE])
            lines.append(f"  {texts.CHANGES_COMMITTED}:")
            if not self.workspace.in_git(loaded):
                committed = [texts.CHANGES_NOT_IN_GIT]
            lines.extend(f"    {line}" for line in committed or [texts.CHANGES_NONE])
        lines.append("")
        save_key, diff_key = (
            self.key_for("handlingsplan.save"),
            self.key_for("handlingsplan.git_diff"),
        )
        lines.append(texts.CHANGES_HINT.format(diff_key=diff_key, save_key=save_key))
        self.post_message(GitText("changes", lines))

    def on_git_text(self, message: GitText) -> None:
        if message.target == "changes":
            from rich.markup import escape

            body = "\n".join(
                line if line.startswith("[b]") else escape(line) for line in message.text
            )
            self.query_one("#changes-text", Static).update(body)
        else:
            self.push_screen(_screens().TextScreen(message.target, str(message.text), diff=True))

    def fill_findings(self) -> None:
        from tui.actions.check import check_current

        findings = []
        for error in self.workspace.errors:
            findings.append(
                (f"{Path(error.path).name}:{error.line or ''}", texts.ERROR, error.message, None)
            )
        for index, loaded in enumerate(self.workspace.plans):
            for number, finding in enumerate(check_current(loaded)):
                where = f"{loaded.name}:{finding.line or ''}"
                # A measure can have several findings: the row number keeps each key unique.
                key = f"{index}:{finding.record_id}:{number}" if finding.record_id else None
                findings.append((where, finding.severity, finding.message, key))
        self.query_one(_panes().Findings).show(findings)

    # --- actions: navigation and filters ---------------------------------------------------------

    def _filters_changed(self, values: dict) -> None:
        # A Select mounting after the first frame reports its first choice: nothing changed.
        if self.view.set_filters(values):
            self.filters_applied()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a filter: the keys go to the matching measures (the Tiltak tab)."""
        if (event.input.id or "").startswith("filter-"):
            self.action_show_tab("measures")

    def action_focus_search(self) -> None:
        self.query_one("#filter-text", Input).focus()

    def action_clear_filters(self) -> None:
        self.filter_bar.reset()
        self.view.clear_filters()
        self.filters_applied()
        if self.focused is not None and self.filter_bar in self.focused.ancestors:
            self.query_one(PlanTree).focus()  # so that / starts a new search

    def action_pick_roles(self) -> None:
        def chosen(picked: tuple[list[str], bool] | None) -> None:
            if picked is not None:
                self.view.set_roles(*picked)
                self.filters_applied()

        counts, view = self.view.role_counts(), self.view
        self.push_screen(_screens().RolePickerScreen(counts, view.roles, view.any_role), chosen)

    def action_agenda(self) -> None:
        """The open measures of some roles due before the next board meeting, whose date is
        remembered for the plan folder."""
        from tui.actions import agenda

        folder = agenda.folder_of([str(p.path) for p in self.workspace.plans])
        remembered = agenda.recall(folder)
        if remembered.problem:
            self.notify(remembered.problem, severity="warning")

        def chosen(picked: tuple[list[str], date] | None) -> None:
            if picked is None:
                return
            roles, meeting = picked
            problem = agenda.remember(folder, meeting)
            if problem:
                self.notify(problem, severity="warning")
            self.view.show_agenda(roles, meeting)
            self.filter_bar.show_values(self.view.values)
            self.filters_applied()
            self.action_show_tab("measures")

        counts = self.view.role_counts()
        screen = _screens().AgendaScreen(counts, self.view.roles, remembered.meeting, self.today)
        self.push_screen(screen, chosen)

    def action_show_tab(self, tab: str) -> None:
        """The tab, with the keys going to its table or page (F3 then x marks a measure)."""
        if self._tabs.active == tab:
            self._focus_tab_content(tab)
        else:
            self._focus_when_shown = tab
            self._tabs.active = tab

    def _focus_tab_content(self, tab: str) -> None:
        target = _panes().FOCUS_IN_TAB.get(tab)
        if target:
            self.query_one(target).focus()

    def action_back(self) -> None:
        self.query_one(PlanTree).focus()

    def action_help(self) -> None:
        """What the focused area is for, and the keys that work there now."""
        node = self.focused or self.screen
        key = None
        while node is not None and key is None:
            key = getattr(node, "help_key", None)
            node = node.parent
        body = texts.HELP.get(key or "tree", "")
        keys = "\n".join(
            texts.HELP_KEY_LINE.format(
                key=key_name(format_key(binding.key)), what=binding.description
            )
            for (_, binding, enabled, _) in self.screen.active_bindings.values()
            if enabled and binding.description and (binding.id or "").startswith("handlingsplan.")
        )
        help_text = f"{body}\n\n{texts.HELP_KEYS}\n{keys}"
        self.push_screen(_screens().TextScreen(texts.HELP_TITLE, help_text))

    def key_for(self, binding_id: str) -> str:
        """The key bound to binding_id now, as a hint shows it (a key map's remap counts)."""
        keys = self.user_keymap.get(binding_id) or default_key(binding_id)
        return key_name(format_key(keys.split(",")[0].strip())) if keys else ""

    # --- actions: editing -----------------------------------------------------------------------

    def _focused_measure(self) -> tuple[LoadedPlan, str] | None:
        panes = _panes()
        table = self.focused
        if not isinstance(table, panes.SectionMeasures | panes.AllMeasures):
            table = self.query_one(panes.SectionMeasures)
        key = table.current_key()
        return self.view.measure_for(key) if key else None

    def _run_edit(self, change) -> bool:
        try:
            changed = change()
        except fields.EditError as error:
            self.notify(str(error), severity="error")
            return False
        self.model_changed()
        return bool(changed)

    def _chosen_measure(self):
        """(plan, measure id, ref, '3.2.1') under the cursor, or None after saying so."""
        target = self._focused_measure()
        if target is None:
            self.notify(texts.SELECT_MEASURE_FIRST, severity="warning")
            return None
        loaded, measure_id = target
        ref = loaded.plan.find_measure(measure_id)
        return loaded, measure_id, ref, ref.short_name

    def action_edit_measure(self) -> None:
        chosen = self._chosen_measure()
        if chosen is None:
            return
        loaded, measure_id, ref, label = chosen
        period = self.workspace.period(loaded)

        form = _screens().MeasureEditScreen(ref.measure, label, period)

        def done(values: dict | None) -> None:
            self._open_forms.pop(form, None)
            if values:
                self._run_edit(lambda: self.workspace.set_fields(loaded, measure_id, values))
                self._select_measure(loaded, measure_id)

        self._open_forms[form] = lambda values: recovery.keep_typed_fields(
            self.workspace, loaded, measure_id, values
        )
        self.push_screen(form, done)

    # --- one key for the frequent changes, on the measure under the cursor ---------------------

    def action_mark_done(self) -> None:
        """fullført, or back to the status it had before when it is fullført already."""
        chosen = self._chosen_measure()
        if chosen is None:
            return
        loaded, measure_id, ref, label = chosen
        status = status_key(ref.measure.status)
        key = (self.workspace.index_of(loaded), measure_id)
        if status == "fullført":
            status = self._status_before_done.pop(key, "")
        else:
            self._status_before_done[key] = status
            status = "fullført"
        self._quick_edit(loaded, measure_id, label, {"status": status})

    def action_pick_status(self) -> None:
        chosen = self._chosen_measure()
        if chosen is None:
            return
        loaded, measure_id, ref, label = chosen
        current = status_key(ref.measure.status)

        def picked(status: str | None) -> None:
            if status is not None and status != current:
                self._quick_edit(loaded, measure_id, label, {"status": status})

        self.push_screen(_screens().StatusScreen(label, current), picked)

    def action_edit_deadline(self) -> None:
        chosen = self._chosen_measure()
        if chosen is None:
            return
        loaded, measure_id, ref, label = chosen
        current = str(ref.measure.deadline)

        def typed(deadline: str | None) -> None:
            if deadline is not None and deadline != current:
                self._quick_edit(loaded, measure_id, label, {"deadline": deadline})

        period = self.workspace.period(loaded)
        self.push_screen(_screens().DeadlineScreen(label, current, period), typed)

    def action_edit_roles(self) -> None:
        chosen = self._chosen_measure()
        if chosen is None:
            return
        loaded, measure_id, ref, label = chosen
        written = [str(r) for r in ref.measure.responsible]

        def picked(names: list[str] | None) -> None:
            if names is not None and names != written:
                self._quick_edit(loaded, measure_id, label, {"responsible": ",".join(names)})

        self.push_screen(_screens().MeasureRolesScreen(label, written), picked)

    def _quick_edit(self, loaded: LoadedPlan, measure_id: str, label: str, values: dict) -> None:
        """One undoable edit through the same door as the form and `set`, the cursor kept on
        the measure, and a line saying what changed."""
        if self._run_edit(lambda: self.workspace.set_fields(loaded, measure_id, values)):
            self._select_measure(loaded, measure_id)
            what = ", ".join(
                f"{fields.measure_field(name).label.lower()} {raw.replace(',', ', ') or '—'}"
                for name, raw in values.items()
            )
            self.notify(texts.QUICK_EDIT_DONE.format(label=label, what=what))

    def action_add_measure(self) -> None:
        """The form for a new measure in the tree's section, after the section table's cursor
        when the keys are there; the measure is added only when the form is applied."""
        loaded, section_id = self.view.plan, self.view.section_id
        if loaded is None or section_id is None:
            self.notify(texts.SELECT_SECTION_FIRST, severity="warning")
            return
        after = None
        if isinstance(self.focused, _panes().SectionMeasures):
            target = self._focused_measure()
            after = target[1] if target and target[0] is loaded else None
        label = texts.NEW_MEASURE_LABEL.format(section=self.view.section_title())
        draft = Measure.new("", tekst="")
        form = _screens().MeasureEditScreen(draft, label, self.workspace.period(loaded))

        def done(values: dict | None) -> None:
            self._open_forms.pop(form, None)
            if not values:
                return
            added: list[str] = []
            if self._run_edit(
                lambda: added.append(
                    self.workspace.add_measure(loaded, section_id, after, values=values)
                )
            ):
                self._select_measure(loaded, added[0])
                self.query_one(_panes().SectionMeasures).focus()

        self._open_forms[form] = lambda values: recovery.keep_new_measure(
            self.workspace, loaded, section_id, after, values
        )
        self.push_screen(form, done)

    def action_delete_measure(self) -> None:
        chosen = self._chosen_measure()
        if chosen is None:
            return
        loaded, measure_id, ref, label = chosen
        question = texts.CONFIRM_DELETE.format(label=label, text=shorten(ref.measure.text, 80))

        def decided(yes: bool | None) -> None:
            if yes:
                self._run_edit(lambda: self.workspace.delete_measure(loaded, measure_id))

        self.push_screen(_screens().ConfirmScreen(question), decided)

    def action_move_measure(self, step: int) -> None:
        target = self._focused_measure()
        if target is None:
            return
        loaded, measure_id = target
        if self._run_edit(lambda: self.workspace.move_measure(loaded, measure_id, step)):
            self._select_measure(loaded, measure_id)

    def action_edit_block(self) -> None:
        loaded = self.view.plan
        blocks = self.query_one(_panes().BlockList)
        if loaded is None or blocks.highlighted is None:
            self.notify(texts.SELECT_BLOCK_FIRST, severity="warning")
            return
        block_id = blocks.get_option_at_index(blocks.highlighted).id
        block = next(
            b for ref in loaded.plan.walk() for b in ref.section.blocks if b.id == block_id
        )

        form = _screens().BlockEditScreen(block)

        def done(text: str | None) -> None:
            self._open_forms.pop(form, None)
            if text is not None:
                self._run_edit(lambda: self.workspace.set_block(loaded, block_id, text))

        self._open_forms[form] = lambda text: self.workspace.set_block(loaded, block_id, text)
        self.push_screen(form, done)

    def _select_measure(self, loaded: LoadedPlan, measure_id: str) -> None:
        key = f"{self.workspace.index_of(loaded)}:{measure_id}"
        self.query_one(_panes().SectionMeasures).select_key(key)

    def action_undo(self) -> None:
        self._step_history("undo", texts.NOTHING_TO_UNDO, texts.UNDO_NOTICE)

    def action_redo(self) -> None:
        self._step_history("redo", texts.NOTHING_TO_REDO, texts.REDO_NOTICE)

    def _step_history(self, direction: str, nothing: str, notice: str) -> None:
        step = getattr(self.workspace, direction)()
        if step is None:
            self.notify(nothing)
            return
        self.model_changed()
        self.notify(notice.format(label=step.label))

    # --- saving, quitting, the disk -------------------------------------------------------------

    def action_save(self) -> None:
        if not self.workspace.is_modified():
            self.notify(texts.NOTHING_TO_SAVE)
            return
        self.save_plans()

    def save_plans(self, then_exit: bool = False) -> None:
        """The new texts are worked out here, from the model; a worker writes them (a lock
        may keep it waiting), and on_saved makes them the plans' base, back on this thread."""
        pending, stop = [], None
        for loaded in self.workspace.modified_plans():
            try:
                save = self.workspace.prepare_save(loaded)
            except PlanError as error:
                stop = (error, loaded)
                break
            pending.append((loaded, save))
            if save is not None:
                self.being_written[str(loaded.path)] = save.raw
        self.write_plans(pending, stop, then_exit and stop is None)

    @work(thread=True, exclusive=True, group="save")
    def write_plans(self, pending: list, stop: tuple | None, then_exit: bool) -> None:
        written = []
        for loaded, save in pending:
            try:
                if save is not None:
                    write_save(loaded, save)
            except PlanError as error:
                stop = (error, loaded)
                break
            # On the UI thread, before any message handler: the file on disk is the base now.
            self.call_from_thread(self.written, loaded, save)
            if save is not None:
                written.append(loaded)
        problem, loaded = stop or (None, None)
        self.post_message(Saved(written, problem, loaded, then_exit and problem is None))

    def written(self, loaded: LoadedPlan, save: PendingSave | None) -> None:
        self.workspace.finish_save(loaded, save)
        self.being_written.pop(str(loaded.path), None)

    def on_saved(self, message: Saved) -> None:
        self.being_written.clear()
        for loaded in message.saved:
            self.announced.pop(str(loaded.path), None)  # a later change on disk is news again
            self.notify(texts.SAVED_NOTICE.format(name=loaded.name))
        if message.problem is not None:
            self.notify(str(message.problem), severity="error", timeout=10)
            if isinstance(message.problem, ConflictError) and message.loaded is not None:
                self.ask_about_disk(message.loaded)
        self.update_title()
        if self.active_tab() == "changes":  # the unsaved edits are committed-or-not now
            self.refresh_tab("changes")
        if message.then_exit and message.problem is None:
            self.exit()

    def action_quit_app(self) -> None:
        self.request_quit()

    async def action_quit(self) -> None:
        """Textual's own quit action, should anything still run it."""
        self.request_quit()

    def request_quit(self, now: bool = False, code: int = 0, line: str = "") -> None:
        """Every way out of the app: ctrl+q, the palette, SIGINT ask first when there are
        unsaved edits; SIGTERM, SIGHUP and a fatal error leave `now`, through the app's
        normal shutdown (the terminal is restored), and the journal, already on disk after
        each edit, offers the edits at the next start."""
        if now:
            self.exit_line = line
            self.exit(return_code=code)
            return
        form = self._form_with_typed_text()
        if not self.workspace.is_modified() and form is None:
            self.exit()
            return
        if self._asking_quit:
            return  # the question is already on screen
        self._asking_quit = True

        def decided(choice: str) -> None:
            self._asking_quit = False
            if choice == "save" and form is not None:
                if form.errors():
                    form.action_apply()  # shows what is wrong; the app stays
                    return
                form.action_apply()  # its edit is made before the save below
                self.call_next(self.save_plans, then_exit=True)
            elif choice == "save":
                self.save_plans(then_exit=True)
            elif choice == "discard":
                self.workspace.discard()
                self.exit()

        choices = [
            (texts.QUIT_SAVE, "save"),
            (texts.QUIT_DISCARD, "discard"),
            (texts.QUIT_KEEP, "keep"),
        ]
        self.push_screen(_screens().ChoiceScreen(texts.QUIT_TITLE, "", choices, "keep"), decided)

    def _form_with_typed_text(self):
        """An open editing form with text typed but not applied, if there is one."""
        return next((form for form in self._open_forms if form.typed()), None)

    def handle_signals(self) -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGINT, self.request_quit)
        for number in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(number, self._end_by_signal, number)

    def _end_by_signal(self, number: int) -> None:
        self.keep_typed_edits()
        lines = (texts.SIGNAL_EXIT, texts.SIGNAL_EXIT_NOTHING_UNSAVED, texts.SIGNAL_EXIT_EDITS_LOST)
        line = self._leaving_line(*lines, name=signal.Signals(number).name)
        if not self.is_headless:  # under a test's Pilot the process is the test run's
            self.watchdog = _end_anyway_after(SHUTDOWN_LIMIT, 128 + number, line)
        self.request_quit(now=True, code=128 + number, line=line)

    def keep_typed_edits(self) -> None:
        """The app ends now: what is typed in an open form but not applied goes to the
        journal too, so the next start offers it with the other unsaved edits."""
        for form, keep in list(self._open_forms.items()):
            try:
                typed = form.typed()
                if typed:
                    keep(typed)
            except Exception as error:  # a form half torn down, a plan that refuses edits
                recovery.log_error(error)

    def _leaving_line(self, kept: str, nothing_unsaved: str, lost: str, **values) -> str:
        """The exit line as true as the journal on disk: edits kept, none, or lost."""
        journal = self.workspace.journal
        template = {
            recovery.KEPT: kept,
            recovery.NOTHING_UNSAVED: nothing_unsaved,
            recovery.LOST: lost,
        }[journal.outcome()]
        return template.format(problem=journal.failed_write, **values)

    # --- unexpected errors ----------------------------------------------------------------------

    def report_error(self, error: BaseException) -> None:
        """One line for an error no handler expected; the traceback goes to the log."""
        log = recovery.log_error(error)
        line = texts.UNEXPECTED_ERROR.format(error=_error_line(error), log=log)
        self.notify(line, severity="error", timeout=20, markup=False)

    def _handle_exception(self, error: Exception) -> None:
        """What the guards (tui/widgets/guard.py, push_screen) did not catch reaches
        Textual's funnel: a failed worker (the app goes on), or an error in Textual's own
        widgets, layout or drawing, after which a part of the screen has stopped; then the
        app ends through request_quit, and the journal offers the edits at the next start."""
        from textual.worker import WorkerFailed

        if self._exit:
            recovery.log_error(error)  # already on the way out: nothing else to do
            return
        if isinstance(error, WorkerFailed):
            self.report_error(error.error)
            return
        log = recovery.log_error(error)
        self.keep_typed_edits()
        lines = (
            texts.UNEXPECTED_EXIT,
            texts.UNEXPECTED_EXIT_NOTHING_UNSAVED,
            texts.UNEXPECTED_EXIT_EDITS_LOST,
        )
        line = self._leaving_line(*lines, error=_error_line(error), log=log)
        self.request_quit(now=True, code=1, line=line)

    def push_screen(self, screen, callback=None, wait_for_dismiss=False, **kwargs):
        """A screen's result callback runs outside any message handler (Textual calls it
        later), so it gets its own guard."""

        def guarded(result):
            try:
                return callback(result)
            except Exception as error:
                self.report_error(error)

        return super().push_screen(
            screen, guarded if callback else None, wait_for_dismiss, **kwargs
        )

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Key bindings and palette commands (which Textual runs as a later callback)."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except Exception as error:
            self.report_error(error)
            return True

    def say_journal_problem(self) -> None:
        """Once per problem: the journal cannot be written (the edits themselves are fine)."""
        problem = self.workspace.journal.problem
        if problem and problem != self._journal_problem:
            self.notify(problem, severity="warning", timeout=20, markup=False)
        self._journal_problem = problem

    # --- recovery of edits a session left unsaved ------------------------------------------

    def offer_recovery(self) -> None:
        for loaded in self.workspace.plans:
            found, problems = recovery.leftovers(loaded.path)
            for line in problems:
                self.notify(line, severity="warning", timeout=20, markup=False)
            self._leftovers.extend((loaded, leftover) for leftover in found)
        self._offer_next()

    def _offer_next(self) -> None:
        if not self._leftovers:
            return
        loaded, leftover = self._leftovers[0]
        title = texts.RECOVERY_TITLE.format(
            name=loaded.name, when=leftover.written.replace("T", " ")
        )
        save_key = self.key_for("handlingsplan.save")
        body = texts.RECOVERY_BODY.format(
            count=texts.amount(leftover.edit_count(), texts.CHANGES), save_key=save_key
        )
        if leftover.file_changed():
            body += texts.RECOVERY_BODY_FILE_CHANGED
        choices = [
            (texts.RECOVERY_RESTORE, "restore"),
            (texts.RECOVERY_SHOW, "show"),
            (texts.RECOVERY_DISCARD, "discard"),
        ]

        def decided(choice: str) -> None:
            if choice == "show":
                words = "\n".join(recovery.preview(leftover))
                self.push_screen(_screens().TextScreen(title, words), lambda _: self._offer_next())
                return
            self._leftovers.pop(0)
            if choice == "restore":
                self._restore(loaded, leftover)
            elif choice == "discard":
                leftover.discard()
            self._offer_next()  # escape: decide at the next start

        self.push_screen(_screens().ChoiceScreen(title, body, choices, "later"), decided)

    def _restore(self, loaded: LoadedPlan, leftover: recovery.Leftover) -> None:
        problems = recovery.restore(self.workspace, loaded, leftover)
        self.model_changed()
        count = leftover.edit_count() - leftover.not_applied
        self.notify(
            texts.RECOVERY_RESTORED.format(
                count=texts.amount(count, texts.CHANGES), name=loaded.name
            )
        )
        for line in problems:
            self.notify(line, severity="warning", timeout=20, markup=False)

    def poll_disk(self) -> None:
        if self.workspace.plans:
            self.check_disk()

    @work(thread=True, exclusive=True, group="disk")
    def check_disk(self) -> None:
        for loaded in self.workspace.changed_on_disk():
            try:
                current = loaded.path.read_bytes()
            except OSError:
                current = b""
            self.post_message(DiskChanged(loaded, current))

    def on_disk_changed(self, message: DiskChanged) -> None:
        path = str(message.loaded.path)
        if message.current in (self.being_written.get(path), message.loaded.raw):
            return  # our own save, seen before on_saved made it the plan's base
        if self.announced.get(path) == message.current:
            return  # asked about this content already
        self.announced[path] = message.current
        if message.loaded in self.workspace.modified_plans():
            self.ask_about_disk(message.loaded)
        else:  # nothing of mine to lose: read it again and say so
            self._reload(message.loaded)
            self.notify(texts.DISK_RELOADED.format(name=message.loaded.name))

    def ask_about_disk(self, loaded: LoadedPlan) -> None:
        def decided(choice: str) -> None:
            if choice == "reload":
                self._reload(loaded)
            elif choice == "save_as":
                self._save_as(loaded)
            elif choice == "diff":
                self._show_disk_diff(loaded)
            elif choice == "mine":
                self._keep_mine_on_disk(loaded)

        choices = [
            (texts.DISK_KEEP_MINE, "mine"),
            (texts.DISK_RELOAD, "reload"),
            (texts.DISK_SAVE_AS, "save_as"),
            (texts.DISK_DIFF, "diff"),
            (texts.DISK_KEEP, "keep"),
        ]
        screen = _screens().ChoiceScreen(
            texts.DISK_TITLE.format(name=loaded.name), texts.DISK_BODY, choices, "keep"
        )
        self.push_screen(screen, decided)

    def _reload(self, loaded: LoadedPlan) -> None:
        try:
            fresh = self.workspace.reload(loaded)
        except PlanError as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        if self.view.plan is loaded:
            self.view.select(fresh, self.view.section_id)
        self.announced.pop(str(loaded.path), None)
        self.model_changed()
        self.settle_heap(collect=True)

    def _keep_mine_on_disk(self, loaded: LoadedPlan) -> None:
        try:
            fresh, conflicts = self.workspace.keep_mine_on_disk(loaded)
        except (PlanError, fields.EditError) as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        if conflicts:
            both = "; ".join(conflicts)
            self.notify(texts.DISK_BOTH_CHANGED.format(fields=both), severity="error", timeout=15)
            self.ask_about_disk(loaded)
            return
        if self.view.plan is loaded:
            self.view.select(fresh, self.view.section_id)
        self.announced.pop(str(loaded.path), None)
        self.model_changed()
        self.settle_heap(collect=True)
        self.notify(texts.DISK_MINE_KEPT.format(name=loaded.name))

    def _save_as(self, loaded: LoadedPlan) -> None:
        default = str(loaded.path.with_name(f"{loaded.path.stem}.mine.toml"))

        def chosen(path: str | None) -> None:
            if path:
                try:
                    self.workspace.save_as(loaded, Path(path))
                    self.notify(texts.WROTE_FILE.format(path=path))
                except PlanError as error:
                    self.notify(str(error), severity="error")

        self.push_screen(_screens().PromptScreen(texts.SAVE_AS_PROMPT, default), chosen)

    def _show_disk_diff(self, loaded: LoadedPlan) -> None:
        try:
            diff = self.workspace.disk_diff(loaded)
        except PlanError as error:
            self.notify(str(error), severity="error")
            return
        self.push_screen(_screens().TextScreen(texts.DISK_DIFF, diff, diff=True))

    def action_git_diff(self) -> None:
        """git diff of every open plan, as the Endringer tab lists them all."""
        if self.workspace.plans:
            self.run_git_diff([loaded.path for loaded in self.workspace.plans])

    def action_git_commit(self) -> None:
        _screens().open_commit(self, [loaded.path for loaded in self.workspace.plans])

    def action_measure_log(self) -> None:
        chosen = self._chosen_measure()
        if chosen is not None:
            _screens().open_log(self, chosen[0].path, chosen[1], chosen[3])

    @work(thread=True, exclusive=True, group="git")
    def run_git_diff(self, paths: list[Path]) -> None:
        from tui.git.repo import git_diff

        diffs = [diff for diff in (git_diff(path) for path in paths) if diff]
        self.post_message(GitText("git diff", "\n".join(diffs) or texts.CHANGES_NONE))

    def action_write_preview(self) -> None:
        from tui.ui.widgets.preview import write_page

        loaded = self.plan_in_view()
        if loaded is not None:
            inputs = [p.path for p in self.workspace.plans]
            write_page(self, str(loaded.path.with_suffix(".md")), self.preview_text, inputs)

    def action_jump_to_finding(self) -> None:
        key = self.query_one(_panes().Findings).current_key()
        if not key or ":" not in key:
            return
        loaded, rest = self.view.measure_for(key) or (None, "")
        record_id = rest.rsplit(":", 1)[0]
        ref = loaded.plan.find_measure(record_id) if loaded else None
        if ref is None:
            return
        self.action_clear_filters()
        self.view.select(loaded, str(ref.section.section.id))
        self.query_one(PlanTree).restore_cursor(self.view.selected_key())
        self.show_section()
        self.action_show_tab("section")
        self._select_measure(loaded, record_id)
        self.query_one(_panes().SectionMeasures).focus()

    # --- the command palette --------------------------------------------------------------------

    # --- Textual's own words, in Norwegian --------------------------------------------------

    def action_command_palette(self) -> None:
        from tui.ui.widgets.palette import Palette

        if self.use_command_palette and not Palette.is_open(self):
            self.push_screen(Palette())

    def action_change_theme(self) -> None:
        """The palette's «Fargetema»: Textual's theme list, asked for in Norwegian."""
        from textual.theme import ThemeProvider

        from tui.ui.widgets.palette import Palette

        self.push_screen(Palette(texts.THEME_PLACEHOLDER, providers=[ThemeProvider]))

    def get_key_display(self, binding: Binding) -> str:
        return key_name(super().get_key_display(binding))

    def action_help_quit(self) -> None:
        """ctrl+c, out of habit: say which key quits."""
        self.notify(texts.HOW_TO_QUIT.format(key=self.key_for("handlingsplan.quit")))

    def _on_delivery_complete(self, event) -> None:
        if event.name == "screenshot":
            where = "" if event.path is None else str(event.path)
            self.notify(texts.SCREENSHOT_SAVED.format(path=where), markup=False)

    def _on_delivery_failed(self, event) -> None:
        if event.name == "screenshot":
            self.notify(texts.SCREENSHOT_FAILED, severity="error")

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's "Quit" exits at once; ours ("Avslutt") asks about unsaved edits. Its
        # other commands get their Norwegian words.
        for command in super().get_system_commands(screen):
            if command.title in texts.SYSTEM_COMMANDS:
                title, help_text = texts.SYSTEM_COMMANDS[command.title]
                yield SystemCommand(title, help_text, command.callback, command.discover)
        for title, what, action in COMMANDS:
            key = self.key_for(binding_for_action(action))
            help_text = texts.PALETTE_KEY.format(what=what, key=key) if key else what
            yield SystemCommand(title, help_text.strip(), lambda a=action: self.run_action(a))

    # --- the year's cycle (issue 17): next period's plan and the report --------------------

    def action_next_period(self) -> None:
        _screens().ask_next_period(self)

    def action_show_report(self) -> None:
        _screens().show_report(self)

    def action_plan_info(self) -> None:
        _screens().edit_plan_info(self)


# The footer's first keys, whatever has the focus.
FOOTER_FIRST = ("handlingsplan.save", "handlingsplan.undo")

NEEDS_TABS = {
    "show_tab",
    "edit_measure",
    "add_measure",
    "delete_measure",
    "move_measure",
    "edit_block",
    "jump_to_finding",
    "mark_done",
    "pick_status",
    "edit_deadline",
    "edit_roles",
    "agenda",
}

COMMANDS = texts.PALETTE  # title, what it does, action; the key is added from the bindings


def our_bindings() -> list[Binding]:
    """Every binding of the app and of the widgets on its main screen."""
    from tui.ui.widgets import panes

    widgets = (PlanTree, panes.SectionMeasures, panes.AllMeasures, panes.BlockList, panes.Findings)
    return [*HandlingsplanApp.BINDINGS, *(b for w in widgets for b in w.BINDINGS)]


def default_key(binding_id: str) -> str:
    """The keys of one binding unless the user's key map says otherwise; the app's own are
    found without loading the modules of the tabs and forms (the first frame needs them)."""
    for binding in HandlingsplanApp.BINDINGS:
        if binding.id == binding_id:
            return binding.key
    return default_keys(binding_id).get(binding_id, "")


def default_keys(binding_id: str = "") -> dict[str, str]:
    """Binding id -> the keys it has unless the user's key map says otherwise: the main
    screen's, and the forms' when `binding_id` is one of theirs (the forms' module is not
    loaded for the first screen)."""
    bindings = our_bindings()
    if binding_id.startswith(FORM_BINDINGS):
        from tui.ui import screens

        forms = (screens.MeasureEditScreen, screens.BlockEditScreen, screens.PlanInfoScreen)
        bindings += [binding for form in forms for binding in form.BINDINGS]
    return {binding.id: binding.key for binding in bindings if binding.id}


FORM_BINDINGS = ("handlingsplan.form.", "handlingsplan.block_form.", "handlingsplan.plan_info.")


def binding_for_action(action: str) -> str:
    """The id of the binding that runs a palette command's action ("" if none)."""
    for binding in our_bindings():
        if binding.action in (action, f"app.{action}"):
            return binding.id or ""
    return ""


def _error_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def run(workspace: Workspace) -> int:
    """The TUI over a workspace the caller opened; the exit code."""
    app = HandlingsplanApp(workspace)
    app.run()
    if app.watchdog is not None:  # the shutdown finished: the exit line is said below
        app.watchdog.cancel()
    if app.exit_line:
        print(f"handlingsplan: {app.exit_line}", file=sys.stderr)
    return app.return_code or 0
