"""Who is central in the influence graph, and why: scores with the edges that carry them.

>>> from mineralgraph.store import open_store
>>> G = project(open_store())                                    # doctest: +SKIP
>>> for row in rank(G, measure="betweenness", top=3):           # doctest: +SKIP
...     print(row.rank, row.label, round(row.score, 3), [c.key for c in row.why])

Measures (all on :func:`~.projection.influence_graph`, mutual edges both ways):

``pagerank``
    PageRank on the *reversed* graph, weighted by ``strength``: a node ranks high when it
    influences nodes that rank high (owning a well-connected company counts, being owned
    does not).
``betweenness``
    Share of shortest influence paths (by ``distance``) through the node. Exact up to
    :data:`EXACT_BETWEENNESS_MAX_NODES` nodes; above it sampled from
    :data:`BETWEENNESS_PIVOTS` source nodes with a fixed seed (same answer every run) —
    unless igraph is installed: by default (``auto``) graphs up to
    :data:`IGRAPH_EXACT_MAX_NODES` then go to igraph, exact. ``backend="networkx"`` forces
    NetworkX; ``backend="igraph"`` uses igraph up to that size.
``closeness``
    Outward closeness: how near, by ``distance``, the nodes a node reaches are
    (Wasserman–Faust scaled, so small unconnected islands do not score 1). Always exact, so
    refused above the exact sizes (it would run for hours) and left out of ``all`` there.
``eigenvector``
    Eigenvector centrality of the undirected graph weighted by ``strength`` (on a mostly
    acyclic influence graph the directed one vanishes).
``degree``
    Number of distinct neighbours, normalised by ``n - 1``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..errors import MineralgraphError
from ..kinds import ENTITY_KINDS
from ..names import MEASURES
from . import backends
from .projection import influence_graph

#: Above this many nodes NetworkX betweenness is sampled: exact directed betweenness costs
#: O(n·m) — about 4 s at 2,000 nodes and 111 s at 10,000 on a 2-core machine.
EXACT_BETWEENNESS_MAX_NODES = 2000
#: Exact betweenness and closeness through igraph stay exact up to this size (8 s and 7 s at
#: 11k nodes on a loaded 2-core machine); beyond it exact costs O(n·m) — hours on a
#: well-connected graph of 100k nodes — so betweenness is sampled (NetworkX, seeded pivots)
#: and closeness is refused rather than run for hours.
IGRAPH_EXACT_MAX_NODES = 20000
BETWEENNESS_PIVOTS = 256
SEED = 42
CATEGORIES = frozenset(k.category for k in ENTITY_KINDS.values())


@dataclass(frozen=True)
class Carrier:
    """An edge that carries a node's score: the relation, the other end, the source."""

    key: str
    kind: str
    direction: str  # "out" (the node influences `other`) or "in"
    other: str
    other_label: str
    status: str
    strength: float
    qualifiers: dict[str, Any]
    source: str | None
    source_label: str | None
    quote: str | None
    stated: str = ""  # the statement as its source states it: "subject –kind→ object"
    paraphrase: bool = False  # the quote is our paraphrase of the source, not its text


@dataclass(frozen=True)
class Ranked:
    """One ranked node: its score on the measure asked for, all scores computed, and why."""

    rank: int
    node: str
    label: str
    kind: str
    country: str | None
    measure: str
    score: float
    scores: dict[str, float] = field(default_factory=dict)
    why: tuple[Carrier, ...] = ()
    method: str = ""


