"""Key bindings whose words come from tui/texts.py."""

from __future__ import annotations

from textual.binding import Binding

from tui import texts


def bind(keys: str, action: str, binding_id: str, **options) -> Binding:
    """A binding described by texts.KEYS[binding_id]: the footer's, F1's and the keymap's
    words for every key in one place."""
    return Binding(keys, action, texts.KEYS[binding_id], id=binding_id, **options)
