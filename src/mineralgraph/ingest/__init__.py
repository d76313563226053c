"""Ingest: from a document to candidate records that a person reviews.

>>> from mineralgraph.ingest import ingest                     # doctest: +SKIP
>>> result = ingest("release.html", out="data/new/release.yaml", publisher="US EXIM")
>>> result.counts                                             # doctest: +SKIP
{'actors': 3, 'sites': 1, 'relations': 2, 'observations': 1}

The document's text is kept as a snapshot in the local source cache (``snapshots``), the
source record carries its SHA-256, and every candidate quotes it verbatim, carries
``review: candidate``, a ``confidence`` and the rule that proposed it (``extracted_by``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from ..errors import MineralgraphError
from .emit import Candidates, build_records, to_yaml
from .extract import Extraction, TextError, extract
from .linking import Linker, slugify
from .read import Document, read_document

__all__ = ["IngestResult", "ingest", "snapshot_source", "extract", "read_document", "Linker"]


@dataclass(frozen=True)
class IngestResult:
    out: Path
    snapshot: Path
    source_id: str
    candidates: Candidates
    extraction: Extraction

    @property
    def counts(self) -> dict[str, int]:
        return {k: len(v) for k, v in self.candidates.records.items() if k != "sources"}


def ingest(document: str | Path, *, out: str | Path, data_dir: str | Path | None = None,
           url: str | None = None, publisher: str | None = None, date: str | None = None,
           source_id: str | None = None, kind: str | None = None, force: bool = False,
           public_domain: bool = False) -> IngestResult:
    """Read ``document`` (a file or an http(s) URL), propose candidate records, write them
    to ``out`` and the text snapshot to the source cache. Nothing is written on error."""
    from ..atomic import write_atomic
    from ..load import load_dataset
    from ..model import partial_date
    from ..resources import default_data_dir
    from ..snapshots import sha256_bytes, snapshot_bytes, store_snapshot

    out = Path(out)
    if out.exists() and not force:
        raise MineralgraphError(f"{out} already exists: choose another --out, or replace it "
                                "with --force")
    if not out.parent.is_dir():
        raise MineralgraphError(f"cannot write {out}: the folder {out.parent} does not exist")
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    ds = load_dataset(root)
    if source_id is not None and source_id in ds:
        loc = ds.where(source_id)
        raise MineralgraphError(f"source id '{source_id}' already exists ({loc.file}:"
                                f"{loc.line}); choose another --source-id")
    if date is not None:
        try:
            date = partial_date(date)
        except ValueError as exc:
            raise MineralgraphError(f"--date: {exc}") from None
    doc = read_document(document)
    try:
        ex = extract(doc.text, Linker.from_dataset(ds),
                     wrapped=str(doc.origin).lower().endswith(".pdf"))
    except TextError as exc:
        raise TextError(f"{doc.origin}: {exc}") from None
    sid = source_id or _source_id(doc, date, ds)
    source = _source_record(doc, sid, url=url, publisher=publisher, date=date, kind=kind)
    source["sha256"] = sha256_bytes(snapshot_bytes(doc.text))
    cands = build_records(ex, source)
    snapshot, _ = store_snapshot(doc.text, sid, root, public_domain=public_domain)
    write_atomic(out, to_yaml(cands, str(document), str(out)))
    return IngestResult(out, snapshot, sid, cands, ex)


def snapshot_source(document: str | Path, source_id: str, *, data_dir: str | Path | None = None,
                    public_domain: bool = False) -> tuple[Path, str, str | None]:
    """Store the text of ``document`` as the snapshot of an existing source record.

    Returns the snapshot path, its SHA-256 and the record's ``sha256`` (None when the record
    has none yet). A text whose SHA-256 differs from the record's is refused.
    """
    from ..load import load_dataset
    from ..resources import default_data_dir
    from ..snapshots import store_snapshot

    root = Path(data_dir) if data_dir is not None else default_data_dir()
    ds = load_dataset(root)
    if source_id not in ds or ds.get(source_id).section != "sources":
        raise MineralgraphError(f"no source record has the id '{source_id}' in {root}; "
                                "`mineralgraph ingest` creates a new source with its snapshot")
    recorded = ds.get(source_id).sha256  # type: ignore[attr-defined]
    doc = read_document(document)
    path, digest = store_snapshot(doc.text, source_id, root, public_domain=public_domain,
                                  expect_sha256=recorded)
    return path, digest, recorded


def _source_id(doc: Document, date: str | None, ds) -> str:
    stem = slugify(doc.title or Path(urlparse(doc.origin).path).stem or "document")
    stem = "-".join(stem.split("-")[:8])
    when = (date or doc.date or "")[:7]
    base = f"{stem}-{when}" if when else stem
    rid, n = base, 2
    while rid in ds:
        rid, n = f"{base}-{n}", n + 1
    return rid


def _source_record(doc: Document, sid: str, *, url: str | None, publisher: str | None,
                   date: str | None, kind: str | None) -> dict:
    address = url or doc.url
    host = urlparse(address).hostname if address else None
    publisher = publisher or doc.publisher or (re.sub(r"^www\.", "", host) if host else None)
    if not publisher:
        raise MineralgraphError(f"{doc.origin}: the document does not state its publisher; "
                                "give it with --publisher NAME")
    if kind is None:
        kind = "press-release" if host and host.endswith(".gov") else "news-article"
    rec: dict = {"id": sid, "kind": kind,
                 "label": (doc.title or f"{publisher}: {Path(doc.origin).name}")[:300],
                 "publisher": publisher[:300]}
    if doc.title:
        rec["title"] = doc.title[:300]
    if date or doc.date:
        rec["date"] = date or doc.date
    if address:
        rec["url"] = address
    return rec
