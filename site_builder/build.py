"""The whole pipeline, one step a module: load → validate → public → render → index → verify.

The site is built in a temporary directory next to the output and swapped into place only after
verification passed, so a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .history import corrections
from .index import index_site, search_shards
from .load import load
from .messages import Message
from .opendata import write_downloads
from .public import PublicSite, public_site
from .render import run_mkdocs, write_docs
from .validate import validate
from .verify import Problem, verify


class BuildFailed(Exception):
    """The build stopped; ``lines`` says why, one line each, in Chinese."""

    def __init__(self, stage: str, lines: list[str]) -> None:
        super().__init__(f"{stage}：{len(lines)} 个问题")
        self.stage = stage
        self.lines = lines


@dataclass
class BuildResult:
    out: Path
    reports: int
    projects: int
    pages: int
    warnings: list[Message] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def _timed(timings: dict[str, float], name: str, fn: Callable[[], object]) -> object:
    started = time.perf_counter()
    result = fn()
    timings[name] = time.perf_counter() - started
    return result


def build(root: Path, out: Path, log: Callable[[str], None] = print) -> BuildResult:
    """Build the site from ``root/units`` and ``root/content`` into ``out``."""
    root = root.resolve()
    out = out.resolve()
    timings: dict[str, float] = {}
    sources = _timed(timings, "load", lambda: load(root))
    checked = _timed(timings, "validate", lambda: validate(sources))  # type: ignore[arg-type]
    if checked.errors:  # type: ignore[attr-defined]
        raise BuildFailed("数据有错误，未发布", [m.format() for m in checked.errors])  # type: ignore[attr-defined]
    history = _timed(timings, "history", lambda: {
        (u.model.id, r.model.year): corrections(root, u.model.id, r.model.year)
        for u in checked.units for r in u.reports  # type: ignore[attr-defined]
    })
    site: PublicSite = _timed(timings, "public", lambda: public_site(checked, history))  # type: ignore[assignment, arg-type]
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=out.parent))
    try:
        docs, html = work / "docs", work / "site"
        _timed(timings, "render", lambda: _render(root, site, docs, html))
        indexed = _timed(timings, "index", lambda: index_site(html, search_shards(site)))
        problems: list[Problem] = _timed(timings, "verify", lambda: verify(html, site))  # type: ignore[assignment]
        if problems:
            raise BuildFailed("输出检查未通过，未发布", [p.format() for p in problems])
        _swap(html, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    reports = sum(len(u.reports) for u in site.units)
    projects = sum(len(r.projects) for u in site.units for r in u.reports)
    for name, seconds in timings.items():
        log(f"  {name:<9}{seconds:6.2f} 秒")
    return BuildResult(out, reports, projects, indexed.pages, checked.warnings, timings)  # type: ignore[attr-defined]


def _render(root: Path, site: PublicSite, docs: Path, html: Path) -> None:
    write_docs(site, root / "content", docs)
    # mkdocs logs every page not in the nav at INFO; reports are reached through index pages by design
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    run_mkdocs(root / "mkdocs.yml", docs, html)
    write_downloads(site, html)
    from .csp import apply_csp
    from .sanitize import sanitize_site

    sanitize_site(html)  # nothing a report brings in runs, hides the page or leaves the site unmarked
    apply_csp(html)  # and only the site's own scripts may run at all


def _swap(new: Path, out: Path) -> None:
    """Replace ``out`` with ``new`` with two renames; the old site survives until the new one is in place."""
    old = None
    if out.exists() or out.is_symlink():
        old = out.with_name(f".{out.name}-old-{int(time.time() * 1000)}")
        out.rename(old)
    try:
        new.rename(out)
    except OSError as exc:
        if old is not None:
            old.rename(out)  # put the previous site back
        raise BuildFailed("无法替换输出目录，原网站保持不变", [f"{out}: {exc.strerror or exc}"]) from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
