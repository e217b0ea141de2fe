"""The minimal-diff save: what a `git diff` shows after each kind of edit."""

import errno
import os
import tomllib
from pathlib import Path

import pytest

from tui import texts
from tui.cli import main
from tui.domain.model import Measure
from tui.store import storage
from tui.store.storage import ConflictError, PlanError, load, save

from .conftest import PLANS, SMALL_PLAN, changed_lines


def edit_and_save(path, change):
    loaded = load(path)
    before = path.read_text(encoding="utf-8")
    change(loaded.plan)
    save(loaded)
    return before, path.read_text(encoding="utf-8")


def measures(plan):
    return {m.measure.id: m.measure for m in plan.measures()}


@pytest.mark.parametrize("name", sorted(p.name for p in PLANS.glob("*.toml")))
def test_unchanged_plan_is_not_rewritten(tmp_path, name):
    path = tmp_path / name
    path.write_bytes((PLANS / name).read_bytes())
    stat_before = path.stat()
    assert save(load(path)) is False
    assert path.read_bytes() == (PLANS / name).read_bytes()
    assert path.stat().st_mtime_ns == stat_before.st_mtime_ns


@pytest.mark.parametrize(
    "variant",
    ["crlf", "bom", "no-final-newline", "comments-and-blank-lines"],
)
def test_edit_keeps_file_conventions(tmp_path, variant):
    text = SMALL_PLAN
    if variant == "crlf":
        text = text.replace("\n", "\r\n")
    if variant == "no-final-newline":
        text = text.rstrip("\n")
    if variant == "comments-and-blank-lines":
        text = text.replace("[[kapittel]]", "# kapitler\n\n\n[[kapittel]]  # første")
    raw = (("\ufeff" if variant == "bom" else "") + text).encode("utf-8")
    path = tmp_path / "plan.toml"
    path.write_bytes(raw)

    loaded = load(path)
    measures(loaded.plan)["t-2"].status = "fullført"
    save(loaded)

    expected = raw.replace(b'id = "t-2"', b"@@").split(b"@@")
    head, tail = expected[0], expected[1]
    new_tail = tail.replace(b'status = ""', 'status = "fullført"'.encode(), 1)
    assert path.read_bytes() == head + b'id = "t-2"' + new_tail


def test_equal_value_changes_nothing(small_plan):
    before = small_plan.read_bytes()
    loaded = load(small_plan)
    measures(loaded.plan)["t-1"].deadline = "1. juni"
    measures(loaded.plan)["t-3"].responsible = ["Leder", "Nestleder"]
    assert save(loaded) is False
    assert small_plan.read_bytes() == before


def test_one_field_changes_exactly_that_line(small_plan):
    before, after = edit_and_save(
        small_plan, lambda plan: setattr(measures(plan)["t-2"], "deadline", "1. november")
    )
    assert changed_lines(before, after) == (['frist = "1. desember"'], ['frist = "1. november"'])


def test_multiline_text_stays_multiline_after_edit(small_plan):
    new_text = 'Påse at klubbene har to drøftingsmøter\nom bruk av deltid og """sitat""".'
    before, after = edit_and_save(
        small_plan, lambda plan: setattr(measures(plan)["t-1"], "text", new_text)
    )
    assert changed_lines(before, after) == (
        ["Påse at klubbene har ett drøftingsmøte", 'om bruk av deltid."""'],
        ["Påse at klubbene har to drøftingsmøter", r'om bruk av deltid og \"\"\"sitat\"\"\"."""'],
    )
    assert tomllib.loads(after)["kapittel"][0]["seksjon"][0]["tiltak"][0]["tekst"] == new_text


def test_single_line_text_that_gains_a_break_becomes_multiline(small_plan):
    _, after = edit_and_save(
        small_plan, lambda plan: setattr(measures(plan)["t-2"], "text", "Linje en\nlinje to")
    )
    assert 'tekst = """\nLinje en\nlinje to"""' in after


def test_hand_written_comment_on_untouched_field_survives(small_plan):
    _, after = edit_and_save(
        small_plan, lambda plan: setattr(measures(plan)["t-1"], "status", "pågår")
    )
    assert 'kommentar = ""  # hand-written comment stays' in after


def new_measure():
    return Measure.new("t-new", tekst="Nytt tiltak", ansvar=["Sekretær"], frist="1. mai")


