"""The bad-input corpus (tests/data/bad/ plus a few generated at test time) through every
entry point: one clear line with file and line, exit 1 (0 where the file is fine), no
traceback, and no change to the file."""

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.actions.workspace import open_workspace
from tui.cli import main
from tui.domain.filters import Filter, rows_for, select
from tui.domain.textkey import status_key
from tui.store.storage import load
from tui.ui.app import HandlingsplanApp

from .conftest import PLANS, ROOT, SMALL_PLAN, changed_lines, examples

BAD = ROOT / "tests" / "data" / "bad"

# file -> (kind, what check prints first). kind "load": no command can read the file and
# every one prints this line; "error": the file loads, check reports this error; "ok": the
# file is fine (check exits 0), with this warning or none.
EXPECTED = {
    "bare-kommentarer.toml": (
        "load",
        "1: mangler [plan]-tabellen med organisasjon, tittel og periode",
    ),
    "binær.toml": ("load", "3: ser ut som en binærfil, ikke en plan i TOML; åpne riktig fil"),
    "bom.toml": ("ok", ""),
    "crlf.toml": ("ok", ""),
    "dato-finnes-ikke-31-02.toml": (
        "error",
        "37: feil: ugyldig frist «31.02.2024»: februar 2024 har ikke dag 31",
    ),
    "dato-maned-21.toml": ("error", "37: feil: ugyldig frist «31.21.2021»: måned 21 finnes ikke"),
    "doble-id-er.toml": (
        "error",
        "55: feil: id «t-2» er brukt før (linje 44); hver id skal være unik",
    ),
    "feil-type-tabell-for-liste.toml": (
        "error",
        "46: feil: «ansvar» i tiltak skal være en liste med roller, men er en tabell",
    ),
    "feil-type-tall-for-tekst.toml": (
        "error",
        "56: feil: «tekst» i tiltak skal være tekst, men er et tall",
    ),
    "feil-type-tekst-for-tiltak.toml": (
        "error",
        "69: feil: «tiltak» i seksjon skal være tabeller ([[…tiltak]]), men er tekst",
    ),
    "frist-aar-0-iso.toml": (
        "error",
        "37: feil: ugyldig frist «0000-06-01»: år 0 finnes ikke i kalenderen (bruk et år fra 1 til 9999)",
    ),
    "frist-aar-0-maaned.toml": (
        "error",
        "37: feil: ugyldig frist «oktober 0000»: år 0 finnes ikke i kalenderen (bruk et år fra 1 til 9999)",
    ),
    "frist-aar-0-punktum.toml": (
        "error",
        "37: feil: ugyldig frist «31.12.0000»: år 0 finnes ikke i kalenderen (bruk et år fra 1 til 9999)",
    ),
    "frist-aar-10000.toml": (
        "error",
        "37: feil: ugyldig frist «1. juni 10000»: år 10000 finnes ikke i kalenderen (bruk et år fra 1 til 9999)",
    ),
    "frist-utenfor-perioden.toml": (
        "ok",
        "37: advarsel: fristen «01.07.2020» (1. juli 2020) ligger utenfor planperioden 2024–2025",
    ),
    "kapittel-inne-i-tiltak.toml": (
        "error",
        "81: feil: «seksjon» kan ikke stå i et tiltak; seksjoner og kapitler kan ikke ligge inne i et tiltak",
    ),
    "konfliktmarkorer.toml": (
        "load",
        "48: git-konfliktmarkør; løs konflikten (git mergetool) før planen kan åpnes",
    ),
    "latin1.toml": (
        "load",
        "13: er ikke gyldig UTF-8 (byte 0xe5); lagre filen som UTF-8 og prøv igjen",
    ),
    "mangler-id.toml": (
        "error",
        "54: feil: tiltak mangler id; legg til en unik id som første felt",
    ),
    "mangler-plan-tabell.toml": (
        "load",
        "1: mangler [plan]-tabellen med organisasjon, tittel og periode",
    ),
    "nul-byte-midt-i.toml": (
        "load",
        "67: ser ut som en binærfil, ikke en plan i TOML; åpne riktig fil",
    ),
    "periode-aar-0.toml": (
        "error",
        "8: feil: perioden «0000» har et årstall som ikke finnes (bruk et år fra 1 til 9999)",
    ),
    "periode-uten-aar.toml": (
        "error",
        "8: feil: perioden «neste år» har ikke noe årstall (skriv f.eks. 2024–2025)",
    ),
    "syntaks-dobbel-nokkel.toml": (
        "load",
        "38: TOML-syntaksfeil i kolonne 18: en verdi står to ganger; rett linjen og prøv igjen",
    ),
    "syntaks-mangler-likhetstegn.toml": (
        "load",
        "18: TOML-syntaksfeil i kolonne 8: mangler «=» etter feltnavnet; rett linjen og prøv igjen",
    ),
    "syntaks-nokkel-uten-verdi.toml": (
        "load",
        '38: TOML-syntaksfeil i kolonne 9: ugyldig verdi (en tekst står i rette anførselstegn: "); rett linjen og prøv igjen',
    ),
    "syntaks-toml11-escape-e.toml": (
        "load",
        "45: TOML-syntaksfeil i kolonne 22: en «\\» i en tekst må skrives «\\\\»; rett linjen og prøv igjen",
    ),
    "syntaks-toml11-inline-tabell.toml": (
        "load",
        "36: TOML-syntaksfeil i kolonne 11: ugyldig tegn først i et feltnavn; rett linjen og prøv igjen",
    ),
    "syntaks-uavsluttet-liste.toml": (
        "load",
        '83: TOML-syntaksfeil i kolonne 19: ugyldig verdi (en tekst står i rette anførselstegn: "); rett linjen og prøv igjen',
    ),
    "syntaks-uavsluttet-streng.toml": (
        "load",
        "18: TOML-syntaksfeil i kolonne 17: teksten mangler avsluttende anførselstegn på linjen; rett linjen og prøv igjen",
    ),
    "syntaks-ugyldig-dato-literal.toml": (
        "load",
        "9: TOML-syntaksfeil i kolonne 15: ventet linjeskift etter verdien; rett linjen og prøv igjen",
    ),
    "syntaks-ugyldig-escape.toml": (
        "load",
        "45: TOML-syntaksfeil i kolonne 22: en «\\» i en tekst må skrives «\\\\»; rett linjen og prøv igjen",
    ),
    "tiltak-uten-tekst.toml": ("ok", "56: advarsel: tiltaket har ingen tekst"),
    "tom.toml": (
        "load",
        "1: filen er tom; en plan trenger minst en [plan]-tabell (se docs/format.md)",
    ),
    "ukjent-formatversjon.toml": (
        "load",
        "2: formatversjon 99 er ukjent; denne versjonen leser format 1",
    ),
    "ukjent-innholdstype.toml": (
        "error",
        "23: feil: ukjent innholdstype «bilde»; bruk en av: tekst, liste, mål, tabell, kalender",
    ),
    "ukjent-rolle.toml": (
        "ok",
        "35: advarsel: ukjent rolle «Kokken»; legg den til i rollelisten eller rett stavingen",
    ),
    "ukjent-status.toml": (
        "error",
        "60: feil: ukjent status «ferdig»; bruk en av: ikke startet, pågår, fullført, utsatt, avlyst",
    ),
    "ukjente-felt.toml": ("ok", "38: advarsel: ukjent felt «prioritet» i tiltak (beholdes)"),
}


