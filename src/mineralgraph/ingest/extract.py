"""One text → what the extractor proposes: linked names, figures, relations, observations.

This is the library entry for a text already read; :func:`mineralgraph.ingest.ingest` adds
reading the document, the snapshot and the YAML file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import MineralgraphError
from .figures import Figure, find_figures
from .linking import Link, Linker
from .mentions import NAME, Mention, find_mentions
from .nlp import MAX_TEXT_CHARS
from .relations import Linked, Proposal, observations_in, relations_in
from .text import Sentence, is_prose, sentences

_ACRONYM = re.compile(r"\s*\(\s*(?:the\s+)?[\"“]?(?P<acr>[A-Z][A-Za-z&.\-]{1,11})[\"”]?\s*\)")
_NAME_RE = re.compile(NAME)


@dataclass
class Extraction:
    text: str
    sentences: list[Sentence]
    names: list[Linked]
    figures: list[Figure]
    linker: Linker
    proposals: list[Proposal] = field(default_factory=list)

    def links(self) -> list[Link]:
        """Every distinct entity the text names (existing or new), in order of first mention."""
        seen: dict[str, Link] = {}
        for n in self.names:
            seen.setdefault(n.link.id, n.link)
        return list(seen.values())

    def first_mention(self, link: Link) -> Linked:
        return next(n for n in self.names if n.link.id == link.id)


class TextError(MineralgraphError):
    """A text that holds nothing to extract from (no sentence) or is too long."""


def extract(text: str, linker: Linker, *, wrapped: bool = False) -> Extraction:
    """Propose entities, figures, relations and observations found in ``text``."""
    if len(text) > MAX_TEXT_CHARS:
        raise TextError(f"the text is {len(text) / 1e6:.1f} million characters; ingest reads "
                        f"at most {MAX_TEXT_CHARS / 1e6:.0f} million (about 170,000 words) at "
                        "a time: split the document into parts")
    sents = [s for s in sentences(text, wrapped=wrapped) if is_prose(s)]
    if not sents:
        raise TextError("no sentences found in the text (nothing of at least four words in "
                        "running prose): is it a list, a menu or a scanned image?")
    names = _link_all(text, find_mentions(text, linker.known_names()), linker)
    figures = find_figures(text)
    ex = Extraction(text, sents, names, figures, linker)
    focus: Link | None = None
    used_figures: set[int] = set()
    for sent in sents:
        here = [n for n in names if sent.start <= n.mention.start < sent.end]
        for prop in relations_in(sent, here, figures, focus):
            ex.proposals.append(prop)
            used_figures.update(s for s, _ in prop.spans)
        ex.proposals.extend(observations_in(sent, here, figures, used_figures))
        companies = [n.link for n in here if n.link.kind in ("company", "joint-venture",
                                                             "state-owned-enterprise")]
        if companies and focus is None:
            focus = companies[0]  # the document's first company: what "the company" means
    return ex


def _link_all(text: str, mentions: list[Mention], linker: Linker) -> list[Linked]:
    """Link mentions in reading order; an acronym defined in brackets after a name links the
    later uses of the acronym to the same entity."""
    out: list[Linked] = []
    acronyms: dict[str, Link] = {}
    for m in mentions:
        link = _link_one(m, linker)
        if link is None:
            continue
        out.append(Linked(m, link))
        d = _ACRONYM.match(text, m.end)
        initials = {w[0].upper() for w in re.findall(r"[A-Za-z][\w'’-]*", m.surface)}
        if d and m.kind != "state" and d.group("acr")[0].upper() in initials:
            linker.teach_alias(d.group("acr"), link)
            acronyms[d.group("acr")] = link
    # Names learnt from this text — acronyms it defines, new names its cues revealed — are
    # found again wherever they recur ("TechMet" after "investment company TechMet").
    again: dict[str, tuple[Link, str]] = {acr: (link, "entity:acronym")
                                          for acr, link in acronyms.items()}
    for n in out:
        if n.link.new and n.link.kind != "person" and len(n.mention.surface) >= 3:
            again.setdefault(n.mention.surface, (n.link, "entity:same-name"))
        if n.link.kind == "person" and len(n.mention.surface.split()) >= 2:
            again.setdefault(n.mention.surface.split()[-1], (n.link, "entity:same-name"))
    taken = [(n.mention.start, n.mention.end) for n in out]
    for name, (link, rule) in sorted(again.items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(rf"(?<![\w$]){re.escape(name)}(?![\w])", text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append(Linked(Mention(m.start(), m.end(), name, name, link.kind, rule), link))
    return sorted(out, key=lambda n: n.mention.start)


def _link_one(m: Mention, linker: Linker) -> Link | None:
    if m.rule == "entity:known-name":
        return linker.link_known(m.name)
    if m.kind == "state":
        return linker.link(m.name, "state", country=m.country)
    taught = linker.lookup(m.name)
    if taught is not None:
        return taught
    return linker.link(m.name, m.kind)
