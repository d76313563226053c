"""One small interface over two backends: the embedded Oxigraph store (default, on disk, no
server) and any SPARQL 1.1 endpoint over HTTP.

>>> store = open_store()                      # the store written by `mineralgraph build`
>>> rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows()
"""

from __future__ import annotations

import os
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .errors import MineralgraphError
from .guard import refuse_unsafe

DEFAULT_OUT = Path(os.environ.get("MINERALGRAPH_OUT", "out"))
DEFAULT_TIMEOUT_S = 30.0
# auto mode loads the store into memory up to this many quads (2M: ~6 s, ~800 MB)
MEMORY_AUTO_QUADS = int(os.environ.get("MINERALGRAPH_MEMORY_QUADS", "2000000"))
XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long",
                              "nonNegativeInteger", "positiveInteger", "short")}


@dataclass(frozen=True)
class Term:
    """An RDF term as SPARQL results carry it, the same whatever the backend."""

    type: str  # uri | literal | bnode
    value: str
    datatype: str | None = None
    lang: str | None = None

    @property
    def py(self) -> Any:
        """Plain Python value: str for IRIs and text, int/float for numbers, bool."""
        if self.type != "literal" or self.datatype is None:
            return self.value
        if self.datatype in _NUMERIC:
            try:
                if self.datatype.endswith(("integer", "Integer", "int", "long", "short")):
                    return int(self.value)
                number = float(self.value)
                return number if math.isfinite(number) else self.value
            except ValueError:
                return self.value
        if self.datatype == XSD + "boolean":
            return self.value in ("true", "1")
        return self.value

    def n3(self) -> str:
        """The term in SPARQL / N-Triples syntax, fully escaped."""
        if self.type == "uri":
            if re.search(r'[\x00-\x20<>"{}|^`\\]', self.value):
                raise MineralgraphError(f"not a valid IRI: {self.value!r}")
            return f"<{self.value}>"
        if self.type == "bnode":
            raise MineralgraphError("a blank node cannot be passed as a parameter")
        text = escape_literal(self.value)
        if self.lang:
            return f'"{text}"@{self.lang}'
        if self.datatype and self.datatype != XSD + "string":
            return f'"{text}"^^<{self.datatype}>'
        return f'"{text}"'

    def to_json(self) -> dict[str, str]:
        out = {"type": self.type, "value": self.value}
        if self.datatype:
            out["datatype"] = self.datatype
        if self.lang:
            out["xml:lang"] = self.lang
        return out

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls("uri", value)

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        return cls("literal", value, datatype, lang)


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


