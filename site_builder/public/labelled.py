"""Phone numbers by their context, in the forms real reports use (issue 21).

Takes a normalised text; gives the spans of numbers after a phone label (a verb, emphasis, a bracket or a name
between, on the next line or cell, in a list: :func:`label_phone_spans`), of mobiles in Chinese numerals
(:func:`chinese_number_spans`) and of numbers with every digit spaced or dotted (:func:`spaced_spans`); and
:func:`numbers_after`, the numbers listed at a place, which the table rules use too.
"""

from __future__ import annotations

import re

from site_builder.public.figures import DATE_SHAPE, PLAIN_NUMBER, is_amount, is_sequence
from site_builder.public.textnorm import BETWEEN, CN_DIGITS, NAME_CHARS

# Context the digit detectors (site_builder.public.phones) cannot see: a label in a table's header or in the previous
# cell or line, a verb or emphasis between a label and its number, a name between them, Chinese numerals,
# traditional script; the same holds for the rules of signatures, tables and emails.  Every rule looks at most a
# few lines or 800 characters around what it removes (the leak scan's blocks rely on that).

_TRAD_LABEL = (
    r"联系电话|聯繫電話|聯絡電話|联络电话|聯系電話|电话号码|電話號碼|联系方式|聯繫方式|聯絡方式|联络方式|联系号码|聯繫號碼"
    r"|办公电话|辦公電話|固定电话|固定電話|咨询电话|諮詢電話|手机号码|手機號碼|手机号|手機號|电[ \t]?话|電[ \t]?話|手[ \t]?[机機]|座机|座機"
    r"|传真|傳真|(?<![A-Za-z])(?:Tel|TEL|tel|Phone|PHONE|phone|Mobile|mobile|Fax|FAX)\.?(?![A-Za-z])"
)
PHONE_WORD = re.compile(_TRAD_LABEL)
CN_NUMBER = re.compile(rf"[{CN_DIGITS}](?:[ \t\-.]?[{CN_DIGITS}]){{6,14}}")
# a phone number as written after a label: digits with separators, one line break allowed inside
_PHONE_TOKEN = re.compile(
    r"\+?\(?\d(?:(?:[ \t]{0,2}|[ \t]*[-.][ \t]*|\)[ \t]*|[ \t]*\n[ \t]*|[ \t]*-[ \t]*\n[ \t]*)\(?\d){4,16}(?!\d)"
    rf"|[{CN_DIGITS}](?:[ \t\-.]?[{CN_DIGITS}]){{6,14}}"
)
_NAME_BETWEEN = re.compile(rf"{NAME_CHARS}{{2,4}}[ \t]*[,，、:：;；]?[ \t]*")
_LIST_NEXT = re.compile(r"[ \t]*(?:[、，,/;；]|或|和|及)[ \t]*[*_`~]*[ \t]*")
_MONEY_UNIT_NEXT = re.compile(r"[ \t]*\n?[ \t]*(?:万元|萬元|亿元|億元|元)")
_COUNT_NEXT = re.compile(r"[ \t]*\n?[ \t]*(?:余|餘|多)?(?:人次|次|通|个|個|件|户|戶|人|笔|筆|%|万|萬|亿|億)")


def _digit_count(token: str) -> int:
    return sum(ch.isdigit() or ch in CN_DIGITS for ch in token)


def _token_is_figure(norm: str, end: int) -> bool:
    """A unit or count word right after the number (接听电话 12000000 次, 13912345678⏎元), or a decimal."""
    return bool(
        _MONEY_UNIT_NEXT.match(norm, end) or _COUNT_NEXT.match(norm, end) or re.match(r"\.\d", norm[end : end + 2])
    )


def _phone_token(norm: str, pos: int) -> re.Match[str] | None:
    m = _PHONE_TOKEN.match(norm, pos)
    if m is None or not 7 <= _digit_count(m.group()) <= 15 or _token_is_figure(norm, m.end()):
        return None
    raw = m.group().rstrip()
    if DATE_SHAPE.match(raw) or PLAIN_NUMBER.match(raw) or is_sequence(raw) or is_amount(norm, m.start(), m.end()):
        return None  # a date, a year range, a figure with its decimals or thousands, 0123456789
    return m


