"""Influence paths from one entity to another, each hop with its relation and its source.

>>> from mineralgraph.store import open_store
>>> G = project(open_store())                                           # doctest: +SKIP
>>> best = influence_paths(G, "jiangxi-copper", "bakuta").paths[0]      # doctest: +SKIP
>>> [(h.source, h.kind, h.target) for h in best.hops]                   # doctest: +SKIP
[('jiangxi-copper', 'operates', 'bakuta')]

Paths follow influence (owner → owned, financier → financed, whole → part; mutual relations
both ways) and are ordered by total *distance* (``1 / strength`` per hop: committed, large
stakes are short, letters of interest and plans long). "No path" is an answer too: the result
then says what *is* near — who reaches the target, what the source reaches, and how the two
are connected when direction is ignored. ``undirected=True`` asks that question directly:
every relation is walked both ways ("connected when direction is ignored"), so two projects
joined by one person who worked on both are linked through that person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import networkx as nx

from ..errors import MineralgraphError, NotFoundError
from .projection import influence_graph

#: Yen's algorithm yields paths by increasing distance; paths longer than ``max_hops`` are
#: skipped, and the search stops after this many candidates per requested path.
CANDIDATES_PER_PATH = 20


@dataclass(frozen=True)
class Hop:
    """One step of a path: the statement that links ``source`` to ``target``."""

    source: str
    target: str
    source_label: str
    target_label: str
    key: str
    kind: str
    label: str
    status: str
    tentative: bool
    as_stated: str  # the statement as the source states it: "A –kind→ B"
    qualifiers: dict[str, Any]
    distance: float
    evidence: list[dict[str, Any]]
    also: tuple[str, ...] = ()  # other statements joining the same pair


@dataclass(frozen=True)
class Path:
    hops: tuple[Hop, ...]
    distance: float

    @property
    def nodes(self) -> list[str]:
        return [self.hops[0].source, *(h.target for h in self.hops)] if self.hops else []


@dataclass(frozen=True)
class Near:
    """A node near an end of a path that does not exist, and its distance."""

    node: str
    label: str
    distance: float
    hops: int


@dataclass
class PathsResult:
    source: str
    target: str
    paths: list[Path] = field(default_factory=list)
    reaches_target: list[Near] = field(default_factory=list)
    reached_from_source: list[Near] = field(default_factory=list)
    undirected: Path | None = None
    #: True when the paths were searched with direction ignored (``undirected=True``).
    direction_ignored: bool = False

    @property
    def found(self) -> bool:
        return bool(self.paths)


def influence_paths(G: nx.MultiDiGraph, source: str, target: str, *, k: int = 5,
                    max_hops: int = 6, kinds: Iterable[str] | str | None = None,
                    nearest: int = 5, undirected: bool = False) -> PathsResult:
    """The ``k`` shortest influence paths from ``source`` to ``target`` (node slugs).

    Parameters
    ----------
    G
        A projection (:func:`~.projection.project`).
    source, target
        Node slugs; resolve names first with :class:`mineralgraph.resolve.EntityIndex`.
    k, max_hops
        How many paths, and the most hops a path may take.
    kinds
        Only walk these relation kinds (list or comma-separated text).
    nearest
        When no path exists, how many near nodes to report on each side.
    undirected
        Walk every relation both ways: the paths say how the two are *connected when
        direction is ignored*, not how one influences the other.
    """
    if k < 1 or max_hops < 1:
        raise MineralgraphError("--k and --max-hops must be at least 1")
    for name in (source, target):
        if name not in G:
            raise NotFoundError(
                f"{name!r} is not in the projected graph (as of {G.graph.get('as_of')}): it has"
                " no relation that is an influence edge at that date")
    if isinstance(kinds, str):
        kinds = [k.strip() for k in kinds.split(",") if k.strip()]
    D = influence_graph(G, kinds=kinds)
    if undirected:
        D = both_ways(D)
    result = PathsResult(source, target, direction_ignored=undirected)
    if source == target:
        raise MineralgraphError("source and target are the same entity")
    trimmed = _within(D, source, target, max_hops)
    if target in trimmed:
        gen = nx.shortest_simple_paths(trimmed, source, target, weight="distance")
        for nodes in islice(gen, k * CANDIDATES_PER_PATH):
            if len(nodes) - 1 <= max_hops:
                result.paths.append(_path(G, D, nodes))
                if len(result.paths) == k:
                    break
    if not result.paths:
        _explain_absence(G, D, result, max_hops=max_hops, limit=nearest)
    return result


def _within(D: nx.DiGraph, source: str, target: str, max_hops: int) -> nx.DiGraph:
    """The part of ``D`` that a path of at most ``max_hops`` can use: nodes whose hop count
    from the source plus hop count to the target fits. Keeps Yen's search small."""
    ahead = nx.single_source_shortest_path_length(D, source, cutoff=max_hops)
    if target not in ahead:
        return D.subgraph([source])
    behind = nx.single_source_shortest_path_length(D.reverse(copy=False), target,
                                                   cutoff=max_hops)
    keep = [n for n, h in ahead.items() if n in behind and h + behind[n] <= max_hops]
    return D.subgraph(keep)


