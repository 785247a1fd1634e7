"""The build's steps one by one, finer than ``BuildResult.timings``, for sizes where a whole build takes hours.

Runs the steps of ``site_builder.build`` separately on a generated repository — load, validate, public, then
render split into its parts (mkdocs with the shells, the generated pages, the downloads: ``render.render_site``'s
own timings), pagefind, and verify split into the page check (links) and the leak scan.  With ``--scan-sample K``
the leak scan runs over K files drawn at random (with the full list of secrets) and its time for the whole site
is *projected* from the bytes scanned — printed as a projection, never as a measurement.

    python benchmarks/step_times.py --root /tmp/bench-3000 --scan-sample 300
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="逐步计时（大规模时用）")
    parser.add_argument("--root", required=True, help="生成的仓库（units/、content/、mkdocs.yml）")
    parser.add_argument("--work", help="工作目录（默认临时目录，结束后删除）")
    parser.add_argument("--scan-sample", type=int, default=0, help="只对随机抽取的 K 个文件做泄露扫描，按字节推算全站")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2, help="渲染进程数")
    parser.add_argument("--json", help="结果写入此 JSON 文件")
    args = parser.parse_args(argv)

    from site_builder.checks.validate import validate
    from site_builder.pages.render import render_site
    from site_builder.public.model import public_site
    from site_builder.search.index import index_site
    from site_builder.sources.load import load
    from site_builder.verify.checks import check_pages
    from site_builder.verify.leakscan import scan_site

    root = Path(args.root).resolve()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="steps-"))
    docs, html = work / "docs", work / "site"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.rmtree(html, ignore_errors=True)
    t: dict[str, float] = {}

    def step(name: str, fn: Any) -> Any:
        started = time.perf_counter()
        result = fn()
        t[name] = time.perf_counter() - started
        print(f"{name:<16}{t[name]:8.1f} s", flush=True)
        return result

    sources = step("load", lambda: load(root))
    checked = step("validate", lambda: validate(sources))
    assert not checked.errors, checked.errors[:5]
    site = step("public", lambda: public_site(checked))
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    rendered = step("render", lambda: render_site(site, root, docs, html, workers=args.workers))
    for name, seconds in rendered.timings.items():
        print(f"  render.{name:<10}{seconds:6.1f} s")
        t[f"render.{name}"] = seconds
    indexed = step("index", lambda: index_site(html))
    problems = step("verify.pages", lambda: check_pages(html))
    files = [p for p in html.rglob("*") if p.is_file()]
    total_bytes = sum(p.stat().st_size for p in files)
    out: dict[str, Any] = {
        "root": str(root),
        "timings": t,
        "files": len(files),
        "bytes": total_bytes,
        "pages": sum(1 for p in files if p.suffix == ".html"),
        "indexed": indexed.pages,
        "secrets": len(site.secrets),
        "link_problems": len(problems),
        "pagefind_bytes": sum(p.stat().st_size for p in (html / "pagefind").rglob("*") if p.is_file()),
        "pagefind_files": sum(1 for p in (html / "pagefind").rglob("*") if p.is_file()),
    }
    if args.scan_sample:
        rng = random.Random(args.seed)
        sample = rng.sample(files, min(args.scan_sample, len(files)))
        sub = work / "scan-sample"
        for path in sample:
            dest = sub / path.relative_to(html)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, dest)
        sample_bytes = sum(p.stat().st_size for p in sample)
        started = time.perf_counter()
        leaks = scan_site(sub, site.secrets)
        seconds = time.perf_counter() - started
        projected = seconds * total_bytes / sample_bytes
        out["scan_sample"] = {
            "files": len(sample),
            "bytes": sample_bytes,
            "seconds": seconds,
            "projected_seconds": projected,
            "leaks": len(leaks),
        }
        print(
            f"verify.leakscan  {seconds:8.1f} s on {len(sample)} sampled files ({sample_bytes / 1e6:.1f} MB); "
            f"projected for all {len(files)} files ({total_bytes / 1e6:.0f} MB): {projected:.0f} s  [projection]"
        )
    else:
        leaks = step("verify.leakscan", lambda: scan_site(html, site.secrets))
        out["leaks"] = len(leaks)
    out["rss_self_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out["rss_children_kb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(
        f"{out['pages']} pages, {len(files)} files, {total_bytes / 1e6:.0f} MB, {len(site.secrets)} secrets, "
        f"pagefind {out['pagefind_files']} files {out['pagefind_bytes'] / 1e6:.1f} MB; "
        f"RSS {out['rss_self_kb'] / 1024:.0f} MB (self) {out['rss_children_kb'] / 1024:.0f} MB (pagefind)"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
