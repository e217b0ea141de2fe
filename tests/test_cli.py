"""The command line: exact measures for the board's questions, exact error lines."""

import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui import texts
from tui.cli import COMMANDS, main
from tui.domain import fields

from .conftest import SEEDS, SMALL_PLAN, changed_lines, examples

TEKNISK = "teknisk-fagforening-oslo-2024-2025.toml"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys, *args):
    code, out, err = run(capsys, "list", *args, "--format", "json")
    assert code == 0, err
    return [(Path(r["plan"]).name, r["section"], r["number"]) for r in json.loads(out)]


def test_role_filter_returns_what_a_reader_of_the_source_picks(capsys, plans_copy):
    rows = listed(capsys, plans_copy, "--role", "Nestleder")
    # Seed 000: the seven measures whose Ansvar line says Nestleder.
    assert sorted(r for r in rows if r[0] == TEKNISK) == [
        (TEKNISK, "3.3", 1),
        (TEKNISK, "3.3", 2),
        (TEKNISK, "3.3", 3),
        (TEKNISK, "3.3", 4),
        (TEKNISK, "3.3.3.1", 1),
        (TEKNISK, "3.3.3.2", 2),
        (TEKNISK, "3.3.3.2", 3),
    ]
    # Seed 004 writes "Leder\nestleder"; each such activity is also Nestleder's.
    follo = [r for r in rows if r[0] == "follo-2023.toml"]
    assert len(follo) == 30  # 31 mentions; "Medlems møte" names Nestleder twice
    assert ("follo-2023.toml", "1.1", 1) in follo and ("follo-2023.toml", "5.5", 1) in follo
    assert not [r for r in rows if r[0] == "oslo-2024.toml"]  # seed 001 has no concrete measures


def test_due_before_is_strict_and_sorted_by_deadline(capsys, plans_copy):
    expected = [
        (TEKNISK, "3.3", 5),  # 1. april
        (TEKNISK, "3.2", 1),  # 1. mai
        (TEKNISK, "3.7", 1),  # 1. mai
        (TEKNISK, "3.1", 1),  # 1. juni
        (TEKNISK, "3.3", 6),  # 1. juni
    ]
    assert listed(capsys, plans_copy, "--due-before", "2024-07-01") == expected
    assert listed(capsys, plans_copy, "--due-before", "1. juli 2024") == expected
    assert listed(capsys, plans_copy, "--due-before", "2024-06-01") == expected[:3]


def test_role_and_deadline_combine(capsys, plans_copy):
    rows = listed(capsys, plans_copy, "--role", "Nestleder", "--due-before", "2025-01-01")
    assert rows == [
        (TEKNISK, "3.3", 2),
        (TEKNISK, "3.3", 1),
        (TEKNISK, "3.3.3.1", 1),
        (TEKNISK, "3.3.3.2", 2),
    ]


def test_every_role_asked_for_must_be_responsible_in_any_spelling(capsys, small_plan):
    assert [r[1:] for r in listed(capsys, small_plan, "--role", "Nestleder")] == [
        ("1.1", 2),
        ("1.2", 1),
        ("1.1", 3),
    ]
    both = listed(capsys, small_plan, "--role", "nestledere", "--role", "leder")
    assert [r[1:] for r in both] == [("1.1", 3)]


def test_json_fields(capsys, plans_copy):
    code, out, _ = run(
        capsys, "list", plans_copy / TEKNISK, "--text", "konkurranseutsetter", "--format", "json"
    )
    assert code == 0
    (row,) = json.loads(out)
    assert {
        k: row[k]
        for k in ("section", "number", "responsible", "qualifier", "deadline", "due", "status")
    } == {
        "section": "3.2",
        "number": 3,
        "responsible": ["Leder"],
        "qualifier": "etter innspill fra yrkesseksjoner",
        "deadline": "1. august",
        "due": "2024-08-01",
        "status": "",
    }
    assert row["id"].startswith("t-") and row["plan"].endswith(TEKNISK)


def test_overdue_uses_today_and_ignores_done(capsys, small_plan):
    rows = listed(capsys, small_plan, "--overdue", "--today", "2024-12-02")
    assert [r[1:] for r in rows] == [("1.1", 1), ("1.1", 2)]
    main(["set", str(small_plan), "t-1", "status=fullført"])
    capsys.readouterr()
    rows = listed(capsys, small_plan, "--overdue", "--today", "2024-12-02")
    assert [r[1:] for r in rows] == [("1.1", 2)]


