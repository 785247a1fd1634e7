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
import re
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
    }
)


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
_SPACED_UNITS = ("万元", "亿元", "元", "%")  # "13575055588 元"; a count word after a space is prose
_AMOUNT_BEFORE = re.compile(r"[¥￥$]\s*$")
_NUMBER_BEFORE = re.compile(r"\d[.,]$")  # the tail of 48,929.9 or 1.2
_DECIMAL_AFTER = re.compile(r"^[.,]\d")
_DATE_SHAPE = re.compile(r"^\s*(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}\s*-\s*\d{4})\s*$")
_PLAIN_NUMBER = re.compile(r"^\s*(?:\d+\.\d+|\d{1,3}(?:,\d{3})+(?:\.\d+)?)\s*$")  # 175000000.00, 1,750,000
_EXTENSION = re.compile(r"^[ \t]*(?:转|分机|ext\.?|EXT\.?|Ext\.?|x|X|-)[ \t]*\d{1,6}(?!\d)")


def _is_amount(norm: str, start: int, end: int) -> bool:
    """Whether the digits at ``norm[start:end]`` are a figure by their neighbours."""
    after = norm[end : end + 4]
    if after.startswith(_AMOUNT_UNITS) or after.lstrip(" \t").startswith(_SPACED_UNITS):
        return True
    if _DECIMAL_AFTER.match(norm[end : end + 2]):
        return True
    before = norm[max(0, start - 3) : start]
    return bool(_AMOUNT_BEFORE.search(before) or _NUMBER_BEFORE.search(before))


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


@functools.cache
def _edge(ch: str) -> str:
    """A stand-in for a hard character next to a window.  The matcher only asks whether the character before or
    after a number is a Latin letter or a currency or percent sign; our patterns whether it is an ASCII letter.
    ``b`` is both a Latin and an ASCII letter, ``à`` a Latin letter only, ``%`` a sign, ``<`` none of these."""
    if PhoneNumberMatcher._is_latin_letter(ch):
        return "b" if ch.isascii() else "\u00e0"
    return "%" if PhoneNumberMatcher._is_invalid_punctuation_symbol(ch) else "<"


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
    if "+" in window and any(len(_NOT_ASCII_DIGIT.sub("", after)) >= _MIN_PHONE_CHARS for after in window.split("+")[1:]):
        return True
    if _PLAUSIBLE_DIGITS.search(_NOT_ASCII_DIGIT.sub("", window)) is None:
        return False
    return _PARTIAL_RUNS.search(window) is not None or _runs_could_count(_ASCII_RUN.findall(window))


# window → the spans (window offsets) that may be phone numbers: phonenumbers' matches that _plausible_match and
# _groups_ok accept, then our own patterns' matches that _groups_ok accepts.  A pure function of the window (and
# of the library's version), so the leak scan keeps it between builds (site_builder.leakscan); the same figures
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
            spans += [(pm.start, pm.end) for pm in matcher
                      if _plausible_match(pm.raw_string) and _groups_ok(pm.raw_string)]
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
        if not value or value.startswith(MARKER) or _NOT_A_NAME.match(value):
            continue
        spans.append((start, start + len(value)))
    return spans


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
    raw = [(s, e, "phone") for s, e in _phone_spans(norm)]
    raw += [(s, e, "signature") for s, e in _signature_spans(norm)]
    raw.sort()
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in raw:
        if merged and start < merged[-1][1]:
            p_start, p_end, p_kind = merged[-1]
            merged[-1] = (p_start, max(p_end, end), "phone" if "phone" in (p_kind, kind) else p_kind)
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
        if (self._phone is not None and (runs := self._runs.findall(norm))
                and self._phone.search(_SEPARATORS.sub("", "|".join(runs)))):
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
    text: str, secrets: Iterable[str] | SecretIndex = (), spans: list[tuple[int, int, str]] | None = None,
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
