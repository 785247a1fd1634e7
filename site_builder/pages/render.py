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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup
from markupsafe import escape as markupsafe_escape

from site_builder import addresses
from site_builder.cache import tree_hash
from site_builder.forked import JOB, fork_map
from site_builder.identity import Identity, read_identity
from site_builder.pages.compare import (
    YearRow,
)
from site_builder.pages.csp import apply_csp
from site_builder.pages.feed import unit_feed
from site_builder.pages.opendata import write_bulk
from site_builder.pages.reportfiles import write_report_downloads
from site_builder.pages.sanitize import sanitize_fragment, sanitize_site
from site_builder.pages.shell import KINDS, Shell, take_shells
from site_builder.pages.sitemap import unit_sitemap, write_robots, write_sitemap
from site_builder.pages.structured import dataset, json_ld, report_description, score_phrase, unit_description
from site_builder.pages.templating import environment
from site_builder.pages.theme import markdown_extensions, run_mkdocs, write_docs
from site_builder.pages.unitparts import UnitParts, unit_parts
from site_builder.pages.views import report_view, unit_view, year_view
from site_builder.public.model import PublicSite, PublicUnit, summarise

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


def _write_units(indices: list[int]) -> list[tuple[str, list[str]]]:
    """Write the pages and downloads of these units (indices into the job's ``units``): each unit's files."""
    site: PublicSite = JOB["site"]
    shells: dict[str, Shell] = JOB["shells"]
    out: Path = JOB["out"]
    renderer: PageRenderer = JOB["renderer"]
    units: list[str] = JOB["units"]
    written: list[tuple[str, list[str]]] = []
    for index in indices:
        uid = units[index]
        unit = site.unit(uid)
        mine = []
        for page in renderer.unit_pages(unit):
            _write(out / page.path, renderer.html(page, shells[page.kind]))
            mine.append(page.path)
        for rep in unit.reports:  # its report.json and report.csv
            mine += [path.relative_to(out).as_posix() for path in write_report_downloads(unit, rep, out)]
        summary = summarise(unit)  # its feed (its reports and corrections) and the sitemap of its pages
        _write(out / addresses.unit_feed(uid), unit_feed(summary, renderer.identity))
        _write(out / addresses.unit_sitemap(uid), unit_sitemap(summary, renderer.identity))
        mine += [addresses.unit_feed(uid), addresses.unit_sitemap(uid)]
        written.append((uid, mine))
    return written


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_pages(
    site: PublicSite,
    shells: dict[str, Shell],
    out: Path,
    renderer: PageRenderer,
    workers: int = 2,
    units: Sequence[str] | None = None,
) -> dict[str, list[str]]:
    """Write the unit, report and project pages, feed, sitemap and report downloads of ``units`` (default: every
    unit) into ``out``; return each unit's site-relative files.

    Units are dealt round-robin into chunks and the chunks written by ``workers`` forked processes (the public
    model is inherited, not pickled); with one worker, or few units, everything runs in this process.
    """
    todo = [u.model.id for u in site.summaries] if units is None else list(units)
    count = len(todo)
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
        units=todo,
    )
    return dict(item for chunk in results for item in chunk)


def write_year_pages(
    site: PublicSite,
    rows: Mapping[str, Mapping[int, YearRow]],
    shells: dict[str, Shell],
    out: Path,
    renderer: PageRenderer,
) -> list[str]:
    """Write each year's page from every unit's rows (unit id → year → row); units in the site's order."""
    by_year: dict[int, list[YearRow]] = {}
    for unit in site.summaries:
        for year, row in rows[unit.model.id].items():
            by_year.setdefault(year, []).append(row)
    written = []
    for year, members in sorted(by_year.items()):
        page = renderer.year_page(year, members)
        _write(out / page.path, renderer.html(page, shells[page.kind]))
        written.append(page.path)
    return written


def write_downloads(site: PublicSite, parts: Mapping[str, UnitParts], out: Path, identity: Identity) -> None:
    """The site-wide downloads (the bulk tables, the feed), the sitemap and robots.txt, from every unit's parts."""
    write_bulk(
        site,
        out,
        report_json_texts={(uid, year): text for uid, mine in parts.items() for year, text in mine.report_json.items()},
        unit_lines={uid: mine.csv_lines for uid, mine in parts.items()},
        identity=identity,
    )
    write_sitemap(out, site, identity)
    write_robots(out, identity)


# ------------------------------------------------------------------ the theme's pages


def theme_inputs(root: Path, docs: Path, identity: Identity, csp: bool) -> tuple[bytes | str, ...]:
    """Everything :func:`run_theme`'s output is made of besides the build's code: the Markdown written to ``docs``,
    the theme's overrides, the configuration, the policy and the site's identity."""
    config = root / "mkdocs.yml"
    return (
        tree_hash(docs),
        tree_hash(root / "theme"),
        config.read_bytes() if config.is_file() else b"",
        str(csp),
        repr(identity),
    )


def run_theme(root: Path, docs: Path, out: Path, identity: Identity, csp: bool = True) -> None:
    """mkdocs-material renders the hand-written and index pages (``docs``, :func:`~site_builder.pages.theme.write_docs`)
    and a placeholder of each kind of generated page into ``out``; then every page is sanitised and, unless
    ``csp`` is False, given its content security policy."""
    # mkdocs logs every page not in the nav at INFO; reports are reached through index pages by design
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    run_mkdocs(root / "mkdocs.yml", docs, out, identity.url)
    sanitize_site(out)  # hand-written and index pages: nothing in them runs, hides the page or restyles it
    if csp:
        apply_csp(out)  # every page lists the hashes of the theme's inline scripts; the shells carry them on


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
    identity: Identity | None = None,
) -> Rendered:
    """Render the whole site into ``out`` (``docs`` is scratch space for mkdocs' Markdown), every page anew.

    ``csp=False`` is for the live preview only (its reload script is inline).  ``identity``: the site's address,
    name and registration (default: read from ``root/mkdocs.yml`` and ``SITE_URL``).  The build does the same
    steps, keeping what an unchanged unit gives (:mod:`site_builder.build`).
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    identity = identity or read_identity(root / "mkdocs.yml")
    write_docs(site, root / "content", docs)
    run_theme(root, docs, out, identity, csp)
    shells = take_shells(out)
    timings["mkdocs"] = time.perf_counter() - started
    started = time.perf_counter()
    renderer = PageRenderer(markdown_extensions(root / "mkdocs.yml"), identity)
    written = write_pages(site, shells, out, renderer, workers)
    parts = {uid: unit_parts(site.unit(uid)) for uid in written}
    pages = sorted([path for files in written.values() for path in files])
    pages += write_year_pages(site, {uid: p.year_rows for uid, p in parts.items()}, shells, out, renderer)
    timings["pages"] = time.perf_counter() - started
    started = time.perf_counter()
    write_downloads(site, parts, out, identity)
    timings["downloads"] = time.perf_counter() - started
    return Rendered(pages, timings)
