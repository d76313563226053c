"""What the map view draws: country shapes (Natural Earth, shipped) and a point for each
shown entity — its GeoSPARQL geometry from the store, else the centroid of its country
(marked approximate). Entities with neither are listed as not on the map."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import networkx as nx

from ..geo.countries import countries, geojson_text
from ..geo.query import read_places
from ..store import Store

#: Marker colour of a site by stage (what the map legend shows); other entities are grey.
STAGE_COLOURS: dict[str, str] = {
    "exploration": "#9a6700", "resource-definition": "#bf8700", "feasibility": "#e16f24",
    "development": "#8250df", "construction": "#a475f9", "production": "#1a7f37",
    "mothballed": "#6e7781", "closed": "#24292f", "undeveloped": "#0969da",
    "": "#d0d7de",  # stage not stated
}
#: Arc colours, one per backing bloc in the order the page lists blocs; then grey.
BLOC_PALETTE = ("#cf222e", "#0969da", "#1a7f37", "#8250df", "#bf8700", "#e16f24",
                "#1b7c83", "#bf3989", "#57606a")
NO_BLOC = "#8c959f"
def map_data(G: nx.MultiDiGraph, shown: Iterable[str], store: Store | None, *,
             blocs: Iterable[str] = ()) -> dict[str, Any]:
    """Shapes and points for the page's map view."""
    stored = read_places(store) if store is not None else {}
    shapes = countries()
    places: dict[str, dict[str, Any]] = {}
    for n in sorted(shown):
        point = stored.get(n)
        if point is None:
            country = n if G.nodes[n].get("kind") == "state" else G.nodes[n].get("country")
            c = shapes.get(country) if country else None
            if c is None:
                continue
            point = {"lon": c.lon, "lat": c.lat, "via": country,
                     "precision": "region-centroid" if country == n else "approximate"}
        places[n] = point
    features = json.loads(geojson_text())["features"]
    return {
        "countries": [{"id": f["properties"]["id"], "name": f["properties"]["name"],
                       "geometry": f["geometry"]} for f in features],
        "places": places,
        "credit": "Country shapes: Natural Earth 1:110m (public domain).",
        "stages": [{"stage": k, "label": k or "stage not stated", "colour": v}
                   for k, v in STAGE_COLOURS.items()],
        "blocs": {b: BLOC_PALETTE[i % len(BLOC_PALETTE)]
                  for i, b in enumerate(sorted(b for b in set(blocs) if b))},
        "no_bloc": NO_BLOC,
    }
