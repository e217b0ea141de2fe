"""git-setup, commit of plan files (the TUI's core) and a measure's log, in real repositories."""

from __future__ import annotations

import subprocess

from tests.conftest import SMALL_PLAN
from tests.gitrepo import git, make_repo, set_fields
from tui import texts
from tui.actions.workspace import Workspace
from tui.cli import main
from tui.git import repo as plangit
from tui.store.storage import load, save

T1 = "1.1 Tiltak 1 «Påse at klubbene har ett…»"
T2 = "1.1 Tiltak 2 «Klarlegge vervemålene»"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_git_setup_writes_attributes_and_config_once(capsys, tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / ".gitattributes").write_text("*.png binary", encoding="utf-8")
    code, out, err = run(capsys, "git-setup", tmp_path)
    assert code == 0
    assert out.splitlines() == [
        f"{tmp_path / '.gitattributes'}: la til «*.toml diff=handlingsplan merge=handlingsplan»",
        *(f"git config {key} = {value}" for key, value in plangit.wanted_config().items()),
    ]
    assert (tmp_path / ".gitattributes").read_text(encoding="utf-8") == (
        "*.png binary\n*.toml diff=handlingsplan merge=handlingsplan\n"
    )
    assert git(tmp_path, "config", "merge.handlingsplan.driver").stdout.endswith(
        " -m tui merge %O %A %B %P\n"
    )
    assert run(capsys, "git-setup", tmp_path) == (0, "", texts.GIT_SETUP_NOTHING + "\n")


def test_git_setup_outside_a_repository_is_one_line(capsys, tmp_path):
    code, out, err = run(capsys, "git-setup", tmp_path)
    assert (code, out) == (1, "")
    assert err == f"handlingsplan: {tmp_path}: {texts.GIT_NOT_REPO}\n"


def test_commit_commits_only_the_plan_with_a_message_in_words(tmp_path):
    plan = make_repo(tmp_path, SMALL_PLAN)
    (tmp_path / "notater.txt").write_text("ikke med\n", encoding="utf-8")
    set_fields(plan, "t-1", "deadline=1. august")
    changes = plangit.uncommitted_changes([plan])
    assert changes == [f"{T1}: Frist 1. juni → 1. august"]
    message = plangit.commit_message(changes)
    assert message == f"Handlingsplan: {T1}: Frist 1. juni → 1. august"
    plangit.commit([plan], message)
    assert git(tmp_path, "log", "-1", "--format=%s").stdout.strip() == message
    assert git(tmp_path, "show", "--name-only", "--format=", "HEAD").stdout == "plan.toml\n"
    assert git(tmp_path, "status", "--porcelain").stdout == "?? notater.txt\n"
    assert plangit.uncommitted_changes([plan]) == []


def test_commit_message_lists_every_change_after_the_first():
    message = plangit.commit_message(["a: x → y", "b: nytt tiltak «z»", "c: slettet"])
    assert message == (
        "Handlingsplan: a: x → y (+2 endringer)\n\n- a: x → y\n- b: nytt tiltak «z»\n- c: slettet"
    )


def test_commit_refuses_outside_git_with_others_staged_and_during_a_merge(tmp_path):
    outside = tmp_path / "utenfor"
    outside.mkdir()
    (outside / "plan.toml").write_text(SMALL_PLAN, encoding="utf-8")
    assert plangit.refusal([outside / "plan.toml"]) == texts.GIT_NOT_REPO

    plan = make_repo(tmp_path / "repo", SMALL_PLAN)
    repo = plan.parent
    (repo / "annet.txt").write_text("x\n", encoding="utf-8")
    git(repo, "add", "annet.txt")
    assert plangit.refusal([plan]) == texts.GIT_OTHERS_STAGED.format(files="annet.txt")
    git(repo, "commit", "-q", "-m", "annet")

    git(repo, "checkout", "-q", "-b", "gren")
    (repo / "annet.txt").write_text("gren\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "gren")
    git(repo, "checkout", "-q", "main")
    (repo / "annet.txt").write_text("main\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "main")
    assert git(repo, "merge", "gren", check=False).returncode == 1
    assert plangit.refusal([plan]) == texts.GIT_MERGE_IN_PROGRESS
    try:
        plangit.commit([plan], "melding")
    except plangit.GitError as error:
        assert str(error) == f"{plan}: {texts.GIT_MERGE_IN_PROGRESS}"
    else:
        raise AssertionError("commit during a merge must be refused")


def test_commit_in_a_repository_without_commits(tmp_path):
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "Kari")
    git(tmp_path, "config", "user.email", "kari@example.org")
    plan = tmp_path / "plan.toml"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    changes = plangit.uncommitted_changes([plan])
    assert changes[5:] == [
        "1 Målsettinger: ny seksjon",
        "1.1 Heltid: ny seksjon",
        "1.2 Verving: ny seksjon",
        "1.1 nytt tiltak «Påse at klubbene har ett…»",
        "1.1 nytt tiltak «Klarlegge vervemålene»",
        "1.1 nytt tiltak «Kreve tariffavtaler»",
        "1.2 nytt tiltak «Verve opp NHO 521 området»",
    ]
    plangit.commit([plan], plangit.commit_message(changes))
    assert git(tmp_path, "ls-files").stdout == "plan.toml\n"


def test_log_of_one_measure_by_id_and_by_number(capsys, tmp_path):
    plan = make_repo(tmp_path, SMALL_PLAN)
    set_fields(plan, "t-2", "deadline=1. mars")
    git(tmp_path, "commit", "-q", "-am", "frist")
    set_fields(plan, "t-1", "status=pågår")
    git(tmp_path, "commit", "-q", "-am", "annet tiltak")
    workspace = Workspace.open([plan])
    workspace.move_measure(workspace.plans[0], "t-2", -1)
    workspace.save(workspace.plans[0])
    git(tmp_path, "commit", "-q", "-am", "flyttet")
    day = git(tmp_path, "log", "-1", "--format=%ad", "--date=short").stdout.strip()
    shas = git(tmp_path, "log", "--format=%h", "--abbrev=8").stdout.split()
    capsys.readouterr()

    code, out, err = run(capsys, "log", plan, "t-2")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{day} Kari Sekretær {shas[0]}",
        "  Tiltak «Klarlegge vervemålene» flyttet fra 1.1 Tiltak 2 til 1.1 Tiltak 1",
        f"{day} Kari Sekretær {shas[2]}",
        f"  {T2}: Frist 1. desember → 1. mars",
        f"{day} Kari Sekretær {shas[3]}",
        "  1.1 nytt tiltak «Klarlegge vervemålene»",
    ]
    assert run(capsys, "log", plan, "1.1.1") == (0, out, "")  # t-2 is first now
    assert run(capsys, "log", plan, "1.1 Tiltak 1") == (0, out, "")


