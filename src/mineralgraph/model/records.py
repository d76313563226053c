"""Records of the curated data set — the base record, evidence, sources and entities — and
the RDF triples each one yields (statements are in ``statements``).

A data file (``data/*.yaml``) is a mapping of sections (``sources``, ``actors``, ``sites``,
``places``, ``commodities``, ``instruments``, ``agreements``, ``events``, ``relations``,
``observations``, ``risks``), each a list of records. Every record that states a fact carries
``evidence``: the source id, a short quote, and who said it where the source attributes it.
``docs/data-format.md`` describes the fields; this package is the authority.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from rdflib import Literal as Lit
from rdflib import URIRef

from .. import kinds as K
from ..names import SLUG
from ..vocab import DCTERMS, ID, MG, PROV, RDF, RDFS, SKOS, XSD

Triple = tuple[URIRef, URIRef, Any]
IriOf = Callable[[str], URIRef]


def _slug(value: Any) -> str:
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid id: use lowercase letters, digits and single hyphens "
            "(e.g. jiangxi-copper)")
    if len(value) > 80:
        raise ValueError(f"id {value[:20]!r}… is longer than 80 characters")
    return value


def partial_date(value: Any) -> str:
    """Accept 2025, '2025-11', 2025-11-06 (YAML date) and return the ISO text."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date ({exc})") from None
    return value


