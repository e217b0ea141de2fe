"""`handlingsplan diff`: differences in words, on the command line and as git's external diff."""

from __future__ import annotations

from tests.conftest import SMALL_PLAN
from tests.gitrepo import git, make_repo, set_fields
from tui import texts
from tui.actions.workspace import Workspace
from tui.cli import main
from tui.store.storage import load, save

T1 = "1.1 Tiltak 1 «Påse at klubbene har ett…»"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def versions(tmp_path, new_text: str):
    old, new = tmp_path / "gammel.toml", tmp_path / "ny.toml"
    old.write_text(SMALL_PLAN, encoding="utf-8")
    new.write_text(new_text, encoding="utf-8")
    return old, new


def test_field_changes_name_the_measure_and_the_start_of_its_text(capsys, tmp_path):
    old, new = versions(tmp_path, SMALL_PLAN)
    set_fields(new, "t-1", "deadline=1. august", "responsible=Styret, Leder")
    capsys.readouterr()
    assert run(capsys, "diff", old, new) == (
        0,
        f"{T1}: Ansvar Styret → Styret, Leder\n{T1}: Frist 1. juni → 1. august\n",
        "",
    )


def test_new_moved_and_deleted_measures(capsys, tmp_path):
    old, new = versions(tmp_path, SMALL_PLAN)
    workspace = Workspace.open([new])
    loaded = workspace.plans[0]
    added = workspace.add_measure(loaded, "s-2", "t-4")
    workspace.set_fields(loaded, added, {"text": "Verve tjue nye medlemmer i barnehagene"})
    workspace.move_measure(loaded, "t-3", -1)
    workspace.delete_measure(loaded, "t-4")
    workspace.save(loaded)
    assert run(capsys, "diff", old, new)[1].splitlines() == [
        "Tiltak «Kreve tariffavtaler» flyttet fra 1.1 Tiltak 3 til 1.1 Tiltak 2",
        "1.2 nytt tiltak «Verve tjue nye medlemmer i…»",
        "1.2 Tiltak 1 «Verve opp NHO 521 området»: slettet",
    ]


def test_a_measure_moved_to_another_section(capsys, tmp_path):
    old, new = versions(tmp_path, SMALL_PLAN)
    loaded = load(new)
    loaded.before_edit()
    measure = loaded.plan.find_measure("t-3")
    measure.section.section.measures.remove(measure.measure)
    loaded.plan.find_section("s-2").section.measures.append(measure.measure)
    save(loaded)
    assert run(capsys, "diff", old, new)[1] == (
        "Tiltak «Kreve tariffavtaler» flyttet fra 1.1 til 1.2\n"
    )


def test_prose_is_a_word_diff(capsys, tmp_path):
    longer = (
        "Påse at klubbene har ett drøftingsmøte om bruk av deltid i hver virksomhet, "
        "og at referatet sendes styret innen fristen."
    )
    edited = longer.replace("hver virksomhet", "alle virksomheter").replace("styret ", "")
    old_text = SMALL_PLAN.replace(
        '"""\nPåse at klubbene har ett drøftingsmøte\nom bruk av deltid."""', f'"{longer}"'
    )
    old, new = versions(tmp_path, old_text.replace(longer, edited))
    old.write_text(old_text, encoding="utf-8")
    assert run(capsys, "diff", old, new)[1] == (
        "1.1 Tiltak 1 «Påse at klubbene har ett…»: Tekst av deltid i [-hver virksomhet,-] "
        "{+alle virksomheter,+} og at referatet sendes [-styret-] innen fristen.\n"
    )


def test_a_version_that_is_not_a_plan_gets_a_plain_diff_with_a_note(capsys, tmp_path):
    old, new = versions(tmp_path, SMALL_PLAN.replace('frist = "1. juni"', "frist = 1. juni"))
    code, out, err = run(capsys, "diff", old, new)
    note = texts.DIFF_NOT_A_PLAN.format(
        error=f"{new}:37: TOML-syntaksfeil i kolonne 10: ventet linjeskift etter verdien; "
        "rett linjen og prøv igjen"
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == note
    assert lines[1:3] == [f"--- a/{old}", f"+++ b/{new}"]
    assert [line for line in lines[3:] if line[:1] in "+-"] == [
        '-frist = "1. juni"',
        "+frist = 1. juni",
    ]


def test_missing_file_and_wrong_argument_count_are_one_line(capsys, tmp_path):
    missing = tmp_path / "finnes-ikke.toml"
    assert run(capsys, "diff", missing, missing) == (
        1,
        "",
        f"handlingsplan: {missing}: {texts.PATH_MISSING}\n",
    )
    usage = texts.USAGE_ERROR.format(message=texts.DIFF_ARGUMENTS, program="handlingsplan diff")
    assert run(capsys, "diff", missing) == (1, "", f"handlingsplan: {usage}\n")


def test_git_diff_and_log_p_show_the_change_in_words(tmp_path):
    plan = make_repo(tmp_path, SMALL_PLAN)
    set_fields(plan, "t-2", "deadline=1. mars", "status=pågår")
    expected = (
        "Endringer i plan.toml:\n"
        "1.1 Tiltak 2 «Klarlegge vervemålene»: Frist 1. desember → 1. mars\n"
        "1.1 Tiltak 2 «Klarlegge vervemålene»: Status (tom) → pågår\n"
    )
    assert git(tmp_path, "diff").stdout == expected
    git(tmp_path, "commit", "-q", "-am", "Ny frist")
    # git log runs an external diff only when asked (--ext-diff); the README shows it so
    log = git(tmp_path, "log", "-p", "--ext-diff", "-1", "--format=%s").stdout
    assert log == "Ny frist\n\n" + expected
    # the first commit adds the file: git passes /dev/null for the old side
    first = git(tmp_path, "log", "-p", "--ext-diff", "--format=", "--reverse", "--", "plan.toml")
    first = first.stdout
    assert first.startswith("Endringer i plan.toml:\nPlan: organisasjon (tom) → Fagforbundet")


def test_plain_hunks_name_the_record(tmp_path):
    plan = make_repo(tmp_path, SMALL_PLAN)
    set_fields(plan, "t-3", "status=fullført")
    hunk = next(
        line
        for line in git(tmp_path, "diff", "--no-ext-diff").stdout.splitlines()
        if line.startswith("@@")
    )
    assert hunk.endswith('@@ id = "t-3"')


def test_git_diff_of_a_broken_working_copy_falls_back(tmp_path):
    plan = make_repo(tmp_path, SMALL_PLAN)
    plan.write_text(SMALL_PLAN + "[[kapittel\n", encoding="utf-8")
    result = git(tmp_path, "diff")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Endringer i plan.toml:"
    assert lines[1].startswith("handlingsplan: ") and lines[1].endswith("; viser vanlig linjediff")
    assert lines[-1] == "+[[kapittel"


def test_a_binary_version_is_a_note_and_a_plain_diff_not_an_error(capsys, tmp_path):
    old, new = versions(tmp_path, "")
    new.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, out, err = run(capsys, "diff", old, new)
    assert (code, err) == (0, "")
    note = texts.DIFF_NOT_A_PLAN.format(error=f"{new}:3: {texts.BINARY_FILE}")
    assert out.splitlines()[:3] == [note, f"--- a/{old}", f"+++ b/{new}"]
