"""Step 5, index: pagefind (extended, Chinese segmentation) over the rendered site, in two tiers.

The reader and the build want opposite things (docs/scale.md, “Search on a phone”).  A reader's first query
fetches, from *every* bundle of the index, its entry, its metadata and one index chunk per word of the query
(20–100 KB each, whatever the bundle's size): on a phone over slow 4G, one bundle is the fastest.  But pagefind
cannot update a bundle: one changed report would reindex the whole site (≈ 40 s of pagefind at 3 000 reports).

So the index has two **tiers** (:func:`search_tiers`), each one pagefind bundle, merged by the search page
(``mergeIndex``, ``site_builder/pages/assets/search.js``):

* ``base``: every searchable page as of the repository's *search base* — a commit that moves once a week by
  itself (:func:`site_builder.sources.history.search_base`): the pages of units unchanged since that commit as
  built now, and the pages of units changed since as they were at that commit (rendered by the build from the
  commit's sources with today's code, :func:`site_builder.build._stale_pages`).  Its input therefore depends on
  the base commit and the code only, so an edit does not reindex it: it comes from the cache.
* ``recent``: the current pages of the units changed since the base commit — a small bundle, reindexed after
  each edit.

The base's pages of changed units are *stale*: ``shards.json`` lists their ids (``hide``), and search.js drops
them from every result list and filter count, so a reader sees each unit once, as it is now.  A unit deleted
since the base commit leaves the base (the base is reindexed once), so that a withdrawn report's text is not
published in the index.  Without a base commit (no git history, or no commit before this week) there is one
tier, ``base``, holding every page as it is.

Layout: the first tier with pages is the *primary* bundle in ``pagefind/`` (with pagefind.js, the WebAssembly
engine and the worker, which only the primary's are ever loaded); the other, when it has pages, is a data-only
bundle in ``pagefind/recent/`` (entry, metadata, index, fragment and filter chunks).  ``pagefind/shards.json``
lists the bundles to merge, a tag per bundle (a hash of its input) that search.js passes as ``metaCacheTag``
so unchanged bundles stay cached in browsers, the files pagefind's worker asks for first (``preload``) and the
stale pages (``hide``); the same list goes into the search page's head, with a preload of each of those files
(:mod:`site_builder.search.page`), so that the browser fetches them while it parses the page.  Only pages marked
``data-pagefind-body`` are given to pagefind (pagefind applies that rule per run).  Each tier is indexed from a temporary directory of
hard links to its pages, at their site-relative paths (so result URLs are those of the site), two tiers at a
time.  Each tier has a key (:func:`tier_keys`: a hash of pagefind's version, the layout's and its pages' paths and
bytes); the step takes the bundles an earlier run made under these keys (``kept``, from the build's store) and
hands back the fresh ones (``BundleResult.fresh``, for the build to keep); pagefind's output depends only on its
input, so the tree is byte-identical whether a tier was kept or made.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.addresses import page_address
from site_builder.cache import link_or_copy
from site_builder.errors import IndexFailed, ToolError
from site_builder.forked import JOB, fork_map
from site_builder.search.page import Bundle, Manifest, complete_search_page
from site_builder.search.tools import pagefind_binary
from site_builder.sitefiles import site_files

__all__ = [
    "BASE",
    "BUNDLE",
    "HIDDEN_FILE",
    "RECENT",
    "SHARDS_FILE",
    "BundleResult",
    "IndexFailed",
    "IndexResult",
    "KeptBundle",
    "Tier",
    "index_site",
    "search_tiers",
    "searchable_pages",
    "tier_keys",
]

BASE = "base"
RECENT = "recent"
BUNDLE = "pagefind"  # the primary bundle, site-relative; the other is BUNDLE/recent/
SHARDS_FILE = "shards.json"  # in BUNDLE/: what search.js merges
HIDDEN_FILE = "hidden.json"  # in BUNDLE/: the filter values of the stale pages, in the order of shards.json's "hide"
LAYOUT = "site_builder-tiers-1"  # part of every cache key: change it when the options or layout change
PARALLEL = 2  # pagefind runs at a time

# what a merged (non-primary) bundle needs: mergeIndex loads neither pagefind.js, the worker nor the WebAssembly
_DATA_FILES = ("pagefind-entry.json",)
_DATA_SUFFIXES = (".pf_meta",)
_DATA_DIRS = ("index", "fragment", "filter")
_FRAGMENT_SIGNATURE = b"pagefind_dcd"  # what pagefind writes before the JSON of a decompressed fragment

# the attribute as an attribute: text and attribute values are escaped, so "<" … "data-pagefind-body" inside a
# tag is the attribute itself (or another attribute's value containing it, which pagefind then simply skips)
_BODY = re.compile(rb"<[a-zA-Z][^<>]*\sdata-pagefind-body(?=[\s=/>])")
_INDEXED = re.compile(r"Indexed (\d+) pages?\b")


@dataclass
class Tier:
    """One bundle of the index: the pages it indexes, and which of them are stale (hidden by the search page)."""

    name: str
    pages: dict[str, tuple[Path, bytes]]  # site-relative path → (the file indexed for it, its sha256 digest)
    stale: tuple[str, ...] = ()  # site-relative pages (``units/<id>/<year>/index.html``) out of date here


@dataclass
class BundleResult:
    name: str
    path: str  # site-relative bundle directory, "pagefind/" or "pagefind/recent/"
    pages: int
    seconds: float  # pagefind's run (0 when reused from the cache)
    cached: bool
    bytes: int  # size of the bundle as written into the site
    key: str  # hash of the tier's input
    hidden: int = 0  # stale pages listed for the search page to hide
    fresh: KeptBundle | None = None  # made by this run, for the caller to keep (``index_site(work=)``)


@dataclass
class IndexResult:
    pages: int  # pages a reader can find (stale ones not counted)
    seconds: float
    log: str
    bundles: list[BundleResult] = field(default_factory=list)
    pagefind_seconds: float = 0.0  # wall time of the pagefind runs (bundles from the cache need none)


def search_tiers(
    site_dir: Path, changed: Collection[str] = (), stale_dir: Path | None = None, workers: int = 1
) -> list[Tier]:
    """The tiers of ``site_dir``'s searchable pages (see the module's docstring).

    ``changed``: the ids of the units that may have changed since the search base; ``stale_dir``: a folder
    holding their pages as they were at the base commit (at their site-relative paths).  A changed unit's page
    goes to the base as it was, and to ``recent`` (its old version in the base then stale) only when its bytes
    differ; a page the site no longer has leaves the base.  With neither, one tier holds every page.
    """
    site_dir = Path(site_dir)
    current = searchable_pages(site_dir, workers)
    before = searchable_pages(stale_dir, workers) if stale_dir is not None and stale_dir.is_dir() else {}
    base: dict[str, tuple[Path, bytes]] = {}
    recent: dict[str, tuple[Path, bytes]] = {}
    stale: list[str] = []
    for relative, digest in current.items():
        old = before.get(relative) if _unit_of(relative) in changed else digest
        if old == digest:  # as it was at the base commit
            base[relative] = (site_dir / relative, digest)
            continue
        recent[relative] = (site_dir / relative, digest)
        if old is not None:  # changed since: the base keeps the old version, which the search page hides
            assert stale_dir is not None
            base[relative] = (stale_dir / relative, old)
            stale.append(relative)
    tiers = [Tier(BASE, base, tuple(stale))]
    if recent:
        tiers.append(Tier(RECENT, recent))
    return tiers


def _unit_of(relative: str) -> str | None:
    parts = relative.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "units" else None


@dataclass
class KeptBundle:
    """A tier's bundle as an earlier run made it (``folder``, left as it is) and what that run found."""

    folder: Path
    pages: int
    log: str
    found: dict[str, list[object]]  # URL → [the id of its results, its filters] (:func:`_fragment_pages`)


