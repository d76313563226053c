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
    the chain starts at a state-owned enterprise or a government agency whose home country is
    the state (a Chinese state-owned company as owner). Weaker evidence, labelled so.

A private company's (or a financier's) home country is where its capital comes from, not
state backing: Turkish-owned capital is not the Turkish state. Such an actor brings a state
into a bloc only through a chain the data records (the state owns, controls or finances it).

Chains never pass *through* another state: an investment in Kazakhstan does not make the
investor a backer of every Kazakh project. Forum membership, listings, offtake and signing
an agreement are not backing. A project's *bloc* is the set of states backing it or its
deposits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from ..names import MAX_HOPS
from .chains import projects
from .paths import Hop, hop
from .projection import influence_graph
from .rules import PROJECTION

VIA_STATE = "state"
VIA_HOME = "home country"
#: Actor kinds whose home country counts as a (weaker) backer of what they back: the state's
#: own companies and agencies. A ``company`` or ``financial-institution`` is private capital
#: unless a recorded chain links it to a state (see the module docstring).
HOME_COUNTRY_KINDS = frozenset({"state-owned-enterprise", "government-agency"})
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


# One propagation entry: how ``state`` stands behind a node. Compared as tuples: a state
# chain (rank 0) before a home-country one (rank 1), then fewer hops, then shorter distance.
Entry = tuple[int, int, float, "str | None", str, str]  # rank, hops, distance, pred, origin, via


def _propagate(G: nx.MultiDiGraph, B: nx.DiGraph, max_hops: int
               ) -> dict[str, dict[str, Entry]]:
    """node → {state → best entry}, by ``max_hops`` rounds over the backing view. Each round
    touches each (node, state) pair reached in the previous one once: linear in the pairs
    found, and no chain is built here (only the predecessor is kept)."""
    best: dict[str, dict[str, Entry]] = {}
    frontier: list[tuple[str, str]] = []
    for node, d in sorted(B.nodes(data=True)):
        if d.get("kind") == "state":
            best.setdefault(node, {})[node] = (0, 0, 0.0, None, node, VIA_STATE)
            frontier.append((node, node))
        elif d.get("kind") in HOME_COUNTRY_KINDS and d.get("country") in B:
            best.setdefault(node, {})[d["country"]] = (1, 0, 0.0, None, node, VIA_HOME)
            frontier.append((node, d["country"]))
    successors = {n: sorted(B.successors(n)) for n in B}
    for step in range(1, max_hops + 1):
        reached = set()
        for node, state in frontier:
            if node != state and B.nodes[node].get("kind") == "state":
                continue  # never through another state
            rank_, _, dist, _, origin, via = best[node][state]
            for nxt in successors[node]:
                if nxt == state:
                    continue
                entry = (rank_, step, dist + B[node][nxt]["distance"], node, origin, via)
                old = best.get(nxt, {}).get(state)
                if old is None or entry[:3] < old[:3]:
                    best.setdefault(nxt, {})[state] = entry
                    reached.add((nxt, state))
        frontier = sorted(reached)
    return best


def _chain(G: nx.MultiDiGraph, B: nx.DiGraph, best: dict[str, dict[str, Entry]], node: str,
           state: str) -> tuple[Hop, ...]:
    steps = []
    while True:
        pred = best[node][state][3]
        if pred is None:
            break
        steps.append(hop(G, B, pred, node))
        node = pred
    return tuple(reversed(steps))


def backers(G: nx.MultiDiGraph, *, max_hops: int = MAX_HOPS,
            nodes: Iterable[str] | None = None) -> dict[str, dict[str, Backing]]:
    """Node → {state → its best backing chain} (a state chain before a home-country one,
    then the fewest hops, then the shortest distance), for ``nodes`` (default: all).

    Building every chain of a large graph is costly; ask for the nodes you show, or use
    :func:`node_states` when only the states matter.
    """
    B = backing_graph(G)
    best = _propagate(G, B, max_hops)
    wanted = sorted(best) if nodes is None else sorted(set(nodes) & set(best))
    out: dict[str, dict[str, Backing]] = {}
    for node in wanted:
        for state, (_, hops, _, _, origin, via) in sorted(best[node].items()):
            if hops == 0:
                continue  # a state does not back itself; a home country is an attribute
            out.setdefault(node, {})[state] = Backing(
                state, G.nodes[state]["label"], via, origin, _chain(G, B, best, node, state))
    return out


def node_states(G: nx.MultiDiGraph, *, max_hops: int = MAX_HOPS) -> dict[str, list[str]]:
    """Every node → the states backing it (a state counts as its own), without chains."""
    best = _propagate(G, backing_graph(G), max_hops)
    out = {}
    for node, d in G.nodes(data=True):
        states = {s for s, e in best.get(node, {}).items() if e[1] > 0}
        if d.get("kind") == "state":
            states.add(node)
        out[node] = sorted(states)
    return out


def backing_blocs(G: nx.MultiDiGraph, *, max_hops: int = MAX_HOPS,
                  chains: int = 4) -> list[ProjectBloc]:
    """For each project (see :func:`~.chains.projects`), the states backing it or its parts.

    Each state comes with up to ``chains`` chains, each entering the project through a
    different neighbour (the United States directly, through EXIM, through DFC, through the
    joint venture…), best first: state chains before home-country ones, then the fewest hops,
    then the shortest distance. Chains are built only for what is shown.
    """
    B = backing_graph(G)
    best = _propagate(G, B, max_hops)
    out = []
    for top, members in projects(G).items():
        bloc = ProjectBloc(top, G.nodes[top]["label"], G.nodes[top].get("country"), members)
        # state → entry neighbour → (order key, member it enters); chains built afterwards
        options: dict[str, dict[str, tuple[tuple, str]]] = {}
        for m in members:
            for p in sorted(B.predecessors(m)):
                if p in members:
                    continue
                arc = B[p][m]["distance"]
                for state, (rank_, hops, dist, _, origin, _) in _standing_behind(G, best, p):
                    if hops + 1 > max_hops:
                        continue
                    key = (rank_, hops + 1, round(dist + arc, 9), origin, m)
                    old = options.setdefault(state, {}).get(p)
                    if old is None or key < old[0]:
                        options[state][p] = (key, m)
        for state in sorted(options):
            ranked = sorted(options[state].items(), key=lambda item: (item[1][0], item[0]))
            for p, ((rank_, _, _, origin, _), m) in ranked[:chains]:
                head = () if p == state and rank_ == 0 else _chain(G, B, best, p, state)
                bloc.backers.append(Backing(state, G.nodes[state]["label"],
                                            VIA_STATE if rank_ == 0 else VIA_HOME, origin,
                                            (*head, hop(G, B, p, m))))
        out.append(bloc)
    return out


def _standing_behind(G: nx.MultiDiGraph, best: dict[str, dict[str, Entry]], node: str
                     ) -> list[tuple[str, Entry]]:
    """(state, entry) for every state behind ``node``, the node's own identity included: a
    state stands behind itself (in its own right, not via others); an actor of a home-country
    kind brings its home country."""
    if G.nodes[node].get("kind") == "state":
        return [(node, (0, 0, 0.0, None, node, VIA_STATE))]
    return sorted(best.get(node, {}).items())


def node_blocs(G: nx.MultiDiGraph, *, max_hops: int = MAX_HOPS) -> dict[str, str]:
    """Every node's bloc label (for exports): the states backing it; a state is its own."""
    labels = {n: d.get("label", n) for n, d in G.nodes(data=True)}
    return {node: " + ".join(sorted(labels[s] for s in states))
            for node, states in node_states(G, max_hops=max_hops).items()}


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
