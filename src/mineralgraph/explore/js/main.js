/* Selection, the network view, the switch between views, and start. */

/* ---------- selection ---------- */

var network;
var currentView = "network";

function select(id) {
  if (!entities[id]) { return false; }
  if (currentView === "map") { mapSelect(id); return true; }
  bringIn(id);
  network.selectNodes([id]);
  network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
  showEntity(id);
  return true;
}

function selectRelation(id) {
  if (!relations[id]) { return false; }
  if (!network) {
    showRelation(id);
    return true;
  }
  if (edges.get(id)) { network.selectEdges([id]); } else { network.unselectAll(); }
  showRelation(id);
  return true;
}

/* The page's two views share filters, search and panel; the map is drawn when first shown. */
function showView(view) {
  if (view !== "map" && view !== "network") { throw new Error("no view " + view); }
  currentView = view;
  document.getElementById("mg-network").hidden = view !== "network";
  document.getElementById("mg-map").hidden = view !== "map";
  ["network", "map"].forEach(function (v) {
    document.getElementById("mg-view-" + v).setAttribute("aria-pressed", String(v === view));
  });
  if (view === "map" && !mapBuilt) {
    var started = window.performance.now();
    buildMap();
    api.mapBuildMs = window.performance.now() - started;
    window.requestAnimationFrame(function () {
      api.mapDrawn = true;
      document.documentElement.dataset.mgMap = "drawn";
    });
  }
  if (view === "network") {
    var existed = Boolean(network);
    startNetwork().redraw();
    if (existed) { fitVisible(); }  // filters changed on the map: fit what remains
  }
  return view;
}

/* ---------- start ---------- */

edges.update(edges.get().map(function (e) {
  return { id: e.id, baseWidth: e.width, baseOpacity: e.color.opacity };
}));
initReveal();
prepareOverview();
buildLegend();
buildFilters();
buildTimeControl();
if (data.meta.open_all && overviewAvailable()) { showAll(); } else { startView(); }
["network", "map"].forEach(function (v) {
  document.getElementById("mg-view-" + v).addEventListener("click", function () { showView(v); });
});
document.getElementById("mg-subtitle").textContent = data.meta.subtitle || "";

/* The network is drawn when first shown: a page opened on the map does not wait for it. */
function startNetwork() {
  if (network) { return network; }
  network = new vis.Network(document.getElementById("mg-network"),
    { nodes: nodes, edges: edges }, options);
  network.on("click", function (params) {
    if (params.nodes.length && isCluster(params.nodes[0])) { expandCluster(params.nodes[0]); }
    else if (params.nodes.length) { showEntity(params.nodes[0]); }
    else if (zoomToGroup(params.pointer.DOM)) { return; }
    else if (params.edges.length) { showRelation(params.edges[0]); }
    else { showOverview(); }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length && !isCluster(params.nodes[0])) {
      revealNeighbours(params.nodes[0]);
      showEntity(params.nodes[0]);
    }
  });
  network.once("afterDrawing", function () {
    api.ready = true;
    document.documentElement.dataset.mgReady = "true";
  });
  api.network = network;
  initOverview(network);
  fitVisible();
  if (!lod.on) { keepReadable(); }
  if (data.meta.focus && entities[data.meta.focus]) { network.selectNodes([data.meta.focus]); }
  network.redraw();
  return network;
}

Object.assign(api, {
  network: null, nodes: nodes, edges: edges, data: data,
  select: select, selectRelation: selectRelation, search: search,
  selected: function () { return network ? network.getSelectedNodes() : []; },
  visibleNodeIds: visibleNodeIds, setFilter: setFilter, highlightPath: highlightPath,
  showView: showView, view: function () { return currentView; }, mapVisibleIds: mapVisibleIds,
  setTimeDay: setTimeDay, showTimeline: showTimeline, mapDrawn: false,
  startView: startView, showAll: showAll, expandCluster: expandCluster,
  revealNeighbours: revealNeighbours, revealState: revealState, fitVisible: fitVisible,
  labelBoxes: labelBoxes, overviewOn: function () { return lod.on; }
});

if (data.path) { highlightPath(true); }
if (data.meta.focus && entities[data.meta.focus]) {
  showEntity(data.meta.focus);
} else {
  showOverview();
}
showView(data.meta.view === "map" ? "map" : "network");