def _path(G: nx.MultiDiGraph, D: nx.DiGraph, nodes: list[str]) -> Path:
    hops = tuple(hop(G, D, u, v) for u, v in zip(nodes, nodes[1:]))
    return Path(hops, sum(h.distance for h in hops))


def hop(G: nx.MultiDiGraph, D: nx.DiGraph | nx.Graph, u: str, v: str) -> Hop:
    """The hop u → v of an influence view ``D``: its strongest statement in ``G``."""
    arc = D[u][v]
    candidates = [(G.edges[e]["distance"], e[2], e) for e in arc["keys"]]
    candidates.sort()
    _, key, best = candidates[0]
    d = G.edges[best]
    stated = f"{d['subject']} –{d['kind']}→ {d['object']}"
    return Hop(u, v, G.nodes[u]["label"], G.nodes[v]["label"], key, d["kind"], d["label"],
               d["status"], d["tentative"], stated, d["qualifiers"], d["distance"],
               d["evidence"], tuple(c[1] for c in candidates[1:]))


def _explain_absence(G: nx.MultiDiGraph, D: nx.DiGraph, result: PathsResult, *,
                     max_hops: int, limit: int) -> None:
    """Fill in what is near when no path exists."""
    into = nx.single_source_dijkstra(D.reverse(copy=False), result.target, weight="distance")
    out = nx.single_source_dijkstra(D, result.source, weight="distance")
    result.reaches_target = _nearest(G, into, result.target, limit)
    result.reached_from_source = _nearest(G, out, result.source, limit)
    U = both_ways(D)
    try:
        nodes = nx.shortest_path(U, result.source, result.target, weight="distance")
    except nx.NetworkXNoPath:
        return
    hops = tuple(hop(G, U, a, b) for a, b in zip(nodes, nodes[1:]))
    result.undirected = Path(hops, sum(h.distance for h in hops))


def both_ways(D: nx.DiGraph) -> nx.DiGraph:
    """``D`` with every arc walkable in both directions: each pair keeps every statement of
    either direction and the shorter distance."""
    U = nx.DiGraph()
    U.add_nodes_from(D.nodes(data=True))
    for a, b, data in D.edges(data=True):
        for u, v in ((a, b), (b, a)):
            arc = U.get_edge_data(u, v)
            if arc is None:
                U.add_edge(u, v, strength=data["strength"], distance=data["distance"],
                           keys=sorted(data["keys"]))
            else:
                arc["keys"] = sorted(set(arc["keys"]) | set(data["keys"]))
                if data["distance"] < arc["distance"]:
                    arc["strength"], arc["distance"] = data["strength"], data["distance"]
    return U


def _nearest(G: nx.MultiDiGraph, found: tuple[dict, dict], origin: str, limit: int
             ) -> list[Near]:
    dist, paths = found
    near = sorted((d, n) for n, d in dist.items() if n != origin)
    return [Near(n, G.nodes[n]["label"], d, len(paths[n]) - 1) for d, n in near[:limit]]
