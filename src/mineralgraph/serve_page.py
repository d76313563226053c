"""The query page of ``serve``: Oxigraph's YASGUI, opened on the project's prefixes with every
named query as a ready tab. It loads its script and style from the endpoint itself (Oxigraph
ships them), so it works offline and sends queries only to the endpoint that served it.
"""

from __future__ import annotations

import json
import re

from jinja2 import Environment

START_QUERY = """{prefixes}

# Financiers and what they finance, with the amount where the source gives one.
# The other tabs hold mineralgraph's named queries (`mineralgraph queries` lists them);
# their header says which variables are parameters: bind one with VALUES, or leave it
# unbound for every value.
SELECT ?financier ?project ?amount ?currency WHERE {{
  ?st mg:relationKind "finances" ; rdf:subject ?f ; rdf:object ?p .
  ?f rdfs:label ?financier . ?p rdfs:label ?project .
  OPTIONAL {{ ?st mg:amount ?amount }}
  OPTIONAL {{ ?st mg:currency ?currency }}
}} ORDER BY ?financier ?project
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>mineralgraph SPARQL endpoint</title>
<link href="./yasgui.min.css" rel="stylesheet" type="text/css">
<script src="./yasgui.min.js"></script>
<style>body { font-family: sans-serif; margin: 0 1em; } .note { color: #555; }</style>
</head>
<body>
<p class="note">mineralgraph · read-only SPARQL endpoint at <code>/query</code> ·
{{ tabs|length }} example tabs (the named queries) · SERVICE, LOAD and updates are refused</p>
<div id="yasgui"></div>
<script id="mineralgraph-tabs" type="application/json">{{ tabs_json }}</script>
<script>
  const base = window.location.href.replace(/[?#].*$/, "").replace(/\\/$/, "");
  const endpoint = base + "/query";
  const tabs = JSON.parse(document.getElementById("mineralgraph-tabs").textContent);
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
    // prefix completion from this endpoint's list of the project's prefixes, not prefix.cc;
    // the class and property completers (they ask LOV) are off
    yasqe: { value: tabs[0].query, prefixCcApi: base + "/prefixes.json",
             autocompleters: ["prefixes", "variables"] },
  });
  const first = yasgui.getTab();
  first.setName(tabs[0].name);
  for (const tab of tabs.slice(1)) {
    yasgui.addTab(false, { ...Yasgui.Tab.getDefaults(), name: tab.name,
                           yasqe: { value: tab.query },
                           requestConfig: { endpoint: endpoint, method: "POST" } });
  }
  window.mineralgraphTabs = tabs;
</script>
</body>
</html>
"""


def prefixes(texts: list[str]) -> dict[str, str]:
    """The ``PREFIX`` declarations of the named queries, merged (first one wins)."""
    found: dict[str, str] = {}
    for text in texts:
        for name, iri in re.findall(r"(?im)^\s*PREFIX\s+([A-Za-z][\w\-.]*)?:\s*<([^>]*)>", text):
            found.setdefault(name, iri)
    return found


def page_tabs() -> list[dict[str, str]]:
    """The page's tabs: a start query with every prefix, then each named query."""
    from .query import list_queries

    named = list_queries()
    declared = prefixes([q.text for q in named])
    header = "\n".join(f"PREFIX {name}: <{iri}>" for name, iri in sorted(declared.items()))
    tabs = [{"name": "start", "query": START_QUERY.format(prefixes=header)}]
    tabs += [{"name": q.name, "title": q.title, "query": q.text} for q in named]
    return tabs


def page_files() -> dict[str, tuple[bytes, str]]:
    """Path → (body, content type) of what ``serve`` answers itself: the page and the prefix
    list its editor completes from (prefix.cc's format: ``{"mg": "https://…"}``)."""
    from .query import list_queries

    declared = prefixes([q.text for q in list_queries()])
    return {"/": (query_page(), "text/html; charset=utf-8"),
            "/prefixes.json": (json.dumps(declared, sort_keys=True).encode("utf-8"),
                               "application/json")}


def query_page() -> bytes:
    """The page's HTML (UTF-8): tabs as JSON in a data script, ``</`` escaped."""
    tabs = page_tabs()
    data = json.dumps(tabs, ensure_ascii=False).replace("</", "<\\/")
    html = Environment(autoescape=True).from_string(_PAGE).render(
        tabs=tabs, tabs_json=_Raw(data))
    return html.encode("utf-8")


class _Raw(str):
    """Text jinja2 must not escape (JSON already made safe for a script element)."""

    def __html__(self) -> str:
        return str(self)
