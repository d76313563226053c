"""The numbers behind the key findings, from the project's network analysis restricted to
the brief's scope (no text here).

Centrality is :func:`mineralgraph.network.centrality.rank` on the subgraph of the scope's
statements; blocs are :func:`mineralgraph.network.blocs.backing_blocs` of the whole graph,
kept for the projects the brief covers (a chain may start outside the scope: the state behind
a financier); offtake gaps come from :func:`mineralgraph.network.chains.offtake_chains`.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from ..kinds import PROSPECTIVE_STATUSES
from ..network.blocs import Backing, backing_blocs
from ..network.centrality import rank
from ..network.chains import GAP_OFFTAKER, offtake_chains
from .data import GraphData, Observation, Statement
from .scope import Scope

#: Measures that say how much of a market one holder has.
SHARE_MEASURES = ("production-share", "supply-share", "processing-share", "reserves-share")


def prospective(status: str) -> bool:
    return status in PROSPECTIVE_STATUSES


def scope_graph(data: GraphData, scope: Scope) -> nx.MultiDiGraph:
    """The projection restricted to the scope's statements (and its entities)."""
    keep = {s.id for s in scope.statements}
    H = nx.MultiDiGraph(**data.graph.graph)
    H.add_nodes_from((n, d) for n, d in data.graph.nodes(data=True) if n in scope.members)
    H.add_edges_from((u, v, k, d) for u, v, k, d in data.graph.edges(keys=True, data=True)
                     if k in keep)
    return H


@dataclass(frozen=True)
class Central:
    slug: str
    score: float
    statements: tuple[Statement, ...]  # the edges that carry the score, strongest first
    degree: int  # statements of the scope at this actor


#: Centrality used to rank actors: the mean of every measure the network module computes
#: (PageRank, betweenness, closeness, eigenvector, degree), each scaled to its maximum, so
#: that no single notion of "central" decides.
MEASURE = "all"


def central_actors(data: GraphData, scope: Scope) -> list[Central]:
    """Actors of the scope ranked on the scope's influence graph (the focus left out: a
    brief about Kazakhstan says who else matters there)."""
    H = scope_graph(data, scope)
    actors = [n for n, d in H.nodes(data=True) if d.get("category") == "actor"]
    if not actors or H.number_of_edges() == 0:
        return []
    by_id = {s.id: s for s in scope.statements}
    out = []
    for r in rank(H, measure=MEASURE, kind="actor", top=len(actors), why=3):
        if r.node == scope.focus.entity.slug:
            continue
        why = tuple(by_id[c.key] for c in r.why if c.key in by_id)
        degree = sum(1 for s in scope.statements if r.node in (s.subject, s.object))
        out.append(Central(r.node, r.score, why, degree))
    return out


@dataclass(frozen=True)
class BlocProject:
    """A project of the scope one state backs, with the chains that show it."""

    project: str
    chains: tuple[Backing, ...]

    @property
    def tentative(self) -> bool:
        """Every chain has a prospective step (letter of interest, announcement, plan…)."""
        return all(any(prospective(h.status) for h in b.chain) for b in self.chains)

    @property
    def home_only(self) -> bool:
        """Backed only through companies based in the state, not by the state itself."""
        return all(b.via != "state" for b in self.chains)


def blocs(data: GraphData, scope: Scope) -> dict[str, list[BlocProject]]:
    """State → the projects of the scope it backs (state chains before home-country ones)."""
    out: dict[str, list[BlocProject]] = {}
    for pb in backing_blocs(data.graph):
        if pb.project not in scope.members or not scope.inner(pb.project):
            continue
        by_state: dict[str, list[Backing]] = {}
        for b in pb.backers:
            by_state.setdefault(b.state, []).append(b)
        for state, chains in by_state.items():
            out.setdefault(state, []).append(BlocProject(pb.project, tuple(chains)))
    return {s: sorted(v, key=lambda p: p.project) for s, v in sorted(out.items())}


def offtake_unknown(data: GraphData, sites: list[str]) -> list[str]:
    """Those of ``sites`` (top-level projects) for which the graph names no offtaker."""
    wanted = set(sites)
    gaps = {c.project for c in offtake_chains(data.graph)
            if c.project in wanted and GAP_OFFTAKER in c.gaps}
    return [s for s in sites if s in gaps]


def share_figures(data: GraphData, scope: Scope) -> list[Observation]:
    """Recorded market shares (of production, supply, processing, reserves) of the scope's
    commodities, held by the scope's entities, its places or the world; largest first."""
    found = [o for o in data.observations if o.measure in SHARE_MEASURES
             and o.commodity in scope.commodities and (o.value is not None or o.max is not None)
             and (o.entity in scope.members or o.entity in scope.places or o.entity == "world")]
    return sorted(found, key=lambda o: (-(o.value if o.value is not None else o.max),
                                        o.date or "", o.id))


def finance_type(data: GraphData, s: Statement) -> str:
    """What money a statement records: financing of a project or company, an investment
    (equity, cornerstone), economy-wide investment (FDI into a state or region), or an
    acquisition. Only the first is financing; the others are never counted with it."""
    if s.kind == "finances":
        return "financing"
    if s.kind == "acquires":
        return "acquisition"
    if data.kind(s.object) in ("state", "region"):
        return "economy-wide investment (FDI)"
    return "investment"
