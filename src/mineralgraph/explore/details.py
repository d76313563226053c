"""What the side panel shows about an entity beyond the projection: its description, the
evidence for the entity itself, and the figures observed about it.

Read with a few whole-graph queries (never one per node), so a remote endpoint answers a
5,000-node explorer in a handful of requests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from ..network.sparql import OBSERVATIONS, PREFIXES
from ..store import Store

DESCRIPTIONS = PREFIXES + """
SELECT ?id ?description WHERE {
  ?e mg:kind ?kind ; mg:recordId ?id ; dcterms:description ?description .
}"""

ENTITY_EVIDENCE = PREFIXES + """
SELECT ?id ?ev ?source ?sourceLabel ?url ?date ?publisher ?quote ?paraphrase ?saidBy
       ?attribution ?basis WHERE {
  ?e mg:kind ?kind ; mg:recordId ?id ; mg:hasEvidence ?ev .
  ?ev prov:wasDerivedFrom ?src ; mg:quote ?quote .
  ?src mg:recordId ?source .
  OPTIONAL { ?src rdfs:label ?sourceLabel }
  OPTIONAL { ?src dcterms:source ?url }
  OPTIONAL { ?src dcterms:date ?date }
  OPTIONAL { ?src dcterms:publisher ?publisher }
  OPTIONAL { ?ev mg:saidBy ?who . ?who mg:recordId ?saidBy }
  OPTIONAL { ?ev mg:attribution ?attribution }
  OPTIONAL { ?ev mg:basis ?basis }
  OPTIONAL { ?ev mg:isParaphrase ?paraphrase }
}"""

NAMES = PREFIXES + """
SELECT ?id ?label WHERE { ?e mg:kind ?kind ; mg:recordId ?id ; rdfs:label ?label }"""


@dataclass
class EntityDetails:
    """Per entity slug: description, evidence and observations; and the label
    of every entity (to name the ends of relations, the people quoted, the countries)."""

    names: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    observations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def evidence_item(row: dict[str, Any]) -> dict[str, Any]:
    """One evidence row in the shape the projection gives statement evidence."""
    return {"source": row["source"], "source_label": row.get("sourceLabel"),
            "source_url": row.get("url"), "source_date": _text(row.get("date")),
            "publisher": row.get("publisher"), "quote": row["quote"],
            "paraphrase": bool(row.get("paraphrase")), "said_by": row.get("saidBy"), "attribution": row.get("attribution"),
            "basis": row.get("basis") or "stated"}


def read_details(store: Store, slugs: Collection[str]) -> EntityDetails:
    """Details of the entities ``slugs`` (the nodes an explorer shows)."""
    wanted = set(slugs)
    out = EntityDetails(names={r["id"]: r["label"] for r in store.select(NAMES).rows()})
    for r in store.select(DESCRIPTIONS).rows():
        if r["id"] in wanted:
            out.descriptions[r["id"]] = r["description"]
    evidence: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for r in store.select(ENTITY_EVIDENCE).rows():
        if r["id"] in wanted:
            evidence[r["id"]].append((r["ev"], evidence_item(r)))
    # evidence IRIs end in the curator's order number (…/evidence/<id>/<n>)
    out.evidence = {k: [e for _, e in sorted(v, key=lambda p: _order(p[0]))]
                    for k, v in evidence.items()}
    out.observations = _observations(store, wanted)
    return out


def _order(iri: str) -> tuple[str, int]:
    head, _, tail = iri.rpartition("/")
    return (head, int(tail)) if tail.isdigit() else (iri, 0)


def _observations(store: Store, wanted: set[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in store.select(OBSERVATIONS).rows():
        if r["entity"] not in wanted:
            continue
        obs = found[r["entity"]].setdefault(r["id"], {
            "id": r["id"], "measure": r["measure"], "commodity": r.get("commodity"),
            "value": r.get("value"), "min": r.get("min"), "max": r.get("max"),
            "qualifier": r.get("qualifier"), "unit": r.get("unit"),
            "date": _text(r.get("date")), "as_of": _text(r.get("asOf")),
            "status": r.get("status"), "scope": r.get("scope"), "sources": {}})
        source = obs["sources"].setdefault(r["source"], {
            "source": r["source"], "source_label": r.get("sourceLabel"),
            "source_url": r.get("url"), "source_date": _text(r.get("sourceDate")),
            "quotes": []})
        quote = {"quote": r["quote"], "paraphrase": bool(r.get("paraphrase"))} \
            if r.get("quote") else None
        if quote and quote not in source["quotes"]:
            source["quotes"].append(quote)
    result = {}
    for slug, items in found.items():
        rows = []
        for obs in items.values():
            obs["sources"] = [dict(s, quotes=sorted(s["quotes"], key=lambda q: q["quote"]))
                              for _, s in sorted(obs["sources"].items())]
            rows.append(obs)
        rows.sort(key=lambda o: (o["measure"], o["date"] or "", o["id"]))
        result[slug] = rows
    return result
