"""What the sanitiser lets through: its allow-lists and deny-lists, and how it judges a URL or a style.

Takes nothing; gives the elements that run or embed things (shown as text), the elements, attributes and classes
Markdown produces inside a narrative (the allow-list), the attributes that hold URLs or are dropped, the style
properties kept, and the tests of one value: a URL's scheme (:func:`url_scheme`), a link to another site
(:func:`links_elsewhere`), a picture from the report's own folder (:func:`local_image`), a ``style`` cleaned
(:func:`clean_style`).  :mod:`site_builder.pages.sanitize` applies them to the built pages.
"""

from __future__ import annotations

import html
import re

# elements that run, embed or restyle things: never in the content, shown as text if they get there
DANGEROUS = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "meta",
        "link",
        "template",
        "portal",
        "noembed",
        "noframes",
        "plaintext",
        "xmp",
        "foreignobject",
        "animate",
        "set",
        "animatemotion",
        "animatetransform",
        "handler",
        "listener",
        "math",
        "param",
        "textarea",
        "dialog",
        "slot",
        "video",
        "audio",
        "source",
        "track",
    }
)
# what Markdown (with tables, admonition, toc, attr_list) produces: the only elements a narrative may hold
NARRATIVE_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "code",
        "em",
        "strong",
        "b",
        "i",
        "u",
        "s",
        "del",
        "ins",
        "sub",
        "sup",
        "mark",
        "small",
        "abbr",
        "a",
        "img",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "caption",
        "colgroup",
        "col",
        "div",
        "span",
        "details",
        "summary",
        "figure",
        "figcaption",
        "kbd",
        "q",
        "cite",
        "var",
        "samp",
        "time",
    }
)
NARRATIVE_ATTRS = frozenset(
    {
        "id",
        "class",
        "title",
        "alt",
        "href",
        "src",
        "rel",
        "colspan",
        "rowspan",
        "scope",
        "style",
        "lang",
        "start",
        "width",
        "height",
        "datetime",
        "open",
    }
)
NARRATIVE_CLASSES = frozenset(
    {
        "admonition",
        "admonition-title",
        "note",
        "abstract",
        "summary",
        "tldr",
        "info",
        "todo",
        "tip",
        "hint",
        "important",
        "success",
        "check",
        "done",
        "question",
        "help",
        "faq",
        "warning",
        "caution",
        "attention",
        "failure",
        "fail",
        "missing",
        "danger",
        "error",
        "bug",
        "example",
        "quote",
        "cite",
        "toc",
    }
)
URL_ATTRS = frozenset(
    {
        "href",
        "src",
        "action",
        "xlink:href",
        "poster",
        "background",
        "cite",
        "data",
        "codebase",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "manifest",
        "icon",
        "profile",
        "usemap",
    }
)
# attributes no page of ours needs and that only serve to run, fetch or steal focus
DROPPED_ATTRS = frozenset(
    {
        "formaction",
        "srcdoc",
        "ping",
        "srcset",
        "imagesrcset",
        "autofocus",
        "contenteditable",
        "popover",
        "popovertarget",
        "accesskey",
        "is",
        "http-equiv",
        "xmlns:xlink",
    }
)
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"}
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# harmless style declarations (tables' text-align, chart colours); nothing that positions, hides or loads
_STYLE_PROPS = frozenset(
    {
        "text-align",
        "vertical-align",
        "white-space",
        "font-weight",
        "font-style",
        "color",
        "background-color",
        "fill",
        "stroke",
        "stroke-width",
        "width",
        "min-width",
        "max-width",
    }
)
_STYLE_VALUE = re.compile(r"^[#%.,\w\s-]*$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_STRIP = re.compile(r"[\x00-\x20\x7f]")
PLAIN_ID = re.compile(r"^[A-Za-z0-9_\u00a0-\uffff][\w\u00a0-\uffff.-]*$")
_IMAGE_PATH = re.compile(r"^[\w\u00a0-\uffff][\w\u00a0-\uffff .()-]*(/[\w\u00a0-\uffff][\w\u00a0-\uffff .()-]*)*$")
RESERVED_ID_PREFIXES = ("__", "md-", "sb-")  # the theme's and the site scripts' ids


def _clean_url(value: str) -> str:
    """The URL as a browser could read it: control characters and white space dropped (``java\\tscript:``),
    character references resolved once more (erring on the side of refusing)."""
    return _URL_STRIP.sub("", html.unescape(value))


def url_scheme(value: str) -> str | None:
    m = _SCHEME.match(_clean_url(value))
    return m[1].lower() if m else None


def links_elsewhere(value: str) -> bool:
    url = _clean_url(value).replace("\\", "/")
    return url_scheme(value) in ("http", "https") or url.startswith("//")


def local_image(value: str) -> bool:
    """A picture from the report's own folder: relative, no scheme, no ``..``, no query."""
    url = _clean_url(value)
    if url != value.strip() or url_scheme(url) is not None or url.startswith(("/", "\\")):
        return False
    if not _IMAGE_PATH.match(url):
        return False
    return ".." not in url.split("/")


def clean_style(value: str, narrative: bool) -> str:
    kept = []
    for declaration in value.split(";"):
        if not declaration.strip():
            continue
        name, sep, val = declaration.partition(":")
        name, val = name.strip().lower(), val.strip()
        allowed = {"text-align"} if narrative else _STYLE_PROPS
        if sep and name in allowed and _STYLE_VALUE.match(val) and val:
            kept.append(f"{name}: {val}")
    return "; ".join(kept) + (";" if kept else "")
