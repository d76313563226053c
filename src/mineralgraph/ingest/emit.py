"""Proposals → records of the data format (validated by the model) and the YAML text of the
candidate file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import yaml
from pydantic import ValidationError

from ..model import SECTIONS
from .extract import Extraction
from .linking import Link
from .text import quote

#: Section of a new entity, by the category of its kind.
_SECTION = {"actor": "actors", "site": "sites", "place": "places", "commodity": "commodities"}
#: Confidence of a new entity by the rule that found it.
_ENTITY_CONFIDENCE = {
    "entity:country": 0.9, "entity:country-adjective": 0.6, "entity:organisation-cue": 0.7,
    "entity:ticker": 0.85, "entity:site-cue": 0.65, "entity:person-role": 0.7,
    "entity:commodity": 0.8, "entity:region": 0.75, "entity:acronym": 0.7,
}
_ORDER = list(SECTIONS)


@dataclass
class Candidates:
    """The records proposed for one document, and what was dropped (with why)."""

    records: dict[str, list[dict]]
    linked: list[Link]
    dropped: list[str]

    def count(self) -> int:
        return sum(len(v) for k, v in self.records.items() if k != "sources")


def build_records(ex: Extraction, source: dict) -> Candidates:
    sid = source["id"]
    records: dict[str, list[dict]] = {"sources": [source]}
    dropped: list[str] = []
    for link in ex.links():
        if not link.new:
            continue
        first = ex.first_mention(link)
        sent = next(s for s in ex.sentences if s.start <= first.mention.start < s.end) \
            if any(s.start <= first.mention.start < s.end for s in ex.sentences) else None
        said = quote(ex.text, sent, [(first.mention.start, first.mention.end)]) if sent else None
        if said is None:
            dropped.append(f"entity {link.label!r}: no sentence to quote")
            continue
        rec = {"id": link.id, "kind": link.kind, "label": link.label}
        if link.aliases:
            rec["aliases"] = list(link.aliases)
        rec.update(_curation(first.mention.rule, _ENTITY_CONFIDENCE.get(first.mention.rule, 0.5)))
        rec["evidence"] = [{"source": sid, "quote": said}]
        records.setdefault(_SECTION[link.category], []).append(rec)
    seen: dict[tuple, dict] = {}
    for prop in ex.proposals:
        said = quote(ex.text, prop.sentence, prop.spans)
        if said is None:
            dropped.append(f"{prop.rule} in {prop.sentence.text[:60]!r}…: no quote fits")
            continue
        f = prop.fields
        key = ((f["kind"], f["subject"], f["object"]) if prop.section == "relations"
               else (f["measure"], f["subject"], f.get("value"), f.get("value_min")))
        evidence = {"source": sid, "quote": said}
        notes = list(prop.notes) + _fuzzy_notes(ex, prop)
        known = ex.linker.relations.get(key) if prop.section == "relations" else None
        if known:
            notes.append(f"the data set already records this relation as {known}: this "
                         "source may be added to its evidence instead")
        if notes:
            evidence["note"] = "; ".join(notes)[:2000]
        if key in seen:
            known = seen[key]
            if len(known["evidence"]) < 3 and all(e["quote"] != said for e in known["evidence"]):
                known["evidence"].append(evidence)
            continue
        stem = (f"{f['subject']}-{f['kind']}-{f['object']}" if prop.section == "relations"
                else f"{f['subject']}-{f['measure']}")[:72].strip("-")
        rid = ex.linker.claim(stem)  # unique across the data set and this document
        f = {k: int(v) if isinstance(v, float) and v.is_integer() and k != "confidence" else v
             for k, v in f.items()}
        rec = {"id": rid, **f, **_curation(prop.rule, prop.confidence), "evidence": [evidence]}
        seen[key] = rec
        records.setdefault(prop.section, []).append(rec)
    kind_of = {lk.id: lk.kind for lk in ex.links()}
    checked: dict[str, list[dict]] = {}
    for section in sorted(records, key=_ORDER.index):
        for rec in records[section]:
            try:
                SECTIONS[section].model_validate(rec)
            except ValidationError as exc:
                dropped.append(f"{section} {rec['id']}: {exc.errors()[0]['msg']}")
                continue
            if section == "relations" and not _kinds_fit(rec, kind_of):
                dropped.append(f"relations {rec['id']}: its ends do not fit a {rec['kind']}")
                continue
            checked.setdefault(section, []).append(rec)
    _drop_dangling(checked, {lk.id for lk in ex.links() if lk.new}, dropped)
    linked = [lk for lk in ex.links() if not lk.new]
    return Candidates(checked, linked, dropped)


def _drop_dangling(records: dict[str, list[dict]], proposed: set[str],
                   dropped: list[str]) -> None:
    """Relations and observations naming a new entity that was dropped go too: never a
    dangling id."""
    kept = {r["id"] for recs in records.values() for r in recs}
    for section in ("relations", "observations"):
        keep = []
        for rec in records.get(section, []):
            ends = [rec.get("subject"), rec.get("object"), rec.get("commodity")]
            missing = [e for e in ends if e and e in proposed and e not in kept]
            if missing:
                dropped.append(f"{section} {rec['id']}: names dropped entity {missing[0]}")
            else:
                keep.append(rec)
        if section in records:
            records[section] = keep


def _kinds_fit(rec: dict, kind_of: dict[str, str]) -> bool:
    """The subject and object kinds kinds.py allows for the relation (what `load` checks)."""
    from .. import kinds as K

    rk = K.RELATION_KINDS[rec["kind"]]
    return kind_of.get(rec["subject"]) in rk.subjects and kind_of.get(rec["object"]) in rk.objects


def _curation(rule: str, confidence: float) -> dict:
    return {"review": "candidate", "confidence": round(max(0.05, min(confidence, 0.99)), 2),
            "extracted_by": rule}


def _fuzzy_notes(ex: Extraction, prop) -> list[str]:
    notes = []
    for n in ex.names:
        if n.link.how == "fuzzy" and any(s <= n.mention.start < e for s, e in prop.spans):
            notes.append(f"'{n.mention.surface}' linked to {n.link.id} ({n.link.label}) by "
                         f"fuzzy match, score {n.link.score:.0f}: check it is the same")
    return notes


def to_yaml(cands: Candidates, origin: str, out_name: str) -> str:
    """The candidate file: a header saying how to review it, then the sections."""
    today = dt.date.today().isoformat()
    head = [
        f"# Candidate records proposed by `mineralgraph ingest` from {origin} on {today}.",
        "# Nothing here is reviewed: `mineralgraph build` refuses these records until a person",
        f"# reviews them with `mineralgraph review {out_name}` (accept, reject, edit, link).",
    ]
    if cands.linked:
        head.append("# Names linked to existing records (not repeated below):")
        for link in cands.linked:
            how = f"fuzzy {link.score:.0f}" if link.how == "fuzzy" else link.how
            head.append(f"#   {link.label} -> {link.id} ({how})")
    body = yaml.safe_dump(cands.records, sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=False)
    return "\n".join(head) + "\n\n" + body
