// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("has-js");

  // Copy buttons: <button data-copy="#element-id">.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.querySelector(button.getAttribute("data-copy"));
      if (!source || !navigator.clipboard) { return; }
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        var done = button.getAttribute("data-copied");
        if (done) { button.textContent = done; }
      });
    });
  });

  // Print buttons.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  // Anonymous reports: the contact fields are not sent, so hide them.
  var anonymous = document.getElementById("anonymous");
  var contact = document.getElementById("contact-fields");
  function syncContact() { if (contact) { contact.hidden = anonymous.checked; } }
  if (anonymous && contact) { anonymous.addEventListener("change", syncContact); syncContact(); }

  // Show only the categories of the chosen case type.
  var category = document.getElementById("category_id");
  var types = document.querySelectorAll("input[name=case_type]");
  function syncCategories() {
    var chosen = document.querySelector("input[name=case_type]:checked");
    if (!category || !chosen) { return; }
    var label = chosen.parentElement.textContent.trim();
    category.querySelectorAll("optgroup").forEach(function (group) {
      var match = group.label.trim() === label;
      group.hidden = !match;
      group.disabled = !match;
      if (!match && group.contains(category.selectedOptions[0])) { category.value = ""; }
    });
  }
  types.forEach(function (radio) { radio.addEventListener("change", syncCategories); });
  syncCategories();

  // A list of officers follows its work-group list: only that group's optgroup stays shown.
  document.querySelectorAll("select[data-follows]").forEach(function (list) {
    var source = document.getElementById(list.getAttribute("data-follows"));
    if (!source) { return; }
    function follow() {
      var chosen = source.selectedOptions[0];
      var name = chosen && chosen.value ? chosen.textContent.trim() : "";
      var groups = Array.prototype.slice.call(list.querySelectorAll("optgroup"));
      // A group with no officers of its own: every other group's officers stay offered.
      if (!groups.some(function (group) { return group.label.trim() === name; })) { name = ""; }
      groups.forEach(function (group) {
        var match = !name || group.label.trim() === name;
        group.hidden = !match;
        group.disabled = !match;
        if (!match && group.contains(list.selectedOptions[0])) { list.value = ""; }
      });
    }
    source.addEventListener("change", follow);
    follow();
  });

  // "Select all" for the inbox's check boxes.
  document.querySelectorAll("input[data-pick-all]").forEach(function (all) {
    var boxes = document.querySelectorAll("input[name=" + all.getAttribute("data-pick-all") + "]");
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
  });

  // Warn early (the server checks again) when too many files are chosen.
  document.querySelectorAll("input[type=file][data-max-files]").forEach(function (input) {
    input.addEventListener("change", function () {
      var max = parseInt(input.getAttribute("data-max-files"), 10);
      input.setCustomValidity(input.files.length > max ? input.getAttribute("data-too-many") : "");
      input.reportValidity();
    });
  });
})();
