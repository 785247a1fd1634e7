"""The leak gate over a big text, block by block: the site-wide downloads, rewritten whole when one report changes.

Takes a decoded text (and the keys of its blocks found clean before); gives :func:`scan_blocks`: the findings of
:func:`site_builder.verify.gatefind.scan_text`, in the same order, and the keys of the blocks found clean.  The
blocks are :mod:`site_builder.verify.blocks`' (the one block algorithm of both scanners); what is found in one
window is :mod:`site_builder.verify.gatefind`'s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set

from site_builder.verify.blocks import BLOCK_MARGIN, BLOCK_SIZE, blocks_of
from site_builder.verify.gatefind import GateFinding, Item, Owned, merge, phases_of, public_set, scan_text
from site_builder.verify.gatetext import ROW

__all__ = ["scan_blocks"]

_REACH = 400  # characters, as the gate reads them: a label's 200 and a unit word's spaces after a figure
_REACH_LINES = 8  # a signer's name may stand up to seven lines below the label
_FAR_SPACES = re.compile(r"[ \t]{64}")  # a unit word could stand after a run of spaces this long
# what makes the gate read a text as a whole: tags (tables, attributes, scripts), table bars, row ends, and the
# full-width characters normalise() reads as them
_WHOLE = ("<", "\uff1c", "|", "\uff5c", ROW)


def _line_span(text: str, first: int, end: int) -> tuple[int, int]:
    """Where the lines ``[first, end)`` of ``text`` start and stop."""
    bounds = []
    for line in (first, end):
        at = 0
        for _ in range(line):
            found = text.find("\n", at)
            if found < 0:
                at = len(text)
                break
            at = found + 1
        bounds.append(at)
    return bounds[0], bounds[1]


def _owned(first: int, end: int, at_start: bool, at_end: bool) -> Owned:
    """Where the block (the window's lines ``[first, end)``) is in the window normalised and as lines, or None if
    the window, as lines (:func:`site_builder.verify.gatetext.as_lines`), does not hold all the gate reads around
    the block: 400 characters and eight lines each side (unless the whole text starts or ends there), no run of 64
    spaces (a unit word may follow spaces), no blank line (a signing column's rows are blocks of lines between
    blank ones, as far as the text goes)."""

    def spans(norm: str, lines: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
        lo, hi = _line_span(lines, first, end)
        if not at_start and (lo < _REACH or lines.count("\n", 0, lo) < _REACH_LINES):
            return None
        if not at_end and (len(lines) - hi < _REACH or lines.count("\n", hi) < _REACH_LINES):
            return None
        rows = lines.split("\n")
        if rows[-1] == "":
            rows.pop()  # the window ends with a line's end
        if _FAR_SPACES.search(lines) or not all(row.strip() for row in rows):
            return None
        return _line_span(norm, first, end), (lo, hi)

    return spans


def scan_blocks(
    text: str,
    public_numbers: Iterable[str] = (),
    code: bool = False,
    flat: bool = False,
    clean: Set[str] = frozenset(),
    size: int = BLOCK_SIZE,
) -> tuple[list[GateFinding], set[str]]:
    """:func:`~site_builder.verify.gatefind.scan_text` of a big text, block by block: its findings, and the keys of
    the blocks found clean; a block whose key is in ``clean`` is not read again.

    Why a block's window gives what the whole text gives there.  The gate normalises and splits into lines
    character by character and line by line, so a window of whole lines reads as that stretch of the whole text.
    Where it reads further than one line — a phone label's next lines (200 characters), a unit word after a
    figure (spaces, a line break), a signer's name up to seven lines down, a money header 300 characters back —
    the window holds it: blocks have 1 000 characters and eight whole lines each side, checked again as the gate
    reads the window, and each finding counts in the block where it (or its label, or its mark) starts; findings
    are merged phase by phase in block order, as the whole text lists them.  Where the gate reads the text as a
    whole — tables and their money columns, tag attributes, scripts, a signing column's rows under its header —
    blocks cannot stand alone: a text with tags, table bars or row ends, or with a window not wide enough or
    holding a blank line, is scanned whole.  tests/test_gate_blocks.py compares both on generated text.

    The keys hold the window's text and place, ``code`` and ``flat``; the verdicts hold for the public numbers
    they were made with only (the caller keeps them so).  ``size``: of a block, in characters (tests make it small).
    """
    public = public_set(public_numbers)
    if any(mark in text for mark in _WHOLE):
        return scan_text(text, public_numbers, code, flat), set()
    found: list[list[list[Item]]] = []
    keys: set[str] = set()
    for start, stop, lo, hi, block in blocks_of(text, size, BLOCK_MARGIN, _REACH_LINES):
        key = f"{int(code)}{int(flat)}{block}"
        if key in clean:
            keys.add(key)
            continue
        first = text.count("\n", lo, start)
        end = first + text.count("\n", start, stop) + (stop == len(text) and not text.endswith("\n"))
        owned = _owned(first, end, lo == 0, hi == len(text))
        phases = phases_of(text[lo:hi], public, code, flat, owned)
        if phases is None:
            return scan_text(text, public_numbers, code, flat), set()
        if any(phases):
            found.append(phases)
        else:
            keys.add(key)
    return (merge(found) if found else []), keys
