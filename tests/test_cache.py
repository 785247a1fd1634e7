"""Incremental builds (site_builder/cache.py): unchanged units are reused, and the output is a full build's."""

from __future__ import annotations

import filecmp
import pickle
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from derive import ROOT, derive_unit, repo_copy

from site_builder.build import BuildFailed, build
from site_builder.cache import BuildCache, tree_hash
from site_builder.pages import render as render_module


def _same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only (an empty list: byte for byte the same site)."""
    left = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    right = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differ = sorted(left ^ right)
    differ += [rel for rel in sorted(left & right) if not filecmp.cmp(a / rel, b / rel, shallow=False)]
    return differ


def test_an_incremental_build_after_a_changed_figure_equals_a_full_build(tmp_path: Path) -> None:
    repo = repo_copy(tmp_path / "repo")
    cache = tmp_path / "cache"
    lines: list[str] = []
    build(repo, tmp_path / "first", log=lines.append, cache_dir=cache)
    assert "  缓存：0 个单位未变，5 个单位重新生成" in lines

    report = repo / "units/430624-renshe/2021/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("  total: 97\n", "  total: 96\n"), encoding="utf-8")
    lines.clear()
    incremental = build(repo, tmp_path / "incremental", log=lines.append, cache_dir=cache)
    assert "  缓存：4 个单位未变，1 个单位重新生成" in lines
    full = build(repo, tmp_path / "full", log=lambda line: None)

    assert _same_tree(tmp_path / "incremental", tmp_path / "full") == []
    assert "<strong>96</strong>" in (tmp_path / "incremental/units/430624-renshe/2021/index.html").read_text(
        encoding="utf-8"
    )
    assert [w.format() for w in incremental.warnings] == [w.format() for w in full.warnings]
    assert incremental.warnings


def test_a_search_index_in_two_tiers_is_the_same_from_the_cache_and_from_scratch(tmp_path: Path) -> None:
    """With a history, the index's base tier holds the units as they were a week before HEAD's week, rendered by
    this build (site_builder/search/index.py); its cache entries are reused while the recent tier follows each
    edit, and the site is byte for byte what a build without cache makes.  A unit whose sources at the base
    commit no longer validate is left out of the base: its pages are only in the recent tier."""
    import json

    from derive import commit

    repo = repo_copy(tmp_path / "repo")
    report = repo / "units/430624-renshe/2021/report.yaml"
    broken = repo / "units/430000-renshe/2019/report.yaml"
    good = broken.read_text(encoding="utf-8")
    broken.write_text(good + "\nyear: [\n", encoding="utf-8")  # not YAML: that commit's build failed
    commit(repo, "publish", "2026-11-02T10:00:00+08:00")
    broken.write_text(good, encoding="utf-8")
    report.write_text(report.read_text(encoding="utf-8").replace("  total: 97\n", "  total: 96\n"), encoding="utf-8")
    commit(repo, "fix", "2026-11-20T10:00:00+08:00")
    cache = tmp_path / "cache"
    build(repo, tmp_path / "first", log=lambda line: None, cache_dir=cache)
    manifest = json.loads((tmp_path / "first/pagefind/shards.json").read_text(encoding="utf-8"))
    hidden = json.loads((tmp_path / "first/pagefind/hidden.json").read_text(encoding="utf-8"))
    assert [m["shard"] for m in manifest["merge"]] == ["recent"] and len(manifest["hide"]) == len(hidden) >= 1
    # the recent tier: 湘阴's changed pages and every page of the unit left out of the base (its unit page and
    # its report); the base: the other pages, 湘阴's as they were
    assert manifest["merge"][0]["pages"] == len(manifest["hide"]) + 2
    assert manifest["primary"]["pages"] + manifest["merge"][0]["pages"] - len(manifest["hide"]) == 14

    narrative = repo / "units/510422-renshe/2020/narrative.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\n更正说明：测试数据。\n", encoding="utf-8")
    lines: list[str] = []
    build(repo, tmp_path / "incremental", log=lines.append, cache_dir=cache)
    assert "  缓存：4 个单位未变，1 个单位重新生成" in lines
    build(repo, tmp_path / "full", log=lambda line: None)
    assert _same_tree(tmp_path / "incremental", tmp_path / "full") == []
    again = json.loads((tmp_path / "full/pagefind/shards.json").read_text(encoding="utf-8"))
    assert again["primary"]["tag"] == manifest["primary"]["tag"]  # the base tier did not change
    assert len(again["hide"]) == len(manifest["hide"]) + 1  # 盐边's report page, as it was, now hidden too


def test_verification_sees_the_secrets_and_declared_numbers_of_the_stale_pages() -> None:
    from site_builder.build import _with_stale
    from site_builder.public.model import PublicSite

    site = PublicSite([], {"甲某"}, public_numbers={"12345"})
    stale = PublicSite([], {"乙某", "湘阴县"}, public_numbers={"0730-1234567"})

    checked = _with_stale(site, stale, {"湘阴县"})  # an official name of the site is no secret
    assert checked.secrets == {"甲某", "乙某"} and checked.public_numbers == {"12345", "0730-1234567"}
    assert _with_stale(site, None, set()) is site and site.secrets == {"甲某"}  # the site itself is left as it is


def test_year_pages_are_made_from_the_kept_rows_of_unchanged_units(tmp_path: Path) -> None:
    """A year page is every unit's row of that year: the rows of units whose folders did not change come from the
    store (their models are not read), and the pages equal a full build's."""
    repo = repo_copy(tmp_path / "repo")
    derive_unit(repo, "430624-renshe", "430624-renshe", 2022, Decimal("1.25"))  # 湘阴 in 2021 and 2022
    shutil.copy(ROOT / "units/430624-renshe/unit.yaml", repo / "units/430624-renshe/unit.yaml")
    cache = tmp_path / "cache"
    build(repo, tmp_path / "first", log=lambda line: None, cache_dir=cache)
    years = sorted(p.relative_to(tmp_path / "first").as_posix() for p in (tmp_path / "first/years").glob("*/*.html"))
    assert years == [f"years/{y}/index.html" for y in range(2019, 2024)]

    report = repo / "units/430624-renshe/2021/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("  total: 97\n", "  total: 96\n"), encoding="utf-8")
    for model in (cache / "units").glob("*/model.pickle"):
        model.write_bytes(b"damaged")  # never read for an unchanged unit: its artifact holds its rows
    lines: list[str] = []
    build(repo, tmp_path / "incremental", log=lines.append, cache_dir=cache)
    assert "  缓存：4 个单位未变，1 个单位重新生成" in lines and not any("已损坏" in line for line in lines)
    # the unit changed, but only its 2021 row: the 2022 page (and every other year's) is as it was
    differ = _same_tree(tmp_path / "first", tmp_path / "incremental")
    assert [page for page in years if page in differ] == ["years/2021/index.html"]
    build(repo, tmp_path / "full", log=lambda line: None)
    assert _same_tree(tmp_path / "incremental", tmp_path / "full") == []


