"""The last gate before publishing: scan every file of the built site for personal data.

Redaction happens on the model; this scan checks the result as the public will get it, including
what the renderer, the search index (pagefind's gzip-compressed fragments and index chunks) and any
JSON feed made of it.  Text is decoded the ways a browser would (``&#49;``, ``%31``, ``\\u0031``)
before :func:`site_builder.redact.scan_text` looks at it.
"""

from __future__ import annotations

import html
import re
import urllib.parse
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .redact import SecretIndex, scan_text

__all__ = ["SKIPPED_EXTENSIONS", "SiteLeak", "decode_content", "scan_site"]

SKIPPED_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "gif", "webp", "woff", "woff2", "ttf", "otf", "ico"})
"""Binary formats that cannot carry text; everything else is scanned, whatever its name."""

_GZIP_MAGIC = b"\x1f\x8b"
_MAX_LAYERS = 4
_MAX_BYTES = 256 * 1024 * 1024  # a bound on decompressed size, against a gzip bomb


@dataclass(frozen=True)
class SiteLeak:
    path: str  # relative to the site directory, with forward slashes
    kind: str
    masked: str
    context: str


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


def decode_content(data: bytes) -> str:
    """The text a file carries: gzip undone, UTF-8 decoded, JSON/URL/HTML escapes resolved.

    pagefind's decompressed data starts with the signature ``pagefind_dcd`` followed by
    JSON or binary; it is decoded like anything else (binary bytes become U+FFFD).
    """
    text = _gunzip(data).decode("utf-8", errors="replace")
    text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    text = html.unescape(text)
    text = urllib.parse.unquote(text)
    return html.unescape(text)


def _is_code(path: Path) -> bool:
    """pagefind's WebAssembly search engine (``pagefind/wasm.<lang>.pagefind``): compiled code from the pinned
    pagefind release, holding no report text; its hex tables otherwise look like phone numbers."""
    return path.parent.name == "pagefind" and path.name.startswith("wasm.") and path.suffix == ".pagefind"


_GEOMETRY = re.compile(r"(?i)(?<![\w:-])(?:d|points|viewbox|transform)\s*=\s*(?:\\?\"[^\"<>]*?\\?\"|'[^'<>]*')")


def _drop_geometry(text: str) -> str:
    """SVG path data (inline icons) is a soup of numbers that phonenumbers would read as phones."""
    return _GEOMETRY.sub('d=""', text)


def scan_site(site_dir: Path, secrets: Iterable[str]) -> list[SiteLeak]:
    """Every leak in every file under ``site_dir`` (images and fonts excepted)."""
    site_dir = Path(site_dir)
    secret_list = SecretIndex(s for s in secrets if s and len(s.strip()) >= 2)
    leaks: list[SiteLeak] = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix.lower().lstrip(".") in SKIPPED_EXTENSIONS or _is_code(path):
            continue
        text = _drop_geometry(decode_content(path.read_bytes()))
        relative = path.relative_to(site_dir).as_posix()
        for finding in scan_text(text, secret_list):
            leaks.append(SiteLeak(relative, finding.kind, finding.masked, finding.context))
    return leaks
