"""The explorer page without a browser: escaping, offline assets, determinism, selection,
layout, atomic writing, the library function on a store and the CLI."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import unescape

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mineralgraph.errors import MineralgraphError, NotFoundError
from mineralgraph.explore import explorer_page, graph_page, write_explorer
from mineralgraph.explore.layout import label_box, layout, wrap_label
from mineralgraph.atomic import write_atomic
from mineralgraph.explore.page import assets, json_for_script
from mineralgraph.explore.select import select_nodes
from mineralgraph.explore.styles import NODE_STYLES, check_tables

from conftest import run_cli
from explore_graphs import HOSTILE, TRICKY, hostile_graph
from network_data import net_build, net_store  # noqa: F401
from test_network_remote import net_endpoint  # noqa: F401  (an Oxigraph server over HTTP)


def _blocks(html: str) -> dict[str, str]:
    return dict(re.findall(r'<script type="application/json" id="([^"]+)">(.*?)</script>',
                           html, re.S))


def _vis_js() -> str:
    return assets()["vis_js"]


@pytest.fixture(scope="module")
def hostile_html() -> str:
    return graph_page(hostile_graph()).html


def test_style_tables_cover_every_kind():
    check_tables()
    assert NODE_STYLES["state"].shape != NODE_STYLES["company"].shape


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.text() | st.integers() | st.booleans() | st.none(),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(), inner, max_size=4), max_leaves=12))
def test_json_for_script_is_inert_and_lossless(value):
    text = json_for_script(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_hostile_strings_only_inside_escaped_json(hostile_html):
    html = hostile_html
    for bad in [HOSTILE, *TRICKY]:
        if re.search("[<>&\u2028\u2029]", bad):  # others are harmless in JSON as they are
            assert bad not in html
    # four JSON blocks, vis-network, app.js; nothing else opens a script element
    assert re.findall(r"<script[^>]*>", html.replace(_vis_js(), "")) == [
        '<script type="application/json" id="mg-nodes">',
        '<script type="application/json" id="mg-edges">',
        '<script type="application/json" id="mg-options">',
        '<script type="application/json" id="mg-data">', "<script>", "<script>"]
    data = {k: json.loads(v) for k, v in _blocks(html).items()}
    labels = {n["id"]: n["label"] for n in data["mg-nodes"]}
    assert labels["evil-co"] == wrap_label(HOSTILE)  # drawn on the canvas, never parsed
    assert data["mg-data"]["entities"]["evil-co"]["label"] == HOSTILE
    assert {e["label"] for e in data["mg-data"]["entities"].values()} >= set(TRICKY)


def test_page_is_offline_and_locked_down(hostile_html):
    html = hostile_html
    assert not re.search(r"<(link|img|iframe|object|embed)\b", html, re.I)
    assert not re.search(r"""\b(src|href)\s*=\s*["']?(https?:|//)""", html, re.I)
    assert "@import" not in html and "sourceMappingURL" not in html
    assert not re.search(r"url\((?!\"?data:)", html)  # CSS images only as data: URLs
    csp = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                             html).group(1))
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp.split("script-src")[1] \
        .split(";")[0]
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 2
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_same_graph_same_bytes():
    assert graph_page(hostile_graph()).html == graph_page(hostile_graph()).html


def test_tentative_dashed_contested_marked(hostile_html):
    blocks = _blocks(hostile_html)
    edges = {e["id"]: e for e in json.loads(blocks["mg-edges"])}
    assert edges["bank-finances-hill"]["dashes"] and not edges["evil-owns-hill"]["dashes"]
    assert "⚠" in edges["evil-owns-hill"]["label"]
    relations = json.loads(blocks["mg-data"])["relations"]
    assert relations["evil-owns-hill"]["contested"] and relations["bank-finances-hill"]["tentative"]
    assert edges["evil-owns-hill"]["color"]["color"] != edges["bank-finances-hill"]["color"]["color"]


def test_selection_focus_country_kind():
    G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("x", "y")])
    for n, country in zip("abcdxy", ["p", "p", "q", "q", "r", "r"]):
        G.nodes[n].update(country=country, kind="company" if n in "abx" else "mine")
    assert select_nodes(G, focus="c", depth=1) == {"b", "c", "d"}
    assert select_nodes(G, focus="c", depth=0) == {"c"}
    assert select_nodes(G, countries={"q"}) == {"b", "c", "d"}  # with the direct partner b
    assert select_nodes(G, kinds={"mine"}) == {"c", "d", "y"}
    assert select_nodes(G, kinds={"mine"}, keep=["a"]) == {"a", "c", "d", "y"}
    with pytest.raises(MineralgraphError, match="--depth"):
        select_nodes(G, focus="a", depth=-1)


