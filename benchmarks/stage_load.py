"""Stage 1 — load + build + store load at each size: the cold build (record cache off) against
Oxigraph's own bulk load of the same N-Quads (issue 16.3: at most 4×), the rebuild from the
caches (nothing changed; one record edited; ÷ a cold build in the same process), and the
store load against parsing the same triples into a plain rdflib in-memory Graph (the
baseline a researcher would otherwise use)."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from context import Context, StageReport, Table
from timing import (Stat, emit, fmt_mb, fmt_s, growth_exponent, peak_mb, ratio, ready, repeat,
                    run_child, stream_child)

KEY, TITLE = "load", "Stage 1 — Load, build and store load"
SINGLE_RUN_OVER_S = 60.0  # a load + build slower than this is run once
STEP_LIMIT_S = 150.0  # a build step running longer is stopped and reported as "> limit"
BASELINE_SINGLE_RUN_OVER_S = 30.0
RECORDS_PER_ACTOR = 3.7  # records the generator writes per actor (sites, relations…)
REBUILD_MAX_ACTORS = 4000  # rebuilds (three builds) are timed up to this size: runs stay short
COLD_GOAL = 4.0  # cold build ÷ Oxigraph bulk load of the same N-Quads (issue 16.3)


# -- children -------------------------------------------------------------------------------
def load_and_build(data_dir: str, out_dir: str, start: int = 0) -> dict:
    """A cold build: YAML → records (``load_dataset``, record cache off), then ``build`` with
    the time of each build step; progress is reported after the load and at each step, so a
    build stopped at the step limit still tells how far it got."""
    os.environ["MINERALGRAPH_CACHE"] = "off"
    from mineralgraph.build import build
    from mineralgraph.load import load_dataset

    ready()
    t0, cpu0 = time.perf_counter(), time.process_time()
    ds = load_dataset(data_dir)
    t_load = time.perf_counter() - t0
    done = {"load_s": t_load, "records": len(ds), "steps": {}}
    emit(0, done, final=False)
    marks: list[tuple[str, float]] = []

    def step(msg: str) -> None:
        now = time.perf_counter()
        if marks:
            done["steps"][marks[-1][0]] = now - marks[-1][1]
        done["running"] = msg
        marks.append((msg, now))
        emit(0, done, final=False)

    t1 = time.perf_counter()
    result = build(ds, out_dir, progress=step)
    t_end = time.perf_counter()
    if marks:
        done["steps"][marks[-1][0]] = t_end - marks[-1][1]
    done.pop("running", None)
    emit(0, {**done, "build_s": t_end - t1, "seconds": t_end - t0, "triples": result.triples,
             "cpu_s": time.process_time() - cpu0})
    return {}


def load_only(data_dir: str) -> dict:
    """YAML → records alone (``load_dataset`` with its cross-record checks)."""
    from mineralgraph.load import load_dataset

    t0 = time.perf_counter()
    ds = load_dataset(data_dir)
    return {"seconds": time.perf_counter() - t0, "load_s": time.perf_counter() - t0,
            "records": len(ds), "steps": {}}


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


def bulk_load_nquads(nq_path: str) -> dict:
    """Oxigraph's own bulk load of the build's N-Quads into a new on-disk store: what the
    cold build is measured against."""
    import pyoxigraph

    tmp = tempfile.mkdtemp(prefix="bench-store-")
    try:
        t0, cpu0 = time.perf_counter(), time.process_time()
        store = pyoxigraph.Store(tmp)
        store.bulk_load(path=nq_path, format=pyoxigraph.RdfFormat.N_QUADS)
        store.flush()
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        return {"seconds": seconds, "cpu_s": cpu, "quads": len(store)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


REBUILDS = ("cold", "filling the cache", "nothing changed", "one record edited",
            "one record edited, small file")


def rebuilds(data_dir: str) -> dict:
    """Load + build five times on a copy of the data, in one process: a cold build (cache
    off, no previous output), a build filling a fresh cache, a rebuild with nothing changed,
    a rebuild after changing one quote in the largest file (that file is parsed again and
    that record converted again; the previous store is updated), and one after changing a
    quote in the smallest file that has one (the usual edit). Ratios are to the cold build of
    the same run."""
    from mineralgraph.build import build
    from mineralgraph.load import load_dataset

    work = Path(tempfile.mkdtemp(prefix="bench-rebuild-"))
    try:
        data = work / "data"
        shutil.copytree(data_dir, data, ignore=shutil.ignore_patterns(".sources", "snapshots"))
        times: dict[str, dict] = {}
        for name in REBUILDS:
            os.environ["MINERALGRAPH_CACHE"] = "off" if name == "cold" else str(work / "cache")
            if name.startswith("one record edited"):
                _edit_one_quote(data, smallest=name.endswith("small file"))
            t0, cpu0 = time.perf_counter(), time.process_time()
            ds = load_dataset(data)
            t1 = time.perf_counter()
            built = build(ds, work / ("cold" if name == "cold" else "out"))
            t2 = time.perf_counter()
            times[name] = {"load_s": t1 - t0, "build_s": t2 - t1, "seconds": t2 - t0,
                           "cpu_s": time.process_time() - cpu0, "records": len(ds),
                           "store_updated": built.store_updated, "quads": built.triples}
        edited = (work / "cold" / "dataset.nq").read_bytes() != (work / "out" /
                                                                 "dataset.nq").read_bytes()
        del ds
        return {"seconds": times["one record edited"]["seconds"], "times": times,
                "edit_changed_output": edited, "records": times["cold"]["records"]}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _edit_one_quote(data: Path, *, smallest: bool = False) -> None:
    """Change the first quote of the largest data file (one record's content), or of the
    smallest file that has a quote."""
    import re

    quote = re.compile(r'(quote"?:\s*"?)')
    files = sorted(data.rglob("*.yaml"), key=lambda p: (p.stat().st_size, str(p)),
                   reverse=not smallest)
    for path in files:
        text = path.read_text(encoding="utf-8")
        edited = quote.sub(r"\1edited ", text, count=1)
        if edited != text:
            path.write_text(edited, encoding="utf-8")
            return
    raise RuntimeError(f"no quote to edit in {data}")


def rebuild_cells(times: dict) -> tuple[str, str]:
    """The two rebuild cells of the cold-build table: time, ÷ cold build of the same run."""
    cold = times["cold"]["seconds"]
    return tuple(  # type: ignore[return-value]
        f"{fmt_s(times[k]['seconds'])} ({times[k]['seconds'] / cold:.2f}× cold "
        f"{fmt_s(cold)}; YAML → records {fmt_s(times[k]['load_s'])}"
        f"{'' if times[k]['store_updated'] else '; store loaded whole'})"
        for k in ("nothing changed", "one record edited"))


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
    cold = Table("Cold build vs Oxigraph's bulk load of the same N-Quads (record cache off; "
                 "goal ≤ 4×), and rebuilds from the caches",
                 ["actors", "quads", "cold build (YAML → store)", "Oxigraph bulk load",
                  "cold ÷ bulk", "same in CPU time", "rebuild, nothing changed",
                  "rebuild, one record edited"], [],
                 note="Each cold build is followed by a bulk load of the N-Quads it wrote, in "
                      "its own process; the ratio is the median of these pairs (min–max), so "
                      "both sides of a pair see about the same machine load. CPU time (all "
                      "threads of the process) is less disturbed by other work on the machine "
                      "than wall time. The rebuilds run in one process on a copy of the data "
                      "with a cold build of their own to compare (÷ cold): a rebuild parses "
                      "only the changed file's YAML (one quote of the largest file edited, "
                      "the worst case), converts only the changed records to RDF, and "
                      "updates a copy of the previous store; the files are written anew.")
    main = Table("Load and build (median of runs, min–max; peak memory of the process)",
                 ["actors", "records", "triples", "YAML → records", "records/s",
                  "build (→ RDF, files, store)", "peak memory", "runs"], [])
    steps_table = Table("Build steps (median, seconds)", ["actors"], [])
    base = Table("Store load vs rdflib parse of the same data triples (N-Triples)",
                 ["actors", "triples", "Oxigraph bulk load", "memory",
                  "rdflib Graph.parse", "memory", "ratio"], [])
    series: dict[str, list[tuple[int, float]]] = {}
    previous: tuple[int, dict[str, float]] | None = None  # records, step → seconds
    for actors in ctx.sizes:
        data = ctx.data_dir(actors)
        out = ctx.out_dir(actors)
        futile = _futile(previous, actors)
        if futile:
            # a build step would pass the limit even growing linearly: time the load alone
            results = [run_child("stage_load:load_only", {"data_dir": str(data)},
                                 timeout=3600)]
            results[0].update(timed_out=True, skipped=futile)
        else:
            # each cold build is followed by a bulk load of the N-Quads it wrote
            results, bulks = [_load_build(data, out)], []
            if not results[0].get("timed_out"):
                bulks.append(_bulk_load(out))
                if results[0]["seconds"] <= SINGLE_RUN_OVER_S:
                    for _ in range(ctx.runs - 1):
                        results.append(_load_build(data, out))
                        bulks.append(_bulk_load(out))
        first = results[0]
        loads = [r["load_s"] for r in results if "load_s" in r]
        load = Stat.of(loads) if loads else Stat.of([STEP_LIMIT_S], lower_bound=True)
        first.setdefault("steps", {})
        if first.get("timed_out"):
            # the build did not finish: the baselines below use the same triples made by the
            # fast path (context.build)
            built = ctx.build(actors)
            stopped = (f"the build step '{first['running']}'" if first.get("running") else
                       "YAML → records" if not loads else "the build")
            if first.get("skipped"):
                build_cell = f"not run: {first['skipped']}"
            else:
                build_cell = f"> {fmt_s(sum(first['steps'].values()) + STEP_LIMIT_S)} (stopped)"
                rep.findings.append(
                    f"At {actors:,} actors ({built.triples:,} triples) {stopped} ran past "
                    f"{STEP_LIMIT_S:.0f} s and was stopped.")
            build_only = None
        else:
            built = ctx.register_build(actors, data, out, first["records"])
            build_only = Stat.of([r["build_s"] for r in results])
            build_cell = str(build_only)
            cold.rows.append(_cold_row(ctx, rep, actors, data, out, results, bulks))
        step_names = list(first["steps"]) + ([first["running"]] if first.get("running")
                                             else [])
        if len(steps_table.headers) == 1:
            steps_table.headers += step_names
        step_stats = {n: Stat.of([r["steps"][n] for r in results if n in r.get("steps", {})])
                      for n in step_names if any(n in r.get("steps", {}) for r in results)}
        steps_table.rows.append([f"{actors:,}"] + [
            fmt_s(step_stats[n].median) if n in step_stats else
            f"> {fmt_s(STEP_LIMIT_S)} (stopped)" if n == first.get("running") else
            "not run" if first.get("skipped") else
            "not reached" for n in steps_table.headers[1:]])
        previous = (built.records, {n: st.median for n, st in step_stats.items()})
        rate = f"{built.records / load.median:,.0f}"
        main.rows.append([f"{actors:,}", f"{built.records:,}", f"{built.triples:,}", str(load),
                          f"< {rate}" if load.lower_bound else rate, build_cell,
                          fmt_mb(peak_mb(results)), str(len(results))])
        ox, ox_res = repeat(lambda: run_child("stage_load:store_load",
                                              {"nt_path": str(built.nt_path)}, timeout=1800),
                            runs=ctx.runs)
        rdf, rdf_res = repeat(lambda: run_child("stage_load:rdflib_parse",
                                                {"nt_path": str(built.nt_path)}, timeout=3600),
                              runs=ctx.runs, single_run_over=BASELINE_SINGLE_RUN_OVER_S)
        if ox_res[0]["triples"] != rdf_res[0]["triples"]:
            rep.notes.append(f"At {actors:,} actors the store holds {ox_res[0]['triples']:,} "
                             f"triples and rdflib {rdf_res[0]['triples']:,}: they should agree.")
        base.rows.append([f"{actors:,}", f"{built.triples:,}", str(ox), fmt_mb(peak_mb(ox_res)),
                          str(rdf), fmt_mb(peak_mb(rdf_res)), ratio(rdf, ox)])
        for name, stat in [("YAML → records", load), ("build", build_only),
                           ("Oxigraph bulk load", ox), ("rdflib parse", rdf),
                           *[(f"build step '{n}'", s) for n, s in step_stats.items()]]:
            if stat is not None:
                series.setdefault(name, []).append((built.triples, stat.median))
        ctx.facts.setdefault("load", {})[actors] = {  # type: ignore[union-attr]
            "triples": built.triples, "records": built.records, "load": str(load),
            "build_s": build_only.median if build_only else None,
            "total_s": (load.median + build_only.median) if build_only else None,
            "store_load_s": ox.median, "rdflib_parse_s": rdf.median}
    rep.tables += [cold, main, steps_table, base]
    _growth(rep, series)
    _bends(rep, ctx)
    return rep


def _cold_row(ctx: Context, rep: StageReport, actors: int, data: Path, out: Path,
              results: list[dict], bulks: list[dict]) -> list[str]:
    """Cold build ÷ bulk load at one size (pairs of a cold build and the bulk load of its
    N-Quads), then the rebuilds from the record cache."""
    colds = [r["seconds"] for r in results]
    ratios = Stat.of([c / b["seconds"] for c, b in zip(colds, bulks)])
    bulk = Stat.of([b["seconds"] for b in bulks])
    cpu = Stat.of([r["cpu_s"] / b["cpu_s"] for r, b in zip(results, bulks)])
    ratio_cell, cpu_cell = (f"{st.median:.2f}×" if st.runs == 1 else
                            f"{st.median:.2f}× ({st.low:.2f}–{st.high:.2f})"
                            for st in (ratios, cpu))
    warm = edit = "not run (size)"
    if actors <= REBUILD_MAX_ACTORS:
        warm, edit = rebuild_cells(run_child("stage_load:rebuilds", {"data_dir": str(data)},
                                             timeout=1800)["times"])
    facts = ctx.facts.setdefault("cold", {})
    facts[actors] = ratios.median  # type: ignore[index]
    rep.headlines.append(
        f"Cold build at {actors:,} actors ({bulks[0]['quads']:,} quads): {ratios.median:.2f}× "
        f"Oxigraph's bulk load of the same N-Quads ({fmt_s(Stat.of(colds).median)} against "
        f"{fmt_s(bulk.median)}; in CPU time {cpu.median:.2f}×; goal ≤ {COLD_GOAL:g}×: "
        f"{'met' if ratios.median <= COLD_GOAL else 'not met'}).")
    return [f"{actors:,}", f"{bulks[0]['quads']:,}", str(Stat.of(colds)), str(bulk), ratio_cell,
            cpu_cell, warm, edit]


def _futile(previous: tuple[int, dict[str, float]] | None, actors: int) -> str | None:
    """Why the build is not tried at this size: a step of the previous size, grown only
    linearly with the records, would already pass the step limit."""
    if previous is None:
        return None
    records, steps = previous
    growth = actors * RECORDS_PER_ACTOR / records
    for name, seconds in steps.items():
        if seconds * growth > STEP_LIMIT_S:
            return (f"step '{name}' ≥ {fmt_s(seconds * growth)} (linear from "
                    f"{fmt_s(seconds)} at {records:,} records)")
    return None


def _bulk_load(out: Path) -> dict:
    return run_child("stage_load:bulk_load_nquads", {"nq_path": str(out / "dataset.nq")},
                     timeout=1800)


def _load_build(data: Path, out: Path) -> dict:
    results, peak = stream_child("stage_load:load_and_build",
                                 {"data_dir": str(data), "out_dir": str(out)},
                                 count=1, item_timeout=STEP_LIMIT_S)
    return {**results[0], "peak_mb": peak}


def _growth(rep: StageReport, series: dict[str, list[tuple[int, float]]]) -> None:
    rows = []
    for name, points in series.items():
        sizes, seconds = [p[0] for p in points], [p[1] for p in points]
        k = growth_exponent(sizes, seconds)
        if k is None:
            continue
        rows.append([name, f"{k:.2f}"])
        if k > 1.3:
            rep.findings.append(
                f"{name} grows as size^{k:.2f} between the two largest sizes where it finished "
                f"({fmt_s(seconds[-2])} → {fmt_s(seconds[-1])} for "
                f"{sizes[-2]:,} → {sizes[-1]:,} triples): faster than linear.")
    if rows:
        rep.tables.append(Table("Growth: exponent k in time ∝ triples^k (two largest sizes "
                                "where it finished; 1 = linear)", ["measure", "k"], rows))


def _bends(rep: StageReport, ctx: Context) -> None:
    facts: dict = ctx.facts.get("load", {})  # type: ignore[assignment]
    if not facts:
        return
    ordered = sorted(facts.items())
    fast = [(a, f) for a, f in ordered if f["total_s"] is not None and f["total_s"] <= 60]
    slow = [(a, f) for a, f in ordered if f["total_s"] is None or f["total_s"] > 60]
    if fast:
        a, f = fast[-1]
        text = (f"load + build stays under a minute up to {a:,} actors ({f['triples']:,} "
                f"triples: {fmt_s(f['total_s'])})")
    else:
        text = "load + build takes over a minute at every measured size"
    if slow:
        a, f = slow[0]
        took = (f"{fmt_s(f['total_s'])}, of which YAML → records {f['load']}"
                if f["total_s"] is not None else
                f"past the {STEP_LIMIT_S:.0f}-s step limit (stopped, or not tried when linear "
                f"growth from the smaller size already passes it; YAML → records alone "
                f"{f['load']})")
        text += f"; at {a:,} actors ({f['triples']:,} triples) it takes {took}"
    big = ordered[-1][1]
    text += (f". The Oxigraph bulk load itself is never the bottleneck "
             f"({fmt_s(big['store_load_s'])} at {big['triples']:,} triples, rdflib "
             f"{fmt_s(big['rdflib_parse_s'])}): build once and share the store, or push it to a "
             "SPARQL server and use `--endpoint`.")
    rep.bends.append(text)
