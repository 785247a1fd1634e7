"""岳阳市君山区人力资源和社会保障局 2023 (seed 001_dc9c9a078db0651c.txt): the transcription holds what the seed prints."""

from __future__ import annotations

from decimal import Decimal

import pytest
from seeds import ROOT, compact, in_seed, seed_text

from site_builder.schema import ProjectReport, Report, Unit
from site_builder.sources.yamlsource import read_yaml

UNIT_ID = "430611-renshe"
UNIT_DIR = ROOT / "units" / UNIT_ID
YEAR_DIR = UNIT_DIR / "2023"


@pytest.fixture(scope="module", autouse=True, params=[UNIT_ID], ids=[UNIT_ID])
def _unit_id(request: pytest.FixtureRequest) -> str:
    """Puts the unit id in every test id, so ``-k 430611-renshe`` selects these tests."""
    return request.param


@pytest.fixture(scope="module")
def unit() -> Unit:
    return Unit.model_validate(read_yaml(UNIT_DIR / "unit.yaml").data)


@pytest.fixture(scope="module")
def report() -> Report:
    return Report.model_validate(read_yaml(YEAR_DIR / "report.yaml").data)


@pytest.fixture(scope="module")
def project() -> ProjectReport:
    return ProjectReport.model_validate(read_yaml(YEAR_DIR / "projects" / "shebao-jijin-ducha.yaml").data)


@pytest.fixture(scope="module")
def narrative() -> str:
    return (YEAR_DIR / "narrative.md").read_text(encoding="utf-8")


def D(text: str) -> Decimal:
    return Decimal(text)


def test_unit(unit: Unit) -> None:
    assert unit.id == UNIT_ID
    assert unit.name == "岳阳市君山区人力资源和社会保障局"
    assert unit.short_name == "君山区人社局"
    assert unit.level == "county"
    assert unit.region.name == "湖南省岳阳市君山区"
    assert unit.region.code == "430611"
    assert unit.parent_department == "岳阳市君山区人民政府"
    assert unit.budget_code is None


def test_cover(report: Report) -> None:
    assert report.unit == UNIT_ID and report.year == 2023
    assert report.cover.title == "2023年度岳阳市君山区人力资源和社会保障局整体支出绩效自评报告"
    assert report.cover.annex is None
    assert report.cover.budget_code is None
    assert str(report.cover.report_date) == "2024-06-26"


def test_basic_data(report: Report) -> None:
    bd = report.basic_data
    assert bd is not None
    assert bd.title == "2023年度部门整体支出绩效评价基础数据表"
    assert bd.annex == "附件1"
    assert bd.money_unit == "万元"
    assert (bd.prior_final_label, bd.budget_label, bd.final_label) == ("2022年决算数", "2023年预算数", "2023年决算数")
    assert bd.staffing is not None
    assert bd.staffing.authorized == 21 and bd.staffing.actual == 21
    assert bd.staffing.control_rate == "100%"
    rows = {r.item.strip(): r for r in bd.rows}
    assert len(bd.rows) == 16
    # 三公经费
    sg = rows["三公经费"]
    assert sg.measure == "official_costs.total"
    assert (sg.prior_final, sg.budget, sg.final) == (D("1.97"), D("1.5"), D("1.13"))
    jd = rows["3、公务接待"]
    assert jd.measure == "official_costs.reception"
    assert (jd.prior_final, jd.budget, jd.final) == (D("1.97"), D("1.5"), D("1.13"))
    for item, measure in (
        ("1、公务用车购置和维护经费", "official_costs.vehicle_total"),
        ("其中：公车购置", "official_costs.vehicle_purchase"),
        ("公车运行维护", "official_costs.vehicle_operation"),
        ("2、出国经费", "official_costs.overseas_travel"),
    ):
        row = rows[item]
        assert row.measure == measure
        assert (row.prior_final, row.budget, row.final) == (None, None, None)
    # 项目支出
    xm = rows["项目支出："]
    assert xm.measure == "expenditure.project"
    assert (xm.prior_final, xm.budget, xm.final) == (D("283.46"), D("423.5"), D("306.23"))
    db = rows["1、社保基金督查专项经费"]
    assert db.measure is None
    assert (db.prior_final, db.budget, db.final) == (None, D("100"), D("100"))
    assert rows["3、市级专项资金（一个专项一行）"].final is None
    # 公用经费
    gy = rows["公用经费"]
    assert gy.measure == "expenditure.public"
    assert (gy.prior_final, gy.budget, gy.final) == (D("224.47"), D("305.36"), D("305.36"))
    bg = rows["其中：办公经费"]
    assert (bg.prior_final, bg.budget, bg.final) == (D("31.06"), D("34.5"), D("34.5"))
    sd = rows["水费、电费、差旅费"]
    assert (sd.prior_final, sd.budget, sd.final) == (D("19.6"), D("26.5"), D("26.5"))
    assert rows["会议费、培训费"].budget is None
    # 政府采购金额: 2022 cell printed as ——
    cg = rows["政府采购金额"]
    assert cg.measure == "procurement"
    assert cg.prior_final is None and cg.note == "——"
    assert (cg.budget, cg.final) == (D("257.3"), D("391.83"))
    tz = rows["部门基本支出预算调整"]
    assert tz.note == "——" and (tz.prior_final, tz.budget, tz.final) == (None, None, None)
    assert bd.buildings == []
    assert bd.frugality_measures is not None and "实施细则特神" in bd.frugality_measures  # typo kept
    assert bd.note is not None and in_seed(UNIT_ID, bd.note)
    # no "……" placeholder rows
    assert all("……" not in r.item for r in bd.rows)


