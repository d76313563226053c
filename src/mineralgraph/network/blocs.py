"""Which states back each project, with the chain that shows it; and communities.

>>> from mineralgraph.store import open_store
>>> for b in backing_blocs(project(open_store())):              # doctest: +SKIP
...     print(b.label, "→", b.bloc)

A state *backs* a node when a chain of backing relations — ownership, control, finance,
development, operation, partnership, licences, acquisitions, direct support, and the
government → agency link (see ``backing`` in :data:`~.rules.PROJECTION`) — leads from it to
the node in at most ``max_hops`` steps. Two kinds of chain count:

``state``
    the chain starts at the state itself (the United States → EXIM → project);
``home country``
    the chain starts at a company, state company, financial institution or agency whose home
    country is the state (a US company as joint-venture partner). Weaker evidence, labelled so.

Chains never pass *through* another state: an investment in Kazakhstan does not make the
investor a backer of every Kazakh project. Forum membership, listings, offtake and signing
an agreement are not backing. A project's *bloc* is the set of states backing it or its
deposits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from .chains import projects
from .paths import Hop, hop
from .projection import influence_graph
from .rules import PROJECTION

VIA_STATE = "state"
VIA_HOME = "home country"
#: Actor kinds whose home country counts as a (weaker) backer of what they back.
HOME_COUNTRY_KINDS = frozenset({"company", "state-owned-enterprise", "financial-institution",
                                "government-agency"})
MAX_HOPS = 4
NO_BLOC = "no state backing recorded"


@dataclass(frozen=True)
class Backing:
    state: str
    state_label: str
    via: str  # VIA_STATE or VIA_HOME
    origin: str  # where the chain starts: the state, or the actor whose home it is
    chain: tuple[Hop, ...]

    @property
    def hops(self) -> int:
        return len(self.chain)


@dataclass
class ProjectBloc:
    project: str
    label: str
    country: str | None
    members: list[str]
    backers: list[Backing] = field(default_factory=list)

    @property
    def states(self) -> list[str]:
        return sorted({b.state for b in self.backers})

    @property
    def bloc(self) -> str:
        labels = sorted({b.state_label for b in self.backers})
        return " + ".join(labels) if labels else NO_BLOC


def backing_graph(G: nx.MultiDiGraph) -> nx.DiGraph:
    """The influence view restricted to backing relations."""
    return influence_graph(G, kinds=[k for k, r in PROJECTION.items() if r.backing])


def backers(G: nx.MultiDiGraph, *, max_hops: int = MAX_HOPS,
            graph: nx.DiGraph | None = None) -> dict[str, dict[str, Backing]]:
    """Every node → {state → its best backing chain} (a state chain before a home-country
    one, then the fewest hops). Linear in the graph size times ``max_hops``."""
    B = backing_graph(G) if graph is None else graph
    # (node, state) → (rank, hops, predecessor or None, origin, via)
    best: dict[tuple[str, str], tuple[int, int, str | None, str, str]] = {}
    frontier: list[tuple[str, str]] = []
    for node, d in sorted(B.nodes(data=True)):
        if d.get("kind") == "state":
            best[(node, node)] = (0, 0, None, node, VIA_STATE)
            frontier.append((node, node))
        elif d.get("kind") in HOME_COUNTRY_KINDS and d.get("country") in B:
            state = d["country"]
            best[(node, state)] = (1, 0, None, node, VIA_HOME)
            frontier.append((node, state))
    for step in range(1, max_hops + 1):
        reached = []
        for node, state in frontier:
            if node != state and B.nodes[node].get("kind") == "state":
                continue  # never through another state
            rank_, _, _, origin, via = best[(node, state)]
            for nxt in sorted(B.successors(node)):
                if nxt == state:
                    continue
                entry = (rank_, step, node, origin, via)
                old = best.get((nxt, state))
                if old is None or entry[:2] < old[:2]:
                    best[(nxt, state)] = entry
                    reached.append((nxt, state))
        frontier = sorted(set(reached))
    out: dict[str, dict[str, Backing]] = {}
    for (node, state), (_, hops, _, origin, via) in sorted(best.items()):
        if hops == 0 and via == VIA_STATE:
            continue  # a state does not back itself
        if hops == 0:
            continue  # an actor's own home country is an attribute, not backing
        out.setdefault(node, {})[state] = Backing(
            state, G.nodes[state]["label"], via, origin, _chain(G, B, best, node, state))
    return out


def _chain(G: nx.MultiDiGraph, B: nx.DiGraph, best: dict, node: str, state: str
           ) -> tuple[Hop, ...]:
    steps = []
    while True:
        pred = best[(node, state)][2]
        if pred is None:
            break
        steps.append(hop(G, B, pred, node))
        node = pred
    return tuple(reversed(steps))


def backing_blocs(G: nx.MultiDiGraph, *, max_hops: int = MAX_HOPS,
                  chains: int = 4) -> list[ProjectBloc]:
    """For each project (see :func:`~.chains.projects`), the states backing it or its parts.

    Each state comes with up to ``chains`` chains, each entering the project through a
    different neighbour (the United States directly, through EXIM, through DFC, through the joint
    venture…), best first: state chains before home-country ones, then the fewest hops.
    """
    B = backing_graph(G)
    found = backers(G, max_hops=max_hops, graph=B)
    out = []
    for top, members in projects(G).items():
        bloc = ProjectBloc(top, G.nodes[top]["label"], G.nodes[top].get("country"), members)
        options: dict[str, dict[str, Backing]] = {}  # state → entry neighbour → best
        for m in members:
            for p in sorted(B.predecessors(m)):
                if p in members:
                    continue
                step = hop(G, B, p, m)
                for state, via, origin, head in _reaching(G, found, p):
                    if len(head) + 1 > max_hops:
                        continue
                    b = Backing(state, G.nodes[state]["label"], via, origin, (*head, step))
                    old = options.setdefault(state, {}).get(p)
                    if old is None or _order(b) < _order(old):
                        options[state][p] = b
        for state in sorted(options):
            bloc.backers += sorted(options[state].values(), key=_order)[:chains]
        out.append(bloc)
    return out


def _order(b: Backing) -> tuple:
    """State chains first, then fewer hops, then shorter (stronger) chains."""
    return (b.via != VIA_STATE, b.hops, round(sum(h.distance for h in b.chain), 9), b.origin,
            [h.key for h in b.chain])


def _reaching(G: nx.MultiDiGraph, found: dict[str, dict[str, Backing]], node: str
              ) -> list[tuple[str, str, str, tuple[Hop, ...]]]:
    """(state, via, origin, chain to ``node``) for every state standing behind ``node``,
    the node's own identity included (a state; an actor's home country)."""
    d = G.nodes[node]
    if d.get("kind") == "state":
        return [(node, VIA_STATE, node, ())]  # a state backs in its own right, not via others
    out = [(b.state, b.via, b.origin, b.chain) for b in found.get(node, {}).values()]
    home = d.get("country")
    if d.get("kind") in HOME_COUNTRY_KINDS and home in G and home not in found.get(node, {}):
        out.append((home, VIA_HOME, node, ()))
    return out


def node_blocs(G: nx.MultiDiGraph, *, max_hops: int = MAX_HOPS) -> dict[str, str]:
    """Every node's bloc label (for exports): the states backing it; a state is its own."""
    found = backers(G, max_hops=max_hops)
    out = {}
    for node, d in G.nodes(data=True):
        states = {b.state_label for b in found.get(node, {}).values()}
        if d.get("kind") == "state":
            states.add(d["label"])
        out[node] = " + ".join(sorted(states)) if states else ""
    return out


