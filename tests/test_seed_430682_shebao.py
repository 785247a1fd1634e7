"""临湘市社会保险服务中心 2022 (seed 004): the transcription holds what the seed prints."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from seeds import ROOT, compact, in_seed, seed_compact

from site_builder.schema import ProjectReport, Report, Unit
from site_builder.sources.yamlsource import read_yaml

UNIT_ID = "430682-shebao"
UNIT_DIR = ROOT / "units" / UNIT_ID
YEAR_DIR = UNIT_DIR / "2022"
SLUG = "jingban-jihe-jingfei"

D = Decimal


@pytest.fixture(scope="module", params=[UNIT_ID])
def unit_id(request: pytest.FixtureRequest) -> str:
    """Parametrised so that ``pytest -k 430682-shebao`` selects these tests."""
    return request.param


@pytest.fixture(scope="module")
def unit(unit_id: str) -> Unit:
    return Unit.model_validate(read_yaml(UNIT_DIR / "unit.yaml").data)


@pytest.fixture(scope="module")
def report(unit_id: str) -> Report:
    return Report.model_validate(read_yaml(YEAR_DIR / "report.yaml").data)


@pytest.fixture(scope="module")
def project(unit_id: str) -> ProjectReport:
    return ProjectReport.model_validate(read_yaml(YEAR_DIR / "projects" / f"{SLUG}.yaml").data)


def test_unit(unit: Unit) -> None:
    assert unit.id == UNIT_ID
    assert unit.name == "临湘市社会保险服务中心"
    assert unit.short_name == "临湘市社保中心"
    assert unit.level == "county"
    assert unit.region.code == "430682"
    assert unit.region.name == "湖南省岳阳市临湘市"
    assert unit.parent_department == "临湘市人力资源和社会保障局"
    assert unit.budget_code is None


def test_cover_and_basics(report: Report) -> None:
    assert report.unit == UNIT_ID and report.year == 2022
    assert report.cover.title == "临湘市2022年度部门（单位）整体支出绩效评价自评报告"
    assert report.cover.annex == "附件2"
    assert report.cover.budget_code is None
    assert report.cover.report_date == dt.date(2023, 3, 28)
    assert report.cover.issued_by == "临湘市财政局（制）"
    assert report.staffing.authorized == 32 and report.staffing.actual == 32
    assert report.main_work.splitlines()[-1] == "7、全面加强队伍作风建设和业务素养"
    assert "职业年金8427万元" in report.achievements


def test_income(report: Report) -> None:
    inc = report.income
    assert inc.money_unit == "万元"
    assert [r.institution for r in inc.rows] == ["局机关及二级机构汇总", "1、局机关", "2、社保中心", "3、二级机构2"]
    row = inc.rows[2]
    assert row.total == D("697.71")
    assert row.carried_over == D("0")
    assert row.public_finance == D("697.71")
    assert row.government_fund == D("0") and row.special_account == D("0") and row.other == D("0")
    for blank in (inc.rows[0], inc.rows[1], inc.rows[3]):
        assert blank.total is None and blank.public_finance is None and blank.other is None


def test_expenditure(report: Report) -> None:
    row = report.expenditure.rows[2]
    assert row.institution == "2、社保中心"
    assert row.total == D("697.71")
    assert row.basic == D("548.71")
    assert row.personnel == D("529.89")
    assert row.public == D("18.82")
    assert row.project == D("149")
    assert row.balance_year == D("0") and row.balance_cumulative == D("0")
    assert report.expenditure.rows[0].total is None
    assert report.expenditure.rows[3].balance_cumulative is None


def test_official_costs_and_assets(report: Report) -> None:
    oc = report.official_costs.rows[2]
    assert oc.total == D("9.19") and oc.reception == D("9.19")
    assert oc.vehicle_operation == D("0") and oc.vehicle_purchase == D("0") and oc.overseas_travel == D("0")
    assert report.official_costs.rows[1].total is None
    fa = report.fixed_assets.rows[2]
    assert fa.total == D("95.68") and fa.in_use == D("95.68") and fa.leased == D("0") and fa.other == D("0")
    assert report.fixed_assets.rows[0].in_use is None


def test_goals_indicators_score(report: Report) -> None:
    assert report.goals[0].actual.strip().endswith("职业年金4500万元。")
    rows = report.indicators.rows
    assert len(rows) == 14
    assert rows[0].level3 == "指标1：参保率"
    assert rows[0].actual == "符合条件的未参保的人员参保率98%"
    assert rows[0].target is None
    assert rows[3].level2 == "数量指标" and rows[3].actual == "18518万元"
    assert rows[5].level3 == "指标3;城乡居民养老保险征缴"
    assert rows[9].level2 == "成本指标" and rows[9].actual == "控制预算在697万以内。"
    assert rows[10].actual == "群众满意度100%以上"
    assert rows[12].level2 == "生态效益" and rows[12].actual is None
    assert all(r.level1 in ("产出目标", "效益目标") for r in rows)
    assert report.score.total == D("94.5") and report.score.grade == "优"


def test_personal_fields_report(report: Report) -> None:
    assert report.contact.name == "钱美娜" and report.contact.phone == "15773028500"
    assert report.filled_by.signature == "方桔" and report.filled_by.phone == "18274135788"
    assert [e.name for e in report.evaluators] == ["尹三君", "钱美娜"]
    assert all(e.signature is None for e in report.evaluators)
    assert [o.role for o in report.opinions] == ["评价组组长（签字）", "部门（单位）意见", "财政部门归口业务科室意见"]
    assert all(o.signatory is None and o.text is None for o in report.opinions)


def _figures(model, name):
    return [f for f in model.stated_figures if f.name == name]


def test_stated_figures(report: Report, project: ProjectReport) -> None:
    assert {f.value for f in _figures(report, "职业年金征缴")} == {D("8427"), D("4500")}
    assert {f.value for f in _figures(report, "事业养老保险征缴")} == {D("18518")}
    assert {f.value for f in _figures(project, "事业养老保险征缴")} == {D("18516"), D("18518")}
    income = _figures(report, "收入合计")[0]
    assert income.value == D("697.71") and income.unit == "元" and income.field == "income.rows[2].total"
    for f in report.stated_figures + project.stated_figures:
        assert in_seed(UNIT_ID, f.quote), f.quote


def test_project(project: ProjectReport) -> None:
    assert project.slug == SLUG
    assert project.name == "本经办机构及乡镇人员工作经费、基金管理稽核经费"
    assert project.project_unit == "临湘市社会保险服务中心"
    assert project.department == "临湘市人力资源和社会保障局"
    assert project.leader.name == "李霁" and project.leader.phone == "3989001"
    assert project.address == "社保中心" and project.postcode == "414300"
    assert project.cover.report_date == dt.date(2023, 3, 28)
    f = project.funds
    assert f.planned.total == D("149") and f.planned.county == D("149") and f.planned.central is None
    assert f.received.total == D("149") and f.received.county is None
    assert f.spent.total == D("149")
    assert f.balance.total == D("0") and f.balance.other is None
    lines = project.expenditure_lines
    assert [(r.item, r.amount) for r in lines.rows] == [
        ("本经办机构及乡镇人员工作经费", D("42")),
        ("基金管理稽核经费", D("107")),
    ]
    assert lines.total == D("149")
    rows = project.indicators.rows
    assert len(rows) == 11
    assert (rows[0].target, rows[0].actual) == ("18516万元", "18516万")
    assert (rows[3].level3, rows[3].target) == ("指标1：参保率", "100%")
    assert rows[5].level2 == "时效指标" and rows[5].actual is None
    assert rows[6].actual == "控制预算在149万元以内"
    assert rows[7].level2 == "经济效益指标"
    assert rows[10].actual == "群众满意度92%以上"
    assert project.score.total == D("98") and project.score.grade == "优"
    assert project.filled_by.signature == "方桔" and project.filled_by.phone == "18274135788"
    assert [o.role for o in project.opinions] == [
        "评价组组长（签字）",
        "项目单位意见",
        "主管部门意见",
        "财政部门归口业务股室意见",
    ]


NARRATIVE_SENTENCES = [
    "我市社会保险服务中心主要负责全市养老保险基金的征缴、发放及离退休人员生存认证审核，负责各项养老保险政策的宣传等。",
    "从预算单位构成看，临湘市社会保险服务中心隶属于人力资源和社会保障局的二级机构，财务独立核算。",
    "现有在职职工32人，全额拨款30人，自筹2人；退休职工12人。",
    "本年度实际收入697.71元，其中：财政拨款收入678.83万元，事业单位经营服务收入18.88万元万元；本年度实际支出697.71万元。",
    "1、工资福利费用支出396.7万元，包含：在编人员及劳务派遣人员的基本工资139.65万元",
    "3、对个人和家庭补助133.19万元，包含：退役费129.31万元，其他对个人和家庭补助3.88万元。",
    "4、项目支出149万元，包含：拨乡镇工作经费77.02万元",
    "5、固定资产净值20.67万元。",
    "今年共征缴养老保险基金45940万元，其中企业征收19856万元，城乡居保收入3066万元，机关事保收入18518万元，职业年金4500万元。",
    "5、金保二期企业养老保险系统平稳上线运行。",
    "6、退捕渔民应保尽保、应补尽补。",
    "改进措施和有关建议",
]

PROJECT_SENTENCES = [
    "项目一：基金管理稽核经费107万元，主要用于对退休人员死亡时间稽核所产生的交通费、伙食费。",
    "项目二：本级经办机构及乡镇工作经费42万元，主要用于乡镇代办人员经费及经办机构工作经费等方面。",
    "拨乡镇工作经费77.02万元，其他交通费用9.94万元，办公费5万元，印刷费8万元，公务接待费8.98万元",
    "（七）附件",
]


def test_narratives(unit_id: str) -> None:
    narrative = compact((YEAR_DIR / "narrative.md").read_text(encoding="utf-8"))
    assert narrative.startswith("#五、评价报告综述（文字部分）")
    for sentence in NARRATIVE_SENTENCES:
        assert compact(sentence) in narrative, sentence
        assert compact(sentence) in seed_compact(UNIT_ID), sentence
    project_md = compact((YEAR_DIR / "projects" / f"{SLUG}.md").read_text(encoding="utf-8"))
    for sentence in PROJECT_SENTENCES:
        assert compact(sentence) in project_md, sentence
        assert compact(sentence) in seed_compact(UNIT_ID), sentence


def test_no_personal_data_in_narratives(unit_id: str) -> None:
    for path in (YEAR_DIR / "narrative.md", YEAR_DIR / "projects" / f"{SLUG}.md"):
        text = path.read_text(encoding="utf-8")
        for personal in ("15773028500", "18274135788", "3989001", "方桔"):
            assert personal not in text
