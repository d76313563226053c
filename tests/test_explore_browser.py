"""The explorer in a real headless Chromium (Debian's, driven by Playwright): offline,
drawn, searchable, filterable, and safe with hostile data.

Every page is opened with the network blocked: a request for anything but the page's own
``file://`` URL is aborted and counted. The tests wait for the ready flag the page sets after
vis-network's first drawing, never for a fixed time.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest

from mineralgraph.explore import graph_page, write_explorer
from mineralgraph.atomic import write_atomic

from explore_graphs import HOSTILE, TRICKY, hostile_graph, synthetic_graph
from network_data import net_build, net_store  # noqa: F401

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
READY = "() => window.mgExplorer && window.mgExplorer.ready === true"
# collects Content-Security-Policy violations before any page script runs
WATCH_CSP = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Opened:
    """A page opened offline, with what it tried to fetch, dialogs and errors."""

    def __init__(self, browser, path: Path, viewport: tuple[int, int] = (1600, 1000)):
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
        self.page.route("**/*", self._route)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.add_init_script(WATCH_CSP)
        self.page.goto(self.url)
        self.page.wait_for_function(READY, timeout=120_000)

    def _route(self, route):
        if route.request.url == self.url:
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def panel_text(self) -> str:
        return self.page.inner_text("#mg-panel-body")

    def check_clean(self) -> None:
        assert self.requests == [], "the page tried to fetch"
        assert self.dialogs == [], "a dialog opened: some data ran as script"
        assert self.errors == []
        assert self.js("window.__cspViolations") == []


def distinct_colours(png: bytes) -> int:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        return len(img.convert("RGB").getcolors(maxcolors=1 << 20) or [])


@pytest.fixture(scope="module")
def real_page(browser, real_store, tmp_path_factory):
    path = write_explorer(real_store, tmp_path_factory.mktemp("explore") / "explorer.html",
                          as_of="2026-06-30")
    opened = Opened(browser, path)
    yield opened
    opened.page.close()


@pytest.fixture(scope="module")
def hostile_page(browser, tmp_path_factory):
    path = write_atomic(tmp_path_factory.mktemp("hostile") / "hostile.html",
                        graph_page(hostile_graph()).html)
    opened = Opened(browser, path)
    yield opened
    opened.page.close()


def test_real_data_offline_and_drawn(real_page, artifacts):
    page = real_page.page
    canvas = page.locator("#mg-network canvas")
    assert canvas.count() == 1
    png = page.screenshot(path=str(artifacts / "explorer.png"))
    assert distinct_colours(canvas.screenshot()) > 50  # nodes, edges, labels in many colours
    assert distinct_colours(png) > 50
    real_page.check_clean()


def test_legend_lists_the_kinds(real_page):
    data = real_page.js("mgExplorer.data")
    shown_kinds = {e["kind"] for e in data["entities"].values()}
    legend = real_page.js("""Array.from(document.querySelectorAll('#mg-legend-kinds li'))
        .map(li => [li.dataset.kind, li.textContent])""")
    assert {k for k, _ in legend} == shown_kinds
    texts = " ".join(t for _, t in legend)
    for label in ("State / government", "Company", "Mine", "Financial institution"):
        assert label in texts
    relations = real_page.js("Array.from(document.querySelectorAll("
                             "'#mg-legend-relations li')).map(li => li.dataset.relation)")
    assert "owns" in relations and "finances" in relations


def test_search_focuses_and_panel_shows_the_quote(real_page, real_store):
    from mineralgraph.network import project

    page = real_page.page
    page.fill("#mg-search", "")
    page.locator("#mg-search").press_sequentially("Bakuta")
    assert real_page.js("mgExplorer.selected()") == ["bakuta"]
    # the view is centred on it
    centre = real_page.js("""(() => { const n = mgExplorer.network;
        const p = n.getPosition('bakuta'); const v = n.getViewPosition();
        return Math.hypot(p.x - v.x, p.y - v.y); })()""")
    assert centre < 1
    G = project(real_store, as_of="2026-06-30")
    quotes = {ev["quote"] for _, _, d in G.in_edges("bakuta", data=True) for ev in d["evidence"]}
    text = real_page.panel_text()
    assert "Bakuta" in text and any(q in text for q in quotes)
    # an alias finds it too, and clicking the node shows the same panel
    page.fill("#mg-search", "Boguty")
    assert real_page.js("mgExplorer.selected()") == ["bakuta"]
    real_page.js("mgExplorer.network.unselectAll()")
    xy = real_page.js("""(() => { const n = mgExplorer.network;
        const p = n.canvasToDOM(n.getPosition('bakuta'));
        const r = document.querySelector('#mg-network canvas').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; })()""")
    page.mouse.click(*xy)
    assert real_page.js("mgExplorer.selected()") == ["bakuta"]
    assert page.get_attribute("#mg-panel-body", "data-entity") == "bakuta"
    assert any(q in real_page.panel_text() for q in quotes)


def test_filter_hides_a_kind(real_page):
    page = real_page.page
    states = real_page.js("""Object.entries(mgExplorer.data.entities)
        .filter(([id, e]) => e.kind === 'state').map(([id]) => id)""")
    assert states
    drawn = set(real_page.js("mgExplorer.visibleNodeIds()")) & set(states)
    assert drawn  # the first view shows the most central states
    page.locator("#mg-filter-groups input[data-group='kind'][data-value='state']").uncheck()
    visible = set(real_page.js("mgExplorer.visibleNodeIds()"))
    assert visible and not visible & set(states)
    assert all(not (e["from"] in states or e["to"] in states) or e["hidden"]
               for e in real_page.js("mgExplorer.edges.get()"))
    page.locator("#mg-filter-groups input[data-group='kind'][data-value='state']").check()
    assert drawn <= set(real_page.js("mgExplorer.visibleNodeIds()"))
    real_page.check_clean()


def test_hostile_labels_stay_text(hostile_page):
    page = hostile_page.page
    hostile_page.js("mgExplorer.select('evil-co')")
    heading = page.inner_text("#mg-panel-body h2")
    assert heading == HOSTILE
    assert page.locator("#mg-panel-body img, #mg-controls img").count() == 0
    assert page.locator("img").count() == 0
    quotes = page.locator("#mg-panel-body .mg-quote").all_inner_texts()
    assert f"“quote {HOSTILE}”" in quotes
    for i, label in enumerate(TRICKY):
        hostile_page.js(f"mgExplorer.select('tricky-{i}')")
        assert page.text_content("#mg-panel-body h2") == label
    # search by the hostile name itself
    page.fill("#mg-search", HOSTILE)
    assert hostile_page.js("mgExplorer.selected()") == ["evil-co"]
    hostile_page.check_clean()


def test_only_http_urls_become_links(hostile_page):
    page = hostile_page.page
    hostile_page.js("mgExplorer.select('big-hill')")
    hrefs = page.eval_on_selector_all("#mg-panel-body a", "els => els.map(a => a.href)")
    assert hrefs and all(re.match(r"https?://", h) for h in hrefs)
    text = hostile_page.panel_text()
    assert "javascript:alert(3)" in text and "JaVaScRiPt:alert(4)" in text  # shown as text
    assert "⚠ contested" in text and "tentative" in text
    hostile_page.check_clean()


def test_filters_by_country_relation_and_status(hostile_page):
    page = hostile_page.page
    edges = lambda: {e["id"]: bool(e.get("hidden")) for e in hostile_page.js(  # noqa: E731
        "mgExplorer.edges.get()")}
    hostile_page.js("mgExplorer.setFilter('status', 'letter-of-interest', false)")
    assert edges()["bank-finances-hill"] and not edges()["evil-owns-hill"]
    hostile_page.js("mgExplorer.setFilter('status', 'letter-of-interest', true)")
    hostile_page.js("mgExplorer.setFilter('relation', 'owns', false)")
    assert all(hidden for key, hidden in edges().items() if key != "bank-finances-hill")
    assert not edges()["bank-finances-hill"]
    hostile_page.js("mgExplorer.setFilter('relation', 'owns', true)")
    hostile_page.js("mgExplorer.setFilter('country', '', false)")  # entities without country
    assert set(hostile_page.js("mgExplorer.visibleNodeIds()")) == {
        "big-hill", "evil-co", "ruritania", "state-bank"}
    page.click("#mg-reset")
    assert len(hostile_page.js("mgExplorer.visibleNodeIds()")) == 4 + len(TRICKY)
    page.locator("details[data-group='status'] button", has_text="committed only").click()
    assert edges()["bank-finances-hill"] and not edges()["evil-owns-hill"]
    page.click("#mg-reset")
    assert not any(edges().values())
    hostile_page.check_clean()


def test_edge_panel_shows_relation_and_sources(hostile_page):
    hostile_page.js("mgExplorer.selectRelation('evil-owns-hill')")
    text = hostile_page.panel_text()
    assert "⚠ contested" in text and "share" in text and "70 %" in text
    assert "“Evil holds 70% of Big Hill”" in text and "Test source <b>bold</b>" in text
    assert hostile_page.page.get_attribute("#mg-panel-body", "data-relation") == "evil-owns-hill"


def test_injected_handler_would_be_blocked(hostile_page):
    """Defence in depth: even markup injected by a bug could not run script."""
    page = hostile_page.page
    page.evaluate("""document.body.insertAdjacentHTML('beforeend',
        '<img id="probe" src="data:," onerror="alert(5)" onload="alert(6)">')""")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert hostile_page.dialogs == []
    page.evaluate("document.getElementById('probe').remove(); window.__cspViolations = []")
    hostile_page.errors.clear()  # the console reports the refused handlers


def test_path_highlight(browser, net_store, tmp_path):  # noqa: F811
    path = write_explorer(net_store, tmp_path / "p.html", as_of="2026-06-30",
                          path_between=("Freedonia", "Alpha-Beta project"))
    opened = Opened(browser, path)
    data = opened.js("mgExplorer.data")
    on_path = set(data["path"]["nodes"])
    opacity = opened.js("Object.fromEntries(mgExplorer.nodes.get().map(n => [n.id, n.opacity]))")
    assert all(opacity[n] == 1 for n in on_path)
    assert all(opacity[n] < 1 for n in opacity if n not in on_path)
    assert "Influence path" in opened.panel_text()
    opened.check_clean()
    opened.page.close()


def test_focus_opens_on_the_ego_network(browser, net_store, tmp_path):  # noqa: F811
    path = write_explorer(net_store, tmp_path / "f.html", as_of="2026-06-30",
                          focus="Acme Capital", depth=1)
    opened = Opened(browser, path)
    assert opened.js("mgExplorer.selected()") == ["acme-capital"]
    assert set(opened.js("mgExplorer.visibleNodeIds()")) == {
        "acme-capital", "acme-ruri-jv", "jane-roe"}
    assert "Acme Capital" in opened.page.inner_text("#mg-panel-body h2")
    opened.check_clean()
    opened.page.close()


@pytest.mark.slow
def test_five_thousand_nodes_open_interactive(browser, tmp_path):
    page = graph_page(synthetic_graph(5000))
    assert page.nodes == 5000
    opened = Opened(browser, write_atomic(tmp_path / "big.html", page.html))
    options = json.loads(opened.page.text_content("#mg-options"))
    assert options["physics"]["enabled"] is False
    opened.js("mgExplorer.select('synth-04321')")
    assert opened.js("mgExplorer.selected()") == ["synth-04321"]
    opened.check_clean()
    opened.page.close()


def test_side_panel_labels_paraphrases_and_never_quotes_them(real_page):
    """Issue #20: the reference notes' wording is shown as a paraphrase, not a quotation."""
    page = real_page.page
    page.fill("#mg-search", "")
    page.locator("#mg-search").press_sequentially("Hengzhao")
    assert real_page.js("mgExplorer.selected()") == ["hengzhao"]
    text = real_page.panel_text()
    assert "paraphrase: Hengzhao (100% Liu Zijia" in text
    assert "“Hengzhao (100% Liu Zijia" not in text
    assert "“この発行前に" in text  # the verbatim Japanese source text keeps its marks
    real_page.check_clean()
