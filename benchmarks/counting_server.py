"""A local static server that reports the bytes of every response, for the search benchmarks
(search_shards.py, search_phone.py): what a reader's browser downloads, counted where it is sent."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
]


class Server(ThreadingHTTPServer):
    """A threading server for a browser's bursts of requests (the search benchmarks' servers all are one)."""

    request_queue_size = 1024  # the default backlog (5) resets Chromium's bursts of fragment requests
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser context closed mid-response
            super().handle_error(request, client_address)


def _handler(count: Callable[[str, int], None], directory: str) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        extensions_map = {
            **SimpleHTTPRequestHandler.extensions_map,
            ".js": "text/javascript",
            ".wasm": "application/wasm",
        }

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=directory, **kwargs)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            pass

        def copyfile(self, source: Any, outputfile: Any) -> None:
            data = source.read()
            count(self.path, len(data))
            outputfile.write(data)

    return Handler


def serve(directory: str, count: Callable[[str, int], None]) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``directory`` on a free port of 127.0.0.1 in a daemon thread; ``count(path, bytes)`` per response.
    Returns the server (``shutdown()`` it) and its URL without a trailing slash."""
    server = Server(("127.0.0.1", 0), partial(_handler(count, directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
