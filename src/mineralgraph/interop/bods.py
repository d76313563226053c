"""The graph as Beneficial Ownership Data Standard 0.4 statements.

>>> from mineralgraph.store import open_store
>>> result = bods_statements(read_graph(open_store()))            # doctest: +SKIP
>>> result.left_out                                              # doctest: +SKIP
{'not ownership or control: finances': 6, …}

Actors become entity statements (persons: person statements); ``owns``, ``controls``,
``acquires`` and ``holds-role`` become relationship statements whose interests come from
BODS's closed ``interestType`` codelist (:data:`INTERESTS`, :data:`ROLE_INTERESTS`). What BODS
cannot hold travels in annotations: every evidence (source, quote, basis) and our record id,
kind, status, role title and the precision of each date (BODS dates are full dates; a
source's ``2025-11`` is written ``2025-11-01`` and the annotation says so). Everything else —
financing, offtake, membership, plans that are not (yet) held interests — is left out, and
the result counts what was left out and why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from ..kinds import ENTITY_KINDS, PROSPECTIVE_STATUSES
from .graph import Graph

BODS_VERSION = "0.4"
PUBLISHER = {"name": "mineralgraph"}
#: Namespace of our statement ids: uuid5(NAMESPACE, record id + content digest) is the same
#: in every build of the same data and changes when the statement's content changes.
NAMESPACE = uuid.UUID("6f1d7a52-3c1e-5b7a-9a0e-2f4b8c1d9e30")
#: Key of our structured data inside a BODS annotation (custom properties are allowed there).
ANNOTATION_KEY = "mineralgraph"

#: Entity kind → BODS ``entityType`` (type, subtype). Sites (deposits, mines, projects) are
#: assets, not legal persons; BODS 0.4 has no asset record, so they travel as arrangements
#: whose ``details`` says what they are. Forums are left out (:data:`LEFT_OUT_ENTITY_KINDS`).
ENTITY_TYPES: dict[str, tuple[str, str | None]] = {
    "state": ("state", None),
    "government-agency": ("stateBody", "stateAgency"),
    "company": ("registeredEntity", None),
    "state-owned-enterprise": ("registeredEntity", None),
    "joint-venture": ("registeredEntity", None),
    "financial-institution": ("registeredEntity", None),
    "stock-exchange": ("registeredEntity", None),
    "intergovernmental-organisation": ("legalEntity", None),
    "organisation": ("legalEntity", None),
    **{kind: ("arrangement", "other") for kind, ek in ENTITY_KINDS.items()
       if ek.category == "site"},
}
#: Kinds that become state bodies when they are ``part-of`` a state (US EXIM, US DFC).
STATE_BODY_WHEN_PART_OF_STATE = frozenset({"financial-institution", "organisation"})
#: A state body whose name says department or ministry is a ``governmentDepartment``.
GOVERNMENT_DEPARTMENT = re.compile(r"\b(department|ministry)\b", re.IGNORECASE)
LEFT_OUT_ENTITY_KINDS = {
    "forum": "a forum or partnership holds no ownership or control interest",
}


@dataclass(frozen=True)
class InterestRule:
    """How a relation kind becomes a BODS interest."""

    interest: str  # BODS interestType code
    share: bool  # the statement's share_pct is the interest's share
    details: str  # our wording, kept in the interest's ``details``


INTERESTS: dict[str, InterestRule] = {
    "owns": InterestRule("shareholding", True, "equity ownership"),
    "controls": InterestRule("otherInfluenceOrControl", False,
                             "control, oversight or majority backing"),
    "acquires": InterestRule("shareholding", True, "acquisition"),
    "holds-role": InterestRule("seniorManagingOfficial", False, "role"),  # by title, below
}
#: Role title → interests, first matching pattern first; a matched phrase is removed before
#: the next pattern is tried, so "deputy general director" is not also a board member.
ROLE_INTERESTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), code) for p, code in (
        (r"\bchair(man|woman|person)?\b", "boardChair"),
        (r"\b(deputy )?(general|managing) director\b", "seniorManagingOfficial"),
        (r"\b(chief executive( officer)?|ceo|president|head|leads?|secretary|minister|"
         r"manager|general manager)\b", "seniorManagingOfficial"),
        (r"\b(executive |non-executive |independent )?director\b|\bboard\b", "boardMember"),
    ))
#: A role no pattern recognises (a founder) is an interest of unknown nature.
UNKNOWN_ROLE = "unknownInterest"
#: Statuses under which a statement is not an interest held (yet, or ever).
NOT_HELD_STATUSES = PROSPECTIVE_STATUSES | {"not-completed", "lost"}
#: Statuses of an interest that was held and has ended: a ``closed`` record.
ENDED_STATUSES = frozenset({"historical", "terminated"})
#: Our source kind → BODS ``sourceType`` codes.
SOURCE_TYPES: dict[str, str] = {
    "government-report": "primaryResearch", "legal-text": "primaryResearch",
    "company-filing": "primaryResearch", "company-website": "primaryResearch",
    "press-release": "primaryResearch", "database": "thirdParty",
    "news-article": "thirdParty", "web-page": "thirdParty",
    "secondary-aggregator": "thirdParty",
}


@dataclass
class BodsResult:
    statements: list[dict[str, Any]] = field(default_factory=list)
    #: reason → how many records were left out for it
    left_out: dict[str, int] = field(default_factory=dict)

    def leave_out(self, reason: str) -> None:
        self.left_out[reason] = self.left_out.get(reason, 0) + 1


def role_interests(role: str | None) -> list[str]:
    """BODS interest types of a role title (``"founder, chairman and CEO"`` → boardChair,
    seniorManagingOfficial)."""
    text, found = role or "", []
    for pattern, code in ROLE_INTERESTS:
        if pattern.search(text):
            text = pattern.sub(" ", text)
            if code not in found:
                found.append(code)
    return found or [UNKNOWN_ROLE]


def full_date(value: str | None) -> str | None:
    """A partial date as BODS's full date: its first day (``2025-11`` → ``2025-11-01``)."""
    if not value:
        return None
    parts = value.split("-")
    return "-".join([parts[0], *(parts[1:] + ["01", "01"])[:2]])


