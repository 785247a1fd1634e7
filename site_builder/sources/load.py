"""Step 1, load: find every unit, report, project and narrative under ``units/``.

Layout (a public contract)::

    units/<unit-id>/unit.yaml
    units/<unit-id>/<year>/report.yaml
    units/<unit-id>/<year>/narrative.md
    units/<unit-id>/<year>/projects/<slug>.yaml
    units/<unit-id>/<year>/projects/<slug>.md

Nothing is validated here beyond what is needed to read the files, and the
marks a scaffold leaves for the clerk (:mod:`site_builder.sources.placeholders`); a
file that cannot be read becomes a message, never an exception.  Folder and file
names become parts of the site's addresses, so they must be plain: lower-case
ASCII letters, digits and hyphens (no ``..``, slashes, spaces, full-width or
invisible characters); anything under ``units/`` that is not part of the layout
is reported, never skipped in silence, and a symbolic link that leads out of
``units/`` is refused.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.messages import Message
from site_builder.sources.placeholders import placeholders
from site_builder.sources.yamlsource import SourceError, YamlDocument, parse_yaml, read_source

# \Z, not $: "$" also matches before a trailing newline, and a folder may be called "2021\n"
UNIT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}\Z")
YEAR = re.compile(r"^(19|20)[0-9]{2}\Z")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}\Z")

YEAR_FILES = ("report.yaml", "narrative.md", "projects")
# pictures for a narrative may sit next to it; they are not read here
PICTURE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})


def shown(name: str) -> str:
    """A name as it can be printed on one line: invisible and control characters written as \\uXXXX."""
    out = []
    for char in name:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Zl", "Zp") or (category == "Zs" and char != " "):
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)


def name_problem(name: str) -> str:
    """Why ``name`` cannot be part of an address (empty when the only problem is the pattern itself)."""
    if name in (".", "..") or ".." in name:
        return "含有“..”"
    if "/" in name or "\\" in name:
        return "含有斜杠"
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        return "含有看不见的字符（如零宽空格、换行）"
    if any(c.isspace() for c in name):
        return "含有空格"
    if any(unicodedata.east_asian_width(c) in ("F", "W") for c in name):
        return "含有全角字符或汉字"
    if any(not c.isascii() for c in name):
        return "含有非 ASCII 字符"
    if any(c.isupper() for c in name):
        return "含有大写字母"
    return ""


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
        self.problems.append(Message(shown(_rel(path, self.root)), line, column, "", shown(text)))

    def inside(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.units_dir)
        except (ValueError, OSError, RuntimeError):
            self.problem(path, "链接指向 units/ 以外的位置，已拒绝")
            return False
        return True

    def regular(self, path: Path) -> bool | None:
        """True for a readable regular file inside units/; None when absent; False (reported) otherwise."""
        if not path.exists() and not path.is_symlink():
            return None
        if not self.inside(path):
            return False
        if not path.is_file():
            self.problem(path, "应为普通文件（不能是文件夹、链接或设备）")
            return False
        return True

    def yaml(self, path: Path) -> YamlDocument | None:
        state = self.regular(path)
        if state is None:
            self.problem(path, "缺少文件")
        if not state:
            return None
        try:
            text = read_source(path)
            self.problems += placeholders(text, shown(_rel(path, self.root)))
            return parse_yaml(text)
        except SourceError as exc:
            self.problem(path, exc.message, exc.line, exc.column)
        except OSError as exc:
            self.problem(path, f"无法读取文件：{exc.strerror}")
        return None

    def text(self, path: Path) -> SourceText | None:
        """A narrative: optional, but when present it is read exactly like a YAML file (encoding, size)."""
        if not self.regular(path):
            return None
        try:
            source = SourceText(_rel(path, self.root), read_source(path))
            self.problems += placeholders(source.text, shown(source.path))
            return source
        except SourceError as exc:
            self.problem(path, exc.message, exc.line, exc.column)
        except OSError as exc:
            self.problem(path, f"无法读取文件：{exc.strerror}")
        return None

    def entries(self, directory: Path) -> list[Path]:
        """The entries of a folder, hidden files (.DS_Store, .gitkeep…) left out; a hidden folder, which would
        hide a report from the site, and an unreadable folder are reported."""
        try:
            found = sorted(directory.iterdir(), key=lambda p: p.name)
        except OSError as exc:
            self.problem(directory, f"无法读取文件夹：{exc.strerror}")
            return []
        for hidden in (p for p in found if p.name.startswith(".") and p.is_dir() and not p.is_symlink()):
            self.problem(hidden, f"隐藏文件夹“{hidden.name}”中的内容不会发布：请改名（去掉开头的“.”）或删除")
        return [p for p in found if not p.name.startswith(".")]

    def bad_name(self, path: Path, what: str, example: str) -> None:
        reason = name_problem(path.name)
        reason = f"：{reason}" if reason else ""
        self.problem(path, f"{what}“{path.name}”不合规{reason}；只能用小写英文字母、数字和连字符，例如 {example}")


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
    for entry in reader.entries(year_dir):
        if entry.name in YEAR_FILES or entry.suffix.lower() in PICTURE_SUFFIXES:
            continue
        close = difflib.get_close_matches(entry.name.lower(), YEAR_FILES, n=1, cutoff=0.6)
        hint = f"（是否应为 {close[0]}？）" if close else ""
        reader.problem(
            entry, f"未知文件“{entry.name}”{hint}：年度文件夹下只应有 report.yaml、narrative.md、projects/ 和图片"
        )
    projects_dir = year_dir / "projects"
    if projects_dir.exists() and not projects_dir.is_dir():
        reader.problem(projects_dir, "projects 应为文件夹，放项目报告（<项目标识>.yaml 及同名 .md）")
    elif projects_dir.is_dir() and reader.inside(projects_dir):
        for entry in reader.entries(projects_dir):
            if entry.suffix == ".md" and (projects_dir / f"{entry.stem}.yaml").exists():
                continue
            if entry.suffix.lower() in PICTURE_SUFFIXES:
                continue
            if entry.suffix == ".md":
                reader.problem(entry, f"“{entry.name}”没有同名的 {entry.stem}.yaml：项目的文字部分要和它的数据放在一起")
                continue
            if entry.suffix != ".yaml" or not SLUG.match(entry.stem):
                reason = name_problem(entry.stem) if entry.suffix == ".yaml" else "扩展名应为 .yaml"
                reader.problem(
                    entry,
                    f"项目文件名“{entry.name}”不合规{'：' + reason if reason else ''}；"
                    "应为 小写字母、数字和连字符组成的标识加 .yaml（及同名 .md）",
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
    wanted = _wanted(reader, root, only) if only else None
    for unit_dir in reader.entries(units_dir):
        if wanted is not None and unit_dir.name not in wanted:
            continue
        if not unit_dir.is_dir():
            reader.problem(unit_dir, "units/ 下只应有单位文件夹")
            continue
        if not UNIT_ID.match(unit_dir.name):
            reader.bad_name(unit_dir, "单位文件夹名", "430624-renshe")
            continue
        if not reader.inside(unit_dir):
            continue
        unit = UnitSource(unit_dir.name, _rel(unit_dir / "unit.yaml", root), reader.yaml(unit_dir / "unit.yaml"))
        years = wanted.get(unit_dir.name) if wanted else None
        for year_dir in reader.entries(unit_dir):
            if year_dir.name == "unit.yaml":
                continue
            if not year_dir.is_dir():
                reader.problem(
                    year_dir, f"“{year_dir.name}”不是年度文件夹：单位文件夹下应为 unit.yaml 和 4 位年份文件夹"
                )
                continue
            if not YEAR.match(year_dir.name):
                reader.bad_name(year_dir, "年度文件夹名", "2023（4 位半角数字）")
                continue
            if years and year_dir.name not in years:
                continue
            if not reader.inside(year_dir):
                continue
            unit.reports.append(load_report_dir(reader, unit.unit_id, year_dir))
        sources.units.append(unit)
    if wanted:
        present = {p.name for p in reader.entries(units_dir)}
        for missing in sorted(set(wanted) - present):
            reader.problem(units_dir / missing, "找不到这个单位文件夹")
    sources.problems = reader.problems
    return sources


def _wanted(reader: _Reader, root: Path, only: list[Path]) -> dict[str, set[str]] | None:
    """Map unit id → years (empty set = all years) for the paths given on the command line; None = everything.

    A path that does not exist or lies outside ``units/`` is reported, so a typo never checks nothing in silence.
    """
    whole: set[str] = set()
    years: dict[str, set[str]] = {}
    for raw in only:
        path = (raw if raw.is_absolute() else Path.cwd() / raw).resolve()
        if not path.exists():
            reader.problem(path, "找不到这个文件或文件夹")
            continue
        if path in (root, root / "units"):
            return None
        try:
            parts = path.relative_to(root / "units").parts
        except ValueError:
            reader.problem(path, "不在 units/ 文件夹内，未检查")
            continue
        if len(parts) > 1 and YEAR.match(parts[1]):
            years.setdefault(parts[0], set()).add(parts[1])
        else:
            whole.add(parts[0])
    wanted: dict[str, set[str]] = {unit: set() for unit in whole}
    wanted.update({unit: found for unit, found in years.items() if unit not in whole})
    return wanted
