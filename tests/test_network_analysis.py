"""Centrality, paths, offtake chains, blocs, concentration and exports on the explicit
network fixture (tests/fixtures/network: invented names, every expected answer derivable by
hand from the YAML)."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from mineralgraph.errors import MineralgraphError, NotFoundError
from mineralgraph.network.blocs import NO_BLOC, VIA_HOME, VIA_STATE, backing_blocs, communities
from mineralgraph.network.centrality import MEASURES, centrality, rank
from mineralgraph.network.chains import GAP_OFFTAKER, offtake_chains, resolve_country
from mineralgraph.network.concentration import concentration
from mineralgraph.network.export import annotate, export_graph
from mineralgraph.network.paths import influence_paths

from network_data import net_build, net_graph, net_store  # noqa: F401


# ------------------------------------------------------------------ centrality
def test_rank_names_actors_with_their_carrying_edges(net_graph):
    rows = rank(net_graph, measure="betweenness", top=5)
    assert [r.rank for r in rows] == [1, 2, 3, 4, 5]
    assert all(net_graph.nodes[r.node]["category"] == "actor" for r in rows)
    # the joint venture is the only way from its partners (and whoever stands behind them)
    # to the project, its deposits and the project's offtaker
    assert rows[0].node == "acme-ruri-jv"
    for r in rows:
        for c in r.why:
            assert c.source and c.quote
            edge = (r.node, c.other) if c.direction == "out" else (c.other, r.node)
            assert net_graph.has_edge(*edge, c.key)


def test_rank_is_stable_and_sorted(net_graph):
    a = rank(net_graph, measure="all", kind="any", top=30)
    b = rank(net_graph, measure="all", kind="any", top=30)
    assert [(r.node, r.score) for r in a] == [(r.node, r.score) for r in b]
    assert [r.score for r in a] == sorted((r.score for r in a), reverse=True)
    assert set(a[0].scores) == set(MEASURES)


def test_rank_kind_filter_and_errors(net_graph):
    assert {r.kind for r in rank(net_graph, kind="state")} == {"state"}
    assert {net_graph.nodes[r.node]["category"] for r in rank(net_graph, kind="site")} == {
        "site"}
    with pytest.raises(MineralgraphError, match="unknown kind"):
        rank(net_graph, kind="planet")
    with pytest.raises(MineralgraphError, match="unknown measure"):
        rank(net_graph, measure="fame")
    with pytest.raises(MineralgraphError, match="at least 1"):
        rank(net_graph, top=0)


def test_pagerank_rewards_influencing_not_being_owned(net_graph):
    scores, how = centrality(net_graph, "pagerank")
    assert "reversed" in how
    # Sylvania controls Orion Holdings, which owns and runs the Gamma mine
    assert scores["sylvania"] > scores["gamma-mine"]


def test_betweenness_is_sampled_above_the_threshold(net_graph):
    exact, how = centrality(net_graph, "betweenness")
    assert "exact" in how
    sampled, how = centrality(net_graph, "betweenness", exact_max=5, pivots=8, seed=7,
                              backend="networkx")
    assert "sampled from 8 pivots, seed 7" in how
    again, _ = centrality(net_graph, "betweenness", exact_max=5, pivots=8, seed=7,
                          backend="networkx")
    assert sampled == again
    assert set(sampled) == set(exact)


def test_large_graphs_go_to_igraph_by_default_with_exact_numbers(net_graph):
    exact, _ = centrality(net_graph, "betweenness")
    auto, how = centrality(net_graph, "betweenness", exact_max=5)
    assert "igraph" in how and "automatically" in how
    assert auto == pytest.approx(exact, abs=1e-12)
    close, _ = centrality(net_graph, "closeness")
    auto, how = centrality(net_graph, "closeness", exact_max=5)
    assert "igraph" in how and auto == pytest.approx(close, abs=1e-12)


def test_closeness_is_never_run_where_it_would_take_hours(net_graph, monkeypatch):
    import importlib

    from mineralgraph.network import backends

    # the package exports the function `centrality`; the module is reached by its full name
    module = importlib.import_module("mineralgraph.network.centrality")

    monkeypatch.setattr(backends, "igraph_available", lambda: False)
    with pytest.raises(MineralgraphError, match="install igraph"):
        centrality(net_graph, "closeness", exact_max=5)
    rows = rank(net_graph, measure="all", exact_max=5, backend="networkx")
    assert "closeness" not in rows[0].scores and "closeness: left out" in rows[0].method
    monkeypatch.setattr(module, "IGRAPH_EXACT_MAX_NODES", 10)
    with pytest.raises(MineralgraphError, match="no engine is exact"):
        centrality(net_graph, "closeness", backend="igraph", exact_max=5)
    _, how = centrality(net_graph, "betweenness", backend="igraph", exact_max=5)
    assert "sampled" in how  # beyond igraph's exact size too: sampled, seeded


# ------------------------------------------------------------------ paths
def test_path_from_a_state_through_its_bank_to_a_deposit(net_graph):
    result = influence_paths(net_graph, "freedonia", "alpha-deposit")
    assert result.found
    # shortest: Freedonia as the project's planned offtaker (buyer ↔ seller, 2 hops, 4 + 1.56)
    assert result.paths[0].nodes == ["freedonia", "alpha-beta-project", "alpha-deposit"]
    # next: through its export bank's letter of interest (1.56 + 3.33 + 1.56)
    best = result.paths[1]
    assert best.nodes == ["freedonia", "freedonia-exim", "alpha-beta-project", "alpha-deposit"]
    assert best.distance == pytest.approx(1 / 0.64 + 1 / 0.3 + 1 / 0.64)
    assert [h.kind for h in best.hops] == ["part-of", "finances", "part-of"]
    finance = best.hops[1]
    assert finance.qualifiers["amount"] == 500000000 and finance.status == "letter-of-interest"
    assert finance.as_stated == "freedonia-exim –finances→ alpha-beta-project"
    for h in best.hops:
        assert h.evidence and h.evidence[0]["quote"]
    assert [p.distance for p in result.paths] == sorted(p.distance for p in result.paths)


def test_paths_respect_k_max_hops_and_kinds(net_graph):
    many = influence_paths(net_graph, "sylvania", "gamma-mine", k=5)
    assert 1 < len(many.paths) <= 5
    assert len({tuple(p.nodes) for p in many.paths}) == len(many.paths)
    assert all(len(p.hops) <= 2 for p in influence_paths(net_graph, "sylvania", "gamma-mine",
                                                         max_hops=2).paths)
    only_owns = influence_paths(net_graph, "sylvania", "gamma-mine", kinds="controls,owns")
    assert {h.kind for p in only_owns.paths for h in p.hops} <= {"controls", "owns"}


def test_no_path_is_an_answer_with_what_is_near(net_graph):
    result = influence_paths(net_graph, "gamma-mine", "sylvania")
    assert not result.found
    # Sylvania reaches the mine, not the other way round: ignoring direction connects them
    assert result.undirected is not None
    assert result.undirected.nodes[0] == "gamma-mine"
    assert result.undirected.nodes[-1] == "sylvania"
    assert any(n.node == "metals-club" for n in result.reaches_target)
    island = influence_paths(net_graph, "hermit-co", "sylvania")
    assert not island.found and island.undirected is None
    assert [n.node for n in island.reached_from_source] == ["hermit-site"]


def test_path_endpoints_must_be_in_the_projection(net_graph):
    with pytest.raises(NotFoundError, match="not in the projected graph"):
        influence_paths(net_graph, "tungsten", "gamma-mine")


# ------------------------------------------------------------------ offtake chains
def test_offtake_chain_with_terms_and_gaps(net_graph):
    chains = {c.project: c for c in offtake_chains(net_graph, commodity="tungsten")}
    assert set(chains) == {"alpha-beta-project", "gamma-mine", "delta-project"}
    gamma = chains["gamma-mine"]
    [buyer] = gamma.offtakers
    assert buyer.node == "orion-trading" and buyer.status == "signed"
    assert buyer.qualifiers == {"commodity": "tungsten", "volume": 1000, "volume_unit": "t",
                                "duration_years": 5, "price_terms": "market price less 5%"}
    owners = {(o.node, o.depth) for o in gamma.owners}
    assert {("orion-metals", 1), ("orion-holdings", 1), ("sylvania", 2)} <= owners
    assert "old-investor" not in {o.node for o in gamma.owners}  # ended in 2018
    alpha = chains["alpha-beta-project"]
    assert alpha.members == ["alpha-beta-project", "alpha-deposit", "beta-deposit"]
    assert [f.node for f in alpha.financiers] == ["freedonia-exim"]
    assert [o.node for o in alpha.offtakers] == ["freedonia"]
    delta = chains["delta-project"]
    assert delta.offtakers == [] and GAP_OFFTAKER in delta.gaps
    assert "alpha-deposit" not in chains  # folded into its project


def test_offtake_lists_the_strongest_links_and_counts_the_rest(net_graph):
    [gamma] = [c for c in offtake_chains(net_graph, limit=1) if c.project == "gamma-mine"]
    # level 1: orion-metals (80 % and a contested 75 %) and orion-holdings (operates, 0.8)
    assert [(o.node, o.key) for o in gamma.owners if o.depth == 1] == [
        ("orion-holdings", "orion-holdings-operates-gamma")]
    assert gamma.omitted["owners (level 1)"] == 2


def test_offtake_filters_by_country_code_name_and_commodity(net_graph):
    assert resolve_country(net_graph, "RR") == "ruritania"
    assert resolve_country(net_graph, "freedonia") == "freedonia"
    in_sylvania = [c.project for c in offtake_chains(net_graph, country="Sylvania")]
    assert in_sylvania == ["delta-project"]
    with pytest.raises(NotFoundError, match="no country"):
        offtake_chains(net_graph, country="Atlantis")
    with pytest.raises(NotFoundError, match="no commodity"):
        offtake_chains(net_graph, commodity="unobtainium")


# ------------------------------------------------------------------ blocs
def test_blocs_follow_backing_chains_not_forums(net_graph):
    blocs = {b.project: b for b in backing_blocs(net_graph)}
    assert blocs["alpha-beta-project"].states == ["freedonia", "ruritania"]
    assert blocs["gamma-mine"].states == ["sylvania"]
    assert blocs["alpha-beta-project"].bloc != blocs["gamma-mine"].bloc
    assert blocs["hermit-site"].bloc == NO_BLOC
    # Ruritania and Sylvania share a forum; membership is not backing
    assert "ruritania" not in blocs["gamma-mine"].states
    via = {(k.state, k.via, k.origin) for k in blocs["alpha-beta-project"].backers}
    assert ("freedonia", VIA_STATE, "freedonia") in via  # through its export bank
    # Acme Capital, a private Freedonian JV partner, is capital from Freedonia, not the state:
    # a private company's home country is never counted as state backing (#20 item 1)
    assert not any(origin == "acme-capital" for _, _, origin in via)
    assert ("freedonia", VIA_HOME, "acme-capital") not in via
    for backer in blocs["alpha-beta-project"].backers:
        assert backer.chain[-1].target in blocs["alpha-beta-project"].members
        assert all(h.evidence for h in backer.chain)


def test_communities_are_seeded_and_deterministic(net_graph):
    a, b = communities(net_graph, seed=3), communities(net_graph, seed=3)
    assert a == b
    members = [set(c.members) for c in a]
    assert all(len(m) >= 2 for m in members)
    together = next(m for m in members if "orion-holdings" in m)
    assert "gamma-mine" in together


# ------------------------------------------------------------------ concentration
def test_concentration_per_source_never_mixed(net_store):
    results = concentration(net_store, commodity="tungsten", measure="production")
    by_source = {c.source: c for c in results}
    assert set(by_source) == {"survey-2025", "gazette-2026"}
    survey = by_source["survey-2025"]
    assert survey.year == "2024" and survey.basis == "world total" and survey.total == 1000
    assert [(s.country, round(s.share_pct, 6)) for s in survey.shares] == [
        ("ruritania", 80.0), ("sylvania", 15.0), ("freedonia", 5.0)]
    assert survey.hhi == pytest.approx(80**2 + 15**2 + 5**2)
    gazette = by_source["gazette-2026"]
    assert gazette.basis == "sum of listed countries"  # no world total in that source
    assert gazette.hhi == pytest.approx(90**2 + 10**2)
    assert "gamma-mine" not in {s.country for s in gazette.shares}  # a mine is not a country
    assert "survey-ruritania-2024" in survey.contested


def test_concentration_year_measure_and_targets(net_store):
    [older] = concentration(net_store, year=2023)
    assert older.source == "survey-2025" and older.hhi == pytest.approx(60**2 + 40**2)
    assert concentration(net_store, year=2030) == []  # a target is not production
    [reserves] = concentration(net_store, measure="reserves")
    assert reserves.hhi == pytest.approx(75**2 + 25**2)
    with pytest.raises(MineralgraphError, match="production or reserves"):
        concentration(net_store, measure="exports")


# ------------------------------------------------------------------ export
KEY_EDGE_ATTRS = ("kind", "status", "tentative", "strength", "distance", "subject", "object")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exports_read_back_equal_the_projection(net_graph, tmp_path, fmt):
    G = annotate(net_graph)
    path = tmp_path / f"g.{fmt}"
    export_graph(G, fmt, path)
    H = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert set(H.nodes) == set(G.nodes)
    assert set(H.edges(keys=True)) == set(G.edges(keys=True))
    for n, d in G.nodes(data=True):
        got = H.nodes[n]
        assert got["label"] == d["label"] and got["kind"] == d["kind"]
        assert got.get("country") == d.get("country")
        assert got["bloc"] == d["bloc"]
        assert got["score_pagerank"] == pytest.approx(d["score_pagerank"])
        assert json.loads(got["aliases"]) == d["aliases"]
    for u, v, k, d in G.edges(keys=True, data=True):
        got = H.edges[u, v, k]
        for attr in KEY_EDGE_ATTRS:
            assert got[attr] == pytest.approx(d[attr]) if isinstance(d[attr], float) \
                else got[attr] == d[attr], (k, attr)
        assert json.loads(got["evidence"]) == d["evidence"]
        assert json.loads(got["qualifiers"]) == d["qualifiers"]


def test_json_and_kumu_csv_exports(net_graph, tmp_path):
    G = annotate(net_graph, measures=["degree"])
    [path] = export_graph(G, "json", tmp_path / "g.json")
    back = nx.node_link_graph(json.loads(path.read_text()), edges="edges")
    assert set(back.edges(keys=True)) == set(G.edges(keys=True))
    elements, connections = export_graph(G, "csv", tmp_path / "map.csv")
    assert elements.name == "map-elements.csv" and connections.name == "map-connections.csv"
    import csv

    rows = list(csv.DictReader(elements.open(encoding="utf-8")))
    assert list(rows[0])[:2] == ["ID", "Label"] and len(rows) == G.number_of_nodes()
    links = list(csv.DictReader(connections.open(encoding="utf-8")))
    assert list(links[0])[:3] == ["ID", "From", "To"] and len(links) == G.number_of_edges()
    assert {r["ID"] for r in rows}.isdisjoint({r["ID"] for r in links})
    mutual = next(r for r in links if r["ID"] == "orion-trading-offtake-gamma")
    assert mutual["Direction"] == "mutual" and mutual["Sources"] == "gazette-2026"


def test_export_refuses_bad_targets_without_leaving_files(net_graph, tmp_path):
    with pytest.raises(MineralgraphError, match="unknown export format"):
        export_graph(net_graph, "pdf", tmp_path / "g.pdf")
    with pytest.raises(MineralgraphError, match="does not exist"):
        export_graph(net_graph, "graphml", tmp_path / "missing" / "g.graphml")
    with pytest.raises(MineralgraphError, match="is a folder"):
        export_graph(net_graph, "graphml", tmp_path)
    assert list(tmp_path.iterdir()) == []
