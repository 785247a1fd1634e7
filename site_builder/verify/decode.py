"""What a file of the built site carries as text, decoded the ways a browser or a search script would read it.

Shared by the two scanners of the verification step (:mod:`site_builder.verify.leakscan`, which runs the redactor's
detectors, and :mod:`site_builder.verify.leakgate`, which shares none of them): decoding is not detection.
"""

from __future__ import annotations

import html
import re
import zlib

__all__ = ["decode_content"]

_GZIP_MAGIC = b"\x1f\x8b"
_MAX_LAYERS = 4
_MAX_BYTES = 256 * 1024 * 1024  # a bound on decompressed size, against a gzip bomb


def _gunzip(data: bytes) -> bytes:
    """Decompress (possibly nested) gzip content; a damaged stream yields what could be read."""
    for _ in range(_MAX_LAYERS):
        if not data.startswith(_GZIP_MAGIC):
            break
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            data = decoder.decompress(data, _MAX_BYTES)
        except zlib.error:
            break
    return data


_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_PERCENT_RUN = re.compile(r"%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2})*")  # starts with "%": found fast


def _unquote(text: str) -> str:
    """``urllib.parse.unquote(text)``, faster on long non-ASCII text.

    The library decodes each ASCII stretch between non-ASCII characters as UTF-8 (errors replaced); the
    ASCII characters between escapes are whole characters in UTF-8, so decoding each run of escapes on
    its own gives the same text.  tests/test_leakscan.py compares both.
    """
    if "%" not in text:
        return text
    return _PERCENT_RUN.sub(lambda m: bytes.fromhex(m.group().replace("%", "")).decode("utf-8", "replace"), text)


def decode_content(data: bytes) -> str:
    """The text a file carries: gzip undone, UTF-8 decoded, JSON/URL/HTML escapes resolved.

    pagefind's decompressed data starts with the signature ``pagefind_dcd`` followed by
    JSON or binary; it is decoded like anything else (binary bytes become U+FFFD).
    """
    text = _gunzip(data).decode("utf-8", errors="replace")
    text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    text = html.unescape(text)
    text = _unquote(text)
    return html.unescape(text)
