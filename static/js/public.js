// Public forms: after a failed send, move focus to the list of problems so it is read out first (WCAG 3.3.1).
(function () {
  "use strict";
  var summary = document.querySelector(".public-error-summary");
  if (summary) { summary.focus(); }
})();
