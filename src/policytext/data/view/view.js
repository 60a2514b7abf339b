// policytext document view: rows jump to their evidence, highlights say what they are.
// Reads only numbers from data-* attributes and writes only textContent.
(function () {
  "use strict";
  var labels = JSON.parse(document.getElementById("labels").textContent);
  var text = document.getElementById("text");
  var tip = document.getElementById("tip");
  var where = document.getElementById("where");
  var flashed = [];
  var timer = null;

  function jump(i) {
    var frags = text.querySelectorAll('mark[data-i="' + i + '"]');
    if (!frags.length) return;
    // The first line of the evidence a third of the way down the pane: a long task's start,
    // not its middle, is what the reader looks for.
    var line = frags[0].getClientRects()[0] || frags[0].getBoundingClientRect();
    var pane = text.getBoundingClientRect();
    text.scrollTop += line.top - pane.top - text.clientHeight / 3;
    flashed.forEach(function (el) { el.classList.remove("flash"); });
    flashed = Array.prototype.slice.call(frags);
    flashed.forEach(function (el) { el.classList.add("flash"); });
    clearTimeout(timer);
    timer = setTimeout(function () {
      flashed.forEach(function (el) { el.classList.remove("flash"); });
    }, 2500);
    text.setAttribute("data-current", String(i));
    where.textContent = labels[i] || "";
  }

  document.addEventListener("click", function (ev) {
    var el = ev.target.closest ? ev.target.closest("[data-j]") : null;
    if (!el) return;
    ev.preventDefault();
    ev.stopPropagation();
    jump(Number(el.getAttribute("data-j")));
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" || !ev.target.getAttribute || ev.target.getAttribute("data-j") === null) return;
    ev.preventDefault();
    jump(Number(ev.target.getAttribute("data-j")));
  });

  function describe(el) {
    var lines = [];
    for (; el && el !== text; el = el.parentElement) {
      var i = el.getAttribute && el.getAttribute("data-i");
      if (i !== null && labels[Number(i)] !== undefined) lines.push(labels[Number(i)]);
    }
    return lines;
  }

  text.addEventListener("mouseover", function (ev) {
    var lines = describe(ev.target);
    if (!lines.length) { tip.hidden = true; return; }
    tip.textContent = lines.join("\n");
    tip.hidden = false;
  });
  text.addEventListener("mousemove", function (ev) {
    if (tip.hidden) return;
    var x = Math.min(ev.clientX + 14, window.innerWidth - tip.offsetWidth - 4);
    var y = ev.clientY + 18;
    if (y + tip.offsetHeight > window.innerHeight) y = ev.clientY - tip.offsetHeight - 10;
    tip.style.left = Math.max(0, x) + "px";
    tip.style.top = Math.max(0, y) + "px";
  });
  text.addEventListener("mouseleave", function () { tip.hidden = true; });
})();
