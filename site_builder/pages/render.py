"""Step 4, render: the public model → HTML pages, open-data downloads and the feed.

Two paths, one look:

* The hand-written pages (``content/``) and the few index pages (home, all units, search, data) are Markdown
  rendered by mkdocs-material (:func:`write_docs`, :func:`run_mkdocs`).
* Every unit, report, project and year page — thousands at a province's scale — is rendered straight from
  the data through the HTML templates in ``templates/*.html.j2`` into the theme's page, cut once per build
  from a placeholder mkdocs rendered (:mod:`site_builder.pages.shell`).  Only a narrative is Markdown; it is
  converted with the same extensions as mkdocs.yml's and sanitised (:mod:`site_builder.pages.sanitize`).  These
  pages are written by two processes, one per core (:func:`write_pages`).

This module formats figures for display; it computes nothing (see :mod:`site_builder.pages.compare`).
"""

from __future__ import annotations

import html
import logging
import re
import shutil
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from markupsafe import escape as markupsafe_escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from site_builder.cache import BuildCache, tree_hash
from site_builder.errors import ThemeFailed
from site_builder.forked import JOB, fork_map
from site_builder.identity import Identity, read_identity
from site_builder.money import CellAmount, fmt
from site_builder.pages.charts import Bars, svg
from site_builder.pages.compare import (
    GRADES,
    LABELS,
    YEAR_COLUMNS,
    Comparison,
    Figure,
    YearRow,
    grade_distribution,
    score_distribution,
    unit_comparison,
    year_rows,
)
from site_builder.pages.csp import apply_csp
from site_builder.pages.feed import unit_feed, unit_feed_path
from site_builder.pages.opendata import TABLES, unit_csv, write_bulk, write_report_downloads
from site_builder.pages.sanitize import sanitize_fragment, sanitize_site
from site_builder.pages.shell import KINDS, Shell, take_shells, write_shell_sources
from site_builder.pages.sitemap import page_address, unit_sitemap, write_robots, write_sitemap
from site_builder.pages.structured import dataset, json_ld, report_description, score_phrase, unit_description
from site_builder.public.model import PublicProject, PublicReport, PublicSite, PublicUnit, summarise
from site_builder.schema import (
    LEVEL_NAMES,
    BasicData,
    BudgetExecution,
    BudgetExecutionRow,
    EconomicRow,
    FundsByLevel,
    Indicator,
    IndicatorTable,
    Model,
    ProjectLine,
    ProjectReport,
    Report,
    Score,
)
from site_builder.sitefiles import site_files

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"


def _cell(value: Any) -> str:
    """A table cell: blank stays blank; figures as printed; text escaped with line breaks kept."""
    if value is None:
        return ""
    if isinstance(value, CellAmount):
        return html.escape(fmt(value) + value.unit)  # printed in another unit than its table's: shown with it
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return fmt(value)
    text = html.escape(str(value).strip())
    return text.replace("\n", "<br>")


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True, enabled_extensions=("j2",)),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["fmt"] = fmt
    env.filters["cell"] = lambda v: Markup(_cell(v))
    env.filters["evaluator_row"] = lambda e: [e.name, e.title, e.unit]
    return env


@dataclass
class TableView:
    caption: str
    unit: str | None
    headers: list[str]
    rows: list[list[Any]]
    note: str | None = None


# ------------------------------------------------------------------ report view


def _cover_pairs(r: Report | ProjectReport, unit_name: str) -> list[tuple[str, Any]]:
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


def _income_table(r: Report) -> TableView | None:
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


def _expenditure_table(r: Report) -> TableView | None:
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


def _official_costs_table(r: Report) -> TableView | None:
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


def _fixed_assets_table(r: Report) -> TableView | None:
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


def _budget_execution_tables(be: BudgetExecution | None, caption: str) -> list[TableView]:
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


def _basic_data_tables(bd: BasicData | None) -> list[TableView]:
    if not bd:
        return []
    tables = []
    if bd.staffing:
        s = bd.staffing
        tables.append(
            TableView(f"{bd.title}：财政供养人员情况", "人", ["编制数", "实际在职人数", "控制率"], [[s.authorized, s.actual, s.control_rate]])
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
                ["项目", "批复规模（㎡）", "实际规模（㎡）", "规模控制率", "预算投资（万元）", "实际投资（万元）", "投资概算控制率"],
                [
                    [b.name, b.approved_area, b.actual_area, b.area_control_rate, b.budget_investment, b.actual_investment, b.investment_control_rate]
                    for b in bd.buildings
                ],
            )
        )
    if bd.frugality_measures:
        tables.append(TableView(f"{bd.title}：厉行节约保障措施", None, ["厉行节约保障措施"], [[bd.frugality_measures]]))
    return tables


