"""Name an entity by slug, label or alias; unknown names get the closest matches.

>>> from mineralgraph.store import open_store
>>> resolve_entity(open_store(), "Boguty").slug      # an alias of Bakuta
'bakuta'
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from dataclasses import dataclass

from .errors import NotFoundError
from .names import SLUG
from .store import EmbeddedStore, Store, Term

_NAMES_QUERY = """
PREFIX mg: <https://w3id.org/mineralgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e ?id ?label ?kind ?name ?country WHERE {
  ?e mg:kind ?kind ; mg:recordId ?id ; rdfs:label ?label .
  { ?e rdfs:label ?name } UNION { ?e mg:alias ?name } UNION { ?e mg:recordId ?name }
  OPTIONAL { ?e mg:country/rdfs:label ?country }
}
"""


_BY_ID_QUERY = """
PREFIX mg: <https://w3id.org/mineralgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e ?label ?kind WHERE { ?e mg:recordId ?id ; mg:kind ?kind ; rdfs:label ?label . }
"""
# one index per embedded store (read-only, so its names never change)
_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

#: Words a short form of a name leaves out: a country qualifier in front ("US EXIM" is called
#: "EXIM") and a legal form at the end ("Severniy Katpar LLP" is called "Severniy Katpar").
#: Normalised as names are (lower case, punctuation as spaces).
NAME_QUALIFIERS = ("us", "u s", "united states", "american", "the")
LEGAL_FORMS = ("llc", "llp", "ltd", "limited", "inc", "corp", "corporation", "co", "jsc", "pjsc",
               "ojsc", "plc", "sa", "ag", "gmbh", "pty", "pty ltd", "co ltd", "nv", "bv", "spa")
#: Fewest characters a partial name must have to stand for a longer one ("Tau-Ken").
MIN_PARTIAL = 3
#: rapidfuzz WRatio score (0–100) from which a name is offered as a suggestion.
SUGGEST_SCORE = 70


@dataclass(frozen=True)
class EntityRef:
    iri: str
    slug: str
    label: str
    kind: str


def _norm(text: str) -> str:
    """Case, accents, hyphens and punctuation ignored: "Tau-Ken Samruk" == "tau ken samruk"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


_PUNCT = re.compile(r"[^a-z0-9]+")


def short_forms(name: str) -> set[str]:
    """The normalised name without a leading qualifier or a trailing legal form (not itself)."""
    forms, norm = set(), _norm(name)
    for lead in NAME_QUALIFIERS:
        if norm.startswith(lead + " "):
            forms.add(norm[len(lead) + 1:])
    for tail in LEGAL_FORMS:
        for base in [norm, *forms]:
            if base.endswith(" " + tail):
                forms.add(base[: -len(tail) - 1])
    return {f for f in forms if len(f) >= MIN_PARTIAL} - {norm}


