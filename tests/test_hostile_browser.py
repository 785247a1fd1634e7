"""Planted scripts, event handlers and javascript: links in a real browser: none of them ever runs.

A copy of the repository gets the attacks of tests/hostile.py in a narrative and in a unit name; the site is
built by the real pipeline and loaded in Debian's Chromium.  Every attack tries to set ``window.__pwned``.
As in tests/test_browser.py, any console error or request to another host fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from hostile import PAGE, UNIT
from sitebuild import serve
from test_browser import Visit

pytestmark = pytest.mark.browser

PWNED = "typeof window.__pwned"


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url


@pytest.fixture
def hostile_visit(browser: object) -> Iterator[Visit]:
    v = Visit(browser)
    yield v
    v.close()


def test_planted_script_handlers_and_links_never_run(hostile_url: str, hostile_visit: Visit) -> None:
    page = hostile_visit.page
    page.goto(hostile_url + PAGE)
    page.wait_for_load_state("load")
    assert page.evaluate(PWNED) == "undefined"
    narrative = page.locator(".sb-narrative")
    text = narrative.inner_text()
    # the raw HTML shows as text, exactly as written
    assert '植入脚本：<script>window.__pwned = "script"</script>结束' in text
    assert '<img src="x" onerror="window.__pwned = \'raw-onerror\'">' in text
    assert '<iframe src="https://evil.example/"></iframe>' in text
    assert "{{ 7 * 7 }} {% raw %}" in text
    # nothing that could run is left in the content
    content = ".md-content"
    assert page.locator(f"{content} script").count() == 0
    assert page.locator(f"{content} iframe, {content} object, {content} embed").count() == 0
    assert (
        page.evaluate(
            "() => [...document.querySelectorAll('.md-content *')].flatMap(e => [...e.attributes])"
            ".filter(a => a.name.startsWith('on')).length"
        )
        == 0
    )
    hrefs = page.eval_on_selector_all(f"{content} a[href]", "els => els.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.replace(" ", "").lower().startswith(("javascript:", "vbscript:", "data:"))]
    assert narrative.locator("img").count() == 0  # pictures from other sites and data: URLs became their alt text
    assert "外站图片" in text and "坏图" in text
    # no overlay: the planted element with position:fixed is an ordinary inline element
    assert narrative.locator("em", has_text="悬停").evaluate("e => getComputedStyle(e).position") == "static"
    assert page.locator(".md-dialog em").count() == 0
    # clicking and hovering what used to carry a script does nothing
    narrative.locator("a", has_text="脚本链接").click()
    narrative.locator("a", has_text="引用式").click()
    narrative.locator("em", has_text="悬停").hover()
    assert page.evaluate(PWNED) == "undefined"
    external = narrative.locator("a", has_text="外部链接")
    assert external.get_attribute("rel") == "noopener noreferrer"
    # a heading called "__config" keeps its place in the table of contents and does not shadow the theme's config
    page.locator("a.md-nav__link[href='#h-__config']").first.click()
    assert page.evaluate("document.getElementById('__config').tagName") == "SCRIPT"
    assert page.evaluate(PWNED) == "undefined"


def test_planted_unit_name_stays_text_in_headings_lists_and_search(hostile_url: str, hostile_visit: Visit) -> None:
    page = hostile_visit.page
    for path in (PAGE, f"units/{UNIT}/", "units/", ""):
        page.goto(hostile_url + path)
        assert page.evaluate(PWNED) == "undefined", path
        assert "<script>window.__pwned='name'</script>" in page.locator(".md-content").inner_text(), path
    page.goto(f"{hostile_url}search/?q={quote('植入脚本')}")
    page.wait_for_function("() => document.getElementById('sb-status').textContent.match(/找到|没有/)", timeout=30000)
    assert "找到" in page.locator("#sb-status").inner_text()
    assert page.locator("#sb-results script, #sb-results img").count() == 0
    assert page.evaluate(PWNED) == "undefined"


def test_csp_blocks_inline_script_and_handlers_even_if_they_got_into_the_page(
    hostile_url: str, hostile_visit: Visit
) -> None:
    """The second layer on its own: script injected into the live page past the sanitiser is refused by the CSP."""
    page = hostile_visit.page
    page.goto(hostile_url + PAGE)
    policy = page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
    assert (
        "script-src 'self' 'sha256-" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    page.evaluate(
        """() => {
            const s = document.createElement('script');
            s.textContent = "window.__pwned = 'injected'";
            document.body.appendChild(s);
            const b = document.createElement('button');
            b.setAttribute('onclick', "window.__pwned = 'handler'");
            document.body.appendChild(b);
            b.click();
            const a = document.createElement('a');
            a.href = "javascript:window.__pwned = 'href'";
            document.body.appendChild(a);
            a.click();
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate(PWNED) == "undefined"
    refused = [e for e in hostile_visit.errors if "Content Security Policy" in e]
    assert len(refused) >= 3, hostile_visit.errors
    hostile_visit.errors = [e for e in hostile_visit.errors if e not in refused]
