"""`handlingsplan import` over the corpus (tests/import_corpus.py): plans written the ways Word
users write them. Recall and placement are reported over the whole corpus; every import
passes `check`; other formats are refused with one line that names them."""

import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui import texts
from tui.cli import main
from tui.domain.roles import split_responsibility
from tui.formats.import_markdown import markdown_document
from tui.formats.recognise import recognise, split_labels
from tui.store.storage import load

from .import_corpus import build

COMMITTED = Path(__file__).parent / "data" / "import"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    cases = build(folder)
    out = tmp_path_factory.mktemp("imported")
    imported = {}
    for case in cases:
        target = out / f"{case.name}.toml"
        assert main(["import", str(folder / case.name), "-o", str(target)]) == 0, case.name
        imported[case.name] = target
    return folder, cases, imported


def found(case, plan):
    """(measures recovered exactly, of those the ones under the right section's title)."""
    got = [
        (r.section.section.title, r.measure.text, r.measure.responsible, r.measure.deadline)
        for r in plan.measures()
    ]
    recovered = placed = 0
    for m in case.measures:
        roles = split_responsibility(m.ansvar).roles
        hits = [g for g in got if g[1:] == (m.text, roles, m.frist)]
        recovered += bool(hits)
        placed += any(g[0] == m.section for g in hits)
    return recovered, placed, len(got)


def test_corpus_has_every_habit(corpus):
    _, cases, _ = corpus
    kinds = {Path(c.name).suffix for c in cases}
    assert len(cases) >= 20 and kinds == {".docx", ".md", ".txt"}
    assert sum(len(c.measures) for c in cases) >= 100


def test_corpus_recall_and_placement(corpus, capsys):
    _, cases, imported = corpus
    total = recovered = placed = extra = 0
    lines = []
    for case in cases:
        plan = load(imported[case.name]).plan
        r, p, got = found(case, plan)
        total += len(case.measures)
        recovered += r
        placed += p
        extra += max(got - r, 0)
        lines.append(
            f"{case.name}: {r}/{len(case.measures)} funnet, {p} rett plassert, {got} i alt"
        )
    recall, placement = recovered / total, placed / total
    with capsys.disabled():
        print("\n" + "\n".join(lines))
        print(f"import-korpus: recall {recall:.1%}, plassering {placement:.1%}, {total} tiltak")
    assert recall >= 0.98 and placement >= 0.98
    assert extra == 0  # no measure made out of something that is not one


def test_chapters_stay_chapters(corpus):
    """A title page, a table of contents or Word's numbering never pushes the chapters down:
    'Målsettinger og planer' is a chapter and the measures' sections stand under it."""
    _, cases, imported = corpus
    misplaced, checked = {}, 0
    for case in cases:
        plan = load(imported[case.name]).plan
        chapters = [c.title for c in plan.chapters]
        if "Målsettinger og planer" not in chapters:
            continue
        checked += 1
        parents = {r.section.parent.section.title for r in plan.measures() if r.section.parent}
        if parents != {"Målsettinger og planer"}:
            misplaced[case.name] = (chapters, parents)
    assert misplaced == {}
    assert checked == 20  # every document with that chapter (all but the table form and one)


def test_corpus_metadata(corpus):
    _, cases, imported = corpus
    wrong = {}
    for case in cases:
        meta = load(imported[case.name]).plan.meta
        got = {key: meta.get(key) for key in case.meta}
        if got != case.meta:
            wrong[case.name] = got
    assert wrong == {}


def test_every_corpus_import_passes_check(corpus, capsys):
    _, _, imported = corpus
    for name, target in imported.items():
        assert main(["check", str(target)]) == 0, (name, capsys.readouterr())


def test_the_committed_corpus_is_what_the_builder_writes(corpus):
    """tests/data/import is `python -m tests.import_corpus tests/data/import`: the same
    documents and the same expectations."""
    folder, _, _ = corpus
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert json.loads((COMMITTED / "expected.json").read_text(encoding="utf-8")) == expected
    for path in folder.iterdir():
        committed = COMMITTED / path.name
        if path.suffix == ".docx":  # zip timestamps differ; the parts must not
            with zipfile.ZipFile(path) as new, zipfile.ZipFile(committed) as old:
                assert {n: new.read(n) for n in new.namelist()} == {
                    n: old.read(n) for n in old.namelist()
                }
        else:
            assert committed.read_bytes() == path.read_bytes(), path.name


