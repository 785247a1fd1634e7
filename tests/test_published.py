"""The site's identity (issue 25): a site built with an address is found where readers look.

One real build (pagefind included) of the five real reports with an address under a sub-path and the footer's
registration numbers configured in mkdocs.yml: its sitemap, canonical links, descriptions, feeds (parsed by
feedparser, a real feed parser), structured data and footer.  And a build without an address, as a local one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest
from derive import repo_copy
from test_corrections import REPORT, git

from site_builder.build import BuildFailed, build
from site_builder.identity import Identity, IdentityError, read_identity, require_address
from site_builder.pages.sitemap import MAX_URLS, write_sitemap
from site_builder.sitefiles import site_files

ADDRESS = "https://czj.example.gov.cn/jxpj/"
REGISTRATION = {
    "publisher": "岳阳市财政局",
    "website_code": "4306000001",
    "icp": "湘ICP备12345678号-1",
    "police": "湘公网安备43060202000123号",
}
SM = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def configure(repo: Path, address: str | None = ADDRESS, **values: str) -> None:
    """Set the address and the footer's values in the copy's mkdocs.yml, as a deployment edits it."""
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if address:
        text = text.replace("# site_url: https://czj.example.gov.cn/jxpj/", f"site_url: {address}")
    for key, value in values.items():
        text, count = re.subn(rf'^(\s+{key}:) ""', rf'\1 "{value}"', text, count=1, flags=re.M)
        assert count == 1, key
    config.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def addressed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = repo_copy(tmp_path_factory.mktemp("addressed") / "repo")
    configure(repo, **REGISTRATION)
    build(repo, repo / "site", log=lambda line: None)
    return repo / "site"


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str | None]] = []
        self.meta: dict[str, str] = {}
        self.ld: list[str] = []
        self._ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link":
            self.links.append(values)
        elif tag == "meta" and values.get("name"):
            self.meta[str(values["name"])] = values.get("content") or ""
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._ld = True
            self.ld.append("")

    def handle_data(self, data: str) -> None:
        if self._ld:
            self.ld[-1] += data

    def handle_endtag(self, tag: str) -> None:
        self._ld = False


def head(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[str]:
    return [p for p in site_files(site) if p.endswith(".html")]


def address_of(path: str) -> str:
    return ADDRESS + (path[: -len("index.html")] if path.endswith("index.html") else path)


def test_sitemap_lists_every_page_with_a_valid_lastmod(addressed: Path) -> None:
    root = ET.parse(addressed / "sitemap.xml").getroot()
    assert root.tag == f"{{{SM['s']}}}urlset"
    listed = {
        u.findtext("s:loc", namespaces=SM): u.findtext("s:lastmod", namespaces=SM) for u in root.findall("s:url", SM)
    }
    expected = {address_of(p) for p in pages(addressed) if p not in ("404.html", "search/index.html")}
    assert set(listed) == expected and len(expected) > 20
    for loc, lastmod in listed.items():
        day = dt.date.fromisoformat(lastmod)  # W3C date
        assert dt.date(2015, 1, 1) < day <= dt.date.today(), loc
    # a report's page: its report date (no correction in this copy); its unit: the latest of its reports
    assert listed[ADDRESS + "units/430624-renshe/2021/"] == "2021-03-30"
    assert listed[ADDRESS + "units/430624-renshe/"] == "2021-03-30"
    assert not (addressed / "sitemap.xml.gz").exists()  # mkdocs' own, of its pages only, is gone
    # each unit's folder: the unit's pages (mkdocs-material's script asks for it next to the unit's feed)
    unit = ET.parse(addressed / "units/430611-renshe/sitemap.xml").getroot()
    assert {u.findtext("s:loc", namespaces=SM) for u in unit.findall("s:url", SM)} == {
        address_of(p) for p in pages(addressed) if p.startswith("units/430611-renshe/")
    }
    robots = (addressed / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {ADDRESS}sitemap.xml" in robots and "Disallow: /jxpj/search/" in robots


def test_past_the_limit_the_sitemap_is_an_index(addressed: Path, tmp_path: Path) -> None:
    """The same function with a limit of 7 addresses a file instead of 50 000: an index of full parts."""
    from site_builder.public.model import PublicSite

    site = tmp_path / "site"
    shutil.copytree(addressed, site)
    everything = ET.parse(site / "sitemap.xml").getroot()
    total = len(everything.findall("s:url", SM))
    written = write_sitemap(site, PublicSite(summaries=[], secrets=set()), Identity("站", ADDRESS), max_urls=7)
    index = ET.parse(site / "sitemap.xml").getroot()
    assert index.tag == f"{{{SM['s']}}}sitemapindex"
    parts = [s.findtext("s:loc", namespaces=SM) for s in index.findall("s:sitemap", SM)]
    assert (
        parts == [f"{ADDRESS}sitemap-{n}.xml" for n in range(1, len(parts) + 1)] == [ADDRESS + w for w in written[1:]]
    )
    counts = [len(ET.parse(site / f"sitemap-{n}.xml").getroot().findall("s:url", SM)) for n in range(1, len(parts) + 1)]
    assert sum(counts) == total and max(counts) == 7 and len(parts) == -(-total // 7)
    assert MAX_URLS == 50_000


def test_every_page_has_its_own_canonical_link_and_a_description(addressed: Path) -> None:
    for path in pages(addressed):
        if path == "404.html":
            continue
        found = head(addressed / path)
        canonical = [link["href"] for link in found.links if link.get("rel") == "canonical"]
        assert canonical == [address_of(path)], path  # never the placeholder's …/_shell/
        assert found.meta.get("description", "").strip(), path
    report = head(addressed / "units/430624-renshe/2021/index.html").meta["description"]
    assert "湘阴县人力资源和社会保障局" in report and "2021年度" in report and "97 分" in report and "“优”" in report
    unit = head(addressed / "units/430611-renshe/index.html").meta["description"]
    assert "2023年度" in unit and "君山区" in unit
    assert not any("_shell" in (addressed / p).read_text(encoding="utf-8") for p in pages(addressed))


def _feed(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
    assert parsed.version == "atom10"
    return parsed


def test_feeds_are_valid_atom_with_absolute_links_and_each_unit_page_offers_its_own(addressed: Path) -> None:
    site_feed = _feed(addressed / "feed.xml")
    assert site_feed.feed.id == ADDRESS + "feed.xml" and site_feed.feed.author == "岳阳市财政局"
    assert len(site_feed.entries) == 5
    for uid in ("430624-renshe", "430611-renshe", "430000-renshe", "510422-renshe", "430682-shebao"):
        page = addressed / "units" / uid / "index.html"
        offered = [
            link
            for link in head(page).links
            if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"
        ]
        mine = [link for link in offered if link["href"] == "feed.xml"]
        assert len(mine) == 1 and (page.parent / "feed.xml").is_file()
        assert 'href="feed.xml"' in page.read_text(encoding="utf-8").split("</head>")[1]  # a visible link too
        feed = _feed(page.parent / "feed.xml")
        assert feed.feed.id == f"{ADDRESS}units/{uid}/feed.xml"
        assert {link.rel: link.href for link in feed.feed.links} == {
            "self": f"{ADDRESS}units/{uid}/feed.xml",
            "alternate": f"{ADDRESS}units/{uid}/",
        }
        assert [e.id for e in feed.entries] == [e.link for e in feed.entries]
        assert all(e.link.startswith(f"{ADDRESS}units/{uid}/") for e in feed.entries) and feed.entries
        assert {e.id for e in feed.entries} <= {e.id for e in site_feed.entries}


def test_report_pages_carry_a_dataset_with_their_downloads(addressed: Path) -> None:
    for path in pages(addressed):
        if not re.fullmatch(r"units/[^/]+/\d{4}/index.html", path):
            assert not head(addressed / path).ld, path
            continue
        (text,) = head(addressed / path).ld
        data = json.loads(text)
        assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
        assert data["url"] == address_of(path) and data["publisher"]["name"] == "岳阳市财政局"
        assert len(data["description"]) >= 50 and data["temporalCoverage"] == path.split("/")[2]
        formats = {d["encodingFormat"]: d["contentUrl"] for d in data["distribution"]}
        assert set(formats) == {"text/csv", "application/json"}
        for url in formats.values():
            assert url.startswith(ADDRESS) and (addressed / url[len(ADDRESS) :]).is_file()


def test_the_footer_shows_the_registration_numbers_on_every_page(addressed: Path) -> None:
    for path in pages(addressed):
        footer = (addressed / path).read_text(encoding="utf-8").split('<footer class="md-footer">')[1]
        for value in REGISTRATION.values():
            assert value in footer, path
        assert 'href="https://beian.miit.gov.cn/"' in footer
        assert "beian.mps.gov.cn/#/query/webSearch?code=43060202000123" in footer


def test_json_ld_cannot_be_broken_out_of_by_a_unit_name(hostile_site: Path) -> None:
    from hostile import PLANTED_NAME_SUFFIX

    checked = 0
    for path in pages(hostile_site):
        for text in head(hostile_site / path).ld:
            assert "<" not in text and ">" not in text
            name = json.loads(text)["creator"]["name"]
            checked += PLANTED_NAME_SUFFIX in name
    assert checked >= 1


def test_without_an_address_a_local_build_works_and_says_no_address(tmp_path: Path) -> None:
    repo = repo_copy(tmp_path / "repo")
    build(repo, repo / "site", log=lambda line: None)
    site = repo / "site"
    assert not ET.parse(site / "sitemap.xml").getroot().findall("s:url", SM)  # empty, as mkdocs writes it
    assert "Sitemap:" not in (site / "robots.txt").read_text(encoding="utf-8")
    page = site / "units/430624-renshe/2021/index.html"
    assert not [link for link in head(page).links if link.get("rel") == "canonical"]
    assert 'class="sb-registration"' not in page.read_text(encoding="utf-8")
    feed = _feed(site / "units/430624-renshe/feed.xml")
    assert feed.entries[0].id == "tag:site-builder.invalid,2024:units/430624-renshe/2021/"
    assert feed.entries[0].link == "../../units/430624-renshe/2021/"
    with pytest.raises(IdentityError, match="没有配置网站的公开地址"):
        require_address(read_identity(repo / "mkdocs.yml", environ={}))


def test_the_address_comes_from_site_url_or_from_the_ci_variable(tmp_path: Path) -> None:
    repo = repo_copy(tmp_path / "repo")
    assert read_identity(repo / "mkdocs.yml", environ={"SITE_URL": "https://x.gov.cn/a"}).url == "https://x.gov.cn/a/"
    configure(repo, "https://czj.example.gov.cn")
    assert read_identity(repo / "mkdocs.yml", environ={}).url == "https://czj.example.gov.cn/"
    for bad in ("czj.example.gov.cn/jxpj/", "ftp://x.cn/", "https://x.cn/?a=1"):
        with pytest.raises(IdentityError, match="不是完整的网址"):
            read_identity(repo / "mkdocs.yml", environ={"SITE_URL": bad})


def test_a_bad_address_stops_the_build_and_leaves_the_previous_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = repo_copy(tmp_path / "repo")
    (repo / "site").mkdir()
    (repo / "site" / "index.html").write_text("old", encoding="utf-8")
    monkeypatch.setenv("SITE_URL", "www.example.gov.cn")
    with pytest.raises(BuildFailed) as failed:
        build(repo, repo / "site", log=lambda line: None)
    assert "网站地址" in failed.value.lines[0] and (repo / "site" / "index.html").read_text(encoding="utf-8") == "old"


def test_corrections_are_entries_of_the_unit_feed_and_the_site_feed(tmp_path: Path) -> None:
    repo = repo_copy(tmp_path / "repo")
    configure(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "publish", date="2022-04-01T10:00:00+08:00")
    report = repo / REPORT
    report.write_text(
        report.read_text(encoding="utf-8").replace("project: 46161.7", "project: 46161.6"), encoding="utf-8"
    )
    git(repo, "commit", "-qam", "correct", date="2024-08-01T15:30:00+08:00")
    build(repo, repo / "site", log=lambda line: None)
    page = f"{ADDRESS}units/430624-renshe/2021/"
    for path in ("units/430624-renshe/feed.xml", "feed.xml"):
        feed = _feed(repo / "site" / path)
        first = feed.entries[0]  # newest first: the correction
        assert first.id == page + "#correction-1" and first.link == page + "#sb-corrections"
        assert "第 1 次更正（2024-08-01）" in first.title and "46161.7 → 46161.6" in first.summary
        assert first.updated == "2024-08-01T00:00:00Z"
        assert any(t.term == "correction" for t in first.tags)
        report_entry = next(e for e in feed.entries if e.id == page)
        assert report_entry.title.endswith("（已更正）") and report_entry.published == "2021-03-30T00:00:00Z"
    sitemap = ET.parse(repo / "site" / "sitemap.xml").getroot()
    lastmods = {
        u.findtext("s:loc", namespaces=SM): u.findtext("s:lastmod", namespaces=SM) for u in sitemap.findall("s:url", SM)
    }
    assert lastmods[page] == lastmods[f"{ADDRESS}units/430624-renshe/"] == "2024-08-01"
    data = json.loads(head(repo / "site/units/430624-renshe/2021/index.html").ld[0])
    assert data["dateModified"] == "2024-08-01"
    assert (
        subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "units"], capture_output=True, text=True
        ).stdout
        == ""
    )


def test_a_new_address_reaches_every_page_of_a_cached_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build cache keeps pages by their unit's sources; a new address (here from SITE_URL) must still reach
    every canonical link, feed and dataset: the cached build is byte for byte a full build."""
    repo = repo_copy(tmp_path / "repo")
    cache = tmp_path / "cache"
    monkeypatch.setenv("SITE_URL", "https://old.example.gov.cn/")
    build(repo, tmp_path / "old", log=lambda line: None, cache_dir=cache)
    monkeypatch.setenv("SITE_URL", ADDRESS)
    build(repo, tmp_path / "cached", log=lambda line: None, cache_dir=cache)
    build(repo, tmp_path / "full", log=lambda line: None)
    cached, full = tmp_path / "cached", tmp_path / "full"
    assert site_files(cached) == site_files(full)
    for path in site_files(full):
        assert (cached / path).read_bytes() == (full / path).read_bytes(), path
    assert not any(b"old.example.gov.cn" in (cached / p).read_bytes() for p in site_files(cached))


