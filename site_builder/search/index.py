"""Step 5, index: pagefind (extended, Chinese segmentation) over the rendered site, in shards.

One pagefind run over the whole site costs time in proportion to the whole site (≈ 25 s at 6 000 pages) and
would have to rerun on every merge.  The index is therefore split into **shards** that are rebuilt only when
their own pages change, and the search page searches all of them at once with pagefind's multisite API
(``mergeIndex``; see ``site_builder/pages/assets/search.js``).

Shards (:func:`search_shards`): a unit's pages (``units/<id>/`` and everything below it) belong to one of a few
shards, chosen by a hash of the unit's id (:func:`unit_shard`); every other page (home, lists, years, content,
search, data) belongs to the shard ``site``.  How many: :func:`shard_count`, the smallest power of two giving
at most 128 units a shard on average — one for a county's site, 16 for a province of 1 800 units.  The count
weighs the reader against the build (docs/scale.md, “Search on a phone”): a reader's first query fetches the
entry, metadata and one index chunk per query word of *every* shard, so fewer shards are faster on a phone; an
edit reindexes its unit's whole shard (≈ 400 pages at 16 shards), so more shards keep an incremental build short.
A unit's shard depends on its id alone, so a unit never moves while the count stays, and full and incremental
builds agree.

Layout: the first shard that has pages — ``site`` when any of its pages is searchable — is the *primary*
bundle in ``pagefind/`` (with pagefind.js, the WebAssembly engine and the worker, which only the primary's
are ever loaded); every other shard is a data-only bundle in ``pagefind/<shard>/`` (entry, metadata, index,
fragment and filter chunks).  ``pagefind/shards.json`` lists the bundles to merge and a tag per bundle (a
hash of its input) that search.js passes as ``metaCacheTag``, so unchanged shards stay cached in browsers.
pagefind refuses to write an index of zero pages, which is why the primary is not always ``site``: on the
current site only unit, report and project pages carry ``data-pagefind-body``, so ``site`` is empty.

Each shard is indexed from a temporary directory of hard links to its own pages (same site-relative paths,
so result URLs are those of a whole-site index), with ``--output-path`` into the temporary directory; two
shards run at a time (both cores).  Only pages marked ``data-pagefind-body`` are given to pagefind: pagefind
applies that rule per run, and a shard holding only unmarked pages would otherwise index their whole
``<body>``.  With ``cache_dir``, each shard's bundle is stored under a hash of (pagefind version, layout
version, its pages' paths and bytes) and copied back when nothing changed, so an incremental build runs
pagefind only for the shards it touched.  pagefind's output depends only on its input, so the tree is
byte-identical whether a shard came from the cache or from a fresh run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder import addresses
from site_builder.cache import link_or_copy
from site_builder.errors import IndexFailed, ToolError
from site_builder.forked import JOB, fork_map
from site_builder.search.tools import pagefind_binary
from site_builder.sitefiles import site_files

if TYPE_CHECKING:
    from site_builder.public.model import PublicSite

__all__ = [
    "BUNDLE",
    "SHARDS_FILE",
    "SITE_SHARD",
    "IndexFailed",
    "IndexResult",
    "ShardResult",
    "index_site",
    "search_shards",
    "searchable_pages",
    "shard_count",
    "shard_source",
    "unit_shard",
    "unit_shards",
]

SITE_SHARD = "site"
BUNDLE = "pagefind"  # the primary bundle, site-relative; other shards are BUNDLE/<shard>/
SHARDS_FILE = "shards.json"  # in BUNDLE/: what search.js merges
LAYOUT = "site_builder-shards-2"  # part of every cache key: change it when the options or layout change
PARALLEL = 2  # pagefind runs at a time
UNITS_PER_SHARD = 128  # at most, on average: an edit reindexes one shard (≈ 450 pages), a reader opens every shard

# what a merged (non-primary) bundle needs: mergeIndex loads neither pagefind.js, the worker nor the WebAssembly
_DATA_FILES = ("pagefind-entry.json",)
_DATA_SUFFIXES = (".pf_meta",)
_DATA_DIRS = ("index", "fragment", "filter")

# the attribute as an attribute: text and attribute values are escaped, so "<" … "data-pagefind-body" inside a
# tag is the attribute itself (or another attribute's value containing it, which pagefind then simply skips)
_BODY = re.compile(rb"<[a-zA-Z][^<>]*\sdata-pagefind-body(?=[\s=/>])")
_INDEXED = re.compile(r"Indexed (\d+) pages?\b")


@dataclass
class ShardResult:
    name: str
    path: str  # site-relative bundle directory, e.g. "pagefind/" or "pagefind/4306/"
    pages: int
    seconds: float  # pagefind's run (0 when reused from the cache)
    cached: bool
    bytes: int  # size of the bundle as written into the site
    key: str  # hash of the shard's input


@dataclass
class IndexResult:
    pages: int
    seconds: float
    log: str
    shards: list[ShardResult] = field(default_factory=list)
    pagefind_seconds: float = 0.0  # wall time of the pagefind runs (shards from the cache need none)


def shard_count(units: int) -> int:
    """How many shards hold the units' pages: the smallest power of two giving at most ``UNITS_PER_SHARD`` units a
    shard on average (1 up to 128 units, 16 for 1 800).  A power of two, so the count changes, and every shard
    is reindexed, only when the number of units doubles or halves."""
    count = 1
    while units > count * UNITS_PER_SHARD:
        count *= 2
    return count


def unit_shard(unit_id: str, count: int) -> str:
    """The shard of a unit among ``count``: a hash of the unit's id (``u00`` … ``u15``), so a unit stays in its
    shard whatever else the site holds, a full and an incremental build agree, and an edit reindexes one shard."""
    digest = hashlib.sha256(unit_id.encode("utf-8")).digest()
    return f"u{int.from_bytes(digest[:8], 'big') % count:02d}"


def search_shards(site: PublicSite, count: int | None = None) -> dict[str, list[str]]:
    """The shards of ``site``'s pages: :func:`unit_shards` of its units."""
    return unit_shards((unit.model.id for unit in site.summaries), count)


