// Live search: results follow the keyword box and the filters without a full page load.
// Progressive enhancement only: without this file the form submits and the server answers.
// The page asks for the same URL with "X-Partial: results" and swaps in the filters and the
// results; the address bar keeps the shareable URL. No framework, no inline script (CSP).
"use strict";
(function () {
  var form = document.querySelector("form[data-live-search]");
  if (!form || !window.fetch || !window.URLSearchParams || !window.DOMParser || !window.FormData) {
    return;
  }
  document.documentElement.classList.add("js-search");
  var status = document.getElementById("search-status");
  var timer = null;
  var controller = null;
  var sequence = 0;
  var PARTS = ["search-filters", "search-results"];
  // Same width as the two-column layout in site.css.
  var wide = window.matchMedia ? window.matchMedia("(min-width: 56rem)") : null;

  function filtersPanel() {
    return form.querySelector("details[data-filters]");
  }

  // On a phone the filters stay folded under "Filters (n chosen)" so the results come first;
  // on a wide screen they are open beside the results.
  function openOnWideScreens() {
    var panel = filtersPanel();
    if (panel && wide && wide.matches) { panel.open = true; }
  }
  openOnWideScreens();
  if (filtersPanel()) { filtersPanel().addEventListener("toggle", onToggle); }
  if (wide && wide.addEventListener) { wide.addEventListener("change", openOnWideScreens); }

  // Fields left at their default (data-default) or whose partner is empty (data-requires)
  // stay out of the address, so shared links are short.
  function skipped(key, value) {
    var field = form.elements.namedItem(key);
    if (!field || !field.getAttribute) { return false; }
    if (field.getAttribute("data-default") === value) { return true; }
    var partner = field.getAttribute("data-requires");
    var other = partner && form.elements.namedItem(partner);
    return Boolean(other && typeof other.value === "string" && other.value.trim() === "");
  }

  function currentUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === "string" && value.trim() !== "" && key !== "page" && !skipped(key, value)) {
        params.append(key, value);
      }
    });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  // Phone: the open filters cover the results (a sheet). While it is open only the filters are
  // refreshed (their counts and "Show 12 jobs"); the results change when the person asks.
  function sheetOpen() {
    var panel = filtersPanel();
    return Boolean(panel && panel.open && !(wide && wide.matches));
  }
  var waiting = false;  // filters changed under the sheet, results not yet shown

  function swap(html, parts) {
    var activeId = document.activeElement && document.activeElement.id;
    var panel = filtersPanel();
    var wasOpen = Boolean(panel && panel.open);
    var fresh = new DOMParser().parseFromString(html, "text/html");
    parts.forEach(function (id) {
      var next = fresh.getElementById(id);
      var old = document.getElementById(id);
      if (next && old) { old.replaceWith(document.importNode(next, true)); }
    });
    panel = filtersPanel();
    if (panel) {
      panel.open = wasOpen;  // the filters stay as the person left them
      panel.addEventListener("toggle", onToggle);
    }
    if (activeId) {
      var again = document.getElementById(activeId);
      if (again && again !== document.activeElement) { again.focus(); }
    }
    if (parts.length === 1) {
      var count = document.querySelector("#search-filters [data-apply] .show-count");
      if (status && count) { status.textContent = count.textContent; }
      return;
    }
    var results = document.getElementById("search-results");
    if (status && results) { status.textContent = results.getAttribute("data-status") || ""; }
  }

  // Closing the sheet without "Show …" still shows what the ticked boxes find.
  function onToggle(event) {
    if (!event.target.open && waiting) { later(0); }
  }

  function update() {
    var url = currentUrl();
    var filtersOnly = sheetOpen();
    waiting = filtersOnly;
    var mine = ++sequence;
    if (controller) { controller.abort(); }
    controller = window.AbortController ? new AbortController() : null;
    form.setAttribute("aria-busy", "true");
    fetch(url, {
      headers: { "X-Partial": "results" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.text();
    }).then(function (html) {
      if (mine !== sequence) { return; }
      swap(html, filtersOnly ? ["search-filters"] : PARTS);
      if (!filtersOnly) { window.history.replaceState(null, "", url); }
      form.removeAttribute("aria-busy");
    }).catch(function (error) {
      if (error && error.name === "AbortError") { return; }
      form.removeAttribute("aria-busy");
      // Something went wrong: fall back to an ordinary page load of the same URL.
      window.location.assign(url);
    });
  }

  function later(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, delay);
  }

  form.addEventListener("input", function (event) {
    if (event.target && event.target.type === "search") { later(350); }
  });
  form.addEventListener("change", function (event) {
    var target = event.target;
    if (!target) { return; }
    if (target.type === "checkbox" || target.type === "radio" || target.tagName === "SELECT") {
      later(0);
    } else if (target.type === "text" || target.type === "hidden") {
      later(0);
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var panel = filtersPanel();
    var apply = event.submitter && event.submitter.hasAttribute("data-apply");
    if (apply && panel && !(wide && wide.matches)) {
      // Phone: "Show 12 jobs" folds the sheet away and shows the results under it.
      waiting = false;
      panel.open = false;
      var summary = panel.querySelector("summary");
      if (summary) { summary.focus(); }
    }
    later(0);
  });
})();
