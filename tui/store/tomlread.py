"""Reading TOML text into data.

Big plans are read by toml_rs, a compiled (Rust) parser held to TOML 1.0, five times faster
than tomli on a 2 MB plan; tomli (the same parser as ``tomllib``) reads the rest and gives
every verdict on a broken file, so the error texts the FILE:LINE messages are made from stay
tomllib's. `tests/test_toml_reader.py` holds both to tomllib.
"""

from __future__ import annotations

import re

import tomli

TOMLDecodeError = tomli.TOMLDecodeError

# Below this, tomli reads a plan in about the time toml_rs takes to import.
COMPILED_FROM = 64 * 1024
# toml_rs recurses on nested arrays and inline tables without a limit and crashes the
# process some thousands of levels down. A plan nests neither; a text that might (an array
# opened where an array's value begins, or any brace) is read by tomli, which stops safely.
# Comments between: each one runs to its line's end, so "# # #" can be read only one way
# (`(?:#[^\n]*\s*)*` could split a run of "#" in exponentially many ways).
NESTED_ARRAY = (
    re.compile(r"\[(?<!\n\[)\s*(?:#[^\n]*\n\s*)*\["),  # not at a line's start: [[a header]]
    re.compile(r",\s*(?:#[^\n]*\n\s*)*\["),
)


def loads(text: str) -> dict:
    if _compiled_reads_safely(text):
        import toml_rs

        try:
            return toml_rs.loads(text, toml_version="1.0.0")
        except Exception:  # noqa: BLE001 - tomli gives the verdict, and the message, instead
            pass
    return tomli.loads(text)


def _compiled_reads_safely(text: str) -> bool:
    return len(text) >= COMPILED_FROM and not text.startswith("\ufeff") and not may_nest(text)


def may_nest(text: str) -> bool:
    """Whether arrays or inline tables might nest in the text (it errs towards yes)."""
    return "{" in text or any(pattern.search(text, 1) for pattern in NESTED_ARRAY)
