"""One report's downloads: ``report.json`` and ``report.csv`` next to its page.

Takes a public unit and one of its reports (:mod:`site_builder.public.model`); gives ``report.json`` (the unit, the
report, its projects and warnings, written as ``json.dumps(indent=1)`` would, only faster) and ``report.csv`` (one
line per printed figure, with its table, row, field, Chinese field name and money unit), and writes both under
``units/<unit>/<year>/``.  CSV files are UTF-8 with BOM so that Excel shows Chinese.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from site_builder.money import CellAmount, fmt, unit_of
from site_builder.public.model import PublicReport, PublicUnit

CSV_COLUMNS = ["单位标识", "单位名称", "年度", "报告", "表", "行", "字段", "字段名称", "数值", "单位"]


# ------------------------------------------------------------------ JSON text, fast
#
# ``json.dumps(..., indent=1)`` runs the pure-Python encoder (the C one knows no indent), and ``_plain`` builds a
# copy of every model first.  ``_json`` does both in one pass and writes exactly the same characters: containers
# as the indenting encoder lays them out, leaves through the encoder's own string escaper and number reprs.
# Measured on the five real reports (80 KB of JSON), best of 5×20 runs: 7.2 ms this way, 22.9 ms for the obvious
# way (a plain copy of the models, then json.dumps(indent=1): tests/test_opendata.py's reference, which every real
# report is compared with) — at 3 000 reports about 9 CPU seconds of a full build saved.

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


def write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def _write_report(unit: PublicUnit, rep: PublicReport, out: Path) -> tuple[list[Path], str]:
    folder = out / "units" / unit.model.id / str(rep.year)
    folder.mkdir(parents=True, exist_ok=True)
    text = report_json_text(unit, rep)
    write_text(folder / "report.json", text + "\n")
    write_text(folder / "report.csv", report_csv(unit, rep))
    return [folder / "report.json", folder / "report.csv"], text


def write_report_downloads(unit: PublicUnit, rep: PublicReport, out: Path) -> list[Path]:
    """One report's downloads: ``units/<unit>/<year>/report.json`` and ``report.csv`` under ``out``."""
    return _write_report(unit, rep, out)[0]
