"""Network analysis on the real data set: the influence paths, blocs and dates the seed
article and the reference notes establish."""

from __future__ import annotations

import networkx as nx
import pytest

from mineralgraph.network import project
from mineralgraph.network.blocs import backing_blocs
from mineralgraph.network.centrality import rank
from mineralgraph.network.chains import GAP_OFFTAKER, offtake_chains
from mineralgraph.network.concentration import concentration
from mineralgraph.network.export import annotate, export_graph
from mineralgraph.network.paths import influence_paths

from network_data import real_graph  # noqa: F401

COVE_DEPOSITS = ("northern-katpar", "upper-kairakty")


def _assert_sourced(hops):
    for hop in hops:
        assert hop.evidence, hop.key
        for ev in hop.evidence:
            assert ev["source"] and ev["quote"], hop.key


@pytest.mark.parametrize("source, target", [("jiangxi-copper", "bakuta"),
                                            ("united-states", "northern-katpar")])
def test_influence_paths_exist_with_a_source_on_every_hop(real_graph, source, target):
    result = influence_paths(real_graph, source, target)
    assert result.found, (source, target)
    for path in result.paths:
        assert path.nodes[0] == source and path.nodes[-1] == target
        _assert_sourced(path.hops)


def test_us_reaches_northern_katpar_through_finance(real_graph):
    result = influence_paths(real_graph, "united-states", "northern-katpar", kinds=None)
    kinds = {h.kind for p in result.paths for h in p.hops}
    assert "finances" in kinds
    assert any(h.source == "us-exim" and h.qualifiers.get("amount") == 900000000
               for p in result.paths for h in p.hops)


def test_blocs_separate_the_cove_deposits_from_bakuta(real_graph):
    blocs = backing_blocs(real_graph)
    by_member = {m: b for b in blocs for m in b.members}
    bakuta = by_member["bakuta"]
    assert "china" in bakuta.states
    for deposit in COVE_DEPOSITS:
        cove = by_member[deposit]
        assert {"united-states", "kazakhstan"} <= set(cove.states)
        assert cove.bloc != bakuta.bloc
        assert "china" not in cove.states
    us = [b for b in by_member["northern-katpar"].backers if b.state == "united-states"]
    first_steps = {b.chain[0].target for b in us}
    assert {"us-exim", "us-dfc"} & first_steps  # US-backed via its finance agencies too
    for b in blocs:
        for backer in b.backers:
            _assert_sourced(backer.chain)


def test_as_of_before_the_cove_deal_excludes_it(real_store):
    before = project(real_store, as_of="2024-01-01")
    after = project(real_store, as_of="2026-06-30")

    def partners(G):
        return {(u, k) for u, v, k, d in G.in_edges("severniy-katpar-llp", keys=True,
                                                       data=True)
                if d["kind"] == "partner-in" and u == "cove-capital"}

    assert partners(after) and not partners(before)
    assert not before.has_edge("us-exim", "northern-katpar-upper-kairakty-project")
    assert after.has_edge("us-exim", "northern-katpar-upper-kairakty-project")
    signed = [k for _, _, k, d in before.edges(keys=True, data=True)
              if d["kind"] == "signs" and d["object"] == "cove-tau-ken-samruk-jv-agreement"]
    assert signed == []


def test_rank_output_is_stable(real_store):
    runs = [rank(project(real_store, as_of="2026-06-30"), measure="all", top=15)
            for _ in range(2)]
    assert [(r.node, r.score) for r in runs[0]] == [(r.node, r.score) for r in runs[1]]
    assert all(r.why for r in runs[0])


def test_offtake_lists_known_buyers_and_gaps(real_graph):
    chains = {c.project: c for c in offtake_chains(real_graph, commodity="tungsten",
                                                   country="kazakhstan")}
    cove = chains["northern-katpar-upper-kairakty-project"]
    assert "united-states" in {o.node for o in cove.offtakers}
    assert {"us-exim"} <= {f.node for f in cove.financiers}
    assert GAP_OFFTAKER in chains["bakuta"].gaps or chains["bakuta"].offtakers


def test_tungsten_concentration_from_usgs(real_store):
    results = concentration(real_store, commodity="tungsten", year=2024)
    usgs = [c for c in results if c.basis == "world total"]
    assert usgs, "USGS country figures with a world total"
    top = usgs[0].shares[0]
    assert top.country == "china" and top.share_pct > 80
    assert usgs[0].hhi > 2500
    assert len({c.source for c in results}) == len(results) or all(
        len({(c.source, c.unit)}) == 1 for c in results)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_real_exports_read_back_equal_the_projection(real_graph, tmp_path, fmt):
    G = annotate(real_graph, measures=["pagerank", "degree"])
    path = tmp_path / f"real.{fmt}"
    export_graph(G, fmt, path)
    H = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert set(H.nodes) == set(G.nodes)
    assert set(H.edges(keys=True)) == set(G.edges(keys=True))
    for u, v, k, d in G.edges(keys=True, data=True):
        assert H.edges[u, v, k]["kind"] == d["kind"]
        assert H.edges[u, v, k]["status"] == d["status"]
    for n, d in G.nodes(data=True):
        assert H.nodes[n]["kind"] == d["kind"] and H.nodes[n]["bloc"] == d["bloc"]
