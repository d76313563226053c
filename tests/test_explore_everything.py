"""The explorer's "Show everything" on the real data, in a real headless Chromium at 1366×768:
every entity drawn where the grouped layout put it, labels by level of detail (readable, never
overlapping, more of them as one zooms in), a neighbourhood lit up on pointing, and filters
that still change what is drawn and the counts. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest

from mineralgraph.explore import centrality_scores, write_explorer
from mineralgraph.network import project
from mineralgraph.network.blocs import communities

from conftest import run_cli
from test_explore_browser import Opened, browser  # noqa: F401  (the browser fixture)

pytestmark = pytest.mark.browser

SCREEN = (1366, 768)
AS_OF = "2026-06-30"
READABLE_PX = 10.0
FRAME = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
# where an entity is on the network's canvas, in screen pixels
DOM_XY = """(id) => { const n = mgExplorer.network; const p = n.canvasToDOM(n.getPosition(id));
  const r = document.querySelector('#mg-network canvas').getBoundingClientRect();
  return [p.x, p.y, r.left, r.top, r.width, r.height]; }"""


@pytest.fixture(scope="module")
def graph(real_store):
    return project(real_store, as_of=AS_OF)


@pytest.fixture(scope="module")
def everything(browser, real_store, tmp_path_factory):  # noqa: F811
    path = write_explorer(real_store, tmp_path_factory.mktemp("all") / "explorer.html",
                          as_of=AS_OF)
    opened = Opened(browser, path, viewport=SCREEN)
    opened.page.click("#mg-show-all")
    opened.js(FRAME)
    yield opened
    opened.page.close()


def labels(opened: Opened) -> list[dict]:
    opened.js("mgExplorer.network.redraw()")
    opened.js(FRAME)
    return opened.js("mgExplorer.labelBoxes()")


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            A, B = a["box"], b["box"]
            if A[0] < B[2] and B[0] < A[2] and A[1] < B[3] and B[1] < A[3]:
                out.append((a["id"], b["id"]))
    return out


def check_readable(opened: Opened, drawn: list[dict]) -> None:
    width, height = opened.js("(r => [r.width, r.height])("
                              "document.querySelector('#mg-network canvas').getBoundingClientRect())")
    assert [d["id"] for d in drawn if d["px"] < READABLE_PX] == []
    assert overlapping(drawn) == []
    assert all(0 <= d["box"][0] and d["box"][2] <= width and 0 <= d["box"][1]
               and d["box"][3] <= height for d in drawn)


def test_every_entity_is_drawn_in_its_group_and_stays_put(everything, graph, artifacts):
    page = everything.page
    page.screenshot(path=str(artifacts / "explorer-everything.png"))
    entities = everything.js("Object.keys(mgExplorer.data.entities)")
    assert len(entities) == graph.number_of_nodes() > 500
    assert everything.js("mgExplorer.overviewOn()") is True
    assert sorted(everything.js("mgExplorer.visibleNodeIds()")) == sorted(entities)
    assert everything.js("""Object.keys(mgExplorer.data.entities).every(id =>
        mgExplorer.network.body.nodes[id] && !mgExplorer.network.body.nodes[id].options.hidden)""")
    assert f"{len(entities):,} of {len(entities):,} entities" in page.inner_text("#mg-counts")
    # physics is off: every entity is where the page put it, and stays there
    # (vis-network keeps whole canvas pixels)
    placed = everything.js("Object.fromEntries(mgExplorer.nodes.get().map(n => [n.id, [n.x, n.y]]))")
    where = ("Object.fromEntries(Object.entries(mgExplorer.network.body.nodes)"
             ".map(([k, n]) => [k, [n.x, n.y]]))")
    drawn = everything.js(where)
    assert all(abs(drawn[n][0] - placed[n][0]) < 1 and abs(drawn[n][1] - placed[n][1]) < 1
               for n in entities)
    everything.js("mgExplorer.network.redraw()")
    everything.js(FRAME)
    assert everything.js(where) == drawn
    # the groups are the communities `blocs` reports (those of 3 or more entities)
    groups = everything.js("mgExplorer.data.overview.groups")
    big = [c for c in communities(graph, seed=7, min_size=1) if len(c.members) >= 3]
    assert [g["size"] for g in groups[:len(big)]] == [len(c.members) for c in big]
    everything.check_clean()


def test_labels_are_readable_and_never_overlap(everything, graph):
    everything.js("mgExplorer.fitVisible()")
    drawn = labels(everything)
    entity_labels = [d for d in drawn if not d["heading"]]
    assert len(entity_labels) >= 30 and any(d["heading"] for d in drawn)
    check_readable(everything, drawn)
    # the most central entity is named first
    rank = centrality_scores(graph, ("pagerank",)).values["pagerank"]
    assert max(rank, key=rank.get) in {d["id"] for d in entity_labels}
    # what is drawn is the entity's name (shortened with an ellipsis when long)
    names = everything.js("Object.fromEntries(Object.entries(mgExplorer.data.entities)"
                          ".map(([k, v]) => [k, v.label]))")
    assert all(names[d["id"]] == d["text"] or (d["text"].endswith("…") and names[d["id"]]
               .startswith(d["text"][:-1])) for d in entity_labels)
    everything.check_clean()


def test_zooming_in_shows_more_labels(everything, artifacts):
    everything.js("mgExplorer.fitVisible()")
    before = [d for d in labels(everything) if not d["heading"]]
    # zoom in twice around the middle of the canvas: what the view still holds gets more
    # names than it had, all still readable and apart
    everything.js("""(() => { const n = mgExplorer.network;
        n.moveTo({scale: n.getScale() * 2.5, animation: false}); })()""")
    after = [d for d in labels(everything) if not d["heading"]]
    everything.page.screenshot(path=str(artifacts / "explorer-everything-zoomed.png"))
    # the names seen before whose entity is still well inside the view (a name at the edge
    # may be cut, and is then left out)
    in_view = everything.js("""(ids) => { const n = mgExplorer.network;
        const r = document.querySelector('#mg-network canvas').getBoundingClientRect();
        return ids.filter(id => { const p = n.canvasToDOM(n.getPosition(id));
          return p.x >= 150 && p.y >= 40 && p.x <= r.width - 150 && p.y <= r.height - 40; });
        }""", [d["id"] for d in before])
    assert len(after) > len(in_view) > 0
    assert set(in_view) - {d["id"] for d in after} == set()  # zooming in takes no name away
    check_readable(everything, after)
    everything.js("mgExplorer.fitVisible()")


def test_pointing_at_an_entity_lights_up_its_neighbourhood(everything, graph, artifacts):
    page = everything.page
    everything.js("mgExplorer.fitVisible()")
    target = "us-exim"
    x, y, left, top, *_ = everything.js(DOM_XY, target)
    page.mouse.move(left + x, top + y)
    drawn = labels(everything)
    page.screenshot(path=str(artifacts / "explorer-everything-hover.png"))
    lit = {d["id"] for d in drawn if d["lit"]}
    near = set(graph.successors(target)) | set(graph.predecessors(target))
    assert target in lit and lit - {target} <= near and len(lit) > 5
    check_readable(everything, drawn)
    page.mouse.move(left + 3, top + 3)  # a corner of the canvas, away from every entity
    assert not any(d["lit"] for d in labels(everything))
    # an entity selected by search is lit up the same way
    page.fill("#mg-search", "Bakuta")
    assert everything.js("mgExplorer.selected()") == ["bakuta"]
    lit = {d["id"] for d in labels(everything) if d["lit"]}
    assert "bakuta" in lit and lit - {"bakuta"} <= set(graph.successors("bakuta")) | set(
        graph.predecessors("bakuta"))
    everything.js("mgExplorer.network.unselectAll()")
    everything.check_clean()


def test_a_click_on_a_group_heading_zooms_to_the_group(everything, artifacts):
    page = everything.page
    everything.js("mgExplorer.fitVisible()")
    before = labels(everything)
    heading = next(d for d in before if d["heading"])
    key = heading["id"].removeprefix("group:")
    members = next(g["members"] for g in everything.js("mgExplorer.data.overview.groups")
                   if g["key"] == key)
    named_before = {d["id"] for d in before} & set(members)
    left, top = everything.js("(r => [r.left, r.top])(document.querySelector("
                              "'#mg-network canvas').getBoundingClientRect())")
    box = heading["box"]
    page.mouse.click(left + (box[0] + box[2]) / 2, top + (box[1] + box[3]) / 2)
    assert everything.js("mgExplorer.zoomedGroup") == key
    after = labels(everything)
    page.screenshot(path=str(artifacts / "explorer-everything-group.png"))
    named_after = {d["id"] for d in after} & set(members)
    assert len(named_after) > len(named_before) and members[0] in named_after
    on_screen = everything.js("""(ids) => { const n = mgExplorer.network;
        const r = document.querySelector('#mg-network canvas').getBoundingClientRect();
        return ids.filter(id => { const p = n.canvasToDOM(n.getPosition(id));
          return p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height; }); }""", members)
    assert sorted(on_screen) == sorted(members)
    check_readable(everything, after)
    everything.js("mgExplorer.fitVisible()")
    everything.check_clean()


def test_filters_still_change_what_is_drawn_and_the_counts(everything):
    page = everything.page
    before = everything.js("mgExplorer.counts")
    politics = before["families"]["politics"]
    page.locator("#mg-filter-groups input[data-group='family'][data-value='politics']").uncheck()
    after = everything.js("mgExplorer.counts")
    assert after["edges"] == before["edges"] - politics and after["nodes"] == before["nodes"]
    assert f"{after['edges']:,} of" in page.inner_text("#mg-counts")
    everything.js("mgExplorer.setFilter('country', 'united-states', false)")
    fewer = everything.js("mgExplorer.counts")
    assert fewer["nodes"] < after["nodes"]
    us = set(everything.js("Object.entries(mgExplorer.data.entities).filter(([k, v]) => "
                           "v.country === 'united-states').map(([k]) => k)"))
    drawn = labels(everything)
    assert us and not us & {d["id"] for d in drawn}
    check_readable(everything, drawn)
    page.click("#mg-reset")
    assert everything.js("mgExplorer.counts")["edges"] == before["edges"]
    assert everything.js("mgExplorer.overviewOn()") is True
    # back to the first view: vis-network draws its labels again, the overview none
    page.click("#mg-first-view")
    assert everything.js("mgExplorer.overviewOn()") is False and labels(everything) == []
    page.click("#mg-show-all")
    everything.check_clean()


def test_all_opens_on_everything_and_names_the_path(browser, real_store, tmp_path,  # noqa: F811
                                                    artifacts):
    path = write_explorer(real_store, tmp_path / "all.html", as_of=AS_OF, top=None,
                          path_between=("United States", "Lobito Atlantic Railway"))
    opened = Opened(browser, path, viewport=SCREEN)
    try:
        assert opened.js("mgExplorer.overviewOn()") is True
        assert len(opened.js("mgExplorer.visibleNodeIds()")) == len(
            opened.js("Object.keys(mgExplorer.data.entities)"))
        drawn = labels(opened)
        opened.page.screenshot(path=str(artifacts / "explorer-everything-path.png"))
        check_readable(opened, drawn)
        # the highlighted path's entities are named before others, whatever their rank:
        # zoomed to the path, every one is
        route = opened.js("mgExplorer.data.path.nodes")
        opened.js("(ids) => mgExplorer.network.fit({nodes: ids, animation: false})", route)
        drawn = labels(opened)
        assert len(route) == 3 and set(route) <= {d["id"] for d in drawn}
        check_readable(opened, drawn)
        opened.check_clean()
    finally:
        opened.page.close()


def test_real_page_same_bytes_whatever_the_hash_seed(real_build, tmp_path):
    """The grouped layout (communities, spring layouts, packing) is part of the page: the
    same data give the same bytes."""
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.html"
        proc = run_cli("explore", "-o", str(out), "--store", str(real_build.store_dir),
                       "--as-of", AS_OF, env={"PYTHONHASHSEED": seed})
        assert proc.returncode == 0, proc.stderr
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
    assert b'"overview":{"groups":[{' in pages[0]
