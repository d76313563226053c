"""One small interface over two backends: the embedded Oxigraph store (default, on disk, no
server) and any SPARQL 1.1 endpoint over HTTP.

>>> store = open_store()                      # the store written by `mineralgraph build`
>>> rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows()
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import MineralgraphError
from .guard import refuse_unsafe
from .remote_store import DEFAULT_TIMEOUT_S, RemoteStore
from .terms import (_NUMERIC, _XSD_STRING, XSD, Result, Store, Term,  # noqa: F401 (re-exported)
                    bind_values, escape_literal)

DEFAULT_OUT = Path(os.environ.get("MINERALGRAPH_OUT", "out"))
# auto mode loads the store into memory up to this many quads (2M: ~6 s, ~800 MB)
MEMORY_AUTO_QUADS = int(os.environ.get("MINERALGRAPH_MEMORY_QUADS", "2000000"))


_ENGINE: list = []  # the IsolatedWorker, made on first use
_ENGINE_LOCK = threading.Lock()


def _engine():
    """The one thread, shared by every embedded store, that runs their queries."""
    with _ENGINE_LOCK:
        if not _ENGINE:
            from .sandbox import IsolatedWorker

            _ENGINE.append(IsolatedWorker())
        return _ENGINE[0]


def _memory_copy(ox, disk, dump: Path, expected: int):
    """An in-memory Oxigraph store with the quads of the on-disk store ``disk``: parsed from
    the build's ``dataset.nq`` beside it when that file holds as many quads (a build writes
    both from the same data), else copied quad by quad from the disk store (about 2× slower)."""
    mem = ox.Store()
    if dump.is_file():
        try:
            mem.load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError):
            mem = ox.Store()
        if len(mem) == expected:
            return mem
        mem = ox.Store()
    mem.bulk_extend(disk)
    return mem


class EmbeddedStore:
    """The embedded Oxigraph store that `build` writes (read-only use).

    ``memory`` chooses where queries run. Oxigraph's on-disk store (RocksDB) answers a
    selective query in milliseconds but scans 5–9× slower than its in-memory store (1M
    triples, this project's named queries: ``benchmarks/RESULTS.md``). A job that asks many
    whole-graph questions (network projection, explorer, brief) is faster when it first loads
    the build's ``dataset.nq`` into memory (1M triples: ~3 s, ~400 MB); a single query is
    faster on disk. ``None`` (auto) loads into memory up to ``MEMORY_AUTO_QUADS`` quads
    (env ``MINERALGRAPH_MEMORY_QUADS``); ``True`` always; ``False`` never.
    """

    def __init__(self, location: str | Path, *, memory: bool | None = None):
        import pyoxigraph

        path = Path(location)
        if not path.is_dir():
            raise MineralgraphError(
                f"no store at {path}: run `mineralgraph build` first (or pass --store / "
                "--endpoint)")
        try:
            self._store = pyoxigraph.Store.read_only(str(path))
        except OSError as exc:
            raise MineralgraphError(f"cannot open the store at {path}: {exc}") from None
        self._ox = pyoxigraph
        self.in_memory = False
        self.description = f"embedded store {path}"
        dump = path.parent / "dataset.nq"
        if memory is None and dump.is_file() and dump.stat().st_size > 1024 * MEMORY_AUTO_QUADS:
            memory = False  # far past the limit (a quad takes ~150 bytes): no need to count
        if memory is not False:
            quads = len(self._store)  # counting takes 0.17 s at 1M quads
            memory = memory or quads <= MEMORY_AUTO_QUADS
        if memory:
            self._store = _memory_copy(pyoxigraph, self._store, dump, quads)
            self.in_memory = True
            self.description += " (in memory)"

    def _run(self, query: str, params: Mapping[str, Term] | None):
        refuse_unsafe(query)
        # Parameters go in as the VALUES block the remote store sends, so a query means the
        # same on both backends; Oxigraph also plans with the bound term then (its SEP-0007
        # substitutions were 4–30× slower at 1M triples: ownership-chain 1.3 s against 40 ms).
        text = bind_values(query, params) if params else query
        try:
            return self._store.query(text)
        except SyntaxError as exc:
            raise MineralgraphError(f"SPARQL syntax error: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise MineralgraphError(f"query failed: {exc}") from None

    def _from_ox(self, t) -> Term:
        ox = self._ox
        cls = type(t)
        if cls is ox.NamedNode:
            return Term("uri", t.value)
        if cls is ox.Literal:
            if t.language:
                return Term("literal", t.value, None, t.language)
            dtype = t.datatype.value
            return Term("literal", t.value, None if dtype == _XSD_STRING else dtype)
        return Term("bnode", t.value)

    def select(self, query: str, params: Mapping[str, Term] | None = None) -> Result:
        return _engine().run(self._select, query, params)

    def ask(self, query: str, params: Mapping[str, Term] | None = None) -> bool:
        return _engine().run(self._ask, query, params)

    # Queries run, and their answers are read, in one isolated thread (no network where the
    # system allows, a large stack): see mineralgraph.sandbox.
    def _select(self, query: str, params: Mapping[str, Term] | None) -> Result:
        res = self._run(query, params)
        if not isinstance(res, self._ox.QuerySolutions):
            raise MineralgraphError("not a SELECT query")
        names = [v.value for v in res.variables]
        # Converting terms is most of the Python time of a big answer, and the same IRIs and
        # labels come back row after row: convert each distinct term once (−30 % at 1M triples).
        seen: dict[Any, Term] = {}
        convert = self._from_ox
        bindings = []
        try:
            for sol in res:
                row = {}
                for name, term in zip(names, sol):
                    if term is not None:
                        found = seen.get(term)
                        if found is None:
                            found = seen[term] = convert(term)
                        row[name] = found
                bindings.append(row)
        except (OSError, RuntimeError) as exc:  # e.g. a SERVICE the sandbox cut off
            raise MineralgraphError(f"query failed: {exc}") from None
        return Result(names, bindings)

    def _ask(self, query: str, params: Mapping[str, Term] | None) -> bool:
        res = self._run(query, params)
        if not isinstance(res, self._ox.QueryBoolean):
            raise MineralgraphError("not an ASK query")
        return bool(res)

    def close(self) -> None:
        self._store = None  # type: ignore[assignment]


def open_store(*, endpoint: str | None = None, location: str | Path | None = None,
               timeout: float = DEFAULT_TIMEOUT_S, memory: bool | None = None) -> Store:
    """The remote endpoint if given, else the embedded store (default ``out/store``).

    ``memory``: see :class:`EmbeddedStore` — default auto (in memory when the data is small
    enough), ``False`` for a single query (faster on disk at scale)."""
    if endpoint:
        return RemoteStore(endpoint, timeout=timeout)
    return EmbeddedStore(location or DEFAULT_OUT / "store", memory=memory)
