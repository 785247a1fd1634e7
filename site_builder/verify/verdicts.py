"""What the checks of the verification step found, handed from one build to the next as data.

Takes nothing from the build's store: :func:`site_builder.verify.checks.verify` is handed the verdicts of the
previous build and hands back this build's, one :class:`Verdicts` per group of files (:func:`group_of`): each
unit's own files (``units/<id>/…``: its pages and downloads, made from the unit alone) and the rest of the site.
``build.py``, which owns the store, keeps a unit's verdicts in the unit's entry, with the files they are about,
and the rest in one entry of their own.

Why a kept verdict is safe to reuse: every verdict is about a file's exact bytes (its sha256) at one place, and
holds only while everything else it rests on is as it was — a link check's pass for the same site address and
while every path its links resolved to is still there, as the same kind (:attr:`Verdicts.needed`); a leak scan's
findings for the same secrets of every unit (a fingerprint of them), the generic detections for the same bytes
only; the leak gate's clean verdicts for the same public numbers of every report (a fingerprint of them).  The
build's store keeps them under the build's code (``cache.code_version``): other code never reads them.  Only
clean verdicts and masked findings are kept, never a secret.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder.forked import JOB, balanced, fork_map
from site_builder.sitefiles import site_files

__all__ = ["Verdicts", "digests", "fingerprint", "group_of", "join", "read", "split"]


@dataclass
class Verdicts:
    """The checks' verdicts on a group of files, by the file's site-relative path (each with the file's hash)."""

    links: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # page → (hash, its links, pickled)
    passed: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # page → (hash, site address): passed
    needed: dict[str, set[str]] = field(default_factory=dict)  # group → the paths its passes rest on (``d:``, ``f:``)
    scanned: dict[str, dict[str, Any]] = field(default_factory=dict)  # file → the leak scan's entry (with "hash")
    spans: dict[str, list[list[Any]]] = field(default_factory=dict)  # a big file's block → the leak scan's spans
    clean: dict[str, tuple[str, str]] = field(default_factory=dict)  # file → (hash, public numbers): gate clean
    clean_blocks: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)  # big file → its clean blocks


def group_of(path: str) -> str:
    """The unit whose own file ``path`` is (``units/<id>/…``, :func:`site_builder.addresses.unit_page`), or "" for
    the rest of the site (``units/index.html`` is the site's list of units)."""
    if path.startswith("units/"):
        unit, slash, rest = path[6:].partition("/")
        if slash and rest:
            return unit
    return ""


def fingerprint(values: Iterable[str]) -> str:
    """A short hash of a set of values (secrets, public numbers): verdicts that depend on them carry it."""
    digest = hashlib.sha256()
    for value in sorted(set(values)):
        digest.update(value.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def join(parts: Iterable[Verdicts]) -> Verdicts:
    """One :class:`Verdicts` of several groups' (their paths are apart: a path belongs to one group)."""
    whole = Verdicts()
    for part in parts:
        whole.links.update(part.links)
        whole.passed.update(part.passed)
        whole.needed.update(part.needed)
        whole.scanned.update(part.scanned)
        whole.spans.update(part.spans)
        whole.clean.update(part.clean)
        whole.clean_blocks.update(part.clean_blocks)
    return whole


def split(whole: Verdicts) -> dict[str, Verdicts]:
    """``whole`` by :func:`group_of` its paths."""
    groups: dict[str, Verdicts] = {}

    def of(path: str) -> Verdicts:
        group = group_of(path)
        found = groups.get(group)
        if found is None:
            found = groups[group] = Verdicts(needed={group: whole.needed[group]} if group in whole.needed else {})
        return found

    for path, link in whole.links.items():
        of(path).links[path] = link
    for path, passed in whole.passed.items():
        of(path).passed[path] = passed
    for path, entry in whole.scanned.items():
        part = of(path)
        part.scanned[path] = entry
        for block in entry.get("blocks", ()):
            if block in whole.spans:
                part.spans[block] = whole.spans[block]
    for path, clean in whole.clean.items():
        of(path).clean[path] = clean
    for path, blocks in whole.clean_blocks.items():
        of(path).clean_blocks[path] = blocks
    return groups


def digests(site_dir: Path, workers: int = 1) -> dict[str, str]:
    """The sha256 of every file under ``site_dir`` (by its site-relative path), read once for all the checks: a
    file whose verdicts are kept under the same digest is not read again by any of them."""
    files = site_files(site_dir)
    chunks = balanced([os.stat(os.path.join(site_dir, rel)).st_size for rel in files], workers)
    found = fork_map(_digest_files, chunks, workers, len(files) > 200, site_dir=str(site_dir), files=files)
    return {rel: key for part in found for rel, key in part}


def _digest_files(indices: list[int]) -> list[tuple[str, str]]:
    return [(JOB["files"][i], hashlib.sha256(read(JOB["site_dir"], JOB["files"][i])).hexdigest()) for i in indices]


def read(site_dir: str | Path, rel: str) -> bytes:
    with open(os.path.join(site_dir, rel), "rb") as stream:
        return stream.read()
