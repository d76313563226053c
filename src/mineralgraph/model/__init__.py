"""Pydantic records of the curated data set, and the RDF triples each one yields.

A data file (``data/*.yaml``) is a mapping of sections (``sources``, ``actors``, ``sites``,
``places``, ``commodities``, ``instruments``, ``agreements``, ``events``, ``relations``,
``observations``, ``risks``), each a list of records. ``records`` holds the base record,
evidence, sources and entities; ``statements`` the relations, observations and risks.
``docs/data-format.md`` describes the fields; this package is the authority.
"""

from __future__ import annotations

from .records import (
    Actor, Agreement, Commodity, Entity, Event, Evidence, Instrument, IriOf, PartialDate, Place,
    Record, ShortText, Site, Slug, Source, Sourced, Text, Triple, date_bounds,
    date_literal, partial_date,
)
from .statements import Observation, Relation, Risk

SECTIONS: dict[str, type[Record]] = {
    cls.section: cls
    for cls in (Source, Actor, Place, Site, Commodity, Instrument, Agreement, Event, Relation,
                Observation, Risk)
}

__all__ = [
    "SECTIONS", "Actor", "Agreement", "Commodity", "Entity", "Event", "Evidence", "Instrument",
    "IriOf", "Observation", "PartialDate", "Place", "Record", "Relation", "Risk", "ShortText",
    "Site", "Slug", "Source", "Sourced", "Text", "Triple", "date_bounds", "date_literal",
    "partial_date",
]
