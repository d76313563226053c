"""The guard in front of the Oxigraph server: SPARQL queries pass, everything else is refused.

Oxigraph's read-only mode refuses updates but still executes ``SERVICE <url>`` (the server
would fetch any URL a client names). This proxy answers on the public address and forwards
to Oxigraph on a private loopback port only what is safe:

- ``/query`` and ``/sparql``: SPARQL 1.1 Protocol queries (``GET ?query=``, ``POST`` form,
  ``POST application/sparql-query``) after :func:`mineralgraph.guard.refuse_unsafe`;
  SERVICE, LOAD and updates get ``403`` with the reason;
- ``/update``: always ``403``; ``/store``: reads (``GET``/``HEAD``) pass, writes get ``403``;
- ``/``: the query page (YASGUI with the project's prefixes and named queries as tabs) and
  ``/prefixes.json`` (its prefix completion); its assets are passed through from Oxigraph;
- ``OPTIONS`` (CORS preflight): ``204``; every answer carries
  ``Access-Control-Allow-Origin: *`` so a page from another origin can query (read-only);
- anything else: ``404``; malformed requests and queries past the guard's size limits: ``400``.

An answer is held until complete up to ``BUFFER_BYTES`` (so a query Oxigraph cancels at its
time limit is answered ``504``, not ``200`` with a message appended to the rows); a larger
one is streamed, and cut (the chunked stream is left unterminated, which every client reads
as an error) if it passes ``max_result_bytes``, the time limit, or ends with Oxigraph's
cancellation message. At most ``max_queries`` queries run at once; others wait their turn.

One keep-alive HTTP client is shared by all request threads (a new connection per query
costs ~25×).
"""

from __future__ import annotations

import contextlib
import http.server
import socket
import threading
import time
from collections.abc import Callable
from urllib.parse import parse_qs, urlencode, urlsplit

from .guard import QueryTooLargeError, UnsafeQueryError, refuse_unsafe

MAX_BODY = 1 << 20  # a SPARQL query larger than 1 MiB is refused (413)
BUFFER_BYTES = 1 << 20  # answers up to this size are checked whole before they are sent
MAX_RESULT_BYTES = 256 << 20  # a streamed answer is cut past this size
MAX_QUERIES = 16  # queries forwarded at once (2 per core would do; the rest queue)
GRACE_S = 5.0  # the backend's own time limit first; ours after this much more
CANCELLED = b"The SPARQL operation has been cancelled"  # what Oxigraph 0.5 appends
TOO_LONG = "the query took too long and was stopped"
QUERY_PATHS = ("/query", "/sparql")
ASSET_PATHS = ("/yasgui.min.css", "/yasgui.min.js", "/logo.svg")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
    "Access-Control-Max-Age": "86400",
}
# Parameters of the SPARQL 1.1 Protocol that a query request may carry besides the query.
DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
               "proxy-authenticate", "proxy-authorization", "content-length",
               "content-encoding", "server"}