def test_a_unit_artifact_is_kept_under_its_key_and_a_damaged_one_is_a_miss(tmp_path: Path) -> None:
    store = BuildCache(tmp_path / "cache")
    assert store.load_unit("k1") is None and store.load_model("k1") is None
    store.store_unit("k1", pickle.dumps({"summary": 1}), pickle.dumps("model"))
    assert BuildCache(tmp_path / "cache").load_unit("k1") == {"summary": 1}
    assert store.load_model("k1") == "model"
    (tmp_path / "cache/units/k1/artifact.pickle").write_bytes(b"damaged")
    assert store.load_unit("k1") is None  # truncated or foreign: made again, never a crash
    nothing = BuildCache(None)
    nothing.store_unit("k1", pickle.dumps(1), pickle.dumps(2))
    assert nothing.load_unit("k1") is None and nothing.load_model("k1") is None


def test_unused_entries_are_pruned_and_a_broken_entry_is_rebuilt(tmp_path: Path) -> None:
    repo = repo_copy(tmp_path / "repo")
    cache = tmp_path / "cache"
    build(repo, tmp_path / "a", log=lambda line: None, cache_dir=cache)
    entries = sorted((cache / "units").iterdir())
    models = [entry / "model.pickle" for entry in entries]
    pages = sorted((cache / "units").glob("*/pages-*")) + sorted((cache / "site").iterdir())
    assert len(entries) == 5 and len(pages) == 5 + 1  # each unit's pages, mkdocs' pages
    models[0].write_bytes(b"not a pickle")  # a truncated or foreign entry: never a crash
    lines: list[str] = []
    build(repo, tmp_path / "b", log=lines.append, cache_dir=cache)
    assert "  缓存：5 个单位未变，0 个单位重新生成" in lines  # its pages are kept: its model is not even read
    assert _same_tree(tmp_path / "a", tmp_path / "b") == []
    for kept in (cache / "units").glob("*/pages-*"):  # every page must be rendered again: the damaged model is
        shutil.rmtree(kept)  # read, and made again
    lines.clear()
    build(repo, tmp_path / "b2", log=lines.append, cache_dir=cache)
    assert f"  缓存中 {entries[0].name[:12]} 已损坏，重新生成该单位" in lines
    assert "  缓存：4 个单位未变，1 个单位重新生成" in lines
    assert _same_tree(tmp_path / "a", tmp_path / "b2") == []

    unit = repo / "units/430611-renshe/unit.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build(repo, tmp_path / "c", log=lambda line: None, cache_dir=cache)
    assert len(list((cache / "units").iterdir())) == 5  # the old entry of the changed unit is gone
    assert len(list((cache / "units").glob("*/pages-*"))) == 5 and len(list((cache / "site").iterdir())) == 1


