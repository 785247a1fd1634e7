"""The text as the detectors read it, and the words they share.

Takes any text; gives :func:`normalise` (full-width digits, letters, brackets and dashes as ASCII, one character
for one, so offsets stay those of the original), :func:`digits_of` (its ASCII digits), the mark that stands where
something was removed (:data:`MARKER`) and the characters of a Chinese name or numeral that several detectors
use.
"""

from __future__ import annotations

import re

# One character for one character, so offsets in the normalised text are offsets in the original.
FULLWIDTH = {0xFF10 + i: ord("0") + i for i in range(10)}
FULLWIDTH.update(
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
FULLWIDTH.update({c: c - 0xFEE0 for c in [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF3F, 0xFF05]})


_FULLWIDTH_RUN = re.compile("[" + "".join(re.escape(chr(c)) for c in FULLWIDTH) + "]+")


def normalise(text: str) -> str:
    # str.translate looks every character up in a dict (≈ 4 MB/s on Chinese text); only runs of the
    # characters to replace are translated here, which gives the same string.
    if text.isascii():  # none of them is ASCII
        return text
    return _FULLWIDTH_RUN.sub(lambda m: m.group().translate(FULLWIDTH), text)


def digits_of(text: str) -> str:
    return "".join(ch for ch in normalise(text) if ch.isascii() and ch.isdigit())


CN_DIGITS = "零〇○一二三四五六七八九幺"
BETWEEN = re.compile(r"(?:[ \t]*(?:\([^()\n]{0,10}\)|[为是為][:：]?|[:：|]|[*_`~]+|<[^<>\n]{0,60}>))*[ \t]*")
NAME_CHARS = r"[\u3400-\u9fff·]"

MARKER = "〔已隐去〕"
