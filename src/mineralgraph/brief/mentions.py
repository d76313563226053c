"""Short names after first mention: an entity is named in full the first time the body
mentions it — ``Export-Import Bank of the United States (US EXIM)`` — and by its short name
after, so a reader does not meet the long name dozens of times.

The short name is one the data records (an alias), never an abbreviation made up here: the
shortest alias written in the label's script that saves at least :data:`MIN_SAVING`
characters and names no other entity. An entity without one keeps its full name.

>>> pick_short("Export-Import Bank of the United States", ["US Export-Import Bank", "US EXIM"])
'US EXIM'
>>> pick_short("Tau-Ken Samruk", ["National Mining Company Tau-Ken Samruk"]) is None
True
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace

from .cite import Para, Run, para
from .data import GraphData
from .document import Brief, Finding, RiskGroup, Table

#: An alias is worth using only when it is at least this many characters shorter.
MIN_SAVING = 5


def _latin(text: str) -> bool:
    return all(unicodedata.name(c, "").startswith("LATIN") for c in text if c.isalpha())


def pick_short(label: str, aliases: Iterable[str], taken: Counter | None = None) -> str | None:
    """The short name of an entity labelled ``label``, or ``None``; ``taken`` counts how
    many entities use each name (label or alias, case-folded): a shared one is refused."""
    fit = [a for a in aliases if len(a.strip()) >= 2 and len(a) <= len(label) - MIN_SAVING
           and (_latin(a) or not _latin(label))
           and (taken is None or taken[a.casefold()] <= 1)]
    return min(fit, key=lambda a: (len(a), a)) if fit else None


def short_names(labels: Mapping[str, str], aliases: Mapping[str, list[str]]) -> dict[str, str]:
    """Label → short name, for every entity that has one (``labels``: id → label)."""
    taken: Counter = Counter()
    for slug, label in labels.items():
        taken.update({n.casefold() for n in [label, *aliases.get(slug, [])]})
    out = {}
    for slug, names in aliases.items():
        label = labels.get(slug)
        short = pick_short(label, names, taken) if label else None
        if short:
            out[label] = short
    return out


class Mentions:
    """Rewrites text in reading order: the first mention of a label that has a short name
    stays in full (with the short name after it, unless the label holds it already), every
    later one becomes the short name. Labels without a short name are matched too, so that a
    label inside a longer one (``United States`` in ``Export-Import Bank of the United
    States``) is never touched."""

    def __init__(self, labels: Iterable[str], shorts: Mapping[str, str]) -> None:
        self.shorts = dict(shorts)
        self.seen: set[str] = set()
        names = sorted({n for n in labels if len(n) >= 2} | set(shorts), key=len, reverse=True)
        self.pattern = (re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names))
                                   + r")(?![\w-])") if self.shorts else None)

    def text(self, text: str) -> str:
        if self.pattern is None or not text:
            return text
        return self.pattern.sub(self._one, text)

    def _one(self, match: re.Match) -> str:
        label = match.group()
        short = self.shorts.get(label)
        if short is None:
            return label
        if label in self.seen:
            return short
        self.seen.add(label)
        return label if short in label else f"{label} ({short})"

    def para(self, p: Para) -> Para:
        return tuple(Run(self.text(r.text), r.cites) for r in p)


def short_after_first(brief: Brief, data: GraphData) -> Brief:
    """Names in full at their first mention in the body, by their recorded short name after
    (:class:`Mentions`); figures draw the short name; the actors table of the annex gives
    both. Quotes (the contested facts' table) are never rewritten."""
    labels = {slug: e.label for slug, e in data.entities.items()}
    shorts = short_names(labels, data.aliases)
    if not shorts:
        return brief
    m = Mentions(labels.values(), shorts)

    def finding(f: Finding) -> Finding:
        return replace(f, heading=m.text(f.heading), points=[m.para(p) for p in f.points],
                       notes=[m.para(p) for p in f.notes])

    brief.focus_label = m.text(brief.focus_label)  # the masthead: the first mention
    if brief.changes is not None:
        brief.changes = finding(brief.changes)
    brief.summary = m.para(brief.summary)
    brief.scope_note = m.text(brief.scope_note)
    brief.findings = [finding(f) for f in brief.findings]
    for fig in brief.body_figures:
        fig.caption = m.para(fig.caption)
    brief.tables = [replace(t, rows=[[m.para(c) for c in row] for row in t.rows])
                    for t in brief.tables]
    brief.contested = [replace(t, title=m.text(t.title)) for t in brief.contested]
    brief.risks = [RiskGroup(m.text(g.subject), m.text(g.note), [m.para(p) for p in g.items])
                   for g in brief.risks]
    brief.findings_in_full = [finding(f) for f in brief.findings_in_full]  # the annex's
    for fig in brief.figures:
        for i, node in enumerate(fig.nodes):
            fig.nodes[i] = replace(node, label=shorts.get(node.label, node.label))
        for i, point in enumerate(fig.points):
            fig.points[i] = replace(point, label=shorts.get(point.label, point.label))
    brief.annex = [_with_short_names(t, shorts) if t.key == "actors" else t
                   for t in brief.annex]
    return brief


def _with_short_names(t: Table, shorts: dict[str, str]) -> Table:
    """The actors table names each actor in full with its short name: the brief's key."""
    def first(cell: Para) -> Para:
        label = "".join(r.text for r in cell)
        short = shorts.get(label)
        return cell if short is None or short in label else para(*cell, f" ({short})")

    return replace(t, rows=[[first(row[0]), *row[1:]] for row in t.rows])


__all__ = ["MIN_SAVING", "Mentions", "pick_short", "short_after_first", "short_names"]
