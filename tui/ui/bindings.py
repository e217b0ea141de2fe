"""Key bindings whose words come from tui/texts.py."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding

from tui import texts


def bind(keys: str, action: str, binding_id: str, **options) -> Binding:
    """A binding described by texts.KEYS[binding_id]: the footer's, F1's and the keymap's
    words for every key in one place."""
    return Binding(keys, action, texts.KEYS[binding_id], id=binding_id, **options)


def in_norwegian(active: dict) -> dict:
    """A screen's active bindings with the words Textual's own widgets show in the footer
    (the Select list's «Dismiss menu») in Norwegian (texts.TEXTUAL_KEYS)."""
    said = texts.TEXTUAL_KEYS
    return {
        key: bound._replace(binding=replace(bound.binding, description=said[words]))
        if (words := bound.binding.description) in said
        else bound
        for key, bound in active.items()
    }
