"""``import``: figures the narrative names by its own words (``stated_figures`` without a field), in sentences that
look alike but must not give a wrong name or value: two funds in one sentence, a fund carried to
the account words of its paragraph or named by its heading (and not to another subject), ``其中`` lists, a prior year, a percentage beside a figure, a name holding a number that is not a figure, a
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
    wanted: Decimal | str = Decimal(value) if value.lstrip("-")[0].isdigit() else value
    return [e["name"] for e in entries if e["value"] == wanted]


def test_two_funds_in_one_sentence_keep_their_own_income() -> None:
    entries = stated(
        "省本级企业职工基本养老保险基金预算收入为67.62亿元，实现收入为80.03亿元；"
        "省本级工伤保险基金预算收入为9.71亿元，实现收入为7.99亿元。\n"
    )
    assert names_of(entries, "80.03") == ["省本级企业职工基本养老保险基金实现收入"]
    assert names_of(entries, "7.99") == ["省本级工伤保险基金实现收入"]


def test_a_fund_carries_to_the_account_words_of_its_paragraph() -> None:
    """A sentence that prints only an account's words (实现收入, 实际支出数, 期初结余, 完成预算) continues the fund
    its paragraph began with, as a reader reads it; each fund keeps its own figures."""
    entries = stated(
        "省本级工伤保险基金预算收入为9.71亿元。实现收入为7.99亿元。完成预算的82.28%。\n"
        "省本级失业保险基金预算收入为2.66亿元。实现收入为3.09亿元，完成预算的116.13%。"
        "2019年度收支结余0.52亿元，期末滚存结余17.94亿元。\n"
    )
    assert names_of(entries, "7.99") == ["省本级工伤保险基金实现收入"]
    assert names_of(entries, "3.09") == ["省本级失业保险基金实现收入"]
    for value, fund in (
        ("82.28", "省本级工伤保险基金"),
        ("116.13", "省本级失业保险基金"),
        ("17.94", "省本级失业保险基金"),
    ):
        (name,) = names_of(entries, value)
        assert name.startswith(fund), (value, name)
    (name,) = names_of(entries, "0.52")
    assert name.startswith("省本级失业保险基金") and "收支结余" in name


@pytest.mark.parametrize(
    ("body", "value"),
    [
        # a sentence with a subject of its own
        ("省本级工伤保险基金预算收入为9.71亿元。全省参保人数为120万人。\n", "120"),
        ("省本级工伤保险基金预算收入为9.71亿元。我厅机关实际支出为5000万元。\n", "5000"),
        # a sentence between names another fund (a case kept aside, failed once, then fixed)
        ("县本级失业保险基金预算收入为2.2亿元。城乡居民养老保险基金单独核算。实现收入为2.4亿元。\n", "2.4"),
        # a new paragraph does not take the fund of the one before
        ("省本级工伤保险基金预算收入为9.71亿元。\n实现收入为7.99亿元。\n", "7.99"),
        # words that are not an account's: another thing the sentence is about
        ("省本级工伤保险基金预算收入为9.71亿元。共有参保单位320家。\n", "320"),
        # a heading that names no fund gives none
        ("（三）结转和结余情况\n年末结余66万元。\n", "66"),
        # under a fund's heading, a sentence with a subject of its own
        ("（四）工伤保险基金预算支出情况\n全省参保人数为120万人。\n", "120"),
    ],
)
def test_a_fund_does_not_carry_to_another_subject(body: str, value: str) -> None:
    assert not any("基金" in name for name in names_of(stated(body), value))


def test_a_paragraph_of_account_words_is_the_fund_of_its_heading() -> None:
    entries = stated(
        "（四）工伤保险基金预算支出情况\n"
        "2019度收支结余0.52亿元，期初结余17.89亿元。\n"
        "（五）失业保险基金预算支出情况\n"
        "2019年度收支结余6,322.13万元，期初结余275,585.14万元。\n"
        "省本级城乡居保基金实现收入为20.52亿元。期初结余3.5亿元。\n"
    )
    for value, fund in (("0.52", "工伤保险基金"), ("17.89", "工伤保险基金"), ("6322.13", "失业保险基金")):
        (name,) = names_of(entries, value)
        assert fund in name and "（" not in name, (value, name)
    (name,) = names_of(entries, "3.5")  # the paragraph's own fund, not its heading's
    assert name.startswith("省本级城乡居保基金"), name


def test_a_qimian_list_is_named_by_its_head_and_ends_with_its_sentence() -> None:
    entries = stated(
        "养老保险基金预算收入为360.66亿元，其中：利息收入8.00亿元，财政补贴收入3.00亿元。"
        "实际收入为1743.79亿元，其中：利息收入13.79亿元，财政补贴收入71.25亿元。\n"
    )
    (budgeted,) = names_of(entries, "8.00")
    assert "预算收入" in budgeted and "利息收入" in budgeted
    (actual,) = names_of(entries, "13.79")
    assert actual == "养老保险基金实际收入：利息收入"  # the fund carried, the 预算 list ended with its sentence
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
        # a year printed without 年 before a government (a count would need its measure word: 2019个县)
        ("2019省财政批复的基本支出年初预算为15131.86万元。\n", "15131.86", "2019省财政批复的基本支出年初预算"),
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
        # no balance left, said in words: a clause of its own
        ("切实执行了年度支出预算，全面实现支出，未有结转结余。\n", "未有结转结余", "结转结余"),
        ("本年度年末无结转结余。\n", "本年度年末无结转结余", "本年度年末结转结余"),
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
        "切实落实年终基本支出无结转结余的硬性要求。\n",
        "确保年末无结转结余。\n",
        "结转结余资金未有使用。\n",
    ],
)
def test_look_alike_words_are_no_statement(body: str) -> None:
    assert all(isinstance(e["value"], Decimal) or e.get("field") for e in stated(body))  # a date has its field


def test_a_figure_in_yi_without_yuan_is_stated_as_printed() -> None:
    entries = stated("六是征缴均超额完成任务。企业征收1.98亿，城乡居保收入3066万元。\n")
    (entry,) = [e for e in entries if e["value"] == Decimal("1.98")]
    assert (entry["name"], entry["unit"], entry["quote"]) == ("企业征收", "亿", "企业征收1.98亿")
    assert names_of(entries, "3066") == ["城乡居保收入"]


def test_an_indicator_cell_that_is_a_figure_is_named_by_its_indicator() -> None:
    """An indicator's 指标值 or 实际完成值 printed as a bare figure (18516万元) is named by the indicator's own name
    and the column's title; a value with words of its own (≥95%, 按时发放) names nothing."""
    from site_builder.importing.named import in_forms

    data = {
        "indicators": {
            "rows": [
                {"level3": "指标1：事业养老保险征缴", "target": "18516万元", "actual": "18516万"},
                {"level3": "指标2：企业养老保险征缴", "target": "19856万元", "actual": "19860万元"},
                {"level3": "参保率", "target": "≥95%", "actual": "按时发放"},
            ]
        }
    }
    found = {(e["name"], str(e["value"]), e.get("unit"), e["quote"]) for e in in_forms(data, project=True)}
    assert found == {
        ("事业养老保险征缴：指标值", "18516", "万元", "18516万元"),
        ("事业养老保险征缴：实际完成值", "18516", "万", "18516万"),
        ("企业养老保险征缴：指标值", "19856", "万元", "19856万元"),
        ("企业养老保险征缴：实际完成值", "19860", "万元", "19860万元"),
    }


