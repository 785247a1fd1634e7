"""The build's one store: what a build may reuse from the previous one.

A merge usually changes one report; everything else of a province's site is as it was.  Each unit is one entry
(``units/<key>/``) under one key, the hash of everything the unit's part of the site is made of — the bytes of
every file under ``units/<id>/``, the unit's corrections from git, and the build's own code (this package's
files, templates and assets, and the versions of the libraries that shape the output).  The entry holds the
unit's artifact (:class:`site_builder.build.UnitArtifact`: its summary, secrets, warnings, year-page rows,
``report.json`` texts and bulk CSV lines: all the site-wide pages, downloads and checks take from the unit), its
public model, read only when its pages must be rendered again (a new theme, say; a model that cannot be read
then raises :class:`CacheDamaged`, and the build starts again without it), and its rendered files for each theme
page around them (``pages-<shell>/``, :mod:`site_builder.pages.shell`).  mkdocs' pages are kept the same way
(``site/<key>/``), the search index's bundles under their tiers' keys (``pagefind/<key>/``, handed to
:mod:`site_builder.search.index` and back by the build), and the
verification's verdicts (:mod:`site_builder.verify.verdicts`, handed to the step and back by the build): a unit's
with its rendered files (``pages-<shell>/verdicts.pickle``: they are about those files), the rest of the site's in
``verdicts/<key>``.  Every key holds the code's fingerprint (:func:`code_version`): no number is bumped by hand, and any change of code
expires every entry.  An entry is reused only under the same key, so the output of an incremental build is byte
for byte the output of a full build.

Entries are plain files under the cache folder, written by the build that made them (never by anything a report
brings in) and read only by later builds on the same machine.  Entries a build did not use are deleted when it
succeeds, so the store holds one site.  Rendered files are hard-linked in and out (copied where the file system
cannot link): at a province's scale an incremental build would otherwise copy hundreds of megabytes.  Linked
files are made read-only, so that editing a published page in place cannot change the store behind the build's
back (a build never edits a file it wrote).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["BuildCache", "CacheDamaged", "code_version", "link_or_copy", "tree_hash"]

# libraries whose version changes what a page looks like
_LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "markupsafe", "pydantic", "phonenumbers", "pyyaml")
_PACKAGE = Path(__file__).resolve().parent


class CacheDamaged(Exception):
    """An entry the build counted on could not be read (truncated, or written by another version)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _hash(*parts: bytes | str) -> str:
    # sha256 throughout (here and for the leak scan's and link check's file keys): CPUs with SHA extensions,
    # like the CI machine's, hash twice as fast with it as with blake2b
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


_MANIFEST = ".complete"  # an entry of rendered files: the list of them, written last


def _make_folder(base: str, folder: str, made: set[str]) -> None:
    """Make ``base/folder`` (``folder`` relative, ``""`` for ``base`` itself) unless this copy made it already: a
    ``mkdir`` of the folder alone when its parent was made here (the usual case: a unit's folders come parent
    first), else with every missing parent."""
    if folder in made:
        return
    parent = folder.rpartition("/")[0]
    if folder and parent in made:
        try:
            os.mkdir(os.path.join(base, folder))
        except FileExistsError:
            pass
        made.add(folder)
        return
    os.makedirs(os.path.join(base, folder) if folder else base, exist_ok=True)
    while True:
        made.add(folder)
        if not folder:
            return
        folder = folder.rpartition("/")[0]


def tree_hash(folder: Path, skip: frozenset[str] = frozenset()) -> str:
    """The hash of every file under ``folder``: relative paths and bytes (symbolic links followed), leaving out
    folders named in ``skip``."""
    parts: list[bytes | str] = []
    if folder.is_dir():
        top = len(os.path.join(folder, ""))
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
            dirnames[:] = sorted(d for d in dirnames if d not in skip)
            inner = dirpath[top:].replace(os.sep, "/")  # the folder's path relative to ``folder``, as posix
            for name in sorted(filenames):
                with open(os.path.join(dirpath, name), "rb") as stream:
                    parts += [f"{inner}/{name}" if inner else name, stream.read()]
    return _hash(*parts)


