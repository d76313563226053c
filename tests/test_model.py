"""Records validate their fields and yield the triples the ontology promises."""

import pytest
from pydantic import ValidationError
from rdflib import Literal, URIRef

from mineralgraph.build import build_records
from mineralgraph.model import Actor, Observation, Relation, Source
from mineralgraph.vocab import ID, MG, PROV, RDF, RDFS, XSD

EV = [{"source": "s", "quote": "a short quote"}]


def rel(**kw):
    base = dict(id="r", kind="owns", subject="a", object="b", evidence=EV)
    return Relation.model_validate({**base, **kw})


def test_relation_qualifiers_are_typed():
    r = rel(share_pct=70, status="active", start="2025-11")
    assert r.share_pct == 70 and r.start == "2025-11"


@pytest.mark.parametrize("bad, fragment", [
    ({"share_pct": 101}, "less than or equal to 100"),
    ({"share_pct": -1}, "greater than or equal to 0"),
    ({"start": "2025-13"}, "not a real date"),
    ({"start": "Nov 2025"}, "not a date"),
    ({"start": "2026", "end": "2025"}, "before start"),
    ({"kind": "ownz"}, "relation kind 'ownz' is unknown"),
    ({"object": "a"}, "subject and object are the same"),
    ({"amount": 5}, "needs a currency"),
    ({"colour": "red"}, "Extra inputs"),
    ({"status": "financed"}, "Input should be"),
    ({"evidence": []}, "at least 1"),
    ({"id": "Bad Id"}, "not a valid id"),
    ({"id": "trailing-newline\n"}, "not a valid id"),
])
def test_relation_rejects(bad, fragment):
    with pytest.raises(ValidationError) as exc:
        rel(**bad)
    assert fragment in str(exc.value)


def test_actor_kind_must_fit_its_section():
    with pytest.raises(ValidationError, match="not allowed in 'actors'"):
        Actor.model_validate({"id": "x", "kind": "deposit", "label": "X", "evidence": EV})


def test_identifier_schemes_are_checked():
    with pytest.raises(ValidationError, match="does not match"):
        Actor.model_validate({"id": "x", "kind": "company", "label": "X", "evidence": EV,
                              "identifiers": {"wikidata": "12345"}})


def test_observation_needs_value_and_unit():
    with pytest.raises(ValidationError, match="needs 'value'"):
        Observation.model_validate({"id": "o", "measure": "price", "subject": "x",
                                    "evidence": EV})
    with pytest.raises(ValidationError, match="needs a unit"):
        Observation.model_validate({"id": "o", "measure": "price", "subject": "x",
                                    "value": 3, "evidence": EV})
    with pytest.raises(ValidationError, match="below value_min"):
        Observation.model_validate({"id": "o", "measure": "price", "subject": "x",
                                    "value_min": 3, "value_max": 2, "unit": "USD",
                                    "evidence": EV})


def test_records_yield_statement_and_direct_edge():
    src = Source(id="s", kind="news-article", label="S", publisher="P", date="2026-01")
    a = Actor(id="a", kind="government-agency", label="A", evidence=EV)
    b = Actor(id="b", kind="company", label="B", evidence=EV)
    r = Relation.model_validate({"id": "r", "kind": "finances", "subject": "a", "object": "b",
                                 "status": "letter-of-interest", "amount": 900000000,
                                 "currency": "USD", "evidence": EV})
    g = build_records([src, a, b, r])
    sa, sb, st = ID["org/a"], ID["org/b"], ID["statement/r"]
    assert (sa, MG.finances, sb) in g
    assert (st, RDF.subject, sa) in g and (st, RDF.object, sb) in g
    assert (st, RDF.predicate, MG.finances) in g
    assert (st, MG.status, Literal("letter-of-interest")) in g
    assert g.value(st, MG.amount) == Literal("900000000", datatype=XSD.decimal)
    assert (st, PROV.wasDerivedFrom, ID["source/s"]) in g
    ev = g.value(st, MG.hasEvidence)
    assert g.value(ev, MG.quote) == Literal("a short quote")
    assert (sa, RDF.type, MG.GovernmentAgency) in g
    assert (sa, RDFS.label, Literal("A")) in g
    assert g.value(ID["source/s"], URIRef("http://purl.org/dc/terms/date")) == Literal(
        "2026-01", datatype=XSD.gYearMonth)
