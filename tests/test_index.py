"""The search index in two tiers (site_builder/search/index.py): which page goes where, completeness, the pages
hidden as stale, determinism, the cache."""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.build import _index
from site_builder.cache import BuildCache
from site_builder.search import index as index_module
from site_builder.search.index import BUNDLE, HIDDEN_FILE, SHARDS_FILE, Tier, index_site, search_tiers
from site_builder.search.page import complete_search_page

UNITS = ["430000-renshe", "430611-renshe", "430624-renshe", "430682-shebao", "510422-renshe"]
EDITED = "units/510422-renshe/2020/index.html"  # changed since the base commit, in these tests
GONE = "units/430682-shebao/2022/index.html"  # held by the base commit, no longer by the site
CHANGED = {"510422-renshe", "430682-shebao", "430611-renshe"}  # 430611: changed in git, its pages the same


def _tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def _copy(site: Path, dest: Path) -> Path:
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns(BUNDLE))
    return dest


def _edit(page: Path, words: str) -> None:
    """A visible change to a report page's searchable text."""
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("<div data-pagefind-body>", f"<div data-pagefind-body><p>{words}</p>", 1), "utf-8")


@pytest.fixture(scope="module")
def tiered(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real site (as "now") and its changed units' pages as they were at a base commit (as "then"): one
    report page said something else, one report page the site has since lost, and the rest the same."""
    work = tmp_path_factory.mktemp("tiered")
    site = _copy(built_site, work / "site")
    stale = work / "stale"
    for unit in sorted(CHANGED):
        shutil.copytree(built_site / "units" / unit, stale / "units" / unit)
    _edit(stale / EDITED, "旧版说明鸿雁计划")
    (site / GONE).unlink()
    assert (stale / GONE).is_file()
    return site, stale


def test_a_site_without_a_base_is_one_tier(built_site: Path) -> None:
    manifest = json.loads((built_site / BUNDLE / SHARDS_FILE).read_text(encoding="utf-8"))
    # only unit, report and project pages are searchable; with no base commit (no history) they are one tier
    assert manifest["primary"]["shard"] == "base" and manifest["primary"]["path"] == ""
    assert manifest["merge"] == [] and manifest["hide"] == []
    assert manifest["primary"]["pages"] == 14
    tiers = search_tiers(built_site)
    assert [t.name for t in tiers] == ["base"] and set(tiers[0].pages) == set(index_module.searchable_pages(built_site))


def test_changed_pages_go_to_the_recent_tier_and_stay_in_the_base_as_they_were(tiered: tuple[Path, Path]) -> None:
    site, stale = tiered
    now, then = index_module.searchable_pages(site), index_module.searchable_pages(stale)
    base, recent = search_tiers(site, CHANGED, stale)
    assert (base.name, recent.name) == ("base", "recent")
    assert set(recent.pages) == {EDITED} and recent.pages[EDITED] == (site / EDITED, now[EDITED])
    assert base.pages[EDITED] == (stale / EDITED, then[EDITED]) and base.stale == (EDITED,)
    assert GONE not in base.pages and GONE not in recent.pages  # a page the site lost leaves the base
    assert set(base.pages) == set(now)  # every page of the site once in the base, the edited one as it was
    for page, (path, digest) in base.pages.items():
        if page != EDITED:
            assert path == site / page and digest == now[page]  # unchanged: the site's own file
    # a unit not listed as changed is taken as it is, whatever the stale folder holds
    (only,) = search_tiers(site, set(), stale)
    assert set(only.pages) == set(now) and only.stale == ()


def test_the_recent_tier_carries_only_search_data_and_the_manifest_what_to_fetch_and_hide(
    tiered: tuple[Path, Path], tmp_path: Path
) -> None:
    site, stale = tiered
    target = _copy(site, tmp_path / "site")
    result = index_site(target, search_tiers(target, CHANGED, stale))
    manifest = json.loads((target / BUNDLE / SHARDS_FILE).read_text(encoding="utf-8"))
    assert manifest["primary"]["shard"] == "base" and manifest["primary"]["path"] == ""
    assert [m["path"] for m in manifest["merge"]] == ["recent/"]
    files = {p.name for p in (target / BUNDLE / "recent").iterdir()}
    assert "pagefind-entry.json" in files and {"index", "fragment", "filter"} <= files
    assert not files & {"pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind"}  # only the primary's load
    for bundle in [manifest["primary"], *manifest["merge"]]:
        first, *rest = bundle["preload"]
        assert first == f"pagefind-entry.json?ts={bundle['tag']}"
        assert all((target / BUNDLE / bundle["path"] / name).is_file() for name in rest) and rest
    assert "wasm.unknown.pagefind" in manifest["primary"]["preload"]
    # the stale page: the base's fragment of the old text, hidden, with its filters for the counts
    (hidden,) = manifest["hide"]
    fragment = gzip.decompress((target / BUNDLE / "fragment" / f"{hidden}.pf_fragment").read_bytes())
    page = json.loads(fragment[len(b"pagefind_dcd") :])
    assert page["url"] == "/units/510422-renshe/2020/" and "鸿雁计划" in page["content"].replace("\u200b", "")
    assert json.loads((target / BUNDLE / HIDDEN_FILE).read_text(encoding="utf-8")) == [page["filters"]]
    assert result.pages == 13 and [(b.name, b.pages, b.hidden) for b in result.bundles] == [
        ("base", 13, 1),
        ("recent", 1, 0),
    ]


def _search_head(site: Path) -> tuple[dict[str, object], list[tuple[str, str]], str]:
    """The search page's bundle list (its ``<meta name="sb-bundles">``), its ``<link>`` tags before the first
    stylesheet as (rel, href), and the page."""
    page = (site / "search" / "index.html").read_text(encoding="utf-8")
    top = page[: page.index('rel="stylesheet"')]
    meta = re.search(r'<meta name="sb-bundles" content="([^"]*)">', top)
    assert meta is not None
    links = re.findall(r'<link rel="(modulepreload|preload)" href="([^"]*)"', top)
    return json.loads(html.unescape(meta.group(1))), links, page


def test_the_search_page_lists_the_bundles_and_preloads_their_first_files_before_the_theme(
    tiered: tuple[Path, Path], tmp_path: Path
) -> None:
    """The list search.js needs and the files pagefind's worker asks for first are requested while the page's
    head is parsed, before the theme's styles (site_builder/search/page.py)."""
    site, stale = tiered
    target = _copy(site, tmp_path / "site")
    index_site(target, search_tiers(target, CHANGED, stale))
    listed, links, page = _search_head(target)
    assert listed == json.loads((target / BUNDLE / SHARDS_FILE).read_text(encoding="utf-8"))
    expected = [("modulepreload", "../pagefind/pagefind.js")] + [
        ("preload", f"../pagefind/{b['path']}{name}")
        for b in [listed["primary"], *listed["merge"]]
        for name in b["preload"]
    ]
    assert links == expected and len(links) == 6  # pagefind.js; entry, metadata, wasm; the recent tier's two
    for _, href in links:
        assert (target / "search" / href.split("?")[0]).resolve().is_file(), href
    assert page.index("sb-bundles") < page.index("assets/search.js") < page.index('rel="stylesheet"')
    # other pages are not touched
    for other in ["index.html", "units/index.html", EDITED]:
        assert (target / other).read_bytes() == (site / other).read_bytes()


def test_indexing_again_replaces_the_search_page_head(tiered: tuple[Path, Path], tmp_path: Path) -> None:
    """A site indexed again (as one tier here) lists only the new bundles; the file is replaced, so a hard link
    to it (the build's store links pages) keeps its bytes."""
    site, stale = tiered
    target = _copy(site, tmp_path / "site")
    index_site(target, search_tiers(target, CHANGED, stale))
    before = (target / "search" / "index.html").read_bytes()
    linked = tmp_path / "linked.html"
    os.link(target / "search" / "index.html", linked)
    shutil.rmtree(target / BUNDLE)
    index_site(target)
    listed, links, page = _search_head(target)
    assert listed["merge"] == [] and listed == json.loads((target / BUNDLE / SHARDS_FILE).read_text(encoding="utf-8"))
    assert "recent/" not in page and len(links) == 4
    assert page.count("<!--sb-search-head-->") == page.count("<!--/sb-search-head-->") == 1
    assert page.count('name="sb-bundles"') == 1
    assert linked.read_bytes() == before


def test_a_search_page_without_the_markers_is_left_as_it_is(tmp_path: Path) -> None:
    page = tmp_path / "search" / "index.html"
    page.parent.mkdir()
    text = "<html><head><title>搜索</title></head><body></body></html>"
    page.write_text(text, encoding="utf-8")
    manifest: dict[str, object] = {"primary": {"path": "", "preload": []}, "merge": [], "hide": []}
    assert not complete_search_page(tmp_path, manifest, BUNDLE)
    assert page.read_text(encoding="utf-8") == text
    assert not complete_search_page(tmp_path / "elsewhere", manifest, BUNDLE)  # no search page at all


def test_tiers_index_exactly_the_pages_of_a_whole_site_index(tiered: tuple[Path, Path], tmp_path: Path) -> None:
    site, stale = tiered
    whole = index_site(_copy(site, tmp_path / "whole"))
    split = index_site(_copy(site, tmp_path / "split"), search_tiers(site, CHANGED, stale))
    assert whole.pages == split.pages == 13  # the pages a reader can find: the stale one is not counted
    assert len(whole.bundles) == 1 and whole.bundles[0].path == "pagefind/"
    assert sum(b.pages for b in split.bundles) == 14


def test_index_is_deterministic_and_the_cache_reindexes_only_changed_tiers(
    built_site: Path, tiered: tuple[Path, Path], tmp_path: Path
) -> None:
    as_built = _copy(built_site, tmp_path / "as-built")
    assert index_site(as_built).bundles[0].fresh is None  # no folder to hand it back in: not handed back
    assert _tree(as_built / BUNDLE) == _tree(built_site / BUNDLE)  # the same as the build's own, byte for byte

    site, stale = tiered
    store = BuildCache(tmp_path / "cache")  # the build's store, as the build hands it its bundles (build._index)
    first = _copy(site, tmp_path / "a")
    fresh = _index(first, search_tiers(first, CHANGED, stale), store, 1, tmp_path / "work-a")
    assert not any(b.cached for b in fresh.bundles) and all(b.fresh for b in fresh.bundles)

    second = _copy(site, tmp_path / "b")
    reused = _index(second, search_tiers(second, CHANGED, stale), store, 1, tmp_path / "work-b")
    assert all(b.cached and not b.fresh for b in reused.bundles) and reused.pages == fresh.pages
    assert fresh.pagefind_seconds > 0 and reused.pagefind_seconds == 0  # no pagefind run at all
    assert _tree(second / BUNDLE) == _tree(first / BUNDLE)

    third = _copy(site, tmp_path / "c")  # the changed unit changed again: only the recent tier is reindexed
    _edit(third / EDITED, "更正说明")
    changed = _index(third, search_tiers(third, CHANGED, stale), store, 1, tmp_path / "work-c")
    assert [(b.name, b.cached) for b in changed.bundles] == [("base", True), ("recent", False)]
    before, after = _tree(first / BUNDLE), _tree(third / BUNDLE)
    differ = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert SHARDS_FILE in differ and all(k.startswith("recent/") for k in differ - {SHARDS_FILE})
    assert any(k.startswith("recent/fragment/") for k in differ)  # the edited text is in the new index

    rebuilt = _copy(third, tmp_path / "d")
    assert not any(b.cached for b in index_site(rebuilt, search_tiers(rebuilt, CHANGED, stale)).bundles)
    assert _tree(rebuilt / BUNDLE) == after  # an incremental index equals a full one


def test_an_empty_tier_list_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(index_module.IndexFailed, match="没有可供搜索的页面"):
        index_site(tmp_path, [Tier("base", {})])


@given(
    st.lists(
        st.sampled_from(
            [
                "<",
                ">",
                "<div",
                "<p",
                " ",
                "\n",
                "data-pagefind-body",
                "=",
                '"',
                "/",
                "x",
                "<1",
                "data-pagefind-bodyx",
                "<a data-pagefind-body",
            ]
        ),
        max_size=20,
    ).map("".join)
)
@settings(max_examples=500, deadline=None)
def test_marked_is_the_pattern_search(text: str) -> None:
    data = text.encode()
    assert index_module._marked(data) == (index_module._BODY.search(data) is not None)


def test_searchable_pages_are_keyed_by_their_digests(built_site: Path) -> None:
    import hashlib

    pages = index_module.searchable_pages(built_site)
    report = next(built_site.glob("units/*/20*/index.html"))
    assert pages[report.relative_to(built_site).as_posix()] == hashlib.sha256(report.read_bytes()).digest()
    assert "index.html" not in pages  # not marked data-pagefind-body: pagefind skips it, so does the key


def test_searchable_pages_read_on_two_processes_are_the_same(built_site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = index_module.searchable_pages(built_site)
    monkeypatch.setattr(index_module, "PARALLEL_MIN_PAGES", 1)
    two = index_module.searchable_pages(built_site, workers=2)
    assert list(two.items()) == list(one.items())  # the same digests, in the same order
