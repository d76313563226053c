"""The relation trigger table: which words in a clause propose which relation.

One row per trigger, read top to bottom; a curator adds a row to teach the extractor a new
phrasing. Each row names:

- ``pattern``: a regular expression (case-insensitive) matched in a sentence;
- ``kind``: the relation kind (kinds.RELATION_KINDS);
- ``subjects`` / ``objects``: the entity kinds the subject and object are chosen from, in order
  of preference — always within the kind constraints of kinds.py (a test checks);
- ``status``: the status the trigger itself states (a letter of interest is
  ``letter-of-interest``, never committed), or None to read it from the clause (tables.STATUS_CUES);
- ``instrument``: the finance instrument written on the relation, if any;
- ``figures``: which figures of the clause fill the relation (amount, share, volume, duration);
- ``confidence``: how sure the rule is (0–1), shown to the reviewer.

Subject and object: the subject is the nearest fitting entity before the trigger and the object
the nearest after it, unless the clause names the subject as an agent after the trigger
("received a letter of interest *from* EXIM", "was acquired *by* X"): then the roles swap.
"""

from __future__ import annotations

from dataclasses import dataclass

import re

from .. import kinds as K
from .tables import ROLE_WORDS

_FIN = ("financial-institution", "government-agency", "state", "state-owned-enterprise",
        "intergovernmental-organisation")
_SITES = ("project", "mine", "deposit", "facility", "ore-field")
_ORGS = ("company", "state-owned-enterprise", "joint-venture", "financial-institution",
         "government-agency", "state", "intergovernmental-organisation", "organisation")


@dataclass(frozen=True)
class Trigger:
    name: str
    pattern: str
    kind: str
    subjects: tuple[str, ...]
    objects: tuple[str, ...]
    status: str | None = None
    instrument: str | None = None
    figures: tuple[str, ...] = ()
    confidence: float = 0.6
    #: the subject must end right where the trigger starts ("Tanbreez mine| in Greenland")
    adjacent_subject: bool = False
    #: the object must start within this many characters after the trigger
    near_object: int | None = None


