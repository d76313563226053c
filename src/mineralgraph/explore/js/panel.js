/* The side panel: an entity, a relation, the overview, the highlighted path. */

/* ---------- side panel ---------- */

var panel = document.getElementById("mg-panel-body");

var QUALIFIERS = {
  share_pct: "share", amount: "amount", currency: "currency",
  amount_qualifier: "amount is", instrument: "instrument", commodity: "commodity",
  volume: "volume", volume_unit: "volume unit", duration_years: "duration (years)",
  price_terms: "price terms", role: "role", ticker: "ticker"
};

function number(value) {
  return typeof value === "number" ? value.toLocaleString("en-GB") : String(value);
}

function qualifierRows(q) {
  var rows = [];
  if (q.share_pct !== undefined) { rows.push(["share", number(q.share_pct) + " %"]); }
  if (q.amount !== undefined) {
    rows.push(["amount", [q.amount_qualifier, q.currency, number(q.amount)]
      .filter(function (x) { return x; }).join(" ")]);
  }
  if (q.volume !== undefined) {
    rows.push(["volume", number(q.volume) + (q.volume_unit ? " " + q.volume_unit : "")]);
  }
  if (q.commodity !== undefined) { rows.push(["commodity", entityRef(q.commodity)]); }
  Object.keys(q).sort().forEach(function (k) {
    if (["share_pct", "amount", "currency", "amount_qualifier", "volume", "volume_unit",
      "commodity"].indexOf(k) >= 0) { return; }
    rows.push([QUALIFIERS[k] || k, number(q[k])]);
  });
  return rows;
}

function evidenceBlock(ev) {
  var box = el("div", "mg-evidence");
  // a paraphrase is our wording of the source: never in quotation marks, and labelled
  box.appendChild(ev.paraphrase ? el("p", "mg-quote mg-paraphrase", ["paraphrase: " + ev.quote])
    : el("p", "mg-quote", ["“" + ev.quote + "”"]));
  var src = el("div", "mg-source");
  src.appendChild(document.createTextNode("— " + (ev.source_label || ev.source)));
  var bits = [ev.publisher, ev.source_date].filter(function (x) { return x; });
  if (bits.length) { src.appendChild(document.createTextNode(" (" + bits.join(", ") + ")")); }
  box.appendChild(src);
  var extra = [];
  if (ev.said_by) { extra.push(["said by", entityRef(ev.said_by)]); }
  if (ev.attribution) { extra.push(["attributed to", ev.attribution]); }
  if (ev.basis && ev.basis !== "stated") {
    extra.push(["basis", ev.basis === "inferred" ? "inferred (our inference, not the source's words)"
      : "reported (secondary or uncertain)"]);
  }
  if (ev.source_url) { extra.push(["address", link(ev.source_url)]); }
  if (extra.length) { box.appendChild(dl(extra)); }
  return box;
}

function dates(r) {
  var bits = [];
  if (r.start) { bits.push("from " + r.start); }
  if (r.end) { bits.push("until " + r.end); }
  if (r.as_of) { bits.push("as of " + r.as_of); }
  return bits.join(", ");
}

function relationBlock(id) {
  var r = relations[id];
  var box = el("div", "mg-relation" + (r.contested ? " mg-is-contested" : ""));
  box.dataset.relation = id;
  box.appendChild(el("div", "mg-relation-head",
    [entityRef(r.subject), " — " + r.label + " → ", entityRef(r.object)]));
  var badges = el("div");
  badges.appendChild(badge(r.status_label, r.tentative ? "mg-tentative" : ""));
  if (r.tentative) { badges.appendChild(badge("tentative", "mg-tentative")); }
  if (r.contested) { badges.appendChild(badge("⚠ contested", "mg-contested")); }
  box.appendChild(badges);
  var rows = [["dates", dates(r)]].concat(qualifierRows(r.qualifiers));
  if (r.announced_at) { rows.push(["announced at", entityRef(r.announced_at)]); }
  if (r.note) { rows.push(["note", r.note]); }
  if (r.contests.length) {
    rows.push(["disputed with", r.contests.map(function (other) {
      if (!relations[other]) { return other; }
      var b = el("button", "mg-link", [other]);
      b.type = "button";
      b.addEventListener("click", function () { selectRelation(other); });
      return b;
    })]);
  }
  rows.push(["record", id]);
  box.appendChild(dl(rows));
  r.evidence.forEach(function (ev) { box.appendChild(evidenceBlock(ev)); });
  if (!r.evidence.length) { box.appendChild(el("p", "mg-muted", ["no evidence recorded"])); }
  return box;
}

