"""Consistency: figures in one report that disagree with each other, and the clerk's slips in transcribing them.

Real reports contain disagreements (domain.md lists some); they are the report's own, 警告 published with the
report in a 数据核对提示 box, never fixed silently.  Each warning names both figures by the printed table and
column titles (:func:`~site_builder.checks.stated.printed_place`), never by a field path.

What the clerk got wrong is an 错误 with the fix, never published: a ``stated_figures`` quote that is not in the
report, a value that is not in its own quote, a ``field`` that does not exist.

This module takes one valid unit-year (:class:`~site_builder.checks.validate.ValidReport`) and gives its messages
(:func:`check_report`): the sum and score checks (:mod:`site_builder.checks.sums`) and the stated-figure checks
(:mod:`site_builder.checks.stated`) of each report, its dates, and the links between the department report's
project lines and the project reports.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from site_builder.checks.findings import Finding, Loc
from site_builder.checks.stated import Place, all_text, cross_checks, stated_checks
from site_builder.checks.sums import score_checks, table_checks
from site_builder.messages import Message, field_path
from site_builder.money import TO_YUAN, fmt, in_unit, unit_of
from site_builder.schema import (
    ProjectReport,
    Report,
)
from site_builder.sources.yamlsource import YamlDocument

if TYPE_CHECKING:
    from site_builder.checks.validate import ValidReport


def _date_checks(model: Report | ProjectReport, year: int, report_date: _dt.date | None) -> Iterator[Finding]:
    date = model.cover.report_date
    if date is None:
        return
    if date <= _dt.date(year, 12, 31):
        yield Finding(
            ("cover", "report_date"),
            f"报告日期 {date.isoformat()} 早于 {year} 年度结束，自评报告应在年度结束后出具",
        )
    if report_date is not None and isinstance(model, ProjectReport) and date != report_date:
        yield Finding(
            ("cover", "report_date"),
            f"项目报告日期 {date.isoformat()} 与部门报告日期 {report_date.isoformat()} 不一致",
        )


def check_report(report: ValidReport, troubled: frozenset[str] = frozenset()) -> list[Message]:
    """Every consistency warning of one unit-year (the department report and its project reports), and the errors
    in its stated figures.

    ``troubled``: folders (``units/<unit>/<year>``) where loading found a problem, such as a narrative that could not
    be read or is misnamed; their quotes are not searched (the problem's own error says what to do)."""
    messages: list[Message] = []
    places: list[Place] = []
    year = report.model.year
    documents: list[tuple[str, YamlDocument, Report | ProjectReport, str | None]] = [
        (report.source.path, report.source.doc, report.model, report.narrative)  # type: ignore[list-item]
    ]
    for project in report.projects:
        documents.append((project.source.path, project.source.doc, project.model, project.narrative))  # type: ignore[arg-type]

    def emit(path: str, doc: YamlDocument | None, finding: Finding) -> None:
        line, col = doc.position(finding.loc) if doc is not None else (1, 1)
        messages.append(Message(path, line, col, field_path(finding.loc), finding.text, finding.severity))

    for path, doc, model, narrative in documents:
        findings: list[Finding] = []
        findings.extend(table_checks(model))
        findings.extend(score_checks(model.indicators, model.score, model.budget_execution))
        unread = narrative is None and report.source.path.rsplit("/", 1)[0] in troubled
        findings.extend(stated_checks(model, None if unread else all_text(model, narrative)))
        findings.extend(_date_checks(model, year, report.model.cover.report_date))
        for finding in findings:
            emit(path, doc, finding)
        name = f"项目“{model.name}”报告" if isinstance(model, ProjectReport) else "部门整体支出报告"
        places.extend(Place(path, doc, ("stated_figures", i), fig, name) for i, fig in enumerate(model.stated_figures))
    for place, text in cross_checks(places):
        emit(place.path, place.doc, Finding((*place.loc, "value"), text))
    projects = {p.model.slug: p.model for p in report.projects}
    for finding in _project_line_links(report.model, projects):
        emit(report.source.path, report.source.doc, finding)
    return messages


def _project_spent(project: ProjectReport) -> tuple[Decimal, str, str] | None:
    """What a project report prints as spent: its 全年执行数 (or the form's own title for it), else 实际支出."""
    be = project.budget_execution
    if be and be.rows and be.rows[0].executed is not None:
        title = (be.labels.executed if be.labels else None) or "全年执行数"
        return be.rows[0].executed, be.money_unit, f"{be.rows[0].item}{title}"
    funds = project.funds
    if funds and funds.spent and funds.spent.total is not None:
        return funds.spent.total, funds.money_unit, "实际支出合计"
    return None


def _project_line_links(report: Report, projects: dict[str, ProjectReport]) -> Iterator[Finding]:
    """A project line that names its project report: the slug must exist (an error), and the line's 实际支出 agree
    with what the project report prints (a warning: two figures of the original)."""
    table = report.project_lines
    for i, row in enumerate(table.rows if table else []):
        if not row.slug:
            continue
        loc: Loc = ("project_lines", "rows", i)
        project = projects.get(row.slug)
        if project is None:
            known = "、".join(sorted(projects)) or "没有项目报告"
            yield Finding(
                (*loc, "slug"), f"项目报告标识“{row.slug}”在本年度的 projects/ 中没有（本年度有：{known}）", "error"
            )
            continue
        spent = _project_spent(project)
        if row.spent is None or spent is None or table is None:
            continue
        value, unit, title = spent
        if in_unit(row.spent, table.money_unit) * TO_YUAN[table.money_unit] != in_unit(value, unit) * TO_YUAN[unit]:  # type: ignore[operator]
            yield Finding(
                (*loc, "spent"),
                f"项目支出明细（分项目）写项目“{row.name}”实际支出 {fmt(row.spent)}{unit_of(row.spent, table.money_unit)}，"
                f"而项目“{project.name}”的自评表{title}为 {fmt(value)}{unit_of(value, unit)}",
            )
