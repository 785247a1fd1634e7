"""The search page's head, completed by the index step: the list of bundles and the files pagefind starts with.

On a phone over slow 4G a first query is a chain of round trips (docs/scale.md, “Search on a phone”): the page,
search.js, the list of bundles (``pagefind/shards.json``), pagefind's script, its worker, then the worker's first
files (each bundle's entry, metadata and WebAssembly), then the query's index chunks.  The list and the names of
those first files are known once the index is written, so the index step writes them into the search page
itself, between two markers the theme left at the top of its ``<head>`` (``theme/main.html``):

* ``<meta name="sb-bundles">``: shards.json's content, which search.js starts pagefind with (it still asks for
  shards.json beside it, to load again a page a browser kept from before the last publication);
* ``<link rel="modulepreload">`` for pagefind's script and ``<link rel="preload" as="fetch">`` for each
  bundle's first files: the browser fetches them while it parses the page, before the theme's styles, and
  pagefind's worker finds them in its cache.

The page's other bytes are mkdocs-material's.  The markers stay, so that indexing the site again (a test's copy of
a site, indexed as one tier) replaces what an earlier index wrote.  A page without them (a theme override that
dropped them) is left as it is: search.js then fetches shards.json itself.
"""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import TypedDict

from site_builder.addresses import SEARCH_PAGE, page_file

START, END = "<!--sb-search-head-->", "<!--/sb-search-head-->"
BUNDLES_META = "sb-bundles"  # the <meta name> search.js reads


class Bundle(TypedDict):
    """A bundle as shards.json lists it for search.js."""

    shard: str  # its value of the ``shard`` filter every page carries
    path: str  # its folder relative to pagefind/ ("" for the primary)
    pages: int
    tag: str  # pagefind's metaCacheTag: a hash of its input
    preload: list[str]  # the files pagefind's worker asks for first, relative to its folder


class Manifest(TypedDict):
    """shards.json: the primary bundle, the bundles merged into it, the ids of the stale pages to hide."""

    primary: Bundle
    merge: list[Bundle]
    hide: list[str]


def head(manifest: Manifest, bundle_dir: str) -> str:
    """The tags the marker becomes: ``manifest`` is shards.json's content, ``bundle_dir`` the bundles' folder
    relative to the search page (``../pagefind/``)."""
    text = json.dumps(manifest, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    tags = [
        f'<meta name="{BUNDLES_META}" content="{html.escape(text)}">',
        f'<link rel="modulepreload" href="{html.escape(bundle_dir)}pagefind.js">',
    ]
    for bundle in [manifest["primary"], *manifest["merge"]]:
        for name in bundle["preload"]:
            href = html.escape(f"{bundle_dir}{bundle['path']}{name}")
            tags.append(f'<link rel="preload" href="{href}" as="fetch" crossorigin>')
    return "\n".join(tags)


def complete_search_page(site_dir: Path, manifest: Manifest, bundle: str) -> bool:
    """Put :func:`head` between the search page's markers; ``bundle``: the bundles' folder relative to the site
    (``pagefind``).  The file is replaced, not written in place (it may be a hard link to the build's store).
    False when the site has no search page or the page no markers."""
    path = site_dir / page_file(SEARCH_PAGE)
    try:
        page = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    start, end = page.find(START), page.find(END)
    if start < 0 or end < start or page.count(START) != 1:
        return False
    up = "../" * SEARCH_PAGE.count("/")
    text = f"{page[: start + len(START)]}\n{head(manifest, f'{up}{bundle}/')}\n{page[end:]}"
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
    return True
