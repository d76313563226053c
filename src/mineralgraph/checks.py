"""Sanity checks across records, run at load (``validate``, ``build``, every command that
loads data): each finding names the file, line and record, and says what to do.

The checks are declared in :data:`CHECKS` with their severity: an ``error`` stops the load,
a ``warning`` is printed by ``validate`` and ``build`` and kept on the data set
(:attr:`mineralgraph.load.Dataset.warnings`).

=======================  =======  ==========================================================
check                    level    what it finds
=======================  =======  ==========================================================
currency                 error    a currency that is not an ISO 4217 code (pycountry)
share-kind               error    ``share_pct`` on a relation that is not owns, partner-in
                                  or acquires
concurrent-shares        error    owners (and partners) of one entity whose shares, held at
                                  the same time, add up to more than 100% (contested claims
                                  excepted)
dates-outside-entity     warning  a relation dated before an agreement, instrument or event
                                  it names began, or after the event ended
=======================  =======  ==========================================================
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .errors import Problem
from .model import Relation, date_bounds

#: Statuses of an ownership that holds (not planned, ended or denied).
HOLDING_STATUSES = frozenset({"active", "completed", "signed", "reported", "operational"})
#: Relations that may state a share: those whose projection weight is the share
#: (``network.rules``: owns, partner-in) and the acquisition that moves one.
SHARE_KINDS = frozenset({"owns", "partner-in", "acquires"})
#: Relations whose shares of one entity, held at the same time, add up to at most 100%.
HOLDING_KINDS = frozenset({"owns", "partner-in"})
_FAR_PAST, _FAR_FUTURE = dt.date.min, dt.date.max


@dataclass(frozen=True)
class Check:
    name: str
    severity: str  # "error" | "warning"
    run: Callable[[list[Any], dict[str, Any]], Iterator[Problem]]


def run_checks(located: Iterable[Any]) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) of every check over ``located`` (records with file and line)."""
    located = list(located)
    by_id = {loc.record.id: loc for loc in located}
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for check in CHECKS:
        (errors if check.severity == "error" else warnings).extend(check.run(located, by_id))
    return errors, warnings


def _relations(located: list[Any]) -> Iterator[Any]:
    return (loc for loc in located if isinstance(loc.record, Relation))


@lru_cache(maxsize=1)
def _currencies() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


def check_currency(located: list[Any], by_id: dict[str, Any]) -> Iterator[Problem]:
    for loc in _relations(located):
        code = loc.record.currency
        if code and code not in _currencies():
            yield Problem(loc.file, loc.line, loc.record.id,
                          f"currency {code!r} is not an ISO 4217 currency code (e.g. USD, EUR, "
                          "CNY, KZT)")


def check_share_kind(located: list[Any], by_id: dict[str, Any]) -> Iterator[Problem]:
    for loc in _relations(located):
        rel = loc.record
        if rel.share_pct is not None and rel.kind not in SHARE_KINDS:
            yield Problem(loc.file, loc.line, rel.id,
                          f"share_pct on a '{rel.kind}' relation: a share belongs to "
                          f"{_either(sorted(SHARE_KINDS))}; move the figure to a note or an "
                          "owns relation")


def _either(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1]


def _span(rel: Relation) -> tuple[dt.date, dt.date]:
    """Days a holding is known to run: start (or as_of) to end; as_of alone is one day's
    snapshot; no date at all stands for any time."""
    first = rel.start or rel.as_of
    lo = date_bounds(first)[0] if first else _FAR_PAST
    if rel.end:
        hi = date_bounds(rel.end)[1]
    elif rel.as_of and not rel.start:
        hi = date_bounds(rel.as_of)[1]
    else:
        hi = _FAR_FUTURE
    return lo, hi


def check_concurrent_shares(located: list[Any], by_id: dict[str, Any]) -> Iterator[Problem]:
    holdings: dict[str, list[tuple[Any, tuple[dt.date, dt.date]]]] = defaultdict(list)
    for loc in _relations(located):
        rel = loc.record
        if (rel.kind in HOLDING_KINDS and rel.share_pct is not None and not rel.contests
                and rel.status in HOLDING_STATUSES):
            holdings[rel.object].append((loc, _span(rel)))
    for asset, items in sorted(holdings.items()):
        reported: set[frozenset[str]] = set()
        for day in sorted({lo for _, (lo, _) in items}):
            held = [(loc, span) for loc, span in items if span[0] <= day <= span[1]]
            biggest: dict[str, Any] = {}  # one holder reported twice holds one stake
            for loc, _ in held:
                best = biggest.get(loc.record.subject)
                if best is None or loc.record.share_pct > best.record.share_pct:
                    biggest[loc.record.subject] = loc
            total = sum(loc.record.share_pct for loc in biggest.values())
            names = frozenset(loc.record.id for loc in biggest.values())
            if total <= 100.0001 or names in reported:
                continue
            reported.add(names)
            last = max(biggest.values(), key=lambda loc: (_span(loc.record)[0], loc.record.id))
            listing = ", ".join(f"{loc.record.id} {loc.record.share_pct:g}% "
                                f"({loc.file}:{loc.line})"
                                for loc in sorted(biggest.values(), key=lambda l: l.record.id))
            when = "at any date" if day == _FAR_PAST else f"on {day.isoformat()}"
            yield Problem(last.file, last.line, last.record.id,
                          f"ownership of {asset!r} sums to {total:g}% (over 100) {when}: "
                          f"{listing}; give the sale an end date, or mark disagreeing sources "
                          "with 'contests:'")


def _entity_span(record: Any) -> tuple[dt.date, dt.date] | None:
    start = getattr(record, "date", None)
    if record.section == "sources" or not start:
        return None
    end = getattr(record, "end_date", None)
    return date_bounds(start)[0], date_bounds(end)[1] if end else _FAR_FUTURE


def check_dates_outside_entity(located: list[Any], by_id: dict[str, Any]) -> Iterator[Problem]:
    for loc in _relations(located):
        rel = loc.record
        first, last = rel.start or rel.as_of, rel.end or rel.as_of
        if not (first or last):
            continue
        for end in ("subject", "object"):
            target = by_id.get(getattr(rel, end))
            span = _entity_span(target.record) if target else None
            if span is None:
                continue
            lo, hi = span
            if first and date_bounds(first)[1] < lo:
                what = f"starts {first}" if rel.start else f"is dated {first}"
            elif last and date_bounds(last)[0] > hi:
                what = f"ends {last}" if rel.end else f"is dated {last}"
            else:
                continue
            yield Problem(loc.file, loc.line, rel.id,
                          f"{what}, outside the dates of its {end} {target.record.id!r} "
                          f"({lo.isoformat()} to "
                          f"{'open' if hi == _FAR_FUTURE else hi.isoformat()}, "
                          f"{target.file}:{target.line}); check both dates")


CHECKS: tuple[Check, ...] = (
    Check("currency", "error", check_currency),
    Check("share-kind", "error", check_share_kind),
    Check("concurrent-shares", "error", check_concurrent_shares),
    Check("dates-outside-entity", "warning", check_dates_outside_entity),
)
