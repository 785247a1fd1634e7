"""The public model: personal fields dropped, every other string redacted, figures untouched."""

from __future__ import annotations

import datetime
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from test_redact import LOOKALIKES, PHONES, SIGNATURES

from site_builder.public.model import (
    FieldRemoval,
    personal_values,
    public_markdown,
    public_project,
    public_report,
    redact_file,
)
from site_builder.public.textnorm import MARKER
from site_builder.schema import ProjectReport, Report


def _report_data(**extra: object) -> dict:
    data: dict = {
        "unit": "430624-renshe",
        "year": 2021,
        "cover": {"title": "湘阴县2021年度部门（单位）整体支出绩效评价自评报告", "budget_code": "301001"},
        "contact": {"name": "张三", "phone": "0730-2266341"},
        "staffing": {"authorized": 32, "actual": 32, "note": "办公室电话 3989001"},
        "functions": "负责全县人社工作，服务热线12345。",
        "main_work": "联系电话：13912345678，邮编414600。",
        "expenditure": {
            "money_unit": "万元",
            "rows": [{"institution": "局机关", "total": Decimal("48929.9"), "project": Decimal("46161.7")}],
        },
        "goals": [
            {"target": "按时足额发放", "actual": "已完成，联系人手机 139 1234 5678"},
            {"target": "5.4%以内", "actual": "2021年1-12月完成364595人"},
        ],
        "indicators": {
            "group_weights": {"产出指标": 50},
            "rows": [
                {
                    "level1": "产出指标",
                    "level3": "参保人数",
                    "target": "95%以上",
                    "actual": "100%",
                    "weight": 10,
                    "score": 10,
                    "deviation": "详询（0730）2266341转8001",
                }
            ],
        },
        "evaluators": [{"name": "李四", "title": "局长", "unit": "湘阴县人社局", "signature": "李四"}],
        "opinions": [
            {
                "role": "部门（单位）意见",
                "text": "同意。负责人（签章）：王某某",
                "signatory": "王某某",
                "date": "2022年3月30日",
            }
        ],
        "filled_by": {"signature": "方某", "phone": "13812345678"},
        "stated_figures": [
            {"name": "项目支出", "value": "46161.6", "unit": "万元", "quote": "项目支出46161.6万元，咨询13712345678"},
            {"name": "说明", "value": "电话0730-2266341", "quote": "详见湘财绩〔2020〕4号"},
        ],
        "remarks": "填报人（签名）：方某                联系电话：13812345678",
    }
    data.update(extra)
    return data


def _project_data() -> dict:
    return {
        "slug": "shebao-jijin",
        "name": "社保基金征缴",
        "cover": {"title": "项目支出绩效评价自评报告", "report_date": datetime.date(2023, 3, 28)},
        "leader": {"name": "李某", "phone": "3989001"},
        "address": "社保中心，电话0730-3989001",
        "postcode": "414300",
        "period": "2022年1月起至2022年12月止",
        "evaluators": [{"name": "赵某", "signature": "赵某"}],
        "filled_by": {"signature": "方某", "phone": "18812345678"},
        "remarks": "项目负责人手机：+86 138 1234 5678",
    }


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_public_report_removes_personal_fields_and_redacts_text() -> None:
    report = Report.model_validate(_report_data())
    original_dump = report.model_dump()
    public, removals = public_report(report)

    assert report.model_dump() == original_dump  # the source model is untouched
    assert public.contact is not None and public.contact.phone is None and public.contact.name == "张三"
    assert public.filled_by is None
    assert public.evaluators[0].signature is None and public.evaluators[0].name == "李四"
    assert public.opinions[0].signatory is None
    assert public.main_work == f"联系电话：{MARKER}，邮编414600。"
    assert public.goals[0].actual == f"已完成，联系人手机 {MARKER}"
    assert public.goals[1].actual == "2021年1-12月完成364595人"
    assert public.indicators is not None and public.indicators.rows[0].deviation == f"详询{MARKER}"
    assert public.staffing is not None and public.staffing.note == f"办公室电话 {MARKER}"
    assert public.opinions[0].text == f"同意。负责人（签章）：{MARKER}"
    assert public.stated_figures[0].quote == f"项目支出46161.6万元，咨询{MARKER}"
    assert public.stated_figures[1].value == f"电话{MARKER}"
    assert public.stated_figures[1].quote == "详见湘财绩〔2020〕4号"
    assert public.remarks == f"填报人（签名）：{MARKER}                联系电话：{MARKER}"
    assert public.functions == "负责全县人社工作，服务热线12345。"
    # figures untouched
    assert public.expenditure is not None
    assert public.expenditure.rows[0].total == Decimal("48929.9")
    assert public.expenditure.rows[0].project == Decimal("46161.7")
    assert public.cover.budget_code == "301001"

    fields = {(r.field, r.kind) for r in removals}
    assert all(isinstance(r, FieldRemoval) for r in removals)
    assert {
        ("contact.phone", "phone"),
        ("filled_by.signature", "signature"),
        ("filled_by.phone", "phone"),
        ("evaluators[0].signature", "signature"),
        ("opinions[0].signatory", "signature"),
        ("main_work", "phone"),
        ("goals[0].actual", "phone"),
        ("indicators.rows[0].deviation", "phone"),
        ("staffing.note", "phone"),
        ("opinions[0].text", "signature"),
        ("stated_figures[0].quote", "phone"),
        ("stated_figures[1].value", "phone"),
        ("remarks", "signature"),
        ("remarks", "phone"),
    } <= fields
    dumped = public.model_dump_json()
    for secret in (
        "2266341",
        "3989001",
        "13912345678",
        "139 1234 5678",
        "13812345678",
        "13712345678",
        "方某",
        "王某某",
    ):
        assert secret not in dumped
    assert "李四" in dumped  # evaluator names are public record
    for removal in removals:
        assert "*" in removal.masked


