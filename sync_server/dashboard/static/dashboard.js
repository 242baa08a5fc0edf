// Bisama POS dashboard: CSRF header on htmx requests, charts from JSON islands, and
// confirmation of dangerous forms. No inline scripts (the Content-Security-Policy forbids them).
(function () {
  "use strict";
  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : null;
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrf();
    if (token) { event.detail.headers["X-CSRF-Token"] = token; }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
  var palette = ["#0b6e4f", "#f2a900", "#2f6fba", "#c5221f", "#7b4fb3", "#18a1a1", "#8a6d3b"];
  function draw(canvas) {
    if (!window.Chart || canvas.dataset.drawn) { return; }
    var source = document.getElementById(canvas.dataset.source);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var kind = canvas.dataset.chart;
    // Amounts arrive as exact decimal strings; the chart only needs to draw them.
    var values = data.values.map(Number);
    var round = kind === "doughnut";
    new window.Chart(canvas, {
      type: kind,
      data: { labels: data.labels, datasets: [{ label: data.label, data: values,
        // Payment methods bring their own fixed colours (shared/tenders.py).
        backgroundColor: data.colours || (round ? palette : "#0b6e4f"), borderColor: "#0b6e4f",
        tension: 0, fill: false, borderRadius: round ? 0 : 3 }] },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: round, position: "right" } },
        scales: round ? {} : { y: { beginAtZero: true, ticks: { callback: function (v) {
          return v.toLocaleString("en-GH"); } } } } }
    });
    canvas.dataset.drawn = "1";
  }
  function drawAll() { document.querySelectorAll("canvas[data-chart]").forEach(draw); }
  // A table wider than the screen (a tablet, a long ledger) scrolls inside its own box,
  // never the whole page sideways.
  function boxTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      var parent = table.parentElement;
      if (!parent || parent.classList.contains("scroll")) { return; }
      var box = document.createElement("div");
      box.className = "scroll";
      parent.insertBefore(box, table);
      box.appendChild(table);
    });
  }
  function settle() { boxTables(); drawAll(); }
  document.addEventListener("DOMContentLoaded", settle);
  document.addEventListener("htmx:afterSettle", settle);
})();
