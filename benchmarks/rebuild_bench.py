"""Cold build, rebuild with nothing changed, and rebuild after editing one record (issue 16.3:
a rebuild reuses what did not change), at the shipped data and at synthetic sizes.

    python benchmarks/rebuild_bench.py --actors 4000 --runs 2

Each run is one child process that builds a copy of the data four times
(``stage_load.rebuilds``): cold (cache off, no previous output), filling a fresh cache,
nothing changed, one quote of the largest file changed. The ratios compare a rebuild with the
cold build of the same run, so both see about the same machine load.
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
    """Median seconds per build of :data:`REBUILDS`, the median ratios to the cold build, and
    whether every rebuild updated the previous store."""
    results = [run_child("stage_load:rebuilds", {"data_dir": str(data)}, timeout=900)
               for _ in range(runs)]
    times = [r["times"] for r in results]
    return {
        "records": results[0]["records"], "quads": times[0]["cold"]["quads"],
        "seconds": {k: statistics.median(t[k]["seconds"] for t in times) for k in REBUILDS},
        "ratio": {k: statistics.median(t[k]["seconds"] / t["cold"]["seconds"] for t in times)
                  for k in REBUILDS},
        "updated": all(t[k]["store_updated"] for t in times
                       for k in ("nothing changed", "one record edited")),
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
        print("| data | records | quads | cold build | rebuild, nothing changed | "
              "rebuild, one record edited | store updated |")
        print("|---|---|---|---|---|---|---|")
        for name, folder in sets:
            m = measure(folder, args.runs)
            s, r = m["seconds"], m["ratio"]
            print(f"| {name} | {m['records']:,} | {m['quads']:,} | {fmt_s(s['cold'])} | "
                  f"{fmt_s(s['nothing changed'])} ({r['nothing changed']:.2f}×) | "
                  f"{fmt_s(s['one record edited'])} ({r['one record edited']:.2f}×) | "
                  f"{'yes' if m['updated'] else 'no'} |", flush=True)
            if not m["edit_changed_output"]:
                print(f"  (the edit did not change the output of {name})")


if __name__ == "__main__":
    main()
