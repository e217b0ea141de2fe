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
# process some thousands of levels down (~1-3 KB of stack a level); tomli stops at Python's
# recursion limit. A plan nests a little (a table's rows, a calendar's activities), so toml_rs
# gets a text only when its nesting is bounded well below both.
NESTING_ALLOWED = 150  # openers of nested values; the depth is at most twice that, plus 2
GAP = r"\s*(?:#[^\n]*\n\s*)*"  # each comment runs to its line's end: "# # #" reads one way
NESTED_OPENERS = (
    re.compile(r"\[(?<!\n\[)(?=" + GAP + r"\[)"),  # "[" then "[", but not [[a header]]
    re.compile(r"\n\[(?=[ \t\r\n#])(?=" + GAP + r"\[)"),  # the same at a line's start
    re.compile(r",(?=" + GAP + r"\[)"),
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
    if len(text) < COMPILED_FROM or text.startswith("\ufeff"):
        return False
    return nesting_bound(text) <= NESTING_ALLOWED


def nesting_bound(text: str) -> int:
    """Arrays begun inside an array, and inline tables: how deep values can nest is at most
    twice this, plus 2 (a string with "[" in it counts too: it errs towards deep)."""
    return text.count("{") + sum(len(pattern.findall(text)) for pattern in NESTED_OPENERS)
