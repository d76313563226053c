/* The first view and what a click brings in. The page holds every entity, but the network
 * opens on a few (data.start: the most central, or a focus and its neighbours) and gathers the
 * rest in clusters; a click on a cluster brings in its next most central members, a double
 * click on an entity its neighbours, "Show everything" the whole graph in its full layout
 * (on a large page the grouped one of overview.js).
 * An entity is drawn when it is brought in (revealed) and no filter hides it. */

var CLUSTER_PREFIX = "mg-cluster:";
var revealed = new Set();
var clusters = {};        // cluster node id -> { label, left: [entity ids not yet brought in] }
var clusterOfEntity = {}; // entity id -> cluster node id
var fullPositions = {};   // entity id -> [x, y] of the full layout
var showingAll = false;

function isCluster(id) {
  return typeof id === "string" && id.indexOf(CLUSTER_PREFIX) === 0;
}

function entityIds() {
  return nodes.getIds().filter(function (id) { return !isCluster(id); });
}

function clusterNode(id, c, x, y) {
  return { id: id, label: c.label, shape: "box", x: x, y: y, hidden: false,
    color: { background: "#f2f2f2", border: "#6e7781",
      highlight: { background: "#e6e6e6", border: "#000000" } },
    borderWidth: 1, shapeProperties: { borderDashes: [4, 3], borderRadius: 6 },
    font: { size: 15, color: "#1f2328", multi: false }, margin: 8,
    title: undefined };
}

/* Back to the first view: its entities at their first-view positions, the clusters full. */
function startView() {
  showingAll = false;
  setOverview(false);
  revealed = new Set(data.start.nodes);
  var moves = [];
  var pos = data.start.positions;
  Object.keys(pos).forEach(function (id) { moves.push({ id: id, x: pos[id][0], y: pos[id][1] }); });
  if (moves.length) { nodes.update(moves); }
  nodes.remove(Object.keys(clusters));
  clusters = {};
  clusterOfEntity = {};
  var added = [];
  data.start.clusters.forEach(function (c) {
    var id = CLUSTER_PREFIX + c.key;
    clusters[id] = { label: c.label, left: c.members.slice() };
    c.members.forEach(function (m) { clusterOfEntity[m] = id; });
    added.push(clusterNode(id, c, c.x, c.y));
  });
  nodes.add(added);
  applyFilters();
}

/* Every entity, where the full layout puts it; no cluster left. */
function showAll() {
  showingAll = true;
  setOverview(true);
  revealed = new Set(entityIds());
  nodes.remove(Object.keys(clusters));
  clusters = {};
  clusterOfEntity = {};
  // positions and visibility in one update (each update of thousands of nodes costs)
  nodes.update(entityIds().map(function (id) {
    return { id: id, x: fullPositions[id][0], y: fullPositions[id][1], hidden: !nodeShown(id) };
  }));
  applyFilters();
}

function currentPosition(id) {
  if (network && network.body.nodes[id]) { return network.getPosition(id); }
  var n = nodes.get(id);
  return { x: n.x, y: n.y };
}

/* A spot near ``anchor`` clear of the label boxes of what is drawn (rings of growing radius). */
function freeSpot(anchor, taken) {
  for (var ring = 1; ring <= 40; ring += 1) {
    var radius = 95 * ring;
    var steps = 6 * ring;
    for (var i = 0; i < steps; i += 1) {
      var angle = (i / steps) * 2 * Math.PI + ring * 0.5;
      var x = anchor.x + radius * 1.6 * Math.cos(angle);
      var y = anchor.y + radius * Math.sin(angle);
      var clear = taken.every(function (p) {
        var dx = (p.x - x) / 190;
        var dy = (p.y - y) / 85;
        return dx * dx + dy * dy >= 1;
      });
      if (clear) { return { x: x, y: y }; }
    }
  }
  return { x: anchor.x, y: anchor.y };
}

function drawnPositions() {
  return nodes.getIds({ filter: function (n) { return !n.hidden; } }).map(currentPosition);
}

/* Height of an entity with its (wrapped) label under it, in canvas pixels. */
function nodeHeight(id) {
  var n = nodes.get(id);
  return 2 * n.size + 1.25 * n.font.size * String(n.label).split("\n").length + 16;
}

/* Spots for ``ids`` in a block of rows under everything drawn, centred on ``x``: a
 * cluster's members read as one group, apart from the first view. */
