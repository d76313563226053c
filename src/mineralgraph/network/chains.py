"""Per project: financiers → owners / operators → project and its deposits → offtakers.

>>> from mineralgraph.store import open_store
>>> for chain in offtake_chains(project(open_store()), commodity="tungsten"):  # doctest: +SKIP
...     print(chain.label, [o.label for o in chain.offtakers] or chain.gaps)

A *project* is a site that is not part of another site (a mine, a project, a stand-alone
deposit or plant); the deposits that are part of it are folded into it. Every link is a
statement with its status, qualifiers and first source. When the data names no offtaker, the
chain says ``offtaker unknown`` — it never infers one from ownership or geography.
"""

from __future__ import annotations

import difflib
from collections.abc import Set
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ..errors import NotFoundError
from ..resolve import _norm

#: Relations that make an actor an owner, operator or developer of what they point at.
OWNERSHIP = frozenset({"owns", "controls", "operates", "develops", "partner-in",
                       "holds-licence", "acquires"})
#: Relations that put money in.
FINANCE = frozenset({"finances", "invests-in"})
#: Relations of support short of money or equity.
SUPPORT = frozenset({"backs", "applies-to"})
#: How far up an ownership chain to follow (owner of owner of …).
OWNER_DEPTH = 3
#: Links listed per role and level of a chain (the rest are counted in ``omitted``).
LINKS_PER_ROLE = 25
GAP_OFFTAKER = "offtaker unknown"
GAP_OWNER = "owner or operator unknown"
GAP_FINANCE = "financing unknown"


@dataclass(frozen=True)
class Link:
    """One statement of a chain: ``node`` –``relation``→ ``via`` (``via`` is in the chain)."""

    node: str
    label: str
    kind: str
    country: str | None
    relation: str
    via: str
    key: str
    status: str
    tentative: bool
    depth: int
    qualifiers: dict[str, Any]
    source: str | None
    source_label: str | None
    quote: str | None
    paraphrase: bool = False  # the quote is our paraphrase of the source, not its text


@dataclass
class ProjectChain:
    project: str
    label: str
    kind: str
    country: str | None
    stage: str | None
    commodities: list[str]
    members: list[str]
    owners: list[Link] = field(default_factory=list)
    financiers: list[Link] = field(default_factory=list)
    supporters: list[Link] = field(default_factory=list)
    offtakers: list[Link] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    omitted: dict[str, int] = field(default_factory=dict)  # role → links not listed


