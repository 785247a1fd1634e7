"""Step 4, render: the public model → HTML pages, open-data downloads and the feed.

Two paths, one look:

* The hand-written pages (``content/``) and the few index pages (home, all units, search, data) are Markdown
  rendered by mkdocs-material (:mod:`site_builder.pages.theme`).
* Every unit, report, project and year page — thousands at a province's scale — is rendered straight from
  the data through the HTML templates in ``templates/*.html.j2`` into the theme's page, cut once per build
  from a placeholder mkdocs rendered (:mod:`site_builder.pages.shell`).  Only a narrative is Markdown; it is
  converted with the same extensions as mkdocs.yml's and sanitised (:mod:`site_builder.pages.sanitize`).  These
  pages are written by two processes, one per core (:func:`write_pages`); what each shows is its view
  (:mod:`site_builder.pages.views`, the tables in :mod:`site_builder.pages.tables`).

This module writes pages; it formats and computes nothing (see :mod:`site_builder.pages.compare`).
"""

from __future__ import annotations

import html
import logging
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup
from markupsafe import escape as markupsafe_escape

from site_builder import addresses
from site_builder.cache import BuildCache, tree_hash
from site_builder.forked import JOB, fork_map
from site_builder.identity import Identity, read_identity
from site_builder.pages.compare import (
    YearRow,
)
from site_builder.pages.csp import apply_csp
from site_builder.pages.feed import unit_feed
from site_builder.pages.opendata import unit_csv, write_bulk
from site_builder.pages.reportfiles import write_report_downloads
from site_builder.pages.sanitize import sanitize_fragment, sanitize_site
from site_builder.pages.shell import KINDS, Shell, take_shells
from site_builder.pages.sitemap import unit_sitemap, write_robots, write_sitemap
from site_builder.pages.structured import dataset, json_ld, report_description, score_phrase, unit_description
from site_builder.pages.templating import environment
from site_builder.pages.theme import markdown_extensions, run_mkdocs, write_docs
from site_builder.pages.views import report_view, unit_view, unit_year_rows, year_view
from site_builder.public.model import PublicSite, PublicUnit, summarise
from site_builder.sitefiles import site_files

# ------------------------------------------------------------------ the pages rendered straight from the data


@dataclass(frozen=True)
class Page:
    """One generated page: its file in the site, the kind of shell around it, and what fills the shell."""

    path: str  # site-relative, e.g. units/430624-renshe/2021/index.html
    kind: str  # a key of shell.KINDS
    title: str
    description: str
    content: str  # HTML
    head: str = ""  # markup for the page's <head>, made by the build (a unit's feed link, a report's JSON-LD)


