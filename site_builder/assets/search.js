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
  var pagefind = null;
  var selected = {};

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function load() {
    if (pagefind) return Promise.resolve(pagefind);
    return import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (pf) {
      pagefind = pf;
      return pf.options({ baseUrl: siteRoot.pathname }).then(function () { return pf.init(); }).then(function () {
        return pf.filters();
      }).then(function (filters) { drawFilters(filters); return pf; });
    });
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

  var runId = 0;
  function run(query) {
    var q = (query || "").trim();
    var mine = ++runId;
    out.textContent = "";
    if (!q) { status.textContent = ""; return; }
    status.textContent = "正在搜索……";
    load().then(function (pf) {
      return pf.search(q, { filters: selected });
    }).then(function (search) {
      return Promise.all(search.results.map(function (r) { return r.data(); }));
    }).then(function (pages) {
      if (mine !== runId) return;
      var needle = squash(q);
      var exact = [], partial = [];
      pages.forEach(function (d) { (squash(d.content).indexOf(needle) >= 0 ? exact : partial).push(d); });
      status.textContent = pages.length ? "找到 " + pages.length + " 个页面" : "没有找到包含“" + q + "”的页面";
      drawGroup("精确匹配", exact);
      drawGroup("部分匹配", partial);
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