@dataclass(frozen=True)
class Community:
    id: int
    members: tuple[str, ...]
    hubs: tuple[str, ...]  # the most connected members, by strength
    states: tuple[str, ...]


def communities(G: nx.MultiDiGraph, *, seed: int = 42, resolution: float = 1.0,
                min_size: int = 2) -> list[Community]:
    """Louvain communities of the undirected influence graph weighted by strength.

    Seeded and fed in a fixed node order, so the same graph gives the same communities.
    Communities smaller than ``min_size`` (isolated nodes) are left out. Ordered by size,
    largest first.
    """
    D = influence_graph(G)
    U = nx.Graph()
    U.add_nodes_from(sorted(D.nodes))
    for u, v, d in sorted(D.edges(data=True), key=lambda e: (e[0], e[1])):
        w = max(d["strength"], U[u][v]["strength"]) if U.has_edge(u, v) else d["strength"]
        U.add_edge(u, v, strength=w)
    parts = nx.community.louvain_communities(U, weight="strength", resolution=resolution,
                                             seed=seed)
    groups = sorted((sorted(p) for p in parts if len(p) >= min_size),
                    key=lambda p: (-len(p), p[0]))
    strength = dict(U.degree(weight="strength"))
    out = []
    for i, members in enumerate(groups, start=1):
        hubs = sorted(members, key=lambda n: (-strength[n], n))[:3]
        states = tuple(n for n in members if G.nodes[n].get("kind") == "state")
        out.append(Community(i, tuple(members), tuple(hubs), states))
    return out
