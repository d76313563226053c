"""Records → RDF dataset. Deterministic: the same records give byte-identical files.

The dataset has two graphs: the default graph holds the data (entities, direct edges,
statements, evidence, observations, sources); the named graph ``ONTOLOGY_GRAPH`` holds the
ontology, so that a store answers questions about class labels too.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from .errors import MineralgraphError
from .gcpause import gc_paused
from .geo.placement import geometry_triples
from .load import Dataset
from .model import Record, Triple
from .outdir import STALE_PREFIX, build_folder, disk_full, is_disk_full, write_marker
from .resources import ontology_dir
from .store import escape_literal
from .store_reuse import previous_build, stamp, update_copy
from .vocab import BASE, GEO, OWL, DCTERMS, ID, MG, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")
ONTOLOGY_LINE_GRAPH = " " + ONTOLOGY_GRAPH.n3()  # what ends an N-Quads line of that graph
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
    yield from _scheme_triples()
    for rec in ds.records():
        yield from record_rdf(rec, iri)
    yield from geometry_triples(ds, iri)


def record_rdf(rec: Record, iri) -> Iterator[Triple]:  # noqa: ANN001
    """The triples of one record: what it states and its curation marks."""
    yield from rec.triples(iri)  # type: ignore[attr-defined]
    yield from rec.curation_triples()


def _scheme_triples() -> Iterator[Triple]:
    yield ID["commodity-scheme"], RDF.type, SKOS.ConceptScheme
    yield ID["commodity-scheme"], RDF.type, MG.CommodityScheme
    yield ID["commodity-scheme"], RDFS.label, Literal("mineralgraph commodity scheme")


def data_lines(ds: Dataset) -> list[str]:
    """The sorted distinct N-Quads lines of the data graph, as :class:`Triples` makes them
    from :func:`record_triples`; the lines of records that did not change since an earlier
    build come from :mod:`mineralgraph.rdf_cache`, and what spans records (the map points,
    the commodity scheme) is made afresh."""
    from .rdf_cache import record_lines

    iri = iri_resolver(ds)
    line = _NTriplesText().line
    lines: set[str] = set()
    for kept in record_lines(ds, iri, record_rdf, line):
        lines.update(kept)
    lines.update(map(line, _scheme_triples()))
    lines.update(map(line, geometry_triples(ds, iri)))
    return sorted(lines)


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


class _NTriplesText(dict):
    """term → its N-Triples text, made on first use (a dict lookup after that)."""

    def line(self, triple: Triple, end: str = " .\n") -> str:
        """The N-Quads line of ``triple``; ``end``: ``" <graph> .\n"`` for a named graph."""
        s, p, o = triple
        return f"{self[s]} {self[p]} {self[o]}{end}"

    def __missing__(self, term):
        if isinstance(term, BNode):
            raise MineralgraphError("the dataset holds blank nodes; name them with IRIs")
        text = self[term] = nt_term(term)
        return text


class Triples:
    """The distinct triples of a graph as sorted N-Quads lines, each term's N-Triples text
    computed once. A build's terms repeat many times (every statement names its source, kind,
    status…); triples are de-duplicated as lines (an rdflib ``Graph`` cost two thirds of the
    build only to de-duplicate them; a set of term tuples, a third of what was left)."""

    def __init__(self, triples: Iterable[Triple], graph: str = ""):
        """``graph``: ``" <iri>"`` for a named graph, ``""`` for the default graph."""
        line, end = _NTriplesText().line, f"{graph} .\n"
        self.lines = sorted({line(t, end) for t in triples})

    @classmethod
    def from_lines(cls, lines: list[str]) -> Triples:
        """Lines made already (sorted, distinct), e.g. by :func:`data_lines`."""
        made = cls.__new__(cls)
        made.lines = lines
        return made

    def __len__(self) -> int:
        return len(self.lines)


def _canonical_lines(data: list[str], ontology: list[str]) -> list[str]:
    """The N-Quads lines of the build, sorted: a canonical text, identical across runs and
    machines (records mint no blank nodes and the ontology is written without them, so every
    term has a stable name and sorting the lines is a canonical form; ``ontology`` holds the
    lines of the ontology graph, ``Triples(..., ONTOLOGY_LINE_GRAPH)``).

    The sorted lines of both graphs, as one sorted list. Both are sorted already: Python's
    sort finds the two runs and merges them in one pass. A line is the same in both graphs only
    as far as its graph name, so no line repeats."""
    return sorted(data + ontology)


@dataclass(frozen=True)
class BuildResult:
    out_dir: Path
    store_dir: Path
    triples: int
    counts: dict[str, int]
    #: The previous build's store was updated (:mod:`mineralgraph.store_reuse`), not loaded.
    store_updated: bool = False


def build(ds: Dataset, out_dir: str | Path, *, progress=None,
          include_candidates: bool = False) -> BuildResult:
    """Write ``dataset.nq``, ``dataset.trig`` and the embedded store under ``out_dir``.

    Everything is written to a temporary folder beside ``out_dir`` first and moved into place
    only when complete: an interrupted build leaves the previous output intact. The folder is
    locked while the build runs, and files there that no build made are never replaced (see
    :mod:`mineralgraph.outdir`). Records still marked ``review: candidate`` are refused unless
    ``include_candidates`` (a preview build).
    """
    if not include_candidates:
        refuse_candidates(ds)
    out = Path(out_dir)
    try:
        with build_folder(out), gc_paused():
            return _build_into(ds, out, progress or (lambda msg: None))
    except OSError as exc:
        if is_disk_full(exc):
            raise disk_full(out) from None
        raise MineralgraphError(f"cannot write the build into {out}: "
                                f"{exc.strerror or exc}") from None


def _build_into(ds: Dataset, out: Path, step) -> BuildResult:
    tmp = Path(tempfile.mkdtemp(prefix=STALE_PREFIX, dir=out))
    try:
        step("records → RDF")
        data = Triples.from_lines(data_lines(ds))
        onto = Triples(ontology_graph(), ONTOLOGY_LINE_GRAPH)
        triples = len(data) + len(onto)
        lines = _canonical_lines(data.lines, onto.lines)
        nq = "".join(lines).encode("utf-8")
        previous = previous_build(out) if (out / "store").is_dir() else None
        reuse = None if previous is None else (previous.store, previous.lines, lines)
        step("loading the embedded store, writing N-Quads and TriG")
        with _StoreLoad(tmp / "store", nq, reuse) as loading:
            (tmp / "dataset.nq").write_bytes(nq)
            kept = None if previous is None else previous.trig_of(nq)
            trig = kept if kept is not None else _trig(data.lines, onto.lines)
            (tmp / "dataset.trig").write_bytes(trig)
        del data, onto, lines, previous, reuse
        _check_interrupt()
        write_marker(out, tmp, store=stamp(tmp / "store", nq, trig))
        for name in ("dataset.nq", "dataset.trig"):
            os.replace(tmp / name, out / name)
        _replace_dir(tmp / "store", out / "store")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    counts = ds.counts()
    return BuildResult(out, out / "store", triples, counts, store_updated=loading.updated)


class _StoreLoad:
    """Oxigraph's bulk load of the N-Quads into a new store, in a thread beside the body of the
    ``with``: the load runs in Rust without holding the interpreter lock, so on a machine with
    a second core the files are written meanwhile. Leaving the block waits for the load and
    raises its error, if any. With ``previous`` (the previous build's store, the lines it
    provably holds, and the new lines) a copy of that store is updated instead when
    :func:`~mineralgraph.store_reuse.update_copy` can do so."""

    def __init__(self, path: Path, nquads: bytes,
                 previous: tuple[Path, list[str], list[str]] | None = None):
        self._path, self._nquads, self._previous = path, nquads, previous
        self._error: BaseException | None = None
        self.updated = False  # the previous store was updated, not loaded whole
        self._thread = threading.Thread(target=self._load, name="mineralgraph-store-load")

    def _load(self) -> None:
        import pyoxigraph

        try:
            if self._previous is not None:
                old_store, old_lines, new_lines = self._previous
                try:
                    self.updated = update_copy(old_store, old_lines, new_lines, self._path,
                                               {str(ONTOLOGY_GRAPH)})
                except OSError:  # the bulk load below says what is wrong, if anything is
                    shutil.rmtree(self._path, ignore_errors=True)
                if self.updated:
                    return
            store = pyoxigraph.Store(str(self._path))
            store.bulk_load(self._nquads, format=pyoxigraph.RdfFormat.N_QUADS)
            store.flush()
            del store
        except BaseException as exc:  # handed to the building thread
            self._error = exc

    def __enter__(self) -> _StoreLoad:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._thread.join()  # also when the body failed: the folder is removed after this
        if self._error is not None and exc_info[0] is None:
            raise self._error


def refuse_candidates(ds: Dataset) -> None:
    """Raise one clear error if any record is still an unreviewed ``ingest`` candidate."""
    per_file: dict[str, int] = {}
    for loc in ds.items:
        if loc.record.review == "candidate":
            per_file[loc.file] = per_file.get(loc.file, 0) + 1
    if not per_file:
        return
    files = ", ".join(f"{f} ({n})" for f, n in sorted(per_file.items()))
    first = min(per_file)
    raise MineralgraphError(
        f"{sum(per_file.values())} record(s) are unreviewed candidates (review: candidate) in "
        f"{files}: review them with `mineralgraph review {first}`, or preview the graph with "
        "them using `mineralgraph build --include-candidates`")


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


def _trig(data_lines: list[str], onto_lines: list[str]) -> bytes:
    """TriG of the dataset: the data graph, then the ontology graph, each in the canonical
    (sorted) order of the N-Quads, written by Oxigraph's serializer (prefixed vocabulary terms;
    entity IRIs in full, which stay readable where ``id:`` would need escaped slashes)."""
    import pyoxigraph as ox

    quads = ox.parse("".join(data_lines + onto_lines).encode("utf-8"),
                     format=ox.RdfFormat.N_QUADS)
    prefixes = {p: str(ns) for p, ns in sorted(PREFIXES.items()) if p != "id"}
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes)


def build_records(records: list[Record]) -> Graph:
    """Convenience for tests and notebooks: a data graph from records already in memory."""
    from .load import Dataset as DS
    from .load import Located

    return data_graph(DS([Located(r, "<memory>", 0) for r in records]))
