"""Find and remove phone numbers and signatures in free text.

The public site must never show a phone number or a signature, yet every figure of a report
(amounts, counts, dates, postcodes, codes, document numbers, percentages, public hotlines) must
survive untouched.  Detection therefore combines:

* ``phonenumbers``' matcher (region CN, leniency VALID) for mobiles and area-coded landlines in
  any spacing, bracket, prefix or full-width digits, filtered so that bare 10-digit figures it
  would accept as numbers without their leading ``0`` (``4294967295``) are not phones;
* our own patterns as a backstop (``86``-prefixed mobiles, landlines with ``-8001`` extensions,
  400/800 numbers, ``tel:`` link targets);
* label context: a 7–8 digit local number counts only right after a phone label (联系电话 3989001);
* amount context: a digit run followed by 元/万元/%/人/件… or preceded by ¥ is a figure, never a phone;
* signature lines: the value after （签名）/（签字）/（签章）/签字/签名/签章 and a colon.

This module depends on nothing else in ``site_builder`` so that the leak scan can use it alone.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from phonenumbers import Leniency, PhoneNumberMatcher

MARKER = "〔已隐去〕"

__all__ = ["MARKER", "Finding", "Removal", "SecretIndex", "detect", "mask", "redact_text", "scan_detected", "scan_text"]


@dataclass(frozen=True)
class Removal:
    """One removed value; offsets are in the text given to :func:`redact_text`."""

    kind: str  # "phone" | "signature"
    start: int
    end: int
    original: str
    masked: str


@dataclass(frozen=True)
class Finding:
    """Something that must not be public, found by :func:`scan_text`."""

    kind: str
    masked: str
    context: str  # ±20 characters around, the match itself (and any other match) masked


# ---------------------------------------------------------------- normalisation

# One character for one character, so offsets in the normalised text are offsets in the original.
_FULLWIDTH = {0xFF10 + i: ord("0") + i for i in range(10)}
_FULLWIDTH.update(
    {
        ord("＋"): ord("+"),
        ord("－"): ord("-"),
        ord("—"): ord("-"),
        ord("–"): ord("-"),
        ord("‐"): ord("-"),
        ord("‑"): ord("-"),
        ord("（"): ord("("),
        ord("）"): ord(")"),
        ord("．"): ord("."),
        ord("\u3000"): ord(" "),
        ord("\xa0"): ord(" "),
        ord("＠"): ord("@"),
    }
)
# full-width Latin letters (ｑｑ．ｃｏｍ is qq.com); Chinese punctuation (，：；) keeps its meaning as it is
_FULLWIDTH.update({c: c - 0xFEE0 for c in [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF3F, 0xFF05]})


_FULLWIDTH_RUN = re.compile("[" + "".join(re.escape(chr(c)) for c in _FULLWIDTH) + "]+")


def _normalise(text: str) -> str:
    # str.translate looks every character up in a dict (≈ 4 MB/s on Chinese text); only runs of the
    # characters to replace are translated here, which gives the same string.
    if text.isascii():  # none of them is ASCII
        return text
    return _FULLWIDTH_RUN.sub(lambda m: m.group().translate(_FULLWIDTH), text)


def _digits(text: str) -> str:
    return "".join(ch for ch in _normalise(text) if ch.isascii() and ch.isdigit())


# ---------------------------------------------------------------- context rules

_AMOUNT_UNITS = ("人次", "万元", "亿元", "元", "万", "亿", "%", "‰", "人", "户", "件", "个", "笔")
_SPACED_UNITS = ("万元", "亿元", "元", "%")
_MONEY_UNITS = ("万元", "亿元", "元")  # "13575055588 元"; a count word after a space is prose
_AMOUNT_BEFORE = re.compile(r"[¥￥$]\s*$")
_NUMBER_BEFORE = re.compile(r"\d[.,]$")  # the tail of 48,929.9 or 1.2
_DECIMAL_AFTER = re.compile(r"^[.,]\d")
_DATE_SHAPE = re.compile(r"^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}\s*-\s*\d{4})\s*$")
_PLAIN_NUMBER = re.compile(r"^\s*(?:\d+\.\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?)\s*$")  # 175000000.00, 1,750,000
_EXTENSION = re.compile(r"^[ \t]*(?:转|分机|ext\.?|EXT\.?|Ext\.?|x|X|-)[ \t]*\d{1,6}(?!\d)")


def _is_amount(norm: str, start: int, end: int) -> bool:
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


_MONEY_TITLE = re.compile(
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
    money = [m.end() for m in _MONEY_TITLE.finditer(head)]
    if not money:
        return False
    return not any(m.start() >= money[-1] for m in _PHONE_HINT.finditer(head))


def _extend_extension(norm: str, end: int) -> int:
    m = _EXTENSION.match(norm[end : end + 16])
    return end + m.end() if m else end


# ---------------------------------------------------------------- phone detectors

_D = r"(?<![\dA-Za-z.])"  # not the tail of a longer number, a decimal or a word (base64, hex)
_ND = r"(?![\dA-Za-z])"

_MOBILE = re.compile(
    _D
    + r"(?:(?:\(|\+|00)(?:[ ]?(?:\+|00))?[ ]?86[ ]?\)?[ -]*(?:\(0\)[ ]?)?|86[ -]?)?"
    + r"1[3-9]\d(?:[ -]?\d){8}"
    + _ND
)
_LANDLINE = re.compile(
    _D
    + r"(?:(?:\+|00)[ ]?86[ -]*(?:\(0?[1-9]\d{1,2}\)|0?[1-9]\d{1,2})|\(0[1-9]\d{1,2}\)|0[1-9]\d{1,2})"
    + r"[ -]*\d{3,4}(?:[ -]?\d{3,4})"
    + _ND
)
_SERVICE = re.compile(_D + r"[48]00[ -]?\d{3}[ -]?\d{4}" + _ND)
_TEL_LINK = re.compile(r"(?i)tel:(?:[^()\]\"'<>\n]|\([^()\n]*\))+")
_LABEL = re.compile(
    r"(?:联系电话|联络电话|电话号码|联系方式|办公电话|固定电话|手机号码|手机号|电话|手机|座机"
    r"|(?<![A-Za-z])(?:Tel|TEL|tel|Phone|PHONE|phone|Mobile|mobile)\.?)"
    r"[ \t]*(?:\([^()\n]{0,8}\))?[ \t]*[：:|]?[ \t]*(?:\n[ \t]*)?(?:\|[ \t]*)?(?:<[^<>\n]{0,60}>[ \t]*){0,4}"
)
_LOCAL = re.compile(r"(?:(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}|(?:\(?0[1-9]\d{1,2}\)?[ -]?)?\d{3,4}[ -]?\d{3,4})(?!\d)")
_LIST_SEP = re.compile(r"[ \t]*[、，,/;；或和及][ \t]*")


_EXTENSION_TAIL = re.compile(r"(?:转|分机|ext\.?|EXT\.?|Ext\.?|x|X)\s*\d{1,6}\s*$")


def _groups_ok(candidate: str) -> bool:
    """Digits split by separators into groups of 3+ (135 7505 5588).

    Rejects rows of figures (15 3000 20) and the number soup of SVG paths (19.7-55.8.9-115.1), both
    of which phonenumbers' matcher would otherwise read as phones.
    """
    core = _EXTENSION_TAIL.sub("", _normalise(candidate)).replace("(0)", " ")
    groups = [g for g in re.split(r"[^\d]+", core) if g]
    if len(groups) > 2 and groups[0] in ("86", "0086") and len(groups[1]) == 2:
        groups = groups[2:]  # +86 10 62345678: a two-digit area code after the country code
    return all(len(g) >= 3 for g in groups[1:])


def _plausible_match(raw: str) -> bool:
    """Reject numbers phonenumbers accepts only by assuming a dropped leading 0 (4294967295)."""
    norm = _normalise(raw).strip()
    digits = _digits(norm)
    if "+" in norm or (digits.startswith("0086") and len(digits) >= 12):
        return True
    if digits.startswith("86") and len(digits) >= 12:
        return True
    if digits.startswith("0"):
        return True
    if digits.startswith("1"):
        return len(digits) == 11 and digits[1] in "3456789"
    return digits.startswith(("400", "800"))


def _trim_brackets(norm: str, start: int, end: int) -> tuple[int, int]:
    """Leave out a bracket that opens or closes around the number (张三（13912345678）, [13912345678])."""

    def unbalanced(opening: str, closing: str, s: int, e: int) -> bool:
        return norm.count(opening, s, e) != norm.count(closing, s, e)

    changed = True
    while changed and start < end:
        changed = False
        first, last = norm[start], norm[end - 1]
        if first == " " or (first in "([" and unbalanced(first, ")]"["([".index(first)], start, end)):
            start, changed = start + 1, True
        elif last == " " or (last in ")]" and unbalanced("(["[")]".index(last)], last, start, end)):
            end, changed = end - 1, True
    return start, end


_SEQUENCES = "01234567890123456789", "98765432109876543210"


def _is_sequence(raw: str) -> bool:
    """``0123456789`` (an alphabet in code, a placeholder in a form) is not anyone's number."""
    digits = _digits(raw)
    return len(digits) >= 9 and any(digits in seq for seq in _SEQUENCES)


