"""The engines behind the measures: NetworkX dispatch to nx-parallel, and the igraph path,
each checked against NetworkX's own numbers."""

from __future__ import annotations

import sys

import networkx as nx
import pytest

from mineralgraph.errors import MineralgraphError
from mineralgraph.network import backends, fast
from mineralgraph.network.centrality import centrality, rank

from network_data import net_build, net_graph, net_store  # noqa: F401


def _weighted_digraph(n: int, p: float, seed: int) -> nx.DiGraph:
    D = nx.gnp_random_graph(n, p, seed=seed, directed=True)
    D = nx.relabel_nodes(D, {i: f"n{i:03d}" for i in D})
    for i, (u, v) in enumerate(sorted(D.edges)):
        D[u][v]["distance"] = 1.0 + (i % 4) * 0.5  # ties on purpose: several equal paths
    return D


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_igraph_betweenness_equals_networkx(seed):
    D = _weighted_digraph(80, 0.05, seed)
    ours = fast.betweenness(D)
    theirs = nx.betweenness_centrality(D, weight="distance", normalized=True)
    assert ours == pytest.approx(theirs, abs=1e-12)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_igraph_closeness_equals_networkx(seed):
    D = _weighted_digraph(80, 0.04, seed)  # sparse: many nodes reach only part of the graph
    ours = fast.closeness(D)
    theirs = nx.closeness_centrality(D, distance="distance")
    assert ours == pytest.approx(theirs, abs=1e-12)


def test_igraph_backend_ranks_like_networkx(net_graph):
    for measure in ("betweenness", "closeness"):
        a = rank(net_graph, measure=measure, kind="any", top=40)
        b = rank(net_graph, measure=measure, kind="any", top=40, backend="igraph")
        assert [r.node for r in a] == [r.node for r in b]
        assert [r.score for r in a] == pytest.approx([r.score for r in b], abs=1e-12)
        assert "igraph" in b[0].method


#: nx-parallel is tested where it installs beside the networkx that `pip install .` gives
#: users (Python >= 3.12: nx-parallel 0.4 with networkx 3.7); on Python 3.11 only nx-parallel
#: 0.3 exists and it works with networkx 3.4.2 alone, so the suite there tests the networkx
#: users get, and the message that says how to get the backend.
needs_parallel = pytest.mark.skipif(
    sys.version_info < (3, 12),
    reason="nx-parallel installs with the users' networkx only on Python >= 3.12")


def test_networkx_is_the_one_users_get():
    from importlib.metadata import requires, version

    wanted = [r for r in requires("mineralgraph") if r.startswith("networkx")
              and "extra" not in r]
    assert wanted  # the runtime requirement, not an extra's pin
    if sys.version_info < (3, 12):
        assert "parallel" not in backends.installed_backends()
        assert tuple(int(x) for x in version("networkx").split(".")[:2]) >= (3, 5)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="nx-parallel is installed here")
def test_missing_parallel_backend_says_what_to_install(net_graph):
    with pytest.raises(MineralgraphError, match=r"pip install 'mineralgraph\[parallel\]'"):
        centrality(net_graph, "betweenness", backend="parallel")


@needs_parallel
def test_parallel_backend_is_installed_and_dispatched():
    assert "parallel" in backends.installed_backends()
    assert "parallel" in nx.betweenness_centrality.backends


@needs_parallel
def test_parallel_backend_gives_the_same_ranking(net_graph):
    for measure in ("betweenness", "pagerank"):
        a = rank(net_graph, measure=measure, kind="any", top=40)
        b = rank(net_graph, measure=measure, kind="any", top=40, backend="parallel", jobs=2)
        assert [r.node for r in a] == [r.node for r in b]
        assert [r.score for r in a] == pytest.approx([r.score for r in b], abs=1e-12)
    _, how = centrality(net_graph, "betweenness", backend="parallel", jobs=2)
    assert "parallel (n_jobs=2)" in how  # really computed by nx-parallel
    _, how = centrality(net_graph, "pagerank", backend="parallel")
    assert "parallel does not implement pagerank" in how  # and honest where it is not


@needs_parallel
def test_sampled_betweenness_on_parallel_equals_networkx(net_graph):
    a, _ = centrality(net_graph, "betweenness", exact_max=5, pivots=10, seed=11,
                      backend="networkx")
    b, how = centrality(net_graph, "betweenness", exact_max=5, pivots=10, seed=11,
                        backend="parallel", jobs=2)
    assert "sampled" in how and a == pytest.approx(b, abs=1e-12)


def test_backend_choice_from_environment_and_errors(net_graph, monkeypatch):
    monkeypatch.setenv(backends.ENV_VAR, "igraph")
    _, how = centrality(net_graph, "betweenness")
    assert "igraph" in how
    monkeypatch.setenv(backends.ENV_VAR, "cugraph")
    with pytest.raises(MineralgraphError, match="backend 'cugraph' is not installed"):
        centrality(net_graph, "betweenness")
    monkeypatch.delenv(backends.ENV_VAR)


@needs_parallel
def test_bad_number_of_jobs_is_refused(net_graph, monkeypatch):
    monkeypatch.setenv(backends.JOBS_VAR, "many")
    with pytest.raises(MineralgraphError, match="not a number of jobs"):
        centrality(net_graph, "betweenness", backend="parallel")
