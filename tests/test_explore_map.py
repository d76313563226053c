"""The explorer's map view in a real headless Chromium (Debian's, driven by Playwright):
offline (no tile, no request), every placed entity drawn, a click on a marker shows its
sources, the same filters; the time slider and the timeline. Speed is measured in
benchmarks/map_bench.py, not here."""

from __future__ import annotations

import re

import pytest

from mineralgraph.atomic import write_atomic
from mineralgraph.explore import graph_page, write_explorer
from mineralgraph.geo.countries import countries

from explore_graphs import synthetic_graph
from test_explore_browser import Opened, browser  # noqa: F401  (the shared fixture)

pytestmark = pytest.mark.browser
DRAWN = "() => window.mgExplorer && window.mgExplorer.mapDrawn === true"


class MapOpened(Opened):
    """Opened, then waiting for the map's first drawing instead of the network's."""

    def __init__(self, browser, path):  # noqa: F811
        import test_explore_browser as tb

        ready, tb.READY = tb.READY, DRAWN
        try:
            super().__init__(browser, path)
        finally:
            tb.READY = ready


@pytest.fixture(scope="module")
def real_map(browser, real_store, tmp_path_factory):  # noqa: F811
    path = write_explorer(real_store, tmp_path_factory.mktemp("map") / "map.html",
                          as_of="all", view="map")
    opened = MapOpened(browser, path)
    yield opened
    opened.page.close()


def test_real_map_draws_every_placed_entity_offline(real_map, real_dataset, artifacts):
    page = real_map.page
    data = real_map.js("mgExplorer.data")
    assert real_map.js("mgExplorer.view()") == "map"
    assert not page.is_visible("#mg-network") and page.is_visible("#mg-map-svg")
    markers = set(real_map.js("""Array.from(document.querySelectorAll('#mg-map-svg .mg-marker'))
        .map(m => m.dataset.id)"""))
    assert markers == set(data["geo"]["places"]) & set(data["entities"])
    sites = {i for i, e in data["entities"].items() if e["category"] == "site"}
    placed = sites & set(data["geo"]["places"])
    # every placed site on the page is on the map, and at least 95% of sites are placed
    assert placed and placed <= markers and len(placed) >= 0.95 * len(sites)
    assert page.locator("#mg-map-svg path[data-country]").count() > 170
    assert page.locator("#mg-map-svg .mg-arc").count() > 10
    page.screenshot(path=str(artifacts / "explorer-map.png"))
    real_map.check_clean()


def test_click_on_a_marker_shows_its_sources_and_approximate_location(real_map, real_store):
    page = real_map.page
    # a site marker that is on top at its own centre (others may be fanned out over it)
    xy_id = real_map.js("""(() => {
        for (const m of document.querySelectorAll('#mg-map-svg circle.mg-marker')) {
          const e = mgExplorer.data.entities[m.dataset.id];
          if (!e || e.category !== 'site' || !e.evidence.length) continue;
          const r = m.getBoundingClientRect();
          const x = r.left + r.width / 2, y = r.top + r.height / 2;
          if (document.elementFromPoint(x, y) === m) return [x, y, m.dataset.id];
        }
        return null; })()""")
    assert xy_id, "no site marker is clickable"
    x, y, sid = xy_id
    page.mouse.click(x, y)
    assert page.get_attribute("#mg-panel-body", "data-entity") == sid
    text = real_map.panel_text()
    quotes = [ev["quote"] for ev in real_map.js("mgExplorer.data.entities")[sid]["evidence"]]
    assert any(q in text for q in quotes)
    assert "approximate: the centroid of" in text
    real_map.check_clean()


def test_filters_and_search_act_on_the_map(real_map):
    page = real_map.page
    box = page.locator("#mg-filter-groups input[data-group='kind'][data-value='state']")
    box.uncheck()
    visible = set(real_map.js("mgExplorer.mapVisibleIds()"))
    states = {i for i, e in real_map.js("mgExplorer.data.entities").items()
              if e["kind"] == "state"}
    assert visible and not visible & states
    box.check()
    assert states & set(real_map.js("mgExplorer.mapVisibleIds()"))
    page.fill("#mg-search", "Bakuta")
    assert page.get_attribute("#mg-panel-body", "data-entity") == "bakuta"
    assert page.locator("#mg-map-svg .mg-marker.mg-selected").get_attribute("data-id") == "bakuta"


def test_time_slider_and_timeline(real_map):
    page = real_map.page
    rels = real_map.js("mgExplorer.data.relations")
    arcs = lambda: {a for a in real_map.js(  # noqa: E731
        """Array.from(document.querySelectorAll('#mg-map-svg .mg-arc'))
           .filter(a => a.style.display !== 'none').map(a => a.dataset.relation)""")}
    every = arcs()
    assert real_map.js("mgExplorer.setTimeDay('2020-12')") == "2020-12"
    early = arcs()
    later = [r for r in every if (rels[r].get("start") or rels[r].get("as_of") or "0") > "2021"]
    assert later and not set(later) & early and early < every
    assert real_map.js("mgExplorer.setTimeDay(null)") is None and arcs() == every
    assert page.locator("#mg-time-slider").count() == 1
    assert real_map.js("mgExplorer.showTimeline()") > 10
    happened = page.locator("ol.mg-timeline[data-planned='false'] li").all_inner_texts()
    planned = page.locator("ol.mg-timeline[data-planned='true'] li").all_inner_texts()
    assert happened and planned
    # targets and forecasts are kept apart from what happened
    plan = re.compile(r"\((target|forecast|projection), ")
    assert not any(plan.search(t) for t in happened)
    assert any(plan.search(t) for t in planned)
    real_map.check_clean()


def test_switch_between_views(browser, real_store, tmp_path):  # noqa: F811
    path = write_explorer(real_store, tmp_path / "net.html", as_of="2026-06-30")
    opened = Opened(browser, path)
    try:
        assert opened.js("mgExplorer.view()") == "network"
        opened.page.click("#mg-view-map")
        opened.page.wait_for_function(DRAWN)
        assert opened.page.is_visible("#mg-map-svg")
        opened.page.click("#mg-view-network")
        assert opened.page.is_visible("#mg-network canvas")
        opened.check_clean()
    finally:
        opened.page.close()


def five_thousand_sites():
    """5,000 invented mines spread over Natural Earth's countries (their centroids)."""
    G = synthetic_graph(5000)
    ids = sorted(countries())
    for i, n in enumerate(sorted(G.nodes)):
        G.nodes[n].update(kind="mine", category="site", country=ids[i % len(ids)])
    return G


def test_map_draws_5000_sites_offline(browser, tmp_path):  # noqa: F811
    path = write_atomic(tmp_path / "big.html", graph_page(five_thousand_sites(), view="map").html)
    opened = MapOpened(browser, path)
    try:
        assert opened.page.locator("#mg-map-svg .mg-marker").count() == 5000
        opened.check_clean()
    finally:
        opened.page.close()
