"""Downloads: every CSV opened with the csv module matches the YAML figure for figure; the data package
validates with frictionless; the Atom feed parses with its required elements; all of it is the public model."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

from seeds import ROOT, SEED_OF_UNIT, YEAR_OF_UNIT

from site_builder.sources.yamlsource import read_yaml


def _csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no BOM (Excel would garble Chinese)"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def _yaml(unit_id: str) -> dict:
    return read_yaml(ROOT / "units" / unit_id / str(YEAR_OF_UNIT[unit_id]) / "report.yaml").data


def _printed(value: object) -> str:
    return "" if value is None else format(value, "f") if isinstance(value, Decimal) else str(value)


def test_income_expenditure_and_official_costs_csv_match_the_yaml(built_site: Path) -> None:
    income = _csv(built_site / "data/income.csv")
    expenditure = _csv(built_site / "data/expenditure.csv")
    official = _csv(built_site / "data/official_costs.csv")
    checked = 0
    for unit_id in SEED_OF_UNIT:
        data = _yaml(unit_id)
        for table, rows, fields in (
            (
                "income",
                income,
                ["total", "carried_over", "public_finance", "government_fund", "special_account", "other"],
            ),
            (
                "expenditure",
                expenditure,
                ["total", "basic", "personnel", "public", "project", "balance_year", "balance_cumulative"],
            ),
        ):
            mine = [r for r in rows if r["unit_id"] == unit_id]
            source = (data.get(table) or {}).get("rows", [])
            assert len(mine) == len(source)
            for got, want in zip(mine, source, strict=True):
                assert got["institution"] == want["institution"]
                assert got["money_unit"] == data[table]["money_unit"]
                for f in fields:
                    assert got[f] == _printed(want.get(f)), (unit_id, table, f)
                    checked += 1
        for want in (data.get("official_costs") or {}).get("rows", []):
            got = next(
                r
                for r in official
                if r["unit_id"] == unit_id and r["kind"] == "决算" and r["institution"] == want["institution"]
            )
            for f in ("total", "reception", "vehicle_operation", "vehicle_purchase", "overseas_travel"):
                assert got[f] == _printed(want.get(f))
                checked += 1
    assert checked > 100


def test_blank_cells_stay_blank_not_zero(built_site: Path) -> None:
    row = next(r for r in _csv(built_site / "data/income.csv") if r["unit_id"] == "430624-renshe")
    assert row["carried_over"] == "" and row["public_finance"] == "48929.9"
    zero = next(r for r in _csv(built_site / "data/income.csv") if r["unit_id"] == "430682-shebao" and r["total"])
    assert zero["carried_over"] == "0"  # printed 0 stays 0


def test_yuan_figures_keep_their_printed_unit(built_site: Path) -> None:
    row = next(r for r in _csv(built_site / "data/expenditure.csv") if r["unit_id"] == "510422-renshe")
    assert (row["money_unit"], row["project"]) == ("元", "7851828.47")


def test_indicators_projects_and_funds(built_site: Path) -> None:
    indicators = _csv(built_site / "data/indicators.csv")
    row = next(r for r in indicators if r["unit_id"] == "430611-renshe" and r["level3"] == "参保人员满意度")
    assert (row["target"], row["actual"], row["weight"], row["score"]) == ("达95%以上", "95%以上", "5", "4")
    projects = _csv(built_site / "data/projects.csv")
    assert {p["slug"] for p in projects} == {
        "shebao-jijin-zhengjiao",
        "zhihui-renshe",
        "shebao-jijin-ducha",
        "jingban-jihe-jingfei",
    }
    funds = _csv(built_site / "data/project_funds.csv")
    planned = next(r for r in funds if r["slug"] == "shebao-jijin-zhengjiao" and r["stage"] == "计划安排资金")
    assert (planned["total"], planned["county"], planned["central"]) == ("50", "50", "")


def test_per_report_downloads_are_the_public_model(built_site: Path) -> None:
    data = json.loads((built_site / "units/430682-shebao/2022/report.json").read_text(encoding="utf-8"))
    assert data["report"]["income"]["rows"][2]["total"] == 697.71
    assert "phone" not in json.dumps(data["report"].get("contact", {}))
    assert "filled_by" not in data["report"]
    text = (built_site / "units/430682-shebao/2022/report.csv").read_text(encoding="utf-8-sig")
    assert "697.71" in text and "18274135788" not in text and "15773028500" not in text


def test_datapackage_validates_with_frictionless(built_site: Path) -> None:
    from frictionless import validate

    report = validate(str(built_site / "data/datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors] + [e.message for e in report.errors]
    assert report.valid, errors[:10]
    package = json.loads((built_site / "data/datapackage.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in package["resources"]} == {
        "reports",
        "income",
        "expenditure",
        "official_costs",
        "indicators",
        "projects",
        "project_funds",
        "budget_execution",
        "economic_classification",
        "project_lines",
        "opening_closing",
    }


def test_data_dictionary_explains_every_column(built_site: Path) -> None:
    from sitebuild import page_text

    from site_builder.pages.opendata import TABLES

    text = page_text(built_site / "data/index.html")
    for table in TABLES:
        assert f"{table.name}.csv" in text
        for column in table.columns:
            assert column.name in text and column.title in text


def test_feed_is_valid_atom_newest_first(built_site: Path) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.parse(built_site / "feed.xml").getroot()
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for name in ("id", "title", "updated", "author/a:name"):
        assert root.find(f"a:{name}", ns) is not None, name
    entries = root.findall("a:entry", ns)
    assert len(entries) == len(SEED_OF_UNIT)
    for entry in entries:
        for name in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"a:{name}", ns) is not None, name
        assert (built_site / entry.find("a:link", ns).get("href") / "index.html").is_file()
    updated = [e.find("a:updated", ns).text for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert len({e.find("a:id", ns).text for e in entries}) == len(entries)


def test_year_page_compares_units_with_distributions(many_site: Path) -> None:
    from sitebuild import parse

    parsed = parse(many_site / "years/2021/index.html")
    county = next(t for t in parsed.tables if t and t[0][:2] == ["单位", "地区"])
    names = [row[0] for row in county[1:]]
    assert len(names) == 11 and sum("【测试数据】" in n for n in names) == 10
    grades = next(t for t in parsed.tables if t and t[0][:4] == ["优", "良", "中", "差"])
    assert sum(int(x) for x in grades[1]) == 11
    scores = next(t for t in parsed.tables if t and t[0][0] == "90–100")
    # derived scores 95, 91, 87, 83, 79, 75, 71, 67, 63, 59 and 湘阴's real 97
    assert scores[1] == ["3", "2", "3", "2", "1", "0"]


def test_second_year_of_a_unit_shows_its_changes(many_site: Path) -> None:
    from sitebuild import parse

    table = next(
        t
        for t in parse(many_site / "units/430624-renshe/index.html").tables
        if t and t[0] == ["项目", "2021年", "2022年", "2021→2022年变动"]
    )
    row = next(r for r in table if r[0] == "三公经费合计")
    # 8.9 → 8.9 × 1.25 = 11.125
    assert row[1:4] == ["8.9", "11.125", "+2.225（+25.00%）"]


def test_tables_from_each_units_lines_are_the_tables() -> None:
    """A build keeps each unit's CSV lines (opendata.unit_csv) and joins them: the same text as the whole table."""
    from site_builder.checks.validate import validate
    from site_builder.pages.opendata import TABLES, table_csv, unit_csv
    from site_builder.public.model import public_site
    from site_builder.sources.load import load

    site = public_site(validate(load(ROOT)))
    every = {unit.model.id: unit_csv(unit) for unit in site.units}
    some = dict(list(every.items())[:2])
    for table in TABLES:
        whole = table_csv(table, site)
        assert table_csv(table, site, every) == whole == table_csv(table, site, some)
        assert whole.count("\r\n") == 1 + sum(lines[table.name].count("\r\n") for lines in every.values())
    assert sum(lines["indicators"].count("\r\n") for lines in every.values()) > 50


