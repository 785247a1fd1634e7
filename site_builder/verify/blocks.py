"""Big texts in blocks: the one block algorithm of both scanners of the verification step.

Takes a decoded text; gives its blocks (:func:`blocks_of`): line-aligned, each with a window of whole lines around
it and a key that is the hash of the window and of the block's place in it.  A scanner whose findings never reach
further than the window's margins from where they start finds, in each block's window, exactly the findings of the
whole text that start in the block; a site-wide download rewritten when one report changes then changes in a few
blocks, and the others keep their verdicts by key.  How far each scanner reaches, and why its blocks give the whole
text's findings, is said where it uses them (:func:`site_builder.verify.leakscan.block_spans`,
:func:`site_builder.verify.gatefind.scan_blocks`).  Cutting text is not detection: the leak gate may share this with
the redactor's scanner and stay independent of it.
"""

from __future__ import annotations

import hashlib

__all__ = ["BLOCK_MARGIN", "BLOCK_MIN_FILE", "BLOCK_SIZE", "Block", "blocks_of"]

BLOCK_MIN_FILE = 1 << 20  # files this big (the site-wide downloads) are scanned in blocks
BLOCK_SIZE = 1 << 16
BLOCK_MARGIN = 1000

Block = tuple[int, int, int, int, str]
"""``(start, stop, lo, hi, key)``: the block ``text[start:stop]``, its window ``text[lo:hi]``, the window's key."""


def _line_start(text: str, pos: int, lines_back: int) -> int:
    """The start of the line ``lines_back`` lines above the one holding ``pos``."""
    start = text.rfind("\n", 0, pos) + 1
    for _ in range(lines_back):
        if start == 0:
            break
        start = text.rfind("\n", 0, start - 1) + 1
    return start


def _line_end(text: str, pos: int, lines_on: int) -> int:
    """The end (after its newline) of the line ``lines_on`` lines below the one holding ``pos``."""
    end = pos
    for _ in range(lines_on + 1):
        found = text.find("\n", end)
        if found < 0:
            return len(text)
        end = found + 1
    return end


def blocks_of(text: str, size: int = BLOCK_SIZE, margin: int = BLOCK_MARGIN, lines: int = 2) -> list[Block]:
    """``(start, stop, lo, hi, key)`` per block of ``text``: the block ``[start, stop)`` ends at a line end; its
    window ``text[lo:hi]`` adds at least ``margin`` characters and ``lines`` whole lines on each side; ``key`` is
    the hash of the window and of the block's place in it.  Computed once per text, for every search over it."""
    blocks = []
    start, length = 0, len(text)
    while start < length:
        stop = text.find("\n", min(start + size, length))
        stop = length if stop < 0 else stop + 1
        lo = _line_start(text, max(0, start - margin), lines)
        hi = _line_end(text, min(length, stop + margin), lines)
        window = text[lo:hi].encode("utf-8", "surrogatepass")
        blocks.append((start, stop, lo, hi, hashlib.sha256(f"{start - lo}:{stop - lo}:".encode() + window).hexdigest()))
        start = stop
    return blocks
