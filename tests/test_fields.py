"""The field table (tui/domain/fields.py) is the one description of the format: the schema is
generated from it, and a field added to it reaches every command without another edit."""

import json
import subprocess
import sys
from pathlib import Path

from tui.domain import fields
from tui.domain.schema import schema_text

from .conftest import ROOT, SMALL_PLAN, changed_lines

SCHEMA_FILE = ROOT / "schema" / "handlingsplan.schema.json"

# The real command, with one line added to the table before anything else reads it.
WITH_PRIORITY = """
import sys
from tui.domain import fields
extra = fields.Field("prioritet", "priority", "Prioritet", fields.TEXT)
fields.MEASURE_FIELDS = (*fields.MEASURE_FIELDS, extra)
from tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_checked_in_schema_is_the_one_the_field_table_generates():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text()


def handlingsplan_with_priority(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", WITH_PRIORITY, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_a_field_added_to_the_table_flows_through_set_list_export_check_and_add(small_plan):
    done = handlingsplan_with_priority("set", small_plan, "t-2", "priority=høy")
    assert (done.returncode, done.stderr) == (0, f"lagret {small_plan}\n")
    after_set = small_plan.read_text(encoding="utf-8")
    assert changed_lines(SMALL_PLAN, after_set) == ([], ['prioritet = "høy"'])

    listed = json.loads(handlingsplan_with_priority("list", small_plan, "--format", "json").stdout)
    assert [(row["id"], row["priority"]) for row in listed] == [
        ("t-1", ""),
        ("t-2", "høy"),
        ("t-4", ""),
        ("t-3", ""),
    ]
    page = handlingsplan_with_priority("export", small_plan).stdout
    assert "- **Ansvar:** Nestleder\n- **Frist:** 1. desember\n- **Prioritet:** høy\n" in page
    table = handlingsplan_with_priority("export", small_plan, "--layout", "table").stdout
    cells = [[c.strip() for c in line.split("|")[1:-1]] for line in table.splitlines()]
    assert ["Tiltak", "Ansvar", "Frist", "Status", "Prioritet"] in cells
    assert ["2. Klarlegge vervemålene", "Nestleder", "1. desember", "", "høy"] in cells

    # check knows the key (no "ukjent felt" warning), the diff names it by its label, and a
    # new measure is written with it, so a later edit changes a line instead of adding one.
    checked = handlingsplan_with_priority("check", small_plan)
    assert (checked.returncode, checked.stdout) == (0, "")
    before = small_plan.parent / "before.toml"
    before.write_text(SMALL_PLAN, encoding="utf-8")
    described = handlingsplan_with_priority("diff", before, small_plan).stdout
    assert described == "1.1 Tiltak 2 «Klarlegge vervemålene»: Prioritet (tom) → høy\n"
    added = handlingsplan_with_priority("add", small_plan, "1.2", "text=Ny", "priority=lav")
    assert added.returncode == 0, added.stderr
    _, new_lines = changed_lines(after_set, small_plan.read_text(encoding="utf-8"))
    assert new_lines[-2:] == ['prosjektnr = ""', 'prioritet = "lav"']


def test_every_place_names_the_fields_the_table_names():
    """The model's attributes, set's names and the TOML keys are the table's, and so are
    the JSON keys of `list` (spot-checked in test_cli)."""
    from tui.domain.model import MEASURE_KEYS, Measure

    measure = Measure.new("t-1")
    assert list(measure.data) == ["id", *MEASURE_KEYS[1:]]
    for spec in fields.MEASURE_FIELDS:
        assert getattr(measure, spec.name) == spec.empty
        assert fields.measure_field(spec.key) is fields.measure_field(spec.name) is spec


def test_the_schema_file_lists_the_keys_docs_format_documents():
    documented = Path(ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    for spec in (*fields.MEASURE_FIELDS, *fields.PLAN_FIELDS):
        assert f"`{spec.key}`" in documented


def test_list_json_keeps_its_keys_and_their_order(capsys, small_plan):
    """The JSON keys come from the table now; scripts that read them see no change (but the
    reference `set` takes, added by issue 15)."""
    from tui.cli import main

    assert main(["list", str(small_plan), "--format", "json"]) == 0
    [row] = [r for r in json.loads(capsys.readouterr().out) if r["id"] == "t-3"]
    assert list(row.items()) == [
        ("id", "t-3"),
        ("plan", str(small_plan)),
        ("section", "1.1"),
        ("section_title", "Heltid"),
        ("number", 3),
        ("reference", "1.1.3"),
        ("text", "Kreve tariffavtaler"),
        ("responsible", ["Leder", "Nestleder"]),
        ("responsible_as_written", ["Leder", "Nestleder"]),
        ("qualifier", "etter innspill fra yrkesseksjoner"),
        ("deadline", "Kontinuerlig"),
        ("deadline_kind", "kontinuerlig"),
        ("due", None),
        ("status", "pågår"),
        ("comment", ""),
        ("budget", ""),
        ("project_number", ""),
    ]
