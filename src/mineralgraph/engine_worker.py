"""One query worker of the served endpoint: a process holding the dataset in an in-memory
Oxigraph store, without network, answering the queries its parent sends on stdin.

The parent (:mod:`mineralgraph.engine_pool`) starts it with ``python -m
mineralgraph.engine_worker STORE_DIR MAX_RESULT_BYTES``. It first moves into an empty network
namespace (:func:`mineralgraph.sandbox.isolate_thread`, before any other thread exists, so the
whole process is isolated), then loads the build's quads into memory once, says it is ready,
and answers one request at a time. pyoxigraph executes ``SERVICE`` even on a read-only store:
the guard refuses it first and the namespace leaves the engine nowhere to connect.

Framing (both ways, binary): a request is a 4-byte big-endian length and a JSON object; an
answer is a series of frames, each one type byte, a 4-byte length and a payload:
``H`` (head: JSON ``{"status", "type"}``), ``D`` (bytes of the body), ``E`` (the body is
complete) or ``X`` (the body was cut: past the result limit, or an error while answering;
payload: the reason). At start the worker sends one ``R`` frame (JSON ``{"isolation",
"quads"}``).
"""

from __future__ import annotations

import json
import struct
import sys

CHUNK_BYTES = 64 * 1024  # body frames are sent once this much is written
_FRAME = struct.Struct(">cI")


class _Cut(Exception):
    """The answer passed the result limit."""


class _Frames:
    """A binary file the serializers write to: sends ``D`` frames, stops at the limit."""

    def __init__(self, out, limit: int):
        self._out, self._limit = out, limit
        self._held = bytearray()
        self.size = 0

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self._limit:
            raise _Cut
        self._held += data
        if len(self._held) >= CHUNK_BYTES:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._held:
            send(self._out, b"D", bytes(self._held))
            self._held.clear()


def send(out, kind: bytes, payload: bytes) -> None:
    out.write(_FRAME.pack(kind, len(payload)) + payload)
    if kind != b"D":
        out.flush()


def _whole(out, status: int, text: str) -> None:
    send(out, b"H", json.dumps({"status": status, "type": "text/plain; charset=utf-8"})
         .encode())
    send(out, b"D", (text + "\n").encode("utf-8"))
    send(out, b"E", b"")


def _pick(accept: str, parse, default, allowed=None):
    """The format the Accept header prefers (q, then order) among those ``parse`` (a
    pyoxigraph ``from_media_type``) knows and ``allowed`` keeps, as Oxigraph's server picks
    it; ``default`` for ``*/*``; ``None`` if none is acceptable."""
    wanted = []
    for i, part in enumerate((accept or "*/*").split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if fields[0] and q > 0:
            wanted.append((-q, i, fields[0].lower()))
    for _, _, media in sorted(wanted):
        if media in ("*/*", "application/*"):
            return default
        try:
            fmt = parse(media)
        except ValueError:
            fmt = None
        if fmt is not None and (allowed is None or fmt in allowed):
            return fmt
    return None


_CHARSET = ("text/csv", "text/tab-separated-values")  # as Oxigraph's server labels them


def answer(ox, store, request: dict, out, limit: int) -> None:
    """Write the frames answering ``request`` (``op`` query or store) to ``out``."""
    accept = request.get("accept", "*/*")
    try:
        if request["op"] == "store":
            results, kind = _graph(ox, store, request), "dataset" if request.get(
                "whole") else "graph"
        else:
            results = store.query(
                request["query"],
                default_graph=[ox.NamedNode(i) for i in request.get("default", [])] or None,
                named_graphs=[ox.NamedNode(i) for i in request.get("named", [])] or None)
            kind = "graph" if isinstance(results, ox.QueryTriples) else "results"
    except SyntaxError as exc:
        return _whole(out, 400, str(exc))
    except LookupError as exc:
        return _whole(out, 404, str(exc))
    except ValueError as exc:
        return _whole(out, 400, str(exc))
    except OSError as exc:
        return _whole(out, 500, str(exc))
    if kind == "results":
        fmt = _pick(accept, ox.QueryResultsFormat.from_media_type, ox.QueryResultsFormat.JSON)
    elif kind == "graph":
        fmt = _pick(accept, ox.RdfFormat.from_media_type, ox.RdfFormat.N_QUADS)
    else:
        fmt = _pick(accept, ox.RdfFormat.from_media_type, ox.RdfFormat.N_QUADS,
                    (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG))
    if fmt is None:
        return _whole(out, 406, "none of the media types in the Accept header is served "
                      "for this answer")
    ctype = fmt.media_type + ("; charset=utf-8" if fmt.media_type in _CHARSET else "")
    send(out, b"H", json.dumps({"status": 200, "type": ctype}).encode())
    body = _Frames(out, limit)
    try:
        if request["op"] == "store":
            store.dump(body, fmt, **results)
        else:
            results.serialize(body, fmt)
    except _Cut:
        return send(out, b"X", b"the answer passed the result limit")
    except (OSError, ValueError, SyntaxError, RuntimeError) as exc:
        if body.size > limit:  # the limit, raised through the serializer as an I/O error
            return send(out, b"X", b"the answer passed the result limit")
        return send(out, b"X", str(exc).encode("utf-8", errors="replace"))
    body.flush()
    send(out, b"E", b"")


def _graph(ox, store, request: dict) -> dict:
    """``Store.dump`` arguments of a Graph Store Protocol read."""
    if request.get("whole"):
        return {}
    if request.get("graph") is None:
        return {"from_graph": ox.DefaultGraph()}
    graph = ox.NamedNode(request["graph"])
    if not store.contains_named_graph(graph):
        raise LookupError(f"no graph {request['graph']} in this store")
    return {"from_graph": graph}


def load(ox, store_dir: str):
    """The store's quads in memory: from the build's ``dataset.nq`` beside it when it holds as
    many quads, else copied from the store (see :func:`mineralgraph.store._memory_copy`)."""
    from pathlib import Path

    from .store import _memory_copy

    disk = ox.Store.read_only(store_dir)
    mem = _memory_copy(ox, disk, Path(store_dir).parent / "dataset.nq", len(disk))
    del disk
    return mem


def main(argv: list[str]) -> int:
    from .sandbox import isolate_thread

    isolation = isolate_thread()  # first: every thread made later inherits the namespace
    import pyoxigraph as ox

    store_dir, limit = argv[0], int(argv[1])
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # stray prints must not break the framing
    store = load(ox, store_dir)
    send(out, b"R", json.dumps({"isolation": isolation, "quads": len(store)}).encode())
    while header := inp.read(4):
        if len(header) < 4:
            break
        request = json.loads(inp.read(struct.unpack(">I", header)[0]))
        answer(ox, store, request, out, limit)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
