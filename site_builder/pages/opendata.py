"""Open data written next to the pages: every report's figures as JSON and CSV (the public model only).

CSV files are UTF-8 with BOM so that Excel shows Chinese; figures are written exactly as printed,
blank cells stay empty, and every figure carries the unit it was printed in.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from site_builder import addresses
from site_builder.identity import Identity
from site_builder.money import CellAmount, fmt, in_unit, unit_of
from site_builder.public.model import PublicReport, PublicSite, PublicUnit
from site_builder.schema import BasicDataRow, ProjectReport, Report, Staffing

CSV_COLUMNS = ["单位标识", "单位名称", "年度", "报告", "表", "行", "字段", "字段名称", "数值", "单位"]


# ------------------------------------------------------------------ JSON text, fast
#
# ``json.dumps(..., indent=1)`` runs the pure-Python encoder (the C one knows no indent), and ``_plain`` builds a
# copy of every model first.  ``_json`` does both in one pass and writes exactly the same characters: containers
# as the indenting encoder lays them out, leaves through the encoder's own string escaper and number reprs.

_escape = json.encoder.encode_basestring  # the C function when available, as json.dumps(ensure_ascii=False) uses
_INFINITY = float("inf")
_KEYS: dict[str, str] = {}


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _decimal(value: Decimal) -> str:
    as_float = float(value)
    return _float(as_float) if Decimal(repr(as_float)) == value else _escape(str(value))


def _object(items: list[tuple[str, Any]], nl: str) -> str:
    if not items:
        return "{}"
    inner = nl + " "
    keys = _KEYS
    parts = []
    for k, v in items:
        key = keys.get(k)
        if key is None:
            key = keys[k] = _escape(k)
        kind = type(v)  # the common leaves inline, the rest through _json
        if kind is str:
            parts.append(key + ": " + _escape(v))
        elif kind is Decimal:
            parts.append(key + ": " + _decimal(v))
        else:
            parts.append(key + ": " + _json(v, inner))
    return "{" + inner + ("," + inner).join(parts) + nl + "}"


_LEAVES = (str, Decimal, int, bool)  # never equal to [] or {}


def _json(value: Any, nl: str) -> str:
    """``json.dumps(_plain(value), ensure_ascii=False, indent=1)`` for a value nested at line start ``nl``."""
    kind = type(value)
    if kind is str:
        return _escape(value)
    if kind is Decimal:
        return _decimal(value)
    if value is None:
        return "null"
    if kind is CellAmount:  # a cell that printed its own unit: as its YAML is written, {value, unit}
        return _object([("value", Decimal(value)), ("unit", value.unit)], nl)
    if kind is int:
        return int.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is list:
        if not value:
            return "[]"
        inner = nl + " "
        return "[" + inner + ("," + inner).join([_json(v, inner) for v in value]) + nl + "]"
    if isinstance(value, BaseModel):
        leaves = _LEAVES
        items = [
            (k, v)
            for k, v in value.__dict__.items()
            if v is not None and (type(v) in leaves or (v != [] and v != {})) and not k.startswith("_")
        ]
        if value.__pydantic_extra__:
            items += [(k, v) for k, v in value.__pydantic_extra__.items() if v is not None and v != [] and v != {}]
        return _object(items, nl)
    if isinstance(value, dict):
        return _object(list({str(k): v for k, v in value.items()}.items()), nl)
    if isinstance(value, list):
        return _json(list(value), nl)
    if isinstance(value, Decimal):
        return _decimal(value)
    if kind is float:
        return _float(value)
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    if isinstance(value, str):
        return _escape(value)
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", nl)


def report_json_text(unit: PublicUnit, rep: PublicReport) -> str:
    """The report's ``report.json``: what ``json.dumps(data, ensure_ascii=False, indent=1)`` writes of the unit, the
    report, its projects and warnings (Decimals as numbers with exactly the printed digits), several times faster
    (tests/test_opendata.py compares it with that reference on every real report)."""
    nl = "\n "
    projects = _json([p.model for p in rep.projects], nl)
    warnings = json.dumps(rep.warnings, ensure_ascii=False, indent=1).replace("\n", nl)
    return (
        f'{{{nl}"unit": {_json(unit.model, nl)},{nl}"report": {_json(rep.model, nl)},{nl}"projects": {projects},'
        f'{nl}"warnings": {warnings}\n}}'
    )


# ------------------------------------------------------------------ per-report CSV


_HAS: dict[tuple[type, str], bool] = {}
_FIELDS: dict[type, tuple[tuple[str, str], ...]] = {}


def _get(model: BaseModel, name: str, default: Any) -> Any:
    """``getattr(model, name, default)``, without raising and catching AttributeError for a name the class lacks."""
    cls = type(model)
    has = _HAS.get((cls, name))
    if has is None:
        has = _HAS[(cls, name)] = (
            name in cls.model_fields
            or hasattr(cls, name)
            or name in cls.__private_attributes__
            or cls.model_config.get("extra") == "allow"
        )
    return getattr(model, name, default) if has else default


def _fields(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(name, Chinese title) of every field of a model class, as ``_title_of`` names the last segment of a path."""
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = tuple((name, info.title or name) for name, info in cls.model_fields.items())
    return fields


