"""``new`` and ``new-unit``: start a report or a unit from the schema, so a clerk fills in rather than types.

Every file is generated from the models in :mod:`site_builder.schema` (field names, Chinese titles and
descriptions, which fields are required), so the scaffold cannot drift from what ``check`` accepts:

* ``units/<unit-id>/<year>/report.yaml``: every field of :class:`~site_builder.schema.Report`, each under
  a ``# 中文名：说明`` comment.  A table that has required columns (``money_unit`` …) stays ``null`` with a
  commented-out template below it, so the fresh file passes ``check`` with no error; a clerk who fills the
  template in is guided by ``check`` from then on.
* What usually stays the same is copied from the unit's previous report (cover except its date, the
  contact's name, staffing, functions, the indicator rows' names and targets) under ``# 请核对`` comments.
* Every ``# 请核对`` comment and ``【请填写】`` line is an error of ``check`` until the clerk has dealt with it
  (:mod:`site_builder.sources.placeholders`), so an untouched scaffold can never be published.
* ``narrative.md``: the standard headings of the 文字部分, each with a ``【请填写】`` line.
* ``units/<unit-id>/unit.yaml`` (``new-unit``) the same way from :class:`~site_builder.schema.Unit`.
* ``--template``: ``hunan`` (the default, above: the Hunan 部门（单位）整体支出 form the real reports follow),
  ``national`` (财政部 项目支出绩效自评表) or ``sichuan`` (四川省 项目支出绩效自评表) — the last two write a project
  report ``projects/<slug>.yaml`` with the form's rows and printed column titles already in place, and its
  narrative headings (:data:`~site_builder.cli.reportforms.PROJECT_TEMPLATES`).

Existing files are never overwritten.

This module takes the repository, a unit and a year (and the unit's previous report) and gives the files written
(:class:`Scaffolded`); the YAML text is :mod:`site_builder.cli.yamlwriter`'s, the forms it follows
:mod:`site_builder.cli.reportforms`'.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from site_builder.cli.reportforms import NARRATIVE_SECTIONS, PROJECT_TEMPLATES, TEMPLATES
from site_builder.cli.yamlwriter import Loc, YamlWriter, field_kind
from site_builder.errors import ScaffoldError
from site_builder.schema import Contact, Cover, Indicator, ProjectReport, Report, Staffing, Unit
from site_builder.sources.load import SLUG, UNIT_ID, YEAR
from site_builder.sources.placeholders import FILL, REVIEW
from site_builder.sources.yamlsource import SourceError, parse_yaml, read_yaml

COPIED_GROUPS: dict[str, str] = {
    "cover": "封面",
    "contact": "联系人姓名",
    "staffing": "人员情况",
    "functions": "职能职责",
    "indicators": "绩效指标（名称和指标值）",
}
"""What ``new`` may copy from the unit's previous report, by field, with the name the clerk is told."""


@dataclass
class Scaffolded:
    """What ``new`` / ``new-unit`` wrote and what the clerk should know about it."""

    written: list[Path]
    copied_from: int | None = None
    notes: list[str] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)
    """What was copied from the ``copied_from`` report, in the clerk's words (``封面``, ``人员情况`` …)."""


def copied_groups(data: dict[str, Any]) -> list[str]:
    """The names of the groups of ``data`` (a new report) that were copied from the previous one."""
    return [name for key, name in COPIED_GROUPS.items() if key in data]


# ---------------------------------------------------------------- report.yaml and narrative.md


def _load_data(path: Path) -> dict[str, Any] | None:
    try:
        data = read_yaml(path).data
    except (OSError, SourceError):
        return None
    return data if isinstance(data, dict) else None


def previous_year(unit_dir: Path, year: int) -> int | None:
    """The latest year before ``year`` for which the unit has a report.yaml."""
    years = (
        [
            int(d.name)
            for d in unit_dir.iterdir()
            if d.is_dir() and YEAR.match(d.name) and int(d.name) < year and (d / "report.yaml").is_file()
        ]
        if unit_dir.is_dir()
        else []
    )
    return max(years) if years else None


_SCALARS = (str, int, Decimal, _dt.date, type(None))


