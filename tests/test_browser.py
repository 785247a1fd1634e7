"""The built site in headless Chromium (Debian's, driven by Playwright): search, comparisons, accessibility.

Every page is loaded from a local server; any request to another host fails the test, as does any console error.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from sitebuild import indexed_text, serve

from site_builder.search.page import END, START
from site_builder.search.tools import NpmFile, cache_dir, fetch_npm_file

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
AXE = NpmFile(
    "axe-core",
    "4.11.0",
    "sha512-ilYanEU8vxxBexpJd8cWM4ElSQq4QctCLKih0TSfjIfCQTeyH/6zVrmIJfLPrKTKJRbiG+cfnZbQIjAlJmF1jQ==",
    "package/axe.min.js",
)
TERMS = [
    "养老保险",
    "三公经费",
    "就业补助资金",
    "创业担保贷款",
    "退捕渔民",
    "公务接待费",
    "职业年金",
    "稳岗补贴",
    "君山区",
    "盐边县",
    "临湘市",
]


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


# the session's Chromium, ``browser``, is in tests/conftest.py: one instance shared by every browser test


class Visit:
    """A page under watch: console errors and requests to other hosts are recorded."""

    def __init__(self, browser: object, width: int = 1280) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)

    def _route(self, route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.foreign.append(url)
            route.abort()  # type: ignore[attr-defined]

    def close(self) -> None:
        assert not self.foreign, f"requests to other hosts: {self.foreign}"
        assert not self.errors, f"console errors: {self.errors}"
        self.context.close()


@pytest.fixture
def visit(browser: object) -> Iterator[Visit]:
    v = Visit(browser)
    yield v
    v.close()


def _pages_containing(site: Path, term: str) -> set[str]:
    found = set()
    for page in site.rglob("index.html"):
        if term in indexed_text(page).replace(" ", ""):
            found.add("/" + page.parent.relative_to(site).as_posix() + "/")
    return found


def _search(v: Visit, site_url: str, term: str) -> tuple[list[str], list[str]]:
    """(result paths in order, group title of each) after searching ``term`` on the search page, every page of
    results drawn (“显示更多” until none is left)."""
    v.page.goto(f"{site_url}search/?q={quote(term)}")
    v.page.wait_for_function("() => document.getElementById('sb-status').textContent.match(/找到|没有/)", timeout=30000)
    while v.page.query_selector("button.sb-more:not([disabled])"):
        shown = len(v.page.query_selector_all("#sb-results article.sb-result"))
        v.page.click("button.sb-more")
        v.page.wait_for_function(
            f"() => document.querySelectorAll('#sb-results article.sb-result').length > {shown}"
            " && document.getElementById('sb-results').getAttribute('aria-busy') === 'false'",
            timeout=30000,
        )
    items = v.page.eval_on_selector_all(
        "#sb-results article.sb-result h3 a",
        """els => els.map(a => {
            let h = a.closest('article').previousElementSibling;
            while (h && h.tagName !== 'H2') h = h.previousElementSibling;
            return [new URL(a.href).pathname, h ? h.textContent : ''];
        })""",
    )
    return [p for p, _ in items], [g for _, g in items]


@pytest.mark.parametrize("term", TERMS)
def test_search_finds_every_page_with_the_term_exact_matches_first(
    built_site: Path, site_url: str, visit: Visit, term: str
) -> None:
    expected = _pages_containing(built_site, term)
    assert expected, f"no page contains {term}"
    paths, groups = _search(visit, site_url, term)
    missing = expected - set(paths)
    assert not missing, f"{term}: pages not found {sorted(missing)}"
    exact = [p for p, g in zip(paths, groups, strict=True) if g.startswith("精确匹配")]
    assert set(exact) == expected, f"{term}: exact group {exact} != pages containing the phrase {sorted(expected)}"
    assert paths[: len(exact)] == exact  # exact matches come before partial ones


def test_search_filters_by_year(site_url: str, visit: Visit) -> None:
    visit.page.goto(f"{site_url}search/?q={quote('养老保险')}")
    visit.page.wait_for_function("() => document.getElementById('sb-status').textContent.match(/找到/)", timeout=30000)
    visit.page.select_option("#sb-filter-年度", "2020")
    visit.page.wait_for_function(
        "() => { const links = [...document.querySelectorAll('#sb-results h3 a')];"
        " return links.length > 0 && links.every(a => a.href.includes('510422')); }",
        timeout=30000,
    )
    paths = visit.page.eval_on_selector_all("#sb-results h3 a", "els => els.map(a => new URL(a.href).pathname)")
    assert paths and all(p.startswith("/units/510422-renshe/") for p in paths)


def test_unit_page_comparison_table_in_the_browser(site_url: str, visit: Visit) -> None:
    visit.page.goto(f"{site_url}units/430611-renshe/")
    row = visit.page.locator("table.sb-compare tr", has_text="三公经费合计")
    cells = row.locator("td").all_inner_texts()
    assert cells[1] == "1.13"
    assert cells[2] == "-0.84（-42.64%）"


@pytest.fixture(scope="session")
def axe_source() -> str:
    return fetch_npm_file(AXE, cache_dir() / f"axe-core-{AXE.version}" / "axe.min.js").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "path",
    [
        "",
        "units/",
        "units/430611-renshe/",
        "units/430624-renshe/2021/",
        "units/430624-renshe/2021/projects/shebao-jijin-zhengjiao/",
        "search/?q=%E8%81%8C%E4%B8%9A%E5%B9%B4%E9%87%91",
        "years/2021/",
        "data/",
        "units/430000-renshe/",
    ],
)
def test_pages_pass_axe_without_serious_violations(site_url: str, visit: Visit, axe_source: str, path: str) -> None:
    visit.page.goto(site_url + path)
    visit.page.evaluate(axe_source)  # not add_script_tag: the pages' Content-Security-Policy refuses inline scripts
    violations = visit.page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id + ': ' + v.nodes.length)"
    )
    assert violations == []


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", ["units/430611-renshe/", "units/430624-renshe/2021/", "years/2021/", "data/"])
def test_layout_fits_phones_and_screenshots(
    browser: object, site_url: str, tmp_path: Path, width: int, path: str
) -> None:
    v = Visit(browser, width)
    v.page.goto(site_url + path)
    overflow = v.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page wider than the {width}px screen by {overflow}px"
    out = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    v.page.screenshot(path=str(out / f"{path.strip('/').replace('/', '_')}_{width}.png"), full_page=False)
    v.close()


@pytest.fixture(scope="session")
def many_url(many_site: Path) -> Iterator[str]:
    with serve(many_site) as url:
        yield url


def test_journalist_sorts_the_year_table_opens_a_trend_and_downloads_the_csv(many_url: str, visit: Visit) -> None:
    """Home → 2021 comparison → sort by 三公 → the unit's trend chart → official_costs.csv reproduces the column."""
    import csv
    import io
    from decimal import Decimal

    page = visit.page
    page.goto(many_url)
    page.click(".sb-browse a[href='years/2021/']")
    page.wait_for_url("**/years/2021/")
    table = page.locator("table#year-county")
    header = table.locator("th[data-key='official_costs.total'] button")
    header.click()  # first click: largest first
    assert table.locator("th[data-key='official_costs.total']").get_attribute("aria-sort") == "descending"
    read_column = """rows => rows.map(r => {
            const i = [...r.closest('table').tHead.rows[0].cells].findIndex(c => c.dataset.key === 'official_costs.total');
            return [r.querySelector('th a').getAttribute('href'), r.cells[i].dataset.sortValue];
        })"""
    column = page.eval_on_selector_all("table#year-county tbody tr", read_column)
    values = [Decimal(v) for _, v in column if v]
    assert values == sorted(values, reverse=True) and len(values) >= 8
    assert all(v == "" for _, v in column[len(values) :])  # blanks last
    header.click()
    ascending = [Decimal(v) for _, v in page.eval_on_selector_all("table#year-county tbody tr", read_column) if v]
    assert ascending == sorted(ascending) and ascending == values[::-1]

    # the unit with the largest 三公: open its report, then its trend page
    top_href = column[0][0]
    page.click(f"table#year-county a[href='{top_href}']")
    page.wait_for_url("**/units/" + top_href.split("units/", 1)[1])
    page.click(".sb-breadcrumb a >> nth=1")
    page.wait_for_selector("figure.sb-figure svg.sb-chart")
    assert page.locator("figure.sb-figure svg.sb-chart").count() >= 2
    bars = page.locator("figure.sb-figure svg.sb-chart rect[height]").count()
    assert bars > 0

    # the bulk CSV reproduces what the table showed (the table normalises to 万元; the CSV keeps the printed unit)
    page.goto(many_url + "data/")
    with page.expect_download() as info:
        page.click("a[href='official_costs.csv']")
    raw = Path(info.value.path()).read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    to_wan = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}
    from_csv = {}
    for r in rows:
        if r["year"] == "2021" and r["kind"] in ("决算", "基础数据表决算") and r["total"]:
            from_csv.setdefault(r["unit_id"], Decimal(r["total"]) * to_wan[r["money_unit"]])
    seen = {href.split("/")[-3]: Decimal(v) for href, v in column if v}
    assert seen == {unit: value for unit, value in from_csv.items() if unit in seen}
    assert set(seen) == set(from_csv)