def _economic_table(r: Report) -> TableView | None:
    t = r.economic_classification
    if not t:
        return None
    names = sorted(_columns(t.rows, ("total", "wages", "goods_services", "household_subsidies", "capital"),
                            ("institution", "other", "note")), key=list(EconomicRow.model_fields).index)
    return TableView(
        "支出按经济分类", t.money_unit, ["支出范围", *[_title(EconomicRow, n) for n in names]],
        [[x.scope or "基本支出", *[getattr(x, n) for n in names]] for x in t.rows], t.source,
    )


def _project_lines_table(r: Report) -> TableView | None:
    t = r.project_lines
    if not t or not t.rows:
        return None
    names = sorted(_columns(t.rows, ("spent",),
                            ("initial_budget", "full_year_budget", "budget", "balance", "execution_rate", "note")),
                   key=list(ProjectLine.model_fields).index)
    return TableView(
        "项目支出明细（分项目）", t.money_unit, ["项目名称", *[_title(ProjectLine, n) for n in names]],
        [[x.name, *[getattr(x, n) for n in names]] for x in t.rows], t.source,
    )


def _opening_closing_table(r: Report) -> TableView | None:
    t = r.opening_closing
    if not t:
        return None
    show_note = any(x.note for x in t.rows)
    return TableView(
        "年初数与期末数", t.money_unit, ["项目", "年初数", "期末数", *(["说明"] if show_note else [])],
        [[x.item, x.opening, x.closing, *([x.note] if show_note else [])] for x in t.rows], t.source,
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
    return ("level1", "level2", "level3", "nature", "target", "measure_unit", "actual", "weight", "score",
            "deviation").index(name)


def _conclusion_pairs(pr: ProjectReport) -> list[tuple[str, Any]]:
    pairs = [("评价结论", pr.conclusion), ("存在问题", pr.problems), ("改进措施", pr.improvements)]
    return [(k, v) for k, v in pairs if v]


def _stated_rows(r: Report | ProjectReport) -> list[list[Any]]:
    return [[f.name, f.value, f.unit, f.where, f.quote] for f in r.stated_figures]


def _profile_pairs(r: Report) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    if r.contact and r.contact.name:
        pairs.append(("联系人", r.contact.name))
    if r.staffing:
        s = r.staffing
        pairs += [("人员编制", f"{s.authorized}人" if s.authorized is not None else None),
                  ("实有人数", f"{s.actual}人" if s.actual is not None else None),
                  ("内设机构数", f"{s.internal_departments}个" if s.internal_departments is not None else None),
                  ("控制率", s.control_rate), ("人员情况说明", s.note)]
    pairs += [("职能职责概述", r.functions), ("年度主要工作内容", r.main_work), ("年度总体运行情况及取得的成绩", r.achievements)]
    return [(k, v) for k, v in pairs if v]


def _funds_table(pr: ProjectReport) -> TableView | None:
    f = pr.funds
    if not f:
        return None
    columns: list[tuple[str, FundsByLevel | None]] = [
        ("计划安排资金", f.planned), ("实际到位资金", f.received), ("实际支出", f.spent), ("结余", f.balance)
    ]
    levels = [("合计", "total"), ("中央财政", "central"), ("省财政", "provincial"), ("市财政", "city"), ("县市区财政", "county"), ("其它", "other")]
    rows = [[label, *[getattr(c, attr) if c else None for _, c in columns]] for label, attr in levels]
    return TableView("项目资金", f.money_unit, ["资金来源", *[name for name, _ in columns]], rows)


def _lines_table(pr: ProjectReport) -> TableView | None:
    lines = pr.expenditure_lines
    if not lines:
        return None
    rows = [[x.item, x.amount, x.voucher, x.note] for x in lines.rows]
    rows.append(["支出合计", lines.total, None, None])
    return TableView("项目支出明细情况", lines.money_unit, ["支出内容", "实际支出数", "会计凭证号", "备注"], rows)


def _safe_markdown(text: str | None) -> str | None:
    """A narrative's Markdown, its headings moved under the page's own h2 “评价报告（文字部分）”.

    It is converted to HTML and sanitised by :meth:`PageRenderer.narrative`: raw HTML, ``javascript:`` links,
    ``attr_list`` handlers and pictures from other sites never reach the page.
    """
    if text is None:
        return None
    # headings in a narrative sit under the page's own h2 “评价报告（文字部分）”
    return re.sub(r"^(#{1,5}) ", lambda m: "#" * min(len(m[1]) + 2, 6) + " ", text, flags=re.M)


@dataclass
class ReportView:
    unit: Any
    year: int
    level_name: str
    cover_pairs: list[tuple[str, Any]]
    profile_pairs: list[tuple[str, Any]]
    tables: list[TableView]
    goal_rows: list[list[Any]]
    goals_title: str
    indicators: IndicatorView | None
    stated_rows: list[list[Any]]
    narrative: str | None
    warnings: list[str]
    projects: list[Any] = field(default_factory=list)
    corrections: list[Any] = field(default_factory=list)


def report_view(unit: PublicUnit, rep: PublicReport) -> ReportView:
    r = rep.model
    tables = [
        *_basic_data_tables(r.basic_data),
        *_budget_execution_tables(r.budget_execution, "年度资金执行情况"),
        *[t for t in (_income_table(r), _expenditure_table(r), _economic_table(r), _project_lines_table(r),
                      _official_costs_table(r), _fixed_assets_table(r), _opening_closing_table(r)) if t],
    ]
    projects = [project_view(p) for p in rep.projects]
    return ReportView(
        unit=unit.model,
        year=r.year,
        level_name=LEVEL_NAMES[unit.model.level],
        cover_pairs=_cover_pairs(r, unit.model.name),
        profile_pairs=_profile_pairs(r),
        tables=tables,
        goal_rows=[[g.target, g.actual] for g in r.goals],
        goals_title=r.goals_title or "定性目标及完成情况",
        indicators=indicator_view(r.indicators) if r.indicators else None,
        stated_rows=_stated_rows(r),
        narrative=_safe_markdown(rep.narrative),
        warnings=rep.warnings,
        projects=projects,
        corrections=rep.corrections,
    )


@dataclass
class ProjectView:
    slug: str
    model: ProjectReport
    pairs: list[tuple[str, Any]]
    tables: list[TableView]
    goal_rows: list[list[Any]]
    goals_title: str
    indicators: IndicatorView | None
    conclusions: list[tuple[str, Any]]
    stated_rows: list[list[Any]]
    narrative: str | None
    warnings: list[str]


def project_view(p: PublicProject) -> ProjectView:
    m = p.model
    pairs = [
        ("项目名称", m.name),
        *_cover_pairs(m, ""),
        ("项目单位", m.project_unit),
        ("主管部门", m.department),
        ("实施单位", m.implementing_unit),
        ("项目负责人", m.leader.name if m.leader else None),
        ("项目地址", m.address),
        ("邮编", m.postcode),
        ("项目起止时间", m.period),
    ]
    tables = [t for t in (_funds_table(m), _lines_table(m)) if t]
    tables = [*_budget_execution_tables(m.budget_execution, "项目资金执行情况"), *tables]
    return ProjectView(
        slug=m.slug,
        model=m,
        pairs=[(k, v) for k, v in pairs if v],
        tables=tables,
        goal_rows=[[g.target, g.actual] for g in m.goals],
        goals_title=m.goals_title or "定性目标及完成情况",
        indicators=indicator_view(m.indicators) if m.indicators else None,
        conclusions=_conclusion_pairs(m),
        stated_rows=_stated_rows(m),
        narrative=_safe_markdown(p.narrative),
        warnings=p.warnings,
    )


# ------------------------------------------------------------------ unit view


def _figure_cell(f: Figure | None) -> dict[str, str]:
    if f is None or f.value is None:
        return {"text": "", "title": "", "source": ""}
    printed = f"原表：{fmt(f.printed)}{f.unit}；来源：{f.source}"
    source = "上年数" if "上年" in f.source or "决算数" in f.source and not f.source.startswith(f.source[:4]) else ""
    return {"text": fmt(f.value), "title": printed, "source": source}


def _change_text(absolute: Decimal | None, percent: Decimal | None) -> str:
    if absolute is None:
        return "—"
    sign = "+" if absolute > 0 else ""
    text = f"{sign}{fmt(absolute)}"
    return f"{text}（{sign}{fmt(percent)}%）" if percent is not None else f"{text}（—）"


def unit_view(unit: PublicUnit) -> dict[str, Any]:
    reports = [r.model for r in unit.reports]
    comparison = unit_comparison(reports)
    years = comparison.years
    rows = []
    last_group = None
    borrowed = False
    for s in comparison.series:
        cells = []
        for y in years:
            f = s.values.get(y)
            cell = _figure_cell(f)
            if f is not None and not f.source.startswith(f"{y}年报告"):
                cell["source"] = f"{f.source.split(' ')[0]}所载"
                borrowed = True
            else:
                cell["source"] = ""
            cells.append(cell)
        changes = [_change_text(c.absolute, c.percent) for c in s.changes(years)]
        rows.append({"label": s.label, "unit": s.unit, "cells": cells, "changes": changes, "group_start": s.group != last_group})
        last_group = s.group
    m = unit.model
    pairs = [
        ("单位名称", m.name),
        ("简称", m.short_name),
        ("层级", LEVEL_NAMES[m.level]),
        ("所在地区", f"{m.region.name}（{m.region.code}）"),
        ("主管部门", m.parent_department),
        ("预算编码", m.budget_code),
    ]
    return {
        "model": m,
        "charts": unit_charts(comparison),
        "level_name": LEVEL_NAMES[m.level],
        "pairs": [(k, v) for k, v in pairs if v],
        "reports": unit.reports,
        "comparison": comparison,
        "change_headers": [f"{a}→{b}年变动" for a, b in zip(years, years[1:], strict=False)],
        "rows": rows,
        "grades": {r.year: r.score.grade for r in reports if r.score and r.score.grade},
        "borrowed": borrowed,
    }


CHARTS: list[tuple[str, list[str]]] = [
    ("支出", ["expenditure.total", "expenditure.basic", "expenditure.project"]),
    ("三公经费（分类）", ["official_costs.reception", "official_costs.vehicle_operation",
                   "official_costs.vehicle_purchase", "official_costs.overseas_travel"]),
    ("自评综合得分", ["score.total"]),
]


def unit_charts(comparison: Comparison) -> list[dict[str, Any]]:
    """The trend charts of a unit page, each with the table of exactly the figures it draws."""
    by_key = {s.key: s for s in comparison.series}
    charts = []
    for title, keys in CHARTS:
        present = [by_key[k] for k in keys if k in by_key]
        if not present:
            continue
        unit = present[0].unit
        years = comparison.years
        bars = Bars(title, unit, [f"{y}年" for y in years],
                    [(s.label, [s.values[y].value if y in s.values else None for y in years]) for s in present])
        if not bars.has_data():
            continue
        rows = [[s.label, *[s.values[y].value if y in s.values else None for y in years]] for s in present]
        charts.append({"title": title, "unit": unit, "svg": Markup(svg(bars)),
                       "table": TableView(f"{title}（图表数据）", unit, ["项目", *bars.categories], rows)})
    return charts


def _sort_cell(figure: Figure | None) -> dict[str, str]:
    if figure is None or figure.value is None:
        return {"text": "", "sort": "", "title": "未填写"}
    printed = f"原表：{fmt(figure.printed)}{figure.unit}" if figure.unit in ("元", "万元", "亿元") else ""
    return {"text": fmt(figure.value), "sort": fmt(figure.value), "title": printed}


def unit_year_rows(unit: PublicUnit) -> dict[int, YearRow]:
    """The unit's row on each year page it appears on, by year."""
    rows = year_rows((unit.model.id, unit.model.name, unit.model.level, unit.model.region.name, r.model)
                     for r in unit.reports)
    return {r.year: row for r, row in zip(unit.reports, rows, strict=True)}


def year_view(year: int, rows: list[YearRow]) -> dict[str, Any]:
    """All units of one year side by side, grouped by level (a province and a county are not comparable)."""
    groups = []
    for level, level_name in LEVEL_NAMES.items():
        mine = [r for r in rows if r.level == level]
        if not mine:
            continue
        groups.append({
            "key": level,
            "name": level_name,
            "rows": [
                {"unit_id": r.unit_id, "name": r.name, "region": r.region, "grade": r.grade or "",
                 "cells": [_sort_cell(r.figures.get(k)) for k in YEAR_COLUMNS]}
                for r in sorted(mine, key=lambda r: r.unit_id)
            ],
        })
    return {
        "year": year,
        "columns": [(k, LABELS[k] + ("（分）" if k == "score.total" else "（人）" if k.startswith("staffing.") else "")) for k in YEAR_COLUMNS],
        "groups": groups,
        "regions": sorted({r.region for r in rows}),
        "grades": grade_distribution(rows),
        "grade_order": [*GRADES, "未评定"],
        "scores": score_distribution(rows),
        "count": len(rows),
    }


# ------------------------------------------------------------------ writing the docs tree


def _score_text(score: Score | None) -> str:
    if not score:
        return ""
    parts = []
    if score.total is not None:
        parts.append(f"{fmt(score.total)}分")
    if score.grade:
        parts.append(score.grade)
    return "，".join(parts)



# ------------------------------------------------------------------ the pages mkdocs renders


def write_docs(site: PublicSite, content_dir: Path, docs_dir: Path) -> list[str]:
    """Write the pages mkdocs renders into ``docs_dir`` (hand-written, index pages and the shells); return them."""
    env = _env()
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    if content_dir.is_dir():
        shutil.copytree(content_dir, docs_dir)
    else:
        docs_dir.mkdir(parents=True)
    shutil.copytree(ASSETS, docs_dir / "assets", dirs_exist_ok=True)
    written: list[str] = []

    def write(rel: str, template: str, **context: Any) -> None:
        path = docs_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(env.get_template(template).render(**context), encoding="utf-8")
        written.append(rel)

    all_reports = [(u, r) for u in site.summaries for r in u.reports]
    levels = []
    for key, name in LEVEL_NAMES.items():
        units = [u for u in site.summaries if u.model.level == key]
        if not units:
            continue
        regions: dict[str, dict[str, Any]] = {}
        for u in sorted(units, key=lambda u: (u.model.region.code, u.model.id)):
            g = regions.setdefault(u.model.region.code, {"code": u.model.region.code, "name": u.model.region.name, "units": []})
            g["units"].append({"id": u.model.id, "name": u.model.name, "years": [r.year for r in u.reports]})
        levels.append({"key": key, "name": name, "regions": list(regions.values()), "count": len(units)})
    write("units/index.md", "units.md.j2", levels=levels)

    years: dict[int, int] = {}
    for _, r in all_reports:
        years[r.year] = years.get(r.year, 0) + 1
    latest = sorted(all_reports, key=lambda ur: (-ur[1].year, ur[0].model.id))[:10]
    region_groups: dict[str, dict[str, Any]] = {}
    for u in site.summaries:
        g = region_groups.setdefault(u.model.region.code, {"code": u.model.region.code, "name": u.model.region.name, "count": 0})
        g["count"] += 1
    intro_path = docs_dir / "index.md"
    intro = intro_path.read_text(encoding="utf-8") if intro_path.exists() else "# 绩效自评报告公开"
    write(
        "index.md",
        "home.md.j2",
        intro=Markup(intro),
        latest=[{"unit_id": u.model.id, "year": r.year, "name": u.model.name, "score": _score_text(r.score)} for u, r in latest],
        years=[{"year": y, "count": n} for y, n in sorted(years.items(), reverse=True)],
        levels=[{"key": lv["key"], "name": lv["name"], "count": lv["count"]} for lv in levels],
        regions=sorted(region_groups.values(), key=lambda g: g["code"]),
    )
    write("search/index.md", "search.md.j2")
    write("data/index.md", "data.md.j2", tables=TABLES, types={"string": "文字", "number": "数字", "integer": "整数", "date": "日期"})
    write_shell_sources(docs_dir)
    return written


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, site_url: str | None = None) -> None:
    """Render ``docs_dir`` to ``site_dir`` with mkdocs-material, using the repository's mkdocs.yml (its address
    ``site_url`` when given: :func:`site_builder.identity.read_identity`, which ``SITE_URL`` overrides)."""
    overrides = {"site_url": site_url} if site_url else {}
    try:
        config = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), **overrides)
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:  # mkdocs aborts on a configuration it cannot use
        detail = str(exc).strip() or "配置无法使用"
        raise ThemeFailed(f"mkdocs 无法生成网站外壳页面（请检查 mkdocs.yml 和 theme/）：{detail}") from None


