/* Filters by kind, country, bloc, relation family and kind, and status (and date: see
 * time.js). After a change the view fits what remains and the counts follow. */

/* ---------- filters ---------- */

var hidden = { kind: new Set(), country: new Set(), bloc: new Set(), family: new Set(),
  relation: new Set(), status: new Set() };
/* The most a fit zooms in (one or two entities left must not fill the screen). */
var FIT_MAX_SCALE = 1.5;

function filterGroups() {
  var groups = [
    ["kind", "Entity kind", data.legend.kinds.map(function (k) {
      return { value: k.kind, label: k.label, count: k.count };
    })],
    ["country", "Country", data.filters.countries],
    ["bloc", "Bloc (backed by)", data.filters.blocs],
    ["family", "Relation family", data.legend.families.filter(function (f) {
      return f.count > 0;
    }).map(function (f) {
      return { value: f.family, label: f.label, count: f.count };
    })],
    ["relation", "Relation", data.legend.relations.map(function (r) {
      return { value: r.kind, label: r.label, count: r.count };
    })],
    ["status", "Status", data.filters.statuses.map(function (s) {
      return { value: s.value, label: s.label + (s.tentative ? " (tentative)" : ""),
        count: s.count };
    })]
  ];
  return groups.filter(function (g) { return g[2].length > 0; });
}

function buildFilters() {
  var box = document.getElementById("mg-filter-groups");
  filterGroups().forEach(function (group) {
    var key = group[0];
    var details = el("details");
    details.open = key === "kind" || key === "family" || key === "status";
    details.dataset.group = key;
    details.appendChild(el("summary", null, [group[1] + " (" + group[2].length + ")"]));
    var all = el("button", null, ["all"]);
    var none = el("button", null, ["none"]);
    all.type = none.type = "button";
    var buttons = el("div", "mg-group-buttons", [all, none]);
    if (key === "status") {
      var committed = el("button", null, ["committed only"]);
      committed.type = "button";
      committed.title = "hide prospective relations (announced, planned, letters of interest…)";
      committed.addEventListener("click", function () {
        data.filters.statuses.forEach(function (st) {
          if (st.tentative) { hidden.status.add(st.value); } else { hidden.status.delete(st.value); }
        });
        checkboxes("status").forEach(function (b) { b.checked = !hidden.status.has(b.dataset.value); });
        applyFilters();
      });
      buttons.appendChild(committed);
    }
    details.appendChild(buttons);
    var opts = el("div", "mg-options");
    group[2].forEach(function (o) {
      var box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.dataset.group = key;
      box.dataset.value = o.value;
      box.addEventListener("change", function () {
        setFilter(key, o.value, box.checked);
      });
      opts.appendChild(el("label", null, [box, el("span", null, [o.label]),
        el("span", "mg-count", [o.count])]));
    });
    details.appendChild(opts);
    all.addEventListener("click", function () { setGroup(key, true); });
    none.addEventListener("click", function () { setGroup(key, false); });
    box.appendChild(details);
  });
  document.getElementById("mg-reset").addEventListener("click", function () {
    Object.keys(hidden).forEach(function (k) { setGroup(k, true); });
  });
}

function checkboxes(group) {
  return Array.prototype.slice.call(
    document.querySelectorAll("#mg-filter-groups input[type=checkbox]"))
    .filter(function (b) { return b.dataset.group === group; });
}

function setGroup(group, shown) {
  checkboxes(group).forEach(function (b) {
    b.checked = shown;
    if (shown) { hidden[group].delete(b.dataset.value); } else { hidden[group].add(b.dataset.value); }
  });
  applyFilters();
}

function setFilter(group, value, shown) {
  if (!hidden[group]) { throw new Error("no filter group " + group); }
  if (shown) { hidden[group].delete(value); } else { hidden[group].add(value); }
  checkboxes(group).forEach(function (b) {
    if (b.dataset.value === value) { b.checked = shown; }
  });
  applyFilters();
}

