/* Search page: pagefind's index, with pages holding the exact phrase (精确匹配) before pages that only
 * hold its parts (部分匹配), and filters by year, region and level.  Loads only files of this site.
 *
 * Drawn for a phone on a slow network (docs/scale.md, “Search on a phone”): the page loads this script from the
 * top of its <head>, without waiting for the page or the theme (``async``), with the list of bundles beside it
 * and the files pagefind's worker asks for first already requested by the page (site_builder/search/page.py);
 * it starts pagefind at once, and wires the page when it is parsed.  Opened with a query, the page draws the
 * best page of pagefind's exact (quoted) search as soon as its data arrives, before the rest is worked out;
 * results are drawn as soon as their own data arrives, ten at a time; pages the exact search finds are ordered
 * first among all results before any is fetched, and each drawn page's text decides its group; the filter
 * counts are loaded after the first ten are drawn. */
(function () {
  "use strict";
  if (window.__sbSearch) return;  // a site whose mkdocs.yml still lists this script for every page loads it twice
  window.__sbSearch = true;
  var script = document.currentScript && document.currentScript.src;
  var siteRoot = new URL("../", script || location.href);
  var root, input, status, out, filterBox, form;
  var selected = {};

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The index is in two tiers (site_builder/search/index.py): pagefind/ is the primary bundle (the site as of
   * the search base), pagefind/shards.json lists the other (the units changed since), merged with pagefind's
   * mergeIndex, and the base's stale pages to hide; filter counts and results then span both.  Every URL is
   * built from this script's own address, so the site also works under a sub-path. */
  var bundle = new URL("pagefind/", siteRoot);
  /* The page's own query: its index chunks are asked for as soon as pagefind has each bundle, not when the page
   * is parsed and wired (the theme's script at the end of the page holds that back by a second on a phone). */
  var asked = (new URL(location.href).searchParams.get("q") || "").trim();
  var loading = null, merging = null;
  var SHARD = "shard";
  var shardNames = [];
  var manifest = null;

  // every page carries its bundle's shard as a filter (not drawn), so a search can be held to some shards
  function opts(s) {
    var filter = {};
    filter[SHARD] = s.shard;
    return { baseUrl: siteRoot.pathname, metaCacheTag: s.tag, mergeFilter: filter };
  }

  /* The list of bundles: in the page's head, where the index step put it with a preload of each bundle's first
   * files (site_builder/search/page.py), checked against the site's current list (``reloadOnce``); else (a page
   * the index step did not complete) that list, with those files fetched as soon as it is known, into the
   * browser's cache, where pagefind's worker finds them. */
  function bundles() {
    var listed = fetch(new URL("shards.json", bundle).href, { cache: "no-cache" }).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + r.url);
      return r.json();
    });
    var meta = document.querySelector('meta[name="sb-bundles"]');
    var inPage = null;
    try { inPage = meta && JSON.parse(meta.getAttribute("content")); } catch (e) { /* the list fetched is used */ }
    if (inPage) {
      listed.then(function (current) { if (tags(current) !== tags(inPage)) reloadOnce(tags(current)); }).catch(function () {});
      return Promise.resolve(inPage);
    }
    listed.then(function (shards) {
      [shards.primary].concat(shards.merge).forEach(function (s) {
        (s.preload || []).forEach(function (path) {
          fetch(new URL(s.path + path, bundle).href).then(function (r) { return r.arrayBuffer(); }).catch(function () {});
        });
      });
    }).catch(function () {});
    return listed;
  }

  /* The page's list may be older than the site: a browser keeps a page for a while (GitHub Pages says ten
   * minutes), and a publication in between replaces the bundles it names.  The current list is asked for beside
   * it (revalidated, a few hundred bytes), and a page whose bundles are not the site's is loaded again, once. */
  function tags(shards) {
    return [shards.primary].concat(shards.merge).map(function (s) { return s.tag; }).join(" ");
  }
  function reloadOnce(current) {
    try {
      if (sessionStorage.getItem("sb-reloaded-for") === current) return;
      sessionStorage.setItem("sb-reloaded-for", current);
    } catch (e) { return; }  // no storage, no way to know a reload happened: keep the page
    location.reload();
  }

  /* pagefind with the primary bundle only. */
  function load() {
    if (loading) return loading;
    // the list of bundles and pagefind's script at once: neither needs the other
    var listed = bundles();
    loading = Promise.all([listed, import(new URL("pagefind.js", bundle).href)]).then(function (both) {
      var shards = both[0], pf = both[1];
      manifest = shards;
      (shards.hide || []).forEach(function (id) { hidden[id] = true; });
      shardNames = [shards.primary].concat(shards.merge).map(function (s) { return s.shard; });
      return pf.options(opts(shards.primary)).then(function () { return pf.init(); }).then(function () {
        if (asked) pf.preload(asked).catch(function () {});
        return pf;
      });
    });
    loading.catch(function () { loading = null; });  // a failed load may be retried by the next search
    return loading;
  }

  /* pagefind with every bundle: the others merged (mergeIndex) after the primary. */
  function loadAll() {
    if (merging) return merging;
    merging = load().then(function (pf) {
      return Promise.all(manifest.merge.map(function (s) {
        // a path, like the primary's basePath (pagefind strips the origin from that; its worker fetches paths)
        return pf.mergeIndex(new URL(s.path, bundle).pathname, opts(s));
      })).then(function () {
        if (asked && manifest.merge.length) pf.preload(asked).catch(function () {});  // the merged bundles' chunks
        return pf;
      });
    });
    merging.catch(function () { merging = null; });
    return merging;
  }

  /* The filters' values and counts need a chunk of every bundle per filter: loaded once, after the first
   * results are drawn (or at once on a page opened without a query). */
  var filtersDrawn = null;
  function loadFilters() {
    if (filtersDrawn) return filtersDrawn;
    // with the stale pages' filter values (pagefind counts those pages too): pagefind/hidden.json, if any
    filtersDrawn = loadAll().then(function (pf) {
      var stale = !manifest.hide || !manifest.hide.length ? [] : fetch(new URL("hidden.json", bundle).href)
        .then(function (r) { if (!r.ok) throw new Error(r.status + " " + r.url); return r.json(); });
      return Promise.all([pf.filters(), stale]);
    }).then(function (r) { drawFilters(r[0], r[1]); });
    filtersDrawn.catch(function () { filtersDrawn = null; });
    return filtersDrawn;
  }

  function drawFilters(filters, stale) {
    stale.forEach(function (of) {  // pagefind counts the stale pages it holds; they are not results
      Object.keys(of).forEach(function (name) {
        (of[name] || []).forEach(function (v) {
          if (filters[name] && filters[name][v] !== undefined && --filters[name][v] <= 0) delete filters[name][v];
        });
      });
    });
    ["年度", "地区", "层级"].forEach(function (name) {
      var values = filters[name];
      if (!values) return;
      var id = "sb-filter-" + name;
      var label = el("label", { for: id }, name + "：");
      var select = el("select", { id: id, "data-filter": name });
      select.appendChild(el("option", { value: "" }, "全部"));
      Object.keys(values).sort().forEach(function (v) {
        select.appendChild(el("option", { value: v }, v + "（" + values[v] + "）"));
      });
      select.addEventListener("change", function () {
        if (select.value) selected[name] = select.value; else delete selected[name];
        run(input.value);
      });
      var wrap = el("span");
      wrap.appendChild(label);
      wrap.appendChild(select);
      filterBox.appendChild(wrap);
    });
  }

  /* Rebuild pagefind's excerpt keeping only text and <mark>: nothing from the index becomes markup. */
  function excerpt(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html || "";
    var p = el("p");
    tpl.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") p.appendChild(el("mark", {}, node.textContent));
      else p.appendChild(document.createTextNode(node.textContent));
    });
    return p;
  }

  function squash(text) { return (text || "").replace(/\s+/g, ""); }

  function drawItem(d) {
    var item = el("article", { class: "sb-result" });
    var h = el("h3");
    h.appendChild(el("a", { href: d.url }, (d.meta && d.meta.title) || d.url));
    item.appendChild(h);
    if (d.meta && d.meta["单位"]) item.appendChild(el("p", { class: "sb-note" }, d.meta["单位"]));
    item.appendChild(excerpt(d.excerpt));
    return item;
  }

  /* The words pagefind splits a query into: it segments Chinese with Intl.Segmenter, as here, and its index
   * splits what is left at signs (a figure 4770475.73 is the words 4770475 and 73). */
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("zh-CN", { granularity: "word" }) : null;
  function words(q) {
    if (!segmenter) return [];
    var seen = {}, out = [];
    Array.from(segmenter.segment(q)).filter(function (s) { return s.isWordLike; }).forEach(function (s) {
      s.segment.toLowerCase().split(/[^\p{L}\p{N}]+/u).forEach(function (w) {
        if (w && !seen[w]) { seen[w] = true; out.push(w); }
      });
    });
    return out;
  }

  /* The search that tells which bundles hold a word.  A bundle lacking a number answers it with the pages of
   * other numbers (4770475 found 75 pages in each bundle of the N = 1 000 site but one, which held it), so a
   * number is asked exactly (quoted); a Chinese word is asked as typed, because pagefind's index may hold it
   * only inside a longer word (盐边 in 盐边县), which its exact search would not find. */
  function wordQuery(w) { return /^\p{N}+$/u.test(w) ? '"' + w + '"' : w; }

  /* A filter no page holds: a search with it returns no result, only the counts of the pages the word is on
   * without the filter (``totalFilters``) — what the word rule needs, at a tenth of a full search's work on a
   * phone (pagefind hands every result over from its WebAssembly as text: 120–200 ms for a common word under a
   * 4× slower CPU, 15–30 ms this way; docs/scale.md). */
  var NO_PAGE = {};
  NO_PAGE[SHARD] = "\u0000";

  /* pagefind drops a query word its index does not hold and returns the pages holding the other words.  One
   * index over the whole site drops only words absent from the whole site, so no page lacking a word the site
   * holds is a result; each bundle drops the words absent from that bundle, so a merged search would add every
   * page of another bundle holding 县 to a search for 盐边县.  The bundles that may answer are those holding
   * every word some bundle holds (one count per word, by the shard filter): searching only them gives the
   * results of a single index.  null: no restriction (a query of one word, or one bundle). */
  function answeringShards(pf, q) {
    var parts = words(q);
    if (parts.length < 2 || shardNames.length < 2) return Promise.resolve(null);
    return Promise.all(parts.map(function (w) {
      return pf.search(wordQuery(w), { filters: NO_PAGE }).then(function (s) {
        return (s.totalFilters && s.totalFilters[SHARD]) || {};
      });
    })).then(function (counts) {
      var held = counts.filter(function (c) { return Object.keys(c).some(function (k) { return c[k] > 0; }); });
      return shardNames.filter(function (name) { return held.every(function (c) { return c[name] > 0; }); });
    });
  }

  function phrase(q) { return '"' + q.replace(/"/g, " ") + '"'; }

  /* A search's results without the pages the index lists as stale (shards.json's ``hide``: the base tier's
   * pages of units changed since, whose current pages the recent tier holds; site_builder/search/index.py). */
  var hidden = {};
  function visible(found) {
    return { results: found.results.filter(function (r) { return !hidden[r.id]; }) };
  }

  /* Every result, those pagefind finds with the words in the query's order and next to each other (its exact
   * search, the query in quotes) first: [results, ids of the exact ones]. */
  function combine(found) {
    var exact = {};
    found[0].results.forEach(function (r) { exact[r.id] = true; });
    var rest = found[1].results.filter(function (r) { return !exact[r.id]; });
    return [found[0].results.concat(rest), exact];
  }

  /* Every bundle's results.  The exact search of every bundle is asked first, and ``early`` gets its pages
   * before anything else is asked: pagefind's worker does one thing at a time, so the first page's data is
   * fetched before the word rule's counts and the other searches are worked out (see ``run``).  When every
   * bundle may answer, that exact search is the final one; else both searches are asked again, held to the
   * bundles that answer. */
  function search(pf, q, early) {
    var filters = Object.assign({}, selected);
    var exact = pf.search(phrase(q), { filters: filters }).then(visible);
    return exact.then(function (found) {
      if (early) early(found.results);
      return answeringShards(pf, q);
    }).then(function (shards) {
      if (shards && !shards.length) return [[], {}];
      if (!shards || shards.length === shardNames.length) {
        return Promise.all([exact, pf.search(q, { filters: filters }).then(visible)]).then(combine);
      }
      var held = Object.assign({}, filters);
      held[SHARD] = { any: shards };
      return Promise.all([
        pf.search(phrase(q), { filters: held }).then(visible),
        pf.search(q, { filters: held }).then(visible),
      ]).then(combine);
    });
  }

  /* One query's results, a page at a time (a common word matches thousands of pages of a province's site, and
   * each result's data is a fetch): every result is drawn as soon as it and those before it have arrived.  A
   * page's text decides its group (精确匹配: it holds the query, spaces aside); pagefind's exact search orders
   * the pages not fetched yet.  The exact search's best page is drawn first, when its text holds the query
   * (``early``), then every result in order. */
  var runId = 0;
  function run(query) {
    var q = (query || "").trim();
    var mine = ++runId;
    out.textContent = "";
    out.removeAttribute("aria-busy");
    if (!q) { status.textContent = ""; return; }
    status.textContent = "正在搜索……";
    out.setAttribute("aria-busy", "true");
    var needle = squash(q);
    var PAGE = parseInt(root.getAttribute("data-page-size"), 10) || 10;
    var drawing = 0, complete = false;

    /* Draw the first ``count`` of ``results`` as their data arrives; ``final``: these are every bundle's. */
    function show(results, count, final) {
      var mark = ++drawing;
      var pages = [], shown = 0;
      function draw(done) {
        if (mine !== runId || mark !== drawing) return;
        var exact = [], partial = [];
        for (var i = 0; i < shown && pages[i]; i++) {
          (squash(pages[i].content).indexOf(needle) >= 0 ? exact : partial).push(pages[i]);
        }
        out.textContent = "";
        [["精确匹配", exact], ["部分匹配", partial]].forEach(function (group) {
          if (!group[1].length) return;
          out.appendChild(el("h2", { class: "sb-group-title" }, group[0] + "（" + group[1].length + "）"));
          group[1].forEach(function (d) { out.appendChild(drawItem(d)); });
        });
        if (!final || (!done && !status.textContent.match(/找到/))) return;
        status.textContent = results.length ? "找到 " + results.length + " 个页面" : "没有找到包含“" + q + "”的页面";
        if (shown < results.length) {  // disabled while a page is loading
          var button = el("button", { type: "button", class: "sb-more" },
            "显示更多（还有 " + (results.length - shown) + " 个）");
          button.disabled = !done;
          button.addEventListener("click", function () { button.disabled = true; more(PAGE); });
          out.appendChild(button);
        }
        if (done) out.setAttribute("aria-busy", "false");
      }
      function more(count) {
        var start = shown;
        shown = Math.min(results.length, shown + count);
        out.setAttribute("aria-busy", "true");
        var waits = [];
        for (var i = start; i < shown; i++) {
          waits.push(results[i].data().then(function (i, d) { pages[i] = d; draw(false); }.bind(null, i)));
        }
        return Promise.all(waits).then(function () { draw(true); });
      }
      return more(count);
    }

    /* The best page of an exact search, drawn before the other results are known — when its own text holds the
     * query, the test of the 精确匹配 group: such a page is a result whatever the word rule decides, and comes
     * first (the first of the exact search's pages, which lead the results). */
    var drawnEarly = false;
    function early(results) {
      if (!results.length || drawnEarly || complete || mine !== runId) return;
      results[0].data().then(function (d) {
        if (drawnEarly || complete || mine !== runId || squash(d.content).indexOf(needle) < 0) return;
        drawnEarly = true;
        show([results[0]], 1, false);  // pagefind keeps the page's data: no second fetch
      }).catch(function () {});
    }
    loadAll().then(function (pf) {
      return search(pf, q, early);
    }).then(function (found) {
      if (mine !== runId) return;
      complete = true;
      return show(found[0], PAGE, true).then(function () {
        if (mine === runId) loadFilters();
      });
    }).catch(function (err) {
      if (mine !== runId) return;
      status.textContent = "搜索暂时不可用：" + err;
      out.setAttribute("aria-busy", "false");
    });
  }

  /* The page's own elements, once it is parsed (this script may run before). */
  function wire() {
    root = document.getElementById("sb-search");
    if (!root) return;
    input = document.getElementById("sb-q");
    status = document.getElementById("sb-status");
    out = document.getElementById("sb-results");
    filterBox = document.getElementById("sb-filters");
    form = root.querySelector("form");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var url = new URL(location.href);
      url.searchParams.set("q", input.value);
      history.replaceState(null, "", url);
      run(input.value);
    });
    // the index chunks of what is being typed are fetched before the search is asked for
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (q && loading) loading.then(function (pf) { return pf.preload(q); }).catch(function () {});
    });
    var initial = new URL(location.href).searchParams.get("q");
    if (initial) { input.value = initial; run(initial); } else { loadFilters(); }
  }

  // only the search page loads this script; pagefind and its index start loading before the page is parsed
  (asked ? loadAll() : load()).catch(function () {});
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
