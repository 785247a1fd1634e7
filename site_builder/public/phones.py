"""Phone numbers by their digits: phonenumbers' matcher and our own patterns, where a number can be.

Takes a normalised text; gives :func:`phone_spans`, the ``(start, end)`` of every mobile, landline, 400/800
number and ``tel:`` link target in it that is not a figure (:mod:`site_builder.public.figures`), and of a local
number right after a phone label.  The matcher runs only on the windows that can hold a number (see below).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from phonenumbers import Leniency, PhoneNumberMatcher

from site_builder.public.figures import DATE_SHAPE, PLAIN_NUMBER, extend_extension, is_amount, is_sequence
from site_builder.public.textnorm import digits_of, normalise

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
    core = _EXTENSION_TAIL.sub("", normalise(candidate)).replace("(0)", " ")
    groups = [g for g in re.split(r"[^\d]+", core) if g]
    if len(groups) > 2 and groups[0] in ("86", "0086") and len(groups[1]) == 2:
        groups = groups[2:]  # +86 10 62345678: a two-digit area code after the country code
    return all(len(g) >= 3 for g in groups[1:])


def _plausible_match(raw: str) -> bool:
    """Reject numbers phonenumbers accepts only by assuming a dropped leading 0 (4294967295)."""
    norm = normalise(raw).strip()
    digits = digits_of(norm)
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


def _local_digits_ok(candidate: str) -> bool:
    digits = digits_of(candidate)
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
#   tests/test_redact.py asks the matcher (public API) and the three patterns for their matches on probes
#   (each character put into phone numbers written every way) and checks that what they hold is in these two
#   sets, and (with hypothesis) that a match inside a window is the same whatever stands beyond it.
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
# Extended Additional.  tests/test_redact.py compares _edge's stand-ins with the characters through the matcher's
# public API (its verdict on a number's neighbours).
_LATIN_BLOCKS = ((0x0000, 0x024F), (0x0300, 0x036F), (0x1E00, 0x1EFF))


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
# only lead a match (the matcher has it before the first digit only), so the match is international: a country
# code and a national number, at least _MIN_PHONE_CHARS digits, all after that "+" and before the next one.
# tests/test_redact.py derives these facts from phonenumbers' metadata and asks its matcher.  The digits are
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


def _window_spans(window: str) -> tuple[tuple[int, int], ...]:
    """The spans (window offsets) that may be phone numbers: phonenumbers' matches that _plausible_match and
    _groups_ok accept, then our own patterns' matches that _groups_ok accepts.  What is around the window (an
    amount's unit, an extension) is judged for each place the window occurs, by :func:`phone_spans`.

    The window is its soft run with the stand-ins of :func:`_edge` for the hard characters around it, which
    answer the look-behind and look-ahead of our patterns as the characters themselves do.

    Not remembered (issue 20: nothing but the build's one store keeps results): a memo of the windows, which
    recur in every format of the site, saved about 1 of the leak scan's 16 CPU seconds on a 300-report site
    (``benchmarks/build_scale.py --sizes 300``: 45 CPU s and an incremental build of 2.9 s without it, 44 and
    2.8 s with it; the machine's noise is of that size), well under 5 % of the build.
    """
    spans: list[tuple[int, int]] = []
    if _matcher_needed(window):
        matcher = PhoneNumberMatcher(window, "CN", leniency=Leniency.VALID, max_tries=_MAX_TRIES)
        spans += [(pm.start, pm.end) for pm in matcher if _plausible_match(pm.raw_string) and _groups_ok(pm.raw_string)]
    for pattern in (_MOBILE, _LANDLINE, _SERVICE):
        spans += [m.span() for m in pattern.finditer(window) if _groups_ok(m.group())]
    return tuple(spans)


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


def phone_spans(norm: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        start, end = _trim_brackets(norm, start, end)
        raw = norm[start:end]
        if DATE_SHAPE.match(raw) or PLAIN_NUMBER.match(raw) or is_sequence(raw) or is_amount(norm, start, end):
            return
        spans.append((start, extend_extension(norm, end)))

    for m in _tel_links(norm):
        if len(digits_of(m.group())) < 3:
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
