"""What pagefind's time is made of: the Chinese word segmenter against everything else.

    python benchmarks/pagefind_cost.py --site /tmp/o3000 --prefix units/4301

Runs the pinned pagefind (extended) over the searchable pages of ``--site`` whose paths start with ``--prefix``
(``units/4301``: one prefecture's units; hard links in a temporary directory, as ``site_builder/search/index.py``
gives a tier to pagefind) twice per round:

* ``zh``  as the build runs it: the pages say ``lang="zh-CN"``, so pagefind segments their text into words;
* ``en``  the same pages with ``--force-language en``: words split at spaces only, no segmenter.

Both runs parse the same HTML and write a bundle of the same pages, so the difference in processor time is the
segmenter's.  It prints, best of ``--rounds``: pages, the Chinese characters pagefind indexed (counted in the
``zh`` run's fragments, i.e. exactly the text it segmented), CPU seconds of each run, the segmenter's share,
and its cost per 1 000 characters; then what the segmenter costs for the whole site at that rate (the Chinese
characters of every fragment in ``--site``'s own ``pagefind/``).  The ``en`` index is not one to publish:
without segmentation a Chinese query finds almost nothing (the site issue's measurements).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from site_builder.search.index import BUNDLE, bundle_source, searchable_pages  # noqa: E402
from site_builder.search.tools import pagefind_binary  # noqa: E402

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SIGNATURE = b"pagefind_dcd"


def han_characters(bundle: Path) -> int:
    """Chinese characters in the ``content`` of every fragment below ``bundle`` (the text pagefind indexed)."""
    total = 0
    for fragment in bundle.rglob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        if not data.startswith(_SIGNATURE):
            raise SystemExit(f"{fragment}: not a pagefind fragment (no {_SIGNATURE.decode()} signature)")
        total += len(_HAN.findall(json.loads(data[len(_SIGNATURE) :])["content"]))
    return total


def run(binary: Path, source: Path, out: Path, extra: list[str]) -> float:
    """One pagefind run; its processor time (user + system, all its threads)."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [str(binary), "--site", str(source), "--output-path", str(out), *extra],
        capture_output=True,
        text=True,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"pagefind failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, required=True, help="a site made by `python -m site_builder build`")
    parser.add_argument("--prefix", default="units/", help="index the pages whose site-relative path starts so")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    site = args.site.resolve()
    found = searchable_pages(site)
    pages = sorted(p for p in found if p.startswith(args.prefix))  # what the build indexes
    if not pages:
        raise SystemExit(f"no page with data-pagefind-body in {site} starts with {args.prefix!r}")
    binary = pagefind_binary()
    work = Path(tempfile.mkdtemp(prefix="pagefind-cost-"))
    try:
        source = work / "in"
        bundle_source({p: (site / p, found[p]) for p in pages}, source)
        zh = en = float("inf")
        for _ in range(args.rounds):
            zh = min(zh, run(binary, source, work / "zh", []))
            en = min(en, run(binary, source, work / "en", ["--force-language", "en"]))
        han = han_characters(work / "zh")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    segmenter = zh - en
    print(f"pagefind {binary.parent.name} ({binary.name}), {len(pages)} pages ({args.prefix}…), best of {args.rounds}")
    print(f"  Chinese characters indexed  {han:>10,}  ({han / len(pages):,.0f} per page)")
    print(f"  CPU s, zh (as built)        {zh:10.2f}  ({zh / len(pages) * 1000:.1f} ms per page)")
    print(f"  CPU s, en (no segmenter)    {en:10.2f}")
    print(
        f"  segmenter                   {segmenter:10.2f}  ({segmenter / zh:.0%} of the zh run; "
        f"{segmenter / han * 1e6:.0f} ms per 1 000 characters)"
    )
    bundle = site / BUNDLE
    if bundle.is_dir():
        everything = han_characters(bundle)
        print(
            f"  whole site: {everything:,} Chinese characters indexed → ≈ {everything * segmenter / han:.0f} CPU s "
            f"of segmenting at this rate"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