def centrality(G: nx.MultiDiGraph, measure: str, *, backend: str | None = None,
               seed: int = SEED, exact_max: int = EXACT_BETWEENNESS_MAX_NODES,
               pivots: int = BETWEENNESS_PIVOTS, jobs: int | None = None,
               view: nx.DiGraph | None = None) -> tuple[dict[str, float], str]:
    """Scores of every node on one measure, and a line saying how they were computed.

    ``backend``: see :mod:`.backends`; ``jobs``: processes for nx-parallel (default all);
    ``view``: :func:`~.projection.influence_graph` of ``G`` when the caller already has it
    (several measures on one large graph build it once).
    """
    if measure not in MEASURES:
        raise MineralgraphError(f"unknown measure {measure!r}: use one of "
                                + ", ".join((*MEASURES, "all")))
    engine = backends.chosen_backend(backend)
    D = influence_graph(G) if view is None else view
    if D.number_of_nodes() == 0:
        return {}, "empty graph"
    if measure == "pagerank":
        scores, how = backends.call(nx.pagerank, D.reverse(copy=True), weight="strength",
                                    backend=engine, jobs=jobs)
        return scores, f"PageRank of the reversed influence graph, weight strength; {how}"
    if measure == "eigenvector":
        U = _undirected(D)
        try:
            scores, how = backends.call(nx.eigenvector_centrality, U, weight="strength",
                                        max_iter=10000, tol=1e-9, backend=engine,
                                        jobs=jobs)
        except nx.PowerIterationFailedConvergence:
            raise MineralgraphError("eigenvector centrality did not converge; use pagerank"
                                    ) from None
        return scores, f"eigenvector of the undirected graph, weight strength; {how}"
    if measure == "degree":
        scores, how = backends.call(nx.degree_centrality, _undirected(D), backend=engine,
                                    jobs=jobs)
        return scores, f"distinct neighbours / (n-1); {how}"
    if measure == "closeness":
        if _use_igraph(engine, D, exact_max):
            return (_fast().closeness(D.reverse(copy=True)),
                    f"outward closeness over distance, igraph (exact){_auto(engine)}")
        if D.number_of_nodes() > exact_max:
            raise MineralgraphError(_closeness_refused(D.number_of_nodes(), exact_max))
        scores, how = backends.call(nx.closeness_centrality, D.reverse(copy=True),
                                    distance="distance", backend=engine, jobs=jobs)
        return scores, f"outward closeness over distance; {how}"
    return _betweenness(D, engine=engine, seed=seed, exact_max=exact_max, pivots=pivots,
                        jobs=jobs)


def _betweenness(D: nx.DiGraph, *, engine: str, seed: int, exact_max: int,
                 pivots: int, jobs: int | None) -> tuple[dict[str, float], str]:
    n = D.number_of_nodes()
    if _use_igraph(engine, D, exact_max):
        return (_fast().betweenness(D),
                f"exact betweenness over distance, igraph ({n} nodes){_auto(engine)}")
    k = None if n <= exact_max else min(pivots, n)
    scores, how = backends.call(nx.betweenness_centrality, D, k=k, seed=seed,
                                weight="distance", normalized=True, backend=engine,
                                jobs=jobs)
    mode = ("exact" if k is None
            else f"sampled from {k} pivots, seed {seed} ({n} nodes > {exact_max})")
    return scores, f"betweenness over distance, {mode}; {how}"


def _closeness_refused(n: int, exact_max: int) -> str:
    if n <= IGRAPH_EXACT_MAX_NODES and not backends.igraph_available():
        hint = "install igraph (pip install 'mineralgraph[fast]')"
    elif n <= IGRAPH_EXACT_MAX_NODES:
        hint = "use --backend auto or igraph"
    else:
        hint = f"no engine is exact in reasonable time beyond {IGRAPH_EXACT_MAX_NODES:,}"
    return (f"closeness is exact and costs O(n·m): {n:,} nodes is beyond {exact_max:,} for "
            f"NetworkX; {hint}, or rank by pagerank or betweenness (sampled)")


def _use_igraph(engine: str, D: nx.DiGraph, exact_max: int) -> bool:
    """igraph when asked for, or by default between the NetworkX and the igraph limits."""
    n = D.number_of_nodes()
    if n > IGRAPH_EXACT_MAX_NODES:
        return False
    if engine == backends.IGRAPH:
        return True
    return engine == backends.AUTO and n > exact_max and backends.igraph_available()


def _auto(engine: str) -> str:
    return ", chosen automatically above the exact-NetworkX size" if engine == backends.AUTO \
        else ""


def _undirected(D: nx.DiGraph) -> nx.Graph:
    """Undirected copy keeping the stronger of two opposite arcs."""
    U = nx.Graph()
    U.add_nodes_from(D.nodes)
    for u, v, d in D.edges(data=True):
        if not U.has_edge(u, v) or d["strength"] > U[u][v]["strength"]:
            U.add_edge(u, v, strength=d["strength"], distance=d["distance"])
    return U


def _fast():
    from . import fast

    return fast


def _candidates(G: nx.MultiDiGraph, kind: str | None) -> list[str]:
    """Nodes to rank: ``kind`` is an entity kind, a category, ``any``; default actors."""
    wanted = kind or "actor"
    if wanted == "any":
        return sorted(G.nodes)
    if wanted in CATEGORIES:
        return sorted(n for n, d in G.nodes(data=True) if d.get("category") == wanted)
    if wanted in ENTITY_KINDS:
        return sorted(n for n, d in G.nodes(data=True) if d.get("kind") == wanted)
    raise MineralgraphError(
        f"unknown kind {wanted!r}: use 'any', a category ({', '.join(sorted(CATEGORIES))}) "
        f"or an entity kind ({', '.join(sorted(ENTITY_KINDS))})")


