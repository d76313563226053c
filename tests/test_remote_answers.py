"""``--endpoint`` against an endpoint that misbehaves: every bad answer is one clear error.

A small loopback server (the standard library's ``http.server``) answers each query in one
of many wrong ways: HTML instead of SPARQL JSON, JSON cut off half-way, an endless stream,
arrays nested a million deep, a byte every half second, JSON of the wrong shape. The
RemoteStore (and the CLI on top of it) must answer each with a MineralgraphError naming the
endpoint — no KeyError, AttributeError or RecursionError, bounded memory, and within its
total time limit.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mineralgraph import remote_answer
from mineralgraph.errors import MineralgraphError
from mineralgraph.store import RemoteStore

from conftest import run_cli

GOOD_ROW = {"n": {"type": "literal", "value": "1"}}
MODES = {
    # mode: (content type, body or a generator of chunks)
    "html": ("text/html", b"<html><body>Welcome to the portal</body></html>"),
    "truncated": ("application/sparql-results+json",
                  b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"lit'),
    "nested": ("application/sparql-results+json", b"[" * 200_000 + b"]" * 200_000),
    "not-an-object": ("application/sparql-results+json", b'["a", "b"]'),
    "no-head": ("application/sparql-results+json", b'{"results": {"bindings": []}}'),
    "head-not-object": ("application/sparql-results+json",
                        b'{"head": 1, "results": {"bindings": []}}'),
    "bad-row": ("application/sparql-results+json",
                b'{"head": {"vars": ["n"]}, "results": {"bindings": [1, 2]}}'),
    "bad-term": ("application/sparql-results+json",
                 b'{"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {"value": 3}}]}}'),
    "ask-without-boolean": ("application/sparql-results+json", b'{"head": {}}'),
    "not-utf8": ("application/sparql-results+json", b'{"head": "\xff\xfe"}'),
    "good": ("application/sparql-results+json", json.dumps(
        {"head": {"vars": ["n"]}, "results": {"bindings": [GOOD_ROW]}}).encode()),
}


class _Misbehaving(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        mode = self.path.strip("/")
        if mode == "endless":
            self._chunked(b'{"head":{"vars":["n"]},"results":{"bindings":[' +
                          b'{"n":{"type":"literal","value":"x"}},' * 1000 for _ in range(10**6))
        elif mode == "drip":
            self._chunked((b" " for _ in range(1000)), pause=0.5)
        else:
            ctype, body = MODES[mode]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def _chunked(self, chunks, pause: float = 0.0):
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for chunk in chunks:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
                if pause:
                    time.sleep(pause)
        except OSError:
            pass  # the client gave up, as it should

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def bad_endpoint():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Misbehaving)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


SELECT = "SELECT ?n WHERE { ?s ?p ?n }"


@pytest.mark.parametrize("mode,expected", [
    ("html", "did not answer with SPARQL JSON (content type text/html"),
    ("truncated", "malformed or truncated JSON"),
    ("nested", "nested too deeply"),
    ("not-an-object", "not a SPARQL result"),
    ("no-head", "without SPARQL SELECT results"),
    ("head-not-object", "without SPARQL SELECT results"),
    ("bad-row", "malformed result row"),
    ("bad-term", "malformed result row"),
    ("not-utf8", "malformed or truncated JSON"),
])
def test_a_malformed_answer_is_one_clear_error(bad_endpoint, mode, expected):
    store = RemoteStore(bad_endpoint + mode, timeout=10)
    try:
        with pytest.raises(MineralgraphError) as err:
            store.select(SELECT)
        assert expected in str(err.value) and (bad_endpoint + mode) in str(err.value)
    finally:
        store.close()


def test_ask_without_a_boolean_is_a_clear_error(bad_endpoint):
    store = RemoteStore(bad_endpoint + "ask-without-boolean", timeout=10)
    with pytest.raises(MineralgraphError, match="no boolean"):
        store.ask("ASK { }")
    store.close()


def test_the_good_answer_still_reads(bad_endpoint):
    store = RemoteStore(bad_endpoint + "good", timeout=10)
    assert store.select(SELECT).rows() == [{"n": "1"}]
    store.close()


def test_an_endless_stream_is_cut_at_the_size_limit(bad_endpoint, monkeypatch):
    monkeypatch.setattr(remote_answer, "MAX_ANSWER_BYTES", 2 * 1024 * 1024)
    store = RemoteStore(bad_endpoint + "endless", timeout=60)
    with pytest.raises(MineralgraphError, match="more than 2 MiB of answer"):
        store.select(SELECT)
    store.close()


def test_a_dripping_answer_meets_the_total_deadline(bad_endpoint):
    """A byte every half second never trips a per-read timeout; the total one stops it."""
    store = RemoteStore(bad_endpoint + "drip", timeout=2)
    with pytest.raises(MineralgraphError, match=r"did not answer in time \(2 s\)"):
        store.select(SELECT)
    store.close()


@pytest.mark.parametrize("mode", ["html", "truncated", "nested", "bad-row", "drip"])
def test_the_cli_says_what_is_wrong_without_a_traceback(bad_endpoint, mode):
    proc = run_cli("query", "--text", SELECT, "--endpoint", bad_endpoint + mode,
                   "--timeout", "3", timeout=60)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith("error:") and bad_endpoint in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) <= 3, proc.stderr
