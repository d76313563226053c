"""Write a synthetic data set in mineralgraph's own YAML record format.

    python benchmarks/generate.py --actors 10000 --seed 1 --out /tmp/synth-10k

The folder then goes through the real path: ``mineralgraph build --data /tmp/synth-10k``
(or ``mineralgraph.load.load_dataset(folder)``). Names are invented and obviously synthetic;
the same seed gives byte-identical files. Records are split into files of at most
``RECORDS_PER_FILE`` so each stays far below the loader's per-file size limit.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from synth import make_world

RECORDS_PER_FILE = 20_000
MANIFEST = "synthetic.json"  # not *.yaml, so the loader ignores it


@dataclass(frozen=True)
class Generated:
    out_dir: Path
    actors: int
    seed: int
    records: int
    files: int
    seconds: float
    sections: dict[str, int]


def _scalar(value: object) -> str:
    # JSON text is valid YAML (flow style, double-quoted strings) and json.dumps is fast C.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        # PyYAML (YAML 1.1) reads "1e+16" as text: integral floats are written as integers.
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _record_yaml(record: dict) -> str:
    lines = []
    for key, value in record.items():
        lead = "  - " if not lines else "    "
        lines.append(f"{lead}{key}: {_scalar(value)}\n")
    return "".join(lines)


def write_world(world, out_dir: Path) -> int:
    """Write every section in chunks; returns the number of files written."""
    files = 0
    for section, records in world.sections.items():
        for start in range(0, len(records), RECORDS_PER_FILE):
            chunk = records[start:start + RECORDS_PER_FILE]
            name = f"{section}-{start // RECORDS_PER_FILE + 1:03d}.yaml"
            text = ["# Synthetic data for benchmarks (invented names, not facts).\n",
                    f"{section}:\n"]
            text.extend(_record_yaml(r) for r in chunk)
            (out_dir / name).write_text("".join(text), encoding="utf-8")
            files += 1
    return files


def generate(out_dir: str | Path, *, actors: int, seed: int) -> Generated:
    """Generate ``actors`` actors (plus their sites, relations, observations…) into ``out_dir``.

    The folder is written beside its final place and moved in when complete. An existing
    folder is replaced only if it holds a previous synthetic data set (its manifest says so).
    """
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise SystemExit(f"error: {out} exists and is not a synthetic data set made by this "
                         "script; choose an empty or new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    world = make_world(actors=actors, seed=seed)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        files = write_world(world, tmp)
        sections = {k: len(v) for k, v in world.sections.items()}
        kinds = Counter(r["kind"] for r in world.sections["actors"])
        manifest = {"generator": "benchmarks/generate.py", "actors": actors, "seed": seed,
                    "records": world.count(), "sections": sections,
                    "actor_kinds": dict(sorted(kinds.items()))}
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return Generated(out, actors, seed, world.count(), files, time.perf_counter() - t0, sections)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, required=True,
                        help="number of actors (states, companies, people…), at least 100")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, default=None,
                        help="output folder (default: benchmarks/data/synth-<actors>-s<seed>)")
    args = parser.parse_args(argv)
    if args.actors < 100:
        parser.error(f"--actors must be at least 100 (got {args.actors})")
    out = args.out or Path(__file__).parent / "data" / f"synth-{args.actors}-s{args.seed}"
    g = generate(out, actors=args.actors, seed=args.seed)
    print(f"{g.records:,} records ({', '.join(f'{k} {v:,}' for k, v in g.sections.items())}) "
          f"in {g.files} files → {g.out_dir}  [{g.seconds:.1f} s]", file=sys.stderr)


if __name__ == "__main__":
    main()
