"""The graph as FollowTheMoney entities (the model of OpenSanctions and Aleph), one JSON
object per line: ``{"id", "schema", "properties": {name: [values]}}``.

Entity ids are our record ids (global and stable). Actors, sites and their relations map by
the declared tables :data:`ENTITY_SCHEMATA` and :data:`RELATION_SCHEMATA`; a relation whose
FtM schema does not accept one of its ends (an Ownership's asset must be an Asset, a
Control's controlled party a legal entity) becomes an ``UnknownLink`` with the relation as
its role, so no fact is dropped for a type mismatch. Every entity carries ``sourceUrl`` and
``publisher`` of its sources and, in ``description``, the quotes that support it.

The file is plain JSON lines: writing it needs no FtM library (the ``followthemoney``
package, with ~15 dependencies of its own, is a test dependency that checks the output).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..kinds import ENTITY_KINDS, RELATION_KINDS
from .bods import iso_code
from .graph import Graph

#: Entity kind → FtM schema. Sites are assets (owned) except projects (carried out by
#: participants, which is how FtM links financiers, developers and operators to them).
ENTITY_SCHEMATA: dict[str, str] = {
    "state": "PublicBody", "government-agency": "PublicBody",
    "company": "Company", "state-owned-enterprise": "Company", "joint-venture": "Company",
    "financial-institution": "Company", "stock-exchange": "Company",
    "intergovernmental-organisation": "Organization", "forum": "Organization",
    "organisation": "Organization", "person": "Person",
    "project": "Project", "deposit": "Asset", "mine": "Asset", "ore-field": "Asset",
    "facility": "Asset",
}
#: Kinds that are public bodies when ``part-of`` a state (US EXIM, US DFC).
PUBLIC_WHEN_PART_OF_STATE = frozenset({"financial-institution", "organisation"})
#: FtM schemata and the schemata they extend, as far as the ranges below need them.
IS_A: dict[str, frozenset[str]] = {
    "Company": frozenset({"Company", "Organization", "LegalEntity", "Asset", "Thing"}),
    "PublicBody": frozenset({"PublicBody", "Organization", "LegalEntity", "Thing"}),
    "Organization": frozenset({"Organization", "LegalEntity", "Thing"}),
    "Person": frozenset({"Person", "LegalEntity", "Thing"}),
    "Asset": frozenset({"Asset", "Thing"}),
    "Project": frozenset({"Project", "Thing"}),
}


@dataclass(frozen=True)
class LinkRule:
    """A relation kind as an FtM interval: schema, the property of the subject and of the
    object, and the schema each end must be (else the relation is an UnknownLink)."""

    schema: str
    subject_prop: str
    object_prop: str
    subject_range: str = "LegalEntity"
    object_range: str = "LegalEntity"
    role: bool = False  # the statement's role title (or kind label) is the FtM role


_PARTICIPANT = LinkRule("ProjectParticipant", "participant", "project", object_range="Project",
                        role=True)
RELATION_SCHEMATA: dict[str, tuple[LinkRule, ...]] = {
    # tried in order: the first rule whose ranges fit both ends wins
    "owns": (LinkRule("Ownership", "owner", "asset", object_range="Asset"), _PARTICIPANT),
    "acquires": (LinkRule("Ownership", "owner", "asset", object_range="Asset"), _PARTICIPANT),
    "controls": (LinkRule("Control", "controller", "controlled"), _PARTICIPANT),
    "holds-role": (LinkRule("Directorship", "director", "organization",
                            object_range="Organization", role=True), _PARTICIPANT),
    "member-of": (LinkRule("Membership", "member", "organization",
                           object_range="Organization"),),
    # money lent to a legal entity is a debt it owes: debtor = object, creditor = subject
    "finances": (LinkRule("Debt", "creditor", "debtor"), _PARTICIPANT),
    **{kind: (_PARTICIPANT,) for kind in ("partner-in", "develops", "operates", "invests-in",
                                          "contractor-for", "holds-licence", "bids-for",
                                          "advises")},
}
#: Statuses under which money is lent (a Debt); a letter of interest or a plan is not a debt.
DEBT_STATUSES = frozenset({"signed", "approved", "committed", "disbursed", "active",
                           "completed", "historical", "terminated"})


def ftm_entities(g: Graph) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """FtM entities of ``g`` (entities first, then links) and what was left out, by reason."""
    left_out: dict[str, int] = {}
    schema_of: dict[str, str] = {}
    out = []
    for slug in sorted(g.entities):
        ent = g.entities[slug]
        schema = ENTITY_SCHEMATA.get(ent["kind"])
        if schema is None:
            reason = f"{ENTITY_KINDS[ent['kind']].category}: no FtM schema mapped"
            left_out[reason] = left_out.get(reason, 0) + 1
            continue
        states = [p for p in g.parents(slug) if g.entities[p]["kind"] == "state"]
        if ent["kind"] in PUBLIC_WHEN_PART_OF_STATE and states:
            schema = "PublicBody"
        schema_of[slug] = schema
        out.append(_thing(g, ent, schema))
    for st in g.statements:
        ends = (schema_of.get(st["subject"]), schema_of.get(st["object"]))
        if None in ends:
            reason = f"{st['kind']}: an end is not an FtM entity"
            left_out[reason] = left_out.get(reason, 0) + 1
            continue
        out.append(_link(g, st, *ends))
    return out, left_out


def _provenance(g: Graph, evidence: list[dict[str, Any]]) -> dict[str, list[str]]:
    sources = [g.sources[ev["source"]] for ev in evidence]
    props = {"sourceUrl": [s["url"] for s in sources if s["url"]],
             "publisher": [s["publisher"] for s in sources if s["publisher"]],
             "description": [f"“{ev['quote']}” — {g.sources[ev['source']]['label']}"
                             for ev in evidence]}
    return {k: list(dict.fromkeys(v)) for k, v in props.items() if v}


def _thing(g: Graph, ent: dict[str, Any], schema: str) -> dict[str, Any]:
    props: dict[str, list[str]] = {"name": [ent["label"]], **_provenance(g, ent["evidence"])}
    if ent["aliases"]:
        props["alias"] = list(ent["aliases"])
    if ent["description"]:
        props["summary"] = [ent["description"]]
    country = ent["id"] if ent["kind"] == "state" else ent["country"]
    code = iso_code(g.entities[country]["label"]) if country else None
    if code:
        props["country"] = [code.lower()]
    ids = ent["identifiers"]
    if ids.get("wikidata"):
        props["wikidataId"] = [ids["wikidata"]]
    if ids.get("lei") and schema != "Asset" and schema != "Project":
        props["leiCode"] = [ids["lei"]]
    if schema in ("PublicBody", "Company", "Organization"):
        props["legalForm"] = [ENTITY_KINDS[ent["kind"]].label]
    return {"id": ent["id"], "schema": schema, "properties": props}


def _link(g: Graph, st: dict[str, Any], subject: str, obj: str) -> dict[str, Any]:
    rule = next((r for r in RELATION_SCHEMATA.get(st["kind"], ())
                 if r.subject_range in IS_A[subject] and r.object_range in IS_A[obj]
                 and (r.schema != "Debt" or st["status"] in DEBT_STATUSES)), None)
    label = RELATION_KINDS[st["kind"]].label
    props: dict[str, list[str]] = {"recordId": [st["id"]], "status": [st["status"]],
                                   **_provenance(g, st["evidence"])}
    if rule is None:
        schema, props["subject"], props["object"] = "UnknownLink", [st["subject"]], [st["object"]]
        props["role"] = [st.get("role") or label]
    else:
        schema = rule.schema
        props[rule.subject_prop], props[rule.object_prop] = [st["subject"]], [st["object"]]
        if rule.role:
            props["role"] = [st.get("role") or label]
    if schema == "Ownership" and st.get("share_pct") is not None:
        props["percentage"] = [_number(st["share_pct"])]
    if schema == "Ownership" and st["kind"] == "acquires":
        props["ownershipType"] = ["acquisition"]
    if schema == "Debt":
        del props["status"]  # FtM's Debt has no status; a debt is stated, not planned
        if st.get("amount") is not None:
            props["amount"], props["currency"] = [_number(st["amount"])], [st["currency"]]
    for prop, key in (("startDate", "start"), ("endDate", "end")):
        if st.get(key):
            props[prop] = [st[key]]
    notes = [n for n in (st.get("note"), _terms(st)) if n]
    if notes:
        props["summary"] = notes
    return {"id": st["id"], "schema": schema, "properties": props}


def _terms(st: dict[str, Any]) -> str | None:
    """Money and instrument of a statement FtM has no field for, as text."""
    parts = []
    if st.get("amount") is not None:
        parts.append(f"{st.get('amount_qualifier') or ''} {_number(st['amount'])} "
                     f"{st.get('currency', '')}".strip())
    if st.get("instrument"):
        parts.append(str(st["instrument"]))
    return ", ".join(parts) or None


def _number(value: Any) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
