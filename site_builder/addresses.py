"""Where each page and file of the site lives: the permalinks are a public contract (journalists' links, clerks'
habits), so they are spelt here once, for the pages, the feeds, the sitemap, the downloads, the search's tiers and
the verification alike.  Addresses are site-relative, without a leading slash; a page's address ends in ``/``
and its file is ``index.html`` there."""

from __future__ import annotations

SEARCH_PAGE = "search/"  # the search page: search.js over pagefind's index (robots.txt and the sitemap leave it out)


def unit_page(unit_id: str) -> str:
    return f"units/{unit_id}/"


def report_page(unit_id: str, year: int) -> str:
    return f"units/{unit_id}/{year}/"


def project_page(unit_id: str, year: int, slug: str) -> str:
    return f"units/{unit_id}/{year}/projects/{slug}/"


def year_page(year: int) -> str:
    return f"years/{year}/"


def unit_feed(unit_id: str) -> str:
    return f"{unit_page(unit_id)}feed.xml"


def unit_sitemap(unit_id: str) -> str:
    return f"{unit_page(unit_id)}sitemap.xml"


def page_file(address: str) -> str:
    """The file of the page at ``address``: ``units/x/`` → ``units/x/index.html``."""
    return f"{address}index.html"


def page_address(path: str) -> str:
    """A page file's address: ``units/x/index.html`` → ``units/x/``; ``index.html`` → ``""``."""
    if path == "index.html":
        return ""
    return path[: -len("index.html")] if path.endswith("/index.html") else path