# ------------------------------------------------------------------ the pages rendered straight from the data


@dataclass(frozen=True)
class Page:
    """One generated page: its file in the site, the kind of shell around it, and what fills the shell."""

    path: str  # site-relative, e.g. units/430624-renshe/2021/index.html
    kind: str  # a key of shell.KINDS
    title: str
    description: str
    content: str  # HTML
    head: str = ""  # markup for the page's <head>, made by the build (a unit's feed link, a report's JSON-LD)


_HEADING = re.compile(r'<h([2-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def toc_entries(content: str) -> list[dict[str, Any]]:
    """The table of contents of a page's HTML: its h2–h6 with ids, nested by level, as the theme shows them."""
    root: dict[str, Any] = {"level": 1, "children": []}
    stack = [root]
    for match in _HEADING.finditer(content):
        level = int(match[1])
        entry = {"level": level, "id": html.unescape(match[2]),
                 "title": html.unescape(_TAGS.sub("", match[3])).strip(), "children": []}
        while stack[-1]["level"] >= level:
            stack.pop()
        stack[-1]["children"].append(entry)
        stack.append(entry)
    return root["children"]


def markdown_extensions(config_file: Path) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """mkdocs.yml's Markdown extensions, so that narratives convert exactly as the hand-written pages do."""
    import yaml

    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) if config_file.is_file() else {}
    names: list[str] = []
    options: dict[str, dict[str, Any]] = {}
    for item in (config or {}).get("markdown_extensions") or []:
        name, opts = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if opts:
            options[name] = dict(opts)
    return names, options


