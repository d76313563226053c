"""Where each site, place and state is drawn, and how exact that is.

The rules, in order (first that applies):

1. the record states a ``location`` (with its evidence) → that point, with its precision;
2. a state with a Natural Earth shape → the centroid of its shape, ``region-centroid``;
3. a site or place with a ``country`` (or, failing that, ``located-in`` a placed place) →
   that country's or place's point, ``approximate``, ``via`` naming it.

Nothing else is placed: never a point more precise than a source gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Literal, URIRef

from ..load import Dataset
from ..model import Entity, Evidence, Place, Relation, Site, Triple
from ..vocab import GEO, ID, MG, RDF
from .countries import country

PLACED_SECTIONS = ("sites", "places", "actors")


@dataclass(frozen=True)
class Placement:
    """A point on the map for one record."""

    id: str
    lat: float
    lon: float
    precision: str
    via: str | None = None  # the country or place whose centroid this is
    evidence: tuple[Evidence, ...] = ()

    def wkt(self) -> str:
        return f"POINT({self.lon:g} {self.lat:g})"


def _located_in(ds: Dataset) -> dict[str, str]:
    out: dict[str, str] = {}
    for rel in ds.records("relations"):
        assert isinstance(rel, Relation)
        if rel.kind == "located-in":
            out.setdefault(rel.subject, rel.object)
    return out


def place_all(ds: Dataset) -> dict[str, Placement]:
    """Placement of every site, place and state that can be placed, by record id."""
    placed: dict[str, Placement] = {}
    for rec in ds.records():
        if isinstance(rec, Site | Place) and rec.location is not None:
            loc = rec.location
            placed[rec.id] = Placement(rec.id, loc.lat, loc.lon, loc.precision,
                                       evidence=tuple(loc.evidence))
        elif isinstance(rec, Entity) and rec.kind == "state" and (c := country(rec.id)):
            placed[rec.id] = Placement(rec.id, c.lat, c.lon, "region-centroid", via=rec.id)
    inside = _located_in(ds)
    for rec in ds.records():
        if rec.id in placed or not isinstance(rec, Site | Place):
            continue
        for host in (rec.country, inside.get(rec.id)):
            if host and host in placed and host != rec.id:
                p = placed[host]
                placed[rec.id] = Placement(rec.id, p.lat, p.lon, "approximate", via=host)
                break
    return placed


def placement_summary(ds: Dataset) -> dict[str, int]:
    """How many sites are placed, by precision, and how many are not (for reports)."""
    placed = place_all(ds)
    c: Counter[str] = Counter()
    for rec in ds.records("sites"):
        p = placed.get(rec.id)
        c[p.precision if p else "unplaced"] += 1
    c["sites"] = sum(1 for _ in ds.records("sites"))
    return dict(c)


def geometry_triples(ds: Dataset, iri) -> Iterator[Triple]:  # noqa: ANN001
    """GeoSPARQL: ``x geo:hasGeometry g . g geo:asWKT "POINT(lon lat)"^^geo:wktLiteral``,
    with ``mg:locationPrecision``, ``mg:placedVia`` and the evidence of a stated point."""
    for rid, p in sorted(place_all(ds).items()):
        s: URIRef = iri(rid)
        g = ID[f"geometry/{rid}"]
        yield s, GEO.hasGeometry, g
        yield g, RDF.type, GEO.Geometry
        yield g, GEO.asWKT, Literal(p.wkt(), datatype=GEO.wktLiteral)
        yield g, MG.locationPrecision, Literal(p.precision)
        if p.via:
            yield g, MG.placedVia, iri(p.via)
        for i, ev in enumerate(p.evidence):
            node = ID[f"evidence/{rid}/location/{i + 1}"]
            yield g, MG.hasEvidence, node
            yield from ev.triples(node, iri)