def _plain_fields(model: type[BaseModel], data: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The known scalar fields of ``data`` (a copied group): unknown keys and misplaced values are left out."""
    if not isinstance(data, dict):
        return {}
    return {
        k: v
        for k, v in data.items()
        if k in model.model_fields
        and k not in skip
        and field_kind(model.model_fields[k].annotation)[0] == "scalar"
        and isinstance(v, _SCALARS)
        and not isinstance(v, bool)
    }


def _carry_forward(prev: dict[str, Any], prev_year: int, year: int) -> tuple[dict[str, Any], dict[Loc, str]]:
    """What usually stays the same from one year's report to the next, and a 请核对 note for each."""
    data: dict[str, Any] = {}
    reviews: dict[Loc, str] = {}
    source = f"从 {prev_year} 年报告复制"
    kept = _plain_fields(Cover, prev.get("cover"), skip=("report_date",))
    if kept:
        if isinstance(kept.get("title"), str):
            kept["title"] = kept["title"].replace(str(prev_year), str(year))
            reviews[("cover", "title")] = f"{source}，其中的年份已改为 {year}；请按今年封面核对"
        data["cover"] = kept
        reviews[("cover",)] = f"封面各项{source}（报告日期除外），如有变化请修改；核对后删除本行"
    contact = _plain_fields(Contact, prev.get("contact"), skip=("phone",))
    if contact.get("name"):
        data["contact"] = contact
        reviews[("contact",)] = f"联系人姓名{source}，电话请重新填写；核对后删除本行"
    staffing = _plain_fields(Staffing, prev.get("staffing"))
    if staffing:
        data["staffing"] = staffing
        reviews[("staffing",)] = f"人员情况{source}，请按今年年末数字修改；核对后删除本行"
    if isinstance(prev.get("functions"), str) and prev["functions"].strip():
        data["functions"] = prev["functions"]
        reviews[("functions",)] = f"{source}，如有变化请修改；核对后删除本行"
    indicators = prev.get("indicators")
    rows = indicators.get("rows") if isinstance(indicators, dict) else None
    if isinstance(rows, list) and rows:
        copied = []
        for row in rows:
            if not isinstance(row, dict):
                continue
            names = _plain_fields(Indicator, row)
            copied.append(
                {
                    k: names.get(k) if k in ("level1", "level2", "level3", "target") else None
                    for k in Indicator.model_fields
                }
            )
        data["indicators"] = {"rows": copied}
        reviews[("indicators", "rows")] = (
            f"指标名称和指标值{source}；请核对指标值，并为每项填写实际完成值（actual）、分值（weight）、"
            "得分（score）；核对后删除本行"
        )
    return data, reviews


def report_yaml(
    unit_id: str, year: int, unit: dict[str, Any] | None, prev: dict[str, Any] | None, prev_year: int | None
) -> tuple[str, dict[str, Any]]:
    """The text of a new report.yaml and the data it holds."""
    data: dict[str, Any] = {}
    reviews: dict[Loc, str] = {}
    if prev is not None and prev_year is not None:
        data, reviews = _carry_forward(prev, prev_year, year)
    copied = copied_groups(data)
    data["unit"] = unit_id
    data["year"] = year
    unit_name = unit.get("name") if unit and isinstance(unit.get("name"), str) else None
    budget_code = unit.get("budget_code") if unit and isinstance(unit.get("budget_code"), str) else None
    cover = data.setdefault("cover", {})
    if not cover.get("title"):
        cover["title"] = f"{unit_name or ''}{year}年度部门（单位）整体支出绩效自评报告"
        reviews[("cover", "title")] = "按报告封面上的标题原样填写；核对后删除本行"
    if "unit_name" not in cover and unit_name:
        cover["unit_name"] = unit_name
        cover.setdefault("budget_code", budget_code)
        reviews.setdefault(("cover",), "单位名称和预算编码取自 unit.yaml，请按封面核对；核对后删除本行")

    writer = YamlWriter(reviews)
    writer.lines += [
        "# yaml-language-server: $schema=../../../schema/report.schema.json",
        f"# {year} 年度{unit_name or unit_id} 部门（单位）整体支出绩效自评报告：表格部分",
        "# 由 python -m site_builder new 生成。每个字段上方的 # 行是说明（中文名、是否必填、怎么填），不影响数据。",
        "# 填写规则见网站“填报指南”（content/guide.md）：数字照抄原文、不加逗号和单位；原表空白写 null，不要写 0；",
        "# 编码、电话加英文引号；联系电话、签名只填在标注“个人信息”的字段里，网站不公开。",
    ]
    if copied:
        writer.lines.append(f"# {'、'.join(copied)}从 {prev_year} 年报告复制而来。")
    writer.lines.append(
        f"# 标有“# {REVIEW}”的内容请逐一核对（必要时修改），再删除那一行“# {REVIEW}”：留着它，检查会报错，报告不能发布。"
    )
    writer.lines += [f"# 填好后检查：python -m site_builder check units/{unit_id}/{year}", ""]
    for name, info in Report.model_fields.items():
        writer.field(name, info, data.get(name), 0, (name,))
        writer.lines.append("")
    text = "\n".join(writer.lines).rstrip("\n") + "\n"
    return text, data


def narrative_md(sections: tuple[tuple[str, str], ...] = NARRATIVE_SECTIONS) -> str:
    """The standard headings of the 文字部分, each with what goes under it."""
    lines: list[str] = []
    for heading, hint in sections:
        lines.append(heading)
        lines.append("")
        if hint:
            lines.append(f"{FILL}{hint}按原文照录，填写后删除“{FILL}”及本行提示。")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _check_ids(unit_id: str, year: str | int | None = None) -> None:
    if not UNIT_ID.match(unit_id):
        raise ScaffoldError(
            f"单位标识“{unit_id}”不合规：只能用小写字母、数字和连字符，以字母或数字开头，例如 430624-renshe"
        )
    if year is not None and not YEAR.match(str(year)):
        raise ScaffoldError(f"年度“{year}”不合规：应为 4 位年份，例如 2024")


def _refuse_existing(root: Path, paths: list[Path]) -> None:
    existing = [p for p in paths if p.exists()]
    if existing:
        names = "、".join(p.relative_to(root).as_posix() for p in existing)
        raise ScaffoldError(
            f"{names} 已存在，不会覆盖。要修改已有的报告，请直接编辑这个文件；要重新生成，请先把它改名或删除。"
        )


def new_report(root: Path, unit_id: str, year: str | int) -> Scaffolded:
    """Write ``units/<unit_id>/<year>/report.yaml`` and ``narrative.md``; never overwrite."""
    _check_ids(unit_id, year)
    year = int(year)
    root = root.resolve()
    unit_dir = root / "units" / unit_id
    year_dir = unit_dir / str(year)
    report_path, narrative_path = year_dir / "report.yaml", year_dir / "narrative.md"
    _refuse_existing(root, [report_path, narrative_path])
    notes: list[str] = []
    unit = _load_data(unit_dir / "unit.yaml")
    if not (unit_dir / "unit.yaml").is_file():
        notes.append(
            f"units/{unit_id}/unit.yaml 还不存在：新单位请先运行 python -m site_builder new-unit {unit_id} 并填写"
        )
    prev_year = previous_year(unit_dir, year)
    prev = _load_data(unit_dir / str(prev_year) / "report.yaml") if prev_year else None
    if prev_year and prev is None:
        notes.append(f"{prev_year} 年的 report.yaml 无法读取，未复制任何内容")
        prev_year = None
    text, data = report_yaml(unit_id, year, unit, prev, prev_year)
    _verify(text, data)
    year_dir.mkdir(parents=True, exist_ok=True)
    report_path.write_text(text, encoding="utf-8")
    narrative_path.write_text(narrative_md(), encoding="utf-8")
    copied = copied_groups(data)
    return Scaffolded([report_path, narrative_path], prev_year if copied else None, notes, copied)


# ---------------------------------------------------------------- unit.yaml


def _level_for(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def unit_yaml(unit_id: str, name: str | None = None, placeholders: bool = False) -> tuple[str, dict[str, Any]]:
    """The text of a new unit.yaml and the data it holds (``name``: the unit's name as a document prints it).
    With ``placeholders`` (``import``'s draft), the required names not known are ``【请填写】``, which ``check``
    refuses until a person fills them in."""
    unknown = FILL if placeholders else None
    data: dict[str, Any] = {"id": unit_id, "maintainers": [], "name": name or unknown}
    reviews: dict[Loc, str] = {}
    code = re.match(r"^(\d{6})(?:-|$)", unit_id)
    if code:
        data["region"] = {"code": code[1], "name": unknown}
        data["level"] = _level_for(code[1])
        reviews[("level",)] = f"按行政区划代码 {code[1]} 推断，请核对；核对后删除本行"
        reviews[("region",)] = f"行政区划代码取自单位标识 {unit_id}，请核对并填写地区名称；核对后删除本行"
    writer = YamlWriter(reviews)
    writer.lines += [
        "# yaml-language-server: $schema=../../schema/unit.schema.json",
        f"# 单位信息：units/{unit_id}/unit.yaml（由 python -m site_builder new-unit 生成）",
        "# 每个字段上方的 # 行是说明；标“必填”的字段不填，检查会在那一行报错。",
        f"# 填好后检查：python -m site_builder check units/{unit_id}",
        "",
    ]
    for name, info in Unit.model_fields.items():
        writer.field(name, info, data.get(name), 0, (name,))
        if name == "maintainers":
            writer.comment(0, "  - zhangsan    ← 把 [] 删掉，按这个格式每行写一个 GitHub 用户名（不带 @）")
            writer.comment(0, "改完后运行 python -m site_builder codeowners，更新 .github/CODEOWNERS")
        writer.lines.append("")
    return "\n".join(writer.lines).rstrip("\n") + "\n", data


def new_unit(root: Path, unit_id: str) -> Scaffolded:
    """Write ``units/<unit_id>/unit.yaml``; never overwrite."""
    _check_ids(unit_id)
    root = root.resolve()
    path = root / "units" / unit_id / "unit.yaml"
    _refuse_existing(root, [path])
    text, data = unit_yaml(unit_id)
    _verify(text, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Scaffolded([path])


# ---------------------------------------------------------------- checks


def _blank(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    return value is None or value == []


def _same(a: Any, b: Any) -> bool:
    """Equal as data: figures compared as numbers, a group of blanks equal to a blank."""
    if _blank(a) and _blank(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return all(_same(a.get(k), b.get(k)) for k in set(a) | set(b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    numbers = (int, Decimal)
    if isinstance(a, numbers) and isinstance(b, numbers) and not isinstance(a, bool) and not isinstance(b, bool):
        return Decimal(a) == Decimal(b)
    return bool(a == b)


def _verify(text: str, data: dict[str, Any]) -> None:
    """The written text must read back as the data it was generated from (a guard against emitter bugs)."""
    try:
        parsed = parse_yaml(text).data
    except SourceError:  # pragma: no cover - a bug in this module
        parsed = None
    if not _same(parsed, data):  # pragma: no cover - a bug in this module
        raise ScaffoldError("生成的文件无法按原样读回（程序错误），没有写入任何文件；请把这条消息告诉维护人")


# ---------------------------------------------------------------- project forms (new --template national|sichuan)


def project_yaml(slug: str, year: int, template: str, unit: dict[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """The text of a new ``projects/<slug>.yaml`` in one of :data:`PROJECT_TEMPLATES`, and the data it holds."""
    form = PROJECT_TEMPLATES[template]
    unit_name = unit.get("name") if unit and isinstance(unit.get("name"), str) else None
    data: dict[str, Any] = {
        "slug": slug,
        "name": f"{FILL}项目名称",
        "cover": {"title": f"项目支出绩效自评表（{year}年度）", **({"unit_name": unit_name} if unit_name else {})},
        **json.loads(json.dumps(form.data)),  # a copy: the template stays as it is
    }
    reviews = {("cover", "title"): "按原表标题原样填写；核对后删除本行", **form.reviews}
    writer = YamlWriter(reviews)
    writer.lines += [
        "# yaml-language-server: $schema=../../../../schema/project.schema.json",
        f"# {year} 年度项目支出绩效自评表（{form.name}）：表格部分",
        "# 由 python -m site_builder new --template 生成。每个字段上方的 # 行是说明（中文名、是否必填、怎么填），不影响数据。",
        f"# 标有“{FILL}”的地方必须填写；标有“# {REVIEW}”的内容是按表格格式预填的，核对后删除那一行。",
        "# 原表的列名与标准列名不同的（例如 调整后预算数、权重），照录在 labels 里，网站按原表列名显示。",
        "",
    ]
    for name, info in ProjectReport.model_fields.items():
        writer.field(name, info, data.get(name), 0, (name,))
        writer.lines.append("")
    return "\n".join(writer.lines).rstrip("\n") + "\n", data


def new_project(root: Path, unit_id: str, year: str | int, template: str, slug: str | None) -> Scaffolded:
    """Write ``units/<unit_id>/<year>/projects/<slug>.yaml`` and ``.md`` in the form ``template``; the year's
    department report too when it does not exist yet (a project report belongs to one). Never overwrite."""
    if template not in PROJECT_TEMPLATES:
        raise ScaffoldError(f"没有“{template}”这个模板：可选 {'、'.join(TEMPLATES)}")
    if not slug or not SLUG.match(slug):
        raise ScaffoldError(
            f"项目表需要项目标识：加上 --project <项目标识>，用小写拼音和连字符，例如 --project shebao-jingban"
            f"{f'（“{slug}”不合规）' if slug else ''}"
        )
    _check_ids(unit_id, year)
    year = int(year)
    root = root.resolve()
    unit_dir = root / "units" / unit_id
    projects = unit_dir / str(year) / "projects"
    paths = [projects / f"{slug}.yaml", projects / f"{slug}.md"]
    _refuse_existing(root, paths)
    written: list[Path] = []
    notes: list[str] = []
    copied_from, copied = None, []
    if not (unit_dir / str(year) / "report.yaml").is_file():
        department = new_report(root, unit_id, year)
        written, notes = department.written, department.notes
        copied_from, copied = department.copied_from, department.copied
        notes.append(f"{year} 年还没有部门（单位）整体支出报告：已一并生成 report.yaml 和 narrative.md，项目报告属于它")
    text, data = project_yaml(slug, year, template, _load_data(unit_dir / "unit.yaml"))
    _verify(text, data)
    projects.mkdir(parents=True, exist_ok=True)
    paths[0].write_text(text, encoding="utf-8")
    paths[1].write_text(narrative_md(PROJECT_TEMPLATES[template].sections), encoding="utf-8")
    return Scaffolded([*written, *paths], copied_from, notes, copied)
