"""``mineralgraph diff`` of two builds at about 1M triples (goal: within 30 s).

    python benchmarks/diff_bench.py --actors 16000      # ≈ 1,000,000 triples

The synthetic data set (benchmarks/generate.py) is built once with the real build; the
"new" build is that build's N-Quads with changes a new version of the data brings: 1 % of
the statements removed, 1 % of the amounts changed, and a copy of 1 % of the statements
under new ids (added). The baseline, in the same run, is parsing both files with pyoxigraph
and nothing else, so the ratio says what the grouping and comparison add.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import generate  # noqa: E402


def _perturb(nq: Path, out: Path) -> dict[str, int]:
    counts = {"removed": 0, "changed": 0, "added": 0}
    statements = sorted({m.group(1) for m in re.finditer(
        r"<[^>]*/id/statement/([^>/]+)>", nq.read_text(encoding="utf-8"))})
    removed = set(statements[::100])
    added = set(statements[50::100])
    amount = re.compile(r'(ontology#amount> ")(\d+)(")')
    lines = []
    for line in nq.read_text(encoding="utf-8").splitlines():
        m = re.search(r"/id/(?:statement|evidence)/([^>/]+)[>/]", line)
        rid = m.group(1) if m else None
        if rid in removed:
            counts["removed"] += 1
            continue
        if rid and hash(rid) % 100 == 0 and amount.search(line):
            line = amount.sub(lambda a: f"{a.group(1)}{int(a.group(2)) + 1}{a.group(3)}", line)
            counts["changed"] += 1
        lines.append(line)
        if rid in added:
            lines.append(line.replace(f"/{rid}>", f"/{rid}-new>").replace(f"/{rid}/",
                                                                           f"/{rid}-new/"))
            counts["added"] += 1
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--actors", type=int, default=16000)
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: temp)")
    args = ap.parse_args()
    import pyoxigraph as ox

    from mineralgraph.build import build
    from mineralgraph.diff.versions import diff_versions
    from mineralgraph.load import load_dataset

    work = args.work or Path(tempfile.mkdtemp(prefix="mg-diff-bench-"))
    data, old = work / "data", work / "old"
    if not (old / "dataset.nq").is_file():
        generate(data, actors=args.actors, seed=1)
        t = time.perf_counter()
        result = build(load_dataset(data), old)
        print(f"built {result.triples:,} triples in {time.perf_counter() - t:.1f} s")
    new = work / "new.nq"
    print("perturbed (triples):", _perturb(old / "dataset.nq", new))

    t = time.perf_counter()
    n = sum(1 for _ in ox.parse(path=str(old / "dataset.nq"), format=ox.RdfFormat.N_QUADS))
    n += sum(1 for _ in ox.parse(path=str(new), format=ox.RdfFormat.N_QUADS))
    base = time.perf_counter() - t
    t = time.perf_counter()
    changes = diff_versions(old, new)
    took = time.perf_counter() - t
    kinds = {k: sum(1 for c in changes if c.change == k) for k in ("added", "removed", "changed")}
    print(f"parse both ({n:,} quads): {base:.1f} s; diff: {took:.1f} s "
          f"({took / base:.1f}× the parse); {len(changes):,} changes {kinds}; goal ≤ 30 s: "
          f"{'met' if took <= 30 else 'NOT met'}")


if __name__ == "__main__":
    main()
