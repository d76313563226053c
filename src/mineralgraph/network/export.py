"""Write the projected graph for Gephi, Kumu, yEd or any NetworkX reader.

>>> from mineralgraph.store import open_store
>>> G = annotate(project(open_store()))                        # doctest: +SKIP
>>> export_graph(G, "graphml", "tungsten.graphml")            # doctest: +SKIP

``graphml`` and ``gexf`` hold scalar attributes only, so lists and dicts (aliases, qualifiers,
evidence) are written as JSON text and ``None`` is left out; ``json`` is NetworkX node-link
JSON with everything as is; ``csv`` is Kumu's pair of sheets, ``*-elements.csv`` and
``*-connections.csv``, keyed by ``ID`` (entity slugs and statement ids, unique across both).
Every file is written beside its target and renamed into place: an interrupted export never
leaves a half-written file.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from ..atomic import atomic_path
from ..errors import MineralgraphError
from ..kinds import ENTITY_KINDS
from ..names import EXPORT_FORMATS
from ..textsafe import csv_cell, xml_text
from .blocs import communities, node_blocs
from .centrality import MEASURES, all_scores

FORMATS = EXPORT_FORMATS
SCORE_PREFIX = "score_"


def annotate(G: nx.MultiDiGraph, *, measures: Iterable[str] = MEASURES,
             backend: str | None = None, jobs: int | None = None) -> nx.MultiDiGraph:
    """A copy of ``G`` whose nodes carry ``bloc``, ``community`` and ``score_<measure>``."""
    H = G.copy()
    for measure, values in all_scores(G, measures=list(measures), backend=backend,
                                       jobs=jobs).items():
        nx.set_node_attributes(H, {n: values.get(n, 0.0) for n in H}, SCORE_PREFIX + measure)
    nx.set_node_attributes(H, node_blocs(G), "bloc")
    member = {n: c.id for c in communities(G) for n in c.members}
    nx.set_node_attributes(H, {n: member.get(n, 0) for n in H}, "community")
    return H


def flatten(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with scalar attributes only (lists/dicts → JSON text, ``None`` dropped), for
    XML: text without the characters XML 1.0 cannot hold (a store not built from our loader
    may have them), so GraphML and GEXF stay well-formed."""
    H = nx.MultiDiGraph()
    H.graph.update({k: _scalar(v) for k, v in G.graph.items() if v is not None})
    for n, d in G.nodes(data=True):
        H.add_node(_scalar(n), **{k: _scalar(v) for k, v in d.items() if v is not None})
    for u, v, key, d in G.edges(keys=True, data=True):
        H.add_edge(_scalar(u), _scalar(v), key=_scalar(key),
                   **{k: _scalar(v) for k, v in d.items() if v is not None})
    return H


def _scalar(value: Any) -> Any:
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return xml_text(value) if isinstance(value, str) else value


def export_graph(G: nx.MultiDiGraph, fmt: str, path: str | Path) -> list[Path]:
    """Write ``G`` as ``fmt`` to ``path``; returns the files written.

    For ``csv``, ``path`` names the pair: ``out/map.csv`` (or ``out/map``) gives
    ``out/map-elements.csv`` and ``out/map-connections.csv``; an existing folder gets
    ``elements.csv`` and ``connections.csv`` inside.
    """
    if fmt not in FORMATS:
        raise MineralgraphError(f"unknown export format {fmt!r}: use {', '.join(FORMATS)}")
    target = Path(path)
    if target.is_dir() and fmt != "csv":
        raise MineralgraphError(f"{target} is a folder: give a file name, e.g. "
                                f"{target / ('graph.' + fmt)}")
    if not target.parent.is_dir() and not target.is_dir():
        raise MineralgraphError(f"folder {target.parent} does not exist")
    if fmt == "graphml":
        return [_atomic(target, lambda p: nx.write_graphml(flatten(G), p))]
    if fmt == "gexf":
        return [_atomic(target, lambda p: nx.write_gexf(_for_gexf(G), p))]
    if fmt == "json":
        data = nx.node_link_data(G, edges="edges")
        return [_atomic(target, lambda p: p.write_text(
            json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8"))]
    return _kumu(G, target)


def _for_gexf(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    H = flatten(G)
    for u, v, key, d in H.edges(keys=True, data=True):
        d["id"] = key  # GEXF keeps edge ids; the reader turns them back into keys
    return H


def _atomic(target: Path, write: Callable[[Path], Any]) -> Path:
    """Let ``write`` fill a temporary file, then rename it onto ``target``."""
    with atomic_path(target) as tmp:
        write(tmp)
    return target


ELEMENT_FIELDS = ("ID", "Label", "Type", "Category", "Country", "Description", "IRI", "Tags")
CONNECTION_FIELDS = ("ID", "From", "To", "Type", "Direction", "Label", "Status", "Tentative",
                     "Strength", "Distance", "Qualifiers", "Sources", "Quote", "Statement")


def _kumu(G: nx.MultiDiGraph, target: Path) -> list[Path]:
    if target.is_dir():
        files = (target / "elements.csv", target / "connections.csv")
    else:
        stem = target.name[:-4] if target.name.endswith(".csv") else target.name
        files = (target.with_name(f"{stem}-elements.csv"),
                 target.with_name(f"{stem}-connections.csv"))
    extra = sorted({k for _, d in G.nodes(data=True) for k in d
                    if k.startswith(SCORE_PREFIX) or k in ("bloc", "community")})
    elements = []
    for n, d in G.nodes(data=True):
        kind, country = d.get("kind", ""), d.get("country")
        # Kumu shows these columns to readers: names, not slugs or IRIs (the IRI has its own)
        row = {"ID": n, "Label": d.get("label", n),
               "Type": ENTITY_KINDS[kind].label if kind in ENTITY_KINDS else kind,
               "Category": d.get("category") or "",
               "Country": G.nodes[country].get("label", country) if country in G
               else country or "",
               "Description": d.get("description") or "", "IRI": d.get("iri", ""),
               "Tags": "|".join(d.get("aliases", []))}
        row.update({k: d.get(k, "") for k in extra})
        elements.append(row)
    connections = []
    for u, v, key, d in G.edges(keys=True, data=True):
        ev = d.get("evidence") or []
        connections.append({
            "ID": key, "From": u, "To": v, "Type": d["kind"],
            "Direction": "mutual" if d.get("mutual") else "directed", "Label": d["label"],
            "Status": d["status"], "Tentative": str(d["tentative"]).lower(),
            "Strength": d["strength"], "Distance": d["distance"],
            "Qualifiers": "; ".join(f"{k}={v}" for k, v in d["qualifiers"].items()),
            "Sources": "|".join(dict.fromkeys(e["source"] for e in ev)),
            "Quote": ev[0]["quote"] if ev else "", "Statement": d.get("statement", "")})
    written = []
    for path, fields, rows in ((files[0], (*ELEMENT_FIELDS, *extra), elements),
                               (files[1], CONNECTION_FIELDS, connections)):
        written.append(_atomic(path, lambda p, f=fields, r=rows: _write_csv(p, f, r)))
    return written


def _write_csv(path: Path, fields: Iterable[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(fields))
        writer.writeheader()
        writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
