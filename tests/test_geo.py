"""Locations: Natural Earth countries shipped in the package, the placement rule (stated point,
else the country's centroid marked approximate), GeoSPARQL in the built store."""

from __future__ import annotations

import json

import pytest

from mineralgraph import kinds as K
from mineralgraph.geo.countries import countries, geojson_text
from mineralgraph.geo.placement import place_all, placement_summary
from mineralgraph.load import load_dataset
from mineralgraph.vocab import GEO, MG

from conftest import MINI


def test_countries_ship_offline_with_their_licence_note():
    doc = json.loads(geojson_text())
    assert "Natural Earth" in doc["source"] and "public domain" in doc["source"]
    assert len(doc["features"]) > 170
    from importlib import resources
    note = (resources.files("mineralgraph.geo") / "NATURAL_EARTH.md").read_text()
    assert "public domain" in note


def test_every_state_of_the_real_data_has_a_shape(real_dataset):
    shapes = countries()
    states = [r.id for r in real_dataset.records("actors") if r.kind == "state"]
    from mineralgraph.geo.countries import TOO_SMALL_FOR_THE_MAP

    assert not TOO_SMALL_FOR_THE_MAP & set(shapes)  # the list names only what the map lacks
    missing = [s for s in states if s not in shapes and s not in TOO_SMALL_FOR_THE_MAP]
    assert not missing, f"states with no Natural Earth shape (check the id): {missing}"
    kz = shapes["kazakhstan"]
    assert kz.near_box(kz.lat, kz.lon, 0) and 40 < kz.lat < 56 and 46 < kz.lon < 88


def test_at_least_95_percent_of_real_sites_are_placed_never_more_precise_than_the_source(
        real_dataset):
    summary = placement_summary(real_dataset)
    placed = summary["sites"] - summary.get("unplaced", 0)
    assert placed / summary["sites"] >= 0.95, summary
    for rid, p in place_all(real_dataset).items():
        rec = real_dataset.get(rid)
        assert p.precision in K.LOCATION_PRECISIONS
        if getattr(rec, "location", None) is None:
            assert p.precision != "exact", rid  # an exact point needs a source's quote
            assert not p.evidence
        if p.precision == "approximate":
            host = countries().get(p.via) or place_all(real_dataset)[p.via]
            assert (p.lat, p.lon) == (host.lat, host.lon)


def test_a_stated_point_keeps_its_evidence_and_precision(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "mini.yaml").write_text((MINI / "mini.yaml").read_text())
    (data / "located.yaml").write_text("""
actors:
  - {id: kazakhstan, kind: state, label: Kazakhstan,
     evidence: [{source: test-source, quote: "Kazakhstan is a state"}]}
sites:
  - id: point-site
    kind: mine
    label: Point Site
    country: kazakhstan
    location: {lat: 47.81, lon: 67.72, precision: exact,
               evidence: [{source: test-source, quote: "located at 47.81 N 67.72 E"}]}
    evidence: [{source: test-source, quote: "the Point Site mine"}]
  - {id: centroid-site, kind: mine, label: Centroid Site, country: kazakhstan,
     evidence: [{source: test-source, quote: "the Centroid Site mine"}]}
""")
    ds = load_dataset(data)
    placed = place_all(ds)
    assert placed["point-site"].precision == "exact"
    assert placed["point-site"].evidence[0].quote == "located at 47.81 N 67.72 E"
    assert placed["centroid-site"].precision == "approximate"
    assert placed["centroid-site"].via == "kazakhstan"
    assert placed["kazakhstan"].precision == "region-centroid"


def test_geosparql_finds_sites_by_place_in_the_built_store(real_store, real_dataset):
    rows = real_store.select(f"""
        PREFIX geo: <{GEO}>
        PREFIX mg: <{MG._NS}>
        SELECT ?site ?wkt ?precision ?via WHERE {{
          ?site a mg:Site ; geo:hasGeometry ?g .
          ?g geo:asWKT ?wkt ; mg:locationPrecision ?precision .
          OPTIONAL {{ ?g mg:placedVia ?via }}
        }}""").rows()
    sites = {r.id for r in real_dataset.records("sites")}
    # the target: at least 95% of sites located (a source's point, or marked
    # approximate at their country's centroid); a site with no country stays unplaced
    assert len(rows) >= 0.95 * len(sites), (len(rows), len(sites))
    assert {r["site"].rsplit("/", 1)[-1] for r in rows} <= sites
    by_site = {r["site"].rsplit("/", 1)[-1]: r for r in rows}
    kz = countries()["kazakhstan"]
    assert str(by_site["bakuta"]["wkt"]) == f"POINT({kz.lon:g} {kz.lat:g})"
    assert by_site["bakuta"]["precision"] == "approximate"
    assert by_site["bakuta"]["via"].endswith("/kazakhstan")


@pytest.mark.parametrize("lat,lon,fragment", [
    (91, 10, "location.lat"), (10, 181, "location.lon"), (-90.5, 0, "location.lat")])
def test_out_of_range_coordinates_are_refused(tmp_path, lat, lon, fragment):
    from mineralgraph.errors import DataError

    data = tmp_path / "data"
    data.mkdir()
    (data / "mini.yaml").write_text((MINI / "mini.yaml").read_text())
    (data / "bad.yaml").write_text(f"""sites:
  - id: bad-site
    kind: mine
    label: Bad
    location: {{lat: {lat}, lon: {lon}, precision: exact,
               evidence: [{{source: test-source, quote: "somewhere"}}]}}
    evidence: [{{source: test-source, quote: "the Bad mine"}}]
""")
    with pytest.raises(DataError) as err:
        load_dataset(data)
    assert fragment in str(err.value) and "bad.yaml:5" in str(err.value)


def test_unknown_explorer_view_is_one_clear_line(real_build, tmp_path):
    from conftest import run_cli

    out = tmp_path / "page.html"
    proc = run_cli("explore", "--view", "globe", "-o", str(out), "--store",
                   str(real_build.store_dir))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "unknown view 'globe': use network or map" in proc.stderr
    assert not out.exists()
