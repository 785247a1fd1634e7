"""The generated files (JSON Schema for editors, 填报指南) match the schema they are generated from."""

from __future__ import annotations

import json

from seeds import ROOT

from site_builder.cli.guide import SCHEMAS, guide_markdown, json_schema
from site_builder.schema import Report


def test_committed_json_schemas_are_fresh() -> None:
    for name, model in SCHEMAS.items():
        committed = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert committed == json_schema(model), f"schema/{name}.schema.json is stale: run python -m site_builder schema"


def test_committed_guide_is_fresh_and_documents_every_field() -> None:
    guide = (ROOT / "content" / "guide.md").read_text(encoding="utf-8")
    assert guide == guide_markdown(), "content/guide.md is stale: run python -m site_builder schema"
    for name, field in Report.model_fields.items():
        assert f"| `{name}` | {field.title} |" in guide


def test_json_schema_accepts_figures_as_numbers_and_blanks_as_null() -> None:
    schema = json_schema(Report)
    income_row = schema["$defs"]["IncomeRow"]["properties"]["total"]
    number, own_unit = income_row["anyOf"]
    assert number == {"type": ["number", "null"]}
    assert own_unit["required"] == ["value", "unit"] and own_unit["properties"]["unit"]["enum"] == [
        "元",
        "万元",
        "亿元",
    ]
    assert schema["additionalProperties"] is False


def test_the_about_page_and_the_guide_state_the_same_redaction_rule() -> None:
    from site_builder.redaction_rule import redaction_markdown
    from site_builder.schema import PERSONAL_FIELDS

    about = (ROOT / "content" / "about.md").read_text(encoding="utf-8")
    guide = (ROOT / "content" / "guide.md").read_text(encoding="utf-8")
    body = redaction_markdown().split("\n", 1)[1]  # the rule without its heading
    assert body in about and body in guide
    assert all(f"`{field}`" in body for field in PERSONAL_FIELDS)
