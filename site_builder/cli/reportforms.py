"""The printed forms a scaffold follows: the 文字部分 headings and the project forms of ``new --template``.

Takes nothing; gives the headings of the Hunan 部门（单位）整体支出绩效自评报告 narrative
(:data:`NARRATIVE_SECTIONS`) and, per project form (财政部 ``national``, 四川省 ``sichuan``), its fixed rows,
printed column titles, usual weights, what the clerk must compare with the original, and its narrative headings
(:data:`PROJECT_TEMPLATES`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from site_builder.cli.yamlwriter import Loc

NARRATIVE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("## 一、部门（单位）概况", ""),
    ("### （一）部门（单位）基本情况", "主要职能；机构情况和人员情况，包括当年变动情况及原因。"),
    (
        "### （二）部门（单位）整体支出规模、使用方向和主要内容、涉及范围",
        "年度支出总额，其中基本支出、项目支出各多少；使用方向和主要内容。",
    ),
    ("## 二、部门（单位）整体支出管理及使用情况", ""),
    ("### （一）基本支出", "人员经费、公用经费，“三公”经费的使用和管理情况。"),
    ("### （二）专项支出", "专项资金安排落实、总投入等情况；实际使用情况；管理情况。"),
    ("## 三、部门（单位）专项组织实施情况", "专项组织情况和管理情况；没有专项的写“无”。"),
    ("## 四、部门（单位）整体支出绩效情况", "年度绩效目标的完成情况，产出和效益。"),
    ("## 五、存在的主要问题", "没有的写“无”。"),
    ("## 六、改进措施和有关建议", "没有的写“无”。"),
    ("## 七、绩效自评结果拟应用和公开情况", "评价结果如何应用、在哪里公开。"),
)
"""The 文字部分 headings of the 部门（单位）整体支出绩效自评报告 template, with what goes under each."""


@dataclass(frozen=True)
class ProjectTemplate:
    """A project form: what ``new --template`` fills in before the clerk does, and its narrative headings."""

    name: str  # as the guide names it
    data: dict[str, Any]  # the form's fixed parts: rows, printed column titles, usual weights
    reviews: dict[Loc, str]  # what the clerk must compare with the original: ``# 请核对`` above it
    sections: tuple[tuple[str, str], ...]


_FUNDS_REVIEW = "行名和金额单位按本表的格式预填，请与原表核对（原表没有的行删去，多出的行照加）；核对后删除本行"

PROJECT_TEMPLATES: dict[str, ProjectTemplate] = {
    "national": ProjectTemplate(
        "财政部 项目支出绩效自评表（多数省份采用）",
        {
            "budget_execution": {
                "money_unit": "万元",
                "rows": [
                    {"item": "年度资金总额"},
                    {"item": "其中：本年财政拨款"},
                    {"item": "上年结转资金"},
                    {"item": "其他资金"},
                ],
            },
            "goals_title": "年度总体目标",
            "indicators": {"group_weights": {"产出指标": 50, "效益指标": 30, "满意度指标": 10}, "total_weight": 100},
        },
        {
            ("budget_execution",): _FUNDS_REVIEW,
            (
                "indicators",
            ): "一级指标分值按常见的 产出 50、效益 30、满意度 10（预算执行率 10）预填，请与原表核对；核对后删除本行",
        },
        (
            ("## 一、项目概况", "项目基本情况、项目绩效目标。"),
            ("## 二、绩效评价工作开展情况", "评价目的、对象、范围，评价指标体系和方法，评价过程。"),
            ("## 三、综合评价情况及评价结论", "自评得分和等次。"),
            (
                "## 四、绩效指标完成情况分析",
                "项目资金情况分析（投入、执行、管理），绩效指标完成情况（产出、效益、满意度）。",
            ),
            ("## 五、主要经验及做法、存在的问题及原因分析", "没有的写“无”。"),
            ("## 六、有关建议", "没有的写“无”。"),
            ("## 七、其他需要说明的问题", "没有的写“无”。"),
        ),
    ),
    "sichuan": ProjectTemplate(
        "四川省 项目支出绩效自评表",
        {
            "budget_execution": {
                "money_unit": "万元",
                "labels": {
                    "initial_budget": "年初预算",
                    "full_year_budget": "调整后预算数",
                    "executed": "预算执行数",
                    "execution_rate": "预算执行率",
                    "weight": "权重",
                },
                "rows": [
                    {"item": "年度资金总额"},
                    {"item": "财政资金"},
                    {"item": "财政专户管理资金"},
                    {"item": "单位资金"},
                    {"item": "其他资金"},
                ],
            },
            "indicators": {"labels": {"weight": "权重", "deviation": "未完成原因分析"}},
        },
        {("budget_execution",): _FUNDS_REVIEW},
        (
            ("## 一、项目概况", "项目基本情况、年度绩效目标。"),
            ("## 二、项目资金申报及使用情况", "资金申报、批复、到位和使用情况。"),
            ("## 三、项目实施及管理情况", "组织实施、财务管理、项目管理情况。"),
            ("## 四、项目绩效情况", "产出、效益、满意度指标完成情况；未完成的说明原因。"),
            ("## 五、评价结论", "自评得分和等次。"),
            ("## 六、存在的问题", "没有的写“无”。"),
            ("## 七、改进措施及建议", "没有的写“无”。"),
        ),
    ),
}
"""The project forms ``new --template`` offers besides the Hunan department report (the default)."""

TEMPLATES: tuple[str, ...] = ("hunan", *PROJECT_TEMPLATES)
