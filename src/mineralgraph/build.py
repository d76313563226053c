"""Records → RDF dataset. Deterministic: the same records give byte-identical files.

The dataset has two graphs: the default graph holds the data (entities, direct edges,
statements, evidence, observations, sources); the named graph ``ONTOLOGY_GRAPH`` holds the
ontology, so that a store answers questions about class labels too.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from .errors import MineralgraphError
from .geo.placement import geometry_triples
from .load import Dataset
from .model import Record, Triple
from .resources import ontology_dir
from .store import escape_literal
from .vocab import BASE, GEO, OWL, DCTERMS, ID, MG, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")
PREFIXES = {
    "mg": MG._NS, "owl": OWL, "geo": GEO, "id": ID, "prov": PROV, "dcterms": DCTERMS, "skos": SKOS, "org": ORG,
    "schema": SCHEMA, "rdf": RDF, "rdfs": RDFS, "xsd": XSD,
}


def iri_resolver(ds: Dataset):
    """id → IRI of the record it names (entity, source, statement, observation)."""
    cache: dict[str, URIRef] = {}

    def iri(record_id: str) -> URIRef:
        found = cache.get(record_id)
        if found is None:
            found = cache[record_id] = ds.get(record_id).iri()  # type: ignore[attr-defined]
        return found

    return iri


def record_triples(ds: Dataset) -> Iterator[Triple]:
    """Every triple of the data graph, record by record in the data set's stable order."""
    iri = iri_resolver(ds)
    yield ID["commodity-scheme"], RDF.type, SKOS.ConceptScheme
    yield ID["commodity-scheme"], RDF.type, MG.CommodityScheme
    yield ID["commodity-scheme"], RDFS.label, Literal("mineralgraph commodity scheme")
    for rec in ds.records():
        yield from rec.triples(iri)  # type: ignore[attr-defined]
    yield from geometry_triples(ds, iri)


def data_graph(ds: Dataset) -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    for t in record_triples(ds):
        g.add(t)
    return g


def ontology_graph() -> Graph:
    g = Graph()
    g.parse(ontology_dir() / "mineralgraph.ttl", format="turtle")
    return g


def nt_term(term) -> str:
    """A term in N-Triples syntax. rdflib's ``n3()`` writes a literal with a line break as
    a Turtle long string (triple quotes), which is not valid N-Triples/N-Quads."""
    if isinstance(term, Literal):
        body = f'"{escape_literal(str(term))}"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype is not None and str(term.datatype) != str(XSD.string):
            return f"{body}^^<{term.datatype}>"
        return body
    return term.n3()


def sorted_nquads(data: Graph, ontology: Graph) -> str:
    """N-Quads with lines sorted: a canonical text, identical across runs and machines.

    Records mint no blank nodes and the ontology is written without them, so every term
    has a stable name and sorting the lines is a canonical form.
    """
    if any(isinstance(t, BNode) for g in (data, ontology) for triple in g for t in triple):
        raise MineralgraphError("the dataset holds blank nodes; name them with IRIs")
    onto = ONTOLOGY_GRAPH.n3()
    lines = {f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in data}
    lines |= {f"{nt_term(s)} {nt_term(p)} {nt_term(o)} {onto} .\n" for s, p, o in ontology}
    return "".join(sorted(lines))


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    store_dir: Path
    triples: int
    counts: dict[str, int]


def build(ds: Dataset, out_dir: str | Path, *, progress=None) -> BuildResult:
    """Write ``dataset.nq``, ``dataset.trig`` and the embedded store under ``out_dir``.

    Everything is written to a temporary folder beside ``out_dir`` first and moved into place
    only when complete: an interrupted build leaves the previous output intact.
    """
    import pyoxigraph

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    except OSError as exc:
        raise MineralgraphError(f"cannot write to output folder {out}: {exc.strerror}") from None
    step = progress or (lambda msg: None)
    try:
        step("records → RDF")
        data = data_graph(ds)
        onto = ontology_graph()
        step("writing N-Quads and TriG")
        nq = sorted_nquads(data, onto)
        (tmp / "dataset.nq").write_text(nq, encoding="utf-8")
        (tmp / "dataset.trig").write_text(_trig(data, onto), encoding="utf-8")
        step("loading the embedded store")
        store = pyoxigraph.Store(str(tmp / "store"))
        store.bulk_load(nq.encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
        store.flush()
        del store
        _check_interrupt()
        for name in ("dataset.nq", "dataset.trig"):
            os.replace(tmp / name, out / name)
        _replace_dir(tmp / "store", out / "store")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    counts = ds.counts()
    return BuildResult(out, out / "store", len(data) + len(onto), counts)


def _check_interrupt() -> None:
    """Test hook: ``MINERALGRAPH_FAIL_BUILD=1`` fails the build after the store is loaded."""
    if os.environ.get("MINERALGRAPH_FAIL_BUILD") == "1":
        raise MineralgraphError("build interrupted (MINERALGRAPH_FAIL_BUILD=1)")


def _replace_dir(new: Path, target: Path) -> None:
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _compact(iri: str, prefixes: list[tuple[str, str]]) -> str:
    """``prefix:local`` where the local part is a plain name, else ``<iri>``."""
    for prefix, ns in prefixes:
        if iri.startswith(ns) and _LOCAL_NAME.fullmatch(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _turtle_term(term, prefixes: list[tuple[str, str]]) -> str:
    if isinstance(term, URIRef):
        return _compact(str(term), prefixes)
    if isinstance(term, Literal) and term.datatype is not None:
        return f'"{escape_literal(str(term))}"^^{_compact(str(term.datatype), prefixes)}'
    return nt_term(term)


def _trig(data: Graph, ontology: Graph) -> str:
    """TriG of the dataset, prefixed and grouped by graph and subject, in a stable order.

    Written directly from the in-memory graphs: parsing the N-Quads back with rdflib took
    two thirds of the build time.
    """
    # Longest namespace first, so id: never shadows a longer match.
    prefixes = sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda t: -len(t[1]))
    chunks = [f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items())]
    chunks.append("\n")
    for name, graph in sorted([(ONTOLOGY_GRAPH.n3(), ontology), ("", data)]):
        if len(graph) == 0:
            continue
        body = _turtle_body(graph, prefixes)
        chunks.append((f"{name} " if name else "") + "{\n" + body + "}\n\n")
    return "".join(chunks)


def _turtle_body(graph: Graph, prefixes: list[tuple[str, str]]) -> str:
    by_subject: dict = {}
    for s, p, o in graph:
        by_subject.setdefault(s, []).append((p, o))
    out: list[str] = []
    for s in sorted(by_subject, key=lambda t: t.n3()):
        props = sorted(by_subject[s], key=lambda po: (po[0].n3(), po[1].n3()))
        lines = [f"    {_turtle_term(p, prefixes)} {_turtle_term(o, prefixes)}" for p, o in props]
        out.append(f"  {_turtle_term(s, prefixes)}\n" + " ;\n".join(lines) + " .\n")
    return "".join(out)


def build_records(records: list[Record]) -> Graph:
    """Convenience for tests and notebooks: a data graph from records already in memory."""
    from .load import Dataset as DS
    from .load import Located

    return data_graph(DS([Located(r, "<memory>", 0) for r in records]))
