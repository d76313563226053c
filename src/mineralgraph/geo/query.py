"""The points of a built graph, read back with GeoSPARQL (any store: embedded or remote)."""

from __future__ import annotations

import re
from typing import Any

from ..store import Store
from ..vocab import GEO, MG

PLACES = f"""PREFIX geo: <{GEO}>
PREFIX mg: <{MG._NS}>
SELECT ?id ?wkt ?precision ?via WHERE {{
  ?e mg:recordId ?id ; geo:hasGeometry ?g .
  ?g geo:asWKT ?wkt ; mg:locationPrecision ?precision .
  OPTIONAL {{ ?g mg:placedVia ?v . ?v mg:recordId ?via }}
}}"""
_POINT = re.compile(r"^\s*POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)\s*$", re.IGNORECASE)


def read_places(store: Store) -> dict[str, dict[str, Any]]:
    """``{id: {lat, lon, precision, via}}`` for every placed record in the store."""
    out: dict[str, dict[str, Any]] = {}
    for r in store.select(PLACES).rows():
        m = _POINT.match(str(r["wkt"]))
        if m:
            out[r["id"]] = {"lon": float(m.group(1)), "lat": float(m.group(2)),
                            "precision": r["precision"], "via": r.get("via")}
    return out
