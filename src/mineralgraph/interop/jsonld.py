"""The data set (the default graph of the store: entities, statements, evidence, sources) as
JSON-LD, compacted with a context of our prefixes so keys read ``mg:owns``, ``rdfs:label``.

The terms are read through SPARQL with their datatypes and written by rdflib's JSON-LD
serialiser (a kept library); the ontology stays in its own file (``ontology/``).
"""

from __future__ import annotations

import json
from typing import Any

from ..store import Store, Term
from ..vocab import DCTERMS, GEO, ID, MG, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

#: Prefix → namespace of the JSON-LD ``@context``.
CONTEXT: dict[str, str] = {
    "mg": str(MG._NS), "id": str(ID), "rdf": str(RDF), "rdfs": str(RDFS),
    "dcterms": str(DCTERMS), "prov": str(PROV), "skos": str(SKOS), "schema": str(SCHEMA),
    "org": str(ORG), "geo": str(GEO), "xsd": str(XSD),
}
TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


def dataset_jsonld(store: Store) -> dict[str, Any]:
    """The default graph of ``store`` as a compacted JSON-LD document with ``@context``."""
    from rdflib import BNode, Graph, Literal, URIRef

    def node(t: Term):
        if t.type == "uri":
            return URIRef(t.value)
        if t.type == "bnode":
            return BNode(t.value)
        return Literal(t.value, datatype=URIRef(t.datatype) if t.datatype and not t.lang
                       else None, lang=t.lang)

    g = Graph()
    for b in store.select(TRIPLES).bindings:
        g.add((node(b["s"]), node(b["p"]), node(b["o"])))
    doc = json.loads(g.serialize(format="json-ld", context=CONTEXT, auto_compact=True))
    if "@graph" not in doc:  # a one-node graph compacts to the node itself
        doc = {"@context": doc.pop("@context"), "@graph": [doc]}
    doc["@graph"].sort(key=lambda n: n.get("@id", ""))
    return doc
