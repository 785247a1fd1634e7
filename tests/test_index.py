"""The search index in shards (site_builder/search/index.py): assignment, completeness, determinism, the cache."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.search import index as index_module
from site_builder.search.index import BUNDLE, SHARDS_FILE, index_site, region_shard, search_shards


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    from derive import repo_copy

    from site_builder.checks.validate import validate
    from site_builder.public.model import public_site
    from site_builder.sources.load import load

    return search_shards(public_site(validate(load(repo_copy(tmp_path_factory.mktemp("seeds"))))))


def _tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def _copy(site: Path, dest: Path) -> Path:
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns(BUNDLE))
    return dest


def test_units_go_to_their_prefecture_everything_else_to_site(shards: dict[str, list[str]]) -> None:
    assert shards == {
        "site": [""],
        "4300": ["units/430000-renshe/"],  # a province-level unit: its province's own shard
        "4306": ["units/430611-renshe/", "units/430624-renshe/", "units/430682-shebao/"],
        "5104": ["units/510422-renshe/"],
    }
    assert region_shard("430624") == "4306" and region_shard("430000") == "4300"


def test_the_build_writes_one_bundle_per_shard_and_a_manifest(built_site: Path) -> None:
    manifest = json.loads((built_site / BUNDLE / SHARDS_FILE).read_text(encoding="utf-8"))
    # only unit, report and project pages are searchable, so "site" has no pages and the first prefecture is primary
    assert manifest["primary"]["shard"] == "4300" and manifest["primary"]["path"] == ""
    assert [m["path"] for m in manifest["merge"]] == ["4306/", "5104/"]
    for m in manifest["merge"]:
        files = {p.name for p in (built_site / BUNDLE / m["path"]).iterdir()}
        assert "pagefind-entry.json" in files and {"index", "fragment", "filter"} <= files
        assert not files & {"pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind"}  # only the primary's load


def test_shards_index_exactly_the_pages_of_a_whole_site_index(
    built_site: Path, tmp_path: Path, shards: dict[str, list[str]]
) -> None:
    whole = index_site(_copy(built_site, tmp_path / "whole"))
    sharded = index_site(_copy(built_site, tmp_path / "sharded"), shards)
    assert sharded.pages == whole.pages == 14
    assert [(s.name, s.pages) for s in sharded.shards] == [("4300", 2), ("4306", 10), ("5104", 2)]
    assert len(whole.shards) == 1 and whole.shards[0].path == "pagefind/"


def test_index_is_deterministic_and_the_cache_reindexes_only_changed_shards(
    built_site: Path, tmp_path: Path, shards: dict[str, list[str]]
) -> None:
    cache = tmp_path / "cache"
    first = _copy(built_site, tmp_path / "a")
    fresh = index_site(first, shards, cache_dir=cache)
    assert not any(s.cached for s in fresh.shards)
    assert _tree(first / BUNDLE) == _tree(built_site / BUNDLE)  # the same as the build's own, byte for byte

    second = _copy(built_site, tmp_path / "b")
    reused = index_site(second, shards, cache_dir=cache)
    assert all(s.cached for s in reused.shards) and reused.pages == fresh.pages
    assert fresh.pagefind_seconds > 0 and reused.pagefind_seconds == 0  # no pagefind run at all
    assert _tree(second / BUNDLE) == _tree(first / BUNDLE)

    third = _copy(built_site, tmp_path / "c")
    page = third / "units/510422-renshe/2020/index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "<div data-pagefind-body>", "<div data-pagefind-body><p>更正说明</p>", 1
        ),
        encoding="utf-8",
    )
    changed = index_site(third, shards, cache_dir=cache)
    assert {s.name: s.cached for s in changed.shards} == {"4300": True, "4306": True, "5104": False}
    before, after = _tree(first / BUNDLE), _tree(third / BUNDLE)
    differ = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert SHARDS_FILE in differ and all(k.startswith("5104/") for k in differ - {SHARDS_FILE})
    assert any(k.startswith("5104/fragment/") for k in differ)  # the edited text is in the new index

    rebuilt = _copy(third, tmp_path / "d")
    assert not any(s.cached for s in index_site(rebuilt, shards).shards)
    assert _tree(rebuilt / BUNDLE) == after  # an incremental index equals a full one


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
