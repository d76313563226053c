"""How the explorer draws each kind: node colour and shape per entity kind (one table, checked
against :mod:`mineralgraph.kinds`); relations are drawn by family (:mod:`.families`).

Colours are grouped by meaning so that a reader can guess before reading the legend: states
red, agencies orange, companies blue, finance green, sites brown/gold, instruments pink.
Shapes are the vis-network ones that draw the label *below* the symbol (never inside it), so a
label's size does not change the symbol's.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kinds import ENTITY_KINDS, RELATION_KINDS, PROSPECTIVE_STATUSES, RELATION_STATUSES
from .families import check_families, relation_family


@dataclass(frozen=True)
class NodeStyle:
    colour: str
    shape: str


NODE_STYLES: dict[str, NodeStyle] = {
    "state": NodeStyle("#c62828", "star"),
    "government-agency": NodeStyle("#ef6c00", "triangle"),
    "company": NodeStyle("#1565c0", "dot"),
    "state-owned-enterprise": NodeStyle("#6a1b9a", "dot"),
    "joint-venture": NodeStyle("#00838f", "hexagon"),
    "financial-institution": NodeStyle("#2e7d32", "square"),
    "person": NodeStyle("#546e7a", "triangleDown"),
    "forum": NodeStyle("#9e9d24", "hexagon"),
    "intergovernmental-organisation": NodeStyle("#7e57c2", "hexagon"),
    "stock-exchange": NodeStyle("#6d4c41", "square"),
    "organisation": NodeStyle("#64b5f6", "dot"),
    "region": NodeStyle("#9e9e9e", "dot"),
    "deposit": NodeStyle("#c49000", "diamond"),
    "mine": NodeStyle("#8d6e63", "diamond"),
    "project": NodeStyle("#f9a825", "diamond"),
    "ore-field": NodeStyle("#bcaaa4", "diamond"),
    "facility": NodeStyle("#a1887f", "square"),
    "commodity": NodeStyle("#37474f", "triangle"),
    "policy-instrument": NodeStyle("#d81b60", "triangleDown"),
    "agreement": NodeStyle("#f48fb1", "square"),
    "event": NodeStyle("#66bb6a", "star"),
}

FALLBACK_NODE = NodeStyle("#9e9e9e", "dot")


def node_style(kind: str | None) -> NodeStyle:
    """The style of an entity kind (a grey dot for a kind this version does not know)."""
    return NODE_STYLES.get(kind or "", FALLBACK_NODE)


def relation_colour(kind: str | None) -> str:
    """The colour of a relation kind: its family's (see :mod:`.families`)."""
    return relation_family(kind).colour


def kind_label(kind: str | None) -> str:
    ek = ENTITY_KINDS.get(kind or "")
    return ek.label if ek else (kind or "unknown kind")


def relation_label(kind: str | None) -> str:
    rk = RELATION_KINDS.get(kind or "")
    return rk.label if rk else (kind or "unknown relation")


def status_label(status: str | None) -> str:
    return RELATION_STATUSES.get(status or "", status or "not stated")


def is_tentative(status: str | None) -> bool:
    """Drawn dashed: a plan, an announcement, a letter of interest. A relation a source
    merely reports (no stage stated) is drawn solid, like the structural facts it mostly is."""
    return status in PROSPECTIVE_STATUSES


def check_tables() -> None:
    """Raise if a kind of :mod:`mineralgraph.kinds` has no style or a style no kind."""
    problems = check_families()
    missing, extra = set(ENTITY_KINDS) - set(NODE_STYLES), set(NODE_STYLES) - set(ENTITY_KINDS)
    if missing or extra:
        problems.append(f"NODE_STYLES: missing {sorted(missing)}, unknown {sorted(extra)}")
    pairs = [(s.colour, s.shape) for s in NODE_STYLES.values()]
    if len(set(pairs)) != len(pairs):
        problems.append("two entity kinds share a colour and shape")
    if problems:
        raise AssertionError("; ".join(problems))
