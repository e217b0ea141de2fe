"""Widgets of the TUI. They draw what the core computes and report what the user did."""

from __future__ import annotations

from collections.abc import Callable

from textual.containers import Horizontal
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Checkbox, Input, Select

from tui import texts
from tui.domain.model import STATUSES
from tui.ui.widgets.guard import Guarded
from tui.ui.widgets.tree import PlanTree

__all__ = ["FilterBar", "FilterInput", "PlanTree"]


class FilterInput(Guarded, Input):
    """An Input whose typing repaints only itself.

    Textual's Input declares its text width (virtual_size) as needing a layout pass of the
    whole screen, on every key; with a fixed-size input nothing else moves, and scrolling
    within the input reads virtual_size directly."""

    virtual_size = Reactive(Size(0, 0), layout=False)


# The filter bar's values (as values() names them) -> the id of the control holding each.
CONTROLS = {
    "text": "filter-text",
    "deadline": "filter-deadline",
    "date": "filter-date",
    "status": "filter-status",
    "include_ongoing": "filter-ongoing",
}


class FilterBar(Guarded, Horizontal):
    """The always-visible filters. Calls on_change with values() whenever a control changes.

    The controls are mounted just after the first frame, which then shows the plans sooner
    (they are the costliest widgets on it); until then they count as their defaults. The
    text inputs are watched rather than heard through Input.Changed: that message arrives
    only after the screen has drawn the typed character, so the filtered view would follow
    one frame period (~17 ms) later, in a second frame."""

    help_key = "filters"

    DEFAULTS = {
        "filter-text": "",
        "filter-deadline": "all",
        "filter-date": "",
        "filter-status": "*",
        "filter-ongoing": True,
    }

    def __init__(self, on_change: Callable[[dict], None], id: str) -> None:
        super().__init__(id=id)
        self.on_change = on_change
        self.ready = False  # the controls are mounted
        self._resetting = False

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_controls)

    async def _mount_controls(self) -> None:
        await self.mount_all(self._controls())
        for field in self.query(FilterInput).results(FilterInput):
            self.watch(field, "value", self._changed, init=False)
        self.ready = True

    def _controls(self) -> list:
        statuses = [(texts.STATUS_NONE if s == "" else s, s or "-") for s in STATUSES]
        first = self.DEFAULTS
        return [
            FilterInput(placeholder=texts.FILTER_TEXT_PLACEHOLDER, id="filter-text", compact=True),
            Select(
                [
                    (texts.DEADLINE_ALL, "all"),
                    (texts.DEADLINE_OVERDUE, "overdue"),
                    (texts.DEADLINE_NEXT_30, "next30"),
                    (texts.DEADLINE_THIS_MONTH, "this_month"),
                    (texts.DEADLINE_BEFORE, "before"),
                    (texts.DEADLINE_AFTER, "after"),
                ],
                value=first["filter-deadline"],
                allow_blank=False,
                id="filter-deadline",
                compact=True,
            ),
            FilterInput(placeholder=texts.FILTER_DATE_PLACEHOLDER, id="filter-date", compact=True),
            Select(
                [(texts.STATUS_ALL, "*"), (texts.STATUS_OPEN, "open"), *statuses],
                value=first["filter-status"],
                allow_blank=False,
                id="filter-status",
                compact=True,
            ),
            Checkbox(
                texts.FILTER_ONGOING,
                value=first["filter-ongoing"],
                id="filter-ongoing",
                compact=True,
            ),
        ]

    def _changed(self) -> None:
        if not self._resetting:
            self.on_change(self.values())

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # already reported by the watcher

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._show_date_when_needed()
        self._changed()

    def _show_date_when_needed(self) -> None:
        """The date is shown only for «Før dato» and «Etter dato»; Kontinuerlig is greyed out
        while a deadline choice leaves the undated measures out anyway."""
        choice = self._value("filter-deadline")
        self.set_class(choice in ("before", "after"), "-dated")
        for box in self.query("#filter-ongoing").results(Checkbox):  # once mounted
            box.disabled = choice != "all"

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self._changed()

    def values(self) -> dict:
        """The controls' values, as filters.bar_filter reads them."""
        values = {name: self._value(control) for name, control in CONTROLS.items()}
        values["deadline"], values["status"] = str(values["deadline"]), str(values["status"])
        return values

    def _value(self, control_id: str):
        for control in self.query(f"#{control_id}"):
            return control.value
        return self.DEFAULTS[control_id]

    def reset(self) -> None:
        """Back to the defaults, without reporting it: the caller applies them."""
        self.show_values({name: self.DEFAULTS[control] for name, control in CONTROLS.items()})

    def show_values(self, values: dict) -> None:
        """Values as values() gives them (the agenda's, say), without reporting them: the
        caller applies them."""
        self._resetting = True
        try:
            with self.prevent(Select.Changed, Checkbox.Changed):
                for name, control_id in CONTROLS.items():
                    for control in self.query(f"#{control_id}"):
                        control.value = values[name]
            self._show_date_when_needed()
        finally:
            self._resetting = False
