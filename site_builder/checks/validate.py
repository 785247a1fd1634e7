"""Step 2, validate: schema errors (block publishing) and consistency warnings (published).

Input: :class:`~site_builder.sources.load.Sources`.  Output: :class:`Checked`, the
validated models plus every message, each pointing at a file, line and field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from site_builder.checks import consistency
from site_builder.messages import Message, field_path
from site_builder.schema import ProjectReport, Report, Unit
from site_builder.sources.load import ProjectSource, ReportSource, Sources, UnitSource
from site_builder.sources.yamlsource import YamlDocument


@dataclass
class ValidProject:
    source: ProjectSource
    model: ProjectReport
    narrative: str | None


@dataclass
class ValidReport:
    source: ReportSource
    model: Report
    narrative: str | None
    projects: list[ValidProject] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)

    def models(self) -> list[Report | ProjectReport]:
        """The department report and its project reports."""
        found: list[Report | ProjectReport] = [self.model]
        return found + [p.model for p in self.projects]


@dataclass
class ValidUnit:
    source: UnitSource
    model: Unit
    reports: list[ValidReport] = field(default_factory=list)


@dataclass
class Checked:
    units: list[ValidUnit] = field(default_factory=list)
    errors: list[Message] = field(default_factory=list)
    warnings: list[Message] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


_EXPECTED = {
    "string_type": "文字",
    "int_type": "整数",
    "int_parsing": "整数",
    "int_from_float": "整数",
    "list_type": "列表（每项以 - 开头）",
    "dict_type": "字段组（下一行缩进写子字段）",
    "model_type": "字段组（下一行缩进写子字段）",
    "date_type": "日期，例如 2023-03-28",
    "date_from_datetime_parsing": "日期，例如 2023-03-28",
    "decimal_type": "数字",
    "decimal_parsing": "数字",
    "bool_type": "是/否（true/false）",
}


def _found(value: Any) -> str:
    if isinstance(value, dict):
        return "字段组"
    if isinstance(value, list):
        return "列表"
    text = " ".join(str(value).split())  # one line: a message never spans lines
    return text if len(text) <= 40 else text[:40] + "…"


def describe_error(err: Mapping[str, Any], model: type[BaseModel]) -> str:
    """The Chinese message for one pydantic error, naming what was expected and found."""
    kind = err["type"]
    found = err.get("input")
    if kind == "missing":
        return "缺少必填字段"
    if kind == "extra_forbidden":
        name = err["loc"][-1]
        return f"未知字段“{name}”（是否拼写错误？请对照填报指南）"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"应为 {expected} 之一，找到“{_found(found)}”"
    if kind == "string_pattern_mismatch":
        return f"应为只含数字的编码（加英文引号），找到“{_found(found)}”"
    if kind in ("amount_format", "amount_type", "date_format"):
        return err["msg"]
    if kind in _EXPECTED:
        hint = ""
        if kind == "string_type" and isinstance(found, (int, float)):
            hint = '；编码、电话等请加英文引号，例如 "301001"'
        return f"应为{_EXPECTED[kind]}，找到“{_found(found)}”{hint}"
    return f"{err['msg']}（找到“{_found(found)}”）"


M = TypeVar("M", bound=BaseModel)


def validate_doc(doc: YamlDocument, model: type[M], path: str) -> tuple[M | None, list[Message]]:
    """Validate one parsed file against one schema model."""
    if not isinstance(doc.data, dict):
        return None, [Message(path, 1, 1, "", f"文件内容应为字段组（键: 值），找到“{_found(doc.data)}”")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        messages = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            line, col = doc.position(loc)
            messages.append(Message(path, line, col, field_path(loc), describe_error(err, model)))
        return None, sorted(messages)


def _mismatch(doc: YamlDocument, path: str, key: str, expected: Any, found: Any, what: str) -> Message:
    line, col = doc.position((key,))
    return Message(path, line, col, key, f"{what}与所在文件夹不一致：文件夹为“{expected}”，文件中为“{found}”")


def validate(sources: Sources) -> Checked:
    """Validate every loaded source; never raises on bad data."""
    checked = Checked(errors=list(sources.problems))
    for unit_src in sources.units:
        unit_model = None
        if unit_src.doc is not None:
            unit_model, errs = validate_doc(unit_src.doc, Unit, unit_src.path)
            checked.errors.extend(errs)
            if unit_model is not None and unit_model.id != unit_src.unit_id:
                checked.errors.append(
                    _mismatch(unit_src.doc, unit_src.path, "id", unit_src.unit_id, unit_model.id, "单位标识")
                )
                unit_model = None
        valid_unit = ValidUnit(unit_src, unit_model) if unit_model else None
        for report_src in unit_src.reports:
            valid = _validate_report(report_src, checked)
            if valid is not None and valid_unit is not None:
                valid_unit.reports.append(valid)
        if valid_unit is not None:
            checked.units.append(valid_unit)
    troubled = frozenset(folder for m in sources.problems for folder in _folders(m.path))
    for unit in checked.units:
        for report in unit.reports:
            found = consistency.check_report(report, troubled)
            report.warnings = [m for m in found if m.severity == "warning"]
            checked.warnings.extend(report.warnings)
            checked.errors.extend(m for m in found if m.severity == "error")
    checked.errors.sort()
    return checked


def _folders(path: str) -> list[str]:
    """The year folder a problem's path lies in (``units/<unit>/<year>``), if any: the file's own, or its parent's
    for what sits in ``projects/``."""
    parts = path.split("/")
    return ["/".join(parts[:3])] if len(parts) >= 4 and parts[0] == "units" else []


def _validate_report(src: ReportSource, checked: Checked) -> ValidReport | None:
    if src.doc is None:
        return None
    model, errs = validate_doc(src.doc, Report, src.path)
    checked.errors.extend(errs)
    ok = model is not None
    if model is not None:
        if model.unit != src.unit_id:
            checked.errors.append(_mismatch(src.doc, src.path, "unit", src.unit_id, model.unit, "单位标识"))
            ok = False
        if model.year != src.year:
            checked.errors.append(_mismatch(src.doc, src.path, "year", src.year, model.year, "年度"))
            ok = False
    projects = []
    for project_src in src.projects:
        if project_src.doc is None:
            ok = False
            continue
        project, perrs = validate_doc(project_src.doc, ProjectReport, project_src.path)
        checked.errors.extend(perrs)
        if project is None:
            ok = False
            continue
        if project.slug != project_src.slug:
            checked.errors.append(
                _mismatch(project_src.doc, project_src.path, "slug", project_src.slug, project.slug, "项目标识")
            )
            ok = False
            continue
        narrative = project_src.narrative.text if project_src.narrative else None
        projects.append(ValidProject(project_src, project, narrative))
    if not ok or model is None:
        return None
    narrative = src.narrative.text if src.narrative else None
    return ValidReport(src, model, narrative, projects)
