"""Search on a phone: what a reader on slow 4G waits for, measured in Chromium on built sites.

Takes built sites (``--site NAME=PATH``, PATH the built site folder) or builds them (``--build N[:PROVINCES]``:
benchmarks/generate.py then ``python -m site_builder build`` into ``--work``; a site already there is reused).
Each site is served by a small stdlib server as a real host serves it: gzip for text (HTML, CSS, JS, JSON, SVG;
pagefind's own files are compressed by pagefind and sent as they are, as nginx or GitHub Pages would), HTTP/1.1
keep-alive, Last-Modified.  The server counts the requests and the bytes it sends (headers and bodies).

Chromium (Debian's, through Playwright) is driven over the DevTools protocol with the phone profile of the
issue: ``Network.emulateNetworkConditions`` 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, and
``Emulation.setCPUThrottlingRate`` 4.  For every query of the fixed set, a first visit in a fresh browser
context (empty cache) opens ``search/?q=…`` and the benchmark prints:

* ``first``: milliseconds from the navigation's start to the first result drawn (a ``.sb-result`` in the page);
* ``ten``: to the first ten results drawn (or every result when fewer), the phrase-first order settled
  (``#sb-results`` no longer ``aria-busy``);
* ``req`` / ``KB``: requests sent until ``ten`` and the bytes received for them, as DevTools reports them (page
  and workers); ``req all`` / ``KB all``: what the server sent for the whole visit, until the page was quiet for
  1.5 s after ``ten`` (with what it loads after the results, e.g. filter counts);
* ``2nd``: a second query typed into the same page (the next query of the set): milliseconds from the submit
  to its first result and to its first ten, and its requests and bytes;
* ``results``: the count the page reports.

Then a report page (the middle report of the site), first visit: load event and Largest Contentful Paint.
``--no-throttle`` measures without the profile.  ``--json`` writes the figures; ``--report FILE`` prints the
tables of such a file again.

    python benchmarks/search_phone.py --work /work/bench24 --site p3000=/work/bench24/p3000/site
    python benchmarks/search_phone.py --work /tmp/sp --build 300:43,51 --build 1000:43,51 --build 1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from counting_server import CHROMIUM, CHROMIUM_ARGS, Server  # noqa: E402

# the phone profile of the issue
RTT_MS = 150
DOWN_BPS = 1_600_000
UP_BPS = 750_000
CPU_RATE = 4

# the fixed query set: two common terms, a province and a county, a unit's name, a phrase and a figure.  The
# county, the unit and the figure (its 2021 report's total expenditure) are those of the generated unit
# 430624-renshe (河隆县人社局), which the generator makes, with that report, at every N of ``--provinces 43,51``.
QUERIES = [
    ("养老保险", "common term"),
    ("稳岗补贴", "common term"),
    ("湖南省", "province"),
    ("河隆县", "county"),
    ("河隆县人力资源和社会保障局", "unit name"),
    ("就业补助资金", "phrase"),
    ("4770475.73", "figure"),
]

TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


# ---------------------------------------------------------------- the server


def kind(path: str) -> str:
    """What a request is for: the page and its theme, pagefind's code, or a part of a search bundle."""
    path = urlsplit(path).path
    if "/pagefind/" not in path:
        return "page"
    for marker, name in (("/fragment/", "fragment"), ("/index/", "index"), ("/filter/", "filter")):
        if marker in path:
            return name
    if path.endswith(".pf_meta"):
        return "meta"
    if path.endswith(("pagefind-entry.json", "shards.json")):
        return "entry"
    return "code"


class Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.bytes = 0
        self.kinds: dict[str, list[int]] = {}
        self.last = time.monotonic()

    def add(self, path: str, n: int) -> None:
        with self.lock:
            self.requests += 1
            self.bytes += n
            self.kinds.setdefault(kind(path), [0, 0])
            self.kinds[kind(path)][0] += 1
            self.kinds[kind(path)][1] += n
            self.last = time.monotonic()

    def snapshot(self) -> tuple[int, int]:
        with self.lock:
            return self.requests, self.bytes

    def breakdown(self) -> dict[str, list[int]]:
        with self.lock:
            return {k: list(v) for k, v in sorted(self.kinds.items())}

    def reset(self) -> None:
        with self.lock:
            self.requests = 0
            self.bytes = 0
            self.kinds = {}


