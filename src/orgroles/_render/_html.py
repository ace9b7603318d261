"""One self-contained HTML page: the chart's SVG inline with pan, zoom, search and keys.

This module owns the page around an SVG that Graphviz drew (so every user string in it is
already XML-escaped text), and the units it shows, embedded as JSON that cannot close its
script element. The script is ours and static; it only compares and shows text (``textContent``)
and never writes markup. A Content-Security-Policy forbids any network access, so the page works
offline and cannot be made to load anything.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping

from orgroles._render._escape import visible
from orgroles._render._themes import Theme

__all__ = ["svg_to_html"]

_STYLE = """
html, body { margin: 0; height: 100%; font-family: Helvetica, Arial, sans-serif; }
body { display: flex; flex-direction: column; background: BACKGROUND; color: TEXT; }
#bar { display: flex; gap: 6px; align-items: center; padding: 8px; border-bottom: 1px solid #8884; }
#bar input { flex: 0 1 22em; padding: 4px 8px; font-size: 14px; }
#bar button { padding: 4px 10px; font-size: 14px; cursor: pointer; }
#count { font-size: 13px; opacity: .75; min-width: 6em; }
#info { flex: 1; font-size: 13px; margin-left: 8px; white-space: nowrap; overflow: hidden; }
#view { flex: 1; overflow: hidden; cursor: grab; touch-action: none; }
#view.panning { cursor: grabbing; }
#view svg { width: 100%; height: 100%; }
g.position { outline: none; }
g.position.hit path, g.position.hit polygon { stroke: #e11d48 !important; stroke-width: 4px; }
g.position:focus path, g.position:focus polygon { stroke: #2563eb !important; stroke-width: 5px; }
svg.searching g.position:not(.hit) { opacity: .3; }
#stats { position: relative; }
#stats > summary { list-style: none; cursor: pointer; padding: 4px 10px; font-size: 14px;
  border: 1px solid #8888; border-radius: 4px; user-select: none; }
#stats > summary::-webkit-details-marker { display: none; }
#stats > summary::after { content: " \\25be"; }
#stats[open] > summary::after { content: " \\25b4"; }
#stats-panel { position: absolute; right: 0; top: calc(100% + 9px); z-index: 5;
  box-sizing: border-box; width: 460px; max-width: calc(100vw - 16px);
  max-height: calc(100vh - 64px); overflow: auto; padding: 12px 16px 16px; font-size: 13px;
  background: BACKGROUND; color: TEXT; border: 1px solid #8886; border-radius: 6px;
  box-shadow: 0 8px 28px #0005; }
#stats-panel h2 { font-size: 16px; margin: 0 0 2px; }
#stats-panel h3 { font-size: 14px; margin: 16px 0 0; }
#stats-panel .note { margin: 2px 0 6px; color: MUTED; font-size: 12px; }
#stats-panel .tiles { display: grid; grid-template-columns: repeat(3, 1fr); gap: 6px;
  margin-top: 8px; }
#stats-panel .tile { border: 1px solid #8885; border-radius: 4px; padding: 6px 8px; }
#stats-panel .tile b { display: block; font-size: 20px; }
#stats-panel .tile small { font-size: 12px; font-weight: normal; color: MUTED; }
#stats-panel .tile span { font-size: 12px; color: MUTED; }
#stats-panel svg { display: block; max-width: 100%; height: auto; overflow: visible; }
#stats-panel svg text { fill: TEXT; font-size: 12px; }
#stats-panel svg .muted { fill: MUTED; }
#stats-panel .bar-m { fill: MANAGERS; }
#stats-panel .bar-i { fill: ICS; }
#stats-panel .axis { stroke: LINE; }
#stats-panel .key { display: inline-block; width: 10px; height: 10px; vertical-align: -1px; }
#stats-panel .key-m { background: MANAGERS; }
#stats-panel .key-i { background: ICS; }
#stats-panel table { border-collapse: collapse; width: 100%; margin-top: 4px; }
#stats-panel th, #stats-panel td { padding: 2px 6px; border-bottom: 1px solid #8883;
  text-align: right; font-weight: normal; }
#stats-panel th[scope=row], #stats-panel th:first-child { text-align: left; max-width: 260px;
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
#stats-panel thead th { color: MUTED; }
#stats-panel dl.more { display: grid; grid-template-columns: auto auto; gap: 2px 12px;
  margin: 4px 0 0; }
