/* Sortable tables (class sb-sortable) and the region filter of the year pages.  No framework; without
 * JavaScript the tables are complete and readable, only unsorted. */
(function () {
  "use strict";
  function key(cell, numeric) {
    var raw = cell.hasAttribute("data-sort-value") ? cell.getAttribute("data-sort-value") : cell.textContent.trim();
    if (!numeric) return raw;
    return raw === "" ? null : parseFloat(raw);
  }
  document.querySelectorAll("table.sb-sortable").forEach(function (table) {
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var numeric = th.getAttribute("data-sort-type") !== "text";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sb-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") !== "descending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[index], numeric), y = key(b.cells[index], numeric);
          if (x === null && y === null) return 0;
          if (x === null) return 1;           /* blanks last, whichever the direction */
          if (y === null) return -1;
          var order = numeric ? x - y : String(x).localeCompare(String(y), "zh-CN");
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  var select = document.getElementById("sb-region");
  if (select) {
    select.addEventListener("change", function () {
      document.querySelectorAll(select.getAttribute("data-filter-tables") + " tbody tr").forEach(function (row) {
        row.hidden = select.value !== "" && row.getAttribute("data-region") !== select.value;
      });
    });
  }
})();
