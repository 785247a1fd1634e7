"""Cases of ``import``'s naming rules (issue 23, fourth round) kept aside while the rules were written, without
reading them (run once, last, by name: ``python -m pytest tests/import_aside_r4.py -p no:cacheprovider``).

Every text here is 【测试数据】 written for these cases, read through the real reader and mapper (text → draft):
a fund carried within a paragraph or given by a heading, subjects for a name printed for several bodies, the
figure of an effect, 亿/万 printed alone, a year printed without 年, a balance said in words, the unit's year-end
balance under its heading, an annex title printed over two lines, and the cover's report date.

The one run (2026-12-06): 42 of 44 passed.  ``test_fund_does_not_carry`` with a sentence between that names another
fund (城乡居民基本养老保险基金由县社保中心单独核算。) failed: the fund went on past it.  The rule was fixed (a
sentence that names a scheme before its first figure ends the carry) and the case copied into
``tests/test_import_named.py``.  ``test_annex_lines_that_stay_apart`` with “项目支出绩效自评表” as the second line
fails on its premise, not on the join: a line that is a project form's title starts a project report (an older
rule), so it is in no paragraph of the report's narrative; the two lines are not joined.  It stays marked as
expected to fail."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from test_import_prose import draft, row

from site_builder.importing.mapper import map_documents
from site_builder.importing.text import read_text

TITLE = "【测试数据】县人力资源和社会保障局2020年度部门整体支出绩效评价报告\n"


def stated(body: str, year: int = 2020) -> list[dict[str, Any]]:
    return draft(body, year).get("stated_figures") or []


def _is(value: Any, printed: str) -> bool:
    return not isinstance(value, (str, bool)) and value is not None and Decimal(str(value)) == Decimal(printed)


def holding(entries: list[dict[str, Any]], printed: str) -> list[dict[str, Any]]:
    return [e for e in entries if _is(e.get("value"), printed)]


def names(body: str, printed: str, year: int = 2020) -> list[str]:
    return [e["name"] for e in holding(stated(body, year), printed)]


def assert_quoted(entry: dict[str, Any], body: str, printed: str) -> None:
    assert entry["quote"] in body and printed in entry["quote"], entry


def assert_one_value_per_name(entries: list[dict[str, Any]]) -> None:
    values: dict[str, set[Any]] = {}
    for entry in entries:
        assert not any(str(key).startswith("_") for key in entry), entry
        values.setdefault(entry["name"], set()).add(entry["value"])
    assert {name: v for name, v in values.items() if len(v) > 1} == {}


# ---------------------------------------------------------------- 1. a fund carried within its paragraph


def test_fund_carries_to_the_next_account_sentence() -> None:
    body = "市本级失业保险基金预算收入为5320.45万元，其中失业保险费收入4210.3万元。实现收入为6011.28万元。\n"
    (entry,) = holding(stated(body), "6011.28")
    assert entry["name"].startswith("市本级失业保险基金") and "实现收入" in entry["name"]
    assert_quoted(entry, body, "6011.28")


def test_fund_carries_to_account_words_after_a_year() -> None:
    fund = "县本级城乡居民基本养老保险基金"
    body = (
        f"{fund}预算支出为1.26亿元。实际支出数为1.18亿元。"
        "2020年度收支结余0.35亿元，期初结余2.04亿元，期末滚存结余2.39亿元。\n"
    )
    entries = stated(body)
    for printed, account in (("1.18", "实际支出数"), ("0.35", "收支结余"), ("2.39", "期末滚存结余")):
        (entry,) = holding(entries, printed)
        assert fund in entry["name"] and account in entry["name"], entry
        assert_quoted(entry, body, printed)
    assert_one_value_per_name(entries)


@pytest.mark.parametrize(
    ("body", "printed", "fund"),
    [
        # a sentence with a subject of its own (after a time word)
        ("县本级工伤保险基金预算收入为3250.6万元。当年新增参保企业126户。\n", "126", "工伤保险基金"),
        # a body of its own spending
        ("县本级失业保险基金预算支出为1860.2万元。县就业服务中心实际支出为1532.7万元。\n", "1532.7", "失业保险基金"),
        # the next paragraph
        (
            "县本级工伤保险基金预算收入为3250.6万元，其中保费收入2875.1万元。\n实现收入为3011.4万元。\n",
            "3011.4",
            "工伤保险基金",
        ),
        # a sentence naming another fund stops it
        (
            "县本级失业保险基金预算收入为2210.5万元。城乡居民基本养老保险基金由县社保中心单独核算。实现收入为2397.8万元。\n",
            "2397.8",
            "失业保险基金",
        ),
    ],
)
def test_fund_does_not_carry(body: str, printed: str, fund: str) -> None:
    assert not any(fund in name for name in names(body, printed))


# ---------------------------------------------------------------- 2. a heading about one fund


def test_heading_gives_its_fund_to_the_paragraphs_under_it() -> None:
    fund = "城乡居民基本养老保险基金"
    body = f"（二）{fund}收支情况\n预算收入为2.15亿元，实现收入为2.31亿元。\n期末滚存结余为3.46亿元。\n"
    entries = stated(body)
    for printed, account in (("2.31", "实现收入"), ("3.46", "期末滚存结余")):
        (entry,) = holding(entries, printed)
        assert fund in entry["name"] and account in entry["name"], entry
        assert_quoted(entry, body, printed)


def test_a_paragraph_naming_its_own_fund_keeps_it() -> None:
    body = "（二）城乡居民基本养老保险基金收支情况\n县本级被征地农民养老保险基金实现收入为0.42亿元。\n"
    (name,) = names(body, "0.42")
    assert "被征地农民养老保险基金" in name and "城乡居民" not in name


@pytest.mark.parametrize(
    ("body", "printed", "fund"),
    [
        (
            "（一）工伤保险基金收支情况\n实现收入为1820.5万元。\n（二）结转和结余情况\n期末结余为236.7万元。\n",
            "236.7",
            "工伤保险基金",
        ),
        (
            "（一）失业保险基金收支情况\n实现收入为2650.3万元。\n三、部门整体支出情况\n实际支出数为1288.4万元。\n",
            "1288.4",
            "失业保险基金",
        ),
    ],
)
def test_a_heading_naming_no_fund_gives_nothing(body: str, printed: str, fund: str) -> None:
    assert not any(fund in name for name in names(body, printed))


# ---------------------------------------------------------------- 3. one name printed for several bodies


def test_each_body_gets_the_subject_its_sentence_begins_with() -> None:
    subjects = {"79": "我局", "30": "县就业服务中心", "38": "县社会保险事务中心"}
    body = (
        "我局现有人员编制数86人，其中行政编制21人；截至2020年12月31日，实有在职人数79人。\n"
        "县就业服务中心现有人员编制数34人，实有在职人数30人。\n"
        "县社会保险事务中心现有人员编制数41人，实有在职人数38人。\n"
    )
    entries = stated(body)
    for printed, subject in subjects.items():
        (entry,) = [e for e in holding(entries, printed) if "实有在职人数" in e["name"]]
        assert entry["name"].startswith(subject), entry
        assert not any(other in entry["name"] for other in subjects.values() if other not in subject), entry
        assert_quoted(entry, body, printed)
    assert_one_value_per_name(entries)


def test_without_distinct_subjects_the_name_is_left_out() -> None:
    body = (
        "我局现有人员编制数50人，实有在职人数45人，其中行政人员16人。\n"
        "本年度我局严格执行机构编制管理规定，未超编进人。\n"
        "我局现有人员编制数50人，实有在职人数47人，在职人员控制率94%。\n"
    )
    entries = stated(body)
    assert not [e for e in holding(entries, "45") + holding(entries, "47") if "实有在职人数" in e["name"]]
    assert_one_value_per_name(entries)


# ---------------------------------------------------------------- 4. the figure of an effect


@pytest.mark.parametrize(
    ("body", "printed", "effect", "cause"),
    [
        (
            "由于县级财力紧张、部分项目资金未能及时拨付，导致本年度项目支出较年初预算减少86.37万元。\n",
            "86.37",
            "项目支出较年初预算减少",
            "财力",
        ),
        (
            "受招标流程延长影响造成合同签订推迟致使信息化建设项目支出较预算减少42.6万元。\n",
            "42.6",
            "信息化建设项目支出较预算减少",
            "合同签订",
        ),
    ],
)
def test_an_effect_is_named_by_the_words_after_the_last_causal_word(
    body: str, printed: str, effect: str, cause: str
) -> None:
    (entry,) = holding(stated(body), printed)
    assert effect in entry["name"] and cause not in entry["name"], entry
    assert cause not in entry["quote"], entry
    assert_quoted(entry, body, printed)


def test_too_few_words_after_the_causal_word_keep_the_whole_words() -> None:
    body = "受疫情影响线下培训暂停致使结余31.2万元。\n"
    (entry,) = holding(stated(body), "31.2")
    assert "培训暂停" in entry["name"] and "结余" in entry["name"], entry
    assert_quoted(entry, body, "31.2")


# ---------------------------------------------------------------- 5. 亿 and 万 printed alone


@pytest.mark.parametrize(
    ("body", "printed", "unit"),
    [
        ("全年征收城乡居民养老保险费2.37亿，完成年度征收任务。\n", "2.37", "亿"),
        ("发放一次性吸纳就业补贴326.5万，惠及企业58家。\n", "326.5", "万"),
    ],
)
def test_yi_and_wan_alone_are_units(body: str, printed: str, unit: str) -> None:
    (entry,) = holding(stated(body), printed)
    assert entry["unit"] == unit
    assert_quoted(entry, body, printed)


@pytest.mark.parametrize(
    ("body", "printed", "unit"),
    [
        ("全省公共就业服务平台累计服务1.06亿人次。\n", "1.06", "亿"),
        ("全年开展职业指导12.6万人次，组织招聘会35场。\n", "12.6", "万"),
    ],
)
def test_person_times_are_not_yi_or_wan(body: str, printed: str, unit: str) -> None:
    assert all(e.get("unit") != unit for e in holding(stated(body), printed))


# ---------------------------------------------------------------- 6. a year printed without 年


def test_a_year_without_nian_before_a_government_stays_in_the_name() -> None:
    body = "2020市财政下达的就业专项资金预算为128.45万元。\n"
    (entry,) = holding(stated(body), "128.45")
    assert "2020" in entry["name"] and "市财政" in entry["name"], entry
    assert_quoted(entry, body, "128.45")


def test_another_number_inside_the_name_still_makes_no_name() -> None:
    body = "2020县财政对12个乡镇追加劳动保障平台运行经费28.6万元。\n"
    assert all(not re.search(r"\d", name.replace("2020", "")) for name in names(body, "28.6"))


# ---------------------------------------------------------------- 7. no balance, said in words


@pytest.mark.parametrize(
    "body",
    ["本项目资金已按合同全部支付，无结转结余。\n", "2020年末未有结转结余。\n"],
)
def test_no_balance_in_a_clause_of_its_own_is_stated(body: str) -> None:
    words = [e for e in stated(body) if isinstance(e.get("value"), str) and "结转结余" in e["value"]]
    (entry,) = words
    assert entry["value"].endswith("结转结余") and entry["value"] in entry["quote"] and entry["quote"] in body


@pytest.mark.parametrize(
    "body",
    [
        "严格执行预算，确保年底基本支出无结转结余。\n",
        "认真落实年终项目资金无结转结余的规定。\n",
        "以前年度结转结余资金未有及时清理。\n",
    ],
)
def test_no_balance_inside_a_longer_phrase_is_no_statement(body: str) -> None:
    assert not [e for e in stated(body) if isinstance(e.get("value"), str) and "结转结余" in e["value"]]


# ---------------------------------------------------------------- 8. the unit's year-end balance under its heading


@pytest.mark.parametrize(
    ("body", "year", "printed"),
    [
        (
            "（三）结转和结余情况。\n"
            "2020年年末，我单位结转和结余项目资金183620.5元，主要为跨年度实施的职业技能培训项目。\n",
            2020,
            "183620.5",
        ),
        (
            "二、部门支出情况\n2021年支出总额为1260.3万元。\n"
            "三、结转结余情况\n2021年年末，本部门累计结余35.62万元。\n"
            "四、部门财政支出管理情况\n本部门严格执行财务管理制度。\n",
            2021,
            "35.62",
        ),
    ],
)
def test_year_end_balance_under_its_heading(body: str, year: int, printed: str) -> None:
    assert row(draft(body, year), "expenditure").get("balance_cumulative") == Decimal(printed)


@pytest.mark.parametrize(
    "body",
    [
        # a second money figure in the section
        "（三）结转和结余情况\n2020年年末，我单位结转和结余资金52.4万元。\n其中基本支出结转8.6万元。\n",
        # another year
        "（三）结转和结余情况\n2019年年末，我单位结转和结余资金52.4万元。\n",
        # the year before
        "（三）结转和结余情况\n本部门上年结转和结余资金52.4万元。\n",
        # a subordinate body
        "（三）结转和结余情况\n2020年年末，下属县劳动保障监察大队结转和结余资金52.4万元。\n",
        # a budget
        "（三）结转和结余情况\n2020年，我单位结转和结余资金预算为52.4万元。\n",
        # a share
        "（三）结转和结余情况\n2020年年末，我单位结转和结余资金占全年支出的3.6%。\n",
        # not under a heading on the balance
        "（二）部门财政资金支出情况\n2020年年末，我单位结转和结余资金52.4万元。\n",
    ],
)
def test_year_end_balance_left_to_the_clerk(body: str) -> None:
    assert "balance_cumulative" not in row(draft(body, 2020), "expenditure")


# ---------------------------------------------------------------- 9. an annex title printed over two lines


def paragraphs(lines: list[str]) -> list[str]:
    text = TITLE + "本报告经局党组会议审定后按规定公开。\n" + "\n".join(lines) + "\n"
    narrative = map_documents([read_text(text, "测试.txt")], 2020).report.narrative
    return [p.strip().lstrip("#").strip() for p in re.split(r"\n[ \t]*\n", narrative) if p.strip()]


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (
            ["附件1：县人力资源和社会保障局2020年度项目支出", "绩效自评表"],
            "附件1：县人力资源和社会保障局2020年度项目支出绩效自评表",
        ),
        (
            ["附件2：2020年度就业补助资金使用                    ", "", "      情况说明  "],
            "附件2：2020年度就业补助资金使用情况说明",
        ),
    ],
)
def test_annex_title_over_two_lines_is_one_paragraph(lines: list[str], joined: str) -> None:
    assert joined in paragraphs(lines)


@pytest.mark.parametrize(
    "lines",
    [
        # the second line is too long
        ["附件：县人力资源和社会保障局2020年度", "部门整体支出绩效评价工作开展情况报告"],
        # the second line holds punctuation
        ["附件：2020年度部门整体支出", "评价指标、评分标准表"],
        # the second line ends in no document noun
        ["附件：2020年度部门整体支出绩效评价", "指标及评分标准"],
        # the first line already ends in a document noun
        pytest.param(
            ["附件：2020年度部门整体支出绩效自评报告", "项目支出绩效自评表"],
            marks=pytest.mark.xfail(strict=True, reason="the second line is a project form's title: a project begins"),
        ),
        # the first line ends in punctuation
        ["附件：", "绩效评价指标体系"],
    ],
)
def test_annex_lines_that_stay_apart(lines: list[str]) -> None:
    first, second = lines[0].strip(), lines[-1].strip()
    paras = paragraphs(lines)
    assert any(second in p for p in paras)
    assert not any(first in p and second in p for p in paras)


# ---------------------------------------------------------------- 10. the cover's report date


def test_report_date_on_the_cover() -> None:
    line = "报告日期：2021年 3月 9日"
    data = draft(line + "\n一、部门基本情况\n本局2020年度部门整体支出绩效自评工作已按要求完成。\n", 2020)
    assert data["cover"]["report_date"] == "2021-03-09"
    (entry,) = [e for e in data.get("stated_figures") or [] if e.get("name") == "报告日期"]
    assert entry.get("field") == "cover.report_date" and entry["value"] == "2021-03-09"
    assert entry["quote"].strip() == line


def test_an_empty_report_date_states_nothing() -> None:
    data = draft(
        "报告日期：    年   月   日\n一、部门基本情况\n本局2020年度部门整体支出绩效自评工作已按要求完成。\n", 2020
    )
    assert not (data.get("cover") or {}).get("report_date")
    assert not [e for e in data.get("stated_figures") or [] if e.get("name") == "报告日期"]
