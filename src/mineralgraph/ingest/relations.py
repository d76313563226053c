"""Relations and observations proposed from one sentence, by the trigger table and the word
tables. Subject and object are chosen among the sentence's linked names within the kinds the
trigger allows (see ``triggers``); figures of the clause fill the relation's qualifiers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import tables as T
from .figures import Figure
from .linking import Link
from .mentions import Mention
from .text import Sentence
from .triggers import TRIGGERS, Trigger

_AGENT = re.compile(r"\b(?:from|by)\s+(?:the\s+|a\s+)?(?:[A-Z][\w.’']*\s?){0,2}$")
_CLAUSE_BREAK = re.compile(r"[,;:]|\b(?:which|who|while|whereas|but)\b")
_POSSESSIVE_BEFORE = re.compile(r"\b(?:its|their)\b", re.IGNORECASE)
_LIST_GLUE = re.compile(r"^(?:,\s*|\s+and\s+|,\s+and\s+|\s*&\s*)$")
_ROLE_OF = re.compile(r"^\s+(?:and\s+(?:[\w-]+\s+){1,3})?(?:of|at|for)\b")
#: a person named further than this from a role word is not the one holding it
ROLE_REACH = 80
#: an object named further than this after its trigger belongs to another clause
OBJECT_REACH = 140
_FINANCE_WORDS = re.compile(TRIGGERS[0].pattern + "|" + TRIGGERS[2].pattern, re.IGNORECASE)
#: which kinds of entity each measure may describe
_MEASURED = {"capex": ("site", "company"), "investment": ("actor", "place", "site"),
             "price": ("commodity", "place", "site"), "production": ("site", "place", "company"),
             "capacity": ("site", "company")}
#: Relation kinds whose status the clause's cue words set (others are simply reported).
_SELLER_SPEAKS = re.compile(r"\b(?:to supply|will supply|supplies|to sell|will sell|sells|to deliver|"
                            r"will deliver)\b", re.IGNORECASE)
_STAGED = frozenset({"finances", "invests-in", "acquires", "offtake", "partner-in", "develops"})
_ANAPHORA = re.compile(r"\b(?:the company|the firm|the group|its|the miner|the developer)\b",
                       re.IGNORECASE)
_LOI = re.compile(TRIGGERS[0].pattern, re.IGNORECASE)
_STATUS = [(re.compile(rx, re.IGNORECASE), status) for rx, status in T.STATUS_CUES]
_FUTURE = re.compile(T.FUTURE_CUES, re.IGNORECASE)
_COMPILED = [(t, re.compile(t.pattern, re.IGNORECASE))
             for t in TRIGGERS]


@dataclass
class Linked:
    mention: Mention
    link: Link


@dataclass
class Proposal:
    """A candidate record's content, before it is written."""

    section: str  # relations | observations
    fields: dict
    rule: str
    confidence: float
    spans: list[tuple[int, int]]
    sentence: Sentence
    notes: list[str] = field(default_factory=list)


def relations_in(sentence: Sentence, names: list[Linked], figures: list[Figure],
                 focus: Link | None) -> list[Proposal]:
    """Every relation the trigger table proposes in ``sentence``."""
    out: list[Proposal] = []
    text = sentence.text
    loi = bool(_LOI.search(text))
    for trig, rx in _COMPILED:
        for m in rx.finditer(text):
            ts, te = sentence.start + m.start(), sentence.start + m.end()
            ends = _choose(trig, names, ts, te, sentence, focus)
            if ends is None:
                continue
            subj, obj, used_focus = ends
            if trig.kind == "holds-role":  # "Senators Mark Warner and Marco Rubio"
                people = [subj] + [Linked(Mention(s, e, "", lk.label, lk.kind, "listed"), lk)
                                   for lk, (s, e) in _coordinated(
                                       (subj.link, (subj.mention.start, subj.mention.end)),
                                       names, trig.subjects, sentence, obj[0])]
            else:
                people = [subj]
            for subj, target in [(s, o) for s in people for o in
                                 [obj, *_coordinated(obj, names, trig.objects, sentence,
                                                     subj.link)]]:
                prop = _relation(trig, m.group(0), subj, target, sentence, figures, ts, te, loi)
                prop.spans = [s for s in prop.spans if s[1] > s[0]]
                if used_focus:
                    prop.confidence = round(prop.confidence - 0.15, 2)
                    prop.notes.append(f"'{text[m.start():m.end()]}' read as about "
                                      f"{used_focus.label} (named earlier: 'the company'/'its')")
                out.append(prop)
    return out


