"""The merge driver: real `git merge` runs in temporary repositories, and a property test."""

from __future__ import annotations

import difflib
import shutil
import tomllib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SMALL_PLAN
from tests.gitrepo import git, make_repo, set_fields
from tui import texts
from tui.actions.workspace import Workspace
from tui.cli import main
from tui.domain.changes import describe
from tui.git.merge import resolve

T2 = "1.1 Tiltak 2 «Klarlegge vervemålene»"


def run(capsys, *args):
    capsys.readouterr()  # what the setup printed
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def merge_branches(tmp_path, ours_edit, theirs_edit):
    """main gets ours_edit, branch `deres` gets theirs_edit; then `git merge deres` on main."""
    plan = make_repo(tmp_path / "repo", SMALL_PLAN)
    repo = plan.parent
    git(repo, "checkout", "-q", "-b", "deres")
    theirs_edit(plan)
    git(repo, "commit", "-q", "-am", "deres")
    git(repo, "checkout", "-q", "main")
    ours_edit(plan)
    git(repo, "commit", "-q", "-am", "vår")
    result = git(repo, "merge", "-q", "--no-edit", "deres", check=False)
    return plan, result


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def edit(**changes):
    def apply(path):
        for measure_id, assignments in changes.items():
            set_fields(path, measure_id.replace("_", "-"), *assignments)

    return apply


def workspace_edit(action):
    def apply(path):
        workspace = Workspace.open([path])
        action(workspace, workspace.plans[0])
        assert workspace.save(workspace.plans[0])

    return apply


def expected_by_applying(tmp_path, *edits) -> bytes:
    copy = tmp_path / "forventet.toml"
    copy.write_text(SMALL_PLAN, encoding="utf-8")
    for apply in edits:
        apply(copy)
    return copy.read_bytes()


def test_different_fields_of_one_measure_merge_cleanly(tmp_path):
    ours = edit(t_1=["deadline=1. august"])
    theirs = edit(t_1=["status=pågår", "comment=Avtalt med HTV"])
    plan, result = merge_branches(tmp_path, ours, theirs)
    assert result.returncode == 0, result.stderr
    assert plan.read_bytes() == expected_by_applying(tmp_path, ours, theirs)


def test_different_measures_merge_cleanly(tmp_path):
    ours = edit(t_2=["deadline=1. mars"])
    theirs = edit(t_3=["status=fullført"], t_4=["responsible=Leder"])
    plan, result = merge_branches(tmp_path, ours, theirs)
    assert result.returncode == 0, result.stderr
    assert plan.read_bytes() == expected_by_applying(tmp_path, ours, theirs)


def test_adds_in_different_places_merge_with_a_minimal_diff(tmp_path):
    def ours(path):
        workspace_edit(lambda w, p: w.add_measure(p, "s-1", "t-1"))(path)

    def theirs(path):
        workspace_edit(lambda w, p: w.add_measure(p, "s-2", "t-4"))(path)

    plan, result = merge_branches(tmp_path, ours, theirs)
    assert result.returncode == 0, result.stderr
    repo = plan.parent
    base, our_text, their_text = (
        git(repo, "show", f"{rev}:plan.toml").stdout for rev in ("HEAD~1~1", "HEAD~1", "deres")
    )
    merged = plan.read_text(encoding="utf-8")
    assert changed_lines(our_text, merged) == changed_lines(base, their_text)
    assert describe(tomllib.loads(base), tomllib.loads(merged)) == [
        "1.1 nytt tiltak «Nytt tiltak»",
        "1.2 nytt tiltak «Nytt tiltak»",
    ]
    ids = [line for line in merged.splitlines() if line.startswith('id = "t-')]
    assert ids[0] == 'id = "t-1"' and ids[2] == 'id = "t-2"' and ids[-2] == 'id = "t-4"'


def test_a_move_in_one_branch_and_an_edit_in_the_other(tmp_path):
    ours = edit(t_3=["status=fullført"])
    theirs = workspace_edit(lambda w, p: w.move_measure(p, "t-3", -1))
    plan, result = merge_branches(tmp_path, ours, theirs)
    assert result.returncode == 0, result.stderr
    assert plan.read_bytes() == expected_by_applying(tmp_path, ours, theirs)
    assert describe(tomllib.loads(SMALL_PLAN), tomllib.loads(plan.read_text("utf-8"))) == [
        "Tiltak «Kreve tariffavtaler» flyttet fra 1.1 Tiltak 3 til 1.1 Tiltak 2",
        "1.1 Tiltak 2 «Kreve tariffavtaler»: Status pågår → fullført",
    ]