class Refusal(Exception):
    """A request the guard answers itself, with an HTTP status and a plain-text reason."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def make_handler(client, supervisor, *, log: Callable[[str], None] | None = None,
                 pages: dict[str, tuple[bytes, str]] | None = None, timeout_s: float = 30.0,
                 max_queries: int = MAX_QUERIES, max_result_bytes: int = MAX_RESULT_BYTES):
    """A request-handler class bound to a backend supervisor and one shared ``httpx.Client``.

    ``supervisor`` gives the current backend (``url()``), lets request threads join its
    network namespace (``enter()``) and hears of overruns (``timed_out``) and broken
    connections (``failed``); see :class:`mineralgraph.serve.Supervisor`.
    """

    class GuardHandler(_GuardHandler):
        _client = client
        _supervisor = supervisor
        _log = staticmethod(log) if log else None
        _pages = pages or {}
        _timeout_s = timeout_s
        _slots = threading.BoundedSemaphore(max_queries)
        _max_result = max_result_bytes

    return GuardHandler


class _GuardHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: clients reuse their connection
    server_version = "mineralgraph-guard"
    timeout = 120  # an idle keep-alive connection is closed after this many seconds
    # Answers are buffered and sent whole when the request is done (the base class flushes):
    # many small writes on a keep-alive socket would wait on delayed ACKs (~40 ms each).
    wbufsize = 1 << 16
    _client = None
    _supervisor = None
    _log: Callable[[str], None] | None = None
    _pages: dict[str, tuple[bytes, str]] = {}
    _timeout_s = 30.0
    _slots: threading.BoundedSemaphore
    _max_result = MAX_RESULT_BYTES

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._supervisor.enter()  # connections to the backend are made in its namespace

    def send_response(self, code: int, message: str | None = None) -> None:
        super().send_response(code, message)
        if code >= 200:  # not on "100 Continue"
            for key, value in CORS_HEADERS.items():
                self.send_header(key, value)

    def handle_expect_100(self) -> bool:
        # the interim "100 Continue" must leave the buffer now: the client (curl, for any
        # body over 1 KiB) waits for it before sending the query
        answer = super().handle_expect_100()
        self.wfile.flush()
        return answer

    # -- dispatch -------------------------------------------------------------------------
    def _dispatch(self) -> None:
        self._handle(self.command)

    # every method goes through the same routing, which answers 403/405 where it must
    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _dispatch

    def _handle(self, method: str) -> None:
        try:
            path = urlsplit(self.path).path
            if method == "OPTIONS":  # CORS preflight: the allowed methods and headers
                self._drain()
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif path in QUERY_PATHS:
                self._query(method)
            elif path == "/update":
                self._drain()
                raise Refusal(403, "refused: this endpoint is read-only (SPARQL Update is "
                                   "not accepted)")
            elif path == "/store":
                self._store(method)
            elif path in self._pages or path in ASSET_PATHS:
                if method not in ("GET", "HEAD"):
                    self._drain()
                    raise Refusal(405, f"{method} is not allowed on {path}")
                if path in self._pages:
                    self._send(200, *self._pages[path])
                else:
                    self._forward(method, path, urlsplit(self.path).query)
            else:
                self._drain()
                raise Refusal(404, f"not found: {path} (the SPARQL endpoint is /query)")
        except Refusal as refusal:
            self._reply(refusal.status, refusal.message)
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    # -- routes ---------------------------------------------------------------------------
    def _query(self, method: str) -> None:
        if method in ("GET", "HEAD"):
            params = _parse_query_string(urlsplit(self.path).query)
            if "update" in params:  # an update is refused as such, with or without a query
                raise Refusal(403, "refused: SPARQL Update is not accepted (read-only)")
            refuse_safely(_single(params, "query"))
            self._forward(method, "/query", _encode(params))
            return
        if method != "POST":
            self._drain()
            raise Refusal(405, f"{method} is not allowed on a query endpoint (use GET or POST)")
        body = self._body()
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-query":
            query = _decode(body)
            refuse_safely(query)
            params = _parse_query_string(urlsplit(self.path).query)
            self._forward("POST", "/query", _encode(params), body=body,
                          content_type="application/sparql-query")
        elif ctype == "application/x-www-form-urlencoded":
            params = _parse_query_string(_decode(body))
            if "update" in params:
                raise Refusal(403, "refused: SPARQL Update is not accepted (read-only)")
            refuse_safely(_single(params, "query"))
            self._forward("POST", "/query", "", body=_encode(params).encode("utf-8"),
                          content_type="application/x-www-form-urlencoded")
        elif ctype == "application/sparql-update":
            raise Refusal(403, "refused: SPARQL Update is not accepted (read-only)")
        else:
            raise Refusal(415, "a SPARQL query is sent as GET ?query=…, as a POST form "
                               "(application/x-www-form-urlencoded) or as "
                               "application/sparql-query")

    def _store(self, method: str) -> None:
        if method not in ("GET", "HEAD"):
            self._drain()
            raise Refusal(403, "refused: the graph store is read-only (Graph Store Protocol "
                               "writes are not accepted)")
        params = _parse_query_string(urlsplit(self.path).query)
        self._forward(method, "/store", _encode(params))

    # -- plumbing -------------------------------------------------------------------------
    def _body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise Refusal(411, "send the request body with a Content-Length")
        raw = self.headers.get("Content-Length")
        try:
            length = int(raw) if raw is not None else 0
        except ValueError:
            self.close_connection = True
            raise Refusal(400, f"bad Content-Length: {raw!r}") from None
        if length < 0:
            self.close_connection = True
            raise Refusal(400, "bad Content-Length")
        if length > MAX_BODY:
            self.close_connection = True
            raise Refusal(413, f"request body over {MAX_BODY} bytes")
        return self.rfile.read(length)

    def _drain(self) -> None:
        """Read and drop a request body, so the connection can serve the next request."""
        try:
            self._body()
        except Refusal:
            self.close_connection = True

    def _forward(self, method: str, path: str, query_string: str, *, body: bytes | None = None,
                 content_type: str | None = None) -> None:
        if not self._slots.acquire(timeout=self._timeout_s):
            raise Refusal(503, "the endpoint is busy; try again shortly")
        try:
            base = self._supervisor.url()
            if base is None:
                raise Refusal(503, "the query engine is restarting; try again shortly")
            url = base + path + (f"?{query_string}" if query_string else "")
            headers = {"Accept": self.headers.get("Accept", "*/*")}
            if content_type:
                headers["Content-Type"] = content_type
            deadline = time.monotonic() + self._timeout_s + GRACE_S
            request = self._client.build_request(method, url, content=body, headers=headers)
            with self._backend_errors(base):
                response = self._client.send(request, stream=True)
            try:
                self._relay(method, response, base, deadline)
            finally:
                response.close()
        finally:
            self._slots.release()

    @contextlib.contextmanager
    def _backend_errors(self, base: str):
        """The backend's failures as answers: a timeout is 504 (and the backend replaced), a
        broken connection 503 (and the supervisor told)."""
        import httpx

        try:
            yield
        except httpx.TimeoutException:
            self._supervisor.timed_out(base)
            raise Refusal(504, TOO_LONG) from None
        except httpx.HTTPError:
            self._supervisor.failed(base)
            raise Refusal(503, "the query engine stopped while answering; it is being "
                               "restarted") from None

    def _relay(self, method: str, response, base: str, deadline: float) -> None:
        """Send the backend's answer: whole if it is small, else streamed (see the module)."""
        chunks = response.iter_bytes()
        held: list[bytes] = []
        size, complete = 0, True
        with self._backend_errors(base):
            for chunk in chunks:
                held.append(chunk)
                size += len(chunk)
                if time.monotonic() > deadline:
                    self._supervisor.timed_out(base)
                    raise Refusal(504, TOO_LONG)
                if size >= BUFFER_BYTES:
                    complete = False
                    break
        data = b"".join(held)
        ctype = response.headers.get("content-type", "")
        if complete:
            _check_whole(data, ctype)
        self.send_response(response.status_code)
        for key, value in response.headers.items():
            if key.lower() not in _HOP_BY_HOP and not key.lower().startswith("access-control"):
                self.send_header(key, value)
        if complete:
            if method != "HEAD":
                self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(data)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self._stream(data, chunks, deadline, ctype)

    def _stream(self, data: bytes, chunks, deadline: float, ctype: str) -> None:
        """Stream a large answer, holding back a tail as long as Oxigraph's cancellation
        message, so that a cancelled answer is cut rather than passed as whole."""
        import httpx

        keep = len(CANCELLED)
        sent = len(data)
        pending = data
        try:
            for chunk in chunks:
                sent += len(chunk)
                if sent > self._max_result or time.monotonic() > deadline:
                    self.close_connection = True  # unterminated: the client sees an error
                    return
                pending += chunk
                if len(pending) > keep:
                    out, pending = pending[:-keep], pending[-keep:]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(out), out))
        except httpx.HTTPError:
            self.close_connection = True
            return
        try:
            _check_whole(pending, ctype)
        except Refusal:  # too late for a status: cut, so the client sees an error
            self.close_connection = True
            return
        if pending:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(pending), pending))
        self.wfile.write(b"0\r\n\r\n")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _reply(self, status: int, message: str) -> None:
        body = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (stdlib signature)
        if self._log:
            self._log(f"{self.address_string()} {format % args}")