def test_status_filter(capsys, small_plan):
    assert [r[1:] for r in listed(capsys, small_plan, "--status", "pågår")] == [("1.1", 3)]


def test_table_output(capsys, small_plan, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "list", small_plan, "--role", "Leder")
    assert code == 0
    # Not a terminal: plain tab-separated lines, led by the reference `set` takes.
    line = "1.1.3\tKreve tariffavtaler\tLeder, Nestleder (etter innspill fra yrkesseksjoner)"
    assert f"{line}\tKontinuerlig\tpågår" in out.splitlines()


def test_set_changes_exactly_one_line(capsys, small_plan):
    code, _, err = run(capsys, "set", small_plan, "t-2", "status=fullført")
    assert code == 0 and err.strip() == f"lagret {small_plan}"
    removed, added = changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8"))
    assert (removed, added) == (['status = ""'], ['status = "fullført"'])


def test_set_several_fields_and_norwegian_names(capsys, small_plan):
    code, _, _ = run(
        capsys,
        "set",
        small_plan,
        "t-2",
        "deadline=1. juni",
        "ansvar=Leder, AU",
        "qualifier=med bistand fra klubbledere",
    )
    assert code == 0
    removed, added = changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8"))
    assert sorted(added) == sorted(
        [
            'frist = "1. juni"',
            'ansvar = ["Leder", "AU"]',
            'ansvar_merknad = "med bistand fra klubbledere"',
        ]
    )
    assert len(removed) == 3


def test_set_same_value_leaves_file_untouched(capsys, small_plan):
    code, _, err = run(capsys, "set", small_plan, "t-2", "deadline=1. desember")
    assert code == 0 and err.strip() == f"ingen endringer i {small_plan}"
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["t-2", "deadline=31.21.2024"], "ugyldig frist «31.21.2024»: måned 21 finnes ikke"),
        (
            ["t-2", "status=ferdig"],
            "ukjent status «ferdig»; bruk en av: ikke startet, pågår, fullført, utsatt, avlyst",
        ),
        (
            ["t-2", "farge=rød"],
            "ukjent felt «farge»; bruk en av: text, responsible, qualifier, "
            "deadline, status, comment, budget, project_number",
        ),
        (["t-2", "text="], "tiltaket har ingen tekst"),
        (["t-2", "status"], "«status» er ikke FELT=VERDI"),
    ],
)
def test_set_rejects_bad_values_with_one_line(capsys, small_plan, args, message):
    code, out, err = run(capsys, "set", small_plan, *args)
    assert code == 1
    assert err == f"handlingsplan: {message}\n"
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN


def test_set_unknown_measure(capsys, small_plan):
    code, _, err = run(capsys, "set", small_plan, "t-999", "status=fullført")
    assert code == 1
    assert err == (
        f"handlingsplan: {small_plan}: fant ikke tiltak «t-999» (nummer som 3.2.4 eller id); "
        f"se Ref.-kolonnen i «handlingsplan list {small_plan}»\n"
    )


