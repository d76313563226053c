"""Figures in a text: money (currency, magnitude, qualifier), percentages, quantities with
units (tonnes, rates, hectares, mtu), durations, and dates or periods.

Money and percentages are read by declared patterns (the words come from ``tables``) with
price-parser for the number itself; quantities and durations by spaCy's rule-based Matcher over
the tokens (the unit words are ``tables.UNIT_WORDS``, ``RATE_WORDS``, ``DURATION_WORDS``);
month names by the standard library's strptime. (quantulum3 and dateparser were tried:
quantulum3's import alone takes 5 s, through inflect; dateparser's first parse 1.5 s.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import tables as T

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_QUAL = "|".join(re.escape(q) for q in sorted(T.QUALIFIERS, key=len, reverse=True))
_CUR = "|".join(re.escape(c) for c in sorted(T.CURRENCIES, key=len, reverse=True))
_MAG = "|".join(sorted(T.MAGNITUDES, key=len, reverse=True))
_CURW = "|".join(re.escape(c) for c in sorted(T.CURRENCY_WORDS, key=len, reverse=True))
_PER = r"mtu|tonne|ton|t|lb|kg|oz|ounce|dmtu"

MONEY = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?(?<![\w])(?P<cur>{_CUR})\s?(?P<num>{_NUM})"
    rf"(?:\s?(?:-|–|to)\s?(?:{_CUR})?\s?(?P<num2>{_NUM}))?"
    rf"(?:\s?(?P<mag>{_MAG})(?![\w]))?(?:\s?(?:/|per\s)\s?(?P<per>{_PER})\b)?", re.IGNORECASE)
MONEY_WORDS = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?\b(?P<num>{_NUM})(?:\s(?P<mag>{_MAG}))?\s(?P<curw>{_CURW})\b",
    re.IGNORECASE)
PERCENT = re.compile(
    rf"(?:(?P<qual>{_QUAL})\s+)?\b(?P<num>{_NUM})(?:\s?(?:-|–|to)\s?(?P<num2>{_NUM}))?"
    r"\s?(?:%|per ?cent\b|percent\b)", re.IGNORECASE)
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
           "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
DATE_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("date:day-month-year", re.compile(
        rf"\b(?:(?P<d1>\d{{1,2}})\s+)?(?P<month>{_MONTHS})\.?(?:\s+(?P<d2>\d{{1,2}}))?,?\s+"
        r"(?P<year>(?:19|20)\d{2})\b")),
    ("date:period", re.compile(
        r"\b(?P<year>(?:19|20)\d{2})\s?[-–/]\s?(?P<year2>(?:19|20)?\d{2})\b(?!\s?(?:%|per))")),
    ("date:quarter", re.compile(r"\b(?P<part>Q[1-4]|H[12])\s?(?P<year>(?:19|20)\d{2})\b")),
    ("date:part-of-year", re.compile(
        r"\b(?:the\s+)?(?P<part>end|start|beginning|middle|first half|second half|"
        r"first quarter|second quarter|third quarter|fourth quarter) of\s+"
        r"(?P<year>(?:19|20)\d{2})\b")),
    ("date:numeric", re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<year>(?:19|20)\d{2})\b")),
    ("date:bare-year", re.compile(r"(?<![\d$€£.,/-])(?<!\d )(?P<year>(?:19[5-9]|20[0-4])\d)(?![\d%])"
                                  r"(?!\s?(?:-|–)\s?\d)(?!\s?(?:percent|per cent|t\b|tonnes|tons|mt))")),
    ("date:year", re.compile(
        r"\b(?:in|by|since|from|until|through|during|before|after|of|for|to|early|late|mid-?)"
        r"\s+(?P<year>(?:19|20)\d{2})\b(?![-–/]\d)")),
)


@dataclass(frozen=True)
class Figure:
    kind: str  # money | percent | quantity | duration | date
    start: int
    end: int
    surface: str
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None  # ISO currency (money), "%", a unit, "year" (duration)
    qualifier: str = "exact"
    date: str | None = None  # YYYY, YYYY-MM, YYYY-MM-DD, or "YYYY/YYYY" for a period
    rule: str = ""


def find_figures(text: str) -> list[Figure]:
    """Every figure of ``text`` (non-overlapping, in order)."""
    found: list[Figure] = []
    found += _money(text)
    found += _percent(text)
    found += _quantities(text, found)
    found += _dates(text)
    kept: list[Figure] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if not any(f.start < k.end and k.start < f.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _number(text: str) -> float:
    from price_parser import Price

    amount = Price.fromstring(text).amount_float
    return float(text.replace(",", "")) if amount is None else amount


def _qualifier(match: re.Match, ranged: bool) -> str:
    if ranged:
        return "range"
    qual = (match.group("qual") or "").lower()
    return T.QUALIFIERS.get(qual, "exact")


def _money(text: str):
    for m in MONEY.finditer(text):
        cur = next((code for mark, code in T.CURRENCIES.items()
                    if mark.lower() == m.group("cur").lower()), None)
        if cur is None or (m.group("cur").isalpha() and not m.group("cur").isupper()):
            continue
        mag = T.MAGNITUDES.get(m.group("mag") or "", 1.0)
        if m.group("mag") and m.group("mag") not in T.MAGNITUDES:
            mag = T.MAGNITUDES.get(m.group("mag").lower(), 1.0)
        value = _number(m.group("num")) * mag
        top = _number(m.group("num2")) * mag if m.group("num2") else None
        unit = f"{cur}/{m.group('per')}" if m.group("per") else cur
        start = m.start("qual") if m.group("qual") else m.start("cur")
        yield Figure("money", start, m.end(), text[start:m.end()], value, top, unit,
                     _qualifier(m, top is not None), rule="figure:money")
    for m in MONEY_WORDS.finditer(text):
        mag = T.MAGNITUDES.get((m.group("mag") or "").lower(), 1.0)
        start = m.start("qual") if m.group("qual") else m.start("num")
        yield Figure("money", start, m.end(), text[start:m.end()], _number(m.group("num")) * mag,
                     None, T.CURRENCY_WORDS[m.group("curw").lower()], _qualifier(m, False),
                     rule="figure:money")


def _percent(text: str):
    for m in PERCENT.finditer(text):
        start = m.start("qual") if m.group("qual") else m.start("num")
        top = _number(m.group("num2")) if m.group("num2") else None
        yield Figure("percent", start, m.end(), text[start:m.end()], _number(m.group("num")),
                     top, "%", _qualifier(m, top is not None), rule="figure:percent")


_SCALE = {"million": 1e6, "thousand": 1e3, "billion": 1e9}


@lru_cache(maxsize=1)
def _quantity_matcher():
    from spacy.matcher import Matcher

    from .nlp import pipeline

    matcher = Matcher(pipeline().vocab)
    num = {"LIKE_NUM": True}
    mag = {"LOWER": {"IN": list(_SCALE)}, "OP": "?"}
    qual = {"LOWER": {"IN": ["metric", "dry", "wet", "short"]}, "OP": "?"}
    unit = {"LOWER": {"IN": list(T.UNIT_WORDS)}}
    rate = [{"LOWER": {"IN": ["per", "a", "/", "each"]}}, {"LOWER": {"IN": list(T.RATE_WORDS)}}]
    matcher.add("quantity", [[num, mag, qual, unit], [num, mag, qual, unit, *rate]],
                greedy="LONGEST")
    dur = {"LOWER": {"IN": list(T.DURATION_WORDS)}}
    matcher.add("duration", [[num, dur], [num, {"ORTH": "-"}, dur],
                             [num, {"ORTH": "-"}, num, dur]], greedy="LONGEST")
    return matcher


def _quantities(text: str, taken: list[Figure]):
    from .nlp import pipeline

    doc = pipeline().make_doc(text)
    for match_id, s, e in _quantity_matcher()(doc):
        span = doc[s:e]
        start, end = span.start_char, span.end_char
        if any(start < f.end and f.start < end for f in taken):
            continue
        numbers = [t.text for t in span if t.like_num and t.lower_ not in _SCALE]
        words = [t for t in span if not t.like_num]
        try:
            value = _number(numbers[0])
        except (IndexError, ValueError):
            continue
        value *= next((_SCALE[t.lower_] for t in span if t.lower_ in _SCALE), 1.0)
        top = _number(numbers[1]) if len(numbers) > 1 else None
        before = text[max(0, start - 20):start].lower().rstrip()
        qual = next((q for w, q in sorted(T.QUALIFIERS.items(), key=lambda x: -len(x[0]))
                     if before.endswith(w)), "exact")
        if top is not None:
            qual = "range"
        if doc.vocab.strings[match_id] == "duration":
            yield Figure("duration", start, end, text[start:end], value, top,
                         T.DURATION_WORDS[words[-1].lower_], qual, rule="figure:duration")
            continue
        unit_token = next(t for t in words if t.lower_ in T.UNIT_WORDS)
        unit = T.UNIT_WORDS[unit_token.lower_]
        if words[-1].lower_ in T.RATE_WORDS and words[-1] is not unit_token:
            unit += T.RATE_WORDS[words[-1].lower_]
        yield Figure("quantity", start, end, text[start:end], value, top, unit, qual,
                     rule="figure:quantity")


def _dates(text: str):
    for rule, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            value = _date_value(rule, m)
            if value is None:
                continue
            start = m.start() if rule not in ("date:year", "date:bare-year") else m.start("year")
            yield Figure("date", start, m.end(), text[start:m.end()], date=value, rule=rule)


def _date_value(rule: str, m: re.Match) -> str | None:
    year = m.group("year")
    if rule == "date:period":
        end = m.group("year2")
        end = end if len(end) == 4 else year[:2] + end
        return f"{year}/{end}" if end > year else None
    if rule == "date:numeric":  # US order, as US government pages write it
        try:
            return f"{int(year):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}" \
                if 1 <= int(m.group("m")) <= 12 and 1 <= int(m.group("d")) <= 31 else None
        except ValueError:
            return None
    if rule != "date:day-month-year":
        return year
    import datetime as dt

    day = m.group("d1") or m.group("d2")
    month = m.group("month").rstrip(".")
    parsed = None
    for fmt in ("%d %B %Y", "%d %b %Y"):  # full and abbreviated English month names
        try:
            parsed = dt.datetime.strptime(f"{day or 1} {month[:3] if fmt.endswith('b %Y') else month} {year}", fmt)
            break
        except ValueError:
            continue
    if parsed is None:
        return None
    return parsed.strftime("%Y-%m-%d" if day else "%Y-%m")
