"""The tables of a report or project page, as the original prints them: one :class:`TableView` per table
(caption, column titles from the schema or the form's own labels, cells formatted as printed).

Takes the public model of one report; gives views for the templates.  Formats, computes nothing.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from site_builder.accounts import BudgetExecution, BudgetExecutionRow, EconomicRow, ProjectLine
from site_builder.fieldtypes import Model
from site_builder.money import CellAmount, fmt
from site_builder.schema import BasicData, FundsByLevel, Indicator, IndicatorTable, ProjectReport, Report


def cell(value: Any) -> str:
    """A table cell: blank stays blank; figures as printed; text escaped with line breaks kept."""
    if value is None:
        return ""
    if isinstance(value, CellAmount):
        return html.escape(fmt(value) + value.unit)  # printed in another unit than its table's: shown with it
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return fmt(value)
    text = html.escape(str(value).strip())
    return text.replace("\n", "<br>")


@dataclass
class TableView:
    caption: str
    unit: str | None
    headers: list[str]
    rows: list[list[Any]]
    note: str | None = None


# ------------------------------------------------------------------ report view


def cover_pairs(r: Report | ProjectReport, unit_name: str) -> list[tuple[str, Any]]:
    c = r.cover
    pairs = [
        ("报告标题", c.title),
        ("部门（单位）名称", c.unit_name or unit_name),
        ("预算编码", c.budget_code),
        ("评价类型", c.evaluation_type),
        ("评价方式", c.evaluation_method),
        ("评价机构", c.evaluating_body),
        ("报告日期", c.report_date.isoformat() if c.report_date else None),
        ("制表", c.issued_by),
    ]
    return [(k, v) for k, v in pairs if v]


def income_table(r: Report) -> TableView | None:
    if not r.income:
        return None
    return TableView(
        "年度收入情况",
        r.income.money_unit,
        ["机构名称", "收入合计", "上年结转", "公共财政拨款", "政府基金拨款", "纳入专户管理的非税收入拨款", "其他收入"],
        [
            [x.institution, x.total, x.carried_over, x.public_finance, x.government_fund, x.special_account, x.other]
            for x in r.income.rows
        ],
        r.income.source,
    )


def expenditure_table(r: Report) -> TableView | None:
    if not r.expenditure:
        return None
    return TableView(
        "年度支出和结余情况",
        r.expenditure.money_unit,
        ["机构名称", "支出合计", "基本支出", "其中：人员支出", "其中：公用支出", "项目支出", "当年结余", "累计结余"],
        [
            [x.institution, x.total, x.basic, x.personnel, x.public, x.project, x.balance_year, x.balance_cumulative]
            for x in r.expenditure.rows
        ],
        r.expenditure.source,
    )


def official_costs_table(r: Report) -> TableView | None:
    oc = r.official_costs
    if not oc:
        return None
    show_vehicle_total = any(x.vehicle_total is not None for x in [*oc.rows, oc.budget, oc.prior_year] if x)
    headers = ["机构名称", "三公经费合计", "公务接待费", "公务用车运维费", "公务用车购置费"]
    if show_vehicle_total:
        headers.append("公务用车购置及运行费")
    headers.append("因公出国（境）费")

    def row(label: str, f: Any) -> list[Any]:
        cells = [label, f.total, f.reception, f.vehicle_operation, f.vehicle_purchase]
        if show_vehicle_total:
            cells.append(f.vehicle_total)
        cells.append(f.overseas_travel)
        return cells

    rows = [row(x.institution, x) for x in oc.rows]
    if oc.budget:
        rows.append(row("年初预算数", oc.budget))
    if oc.prior_year:
        rows.append(row(f"{oc.prior_year.label}（{oc.prior_year.year}年）", oc.prior_year))
    return TableView("三公经费", oc.money_unit, headers, rows, oc.source)


def fixed_assets_table(r: Report) -> TableView | None:
    fa = r.fixed_assets
    if not fa:
        return None
    return TableView(
        "固定资产",
        fa.money_unit,
        ["机构名称", "固定资产合计", "在用固定资产", "出租固定资产", "其他"],
        [[x.institution, x.total, x.in_use, x.leased, x.other] for x in fa.rows],
        fa.source,
    )


def _title(model: type[Model], name: str, labels: Any = None) -> str:
    """A column's title on the page: the original's own (``labels``) where it printed another, else the schema's."""
    printed = getattr(labels, name, None) if labels is not None else None
    return printed or model.model_fields[name].title or name


def _columns(rows: list[Any], always: tuple[str, ...], optional: tuple[str, ...]) -> list[str]:
    """The columns to show, in ``always`` then schema order: an optional one only when some row fills it."""
    shown = set(always) | {name for name in optional if any(getattr(r, name) is not None for r in rows)}
    order = [*always, *optional]
    return sorted(shown, key=order.index)


