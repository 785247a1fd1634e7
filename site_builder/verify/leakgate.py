"""The independent leak gate: the second layer of the verification step.

It shares no detection code with the redactor (:mod:`site_builder.public.redact`): no import from it, no shared
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
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from site_builder.cache import code_version
from site_builder.forked import JOB, fork_map
from site_builder.verify.decode import decode_content

__all__ = ["GATE_MARKER", "GateFinding", "GateLeak", "scan_site", "scan_text"]

GATE_MARKER = "〔已隐去〕"
"""What the redactor leaves in place of a removed value (its own copy: tests check both agree)."""

_SKIPPED = frozenset({"png", "jpg", "jpeg", "gif", "webp", "woff", "woff2", "ttf", "otf", "ico"})


@dataclass(frozen=True)
class GateFinding:
    kind: str  # "phone" | "signature" | "email"
    value: str  # what was found, as normalised (never printed: see masked)
    masked: str
    context: str  # the surrounding text, the value masked


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


# ---------------------------------------------------------------- normalisation

_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u034f\u180e]")
_CHARS = {0xFF10 + i: ord("0") + i for i in range(10)}
_CHARS.update({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})  # full-width ASCII: ｑｑ．ｃｏｍ is qq.com
_CHARS.update({ord(a): ord(b) for a, b in zip("—–‐‑‒―　\xa0\t", "------   ", strict=True)})
_CN_DIGIT = {
    "零": "0",
    "〇": "0",
    "○": "0",
    "Ｏ": "0",
    "一": "1",
    "幺": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}
_CN_RUN = re.compile("[零〇○一幺二三四五六七八九](?:[ -]?[零〇○一幺二三四五六七八九]){6,}")


_TRANSLATED = re.compile("[" + "".join(re.escape(chr(c)) for c in _CHARS) + "]+")


def _normalise(text: str) -> str:
    text = _ZERO_WIDTH.sub("", text)
    if not text.isascii():  # translating only the runs that change is much faster on long Chinese text
        text = _TRANSLATED.sub(lambda m: m.group().translate(_CHARS), text)
    return _CN_RUN.sub(lambda m: "".join(_CN_DIGIT.get(ch, ch) for ch in m.group()), text)


_GEOMETRY = re.compile(r"(?i)\s(?:d|points|viewbox|transform|x\d?|y\d?|cx|cy|r|rx|ry|width|height)=\"[^\"]*\"")
_SCRIPT = re.compile(r"(?is)<(script|style)\b[^>]*>(.*?)</\1\s*>")
_BLOCK_TAG = re.compile(
    r"(?i)</?(?:p|div|td|th|tr|li|ul|ol|table|thead|tbody|tfoot|h[1-6]|section|article|header|footer|nav|aside|main"
    r"|dd|dt|dl|blockquote|pre|figure|figcaption|caption|option|select|title|summary|details|label|button|form|svg"
    r"|body|head|html|meta|link|hr)\b[^<>]*>"
)
_BR = re.compile(r"(?i)<br\s*/?>")
_TAG = re.compile(r"<[A-Za-z!/?][^<>]*>")
_INLINE_TAG = re.compile(
    r"(?i)</?(?:strong|em|b|i|u|s|code|span|a|mark|sup|sub|small|del|ins|abbr|kbd|q|cite|time)\b[^<>]*>"
)
_ATTR = re.compile(r"""\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_QUIET_ATTRS = frozenset(
    {
        "d",
        "points",
        "viewbox",
        "transform",
        "class",
        "id",
        "style",
        "width",
        "height",
        "x",
        "y",
        "x1",
        "x2",
        "y1",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "fill",
        "stroke",
        "integrity",
        "rel",
        "type",
        "lang",
        "charset",
        "name",
        "role",
    }
)


def _attributes(html_text: str) -> list[str]:
    """The attribute values of every tag that could carry text (titles, contents, link targets)."""
    out = []
    for tag in _TAG.finditer(html_text):
        for m in _ATTR.finditer(tag.group()):
            if m.group(1).lower() not in _QUIET_ATTRS:
                out.append(m.group(2) if m.group(2) is not None else m.group(3))
    return out


