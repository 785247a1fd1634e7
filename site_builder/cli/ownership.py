"""Who reviews what: ``.github/CODEOWNERS`` from the units' maintainers, and advice on a pull request.

``units/<unit-id>/unit.yaml`` names the unit's maintainers (GitHub user names).  ``python -m site_builder
codeowners`` writes them into ``.github/CODEOWNERS`` after a default line for everything, so GitHub asks a
unit's maintainers to review changes to that unit; the default owners (the finance bureau's maintainers)
stay on every line and can always approve.  The default owner is whatever the committed file's ``*`` line
names (:data:`DEFAULT_OWNER` when there is none), so an organisation sets it once by editing that line.

``check --changed FILE...`` uses :func:`review_advice` to say, one line each, when a pull request touches
more than one unit or anything outside ``units/``: such a change needs a maintainer's review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.public.redact import redact_text, scan_text
from site_builder.schema import REMOVAL_KINDS
from site_builder.sources.load import UNIT_ID, YEAR
from site_builder.sources.yamlsource import SourceError, read_yaml
from site_builder.verify.leakgate import scan_text as gate_text

CODEOWNERS = Path(".github") / "CODEOWNERS"
DEFAULT_OWNER = "@finance-bureau/maintainers"

_USER = re.compile(r"^@?([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})$")
_TEAM = re.compile(r"^@?([A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9][A-Za-z0-9_.-]*)$")

HEADER = (
    "# 审核分工（GitHub CODEOWNERS），由 python -m site_builder codeowners 根据 units/*/unit.yaml 的 maintainers 生成。\n"
    "# “*” 一行是默认审核人（财政局的维护人）：可以直接修改这一行，重新生成时会保留；其余各行请勿手改。\n"
    "# 其后每个单位一行：该单位的维护人审核对该单位报告的修改，默认审核人也可以审核。\n"
)


@dataclass
class Owners:
    """The maintainers of each unit, and names that are not valid GitHub user names."""

    units: dict[str, list[str]] = field(default_factory=dict)
    invalid: list[str] = field(default_factory=list)


def owner_handle(name: str) -> str | None:
    """``zhangsan`` / ``@zhangsan`` / ``org/team`` → ``@zhangsan`` / ``@org/team``; None if not a valid name."""
    name = name.strip()
    match = _USER.match(name) or _TEAM.match(name)
    return f"@{match[1]}" if match else None


def unit_maintainers(root: Path) -> Owners:
    """Read ``maintainers`` from every ``units/<unit-id>/unit.yaml`` (unreadable files are skipped)."""
    owners = Owners()
    units_dir = root / "units"
    if not units_dir.is_dir():
        return owners
    for unit_dir in sorted(units_dir.iterdir(), key=lambda p: p.name):
        path = unit_dir / "unit.yaml"
        if not unit_dir.is_dir() or not UNIT_ID.match(unit_dir.name) or not path.is_file():
            continue
        try:
            data = read_yaml(path).data
        except (OSError, SourceError):
            continue
        names = data.get("maintainers") if isinstance(data, dict) else None
        if not isinstance(names, list):
            continue
        handles: list[str] = []
        for name in names:
            handle = owner_handle(str(name)) if isinstance(name, str) else None
            if handle is None:
                owners.invalid.append(
                    f"units/{unit_dir.name}/unit.yaml: maintainers 中的“{name}”不是有效的 GitHub 用户名"
                )
            elif handle not in handles:
                handles.append(handle)
        if handles:
            owners.units[unit_dir.name] = handles
    return owners


def default_owner(root: Path) -> str:
    """The owners on the ``*`` line of the existing CODEOWNERS, or :data:`DEFAULT_OWNER`."""
    path = root / CODEOWNERS
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("#", 1)[0].split()
            if len(parts) >= 2 and parts[0] == "*":
                return " ".join(parts[1:])
    return DEFAULT_OWNER


def codeowners_text(root: Path, default: str | None = None) -> str:
    """The CODEOWNERS file for the units under ``root``."""
    default = default or default_owner(root)
    lines = [HEADER, f"* {default}"]
    owners = unit_maintainers(root)
    if owners.units:
        lines.append("")
    defaults = default.split()
    for unit_id, handles in owners.units.items():
        everyone = handles + [d for d in defaults if d not in handles]
        lines.append(f"/units/{unit_id}/ {' '.join(everyone)}")
    return "\n".join(lines) + "\n"


def write_codeowners(root: Path) -> Path:
    """Rewrite ``.github/CODEOWNERS``; return its path."""
    path = root / CODEOWNERS
    text = codeowners_text(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- pull request advice


@dataclass
class Touched:
    """The files of a change, sorted by the unit they belong to."""

    units: dict[str, list[str]] = field(default_factory=dict)
    outside: list[str] = field(default_factory=list)


def relative(root: Path, name: str) -> str:
    """A changed file's path relative to the repository root, as git prints it.

    A relative path is taken from the current directory when it lies inside ``root`` from there, else
    as already relative to ``root`` (what ``git diff --name-only`` prints).
    """
    path = Path(name)
    base = path if path.is_absolute() else Path.cwd() / path
    try:
        return base.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def sort_changes(paths: list[str]) -> Touched:
    """Which units a change touches, and which files lie outside any unit."""
    touched = Touched()
    for path in paths:
        parts = path.strip("/").split("/")
        if len(parts) >= 2 and parts[0] == "units" and UNIT_ID.match(parts[1]):
            touched.units.setdefault(parts[1], []).append(path)
        else:
            touched.outside.append(path)
    return touched


def check_targets(root: Path, touched: Touched) -> list[Path] | None:
    """What ``check --changed`` checks: the touched report folders (the whole unit when its unit.yaml or
    anything else outside a year folder changed); None (everything) when files outside ``units/`` changed,
    as they may change the checker itself, or when nothing under ``units/`` did."""
    if touched.outside or not touched.units:
        return None
    targets: list[Path] = []
    for unit_id, paths in touched.units.items():
        years = {p.split("/")[2] for p in paths if len(p.split("/")) > 3 and YEAR.match(p.split("/")[2])}
        whole = any(len(p.split("/")) <= 3 or not YEAR.match(p.split("/")[2]) for p in paths)
        if whole or not years:
            targets.append(root / "units" / unit_id)
        else:
            targets += [root / "units" / unit_id / year for year in sorted(years)]
    return targets


def review_advice(paths: list[str]) -> list[str]:
    """One Chinese line per reason this change needs a maintainer's review (none for one unit's reports)."""
    touched = sort_changes(paths)
    advice: list[str] = []
    if len(touched.units) > 1:
        names = "、".join(touched.units)
        advice.append(f"本次修改涉及 {len(touched.units)} 个单位（{names}），需要维护人审核")
    if touched.outside:
        shown = "、".join(touched.outside[:5]) + ("等" if len(touched.outside) > 5 else "")
        advice.append(f"本次修改涉及 units/ 以外的 {len(touched.outside)} 个文件（{shown}），需要维护人审核")
    return advice


# ---------------------------------------------------------------- the pull request's job summary

_MAX_PREVIEW = 60_000  # characters of one file's preview; GitHub keeps at most 1 MiB of a step's summary
_MAX_LINES = 50


def is_report_file(rel: str) -> bool:
    """``units/<id>/<year>/report.yaml``, ``narrative.md`` or ``projects/<slug>.yaml|.md``."""
    parts = rel.split("/")
    if len(parts) < 4 or parts[0] != "units" or not UNIT_ID.match(parts[1]) or not YEAR.match(parts[2]):
        return False
    tail = parts[3:]
    return tail in (["report.yaml"], ["narrative.md"]) or (
        len(tail) == 2 and tail[0] == "projects" and tail[1].endswith((".yaml", ".md"))
    )


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks in ``text``."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _masked(line: str) -> str:
    return redact_text(line)[0]


def _public_number_section(units: list) -> list[str]:
    """The ``public_numbers`` declarations of the checked reports, one line each: a reviewer sees every number the
    leak gate is told to let through, and why."""
    lines: list[str] = []
    for unit in units:
        for report in unit.reports:
            for model, source in [(report.model, report.source), *((p.model, p.source) for p in report.projects)]:
                for declared in model.public_numbers:
                    lines.append(f"- `{source.path}`：`{declared.number}`，理由：{_masked(declared.reason)}")
    if not lines:
        return []
    return [
        "## 公开数字声明",
        "",
        "以下数字由报告声明为公开，独立泄露检查将放行；请核实每一项确实不是个人电话：",
        "",
        *lines,
        "",
    ]


def pull_request_summary(root: Path, changed: list[str], base: str | None = None) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: check results, review advice and the public preview.

    Everything shown has been through redaction: the preview is what the public will see, each removal
    is listed masked (last two digits / characters), and check messages are redacted like warnings are.
    """
    from site_builder.checks.validate import validate
    from site_builder.public.model import personal_values, redact_file
    from site_builder.sources.history import pending_changes
    from site_builder.sources.load import load

    touched = sort_changes(changed)
    checked = validate(load(root, check_targets(root, touched)))
    secrets: set[str] = set()
    models = [model for unit in checked.units for report in unit.reports for model in report.models()]
    for model in models:
        public_names = {e.name for e in model.evaluators if e.name}
        secrets |= personal_values(model) - public_names
    declared = {d.number for model in models for d in model.public_numbers}
    reports = sum(len(u.reports) for u in checked.units)
    out = ["## 报告检查", ""]
    errors, warnings = checked.errors, checked.warnings
    verdict = "有错误，改正后才能合并" if errors else "没有错误"
    out.append(f"检查了 {reports} 份报告：{len(errors)} 个错误，{len(warnings)} 个警告（{verdict}）。")
    out.append(
        "每条错误和警告都标注在“Files changed”（文件改动）页面的对应行上；警告是原文数字之间的不一致，会随报告公开。"
    )
    out.append("")
    for title, messages in (("错误", errors), ("警告", warnings)):
        if not messages:
            continue
        shown = [_masked(m.format()) for m in messages[:_MAX_LINES]]
        more = f"（另有 {len(messages) - _MAX_LINES} 条未列出）" if len(messages) > _MAX_LINES else ""
        body = "\n".join(shown)
        fence = _fence(body)
        out += [
            f"<details><summary>{title} {len(messages)} 条{more}</summary>",
            "",
            fence + "text",
            body,
            fence,
            "",
            "</details>",
            "",
        ]

    advice = review_advice(changed)
    out += ["## 审核", ""]
    if advice:
        out += [f"- {line}" for line in advice]
    elif touched.units:
        out.append("- 本次修改只涉及一个单位")
    else:
        out.append("- 本次修改没有改动任何文件")
    maintainers = unit_maintainers(root).units
    for unit_id in touched.units:
        handles = maintainers.get(unit_id)
        who = " ".join(handles) if handles else "未指定维护人（由默认审核人审核）"
        out.append(f"- {unit_id} 的维护人：{who}")
    out.append("")

    out += _public_number_section(checked.units)

    if base:
        folders = sorted({tuple(f.split("/")[1:3]) for f in changed if is_report_file(f)})
        corrections = []
        for unit_id, year in folders:
            pending = pending_changes(root, unit_id, int(year), base)
            if pending:
                corrections.append((unit_id, year, pending))
        if corrections:
            out += ["## 合并后将公开的更正", "", "这些报告已经发布；合并后，报告页会注明更正日期和以下修改：", ""]
            for unit_id, year, changes in corrections:
                out.append(f"- units/{unit_id}/{year}")
                out += [f"  - {_masked(c)}" for c in changes[:_MAX_LINES]]
            out.append("")

    files = [f for f in changed if is_report_file(f) and (root / f).is_file()]
    out += ["## 公开预览（电话号码、签名已隐去）", ""]
    if not files:
        out += ["本次修改没有改动报告文件。", ""]
    kinds = REMOVAL_KINDS
    for rel in files:
        try:
            public, removals = redact_file(root / rel)
        except Exception as exc:  # noqa: BLE001 - any unreadable file: say so, show nothing of it
            reason = _masked(str(getattr(exc, "message", "") or type(exc).__name__))[:200]
            out += [f"- `{rel}`：无法预览（{reason}），请先改正上面的错误", ""]
            continue
        if len(public) > _MAX_PREVIEW:
            public = public[:_MAX_PREVIEW] + "\n……（以下省略，完整内容见构建产物）"
        listing = [f"- 第 {line} 行 {kinds.get(kind, kind)}：`{masked}`" for line, kind, masked in removals]
        block = "\n".join(listing) + "\n" + public
        if scan_text(block, secrets):
            out += [f"- `{rel}`：预览中发现疑似个人信息，已省略；请联系维护人", ""]
            continue
        flagged = gate_text(public, declared)
        if flagged:  # the build would stop here: say so now, without showing the text
            out += [
                f"- `{rel}`：独立泄露检查将停止发布，预览已省略：",
                *(f"  - {f.kind}：`{f.masked}`，上下文：{f.context}" for f in flagged[:_MAX_LINES]),
                "  - 请删去或改写；确属公开的数字，在报告的 YAML 中用 public_numbers 声明（号码和理由）",
                "",
            ]
            continue
        fence = _fence(public)
        lang = "markdown" if rel.endswith(".md") else "yaml"
        out += [f"<details><summary>{rel}：隐去 {len(removals)} 处</summary>", ""]
        out += listing + ([""] if listing else [])
        out += [fence + lang, public.rstrip("\n"), fence, "", "</details>", ""]
    return "\n".join(out).rstrip("\n") + "\n"
