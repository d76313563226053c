"""Statements: relations between entities, observations (figures, milestones) and risks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator
from rdflib import Literal as Lit
from rdflib import URIRef

from .. import kinds as K
from ..vocab import DCTERMS, ID, MG, RDF
from .records import (
    IriOf, PartialDate, ShortText, Slug, Sourced, Text, Triple, _dec, date_bounds, date_literal,
    word,
)


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
        yield st, MG.relationKind, word(self.kind)
        yield st, MG.recordId, Lit(self.id)
        yield st, MG.status, word(self.status)
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
        yield n, MG.measure, word(self.measure)
        yield n, MG.observedEntity, iri(self.subject)
        yield n, MG.valueQualifier, word(self.qualifier)
        yield n, MG.observationStatus, word(self.status)
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
        yield n, MG.riskCategory, word(self.category)
        yield n, DCTERMS.description, Lit(self.description)
        yield from self.evidence_triples(n, iri)
