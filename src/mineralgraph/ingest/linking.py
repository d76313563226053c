"""Entity linking: a name found in the text → an existing record id, or a new candidate.

In order: the exact label or alias of an existing entity (case- and accent-insensitive, legal
suffixes ignored), an alias the text itself defines ("Export-Import Bank of the United States
(EXIM)"), a country through pycountry and its adjective (tables.DEMONYMS), then rapidfuzz above
``tables.FUZZY_THRESHOLD`` within the same category (the evidence note says so). A name that
matches nothing becomes a new candidate whose id never collides with another entity's: two
different organisations are never merged silently.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .. import kinds as K
from ..names import SLUG
from . import tables as T

_PUNCT = re.compile(r"[.,'’`\"()]")
_COUNTRY_PREFIXES = frozenset({"us", "u s", "usa", "uk", "eu", "american", "british"})


def norm(name: str) -> str:
    """Comparable form of a name: ASCII, lower case, no punctuation, no legal suffix."""
    name = re.sub(r"['’](?:s\b)?", "", name.replace("\u2018", "'"))  # DOE’s, Minerals'
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b)", "", text)  # U.S. → us, U.K. → uk
    text = _PUNCT.sub(" ", text.replace("&", " and ").replace("-", " "))
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    suffixes = {s.rstrip(".") for s in T.LEGAL_SUFFIXES}
    while len(words) > 1 and words[-1] in suffixes:
        words.pop()
    return " ".join(words)


def site_core(key: str) -> str:
    """A normalised site name without its cue word and commodity words ("tanbreez")."""
    words = key.split()
    while len(words) > 1 and (words[-1] in T.SITE_CUES or words[-1] in T.COMMODITIES
                              or " ".join(words[-2:]) in T.COMMODITIES):
        words = words[:-2] if " ".join(words[-2:]) in T.COMMODITIES else words[:-1]
    return " ".join(words) or key


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", norm(name)).strip("-")
    return re.sub(r"-{2,}", "-", slug)[:60].strip("-") or "entity"


@dataclass
class Link:
    """Where a name points: an existing record (``new`` False) or a new candidate."""

    id: str
    kind: str
    label: str
    new: bool
    how: str  # label | alias | acronym | country | fuzzy | new
    score: float = 100.0
    aliases: list[str] = field(default_factory=list)

    @property
    def category(self) -> str:
        return K.ENTITY_KINDS[self.kind].category


@dataclass(frozen=True)
class Known:
    id: str
    kind: str
    label: str


class Linker:
    """Names of the existing data set, plus what one document teaches (acronyms, new names)."""

    def __init__(self, entities: list[Known], names: dict[str, list[str]]):
        self._by_id = {e.id: e for e in entities}
        self._by_name: dict[str, set[str]] = {}
        for rid, rnames in names.items():
            for n in rnames:
                self._by_name.setdefault(norm(n), set()).add(rid)
        # "US EXIM" is also called "EXIM", "US Export-Import Bank" "Export-Import Bank"
        for rid, rnames in names.items():
            for n in rnames:
                words = norm(n).split()
                if len(words) >= 2 and words[0] in _COUNTRY_PREFIXES:
                    rest = " ".join(words[1:])
                    if len(rest) >= 3 and rest not in self._by_name:
                        self._by_name[rest] = {rid}
        self._fuzzy: dict[str, list[tuple[str, str]]] = {}  # category → (norm name, id)
        for n, ids in self._by_name.items():
            for rid in ids:
                cat = K.ENTITY_KINDS[self._by_id[rid].kind].category
                self._fuzzy.setdefault(cat, []).append((n, rid))
        self._doc: dict[str, Link] = {}  # norm name → link made in this document
        #: (kind, subject, object) → id of the relations the data set already records
        self.relations: dict[tuple[str, str, str], str] = {}
        self._taken: set[str] = set(self._by_id)

    @classmethod
    def from_dataset(cls, ds) -> Linker:
        from ..model import Entity

        entities, names = [], {}
        for rec in ds.records():
            if isinstance(rec, Entity):
                entities.append(Known(rec.id, rec.kind, rec.label))
                names[rec.id] = [rec.label, *rec.aliases]
        linker = cls(entities, names)
        linker._taken |= {rec.id for rec in ds.records()}  # relations, sources… too
        linker.relations = {(r.kind, r.subject, r.object): r.id for r in ds.records("relations")}
        return linker

    def claim(self, base: str) -> str:
        """A record id from ``base`` that no record of the data set or of this document has."""
        rid, n = base, 2
        while rid in self._taken:
            rid, n = f"{base}-{n}", n + 1
        self._taken.add(rid)
        return rid

    def known_names(self) -> list[str]:
        """Every label and alias of the data set (normalised), for finding them in a text."""
        return list(self._by_name)

    def link(self, name: str, kind: str, *, country: str | None = None) -> Link:
        """Link one name of a suggested ``kind`` (the category decides what it may match)."""
        category = K.ENTITY_KINDS[kind].category
        key = norm(country or name)
        if category == "site":  # "Tanbreez mine" and "Tanbreez project" are one site
            key = site_core(key)
        if key in self._doc:
            return self._doc[key]
        found = self._exact(key, category) or (
            self._exact(norm(name), category) if category == "site" else None)
        if found is None and country:
            found = self._state(country)
        if found is None and len(key) >= 6:
            found = self._fuzzy_match(key, category)
        if found is None:
            found = self._new(country or name, kind)
        self._doc[key] = found
        return found

    def link_known(self, name: str) -> Link | None:
        """The one existing entity with this label or alias (None if none or several)."""
        key = norm(name)
        if key in self._doc:
            return self._doc[key]
        ids = sorted(self._by_name.get(key, ()))
        if len(ids) != 1:
            return None
        e = self._by_id[ids[0]]
        found = Link(e.id, e.kind, e.label, False, "label" if norm(e.label) == key else "alias")
        self._doc[key] = found
        return found

    def teach_alias(self, alias: str, link: Link) -> None:
        """The text defines ``alias`` for ``link`` ("… (EXIM)"): later mentions follow it."""
        key = norm(alias)
        if key and key not in self._doc:
            self._doc[key] = link
            if link.new and alias not in link.aliases and alias != link.label:
                link.aliases.append(alias)

    def lookup(self, alias: str) -> Link | None:
        return self._doc.get(norm(alias))

    def _exact(self, key: str, category: str) -> Link | None:
        ids = sorted(i for i in self._by_name.get(key, ())
                     if K.ENTITY_KINDS[self._by_id[i].kind].category == category)
        if len(ids) != 1:
            return None  # none, or ambiguous: never pick one silently
        e = self._by_id[ids[0]]
        how = "label" if norm(e.label) == key else "alias"
        return Link(e.id, e.kind, e.label, False, how)

    def _state(self, country: str) -> Link | None:
        rid = slugify(country)
        e = self._by_id.get(rid)
        if e is not None and e.kind == "state":
            return Link(e.id, e.kind, e.label, False, "country")
        return None

    def _fuzzy_match(self, key: str, category: str) -> Link | None:
        from rapidfuzz import fuzz, process

        pool = self._fuzzy.get(category, [])
        if not pool:
            return None
        best = process.extractOne(key, [n for n, _ in pool], scorer=fuzz.token_sort_ratio,
                                  score_cutoff=T.FUZZY_THRESHOLD)
        if best is None:
            return None
        _, score, index = best
        e = self._by_id[pool[index][1]]
        return Link(e.id, e.kind, e.label, False, "fuzzy", float(score))

    def _new(self, name: str, kind: str) -> Link:
        base = slugify(name)
        return Link(self.claim(base if SLUG.fullmatch(base) else "entity"), kind, name, True,
                    "new")
