/* mineralgraph explorer: legend, search, filters and the side panel over a vis-network graph.
 *
 * Safety: every string from the data is inserted with textContent or as an attribute value
 * set through the DOM (never innerHTML); a source URL becomes a link only when it parses as
 * http(s). The data arrive as JSON blocks (script elements of type application/json).
 *
 * window.mgExplorer is the page's API (used by the tests, handy in the console):
 * ready, select(id), selectRelation(id), selected(), visibleNodeIds(), setFilter(group,
 * value, shown), search(text), highlightPath(on).
 */
(function () {
  "use strict";

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  var data = readJson("mg-data");
  var nodes = new vis.DataSet(readJson("mg-nodes"));
  var edges = new vis.DataSet(readJson("mg-edges"));
  var options = readJson("mg-options");
  var entities = data.entities;
  var relations = data.relations;
  var api = { ready: false };
  window.mgExplorer = api;

  /* ---------- DOM helpers: text only ---------- */

  function el(tag, className, children) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === "") { return; }
      node.appendChild(typeof child === "string" || typeof child === "number"
        ? document.createTextNode(String(child)) : child);
    });
    return node;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function name(slug) {
    if (!slug) { return ""; }
    if (entities[slug]) { return entities[slug].label; }
    return Object.prototype.hasOwnProperty.call(data.names, slug) ? data.names[slug] : slug;
  }

  /* A source URL is a link only when it is http(s); anything else is shown as text. */
  function safeHref(url) {
    if (typeof url !== "string" || !/^https?:\/\//i.test(url.trim())) { return null; }
    try {
      var parsed = new URL(url.trim());
      return (parsed.protocol === "http:" || parsed.protocol === "https:") ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(url) {
    var href = safeHref(url);
    if (!href) { return el("span", "mg-muted", [url]); }
    var a = el("a", null, [url]);
    a.setAttribute("href", href);
    a.setAttribute("target", "_blank");
    a.setAttribute("rel", "noopener noreferrer");
    return a;
  }

  /* A button that selects an entity (if it is on the page) — otherwise its plain name. */
  function entityRef(slug) {
    if (!entities[slug]) { return el("span", null, [name(slug)]); }
    var b = el("button", "mg-link", [name(slug)]);
    b.type = "button";
    b.addEventListener("click", function () { select(slug); });
    return b;
  }

  function badge(text, extra) {
    return el("span", "mg-badge" + (extra ? " " + extra : ""), [text]);
  }

  function dl(rows) {
    var list = el("dl");
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === "" ||
          (Array.isArray(row[1]) && row[1].length === 0)) { return; }
      list.appendChild(el("dt", null, [row[0]]));
      var value = row[1];
      var dd = el("dd");
      if (Array.isArray(value)) {
        value.forEach(function (v, i) {
          if (i) { dd.appendChild(document.createTextNode(", ")); }
          dd.appendChild(typeof v === "string" ? document.createTextNode(v) : v);
        });
      } else {
        dd.appendChild(typeof value === "string" || typeof value === "number"
          ? document.createTextNode(String(value)) : value);
      }
      list.appendChild(dd);
    });
    return list;
  }

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

  function lineIcon(colour, dashed) {
    var s = svg(28, 10);
    var l = document.createElementNS(SVG, "line");
    l.setAttribute("x1", "1"); l.setAttribute("y1", "5");
    l.setAttribute("x2", "27"); l.setAttribute("y2", "5");
    l.setAttribute("stroke", colour);
    l.setAttribute("stroke-width", "3");
    if (dashed) { l.setAttribute("stroke-dasharray", "5,4"); }
    s.appendChild(l);
    return s;
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
    data.legend.relations.forEach(function (r) {
      var li = el("li", null, [lineIcon(r.colour, false), el("span", null, [r.label]),
        el("span", "mg-count", [r.count])]);
      li.dataset.relation = r.kind;
      rels.appendChild(li);
    });
    var lines = document.getElementById("mg-legend-lines");
    lines.appendChild(el("li", null, [lineIcon("#555", false),
      el("span", null, ["solid: signed, active, operational…, or reported with no stage"])]));
    lines.appendChild(el("li", null, [lineIcon("#555", true),
      el("span", null, ["dashed: announced, planned, letter of interest… (not in place yet)"])]));
    lines.appendChild(el("li", null, [el("span", "mg-badge mg-contested", ["⚠"]),
      el("span", null, ["contested: another source disagrees"])]));
    lines.appendChild(el("li", null, [el("span", "mg-muted", ["size"]),
      el("span", null, ["node size: " + measureLabel(data.meta.primary_measure)])]));
  }

  function measureLabel(key) {
    var found = data.measures.filter(function (m) { return m.key === key; })[0];
    return found ? found.label : "uniform (no centrality measure)";
  }

  /* ---------- filters ---------- */

  var hidden = { kind: new Set(), country: new Set(), bloc: new Set(), relation: new Set(),
    status: new Set() };

  function filterGroups() {
    var groups = [
      ["kind", "Entity kind", data.legend.kinds.map(function (k) {
        return { value: k.kind, label: k.label, count: k.count };
      })],
      ["country", "Country", data.filters.countries],
      ["bloc", "Bloc (backed by)", data.filters.blocs],
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
      details.open = key === "kind" || key === "status";
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
      !hidden.relation.has(r.kind) && !hidden.status.has(r.status || "reported");
  }

  function applyFilters() {
    var shown = new Set();
    var nodeChanges = [];
    nodes.forEach(function (n) {
      var visible = nodeShown(n.id);
      if (visible) { shown.add(n.id); }
      if (Boolean(n.hidden) === visible) { nodeChanges.push({ id: n.id, hidden: !visible }); }
    });
    var edgeChanges = [];
    edges.forEach(function (e) {
      var visible = edgeShown(e, shown);
      if (Boolean(e.hidden) === visible) { edgeChanges.push({ id: e.id, hidden: !visible }); }
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    document.getElementById("mg-filters-title").textContent =
      "Filters — showing " + shown.size + " of " + nodes.length + " entities";
  }

  function visibleNodeIds() {
    return nodes.get({ filter: function (n) { return !n.hidden; } })
      .map(function (n) { return n.id; }).sort();
  }

  /* ---------- search ---------- */

  function norm(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[-_]/g, " ").replace(/\s+/g, " ").trim();
  }

  var searchIndex = Object.keys(entities).sort().map(function (id) {
    var e = entities[id];
    return { id: id, names: [e.label].concat(e.aliases, [id]).map(norm) };
  });

  function findMatches(text) {
    var q = norm(text);
    if (!q) { return []; }
    var found = [];
    searchIndex.forEach(function (item) {
      var best = 3;
      item.names.forEach(function (n) {
        if (n === q) { best = Math.min(best, 0); }
        else if (n.indexOf(q) === 0) { best = Math.min(best, 1); }
        else if (n.indexOf(q) > 0) { best = Math.min(best, 2); }
      });
      if (best < 3) { found.push({ id: item.id, rank: best }); }
    });
    found.sort(function (a, b) {
      return a.rank - b.rank || name(a.id).localeCompare(name(b.id)) ||
        (a.id < b.id ? -1 : 1);
    });
    return found;
  }

  var searchInput = document.getElementById("mg-search");
  var suggestions = document.getElementById("mg-suggestions");
  var searchStatus = document.getElementById("mg-search-status");
  var current = [];
  var active = -1;

  function showSuggestions(found) {
    clear(suggestions);
    current = found.slice(0, 12);
    active = current.length ? 0 : -1;
    current.forEach(function (m, i) {
      var e = entities[m.id];
      var li = el("li", null, [e.label, el("span", "mg-sub", [e.kind_label])]);
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      li.dataset.id = m.id;
      li.addEventListener("mousedown", function (ev) {
        ev.preventDefault();
        pick(m.id);
      });
      suggestions.appendChild(li);
    });
    suggestions.hidden = current.length === 0;
  }

  function pick(id) {
    suggestions.hidden = true;
    searchInput.value = entities[id].label;
    select(id);
  }

  function search(text) {
    var found = findMatches(text);
    showSuggestions(found);
    var exact = found.filter(function (m) { return m.rank === 0; });
    if (exact.length === 1) {
      select(exact[0].id);
      suggestions.hidden = found.length === 1;
      searchStatus.textContent = "found";
    } else {
      searchStatus.textContent = found.length ? found.length + " match" +
        (found.length === 1 ? "" : "es") : (norm(text) ? "no match" : "");
    }
    return found.map(function (m) { return m.id; });
  }

  searchInput.addEventListener("input", function () { search(searchInput.value); });
  searchInput.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!current.length) { return; }
      ev.preventDefault();
      active = (active + (ev.key === "ArrowDown" ? 1 : current.length - 1)) % current.length;
      Array.prototype.forEach.call(suggestions.children, function (li, i) {
        li.setAttribute("aria-selected", i === active ? "true" : "false");
      });
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      if (active >= 0 && current[active]) { pick(current[active].id); }
    } else if (ev.key === "Escape") {
      suggestions.hidden = true;
    }
  });
  searchInput.addEventListener("blur", function () { suggestions.hidden = true; });

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
      ["entities", String(m.nodes)], ["relations drawn", String(m.edges)],
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
      return { id: n.id, opacity: !highlighted || onNodes.has(n.id) ? 1 : 0.2,
        borderWidth: highlighted && onNodes.has(n.id) ? 4 : (n.id === data.meta.focus ? 3 : 1) };
    }));
    edges.update(edges.get().map(function (e) {
      var colour = Object.assign({}, e.color, {
        opacity: !highlighted || onEdges.has(e.id) ? 0.85 : 0.1 });
      return { id: e.id, color: colour, width: highlighted && onEdges.has(e.id) ? 6 : e.baseWidth };
    }));
    return highlighted;
  }

  /* ---------- selection ---------- */

  var network;

  function select(id) {
    if (!entities[id]) { return false; }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
    showEntity(id);
    return true;
  }

  function selectRelation(id) {
    if (!relations[id]) { return false; }
    if (edges.get(id)) { network.selectEdges([id]); } else { network.unselectAll(); }
    showRelation(id);
    return true;
  }

  /* ---------- start ---------- */

  edges.update(edges.get().map(function (e) { return { id: e.id, baseWidth: e.width }; }));
  buildLegend();
  buildFilters();
  applyFilters();
  document.getElementById("mg-subtitle").textContent = data.meta.subtitle || "";

  network = new vis.Network(document.getElementById("mg-network"),
    { nodes: nodes, edges: edges }, options);
  network.on("click", function (params) {
    if (params.nodes.length) { showEntity(params.nodes[0]); }
    else if (params.edges.length) { showRelation(params.edges[0]); }
    else { showOverview(); }
  });

  Object.assign(api, {
    network: network, nodes: nodes, edges: edges, data: data,
    select: select, selectRelation: selectRelation, search: search,
    selected: function () { return network.getSelectedNodes(); },
    visibleNodeIds: visibleNodeIds, setFilter: setFilter, highlightPath: highlightPath
  });

  network.once("afterDrawing", function () {
    api.ready = true;
    document.documentElement.dataset.mgReady = "true";
  });
  network.fit({ animation: false });
  if (data.path) { highlightPath(true); }
  if (data.meta.focus && entities[data.meta.focus]) {
    network.selectNodes([data.meta.focus]);
    showEntity(data.meta.focus);
  } else {
    showOverview();
  }
  network.redraw();
}());