_HEADING = re.compile(r'<h([2-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def toc_entries(content: str) -> list[dict[str, Any]]:
    """The table of contents of a page's HTML: its h2–h6 with ids, nested by level, as the theme shows them."""
    root: dict[str, Any] = {"level": 1, "children": []}
    stack = [root]
    for match in _HEADING.finditer(content):
        level = int(match[1])
        entry = {
            "level": level,
            "id": html.unescape(match[2]),
            "title": html.unescape(_TAGS.sub("", match[3])).strip(),
            "children": [],
        }
        while stack[-1]["level"] >= level:
            stack.pop()
        stack[-1]["children"].append(entry)
        stack.append(entry)
    return root["children"]


class PageRenderer:
    """Generated pages of the public model, each as :class:`Page`; one per process (templates, Markdown)."""

    def __init__(
        self, extensions: tuple[list[str], dict[str, dict[str, Any]]], identity: Identity | None = None
    ) -> None:
        import markdown

        self.identity = identity or Identity(name="绩效自评报告公开", url=None)
        self.env = environment()
        # compiled now, once: a renderer made before the workers fork hands them the compiled templates
        for name in self.env.list_templates(extensions=["j2"]):
            self.env.get_template(name)
        self.markdown = markdown.Markdown(extensions=extensions[0], extension_configs=extensions[1])
        self.toc = self.env.get_template("_toc.html.j2")

    def narrative(self, text: str | None, where: str) -> Markup | None:
        """A narrative's Markdown as sanitised HTML (nothing in it can run, restyle or hide the page)."""
        if text is None:
            return None
        self.markdown.reset()
        # raw HTML in a narrative is shown as text, never parsed: it reaches Markdown escaped
        converted = self.markdown.convert(str(markupsafe_escape(text)))
        cleaned, _ = sanitize_fragment(f'<div class="sb-narrative">\n{converted}\n</div>', where)
        return Markup(cleaned)

    def _render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def unit_pages(self, unit: PublicUnit) -> Iterator[Page]:
        """The unit page, its reports' pages and their projects' pages."""
        uid, name = unit.model.id, unit.model.name
        feed_title = html.escape(f"{name}：绩效自评报告的发布和更正", quote=True)
        yield Page(
            addresses.page_file(addresses.unit_page(uid)),
            "unit",
            f"{name}：历年绩效自评报告与数据对比",
            unit_description(unit),
            self._render("unit.html.j2", u=unit_view(unit)),
            f'<link rel="alternate" type="application/atom+xml" title="{feed_title}" href="feed.xml">',
        )
        summaries = dict(zip((r.year for r in unit.reports), summarise(unit).reports, strict=True))
        for rep in unit.reports:
            view = report_view(unit, rep)
            base = addresses.report_page(uid, rep.year)
            yield Page(
                base + "index.html",
                "report",
                f"{name} {rep.year}年度绩效自评报告",
                report_description(unit, rep),
                self._render("report.html.j2", p=view, r=rep.model, narrative=self.narrative(view.narrative, base)),
                json_ld(dataset(unit, rep, summaries[rep.year], self.identity)),
            )
            for pv in view.projects:
                where = f"{base}projects/{pv.slug}/"
                score = score_phrase(pv.model.score)
                yield Page(
                    where + "index.html",
                    "project",
                    f"{pv.model.name}（{name} {rep.year}年度项目支出绩效自评）",
                    f"{name}{rep.year}年度项目支出绩效自评报告：{pv.model.name}" + (f"，{score}" if score else ""),
                    self._render("project.html.j2", p=view, pr=pv, narrative=self.narrative(pv.narrative, where)),
                )

    def year_page(self, year: int, rows: list[YearRow]) -> Page:
        """The page of one year: every unit of that year side by side (``rows``: :func:`unit_year_rows`)."""
        return Page(
            addresses.page_file(addresses.year_page(year)),
            "year",
            f"{year}年度各单位对比",
            f"{year}年度发布绩效自评报告的 {len(rows)} 个单位：收支、三公经费、人员、自评得分和等次的对比",
            self._render("year.html.j2", y=year_view(year, rows)),
        )

    def html(self, page: Page, shell: Shell) -> str:
        """The page's whole HTML: the shell of its kind filled with its parts."""
        toc = self.toc.render(toc=toc_entries(page.content)) if KINDS[page.kind].toc else ""
        canonical = self.identity.absolute(addresses.page_address(page.path)) or ""
        return shell.fill(page.title, page.description, toc, page.content, canonical, page.head)


PARALLEL_MIN_UNITS = 32  # below this, starting processes costs more than it saves


def _write_units(indices: list[int]) -> tuple[list[str], set[str]]:
    """Write the pages of these units (``site.summaries`` indices); reuse a unit's cached pages when its key matches
    (its public model is then not even read)."""
    site: PublicSite = JOB["site"]
    shells: dict[str, Shell] = JOB["shells"]
    out: Path = JOB["out"]
    cache: BuildCache = JOB["cache"]
    keys: dict[str, str] = JOB["keys"]
    renderer: PageRenderer = JOB["renderer"]
    written: list[str] = []
    for index in indices:
        uid = site.summaries[index].model.id
        key = keys.get(uid)
        if key is not None and cache.has_files(key):
            written += cache.copy_files_out(key, out)
            continue
        unit = site.unit(uid)
        mine = []
        for page in renderer.unit_pages(unit):
            _write(out / page.path, renderer.html(page, shells[page.kind]))
            mine.append(page.path)
        for rep in unit.reports:  # its report.json and report.csv, cached with the pages
            mine += [path.relative_to(out).as_posix() for path in write_report_downloads(unit, rep, out)]
        summary = summarise(unit)  # its feed (its reports and corrections) and the sitemap of its pages
        _write(out / addresses.unit_feed(uid), unit_feed(summary, renderer.identity))
        _write(out / addresses.unit_sitemap(uid), unit_sitemap(summary, renderer.identity))
        mine += [addresses.unit_feed(uid), addresses.unit_sitemap(uid)]
        if key is not None:
            cache.store_files(key, out, mine)
        written += mine
    return written, cache.used


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_pages(
    site: PublicSite,
    shells: dict[str, Shell],
    out: Path,
    extensions: tuple[list[str], dict[str, dict[str, Any]]],
    workers: int = 2,
    cache: BuildCache | None = None,
    unit_keys: Mapping[str, str] | None = None,
    identity: Identity | None = None,
) -> list[str]:
    """Write every unit, report, project and year page, and each report's downloads, into ``out``; return their
    site-relative paths.

    Units are dealt round-robin into chunks and the chunks written by ``workers`` forked processes (the public
    model is inherited, not pickled); with one worker, or few units, everything runs in this process.
    ``unit_keys`` (unit id → key of its public model, :mod:`site_builder.cache`) lets unchanged units' pages
    be copied from the cache instead of rendered.
    """
    cache = cache or BuildCache(None)
    renderer = PageRenderer(extensions, identity)
    # the pages and feeds depend on the site's identity (addresses in canonical links, feeds and structured data)
    shell_hash = cache.key(
        "shells", *(part for shell in shells.values() for part in shell.parts), repr(renderer.identity)
    )
    keys = {uid: cache.key("pages", key, shell_hash) for uid, key in (unit_keys or {}).items()}
    count = len(site.summaries)
    chunks = [list(range(start, count, 16)) for start in range(min(16, count))]
    results = fork_map(
        _write_units,
        chunks,
        workers,
        count >= PARALLEL_MIN_UNITS,
        site=site,
        shells=shells,
        out=out,
        renderer=renderer,
        cache=cache,
        keys=keys,
    )
    for _, used in results:
        cache.used |= used
    written = sorted(path for chunk, _ in results for path in chunk)
    # a year page is its rows (each unit's kept while the unit is unchanged): keyed by them, it is rendered again
    # only when one of them changed
    rows = cache.per_unit("year-rows", _keys_of(site, unit_keys), lambda uid: unit_year_rows(site.unit(uid)))
    by_year: dict[int, list[YearRow]] = {}
    for unit in site.summaries:
        for year, row in rows[unit.model.id].items():
            by_year.setdefault(year, []).append(row)
    for year, members in sorted(by_year.items()):
        key = cache.key("year", str(year), shell_hash, repr(members))
        if cache.has_files(key):
            written += cache.copy_files_out(key, out)
            continue
        page = renderer.year_page(year, members)
        _write(out / page.path, renderer.html(page, shells[page.kind]))
        written.append(page.path)
        cache.store_files(key, out, [page.path])
    return written


def _keys_of(site: PublicSite, unit_keys: Mapping[str, str] | None) -> dict[str, str | None]:
    """Every unit's key for :meth:`BuildCache.per_unit` (None: not known, made anew)."""
    return {u.model.id: (unit_keys or {}).get(u.model.id) for u in site.summaries}


# ------------------------------------------------------------------ the whole step


@dataclass
class Rendered:
    pages: list[str]  # site-relative paths of the generated pages
    timings: dict[str, float] = field(default_factory=dict)


def render_site(
    site: PublicSite,
    root: Path,
    docs: Path,
    out: Path,
    workers: int = 2,
    csp: bool = True,
    cache: BuildCache | None = None,
    unit_keys: Mapping[str, str] | None = None,
    identity: Identity | None = None,
) -> Rendered:
    """Render the whole site into ``out`` (``docs`` is scratch space for mkdocs' Markdown).

    ``csp=False`` is for the live preview only (its reload script is inline).  ``identity``: the site's address,
    name and registration (default: read from ``root/mkdocs.yml`` and ``SITE_URL``).
    """
    timings: dict[str, float] = {}

    def timed(name: str, started: float) -> float:
        now = time.perf_counter()
        timings[name] = now - started
        return now

    started = time.perf_counter()
    config = root / "mkdocs.yml"
    identity = identity or read_identity(config)
    cache = cache or BuildCache(None)
    write_docs(site, root / "content", docs)
    # what mkdocs makes depends on the docs written above, the configuration and the theme: unchanged, reuse it
    key = cache.key(
        "mkdocs",
        tree_hash(docs),
        tree_hash(root / "theme"),
        config.read_bytes() if config.is_file() else b"",
        str(csp),
        repr(identity),
    )
    if cache.has_files(key):
        cache.copy_files_out(key, out)
    else:
        # mkdocs logs every page not in the nav at INFO; reports are reached through index pages by design
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        run_mkdocs(config, docs, out, identity.url)
        sanitize_site(out)  # hand-written and index pages: nothing in them runs, hides the page or restyles it
        if csp:
            apply_csp(out)  # every page lists the hashes of the theme's inline scripts; the shells carry them on
        if cache.folder is not None:
            cache.store_files(key, out, site_files(out))
    shells = take_shells(out)
    started = timed("mkdocs", started)
    pages = write_pages(site, shells, out, markdown_extensions(config), workers, cache, unit_keys, identity)
    started = timed("pages", started)
    # each unit's part of the site-wide downloads, kept while the unit is unchanged; its report.json texts as
    # write_pages left them, so that they are not made twice
    by_id, keys = {u.model.id: u for u in site.summaries}, _keys_of(site, unit_keys)
    texts = cache.per_unit(
        "report-json",
        keys,
        lambda uid: {
            r.year: (out / "units" / uid / str(r.year) / "report.json").read_text(encoding="utf-8")[:-1]
            for r in by_id[uid].reports
        },
    )
    write_bulk(
        site,
        out,
        report_json_texts={(uid, year): text for uid, mine in texts.items() for year, text in mine.items()},
        unit_lines=cache.per_unit("csv-lines", keys, lambda uid: unit_csv(site.unit(uid))),
        identity=identity,
    )
    write_sitemap(out, site, identity)
    write_robots(out, identity)
    timed("downloads", started)
    return Rendered(pages, timings)
