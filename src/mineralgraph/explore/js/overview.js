/* "Show everything" on a large page: every entity at the position of the grouped layout
 * computed when the page was written (data.overview: Louvain communities, each drawn on its
 * own), physics off. Labels are drawn here, not by vis-network, by level of detail: on every
 * drawing, the most central entities on screen first, each label only where it clears the
 * ones already placed, at a fixed screen size (never under LOD_MIN_PX) — zooming in makes room
 * for more. Pointing at or selecting an entity lights up its neighbourhood and names it; a
 * click on a group's heading zooms to the group. */

var LOD_MIN_PX = 11;
var LOD_MAX_PX = 14;
var LOD_HEADING_PX = 13;
var LOD_CHARS = 34;
var lod = { on: false, order: [], fontPx: {}, widths: {}, drawn: [], hovered: null,
  previous: null };

function overviewAvailable() {
  return Boolean(data.overview && data.overview.groups);
}

/* Entities most central first, and each one's label size (bigger for the more central). */
function prepareOverview() {
  var measure = data.meta.primary_measure;
  lod.order = Object.keys(entities).sort(function (a, b) {
    return (rankOf(a) - rankOf(b)) || (a < b ? -1 : 1);
  });
  var top = lod.order.length ? scoreOf(lod.order[0], measure) : 0;
  lod.order.forEach(function (id) {
    var share = top > 0 ? Math.sqrt(scoreOf(id, measure) / top) : 0;
    lod.fontPx[id] = Math.round(LOD_MIN_PX + (LOD_MAX_PX - LOD_MIN_PX) * share);
  });
}

function scoreOf(id, measure) {
  var s = entities[id].scores[measure];
  return s ? Math.max(s.value, 0) : 0;
}

function shortText(text) {
  return text.length > LOD_CHARS ? text.slice(0, LOD_CHARS - 1).trim() + "…" : text;
}

/* vis-network's own labels are off while the overview draws them (a threshold no label
 * reaches); hovering is on, to light up a neighbourhood. */
function setOverview(on) {
  lod.on = on && overviewAvailable();
  lod.previous = null;
  lod.hovered = null;
  var threshold = lod.on ? 1e6 : 5;
  options.nodes.scaling.label.drawThreshold = threshold;
  options.interaction.hover = lod.on || !data.meta.large;
  if (network) {
    network.setOptions({ nodes: { scaling: { label: { drawThreshold: threshold } } },
      interaction: { hover: options.interaction.hover } });
  }
}

/* The entity lit up (pointed at, else selected) and its neighbours over drawn relations. */
function litNeighbourhood() {
  var id = lod.hovered || network.getSelectedNodes()[0];
  if (!id || !entities[id] || !network.body.nodes[id] || nodes.get(id).hidden) { return null; }
  var near = { id: id, nodes: [id], edges: [] };
  entities[id].out.concat(entities[id]["in"]).forEach(function (r) {
    var e = network.body.edges[r];
    if (!e || e.options.hidden || !relations[r]) { return; }
    near.edges.push(r);
    var other = relations[r].from === id ? relations[r].to : relations[r].from;
    if (near.nodes.indexOf(other) < 0) { near.nodes.push(other); }
  });
  return near;
}

/* Dim everything, then draw the neighbourhood again on top with vis-network's own drawing
 * (the context comes in canvas coordinates). */
function drawNeighbourhood(ctx, near) {
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = "rgba(255, 255, 255, 0.72)";
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.restore();
  near.edges.forEach(function (r) {
    network.body.edges[r].draw(ctx);
    network.body.edges[r].drawArrows(ctx);
  });
  near.nodes.forEach(function (id) { network.body.nodes[id].draw(ctx); });
}

/* Place labels greedily (lit entities, a highlighted path, headings of groups, then by
 * centrality: those drawn last time first) in screen pixels, each only where it overlaps no
 * label placed before; returns the boxes. */
