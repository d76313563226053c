"""The ontology as a readable web page: pyLODE's documentation of ``ontology/*.ttl``, each
term with its label, comment and how often the data uses it.

pyLODE renders what the ontology says; the usage counts are added to a copy of the ontology
as ``skos:scopeNote`` annotations before it renders, so every term's section says "Used in
the data: …" without any change to the HTML that pyLODE writes.

>>> from mineralgraph.load import load_dataset
>>> html = ontology_html(load_dataset())          # doctest: +SKIP
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from .vocab import MG, OWL, RDF, SKOS

#: pyLODE's output is written with this name into docs/ (checked in; a test regenerates it).
DEFAULT_OUTPUT = Path("docs") / "ontology.html"


def term_usage(graph: Graph) -> Counter:
    """How often each ontology term is used in ``graph``: a class by its instances, a
    property by its statements (triples with it as predicate)."""
    counts: Counter = Counter()
    namespace = str(MG)
    for _, p, o in graph:
        if str(p).startswith(namespace):
            counts[p] += 1
        if p == RDF.type and str(o).startswith(namespace):
            counts[o] += 1
    return counts


def _usage_note(term: URIRef, is_class: bool, counts: Counter) -> str:
    n = counts.get(term, 0)
    if n == 0:
        return "Used in the data: not yet (no record of the shipped data uses it)."
    what = "instance" if is_class else "statement"
    return f"Used in the data: {n:,} {what}{'' if n == 1 else 's'} in the shipped data set."


def annotated_ontology(data_graph: Graph) -> Graph:
    """The ontology (``ontology/mineralgraph.ttl``) with a usage note on every term."""
    from .resources import ontology_dir

    onto = Graph()
    onto.parse(ontology_dir() / "mineralgraph.ttl", format="turtle")
    counts = term_usage(data_graph)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
             RDF.Property)
    for kind in kinds:
        for term in sorted(set(onto.subjects(RDF.type, kind))):
            if isinstance(term, URIRef) and str(term).startswith(str(MG)):
                onto.add((term, SKOS.scopeNote,
                          Literal(_usage_note(term, kind == OWL.Class, counts))))
    return onto


def ontology_html(dataset) -> str:
    """pyLODE's HTML documentation of the ontology, with usage counts from ``dataset``'s
    graph (a loaded data set: :func:`mineralgraph.load.load_dataset`)."""
    import logging

    from .build import data_graph

    try:
        from pylode import OntPub
    except Exception as exc:  # pragma: no cover - depends on the installation
        from .errors import MineralgraphError

        raise MineralgraphError(
            "the ontology documentation needs pyLODE: pip install 'mineralgraph[docs]' "
            f"({exc})") from exc
    logging.getLogger().setLevel(logging.WARNING)  # pyLODE's import turns on DEBUG logging
    return OntPub(ontology=annotated_ontology(data_graph(dataset)),
                  sort_subjects=True).make_html()


def write_ontology_html(dataset, out: Path = DEFAULT_OUTPUT) -> Path:
    """Write :func:`ontology_html` to ``out`` atomically; returns the path."""
    from .atomic import write_atomic

    write_atomic(Path(out), ontology_html(dataset))
    return Path(out)
