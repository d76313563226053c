"""Write src/mineralgraph/geo/countries.geojson from Natural Earth's 1:110m countries.

Run once by a maintainer, never at run time. The input is the copy of Natural Earth
"Admin 0 – Countries" (1:110m, public domain) that geopandas 0.14 shipped as
``geopandas/datasets/naturalearth_lowres``; get it without installing geopandas:

    pip download --no-deps geopandas==0.14.4 -d /tmp/ne
    unzip -q /tmp/ne/geopandas-0.14.4-py3-none-any.whl 'geopandas/datasets/*' -d /tmp/ne
    pip install pyshp shapely          # only for this script
    python scripts/make_countries.py /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp

Each feature keeps Natural Earth's name and ISO code, our actor id (the slug of the common
English short name, see BRIEF: ``united-states``, ``democratic-republic-of-the-congo``), a
simplified shape (0.1° tolerance, 2 decimals) and the centroid of its largest polygon (so that
France's point is in Europe, not between Europe and French Guiana).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import shapefile  # pyshp
from shapely.geometry import mapping, shape

OUT = Path(__file__).resolve().parent.parent / "src/mineralgraph/geo/countries.geojson"

# Natural Earth's abbreviated names → the common English short name our ids are made from.
NAMES = {
    "United States of America": "United States",
    "Dem. Rep. Congo": "Democratic Republic of the Congo",
    "Congo": "Republic of the Congo",
    "Dominican Rep.": "Dominican Republic",
    "Central African Rep.": "Central African Republic",
    "Eq. Guinea": "Equatorial Guinea",
    "Bosnia and Herz.": "Bosnia and Herzegovina",
    "Solomon Is.": "Solomon Islands",
    "Falkland Is.": "Falkland Islands",
    "Fr. S. Antarctic Lands": "French Southern and Antarctic Lands",
    "W. Sahara": "Western Sahara",
    "S. Sudan": "South Sudan",
    "N. Cyprus": "Northern Cyprus",
    "eSwatini": "Eswatini",
    "Côte d'Ivoire": "Cote d'Ivoire",
}


def slug(name: str) -> str:
    # an apostrophe separates words, as in the data's ids ("Cote d'Ivoire" → cote-d-ivoire)
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def rounded(obj):
    if isinstance(obj, float):
        return round(obj, 2)
    if isinstance(obj, (list, tuple)):
        return [rounded(x) for x in obj]
    if isinstance(obj, dict):
        return {k: rounded(v) for k, v in obj.items()}
    return obj


def main(shp: str) -> None:
    reader = shapefile.Reader(shp)
    features = []
    for sr in reader.shapeRecords():
        rec = sr.record.as_dict()
        geom = shape(sr.shape.__geo_interface__)
        parts = list(getattr(geom, "geoms", [geom]))
        main_part = max(parts, key=lambda p: p.area)
        c = main_part.centroid
        if not main_part.contains(c):  # a crescent-shaped country: a point inside instead
            c = main_part.representative_point()
        name = NAMES.get(rec["name"], rec["name"])
        props = {"id": slug(name), "name": name, "ne_name": rec["name"],
                 "continent": rec["continent"],
                 "centroid": [round(c.x, 2), round(c.y, 2)]}
        if rec["iso_a3"] and rec["iso_a3"] != "-99":
            props["iso_a3"] = rec["iso_a3"]
        simple = geom.simplify(0.1, preserve_topology=True)
        features.append({"type": "Feature", "properties": props,
                         "geometry": rounded(mapping(simple))})
    features.sort(key=lambda f: f["properties"]["id"])
    doc = {"type": "FeatureCollection",
           "source": "Natural Earth 1:110m Admin 0 - Countries (public domain), "
                     "as shipped in geopandas 0.14.4 datasets/naturalearth_lowres; "
                     "simplified by scripts/make_countries.py",
           "features": features}
    OUT.write_text(json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n",
                   encoding="utf-8")
    print(f"{len(features)} countries → {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main(sys.argv[1])