#stats-panel dl.more dd { margin: 0; text-align: right; }
"""

# Search folds case and accents on both sides ("tomas" finds "Tomás"): NFD splits a letter from
# its marks, which are then dropped. Arrow keys move to the nearest box that way, by where the
# boxes are drawn, so they follow any arrangement of the chart.
_SCRIPT = r"""
(function () {
  "use strict";
  var view = document.getElementById("view");
  var svg = view.querySelector("svg");
  if (!svg) { return; }
  svg.removeAttribute("width");
  svg.removeAttribute("height");
  Array.prototype.forEach.call(svg.querySelectorAll("title"), function (t) { t.remove(); });
  var units = JSON.parse(document.getElementById("chart-units").textContent || "{}");
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
  function fit() { box = { x: home.x, y: home.y, w: home.w, h: home.h }; apply(); }
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
  document.getElementById("fit").addEventListener("click", fit);
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\s+/g, " ").trim();
  }
  var boxes = Array.prototype.slice.call(svg.querySelectorAll("g.position"));
  // Each box's lines (a wrapped title joins into one), its id and its unit.
  var lines = boxes.map(function (g) {
    return Array.prototype.map.call(g.querySelectorAll("text"), function (t) {
      return (t.textContent || "").trim();
    }).filter(function (t) { return t !== ""; });
  });
  var ids = boxes.map(function (g) { return g.getAttribute("data-position-id") || ""; });
  var unitOf = ids.map(function (id) {
    return Object.prototype.hasOwnProperty.call(units, id) ? units[id] : "";
  });
  var texts = boxes.map(function (g, i) {
    return fold(lines[i].join(" ") + " " + ids[i] + " " + unitOf[i]);
  });
  var query = document.getElementById("q");
  var count = document.getElementById("count");
  var info = document.getElementById("info");
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
    // About six boxes wide, and always closer than the whole chart.
    var w = Math.min(Math.max(b.width * 6, home.w / 8), home.w * 0.75), h = w * (box.h / box.w);
    box = { x: b.x + b.width / 2 - w / 2, y: b.y + b.height / 2 - h / 2, w: w, h: h }; apply();
  }
  // Keeps a box in sight without zooming: the view moves only when the box is outside it.
  function reveal(g) {
    var b = bounds(g);
    if (b.x >= box.x && b.y >= box.y && b.x + b.width <= box.x + box.w &&
        b.y + b.height <= box.y + box.h) { return; }
    box.x = b.x + b.width / 2 - box.w / 2; box.y = b.y + b.height / 2 - box.h / 2; apply();
  }
  function describe(i) {
    var parts = [lines[i].join(" ")];
    if (unitOf[i]) { parts.push("unit " + unitOf[i]); }
    if (ids[i]) { parts.push("id " + ids[i]); }
    return parts.join(" \u00b7 ");
  }
  boxes.forEach(function (g, i) {
    g.setAttribute("tabindex", "0");
    g.setAttribute("role", "button");
    g.setAttribute("aria-label", describe(i));
    g.addEventListener("focus", function () { info.textContent = describe(i); reveal(g); });
    g.addEventListener("blur", function () { info.textContent = ""; });
  });
  function search() {
    var q = fold(query.value);
    hits = []; current = -1;
    boxes.forEach(function (g, i) {
      var hit = q !== "" && texts[i].indexOf(q) !== -1;
      g.classList.toggle("hit", hit);
      if (hit) { hits.push(g); }
    });
    svg.classList.toggle("searching", q !== "");
    count.textContent = q === "" ? "" : hits.length + (hits.length === 1 ? " match" : " matches");
  }
  query.addEventListener("input", search);
  query.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && hits.length) {
      current = (current + 1) % hits.length;
      focus(hits[current]);
    }
  });
  function centre(g) { var b = bounds(g); return [b.x + b.width / 2, b.y + b.height / 2]; }
  // The box a move goes to: Up or Down, the nearest row that way, then the box least to the
  // side; Left or Right, the nearest box in the same row, else the nearest that way with
  // sideways distance counting double.
  function nearest(from, dx, dy) {
    var c = centre(boxes[from]), half = bounds(boxes[from]).height / 2, found = [];
    boxes.forEach(function (g, j) {
      var d = centre(g), ahead = (d[0] - c[0]) * dx + (d[1] - c[1]) * dy;
      var side = Math.abs((d[0] - c[0]) * dy) + Math.abs((d[1] - c[1]) * dx);
      if (j !== from && ahead > 1) { found.push({ j: j, ahead: ahead, side: side }); }
    });
    if (!found.length) { return -1; }
    var first = Math.min.apply(null, found.map(function (f) { return f.ahead; }));
    var pool = dy ? found.filter(function (f) { return f.ahead <= first + half; })
                  : found.filter(function (f) { return f.side <= half; });
    var key = dy ? function (f) { return f.side; } : function (f) { return f.ahead; };
    if (!pool.length) {
      pool = found;
      key = function (f) { return f.ahead + 2 * f.side; };
    }
    return pool.reduce(function (a, f) { return key(f) < key(a) ? f : a; }).j;
  }
  var stats = document.getElementById("stats");
  var moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  document.addEventListener("keydown", function (e) {
    var typing = document.activeElement === query;
    if (e.key === "/" && !typing) {
      e.preventDefault(); query.focus(); query.select(); return;
    }
    if (e.key === "Escape" && !typing && stats && stats.open) {
      stats.open = false; stats.querySelector("summary").focus(); return;
    }
    if (e.key === "Escape") {
      if (query.value !== "") { query.value = ""; search(); }
      if (typing) { query.blur(); } else { fit(); }
      return;
    }
    var i = boxes.indexOf(document.activeElement);
    if (i < 0) { return; }
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); focus(boxes[i]); return; }
    var move = moves[e.key];
    if (!move) { return; }
    e.preventDefault();
    var next = nearest(i, move[0], move[1]);
    if (next >= 0) { boxes[next].focus(); }
  });
})();
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"


