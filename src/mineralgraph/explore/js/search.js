/* Search by name or alias, with suggestions. */

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