def escape_literal(text: str) -> str:
    """The body of a quoted literal in N-Triples/SPARQL: backslashes, quotes, line breaks
    and control characters escaped (never a multi-line form)."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace(
        "\r", "\\r").replace("\t", "\\t")
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04X}", out)


@dataclass
class Result:
    """Rows of a SELECT: variable names and, per row, the bound terms."""

    vars: list[str]
    bindings: list[dict[str, Term]]

    def rows(self) -> list[dict[str, Any]]:
        """Rows as plain dicts of Python values (unbound variables are None)."""
        return [{v: (b[v].py if v in b else None) for v in self.vars} for b in self.bindings]

    def __len__(self) -> int:
        return len(self.bindings)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows())

    def to_sparql_json(self) -> dict:
        return {"head": {"vars": self.vars},
                "results": {"bindings": [{k: t.to_json() for k, t in b.items()}
                                         for b in self.bindings]}}


class Store(Protocol):
    """What every backend offers: SELECT and ASK with typed parameters, N-Quads export."""

    description: str

    def select(self, query: str, params: Mapping[str, Term] | None = None) -> Result: ...

    def ask(self, query: str, params: Mapping[str, Term] | None = None) -> bool: ...

    def close(self) -> None: ...


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
        subs = {self._ox.Variable(k): self._to_ox(t) for k, t in (params or {}).items()}
        try:
            try:
                return self._store.query(query, substitutions=subs or None)
            except RuntimeError as exc:
                # Oxigraph substitutes (SEP-0007) only variables of the SELECT projection;
                # others are bound with the VALUES block the remote store uses, so a query
                # means the same on both backends.
                if not subs or "projection" not in str(exc):
                    raise MineralgraphError(f"query failed: {exc}") from None
                return self._store.query(bind_values(query, params or {}))
        except SyntaxError as exc:
            raise MineralgraphError(f"SPARQL syntax error: {exc}") from None
        except OSError as exc:
            raise MineralgraphError(f"query failed: {exc}") from None

    def _to_ox(self, t: Term):
        ox = self._ox
        if t.type == "uri":
            t.n3()  # validates the IRI
            return ox.NamedNode(t.value)
        if t.lang:
            return ox.Literal(t.value, language=t.lang)
        if t.datatype:
            return ox.Literal(t.value, datatype=ox.NamedNode(t.datatype))
        return ox.Literal(t.value)

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
        res = self._run(query, params)
        if not isinstance(res, self._ox.QuerySolutions):
            raise MineralgraphError("not a SELECT query")
        names = [v.value for v in res.variables]
        # Converting terms is most of the Python time of a big answer, and the same IRIs and
        # labels come back row after row: convert each distinct term once (−30 % at 1M triples).
        seen: dict[Any, Term] = {}
        convert = self._from_ox
        bindings = []
        for sol in res:
            row = {}
            for name, term in zip(names, sol):
                if term is not None:
                    found = seen.get(term)
                    if found is None:
                        found = seen[term] = convert(term)
                    row[name] = found
            bindings.append(row)
        return Result(names, bindings)

    def ask(self, query: str, params: Mapping[str, Term] | None = None) -> bool:
        res = self._run(query, params)
        if not isinstance(res, self._ox.QueryBoolean):
            raise MineralgraphError("not an ASK query")
        return bool(res)

    def close(self) -> None:
        self._store = None  # type: ignore[assignment]


#: Triples per Graph Store request of a push (the first PUT, then POSTs): bounded memory on
#: both sides at a million triples.
PUSH_CHUNK_TRIPLES = 200_000


_BOOLEAN = XSD + "boolean"


class RemoteStore:
    """Any SPARQL 1.1 endpoint (SPARQL Protocol for queries, Graph Store Protocol to upload).

    Parameters are sent as a ``VALUES`` block of escaped RDF terms placed at the start of the
    top-level ``WHERE`` group: the same semantics as the embedded store's substitutions, and
    user text never becomes query syntax.
    """

    def __init__(self, endpoint: str, *, timeout: float = DEFAULT_TIMEOUT_S,
                 store_endpoint: str | None = None):
        import httpx

        if not re.match(r"^https?://", endpoint):
            raise MineralgraphError(f"endpoint must be an http(s) URL, got {endpoint!r}")
        self.endpoint = endpoint
        self.store_endpoint = store_endpoint or _guess_store_endpoint(endpoint)
        self.description = f"SPARQL endpoint {endpoint}"
        self._client = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)))
        self._httpx = httpx

    def _post(self, query: str, params: Mapping[str, Term] | None) -> dict:
        refuse_unsafe(query)
        text = bind_values(query, params) if params else query
        try:
            resp = self._client.post(
                self.endpoint, data={"query": text},
                headers={"Accept": "application/sparql-results+json"})
        except self._httpx.TimeoutException:
            raise MineralgraphError(f"{self.endpoint} did not answer in time") from None
        except self._httpx.HTTPError as exc:
            raise MineralgraphError(f"cannot reach {self.endpoint}: {exc}") from None
        if resp.status_code >= 400:
            raise MineralgraphError(
                f"{self.endpoint} refused the query (HTTP {resp.status_code}): "
                f"{resp.text.strip()[:300]}")
        try:
            return resp.json()
        except ValueError:
            raise MineralgraphError(f"{self.endpoint} did not answer with SPARQL JSON") from None

    def select(self, query: str, params: Mapping[str, Term] | None = None) -> Result:
        data = self._post(query, params)
        if "results" not in data:
            raise MineralgraphError("not a SELECT query")
        names = data["head"].get("vars", [])
        bindings = []
        for b in data["results"]["bindings"]:
            row = {}
            for k, v in b.items():
                dtype = v.get("datatype")
                if dtype == XSD + "string":
                    dtype = None
                kind = "literal" if v["type"] in ("literal", "typed-literal") else v["type"]
                value = v["value"]
                if dtype == _BOOLEAN and value in ("1", "0"):
                    value = "true" if value == "1" else "false"  # the canonical form
                row[k] = Term(kind, value, dtype, v.get("xml:lang"))
            bindings.append(row)
        return Result(names, bindings)

    def ask(self, query: str, params: Mapping[str, Term] | None = None) -> bool:
        data = self._post(query, params)
        if "boolean" not in data:
            raise MineralgraphError("not an ASK query")
        return bool(data["boolean"])

    def push(self, nquads_path: str | Path, *, data_graph: str | None = None,
             user: str | None = None, password: str | None = None,
             chunk: int = PUSH_CHUNK_TRIPLES) -> int:
        """Upload a built dataset with the Graph Store Protocol: per graph, a PUT of the first
        ``chunk`` triples (replacing what the graph held) and a POST of each further chunk.

        ``data_graph``: put the default graph's triples into this named graph instead — for
        engines without a Graph Store default graph whose queries read the union of all
        graphs (Virtuoso). ``user``/``password``: HTTP digest or basic authentication.
        """
        import pyoxigraph as ox

        auth = _auth(user, password) if user else None
        graphs: dict[str, list] = {}
        try:
            for quad in ox.parse(path=str(nquads_path), format=ox.RdfFormat.N_QUADS):
                name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
                graphs.setdefault(name, []).append(quad.triple)
        except (OSError, SyntaxError) as exc:
            raise MineralgraphError(f"cannot read the built dataset {nquads_path}: {exc}") from None
        sent = 0
        for name in sorted(graphs):
            triples = graphs[name]
            target = name or data_graph
            params = {"graph": target} if target else {"default": ""}
            for i in range(0, len(triples), chunk):
                body = ox.serialize(triples[i:i + chunk], format=ox.RdfFormat.N_TRIPLES)
                method = "PUT" if i == 0 else "POST"
                try:
                    resp = self._client.request(
                        method, self.store_endpoint, params=params, content=body, auth=auth,
                        headers={"Content-Type": "application/n-triples"})
                except self._httpx.HTTPError as exc:
                    raise MineralgraphError(
                        f"cannot reach {self.store_endpoint}: {exc}") from None
                if resp.status_code >= 400:
                    raise MineralgraphError(
                        f"{self.store_endpoint} refused the upload (HTTP {resp.status_code})"
                        f"{_push_hint(resp, target)}: {_plain(resp.text)[:300]}")
                sent += len(triples[i:i + chunk])
        return sent

    def close(self) -> None:
        self._client.close()


def _guess_store_endpoint(endpoint: str) -> str:
    """The Graph Store endpoint beside a query endpoint: Oxigraph's …/query → …/store,
    Virtuoso's …/sparql → …/sparql-graph-crud-auth; otherwise the endpoint itself."""
    base = endpoint.rstrip("/")
    if base.endswith("/query"):
        return base[: -len("/query")] + "/store"
    if base.endswith("/sparql"):
        return base + "-graph-crud-auth"
    return endpoint


