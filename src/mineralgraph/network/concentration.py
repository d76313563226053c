"""Market concentration: shares by country and the Herfindahl–Hirschman index, per source.

>>> from mineralgraph.store import open_store
>>> for c in concentration(open_store(), commodity="tungsten"):       # doctest: +SKIP
...     print(c.source, c.year, round(c.hhi), c.basis)

Read from the observations (``production`` / ``reserves`` by country, and stated
``production-share`` / ``reserves-share``). Sources disagree, so every index is computed
within one source, one year and one unit — never across sources. Shares are of the world
total the same source gives for that year when it gives one (the rest of the world is then
reported as uncovered, and the index is a lower bound); else of the sum of the countries it
lists. HHI is Σ share², shares in percent: 10,000 is a monopoly; above 2,500 a market is
usually called highly concentrated.

Only figures with status ``actual`` or ``estimate`` count (not targets or projections);
ranges count by their midpoint, and say so.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..errors import MineralgraphError, NotFoundError
from ..names import HIGHLY_CONCENTRATED
from ..resolve import _norm
from ..store import Store
from . import sparql

MEASURES = {"production": ("production", "production-share"),
            "reserves": ("reserves", "reserves-share")}
COUNTED_STATUSES = frozenset({"actual", "estimate"})
WORLD = "world"
#: A group with a single country is kept only when that country holds at least this share.
MIN_SINGLE_COVERAGE = 50.0


@dataclass(frozen=True)
class Share:
    country: str
    label: str
    value: float | None  # the figure in ``unit`` (None when the source states a share)
    share_pct: float
    observation: str
    quote: str | None
    note: str = ""
    paraphrase: bool = False  # the quote is our paraphrase of the source, not its text


@dataclass
class Concentration:
    commodity: str
    measure: str
    source: str
    source_label: str
    source_date: str | None
    source_url: str | None
    year: str
    unit: str
    basis: str  # "world total" | "sum of listed countries" | "stated shares"
    total: float | None
    shares: list[Share] = field(default_factory=list)
    contested: list[str] = field(default_factory=list)  # observations disputed elsewhere

    @property
    def hhi(self) -> float:
        return sum(s.share_pct ** 2 for s in self.shares)

    @property
    def covered_pct(self) -> float:
        return sum(s.share_pct for s in self.shares)

    @property
    def lower_bound(self) -> bool:
        """The listed countries do not cover the whole market: the true index is higher or
        equal (the rest could be one more country)."""
        return self.covered_pct < 99.5


def concentration(store: Store, *, commodity: str = "tungsten", measure: str = "production",
                  year: int | str | None = None) -> list[Concentration]:
    """One index per (source, year, unit) with country figures; latest year first.

    Without ``year``, each source's latest year with country figures is used.
    """
    if measure not in MEASURES:
        raise MineralgraphError(f"unknown measure {measure!r}: use {' or '.join(MEASURES)}")
    rows = store.select(sparql.OBSERVATIONS).rows()
    commodities = {r["commodity"] for r in rows if r.get("commodity")}
    target = _commodity(commodity, commodities)
    absolute, share_measure = MEASURES[measure]
    seen: set[tuple[str, str]] = set()
    groups: dict[tuple[str, str, str, bool], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if (r["id"], r["source"]) in seen or r.get("commodity") != target:
            continue
        if r["measure"] not in (absolute, share_measure):
            continue
        if (r.get("status") or "actual") not in COUNTED_STATUSES:
            continue
        seen.add((r["id"], r["source"]))
        yr = _year(r)
        if yr is None:
            continue
        is_share = r["measure"] == share_measure
        groups[(r["source"], yr, r.get("unit") or "", is_share)].append(r)
    if year is not None:
        groups = {k: v for k, v in groups.items() if k[1] == str(year)}
    disputed = {r["a"] for r in store.select(sparql.CONTESTS).rows()} | {
        r["b"] for r in store.select(sparql.CONTESTS).rows()}
    results = [_index(target, measure, key, members) for key, members in groups.items()]
    for c in results:
        c.contested = sorted(s.observation for s in c.shares if s.observation in disputed)
    # a source's stated shares repeat its own figures when it gives both: keep the figures
    with_figures = {(c.source, c.year) for c in results if c.basis != "stated shares"}
    results = [c for c in results
               if c.basis != "stated shares" or (c.source, c.year) not in with_figures]
    # one country covering a sliver of the market says nothing about concentration
    results = [c for c in results
               if len(c.shares) >= 2 or c.covered_pct >= MIN_SINGLE_COVERAGE]
    if year is None:
        latest: dict[str, str] = {}
        for c in results:
            latest[c.source] = max(latest.get(c.source, c.year), c.year)
        results = [c for c in results if c.year == latest[c.source]]
    return sorted(results, key=lambda c: (-int(c.year), c.source, c.unit))


def _commodity(name: str, known: set[str]) -> str:
    found = {_norm(k): k for k in known}.get(_norm(name))
    if found:
        return found
    close = difflib.get_close_matches(_norm(name), sorted(known), n=5, cutoff=0.5)
    hint = f"; commodities with figures: {', '.join(close or sorted(known)[:10])}"
    raise NotFoundError(f"no observation is about commodity {name!r}{hint}")


def _year(r: dict[str, Any]) -> str | None:
    for key in ("date", "asOf"):
        if r.get(key):
            return str(r[key])[:4]
    return None


def _value(r: dict[str, Any]) -> tuple[float | None, str]:
    if r.get("value") is not None:
        return float(r["value"]), ""
    if r.get("min") is not None and r.get("max") is not None:
        return (float(r["min"]) + float(r["max"])) / 2, "midpoint of a range"
    return None, ""


def _index(commodity: str, measure: str, key: tuple[str, str, str, bool],
           members: list[dict[str, Any]]) -> Concentration:
    source, year, unit, is_share = key
    first = members[0]
    world = [r for r in members if r["entity"] == WORLD]
    countries = sorted((r for r in members if r["entityKind"] == "state"),
                       key=lambda r: r["entity"])
    total = _value(world[0])[0] if world and not is_share else None
    if is_share:
        basis = "stated shares"
    elif total:
        basis = "world total"
    else:
        basis = "sum of listed countries"
        total = sum(v for v in (_value(r)[0] for r in countries) if v is not None) or None
    c = Concentration(commodity, measure, source, first.get("sourceLabel") or source,
                      _text(first.get("sourceDate")), first.get("url"), year, unit, basis,
                      None if is_share else total)
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in countries:
        if _value(r)[0] is not None:
            by_country[r["entity"]].append(r)
    for figures in by_country.values():
        # one figure per country: a source may also give a subset (JORC-compliant reserves);
        # the largest is the whole, the others are named in the note, never added up
        figures.sort(key=lambda r: (-_value(r)[0], r["id"]))
        r, others = figures[0], figures[1:]
        value, note = _value(r)
        if others:
            note = "; ".join(filter(None, [note, "also " + ", ".join(
                f"{o['id']} ({o.get('scope') or _value(o)[0]})" for o in others)]))
        if (r.get("qualifier") or "exact") not in ("exact", "about", "range"):
            note = "; ".join(filter(None, [note, f"figure is '{r['qualifier']}' the value"]))
        pct = value if is_share else (100.0 * value / total if total else 0.0)
        c.shares.append(Share(r["entity"], r.get("label") or r["entity"],
                              None if is_share else value, pct, r["id"], r.get("quote"), note,
                              bool(r.get("paraphrase"))))
    c.shares.sort(key=lambda s: (-s.share_pct, s.country))
    return c


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
