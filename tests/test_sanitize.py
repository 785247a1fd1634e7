"""Narratives and text fields rendered into a public government site: nothing injected runs, hides or tracks.

Three layers, each tested on its own: the templates autoescape every value (raw HTML reaches Markdown as text);
site_builder/pages/sanitize.py cleans what Markdown still makes of it (links, attr_list attributes, pictures);
site_builder/pages/csp.py lets only the site's own scripts run.  The browser side is tests/test_hostile_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile import PAGE
from sitebuild import page_text

from site_builder.pages.csp import HEADERS_FILE, inline_script_hashes
from site_builder.pages.sanitize import sanitize_html
from site_builder.pages.templating import TEMPLATES, environment

SITE_BUILDER = Path(__file__).resolve().parent.parent / "site_builder"


def _page(content: str, before: str = "") -> str:
    return (
        "<!doctype html><html><head><script>theme()</script></head><body>"
        f'{before}<article class="md-content__inner md-typeset">{content}</article>'
        '<a href="#x" onclick="theme()">chrome</a></body></html>'
    )


def _content(html: str) -> str:
    return html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]


NARRATIVE = '<div class="sb-narrative">{}</div>'


@pytest.mark.parametrize(
    ("written", "published"),
    [
        ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
        ('<a href=" JaVa&#x09;ScRipt:alert(1)">x</a>', "<a>x</a>"),
        ('<a href="vbscript:msgbox">x</a>', "<a>x</a>"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "<a>x</a>"),
        ('<a href="tel:123">x</a>', "<a>x</a>"),
        ('<a href="https://example.com/">x</a>', '<a href="https://example.com/" rel="noopener noreferrer">x</a>'),
        ('<a href="//example.com/">x</a>', '<a href="//example.com/" rel="noopener noreferrer">x</a>'),
        (
            '<a href="https://example.com/" rel="opener">x</a>',
            '<a href="https://example.com/" rel="noopener noreferrer">x</a>',
        ),
        ('<a href="mailto:a@example.com">x</a>', '<a href="mailto:a@example.com">x</a>'),
        ('<a href="../2021/">x</a>', '<a href="../2021/">x</a>'),
        ('<p onclick="alert(1)" onmouseover="alert(2)" class="sb-note">x</p>', '<p class="sb-note">x</p>'),
        ('<p style="position:fixed;top:0;color:red">x</p>', '<p style="color: red;">x</p>'),
        ('<p style="display:none">x</p>', "<p>x</p>"),
        ('<p style="background:url(https://evil/x)">x</p>', "<p>x</p>"),
        ('<p class="md-dialog sb-note">x</p>', '<p class="sb-note">x</p>'),
        ('<p data-md-component="dialog" data-pagefind-filter="年度">x</p>', '<p data-pagefind-filter="年度">x</p>'),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('<iframe src="https://evil/"></iframe>', "&lt;iframe src=&quot;https://evil/&quot;&gt;&lt;/iframe&gt;"),
        (
            '<object data="x.swf"></object><embed src="x.swf">',
            "&lt;object data=&quot;x.swf&quot;&gt;&lt;/object&gt;&lt;embed src=&quot;x.swf&quot;&gt;",
        ),
        ('<base href="https://evil/">', "&lt;base href=&quot;https://evil/&quot;&gt;"),
        (
            '<meta http-equiv="refresh" content="0;url=https://evil/">',
            "&lt;meta http-equiv=&quot;refresh&quot; content=&quot;0;url=https://evil/&quot;&gt;",
        ),
        ("<style>body{display:none}</style>", "&lt;style&gt;body{display:none}&lt;/style&gt;"),
        (
            '<svg class="sb-chart"><rect fill="#3f51b5"/><script>alert(1)</script></svg>',
            '<svg class="sb-chart"><rect fill="#3f51b5"/>&lt;script&gt;alert(1)&lt;/script&gt;</svg>',
        ),
        (
            '<svg><a xlink:href="javascript:alert(1)">x</a><set attributeName="href" to="javascript:alert(1)"/></svg>',
            "<svg><a>x</a>&lt;set attributeName=&quot;href&quot; to=&quot;javascript:alert(1)&quot;/&gt;</svg>",
        ),
        (
            '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
            "<form><button>x</button></form>",
        ),
        (
            '<img src="https://example.com/x.png" onerror="alert(1)" alt="a">',
            '<img src="https://example.com/x.png" alt="a">',
        ),
        # inside a narrative: an allow-list
        (
            NARRATIVE.format('<p style="color:red;text-align:center">x</p>'),
            NARRATIVE.format('<p style="text-align: center;">x</p>'),
        ),
        (
            NARRATIVE.format('<p class="admonition md-dialog evil">x</p>'),
            NARRATIVE.format('<p class="admonition">x</p>'),
        ),
        (
            NARRATIVE.format('<p data-pagefind-filter="年度:1999" role="alert" hidden>x</p>'),
            NARRATIVE.format("<p>x</p>"),
        ),
        (
            NARRATIVE.format('<a href="https://example.com/" target="_blank">x</a>'),
            NARRATIVE.format('<a href="https://example.com/" rel="noopener noreferrer">x</a>'),
        ),
        (NARRATIVE.format('<img src="chart.png" alt="图一">'), NARRATIVE.format('<img src="chart.png" alt="图一">')),
        (
            NARRATIVE.format('<img src="img/chart-1.png" alt="图一">'),
            NARRATIVE.format('<img src="img/chart-1.png" alt="图一">'),
        ),
        (NARRATIVE.format('<img src="../../other/chart.png" alt="图一">'), NARRATIVE.format("图一")),
        (NARRATIVE.format('<img src="/chart.png" alt="图一">'), NARRATIVE.format("图一")),
        (NARRATIVE.format('<img src="https://evil/t.png" alt="图一">'), NARRATIVE.format("图一")),
        (NARRATIVE.format('<img src="data:image/gif;base64,R0l=" alt="&lt;b&gt;">'), NARRATIVE.format("&lt;b&gt;")),
        (
            NARRATIVE.format('<svg onload="alert(1)"></svg>'),
            NARRATIVE.format("&lt;svg onload=&quot;alert(1)&quot;&gt;&lt;/svg&gt;"),
        ),
        (
            NARRATIVE.format('<form><input name="q"></form>'),
            NARRATIVE.format("&lt;form&gt;&lt;input name=&quot;q&quot;&gt;&lt;/form&gt;"),
        ),
        (NARRATIVE.format('<p id="sb-search">x</p>'), NARRATIVE.format('<p id="h-sb-search">x</p>')),
        (NARRATIVE.format('<p id="a&quot;b">x</p>'), NARRATIVE.format("<p>x</p>")),
        # what needs no change is copied byte for byte
        (
            '<p class="sb-note">a &amp; b &lt;c&gt; &#34;d&#34;</p><br/><!-- note -->',
            '<p class="sb-note">a &amp; b &lt;c&gt; &#34;d&#34;</p><br/><!-- note -->',
        ),
    ],
)
def test_sanitiser_rules(written: str, published: str) -> None:
    out, _ = sanitize_html(_page(written))
    assert _content(out) == published
    assert out.startswith("<!doctype html><html><head><script>theme()</script></head>")  # the theme is left alone
    assert out.endswith('<a href="#x" onclick="theme()">chrome</a></body></html>')


def test_ids_the_theme_looks_up_are_renamed_and_the_table_of_contents_follows() -> None:
    toc = '<nav><a href="#__config" class="md-nav__link">__config</a><a href="#_1">一</a></nav>'
    out, changes = sanitize_html(_page('<h3 id="__config">__config</h3><h3 id="_1">一</h3>', before=toc))
    assert '<a href="#h-__config" class="md-nav__link">__config</a><a href="#_1">一</a>' in out
    assert '<h3 id="h-__config">__config</h3><h3 id="_1">一</h3>' in out
    assert [c.what for c in changes] == ["<h3> 属性 id='__config' 改为 'h-__config'"]


def test_the_real_site_needs_no_sanitising(built_site: Path) -> None:
    """The sanitiser never touches the site's own markup: charts, search form, tables, admonitions."""
    for page in sorted(built_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        out, changes = sanitize_html(text, page.relative_to(built_site).as_posix())
        assert changes == [] and out == text, changes


class _Content(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.elements: list[tuple[str, dict[str, str | None], bool]] = []  # (tag, attrs, in a narrative)
        self.narrative = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "article" and "md-content__inner" in (values.get("class") or ""):
            self.depth = 1
            return
        if self.depth:
            if "sb-narrative" in (values.get("class") or ""):
                self.narrative = 1
            self.elements.append((tag, values, bool(self.narrative)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth = 0


def _elements(path: Path) -> list[tuple[str, dict[str, str | None], bool]]:
    parser = _Content()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.elements


def test_planted_markdown_is_neutralised_in_the_built_page(hostile_site: Path) -> None:
    elements = _elements(hostile_site / PAGE)
    assert elements, "no content found"
    assert not [t for t, _, _ in elements if t in ("script", "iframe", "object", "embed", "style", "base", "meta")]
    assert not [(t, a) for t, attrs, _ in elements for a in attrs if a.startswith("on")]
    hrefs = [attrs.get("href") or "" for t, attrs, _ in elements if t == "a"]
    assert not [h for h in hrefs if re.match(r"\s*(javascript|vbscript|data):", h, re.I)]
    assert not [t for t, _, narrative in elements if t == "img" and narrative]
    external = [attrs for t, attrs, _ in elements if t == "a" and (attrs.get("href") or "").startswith("https:")]
    assert external and all(a.get("rel") == "noopener noreferrer" for a in external)
    assert not [attrs for _, attrs, narrative in elements if narrative and "position" in (attrs.get("style") or "")]
    text = page_text(hostile_site / PAGE)
    assert '植入脚本：<script>window.__pwned = "script"</script>结束' in text
    assert "{{ 7 * 7 }} {% raw %}" in text  # a narrative is data, never a template


def test_autoescape_is_on_for_every_template_and_every_page(hostile_site: Path) -> None:
    env = environment()
    names = sorted(p.name for p in TEMPLATES.glob("*.j2"))
    assert names and all(env.get_template(n).environment.autoescape(n) for n in names)  # type: ignore[operator]
    assert env.from_string("{{ x }}").render(x="<script>") == "&lt;script&gt;"
    # the planted unit name is on many pages (headings, lists, tables, titles): never as markup
    pages = [
        p
        for p in hostile_site.rglob("*.html")
        if "__pwned='name'" in p.read_text(encoding="utf-8")
        or "__pwned=&#39;name&#39;" in p.read_text(encoding="utf-8")
    ]
    assert len(pages) >= 4
    for page in hostile_site.rglob("*.html"):
        assert "<script>window.__pwned" not in page.read_text(encoding="utf-8"), page


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def test_every_page_has_a_csp_allowing_exactly_its_own_inline_scripts(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert meta, page
        assert meta.start() < html.index("<script"), page  # in force before the first script
        policy = meta[1].replace("&quot;", '"').replace("&amp;", "&")
        script_src = next(d for d in policy.split("; ") if d.startswith("script-src "))
        inline = [m[1] for m in re.finditer(r"<script>(.*?)</script>", html, re.S)]
        assert inline, page
        assert script_src.split()[1:] == ["'self'", *dict.fromkeys(_sha256(s) for s in inline), "'wasm-unsafe-eval'"]
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert "object-src 'none'" in policy and "base-uri 'self'" in policy
        assert "frame-ancestors" not in policy  # ignored in a <meta>, with a console error
        assert inline_script_hashes(html) == list(dict.fromkeys(_sha256(s) for s in inline))


def test_headers_file_carries_the_policy_for_hosts_that_read_it(built_site: Path) -> None:
    headers = (built_site / HEADERS_FILE).read_text(encoding="utf-8")
    assert headers.splitlines()[1] == "/*"
    policy = next(line.split(": ", 1)[1] for line in headers.splitlines() if "Content-Security-Policy:" in line)
    assert "frame-ancestors 'self'" in policy and "'wasm-unsafe-eval'" in policy
    for page in built_site.rglob("*.html"):
        for source in inline_script_hashes(page.read_text(encoding="utf-8")):
            assert source in policy, page
    assert "X-Content-Type-Options: nosniff" in headers


def test_sanitiser_and_csp_are_called_from_exactly_one_place() -> None:
    calls = {
        name: [
            p.name
            for p in SITE_BUILDER.rglob("*.py")
            for line in p.read_text(encoding="utf-8").splitlines()
            if f"{name}(" in line and not line.lstrip().startswith(("def ", "#"))
        ]
        for name in ("sanitize_site", "sanitize_fragment", "apply_csp")
    }
    # render.render_site: mkdocs' pages and the shells; PageRenderer.narrative: every narrative
    assert calls == {"sanitize_site": ["render.py"], "sanitize_fragment": ["render.py"], "apply_csp": ["render.py"]}
