"""湘阴县人力资源和社会保障局 2021 (seed 000_e0ff69c8a04ca770.txt): the transcription holds what the seed prints."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from seeds import ROOT, compact, in_seed, seed_text

from site_builder.schema import ProjectReport, Report, Unit
from site_builder.sources.yamlsource import read_yaml

UNIT = "430624-renshe"
UNIT_DIR = ROOT / "units" / UNIT
YEAR_DIR = UNIT_DIR / "2021"
SLUGS = ("shebao-jijin-zhengjiao", "zhihui-renshe")


def D(text: str) -> Decimal:
    return Decimal(text)


@pytest.fixture(scope="module")
def unit() -> Unit:
    return Unit.model_validate(read_yaml(UNIT_DIR / "unit.yaml").data)


@pytest.fixture(scope="module")
def report() -> Report:
    return Report.model_validate(read_yaml(YEAR_DIR / "report.yaml").data)


@pytest.fixture(scope="module")
def shebao() -> ProjectReport:
    return ProjectReport.model_validate(read_yaml(YEAR_DIR / "projects" / "shebao-jijin-zhengjiao.yaml").data)


@pytest.fixture(scope="module")
def zhihui() -> ProjectReport:
    return ProjectReport.model_validate(read_yaml(YEAR_DIR / "projects" / "zhihui-renshe.yaml").data)


def _figures(model, name):
    return [f for f in model.stated_figures if f.name == name]


# ---------------------------------------------------------------- unit and cover


def test_unit(unit: Unit) -> None:
    assert unit.id == UNIT
    assert unit.name == "湘阴县人力资源和社会保障局"
    assert unit.short_name == "湘阴县人社局"
    assert unit.level == "county"
    assert unit.region.code == "430624"
    assert unit.region.name == "湖南省岳阳市湘阴县"
    assert unit.parent_department == "湘阴县人民政府"
    assert unit.budget_code == "301001"


def test_cover(report: Report) -> None:
    assert report.unit == UNIT and report.year == 2021
    assert report.cover.budget_code == "301001"
    assert report.cover.report_date == dt.date(2021, 3, 30)
    assert report.cover.evaluation_method == "部门（单位）绩效自评"
    assert report.cover.evaluating_body == "部门（单位）评价组"
    assert report.cover.issued_by == "湘阴县财政局（制）"
    assert report.cover.unit_name == "湘阴县人力资源和社会保障局"


def test_only_two_project_reports() -> None:
    assert sorted(p.stem for p in (YEAR_DIR / "projects").glob("*.yaml")) == sorted(SLUGS)
    assert compact(seed_text(UNIT)).count("附件2-2") == 2


# ---------------------------------------------------------------- department form


def test_basic_overview(report: Report) -> None:
    assert report.contact.name == "甘甜"
    assert report.contact.phone == "0730-2266341"
    assert report.staffing.authorized == 164
    assert report.staffing.actual == 164
    assert report.functions.startswith("主要承担促进就业、社会保障")
    assert "4：负责全局干职工的工资津贴发放及五险一金的缴纳和日常工作的开展。" in report.main_work
    assert "新增城镇就业4915人" in report.achievements


def test_income(report: Report) -> None:
    assert report.income.money_unit == "万元"
    assert len(report.income.rows) == 1
    row = report.income.rows[0]
    assert row.institution == "局机关及二级机构汇总"
    assert row.total == D("48929.9")
    assert row.public_finance == D("48929.9")
    assert row.carried_over is None
    assert row.government_fund is None
    assert row.special_account is None
    assert row.other is None


def test_expenditure(report: Report) -> None:
    assert report.expenditure.money_unit == "万元"
    assert len(report.expenditure.rows) == 1
    row = report.expenditure.rows[0]
    assert row.total == D("48929.9")
    assert row.basic == D("2768.2")
    assert row.personnel == D("1726.1")
    assert row.public == D("1042.1")
    assert row.project == D("46161.7")  # as printed in the table (the narrative says 46161.6)
    assert row.balance_year is None
    assert row.balance_cumulative is None


def test_official_costs(report: Report) -> None:
    oc = report.official_costs
    assert oc.money_unit == "万元"
    assert [r.institution for r in oc.rows] == ["局机关及二级机构汇总", "1、局机关", "2、二级机构", "3、二级机构"]
    for row in oc.rows[:2]:
        assert row.total == D("8.9")
        assert row.reception == D("8.9")
        assert row.vehicle_operation == D("0")
        assert row.vehicle_purchase == D("0")
        assert row.overseas_travel == D("0")
    for row in oc.rows[2:]:
        assert row.total is None and row.reception is None and row.overseas_travel is None


def test_fixed_assets(report: Report) -> None:
    fa = report.fixed_assets
    assert [r.institution for r in fa.rows] == ["局机关及二级机构汇总", "1、局机关", "2、二级机构", "3、二级机构"]
    assert fa.rows[0].total == D("5211.52")
    assert fa.rows[0].in_use == D("5211.52")
    assert fa.rows[0].leased is None
    assert fa.rows[0].other is None
    assert fa.rows[1].total == D("5211.52")
    assert fa.rows[3].total is None


def test_department_goals_and_indicators(report: Report) -> None:
    assert len(report.goals) == 1
    assert report.goals[0].target.startswith("1：全面完成四大保险基金的征缴及发放工作。")
    assert "3、为引进关健人才2人" in report.goals[0].actual  # typo 关健 kept
    rows = report.indicators.rows
    assert len(rows) == 8
    assert [r.level2 for r in rows] == [
        "质量指标",
        "数量指标",
        "时效指标",
        "成本指标",
        "社会效益",
        "经济效益",
        "生态效益",
        "社会公众或服务对象满意度",
    ]
    assert all(r.level3 is None and r.weight is None and r.score is None for r in rows)
    assert rows[0].level1.startswith("产出目标（部门工作实绩")
    assert rows[0].target == "完成四大保险基金征缴48241万元，"
    assert rows[0].actual == "120%"
    assert "4、职业年金收缴5067万元。" in rows[1].target
    assert rows[3].target == "四类基金征缴经费50万元" and rows[3].actual == "50万元"
    assert rows[4].level1 == "效益目标（预期实现的效益）"
    assert rows[4].actual == "知晓率99%"
    assert rows[6].target is None and rows[6].actual is None
    assert rows[7].level1 == "效益目标（预期实现的效益）" and rows[7].actual == "99%"
    assert report.score.total == D("97")
    assert report.score.grade == "优"


def test_department_people(report: Report) -> None:
    assert [(e.name, e.title, e.unit) for e in report.evaluators] == [
        ("王剑", "局长", "湘阴县人社局"),
        ("刘伟", "副局长", "湘阴县人社局"),
        ("陈旭峰", "监察室主任", "湘阴县人社局"),
    ]
    assert all(e.signature is None for e in report.evaluators)
    assert [o.role for o in report.opinions] == ["评价组组长（签字）", "部门（单位）意见", "财政部门归口业务科室意见"]
    assert all(o.text is None and o.signatory is None and o.date is None for o in report.opinions)
    assert report.filled_by.signature is None and report.filled_by.phone is None


def test_department_stated_figures(report: Report) -> None:
    (project,) = _figures(report, "项目支出")
    assert project.value == D("46161.6")
    assert project.field == "expenditure.rows[0].project"
    (date,) = _figures(report, "报告日期")
    assert date.value == "2021-03-30" and date.field == "cover.report_date"
    assert sorted(f.value for f in _figures(report, "失业保险基金征缴")) == [D("606"), D("606"), D("749")]
    assert [f.value for f in _figures(report, "三公经费")] == [D("8.9")]
    for figure in report.stated_figures:
        assert in_seed(UNIT, figure.quote), figure.quote


# ---------------------------------------------------------------- project reports


def test_shebao_form(shebao: ProjectReport) -> None:
    assert shebao.name == "社保基金征缴经费"
    assert shebao.cover.annex == "附件2-2"
    assert shebao.cover.report_date == dt.date(2022, 3, 30)  # as printed (fiscal 2021)
    assert shebao.leader.name == "王剑"
    assert shebao.leader.phone == "13575055588"
    assert shebao.postcode == "414600"
    assert shebao.address == "湘阴县新世纪大道"
    f = shebao.funds
    assert f.money_unit == "万元"
    assert f.planned.total == D("50") and f.planned.county == D("50") and f.planned.central is None
    assert f.received.total == D("50") and f.spent.total == D("50")
    assert f.balance.total is None and f.balance.county is None
    lines = shebao.expenditure_lines
    assert [(r.item, r.amount) for r in lines.rows] == [
        ("办公费", D("23")),
        ("印刷费", D("13.7")),
        ("差旅费", D("11.4")),
        ("维修费", D("0.2")),
        ("邮电费", D("0.4")),
        ("加班用餐", D("1.3")),
    ]
    assert all(r.voucher is None and r.note == "凭证笔数过多" for r in lines.rows)
    assert lines.total == D("50")
    assert shebao.goals[0].actual == "2021年各项基金征缴达49869万元"
    rows = shebao.indicators.rows
    assert len(rows) == 8
    assert "4、失业保险新增参保单位45爱3569人" in rows[0].target  # typo 爱 kept
    assert "5、失业保险基金749万元" in rows[0].actual
    assert (rows[4].level2, rows[4].target, rows[4].actual) == ("经济效益指标", "49869万元", "49869万元")
    assert rows[6].level2 == "生态效益指标" and rows[6].level3 is None and rows[6].target is None
    assert (rows[7].level1, rows[7].level3, rows[7].target, rows[7].actual) == (
        "项目效益指标",
        "群众满意度",
        "90%",
        "95%",
    )
    assert shebao.score.total == D("95") and shebao.score.grade == "优"
    assert [o.role for o in shebao.opinions] == [
        "评价组组长（签字）",
        "项目单位意见",
        "主管部门意见",
        "财政部门归口业务科室意见",
    ]
    assert shebao.filled_by.signature is None and shebao.filled_by.phone is None


def test_shebao_stated_figures(shebao: ProjectReport) -> None:
    (score,) = _figures(shebao, "社保基金征缴经费：项目自评得分")
    assert score.value == D("97") and score.field == "score.total"
    assert [f.value for f in _figures(shebao, "社保基金征缴经费：项目绩效目标完成情况")] == ["未完成", "已完成"]
    (date,) = _figures(shebao, "报告日期")
    assert date.value == "2022-03-30" and date.field == "cover.report_date"
    assert [f.value for f in _figures(shebao, "失业保险基金征缴")] == [D("749")]
    for figure in shebao.stated_figures:
        assert in_seed(UNIT, figure.quote), figure.quote


def test_zhihui_form(zhihui: ProjectReport) -> None:
    assert zhihui.name == "智慧人社（村级平台）运转经费"
    assert zhihui.cover.report_date == dt.date(2021, 3, 30)
    assert zhihui.leader.phone == "13575055588"
    assert zhihui.funds.planned.total == D("30") and zhihui.funds.spent.county == D("30")
    assert zhihui.funds.balance.total is None
    lines = zhihui.expenditure_lines
    assert [(r.item, r.amount) for r in lines.rows] == [
        ("办公费", D("7.4")),
        ("软件维护费", D("11.7")),
        ("宣传费", D("5.4")),
        ("加班用餐", D("3.7")),
        ("租车费", D("0.2")),
        ("差旅费", D("1.6")),
    ]
    assert lines.total == D("30")
    rows = zhihui.indicators.rows
    assert len(rows) == 8
    assert (rows[0].level3, rows[0].target, rows[0].actual) == ("维护和管理全县公共 服务平台", "145个", "100%")
    assert rows[3].actual == "实际支出在30万元，控制在预算内"
    assert rows[4].level2 == "经济效益指标" and rows[4].level3 is None and rows[4].actual is None
    assert (rows[7].target, rows[7].actual) == ("95%", "95%")
    assert zhihui.score.total == D("95") and zhihui.score.grade == "优"
    (score,) = _figures(zhihui, "智慧人社（村级平台）运转经费：项目自评得分")
    assert score.value == D("95")


# ---------------------------------------------------------------- narratives


DEPARTMENT_SENTENCES = [
    "主要职责是：",
    "（十三)完成县委、县政府交办的其他任务。",
    "2021年，我局整体支出规模达48929.9万元，其中单位基本支出2768.2万元，项目支出46161.6万元。",
    "新增创业主体3167 户，带动城乡就业5418人。",
    "共核查17419人次多领冒领城乡居民养老保险金9815246.13元，已全部追缴到位。",
    "2021年全年发生三公经费8.9万元，较今年预算数下降52%。",
    "全县总支出规模440万元，其中征缴基金749万元。",
    "资金使用情况:付办公费23万元;付印刷费13.7万元;付差旅费11.4万元;付系统软件维护费0.2万元，付加班用餐1.3万元，付邮电费0.4万元。",
    "四类资金可持续性发展上，2021年各类资金接受了各级监督部门的审计检查，结果上是好的，政策执行到位、资金运行有序，呈现良好的运行状态。",
    "一是基金压力大。社保扩面征缴难度大，非公企业参保率不高，社保基金支出刚性增长。",
    "加大执法力度，完善争议仲裁制度，加强集体劳动争议处理和调、裁、审衔接。",
    "2021年3月30日",
]

SHEBAO_SENTENCES = [
    "湘阴县城乡居民养老保险管理服务中心承接全县十万多60周岁以上居民的养老金的按月征缴工作。",
    "该项目2021年县财政预算安排资金50万元，实际支出50万元。",
    "绩效目标未完成。",
    "2021年度项目绩效目标已完成。",
    "经评价小组综合分析，项目平均分为97分，评价结果为优。",
    "存在问题：今年我县养老保险参保人数未达到预期人数，全县养老金发放水平还低，与发达县市还有一定的差距。",
]

ZHIHUI_SENTENCES = [
    "该项目是年初下达项目资金预算时同时下达的，后期缺口资金未到位。",
    "截止到项目结束，共收到项目资金30万元，年初预算为30万元，实际发放资金30万元",
    "2021年该平台的正常运行率为100%，未出现重大运行故障。",
    "经评价小组综合分析，项目平均分为95分，评价结果为优。",
    "存在问题：项目建设阶段部分软件系统兼容性需要调整，确保项目顺利实施。",
]


@pytest.mark.parametrize(
    ("path", "sentences", "title"),
    [
        ("narrative.md", DEPARTMENT_SENTENCES, "# 整体支出绩效评价自评报告"),
        ("projects/shebao-jijin-zhengjiao.md", SHEBAO_SENTENCES, "# 2021年湘阴县社保基金征缴项目绩效评价报告"),
        ("projects/zhihui-renshe.md", ZHIHUI_SENTENCES, "# 2021年湘阴县智慧人社（村级平台）运转经费项目绩效评价报告"),
    ],
)
def test_narratives(path: str, sentences: list[str], title: str) -> None:
    text = (YEAR_DIR / path).read_text(encoding="utf-8")
    assert text.splitlines()[0] == title
    body = compact(text)
    for sentence in sentences:
        assert in_seed(UNIT, sentence), sentence
        assert compact(sentence) in body, sentence


def test_department_narrative_sections() -> None:
    text = (YEAR_DIR / "narrative.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 一、部门职能职责概述",
        "## 二、部门组织机构及人员情况",
        "## 三、2021年工作重点",
        "## 四、部门整体支出规模、使用方向和主要内容、涉及范围",
        "## 五、部门专项资金组织实施情况",
        "## 六、专项组织实施情况",
        "## 七、整体支出绩效情况",
        "## 八、存在的主要问题",
        "## 九、改进措施和建议",
    ]
