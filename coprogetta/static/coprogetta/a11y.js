// A table scroller that overflows (a wide table on a narrow screen) must be reachable with the
// keyboard to be scrolled: it becomes focusable, a region named by its table's caption.
(function () {
  "use strict";
  var fallback = document.body.getAttribute("data-scroll-label") || "Table";
  var counter = 0;
  function mark() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var overflows = box.scrollWidth > box.clientWidth + 1;
      if (overflows && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("data-scroll-focus", "");
        var caption = box.querySelector("caption");
        if (caption) {
          if (!caption.id) { caption.id = "table-caption-" + (++counter); }
          box.setAttribute("aria-labelledby", caption.id);
        } else {
          box.setAttribute("aria-label", fallback);
        }
      } else if (!overflows && box.hasAttribute("data-scroll-focus")) {
        ["tabindex", "role", "data-scroll-focus", "aria-labelledby", "aria-label"].forEach(
          function (name) { box.removeAttribute(name); });
      }
    });
  }
  mark();
  window.addEventListener("load", mark);
  window.addEventListener("resize", mark);
})();
