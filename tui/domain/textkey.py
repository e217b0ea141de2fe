"""Text as the program compares it, so the same letters match however they were typed.

A Mac editor or terminal may write «å» as «a» plus a combining ring (Unicode NFD); Linux and
Windows write one character (NFC). Filters, statuses, role names, ids and deadlines are
compared in NFC. The plan file's own text is never rewritten.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def status_key(status) -> str:
    """A status as the program compares it: 'Pågår ' (in any form) -> 'pågår'."""
    return nfc(str(status or "")).strip().lower()


def shorten(text, limit: int = 60) -> str:
    """One line of at most `limit` characters (next-period summaries and calendar titles)."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def closest(key: str, keys: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The one of `keys` nearest to `key`, for «mente du …?» hints; None when none is close."""
    import difflib  # here: only a mistake needs it (~1 ms of every start)

    match = difflib.get_close_matches(key, list(keys), n=1, cutoff=cutoff)
    return match[0] if match else None
