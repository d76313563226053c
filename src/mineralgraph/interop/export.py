"""Write the interop formats: ``bods`` (one JSON array), ``ftm`` (JSON lines), ``jsonld``.

Each file is written beside its target and renamed into place (no half-written output).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import atomic_open
from ..errors import MineralgraphError
from ..store import Store
from . import INTEROP_FORMATS


@dataclass
class ExportReport:
    """What an export wrote: the file, how many items, and what it left out and why."""

    path: Path
    written: int
    left_out: dict[str, int] = field(default_factory=dict)


def export_interop(store: Store, fmt: str, path: str | Path, *,
                   publication_date: str | None = None) -> ExportReport:
    """Write the graph in ``store`` as ``fmt`` (one of :data:`INTEROP_FORMATS`) to ``path``."""
    if fmt not in INTEROP_FORMATS:
        raise MineralgraphError(f"unknown interop format {fmt!r}: use "
                                + ", ".join(INTEROP_FORMATS))
    target = Path(path)
    if target.is_dir():
        raise MineralgraphError(f"{target} is a folder: give a file name")
    if not target.parent.is_dir():
        raise MineralgraphError(f"folder {target.parent} does not exist")
    if fmt == "jsonld":
        from .jsonld import dataset_jsonld

        doc = dataset_jsonld(store)
        with atomic_open(target) as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=1)
        return ExportReport(target, len(doc["@graph"]))
    from .graph import read_graph

    graph = read_graph(store)
    if fmt == "bods":
        from .bods import bods_statements

        result = bods_statements(graph, publication_date=publication_date)
        with atomic_open(target) as fh:
            json.dump(result.statements, fh, ensure_ascii=False, indent=1)
        return ExportReport(target, len(result.statements), result.left_out)
    from .ftm import ftm_entities

    entities, left_out = ftm_entities(graph)
    with atomic_open(target) as fh:
        for entity in entities:
            fh.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
    return ExportReport(target, len(entities), left_out)