_ROW = "\x1e"  # the end of a table row: a signing label's name is never looked for past it
_ROW_END = re.compile(r"(?i)</tr\s*>")
_MD_SEPARATOR_ROW = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$")


def _as_lines(text: str) -> str:
    """``text`` (HTML, Markdown, JSON or plain) as lines: a table cell, paragraph or list item per line (blank
    lines between blocks, one line break where the text had one inside a paragraph), tags and emphasis gone."""
    text = _SCRIPT.sub(lambda m: "\n\n" + m.group(2) + "\n\n", text)
    text = _BR.sub("\n", text)
    text = _ROW_END.sub(f"\n{_ROW}\n", text)
    text = _BLOCK_TAG.sub("\n\n", text)
    text = _INLINE_TAG.sub("", text)  # emphasis, links: part of the sentence
    text = _TAG.sub("\n\n", text)  # anything else (SVG text, unknown elements) stands apart
    lines = []
    for line in text.split("\n"):
        if _MD_SEPARATOR_ROW.match(line):
            continue
        if "|" in line:
            line = "\n\n".join(cell.strip() for cell in line.strip().strip("|").split("|"))
            if line.strip():
                line += f"\n{_ROW}"
        lines.append(line)
    text = "\n".join(lines)
    return re.sub(r"\*+|`+|~~|(?<![A-Za-z0-9])__|__(?![A-Za-z0-9])", "", text)


# ---------------------------------------------------------------- the gate's own vocabulary

_PHONE_LABEL = re.compile(
    r"[电電][ ]?[话話]|手[ ]?[机機]|座机|座機|传真|傳真|联系方式|聯繫方式|聯絡方式|联络方式|聯系方式|联系号码|聯繫號碼|号码|號碼"
    r"|(?<![A-Za-z])(?:Tel|TEL|tel|Phone|PHONE|phone|Mobile|mobile|Fax|FAX)(?![A-Za-z])"
)
_SIGN_MARK = re.compile(r"[签簽][ ]{0,3}[名字章]|[盖蓋][ ]{0,3}章")  # 签  字: Word pads a table header
_SIGNER = re.compile(
    r"填[报報表]人|[审審]核人|[复複]核人|[签簽]字人|[评評][价價][组組]成[员員]|(?<![\u3400-\u9fff])[负負][责責]人"
)
_MONEY_HEADER = re.compile(
    r"[(（\[](?:单位|單位|金额单位|金額單位)?[:：]?\s*(?:万|萬|亿|億|千)?元\s*[)）\]]|金额|金額|[预預]算|决算|決算|[执執]行[数數]"
)
_UNIT_AFTER = re.compile(
    r"[ \t]*\n?[ \t]*\(?(?:万元|萬元|亿元|億元|元|万|萬|亿|億|%|‰|人次|人|次|通|户|戶|件|个|個|笔|筆|余|餘|多|名|项|項|家|天|份|册|冊"
    r"|台|辆|輛|套|条|條|张|張|平方米|米|公里|小时|小時|分钟|分鐘|年|月|日|号|號|期|批|起|位|所|座|本|元整|股|吨|噸|亩|畝|km|m²|㎡)"
)
_CURRENCY_BEFORE = re.compile(r"[¥￥$]\s*$")
_NAME = r"[\u3400-\u9fff·]{2,4}"
_NAME_LIST = re.compile(rf"^{_NAME}(?:[ 、，,；;/]+{_NAME})*$")
_NOT_NAMES = frozenset(
    {
        "年月日",
        "同意",
        "日期",
        "签字",
        "签名",
        "签章",
        "盖章",
        "单位",
        "意见",
        "无",
        "已阅",
        "见附件",
        "时间",
        "职务",
        "职称",
        "姓名",
        "电话",
        "联系电话",
        "手机",
        "备注",
        "盖章处",
        "单位盖章",
    }
)
_ROLE_END = tuple("人长导员位门部处室科局队组表方见章字名话話址码碼期间間师師")  # 会计师: a title
_DATE_BLANK = re.compile(r"^[\s年月日._/\-:：0-9()（）]*$")