NEW_BLOCK = [
    "[[kapittel.seksjon.tiltak]]",
    'id = "t-new"',
    'tekst = "Nytt tiltak"',
    'ansvar = ["Sekretær"]',
    'ansvar_merknad = ""',
    'frist = "1. mai"',
    'status = ""',
    'kommentar = ""',
    'budsjett = ""',
    'prosjektnr = ""',
    "",
]


@pytest.mark.parametrize("position", [0, 1, 3])
def test_add_measure_touches_only_its_block(small_plan, position):
    def add(plan):
        plan.chapters[0].sections[0].measures.insert(position, new_measure())

    before, after = edit_and_save(small_plan, add)
    removed, added = changed_lines(before, after)
    assert removed == []
    assert sorted(added) == sorted(NEW_BLOCK)
    assert "\n\n\n" not in after
    ids = [m.id for m in load(small_plan).plan.chapters[0].sections[0].measures]
    assert ids.index("t-new") == position


def test_add_measure_at_end_of_file(small_plan):
    before, after = edit_and_save(
        small_plan, lambda plan: plan.chapters[0].sections[1].measures.append(new_measure())
    )
    assert after == before + "\n" + "\n".join(NEW_BLOCK[:-1]) + "\n"


@pytest.mark.parametrize("measure_id", ["t-1", "t-2", "t-3", "t-4"])
def test_delete_measure_touches_only_its_block(small_plan, measure_id):
    def delete(plan):
        for ref in plan.walk():
            ref.section.measures[:] = [m for m in ref.section.measures if m.id != measure_id]

    before, after = edit_and_save(small_plan, delete)
    removed, added = changed_lines(before, after)
    assert added == []
    assert f'id = "{measure_id}"' in removed
    text_lines = ("", "Påse at klubbene har ett drøftingsmøte", 'om bruk av deltid."""')
    assert all("=" in line or line.startswith("[[") or line in text_lines for line in removed)
    assert len([r for r in removed if r.startswith("[[")]) == 1
    assert "\n\n\n" not in after
    assert after.endswith("\n") and not after.endswith("\n\n")


def test_move_measure_up_moves_only_its_block(small_plan):
    def move_up(plan):
        items = plan.chapters[0].sections[0].measures
        items.insert(1, items.pop(2))

    before, after = edit_and_save(small_plan, move_up)
    block = before[before.index('[[kapittel.seksjon.tiltak]]\nid = "t-3"') :]
    block = block[: block.index("\n\n") + 2]
    assert after.replace(block, "") == before.replace(block, "")
    assert after.index('id = "t-3"') < after.index('id = "t-2"')
    assert "\n\n\n" not in after


def test_move_last_measure_to_top_keeps_spacing(small_plan):
    def move(plan):
        items = plan.chapters[0].sections[1].measures
        plan.chapters[0].sections[0].measures.insert(0, items.pop())

    _, after = edit_and_save(small_plan, move)
    assert "\n\n\n" not in after
    assert after.endswith('id = "s-2"\ntittel = "Verving"\nnummerert = true\n')
    assert after.index('id = "t-4"') < after.index('id = "t-1"')


def test_unknown_keys_are_kept(small_plan):
    text = small_plan.read_text(encoding="utf-8").replace(
        'id = "t-2"', 'id = "t-2"\negen_merknad = "skrevet for hånd"'
    )
    small_plan.write_text(text, encoding="utf-8")
    _, after = edit_and_save(
        small_plan, lambda plan: setattr(measures(plan)["t-2"], "status", "utsatt")
    )
    assert 'egen_merknad = "skrevet for hånd"' in after


def test_save_refuses_when_file_changed_on_disk(small_plan):
    loaded = load(small_plan)
    measures(loaded.plan)["t-2"].status = "fullført"
    theirs = small_plan.read_text(encoding="utf-8").replace("1. desember", "15. desember")
    small_plan.write_text(theirs, encoding="utf-8")
    with pytest.raises(ConflictError) as error:
        save(loaded)
    assert str(error.value) == f"{small_plan}: " + storage.texts.CHANGED_ON_DISK
    assert small_plan.read_text(encoding="utf-8") == theirs
    assert loaded.is_modified()