def bad_file(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


LATIN1 = SMALL_PLAN.replace("–", "-").replace("Målsettinger", "Mål").encode("latin-1")
CONFLICT = SMALL_PLAN.replace(
    'frist = "1. juni"', '<<<<<<< HEAD\nfrist = "1. juni"\n=======\nfrist = "2. juni"\n>>>>>>> x'
)
# check and list name the conflict's measure (issue 18); show still refuses the file.
CONFLICT_NAMED = texts.MERGE_CONFLICT_FIELD.format(
    where="1.1 Tiltak 1 «Påse at klubbene har ett…»", key="frist"
)
BAD_FILES = [
    ("tom.toml", "", 1, texts.EMPTY_FILE),
    (
        "latin1.toml",
        LATIN1,
        13,
        "er ikke gyldig UTF-8 (byte 0xe5); lagre filen som UTF-8 og prøv igjen",
    ),
    ("binær.toml", b"\x89PNG\r\n\x1a\n\x00\x00", 3, texts.BINARY_FILE),
    ("konflikt.toml", CONFLICT, 37, texts.CONFLICT_MARKER),
    (
        "syntaks.toml",
        SMALL_PLAN.replace('tittel = "Heltid"', 'tittel = "Heltid'),
        18,
        "TOML-syntaksfeil i kolonne 17: teksten mangler avsluttende anførselstegn på linjen; rett linjen og prøv igjen",
    ),
]


@pytest.mark.parametrize(("name", "content", "line", "message"), BAD_FILES)
@pytest.mark.parametrize("command", ["check", "list", "show"])
def test_bad_files_give_one_line_and_exit_1(
    capsys, tmp_path, command, name, content, line, message
):
    path = bad_file(tmp_path, name, content)
    before = path.read_bytes()
    code, out, err = run(capsys, command, path)
    assert code == 1
    if content is CONFLICT and command != "show":
        message = CONFLICT_NAMED
    if command == "check":
        assert out == f"{path}:{line}: feil: {message}\n"
    else:
        assert err == f"handlingsplan: {path}:{line}: {message}\n"
    assert "Traceback" not in out + err
    assert path.read_bytes() == before


def test_set_on_a_broken_file_is_one_line(capsys, tmp_path):
    path = bad_file(tmp_path, "tom.toml", "")
    code, out, err = run(capsys, "set", path, "t-1", "status=fullført")
    assert (code, out, err) == (1, "", f"handlingsplan: {path}:1: {texts.EMPTY_FILE}\n")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "finnes-ikke", texts.PATH_MISSING),
        (lambda p: p, texts.NO_PLANS_IN_FOLDER),
        (lambda p: (p / "x.toml").mkdir() or p / "x.toml", texts.IS_DIRECTORY),
    ],
)
def test_bad_paths(capsys, tmp_path, make, message):
    path = make(tmp_path)
    code, out, err = run(capsys, "list", path)
    assert code == 1
    assert err == f"handlingsplan: {path}: {message}\n"


def test_usage_error_is_one_line_exit_1(capsys):
    code, out, err = run(capsys, "list")
    assert code == 1
    assert err.startswith("handlingsplan: mangler: STI")
    assert err.count("\n") == 1


ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "error:")


@pytest.mark.parametrize("command", [[], ["list"], ["set"], ["import"]])
def test_help_speaks_norwegian(command):
    """argparse's own frame is translated too: no English word of it reaches the user."""
    result = subprocess.run(
        [sys.executable, "-m", "tui", *command, "--help"], capture_output=True, text=True
    )
    lines = result.stdout.splitlines()
    assert result.returncode == 0
    assert lines[0].startswith(f"bruk: handlingsplan {' '.join(command)}".rstrip())
    assert "valg:" in lines
    assert [line.split() for line in lines if "--help" in line] == [
        ["-h,", "--help", "vis", "denne", "hjelpen", "og", "avslutt"]
    ]
    assert not [line for line in lines if any(word in line for word in ARGPARSE_ENGLISH)]


def test_help_says_that_a_path_alone_opens_the_tui():
    result = subprocess.run([sys.executable, "-m", "tui", "--help"], capture_output=True, text=True)
    assert "Uten kommando åpner «handlingsplan [STI]» planene i STI" in " ".join(
        result.stdout.split()
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["list", "plans", "--format", "xml"],
            "--format: ugyldig valg: 'xml' (velg blant 'table', 'json'); "
            "se «handlingsplan list --help»",
        ),
        (["list", "plans", "--role"], "--role: mangler en verdi; se «handlingsplan list --help»"),
        (["set", "plan.toml"], "mangler: REF, FELT=VERDI; se «handlingsplan set --help»"),
    ],
)
def test_argparse_errors_are_norwegian_lines(capsys, args, line):
    code, out, err = run(capsys, *args)
    assert (code, err) == (1, f"handlingsplan: {line}\n")


def test_bad_date_option(capsys, small_plan):
    code, _, err = run(capsys, "list", small_plan, "--due-before", "snart")
    assert (code, err) == (1, f"handlingsplan: {texts.BAD_DATE.format(text='snart')}\n")


def test_import_refuses_to_overwrite(capsys, tmp_path):
    source = SEEDS / "000_bd92058c9d28d601.txt"
    target = tmp_path / "plan.toml"
    target.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "import", source, "-o", target)
    assert (code, err) == (1, f"handlingsplan: {target}: {texts.OUTPUT_EXISTS}\n")
    assert target.read_text(encoding="utf-8") == "x"


def test_unreadable_folder_is_one_line(capsys, tmp_path, monkeypatch):
    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", denied)
    code, out, err = run(capsys, "check", tmp_path)
    assert (code, out, err) == (1, "", f"handlingsplan: {tmp_path}: ingen tilgang\n")


