"""The theme's page around generated pages (site_builder/pages/shell.py) and their table of contents."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.pages.render import toc_entries
from site_builder.pages.shell import KINDS, Shell, ShellError


def test_a_built_report_page_is_the_theme_page_with_its_own_title_toc_and_content(built_site: Path) -> None:
    page = (built_site / "units/430624-renshe/2021/index.html").read_text(encoding="utf-8")
    assert "<title>湘阴县人力资源和社会保障局 2021年度绩效自评报告 - 绩效自评报告公开</title>" in page
    assert '<a href="../../../search/" class="md-tabs__link">' in page  # the theme's tabs, at this depth
    assert '<a href="#sb-finance" class="md-nav__link">' in page  # the table of contents of this page
    assert page.count('<h1 id="sb-title">') == 1 and "@@SB-" not in page and "sb-toc" not in page
    assert 'http-equiv="Content-Security-Policy"' in page


def test_no_placeholder_is_left_in_the_site(built_site: Path) -> None:
    assert not any("_shell" in p.as_posix() for p in built_site.rglob("*"))
    for kind in KINDS.values():
        assert not (built_site / kind.placeholder).exists()


def test_a_page_without_the_markers_is_refused_with_a_reason() -> None:
    with pytest.raises(ShellError, match="找不到内容占位"):
        Shell.parse("<html><body><p>no markers</p></body></html>", "units/_shell")


def test_fill_escapes_title_and_description() -> None:
    shell = Shell(
        (
            "<title>",
            "@@SB-TITLE@@",
            '</title><meta content="',
            "@@SB-DESCRIPTION@@",
            '">',
            "@@SB-TOC@@",
            "",
            "@@SB-CONTENT@@",
            "",
        )
    )
    out = shell.fill('<b>"x"</b>', "a&b", "<li>t</li>", "<p>c</p>")
    assert out == '<title>&lt;b&gt;&quot;x&quot;&lt;/b&gt;</title><meta content="a&amp;b"><li>t</li><p>c</p>'


def test_toc_nests_headings_by_level_and_uses_their_plain_text() -> None:
    content = (
        '<h1 id="sb-title">T</h1><h2 id="a">一、<em>甲</em></h2><h3 id="b">（一）乙</h3>'
        '<h4 id="c">1.丙</h4><h3 id="d">（二）丁</h3><h2 id="e">二、戊 &amp; 己</h2><h2>no id</h2>'
    )
    toc = toc_entries(content)
    assert [(t["id"], t["title"]) for t in toc] == [("a", "一、甲"), ("e", "二、戊 & 己")]
    assert [t["id"] for t in toc[0]["children"]] == ["b", "d"]
    assert [t["id"] for t in toc[0]["children"][0]["children"]] == ["c"]