_PADDED_NAME = re.compile(r"^([\u3400-\u9fff])[ ]{1,3}([\u3400-\u9fff])$")


def _name_like(value: str) -> bool:
    value = _PADDED_NAME.sub(r"\1\2", value.strip(" 、，,；;:：。"))  # 唐　婷: a two-character name padded to three
    if not value or not _NAME_LIST.match(value):
        return False
    names = re.split(r"[ 、，,；;/]+", value)
    return not any(n in _NOT_NAMES or n.endswith(_ROLE_END) for n in names)


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
    if _UNIT_AFTER.match(text, end) or _CURRENCY_BEFORE.search(text[max(0, start - 3) : start]):
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
    money_at = max((m.end() for m in _MONEY_HEADER.finditer(head)), default=-1)
    label_at = max((m.end() for m in _PHONE_LABEL.finditer(head)), default=-1)
    return money_at > label_at


def _label_regions(text: str) -> Iterator[tuple[int, int]]:
    """After each phone label: the rest of its line and the next six non-empty lines (cells), at most 200 characters."""
    for m in _PHONE_LABEL.finditer(text):
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
        yield m.end(), min(end if stop < 0 else stop, m.end() + 200)


def _phones(text: str, public: set[str], money: set[str]) -> Iterator[tuple[int, int, str]]:
    seen: set[tuple[int, int]] = set()
    for start, end, digits in _candidates(text):
        if not _figure(text, start, end, digits, public, money):
            seen.add((start, end))
            yield start, end, digits
    for lo, hi in _label_regions(text):
        for start, end, digits in _candidates(text, lo, hi, labelled=True):
            if (start, end) in seen or _figure(text, start, end, digits, public, money):
                continue
            if len(digits) <= 12:
                seen.add((start, end))
                yield start, end, digits


# ---------------------------------------------------------------- signatures

_VALUE_END = re.compile(r"[，。；;|\n]|[ ]{3,}")
_LEADING = re.compile(r"[ )）]*(?:[(（][^()（）\n]{0,8}[)）][ ]*)*[:：]?[ ]*")


def _value_after(text: str, pos: int) -> tuple[int, str]:
    """The value after a label ending at ``pos``: its start and its text up to the end of the clause."""
    lead = _LEADING.match(text, pos)
    start = lead.end() if lead else pos
    stop = _VALUE_END.search(text, start)
    return start, text[start : stop.start() if stop else len(text)]


def _clean(value: str) -> str:
    return value.replace(GATE_MARKER, " ").strip(" 、，,；;:：")


def _is_label_use(text: str, start: int, end: int) -> bool:
    """A label, not a word of a sentence: followed by a colon, a space, a bracket, a signing mark or the line end."""
    after = text[end : end + 1]
    return after in ("", "\n", " ", ":", "：", "(", "（", ")", "）") or bool(_SIGN_MARK.match(text, end))


def _next_line(text: str, pos: int) -> tuple[int, str]:
    """The first non-empty line after the line holding ``pos`` (skipping blank lines: a table cell's tags leave
    up to four)."""
    nl = text.find("\n", pos)
    for _ in range(7):
        if nl < 0:
            return -1, ""
        end = text.find("\n", nl + 1)
        line = text[nl + 1 : end if end >= 0 else len(text)]
        if _ROW in line:
            return -1, ""
        if line.strip():
            return nl + 1 + (len(line) - len(line.lstrip())), line.strip()
        nl = end
    return -1, ""


