"""Step 6, verify: the built site is complete, self-contained and carries no personal data.

Checks every HTML page (parsed, not grepped): each internal link and resource resolves
to a file of the site; no page loads anything from another host; every unit, report and
project page exists; the search index exists.  Then scans every byte of the output for
phone numbers and for the personal values of the sources (see :mod:`site_builder.leakscan`).
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .leakscan import scan_site
from .public import PublicSite

_RESOURCE_ATTRS = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
                   ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}


@dataclass(frozen=True)
class Problem:
    path: str
    text: str

    def format(self) -> str:
        return f"{self.path}: {self.text}"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attr, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if (tag, name) in _RESOURCE_ATTRS or (tag == "a" and name == "href"):
                self.links.append((tag, name, value))


def _target(site: Path, page: Path, url: str) -> Path | None:
    """The file an internal URL points to, or None for anchors, mailto and the like."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def check_pages(site_dir: Path) -> list[Problem]:
    problems: list[Problem] = []
    root = site_dir.resolve()
    for page in sorted(root.rglob("*.html")):
        rel = page.relative_to(root).as_posix()
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for tag, attr, url in parser.links:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") or url.startswith("//"):
                if (tag, attr) in _RESOURCE_ATTRS and not (tag == "link" and "canonical" in url):
                    problems.append(Problem(rel, f"从其他网站加载资源：<{tag} {attr}=\"{url}\">"))
                continue
            if parts.scheme in ("mailto", "javascript", "data", "tel"):
                if parts.scheme in ("javascript", "tel"):
                    problems.append(Problem(rel, f"不允许的链接：{parts.scheme}:"))
                continue
            target = _target(root, page, url)
            if target is None:
                continue
            try:
                target.relative_to(root)
            except ValueError:
                problems.append(Problem(rel, f"链接指向网站以外：{url}"))
                continue
            if not target.exists():
                problems.append(Problem(rel, f"链接目标不存在：{url}"))
    return problems


def expected_pages(site: PublicSite) -> list[str]:
    pages = ["index.html", "units/index.html", "search/index.html", "pagefind/pagefind.js"]
    for unit in site.units:
        pages.append(f"units/{unit.model.id}/index.html")
        for report in unit.reports:
            pages.append(f"units/{unit.model.id}/{report.year}/index.html")
            pages += [f"units/{unit.model.id}/{report.year}/projects/{p.model.slug}/index.html" for p in report.projects]
    return pages


def verify(site_dir: Path, site: PublicSite) -> list[Problem]:
    """Every problem of the built site; an empty list means it may be published."""
    problems = [Problem(p, "缺少页面") for p in expected_pages(site) if not (site_dir / p).is_file()]
    problems += check_pages(site_dir)
    for leak in scan_site(site_dir, site.secrets):
        problems.append(Problem(leak.path, f"发现个人信息（{leak.kind}）：{leak.masked}，上下文：{leak.context}"))
    return problems
