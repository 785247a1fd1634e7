"""The search index of a built site, whole vs in shards (site_builder/search/index.py): time, bytes, and what one query
costs a reader in headless Chromium.

    python benchmarks/index_shards.py --root /tmp/sh1000 --site /tmp/sh1000/site --terms 养老保险,稳岗补贴

Works on copies of ``--site`` (its own pagefind/ is ignored), in ``--work`` (default: a temporary directory):

* ``whole``    one pagefind run over every page (``index_site(site)``), as before the shards;
* ``sharded``  one run per shard, two at a time (``index_site(site, shards)``), seconds per shard;
* ``cached``   the sharded index again with a warm cache after one report page changed (an incremental build);
* per term, in a fresh browser context (a first-time reader), the search page ``search/?q=term`` until the
  results are drawn: requests and bytes the local server sent (pagefind's files, and everything).

The shards come from ``--root``'s ``units/*/unit.yaml`` (the units' ids), as :func:`search_shards` makes them.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from counting_server import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

from site_builder.search.index import BUNDLE, SITE_SHARD, IndexResult, index_site, unit_shards  # noqa: E402
from site_builder.sources.yamlsource import read_yaml  # noqa: E402

SEARCH_JS = Path(__file__).resolve().parent.parent / "site_builder" / "assets" / "search.js"


def shards_of(root: Path) -> dict[str, list[str]]:
    return unit_shards(str(read_yaml(unit).data["id"]) for unit in sorted((root / "units").glob("*/unit.yaml")))


def copy_site(site: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(site, dest, ignore=shutil.ignore_patterns(BUNDLE))
    shutil.copyfile(SEARCH_JS, dest / "assets" / "search.js")  # the search page as of this checkout
    return dest


def size(directory: Path) -> tuple[int, int]:
    files = [p for p in directory.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def query_costs(site: Path, terms: list[str]) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    counter: dict[str, int] = defaultdict(int)
    lock = threading.Lock()

    def count(path: str, size: int) -> None:
        kind = "pagefind" if f"/{BUNDLE}/" in path else "page"
        with lock:
            counter[f"{kind}_bytes"] += size
            counter[f"{kind}_requests"] += 1

    server, url = serve(str(site), count)
    url += "/"
    out: dict[str, Any] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for term in terms:
                context = browser.new_context()
                page = context.new_page()
                counter.clear()
                page.goto(f"{url}search/?q={quote(term)}")
                page.wait_for_function(
                    "() => document.getElementById('sb-status').textContent.match(/找到|没有|不可用/)", timeout=120000
                )
                status = page.inner_text("#sb-status")
                ms = page.evaluate("performance.now()")
                out[term] = {"status": status, "ms": round(ms), **counter}
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return out


def _shard_rows(result: IndexResult) -> list[dict[str, Any]]:
    return [
        {"shard": s.name, "pages": s.pages, "seconds": round(s.seconds, 2), "cached": s.cached, "bytes": s.bytes}
        for s in result.shards
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="搜索索引：整站一次 vs 分片（时间、字节、一次查询的请求数）")
    parser.add_argument("--root", required=True, help="生成的仓库（读 units/*/unit.yaml 的地区代码）")
    parser.add_argument("--site", required=True, help="已构建的网站")
    parser.add_argument("--work", help="工作目录（默认临时目录）")
    parser.add_argument("--terms", default="养老保险,稳岗补贴,三公经费")
    parser.add_argument("--json", help="结果写入此 JSON 文件")
    args = parser.parse_args(argv)
    root, site = Path(args.root), Path(args.site)
    work = Path(args.work or tempfile.mkdtemp(prefix="index-shards-"))
    work.mkdir(parents=True, exist_ok=True)
    shards = shards_of(root)
    terms = args.terms.split(",")
    report: dict[str, Any] = {"shards": {k: len(v) for k, v in shards.items()}}

    whole_dir = copy_site(site, work / "whole")
    whole = index_site(whole_dir)
    report["whole"] = {
        "pages": whole.pages,
        "seconds": round(whole.seconds, 2),
        "pagefind_seconds": round(sum(s.seconds for s in whole.shards), 2),
        "files_bytes": size(whole_dir / BUNDLE),
    }
    print(
        f"whole:   {whole.pages} pages, {whole.seconds:.2f} s, {report['whole']['files_bytes']} (files, bytes)",
        flush=True,
    )

    sharded_dir = copy_site(site, work / "sharded")
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    sharded = index_site(sharded_dir, shards, cache_dir=cache)
    report["sharded"] = {
        "pages": sharded.pages,
        "seconds": round(sharded.seconds, 2),
        "pagefind_seconds_sum": round(sum(s.seconds for s in sharded.shards), 2),
        "files_bytes": size(sharded_dir / BUNDLE),
        "per_shard": _shard_rows(sharded),
    }
    print(
        f"sharded: {sharded.pages} pages in {len(sharded.shards)} shards, {sharded.seconds:.2f} s wall "
        f"(pagefind {report['sharded']['pagefind_seconds_sum']} s summed), {report['sharded']['files_bytes']}",
        flush=True,
    )
    for row in report["sharded"]["per_shard"]:
        print(f"  {row['shard']:>5} {row['pages']:>5} pages {row['seconds']:>6.2f} s {row['bytes'] / 1024:>8.0f} KB")

    # an incremental build: one report page of one shard changed, the cache holds every shard
    changed_dir = copy_site(site, work / "changed")
    unit = shards[sorted(k for k in shards if k != SITE_SHARD)[0]][0]
    page = next(p for p in sorted((changed_dir / unit).rglob("index.html")) if p.parent != changed_dir / unit)
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "<div data-pagefind-body>", "<div data-pagefind-body><p>更正说明</p>", 1
        ),
        encoding="utf-8",
    )
    changed = index_site(changed_dir, shards, cache_dir=cache)
    report["incremental"] = {
        "seconds": round(changed.seconds, 2),
        "reindexed": [s.name for s in changed.shards if not s.cached],
        "pagefind_seconds": round(sum(s.seconds for s in changed.shards), 2),
    }
    print(
        f"incremental (one page of {page.relative_to(changed_dir).parent}): {changed.seconds:.2f} s, "
        f"reindexed {report['incremental']['reindexed']}",
        flush=True,
    )
    nothing = index_site(copy_site(changed_dir, work / "unchanged"), shards, cache_dir=cache)
    report["unchanged"] = {"seconds": round(nothing.seconds, 2)}
    print(f"unchanged (every shard from the cache): {nothing.seconds:.2f} s", flush=True)

    report["query"] = {"whole": query_costs(whole_dir, terms), "sharded": query_costs(sharded_dir, terms)}
    for kind in ("whole", "sharded"):
        for term, q in report["query"][kind].items():
            print(
                f"  {kind:<8} {term:<6} {q['status']:<14} pagefind {q.get('pagefind_requests', 0):>4} requests "
                f"{q.get('pagefind_bytes', 0) / 1024:>7.0f} KB; all {q.get('pagefind_requests', 0) + q.get('page_requests', 0):>4} "
                f"requests {(q.get('pagefind_bytes', 0) + q.get('page_bytes', 0)) / 1024:>7.0f} KB; {q['ms']} ms"
            )
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
