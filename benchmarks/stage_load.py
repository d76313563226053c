"""Stage 1 — load + build + store load at each size, against parsing the same triples into a
plain rdflib in-memory Graph (the baseline a researcher would otherwise use)."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from context import Context, StageReport, Table
from timing import Stat, fmt_mb, fmt_s, growth_exponent, peak_mb, ratio, repeat, run_child

KEY, TITLE = "load", "Stage 1 — Load, build and store load"
SINGLE_RUN_OVER_S = 240.0  # a build slower than this is run once, so a full run stays bounded


# -- children -------------------------------------------------------------------------------
def load_and_build(data_dir: str, out_dir: str) -> dict:
    """YAML → records (``load_dataset``), then ``build`` with the time of each build step."""
    from mineralgraph.build import build
    from mineralgraph.load import load_dataset

    t0 = time.perf_counter()
    ds = load_dataset(data_dir)
    t_load = time.perf_counter() - t0
    marks: list[tuple[str, float]] = []
    t1 = time.perf_counter()
    result = build(ds, out_dir, progress=lambda msg: marks.append((msg, time.perf_counter())))
    t_end = time.perf_counter()
    steps = {}
    for (msg, start), (_, stop) in zip(marks, marks[1:] + [("end", t_end)]):
        steps[msg] = stop - start
    return {"load_s": t_load, "build_s": t_end - t1, "seconds": t_end - t0,
            "records": len(ds), "triples": result.triples, "steps": steps}


def store_load(nt_path: str) -> dict:
    """Bulk-load the data N-Triples into a new on-disk Oxigraph store (what build does)."""
    import pyoxigraph

    tmp = tempfile.mkdtemp(prefix="bench-store-")
    try:
        t0 = time.perf_counter()
        store = pyoxigraph.Store(tmp)
        store.bulk_load(path=nt_path, format=pyoxigraph.RdfFormat.N_TRIPLES)
        store.flush()
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, "triples": len(store)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def rdflib_parse(nt_path: str) -> dict:
    """Parse the same N-Triples into a plain rdflib in-memory Graph (the baseline)."""
    from rdflib import Graph

    t0 = time.perf_counter()
    g = Graph()
    g.parse(nt_path, format="nt")
    return {"seconds": time.perf_counter() - t0, "triples": len(g)}


# -- the stage ------------------------------------------------------------------------------
def run(ctx: Context) -> StageReport:
    rep = StageReport(KEY, TITLE)
    main = Table("Load and build (median of runs, min–max; peak memory of the process)",
                 ["actors", "records", "triples", "YAML → records", "records/s",
                  "build (→ RDF, files, store)", "peak memory", "runs"], [])
    steps_table = Table("Build steps (median, seconds)", ["actors"], [])
    base = Table("Store load vs rdflib parse of the same data triples (N-Triples)",
                 ["actors", "triples", "Oxigraph bulk load", "memory",
                  "rdflib Graph.parse", "memory", "ratio"], [])
    series: dict[str, list[float]] = {}
    sizes_done: list[int] = []
    for actors in ctx.sizes:
        data = ctx.data_dir(actors)
        out = ctx.out_dir(actors)
        build_stat, results = repeat(
            lambda: run_child("stage_load:load_and_build",
                              {"data_dir": str(data), "out_dir": str(out)}, timeout=3600),
            runs=ctx.runs, single_run_over=SINGLE_RUN_OVER_S)
        built = ctx.register_build(actors, data, out, results[0]["records"])
        load = Stat.of([r["load_s"] for r in results])
        build_only = Stat.of([r["build_s"] for r in results])
        step_names = list(results[0]["steps"])
        if len(steps_table.headers) == 1:
            steps_table.headers += step_names
        step_stats = {n: Stat.of([r["steps"].get(n, 0.0) for r in results]) for n in step_names}
        steps_table.rows.append([f"{actors:,}"] + [fmt_s(step_stats[n].median)
                                                   for n in steps_table.headers[1:]])
        main.rows.append([f"{actors:,}", f"{built.records:,}", f"{built.triples:,}", str(load),
                          f"{built.records / load.median:,.0f}", str(build_only),
                          fmt_mb(peak_mb(results)), str(build_stat.runs)])
        ox, ox_res = repeat(lambda: run_child("stage_load:store_load",
                                              {"nt_path": str(built.nt_path)}, timeout=1800),
                            runs=ctx.runs)
        rdf, rdf_res = repeat(lambda: run_child("stage_load:rdflib_parse",
                                                {"nt_path": str(built.nt_path)}, timeout=3600),
                              runs=ctx.runs, single_run_over=SINGLE_RUN_OVER_S)
        if ox_res[0]["triples"] != rdf_res[0]["triples"]:
            rep.notes.append(f"At {actors:,} actors the store holds {ox_res[0]['triples']:,} "
                             f"triples and rdflib {rdf_res[0]['triples']:,}: they should agree.")
        base.rows.append([f"{actors:,}", f"{built.triples:,}", str(ox), fmt_mb(peak_mb(ox_res)),
                          str(rdf), fmt_mb(peak_mb(rdf_res)), ratio(rdf, ox)])
        sizes_done.append(built.triples)
        for name, stat in [("YAML → records", load), ("build", build_only),
                           ("Oxigraph bulk load", ox), ("rdflib parse", rdf),
                           *[(f"build step '{n}'", s) for n, s in step_stats.items()]]:
            series.setdefault(name, []).append(stat.median)
        ctx.facts.setdefault("load", {})[actors] = {  # type: ignore[union-attr]
            "triples": built.triples, "records": built.records, "load_s": load.median,
            "build_s": build_only.median, "total_s": build_stat.median,
            "store_load_s": ox.median, "rdflib_parse_s": rdf.median}
    rep.tables += [main, steps_table, base]
    _growth(rep, sizes_done, series)
    _bends(rep, ctx)
    return rep


def _growth(rep: StageReport, triples: list[int], series: dict[str, list[float]]) -> None:
    rows = []
    for name, seconds in series.items():
        k = growth_exponent(triples, seconds)
        if k is None:
            continue
        rows.append([name, f"{k:.2f}"])
        if k > 1.3:
            rep.findings.append(
                f"{name} grows as size^{k:.2f} between the two largest sizes "
                f"({fmt_s(seconds[-2])} → {fmt_s(seconds[-1])} for "
                f"{triples[-2]:,} → {triples[-1]:,} triples): faster than linear.")
    if rows:
        rep.tables.append(Table("Growth: exponent k in time ∝ triples^k (two largest sizes; "
                                "1 = linear)", ["measure", "k"], rows))


def _bends(rep: StageReport, ctx: Context) -> None:
    facts: dict = ctx.facts.get("load", {})  # type: ignore[assignment]
    if not facts:
        return
    slow = [(a, f) for a, f in sorted(facts.items()) if f["total_s"] > 60]
    fast = [(a, f) for a, f in sorted(facts.items()) if f["total_s"] <= 60]
    if fast:
        a, f = fast[-1]
        text = (f"Load + build stays under a minute up to {a:,} actors ({f['triples']:,} "
                f"triples: {fmt_s(f['total_s'])})")
    else:
        text = "Load + build takes over a minute at every measured size"
    if slow:
        a, f = slow[0]
        text += (f"; at {a:,} actors ({f['triples']:,} triples) it takes "
                 f"{fmt_s(f['total_s'])}, of which YAML → records {fmt_s(f['load_s'])} and "
                 f"the build {fmt_s(f['build_s'])}")
    text += (". Past that, build once and share the store (or push it to a SPARQL server with "
             "`--endpoint`); the Oxigraph bulk load itself is never the bottleneck.")
    rep.bends.append(text)
