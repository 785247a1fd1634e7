"""Consistency: figures in one report that disagree with each other, and the clerk's slips in transcribing them.

Real reports contain disagreements (domain.md lists some); they are the report's own, 警告 published with the
report in a 数据核对提示 box, never fixed silently.  Each warning names both figures by the printed table and
column titles (:func:`printed_place`), never by a field path.

What the clerk got wrong is an 错误 with the fix, never published: a ``stated_figures`` quote that is not in the
report, a value that is not in its own quote, a ``field`` that does not exist.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from site_builder.messages import Message, Severity, field_path, parse_field_path
from site_builder.money import TO_YUAN, CellAmount, fmt, in_unit, unit_of
from site_builder.schema import (
    BudgetExecution,
    IndicatorTable,
    ProjectReport,
    Report,
    Score,
    StatedFigure,
)
from site_builder.sources.yamlsource import YamlDocument

if TYPE_CHECKING:
    from site_builder.checks.validate import ValidReport

Loc = tuple[str | int, ...]

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


@dataclass
class _Finding:
    loc: Loc
    text: str
    severity: Severity = "warning"


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _shown_figure(value: Decimal) -> str:
    """A figure for a message: as printed, with its own unit when the cell printed one (``0.19元``)."""
    return f"{fmt(value)}{value.unit}" if isinstance(value, CellAmount) else fmt(value)


def _sum_check(
    total: Decimal | None, parts: dict[str, Decimal | None], loc: Loc, what: str, unit: str | None = None
) -> Iterator[_Finding]:
    """Warn when a printed total differs from the sum of its printed parts (blanks are not zeros); a cell that
    printed its own unit is brought to the table's ``unit`` first."""
    if total is None:
        return
    added = _sum(in_unit(v, unit) for v in parts.values())
    if added is None or added == in_unit(total, unit):
        return
    names = " + ".join(f"{label} {_shown_figure(v)}" for label, v in parts.items() if v is not None)
    yield _Finding(loc, f"{what}：合计为 {_shown_figure(total)}，各项之和为 {fmt(added)}（{names}）")


def _table_checks(report: Report | ProjectReport) -> Iterator[_Finding]:
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
                yield _Finding(
                    ("expenditure_lines", "total"),
                    f"项目支出明细合计 {fmt(lines.total)} 与实际支出 {fmt(spent)} 不一致",
                )
    if report.budget_execution:
        yield from _budget_execution_checks(report.budget_execution)


def _budget_execution_checks(be: BudgetExecution) -> Iterator[_Finding]:
    if not be.rows or not be.by_expenditure_type:
        return
    yield from _sum_check(
        be.rows[0].executed,
        {"基本支出": be.by_expenditure_type.basic, "项目支出": be.by_expenditure_type.project},
        ("budget_execution", "rows", 0, "executed"),
        f"{be.rows[0].item}全年执行数与按支出性质分",
        be.money_unit,
    )


def _economic_checks(report: Report) -> Iterator[_Finding]:
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


def _project_line_checks(report: Report) -> Iterator[_Finding]:
    """Each project line: 结余 against 预算数 − 实际支出 (the full-year budget, or a budget of unstated basis)."""
    table = report.project_lines
    for i, row in enumerate(table.rows if table else []):
        unit = table.money_unit if table else None
        budget = row.full_year_budget if row.full_year_budget is not None else row.budget
        if budget is None or row.spent is None or row.balance is None:
            continue
        left = in_unit(budget, unit) - in_unit(row.spent, unit)  # type: ignore[operator]
        if left != in_unit(row.balance, unit):
            yield _Finding(
                ("project_lines", "rows", i, "balance"),
                f"项目“{row.name}”：结余为 {_shown_figure(row.balance)}，预算数 {_shown_figure(budget)} − 实际支出 "
                f"{_shown_figure(row.spent)} = {fmt(left)}",
            )