def _auth(user: str, password: str | None):
    """Digest authentication (Virtuoso), or basic when the server asks for basic."""
    import httpx

    class DigestOrBasic(httpx.Auth):
        def auth_flow(self, request):
            flow = httpx.DigestAuth(user, password or "").auth_flow(request)
            response = yield next(flow)
            challenge = response.headers.get("www-authenticate", "").lower()
            if response.status_code == 401 and challenge.startswith("basic"):
                yield from httpx.BasicAuth(user, password or "").auth_flow(request)
                return
            try:
                yield flow.send(response)
            except StopIteration:
                return

    return DigestOrBasic()


def _push_hint(resp, target: str | None) -> str:
    if resp.status_code == 401:
        return " — it asks for a user: give --user (password: MINERALGRAPH_ENDPOINT_PASSWORD)"
    if not target and "default" in resp.text:
        return (" — this server has no Graph Store default graph: give --data-graph IRI "
                "(Virtuoso: see docs/engines.md)")
    return ""


def _plain(text: str) -> str:
    """A server's error page as one line of text (HTML tags dropped)."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def bind_values(query: str, params: Mapping[str, Term]) -> str:
    """Insert ``VALUES (?a ?b) { (term term) }`` after the top-level ``WHERE {``."""
    for name in params:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise MineralgraphError(f"not a valid parameter name: {name!r}")
    names = " ".join(f"?{n}" for n in params)
    terms = " ".join(t.n3() for t in params.values())
    block = f" VALUES ({names}) {{ ({terms}) }} "
    pos = _top_where_brace(query)
    return query[: pos + 1] + block + query[pos + 1:]


def _top_where_brace(query: str) -> int:
    """Index of the ``{`` that opens the top-level WHERE group (strings, IRIs, comments
    skipped)."""
    masked = _mask(query)
    m = re.search(r"\bWHERE\s*\{", masked, re.IGNORECASE)
    if m:
        return m.end() - 1
    idx = masked.find("{")
    if idx < 0:
        raise MineralgraphError("query has no WHERE group to bind parameters into")
    return idx


def _mask(query: str) -> str:
    """The query with string literals, IRIs and comments blanked out (same length)."""
    pattern = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'
                         r"'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*")
    return pattern.sub(lambda m: " " * len(m.group()), query)


def open_store(*, endpoint: str | None = None, location: str | Path | None = None,
               timeout: float = DEFAULT_TIMEOUT_S, memory: bool | None = None) -> Store:
    """The remote endpoint if given, else the embedded store (default ``out/store``).

    ``memory``: see :class:`EmbeddedStore` — default auto (in memory when the data is small
    enough), ``False`` for a single query (faster on disk at scale)."""
    if endpoint:
        return RemoteStore(endpoint, timeout=timeout)
    return EmbeddedStore(location or DEFAULT_OUT / "store", memory=memory)
