"""``import``: figures the narrative states with a label naming the field (基本支出（支出决算数）为…元, 固定资产共计…),
and sentences that look alike but must leave the field to the clerk (a prior year, a percentage, a sub-item, 预算
rather than 决算, a negated or compared figure, two candidates for one field).

Every text here is 【测试数据】 written for these cases, read through the real reader and mapper (text → draft).
"""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from site_builder.importing.mapper import map_documents
from site_builder.importing.text import read_text
from site_builder.sources.yamlsource import read_yaml

TITLE = "【测试数据】县人力资源和社会保障局2020年度部门整体支出绩效评价报告\n"


def draft(body: str, year: int = 2020) -> dict[str, Any]:
    return map_documents([read_text(TITLE + body, "测试.txt")], year).report.data


def row(data: dict[str, Any], table: str) -> dict[str, Any]:
    return (data.get(table) or {"rows": [{}]})["rows"][0]


# ---------------------------------------------------------------- stated with a label that names the field


def test_year_total_basic_personnel_public_project() -> None:
    data = draft(
        "三、部门资金基本情况\n"
        "2020年支出总额为1590.58万元，其中：工资福利支出735.98万元，商品和服务支出105.96万元。\n"
        "当年财政拨款基本支出（支出决算数）为：804.97万元。其中:人员经费支出:746.2万元,日常公用经费支出:58.77万元.\n"
        "2020年度，本部门财政拨款项目支出累计达到785.18万元。\n"
    )
    expenditure = row(data, "expenditure")
    assert data["expenditure"]["money_unit"] == "万元"
    assert {k: v for k, v in expenditure.items() if k != "institution"} == {
        "total": Decimal("1590.58"),
        "basic": Decimal("804.97"),
        "personnel": Decimal("746.2"),
        "public": Decimal("58.77"),
        "project": Decimal("785.18"),
    }


def test_fixed_assets_stated_with_their_unit() -> None:
    data = draft(
        "截至2020年12月31日，我局资产总额为786.55万元，其中流动资产共计731.64万元；固定资产共计54.91万元，占资产总额6.98%。\n"
    )
    assert data["fixed_assets"]["money_unit"] == "万元"
    assert row(data, "fixed_assets")["total"] == Decimal("54.91")


def test_actual_spending_of_the_scope_the_sentence_and_heading_name() -> None:
    data = draft(
        "（一）基本支出情况\n"
        "2020年省财政批复的基本支出年初预算为151.86万元，年初预留及年中调整追加31.88万元，本年实际支出184.17万元。\n"
        "（二）项目支出情况\n"
        "2020年省财政批复的项目支出年初预算为74.85万元，本年结转及年中调整追加120.91万元，本年实际支出160.149万元。\n"
    )
    expenditure = row(data, "expenditure")
    assert expenditure["basic"] == Decimal("184.17") and expenditure["project"] == Decimal("160.149")
    assert "total" not in expenditure


def test_project_lines_listed_after_project_spending() -> None:
    data = draft("项目支出包含业务工作经费76.04万元，运行维护费27.19万元、就业资金专项15.68万元。\n")
    lines = data["project_lines"]
    assert lines["money_unit"] == "万元"
    assert [(r["name"], r["spent"]) for r in lines["rows"]] == [
        ("业务工作经费", Decimal("76.04")),
        ("运行维护费", Decimal("27.19")),
        ("就业资金专项", Decimal("15.68")),
    ]


def test_one_other_economic_class_is_other_with_its_name() -> None:
    data = draft(
        "按经济科目划分，各项支出金额分别为：工资福利支出20.80万元；商品和服务支出70.16万元；利息支出5.39万元，"
        "合计96.35万元。\n"
    )
    economic = row(data, "economic_classification")
    assert economic["other"] == Decimal("5.39") and "利息支出" in economic["note"]


# ---------------------------------------------------------------- look alike, must not fill


@pytest.mark.parametrize(
    "body",
    [
        # a prior year
        "2019年支出总额为1400.5万元。\n",
        "上年基本支出为700.2万元。\n",
        "与上年相比，基本支出为700.2万元。\n",
        # a percentage, or no money unit
        "基本支出占支出总额的50.6%。\n",
        "项目支出执行率为98.5%。\n",
        "基本支出为300.5，项目支出为200.5。\n",
        # a figure of a sub-item
        "就业专项资金支出总额为500.5万元，其中人员经费支出20.5万元。\n",
        "下属县就业服务中心基本支出为150.5万元。\n",
        "培训项目的项目支出为30.5万元。\n",
        # 预算 (or 收入决算数) rather than the spending
        "基本支出年初预算为151.86万元。\n",
        "2020年，中途追加项目支出预算总计528.47万元。\n",
        "本单位当年财政拨款基本支出（收入决算数）为：1401.13万元。\n",
        "基本支出预算数为300.5万元。\n",
        # negated or compared
        "项目支出较上年减少12.5万元。\n",
        "基本支出比预算节约3.5万元。\n",
        "基本支出同比增长5.5万元。\n",
        "基本支出结余为5.5万元。\n",
        "未发生项目支出。全年无支出总额超过100.5万元的项目。\n",
        # the actual spending of a sentence naming both scopes, or none
        "基本支出和项目支出本年实际支出共计300.5万元。\n",
        "2020年预算公务用车购置及运行费212.81万元，实际支出206.19万元。\n",
    ],
)
def test_look_alike_sentences_leave_expenditure_to_the_clerk(body: str) -> None:
    assert "expenditure" not in draft(body)


