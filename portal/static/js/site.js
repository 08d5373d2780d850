// Small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Move keyboard and screen-reader focus to the list of problems after a failed submit.
  var summary = document.querySelector("[data-focus]");
  if (summary) { summary.focus(); }
  // An error link to a group of radios or checkboxes (a fieldset) focuses its first box, with
  // the question still in view; without this the focus would stay on the link.
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target || target.matches("input, select, textarea, button")) { return; }
      var input = target.querySelector("input:not([type=hidden]), select, textarea");
      if (!input) { return; }
      event.preventDefault();
      target.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  });
  // Ask before destructive actions marked with data-confirm.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});

// The account menu (a <details>) also closes with Escape or a click elsewhere.
document.addEventListener("DOMContentLoaded", function () {
  var menu = document.querySelector("[data-account-menu]");
  if (!menu) { return; }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.open) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) { menu.open = false; }
  });
});