def _score_checks(
    indicators: IndicatorTable | None, score: Score | None, be: BudgetExecution | None
) -> Iterator[_Finding]:
    if indicators:
        weight_title = (indicators.labels.weight if indicators.labels else None) or "分值"
        for i, row in enumerate(indicators.rows):
            if row.weight is not None and row.score is not None and row.score > row.weight:
                yield _Finding(
                    ("indicators", "rows", i, "score"),
                    f"得分 {fmt(row.score)} 高于{weight_title} {fmt(row.weight)}（{row.level3 or row.level2 or ''}）",
                )
        for group, weight in indicators.group_weights.items():
            rows = [r.weight for r in indicators.rows if r.level1 == group]
            added = _sum(rows)
            if weight is not None and added is not None and added != weight:
                yield _Finding(
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
            yield _Finding(
                ("score", "total"),
                f"综合得分为 {fmt(score.total)}，{parts}之和为 {fmt(added)}",
            )
        if indicators and indicators.total_weight is not None:
            weights = _sum([r.weight for r in rows_with_weights] + [r.weight for r in extra])
            if weights is not None and weights != indicators.total_weight:
                yield _Finding(
                    ("indicators", "total_weight"),
                    f"总分值为 {fmt(indicators.total_weight)}，各项分值之和为 {fmt(weights)}",
                )
    if score and score.total is not None and score.grade is not None:
        expected = grade_for(score.total)
        if expected != score.grade:
            yield _Finding(
                ("score", "grade"),
                f"评价等次为“{score.grade}”，但综合得分 {fmt(score.total)} 按财预〔2020〕10号应为“{expected}”"
                f"（{BAND_TEXT[expected]}）",
            )


def _resolve(model: BaseModel, loc: Loc) -> Any:
    value: Any = model
    for part in loc:
        if isinstance(part, int):
            if not isinstance(value, list) or part >= len(value):
                raise LookupError
            value = value[part]
        elif isinstance(value, dict):
            value = value[part]
        else:
            if not hasattr(value, part):
                raise LookupError
            value = getattr(value, part)
    return value


def _money_unit_of(model: BaseModel, loc: Loc) -> str | None:
    """The money_unit of the nearest block that encloses ``loc``."""
    unit = None
    value: Any = model
    for part in loc:
        unit = getattr(value, "money_unit", unit)
        try:
            value = value[part] if isinstance(part, int) else getattr(value, part)
        except (LookupError, AttributeError, TypeError):
            break
    return unit


def _in_yuan(value: Decimal, unit: str | None) -> Decimal | None:
    return value * TO_YUAN[unit] if unit in TO_YUAN else None


def _same(a: Decimal, a_unit: str | None, b: Decimal, b_unit: str | None) -> bool:
    if a_unit == b_unit or a_unit is None or b_unit is None:
        return a == b
    ya, yb = _in_yuan(a, a_unit), _in_yuan(b, b_unit)
    if ya is None or yb is None:
        return a == b
    return ya == yb


def _show(value: Decimal | str, unit: str | None) -> str:
    if isinstance(value, Decimal):
        return f"{fmt(value)}{unit or ''}"
    return f"“{value}”"


_ROW_NAMES = ("institution", "item", "name", "level3", "level2", "scope", "role")


def _row_label(row: Any, index: int) -> str:
    """How the original names a row: its institution, item or indicator; else its number."""
    for name in _ROW_NAMES:
        label = getattr(row, name, None)
        if isinstance(label, str) and label.strip():
            return " ".join(label.split())[:30]
    return f"第{index + 1}行"


def _column_title(parent: BaseModel, name: str) -> str:
    """A column's printed title: the original's own (``labels``, ``final_label`` …) or the schema's."""
    labels = getattr(parent, "labels", None)
    printed = getattr(labels, name, None) if labels is not None else None
    if isinstance(printed, str) and printed:
        return printed
    info = type(parent).model_fields.get(name)
    return (info.title if info else None) or name


def printed_place(model: BaseModel, loc: Loc) -> str:
    """Where ``loc`` is, in the printed words of the form: ``年度支出和结余情况“项目支出”（局机关及二级机构汇总）``.

    Tables are named by their titles, the cell by its column title (the original's own where it printed another)
    and its row's own label; a warning readers see never shows a field path such as ``expenditure.rows[0].project``.
    """
    sections: list[str] = []
    rows: list[str] = []
    column = ""
    value: Any = model
    table: BaseModel | None = None  # the nearest field group enclosing the cell: its labels title the columns
    for part in loc:
        if isinstance(part, int):
            rows.append(_row_label(value[part], part))
            value = value[part]
            continue
        if isinstance(value, dict):
            column = str(part)
            value = value[part]
            continue
        child = getattr(value, part)
        if isinstance(child, (BaseModel, dict)):
            sections.append(type(value).model_fields[part].title or str(part))
            table = child if isinstance(child, BaseModel) else table
        elif not isinstance(child, list):
            column = _column_title(value, part)
            if table is not None and table is not value:
                column = _column_title_from(table, value, part, column)
        value = child
    where = sections[0] if sections else ""
    text = f"{where}“{column}”" if column else where
    return text + "".join(f"（{r}）" for r in rows)


def _column_title_from(table: BaseModel, row: BaseModel, name: str, default: str) -> str:
    """A row's column titled by its table: ``labels`` of the table, or its ``<name>_label`` (基础数据表's
    ``final_label: 2023年决算数``)."""
    labels = getattr(table, "labels", None)
    printed = getattr(labels, name, None) if labels is not None else None
    if isinstance(printed, str) and printed:
        return printed
    own = getattr(table, f"{name}_label", None)
    return own if isinstance(own, str) and own else default


_NUMBER = re.compile(r"[-−]?\d+(?:\.\d+)?")


def _numbers_in(text: str) -> set[Decimal]:
    """The numbers printed in ``text``, with and without a minus sign (thousands separators and full-width digits
    read as the clerk sees them)."""
    plain = unicodedata.normalize("NFKC", text).replace("−", "-")
    plain = re.sub(r"(?<=\d)[,，](?=\d{3})", "", plain)
    numbers = {Decimal(n) for n in _NUMBER.findall(plain)}
    return numbers | {abs(n) for n in numbers}


def _value_in_quote(value: Decimal | str, quote: str) -> bool:
    if isinstance(value, Decimal):
        return value in _numbers_in(quote)
    return _squash(value) in _squash(quote)


def _target(model: Report | ProjectReport, fig: StatedFigure) -> tuple[Any, Loc, str | None]:
    """The structured figure a stated figure claims to match: (value, loc, problem)."""
    if not fig.field:
        return None, (), None
    try:
        loc = parse_field_path(fig.field)
        target = _resolve(model, loc)
    except (LookupError, ValueError, AttributeError):
        return (
            None,
            (),
            (
                f"对应字段“{fig.field}”在本报告中不存在：请写成表格中的字段路径，例如 expenditure.rows[0].project；"
                "没有对应的表格数字时删去 field"
            ),
        )
    if isinstance(target, (BaseModel, list, dict)):
        return None, (), f"对应字段“{fig.field}”是一组数字，不是一个格子：请写到具体的格子，例如 {fig.field}.total"
    return target, loc, None


def _clerk_checks(fig: StatedFigure, target: Any, texts: str | None, loc: Loc) -> Iterator[_Finding]:
    """A stated figure as transcribed: its quote must be in the report and hold its value (errors).

    ``texts`` is None when the report's narrative could not be read (its own error says why): quotes are then
    not searched, lest every one of them be reported as well."""
    # a date is printed only on the cover, which is data here, not text: its quote cannot be searched
    if isinstance(target, _dt.date):
        return
    if fig.quote and texts is not None and _squash(fig.quote) not in texts:
        yield _Finding(
            (*loc, "quote"),
            f"原文“{fig.quote[:30]}”在报告的文字中找不到：请从 narrative.md 或表格中原样复制包含这个数字的一句（字、标点、空格都照抄）",
            "error",
        )
    elif fig.quote and not _value_in_quote(fig.value, fig.quote):
        found = "、".join(fmt(n) for n in sorted(_numbers_in(fig.quote))) or "没有数字"
        yield _Finding(
            (*loc, "value"),
            f"数值 {_show(fig.value, None)} 不在它的原文“{fig.quote[:30]}”中（原文中的数字：{found}）：请按原文改正 value 或 quote",
            "error",
        )


def _stated_checks(model: Report | ProjectReport, texts: str | None) -> Iterator[_Finding]:
    for i, fig in enumerate(model.stated_figures):
        loc: Loc = ("stated_figures", i)
        target, target_loc, problem = _target(model, fig)
        if problem:
            yield _Finding((*loc, "field"), problem, "error")
            continue
        yield from _clerk_checks(fig, target, texts, loc)
        if target is None:
            continue
        said = f"{fig.where or '文字'}写“{fig.name}”为 {_show(fig.value, fig.unit)}"
        place = printed_place(model, target_loc)
        if isinstance(fig.value, Decimal) and isinstance(target, Decimal):
            target_unit = target.unit if isinstance(target, CellAmount) else _money_unit_of(model, target_loc)
            if not _same(fig.value, fig.unit, target, target_unit):
                yield _Finding((*loc, "value"), f"{said}，而{place}为 {_show(target, target_unit)}")
        elif isinstance(target, str):
            if _squash(fmt(fig.value) if isinstance(fig.value, Decimal) else fig.value) not in _squash(target):
                yield _Finding((*loc, "value"), f"{said}，而{place}为“{target}”")
        elif isinstance(target, _dt.date) and isinstance(fig.value, str):
            continue
        elif str(fig.value) != str(target):
            yield _Finding((*loc, "value"), f"{said}，而{place}为“{target}”")


def _squash(text: str) -> str:
    return "".join(text.split()).replace("\u3000", "")


def _all_text(model: BaseModel, narrative: str | None) -> str:
    parts = [narrative or ""]

    def walk(value: Any) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                if name != "stated_figures":
                    walk(getattr(value, name))
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, str):
            parts.append(value)

    walk(model)
    return _squash("\n".join(parts))


