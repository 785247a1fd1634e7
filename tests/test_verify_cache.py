"""The link check's cache (verify.check_pages): unchanged pages are skipped only while none of their targets can
have gone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from derive import repo_copy

from site_builder.verify.checks import check_pages
from site_builder.verify.verdicts import Verdicts


def test_a_page_that_passed_is_checked_again_when_a_file_has_gone(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    cache = Verdicts()
    assert check_pages(site, cache) == []
    assert check_pages(site, cache) == []  # everything passed and is unchanged
    (site / "units/430624-renshe/2021/report.csv").unlink()  # the report page links to it
    problems = [p.format() for p in check_pages(site, cache)]
    assert any("units/430624-renshe/2021/index.html" in line and "report.csv" in line for line in problems)
    assert problems == [p.format() for p in check_pages(site, None)]  # the same as without a cache


def test_a_changed_page_is_checked_even_when_nothing_has_gone(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    cache = Verdicts()
    assert check_pages(site, cache) == []
    page = site / "units/430624-renshe/index.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("</article>", '<a href="nowhere/">x</a></article>'), encoding="utf-8"
    )
    problems = [p.format() for p in check_pages(site, cache)]
    assert problems == [p.format() for p in check_pages(site, None)] and len(problems) == 1


def test_unchanged_pages_are_not_checked_again_when_only_unrelated_files_change(
    built_site: Path, tmp_path: Path, monkeypatch: object
) -> None:
    from site_builder.verify import checks as verify

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    cache = Verdicts()
    assert check_pages(site, cache) == []
    fragment = next((site / "pagefind").rglob("fragment/*"))
    fragment.rename(fragment.with_name("renamed-" + fragment.name))  # no page links to a search fragment
    calls: list[str] = []
    original = verify._target_fast
    monkeypatch.setattr(verify, "_target_fast", lambda *a, **k: calls.append(a[3]) or original(*a, **k))  # type: ignore[attr-defined]
    assert check_pages(site, cache) == []
    assert calls == []  # every page passed before, and nothing it links to has gone


def test_the_kept_verdicts_expire_with_the_code_no_number_to_bump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build keeps the checks' verdicts in its one store, each unit's with its files and the rest in one entry,
    under keys that hold the build's code fingerprint (cache.code_version, the one every store uses): verdicts
    kept by other code are never read, and the checks themselves take no store."""
    from site_builder import cache as store
    from site_builder.build import build

    repo, cache = repo_copy(tmp_path / "repo"), tmp_path / "cache"
    build(repo, tmp_path / "site", log=lambda line: None, cache_dir=cache)
    kept = store.BuildCache(cache)
    rest = kept.load_verdicts(kept.site_verdicts())
    assert isinstance(rest, Verdicts) and rest.clean and rest.passed and rest.scanned
    units = sorted((cache / "units").glob("*/pages-*/verdicts.pickle"))
    assert len(units) == 5  # one per unit, next to its files
    one = kept.load_verdicts(units[0].relative_to(cache).as_posix())
    assert isinstance(one, Verdicts) and all(path.startswith("units/") for path in one.clean)
    monkeypatch.setattr(store, "code_version", lambda: "the code of another day")
    other = store.BuildCache(cache)
    assert other.site_verdicts() != kept.site_verdicts() and other.load_verdicts(other.site_verdicts()) is None
    assert other.key("unit", "x") != kept.key("unit", "x")  # a unit's entry, and the verdicts in it, too


def test_the_gate_and_the_scan_keep_verdicts_for_the_same_public_numbers_and_secrets(
    built_site: Path, tmp_path: Path
) -> None:
    from site_builder.verify import leakgate, leakscan

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    verdicts = Verdicts()
    leakscan.scan_site(site, [], verdicts)
    leakgate.scan_site(site, verdicts=verdicts)
    assert verdicts.scanned and verdicts.clean
    page = "units/430624-renshe/2021/index.html"
    (site / page).write_text((site / page).read_text(encoding="utf-8") + "<p>值班 0730-2266341</p>", encoding="utf-8")
    assert leakgate.scan_site(site, verdicts=verdicts)  # the changed page is read again
    assert not leakgate.scan_site(site, ["0730-2266341"], verdicts=verdicts)  # declared public: cleared
    # the gate's verdicts hold for the numbers declared public when they were made, and no others
    assert leakgate.scan_site(site, verdicts=verdicts)
    assert [leak.path for leak in leakscan.scan_site(site, ["0730-2266341"], verdicts)] == [page]
