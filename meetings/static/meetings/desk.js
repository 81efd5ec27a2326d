/* The session desk: "all present", the reason box shown only for an excused absence, and the quorum counted live.
   Without this script the grid still works: every box is shown and the quorum is counted on saving. */
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var grid = document.getElementById("attendance-grid");
    if (!grid) { return; }
    var quorum = document.getElementById("quorum");
    var countOut = document.getElementById("present-count");
    var state = document.getElementById("quorum-state");
    var needed = parseInt(quorum.dataset.needed, 10);

    function rowStatus(row) {
      var checked = row.querySelector("input[type=radio]:checked");
      return checked ? checked.value : "";
    }
    function refreshRow(row) {
      var status = rowStatus(row);
      row.className = "status-" + status;
      var reason = row.querySelector("input.reason");
      if (reason) { reason.hidden = status !== "excused"; }
    }
    function refreshQuorum() {
      var present = 0;
      grid.querySelectorAll("tbody tr").forEach(function (row) {
        if (row.dataset.elected === "1" && rowStatus(row) === "present") { present += 1; }
      });
      countOut.textContent = String(present);
      var met = present >= needed;
      state.textContent = met ? quorum.dataset.met : quorum.dataset.unmet;
      state.className = met ? "met" : "unmet";
    }
    grid.querySelectorAll("tbody tr").forEach(refreshRow);
    grid.addEventListener("change", function (event) {
      var row = event.target.closest("tr");
      if (event.target.type === "radio" && row) {
        refreshRow(row);
        refreshQuorum();
        if (event.target.value === "excused") {
          var reason = row.querySelector("input.reason");
          if (reason && !reason.disabled) { reason.focus(); }
        }
      }
    });
    document.querySelectorAll("#all-present, #all-absent").forEach(function (button) {
      button.addEventListener("click", function () {
        var status = button.dataset.status;
        grid.querySelectorAll("tbody tr").forEach(function (row) {
          var radio = row.querySelector("input[type=radio][value=" + status + "]");
          if (radio && !radio.disabled) { radio.checked = true; }
          refreshRow(row);
        });
        refreshQuorum();
      });
    });
    refreshQuorum();
  });
})();