_BUDGET_COLUMNS = ("initial_budget", "full_year_budget", "executed", "weight", "execution_rate", "score")


def budget_execution_tables(be: BudgetExecution | None, caption: str) -> list[TableView]:
    if not be:
        return []
    row_model = BudgetExecutionRow
    names = sorted(_columns(be.rows, _BUDGET_COLUMNS, ("budget", "reason")), key=list(row_model.model_fields).index)
    tables = [
        TableView(
            caption,
            be.money_unit,
            [_title(row_model, "item"), *[_title(row_model, n, be.labels) for n in names]],
            [[x.item, *[getattr(x, n) for n in names]] for x in be.rows],
        )
    ]
    rows: list[list[Any]] = []
    if be.by_income_source:
        s = be.by_income_source
        rows += [
            ["按收入性质分：一般公共预算", s.general_public_budget],
            ["政府性基金拨款", s.government_fund],
            ["纳入专户管理的非税收入拨款", s.special_account],
            ["其他资金", s.other],
        ]
    if be.by_expenditure_type:
        t = be.by_expenditure_type
        rows += [["按支出性质分：基本支出", t.basic], ["项目支出", t.project]]
    if rows:
        tables.append(TableView(f"{caption}（按性质分）", be.money_unit, ["项目", "金额"], rows))
    return tables


def basic_data_tables(bd: BasicData | None) -> list[TableView]:
    if not bd:
        return []
    tables = []
    if bd.staffing:
        s = bd.staffing
        tables.append(
            TableView(
                f"{bd.title}：财政供养人员情况",
                "人",
                ["编制数", "实际在职人数", "控制率"],
                [[s.authorized, s.actual, s.control_rate]],
            )
        )
    tables.append(
        TableView(
            f"{bd.title}：经费控制情况",
            bd.money_unit,
            ["项目", bd.prior_final_label, bd.budget_label, bd.final_label, "说明"],
            [[x.item, x.prior_final, x.budget, x.final, x.note] for x in bd.rows],
            bd.note,
        )
    )
    if bd.buildings:
        tables.append(
            TableView(
                f"{bd.title}：楼堂馆所控制情况",
                None,
                [
                    "项目",
                    "批复规模（㎡）",
                    "实际规模（㎡）",
                    "规模控制率",
                    "预算投资（万元）",
                    "实际投资（万元）",
                    "投资概算控制率",
                ],
                [
                    [
                        b.name,
                        b.approved_area,
                        b.actual_area,
                        b.area_control_rate,
                        b.budget_investment,
                        b.actual_investment,
                        b.investment_control_rate,
                    ]
                    for b in bd.buildings
                ],
            )
        )
    if bd.frugality_measures:
        tables.append(TableView(f"{bd.title}：厉行节约保障措施", None, ["厉行节约保障措施"], [[bd.frugality_measures]]))
    return tables


def economic_table(r: Report) -> TableView | None:
    t = r.economic_classification
    if not t:
        return None
    names = sorted(
        _columns(
            t.rows,
            ("total", "wages", "goods_services", "household_subsidies", "capital"),
            ("institution", "other", "note"),
        ),
        key=list(EconomicRow.model_fields).index,
    )
    return TableView(
        "支出按经济分类",
        t.money_unit,
        ["支出范围", *[_title(EconomicRow, n) for n in names]],
        [[x.scope or "基本支出", *[getattr(x, n) for n in names]] for x in t.rows],
        t.source,
    )


def project_lines_table(r: Report) -> TableView | None:
    t = r.project_lines
    if not t or not t.rows:
        return None
    names = sorted(
        _columns(
            t.rows, ("spent",), ("initial_budget", "full_year_budget", "budget", "balance", "execution_rate", "note")
        ),
        key=list(ProjectLine.model_fields).index,
    )
    return TableView(
        "项目支出明细（分项目）",
        t.money_unit,
        ["项目名称", *[_title(ProjectLine, n) for n in names]],
        [[x.name, *[getattr(x, n) for n in names]] for x in t.rows],
        t.source,
    )


def opening_closing_table(r: Report) -> TableView | None:
    t = r.opening_closing
    if not t:
        return None
    show_note = any(x.note for x in t.rows)
    return TableView(
        "年初数与期末数",
        t.money_unit,
        ["项目", "年初数", "期末数", *(["说明"] if show_note else [])],
        [[x.item, x.opening, x.closing, *([x.note] if show_note else [])] for x in t.rows],
        t.source,
    )


