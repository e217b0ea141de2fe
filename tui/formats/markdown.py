r"""Writing plan text into Markdown safely and in canonical form.

Every value is escaped so that it renders as exactly that text on every renderer a branch's
site uses (CommonMark/GFM: markdown-it, mistune, commonmark.py, goldmark in Hugo; Python-Markdown
in MkDocs; kramdown in Jekyll): no emphasis, link, raw HTML, list or heading can come out of a
plan's words, and no template or attribute syntax (`{{ }}`, `{% %}`, `{: }`) reaches a site
generator. Where a backslash escape works everywhere it is used, and written the way mdformat
(with mdformat-gfm) writes it, with tables padded as it pads them, so for ordinary text running
mdformat over an export changes nothing. Where it does not (Python-Markdown has no `\<`, `\&`
or `\~`; Liquid and Hugo read `{` before any Markdown) a character reference is written
instead, which every renderer honours; mdformat would turn those back into CommonMark-only forms.
"""

from __future__ import annotations

import re
import unicodedata

from wcwidth import wcswidth

_WHITESPACE = frozenset("\t\n\f\r")


def _is_space(char: str | None) -> bool:
    return char is not None and (char in _WHITESPACE or unicodedata.category(char) == "Zs")


def _is_punct(char: str | None) -> bool:
    return char is not None and unicodedata.category(char)[0] in "PS"


# Python-Markdown passes any `&name;` through as a reference, not only the names HTML knows.
_REFERENCE_LIKE = re.compile("&(?=#[0-9]+;|#[Xx][0-9A-Fa-f]+;|[A-Za-z0-9]+;)")
_LESS_THAN = re.compile("<(?! )")  # `< ` starts no tag or autolink anywhere
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")  # Cc that is not whitespace

# No brackets (Python-Markdown finds links inside an autolink), braces (template syntax),
# backslashes, pipes (table cells) or semicolons (some renderers decode `&amp;` in a link) in
# a URL that becomes a link.
_URL = re.compile(r"\bhttps?://[^\s<>`\[\]{}|\\;]+[^\s<>`\[\]{}|\\.,;:!?)'\"]")


def inline(text: str, before: str | None = None) -> str:
    """One line of plain text as Markdown inline content.

    `before` is the character that precedes the text in the output (e.g. the space after a
    bold label), since whether `*` or `_` needs a backslash depends on its neighbours. A plain
    http(s) URL becomes an autolink (`<https://…>`); nothing else can become a link. A control
    character, which no page can show, becomes U+FFFD.
    """
    text = _one_line(text)
    parts = _URL.split(text)
    out = _escape(parts[0], before, leading=True)
    for url, rest in zip(_URL.findall(text), parts[1:], strict=True):
        out += f"<{url}>" + _escape(rest, ">")
    return out


def _one_line(text) -> str:
    return _CONTROL.sub("\ufffd", " ".join(str(text).split()))


_SPECIAL = re.compile(r"[\\*_\[\]<`&~{$|]")


def _escape(text: str, before: str | None, leading: bool = False) -> str:
    """`leading`: the text starts the element (a line, cell or heading)."""
    if not _SPECIAL.search(text):
        return text  # most of a plan's words need no escaping
    start = len(before) if before is not None else 0
    if before is not None:
        text = before + text
    text = text.replace("\\", "\\\\")
    text = _escape_around(text, "*", _asterisk_is_safe)
    text = _escape_around(text, "_", _underscore_is_safe)
    text = _escape_brackets(text, start if leading else None)
    text = text.replace("`", "\\`")
    text = text.replace("|", "\\|")  # kramdown makes a table row of any line with a pipe
    # Character references from here on; `&` first, so the ones added are left alone.
    text = _REFERENCE_LIKE.sub("&amp;", text)
    text = _LESS_THAN.sub("&lt;", text)
    text = text.replace("{", "&#123;")  # Liquid, Hugo shortcodes, kramdown and attr_list
    text = text.replace("~", "&#126;")  # GFM strikes through between one or two
    text = text.replace("$$", "&#36;$")  # kramdown's math
    return text[len(before) :] if before is not None else text


def _asterisk_is_safe(prev: str | None, nxt: str | None) -> bool:
    return _is_space(prev) and _is_space(nxt)


def _underscore_is_safe(prev: str | None, nxt: str | None) -> bool:
    def bad(c):
        return c is None or _is_space(c) or _is_punct(c)

    return (_is_space(prev) and _is_space(nxt)) or (not bad(prev) and not bad(nxt))


def _escape_around(text: str, marker: str, is_safe) -> str:
    if marker not in text:
        return text
    out = []
    for i, char in enumerate(text):
        if char == marker:
            prev = text[i - 1] if i > 0 else None
            nxt = text[i + 1] if i + 1 < len(text) else None
            if not is_safe(prev, nxt):
                out.append("\\")
        out.append(char)
    return "".join(out)


