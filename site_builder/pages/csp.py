"""Content-Security-Policy for the built pages: only the site's own scripts run.

mkdocs-material writes a few small inline ``<script>`` blocks into every page (they differ with the page's
depth), so a bare ``script-src 'self'`` would block them.  Each page gets a
``<meta http-equiv="Content-Security-Policy">`` listing the sha256 of exactly its own inline scripts, plus
``'wasm-unsafe-eval'`` for pagefind's WebAssembly; nothing else inline runs — no planted ``<script>``, no
``onerror=``, no ``javascript:`` link.  ``_headers`` (read by Netlify and Cloudflare Pages) carries the same
policy for hosts that send headers, with the hashes of every page and ``frame-ancestors``, which only
works as a header (browsers ignore it, with a console error, in a ``<meta>``).

:func:`apply_csp` is called once, by :func:`site_builder.pages.render.render_site`, after :mod:`site_builder.pages.sanitize`.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["HEADERS_FILE", "apply_csp", "inline_script_hashes", "policy"]

HEADERS_FILE = "_headers"

# script types a browser executes (everything else, e.g. application/json, is data and needs no hash)
_JS_TYPES = {
    "",
    "module",
    "text/javascript",
    "application/javascript",
    "text/ecmascript",
    "application/ecmascript",
    "text/jscript",
    "text/livescript",
    "application/x-javascript",
    "application/x-ecmascript",
    "text/x-javascript",
    "text/x-ecmascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
}

_OTHER_DIRECTIVES = [
    "default-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
]
_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.I)


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.inline: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        values = dict(attrs)
        kind = (values.get("type") or "").strip().lower()
        if "src" not in values and kind in _JS_TYPES:
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.inline.append("".join(self._current))
            self._current = None


def inline_script_hashes(page: str) -> list[str]:
    """``'sha256-…'`` sources for every inline script of ``page``, in order of appearance, without repeats."""
    parser = _Scripts()
    parser.feed(page)
    parser.close()
    hashes: list[str] = []
    for script in parser.inline:
        # browsers hash the script text after newline normalisation, encoded as UTF-8
        text = script.replace("\r\n", "\n").replace("\r", "\n")
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy(hashes: list[str], header: bool = False) -> str:
    """The policy allowing the site's own scripts and the inline scripts with these hashes."""
    script_src = " ".join(["script-src 'self'", *hashes, "'wasm-unsafe-eval'"])
    directives = [_OTHER_DIRECTIVES[0], script_src, *_OTHER_DIRECTIVES[1:]]
    if header:
        directives.append("frame-ancestors 'self'")
    return "; ".join(directives)


def _with_meta(page: str, content: str) -> str:
    page = _META.sub("", page)
    escaped = content.replace("&", "&amp;").replace('"', "&quot;")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{escaped}">'
    # right after <meta charset> (which must stay first), in any case before the first script
    anchor = _CHARSET.search(page) or _HEAD.search(page)
    if anchor is None:
        return page
    return page[: anchor.end()] + "\n" + meta + page[anchor.end() :]


def apply_csp(site_dir: Path) -> str:
    """Put a policy into every HTML page of ``site_dir`` and write ``_headers``; return the header policy."""
    every: list[str] = []
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        hashes = inline_script_hashes(text)
        every += [h for h in hashes if h not in every]
        new = _with_meta(text, policy(hashes))
        if new != text:
            page.write_text(new, encoding="utf-8")
    header = policy(every, header=True)
    (site_dir / HEADERS_FILE).write_text(
        "# Security headers for hosts that read _headers (Netlify, Cloudflare Pages); written by the build.\n"
        "/*\n"
        f"  Content-Security-Policy: {header}\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: no-referrer\n",
        encoding="utf-8",
    )
    return header
