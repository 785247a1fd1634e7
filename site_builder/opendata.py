"""Open data written next to the pages: every report's figures as JSON and CSV (the public model only).

CSV files are UTF-8 with BOM so that Excel shows Chinese; figures are written exactly as printed,
blank cells stay empty, and every figure carries the unit it was printed in.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .money import fmt
from .public import PublicReport, PublicSite, PublicUnit

CSV_COLUMNS = ["单位标识", "单位名称", "年度", "报告", "表", "行", "字段", "字段名称", "数值", "单位"]


def _plain(value: Any) -> Any:
    """JSON-ready data: Decimals become numbers with exactly the printed digits (via float repr)."""
    if isinstance(value, BaseModel):
        return {k: _plain(v) for k, v in value if v is not None and v != [] and v != {}}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def report_json(unit: PublicUnit, rep: PublicReport) -> dict[str, Any]:
    return {
        "unit": _plain(unit.model),
        "report": _plain(rep.model),
        "projects": [_plain(p.model) for p in rep.projects],
        "warnings": rep.warnings,
    }


def _figures(model: BaseModel, loc: str = "", unit: str | None = None) -> Iterator[tuple[str, str, str, Decimal, str | None]]:
    """(table, row label, field path, value, printed unit) for every figure of a model."""
    unit = getattr(model, "money_unit", unit)
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{loc}.{name}" if loc else name
        if isinstance(value, BaseModel):
            yield from _figures(value, path, unit)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _figures(item, f"{path}[{i}]", unit)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, Decimal):
                    yield path.split(".")[0], str(key), f"{path}.{key}", item, None
        elif isinstance(value, Decimal) and name != "value":
            row = getattr(model, "institution", None) or getattr(model, "item", None) or getattr(model, "level3", None) or ""
            yield path.split(".")[0], str(row), path, value, unit if unit and name not in ("weight", "score") else ("分" if name in ("weight", "score") else unit)


def report_csv(unit: PublicUnit, rep: PublicReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)

    def rows(model: BaseModel, which: str) -> None:
        for table, row, path, value, printed_unit in _figures(model):
            title = _title_of(model, path)
            writer.writerow([unit.model.id, unit.model.name, rep.year, which, table, row, path, title, fmt(value), printed_unit or ""])

    rows(rep.model, "部门整体支出")
    for p in rep.projects:
        rows(p.model, f"项目：{p.model.name}")
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


def write_downloads(site: PublicSite, out: Path) -> list[Path]:
    written = []
    for unit in site.units:
        for rep in unit.reports:
            folder = out / "units" / unit.model.id / str(rep.year)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "report.json").write_text(
                json.dumps(report_json(unit, rep), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            (folder / "report.csv").write_text(report_csv(unit, rep), encoding="utf-8")
            written += [folder / "report.json", folder / "report.csv"]
    return written
