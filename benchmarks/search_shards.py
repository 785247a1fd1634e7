"""What a reader downloads for one search over K site shards combined with pagefind's ``mergeIndex``.

National scale means the site is split into shards (one per province) that CI builds independently; the search
page of one shard loads its own pagefind index and merges the others' with ``pagefind.mergeIndex(url)``.  This
measures, in headless Chromium against a local server that counts every byte it sends, what one query costs:

* ``open``     pagefind.js, the WebAssembly module (the primary's only), each shard's pagefind-entry.json,
               metadata and filter chunks (the site's search page asks for the filter counts on load);
* ``search``   the index chunks the query's words fall into, in every shard;
* ``top10``    the fragments of the first 10 results (what a paged result list shows); ``first page`` is
               open + search + top10, what a first-time reader downloads to see ten results;
* ``all results``  first page plus the fragments of every other result (what site_builder's search.js does today: it calls data() on
               every result to split exact from partial matches).

A built site is mounted K times under different URLs (shard00 … shardK-1), so every shard is a real pagefind
bundle of that size and nothing is served from cache across shards; with the same content in each, the result
counts are K times one shard's.  Give it a site indexed as one bundle (``index_site(site)`` without
shards, as docs/scale.md's national measurement does): of a sharded site only the primary bundle is merged.

    python benchmarks/search_shards.py --site /tmp/site_builder-bench/n300/full --shards 31 --terms 养老保险,稳岗补贴
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from counting_server import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402


class Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.bytes: dict[str, int] = defaultdict(int)
        self.requests: dict[str, int] = defaultdict(int)

    def add(self, path: str, n: int) -> None:
        kind = _kind(path)
        with self.lock:
            self.bytes[kind] += n
            self.requests[kind] += 1


def _kind(path: str) -> str:
    path = path.split("?", 1)[0]
    for marker, kind in (
        ("/fragment/", "fragment"),
        ("/index/", "index"),
        ("/filter/", "filter"),
        (".pf_meta", "meta"),
        ("pagefind-entry.json", "entry"),
        ("wasm.", "wasm"),
        ("pagefind.js", "js"),
        ("pagefind-", "js"),
    ):
        if marker in path:
            return kind
    return "other"


JS = """
async ([shards, term]) => {
  const t0 = performance.now();
  const pf = await import(`/${shards[0]}/pagefind/pagefind.js`);
  await pf.options({ baseUrl: `/${shards[0]}/` });
  await pf.init();
  for (const s of shards.slice(1)) await pf.mergeIndex(`/${s}/pagefind/`, { baseUrl: `/${s}/` });
  window.__pf = pf;
  return performance.now() - t0;
}
"""


def measure(site: Path, shards: int, terms: list[str]) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    counter = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        names = [f"shard{i:02d}" for i in range(shards)]
        for name in names:
            (root / name).symlink_to(site.resolve(), target_is_directory=True)
        (root / "blank.html").write_text("<!doctype html><meta charset=utf-8><title>t</title>", encoding="utf-8")
        server, url = serve(str(root), counter.add)
        results: dict[str, Any] = {"site": str(site), "shards": shards, "terms": {}}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                for term in terms:
                    context = browser.new_context()  # a fresh cache per query: a first-time reader
                    page = context.new_page()
                    page.goto(f"{url}/blank.html")
                    counter.reset()
                    phases: dict[str, Any] = {}
                    ms = page.evaluate(JS, [names, term])
                    phases["init"] = _snapshot(counter, ms)
                    counter.reset()
                    ms = page.evaluate(
                        "async () => { const t = performance.now(); await window.__pf.filters(); "
                        "return performance.now() - t; }"
                    )
                    phases["filters"] = _snapshot(counter, ms)
                    counter.reset()
                    found = page.evaluate(
                        "async (term) => { const t = performance.now(); const r = await window.__pf.search(term); "
                        "window.__r = r; return [r.results.length, performance.now() - t]; }",
                        term,
                    )
                    phases["search"] = _snapshot(counter, found[1])
                    phases["search"]["results"] = found[0]
                    counter.reset()
                    ms = page.evaluate(
                        "async () => { const t = performance.now(); "
                        "await Promise.all(window.__r.results.slice(0, 10).map(r => r.data())); "
                        "return performance.now() - t; }"
                    )
                    phases["top10"] = _snapshot(counter, ms)
                    counter.reset()
                    ms = page.evaluate(
                        "async () => { const t = performance.now(); const rs = window.__r.results; "
                        "for (let i = 0; i < rs.length; i += 50) "  # in batches: Chromium refuses
                        "await Promise.all(rs.slice(i, i + 50).map(r => r.data())); "  # thousands at once
                        "return performance.now() - t; }"
                    )
                    phases["all"] = _snapshot(counter, ms)
                    results["terms"][term] = phases
                    context.close()
                browser.close()
        finally:
            server.shutdown()
    return results


def _snapshot(counter: Counter, ms: float) -> dict[str, Any]:
    return {
        "bytes": dict(counter.bytes),
        "requests": dict(counter.requests),
        "total": sum(counter.bytes.values()),
        "n": sum(counter.requests.values()),
        "ms": round(ms),
    }


def pagefind_files(site: Path) -> dict[str, Any]:
    """Sizes of one shard's pagefind bundle by kind."""
    sizes: dict[str, list[int]] = defaultdict(list)
    for path in (site / "pagefind").rglob("*"):
        if path.is_file():
            sizes[_kind("/" + path.relative_to(site).as_posix())].append(path.stat().st_size)
    return {
        k: {"files": len(v), "bytes": sum(v), "max": max(v), "mean": round(sum(v) / len(v))} for k, v in sizes.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="一次搜索在 K 个分片（mergeIndex）上下载多少字节")
    parser.add_argument("--site", required=True, help="一个已构建的网站（含 pagefind/）")
    parser.add_argument("--shards", default="1,31", help="分片数，逗号分隔（默认 1,31）")
    parser.add_argument("--terms", default="养老保险,稳岗补贴,三公经费")
    parser.add_argument("--json", help="结果写入此 JSON 文件")
    args = parser.parse_args(argv)
    site = Path(args.site)
    bundle = pagefind_files(site)
    print(
        f"{site}: pagefind bundle "
        + ", ".join(
            f"{k} {v['files']} files {v['bytes'] / 1024:.0f} KB (max {v['max'] / 1024:.1f} KB)"
            for k, v in sorted(bundle.items())
        )
    )
    out: dict[str, Any] = {"bundle": bundle, "runs": []}
    print(
        f"{'shards':>6} | {'term':<8} | {'results':>7} | {'open KB':>8} | {'search KB':>9} | {'top10 KB':>8} | "
        f"{'first page KB':>13} | {'all results KB':>14} | {'requests':>8} | {'ms open/search':>14}"
    )
    for k in [int(x) for x in args.shards.split(",")]:
        run = measure(site, k, args.terms.split(","))
        out["runs"].append(run)
        for term, ph in run["terms"].items():
            opened = ph["init"]["total"] + ph["filters"]["total"]
            first = opened + ph["search"]["total"] + ph["top10"]["total"]
            reqs = ph["init"]["n"] + ph["filters"]["n"] + ph["search"]["n"] + ph["top10"]["n"]
            ph["summary"] = {
                "open": opened,
                "first_page": first,
                "all_results": first + ph["all"]["total"],
                "requests_first_page": reqs,
            }
            print(
                f"{k:>6} | {term:<8} | {ph['search']['results']:>7} | {opened / 1024:>8.0f} | "
                f"{ph['search']['total'] / 1024:>9.0f} | {ph['top10']['total'] / 1024:>8.0f} | {first / 1024:>13.0f} | "
                f"{(first + ph['all']['total']) / 1024:>14.0f} | {reqs:>8} | "
                f"{ph['init']['ms'] + ph['filters']['ms']:>6}/{ph['search']['ms']:<7}",
                flush=True,
            )
    if args.json:
        Path(args.json).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