def test_symlink_loop_is_one_line(capsys, tmp_path):
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    code, out, err = run(capsys, "list", loop)
    assert code == 1
    assert (
        err
        == f"handlingsplan: {loop}: kan ikke leses (for mange nivåer av symbolske lenker; en lenke peker kanskje på seg selv)\n"
    )


# --- one door for every change; outputs that never destroy (issue 12) ----------------------


def output_targets(tmp_path, plan):
    """Every kind of path `-o` must refuse, made the way a user ends up with them."""
    alias = tmp_path / "alias.toml"
    alias.symlink_to(plan.name)
    hard = tmp_path / "hard.toml"
    os.link(plan, hard)
    other = tmp_path / "other.toml"
    other.write_text(SMALL_PLAN.replace("Testby", "Annen by"), encoding="utf-8")
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.md"
    folder.mkdir()
    return {
        "itself": (plan, texts.OUTPUT_IS_INPUT),
        "itself via symlink": (alias, texts.OUTPUT_IS_INPUT),
        "itself via hard link": (hard, texts.OUTPUT_IS_INPUT),
        "another plan": (other, texts.OUTPUT_IS_PLAN),
        "a FIFO": (fifo, texts.OUTPUT_NOT_REGULAR),
        "a folder": (folder, texts.OUTPUT_NOT_REGULAR),
        "a device": (Path("/dev/null"), texts.OUTPUT_NOT_REGULAR),
    }


TARGET_KINDS = [
    "itself",
    "itself via symlink",
    "itself via hard link",
    "another plan",
    "a FIFO",
    "a folder",
    "a device",
]


def folder_state(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.is_fifo()}


@pytest.mark.parametrize("kind", TARGET_KINDS)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_export_output_never_destroys(capsys, small_plan, kind, fmt):
    target, message = output_targets(small_plan.parent, small_plan)[kind]
    before = folder_state(small_plan.parent)
    code, out, err = run(capsys, "export", small_plan, "--format", fmt, "-o", target)
    assert (code, out, err) == (1, "", f"handlingsplan: {target}: {message}\n")
    assert folder_state(small_plan.parent) == before


def test_export_output_replaces_an_earlier_export(capsys, small_plan):
    target = small_plan.parent / "plan.md"
    target.write_text("# forrige eksport\n", encoding="utf-8")
    _, expected, _ = run(capsys, "export", small_plan)
    code, out, err = run(capsys, "export", small_plan, "-o", target)
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8") == expected


def test_export_of_a_folder_refuses_each_of_its_plans(capsys, plans_copy):
    target = plans_copy / "follo-2023.toml"
    before = target.read_bytes()
    code, _, err = run(capsys, "export", plans_copy, "-o", target)
    assert (code, err) == (1, f"handlingsplan: {target}: {texts.OUTPUT_IS_INPUT}\n")
    assert target.read_bytes() == before


@pytest.mark.parametrize("force", [False, True])
@pytest.mark.parametrize("kind", ["itself", "itself via symlink", "a FIFO", "a folder", "a device"])
def test_import_output_never_destroys(capsys, tmp_path, kind, force):
    source = tmp_path / "plan.txt"
    source.write_text((SEEDS / "000_bd92058c9d28d601.txt").read_text(encoding="utf-8"))
    target, message = output_targets(tmp_path, source)[kind]
    before = folder_state(tmp_path)
    code, out, err = run(capsys, "import", source, "-o", target, *(["--force"] if force else []))
    assert (code, out, err) == (1, "", f"handlingsplan: {target}: {message}\n")
    assert folder_state(tmp_path) == before


def test_import_force_may_replace_another_plan(capsys, small_plan):
    source = SEEDS / "000_bd92058c9d28d601.txt"
    code, _, err = run(capsys, "import", source, "-o", small_plan)
    assert (code, err) == (1, f"handlingsplan: {small_plan}: {texts.OUTPUT_EXISTS}\n")
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN
    code, _, err = run(capsys, "import", source, "-o", small_plan, "--force")
    assert code == 0 and err.startswith(f"{small_plan}: ")
    assert "Teknisk" in small_plan.read_text(encoding="utf-8")


def test_import_help_says_what_force_overwrites(capsys):
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert "også en plan (aldri FIL selv" in " ".join(capsys.readouterr().out.split())