@dataclass
class _Place:
    """Where a stated figure stands, for cross-document comparison."""

    path: str
    doc: YamlDocument
    loc: Loc
    figure: StatedFigure
    report: str  # the report it stands in, as readers know it: 部门整体支出报告, 项目“…”报告


def _cross_checks(places: list[_Place]) -> Iterator[tuple[_Place, str]]:
    """Figures with the same name that disagree, within a report and its project reports."""
    groups: dict[str, list[_Place]] = {}
    for place in places:
        groups.setdefault(place.figure.name, []).append(place)
    for name, group in groups.items():
        first = group[0]
        for other in group[1:]:
            a, b = first.figure, other.figure
            if isinstance(a.value, Decimal) and isinstance(b.value, Decimal):
                same = _same(a.value, a.unit, b.value, b.unit)
            else:
                same = str(a.value) == str(b.value)
            if not same:
                yield (
                    other,
                    (
                        f"“{name}”前后不一致：{a.where or first.report} 为 {_show(a.value, a.unit)}，"
                        f"{b.where or other.report} 为 {_show(b.value, b.unit)}"
                    ),
                )


def _date_checks(model: Report | ProjectReport, year: int, report_date: _dt.date | None) -> Iterator[_Finding]:
    date = model.cover.report_date
    if date is None:
        return
    if date <= _dt.date(year, 12, 31):
        yield _Finding(
            ("cover", "report_date"),
            f"报告日期 {date.isoformat()} 早于 {year} 年度结束，自评报告应在年度结束后出具",
        )
    if report_date is not None and isinstance(model, ProjectReport) and date != report_date:
        yield _Finding(
            ("cover", "report_date"),
            f"项目报告日期 {date.isoformat()} 与部门报告日期 {report_date.isoformat()} 不一致",
        )


