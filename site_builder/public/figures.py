"""Figures that only look like phone numbers, by their neighbours.

Takes a normalised text and the place of a digit run in it; says whether the run is an amount, a count, a date,
a number with decimals or thousands, a run such as ``0123456789``, or a cell of a money column
(:func:`is_amount`), and where an extension after a number ends (:func:`extend_extension`).
"""

from __future__ import annotations

import re

from site_builder.public.textnorm import digits_of

_AMOUNT_UNITS = ("人次", "万元", "亿元", "元", "万", "亿", "%", "‰", "人", "户", "件", "个", "笔")
_SPACED_UNITS = ("万元", "亿元", "元", "%")
_MONEY_UNITS = ("万元", "亿元", "元")  # "13575055588 元"; a count word after a space is prose
_AMOUNT_BEFORE = re.compile(r"[¥￥$]\s*$")
_NUMBER_BEFORE = re.compile(r"\d[.,]$")  # the tail of 48,929.9 or 1.2
_DECIMAL_AFTER = re.compile(r"^[.,]\d")
DATE_SHAPE = re.compile(r"^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}\s*-\s*\d{4})\s*$")
PLAIN_NUMBER = re.compile(r"^\s*(?:\d+\.\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?)\s*$")  # 175000000.00, 1,750,000
_EXTENSION = re.compile(r"^[ \t]*(?:转|分机|ext\.?|EXT\.?|Ext\.?|x|X|-)[ \t]*\d{1,6}(?!\d)")


def is_amount(norm: str, start: int, end: int) -> bool:
    """Whether the digits at ``norm[start:end]`` are a figure by their neighbours."""
    after = norm[end : end + 4]
    if after.startswith(_AMOUNT_UNITS) or after.lstrip(" \t\u200b").startswith(_SPACED_UNITS):
        return True
    if _in_money_context(norm, start, end):
        return True
    if re.match(r"[ \t\u200b]+(?:余|多)?(?:人次|次|通|笔|件)", norm[end : end + 8]):
        return True  # a count: 接听电话 1234567 次
    if re.match(r"[ \t]*(?:\n[ \t]*)?\((?:万元|亿元|元)\)|[ \t]*\n[ \t]*(?:万元|亿元|元)", norm[end : end + 12]):
        return True  # the unit in brackets, or wrapped onto the next line: 13912345678⏎元
    if _DECIMAL_AFTER.match(norm[end : end + 2]):
        return True
    before = norm[max(0, start - 3) : start]
    return bool(_AMOUNT_BEFORE.search(before) or _NUMBER_BEFORE.search(before))


MONEY_TITLE = re.compile(
    r"\((?:单位|單位|金额单位|金額單位)?[:：]?[ \t]*(?:万|萬|亿|億|千)?元\)|金额|金額|预算数|預算數|决算数|決算數|执行数|執行數|支出数"
)
_PHONE_HINT = re.compile(
    r"电话|電話|手机|手機|座机|座機|传真|傳真|联系方式|聯繫方式|聯絡方式|(?i:tel|phone|mobile|fax)"
)
_CELL_EDGE = " \t\n|>.\u200b"


def _in_money_context(norm: str, start: int, end: int) -> bool:
    """A figure standing alone as a cell (between spaces, bars, tags or pagefind's ". ") within 300 characters after a
    money header (金额（元）, （单位：万元）), with no phone label between: a table flattened into text (the search
    index, a download) keeps the column's money unit only this way."""
    if start and norm[start - 1] not in _CELL_EDGE or end < len(norm) and norm[end] not in _CELL_EDGE + "<":
        return False
    head = norm[max(0, start - 300) : start].replace("\u200b", "")  # pagefind's word breaks: 金​额​（​元​）
    money = [m.end() for m in MONEY_TITLE.finditer(head)]
    if not money:
        return False
    return not any(m.start() >= money[-1] for m in _PHONE_HINT.finditer(head))


def extend_extension(norm: str, end: int) -> int:
    m = _EXTENSION.match(norm[end : end + 16])
    return end + m.end() if m else end


_SEQUENCES = "01234567890123456789", "98765432109876543210"


def is_sequence(raw: str) -> bool:
    """``0123456789`` (an alphabet in code, a placeholder in a form) is not anyone's number."""
    digits = digits_of(raw)
    return len(digits) >= 9 and any(digits in seq for seq in _SEQUENCES)
