"""``import``: the narrative's lines as printed, where the printing cut a sentence or a heading in two.

Text copied from a Word document or a PDF keeps the layout's line ends: a figure's money unit on the next line
(“费用67.36” / “万元；…”), a heading's number on a line of its own (“（五）” / “失业保险基金预算支出情况”).  The
narrative is verbatim, so such a line is joined to the next only where the two cannot be two things of their own;
everything else stays a paragraph as printed.  Every text here is 【测试数据】 written for these cases, read
through the real reader and mapper (text → draft).
"""

from __future__ import annotations

import pytest

from site_builder.importing.mapper import map_documents
from site_builder.importing.text import read_text

TITLE = "【测试数据】县人力资源和社会保障局2020年度部门整体支出绩效评价报告\n"


def paragraphs(*lines: str) -> list[str]:
    narrative = map_documents([read_text(TITLE + "\n".join(lines) + "\n", "测试.txt")], 2020).report.narrative
    return [p.strip() for p in narrative.split("\n\n") if p.strip()][1:]  # the title aside


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a figure's money unit printed on the next line: one sentence
        (
            ["“三公”经费全年决算支出301.08万元，其中：因公出国（境）费用67.36", "万元；公务接待费27.53万元。"],
            ["“三公”经费全年决算支出301.08万元，其中：因公出国（境）费用67.36万元；公务接待费27.53万元。"],
        ),
        (
            ["全年项目支出共计1,294.52", "万元，资金到位率为100", "%，执行率为100%。"],
            ["全年项目支出共计1,294.52万元，资金到位率为100%，执行率为100%。"],
        ),
        # a heading's number on a line of its own, its title on the next
        (
            ["（五）", "失业保险基金预算支出情况", "省本级失业保险基金预算收入为26,601.30万元。"],
            ["### （五）失业保险基金预算支出情况", "省本级失业保险基金预算收入为26,601.30万元。"],
        ),
        # an annex's title printed over two lines (a blank line between): the rest of the title is short and ends
        # in the name of a document
        (
            ["附件：2020年县人力资源和社会保障局部门整体支出", "", "      绩效评价指标体系"],
            ["附件：2020年县人力资源和社会保障局部门整体支出绩效评价指标体系"],
        ),
        (
            ["三、", "部门整体支出绩效情况", "本年度各项目标均已完成。"],
            ["## 三、部门整体支出绩效情况", "本年度各项目标均已完成。"],
        ),
    ],
)
def test_a_line_the_printing_cut_is_joined(lines: list[str], expected: list[str]) -> None:
    assert paragraphs(*lines) == expected


@pytest.mark.parametrize(
    "lines",
    [
        # a cell per line: a bare figure and its unit are cells of their own
        ["本年支出合计", "1,294.52", "万元"],
        # the line before the unit ends a sentence
        ["资金到位率为100%。", "万元以上的项目均已公示。"],
        # a figure ends the line, but what follows is not its unit
        ["全年培训人数共计1200", "人次以上的培训由县就业局组织。"],
        # a number alone, then a paragraph of its own (not a title)
        ["（五）", "2020年，我局按照县委县政府的统一部署，认真开展了部门整体支出绩效自评工作，取得明显成效。"],
        # a number alone, then another heading
        ["五、", "（一）基本情况"],
        # a heading with its title already
        ["（五）资料整理归档", "对评价资料进行整理归档。"],
        # an annex line followed by the annex itself, a sentence, or the next annex
        ["附件：部门整体支出绩效评价指标体系", "一级指标"],
        ["附件：部门整体支出绩效评价指标体系", "绩效评价评分表"],
        ["附件：2020年县人力资源和社会保障局部门整体支出", "本表由财务股填报。"],
        ["附件：1.部门整体支出绩效评价指标体系", "2.资金使用情况明细表"],
        # a list number alone stays as printed (only the 一、 and （一） headings are joined)
        ["1、", "绩效目标完成情况"],
    ],
)
def test_lines_that_are_two_things_stay_apart(lines: list[str]) -> None:
    found = paragraphs(*lines)
    assert [p.lstrip("#").strip() for p in found] == lines


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("（三）结转和结余情况。", True),  # a title printed with a stop
        ("三、绩效目标完成情况分析。", True),
        ("（三）结转和结余情况", True),
        ("（一）按时完成。", False),  # a short item of a list, a sentence
        ("（二）资金到位及时，使用情况。", False),
    ],
)
def test_a_numbered_title_with_a_stop_is_a_heading(line: str, heading: bool) -> None:
    (found,) = paragraphs(line)
    assert found.startswith("#") == heading