_NOT_FIGURES = (str, int, bool)  # exactly these types: neither a model, a list, a dict nor a Decimal


def _figure_rows(
    root: BaseModel, model: BaseModel, loc: str, unit: str | None, out: list[tuple[Any, ...]], labels: Any = None
) -> None:
    """What ``_figures`` yields, with each path's ``_title_of`` after its path: (table, row, path, title, value, unit).

    A column's title is the original's own where its table printed another (``labels``); a cell that printed its own
    unit carries that unit."""
    unit = _get(model, "money_unit", unit)
    labels = _get(model, "labels", None) or labels
    row: str | None = None
    for name, title in _fields(type(model)):
        value = getattr(model, name)
        if value is None or type(value) in _NOT_FIGURES:
            continue
        path = f"{loc}.{name}" if loc else name
        if isinstance(value, BaseModel):
            _figure_rows(root, value, path, unit, out, labels)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    _figure_rows(root, item, f"{path}[{i}]", unit, out, labels)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, Decimal):
                    key_path = f"{path}.{key}"
                    text = f"{key}"
                    key_title = text if not any(c in text for c in ".[]") else _title_of(root, key_path)
                    out.append((path.split(".")[0], str(key), key_path, key_title, item, None))
        elif isinstance(value, Decimal) and name != "value":
            if row is None:
                row = str(
                    _get(model, "institution", None)
                    or _get(model, "item", None)
                    or _get(model, "name", None)
                    or _get(model, "level3", None)
                    or _get(model, "scope", None)
                    or ""
                )
            printed = (
                unit if unit and name not in ("weight", "score") else ("分" if name in ("weight", "score") else unit)
            )
            printed_title = (getattr(labels, name, None) if labels is not None else None) or title
            out.append((path.split(".")[0], row, path, printed_title, value, unit_of(value, printed)))


