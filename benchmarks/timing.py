"""Measuring: each measurement runs in a fresh child process, repeated, summarised.

A child (``worker.py``) times its own work with ``time.perf_counter`` and reports its peak
resident memory from ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` — the whole process, so it
includes the interpreter and imports (~60–120 MB), which is also what a user's process pays.
Fresh processes keep one run's caches and garbage from flattering or burdening the next.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULT_MARK = "@@RESULT@@ "


class ChildFailed(RuntimeError):
    """A measurement child exited with an error, or ran past its time limit."""


def run_child(task: str, args: dict, *, timeout: float) -> dict:
    """Run ``worker.py TASK ARGS`` and return the JSON dict it reports.

    ``task`` is ``module:function`` of a module in ``benchmarks/``.
    """
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    try:
        proc = subprocess.run(
            [sys.executable, str(HERE / "worker.py"), task, json.dumps(args)],
            capture_output=True, text=True, timeout=timeout, env=env, cwd=HERE.parent)
    except subprocess.TimeoutExpired:
        raise ChildFailed(f"{task} ran past {timeout:.0f} s and was stopped") from None
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK):])
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    raise ChildFailed(f"{task} failed (exit {proc.returncode}): {' | '.join(tail)}")


@dataclass(frozen=True)
class Stat:
    """Median, min and max of repeated timings (seconds); ``lower_bound`` when a run timed out."""

    median: float
    low: float
    high: float
    runs: int
    lower_bound: bool = False

    @classmethod
    def of(cls, values: Sequence[float], *, lower_bound: bool = False) -> Stat:
        if not values:
            raise ValueError("no timings")
        return cls(statistics.median(values), min(values), max(values), len(values),
                   lower_bound)

    def __str__(self) -> str:
        if self.lower_bound:
            return f"> {fmt_s(self.median)}"
        if self.runs == 1:
            return f"{fmt_s(self.median)} (n=1)"
        return f"{fmt_s(self.median)} ({fmt_s(self.low)}–{fmt_s(self.high)})"


def fmt_s(seconds: float) -> str:
    """Seconds in a readable unit with 2–3 significant digits."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.3g} ms"
    if seconds < 100:
        return f"{seconds:.3g} s"
    return f"{seconds:.0f} s"


def fmt_mb(mb: float | None) -> str:
    if mb is None:
        return "–"
    return f"{mb / 1024:.2f} GB" if mb >= 1024 else f"{mb:.0f} MB"


def ratio(baseline: Stat, ours: Stat) -> str:
    """baseline / ours, as "12×"; "≥ 12×" when the baseline only has a lower bound."""
    if ours.median <= 0:
        return "–"
    r = baseline.median / ours.median
    text = f"{r:,.0f}×" if r >= 10 else f"{r:.1f}×"
    return f"≥ {text}" if baseline.lower_bound else text


def repeat(measure: Callable[[], dict], *, runs: int, key: str = "seconds",
           single_run_over: float | None = None) -> tuple[Stat, list[dict]]:
    """Call ``measure`` ``runs`` times; stop after the first if it took over
    ``single_run_over`` seconds (then the table says n=1 rather than hiding the cost)."""
    results = [measure()]
    if single_run_over is None or results[0][key] <= single_run_over:
        results.extend(measure() for _ in range(runs - 1))
    return Stat.of([r[key] for r in results]), results


def growth_exponent(sizes: Sequence[float], seconds: Sequence[float]) -> float | None:
    """Slope of log(time) against log(size) between the two largest sizes: 1 is linear,
    2 quadratic. None when the times or sizes are too close to tell."""
    pairs = [(s, t) for s, t in zip(sizes, seconds) if s > 0 and t > 0]
    if len(pairs) < 2:
        return None
    (s1, t1), (s2, t2) = sorted(pairs)[-2:]
    if min(t1, t2) < 0.2 or s2 < 1.5 * s1:  # too small or too close to tell noise from growth
        return None
    return math.log(t2 / t1) / math.log(s2 / s1)


def peak_mb(results: Sequence[dict]) -> float | None:
    values = [r["peak_mb"] for r in results if r.get("peak_mb") is not None]
    return max(values) if values else None