@dataclass
class IndicatorView:
    """The indicator table as the original printed it: its columns (with the original's own titles), rows, total."""

    headers: list[str]
    header_cols: int  # leading columns of the row header (一级, 二级[, 三级])
    rows: list[list[Any]]
    total_row: list[Any] | None


_INDICATOR_OPTIONAL = ("level3", "nature", "measure_unit", "weight", "score")


def indicator_view(t: IndicatorTable) -> IndicatorView:
    """Columns of the indicator table: 三级指标, 指标性质, 度量单位, 分值 and 得分 only when some row fills them."""
    names = _columns(t.rows, ("level1", "level2", "target", "actual", "deviation"), _INDICATOR_OPTIONAL)
    if "weight" in names or "score" in names:
        names = [*names, "weight", "score"]
    names = sorted(set(names), key=_indicator_order)
    rows = []
    for r in t.rows:
        cells: list[Any] = []
        for n in names:
            value = getattr(r, n)
            group = t.group_weights.get(r.level1 or "") if n == "level1" else None
            cells.append(f"{value or ''}（{fmt(group)}分）" if group is not None else value)
        rows.append(cells)
    total = None
    if t.total_weight is not None:
        total = ["总分值", *[t.total_weight if n == "weight" else None for n in names[1:]]]
    return IndicatorView([_title(Indicator, n, t.labels) for n in names], 2 + ("level3" in names), rows, total)


def _indicator_order(name: str) -> int:
    """The national and Sichuan forms' order: 一级, 二级, 三级, 指标性质, 指标值, 度量单位, 实际完成值, 分值, 得分, 原因."""
    return (
        "level1",
        "level2",
        "level3",
        "nature",
        "target",
        "measure_unit",
        "actual",
        "weight",
        "score",
        "deviation",
    ).index(name)


def conclusion_pairs(pr: ProjectReport) -> list[tuple[str, Any]]:
    pairs = [("评价结论", pr.conclusion), ("存在问题", pr.problems), ("改进措施", pr.improvements)]
    return [(k, v) for k, v in pairs if v]


def stated_rows(r: Report | ProjectReport) -> list[list[Any]]:
    return [[f.name, f.value, f.unit, f.where, f.quote] for f in r.stated_figures]


def profile_pairs(r: Report) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    if r.contact and r.contact.name:
        pairs.append(("联系人", r.contact.name))
    if r.staffing:
        s = r.staffing
        pairs += [
            ("人员编制", f"{s.authorized}人" if s.authorized is not None else None),
            ("实有人数", f"{s.actual}人" if s.actual is not None else None),
            ("内设机构数", f"{s.internal_departments}个" if s.internal_departments is not None else None),
            ("控制率", s.control_rate),
            ("人员情况说明", s.note),
        ]
    pairs += [
        ("职能职责概述", r.functions),
        ("年度主要工作内容", r.main_work),
        ("年度总体运行情况及取得的成绩", r.achievements),
    ]
    return [(k, v) for k, v in pairs if v]


def funds_table(pr: ProjectReport) -> TableView | None:
    f = pr.funds
    if not f:
        return None
    columns: list[tuple[str, FundsByLevel | None]] = [
        ("计划安排资金", f.planned),
        ("实际到位资金", f.received),
        ("实际支出", f.spent),
        ("结余", f.balance),
    ]
    levels = [
        ("合计", "total"),
        ("中央财政", "central"),
        ("省财政", "provincial"),
        ("市财政", "city"),
        ("县市区财政", "county"),
        ("其它", "other"),
    ]
    rows = [[label, *[getattr(c, attr) if c else None for _, c in columns]] for label, attr in levels]
    return TableView("项目资金", f.money_unit, ["资金来源", *[name for name, _ in columns]], rows)


def lines_table(pr: ProjectReport) -> TableView | None:
    lines = pr.expenditure_lines
    if not lines:
        return None
    rows = [[x.item, x.amount, x.voucher, x.note] for x in lines.rows]
    rows.append(["支出合计", lines.total, None, None])
    return TableView("项目支出明细情况", lines.money_unit, ["支出内容", "实际支出数", "会计凭证号", "备注"], rows)


def safe_markdown(text: str | None) -> str | None:
    """A narrative's Markdown, its headings moved under the page's own h2 “评价报告（文字部分）”.

    It is converted to HTML and sanitised by :meth:`PageRenderer.narrative`: raw HTML, ``javascript:`` links,
    ``attr_list`` handlers and pictures from other sites never reach the page.
    """
    if text is None:
        return None
    # headings in a narrative sit under the page's own h2 “评价报告（文字部分）”
    return re.sub(r"^(#{1,5}) ", lambda m: "#" * min(len(m[1]) + 2, 6) + " ", text, flags=re.M)
