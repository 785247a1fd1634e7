"""湖南省人力资源和社会保障厅 2019（seed 002）: the narrative-only provincial report, checked figure by figure."""

from __future__ import annotations

from decimal import Decimal

import pytest
from seeds import ROOT, compact, in_seed, markdown_paragraphs

from site_builder.schema import Report, Unit
from site_builder.sources.yamlsource import read_yaml

UNIT_DIR = ROOT / "units" / "430000-renshe"
YEAR_DIR = UNIT_DIR / "2019"


@pytest.fixture(scope="module")
def report() -> Report:
    return Report.model_validate(read_yaml(YEAR_DIR / "report.yaml").data)


@pytest.fixture(scope="module")
def narrative() -> str:
    return (YEAR_DIR / "narrative.md").read_text(encoding="utf-8")


def D(text: str) -> Decimal:
    return Decimal(text)


def test_unit_yaml() -> None:
    unit = Unit.model_validate(read_yaml(UNIT_DIR / "unit.yaml").data)
    assert unit.id == "430000-renshe"
    assert unit.name == "湖南省人力资源和社会保障厅"
    assert unit.short_name == "湖南省人社厅"
    assert unit.level == "province"
    assert unit.region.name == "湖南省"
    assert unit.region.code == "430000"
    assert unit.parent_department == "湖南省人民政府"
    assert unit.budget_code is None


def test_cover_and_staffing(report: Report) -> None:
    assert report.unit == "430000-renshe"
    assert report.year == 2019
    assert report.cover.title == "2019年度湖南省人力资源和社会保障厅部门整体支出绩效评价自评报告"
    assert report.cover.report_date is None  # only 二〇二〇年六月 is printed
    assert report.staffing is not None
    assert report.staffing.authorized == 577
    assert report.staffing.actual == 519
    assert report.staffing.control_rate is None
    assert report.staffing.note.startswith("需要说明的是：上述人员编制情况包括了劳动人事职院")
    note_lines = report.staffing.note.strip().splitlines()
    assert len(note_lines) == 2
    assert note_lines[1].endswith("在职人员控制率87.70%。")
    for line in note_lines:
        assert in_seed("430000-renshe", line), line


def test_functions_verbatim(report: Report) -> None:
    lines = report.functions.strip().splitlines()
    assert lines[0] == "我厅是主管全省人力资源和社会保障工作的省政府组成部门。主要职责是："
    assert lines[1].startswith("（1）贯彻执行国家人力资源和社会保障方针政策")
    assert lines[-1] == "(13)承办省人民政府交办的其他事项。"
    assert len(lines) == 14
    for line in lines:
        assert in_seed("430000-renshe", line), line


def test_expenditure(report: Report) -> None:
    exp = report.expenditure
    assert exp is not None and exp.money_unit == "万元"
    assert exp.source == "据文字部分“三、一般公共预算支出情况”"
    assert len(exp.rows) == 1
    row = exp.rows[0]
    assert row.institution == "湖南省人力资源和社会保障厅"
    assert row.basic == D("18417.37")
    assert row.project == D("16014.989")
    assert row.total is None
    assert row.personnel is None and row.public is None
    assert row.balance_year is None and row.balance_cumulative is None


def test_official_costs(report: Report) -> None:
    oc = report.official_costs
    assert oc is not None and oc.money_unit == "万元"
    assert oc.source == "据文字部分“三公”经费同比表"
    assert len(oc.rows) == 1
    row = oc.rows[0]
    assert row.institution == "湖南省人力资源和社会保障厅"
    assert row.total == D("301.08")
    assert row.reception == D("27.53")
    assert row.vehicle_operation == D("181.66")
    assert row.vehicle_purchase == D("24.53")
    assert row.vehicle_total == D("206.19")
    assert row.overseas_travel == D("67.36")
    assert oc.budget is not None
    assert oc.budget.total == D("404.53")
    assert oc.budget.overseas_travel == D("80")
    assert oc.budget.reception == D("172.5")
    assert oc.budget.vehicle_total == D("152.03")
    assert oc.budget.vehicle_operation is None and oc.budget.vehicle_purchase is None
    prior = oc.prior_year
    assert prior is not None and prior.year == 2018 and prior.label == "上年支出"
    assert prior.total == D("303.24")
    assert prior.reception == D("26.63")
    assert prior.vehicle_operation == D("189.29")
    assert prior.vehicle_purchase == D("45.68")
    assert prior.vehicle_total == D("234.97")
    assert prior.overseas_travel == D("41.64")


def test_score(report: Report) -> None:
    assert report.score is not None
    assert report.score.total == D("92.1")
    assert report.score.grade == "优"
    assert report.score.grade_printed is None


def test_no_forms_no_personal_data(report: Report) -> None:
    # Narrative-only report: no contact, evaluators, opinion blocks or 填报人 are printed.
    assert report.contact is None
    assert report.filled_by is None
    assert report.evaluators == []
    assert report.opinions == []
    assert report.indicators is None
    assert report.income is None
    assert report.fixed_assets is None
    assert report.goals == []


def _figures(report: Report, name: str) -> list:
    return [f for f in report.stated_figures if f.name == name]