def test_the_report_date_is_stated_with_its_field() -> None:
    """The cover's 报告日期 is written to ``cover.report_date`` as a date; the stated figure keeps the date as
    printed in its quote, so ``check`` holds the two together (the narrative's own date line says nothing new)."""
    from test_import_prose import draft

    data = draft("报告日期： 2021年 3月 30日\n一、部门基本情况\n本局共有干部职工164名。\n")
    assert str(data["cover"]["report_date"]) == "2021-03-30"
    (entry,) = [
        e
        for e in stated("报告日期： 2021年 3月 30日\n一、部门基本情况\n本局共有干部职工164名。\n")
        if e["name"] == "报告日期"
    ]
    assert entry["field"] == "cover.report_date" and str(entry["value"]) == "2021-03-30"
    assert entry["quote"] == "报告日期： 2021年 3月 30日"


@pytest.mark.parametrize(
    ("body", "value", "name"),
    [
        (
            "如：由于厅机关信息化项目资金跨年度项目预算安排与支付不同步造成本年度项目支出较预算减少554.24万元。\n",
            "554.24",
            "本年度项目支出较预算减少",
        ),
        ("受疫情影响导致线下培训人数减少1200人。\n", "1200", "线下培训人数减少"),
        # what is left after the cause is too short to be a name: the words stay as printed
        ("管理不善造成损失5万元。\n", "5", "管理不善造成损失"),
    ],
)
def test_a_figure_of_an_effect_is_named_by_the_effect(body: str, value: str, name: str) -> None:
    """“A造成B…”: the figure measures B, and the quote begins there."""
    entries = stated(body)
    assert names_of(entries, value) == [name]
    (entry,) = [e for e in entries if e["name"] == name]
    assert entry["quote"].startswith(name)


