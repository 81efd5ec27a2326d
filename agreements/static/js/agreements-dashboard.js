/* Partnerships dashboard: draws the bar charts from the json_script data (Chart.js, vendored). Counts are whole
   numbers, amounts and rates are written the Moroccan way (2.160.000 in Arabic, 2 160 000 in French, Western digits),
   and in Arabic every chart reads from the right: bars grow leftwards and the value axis stands on the right. */
(function () {
  "use strict";
  var lang = (document.documentElement.lang || "ar").slice(0, 2);
  var separator = { ar: ".", fr: "\u202f", en: "," }[lang] || ".";
  function grouped(value) {
    var sign = value < 0 ? "-" : "";
    return sign + Math.round(Math.abs(value)).toString().replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  }
  function draw() {
    var source = document.getElementById("agreements-chart-data");
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var rtl = document.documentElement.dir === "rtl";
    function bar(id, series, label, horizontal, unit) {
      var canvas = document.getElementById(id);
      if (!canvas || !series.labels.length) { return; }
      var valueTicks = {
        precision: 0,
        callback: function (value) { return grouped(value) + (unit || ""); }
      };
      var valueAxis = { beginAtZero: true, ticks: valueTicks, reverse: rtl && horizontal, position: horizontal ? "bottom" : (rtl ? "right" : "left") };
      var labelAxis = { reverse: rtl && !horizontal, position: horizontal ? (rtl ? "right" : "left") : "bottom" };
      new window.Chart(canvas, {
        type: "bar",
        data: { labels: series.labels, datasets: [{ label: label, data: series.values, backgroundColor: "#7a1f1f" }] },
        options: {
          indexAxis: horizontal ? "y" : "x",
          locale: lang === "ar" ? "ar-MA-u-nu-latn" : lang,
          plugins: {
            legend: { display: false },
            tooltip: { rtl: rtl, callbacks: { label: function (item) { return grouped(item.raw) + (unit || ""); } } }
          },
          scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
          animation: false
        }
      });
    }
    bar("chart-status", data.status, data.labels.status, false, "");
    bar("chart-partner-kind", data.partner_kind, data.labels.partner_kind, true, "");
    bar("chart-execution", data.execution, data.labels.execution, true, " %");
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
