// Case page: choosing a saved reply fills the reply box with its text for this case (editable).
(function () {
  "use strict";
  var select = document.getElementById("reply_saved_reply");
  var box = document.getElementById("reply_body_text");
  if (!select || !box) { return; }
  select.addEventListener("change", function () {
    if (!select.value) { return; }
    var url = select.dataset.textUrl.replace(/\/0\/text\/$/, "/" + encodeURIComponent(select.value) + "/text/");
    fetch(url + "?thread=" + encodeURIComponent(select.dataset.thread), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (text) { if (text) { box.value = text; } });
  });
})();

// Own-mail page: a Copy button copies the address shown beside it.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var target = document.getElementById(button.dataset.copy);
      if (!target || !navigator.clipboard) { return; }
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        button.textContent = "Copied";
      });
    });
  });
})();
