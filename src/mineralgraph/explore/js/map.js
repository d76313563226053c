/* The map view: country shapes from the page's own Natural Earth data (no tiles, nothing
 * fetched), one SVG marker per placed entity — sites coloured by stage, states as squares,
 * other actors small and grey — and relations as arcs coloured by the bloc backing their
 * subject. Entities that share one point (a country's centroid) are fanned out around it;
 * approximate points are drawn hollow-edged and said so in the panel. The same filters,
 * search and side panel as the network view. */

var MAP_W = 1000;
var MAP_H = 500;
var geo = data.geo || { countries: [], places: {}, stages: [], blocs: {} };
var mapBuilt = false;
var mapMarkers = {};
var mapArcs = {};
var mapSelected = null;
var mapBox = { x: 0, y: 0, w: MAP_W, h: MAP_H };
var stageColour = {};
geo.stages.forEach(function (s) { stageColour[s.stage] = s.colour; });

function project(lon, lat) {
  return [(lon + 180) / 360 * MAP_W, (90 - lat) / 180 * MAP_H];
}

function svgNode(tag, attrs) {
  var node = document.createElementNS(SVG, tag);
  Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
  return node;
}

function geometryPath(geometry) {
  var polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polys.map(function (poly) {
    return poly.map(function (ring) {
      return ring.map(function (pt, i) {
        var xy = project(pt[0], pt[1]);
        return (i ? "L" : "M") + xy[0].toFixed(1) + "," + xy[1].toFixed(1);
      }).join("") + "Z";
    }).join("");
  }).join("");
}

/* Screen points: entities at one point are placed on a small spiral around it (sites first,
 * nearest the point). Only the drawing moves; the panel gives the real point. */
function markerPoints() {
  var taken = {};
  var out = {};
  Object.keys(geo.places).filter(function (id) { return entities[id]; }).sort(function (a, b) {
    var sa = entities[a].category === "site" ? 0 : 1;
    var sb = entities[b].category === "site" ? 0 : 1;
    return sa - sb || (a < b ? -1 : a > b ? 1 : 0);
  }).forEach(function (id) {
    var p = geo.places[id];
    var xy = project(p.lon, p.lat);
    var key = xy[0].toFixed(1) + "," + xy[1].toFixed(1);
    var k = taken[key] || 0;
    taken[key] = k + 1;
    var r = k ? 4 * Math.sqrt(k) : 0;
    out[id] = [xy[0] + r * Math.cos(k * 2.39996), xy[1] + r * Math.sin(k * 2.39996)];
  });
  return out;
}

function markerFor(id, xy) {
  var e = entities[id];
  var p = geo.places[id];
  var node;
  if (e.kind === "state") {
    node = svgNode("rect", { x: (xy[0] - 3).toFixed(2), y: (xy[1] - 3).toFixed(2), width: 6,
      height: 6, fill: "#ffffff", stroke: "#24292f", "stroke-width": 1.2 });
  } else if (e.category === "site") {
    node = svgNode("circle", { cx: xy[0].toFixed(2), cy: xy[1].toFixed(2), r: 3.4,
      fill: stageColour[e.stage || ""] || stageColour[""], stroke: "#1f2328",
      "stroke-width": p.precision === "exact" ? 1 : 0.6 });
  } else {
    node = svgNode("circle", { cx: xy[0].toFixed(2), cy: xy[1].toFixed(2), r: 2,
      fill: "#8c959f", stroke: "#ffffff", "stroke-width": 0.4 });
  }
  node.setAttribute("class", "mg-marker" + (p.precision === "exact" ? "" : " mg-approx"));
  node.dataset.id = id;
  var tip = svgNode("title", {});
  tip.textContent = e.label + " — " + e.kind_label + (p.precision === "exact" ? "" :
    " (placed at " + name(p.via || "") + "'s centroid: approximate)");
  node.appendChild(tip);
  return node;
}

function arcFor(id, a, b) {
  var r = relations[id];
  var subject = entities[r.subject];
  var bloc = subject && subject.blocs.length ? subject.blocs[0] : "";
  var dx = b[0] - a[0];
  var dy = b[1] - a[1];
  var cx = (a[0] + b[0]) / 2 - dy * 0.25;
  var cy = (a[1] + b[1]) / 2 + dx * 0.25;
  var path = svgNode("path", {
    d: "M" + a[0].toFixed(1) + "," + a[1].toFixed(1) + "Q" + cx.toFixed(1) + "," +
      cy.toFixed(1) + " " + b[0].toFixed(1) + "," + b[1].toFixed(1),
    fill: "none", stroke: geo.blocs[bloc] || geo.no_bloc, "stroke-width": 1.1,
    "stroke-opacity": 0.7 });
  if (r.tentative) { path.setAttribute("stroke-dasharray", "3,2"); }
  path.setAttribute("class", "mg-arc");
  path.dataset.relation = id;
  var tip = svgNode("title", {});
  tip.textContent = name(r.subject) + " — " + r.label + " → " + name(r.object);
  path.appendChild(tip);
  return path;
}