function blockBelow(ids, x) {
  var drawn = drawnPositions();
  var y = Math.max.apply(null, drawn.map(function (p) { return p.y; })) + 120;
  var columns = Math.min(ids.length, 4);
  var spots = [];
  for (var row = 0; row * columns < ids.length; row += 1) {
    var members = ids.slice(row * columns, (row + 1) * columns);
    var tall = Math.max.apply(null, members.map(nodeHeight));
    members.forEach(function (id, col) {
      spots.push({ x: x + (col - (columns - 1) / 2) * 200, y: y + (col % 2) * 14 });
    });
    y += tall + 14;
  }
  return spots;
}

/* Bring ``ids`` in around ``anchor`` (a position), or at ``spots`` when given; returns the
 * ones that were new. */
function reveal(ids, anchor, spots) {
  var fresh = ids.filter(function (id) { return entities[id] && !revealed.has(id); });
  if (!fresh.length) { return []; }
  var taken = drawnPositions();
  var moves = fresh.map(function (id, i) {
    var spot = spots && spots[i] ? spots[i] : freeSpot(anchor, taken);
    taken.push(spot);
    revealed.add(id);
    var home = clusterOfEntity[id];
    if (home && clusters[home]) {
      clusters[home].left = clusters[home].left.filter(function (m) { return m !== id; });
    }
    delete clusterOfEntity[id];
    return { id: id, x: spot.x, y: spot.y };
  });
  nodes.update(moves);
  return fresh;
}

/* A click on a cluster: its next most central members that no filter hides. */
function expandCluster(id, fit) {
  var c = clusters[id];
  if (!c) { return []; }
  var batch = c.left.filter(nodeShown).slice(0, data.start.batch);
  var at = currentPosition(id);
  var fresh = reveal(batch, at, blockBelow(batch, at.x));
  applyFilters({ fit: fit !== false });
  return fresh;
}

function hiddenNeighbours(id) {
  var e = entities[id];
  var out = [];
  e.out.concat(e["in"]).forEach(function (r) {
    var rel = relations[r];
    if (!rel) { return; }
    var other = rel.from === id ? rel.to : rel.from;
    if (entities[other] && !revealed.has(other) && out.indexOf(other) < 0) { out.push(other); }
  });
  return out.sort(function (a, b) { return (rankOf(a) - rankOf(b)) || (a < b ? -1 : 1); });
}

function rankOf(id) {
  var s = entities[id].scores[data.meta.primary_measure];
  return s && s.rank ? s.rank : Infinity;
}

/* A double click on an entity (or its panel's button): its neighbours come in around it. */
function revealNeighbours(id, fit) {
  if (!entities[id]) { return []; }
  if (!revealed.has(id)) { bringIn(id); }
  var fresh = reveal(hiddenNeighbours(id), currentPosition(id));
  applyFilters({ fit: fit !== false });
  return fresh;
}

/* Make sure ``id`` is drawn (a search or a link may name one not brought in yet): it comes
 * in next to a neighbour already drawn, else in the middle of the view. */
function bringIn(id) {
  if (!entities[id] || revealed.has(id)) { return false; }
  var near = null;
  entities[id].out.concat(entities[id]["in"]).some(function (r) {
    var rel = relations[r];
    var other = rel && (rel.from === id ? rel.to : rel.from);
    if (other && revealed.has(other)) { near = currentPosition(other); }
    return near !== null;
  });
  if (!near) {
    near = network ? network.getViewPosition() : currentPosition(id);
  }
  reveal([id], near);
  applyFilters({ fit: false });
  return true;
}

/* Clusters: drawn while they hold a member no filter hides; the label gives how many. */
function clusterUpdates() {
  return Object.keys(clusters).map(function (id) {
    var c = clusters[id];
    var waiting = c.left.filter(nodeShown).length;
    return { id: id, hidden: waiting === 0,
      label: c.label + "\n+" + waiting.toLocaleString("en-GB") + " more" };
  });
}

function revealState() {
  return { revealed: Array.from(revealed).sort(), showingAll: showingAll,
    clusters: Object.keys(clusters).sort().map(function (id) {
      return { id: id, label: clusters[id].label, left: clusters[id].left.length };
    }) };
}

function buildViewControls() {
  document.getElementById("mg-first-view").addEventListener("click", function () {
    startView();
    fitVisible();
    refreshOverview();
  });
  document.getElementById("mg-show-all").addEventListener("click", function () {
    showAll();
    fitVisible();
    refreshOverview();
  });
}

/* The panel's overview counts what is drawn: it follows a change of view. */
function refreshOverview() {
  if (!panel.dataset.entity && !panel.dataset.relation) { showOverview(); }
}

function initReveal() {
  nodes.forEach(function (n) { fullPositions[n.id] = [n.x, n.y]; });
  nodes.update(entityIds().map(function (id) { return { id: id, hidden: true }; }));
  buildViewControls();
}
