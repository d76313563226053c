"""Refuse SPARQL that reaches the network or writes: SERVICE, LOAD and updates.

Oxigraph executes ``SERVICE <url>`` even in read-only mode (and so does pyoxigraph in
process), so every query that may come from someone else passes through here first.
The check works on the query with strings, IRIs and comments blanked out, so a keyword
inside a literal (``"SERVICE"``) is not mistaken for the clause, and a clause hidden after a
comment or in lower case is still found.
"""

from __future__ import annotations

import re

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


def refuse_unsafe(query: str) -> None:
    """Raise :class:`UnsafeQueryError` if the query holds SERVICE, LOAD or an update."""
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