def generated(tmp_path: Path) -> dict[str, tuple[Path, str, str]]:
    """Inputs too big or too odd to commit: name -> (path, kind, first line)."""
    tmp_path = tmp_path / "generated"
    if tmp_path.exists():
        shutil.rmtree(tmp_path)
    tmp_path.mkdir()
    deep = tmp_path / "dypt-nostet.toml"
    deep.write_text(SMALL_PLAN + "dyp = " + "[" * 10000 + "]" * 10000 + "\n", encoding="utf-8")
    huge = tmp_path / "5mb-i-ett-felt.toml"
    long_text = ("Lang tekst med æøå. " * 50 + "\n") * 5000
    huge.write_text(
        SMALL_PLAN.replace('tekst = "Klarlegge vervemålene"', f'tekst = """\n{long_text}"""'),
        encoding="utf-8",
    )
    folder = tmp_path / "x.toml"
    folder.mkdir()
    loop = tmp_path / "lokke.toml"
    loop.symlink_to(loop)
    return {
        "dypt-nostet.toml": (
            deep,
            "load",
            "80: for dypt nøstede lister eller tabeller; filen er ikke en plan",
        ),
        "5mb-i-ett-felt.toml": (huge, "ok", ""),
        "x.toml": (folder, "load", "er en mappe, ikke en planfil; oppgi en .toml-fil"),
        "lokke.toml": (
            loop,
            "load",
            "kan ikke leses (for mange nivåer av symbolske lenker; en lenke peker kanskje på seg selv)",
        ),
    }