# Structural mistakes (each blocks editing) and others (which do not), as text edits of
# SMALL_PLAN, so that line numbers are those a user sees. t-2 is never touched: it is edited.
OTHER_IDS = ["k-1", "s-1", "b-1", "t-1", "t-3", "s-2", "t-4"]
MUTATIONS = st.one_of(
    st.tuples(st.just("duplicate"), st.sampled_from(OTHER_IDS), st.sampled_from(OTHER_IDS)),
    st.tuples(st.just("drop id"), st.sampled_from(OTHER_IDS)),
    st.tuples(st.just("blank id"), st.sampled_from(OTHER_IDS), st.sampled_from(['""', '"  "'])),
    st.tuples(st.just("nest in measure"), st.sampled_from(["t-1", "t-3", "t-4"])),
    st.tuples(st.just("measures not tables"), st.just("k-1")),
    st.tuples(st.just("bad status"), st.sampled_from(["t-1", "t-4"])),
    st.tuples(st.just("unknown key"), st.sampled_from(OTHER_IDS)),
)


def mutate(text: str, mutation) -> str:
    kind, record = mutation[0], mutation[1]
    line = f'id = "{record}"\n'
    if line not in text:  # dropped or changed by an earlier mutation
        return text
    start = text.index(line)
    end = text.find("\n[[", start) + 1 or len(text)  # the record's own lines
    own = text[start:end]
    if kind == "duplicate":
        own = own.replace(line, f'id = "{mutation[2]}"\n')
    elif kind == "drop id":
        own = own.replace(line, "")
    elif kind == "blank id":
        own = own.replace(line, f"id = {mutation[2]}\n")
    elif kind == "bad status":
        own = own.replace('status = ""', 'status = "ferdig"')
    elif kind == "nest in measure":
        own += f'\n[[kapittel.seksjon.tiltak.seksjon]]\nid = "n-{record}"\ntittel = "Inni"\n\n'
    elif kind == "measures not tables" and "tiltak =" not in own:
        own = own.replace(line, line + 'tiltak = "se vedlegg"\n')
    elif kind == "unknown key" and "farge =" not in own:
        own = own.replace(line, line + 'farge = "rød"\n')
    mutated = text[:start] + own + text[end:]
    try:
        tomllib.loads(mutated)
    except tomllib.TOMLDecodeError:  # e.g. a nested table under what is now a chapter
        return text
    return mutated


@settings(max_examples=examples(150), deadline=None)
@given(mutations=st.lists(MUTATIONS, max_size=3))
def test_set_and_the_tui_refuse_exactly_the_plans_check_finds_structural_errors_in(mutations):
    """The one door: the CLI's `set` and a TUI edit refuse a plan with exactly the finding that
    `check` reports as making edits unsafe (missing or duplicate ids, records that are not
    tables), one line naming its file and line; any other plan is edited."""
    from tui.actions.check import blocking, check_file
    from tui.actions.workspace import Workspace

    text = SMALL_PLAN
    for mutation in mutations:
        text = mutate(text, mutation)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.toml"
        path.write_text(text, encoding="utf-8")
        findings = blocking(check_file(path))
        workspace = Workspace.open([path])
        try:
            workspace.set_fields(workspace.plans[0], "t-2", {"status": "pågår"})
            tui_refusal = None
        except fields.EditError as error:
            tui_refusal = str(error)
        code = main(["set", str(path), "t-2", "status=pågår"])
        after = path.read_text(encoding="utf-8")
    if findings:
        first = findings[0]
        expected = f"{path}:{first.line}: {texts.PLAN_HAS_ERRORS.format(first=first.message)}"
        assert (code, tui_refusal) == (1, expected)
        assert after == text
    else:
        assert (code, tui_refusal) == (0, None)
        assert changed_lines(text, after) == (['status = ""'], ['status = "pågår"'])


# --- a plan that does not parse is still a plan (issue 17) ----------------------------------


def broken_plans(folder):
    """Plans a user has while mid-merge or mid-edit; none of them loads."""
    conflicted = SMALL_PLAN.replace(
        'tittel = "Heltid"\n',
        '<<<<<<< HEAD\ntittel = "Heltid"\n=======\ntittel = "Full tid"\n>>>>>>> annen\n',
    )
    named = {
        "conflict.toml": conflicted,
        "typo.toml": SMALL_PLAN.replace('avdeling = "999"', "avdeling = "),
        "plan-table.txt": SMALL_PLAN.replace("format = 1\n", "").replace('"999"', "999 999"),
        "format-first.bak": "format = 1\n[plan\n",
    }
    paths = []
    for name, text in named.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("command", ["export", "report", "calendar"])