def _handler(directory: str, counter: Counter, compressed: dict[str, bytes]) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as every real host
        extensions_map = {
            **SimpleHTTPRequestHandler.extensions_map,
            ".js": "application/javascript",
            ".mjs": "application/javascript",
            ".json": "application/json",
            ".wasm": "application/wasm",
            ".svg": "image/svg+xml",
        }

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=directory, **kwargs)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            pass

        def send_head(self) -> Any:
            path = self.translate_path(self.path)
            if os.path.isdir(path):
                if not urlsplit(self.path).path.endswith("/"):
                    return super().send_head()  # the redirect
                path = os.path.join(path, "index.html")
            ctype = self.guess_type(path)
            if (
                not os.path.isfile(path)
                or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not ctype.startswith(TEXT_TYPES)
            ):
                return super().send_head()
            body = compressed.get(path)
            if body is None:
                with open(path, "rb") as f:
                    body = gzip.compress(f.read(), 6, mtime=0)
                compressed[path] = body
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Last-Modified", self.date_time_string(int(os.stat(path).st_mtime)))
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            import io

            return io.BytesIO(body)

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "max-age=600")  # GitHub Pages' header
            super().end_headers()

        def copyfile(self, source: Any, outputfile: Any) -> None:
            data = source.read()
            counter.add(self.path, len(data) + 250)  # the body and about the size of the response's headers
            outputfile.write(data)

    return Handler


def serve(directory: Path, counter: Counter) -> tuple[ThreadingHTTPServer, str]:
    server = Server(("127.0.0.1", 0), partial(_handler(str(directory), counter, {})))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# ---------------------------------------------------------------- the browser

# recorded in the page: when the first result and the first ten (or every result) were drawn
WATCH = """
(() => {
  const t = (window.__sb = {first: null, ten: null, count: 0, total: null, mark: 0, cleared: true});
  // a second query: the previous query's results count only once the page has cleared them (its filter counts,
  // drawn late, would otherwise be taken for the new query's first result)
  window.__sbMark = () => { t.first = null; t.ten = null; t.mark = performance.now(); t.cleared = false; };
  const check = () => {
    const out = document.getElementById('sb-results');
    const status = document.getElementById('sb-status');
    if (!out || !status) return;
    const n = out.querySelectorAll('article.sb-result').length;
    if (!t.cleared) { if (n > 0) return; t.cleared = true; }
    const m = (status.textContent || '').match(/找到\\s*(\\d+)/);
    const none = /没有找到/.test(status.textContent || '');
    const total = m ? parseInt(m[1], 10) : (none ? 0 : null);
    t.count = n; t.total = total;
    const now = performance.now();
    if (t.first === null && (n > 0 || total === 0)) t.first = now;
    if (t.ten === null && total !== null && n >= Math.min(10, total) && out.getAttribute('aria-busy') !== 'true')
      t.ten = now;
  };
  new MutationObserver(check).observe(document, {subtree: true, childList: true, characterData: true,
                                                 attributes: true, attributeFilter: ['aria-busy']});
})();
"""

LCP = """
() => new Promise(resolve => {
  let lcp = null;
  new PerformanceObserver(list => { for (const e of list.getEntries()) lcp = e.startTime; })
    .observe({type: 'largest-contentful-paint', buffered: true});
  const nav = performance.getEntriesByType('navigation')[0];
  setTimeout(() => resolve({lcp, load: nav ? nav.loadEventEnd : null}), 300);
})
"""


