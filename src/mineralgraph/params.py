"""Query parameters: declared types, and user text turned into typed RDF terms.

A named query declares each parameter with a type (``entity``, ``integer``, ``date``…). The
value a user gives on the command line is converted here into one RDF term — an IRI or a
literal with its datatype — that the store binds to the query variable. User text never
becomes query syntax: a value such as ``"} ; DROP ALL ; {"`` is a string literal like any
other.

>>> from mineralgraph.params import ParamSpec, convert_param
>>> convert_param(ParamSpec("hops", "integer"), "2").n3()
'"2"^^<http://www.w3.org/2001/XMLSchema#integer>'
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from . import kinds as K
from .errors import MineralgraphError, NotFoundError
from .resolve import EntityIndex, by_record_id
from .resolve import _norm  # the same name normalisation as entities (case, accents)
from .store import XSD, Store, Term
from .vocab import DCTERMS, MG, RDF, RDFS

# Types whose value names something in the store, resolved against it.
ENTITY_TYPES = ("entity", "commodity", "source")
# Types checked against a declared vocabulary of slugs (kinds.py).
VOCABULARIES: dict[str, tuple[str, ...]] = {
    "kind": tuple(K.ENTITY_KINDS),
    "relation-kind": tuple(K.RELATION_KINDS),
    "measure": tuple(K.MEASURES),
    "status": tuple(K.RELATION_STATUSES),
    "risk-category": tuple(K.RISK_CATEGORIES),
    "identifier-scheme": tuple(K.IDENTIFIER_SCHEMES),
}
MAX_DIGITS = 100  # a parameter number of more digits is refused (1e999999999 would hang)
SCALAR_TYPES = ("string", "iri", "integer", "decimal", "date")
TYPE_NAMES = (*ENTITY_TYPES, *VOCABULARIES, *SCALAR_TYPES)


@dataclass(frozen=True)
class ParamSpec:
    """One declared parameter: ``entity:state`` restricts an entity to kinds (``|``-separated)."""

    name: str
    type: str
    default: str | None = None
    optional: bool = False
    description: str = ""

    @property
    def base_type(self) -> str:
        return self.type.split(":", 1)[0]

    @property
    def kinds(self) -> set[str] | None:
        if ":" not in self.type:
            return {"commodity"} if self.base_type == "commodity" else None
        return set(self.type.split(":", 1)[1].split("|"))

    def check(self) -> None:
        """Raise if the declaration itself is wrong (unknown type or kind)."""
        if self.base_type not in TYPE_NAMES:
            raise MineralgraphError(
                f"parameter {self.name!r} has unknown type {self.type!r}; types: "
                + ", ".join(TYPE_NAMES))
        if ":" in self.type:
            if self.base_type != "entity":
                raise MineralgraphError(
                    f"parameter {self.name!r}: only entity takes kinds (entity:state|region)")
            unknown = self.kinds - set(K.ENTITY_KINDS)  # type: ignore[operator]
            if unknown:
                raise MineralgraphError(
                    f"parameter {self.name!r} names unknown kind(s) {sorted(unknown)}")


@dataclass
class Resolver:
    """Resolves entity and source names against one store, reading its names once."""

    store: Store
    _entities: EntityIndex | None = None
    _sources: dict[str, set[tuple[str, str]]] | None = field(default=None, repr=False)

    def entity(self, name: str, kinds: set[str] | None) -> str:
        if self._entities is None:
            exact = by_record_id(self.store, name, kinds=kinds)
            if exact is not None:
                return exact.iri
            self._entities = EntityIndex.of(self.store)
        return self._entities.resolve(name, kinds=kinds).iri

    def source(self, name: str) -> str:
        if self._sources is None:
            self._sources = self._read_sources()
        found = self._sources.get(_norm(name), set())
        if len(found) == 1:
            return next(iter(found))[0]
        if len(found) > 1:
            ids = ", ".join(sorted(rid for _, rid in found))
            raise NotFoundError(f"{name!r} names several sources: {ids}; use the id")
        close = difflib.get_close_matches(_norm(name), list(self._sources), n=5, cutoff=0.5)
        ids = sorted({rid for n in close for _, rid in self._sources[n]})
        hint = f"; closest: {', '.join(ids)}" if ids else ""
        raise NotFoundError(f"no source is called {name!r}{hint}")

    def _read_sources(self) -> dict[str, set[tuple[str, str]]]:
        query = f"""
            SELECT ?s ?id ?name WHERE {{
              ?s <{RDF.type}> <{MG.SourceDocument}> ; <{MG.recordId}> ?id .
              {{ ?s <{MG.recordId}> ?name }} UNION {{ ?s <{RDFS.label}> ?name }}
              UNION {{ ?s <{DCTERMS.source}> ?name }} UNION {{ ?s <{DCTERMS.title}> ?name }}
            }}"""
        names: dict[str, set[tuple[str, str]]] = {}
        for row in self.store.select(query).rows():
            for name in (row["name"], row["s"]):
                names.setdefault(_norm(str(name)), set()).add((row["s"], row["id"]))
        return names


def convert_param(spec: ParamSpec, value: Any, *, resolver: Resolver | None = None) -> Term:
    """The RDF term for ``value`` given as parameter ``spec`` (a str, number, date or Term)."""
    if isinstance(value, Term):
        return value
    if isinstance(value, bool):
        raise _bad(spec, value, "a boolean is not accepted here")
    if isinstance(value, dt.date):
        value = value.isoformat()
    if isinstance(value, (int, float, Decimal)) and spec.base_type in ("integer", "decimal"):
        value = str(value)
    if not isinstance(value, str):
        raise _bad(spec, value, f"expected text for a {spec.type} parameter")
    kind = spec.base_type
    if kind in ENTITY_TYPES:
        if resolver is None:
            raise MineralgraphError(f"parameter {spec.name!r} needs a store to resolve names")
        if kind == "source":
            return Term.iri(resolver.source(value))
        return Term.iri(resolver.entity(value, spec.kinds))
    if kind in VOCABULARIES:
        return Term.literal(_vocabulary(spec, value))
    return _SCALARS[kind](spec, value)


def _bad(spec: ParamSpec, value: Any, why: str) -> MineralgraphError:
    shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:60] + "…"
    return MineralgraphError(f"parameter {spec.name!r} ({spec.type}): {shown} — {why}")


def _vocabulary(spec: ParamSpec, value: str) -> str:
    allowed = VOCABULARIES[spec.base_type]
    slug = value.strip().lower().replace(" ", "-").replace("_", "-")
    if slug in allowed:
        return slug
    close = difflib.get_close_matches(slug, allowed, n=5, cutoff=0.5)
    hint = f"closest: {', '.join(close)}" if close else "one of: " + ", ".join(allowed)
    raise NotFoundError(f"parameter {spec.name!r}: {value!r} is not a known "
                        f"{spec.base_type}; {hint}")


def _checked_iri(spec: ParamSpec, value: str) -> str:
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]+", value):
        raise _bad(spec, value, "not an absolute IRI (e.g. https://w3id.org/mineralgraph/id/…)")
    return value


def _string(spec: ParamSpec, value: str) -> Term:
    return Term.literal(value)


def _iri(spec: ParamSpec, value: str) -> Term:
    return Term.iri(_checked_iri(spec, value.strip()))


def _integer(spec: ParamSpec, value: str) -> Term:
    if not re.fullmatch(r"[+-]?[0-9]+", value.strip()):
        raise _bad(spec, value, "not an integer")
    if len(value.strip().lstrip("+-").lstrip("0")) > MAX_DIGITS:
        raise _bad(spec, value, f"out of range (at most {MAX_DIGITS} digits)")
    return Term.literal(str(int(value)), XSD + "integer")


def _decimal(spec: ParamSpec, value: str) -> Term:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise _bad(spec, value, "not a number") from None
    if not number.is_finite():
        raise _bad(spec, value, "not a finite number")
    if number and abs(number.adjusted()) > MAX_DIGITS:
        raise _bad(spec, value, f"out of range (at most {MAX_DIGITS} digits either side of "
                                "the point)")
    text = format(number.normalize(), "f") if number != number.to_integral_value() else str(
        int(number))
    return Term.literal(text, XSD + "decimal")


def _date(spec: ParamSpec, value: str) -> Term:
    from .model import partial_date, date_literal

    try:
        iso = partial_date(value.strip())
    except ValueError as exc:
        raise MineralgraphError(f"parameter {spec.name!r} (date): {exc}") from None
    lit = date_literal(iso)
    return Term.literal(str(lit), str(lit.datatype))


_SCALARS: dict[str, Callable[[ParamSpec, str], Term]] = {
    "string": _string, "iri": _iri, "integer": _integer, "decimal": _decimal, "date": _date,
}