def test_a_damaged_model_read_by_a_rendering_process_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = repo_copy(tmp_path / "repo")
    cache = tmp_path / "cache"
    build(repo, tmp_path / "a", log=lambda line: None, cache_dir=cache)
    for model in (cache / "units").glob("*/model.pickle"):
        model.write_bytes(model.read_bytes()[:100])  # truncated
    for kept in (cache / "units").glob("*/pages-*"):
        shutil.rmtree(kept)
    monkeypatch.setattr(render_module, "PARALLEL_MIN_UNITS", 1)  # the pages are written by forked processes
    lines: list[str] = []
    build(repo, tmp_path / "b", log=lines.append, cache_dir=cache)
    assert sum("已损坏，重新生成该单位" in line for line in lines) == 1  # then every kept model is read first
    assert _same_tree(tmp_path / "a", tmp_path / "b") == []


def test_a_broken_report_fails_the_build_even_when_every_other_unit_is_cached(tmp_path: Path) -> None:
    repo = repo_copy(tmp_path / "repo")
    cache = tmp_path / "cache"
    build(repo, tmp_path / "site", log=lambda line: None, cache_dir=cache)
    report = repo / "units/510422-renshe/2020/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("year: 2020", "year: 二〇二〇"), encoding="utf-8")
    (repo / "units" / "stray.txt").write_text("x", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        build(repo, tmp_path / "site", log=lambda line: None, cache_dir=cache)
    text = "\n".join(failed.value.lines)
    assert "units/510422-renshe/2020/report.yaml:" in text and "units/stray.txt" in text


def test_tree_hash_sees_contents_and_names(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.yaml").write_text("1", encoding="utf-8")
    first = tree_hash(tmp_path / "a")
    (tmp_path / "a" / "x.yaml").write_text("2", encoding="utf-8")
    second = tree_hash(tmp_path / "a")
    (tmp_path / "a" / "x.yaml").rename(tmp_path / "a" / "y.yaml")
    third = tree_hash(tmp_path / "a")
    assert len({first, second, third}) == 3


def test_without_a_folder_the_cache_stores_nothing() -> None:
    cache = BuildCache(None)
    cache.store_unit("k", pickle.dumps(1), pickle.dumps(1))
    assert cache.load_model("k") is None and not cache.has_files("site/k") and cache.prune() == 0


def test_the_code_version_ignores_compiled_python(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    (tmp_path / "pkg" / "a.py").write_text("x = 1", encoding="utf-8")
    before = tree_hash(tmp_path / "pkg", skip=frozenset({"__pycache__"}))
    (tmp_path / "pkg" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"compiled")
    assert tree_hash(tmp_path / "pkg", skip=frozenset({"__pycache__"})) == before
    assert tree_hash(tmp_path / "pkg") != before


def test_units_prepared_on_two_processes_give_the_same_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Load, validate and public run per unit on forked workers from PARALLEL_MIN_UNITS units on (the real
    site has 5): the site, the warnings and the cached models are those of one process."""
    import site_builder.build as build_module

    repo = repo_copy(tmp_path / "repo")
    (repo / "units/.gitkeep").write_text("", encoding="utf-8")  # a hidden file is ignored, as load ignores it
    monkeypatch.setattr(build_module, "PARALLEL_MIN_UNITS", 1)
    forked = build(repo, tmp_path / "forked", log=lambda line: None, cache_dir=tmp_path / "cache")
    monkeypatch.setattr(build_module, "PARALLEL_MIN_UNITS", 10**9)
    single = build(repo, tmp_path / "single", log=lambda line: None)
    assert _same_tree(tmp_path / "forked", tmp_path / "single") == []
    assert [w.format() for w in forked.warnings] == [w.format() for w in single.warnings]
    assert len(list((tmp_path / "cache/units").iterdir())) == 5

    lines: list[str] = []
    report = repo / "units/430624-renshe/2021/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("  total: 97\n", "  total: 96\n"), encoding="utf-8")
    monkeypatch.setattr(build_module, "PARALLEL_MIN_UNITS", 1)
    build(repo, tmp_path / "again", log=lines.append, cache_dir=tmp_path / "cache")
    assert "  缓存：4 个单位未变，1 个单位重新生成" in lines  # one unit to load: one worker, never the whole site


def test_errors_found_by_two_processes_are_reported_once_and_sorted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import site_builder.build as build_module

    repo = repo_copy(tmp_path / "repo")
    for unit in ("430624-renshe", "430611-renshe"):
        path = repo / f"units/{unit}/unit.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("name:", "nmae:", 1), encoding="utf-8")
    failures = []
    for minimum in (1, 10**9):
        monkeypatch.setattr(build_module, "PARALLEL_MIN_UNITS", minimum)
        with pytest.raises(BuildFailed) as caught:
            build(repo, tmp_path / "out", log=lambda line: None)
        failures.append(caught.value.lines)
    assert failures[0] == failures[1] and len(failures[0]) >= 4
    stray = repo / "units/notes.txt"
    stray.write_text("x", encoding="utf-8")
    monkeypatch.setattr(build_module, "PARALLEL_MIN_UNITS", 1)
    with pytest.raises(BuildFailed) as caught:
        build(repo, tmp_path / "out", log=lambda line: None)
    assert sum("notes.txt" in line for line in caught.value.lines) == 1


def test_stored_files_come_back_in_the_order_a_walk_gives_into_new_folders(tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = [
        "units/a/index.html",
        "units/a-b/x.csv",
        "units/a/2021/projects/p/index.html",
        "404.html",
        "units/a/2021/index.html",
    ]
    for rel in files:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(rel, encoding="utf-8")
    cache = BuildCache(tmp_path / "cache")
    cache.store_files("site/k", out, files)
    again = tmp_path / "new" / "site"  # neither it nor its parent exists yet
    walked = [p.relative_to(out).as_posix() for p in sorted(out.rglob("*")) if p.is_file()]
    assert cache.copy_files_out("site/k", again) == walked
    assert _same_tree(out, again) == []