def _signatures(text: str, flat: bool = False) -> Iterator[tuple[int, int, str]]:
    """Names after (or before) a signing mark or signer label.  ``flat``: text whose cells and lines the search index
    ran together (pagefind's fragments): a name on the label's line counts only after a colon or a bracketed mark,
    since a table header (姓名 职务 签字) is followed there by the first row's public names; the page the fragment
    was made from is scanned with its cells apart."""
    for m in [*_SIGN_MARK.finditer(text), *_SIGNER.finditer(text)]:
        if not _is_label_use(text, m.start(), m.end()):
            continue
        if flat and not re.match(r"[ ]*(?:[)）][ ]*)?[:：]|[)）]", text[m.end() : m.end() + 4]):
            continue
        # the name before the mark: 王小明（签字）, 李大海 签名
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = re.search(rf"(?:^|[ :：,，、])({_NAME})[ ]*[(（]?[ ]*$", text[line_start : m.start()])
        if before and _SIGN_MARK.match(m.group()) and _name_like(before.group(1)):
            yield line_start + before.start(1), line_start + before.end(1), before.group(1)
        start, value = _value_after(text, m.end())
        while _SIGN_MARK.match(value):  # 填报人签名 方晓丽
            start, value = _value_after(text, start + _SIGN_MARK.match(value).end())  # type: ignore[union-attr]
        cleaned = _clean(value)
        if cleaned and not _DATE_BLANK.match(cleaned):
            first = re.match(r"[\u3400-\u9fff·]+", cleaned)
            token = first.group() if first else ""
            if _name_like(token) and not re.match(r"[:：]", cleaned[len(token) : len(token) + 1]):
                yield start, start + len(value), cleaned
            continue
        if value.strip() and not _DATE_BLANK.match(_clean(value)):
            continue
        at, line = _next_line(text, m.end())
        if at >= 0 and _name_like(_clean(line)):
            yield at, at + len(line), line


def _column_signatures(text: str) -> Iterator[tuple[int, int, str]]:
    """Names in the signing column of a Word table pasted one cell per line: the rows are blocks of non-empty lines
    between blank ones; where a block holds a signing cell (签  字) at place k, the k-th line of every following
    block of the same size is that column's cell."""
    blocks: list[list[tuple[int, str]]] = [[]]
    pos = 0
    for line in text.split("\n"):
        cell = line.strip()
        if cell and _ROW not in cell:
            blocks[-1].append((pos + len(line) - len(line.lstrip()), cell))
        elif blocks[-1]:
            blocks.append([])
        pos += len(line) + 1
    for i, header in enumerate(blocks):
        k = next((j for j, (_, cell) in enumerate(header) if _SIGN_MARK.fullmatch(cell)), None)
        if k is None or len(header) < 2:
            continue
        for row in blocks[i + 1 :]:
            if len(row) != len(header):
                break
            start, cell = row[k]
            if _name_like(cell):
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
            cells = [_TAG.sub("", c).strip() for c in _HTML_CELL.findall(r)]
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
            if not _MD_SEPARATOR_ROW.match(stripped):
                block.append([c.strip() for c in stripped.strip("|").split("|")])
            continue
        if block:
            yield block, 1
            block = []


def _blank(cell: str) -> bool:
    cleaned = _clean(cell)
    return not cleaned or bool(_DATE_BLANK.match(cleaned))


def _table_findings(rows: list[list[str]], header: int, money: set[str]) -> Iterator[tuple[str, str]]:
    """``(kind, value)`` per phone or signature in a phone or signing column (under a header cell) or row (after its
    first cell); the digits of money columns go to ``money``."""
    for header_at in range(min(header, len(rows))):
        for col, title in enumerate(rows[header_at]):
            title = _normalise(re.sub(r"[*`]", "", title))
            is_phone = bool(_PHONE_LABEL.search(title))
            is_sign = bool(_SIGN_MARK.search(title) or _SIGNER.search(title))
            is_money = bool(_MONEY_HEADER.search(title)) and not is_phone
            for row in rows[header:]:
                if col >= len(row):
                    continue
                cell = _normalise(re.sub(r"[*`]", "", row[col]))
                if is_money:
                    money.update(re.sub(r"\D", "", g) for g in re.findall(r"\d[\d,]*", cell))
                elif is_phone and len(re.sub(r"\D", "", cell)) >= 7:
                    yield "phone", cell
                elif is_sign and not _blank(cell):
                    yield "signature", cell
    for at, row in enumerate(rows):
        first = _normalise(row[0]) if row else ""
        if row and (_SIGN_MARK.search(first) or _SIGNER.search(first)) and len(first) <= 16:
            for cell in row[1:]:  # a header row: only what looks like names (签字 | 日期 is a header)
                if not _blank(cell) and (at >= header or _name_like(_normalise(cell))):
                    yield "signature", _normalise(cell)


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


