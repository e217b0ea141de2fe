"""`import` reads a text file a line at a time and writes the plan a chapter at a time
(tui.formats.import_text.import_text_file, tui.store.newplan): these tests hold it to what
reading the whole file at once gives, on every source the tests have and on generated text."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.actions.check import check_file, new_plan_findings
from tui.cli import MARKDOWN_HEADING, import_any, main
from tui.formats import sniff
from tui.formats.import_markdown import import_markdown, is_export, markdown_document
from tui.formats.import_text import import_text, text_blocks
from tui.formats.recognise import recognise
from tui.store.newplan import NewPlan, dumps
from tui.store.storage import load

from .conftest import without_ids

DATA = Path(__file__).parent / "data"
SOURCES = sorted(
    p
    for folder in ("import", "seeds")
    for p in (DATA / folder).iterdir()
    if p.suffix in (".txt", ".md")
)


def decode(raw: bytes) -> tuple[str, str]:
    """How the whole file was decoded before it was read in pieces: (text, the encoding's
    name when it was not UTF-8)."""
    encoding = sniff.utf16_encoding(raw[:4096])
    if encoding:
        return raw.decode(encoding, errors="replace").lstrip("\ufeff"), "UTF-16"
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "Windows-1252 (cp1252)"


def whole_file(path: Path):
    """The import as it was before: the whole file decoded, then the importer for its kind."""
    text, _ = decode(path.read_bytes())
    if path.suffix == ".md" or re.search(r"^#{1,6} \S", text, re.MULTILINE):
        return import_markdown(text) if is_export(text) else recognise(markdown_document(text))
    return import_text(text)


def imported(path: Path, tmp_path: Path) -> tuple[dict, list[str]]:
    """The plan `import` writes, and the warnings it gives, read back."""
    chapters: list[dict] = []

    def take(header: str, part) -> None:
        if header == "kapittel":
            chapters.append(part.to_data())
        else:
            chapters[-1].setdefault("seksjon", []).append(part.to_data())

    result = import_any(path, take)
    plan = result.plan.to_data()
    if chapters:
        plan["kapittel"] = chapters + plan.get("kapittel", [])
    warnings = [w.message for w in result.warnings if "Windows-1252" not in w.message]
    target = tmp_path / f"{path.stem}.toml"
    assert main(["import", str(path), "-o", str(target), "--force"]) == 0
    assert without_ids(tomllib.loads(target.read_text(encoding="utf-8"))) == without_ids(plan)
    return plan, [w for w in warnings if "UTF-16" not in w]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_reading_a_line_at_a_time_imports_what_the_whole_file_did(path, tmp_path):
    assert len(SOURCES) >= 8
    plan, warnings = imported(path, tmp_path)
    reference = whole_file(path)
    assert without_ids(plan) == without_ids(reference.plan.to_data())
    assert warnings == [w.message for w in reference.warnings]


LINES = st.sampled_from(
    [
        "Handlingsplan 2024–2025 Fagforbundet Lier avd. 123",
        "1 Innledning",
        "2 Organisasjon",
        "2.1 Verving",
        "2.2 Tillitsvalgte",
        "3.3 Heltid",
        "Vedlegg",
        "1. Kartlegge deltid",
        "Tiltak 1: Verve nye medlemmer",
        "Tiltak/aktivitet 2: Kurs for tillitsvalgte",
        "Ansvar: Leder og nestleder",
        "Frist: 1. juni",
        "Frist: snart",
        "- Flere medlemmer",
        "Overordna mål",
        "og dette fortsetter linjen over",
        "Verve (ansvar: styret, frist: mars)",
        "",
        "",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(LINES, max_size=40))
def test_any_hand_written_text_imports_the_same_either_way(tmp_path, lines):
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(["Handlingsplan 2025", *lines]), encoding="utf-8")
    plan, warnings = imported(path, tmp_path)
    reference = whole_file(path)
    assert without_ids(plan) == without_ids(reference.plan.to_data())
    assert warnings == [w.message for w in reference.warnings]


def test_a_part_is_handed_on_when_the_next_starts_not_when_the_file_ends():
    """What keeps a big import's memory to a section: the recogniser reads only a line or
    two past a chapter's own content or a section before it leaves."""
    text = ["Handlingsplan 2025"]
    for chapter in range(1, 3):
        text += [f"{chapter} Kapittel {chapter}", "Innledning til kapitlet.", ""]
        for section in range(1, 4):
            text.append(f"{chapter}.{section} Seksjon {section}")
            for n in range(30):
                text += [f"Tiltak {n}: Verve {n}", "Ansvar: Leder", "Frist: 1. juni", ""]
    heading = re.compile(r"\d(\.\d)? (Kapittel|Seksjon)")
    starts = [n for n, line in enumerate(text, 1) if heading.match(line)]
    read, handed = [0], []

    def counted_lines():
        for number, line in enumerate(text, 1):
            read[0] = number
            yield line

    def take(header: str, part) -> None:
        handed.append((header, part.title, len(part.measures), read[0]))

    recognise(sniff_document(counted_lines()), sink=take)
    expected = []
    for chapter in (1, 2):
        expected.append(("kapittel", f"Kapittel {chapter}", 0))
        expected += [("kapittel.seksjon", f"Seksjon {n}", 30) for n in (1, 2, 3)]
    assert [h[:3] for h in handed] == expected
    # The title page is read with the 40 blocks after it (the metadata may stand there).
    lines_with_text = [n for n, line in enumerate(text, 1) if n > starts[0] and line.strip()]
    front = lines_with_text[38]
    for (*_, at), start in zip(handed, [*starts[1:], len(text)], strict=True):
        assert start <= at <= max(start, front) + 2


