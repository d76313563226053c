"""Betweenness and closeness through python-igraph, scaled to NetworkX's definitions.

At 100k nodes igraph computes exact directed betweenness in about a second where NetworkX has
not finished after minutes (``stack-measurements.md``). The numbers are NetworkX's:
``tests/test_network_centrality.py`` compares them on small graphs.
"""

from __future__ import annotations

import networkx as nx


def _to_igraph(D: nx.DiGraph):
    import igraph as ig

    nodes = list(D.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in D.edges], directed=True)
    g.es["distance"] = [d["distance"] for _, _, d in D.edges(data=True)]
    return g, nodes


def betweenness(D: nx.DiGraph) -> dict[str, float]:
    """Exact directed betweenness over ``distance``, normalised as
    ``networkx.betweenness_centrality(D, weight="distance", normalized=True)``."""
    n = D.number_of_nodes()
    if n == 0:
        return {}
    g, nodes = _to_igraph(D)
    raw = g.betweenness(directed=True, weights="distance")
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0
    return {node: value * scale for node, value in zip(nodes, raw)}


def closeness(D: nx.DiGraph) -> dict[str, float]:
    """Closeness as ``networkx.closeness_centrality(D, distance="distance")`` (incoming
    distances, Wasserman–Faust scaling for graphs that are not strongly connected)."""
    n = D.number_of_nodes()
    if n == 0:
        return {}
    g, nodes = _to_igraph(D)
    # igraph: raw = 1 / sum of distances to the r-1 nodes reached; normalised = (r-1) * raw
    raw = g.closeness(mode="in", weights="distance", normalized=False)
    norm = g.closeness(mode="in", weights="distance", normalized=True)
    out = {}
    for node, r0, r1 in zip(nodes, raw, norm):
        if not r0 or r0 != r0 or n == 1:  # unreachable (0 or NaN)
            out[node] = 0.0
            continue
        reached = r1 / r0  # r - 1
        out[node] = r1 * reached / (n - 1)
    return out
