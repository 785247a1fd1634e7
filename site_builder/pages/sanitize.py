"""Post-processing of the built pages: nothing a report brings in can run, hide the page or leave the site unmarked.

Narratives are Markdown and the data's free text reaches Markdown too (warnings, headings).  Raw HTML in
them never gets this far: the page templates autoescape every value, so ``<script>`` reaches Markdown as
``&lt;script&gt;`` and is shown as text.  What Markdown itself can still produce is handled here, on the
HTML mkdocs wrote, inside each page's content (``<article class="md-content__inner">``; the theme's own
chrome and scripts around it are left alone):

* Markdown links and ``attr_list`` attributes: ``[x](javascript:…)``, ``{: onclick=… }``, ``{: style=… }``,
  ``{: #__config }`` or a heading “__config” (an id the theme looks up) and the like.
* Everywhere in the content: elements that run or embed things (``script``, ``iframe``, ``object``, ``embed``,
  ``base``, ``meta``, ``link``, ``style``, ``form`` controls' ``formaction`` …) are shown as text; ``on*``
  event attributes are removed; URLs may only be relative, ``http(s)`` or ``mailto`` (no ``javascript:``,
  ``data:``, ``vbscript:``); ``style`` keeps only harmless declarations; the theme's ``md-*`` classes and
  ``data-md-*`` hooks are removed and ``__*`` ids renamed (``h-__*``, links to them follow); links to other
  sites get ``rel="noopener noreferrer"``.
* Inside a narrative (``<div class="sb-narrative">``), an allow-list: only the elements and attributes
  Markdown produces, only admonition classes, ids only as plain words, ``style`` only ``text-align``, and
  images only from the report's own folder (a relative path without ``..``); any other image becomes its
  alt text.

Tags that are refused are shown as text, never silently dropped, so nothing of a report is lost.  Tags and
text that need no change are copied byte for byte.  :func:`sanitize_site` is called once, by
:func:`site_builder.pages.render.render_site` (on mkdocs' pages), and :func:`sanitize_fragment` on every narrative,
before the search index is built.

This module takes built HTML and gives it sanitised, with the :class:`Change` list; what is let through is
:mod:`site_builder.pages.htmlpolicy`'s.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from site_builder.pages.htmlpolicy import (
    DANGEROUS,
    DROPPED_ATTRS,
    NARRATIVE_ATTRS,
    NARRATIVE_CLASSES,
    NARRATIVE_TAGS,
    PLAIN_ID,
    RESERVED_ID_PREFIXES,
    SAFE_SCHEMES,
    URL_ATTRS,
    VOID,
    clean_style,
    links_elsewhere,
    local_image,
    url_scheme,
)

__all__ = ["Change", "sanitize_fragment", "sanitize_html", "sanitize_site"]


@dataclass(frozen=True)
class Change:
    """One thing the sanitiser changed, for the build log and the tests."""

    where: str
    what: str

    def format(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass
class _Token:
    start: int
    raw_len: int | None  # length of the token's own text; None = up to the next token
    replacement: str | None = None


_DROP = object()


class _Sanitizer(HTMLParser):
    def __init__(self, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.where = where
        self.tokens: list[_Token] = []
        self.changes: list[Change] = []
        self._text = ""
        self._line_starts: list[int] = [0]
        self._article_depth = 0  # > 0 inside the page content
        self._narrative_tag: str | None = None  # the element that opened the narrative we are in
        self._narrative_nesting = 0
        self._escaped_cdata = False
        self._escaped_open: dict[str, int] = {}
        self._renamed: dict[str, str] = {}  # ids renamed in the content → their new name
        self._fragment_links: list[tuple[int, str, list[tuple[str, str | None]], bool]] = []

    # ------------------------------------------------------------------ positions and output

    def run(self, text: str) -> str:
        self._text = text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.feed(text)
        self.close()
        self._retarget_fragment_links()
        if not self.tokens:
            return text
        out = [text[: self.tokens[0].start]]
        for index, token in enumerate(self.tokens):
            end = self.tokens[index + 1].start if index + 1 < len(self.tokens) else len(text)
            if token.replacement is None:
                out.append(text[token.start : end])
                continue
            own_end = end if token.raw_len is None else min(token.start + token.raw_len, end)
            out.append(token.replacement)
            out.append(text[own_end:end])
        return "".join(out)

    def _retarget_fragment_links(self) -> None:
        """Links to a renamed id (the table of contents beside the content) follow it to its new name."""
        for index, tag, attrs, self_closing in self._fragment_links:
            href = dict(attrs).get("href") or ""
            target = self._renamed.get(href[1:])
            if target is None:
                continue
            attrs = [(n, f"#{target}" if n == "href" else v) for n, v in attrs]
            self.tokens[index].replacement = _tag(tag, attrs, self_closing)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _token(self, raw_len: int | None = None, replacement: str | None = None) -> None:
        self.tokens.append(_Token(self._offset(), raw_len, replacement))

    def _change(self, what: str) -> None:
        self.changes.append(Change(self.where, what))

    @property
    def _in_narrative(self) -> bool:
        return self._narrative_tag is not None

    # ------------------------------------------------------------------ handlers

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self_closing=True)

    def handle_endtag(self, tag: str) -> None:
        replacement = None
        if self._article_depth:
            if self._escaped_open.get(tag):
                self._escaped_open[tag] -= 1
                replacement = html.escape(f"</{tag}>")
                if tag in ("script", "style"):
                    self._escaped_cdata = False
            elif self._in_narrative and tag == self._narrative_tag:
                self._narrative_nesting -= 1
                if self._narrative_nesting == 0:
                    self._narrative_tag = None
            elif tag == "article":
                self._article_depth -= 1
        if replacement is None:
            self._token()
        else:
            offset = self._offset()
            close = self._text.find(">", offset)
            self._token(close - offset + 1 if close >= 0 else None, replacement)

    def handle_data(self, data: str) -> None:
        if self._escaped_cdata:
            self._token(None, html.escape(data, quote=False))
        else:
            self._token()

    def handle_comment(self, data: str) -> None:
        self._token()

    def handle_decl(self, decl: str) -> None:
        self._token()

    def handle_pi(self, data: str) -> None:
        self._token()

    def unknown_decl(self, data: str) -> None:
        self._token()

    # ------------------------------------------------------------------ the rules

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> None:
        raw = self.get_starttag_text() or ""
        if not self._article_depth:
            if tag == "article" and "md-content__inner" in (dict(attrs).get("class") or "").split():
                self._article_depth = 1
            self._fragment_link(tag, attrs, self_closing)
            self._token(len(raw))
            return
        narrative = self._in_narrative
        if tag in DANGEROUS or (narrative and tag not in NARRATIVE_TAGS):
            self._change(f"<{tag}> 显示为文字")
            if not self_closing and tag not in VOID:
                self._escaped_open[tag] = self._escaped_open.get(tag, 0) + 1
                if tag in ("script", "style"):
                    self._escaped_cdata = True
            self._token(len(raw), html.escape(raw))
            return
        if tag == "article" and not self_closing:
            self._article_depth += 1
        kept = self._attributes(tag, attrs, narrative)
        values = dict(kept)
        if narrative and tag == "img" and not local_image(values.get("src") or ""):
            self._change(f"<img src={dict(attrs).get('src')!r}> 不是报告文件夹内的图片，显示为其说明文字")
            self._token(len(raw), html.escape(dict(attrs).get("alt") or "", quote=False))
            return
        if not self_closing and tag not in VOID:
            if narrative and tag == self._narrative_tag:
                self._narrative_nesting += 1
            elif not narrative and "sb-narrative" in (values.get("class") or "").split():
                self._narrative_tag = tag
                self._narrative_nesting = 1
        self._fragment_link(tag, kept, self_closing)
        if kept == list(attrs):
            self._token(len(raw))
            return
        self._token(len(raw), _tag(tag, kept, self_closing))

    def _fragment_link(self, tag: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> None:
        if tag == "a" and (dict(attrs).get("href") or "").startswith("#"):
            self._fragment_links.append((len(self.tokens), tag, list(attrs), self_closing))

    def _attributes(
        self, tag: str, attrs: list[tuple[str, str | None]], narrative: bool
    ) -> list[tuple[str, str | None]]:
        kept: list[tuple[str, str | None]] = []
        external = False
        for name, value in attrs:
            new = self._attribute(tag, name, value, narrative)
            if new is _DROP:
                self._change(f"<{tag}> 去掉属性 {name}={value!r}")
                continue
            if new != value:
                self._change(f"<{tag}> 属性 {name}={value!r} 改为 {new!r}")
            kept.append((name, new))  # type: ignore[arg-type]
            if tag == "a" and name == "href" and isinstance(new, str) and links_elsewhere(new):
                external = True
        if external:
            index = next((i for i, (n, _) in enumerate(kept) if n == "rel"), None)
            tokens = (kept[index][1] or "").split() if index is not None else []
            wanted = [t for t in tokens if t != "opener"] + [t for t in ("noopener", "noreferrer") if t not in tokens]
            rel = " ".join(wanted)
            if index is None:
                kept.append(("rel", rel))
            elif kept[index][1] != rel:
                kept[index] = ("rel", rel)
        return kept

    def _attribute(self, tag: str, name: str, value: str | None, narrative: bool) -> object:
        if name.startswith("on") or name in DROPPED_ATTRS or name.startswith("data-md-"):
            return _DROP
        if narrative and name not in NARRATIVE_ATTRS:  # target, role, hidden, data-*, aria-*…
            return _DROP
        if name in URL_ATTRS:
            return self._url(name, value or "", narrative)
        if name == "style":
            return clean_style(value or "", narrative) or _DROP
        if name == "id":
            return self._id(value or "", narrative)
        if name == "class":
            classes = (value or "").split()
            kept = [c for c in classes if (c in NARRATIVE_CLASSES if narrative else not c.startswith("md-"))]
            if kept == classes:
                return value
            return " ".join(kept) if kept else _DROP
        return value

    def _url(self, name: str, value: str, narrative: bool) -> object:
        scheme = url_scheme(value)
        if scheme is None:
            return value
        if name == "href" and scheme in SAFE_SCHEMES:
            return value
        if name == "src" and scheme in ("http", "https") and not narrative:
            return value  # another site's resource: the verify step refuses it with a clear message
        return _DROP

    def _id(self, value: str, narrative: bool) -> object:
        """Ids the theme or the site's scripts look up (``__config``, ``sb-search``…) are renamed, not dropped,
        so a heading called “__config” still has its place in the table of contents."""
        if narrative and not PLAIN_ID.match(value):
            return _DROP
        if value.startswith("__") or (narrative and value.startswith(RESERVED_ID_PREFIXES)):
            self._renamed[value] = f"h-{value}"
            return f"h-{value}"
        return value


def _tag(tag: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> str:
    rebuilt = "".join(
        f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"' for name, value in attrs
    )
    return f"<{tag}{rebuilt}{' /' if self_closing else ''}>"


def sanitize_html(text: str, where: str = "") -> tuple[str, list[Change]]:
    """Sanitise one page; return the new HTML and what was changed (empty when nothing needed to be)."""
    parser = _Sanitizer(where)
    out = parser.run(text)
    return out, parser.changes


def sanitize_fragment(fragment: str, where: str = "") -> tuple[str, list[Change]]:
    """Sanitise a piece of page content (e.g. a converted narrative) before it is put into its page."""
    head, tail = '<article class="md-content__inner">', "</article>"
    out, changes = sanitize_html(head + fragment + tail, where)
    if not (out.startswith(head) and out.endswith(tail)):  # the content closed the article early
        out = html.escape(fragment)
        changes.append(Change(where, "内容无法安全显示，显示为文字"))
        return out, changes
    return out[len(head) : -len(tail)], changes


def sanitize_site(site_dir: Path) -> list[Change]:
    """Sanitise every HTML page of a built site in place; return every change made."""
    changes: list[Change] = []
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        new, page_changes = sanitize_html(text, page.relative_to(site_dir).as_posix())
        if new != text:
            page.write_text(new, encoding="utf-8")
        changes += page_changes
    return changes