@dataclass
class Visit:
    query: str
    kind: str
    first_ms: float | None = None
    ten_ms: float | None = None
    results: int | None = None
    requests: int = 0
    bytes: int = 0
    requests_all: int = 0
    bytes_all: int = 0
    second: dict[str, Any] = field(default_factory=dict)
    devtools_requests: int = 0
    kinds: dict[str, list[int]] = field(default_factory=dict)


class Requests:
    """Every request DevTools reports, of the page and of its workers: when it was sent and the bytes received."""

    def __init__(self) -> None:
        self.sent: dict[tuple[str, str], tuple[float, str]] = {}  # (session, id) → (wall time ms, URL)
        self.size: dict[tuple[str, str], int] = {}

    def event(self, session: str, method: str, params: dict[str, Any]) -> None:
        key = (session, params.get("requestId", ""))
        if method == "Network.requestWillBeSent" and params["request"]["url"].startswith("http"):
            self.sent.setdefault(key, (params["wallTime"] * 1000, params["request"]["url"]))
        elif method == "Network.loadingFinished":
            self.size[key] = int(params.get("encodedDataLength", 0))

    def between(self, start_ms: float, end_ms: float) -> tuple[int, int, dict[str, list[int]]]:
        """Requests sent from ``start_ms`` to ``end_ms`` (epoch): their number, bytes, and both by kind."""
        kinds: dict[str, list[int]] = {}
        count = size = 0
        for key, (at, url) in self.sent.items():
            if start_ms <= at <= end_ms:
                n = self.size.get(key, 0)
                count, size = count + 1, size + n
                k = kinds.setdefault(kind(url), [0, 0])
                k[0], k[1] = k[0] + 1, k[1] + n
        return count, size, dict(sorted(kinds.items()))


def _throttle(context: Any, page: Any, throttle: bool) -> Requests:
    """The phone profile on the page and on every worker it starts (pagefind fetches its index from a worker,
    which the page's own emulation does not reach); returns what DevTools saw requested, page and workers."""
    seen = Requests()
    conditions = {
        "offline": False,
        "latency": RTT_MS,
        "downloadThroughput": DOWN_BPS / 8,
        "uploadThroughput": UP_BPS / 8,
    }
    cdp = context.new_cdp_session(page)
    ids = iter(range(1, 1_000_000))

    def to_worker(session: str, method: str, params: dict[str, Any] | None = None) -> None:
        message = json.dumps({"id": next(ids), "method": method, "params": params or {}})
        cdp.send("Target.sendMessageToTarget", {"sessionId": session, "message": message})

    def attached(event: dict[str, Any]) -> None:
        session = event["sessionId"]
        to_worker(session, "Network.enable")
        if throttle:
            to_worker(session, "Network.emulateNetworkConditions", conditions)
        to_worker(session, "Runtime.runIfWaitingForDebugger")

    def from_worker(event: dict[str, Any]) -> None:
        message = json.loads(event["message"])
        if "method" in message:
            seen.event(event["sessionId"], message["method"], message.get("params", {}))

    cdp.on("Target.attachedToTarget", attached)
    cdp.on("Target.receivedMessageFromTarget", from_worker)
    cdp.send("Network.enable")
    cdp.on("Network.requestWillBeSent", lambda e: seen.event("page", "Network.requestWillBeSent", e))
    cdp.on("Network.loadingFinished", lambda e: seen.event("page", "Network.loadingFinished", e))
    if throttle:
        cdp.send("Network.emulateNetworkConditions", conditions)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_RATE})
    cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False})
    return seen


def _wait_done(page: Any, timeout_s: float) -> None:
    page.wait_for_function("() => window.__sb && window.__sb.ten !== null", timeout=timeout_s * 1000)


def _quiet(counter: Counter, seconds: float = 1.5, limit: float = 30) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end and time.monotonic() - counter.last < seconds:
        time.sleep(0.2)


