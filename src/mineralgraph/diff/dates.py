"""What changed on one graph between two dates: relations that started or ended (the
projection's own rule of what holds on a date, :func:`~mineralgraph.network.projection.valid_at`)
and figures dated in between, each with the figure it follows (old → new). Targets and
forecasts are marked so, apart from what happened."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from ..errors import MineralgraphError
from ..model import date_bounds
from ..store import Store
from .rows import Change


def _edges(G) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    return {key: data for _, _, key, data in G.edges(keys=True, data=True)}


def _what(e: dict[str, Any]) -> str:
    return f"{e['subject']} {e['kind']} {e['object']}"


def _terms(e: dict[str, Any]) -> str:
    q = e.get("qualifiers") or {}
    bits = [e.get("status") or ""]
    if "amount" in q:
        bits.append(f"{q['amount']:,} {q.get('currency', '')}".strip())
    if "share_pct" in q:
        bits.append(f"{q['share_pct']}%")
    return ", ".join(b for b in bits if b)


def _sources(e: dict[str, Any]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ev["source"] for ev in e.get("evidence", [])))


def relation_changes(store: Store, day1: dt.date, day2: dt.date) -> list[Change]:
    """Relations holding on ``day2`` but not ``day1`` (started) and the reverse (ended)."""
    from ..network.projection import project
    from ..network.rules import edge_kinds

    kinds = sorted(edge_kinds())
    before = _edges(project(store, as_of=day1, kinds=kinds))
    after = _edges(project(store, as_of=day2, kinds=kinds))
    out = [Change("started", k, _what(after[k]), "status", "", _terms(after[k]),
                  _sources(after[k]), (after[k]["subject"], after[k]["object"]))
           for k in sorted(after.keys() - before.keys())]
    out += [Change("ended", k, _what(before[k]), "status", _terms(before[k]),
                   (before[k].get("end") and f"ended {before[k]['end']}") or "",
                   _sources(before[k]), (before[k]["subject"], before[k]["object"]))
            for k in sorted(before.keys() - after.keys())]
    return out


def _figure(r: dict[str, Any]) -> str:
    if r.get("value") is not None:
        value = f"{r['value']:g}" if isinstance(r["value"], float) else str(r["value"])
    else:
        value = f"{r.get('min', '')}–{r.get('max', '')}"
    return f"{value} {r.get('unit') or ''}".strip() + f" ({r['date']})"


def figure_changes(store: Store, day1: dt.date, day2: dt.date) -> list[Change]:
    """Figures dated after ``day1`` up to ``day2``, each with the last earlier figure of the
    same series (entity, measure, commodity, unit, actual-or-target)."""
    from ..network.sparql import OBSERVATIONS

    rows: dict[str, dict[str, Any]] = {}
    sources: dict[str, set[str]] = defaultdict(set)
    for r in store.select(OBSERVATIONS).rows():
        if r.get("date") is None or r["measure"] == "milestone":
            continue
        rows.setdefault(r["id"], r)
        sources[r["id"]].add(r["source"])
    series: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for r in rows.values():
        planned = r.get("status") in ("target", "forecast", "projection")
        series[(r["entity"], r["measure"], r.get("commodity"), r.get("unit"), planned)].append(r)
    out: list[Change] = []
    for key, items in sorted(series.items(), key=lambda kv: str(kv[0])):
        items.sort(key=lambda r: (date_bounds(str(r["date"]))[1], r["id"]))
        previous = [r for r in items if date_bounds(str(r["date"]))[1] <= day1]
        for r in items:
            end = date_bounds(str(r["date"]))[1]
            if not day1 < end <= day2:
                continue
            label = "target" if key[4] else "figure"
            old = _figure(previous[-1]) if previous else ""
            out.append(Change(f"new {label}", r["id"], f"{r['measure']} of {r['entity']}"
                              + (f" ({r['commodity']})" if r.get("commodity") else ""),
                              "value", old, _figure(r), tuple(sorted(sources[r["id"]])),
                              (r["entity"],)))
            previous.append(r)
    return out


def diff_dates(store: Store, as_of: str, to: str) -> list[Change]:
    """Every change between two dates on one graph."""
    from ..network.projection import parse_as_of

    day1, day2 = parse_as_of(as_of), parse_as_of(to)
    if day1 is None or day2 is None:
        raise MineralgraphError("diff needs two real dates, not 'all'")
    if day2 < day1:
        raise MineralgraphError(f"--to {to} is before --as-of {as_of}")
    return relation_changes(store, day1, day2) + figure_changes(store, day1, day2)