def test_save_as_keeps_our_edits_when_original_changed(small_plan, tmp_path):
    loaded = load(small_plan)
    measures(loaded.plan)["t-2"].status = "fullført"
    small_plan.write_text(SMALL_PLAN.replace("Verving", "Verving!"), encoding="utf-8")
    target = tmp_path / "mine.toml"
    storage.save_as(loaded, target)
    saved = tomllib.loads(target.read_text(encoding="utf-8"))
    assert saved["kapittel"][0]["seksjon"][0]["tiltak"][1]["status"] == "fullført"


def test_write_is_atomic_and_leaves_no_temp_file(small_plan, monkeypatch):
    loaded = load(small_plan)
    measures(loaded.plan)["t-2"].status = "fullført"

    def fail_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail_replace)
    with pytest.raises(PlanError, match="det er ikke mer plass på disken"):
        save(loaded)
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN
    assert sorted(p.name for p in small_plan.parent.iterdir()) == ["plan.toml"]


def test_save_keeps_file_mode(small_plan):
    small_plan.chmod(0o640)
    loaded = load(small_plan)
    measures(loaded.plan)["t-2"].status = "fullført"
    save(loaded)
    assert small_plan.stat().st_mode & 0o777 == 0o640


def test_verification_failure_refuses_to_write(small_plan, monkeypatch):
    loaded = load(small_plan)
    loaded.plan.chapters[0].sections.pop()  # a section deleted: the full path
    monkeypatch.setattr(storage, "render", lambda loaded, data: SMALL_PLAN)
    with pytest.raises(PlanError, match="kontrollen av ny tekst feilet"):
        save(loaded)
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN


def test_a_span_that_does_not_check_out_is_never_written(small_plan, monkeypatch):
    """If patching a record's text went wrong, neither the fast nor the full path writes."""
    import tui.store.tomlpatch

    loaded = load(small_plan)
    measures(loaded.plan)["t-2"].status = "fullført"  # the fast path
    monkeypatch.setattr(tui.store.tomlpatch, "patch_document", lambda doc, data: None)
    with pytest.raises(PlanError, match="kontrollen av ny tekst feilet"):
        save(loaded)
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN


def test_fast_save_rewrites_only_the_changed_records(small_plan):
    loaded = load(small_plan)
    measures(loaded.plan)["t-1"].text = "Ny tekst\nmed to linjer"
    measures(loaded.plan)["t-4"].deadline = "1. april 2025"
    loaded.plan.chapters[0].sections[1].title = "Verving og organisering"
    assert save(loaded)
    removed, added = changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8"))
    assert removed == [
        "Påse at klubbene har ett drøftingsmøte",
        'om bruk av deltid."""',
        'tittel = "Verving"',
        'frist = "1. mars 2025"',
    ]
    assert added == [
        "Ny tekst",
        'med to linjer"""',
        'tittel = "Verving og organisering"',
        'frist = "1. april 2025"',
    ]
    assert load(small_plan).plan.to_data() == loaded.plan.to_data()


def test_second_save_after_first_builds_on_it(small_plan):
    loaded = load(small_plan)
    measures(loaded.plan)["t-2"].status = "pågår"
    save(loaded)
    measures(loaded.plan)["t-2"].status = "fullført"
    save(loaded)
    assert 'status = "fullført"' in small_plan.read_text(encoding="utf-8")


def test_a_plan_loaded_for_reading_can_still_be_saved(small_plan):
    loaded = load(small_plan, editing=False)
    assert not loaded.read_only and not loaded.is_modified()
    measures(loaded.plan)["t-2"].status = "fullført"
    assert loaded.is_modified() and save(loaded)
    removed, added = changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8"))
    assert (removed, added) == (['status = ""'], ['status = "fullført"'])


# --- writing through symlinks, keeping mode and owner (issue 12) ---------------------------


def linked_plan(tmp_path):
    """A plan kept elsewhere (a shared folder, a dotfiles repo) and linked into this one."""
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "plan.toml"
    target.write_text(SMALL_PLAN, encoding="utf-8")
    link = tmp_path / "plan.toml"
    link.symlink_to(Path("real") / "plan.toml")
    return link, target