def test_stated_figures(report: Report) -> None:
    figs = report.stated_figures
    assert len(figs) >= 20
    for f in figs:
        assert in_seed("430000-renshe", f.quote), f.quote

    def values(name: str) -> list:
        return [(f.value, f.unit) for f in _figures(report, name)]

    # 就业补助专项资金, printed in 亿元
    assert values("就业补助专项资金：中央财政拨付") == [(D("25.08"), "亿元")]
    assert values("就业补助专项资金：省财政安排") == [(D("3.8"), "亿元")]
    assert values("就业补助专项资金预算合计") == [(D("28.88"), "亿元")]
    assert values("就业补助资金实际支付") == [(D("35.26"), "亿元")]
    # basic and project budgets
    assert values("基本支出年初预算") == [(D("15131.86"), "万元")]
    assert values("项目支出年初预算") == [(D("7485.23"), "万元")]
    # the known inconsistencies, both sides kept under one name
    assert values("项目支出") == [(D("16014.989"), "万元"), (D("16014.98"), "万元")]
    assert values("公务接待费预算") == [(D("172.5"), "万元"), (D("124.31"), "万元")]
    assert values("公务用车购置及运行费预算") == [(D("152.03"), "万元"), (D("212.81"), "万元")]
    assert values("“三公”经费同比变动金额") == [(D("-2.16"), "万元")]
    assert values("“三公”经费同比变动占比") == [(D("0.71"), "%")]
    assert values("“三公”经费较年初预算结余") == [(D("103.34"), "万元")]
    # 71.25 printed with 元 where the paragraph is in 亿元: kept as printed
    assert values("省本级企业职工基本养老保险基金财政补贴收入（实际）") == [(D("71.25"), "元")]
    # cross-checks against structured fields
    by_field = {f.field: f.value for f in figs if f.field}
    assert by_field["expenditure.rows[0].basic"] == D("18417.37")
    assert by_field["expenditure.rows[0].project"] == D("16014.989")
    assert by_field["official_costs.rows[0].total"] == D("301.08")
    assert by_field["official_costs.budget.reception"] == D("172.5")
    assert by_field["score.total"] == D("92.1")


SENTENCES = [
    "我厅现有人员编制数577人，其中：行政编制128人、参照公务员管理编制及事业编449人；",
    "2019省财政批复的基本支出年初预算为15131.86万元，年初预留及年中调整追加3188.77万元，本年实际支出18417.37万元。",
    "2019年省财政批复“三公”经费年初预算数为404.53万元，其中：因公出国（境）费用80万元；公务接待费172.5万元；公务用车购置及运行费152.03万元。",
    "较年初预算结余103.34万元；较2018年支出总额下降2.16万元，同比下降0.71%。具体情况如下：",
    "2019年公务接待费预算124.31万元、全年共接待国内公务客人332批次2126人，实际支出27.53万元，决算较预算减少96.78万元，节约率77.85%。",
    "2019年省财政批复的项目支出年初预算为7485.23万元，本年结转及年中调整追加12091.37万元，本年实际支出16014.989万元。",
    "2019年度中央财政拨付就业补助专项资金25.08亿元，省财政安排3.8亿元，两项就业补助专项资金预算合计28.88亿元。",
    "实际收入为1743.79亿元，其中：基本养老保险保费收入177.44亿元，利息收入13.79亿元，财政补贴收入71.25元，",
    "省本级城乡居保基金预算基金总支出0亿元，实际实现0亿元。",
    "2019年我厅部门整体支出绩效自评分为92.1分，为“优”等级。",
    "对于项目支出，各项目单位虽然设立了项目资金绩效目标，但目标不够明确、细化和量化。",
    "要求各级人社部门将此次绩效自评报告在本单位官网或者政府门户网站上予以全文公布，向社会公开，广泛接受群众监督。",
]


def test_narrative_sentences(narrative: str) -> None:
    body = compact(narrative)
    for sentence in SENTENCES:
        assert in_seed("430000-renshe", sentence), sentence
        assert compact(sentence) in body, sentence


def test_narrative_shape(narrative: str) -> None:
    lines = narrative.splitlines()
    assert lines[0] == "# 2019年度湖南省人力资源和社会保障厅部门整体支出绩效评价自评报告"
    assert "二〇二〇年六月" in lines
    for heading in [
        "## 一、部门（单位）基本情况",
        "## 三、一般公共预算支出情况",
        "### （五）失业保险基金预算支出情况",
        "## 九、存在的问题及原因分析",
        "## 十二、其他需要说明的情况",
    ]:
        assert heading in lines, heading
    assert lines[-1] == "无"
    # the 三公 table, with its unit line right before it
    unit_at = lines.index("金额单位：万元")
    assert lines[unit_at + 2].startswith("| 项目 | 本年支出 | 上年支出 | 同比变动（负数为节约）")
    assert "| 因公出国（境）费用 | 67.36 | 41.64 | 25.72 | 61.18% |" in lines
    assert "| 公务接待费 | 27.53 | 26.63 | 0.89 | 3.34% |" in lines
    assert "| 其中：公务车运行维护费 | 181.66 | 189.29 | -7.63 | -4.03% |" in lines
    assert "| 公务用车购置费 | 24.53 | 45.68 | -21.15 | -46.3% |" in lines
    assert "| 合计 | 301.08 | 303.24 | -2.16 | 0.71% |" in lines
    assert not any(line != line.rstrip() for line in lines)


def test_narrative_is_complete(narrative: str) -> None:
    """Every printed line from the narrative title on is in narrative.md; nothing added."""
    seed_lines = (ROOT / "tests" / "seeds" / "002_448e39e0c8f7a998.txt").read_text(encoding="utf-8").splitlines()
    start = seed_lines.index("二〇二〇年六月")
    body = compact(narrative.replace("|", ""))
    for line in seed_lines[start:]:
        if compact(line):
            assert compact(line) in body, line
    for paragraph in markdown_paragraphs(narrative):
        assert in_seed("430000-renshe", paragraph), paragraph
