"""The link extraction of the page check (``site_builder.verify.checks.links_of``) over a built site.

Reads every HTML page of the site once (as the check reads it), then times the extraction alone over all of them,
best of ``--repeat`` rounds on one core, and prints pages/s.  A site of 300 generated reports:

    python benchmarks/generate.py --reports 300 --out /tmp/b300
    python -m site_builder --root /tmp/b300 build --no-cache --out /tmp/b300/site
    python benchmarks/link_check.py /tmp/b300/site
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="页面链接提取计时")
    parser.add_argument("site", help="构建好的网站目录")
    parser.add_argument("--repeat", type=int, default=5, help="重复轮数（取最快一轮）")
    args = parser.parse_args(argv)

    from site_builder.verify.checks import links_of

    pages = [
        page.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        for page in sorted(Path(args.site).rglob("*.html"))
    ]
    if not pages:
        parser.error(f"{args.site} 中没有 HTML 页面")
    best = float("inf")
    links = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        links = sum(len(links_of(page)) for page in pages)
        best = min(best, time.perf_counter() - start)
    size = sum(len(page) for page in pages) / 1e6
    print(f"{len(pages)} pages, {size:.1f} M characters, {links} links: {best:.3f} s, {len(pages) / best:.0f} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