def scan_text(
    text: str, public_numbers: Iterable[str] = (), code: bool = False, flat: bool = False
) -> list[GateFinding]:
    """Everything the gate cannot clear in ``text`` (already decoded: HTML, Markdown, JSON or plain text).

    ``public_numbers``: numbers the reports declare public (``public_numbers``), cleared wherever they occur.
    ``code``: the text is a script or style sheet the site ships (``.js``, ``.css``, ``.map``); ``flat``: a search
    index fragment (see :func:`_signatures`).
    """
    public = {re.sub(r"\D", "", n) for n in public_numbers}
    public.discard("")
    norm = _normalise(text)
    findings: list[GateFinding] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, value: str, context: str) -> None:
        if (kind, value) in seen:
            return
        seen.add((kind, value))
        findings.append(GateFinding(kind, value, _mask(kind, value), context))

    for m in _EMAIL.finditer(norm):
        if code and _AUTHOR.search(norm, max(0, m.start() - 60), m.start()) and norm[m.end() : m.end() + 1] == ">":
            continue  # "Name <address>" in the licence header of a script the site ships (theme, pagefind)
        add("email", m.group(), _context(norm, m.start(), m.end(), _mask("email", m.group())))
    money: set[str] = set()
    for rows, header in _tables(norm):
        for kind, value in _table_findings(rows, header, money):
            digits = re.sub(r"\D", "", value)
            if kind == "phone" and (digits in public or digits in money):
                continue
            add(kind, value, _mask(kind, value))
    attributes = _attributes(_GEOMETRY.sub("", norm)) if "<" in norm else []
    parts = [norm] + ([f"\n\n{_ROW}\n\n".join(attributes)] if attributes else [])
    for part in parts:
        lines = _as_lines(part)
        for start, end, digits in _phones(lines, public, money):
            add("phone", lines[start:end], _context(lines, start, end, _mask("phone", digits)))
        for start, end, value in _signatures(lines, flat):
            add("signature", value, _context(lines, start, end, _mask("signature", value)))
        for start, end, value in () if flat else _column_signatures(lines):
            add("signature", value, _context(lines, start, end, _mask("signature", value)))
    return findings


# ---------------------------------------------------------------- the site


def _files(site_dir: Path) -> Iterator[str]:
    for dirpath, dirnames, filenames in os.walk(site_dir):
        dirnames.sort()
        for name in sorted(filenames):
            rel = os.path.relpath(os.path.join(dirpath, name), site_dir).replace(os.sep, "/")
            ext = name.rpartition(".")[2].lower() if "." in name else ""
            folder = rel.rpartition("/")[0].rpartition("/")[2]
            if ext in _SKIPPED or (folder == "pagefind" and name.startswith("wasm.")):
                continue  # pictures, fonts and pagefind's compiled search engine carry no report text
            yield rel


