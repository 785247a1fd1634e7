"""The search index in shards (site_builder/search/index.py): assignment, completeness, determinism, the cache."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.search import index as index_module
from site_builder.search.index import BUNDLE, SHARDS_FILE, index_site, search_shards, shard_count, unit_shard

UNITS = ["430000-renshe", "430611-renshe", "430624-renshe", "430682-shebao", "510422-renshe"]
COUNT = 4  # shards for the tests of merging: the real reports' five units are one shard as built


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> object:
    from derive import repo_copy

    from site_builder.checks.validate import validate
    from site_builder.public.model import public_site
    from site_builder.sources.load import load

    return public_site(validate(load(repo_copy(tmp_path_factory.mktemp("seeds")))))


@pytest.fixture(scope="module")
def shards(public: object) -> dict[str, list[str]]:
    return search_shards(public, COUNT)  # type: ignore[arg-type]


def _tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def _copy(site: Path, dest: Path) -> Path:
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns(BUNDLE))
    return dest


def test_units_are_dealt_to_shards_by_a_hash_of_their_id(public: object, shards: dict[str, list[str]]) -> None:
    # as built: 5 units are one shard, everything else is the site's
    assert search_shards(public) == {"site": [""], "u00": [f"units/{u}/" for u in UNITS]}  # type: ignore[arg-type]
    assert shards["site"] == [""] and list(shards) == ["site", *sorted(n for n in shards if n != "site")]
    owned = sorted(d for name, dirs in shards.items() if name != "site" for d in dirs)
    assert owned == [f"units/{u}/" for u in UNITS]  # each unit in exactly one shard
    for name, dirs in shards.items():
        assert all(unit_shard(d.split("/")[1], COUNT) == name for d in dirs if name != "site")
    assert len(shards) >= 3  # the five units fall into at least two of the four shards
    # a unit's shard depends on its id alone: the same among more units, for every count
    assert unit_shard("430624-renshe", 16) == unit_shard("430624-renshe", 16)
    assert {unit_shard(u, 16) for u in (f"4306{i:02d}-renshe" for i in range(200))} == {f"u{i:02d}" for i in range(16)}
    counts = [(1, 1), (128, 1), (129, 2), (256, 2), (600, 8), (1799, 16), (0, 1)]
    assert [(n, shard_count(n)) for n, _ in counts] == counts


def test_the_build_writes_one_bundle_per_shard_and_a_manifest(built_site: Path, tmp_path: Path) -> None:
    manifest = json.loads((built_site / BUNDLE / SHARDS_FILE).read_text(encoding="utf-8"))
    # only unit, report and project pages are searchable, so "site" has no pages and the units' shard is primary
    assert manifest["primary"]["shard"] == "u00" and manifest["primary"]["path"] == "" and manifest["merge"] == []


def test_merged_shards_carry_only_search_data(built_site: Path, tmp_path: Path, shards: dict[str, list[str]]) -> None:
    site = _copy(built_site, tmp_path / "sharded")
    index_site(site, shards)
    manifest = json.loads((site / BUNDLE / SHARDS_FILE).read_text(encoding="utf-8"))
    names = [n for n in shards if n != "site"]
    assert manifest["primary"]["shard"] == names[0] and manifest["primary"]["path"] == ""
    assert [m["path"] for m in manifest["merge"]] == [f"{n}/" for n in names[1:]]
    for m in manifest["merge"]:
        files = {p.name for p in (site / BUNDLE / m["path"]).iterdir()}
        assert "pagefind-entry.json" in files and {"index", "fragment", "filter"} <= files
        assert not files & {"pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind"}  # only the primary's load


def test_shards_index_exactly_the_pages_of_a_whole_site_index(
    built_site: Path, tmp_path: Path, shards: dict[str, list[str]]
) -> None:
    whole = index_site(_copy(built_site, tmp_path / "whole"))
    sharded = index_site(_copy(built_site, tmp_path / "sharded"), shards)
    assert sharded.pages == whole.pages == 14
    pages = {u: len(list((built_site / "units" / u).rglob("index.html"))) for u in UNITS}
    expected = [(n, sum(pages[d.split("/")[1]] for d in dirs)) for n, dirs in shards.items() if n != "site"]
    assert [(s.name, s.pages) for s in sharded.shards] == expected
    assert len(whole.shards) == 1 and whole.shards[0].path == "pagefind/"


def test_index_is_deterministic_and_the_cache_reindexes_only_changed_shards(
    built_site: Path, tmp_path: Path, public: object, shards: dict[str, list[str]]
) -> None:
    as_built = _copy(built_site, tmp_path / "as-built")
    index_site(as_built, search_shards(public))  # type: ignore[arg-type]
    assert _tree(as_built / BUNDLE) == _tree(built_site / BUNDLE)  # the same as the build's own, byte for byte

    cache = tmp_path / "cache"
    first = _copy(built_site, tmp_path / "a")
    fresh = index_site(first, shards, cache_dir=cache)
    assert not any(s.cached for s in fresh.shards)

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
    edited = unit_shard("510422-renshe", COUNT)
    assert {s.name: s.cached for s in changed.shards} == {s.name: s.name != edited for s in fresh.shards}
    before, after = _tree(first / BUNDLE), _tree(third / BUNDLE)
    differ = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    prefix = "" if edited == fresh.shards[0].name else f"{edited}/"
    others = tuple(f"{s.name}/" for s in fresh.shards if s.name != edited)
    assert SHARDS_FILE in differ and all(
        k.startswith(prefix) and not k.startswith(others) for k in differ - {SHARDS_FILE}
    )
    assert any(k.startswith(f"{prefix}fragment/") for k in differ)  # the edited text is in the new index

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