def report_csv(unit: PublicUnit, rep: PublicReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    unit_id, unit_name, year = unit.model.id, unit.model.name, rep.year
    for model, which in [(rep.model, "部门整体支出"), *[(p.model, f"项目：{p.model.name}") for p in rep.projects]]:
        figures: list[tuple[Any, ...]] = []
        _figure_rows(model, model, "", None, figures)
        writer.writerows(
            [
                [unit_id, unit_name, year, which, table, row, path, title, fmt(value), printed or ""]
                for table, row, path, title, value, printed in figures
            ]
        )
    return "\ufeff" + buffer.getvalue()


def _title_of(model: BaseModel, path: str) -> str:
    """The Chinese field name of the last segment of ``path``."""
    current: Any = model
    title = ""
    for part in path.replace("]", "").split("."):
        name = part.split("[")[0]
        fields = type(current).model_fields if isinstance(current, BaseModel) else {}
        if name in fields:
            title = fields[name].title or name
            current = getattr(current, name)
            if "[" in part and isinstance(current, list):
                current = current[int(part.split("[")[1])]
        else:
            title = name
    return title


# ------------------------------------------------------------------ writing the downloads


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def _write_report(unit: PublicUnit, rep: PublicReport, out: Path) -> tuple[list[Path], str]:
    folder = out / "units" / unit.model.id / str(rep.year)
    folder.mkdir(parents=True, exist_ok=True)
    text = report_json_text(unit, rep)
    _write(folder / "report.json", text + "\n")
    _write(folder / "report.csv", report_csv(unit, rep))
    return [folder / "report.json", folder / "report.csv"], text


def write_report_downloads(unit: PublicUnit, rep: PublicReport, out: Path) -> list[Path]:
    """One report's downloads: ``units/<unit>/<year>/report.json`` and ``report.csv`` under ``out``."""
    return _write_report(unit, rep, out)[0]


# ------------------------------------------------------------------ the bulk dataset under /data/

Row = list[Any]


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, number, integer, date
    title: str  # Chinese name, also the data dictionary's label
    description: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[PublicUnit, PublicReport], Iterator[Row]]  # one report's rows


def _id_cols() -> tuple[Column, ...]:
    return (
        Column("unit_id", "string", "单位标识", "units/ 下的文件夹名，也是网址的一部分"),
        Column("year", "integer", "年度", "报告评价的财政年度"),
    )


def _money_unit_col() -> Column:
    return Column(
        "money_unit",
        "string",
        "金额单位",
        "原表印的金额单位：元、万元或亿元；本表数字均为原表数字，未换算"
        "（原表个别格子另印单位的，已按本行金额单位换算，原样见 report.json）",
    )


def _in(unit: str | None, *values: Decimal | None) -> list[Decimal | None]:
    """Figures of one row in the row's money unit: a cell that printed its own unit converted exactly."""
    return [in_unit(v, unit) for v in values]


def _amount(name: str, title: str, description: str = "") -> Column:
    return Column(name, "number", title, description or "原表数字；空白表示原表未填写（不是 0）")


def _reports_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
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


def _income_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
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


def _expenditure_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
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


def _official_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
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


def _indicator_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
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


def _project_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
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


def _fund_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
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


def _economic_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
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


def _project_line_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
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


def _opening_closing_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
    t = rep.model.opening_closing
    if t is None:
        return
    for x in t.rows:
        yield [unit.model.id, rep.year, x.item, t.money_unit, *_in(t.money_unit, x.opening, x.closing), x.note]


def _budget_execution_rows(unit: PublicUnit, rep: PublicReport) -> Iterator[Row]:
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