def test_a_name_printed_for_several_subjects_is_given_its_sentence_subject() -> None:
    """实有在职人数 printed for the department, for a school it includes, and for the department without the school:
    three values under one name, told apart by the subject their sentence begins with (…现有…)."""
    entries = stated(
        "我厅现有人员编制数577人，其中：行政编制128人；截止2019年12月31日，实有在职人数519人。\n"
        "需要说明的是：上述人员编制情况包括了劳动人事职院，劳动人事职院现有人员编制数195人；"
        "截止2019年12月31日，实有在职人数304人。\n"
        "我厅（不含劳动人事职院）现有人员编制数382人；截止2019年12月31日，实有在职人数335人。\n"
    )
    assert names_of(entries, "519") == ["我厅实有在职人数"]
    assert names_of(entries, "304") == ["劳动人事职院实有在职人数"]
    assert names_of(entries, "335") == ["我厅（不含劳动人事职院）实有在职人数"]
    assert names_of(entries, "577") == ["我厅现有人员编制数"]


@pytest.mark.parametrize(
    "body",
    [
        # no subject in either sentence
        "实现收入为7.99亿元。\n实现收入为3.09亿元。\n",
        # the same subject twice: still one name for two figures
        "我局现有人员编制数50人，实有在职人数48人。\n我局现有人员编制数52人，实有在职人数47人。\n",
    ],
)
def test_a_name_of_two_figures_without_two_subjects_stays_out(body: str) -> None:
    entries = stated(body)
    names = [e["name"] for e in entries]
    assert len(names) == len(set(names))
    assert not any(e["value"] in (Decimal("48"), Decimal("47"), Decimal("7.99"), Decimal("3.09")) for e in entries)
    assert not any(key.startswith("_") for e in entries for key in e)


def test_the_columns_of_a_cost_table_without_a_field_are_stated() -> None:
    """A 三公 table printed one row per cost: 本年支出 and 上年支出 go to their fields; the change it prints beside
    them (同比变动 金额, 占比), which the schema computes rather than stores, is stated cell by cell as printed, named
    by its row and its column (both header rows), so the draft keeps every figure the table prints."""
    table = (
        "                                  金额单位：万元\n\n"
        "\t项目\n\t本年支出\n\t上年支出\n\t同比变动（负数为节约）\n\n"
        "\t\n\t\n\t\n\t金额\n\t占比\n\n"
        "\t公务接待费\n\t27.53 \n\t26.63 \n\t0.89 \n\t3.34%\n\n"
        "\t其中：公务车运行维护费\n\t181.66 \n\t189.29 \n\t-7.63 \n\t-4.03%\n\n"
        "\t合计\n\t301.08 \n\t303.24 \n\t-2.16 \n\t0.71%\n\n\n"  # two blank lines end the table, as printed
    )
    data = draft("2、“三公”经费情况\n“三公”经费全年决算支出301.08万元。\n" + table + "（1）因公出国（境）费用\n", 2019)
    assert data["official_costs"]["rows"][0]["total"] == Decimal("301.08")
    found = {(e["name"], str(e["value"]), e.get("unit"), e["quote"]) for e in data.get("stated_figures") or []}
    assert ("合计：同比变动（负数为节约）金额", "-2.16", "万元", "-2.16") in found
    assert ("合计：同比变动（负数为节约）占比", "0.71", "%", "0.71%") in found
    assert ("公务车运行维护费：同比变动（负数为节约）金额", "-7.63", "万元", "-7.63") in found
    assert not any(
        e["value"] in (Decimal("301.08"), Decimal("303.24")) and "field" not in e for e in data["stated_figures"]
    )


@pytest.mark.parametrize(
    ("body", "value", "in_list"),
    [
        # the list's items go by “，” or “、”: a “；” ends it, and what follows is not one of its items
        ("实有在职人数304人，其中事业编184人，人事代理制教职员工101人；离退休人员100人。\n", "100", False),
        ("实有在职人数335人，其中：行政编制人员128人、参公及事业编制207人；离退休人员293人。\n", "293", False),
        # the list's items go by “；” from the first: the next item is still one
        ("现有人员编制数577人，其中：行政编制128人；事业编制449人。\n", "449", True),
    ],
)
def test_a_semicolon_after_a_list_of_commas_ends_it(body: str, value: str, in_list: bool) -> None:
    (name,) = names_of(stated(body), value)
    assert ("：" in name) == in_list, name


def test_a_minus_printed_before_a_figure_is_its_sign() -> None:
    entries = stated("实际支出数为430.21亿元，其中：其他支出-1.66亿元，转移支出5.96亿元。每期培训30-50人。\n")
    (name,) = names_of(entries, "-1.66")
    assert name.endswith("其他支出")
    assert not any(e["value"] in (Decimal("1.66"), Decimal("-50")) for e in entries)
