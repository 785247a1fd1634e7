"""Listing a site's files: the same files, in the same order, as pathlib's rglob."""

from __future__ import annotations

from pathlib import Path

from site_builder.sitefiles import site_files


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_site_files_lists_what_rglob_lists_in_the_same_order(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for rel in ("a/x.html", "a-b/x.html", "a.b/y", "a/b/c/.hidden", "Z/z", "z/z", "1/2"):
        _write(site / rel, "x")
    (site / "empty").mkdir()
    (site / "folder.html").mkdir()
    (site / "link-to-file").symlink_to(site / "a" / "x.html")
    (site / "link-to-folder").symlink_to(site / "a", target_is_directory=True)
    (site / "broken").symlink_to(site / "nowhere")
    expected = [path.relative_to(site).as_posix() for path in sorted(site.rglob("*")) if path.is_file()]
    assert site_files(site) == expected
    assert len(expected) == 8
