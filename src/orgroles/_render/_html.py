"""One self-contained HTML page: the chart's SVG inline with pan, zoom and search.

This module owns the page around an SVG that Graphviz drew (so every user string in it is
already XML-escaped text). The script is ours and static; the search box only compares text and
never writes markup. A Content-Security-Policy forbids any network access, so the page works
offline and cannot be made to load anything.
"""

from __future__ import annotations

import html

from orgroles._render._escape import visible

__all__ = ["svg_to_html"]

_STYLE = """
html, body { margin: 0; height: 100%; font-family: Helvetica, Arial, sans-serif; }
body { display: flex; flex-direction: column; background: BACKGROUND; color: TEXT; }
#bar { display: flex; gap: 6px; align-items: center; padding: 8px; border-bottom: 1px solid #8884; }
#bar input { flex: 0 1 22em; padding: 4px 8px; font-size: 14px; }
#bar button { padding: 4px 10px; font-size: 14px; cursor: pointer; }
#count { font-size: 13px; opacity: .75; min-width: 6em; }
#view { flex: 1; overflow: hidden; cursor: grab; touch-action: none; }
#view.panning { cursor: grabbing; }
#view svg { width: 100%; height: 100%; }
g.position.hit path, g.position.hit polygon { stroke: #e11d48 !important; stroke-width: 4px; }
svg.searching g.position:not(.hit) { opacity: .3; }
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var view = document.getElementById("view");
  var svg = view.querySelector("svg");
  if (!svg) { return; }
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  Array.prototype.forEach.call(svg.querySelectorAll("title"), function (t) { t.remove(); });
  var base = svg.viewBox.baseVal;
  var home = { x: base.x, y: base.y, w: base.width, h: base.height };
  var box = { x: home.x, y: home.y, w: home.w, h: home.h };
  function apply() { svg.setAttribute("viewBox", [box.x, box.y, box.w, box.h].join(" ")); }
  function scale() {
    var r = svg.getBoundingClientRect();
    return Math.max(box.w / r.width, box.h / r.height);
  }
  // The chart point under the pointer (the view's centre for the buttons): it stays put.
  function anchor(cx, cy) {
    var m = (cx === undefined) ? null : svg.getScreenCTM();
    if (!m) { return { x: box.x + box.w / 2, y: box.y + box.h / 2 }; }
    var p = svg.createSVGPoint();
    p.x = cx; p.y = cy;
    return p.matrixTransform(m.inverse());
  }
  function zoom(factor, cx, cy) {
    var p = anchor(cx, cy);
    box = { x: p.x - (p.x - box.x) * factor, y: p.y - (p.y - box.y) * factor,
            w: box.w * factor, h: box.h * factor };
    apply();
  }
  view.addEventListener("wheel", function (e) {
    e.preventDefault(); zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, e.clientX, e.clientY);
  }, { passive: false });
  var drag = null;
  view.addEventListener("pointerdown", function (e) {
    drag = { x: e.clientX, y: e.clientY };
    view.classList.add("panning");
    view.setPointerCapture(e.pointerId);
  });
  view.addEventListener("pointermove", function (e) {
    if (!drag) { return; }
    var s = scale();
    box.x -= (e.clientX - drag.x) * s; box.y -= (e.clientY - drag.y) * s;
    drag = { x: e.clientX, y: e.clientY }; apply();
  });
  function stop() { drag = null; view.classList.remove("panning"); }
  view.addEventListener("pointerup", stop);
  view.addEventListener("pointercancel", stop);
  document.getElementById("zin").addEventListener("click", function () { zoom(1 / 1.4); });
  document.getElementById("zout").addEventListener("click", function () { zoom(1.4); });
  document.getElementById("fit").addEventListener("click", function () {
    box = { x: home.x, y: home.y, w: home.w, h: home.h }; apply();
  });
  var boxes = Array.prototype.slice.call(svg.querySelectorAll("g.position"));
  // One string per box, its lines joined by spaces, so a wrapped title matches as one.
  var texts = boxes.map(function (g) {
    return Array.prototype.map.call(g.querySelectorAll("text"), function (t) {
      return t.textContent || "";
    }).join(" ").replace(/\s+/g, " ").toLowerCase();
  });
  var query = document.getElementById("q");
  var count = document.getElementById("count");
  var hits = [], current = -1;
  // Graphviz draws every box inside one group moved by a transform; getBBox answers in
  // that group's coordinates, the view box in the page's: map the box across.
  var graph = svg.querySelector("g.graph");
  function bounds(g) {
    var b = g.getBBox();
    var t = graph ? graph.transform.baseVal.consolidate() : null;
    var m = t ? t.matrix : { a: 1, d: 1, e: 0, f: 0 };
    return { x: b.x * m.a + m.e, y: b.y * m.d + m.f, width: b.width * m.a, height: b.height * m.d };
  }
  function focus(g) {
    var b = bounds(g);
    var w = Math.max(b.width * 6, home.w / 8), h = w * (box.h / box.w);
    box = { x: b.x + b.width / 2 - w / 2, y: b.y + b.height / 2 - h / 2, w: w, h: h }; apply();
  }
  query.addEventListener("input", function () {
    var q = query.value.trim().replace(/\s+/g, " ").toLowerCase();
    hits = []; current = -1;
    boxes.forEach(function (g, i) {
      var hit = q !== "" && texts[i].indexOf(q) !== -1;
      g.classList.toggle("hit", hit);
      if (hit) { hits.push(g); }
    });
    svg.classList.toggle("searching", q !== "");
    count.textContent = q === "" ? "" : hits.length + (hits.length === 1 ? " match" : " matches");
  });
  query.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && hits.length) {
      current = (current + 1) % hits.length;
      focus(hits[current]);
    }
  });
})();
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def svg_to_html(svg: str, *, title: str, background: str, text: str) -> str:
    """Wrap a Graphviz SVG in a page with pan, zoom and search; ``title`` is escaped here."""
    start = svg.find("<svg")
    body = svg[start:] if start >= 0 else svg
    style = _STYLE.replace("BACKGROUND", background).replace("TEXT", text)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(visible(title))}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        '<div id="bar"><input id="q" type="search" placeholder="Search a name or title"'
        ' aria-label="Search a name or title"><span id="count"></span>'
        '<button id="zin" title="Zoom in">+</button><button id="zout" title="Zoom out">'
        '&minus;</button><button id="fit" title="Show all">Fit</button></div>\n'
        f'<div id="view">\n{body.strip()}\n</div>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n'
    )
