"""Refuse SPARQL that reaches the network or writes: SERVICE, LOAD and updates.

Oxigraph executes ``SERVICE <url>`` even in read-only mode (and so does pyoxigraph in
process), so every query that may come from someone else passes through here first.
The check works on the query with strings, IRIs and comments blanked out, so a keyword
inside a literal (``"SERVICE"``) is not mistaken for the clause, and a clause hidden after a
comment or in lower case is still found.
"""

from __future__ import annotations

import re
import threading

from .errors import MineralgraphError

_FORBIDDEN = re.compile(
    r"\b(SERVICE|LOAD|INSERT|DELETE|CLEAR|DROP|CREATE|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_LITERALS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*")
_PREFIXED = re.compile(r"[A-Za-z0-9_\-.]*:[A-Za-z0-9_\-.%]*|[?$][A-Za-z0-9_]+")


class UnsafeQueryError(MineralgraphError):
    """The query asks for something this endpoint refuses (federation, loading, updates)."""

    exit_code = 2


_PARSE_LOCK = threading.Lock()
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LINE_COMMENT = re.compile(r"^[ \t]*#[^\n]*$", re.MULTILINE)


def _expand_escapes(query: str) -> str:
    """SPARQL processes \\u and \\U escapes before parsing, anywhere in the query text."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16))
                       if int(m.group(1) or m.group(2), 16) <= 0x10FFFF else m.group(), query)


def _has_service_clause(query: str) -> bool:
    """Whether the query really holds a SERVICE clause, decided by a SPARQL parser.

    Masking literals with regular expressions cannot tell ``<`` as less-than from the start
    of an IRI (``FILTER(?a<2)SERVICE#>``), so any query whose text mentions the word at all
    is parsed; one that cannot be parsed is refused rather than guessed about.
    """
    text = _LINE_COMMENT.sub("", _expand_escapes(query))  # a whole-line comment hides nothing
    if "service" not in text.lower():
        return False
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        with _PARSE_LOCK:  # pyparsing's parser state is shared; the server is threaded
            tree = parseQuery(query)
    except Exception:  # noqa: BLE001 - any parse failure means we cannot vouch for it
        return True

    def names(node) -> bool:
        if isinstance(node, CompValue):
            return node.name == "ServiceGraphPattern" or any(names(v) for v in node.values())
        if isinstance(node, (list, tuple)) or hasattr(node, "asList"):
            return any(names(v) for v in node)
        return False

    return names(tree)


def refuse_unsafe(query: str) -> None:
    """Raise :class:`UnsafeQueryError` if the query holds SERVICE, LOAD or an update."""
    if _has_service_clause(query):
        raise UnsafeQueryError(
            "refused: the query uses SERVICE (or mentions it in a way that cannot be checked); "
            "federated queries (SERVICE) would make this machine fetch other URLs")
    masked = _LITERALS.sub(lambda m: " " * len(m.group()), query)
    masked = _PREFIXED.sub(lambda m: " " * len(m.group()), masked)  # ex:service, ?load
    found = _FORBIDDEN.search(masked)
    if found:
        word = found.group(1).upper()
        why = ("federated queries (SERVICE) would make this machine fetch other URLs"
               if word == "SERVICE" else
               "LOAD would make this machine fetch a URL" if word == "LOAD" else
               "the graph is read-only: SPARQL Update is refused")
        raise UnsafeQueryError(f"refused: the query uses {word}; {why}")
