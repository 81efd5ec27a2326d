/* Partnerships dashboard: draws the bar charts from the json_script data (Chart.js, vendored). */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("agreements-chart-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var rtl = document.documentElement.dir === "rtl";
    function bar(id, series, label, horizontal) {
      var canvas = document.getElementById(id);
      if (!canvas || !series.labels.length) { return; }
      new window.Chart(canvas, {
        type: "bar",
        data: { labels: series.labels, datasets: [{ label: label, data: series.values, backgroundColor: "#7a1f1f" }] },
        options: {
          indexAxis: horizontal ? "y" : "x",
          locale: document.documentElement.lang || "ar",
          plugins: { legend: { display: false } },
          scales: { x: { reverse: rtl && !horizontal } },
          animation: false
        }
      });
    }
    bar("chart-status", data.status, data.labels.status, false);
    bar("chart-partner-kind", data.partner_kind, data.labels.partner_kind, true);
    bar("chart-execution", data.execution, data.labels.execution, true);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
