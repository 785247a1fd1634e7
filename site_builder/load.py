"""Step 1, load: find every unit, report, project and narrative under ``units/``.

Layout (a public contract)::

    units/<unit-id>/unit.yaml
    units/<unit-id>/<year>/report.yaml
    units/<unit-id>/<year>/narrative.md
    units/<unit-id>/<year>/projects/<slug>.yaml
    units/<unit-id>/<year>/projects/<slug>.md

Nothing is validated here beyond what is needed to read the files; a file
that cannot be read becomes a message, never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .messages import Message
from .yamlsource import SourceError, YamlDocument, decode, read_yaml

UNIT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
YEAR = re.compile(r"^(19|20)\d{2}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


@dataclass
class SourceText:
    """A Markdown narrative."""

    path: str
    text: str


@dataclass
class ProjectSource:
    slug: str
    path: str
    doc: YamlDocument | None
    narrative: SourceText | None


@dataclass
class ReportSource:
    unit_id: str
    year: int
    path: str
    doc: YamlDocument | None
    narrative: SourceText | None
    projects: list[ProjectSource] = field(default_factory=list)


@dataclass
class UnitSource:
    unit_id: str
    path: str
    doc: YamlDocument | None
    reports: list[ReportSource] = field(default_factory=list)


@dataclass
class Sources:
    root: Path
    units: list[UnitSource] = field(default_factory=list)
    problems: list[Message] = field(default_factory=list)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class _Reader:
    def __init__(self, root: Path, units_dir: Path) -> None:
        self.root = root
        self.units_dir = units_dir.resolve()
        self.problems: list[Message] = []

    def problem(self, path: Path, text: str, line: int = 1, column: int = 1) -> None:
        self.problems.append(Message(_rel(path, self.root), line, column, "", text))

    def inside(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.units_dir)
        except ValueError:
            self.problem(path, "链接指向 units/ 以外的位置，已拒绝")
            return False
        return True

    def yaml(self, path: Path) -> YamlDocument | None:
        if not path.is_file():
            self.problem(path, "缺少文件")
            return None
        if not self.inside(path):
            return None
        try:
            return read_yaml(path)
        except SourceError as exc:
            self.problem(path, exc.message, exc.line, exc.column)
        except OSError as exc:
            self.problem(path, f"无法读取文件：{exc.strerror}")
        return None

    def text(self, path: Path) -> SourceText | None:
        if not path.is_file():
            return None
        if not self.inside(path):
            return None
        try:
            return SourceText(_rel(path, self.root), decode(path.read_bytes()))
        except SourceError as exc:
            self.problem(path, exc.message, exc.line, exc.column)
        except OSError as exc:
            self.problem(path, f"无法读取文件：{exc.strerror}")
        return None


def _entries(directory: Path) -> list[Path]:
    return sorted(directory.iterdir(), key=lambda p: p.name)


def load_report_dir(reader: _Reader, unit_id: str, year_dir: Path) -> ReportSource:
    root = reader.root
    report_path = year_dir / "report.yaml"
    report = ReportSource(
        unit_id=unit_id,
        year=int(year_dir.name),
        path=_rel(report_path, root),
        doc=reader.yaml(report_path),
        narrative=reader.text(year_dir / "narrative.md"),
    )
    projects_dir = year_dir / "projects"
    if projects_dir.is_dir() and reader.inside(projects_dir):
        for entry in _entries(projects_dir):
            if entry.suffix == ".md" and (projects_dir / f"{entry.stem}.yaml").exists():
                continue
            if entry.suffix != ".yaml" or not SLUG.match(entry.stem):
                reader.problem(
                    entry,
                    f"项目文件名“{entry.name}”不合规：应为 小写字母、数字和连字符组成的标识加 .yaml（及同名 .md）",
                )
                continue
            report.projects.append(
                ProjectSource(
                    slug=entry.stem,
                    path=_rel(entry, root),
                    doc=reader.yaml(entry),
                    narrative=reader.text(entry.with_suffix(".md")),
                )
            )
    return report


def load(root: Path, only: list[Path] | None = None) -> Sources:
    """Read every source under ``root/units`` (or only the unit/year folders named in ``only``)."""
    root = root.resolve()
    units_dir = root / "units"
    reader = _Reader(root, units_dir)
    sources = Sources(root=root)
    if not units_dir.is_dir():
        reader.problem(units_dir, "找不到 units/ 文件夹")
        sources.problems = reader.problems
        return sources
    wanted = _wanted(root, only) if only else None
    for unit_dir in _entries(units_dir):
        if unit_dir.name.startswith("."):
            continue
        if wanted is not None and unit_dir.name not in wanted:
            continue
        if not unit_dir.is_dir():
            reader.problem(unit_dir, "units/ 下只应有单位文件夹")
            continue
        if not UNIT_ID.match(unit_dir.name):
            reader.problem(unit_dir, f"单位文件夹名“{unit_dir.name}”不合规：只能用小写字母、数字和连字符，例如 430624-renshe")
            continue
        if not reader.inside(unit_dir):
            continue
        unit = UnitSource(unit_dir.name, _rel(unit_dir / "unit.yaml", root), reader.yaml(unit_dir / "unit.yaml"))
        years = wanted.get(unit_dir.name) if wanted else None
        for year_dir in _entries(unit_dir):
            if year_dir.name == "unit.yaml":
                continue
            if not year_dir.is_dir() or not YEAR.match(year_dir.name):
                reader.problem(year_dir, f"“{year_dir.name}”不是年度文件夹：单位文件夹下应为 unit.yaml 和 4 位年份文件夹")
                continue
            if years and year_dir.name not in years:
                continue
            if not reader.inside(year_dir):
                continue
            unit.reports.append(load_report_dir(reader, unit.unit_id, year_dir))
        sources.units.append(unit)
    sources.problems = reader.problems
    return sources


def _wanted(root: Path, only: list[Path]) -> dict[str, set[str]]:
    """Map unit id → years (empty set = all years) for the paths given on the command line."""
    wanted: dict[str, set[str]] = {}
    for raw in only:
        path = (raw if raw.is_absolute() else Path.cwd() / raw).resolve()
        try:
            parts = path.relative_to(root / "units").parts
        except ValueError:
            continue
        if not parts:
            return {}
        years = wanted.setdefault(parts[0], set())
        if len(parts) > 1 and YEAR.match(parts[1]):
            years.add(parts[1])
        elif len(parts) > 1:
            years.clear()
    return wanted