def tier_keys(tiers: list[Tier]) -> dict[str, str]:
    """Each tier's key: what its bundle is made of (pagefind's version, this layout, its pages' paths and bytes)."""
    version = _pagefind_version(pagefind_binary())
    return {tier.name: _key(version, tier.pages) for tier in tiers}


def index_site(
    site_dir: Path,
    tiers: list[Tier] | None = None,
    kept: Mapping[str, KeptBundle] | None = None,
    workers: int = 1,
    work: Path | None = None,
) -> IndexResult:
    """Write ``site_dir/pagefind/`` (and ``pagefind/recent/`` for a second tier); only ``data-pagefind-body`` is
    indexed.  ``tiers``: :func:`search_tiers`'s (default: one tier, every page of the site as it is).  ``kept``:
    bundles by :func:`tier_keys` key, used instead of running pagefind for a tier of that key.  ``work``: a folder
    the caller owns, where fresh bundles stay (``BundleResult.fresh``) for it to keep; without it they are not
    handed back.  ``workers``: processes reading the pages (pagefind runs threads of its own)."""
    started = time.perf_counter()
    site_dir = Path(site_dir)
    binary = pagefind_binary()
    order = [t for t in (tiers if tiers is not None else search_tiers(site_dir, workers=workers)) if t.pages]
    if not order:
        raise IndexFailed("没有可供搜索的页面（找不到 data-pagefind-body）")
    keys = tier_keys(order)
    kept = kept or {}
    bundle = site_dir / BUNDLE
    if bundle.exists():
        shutil.rmtree(bundle)
    scratch = work or _workdir(site_dir)
    try:
        todo = [t for t in order if keys[t.name] not in kept]
        runs: dict[str, tuple[int, float, str]] = {}
        pagefind_seconds = 0.0
        if todo:
            running = time.perf_counter()
            with ThreadPoolExecutor(PARALLEL) as pool:
                done = pool.map(lambda t: _run(binary, t.pages, scratch / t.name), todo)
                runs = dict(zip((t.name for t in todo), done, strict=True))
            pagefind_seconds = time.perf_counter() - running
        results: list[BundleResult] = []
        logs: list[str] = []
        hide: list[list[object]] = []
        for i, tier in enumerate(order):
            name, key = tier.name, keys[tier.name]
            target = bundle if i == 0 else bundle / name
            if name in runs:
                source, (count, seconds, log) = scratch / name / "out", runs[name]
                found = _fragment_pages(source)
            else:
                source, count, seconds, log, found = (
                    kept[key].folder,
                    kept[key].pages,
                    0.0,
                    kept[key].log,
                    kept[key].found,
                )
            _place(source, target, primary=i == 0)
            urls = {"/" + page_address(page) for page in tier.stale}
            hidden = [[pid, filters] for url, (pid, filters) in sorted(found.items()) if url in urls]
            hide += hidden
            relative = target.relative_to(site_dir).as_posix() + "/"
            fresh = KeptBundle(source, count, log, found) if name in runs and work is not None else None
            results.append(
                BundleResult(name, relative, count, seconds, name not in runs, _size(target), key, len(hidden), fresh)
            )
            logs.append(f"[{name}] {'（缓存）' if name not in runs else ''}\n{log}")
    finally:
        if work is None:
            shutil.rmtree(scratch, ignore_errors=True)
    complete_search_page(site_dir, _write_manifest(bundle, results, hide), BUNDLE)
    return IndexResult(
        sum(r.pages - r.hidden for r in results),
        time.perf_counter() - started,
        "\n".join(logs),
        results,
        pagefind_seconds,
    )


