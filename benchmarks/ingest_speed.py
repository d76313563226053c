"""Time `mineralgraph ingest` as a user runs it (a new process each time).

Documents: the nine public-domain releases of tests/ingest_set/public/ joined into one text of
about 2,500 words (real prose, cut to 2,000 words), the seed article (1,740 words) when its
text is beside the clone, and 5 MB of text (which must stop with a message). The baseline is
`mineralgraph --help` in the same run, so the ratio says what ingest adds to starting the
command on this (shared, loaded) machine.

    python benchmarks/ingest_speed.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = ROOT / "tests" / "ingest_set" / "public"
SEED = "fastmarkets-central-asia-tungsten-2026-01.txt"


def _run(args: list[str], env: dict) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mineralgraph", *args], env=env,
                          capture_output=True, text=True)
    return time.perf_counter() - start, proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        env = {**os.environ, "MINERALGRAPH_SOURCE_CACHE": str(tmp_path / "cache")}
        words = " ".join(p.read_text(encoding="utf-8") for p in sorted(PUBLIC.glob("*.txt")))
        docs = {"2,000 words (public releases)": " ".join(words.split(" ")[:2000])}
        for base in (ROOT.parent, ROOT.parent.parent):
            seed = base / "shared" / "sources" / SEED
            if seed.is_file():
                docs["seed article (1,740 words)"] = seed.read_text(encoding="utf-8")
                break
        sentence = (PUBLIC / "doe-lpo-critical-materials.txt").read_text().split("\n")[10] + "\n"
        docs["5 MB of text (refused)"] = sentence * (5 * 2**20 // len(sentence) + 1)
        help_times = [_run(["--help"], env)[0] for _ in range(args.repeat)]
        base = statistics.median(help_times)
        print(f"baseline `mineralgraph --help`: {base:.2f} s (median of {args.repeat})")
        for name, text in docs.items():
            doc = tmp_path / "doc.txt"
            doc.write_text(text, encoding="utf-8")
            times, codes = [], set()
            for i in range(args.repeat):
                out = tmp_path / f"out-{i}.yaml"
                took, code = _run(["ingest", str(doc), "--out", str(out), "--publisher", "bench",
                                   "--force"], env)
                times.append(took)
                codes.add(code)
            med = statistics.median(times)
            print(f"{name:34} {med:6.2f} s  ({med / base:4.1f}× --help)  exit {sorted(codes)}")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
