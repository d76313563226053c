"""The guard's decision on query text: a fuzzed corpus of SERVICE and LOAD spellings is
refused, the same words as data pass, limits give a clear refusal, and the engine of the
embedded store cannot reach the network even when the guard is switched off.

The corpus crosses what a spelling can vary (keyword case and ``\\u`` escapes, what precedes
the keyword — comments ended by CR or LF, long strings holding ``#`` lines, escaped quotes,
a less-than whose ``>`` hides in a comment — the gap before the endpoint, and the endpoint
itself: IRI, prefixed name, empty prefix, variable). ``test_endpoint_hardening.py`` sends a
sample of it through every transport of ``serve`` and the CLI.
"""

from __future__ import annotations

import itertools
import random

import pytest

from mineralgraph.errors import MineralgraphError
from mineralgraph.guard import (MAX_DEPTH, MAX_OPERATORS, QueryTooLargeError, UnsafeQueryError,
                                refuse_unsafe)

KEYWORDS = ["SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "SERVIC\\u0045",
            "\\U00000053\\U00000045RVICE", "SERVICE SILENT", "service silent", "SERVICESILENT"]
BEFORE = [
    "",
    "# a comment\n",
    "#\r",  # the comment ends at CR: the issue's first bypass
    "#\r\n",
    "# ends at a form feed? no: at CR \r",
    'BIND("""a\n# hidden?\n""" AS ?t) ',  # a line starting with # inside a long string
    "BIND('''x\n#''' AS ?u) ",
    'BIND("a\\"b" AS ?q) ',
    "BIND(1 AS ?a) FILTER(?a<2)",  # then `SERVICE#>` + newline: '<' as less-than
    "?s ?p true ",  # keyword right after a boolean object
    "{ ?s ?p ?o } UNION { ?s ?p ?o } ",
]
GAP = [" ", "\t", "\n", "\r", "", "#>\n", "#x\r", " #c\r\n "]


def endpoints(url: str) -> list[tuple[str, str]]:
    """(prologue, endpoint) pairs naming ``url``."""
    return [("", f"<{url}>"), (f"PREFIX ex: <{url}>\n", "ex:svc"),
            (f"PREFIX : <{url}>\n", ":"), (f"PREFIX : <{url}>\n", ":x"),
            ("", "?svc"), (f"BASE <{url}>\n", "<relative>")]


def service_corpus(url: str, *, size: int | None = None, seed: int = 18) -> list[str]:
    """Every combination (or a seeded sample of ``size``) of the parts above."""
    combos = list(itertools.product(KEYWORDS, BEFORE, GAP, endpoints(url)))
    if size is not None:
        combos = random.Random(seed).sample(combos, size)
    out = []
    for keyword, before, gap, (prologue, target) in combos:
        bind = f"BIND(<{url}> AS ?svc) " if target == "?svc" else ""
        out.append(f"{prologue}SELECT * WHERE {{ {bind}{before}{keyword}{gap}{target} "
                   "{ ?s ?p ?o } }")
    return out


def load_corpus(url: str) -> list[str]:
    return [f"{before}{kw}{gap}<{url}{i}.ttl>"
            for i, (kw, before, gap) in enumerate(itertools.product(
                ["LOAD", "load", "LoAd", "\\u004COAD", "LOAD SILENT", "LOADSILENT"],
                ["", "#\r", "# x\n", "PREFIX ex: <http://example.org/>\n"], [" ", "\r", ""]))]


def test_every_service_spelling_is_refused():
    corpus = service_corpus("http://127.0.0.1:9/x")
    assert len(corpus) == len(KEYWORDS) * len(BEFORE) * len(GAP) * 6 > 4000
    missed = []
    for text in corpus:
        try:
            refuse_unsafe(text)
            missed.append(text)
        except UnsafeQueryError as exc:
            assert "SERVICE" in str(exc)
    assert missed == [], missed[:5]


def test_every_load_spelling_is_refused():
    for text in load_corpus("http://127.0.0.1:9/"):
        with pytest.raises(UnsafeQueryError, match="LOAD"):
            refuse_unsafe(text)