function observationBlock(o) {
  var value = o.value !== null && o.value !== undefined ? number(o.value)
    : number(o.min) + "–" + number(o.max);
  var head = [o.measure, o.commodity ? name(o.commodity) : "", o.date].filter(
    function (x) { return x; }).join(" · ");
  var box = el("div", "mg-relation");
  box.appendChild(el("div", "mg-relation-head", [head + ": " + [o.qualifier === "exact" ? "" :
    o.qualifier, value, o.unit].filter(function (x) { return x; }).join(" ")]));
  box.appendChild(dl([["status", o.status], ["scope", o.scope], ["as of", o.as_of],
    ["record", o.id]]));
  o.sources.forEach(function (s) {
    (s.quotes.length ? s.quotes : [{ quote: "(no quote)" }]).forEach(function (q) {
      box.appendChild(evidenceBlock({ quote: q.quote, paraphrase: q.paraphrase, source: s.source,
        source_label: s.source_label, source_date: s.source_date, source_url: s.source_url,
        basis: "stated" }));
    });
  });
  return box;
}

function score(value) {
  if (value === 0) { return "0"; }
  return Math.abs(value) >= 0.01 ? value.toFixed(3) : value.toExponential(2);
}

function scoresTable(e) {
  var table = el("table");
  table.appendChild(el("tr", null, [el("th", null, ["measure"]), el("th", null, ["score"]),
    el("th", null, ["rank"])]));
  data.measures.forEach(function (m) {
    var s = e.scores[m.key];
    if (!s) { return; }
    table.appendChild(el("tr", null, [el("td", null, [m.label]),
      el("td", "mg-num", [score(s.value)]),
      el("td", "mg-num", [s.rank ? s.rank + " of " + s.of : "–"])]));
  });
  return table;
}

function showEntity(id) {
  var e = entities[id];
  clear(panel);
  panel.dataset.entity = id;
  delete panel.dataset.relation;
  panel.appendChild(el("h2", null, [e.label]));
  var head = el("div", null, [badge(e.kind_label)]);
  var contested = e.out.concat(e["in"]).some(function (r) {
    return relations[r] && relations[r].contested;
  });
  if (contested) { head.appendChild(badge("⚠ has contested relations", "mg-contested")); }
  if (!nodeShown(id)) { head.appendChild(badge("hidden by a filter")); }
  panel.appendChild(head);
  var waiting = hiddenNeighbours(id).length;
  if (waiting) {
    var more = el("button", "mg-more", ["Bring in its " + waiting + " other neighbour" +
      (waiting === 1 ? "" : "s")]);
    more.type = "button";
    more.addEventListener("click", function () { revealNeighbours(id); showEntity(id); });
    panel.appendChild(more);
  }
  if (e.description) { panel.appendChild(el("p", null, [e.description])); }
  var ids = Object.keys(e.identifiers).sort().map(function (k) {
    return k + ": " + e.identifiers[k];
  });
  panel.appendChild(dl([
    ["country", e.country && e.country !== id ? entityRef(e.country) : null],
    ["also called", e.aliases.join("; ")],
    ["stage", e.stage],
    ["located in", e.located_in.map(entityRef)],
    ["listed on", e.listed_on.map(entityRef)],
    ["produces", e.produces.map(entityRef)],
    ["contains", e.contains.map(entityRef)],
    ["blocs", e.blocs.join(", ")],
    ["location", locationText(id)],
    ["identifiers", ids.join("; ")],
    ["id", id],
    ["IRI", e.iri]
  ]));
  if (data.measures.length) {
    panel.appendChild(el("h3", null, ["Centrality"]));
    panel.appendChild(scoresTable(e));
  }
  var rels = e.out.concat(e["in"]).filter(function (r) { return relations[r]; });
  panel.appendChild(el("h3", null, ["Relations (" + rels.length + ")"]));
  rels.forEach(function (r) { panel.appendChild(relationBlock(r)); });
  if (e.observations.length) {
    panel.appendChild(el("h3", null, ["Figures (" + e.observations.length + ")"]));
    e.observations.forEach(function (o) { panel.appendChild(observationBlock(o)); });
  }
  panel.appendChild(el("h3", null, ["Sources for the entity"]));
  e.evidence.forEach(function (ev) { panel.appendChild(evidenceBlock(ev)); });
  if (!e.evidence.length) { panel.appendChild(el("p", "mg-muted", ["none recorded"])); }
}