def test_corpus_is_complete():
    assert sorted(p.name for p in BAD.glob("*.toml")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 30


def cases(tmp_path: Path):
    """Copies of the corpus (a command that succeeds may write its file) and the generated."""
    copies = tmp_path / "bad"
    copies.mkdir(exist_ok=True)
    for name, (kind, line) in EXPECTED.items():
        copy = copies / name
        copy.write_bytes((BAD / name).read_bytes())
        yield copy, kind, line
    yield from generated(tmp_path).values()


def where(path: Path, line: str) -> str:
    return f"{path}:{line}" if line[:1].isdigit() else f"{path}: {line}"


CONFLICT_NAMED = (
    "48: git-konflikt i 1.1 Tiltak 2 «Klarlegge vervemålene», feltet frist "
    "(velg én side og fjern markørene)"
)


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def snapshot(path: Path):
    return path.read_bytes() if path.is_file() else None


def test_check(capsys, tmp_path):
    for path, kind, line in cases(tmp_path):
        before = snapshot(path)
        code, out, err = run(capsys, "check", path)
        if path.name == "konfliktmarkorer.toml":  # check names the conflict (issue 18)
            line = CONFLICT_NAMED
        if kind == "load":
            message = line.split(": ", 1)[1] if line[:1].isdigit() else line
            number = line.split(":", 1)[0] if line[:1].isdigit() else ""
            expected = f"{path}:{number}: feil: {message}" if number else f"{path}: feil: {line}"
            assert (code, out.splitlines()) == (1, [expected]), path.name
        elif kind == "error":
            assert code == 1, path.name
            assert out.splitlines()[0] == f"{path}:{line}", path.name
        else:
            assert code == 0, (path.name, out)
            assert out.splitlines()[:1] == ([f"{path}:{line}"] if line else []), path.name
        assert snapshot(path) == before


@pytest.mark.parametrize("command", [["list"], ["export"], ["export", "--profile", "ssg"]])
def test_list_and_export(capsys, tmp_path, command):
    for path, kind, line in cases(tmp_path):
        before = snapshot(path)
        code, out, err = run(capsys, *command, path)
        if path.name == "konfliktmarkorer.toml" and command == ["list"]:
            line = CONFLICT_NAMED  # list names the conflict (issue 18); export refuses the file
        if kind == "load":
            assert (code, err) == (1, f"handlingsplan: {where(path, line)}\n"), path.name
        else:
            assert (code, err) == (0, ""), path.name
        assert snapshot(path) == before


def test_set(capsys, tmp_path):
    for path, kind, line in cases(tmp_path):
        before = snapshot(path)
        code, out, err = run(capsys, "set", path, "t-1", "status=fullført")
        assert err.count("\n") == 1, (path.name, err)
        if kind == "load":
            assert (code, err) == (1, f"handlingsplan: {where(path, line)}\n"), path.name
        if code == 1:
            assert snapshot(path) == before, path.name
            assert str(path) in err
        else:
            assert err == f"lagret {path}\n"


async def test_opening_in_the_tui(tmp_path):
    for path, kind, line in cases(tmp_path):
        app = HandlingsplanApp(
            open_workspace([str(path)]), today=date(2024, 9, 1), watch_disk=False
        )
        before = snapshot(path)
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            labels = [str(n.label) for n in app.query_one("#tree").root.children]
            if kind == "load":
                assert app.workspace.plans == [], path.name
                assert labels == [f"⚠ {where(Path(path.name), line)}"], path.name
            else:
                assert labels == ["Handlingsplan 2024–2025"], path.name
        assert snapshot(path) == before


@pytest.mark.parametrize("command", ["list", "export"])
@pytest.mark.parametrize(
    "option", ["--due-before", "--due-after", "--role", "--status", "--text", "--today"]
)
@pytest.mark.parametrize("value", ["", " ", "\t"])
def test_an_empty_filter_value_is_an_error(capsys, small_plan, command, option, value):
    assert run(capsys, command, small_plan, option, value) == (
        1,
        "",
        f"handlingsplan: {option} er gitt uten verdi (skriv en verdi eller utelat {option})\n",
    )


# --- the same letters in another Unicode form (NFD: «å» as «a» + combining ring) ---


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_a_plan_saved_in_nfd_checks_clean_and_matches_filters_typed_in_nfc(capsys, tmp_path):
    path = tmp_path / "mac.toml"
    text = SMALL_PLAN.replace('frist = "1. mars 2025"', 'frist = "vår 2025"')
    text = text.replace('ansvar = ["Nestleder"]', 'ansvar = ["Kåre Åsen"]', 1)
    path.write_bytes(nfd(text).encode("utf-8"))
    assert "a\u030a" in path.read_text(encoding="utf-8")
    assert run(capsys, "check", path)[:2] == (
        0,
        f"{path}:46: advarsel: ukjent rolle «{nfd('Kåre Åsen')}»; legg den til i rollelisten eller rett stavingen\n",
    )

    def ids(*options):
        code, out, err = run(capsys, "list", path, *options, "--format", "json")
        assert (code, err) == (0, "")
        return [row["id"] for row in json.loads(out)]

    assert ids("--status", "pågår") == ["t-3"]
    assert ids("--text", "påse drøftingsmøte") == ["t-1"]
    assert ids("--role", "Kåre Åsen") == ["t-2"]
    assert ids("--due-after", "1. februar 2025", "--due-before", "1. juni 2025") == ["t-4"]
    before = path.read_text(encoding="utf-8")
    assert run(capsys, "set", path, "t-3", "status=fullført") == (0, "", f"lagret {path}\n")
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == ([nfd('status = "pågår"')], ['status = "fullført"'])


def test_filters_typed_in_nfd_match_a_plan_in_nfc(capsys, tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text(
        SMALL_PLAN.replace('ansvar = ["Nestleder"]', 'ansvar = ["Kåre Åsen"]', 1), encoding="utf-8"
    )

    def ids(*options):
        code, out, err = run(capsys, "list", path, *map(nfd, options), "--format", "json")
        assert (code, err) == (0, "")
        return [row["id"] for row in json.loads(out)]

    assert ids("--status", "Pågår") == ["t-3"]
    assert ids("--text", "PÅSE") == ["t-1"]
    assert ids("--role", "kåre åsen") == ["t-2"]
    assert ids("--due-before", "1. januar 2025", "--due-after", "vår 2024") == ["t-1", "t-2"]
    assert run(capsys, "set", path, "t-3", nfd("status=pågår")) == (
        0,
        "",
        f"ingen endringer i {path}\n",
    )
    assert run(capsys, "set", path, "t-2", nfd("status=Pågår"))[0] == 0
    assert changed_lines(SMALL_PLAN, path.read_text(encoding="utf-8"))[1] == [
        'ansvar = ["Kåre Åsen"]',
        'status = "pågår"',
    ]


def test_an_id_in_another_unicode_form_is_the_same_id(capsys, tmp_path):
    path = tmp_path / "plan.toml"
    text = SMALL_PLAN.replace('id = "t-1"', 'id = "t-å"').replace('id = "t-2"', nfd('id = "t-å"'))
    path.write_text(text, encoding="utf-8")
    assert run(capsys, "check", path)[:2] == (
        1,
        f"{path}:44: feil: id «{nfd('t-å')}» er brukt før (linje 31); hver id skal være unik\n",
    )
    path.write_text(SMALL_PLAN.replace('id = "t-1"', 'id = "t-å"'), encoding="utf-8")
    assert run(capsys, "set", path, nfd("t-å"), "status=utsatt") == (0, "", f"lagret {path}\n")


@functools.cache
def shipped_rows(form: str) -> list:
    """The shipped plans' rows, read from a copy saved in this Unicode form."""
    folder = Path(tempfile.mkdtemp(prefix=f"plans-{form}-"))
    rows = []
    for source in sorted(PLANS.glob("*.toml")):
        copy = folder / source.name
        copy.write_bytes(unicodedata.normalize(form, source.read_text("utf-8")).encode("utf-8"))
        rows += rows_for(load(copy, editing=False).plan, source.name)
    return rows


def changed_by_nfd(text: str) -> bool:
    return nfd(text) != text


@settings(max_examples=examples(200), deadline=None)
@given(st.data())
def test_every_filter_matches_the_same_measures_in_either_unicode_form(data):
    """A measure of the shipped plans, and a filter made of its own words, role and status."""
    rows = [r for r in shipped_rows("NFC") if any(map(changed_by_nfd, r.haystack.split()))]
    row = data.draw(st.sampled_from(rows))
    word = data.draw(st.sampled_from([w for w in row.haystack.split() if changed_by_nfd(w)]))
    role = data.draw(st.sampled_from(row.responsible) if row.responsible else st.none())
    status = status_key(row.measure.status)
    if data.draw(st.booleans()):
        word = word.upper()

    def found(form: str, typed) -> list:
        criteria = Filter(
            text=typed(word),
            roles=[typed(role)] if role else [],
            statuses=[typed(status)] if status else [],
        )
        return [(r.plan_path, r.measure.id) for r in select(shipped_rows(form), criteria)]

    expected = found("NFC", str)
    assert (row.plan_path, row.measure.id) in expected
    for form in ("NFC", "NFD"):
        for typed in (nfd, functools.partial(unicodedata.normalize, "NFC")):
            assert found(form, typed) == expected


# --- command-line arguments that are not UTF-8 (bytes Python hands over as surrogates) ---

HANDLINGSPLAN = Path(sys.executable).parent / "handlingsplan"
NOT_UTF8 = (
    "handlingsplan: argumentet «{}» er ikke gyldig UTF-8 (skriv det i UTF-8; en fil med et "
    "navn som ikke er UTF-8, må få nytt navn)\n"
)


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        ([b"list", b"\xff"], "\ufffd"),
        ([b"check", b"\xff.toml"], "\ufffd.toml"),  # the file exists
        ([b"\xff.toml"], "\ufffd.toml"),  # the TUI
        ([b"list", b"plan.toml", b"--role", b"Leder\xe6"], "Leder\ufffd"),
        ([b"export", b"plan.toml", b"--text=p\xe5se"], "--text=p\ufffdse"),
        ([b"list", b"plan.toml", b"--due-before", b"1. juni \xff"], "1. juni \ufffd"),
        ([b"set", b"plan.toml", b"t-1", b"comment=\xc3"], "comment=\ufffd"),
        ([b"import", b"plan\xff.md"], "plan\ufffd.md"),
    ],
)
def test_an_argument_that_is_not_utf8_is_one_line(tmp_path, args, shown):
    (tmp_path / "plan.toml").write_text(SMALL_PLAN, encoding="utf-8")
    (tmp_path / os.fsdecode(b"\xff.toml")).write_text(SMALL_PLAN, encoding="utf-8")
    result = subprocess.run(
        [HANDLINGSPLAN, *args],
        cwd=tmp_path,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (1, b"")
    assert result.stderr.decode("utf-8") == NOT_UTF8.format(shown)
    assert (tmp_path / "plan.toml").read_text(encoding="utf-8") == SMALL_PLAN