def _coordinated(first, names: list[Linked], kinds: tuple[str, ...], sentence: Sentence,
                 other: Link):
    """Entities listed after the chosen one ("loans to X and Y", "X, Y and Z")."""
    link, (start, end) = first
    found = []
    for n in sorted(names, key=lambda n: n.mention.start):
        if n.mention.start < end or n.link.kind not in kinds:
            continue
        if n.link.id in (link.id, other.id) or any(f[0].id == n.link.id for f in found):
            continue
        glue = sentence.text[end - sentence.start:n.mention.start - sentence.start]
        if not _LIST_GLUE.match(glue):
            break
        found.append((n.link, (n.mention.start, n.mention.end)))
        end = n.mention.end
    return found


def _choose(trig: Trigger, names: list[Linked], ts: int, te: int, sentence: Sentence,
            focus: Link | None):
    """(subject, (object link, object span), focus used or None), or None when the clause
    names no fitting pair. Active order is subject–trigger–object; an agent after the trigger
    ("from X", "by X") is the subject and the object then stands before."""
    inside = [n for n in names if not (n.mention.start < te and ts < n.mention.end)]
    subjects = [n for n in inside if n.link.kind in trig.subjects]
    objects = [n for n in inside if n.link.kind in trig.objects]
    rel = sentence.start
    subj, passive, used_focus = None, False, None
    for n in subjects:  # an agent after the trigger: "… from EXIM", "… by X"
        if n.mention.start > te and _AGENT.search(sentence.text[:n.mention.start - rel]):
            subj, passive = n, True
            break
    if subj is None:
        if trig.adjacent_subject:
            before = [n for n in subjects if 0 <= ts - n.mention.end <= 1]
        elif trig.kind == "holds-role":
            before = [n for n in sorted(subjects, key=lambda n: _distance(n, ts, te))[:1]
                      if _distance(n, ts, te) <= ROLE_REACH]
        elif _POSSESSIVE_BEFORE.search(sentence.text[max(0, ts - rel - 30):ts - rel + 4]):
            before = [n for n in subjects if n.mention.end <= ts]  # "its": the last one named
        else:
            before = [n for n in subjects if n.mention.end <= ts and not _CLAUSE_BREAK.search(
                sentence.text[n.mention.end - rel:ts - rel])]
        subj = max(before, key=lambda n: n.mention.end) if before else None
    if subj is None and focus is not None and focus.kind in trig.subjects and \
            _ANAPHORA.search(sentence.text[max(0, ts - rel - 25):ts - rel + 4]):
        subj = Linked(Mention(ts, ts, "", focus.label, focus.kind, "anaphora"), focus)
        used_focus = focus
    if subj is None:
        return None
    pool = [n for n in objects if n.link.id != subj.link.id]
    if trig.near_object is not None:
        pool = [n for n in pool if 0 <= n.mention.start - te <= trig.near_object]
    rank = {k: i for i, k in enumerate(trig.objects)}
    if trig.kind == "holds-role":
        # "CEO of X" looks ahead; "DFC CEO Ben Black", "RER's president" look back
        ahead = _ROLE_OF.match(sentence.text[te - rel:])
        near = [n for n in pool if _distance(n, ts, te) <= ROLE_REACH]
        side = [n for n in near if (n.mention.start >= te) == bool(ahead)] or near
        best = min(side, key=lambda n: (rank[n.link.kind], _distance(n, ts, te)), default=None)
    elif passive:
        side = [n for n in pool if n.mention.end <= ts]
        best = min(side, key=lambda n: (rank[n.link.kind], _distance(n, ts, te)), default=None)
        after = [n for n in pool if n.mention.start >= te and n is not subj
                 and rank[n.link.kind] < (rank[best.link.kind] if best else 99)]
        if after:  # "… from EXIM for a loan to fund the company's Tanbreez mine"
            best = min(after, key=lambda n: (rank[n.link.kind], _distance(n, ts, te)))
    else:
        side = [n for n in pool if n.mention.start >= te and n.mention.start - te <= OBJECT_REACH]
        best = min(side, key=lambda n: (rank[n.link.kind], _distance(n, ts, te)), default=None)
    if best is not None:
        return subj, (best.link, (best.mention.start, best.mention.end)), used_focus
    if (focus is not None and focus.kind in trig.objects and focus.id != subj.link.id
            and _ANAPHORA.search(sentence.text)):
        return subj, (focus, (ts, te)), focus
    return None


def _distance(n: Linked, ts: int, te: int) -> int:
    return ts - n.mention.end if n.mention.end <= ts else max(0, n.mention.start - te)