function mapLegend() {
  var note = document.getElementById("mg-map-note");
  clear(note);
  var placed = Object.keys(geo.places).filter(function (id) { return entities[id]; });
  var approx = placed.filter(function (id) { return geo.places[id].precision === "approximate"; });
  note.appendChild(el("span", null, [placed.length + " of " + Object.keys(entities).length +
    " entities on the map (states as squares); " + approx.length + " placed at their " +
    "country's centroid (approximate, fanned out around it); " + Object.keys(mapArcs).length +
    " relations between placed entities drawn as arcs. "]));
  geo.stages.forEach(function (s) {
    note.appendChild(el("span", "mg-map-key", [shapeIcon("dot", s.colour), s.label]));
  });
  Object.keys(geo.blocs).sort().forEach(function (b) {
    note.appendChild(el("span", "mg-map-key", [lineIcon(geo.blocs[b], false), "backed by " + b]));
  });
  note.appendChild(el("span", "mg-map-key", [geo.credit || ""]));
}

function buildMap() {
  var svgRoot = document.getElementById("mg-map-svg");
  svgRoot.setAttribute("viewBox", "0 0 " + MAP_W + " " + MAP_H);
  var land = svgNode("g", { fill: "#eef1f4", stroke: "#afb8c1", "stroke-width": 0.4 });
  geo.countries.forEach(function (c) {
    var path = svgNode("path", { d: geometryPath(c.geometry) });
    path.dataset.country = c.id;
    var tip = svgNode("title", {});
    tip.textContent = c.name;
    path.appendChild(tip);
    land.appendChild(path);
  });
  var points = markerPoints();
  var arcs = svgNode("g", {});
  edges.forEach(function (edge) {
    var r = relations[edge.id];
    if (!r || !points[r.subject] || !points[r.object]) { return; }
    mapArcs[edge.id] = arcFor(edge.id, points[r.subject], points[r.object]);
    arcs.appendChild(mapArcs[edge.id]);
  });
  var markers = svgNode("g", {});
  Object.keys(points).forEach(function (id) {
    mapMarkers[id] = markerFor(id, points[id]);
    markers.appendChild(mapMarkers[id]);
  });
  svgRoot.appendChild(land);
  svgRoot.appendChild(arcs);
  svgRoot.appendChild(markers);
  svgRoot.addEventListener("click", function (ev) {
    var hit = ev.target.closest ? ev.target.closest("[data-id],[data-relation]") : null;
    if (hit && hit.dataset.id) { mapSelect(hit.dataset.id); }
    else if (hit && hit.dataset.relation) { showRelation(hit.dataset.relation); }
    else { showOverview(); }
  });
  panZoom(svgRoot);
  mapLegend();
  mapBuilt = true;
  mapApplyFilters();
}

function setBox(svgRoot) {
  svgRoot.setAttribute("viewBox", [mapBox.x, mapBox.y, mapBox.w, mapBox.h].map(function (v) {
    return v.toFixed(2);
  }).join(" "));
}

function panZoom(svgRoot) {
  svgRoot.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var rect = svgRoot.getBoundingClientRect();
    var fx = (ev.clientX - rect.left) / rect.width;
    var fy = (ev.clientY - rect.top) / rect.height;
    var k = ev.deltaY < 0 ? 0.8 : 1.25;
    var w = Math.min(MAP_W, Math.max(20, mapBox.w * k));
    var h = w * MAP_H / MAP_W;
    mapBox = { x: mapBox.x + (mapBox.w - w) * fx, y: mapBox.y + (mapBox.h - h) * fy, w: w, h: h };
    setBox(svgRoot);
  }, { passive: false });
  var drag = null;
  svgRoot.addEventListener("pointerdown", function (ev) {
    drag = { x: ev.clientX, y: ev.clientY, box: Object.assign({}, mapBox) };
  });
  window.addEventListener("pointerup", function () { drag = null; });
  svgRoot.addEventListener("pointermove", function (ev) {
    if (!drag) { return; }
    var rect = svgRoot.getBoundingClientRect();
    mapBox.x = drag.box.x - (ev.clientX - drag.x) * mapBox.w / rect.width;
    mapBox.y = drag.box.y - (ev.clientY - drag.y) * mapBox.h / rect.height;
    setBox(svgRoot);
  });
}

function mapApplyFilters() {
  if (!mapBuilt) { return; }
  var shown = new Set();
  Object.keys(mapMarkers).forEach(function (id) {
    var visible = nodeShown(id);
    if (visible) { shown.add(id); }
    mapMarkers[id].style.display = visible ? "" : "none";
  });
  Object.keys(mapArcs).forEach(function (id) {
    var r = relations[id];
    var visible = edgeShown({ id: id, from: r.subject, to: r.object }, shown) && timeShown(r);
    mapArcs[id].style.display = visible ? "" : "none";
  });
}

function mapSelect(id) {
  if (mapSelected && mapMarkers[mapSelected]) {
    mapMarkers[mapSelected].classList.remove("mg-selected");
  }
  mapSelected = id;
  if (mapMarkers[id]) { mapMarkers[id].classList.add("mg-selected"); }
  showEntity(id);
  return Boolean(mapMarkers[id]);
}

function mapVisibleIds() {
  return Object.keys(mapMarkers).filter(function (id) {
    return mapMarkers[id].style.display !== "none";
  }).sort();
}
