"""The interactive explorer: one self-contained, offline HTML page of the influence graph, in
which every entity and relation shows where it comes from.

>>> from mineralgraph.store import open_store
>>> write_explorer(open_store(), "explorer.html", focus="Bakuta", depth=2)  # doctest: +SKIP
PosixPath('explorer.html')

The page is built with pyvis from :func:`mineralgraph.network.project` and a template of our
own that inlines vis-network, so it opens without a network connection; its
Content-Security-Policy lets nothing be fetched and no other script run. Positions are
computed in Python (:mod:`.layout`), so the page is readable at once and the same data give
the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import MineralgraphError, NotFoundError
from ..network import project
from ..resolve import EntityIndex
from ..store import Store
from .details import EntityDetails, read_details
from ..atomic import write_atomic
from .mapdata import map_data
from .page import render
from .payload import LARGE_GRAPH, Highlight, Scores, build_payload
from .select import check_entity_kinds, select_nodes
from .start import DEFAULT_TOP
from .styles import check_tables

__all__ = ["DEFAULT_TOP", "ExplorerPage", "LARGE_GRAPH", "explorer_page", "graph_page", "write_explorer"]

#: Centrality measures shown in the side panel; the first sizes the nodes. Above
#: LARGE_GRAPH nodes only the cheap ones are computed.
MEASURES = ("pagerank", "betweenness", "degree", "closeness", "eigenvector")
LARGE_MEASURES = ("pagerank", "degree")
MEASURE_LABELS = {
    "pagerank": "PageRank (influence over influential nodes)",
    "betweenness": "betweenness (on shortest influence paths)",
    "degree": "degree (distinct neighbours)",
    "closeness": "closeness (how near what it reaches)",
    "eigenvector": "eigenvector (well-connected neighbours)",
}
PATH_ALTERNATIVES = 3
#: What the page shows first (a switch in the page changes it).
VIEWS = ("network", "map")


@dataclass(frozen=True)
class ExplorerPage:
    """A rendered page and what it shows."""

    html: str
    nodes: int
    edges: int
    path: str | None  # what --path found, in words
    scope: str
    first: int = 0  # entities the network view opens on (the rest wait in clusters)


def write_explorer(store: Store, path: str | Path, *, focus: str | None = None,
                   depth: int = 2, kinds: Iterable[str] | None = None,
                   countries: Iterable[str] | None = None,
                   path_between: tuple[str, str] | None = None,
                   as_of: dt.date | str | None = None,
                   relations: Iterable[str] | str | None = None,
                   view: str = "network", top: int | None = DEFAULT_TOP) -> Path:
    """Write the explorer of ``store`` to ``path`` (atomically) and return the path.

    Parameters
    ----------
    store
        The graph to show (embedded store or SPARQL endpoint).
    path
        The HTML file to write; its folder must exist.
    focus, depth
        Show only the ego network of this entity (name, alias or id), ``depth`` hops deep.
    kinds
        Entity kinds to show (``company``, ``state``…; default all).
    countries
        Show the entities of these countries (names, aliases or ids of states) and their
        direct partners.
    path_between
        Two entities; the best influence path from the first to the second is highlighted.
    as_of
        Date the relations must hold on (default today; ``"all"`` for every one).
    relations
        Relation kinds to project (default: the projection's influence kinds).
    view
        ``network`` (default) or ``map``: what the page shows first.
    top
        How many entities the network view shows when it opens: the most central ones (or
        the focus and its nearest neighbours), the rest in clusters a click away; ``None``
        shows every entity at once. The page holds all of them either way.
    """
    page = explorer_page(store, focus=focus, depth=depth, kinds=kinds, countries=countries,
                         path_between=path_between, as_of=as_of, relations=relations,
                         view=view, top=top)
    return write_atomic(Path(path), page.html)


def explorer_page(store: Store, *, focus: str | None = None, depth: int = 2,
                  kinds: Iterable[str] | None = None, countries: Iterable[str] | None = None,
                  path_between: tuple[str, str] | None = None,
                  as_of: dt.date | str | None = None,
                  relations: Iterable[str] | str | None = None,
                  view: str = "network", top: int | None = DEFAULT_TOP) -> ExplorerPage:
    """The explorer page of ``store`` (see :func:`write_explorer`), not yet written."""
    if view not in VIEWS:
        raise MineralgraphError(f"unknown view {view!r}: use {' or '.join(VIEWS)}")
    entity_kinds = check_entity_kinds(kinds)
    G = project(store, as_of=as_of, kinds=relations)
    index = EntityIndex.of(store)
    focus_slug = _in_graph(G, index.resolve(focus).slug, as_of=G.graph.get("as_of")) \
        if focus else None
    country_slugs = ({index.resolve(c, kinds={"state"}).slug for c in countries}
                     if countries else None)
    route = None
    if path_between:
        a, b = (_in_graph(G, index.resolve(n).slug, as_of=G.graph.get("as_of"))
                for n in path_between)
        route = best_path(G, a, b)
    return graph_page(G, store=store, focus=focus_slug, depth=depth, kinds=entity_kinds,
                      countries=country_slugs, highlight=route, view=view, top=top)


def graph_page(G: nx.MultiDiGraph, *, store: Store | None = None, focus: str | None = None,
               depth: int = 2, kinds: Iterable[str] | None = None,
               countries: Iterable[str] | None = None, highlight: Highlight | None = None,
               source: str | None = None, view: str = "network",
               top: int | None = DEFAULT_TOP) -> ExplorerPage:
    """The page of an already projected graph (node keys are slugs; see
    :func:`mineralgraph.network.project` for the attributes read). ``store`` adds
    descriptions, entity evidence and figures to the side panel; ``top`` as in
    :func:`write_explorer`."""
    from pyvis.network import Network  # imports IPython: only when a page is made

    check_tables()
    shown = select_nodes(G, focus=focus, depth=depth, kinds=kinds, countries=countries,
                         keep=highlight.nodes if highlight else ())
    details = read_details(store, shown) if store is not None else EntityDetails(
        names={n: d.get("label", n) for n, d in G.nodes(data=True)})
    large = len(shown) > LARGE_GRAPH
    scores = centrality_scores(G, LARGE_MEASURES if large else MEASURES)
    scope = _scope(G, focus, depth, kinds, countries, len(shown))
    meta = {
        "as_of": G.graph.get("as_of"), "scope": scope,
        "source": source or getattr(store, "description", None) or "a projected graph",
        "generator": "mineralgraph explore", "subtitle": _subtitle(G, scope),
    }
    blocs = node_blocs(G)
    vis_nodes, vis_edges, side = build_payload(
        G, shown, scores=scores, details=details, blocs=blocs, highlight=highlight,
        focus=focus, meta=meta, top=top)
    side["geo"] = map_data(G, shown, store,
                           blocs=(b for n in shown for b in blocs.get(n, ())))
    side["meta"]["view"] = view
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    # assigned in bulk: add_node checks a list per call, quadratic at thousands of nodes
    net.nodes = vis_nodes
    net.node_ids = [n["id"] for n in vis_nodes]
    net.node_map = {n["id"]: n for n in vis_nodes}
    net.edges = vis_edges
    net.options = vis_options(large=large)
    title = "mineralgraph explorer"
    if focus:
        title += f": {G.nodes[focus].get('label', focus)}"
    html = render(net, title=title, data=side)
    return ExplorerPage(html, len(vis_nodes), len(vis_edges),
                        highlight.description if highlight else None, scope,
                        len(side["start"]["nodes"]))


def vis_options(*, large: bool) -> dict[str, Any]:
    """vis-network options: positions are given, so physics stays off (no drift, no wait)."""
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "interaction": {"hover": not large, "hideEdgesOnDrag": large,
                        "hideEdgesOnZoom": large, "multiselect": False,
                        "keyboard": {"enabled": True, "bindToWindow": False},
                        "tooltipDelay": 300},
        "nodes": {"font": {"face": "system-ui, sans-serif", "color": "#1f2328"},
                  # sizes are set per node; the threshold hides labels too small to read
                  # when zoomed out, so the overview shows the big actors' names only
                  "scaling": {"label": {"enabled": False, "drawThreshold": 5,
                                        "maxVisible": 28}}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "smooth": {"enabled": not large, "type": "continuous", "roundness": 0.2},
                  "selectionWidth": 2, "hoverWidth": 1,
                  "scaling": {"label": {"enabled": False, "drawThreshold": 6}}},
    }


def centrality_scores(G: nx.MultiDiGraph, measures: Iterable[str]) -> Scores:
    """Scores of every node on ``measures`` (the network package's definitions)."""
    from ..network.centrality import centrality

    values = {}
    for m in measures:
        try:
            values[m] = centrality(G, m)[0]
        except MineralgraphError:
            continue  # e.g. eigenvector not converging: leave that measure out
    return Scores(values, {m: MEASURE_LABELS.get(m, m) for m in values})


def node_blocs(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Each node's bloc: the states backing it (a state is its own), as a list so that a
    node backed by two states is found under each in the bloc filter."""
    from ..network.blocs import node_states  # states only: no backing chains to build

    label = {n: d.get("label", n) for n, d in G.nodes(data=True)}
    return {node: sorted({label[s] for s in states})
            for node, states in node_states(G).items()}


def best_path(G: nx.MultiDiGraph, source: str, target: str) -> Highlight:
    """The best influence path from ``source`` to ``target``; if there is none, the shortest
    chain ignoring direction (said so); if not even that, an error naming the nearest nodes."""
    from ..network.paths import influence_paths

    result = influence_paths(G, source, target, k=1 + PATH_ALTERNATIVES)
    label = lambda n: G.nodes[n].get("label", n)  # noqa: E731
    if result.paths:
        best, *others = result.paths
        how = f"best influence path {label(source)} → {label(target)}"
    elif result.undirected is not None:
        best, others = result.undirected, []
        how = (f"no influence path runs from {label(source)} to {label(target)}; shown: the "
               "shortest chain of relations ignoring their direction")
    else:
        near = ", ".join(n.label for n in result.reaches_target[:5]) or "none"
        raise NotFoundError(f"no chain of relations joins {label(source)} and {label(target)}"
                            f" in the projected graph; nearest to the target: {near}")
    nodes = [best.hops[0].source] + [h.target for h in best.hops]
    description = (f"{how}: {len(best.hops)} step(s), distance {best.distance:.2f} "
                   "(1/strength summed; a 100 % owner is 1)")
    alternatives = [{"labels": [p.hops[0].source_label] + [h.target_label for h in p.hops],
                     "edges": [h.key for h in p.hops], "distance": round(p.distance, 4)}
                    for p in others]
    return Highlight(nodes, [h.key for h in best.hops], description, alternatives)


def _in_graph(G: nx.MultiDiGraph, slug: str, *, as_of: Any) -> str:
    if slug not in G:
        raise NotFoundError(
            f"{slug!r} is not in the influence graph valid on {as_of}: it has no relation that "
            "is projected at that date (try --as-of all, or add relation kinds with --kinds, "
            "e.g. produces,contains for commodities)")
    return slug


def _scope(G: nx.MultiDiGraph, focus: str | None, depth: int, kinds: Iterable[str] | None,
           countries: Iterable[str] | None, shown: int) -> str:
    parts = []
    if focus:
        parts.append(f"within {depth} step(s) of {G.nodes[focus].get('label', focus)}")
    if countries:
        parts.append("entities of " + ", ".join(
            sorted(G.nodes[c].get("label", c) if c in G else c for c in countries))
            + " and their direct partners")
    if kinds:
        parts.append("kinds " + ", ".join(sorted(kinds)))
    what = "; ".join(parts) if parts else "the whole influence graph"
    return f"{what} ({shown} of {G.number_of_nodes()} entities)"


def _subtitle(G: nx.MultiDiGraph, scope: str) -> str:
    return f"Relations valid on {G.graph.get('as_of', 'any date')}; {scope}. " \
           "Click anything for its sources."
