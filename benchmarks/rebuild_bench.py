"""Cold build, rebuild with nothing changed, and rebuild after editing one record (issue 16.3:
a rebuild reuses what did not change), at the shipped data and at synthetic sizes.

    python benchmarks/rebuild_bench.py --actors 4000 --runs 2

Each run is one child process that builds a copy of the data five times
(``stage_load.rebuilds``): cold (cache off, no previous output), filling a fresh cache,
nothing changed, one quote of the largest file changed, then one of the smallest file. The
ratios compare a rebuild with the cold build of the same run, so both see about the same
machine load (median over runs); CPU time (all threads) is less disturbed by other work on
the machine than wall time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import generate  # noqa: E402
from stage_load import REBUILDS  # noqa: E402
from timing import fmt_s, run_child  # noqa: E402


def measure(data: Path, runs: int) -> dict:
    """Median seconds per build of :data:`REBUILDS` (and of its YAML → records), the median
    ratios to the cold build (wall and CPU time), and whether every rebuild updated the
    previous store."""
    results = [run_child("stage_load:rebuilds", {"data_dir": str(data)}, timeout=900)
               for _ in range(runs)]
    times = [r["times"] for r in results]
    return {
        "records": results[0]["records"], "quads": times[0]["cold"]["quads"],
        "seconds": {k: statistics.median(t[k]["seconds"] for t in times) for k in REBUILDS},
        "ratio": {k: statistics.median(t[k]["seconds"] / t["cold"]["seconds"] for t in times)
                  for k in REBUILDS},
        "cpu": {k: statistics.median(t[k]["cpu_s"] / t["cold"]["cpu_s"] for t in times)
                for k in REBUILDS},
        "load": {k: statistics.median(t[k]["load_s"] for t in times) for k in REBUILDS},
        "updated": all(t[k]["store_updated"] for t in times for k in REBUILDS[2:]),
        "edit_changed_output": all(r["edit_changed_output"] for r in results),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--actors", type=int, nargs="*", default=[4000])
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    from mineralgraph.resources import default_data_dir

    sets = [("shipped data", default_data_dir())]
    with tempfile.TemporaryDirectory(prefix="mg-rebuild-bench-") as tmp:
        for actors in args.actors:
            folder = Path(tmp) / f"synth-{actors}"
            generate(folder, actors=actors, seed=1)
            sets.append((f"{actors:,} actors", folder))
        print("| data | records | quads | cold build | rebuild, nothing changed | rebuild, "
              "one record edited in the largest file | … in the smallest file | "
              "store updated |")
        print("|---|---|---|---|---|---|---|---|")
        for name, folder in sets:
            m = measure(folder, args.runs)
            s, r, c, y = m["seconds"], m["ratio"], m["cpu"], m["load"]
            print(f"| {name} | {m['records']:,} | {m['quads']:,} | {fmt_s(s['cold'])} "
                  f"(YAML → records {fmt_s(y['cold'])}) | " +
                  " | ".join(f"{fmt_s(s[k])} ({r[k]:.2f}× cold; CPU {c[k]:.2f}×; YAML → "
                             f"records {fmt_s(y[k])})" for k in REBUILDS[2:]) +
                  f" | {'yes' if m['updated'] else 'no'} |", flush=True)
            if not m["edit_changed_output"]:
                print(f"  (the edit did not change the output of {name})")


if __name__ == "__main__":
    main()
