"""Name an entity by slug, label or alias; unknown names get the closest matches.

>>> from mineralgraph.store import open_store
>>> resolve_entity(open_store(), "Boguty").slug      # an alias of Bakuta
'bakuta'
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

from .errors import NotFoundError
from .store import Store

_NAMES_QUERY = """
PREFIX mg: <https://w3id.org/mineralgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?e ?id ?label ?kind ?name WHERE {
  ?e mg:kind ?kind ; mg:recordId ?id ; rdfs:label ?label .
  { ?e rdfs:label ?name } UNION { ?e mg:alias ?name } UNION { ?e mg:recordId ?name }
}
"""


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
    """All names of all entities in a store, read once."""

    def __init__(self, store: Store):
        self._by_name: dict[str, set[EntityRef]] = {}
        self.entities: dict[str, EntityRef] = {}
        for row in store.select(_NAMES_QUERY).rows():
            ref = EntityRef(row["e"], row["id"], row["label"], row["kind"])
            self.entities[ref.iri] = ref
            self._by_name.setdefault(_norm(row["name"]), set()).add(ref)

    def resolve(self, name: str, *, kinds: set[str] | None = None) -> EntityRef:
        """The entity called ``name`` (slug, label or alias, case- and accent-insensitive)."""
        if name.startswith(("http://", "https://")) and name in self.entities:
            return self.entities[name]
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


def resolve_entity(store: Store, name: str, *, kinds: set[str] | None = None) -> EntityRef:
    """Resolve one name; for many, build an :class:`EntityIndex` once."""
    return EntityIndex(store).resolve(name, kinds=kinds)
