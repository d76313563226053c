"""The store → NetworkX projection: the declared table, directions, weights, dates, sources."""

from __future__ import annotations

import pytest

from mineralgraph.errors import MineralgraphError
from mineralgraph.kinds import RELATION_KINDS
from mineralgraph.network import PROJECTION, influence_graph, parse_as_of, project
from mineralgraph.network.rules import check_table, default_kinds, edge_strength

from network_data import net_build, net_graph, net_store, real_graph  # noqa: F401

EDGE_KEYS = {"kind", "label", "status", "tentative", "start", "end", "as_of", "qualifiers",
             "evidence", "contested", "distance", "strength"}
NODE_KEYS = {"iri", "label", "kind", "category", "country", "aliases"}


def test_table_covers_every_relation_kind_once():
    check_table()
    assert set(PROJECTION) == set(RELATION_KINDS)
    assert "located-in" not in default_kinds() and "produces" not in default_kinds()


def test_strength_from_share_and_status():
    assert edge_strength("owns", "active", 60) == pytest.approx(0.6)
    assert edge_strength("owns", "active", None) == pytest.approx(0.5)
    assert edge_strength("finances", "letter-of-interest", None) < edge_strength(
        "finances", "committed", None)


def test_nodes_are_entities_not_literals_or_sources(net_graph):
    G = net_graph
    assert "survey-2025" not in G and "gazette-2026" not in G  # sources live on edges
    assert "tungsten" not in G  # commodities are attributes by default
    assert "world" not in G  # a place with no projected edge
    for node, data in G.nodes(data=True):
        assert NODE_KEYS <= set(data), node
        assert data["iri"].endswith("/" + node)
    assert G.nodes["freedonia-exim"]["aliases"] == ["FEXIM"]
    assert G.nodes["freedonia-exim"]["country"] == "freedonia"
    assert G.nodes["gamma-mine"]["produces"] == ["tungsten"]
    assert G.nodes["hermit-co"]["country"] is None


def test_directions_follow_influence(net_graph):
    G = net_graph
    assert G.has_edge("freedonia", "freedonia-exim", "freedonia-exim-part-of-freedonia")
    assert G.has_edge("alpha-beta-project", "alpha-deposit", "alpha-part-of-project")
    assert G.has_edge("freedonia-exim", "alpha-beta-project", "freedonia-exim-finances-project")
    # offtake: the statement says buyer → seller; the product flows seller → buyer
    e = G.edges["gamma-mine", "orion-trading", "orion-trading-offtake-gamma"]
    assert (e["subject"], e["object"]) == ("orion-trading", "gamma-mine") and e["mutual"]
    assert G.has_edge("metals-club", "ruritania", "ruritania-member-of-metals-club")


def test_edges_keep_qualifiers_status_and_sources(net_graph):
    e = net_graph.edges["freedonia-exim", "alpha-beta-project", "freedonia-exim-finances-project"]
    assert EDGE_KEYS <= set(e)
    assert e["qualifiers"] == {"amount": 500000000, "currency": "USD",
                               "amount_qualifier": "up-to", "instrument": "letter of interest"}
    assert e["status"] == "letter-of-interest" and e["tentative"]
    assert e["distance"] == pytest.approx(1 / e["strength"])
    [ev] = e["evidence"]
    assert ev["source"] == "gazette-2026" and ev["said_by"] == "jane-roe"
    assert ev["quote"].startswith("a letter of interest")
    assert ev["source_url"] == "https://example.org/gazette" and ev["source_date"] == "2026-01"
    owns = net_graph.edges["orion-metals", "gamma-mine", "orion-metals-owns-gamma"]
    assert owns["strength"] == pytest.approx(0.8) and owns["contested"]
    assert owns["contests"] == ["orion-metals-owns-gamma-survey"]
    for u, v, k, d in net_graph.edges(keys=True, data=True):
        assert d["evidence"], (u, v, k)


