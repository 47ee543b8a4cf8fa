(function () {
  "use strict";
  var input = document.getElementById("filter");
  var count = document.getElementById("filter-count");
  var none = document.getElementById("no-match");
  var ops = Array.prototype.slice.call(document.querySelectorAll("details.op"));
  var tags = Array.prototype.slice.call(document.querySelectorAll("section.tag"));
  var total = ops.length;

  // Every whitespace-separated term must occur in the operation's id, method,
  // path, summary or action (lower-cased in data-search).
  function apply() {
    var terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    ops.forEach(function (op) {
      var s = op.getAttribute("data-search") || "";
      var ok = terms.every(function (t) { return s.indexOf(t) >= 0; });
      op.hidden = !ok;
      if (ok) shown++;
    });
    tags.forEach(function (sec) {
      var n = sec.querySelectorAll("details.op:not([hidden])").length;
      sec.hidden = n === 0;
      var li = document.querySelector('nav.toc li[data-tag="' + sec.id + '"]');
      if (li) {
        li.hidden = n === 0;
        li.querySelector(".n").textContent = String(n);
      }
    });
    count.textContent = terms.length ? shown + " of " + total + " operations" : total + " operations";
    none.hidden = shown !== 0;
  }

  function setOpen(open) {
    ops.forEach(function (op) { if (!op.hidden) op.open = open; });
  }

  // Open every <details> around the target of the URL fragment.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) return;
    for (var p = el; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") { p.open = true; p.hidden = false; }
    }
    el.scrollIntoView();
  }

  input.addEventListener("input", apply);
  document.getElementById("expand-all").addEventListener("click", function () { setOpen(true); });
  document.getElementById("collapse-all").addEventListener("click", function () { setOpen(false); });
  window.addEventListener("hashchange", reveal);
  document.addEventListener("keydown", function (e) {
    if (e.key === "/" && document.activeElement !== input) { e.preventDefault(); input.focus(); }
  });
  if (input.value) apply();
  reveal();
})();
