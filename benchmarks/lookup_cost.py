"""The engine cost of stage 3's entity lookups, one query at a time, in one in-memory store.

``python benchmarks/lookup_cost.py --store out/store`` loads the store into memory (as a
query worker of ``mineralgraph serve`` does) and runs each lookup of the served mix with
its parameters bound by the ``VALUES`` block the endpoint receives, for up to ``--values``
parameter values each (spread over every fitting entity of the store): milliseconds per
lookup (median over the values of the best of ``--repeat`` runs), rows, and the mix's mean
— what bounds the endpoint's lookups/s on a machine with as many free cores as workers.

``--against DIR`` also runs the query of the same name from ``DIR`` (e.g. a previous
formulation, ``git show main:queries/offtake.rq``) with the same values and reports whether
the rows are the same (as multisets, and in the same order) and the time of both.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

MIX = ("edge-provenance", "entity-relations", "financiers", "foreign-stakes", "offtake",
       "ownership-chain", "policy-instruments", "price-series", "production-share",
       "unknown-offtaker")

_ENTITIES = """
PREFIX mg: <https://w3id.org/mineralgraph/ontology#>
SELECT DISTINCT ?e WHERE { ?e mg:kind ?kind } ORDER BY ?e
"""
_COMMODITIES = """
PREFIX mg: <https://w3id.org/mineralgraph/ontology#>
SELECT DISTINCT ?e WHERE { ?e a mg:Commodity } ORDER BY ?e
"""
_EDGES = """
PREFIX mg: <https://w3id.org/mineralgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?s ?o WHERE { ?st a mg:Statement ; rdf:subject ?s ; rdf:object ?o ; mg:recordId ?id }
ORDER BY ?id
"""


def _spread(items: list, n: int) -> list:
    """``n`` items spread evenly over ``items`` (all of them when there are fewer)."""
    if len(items) <= n:
        return items
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def parameter_values(query, store, n: int) -> list[dict]:
    """Up to ``n`` bindings of the query's required parameters: entity parameters spread over
    the entities of the kinds they allow (hubs first, as the served mix takes them), scalars
    at their default."""
    from itertools import product

    from mineralgraph.params import ENTITY_TYPES, convert_param
    from query_params import FALLBACK, _candidates

    required = [p for p in query.params if not p.optional]
    fixed = {p.name: convert_param(p, p.default or FALLBACK[p.base_type])
             for p in required if p.base_type not in ENTITY_TYPES}
    entities = [p for p in required if p.base_type in ENTITY_TYPES]
    if not entities:
        return [fixed]
    if len(entities) == 2 and all(p.type == "entity" for p in entities):
        pairs = [(b["s"], b["o"]) for b in store.select(_EDGES).bindings]
        return [{**fixed, entities[0].name: s, entities[1].name: o}
                for s, o in _spread(pairs, n)]
    pools = []
    for p in entities:
        if p.base_type == "commodity":
            every = [b["e"] for b in store.select(_COMMODITIES).bindings]
        else:
            kinds = p.kinds
            every = [b["e"] for b in store.select(_ENTITIES).bindings] if kinds is None else [
                b["e"] for k in sorted(kinds) for b in store.select(
                    _ENTITIES.replace("?kind", f'"{k}"')).bindings]
        hubs = _candidates(store, p)
        pools.append(list(dict.fromkeys(hubs + _spread(every, n))))
    combos = _spread(list(product(*pools)), n)
    return [{**fixed, **{p.name: t for p, t in zip(entities, combo)}} for combo in combos]


def _rows(ox_store, text: str) -> tuple[float, list[tuple]]:
    t0 = time.perf_counter()
    res = ox_store.query(text)
    names = [v.value for v in res.variables]
    rows = [tuple(str(t) if t is not None else "" for t in sol) for sol in res]
    del names
    return time.perf_counter() - t0, rows


def main(argv: list[str] | None = None, store=None) -> None:
    """``store``: an open in-memory ``EmbeddedStore`` to use instead of ``--store``'s."""
    from mineralgraph.query import list_queries, parse_query
    from mineralgraph.store import EmbeddedStore, Term, bind_values

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--store", required=True, help="a built store (dataset.nq beside it)")
    p.add_argument("--queries", nargs="*", default=list(MIX))
    p.add_argument("--values", type=int, default=20)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--against", help="a folder of .rq files to compare rows and time with")
    p.add_argument("--fix", nargs="*", default=[], metavar="NAME=IRI",
                   help="bind these parameters to one entity in every run (e.g. total=…world)")
    p.add_argument("--dir", default=str(Path(__file__).resolve().parent.parent / "queries"))
    args = p.parse_args(argv)

    store = store or EmbeddedStore(args.store, memory=True)
    ox = store._store
    named = {q.name: q for q in list_queries(Path(args.dir))}
    means = []
    for name in args.queries:
        q = named[name]
        other = None
        if args.against and (Path(args.against) / f"{name}.rq").is_file():
            other = parse_query((Path(args.against) / f"{name}.rq").read_text(), name=name)
        times, other_times, rows, same, same_order = [], [], 0, 0, 0
        values = parameter_values(q, store, args.values)
        fixed = dict(f.split("=", 1) for f in args.fix)
        if any(k in fixed for k in values[0]):
            values = list({tuple(sorted(v.items())): v for v in (
                {k: (Term.iri(fixed[k]) if k in fixed else t) for k, t in v.items()}
                for v in values)}.values())
        for params in values:
            best, got = min(_rows(ox, bind_values(q.text, params)) for _ in range(args.repeat))
            times.append(best)
            rows += len(got)
            if other is not None:
                obest, ogot = min(_rows(ox, bind_values(other.text, params))
                                  for _ in range(args.repeat))
                other_times.append(obest)
                same += sorted(got) == sorted(ogot)
                same_order += got == ogot
                if sorted(got) != sorted(ogot):
                    print(f"  DIFFERENT {name} {params}: {len(got)} vs {len(ogot)} rows",
                          file=sys.stderr)
        med = statistics.median(times) * 1000
        means.append(med)
        line = (f"{name:20} values={len(values):3} rows={rows:6} median={med:8.2f} ms "
                f"max={max(times) * 1000:8.2f} ms")
        if other is not None:
            line += (f" | against: median={statistics.median(other_times) * 1000:8.2f} ms "
                     f"same rows {same}/{len(values)}, same order {same_order}/{len(values)}")
        print(line, flush=True)
    print(f"mean of the medians: {statistics.mean(means):.2f} ms over {len(means)} lookups "
          f"(load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
