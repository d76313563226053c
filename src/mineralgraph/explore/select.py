"""Which part of the influence graph an explorer shows: an ego network around a focus, the
entities of some kinds or countries, and always the nodes of a highlighted path."""

from __future__ import annotations

from collections.abc import Collection, Iterable

import networkx as nx

from ..errors import MineralgraphError
from ..kinds import ENTITY_KINDS

#: Deepest ego network a user may ask for; beyond it the whole graph is usually reached.
MAX_DEPTH = 10


def check_entity_kinds(kinds: Iterable[str] | None) -> frozenset[str] | None:
    """Entity kinds to keep (``None``: all); an unknown kind raises with the known ones."""
    if kinds is None:
        return None
    chosen = frozenset(k.strip() for k in kinds if k and k.strip())
    unknown = sorted(chosen - set(ENTITY_KINDS))
    if unknown:
        raise MineralgraphError(
            f"unknown entity kind(s) {', '.join(unknown)}: use "
            + ", ".join(sorted(ENTITY_KINDS)))
    return chosen or None


def neighbourhood(G: nx.MultiDiGraph, start: Collection[str], depth: int) -> set[str]:
    """Nodes within ``depth`` hops of ``start``, edges walked both ways."""
    seen = set(start)
    frontier = set(start)
    for _ in range(depth):
        nxt = set()
        for node in frontier:
            nxt.update(G.successors(node))
            nxt.update(G.predecessors(node))
        frontier = nxt - seen
        if not frontier:
            break
        seen |= frontier
    return seen


def select_nodes(G: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 2,
                 kinds: Collection[str] | None = None,
                 countries: Collection[str] | None = None,
                 keep: Iterable[str] = ()) -> set[str]:
    """The nodes to show.

    Parameters
    ----------
    G
        The projected influence graph.
    focus, depth
        Keep the ego network of ``focus``: nodes at most ``depth`` hops away (either
        direction).
    kinds
        Keep entities of these kinds only.
    countries
        Keep entities of these countries (a state counts as its own country) and their
        direct neighbours — the foreign owners, financiers and buyers of a country's
        entities are what a reader of that country's map is looking for.
    keep
        Nodes kept whatever the filters say (the focus itself, the nodes of a highlighted
        path).

    Examples
    --------
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(select_nodes(G, focus="b", depth=1))
    ['a', 'b', 'c']
    """
    if depth < 0 or depth > MAX_DEPTH:
        raise MineralgraphError(f"--depth must be between 0 and {MAX_DEPTH}, got {depth}")
    nodes = set(G)
    if focus is not None:
        nodes = neighbourhood(G, [focus], depth)
    if countries:
        wanted = set(countries)
        home = {n for n in nodes if G.nodes[n].get("country") in wanted}
        nodes &= neighbourhood(G, home, 1)
    if kinds:
        nodes = {n for n in nodes if G.nodes[n].get("kind") in kinds}
    extra = [n for n in keep if n in G]
    if focus is not None:
        extra.append(focus)
    return nodes | set(extra)
