"""Corrections to a published report, from the repository's history.

A report is published by the commit on the main line that first contains its ``report.yaml``; every later
commit on that line that changes the report's data (``report.yaml``, ``narrative.md``, ``projects/*``) is a
correction.  Each is described in plain Chinese, figure by figure (``old → new``), by comparing the YAML
data of consecutive versions, never their text: a re-indented file or an edited comment is no correction.

Only the first-parent line of ``HEAD`` is followed (``git log --first-parent``): a pull request merged with
several commits is one correction, as the public saw it.  Values of personal fields (phones, signatures)
never appear in a description, and any phone number or signature in a changed text is masked.

API::

    corrections(repo_root, unit_id, year) -> list[Correction]   # oldest first; [] without git history
    all_corrections(repo_root, keys) -> {(unit_id, year): list[Correction]}   # the same for many reports at once

``all_corrections`` reads the history of ``units/`` with one ``git log`` and every version needed with one
``git cat-file --batch``, instead of a few git processes per report and version.

This module takes the repository (git) and gives the versions and corrections; how two versions differ is
:mod:`site_builder.sources.changes`'.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from site_builder.sources.changes import compare


@dataclass
class Correction:
    """One correction to a published report: when (commit date, ISO 8601), which commit, what changed."""

    date: str
    commit: str
    changes: list[str]


# ---------------------------------------------------------------- git


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "-c", "core.quotepath=off", *args],
            input=data,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _toplevel(root: Path) -> Path | None:
    out = _git(root, "rev-parse", "--show-toplevel")
    return Path(out.decode("utf-8").strip()) if out else None


def _blobs(top: Path, specs: list[str]) -> dict[str, bytes | None]:
    """The contents of ``<commit>:<path>`` for each spec, through one ``git cat-file --batch``."""
    if not specs:
        return {}
    out = _git(top, "cat-file", "--batch", data="".join(f"{s}\n" for s in specs).encode("utf-8"))
    result: dict[str, bytes | None] = {}
    if out is None:
        return {s: None for s in specs}
    pos = 0
    for spec in specs:
        end = out.find(b"\n", pos)
        if end < 0:
            result[spec] = None
            continue
        header = out[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            result[spec] = out[pos : pos + size]
            pos += size + 1
        elif len(header) == 3:  # a tree or other object: skip its body
            pos += int(header[2]) + 1
            result[spec] = None
        else:  # "<spec> missing"
            result[spec] = None
    return result


# ---------------------------------------------------------------- one version of a report


@dataclass
class _Version:
    commit: str
    date: str
    files: dict[str, bytes]  # path relative to the report folder → content


def _is_report_file(rel: str) -> bool:
    if rel in ("report.yaml", "narrative.md"):
        return True
    parts = rel.split("/")
    return len(parts) == 2 and parts[0] == "projects" and parts[1].endswith((".yaml", ".md"))


def _versions(root: Path, unit_id: str, year: int) -> list[_Version]:
    top = _toplevel(root)
    if top is None:
        return []
    try:
        folder = (root.resolve() / "units" / unit_id / str(year)).relative_to(top.resolve()).as_posix()
    except ValueError:
        return []
    pathspecs = [f"{folder}/report.yaml", f"{folder}/narrative.md", f"{folder}/projects"]
    log = _git(top, "log", "--first-parent", "--reverse", "--format=%H%x00%cI", "HEAD", "--", *pathspecs)
    if not log:
        return []
    commits = [tuple(line.split("\x00")) for line in log.decode("utf-8").splitlines() if "\x00" in line]
    versions: list[_Version] = []
    for commit, when in commits:
        listing = _git(top, "ls-tree", "-r", "-z", "--name-only", commit, "--", f"{folder}/")
        names = [n for n in (listing or b"").decode("utf-8").split("\x00") if n]
        rels = [n[len(folder) + 1 :] for n in names if n.startswith(folder + "/")]
        rels = [r for r in rels if _is_report_file(r)]
        blobs = _blobs(top, [f"{commit}:{folder}/{r}" for r in rels])
        files = {r: blobs[f"{commit}:{folder}/{r}"] for r in rels}
        versions.append(_Version(commit, when, {r: b for r, b in files.items() if b is not None}))
    return versions


def _corrections(versions: list[_Version]) -> list[Correction]:
    published: dict[str, bytes] | None = None  # the public's version
    withdrawn = False
    found: list[Correction] = []
    for version in versions:
        if "report.yaml" not in version.files:
            if published is not None and not withdrawn:
                found.append(Correction(version.date, version.commit, ["报告已撤下"]))
                withdrawn = True
            continue
        if published is None:
            published = version.files
            continue
        changes = compare(published, version.files)
        if withdrawn:
            changes.insert(0, "报告重新发布")
            withdrawn = False
        if changes:
            found.append(Correction(version.date, version.commit, changes))
        published = version.files
    return found


def corrections(repo_root: Path, unit_id: str, year: int) -> list[Correction]:
    """The corrections made to ``units/<unit_id>/<year>/`` after it was first published, oldest first.

    ``[]`` when ``repo_root`` is not in a git repository, git is missing, or the report is not committed.
    """
    return _corrections(_versions(Path(repo_root), unit_id, int(year)))


# ---------------------------------------------------------------- many reports, one history


def _report_pathspec(rel: str) -> bool:
    """Whether a path relative to a report folder is under the pathspecs ``_versions`` gives ``git log``."""
    return rel in ("report.yaml", "narrative.md", "projects") or rel.startswith(
        ("report.yaml/", "narrative.md/", "projects/")
    )


# the commits of the main line, each against its first parent: a merged pull request is one change, as published
_MAIN_LINE = ("log", "-z", "--first-parent", "--diff-merges=first-parent", "--no-renames")


def _history(top: Path, base: str, rev: str = "HEAD") -> list[tuple[str, str, list[tuple[str, str | None]]]] | None:
    """The first-parent history of ``base`` (a folder relative to ``top``) up to ``rev``, oldest first: (commit, commit date,
    [(changed path, its object id afterwards or None when deleted)]), each commit against its first parent.
    ``None`` when git fails (no commits, not a repository, too old a git)."""
    out = _git(
        top,
        *_MAIN_LINE,
        "--raw",
        "--no-abbrev",
        "--format=%x01%H%x00%cI",
        rev,
        "--",
        base,
    )
    if out is None:
        return None
    commits: list[tuple[str, str, list[tuple[str, str | None]]]] = []
    tokens = out.decode("utf-8", "surrogateescape").split("\x00")
    i = 0
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        i += 1
        if token.startswith("\x01"):  # a commit: its hash, then its date
            commits.append((token[1:], tokens[i] if i < len(tokens) else "", []))
            i += 1
        elif token.startswith(":") and commits:  # ":oldmode newmode oldid newid status", then the path
            fields = token[1:].split()
            path = tokens[i] if i < len(tokens) else ""
            i += 1
            commits[-1][2].append((path, None if fields[4].startswith("D") else fields[3]))
    commits.reverse()
    return commits


def all_corrections(
    repo_root: Path, keys: Iterable[tuple[str, int]], rev: str = "HEAD"
) -> dict[tuple[str, int], list[Correction]]:
    """``corrections(repo_root, unit_id, year)`` for every (unit_id, year) of ``keys``, from one ``git log`` of
    ``units/`` and one ``git cat-file --batch`` instead of a few git processes per report.  With ``rev`` (a
    commit), the corrections as they were at that commit (the search's base tier renders units as they were)."""
    keys = list(keys)
    result: dict[tuple[str, int], list[Correction]] = {key: [] for key in keys}
    if not keys:
        return result
    root = Path(repo_root)
    top = _toplevel(root)
    if top is None:
        return result
    try:
        base = (root.resolve() / "units").relative_to(top.resolve()).as_posix()
    except ValueError:
        return result
    folders: dict[str, list[tuple[str, int]]] = {}  # report folder relative to top → its keys
    odd: list[tuple[str, int]] = []  # keys whose folder is not units/<one name>/<one name>: one by one, as before
    for key in keys:
        unit_id, year = key
        try:
            folder = (root.resolve() / "units" / unit_id / str(int(year))).relative_to(top.resolve()).as_posix()
        except ValueError:
            continue
        if folder.startswith(base + "/") and folder[len(base) + 1 :].count("/") == 1:
            folders.setdefault(folder, []).append(key)
        else:
            odd.append(key)
    history = _history(top, base, rev) if folders else []
    if history is None:
        if rev == "HEAD" and _git(top, "rev-parse", "--verify", "-q", "HEAD") is not None:  # one by one
            odd += [key for group in folders.values() for key in group]
        folders, history = {}, []
    # walk the history once, keeping each wanted folder's report files (path → object id) as of each commit
    state: dict[str, dict[str, str]] = {folder: {} for folder in folders}
    versions: dict[str, list[tuple[str, str, dict[str, str]]]] = {folder: [] for folder in folders}
    prefix = len(base) + 1
    for commit, when, changes in history:
        touched: set[str] = set()
        for path, object_id in changes:
            parts = path[prefix:].split("/", 2)
            if len(parts) < 3 or not path.startswith(base + "/"):
                continue
            folder = f"{base}/{parts[0]}/{parts[1]}"
            files = state.get(folder)
            if files is None:
                continue
            rel = parts[2]
            if _report_pathspec(rel):
                touched.add(folder)
            if _is_report_file(rel):
                if object_id is None:
                    files.pop(rel, None)
                else:
                    files[rel] = object_id
        for folder in touched:
            versions[folder].append((commit, when, dict(state[folder])))
    wanted = sorted({object_id for found in versions.values() for *_, files in found for object_id in files.values()})
    contents = _blobs(top, wanted)  # object ids are specs too
    for folder, found in versions.items():
        full = [
            _Version(
                commit,
                when,
                {rel: blob for rel, object_id in files.items() if (blob := contents.get(object_id)) is not None},
            )
            for commit, when, files in found
        ]
        for key in folders[folder]:
            result[key] = _corrections(full)
    for key in odd if rev == "HEAD" else []:
        result[key] = corrections(root, key[0], key[1])
    return result


def pending_changes(repo_root: Path, unit_id: str, year: int, base: str) -> list[str] | None:
    """What merging the working tree would correct in a report published at commit ``base``.

    ``None`` when the report was not published at ``base`` (a new report) or there is no git history.
    """
    root = Path(repo_root).resolve()
    top = _toplevel(root)
    if top is None:
        return None
    folder_path = root / "units" / unit_id / str(year)
    try:
        folder = folder_path.relative_to(top.resolve()).as_posix()
    except ValueError:
        return None
    listing = _git(top, "ls-tree", "-r", "-z", "--name-only", base, "--", f"{folder}/")
    if listing is None:
        return None
    rels = [n[len(folder) + 1 :] for n in listing.decode("utf-8").split("\x00") if n.startswith(folder + "/")]
    rels = [r for r in rels if _is_report_file(r)]
    if "report.yaml" not in rels:
        return None
    blobs = _blobs(top, [f"{base}:{folder}/{r}" for r in rels])
    old = {r: b for r in rels if (b := blobs.get(f"{base}:{folder}/{r}")) is not None}
    new: dict[str, bytes] = {}
    if folder_path.is_dir():
        for path in folder_path.rglob("*"):
            rel = path.relative_to(folder_path).as_posix()
            if path.is_file() and _is_report_file(rel):
                new[rel] = path.read_bytes()
    if "report.yaml" not in new:
        return ["报告将被撤下"]
    return compare(old, new)


# ---------------------------------------------------------------- the search's base (site_builder/search/index.py)


@dataclass(frozen=True)
class SearchBase:
    """The commit the search index's base tier is made of, and the units whose pages may have changed since.

    ``commit``: the newest commit of ``HEAD``'s first-parent line committed before the week of ``HEAD``'s own
    commit began (Monday 00:00 UTC) — so the base moves once a week, by itself, and a full and an incremental
    build of the same commit agree on it.  ``None`` without git history or without such a commit: then there is
    no base, and the whole index is one tier.
    ``changed``: the units whose pages may differ
    from the base's: touched by a commit since (on the first-parent line, against its first parent: corrections
    are made of those commits), new, deleted, or changed in the working tree (staged, unstaged or untracked)."""

    commit: str | None
    changed: frozenset[str] = frozenset()


_WEEK = 7 * 24 * 3600
_MONDAY = 4 * 24 * 3600  # 1970-01-05, a Monday, in seconds since the epoch


def search_base(repo_root: Path) -> SearchBase:
    """The :class:`SearchBase` of the repository holding ``repo_root/units``."""
    root = Path(repo_root).resolve()
    top = _toplevel(root)
    if top is None:
        return SearchBase(None)
    try:
        units = (root / "units").relative_to(top.resolve()).as_posix()
    except ValueError:
        return SearchBase(None)
    log = _git(top, "log", "--first-parent", "--format=%H %ct", "HEAD")
    lines = [line.split(" ", 1) for line in (log or b"").decode("utf-8").splitlines() if " " in line]
    if not lines:
        return SearchBase(None)
    head = int(lines[0][1])
    week = head - (head - _MONDAY) % _WEEK  # when HEAD's week began
    commit = next((c for c, when in lines if int(when) < week), None)
    if commit is None:
        return SearchBase(None)

    def unit_of(path: str) -> str | None:
        rest = path[len(units) + 1 :] if path.startswith(units + "/") else ""
        return rest.split("/", 1)[0] if "/" in rest else None

    touched = _git(
        top,
        *_MAIN_LINE,
        "--name-only",
        "--format=",
        f"{commit}..HEAD",
        "--",
        f"{units}/",
    )
    status = _git(top, "status", "-z", "--porcelain=v1", "--untracked-files=all", "--no-renames", "--", f"{units}/")
    if touched is None or status is None:
        return SearchBase(None)
    paths = [p for p in touched.decode("utf-8", "surrogateescape").split("\x00") if p.strip()]
    paths += [entry[3:] for entry in status.decode("utf-8", "surrogateescape").split("\x00") if len(entry) > 3]
    changed = {u for u in (unit_of(p.strip("\n")) for p in paths) if u}
    return SearchBase(commit, frozenset(changed))


def extract_units(repo_root: Path, commit: str, unit_ids: Iterable[str], dest: Path) -> None:
    """Write the folders ``units/<id>/`` of ``unit_ids`` as they were at ``commit`` under ``dest/units/``."""
    root = Path(repo_root).resolve()
    top = _toplevel(root)
    ids = sorted(unit_ids)
    if top is None or not ids:
        return
    units = (root / "units").relative_to(top.resolve()).as_posix()
    listing = _git(top, "ls-tree", "-r", "-z", commit, "--", *(f"{units}/{u}/" for u in ids))
    entries = []
    for entry in (listing or b"").decode("utf-8", "surrogateescape").split("\x00"):
        meta, _, path = entry.partition("\t")
        fields = meta.split()
        if len(fields) == 3 and fields[1] == "blob" and path.startswith(units + "/"):
            entries.append((fields[2], path[len(units) + 1 :]))
    contents = _blobs(top, [object_id for object_id, _ in entries])
    for object_id, rel in entries:
        data = contents.get(object_id)
        target = dest / "units" / rel
        if data is None or ".." in Path(rel).parts:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
