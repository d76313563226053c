"""Any SPARQL 1.1 endpoint as a store: queries over the SPARQL Protocol, ``push`` over the
Graph Store Protocol."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import MineralgraphError
from .guard import refuse_unsafe
from .terms import XSD, Result, Term, bind_values

DEFAULT_TIMEOUT_S = 30.0

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
        self._timeout = timeout  # in all, for one query and its whole answer

    def _post(self, query: str, params: Mapping[str, Term] | None) -> dict:
        from .remote_answer import post_query

        refuse_unsafe(query)
        text = bind_values(query, params) if params else query
        return post_query(self._client, self.endpoint, {"query": text}, timeout=self._timeout)

    def select(self, query: str, params: Mapping[str, Term] | None = None) -> Result:
        from .remote_answer import bindings as read_bindings

        data = self._post(query, params)
        if "results" not in data:
            raise MineralgraphError("not a SELECT query")
        names, rows = read_bindings(data, self.endpoint)
        bindings = []
        for b in rows:
            row = {}
            for k, v in b.items():
                dtype = v.get("datatype")
                if dtype == XSD + "string" or not isinstance(dtype, str):
                    dtype = None
                lang = v.get("xml:lang")
                kind = "literal" if v["type"] in ("literal", "typed-literal") else v["type"]
                value = v["value"]
                if dtype == _BOOLEAN and value in ("1", "0"):
                    value = "true" if value == "1" else "false"  # the canonical form
                row[k] = Term(kind, value, dtype, lang if isinstance(lang, str) else None)
            bindings.append(row)
        return Result(names, bindings)

    def ask(self, query: str, params: Mapping[str, Term] | None = None) -> bool:
        data = self._post(query, params)
        if not isinstance(data.get("boolean"), bool):
            raise MineralgraphError("not an ASK query (the answer has no boolean)")
        return data["boolean"]

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