TRIGGERS: tuple[Trigger, ...] = (
    # A letter or expression of interest is not a commitment: its status is fixed.
    Trigger("letter-of-interest",
            r"\bletters? of interest\b|\bLOIs?\b|\bexpressions? of interest\b|\bnon-binding\b",
            "finances", _FIN, (*_SITES, "company", "state-owned-enterprise", "joint-venture"),
            status="letter-of-interest", instrument="letter of interest",
            figures=("amount", "duration"), confidence=0.75),
    Trigger("letter-of-intent", r"\bletters? of intent\b", "finances", _FIN,
            (*_SITES, "company", "joint-venture"), status="letter-of-intent",
            instrument="letter of intent", figures=("amount", "duration"), confidence=0.6),
    Trigger("loan",
            r"\b(?:loans?|debt (?:facility|financing|funding|package)|credit facility|"
            r"project financ\w*|financing|funding|lend\w*|guarantee)\b",
            "finances", _FIN, (*_SITES, "company", "state-owned-enterprise", "joint-venture"),
            instrument="loan", figures=("amount", "duration"), confidence=0.55),
    Trigger("grant", r"\b(?:grants?|award(?:ed|s)?)\b", "finances",
            ("government-agency", "state", "financial-institution"),
            (*_SITES, "company"), instrument="grant", figures=("amount",), confidence=0.5),
    Trigger("equity-investment",
            r"\b(?:equity investment|equity stake|invest(?:s|ed|ing)? (?:\S+ ){0,4}in|"
            r"investment in)\b",
            "invests-in", _FIN + ("company", "joint-venture"),
            (*_SITES, "company", "state-owned-enterprise", "joint-venture"),
            instrument="equity", figures=("amount", "share"), confidence=0.55),
    Trigger("stake",
            r"\b(?:stake|shareholding|equity interest|ownership interest|ownership)\b(?= in| of)|"
            r"\bowns\b|\bowned by\b|\bholds? (?:a )?\d|\bsubsidiary of\b|\bwholly[- ]owned\b|"
            r"\bshareholder in\b",
            "owns", _ORGS, (*_SITES, "company", "joint-venture", "state-owned-enterprise"),
            figures=("share",), confidence=0.55),
    Trigger("state-owned", r"['’]s? state-owned\b", "owns", ("state",),
            ("state-owned-enterprise", "company"), confidence=0.6, near_object=40),
    Trigger("acquire", r"\b(?:acquir(?:e|es|ed|ing)|acquisition of|takeover of|buy(?:s|ing)? "
            r"(?:a )?\d[\d.]*\s?%)\b",
            "acquires", _ORGS, (*_SITES, "company", "joint-venture", "state-owned-enterprise"),
            figures=("amount", "share"), confidence=0.55),
    Trigger("joint-venture",
            r"\b(?:joint venture|JV|consortium|partner(?:ed|ing|s)? with|partnership with|"
            r"partner in)\b",
            "partner-in", _ORGS, ("joint-venture", *_SITES, "company", "agreement"),
            confidence=0.5),
    Trigger("offtake",
            r"\b(?:off-?take|supply agreement|supply deal|purchase agreement|sales agreement)\b",
            "offtake", ("company", "state-owned-enterprise", "government-agency", "state"),
            ("company", *_SITES, "state-owned-enterprise", "joint-venture"),
            figures=("volume", "duration"), confidence=0.55),
    Trigger("role",
            r"\b(?:" + "|".join(re.escape(w) for w in sorted(ROLE_WORDS, key=len, reverse=True))
            + r")\b",
            "holds-role", ("person",),
            (*[k for k in _ORGS if k != "state"], "forum", *_SITES, "state"), confidence=0.6),
    Trigger("located-in",
            r"\b(?:located|based|situated|headquartered|sited) in\b",
            "located-in", (*_SITES, "company", "joint-venture"), ("region", "state"),
            confidence=0.6),
    Trigger("site-in", r"\s+in\b(?= (?:the )?[A-Z])", "located-in", _SITES, ("region", "state"),
            confidence=0.6, adjacent_subject=True, near_object=30),
    Trigger("launches", r"\b(?:launched|launches|unveiled|announced|established)\b",
            "launches", ("person", "state", "government-agency", "financial-institution",
                         "company", "forum"), ("project", "forum", "policy-instrument"),
            confidence=0.45, near_object=12),
    Trigger("member-of",
            r"\b(?:members? of|joined|newest|as (?:a|the) (?:new )?(?:member|partner) of)\b",
            "member-of", (*_ORGS, "forum"), ("forum", "intergovernmental-organisation",
                                             "organisation"), confidence=0.55),
    Trigger("part-of",
            r"\b(?:within the|a (?:unit|division|subsidiary|department|bureau) of|part of)\b",
            "part-of", ("government-agency", "organisation", "company", "financial-institution"),
            ("government-agency", "state", "organisation", "company", "financial-institution"),
            confidence=0.45),
    Trigger("develops",
            r"\b(?:develop(?:s|ing|ed)?|development of|advance (?:its|the)|build(?:s|ing)?|"
            r"construction of|owner of the|being developed by|developed by)\b",
            "develops", ("company", "state-owned-enterprise", "joint-venture", "state"),
            _SITES, confidence=0.5),
    # "Northern Minerals' Browns Range … project", "its Bear Lodge project": the owner's site
    Trigger("possessive-site",
            r"(?:(?<=\w)['’]s?|\bits)(?=\s+(?:[A-Z][\w-]*\s+){1,3}(?:[a-z]+\s+){0,5}?"
            r"(?:project|mine|deposit|plant|facility|refinery)s?\b)",
            "develops", ("company", "state-owned-enterprise", "joint-venture"), _SITES,
            confidence=0.5, near_object=8),
)

_BY_NAME = {t.name: t for t in TRIGGERS}


def trigger(name: str) -> Trigger:
    return _BY_NAME[name]


def check_table() -> list[str]:
    """Rows that break kinds.py's constraints (empty when the table is sound)."""
    wrong = []
    for t in TRIGGERS:
        rk = K.RELATION_KINDS.get(t.kind)
        if rk is None:
            wrong.append(f"{t.name}: unknown relation kind {t.kind!r}")
            continue
        for end, kinds, allowed in (("subject", t.subjects, rk.subjects),
                                    ("object", t.objects, rk.objects)):
            bad = [k for k in kinds if k not in allowed]
            if bad:
                wrong.append(f"{t.name}: {end} kinds {bad} not allowed for {t.kind}")
        if t.status is not None and t.status not in K.RELATION_STATUSES:
            wrong.append(f"{t.name}: unknown status {t.status!r}")
    return wrong