TABLES: tuple[Table, ...] = (
    Table(
        "reports",
        "报告",
        "每个单位每年一行：单位、地区、自评得分和等次、数据核对提示的条数。",
        (
            *_id_cols(),
            Column("unit_name", "string", "单位名称"),
            Column("level", "string", "单位层级", "province 省级 / city 市级 / county 县级"),
            Column("region", "string", "所在地区"),
            Column("region_code", "string", "行政区划代码"),
            Column("title", "string", "报告标题"),
            Column("report_date", "string", "报告日期", "YYYY-MM-DD；原文未印则为空"),
            _amount("score", "绩效自评综合得分", "分；未打分为空"),
            Column("grade", "string", "评价等次", "优 / 良 / 中 / 差"),
            Column("projects", "integer", "项目报告数"),
            Column("warnings", "integer", "数据核对提示数", "本站核对程序发现的前后不一致之处的条数"),
            Column("page", "string", "报告网页", "相对本站根目录的网址"),
            Column("authorized", "integer", "人员编制", "人"),
            Column("actual", "integer", "实有人数", "人"),
            Column("internal_departments", "integer", "内设机构数", "个"),
        ),
        _reports_rows,
    ),
    Table(
        "income",
        "年度收入",
        "部门（单位）年度收入情况表，每个机构一行。",
        (
            *_id_cols(),
            Column("institution", "string", "机构名称"),
            _money_unit_col(),
            _amount("total", "收入合计"),
            _amount("carried_over", "上年结转"),
            _amount("public_finance", "公共财政拨款"),
            _amount("government_fund", "政府基金拨款"),
            _amount("special_account", "纳入专户管理的非税收入拨款"),
            _amount("other", "其他收入"),
        ),
        _income_rows,
    ),
    Table(
        "expenditure",
        "年度支出和结余",
        "部门（单位）年度支出和结余情况表，每个机构一行；仅有文字部分的报告按文字整理。",
        (
            *_id_cols(),
            Column("institution", "string", "机构名称"),
            _money_unit_col(),
            _amount("total", "支出合计"),
            _amount("basic", "基本支出"),
            _amount("personnel", "人员支出"),
            _amount("public", "公用支出"),
            _amount("project", "项目支出"),
            _amount("balance_year", "当年结余"),
            _amount("balance_cumulative", "累计结余"),
        ),
        _expenditure_rows,
    ),
    Table(
        "official_costs",
        "三公经费",
        "“三公”经费：各机构决算数，以及报告中印出的年初预算、上年数和基础数据表数字。",
        (
            *_id_cols(),
            Column(
                "kind",
                "string",
                "数字类别",
                "决算 / 年初预算 / 上年支出 / 基础数据表上年决算 / 基础数据表预算 / 基础数据表决算",
            ),
            Column("figure_year", "integer", "数字所属年度", "上年数属于上一年"),
            Column("institution", "string", "机构名称"),
            _money_unit_col(),
            _amount("total", "三公经费合计"),
            _amount("reception", "公务接待费"),
            _amount("vehicle_operation", "公务用车运维费"),
            _amount("vehicle_purchase", "公务用车购置费"),
            _amount("vehicle_total", "公务用车购置及运行费"),
            _amount("overseas_travel", "因公出国（境）费"),
        ),
        _official_rows,
    ),
    Table(
        "indicators",
        "绩效指标",
        "部门整体和各项目的绩效指标，每个指标一行；指标值和完成值按原文照录（常为文字）。",
        (
            *_id_cols(),
            Column("report", "string", "所属报告", "部门整体支出，或项目标识"),
            Column("level1", "string", "一级指标"),
            Column("level2", "string", "二级指标"),
            Column("level3", "string", "三级指标"),
            Column("target", "string", "指标值"),
            Column("actual", "string", "实际完成值"),
            _amount("weight", "分值", "也叫 权重"),
            _amount("score", "得分"),
            Column("deviation", "string", "偏差原因分析及改进措施", "也叫 未完成原因分析"),
            Column("nature", "string", "指标性质", "=、≥、≤ 等，原表单列时"),
            Column("measure_unit", "string", "度量单位", "原表单列时"),
        ),
        _indicator_rows,
    ),
    Table(
        "projects",
        "项目报告",
        "项目支出绩效自评报告，每个项目一行。",
        (
            *_id_cols(),
            Column("slug", "string", "项目标识"),
            Column("name", "string", "项目名称"),
            Column("project_unit", "string", "项目单位"),
            Column("department", "string", "主管部门"),
            Column("period", "string", "项目起止时间"),
            _amount("score", "绩效自评综合得分"),
            Column("grade", "string", "评价等次"),
            Column("page", "string", "项目报告网页"),
            Column("implementing_unit", "string", "实施单位"),
            Column("conclusion", "string", "评价结论"),
            Column("problems", "string", "存在问题"),
            Column("improvements", "string", "改进措施"),
        ),
        _project_rows,
    ),
    Table(
        "project_funds",
        "项目资金",
        "项目资金按来源分级：计划安排、实际到位、实际支出、结余各一行。",
        (
            *_id_cols(),
            Column("slug", "string", "项目标识"),
            Column("stage", "string", "资金环节", "计划安排资金 / 实际到位资金 / 实际支出 / 结余"),
            _money_unit_col(),
            _amount("total", "合计"),
            _amount("central", "中央财政"),
            _amount("provincial", "省财政"),
            _amount("city", "市财政"),
            _amount("county", "县市区财政"),
            _amount("other", "其它"),
        ),
        _fund_rows,
    ),
    Table(
        "budget_execution",
        "资金执行情况",
        "自评表的项目资金（或年度预算执行）表，部门整体和各项目，每行一项"
        "（年度资金总额、其中：本年财政拨款、上年结转资金、财政资金、财政专户管理资金、单位资金、其他资金……）。",
        (
            *_id_cols(),
            Column("report", "string", "所属报告", "部门整体支出，或项目标识"),
            Column("item", "string", "项目"),
            _money_unit_col(),
            _amount("initial_budget", "年初预算数"),
            _amount("full_year_budget", "全年预算数", "也叫 调整后预算数；原表列名见 full_year_budget_label"),
            Column("full_year_budget_label", "string", "全年预算数的原表列名", "全年预算数 或 调整后预算数"),
            _amount("budget", "预算数（未注明年初或全年）", "原文只写“预算”、未说明是年初还是全年预算的数字"),
            _amount("executed", "全年执行数", "也叫 预算执行数"),
            _amount("weight", "分值", "也叫 权重"),
            Column("execution_rate", "string", "执行率", "原样照录"),
            _amount("score", "得分"),
            Column("reason", "string", "原因"),
        ),
        _budget_execution_rows,
    ),
    Table(
        "economic_classification",
        "支出按经济分类",
        "工资福利支出、商品和服务支出、对个人和家庭的补助、资本性支出，照原文所印。",
        (
            *_id_cols(),
            Column("scope", "string", "支出范围", "基本支出 / 项目支出 …"),
            Column("institution", "string", "机构名称"),
            _money_unit_col(),
            _amount("total", "合计"),
            _amount("wages", "工资福利支出"),
            _amount("goods_services", "商品和服务支出"),
            _amount("household_subsidies", "对个人和家庭的补助"),
            _amount("capital", "资本性支出"),
            _amount("other", "其他支出"),
            Column("note", "string", "说明"),
        ),
        _economic_rows,
    ),
    Table(
        "project_lines",
        "项目支出明细（分项目）",
        "部门整体支出报告中逐个列出的项目：预算、实际支出和结余。",
        (
            *_id_cols(),
            Column("name", "string", "项目名称"),
            Column("slug", "string", "项目报告标识", "有项目自评报告时"),
            _money_unit_col(),
            _amount("initial_budget", "年初预算数"),
            _amount("full_year_budget", "全年预算数"),
            _amount("budget", "预算数（未注明年初或全年）"),
            _amount("spent", "实际支出"),
            _amount("balance", "结余"),
            Column("execution_rate", "string", "执行率"),
            Column("note", "string", "说明"),
        ),
        _project_line_rows,
    ),
    Table(
        "opening_closing",
        "年初数与期末数",
        "固定资产、资产总额等的年初数和期末数。",
        (
            *_id_cols(),
            Column("item", "string", "项目"),
            _money_unit_col(),
            _amount("opening", "年初数"),
            _amount("closing", "期末数"),
            Column("note", "string", "说明"),
        ),
        _opening_closing_rows,
    ),
)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return fmt(value)
    return str(value)


