"""FollowTheMoney JSON lines → candidate records for review.

Legal entities become actors (:data:`ACTOR_KINDS`), projects become project sites, and
Ownership, Control, Directorship and Membership become relations (:data:`LINKS`); everything
else (documents, payments, unknown links, assets whose kind of site is not known) is left out
and counted. The evidence of a record is the entity itself: its ``sourceUrl`` and
``publisher`` make the source, and the quote is — where our own export wrote it — the quote
in ``description``, else the entity's properties as JSON.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..errors import MineralgraphError
from .candidates import Candidates

#: FtM schema → our actor (or site) kind.
ACTOR_KINDS: dict[str, str] = {
    "Company": "company", "Organization": "organisation", "PublicBody": "government-agency",
    "LegalEntity": "organisation", "Person": "person", "Project": "project",
}
#: FtM link schema → (relation kind, property of our subject, property of our object).
LINKS: dict[str, tuple[str, str, str]] = {
    "Ownership": ("owns", "owner", "asset"),
    "Control": ("controls", "controller", "controlled"),
    "Directorship": ("holds-role", "director", "organization"),
    "Membership": ("member-of", "member", "organization"),
}
#: Our own export quotes a source as “quote” — label.
OUR_QUOTE = re.compile(r"^“(?P<quote>.+)” — (?P<label>.+)$", re.DOTALL)
CONFIDENCE = 0.7


def read_entities(path: str | Path) -> list[dict[str, Any]]:
    path = Path(path)
    entities = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise MineralgraphError(f"cannot read {path}: {exc}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entity = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MineralgraphError(f"{path}, line {n}: not JSON ({exc.msg})") from None
        if not isinstance(entity, dict) or not {"id", "schema"} <= entity.keys():
            raise MineralgraphError(f"{path}, line {n}: not a FollowTheMoney entity "
                                    "(no id / schema)")
        entities.append(entity)
    return entities


def import_ftm(path: str | Path, *, existing: Any = None) -> Candidates:
    """Candidate records from the FtM JSON-lines file ``path`` (see the module docstring)."""
    cands = Candidates(extracted_by="import-ftm", existing=existing)
    entities = read_entities(path)
    ids: dict[str, str] = {}
    for ent in entities:
        kind = ACTOR_KINDS.get(ent["schema"])
        if kind is None:
            if ent["schema"] not in LINKS:
                cands.leave_out(f"{ent['schema']} (no mapping to our records)")
            continue
        props = ent.get("properties", {})
        names = [*props.get("name", []), *props.get("alias", [])]
        if not names:
            cands.leave_out(f"{ent['schema']} without a name")
            continue
        known = cands.known(ent["id"], names)
        if known:
            ids[ent["id"]] = known
            continue
        record = {"id": cands.new_id(ent["id"], names[0]), "kind": kind, "label": names[0],
                  "aliases": sorted(set(names[1:]) - {names[0]}),
                  "description": (props.get("summary") or [None])[0],
                  "evidence": _evidence(cands, ent)}
        ids[ent["id"]] = cands.add("sites" if kind == "project" else "actors", record,
                                   confidence=CONFIDENCE)
    for ent in entities:
        if ent["schema"] in LINKS:
            _link(cands, ent, ids)
    return cands


def _link(cands: Candidates, ent: dict[str, Any], ids: dict[str, str]) -> None:
    kind, subject_prop, object_prop = LINKS[ent["schema"]]
    props = ent.get("properties", {})
    subject = ids.get((props.get(subject_prop) or [""])[0])
    obj = ids.get((props.get(object_prop) or [""])[0])
    if subject is None or obj is None:
        cands.leave_out(f"{ent['schema']} whose ends are not imported entities")
        return
    first = {k: (v[0] if v else None) for k, v in props.items()}
    share = first.get("percentage")
    try:
        share_pct = float(share.rstrip("%")) if share else None
    except ValueError:
        share_pct = None
    role = first.get("role") or ("director" if kind == "holds-role" else None)
    record_id = first.get("recordId") or ent["id"]
    rel = {"id": cands.new_id(record_id, f"{subject}-{kind}-{obj}"), "kind": kind,
           "subject": subject, "object": obj, "status": first.get("status"),
           "start": (first.get("startDate") or "")[:10] or None,
           "end": (first.get("endDate") or "")[:10] or None,
           "share_pct": share_pct if share_pct is not None and 0 <= share_pct <= 100 else None,
           "role": role if kind == "holds-role" else None,
           "note": None if share_pct is not None or not share else f"percentage: {share}",
           "evidence": _evidence(cands, ent)}
    if cands.holds(rel):
        cands.leave_out("already in the data set")
        return
    cands.add("relations", rel, confidence=CONFIDENCE)


def _evidence(cands: Candidates, ent: dict[str, Any]) -> list[dict[str, Any]]:
    props = ent.get("properties", {})
    publisher = (props.get("publisher") or ["unknown publisher"])[0]
    url = (props.get("sourceUrl") or [None])[0]
    label = f"FollowTheMoney data from {publisher}" + (f" ({url})" if url else "")
    source_id = cands.known(None, [label])
    if source_id is None:
        source_id = cands.new_id(None, f"ftm-{publisher}")
        cands.add("sources", {"id": source_id, "kind": "database", "label": label[:300],
                              "publisher": publisher, "url": url}, confidence=CONFIDENCE)
        cands.names[label.casefold()].add(source_id)
    quotes = [m["quote"] for m in (OUR_QUOTE.match(d) for d in props.get("description", []))
              if m]
    if quotes:
        return [{"source": source_id, "quote": q[:600]} for q in quotes]
    shown = {k: v for k, v in props.items() if k not in ("sourceUrl", "publisher")}
    return [{"source": source_id, "quote": json.dumps(shown, ensure_ascii=False,
                                                      sort_keys=True)[:600],
             "note": f"FtM entity {ent['id']} ({ent['schema']}): the quote is its data as JSON"}]