def svg_to_html(
    svg: str,
    *,
    title: str,
    theme: Theme,
    units: Mapping[str, str] | None = None,
    panel: str = "",
) -> str:
    """Wrap a Graphviz SVG in a page with pan, zoom, search and keyboard moves.

    ``title`` is escaped here; ``units`` (position id -> unit) are searched and shown for the
    box in focus. Search reads names, titles, ids and units, ignoring case and accents.
    ``panel`` is markup made by our own code (the statistics panel,
    :func:`~orgroles._render._stats_panel.stats_panel`), placed at the end of the bar.
    """
    start = svg.find("<svg")
    body = svg[start:] if start >= 0 else svg
    managers, ics = _bar_colours(theme)
    style = _STYLE
    for name, colour in (
        ("BACKGROUND", theme.background),
        ("MANAGERS", managers),
        ("MUTED", theme.muted),
        ("TEXT", theme.text),
        ("LINE", theme.line),
        ("ICS", ics),
    ):
        style = style.replace(name, colour)
    # JSON in a script element: "<" escaped, so no text can close the element early; ASCII
    # only, so no invisible or bidi character reaches the page raw; units shown as in boxes.
    shown = {pid: visible(unit) for pid, unit in (units or {}).items()}
    data = json.dumps(shown, ensure_ascii=True, sort_keys=True)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    hint = "Search names, titles, ids and units (press /)"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(visible(title))}</title>\n<style>{style}</style>\n</head>\n<body>\n"
        f'<div id="bar"><input id="q" type="search" placeholder="{hint}"'
        f' aria-label="{hint}"><span id="count"></span>'
        '<button id="zin" title="Zoom in">+</button><button id="zout" title="Zoom out">'
        '&minus;</button><button id="fit" title="Show all">Fit</button>'
        f'<span id="info" aria-live="polite"></span>{panel}</div>\n'
        f'<div id="view">\n{body.strip()}\n</div>\n'
        f'<script id="chart-units" type="application/json">{data}</script>\n'
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


def _bar_colours(theme: Theme) -> tuple[str, str]:
    """The statistics' bar colours: the manager and IC boxes' borders, as in the chart."""
    managers, ics = theme.tracks["manager"][1], theme.tracks["ic"][1]
    if ics == managers:  # the print theme draws every border black: ICs in grey
        ics = "#a3a3a3"
    return managers, ics
