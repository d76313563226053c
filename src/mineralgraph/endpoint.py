"""The served endpoint's asynchronous front (aiohttp) over the in-memory worker pool.

The same routes and refusals as the threaded guard of :mod:`mineralgraph.proxy` (which stays
in front of the Oxigraph server for graphs too large for memory): the query text is decided on
once by :func:`mineralgraph.proxy.refuse_safely`, then handed to a worker of
:class:`mineralgraph.engine_pool.Pool`, whose answer is streamed back as it is serialized.

- ``/query``, ``/sparql``: SPARQL 1.1 Protocol queries; SERVICE, LOAD, updates: 403;
- ``/update``: 403; ``/store``: reads pass (a worker serializes the graph), writes 403;
- ``/``, ``/prefixes.json`` and YASGUI's assets: the query page, served from memory;
- ``OPTIONS``: 204 with CORS headers; every answer carries ``Access-Control-Allow-Origin: *``;
- an answer up to ``BUFFER_BYTES`` is sent whole with its length; a larger one is streamed and
  cut (the chunked stream left unterminated: every client reads it as an error) when it passes
  the result limit or the time limit;
- at the time limit the worker is killed (504), at its memory limit too (503).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

from . import proxy
from .engine_pool import EngineBusy, EngineGone, EngineTimeout, Pool
from .proxy import (ASSET_PATHS, BUFFER_BYTES, CORS_HEADERS, DATASET_PARAMS, MAX_BODY,
                    QUERY_PATHS, TOO_LONG, Refusal, _parse_query_string, _single)

READ_ONLY = "refused: SPARQL Update is not accepted (read-only)"
RESTARTING = "the query engine stopped while answering (it passed its memory limit or " \
             "crashed); it is being restarted"
BUSY = "the endpoint is busy or its query engine is restarting; try again shortly"


class Front:
    """Request handling bound to a pool, the page files and the limits (see the module)."""

    def __init__(self, pool: Pool, pages: dict[str, tuple[bytes, str]], *,
                 log: Callable[[str], None] | None = None):
        self.pool, self.pages, self.log = pool, pages, log

    def app(self):
        from aiohttp import web

        app = web.Application(client_max_size=MAX_BODY, handler_args={"tcp_keepalive": True})
        app.router.add_route("*", "/{tail:.*}", self.handle)
        app.on_response_prepare.append(_cors)
        return app

    async def handle(self, request):
        from aiohttp import web

        try:
            response = await self._route(request)
        except Refusal as refusal:
            response = web.Response(status=refusal.status, text=refusal.message + "\n",
                                    charset="utf-8")
        if self.log:
            self.log(f"{request.remote} \"{request.method} {request.path_qs[:200]}\" "
                     f"{response.status}")
        return response

    async def _route(self, request):
        from aiohttp import web

        method, path = request.method, request.path
        if method == "OPTIONS":
            await _body(request)
            return web.Response(status=204)
        if path in QUERY_PATHS:
            return await self._query(request)
        if path == "/update":
            await _drain(request)
            raise Refusal(403, "refused: this endpoint is read-only (SPARQL Update is not "
                               "accepted)")
        if path == "/store":
            if method not in ("GET", "HEAD"):
                await _drain(request)
                raise Refusal(403, "refused: the graph store is read-only (Graph Store "
                                   "Protocol writes are not accepted)")
            params = _parse_query_string(request.query_string)
            graph = params.get("graph", [None])[0]
            return await self._answer(request, {"op": "store", "graph": graph,
                                                "whole": graph is None and "default" not in
                                                params})
        if path in self.pages:
            if method not in ("GET", "HEAD"):
                await _drain(request)
                raise Refusal(405, f"{method} is not allowed on {path}")
            body, ctype = self.pages[path]
            return web.Response(body=body, headers={"Content-Type": ctype})
        await _drain(request)
        raise Refusal(404, f"not found: {path} (the SPARQL endpoint is /query)")

    async def _query(self, request):
        method = request.method
        if method in ("GET", "HEAD"):
            params = _parse_query_string(request.query_string)
        elif method == "POST":
            body = await _body(request)
            ctype = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-query":
                params = _parse_query_string(request.query_string)
                params["query"] = [_decode(body)]
            elif ctype == "application/x-www-form-urlencoded":
                params = _parse_query_string(_decode(body))
            elif ctype == "application/sparql-update":
                raise Refusal(403, READ_ONLY)
            else:
                raise Refusal(415, "a SPARQL query is sent as GET ?query=…, as a POST form "
                                   "(application/x-www-form-urlencoded) or as "
                                   "application/sparql-query")
        else:
            await _drain(request)
            raise Refusal(405, f"{method} is not allowed on a query endpoint (use GET or POST)")
        if "update" in params:  # an update is refused as such, with or without a query
            raise Refusal(403, READ_ONLY)
        query = _single(params, "query")
        proxy.refuse_safely(query)
        return await self._answer(request, {
            "op": "query", "query": query, "default": params.get(DATASET_PARAMS[0], []),
            "named": params.get(DATASET_PARAMS[1], [])})

    async def _answer(self, request, job: dict):
        """Hand ``job`` to a worker; answer whole when small, else stream (see the module)."""
        from aiohttp import web

        job["accept"] = request.headers.get("Accept", "*/*")
        try:
            async with self.pool.worker() as (worker, deadline):
                frames = self.pool.frames(worker, job, deadline)
                kind, head = await anext(frames)
                head = json.loads(head)
                held, size = [], 0
                async for kind, payload in frames:
                    if kind != b"D":
                        break
                    held.append(payload)
                    size += len(payload)
                    if size >= BUFFER_BYTES:
                        break
                if kind == b"E":
                    return web.Response(status=head["status"], body=b"".join(held),
                                        headers={"Content-Type": head["type"]})
                if kind == b"X":
                    raise Refusal(502 if b"limit" not in payload else 413,
                                  "the query failed while answering: "
                                  + payload.decode("utf-8", errors="replace"))
                return await _stream(request, head, held, frames)
        except EngineBusy:
            raise Refusal(503, BUSY) from None
        except EngineTimeout:
            raise Refusal(504, TOO_LONG) from None
        except EngineGone:
            raise Refusal(503, RESTARTING) from None


async def _stream(request, head: dict, held: list[bytes], frames):
    """Send a large answer chunked; on a cut (result limit, time limit, a dead worker) the
    stream is left unterminated and the connection closed."""
    from aiohttp import web

    response = web.StreamResponse(status=head["status"],
                                  headers={"Content-Type": head["type"]})
    response.enable_chunked_encoding()
    await response.prepare(request)
    try:
        await response.write(b"".join(held))
        async for kind, payload in frames:
            if kind == b"D":
                await response.write(payload)
            elif kind == b"E":
                await response.write_eof()
                return response
            else:
                break
    except (EngineTimeout, EngineGone, ConnectionError):
        pass
    if request.transport is not None:
        request.transport.close()  # unterminated: the client sees an incomplete answer
    return response


async def _cors(request, response) -> None:
    for key, value in CORS_HEADERS.items():
        response.headers[key] = value


async def _body(request) -> bytes:
    if "chunked" in request.headers.get("Transfer-Encoding", "").lower():
        raise Refusal(411, "send the request body with a Content-Length")
    if (request.content_length or 0) > MAX_BODY:
        raise Refusal(413, f"request body over {MAX_BODY} bytes")
    return await request.read()


async def _drain(request) -> None:
    """Read and drop a request body (so the connection can serve the next request)."""
    try:
        await _body(request)
    except Refusal:
        request.transport and request.transport.close()


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(400, "the request body is not UTF-8") from None


async def run(pool: Pool, pages: dict[str, tuple[bytes, str]], *, host: str, port: int,
              stop: asyncio.Event, on_listening: Callable[[int], None],
              log: Callable[[str], None] | None = None) -> None:
    """Start the pool, listen on ``host:port`` until ``stop`` is set, then stop both."""
    from aiohttp import web

    from .errors import MineralgraphError

    await pool.start()
    runner = web.AppRunner(Front(pool, pages, log=log).app(), access_log=None,
                           handle_signals=False)
    try:
        await runner.setup()
        site = web.TCPSite(runner, host, port, backlog=256, reuse_address=True)
        try:
            await site.start()
        except OSError as exc:
            raise MineralgraphError(f"cannot listen on {host}:{port}: "
                                    f"{exc.strerror or exc}") from None
        on_listening(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        await stop.wait()
    finally:
        await runner.cleanup()
        await pool.close()

