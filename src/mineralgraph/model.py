"""Pydantic records of the curated data set, and the RDF triples each one yields.

A data file (``data/*.yaml``) is a mapping of sections (``sources``, ``actors``, ``sites``,
``places``, ``commodities``, ``instruments``, ``agreements``, ``events``, ``relations``,
``observations``, ``risks``), each a list of records. Every record that states a fact carries
``evidence``: the source id, a short quote, and who said it where the source attributes it.
``docs/data-format.md`` describes the fields; this module is the authority.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from rdflib import Literal as Lit
from rdflib import URIRef

from . import kinds as K
from .names import SLUG
from .vocab import DCTERMS, ID, MG, PROV, RDF, RDFS, SKOS, XSD

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


def _dec(value: float | int | Decimal) -> Lit:
    """A number as a canonical xsd:decimal (900000000, not 900000000.0)."""
    d = Decimal(str(value))
    text = str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")
    return Lit(text, datatype=XSD.decimal)


class Record(BaseModel):
    """Base of every record: strict fields, unknown fields rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    section: ClassVar[str] = ""
    id: Slug

    def refs(self) -> Iterator[tuple[str, str]]:
        """(field, id) of every other record this one names; checked by the loader."""
        return iter(())


class Evidence(BaseModel):
    """Where a fact comes from: a source, a short quote, and who said it."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    source: Slug
    quote: Annotated[str, Field(min_length=3, max_length=600)]
    said_by: Slug | None = None
    attribution: ShortText | None = None
    basis: Literal["stated", "reported", "inferred"] = "stated"
    note: Text | None = None

    def triples(self, node: URIRef, iri: IriOf) -> Iterator[Triple]:
        yield node, RDF.type, MG.Evidence
        yield node, PROV.wasDerivedFrom, iri(self.source)
        yield node, MG.quote, Lit(self.quote)
        yield node, MG.basis, Lit(self.basis)
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
        yield s, MG.sourceKind, Lit(self.kind)
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
        yield s, MG.kind, Lit(self.kind)
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
            yield self.iri(), MG.stage, Lit(self.stage)
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
        yield self.iri(), MG.instrumentType, Lit(self.instrument_type)
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
            yield self.iri(), MG.status, Lit(self.status)


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


class _Dated(Sourced):
    contests: list[Slug] = []
    note: Text | None = None

    def refs(self) -> Iterator[tuple[str, str]]:
        yield from super().refs()
        for i, other in enumerate(self.contests):
            yield f"contests[{i}]", other


class Relation(_Dated):
    """A statement ``subject –kind→ object`` with qualifiers, status, dates and evidence."""

    section: ClassVar[str] = "relations"
    kind: str
    subject: Slug
    object: Slug
    status: Literal[tuple(K.RELATION_STATUSES)] = "reported"  # type: ignore[valid-type]
    start: PartialDate | None = None
    end: PartialDate | None = None
    as_of: PartialDate | None = None
    event: Slug | None = None
    share_pct: Annotated[float, Field(ge=0, le=100)] | None = None
    amount: Annotated[float, Field(ge=0)] | None = None
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    amount_qualifier: Literal[K.VALUE_QUALIFIERS] | None = None  # type: ignore[valid-type]
    instrument: ShortText | None = None
    commodity: Slug | None = None
    volume: Annotated[float, Field(ge=0)] | None = None
    volume_unit: ShortText | None = None
    duration_years: Annotated[float, Field(gt=0, le=200)] | None = None
    price_terms: ShortText | None = None
    role: ShortText | None = None
    ticker: ShortText | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Relation:
        if self.kind not in K.RELATION_KINDS:
            raise ValueError(f"relation kind {self.kind!r} is unknown: use one of "
                             + ", ".join(sorted(K.RELATION_KINDS)))
        if self.subject == self.object:
            raise ValueError(f"subject and object are the same ({self.subject!r})")
        if self.start and self.end and date_bounds(self.end)[1] < date_bounds(self.start)[0]:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.amount is not None and not self.currency:
            raise ValueError("amount needs a currency (e.g. currency: USD)")
        if self.kind == "holds-role" and not self.role:
            raise ValueError("holds-role needs a role (the person's title)")
        return self

    @property
    def relation_kind(self) -> K.RelationKind:
        return K.RELATION_KINDS[self.kind]

    def refs(self) -> Iterator[tuple[str, str]]:
        yield from super().refs()
        yield "subject", self.subject
        yield "object", self.object
        if self.event:
            yield "event", self.event
        if self.commodity:
            yield "commodity", self.commodity

    def iri(self) -> URIRef:
        return ID[f"statement/{self.id}"]

    def triples(self, iri: IriOf) -> Iterator[Triple]:
        st, s, o, p = self.iri(), iri(self.subject), iri(self.object), self.relation_kind.prop
        yield s, p, o  # the direct edge, for simple questions
        yield st, RDF.type, MG.Statement
        yield st, RDF.type, RDF.Statement
        yield st, RDF.subject, s
        yield st, RDF.predicate, p
        yield st, RDF.object, o
        yield st, MG.relationKind, Lit(self.kind)
        yield st, MG.recordId, Lit(self.id)
        yield st, MG.status, Lit(self.status)
        for prop, value in [(MG.startDate, self.start), (MG.endDate, self.end),
                            (MG.asOf, self.as_of)]:
            if value:
                yield st, prop, date_literal(value)
        for prop, num in [(MG.sharePercent, self.share_pct), (MG.amount, self.amount),
                          (MG.volume, self.volume), (MG.durationYears, self.duration_years)]:
            if num is not None:
                yield st, prop, _dec(num)
        for prop, text in [(MG.currency, self.currency),
                           (MG.amountQualifier, self.amount_qualifier),
                           (MG.financeInstrument, self.instrument),
                           (MG.volumeUnit, self.volume_unit), (MG.priceTerms, self.price_terms),
                           (MG.roleTitle, self.role), (MG.ticker, self.ticker),
                           (MG.note, self.note)]:
            if text:
                yield st, prop, Lit(text)
        if self.event:
            yield st, MG.announcedAt, iri(self.event)
        if self.commodity:
            yield st, MG.aboutCommodity, iri(self.commodity)
        for other in self.contests:
            yield st, MG.contests, iri(other)
        yield from self.evidence_triples(st, iri)


class Observation(_Dated):
    """A figure (price, production, share, reserve…) or a dated milestone, with its source."""

    section: ClassVar[str] = "observations"
    measure: Literal[tuple(K.MEASURES)]  # type: ignore[valid-type]
    subject: Slug
    commodity: Slug | None = None
    value: float | None = None
    value_min: float | None = None
    value_max: float | None = None
    qualifier: Literal[K.VALUE_QUALIFIERS] = "exact"  # type: ignore[valid-type]
    unit: ShortText | None = None
    date: PartialDate | None = None
    as_of: PartialDate | None = None
    status: Literal[K.OBSERVATION_STATUSES] = "actual"  # type: ignore[valid-type]
    milestone: ShortText | None = None
    scope: ShortText | None = None

    @model_validator(mode="after")
    def _coherent(self) -> Observation:
        has_value = self.value is not None
        has_range = self.value_min is not None or self.value_max is not None
        if self.measure == "milestone":
            if not self.milestone or not self.date:
                raise ValueError("a milestone needs 'milestone' (what happens) and 'date'")
        elif not (has_value or has_range):
            raise ValueError("an observation needs 'value' or 'value_min'/'value_max'")
        if has_value and has_range:
            raise ValueError("give either 'value' or a range, not both")
        if (self.value_min is not None and self.value_max is not None
                and self.value_max < self.value_min):
            raise ValueError(f"value_max {self.value_max} is below value_min {self.value_min}")
        if (has_value or has_range) and not self.unit:
            raise ValueError("a figure needs a unit")
        if self.unit == "%":
            for v in (self.value, self.value_min, self.value_max):
                if v is not None and not -100 <= v <= 1000:
                    raise ValueError(f"percentage {v} is out of range")
        return self

    def refs(self) -> Iterator[tuple[str, str]]:
        yield from super().refs()
        yield "subject", self.subject
        if self.commodity:
            yield "commodity", self.commodity

    def iri(self) -> URIRef:
        return ID[f"observation/{self.id}"]

    def triples(self, iri: IriOf) -> Iterator[Triple]:
        n = self.iri()
        yield n, RDF.type, MG.Observation
        yield n, MG.recordId, Lit(self.id)
        yield n, MG.measure, Lit(self.measure)
        yield n, MG.observedEntity, iri(self.subject)
        yield n, MG.valueQualifier, Lit(self.qualifier)
        yield n, MG.observationStatus, Lit(self.status)
        if self.commodity:
            yield n, MG.aboutCommodity, iri(self.commodity)
        for prop, num in [(MG.value, self.value), (MG.minValue, self.value_min),
                          (MG.maxValue, self.value_max)]:
            if num is not None:
                yield n, prop, _dec(num)
        for prop, text in [(MG.unit, self.unit), (MG.milestone, self.milestone),
                           (MG.scope, self.scope), (MG.note, self.note)]:
            if text:
                yield n, prop, Lit(text)
        if self.date:
            yield n, MG.refDate, date_literal(self.date)
        if self.as_of:
            yield n, MG.asOf, date_literal(self.as_of)
        for other in self.contests:
            yield n, MG.contests, iri(other)
        yield from self.evidence_triples(n, iri)


class Risk(Sourced):
    """A risk a source states for a project or actor."""

    section: ClassVar[str] = "risks"
    subject: Slug
    category: Literal[K.RISK_CATEGORIES]  # type: ignore[valid-type]
    description: Text

    def refs(self) -> Iterator[tuple[str, str]]:
        yield from super().refs()
        yield "subject", self.subject

    def iri(self) -> URIRef:
        return ID[f"risk/{self.id}"]

    def triples(self, iri: IriOf) -> Iterator[Triple]:
        n = self.iri()
        yield n, RDF.type, MG.Risk
        yield n, MG.recordId, Lit(self.id)
        yield n, MG.riskTo, iri(self.subject)
        yield n, MG.riskCategory, Lit(self.category)
        yield n, DCTERMS.description, Lit(self.description)
        yield from self.evidence_triples(n, iri)


SECTIONS: dict[str, type[Record]] = {
    cls.section: cls
    for cls in (Source, Actor, Place, Site, Commodity, Instrument, Agreement, Event, Relation,
                Observation, Risk)
}