def test_output_never_overwrites_a_plan_that_does_not_parse(capsys, small_plan, command):
    for target in broken_plans(small_plan.parent):
        before = target.read_bytes()
        code, out, err = run(capsys, command, small_plan, "-o", target)
        assert (code, out, err) == (1, "", f"handlingsplan: {target}: {texts.OUTPUT_IS_PLAN}\n")
        assert target.read_bytes() == before


VALID_ARGUMENTS = {
    "set": ["x.toml", "a", "b=c"],
    "add": ["x.toml", "3.2", "text=x"],
    "meta": ["x.toml", "title=x"],
    "next-period": ["x.toml", "--period", "2026"],
    "diff": ["a.toml", "b.toml"],
    "merge": ["base.toml", "ours.toml", "theirs.toml"],
    "log": ["x.toml", "3.2.1"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_unknown_option_points_at_the_subcommands_help(capsys, command):
    arguments = VALID_ARGUMENTS.get(command, ["x.toml"])
    code, out, err = run(capsys, command, *arguments, "--bogus")
    assert (code, out) == (1, "")
    assert err == (
        f"handlingsplan: ukjente argumenter: --bogus; se «handlingsplan {command} --help»\n"
    )


@pytest.mark.parametrize("command", ["list", "export", "calendar"])
@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("fullfort", "ukjent status «fullfort» i --status; mente du «fullført»?"),
        ("Pågårr", "ukjent status «Pågårr» i --status; mente du «pågår»?"),
        (
            "bogus",
            "ukjent status «bogus»; bruk en av: ikke startet, pågår, fullført, utsatt, avlyst",
        ),
    ],
)
def test_unknown_status_filter_is_an_error(capsys, small_plan, command, status, message):
    code, out, err = run(capsys, command, small_plan, "--status", "pågår", "--status", status)
    assert (code, out, err) == (1, "", f"handlingsplan: {message}\n")


@pytest.mark.parametrize("command", ["list", "export", "calendar"])
def test_known_status_in_any_case_is_accepted(capsys, small_plan, command):
    # A status some measure with a dated deadline has: an export that matches nothing is an
    # error (issue 15), and so is a calendar with no event.
    assert run(capsys, "set", small_plan, "t-1", "status=pågår")[0] == 0
    code, _, err = run(capsys, command, small_plan, "--status", " PÅGÅR ")
    assert code == 0, err


@pytest.mark.parametrize("command", ["report", "calendar"])
def test_one_plan_commands_say_so_and_refuse_a_folder(capsys, plans_copy, command):
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert f"| `handlingsplan {command} PLAN " in readme
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "\n  PLAN                  én planfil (ikke en mappe)\n" in capsys.readouterr().out
    code, out, err = run(capsys, command, plans_copy)
    assert (code, out) == (1, "")
    assert err == f"handlingsplan: {plans_copy}: er en mappe, ikke en planfil; oppgi en .toml-fil\n"


def test_output_cut_short_by_its_reader_is_no_error_message(tmp_path):
    """`handlingsplan list … | head -1`: the command stops quietly when the pipe closes."""
    from tests.benchmarks.workload import generate, write_toml

    plan = tmp_path / "stor.toml"
    write_toml(generate(2000), plan)  # more than a pipe holds
    command = [sys.executable, "-m", "tui", "list", str(plan)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline().count(b"\t") == 4  # a measure's row
    process.stdout.close()
    assert process.stderr.read() == b""
    assert process.wait() == 1


def test_a_command_with_its_output_closed_ends_without_a_traceback():
    """`handlingsplan check PLAN >&-`: Python sets sys.stdout to None; the quick exit must
    not flush it."""
    plan = str(Path(__file__).resolve().parents[1] / "plans" / "oslo-2024.toml")
    for closed in ({"stdout": subprocess.DEVNULL}, {"stderr": subprocess.DEVNULL}):
        stream = "stdout" if "stdout" in closed else "stderr"
        script = f"import os, sys, runpy; os.close(sys.{stream}.fileno()); sys.{stream} = None; "
        script += f"sys.argv = ['handlingsplan', 'check', {plan!r}]; runpy.run_module('tui')"
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        assert "Traceback" not in done.stderr + done.stdout
        assert done.returncode == 0
