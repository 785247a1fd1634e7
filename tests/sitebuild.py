"""The real site, built once per test session from the real reports, and helpers to read it."""

from __future__ import annotations

import functools
import http.server
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class _Text(HTMLParser):
    """Visible text of a page, and separately the text inside ``data-pagefind-body``."""

    SKIP = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.body_parts: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._skip = 0
        self._body_depth = 0
        self._depth = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._depth += 1
        if tag in self.SKIP:
            self._skip += 1
        if any(name == "data-pagefind-body" for name, _ in attrs) and not self._body_depth:
            self._body_depth = self._depth
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row = []
            self.tables[-1].append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br":
            self._data("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        if self._body_depth and self._depth == self._body_depth:
            self._body_depth = 0
        self._depth -= 1

    def _data(self, data: str) -> None:
        self.parts.append(data)
        if self._body_depth:
            self.body_parts.append(data)
        if self._cell is not None:
            self._cell.append(data)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._data(data)


def parse(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page_text(path: Path) -> str:
    return "".join(parse(path).parts)


def indexed_text(path: Path) -> str:
    """What pagefind indexes of a page: the text inside data-pagefind-body."""
    return "".join(parse(path).body_parts)


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) for the duration of the block; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".pagefind": "application/octet-stream",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base class
        pass
