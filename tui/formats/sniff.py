"""What kind of file an import source is, by its content (magic bytes), never by its name."""

from __future__ import annotations

import codecs
import zipfile
from collections.abc import Iterator
from pathlib import Path

DOCX = "docx"
TEXT = "text"
REFUSED = ("odt", "doc", "rtf", "pdf", "zip", "binary")

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc) and other Office binaries
ODF_TEXT = b"application/vnd.oasis.opendocument.text"


def kind_of(head: bytes, path: Path) -> str:
    """DOCX, TEXT or one of REFUSED. `head` is the file's first bytes (a few kB)."""
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(OLE2):
        return "doc"
    if head.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        return "rtf"
    if head.lstrip().startswith(b"%PDF"):
        return "pdf"
    if utf16_encoding(head) or b"\x00" not in head:
        return TEXT
    return "binary"


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip().startswith(ODF_TEXT):
                return "odt"
    except (zipfile.BadZipFile, OSError, KeyError):
        return DOCX  # a damaged package: the docx reader says what is wrong with it
    return DOCX if "word/document.xml" in names or "[Content_Types].xml" in names else "zip"


def utf16_encoding(head: bytes) -> str:
    """'utf-16' for text with a UTF-16 byte order mark, or without one when every other byte
    is NUL (Norwegian text is mostly ASCII); '' otherwise."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[:2000]
    if len(sample) >= 4 and sample.count(b"\x00") * 3 > len(sample):
        if sample[1::2].count(0) > len(sample) * 0.4:
            return "utf-16-le"
        if sample[0::2].count(0) > len(sample) * 0.4:
            return "utf-16-be"
    return ""


def text_encoding(path: Path) -> tuple[str, str]:
    """(the codec, the encoding's name when it is not UTF-8), the file read in pieces: UTF-16
    by its byte order mark or its NULs, else UTF-8 when every byte decodes, else cp1252, what
    Word and Notepad on Windows write as 'ANSI' (every byte decodes, so it comes last)."""
    with path.open("rb") as source:
        head = source.read(4096)
        utf16 = utf16_encoding(head)
        if utf16:
            return utf16, "UTF-16"
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
        try:
            for piece in iter(lambda: source.read(1 << 20), b""):
                decoder.decode(head + piece if head else piece)
                head = b""
            decoder.decode(head, final=True)
        except UnicodeDecodeError:
            return "cp1252", "Windows-1252 (cp1252)"
    return "utf-8-sig", ""


def decoded(raw: bytes, codec: str) -> str:
    """A file's bytes as text, the whole of what text_lines gives a line at a time."""
    text = raw.decode(codec, errors="replace")
    return text.lstrip("\ufeff") if codec.startswith("utf-16") else text


def text_lines(path: Path, codec: str) -> Iterator[str]:
    """The file's lines one at a time, as `decoded(raw, codec).replace("\r\n", "\n")
    .split("\n")` gives them all at once."""
    # "replace": a truncated UTF-16 file, or one that changed since text_encoding read it
    with path.open(encoding=codec, errors="replace", newline="\n") as source:
        line = ""
        for number, line in enumerate(source):
            text = line.removesuffix("\r\n").removesuffix("\n")
            yield text.lstrip("\ufeff") if number == 0 and codec.startswith("utf-16") else text
        if not line or line.endswith("\n"):
            yield ""
