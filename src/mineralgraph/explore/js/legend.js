/* The legend: shapes, line styles, what sizes mean. */

/* ---------- legend ---------- */

var SVG = "http://www.w3.org/2000/svg";

function svg(w, h) {
  var s = document.createElementNS(SVG, "svg");
  s.setAttribute("width", String(w));
  s.setAttribute("height", String(h));
  s.setAttribute("aria-hidden", "true");
  return s;
}

function shapeIcon(shape, colour) {
  var s = svg(16, 16);
  var p;
  var poly = {
    diamond: "8,1 15,8 8,15 1,8",
    triangle: "8,1 15,14 1,14",
    triangleDown: "1,2 15,2 8,15",
    star: "8,0.5 10.2,5.6 15.6,5.9 11.4,9.4 12.8,14.8 8,11.8 3.2,14.8 4.6,9.4 0.4,5.9 5.8,5.6",
    hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8"
  };
  if (shape === "square") {
    p = document.createElementNS(SVG, "rect");
    p.setAttribute("x", "2"); p.setAttribute("y", "2");
    p.setAttribute("width", "12"); p.setAttribute("height", "12");
  } else if (poly[shape]) {
    p = document.createElementNS(SVG, "polygon");
    p.setAttribute("points", poly[shape]);
  } else {
    p = document.createElementNS(SVG, "circle");
    p.setAttribute("cx", "8"); p.setAttribute("cy", "8"); p.setAttribute("r", "6.5");
  }
  p.setAttribute("fill", colour);
  s.appendChild(p);
  return s;
}

/* A line as the network draws it: colour, dash pattern (a list, or none: solid), width,
 * and the arrow head's type at its right end. */
function lineIcon(colour, dashes, width, arrow, faded) {
  var s = svg(40, 12);
  var l = document.createElementNS(SVG, "line");
  l.setAttribute("x1", "1"); l.setAttribute("y1", "6");
  l.setAttribute("x2", arrow ? "31" : "39"); l.setAttribute("y2", "6");
  l.setAttribute("stroke", colour);
  l.setAttribute("stroke-width", String(width || 3));
  if (dashes && dashes.length) { l.setAttribute("stroke-dasharray", dashes.join(",")); }
  if (faded) { l.setAttribute("stroke-opacity", "0.5"); }
  s.appendChild(l);
  if (arrow) { s.appendChild(arrowHead(arrow, colour)); }
  return s;
}

function arrowHead(type, colour) {
  var p;
  if (type === "circle") {
    p = document.createElementNS(SVG, "circle");
    p.setAttribute("cx", "35"); p.setAttribute("cy", "6"); p.setAttribute("r", "4");
  } else if (type === "bar") {
    p = document.createElementNS(SVG, "rect");
    p.setAttribute("x", "31"); p.setAttribute("y", "0");
    p.setAttribute("width", "3"); p.setAttribute("height", "12");
  } else {
    p = document.createElementNS(SVG, "polygon");
    p.setAttribute("points", type === "vee" ? "30,1 39,6 30,11 33,6" : "30,1 39,6 30,11");
  }
  p.setAttribute("fill", colour);
  return p;
}

function buildLegend() {
  var kinds = document.getElementById("mg-legend-kinds");
  data.legend.kinds.forEach(function (k) {
    var li = el("li", null, [shapeIcon(k.shape, k.colour), el("span", null, [k.label]),
      el("span", "mg-count", [k.count])]);
    li.dataset.kind = k.kind;
    kinds.appendChild(li);
  });
  var rels = document.getElementById("mg-legend-relations");
  data.legend.families.forEach(function (f) {
    var li = el("li", "mg-family", [lineIcon(f.colour, f.dashes, f.width, f.arrow),
      el("span", null, [f.label]), el("span", "mg-count", [String(f.count)])]);
    li.dataset.family = f.family;
    li.dataset.total = String(f.count);
    var kinds = data.legend.relations.filter(function (r) { return r.family === f.family; });
    if (kinds.length) {
      var list = el("ul", "mg-legend-kinds-of-family");
      kinds.forEach(function (r) {
        var item = el("li", null, [el("span", null, [r.label]), el("span", "mg-count", [r.count])]);
        item.dataset.relation = r.kind;
        list.appendChild(item);
      });
      li.appendChild(list);
    }
    rels.appendChild(li);
  });
  var lines = document.getElementById("mg-legend-lines");
  lines.appendChild(el("li", null, [lineIcon("#555", null, 3),
    el("span", null, ["full strength: signed, active, operational…, or reported with no stage"])]));
  lines.appendChild(el("li", null, [lineIcon("#555", [6, 8], 3, null, true),
    el("span", null, ["faded, wider gaps: announced, planned, letter of interest… " +
      "(not in place yet)"])]));
  lines.appendChild(el("li", null, [el("span", "mg-badge mg-contested", ["⚠"]),
    el("span", null, ["contested: another source disagrees"])]));
  lines.appendChild(el("li", null, [el("span", "mg-muted", ["size"]),
    el("span", null, ["node size: " + measureLabel(data.meta.primary_measure)])]));
}

function measureLabel(key) {
  var found = data.measures.filter(function (m) { return m.key === key; })[0];
  return found ? found.label : "uniform (no centrality measure)";
}
