"""BODS 0.4 statements → candidate records (actors, sites, sources, relations) for review.

Entity and person statements become actors (or the sites our own export wrote as
arrangements); relationship statements become ``owns`` / ``controls`` / ``holds-role``
relations by the declared table :data:`INTEREST_KINDS`. Where the file is one of ours, its
annotations give back what BODS cannot hold (record id and kind, status, role title, the
precision of dates, each quote and its source); from any other publisher, the evidence of a
record is its BODS statement itself: the source is the file's publisher, the quote the
statement's interest (or name) as JSON.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import MineralgraphError
from ..kinds import ENTITY_KINDS, IDENTIFIER_SCHEMES
from .bods import ANNOTATION_KEY, BODS_VERSION, UNKNOWN_ROLE
from .candidates import Candidates

#: BODS interest type → our relation kind (others are left out, counted).
INTEREST_KINDS: dict[str, str] = {
    "shareholding": "owns",
    "votingRights": "controls", "appointmentOfBoard": "controls",
    "otherInfluenceOrControl": "controls", "controlViaCompanyRulesOrArticles": "controls",
    "controlByLegalFramework": "controls", "rightsGrantedByContract": "controls",
    "boardMember": "holds-role", "boardChair": "holds-role",
    "seniorManagingOfficial": "holds-role",
}
#: Role title of a holds-role when the interest has no details.
ROLE_TITLES = {"boardMember": "board member", "boardChair": "board chair",
               "seniorManagingOfficial": "senior managing official"}
#: BODS entity type → our actor kind (anonymous and unknown entities are left out).
ENTITY_KINDS_OF: dict[str, str] = {
    "state": "state", "stateBody": "government-agency", "registeredEntity": "company",
    "legalEntity": "organisation", "arrangement": "organisation",
}
#: How far a statement's BODS source type is trusted, as the candidate's confidence.
CONFIDENCE: dict[str, float] = {
    "officialRegister": 0.9, "verified": 0.9, "selfDeclaration": 0.8,
    "primaryResearch": 0.8, "thirdParty": 0.7,
}
UNKNOWN_CONFIDENCE = 0.6


def read_statements(path: str | Path) -> list[dict[str, Any]]:
    """The statements of a BODS file: a JSON array, or JSON lines (one statement each)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MineralgraphError(f"cannot read {path}: {exc}") from None
    try:
        if text.lstrip().startswith("["):
            data = json.loads(text)
        else:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise MineralgraphError(f"{path}, line {exc.lineno}: not JSON ({exc.msg})") from None
    for i, st in enumerate(data):
        if not isinstance(st, dict) or "recordType" not in st or "recordDetails" not in st:
            raise MineralgraphError(f"{path}: statement {i + 1} is not a BODS 0.4 statement "
                                    "(no recordType / recordDetails)")
        version = st.get("publicationDetails", {}).get("bodsVersion", BODS_VERSION)
        if not str(version).startswith("0.4"):
            raise MineralgraphError(f"{path}: statement {i + 1} is BODS {version}; this "
                                    "importer reads BODS 0.4")
    return data


def import_bods(path: str | Path, *, existing: Any = None) -> Candidates:
    """Candidate records from the BODS 0.4 file ``path``; ``existing`` (a loaded data set)
    names the entities and sources already held, which are reused instead of duplicated."""
    cands = Candidates(extracted_by="import-bods", existing=existing)
    ids: dict[str, str] = {}  # BODS recordId → our id
    statements = read_statements(path)
    parties = [st for st in statements if st["recordType"] in ("entity", "person")]
    # states first, so that the others' jurisdictions find them
    for st in sorted(parties, key=lambda st: st["recordDetails"].get("entityType", {})
                     .get("type") != "state"):
        _party(cands, st, ids)
    for st in statements:
        if st["recordType"] == "relationship":
            _relationship(cands, st, ids)
    return cands