def _source_of(root: Path | None, rel: str, text: str, value: str) -> str:
    """``units/…:line`` of the first source line holding ``value`` (digits compared without separators)."""
    if root is None:
        return ""
    m = re.search(r"units/([a-z0-9-]+)/(\d{4})/", rel) or re.search(r"/units/([a-z0-9-]+)/(\d{4})/", text)
    folders = [root / "units" / m.group(1) / m.group(2)] if m else sorted((root / "units").glob("*/*"))
    digits = re.sub(r"\D", "", value)
    needle = digits if len(digits) >= 7 else _clean(value)
    if not needle:
        return ""
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".md") and p.is_file()):
            try:
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            for number, line in enumerate(lines, 1):
                hay = re.sub(r"\D", "", _normalise(line)) if needle == digits else _normalise(line)
                if needle in hay:
                    return f"{path.relative_to(root).as_posix()}:{number}"
    return ""


_CLEAN_FILE = "leakgate-clean.json"


def _version(public: list[str]) -> str:
    """The build's code (:func:`~site_builder.cache.code_version`) and the declared numbers: a change to either
    invalidates the kept results."""
    digest = hashlib.sha256(code_version().encode())
    digest.update("\0".join(sorted(public)).encode())
    return digest.hexdigest()


def _load_clean(cache_dir: Path | None, version: str) -> set[str]:
    if cache_dir is None:
        return set()
    try:
        data = json.loads((cache_dir / _CLEAN_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    ok = isinstance(data, dict) and data.get("version") == version and isinstance(data.get("clean"), list)
    return set(data["clean"]) if ok else set()


def _save_clean(cache_dir: Path, version: str, clean: set[str]) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    temp = cache_dir / f".{_CLEAN_FILE}.{os.getpid()}"
    temp.write_text(json.dumps({"version": version, "clean": sorted(clean)}), encoding="utf-8")
    os.replace(temp, cache_dir / _CLEAN_FILE)


def scan_site(
    site_dir: Path,
    public_numbers: Iterable[str] = (),
    root: Path | None = None,
    cache_dir: Path | None = None,
    workers: int = 1,
) -> list[GateLeak]:
    """Every finding of the gate in every file under ``site_dir`` (pictures, fonts and pagefind's WebAssembly
    excepted); ``root``: the repository, to name the source line of each finding.

    ``cache_dir``: where the hashes of the files found clean are kept (only those: a file with a finding is
    scanned again every time, and nothing found is ever written down); ``workers`` > 1 scans on that many forked
    processes, files dealt by size.  The result is the same either way."""
    public = sorted(set(public_numbers))
    version = _version(public)
    known = _load_clean(cache_dir, version)
    files = list(_files(site_dir))
    sizes = [(site_dir / rel).stat().st_size for rel in files]
    chunks: list[list[int]] = [[] for _ in range(max(workers, 1))]
    loads = [0] * len(chunks)
    for number in sorted(range(len(files)), key=lambda i: -sizes[i]):
        least = loads.index(min(loads))
        chunks[least].append(number)
        loads[least] += sizes[number]
    results = fork_map(
        _scan_files,
        chunks,
        workers,
        len(files) > 50,
        site_dir=site_dir,
        files=files,
        known=known,
        public=public,
        root=root,
    )
    clean: set[str] = set().union(*(kept for _, kept in results))
    leaks = [leak for _, found in sorted(item for found, _ in results for item in found) for leak in found]
    if cache_dir is not None and clean != known:
        _save_clean(cache_dir, version, clean)
    return leaks


def _scan_files(indices: list[int]) -> tuple[list[tuple[int, list[GateLeak]]], set[str]]:
    """One worker's files (indices into the job's list): their leaks, and the hashes of those found clean."""
    site_dir: Path = JOB["site_dir"]
    found: list[tuple[int, list[GateLeak]]] = []
    clean: set[str] = set()
    for number in indices:
        rel = JOB["files"][number]
        data = (site_dir / rel).read_bytes()
        key = hashlib.sha256(data).hexdigest()
        if key in JOB["known"]:
            clean.add(key)
            continue
        text = decode_content(data)
        code = rel.rpartition(".")[2].lower() in ("js", "mjs", "css", "map")
        flat = rel.startswith("pagefind/") and text.startswith("pagefind_dcd")
        findings = scan_text(text, JOB["public"], code, flat)
        if not findings:
            clean.add(key)
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
    return found, clean
