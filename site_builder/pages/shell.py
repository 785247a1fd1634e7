"""The theme's page around generated content: one mkdocs-material page per kind, rendered once per build.

mkdocs renders the hand-written pages (``content/``) and a few index pages.  The thousands of report, project,
unit and year pages are not sent through mkdocs: per page its Markdown parse, navigation and theme render
cost more than everything else of the build together, and what they add — the theme's header, tabs,
sidebars, footer and scripts — is the same on every page of one depth.  So mkdocs renders one placeholder
page per kind at the kind's depth (relative links to the theme's assets depend on it), with markers where
the title, the description, the table of contents and the content go; :class:`Shell` fills them in.  The
result is what mkdocs-material would have written for the page, at a fraction of the cost.

The placeholders sit in the docs folder under names no unit or year can have (``_shell``); they are rendered,
sanitised and given their Content-Security-Policy like every mkdocs page, then read and deleted by
:func:`take_shells` before the generated pages are written.
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from site_builder.errors import ThemeFailed

__all__ = ["KINDS", "Shell", "ShellError", "take_shells", "write_shell_sources"]

_TITLE, _DESCRIPTION, _TOC, _CONTENT = "@@SB-TITLE@@", "@@SB-DESCRIPTION@@", "@@SB-TOC@@", "@@SB-CONTENT@@"
# the page's own address (mkdocs writes the placeholder's: …/units/_shell/) and what the page adds to <head>
# (theme/main.html writes the front matter's ``sb_head`` there: a unit's feed, a report's structured data)
_CANONICAL, _HEAD = "@@SB-CANONICAL@@", "@@SB-HEAD@@"
_MARKERS = re.compile(
    "(" + "|".join(re.escape(m) for m in (_TITLE, _DESCRIPTION, _TOC, _CONTENT, _CANONICAL, _HEAD)) + ")"
)
_CANONICAL_LINK = re.compile(r'<link rel="canonical" href="[^"]*">')
# what the placeholder Markdown becomes in the theme's page: the heading and paragraph that the content replaces
# (a heading gives the placeholder a table of contents, which the theme leaves out when it would be empty)
_PLACEHOLDER_CONTENT = f'<h1 id="sb-title">sb-title</h1>\n<p>{_CONTENT}</p>\n<h2 id="sb-toc">sb-toc</h2>'
_TOC_LIST = re.compile(r'(<ul class="md-nav__list" data-md-component="toc" data-md-scrollfix>)(.*?)(</ul>)', re.S)


@dataclass(frozen=True)
class Kind:
    """A kind of generated page: where its placeholder sits (its depth) and what the theme shows around it."""

    placeholder: str  # docs-relative folder, at the depth of the kind's pages
    toc: bool  # the table of contents beside the content (hidden, and left empty, when false)
    pagefind: bool  # the content is indexed for search


KINDS: dict[str, Kind] = {
    "unit": Kind("units/_shell", toc=True, pagefind=True),  # units/<id>/
    "report": Kind("units/_shell/0000", toc=True, pagefind=True),  # units/<id>/<year>/
    "project": Kind("units/_shell/0000/projects/_shell", toc=True, pagefind=True),  # .../projects/<slug>/
    "year": Kind("years/_shell", toc=False, pagefind=False),  # years/<year>/
}


class ShellError(ThemeFailed):
    """The theme's page no longer has the shape this module fills in (a theme upgrade changed it)."""


def write_shell_sources(docs_dir: Path) -> None:
    """Write one placeholder page per kind into the docs folder mkdocs will render."""
    for kind in KINDS.values():
        folder = docs_dir / kind.placeholder
        folder.mkdir(parents=True, exist_ok=True)
        front = [f'title: "{_TITLE}"', f'description: "{_DESCRIPTION}"', f'sb_head: "{_HEAD}"']
        if kind.pagefind:
            front.append("pagefind: true")
        if not kind.toc:
            front.append("hide: [toc]")
        (folder / "index.md").write_text(
            "---\n" + "\n".join(front) + "\n---\n\n# sb-title\n\n" + _CONTENT + "\n\n## sb-toc\n", encoding="utf-8"
        )


@dataclass(frozen=True)
class Shell:
    """A theme page cut at its markers; :meth:`fill` puts one page's parts in."""

    parts: tuple[str, ...]  # text and markers, alternating as re.split leaves them

    @classmethod
    def parse(cls, page: str, where: str) -> Shell:
        if page.count(_PLACEHOLDER_CONTENT) != 1:
            raise ShellError(f"{where}: 主题页面中找不到内容占位（mkdocs-material 的页面结构变了？）")
        page = page.replace(_PLACEHOLDER_CONTENT, _CONTENT)
        found = _TOC_LIST.findall(page)
        if len(found) != 1 or found[0][1].count('href="#sb-toc"') != 1:
            raise ShellError(f"{where}: 主题页面中找不到目录列表（mkdocs-material 的页面结构变了？）")
        page = _TOC_LIST.sub(lambda m: m[1] + "\n" + _TOC + "\n" + m[3], page)
        for marker in (_TITLE, _DESCRIPTION, _HEAD):
            if marker not in page:
                raise ShellError(f"{where}: 主题页面中找不到 {marker}")
        # with a site address, mkdocs gave the placeholder its own canonical link: each page gets its own instead
        page = _CANONICAL_LINK.sub(f'<link rel="canonical" href="{_CANONICAL}">', page, count=1)
        return cls(tuple(_MARKERS.split(page)))

    def fill(self, title: str, description: str, toc: str, content: str, canonical: str = "", head: str = "") -> str:
        """The page: ``canonical`` its absolute address (used where the shell has a canonical link, that is when
        the site has an address); ``head`` markup for its ``<head>`` (trusted: made by the build, not the data)."""
        values = {
            _TITLE: html.escape(title),
            _DESCRIPTION: html.escape(description),
            _TOC: toc,
            _CONTENT: content,
            _CANONICAL: html.escape(canonical),
            _HEAD: head,
        }
        return "".join(values.get(part, part) if index % 2 else part for index, part in enumerate(self.parts))


def take_shells(site_dir: Path) -> dict[str, Shell]:
    """Read the rendered placeholder pages and delete them from the site."""
    shells: dict[str, Shell] = {}
    for name, kind in KINDS.items():
        page = site_dir / kind.placeholder / "index.html"
        shells[name] = Shell.parse(page.read_text(encoding="utf-8"), kind.placeholder)
    for top in {kind.placeholder.split("/")[0] + "/_shell" for kind in KINDS.values()}:
        shutil.rmtree(site_dir / top)
    return shells