def sniff_document(lines):
    from tui.formats.document import Document

    return Document(text_blocks(lines), numbered_headings=True)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(["a", "ø", "\r\n", "\n", "\r", "–", " ", "\ufeff", "\t", "\u2028"])
    ).map("".join),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"]),
    st.booleans(),
)
def test_a_file_read_in_pieces_has_the_lines_the_whole_file_has(tmp_path, text, encoding, cut):
    try:
        raw = text.encode(encoding) + (b"\xff\xfe\x81" if cut else b"")
    except UnicodeEncodeError:
        return
    path = tmp_path / "source.txt"
    path.write_bytes(raw)
    whole, name = decode(raw)
    codec, named = sniff.text_encoding(path)
    assert named == name
    assert sniff.decoded(raw, codec) == whole
    assert list(sniff.text_lines(path, codec)) == whole.replace("\r\n", "\n").split("\n")


@pytest.mark.parametrize("plan", sorted(Path("plans").glob("*.toml")), ids=lambda p: p.name)
def test_a_plan_written_and_checked_a_part_at_a_time_has_the_findings_of_check(plan, tmp_path):
    data = load(plan, editing=False).plan.to_data()
    chapter = data["kapittel"][-1]
    holder = chapter["seksjon"][-1] if chapter.get("seksjon") else chapter
    holder.setdefault("tiltak", []).append(
        {"id": "t-ugyldig", "tekst": "Prøve", "ansvar": ["Ingen rolle"], "frist": "aldri"}
    )
    target = tmp_path / plan.name
    with NewPlan(target) as new:
        for chapter in data["kapittel"]:
            new.add("kapittel", {k: v for k, v in chapter.items() if k != "seksjon"})
            for section in chapter.get("seksjon", []):
                new.add("kapittel.seksjon", section)
        new.write({k: v for k, v in data.items() if k != "kapittel"})
        findings = new_plan_findings(target, new.head, new.parts())
        sections = sum(len(c.get("seksjon", [])) for c in data["kapittel"])
        assert len(list(new.parts())) == len(data["kapittel"]) + sections  # each its own part
    assert target.read_text(encoding="utf-8") == dumps(data)
    assert findings == check_file(target)
    assert any(f.record_id == "t-ugyldig" for f in findings)


def test_markdown_headings_are_found_on_any_line():
    assert MARKDOWN_HEADING.match("## Mål") and not MARKDOWN_HEADING.match("#Mål")


def test_a_long_import_says_how_far_it_has_come_then_clears_the_line(tmp_path):
    """In a terminal: «importerer: N tiltak så langt …» twice a second, gone at the end."""
    import os
    import pty
    import subprocess
    import sys

    from tests.benchmarks.run import write_import_source

    source = write_import_source(tmp_path / "stor.txt", 1.5)
    main_end, terminal = pty.openpty()
    command = [sys.executable, "-m", "tui", "import", str(source)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    seen = b""
    while True:
        try:
            chunk = os.read(main_end, 4096)
        except OSError:  # the terminal's other end closed
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait() == 0
    shown = seen.decode("utf-8")
    assert re.search(r"\rimporterer: \d+ tiltak så langt …", shown)
    assert "\r\x1b[K" + str(tmp_path / "stor.toml") + ": 9 kapitler" in shown


def test_a_source_piped_in_is_imported_as_the_file_would_be(tmp_path):
    """`cat plan.txt | handlingsplan import /dev/stdin -o plan.toml`: a pipe can be read
    once, and the importers read a file more than once, so it is copied first."""
    import subprocess
    import sys

    source = DATA / "import" / "19-text-hand-written-utf-8.txt"
    target = tmp_path / "fra-pipe.toml"
    command = [sys.executable, "-m", "tui", "import", "/dev/stdin", "-o", str(target)]
    done = subprocess.run(command, input=source.read_bytes(), capture_output=True)
    assert done.returncode == 0, done.stderr
    reference = tmp_path / "fra-fil.toml"
    assert main(["import", str(source), "-o", str(reference)]) == 0
    read = [without_ids(tomllib.loads(p.read_text(encoding="utf-8"))) for p in (target, reference)]
    assert read[0] == read[1]
    empty = subprocess.run(command + ["--force"], input="", capture_output=True, text=True)
    assert empty.stderr == "handlingsplan: /dev/stdin:1: filen er tom; ingenting å importere\n"
