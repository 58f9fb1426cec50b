// Escape hides the definition shown by a glossary term's tooltip (WCAG 1.4.13: content on hover or
// focus can be dismissed without moving the pointer or the focus); pointing or focusing again shows it.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll(".cp-term").forEach(function (term) { term.classList.add("cp-term-dismissed"); });
  });
  function show(event) {
    var term = event.target.closest ? event.target.closest(".cp-term") : null;
    // moving within the term (from the icon to the tooltip) keeps it dismissed
    if (term && !(event.relatedTarget && term.contains(event.relatedTarget))) {
      term.classList.remove("cp-term-dismissed");
    }
  }
  document.addEventListener("focusin", show);
  document.addEventListener("mouseover", show);
})();
