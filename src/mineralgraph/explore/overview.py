"""The "everything" view of a large page: every entity at once, grouped so that it reads.

The entities are split into the Louvain communities the ``blocs`` command reports
(:func:`mineralgraph.network.blocs.communities`, seeded: the same graph gives the same
groups); each group is drawn on its own with NetworkX's spring layout (seeded), scaled so that
neighbours keep a fixed distance apart, and the groups are packed biggest first (the packing of
:mod:`.layout`). Entities in groups too small to be one (isolated entities, pairs) share a last
group. The page draws this with physics off, so it opens at once and stays put, and shows
labels by level of detail (``js/overview.js``): the most central first, as many as fit.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for u, v in [("a", "b"), ("b", "c"), ("c", "a"), ("d", "e")]:
...     _ = G.add_edge(u, v, strength=1.0, distance=1.0, mutual=False)
>>> view = overview(G, sorted(G), rank={"a": 3.0}, sizes={}, names={})
>>> sorted(view.positions) == ["a", "b", "c", "d", "e"], [g["size"] for g in view.groups]
(True, [3, 2])
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np

from .layout import pack

#: Pages with more entities than this get the grouped layout and level-of-detail labels in
#: their "everything" view; smaller ones keep the full layout with every label drawn.
OVERVIEW_MIN = 100
#: Communities smaller than this go into the last, shared group.
MIN_GROUP = 3
#: Distance (canvas px) between an entity and its nearest neighbour in a group's drawing.
NEIGHBOUR_PX = 40.0
#: Room (canvas px) around a node's symbol, and above a group for its heading.
MARGIN_PX = 14.0
HEADING_PX = 60.0
SEED = 7


@dataclass
class Overview:
    """Positions of every entity and the groups (``{"key", "label", "size", "hub", "members",
    "box": [left, top, right, bottom]}``, biggest first; members most central first)."""

    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    groups: list[dict[str, Any]] = field(default_factory=list)


def overview(G: nx.MultiDiGraph, nodes: Collection[str], *, rank: Mapping[str, float],
             sizes: Mapping[str, float], names: Mapping[str, str]) -> Overview:
    """The grouped layout of ``nodes`` (see the module docstring); ``rank`` orders the
    members (the most central names its group), ``sizes`` are the symbols' radii."""
    from ..network.blocs import communities

    order = sorted(nodes)
    if not order:
        return Overview()
    parts = [list(c.members) for c in communities(G.subgraph(order), seed=SEED, min_size=1)]
    groups = [p for p in parts if len(p) >= MIN_GROUP]
    small = sorted((p for p in parts if len(p) < MIN_GROUP), key=lambda p: (-len(p), p[0]))
    index = {n: i for i, n in enumerate(order)}
    radius = np.array([float(sizes.get(n, 10.0)) for n in order])
    placed = [(_indices(members, index), _group_drawing(G, members, radius, index))
              for members in groups]
    if small:
        members = [n for p in small for n in p]
        placed.append((_indices(members, index), _rows(members, radius, index)))
    boxes = np.repeat((2 * radius + 2 * MARGIN_PX)[:, None], 2, axis=1)
    pos = np.zeros((len(order), 2))
    pack(placed, _with_heading(boxes, placed), pos)
    pos -= pos.mean(axis=0)
    positions = {n: (round(float(pos[i, 0]), 1), round(float(pos[i, 1]), 1))
                 for i, n in enumerate(order)}
    out = []
    for g, (comp, _) in enumerate(placed):
        members = [order[i] for i in comp]
        hub = min(members, key=lambda n: (-rank.get(n, 0.0), n))
        shared = bool(small) and g == len(placed) - 1
        xs, ys = pos[comp, 0], pos[comp, 1]
        r = radius[comp]
        out.append({
            "key": "small" if shared else f"group-{g + 1}",
            "label": ("Small groups and unconnected entities" if shared else
                      f"Around {names.get(hub, G.nodes[hub].get('label', hub))}"),
            "size": len(members), "hub": None if shared else hub,
            "members": sorted(members, key=lambda n: (-rank.get(n, 0.0), n)),
            "box": [round(float((xs - r).min()), 1),
                    round(float((ys - r).min() - HEADING_PX + MARGIN_PX), 1),
                    round(float((xs + r).max()), 1), round(float((ys + r).max()), 1)],
        })
    return Overview(positions, out)


def _indices(members: list[str], index: Mapping[str, int]) -> list[int]:
    return [index[n] for n in members]


def _group_drawing(G: nx.MultiDiGraph, members: list[str], radius: np.ndarray,
                   index: Mapping[str, int]) -> np.ndarray:
    """A group drawn by NetworkX's spring layout (seeded, nodes fed sorted), scaled so that
    the median distance to the nearest neighbour is NEIGHBOUR_PX plus the symbols."""
    U = nx.Graph()
    U.add_nodes_from(members)
    for u, v, d in sorted(G.subgraph(members).edges(data=True),
                          key=lambda e: (e[0], e[1])):
        if u != v:
            w = max(float(d.get("strength", 0.5)), U[u][v]["weight"] if U.has_edge(u, v) else 0)
            U.add_edge(u, v, weight=w)
    drawn = nx.spring_layout(U, seed=SEED, iterations=100)
    local = np.array([drawn[n] for n in members], dtype=float)
    local -= local.mean(axis=0)
    nearest = _nearest(local)
    if nearest > 0:
        r = radius[[index[n] for n in members]]
        local *= (NEIGHBOUR_PX + 2 * float(np.median(r))) / nearest
    return local


def _nearest(points: np.ndarray) -> float:
    """Median distance from a point to its nearest other point."""
    from scipy.spatial import cKDTree

    if len(points) < 2:
        return 0.0
    dist, _ = cKDTree(points).query(points, k=2)
    return float(np.median(dist[:, 1]))


def _rows(members: list[str], radius: np.ndarray, index: Mapping[str, int]) -> np.ndarray:
    """The shared group: members in rows, in order (a pair stays side by side)."""
    per_row = max(1, int(np.ceil(np.sqrt(len(members) * 1.6))))
    step = NEIGHBOUR_PX + 2 * float(max(radius[[index[n] for n in members]]))
    return np.array([[(i % per_row) * step, (i // per_row) * step]
                     for i in range(len(members))], dtype=float)


def _with_heading(boxes: np.ndarray, placed: list[tuple[list[int], np.ndarray]]
                  ) -> np.ndarray:
    """Node boxes for the packing, the topmost node of each group made tall enough to leave
    room for the group's heading above it."""
    out = boxes.copy()
    for comp, local in placed:
        top = comp[int(np.argmin(local[:, 1]))]
        out[top, 1] += 2 * HEADING_PX
    return out
