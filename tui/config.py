"""User settings read from the config folder (key remapping for the TUI), and the state
folder where the recovery journals and the error log live."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from tui import texts


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "handlingsplan"


def state_dir() -> Path:
    """Where recovery journals and the error log go: $XDG_STATE_HOME/handlingsplan when set,
    else the platform's user state folder (~/.local/state/handlingsplan on Linux)."""
    base = os.environ.get("XDG_STATE_HOME")
    if base:
        return Path(base) / "handlingsplan"
    import platformdirs

    return platformdirs.user_state_path("handlingsplan", appauthor=False)


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """Binding id -> keys from `keymap.toml` (`[keymap]` table), and a problem to report.

    Example: `[keymap]` then `"handlingsplan.save" = "ctrl+w"`. A missing file is no problem;
    a broken one is reported and ignored, so the app still starts.
    """
    path = path or config_dir() / "keymap.toml"
    if not path.exists():
        return {}, None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, texts.KEYMAP_BROKEN.format(path=path, error=texts.toml_detail(str(error)))
    table = data.get("keymap", {})
    if not isinstance(table, dict):
        return {}, texts.KEYMAP_NOT_A_TABLE.format(path=path)
    return {str(k): str(v) for k, v in table.items()}, None
