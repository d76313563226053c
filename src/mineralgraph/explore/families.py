"""Relation families: how the explorer draws a relation. Some thirty relation kinds are too
many colours to tell apart, so each kind belongs to one of six families, and each family has
a colour *and* a line style (dash pattern, width, arrow head), so the drawing still reads in
greyscale and for colour-blind readers.

Colours are from the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008), chosen
to stay distinct under the common colour-vision deficiencies; the neutral family is a dark
grey (a mid grey comes too close to the bluish green for a deuteranope).

>>> relation_family("owns").label
'owns / controls'
>>> family_of("member-of")
'membership'
"""

from __future__ import annotations

from dataclasses import dataclass

from ..kinds import RELATION_KINDS


@dataclass(frozen=True)
class Family:
    """How a relation family is drawn: vis-network's ``dashes`` (False: solid; else a dash
    pattern in pixels), line width in pixels and the arrow head's type."""

    label: str
    colour: str
    dashes: tuple[int, ...] | None
    width: float
    arrow: str


#: The families, in the order the legend lists them.
FAMILIES: dict[str, Family] = {
    "control": Family("owns / controls", "#D55E00", None, 3.5, "arrow"),  # vermillion
    "finance": Family("finance", "#009E73", (12, 5), 2.5, "arrow"),  # bluish green
    "offtake": Family("offtake (buys output)", "#E69F00", (2, 5), 3.0, "vee"),  # orange
    "politics": Family("politics: state roles, policy, agreements", "#0072B2",  # blue
                       (10, 4, 2, 4), 2.0, "bar"),
    "membership": Family("membership (forums, events)", "#CC79A7", None, 1.5,  # purple
                         "circle"),
    "other": Family("other (sites, places, listings, people)", "#555555", (1, 4), 1.2,
                    "arrow"),  # neutral dark grey
}

#: Every relation kind of :mod:`mineralgraph.kinds` and its family.
RELATION_FAMILY: dict[str, str] = {
    # who owns, controls or runs an organisation or a site
    "owns": "control", "controls": "control", "acquires": "control",
    "holds-licence": "control", "partner-in": "control", "develops": "control",
    "operates": "control", "bids-for": "control",
    # money
    "finances": "finance", "invests-in": "finance", "sponsors": "finance",
    # product flow
    "offtake": "offtake",
    # states and governments acting: support, rules, roles, agreements
    "backs": "politics", "issues": "politics", "regulates": "politics",
    "applies-to": "politics", "targets": "politics", "lists": "politics",
    "holds-role": "politics", "signs": "politics", "party-to": "politics",
    "launches": "politics",
    # forums and their gatherings
    "member-of": "membership", "participates-in": "membership", "hosts": "membership",
    # structure, places and services
    "advises": "other", "contractor-for": "other", "part-of": "other",
    "located-in": "other", "listed-on": "other", "near": "other", "produces": "other",
    "contains": "other",
}

FALLBACK_FAMILY = "other"
#: A prospective relation (announced, planned…) keeps its family's pattern with gaps this
#: many times wider (a solid line gets TENTATIVE_SOLID) and is drawn faded.
TENTATIVE_GAP = 2
TENTATIVE_SOLID = (6, 8)
TENTATIVE_OPACITY = 0.5


def family_of(kind: str | None) -> str:
    """The family key of a relation kind (``other`` for a kind this version does not know)."""
    return RELATION_FAMILY.get(kind or "", FALLBACK_FAMILY)


def relation_family(kind: str | None) -> Family:
    return FAMILIES[family_of(kind)]


def line_dashes(kind: str | None, *, tentative: bool) -> list[int] | bool:
    """vis-network's ``dashes`` value of a relation: its family's pattern, widened when the
    relation is only prospective."""
    pattern = relation_family(kind).dashes
    if not tentative:
        return list(pattern) if pattern else False
    if not pattern:
        return list(TENTATIVE_SOLID)
    return [n * TENTATIVE_GAP if i % 2 else n for i, n in enumerate(pattern)]


def check_families() -> list[str]:
    """Problems with the tables: a relation kind without a family, a family without a style,
    two families drawn alike (same pattern, width and arrow)."""
    problems = []
    missing = set(RELATION_KINDS) - set(RELATION_FAMILY)
    extra = set(RELATION_FAMILY) - set(RELATION_KINDS)
    if missing or extra:
        problems.append(f"RELATION_FAMILY: missing {sorted(missing)}, unknown {sorted(extra)}")
    unknown = set(RELATION_FAMILY.values()) - set(FAMILIES)
    if unknown:
        problems.append(f"RELATION_FAMILY names families without a style: {sorted(unknown)}")
    looks = [(f.dashes, f.width, f.arrow) for f in FAMILIES.values()]
    if len(set(looks)) != len(looks):
        problems.append("two relation families share a line style")
    return problems