def _check_whole(data: bytes, content_type: str) -> None:
    """Refuse an answer that Oxigraph ended with an error message instead of its closing
    bracket: it streams results, so a failure mid-answer (a cancelled query, a SERVICE that
    cannot connect) is appended as text to a ``200``. CSV and TSV cannot be checked."""
    if data.endswith(CANCELLED):
        raise Refusal(504, TOO_LONG)
    tail = data.rstrip()
    broken = ((("json" in content_type) and tail and not tail.endswith(b"}"))
              or (("xml" in content_type) and tail and not tail.endswith(b">")))
    if broken:
        message = tail[-300:].decode("utf-8", errors="replace").rsplit("[", 1)[-1]
        raise Refusal(502, f"the query failed while answering: {message}")


def refuse_safely(query: str) -> None:
    """:func:`refuse_unsafe` with its error turned into an answer: 403 for what is refused,
    400 for a query past the size limits."""
    try:
        refuse_unsafe(query)
    except UnsafeQueryError as exc:
        raise Refusal(403, str(exc)) from None
    except QueryTooLargeError as exc:
        raise Refusal(400, str(exc)) from None


def _parse_query_string(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict",
                        max_num_fields=100)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Refusal(400, f"malformed request parameters: {exc}") from None


def _single(params: dict[str, list[str]], name: str) -> str:
    values = params.get(name, [])
    if len(values) != 1 or not values[0].strip():
        what = "no" if not values or not values[0].strip() else "more than one"
        raise Refusal(400, f"{what} '{name}' parameter: send exactly one SPARQL query")
    return values[0]


def _encode(params: dict[str, list[str]]) -> str:
    """Only the parameters the SPARQL Protocol defines for a query, re-encoded."""
    keep = {k: v for k, v in params.items() if k == "query" or k in DATASET_PARAMS
            or k in ("graph", "default")}
    return urlencode(keep, doseq=True)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(400, "the request body is not UTF-8") from None
