"""Named queries rewritten for speed return exactly the rows of their previous formulation.

The served lookups (offtake, …) were rewritten so the parameter binds first (issue 16: 1M
triples, ≥ 100 lookups/s). The previous text of each is kept in ``tests/reference_queries/``;
here both run on the real data set, with the parameter bound the way the endpoint and
``mineralgraph query`` bind it, for every value of the parameter the store holds, and must give
the same rows in the same order. (``benchmarks/lookup_cost.py --against`` makes the same
comparison on the 1M-triple synthetic store.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mineralgraph.query import load_query, parse_query, run_query
from mineralgraph.vocab import MG

REFERENCE = Path(__file__).parent / "reference_queries"
#: Each rewritten query, its parameter, the pattern of the values it is tried with, and the
#: other parameters of each run (their defaults when left out).
COMMODITIES = f"?e a <{MG.Commodity}>"
REWRITTEN = {"offtake": ("commodity", COMMODITIES, [{}]),
             "unknown-offtaker": ("commodity", COMMODITIES, [{}]),
             "financiers": ("project", f"?e <{MG.kind}> ?kind", [{}]),
             "production-share": ("commodity", COMMODITIES,
                                  [{}, {"measure": "reserves"}, {"total": "Kazakhstan"}])}


def _values(store, pattern: str) -> list:
    res = store.select(f"SELECT DISTINCT ?e WHERE {{ {pattern} }} ORDER BY ?e")
    return [b["e"] for b in res.bindings]


def _rows(result) -> list[tuple]:
    return [tuple(row.get(v) for v in result.vars) for row in result.bindings]


@pytest.mark.parametrize("name", sorted(REWRITTEN))
def test_rewrite_returns_the_rows_of_the_previous_formulation(name, real_store):
    param, pattern, others = REWRITTEN[name]
    new = load_query(name)
    old = parse_query((REFERENCE / f"{name}.rq").read_text(encoding="utf-8"), name=name)
    values = _values(real_store, pattern)
    assert len(values) > 20, "the real data set should offer many parameter values"
    answered = 0
    for other in others:
        for value in values:
            params = {**other, param: value}
            got = _rows(run_query(new, params=params, store=real_store))
            want = _rows(run_query(old, params=params, store=real_store))
            assert got == want, f"{name} with {params}: rows differ"
            answered += bool(want)
    assert answered >= 3, f"{name}: too few parameter values with an answer to compare"