# --- warnings -----------------------------------------------------------------------------------


def warnings_of(capsys, path, *flags):
    target = path.with_suffix(".out.toml")
    assert main(["import", str(path), "-o", str(target), "--force", *flags]) == 0
    return capsys.readouterr().err.splitlines()[1:]


def test_tracked_changes_and_toc_are_said(corpus, capsys):
    folder, _, _ = corpus
    tracked = warnings_of(capsys, folder / "07-docx-tracked-changes.docx")
    assert (
        f"{folder / '07-docx-tracked-changes.docx'}:1: advarsel: " + (texts.IMPORT_TRACKED_CHANGES)
        in tracked
    )
    toc = warnings_of(capsys, folder / "05-docx-toc.docx")
    assert f"{folder / '05-docx-toc.docx'}:3: advarsel: {texts.IMPORT_TOC_SKIPPED}" in toc


def test_table_read_as_measures_and_repeated_header_are_said(corpus, capsys):
    folder, _, _ = corpus
    path = folder / "08-docx-synonym-table.docx"
    lines = warnings_of(capsys, path)
    assert f"{path}:15: advarsel: {texts.IMPORT_TABLE_AS_MEASURES}" in lines
    assert f"{path}:15: advarsel: {texts.IMPORT_HEADER_REPEATED}" in lines


def test_strict_turns_warnings_into_an_error_and_writes_nothing(corpus, capsys, tmp_path):
    folder, _, _ = corpus
    source = folder / "13-docx-glued-labels.docx"
    target = tmp_path / "plan.toml"
    assert main(["import", str(source), "-o", str(target), "--strict"]) == 1
    err = capsys.readouterr().err.splitlines()
    label_split = texts.IMPORT_LABEL_SPLIT.format(label="Overordna")
    assert f"{source}:11: feil: {label_split}" in err
    assert err[-1] == (
        f"handlingsplan: {source}: 3 advarsler, og --strict er gitt; ingen plan skrevet"
    )
    assert not target.exists()