def _local_digits_ok(candidate: str) -> bool:
    digits = _digits(candidate)
    if _MOBILE.fullmatch(candidate):
        return True
    if candidate.lstrip("(").startswith("0"):
        return 10 <= len(digits) <= 12
    return 7 <= len(digits) <= 8


_MAX_TRIES = 10**9  # the default (65535) would silently stop scanning long pages

# ---------------------------------------------------------------- where a phone number can be
#
# Running phonenumbers' matcher (and our own digit patterns) over every character is what made redaction
# and the leak scan slow.  They run only where they can find something, and that restriction changes no
# result:
#
# * Soft characters: every character that phonenumbers' candidate pattern (``_PATTERN``: brackets, plus
#   signs, digits, its punctuation, extension words such as "ext"/"anexo"/"доб", all case variants) or
#   ``_MOBILE``/``_LANDLINE``/``_SERVICE`` can consume.  A match never contains another (hard) character,
#   so the matcher and the three patterns give the same matches on a *window* – a run of soft
#   characters with the hard character (or text end) on each side, which their one-character
#   look-behind/look-ahead and the matcher's neighbour checks read – as on the whole text.
#   tests/test_redact.py derives the alphabet of the four patterns from their compiled form and
#   checks that it is contained in these two sets.
# * Enough characters: an accepted number has at least ``_MIN_PHONE_CHARS`` digits (or letters, which
#   phonenumbers maps to digits in vanity numbers) from its first digit on: a valid national number for
#   CN has ≥ 7 digits, an international one ≥ 6 with its country code (tests/test_redact.py computes both
#   from phonenumbers' metadata); our own patterns need ≥ 9.  A run with fewer is skipped.
_SOFT_ALNUM = (
    "AEINOSTXaeinostx\u00d3\u00f3\u0130\u0131\u017f\u0411\u0414\u041e\u0431\u0434\u043e\u1c81\u1c82\u30fc"
    "\uff25\uff29\uff2e\uff34\uff38\uff45\uff49\uff4e\uff54\uff58"
)
_SOFT_OTHER = (
    "\t #()+,-./:;=[]~\u00a0\u00ad\u0301\u200b\u2010\u2011\u2012\u2013\u2014\u2015\u2053\u2060\u2212\u223c"
    "\u3000\uff03\uff08\uff09\uff0b\uff0d\uff0e\uff0f\uff3b\uff3d\uff5e"
)
_SOFT_CHARS = frozenset(_SOFT_ALNUM + _SOFT_OTHER)
_MIN_PHONE_CHARS = 6
_A = r"\d" + re.escape(_SOFT_ALNUM)
_N = re.escape(_SOFT_OTHER)
# From a digit to the end of its soft run, if the run holds _MIN_PHONE_CHARS digits/letters from there on.
_PHONE_RUN = re.compile(rf"\d(?:[{_N}]*+[{_A}]){{{_MIN_PHONE_CHARS - 1}}}[{_N}{_A}]*+")


def _is_soft(ch: str) -> bool:
    return ch in _SOFT_CHARS or ch.isdecimal()  # re's \d is str.isdecimal


def _phone_windows(norm: str) -> Iterator[tuple[int, int, int, int]]:
    """``(lo, start, end, hi)``: each soft run ``start:end`` that may hold a phone number, and ``lo:hi`` the
    same with the hard character on each side (none at the text's ends)."""
    for m in _PHONE_RUN.finditer(norm):
        start = m.start()
        while start > 0 and _is_soft(norm[start - 1]):
            start -= 1
        end = m.end()
        yield max(start - 1, 0), start, end, min(end + 1, len(norm))