def test_verification_checks_links_to_the_own_address_as_internal_ones(tmp_path: Path) -> None:
    from site_builder.verify.checks import check_pages

    site = tmp_path / "site"
    (site / "units/a").mkdir(parents=True)
    (site / "units/a/index.html").write_text(
        f'<link rel="canonical" href="{ADDRESS}units/a/"><link rel="alternate" href="{ADDRESS}units/b/feed.xml">'
        '<a href="/jxpj/units/a/">home</a><script src="https://cdn.example.com/x.js"></script>',
        encoding="utf-8",
    )
    problems = [p.text for p in check_pages(site, identity=Identity("站", ADDRESS))]
    assert problems == [
        f"链接目标不存在：{ADDRESS}units/b/feed.xml",
        '从其他网站加载资源：<script src="https://cdn.example.com/x.js">',
    ]


@pytest.mark.browser
def test_an_addressed_site_in_the_browser_shows_the_footer_and_asks_nothing_missing(
    addressed: Path, browser: object
) -> None:
    """Served as it is (relative links), no request fails, none leaves the host (canonical links and feeds are
    not fetched; the theme's script finds a sitemap.xml next to every feed link), and the footer is visible."""
    from sitebuild import serve
    from test_browser import Visit

    with serve(addressed) as url:
        for path in ("", "units/430611-renshe/", "units/430624-renshe/2021/", "years/2021/", "about/"):
            visit = Visit(browser, width=360)
            failed: list[str] = []
            visit.page.on("response", lambda r, failed=failed: failed.append(r.url) if r.status >= 400 else None)
            visit.page.goto(url + path)
            visit.page.wait_for_load_state("networkidle")
            footer = visit.page.locator(".sb-registration")
            assert footer.is_visible(), path
            text = footer.inner_text()
            assert all(value in text for value in REGISTRATION.values()), text
            assert not failed, failed
            visit.close()