def _csv_lines(rows: Iterable[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return buffer.getvalue()


def unit_csv(unit: PublicUnit) -> dict[str, str]:
    """Table name → the CSV lines of this unit's rows (all its reports), as :func:`table_csv` writes them.

    A table is its header and every unit's lines in the site's order, so a build can keep each unit's lines
    and make again only those of the units that changed.
    """
    return {table.name: _csv_lines(row for rep in unit.reports for row in table.rows(unit, rep)) for table in TABLES}


def table_csv(table: Table, site: PublicSite, unit_lines: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """One table as CSV text with a BOM (so Excel shows Chinese); header row = column names.

    ``unit_lines``: :func:`unit_csv` of some units, by unit id, when already made; the others are made here.
    """
    known = unit_lines or {}
    lines = [_csv_lines([[c.name for c in table.columns]])]
    for summary in site.summaries:
        mine = known.get(summary.model.id)
        if mine is None:
            unit = site.unit(summary.model.id)
            lines.append(_csv_lines(row for rep in unit.reports for row in table.rows(unit, rep)))
        else:
            lines.append(mine[table.name])
    return "\ufeff" + "".join(lines)


def datapackage(site: PublicSite) -> dict[str, Any]:
    """A Frictionless (tabular) data package describing the CSVs, with money fields marked CNY as in Fiscal Data Package."""
    resources = []
    for table in TABLES:
        fields = []
        for c in table.columns:
            field: dict[str, Any] = {"name": c.name, "type": c.type, "title": c.title}
            if c.description:
                field["description"] = c.description
            fields.append(field)
        resources.append(
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "title": table.title,
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": {"fields": fields, "missingValues": [""]},
            }
        )
    return {
        "name": "performance-self-evaluation-reports",
        "title": "部门（单位）整体支出绩效自评报告数据",
        "profile": "tabular-data-package",
        "licenses": [{"name": "other-pd", "title": "政府信息公开"}],
        "keywords": ["绩效自评", "预算", "三公经费", "fiscal"],
        "countryCode": "CN",
        "currency": "CNY",
        "resources": resources,
    }


def _report_json_text(site: PublicSite, uid: str, year: int) -> str:
    unit = site.unit(uid)
    return report_json_text(unit, next(rep for rep in unit.reports if rep.year == year))


def write_bulk(
    site: PublicSite,
    out: Path,
    *,
    report_json_texts: Mapping[tuple[str, int], str] | None = None,
    unit_lines: Mapping[str, Mapping[str, str]] | None = None,
    identity: Identity | None = None,
) -> list[Path]:
    """The site-wide downloads: ``/feed.xml`` and ``/data/`` (one CSV per table kind, the whole dataset as JSON,
    the data package and the JSON Schemas).  ``identity``: the site's address and name for the feed's links.

    ``report_json_texts`` may hold, by (unit id, year), the text of reports' ``report.json`` (without its final
    newline), and ``unit_lines`` units' CSV lines (:func:`unit_csv`), when already made; the others are made here.
    """
    from site_builder.cli.guide import SCHEMAS, json_schema
    from site_builder.pages.feed import atom_feed

    _write(out / "feed.xml", atom_feed(site, identity))
    folder = out / "data"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = folder / f"{table.name}.csv"
        _write(path, table_csv(table, site, unit_lines))
        written.append(path)
    texts = report_json_texts or {}
    everything = [
        texts.get((unit.model.id, rep.year)) or _report_json_text(site, unit.model.id, rep.year)
        for unit in site.summaries
        for rep in unit.reports
    ]
    # the list as json.dumps(indent=1) lays it out: each report's text one level deeper
    reports = "[\n " + ",\n ".join(text.replace("\n", "\n ") for text in everything) + "\n]" if everything else "[]"
    _write(folder / "reports.json", reports + "\n")
    _write(folder / "datapackage.json", json.dumps(datapackage(site), ensure_ascii=False, indent=1) + "\n")
    for name, model in SCHEMAS.items():
        _write(folder / f"{name}.schema.json", json.dumps(json_schema(model), ensure_ascii=False, indent=1) + "\n")
    return [*written, folder / "reports.json", folder / "datapackage.json", out / "feed.xml"]
