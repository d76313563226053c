"""Name an entity by slug, label or alias; unknown names get the closest matches.

>>> from mineralgraph.store import open_store
>>> resolve_entity(open_store(), "Boguty").slug      # an alias of Bakuta
'bakuta'
"""

from __future__ import annotations

import difflib
import unicodedata
import weakref
from dataclasses import dataclass

from .errors import NotFoundError
from .names import SLUG
from .store import EmbeddedStore, Store, Term

_NAMES_QUERY = """
PREFIX mg: <https://w3id.org/mineralgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e ?id ?label ?kind ?name WHERE {
  ?e mg:kind ?kind ; mg:recordId ?id ; rdfs:label ?label .
  { ?e rdfs:label ?name } UNION { ?e mg:alias ?name } UNION { ?e mg:recordId ?name }
}
"""


_BY_ID_QUERY = """
PREFIX mg: <https://w3id.org/mineralgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e ?label ?kind WHERE { ?e mg:recordId ?id ; mg:kind ?kind ; rdfs:label ?label . }
"""
# one index per embedded store (read-only, so its names never change)
_INDEXES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class EntityRef:
    iri: str
    slug: str
    label: str
    kind: str


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


class EntityIndex:
    """All names of all entities in a store, read once (:meth:`of` reuses it per store)."""

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
        self._by_id: dict[str, EntityRef] = {}
        self.entities: dict[str, EntityRef] = {}
        for row in store.select(_NAMES_QUERY).rows():
            ref = EntityRef(row["e"], row["id"], row["label"], row["kind"])
            self.entities[ref.iri] = ref
            self._by_id[ref.slug] = ref
            self._by_name.setdefault(_norm(row["name"]), set()).add(ref)

    def resolve(self, name: str, *, kinds: set[str] | None = None) -> EntityRef:
        """The entity called ``name`` (slug, label or alias, case- and accent-insensitive)."""
        if name.startswith(("http://", "https://")) and name in self.entities:
            return self.entities[name]
        exact = self._by_id.get(name)  # a record id is unique: it wins over a look-alike name
        if exact is not None and (kinds is None or exact.kind in kinds):
            return exact
        found = {r for r in self._by_name.get(_norm(name), set())
                 if kinds is None or r.kind in kinds}
        if len(found) == 1:
            return next(iter(found))
        if len(found) > 1:
            options = ", ".join(sorted(f"{r.slug} ({r.kind})" for r in found))
            raise NotFoundError(f"{name!r} is ambiguous: it names {options}; use the id")
        pool = [n for n, refs in self._by_name.items()
                if kinds is None or any(r.kind in kinds for r in refs)]
        close = difflib.get_close_matches(_norm(name), pool, n=5, cutoff=0.5)
        if not close:
            close = [n for n in pool if _norm(name) in n][:5]
        hint = ""
        if close:
            names = sorted({r.slug for n in close for r in self._by_name[n]})
            hint = f"; closest: {', '.join(names)}"
        what = f" of kind {'/'.join(sorted(kinds))}" if kinds else ""
        raise NotFoundError(f"no entity{what} is called {name!r}{hint}")


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
