"""The stated-figure checks: each ``stated_figures`` entry against the report, and against each other.

Takes a report or project report (with the text of its narrative); gives findings: a quote not in the report or a
value not in its own quote (the clerk's errors), a figure that disagrees with the field it names, and figures of
the same name that disagree across a report and its project reports (the report's own warnings).  Each names the
figure by the printed table and column titles (:func:`printed_place`), never by a field path.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from site_builder.checks.findings import Finding, Loc
from site_builder.messages import parse_field_path
from site_builder.money import TO_YUAN, CellAmount, fmt
from site_builder.schema import ProjectReport, Report, StatedFigure
from site_builder.sources.yamlsource import YamlDocument


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


def same_amount(a: Decimal, a_unit: str | None, b: Decimal, b_unit: str | None) -> bool:
    if a_unit == b_unit or a_unit is None or b_unit is None:
        return a == b
    ya, yb = _in_yuan(a, a_unit), _in_yuan(b, b_unit)
    if ya is None or yb is None:
        return a == b
    return ya == yb


def shown(value: Decimal | str, unit: str | None) -> str:
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


def _clerk_checks(fig: StatedFigure, target: Any, texts: str | None, loc: Loc) -> Iterator[Finding]:
    """A stated figure as transcribed: its quote must be in the report and hold its value (errors).

    ``texts`` is None when the report's narrative could not be read (its own error says why): quotes are then
    not searched, lest every one of them be reported as well."""
    # a date is printed only on the cover, which is data here, not text: its quote cannot be searched
    if isinstance(target, _dt.date):
        return
    if fig.quote and texts is not None and _squash(fig.quote) not in texts:
        yield Finding(
            (*loc, "quote"),
            f"原文“{fig.quote[:30]}”在报告的文字中找不到：请从 narrative.md 或表格中原样复制包含这个数字的一句（字、标点、空格都照抄）",
            "error",
        )
    elif fig.quote and not _value_in_quote(fig.value, fig.quote):
        found = "、".join(fmt(n) for n in sorted(_numbers_in(fig.quote))) or "没有数字"
        yield Finding(
            (*loc, "value"),
            f"数值 {shown(fig.value, None)} 不在它的原文“{fig.quote[:30]}”中（原文中的数字：{found}）：请按原文改正 value 或 quote",
            "error",
        )


def stated_checks(model: Report | ProjectReport, texts: str | None) -> Iterator[Finding]:
    for i, fig in enumerate(model.stated_figures):
        loc: Loc = ("stated_figures", i)
        target, target_loc, problem = _target(model, fig)
        if problem:
            yield Finding((*loc, "field"), problem, "error")
            continue
        yield from _clerk_checks(fig, target, texts, loc)
        if target is None:
            continue
        said = f"{fig.where or '文字'}写“{fig.name}”为 {shown(fig.value, fig.unit)}"
        place = printed_place(model, target_loc)
        if isinstance(fig.value, Decimal) and isinstance(target, Decimal):
            target_unit = target.unit if isinstance(target, CellAmount) else _money_unit_of(model, target_loc)
            if not same_amount(fig.value, fig.unit, target, target_unit):
                yield Finding((*loc, "value"), f"{said}，而{place}为 {shown(target, target_unit)}")
        elif isinstance(target, str):
            if _squash(fmt(fig.value) if isinstance(fig.value, Decimal) else fig.value) not in _squash(target):
                yield Finding((*loc, "value"), f"{said}，而{place}为“{target}”")
        elif isinstance(target, _dt.date) and isinstance(fig.value, str):
            continue
        elif str(fig.value) != str(target):
            yield Finding((*loc, "value"), f"{said}，而{place}为“{target}”")


def _squash(text: str) -> str:
    return "".join(text.split()).replace("\u3000", "")


def all_text(model: BaseModel, narrative: str | None) -> str:
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
class Place:
    """Where a stated figure stands, for cross-document comparison."""

    path: str
    doc: YamlDocument
    loc: Loc
    figure: StatedFigure
    report: str  # the report it stands in, as readers know it: 部门整体支出报告, 项目“…”报告


def cross_checks(places: list[Place]) -> Iterator[tuple[Place, str]]:
    """Figures with the same name that disagree, within a report and its project reports."""
    groups: dict[str, list[Place]] = {}
    for place in places:
        groups.setdefault(place.figure.name, []).append(place)
    for name, group in groups.items():
        first = group[0]
        for other in group[1:]:
            a, b = first.figure, other.figure
            if isinstance(a.value, Decimal) and isinstance(b.value, Decimal):
                same = same_amount(a.value, a.unit, b.value, b.unit)
            else:
                same = str(a.value) == str(b.value)
            if not same:
                yield (
                    other,
                    (
                        f"“{name}”前后不一致：{a.where or first.report} 为 {shown(a.value, a.unit)}，"
                        f"{b.where or other.report} 为 {shown(b.value, b.unit)}"
                    ),
                )
