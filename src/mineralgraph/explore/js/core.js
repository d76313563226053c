/* mineralgraph explorer: legend, search, filters, the side panel, the network and map views.
 *
 * Safety: every string from the data is inserted with textContent or as an attribute value
 * set through the DOM (never innerHTML); a source URL becomes a link only when it parses as
 * http(s). The data arrive as JSON blocks (script elements of type application/json).
 *
 * window.mgExplorer is the page's API (used by the tests, handy in the console):
 * ready, select(id), selectRelation(id), selected(), visibleNodeIds(), setFilter(group,
 * value, shown), search(text), highlightPath(on).
 */


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
