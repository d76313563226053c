"""The focus of a brief and the part of the graph it covers.

A focus names one entity (by slug, label or alias) and, optionally, a commodity:

* an **entity** (company, project, agency, person…) covers its neighbourhood: everything within
  two relations of it;
* a **country or region** covers the sites located in it (directly, through its regions, or as
  part of a project there) and the actors based in it, plus those sites' owners, developers,
  financiers, offtakers and backers (two relations out);
* a **commodity** covers the sites that hold or produce it (or a narrower commodity, e.g. APT
  under tungsten), the instruments that list it, and the same circle of actors around the
  sites;
* a **financier** (an entity that finances or invests in something) covers its portfolio —
  what it finances or invests in — and, around each of those, the same circle of owners,
  developers, co-financiers, offtakers and backers, besides its own neighbourhood;
* a **country or region with a commodity** (``--focus kazakhstan --commodity tungsten``) covers
  the sites of that place that hold or produce the commodity, and their circle.

Hubs — states, regions, commodities, exchanges, forums, events — are included where a relation
reaches them but are never walked through: otherwise every site in Kazakhstan would be two
hops from every other, and the brief would cover the whole graph.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import NotFoundError
from ..resolve import EntityIndex, EntityRef
from ..store import Store
from .data import GraphData, Statement

PLACE_KINDS = frozenset({"state", "region"})
HUB_KINDS = frozenset({"state", "region", "commodity", "stock-exchange", "forum",
                       "intergovernmental-organisation", "event"})
#: Relations that carry influence over a site or company: who owns, runs, funds, buys from,
#: backs, licenses, advises or regulates it. Country and commodity briefs follow only these
#: out from their sites (membership of a forum or a listing does not bring an actor in).
CIRCLE_KINDS = frozenset({
    "owns", "controls", "backs", "partner-in", "develops", "operates", "finances", "offtake",
    "invests-in", "acquires", "holds-licence", "contractor-for", "advises", "holds-role",
    "part-of", "signs", "party-to", "applies-to", "regulates", "targets", "bids-for",
    "sponsors", "issues",
})
#: Actors with a portfolio across the world (export-credit agencies, development banks,
#: ministries): a country or commodity brief includes them where they reach its sites, but
#: does not walk on through them — else one EXIM letter in Kazakhstan brings in every project
#: EXIM has a letter for. An entity brief about one of them still walks from it (a seed).
PORTFOLIO_ACTOR_KINDS = frozenset({"financial-institution", "government-agency"})
COMMODITY_LINKS = frozenset({"contains", "produces"})
#: Relations that put a target in a financier's portfolio.
PORTFOLIO_KINDS = frozenset({"finances", "invests-in"})
ENTITY_RADIUS = 2
CIRCLE_RADIUS = 2


@dataclass(frozen=True)
class Focus:
    """What a brief is about: one entity and, for a place, optionally a commodity."""

    entity: EntityRef
    commodity: EntityRef | None = None

    @property
    def mode(self) -> str:
        if self.commodity is not None:
            return "place-commodity"
        if self.entity.kind in PLACE_KINDS:
            return "place"
        if self.entity.kind == "commodity":
            return "commodity"
        return "entity"

    @property
    def title(self) -> str:
        if self.commodity is not None:
            return f"{self.commodity.label} in {self.entity.label}"
        return self.entity.label

    @property
    def slug(self) -> str:
        return self.entity.slug + (f"-{self.commodity.slug}" if self.commodity else "")


def resolve_focus(store: Store, focus: str, *, commodity: str | None = None,
                  index: EntityIndex | None = None) -> Focus:
    """Resolve the names of a focus; an unknown name raises with the closest matches."""
    if not focus or not focus.strip():
        raise NotFoundError("--focus needs the name of an entity, country or commodity")
    index = index or EntityIndex.of(store)
    ref = index.resolve(focus.strip())
    com = None
    if commodity:
        com = index.resolve(commodity.strip(), kinds={"commodity"})
        if ref.kind not in PLACE_KINDS:
            raise NotFoundError(
                f"--commodity narrows a country or region focus, but {ref.label!r} is a "
                f"{ref.kind}: use --focus {com.slug} for a commodity brief")
    return Focus(ref, com)


@dataclass
class Scope:
    """The entities a brief covers and the statements between them."""

    focus: Focus
    members: set[str]
    core: set[str]
    leaves: set[str]
    commodities: set[str]
    places: set[str] = field(default_factory=set)
    statements: list[Statement] = field(default_factory=list)
    #: What the focus finances or invests in (a financier's portfolio), else empty.
    portfolio: set[str] = field(default_factory=set)

    def inner(self, slug: str) -> bool:
        """In scope and not a hub reached only at the edge."""
        return slug in self.members and (slug not in self.leaves or slug in self.core)


def compute_scope(data: GraphData, focus: Focus) -> Scope:
    """The entities and statements a brief about ``focus`` covers."""
    adj = _adjacency(data.statements)
    root = focus.entity.slug
    mode = focus.mode
    portfolio: set[str] = set()
    if mode == "entity":
        portfolio = {s.object for s in data.statements
                     if s.subject == root and s.kind in PORTFOLIO_KINDS}
        core = {root} | portfolio
        members = _walk(data, adj, {root}, radius=ENTITY_RADIUS, kinds=None)
        if portfolio:  # each financed project or company with its own circle
            members |= _walk(data, adj, portfolio, radius=1, kinds=CIRCLE_KINDS)
    else:
        core = _core(data, focus)
        if mode == "place-commodity" and not (core - {root, focus.commodity.slug}):
            raise NotFoundError(
                f"no site in {focus.entity.label} holds or produces "
                f"{focus.commodity.label} in the data (as of {data.as_of_label})")
        members = _walk(data, adj, core, radius=CIRCLE_RADIUS, kinds=CIRCLE_KINDS)
    leaves = {m for m in members if data.kind(m) in HUB_KINDS and m not in core}
    commodities = _commodities(data, focus, members)
    members |= {c for c in commodities if c in data.entities and _linked(c, members, adj)}
    parents = _site_parents(data)
    places = _ancestors(data, root, parents) | ({root} if focus.entity.kind in PLACE_KINDS
                                                else set())
    for m in members - leaves:
        if data.entities.get(m) is not None and data.entities[m].category == "site":
            places |= _ancestors(data, m, parents)
    statements = [s for s in data.statements
                  if s.subject in members and s.object in members
                  and not (s.subject in leaves and s.object in leaves)]
    return Scope(focus, members, core, leaves, commodities, places, statements, portfolio)


def _adjacency(statements: Iterable[Statement]) -> dict[str, list[tuple[str, str]]]:
    adj: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s in statements:
        adj[s.subject].append((s.object, s.kind))
        adj[s.object].append((s.subject, s.kind))
    return adj


def _walk(data: GraphData, adj: dict[str, list[tuple[str, str]]], seeds: set[str], *,
          radius: int, kinds: frozenset[str] | None) -> set[str]:
    """Breadth-first out to ``radius`` relations, never walking through a hub (seeds are
    always walked), nor, in a circle walk (``kinds`` given), through a portfolio actor."""
    seen = set(seeds)
    queue = deque((s, 0) for s in sorted(seeds))
    while queue:
        node, depth = queue.popleft()
        if depth >= radius or (node not in seeds and data.kind(node) in HUB_KINDS):
            continue
        if kinds is not None and node not in seeds and data.kind(node) in PORTFOLIO_ACTOR_KINDS:
            continue  # circle walks stop at a financier's or agency's portfolio
        for other, kind in adj.get(node, ()):
            if kinds is not None and kind not in kinds:
                continue
            if kind in COMMODITY_LINKS and data.kind(other) == "commodity":
                continue  # commodities are added by _commodities, never walked
            if other not in seen:
                seen.add(other)
                queue.append((other, depth + 1))
    return seen


def _site_parents(data: GraphData) -> dict[str, set[str]]:
    """Site → the sites or projects it is part of."""
    parents: dict[str, set[str]] = defaultdict(set)
    for s in data.statements:
        if s.kind == "part-of":
            parents[s.subject].add(s.object)
    return parents


def _ancestors(data: GraphData, slug: str, parents: dict[str, set[str]]) -> set[str]:
    """Places (states, regions) that contain ``slug``: its country, its located-in chain,
    and those of the site or project it is part of."""
    out: set[str] = set()
    todo = [slug]
    while todo:
        cur = todo.pop()
        ent = data.entities.get(cur)
        if ent is None:
            continue
        nxt = set(ent.places) | ({ent.country} if ent.country else set())
        if ent.category == "site":
            nxt |= parents.get(cur, set())
        for p in nxt - out:
            out.add(p)
            todo.append(p)
    return {p for p in out if data.kind(p) in PLACE_KINDS}


def narrower(data: GraphData, commodity: str) -> set[str]:
    """The commodity and every commodity under it (``broader`` chain)."""
    out = {commodity}
    changed = True
    while changed:
        changed = False
        for ent in data.entities.values():
            if ent.kind == "commodity" and ent.broader in out and ent.id not in out:
                out.add(ent.id)
                changed = True
    return out


def _commodity_sites(data: GraphData, commodities: set[str]) -> set[str]:
    """Sites (and site-like statements) tied to these commodities: they hold or produce one,
    an offtake names one, or a figure about one is recorded for them."""
    out = set()
    for s in data.statements:
        if s.kind in COMMODITY_LINKS and s.object in commodities:
            out.add(s.subject)
        elif s.q("commodity") in commodities:
            out.add(s.object if data.entities.get(s.object, None) and
                    data.entities[s.object].category == "site" else s.subject)
    for o in data.observations:
        if o.commodity in commodities:
            out.add(o.entity)
    return {x for x in out if x in data.entities and data.entities[x].category == "site"}


def _core(data: GraphData, focus: Focus) -> set[str]:
    root = focus.entity.slug
    if focus.mode == "commodity":
        coms = narrower(data, root)
        sites = _commodity_sites(data, coms)
        # states, regions and companies said to hold or produce it (leaves unless actors)
        holders = {s.subject for s in data.statements
                   if s.kind in COMMODITY_LINKS and s.object in coms}
        listing = {s.subject for s in data.statements
                   if s.kind in ("lists", "regulates") and s.object in coms}
        return {root} | sites | holders | listing
    parents = _site_parents(data)
    in_place = {slug for slug, ent in data.entities.items()
                if slug != root and root in _ancestors(data, slug, parents)
                and ent.category in ("site", "actor")}
    if focus.mode == "place-commodity":
        com = focus.commodity.slug
        sites = in_place & _commodity_sites(data, narrower(data, com))
        return {root, com} | sites
    return {root} | in_place


def _commodities(data: GraphData, focus: Focus, members: set[str]) -> set[str]:
    """Commodities the brief is about: the focus commodity and those under it, else those
    the covered sites hold or produce."""
    if focus.commodity is not None:
        return narrower(data, focus.commodity.slug)
    if focus.mode == "commodity":
        return narrower(data, focus.entity.slug)
    found = {s.object for s in data.statements
             if s.kind in COMMODITY_LINKS and s.subject in members
             and data.entities.get(s.subject) is not None
             and data.entities[s.subject].category == "site"}
    return found


def _linked(commodity: str, members: set[str], adj: dict[str, list[tuple[str, str]]]) -> bool:
    return any(other in members for other, _ in adj.get(commodity, ()))