def unit_shards(unit_ids: Iterable[str], count: int | None = None) -> dict[str, list[str]]:
    """Shard name → the site-relative page directories it owns (``units/<id>/``, everything below included).

    ``site`` owns the root (``""``), i.e. every page no other shard owns; a page belongs to the shard owning
    its nearest enclosing directory.  Names are ``site`` first, then the units' shards in order; ``count``
    (default :func:`shard_count` of the units) is how many shards the units are dealt to.
    """
    ids = list(unit_ids)
    count = count or shard_count(len(ids))
    owned: dict[str, list[str]] = {}
    for unit_id in ids:
        owned.setdefault(unit_shard(unit_id, count), []).append(addresses.unit_page(unit_id))
    shards = {SITE_SHARD: [""]}
    shards.update((name, sorted(owned[name])) for name in sorted(owned))
    return shards


def index_site(
    site_dir: Path, shards: Mapping[str, Sequence[str]] | None = None, cache_dir: Path | None = None, workers: int = 1
) -> IndexResult:
    """Write ``site_dir/pagefind/`` (and one bundle per further shard); only ``data-pagefind-body`` is indexed.

    ``shards`` is :func:`search_shards`'s mapping (default: one shard, ``site``, holding every page).  With
    ``cache_dir``, shards whose pages did not change are copied from there instead of reindexed.  ``workers``:
    processes reading the pages for the shards' keys (pagefind runs threads of its own).
    """
    started = time.perf_counter()
    site_dir = Path(site_dir)
    binary = pagefind_binary()
    version = _pagefind_version(binary)
    pages = _assign(site_dir, searchable_pages(site_dir, workers), shards or {SITE_SHARD: [""]})
    order = [name for name in _order(shards or {SITE_SHARD: [""]}) if pages.get(name)]
    if not order:
        raise IndexFailed("没有可供搜索的页面（找不到 data-pagefind-body）")
    keys = {name: _key(version, pages[name]) for name in order}
    bundle = site_dir / BUNDLE
    if bundle.exists():
        shutil.rmtree(bundle)
    work = _workdir(site_dir)
    try:
        todo = [name for name in order if not (cache_dir and _cached(cache_dir, keys[name]))]
        runs: dict[str, tuple[int, float, str]] = {}
        pagefind_seconds = 0.0
        if todo:
            running = time.perf_counter()
            with ThreadPoolExecutor(PARALLEL) as pool:
                runs = dict(
                    zip(todo, pool.map(lambda n: _run(binary, site_dir, pages[n], work / n), todo), strict=True)
                )
            pagefind_seconds = time.perf_counter() - running
        if cache_dir:
            for name in todo:
                _store(cache_dir, keys[name], work / name / "out", runs[name])
        results: list[ShardResult] = []
        logs: list[str] = []
        for i, name in enumerate(order):
            target = bundle if i == 0 else bundle / name
            if name in runs:
                source, (count, seconds, log) = work / name / "out", runs[name]
            else:
                assert cache_dir is not None
                entry = cache_dir / keys[name]
                meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
                source, count, seconds, log = entry / "bundle", meta["pages"], 0.0, meta["log"]
            _place(source, target, primary=i == 0, move=name in runs)
            relative = target.relative_to(site_dir).as_posix() + "/"
            results.append(ShardResult(name, relative, count, seconds, name not in runs, _size(target), keys[name]))
            logs.append(f"[{name}] {'（缓存）' if name not in runs else ''}\n{log}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _write_manifest(bundle, results)
    return IndexResult(
        sum(r.pages for r in results), time.perf_counter() - started, "\n".join(logs), results, pagefind_seconds
    )


def _order(shards: Mapping[str, Sequence[str]]) -> list[str]:
    return ([SITE_SHARD] if SITE_SHARD in shards else []) + sorted(n for n in shards if n != SITE_SHARD)


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


def _assign(
    site_dir: Path, pages: dict[str, bytes], shards: Mapping[str, Sequence[str]]
) -> dict[str, dict[str, bytes]]:
    """Pages per shard: each page goes to the shard owning its nearest enclosing directory (default: site)."""
    owner: dict[str, str] = {}
    for name, dirs in shards.items():
        for d in dirs:
            d = d.strip("/")
            if d in owner and owner[d] != name:
                raise IndexFailed(f"目录 {d or '/'} 同时属于分片 {owner[d]} 和 {name}")
            owner[d] = name
    out: dict[str, dict[str, bytes]] = {}
    for relative, data in pages.items():
        parts = relative.split("/")[:-1]
        name = SITE_SHARD
        for depth in range(len(parts), -1, -1):
            found = owner.get("/".join(parts[:depth]))
            if found is not None:
                name = found
                break
        out.setdefault(name, {})[relative] = data
    return out


def _pagefind(binary: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pagefind run with ``args``; a binary that cannot be started is a :class:`ToolError` saying so."""
    try:
        return subprocess.run([str(binary), *args], capture_output=True, text=True, check=False)
    except OSError as exc:
        raise ToolError(
            f"无法运行 pagefind（{binary}：{exc.strerror or exc}）；"
            "如设置了 SITE_BUILDER_PAGEFIND，请检查它指向 pagefind extended 程序"
        ) from None


def _pagefind_version(binary: Path) -> str:
    return _pagefind(binary, "--version").stdout.strip() or str(binary)


def _key(version: str, pages: dict[str, bytes]) -> str:
    digest = hashlib.sha256(f"{LAYOUT}\0{version}\0".encode())
    for relative in sorted(pages):
        digest.update(relative.encode("utf-8") + b"\0" + pages[relative])  # the page's sha256 digest
    return digest.hexdigest()


def _workdir(site_dir: Path) -> Path:
    """A temporary directory on the site's file system (hard links), else anywhere."""
    try:
        return Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-index-", dir=site_dir.resolve().parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix="site_builder-index-"))


def shard_source(site_dir: Path, pages: Iterable[str], source: Path) -> None:
    """The folder pagefind indexes for one shard: ``pages`` (site-relative) hard-linked from ``site_dir`` into
    ``source`` at the same places (copied where the file system cannot link)."""
    for relative in pages:
        target = source / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / relative, target)
        except OSError:
            shutil.copyfile(site_dir / relative, target)


def _run(binary: Path, site_dir: Path, pages: dict[str, bytes], work: Path) -> tuple[int, float, str]:
    """pagefind over ``pages`` only: (pages indexed, seconds, log); the bundle is written to ``work/out``."""
    source = work / "in"
    shard_source(site_dir, pages, source)
    started = time.perf_counter()
    proc = _pagefind(binary, "--site", str(source), "--output-path", str(work / "out"))
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise IndexFailed(f"pagefind 失败（退出码 {proc.returncode}）：{proc.stderr.strip() or proc.stdout.strip()}")
    found = _INDEXED.search(proc.stdout)
    return (int(found.group(1)) if found else 0), seconds, proc.stdout


def _cached(cache_dir: Path, key: str) -> bool:
    return (cache_dir / key / "meta.json").is_file()


def _store(cache_dir: Path, key: str, out: Path, run: tuple[int, float, str]) -> None:
    """Keep a fresh bundle under its key (written aside, then renamed: a half-written entry is never used)."""
    entry = cache_dir / key
    if entry.exists():
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{key[:16]}-", dir=cache_dir))
    try:
        shutil.copytree(out, partial / "bundle", copy_function=shutil.copyfile)
        meta = {"pages": run[0], "seconds": round(run[1], 3), "log": run[2]}
        (partial / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        partial.rename(entry)
    except OSError:
        pass  # another build stored it first, or the cache is not writable: the site is unaffected
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def _place(source: Path, target: Path, primary: bool, move: bool) -> None:
    """Put a bundle into the site: all of it for the primary, the search data only for merged shards.

    A fresh bundle (``move``) is moved, a rename on the same file system; one from the cache is hard-linked
    (read-only, so that an edit of the published file cannot change the cache), or copied where links fail."""

    def put(path: Path, dest: Path) -> None:
        if move:
            shutil.move(path, dest)
        elif path.is_dir():
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


def _write_manifest(bundle: Path, results: list[ShardResult]) -> None:
    """``pagefind/shards.json``: the primary and the bundles search.js merges (paths relative to pagefind/)."""

    def entry(r: ShardResult) -> dict[str, object]:
        return {"shard": r.name, "path": r.path[len(BUNDLE) + 1 :], "pages": r.pages, "tag": r.key[:16]}

    manifest = {"primary": entry(results[0]), "merge": [entry(r) for r in results[1:]]}
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (bundle / SHARDS_FILE).write_text(text, encoding="utf-8")
