"""Sentences of a text and the verbatim quotes cut from them.

A quote is the whole sentence when it is short, else the shortest clause (between commas,
semicolons, colons, dashes or brackets) that holds everything the record rests on; it is a
slice of the text itself, with runs of whitespace made single (quote verification ignores
whitespace), so it is verbatim by construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A sentence shorter than this is quoted whole.
WHOLE_SENTENCE = 320
#: Longest quote the data format takes.
MAX_QUOTE = 600
_WORD = re.compile(r"[A-Za-z]{2,}")
_LOWER_WORD = re.compile(r"\b[a-z]{2,}\b")
_BOUNDARY = re.compile(r"[;:()\u2013\u2014]|,\s|\s-\s")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str, *, wrapped: bool = False) -> list[Sentence]:
    """The sentences of ``text`` (spaCy sentencizer), split at line breaks too unless the
    lines are ``wrapped`` (PDF text, where a line break is not a paragraph end)."""
    from .nlp import pipeline

    out: list[Sentence] = []
    for block_start, block in _blocks(text, wrapped):
        doc = pipeline()(block)
        for sent in doc.sents:
            start = block_start + sent.start_char
            end = block_start + sent.end_char
            body = text[start:end]
            stripped = body.strip()
            if not stripped:
                continue
            lead = len(body) - len(body.lstrip())
            out.extend(_glued(text, start + lead, start + lead + len(stripped)))
    return out


#: "project.The loan": a full stop with no space after it (copied web text) ends a sentence
_GLUED = re.compile(r"(?<=[a-z0-9)”\"][.!?])(?=[A-Z][a-z])")


def _glued(text: str, start: int, end: int):
    pos = start
    for m in _GLUED.finditer(text, start, end):
        yield Sentence(pos, m.start(), text[pos:m.start()])
        pos = m.start()
    yield Sentence(pos, end, text[pos:end])


def _blocks(text: str, wrapped: bool):
    splitter = re.compile(r"\n\s*\n" if wrapped else r"\n")
    pos = 0
    for m in splitter.finditer(text):
        if m.start() > pos:
            yield pos, text[pos:m.start()]
        pos = m.end()
    if pos < len(text):
        yield pos, text[pos:]


def is_prose(sentence: Sentence) -> bool:
    """A sentence worth reading: at least four words, some in lower case (not a menu line)."""
    return len(_WORD.findall(sentence.text)) >= 4 and bool(_LOWER_WORD.search(sentence.text))


def quote(text: str, sentence: Sentence, spans: list[tuple[int, int]]) -> str | None:
    """The verbatim quote of ``sentence`` that covers every span (None if none fits)."""
    if not spans:
        return None
    lo = min(s for s, _ in spans)
    hi = max(e for _, e in spans)
    if sentence.end - sentence.start <= WHOLE_SENTENCE:
        return _clean(sentence.text)
    body = sentence.text
    rel_lo, rel_hi = lo - sentence.start, hi - sentence.start
    cut_lo = 0
    for m in _BOUNDARY.finditer(body, 0, max(rel_lo, 0)):
        cut_lo = m.end()
    m = _BOUNDARY.search(body, max(rel_hi, 0))
    cut_hi = m.start() if m else len(body)
    clause = _clean(body[cut_lo:cut_hi])
    if clause and len(clause) <= MAX_QUOTE and len(clause) >= 3:
        return clause
    tight = _clean(text[lo:hi])
    return tight if 3 <= len(tight) <= MAX_QUOTE else None


def _clean(fragment: str) -> str:
    return _SPACES.sub(" ", fragment).strip(" ,;:")
