"""Country shapes and centroids from Natural Earth 1:110m (public domain), shipped in the
package as ``countries.geojson`` (made once by ``scripts/make_countries.py``; see
``NATURAL_EARTH.md`` beside it). Nothing is downloaded at run time."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Country:
    """One Natural Earth country under the id our state actors use (``united-states``)."""

    id: str
    name: str
    lon: float
    lat: float
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
    geometry: dict[str, Any]

    def near_box(self, lat: float, lon: float, margin: float = 1.0) -> bool:
        """Is the point inside the country's bounding box, give or take ``margin`` degrees?"""
        x0, y0, x1, y1 = self.bbox
        return x0 - margin <= lon <= x1 + margin and y0 - margin <= lat <= y1 + margin


def _bbox(geometry: dict[str, Any]) -> tuple[float, float, float, float]:
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [
        geometry["coordinates"]]
    xs = [pt[0] for poly in polys for ring in poly for pt in ring]
    ys = [pt[1] for poly in polys for ring in poly for pt in ring]
    return min(xs), min(ys), max(xs), max(ys)


@cache
def geojson_text() -> str:
    """The shipped GeoJSON, as text (the explorer inlines it into its page)."""
    return (resources.files(__package__) / "countries.geojson").read_text(encoding="utf-8")


#: States of the data too small for Natural Earth's 1:110m map: they have no shape and no
#: centroid, so nothing is placed through them (the placement says "not placed").
TOO_SMALL_FOR_THE_MAP = frozenset({"bahrain", "mauritius", "singapore"})


@cache
def countries() -> dict[str, Country]:
    """Every country by id."""
    out: dict[str, Country] = {}
    for feat in json.loads(geojson_text())["features"]:
        p = feat["properties"]
        lon, lat = p["centroid"]
        out[p["id"]] = Country(p["id"], p["name"], lon, lat, _bbox(feat["geometry"]),
                               feat["geometry"])
    return out


def country(country_id: str) -> Country | None:
    """The country with this id, or None when Natural Earth's 1:110m map has none."""
    return countries().get(country_id)
