"""The sum and score checks: a report's printed totals against their printed parts, its scores against its grade.

Takes a report or project report; gives findings (warnings, published with the report): a total that is not the
sum of its parts (blanks are not zeros; a cell that printed its own unit converted first), indicator scores that
do not add up to the total, a grade outside the band of 财预〔2020〕10号 for the score (:func:`grade_for`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from site_builder.accounts import BudgetExecution
from site_builder.checks.findings import Finding, Loc
from site_builder.money import CellAmount, fmt, in_unit
from site_builder.schema import IndicatorTable, ProjectReport, Report, Score

GRADE_BANDS: tuple[tuple[str, Decimal, Decimal], ...] = (
    ("优", Decimal(90), Decimal(10**6)),
    ("良", Decimal(80), Decimal(90)),
    ("中", Decimal(60), Decimal(80)),
    ("差", Decimal(-(10**6)), Decimal(60)),
)
BAND_TEXT = {"优": "90 分及以上", "良": "80–89 分", "中": "60–79 分", "差": "60 分以下"}


def grade_for(score: Decimal) -> str:
    """The grade band of 财预〔2020〕10号 for a total score."""
    for grade, low, high in GRADE_BANDS:
        if low <= score < high:
            return grade
    return "差"  # pragma: no cover - bands cover every number


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _shown_figure(value: Decimal) -> str:
    """A figure for a message: as printed, with its own unit when the cell printed one (``0.19元``)."""
    return f"{fmt(value)}{value.unit}" if isinstance(value, CellAmount) else fmt(value)


def _sum_check(
    total: Decimal | None, parts: dict[str, Decimal | None], loc: Loc, what: str, unit: str | None = None
) -> Iterator[Finding]:
    """Warn when a printed total differs from the sum of its printed parts (blanks are not zeros); a cell that
    printed its own unit is brought to the table's ``unit`` first."""
    if total is None:
        return
    added = _sum(in_unit(v, unit) for v in parts.values())
    if added is None or added == in_unit(total, unit):
        return
    names = " + ".join(f"{label} {_shown_figure(v)}" for label, v in parts.items() if v is not None)
    yield Finding(loc, f"{what}：合计为 {_shown_figure(total)}，各项之和为 {fmt(added)}（{names}）")


def table_checks(report: Report | ProjectReport) -> Iterator[Finding]:
    if isinstance(report, Report):
        if report.income:
            for i, row in enumerate(report.income.rows):
                yield from _sum_check(
                    row.total,
                    {
                        "上年结转": row.carried_over,
                        "公共财政拨款": row.public_finance,
                        "政府基金拨款": row.government_fund,
                        "纳入专户管理的非税收入拨款": row.special_account,
                        "其他收入": row.other,
                    },
                    ("income", "rows", i, "total"),
                    f"收入合计（{row.institution}）",
                    report.income.money_unit,
                )
        if report.expenditure:
            for i, exp in enumerate(report.expenditure.rows):
                yield from _sum_check(
                    exp.total,
                    {"基本支出": exp.basic, "项目支出": exp.project},
                    ("expenditure", "rows", i, "total"),
                    f"支出合计 = 基本支出 + 项目支出（{exp.institution}）",
                    report.expenditure.money_unit,
                )
                yield from _sum_check(
                    exp.basic,
                    {"人员支出": exp.personnel, "公用支出": exp.public},
                    ("expenditure", "rows", i, "basic"),
                    f"基本支出 = 人员支出 + 公用支出（{exp.institution}）",
                    report.expenditure.money_unit,
                )
        if report.official_costs:
            oc = report.official_costs
            blocks: list[tuple[Loc, Any, str]] = [
                (("official_costs", "rows", i), row, f"三公经费合计（{row.institution}）")
                for i, row in enumerate(oc.rows)
            ]
            if oc.budget:
                blocks.append((("official_costs", "budget"), oc.budget, "三公经费年初预算合计"))
            if oc.prior_year:
                blocks.append((("official_costs", "prior_year"), oc.prior_year, f"{oc.prior_year.year}年三公经费合计"))
            for loc, fig, what in blocks:
                vehicle = (
                    {"公务用车运维费": fig.vehicle_operation, "公务用车购置费": fig.vehicle_purchase}
                    if fig.vehicle_operation is not None or fig.vehicle_purchase is not None
                    else {"公务用车购置及运行费": fig.vehicle_total}
                )
                parts = {"公务接待费": fig.reception, **vehicle, "因公出国（境）费": fig.overseas_travel}
                yield from _sum_check(fig.total, parts, (*loc, "total"), what, oc.money_unit)
                yield from _sum_check(
                    fig.vehicle_total,
                    {"公务用车运维费": fig.vehicle_operation, "公务用车购置费": fig.vehicle_purchase},
                    (*loc, "vehicle_total"),
                    "公务用车购置及运行费",
                    oc.money_unit,
                )
        if report.fixed_assets:
            for i, assets in enumerate(report.fixed_assets.rows):
                yield from _sum_check(
                    assets.total,
                    {"在用固定资产": assets.in_use, "出租固定资产": assets.leased, "其他": assets.other},
                    ("fixed_assets", "rows", i, "total"),
                    f"固定资产合计（{assets.institution}）",
                    report.fixed_assets.money_unit,
                )
        yield from _economic_checks(report)
        yield from _project_line_checks(report)
    else:
        funds = report.funds
        if funds:
            for column, label in (
                ("planned", "计划安排资金"),
                ("received", "实际到位资金"),
                ("spent", "实际支出"),
                ("balance", "结余"),
            ):
                level = getattr(funds, column)
                if level is None:
                    continue
                yield from _sum_check(
                    level.total,
                    {
                        "中央财政": level.central,
                        "省财政": level.provincial,
                        "市财政": level.city,
                        "县市区财政": level.county,
                        "其它": level.other,
                    },
                    ("funds", column, "total"),
                    f"{label}分级合计",
                    funds.money_unit,
                )
        lines = report.expenditure_lines
        if lines:
            yield from _sum_check(
                lines.total,
                {row.item or f"第{i + 1}行": row.amount for i, row in enumerate(lines.rows)},
                ("expenditure_lines", "total"),
                "项目支出明细合计",
                lines.money_unit,
            )
            spent = funds.spent.total if funds and funds.spent else None
            if lines.total is not None and spent is not None and lines.total != spent:
                yield Finding(
                    ("expenditure_lines", "total"),
                    f"项目支出明细合计 {fmt(lines.total)} 与实际支出 {fmt(spent)} 不一致",
                )
    if report.budget_execution:
        yield from _budget_execution_checks(report.budget_execution)