class PageRenderer:
    """Generated pages of the public model, each as :class:`Page`; one per process (templates, Markdown)."""

    def __init__(self, extensions: tuple[list[str], dict[str, dict[str, Any]]], identity: Identity | None = None) -> None:
        import markdown

        self.identity = identity or Identity(name="绩效自评报告公开", url=None)
        self.env = _env()
        # compiled now, once: a renderer made before the workers fork hands them the compiled templates
        for name in self.env.list_templates(extensions=["j2"]):
            self.env.get_template(name)
        self.markdown = markdown.Markdown(extensions=extensions[0], extension_configs=extensions[1])
        self.toc = self.env.get_template("_toc.html.j2")

    def narrative(self, text: str | None, where: str) -> Markup | None:
        """A narrative's Markdown as sanitised HTML (nothing in it can run, restyle or hide the page)."""
        if text is None:
            return None
        self.markdown.reset()
        # raw HTML in a narrative is shown as text, never parsed: it reaches Markdown escaped
        converted = self.markdown.convert(str(markupsafe_escape(text)))
        cleaned, _ = sanitize_fragment(f'<div class="sb-narrative">\n{converted}\n</div>', where)
        return Markup(cleaned)

    def _render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def unit_pages(self, unit: PublicUnit) -> Iterator[Page]:
        """The unit page, its reports' pages and their projects' pages."""
        uid, name = unit.model.id, unit.model.name
        feed_title = html.escape(f"{name}：绩效自评报告的发布和更正", quote=True)
        yield Page(
            f"units/{uid}/index.html", "unit",
            f"{name}：历年绩效自评报告与数据对比",
            unit_description(unit),
            self._render("unit.html.j2", u=unit_view(unit)),
            f'<link rel="alternate" type="application/atom+xml" title="{feed_title}" href="feed.xml">',
        )
        summaries = dict(zip((r.year for r in unit.reports), summarise(unit).reports, strict=True))
        for rep in unit.reports:
            view = report_view(unit, rep)
            base = f"units/{uid}/{rep.year}/"
            yield Page(
                base + "index.html", "report",
                f"{name} {rep.year}年度绩效自评报告",
                report_description(unit, rep),
                self._render("report.html.j2", p=view, r=rep.model, narrative=self.narrative(view.narrative, base)),
                json_ld(dataset(unit, rep, summaries[rep.year], self.identity)),
            )
            for pv in view.projects:
                where = f"{base}projects/{pv.slug}/"
                score = score_phrase(pv.model.score)
                yield Page(
                    where + "index.html", "project",
                    f"{pv.model.name}（{name} {rep.year}年度项目支出绩效自评）",
                    f"{name}{rep.year}年度项目支出绩效自评报告：{pv.model.name}" + (f"，{score}" if score else ""),
                    self._render("project.html.j2", p=view, pr=pv, narrative=self.narrative(pv.narrative, where)),
                )

    def year_page(self, year: int, rows: list[YearRow]) -> Page:
        """The page of one year: every unit of that year side by side (``rows``: :func:`unit_year_rows`)."""
        return Page(
            f"years/{year}/index.html", "year",
            f"{year}年度各单位对比",
            f"{year}年度发布绩效自评报告的 {len(rows)} 个单位：收支、三公经费、人员、自评得分和等次的对比",
            self._render("year.html.j2", y=year_view(year, rows)),
        )

    def html(self, page: Page, shell: Shell) -> str:
        """The page's whole HTML: the shell of its kind filled with its parts."""
        toc = self.toc.render(toc=toc_entries(page.content)) if KINDS[page.kind].toc else ""
        canonical = self.identity.absolute(page_address(page.path)) or ""
        return shell.fill(page.title, page.description, toc, page.content, canonical, page.head)


