"""The last gate before publishing: scan every file of the built site for personal data.

Redaction happens on the model; this scan checks the result as the public will get it, including
what the renderer, the search index (pagefind's gzip-compressed fragments and index chunks) and any
JSON feed made of it.  Text is decoded the ways a browser would (``&#49;``, ``%31``, ``\\u0031``)
before :func:`site_builder.public.redact.scan_text` looks at it.

Handed the previous build's verdicts (:mod:`site_builder.verify.verdicts`), what the generic detectors
(phonenumbers, our patterns, signatures) found in a file is reused while the file's bytes are the same, and the
findings while the secrets are the same as well (a fingerprint of them): an unchanged file costs one hash when the
secrets are unchanged, and a decode plus one search for the secrets when they changed.  A big file (the site-wide
downloads, rewritten whole when one report changes) is detected and searched for the secrets block by block
(:mod:`site_builder.verify.blocks`), each block's result kept by its key: such a file costs a decode and a hash
per block, plus the blocks that changed.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from site_builder.forked import JOB, balanced, fork_map
from site_builder.public.redact import detect, scan_detected, scan_text
from site_builder.public.secretindex import SecretIndex
from site_builder.sitefiles import site_files
from site_builder.verify.blocks import BLOCK_MARGIN, BLOCK_MIN_FILE, Block, blocks_of
from site_builder.verify.decode import _unquote, decode_content  # noqa: F401 - _unquote: tests compare it with urllib
from site_builder.verify.verdicts import Verdicts, read

__all__ = ["SKIPPED_EXTENSIONS", "SiteLeak", "blocks_of", "decode_content", "scan_site"]

SKIPPED_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "gif", "webp", "woff", "woff2", "ttf", "otf", "ico"})
"""Binary formats that cannot carry text; everything else is scanned, whatever its name."""


@dataclass(frozen=True)
class SiteLeak:
    path: str  # relative to the site directory, with forward slashes
    kind: str
    masked: str
    context: str


def _is_code(relative: str) -> bool:
    """pagefind's WebAssembly search engine (``pagefind/wasm.<lang>.pagefind``): compiled code from the pinned
    pagefind release, holding no report text; its hex tables otherwise look like phone numbers."""
    folder, _, name = relative.rpartition("/")
    return folder.rpartition("/")[2] == "pagefind" and name.startswith("wasm.") and name.endswith(".pagefind")


def _extension(relative: str) -> str:
    """The file's extension, lower case, without the dot (``Path.suffix``'s rule: none for ``.hidden`` or ``a.``)."""
    name = relative.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot + 1 :].lower() if 0 < dot < len(name) - 1 else ""


_GEOMETRY = re.compile(r"(?i)(?<![\w:-])(?:d|points|viewbox|transform)\s*=\s*(?:\\?\"[^\"<>]*?\\?\"|'[^'<>]*')")


# Where _GEOMETRY can start: one of its words (every case variant (?i) allows, and more) before "=", not after
# a character its look-behind refuses (checked after the first letter: a look-behind at the front of a pattern
# makes it slow to try at every character, and without it an "id=" in every other tag would be a candidate).
_GEOMETRY_HINT = re.compile(
    r"[dDpPvVtT](?<![\w:-][dDpPvVtT])(?:(?<=[dD])|(?<=[pP])[oO][iIİı][nN][tT][sSſ]|(?<=[vV])[iIİı][eE][wW][bB][oO][xX]"
    r"|(?<=[tT])[rR][aA][nN][sSſ][fF][oO][rR][mM])\s*="
)


def _drop_geometry(text: str) -> str:
    """SVG path data (inline icons) is a soup of numbers that phonenumbers would read as phones.

    The same as ``_GEOMETRY.sub('d=""', text)``; the pattern (slow to try at every character because it
    starts with a look-behind) is tried only where the hint finds one of its words.
    """
    out: list[str] = []
    pos = done = 0
    while (hint := _GEOMETRY_HINT.search(text, pos)) is not None:
        m = _GEOMETRY.match(text, hint.start())
        if m is None:
            pos = hint.start() + 1
            continue
        out += (text[done : m.start()], 'd=""')
        pos = done = m.end()
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


_AUTHOR_ADDRESS = re.compile(
    r"([A-Za-z][A-Za-z.'-]* [A-Za-z][A-Za-z.'-]*(?: [A-Za-z][A-Za-z.'-]*)? <[^<>@\s]+)@([^<>@\s]+>)"
)


def _text_of(relative: str, data: bytes) -> str:
    """The text to scan: decoded, SVG geometry dropped; in the scripts and style sheets the site ships (the
    theme's, pagefind's), the e-mail addresses of their authors in licence headers (``Name <address>``) are not
    personal data of a report and are left out."""
    text = _drop_geometry(decode_content(data))
    if _extension(relative) in ("js", "mjs", "css", "map") and "@" in text:
        text = _AUTHOR_ADDRESS.sub(r"\1 \2", text)
    return text


def scan_site(
    site_dir: Path,
    secrets: Iterable[str],
    verdicts: Verdicts | None = None,
    workers: int = 1,
    digests: Mapping[str, str] | None = None,
) -> list[SiteLeak]:
    """Every leak in every file under ``site_dir`` (images and fonts excepted).

    ``verdicts``: the previous build's (:mod:`site_builder.verify.verdicts`), replaced by this scan's: results per
    file content (see the module's description); the results are the same with or without them.  They hold
    masked findings only, never a secret or a phone number.  ``workers`` > 1 scans in that many forked processes
    (files dealt by size); the result is the same.  ``digests``: the files' hashes, if already known
    (:func:`site_builder.verify.verdicts.digests`).
    """
    site_dir = Path(site_dir)
    index = SecretIndex(s for s in secrets if s and len(s.strip()) >= 2)
    files = [
        relative
        for relative in site_files(site_dir)
        if _extension(relative) not in SKIPPED_EXTENSIONS and not _is_code(relative)
    ]
    results = fork_map(
        _scan_files,
        balanced([os.stat(os.path.join(site_dir, relative)).st_size for relative in files], workers),
        workers,
        len(files) > 200,
        site_dir=site_dir,
        index=index,
        cached=verdicts.scanned if verdicts is not None else {},
        use_cache=verdicts is not None,
        files=files,
        blocks=verdicts.spans if verdicts is not None else {},
        digests=digests or {},
    )
    kept: dict[str, dict] = {}
    found: list[tuple[int, list[SiteLeak]]] = []
    blocks: dict[str, list[list]] = {}
    for leaks_by_file, entries, file_blocks in results:
        kept.update(entries)
        found += leaks_by_file
        blocks.update(file_blocks)
    if verdicts is not None:
        # only positions and kinds: the masked findings of a leak are in the build's message, never here
        verdicts.scanned, verdicts.spans = kept, blocks
    return [leak for _, leaks in sorted(found, key=lambda item: item[0]) for leak in leaks]


def block_spans(
    text: str,
    cached: dict[str, list[list]],
    kept: dict[str, list[list]],
    blocks: list[Block] | None = None,
) -> list[tuple[int, int, str]]:
    """:func:`site_builder.public.redact.detect` of ``text``, block by block, each block's result kept by the hash of the
    block and its surroundings.

    Each block (:func:`blocks_of`, computed here unless given) is detected together with its surroundings, and keeps the spans that start inside
    it.  That is exactly what detecting the whole text gives: no detector looks further than one line break or a
    few hundred characters from where a span starts (phone windows stop at a line break; a label may put its number
    on the next line; amount and extension checks look a few characters around), and the surroundings start and end
    at line breaks, so no window is cut.  A site-wide download changes in a few blocks when one report changes, so
    the others cost a hash.
    """
    spans: list[tuple[int, int, str]] = []
    for start, stop, lo, hi, key in blocks_of(text) if blocks is None else blocks:
        found = kept[key] if key in kept else cached.get(key)
        if found is None:
            found = [[s, e, k] for s, e, k in detect(text[lo:hi]) if start - lo <= s < stop - lo]
        kept[key] = found
        spans += [(lo + s, lo + e, k) for s, e, k in found]
    return spans


def block_secrets(
    text: str,
    index: SecretIndex,
    cached: dict[str, list[list]],
    kept: dict[str, list[list]],
    blocks: list[Block] | None = None,
    margin: int = BLOCK_MARGIN,
) -> list[tuple[int, int, str]]:
    """``index.find_in(text)``, block by block like :func:`block_spans`, each block's result kept by the hash of
    the block, its surroundings and the secrets.

    A secret lies within one line (:meth:`~site_builder.public.secretindex.SecretIndex.find`), and a block's window holds every
    line that starts or ends inside the block whole, so each block finds exactly the matches that start in it; the
    phones of every block come before the names, as ``find`` gives them.  A name longer than the margin could
    reach past the window: then the whole text is searched.  ``margin``: the one ``blocks`` were made with.
    """
    if index.longest_name > margin:
        return index.find_in(text)
    fingerprint = index.fingerprint
    phones: list[tuple[int, int, str]] = []
    names: list[tuple[int, int, str]] = []
    for start, stop, lo, hi, block in blocks_of(text, margin=margin) if blocks is None else blocks:
        key = hashlib.sha256(f"secrets:{fingerprint}:{block}".encode()).hexdigest()
        found = kept[key] if key in kept else cached.get(key)
        if found is None:
            found = [[s, e, k] for s, e, k in index.find_in(text[lo:hi]) if start - lo <= s < stop - lo]
        kept[key] = found
        for s, e, k in found:
            (phones if k == "phone" else names).append((lo + s, lo + e, k))
    return phones + names


def _scan_files(indices: list[int]) -> tuple[list[tuple[int, list[SiteLeak]]], dict[str, dict], dict[str, list[list]]]:
    """Scan these files (indices into the job's sorted file list): their leaks, the cache entries used and the
    blocks of big files."""
    site_dir: Path = JOB["site_dir"]
    index: SecretIndex = JOB["index"]
    cached: dict[str, dict] = JOB["cached"]
    fingerprint = index.fingerprint
    kept: dict[str, dict] = {}
    blocks: dict[str, list[list]] = {}
    out: list[tuple[int, list[SiteLeak]]] = []
    for number in indices:
        relative = JOB["files"][number]
        if not JOB["use_cache"]:
            text = _text_of(relative, read(site_dir, relative))
            leaks = [SiteLeak(relative, f.kind, f.masked, f.context) for f in scan_text(text, index)]
            if leaks:
                out.append((number, leaks))
            continue
        key = JOB["digests"].get(relative)
        data: bytes | None = None
        if key is None:
            data = read(site_dir, relative)
            key = hashlib.sha256(data).hexdigest()
        entry = cached.get(relative)
        if entry is not None and entry.get("hash") != key:
            entry = None  # the file changed
        mine: dict[str, list[list]] = {}
        if entry is None or entry.get("secrets") != fingerprint:
            data = read(site_dir, relative) if data is None else data
            text = _text_of(relative, data)
            big = len(data) >= BLOCK_MIN_FILE  # a site-wide download: most of it as in the last build
            parts = blocks_of(text) if big else None
            known: list[tuple[int, int, str]] | None
            if entry is not None:
                known = [(s, e, k) for s, e, k in entry["spans"]]
            else:
                known = block_spans(text, JOB["blocks"], mine, parts) if big else None
            secrets = block_secrets(text, index, JOB["blocks"], mine, parts) if big else None
            spans, findings = scan_detected(text, index, known, secrets)
            found = [[f.kind, f.masked, f.context] for f in findings]
            block_keys = sorted(set(mine).union(entry.get("blocks", []) if entry is not None else ()))
            entry = {
                "hash": key,
                "spans": [list(span) for span in spans],
                "secrets": fingerprint,
                "findings": found,
                "blocks": block_keys,
            }
        # the blocks of a big file stay cached while the file does: its next version will share most of them
        for block in entry.get("blocks", ()):
            value = mine[block] if block in mine else JOB["blocks"].get(block)
            if value is not None:
                blocks[block] = value
        kept[relative] = entry
        if entry["findings"]:
            out.append(
                (number, [SiteLeak(relative, kind, masked, context) for kind, masked, context in entry["findings"]])
            )
    return out, kept, blocks
