"""The vocabulary module and the published ontology declare exactly the same terms."""

from rdflib import Graph
from rdflib.namespace import RDFS

from mineralgraph.resources import ontology_dir
from mineralgraph.vocab import MG

import pytest


def _ontology():
    return Graph().parse(ontology_dir() / "mineralgraph.ttl", format="turtle")


def test_vocab_matches_ontology_term_for_term():
    g = _ontology()
    ns = str(MG._NS)
    declared = {str(s)[len(ns):] for s in g.subjects() if str(s).startswith(ns)}
    assert declared == set(MG.__annotations__)


def test_every_term_has_label_and_comment():
    g = _ontology()
    for term in MG.__annotations__:
        iri = MG[term]
        assert g.value(iri, RDFS.label), f"{term} has no rdfs:label"
        assert g.value(iri, RDFS.comment), f"{term} has no rdfs:comment"


def test_unknown_term_raises():
    with pytest.raises(AttributeError):
        MG.ownz  # noqa: B018


def test_every_declared_kind_has_an_ontology_class():
    from mineralgraph.kinds import ENTITY_KINDS, RELATION_KINDS

    g = _ontology()
    for kind in ENTITY_KINDS.values():
        assert g.value(kind.rdf_class, RDFS.label), kind.slug
    for rel in RELATION_KINDS.values():
        assert g.value(rel.prop, RDFS.label), rel.slug
