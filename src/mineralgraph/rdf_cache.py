"""The N-Quads lines of unchanged records, kept between builds: a rebuild after editing one
file converts to RDF only the records that changed.

What a record yields depends on three things only: its own fields, the code (models, kinds,
vocabulary), and the IRIs of the records it names (an IRI holds the named entity's kind). So
an entry keeps, for each record, the text of its fields, the IRIs its conversion asked for
and the lines it made; a record is reused only if its fields are the same text, the code is
the same (the key of :func:`~mineralgraph.record_cache.code_fingerprint`) and every record it
named still exists with the same IRI. Anything that spans records (the map points of
:mod:`mineralgraph.geo.placement`, the commodity scheme) is computed afresh on every build, and
lines are merged, de-duplicated and sorted over the whole data set as in a cold build — so a
rebuild writes the same bytes as a cold build.

Entries live beside the record cache (``…/mineralgraph/rdf``), one per data file (named by the
code and the file's path; the file's current records replace the entry's), with the same
checksum, bounds and ``MINERALGRAPH_CACHE=off`` switch (:mod:`mineralgraph.record_cache`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from pathlib import Path

from rdflib import URIRef

from .load import Dataset, Located
from .model import Record, Triple
from .record_cache import cache_dir, code_fingerprint, read_entry, write_entry

#: record fields (their text) → (IRIs asked for, as (id, IRI) pairs; the record's lines)
Entry = dict[str, tuple[tuple[tuple[str, str], ...], tuple[str, ...]]]
Convert = Callable[[Record, Callable[[str], URIRef]], Iterable[Triple]]
LineOf = Callable[[Triple], str]


def fields_text(record: Record) -> str:
    """The record's class and every field value, as text that differs whenever a value does
    (``repr`` keeps 1 apart from 1.0 and '1')."""
    return repr((type(record).__module__, type(record).__qualname__, record.model_dump()))


def record_lines(ds: Dataset, iri: Callable[[str], URIRef], convert: Convert,
                 line: LineOf) -> Iterator[tuple[str, ...]]:
    """The N-Quads lines of each record, file by file: kept lines where a record and what it
    names are unchanged, converted anew elsewhere."""
    folder = cache_dir("rdf")
    by_file = groupby(sorted(ds.items, key=lambda loc: loc.file), key=lambda loc: loc.file)
    for file, items in by_file:
        entry = None if folder is None else folder / f"{_entry_key(file)}.pickle"
        yield from _file_lines(list(items), entry, iri, convert, line)


def _entry_key(file: str) -> str:
    return hashlib.sha256(code_fingerprint().encode() + b"\0rdf\0" + file.encode()).hexdigest()


def _file_lines(items: list[Located], entry: Path | None, iri: Callable[[str], URIRef],
                convert: Convert, line: LineOf) -> Iterator[tuple[str, ...]]:
    kept = read_entry(entry) if entry is not None else None
    old: Entry = kept if isinstance(kept, dict) else {}
    new: Entry = {}
    missed = False
    for loc in items:
        text = fields_text(loc.record)
        found = old.get(text)
        if found is None or not _same_iris(found[0], iri):
            found, missed = _convert(loc.record, iri, convert, line), True
        new[text] = found
        yield found[1]
    if entry is not None and (missed or len(new) != len(old)):
        write_entry(entry, new)  # every key of ``new`` is in ``old`` otherwise: the same


def _same_iris(asked: tuple[tuple[str, str], ...], iri: Callable[[str], URIRef]) -> bool:
    """Every record a kept conversion named still exists and has the same IRI."""
    try:
        return all(str(iri(rid)) == was for rid, was in asked)
    except KeyError:  # a named record is gone
        return False


def _convert(record: Record, iri: Callable[[str], URIRef], convert: Convert,
             line: LineOf) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """Convert one record, noting each IRI it asks for."""
    asked: dict[str, str] = {}

    def noted(rid: str) -> URIRef:
        found = iri(rid)
        asked[rid] = str(found)
        return found

    lines = tuple(line(t) for t in convert(record, noted))
    return tuple(sorted(asked.items())), lines