def projects(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Top-level sites → the sites that are part of them (themselves first)."""
    sites = {n for n, d in G.nodes(data=True) if d.get("category") == "site"}
    parts: dict[str, list[str]] = {s: [] for s in sites}
    has_parent = set()
    for u, v, d in G.edges(data=True):
        if d["kind"] == "part-of" and u in sites and v in sites:
            parts[u].append(v)
            has_parent.add(v)
    out = {}
    for top in sorted(sites - has_parent):
        members, todo = [top], list(parts[top])
        while todo:
            node = todo.pop(0)
            if node not in members:
                members.append(node)
                todo.extend(parts[node])
        out[top] = members
    return out


def offtake_chains(G: nx.MultiDiGraph, *, commodity: str | None = None,
                   country: str | None = None, limit: int = LINKS_PER_ROLE
                   ) -> list[ProjectChain]:
    """The chain of every project, optionally only those of a commodity (its narrower
    commodities included: ``tungsten`` covers APT and tungsten ore) or in a country (slug,
    name, alias or ISO 3166 code of a state).

    Each role (owners at each level, financiers, supporters, offtakers) lists at most
    ``limit`` links, strongest first; ``omitted`` counts the rest, so a conglomerate with
    thousands of holdings neither floods the answer nor makes it quadratic.
    """
    wanted = commodity_family(G, commodity) if commodity else None
    state = resolve_country(G, country) if country else None
    chains = []
    edges = _Edges(G)
    for top, members in projects(G).items():
        chain = _chain(G, edges, top, members, limit)
        if wanted is not None and not wanted & set(chain.commodities):
            continue
        if state is not None and not _in_country(G, members, state):
            continue
        chains.append(chain)
    return chains


class _Edges:
    """Each node's edges by role, strongest first, read once for all projects (a holding
    that owns thousands of sites is scanned once, not once per site)."""

    def __init__(self, G: nx.MultiDiGraph):
        self.by_role: dict[tuple[str, str], list[tuple[str, str, str, dict[str, Any]]]] = {}
        for u, v, key, e in G.edges(keys=True, data=True):
            if e["kind"] in OWNERSHIP or (e["kind"] == "part-of"
                                          and G.nodes[u].get("category") == "actor"):
                # part-of from an actor: a government above its agency, a group above its unit
                self._add("owner", v, (u, v, key, e))
            elif e["kind"] in FINANCE:
                self._add("finance", v, (u, v, key, e))
            elif e["kind"] in SUPPORT:
                self._add("support", v, (u, v, key, e))
            elif e["kind"] == "offtake":  # drawn seller → buyer: u sells, v buys
                self._add("offtake", u, (v, u, key, e))
        for items in self.by_role.values():
            items.sort(key=lambda t: (-t[3]["strength"], t[2]))

    def _add(self, role: str, node: str, item: tuple) -> None:
        self.by_role.setdefault((role, node), []).append(item)

    def get(self, role: str, node: str) -> list[tuple[str, str, str, dict[str, Any]]]:
        return self.by_role.get((role, node), [])


def _chain(G: nx.MultiDiGraph, edges: _Edges, top: str, members: list[str],
           limit: int) -> ProjectChain:
    d = G.nodes[top]
    chain = ProjectChain(top, d["label"], d["kind"], d.get("country"), d.get("stage"),
                         [], members)
    owned = set(members)
    frontier = list(members)
    for depth in range(1, OWNER_DEPTH + 1):
        kept = _strongest(chain, f"owners (level {depth})",
                          [edges.get("owner", v) for v in frontier], limit, skip=owned)
        chain.owners += [_link(G, u, v, key, e, depth) for u, v, key, e in kept]
        new = {u for u, *_ in kept} - owned
        owned |= new
        # a state is the top of a chain: what owns or invests in a state is not the project's
        frontier = sorted(n for n in new if G.nodes[n].get("kind") != "state")
    inside = sorted(set(members) | {o.node for o in chain.owners if o.kind != "state"})
    direct = sorted(set(members) | {o.node for o in chain.owners if o.depth == 1})
    for role, attr, nodes in (("finance", "financiers", inside),
                              ("support", "supporters", inside),
                              ("offtake", "offtakers", direct)):
        kept = _strongest(chain, attr, [edges.get(role, v) for v in nodes], limit)
        setattr(chain, attr, [_link(G, u, v, key, e, 0) for u, v, key, e in kept])
    commodities = {c for m in members for name in ("produces", "contains")
                   for c in G.nodes[m].get(name, [])}
    commodities |= {o.qualifiers["commodity"] for o in chain.offtakers
                    if o.qualifiers.get("commodity")}
    chain.commodities = sorted(commodities)
    for attr in ("owners", "financiers", "supporters", "offtakers"):
        setattr(chain, attr, _unique(getattr(chain, attr)))
    if not chain.offtakers:
        chain.gaps.append(GAP_OFFTAKER)
    if not chain.owners:
        chain.gaps.append(GAP_OWNER)
    if not chain.financiers:
        chain.gaps.append(GAP_FINANCE)
    return chain


def _strongest(chain: ProjectChain, what: str, lists: list[list], limit: int, *,
               skip: Set[str] = frozenset()) -> list:
    """At most ``limit`` links from lists sorted strongest first, skipping links from nodes
    in ``skip``; how many were left out is counted in ``chain.omitted``.

    Only the head of each list is read (a holding's thousands of links are not scanned for
    each of its sites), so the count of left-out links includes any that lead back into the
    chain beyond the part read.
    """
    heads = []
    skipped = 0
    for items in lists:
        taken = 0
        for item in items:
            if item[0] in skip:
                skipped += 1
                continue
            heads.append(item)
            taken += 1
            if taken == limit:
                break
    ranked = sorted(heads, key=lambda t: (-t[3]["strength"], t[2]))[:limit]
    left = sum(len(items) for items in lists) - skipped - len(ranked)
    if left > 0:
        chain.omitted[what] = left
    return ranked


def _unique(links: list[Link]) -> list[Link]:
    seen, out = set(), []
    for link in sorted(links, key=lambda x: (x.depth, x.node, x.key)):
        if link.key not in seen:
            seen.add(link.key)
            out.append(link)
    return out


def _link(G: nx.MultiDiGraph, node: str, via: str, key: str, e: dict[str, Any],
          depth: int) -> Link:
    ev = e["evidence"][0] if e["evidence"] else {}
    n = G.nodes[node]
    return Link(node, n["label"], n["kind"], n.get("country"), e["kind"], via, key,
                e["status"], e["tentative"], depth, e["qualifiers"], ev.get("source"),
                ev.get("source_label"), ev.get("quote"), bool(ev.get("paraphrase")))


def commodity_family(G: nx.MultiDiGraph, name: str) -> set[str]:
    """A commodity (slug or label) and every commodity narrower than it."""
    scheme: dict[str, dict[str, Any]] = G.graph.get("commodities", {})
    by_name = {_norm(slug): slug for slug in scheme}
    by_name.update({_norm(c["label"]): slug for slug, c in scheme.items()})
    root = by_name.get(_norm(name))
    if root is None:
        close = difflib.get_close_matches(_norm(name), list(by_name), n=5, cutoff=0.5)
        hint = f"; closest: {', '.join(sorted({by_name[c] for c in close}))}" if close else ""
        raise NotFoundError(f"no commodity is called {name!r}{hint}")
    family, changed = {root}, True
    while changed:
        grown = family | {s for s, c in scheme.items() if family & set(c["broader"])}
        changed, family = grown != family, grown
    return family


def resolve_country(G: nx.MultiDiGraph, name: str) -> str:
    """A state node by slug, label, alias or ISO 3166 code (``KZ``, ``kazakhstan``)."""
    states = {n: d for n, d in G.nodes(data=True) if d.get("kind") == "state"}
    names: dict[str, str] = {}
    for slug, d in states.items():
        for text in (slug, d["label"], *d.get("aliases", []),
                     d.get("identifiers", {}).get("iso3166", "")):
            if text:
                names[_norm(text)] = slug
    found = names.get(_norm(name))
    if found is None and 2 <= len(name.strip()) <= 3 and name.strip().isalpha():
        found = _iso_codes(states).get(name.strip().upper())
    if found is None:
        close = difflib.get_close_matches(_norm(name), list(names), n=5, cutoff=0.5)
        hint = f"; closest: {', '.join(sorted({names[c] for c in close}))}" if close else ""
        if not any(d.get("identifiers", {}).get("iso3166") for d in states.values()):
            hint += " (no state in the data carries an ISO 3166 code: use its name)"
        raise NotFoundError(f"no country (state) is called {name!r}{hint}")
    return found


def _iso_codes(states: dict[str, dict]) -> dict[str, str]:
    """ISO 3166 alpha-2/alpha-3 code → state slug, from the ISO database that ``pycountry``
    ships (exact name first, then its fuzzy search; a state it cannot place gets no code)."""
    try:
        import pycountry
    except ImportError:  # optional: names and slugs still work
        return {}
    codes: dict[str, str] = {}
    for slug, d in states.items():
        stated = d.get("identifiers", {}).get("iso3166")
        try:
            country = (pycountry.countries.get(alpha_2=stated) if stated else None) or \
                pycountry.countries.lookup(d["label"])
        except LookupError:
            try:
                country = pycountry.countries.search_fuzzy(d["label"])[0]
            except LookupError:
                continue
        codes.setdefault(country.alpha_2, slug)
        codes.setdefault(country.alpha_3, slug)
    return codes


def _in_country(G: nx.MultiDiGraph, members: list[str], state: str) -> bool:
    return any(G.nodes[m].get("country") == state or state in G.nodes[m].get("located_in", [])
               for m in members)
