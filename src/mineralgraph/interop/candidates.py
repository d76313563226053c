"""Candidate records read from another format, written as a data file for review.

Every record the importers propose carries ``review: candidate``, a ``confidence`` and
``extracted_by`` (the same review path as records ``ingest`` finds in articles). Entities that
the data set already holds — same id, or a label or alias that names one entity — are reused,
never duplicated; new ids are slugs of the names, made unique.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

from ..names import SLUG

#: Order of the sections in the written file (the data format's order).
SECTIONS = ("sources", "actors", "sites", "relations")
MAX_ID = 80


def slugify(text: str) -> str:
    """A record id from a name: ASCII, lower case, dash-separated (``Jiaxin Int'l`` →
    ``jiaxin-int-l``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_ID].rstrip("-") or "record"


class Candidates:
    """Records proposed by one import, by section, with the ids already taken."""

    def __init__(self, *, extracted_by: str, existing: Any = None):
        self.extracted_by = extracted_by
        self.sections: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.left_out: dict[str, int] = {}
        self.taken: set[str] = set()
        self.names: dict[str, set[str]] = defaultdict(set)  # casefolded name → entity ids
        self.kinds: dict[str, str] = {}
        self.facts: set[tuple[Any, ...]] = set()  # relations held: who, kind, what, share, start
        if existing is not None:
            for rec in existing.records():
                self.taken.add(rec.id)
                if getattr(rec, "section", "") == "relations":
                    self.facts.add(_fact(rec.model_dump()))
                if hasattr(rec, "label") and hasattr(rec, "aliases"):
                    self.kinds[rec.id] = rec.kind
                    for name in (rec.label, *rec.aliases):
                        self.names[name.casefold()].add(rec.id)

    def leave_out(self, reason: str) -> None:
        self.left_out[reason] = self.left_out.get(reason, 0) + 1

    def known(self, record_id: str | None, names: list[str]) -> str | None:
        """The id of an entity we already hold: this id, else one entity with this name.

        A file of ours names each entity by its record id: then an id we do not hold is a new
        entity, never another one that shares a name or an acronym ("LAR")."""
        if record_id:
            return record_id if record_id in self.kinds else None
        for name in names:
            found = self.names.get(name.casefold(), set())
            if len(found) == 1:
                return next(iter(found))
        return None

    def new_id(self, preferred: str | None, fallback: str) -> str:
        """``preferred`` if it is a free valid id, else a free slug of ``fallback``."""
        if preferred and SLUG.fullmatch(preferred) and len(preferred) <= MAX_ID \
                and preferred not in self.taken:
            return preferred
        base = slugify(fallback)
        candidate, n = base, 2
        while candidate in self.taken:
            suffix = f"-{n}"
            candidate, n = base[:MAX_ID - len(suffix)] + suffix, n + 1
        return candidate

    def add(self, section: str, record: dict[str, Any], *, confidence: float) -> str:
        """Add a candidate record (its id must come from :meth:`new_id`); returns the id."""
        record = {k: v for k, v in record.items() if v not in (None, [], {})}
        record.update(review="candidate", confidence=round(confidence, 2),
                      extracted_by=self.extracted_by)
        self.taken.add(record["id"])
        if section in ("actors", "sites"):
            self.kinds[record["id"]] = record["kind"]
            for name in (record["label"], *record.get("aliases", [])):
                self.names[name.casefold()].add(record["id"])
        self.sections[section].append(record)
        if section == "relations":
            self.facts.add(_fact(record))
        return record["id"]

    def holds(self, relation: dict[str, Any]) -> bool:
        """Whether the data set already holds this relation (same ends, kind, share, start)."""
        return _fact(relation) in self.facts

    def count(self) -> int:
        return sum(len(v) for v in self.sections.values())

    def write(self, path: str | Path) -> Path:
        """Write the candidates as one data file (atomically)."""
        import yaml

        from ..atomic import write_atomic

        data = {s: self.sections[s] for s in SECTIONS if self.sections.get(s)}
        header = (f"# Candidate records imported by mineralgraph ({self.extracted_by}).\n"
                  "# Review each one: `mineralgraph review` accepts or rejects them; `build`\n"
                  "# refuses records still marked `review: candidate`.\n")
        return write_atomic(path, header + yaml.safe_dump(
            data, sort_keys=False, allow_unicode=True, width=100))


def _fact(rel: dict[str, Any]) -> tuple[Any, ...]:
    return (rel["subject"], rel["kind"], rel["object"], rel.get("share_pct"),
            str(rel["start"]) if rel.get("start") else None)