# The Unicode blocks where the matcher counts a letter (or a non-spacing mark, taken as part of the letter before
# it) as Latin: Basic Latin, Latin-1 Supplement, Latin Extended-A and -B, Combining Diacritical Marks and Latin
# Extended Additional.  tests/test_redact.py compares _edge with the matcher's own tests on every character.
_LATIN_BLOCKS = ((0x0000, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF))


@functools.cache
def _edge(ch: str) -> str:
    """A stand-in for a hard character next to a window.  The matcher only asks whether the character before or
    after a number is a Latin letter or a currency or percent sign; our patterns whether it is an ASCII letter.
    ``b`` is both a Latin and an ASCII letter, ``à`` a Latin letter only, ``%`` a sign, ``<`` none of these."""
    category = unicodedata.category(ch)
    if (category[0] == "L" or category == "Mn") and any(lo <= ord(ch) <= hi for lo, hi in _LATIN_BLOCKS):
        return "b" if ch.isascii() else "\u00e0"
    return "%" if ch == "%" or category == "Sc" else "<"


# A match of phonenumbers counts only if _plausible_match accepts its text: a "+" in it, or its ASCII digits
# starting with 0 (a national prefix, or "00" before a country code), 1[3-9] (exactly 11 digits), 86 (12 or
# more) or 400/800.  Starting with 0, 400 or 800, the number holds a valid national number of at least
# _MIN_NATIONAL digits (the shortest in CN; with "00", country code and national number are longer).  A "+" can
# only lead a match (the matcher's pattern has it before the first digit only), so the match is international:
# a country code and a national number, at least _MIN_PHONE_CHARS digits, all after that "+" and before the
# next one.  tests/test_redact.py derives these facts from phonenumbers' metadata and pattern.  The digits are
# ASCII when the window has no other digits, and the match is part of the window, so its digits are a
# contiguous part of the window's: a window where none of these shapes is found gives no match that counts, and
# the matcher (most of the time of redaction and of the leak scan) is not run on it.
#
# Tighter still: the match counts only if _groups_ok accepts it too, i.e. each digit group after its first has at
# least three digits (after "86"/"0086" and a two-digit area code, the group after that one may be shorter).  A
# match begins and ends at the edge of a run of ASCII digits (the matcher's pattern takes whole runs of up to 20
# digits; its inner matches and trimming cut at other characters), so its groups are consecutive whole runs of
# the window – unless the window holds an extension sign, after which the matcher may take part of a run (up to
# 9 digits after "#", "~", "int") and _groups_ok drops an "x"/"ext" tail, or "(0)", which _groups_ok removes, or a
# run longer than 20 digits.  Those windows keep the coarser test.  A row of figures (1725.6. 0. 1725.6) or a date
# (2022-05-19) has no such sequence of runs, however its digits run together.
_MIN_NATIONAL = 7
_PLAUSIBLE_DIGITS = re.compile(rf"0\d{{{_MIN_NATIONAL - 1}}}|1[3-9]\d{{9}}|86\d{{10}}|[48]00\d{{{_MIN_NATIONAL - 3}}}")
_NOT_ASCII_DIGIT = re.compile(r"[^0-9]+")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # \d is every decimal digit (str.isdecimal), as for the matcher
_ASCII_RUN = re.compile(r"[0-9]+")
_PARTIAL_RUNS = re.compile(r"[xX\uff58\uff38#\uff03~\uff5e]|int|\uff49\uff4e\uff54|\u0434\u043e\u0431|\(0\)|[0-9]{21}")


def _plausible_digits(digits: str) -> bool:
    """:func:`_plausible_match` for a match without "+" whose ASCII digits are ``digits``, with the lower bounds."""
    if digits[:1] == "0" or digits[:3] in ("400", "800"):
        return len(digits) >= _MIN_NATIONAL
    if digits[:2] == "86":
        return len(digits) >= 12
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"


def _runs_could_count(runs: list[str]) -> bool:
    """Whether some consecutive runs, each after the first of three digits or more (as :func:`_groups_ok` wants
    them), have digits :func:`_plausible_digits` accepts."""
    for a, first in enumerate(runs):
        digits = first
        area_code = first in ("86", "0086") and a + 1 < len(runs) and len(runs[a + 1]) == 2
        for b in range(a + 1, len(runs) + 1):
            if _plausible_digits(digits):
                return True
            if b == len(runs) or (len(runs[b]) < 3 and not (area_code and b <= a + 2)):
                break
            digits += runs[b]
    return False


def _matcher_needed(window: str) -> bool:
    """Whether phonenumbers could find a match in ``window`` that :func:`_plausible_match` and :func:`_groups_ok`
    accept."""
    if not window.isascii() and _OTHER_DIGIT.search(window):
        return True
    if "+" in window and any(
        len(_NOT_ASCII_DIGIT.sub("", after)) >= _MIN_PHONE_CHARS for after in window.split("+")[1:]
    ):
        return True
    if _PLAUSIBLE_DIGITS.search(_NOT_ASCII_DIGIT.sub("", window)) is None:
        return False
    return _PARTIAL_RUNS.search(window) is not None or _runs_could_count(_ASCII_RUN.findall(window))


# window → the spans (window offsets) that may be phone numbers: phonenumbers' matches that _plausible_match and
# _groups_ok accept, then our own patterns' matches that _groups_ok accepts.  A pure function of the window (and
# of the library's version), so the leak scan keeps it between builds (site_builder.verify.leakscan); the same figures
# recur in every format of the site.  What is around the window (an amount's unit, an extension) is judged
# for each place the window occurs, by _phone_spans.
WINDOW_SPANS: dict[str, tuple[tuple[int, int], ...]] = {}


def _window_spans(window: str) -> tuple[tuple[int, int], ...]:
    """The candidate spans of a window, remembered in :data:`WINDOW_SPANS`.

    The window is its soft run with the stand-ins of :func:`_edge` for the hard characters around it, which
    answer the look-behind and look-ahead of our patterns as the characters themselves do.
    """
    found = WINDOW_SPANS.get(window)
    if found is None:
        spans: list[tuple[int, int]] = []
        if _matcher_needed(window):
            matcher = PhoneNumberMatcher(window, "CN", leniency=Leniency.VALID, max_tries=_MAX_TRIES)
            spans += [
                (pm.start, pm.end) for pm in matcher if _plausible_match(pm.raw_string) and _groups_ok(pm.raw_string)
            ]
        for pattern in (_MOBILE, _LANDLINE, _SERVICE):
            spans += [m.span() for m in pattern.finditer(window) if _groups_ok(m.group())]
        found = WINDOW_SPANS[window] = tuple(spans)
    return found


