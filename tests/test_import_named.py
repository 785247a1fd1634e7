"""``import``: figures the narrative names by its own words (``stated_figures`` without a field), in sentences that
look alike but must not give a wrong name or value: two funds in one sentence, a fund named in an earlier sentence
only, ``其中`` lists, a prior year, a percentage beside a figure, a name holding a number that is not a figure, a
name holding another figure, a name that would be the same for two different figures, statements in words.

Every text here is 【测试数据】 written for these cases before the rules, read through the real reader and mapper.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from test_import_prose import draft


def stated(body: str, year: int = 2019) -> list[dict[str, Any]]:
    return draft(body, year).get("stated_figures") or []


def names_of(entries: list[dict[str, Any]], value: str) -> list[str]:
    """The names the draft gives to ``value`` (a figure as printed, or words)."""
    wanted: Decimal | str = Decimal(value) if value[0].isdigit() else value
    return [e["name"] for e in entries if e["value"] == wanted]


def test_two_funds_in_one_sentence_keep_their_own_income() -> None:
    entries = stated(
        "省本级企业职工基本养老保险基金预算收入为67.62亿元，实现收入为80.03亿元；"
        "省本级工伤保险基金预算收入为9.71亿元，实现收入为7.99亿元。\n"
    )
    assert names_of(entries, "80.03") == ["省本级企业职工基本养老保险基金实现收入"]
    assert names_of(entries, "7.99") == ["省本级工伤保险基金实现收入"]


def test_a_fund_named_in_an_earlier_sentence_only_does_not_name_the_figure() -> None:
    entries = stated(
        "省本级工伤保险基金预算收入为9.71亿元。实现收入为7.99亿元。\n"
        "省本级失业保险基金预算收入为2.66亿元。实现收入为3.09亿元。\n"
    )
    for value in ("7.99", "3.09"):
        assert not any("基金" in name for name in names_of(entries, value))
    assert not any(e["name"] == "实现收入" for e in entries)  # one name, two figures: left out


def test_a_qimian_list_is_named_by_its_head_and_ends_with_its_sentence() -> None:
    entries = stated(
        "养老保险基金预算收入为360.66亿元，其中：利息收入8.00亿元，财政补贴收入3.00亿元。"
        "实际收入为1743.79亿元，其中：利息收入13.79亿元，财政补贴收入71.25亿元。\n"
    )
    (budgeted,) = names_of(entries, "8.00")
    assert "预算收入" in budgeted and "利息收入" in budgeted
    (actual,) = names_of(entries, "13.79")
    assert "实际收入" in actual and "利息收入" in actual and "预算" not in actual and "基金" not in actual
    assert len({e["name"] for e in entries}) == len(entries)


def test_a_qimian_list_ends_at_a_semicolon() -> None:
    entries = stated("我局现有人员编制数577人，其中：行政编制128人；实有在职人数519人，其中：行政编制人员128人。\n")
    assert names_of(entries, "519") == ["实有在职人数"]


def test_figures_of_a_prior_year_keep_their_year_in_the_name() -> None:
    entries = stated("2019年实现收入为7.5亿元，2018年实现收入为6.5亿元。\n")
    assert names_of(entries, "7.5") == ["2019年实现收入"] and names_of(entries, "6.5") == ["2018年实现收入"]


def test_a_percentage_beside_a_figure_is_named_by_that_figure() -> None:
    entries = stated(
        "截至2019年12月31日，流动资产共计731.64万元，占资产总额93.02%；固定资产共计54.91万元，占资产总额6.98%。\n"
    )
    (current,) = names_of(entries, "93.02")
    (fixed,) = names_of(entries, "6.98")
    assert "流动资产" in current and "占资产总额" in current
    assert "固定资产" in fixed and "占资产总额" in fixed


def test_a_share_of_a_target_is_not_named() -> None:
    entries = stated("新增城镇就业4915人，完成目标任务4900人的100%；失业人员再就业3008人，完成目标任务3000人的100%。\n")
    assert names_of(entries, "100") == []
    assert names_of(entries, "4915") == ["新增城镇就业"]


@pytest.mark.parametrize(
    "body,value,name",
    [
        ("较2018年支出总额下降2.16万元。\n", "2.16", "较2018年支出总额下降"),
        ("第3季度发放失业补助金120万元。\n", "120", "第3季度发放失业补助金"),
        ("2019年12月31日资产总额为786.55万元。\n", "786.55", "2019年12月31日资产总额"),
    ],
)
def test_a_name_holding_a_number_that_is_not_a_figure(body: str, value: str, name: str) -> None:
    entries = stated(body)
    assert names_of(entries, value) == [name]
    assert all(e["value"] not in (Decimal(2018), Decimal(3), Decimal(12), Decimal(31)) for e in entries)


def test_a_name_holding_another_figure() -> None:
    entries = stated("企业在职职工55708人征缴14618万元，机关事业单位在职职工14670人征缴16298万元。\n")
    assert names_of(entries, "14618") == ["企业在职职工征缴"]
    assert names_of(entries, "16298") == ["机关事业单位在职职工征缴"]
    quotes = {e["quote"] for e in entries if e["value"] == Decimal(14618)}
    assert quotes == {"企业在职职工55708人征缴14618万元"}
    assert names_of(entries, "55708") == ["企业在职职工"]


def test_a_second_count_of_the_same_thing_is_not_named_by_the_first() -> None:
    entries = stated("新增参保单位45家3569人，全年共发放养老金128244万元。\n")
    assert names_of(entries, "3569") == []


def test_a_clause_naming_another_scheme_is_not_qualified_by_the_fund() -> None:
    entries = stated("养老保险基金实现收入80.5亿元，工伤保险实现收入7.99亿元。\n")
    assert names_of(entries, "7.99") == ["工伤保险实现收入"]


def test_a_name_that_is_the_same_for_two_figures_after_qualifying_is_left_out() -> None:
    entries = stated(
        "工伤保险基金预算收入为9.71亿元，实现收入为7.99亿元，调整后实现收入为8.01亿元。工伤保险基金实现收入8.5亿元。\n"
    )
    assert not any(e["name"] == "工伤保险基金实现收入" for e in entries)


@pytest.mark.parametrize(
    "body,value,name",
    [
        ("经评价小组综合分析，项目平均分为97分，评价结果为优。\n", "优", "评价结果"),
        ("对2020年度部门支出绩效进行了认真自评，自评等级为良好。\n", "良好", "自评等级"),
        ("2023年部门整体支出绩效自评结论为优秀。\n", "优秀", "2023年部门整体支出绩效自评结论"),
        ("绩效目标未完成。\n", "未完成", "绩效目标"),
    ],
)
def test_statements_in_words(body: str, value: str, name: str) -> None:
    entries = stated(body)
    assert names_of(entries, value) == [name]
    (entry,) = [e for e in entries if e["value"] == value]
    assert value in entry["quote"] and entry["quote"] in body


@pytest.mark.parametrize(
    "body",
    [
        "评价结果为优化营商环境提供了依据。\n",
        "（二）项目绩效目标未完成原因分析。\n",
        "报告日期：2022年3月30日\n",
        "各项工作均已完成，群众满意度较高。\n",
    ],
)
def test_look_alike_words_are_no_statement(body: str) -> None:
    assert all(isinstance(e["value"], Decimal) for e in stated(body))