@pytest.mark.parametrize("phone", PHONES)
def test_every_phone_form_in_yaml_string_fields(phone: str) -> None:
    data = _report_data(
        functions=f"咨询电话{phone}。",
        achievements=f"- 值班：{phone}\n- 12345热线",
        goals=[{"target": "按时足额发放", "actual": f"| 办公室 | {phone} |"}],
    )
    public, removals = public_report(Report.model_validate(data))
    strings = _strings(public.model_dump(mode="json"))
    assert not any(phone in s for s in strings)
    assert public.functions == f"咨询电话{MARKER}。"
    assert public.achievements == f"- 值班：{MARKER}\n- 12345热线"
    assert public.goals[0].actual == f"| 办公室 | {MARKER} |"
    assert {"functions", "achievements", "goals[0].actual"} <= {r.field for r in removals}


@pytest.mark.parametrize(("line", "expected"), SIGNATURES)
def test_every_signature_line_in_yaml_string_fields(line: str, expected: str | None) -> None:
    public, removals = public_report(Report.model_validate(_report_data(remarks=line)))
    assert public.remarks is not None and MARKER in public.remarks
    if expected is not None:
        assert public.remarks == expected
    assert ("remarks", "signature") in {(r.field, r.kind) for r in removals}


def test_lookalikes_in_yaml_string_fields_survive() -> None:
    text = "；".join(LOOKALIKES)
    data = _report_data(functions=text, main_work=None, remarks=None, goals=[{"target": text, "actual": text}])
    public, removals = public_report(Report.model_validate(data))
    assert public.functions == text
    assert public.goals[0].target == text and public.goals[0].actual == text
    assert not [r for r in removals if r.field in ("functions", "goals[0].target", "goals[0].actual")]


def test_public_project() -> None:
    project = ProjectReport.model_validate(_project_data())
    public, removals = public_project(project)
    assert public.leader is not None and public.leader.phone is None and public.leader.name == "李某"
    assert public.filled_by is None
    assert public.evaluators[0].signature is None
    assert public.address == f"社保中心，电话{MARKER}"
    assert public.postcode == "414300"
    assert public.period == "2022年1月起至2022年12月止"
    assert public.remarks == f"项目负责人手机：{MARKER}"
    assert {
        "leader.phone",
        "filled_by.signature",
        "filled_by.phone",
        "evaluators[0].signature",
        "address",
        "remarks",
    } <= {r.field for r in removals}
    assert project.leader is not None and project.leader.phone == "3989001"  # source untouched


def test_personal_values() -> None:
    report = Report.model_validate(_report_data())
    assert personal_values(report) == {"0730-2266341", "方某", "13812345678", "李四", "王某某"}
    assert personal_values(ProjectReport.model_validate(_project_data())) == {"3989001", "方某", "18812345678", "赵某"}
    bare = Report.model_validate({"unit": "x", "year": 2021, "cover": {"title": "t"}})
    assert personal_values(bare) == set()