def test_the_issue_spellings_are_refused():
    url = "http://127.0.0.1:8765/x"
    for text in [f"#\rSELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                 f'SELECT * WHERE {{ BIND("""x\n#""" AS ?b) BIND(1 AS ?a) '
                 f"FILTER(?a<2)SERVICE#>\n<{url}> {{ ?s ?p ?o }} }}"]:
        with pytest.raises(UnsafeQueryError, match="SERVICE"):
            refuse_unsafe(text)


@pytest.mark.parametrize("text", [
    'SELECT ("SERVICE <http://127.0.0.1:9/>" AS ?t) WHERE { }',
    "SELECT ('load insert delete' AS ?t) WHERE { }",
    'SELECT ("""a\nSERVICE <x> {}\n""" AS ?t) WHERE { }',
    "SELECT ('''#\rSERVICE''' AS ?t) WHERE { }",
    "PREFIX ex: <http://example.org/service/>\nSELECT (ex:load AS ?t) WHERE { }",
    "SELECT ?t WHERE { BIND(\"drop\" AS ?t) } # SERVICE <http://127.0.0.1:9/>",
    "SELECT * WHERE { ?s <http://example.org/service#load> ?o } LIMIT 1",
    "SELECT ?service ?load WHERE { ?service ?p ?load } LIMIT 1",
    "SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
])
def test_the_words_as_data_pass(text):
    refuse_unsafe(text)


def test_every_named_query_passes():
    from mineralgraph.query import list_queries

    for q in list_queries():
        refuse_unsafe(q.text)


def test_queries_past_the_limits_get_a_clear_refusal():
    # the issue's crash: a FILTER of 10,000 `||` terms (160 KB)
    wide = "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(
        f"?o = \"{i:05d}\"" for i in range(10_000)) + ") }"
    assert len(wide) > 150_000
    with pytest.raises(QueryTooLargeError, match=f"limit is {MAX_OPERATORS:,}"):
        refuse_unsafe(wide)
    deep = "SELECT * WHERE " + "{" * 300 + " ?s ?p ?o " + "}" * 300
    with pytest.raises(QueryTooLargeError, match=f"limit is {MAX_DEPTH}"):
        refuse_unsafe(deep)
    # operators hidden from a plain reading inside `<…>` still count
    hidden = "SELECT * WHERE { ?s ?p ?o FILTER(?a<1" + "&&1" * 5000 + ">0) }"
    with pytest.raises(QueryTooLargeError):
        refuse_unsafe(hidden)
    with pytest.raises(QueryTooLargeError, match="characters long"):
        refuse_unsafe("ASK { } #" + "x" * 300_000)


def test_a_long_query_is_decided_without_a_full_parse():
    """The issue's slow case (any query mentioning "service": 100 s at 960 KB) is decided by
    the tokenizer; the time is measured in benchmarks/, here only the answer."""
    line = "?s ?p 'service' .  # service\n"
    text = "SELECT * WHERE { " + line * (250_000 // len(line)) + "}"
    refuse_unsafe(text)


# -- defence in depth: the embedded engine has no network ----------------------------------

def test_the_embedded_engine_cannot_fetch_even_without_the_guard(mini_build, http_listener,
                                                                 monkeypatch):
    import mineralgraph.store as store_module
    from mineralgraph.store import EmbeddedStore, _engine

    url, hits = http_listener
    assert _engine().isolation is None, _engine().isolation  # root here and in CI
    monkeypatch.setattr(store_module, "refuse_unsafe", lambda query: None)
    store = EmbeddedStore(mini_build.store_dir, memory=False)
    for text in (f"SELECT * WHERE {{ SERVICE <{url}a> {{ ?s ?p ?o }} }}",
                 f"ASK {{ SERVICE <{url}b> {{ ?s ?p ?o }} }}"):
        with pytest.raises(MineralgraphError, match="query failed"):
            (store.select if text.startswith("SELECT") else store.ask)(text)
    assert hits == [], "the embedded engine reached the listener"
    # the calling thread keeps its network: only the engine's thread is isolated
    import httpx

    assert httpx.get(url + "c", timeout=5).status_code == 500 and hits == ["/c"]
