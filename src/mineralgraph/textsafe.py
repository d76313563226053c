"""Text from the data made safe for where it goes: a terminal, a spreadsheet cell, an XML
export or a paragraph of mixed-direction text.

The rules are declared here once, and every writer calls them:

- **terminal**: control characters (ESC, BEL, NUL, DEL, C1…) and explicit bidi controls are
  shown as visible escapes (``\\x1b``), so data can never move the cursor, colour or hide
  text, open a hyperlink or reorder a line;
- **spreadsheet** (OWASP CSV injection): a cell that begins with ``=``, ``+``, ``@``, a tab,
  a carriage return, or ``-`` not followed by a number, gets a leading ``'`` so that no
  spreadsheet reads it as a formula;
- **XML**: characters XML 1.0 cannot hold are dropped (GraphML and GEXF stay well-formed);
- **bidi isolation**: a string holding right-to-left text or bidi controls is wrapped in
  FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (U+2068 … U+2069), with its own stray
  embeddings closed, so it cannot reverse the text around it.

Light on purpose (``re`` only): the CLI imports it for ``--help``.
"""

from __future__ import annotations

import re
from typing import Any

# C0 controls except tab and line feed, DEL, and the C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Explicit directional formatting: embeddings, overrides (U+202A–E) and isolates (U+2066–9).
BIDI_CONTROL = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_TERMINAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What XML 1.0 cannot hold at all (tab, LF, CR are allowed).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Strong right-to-left letters (Hebrew, Arabic, Syriac, Thaana, NKo… and their
# presentation forms): text holding them reorders neutral characters next to it.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff"
                  "\U0001e800-\U0001efff]")
_NUMBER = re.compile(r"-(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_FORMULA_START = ("=", "+", "@", "\t", "\r", "-")

FSI, PDI, PDF = "\u2068", "\u2069", "\u202c"


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(value: Any) -> str:
    """``value`` as text a terminal shows as is: control characters and bidi controls become
    visible escapes (``\\x1b``, ``\\u202e``); tab and line feed are kept."""
    return _TERMINAL_UNSAFE.sub(_visible, "" if value is None else str(value))


def first_control(text: str) -> int | None:
    """Index of the first control character (not tab or line feed) in ``text``, or None."""
    found = CONTROL.search(text)
    return found.start() if found else None


def csv_cell(value: Any) -> Any:
    """A spreadsheet cell that cannot start a formula (OWASP's CSV-injection rule).

    >>> csv_cell("=HYPERLINK(\\"http://x\\")"), csv_cell("-3.5"), csv_cell("-cmd"), csv_cell(7)
    ('\\'=HYPERLINK("http://x")', '-3.5', "'-cmd", 7)
    """
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    if value[0] == "-" and _NUMBER.fullmatch(value):
        return value
    return "'" + value


def xml_text(value: str) -> str:
    """``value`` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", value)


def isolate(text: str) -> str:
    """``text`` unchanged when it holds no right-to-left letter and no bidi control; else
    wrapped in U+2068 … U+2069 with its unmatched controls balanced, so that it cannot
    reorder what comes before or after it."""
    if not (_RTL.search(text) or BIDI_CONTROL.search(text)):
        return text
    out: list[str] = []
    stack: list[str] = []  # "i" for an open isolate, "e" for an open embedding/override
    for ch in text:
        if ch in "\u2066\u2067\u2068":
            stack.append("i")
        elif ch == PDI:
            if "i" not in stack:
                continue  # would close our own isolate: drop it
            while stack.pop() != "i":
                pass
        elif ch in "\u202a\u202b\u202d\u202e":
            stack.append("e")
        elif ch == PDF:
            if not stack or stack[-1] != "e":
                continue
            stack.pop()
        out.append(ch)
    closers = "".join(PDI if kind == "i" else PDF for kind in reversed(stack))
    return FSI + "".join(out) + closers + PDI