def test_budget_execution(report: Report) -> None:
    be = report.budget_execution
    assert be is not None and be.money_unit == "万元"
    assert len(be.rows) == 1
    row = be.rows[0]
    assert row.item == "年度资金总额"
    assert row.initial_budget == D("741.21")
    assert row.full_year_budget == D("1294.52")
    assert row.executed == D("1294.52")
    assert row.weight == D("10")
    assert row.execution_rate == "100%"
    assert row.score is None
    assert be.by_income_source is not None
    assert be.by_income_source.general_public_budget == D("1294.52")
    assert be.by_income_source.government_fund is None
    assert be.by_income_source.special_account is None
    assert be.by_income_source.other is None
    assert be.by_expenditure_type is not None
    assert be.by_expenditure_type.basic == D("988.3")
    assert be.by_expenditure_type.project == D("306.22")


def test_goals_indicators_score(report: Report) -> None:
    assert len(report.goals) == 1
    assert report.goals[0].target.startswith("贯彻落实社会保险有关政策和法律法规")
    assert report.goals[0].actual.startswith("完成2023年全区各类社会保障")
    ind = report.indicators
    assert ind is not None
    assert ind.group_weights == {"产出指标": D("50"), "效益指标": D("30"), "满意度指标": D("10")}
    assert ind.total_weight == D("100")
    assert len(ind.rows) == 14
    r = ind.rows[0]
    assert (r.level1, r.level2, r.level3, r.target, r.actual) == (
        "产出指标",
        "数量指标",
        "城镇登记失业率",
        "5.4%以内",
        "5.4%以内",
    )
    assert (r.weight, r.score, r.deviation) == (D("10"), D("10"), None)
    r = ind.rows[3]
    assert (r.level2, r.level3, r.target, r.actual) == ("质量指标", "城镇新增就业人数", "2400", "2910")
    r = ind.rows[7]
    assert (r.level2, r.level3, r.target) == ("成本指标", "公益性岗位补贴人均标准", "1740元/人/月")
    r = ind.rows[9]
    assert (r.level1, r.level2, r.weight, r.score) == ("效益指标", "经济效益指标", D("5"), D("5"))
    for i, level2 in ((10, "社会效益指标"), (11, "生态效益指标"), (12, "可持续影响指标")):
        r = ind.rows[i]
        assert (r.level1, r.level2) == ("效益指标", level2)
        assert (r.level3, r.target, r.actual, r.weight, r.score) == (None, None, None, None, None)
    r = ind.rows[13]
    assert (r.level1, r.level2, r.level3) == ("满意度指标", "服务对象满意度指标", "参保人员满意度")
    assert (r.target, r.actual, r.weight, r.score) == ("达95%以上", "95%以上", D("5"), D("4"))
    assert sum(x.weight for x in ind.rows if x.weight is not None) == D("100")
    assert sum(x.score for x in ind.rows if x.score is not None) == D("99")
    assert report.score is not None
    assert report.score.total == D("99")
    assert report.score.grade == "优"
    assert report.score.grade_printed == "优秀"


def test_no_personal_fields(report: Report, project: ProjectReport) -> None:
    # The seed prints no contact, filled_by, evaluators or signature lines.
    for model in (report, project):
        assert model.filled_by is None
        assert model.evaluators == []
        assert model.opinions == []
    assert report.contact is None
    assert project.leader is None


def test_stated_figures(report: Report) -> None:
    figs = {(f.name, f.field): f for f in report.stated_figures}
    assert figs[("2023年“三公”经费支出", "basic_data.rows[0].final")].value == D("0.80")
    assert figs[("2023年公务接待费", "basic_data.rows[5].final")].value == D("0.80")
    assert figs[("2023年项目支出", "basic_data.rows[6].final")].value == D("306.22")
    assert figs[("2023年项目支出", "budget_execution.by_expenditure_type.project")].value == D("306.22")
    assert figs[("2023年基本支出", "budget_execution.by_expenditure_type.basic")].value == D("988.30")
    assert figs[("2023年城镇新增就业人数", "indicators.rows[3].actual")].value == D("2558")
    assert figs[("评价等次", "score.grade_printed")].value == "优秀"
    for fig in report.stated_figures:
        assert in_seed(UNIT_ID, fig.quote), fig.quote
        assert str(fig.value) in compact(fig.quote)
    # the fields point at the figures they disagree with
    assert report.basic_data.rows[0].final == D("1.13")
    assert report.basic_data.rows[6].final == D("306.23")


