// policytext report index: sort by a column (click its header), filter rows by text.
(function () {
  "use strict";
  var table = document.getElementById("docs");
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  var filter = document.getElementById("filter");
  var shown = document.getElementById("shown");
  var rows = Array.prototype.slice.call(body.rows);

  function key(row, col, numeric) {
    var t = row.cells[col].textContent.trim();
    return numeric ? Number(t) || 0 : t;
  }

  function sort(col) {
    var th = heads[col];
    var numeric = th.getAttribute("data-type") === "num";
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    var order = rows.map(function (r, i) { return [key(r, col, numeric), i, r]; });
    order.sort(function (a, b) {
      if (a[0] < b[0]) return -dir;
      if (a[0] > b[0]) return dir;
      return a[1] - b[1];
    });
    order.forEach(function (x) { body.appendChild(x[2]); });
  }

  function apply() {
    var q = filter.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (r) {
      var hit = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
      r.hidden = !hit;
      if (hit) n += 1;
    });
    shown.textContent = n + " of " + rows.length + " shown";
  }

  Array.prototype.forEach.call(heads, function (th, col) {
    th.addEventListener("click", function () { sort(col); });
    th.addEventListener("keydown", function (ev) { if (ev.key === "Enter") sort(col); });
  });
  filter.addEventListener("input", apply);
  apply();
})();
