// Moderation queue: "select all" for bulk actions.
(function () {
  "use strict";
  var all = document.getElementById("select-all");
  if (!all) { return; }
  all.addEventListener("change", function () {
    document.querySelectorAll("input.bulk-item").forEach(function (box) { box.checked = all.checked; });
  });
})();