def _could_hold_phone(text: str) -> bool:
    """Whether phonenumbers or the digit patterns could find a number in ``text`` (the prefilter)."""
    return _PHONE_RUN.search(_normalise(text)) is not None


_TEL_HINT = re.compile(r"[Tt][Ee][Ll]:")  # the same as (?i)tel: (no other character folds to t, e or l)
_LABEL_WORD = re.compile(
    r"联系电话|联络电话|电话号码|联系方式|办公电话|固定电话|手机号码|手机号|电话|手机|座机"
    r"|Tel|TEL|tel|Phone|PHONE|phone|Mobile|mobile"
)


def _tel_links(norm: str) -> Iterator[re.Match[str]]:
    """``_TEL_LINK.finditer(norm)``, without trying the pattern where no ``tel:`` starts."""
    pos = 0
    while (hint := _TEL_HINT.search(norm, pos)) is not None:
        m = _TEL_LINK.match(norm, hint.start())
        if m is None:  # "tel:" with nothing after it
            pos = hint.start() + 1
            continue
        yield m
        pos = m.end()


def _labels(norm: str) -> Iterator[re.Match[str]]:
    """``_LABEL.finditer(norm)``: the pattern is tried only where one of its words starts."""
    pos = 0
    while (word := _LABEL_WORD.search(norm, pos)) is not None:
        m = _LABEL.match(norm, word.start())
        if m is None:  # "Tel" inside a word
            pos = word.start() + 1
            continue
        yield m
        pos = m.end()