def _ours(st: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [a[ANNOTATION_KEY][key] for a in st.get("annotations", [])
            if key in a.get(ANNOTATION_KEY, {})]


def _confidence(st: dict[str, Any]) -> float:
    types = st.get("source", {}).get("type", [])
    return max((CONFIDENCE.get(t, UNKNOWN_CONFIDENCE) for t in types),
               default=UNKNOWN_CONFIDENCE)


def _evidence(cands: Candidates, st: dict[str, Any], quote: Any) -> list[dict[str, Any]]:
    """Our annotated evidence (sources added where new), else the statement as evidence."""
    ours = _ours(st, "evidence")
    if ours:
        for src in _ours(st, "sourceRecord"):
            if src["id"] not in cands.taken:
                cands.add("sources", {**src, "label": src.get("label") or src["id"],
                                      "publisher": src.get("publisher") or "unknown"},
                          confidence=_confidence(st))
        return ours
    source = st.get("source", {})
    publisher = (st.get("publicationDetails", {}).get("publisher", {}).get("name")
                 or (source.get("assertedBy") or [{}])[0].get("name") or "unknown publisher")
    label = f"BODS statements published by {publisher}"
    date = st.get("publicationDetails", {}).get("publicationDate", "")[:10] or None
    source_id = cands.known(None, [label]) or None
    if source_id is None:
        source_id = cands.new_id(None, f"bods-{publisher}-{date or ''}")
        cands.add("sources", {"id": source_id, "kind": "database", "label": label,
                              "publisher": publisher, "date": date, "url": source.get("url"),
                              "note": source.get("description")}, confidence=_confidence(st))
        cands.names[label.casefold()].add(source_id)
    text = json.dumps(quote, ensure_ascii=False, sort_keys=True)
    return [{"source": source_id, "quote": text[:600],
             "note": f"BODS statement {st.get('statementId')}: the quote is its data as JSON"}]


def _party(cands: Candidates, st: dict[str, Any], ids: dict[str, str]) -> None:
    details = st["recordDetails"]
    record = (_ours(st, "record") or [{}])[0]
    if st["recordType"] == "person":
        names = [n["fullName"] for n in details.get("names", []) if n.get("fullName")]
        kind = "person"
        country = (details.get("nationalities") or [{}])[0].get("name")
    else:
        names = [details["name"]] if details.get("name") else []
        names += details.get("alternateNames", [])
        etype = details.get("entityType", {}).get("type")
        kind = record.get("kind") or ENTITY_KINDS_OF.get(etype)
        country = details.get("jurisdiction", {}).get("name")
        if etype == "state" and country:
            names.append(country)  # "Suomen tasavalta" is the state we call Finland
    if not names or kind not in ENTITY_KINDS:
        cands.leave_out(f"{st['recordType']} without a name or of an unknown type")
        return
    # a register's record ids ("19f1c5afe9d7") make unreadable slugs: ids come from names,
    # unless the file is ours (the annotation gives our record id back)
    known = cands.known(record.get("id"), names)
    if known:
        ids[st["recordId"]] = known
        return
    section = "sites" if ENTITY_KINDS[kind].category == "site" else "actors"
    new = {"id": cands.new_id(record.get("id"), names[0]), "kind": kind,
           "label": names[0], "aliases": sorted(set(names[1:]) - {names[0]}),
           "description": record.get("description"),
           "country": cands.known(None, [country]) if country and kind != "state" else None,
           "identifiers": _identifiers(details.get("identifiers", [])),
           "evidence": _evidence(cands, st, {"name": names[0]})}
    ids[st["recordId"]] = cands.add(section, new, confidence=_confidence(st))


def _identifiers(items: list[dict[str, Any]]) -> dict[str, str]:
    out = {}
    for item in items:
        scheme = "lei" if item.get("scheme") == "XI-LEI" else item.get("schemeName")
        pattern = IDENTIFIER_SCHEMES.get(scheme or "")
        if pattern and item.get("id") and re.fullmatch(pattern, item["id"]):
            out[scheme] = item["id"]
    return out


def _relationship(cands: Candidates, st: dict[str, Any], ids: dict[str, str]) -> None:
    details = st["recordDetails"]
    subject, obj = ids.get(details.get("interestedParty")), ids.get(details.get("subject"))
    if not isinstance(subject, str) or not isinstance(obj, str):
        cands.leave_out("relationship with an unspecified or unknown party")
        return
    record = (_ours(st, "record") or [{}])[0]
    precision = {}
    for a in st.get("annotations", []):
        if "precision" in a.get(ANNOTATION_KEY, {}):
            precision[a["statementPointerTarget"]] = a[ANNOTATION_KEY]["precision"]
    by_kind: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for i, interest in enumerate(details.get("interests", [])):
        kind = INTEREST_KINDS.get(interest.get("type", ""))
        if interest.get("type") == UNKNOWN_ROLE and record.get("kind") == "holds-role":
            kind = "holds-role"  # our own export: a role no BODS interest type names
        if interest.get("directOrIndirect") == "indirect":
            cands.leave_out("indirect interest (relations of ours are direct; import the chain)")
            continue
        if kind is None:
            cands.leave_out(f"interest {interest.get('type')} (not ownership, control or role)")
            continue
        by_kind.setdefault(record.get("kind") or kind, []).append((i, interest))
    for kind, interests in by_kind.items():
        i, first = interests[0]
        dates = {key: precision.get(f"/recordDetails/interests/{i}/{name}", first.get(name))
                 for key, name in (("start", "startDate"), ("end", "endDate"))}
        share = first.get("share", {})
        note = record.get("note")
        if "exact" not in share and share:
            note = "; ".join(filter(None, [note, "BODS share range: " + json.dumps(share)]))
        role = None
        if kind == "holds-role":
            role = record.get("role") or first.get("details") or ROLE_TITLES[first["type"]]
        rel = {"id": cands.new_id(record.get("id"), f"{subject}-{kind}-{obj}"), "kind": kind,
               "subject": subject, "object": obj,
               "status": record.get("status") or ("terminated" if dates["end"] else (
                   "historical" if st.get("recordStatus") == "closed" else None)),
               "start": dates["start"], "end": dates["end"], "share_pct": share.get("exact"),
               # the date the register declared it, unless ours (our dates come back as such)
               "as_of": None if record else (st.get("statementDate") or "")[:10] or None,
               "role": role, "note": note,
               "evidence": _evidence(cands, st, [x for _, x in interests])}
        if cands.holds(rel):
            cands.leave_out("already in the data set")
            continue
        cands.add("relations", rel, confidence=_confidence(st))
