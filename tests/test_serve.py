"""The served endpoint: a real ``mineralgraph serve`` (Oxigraph behind the guard) over HTTP.

Queries pass in every form of the SPARQL 1.1 Protocol; updates, Graph Store writes, SERVICE
and LOAD are refused before Oxigraph sees them; malformed requests get 4xx; the query page
answers; many clients at once get identical answers; Ctrl-C and SIGTERM stop both processes.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import httpx
import pytest

from mineralgraph.store import RemoteStore
from mineralgraph.vocab import BASE

from _server import ServedStore, engine_pids, free_port, pid_alive

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
FINANCIERS = f"""PREFIX mg: <{BASE}ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?financier ?amount WHERE {{
  ?f mg:finances ?project ; rdfs:label ?financier .
  ?st mg:relationKind "finances" ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?f ;
      mg:amount ?amount .
}} ORDER BY ?financier"""
SPARQL_JSON = "application/sparql-results+json"


def _count(server: ServedStore) -> int:
    resp = server.client.get(server.query_url, params={"query": COUNT},
                             headers={"Accept": SPARQL_JSON})
    assert resp.status_code == 200, resp.text
    return int(resp.json()["results"]["bindings"][0]["n"]["value"])


def test_query_page_and_its_assets_answer(served_endpoint):
    page = served_endpoint.client.get(served_endpoint.url)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "yasgui" in page.text.lower()
    script = served_endpoint.client.get(served_endpoint.url + "yasgui.min.js")
    assert script.status_code == 200 and len(script.content) > 10_000
    assert served_endpoint.client.head(served_endpoint.url).status_code == 200


def test_every_protocol_form_gives_the_same_answer(served_endpoint):
    c, url = served_endpoint.client, served_endpoint.query_url
    headers = {"Accept": SPARQL_JSON}
    answers = [
        c.get(url, params={"query": FINANCIERS}, headers=headers),
        c.post(url, data={"query": FINANCIERS}, headers=headers),
        c.post(url, content=FINANCIERS.encode(),
               headers={**headers, "Content-Type": "application/sparql-query"}),
        c.get(served_endpoint.url + "sparql", params={"query": FINANCIERS}, headers=headers),
    ]
    assert [a.status_code for a in answers] == [200] * 4
    bodies = [a.json() for a in answers]
    assert all(b == bodies[0] for b in bodies)
    rows = {(b["financier"]["value"], b["amount"]["value"])
            for b in bodies[0]["results"]["bindings"]}
    assert ("Export-Import Bank of the United States", "900000000") in rows
    as_csv = c.get(url, params={"query": FINANCIERS}, headers={"Accept": "text/csv"})
    assert as_csv.text.splitlines()[0] == "financier,amount"


def test_updates_and_store_writes_are_refused_and_change_nothing(served_endpoint):
    c, base = served_endpoint.client, served_endpoint.url
    before = _count(served_endpoint)
    insert = f"INSERT DATA {{ <{BASE}id/x> <{BASE}id/y> <{BASE}id/z> }}"
    nt = f"<{BASE}id/x> <{BASE}id/y> <{BASE}id/z> .\n".encode()
    refused = [
        c.post(base + "update", data={"update": insert}),
        c.get(base + "update", params={"update": insert}),
        c.post(base + "update", content=insert.encode(),
               headers={"Content-Type": "application/sparql-update"}),
        c.post(base + "query", data={"update": insert}),
        c.post(base + "sparql", content=insert.encode(),
               headers={"Content-Type": "application/sparql-update"}),
        c.post(base + "query", data={"query": insert}),
        c.put(base + "store", params={"default": ""}, content=nt,
              headers={"Content-Type": "application/n-triples"}),
        c.post(base + "store", params={"graph": f"{BASE}graph/x"}, content=nt,
               headers={"Content-Type": "application/n-triples"}),
        c.delete(base + "store", params={"default": ""}),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused), [r.text for r in refused]
    assert all(("read-only" in r.text or "refused" in r.text) for r in refused)
    assert _count(served_endpoint) == before
    dump = c.get(base + "store", params={"default": ""}, headers={"Accept": "application/n-triples"})
    assert dump.status_code == 200 and f"<{BASE}id/org/us-exim>" in dump.text


def test_service_and_load_are_refused_before_anything_is_fetched(served_endpoint,
                                                                http_listener):
    url, hits = http_listener
    c, query_url = served_endpoint.client, served_endpoint.query_url
    attempts = [
        f"SELECT * WHERE {{ SERVICE <{url}a> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{url}b> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ # a comment\n SeRvIcE <{url}c> {{ ?s ?p ?o }} }}",
        f"LOAD <{url}d>",
    ]
    for text in attempts:
        for resp in (c.get(query_url, params={"query": text}),
                     c.post(query_url, data={"query": text}),
                     c.post(query_url, content=text.encode(),
                            headers={"Content-Type": "application/sparql-query"})):
            assert resp.status_code == 403, (text, resp.text)
            assert "refused" in resp.text
    assert hits == []
    # the word inside a string is data, not a clause
    ok = c.get(query_url, params={"query": 'SELECT ("SERVICE <x>" AS ?t) WHERE { }'},
               headers={"Accept": SPARQL_JSON})
    assert ok.status_code == 200 and ok.json()["results"]["bindings"][0]["t"]["value"]


def test_malformed_requests_get_a_clear_4xx(served_endpoint):
    c, base = served_endpoint.client, served_endpoint.url
    cases = [
        (c.get(base + "query"), 400, "no 'query' parameter"),
        (c.get(base + "query?query=ASK%7B%7D&query=ASK%7B%7D"), 400, "more than one"),
        (c.post(base + "query", data={"other": "x"}), 400, "no 'query' parameter"),
        (c.post(base + "query", content=b"ASK {}", headers={"Content-Type": "text/plain"}),
         415, "application/sparql-query"),
        (c.post(base + "query", content=b"\xff\xfe",
                headers={"Content-Type": "application/sparql-query"}), 400, "not UTF-8"),
        (c.get(base + "query", params={"query": "SELEC nonsense"}), 400, ""),
        (c.get(base + "nowhere"), 404, "the SPARQL endpoint is /query"),
        (c.put(base + "query", content=b"ASK {}"), 405, "not allowed"),
    ]
    for resp, status, text in cases:
        assert resp.status_code == status, (resp.request.url, resp.text)
        assert text in resp.text
    # a Content-Length that is not a number, on a raw socket
    host, port = base.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: "
                     b"application/sparql-query\r\nContent-Length: lots\r\n\r\nASK {}")
        status_line = sock.recv(200).split(b"\r\n")[0]
        assert status_line.startswith(b"HTTP/1.") and status_line.split()[1] == b"400"
    assert c.get(base).status_code == 200  # still serving


def test_fifty_clients_at_once_get_identical_answers(served_endpoint):
    def client_session(i: int) -> list[str]:
        with httpx.Client(timeout=60) as client:
            return [client.get(served_endpoint.query_url, params={"query": FINANCIERS},
                               headers={"Accept": SPARQL_JSON}).text for _ in range(4)]

    with ThreadPoolExecutor(max_workers=50) as pool:
        answers = [a for batch in pool.map(client_session, range(50)) for a in batch]
    assert len(answers) == 200
    assert len(set(answers)) == 1 and "900000000" in answers[0]


def test_readme_sparqlwrapper_snippet(served_endpoint):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    # --- README snippet (with the port of this test server) ---
    sparql = SPARQLWrapper(served_endpoint.query_url)
    sparql.setQuery("""
        PREFIX mg: <https://w3id.org/mineralgraph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?financier ?project WHERE {
          ?f mg:finances ?p . ?f rdfs:label ?financier . ?p rdfs:label ?project .
        } ORDER BY ?financier""")
    sparql.setReturnFormat(JSON)
    rows = sparql.query().convert()["results"]["bindings"]
    # --- end of snippet ---
    financiers = {r["financier"]["value"] for r in rows}
    assert "Export-Import Bank of the United States" in financiers
    sparql.setMethod(POST)
    assert sparql.query().convert()["results"]["bindings"] == rows


CURL_QUERY = """
PREFIX mg: <https://w3id.org/mineralgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?owner ?share ?owned WHERE {
  ?st mg:relationKind "owns" ; mg:sharePercent ?share ;
      rdf:subject/rdfs:label ?owner ; rdf:object/rdfs:label ?owned .
} ORDER BY DESC(?share) ?owner"""


def test_readme_curl_call(served_endpoint):
    # README: curl -s http://127.0.0.1:7878/query -H 'Accept: text/csv' \
    #              --data-urlencode 'query=<CURL_QUERY>'   (what curl sends, byte for byte)
    resp = httpx.post(served_endpoint.query_url, content=f"query={quote(CURL_QUERY)}",
                      headers={"Accept": "text/csv",
                               "Content-Type": "application/x-www-form-urlencoded"})
    lines = resp.text.splitlines()
    assert resp.status_code == 200 and lines[0] == "owner,share,owned"
    assert "Tau-Ken Samruk,30,Severniy Katpar LLP" in lines


def test_expect_100_continue_is_answered_at_once(served_endpoint):
    """curl sends ``Expect: 100-continue`` for bodies over 1 KiB and waits for the answer."""
    body = ("ASK { ?s ?p ?o } #" + "x" * 2000).encode()
    host, port = served_endpoint.url.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=15) as sock:
        sock.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                     b"Content-Type: application/sparql-query\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(body))
        assert sock.recv(100).startswith(b"HTTP/1.1 100")
        sock.sendall(body)
        answer = b""
        while b"true" not in answer and b"false" not in answer:
            chunk = sock.recv(4096)
            assert chunk, answer
            answer += chunk
        assert answer.startswith(b"HTTP/1.1 200") and b'"boolean":true' in answer


@pytest.mark.parametrize(("engine", "sig"), [("memory", signal.SIGTERM),
                                             ("memory", signal.SIGINT),
                                             ("disk", signal.SIGTERM), ("disk", signal.SIGINT)])
def test_a_signal_stops_the_guard_and_every_engine_process(mini_build, tmp_path, engine, sig):
    server = ServedStore.start(mini_build.store_dir, tmp_path / "serve.log",
                               extra=("--engine", engine, "--workers", "2"))
    try:
        engines = engine_pids(server.process.pid)
        expected = "oxigraph" if engine == "disk" else "mineralgraph.engine_worker"
        assert len(engines) == (1 if engine == "disk" else 2)
        assert all(expected in open(f"/proc/{pid}/cmdline").read() for pid in engines)
        server.process.send_signal(sig)
        assert server.process.wait(20) == 0
        deadline = time.monotonic() + 10
        while any(pid_alive(pid) for pid in engines) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(pid_alive(pid) for pid in engines), "an engine outlived the guard"
    finally:
        server.stop()


def test_serve_without_a_store_says_so(tmp_path):
    from conftest import run_cli

    proc = run_cli("serve", "--store", str(tmp_path / "missing"), "--port", str(free_port()))
    assert proc.returncode == 2 and "no store at" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_push_uploads_the_built_dataset(mini_build, tmp_path, served_endpoint):
    from mineralgraph.serve import oxigraph_binary

    from conftest import run_cli

    port = free_port()
    writable = subprocess.Popen(
        [oxigraph_binary(), "serve", "--location", str(tmp_path / "db"), "--bind",
         f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        endpoint = f"http://127.0.0.1:{port}/query"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(endpoint, params={"query": "ASK {}"}, timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        proc = run_cli("push", "--endpoint", endpoint, "--out", str(mini_build.out_dir))
        assert proc.returncode == 0, proc.stderr
        lines = (mini_build.out_dir / "dataset.nq").read_text().splitlines()
        assert f"uploaded {len(lines):,} triples" in proc.stdout
        remote = RemoteStore(endpoint)
        try:
            assert remote.select(COUNT).rows() == [{"n": len(lines)}]
            assert remote.ask(f"ASK {{ <{BASE}id/org/acme-mining> ?p ?o }}")
        finally:
            remote.close()
        # the read-only served endpoint refuses the same upload
        refused = run_cli("push", "--endpoint", served_endpoint.query_url,
                          "--out", str(mini_build.out_dir))
        assert refused.returncode == 2 and "HTTP 403" in refused.stderr
    finally:
        writable.terminate()
        writable.wait(10)


def test_a_busy_port_is_reported_and_the_backend_stopped(mini_build):
    import os

    from mineralgraph.errors import MineralgraphError
    from mineralgraph.serve import serve

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(MineralgraphError, match=f"cannot listen on 127.0.0.1:{port}"):
            serve(mini_build.store_dir, port=port)
    assert not engine_pids(os.getpid())
