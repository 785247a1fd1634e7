"""The page check: the fast link extraction and file lookups give exactly what HTMLParser and pathlib gave."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.verify import checks as verify
from site_builder.verify.checks import Problem, check_pages
from site_builder.verify.verdicts import Verdicts


class _Links(HTMLParser):
    """The links of a page as ``HTMLParser`` reports them: the reference :func:`verify.links_of` must agree with."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attr, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if (tag, name) in verify._RESOURCE_ATTRS or (tag == "a" and name == "href"):
                self.links.append((tag, name, value))


def _reference_links(html: str) -> list[tuple[str, str, str]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def _reference_check_pages(site_dir: Path) -> list[Problem]:
    """check_pages as it was: HTMLParser and pathlib for every link."""
    problems: list[Problem] = []
    root = site_dir.resolve()
    for page in sorted(root.rglob("*.html")):
        rel = page.relative_to(root).as_posix()
        for tag, attr, url in _reference_links(page.read_text(encoding="utf-8", errors="replace")):
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") or url.startswith("//"):
                if (tag, attr) in verify._RESOURCE_ATTRS and not (tag == "link" and "canonical" in url):
                    problems.append(Problem(rel, f'从其他网站加载资源：<{tag} {attr}="{url}">'))
                continue
            if parts.scheme in ("mailto", "javascript", "data", "tel"):
                if parts.scheme in ("javascript", "tel"):
                    problems.append(Problem(rel, f"不允许的链接：{parts.scheme}:"))
                continue
            target = verify._target(root, page, url)
            if target is None:
                continue
            try:
                target.relative_to(root)
            except ValueError:
                problems.append(Problem(rel, f"链接指向网站以外：{url}"))
                continue
            if not target.exists():
                problems.append(Problem(rel, f"链接目标不存在：{url}"))
    return problems


def _same_links_on_every_page(site: Path) -> int:
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8", errors="replace")
        assert verify.links_of(html) == _reference_links(html), page
    return len(pages)


def test_fast_links_on_the_built_site(built_site: Path) -> None:
    assert _same_links_on_every_page(built_site) > 10


def test_fast_links_and_problems_on_the_hostile_site(hostile_site: Path) -> None:
    _same_links_on_every_page(hostile_site)
    problems = check_pages(hostile_site)
    assert problems == _reference_check_pages(hostile_site)


def test_pages_checked_on_two_processes_give_the_same_problems(
    hostile_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verify, "PARALLEL_MIN_PAGES", 1)
    for site in (hostile_site, _problem_site(tmp_path)):
        verdicts = Verdicts()
        forked = check_pages(site, verdicts, workers=2)
        assert forked == _reference_check_pages(site)
        assert check_pages(site, verdicts, workers=2) == forked  # again, from the kept verdicts
    assert len(forked) > 5


def _problem_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "a" / "b").mkdir(parents=True)
    (site / "a" / "index.html").write_text("<p>a</p>", encoding="utf-8")
    (site / "style.css").write_text("", encoding="utf-8")
    (site / "a" / "b" / "index.html").write_text(
        '<a href="../">up</a><a href="../../style.css">css</a><a href="/a/">abs</a><a href="../../../x.html">out</a>'
        '<a href="missing.html">m</a><a href="#top">t</a><a href="mailto:x@y">m</a><a href="tel:123">t</a>'
        '<a href="javascript:void(0)">j</a><script src="https://cdn.example/x.js"></script>'
        '<link rel="canonical" href="https://example/a/"><img src="//cdn.example/i.png"><a href="%2E%2E/">enc</a>'
        '<a href="./?q=1">q</a><a href="..//./index.html">dots</a><a href="../b">dir</a><A HREF=\'../nope\'>caps</A>',
        encoding="utf-8",
    )
    (site / "index.html").write_text('<!-- <a href="hidden.html"> --><a href=index.html>self</a>', encoding="utf-8")
    return site


def test_problems_are_the_same(tmp_path: Path) -> None:
    site = _problem_site(tmp_path)
    problems = check_pages(site)
    assert problems == _reference_check_pages(site)
    assert {p.text for p in problems} >= {
        "链接目标不存在：missing.html",
        "不允许的链接：tel:",
        "链接指向网站以外：../../../x.html",
    }


_MARKUP = st.sampled_from(
    [
        '<a href="x.html">',
        "<a href='y.html'>",
        "<a href=z.html>",
        '<A HREF="Q.html">',
        '<a\nhref="n.html">',
        '<a href="&amp;x.html">',
        "<a href>",
        '<a title="<a href=no.html>">',
        '<img src="i.png"/>',
        '<script src="s.js">',
        "<script>",
        "</script>",
        "<style>",
        "</style>",
        '<link href="c.css" rel=x>',
        "<div class=\"c\" id='i'>",
        "</div>",
        "<p>",
        "</p>",
        "text",
        " ",
        "\n",
        "<",
        ">",
        "&",
        "&lt;",
        "<!-- ",
        " -->",
        "<!doctype html>",
        "<?pi ?>",
        "<![CDATA[",
        "]]>",
        "</ script>",
        "</SCRIPT >",
        "<br/>",
        "<input disabled>",
        '<div\xa0class="c">',
        "<span title=a>",
        '<object data="o.bin">',
        "<iframe src=f.html>",
        '"',
        "'",
        "=",
        "/",
        '<a href="x" <b>',
        "</a b>",
        '<a/href="slash.html">',
        "<div/>",
        '<a href = "sp.html" >',
        "<![if !IE]>",
        "<![endif]>",
        "<!DOCTYPE",
        "</x",
        "<linK href=k.html>",  # KELVIN SIGN: "linK".lower() is "link"
        "</\u017fcript>",  # LONG S: ends the raw-text search, not the script
        "<script/>",
        "<style >",
    ]
)


@given(st.lists(_MARKUP, max_size=40).map("".join))
@settings(max_examples=1000, deadline=None)
def test_property_fast_links_are_htmlparser_links(html: str) -> None:
    assert verify.links_of(html) == _reference_links(html)


def test_a_marked_section_htmlparser_gives_up_on_is_a_bogus_comment() -> None:
    with pytest.raises(AssertionError):
        _reference_links('<![x]><a href="a.html">')
    assert verify.links_of('<![x]><a href="a.html"><![ <a href="b.html">') == [("a", "href", "a.html")]
