"""Cited text: runs of text that each carry the numbers of the sources behind them.

A brief's text is built from :class:`Run` objects so that no renderer can drop a citation:
every number and claim is a run whose ``cites`` point into the numbered source list, and the
list (:class:`Citations`) holds exactly the sources cited, numbered in order of first use.

>>> c = Citations()
>>> c.cite(["fastmarkets", "usgs"]), c.cite(["usgs"])
((1, 2), (2,))
>>> plain_text((Run("Up to US$900M", (1,)), Run(" of capex.")))
'Up to US$900M [1] of capex.'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """A piece of text; ``cites`` are the source numbers shown right after it."""

    text: str
    cites: tuple[int, ...] = ()


#: A paragraph, table cell or list item: runs rendered one after the other.
Para = tuple[Run, ...]


def para(*parts: str | Run | Para) -> Para:
    """Join strings, runs and paragraphs into one paragraph."""
    out: list[Run] = []
    for part in parts:
        if isinstance(part, str):
            if part:
                out.append(Run(part))
        elif isinstance(part, Run):
            out.append(part)
        else:
            out.extend(part)
    return tuple(out)


def series(items: Iterable[Run | Para], *, sep: str = "; ", last: str | None = None,
           end: str = "") -> Para:
    """Items joined as in a sentence: ``a; b; c.`` or, with ``sep=", ", last=" and "``,
    ``a, b and c``.

    >>> plain_text(series([Run("a"), Run("b"), Run("c")], sep=", ", last=" and ", end="."))
    'a, b and c.'
    """
    items = list(items)
    out: list[Run] = []
    for i, item in enumerate(items):
        if i:
            out.append(Run(last if last is not None and i == len(items) - 1 else sep))
        out.extend((item,) if isinstance(item, Run) else item)
    if items and end:
        out.append(Run(end))
    return tuple(out)


def cite_marker(cites: Iterable[int]) -> str:
    """``[1, 3]`` for the given numbers (sorted, without repeats)."""
    nums = sorted(set(cites))
    return f"[{', '.join(map(str, nums))}]" if nums else ""


def plain_text(p: Para) -> str:
    """The paragraph as plain text with ``[n]`` markers (for tests and plain outputs)."""
    out = []
    for run in p:
        out.append(run.text)
        if run.cites:
            out.append((" " if run.text else "") + cite_marker(run.cites))
    return "".join(out)


class Citations:
    """The numbered source list of one brief; numbers are given in order of first use."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}

    def cite(self, source_ids: Iterable[str]) -> tuple[int, ...]:
        """Numbers of these sources (sorted), numbering the ones not cited before."""
        nums = []
        for sid in source_ids:
            if sid not in self._numbers:
                self._numbers[sid] = len(self._numbers) + 1
            nums.append(self._numbers[sid])
        return tuple(sorted(set(nums)))

    def run(self, text: str, source_ids: Iterable[str]) -> Run:
        """A run of ``text`` citing these sources."""
        return Run(text, self.cite(source_ids))

    def order(self) -> list[tuple[int, str]]:
        """(number, source id) in number order."""
        return sorted((n, sid) for sid, n in self._numbers.items())

    def __len__(self) -> int:
        return len(self._numbers)