class EntityIndex:
    """All names of all entities in a store, read once (:meth:`of` reuses it per store).

    A name resolves, in this order, as: an IRI or record id; a label, alias or id spelled with
    any case, accents, hyphens or punctuation; a short form (qualifier or legal form left out:
    "EXIM" for "US EXIM"); the first words of one entity's name ("Tau-Ken" for "Tau-Ken
    Samruk"); a run of whole words inside one entity's name. At any step, two or more entities with the name make it ambiguous: the error
    lists them and none is picked. Unknown names get fuzzy suggestions (rapidfuzz), ranked by
    score, with kind and country.
    """

    @classmethod
    def of(cls, store: Store) -> EntityIndex:
        """The index of ``store``: built once per embedded store, afresh for an endpoint
        (whose data may change between calls)."""
        if not isinstance(store, EmbeddedStore):
            return cls(store)
        index = _INDEXES.get(store)
        if index is None:
            index = _INDEXES[store] = cls(store)
        return index

    def __init__(self, store: Store):
        self._by_name: dict[str, set[EntityRef]] = {}
        self._by_short: dict[str, set[EntityRef]] = {}
        self._by_id: dict[str, EntityRef] = {}
        self._country: dict[str, str] = {}
        self.entities: dict[str, EntityRef] = {}
        for row in store.select(_NAMES_QUERY).rows():
            ref = EntityRef(row["e"], row["id"], row["label"], row["kind"])
            self.entities[ref.iri] = ref
            self._by_id[ref.slug] = ref
            if row.get("country"):
                self._country[ref.iri] = row["country"]
            self._by_name.setdefault(_norm(row["name"]), set()).add(ref)
            for form in short_forms(row["name"]):
                self._by_short.setdefault(form, set()).add(ref)

    def resolve(self, name: str, *, kinds: set[str] | None = None) -> EntityRef:
        """The entity called ``name`` (see the class for the rules)."""
        if name.startswith(("http://", "https://")) and name in self.entities:
            return self.entities[name]
        exact = self._by_id.get(name)  # a record id is unique: it wins over a look-alike name
        if exact is not None and (kinds is None or exact.kind in kinds):
            return exact

        def allowed(refs):
            return {r for r in refs if kinds is None or r.kind in kinds}

        key = _norm(name)
        for found in (allowed(self._by_name.get(key, ())), allowed(self._by_short.get(key, ())),
                      allowed(self._partial(key, start=True)), allowed(self._partial(key))):
            if len(found) == 1:
                return next(iter(found))
            if len(found) > 1:
                options = ", ".join(sorted(self.describe(r) for r in found))
                raise NotFoundError(f"{name!r} is ambiguous: it names {options}; "
                                    f"use one of these ids")
        what = f" of kind {'/'.join(sorted(kinds))}" if kinds else ""
        hint = self.suggestions(name, kinds=kinds)
        tail = "; closest: " + ", ".join(hint) if hint else ""
        raise NotFoundError(f"no entity{what} is called {name!r}{tail}")

    def _partial(self, key: str, *, start: bool = False) -> set[EntityRef]:
        """Entities one of whose names begins with (``start``) or holds ``key`` as a run of
        whole words."""
        if len(key) < MIN_PARTIAL:
            return set()
        if start:
            return {r for n, refs in self._by_name.items() if n.startswith(key + " ")
                    for r in refs}
        padded = f" {key} "
        return {r for n, refs in self._by_name.items() if padded in f" {n} " for r in refs}

    def describe(self, ref: EntityRef) -> str:
        """``slug (kind, country)`` — how errors name an entity."""
        country = self._country.get(ref.iri)
        return f"{ref.slug} ({ref.kind}{', ' + country if country else ''})"

    def suggestions(self, name: str, *, kinds: set[str] | None = None,
                    limit: int = 5) -> list[str]:
        """The entities whose names are closest to ``name``, best first, as ``describe``d."""
        from rapidfuzz import fuzz, process, utils

        pool = [n for n, refs in self._by_name.items()
                if kinds is None or any(r.kind in kinds for r in refs)]
        scored = process.extract(_norm(name), pool, scorer=fuzz.WRatio,
                                 processor=utils.default_process, limit=limit * 3,
                                 score_cutoff=SUGGEST_SCORE)
        best: dict[EntityRef, float] = {}
        for match, score, _ in scored:
            for ref in self._by_name[match]:
                if (kinds is None or ref.kind in kinds) and score > best.get(ref, -1):
                    best[ref] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0].slug))[:limit]
        return [self.describe(ref) for ref, _ in ranked]


def by_record_id(store: Store, name: str, *, kinds: set[str] | None = None) -> EntityRef | None:
    """The entity whose record id is exactly ``name``, asked directly (no index: at 1M
    triples the index takes ~0.5 s to read, this lookup milliseconds); None if there is none.
    A record id is unique, so it wins over a label or alias spelled the same way."""
    if not SLUG.fullmatch(name):
        return None
    rows = store.select(_BY_ID_QUERY, {"id": Term.literal(name)}).rows()
    found = {EntityRef(r["e"], name, r["label"], r["kind"]) for r in rows
             if kinds is None or r["kind"] in kinds}
    if len({r.iri for r in found}) != 1:
        return None
    return min(found, key=lambda r: r.label)


def resolve_entity(store: Store, name: str, *, kinds: set[str] | None = None) -> EntityRef:
    """Resolve one name: a record id directly, anything else through the store's index."""
    return (by_record_id(store, name, kinds=kinds)
            or EntityIndex.of(store).resolve(name, kinds=kinds))
