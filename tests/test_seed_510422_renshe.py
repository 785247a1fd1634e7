"""盐边县人力资源和社会保障局 2020 (seed 003_e28c8298cb9d39b8.txt): narrative-only report, money in 元."""

from __future__ import annotations

from decimal import Decimal

import pytest
from seeds import ROOT, compact, in_seed, seed_text

from site_builder.schema import Report, Unit
from site_builder.sources.yamlsource import read_yaml

UNIT_ID = "510422-renshe"
UNIT_DIR = ROOT / "units" / UNIT_ID
YEAR_DIR = UNIT_DIR / "2020"


@pytest.fixture(scope="module")
def report() -> Report:
    return Report.model_validate(read_yaml(YEAR_DIR / "report.yaml").data)


@pytest.fixture(scope="module")
def narrative() -> str:
    return (YEAR_DIR / "narrative.md").read_text(encoding="utf-8")


def test_unit() -> None:
    unit = Unit.model_validate(read_yaml(UNIT_DIR / "unit.yaml").data)
    assert unit.id == UNIT_ID
    assert unit.name == "盐边县人力资源和社会保障局"
    assert unit.short_name == "盐边县人社局"
    assert unit.level == "county"
    assert unit.region.name == "四川省攀枝花市盐边县"
    assert unit.region.code == "510422"
    assert unit.parent_department == "盐边县人民政府"
    assert unit.budget_code is None


def test_cover_and_score(report: Report) -> None:
    assert report.unit == UNIT_ID and report.year == 2020
    assert report.cover.title == "盐边县人力资源和社会保障局2020年部门整体支出绩效评价报告"
    assert report.cover.annex == "附件2"
    assert report.cover.budget_code is None
    assert report.cover.report_date is None
    assert report.score is not None
    assert report.score.total is None
    assert report.score.grade == "良"
    assert report.score.grade_printed == "良好"
    # narrative-only: no form blocks
    assert report.indicators is None and report.income is None and report.official_costs is None
    assert report.evaluators == [] and report.opinions == []


def test_personal_fields_blank(report: Report) -> None:
    # the seed prints no contact, filled_by, signatures or opinion blocks
    assert report.contact is None
    assert report.filled_by is None
    assert "联系电话" not in seed_text(UNIT_ID) and "签名" not in seed_text(UNIT_ID)


def test_staffing(report: Report) -> None:
    s = report.staffing
    assert s is not None
    assert s.authorized is None and s.actual is None and s.control_rate is None
    assert (
        "机关行政编制7名；行政工勤人员编制2名,参照公务员管理事业编制3名，事业编制60名, 由财政全额预算管理。" in s.note
    )
    assert "2020年年末人员实有数如下：行政人员16人，工勤人员2人，事业人员34人。" in s.note
    for line in s.note.splitlines():
        assert in_seed(UNIT_ID, line)


def test_functions(report: Report) -> None:
    items = report.functions.strip().splitlines()
    assert len(items) == 16
    assert [item.split(".", 1)[0] for item in items] == [str(i) for i in range(1, 17)]
    assert items[0].startswith("1.贯彻执行国家、省、市人力资源和社会保障工作的法律")
    assert items[15].startswith("16.职能转变。深入推进简政放权")
    for item in items:
        assert in_seed(UNIT_ID, item)


def test_expenditure(report: Report) -> None:
    e = report.expenditure
    assert e is not None and e.money_unit == "元"
    assert e.source and "三、部门资金基本情况" in e.source
    assert len(e.rows) == 1
    row = e.rows[0]
    assert row.institution == "盐边县人力资源和社会保障局"
    assert row.total == Decimal("15901585.76")
    assert row.basic == Decimal("8049757.29")
    assert row.personnel == Decimal("7462043.29")
    assert row.public == Decimal("587714")
    assert row.project == Decimal("7851828.47")
    assert row.balance_year is None
    assert row.balance_cumulative == Decimal("660000")


def test_fixed_assets(report: Report) -> None:
    fa = report.fixed_assets
    assert fa is not None and fa.money_unit == "元"
    assert fa.source and "资产管理" in fa.source
    assert len(fa.rows) == 1
    assert fa.rows[0].total == Decimal("549146.43")
    assert fa.rows[0].in_use is None and fa.rows[0].leased is None and fa.rows[0].other is None


def _figures(report: Report, name: str):
    return [f for f in report.stated_figures if f.name == name]