def _budget_execution_checks(be: BudgetExecution) -> Iterator[Finding]:
    if not be.rows or not be.by_expenditure_type:
        return
    yield from _sum_check(
        be.rows[0].executed,
        {"基本支出": be.by_expenditure_type.basic, "项目支出": be.by_expenditure_type.project},
        ("budget_execution", "rows", 0, "executed"),
        f"{be.rows[0].item}全年执行数与按支出性质分",
        be.money_unit,
    )


def _economic_checks(report: Report) -> Iterator[Finding]:
    """Each row of 支出按经济分类: its 合计 against the classes printed under it."""
    table = report.economic_classification
    for i, row in enumerate(table.rows if table else []):
        scope = row.scope or "基本支出"
        yield from _sum_check(
            row.total,
            {
                "工资福利支出": row.wages,
                "商品和服务支出": row.goods_services,
                "对个人和家庭的补助": row.household_subsidies,
                "资本性支出": row.capital,
                "其他支出": row.other,
            },
            ("economic_classification", "rows", i, "total"),
            f"{scope}按经济分类" + (f"（{row.institution}）" if row.institution else ""),
            table.money_unit if table else None,
        )


def _project_line_checks(report: Report) -> Iterator[Finding]:
    """Each project line: 结余 against 预算数 − 实际支出 (the full-year budget, or a budget of unstated basis)."""
    table = report.project_lines
    for i, row in enumerate(table.rows if table else []):
        unit = table.money_unit if table else None
        budget = row.full_year_budget if row.full_year_budget is not None else row.budget
        if budget is None or row.spent is None or row.balance is None:
            continue
        left = in_unit(budget, unit) - in_unit(row.spent, unit)  # type: ignore[operator]
        if left != in_unit(row.balance, unit):
            yield Finding(
                ("project_lines", "rows", i, "balance"),
                f"项目“{row.name}”：结余为 {_shown_figure(row.balance)}，预算数 {_shown_figure(budget)} − 实际支出 "
                f"{_shown_figure(row.spent)} = {fmt(left)}",
            )


def score_checks(
    indicators: IndicatorTable | None, score: Score | None, be: BudgetExecution | None
) -> Iterator[Finding]:
    if indicators:
        weight_title = (indicators.labels.weight if indicators.labels else None) or "分值"
        for i, row in enumerate(indicators.rows):
            if row.weight is not None and row.score is not None and row.score > row.weight:
                yield Finding(
                    ("indicators", "rows", i, "score"),
                    f"得分 {fmt(row.score)} 高于{weight_title} {fmt(row.weight)}（{row.level3 or row.level2 or ''}）",
                )
        for group, weight in indicators.group_weights.items():
            rows = [r.weight for r in indicators.rows if r.level1 == group]
            added = _sum(rows)
            if weight is not None and added is not None and added != weight:
                yield Finding(
                    ("indicators", "group_weights", group),
                    f"“{group}”表头分值为 {fmt(weight)}，其下各指标分值之和为 {fmt(added)}",
                )
    rows_with_weights = [r for r in (indicators.rows if indicators else []) if r.weight is not None]
    if be is not None:
        extra = [r for r in be.rows if r.weight is not None]
    else:
        extra = []
    if rows_with_weights and score and score.total is not None:
        scores = [r.score for r in rows_with_weights] + [r.score for r in extra]
        added = _sum(scores)
        if added is not None and added != score.total:
            parts = "指标得分" + ("及资金执行得分" if extra else "")
            yield Finding(
                ("score", "total"),
                f"综合得分为 {fmt(score.total)}，{parts}之和为 {fmt(added)}",
            )
        if indicators and indicators.total_weight is not None:
            weights = _sum([r.weight for r in rows_with_weights] + [r.weight for r in extra])
            if weights is not None and weights != indicators.total_weight:
                yield Finding(
                    ("indicators", "total_weight"),
                    f"总分值为 {fmt(indicators.total_weight)}，各项分值之和为 {fmt(weights)}",
                )
    if score and score.total is not None and score.grade is not None:
        expected = grade_for(score.total)
        if expected != score.grade:
            yield Finding(
                ("score", "grade"),
                f"评价等次为“{score.grade}”，但综合得分 {fmt(score.total)} 按财预〔2020〕10号应为“{expected}”"
                f"（{BAND_TEXT[expected]}）",
            )
