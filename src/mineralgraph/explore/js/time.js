/* Time: a slider that shows the graph as of a month (a relation shows from its start — else
 * the date its source reports it — until its end), and a timeline of dated relations and
 * figures in the side panel, what happened kept apart from targets and plans. */

var timeDay = null;  // null: every date (the page's own as-of)

function firstDay(text) {
  var p = String(text).split("-");
  return new Date(Date.UTC(+p[0], p.length > 1 ? +p[1] - 1 : 0, p.length > 2 ? +p[2] : 1));
}

function lastDay(text) {
  var p = String(text).split("-");
  if (p.length === 3) { return firstDay(text); }
  if (p.length === 2) { return new Date(Date.UTC(+p[0], +p[1], 0)); }
  return new Date(Date.UTC(+p[0], 11, 31));
}

function timeShown(r) {
  if (timeDay === null) { return true; }
  var begin = r.start || r.as_of;
  if (begin && firstDay(begin) > timeDay) { return false; }
  return !r.end || lastDay(r.end) >= timeDay;
}

function relationMonths() {
  var months = new Set();
  Object.keys(relations).forEach(function (id) {
    var r = relations[id];
    [r.start, r.as_of, r.end].forEach(function (d) { if (d) { months.add(String(d).slice(0, 7)); } });
  });
  return Array.from(months).filter(function (m) { return /^\d{4}(-\d{2})?$/.test(m); }).sort();
}

function monthText(date) {
  return date.toISOString().slice(0, 7);
}

function setTimeDay(text) {
  timeDay = text ? lastDay(text) : null;
  var label = document.getElementById("mg-time-label");
  if (label) { label.textContent = timeDay ? "as of " + monthText(timeDay) : "every date"; }
  applyFilters();
  return timeDay ? monthText(timeDay) : null;
}

function buildTimeControl() {
  var months = relationMonths();
  var box = el("section", null, [el("h2", null, ["Time"])]);
  box.id = "mg-time";
  var label = el("span", "mg-muted", ["every date"]);
  label.id = "mg-time-label";
  if (months.length) {
    var first = firstDay(months[0]);
    var last = lastDay(months[months.length - 1]);
    var steps = (last.getUTCFullYear() - first.getUTCFullYear()) * 12 +
      last.getUTCMonth() - first.getUTCMonth();
    var slider = document.createElement("input");
    slider.type = "range";
    slider.id = "mg-time-slider";
    slider.min = "0";
    slider.max = String(steps + 1);
    slider.value = slider.max;
    slider.setAttribute("aria-label", "graph as of month");
    slider.addEventListener("input", function () {
      var n = +slider.value;
      if (n > steps) { setTimeDay(null); return; }
      var d = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + n, 1));
      setTimeDay(monthText(d));
    });
    box.appendChild(el("label", null, [slider]));
    box.appendChild(el("p", "mg-hint", ["Slide left to see the graph as of a month: " +
      months[0] + " … " + months[months.length - 1] + "; right end: every date."]));
  }
  box.appendChild(label);
  var timeline = el("button", null, ["timeline"]);
  timeline.type = "button";
  timeline.addEventListener("click", showTimeline);
  box.appendChild(timeline);
  document.getElementById("mg-controls").appendChild(box);
}

var PLANNED = new Set(["target", "forecast", "projection"]);

function timelineItems() {
  var items = [];
  Object.keys(relations).sort().forEach(function (id) {
    var r = relations[id];
    var when = r.start || r.as_of;
    if (when) {
      items.push({ date: String(when), planned: r.tentative, relation: id,
        text: name(r.subject) + " — " + r.label + " → " + name(r.object) + " (" +
          r.status_label + ")" });
    }
    if (r.end) {
      items.push({ date: String(r.end), planned: false, relation: id,
        text: "ends: " + name(r.subject) + " — " + r.label + " → " + name(r.object) });
    }
  });
  Object.keys(entities).sort().forEach(function (id) {
    entities[id].observations.forEach(function (o) {
      if (!o.date) { return; }
      items.push({ date: String(o.date), planned: PLANNED.has(o.status), entity: id,
        text: name(id) + ": " + o.measure + " (" + (o.status || "actual") + ", " + o.id + ")" });
    });
  });
  items.sort(function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : 0; });
  return items;
}

function showTimeline() {
  clear(panel);
  delete panel.dataset.entity;
  delete panel.dataset.relation;
  panel.dataset.view = "timeline";
  panel.appendChild(el("h2", null, ["Timeline"]));
  var items = timelineItems();
  [[false, "What happened (as the sources report it)"],
    [true, "Targets, plans and tentative steps (not yet done)"]].forEach(function (part) {
    var list = el("ol", "mg-timeline");
    list.dataset.planned = String(part[0]);
    items.filter(function (it) { return it.planned === part[0]; }).forEach(function (it) {
      var b = el("button", "mg-link", [it.text]);
      b.type = "button";
      b.addEventListener("click", function () {
        if (it.relation) { selectRelation(it.relation); } else { select(it.entity); }
      });
      list.appendChild(el("li", null, [el("span", "mg-date", [it.date + " "]), b]));
    });
    panel.appendChild(el("h3", null, [part[1] + " (" + list.children.length + ")"]));
    panel.appendChild(list);
  });
  return items.length;
}
