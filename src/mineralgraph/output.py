"""Query results as text: a Rich table for the terminal, CSV/TSV/JSON for pipes.

``csv`` and ``tsv`` follow the W3C *SPARQL 1.1 Query Results CSV and TSV Formats* (CSV: plain
values; TSV: terms in SPARQL syntax, so IRIs and literals stay distinguishable), with one
change for spreadsheets: a value that begins with ``=``, ``+``, ``@``, a tab, a carriage return
or a non-numeric ``-`` gets a leading ``'`` (OWASP's CSV-injection rule,
:func:`mineralgraph.textsafe.csv_cell`), so that opening the file never runs a formula;
``json`` is a list of row objects with plain values; ``sparql-json`` is the W3C SPARQL 1.1
JSON results (exact values).
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal, InvalidOperation

from .store import _NUMERIC, XSD, Result, Term
from .tabular import csv_text, markdown_table
from .textsafe import csv_cell
from .vocab import BASE, DCTERMS, PROV, RDF, RDFS, SKOS

# Numbers beyond 10^±100 are shown as their text: converting 1e999999999 to an int hangs.
MAX_DIGITS = 100
FORMATS = ("table", "csv", "tsv", "json", "sparql-json", "md", "xlsx")
# Prefixes that shorten IRIs in the terminal table only; machine formats keep full IRIs.
_SHORT = (("id:", BASE + "id/"), ("mg:", BASE + "ontology#"), ("rdf:", str(RDF)),
          ("rdfs:", str(RDFS)), ("prov:", str(PROV)), ("dcterms:", str(DCTERMS)),
          ("skos:", str(SKOS)))


def render(result: Result, fmt: str) -> str:
    """The result as text in one of :data:`FORMATS` other than ``table``."""
    if fmt == "csv":
        return _delimited(result, ",", lambda t: csv_cell(t.value))
    if fmt == "tsv":
        return _delimited(result, "\t", _tsv_term, header=[f"?{v}" for v in result.vars])
    if fmt == "json":
        rows = [{v: (_json_value(b[v]) if v in b else None) for v in result.vars}
                for b in result.bindings]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return markdown_table(result.vars, plain_rows(result))
    if fmt == "sparql-json":
        boolean = getattr(result, "boolean", None)
        doc = {"head": {}, "boolean": boolean} if boolean is not None else result.to_sparql_json()
        return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")


def plain_rows(result: Result) -> list[list]:
    """Rows of plain values (numbers as numbers, the rest as text), as in ``json``."""
    return [[_json_value(b[v]) if v in b else None for v in result.vars]
            for b in result.bindings]


def _delimited(result: Result, sep: str, cell, header: list[str] | None = None) -> str:
    if sep == ",":
        return csv_text(header or result.vars,
                        ([cell(b[v]) if v in b else "" for v in result.vars]
                         for b in result.bindings), lineterminator="\r\n")
    lines = ["\t".join(header or result.vars)]
    lines += ["\t".join(cell(b[v]) if v in b else "" for v in result.vars)
              for b in result.bindings]
    return "\n".join(lines) + "\n"


def _tsv_term(t: Term) -> str:
    if t.type == "literal" and csv_cell(t.value) != t.value:
        t = dataclasses.replace(t, value=csv_cell(t.value))
    if t.type == "bnode":
        return f"_:{t.value}"
    if t.type == "literal" and t.datatype in (XSD + "integer", XSD + "decimal"):
        return t.value  # numbers may be written bare in SPARQL TSV
    return t.n3()


def _json_value(t: Term):
    """Numbers as JSON numbers (integral decimals without ``.0``), the rest as text; so are
    numbers JSON cannot hold (INF, NaN) or too large to be worth a number (over 100 digits),
    kept exact as their text."""
    if t.type == "literal" and t.datatype in _NUMERIC:
        try:
            number = Decimal(t.value)
        except InvalidOperation:
            return t.value
        if not number.is_finite() or abs(number.adjusted()) > MAX_DIGITS:
            return t.value
        if number == number.to_integral_value() and t.datatype != XSD + "double":
            return int(number)
        return float(number)
    return t.py


def display(t: Term | None) -> str:
    """A term as a person reads it in a table: short IRIs, grouped digits for big numbers."""
    if t is None:
        return ""
    if t.type == "uri":
        for prefix, ns in _SHORT:
            if t.value.startswith(ns):
                return prefix + t.value[len(ns):]
        return t.value
    if t.type == "literal" and t.datatype in _NUMERIC:
        value = _json_value(t)
        if isinstance(value, int) and abs(value) >= 10000:
            return f"{value:,}"
        return str(value)
    return t.value


def rich_table(result: Result, *, title: str | None = None, caption: str | None = None):
    """A :class:`rich.table.Table` of the result (empty results say so in the caption)."""
    from rich.table import Table

    table = Table(title=title, caption=caption, show_lines=False, header_style="bold",
                  title_justify="left", caption_justify="left")
    numeric = {v: all(b[v].type == "literal" and b[v].datatype in _NUMERIC
                      for b in result.bindings if v in b) for v in result.vars}
    for v in result.vars:
        table.add_column(v, justify="right" if numeric[v] and result.bindings else "left",
                         overflow="fold")
    for b in result.bindings:
        table.add_row(*(display(b.get(v)) for v in result.vars))
    return table
