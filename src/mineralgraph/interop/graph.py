"""What the interop formats read from the store: entities with their description, country
and identifiers; relation statements with their qualifiers and evidence; sources.

A handful of whole-graph SPARQL queries, as the network projection does (same prefixes, the
same statement query), so that any store — embedded or a remote endpoint — can be exported.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..network import sparql
from ..store import Store

ENTITIES = sparql.PREFIXES + """
SELECT ?e ?id ?label ?kind ?description ?country WHERE {
  ?e mg:kind ?kind ; mg:recordId ?id ; rdfs:label ?label .
  OPTIONAL { ?e dcterms:description ?description }
  OPTIONAL { ?e mg:country ?c . ?c mg:recordId ?country }
}"""

SOURCES = sparql.PREFIXES + """
SELECT ?src ?source ?sourceKind ?sourceLabel ?url ?sourceDate ?publisher WHERE {
  ?src a mg:SourceDocument ; mg:recordId ?source .
  OPTIONAL { ?src mg:sourceKind ?sourceKind }""" + sparql.SOURCE_DETAILS + """
}"""

_EVIDENCE_DETAILS = """ ; mg:hasEvidence ?ev .
  ?ev prov:wasDerivedFrom ?src ; mg:quote ?quote .
  OPTIONAL { ?ev mg:saidBy ?who }
  OPTIONAL { ?ev mg:attribution ?attribution }
  OPTIONAL { ?ev mg:basis ?basis }
  OPTIONAL { ?ev mg:note ?note }
}"""
ENTITY_EVIDENCE = sparql.PREFIXES + """
SELECT ?e ?ev ?src ?quote ?who ?attribution ?basis ?note WHERE {
  ?e mg:kind ?kind""" + _EVIDENCE_DETAILS
STATEMENT_EVIDENCE = sparql.PREFIXES + """
SELECT ?st ?ev ?src ?quote ?who ?attribution ?basis ?note WHERE {
  ?st mg:relationKind ?kind""" + _EVIDENCE_DETAILS

#: Qualifier of a statement (the data-format name) → variable of ``sparql.STATEMENTS``.
QUALIFIERS = {
    "share_pct": "share", "amount": "amount", "currency": "currency",
    "amount_qualifier": "amountQualifier", "instrument": "instrument",
    "volume": "volume", "volume_unit": "volumeUnit", "duration_years": "duration",
    "price_terms": "priceTerms", "role": "role", "ticker": "ticker", "note": "note",
}


@dataclass
class Graph:
    """The exported data: ``entities`` and ``sources`` by record id, ``statements`` sorted
    by record id. Each entity and statement carries ``evidence``: dicts with ``source``,
    ``quote``, ``basis`` and, where stated, ``said_by``, ``attribution``, ``note``."""

    entities: dict[str, dict[str, Any]] = field(default_factory=dict)
    statements: list[dict[str, Any]] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)

    def parents(self, slug: str, kind: str = "part-of") -> list[str]:
        """Objects of ``slug``'s statements of ``kind`` (e.g. the state an agency is part of)."""
        return [st["object"] for st in self.statements
                if st["subject"] == slug and st["kind"] == kind]


def read_graph(store: Store) -> Graph:
    """Read entities, statements, evidence and sources from ``store``."""
    g = Graph()
    slug_of: dict[str, str] = {}
    for r in store.select(ENTITIES).rows():
        slug_of[r["e"]] = r["id"]
        g.entities[r["id"]] = {
            "id": r["id"], "iri": r["e"], "kind": r["kind"], "label": r["label"],
            "description": r.get("description"), "country": None, "aliases": [],
            "identifiers": {}, "evidence": [], "country": r.get("country")}
    for r in store.select(sparql.ALIASES).rows():
        g.entities[r["id"]]["aliases"].append(r["alias"])
    for r in store.select(sparql.IDENTIFIERS).rows():
        g.entities[r["id"]]["identifiers"][r["scheme"]] = r["value"]
    for ent in g.entities.values():
        ent["aliases"].sort()
    sources_by_iri = {}
    for r in store.select(SOURCES).rows():
        sources_by_iri[r["src"]] = r["source"]
        g.sources[r["source"]] = {
            "id": r["source"], "kind": r.get("sourceKind"), "label": r.get("sourceLabel"),
            "url": r.get("url"), "date": _text(r.get("sourceDate")),
            "publisher": r.get("publisher")}
    for r in store.select(ENTITY_EVIDENCE).rows():
        if r["e"] in slug_of and r["src"] in sources_by_iri:
            g.entities[slug_of[r["e"]]]["evidence"].append(
                (r["ev"], _evidence(r, sources_by_iri, slug_of)))
    evidence: dict[str, list] = defaultdict(list)
    for r in store.select(STATEMENT_EVIDENCE).rows():
        if r["src"] in sources_by_iri:
            evidence[r["st"]].append((r["ev"], _evidence(r, sources_by_iri, slug_of)))
    for ent in g.entities.values():
        ent["evidence"] = _ordered(ent["evidence"])
    for r in store.select(sparql.STATEMENTS).rows():
        subject, obj = slug_of.get(r["sn"]), slug_of.get(r["on"])
        if subject is None or obj is None:
            continue
        st = {"id": r["id"], "iri": r["st"], "kind": r["kind"], "subject": subject,
              "object": obj, "status": r.get("status") or "reported",
              "start": _text(r.get("start")), "end": _text(r.get("end")),
              "as_of": _text(r.get("asOf")), "commodity": slug_of.get(r.get("c") or ""),
              "event": slug_of.get(r.get("ev") or ""),
              "evidence": _ordered(evidence.get(r["st"], []))}
        st.update({name: _num(r[var]) for name, var in QUALIFIERS.items()
                   if r.get(var) is not None})
        g.statements.append(st)
    g.statements.sort(key=lambda st: st["id"])
    return g


def _evidence(r: dict[str, Any], sources: dict[str, str], slug_of: dict[str, str]
              ) -> dict[str, Any]:
    ev = {"source": sources[r["src"]], "quote": r["quote"], "basis": r.get("basis") or "stated"}
    if r.get("who") in slug_of:
        ev["said_by"] = slug_of[r["who"]]
    for name in ("attribution", "note"):
        if r.get(name):
            ev[name] = r[name]
    return ev


def _ordered(items: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Evidence in the order the curator wrote it (evidence nodes are numbered …/1, …/2)."""
    def key(pair: tuple[str, dict[str, Any]]) -> tuple[str, int]:
        head, _, tail = pair[0].rpartition("/")
        return (head, int(tail)) if tail.isdigit() else (pair[0], 0)
    return [ev for _, ev in sorted(items, key=key)]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _num(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
