/* Search page: pagefind's index, with pages holding the exact phrase (精确匹配) before pages that only
 * hold its parts (部分匹配), and filters by year, region and level.  Loads only files of this site. */
(function () {
  "use strict";
  var root = document.getElementById("sb-search");
  if (!root) return;
  var script = document.currentScript && document.currentScript.src;
  var siteRoot = new URL("../", script || location.href);
  var input = document.getElementById("sb-q");
  var status = document.getElementById("sb-status");
  var out = document.getElementById("sb-results");
  var filterBox = document.getElementById("sb-filters");
  var form = root.querySelector("form");
  var selected = {};

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The index is in shards (site_builder/index.py): pagefind/ is the primary bundle, pagefind/shards.json
   * lists the others, merged with pagefind's mergeIndex; filter counts and results then span every shard.
   * Every URL is built from this script's own address, so the site also works under a sub-path. */
  var bundle = new URL("pagefind/", siteRoot);
  var loading = null;
  var SHARD = "shard";
  var shardNames = [];

  function load() {
    if (loading) return loading;
    loading = fetch(new URL("shards.json", bundle).href, { cache: "no-cache" }).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + r.url);
      return r.json();
    }).then(function (shards) {
      // every page carries its bundle's shard as a filter (not drawn), so a search can be held to some shards
      function opts(s) {
        var filter = {};
        filter[SHARD] = s.shard;
        return { baseUrl: siteRoot.pathname, metaCacheTag: s.tag, mergeFilter: filter };
      }
      shardNames = [shards.primary].concat(shards.merge).map(function (s) { return s.shard; });
      return import(new URL("pagefind.js", bundle).href).then(function (pf) {
        return pf.options(opts(shards.primary)).then(function () { return pf.init(); }).then(function () {
          return Promise.all(shards.merge.map(function (s) {
            // a path, like the primary's basePath (pagefind strips the origin from that; its worker fetches paths)
            return pf.mergeIndex(new URL(s.path, bundle).pathname, opts(s));
          }));
        }).then(function () { return pf.filters(); }).then(function (filters) {
          drawFilters(filters);
          return pf;
        });
      });
    });
    loading.catch(function () { loading = null; });  // a failed load may be retried by the next search
    return loading;
  }

  function drawFilters(filters) {
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

  function drawGroup(title, items) {
    if (!items.length) return;
    out.appendChild(el("h2", { class: "sb-group-title" }, title + "（" + items.length + "）"));
    items.forEach(function (d) {
      var item = el("article", { class: "sb-result" });
      var h = el("h3");
      var a = el("a", { href: d.url }, (d.meta && d.meta.title) || d.url);
      h.appendChild(a);
      item.appendChild(h);
      if (d.meta && d.meta["单位"]) item.appendChild(el("p", { class: "sb-note" }, d.meta["单位"]));
      item.appendChild(excerpt(d.excerpt));
      out.appendChild(item);
    });
  }

  /* The words pagefind splits a query into (it segments Chinese with Intl.Segmenter, as here). */
  var segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("zh-CN", { granularity: "word" }) : null;
  function words(q) {
    if (!segmenter) return [];
    var seen = {};
    return Array.from(segmenter.segment(q)).filter(function (s) { return s.isWordLike; }).map(function (s) {
      return squash(s.segment).toLowerCase();
    }).filter(function (w) { return w && !seen[w] && (seen[w] = true); });
  }

  /* pagefind drops a query word its index does not hold and returns the pages holding the other words.  One
   * index over the whole site drops only words absent from the whole site, so no page lacking a word the site
   * holds is a result; each shard drops the words absent from that shard, so a merged search would add every
   * page of another prefecture holding 县 to a search for 盐边县.  The shards that may answer are those holding
   * every word some shard holds (one search per word, counted by the shard filter): searching only them gives
   * the results of a single index.  null: no restriction (a query of one word). */
  function answeringShards(pf, q) {
    var parts = words(q);
    if (parts.length < 2) return Promise.resolve(null);
    return Promise.all(parts.map(function (w) {
      return pf.search(w).then(function (s) { return (s.filters && s.filters[SHARD]) || {}; });
    })).then(function (counts) {
      var held = counts.filter(function (c) { return Object.keys(c).some(function (k) { return c[k] > 0; }); });
      return shardNames.filter(function (name) { return held.every(function (c) { return c[name] > 0; }); });
    });
  }

  function search(pf, q) {
    return answeringShards(pf, q).then(function (shards) {
      if (shards && !shards.length) return [];
      var filters = Object.assign({}, selected);
      if (shards) filters[SHARD] = { any: shards };
      return pf.search(q, { filters: filters }).then(function (s) { return s.results; });
    });
  }

  /* These results' data, at most 48 fetches at a time: each merged bundle throttles only its own fetches, and
   * Chromium fails fetches ("Failed to fetch") when many are started at once. */
  function fragments(results) {
    var pages = new Array(results.length), next = 0;
    function worker() {
      if (next >= results.length) return Promise.resolve();
      var i = next++;
      return results[i].data().then(function (d) { pages[i] = d; return worker(); });
    }
    var workers = [];
    for (var k = 0; k < Math.min(48, results.length); k++) workers.push(worker());
    return Promise.all(workers).then(function () { return pages; });
  }

  /* Results are fetched a page at a time (a common word matches thousands of pages of a province's site, and
   * every result is one fetch); among the pages fetched so far, those holding the exact phrase come first. */
  var runId = 0;
  function run(query) {
    var q = (query || "").trim();
    var mine = ++runId;
    out.textContent = "";
    if (!q) { status.textContent = ""; return; }
    status.textContent = "正在搜索……";
    load().then(function (pf) {
      return search(pf, q);
    }).then(function (results) {
      if (mine !== runId) return;
      var needle = squash(q);
      var exact = [], partial = [], shown = 0;
      var PAGE = parseInt(root.getAttribute("data-page-size"), 10) || 50;
      function more() {
        var next = results.slice(shown, shown + PAGE);
        shown += next.length;
        return fragments(next).then(function (pages) {
          if (mine !== runId) return;
          pages.forEach(function (d) { (squash(d.content).indexOf(needle) >= 0 ? exact : partial).push(d); });
          out.textContent = "";
          status.textContent = results.length ? "找到 " + results.length + " 个页面" : "没有找到包含“" + q + "”的页面";
          drawGroup("精确匹配", exact);
          drawGroup("部分匹配", partial);
          if (shown < results.length) {
            var button = el("button", { type: "button", class: "sb-more" },
              "显示更多（还有 " + (results.length - shown) + " 个）");
            button.addEventListener("click", function () { button.disabled = true; more(); });
            out.appendChild(button);
          }
        });
      }
      return more();
    }).catch(function (err) {
      status.textContent = "搜索暂时不可用：" + err;
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    run(input.value);
  });
  var initial = new URL(location.href).searchParams.get("q");
  if (initial) { input.value = initial; run(initial); } else { load(); }
})();
