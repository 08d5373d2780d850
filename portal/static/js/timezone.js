// Time-zone fields: offer this device's zone in one click. Without JavaScript the field still
// takes IANA names, abbreviations (IST, ET, PT), "Gulf", a country or a city.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
  if (!zone) { return; }
  document.querySelectorAll("input[data-suggest-zone]").forEach(function (input) {
    if (input.value === zone) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button zone-suggestion";
    button.textContent = input.getAttribute("data-suggest-zone").replace("%(zone)s", zone);
    button.addEventListener("click", function () {
      input.value = zone;
      input.focus();
      button.remove();
    });
    input.insertAdjacentElement("afterend", button);
  });
});

// Search forms: a visitor's own clock for shift times and the "When" filter.
document.addEventListener("DOMContentLoaded", function () {
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
  document.querySelectorAll("input[data-browser-zone]").forEach(function (input) {
    if (input.value || !zone) { return; }
    input.value = zone;
    // Shift times on the page were written on each job's clock: ask search.js for the same
    // results on this visitor's clock.
    if (document.querySelector(".job-card .shift")) {
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
});