def test_set_through_a_symlink_writes_the_target_and_keeps_the_link(capsys, tmp_path):
    link, target = linked_plan(tmp_path)
    target.chmod(0o640)
    assert main(["set", str(link), "t-2", "status=fullført"]) == 0
    assert capsys.readouterr().err == f"lagret {link}\n"
    assert os.path.islink(link) and os.readlink(link) == str(Path("real") / "plan.toml")
    removed, added = changed_lines(SMALL_PLAN, target.read_text(encoding="utf-8"))
    assert (removed, added) == (['status = ""'], ['status = "fullført"'])
    assert target.stat().st_mode & 0o7777 == 0o640
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["plan.toml", "plan.toml", "real"]


def test_a_dangling_symlink_is_saved_as_the_file_it_names(tmp_path):
    """save_as to a link whose file does not exist yet creates that file, not a new name."""
    link, target = linked_plan(tmp_path)
    loaded = load(link)
    target.unlink()
    measures(loaded.plan)["t-2"].status = "fullført"
    mine = tmp_path / "mine.toml"
    mine.symlink_to(target)
    storage.save_as(loaded, mine)
    assert os.path.islink(mine)
    assert measures(load(target).plan)["t-2"].status == "fullført"


def test_save_keeps_owner_group_and_mode(small_plan):
    if os.geteuid() == 0:  # root may give the file to anyone: a plan of another user
        owner = (4242, 4343)
    else:  # anyone may give it to another group they are in
        others = [g for g in os.getgroups() if g != os.getegid()]
        owner = (os.getuid(), others[0] if others else os.getegid())
    os.chown(small_plan, *owner)
    small_plan.chmod(0o2664)
    loaded = load(small_plan)
    measures(loaded.plan)["t-2"].status = "fullført"
    assert save(loaded)
    info = small_plan.stat()
    assert ((info.st_uid, info.st_gid), info.st_mode & 0o7777) == (owner, 0o2664)


def test_save_where_the_owner_cannot_be_kept_still_saves(small_plan, monkeypatch):
    """Another user's file in a shared folder: the new file is ours, the edit is not lost."""

    def not_allowed(path, uid, gid):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chown", not_allowed)
    small_plan.chmod(0o664)
    loaded = load(small_plan)
    measures(loaded.plan)["t-2"].status = "fullført"
    assert save(loaded)
    removed, added = changed_lines(SMALL_PLAN, small_plan.read_text(encoding="utf-8"))
    assert (removed, added) == (['status = ""'], ['status = "fullført"'])
    assert small_plan.stat().st_mode & 0o7777 == 0o664
    assert sorted(p.name for p in small_plan.parent.iterdir()) == ["plan.toml"]


def test_save_as_never_overwrites_the_plan_it_came_from(small_plan, tmp_path):
    loaded = load(small_plan)
    measures(loaded.plan)["t-2"].status = "fullført"
    small_plan.write_text(SMALL_PLAN.replace("Verving", "Verving 2025"), encoding="utf-8")
    alias = tmp_path / "alias.toml"
    alias.symlink_to(small_plan)
    for target in (small_plan, alias):
        with pytest.raises(PlanError) as error:
            storage.save_as(loaded, target)
        assert str(error.value) == f"{target}: {texts.OUTPUT_IS_INPUT}"
    assert "Verving 2025" in small_plan.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("number", "english", "norwegian"),
    [
        (errno.ENOENT, "No such file or directory", "finnes ikke"),
        (
            errno.ELOOP,
            "Too many levels of symbolic links",
            "for mange nivåer av symbolske lenker; en lenke peker kanskje på seg selv",
        ),
        (errno.EACCES, "Permission denied", "ingen tilgang"),
        (errno.EISDIR, "Is a directory", "er en mappe"),
        (errno.ENOSPC, "No space left on device", "det er ikke mer plass på disken"),
        (errno.EROFS, "Read-only file system", "filsystemet er skrivebeskyttet"),
        (errno.EXDEV, "Invalid cross-device link", "Invalid cross-device link"),  # the rare rest
    ],
)
def test_a_failed_write_says_why_in_norwegian(small_plan, monkeypatch, number, english, norwegian):
    loaded = load(small_plan)
    measures(loaded.plan)["t-2"].status = "fullført"

    def fail_replace(src, dst):
        raise OSError(number, english)

    monkeypatch.setattr(os, "replace", fail_replace)
    with pytest.raises(PlanError) as error:
        save(loaded)
    assert str(error.value) == f"{small_plan}: kan ikke skrive ({norwegian}); filen er urørt"
    assert small_plan.read_text(encoding="utf-8") == SMALL_PLAN
