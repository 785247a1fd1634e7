"""Step 6, verify: the built site is complete, self-contained and carries no personal data.

Checks every HTML page (parsed, not grepped): each internal link and resource resolves
to a file of the site; no page loads anything from another host; every unit, report and
project page exists; the search index exists.  Then scans every byte of the output for
phone numbers and for the personal values of the sources (see :mod:`site_builder.verify.leakscan`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from site_builder import addresses
from site_builder.forked import JOB, fork_map
from site_builder.identity import Identity
from site_builder.public.model import PublicSite
from site_builder.sitefiles import site_files
from site_builder.verify.leakgate import scan_site as gate_site
from site_builder.verify.leakscan import scan_site
from site_builder.verify.verdicts import Verdicts, digests, group_of, join, read, split

_RESOURCE_ATTRS = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
}


@dataclass(frozen=True)
class Problem:
    path: str
    text: str

    def format(self) -> str:
        return f"{self.path}: {self.text}"


_LINK_TAGS = frozenset(tag for tag, _ in _RESOURCE_ATTRS) | {"a"}
_RAW_TEXT = ("script", "style")  # elements whose content is text up to their end tag
_WS = r"[ \t\n\r\f]"  # the white space a tag name stops at (\s would take more)
# Text, end tags and start tags of other elements whose attributes are all quoted: passed over without a link
# and without a change of state, each tag ending at its ">".
_PLAIN = re.compile(
    rf"""(?:[^<]+|</[^>]*>"""
    rf"""|<(?!(?i:{"|".join(sorted(_LINK_TAGS | set(_RAW_TEXT)))})[ \t\n\r\f/>])[a-zA-Z][a-zA-Z0-9-]*"""
    rf"""(?:{_WS}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:{_WS}*={_WS}*(?:"[^"<>]*"|'[^'<>]*'))?)*{_WS}*/?>)*"""
)
# A start tag as Python's html.parser delimits it: the name, then attributes (quoted,
# bare or without a value) separated by white space or "/"; what follows is checked by _tag_end.
_TAG_SPAN = re.compile(
    r"""<[a-zA-Z][^\t\n\r\f />\x00]*(?:[\s/]*(?:(?<=['"\s/])[^\s/>][^\s/=>]*"""
    r"""(?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)\s*)?(?:\s|/(?!>))*)*)?\s*"""
)
_TAG_NAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRIBUTE = re.compile(r"""((?<=['"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?(?:\s|/(?!>))*""")
_TAG_OPEN = re.compile("<[a-zA-Z]")
_END_TAG = re.compile(r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>")
_COMMENT_END = re.compile(r"--\s*>")
_SECTION_NAME = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
_SECTION_END = re.compile(r"]\s*]\s*>")
_CONDITIONAL_END = re.compile(r"]\s*>")
_RAW_TEXT_END = {tag: re.compile(rf"</\s*{tag}\s*>", re.IGNORECASE) for tag in _RAW_TEXT}


def _tag_end(page: str, i: int) -> int:
    """Where the start tag at ``i`` ends, or -1 if the page ends first (nothing after it is read)."""
    j = _TAG_SPAN.match(page, i).end()  # type: ignore[union-attr]  # (it always matches "<" and a letter)
    after = page[j : j + 1]
    if after == ">":
        return j + 1
    if after == "/":
        return j + 2 if page.startswith("/>", j) else -1
    if not after or after in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ=/":
        return -1
    return j if j > i else i + 1


def _section_end(page: str, i: int) -> int:
    """Where the ``<![name ...`` at ``i`` ends; -1 if the page ends first."""
    name = _SECTION_NAME.match(page, i + 3)
    if name is None or name.end() == len(page):
        return -1 if i + 3 == len(page) or name is not None else _bogus_end(page, i)
    keyword = name.group().strip().lower()
    if keyword in {"temp", "cdata", "ignore", "include", "rcdata"}:
        end = _SECTION_END.search(page, i + 3)
    elif keyword in {"if", "else", "endif"}:
        end = _CONDITIONAL_END.search(page, i + 3)
    else:
        return _bogus_end(page, i)
    return end.end() if end is not None else -1


def _bogus_end(page: str, i: int) -> int:
    end = page.find(">", i + 2)
    return end + 1 if end >= 0 else -1


def links_of(page: str) -> list[tuple[str, str, str]]:
    """``(tag, attribute, url)`` of every link and resource of an HTML page, in page order.

    The links Python's ``html.parser.HTMLParser`` (3.11, fed the page and not closed) passes to
    ``handle_starttag``, found without it: its tokenizer walks from ``<`` to ``<``, unescaping all text,
    counting lines and parsing every attribute of every tag; this reads text and tags without links only to
    find their end, and the attributes of link and ``script``/``style`` tags only.  tests/test_verify.py
    compares both on every page of the test sites and on generated markup.  Where that parser gives up
    (``<![`` with an unknown keyword: an ``AssertionError``), this reads a bogus comment up to ``>``, as
    browsers do.

    Measured with benchmarks/link_check.py on the 627 pages of a generated 300-report site (one core, Python
    3.11): 0.28 s, 2 200 pages/s, against 0.31 s (2 000 pages/s) for the ``HTMLParser`` subclass it replaces,
    which ran the parser's private methods and patterns, and 1.9 s (330 pages/s) for ``HTMLParser`` itself.
    """
    links: list[tuple[str, str, str]] = []
    raw_text: str | None = None  # inside a script or style element: its name
    i, n = 0, len(page)
    while i < n:
        if raw_text is None:
            i = _PLAIN.match(page, i).end()  # type: ignore[union-attr]  # (it matches the empty string)
            if i >= n:
                break
        else:
            found = _RAW_TEXT_END[raw_text].search(page, i)
            if found is None:
                break
            i = found.start()
        # at a "<" that is not plain
        if page.startswith("</", i):
            k = _bogus_end(page, i)
            if k >= 0 and raw_text is not None:
                end = _END_TAG.match(page, i)
                if end is not None and end.group(1).lower() == raw_text:
                    raw_text = None
        elif raw_text is None and _TAG_OPEN.match(page, i):
            k = _tag_end(page, i)
            if k >= 0:
                raw_text = _start_tag(page, i, k, links)
        elif page.startswith("<!--", i):
            found = _COMMENT_END.search(page, i + 4)
            k = found.end() if found is not None else -1
        elif page.startswith("<?", i):
            k = _bogus_end(page, i)
        elif page.startswith("<![", i):
            k = _section_end(page, i)
        elif page.startswith("<!", i):
            if page[i + 2 : i + 9].lower() == "doctype":
                k = page.find(">", i + 9)
                k = k + 1 if k >= 0 else -1
            else:
                k = _bogus_end(page, i)
        elif i + 1 < n:
            k = i + 1
        else:
            break
        if k < 0:
            break
        i = k
    return links


def _start_tag(page: str, i: int, end: int, links: list[tuple[str, str, str]]) -> str | None:
    """Add the links of the start tag ``page[i:end]``; the raw-text element it opens, if any."""
    name = _TAG_NAME.match(page, i + 1)
    assert name is not None
    tag = name.group(1).lower()
    if tag not in _LINK_TAGS and tag not in _RAW_TEXT:
        return None
    k = name.end()
    found: list[tuple[str, str, str]] = []
    while k < end:
        attribute = _ATTRIBUTE.match(page, k)
        if not attribute:
            break
        attr, rest, value = attribute.group(1, 2, 3)
        k = attribute.end()
        if not rest:
            continue
        if value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        attr = attr.lower()
        if (tag, attr) in _RESOURCE_ATTRS or (tag == "a" and attr == "href"):
            found.append((tag, attr, unescape(value) if value else value))
    close = page[k:end].strip()
    if close not in (">", "/>"):
        return None  # not a tag: text
    links += found
    return tag if close == ">" and tag in _RAW_TEXT else None


def _target(site: Path, page: Path, url: str) -> Path | None:
    """The file an internal URL points to, or None for anchors, mailto and the like."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve()
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


class _Files:
    """``Path.resolve``/``is_dir``/``exists`` answers, each asked once per path during one check."""

    def __init__(self, plain: bool = False) -> None:
        self._real: dict[str, str] = {}
        self._kind: dict[str, int] = {}  # 0 missing, 1 file or other, 2 directory
        # in a tree without symbolic links (and under a root without them) realpath is normpath, which asks the
        # file system nothing: a built site has none unless something planted one
        self.plain = plain

    def resolve(self, joined: str) -> str:
        real = self._real.get(joined)
        if real is None:
            real = self._real[joined] = os.path.normpath(joined) if self.plain else os.path.realpath(joined)
        return real

    def kind(self, path: str) -> int:
        kind = self._kind.get(path)
        if kind is None:
            kind = self._kind[path] = 2 if os.path.isdir(path) else 1 if os.path.exists(path) else 0
        return kind


def _target_fast(files: _Files, site: str, page_dir: str, url: str, needs: list[str] | None = None) -> str | None:
    """:func:`_target` with the file system answers kept (as strings).  ``needs`` collects the paths the answer
    rests on, marked as in :func:`_tree` (``d:`` a folder, ``f:`` anything else)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = site if path.startswith("/") else page_dir
    # pathlib's joining only drops "." and repeated "/", which realpath drops as well
    target = files.resolve(os.path.join(base, path.lstrip("/")))
    is_dir = files.kind(target) == 2
    if needs is not None and _inside(target, site):
        needs.append(("d:" if is_dir else "f:") + target[len(site) + 1 :])
    if path.endswith("/") or is_dir:
        target = os.path.join(target, "index.html")
        if needs is not None and _inside(target, site):
            needs.append("f:" + target[len(site) + 1 :])
    return target


def _inside(target: str, root: str) -> bool:
    """``Path(target).relative_to(root)`` succeeds (both absolute and normalised by realpath)."""
    return target == root or target.startswith(root if root.endswith("/") else root + "/")


PARALLEL_MIN_PAGES = 200  # below this, starting processes costs more than it saves


def _tree(root: str) -> tuple[set[str], bool]:
    """Every path under ``root``, marked ``d:`` for a folder and ``f:`` for anything else (a link to a folder is a
    folder, not entered, as in :func:`os.walk`); and whether any of them is a symbolic link."""
    found: set[str] = {"d:"}  # the root itself
    links = False
    folders = [("", root)]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                linked = entry.is_symlink()
                links = links or linked
                if entry.is_dir():
                    found.add(f"d:{prefix}{entry.name}")
                    if not linked:
                        folders.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    found.add(f"f:{prefix}{entry.name}")
    return found, links


def own_path(url: str, address: str | None, subpath: str = "/") -> str:
    """An address of the site itself as a path from its root, checked like any internal link: ``https://host/jxpj/x/``
    (``address`` ``https://host/jxpj/``: a canonical link, a feed's) and ``/jxpj/x/`` (mkdocs' 404 page) are
    ``/x/``.  Any other URL is returned as it is."""
    if address and url.startswith(address):
        return "/" + url[len(address) :]
    if subpath != "/" and url.startswith(subpath):
        return "/" + url[len(subpath) :]
    return url


def check_pages(
    site_dir: Path,
    verdicts: Verdicts | None = None,
    workers: int = 1,
    identity: Identity | None = None,
    digests: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Links and resources of every page: inside the site, to files that exist, nothing loaded from elsewhere.

    ``verdicts``: the previous build's (:mod:`site_builder.verify.verdicts`), replaced by this check's: the links
    found in a page are kept with its hash, so an unchanged page is not parsed again; and a page that passed last
    time, unchanged, at the same place and for the same site address, passes again as long as every path its
    group's passes rested on is still there as what it was (no target can have gone) and the site has no symbolic
    links.  ``workers`` > 1 checks the pages in that many forked processes; the result is the same.
    ``identity``: links to the site's own address are internal links (:func:`own_path`).  ``digests``: the files'
    hashes, if already known (:func:`site_builder.verify.verdicts.digests`).
    """
    address, subpath = (identity.url, identity.subpath) if identity else (None, "/")
    root = site_dir.resolve()
    everything, symlinks = _tree(str(root))
    plain = os.path.realpath(root) == str(root) and not symlinks
    kept = verdicts if verdicts is not None else Verdicts()
    reusable = {group for group, paths in kept.needed.items() if paths <= everything} if plain else set()
    passed_before = {
        page: key for page, (key, at) in kept.passed.items() if at == address and group_of(page) in reusable
    }
    pages = [page for page in site_files(root) if page.endswith(".html")]
    chunks = [list(range(i, len(pages), max(workers, 1))) for i in range(max(workers, 1))]
    results = fork_map(
        _check_chunk,
        chunks,
        workers,
        len(pages) >= PARALLEL_MIN_PAGES,
        root=root,
        pages=pages,
        plain=plain,
        links=kept.links,
        passed=passed_before,
        address=address,
        subpath=subpath,
        digests=digests or {},
    )
    found: list[tuple[int, list[Problem]]] = []
    links: dict[str, tuple[str, bytes]] = {}
    passed: dict[str, tuple[str, str | None]] = {}
    needed = {group: set(kept.needed[group]) for group in reusable}
    for problems_by_page, chunk_links, chunk_passed, chunk_needed in results:
        found += problems_by_page
        links.update(chunk_links)
        passed.update((page, (key, address)) for page, key in chunk_passed.items())
        for group, paths in chunk_needed.items():
            needed.setdefault(group, set()).update(paths)
    if verdicts is not None:
        verdicts.links, verdicts.passed, verdicts.needed = links, passed, needed
    return [problem for _, problems in sorted(found, key=lambda item: item[0]) for problem in problems]


def _check_chunk(
    numbers: list[int],
) -> tuple[list[tuple[int, list[Problem]]], dict[str, tuple[str, bytes]], dict[str, str], dict[str, set[str]]]:
    """Check these pages (indices into the job's sorted list): their problems, the links found (with the page's
    hash), the pages that passed and, by group, the paths their links rest on."""
    root = str(JOB["root"])
    files = _Files(plain=JOB["plain"])
    links_before: dict[str, tuple[str, bytes]] = JOB["links"]
    passed_before: dict[str, str] = JOB["passed"]
    kept: dict[str, tuple[str, bytes]] = {}
    passed: dict[str, str] = {}
    needed: dict[str, set[str]] = {}
    found: list[tuple[int, list[Problem]]] = []
    for number in numbers:
        rel = JOB["pages"][number]
        page = os.path.join(root, rel)
        page_dir = os.path.dirname(page)
        key = JOB["digests"].get(rel)
        if key is None:
            key = hashlib.sha256(read(root, rel)).hexdigest()
        before = links_before.get(rel)
        packed = before[1] if before is not None and before[0] == key else None
        if packed is None:
            data = read(root, rel)
            text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")  # as read_text
            links = links_of(text)
            packed = pickle.dumps(links, protocol=5)
        else:
            links = None
        kept[rel] = (key, packed)
        if passed_before.get(rel) == key:
            passed[rel] = key
            continue
        if links is None:
            links = pickle.loads(packed)  # noqa: S301 - pickled by this check, here or in an earlier build
        problems: list[Problem] = []
        needs: list[str] = []
        for tag, attr, written in links:
            url = own_path(written, JOB["address"], JOB["subpath"])
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") or url.startswith("//"):
                if (tag, attr) in _RESOURCE_ATTRS and not (tag == "link" and "canonical" in url):
                    problems.append(Problem(rel, f'从其他网站加载资源：<{tag} {attr}="{url}">'))
                continue
            if parts.scheme in ("mailto", "javascript", "data", "tel"):
                if parts.scheme in ("javascript", "tel"):
                    problems.append(Problem(rel, f"不允许的链接：{parts.scheme}:"))
                continue
            target = _target_fast(files, str(root), page_dir, url, needs)
            if target is None:
                continue
            if not _inside(target, str(root)):
                problems.append(Problem(rel, f"链接指向网站以外：{written}"))
                continue
            if files.kind(target) == 0:
                problems.append(Problem(rel, f"链接目标不存在：{written}"))
        if problems:
            found.append((number, problems))
        else:
            passed[rel] = key
            needed.setdefault(group_of(rel), set()).update(needs)
    return found, kept, passed, needed


def expected_pages(site: PublicSite) -> list[str]:
    pages = ["index.html", "units/index.html", addresses.page_file(addresses.SEARCH_PAGE), "pagefind/pagefind.js"]
    for unit in site.summaries:
        pages.append(addresses.page_file(addresses.unit_page(unit.model.id)))
        for report in unit.reports:
            pages.append(addresses.page_file(addresses.report_page(unit.model.id, report.year)))
            pages += [
                addresses.page_file(addresses.project_page(unit.model.id, report.year, slug))
                for slug in report.projects
            ]
    return pages


def verify(
    site_dir: Path,
    site: PublicSite,
    workers: int = 1,
    identity: Identity | None = None,
    root: Path | None = None,
    kept: Iterable[Verdicts] = (),
) -> tuple[list[Problem], dict[str, Verdicts]]:
    """Every problem of the built site (an empty list means it may be published), and the checks' verdicts by
    group of files (:mod:`site_builder.verify.verdicts`: each unit's own files, and the rest).

    ``kept``: verdicts of an earlier build, any groups of them (what they are about is checked again wherever it
    changed; see :mod:`site_builder.verify.verdicts` for why the rest holds); ``workers``: processes for the link
    check and the scans; ``identity``: the site's address, so that links to it (canonical links) are checked as
    the internal links they are; ``root``: the repository, so that the leak gate can name the source line of what
    it finds.
    """
    verdicts = join(kept)
    known = digests(site_dir, workers)  # read once: what is unchanged is not read again
    problems = [Problem(p, "缺少页面") for p in expected_pages(site) if not (site_dir / p).is_file()]
    problems += check_pages(site_dir, verdicts, workers, identity, known)
    for leak in scan_site(site_dir, site.secrets, verdicts, workers, known):
        problems.append(Problem(leak.path, f"发现个人信息（{leak.kind}）：{leak.masked}，上下文：{leak.context}"))
    # the second layer: shares no detection code with the redactor; only the reports' own declarations clear it
    for gate in gate_site(site_dir, site.public_numbers, root, verdicts, workers, known):
        problems.append(Problem(gate.path, gate.format().split(": ", 1)[1]))
    return problems, split(verdicts)
