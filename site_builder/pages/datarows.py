"""One report's rows of each table of the bulk dataset under ``/data/``.

Takes a public unit and one of its reports; gives, per table (reports, income, expenditure, official costs,
indicators, projects, funds, economic classification, project lines, opening and closing balances, budget
execution), its rows as lists of values in the order of that table's columns
(:data:`site_builder.pages.opendata.TABLES`): figures exactly as printed, in the row's money unit.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from site_builder import addresses
from site_builder.money import in_unit
from site_builder.public.model import PublicReport, PublicUnit
from site_builder.schema import BasicDataRow, ProjectReport, Report, Staffing

Row = list[Any]


def _in(unit: str | None, *values: Decimal | None) -> list[Decimal | None]:
    """Figures of one row in the row's money unit: a cell that printed its own unit converted exactly."""
    return [in_unit(v, unit) for v in values]


def reports_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
    r = rep.model
    yield [
        unit.model.id,
        rep.year,
        unit.model.name,
        unit.model.level,
        unit.model.region.name,
        unit.model.region.code,
        r.cover.title,
        r.cover.report_date.isoformat() if r.cover.report_date else "",
        r.score.total if r.score else None,
        r.score.grade if r.score else "",
        len(rep.projects),
        len(rep.warnings),
        addresses.report_page(unit.model.id, rep.year),
        *_staffing(r.staffing),
    ]


def _staffing(s: Staffing | None) -> Row:
    return [s.authorized, s.actual, s.internal_departments] if s else [None, None, None]


def income_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
    t = rep.model.income
    if t is None:
        return
    for x in t.rows:
        yield [
            unit.model.id,
            rep.year,
            x.institution,
            t.money_unit,
            *_in(
                t.money_unit, x.total, x.carried_over, x.public_finance, x.government_fund, x.special_account, x.other
            ),
        ]


def expenditure_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
    t = rep.model.expenditure
    if t is None:
        return
    for x in t.rows:
        yield [
            unit.model.id,
            rep.year,
            x.institution,
            t.money_unit,
            *_in(
                t.money_unit, x.total, x.basic, x.personnel, x.public, x.project, x.balance_year, x.balance_cumulative
            ),
        ]


def official_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
    oc = rep.model.official_costs

    def figures(f: Any) -> Row:
        return _in(
            oc.money_unit if oc else None,
            f.total,
            f.reception,
            f.vehicle_operation,
            f.vehicle_purchase,
            f.vehicle_total,
            f.overseas_travel,
        )

    if oc:
        for x in oc.rows:
            yield [unit.model.id, rep.year, "决算", rep.year, x.institution, oc.money_unit, *figures(x)]
        if oc.budget:
            yield [unit.model.id, rep.year, "年初预算", rep.year, "", oc.money_unit, *figures(oc.budget)]
        if oc.prior_year:
            yield [
                unit.model.id,
                rep.year,
                oc.prior_year.label,
                oc.prior_year.year,
                "",
                oc.money_unit,
                *figures(oc.prior_year),
            ]
    bd = rep.model.basic_data
    if bd:
        by_measure: dict[str, BasicDataRow] = {row.measure: row for row in bd.rows if row.measure}
        keys = ["total", "reception", "vehicle_operation", "vehicle_purchase", "vehicle_total", "overseas_travel"]
        for kind, attr, year in (
            ("基础数据表上年决算", "prior_final", rep.year - 1),
            ("基础数据表预算", "budget", rep.year),
            ("基础数据表决算", "final", rep.year),
        ):
            values = [
                getattr(by_measure[f"official_costs.{k}"], attr) if f"official_costs.{k}" in by_measure else None
                for k in keys
            ]
            if any(v is not None for v in values):
                yield [unit.model.id, rep.year, kind, year, "", bd.money_unit, *values]


def _models(rep: PublicReport) -> list[tuple[str, Report | ProjectReport]]:
    """The department report and its project reports, each with the name the downloads give it."""
    return [("部门整体支出", rep.model), *[(p.model.slug, p.model) for p in rep.projects]]


def indicator_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
    for report_name, model in _models(rep):
        t = model.indicators
        if t is None:
            continue
        for x in t.rows:
            yield [
                unit.model.id,
                rep.year,
                report_name,
                x.level1,
                x.level2,
                x.level3,
                x.target,
                x.actual,
                x.weight,
                x.score,
                x.deviation,
                x.nature,
                x.measure_unit,
            ]


def project_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
    for p in rep.projects:
        m = p.model
        yield [
            unit.model.id,
            rep.year,
            m.slug,
            m.name,
            m.project_unit,
            m.department,
            m.period,
            m.score.total if m.score else None,
            m.score.grade if m.score else "",
            addresses.project_page(unit.model.id, rep.year, m.slug),
            m.implementing_unit,
            m.conclusion,
            m.problems,
            m.improvements,
        ]


def fund_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
    for p in rep.projects:
        f = p.model.funds
        if not f:
            continue
        for stage, label in (
            ("planned", "计划安排资金"),
            ("received", "实际到位资金"),
            ("spent", "实际支出"),
            ("balance", "结余"),
        ):
            x = getattr(f, stage)
            if x is not None:
                yield [
                    unit.model.id,
                    rep.year,
                    p.model.slug,
                    label,
                    f.money_unit,
                    *_in(f.money_unit, x.total, x.central, x.provincial, x.city, x.county, x.other),
                ]


def economic_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
    t = rep.model.economic_classification
    if t is None:
        return
    for x in t.rows:
        yield [
            unit.model.id,
            rep.year,
            x.scope or "基本支出",
            x.institution,
            t.money_unit,
            *_in(t.money_unit, x.total, x.wages, x.goods_services, x.household_subsidies, x.capital, x.other),
            x.note,
        ]


def project_line_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
    t = rep.model.project_lines
    if t is None:
        return
    for x in t.rows:
        yield [
            unit.model.id,
            rep.year,
            x.name,
            x.slug,
            t.money_unit,
            *_in(t.money_unit, x.initial_budget, x.full_year_budget, x.budget, x.spent, x.balance),
            x.execution_rate,
            x.note,
        ]


def opening_closing_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
    t = rep.model.opening_closing
    if t is None:
        return
    for x in t.rows:
        yield [unit.model.id, rep.year, x.item, t.money_unit, *_in(t.money_unit, x.opening, x.closing), x.note]


def budget_execution_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
    for report_name, model in _models(rep):
        be = model.budget_execution
        if not be:
            continue
        label = be.labels.full_year_budget if be.labels and be.labels.full_year_budget else "全年预算数"
        for x in be.rows:
            yield [
                unit.model.id,
                rep.year,
                report_name,
                x.item,
                be.money_unit,
                *_in(be.money_unit, x.initial_budget, x.full_year_budget),
                label,
                *_in(be.money_unit, x.budget, x.executed),
                x.weight,
                x.execution_rate,
                x.score,
                x.reason,
            ]
