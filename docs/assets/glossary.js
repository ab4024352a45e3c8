/* The glossary page's sort buttons: pinyin (the page's own order, under letter sections), frequency (most
   used first), first use (earliest first; entries used only in undated speeches last). No library, no network:
   it works from file:// too. Without it the page reads in pinyin order. Each entry is its heading (h3.gloss-term,
   carrying data-order, data-count and data-first) and what follows it up to the next heading of level 2 or 3. */
(function () {
  "use strict";

  function setUp() {
    var control = document.querySelector(".gloss-sort");
    var firstLetter = document.querySelector("h2.gloss-letter");
    if (!control || !firstLetter) return;
    var area = firstLetter.parentNode;
    var original = [];
    var entries = [];
    var node = firstLetter;
    var current = null;
    while (node) {
      var next = node.nextSibling;
      var tag = node.nodeType === 1 ? node.tagName : "";
      if (tag === "H2" && !node.classList.contains("gloss-letter")) break;
      if (tag === "H2") {
        current = null;
        original.push(node);
      } else if (tag === "H3" && node.classList.contains("gloss-term")) {
        current = document.createElement("div");
        current.className = "gloss-entry";
        current.dataset.order = node.dataset.order || "0";
        current.dataset.count = node.dataset.count || "0";
        current.dataset.first = node.dataset.first || "";
        area.insertBefore(current, node);
        current.appendChild(node);
        entries.push(current);
        original.push(current);
      } else if (current) {
        current.appendChild(node);
      }
      node = next;
    }
    var marker = document.createComment("gloss-entries");
    area.insertBefore(marker, original[0]);

    var orders = {
      pinyin: null,
      count: function (a, b) {
        return (+b.dataset.count - +a.dataset.count) || (+a.dataset.order - +b.dataset.order);
      },
      first: function (a, b) {
        var x = a.dataset.first || "9999", y = b.dataset.first || "9999";
        return x < y ? -1 : x > y ? 1 : (+a.dataset.order - +b.dataset.order);
      }
    };

    function sortBy(name) {
      var list = orders[name] ? entries.slice().sort(orders[name]) : original;
      var after = marker.nextSibling;
      list.forEach(function (el) { area.insertBefore(el, after); });
      original.forEach(function (el) {
        if (el.tagName === "H2") el.hidden = !!orders[name];
      });
      area.classList.toggle("gloss-sorted", !!orders[name]);
      control.querySelectorAll("button").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.dataset.sort === name));
      });
    }

    control.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-sort]");
      if (button) sortBy(button.dataset.sort);
    });
    control.hidden = false;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
