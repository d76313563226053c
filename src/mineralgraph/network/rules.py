"""The declared projection of relation kinds into the influence graph — one table.

Every relation kind of :data:`mineralgraph.kinds.RELATION_KINDS` has exactly one
:class:`EdgeRule` here; nothing else in the network package decides which statements become
edges, which way they point or how much they weigh.

How to read a rule
------------------
``edge``
    ``"yes"``: an edge of the default projection. ``"opt-in"``: an edge only when the caller
    names the kind in ``kinds=`` (commodity links: a commodity joined to every site that holds
    it is a hub that makes all tungsten sites one hop apart, which is no influence at all, so
    commodities stay node attributes unless asked for). ``"no"``: never an edge; the relation
    is kept as a node attribute (``located_in``, ``listed_on``) where useful.
``direction``
    Orientation of the graph edge: ``"forward"`` subject → object as stated (owner → owned,
    financier → financed), ``"reverse"`` object → subject (``part-of``: the whole → its part,
    so a government reaches its agency and a project its deposits; ``offtake``: the statement
    says buyer → seller, the edge follows the product, seller → buyer; ``member-of``: forum →
    member).
``mutual``
    Influence runs both ways (offtake buyer ↔ seller, forum ↔ member, the parties of an
    agreement, the participants of an event). Path search and centrality then walk the edge
    in both directions; the projection keeps one edge per statement.
``strength``
    How much influence the edge carries, in (0, 1], used as the weight of centrality measures.
    ``share`` rules take ``share_pct / 100`` when the statement states a share.
    The *distance* used by paths is ``1 / strength``: a 100 % owner is one step away, a 20 %
    shareholder five. Tentative statuses (letters of interest, announcements, plans, see
    :data:`mineralgraph.kinds.TENTATIVE_STATUSES`) halve the strength (double the distance):
    they count, but a committed chain is always preferred; a bare ``reported`` (stage not
    stated) keeps 80 % (:data:`STATUS_FACTORS`).
``backing``
    The edge carries state backing along it: ownership, control, finance, development and
    operation, partnership, direct support. Blocs (:mod:`.blocs`) follow only these edges, so
    a state's membership of a forum, or a listing, never makes it the backer of a project.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..kinds import RELATION_KINDS, TENTATIVE_STATUSES

EdgeMode = Literal["yes", "opt-in", "no"]

#: Strength factor of a tentative status (announced, planned, letter of interest…). Plain
#: ``reported`` says only that a source reports the relation without naming its stage — the
#: normal case for structural facts such as ``part-of`` or ``controls`` — so it weighs less
#: than a committed relation but more than a plan or a letter of interest.
TENTATIVE_FACTOR = 0.5
STATUS_FACTORS: dict[str, float] = {
    **{status: TENTATIVE_FACTOR for status in TENTATIVE_STATUSES}, "reported": 0.8}
#: Strength of an ``owns`` or ``partner-in`` whose share is not stated.
UNKNOWN_SHARE = 0.5
#: Statuses that say a relation no longer holds (or never did). Without an end date the
#: projection cannot place them in time, so they are left out; with one, the dates decide.
ENDED_STATUSES = frozenset({"not-completed", "terminated", "lost", "historical"})
#: Tentative stages that are news when reported: without dates of their own they hold from
#: their earliest source's date. Plain ``reported`` is not among them: it is the usual status
#: of long-standing structural facts (an agency is part of its government).
NEWS_STATUSES = TENTATIVE_STATUSES - {"reported"}
#: Statuses saying a deal failed or stopped; they supersede tentative statements of the same
#: subject, kind and object (see :func:`mineralgraph.network.projection.project`).
FAILED_STATUSES = frozenset({"not-completed", "terminated", "lost"})


@dataclass(frozen=True)
class EdgeRule:
    """How one relation kind enters the influence graph (see the module docstring)."""

    edge: EdgeMode
    direction: Literal["forward", "reverse"] = "forward"
    mutual: bool = False
    strength: float = 0.5
    share: bool = False
    backing: bool = False
    why: str = ""


R = EdgeRule
PROJECTION: dict[str, EdgeRule] = {
    "owns": R("yes", strength=UNKNOWN_SHARE, share=True, backing=True,
              why="owner → owned; strength = share"),
    "controls": R("yes", strength=0.9, backing=True, why="controller → controlled"),
    "backs": R("yes", strength=0.4, backing=True, why="backer → backed (political support)"),
    "partner-in": R("yes", strength=UNKNOWN_SHARE, share=True, backing=True,
                    why="partner → joint venture / project; strength = share"),
    "develops": R("yes", strength=0.7, backing=True, why="developer → site"),
    "operates": R("yes", strength=0.8, backing=True, why="operator → site"),
    "finances": R("yes", strength=0.6, backing=True, why="financier → financed"),
    "offtake": R("yes", direction="reverse", mutual=True, strength=0.5,
                 why="product flows seller → buyer; buyer and seller influence each other"),
    "member-of": R("yes", direction="reverse", mutual=True, strength=0.2,
                   why="forum ↔ member; weak, forums join many members"),
    "holds-role": R("yes", strength=0.6, why="person → organisation they lead"),
    "located-in": R("no", why="a place is an attribute (located_in), not an influence"),
    "listed-on": R("no", why="an exchange lists hundreds of issuers: attribute listed_on"),
    "advises": R("yes", strength=0.3, why="adviser → advised"),
    "signs": R("yes", mutual=True, strength=0.4, why="signatory ↔ agreement"),
    "party-to": R("yes", mutual=True, strength=0.4, why="party ↔ agreement"),
    "issues": R("yes", strength=0.5, why="issuer → policy instrument"),
    "lists": R("opt-in", strength=0.3, why="instrument → commodity (commodity node)"),
    "regulates": R("yes", strength=0.4, why="regulator → regulated"),
    "applies-to": R("yes", strength=0.4, why="instrument → actor or site it applies to"),
    "targets": R("yes", strength=0.3, why="restriction → target"),
    "invests-in": R("yes", strength=0.5, backing=True, why="investor → investee"),
    "produces": R("opt-in", strength=0.5, why="site → commodity (commodity node)"),
    "contains": R("opt-in", strength=0.3, why="site → commodity (commodity node)"),
    "part-of": R("yes", direction="reverse", strength=0.8, backing=True,
                 why="whole → part: government → agency, project → deposit"),
    "participates-in": R("yes", mutual=True, strength=0.2, why="participant ↔ event"),
    "hosts": R("yes", strength=0.3, why="host → event"),
    "launches": R("yes", strength=0.5, why="founder → what it launched"),
    "acquires": R("yes", strength=0.9, backing=True, why="acquirer → acquired"),
    "holds-licence": R("yes", strength=0.8, backing=True, why="licence holder → site"),
    "contractor-for": R("yes", strength=0.3, why="contractor → site or client"),
    "sponsors": R("yes", strength=0.3, why="listing sponsor → issuer"),
    "bids-for": R("yes", strength=0.2, why="bidder → site or company"),
    "near": R("no", why="proximity (a route, a border crossing) is geography, not influence"),
}
del R

#: Relation kinds kept as node attributes (attribute name → relation kind).
NODE_ATTRIBUTES = {"located_in": "located-in", "listed_on": "listed-on",
                   "produces": "produces", "contains": "contains"}


def default_kinds() -> frozenset[str]:
    """Relation kinds that become edges when the caller does not choose."""
    return frozenset(k for k, r in PROJECTION.items() if r.edge == "yes")


def edge_kinds() -> frozenset[str]:
    """Relation kinds that may become edges (default ones and opt-in ones)."""
    return frozenset(k for k, r in PROJECTION.items() if r.edge != "no")


def edge_strength(kind: str, status: str, share_pct: float | None) -> float:
    """Influence carried by one statement, in (0, 1]."""
    rule = PROJECTION[kind]
    value = rule.strength
    if rule.share and share_pct is not None:
        value = max(share_pct, 1.0) / 100.0  # a 0 % stake still links, as weakly as 1 %
    return value * STATUS_FACTORS.get(status, 1.0)


def check_table() -> None:
    """Raise if the table and ``kinds.RELATION_KINDS`` disagree (run by the tests)."""
    missing = set(RELATION_KINDS) - set(PROJECTION)
    extra = set(PROJECTION) - set(RELATION_KINDS)
    if missing or extra:
        raise AssertionError(f"projection table out of date: missing {sorted(missing)}, "
                             f"unknown {sorted(extra)}")
    bad = [k for k, r in PROJECTION.items() if not 0 < r.strength <= 1]
    if bad:
        raise AssertionError(f"strength outside (0, 1]: {bad}")
