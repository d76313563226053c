"""Quote verification: every quote of a source whose snapshot we hold must appear in it.

Matching is verbatim after normalising what a copy changes without changing the words:
Unicode compatibility forms (NFKC: non-breaking spaces, ligatures), typographic quotes and
apostrophes, and runs of whitespace (line breaks included). An ellipsis (``…`` or ``...``)
in a quote marks an omission: the parts on each side must appear, in that order.

>>> normalise("“It’s  here”\\n")
'"It\\'s here"'
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .load import Dataset
from .model import Sourced, Source
from .snapshots import find_snapshot, sha256_file

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u00ad": None,  # soft hyphen: invisible, drop it
})
_SPACE = re.compile(r"\s+")
_ELLIPSIS = re.compile(r"\s*(?:\u2026|\.\.\.)\s*")


def normalise(text: str) -> str:
    """Text with typographic quotes, compatibility forms and whitespace made plain."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).translate(_QUOTES)).strip()


def quote_in(quote: str, normalised_text: str) -> bool:
    """Whether ``quote`` appears verbatim in a text already passed through :func:`normalise`."""
    start = 0
    for part in _ELLIPSIS.split(normalise(quote)):
        part = part.strip()
        if not part:
            continue
        found = normalised_text.find(part, start)
        if found < 0:
            return False
        start = found + len(part)
    return True


@dataclass
class QuoteReport:
    """What the check found: quotes verified, failed (with where), and not checkable."""

    verified: int = 0
    failures: list[Problem] = field(default_factory=list)
    unchecked: int = 0
    unchecked_sources: Counter[str] = field(default_factory=Counter)
    snapshots: int = 0
    paraphrases: int = 0  # evidence marked `paraphrase` (the curator's words): never checked

    @property
    def total(self) -> int:
        return self.verified + len(self.failures) + self.unchecked

    @property
    def share_verified(self) -> float:
        return self.verified / self.total if self.total else 0.0

    def summary(self) -> str:
        return (f"quotes: {self.verified:,} of {self.total:,} verified against "
                f"{self.snapshots} source snapshot(s) ({self.share_verified:.0%}), "
                f"{len(self.failures)} not found, {self.unchecked:,} not checkable "
                f"(no snapshot of {len(self.unchecked_sources)} source(s))"
                + (f"; {self.paraphrases:,} marked as paraphrase, not checked"
                   if self.paraphrases else ""))


def verify_quotes(ds: Dataset, data_dir: Path) -> QuoteReport:
    """Check every evidence quote of ``ds`` against the snapshots under ``data_dir``.

    A snapshot whose SHA-256 differs from its source record's ``sha256`` is a failure of its
    own (the quotes are then not checked against it: it is not the text they cite).
    """
    report = QuoteReport()
    texts: dict[str, str | None] = {}
    lines: dict[str, list[str]] = {}
    for src in ds.records("sources"):
        assert isinstance(src, Source)
        path = find_snapshot(src.id, data_dir)
        if path is None:
            texts[src.id] = None
            continue
        if src.sha256 and sha256_file(path) != src.sha256:
            loc = ds.where(src.id)
            report.failures.append(Problem(
                loc.file, loc.line, src.id,
                f"snapshot {path} has SHA-256 {sha256_file(path)}, not the record's "
                f"sha256 {src.sha256}: the stored text is not the one the quotes cite"))
            texts[src.id] = None
            continue
        texts[src.id] = normalise(path.read_text(encoding="utf-8", errors="replace"))
        report.snapshots += 1
    for loc in ds.items:
        rec = loc.record
        if not isinstance(rec, Sourced):
            continue
        for ev in rec.evidence:
            text = texts.get(ev.source)
            if getattr(ev, "paraphrase", False):
                # marked as the curator's wording, not the source's: not a quote to check
                report.paraphrases += 1
            elif text is None:
                report.unchecked += 1
                report.unchecked_sources[ev.source] += 1
            elif quote_in(ev.quote, text):
                report.verified += 1
            else:
                line = _quote_line(loc.file, loc.line, ev.quote, lines)
                report.failures.append(Problem(
                    loc.file, line, rec.id,
                    f"quote not found in the snapshot of '{ev.source}': "
                    f"\"{ev.quote[:120]}{'…' if len(ev.quote) > 120 else ''}\""))
    return report


def _quote_line(file: str, record_line: int, quote: str, cache: dict[str, list[str]]) -> int:
    """The line of ``quote`` in ``file`` at or after its record's line (else the record's)."""
    if file not in cache:
        try:
            cache[file] = Path(file).read_text(encoding="utf-8").splitlines()
        except OSError:
            cache[file] = []
    probe = quote[:40]
    for number, text in enumerate(cache[file][record_line - 1:], start=record_line):
        if probe in text:
            return number
    return record_line
