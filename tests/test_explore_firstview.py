"""The explorer at first sight, on the real data in a real headless Chromium at 1366×768 (a
common laptop screen): the first view's labels can be read, it is bounded and starts from the
most central entity (or the focus), the rest is a click away, and a filter fits the view and
changes the counts. Screenshots go to test-artifacts/ to be looked at."""

from __future__ import annotations

import pytest

from mineralgraph.explore import centrality_scores, write_explorer
from mineralgraph.names import EXPLORE_TOP
from mineralgraph.network import project

from test_explore_browser import Opened, browser  # noqa: F401  (the browser fixture)

pytestmark = pytest.mark.browser

SCREEN = (1366, 768)
AS_OF = "2026-06-30"
#: Smallest label a reader can read without zooming, in screen pixels.
READABLE_PX = 10.0

# Every drawn node whose centre is on the canvas: [id, label size on screen (px), x, y].
ON_SCREEN = """() => { const n = mgExplorer.network; const s = n.getScale();
  const c = document.querySelector('#mg-network canvas').getBoundingClientRect();
  return mgExplorer.nodes.get({filter: x => !x.hidden}).map(node => {
    const p = n.canvasToDOM(n.getPosition(node.id));
    return [node.id, n.body.nodes[node.id].options.font.size * s, p.x, p.y, c.width, c.height];
  }).filter(r => r[2] >= 0 && r[3] >= 0 && r[2] <= r[4] && r[3] <= r[5]); }"""


@pytest.fixture(scope="module")
def most_central(real_store):
    G = project(real_store, as_of=AS_OF)
    rank = centrality_scores(G, ("pagerank",)).values["pagerank"]
    return max(rank, key=rank.get)


@pytest.fixture(scope="module")
def first_view(browser, real_store, tmp_path_factory):  # noqa: F811
    path = write_explorer(real_store, tmp_path_factory.mktemp("first") / "explorer.html",
                          as_of=AS_OF)
    opened = Opened(browser, path, viewport=SCREEN)
    yield opened
    opened.page.close()


def _entities_on_screen(opened: Opened) -> list[list]:
    return [r for r in opened.js(ON_SCREEN) if not r[0].startswith("mg-cluster:")]


def test_first_view_is_readable_bounded_and_central(first_view, most_central, artifacts):
    first_view.page.screenshot(path=str(artifacts / "explorer-first-view.png"))
    shown = first_view.js("mgExplorer.visibleNodeIds()")
    total = len(first_view.js("mgExplorer.data.entities"))
    assert len(shown) <= EXPLORE_TOP < total
    assert most_central in shown
    on_screen = first_view.js(ON_SCREEN)
    assert {r[0] for r in on_screen} >= set(shown)  # the whole first view fits the screen
    small = [(r[0], round(r[1], 1)) for r in on_screen if r[1] < READABLE_PX]
    assert small == []
    # the rest waits in clusters, drawn too, whose counts add up to the rest
    state = first_view.js("mgExplorer.revealState()")
    assert sum(c["left"] for c in state["clusters"]) == total - len(shown)
    counts = first_view.page.inner_text("#mg-counts")
    assert f"{len(shown)} of {total:,} entities" in counts
    first_view.check_clean()


