"""What each generated page shows: the views of report, project, unit and year pages handed to the templates.

Takes the public model (and the year-over-year comparison of :mod:`site_builder.pages.compare`); gives plain
views.  Formats, computes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from site_builder.fieldtypes import LEVEL_NAMES
from site_builder.money import fmt
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
from site_builder.pages.tables import (
    IndicatorView,
    TableView,
    basic_data_tables,
    budget_execution_tables,
    conclusion_pairs,
    cover_pairs,
    economic_table,
    expenditure_table,
    fixed_assets_table,
    funds_table,
    income_table,
    indicator_view,
    lines_table,
    official_costs_table,
    opening_closing_table,
    profile_pairs,
    project_lines_table,
    safe_markdown,
    stated_rows,
)
from site_builder.public.model import PublicProject, PublicReport, PublicUnit
from site_builder.schema import ProjectReport, Score


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
        *basic_data_tables(r.basic_data),
        *budget_execution_tables(r.budget_execution, "年度资金执行情况"),
        *[
            t
            for t in (
                income_table(r),
                expenditure_table(r),
                economic_table(r),
                project_lines_table(r),
                official_costs_table(r),
                fixed_assets_table(r),
                opening_closing_table(r),
            )
            if t
        ],
    ]
    projects = [project_view(p) for p in rep.projects]
    return ReportView(
        unit=unit.model,
        year=r.year,
        level_name=LEVEL_NAMES[unit.model.level],
        cover_pairs=cover_pairs(r, unit.model.name),
        profile_pairs=profile_pairs(r),
        tables=tables,
        goal_rows=[[g.target, g.actual] for g in r.goals],
        goals_title=r.goals_title or "定性目标及完成情况",
        indicators=indicator_view(r.indicators) if r.indicators else None,
        stated_rows=stated_rows(r),
        narrative=safe_markdown(rep.narrative),
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
        *cover_pairs(m, ""),
        ("项目单位", m.project_unit),
        ("主管部门", m.department),
        ("实施单位", m.implementing_unit),
        ("项目负责人", m.leader.name if m.leader else None),
        ("项目地址", m.address),
        ("邮编", m.postcode),
        ("项目起止时间", m.period),
    ]
    tables = [t for t in (funds_table(m), lines_table(m)) if t]
    tables = [*budget_execution_tables(m.budget_execution, "项目资金执行情况"), *tables]
    return ProjectView(
        slug=m.slug,
        model=m,
        pairs=[(k, v) for k, v in pairs if v],
        tables=tables,
        goal_rows=[[g.target, g.actual] for g in m.goals],
        goals_title=m.goals_title or "定性目标及完成情况",
        indicators=indicator_view(m.indicators) if m.indicators else None,
        conclusions=conclusion_pairs(m),
        stated_rows=stated_rows(m),
        narrative=safe_markdown(p.narrative),
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
        rows.append(
            {"label": s.label, "unit": s.unit, "cells": cells, "changes": changes, "group_start": s.group != last_group}
        )
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
    (
        "三公经费（分类）",
        [
            "official_costs.reception",
            "official_costs.vehicle_operation",
            "official_costs.vehicle_purchase",
            "official_costs.overseas_travel",
        ],
    ),
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
        bars = Bars(
            title,
            unit,
            [f"{y}年" for y in years],
            [(s.label, [s.values[y].value if y in s.values else None for y in years]) for s in present],
        )
        if not bars.has_data():
            continue
        rows = [[s.label, *[s.values[y].value if y in s.values else None for y in years]] for s in present]
        charts.append(
            {
                "title": title,
                "unit": unit,
                "svg": Markup(svg(bars)),
                "table": TableView(f"{title}（图表数据）", unit, ["项目", *bars.categories], rows),
            }
        )
    return charts


def _sort_cell(figure: Figure | None) -> dict[str, str]:
    if figure is None or figure.value is None:
        return {"text": "", "sort": "", "title": "未填写"}
    printed = f"原表：{fmt(figure.printed)}{figure.unit}" if figure.unit in ("元", "万元", "亿元") else ""
    return {"text": fmt(figure.value), "sort": fmt(figure.value), "title": printed}


def unit_year_rows(unit: PublicUnit) -> dict[int, YearRow]:
    """The unit's row on each year page it appears on, by year."""
    rows = year_rows(
        (unit.model.id, unit.model.name, unit.model.level, unit.model.region.name, r.model) for r in unit.reports
    )
    return {r.year: row for r, row in zip(unit.reports, rows, strict=True)}


def year_view(year: int, rows: list[YearRow]) -> dict[str, Any]:
    """All units of one year side by side, grouped by level (a province and a county are not comparable)."""
    groups = []
    for level, level_name in LEVEL_NAMES.items():
        mine = [r for r in rows if r.level == level]
        if not mine:
            continue
        groups.append(
            {
                "key": level,
                "name": level_name,
                "rows": [
                    {
                        "unit_id": r.unit_id,
                        "name": r.name,
                        "region": r.region,
                        "grade": r.grade or "",
                        "cells": [_sort_cell(r.figures.get(k)) for k in YEAR_COLUMNS],
                    }
                    for r in sorted(mine, key=lambda r: r.unit_id)
                ],
            }
        )
    return {
        "year": year,
        "columns": [
            (k, LABELS[k] + ("（分）" if k == "score.total" else "（人）" if k.startswith("staffing.") else ""))
            for k in YEAR_COLUMNS
        ],
        "groups": groups,
        "regions": sorted({r.region for r in rows}),
        "grades": grade_distribution(rows),
        "grade_order": [*GRADES, "未评定"],
        "scores": score_distribution(rows),
        "count": len(rows),
    }


# ------------------------------------------------------------------ writing the docs tree


def score_text(score: Score | None) -> str:
    if not score:
        return ""
    parts = []
    if score.total is not None:
        parts.append(f"{fmt(score.total)}分")
    if score.grade:
        parts.append(score.grade)
    return "，".join(parts)
