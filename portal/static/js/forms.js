// Form enhancements; every form works without this file (the server shows the parts the saved
// answers need, and long lists are plain checkboxes).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // Parts that only matter for some answers: <div data-reveal-for="work_mode"
  // data-reveal-values="onsite hybrid">. They follow the radio buttons at once.
  document.querySelectorAll("[data-reveal-for]").forEach(function (part) {
    var name = part.getAttribute("data-reveal-for");
    var values = part.getAttribute("data-reveal-values").split(" ");
    var radios = document.querySelectorAll("input[type=radio][name='" + name + "']");
    function follow() {
      var chosen = document.querySelector("input[type=radio][name='" + name + "']:checked");
      part.hidden = !(chosen && values.indexOf(chosen.value) !== -1);
    }
    radios.forEach(function (radio) { radio.addEventListener("change", follow); });
    follow();
  });

  // Long checkbox lists get a box that filters them as one types. Ticked boxes stay in view.
  document.querySelectorAll("fieldset[data-searchable]").forEach(function (fieldset, index) {
    var id = "list-filter-" + index;
    var wrap = document.createElement("div");
    wrap.className = "field list-filter";
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.textContent = fieldset.getAttribute("data-search-label");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    wrap.appendChild(label);
    wrap.appendChild(input);
    var first = fieldset.querySelector(".checkboxes, .choice-family");
    fieldset.insertBefore(wrap, first);
    input.addEventListener("input", function () {
      var words = input.value.trim().toLowerCase();
      fieldset.querySelectorAll(".choice").forEach(function (choice) {
        var box = choice.querySelector("input");
        var text = choice.textContent.toLowerCase();
        choice.hidden = words !== "" && !(box && box.checked) && text.indexOf(words) === -1;
      });
      fieldset.querySelectorAll("details.choice-family").forEach(function (family) {
        if (words !== "") { family.open = true; }
        family.hidden = words !== "" && !family.querySelector(".choice:not([hidden])");
      });
    });
    // Enter in the filter box must not send the whole form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  });
});