def test_filter_fits_the_view_and_updates_counts(first_view, artifacts):
    page = first_view.page
    before = first_view.js("mgExplorer.counts")
    fits = first_view.js("mgExplorer.fits")
    politics = before["families"]["politics"]
    assert politics > 0
    # zoom away from the drawing first, so the fit has something to undo
    first_view.js("mgExplorer.network.moveTo({scale: 0.2, position: {x: 5000, y: 5000}})")
    page.locator("#mg-filter-groups input[data-group='family'][data-value='politics']").uncheck()
    after = first_view.js("mgExplorer.counts")
    assert first_view.js("mgExplorer.fits") == fits + 1
    assert after["edges"] == before["edges"] - politics and "politics" not in after["families"]
    legend = page.inner_text("#mg-legend-relations li[data-family='politics'] > .mg-count")
    assert legend.startswith("0 / ")
    assert f"{after['edges']} of" in page.inner_text("#mg-counts")
    # everything still drawn is on the screen again
    assert {r[0] for r in first_view.js(ON_SCREEN)} == set(
        first_view.js("mgExplorer.visibleNodeIds()")) | {
        c["id"] for c in first_view.js("mgExplorer.revealState()")["clusters"]
        if c["left"] > 0}
    page.screenshot(path=str(artifacts / "explorer-after-filter.png"))
    # a country filter: fewer entities, counted
    first_view.js("mgExplorer.setFilter('country', 'united-states', false)")
    fewer = first_view.js("mgExplorer.counts")
    assert fewer["nodes"] < after["nodes"] and first_view.js("mgExplorer.fits") == fits + 2
    page.click("#mg-reset")
    assert first_view.js("mgExplorer.counts")["edges"] == before["edges"]
    # the time slider is a filter too: an earlier month draws fewer relations, and fits
    fits = first_view.js("mgExplorer.fits")
    first_view.js("mgExplorer.setTimeDay('2024-01')")
    assert first_view.js("mgExplorer.counts")["edges"] < before["edges"]
    assert first_view.js("mgExplorer.fits") == fits + 1
    first_view.js("mgExplorer.setTimeDay(null)")
    assert first_view.js("mgExplorer.counts")["edges"] == before["edges"]
    first_view.check_clean()


def test_the_rest_is_a_click_away(first_view, real_store):
    page = first_view.page
    first_view.js("mgExplorer.startView()")
    shown = set(first_view.js("mgExplorer.visibleNodeIds()"))
    # a click on a cluster brings in its most central members, next to it
    xy = first_view.js("""(() => { const n = mgExplorer.network;
        const p = n.canvasToDOM(n.getPosition('mg-cluster:country:china'));
        const r = document.querySelector('#mg-network canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; })()""")
    page.mouse.click(*xy)
    added = set(first_view.js("mgExplorer.visibleNodeIds()")) - shown
    batch = first_view.js("mgExplorer.data.start.batch")
    entities = first_view.js("mgExplorer.data.entities")
    assert len(added) == batch and all(entities[n]["country"] == "china" for n in added)
    # search finds an entity not drawn and brings it in
    hidden = sorted(set(entities) - set(first_view.js("mgExplorer.visibleNodeIds()")))
    assert "bakuta" in hidden
    page.fill("#mg-search", "Bakuta")
    assert first_view.js("mgExplorer.selected()") == ["bakuta"]
    assert "bakuta" in first_view.js("mgExplorer.visibleNodeIds()")
    # its neighbours come in on request, and "Show everything" draws every entity
    first_view.js("mgExplorer.revealNeighbours('bakuta')")
    G = project(real_store, as_of=AS_OF)
    near = set(G.successors("bakuta")) | set(G.predecessors("bakuta"))
    assert near <= set(first_view.js("mgExplorer.visibleNodeIds()"))
    page.click("#mg-show-all")
    assert len(first_view.js("mgExplorer.visibleNodeIds()")) == len(entities)
    page.click("#mg-first-view")
    assert set(first_view.js("mgExplorer.visibleNodeIds()")) == shown
    first_view.check_clean()


def test_focus_view_of_us_exim(browser, real_store, tmp_path, artifacts):  # noqa: F811
    path = write_explorer(real_store, tmp_path / "exim.html", as_of=AS_OF, focus="us-exim")
    opened = Opened(browser, path, viewport=SCREEN)
    opened.page.screenshot(path=str(artifacts / "explorer-focus-us-exim.png"))
    shown = opened.js("mgExplorer.visibleNodeIds()")
    assert "us-exim" in shown and len(shown) <= EXPLORE_TOP
    assert opened.js("mgExplorer.selected()") == ["us-exim"]
    on_screen = _entities_on_screen(opened)
    assert {r[0] for r in on_screen} == set(shown)
    assert all(r[1] >= READABLE_PX for r in opened.js(ON_SCREEN))
    opened.check_clean()
    opened.page.close()
