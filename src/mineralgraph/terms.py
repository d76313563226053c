"""RDF terms and SELECT rows as every backend returns them, the backend interface
(:class:`Store`), and how typed parameters are bound into query text (a ``VALUES`` block:
user text never becomes query syntax)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .errors import MineralgraphError

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long",
                              "nonNegativeInteger", "positiveInteger", "short")}


@dataclass(frozen=True)
class Term:
    """An RDF term as SPARQL results carry it, the same whatever the backend."""

    type: str  # uri | literal | bnode
    value: str
    datatype: str | None = None
    lang: str | None = None

    @property
    def py(self) -> Any:
        """Plain Python value: str for IRIs and text, int/float for numbers, bool."""
        if self.type != "literal" or self.datatype is None:
            return self.value
        if self.datatype in _NUMERIC:
            try:
                if self.datatype.endswith(("integer", "Integer", "int", "long", "short")):
                    return int(self.value)
                number = float(self.value)
                return number if math.isfinite(number) else self.value
            except ValueError:
                return self.value
        if self.datatype == XSD + "boolean":
            return self.value in ("true", "1")
        return self.value

    def n3(self) -> str:
        """The term in SPARQL / N-Triples syntax, fully escaped."""
        if self.type == "uri":
            if re.search(r'[\x00-\x20<>"{}|^`\\]', self.value):
                raise MineralgraphError(f"not a valid IRI: {self.value!r}")
            return f"<{self.value}>"
        if self.type == "bnode":
            raise MineralgraphError("a blank node cannot be passed as a parameter")
        text = escape_literal(self.value)
        if self.lang:
            return f'"{text}"@{self.lang}'
        if self.datatype and self.datatype != XSD + "string":
            return f'"{text}"^^<{self.datatype}>'
        return f'"{text}"'

    def to_json(self) -> dict[str, str]:
        out = {"type": self.type, "value": self.value}
        if self.datatype:
            out["datatype"] = self.datatype
        if self.lang:
            out["xml:lang"] = self.lang
        return out

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls("uri", value)

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        return cls("literal", value, datatype, lang)


def escape_literal(text: str) -> str:
    """The body of a quoted literal in N-Triples/SPARQL: backslashes, quotes, line breaks
    and control characters escaped (never a multi-line form)."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace(
        "\r", "\\r").replace("\t", "\\t")
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04X}", out)


@dataclass
class Result:
    """Rows of a SELECT: variable names and, per row, the bound terms."""

    vars: list[str]
    bindings: list[dict[str, Term]]

    def rows(self) -> list[dict[str, Any]]:
        """Rows as plain dicts of Python values (unbound variables are None)."""
        return [{v: (b[v].py if v in b else None) for v in self.vars} for b in self.bindings]

    def __len__(self) -> int:
        return len(self.bindings)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows())

    def to_sparql_json(self) -> dict:
        return {"head": {"vars": self.vars},
                "results": {"bindings": [{k: t.to_json() for k, t in b.items()}
                                         for b in self.bindings]}}


class Store(Protocol):
    """What every backend offers: SELECT and ASK with typed parameters, N-Quads export."""

    description: str

    def select(self, query: str, params: Mapping[str, Term] | None = None) -> Result: ...

    def ask(self, query: str, params: Mapping[str, Term] | None = None) -> bool: ...

    def close(self) -> None: ...


def bind_values(query: str, params: Mapping[str, Term]) -> str:
    """Insert ``VALUES (?a ?b) { (term term) }`` after the top-level ``WHERE {``."""
    for name in params:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise MineralgraphError(f"not a valid parameter name: {name!r}")
    names = " ".join(f"?{n}" for n in params)
    terms = " ".join(t.n3() for t in params.values())
    block = f" VALUES ({names}) {{ ({terms}) }} "
    pos = _top_where_brace(query)
    return query[: pos + 1] + block + query[pos + 1:]


def _top_where_brace(query: str) -> int:
    """Index of the ``{`` that opens the top-level WHERE group (strings, IRIs, comments
    skipped)."""
    masked = _mask(query)
    m = re.search(r"\bWHERE\s*\{", masked, re.IGNORECASE)
    if m:
        return m.end() - 1
    idx = masked.find("{")
    if idx < 0:
        raise MineralgraphError("query has no WHERE group to bind parameters into")
    return idx


def _mask(query: str) -> str:
    """The query with string literals, IRIs and comments blanked out (same length)."""
    pattern = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\r\n]|\\.)*"|'
                         r"'(?:[^'\\\r\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\r\n]*")
    return pattern.sub(lambda m: " " * len(m.group()), query)
