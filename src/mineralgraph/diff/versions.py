"""Differences between two versions of the data: each side a data folder (``*.yaml``) or a
build (a folder with ``dataset.nq``, or the ``.nq`` file itself).

Both sides become the same triples (a data folder goes through the real build mapping), which
are grouped by the record they belong to: a statement, observation, entity or source with its
evidence, identifiers and geometry. A record only on one side is added or removed; a field
whose values differ is changed (old → new). Direct edges are left out: each repeats its
statement, which is compared instead.

>>> from mineralgraph.diff.versions import diff_versions
>>> diff_versions("data", "data")
[]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from .. import kinds as K
from ..errors import MineralgraphError
from ..vocab import ID
from .rows import Change

Snapshot = dict[str, dict[str, set[str]]]  # record id → field → values

_ID = str(ID)
_SUBNODES = frozenset({"evidence", "geometry", "identifier"})
_EDGE_PROPS = frozenset(str(rk.prop) for rk in K.RELATION_KINDS.values())


def side_kind(path: str | Path) -> str:
    """``build`` or ``data``; a clear error when the path is neither."""
    p = Path(path)
    if p.is_file() and p.suffix == ".nq":
        return "build"
    if p.is_dir() and (p / "dataset.nq").is_file():
        return "build"
    if p.is_dir() and any(q.suffix in (".yaml", ".yml") for q in p.rglob("*")):
        return "data"
    if not p.exists():
        raise MineralgraphError(f"{path}: no such file or folder")
    raise MineralgraphError(
        f"{path}: is neither a data folder (no *.yaml files) nor a build (no dataset.nq; "
        "make one with `mineralgraph build --out FOLDER`)")


def _split(iri: str) -> tuple[str, str] | None:
    """(record id, sub-node) of one of our IRIs; None for any other IRI."""
    if not iri.startswith(_ID):
        return None
    parts = iri[len(_ID):].split("/")
    if len(parts) == 1:
        return parts[0], ""
    if parts[0] in _SUBNODES:
        return parts[1], "/".join([parts[0], *parts[2:]])
    return parts[1], ""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _value(kind: str, text: str) -> str:
    if kind == "iri":
        where = _split(text)
        return where[0] if where else text
    return text


def _group(terms: Iterator[tuple[str, str, str, str]]) -> Snapshot:
    """Triples (subject, predicate, object kind, object text) → snapshot by record."""
    snap: Snapshot = defaultdict(lambda: defaultdict(set))
    split, local = _split, _local
    for s, p, okind, o in terms:
        if p in _EDGE_PROPS:
            continue
        where = split(s)
        if where is None:
            continue
        rid, sub = where
        field = f"{sub}.{local(p)}" if sub else local(p)
        snap[rid][field].add(_value(okind, o))
    return snap


def _read_lines(path: Path) -> set[str]:
    """The data graph's lines of canonical N-Quads (the build's own form, see
    :func:`mineralgraph.build.data_lines`): a build's file, or a data folder's records
    written the same way."""
    from ..build import ONTOLOGY_GRAPH

    if side_kind(path) == "data":
        from ..build import data_lines
        from ..load import load_dataset

        return {line.rstrip("\n") for line in data_lines(load_dataset(path))}
    nq = path if path.is_file() else path / "dataset.nq"
    try:
        text = nq.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MineralgraphError(f"{nq}: is not a readable build ({exc})") from None
    ontology = f" {ONTOLOGY_GRAPH.n3()} ."
    return {line for line in text.splitlines() if line and not line.endswith(ontology)}


def _subject_record(lines: Iterable[str]) -> Iterator[tuple[str | None, str]]:
    """(record id of the line's subject, line). Canonical N-Quads start with the subject's
    ``<IRI>``; the terms themselves are parsed by pyoxigraph, only for the lines needed."""
    seen: dict[str, str | None] = {}
    for line in lines:
        subject = line[1:line.find(">")] if line.startswith("<") else ""
        rid = seen.get(subject, "?")
        if rid == "?":
            where = _split(subject)
            rid = seen[subject] = where[0] if where else None
        yield rid, line


def _terms(lines: Iterable[str], shown: str) -> Iterator[tuple[str, str, str, str]]:
    import pyoxigraph as ox

    try:
        for q in ox.parse("\n".join(lines) + "\n", format=ox.RdfFormat.N_QUADS):
            o = q.object
            yield (q.subject.value, q.predicate.value,
                   "iri" if isinstance(o, ox.NamedNode) else "lit", o.value)
    except SyntaxError as exc:
        raise MineralgraphError(f"{shown}: is not a readable build ({exc})") from None


def describe(fields: dict[str, set[str]]) -> str:
    """A short human summary of a record: ``a finances b``, ``production of x``, its label."""
    def one(name: str) -> str:
        return min(fields.get(name, {""}))
    if "relationKind" in fields:
        return f"{one('subject')} {one('relationKind')} {one('object')}"
    if "measure" in fields:
        return f"{one('measure')} of {one('observedEntity')}"
    return one("label") or one("recordId")


def _sources(fields: dict[str, set[str]]) -> tuple[str, ...]:
    return tuple(sorted(fields.get("wasDerivedFrom", ())))


def _shown(values: set[str]) -> str:
    return "; ".join(sorted(values))


def compare(old: Snapshot, new: Snapshot) -> list[Change]:
    """Added and removed records, then each changed field (old → new)."""
    out: list[Change] = []
    for rid in sorted(new.keys() - old.keys()):
        out.append(Change("added", rid, describe(new[rid]), sources=_sources(new[rid])))
    for rid in sorted(old.keys() - new.keys()):
        out.append(Change("removed", rid, describe(old[rid]), sources=_sources(old[rid])))
    for rid in sorted(old.keys() & new.keys()):
        a, b = old[rid], new[rid]
        if a == b:
            continue
        what, sources = describe(b), _sources(b)
        for field in sorted(a.keys() | b.keys()):
            va, vb = a.get(field, set()), b.get(field, set())
            if va != vb:
                out.append(Change("changed", rid, what, field, _shown(va - vb) if vb else
                                  _shown(va), _shown(vb - va) if va else _shown(vb), sources))
    return out


def diff_versions(old: str | Path, new: str | Path) -> list[Change]:
    """Every difference between two data folders or builds (in any mix).

    Lines present on both sides are left alone; only the records whose lines differ are
    read in full and compared, so two builds of a million triples take seconds.
    """
    a, b = _read_lines(Path(old)), _read_lines(Path(new))
    touched = {rid for rid, _ in _subject_record(a ^ b) if rid}
    pick = lambda lines: {line for rid, line in _subject_record(lines)  # noqa: E731
                          if rid in touched}
    return compare(_group(_terms(sorted(pick(a)), str(old))),
                   _group(_terms(sorted(pick(b)), str(new))))
