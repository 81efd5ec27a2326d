// The export page's "select all" switch, bound here rather than by an inline onchange the CSP would block.
// onSelectToggleChange comes from django-import-export's export_selectable_fields.js, loaded before this file.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", onSelectToggleChange);
  });
});