def _phone_spans(norm: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        start, end = _trim_brackets(norm, start, end)
        raw = norm[start:end]
        if _DATE_SHAPE.match(raw) or _PLAIN_NUMBER.match(raw) or _is_sequence(raw) or _is_amount(norm, start, end):
            return
        spans.append((start, _extend_extension(norm, end)))

    for m in _tel_links(norm):
        if len(_digits(m.group())) < 3:
            continue
        prev = norm[m.start() - 1] if m.start() else ""
        if prev and prev in "(\"'=<":
            spans.append((m.start(), m.start() + len(m.group().rstrip())))  # a link target: all of it goes
    for lo, start, end, hi in _phone_windows(norm):
        window = (_edge(norm[lo]) if lo < start else "") + norm[start:end] + (_edge(norm[end]) if end < hi else "")
        for w_start, w_end in _window_spans(window):  # window offset 0 is norm[lo]
            add(lo + w_start, lo + w_end)
    for m in _labels(norm):
        pos = m.end()
        while True:
            num = _LOCAL.match(norm, pos)
            if not num or not _local_digits_ok(num.group()) or not _groups_ok(num.group()):
                break
            add(num.start(), num.end())
            sep = _LIST_SEP.match(norm, num.end())
            if not sep:
                break
            pos = sep.end()
    return spans


# ---------------------------------------------------------------- signatures

_SIGN_LABEL = re.compile(r"(?:\(签名\)|\(签字\)|\(签章\)|签字|签名|签章)[ \t]*[：:][ \t]*")
_SIGN_STOP = set("：:<>\"'|[](){}，。；;,、\n\r")
_TRAILING_LABEL = re.compile(
    r"[ \t]*(?:联系电话|联络电话|电话号码|联系方式|电话|手机|座机|日期|时间|职务|职称|单位|姓名"
    r"|Tel|TEL|tel)$"
)
_NOT_A_NAME = re.compile(r"^[\d\s年月日._\-—/]*$")


def _signature_spans(norm: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in _SIGN_LABEL.finditer(norm):
        start = m.end()
        end = start
        while end < len(norm):
            ch = norm[end]
            if ch in _SIGN_STOP or ch in "\t":
                break
            if ch == " " and (end + 1 >= len(norm) or norm[end + 1].isspace()):
                break
            end += 1
        value = norm[start:end]
        if end < len(norm) and norm[end] in "：:":
            value = _TRAILING_LABEL.sub("", value) if _TRAILING_LABEL.search(value) else ""
        value = value.rstrip()
        if not value or value.startswith(MARKER) or _NOT_A_NAME.match(value) or not any(ch.isalpha() for ch in value):
            continue  # nothing, the marker, a date, or punctuation only (签字：”)
        spans.append((start, start + len(value)))
    return spans


# ---------------------------------------------------------------- the forms real reports use (issue 21)
#
# Context the digit detectors above cannot see: a label in a table's header or in the previous cell or line, a
# verb or emphasis between a label and its number, a name between them, Chinese numerals, traditional script,
# signer labels without a signing mark, the signing column or row of a table, e-mail addresses; and the figures
# that must stay (a money column, a unit on the next line).  Every rule looks at most a few lines or 800
# characters around what it removes (the leak scan's blocks rely on that).

_TRAD_LABEL = (
    r"联系电话|聯繫電話|聯絡電話|联络电话|聯系電話|电话号码|電話號碼|联系方式|聯繫方式|聯絡方式|联络方式|联系号码|聯繫號碼"
    r"|办公电话|辦公電話|固定电话|固定電話|咨询电话|諮詢電話|手机号码|手機號碼|手机号|手機號|电[ \t]?话|電[ \t]?話|手[ \t]?[机機]|座机|座機"
    r"|传真|傳真|(?<![A-Za-z])(?:Tel|TEL|tel|Phone|PHONE|phone|Mobile|mobile|Fax|FAX)\.?(?![A-Za-z])"
)
_PHONE_WORD = re.compile(_TRAD_LABEL)
_CN_DIGITS = "零〇○一二三四五六七八九幺"
_CN_NUMBER = re.compile(rf"[{_CN_DIGITS}](?:[ \t\-.]?[{_CN_DIGITS}]){{6,14}}")
# a phone number as written after a label: digits with separators, one line break allowed inside
_PHONE_TOKEN = re.compile(
    r"\+?\(?\d(?:(?:[ \t]{0,2}|[ \t]*[-.][ \t]*|\)[ \t]*|[ \t]*\n[ \t]*|[ \t]*-[ \t]*\n[ \t]*)\(?\d){4,16}(?!\d)"
    rf"|[{_CN_DIGITS}](?:[ \t\-.]?[{_CN_DIGITS}]){{6,14}}"
)
_BETWEEN = re.compile(r"(?:[ \t]*(?:\([^()\n]{0,10}\)|[为是為][:：]?|[:：|]|[*_`~]+|<[^<>\n]{0,60}>))*[ \t]*")
_NAME_CHARS = r"[\u3400-\u9fff·]"
_NAME_BETWEEN = re.compile(rf"{_NAME_CHARS}{{2,4}}[ \t]*[,，、:：;；]?[ \t]*")
_LIST_NEXT = re.compile(r"[ \t]*(?:[、，,/;；]|或|和|及)[ \t]*[*_`~]*[ \t]*")
_MONEY_UNIT_NEXT = re.compile(r"[ \t]*\n?[ \t]*(?:万元|萬元|亿元|億元|元)")
_COUNT_NEXT = re.compile(r"[ \t]*\n?[ \t]*(?:余|餘|多)?(?:人次|次|通|个|個|件|户|戶|人|笔|筆|%|万|萬|亿|億)")
_MONEY_HEADER = re.compile(
    r"\((?:单位|單位|金额单位)?[:：]?[ \t]*(?:万|萬|亿|億|千)?元\)|金额|金額|预算数|預算數|决算数|決算數|执行数|執行數|支出数|资金"
)
_SIGN_MARK = re.compile(r"[签簽][ \t]{0,3}[名字章]|[盖蓋][ \t]{0,3}章")  # 签  字: Word pads a table header
_SIGNER = re.compile(
    r"填[报報表]人|[审審]核人|[复複]核人|[签簽]字人|[评評][价價][组組]成[员員]|(?<![\u3400-\u9fff])[负負][责責]人"
)
_NOT_A_NAME_WORDS = frozenset(
    {
        "年月日",
        "同意",
        "日期",
        "单位",
        "意见",
        "无",
        "已阅",
        "见附件",
        "时间",
        "职务",
        "职称",
        "姓名",
        "备注",
        "盖章",
        "签字",
        "签名",
        "签章",
        "联系人",
        "单位盖章",
        "公章",
        "年度",
    }
)
_ROLE_END = tuple("人长导员位门部处室科局队组表方见章字名话話址码碼期间間度况況师師")  # 会计师: a title
_LEADING = re.compile(
    r"[ \t)]*(?:\([^()\n]{0,8}\)[ \t]*)*(?:[签簽][ \t]{0,3}[名字章]|[盖蓋][ \t]{0,3}章)?[ \t)]*[:：]?[ \t]*"
)
_NAME_LIST = re.compile(rf"{_NAME_CHARS}{{2,4}}(?:[ \t]*[、，,;；/ ][ \t]*{_NAME_CHARS}{{2,4}})*")
_PADDED_NAME = re.compile(
    rf"{_NAME_CHARS}[ \t]{{1,3}}{_NAME_CHARS}(?=[ \t]*(?:\n|$|\|))"
)  # 唐　婷: two characters padded
_EMAIL = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9._%+\-]*[ \t]{0,2}@[ \t]{0,2}[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)
_LOOKBACK = 800


def _is_name(token: str) -> bool:
    return (
        2 <= len(token) <= 4
        and token not in _NOT_A_NAME_WORDS
        and not token.endswith(_ROLE_END)
        and not any(ch in _CN_DIGITS for ch in token[:1])
    )


def _names_at(norm: str, pos: int) -> int:
    """The end of a list of names starting at ``pos`` (``pos`` when there is none); a name followed by a colon is
    a label, not a name."""
    padded = _PADDED_NAME.match(norm, pos)
    if padded and _is_name(re.sub(r"[ \t]", "", padded.group())):
        return padded.end()
    m = _NAME_LIST.match(norm, pos)
    if not m:
        return pos
    end = pos
    for part in re.finditer(rf"{_NAME_CHARS}+", m.group()):
        if not _is_name(part.group()):
            break
        end = pos + part.end()
    if end < len(norm) and norm[end] in ":：" or (end < len(norm) and re.match(r"[\u3400-\u9fff]", norm[end])):
        return pos
    return end


def _digit_count(token: str) -> int:
    return sum(ch.isdigit() or ch in _CN_DIGITS for ch in token)


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
    if _DATE_SHAPE.match(raw) or _PLAIN_NUMBER.match(raw) or _is_sequence(raw) or _is_amount(norm, m.start(), m.end()):
        return None  # a date, a year range, a figure with its decimals or thousands, 0123456789
    return m


def _numbers_after(norm: str, pos: int, spans: list[tuple[int, int]]) -> bool:
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


def _label_phone_spans(norm: str) -> list[tuple[int, int]]:
    """Numbers after a phone label: a verb, emphasis, a bracket or a name between; on the next line or cell, after a
    blank line; a list of numbers."""
    spans: list[tuple[int, int]] = []
    for m in _PHONE_WORD.finditer(norm):
        pos = _BETWEEN.match(norm, m.end()).end()  # type: ignore[union-attr]
        if _numbers_after(norm, pos, spans):
            continue
        named = _NAME_BETWEEN.match(norm, pos)  # 联系人及电话：邓超 13312345605
        if named and _numbers_after(norm, named.end(), spans):
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
    start = _BETWEEN.match(norm, start).end()  # type: ignore[union-attr]
    if _numbers_after(norm, start, spans):
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


def _chinese_number_spans(norm: str) -> list[tuple[int, int]]:
    """A mobile written in Chinese numerals (一三八一二三四五六七八) anywhere; other numbers only after a label
    (:func:`_label_phone_spans`)."""
    spans = []
    for m in _CN_NUMBER.finditer(norm):
        digits = "".join(
            str("零一二三四五六七八九".find(ch)) if ch in "零一二三四五六七八九" else ("0" if ch in "〇○" else "1")
            for ch in m.group()
            if ch in _CN_DIGITS
        )
        if re.fullmatch(r"1[3-9]\d{9}|0\d{9,11}", digits):
            spans.append(m.span())
    return spans


_SPACED = re.compile(r"(?<![\d.])\d(?:[ \t]?-?[ \t]?\d){6,14}(?![\d.])")


def _spaced_spans(norm: str) -> list[tuple[int, int]]:
    """Every digit spaced (1 3 9 1 2 3 4 5 6 7 8), dots as separators (139.1234.5678): a mobile or an area-coded
    landline by its digits."""
    spans = []
    for m in _SPACED.finditer(norm):
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


def _value_spans(norm: str, pos: int) -> list[tuple[int, int]]:
    """Names after a signing mark or a signer label ending at ``pos``: on its line, or alone on the next lines."""
    lead = _LEADING.match(norm, pos)
    start = lead.end() if lead else pos
    end = _names_at(norm, start)
    if end > start:
        return [(start, end)]
    rest = norm[start : norm.find("\n", start) if "\n" in norm[start:] else len(norm)]
    if rest.strip(" \t|") and not rest.lstrip(" \t").startswith("|"):
        return []  # something else on the line (年 月 日, another label): an empty signing line
    spans: list[tuple[int, int]] = []
    line_start = start + len(rest)
    blanks = 0
    while line_start < len(norm) and len(spans) < 12:
        nl_end = norm.find("\n", line_start + 1)
        nl_end = len(norm) if nl_end < 0 else nl_end
        line = norm[line_start + 1 : nl_end] if norm[line_start : line_start + 1] == "\n" else norm[line_start:nl_end]
        base = nl_end - len(line)
        cell = line.strip(" \t|")
        if not cell:
            blanks += 1
            if blanks > 1 or spans:
                break
            line_start = nl_end
            continue
        at = base + line.index(cell)
        if line.lstrip(" \t").startswith("|") and not spans:  # the next cell of a Markdown row
            at = base + line.index("|") + 1
            at = _BETWEEN.match(norm, at).end()  # type: ignore[union-attr]
            end = _names_at(norm, at)
            return [(at, end)] if end > at else []
        end = _names_at(norm, at)
        if end - at != len(cell.rstrip()):
            break
        spans.append((at, end))
        line_start = nl_end
    return spans


def _is_label_use(norm: str, start: int, end: int) -> bool:
    """A label, not a word of a sentence: followed by a colon, space, bracket, signing mark, cell end or line end."""
    after = norm[end : end + 1]
    return after in ("", "\n", " ", "\t", ":", "：", "(", ")", "|", "*") or bool(_SIGN_MARK.match(norm, end))


def _signer_spans(norm: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for m in [*_SIGN_MARK.finditer(norm), *_SIGNER.finditer(norm)]:
        if not _is_label_use(norm, m.start(), m.end()):
            continue
        spans += _value_spans(norm, m.end())
        if _SIGN_MARK.fullmatch(m.group()):  # the name before the mark: 王小明（签字）, 李大海 签名
            line_start = max(norm.rfind("\n", 0, m.start()) + 1, norm.rfind("|", 0, m.start()) + 1)
            before = re.search(
                rf"(?:^|[ \t:：,，、])({_NAME_CHARS}{{2,4}})[ \t]*\(?[ \t]*$", norm[line_start : m.start()]
            )
            after = norm[m.end() : m.end() + 2].lstrip(" \t)")
            if (
                before
                and _is_name(before.group(1))
                and (m.start() - line_start - before.end(1) > 0)
                and not after.startswith((":", "："))
            ):
                spans.append((line_start + before.start(1), line_start + before.end(1)))
    return spans


_MD_SEPARATOR = re.compile(r"[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*(?::?-+:?)?[ \t]*\|?[ \t]*")


def _cells(line: str, pos: int) -> list[tuple[int, int]]:
    """The cells of a Markdown table row at ``pos``, stripped; the outer bars may be left out (姓名 | 签字)."""
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    stripped = line.strip()
    if not stripped.startswith("|"):
        bars.insert(0, -1)
    if not stripped.endswith("|"):
        bars.append(len(line))
    cells = []
    for a, b in itertools.pairwise(bars):
        cell = line[a + 1 : b]
        lead = len(cell) - len(cell.lstrip())
        cells.append((pos + a + 1 + lead, pos + a + 1 + max(len(cell.rstrip()), lead)))
    return cells


def _table_rows(norm: str) -> Iterator[list[tuple[list[tuple[int, int]], bool]]]:
    """Markdown tables: per table, its rows as cell spans (stripped), with whether the row is the header.  A table is
    a run of lines starting with a bar, or a line with bars followed by a separator row (---|---) and the lines with
    bars after it."""
    lines = norm.split("\n")
    starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
    rows: list[tuple[list[tuple[int, int]], bool]] = []
    loose = False  # inside a table whose rows need not start with a bar
    for i, line in enumerate(lines):
        stripped = line.strip()
        opens = "|" in stripped and i + 1 < len(lines) and _MD_SEPARATOR.fullmatch(lines[i + 1]) is not None
        if stripped.startswith("|") and len(stripped) > 1 or (loose or opens) and "|" in stripped:
            loose = loose or opens
            if not _MD_SEPARATOR.fullmatch(line):
                rows.append((_cells(line, starts[i]), not rows))
            continue
        if rows:
            yield rows
        rows, loose = [], False
    if rows:
        yield rows


_HTML_TABLE = re.compile(r"(?is)<table\b.*?</table\s*>")
_HTML_ROW = re.compile(r"(?is)<tr\b.*?</tr\s*>")
_HTML_CELL = re.compile(r"(?is)<(t[dh])\b([^>]*)>(.*?)</t[dh]\s*>")


def _html_money_cells(norm: str) -> list[tuple[int, int]]:
    """The body cells of the columns of an HTML table (a built page) whose header cell names a money unit."""
    cells: list[tuple[int, int]] = []
    for table in _HTML_TABLE.finditer(norm):
        columns: set[int] = set()
        for row in _HTML_ROW.finditer(table.group()):
            found = list(_HTML_CELL.finditer(row.group()))
            header = found and all(c.group(1).lower() == "th" and "row" not in c.group(2) for c in found)
            for col, cell in enumerate(found):
                if header and _MONEY_TITLE.search(cell.group(3)):
                    columns.add(col)
                elif not header and col in columns:
                    at = table.start() + row.start() + cell.start(3)
                    cells.append((at, at + len(cell.group(3))))
    return cells


def _table_spans(norm: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]:
    """``(phones, signatures, money cells)`` of the Markdown tables: the column under a phone, signing or money
    header; the cells after a signing label in its row."""
    phones: list[tuple[int, int]] = []
    signs: list[tuple[int, int]] = []
    money: list[tuple[int, int]] = []
    for rows in _table_rows(norm):
        header = rows[0][0]
        kinds = []
        for s, e in header:
            title = norm[s:e]
            if _PHONE_WORD.search(title):
                kinds.append("phone")
            elif _SIGN_MARK.search(title) or _SIGNER.search(title):
                kinds.append("sign")
            elif _MONEY_HEADER.search(title):
                kinds.append("money")
            else:
                kinds.append("")
        for cells, is_header in rows:
            for col, (s, e) in enumerate(cells):
                kind = kinds[col] if col < len(kinds) and not is_header else ""
                text = norm[s:e]
                if kind == "money":
                    money.append((s, e))
                elif kind == "phone":
                    pos = s + len(text) - len(text.lstrip("*_` \t"))
                    _numbers_after(norm, pos, phones)
                elif kind == "sign" and text.strip("*_` \t") and not _NOT_A_NAME.match(text) and MARKER not in text:
                    signs.append((s, e))
            first = norm[cells[0][0] : cells[0][1]] if cells else ""
            if cells and (_SIGN_MARK.search(first) or _SIGNER.search(first)) and len(first) <= 16:
                for s, e in cells[1:]:
                    text = norm[s:e]
                    if (
                        text.strip()
                        and MARKER not in text
                        and not _NOT_A_NAME.match(text)
                        and (not is_header or _names_at(norm, s) == e)
                    ):
                        signs.append((s, e))
    return phones, signs, money


def _each_name(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """A list of names (王建华、刘芳 陈静) as one span per name, so that each is removed and masked on its own."""
    value = norm[start:end]
    if not _NAME_LIST.fullmatch(value.strip()):
        return [(start, end)]
    return [(start + m.start(), start + m.end()) for m in re.finditer(rf"{_NAME_CHARS}+", value)]


def _pasted_column_spans(norm: str) -> list[tuple[int, int]]:
    """The signing column of a Word table pasted one cell per line (as in the seeds): rows are runs of non-empty
    lines between blank ones; under a row with a signing cell (签  字) at place k, the k-th cell of each following
    row of as many cells, where it holds a name."""
    rows: list[list[tuple[int, str]]] = [[]]
    pos = 0
    for line in norm.split("\n"):
        cell = line.strip(" \t")
        if cell and "|" not in cell:
            rows[-1].append((pos + len(line) - len(line.lstrip(" \t")), cell))
        elif rows[-1]:
            rows.append([])
        pos += len(line) + 1
    spans: list[tuple[int, int]] = []
    for i, header in enumerate(rows):
        k = next((j for j, (_, cell) in enumerate(header) if _SIGN_MARK.fullmatch(cell)), None)
        if k is None or len(header) < 2:
            continue
        for row in rows[i + 1 :]:
            if len(row) != len(header):
                break
            start, cell = row[k]
            end = _names_at(norm, start)
            if end == start + len(cell):
                spans.append((start, end))
    return spans


def _email_spans(norm: str) -> list[tuple[int, int]]:
    return [m.span() for m in _EMAIL.finditer(norm)] if "@" in norm else []


def _context_spans(norm: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """What the rules of this section remove, and the money cells whose figures stay."""
    if not (
        _PHONE_WORD.search(norm)
        or _SIGN_MARK.search(norm)
        or _SIGNER.search(norm)
        or "@" in norm
        or _CN_NUMBER.search(norm)
        or _SPACED.search(norm)
        or "." in norm
        or "<table" in norm
    ):
        return [], []
    phones = _label_phone_spans(norm) + _chinese_number_spans(norm) + _spaced_spans(norm)
    signs = _signer_spans(norm) + (_pasted_column_spans(norm) if _SIGN_MARK.search(norm) else [])
    table_phones, table_signs, money = ([], [], []) if "|" not in norm else _table_spans(norm)
    if "<table" in norm:
        money += _html_money_cells(norm)
    found = [(s, e, "phone") for s, e in phones + table_phones]
    found += [(s, e, "signature") for span in signs + table_signs for s, e in _each_name(norm, *span)]
    found += [(s, e, "email") for s, e in _email_spans(norm)]
    return [(s, e, k) for s, e, k in found if e > s], money


# ---------------------------------------------------------------- engine


def mask(original: str, kind: str) -> str:
    """A preview that keeps only the last two digits (phones) or characters (signatures).

    A signature keeps at most all but its first character, so a two-character name shows as ``*桔``.
    """
    if kind == "phone":
        digits = _digits(original)
        if len(digits) >= 3:
            return "*" * (len(digits) - 2) + digits[-2:]
        return "*" * max(len(original), 1)
    value = original.strip()
    keep = min(2, max(len(value) - 1, 0))
    return "*" * (len(value) - keep) + value[len(value) - keep :]


def _detect(text: str, norm: str | None = None) -> list[tuple[int, int, str]]:
    """Merged, sorted spans ``(start, end, kind)`` of everything to remove (``norm``: ``_normalise(text)``)."""
    if norm is None:
        norm = _normalise(text)
    extra, money = _context_spans(norm)
    raw = [(s, e, "phone") for s, e in _phone_spans(norm)]
    raw += [(s, e, "signature") for span in _signature_spans(norm) for s, e in _each_name(norm, *span)]
    raw += extra
    if money:  # a figure in a money column stays, whatever its digits look like
        raw = [r for r in raw if not (r[2] == "phone" and any(ms <= r[0] and r[1] <= me for ms, me in money))]
    raw = [(s, e, k) for s, e, k in raw if MARKER not in norm[s:e]]
    raw.sort()
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in raw:
        if merged and start < merged[-1][1]:
            p_start, p_end, p_kind = merged[-1]
            merged[-1] = (p_start, max(p_end, end), next(k for k in ("phone", "email", kind) if k in (p_kind, kind)))
        else:
            merged.append((start, end, kind))
    return merged


def redact_text(text: str) -> tuple[str, list[Removal]]:
    """Replace every phone number and signature value in ``text`` by :data:`MARKER`."""
    spans = _detect(text)
    if not spans:
        return text, []
    out: list[str] = []
    removals: list[Removal] = []
    pos = 0
    for start, end, kind in spans:
        original = text[start:end]
        out.append(text[pos:start])
        out.append(MARKER)
        removals.append(Removal(kind, start, end, original, mask(original, kind)))
        pos = end
    out.append(text[pos:])
    return "".join(out), removals


_PHONE_SECRET = re.compile(r"^[\d\s+\-()（）０-９＋－.]+$")
_SEPARATOR = r"[ \t\-().]"  # what may stand between the digits of a phone secret
_SEPARATORS = re.compile(_SEPARATOR + "+")


def _secret_key(secret: str) -> tuple[str, str] | None:
    """``(kind, key)`` of a secret: a phone as its bare national digits, a name normalised; None if too short."""
    value = secret.strip()
    if len(value) < 2:
        return None
    if _PHONE_SECRET.match(value):
        digits = _digits(value)
        if len(digits) < 5:
            return None
        if digits.startswith("0086"):
            digits = digits[4:]
        elif digits.startswith("86") and len(digits) == 13:
            digits = digits[2:]
        return "phone", digits
    return "signature", _normalise(value)


_DIGIT_RUN = re.compile(rf"\d(?:{_SEPARATOR}*\d)*")


def _alternation(words: Iterable[str]) -> str:
    """A regular expression for any of ``words``, as a trie (one branch per first character)."""
    groups: dict[str, list[str]] = {}
    ends = False
    for word in sorted(set(words)):
        if word:
            groups.setdefault(word[0], []).append(word[1:])
        else:
            ends = True
    parts = [re.escape(first) + _alternation(rest) for first, rest in groups.items()]
    if not parts:
        return ""
    body = "(?:" + "|".join(parts) + ")"
    return body + "?" if ends else body


class SecretIndex:
    """All secrets of a build, looked up by position instead of one pattern per secret.

    The leak scan checks every file of the site against every personal value of the sources; with one
    regular expression per secret that is quadratic in the number of reports.  Here a file is read once:
    digit runs long enough to hold a phone secret are matched against the phone secrets by length, and
    names only where one starts (one pattern for all of them).  A phone may be written with spaces,
    dashes, brackets or dots between its digits, and must not continue into further digits (the same
    rules as the single patterns had).
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        self.phones: dict[int, set[str]] = {}
        self.names: dict[int, set[str]] = {}
        for secret in secrets:
            key = _secret_key(secret)
            if key is None:
                continue
            kind, value = key
            (self.phones if kind == "phone" else self.names).setdefault(len(value), set()).add(value)
        # Runs with fewer digits than the shortest phone secret hold none; the pattern skips them.
        shortest = min(self.phones, default=1)
        self._runs = re.compile(rf"\d(?:{_SEPARATOR}*\d){{{shortest - 1},}}")
        names = [name for group in self.names.values() for name in group]
        self._name = re.compile(_alternation(names)) if names else None
        # any phone secret, in the text without separators: where this finds nothing (most files), the digit
        # runs need not be looked at one by one
        phones = [phone for group in self.phones.values() for phone in group]
        self._phone = re.compile(_alternation(phones)) if phones else None

    @property
    def fingerprint(self) -> str:
        """A digest of the secrets (for caches: scans against other secrets differ)."""
        digest = hashlib.sha256()
        for kind, groups in (("phone", self.phones), ("name", self.names)):
            for value in sorted(v for group in groups.values() for v in group):
                digest.update(f"{kind}\0{value}\0".encode())
        return digest.hexdigest()

    @property
    def longest_name(self) -> int:
        return max(self.names, default=0)

    def find_in(self, text: str) -> list[tuple[int, int, str]]:
        """:meth:`find` of ``text`` normalised (which keeps every character's position)."""
        return list(self.find(_normalise(text)))

    def find(self, norm: str) -> Iterator[tuple[int, int, str]]:
        """``(start, end, kind)`` of every secret in the normalised text: the phones, then the names.

        Every match lies within one line (no separator is a line break; names are checked against
        :attr:`longest_name` where this matters), which lets the leak scan search big files block by block."""
        # a phone secret lies within one digit run (its digits separated by separators only): looking for any in the
        # runs alone, kept apart by "|", skips the text between them, most of it
        if (
            self._phone is not None
            and (runs := self._runs.findall(norm))
            and self._phone.search(_SEPARATORS.sub("", "|".join(runs)))
        ):
            for run in self._runs.finditer(norm):
                positions = [run.start() + i for i, ch in enumerate(run.group()) if ch.isdigit()]
                digits = "".join(norm[i] for i in positions)
                for length, group in self.phones.items():
                    for i in range(len(digits) - length + 1):
                        if digits[i : i + length] not in group:
                            continue
                        # the secret must not run on into adjacent digits (separators are allowed between)
                        if i > 0 and positions[i] - positions[i - 1] == 1:
                            continue
                        end = i + length
                        if end < len(digits) and positions[end] - positions[end - 1] == 1:
                            continue
                        yield positions[i], positions[end - 1] + 1, "phone"
        if self._name is not None:
            pos = 0
            while (m := self._name.search(norm, pos)) is not None:
                at = m.start()
                for length, group in self.names.items():
                    if norm[at : at + length] in group:
                        yield at, at + length, "signature"
                pos = at + 1


def _context(text: str, spans: list[tuple[int, int, str]], start: int, end: int, masked: str) -> str:
    lo, hi = max(0, start - 20), min(len(text), end + 20)
    chars = list(text[lo:start]) + [masked] + list(text[end:hi])
    before_len = start - lo
    for s, e, _ in spans:
        if (s, e) == (start, end):
            continue
        for i in range(max(s, lo), min(e, hi)):
            if i < start:
                chars[i - lo] = "*"
            elif i >= end:
                chars[before_len + 1 + (i - end)] = "*"
    return "".join(chars).replace("\n", " ")


def detect(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, kind)`` of every phone number and signature value in ``text`` (what redaction removes)."""
    return _detect(text)


def scan_text(
    text: str, secrets: Iterable[str] | SecretIndex = (), spans: list[tuple[int, int, str]] | None = None
) -> list[Finding]:
    """Everything phone-like or signature-like, and every occurrence of a secret, in ``text``.

    Uses the same detectors as :func:`redact_text`, so whatever it would remove is reported.  Pass a
    :class:`SecretIndex` when scanning many texts against the same secrets, and ``spans`` when
    :func:`detect` has already been run on ``text`` (the leak scan caches it).
    """
    return scan_detected(text, secrets, spans)[1]


def scan_detected(
    text: str,
    secrets: Iterable[str] | SecretIndex = (),
    spans: list[tuple[int, int, str]] | None = None,
    found: list[tuple[int, int, str]] | None = None,
) -> tuple[list[tuple[int, int, str]], list[Finding]]:
    """:func:`scan_text`, also returning what :func:`detect` found (given or computed); ``found``: what the
    secrets' ``find`` gives for ``text``, when already known."""
    index = secrets if isinstance(secrets, SecretIndex) else SecretIndex(secrets)
    if spans is None or found is None:
        norm = _normalise(text)
        spans = _detect(text, norm) if spans is None else spans
        found = list(index.find(norm)) if found is None else found
    seen = {(s, e) for s, e, _ in spans}
    extra: list[tuple[int, int, str]] = []
    for start, end, kind in found:
        if any(s <= start and end <= e for s, e in seen):
            continue
        seen.add((start, end))
        extra.append((start, end, kind))
    every = sorted(spans + extra)
    findings = []
    for start, end, kind in every:
        masked = mask(text[start:end], kind)
        findings.append(Finding(kind, masked, _context(text, every, start, end, masked)))
    return spans, findings
