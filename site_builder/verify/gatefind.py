"""What the leak gate finds in one text: phone numbers, signatures and e-mail addresses.

Takes one decoded text (and the numbers the reports declare public); gives :func:`scan_text`'s
:class:`GateFinding` list, each value masked and in context.  Reads the text through
:mod:`site_builder.verify.gatetext`; shares no detection code with the redactor.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from site_builder.verify.gatetext import (
    CURRENCY_BEFORE,
    DATE_BLANK,
    GEOMETRY,
    MD_SEPARATOR_ROW,
    MONEY_HEADER,
    NAME,
    PHONE_LABEL,
    ROW,
    SIGN_MARK,
    SIGNER,
    TAG,
    UNIT_AFTER,
    as_lines,
    attributes,
    name_like,
    normalise,
)

GATE_MARKER = "〔已隐去〕"
"""What the redactor leaves in place of a removed value (its own copy: tests check both agree)."""


@dataclass(frozen=True)
class GateFinding:
    kind: str  # "phone" | "signature" | "email"
    value: str  # what was found, as normalised (never printed: see masked)
    masked: str
    context: str  # the surrounding text, the value masked


# ---------------------------------------------------------------- phones

_GROUP = re.compile(r"\d+")
_JOIN = re.compile(r"(?:[ ]{1,2}|\.|[ ]*-[ ]*|\)[ ]*|[ ]*\n[ ]*|[ ]*-[ ]*\n[ ]*)")


def _shape(digits: str, labelled: bool) -> bool:
    """Whether ``digits`` could be a phone number: mobile, area-coded landline, 400/800; a 7–8 digit local number
    only after a label."""
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) in (10, 11, 12):
            digits = digits[len(prefix) :]
            break
    if re.fullmatch(r"1[3-9]\d{9}", digits) or re.fullmatch(r"0[1-9]\d{8,10}", digits):
        return True
    if re.fullmatch(r"[48]00\d{7}", digits):
        return True
    return labelled and (7 <= len(digits) <= 12)


def _valid_grouping(groups: list[re.Match[str]], gaps: list[str]) -> bool:
    """Spaced digits; groups of 3+ after the first (138 1234 5678, 0730-7781234, 138.1234.5678); or two groups
    split by a line break."""
    if len(groups) == 1:
        return True
    if all(len(g.group()) == 1 for g in groups):
        return len(groups) >= 7
    if len(groups) == 2 and "\n" in gaps[0]:
        return True
    return all(len(g.group()) >= 3 for g in groups[1:-1]) and len(groups[-1].group()) >= 3


def _runs(text: str) -> Iterator[tuple[list[re.Match[str]], list[str]]]:
    """Maximal runs of digit groups joined by phone separators."""
    groups = list(_GROUP.finditer(text))
    i = 0
    while i < len(groups):
        run, gaps = [groups[i]], []
        while i + 1 < len(groups):
            gap = text[groups[i].end() : groups[i + 1].start()]
            if len(gap) > 4 or not _JOIN.fullmatch(gap) or "\n\n" in gap:
                break
            run.append(groups[i + 1])
            gaps.append(gap)
            i += 1
        i += 1
        yield run, gaps


def _candidates(
    text: str, lo: int = 0, hi: int | None = None, labelled: bool = False
) -> Iterator[tuple[int, int, str]]:
    """``(start, end, digits)`` of every phone-shaped part of the runs in ``text[lo:hi]``."""
    part = text[lo:hi]
    for run, gaps in _runs(part):
        for i in range(len(run)):
            for j in range(i, min(len(run), i + 13)):
                digits = "".join(g.group() for g in run[i : j + 1])
                if len(digits) > 15:
                    break
                if len(digits) >= 7 and _valid_grouping(run[i : j + 1], gaps[i:j]) and _shape(digits, labelled):
                    yield lo + run[i].start(), lo + run[j].end(), digits


def _is_date(digits: str) -> bool:
    m = re.fullmatch(r"(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(\d{4})?", digits)
    return m is not None


_CELL_EDGE = " \t\n|.\x1e"


def _figure(text: str, start: int, end: int, digits: str, public: set[str], money: set[str]) -> bool:
    """Whether the gate sees the digits at ``text[start:end]`` as a figure, not a phone number."""
    if digits in public or digits.lstrip("0") in public or digits in money:
        return True
    if UNIT_AFTER.match(text, end) or CURRENCY_BEFORE.search(text[max(0, start - 3) : start]):
        return True
    if re.match(r"\.\d", text[end : end + 2]) or re.search(r"\d\.$", text[max(0, start - 2) : start]):
        return True  # a decimal: 17712345678.5
    if len(digits) == 8 and _is_date(digits):
        return True
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    tel = re.search(r"(?i)tel:?$", text[max(0, start - 4) : start])
    serial = before.endswith("/") and re.match(r"(?:19|20)\d\d-\d", text[start:end])  # 索引号 430624/2021-00056
    if (
        (re.search(r"[A-Za-z_#=&?]$|[A-Za-z]/$", before) and not tel)
        or re.match(r"[A-Za-z_]|/[^\d\s]", after)
        or serial
    ):
        return True  # part of a code or an address: 12430624MB1234567X, …Y/2020-00123 (not 0730-1234567/139…)
    if start and text[start - 1] not in _CELL_EDGE or end < len(text) and text[end] not in _CELL_EDGE:
        return False  # only a figure standing alone as a cell takes the money unit of a header before it
    head = text[max(0, start - 300) : start]
    money_at = max((m.end() for m in MONEY_HEADER.finditer(head)), default=-1)
    label_at = max((m.end() for m in PHONE_LABEL.finditer(head)), default=-1)
    return money_at > label_at


def _label_regions(text: str) -> Iterator[tuple[int, int, int]]:
    """After each phone label (where it starts): the rest of its line and the next six non-empty lines (cells), at
    most 200 characters."""
    for m in PHONE_LABEL.finditer(text):
        end, seen = m.end(), 0
        while end < len(text) and seen < 7:
            nl = text.find("\n", end)
            if nl < 0:
                end = len(text)
                break
            if text[end:nl].strip():
                seen += 1
            end = nl + 1
        stop = text.find("。", m.end(), end)  # a sentence that names a phone ends its reach: 接听咨询电话 3000 通。
        yield m.start(), m.end(), min(end if stop < 0 else stop, m.end() + 200)


def _phones(
    text: str, public: set[str], money: set[str]
) -> tuple[list[tuple[int, int, int, str]], list[tuple[int, int, int, str]]]:
    """``(owner, start, end, digits)`` of the phone-shaped figures the gate cannot clear: first those found
    anywhere (the owner: where they start), then those after a label (the owner: where the label starts)."""
    seen: set[tuple[int, int]] = set()
    anywhere, labelled = [], []
    for start, end, digits in _candidates(text):
        if not _figure(text, start, end, digits, public, money):
            seen.add((start, end))
            anywhere.append((start, start, end, digits))
    for label, lo, hi in _label_regions(text):
        for start, end, digits in _candidates(text, lo, hi, labelled=True):
            if (start, end) in seen or _figure(text, start, end, digits, public, money):
                continue
            if len(digits) <= 12:
                seen.add((start, end))
                labelled.append((label, start, end, digits))
    return anywhere, labelled


# ---------------------------------------------------------------- signatures

_VALUE_END = re.compile(r"[，。；;|\n]|[ ]{3,}")
_LEADING = re.compile(r"[ )）]*(?:[(（][^()（）\n]{0,8}[)）][ ]*)*[:：]?[ ]*")


def _value_after(text: str, pos: int) -> tuple[int, str]:
    """The value after a label ending at ``pos``: its start and its text up to the end of the clause."""
    lead = _LEADING.match(text, pos)
    start = lead.end() if lead else pos
    stop = _VALUE_END.search(text, start)
    return start, text[start : stop.start() if stop else len(text)]


def unmarked(value: str) -> str:
    return value.replace(GATE_MARKER, " ").strip(" 、，,；;:：")


def _is_label_use(text: str, start: int, end: int) -> bool:
    """A label, not a word of a sentence: followed by a colon, a space, a bracket, a signing mark or the line end."""
    after = text[end : end + 1]
    return after in ("", "\n", " ", ":", "：", "(", "（", ")", "）") or bool(SIGN_MARK.match(text, end))


def _next_line(text: str, pos: int) -> tuple[int, str]:
    """The first non-empty line after the line holding ``pos`` (skipping blank lines: a table cell's tags leave
    up to four)."""
    nl = text.find("\n", pos)
    for _ in range(7):
        if nl < 0:
            return -1, ""
        end = text.find("\n", nl + 1)
        line = text[nl + 1 : end if end >= 0 else len(text)]
        if ROW in line:
            return -1, ""
        if line.strip():
            return nl + 1 + (len(line) - len(line.lstrip())), line.strip()
        nl = end
    return -1, ""


def _signatures(text: str, flat: bool = False) -> list[list[tuple[int, int, int, str]]]:
    """``(owner, start, end, name)`` of the names after (or before) a signing mark, then of those after a signer
    label (the owner: where the mark or label starts).  ``flat``: text whose cells and lines the search index
    ran together (pagefind's fragments): a name on the label's line counts only after a colon or a bracketed mark,
    since a table header (姓名 职务 签字) is followed there by the first row's public names; the page the fragment
    was made from is scanned with its cells apart."""
    return [
        [(m.start(), start, end, name) for m in SIGN_MARK.finditer(text) for start, end, name in _named(text, m, flat)],
        [(m.start(), start, end, name) for m in SIGNER.finditer(text) for start, end, name in _named(text, m, flat)],
    ]


def _named(text: str, m: re.Match[str], flat: bool) -> Iterator[tuple[int, int, str]]:
    """The names the mark or label ``m`` signs for (see :func:`_signatures`)."""
    if not _is_label_use(text, m.start(), m.end()):
        return
    if flat and not re.match(r"[ ]*(?:[)）][ ]*)?[:：]|[)）]", text[m.end() : m.end() + 4]):
        return
    # the name before the mark: 王小明（签字）, 李大海 签名
    line_start = text.rfind("\n", 0, m.start()) + 1
    before = re.search(rf"(?:^|[ :：,，、])({NAME})[ ]*[(（]?[ ]*$", text[line_start : m.start()])
    if before and SIGN_MARK.match(m.group()) and name_like(before.group(1)):
        yield line_start + before.start(1), line_start + before.end(1), before.group(1)
    start, value = _value_after(text, m.end())
    while SIGN_MARK.match(value):  # 填报人签名 方晓丽
        start, value = _value_after(text, start + SIGN_MARK.match(value).end())  # type: ignore[union-attr]
    cleaned = unmarked(value)
    if cleaned and not DATE_BLANK.match(cleaned):
        first = re.match(r"[\u3400-\u9fff·]+", cleaned)
        token = first.group() if first else ""
        if name_like(token) and not re.match(r"[:：]", cleaned[len(token) : len(token) + 1]):
            yield start, start + len(value), cleaned
        return
    if value.strip() and not DATE_BLANK.match(unmarked(value)):
        return
    at, line = _next_line(text, m.end())
    if at >= 0 and name_like(unmarked(line)):
        yield at, at + len(line), line


def _column_signatures(text: str) -> Iterator[tuple[int, int, str]]:
    """Names in the signing column of a Word table pasted one cell per line: the rows are blocks of non-empty lines
    between blank ones; where a block holds a signing cell (签  字) at place k, the k-th line of every following
    block of the same size is that column's cell."""
    if not SIGN_MARK.search(text):  # no signing cell, no column (most files): not worth splitting into lines
        return
    blocks: list[list[tuple[int, str]]] = [[]]
    pos = 0
    for line in text.split("\n"):
        cell = line.strip()
        if cell and ROW not in cell:
            blocks[-1].append((pos + len(line) - len(line.lstrip()), cell))
        elif blocks[-1]:
            blocks.append([])
        pos += len(line) + 1
    for i, header in enumerate(blocks):
        k = next((j for j, (_, cell) in enumerate(header) if SIGN_MARK.fullmatch(cell)), None)
        if k is None or len(header) < 2:
            continue
        for row in blocks[i + 1 :]:
            if len(row) != len(header):
                break
            start, cell = row[k]
            if name_like(cell):
                yield start, start + len(cell), cell


# ---------------------------------------------------------------- tables

_HTML_TABLE = re.compile(r"(?is)<table\b.*?</table\s*>")
_HTML_ROW = re.compile(r"(?is)<tr\b.*?</tr\s*>")
_HTML_CELL = re.compile(r"(?is)<t[dh]\b[^>]*>(.*?)</t[dh]\s*>")


def _tables(text: str) -> Iterator[tuple[list[list[str]], int]]:
    """Every table of ``text`` (HTML or Markdown) as rows of cell texts, and how many of the first rows are its
    header (HTML: the rows of ``<thead>`` or of ``<th scope="col">`` cells only; Markdown: the first row)."""
    for table in _HTML_TABLE.finditer(text):
        rows: list[list[str]] = []
        header = 0
        for r in _HTML_ROW.findall(table.group()):
            cells = [TAG.sub("", c).strip() for c in _HTML_CELL.findall(r)]
            if not cells:
                continue
            if len(rows) == header and (re.search(r"(?i)<th\b", r) and not re.search(r"(?i)<td\b|scope=\"row\"", r)):
                header += 1
            rows.append(cells)
        head = table.group().lower().find("</thead>")
        if head >= 0:
            header = max(header, len(_HTML_ROW.findall(table.group()[:head])))
        yield rows, header
    block: list[list[str]] = []
    for line in [*text.split("\n"), ""]:
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            if not MD_SEPARATOR_ROW.match(stripped):
                block.append([c.strip() for c in stripped.strip("|").split("|")])
            continue
        if block:
            yield block, 1
            block = []


def _blank(cell: str) -> bool:
    cleaned = unmarked(cell)
    return not cleaned or bool(DATE_BLANK.match(cleaned))


def _table_findings(rows: list[list[str]], header: int, money: set[str]) -> Iterator[tuple[str, str]]:
    """``(kind, value)`` per phone or signature in a phone or signing column (under a header cell) or row (after its
    first cell); the digits of money columns go to ``money``."""
    for header_at in range(min(header, len(rows))):
        for col, title in enumerate(rows[header_at]):
            title = normalise(re.sub(r"[*`]", "", title))
            is_phone = bool(PHONE_LABEL.search(title))
            is_sign = bool(SIGN_MARK.search(title) or SIGNER.search(title))
            is_money = bool(MONEY_HEADER.search(title)) and not is_phone
            for row in rows[header:]:
                if col >= len(row):
                    continue
                cell = normalise(re.sub(r"[*`]", "", row[col]))
                if is_money:
                    money.update(re.sub(r"\D", "", g) for g in re.findall(r"\d[\d,]*", cell))
                elif is_phone and len(re.sub(r"\D", "", cell)) >= 7:
                    yield "phone", cell
                elif is_sign and not _blank(cell):
                    yield "signature", cell
    for at, row in enumerate(rows):
        first = normalise(row[0]) if row else ""
        if row and (SIGN_MARK.search(first) or SIGNER.search(first)) and len(first) <= 16:
            for cell in row[1:]:  # a header row: only what looks like names (签字 | 日期 is a header)
                if not _blank(cell) and (at >= header or name_like(normalise(cell))):
                    yield "signature", normalise(cell)


# ---------------------------------------------------------------- e-mail

_AUTHOR = re.compile(r"[A-Za-z][A-Za-z.'-]* [A-Za-z][A-Za-z.'-]*(?: [A-Za-z][A-Za-z.'-]*)? <$")
_EMAIL = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+\-]*[ ]{0,2}@[ ]{0,2}[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)