def bods_statements(g: Graph, *, publication_date: str | None = None) -> BodsResult:
    """BODS 0.4 statements of ``g``: entities and persons first, then relationships."""
    result = BodsResult()
    published = publication_date or dt.date.today().isoformat()
    latest = max((s["date"] for s in g.sources.values() if s["date"]), default=published)
    for slug in sorted(g.entities):
        ent = g.entities[slug]
        if ent["kind"] in LEFT_OUT_ENTITY_KINDS:
            result.leave_out(f"{ent['kind']}: {LEFT_OUT_ENTITY_KINDS[ent['kind']]}")
        elif ent["kind"] == "person":
            result.statements.append(_statement(g, ent, "person", _person(g, ent), slug,
                                                published, latest))
        elif ent["kind"] in ENTITY_TYPES:
            result.statements.append(_statement(g, ent, "entity", _entity(g, ent), slug,
                                                published, latest))
        else:
            result.leave_out(f"{ENTITY_KINDS[ent['kind']].category}: neither an owner nor "
                             "an owned entity")
    exported = {st["recordId"] for st in result.statements}
    for rel in g.statements:
        reason = _why_left_out(rel, exported)
        if reason:
            result.leave_out(reason)
            continue
        details, pointers = _relationship(rel)
        st = _statement(g, rel, "relationship", details, rel["object"], published, latest,
                        pointers)
        if rel["status"] in ENDED_STATUSES:
            # the interest is over: this is the last statement of the record
            st["recordStatus"] = "closed"
        result.statements.append(st)
    return result


def _why_left_out(rel: dict[str, Any], exported: set[str]) -> str | None:
    if rel["kind"] not in INTERESTS:
        return f"not ownership or control: {rel['kind']}"
    if rel["status"] in NOT_HELD_STATUSES:
        return f"{rel['kind']} not held (status {rel['status']})"
    if rel["subject"] not in exported or rel["object"] not in exported:
        return f"{rel['kind']} joins an entity BODS does not hold"
    return None


def _entity(g: Graph, ent: dict[str, Any]) -> dict[str, Any]:
    etype, subtype = ENTITY_TYPES[ent["kind"]]
    states = [p for p in g.parents(ent["id"]) if g.entities[p]["kind"] == "state"]
    if ent["kind"] in STATE_BODY_WHEN_PART_OF_STATE and states:
        etype, subtype = "stateBody", "stateAgency"
    if etype == "stateBody" and GOVERNMENT_DEPARTMENT.search(ent["label"]):
        subtype = "governmentDepartment"
    entity_type: dict[str, Any] = {"type": etype}
    if subtype:
        entity_type["subtype"] = subtype
    if etype == "arrangement":
        entity_type["details"] = f"{ENTITY_KINDS[ent['kind']].label} (an asset, not a legal person)"
    details: dict[str, Any] = {"isComponent": False, "entityType": entity_type,
                               "name": ent["label"]}
    if ent["aliases"]:
        details["alternateNames"] = ent["aliases"]
    country = ent["id"] if ent["kind"] == "state" else ent["country"]
    if country:
        details["jurisdiction"] = _country(g, country)
    identifiers = [_identifier(scheme, value) for scheme, value in ent["identifiers"].items()]
    if identifiers:
        details["identifiers"] = identifiers
    details["uri"] = ent["iri"]
    return details


def _person(g: Graph, ent: dict[str, Any]) -> dict[str, Any]:
    details: dict[str, Any] = {
        "isComponent": False, "personType": "knownPerson",
        "names": [{"fullName": ent["label"]},
                  *({"type": "alternative", "fullName": a} for a in ent["aliases"])]}
    if ent["country"]:
        details["nationalities"] = [_country(g, ent["country"])]
    identifiers = [_identifier(scheme, value) for scheme, value in ent["identifiers"].items()]
    if identifiers:
        details["identifiers"] = identifiers
    return details


