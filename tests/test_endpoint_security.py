"""The served endpoint is read-only, fetches nothing from elsewhere, and stops slow queries.

A real ``mineralgraph serve`` (the shared ``served_endpoint``, and one of this module's own
with a 1-second limit) is attacked over HTTP: writes through every route, ``SERVICE`` in many
spellings and transports, ``LOAD``. A loopback listener records every TCP connection made
to it; SERVICE and LOAD name it, and it must receive nothing. The same holds for
``mineralgraph query`` in process. See docs/security.md.
"""

from __future__ import annotations

import hashlib
import socketserver
import threading
import time
from pathlib import Path
from urllib.parse import quote_plus

import httpx
import pytest

from mineralgraph.vocab import BASE

from _server import ServedStore, engine_pids
from conftest import run_cli

pytestmark = pytest.mark.server

SPARQL_JSON = "application/sparql-results+json"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
# 10⁴ triples cubed: runs for hours, in constant memory (COUNT streams)
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SERVER_TIMEOUT_S = 1


class _Recorder(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.server.connections.append(self.client_address)  # type: ignore[attr-defined]
        self.request.settimeout(1.0)
        try:
            self.request.recv(4096)
        except OSError:
            pass


class Listener(socketserver.ThreadingTCPServer):
    """A loopback TCP listener that records every connection made to it."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.connections: list[tuple[str, int]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


@pytest.fixture
def listener():
    """A fresh listener per test: each test sees only the connections it caused."""
    server = Listener()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def service_queries(url: str) -> dict[str, str]:
    """SERVICE naming ``url`` in many spellings; each must be refused before it runs."""
    return {
        "plain": f"SELECT * WHERE {{ SERVICE <{url}a> {{ ?s ?p ?o }} }}",
        "lower case, silent": f"select * where {{ service silent <{url}b> {{ ?s ?p ?o }} }}",
        "mixed case": f"SELECT * WHERE {{ SeRvIcE <{url}c> {{ ?s ?p ?o }} }}",
        "after a comment": f"SELECT * WHERE {{ # SERVICE is in this comment too\n"
                           f"SERVICE <{url}d> {{ ?s ?p ?o }} }}",
        "comment then keyword": f"#x\nSELECT * WHERE {{ ?s ?p ?o #}}\nSERVICE <{url}e> {{ }} }}",
        "prefixed IRI": f"PREFIX ex: <{url}>\nSELECT * WHERE {{ SERVICE ex:f {{ ?s ?p ?o }} }}",
        "relative IRI": f"BASE <{url}>\nSELECT * WHERE {{ SERVICE <g> {{ ?s ?p ?o }} }}",
        "in OPTIONAL": f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{url}h> "
                       f"{{ ?s ?q ?x }} }} }} LIMIT 1",
        "in a subquery": f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}i> "
                         f"{{ ?s ?p ?o }} }} }} }}",
        "in FILTER EXISTS": f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}j> "
                            f"{{ ?s ?p ?o }} }} }} LIMIT 1",
        "in UNION": f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}k> "
                    f"{{ ?s ?p ?o }} }} }} LIMIT 1",
        "no spaces": f"SELECT*{{SERVICE<{url}l>{{?s ?p ?o}}}}",
        "tabs and newlines": f"SELECT * WHERE {{\n\tSERVICE\n\t<{url}m>\n\t{{ ?s ?p ?o }} }}",
        "variable endpoint": f"SELECT * WHERE {{ BIND(<{url}n> AS ?svc) SERVICE ?svc "
                             f"{{ ?s ?p ?o }} }}",
        "ASK": f"ASK {{ SERVICE <{url}o> {{ ?s ?p ?o }} }}",
        "CONSTRUCT": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}p> {{ ?s ?p ?o }} }}",
        "DESCRIBE": f"DESCRIBE ?s WHERE {{ SERVICE <{url}q> {{ ?s ?p ?o }} }}",
        "codepoint escape": f"SELECT * WHERE {{ SERVIC\\u0045 <{url}r> {{ ?s ?p ?o }} }}",
        "after a string with a quote": f"SELECT * WHERE {{ BIND(\"a\\\"b\" AS ?x) "
                                       f"SERVICE <{url}s> {{ ?s ?p ?o }} }}",
    }


def less_than_then_service(url: str) -> str:
    """SERVICE right after a less-than, with a ``>`` in the comment that follows it."""
    return f"SELECT * WHERE {{ BIND(1 AS ?a) FILTER(?a<2)SERVICE#>\n<{url}> {{ ?s ?p ?o }} }}"


def _transports(c: httpx.Client, query_url: str, text: str) -> dict[str, httpx.Response]:
    """The same query in every form the SPARQL 1.1 Protocol allows, and hand-encoded."""
    every_byte = "".join(f"%{b:02X}" for b in text.encode("utf-8"))
    return {
        "GET": c.get(query_url, params={"query": text}),
        "GET, every byte percent-encoded": c.get(httpx.URL(f"{query_url}?query={every_byte}")),
        "POST form": c.post(query_url, data={"query": text}),
        "POST form, + for spaces": c.post(
            query_url, content=f"query={quote_plus(text)}".encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"}),
        "POST sparql-query": c.post(query_url, content=text.encode(),
                                    headers={"Content-Type": "application/sparql-query"}),
        "POST sparql-query to /sparql": c.post(
            query_url.replace("/query", "/sparql"), content=text.encode(),
            headers={"Content-Type": "application/sparql-query; charset=utf-8"}),
    }


def _assert_clear_4xx(resp: httpx.Response, context) -> None:
    assert 400 <= resp.status_code < 500, (context, resp.status_code, resp.text)
    assert resp.text.strip(), context
    assert "<html" not in resp.text.lower(), "a plain one-line reason, not a page"


def _snapshot(server) -> tuple[int, str]:
    """Triple count and a digest of the whole store's N-Quads dump."""
    c = server.client
    resp = c.get(server.query_url, params={"query": COUNT}, headers={"Accept": SPARQL_JSON})
    assert resp.status_code == 200, resp.text
    dump = c.get(server.url + "store", headers={"Accept": "application/n-quads"})
    assert dump.status_code == 200, dump.text
    lines = sorted(dump.text.splitlines())
    return (int(resp.json()["results"]["bindings"][0]["n"]["value"]),
            hashlib.sha256("\n".join(lines).encode()).hexdigest())


# -- writes ------------------------------------------------------------------------------

def test_every_write_is_refused_and_the_data_is_unchanged(served_endpoint):
    c, base = served_endpoint.client, served_endpoint.url
    before = _snapshot(served_endpoint)
    triple = f"<{BASE}id/x> <{BASE}id/y> \"z\""
    updates = [f"INSERT DATA {{ {triple} }}",
               f"insert data {{ GRAPH <{BASE}graph/x> {{ {triple} }} }}",
               "DELETE WHERE { ?s ?p ?o }",
               "# just a comment\nDELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
               "CLEAR ALL", "DROP DEFAULT", "drop silent all", f"CREATE GRAPH <{BASE}graph/n>",
               f"COPY DEFAULT TO <{BASE}graph/c>", f"MOVE DEFAULT TO <{BASE}graph/m>",
               f"ADD DEFAULT TO <{BASE}graph/a>",
               f"WITH <{BASE}graph/w> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}"]
    nt = f"{triple} .\n".encode()
    refused: list[tuple[str, httpx.Response]] = []
    for text in updates:
        refused += [
            (f"/update form: {text}", c.post(base + "update", data={"update": text})),
            (f"/update GET: {text}", c.get(base + "update", params={"update": text})),
            (f"/update body: {text}", c.post(base + "update", content=text.encode(),
                                             headers={"Content-Type":
                                                      "application/sparql-update"})),
            (f"/query update=: {text}", c.post(base + "query", data={"update": text})),
            (f"/query GET update=: {text}", c.get(base + "query", params={"update": text})),
            (f"/query as query: {text}", c.post(base + "query", data={"query": text})),
            (f"/query sparql-update body: {text}", c.post(
                base + "query", content=text.encode(),
                headers={"Content-Type": "application/sparql-update"})),
        ]
    for method in ("PUT", "POST", "DELETE", "PATCH"):
        for params in ({"default": ""}, {"graph": f"{BASE}graph/x"}, {}):
            refused.append((f"{method} /store {params}", c.request(
                method, base + "store", params=params, content=nt,
                headers={"Content-Type": "application/n-triples"})))
    for context, resp in refused:
        _assert_clear_4xx(resp, context)
        assert resp.status_code == 403, (context, resp.status_code, resp.text)
        assert "read-only" in resp.text or "refused" in resp.text, (context, resp.text)
    assert _snapshot(served_endpoint) == before


# -- SERVICE and LOAD ---------------------------------------------------------------------

def test_service_in_any_spelling_or_transport_fetches_nothing(served_endpoint, listener):
    c, query_url = served_endpoint.client, served_endpoint.query_url
    seen = 0
    for name, text in service_queries(listener.url).items():
        for transport, resp in _transports(c, query_url, text).items():
            _assert_clear_4xx(resp, (name, transport))
            if name != "codepoint escape":  # Oxigraph does not read \u escapes as keywords
                assert resp.status_code == 403, (name, transport, resp.text)
                assert "SERVICE" in resp.text and "refused" in resp.text
            seen += 1
    assert seen == 19 * 6
    assert listener.connections == [], "the server connected to the listener"


def test_service_after_a_less_than_is_refused(served_endpoint, listener):
    text = less_than_then_service(listener.url + "lt")
    before = len(listener.connections)
    resp = served_endpoint.client.get(served_endpoint.query_url, params={"query": text})
    time.sleep(0.2)  # a connection attempt, if any, is recorded by the listener's thread
    assert len(listener.connections) == before, "the server fetched the SERVICE URL"
    _assert_clear_4xx(resp, text)


def test_load_is_refused_everywhere(served_endpoint, listener):
    c, base = served_endpoint.client, served_endpoint.url
    loads = [f"LOAD <{listener.url}x.ttl>", f"load silent <{listener.url}y.ttl>",
             f"LOAD <{listener.url}z.ttl> INTO GRAPH <{BASE}graph/z>",
             f"# load it\nLoAd <{listener.url}w.ttl>"]
    for text in loads:
        for transport, resp in _transports(c, base + "query", text).items():
            _assert_clear_4xx(resp, (text, transport))
            assert resp.status_code == 403 and "LOAD" in resp.text
        for resp in (c.post(base + "update", data={"update": text}),
                     c.post(base + "update", content=text.encode(),
                            headers={"Content-Type": "application/sparql-update"})):
            assert resp.status_code == 403 and "read-only" in resp.text
    assert listener.connections == []


def test_keywords_inside_literals_iris_and_names_still_work(served_endpoint):
    c, query_url = served_endpoint.client, served_endpoint.query_url
    queries = {
        'SELECT ("SERVICE <http://127.0.0.1:9/>" AS ?t) WHERE { }': "SERVICE <http://127.0.0.1:9/>",
        "SELECT ('load insert delete' AS ?t) WHERE { }": "load insert delete",
        'SELECT ("""a\nSERVICE <x> {}\n""" AS ?t) WHERE { }': "a\nSERVICE <x> {}\n",
        "PREFIX ex: <http://example.org/service/>\nSELECT (ex:load AS ?t) WHERE { }":
            "http://example.org/service/load",
        "SELECT ?t WHERE { BIND(\"drop\" AS ?t) } # SERVICE <http://127.0.0.1:9/>": "drop",
    }
    for text, value in queries.items():
        for resp in (c.get(query_url, params={"query": text}, headers={"Accept": SPARQL_JSON}),
                     c.post(query_url, content=text.encode(),
                            headers={"Accept": SPARQL_JSON,
                                     "Content-Type": "application/sparql-query"})):
            assert resp.status_code == 200, (text, resp.text)
            assert resp.json()["results"]["bindings"][0]["t"]["value"] == value


def test_cli_refuses_service_in_process_and_remotely(real_build, served_endpoint, listener):
    for name in ("plain", "lower case, silent", "prefixed IRI", "in a subquery",
                 "after a comment"):
        text = service_queries(listener.url)[name]
        for where in (("--store", str(real_build.store_dir)),
                      ("--endpoint", served_endpoint.query_url)):
            proc = run_cli("query", "--text", text, *where, timeout=60)
            assert proc.returncode != 0, (name, where, proc.stdout)
            assert "Traceback" not in proc.stderr
            assert "refused: the query uses SERVICE" in proc.stderr, proc.stderr
            assert proc.stdout == ""
    proc = run_cli("query", "--text", f"LOAD <{listener.url}cli.ttl>",
                   "--store", str(real_build.store_dir))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    # refused as an update, or as "not a query" (the CLI runs SELECT and ASK only)
    assert ("refused: the query uses LOAD" in proc.stderr
            or "not a SPARQL query" in proc.stderr), proc.stderr
    assert listener.connections == []


def test_cli_refuses_service_after_a_less_than(real_build, listener):
    text = less_than_then_service(listener.url + "cli-lt")
    before = len(listener.connections)
    proc = run_cli("query", "--text", text, "--store", str(real_build.store_dir), timeout=60)
    time.sleep(0.2)
    assert len(listener.connections) == before, "pyoxigraph fetched the SERVICE URL"
    assert proc.returncode != 0 and "refused" in proc.stderr


# -- timeout -------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=("memory", "disk"))
def slow_server(real_build, tmp_path_factory, request):
    """A server with a 1-second query limit (stopped with the module: a query the backend
    did not stop dies with it); each engine (two query workers from memory)."""
    server = ServedStore.start(real_build.store_dir,
                               tmp_path_factory.mktemp("slow") / "serve.log",
                               extra=("--timeout-s", str(SERVER_TIMEOUT_S), "--engine",
                                      request.param, "--workers", "2"))
    server.engine = request.param
    yield server
    server.stop()


def test_an_expensive_query_is_stopped_and_the_server_answers_next(slow_server):
    c = slow_server.client
    for resp in (c.get(slow_server.query_url, params={"query": EXPENSIVE}),
                 c.post(slow_server.query_url, content=EXPENSIVE.encode(),
                        headers={"Content-Type": "application/sparql-query"})):
        assert resp.status_code in (500, 503, 504), resp.text
        assert "too long" in resp.text or "timeout" in resp.text.lower(), resp.text
        ok = c.get(slow_server.query_url, params={"query": "ASK { ?s ?p ?o }"},
                   headers={"Accept": SPARQL_JSON})
        assert ok.status_code == 200 and ok.json()["boolean"] is True


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks


def _the_engines(server: ServedStore, wait_s: float = 30.0) -> list[int]:
    """The live engine processes of a server: one Oxigraph server, or two query workers. One
    replaced by an earlier test may still be stopping (it gets a grace period), its
    replacement still loading: wait until there are as many as expected."""
    count = 1 if server.engine == "disk" else 2
    deadline = time.monotonic() + wait_s
    while True:
        live = engine_pids(server.process.pid)
        if len(live) == count or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert len(live) == count, f"expected {count} engine processes, found {live}"
    return live


def test_a_stopped_query_no_longer_uses_the_backend(slow_server):
    """Neither Oxigraph's server nor pyoxigraph stops every overrunning query itself: the
    guard replaces the engine process, so the stopped query burns no more CPU and the
    endpoint keeps answering."""
    engines = _the_engines(slow_server)
    resp = slow_server.client.get(slow_server.query_url, params={"query": EXPENSIVE})
    assert resp.status_code >= 500
    time.sleep(SERVER_TIMEOUT_S + 1)  # give the old engine process time to be stopped
    start = {}
    for pid in engines:
        try:
            start[pid] = _cpu_seconds(pid)
        except FileNotFoundError:
            pass  # the old engine process is gone: nothing runs the stopped query
    time.sleep(3)
    for pid, cpu in start.items():
        try:
            # a query still running burns ~3 s of CPU here; a stopped or idle process none
            assert _cpu_seconds(pid) - cpu < 1.0, pid
        except FileNotFoundError:
            pass
    assert len(start) < len(engines) or slow_server.engine == "disk"  # a worker was killed
    ok = slow_server.client.get(slow_server.query_url, params={"query": "ASK { }"},
                                headers={"Accept": SPARQL_JSON})
    assert ok.status_code == 200 and ok.json()["boolean"] is True


def test_cli_against_an_endpoint_gives_up_after_its_timeout(slow_server):
    proc = run_cli("query", "--text", EXPENSIVE, "--endpoint", slow_server.query_url,
                   "--timeout", "2", timeout=120)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr
    message = proc.stderr.strip()
    assert message.startswith("error:") and len(message.splitlines()) <= 2, message
    assert slow_server.query_url in message or "too long" in message or "time" in message
    ok = slow_server.client.get(slow_server.query_url, params={"query": "ASK { }"},
                                headers={"Accept": SPARQL_JSON})
    assert ok.status_code == 200 and ok.json()["boolean"] is True