Slug = Annotated[str, BeforeValidator(_slug)]
PartialDate = Annotated[str, BeforeValidator(partial_date)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
ShortText = Annotated[str, Field(min_length=1, max_length=300)]


@lru_cache(maxsize=4096)
def word(text: str) -> Lit:
    """A plain literal from a closed list (kind, status, basis…), made once per value: these
    repeat on most records, and making an rdflib Literal takes microseconds."""
    return Lit(text)


@lru_cache(maxsize=4096)
def date_literal(value: str) -> Lit:
    """A partial date as the matching XSD literal (gYear, gYearMonth or date)."""
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Lit(value, datatype=datatype)


def date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day that a partial date covers."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        start = dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    day = dt.date(*parts)
    return day, day


_TRUE = Lit(True)


def _dec(value: float | int | Decimal) -> Lit:
    """A number as a canonical xsd:decimal (900000000, not 900000000.0)."""
    d = Decimal(str(value))
    text = str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")
    return Lit(text, datatype=XSD.decimal)


class Record(BaseModel):
    """Base of every record: strict fields, unknown fields rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False)
    section: ClassVar[str] = ""
    id: Slug
    # Curation: `mineralgraph ingest` proposes records with `review: candidate`, its
    # confidence and the rule that found them; `mineralgraph review` accepts them (the
    # marker goes) or rejects them (the record goes). `build` refuses candidates.
    review: Literal[K.REVIEW_STATES] | None = None  # type: ignore[valid-type]
    confidence: Annotated[float, Field(ge=0, le=1)] | None = None
    extracted_by: ShortText | None = None

    def refs(self) -> Iterator[tuple[str, str]]:
        """(field, id) of every other record this one names; checked by the loader."""
        return iter(())

    def iri(self) -> URIRef:
        raise NotImplementedError

    def curation_triples(self) -> Iterator[Triple]:
        """The review marker and extraction provenance, only where set: a curated record
        yields nothing here, so its RDF is unchanged."""
        if self.review:
            yield self.iri(), MG.reviewState, word(self.review)
        if self.confidence is not None:
            yield self.iri(), MG.extractionConfidence, _dec(self.confidence)
        if self.extracted_by:
            yield self.iri(), MG.extractedBy, Lit(self.extracted_by)


class Evidence(BaseModel):
    """Where a fact comes from: a source, a short quote, and who said it."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False)
    source: Slug
    quote: Annotated[str, Field(min_length=3, max_length=600)]
    said_by: Slug | None = None
    attribution: ShortText | None = None
    basis: Literal["stated", "reported", "inferred"] = "stated"
    # True when ``quote`` is our wording of what the source says, not its text: printed
    # without quotation marks and labelled as a paraphrase.
    paraphrase: bool = False
    note: Text | None = None

    def triples(self, node: URIRef, iri: IriOf) -> Iterator[Triple]:
        yield node, RDF.type, MG.Evidence
        yield node, PROV.wasDerivedFrom, iri(self.source)
        yield node, MG.quote, Lit(self.quote)
        yield node, MG.basis, word(self.basis)
        if self.paraphrase:
            yield node, MG.isParaphrase, _TRUE
        if self.said_by:
            yield node, MG.saidBy, iri(self.said_by)
        if self.attribution:
            yield node, MG.attribution, Lit(self.attribution)
        if self.note:
            yield node, MG.note, Lit(self.note)


class Sourced(Record):
    evidence: Annotated[list[Evidence], Field(min_length=1)]

    def refs(self) -> Iterator[tuple[str, str]]:
        for i, ev in enumerate(self.evidence):
            yield f"evidence[{i}].source", ev.source
            if ev.said_by:
                yield f"evidence[{i}].said_by", ev.said_by

    def evidence_triples(self, node: URIRef, iri: IriOf) -> Iterator[Triple]:
        for i, ev in enumerate(self.evidence):
            ev_node = ID[f"evidence/{self.id}/{i + 1}"]
            yield node, MG.hasEvidence, ev_node
            yield node, PROV.wasDerivedFrom, iri(ev.source)
            yield from ev.triples(ev_node, iri)


class Source(Record):
    """A source document: publisher, date, address; never its full text."""

    section: ClassVar[str] = "sources"
    kind: Literal[K.SOURCE_KINDS]  # type: ignore[valid-type]
    label: ShortText
    title: ShortText | None = None
    publisher: ShortText
    date: PartialDate | None = None
    url: Annotated[str, Field(max_length=1000)] | None = None
    # SHA-256 of the text snapshot (data/.sources/<id>.txt, or data/snapshots/<id>.txt for
    # public-domain texts) that the quotes of this source are verified against.
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None
    note: Text | None = None

    def iri(self) -> URIRef:
        return ID[f"source/{self.id}"]

    def triples(self, iri: IriOf) -> Iterator[Triple]:
        s = self.iri()
        yield s, RDF.type, MG.SourceDocument
        yield s, RDF.type, PROV.Entity
        yield s, RDFS.label, Lit(self.label)
        yield s, MG.recordId, Lit(self.id)
        yield s, MG.sourceKind, word(self.kind)
        yield s, DCTERMS.publisher, Lit(self.publisher)
        if self.title:
            yield s, DCTERMS.title, Lit(self.title)
        if self.date:
            yield s, DCTERMS.date, date_literal(self.date)
        if self.url:
            yield s, DCTERMS.source, Lit(self.url, datatype=XSD.anyURI)
        if self.sha256:
            yield s, MG.snapshotSha256, Lit(self.sha256)
        if self.note:
            yield s, MG.note, Lit(self.note)


class Entity(Sourced):
    """Anything the graph names: actors, sites, places, commodities, instruments, events."""

    category: ClassVar[str] = ""
    kind: str
    label: ShortText
    aliases: list[ShortText] = []
    description: Text | None = None
    country: Slug | None = None
    identifiers: dict[str, str] = {}

    @model_validator(mode="after")
    def _kind_fits_section(self) -> Entity:
        ek = K.ENTITY_KINDS.get(self.kind)
        if ek is None or ek.category != self.category:
            allowed = sorted(k for k, v in K.ENTITY_KINDS.items() if v.category == self.category)
            raise ValueError(
                f"kind {self.kind!r} is not allowed in '{self.section}': use one of "
                + ", ".join(allowed))
        for scheme, value in self.identifiers.items():
            pattern = K.IDENTIFIER_SCHEMES.get(scheme)
            if pattern is None:
                raise ValueError(f"identifier scheme {scheme!r} is unknown: use one of "
                                 + ", ".join(sorted(K.IDENTIFIER_SCHEMES)))
            if not re.fullmatch(pattern, str(value)):
                raise ValueError(f"identifier {scheme}={value!r} does not match {pattern}")
        if len(set(self.aliases)) != len(self.aliases):
            raise ValueError("aliases repeat a name")
        return self

    @property
    def entity_kind(self) -> K.EntityKind:
        return K.ENTITY_KINDS[self.kind]

    def iri(self) -> URIRef:
        return ID[f"{self.entity_kind.iri_path}/{self.id}"]

    def refs(self) -> Iterator[tuple[str, str]]:
        yield from super().refs()
        if self.country:
            yield "country", self.country

    def triples(self, iri: IriOf) -> Iterator[Triple]:
        s = self.iri()
        ek = self.entity_kind
        yield s, RDF.type, ek.rdf_class
        for extra in ek.extra_types:
            yield s, RDF.type, extra
        yield s, RDFS.label, Lit(self.label)
        yield s, SKOS.prefLabel, Lit(self.label)
        yield s, MG.kind, word(self.kind)
        yield s, MG.recordId, Lit(self.id)
        for alias in self.aliases:
            yield s, MG.alias, Lit(alias)
            yield s, SKOS.altLabel, Lit(alias)
        if self.description:
            yield s, DCTERMS.description, Lit(self.description)
        if self.country:
            yield s, MG.country, iri(self.country)
        for scheme, value in sorted(self.identifiers.items()):
            node = ID[f"identifier/{self.id}/{scheme}"]
            yield s, MG.hasIdentifier, node
            yield node, MG.identifierScheme, Lit(scheme)
            yield node, MG.identifierValue, Lit(str(value))
        yield from self.evidence_triples(s, iri)


class Actor(Entity):
    section: ClassVar[str] = "actors"
    category: ClassVar[str] = "actor"


class Location(BaseModel):
    """A WGS84 point that a source states (``precision: exact``) or that we place near a
    stated town or region (``approximate``, with ``basis: inferred`` evidence)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    precision: Literal[tuple(K.LOCATION_PRECISIONS)]  # type: ignore[valid-type]
    evidence: Annotated[list[Evidence], Field(min_length=1)]


class Place(Entity):
    section: ClassVar[str] = "places"
    category: ClassVar[str] = "place"
    location: Location | None = None

    def refs(self) -> Iterator[tuple[str, str]]:
        yield from super().refs()
        yield from _location_refs(self.location)


def _location_refs(loc: Location | None) -> Iterator[tuple[str, str]]:
    for i, ev in enumerate(loc.evidence if loc else ()):
        yield f"location.evidence[{i}].source", ev.source


class Site(Entity):
    """A deposit, mine, project, ore field or processing facility."""

    section: ClassVar[str] = "sites"
    category: ClassVar[str] = "site"
    location: Location | None = None
    stage: Literal[K.SITE_STAGES] | None = None  # type: ignore[valid-type]
    stage_as_of: PartialDate | None = None

    def refs(self) -> Iterator[tuple[str, str]]:
        yield from super().refs()
        yield from _location_refs(self.location)

    def triples(self, iri: IriOf) -> Iterator[Triple]:
        yield from super().triples(iri)
        if self.stage:
            yield self.iri(), MG.stage, word(self.stage)
        if self.stage_as_of:
            yield self.iri(), MG.asOf, date_literal(self.stage_as_of)


class Commodity(Entity):
    """A commodity in the SKOS commodity scheme; ``broader`` names the parent concept."""

    section: ClassVar[str] = "commodities"
    category: ClassVar[str] = "commodity"
    broader: Slug | None = None

    def refs(self) -> Iterator[tuple[str, str]]:
        yield from super().refs()
        if self.broader:
            yield "broader", self.broader

    def triples(self, iri: IriOf) -> Iterator[Triple]:
        yield from super().triples(iri)
        s = self.iri()
        yield s, SKOS.inScheme, ID["commodity-scheme"]
        if self.broader:
            yield s, SKOS.broader, iri(self.broader)


class Instrument(Entity):
    """A policy instrument: export control, critical-minerals list, tariff, advocacy…"""

    section: ClassVar[str] = "instruments"
    category: ClassVar[str] = "instrument"
    instrument_type: Literal[K.INSTRUMENT_TYPES]  # type: ignore[valid-type]
    date: PartialDate | None = None

    def triples(self, iri: IriOf) -> Iterator[Triple]:
        yield from super().triples(iri)
        yield self.iri(), MG.instrumentType, word(self.instrument_type)
        if self.date:
            yield self.iri(), DCTERMS.date, date_literal(self.date)


class Agreement(Entity):
    section: ClassVar[str] = "agreements"
    category: ClassVar[str] = "agreement"
    date: PartialDate | None = None
    status: Literal[tuple(K.RELATION_STATUSES)] | None = None  # type: ignore[valid-type]

    def triples(self, iri: IriOf) -> Iterator[Triple]:
        yield from super().triples(iri)
        if self.date:
            yield self.iri(), DCTERMS.date, date_literal(self.date)
        if self.status:
            yield self.iri(), MG.status, word(self.status)


class Event(Entity):
    section: ClassVar[str] = "events"
    category: ClassVar[str] = "event"
    date: PartialDate | None = None
    end_date: PartialDate | None = None

    def triples(self, iri: IriOf) -> Iterator[Triple]:
        yield from super().triples(iri)
        if self.date:
            yield self.iri(), MG.startDate, date_literal(self.date)
        if self.end_date:
            yield self.iri(), MG.endDate, date_literal(self.end_date)
