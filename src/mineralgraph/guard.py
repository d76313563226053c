"""Refuse SPARQL that reaches the network, writes, or is too big for the engine.

Oxigraph executes ``SERVICE <url>`` even in read-only mode (and so does pyoxigraph in
process), so every query that may come from someone else passes through here first. The
decision is made on tokens (:mod:`mineralgraph.sparql_lex`), never on a full parse: a keyword
inside a string, an IRI or a comment is data; a keyword in code is refused in whatever reading
of the text an engine could make (``<`` as IRI or less-than, comments ended at CR or LF,
``\\u`` escapes expanded or not). It runs in linear time and takes no lock.

This is the first of two walls: ``serve`` runs the engine in a network namespace and the CLI
runs queries without network where the system allows it (:mod:`mineralgraph.sandbox`), so a
spelling the guard missed still cannot reach the network. See docs/security.md.

>>> refuse_unsafe("SELECT * WHERE { ?s ?p 'SERVICE <http://x/>' }")   # data: passes
>>> refuse_unsafe("select * { sErViCe <http://x/> { ?s ?p ?o } }")    # doctest: +ELLIPSIS
Traceback (most recent call last):
...
mineralgraph.guard.UnsafeQueryError: refused: the query uses SERVICE; ...
"""

from __future__ import annotations

import functools

from .errors import MineralgraphError
from .sparql_lex import TooComplexToCheck, depth, expand_codepoints, scan

# Limits on a query's text, stated in docs/security.md and `serve --help`. Oxigraph parses and
# optimises recursively: a FILTER of 10,000 `||` (160 KB) overflows its stack and kills the
# process, so the operator count and the nesting depth are bounded well below that.
MAX_QUERY_CHARS = 256 * 1024
MAX_DEPTH = 64
MAX_OPERATORS = 2_000
CACHE_QUERY_CHARS = 8 * 1024  # decisions on queries up to this size are remembered (4,096)

# Keyword → why it is refused. An engine may read a keyword glued to the next word
# (Oxigraph matches keywords without a word boundary), so SERVICE and LOAD are refused
# anywhere inside a bare word or a prefix name, updates at the start of a bare word.
_NETWORK = {
    "SERVICE": "federated queries (SERVICE) would make this machine fetch other URLs",
    "LOAD": "LOAD would make this machine fetch a URL",
}
_UPDATES = ("INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "COPY", "MOVE", "ADD", "WITH")
_OPERATORS = frozenset({"||", "&&", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/",
                        "|", "^", "!", "(", "{", "["})
_STRUCTURE_WORDS = ("UNION", "OPTIONAL", "MINUS", "EXISTS", "FILTER", "BIND", "VALUES")


class UnsafeQueryError(MineralgraphError):
    """The query asks for something this endpoint refuses (federation, loading, updates)."""

    exit_code = 2


class QueryTooLargeError(MineralgraphError):
    """The query is past the stated size, nesting or operator limit (HTTP 400)."""

    exit_code = 2


def refuse_unsafe(query: str) -> None:
    """Raise :class:`UnsafeQueryError` if the query holds SERVICE, LOAD or an update, and
    :class:`QueryTooLargeError` if it is past the limits above."""
    if len(query) <= CACHE_QUERY_CHARS:  # the same short queries come again and again
        verdict = _cached_verdict(query)
    else:
        verdict = _verdict(query)
    if verdict is not None:
        error, message = verdict
        raise error(message)


def _verdict(query: str) -> tuple[type[MineralgraphError], str] | None:
    """``None`` for a query that passes, else the error class and message to raise."""
    try:
        _check(query)
    except (UnsafeQueryError, QueryTooLargeError) as exc:
        return type(exc), str(exc)
    return None


_cached_verdict = functools.lru_cache(maxsize=4096)(_verdict)


def _check(query: str) -> None:
    if len(query) > MAX_QUERY_CHARS:
        raise QueryTooLargeError(
            f"refused: the query is {len(query):,} characters long; the limit is "
            f"{MAX_QUERY_CHARS:,}")
    readings = [query]
    expanded = expand_codepoints(query)
    if expanded != query:
        readings.append(expanded)
    for text in readings:
        try:
            found = scan(text)
        except TooComplexToCheck:
            raise QueryTooLargeError("refused: the query is too complex to check") from None
        _refuse_keywords(found)
        _refuse_complexity(text, found)


def _refuse_keywords(found) -> None:
    for token in found.words:
        upper = token.text.upper()
        for word, why in _NETWORK.items():
            if word in upper:
                raise UnsafeQueryError(f"refused: the query uses {word}; {why}")
        for word in _UPDATES:
            if upper.startswith(word):
                raise UnsafeQueryError(f"refused: the query uses {word}; the graph is "
                                       "read-only: SPARQL Update is refused")
    for token in found.pnames:
        prefix = token.text.split(":", 1)[0].upper()
        for word, why in _NETWORK.items():
            if word in prefix:
                raise UnsafeQueryError(f"refused: the query uses {word} (glued to the "
                                       f"prefixed name {token.text!r}); {why}")


def _refuse_complexity(text: str, found) -> None:
    operators = sum(1 for t in found.ops if t.text in _OPERATORS)
    operators += sum(1 for t in found.words if t.text.upper() in _STRUCTURE_WORDS)
    if operators > MAX_OPERATORS:
        raise QueryTooLargeError(
            f"refused: the query has {operators:,} operators, brackets and clauses; the limit "
            f"is {MAX_OPERATORS:,} (larger expressions overflow the query engine)")
    deepest = max(depth(text), depth(text.replace("<", " < ")))
    if deepest > MAX_DEPTH:
        raise QueryTooLargeError(
            f"refused: the query nests brackets {deepest} deep; the limit is {MAX_DEPTH}")
