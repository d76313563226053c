"""Stage 6 — ``brief`` on the real data set (the curated ``data/``): the content alone, then
each format written on its own, as a user asks for it."""

from __future__ import annotations

import shutil
import tempfile
import time

from context import Context, StageReport, Table, module_available
from timing import fmt_mb, fmt_s, repeat, run_child

KEY, TITLE = "brief", "Stage 6 — Brief on the real data"
FOCUS, COMMODITY = "kazakhstan", "tungsten"  # the example of docs/brief.md
FORMATS = ("md", "html", "pdf", "docx")
QUICK_FORMATS = ("md",)


def missing(ctx: Context) -> str | None:
    if not module_available("mineralgraph.brief"):
        return "mineralgraph.brief (write_brief) has not landed"
    return None


# -- children -------------------------------------------------------------------------------
def build_real(out_dir: str) -> dict:
    """The shipped data set, built (untimed preparation)."""
    from mineralgraph.build import build
    from mineralgraph.load import load_dataset

    ds = load_dataset()
    result = build(ds, out_dir)
    return {"records": len(ds), "triples": result.triples}


def content(store_dir: str, focus: str = FOCUS, commodity: str | None = COMMODITY) -> dict:
    from mineralgraph.brief import build_brief
    from mineralgraph.store import EmbeddedStore

    t0 = time.perf_counter()
    store = EmbeddedStore(store_dir)  # opened as the command opens it: timed too
    build_brief(store, focus, commodity=commodity)
    return {"seconds": time.perf_counter() - t0}


def one_format(store_dir: str, fmt: str) -> dict:
    from mineralgraph.brief import write_brief
    from mineralgraph.store import EmbeddedStore

    out = tempfile.mkdtemp(prefix="bench-brief-")
    try:
        t0 = time.perf_counter()
        store = EmbeddedStore(store_dir)  # opened as the command opens it: timed too
        paths = write_brief(store, FOCUS, commodity=COMMODITY, formats=(fmt,), out_dir=out)
        seconds = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in paths)
        return {"seconds": seconds, "files": len(paths), "bytes": size}
    finally:
        shutil.rmtree(out, ignore_errors=True)


# -- the stage ------------------------------------------------------------------------------
def run(ctx: Context) -> StageReport:
    rep = StageReport(KEY, TITLE)
    out = ctx.work / "real-out"
    real = run_child("stage_brief:build_real", {"out_dir": str(out)}, timeout=1800)
    store = str(out / "store")
    table = Table(f"Brief of {FOCUS!r} with commodity {COMMODITY!r} on the real data "
                  f"({real['records']:,} records, {real['triples']:,} triples)",
                  ["what", "time", "files", "size", "peak memory"], [])
    stat, res = repeat(lambda: run_child("stage_brief:content", {"store_dir": store},
                                         timeout=900), runs=ctx.runs)
    table.rows.append(["content only (build_brief)", str(stat), "–", "–",
                       fmt_mb(max(r["peak_mb"] for r in res))])
    times = {}
    for fmt in (QUICK_FORMATS if ctx.quick else FORMATS):
        stat, res = repeat(lambda: run_child("stage_brief:one_format",
                                             {"store_dir": store, "fmt": fmt}, timeout=900),
                           runs=ctx.runs)
        times[fmt] = stat.median
        table.rows.append([f"write_brief, format {fmt}", str(stat), str(res[0]["files"]),
                           fmt_mb(res[0]["bytes"] / 2**20),
                           fmt_mb(max(r["peak_mb"] for r in res))])
    rep.tables.append(table)
    rep.notes.append("Each format is written by its own call, as `mineralgraph brief --format "
                     "X` does: the content is computed again each time, so a format's own cost "
                     "is its time minus the content's.")
    rep.headlines.append("Brief on the real data: " + ", ".join(
        f"{fmt} {fmt_s(t)}" for fmt, t in times.items()) + ".")
    growth = _synthetic(ctx, rep)
    slowest = max(times, key=times.get)
    text = (f"on the real data every format is written within {fmt_s(times[slowest])} "
            f"(slowest: {slowest}). A brief reads the whole graph once (projection, entities, "
            "evidence: `brief.data.load_graph_data`), so its cost grows with the graph, not "
            "with the focus")
    if growth:
        text += f": {growth}"
    rep.bends.append(text + ". Past that, brief from a focused store or precompute the "
                     "projection.")
    return rep


def _synthetic(ctx: Context, rep: StageReport) -> str:
    """The content of a country brief on the smallest and largest synthetic stores of stages
    1–2 (if built): how the brief grows with the graph."""
    from synth import name_of

    built = sorted(a for a in ctx.built if a in ctx.sizes)
    sizes = sorted({built[0], built[-1]}) if built else []
    if not sizes:
        return ""
    table = Table("Content of a country brief (focus: the first synthetic state) on synthetic "
                  "stores", ["actors", "triples", "content (build_brief)", "peak memory"], [])
    points = []
    for actors in sizes:
        store = ctx.built[actors]
        focus = name_of("Synthland", 1, actors=actors)[0]
        stat, res = repeat(lambda: run_child(
            "stage_brief:content", {"store_dir": str(store.store_dir), "focus": focus,
                                    "commodity": None},
            timeout=1800), runs=ctx.runs, single_run_over=60)
        table.rows.append([f"{actors:,}", f"{store.triples:,}", str(stat),
                           fmt_mb(max(r["peak_mb"] for r in res))])
        points.append(f"{fmt_s(stat.median)} at {store.triples:,} triples")
    rep.tables.append(table)
    return ", ".join(points)
