"""docs/format.md's example and the JSON Schema agree with the code."""

import json
import re
import tomllib

import jsonschema
import pytest

from tui.actions.check import check_file

from .conftest import PLANS, ROOT

SCHEMA = json.loads((ROOT / "schema" / "handlingsplan.schema.json").read_text(encoding="utf-8"))


def documented_example() -> str:
    text = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", text, re.DOTALL)
    return max(blocks, key=len)


def schema_errors(data) -> list[str]:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    return sorted(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    )


def test_documented_example_is_a_clean_plan(tmp_path):
    path = tmp_path / "example.toml"
    path.write_text(documented_example(), encoding="utf-8")
    assert check_file(path) == []
    assert schema_errors(tomllib.loads(documented_example())) == []


@pytest.mark.parametrize("path", sorted(PLANS.glob("*.toml")), ids=lambda p: p.stem)
def test_example_plans_match_the_schema(path):
    # follo-2023's five text-less activity rows now carry their numbered row's text (issue 16).
    assert schema_errors(tomllib.loads(path.read_text(encoding="utf-8"))) == []


def test_schema_rejects_what_check_rejects():
    data = tomllib.loads(documented_example())
    measure = data["kapittel"][1]["seksjon"][0]["tiltak"][0]
    measure["status"] = "ferdig"
    measure["seksjon"] = [{"id": "s-x"}]
    errors = schema_errors(data)
    assert any("status: 'ferdig' is not one of" in e for e in errors)
    assert any("should not be valid under" in e for e in errors)
