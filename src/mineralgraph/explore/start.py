"""The first view: what the explorer shows when it opens, so that it reads at a glance.

A page holds every selected entity (search and filters reach them all), but it opens on a few:
the most central entities (or a focus and its nearest neighbours), laid out on their own at a
size where their labels can be read, and the rest gathered in clusters — by country, then by
kind — that bring their members in a batch at a time when clicked.

>>> import networkx as nx
>>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
>>> view = start_view(G, set(G), rank={"b": 3, "c": 2, "a": 1}, top=2)
>>> view.nodes, [c["members"] for c in view.clusters]
(['b', 'c'], [['a', 'd']])
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..names import EXPLORE_TOP
from .layout import GAP, layout
from .styles import kind_label

#: Entities shown first when the page holds more (``--top``; ``--all`` shows everything).
DEFAULT_TOP = EXPLORE_TOP
#: Entities a click on a cluster brings in.
CLUSTER_BATCH = 12
#: The rest is clustered by country (the countries with most entities), then by kind; what
#: is left after that goes into one last cluster.
COUNTRY_CLUSTERS = 5
KIND_CLUSTERS = 3
#: The first view is packed for a screen about this much wider than high (the network's
#: share of a 1366×768 screen less the rows of clusters under it).
START_ASPECT = 1.5
#: Height (canvas px) of a cluster box and width per character of its label, for placing them.
CLUSTER_HEIGHT = 60.0
CLUSTER_CHAR = 9.0


@dataclass
class StartView:
    """The entities shown first, their positions in the first view, and the clusters of the
    rest (``{"key", "label", "members", "x", "y"}``, members most central first)."""

    nodes: list[str]
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    clusters: list[dict[str, Any]] = field(default_factory=list)


def first_nodes(G: nx.MultiDiGraph, shown: Collection[str], *, rank: Mapping[str, float],
                top: int, focus: str | None = None) -> list[str]:
    """The ``top`` entities to show first: around ``focus`` the nearest (then most central)
    ones, else the most central of all."""
    def by_rank(n: str) -> tuple[float, str]:
        return (-rank.get(n, 0.0), n)

    if focus is None or focus not in G:
        return sorted(shown, key=by_rank)[:top]
    U = G.subgraph(shown).to_undirected(as_view=True)
    hops = nx.single_source_shortest_path_length(U, focus)
    return sorted(hops, key=lambda n: (hops[n], *by_rank(n)))[:top]


def start_view(G: nx.MultiDiGraph, shown: Collection[str], *, rank: Mapping[str, float],
               top: int | None, focus: str | None = None, keep: Collection[str] = (),
               boxes: Mapping[Hashable, tuple[float, float]] | None = None,
               names: Mapping[str, str] | None = None) -> StartView:
    """The first view of ``shown`` (see the module docstring); ``top=None`` or a page of at
    most ``top`` entities shows everything (positions of the full layout, no cluster).
    ``keep`` (a highlighted path) is always shown first."""
    if top is not None and top < 1:
        from ..errors import MineralgraphError

        raise MineralgraphError(f"--top must be at least 1, got {top}")
    if top is None or len(shown) <= top:
        return StartView(sorted(shown))
    first = set(first_nodes(G, shown, rank=rank, top=top, focus=focus))
    first |= {n for n in keep if n in shown}
    if focus in shown:
        first.add(focus)
    nodes = sorted(first)
    edges = [(u, v, d.get("strength", 0.5))
             for u, v, d in G.subgraph(nodes).edges(data=True)]
    positions = shelves(layout(nodes, edges, boxes=boxes), boxes or {})
    rest = sorted((n for n in shown if n not in first), key=lambda n: (-rank.get(n, 0.0), n))
    clusters = _clusters(G, rest, names or {})
    _place_clusters(clusters, positions, boxes or {})
    return StartView(nodes, positions, clusters)


def shelves(positions: Mapping[str, tuple[float, float]],
            boxes: Mapping[Hashable, tuple[float, float]], *,
            aspect: float = START_ASPECT) -> dict[str, tuple[float, float]]:
    """The drawing ``positions`` rearranged in rows of label boxes, packed edge to edge: the
    rows keep the drawing's top-to-bottom order and each row its left-to-right order, so
    neighbours stay near, and the number of rows is the one whose drawing fits a screen of
    ``aspect`` at the largest zoom. A force or stress drawing of a few dozen labelled
    entities leaves most of the screen empty; this one fills it, so its labels read."""
    default = (60.0, 40.0)
    order = sorted(positions, key=lambda n: (positions[n][1], positions[n][0], n))
    size = {n: boxes.get(n, default) for n in order}
    best: tuple[float, list[list[str]]] | None = None
    # a screen-shaped drawing has about sqrt(n) rows: try up to a few times that many
    for count in range(1, min(len(order), 4 * math.isqrt(len(order)) + 4) + 1):
        per_row = -(-len(order) // count)
        rows = [sorted(order[i:i + per_row], key=lambda n: (positions[n][0], n))
                for i in range(0, len(order), per_row)]
        width = max(sum(size[n][0] for n in row) for row in rows)
        height = sum(max(size[n][1] for n in row) for row in rows)
        zoom = min(aspect / width, 1 / height)
        if best is None or zoom > best[0]:
            best = (zoom, rows)
    out: dict[str, tuple[float, float]] = {}
    y = 0.0
    for r, row in enumerate(best[1] if best else []):
        tall = max(size[n][1] for n in row)
        x = -sum(size[n][0] for n in row) / 2
        for i, n in enumerate(row):
            # a small stagger: a line along a row does not run through its labels
            out[n] = (round(x + size[n][0] / 2, 1), round(y + tall / 2 + (i % 2) * 12.0, 1))
            x += size[n][0]
        y += tall
    return out


def _clusters(G: nx.MultiDiGraph, rest: list[str], names: Mapping[str, str]
              ) -> list[dict[str, Any]]:
    """Clusters of ``rest`` (already most central first): the biggest countries, then the
    biggest kinds of what remains, then everything else."""
    def label_of(slug: str) -> str:
        return G.nodes[slug].get("label", slug) if slug in G else names.get(slug, slug)

    countries = Counter(G.nodes[n].get("country") for n in rest)
    countries.pop(None, None)
    groups: dict[str, tuple[str, list[str]]] = {}
    chosen = [c for c, k in sorted(countries.items(), key=lambda ck: (-ck[1], ck[0]))
              if k > 1][:COUNTRY_CLUSTERS]
    for c in chosen:
        groups[f"country:{c}"] = (label_of(c), [])
    left = [n for n in rest if G.nodes[n].get("country") not in chosen]
    kinds = Counter(G.nodes[n].get("kind") for n in left)
    top_kinds = [k for k, c in sorted(kinds.items(), key=lambda kc: (-kc[1], str(kc[0])))
                 if c > 1][:KIND_CLUSTERS]
    for k in top_kinds:
        groups[f"kind:{k}"] = ((f"Other {kind_label(k).lower()}" if chosen
                                else kind_label(k)), [])
    groups["rest"] = ("Everything else", [])
    for n in rest:
        country, kind = G.nodes[n].get("country"), G.nodes[n].get("kind")
        key = (f"country:{country}" if country in chosen else
               f"kind:{kind}" if kind in top_kinds else "rest")
        groups[key][1].append(n)
    return [{"key": key, "label": label, "members": members}
            for key, (label, members) in groups.items() if members]


def _place_clusters(clusters: list[dict[str, Any]],
                    positions: Mapping[str, tuple[float, float]],
                    boxes: Mapping[Hashable, tuple[float, float]]) -> None:
    """Put the clusters in centred rows under the first view's entities, as wide as they."""
    if not clusters:
        return
    default = (60.0, 40.0)
    xs = [x for n, (x, _) in positions.items() for x in
          (x - boxes.get(n, default)[0] / 2, x + boxes.get(n, default)[0] / 2)]
    bottom = max(y + boxes.get(n, default)[1] / 2 for n, (_, y) in positions.items())
    left, right = min(xs), max(xs)
    widths = [max(len(c["label"]), 10) * CLUSTER_CHAR + 30 for c in clusters]
    rows: list[list[int]] = [[]]
    used = 0.0
    for i, w in enumerate(widths):
        if rows[-1] and used + GAP + w > right - left:
            rows.append([])
            used = 0.0
        used += (GAP if rows[-1] else 0) + w
        rows[-1].append(i)
    for r, row in enumerate(rows):
        x = (left + right) / 2 - (sum(widths[i] for i in row) + GAP * (len(row) - 1)) / 2
        for i in row:
            clusters[i]["x"] = round(x + widths[i] / 2, 1)
            clusters[i]["y"] = round(bottom + GAP * 2 + CLUSTER_HEIGHT / 2
                                     + r * (CLUSTER_HEIGHT + GAP), 1)
            x += widths[i] + GAP
