"""The layers hold: the core never imports the UI (Textual), and no layer imports one above it.

The contracts live in pyproject.toml ([tool.importlinter]); `lint-imports` checks them here and
in CI. These tests also prove the contracts would catch a break, relative imports included.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
LAYERS = "Layers: each package imports only the ones below it"
NO_TEXTUAL = "Only the UI imports Textual"


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


def test_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("tui/domain/model.py", "from ..ui import app", [LAYERS, NO_TEXTUAL]),
        ("tui/store/storage.py", "from ..actions import workspace", [LAYERS]),
        ("tui/formats/export.py", "from tui.git import repo", [LAYERS]),
        ("tui/actions/check.py", "from textual.app import App", [NO_TEXTUAL]),
    ],
)
def test_a_broken_layer_is_caught(tmp_path, module, line, broken):
    shutil.copytree(ROOT / "tui", tmp_path / "tui")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout
    reported = [c for c in (LAYERS, NO_TEXTUAL) if f"{c} BROKEN" in result.stdout]
    assert reported == broken


COMMANDS_WITHOUT_UI = """
import shutil, sys
from pathlib import Path
from tui.cli import main

work = Path(sys.argv[1])
plan = work / "plan.toml"
shutil.copy("plans/teknisk-fagforening-oslo-2024-2025.toml", plan)
(work / "old.txt").write_text("1. Kapittel\\nTiltak/aktivitet 1: Noe\\nAnsvar: Leder\\n", encoding="utf-8")
runs = [
    ["check", "plans"],
    ["list", "plans", "--role", "Leder", "--format", "json"],
    ["set", str(plan), "3.1.1", "status=pågår"],
    ["export", str(plan), "-o", str(work / "plan.md")],
    ["import", str(work / "old.txt"), "-o", str(work / "old.toml")],
    ["report", str(plan), "-o", str(work / "report.md")],
    ["calendar", str(plan), "-o", str(work / "plan.ics")],
    ["next-period", str(plan), "--period", "2026-2027", "-o", str(work / "next.toml")],
    ["diff", str(plan), str(plan)],
]
for args in runs:
    try:
        main(args)
    except SystemExit:
        pass
    assert "textual" not in sys.modules, f"{args[0]} imported textual"
print("ok", len(runs))
"""


def test_no_command_but_the_tui_loads_textual(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", COMMANDS_WITHOUT_UI, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok 9")
    assert (tmp_path / "plan.md").exists() and (tmp_path / "next.toml").exists()


def test_cli_read_path_loads_neither_textual_nor_tomlkit():
    script = (
        "import sys\n"
        "from tui.cli import main\n"
        "main(['list', 'plans', '--role', 'Leder', '--format', 'json'])\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        "assert 'tomlkit' not in sys.modules, 'tomlkit imported on a read-only path'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


# Modules that cost a command's start more than its own work on a small plan: `dataclasses`
# brings `inspect` (~9 ms of a ~30 ms `list`), `typing` ~3 ms, `difflib` ~1 ms. The core's
# records are namedtuples and plain classes so that the read commands load none of them.
# (`set` loads tomlkit, which loads dataclasses and typing itself.)
HEAVY_AT_START = ("dataclasses", "inspect", "typing", "difflib", "tomlkit", "rich", "textual")


@pytest.mark.parametrize(
    "command",
    [
        ["list", "{plan}", "--role", "Leder", "--due-before", "2025-01-01"],
        ["list", "{plan}", "--format", "json"],
        ["check", "{plan}"],
    ],
)
def test_a_read_command_loads_no_heavy_module(tmp_path, command):
    plan = tmp_path / "plan.toml"
    shutil.copy(ROOT / "plans" / "teknisk-fagforening-oslo-2024-2025.toml", plan)
    args = [arg.format(plan=plan) for arg in command]
    script = (
        "import sys\n"
        "from tui.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit as end:\n"
        "    assert not end.code, end.code\n"
        f"print(sorted(set({HEAVY_AT_START!r}) & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"