def test_as_of_drops_later_and_ended_relations(net_store):
    before = project(net_store, as_of="2024-01-01")
    assert not before.has_edge("acme-capital", "acme-ruri-jv")  # starts 2025-11
    assert before.has_edge("orion-metals", "gamma-mine")
    in_2015 = project(net_store, as_of="2015-06-01")
    assert in_2015.has_edge("old-investor", "gamma-mine", "old-investor-owned-gamma")
    assert not in_2015.has_edge("orion-metals", "gamma-mine", "orion-metals-owns-gamma")
    today = project(net_store)
    assert not today.has_edge("old-investor", "gamma-mine")  # ended 2018
    everything = project(net_store, as_of="all")
    assert everything.has_edge("old-investor", "gamma-mine")


def test_a_failed_deal_supersedes_its_framework_agreement(net_store):
    # the failure is known from its source's date (2026-01); before that the deal stood
    assert project(net_store, as_of="2020-01-01").has_edge("orion-holdings", "delta-project")
    assert not project(net_store, as_of="2026-06-30").has_edge("orion-holdings",
                                                               "delta-project")


def test_undated_relations_take_the_date_of_their_object_or_first_source(net_store):
    # signing an agreement dated 2025-11 cannot predate it
    assert not project(net_store, as_of="2025-10-31").has_edge("freedonia",
                                                               "alpha-offtake-deal")
    assert project(net_store, as_of="2025-11-01").has_edge("freedonia", "alpha-offtake-deal")
    # an undated announcement is news from its earliest source (2026-01)
    assert not project(net_store, as_of="2025-12-31").has_edge("freedonia",
                                                               "alpha-beta-project")
    assert project(net_store, as_of="2026-01-01").has_edge("freedonia", "alpha-beta-project")
    # an undated, merely reported structural fact is not bounded by its source's date
    assert project(net_store, as_of="2000-01-01").has_edge("freedonia", "freedonia-exim")


def test_partial_dates_compare_by_first_and_last_day(net_store):
    # acme-partner-in-jv starts 2025-11: not yet on 2025-10-31, held on 2025-11-01
    assert not project(net_store, as_of="2025-10-31").has_edge("acme-capital", "acme-ruri-jv")
    assert project(net_store, as_of="2025-11-01").has_edge("acme-capital", "acme-ruri-jv")
    # old-investor ends 2018: still held on 2018-12-31
    assert project(net_store, as_of="2018-12-31").has_edge("old-investor", "gamma-mine")
    assert parse_as_of("2024").isoformat() == "2024-12-31"


def test_kinds_filter_and_opt_in_commodities(net_store):
    G = project(net_store, kinds="owns,produces")
    assert {d["kind"] for *_, d in G.edges(keys=True, data=True)} == {"owns", "produces"}
    assert G.nodes["tungsten"]["category"] == "commodity"
    with pytest.raises(MineralgraphError, match="unknown relation kind"):
        project(net_store, kinds=["owns", "ownz"])
    with pytest.raises(MineralgraphError, match="never become edges"):
        project(net_store, kinds=["located-in"])
    with pytest.raises(MineralgraphError, match="not a date"):
        project(net_store, as_of="last tuesday")


def test_influence_graph_walks_mutual_edges_both_ways(net_graph):
    D = influence_graph(net_graph)
    assert D.has_edge("gamma-mine", "orion-trading") and D.has_edge("orion-trading", "gamma-mine")
    assert not D.has_edge("alpha-deposit", "alpha-beta-project")
    arc = D.edges["orion-metals", "gamma-mine"]
    assert arc["strength"] == pytest.approx(0.8) and len(arc["keys"]) == 2


def test_projection_is_deterministic(net_store):
    a, b = project(net_store, as_of="2026-01-01"), project(net_store, as_of="2026-01-01")
    assert list(a.nodes) == list(b.nodes)
    assert list(a.edges(keys=True, data=True)) == list(b.edges(keys=True, data=True))


def test_real_projection_has_the_seed_article(real_graph):
    G = real_graph
    for slug in ("jiangxi-copper", "bakuta", "united-states", "northern-katpar", "us-exim"):
        assert slug in G, slug
    assert G.has_edge("us-exim", "northern-katpar-upper-kairakty-project")
    for u, v, k, d in G.edges(keys=True, data=True):
        assert d["evidence"] and all(ev["quote"] for ev in d["evidence"]), k
