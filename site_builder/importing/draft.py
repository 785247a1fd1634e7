"""The draft's files: ``report.yaml``, ``narrative.md``, ``projects/<slug>.yaml|.md`` and a new unit's ``unit.yaml``.

Takes a :class:`~.parts.Draft`; gives the files written under ``units/<unit-id>/<year>/`` (all or none: every
target is checked before the first is written) and what was filled and left, in the clerk's words.  The YAML is
:class:`~site_builder.cli.yamlwriter.YamlWriter`'s (the same commented form ``new`` writes), with a ``# 来源：…``
comment above every imported value; a required value not found is the scaffold's ``【请填写】``, a narrative not
found the scaffold's headings with their ``【请填写】`` lines, so ``check`` refuses the draft until a person has
filled them in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from site_builder.cli.reportforms import NARRATIVE_SECTIONS
from site_builder.cli.scaffold import narrative_md, unit_yaml
from site_builder.cli.yamlwriter import YamlWriter
from site_builder.errors import ImportFailed
from site_builder.importing.parts import Draft, Mapped
from site_builder.schema import ProjectReport, Report
from site_builder.sources.placeholders import FILL


@dataclass
class Written:
    paths: list[Path] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)


def _yaml(model: type[BaseModel], data: dict[str, Any], sources: dict[tuple[str, ...], str], head: list[str]) -> str:
    writer = YamlWriter({}, sources)
    writer.lines += head
    for name, info in model.model_fields.items():
        writer.field(name, info, data.get(name), 0, (name,))
        writer.lines.append("")
    return "\n".join(writer.lines).rstrip("\n") + "\n"


def _units_left(data: dict[str, Any]) -> None:
    """A table whose money unit the source does not print: the unit is the clerk's to fill in, never guessed."""
    for value in data.values():
        if (
            isinstance(value, dict)
            and "rows" in value
            and "money_unit" not in value
            and value is not data.get("indicators")
        ):
            value["money_unit"] = FILL


def _letters(number: int) -> str:
    """1 → a, 26 → z, 27 → aa: a project's slug numbered by letters, so that the draft prints no number its source
    does not (a clerk renames it in pinyin)."""
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _report_data(mapped: Mapped, unit_id: str, year: int) -> dict[str, Any]:
    data = dict(mapped.data)
    _units_left(data)
    data["unit"] = unit_id
    data["year"] = year
    cover = dict(data.get("cover") or {})
    cover.setdefault("title", FILL)
    data["cover"] = cover
    return data


def _project_data(mapped: Mapped, slug: str) -> dict[str, Any]:
    data = dict(mapped.data)
    _units_left(data)
    data["slug"] = slug
    data.setdefault("name", FILL)
    cover = dict(data.get("cover") or {})
    cover.setdefault("title", FILL)
    data["cover"] = cover
    return data


def _summary(mapped: Mapped, model: type[BaseModel], what: str, out: Written) -> None:
    present = [name for name in model.model_fields if mapped.data.get(name) not in (None, [], {})]
    titles = [model.model_fields[name].title or name for name in present if name not in ("unit", "year", "slug")]
    missing = [
        model.model_fields[name].title or name
        for name in model.model_fields
        if name not in present and name not in ("unit", "year", "slug", "public_numbers", "remarks", "labels")
    ]
    out.filled.append(f"{what}：{'、'.join(titles) or '（无）'}；文字部分{'已导入' if mapped.narrative else '未找到'}")
    out.left.append(f"{what}：{'、'.join(missing) or '（无）'}")


def write_draft(root: Path, unit_id: str, year: int, draft: Draft, force: bool) -> Written:
    """Write the draft; refuse (writing nothing) when a target exists and ``force`` is not given."""
    unit_dir = root / "units" / unit_id
    year_dir = unit_dir / str(year)
    files: dict[Path, str] = {}
    head = [
        "# yaml-language-server: $schema=../../../schema/report.schema.json",
        f"# 由 python -m site_builder import 导入的草稿：units/{unit_id}/{year}/report.yaml",
        "# 每个导入的值上方有“# 来源：”注明出自原文件的哪个表格和格子（或段落）；请逐项与原文核对。",
        "# 没找到的必填项写着“请填写”的标记，表格没印金额单位的 money_unit 也是；其余没找到的保持 null。",
        "",
    ]
    report = _report_data(draft.report, unit_id, year)
    files[year_dir / "report.yaml"] = _yaml(Report, report, draft.report.sources, head)
    files[year_dir / "narrative.md"] = draft.report.narrative or narrative_md(NARRATIVE_SECTIONS)
    written = Written()
    _summary(draft.report, Report, "部门（单位）报告", written)
    for number, mapped in enumerate(draft.projects, 1):
        slug = f"project-{_letters(number)}"
        data = _project_data(mapped, slug)
        head_p = [
            "# yaml-language-server: $schema=../../../../schema/project.schema.json",
            f"# 由 python -m site_builder import 导入的项目报告草稿；项目标识 {slug} 可改成拼音（文件名随之改）",
            "",
        ]
        files[year_dir / "projects" / f"{slug}.yaml"] = _yaml(ProjectReport, data, mapped.sources, head_p)
        files[year_dir / "projects" / f"{slug}.md"] = (
            mapped.narrative
            or f"# {data['name']}\n\n{FILL}项目的文字部分按原文照录；原件只有自评表、没有文字部分的，删除本文件。\n"
        )
        _summary(mapped, ProjectReport, f"项目报告 {slug}（{data['name']}）", written)
    if not (unit_dir / "unit.yaml").is_file():
        files[unit_dir / "unit.yaml"] = unit_yaml(unit_id, report["cover"].get("unit_name"), placeholders=True)[0]
    existing = [p for p in files if p.exists()]
    if existing and not force:
        names = "、".join(p.relative_to(root).as_posix() for p in existing)
        raise ImportFailed(f"{names} 已存在，没有写入任何文件；确认要覆盖时加 --force")
    for path, text in files.items():
        if path.suffix == ".yaml":
            _reread(text)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.paths.append(path)
    return written


def _reread(text: str) -> dict[str, Any]:
    from site_builder.sources.yamlsource import SourceError, parse_yaml

    try:
        data = parse_yaml(text).data
    except SourceError as exc:  # a bug in the writer: say so, write nothing
        raise ImportFailed(f"生成的草稿无法读回（程序错误：{exc}），没有写入任何文件；请把这条消息告诉维护人") from None
    return data if isinstance(data, dict) else {}
