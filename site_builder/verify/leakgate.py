"""The independent leak gate: the second layer of the verification step.

It shares no detection code with the redactor (the modules of :mod:`site_builder.public`): no import from them, no shared
pattern or label table.  It is simpler and errs on the side of stopping a build.  Over every file of the
built site, decoded as :func:`site_builder.verify.decode.decode_content` decodes it, with zero-width characters
removed, full-width digits and Chinese numerals read as digits and Markdown emphasis dropped, it flags

* a digit sequence that could be a phone number in any notation (mobile, area-coded landline, 400/800,
  +86; digits spaced, dotted, split by a line break) unless the gate itself sees a figure context
  (a unit or count word after it, even on the next line; a decimal; a money column or money header; a date;
  a number the report declares public in ``public_numbers``);
* a run of 7 or more digits after a phone label (simplified or traditional script), on the label's line or
  in the few lines or cells after it, or in the column under it;
* a name after a signing mark (签名, 签字, 签章, 盖章, also with a space inside or after the name) or a signer label
  (填报人, 审核人, 签字人, 评价组成员, a bare 负责人 …), on its line or in the next cell or line, and every entry in a
  签字/签名 column or row of a table — unless it is the removal marker;
* any e-mail address.

What it flags stops the build; :func:`scan_site` names the file, the source report's ``path:line`` where the
value is found there, and what to do.

This module takes the built site (and the previous build's verdicts) and gives its :class:`GateLeak` list (and
this build's verdicts: the files and the big files' blocks found clean); what is found in one text is
:mod:`site_builder.verify.gatefind`'s (a big text's blocks: :mod:`site_builder.verify.gateblocks`), how the text is
read :mod:`site_builder.verify.gatetext`'s.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from site_builder.forked import JOB, balanced, fork_map
from site_builder.sitefiles import site_files
from site_builder.verify.blocks import BLOCK_MIN_FILE
from site_builder.verify.decode import decode_content
from site_builder.verify.gateblocks import scan_blocks
from site_builder.verify.gatefind import GATE_MARKER, GateFinding, scan_text, unmarked
from site_builder.verify.gatetext import normalise
from site_builder.verify.verdicts import Verdicts, fingerprint, read

__all__ = ["GATE_MARKER", "GateFinding", "GateLeak", "scan_site", "scan_text"]

_SKIPPED = frozenset({"png", "jpg", "jpeg", "gif", "webp", "woff", "woff2", "ttf", "otf", "ico"})


@dataclass(frozen=True)
class GateLeak:
    path: str  # the output file, relative to the site
    kind: str
    masked: str
    context: str
    source: str  # "units/…:line" where the value was found in the sources, or ""

    def format(self) -> str:
        kinds = {"phone": "疑似电话号码", "signature": "疑似签名", "email": "电子邮件地址"}
        where = f"（源文件 {self.source}）" if self.source else ""
        advice = (
            "若确为公开数字，请在报告的 YAML 中用 public_numbers 声明（写明号码和理由）"
            if self.kind == "phone"
            else "请删去或改写"
        )
        return (
            f"{self.path}: 错误：独立泄露检查发现{kinds.get(self.kind, self.kind)} {self.masked}{where}，"
            f"上下文：{self.context}；{advice}，然后重新构建"
        )


# ---------------------------------------------------------------- the site


def _files(site_dir: Path) -> list[str]:
    """The files to scan: every file but pictures, fonts and pagefind's compiled search engine, which carry no
    report text."""
    files = []
    for rel in site_files(site_dir):
        folder, _, name = rel.rpartition("/")
        ext = name.rpartition(".")[2].lower() if "." in name else ""
        if ext in _SKIPPED or (folder.rpartition("/")[2] == "pagefind" and name.startswith("wasm.")):
            continue
        files.append(rel)
    return files


def _source_of(root: Path | None, rel: str, text: str, value: str) -> str:
    """``units/…:line`` of the first source line holding ``value`` (digits compared without separators)."""
    if root is None:
        return ""
    m = re.search(r"units/([a-z0-9-]+)/(\d{4})/", rel) or re.search(r"/units/([a-z0-9-]+)/(\d{4})/", text)
    folders = [root / "units" / m.group(1) / m.group(2)] if m else sorted((root / "units").glob("*/*"))
    digits = re.sub(r"\D", "", value)
    needle = digits if len(digits) >= 7 else unmarked(value)
    if not needle:
        return ""
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".md") and p.is_file()):
            try:
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            for number, line in enumerate(lines, 1):
                hay = re.sub(r"\D", "", normalise(line)) if needle == digits else normalise(line)
                if needle in hay:
                    return f"{path.relative_to(root).as_posix()}:{number}"
    return ""


def scan_site(
    site_dir: Path,
    public_numbers: Iterable[str] = (),
    root: Path | None = None,
    verdicts: Verdicts | None = None,
    workers: int = 1,
    digests: Mapping[str, str] | None = None,
) -> list[GateLeak]:
    """Every finding of the gate in every file under ``site_dir`` (pictures, fonts and pagefind's WebAssembly
    excepted); ``root``: the repository, to name the source line of each finding.

    ``verdicts``: the previous build's (:mod:`site_builder.verify.verdicts`), replaced by this scan's: the hashes
    of the files found clean, and of a big file's blocks found clean (:mod:`site_builder.verify.gateblocks`), for
    the numbers declared public (a fingerprint of them); only clean verdicts: a file with a finding is scanned
    again every time, and nothing found is ever written down.  ``workers`` > 1 scans on that many forked
    processes, files dealt by size; ``digests``: the files' hashes, if already known
    (:func:`site_builder.verify.verdicts.digests`).  The result is the same either way."""
    public = sorted(set(public_numbers))
    # what is clean depends on the declared numbers too: a change to them invalidates the kept results
    mark = fingerprint(public)
    kept = verdicts if verdicts is not None else Verdicts()
    files = _files(site_dir)
    chunks = balanced([os.stat(os.path.join(site_dir, rel)).st_size for rel in files], workers)
    results = fork_map(
        _scan_files,
        chunks,
        workers,
        len(files) > 50,
        site_dir=site_dir,
        files=files,
        known={rel: key for rel, (key, made) in kept.clean.items() if made == mark},
        known_blocks={rel: keys for rel, (made, keys) in kept.clean_blocks.items() if made == mark},
        public=public,
        root=root,
        digests=digests or {},
    )
    leaks = [leak for _, found in sorted(item for found, _, _ in results for item in found) for leak in found]
    if verdicts is not None:
        verdicts.clean = {rel: (key, mark) for _, clean, _ in results for rel, key in clean.items()}
        verdicts.clean_blocks = {rel: (mark, keys) for _, _, blocks in results for rel, keys in blocks.items()}
    return leaks


def _scan_files(
    indices: list[int],
) -> tuple[list[tuple[int, list[GateLeak]]], dict[str, str], dict[str, frozenset[str]]]:
    """One worker's files (indices into the job's list): their leaks, the hashes of those found clean, and the
    keys of the blocks of big files found clean."""
    site_dir: Path = JOB["site_dir"]
    found: list[tuple[int, list[GateLeak]]] = []
    clean: dict[str, str] = {}
    blocks: dict[str, frozenset[str]] = {}
    for number in indices:
        rel = JOB["files"][number]
        key = JOB["digests"].get(rel)
        data: bytes | None = None
        if key is None:
            data = read(site_dir, rel)
            key = hashlib.sha256(data).hexdigest()
        before: frozenset[str] = JOB["known_blocks"].get(rel, frozenset())
        if JOB["known"].get(rel) == key:
            clean[rel] = key
            if before:
                blocks[rel] = before  # for the file's next version, which will share most of them
            continue
        data = read(site_dir, rel) if data is None else data
        text = decode_content(data)
        code = rel.rpartition(".")[2].lower() in ("js", "mjs", "css", "map")
        flat = rel.startswith("pagefind/") and text.startswith("pagefind_dcd")
        if len(data) >= BLOCK_MIN_FILE:  # a site-wide download: most of its blocks as in the last build
            findings, keys = scan_blocks(text, JOB["public"], code, flat, before)
            if keys:
                blocks[rel] = frozenset(keys)
        else:
            findings = scan_text(text, JOB["public"], code, flat)
        if not findings:
            clean[rel] = key
            continue
        found.append(
            (
                number,
                [
                    GateLeak(rel, f.kind, f.masked, f.context, _source_of(JOB["root"], rel, text, f.value))
                    for f in findings
                ],
            )
        )
    return found, clean, blocks
