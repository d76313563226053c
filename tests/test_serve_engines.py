"""Both engines of ``mineralgraph serve`` answer alike: the in-memory query workers (default
while the graph fits) and the Oxigraph server on disk (``--engine disk``), each a real server
over HTTP on the mini data set. Same statuses, same content types chosen from ``Accept``, same
rows, triples and Graph Store reads; the memory engine's workers each loaded the data once and
run without network.
"""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET

import pytest
import rdflib
from rdflib.compare import isomorphic

from mineralgraph.vocab import BASE

from _server import ServedStore, engine_pids

pytestmark = pytest.mark.server

SELECT = f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?label WHERE {{ ?s rdfs:label ?label FILTER(STRSTARTS(STR(?s), "{BASE}id/")) }}
ORDER BY ?s ?label"""
CONSTRUCT = f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT {{ ?s rdfs:label ?label }} WHERE {{ ?s rdfs:label ?label }}"""
ASK = f"ASK {{ <{BASE}id/org/acme-mining> ?p ?o }}"
SELECT_TYPES = ["application/sparql-results+json", "application/sparql-results+xml",
                "text/csv", "text/tab-separated-values", "application/json", "text/plain",
                "*/*", "text/csv;q=0.5, application/sparql-results+xml"]
GRAPH_TYPES = ["text/turtle", "application/n-triples", "application/rdf+xml",
               "application/n-quads", "*/*"]


@pytest.fixture(scope="module")
def servers(mini_build, tmp_path_factory):
    started = {}
    try:
        for engine in ("memory", "disk"):
            started[engine] = ServedStore.start(
                mini_build.store_dir, tmp_path_factory.mktemp(engine) / "serve.log",
                extra=("--engine", engine, "--workers", "2"))
        yield started
    finally:
        for server in started.values():
            server.stop()


def _get(server: ServedStore, path: str, accept: str, **params):
    return server.client.get(server.url + path, params=params, headers={"Accept": accept})


def _rows(resp) -> list:
    """The answer's content, independent of whitespace and attribute order."""
    ctype = resp.headers["content-type"]
    if "json" in ctype:
        return [sorted(b.items()) for b in resp.json()["results"]["bindings"]]
    if "xml" in ctype:
        ns = "{http://www.w3.org/2005/sparql-results#}"
        return [sorted((b.get("name"), ET.tostring(b[0])) for b in r.findall(f"{ns}binding"))
                for r in ET.fromstring(resp.content).iter(f"{ns}result")]
    delimiter = "\t" if "tab-separated" in ctype else ","
    return list(csv.reader(io.StringIO(resp.text), delimiter=delimiter))


def test_select_in_every_results_format_is_the_same_on_both_engines(servers):
    for accept in SELECT_TYPES:
        memory, disk = (_get(servers[e], "query", accept, query=SELECT) for e in servers)
        assert memory.status_code == disk.status_code == 200, (accept, memory.text)
        assert memory.headers["content-type"] == disk.headers["content-type"], accept
        assert _rows(memory) == _rows(disk) and _rows(memory), accept
    ask = [_get(servers[e], "query", "application/sparql-results+json", query=ASK).json()
           for e in servers]
    assert ask[0] == ask[1] == {"head": {}, "boolean": True}


def test_construct_by_accept_gives_the_same_graph_on_both_engines(servers):
    for accept in GRAPH_TYPES:
        memory, disk = (_get(servers[e], "query", accept, query=CONSTRUCT) for e in servers)
        assert memory.status_code == disk.status_code == 200, (accept, memory.text)
        ctype = memory.headers["content-type"]
        assert ctype == disk.headers["content-type"], accept
        graphs = [rdflib.Graph().parse(data=r.content, format=_rdflib_format(ctype))
                  for r in (memory, disk)]
        assert len(graphs[0]) > 0 and isomorphic(*graphs), accept


def _rdflib_format(ctype: str) -> str:
    return {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
            "application/n-quads": "nquads"}[ctype.split(";")[0]]


def test_graph_store_reads_and_errors_are_the_same_on_both_engines(servers):
    for params in ({"default": ""}, {}, {"graph": f"{BASE}graph/nowhere"}):
        memory, disk = (_get(servers[e], "store", "*/*", **params) for e in servers)
        assert memory.status_code == disk.status_code, (params, memory.text, disk.text)
        if memory.status_code == 200:
            assert memory.headers["content-type"] == disk.headers["content-type"]
            assert sorted(memory.text.splitlines()) == sorted(disk.text.splitlines())
        else:
            assert memory.status_code == 404, params
    for accept, query in (("text/html", SELECT), ("text/turtle", SELECT),
                          ("text/csv", CONSTRUCT)):
        statuses = {_get(servers[e], "query", accept, query=query).status_code for e in servers}
        assert statuses == {406}, (accept, statuses)
    bad = {_get(servers[e], "query", "*/*", query=SELECT,
                **{"default-graph-uri": "not an iri"}).status_code for e in servers}
    assert bad == {400}


def test_memory_workers_hold_the_data_and_have_no_network(servers, mini_build):
    workers = engine_pids(servers["memory"].process.pid)
    assert len(workers) == 2
    quads = len((mini_build.out_dir / "dataset.nq").read_text().splitlines())
    answer = _get(servers["memory"], "query", "application/sparql-results+json", query=(
        "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"))
    assert int(answer.json()["results"]["bindings"][0]["n"]["value"]) == quads
    for pid in workers:
        assert "mineralgraph.engine_worker" in open(f"/proc/{pid}/cmdline").read()
        assert os.readlink(f"/proc/{pid}/ns/net") != os.readlink("/proc/self/ns/net")
    body = json.dumps(answer.json())
    assert body == json.dumps(_get(servers["disk"], "query", "application/sparql-results+json",
                                   query=("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION "
                                          "{ GRAPH ?g { ?s ?p ?o } } }")).json())