def measure_query(
    browser: Any, url: str, counter: Counter, query: str, kind: str, second: str, throttle: bool, timeout_s: float
) -> Visit:
    context = browser.new_context(
        viewport={"width": 412, "height": 915}, locale="zh-CN", is_mobile=True, has_touch=True, device_scale_factor=2.6
    )
    page = context.new_page()
    page.add_init_script(WATCH)
    seen = _throttle(context, page, throttle)
    visit = Visit(query, kind)
    _quiet(counter, 0.5, 5)
    counter.reset()
    try:
        page.goto(f"{url}search/?q={quote(query)}", wait_until="commit")
        _wait_done(page, timeout_s)
        got = page.evaluate("() => Object.assign({origin: performance.timeOrigin}, window.__sb)")
        visit.first_ms, visit.ten_ms, visit.results = got["first"], got["ten"], got["total"]
        _quiet(counter)
        # what was asked for until the first ten were drawn (DevTools' clock), and the whole visit (the server's)
        visit.requests, visit.bytes, visit.kinds = seen.between(0, got["origin"] + got["ten"])
        visit.requests_all, visit.bytes_all = counter.snapshot()
        visit.devtools_requests = seen.between(0, 1e15)[0]
        # a second query in the same visit
        counter.reset()
        page.evaluate("() => window.__sbMark()")
        page.fill("#sb-q", second)
        page.click("#sb-search form button[type=submit]")
        page.wait_for_function("() => window.__sb.first !== null && window.__sb.ten !== null", timeout=timeout_s * 1000)
        got = page.evaluate("() => Object.assign({origin: performance.timeOrigin}, window.__sb)")
        req, size, _ = seen.between(got["origin"] + got["mark"], got["origin"] + got["ten"])
        visit.second = {
            "query": second,
            "first_ms": got["first"] - got["mark"],
            "ten_ms": got["ten"] - got["mark"],
            "results": got["total"],
            "requests": req,
            "bytes": size,
        }
    except Exception as exc:  # a timeout: printed as such, with what the server sent until then; the run goes on
        if visit.ten_ms is None:
            visit.requests_all, visit.bytes_all = counter.snapshot()
        print(f"  {query}: {type(exc).__name__}: {str(exc).splitlines()[0]}", file=sys.stderr)
    finally:
        context.close()
    return visit


def measure_report(browser: Any, url: str, counter: Counter, path: str, throttle: bool) -> dict[str, Any]:
    context = browser.new_context(
        viewport={"width": 412, "height": 915}, locale="zh-CN", is_mobile=True, has_touch=True, device_scale_factor=2.6
    )
    page = context.new_page()
    _throttle(context, page, throttle)
    _quiet(counter, 0.5, 5)
    counter.reset()
    try:
        page.goto(url + path, wait_until="load", timeout=60000)
        got = page.evaluate(LCP)
        _quiet(counter)
        req, size = counter.snapshot()
        return {"path": path, "load_ms": got["load"], "lcp_ms": got["lcp"], "requests": req, "bytes": size}
    finally:
        context.close()