def _plain(value: object) -> object:
    """JSON-ready data, the slow obvious way: Decimals as numbers with exactly the printed digits."""
    from pydantic import BaseModel

    from site_builder.money import CellAmount

    if isinstance(value, CellAmount):
        return {"value": _plain(Decimal(value)), "unit": value.unit}
    if isinstance(value, BaseModel):
        return {k: _plain(v) for k, v in value if v is not None and v != [] and v != {}}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def test_report_json_is_json_dumps_of_the_public_model(built_site: Path) -> None:
    """The fast writer of report.json gives exactly what json.dumps(indent=1) gives of the plain data, and that is
    the file the site publishes."""
    from site_builder.checks.validate import validate
    from site_builder.pages.reportfiles import report_json_text
    from site_builder.public.model import public_site
    from site_builder.sources.load import load

    site = public_site(validate(load(built_site.parent)))
    checked = 0
    for unit in site.units:
        for rep in unit.reports:
            data = {
                "unit": _plain(unit.model),
                "report": _plain(rep.model),
                "projects": [_plain(p.model) for p in rep.projects],
                "warnings": rep.warnings,
            }
            text = report_json_text(unit, rep)
            assert text == json.dumps(data, ensure_ascii=False, indent=1)
            published = (built_site / f"units/{unit.model.id}/{rep.year}/report.json").read_text(encoding="utf-8")
            assert published.rstrip("\n") == text
            checked += 1
    assert checked == len(SEED_OF_UNIT)