def check_report(report: ValidReport, troubled: frozenset[str] = frozenset()) -> list[Message]:
    """Every consistency warning of one unit-year (the department report and its project reports), and the errors
    in its stated figures.

    ``troubled``: folders (``units/<unit>/<year>``) where loading found a problem, such as a narrative that could not
    be read or is misnamed; their quotes are not searched (the problem's own error says what to do)."""
    messages: list[Message] = []
    places: list[_Place] = []
    year = report.model.year
    documents: list[tuple[str, YamlDocument, Report | ProjectReport, str | None]] = [
        (report.source.path, report.source.doc, report.model, report.narrative)  # type: ignore[list-item]
    ]
    for project in report.projects:
        documents.append((project.source.path, project.source.doc, project.model, project.narrative))  # type: ignore[arg-type]

    def emit(path: str, doc: YamlDocument | None, finding: _Finding) -> None:
        line, col = doc.position(finding.loc) if doc is not None else (1, 1)
        messages.append(Message(path, line, col, field_path(finding.loc), finding.text, finding.severity))

    for path, doc, model, narrative in documents:
        findings: list[_Finding] = []
        findings.extend(_table_checks(model))
        findings.extend(_score_checks(model.indicators, model.score, model.budget_execution))
        unread = narrative is None and report.source.path.rsplit("/", 1)[0] in troubled
        findings.extend(_stated_checks(model, None if unread else _all_text(model, narrative)))
        findings.extend(_date_checks(model, year, report.model.cover.report_date))
        for finding in findings:
            emit(path, doc, finding)
        name = f"项目“{model.name}”报告" if isinstance(model, ProjectReport) else "部门整体支出报告"
        places.extend(_Place(path, doc, ("stated_figures", i), fig, name) for i, fig in enumerate(model.stated_figures))
    for place, text in _cross_checks(places):
        emit(place.path, place.doc, _Finding((*place.loc, "value"), text))
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


def _project_line_links(report: Report, projects: dict[str, ProjectReport]) -> Iterator[_Finding]:
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
            yield _Finding(
                (*loc, "slug"), f"项目报告标识“{row.slug}”在本年度的 projects/ 中没有（本年度有：{known}）", "error"
            )
            continue
        spent = _project_spent(project)
        if row.spent is None or spent is None or table is None:
            continue
        value, unit, title = spent
        if in_unit(row.spent, table.money_unit) * TO_YUAN[table.money_unit] != in_unit(value, unit) * TO_YUAN[unit]:  # type: ignore[operator]
            yield _Finding(
                (*loc, "spent"),
                f"项目支出明细（分项目）写项目“{row.name}”实际支出 {fmt(row.spent)}{unit_of(row.spent, table.money_unit)}，"
                f"而项目“{project.name}”的自评表{title}为 {fmt(value)}{unit_of(value, unit)}",
            )