function planLabels(ctx, near) {
  var view = network.body.view;
  var width = ctx.canvas.clientWidth, height = ctx.canvas.clientHeight;
  var grid = {};
  var cell = 64;
  var placed = [];
  function free(box) {
    for (var gx = Math.floor(box[0] / cell); gx <= Math.floor(box[2] / cell); gx += 1) {
      for (var gy = Math.floor(box[1] / cell); gy <= Math.floor(box[3] / cell); gy += 1) {
        var there = grid[gx + ":" + gy] || [];
        for (var i = 0; i < there.length; i += 1) {
          var b = there[i];
          if (box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3]) { return false; }
        }
      }
    }
    return true;
  }
  function fits(box) {
    // a label cut by the canvas's edge is not drawn (it could not be read)
    return box[0] >= 0 && box[1] >= 0 && box[2] <= width && box[3] <= height && free(box);
  }
  /* An entity's label goes below its symbol, else above, right or left: the first that fits. */
  function take(item) {
    var spots = item.spots || [item.box];
    var box = null;
    for (var i = 0; i < spots.length && !box; i += 1) { if (fits(spots[i])) { box = spots[i]; } }
    if (!box) { return; }
    item.box = box;
    for (var gx = Math.floor(box[0] / cell); gx <= Math.floor(box[2] / cell); gx += 1) {
      for (var gy = Math.floor(box[1] / cell); gy <= Math.floor(box[3] / cell); gy += 1) {
        (grid[gx + ":" + gy] = grid[gx + ":" + gy] || []).push(box);
      }
    }
    placed.push(item);
  }
  function entityLabel(id) {
    var n = network.body.nodes[id];
    if (!n || n.options.hidden) { return null; }
    var px = lod.fontPx[id];
    var text = shortText(entities[id].label);
    var key = px + "|" + id;
    if (lod.widths[key] === undefined) {
      ctx.font = px + "px system-ui, sans-serif";
      lod.widths[key] = ctx.measureText(text).width;
    }
    var x = n.x * view.scale + view.translation.x;
    var y = n.y * view.scale + view.translation.y;
    var r = n.options.size * view.scale;
    var w = lod.widths[key] + 4, h = Math.ceil(px * 1.25);
    return { id: id, text: text, px: px, bold: false, spots: [
      [x - w / 2, y + r + 2, x + w / 2, y + r + 2 + h],
      [x - w / 2, y - r - 2 - h, x + w / 2, y - r - 2],
      [x + r + 3, y - h / 2, x + r + 3 + w, y + h / 2],
      [x - r - 3 - w, y - h / 2, x - r - 3, y + h / 2]] };
  }
  if (near) {
    near.nodes.forEach(function (id) {
      var l = entityLabel(id);
      if (l) { l.lit = true; take(l); }
    });
  }
  // a highlighted path (--path) is named before the rest
  var first = highlighted && data.path ? data.path.nodes : [];
  first.forEach(function (id) {
    var l = entities[id] && !(near && near.nodes.indexOf(id) >= 0) ? entityLabel(id) : null;
    if (l) { take(l); }
  });
  if (!near) {
    ctx.font = "bold " + LOD_HEADING_PX + "px system-ui, sans-serif";
    data.overview.groups.forEach(function (g) {
      var text = shortText(g.label) + " · " + g.size;
      var x = g.box[0] * view.scale + view.translation.x;
      var y = g.box[1] * view.scale + view.translation.y;
      take({ id: "group:" + g.key, text: text, px: LOD_HEADING_PX, bold: true, heading: true,
        box: [x, y, x + ctx.measureText(text).width + 4, y + Math.ceil(LOD_HEADING_PX * 1.25)] });
    });
  }
  // the names drawn last time keep their place while they fit (zooming in or panning
  // never takes a name away), then the others, most central first
  var before = lod.previous || {};
  [true, false].forEach(function (kept) {
    lod.order.forEach(function (id) {
      if (Boolean(before[id]) !== kept || (near && near.nodes.indexOf(id) >= 0) ||
          first.indexOf(id) >= 0) { return; }
      var l = entityLabel(id);
      if (l) { take(l); }
    });
  });
  if (!near) {
    lod.previous = {};
    placed.forEach(function (l) { lod.previous[l.id] = true; });
  }
  return placed;
}

function drawLabels(ctx) {
  if (!lod.on || currentView !== "network") { lod.drawn = []; return; }
  var near = litNeighbourhood();
  if (near) { drawNeighbourhood(ctx, near); }
  var ratio = network.canvas.pixelRatio || 1;
  lod.drawn = planLabels(ctx, near);
  ctx.save();
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.textBaseline = "top";
  ctx.lineJoin = "round";
  lod.drawn.forEach(function (l) {
    ctx.font = (l.bold ? "bold " : "") + l.px + "px system-ui, sans-serif";
    ctx.textAlign = l.heading ? "left" : "center";
    var x = l.heading ? l.box[0] + 2 : (l.box[0] + l.box[2]) / 2;
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255, 255, 255, 0.9)";
    ctx.strokeText(l.text, x, l.box[1] + 1);
    // with a neighbourhood lit up, the other labels fade
    ctx.fillStyle = l.heading ? "#57606a" : (near && !l.lit) ? "#afb8c1" : "#1f2328";
    ctx.fillText(l.text, x, l.box[1] + 1);
  });
  ctx.restore();
}

/* Group backgrounds, under everything: each community reads as one area. */
function drawGroups(ctx) {
  if (!lod.on || currentView !== "network") { return; }
  ctx.fillStyle = "rgba(110, 119, 129, 0.06)";
  data.overview.groups.forEach(function (g) {
    var b = g.box;
    ctx.fillRect(b[0] - 12, b[1] - 12, b[2] - b[0] + 24, b[3] - b[1] + 24);
  });
}

function initOverview(net) {
  net.on("beforeDrawing", drawGroups);
  net.on("afterDrawing", drawLabels);
  net.on("hoverNode", function (p) {
    if (!lod.on || isCluster(p.node)) { return; }
    lod.hovered = p.node;
    net.redraw();
  });
  net.on("blurNode", function () {
    if (!lod.on) { return; }
    lod.hovered = null;
    net.redraw();
  });
}

/* A click on a group's heading zooms to the group (true if the click was on one). */
function zoomToGroup(pointer) {
  if (!lod.on) { return false; }
  var hit = lod.drawn.filter(function (l) {
    return l.heading && pointer.x >= l.box[0] && pointer.x <= l.box[2] &&
      pointer.y >= l.box[1] && pointer.y <= l.box[3];
  })[0];
  if (!hit) { return false; }
  var group = data.overview.groups.filter(function (g) { return "group:" + g.key === hit.id; })[0];
  var shown = group.members.filter(function (id) { return !nodes.get(id).hidden; });
  if (!shown.length) { return false; }
  forgetLabels();
  network.fit({ nodes: shown, animation: false });
  api.zoomedGroup = group.key;
  return true;
}

/* A fit starts the labels afresh: the most central of what is in view. */
function forgetLabels() {
  lod.previous = null;
}

/* What the overview drew last: [{id, text, px, box: [left, top, right, bottom]}] in
 * screen pixels of the network's canvas. */
function labelBoxes() {
  return lod.drawn.map(function (l) {
    return { id: l.id, text: l.text, px: l.px, heading: Boolean(l.heading), lit: Boolean(l.lit),
      box: l.box.slice() };
  });
}