def _escape_brackets(text: str, leading_at: int | None) -> str:
    """Escape brackets, except a closed [pair] with no brackets inside that is not
    followed by ':' or '(' (it cannot form a link, and mdformat leaves it bare) and does not
    start the element (a line starting `[x]:` defines something, an element that is just
    `[TOC]` gets Python-Markdown's table of contents)."""
    escape_at: list[int] = []
    opened: int | None = None
    for match in re.finditer(r"[\[\]]", text):
        at = match.start()
        if match.group() == "[":
            if opened is not None:
                escape_at.append(opened)
            opened = at
        elif opened is None:
            escape_at.append(at)
        else:
            if text[at + 1 : at + 2] in (":", "(") or opened == leading_at:
                escape_at.extend((opened, at))
            opened = None
    if opened is not None:
        escape_at.append(opened)
    for at in sorted(escape_at, reverse=True):
        text = text[:at] + "\\" + text[at:]
    return text


_BLOCK_START = frozenset("#>-*+=:!0123456789 \t")


def block_line(line: str) -> str:
    """Escape what would make a paragraph line start another block: mdformat's rules, and the
    blocks only Python-Markdown, kramdown or goldmark have (definition lists, admonitions,
    Hugo's TOML front matter). A line starting with `[` is escaped by `inline`."""
    if not line or line[0] not in _BLOCK_START:
        return line
    if line.startswith(("#", ">")):  # Python-Markdown's headings need no space after the #
        line = "\\" + line
    if re.match(r"[-*+]( |\t|$)", line) or line.startswith(("+++", "!!!")):
        line = "\\" + line
    if re.match(r"[0-9]+\)( |\t|$)", line):
        line = line.replace(")", "\\)", 1)
    if re.match(r"[0-9]+\.( |\t|$)", line):
        line = line.replace(".", "\\.", 1)
    compact = line.replace(" ", "")
    if len(compact) >= 3 and set(compact) == {"-"}:
        line = line.replace("-", "\\-", 1)
    stripped = line.strip(" \t")
    if stripped and set(stripped) == {"-"}:
        line = line.replace("-", "\\-", 1)
    elif stripped and set(stripped) == {"="}:
        line = line.replace("=", "&#61;", 1)  # Python-Markdown has no `\=`
    if re.match(r":( |\t|$)", line):
        line = "&#58;" + line[1:]  # a definition; Python-Markdown has no `\:`
    if all(c in "|-: " for c in line) and "-" in line:
        line = line.replace("-", "\\-", 1)  # would read as a table's delimiter row
    return line


_ESCAPED_CLOSING_BRACKET = re.compile(r"(?<!\\)((?:\\\\)*)\\]")


def link_text(text: str) -> str:
    """Text between a link's brackets. No link inside (a URL stays text); no `^` first (a
    footnote to mistune and kramdown); a closing bracket as a reference, since Python-Markdown
    takes `[…]:` for a link definition even with the bracket escaped, and drops the text."""
    out = _escape(_one_line(text), None, leading=True)
    out = _ESCAPED_CLOSING_BRACKET.sub(r"\1&#93;", out)
    return "&#94;" + out[1:] if out.startswith("^") else out


def paragraph(text: str) -> str:
    return block_line(inline(text))


def table(header: list[str], rows: list[list[str]]) -> str:
    """A GFM pipe table, every row as wide as the header, padded as mdformat pads it."""
    width = len(header)
    cells = [[inline(c) for c in header]]
    for row in rows:
        padded = [*row, *([""] * (width - len(row)))][:width]
        cells.append([inline(c) for c in padded])
    widths = [max(3, *(_width(r[i]) for r in cells)) for i in range(width)]

    def line(items: list[str]) -> str:
        return "| " + " | ".join(_pad(t, w) for t, w in zip(items, widths, strict=True)) + " |"

    delimiter = "| " + " | ".join("-" * w for w in widths) + " |"
    return "\n".join([line(cells[0]), delimiter, *(line(r) for r in cells[1:])])


def _width(text: str) -> int:
    measured = wcswidth(text)
    return measured if measured >= 0 else len(text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def heading(level: int, text: str, anchor: str = "") -> str:
    """An ATX heading; past level 6 (which Markdown lacks) a bold line instead."""
    content = inline(text)
    if content.endswith("#"):
        content = content[:-1] + "\\#"  # else read as the heading's closing sequence
    if anchor:
        content = f"{content} {{#{anchor}}}".strip()
    if level > 6:
        return f"**{content}**"
    return f"{'#' * level} {content}".rstrip()


def slug(text: str) -> str:
    """An ASCII anchor: 'Målsettinger og planer' -> 'malsettinger-og-planer'."""
    table_ = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
    text = unicodedata.normalize("NFKD", text.translate(table_).lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
