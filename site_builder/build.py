"""The whole pipeline, one step a module: load → validate → public → render → index → verify.

The site is built in a temporary directory next to the output and swapped into place only after
verification passed, so a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from site_builder.cache import BuildCache, CacheDamaged, tree_hash
from site_builder.checks.validate import Checked, validate
from site_builder.errors import BuildFailed
from site_builder.forked import JOB, batch_gc, fork_map
from site_builder.identity import Identity, IdentityError, read_identity
from site_builder.messages import Message
from site_builder.pages.render import (
    PARALLEL_MIN_UNITS,
    PageRenderer,
    run_theme,
    theme_inputs,
    write_downloads,
    write_pages,
    write_year_pages,
)
from site_builder.pages.shell import Shell, take_shells
from site_builder.pages.theme import markdown_extensions, write_docs
from site_builder.pages.unitparts import UnitParts, unit_parts
from site_builder.public.model import KeptUnit, PublicSite, PublicUnit, assemble, kept_unit, public_unit
from site_builder.search.index import IndexResult, KeptBundle, Tier, index_site, search_tiers, tier_keys
from site_builder.sitefiles import site_files
from site_builder.sources.history import Correction, SearchBase, all_corrections, extract_units, search_base
from site_builder.sources.load import UNIT_ID, YEAR, load
from site_builder.verify.checks import verify
from site_builder.verify.verdicts import Verdicts


@dataclass
class UnitArtifact:
    """Everything one unit gives the site but its pages, made from its folder and its corrections alone (in
    :func:`_prepare_units`) and kept by the build's store under one key: what the site-wide pages, downloads and
    checks take from it, and its warnings."""

    kept: KeptUnit  # its summary, secrets, official names and declared public numbers
    warnings: list[Message]
    parts: UnitParts  # its year-page rows, report.json texts and bulk CSV lines


@dataclass
class BuildResult:
    out: Path
    reports: int
    projects: int
    pages: int
    warnings: list[Message] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


T = TypeVar("T")


def _timed(timings: dict[str, float], name: str, fn: Callable[[], T]) -> T:
    started = time.perf_counter()
    result = fn()
    timings[name] = time.perf_counter() - started
    return result


def build(root: Path, out: Path, log: Callable[[str], None] = print, cache_dir: Path | None = None) -> BuildResult:
    """Build the site from ``root/units`` and ``root/content`` into ``out``.

    With ``cache_dir``, units whose sources, history and the build's code are unchanged since the previous build
    are neither loaded nor rendered again (:mod:`site_builder.cache`); the output is the same either way.
    """
    with batch_gc():
        try:
            return _build(root, out, log, cache_dir)
        except CacheDamaged as damaged:  # a kept model could not be read: start again, reading every kept one first
            log(f"  缓存中 {damaged.key[:12]} 已损坏，重新生成该单位")
            return _build(root, out, log, cache_dir, read_models=True)


def _build(
    root: Path, out: Path, log: Callable[[str], None], cache_dir: Path | None, read_models: bool = False
) -> BuildResult:
    root = root.resolve()
    out = out.resolve()
    identity = site_identity(root)
    store = BuildCache(cache_dir.resolve() if cache_dir else None)
    timings: dict[str, float] = {}
    history: dict[tuple[str, int], list[Correction]] = _timed(timings, "history", lambda: _history(root))
    started = time.perf_counter()
    workers = min(os.cpu_count() or 1, 2)
    unit_keys, artifacts, todo = _reusable(root, store, history, workers, read_models)
    reused = len(artifacts)
    timings["cache"] = time.perf_counter() - started
    held: dict[str, PublicUnit] = {}  # the models this build made
    if todo is None or todo:
        made, errors, step_seconds = _prepare(root, todo, history, workers)
        timings.update(step_seconds)
        if errors:
            raise BuildFailed("数据有错误，未发布", [m.format() for m in errors])
        started = time.perf_counter()
        for uid, artifact, model in made:
            artifacts[uid] = pickle.loads(artifact)  # noqa: S301 - pickled by this build's own workers
            held[uid] = pickle.loads(model)  # noqa: S301 - idem
            if uid in unit_keys:
                store.store_unit(unit_keys[uid], artifact, model)
        timings["collect"] = time.perf_counter() - started

    def load(uid: str) -> PublicUnit:
        key = unit_keys[uid]
        value = store.load_model(key)
        if value is None:
            raise CacheDamaged(key)
        return value

    artifacts = dict(sorted(artifacts.items()))
    site = assemble([a.kept for a in artifacts.values()], held, load)
    warnings: list[Message] = [w for a in artifacts.values() for w in a.warnings]
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-build-", dir=out.parent))
    try:
        html = work / "site"
        started = time.perf_counter()
        pages = _render(site, artifacts, root, work / "docs", html, store, unit_keys, identity, workers, timings)
        timings["render"] = time.perf_counter() - started
        base = _timed(timings, "index.base", lambda: search_base(root))
        stale_dir, stale_site = None, None
        if base.commit is not None and base.changed:
            stale_dir = work / "stale"
            stale_site = _timed(
                timings, "index.stale", lambda: _stale_pages(root, base, store, pages, stale_dir, workers)
            )
        tiers = search_tiers(html, base.changed if stale_dir else (), stale_dir, workers)
        indexed = _timed(timings, "index", lambda: _index(html, tiers, store, workers, work / "index"))
        timings["index.pagefind"] = indexed.pagefind_seconds
        started = time.perf_counter()
        places = {uid: store.unit_verdicts(unit_keys[uid], pages.shell) for uid in artifacts if uid in unit_keys}
        places[""] = store.site_verdicts()
        kept = {
            group: found for group, place in places.items() if isinstance(found := store.load_verdicts(place), Verdicts)
        }
        timings["verify.kept"] = time.perf_counter() - started
        checked = _with_stale(site, stale_site, set().union(*(a.kept.names for a in artifacts.values())))
        problems, verdicts = _timed(
            timings, "verify", lambda: verify(html, checked, workers, identity, root, kept.values())
        )
        if problems:
            raise BuildFailed("输出检查未通过，未发布", [p.format() for p in problems])
        _swap(html, out)
        for group, place in places.items():  # those of this build's files that changed
            if group in verdicts and verdicts[group] != kept.get(group):
                store.keep_verdicts(place, pickle.dumps(verdicts[group], protocol=5))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    store.prune()
    reports = sum(len(u.reports) for u in site.summaries)
    projects = sum(len(r.projects) for u in site.summaries for r in u.reports)
    for step, seconds in timings.items():
        log(f"  {step:<9}{seconds:6.2f} 秒")
    if store.folder is not None:
        log(f"  缓存：{reused} 个单位未变，{len(site.summaries) - reused} 个单位重新生成")
    return BuildResult(out, reports, projects, indexed.pages, warnings, timings)


@dataclass
class _PageContext:
    """What rendering a unit's pages takes besides the unit: the theme's pages around them, their key, the
    renderer."""

    shells: dict[str, Shell]
    shell: str  # the key of the shells and of the site's identity, part of each unit's files' key
    renderer: PageRenderer


def _render(
    site: PublicSite,
    artifacts: dict[str, UnitArtifact],
    root: Path,
    docs: Path,
    out: Path,
    store: BuildCache,
    unit_keys: dict[str, str],
    identity: Identity,
    workers: int,
    timings: dict[str, float],
) -> _PageContext:
    """The render step (:func:`site_builder.pages.render.render_site`'s steps), keeping in ``store`` what is
    worth keeping: mkdocs' pages, under everything they are made of, and each unit's files, under the unit's key
    and the theme page around them.  The year pages and the downloads are made from the units' artifacts.  Returns
    what rendering a unit's pages takes, for the stale pages of the search's base tier."""
    started = time.perf_counter()
    write_docs(site, root / "content", docs)
    theme = store.site_files(store.key("theme", *theme_inputs(root, docs, identity, True)))
    if store.has_files(theme):
        store.copy_files_out(theme, out)
    else:
        run_theme(root, docs, out, identity)
        store.store_files(theme, out, site_files(out))
    shells = take_shells(out)
    # a unit's files depend on the theme page around them and on the site's identity (canonical links, feeds)
    shell = store.key("shells", *(part for kind in shells.values() for part in kind.parts), repr(identity))
    timings["render.mkdocs"] = time.perf_counter() - started
    started = time.perf_counter()
    pages = _PageContext(shells, shell, PageRenderer(markdown_extensions(root / "mkdocs.yml"), identity))
    _unit_pages(site, list(artifacts), unit_keys, store, pages, out, workers)
    write_year_pages(site, {uid: a.parts.year_rows for uid, a in artifacts.items()}, shells, out, pages.renderer)
    timings["render.pages"] = time.perf_counter() - started
    started = time.perf_counter()
    write_downloads(site, {uid: a.parts for uid, a in artifacts.items()}, out, identity)
    timings["render.downloads"] = time.perf_counter() - started
    return pages


def _unit_pages(
    site: PublicSite,
    uids: list[str],
    unit_keys: dict[str, str],
    store: BuildCache,
    pages: _PageContext,
    out: Path,
    workers: int,
) -> None:
    """Each unit's files into ``out``: from the store when it keeps them under the unit's key and the shells',
    else rendered (and kept)."""
    todo = []
    for uid in uids:
        entry = store.unit_files(unit_keys[uid], pages.shell) if uid in unit_keys else None
        if entry is not None and store.has_files(entry):
            store.copy_files_out(entry, out)
        else:
            todo.append(uid)
    for uid, files in write_pages(site, pages.shells, out, pages.renderer, workers, todo).items():
        if uid in unit_keys:
            store.store_files(store.unit_files(unit_keys[uid], pages.shell), out, files)


def _stale_pages(
    root: Path, base: SearchBase, store: BuildCache, pages: _PageContext, out: Path, workers: int
) -> PublicSite | None:
    """The pages of the units changed since the search base as they were at its commit, rendered with this
    build's code into ``out`` for the index's base tier (:mod:`site_builder.search.index`), and their public
    site (its secrets and declared numbers join the verification: their text is published in the index).

    The same pipeline as the build's, from the commit's sources and corrections; the store keeps them under
    their own keys, so they are made once per base commit.  A unit that fails validation as it was (the schema
    has moved on, say) is left out: its current pages are then only in the recent tier."""
    assert base.commit is not None
    commit = base.commit
    old = out.parent / "stale-sources"
    extract_units(root, commit, base.changed, old)
    units = old / "units"
    folders = [f for f in sorted(units.iterdir()) if f.is_dir() and UNIT_ID.match(f.name)] if units.is_dir() else []
    if not folders:
        return None
    history = all_corrections(root, _report_keys(folders), rev=commit)
    keys, artifacts, todo = _reusable(old, store, history, workers, only=folders)
    todo = folders if todo is None else todo
    made: list[tuple[str, bytes, bytes]] = []
    while todo:
        made, errors, _ = _prepare(old, todo, history, workers)
        if not errors:
            break
        bad = {m.path.split("/")[1] for m in errors if m.path.startswith("units/")}
        remaining = [f for f in todo if f.name not in bad]
        todo, made = (remaining if len(remaining) < len(todo) else []), []
    held: dict[str, PublicUnit] = {}
    for uid, artifact, model in made:
        artifacts[uid] = pickle.loads(artifact)  # noqa: S301 - pickled by this build's own workers
        held[uid] = pickle.loads(model)  # noqa: S301 - idem
        store.store_unit(keys[uid], artifact, model)

    def load_model(uid: str) -> PublicUnit:
        value = store.load_model(keys[uid])
        if value is None:
            raise CacheDamaged(keys[uid])
        return value

    site = assemble([a.kept for _, a in sorted(artifacts.items())], held, load_model)
    _unit_pages(site, sorted(artifacts), keys, store, pages, out, workers)
    return site


def _index(site_dir: Path, tiers: list[Tier], store: BuildCache, workers: int, work: Path) -> IndexResult:
    """The index step (:func:`site_builder.search.index.index_site`) with the bundles the store keeps under the
    tiers' keys; the fresh ones kept."""
    kept = {}
    for key in tier_keys(tiers).values():
        found = store.kept_bundle(key)
        if found is not None:
            folder, meta = found
            kept[key] = KeptBundle(folder, meta["pages"], meta["log"], meta["found"])
    work.mkdir(parents=True, exist_ok=True)
    indexed = index_site(site_dir, tiers, kept, workers, work)
    for bundle in indexed.bundles:
        if bundle.fresh is not None:
            meta = {"pages": bundle.fresh.pages, "log": bundle.fresh.log, "found": bundle.fresh.found}
            store.keep_bundle(bundle.key, bundle.fresh.folder, meta)
    return indexed


def _with_stale(site: PublicSite, stale: PublicSite | None, names: set[str]) -> PublicSite:
    """The site as verification sees it: with the secrets and the declared public numbers of the stale pages
    the index publishes (less the official ``names`` of the site's units, as :func:`assemble` does)."""
    if stale is None:
        return site
    return replace(
        site, secrets=site.secrets | (stale.secrets - names), public_numbers=site.public_numbers | stale.public_numbers
    )


def site_identity(root: Path) -> Identity:
    """The site's address, name and registration (``root/mkdocs.yml``, ``SITE_URL``), or :class:`BuildFailed`."""
    try:
        return read_identity(root / "mkdocs.yml")
    except IdentityError as error:
        raise BuildFailed("网站配置有误，未发布", [f"mkdocs.yml: {error}"]) from None


def _prepare(
    root: Path,
    todo: list[Path] | None,
    history: dict[tuple[str, int], list[Correction]],
    workers: int,
) -> tuple[list[tuple[str, bytes, bytes]], list[Message], dict[str, float]]:
    """Load, validate and make public the units in ``todo`` (None: all of ``units/``), on ``workers`` processes.

    Returns each unit's id, :class:`UnitArtifact` and public model, pickled (as the store keeps them, and as a
    worker hands them back: pickled once), the errors (sorted, as :func:`validate` sorts them) and the seconds of each step (the
    slowest worker's).  Units are independent from loading to redaction, so they are dealt to the workers in
    turn; a ``units/`` folder holding anything but unit folders (a stray file, a hidden or badly named folder,
    a link) is loaded whole in one process, so that each of its problems is reported once.
    """
    units = root / "units"
    folders = todo if todo is not None else sorted(units.iterdir()) if units.is_dir() else []
    folders = [f for f in folders if not (f.name.startswith(".") and not f.is_dir())]  # .gitkeep: ignored by load
    if folders and all(f.is_dir() and not f.is_symlink() and UNIT_ID.match(f.name) for f in folders):
        chunks: list[list[Path] | None] = [folders[i::workers] for i in range(min(workers, len(folders)))]
    else:
        chunks = [todo if todo is None else folders]
    outputs = fork_map(_prepare_units, chunks, workers, len(folders) >= PARALLEL_MIN_UNITS, root=root, history=history)
    made = [unit for output in outputs for unit in output[0]]
    errors = sorted(m for output in outputs for m in output[1])
    seconds = {name: max(output[2].get(name, 0.0) for output in outputs) for name in ("load", "validate", "public")}
    return made, errors, seconds


def _prepare_units(
    folders: list[Path] | None,
) -> tuple[list[tuple[str, bytes, bytes]], list[Message], dict[str, float]]:
    """One worker's share of :func:`_prepare`."""
    root: Path = JOB["root"]
    seconds: dict[str, float] = {}
    sources = _timed(seconds, "load", lambda: load(root, only=folders))
    checked: Checked = _timed(seconds, "validate", lambda: validate(sources))
    if checked.errors:
        return [], checked.errors, seconds
    started = time.perf_counter()
    by_unit: dict[str, list[Message]] = {}
    for w in checked.warnings:  # paths are units/<id>/…
        by_unit.setdefault(w.path.split("/")[1], []).append(w)
    made = []
    for unit in checked.units:
        result = public_unit(unit, JOB["history"])
        artifact = UnitArtifact(kept_unit(result), by_unit.get(unit.model.id, []), unit_parts(result.unit))
        made.append((unit.model.id, pickle.dumps(artifact, protocol=5), pickle.dumps(result.unit, protocol=5)))
    seconds["public"] = time.perf_counter() - started
    return made, [], seconds


def _history(root: Path) -> dict[tuple[str, int], list[Correction]]:
    """The corrections of every report folder (``units/<id>/<year>/``) of ``root``, from git."""
    units = root / "units"
    folders = [u for u in sorted(units.iterdir()) if u.is_dir() and UNIT_ID.match(u.name)] if units.is_dir() else []
    return all_corrections(root, _report_keys(folders))


def _report_keys(folders: Collection[Path]) -> list[tuple[str, int]]:
    """(unit id, year) of every report folder in these unit folders."""
    return [(u.name, int(y.name)) for u in folders for y in sorted(u.iterdir()) if y.is_dir() and YEAR.match(y.name)]


def _reusable(
    root: Path,
    store: BuildCache,
    history: dict[tuple[str, int], list[Correction]],
    workers: int = 1,
    read_models: bool = False,
    only: list[Path] | None = None,
) -> tuple[dict[str, str], dict[str, UnitArtifact], list[Path] | None]:
    """Each unit folder's key; the artifacts the store still holds (their models are read only where a page must
    be rendered again, or here with ``read_models``, after one could not be read); the folders to load (None: all
    of ``units/``)."""
    units = root / "units"
    if not units.is_dir():
        return {}, {}, None
    by_unit: dict[str, list[tuple[int, list[Correction]]]] = {}
    for (uid, year), found in sorted(history.items()):
        by_unit.setdefault(uid, []).append((year, found))
    entries = sorted(units.iterdir()) if only is None else only
    folders = [entry for entry in entries if entry.is_dir() and UNIT_ID.match(entry.name)]
    # reading every source file is most of this step: both cores, folders dealt in turn
    chunks = [folders[i::workers] for i in range(workers)]
    hashed = fork_map(_tree_hashes, chunks, workers, len(folders) >= PARALLEL_MIN_UNITS)
    keys = {
        folder.name: store.key("unit", folder.name, digest, repr(by_unit.get(folder.name, [])))
        for chunk, digests in zip(chunks, hashed, strict=True)
        for folder, digest in zip(chunk, digests, strict=True)
    }
    reused: dict[str, UnitArtifact] = {}
    todo: list[Path] = []
    for entry in entries:
        key = keys.get(entry.name)
        artifact = store.load_unit(key) if key is not None else None
        if isinstance(artifact, UnitArtifact) and (not read_models or store.load_model(key or "") is not None):
            reused[entry.name] = artifact
        else:
            todo.append(entry)  # not kept, or not a unit folder (load reports what is wrong with it)
    if not reused:
        return keys, reused, None
    return keys, reused, todo


def _tree_hashes(folders: list[Path]) -> list[str]:
    return [tree_hash(folder) for folder in folders]


def _swap(new: Path, out: Path) -> None:
    """Replace ``out`` with ``new`` with two renames; the old site survives until the new one is in place."""
    old = None
    if out.exists() or out.is_symlink():
        old = out.with_name(f".{out.name}-old-{int(time.time() * 1000)}")
        out.rename(old)
    try:
        new.rename(out)
    except OSError as exc:
        if old is not None:
            old.rename(out)  # put the previous site back
        raise BuildFailed("无法替换输出目录，原网站保持不变", [f"{out}: {exc.strerror or exc}"]) from None
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