PARALLEL_MIN_UNITS = 32  # below this, starting processes costs more than it saves


def _write_units(indices: list[int]) -> tuple[list[str], set[str]]:
    """Write the pages of these units (``site.summaries`` indices); reuse a unit's cached pages when its key matches
    (its public model is then not even read)."""
    site: PublicSite = JOB["site"]
    shells: dict[str, Shell] = JOB["shells"]
    out: Path = JOB["out"]
    cache: BuildCache = JOB["cache"]
    keys: dict[str, str] = JOB["keys"]
    renderer: PageRenderer = JOB["renderer"]
    written: list[str] = []
    for index in indices:
        uid = site.summaries[index].model.id
        key = keys.get(uid)
        if key is not None and cache.has_files(key):
            written += cache.copy_files_out(key, out)
            continue
        unit = site.unit(uid)
        mine = []
        for page in renderer.unit_pages(unit):
            _write(out / page.path, renderer.html(page, shells[page.kind]))
            mine.append(page.path)
        for rep in unit.reports:  # its report.json and report.csv, cached with the pages
            mine += [path.relative_to(out).as_posix() for path in write_report_downloads(unit, rep, out)]
        summary = summarise(unit)  # its feed (its reports and corrections) and the sitemap of its pages
        _write(out / unit_feed_path(uid), unit_feed(summary, renderer.identity))
        _write(out / f"units/{uid}/sitemap.xml", unit_sitemap(summary, renderer.identity))
        mine += [unit_feed_path(uid), f"units/{uid}/sitemap.xml"]
        if key is not None:
            cache.store_files(key, out, mine)
        written += mine
    return written, cache.used


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_pages(site: PublicSite, shells: dict[str, Shell], out: Path,
                extensions: tuple[list[str], dict[str, dict[str, Any]]], workers: int = 2,
                cache: BuildCache | None = None, unit_keys: Mapping[str, str] | None = None,
                identity: Identity | None = None) -> list[str]:
    """Write every unit, report, project and year page, and each report's downloads, into ``out``; return their
    site-relative paths.

    Units are dealt round-robin into chunks and the chunks written by ``workers`` forked processes (the public
    model is inherited, not pickled); with one worker, or few units, everything runs in this process.
    ``unit_keys`` (unit id → key of its public model, :mod:`site_builder.cache`) lets unchanged units' pages
    be copied from the cache instead of rendered.
    """
    cache = cache or BuildCache(None)
    renderer = PageRenderer(extensions, identity)
    # the pages and feeds depend on the site's identity (addresses in canonical links, feeds and structured data)
    shell_hash = cache.key("shells", *(part for shell in shells.values() for part in shell.parts), repr(renderer.identity))
    keys = {uid: cache.key("pages", key, shell_hash) for uid, key in (unit_keys or {}).items()}
    count = len(site.summaries)
    chunks = [list(range(start, count, 16)) for start in range(min(16, count))]
    results = fork_map(_write_units, chunks, workers, count >= PARALLEL_MIN_UNITS,
                       site=site, shells=shells, out=out, renderer=renderer, cache=cache, keys=keys)
    for _, used in results:
        cache.used |= used
    written = sorted(path for chunk, _ in results for path in chunk)
    # a year page is its rows (each unit's kept while the unit is unchanged): keyed by them, it is rendered again
    # only when one of them changed
    rows = cache.per_unit("year-rows", _keys_of(site, unit_keys), lambda uid: unit_year_rows(site.unit(uid)))
    by_year: dict[int, list[YearRow]] = {}
    for unit in site.summaries:
        for year, row in rows[unit.model.id].items():
            by_year.setdefault(year, []).append(row)
    for year, members in sorted(by_year.items()):
        key = cache.key("year", str(year), shell_hash, repr(members))
        if cache.has_files(key):
            written += cache.copy_files_out(key, out)
            continue
        page = renderer.year_page(year, members)
        _write(out / page.path, renderer.html(page, shells[page.kind]))
        written.append(page.path)
        cache.store_files(key, out, [page.path])
    return written