def test_the_same_field_changed_differently_is_a_conflict_on_that_line_only(capsys, tmp_path):
    ours = edit(t_2=["deadline=1. mars", "status=pågår"])
    theirs = edit(t_2=["deadline=1. april"], t_4=["status=fullført"])
    plan, result = merge_branches(tmp_path, ours, theirs)
    assert result.returncode == 1
    assert texts.MERGE_CONFLICTS.format(path="plan.toml", count=1) in result.stdout + result.stderr
    merged = plan.read_text(encoding="utf-8")
    our_text = git(plan.parent, "show", "HEAD:plan.toml").stdout
    assert changed_lines(our_text, merged) == [
        "+<<<<<<< vår versjon",
        "+=======",
        '+frist = "1. april"',
        "+>>>>>>> deres versjon",
        '-status = ""',
        '+status = "fullført"',
    ]
    code, out, err = run(capsys, "check", plan)
    where = "1.1 Tiltak 2 «Klarlegge vervemålene»"
    message = texts.MERGE_CONFLICT_FIELD.format(where=where, key="frist")
    line = merged.splitlines().index("<<<<<<< vår versjon") + 1
    assert (code, out) == (1, f"{plan}:{line}: feil: {message}\n")
    code, out, err = run(capsys, "set", plan, "t-2", "status=fullført")
    assert (code, err) == (1, f"handlingsplan: {plan}:{line}: {texts.CONFLICT_MARKER}\n")


def test_an_edit_against_a_delete_is_a_conflict_around_the_record(capsys, tmp_path):
    ours = edit(t_2=["deadline=1. mars"])
    theirs = workspace_edit(lambda w, p: w.delete_measure(p, "t-2"))
    plan, result = merge_branches(tmp_path, ours, theirs)
    assert result.returncode == 1
    merged = plan.read_text(encoding="utf-8")
    start = merged.index("<<<<<<< vår versjon\n")
    block = merged[start:].split(">>>>>>> deres versjon\n")[0]
    assert block.startswith('<<<<<<< vår versjon\n[[kapittel.seksjon.tiltak]]\nid = "t-2"\n')
    assert block.endswith('prosjektnr = ""\n=======\n')
    code, out, err = run(capsys, "list", plan)
    message = texts.MERGE_CONFLICT_RECORD.format(where=T2)
    line = merged[:start].count("\n") + 1
    assert (code, err) == (1, f"handlingsplan: {plan}:{line}: {message}\n")


def test_a_delete_against_an_edit_brings_their_version_back_as_a_conflict(capsys, tmp_path):
    ours = workspace_edit(lambda w, p: w.delete_measure(p, "t-4"))
    theirs = edit(t_4=["status=pågår"])
    plan, result = merge_branches(tmp_path, ours, theirs)
    assert result.returncode == 1
    merged = plan.read_text(encoding="utf-8")
    assert '<<<<<<< vår versjon\n=======\n[[kapittel.seksjon.tiltak]]\nid = "t-4"\n' in merged
    assert 'status = "pågår"\nkommentar' in merged
    code, out, err = run(capsys, "check", plan)
    assert code == 1 and out.endswith(
        texts.MERGE_CONFLICT_RECORD.format(where="1.2 Tiltak 1 «Verve opp NHO 521 området»") + "\n"
    )


def test_a_side_that_is_not_a_plan_leaves_gits_own_conflict(tmp_path):
    def ours(path):
        set_fields(path, "t-1", "deadline=1. august")

    def theirs(path):
        path.write_text(SMALL_PLAN.replace('frist = "1. juni"', "frist = 1. september"), "utf-8")

    plan, result = merge_branches(tmp_path, ours, theirs)
    assert result.returncode == 1
    note = texts.MERGE_FALLBACK.format(
        path="plan.toml",
        reason=f"{plan.parent}/.merge_file_",
    )
    assert note.split("(")[0] in result.stderr
    merged = plan.read_text(encoding="utf-8")
    assert (
        '<<<<<<< vår versjon\nfrist = "1. august"\n=======\nfrist = 1. september\n'
        ">>>>>>> deres versjon\n" in merged
    )


def test_the_driver_exits_1_and_writes_nothing_new_when_ours_is_not_a_plan(capsys, tmp_path):
    base, ours, theirs = (tmp_path / n for n in ("base.toml", "ours.toml", "theirs.toml"))
    base.write_text(SMALL_PLAN, encoding="utf-8")
    ours.write_text("ikke toml [\n", encoding="utf-8")
    theirs.write_text(SMALL_PLAN, encoding="utf-8")
    code, out, err = run(capsys, "merge", base, ours, theirs, "plan.toml")
    assert (code, out) == (1, "")
    assert err.startswith("handlingsplan: plan.toml: kan ikke flettes tiltak for tiltak (")
    assert ours.read_text(encoding="utf-8") == "ikke toml [\n"  # both sides equal: nothing to add


# --- property: random edits on two branches --------------------------------------------------

MEASURES = ("t-1", "t-2", "t-3", "t-4")
FIELDS = {"deadline": "frist", "status": "status", "comment": "kommentar"}
VALUES = {
    "deadline": ("1. mars", "1. april"),
    "status": ("pågår", "fullført"),
    "comment": ("a", "b"),
}

field_edit = st.tuples(
    st.just("set"), st.sampled_from(MEASURES), st.sampled_from(tuple(FIELDS)), st.integers(0, 1)
)
delete = st.tuples(st.just("delete"), st.sampled_from(MEASURES))
add = st.tuples(st.just("add"), st.sampled_from(("s-1", "s-2")))
move = st.tuples(st.just("move"), st.sampled_from(MEASURES), st.sampled_from((-1, 1)))
ours_edits = st.lists(st.one_of(field_edit, field_edit, delete, add), max_size=5)
theirs_edits = st.lists(st.one_of(field_edit, field_edit, delete, add, move), max_size=5)


