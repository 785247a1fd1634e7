"""``sitemap.xml`` and ``robots.txt``: every page of the site for search engines (Baidu first, in China).

Every HTML page but ``404.html`` and the search page is listed at its public address (:mod:`site_builder.identity`) with its
``lastmod``: a report's and its projects' pages the report's latest correction, else its publication date; a unit
page or a year page the latest of its reports; every other page (home, lists, hand-written pages) the latest of
the whole site.  Past 50 000 addresses (the protocol's limit per file) ``sitemap.xml`` is a sitemap index of
``sitemap-1.xml``, ``sitemap-2.xml``….  Without an address the sitemap lists nothing (it needs absolute addresses)
and ``robots.txt`` names none.  mkdocs' own ``sitemap.xml`` (its pages only) and ``sitemap.xml.gz`` are replaced.

Each unit folder has a ``sitemap.xml`` of the unit's pages too (:func:`unit_sitemap`): mkdocs-material's script
fetches ``sitemap.xml`` next to every ``<link rel="alternate">`` of a page (for its language switcher), and a unit
page links its feed that way; without the file every visit of a unit page would log a failed request.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from xml.sax.saxutils import escape

from site_builder import addresses
from site_builder.identity import Identity
from site_builder.pages.feed import entry_updated
from site_builder.public.model import PublicSite, UnitSummary
from site_builder.sitefiles import site_files

__all__ = ["MAX_URLS", "lastmods", "unit_sitemap", "write_robots", "write_sitemap"]

MAX_URLS = 50_000
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# not pages to find (robots.txt keeps crawlers off the search)
_UNLISTED = {"404.html", addresses.page_file(addresses.SEARCH_PAGE)}


def _unit_lastmods(unit: UnitSummary) -> dict[str, _dt.date]:
    """The last change of the unit's pages (by site-relative address): each report's and its projects' the report's,
    the unit page's the latest of them."""
    uid = unit.model.id
    found: dict[str, _dt.date] = {}
    for rep in unit.reports:
        day = entry_updated(rep).date()
        found[addresses.report_page(uid, rep.year)] = day
        for slug in rep.projects:
            found[addresses.project_page(uid, rep.year, slug)] = day
    if found:
        found[addresses.unit_page(uid)] = max(found.values())
    return found


def lastmods(site: PublicSite) -> dict[str, _dt.date]:
    """The last change of each generated page (by its site-relative address)."""
    found: dict[str, _dt.date] = {}
    for unit in site.summaries:
        found.update(_unit_lastmods(unit))
        for rep in unit.reports:
            day = entry_updated(rep).date()
            year = addresses.year_page(rep.year)
            found[year] = max(found.get(year, day), day)
    return found


def unit_sitemap(unit: UnitSummary, identity: Identity) -> str:
    """``units/<id>/sitemap.xml``: the unit's pages (none without an address)."""
    if identity.url is None:
        return _urlset([])
    return _urlset([(identity.url + address, day) for address, day in sorted(_unit_lastmods(unit).items())])


def _urlset(urls: list[tuple[str, _dt.date | None]]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{_NS}">']
    for loc, day in urls:
        lastmod = f"<lastmod>{day.isoformat()}</lastmod>" if day else ""
        lines.append(f"<url><loc>{escape(loc)}</loc>{lastmod}</url>")
    return "\n".join([*lines, "</urlset>", ""])


def _index(urls: list[tuple[str, _dt.date | None]]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<sitemapindex xmlns="{_NS}">']
    for loc, day in urls:
        lastmod = f"<lastmod>{day.isoformat()}</lastmod>" if day else ""
        lines.append(f"<sitemap><loc>{escape(loc)}</loc>{lastmod}</sitemap>")
    return "\n".join([*lines, "</sitemapindex>", ""])


def write_sitemap(out: Path, site: PublicSite, identity: Identity, max_urls: int = MAX_URLS) -> list[str]:
    """Write the sitemap of every page in ``out``; return the files written (site-relative)."""
    for stale in out.glob("sitemap*.xml*"):
        stale.unlink()
    if identity.url is None:  # an empty one, as mkdocs writes: the theme's script asks for it on every page
        (out / "sitemap.xml").write_text(_urlset([]), encoding="utf-8")
        return ["sitemap.xml"]
    changes = lastmods(site)
    latest = max(changes.values(), default=None)
    pages = [addresses.page_address(p) for p in site_files(out) if p.endswith(".html") and p not in _UNLISTED]
    urls = [(identity.url + address, changes.get(address, latest)) for address in sorted(pages)]
    if len(urls) <= max_urls:
        (out / "sitemap.xml").write_text(_urlset(urls), encoding="utf-8")
        return ["sitemap.xml"]
    parts = [urls[i : i + max_urls] for i in range(0, len(urls), max_urls)]
    written = []
    for number, part in enumerate(parts, start=1):
        name = f"sitemap-{number}.xml"
        (out / name).write_text(_urlset(part), encoding="utf-8")
        written.append(name)
    index = [
        (identity.url + name, max((d for _, d in part if d), default=None))
        for name, part in zip(written, parts, strict=True)
    ]
    (out / "sitemap.xml").write_text(_index(index), encoding="utf-8")
    return ["sitemap.xml", *written]


def write_robots(out: Path, identity: Identity) -> None:
    """``robots.txt``: everything may be crawled but the search results and the search index; the sitemap named.

    Crawlers read ``robots.txt`` only at the host's root: under a sub-path, the host's own ``robots.txt`` should
    carry the ``Sitemap:`` line (or submit the sitemap in Baidu's and others' webmaster tools).
    """
    lines = [
        "User-agent: *",
        f"Disallow: {identity.subpath}{addresses.SEARCH_PAGE}",
        f"Disallow: {identity.subpath}pagefind/",
    ]
    if identity.url:
        lines.append(f"Sitemap: {identity.url}sitemap.xml")
    (out / "robots.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