function nodeShown(id) {
  var e = entities[id];
  if (!e) { return true; }
  if (hidden.kind.has(e.kind) || hidden.country.has(e.country || "")) { return false; }
  if (e.blocs.length === 0) { return !hidden.bloc.has(""); }
  return e.blocs.some(function (b) { return !hidden.bloc.has(b); });
}

function edgeShown(edge, shownNodes) {
  var r = relations[edge.id];
  return shownNodes.has(edge.from) && shownNodes.has(edge.to) &&
    !hidden.family.has(r.family) && !hidden.relation.has(r.kind) &&
    !hidden.status.has(r.status || "reported") && timeShown(r);
}

/* Apply the filters to what is brought in; ``opts.fit === false`` keeps the view still. */
function applyFilters(opts) {
  var shown = new Set();
  var nodeChanges = [];
  var total = 0;
  nodes.forEach(function (n) {
    if (isCluster(n.id)) { return; }
    total += 1;
    var visible = revealed.has(n.id) && nodeShown(n.id);
    if (visible) { shown.add(n.id); }
    if (Boolean(n.hidden) === visible) { nodeChanges.push({ id: n.id, hidden: !visible }); }
  });
  var edgeChanges = [];
  var drawn = 0;
  var perFamily = {};
  edges.forEach(function (e) {
    var visible = edgeShown(e, shown);
    if (visible) {
      drawn += 1;
      var f = relations[e.id].family;
      perFamily[f] = (perFamily[f] || 0) + 1;
    }
    if (Boolean(e.hidden) === visible) { edgeChanges.push({ id: e.id, hidden: !visible }); }
  });
  if (nodeChanges.length) { nodes.update(nodeChanges); }
  if (edgeChanges.length) { edges.update(edgeChanges); }
  nodes.update(clusterUpdates());
  mapApplyFilters();
  showCounts(shown.size, total, drawn, edges.length, perFamily);
  if (!opts || opts.fit !== false) { fitVisible(); }
}

function showCounts(shownNodes, totalNodes, shownEdges, totalEdges, perFamily) {
  var text = shownNodes.toLocaleString("en-GB") + " of " + totalNodes.toLocaleString("en-GB") +
    " entities, " + shownEdges.toLocaleString("en-GB") + " of " +
    totalEdges.toLocaleString("en-GB") + " relations shown";
  document.getElementById("mg-counts").textContent = text;
  document.getElementById("mg-filters-title").textContent =
    "Filters — showing " + shownNodes + " of " + totalNodes + " entities";
  document.querySelectorAll("#mg-legend-relations li[data-family]").forEach(function (li) {
    var count = li.querySelector(".mg-count");
    count.textContent = (perFamily[li.dataset.family] || 0) + " / " + li.dataset.total;
  });
  api.counts = { nodes: shownNodes, totalNodes: totalNodes, edges: shownEdges,
    totalEdges: totalEdges, families: perFamily };
}

/* Zoom to what is drawn (not closer than FIT_MAX_SCALE). */
function fitVisible() {
  if (!network || currentView !== "network") { return; }
  var ids = nodes.getIds({ filter: function (n) { return !n.hidden; } });
  if (!ids.length) { return; }
  forgetLabels();
  network.fit({ nodes: ids, animation: false });
  if (network.getScale() > FIT_MAX_SCALE) {
    network.moveTo({ scale: FIT_MAX_SCALE, animation: false });
  }
  api.fits = (api.fits || 0) + 1;
}

/* The first view: if fitting made the smallest label drawn smaller than READABLE_PX, zoom
 * in on the middle until it is not (what falls outside is a drag away). */
var READABLE_PX = 10.5;

function keepReadable() {
  var ids = nodes.getIds({ filter: function (n) { return !n.hidden; } });
  var smallest = Math.min.apply(null, ids.map(function (id) {
    return network.body.nodes[id].options.font.size;
  }));
  if (ids.length && network.getScale() * smallest < READABLE_PX) {
    network.moveTo({ scale: READABLE_PX / smallest, animation: false });
  }
}

function visibleNodeIds() {
  return nodes.get({ filter: function (n) { return !n.hidden && !isCluster(n.id); } })
    .map(function (n) { return n.id; }).sort();
}
