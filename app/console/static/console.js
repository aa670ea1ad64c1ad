// chainmap console: the little the pages do in the browser. Everything works without it;
// the server checks every form and computes every grade itself.
(function () {
  "use strict";

  // Annex D grade preview: the weights (in tenths) and thresholds come from the server's model
  // (data-tenths, data-key, data-important), so the preview cannot drift from it.
  function gradePreview(box) {
    var form = box.closest("form");
    var names = ["safety_competitiveness", "spread", "urgency_difficulty"];
    var tenthsOf = box.dataset.tenths.split(",").map(Number);
    var key = Number(box.dataset.key), important = Number(box.dataset.important);
    var scoreOut = box.querySelector("[data-severity]");
    var gradeOut = box.querySelector("[data-grade]");
    function update() {
      var tenths = 0;
      for (var i = 0; i < names.length; i++) {
        var field = form.elements[names[i]];
        var value = field ? parseInt(field.value, 10) : NaN;
        if (!(value >= 1 && value <= 5)) {
          scoreOut.textContent = "—";
          gradeOut.textContent = "—";
          gradeOut.className = "grade";
          return;
        }
        tenths += tenthsOf[i] * value;
      }
      var severity = tenths / 10;
      var stars = severity >= key ? 3 : severity >= important ? 2 : 1;
      scoreOut.textContent = severity.toFixed(1);
      gradeOut.textContent = "★★★".slice(0, stars);
      gradeOut.className = "grade grade-" + stars;
    }
    names.forEach(function (name) {
      var field = form.elements[name];
      if (field) {
        field.addEventListener("input", update);
        field.addEventListener("change", update);
      }
    });
    update();
  }

  // Directed recipients only matter for directed sharing.
  function sharingToggle(select) {
    var target = document.getElementById(select.dataset.toggles);
    function update() { target.hidden = select.value !== "directed"; }
    select.addEventListener("change", update);
    update();
  }

  // Forms that ask before they act (a write that cannot be undone from the page).
  function confirmSubmit(form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  }

  // Tables marked data-sortable sort by any column on a click of its header (again: the other
  // way); numbers as numbers, text in Chinese collation. The page's own order comes back on reload.
  var NUMBER = /^-?\d+(\.\d+)?$/;

  function sortable(table) {
    var heads = table.querySelectorAll("tr:first-child th");
    var collator = new Intl.Collator("zh-CN", { numeric: true });
    heads.forEach(function (th, column) {
      th.style.cursor = "pointer";
      th.title = "点击排序 · click to sort";
      th.addEventListener("click", function () {
        var rows = Array.prototype.slice.call(table.querySelectorAll("tr")).filter(function (r) {
          return r.cells.length === heads.length && !r.querySelector("th");
        });
        var up = th.dataset.order !== "asc";
        heads.forEach(function (h) { delete h.dataset.order; });
        th.dataset.order = up ? "asc" : "desc";
        rows.sort(function (a, b) {
          var x = a.cells[column].textContent.trim(), y = b.cells[column].textContent.trim();
          var numbers = NUMBER.test(x) && NUMBER.test(y);
          var order = numbers ? parseFloat(x) - parseFloat(y) : collator.compare(x, y);
          return up ? order : -order;
        });
        rows.forEach(function (row) { row.parentNode.appendChild(row); });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table[data-sortable]").forEach(sortable);
    document.querySelectorAll("[data-grade-preview]").forEach(gradePreview);
    document.querySelectorAll("select[data-toggles]").forEach(sharingToggle);
    document.querySelectorAll("form[data-confirm]").forEach(confirmSubmit);
    document.body.setAttribute("data-ready", "1");
  });
})();