def carriers(G: nx.MultiDiGraph, node: str, *, limit: int = 3) -> tuple[Carrier, ...]:
    """The strongest edges at ``node`` (ties by statement id): why it scores."""
    found = []
    for direction, edges in (("out", G.out_edges(node, keys=True, data=True)),
                             ("in", G.in_edges(node, keys=True, data=True))):
        for u, v, key, d in edges:
            other = v if direction == "out" else u
            found.append((-d["strength"], key, direction, other, d))
    found.sort(key=lambda t: (t[0], t[1], t[2]))
    out = []
    for _, key, direction, other, d in found[:limit]:
        ev = d["evidence"][0] if d["evidence"] else {}
        out.append(Carrier(key, d["kind"], direction, other, G.nodes[other].get("label", other),
                           d["status"], d["strength"], d["qualifiers"], ev.get("source"),
                           ev.get("source_label"), ev.get("quote"),
                           f"{d['subject']} –{d['kind']}→ {d['object']}",
                           bool(ev.get("paraphrase"))))
    return tuple(out)


def rank(G: nx.MultiDiGraph, *, measure: str = "pagerank", kind: str | None = None,
         top: int = 20, why: int = 3, backend: str | None = None,
         seed: int = SEED, jobs: int | None = None,
         exact_max: int = EXACT_BETWEENNESS_MAX_NODES) -> list[Ranked]:
    """The ``top`` nodes of ``kind`` (default: actors) on ``measure``, each with ``why``.

    ``measure="all"`` computes every measure and orders by their mean, each measure first
    divided by its maximum over the candidates (so no one scale dominates). Ties are broken by
    slug, and sampled betweenness is seeded: the same graph gives the same ranking every run.
    """
    if top < 1:
        raise MineralgraphError("--top must be at least 1")
    names: Iterable[str] = MEASURES if measure == "all" else (measure,)
    nodes = _candidates(G, kind)
    scores: dict[str, dict[str, float]] = {}
    methods = []
    computed = _several(G, names, optional=measure == "all", backend=backend, seed=seed,
                        jobs=jobs, exact_max=exact_max)
    for name, (values, how) in computed.items():
        if values is not None:
            scores[name] = {n: values.get(n, 0.0) for n in nodes}
        methods.append(f"{name}: {how}")
    if measure == "all":
        peaks = {m: max(s.values(), default=0.0) or 1.0 for m, s in scores.items()}
        final = {n: sum(scores[m][n] / peaks[m] for m in scores) / len(scores) for n in nodes}
    else:
        final = scores[measure]
    order = sorted(nodes, key=lambda n: (-round(final[n], 12), n))[:top]
    return [Ranked(i, n, G.nodes[n]["label"], G.nodes[n]["kind"], G.nodes[n].get("country"),
                   measure, final[n], {m: scores[m][n] for m in scores},
                   carriers(G, n, limit=why), "; ".join(methods))
            for i, n in enumerate(order, start=1)]


def _several(G: nx.MultiDiGraph, names: Iterable[str], *, optional: bool,
             **options: Any) -> dict[str, tuple[dict[str, float] | None, str]]:
    """Several measures on one influence view; with ``optional``, a measure refused at this
    size (closeness on a very large graph) is left out with the reason instead of failing."""
    view = influence_graph(G)
    out: dict[str, tuple[dict[str, float] | None, str]] = {}
    for name in names:
        try:
            out[name] = centrality(G, name, view=view, **options)
        except MineralgraphError as exc:
            if not optional or name != "closeness":
                raise
            out[name] = (None, f"left out: {exc}")
    return out


def all_scores(G: nx.MultiDiGraph, *, measures: Iterable[str] = MEASURES,
               backend: str | None = None, seed: int = SEED, jobs: int | None = None,
               exact_max: int = EXACT_BETWEENNESS_MAX_NODES) -> dict[str, dict[str, float]]:
    """Every node's score on each measure (for exports): ``{measure: {node: score}}``;
    closeness is left out where the graph is too large for it to be exact."""
    found = _several(G, measures, optional=True, backend=backend, seed=seed, jobs=jobs,
                     exact_max=exact_max)
    return {m: values for m, (values, _) in found.items() if values is not None}
