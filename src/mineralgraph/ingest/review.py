"""Reviewing candidates: accept, reject, edit, link or skip each record of a candidate file.

Every decision is written at once, atomically (the file is replaced whole, never half
written), so stopping at any point — ``q``, end of input or Ctrl-C — keeps every decision made
so far and nothing else. Accepted records lose ``review`` and ``confidence`` (``extracted_by``
stays as provenance); rejected records leave the file, and so do the relations and
observations that named a rejected entity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..atomic import write_atomic
from ..errors import MineralgraphError
from ..model import SECTIONS

ACTIONS = "[a]ccept  [r]eject  [e]dit  [l]ink to another id  [s]kip  [q]uit"
_REFS = ("subject", "object", "commodity", "country")


@dataclass
class ReviewStats:
    accepted: int = 0
    rejected: int = 0
    edited: int = 0
    linked: int = 0
    skipped: int = 0
    removed_with: list[str] = field(default_factory=list)
    left: int = 0
    interrupted: bool = False

    def summary(self) -> str:
        extra = (f" (and {len(self.removed_with)} record(s) that named a rejected or linked "
                 "entity)") if self.removed_with else ""
        return (f"accepted {self.accepted}, rejected {self.rejected}{extra}, edited "
                f"{self.edited}, linked {self.linked}, skipped {self.skipped}; "
                f"{self.left} candidate(s) left")


class CandidateFile:
    """A candidate file read into memory; :meth:`save` writes it back atomically."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as exc:
            raise MineralgraphError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise MineralgraphError(f"{self.path} is not valid YAML: {exc}") from None
        if not isinstance(data, dict) or any(k not in SECTIONS for k in data):
            raise MineralgraphError(f"{self.path} is not a data file (a mapping of sections)")
        self.header = "".join(line + "\n" for line in text.splitlines()
                              if line.startswith("#")).split("\n\n")[0]
        self.data: dict[str, list[dict]] = data

    def candidates(self) -> list[tuple[str, dict]]:
        return [(s, r) for s, recs in self.data.items() for r in recs
                if isinstance(r, dict) and r.get("review") == "candidate"]

    def save(self) -> None:
        body = yaml.safe_dump(self.data, sort_keys=False, allow_unicode=True, width=100)
        write_atomic(self.path, self.header + "\n" + body)

    def remove(self, section: str, rec: dict) -> list[str]:
        """Remove ``rec`` and, for an entity, every record of this file that names it."""
        self.data[section] = [r for r in self.data[section] if r is not rec]
        gone: list[str] = []
        for sec in ("relations", "observations"):
            keep = []
            for r in self.data.get(sec, []):
                if any(r.get(k) == rec["id"] for k in _REFS):
                    gone.append(r["id"])
                else:
                    keep.append(r)
            if sec in self.data:
                self.data[sec] = keep
        return gone

    def relink(self, old: str, new: str) -> None:
        for recs in self.data.values():
            for r in recs:
                for k in _REFS:
                    if r.get(k) == old:
                        r[k] = new


def describe(section: str, rec: dict) -> str:
    """A few lines a reviewer reads: what the record says, how sure, which rule, the quote."""
    if section in ("relations",):
        what = f"{rec['subject']} –{rec['kind']}→ {rec['object']}  status: {rec.get('status')}"
        extras = [f"{k}: {rec[k]}" for k in ("amount", "currency", "amount_qualifier",
                                              "share_pct", "volume", "volume_unit",
                                              "duration_years", "role", "instrument") if k in rec]
    elif section == "observations":
        value = rec.get("value", f"{rec.get('value_min')}–{rec.get('value_max')}")
        what = f"{rec['measure']} of {rec['subject']}: {value} {rec.get('unit', '')}"
        extras = [f"{k}: {rec[k]}" for k in ("qualifier", "date", "status", "commodity") if k in rec]
    elif section == "sources":
        what, extras = f"source {rec['id']}", []
    else:
        what = f"{section[:-1] if section != 'commodities' else 'commodity'} {rec['id']}: " \
               f"{rec.get('label')} ({rec.get('kind')})"
        extras = [f"aliases: {', '.join(rec['aliases'])}"] if rec.get("aliases") else []
    lines = [what]
    if extras:
        lines.append("  " + "  ".join(extras))
    lines.append(f"  confidence {rec.get('confidence')}, rule {rec.get('extracted_by')}")
    for ev in rec.get("evidence", []):
        lines.append(f"  “{ev.get('quote')}”")
        if ev.get("note"):
            lines.append(f"  note: {ev['note']}")
    return "\n".join(lines)


