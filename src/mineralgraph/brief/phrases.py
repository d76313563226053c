"""A relation statement in words, from either end (``owns 30.1% of X`` / ``owned by Y``)."""

from __future__ import annotations

from .data import GraphData, Statement
from .fmt import money, number, relation_label, status_label

#: How a relation reads from its object's side.
PASSIVE = {
    "owns": "owned by", "controls": "controlled by", "backs": "backed by",
    "partner-in": "with partner", "develops": "developed by", "operates": "operated by",
    "finances": "financed by", "offtake": "sells output to", "member-of": "has member",
    "holds-role": "led by", "advises": "advised by", "signs": "signed by",
    "party-to": "with party", "issues": "issued by", "lists": "listed by",
    "regulates": "regulated by", "applies-to": "covered by", "targets": "targeted by",
    "invests-in": "invested in by", "produces": "produced by", "contains": "found at",
    "part-of": "includes", "participates-in": "attended by", "hosts": "hosted by",
    "launches": "launched by", "acquires": "acquired by", "holds-licence": "licensed to",
    "contractor-for": "with contractor", "sponsors": "sponsored by", "bids-for": "bid for by",
    "located-in": "location of", "listed-on": "lists", "near": "near",
}
#: Statuses too ordinary to mention inline (the tables show every status).
QUIET_STATUSES = frozenset({"reported", "active", "operational", "completed", "signed"})


def stage_words(status: str) -> str:
    """``letter of interest, not a commitment`` (a status label without brackets)."""
    return status_label(status).replace(" (", ", ").replace(")", "")


def qualifiers(s: Statement, *, with_status: bool = True) -> str:
    """Share, amount, instrument, role and (unless ordinary) status, comma-separated."""
    parts = []
    if s.q("amount") is not None:
        parts.append(money(s.q("amount"), s.q("currency"), s.q("amount_qualifier")))
    if s.q("instrument") and s.kind not in ("finances",):
        parts.append(s.q("instrument"))
    if s.q("role"):
        parts.append(s.q("role"))
    if s.q("volume") is not None:
        parts.append(f"{number(s.q('volume'))} {s.q('volume_unit') or ''}".strip())
    if s.q("duration_years") is not None:
        parts.append(f"{number(s.q('duration_years'))} years")
    if with_status and s.status not in QUIET_STATUSES:
        parts.append(stage_words(s.status))
    return ", ".join(parts)


def _share(s: Statement) -> str:
    share = s.q("share_pct")
    return f"{number(share)}% of " if share is not None and s.kind == "owns" else ""


def active(data: GraphData, s: Statement, *, with_status: bool = True) -> str:
    """The statement from its subject's side: ``owns 30.1% of Jiaxin International``."""
    verb = relation_label(s.kind)
    if s.kind == "finances" and s.q("instrument"):
        verb = f"finances ({s.q('instrument')})"
    text = f"{verb} {_share(s)}{data.label(s.object)}"
    extra = qualifiers(s, with_status=with_status)
    if s.kind == "finances" and s.q("instrument"):
        extra = ", ".join(p for p in extra.split(", ") if p and p != s.q("instrument"))
    return f"{text} ({extra})" if extra else text


def passive(data: GraphData, s: Statement, *, with_status: bool = True) -> str:
    """The statement from its object's side: ``owned by Hengzhao (31.3%)``."""
    text = f"{PASSIVE.get(s.kind, relation_label(s.kind) + ' by')} {data.label(s.subject)}"
    extra = qualifiers(s, with_status=with_status)
    share = s.q("share_pct")
    if share is not None:
        extra = ", ".join(p for p in (f"{number(share)}%", extra) if p)
    return f"{text} ({extra})" if extra else text


def from_side(data: GraphData, s: Statement, slug: str, **kw) -> str:
    """The statement as seen from ``slug`` (its subject or its object)."""
    return active(data, s, **kw) if s.subject == slug else passive(data, s, **kw)


def sentence(data: GraphData, s: Statement, **kw) -> str:
    """``Jiangxi Copper owns 30.1% of Jiaxin International``."""
    return f"{data.label(s.subject)} {active(data, s, **kw)}"