def numbers_after(norm: str, pos: int, spans: list[tuple[int, int]]) -> bool:
    """The phone numbers listed at ``pos`` (one, or several separated by 、，/；或), added to ``spans``."""
    found = False
    while (m := _phone_token(norm, pos)) is not None:
        start, end = m.start(), m.end()
        while end > start and norm[end - 1] in " \t\n":
            end -= 1
        if norm[start] == "(" and norm.count("(", start, end) > norm.count(")", start, end):
            start += 1  # the bracket around the number stays: 甘甜（〔已隐去〕）
        spans.append((start, end))
        found = True
        sep = _LIST_NEXT.match(norm, m.end())
        if not sep:
            break
        pos = sep.end()
    return found


def label_phone_spans(norm: str) -> list[tuple[int, int]]:
    """Numbers after a phone label: a verb, emphasis, a bracket or a name between; on the next line or cell, after a
    blank line; a list of numbers."""
    spans: list[tuple[int, int]] = []
    for m in PHONE_WORD.finditer(norm):
        pos = BETWEEN.match(norm, m.end()).end()  # type: ignore[union-attr]
        if numbers_after(norm, pos, spans):
            continue
        named = _NAME_BETWEEN.match(norm, pos)  # 联系人及电话：邓超 13312345605
        if named and numbers_after(norm, named.end(), spans):
            continue
        if norm[pos : pos + 1] in ("\n", "") or norm[pos : pos + 1] == "|":  # the label ends its line or cell
            _next_cells(norm, pos, spans)
    return spans


_CELL_GAP = re.compile(r"(?:[ \t]*(?:\||\n)[ \t]*){1,4}")


def _next_cells(norm: str, pos: int, spans: list[tuple[int, int]]) -> None:
    """A label alone in its cell or line: the number in the next cell or line (after blank lines), or – for a Word
    table pasted one cell per line – a cell that is only a number within the next six."""
    gap = _CELL_GAP.match(norm, pos)
    start = gap.end() if gap else pos
    start = BETWEEN.match(norm, start).end()  # type: ignore[union-attr]
    if numbers_after(norm, start, spans):
        return
    nl = norm.find("\n", pos)
    for _ in range(6):
        if nl < 0:
            return
        line_end = norm.find("\n", nl + 1)
        line_end = len(norm) if line_end < 0 else line_end
        line = norm[nl + 1 : line_end]
        nl = line_end if line_end < len(norm) else -1
        cell = line.strip(" \t|")
        if not cell:
            continue
        offset = line_end - len(line) + line.index(cell)
        m = _phone_token(norm, offset)
        if m is not None and m.end() - offset >= len(cell.rstrip()):
            spans.append((offset, offset + len(cell)))
            return


def chinese_number_spans(norm: str) -> list[tuple[int, int]]:
    """A mobile written in Chinese numerals (一三八一二三四五六七八) anywhere; other numbers only after a label
    (:func:`label_phone_spans`)."""
    spans = []
    for m in CN_NUMBER.finditer(norm):
        digits = "".join(
            str("零一二三四五六七八九".find(ch)) if ch in "零一二三四五六七八九" else ("0" if ch in "〇○" else "1")
            for ch in m.group()
            if ch in CN_DIGITS
        )
        if re.fullmatch(r"1[3-9]\d{9}|0\d{9,11}", digits):
            spans.append(m.span())
    return spans


SPACED = re.compile(r"(?<![\d.])\d(?:[ \t]?-?[ \t]?\d){6,14}(?![\d.])")


def spaced_spans(norm: str) -> list[tuple[int, int]]:
    """Every digit spaced (1 3 9 1 2 3 4 5 6 7 8), dots as separators (139.1234.5678): a mobile or an area-coded
    landline by its digits."""
    spans = []
    for m in SPACED.finditer(norm):
        raw = m.group()
        digits = re.sub(r"\D", "", raw)
        if " " not in raw and "\t" not in raw:
            continue
        if all(len(g) == 1 for g in re.findall(r"\d+", raw)) and re.fullmatch(r"1[3-9]\d{9}|0\d{9,11}", digits):
            if not _token_is_figure(norm, m.end()):
                spans.append(m.span())
    for m in re.finditer(
        r"(?<![\d.])(?:1[3-9]\d\.\d{4}\.\d{4}|0\d{2,3}\.\d{7,8}|0\d{2,3}\.\d{3,4}\.\d{4})(?![\d.])", norm
    ):
        spans.append(m.span())
    return spans
