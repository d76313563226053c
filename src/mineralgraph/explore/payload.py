"""The data an explorer page carries: vis-network nodes and edges (drawn), and per entity and
per relation everything the side panel, legend, search and filters need.

All values are plain JSON (strings, numbers, lists, dicts) in a fixed order, so the same graph
gives the same page. Nothing here is HTML: the page inserts every string as text.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..kinds import RELATION_STATUSES
from ..names import LARGE_GRAPH
from .details import EntityDetails
from .layout import LABEL_PASS_LIMIT, label_box, layout, wrap_label
from .overview import OVERVIEW_MIN, overview
from .families import FAMILIES, TENTATIVE_OPACITY, family_of, line_dashes, relation_family
from .start import CLUSTER_BATCH, start_view
from .styles import is_tentative, kind_label, node_style, relation_label, status_label

NODE_SIZE = (8.0, 34.0)
FONT_PX = (14.0, 20.0)
EDGE_FONT_PX = 10


@dataclass
class Scores:
    """Centrality scores per measure (``{measure: {slug: value}}``) and their labels; the
    first measure sizes the nodes."""

    values: dict[str, dict[str, float]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def primary(self) -> str | None:
        return next(iter(self.values), None)


@dataclass
class Highlight:
    """A path to highlight: its nodes in order and the statements (edge keys) it walks."""

    nodes: list[str]
    edges: list[str]
    description: str = ""
    alternatives: list[dict[str, Any]] = field(default_factory=list)


def _norm(values: Mapping[str, float], nodes: Sequence[str]) -> dict[str, float]:
    """Scores of ``nodes`` scaled to [0, 1] by the largest one (square root: hubs do not
    dwarf everything else)."""
    top = max((values.get(n, 0.0) for n in nodes), default=0.0)
    if top <= 0:
        return {n: 0.0 for n in nodes}
    return {n: math.sqrt(max(values.get(n, 0.0), 0.0) / top) for n in nodes}


def _short_label(data: Mapping[str, Any]) -> str:
    text = data.get("kind", "")
    share = (data.get("qualifiers") or {}).get("share_pct")
    if share is not None:
        text += f" {share:g}%"
    if data.get("contested"):
        text += " ⚠"
    return text


def build_payload(G: nx.MultiDiGraph, shown: set[str], *, scores: Scores,
                  details: EntityDetails, blocs: Mapping[str, Sequence[str]],
                  highlight: Highlight | None, focus: str | None, meta: dict[str, Any],
                  top: int | None = None, seed: int = 7) -> tuple[list[dict], list[dict], dict[str, Any]]:
    """vis-network nodes, vis-network edges and the side data of the page; ``top``: how many
    entities the first view shows (see :mod:`.start`; ``None``: all)."""
    nodes = sorted(shown)
    large = len(nodes) > LARGE_GRAPH
    primary = scores.values.get(scores.primary or "", {})
    weight = _norm(primary, nodes)
    edges = sorted(G.subgraph(nodes).edges(keys=True, data=True), key=lambda e: e[2])
    # the side panel lists every relation of a shown entity, drawn or not
    touching = {k: (u, v, k, d) for n in nodes
                for u, v, k, d in [*G.out_edges(n, keys=True, data=True),
                                   *G.in_edges(n, keys=True, data=True)]}
    listed = [touching[k] for k in sorted(touching)]

    sizes, fonts, boxes = {}, {}, {}
    for n in nodes:
        w = weight[n]
        sizes[n] = round(NODE_SIZE[0] + (NODE_SIZE[1] - NODE_SIZE[0]) * w, 1)
        fonts[n] = round(FONT_PX[0] + (FONT_PX[1] - FONT_PX[0]) * w, 1)
        boxes[n] = label_box(wrap_label(G.nodes[n].get("label", n)), sizes[n], fonts[n])
    grouped = overview(G, nodes, rank=primary, sizes=sizes, names=details.names) \
        if len(nodes) > OVERVIEW_MIN else None
    pos = grouped.positions if grouped else layout(
        nodes, [(u, v, d.get("strength", 0.5)) for u, v, _, d in edges], boxes=boxes, seed=seed)
    first = start_view(G, nodes, rank=primary, top=top, focus=focus,
                       keep=highlight.nodes if highlight else (), boxes=boxes,
                       names=details.names)

    vis_nodes = []
    for n in nodes:
        data = G.nodes[n]
        style = node_style(data.get("kind"))
        vis_nodes.append({
            "id": n, "label": wrap_label(data.get("label", n)), "shape": style.shape, "size": sizes[n],
            "x": pos[n][0], "y": pos[n][1],
            "color": {"background": style.colour, "border": style.colour,
                      "highlight": {"background": style.colour, "border": "#000000"}},
            "font": {"size": fonts[n], "strokeWidth": 3, "strokeColor": "#ffffff"},
            "borderWidth": 3 if n == focus else 1,
        })

    # relation labels only where everything is drawn at once on a page of a readable size
    edge_labels = not large and len(first.nodes) == len(nodes)
    multiplicity: Counter[tuple[str, str]] = Counter()
    vis_edges = []
    for u, v, key, data in edges:
        pair = (min(u, v), max(u, v))
        index = multiplicity[pair]
        multiplicity[pair] += 1
        family = relation_family(data.get("kind"))
        tentative = is_tentative(data.get("status"))
        opacity = TENTATIVE_OPACITY if tentative else 0.9
        edge: dict[str, Any] = {
            "id": key, "from": u, "to": v,
            "arrows": {"to": {"enabled": True, "type": family.arrow, "scaleFactor": 0.6}},
            "color": {"color": family.colour, "highlight": family.colour,
                      "hover": family.colour, "opacity": opacity},
            "dashes": line_dashes(data.get("kind"), tentative=tentative),
            # the family sets the width (it reads in greyscale); strength varies it a little
            "width": round(family.width * (0.8 + 0.4 * float(data.get("strength", 0.5))), 2),
        }
        if edge_labels:
            edge["label"] = _short_label(data)
            edge["font"] = {"size": EDGE_FONT_PX, "color": "#444444", "strokeWidth": 3,
                            "align": "middle"}
        if index or large:
            edge["smooth"] = ({"enabled": False} if large else
                              {"enabled": True, "type": "curvedCW" if index % 2 else "curvedCCW",
                               "roundness": 0.15 * (1 + index // 2)})
        vis_edges.append(edge)

    side = {
        "meta": {**meta, "nodes": len(nodes), "edges": len(vis_edges), "large": large,
                 "large_threshold": LARGE_GRAPH, "label_pass_limit": LABEL_PASS_LIMIT,
                 "focus": focus, "primary_measure": scores.primary, "open_all": top is None},
        "overview": {"groups": grouped.groups} if grouped else None,
        "start": {"nodes": first.nodes, "batch": CLUSTER_BATCH,
                  "positions": {n: list(xy) for n, xy in first.positions.items()},
                  "clusters": first.clusters},
        "entities": _entities(G, nodes, scores, details, blocs),
        "relations": {key: _relation(u, v, data) for u, v, key, data in listed},
        "names": _names(G, nodes, listed, details),
        "measures": [{"key": k, "label": scores.labels.get(k, k)} for k in scores.values],
        "legend": _legend(G, nodes, edges),
        "filters": _filters(G, nodes, edges, details, blocs),
        "path": None if highlight is None else {
            "nodes": highlight.nodes, "edges": highlight.edges,
            "description": highlight.description, "alternatives": highlight.alternatives},
    }
    return vis_nodes, vis_edges, side


def _entities(G: nx.MultiDiGraph, nodes: list[str], scores: Scores, details: EntityDetails,
              blocs: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    ranks = {m: {n: i + 1 for i, n in enumerate(sorted(vals, key=lambda n: (-vals[n], n)))}
             for m, vals in scores.values.items()}
    out = {}
    for n in nodes:
        d = G.nodes[n]
        out[n] = {
            "label": d.get("label", n), "kind": d.get("kind"),
            "kind_label": kind_label(d.get("kind")), "category": d.get("category"),
            "country": d.get("country"), "aliases": list(d.get("aliases") or []),
            "iri": d.get("iri"), "stage": d.get("stage"),
            "identifiers": dict(d.get("identifiers") or {}),
            "located_in": list(d.get("located_in") or []),
            "listed_on": list(d.get("listed_on") or []),
            "produces": list(d.get("produces") or []),
            "contains": list(d.get("contains") or []),
            "description": details.descriptions.get(n),
            "evidence": details.evidence.get(n, []),
            "observations": details.observations.get(n, []),
            "blocs": list(blocs.get(n, [])),
            "scores": {m: {"value": round(float(vals.get(n, 0.0)), 6),
                           "rank": ranks[m].get(n), "of": len(vals)}
                       for m, vals in scores.values.items()},
            "out": sorted(k for _, _, k in G.out_edges(n, keys=True)),
            "in": sorted(k for _, _, k in G.in_edges(n, keys=True)),
        }
    return out


def _relation(u: str, v: str, data: Mapping[str, Any]) -> dict[str, Any]:
    status = data.get("status")
    return {
        "from": u, "to": v, "subject": data.get("subject", u), "object": data.get("object", v),
        "kind": data.get("kind"), "family": family_of(data.get("kind")), "label": data.get("label") or relation_label(data.get("kind")),
        "status": status, "status_label": status_label(status),
        "tentative": is_tentative(status),
        "start": data.get("start"), "end": data.get("end"), "as_of": data.get("as_of"),
        "qualifiers": dict(data.get("qualifiers") or {}),
        "evidence": list(data.get("evidence") or []),
        "contested": bool(data.get("contested")), "contests": list(data.get("contests") or []),
        "strength": data.get("strength"), "note": data.get("note"),
        "announced_at": data.get("announced_at"), "statement": data.get("statement"),
    }


def _names(G: nx.MultiDiGraph, nodes: list[str], edges: list, details: EntityDetails
           ) -> dict[str, str]:
    """Labels of every entity the page mentions (countries, people quoted, places)."""
    wanted: set[str] = set(nodes)
    for n in nodes:
        d = G.nodes[n]
        wanted.update(x for x in [d.get("country")] if x)
        for attr in ("located_in", "listed_on", "produces", "contains"):
            wanted.update(d.get(attr) or [])
        for ev in details.evidence.get(n, []):
            wanted.update(x for x in [ev.get("said_by")] if x)
        for obs in details.observations.get(n, []):
            wanted.update(x for x in [obs.get("commodity")] if x)
    for u, v, _, data in edges:
        wanted.update((data.get("subject", u), data.get("object", v)))
        wanted.update(x for x in [data.get("announced_at"),
                                  (data.get("qualifiers") or {}).get("commodity")] if x)
        wanted.update(ev["said_by"] for ev in data.get("evidence") or [] if ev.get("said_by"))
    names = {**details.names, **{n: G.nodes[n].get("label", n) for n in G if n in wanted}}
    return {k: names[k] for k in sorted(wanted) if k in names}


def _legend(G: nx.MultiDiGraph, nodes: list[str], edges: list) -> dict[str, Any]:
    kinds = Counter(G.nodes[n].get("kind") for n in nodes)
    rels = Counter(d.get("kind") for _, _, _, d in edges)
    return {
        "kinds": [{"kind": k, "label": kind_label(k), "colour": node_style(k).colour,
                   "shape": node_style(k).shape, "count": c}
                  for k, c in sorted(kinds.items(), key=lambda kc: str(kc[0]))],
        "relations": [{"kind": k, "label": relation_label(k), "family": family_of(k),
                       "count": c} for k, c in sorted(rels.items(), key=lambda kc: str(kc[0]))],
        "families": [{"family": f, "label": fam.label, "colour": fam.colour,
                      "dashes": list(fam.dashes or []), "width": fam.width, "arrow": fam.arrow,
                      "count": sum(c for k, c in rels.items() if family_of(k) == f)}
                     for f, fam in FAMILIES.items()],
    }


def _filters(G: nx.MultiDiGraph, nodes: list[str], edges: list, details: EntityDetails,
             blocs: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    countries = Counter(G.nodes[n].get("country") or "" for n in nodes)
    bloc_count: Counter[str] = Counter()
    for n in nodes:
        bloc_count.update(blocs.get(n) or [""])
    statuses = Counter(d.get("status") or "reported" for _, _, _, d in edges)
    order = {s: i for i, s in enumerate(RELATION_STATUSES)}
    return {
        "countries": [{"value": c, "label": details.names.get(c, c) if c else "(no country)",
                       "count": k}
                      for c, k in sorted(countries.items(),
                                         key=lambda ck: (ck[0] == "", details.names.get(
                                             ck[0], ck[0]).lower()))],
        "blocs": [{"value": b, "label": b or "(no bloc)", "count": k}
                  for b, k in sorted(bloc_count.items(), key=lambda bk: (bk[0] == "", bk[0]))],
        "statuses": [{"value": s, "label": status_label(s), "tentative": is_tentative(s),
                      "count": k}
                     for s, k in sorted(statuses.items(), key=lambda sk: (
                         order.get(sk[0], len(order)), sk[0]))],
    }