def test_public_markdown() -> None:
    markdown = textwrap.dedent(
        """\
        # 湘阴县人社局2021年度绩效自评报告

        全年支出48929.9万元，其中项目支出46161.7万元。

        | 科室 | 联系电话 |
        |---|---|
        | 办公室 | 0730-2266341 |
        | 服务热线 | 12345 |

        - 联系人：张三，手机 139 1234 5678
        - [拨打办公室](tel:0730-2266341)
        - [13912345678](tel:+8613912345678)

        填报人（签名）：方某                联系电话：3989001
        """
    )
    public, removals = public_markdown(markdown)
    assert "| 办公室 | " + MARKER + " |" in public
    assert "| 服务热线 | 12345 |" in public
    assert f"- 联系人：张三，手机 {MARKER}" in public
    assert f"- 拨打办公室{MARKER}" in public
    assert f"- {MARKER}\n" in public
    assert f"填报人（签名）：{MARKER}" in public
    assert "48929.9万元" in public and "46161.7万元" in public
    for secret in ("2266341", "1234 5678", "13912345678", "方某", "3989001"):
        assert secret not in public
    assert len(removals) == 7
    assert all(markdown[r.start : r.end] == r.original for r in removals)


# ---------------------------------------------------------------- redact_file

REPORT_YAML = """\
unit: 430624-renshe
year: 2021
cover:
  title: 湘阴县2021年度部门（单位）整体支出绩效评价自评报告
  budget_code: "301001"
  report_date: 2022-03-30
contact:
  name: 张三
  phone: "0730-2266341"
main_work: |
  一、做好社保工作。
  联系电话：13912345678。
expenditure:
  money_unit: 万元
  rows:
    - institution: 局机关
      total: 48929.9
      project: 46161.7
      personnel: 100
goals:
  - target: 按时足额发放
    actual: 已完成，手机 139 1234 5678
filled_by:
  signature: 方某
  phone: "13812345678"
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_redact_file_report_yaml(tmp_path: Path) -> None:
    path = _write(tmp_path / "units" / "430624-renshe" / "2021" / "report.yaml", REPORT_YAML)
    text, removals = redact_file(path)
    data = yaml.safe_load(text)
    assert "phone" not in data["contact"]
    assert "filled_by" not in data
    assert data["main_work"] == f"一、做好社保工作。\n联系电话：{MARKER}。\n"
    assert data["goals"][0]["actual"] == f"已完成，手机 {MARKER}"
    assert "total: 48929.9\n" in text and "project: 46161.7\n" in text and "personnel: 100\n" in text
    assert data["expenditure"]["rows"][0]["total"] == 48929.9
    assert data["cover"]["budget_code"] == "301001"
    assert "湘阴县" in text  # allow_unicode
    for secret in ("2266341", "13912345678", "1234 5678", "方某", "13812345678"):
        assert secret not in text
    assert (9, "phone", "*********41") in removals  # contact.phone
    assert (12, "phone", "*********78") in removals  # main_work, second line of its block
    assert (22, "phone", "*********78") in removals  # goals[0].actual
    assert (24, "signature", "*某") in removals  # filled_by.signature
    assert (25, "phone", "*********78") in removals  # filled_by.phone
    assert len(removals) == 5


def test_redact_file_project_yaml(tmp_path: Path) -> None:
    project = yaml.safe_dump(_project_data(), allow_unicode=True, sort_keys=False)
    path = _write(tmp_path / "units" / "u" / "2022" / "projects" / "shebao-jijin.yaml", project)
    text, removals = redact_file(path)
    data = yaml.safe_load(text)
    assert data["postcode"] == "414300"
    assert "phone" not in data["leader"]
    assert "3989001" not in text and "方某" not in text
    assert {kind for _, kind, _ in removals} == {"phone", "signature"}
    assert all(line >= 1 for line, _, _ in removals)


def test_redact_file_unit_yaml_unchanged(tmp_path: Path) -> None:
    unit = 'id: 430624-renshe\nname: 湘阴县人力资源和社会保障局\nlevel: county\nregion:\n  name: 湖南省岳阳市湘阴县\n  code: "430624"\n'
    path = _write(tmp_path / "units" / "430624-renshe" / "unit.yaml", unit)
    text, removals = redact_file(path)
    assert removals == []
    assert yaml.safe_load(text) == {**yaml.safe_load(unit), "maintainers": []}


def test_redact_file_markdown(tmp_path: Path) -> None:
    md = "# 报告\n\n全年支出48929.9万元。\n\n| 办公室 | 0730-2266341 |\n\n填报人（签名）：方某   电话：13912345678\n"
    path = _write(tmp_path / "narrative.md", md)
    text, removals = redact_file(path)
    assert "48929.9万元" in text
    assert removals == [(5, "phone", "*********41"), (7, "signature", "*某"), (7, "phone", "*********78")]


def test_redact_file_rejects_unknown_yaml(tmp_path: Path) -> None:
    path = _write(tmp_path / "other.yaml", "a: 1\n")
    with pytest.raises(ValueError):
        redact_file(path)