@pytest.mark.parametrize(
    "body",
    [
        "新增固定资产12.5万元。\n",
        "固定资产投资120.5万元。\n",
        "上年末固定资产共计50.5万元。\n",
        "固定资产原值为60.5万元，净值为40.5万元。\n",
        "固定资产共计50.5万元。固定资产合计52.5万元。\n",  # two candidates for one field
        "固定资产占资产总额6.98%。\n",
    ],
)
def test_look_alike_sentences_leave_fixed_assets_to_the_clerk(body: str) -> None:
    assert "fixed_assets" not in draft(body)


def test_two_candidates_for_one_field_leave_it() -> None:
    data = draft("基本支出为300.5万元。\n项目支出为100.5万元。\n当年财政拨款基本支出为280.5万元。\n")
    expenditure = row(data, "expenditure")
    assert "basic" not in expenditure and expenditure["project"] == Decimal("100.5")


def test_the_same_figure_stated_twice_is_one_candidate() -> None:
    data = draft("2020年，财政拨款项目支出总计785.18万元。\n2020年度，本部门财政拨款项目支出累计达到785.18万元。\n")
    assert row(data, "expenditure")["project"] == Decimal("785.18")


def test_figures_in_two_money_units_leave_the_block() -> None:
    data = draft("基本支出为3005000元。\n项目支出为100.5万元。\n")
    assert "expenditure" not in data


@pytest.mark.parametrize(
    "body",
    [
        "项目支出包含业务工作经费76.04万元，占比45%，运行维护费27.19万元。\n",
        "项目支出预算包含业务工作经费76.04万元，运行维护费27.19万元。\n",
        "上年项目支出包含业务工作经费76.04万元，运行维护费27.19万元。\n",
        "项目支出包括业务工作经费、运行维护费等。\n",
    ],
)
def test_project_lines_only_from_a_clean_list(body: str) -> None:
    assert "project_lines" not in draft(body)


def test_two_other_economic_classes_leave_other() -> None:
    data = draft("按经济科目划分：工资福利支出20.8万元；利息支出5.39万元；对企业补助3.5万元，合计29.69万元。\n")
    assert "other" not in row(data, "economic_classification")


def test_a_table_takes_precedence_over_the_prose(tmp_path: Path) -> None:
    text = TITLE + (
        "年度部门（单位）收支情况（万元）\n"
        "| 机构名称 | 支出合计 | 基本支出 | 人员支出 | 公用支出 | 项目支出 |\n"
        "| 【测试数据】局机关 | 500.5 | 300.25 | 200 | 100.25 | 200.25 |\n"
        "一、部门概况\n" + "【测试数据】说明文字。\n" * 20 + "当年财政拨款基本支出为280.5万元。\n"
    )
    data = map_documents([read_text(text, "测试.txt")], 2020).report.data
    assert row(data, "expenditure")["basic"] == Decimal("300.25")