def _keys_of(site: PublicSite, unit_keys: Mapping[str, str] | None) -> dict[str, str | None]:
    """Every unit's key for :meth:`BuildCache.per_unit` (None: not known, made anew)."""
    return {u.model.id: (unit_keys or {}).get(u.model.id) for u in site.summaries}


# ------------------------------------------------------------------ the whole step


@dataclass
class Rendered:
    pages: list[str]  # site-relative paths of the generated pages
    timings: dict[str, float] = field(default_factory=dict)


def render_site(site: PublicSite, root: Path, docs: Path, out: Path, workers: int = 2, csp: bool = True,
                cache: BuildCache | None = None, unit_keys: Mapping[str, str] | None = None,
                identity: Identity | None = None) -> Rendered:
    """Render the whole site into ``out`` (``docs`` is scratch space for mkdocs' Markdown).

    ``csp=False`` is for the live preview only (its reload script is inline).  ``identity``: the site's address,
    name and registration (default: read from ``root/mkdocs.yml`` and ``SITE_URL``).
    """
    timings: dict[str, float] = {}

    def timed(name: str, started: float) -> float:
        now = time.perf_counter()
        timings[name] = now - started
        return now

    started = time.perf_counter()
    config = root / "mkdocs.yml"
    identity = identity or read_identity(config)
    cache = cache or BuildCache(None)
    write_docs(site, root / "content", docs)
    # what mkdocs makes depends on the docs written above, the configuration and the theme: unchanged, reuse it
    key = cache.key("mkdocs", tree_hash(docs), tree_hash(root / "theme"),
                    config.read_bytes() if config.is_file() else b"", str(csp), repr(identity))
    if cache.has_files(key):
        cache.copy_files_out(key, out)
    else:
        # mkdocs logs every page not in the nav at INFO; reports are reached through index pages by design
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        run_mkdocs(config, docs, out, identity.url)
        sanitize_site(out)  # hand-written and index pages: nothing in them runs, hides the page or restyles it
        if csp:
            apply_csp(out)  # every page lists the hashes of the theme's inline scripts; the shells carry them on
        if cache.folder is not None:
            cache.store_files(key, out, site_files(out))
    shells = take_shells(out)
    started = timed("mkdocs", started)
    pages = write_pages(site, shells, out, markdown_extensions(config), workers, cache, unit_keys, identity)
    started = timed("pages", started)
    # each unit's part of the site-wide downloads, kept while the unit is unchanged; its report.json texts as
    # write_pages left them, so that they are not made twice
    by_id, keys = {u.model.id: u for u in site.summaries}, _keys_of(site, unit_keys)
    texts = cache.per_unit("report-json", keys, lambda uid: {
        r.year: (out / "units" / uid / str(r.year) / "report.json").read_text(encoding="utf-8")[:-1]
        for r in by_id[uid].reports})
    write_bulk(site, out, report_json_texts={(uid, year): text for uid, mine in texts.items() for year, text in mine.items()},
               unit_lines=cache.per_unit("csv-lines", keys, lambda uid: unit_csv(site.unit(uid))), identity=identity)
    write_sitemap(out, site, identity)
    write_robots(out, identity)
    timed("downloads", started)
    return Rendered(pages, timings)
