// "Print" buttons on print-styled pages (letters): the browser's own print dialogue.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
