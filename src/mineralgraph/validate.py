"""SHACL validation (pySHACL) of a built graph against ``ontology/shapes.ttl``."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from .resources import ontology_dir
from .vocab import SH


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        return f"{self.severity}: {self.focus}{where}: {self.message}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: list[Violation]
    triples: int


def shapes_graph() -> Graph:
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


def validate_graph(data: Graph) -> Report:
    """Run the SHACL shapes over ``data``; violations are sorted for a stable report."""
    import pyshacl

    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=True,
        allow_warnings=True)
    violations = []
    for res in results.subjects(SH.resultSeverity, None):
        focus = results.value(res, SH.focusNode)
        path = results.value(res, SH.resultPath)
        msg = results.value(res, SH.resultMessage)
        sev = results.value(res, SH.resultSeverity)
        violations.append(Violation(
            str(focus), str(path) if path is not None and not _is_bnode(path) else None,
            str(msg) if msg is not None else "constraint violated",
            str(sev).rsplit("#", 1)[-1]))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return Report(bool(conforms), violations, len(data))


def _is_bnode(term) -> bool:
    from rdflib import BNode

    return isinstance(term, BNode)