@functools.cache
def code_version() -> str:
    """The hash of the build's own code, templates and assets and of the libraries that shape the output.

    Once per process: a process runs the code it imported, whatever is edited on disk after (and the build's steps
    ask for it eight times, 80 ms at each ask on a 300-report site's no-change build)."""
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}==?")
    # Python's compiled files change when a build first imports edited code; they are not the code
    return _hash(tree_hash(_PACKAGE, skip=frozenset({"__pycache__"})), *versions)


def link_or_copy(source: Path | str, dest: Path | str) -> None:
    """Hard-link ``source`` to ``dest``, both read-only from then on; copy where the file system cannot link."""
    os.chmod(source, 0o444)
    try:
        os.link(source, dest)
    except OSError:  # another file system, or links not allowed
        shutil.copyfile(source, dest)
        os.chmod(dest, 0o444)


class BuildCache:
    """The one store of a build; ``None`` as folder turns every lookup into a miss and stores nothing.

    Entries, each under one key (:meth:`key`: its kind, the build's code and what it is made of):

    * ``units/<key>/``: one unit's artifact (``artifact.pickle``: everything the site-wide pages, downloads
      and checks take from the unit), its public model (``model.pickle``, read only when its pages must be
      rendered again) and its rendered files for one theme page (``pages-<shell>/``);
    * ``site/<key>/``: files of the whole site that are worth keeping (mkdocs' pages);
    * ``verdicts/<key>``: the verification's verdicts on the files that are no unit's own (a unit's are kept with
      its rendered files).
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.code = code_version()
        self.used: set[str] = set()  # entries this build used or wrote: everything else is stale

    def key(self, kind: str, *parts: bytes | str) -> str:
        return _hash(kind, self.code, *parts)

    # ------------------------------------------------------------------ a unit's artifact

    def load_unit(self, key: str) -> Any | None:
        """The artifact kept under ``key``, or None (missing, truncated, or written by another version)."""
        value = self._read(f"units/{key}/artifact.pickle")
        if value is not None:
            self.used.add(f"units/{key}")
        return value

    def load_model(self, key: str) -> Any | None:
        return self._read(f"units/{key}/model.pickle")

    def store_unit(self, key: str, artifact: bytes, model: bytes) -> None:
        """Keep a unit's artifact and its model, both already pickled (``pickle.dumps(value, protocol=5)``)."""
        if self.folder is None:
            return
        self._write_atomically(self.folder / "units" / key / "model.pickle", model)
        self._write_atomically(self.folder / "units" / key / "artifact.pickle", artifact)  # last: complete
        self.used.add(f"units/{key}")

    def _read(self, rel: str) -> Any | None:
        if self.folder is None:
            return None
        try:
            return pickle.loads((self.folder / rel).read_bytes())  # noqa: S301 - written by an earlier build here
        except Exception:  # noqa: BLE001 - missing, truncated or from another version: make it again
            return None

    # ------------------------------------------------------------------ rendered files

    @staticmethod
    def unit_files(key: str, shell: str) -> str:
        """The entry of a unit's rendered files (``key``: the unit's) around the theme page ``shell``."""
        return f"units/{key}/pages-{shell}"

    @staticmethod
    def site_files(key: str) -> str:
        return f"site/{key}"

    def has_files(self, entry: str) -> bool:
        return self.folder is not None and (self.folder / entry / _MANIFEST).is_file()

    def copy_files_out(self, entry: str, out: Path) -> list[str]:
        """Copy the files stored in ``entry`` into ``out``; return their site-relative paths.

        The entry's ``.complete`` lists them (written last by :meth:`store_files`): no walk of the entry, and one
        ``mkdir`` per folder, which is what an incremental build spends most of its copying on."""
        assert self.folder is not None
        stored = os.path.join(self.folder, entry)
        with open(os.path.join(stored, _MANIFEST), encoding="utf-8") as manifest:
            files = [rel for rel in manifest.read().split("\n") if rel]
        base = os.fspath(out)
        made: set[str] = set()
        for rel in files:
            _make_folder(base, rel.rpartition("/")[0], made)
            source, dest = os.path.join(stored, rel), os.path.join(base, rel)
            try:  # stored read-only (store_files): link as it is
                os.link(source, dest)
            except OSError:
                link_or_copy(Path(source), Path(dest))
        self.used.add(entry)
        return files

    def store_files(self, entry: str, out: Path, files: list[str]) -> None:
        """Keep copies of these site-relative files of ``out`` as ``entry``."""
        if self.folder is None:
            return
        final = self.folder / entry
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-", dir=final.parent))
        ordered = sorted(files, key=lambda rel: rel.split("/"))  # as a walk of the folder would list them
        base = os.fspath(staging)
        made: set[str] = set()
        for rel in ordered:
            _make_folder(base, rel.rpartition("/")[0], made)
            link_or_copy(out / rel, staging / rel)
        (staging / _MANIFEST).write_text("\n".join(ordered), encoding="utf-8")
        shutil.rmtree(final, ignore_errors=True)
        staging.rename(final)
        self.used.add(entry)

    # ------------------------------------------------------------------ the verification's verdicts

    @classmethod
    def unit_verdicts(cls, key: str, shell: str) -> str:
        """Where the verdicts on a unit's rendered files (:meth:`unit_files`) are kept: with them."""
        return f"{cls.unit_files(key, shell)}/verdicts.pickle"

    def site_verdicts(self) -> str:
        """Where the verdicts on the files that are no unit's own are kept (under the code alone)."""
        return f"verdicts/{self.key('verdicts')}.pickle"

    def load_verdicts(self, path: str) -> Any | None:
        """The verdicts kept at ``path`` (:meth:`unit_verdicts`, :meth:`site_verdicts`), or None."""
        value = self._read(path)
        if value is not None and path.startswith("verdicts/"):
            self.used.add(path)  # a unit's go with its files, used when they are
        return value

    def keep_verdicts(self, path: str, verdicts: bytes) -> None:
        """Keep verdicts (pickled) at ``path``; a unit's only next to its kept files."""
        if self.folder is None:
            return
        folder = path.rpartition("/")[0]
        if folder.startswith("units/") and not self.has_files(folder):
            return
        self._write_atomically(self.folder / path, verdicts)
        if path.startswith("verdicts/"):
            self.used.add(path)

    # ------------------------------------------------------------------ the search index's bundles

    def kept_bundle(self, key: str) -> tuple[Path, dict[str, Any]] | None:
        """The search bundle kept under ``key`` (:func:`site_builder.search.index.tier_keys`): its folder, left as
        it is, and what its run found (``meta.json``); None when there is none, or it is incomplete."""
        if self.folder is None:
            return None
        entry = self.folder / "pagefind" / key
        try:
            meta = json.loads((entry / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        self.used.add(f"pagefind/{key}")
        return entry / "bundle", meta

    def keep_bundle(self, key: str, folder: Path, meta: dict[str, Any]) -> None:
        """Keep a copy of a fresh bundle and what its run found (written aside, then renamed: a half-written entry
        is never used; ``meta.json`` is what marks it complete)."""
        if self.folder is None:
            return
        entry = self.folder / "pagefind" / key
        self.used.add(f"pagefind/{key}")
        if entry.exists():
            return
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial = Path(tempfile.mkdtemp(prefix=f".{key[:16]}-", dir=entry.parent))
        try:
            shutil.copytree(folder, partial / "bundle", copy_function=shutil.copyfile)
            (partial / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
            partial.rename(entry)
        except OSError:
            pass  # another build kept it first, or the store is not writable: the site is unaffected
        finally:
            shutil.rmtree(partial, ignore_errors=True)

    # ------------------------------------------------------------------ housekeeping

    def prune(self) -> int:
        """Delete every entry this build did not use (and, in a unit's entry it used, the files of other theme
        pages); return how many."""
        if self.folder is None:
            return 0
        used = self.used
        removed = 0
        for kind in ("units", "site", "pagefind", "verdicts", "models", "pages", "kept"):  # models/ …: older layouts
            folder = self.folder / kind
            if not folder.is_dir():
                continue
            for entry in folder.iterdir():
                name = f"{kind}/{entry.name}"
                if name in used:
                    if kind == "units":
                        for part in entry.iterdir():
                            if part.name.startswith("pages-") and f"{name}/{part.name}" not in used:
                                shutil.rmtree(part)
                                removed += 1
                    continue
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
                removed += 1
        return removed

    @staticmethod
    def _write_atomically(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
