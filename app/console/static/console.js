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

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-grade-preview]").forEach(gradePreview);
    document.querySelectorAll("select[data-toggles]").forEach(sharingToggle);
    document.querySelectorAll("form[data-confirm]").forEach(confirmSubmit);
    document.body.setAttribute("data-ready", "1");
  });
})();
