"""A SPARQL 1.1 tokenizer for the guard: every reading of the query text, in linear time.

The guard must know whether ``SERVICE`` or ``LOAD`` is a clause of the query or only data
(inside a string, an IRI, a comment, a prefixed name). A tokenizer by the grammar's terminals
(SPARQL 1.1 §19.8) answers that, with one ambiguity the grammar leaves to the parser: ``<``
starts an IRI (``<http://x>``) or is less-than (``FILTER(?a<2)SERVICE#>``). Rather than
guess, :func:`scan` follows *both* readings from every ``<``, and more generally every place
where an engine could read the text differently from the grammar (a string our strict rules
reject, a comment ended by a line break other than CR/LF). It visits each position of the
text at most once, so the work stays linear; a query that would need more than
``WORK_PER_CHAR`` characters of scanning per character of text is refused as too complex.

>>> [t.text for t in scan('SELECT * WHERE { ?s ?p "SERVICE" }').words]
['SELECT', 'WHERE']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

WORK_PER_CHAR = 12  # scanned characters per character of query before giving up

_ESC = r"""\\(?:[tbnrf"'\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})"""
_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF"
                  "\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF"
                  "\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = rf"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = (rf"(?:[{_PN_CHARS_U}:0-9]|{_PLX})"
             rf"(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?")

# One alternative per terminal; the group name is the token kind.
_TOKEN = re.compile("|".join([
    r"(?P<ws>[ \t\r\n]+)",
    r"(?P<comment>#[^\r\n]*)",
    rf'(?P<string>"""(?:[^"\\]|{_ESC}|"(?!""))*"""'
    rf"|'''(?:[^'\\]|{_ESC}|'(?!''))*'''"
    rf'|"(?:[^"\\\r\n]|{_ESC})*"'
    rf"|'(?:[^'\\\r\n]|{_ESC})*')",
    rf"(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
    rf"(?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*)",
    rf"(?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)",
    r"(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)",
    r"(?P<number>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)",
    rf"(?P<word>[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)",
    r"(?P<op>\|\||&&|!=|<=|>=|\^\^|[{}()\[\].,;*+\-/!=<>|^?$])",
]))
# An IRI as Oxigraph may read it (a little wider than the grammar: \u escapes allowed).
_IRIREF = re.compile(r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>')
# A string read leniently (any escape, any line break), in case an engine is laxer than us.
_LAX_STRING = {q: re.compile(rf"{q}(?:[^{q}\\]|\\[\s\S])*{q}") for q in ('"', "'")}
_HIERARCHICAL = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]*://")
_OTHER_BREAKS = re.compile("[\x0b\x0c\x85\u2028\u2029]")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class TooComplexToCheck(ValueError):
    """The text would take more than linear work to read every way it can be read."""


@dataclass(frozen=True)
class Token:
    kind: str  # word | pname | op | … (see _TOKEN)
    text: str
    start: int


@dataclass
class Scan:
    """Every token of every reading: ``words`` (bare words: keywords and function names),
    ``pnames`` (prefixed names) and ``ops`` (operators and brackets)."""

    words: list[Token] = field(default_factory=list)
    pnames: list[Token] = field(default_factory=list)
    ops: list[Token] = field(default_factory=list)


def expand_codepoints(text: str) -> str:
    """``\\uXXXX`` and ``\\UXXXXXXXX`` replaced by their characters (SPARQL 1.1 §19.2 says an
    engine processes them before parsing, anywhere in the text)."""
    def char(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group()

    return _CODEPOINT.sub(char, text)


def scan(text: str) -> Scan:
    """Tokens of every reading of ``text`` (see the module docstring)."""
    out = Scan()
    seen: set[int] = {0}
    todo = [0]
    budget = WORK_PER_CHAR * len(text) + 10_000
    end = len(text)

    def push(pos: int) -> None:
        if pos not in seen:
            seen.add(pos)
            todo.append(pos)

    while todo:
        pos = todo.pop()
        while pos < end:
            m = _TOKEN.match(text, pos)
            ch = text[pos]
            if ch == "<":  # an IRI, or less-than: follow both
                iri = _IRIREF.match(text, pos)
                if iri and _HIERARCHICAL.match(text, pos):
                    m = iri  # "<scheme://": as less-than, "scheme: / /" parses nowhere
                elif iri:
                    budget -= iri.end() - pos
                    push(iri.end())
            elif ch in "\"'" and (m is None or m.lastgroup != "string"):
                lax = _LAX_STRING[ch].match(text, pos)  # a string we would reject
                if lax:
                    budget -= lax.end() - pos
                    push(lax.end())
            if m is None:  # a character no token starts with: read on after it
                pos += 1
                continue
            kind, stop = (m.lastgroup or "iri"), m.end()
            budget -= stop - pos
            if budget < 0:
                raise TooComplexToCheck("the query is too complex to check")
            if kind == "comment":
                other = _OTHER_BREAKS.search(text, pos, stop)
                if other:  # a line break only a lax engine would end the comment at
                    push(other.end())
            elif kind == "word":
                out.words.append(Token(kind, m.group(), pos))
            elif kind == "pname":
                out.pnames.append(Token(kind, m.group(), pos))
            elif kind == "op":
                out.ops.append(Token(kind, m.group(), pos))
            pos = stop
            if pos in seen:
                break
            seen.add(pos)
    return out


def depth(text: str) -> int:
    """Deepest nesting of ``( { [`` in one plain reading (``<`` as an IRI where it can be).

    The guard takes the larger of this and the same count with every ``<`` as less-than."""
    deepest = level = 0
    pos, end = 0, len(text)
    while pos < end:
        if text[pos] == "<":
            iri = _IRIREF.match(text, pos)
            if iri:
                pos = iri.end()
                continue
        m = _TOKEN.match(text, pos)
        if m is None:
            pos += 1
            continue
        if m.lastgroup == "op":
            tok = m.group()
            if tok in "({[":
                level += 1
                deepest = max(deepest, level)
            elif tok in ")}]":
                level = max(0, level - 1)
        pos = m.end()
    return deepest