function locationText(id) {
  var p = data.geo && data.geo.places[id];
  if (!p) { return null; }
  var at = p.lat.toFixed(2) + ", " + p.lon.toFixed(2);
  if (p.precision === "exact") { return at + " (stated by a source)"; }
  if (p.precision === "region-centroid") { return at + " (centroid of the country's shape)"; }
  return at + " — approximate: the centroid of " + name(p.via || "") +
    "; no source gives its coordinates";
}

function showRelation(id) {
  clear(panel);
  panel.dataset.relation = id;
  delete panel.dataset.entity;
  panel.appendChild(el("h2", null, ["Relation"]));
  panel.appendChild(relationBlock(id));
}

function showOverview() {
  clear(panel);
  delete panel.dataset.entity;
  delete panel.dataset.relation;
  var m = data.meta;
  panel.appendChild(el("h2", null, ["Overview"]));
  panel.appendChild(dl([
    ["entities", m.nodes + " in the page"], ["relations", m.edges + " in the page"],
    ["drawn now", document.getElementById("mg-counts").textContent],
    ["valid on", m.as_of], ["shows", m.scope], ["data", m.source],
    ["node size", measureLabel(m.primary_measure)], ["generated by", m.generator]
  ]));
  if (data.path) { panel.appendChild(pathSection()); }
  panel.appendChild(el("p", "mg-muted", ["Click an entity or a line to see its relations, " +
    "dates, qualifiers and the sources with their quotes. Drag to pan, scroll to zoom."]));
  if (m.large) {
    panel.appendChild(el("p", "mg-muted", ["Large graph (more than " + m.large_threshold +
      " entities): positions are precomputed, relation labels are not drawn."]));
  }
}

/* ---------- path highlight ---------- */

var highlighted = false;

function pathSection() {
  var p = data.path;
  var box = el("section");
  box.appendChild(el("h3", null, ["Influence path"]));
  if (p.description) { box.appendChild(el("p", null, [p.description])); }
  var steps = el("ol", "mg-path-steps");
  p.nodes.forEach(function (n) { steps.appendChild(el("li", null, [entityRef(n)])); });
  box.appendChild(steps);
  p.edges.forEach(function (r) { if (relations[r]) { box.appendChild(relationBlock(r)); } });
  if (p.alternatives.length) {
    box.appendChild(el("h3", null, ["Next best paths"]));
    var others = el("ol", "mg-path-steps");
    p.alternatives.forEach(function (alt) {
      others.appendChild(el("li", null, [alt.labels.join(" → ") +
        " (distance " + alt.distance.toFixed(2) + ")"]));
    });
    box.appendChild(others);
  }
  var toggle = el("button", null, [highlighted ? "show everything" : "highlight the path"]);
  toggle.type = "button";
  toggle.addEventListener("click", function () { highlightPath(!highlighted); showOverview(); });
  box.appendChild(toggle);
  return box;
}

function highlightPath(on) {
  if (!data.path) { return false; }
  var onNodes = new Set(data.path.nodes.concat(data.meta.focus ? [data.meta.focus] : []));
  var onEdges = new Set(data.path.edges);
  highlighted = Boolean(on);
  nodes.update(nodes.get().map(function (n) {
    if (isCluster(n.id)) { return { id: n.id, opacity: highlighted ? 0.2 : 1 }; }
    return { id: n.id, opacity: !highlighted || onNodes.has(n.id) ? 1 : 0.2,
      borderWidth: highlighted && onNodes.has(n.id) ? 4 : (n.id === data.meta.focus ? 3 : 1) };
  }));
  edges.update(edges.get().map(function (e) {
    var colour = Object.assign({}, e.color, {
      opacity: !highlighted || onEdges.has(e.id) ? e.baseOpacity : 0.1 });
    return { id: e.id, color: colour, width: highlighted && onEdges.has(e.id) ? 6 : e.baseWidth };
  }));
  return highlighted;
}
