"""The link check's cache (verify.check_pages): unchanged pages are skipped only while none of their targets can
have gone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from site_builder.verify.checks import check_pages


def test_a_page_that_passed_is_checked_again_when_a_file_has_gone(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    cache = tmp_path / "cache"
    assert check_pages(site, cache) == []
    assert check_pages(site, cache) == []  # everything passed and is unchanged
    (site / "units/430624-renshe/2021/report.csv").unlink()  # the report page links to it
    problems = [p.format() for p in check_pages(site, cache)]
    assert any("units/430624-renshe/2021/index.html" in line and "report.csv" in line for line in problems)
    assert problems == [p.format() for p in check_pages(site, None)]  # the same as without a cache


def test_a_changed_page_is_checked_even_when_nothing_has_gone(built_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    cache = tmp_path / "cache"
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
    cache = tmp_path / "cache"
    assert check_pages(site, cache) == []
    fragment = next((site / "pagefind").rglob("fragment/*"))
    fragment.rename(fragment.with_name("renamed-" + fragment.name))  # no page links to a search fragment
    calls: list[str] = []
    original = verify._target_fast
    monkeypatch.setattr(verify, "_target_fast", lambda *a, **k: calls.append(a[3]) or original(*a, **k))  # type: ignore[attr-defined]
    assert check_pages(site, cache) == []
    assert calls == []  # every page passed before, and nothing it links to has gone


def test_the_kept_verdicts_expire_with_the_code_no_number_to_bump(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The link check, the leak scan and the leak gate keep their results under the build's code fingerprint
    (cache.code_version, the one every store uses): results kept by other code are never trusted."""
    import pickle

    from site_builder import cache as store
    from site_builder.verify import leakgate, leakscan

    site, cache = tmp_path / "site", tmp_path / "cache"
    shutil.copytree(built_site, site)
    assert check_pages(site, cache) == []
    assert store.kept_value(cache, "links")
    kept = pickle.loads((cache / "kept/links.pickle").read_bytes())
    kept["key"] = "code of another day"
    (cache / "kept/links.pickle").write_bytes(pickle.dumps(kept))
    assert store.kept_value(cache, "links") is None
    assert check_pages(site, cache) == [] and store.kept_value(cache, "links")
    monkeypatch.setattr(store, "code_version", lambda: "the code of another day")
    assert store.kept_value(cache, "links") is None  # every kept verdict expires with the code
    monkeypatch.undo()
    leakscan.scan_site(site, [], cache)
    leakgate.scan_site(site, cache_dir=cache)
    assert store.kept_value(cache, "leakscan") and store.kept_value(cache, "leakgate-clean")
    # the gate's verdicts hold for the numbers declared public when they were made, and no others
    assert store.kept_value(cache, "leakgate-clean", "0730-2266341") is None
