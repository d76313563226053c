"""The explorer's relation families and first view, without a browser: every relation kind
has a family, the families look different in colour (also as colour-blind readers see them)
and in line style (as a greyscale print shows them), and the first view is bounded, starts
from the most central entities or the focus, and clusters all the rest."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from mineralgraph.explore.families import (FAMILIES, RELATION_FAMILY, check_families,
                                           line_dashes)
from mineralgraph.explore.layout import label_box
from mineralgraph.explore.start import first_nodes, shelves, start_view
from mineralgraph.kinds import RELATION_KINDS
from mineralgraph.names import EXPLORE_TOP

# Colour-vision deficiency simulation matrices on linear RGB, severity 1 (Machado, Oliveira &
# Fernandes, "A Physiologically-based Model for Simulation of Color Vision Deficiency", 2009).
VISION = {
    "normal": np.eye(3),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
#: CIE76 colour difference two families must keep (about 2.3 is a just noticeable one).
MIN_DELTA_E = 15.0


def _linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ np.clip(linear, 0, 1)
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_every_relation_kind_has_a_family():
    assert check_families() == []
    assert set(RELATION_FAMILY) == set(RELATION_KINDS)
    assert set(RELATION_FAMILY.values()) == set(FAMILIES)  # no family without a kind
    assert {RELATION_FAMILY[k] for k in ("owns", "controls")} == {"control"}
    assert RELATION_FAMILY["finances"] == "finance" and RELATION_FAMILY["offtake"] == "offtake"
    assert RELATION_FAMILY["member-of"] == "membership"
    assert RELATION_FAMILY["backs"] == RELATION_FAMILY["party-to"] == "politics"


@pytest.mark.parametrize("vision", sorted(VISION))
def test_family_colours_are_distinct(vision):
    lab = {f: _lab(VISION[vision] @ _linear(fam.colour)) for f, fam in FAMILIES.items()}
    for a, b in itertools.combinations(lab, 2):
        assert np.linalg.norm(lab[a] - lab[b]) >= MIN_DELTA_E, (vision, a, b)


def test_family_line_styles_read_in_greyscale():
    looks = {(fam.dashes, fam.width, fam.arrow) for fam in FAMILIES.values()}
    assert len(looks) == len(FAMILIES)
    # a prospective relation differs from a committed one of the same family
    for kind in RELATION_KINDS:
        assert line_dashes(kind, tentative=True) != line_dashes(kind, tentative=False)
        assert line_dashes(kind, tentative=True)  # never solid


@pytest.fixture(scope="module")
def real_graph(real_store):
    from mineralgraph.explore import centrality_scores
    from mineralgraph.network import project

    G = project(real_store, as_of="2026-06-30")
    return G, centrality_scores(G, ("pagerank",)).values["pagerank"]


def test_first_view_is_bounded_and_clusters_the_rest(real_graph):
    G, rank = real_graph
    view = start_view(G, set(G), rank=rank, top=EXPLORE_TOP)
    assert len(view.nodes) == EXPLORE_TOP < G.number_of_nodes()
    assert max(rank, key=rank.get) in view.nodes
    members = [m for c in view.clusters for m in c["members"]]
    assert len(members) == len(set(members))  # each entity in one cluster
    assert set(members) | set(view.nodes) == set(G) and not set(members) & set(view.nodes)
    for c in view.clusters:  # most central first: a click brings in the most central
        scores = [rank.get(m, 0.0) for m in c["members"]]
        assert scores == sorted(scores, reverse=True)
    assert any(c["label"] == "United States" for c in view.clusters)
    assert set(view.positions) == set(view.nodes)


def test_focus_first_view_is_the_focus_and_its_nearest(real_graph):
    G, rank = real_graph
    nearest = first_nodes(G, set(G), rank=rank, top=EXPLORE_TOP, focus="us-exim")
    assert nearest[0] == "us-exim"
    neighbours = set(G.successors("us-exim")) | set(G.predecessors("us-exim"))
    assert len(neighbours) >= EXPLORE_TOP - 1  # US EXIM has many partners: all of them
    assert set(nearest[1:]) <= neighbours      # the first view is its direct ones


def test_small_page_shows_everything():
    import networkx as nx

    G = nx.MultiDiGraph([("a", "b")])
    view = start_view(G, set(G), rank={}, top=EXPLORE_TOP)
    assert view.nodes == ["a", "b"] and view.clusters == [] and view.positions == {}


def test_shelves_keep_label_boxes_apart():
    names = [f"entity number {i} with a longish name" for i in range(25)]
    boxes = {n: label_box(n, 12, 14) for n in names}
    rng = np.random.default_rng(3)
    drawn = {n: tuple(rng.uniform(-300, 300, 2)) for n in names}
    pos = shelves(drawn, boxes)
    for a, b in itertools.combinations(names, 2):
        apart_x = abs(pos[a][0] - pos[b][0]) >= (boxes[a][0] + boxes[b][0]) / 2 - 0.1
        apart_y = abs(pos[a][1] - pos[b][1]) >= (boxes[a][1] + boxes[b][1]) / 2 - 12.2  # stagger
        assert apart_x or apart_y