def test_search_merges_both_tiers_and_stays_on_this_host(many_site: Path, many_url: str, visit: Visit) -> None:
    """The index is in two tiers (site_builder/search/index.py): the base commit's pages and the units changed
    since.  One query finds pages of both, loads both bundles, counts filters over the pages a reader can find
    (not the base's stale ones), and asks nothing of another host."""
    import re

    manifest = json.loads((many_site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert [m["shard"] for m in [manifest["primary"], *manifest["merge"]]] == ["base", "recent"]
    assert manifest["hide"]  # the base holds the old version of the rewritten report page
    requests: list[str] = []
    visit.page.on("request", lambda r: requests.append(r.url))
    term = "养老保险"
    expected = _pages_containing(many_site, term)
    paths, _ = _search(visit, many_url, term)
    assert expected and set(paths) >= expected and len(paths) == len(set(paths))
    assert "/units/430624-renshe/2022/" in paths  # a report added since the base commit: in the recent tier
    for bundle in [manifest["primary"], *manifest["merge"]]:
        assert any(f"/pagefind/{bundle['path']}pagefind-entry.json" in r for r in requests), bundle
    # results come before the filter counts: no filter chunk is asked for before the first result's data
    first_fragment = next(i for i, r in enumerate(requests) if "/fragment/" in r)
    assert all("/filter/" not in r for r in requests[:first_fragment])
    assert any("/filter/" in r for r in requests[first_fragment:])
    assert requests and all(
        urlsplit(r).hostname == "127.0.0.1" for r in requests if not r.startswith(("data:", "blob:"))
    )
    counts = visit.page.eval_on_selector_all("#sb-filter-层级 option", "els => els.map(o => o.textContent)")
    total = sum(int(m.group(1)) for c in counts if (m := re.search(r"（(\d+)）", c)))
    searchable = [p for p in many_site.rglob("index.html") if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    assert (
        total == len(searchable) == manifest["primary"]["pages"] + manifest["merge"][0]["pages"] - len(manifest["hide"])
    )


def test_search_shows_each_page_as_it_is_now(many_site: Path, many_url: str, visit: Visit) -> None:
    """A paragraph rewritten since the base commit: the new words find the page, the old ones find nothing,
    although the base tier still holds the old version (hidden by the search page)."""
    from derive import EDITED_UNIT, NEW_TERM, OLD_TERM

    assert _search(visit, many_url, NEW_TERM)[0] == [f"/units/{EDITED_UNIT}/2021/"]
    assert _search(visit, many_url, OLD_TERM)[0] == []
    assert "没有找到" in (visit.page.text_content("#sb-status") or "")


@pytest.fixture(scope="session")
def single_index_site(many_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test site with one pagefind index over every page as it is now instead of two tiers."""
    import shutil

    from site_builder.search.index import index_site

    copy = tmp_path_factory.mktemp("single") / "site"
    shutil.copytree(many_site, copy, ignore=shutil.ignore_patterns("pagefind"))
    assert len(index_site(copy).bundles) == 1
    return copy


def test_tiered_search_finds_what_one_index_finds(
    single_index_site: Path, many_site: Path, many_url: str, visit: Visit
) -> None:
    """pagefind drops query words its index lacks, so the recent tier, which lacks 盐边, would answer 盐边县 with
    every page holding 县; search.js asks only tiers holding every word the site holds, as one index would, and
    hides the base's stale pages.  Opened with a query, the page first draws the base's best result, then both
    tiers': the final results are one index's, exact matches first, each page once."""
    manifest = json.loads((many_site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert len(manifest["merge"]) == 1
    with serve(single_index_site) as single_url:
        for term in [
            "盐边县",
            "君山区",
            "临湘市",
            "养老保险",
            "火星县",
            "湘阴县人社局",
            "职业年金",
            "18417.37",
            "鲲鹏计划",
        ]:
            tiered, groups = _search(visit, many_url, term)
            single = _search(visit, single_url, term)[0]
            assert sorted(tiered) == sorted(single), term
            assert len(tiered) == len(set(tiered)), term
            exact = {p for p in _pages_containing(many_site, term)}
            shown = [p for p, g in zip(tiered, groups, strict=True) if g.startswith("精确匹配")]
            assert set(shown) == exact & set(tiered) and tiered[: len(shown)] == shown, term


def test_the_search_page_starts_from_its_head_or_else_fetches_the_bundle_list(
    many_site: Path, tmp_path: Path, visit: Visit
) -> None:
    """The index step writes the list of bundles into the search page with a preload of their first files
    (site_builder/search/page.py): the page does not ask for shards.json.  A page without that head (a theme
    override that dropped the markers) fetches the list itself and finds the same pages."""
    requests: list[str] = []
    visit.page.on("request", lambda r: requests.append(urlsplit(r.url).path))
    with serve(many_site) as url:
        headed, _ = _search(visit, url, "养老保险")
    assert headed and requests.count("/search/") == 1  # the list is checked (shards.json), the page not reloaded
    assert "/pagefind/pagefind.js" in requests and "/pagefind/recent/" in {p[:17] for p in requests}
    bare = tmp_path / "site"
    shutil.copytree(many_site, bare, copy_function=os.link)
    page = bare / "search" / "index.html"
    text = page.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    assert "sb-bundles" in text[start:end]
    page.unlink()  # a hard link to the test site's page
    page.write_text(text[:start] + text[end:], encoding="utf-8")
    requests.clear()
    with serve(bare) as url:
        fetched, _ = _search(visit, url, "养老保险")
    assert fetched == headed and [p for p in requests if p.endswith("/pagefind/shards.json")]


def test_a_search_page_older_than_the_site_is_loaded_again_once(many_site: Path, tmp_path: Path, visit: Visit) -> None:
    """A browser may show a search page kept from before the site was last published (GitHub Pages lets it keep
    one ten minutes): its list of bundles is no longer the site's.  search.js compares it with the site's
    current list and loads the page again — once: a page that is still different (here, served so) is kept,
    and the search works (pagefind's entry is fetched by name, the tag only keeps caches apart)."""
    site = tmp_path / "site"
    shutil.copytree(many_site, site, copy_function=os.link)
    page = site / "search" / "index.html"
    text = page.read_text(encoding="utf-8")
    tag = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["primary"]["tag"]
    start, end = text.index(START), text.index(END)
    field = f"&quot;tag&quot;:&quot;{tag}&quot;"
    assert text[start:end].count(field) == 1
    older = text[start:end].replace(field, field.replace(tag, "0" * len(tag)))
    page.unlink()  # a hard link to the test site's page
    page.write_text(text[:start] + older + text[end:], encoding="utf-8")
    loads: list[str] = []
    visit.page.on("request", lambda r: loads.append(r.url) if urlsplit(r.url).path == "/search/" else None)
    with serve(site) as url:
        visit.page.goto(f"{url}search/?q={quote('养老保险')}")
        visit.page.wait_for_function(
            "() => sessionStorage.getItem('sb-reloaded-for') !== null"
            " && document.getElementById('sb-status').textContent.match(/找到/)",
            timeout=30000,
        )
        visit.page.wait_for_timeout(500)  # no third load
        found = visit.page.eval_on_selector_all("#sb-results article.sb-result", "els => els.length")
    assert len(loads) == 2 and found > 0


@pytest.mark.parametrize("which", ["built_site", "many_site"])
def test_search_works_under_a_sub_path(
    which: str, request: pytest.FixtureRequest, tmp_path: Path, visit: Visit
) -> None:
    """A GitHub Pages project site: the whole site under /proj/; every bundle and every result stays under it
    (the real site as built, one bundle, and the test site in two tiers)."""
    site: Path = request.getfixturevalue(which)
    (tmp_path / "proj").symlink_to(site, target_is_directory=True)
    requests: list[str] = []
    visit.page.on("request", lambda r: requests.append(urlsplit(r.url).path))
    merged = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["merge"]
    with serve(tmp_path) as url:
        paths, _ = _search(visit, url + "proj/", "养老保险")
    expected = {"/proj" + p for p in _pages_containing(site, "养老保险")}
    assert set(paths) >= expected
    assert all(p.startswith("/proj/") for p in paths)
    assert any(p.startswith("/proj/pagefind/fragment/") for p in requests)
    for m in merged:
        assert any(p.startswith(f"/proj/pagefind/{m['path']}") for p in requests), m
    assert all(p.startswith("/proj/") for p in requests), [p for p in requests if not p.startswith("/proj/")]


def test_search_fetches_results_a_page_at_a_time(many_site: Path, many_url: str, visit: Visit) -> None:
    """A common word matches thousands of pages of a province's site: only a page of results is fetched, the
    rest on demand, and together they are every page holding the word."""
    term = "养老保险"
    expected = _pages_containing(many_site, term)
    assert len(expected) > 4
    fragments: list[str] = []
    visit.page.on("request", lambda r: fragments.append(r.url) if "/fragment/" in r.url else None)
    visit.page.goto(f"{many_url}search/")
    visit.page.evaluate("document.getElementById('sb-search').setAttribute('data-page-size', '3')")
    visit.page.fill("#sb-q", term)
    visit.page.click("#sb-search form button[type=submit]")
    visit.page.wait_for_function("() => document.getElementById('sb-status').textContent.match(/找到/)", timeout=30000)
    assert len(visit.page.query_selector_all("#sb-results article.sb-result")) == 3
    assert len(fragments) == 3
    status = visit.page.text_content("#sb-status") or ""
    found = int(status.split("找到 ")[1].split(" ")[0])
    assert found >= len(expected)
    while visit.page.query_selector("button.sb-more:not([disabled])"):
        shown = len(visit.page.query_selector_all("#sb-results article.sb-result"))
        assert visit.page.text_content("button.sb-more") == f"显示更多（还有 {found - shown} 个）"
        visit.page.click("button.sb-more")
        visit.page.wait_for_function(
            f"() => document.querySelectorAll('#sb-results article.sb-result').length > {shown}"
            " && document.getElementById('sb-results').getAttribute('aria-busy') === 'false'"
        )
    paths = visit.page.eval_on_selector_all("#sb-results h3 a", "els => els.map(a => new URL(a.href).pathname)")
    assert len(paths) == found == len(set(paths)) and set(paths) >= expected
    assert len(set(fragments)) == found