def _relation(trig: Trigger, said: str, subj: Linked, obj, sentence: Sentence,
              figures: list[Figure], ts: int, te: int, loi: bool) -> Proposal | None:
    obj_link, obj_span = obj
    fields: dict = {"kind": trig.kind, "subject": subj.link.id, "object": obj_link.id}
    if trig.kind == "offtake" and obj_link.category == "actor" and \
            _SELLER_SPEAKS.search(sentence.text):
        # "X signed an offtake to supply Y": X sells; an offtake runs buyer → seller
        fields["subject"], fields["object"] = obj_link.id, subj.link.id
    status = trig.status
    if trig.kind == "finances" and loi:
        status = "letter-of-interest"  # never committed while the text speaks of an LOI
    if status is None and trig.kind in _STAGED:
        status = next((s for rx, s in _STATUS if rx.search(sentence.text)), "reported")
    status = status or "reported"
    fields["status"] = status
    if trig.kind == "holds-role":
        fields["role"] = subj.mention.role or said
    near = sorted((f for f in figures if sentence.start <= f.start < sentence.end),
                  key=lambda f: abs(f.start - ts))
    spans = [(subj.mention.start, subj.mention.end), obj_span, (ts, te)]
    for wanted in trig.figures:
        fig = _pick(wanted, near)
        if fig is None:
            continue
        spans.append((fig.start, fig.end))
        if wanted == "amount" and fig.unit and "/" not in fig.unit:
            fields.update(amount=fig.value, currency=fig.unit,
                          amount_qualifier=fig.qualifier if fig.qualifier != "range" else None)
        elif wanted == "share" and fig.value is not None and 0 < fig.value <= 100:
            fields["share_pct"] = fig.value
        elif wanted == "volume":
            fields.update(volume=fig.value, volume_unit=fig.unit)
        elif wanted == "duration" and fig.unit in ("year", "month"):
            fields["duration_years"] = fig.value if fig.unit == "year" else round(fig.value / 12, 2)
    if trig.instrument:
        fields["instrument"] = trig.instrument
    fields = {k: v for k, v in fields.items() if v is not None}
    return Proposal("relations", fields, f"relation:{trig.name}", trig.confidence, spans,
                    sentence)


_FIGURE_KIND = {"amount": "money", "share": "percent", "volume": "quantity",
                "duration": "duration"}


def _pick(wanted: str, near: list[Figure]) -> Figure | None:
    return next((f for f in near if f.kind == _FIGURE_KIND[wanted]), None)


def _nearest_measure(text: str, fig: Figure, sentence: Sentence) -> str | None:
    """The measure whose cue word stands nearest the figure ("reserves share … 2%")."""
    at = fig.start - sentence.start
    best = None
    for rx, measure, kind in T.MEASURE_CUES:
        if kind != fig.kind:
            continue
        for m in re.finditer(rx, text, re.IGNORECASE):
            gap = abs(m.start() - at)
            if best is None or gap < best[0]:
                best = (gap, measure)
    return best[1] if best else None


def observations_in(sentence: Sentence, names: list[Linked], figures: list[Figure],
                    used: set[int]) -> list[Proposal]:
    """Figures of the sentence that no relation took, as observations of the nearest
    entity — only where a measure cue word says what the figure measures."""
    out = []
    text = sentence.text
    for fig in figures:
        if fig.start in used or not sentence.start <= fig.start < sentence.end:
            continue
        if fig.kind not in ("money", "percent", "quantity") or fig.value is None:
            continue
        if fig.kind == "money" and _FINANCE_WORDS.search(text):
            continue  # money in a finance sentence belongs to a relation, not a measure
        measure = _nearest_measure(text, fig, sentence)
        if measure is None:
            continue
        allowed = _MEASURED.get(measure)
        subjects = [n for n in names if n.link.category in ("site", "actor", "place")
                    and (allowed is None or n.link.category in allowed
                         or n.link.kind in allowed)]
        if not subjects:
            continue
        subj = min(subjects, key=lambda n: ({"site": 0, "actor": 1, "place": 2}[n.link.category],
                                            _distance(n, fig.start, fig.end)))
        commodity = next((n for n in names if n.link.kind == "commodity"), None)
        fields: dict = {"measure": measure, "subject": subj.link.id}
        if commodity is not None:
            fields["commodity"] = commodity.link.id
        if fig.value_max is not None:
            fields.update(value_min=fig.value, value_max=fig.value_max, qualifier="range")
        else:
            fields.update(value=fig.value, qualifier=fig.qualifier)
        fields["unit"] = fig.unit
        if _FUTURE.search(text):
            fields["status"] = "target" if measure in ("production", "capacity") else "estimate"
        when = next((f for f in figures if f.kind == "date" and f.date and "/" not in f.date
                     and sentence.start <= f.start < sentence.end), None)
        spans = [(fig.start, fig.end), (subj.mention.start, subj.mention.end)]
        if when is not None:
            fields["date"] = when.date
            spans.append((when.start, when.end))
        out.append(Proposal("observations", fields, f"observation:{measure}", 0.5, spans,
                            sentence))
    return out
