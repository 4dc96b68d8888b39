/* stdbridge pages: small conveniences on top of pages that work without any script. */
(function () {
  "use strict";

  // Sort order and "every edition" apply at once; without a script the "Apply" button does it (it stays
  // for the years, which apply when the reader has typed both).
  document.querySelectorAll("[data-autosubmit]").forEach(function (control) {
    control.addEventListener("change", function () {
      if (control.form) { control.form.submit(); }
    });
  });

  // On a narrow screen the filters sit above the results: fold them so the results come first.
  var narrow = window.matchMedia("(max-width: 760px)");
  document.querySelectorAll("details[data-collapse-narrow]").forEach(function (details) {
    if (narrow.matches) { details.open = false; }
  });

  // "/" puts the cursor in the search box, as on many search sites.
  var box = document.getElementById("q");
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT" || target.isContentEditable);
    if (event.key === "/" && box && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });
})();
