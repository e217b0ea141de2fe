"""User settings read from the config folder: key remapping for the TUI."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "handlingsplan"


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
        return {}, f"{path}: {error}"
    table = data.get("keymap", {})
    if not isinstance(table, dict):
        return {}, f"{path}: [keymap] skal være en tabell"
    return {str(k): str(v) for k, v in table.items()}, None