# ---------------------------------------------------------------- the scan


def _mask(kind: str, value: str) -> str:
    if kind == "phone":
        digits = re.sub(r"\D", "", value)
        return "*" * max(len(digits) - 2, 1) + digits[-2:]
    if kind == "email":
        return "***@" + value.rpartition("@")[2]
    value = value.strip()
    keep = min(1, max(len(value) - 1, 0))
    return "*" * (len(value) - keep) + value[len(value) - keep :]


def _context(text: str, start: int, end: int, masked: str) -> str:
    before = text[max(0, start - 20) : start]
    after = text[end : end + 20]
    return re.sub(r"\s+", " ", f"{before}{masked}{after}").strip()


Item = tuple[str, str, str]
"""``(kind, value, context)``: one thing found, before repeats are dropped."""
Owned = Callable[[str, str], "tuple[tuple[int, int], tuple[int, int]] | None"]
"""Where a block is in its window's text, normalised and as lines (see :func:`phases_of`)."""


def scan_text(
    text: str, public_numbers: Iterable[str] = (), code: bool = False, flat: bool = False
) -> list[GateFinding]:
    """Everything the gate cannot clear in ``text`` (already decoded: HTML, Markdown, JSON or plain text).

    ``public_numbers``: numbers the reports declare public (``public_numbers``), cleared wherever they occur.
    ``code``: the text is a script or style sheet the site ships (``.js``, ``.css``, ``.map``); ``flat``: a search
    index fragment (see :func:`_signatures`).
    """
    phases = phases_of(text, public_set(public_numbers), code, flat)
    assert phases is not None  # (only a block's phases can be refused)
    return merge([phases])