def test_the_draft_quotes_the_sentence_it_read(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "units").mkdir(parents=True)
    source = tmp_path / "报告.txt"
    source.write_text(TITLE + "当年财政拨款基本支出（支出决算数）为：804.97万元。\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(repo), "import", str(source)]
        + ["--unit", "430624-test", "--year", "2020"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    report = repo / "units" / "430624-test" / "2020" / "report.yaml"
    text = report.read_text(encoding="utf-8")
    assert re.search(r"# 来源：文字部分第\d+段：“当年财政拨款基本支出（支出决算数）为：804\.97万元”", text)
    assert read_yaml(report).data["expenditure"]["rows"][0]["basic"] == Decimal("804.97")


def test_named_figures_are_stated_with_their_words_and_no_field() -> None:
    data = draft(
        "一、部门概况\n我局现有人员编制数57人，实有在职人数51人。\n"
        "全省参加养老保险499万人、工伤保险80.5万人。\n"
        "实现收入为8.03亿元。实现收入为7.99亿元。\n"  # one name, two figures: neither
        "| 项目 | 金额 |\n| 合计 | 30万元 |\n"
    )
    stated = {(e["name"], e["value"], e["unit"]): e for e in data["stated_figures"]}
    assert set(stated) == {
        ("我局现有人员编制数", Decimal("57"), "人"),
        ("实有在职人数", Decimal("51"), "人"),
        ("全省参加养老保险", Decimal("499"), "万人"),
        ("工伤保险", Decimal("80.5"), "万人"),
    }
    assert stated[("工伤保险", Decimal("80.5"), "万人")]["quote"] == "工伤保险80.5万人"
    assert all("field" not in e for e in stated.values())


def _lines_of(text: str) -> list[list[str]]:
    from site_builder.importing.document import Table

    tables = [b for b in read_text(text, "测试.txt").blocks if isinstance(b, Table)]
    return [[c.text for c in r] for r in tables[0].rows]


def test_a_pasted_row_cut_by_blank_lines_is_joined_again() -> None:
    cells = "\t支出内容\n\t实际支出数\n\t会计凭证号\n\t备注\n\n\t加班用餐\n\t3.7\n\t\n\t【测试数据】\n\n"
    cut = "\t租车费\n\n\n\t0.2\n\n\n\t\n\t【测试数据】\n\n\t差旅费\n\t1.6\n\t\n\t【测试数据】\n"
    assert _lines_of(cells + cut)[2:] == [["租车费", "0.2", "", "【测试数据】"], ["差旅费", "1.6", "", "【测试数据】"]]


def test_short_rows_that_do_not_make_a_row_stay_apart() -> None:
    cells = "\t支出内容\n\t实际支出数\n\t会计凭证号\n\t备注\n\n\t租车费\n\n\n\t0.2\n\n\n\t差旅费\n\t1.6\n\t\n\t【测试数据】\n"
    assert _lines_of(cells)[1:3] == [["租车费"], ["0.2"]]


@pytest.mark.parametrize(
    "printed,expected", [("较2019年支出总额下降2.16万元", 2019), ("较2018年支出总额下降2.16万元", None)]
)
def test_the_prior_year_of_the_official_costs_only_where_printed(printed: str, expected: int | None) -> None:
    text = TITLE + (
        f"“三公”经费全年决算支出301.08万元。{printed}。具体情况如下：\n金额单位：万元\n"
        "\t项目\n\t本年支出\n\t上年支出\n\n\t公务接待费\n\t27.53\n\t26.63\n\n\t合计\n\t301.08\n\t303.24\n"
    )
    data = map_documents([read_text(text, "测试.txt")], 2020).report.data
    year = data["official_costs"]["prior_year"]["year"]
    assert year == (expected if expected else "【请填写】")


# ---------------------------------------------------------------- the year-end balance, under a heading on it


@pytest.mark.parametrize(
    ("body", "value"),
    [
        ("（三）结转和结余情况。\n2020年年末，我单位结转和结余项目资金660000元。\n", "660000"),
        ("（三）结转和结余情况\n本部门年末结转和结余资金为12.5万元。\n", "12.5"),
        ("三、结转结余情况\n截至2020年12月31日，累计结余30.25万元。\n", "30.25"),
    ],
)
def test_the_balance_a_section_on_it_states_once(body: str, value: str) -> None:
    assert row(draft(body + "四、绩效目标完成情况\n本年支出1200元。\n"), "expenditure")[
        "balance_cumulative"
    ] == Decimal(value)


@pytest.mark.parametrize(
    "body",
    [
        # two balances in the section: the unit's is not one of them
        "（三）结转和结余情况\n2020年年末，我单位结转和结余项目资金660000元，基本支出结转结余12000元。\n",
        "（三）结转和结余情况\n2020年年末，我单位结转和结余项目资金660000元。\n其中就业专项资金结余560000元。\n",
        # not under a heading on the balance
        "（三）预算执行情况\n2020年年末，我单位结转和结余项目资金660000元。\n",
        # another year, another's balance, last year's
        "（三）结转和结余情况\n2019年年末，我单位结转和结余项目资金660000元。\n",
        "（三）结转和结余情况\n2020年年末，下属中心结转和结余资金660000元。\n",
        "（三）结转和结余情况\n上年结转和结余资金660000元。\n",
        # a budget, a share
        "（三）结转和结余情况\n2020年年末，我单位结转和结余资金预算为660000元。\n",
        "（三）结转和结余情况\n2020年年末，我单位结转和结余资金占预算的5%。\n",
    ],
)
def test_look_alike_balances_leave_the_field(body: str) -> None:
    assert "balance_cumulative" not in row(draft(body), "expenditure")


def test_a_scope_total_the_economic_classification_holds_is_not_repeated_as_a_spending_row() -> None:
    """“2023年基本支出988.30万元，具体包括：（1）工资福利支出…”: the figure is the total of the classification that
    follows, held there once; a spending table made of it alone would be one figure and a placeholder."""
    data = draft(
        "1、2023年基本支出情况\n"
        "2023年基本支出988.30万元 ，具体包括：\n"
        "（1）工资福利支出441.27万元。主要包括在职人员工资。\n"
        "（2）商品和服务支出305.36万元。包括日常运行正常办公经费。\n"
        "（3）对个人和家庭补助支出241.67万元。主要包括离休费。\n",
        2023,
    )
    assert row(data, "economic_classification")["total"] == Decimal("988.30")
    assert "expenditure" not in data
    # a statement that gives more than the classification holds still makes the row
    data = draft("2023年支出总额为1294.52万元，其中：基本支出988.30万元，项目支出306.22万元。\n", 2023)
    assert row(data, "expenditure")["basic"] == Decimal("988.30")