def test_metadata_from_flags_and_what_is_missing(tmp_path, capsys):
    source = tmp_path / "plan.md"
    source.write_text("## Verving\n\n- Verve (ansvar: Leder, frist: 1. juni)\n", encoding="utf-8")
    target = tmp_path / "plan.toml"
    assert main(["import", str(source), "-o", str(target)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert (
        f"{source}:1: advarsel: "
        + texts.IMPORT_META_MISSING.format(field="periode", flag="--period ÅR–ÅR", key="periode")
        in err
    )
    assert main(["check", str(target)]) == 1
    flags = ["--period", "2025", "--organisation", "Fagforbundet Asker", "--avdeling", "7"]
    assert (
        main(["import", str(source), "-o", str(target), "--force", "--title", "Plan", *flags]) == 0
    )
    capsys.readouterr()
    assert load(target).plan.meta == {
        "organisasjon": "Fagforbundet Asker",
        "avdeling": "7",
        "tittel": "Plan",
        "periode": "2025",
        "vedtatt": "",
    }
    assert main(["check", str(target)]) == 0


# --- formats ------------------------------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "doc"),
        ("plan.rtf", b"{\\rtf1\\ansi\\deff0 {\\fonttbl} Tiltak/aktivitet 1: Verve\\par}", "rtf"),
        ("plan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
        ("plan.docx", b"%PDF-1.4\n", "pdf"),  # the content decides, not the name
        ("plan.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    ],
)
def test_other_formats_are_refused_with_one_line_naming_them(tmp_path, capsys, name, content, kind):
    source = tmp_path / name
    source.write_bytes(content)
    target = tmp_path / "ut.toml"
    assert main(["import", str(source), "-o", str(target)]) == 1
    assert capsys.readouterr().err == f"handlingsplan: {source}: {texts.IMPORT_REFUSED[kind]}\n"
    assert not target.exists()


@pytest.mark.parametrize(
    ("members", "kind"),
    [
        ({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}, "odt"),
        ({"notes.txt": b"Tiltak"}, "zip"),
    ],
)
def test_odt_and_other_zips_are_refused(tmp_path, capsys, members, kind):
    source = tmp_path / "plan.docx"
    _zip(source, members)
    assert main(["import", str(source), "-o", str(tmp_path / "ut.toml")]) == 1
    assert capsys.readouterr().err == f"handlingsplan: {source}: {texts.IMPORT_REFUSED[kind]}\n"


@pytest.mark.parametrize(
    ("encoding", "named"), [("cp1252", "Windows-1252 (cp1252)"), ("utf-16-le", "UTF-16")]
)
def test_text_in_other_encodings_is_read_and_named(tmp_path, capsys, encoding, named):
    source = tmp_path / "plan.txt"
    text = (
        "Handlingsplan 2024 avd. 99\n\n3.1 Økt organisering\nTiltak/aktivitet 1: Verve på én dag\n"
    )
    source.write_bytes((text + "Ansvar: Leder\nFrist: 1. juni\n").encode(encoding))
    target = tmp_path / "plan.toml"
    assert main(["import", str(source), "-o", str(target)]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[1] == f"{source}:1: advarsel: " + texts.IMPORT_DECODED.format(encoding=named)
    (measure,) = (r.measure for r in load(target).plan.measures())
    assert (measure.text, measure.responsible, measure.deadline) == (
        "Verve på én dag",
        ["Leder"],
        "1. juni",
    )


# --- labels wherever they stand ------------------------------------------------------------------

WORDS = st.text(alphabet="abcdefghijklmnoprstuvyæøå ", min_size=3, max_size=30).map(
    lambda s: " ".join(s.split()) or "tiltak"
)
ROLES = st.sampled_from(
    ["Leder", "Styret", "Nestleder", "Hovedtillitsvalgt", "Opplæringsansvarlig"]
)
DEADLINES = st.sampled_from(["1. juni", "31.12.2024", "Innen oktober", "Kontinuerlig", "Vår"])
SHAPES = [
    "- {text} (ansvar: {who}, frist: {when})",
    "1. {text} – Ansvar: {who}. Frist: {when}",
    "Tiltak 1: {text}\nAnsvar: {who}\nFrist: {when}",
    "{text}\n\nAnsvar: {who} Frist: {when}",
    "- {text}\n  - Ansvar: {who}\n  - Frist: {when}",
    "| Tiltak | Hvem | Når |\n|---|---|---|\n| {text} | {who} | {when} |",
]


@settings(max_examples=150, deadline=None)
@given(
    text=WORDS.map(lambda s: s[:1].upper() + s[1:]),
    who=ROLES,
    when=DEADLINES,
    shape=st.sampled_from(SHAPES),
)
def test_a_measure_is_found_in_every_shape_under_its_heading(text, who, when, shape):
    source = "## Verving\n\nInnledende tekst.\n\n" + shape.format(text=text, who=who, when=when)
    plan = recognise(markdown_document(source + "\n\n## Neste\n")).plan
    ((section, measure),) = ((r.section.section.title, r.measure) for r in plan.measures())
    assert (section, measure.text, measure.responsible, measure.deadline) == (
        "Verving",
        text,
        [who],
        when,
    )


def test_split_labels_keeps_the_text_before_the_first_label():
    assert split_labels("Verve nye (ansvar: Leder, nestleder, frist: 1. juni)") == (
        "Verve nye",
        {"ansvar": "Leder, nestleder", "frist": "1. juni"},
    )
    assert split_labels("Kurse verneombud. Hvem: AU; Når: Innen mai.") == (
        "Kurse verneombud.",
        {"ansvar": "AU", "frist": "Innen mai"},
    )


# --- a large import is written record by record -------------------------------------------------


def _toml_files() -> list[tuple[str, dict]]:
    import tomllib

    found = []
    paths = sorted((Path(__file__).parents[1] / "plans").glob("*.toml"))
    for path in paths + sorted((Path(__file__).parent / "data").rglob("*.toml")):
        try:  # the bad-input files that are not TOML at all have no text to compare
            found.append((path.name, tomllib.loads(path.read_text(encoding="utf-8"))))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
    return found


@pytest.mark.parametrize(
    ("name", "data"), _toml_files(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_a_new_plan_file_written_record_by_record_is_the_same_text(name, data):
    """newplan.dumps writes a record at a time (tomlkit grows quadratically in one document);
    the text is byte for byte what one tomlkit document gives, for every plan we ship or test."""
    from tui.store import newplan

    assert newplan.dumps(data) == newplan._dumps_whole(data)