def public_set(public_numbers: Iterable[str]) -> set[str]:
    public = {re.sub(r"\D", "", n) for n in public_numbers}
    public.discard("")
    return public


def merge(found: list[list[list[Item]]]) -> list[GateFinding]:
    """The findings of texts' phases (:func:`_phases`; one text, or the blocks of one in order), phase by phase, each
    value once (with the context where it is first found)."""
    findings: list[GateFinding] = []
    seen: set[tuple[str, str]] = set()
    for phase in range(max(len(phases) for phases in found)):
        for phases in found:
            for kind, value, context in phases[phase] if phase < len(phases) else ():
                if (kind, value) not in seen:
                    seen.add((kind, value))
                    findings.append(GateFinding(kind, value, _mask(kind, value), context))
    return findings


def phases_of(
    text: str, public: set[str], code: bool, flat: bool, owned: Owned | None = None
) -> list[list[Item]] | None:
    """What the gate finds in ``text``, in the order :func:`scan_text` reports it, one list per phase (e-mail
    addresses; table cells; then per part of the text: phones anywhere, phones after a label, names after a signing
    mark, after a signer label, in a signing column).

    ``owned``: ``text`` is a block's window (:mod:`site_builder.verify.gateblocks`); given the text normalised and
    as lines, it says where the block is in each (only what starts there counts: a phone after a label, and a name
    after a mark, where the label or mark starts), or None if the window is too narrow for that to be what the
    whole text gives (then so is this).
    """
    norm = normalise(text)
    first_lines = as_lines(norm)
    in_norm = in_lines = None
    if owned is not None:
        spans = owned(norm, first_lines)
        if spans is None:
            return None
        in_norm, in_lines = spans
    phases: list[list[Item]] = [[], []]
    for m in _EMAIL.finditer(norm):
        if in_norm is not None and not in_norm[0] <= m.start() < in_norm[1]:
            continue
        if code and _AUTHOR.search(norm, max(0, m.start() - 60), m.start()) and norm[m.end() : m.end() + 1] == ">":
            continue  # "Name <address>" in the licence header of a script the site ships (theme, pagefind)
        phases[0].append(("email", m.group(), _context(norm, m.start(), m.end(), _mask("email", m.group()))))
    money: set[str] = set()
    for rows, header in _tables(norm):
        for kind, value in _table_findings(rows, header, money):
            digits = re.sub(r"\D", "", value)
            if kind == "phone" and (digits in public or digits in money):
                continue
            phases[1].append((kind, value, _mask(kind, value)))
    values = attributes(GEOMETRY.sub("", norm)) if "<" in norm else []
    parts = [norm] + ([f"\n\n{ROW}\n\n".join(values)] if values else [])
    for part in parts:
        lines = first_lines if part is norm else as_lines(part)
        anywhere, labelled = _phones(lines, public, money)
        for phones in (anywhere, labelled):
            phases.append(
                [
                    ("phone", lines[start:end], _context(lines, start, end, _mask("phone", digits)))
                    for at, start, end, digits in phones
                    if in_lines is None or in_lines[0] <= at < in_lines[1]
                ]
            )
        for names in _signatures(lines, flat):
            phases.append(
                [
                    ("signature", value, _context(lines, start, end, _mask("signature", value)))
                    for at, start, end, value in names
                    if in_lines is None or in_lines[0] <= at < in_lines[1]
                ]
            )
        phases.append(
            [
                ("signature", value, _context(lines, start, end, _mask("signature", value)))
                for start, end, value in (() if flat else _column_signatures(lines))
                if in_lines is None or in_lines[0] <= start < in_lines[1]
            ]
        )
    return phases