@pytest.mark.parametrize(
    "name, value",
    [
        ("财政拨款收入预算总额", "6373218"),
        ("年初项目预算财政拨款收入总额", "2567088.77"),
        ("中途追加项目支出预算", "5284739.7"),
        ("资产总额", "7865542.63"),
        ("流动资产", "7316396.2"),
        ("固定资产", "549146.43"),
        ("流动资产占资产总额比例", "93.02"),
        ("固定资产占资产总额比例", "6.98"),
        ("一般公共预算支出收入决算数", "14011296.99"),
        ("工资福利支出", "7359892.85"),
        ("商品和服务支出", "1059674.47"),
        ("对个人和家庭的补助支出", "7352945.44"),
        ("资本性支出", "129073"),
        ("支出总额", "15901585.76"),
        ("县财政下达项目个数", "18"),
        ("年初项目预算个数", "7"),
        ("机关行政编制", "7"),
        ("事业编制", "60"),
        ("年末实有事业人员", "34"),
    ],
)
def test_stated_figure_values(report: Report, name: str, value: str) -> None:
    figures = _figures(report, name)
    assert figures, name
    assert all(Decimal(str(f.value)) == Decimal(value) for f in figures)


def test_stated_figures_fields_and_quotes(report: Report) -> None:
    assert len(report.stated_figures) >= 15
    project = _figures(report, "项目支出")
    assert len(project) == 5
    assert all(f.field == "expenditure.rows[0].project" and f.value == Decimal("7851828.47") for f in project)
    basic = _figures(report, "基本支出")
    assert len(basic) == 2
    assert all(f.field == "expenditure.rows[0].basic" and f.value == Decimal("8049757.29") for f in basic)
    assert {f.field for f in _figures(report, "人员经费支出")} == {"expenditure.rows[0].personnel"}
    assert {f.field for f in _figures(report, "日常公用支出")} == {"expenditure.rows[0].public"}
    assert _figures(report, "支出总额")[0].field == "expenditure.rows[0].total"
    assert _figures(report, "固定资产")[0].field == "fixed_assets.rows[0].total"
    # the recorded inconsistency: 660000元 结转和结余 vs “未有结转结余”
    balance = _figures(report, "年末结转和结余")
    assert {str(f.value) for f in balance} == {"660000", "未有结转结余"}
    assert _figures(report, "自评等级")[0].value == "良好"
    assert len(_figures(report, "年初项目预算财政拨款收入总额")) == 2
    for f in report.stated_figures:
        assert in_seed(UNIT_ID, f.quote), f.quote
        if isinstance(f.value, Decimal):
            assert compact(str(f.value)) in compact(f.quote), f.quote


SENTENCES = [
    "盐边县人力资源和社会保障局是盐边县人民政府工作部门，为正科级。其职能职责为：",
    "2020年财政拨款收入预算总额为6373218元。",
    "2020年支出总额为15901585.76元，其中：工资福利支出7359892.85元，商品和服务支出1059674.47元，"
    "对个人和家庭的补助支出7352945.44元，资本性支出129073元。",
    "2020年，中途追加项目支出预算总计5284739.7元。",
    "2020年年末，我单位结转和结余项目资金660000元。",
    "截至2020年12月31日，我局资产总额为7865542.63元，其中流动资产共计7316396.2元，占资产总额93.02%；"
    "固定资产共计549146.43元，占资产总额6.98%",
    "机构设置上为保证各项收支业务的决策、执行、监督三个环节相互分离。",
    "2020年1-12月，本部门预算绩效目标未出现偏差。",
    "数量指标：2020年，一般公共预算支出收入决算数为14011296.99元",
    "实效指标：切实执行了年度支出预算贯穿于2020年1-12月，全面实现支出，未有结转结余。",
    "对2020年度部门支出绩效进行了认真自评，自评等级为良好。",
    "今后我局将加强对预算绩效目标管理的学习，逐步树立以绩效目标为导向的管理理念，"
    "在申请预算时即明确细化、量化的目标，在目标的约束下开展工作。",
    "附件：2020年盐边县人力资源和社会保障局部门整体支出绩效评价指标体系",
]


def test_narrative(narrative: str) -> None:
    assert narrative.splitlines()[0] == "# 2020年部门整体支出绩效评价报告"
    assert "\n盐边县人力资源和社会保障局\n" in narrative
    assert "附件2" not in narrative
    body = compact(narrative)
    for sentence in SENTENCES:
        assert in_seed(UNIT_ID, sentence), sentence
        assert compact(sentence) in body, sentence
    for heading in (
        "## 一、部门概况。",
        "## 五、评价结论及建议",
        "### （三）结转和结余情况。",
        "### （六）部门绩效情况。",
    ):
        assert heading in narrative.splitlines()


def test_narrative_complete(narrative: str) -> None:
    """Every non-blank seed line except the 附件2 line is in the narrative."""
    body = compact(narrative)
    for line in seed_text(UNIT_ID).splitlines():
        if line.strip() and line.strip() != "附件2":
            assert compact(line) in body, line
