"""The served endpoint in a real headless Chromium: a YASGUI page from another origin (another
port) queries it through CORS, and the endpoint's own query page opens on the project's
prefixes with every named query as a tab, requesting nothing outside the machine.
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from mineralgraph.query import query_names

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

# A page another site could host: YASGUI's script and style from the endpoint, queries sent
# cross-origin both ways YASGUI can (form POST, and a preflighted application/sparql-query).
OTHER_ORIGIN_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<link href="{base}yasgui.min.css" rel="stylesheet">
<script src="{base}yasgui.min.js"></script></head>
<body><div id="yasgui"></div>
<script>
const endpoint = "{base}query";
const query = `PREFIX mg: <https://w3id.org/mineralgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?financier WHERE {{ ?f mg:finances ?p ; rdfs:label ?financier }} ORDER BY ?financier`;
window.results = {{}};
const yasgui = new Yasgui(document.getElementById("yasgui"), {{
  requestConfig: {{ endpoint: endpoint, method: "POST" }}, persistenceId: null,
  yasqe: {{ value: query }} }});
const yasqe = yasgui.getTab().getYasqe();
yasqe.on("queryResponse", (instance, response) => {{
  window.results.yasgui = (response.body || response.text || response); }});
yasqe.query();
fetch(endpoint, {{ method: "POST", body: query, headers: {{
    "Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json" }} }})
  .then(r => r.json()).then(j => {{ window.results.preflighted = j; }})
  .catch(e => {{ window.results.preflighted = String(e); }});
</script></body></html>
"""


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def other_origin(tmp_path, served_endpoint):
    (tmp_path / "index.html").write_text(OTHER_ORIGIN_PAGE.format(base=served_endpoint.url),
                                         encoding="utf-8")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


def _open(browser, url: str):
    """A page whose requests are all recorded (method, URL)."""
    page = browser.new_page()
    seen: list[tuple[str, str]] = []
    errors: list[str] = []
    page.on("request", lambda r: seen.append((r.method, r.url)))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    return page, seen, errors


def test_a_yasgui_page_from_another_origin_queries_the_endpoint(browser, other_origin,
                                                                served_endpoint):
    page, seen, errors = _open(browser, other_origin)
    page.wait_for_function("() => window.results.yasgui && window.results.preflighted",
                           timeout=30_000)
    for answer in (page.evaluate("() => window.results.preflighted"),
                   page.evaluate("() => typeof window.results.yasgui === 'string' ? "
                                 "JSON.parse(window.results.yasgui) : window.results.yasgui")):
        names = {b["financier"]["value"] for b in answer["results"]["bindings"]}
        assert "Export-Import Bank of the United States" in names, answer
    endpoint_port = urlsplit(served_endpoint.url).port
    assert urlsplit(other_origin).port != endpoint_port  # really another origin
    assert ("OPTIONS", served_endpoint.query_url) in seen or any(
        m == "POST" and u == served_endpoint.query_url for m, u in seen)
    assert errors == [], errors
    page.close()
    # the editor completes prefixes from this list, served by the endpoint (not prefix.cc)
    listed = served_endpoint.client.get(served_endpoint.url + "prefixes.json").json()
    assert listed["mg"] == "https://w3id.org/mineralgraph/ontology#"


def test_the_preflight_is_answered(served_endpoint):
    resp = served_endpoint.client.options(served_endpoint.query_url, headers={
        "Origin": "http://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert resp.status_code == 204
    assert resp.headers["access-control-allow-origin"] == "*"
    assert "POST" in resp.headers["access-control-allow-methods"]
    assert "content-type" in resp.headers["access-control-allow-headers"].lower()
    refused = served_endpoint.client.post(served_endpoint.query_url, data={"update": "CLEAR ALL"})
    assert refused.status_code == 403 and refused.headers["access-control-allow-origin"] == "*"


def test_the_query_page_holds_the_prefixes_and_every_named_query(browser, served_endpoint):
    page, seen, errors = _open(browser, served_endpoint.url)
    page.wait_for_function("() => document.querySelectorAll('.tabPanel, .tab').length > 0 "
                           "&& window.mineralgraphTabs", timeout=30_000)
    tabs = page.evaluate("() => window.mineralgraphTabs.map(t => t.name)")
    assert tabs == ["start", *query_names()]
    tab_text = page.inner_text("#yasgui")
    for name in query_names():
        assert name in tab_text, f"no tab for {name}"
    editor = page.evaluate("() => document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert "PREFIX mg: <https://w3id.org/mineralgraph/ontology#>" in editor
    # run the start query from the page: results come back from this endpoint
    page.evaluate("() => document.querySelector('.yasqe_queryButton').click()")
    page.wait_for_selector(".yasr table, .yasr .dataTable", timeout=30_000)
    assert "Export-Import Bank" in page.inner_text(".yasr")
    local = [u for _, u in seen if urlsplit(u).hostname not in ("127.0.0.1", "localhost")
             and not u.startswith(("data:", "blob:", "about:"))]
    assert local == [], f"the page asked outside the machine: {local[:5]}"
    assert errors == [], errors
    page.close()
    # the editor completes prefixes from this list, served by the endpoint (not prefix.cc)
    listed = served_endpoint.client.get(served_endpoint.url + "prefixes.json").json()
    assert listed["mg"] == "https://w3id.org/mineralgraph/ontology#"
