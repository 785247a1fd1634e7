"""What one pagefind search costs the phone's processor: a full search against the count the word rule needs.

search.js asks, for each word of a query of several words, which bundles hold it (the word rule,
``site_builder/pages/assets/search.js``, ``answeringShards``).  A full search hands every result over from
pagefind's WebAssembly as text (the pages and the places of the word on each), which for a common word of a
province's site is thousands of pages; asked with a filter no page holds, the same search hands over no result,
only the per-bundle counts of the pages the word is on without the filter (``totalFilters``), which is what the
rule needs.  This prints both, per word, in Chromium with the CPU slowed 4× (the phone profile's), the word's
index chunks loaded beforehand so that only the search is timed:

    python benchmarks/search_cost.py --site SITE 养老 保险 县 '"4770475"'

Columns: the word; pages found by the full search; milliseconds of the full search (twice: cold, then again);
milliseconds of the count; whether the count's per-bundle figures equal the full search's.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from counting_server import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from search_phone import Counter, serve  # noqa: E402

MEASURE = """async (words) => {
  const base = new URL('pagefind/', location.href);
  const pf = await import(new URL('pagefind.js', base).href);
  const shards = await (await fetch(new URL('shards.json', base).href)).json();
  const opts = (s) => ({baseUrl: '/', metaCacheTag: s.tag, mergeFilter: {shard: s.shard}});
  await pf.options(opts(shards.primary));
  await pf.init();
  for (const s of shards.merge) await pf.mergeIndex(new URL(s.path, base).pathname, opts(s));
  for (const w of words) await pf.preload(w);
  const rows = [];
  for (const w of words) {
    let t = performance.now(); const full = await pf.search(w); const cold = performance.now() - t;
    t = performance.now(); await pf.search(w); const again = performance.now() - t;
    t = performance.now(); const count = await pf.search(w, {filters: {shard: '\\u0000'}}); const counted = performance.now() - t;
    const same = JSON.stringify(count.totalFilters.shard || {}) === JSON.stringify(full.filters.shard || {});
    rows.push([w, full.results.length, cold, again, counted, same]);
  }
  return rows;
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True, help="a built site folder")
    parser.add_argument("--cpu", type=float, default=4, help="CPU slowdown (the phone profile's: 4)")
    parser.add_argument("words", nargs="+")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    server, url = serve(args.site, Counter())
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_context().new_page()
            page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": args.cpu})
            page.goto(url)
            print(f"{'word':<12} {'pages':>6} {'full ms':>8} {'again ms':>9} {'count ms':>9}  same counts")
            for word, pages, cold, again, counted, same in page.evaluate(MEASURE, args.words):
                print(f"{word:<12} {pages:>6} {cold:>8.0f} {again:>9.0f} {counted:>9.0f}  {'yes' if same else 'NO'}")
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