def test_project(project: ProjectReport) -> None:
    assert project.slug == "shebao-jijin-ducha"
    assert project.name == "社保基金督查专项经费"
    assert project.cover.annex == "附件3"
    assert project.cover.title == "2023年度项目支出绩效自评表"
    assert project.department is None and project.implementing_unit is None
    be = project.budget_execution
    assert be is not None and be.money_unit == "万元"
    assert [r.item for r in be.rows] == ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    total = be.rows[0]
    assert (total.initial_budget, total.full_year_budget, total.executed) == (D("100"), D("100"), D("100"))
    assert (total.weight, total.execution_rate, total.score) == (D("10"), "100%", D("10"))
    assert be.rows[1].executed == D("100") and be.rows[1].weight is None
    assert all(
        v is None
        for r in be.rows[2:]
        for v in (r.initial_budget, r.full_year_budget, r.executed, r.weight, r.execution_rate, r.score)
    )
    assert len(project.goals) == 1
    assert project.goals[0].target.startswith("加强综合监管、行政监管")
    ind = project.indicators
    assert ind is not None
    assert ind.group_weights == {"产出指标": D("50"), "效益指标": D("30"), "满意度指标": D("10")}
    assert ind.total_weight == D("100")
    assert len(ind.rows) == 10
    r = ind.rows[0]
    assert (r.level2, r.level3, r.target, r.actual, r.weight, r.score) == (
        "数量指标",
        "人社协理员培训",
        "按计划执行培训",
        "已进行培训",
        D("15"),
        D("15"),
    )
    r = ind.rows[5]
    assert (r.level1, r.level2, r.level3, r.weight) == ("效益指标", "经济效益指标", "间接推动经济发展", D("10"))
    assert (ind.rows[3].level2, ind.rows[3].level3, ind.rows[3].weight) == ("时效指标", None, None)
    assert (ind.rows[9].level1, ind.rows[9].level2, ind.rows[9].score) == ("满意度指标", "服务对象满意度指标", None)
    assert project.score is not None and project.score.total == D("100") and project.score.grade is None
    assert project.remarks is not None and project.remarks.startswith("一个一级项目支出一张表")
    assert not (YEAR_DIR / "projects" / "shebao-jijin-ducha.md").exists()


SENTENCES = [
    "2023年度岳阳市君山区人力资源和社会保障局整体支出绩效自评报告",
    "岳阳市君山区人力资源和社会保障局内设机构8个，事业单位6个。",
    "2023年基本支出988.30万元 ，具体包括：",
    "2023年度，区人社局“三公”经费0.80万元，其中公务接待费为0.80万元",
    "2023年度，区人社局项目支出总额为306.22万元。",
    "三、政府性基金预算支出情况政府性基金预算支出情况",
    "2023年我单位无国有资本经营预算支出。",
    "2023年，城镇新增就业2558人，完成比为107%；城镇调查失业率控制在5.2%以内。",
    "养老、工伤、失业保险法定人员参保分别达到18.67万人、3.82万人、0.45万人；发放各项社保待遇16.2亿元。",
    "为1230名农民工追回拖欠工资850余万元。",
    "我局各项指标都较好地达到了相关要求，2023年部门整体支出绩效自评结论为优秀。",
    "因部门整体支出的资金安排和使用上具有不可预见性，在科学设置预算绩效指标上还需进一步加强。",
    "将自评结果作为下年预算编制及执行的重要参考，绩效自评报告依规定公开，接受社会监督。",
    "暂无其他需要说明的情况。",
]


def test_narrative(narrative: str) -> None:
    assert narrative.splitlines()[0] == "# 2023年度岳阳市君山区人力资源和社会保障局整体支出绩效自评报告"
    body = compact(narrative)
    for sentence in SENTENCES:
        assert in_seed(UNIT_ID, sentence), sentence
        assert compact(sentence) in body, sentence
    assert "2024年 6 月 26 日" in narrative
    assert "## 七、存在的问题及原因分析" in narrative
    assert "### （五）财政预算绩效自评结论" in narrative


def test_narrative_complete(narrative: str) -> None:
    """Every non-empty line of the seed's 文字部分 (from the cover title on) occurs in narrative.md."""
    text = seed_text(UNIT_ID)
    start = text.index(" 2023年度岳阳市君山区人力资源和社会保障局整体支出绩效自评报告")
    body = compact(narrative)
    for line in text[start:].splitlines():
        if line.strip():
            assert compact(line) in body, line