def apply_edits(path, edits) -> None:
    workspace = Workspace.open([path])
    loaded = workspace.plans[0]
    for edit_ in edits:
        kind, target = edit_[0], edit_[1]
        if kind != "add" and loaded.plan.find_measure(target) is None:
            continue  # deleted earlier in the sequence
        if kind == "set":
            value = VALUES[edit_[2]][edit_[3]]
            workspace.set_fields(loaded, target, {edit_[2]: value})
        elif kind == "delete":
            workspace.delete_measure(loaded, target)
        elif kind == "add":
            new = workspace.add_measure(loaded, target, None)
            workspace.set_fields(loaded, new, {"text": f"Nytt fra {path.stem} {new}"})
        else:
            workspace.move_measure(loaded, target, edit_[2])
    workspace.save(loaded)


def measures(data: dict) -> dict[str, dict]:
    return {
        str(row["id"]): row
        for chapter in data.get("kapittel", [])
        for section in chapter.get("seksjon", [])
        for row in section.get("tiltak", [])
    }


def expected_conflicts(base: dict, ours: dict, theirs: dict) -> list[tuple[str, str | None]]:
    found = []
    for measure_id, base_row in base.items():
        o, t = ours.get(measure_id), theirs.get(measure_id)
        if o is None and t is None:
            continue
        if o is None or t is None:
            kept = o if o is not None else t
            if kept != base_row:
                found.append((measure_id, None))
            continue
        for key in FIELDS.values():
            if o[key] != base_row[key] and t[key] != base_row[key] and o[key] != t[key]:
                found.append((measure_id, key))
    return found


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ours_edits, theirs_edits)
def test_every_edit_that_does_not_collide_is_kept(tmp_path, capsys, our_edits, their_edits):
    folder = tmp_path / "prop"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    paths = {name: folder / f"{name}.toml" for name in ("base", "ours", "theirs")}
    for path in paths.values():
        path.write_text(SMALL_PLAN, encoding="utf-8")
    apply_edits(paths["ours"], our_edits)
    apply_edits(paths["theirs"], their_edits)
    data = {name: tomllib.loads(p.read_text("utf-8")) for name, p in paths.items()}
    base, ours, theirs = (measures(data[n]) for n in ("base", "ours", "theirs"))
    conflicts = expected_conflicts(base, ours, theirs)
    capsys.readouterr()

    code, out, err = run(capsys, "merge", paths["base"], paths["ours"], paths["theirs"])
    merged_lines = paths["ours"].read_text(encoding="utf-8").splitlines()
    if conflicts:
        assert code == 1, err
        _, report, _ = run(capsys, "check", paths["ours"])
        named = [line.split("git-konflikt i ", 1)[1] for line in report.splitlines()]
        named_keys = [
            n.split("feltet ", 1)[1].split(" ")[0] if "feltet " in n else None for n in named
        ]
        assert sorted(named_keys, key=str) == sorted((k for _, k in conflicts), key=str), report
    else:
        assert code == 0, err
    # every change of both sides that is not a conflict is in the result (ours side of each)
    merged = measures(tomllib.loads("\n".join(resolve(merged_lines, keep="ours"))))
    for measure_id, base_row in base.items():
        o, t = ours.get(measure_id), theirs.get(measure_id)
        if (measure_id, None) in conflicts:
            assert (measure_id in merged) == (o is not None)  # our side of the conflict
            continue
        if o is None or t is None:
            assert measure_id not in merged  # deleted by one side, untouched by the other
            continue
        for key in FIELDS.values():
            wanted = o[key] if o[key] != base_row[key] else t[key]
            assert merged[measure_id][key] == wanted, (measure_id, key)
    for side in (ours, theirs):
        for measure_id, row in side.items():
            if measure_id not in base:
                assert merged[measure_id] == row  # every add of both sides
    order = [i for i in merged if i in base and i in ours]
    their_order = [i for i in theirs if i in order]
    assert [i for i in order if i in their_order] == their_order  # their moves are kept


def test_conflict_markers_in_a_crlf_plan_are_crlf_too(capsys, tmp_path):
    crlf = SMALL_PLAN.replace("\n", "\r\n").encode("utf-8")
    paths = [tmp_path / f"{name}.toml" for name in ("base", "ours", "theirs")]
    for path in paths:
        path.write_bytes(crlf)
    base, ours, theirs = paths
    set_fields(ours, "t-3", "status=fullført")
    set_fields(theirs, "t-3", "status=avlyst")
    code, out, err = run(capsys, "merge", base, ours, theirs, "plan.toml")
    assert (code, out) == (1, "")
    merged = ours.read_bytes()
    assert merged.count(b"\n") == merged.count(b"\r\n")
    assert (
        '<<<<<<< vår versjon\r\nstatus = "fullført"\r\n=======\r\nstatus = "avlyst"\r\n'
        ">>>>>>> deres versjon\r\n".encode()
        in merged
    )