def report_page(site: Path) -> str:
    reports = sorted(
        p.parent.relative_to(site).as_posix() for p in site.glob("units/*/[0-9][0-9][0-9][0-9]/index.html")
    )
    return reports[len(reports) // 2] + "/"


def measure_site(
    name: str, site: Path, throttle: bool, queries: list[tuple[str, str]], timeout_s: float
) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    counter = Counter()
    server, url = serve(site, counter)
    searchable = sum(1 for _ in site.glob("units/**/index.html"))
    bundles = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    shards = 1 + len(bundles.get("merge", []))
    visits: list[Visit] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                for i, (query, kind) in enumerate(queries):
                    second = queries[(i + 1) % len(queries)][0]
                    visits.append(measure_query(browser, url, counter, query, kind, second, throttle, timeout_s))
                    v = visits[-1]
                    print(
                        f"  {name} {query}: first {v.first_ms} ten {v.ten_ms} req {v.requests} "
                        f"KB {v.bytes / 1024:.0f} 2nd {v.second.get('first_ms')} devtools {v.devtools_requests} "
                        f"{ {k: (r, b // 1024) for k, (r, b) in v.kinds.items()} }",
                        file=sys.stderr,
                    )
                report = measure_report(browser, url, counter, report_page(site), throttle)
            finally:
                browser.close()
    finally:
        server.shutdown()
    return {
        "name": name,
        "site": str(site),
        "shards": shards,
        "unit_pages": searchable,
        "throttle": throttle,
        "visits": [v.__dict__ for v in visits],
        "report": report,
    }


# ---------------------------------------------------------------- building the sites


def build_site(work: Path, spec: str) -> tuple[str, Path]:
    """``N`` or ``N:PROVINCES`` → (name, built site), generated and built once under ``work``: a repository
    published a week ago with one report corrected since, as build_scale.py leaves it (two search tiers)."""
    n, _, provinces = spec.partition(":")
    name = f"n{n}" + (f"-p{provinces.replace(',', '_')}" if provinces else "-all")
    root = work / name
    site = root / "site"
    if (site / "pagefind" / "shards.json").is_file():
        return name, site
    if not (root / "units").is_dir():
        from build_scale import edit_one_figure, publish

        cmd = [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--reports", n, "--out", str(root)]
        subprocess.run(cmd + (["--provinces", provinces] if provinces else []), check=True)
        publish(root)  # published a week ago: the index's base tier, and a recent tier for the edit below
        edit_one_figure(root)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "site_builder",
            "--root",
            str(root),
            "build",
            "--out",
            str(site),
            "--cache",
            str(root / "cache"),
        ],
        check=True,
        cwd=ROOT,
    )
    return name, site


# ---------------------------------------------------------------- the tables


def _ms(v: float | None) -> str:
    return "—" if v is None else f"{v / 1000:.1f}"


def tables(runs: list[dict[str, Any]]) -> str:
    lines = []
    for run in runs:
        prof = "phone profile" if run["throttle"] else "no throttling"
        lines.append(f"\n{run['name']} ({run['unit_pages']} unit pages, {run['shards']} search bundles), {prof}\n")
        lines.append(
            "| query | kind | results | first s | ten s | req | KB | req all | KB all "
            "| 2nd query | 2nd first s | 2nd ten s | 2nd req | 2nd KB |"
        )
        lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for v in run["visits"]:
            s = v["second"]
            lines.append(
                f"| {v['query']} | {v['kind']} | {v['results'] if v['results'] is not None else '—'} "
                f"| {_ms(v['first_ms'])} | {_ms(v['ten_ms'])} | {v['requests']} | {v['bytes'] / 1024:.0f} "
                f"| {v['requests_all']} | {v['bytes_all'] / 1024:.0f} | {s.get('query', '—')} "
                f"| {_ms(s.get('first_ms'))} | {_ms(s.get('ten_ms'))} | {s.get('requests', '—')} "
                f"| {s['bytes'] / 1024:.0f} |"
                if s
                else f"| {v['query']} | {v['kind']} | — | {_ms(v['first_ms']) if v['first_ms'] else 'none'} "
                f"| timeout | — | — | {v['requests_all']} | {v['bytes_all'] / 1024:.0f} | — | — | — | — | — |"
            )
        firsts = [v["first_ms"] for v in run["visits"]]
        done = [f for f in firsts if f is not None]
        r = run["report"]
        lines.append("")
        lines.append(
            f"median first result {_ms(statistics.median(done)) if done else '—'} s, slowest "
            f"{_ms(max(done)) if len(done) == len(firsts) and done else 'timeout'} s; "
            f"most requests {max(v['requests'] for v in run['visits'])}, most KB "
            f"{max(v['bytes'] for v in run['visits']) / 1024:.0f}; slowest second query "
            f"{_ms(max(seconds)) if (seconds := [v['second']['first_ms'] for v in run['visits'] if v['second']]) else '—'} s; "
            f"report page {r['path']}: load {_ms(r['load_ms'])} s, LCP {_ms(r['lcp_ms'])} s, {r['requests']} requests, "
            f"{r['bytes'] / 1024:.0f} KB"
        )
        if run["throttle"]:
            complete = len(done) == len(firsts)
            seconds_ok = sum((v["second"].get("first_ms") or 1e9) <= 1000 for v in run["visits"])
            verdicts = {
                "median ≤ 3 s": complete and statistics.median(done) <= 3000,
                "each ≤ 5 s": complete and max(done) <= 5000,
                "≤ 60 requests": max(v["requests"] for v in run["visits"]) <= 60,
                "≤ 500 KB": max(v["bytes"] for v in run["visits"]) <= 500 * 1024,
                f"2nd ≤ 1 s ({seconds_ok}/{len(run['visits'])})": seconds_ok == len(run["visits"]),
                "LCP ≤ 2.5 s": (r["lcp_ms"] or 1e9) <= 2500,
            }
            lines.append(
                "targets: "
                + ", ".join(f"{name} {'PASS' if met else 'FAIL'}" for name, met in verdicts.items())
                + f" — {'PASS' if all(verdicts.values()) else 'FAIL'}"
            )
    return "\n".join(lines)


