"""The core never imports Textual: it must run, and be tested, without the UI."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_MODULES = {"app", "screens", "widgets"}  # the Textual layer (a later issue)
CORE = sorted(
    p for p in (ROOT / "tui").glob("*.py") if p.stem not in UI_MODULES and p.stem != "__main__"
)


def imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_modules_do_not_import_textual():
    offenders = [p.name for p in CORE if "textual" in imported_names(p)]
    assert CORE and offenders == []


def test_cli_runs_without_loading_textual_or_tomlkit():
    script = (
        "import sys\n"
        "from tui.cli import main\n"
        "main(['list', 'plans', '--role', 'Leder', '--format', 'json'])\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
        "assert 'tomlkit' not in sys.modules, 'tomlkit imported on a read-only path'\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
