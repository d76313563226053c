"""Time mineralgraph at growing sizes against the baselines, and write RESULTS.md.

    python benchmarks/run.py                   # full run (≈ 45 min on 2 cores)
    python benchmarks/run.py --quick --output /tmp/results.md   # seconds; what CI runs
    python benchmarks/run.py --stages load,query --sizes 1000,4000

Stages: 1 load, 2 query, 3 serve, 4 network, 5 explore, 6 brief. A stage whose feature has not
landed in the package yet is reported as "not available yet".
"""

from __future__ import annotations

import argparse
import importlib
import os
import shlex
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from context import Context, StageReport
from machine import describe
from report import print_report, render, write_atomic

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("load", "query", "serve", "network", "explore", "brief", "virtuoso")
MODULES = {key: f"stage_{key}" for key in STAGES}
# Actors per size. 16k actors is about 1M data triples (the query goal's size).
FULL_SIZES = [1000, 4000, 16000]
QUICK_SIZES = [100]


def _stages(text: str) -> list[str]:
    chosen = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        key = STAGES[int(part) - 1] if part.isdigit() and 1 <= int(part) <= len(STAGES) else part
        if key not in STAGES:
            raise argparse.ArgumentTypeError(
                f"unknown stage {part!r}: use {', '.join(STAGES)} or 1–7")
        chosen.append(key)
    return [s for s in STAGES if s in chosen]


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(p) for p in text.split(",") if p.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes takes numbers separated by commas, got "
                                         f"{text!r}") from None
    if not sizes or sizes[0] < 100:
        raise argparse.ArgumentTypeError("every size must be at least 100 actors")
    return sizes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true",
                   help="tiny sizes and one run each: a smoke test that finishes in seconds")
    p.add_argument("--sizes", type=_sizes, default=None,
                   help=f"actors per size, comma-separated (default {FULL_SIZES})")
    p.add_argument("--stages", type=_stages, default=list(STAGES),
                   help="stages to run, by name or number (default: all)")
    p.add_argument("--runs", type=int, default=None,
                   help="runs per measurement (default 3; 1 with --quick)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--baseline-timeout", type=float, default=None,
                   help="seconds before a mineralgraph query run (embedded store, served "
                        "endpoint) is stopped (default 10; 2 with --quick)")
    p.add_argument("--rdflib-timeout", type=float, default=None,
                   help="seconds before an rdflib baseline query run is stopped (default 60; 2 "
                        "with --quick): longer than the engines' limit, so that fewer ratios "
                        "are only lower bounds")
    p.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "RESULTS.md",
                   help="where to write the results (default benchmarks/RESULTS.md)")
    p.add_argument("--work", type=Path, default=None,
                   help="folder for generated data and builds (default: a temporary folder, "
                        "removed at the end)")
    args = p.parse_args(argv)
    if args.runs is not None and args.runs < 1:
        p.error("--runs must be at least 1")
    return args


def run_stage(key: str, ctx: Context) -> StageReport:
    module = importlib.import_module(MODULES[key])
    missing = module.missing(ctx) if hasattr(module, "missing") else None
    if missing:
        return StageReport(key, module.TITLE, status="not available yet", why=missing)
    try:
        return module.run(ctx)
    except Exception as exc:  # a failed stage is reported, and the others still run
        traceback.print_exc()
        return StageReport(key, module.TITLE, status="failed",
                           why=f"{type(exc).__name__}: {exc}")


def main(argv: list[str] | None = None) -> int:
    from rich.console import Console

    args = parse_args(argv)
    console = Console(highlight=False)
    work = args.work or Path(tempfile.mkdtemp(prefix="mineralgraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    ctx = Context(root=ROOT, work=work,
                  sizes=args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES),
                  seed=args.seed, runs=args.runs or (1 if args.quick else 3), quick=args.quick,
                  baseline_timeout=args.baseline_timeout or (2.0 if args.quick else 10.0),
                  rdflib_timeout=args.rdflib_timeout or (2.0 if args.quick else 60.0))
    command = "python benchmarks/run.py " + " ".join(
        shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    machine = describe(ROOT)
    reports: list[StageReport] = []
    t0 = time.perf_counter()
    try:
        for key in args.stages:
            console.print(f"[bold]{key}[/] …")
            t = time.perf_counter()
            rep = run_stage(key, ctx)
            rep.notes.append(f"Stage wall time: {time.perf_counter() - t:.0f} s.")
            reports.append(rep)
            print_report(console, rep)
            write_atomic(args.output, render(machine=machine, command=command.strip(),
                                             reports=reports, runs=ctx.runs, seed=ctx.seed,
                                             complete=False))
        if hasattr(os, "getloadavg"):
            machine["load average at end"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        machine["wall time of the run"] = f"{(time.perf_counter() - t0) / 60:.0f} min"
        write_atomic(args.output, render(machine=machine, command=command.strip(),
                                         reports=reports, runs=ctx.runs, seed=ctx.seed,
                                         complete=True))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    console.print(f"wrote {args.output} in {time.perf_counter() - t0:.0f} s")
    return 0 if all(r.status != "failed" for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