def summary(runs: list[dict[str, Any]]) -> str:
    """One row per site: the figures the issue's targets are about."""
    lines = [
        "| site | bundles | first s (median / slowest) | ten s (median / slowest) | requests (most) | KB (most) "
        "| second query s (slowest first) | report LCP s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        visits = run["visits"]
        firsts = [v["first_ms"] for v in visits]
        tens = [v["ten_ms"] for v in visits]
        seconds = [v["second"]["first_ms"] for v in visits if v["second"]]

        def spread(xs: list[float | None]) -> str:
            got = [x for x in xs if x is not None]
            if not got:
                return "none in 60 s"
            slowest = _ms(max(got)) if len(got) == len(xs) else "timeout"
            return f"{_ms(statistics.median(got))} / {slowest}"

        done = [v for v in visits if v["ten_ms"] is not None]
        most_req = max((v["requests"] for v in done), default=max(v["requests_all"] for v in visits))
        most_kb = max((v["bytes"] for v in done), default=max(v["bytes_all"] for v in visits)) / 1024
        lines.append(
            f"| {run['name']} | {run['shards']} | {spread(firsts)} | {spread(tens)} | {most_req} | {most_kb:.0f} "
            f"| {_ms(max(seconds)) if seconds else '—'} | {_ms(run['report']['lcp_ms'])} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", action="append", default=[], help="NAME=PATH of a built site")
    parser.add_argument("--build", action="append", default=[], help="N or N:PROVINCES, generated and built in --work")
    parser.add_argument("--work", type=Path, default=Path("/tmp/search_phone"))
    parser.add_argument("--no-throttle", action="store_true")
    parser.add_argument("--queries", help="comma-separated queries instead of the fixed set")
    parser.add_argument("--timeout", type=float, default=60, help="seconds a query may take")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--report", type=Path, nargs="+", help="print the tables of --json files")
    args = parser.parse_args(argv)
    if args.report:
        runs = [run for path in args.report for run in json.loads(path.read_text(encoding="utf-8"))["runs"]]
        print(tables(runs) + "\n\n" + summary(runs))
        return 0
    sites = [(n, Path(p)) for n, _, p in (s.partition("=") for s in args.site)]
    sites += [build_site(args.work, spec) for spec in args.build]
    queries = [(q, "query") for q in args.queries.split(",")] if args.queries else QUERIES
    runs = [measure_site(name, site, not args.no_throttle, queries, args.timeout) for name, site in sites]
    print(tables(runs) + "\n\n" + summary(runs))
    if args.json:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
        args.json.write_text(
            json.dumps(
                {
                    "when": dt.datetime.now(dt.UTC).isoformat(timespec="minutes"),
                    "commit": commit.stdout.strip(),
                    "runs": runs,
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