PARALLEL_MIN_PAGES = 200  # fewer pages are read and hashed in this process


def searchable_pages(site_dir: Path, workers: int = 1) -> dict[str, bytes]:
    """Site-relative path → sha256 digest of every HTML page pagefind would index (those marked
    data-pagefind-body; every page if none is marked, as pagefind does).  Digests, not the pages: a province's
    pages are hundreds of megabytes, read on ``workers`` processes."""
    pages = [
        relative
        for relative in site_files(site_dir)
        if relative.endswith(".html") and not relative.startswith(f"{BUNDLE}/")
    ]
    size = -(-len(pages) // max(workers, 1))  # consecutive shares: the results come back in the site's order
    chunks = [pages[i : i + size] for i in range(0, len(pages), size)] if pages else [[]]
    found = fork_map(_read_pages, chunks, workers, len(pages) >= PARALLEL_MIN_PAGES, site_dir=site_dir)
    everything = dict(zip(pages, (value for values in found for value in values), strict=True))
    marked = {p: digest for p, (mark, digest) in everything.items() if mark}
    return marked or {p: digest for p, (_, digest) in everything.items()}


def _read_pages(pages: list[str]) -> list[tuple[bool, bytes]]:
    """Whether each page is marked data-pagefind-body, and its digest (one worker's share)."""
    site_dir = JOB["site_dir"]
    out = []
    for relative in pages:
        with open(os.path.join(site_dir, relative), "rb") as page:
            data = page.read()
        out.append((_marked(data), hashlib.sha256(data).digest()))
    return out


def _marked(data: bytes) -> bool:
    """``_BODY.search(data)``, tried only at the tag around each occurrence of the attribute's name (a match ends
    with the name, and nothing between its ``<`` and the name is ``<``)."""
    at = data.find(b"data-pagefind-body")
    while at >= 0:
        tag = data.rfind(b"<", 0, at)
        if tag >= 0 and _BODY.match(data, tag):
            return True
        at = data.find(b"data-pagefind-body", at + 1)
    return False


def _pagefind(binary: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pagefind run with ``args``; a binary that cannot be started is a :class:`ToolError` saying so."""
    try:
        return subprocess.run([str(binary), *args], capture_output=True, text=True, check=False)
    except OSError as exc:
        raise ToolError(
            f"无法运行 pagefind（{binary}：{exc.strerror or exc}）；"
            "如设置了 SITE_BUILDER_PAGEFIND，请检查它指向 pagefind extended 程序"
        ) from None


@functools.cache
def _pagefind_version(binary: Path) -> str:
    """Once per process: the build asks for it for the store's keys and again for the index."""
    return _pagefind(binary, "--version").stdout.strip() or str(binary)


def _key(version: str, pages: Mapping[str, tuple[Path, bytes]]) -> str:
    digest = hashlib.sha256(f"{LAYOUT}\0{version}\0".encode())
    for relative in sorted(pages):
        digest.update(relative.encode("utf-8") + b"\0" + pages[relative][1])  # the page's sha256 digest
    return digest.hexdigest()


def _workdir(site_dir: Path) -> Path:
    """A temporary directory on the site's file system (hard links), else anywhere."""
    try:
        return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-index-", dir=site_dir.resolve().parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix="site_builder-index-"))


def bundle_source(pages: Mapping[str, tuple[Path, bytes]], source: Path) -> None:
    """The folder pagefind indexes for one tier: each page's file hard-linked into ``source`` at its site-relative
    path (copied where the file system cannot link)."""
    for relative, (path, _) in pages.items():
        target = source / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, target)
        except OSError:
            shutil.copyfile(path, target)


def _run(binary: Path, pages: Mapping[str, tuple[Path, bytes]], work: Path) -> tuple[int, float, str]:
    """pagefind over ``pages`` only: (pages indexed, seconds, log); the bundle is written to ``work/out``."""
    source = work / "in"
    bundle_source(pages, source)
    started = time.perf_counter()
    proc = _pagefind(binary, "--site", str(source), "--output-path", str(work / "out"))
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise IndexFailed(f"pagefind 失败（退出码 {proc.returncode}）：{proc.stderr.strip() or proc.stdout.strip()}")
    found = _INDEXED.search(proc.stdout)
    return (int(found.group(1)) if found else 0), seconds, proc.stdout


def _fragment_pages(bundle: Path) -> dict[str, list[object]]:
    """Each page of a fresh bundle: its URL → [the id pagefind gives its results (the fragment's name), its
    filters] — what the search page needs to hide a stale page and take it out of the filter counts."""
    found: dict[str, list[object]] = {}
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        if data.startswith(_FRAGMENT_SIGNATURE):
            data = data[len(_FRAGMENT_SIGNATURE) :]
        page = json.loads(data)
        found[page["url"]] = [path.name[: -len(".pf_fragment")], page.get("filters", {})]
    return found


def _place(source: Path, target: Path, primary: bool) -> None:
    """Put a bundle into the site: all of it for the primary, the search data only for a merged tier; hard-linked
    (a kept bundle's files are read-only, so that an edit of the published file cannot change it), or copied
    where links fail."""

    def put(path: Path, dest: Path) -> None:
        if path.is_dir():
            shutil.copytree(path, dest, copy_function=link_or_copy)
        else:
            link_or_copy(path, dest)

    if primary:
        put(source, target)
        return
    target.mkdir(parents=True)
    for path in sorted(source.iterdir()):
        if (path.is_dir() and path.name in _DATA_DIRS) or (
            path.is_file() and (path.name in _DATA_FILES or path.name.endswith(_DATA_SUFFIXES))
        ):
            put(path, target / path.name)


def _size(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


def _first_files(bundle: Path, tag: str, primary: bool) -> list[str]:
    """The files pagefind's worker fetches first from a bundle, as it names them (its entry with the bundle's
    tag, the metadata of each language, and for the primary the WebAssembly of each language; not the worker's
    script, which the browser fetched a second time, for no gain measured): the search page preloads them
    (:mod:`site_builder.search.page`; search.js fetches them itself on a page without that head), so that they
    are in the browser's cache when the worker asks."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    files = [f"pagefind-entry.json?ts={tag}"]
    for language in sorted(entry.get("languages", {}).values(), key=lambda v: str(v.get("hash"))):
        files.append(f"pagefind.{language['hash']}.pf_meta")
        wasm = f"wasm.{language.get('wasm') or 'unknown'}.pagefind"
        if primary and (bundle / wasm).is_file() and wasm not in files:
            files.append(wasm)
    return files


def _write_manifest(bundle: Path, results: list[BundleResult], hide: list[list[object]]) -> Manifest:
    """``pagefind/shards.json``: the primary and the bundles search.js merges (paths relative to pagefind/), the
    files to fetch first, and the ids of the stale pages to hide; ``pagefind/hidden.json``: those pages' filter
    values (loaded with the filter counts, which pagefind counts with them).  Returns shards.json's content."""

    def entry(r: BundleResult, primary: bool) -> Bundle:
        path = r.path[len(BUNDLE) + 1 :]
        tag = r.key[:16]
        return {
            "shard": r.name,
            "path": path,
            "pages": r.pages,
            "tag": tag,
            "preload": _first_files(bundle / path, tag, primary),
        }

    manifest: Manifest = {
        "primary": entry(results[0], True),
        "merge": [entry(r, False) for r in results[1:]],
        "hide": [str(pid) for pid, _ in hide],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (bundle / SHARDS_FILE).write_text(text, encoding="utf-8")
    hidden = json.dumps([filters for _, filters in hide], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (bundle / HIDDEN_FILE).write_text(hidden + "\n", encoding="utf-8")
    return manifest