def test_log_bad_input_is_one_line(capsys, tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    assert run(capsys, "log", plan, "t-1") == (
        1,
        "",
        f"handlingsplan: {plan}: {texts.GIT_NOT_REPO}\n",
    )
    git(tmp_path, "init", "-q")
    assert run(capsys, "log", plan, "t-1") == (
        1,
        "",
        f"handlingsplan: {plan}: {texts.GIT_NO_COMMITS}\n",
    )
    unknown = texts.LOG_UNKNOWN_MEASURE.format(ref="9.9.9")
    assert run(capsys, "log", plan, "9.9.9") == (1, "", f"handlingsplan: {plan}: {unknown}\n")


def test_session_git_helpers_still_work(tmp_path):
    plan = make_repo(tmp_path, SMALL_PLAN)
    loaded = load(plan, editing=True)
    loaded.plan.find_measure("t-1").measure.status = "pågår"
    save(loaded)
    assert Workspace.open([plan]).committed_changes(load(plan, editing=False)) == [
        f"{T1}: Status (tom) → pågår"
    ]
    assert subprocess.run(["git", "--version"], capture_output=True).returncode == 0


# --- the TUI: ctrl+g commits, h shows the measure's history ------------------------------------


async def test_tui_commit_dialog_commits_the_saved_plan(tmp_path):
    from tests.test_tui import SIZE, app_for, started
    from tui.ui.screens import CommitScreen

    plan = make_repo(tmp_path, SMALL_PLAN)
    set_fields(plan, "t-2", "deadline=1. mars")
    app = app_for(plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("ctrl+g")
        await started(pilot)
        assert isinstance(app.screen, CommitScreen)
        assert app.screen.changes == [f"{T2}: Frist 1. desember → 1. mars"]
        await pilot.press("ctrl+s")
        await started(pilot)
        assert not isinstance(app.screen, CommitScreen)
    subject = git(tmp_path, "log", "-1", "--format=%s").stdout.strip()
    assert subject == f"Handlingsplan: {T2}: Frist 1. desember → 1. mars"
    assert git(tmp_path, "status", "--porcelain").stdout == ""


async def test_tui_commit_refuses_outside_git_with_one_line(tmp_path):
    from tests.test_tui import SIZE, app_for, started
    from tui.ui.screens import CommitScreen

    plan = tmp_path / "plan.toml"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    app = app_for(plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await pilot.press("ctrl+g")
        await started(pilot)
        assert not isinstance(app.screen, CommitScreen)
        assert [n.message for n in app._notifications] == [texts.GIT_NOT_REPO]


async def test_tui_history_of_the_measure_under_the_cursor(tmp_path):
    from tests.test_tui import SIZE, app_for, focus_measure, started
    from tui.ui.screens import TextScreen

    plan = make_repo(tmp_path, SMALL_PLAN)
    set_fields(plan, "t-2", "deadline=1. mars")
    git(tmp_path, "commit", "-q", "-am", "frist")
    app = app_for(plan)
    async with app.run_test(size=SIZE) as pilot:
        await started(pilot)
        await focus_measure(pilot, "1.1 Heltid", 1)
        await pilot.press("h")
        await started(pilot)
        assert isinstance(app.screen, TextScreen)
        assert app.screen.title_text == texts.LOG_TITLE.format(label="1.1.2")
        lines = app.screen.body.splitlines()
        assert lines[1::2] == [
            f"  {T2}: Frist 1. desember → 1. mars",
            "  1.1 nytt tiltak «Klarlegge vervemålene»",
        ]
        assert lines[0].endswith(
            git(tmp_path, "log", "-1", "--format=%h", "--abbrev=8").stdout.strip()
        )


def test_git_setup_of_a_missing_folder_is_one_line(capsys, tmp_path):
    missing = tmp_path / "finnes-ikke"
    assert run(capsys, "git-setup", missing) == (
        1,
        "",
        f"handlingsplan: {missing}: {texts.PATH_MISSING}\n",
    )


def test_commit_message_says_one_more_change_in_the_singular():
    assert plangit.commit_message(["a: x → y", "b: slettet"]) == (
        "Handlingsplan: a: x → y (+1 endring)\n\n- a: x → y\n- b: slettet"
    )