def review_file(path: str | Path, *, ask: Callable[[str], str], show: Callable[[str], None],
                known_ids: set[str] | None = None) -> ReviewStats:
    """Walk the candidates of ``path``, asking ``ask(prompt)`` for each decision.

    ``known_ids`` are the ids a record may be linked to (the data set's); ids of this file
    count too. End of input (EOFError) stops like ``q``.
    """
    cf = CandidateFile(path)
    stats = ReviewStats()
    todo = cf.candidates()
    for number, (section, rec) in enumerate(todo, start=1):
        if not any(r is rec for r in cf.data.get(section, [])):
            continue  # removed with an entity rejected earlier
        show(f"\n[{number}/{len(todo)}] {describe(section, rec)}")
        while True:
            try:
                answer = ask(f"{ACTIONS}? ").strip().lower()[:1]
            except EOFError:
                answer = "q"
            except KeyboardInterrupt:  # every decision so far is already on disk
                stats.interrupted = True
                answer = "q"
            if answer == "q":
                stats.left = len(cf.candidates())
                return stats
            if answer == "s":
                stats.skipped += 1
                break
            if answer == "a":
                rec.pop("review", None)
                rec.pop("confidence", None)
                cf.save()
                stats.accepted += 1
                break
            if answer == "r":
                stats.removed_with += cf.remove(section, rec)
                cf.save()
                stats.rejected += 1
                break
            if answer == "e" and _edit(cf, section, rec, ask, show):
                stats.edited += 1
                show(describe(section, rec))
                continue
            if answer == "l" and _link(cf, section, rec, ask, show, known_ids or set()):
                stats.linked += 1
                break
            if answer not in "aresl" or not answer:
                show(f"  type one letter: {ACTIONS}")
    stats.left = len(cf.candidates())
    return stats


_EDITABLE = {"relations": ("status", "kind"), "observations": ("status", "measure"),
             "sources": ()}


def _edit(cf: CandidateFile, section: str, rec: dict, ask, show) -> bool:
    fields = _EDITABLE.get(section, ("label", "kind"))
    if not fields:
        show("  nothing to edit here")
        return False
    name = ask(f"  field to edit ({' / '.join(fields)})? ").strip()
    if name not in fields:
        show(f"  not an editable field: {name!r}")
        return False
    value = ask(f"  new {name} (now {rec.get(name)!r})? ").strip()
    trial = {**rec, name: value}
    try:
        SECTIONS[section].model_validate(trial)
    except ValidationError as exc:
        show("  refused: " + "; ".join(e["msg"].removeprefix("Value error, ")
                                       for e in exc.errors()))
        return False
    rec[name] = value
    cf.save()
    return True


def _link(cf: CandidateFile, section: str, rec: dict, ask, show, known: set[str]) -> bool:
    in_file = {r["id"] for recs in cf.data.values() for r in recs if isinstance(r, dict)}
    if section in ("relations", "observations"):
        end = ask("  which end (subject / object)? ").strip()
        if end not in ("subject", "object") or end not in rec:
            show("  answer subject or object")
            return False
        target = ask(f"  id to use instead of {rec[end]!r}? ").strip()
        if target not in known | in_file:
            show(f"  no record has the id {target!r}")
            return False
        rec[end] = target
        cf.save()
        return True
    if section == "sources":
        show("  a source cannot be linked")
        return False
    target = ask(f"  existing id that {rec['id']!r} is (the candidate is dropped and every "
                 "record naming it names that id)? ").strip()
    if target not in known | in_file or target == rec["id"]:
        show(f"  no other record has the id {target!r}")
        return False
    cf.data[section] = [r for r in cf.data[section] if r is not rec]
    cf.relink(rec["id"], target)
    cf.save()
    return True
