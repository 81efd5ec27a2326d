// The admin's calendar and clock pop-ups stay inside the window. In right-to-left pages Django places them 180 px
// (110 px for the clock) to the left of their link (DateTimeShortcuts.js), so a field near the window's left edge
// (a narrow window, or a tablet) opened a calendar whose Sunday column, drawn leftmost in Arabic, was off screen.
(function () {
  "use strict";
  function keepInside(box) {
    if (!box || box.style.display === "none") { return; }
    var rect = box.getBoundingClientRect();
    var shift = 0;
    if (rect.right > window.innerWidth) { shift = window.innerWidth - rect.right; }
    if (rect.left + shift < 0) { shift = -rect.left; }
    if (shift) { box.style.left = (parseFloat(box.style.left) || 0) + shift + "px"; }
  }
  function wrap(name, prefix) {
    var open = window.DateTimeShortcuts[name];
    window.DateTimeShortcuts[name] = function (num) {
      open.apply(this, arguments);
      keepInside(document.getElementById(window.DateTimeShortcuts[prefix] + num));
    };
  }
  if (window.DateTimeShortcuts) {
    wrap("openCalendar", "calendarDivName1");
    wrap("openClock", "clockDivName");
  }
})();