def _identifier(scheme: str, value: str) -> dict[str, str]:
    if scheme == "lei":
        return {"id": value, "scheme": "XI-LEI", "schemeName": "Legal Entity Identifier"}
    return {"id": value, "schemeName": scheme}


def _country(g: Graph, slug: str) -> dict[str, str]:
    state = g.entities[slug]
    out = {"name": state["label"]}
    code = state["identifiers"].get("iso3166") or iso_code(state["label"])
    if code:
        out["code"] = code
    return out


def iso_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a country name (``pycountry``), or None."""
    import pycountry

    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        try:
            return pycountry.countries.search_fuzzy(name)[0].alpha_2
        except LookupError:
            return None


def _relationship(rel: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Relationship details, and (JSON pointer, partial date) of each rounded date."""
    rule = INTERESTS[rel["kind"]]
    codes = role_interests(rel.get("role")) if rel["kind"] == "holds-role" else [rule.interest]
    interests, pointers = [], []
    for i, code in enumerate(codes):
        interest: dict[str, Any] = {"type": code, "directOrIndirect": "direct",
                                    "beneficialOwnershipOrControl": False,
                                    "details": rel.get("role") or rule.details}
        if rule.share and rel.get("share_pct") is not None:
            interest["share"] = {"exact": rel["share_pct"]}
        for name, key in (("startDate", "start"), ("endDate", "end")):
            if rel.get(key):
                interest[name] = full_date(rel[key])
                if interest[name] != rel[key]:
                    pointers.append((f"/recordDetails/interests/{i}/{name}", rel[key]))
        interests.append(interest)
    return {"isComponent": False, "subject": rel["object"], "interestedParty": rel["subject"],
            "interests": interests}, pointers


def _statement(g: Graph, record: dict[str, Any], record_type: str, details: dict[str, Any],
               subject: str, published: str, latest: str,
               pointers: tuple[tuple[str, str], ...] | list[tuple[str, str]] = ()
               ) -> dict[str, Any]:
    evidence = record["evidence"]
    sources = [g.sources[ev["source"]] for ev in evidence]
    dated = sorted(full_date(s["date"]) for s in sources if s["date"])
    own = full_date(record.get("as_of") or record.get("start"))
    st: dict[str, Any] = {
        "declarationSubject": subject, "statementDate": dated[0] if dated else own
        or full_date(latest),
        "recordId": record["id"], "recordType": record_type, "recordStatus": "new",
        "recordDetails": details, "source": _source(sources),
        "annotations": _annotations(g, record, pointers)}
    digest = hashlib.sha256(json.dumps(st, sort_keys=True, ensure_ascii=False).encode()
                            ).hexdigest()
    return {"statementId": str(uuid.uuid5(NAMESPACE, f"{record['id']}:{digest}")), **st,
            "publicationDetails": {"publicationDate": published, "bodsVersion": BODS_VERSION,
                                   "publisher": PUBLISHER}}


def _source(sources: list[dict[str, Any]]) -> dict[str, Any]:
    unique = list({s["id"]: s for s in sources}.values())
    out: dict[str, Any] = {
        "type": sorted({SOURCE_TYPES.get(s["kind"], "thirdParty") for s in unique}),
        "description": "; ".join(s["label"] or s["id"] for s in unique)}
    urls = [s["url"] for s in unique if s["url"]]
    if urls:
        out["url"] = urls[0]
    publishers = list(dict.fromkeys(s["publisher"] for s in unique if s["publisher"]))
    if publishers:
        out["assertedBy"] = [{"name": p} for p in publishers]
    return out


def _annotations(g: Graph, record: dict[str, Any], pointers: list[tuple[str, str]]
                 ) -> list[dict[str, Any]]:
    """One annotation with our record (id, kind, status…), one per evidence, one per
    rounded date."""
    ours = {k: record[k] for k in ("id", "kind", "status", "role", "description", "note")
            if record.get(k)}
    out = [{"statementPointerTarget": "", "motivation": "commenting",
            "description": f"mineralgraph record {record['id']} ({record['kind']})",
            "createdBy": PUBLISHER, ANNOTATION_KEY: {"record": ours}}]
    for ev in record["evidence"]:
        src = g.sources[ev["source"]]
        note = {"evidence": ev, "sourceRecord": {k: v for k, v in src.items() if v}}
        out.append({"statementPointerTarget": "", "motivation": "commenting",
                    "description": f"“{ev['quote']}” — {src['label'] or src['id']}",
                    "createdBy": PUBLISHER, ANNOTATION_KEY: note})
    for pointer, partial in pointers:
        out.append({"statementPointerTarget": pointer, "motivation": "commenting",
                    "description": f"the source gives {partial}; BODS needs a full date, so "
                                   "the first day stands for it",
                    "createdBy": PUBLISHER, ANNOTATION_KEY: {"precision": partial}})
    return out
