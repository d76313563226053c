"""Finding names in a text: known entities, defined acronyms, countries and their adjectives,
organisations by cue word, sites, people by role, commodities and regions (pycountry
subdivisions of the countries named). Each finder is one rule; its name is the
``extracted_by`` of the candidate entities it proposes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from . import tables as T

#: A capitalised word of a name (letters, digits, inner dots/hyphens/apostrophes, &).
_CAP = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][\w&'’\-]*)"
_CONN = "|".join(re.escape(c) for c in T.NAME_CONNECTORS)
NAME = rf"{_CAP}(?:[ \t]+(?:(?:{_CONN})[ \t]+){{0,2}}{_CAP})*"
_NAME_RE = re.compile(NAME)
_PERSON = r"(?:[A-Z][a-z]+|[A-Z]\.)(?:[ \t]+(?:[A-Z]\.|[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]'[A-Z][a-z]+|Mc[A-Z][a-z]+)){1,2}"
_ROLE = "|".join(re.escape(r) for r in sorted(T.ROLE_WORDS, key=len, reverse=True))


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str  # the text as written
    name: str  # the name to link (a country's canonical name, a site's label…)
    kind: str  # suggested entity kind
    rule: str  # the finder that saw it
    priority: int = 5  # lower wins when two mentions overlap with the same length
    role: str | None = None  # for people found through a role word
    country: str | None = None  # canonical country name, for states


def find_mentions(text: str, known: list[str]) -> list[Mention]:
    """Every mention in ``text``, overlaps resolved (longest first, then priority)."""
    found: list[Mention] = []
    titles = _title_lines(text)
    found += _known(text, known)
    found += _countries(text)
    found += _untitled(_organisations(text), titles)
    found += _untitled(_sites(text), titles)
    found += _appositions(text)
    found += _finance_slots(text)
    found += _office_nouns(text)
    found += _institutions(text)
    found += _region_cues(text)
    found += _people(text)
    found += _commodities(text)
    states = {m.country for m in found if m.country}
    found += _regions(text, states)
    return _resolve_overlaps(found)


def _title_lines(text: str) -> list[tuple[int, int]]:
    """Spans of headline lines (most words capitalised): cue words there name nothing."""
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line)
                 if w.lower() not in T.NAME_CONNECTORS and w.lower() not in ("a", "an", "to", "in", "at", "by", "with", "as")]
        if len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words):
            spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


def _untitled(found, titles: list[tuple[int, int]]):
    for m in found:
        if not any(s <= m.start < e for s, e in titles):
            yield m


def _resolve_overlaps(found: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    spans: list[tuple[int, int]] = []
    for m in sorted(found, key=lambda m: (-(m.end - m.start), m.priority, m.start)):
        if any(m.start < e and s < m.end for s, e in spans):
            continue
        spans.append((m.start, m.end))
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _known(text: str, known: list[str]) -> Iterator[Mention]:
    """Labels and aliases of the data set (normalised names, found case-insensitively when
    longer than five letters, else as written in capitals)."""
    pattern = _known_pattern(tuple(sorted(known)))
    if pattern is None:
        return
    for m in pattern.finditer(text):
        word = m.group(0)
        if len(word) <= 5 and not (word.isupper() or word[:1].isupper()):
            continue
        yield Mention(m.start(), m.end(), word, word, "", "entity:known-name", priority=1)


@lru_cache(maxsize=4)
def _known_pattern(known: tuple[str, ...]) -> re.Pattern | None:
    parts = []
    for name in sorted(known, key=len, reverse=True):
        if len(name) < 2:
            continue
        # short words may be written with dots between letters ("us" is "U.S.")
        words = [r"\.?".join(map(re.escape, w)) + r"\.?" if len(w) <= 3 and w.isalpha()
                 else re.escape(w) for w in name.split()]
        # a normalised name matches the text with any punctuation or spacing between words
        parts.append(r"[\s.\-'’,&]*".join(words))
    if not parts:
        return None
    return re.compile(r"(?<![\w$])(?:" + "|".join(parts) + r")(?![\w$])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import pycountry

    names: dict[str, str] = {}
    for c in pycountry.countries:
        short = getattr(c, "common_name", None) or c.name
        short = T.STATE_NAME_OVERRIDES.get(short, short)
        for n in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if n and "," not in n:
                names[n] = short
    names.update(T.COUNTRY_NAMES)
    return names


@lru_cache(maxsize=1)
def _country_pattern() -> re.Pattern:
    names = sorted({**_country_names(), **T.DEMONYMS}, key=len, reverse=True)
    return re.compile(r"(?<![\w$])(?:the )?(" + "|".join(re.escape(n) for n in names)
                      + r")(?![\w$])")


def _countries(text: str) -> Iterator[Mention]:
    names = _country_names()
    for m in _country_pattern().finditer(text):
        word = m.group(1)
        if word in T.DEMONYMS:
            country, rule = T.DEMONYMS[word], "entity:country-adjective"
        else:
            country, rule = names[word], "entity:country"
        yield Mention(m.start(1), m.end(1), word, country, "state", rule, priority=3,
                      country=country)


def _bare(word: str) -> str:
    """A word without its possessive ending (Minerals' → Minerals, EXIM's → EXIM)."""
    for end in ("'s", "’s", "'", "’"):
        if word.endswith(end) and len(word) > len(end) + 1:
            return word[: -len(end)]
    return word


def _shouting(word: str) -> bool:
    return len(word) >= 2 and word.isalpha() and word.isupper()


def _trim_name(words: list[str]) -> list[str]:
    caps = 0
    while caps < len(words) and _shouting(words[caps]):
        caps += 1
    if caps >= 2:  # "LATROBE MAGNESIUM Latrobe Magnesium": a heading in capitals leads
        words = words[caps:]
    for i, w in enumerate(words):  # "New York-based Critical Metals": the place is not the name
        if w.lower().endswith(("-based", "-listed", "-headquartered", "-owned", "-backed")):
            words = words[i + 1:]
            break
    while words and (words[0] in T.NOT_NAMES or words[0].lower() in T.NAME_CONNECTORS):
        words = words[1:]
    while words and words[-1].lower() in T.NAME_CONNECTORS:
        words = words[:-1]
    return words


def _organisations(text: str) -> Iterator[Mention]:
    for m in _NAME_RE.finditer(text):
        raw = m.group(0).split()
        for i, w in enumerate(raw):  # "Northern Minerals' Browns Range": the owner ends here
            if _bare(w) != w and i < len(raw) - 1 and any(
                    _bare(x) in T.ORG_CUES for x in raw[:i + 1]):
                raw = raw[:i + 1]
                break
        words = [_bare(w) for w in raw]
        cut = None
        # "Department of Energy": a cue followed by "of" heads the name; else the last cue
        for i in range(len(words) - 1):
            if words[i] in T.ORG_CUES and words[i + 1] in ("of", "for"):
                cut = i
                break
        for i in range(len(words) - 1, -1, -1):
            if cut is not None:
                break
            if words[i] in T.ORG_CUES or words[i].rstrip(".,") in T.ORG_CUES:
                cut = i
                break
        if cut is None or cut > 7:
            continue
        cue = words[cut] if words[cut] in T.ORG_CUES else words[cut].rstrip(".,")
        rest = words[cut + 1:]
        if rest and rest[0].lower() not in ("of", "for") and not all(
                w.lower().rstrip(".") in _LEGAL or w in T.ORG_CUES for w in rest):
            continue  # the name goes on past its cue ("AEI China Global Investment Tracker")
        # "Bank of the United States": the cue may come first, with the name after it
        keep = words if rest and rest[0].lower() in ("of", "for") else words
        if "of" in keep[:cut] and not any(w in T.ORG_CUES for w in keep[:keep.index("of")]):
            keep = keep[keep.index("of") + 1:]  # "Pini Althaus of Cove Capital": the org
        keep = _trim_name(keep)
        if "and" in keep[:-1] and len(keep) - keep[::-1].index("and") >= 2 and \
                keep.index(cue if cue in keep else keep[-1]) > len(keep) - 1 - keep[::-1].index("and"):
            keep = keep[len(keep) - keep[::-1].index("and"):]  # "Rhyolite Ridge and Redwood Materials"
            keep = _trim_name(keep)
        if len(keep) < 2 and cue not in ("Ministry", "Department"):
            continue  # a bare cue word ("Bank", "Resources") names nothing
        if cue == "Administration" and len(keep) == 2:
            continue  # "the Trump Administration" is a government, not an agency
        start = m.start() + m.group(0).index(keep[0])
        surface = text[start:start + len(" ".join(keep))]
        if " ".join(keep) != surface:  # spacing differs (line break): re-find the span
            end = m.end()
            surface = text[start:end].rstrip(" .,")
        name = surface.rstrip(",")
        yield Mention(start, start + len(name), name, name, T.ORG_CUES[cue],
                      "entity:organisation-cue", priority=4)
    for m in re.finditer(rf"({NAME})\s*\((?:ASX|NYSE|NASDAQ|Nasdaq|TSX|TSXV|LSE|AIM|HKEX|OTCQX|"
                         r"OTC|NYSE American|KASE|AIX)\s*:\s*[A-Z0-9.]+\)", text):
        words = _trim_name(m.group(1).split())
        if words:
            name = " ".join(words)
            start = m.start(1) + m.group(1).index(words[0])
            yield Mention(start, start + len(name), name, name, "company",
                          "entity:ticker", priority=2)


_PROJECT_FIRST = re.compile(rf"\bProject\s+(?P<name>{_CAP})")
_SITE_WORDS = "|".join(sorted(T.SITE_CUES, key=len, reverse=True))
_SITE_MID = "|".join(re.escape(w) for w in sorted(
    {w for k in T.COMMODITIES for w in k.split()} | set(T.SITE_DESCRIPTORS), key=len, reverse=True))
_SITE_RE = re.compile(
    rf"(?P<name>{NAME})(?P<mid>(?:\s+(?:(?i:{_SITE_MID})|\d+)){{0,5}}?)"
    rf"\s+(?P<cue>(?i:{_SITE_WORDS}))\b")
_FINANCE_SLOT = re.compile(
    rf"\b(?:loans?|financing|funding|commitments?|investments?|LOIs?|letters? of interest|"
    rf"grants?|awards?)\s+(?:[\w-]+\s+){{0,3}}?(?:with|to|in)\s+(?P<names>{_CAP}(?:\s+{_CAP}){{0,3}}"
    rf"(?:(?:,\s+|\s+and\s+|,\s+and\s+){_CAP}(?:\s+{_CAP}){{0,3}})*)")


def _sites(text: str) -> Iterator[Mention]:
    for m in _PROJECT_FIRST.finditer(text):  # "Project Vault"
        if m.group("name") not in T.NOT_NAMES:
            yield Mention(m.start(), m.end(), m.group(0), m.group(0), "project",
                          "entity:site-cue", priority=2)
    for m in _SITE_RE.finditer(text):
        words = _trim_name(m.group("name").split())
        if not words or words[-1].endswith("’s") or words[-1].endswith("'s"):
            # "Northern Minerals' Browns Range": the owner's possessive is not the site
            pass
        words = [w for w in words]
        # a possessive inside: keep what follows it (the site's own name)
        for i, w in enumerate(words):
            if w.endswith(("'s", "’s", "s'", "s’")) and i < len(words) - 1:
                words = words[i + 1:]
                break
        words = _trim_name(words)
        if not words or words[0] in T.DEMONYMS or words[0] in _country_names():
            continue
        cue = m.group("cue").lower()
        name = " ".join(words)
        start = m.start("name") + m.group("name").rfind(words[0]) \
            if len(words) == 1 else m.start("name") + m.group("name").find(name)
        if start < m.start("name"):
            continue
        end = m.end("cue")
        label = f"{name} {m.group('cue')}"
        yield Mention(start, end, text[start:end], label, T.SITE_CUES[cue], "entity:site-cue",
                      priority=2)


_HON = "|".join(map(re.escape, T.HONORIFICS))
_LEGAL = {s.rstrip(".") for s in T.LEGAL_SUFFIXES}
_ROLE_BEFORE = re.compile(
    rf"\b(?P<role>(?i:{_ROLE}))(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){{0,3}})?"
    rf"\s+(?:(?:{_HON})\s+)?(?P<name>{_PERSON})\b")
_ROLE_AFTER = re.compile(rf"(?P<name>{_PERSON}),\s+(?:the\s+|its\s+|\S+['’]s\s+)?"
                         rf"(?:[\w’'.]+\s+){{0,3}}?(?P<role>(?i:{_ROLE}))\b")
_ROLE_PAIR = re.compile(rf"\b(?i:{_ROLE})\s+{_PERSON}\s+and\s+(?P<name>{_PERSON})\b")
_SAID = re.compile(rf"\b(?:said|says|added|according to)\s+(?:(?:{_HON})\s+)?(?P<name>{_PERSON})\b"
                   rf"|\b(?:{_HON})\s+(?P<name2>{_PERSON})\b")


def _people(text: str) -> Iterator[Mention]:
    for rx in (_ROLE_BEFORE, _ROLE_AFTER, _SAID, _ROLE_PAIR):
        for m in rx.finditer(text):
            group = "name" if "name2" not in rx.groupindex or m.group("name") else "name2"
            words = m.group(group).split()
            if any(w in T.NOT_NAMES or w.rstrip(".") in T.ORG_CUES or w in T.DEMONYMS
                   or w in _country_names() for w in words):
                continue
            role = m.group("role") if "role" in rx.groupindex else None
            role = role or (m.group(0).split()[0] if rx is _ROLE_PAIR else None)
            yield Mention(m.start(group), m.end(group), m.group(group), m.group(group),
                          "person", "entity:person-role" if role else "entity:person-said",
                          priority=2, role=role)


_APPOSITION = re.compile(
    r"\b(?P<cue>" + "|".join(re.escape(c) for c in sorted(T.APPOSITION_CUES, key=len, reverse=True))
    + rf")\s+(?P<name>{_CAP}(?:\s+{_CAP}){{0,3}})")


def _appositions(text: str) -> Iterator[Mention]:
    """"commodity trader Mercuria", "investment company TechMet": the noun says the kind."""
    for m in _APPOSITION.finditer(text):
        words = _trim_name([_bare(w) for w in m.group("name").split()])
        if not words or words[0] != _bare(m.group("name").split()[0]):
            continue
        if words[0] in _country_names() or words[0] in T.DEMONYMS:
            continue
        name = " ".join(words)
        start = m.start("name")
        yield Mention(start, start + len(name), name, name, T.APPOSITION_CUES[m.group("cue")],
                      "entity:apposition", priority=3)


def _finance_slots(text: str) -> Iterator[Mention]:
    """Names right after a finance word ("loans closed with Ultium Cells and Syrah Vidalia"):
    whoever is financed is an organisation or a project, proposed as a company."""
    for m in _FINANCE_SLOT.finditer(text):
        block, base = m.group("names"), m.start("names")
        for part in re.finditer(rf"{_CAP}(?:\s+{_CAP}){{0,3}}", block):
            words = _trim_name([_bare(w) for w in part.group(0).split()])
            if not words or words[0] in _country_names() or words[0] in T.DEMONYMS:
                continue
            name = " ".join(words)
            start = base + part.start() + part.group(0).find(words[0])
            if text[start:start + len(name)] != name:
                continue
            yield Mention(start, start + len(name), name, name, "company",
                          "entity:finance-slot", priority=6)


_OFFICE = re.compile(
    rf"(?P<name>{_CAP}(?:\s+(?:(?:{_CONN})\s+){{0,2}}{_CAP}){{1,8}})\s+(?:\((?P<a1>[A-Z][\w()&.\-]{{1,11}})\)\s+)?"
    r"(?P<noun>office|directorate|division|unit|bureau|agency|program office)\b(?:\s+\((?P<a2>[A-Z][\w()&.\-]{1,11})\))?")


def _office_nouns(text: str) -> Iterator[Mention]:
    """"the Defense Production Act Purchases (DPAP) office": a named government unit."""
    for m in _OFFICE.finditer(text):
        words = _trim_name(m.group("name").split())
        if len(words) < 2:
            continue
        name = " ".join(words)
        start = m.start("name") + m.group("name").find(words[0])
        if text[start:start + len(name)] != name:
            continue
        yield Mention(start, start + len(name), name, name, "government-agency",
                      "entity:office-noun", priority=3)


def _institutions(text: str) -> Iterator[Mention]:
    rx = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(T.INSTITUTIONS, key=len,
                                                                       reverse=True)) + r")\b")
    for m in rx.finditer(text):
        yield Mention(m.start(), m.end(), m.group(0), m.group(0), T.INSTITUTIONS[m.group(0)],
                      "entity:institution", priority=3)


def _region_cues(text: str) -> Iterator[Mention]:
    rx = re.compile(rf"\b(?P<name>{_CAP}(?:\s+{_CAP}){{0,2}})\s+(?:{'|'.join(T.REGION_CUES)})\b")
    for m in rx.finditer(text):
        words = _trim_name(m.group("name").split())
        if not words:
            continue
        start = m.start("name") + m.group("name").index(words[0])
        yield Mention(start, m.end(), text[start:m.end()], text[start:m.end()], "region",
                      "entity:region", priority=4)





def _commodities(text: str) -> Iterator[Mention]:
    for m in _commodity_pattern().finditer(text):
        word = m.group(0)
        yield Mention(m.start(), m.end(), word, T.COMMODITIES[word.lower()], "commodity",
                      "entity:commodity", priority=6)


@lru_cache(maxsize=1)
def _commodity_pattern() -> re.Pattern:
    words = sorted(T.COMMODITIES, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def _regions(text: str, countries: set[str | None]) -> Iterator[Mention]:
    rx = _region_pattern(frozenset(c for c in countries if c))
    if rx is None:
        return
    for m in rx.finditer(text):
        yield Mention(m.start(), m.end(), m.group(0), m.group(0), "region",
                      "entity:region", priority=5)


@lru_cache(maxsize=16)
def _region_pattern(countries: frozenset[str]) -> re.Pattern | None:
    """Subdivisions (pycountry) of the countries a text names: states, provinces, regions."""
    import pycountry

    codes = []
    for name in sorted(countries):
        try:
            codes.append(pycountry.countries.lookup(name).alpha_2)
        except LookupError:
            continue
    names = sorted({s.name for code in codes for s in pycountry.subdivisions.get(
        country_code=code) or () if len(s.name) >= 5 and "," not in s.name}, key=len,
        reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