def test_layout_deterministic_and_labels_apart():
    G = nx.barabasi_albert_graph(120, 2, seed=3)
    G.add_nodes_from(range(120, 130))  # islands
    boxes = {n: label_box(wrap_label(f"Entity with a long name {n}"), 12, 13) for n in G}
    edges = [(u, v, 0.5) for u, v in G.edges]
    pos = layout(G.nodes, edges, boxes=boxes)
    assert pos == layout(G.nodes, edges, boxes=boxes) and set(pos) == set(G)
    clashes = 0
    for i in G:
        for j in G:
            if i < j:
                (xi, yi), (xj, yj) = pos[i], pos[j]
                w = (boxes[i][0] + boxes[j][0]) / 2 - 2
                h = (boxes[i][1] + boxes[j][1]) / 2 - 2
                clashes += abs(xi - xj) < w and abs(yi - yj) < h
    assert clashes == 0


def test_long_labels_wrap():
    assert wrap_label("US International Development Finance Corporation").count("\n") == 2
    assert wrap_label("Bakuta") == "Bakuta"


def test_write_explorer_on_a_store(net_store, tmp_path):  # noqa: F811
    out = write_explorer(net_store, tmp_path / "x.html", focus="Acme Capital", depth=1,
                         path_between=("Freedonia", "Alpha-Beta project"), as_of="2026-06-30")
    assert out == tmp_path / "x.html" and [p.name for p in tmp_path.iterdir()] == ["x.html"]
    data = json.loads(_blocks(out.read_text())["mg-data"])
    path = data["path"]
    assert path["nodes"][0] == "freedonia" and path["nodes"][-1] == "alpha-beta-project"
    assert set(path["nodes"]) <= set(data["entities"])  # path nodes kept beyond the focus
    assert all(k in data["relations"] for k in path["edges"])
    acme = data["entities"]["acme-capital"]
    assert acme["evidence"] and acme["scores"]["pagerank"]["rank"] >= 1
    jane = data["relations"]["jane-roe-ceo-acme"]
    assert jane["evidence"][0]["quote"] == "Jane Roe, chief executive of Acme Capital"
    assert data["meta"]["focus"] == "acme-capital"


def test_bad_input_clear_errors_and_no_file(net_store, tmp_path):  # noqa: F811
    target = tmp_path / "x.html"
    with pytest.raises(MineralgraphError, match="unknown entity kind.*mine"):
        write_explorer(net_store, target, kinds=["mines"])
    with pytest.raises(NotFoundError, match="closest"):
        write_explorer(net_store, target, focus="Acme Capitol")
    with pytest.raises(NotFoundError, match="not in the influence graph"):
        write_explorer(net_store, target, focus="world")
    with pytest.raises(MineralgraphError, match="does not exist"):
        write_explorer(net_store, tmp_path / "missing" / "x.html")
    assert not any(tmp_path.iterdir())


def test_atomic_write_keeps_old_file_on_failure(tmp_path):
    target = write_atomic(tmp_path / "p.html", "old")
    with pytest.raises(TypeError):  # fails while writing the temporary file
        write_atomic(target, 42)  # type: ignore[arg-type]
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["p.html"]


def test_cli_explore(net_build, tmp_path):  # noqa: F811
    out = tmp_path / "e.html"
    proc = run_cli("explore", "-o", str(out), "--store", str(net_build.store_dir),
                   "--as-of", "2026-06-30", "--country", "Ruritania", "--kind",
                   "company,joint-venture,state,project")
    assert proc.returncode == 0, proc.stderr
    assert f"wrote {out}" in proc.stdout and out.stat().st_size > 500_000
    kinds = {e["kind"] for e in json.loads(_blocks(out.read_text())["mg-data"])[
        "entities"].values()}
    assert kinds <= {"company", "joint-venture", "state", "project"}
    bad = run_cli("explore", "-o", str(out), "--store", str(net_build.store_dir),
                  "--country", "Atlantis")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert "no entity of kind state is called 'Atlantis'" in bad.stderr
    folder = run_cli("explore", "-o", str(tmp_path), "--store", str(net_build.store_dir))
    assert folder.returncode != 0 and "is a folder" in folder.stderr


def test_cli_same_bytes_whatever_the_hash_seed(net_build, tmp_path):  # noqa: F811
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.html"
        proc = run_cli("explore", "-o", str(out), "--store", str(net_build.store_dir),
                       "--as-of", "2026-06-30", "--path", "Freedonia", "Alpha-Beta project",
                       env={"PYTHONHASHSEED": seed})
        assert proc.returncode == 0, proc.stderr
        assert "best influence path Freedonia → Alpha-Beta project" in proc.stdout
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]


@pytest.mark.server
def test_same_page_over_a_sparql_endpoint(net_endpoint, net_store):  # noqa: F811
    """--endpoint gives the page --store gives; only the line naming the source differs."""
    def data(store):
        page = explorer_page(store, as_of="2026-06-30",
                             path_between=("Freedonia", "Alpha-Beta project"))
        blocks = {k: json.loads(v) for k, v in _blocks(page.html).items()}
        assert blocks["mg-data"]["meta"].pop("source").startswith(
            ("SPARQL endpoint", "embedded store"))
        return blocks

    assert data(net_endpoint) == data(net_store)


def test_focus_title_is_escaped():
    html = graph_page(hostile_graph(), focus="evil-co", depth=1).html
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert unescape(title) == f"mineralgraph explorer: {HOSTILE}" and "<img" not in title
