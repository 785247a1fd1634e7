"""The pages mkdocs renders: the hand-written pages (``content/``), the few index pages (home, all units, search,
data) and one placeholder per kind of generated page, whose theme page :mod:`site_builder.pages.shell` cuts out.

The only place the build runs mkdocs (and ``serve`` reuses it): a later engine change stays here and in ``shell``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from site_builder.addresses import SEARCH_PAGE
from site_builder.errors import ThemeFailed
from site_builder.fieldtypes import LEVEL_NAMES
from site_builder.pages.opendata import TABLES
from site_builder.pages.shell import write_shell_sources
from site_builder.pages.templating import ASSETS, environment
from site_builder.pages.views import score_text
from site_builder.public.model import PublicSite

# ------------------------------------------------------------------ the pages mkdocs renders


def write_docs(site: PublicSite, content_dir: Path, docs_dir: Path) -> list[str]:
    """Write the pages mkdocs renders into ``docs_dir`` (hand-written, index pages and the shells); return them."""
    env = environment()
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    if content_dir.is_dir():
        shutil.copytree(content_dir, docs_dir)
    else:
        docs_dir.mkdir(parents=True)
    shutil.copytree(ASSETS, docs_dir / "assets", dirs_exist_ok=True)
    written: list[str] = []

    def write(rel: str, template: str, **context: Any) -> None:
        path = docs_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(env.get_template(template).render(**context), encoding="utf-8")
        written.append(rel)

    all_reports = [(u, r) for u in site.summaries for r in u.reports]
    levels = []
    for key, name in LEVEL_NAMES.items():
        units = [u for u in site.summaries if u.model.level == key]
        if not units:
            continue
        regions: dict[str, dict[str, Any]] = {}
        for u in sorted(units, key=lambda u: (u.model.region.code, u.model.id)):
            g = regions.setdefault(
                u.model.region.code, {"code": u.model.region.code, "name": u.model.region.name, "units": []}
            )
            g["units"].append({"id": u.model.id, "name": u.model.name, "years": [r.year for r in u.reports]})
        levels.append({"key": key, "name": name, "regions": list(regions.values()), "count": len(units)})
    write("units/index.md", "units.md.j2", levels=levels)

    years: dict[int, int] = {}
    for _, r in all_reports:
        years[r.year] = years.get(r.year, 0) + 1
    latest = sorted(all_reports, key=lambda ur: (-ur[1].year, ur[0].model.id))[:10]
    region_groups: dict[str, dict[str, Any]] = {}
    for u in site.summaries:
        g = region_groups.setdefault(
            u.model.region.code, {"code": u.model.region.code, "name": u.model.region.name, "count": 0}
        )
        g["count"] += 1
    intro_path = docs_dir / "index.md"
    intro = intro_path.read_text(encoding="utf-8") if intro_path.exists() else "# 绩效自评报告公开"
    write(
        "index.md",
        "home.md.j2",
        intro=Markup(intro),
        latest=[
            {"unit_id": u.model.id, "year": r.year, "name": u.model.name, "score": score_text(r.score)}
            for u, r in latest
        ],
        years=[{"year": y, "count": n} for y, n in sorted(years.items(), reverse=True)],
        levels=[{"key": lv["key"], "name": lv["name"], "count": lv["count"]} for lv in levels],
        regions=sorted(region_groups.values(), key=lambda g: g["code"]),
    )
    write(f"{SEARCH_PAGE}index.md", "search.md.j2")
    write(
        "data/index.md",
        "data.md.j2",
        tables=TABLES,
        types={"string": "文字", "number": "数字", "integer": "整数", "date": "日期"},
    )
    write_shell_sources(docs_dir)
    return written


def run_mkdocs(config_file: Path, docs_dir: Path, site_dir: Path, site_url: str | None = None) -> None:
    """Render ``docs_dir`` to ``site_dir`` with mkdocs-material, using the repository's mkdocs.yml (its address
    ``site_url`` when given: :func:`site_builder.identity.read_identity`, which ``SITE_URL`` overrides)."""
    overrides = {"site_url": site_url} if site_url else {}
    try:
        config = load_config(str(config_file), docs_dir=str(docs_dir), site_dir=str(site_dir), **overrides)
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:  # mkdocs aborts on a configuration it cannot use
        detail = str(exc).strip() or "配置无法使用"
        raise ThemeFailed(f"mkdocs 无法生成网站外壳页面（请检查 mkdocs.yml 和 theme/）：{detail}") from None


def markdown_extensions(config_file: Path) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """mkdocs.yml's Markdown extensions, so that narratives convert exactly as the hand-written pages do."""
    import yaml

    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) if config_file.is_file() else {}
    names: list[str] = []
    options: dict[str, dict[str, Any]] = {}
    for item in (config or {}).get("markdown_extensions") or []:
        name, opts = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if opts:
            options[name] = dict(opts)
    return names, options
