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
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULT_MARK = "@@RESULT@@ "
ITEM_MARK = "@@ITEM@@ "
READY_MARK = "@@READY@@"


class ChildFailed(RuntimeError):
    """A measurement child exited with an error, or ran past its time limit."""


def run_child(task: str, args: dict, *, timeout: float) -> dict:
    """Run ``worker.py TASK ARGS`` and return the JSON dict it reports.

    ``task`` is ``module:function`` of a module in ``benchmarks/``.
    """
    try:
        proc = subprocess.run(_command(task, args), capture_output=True, text=True,
                              timeout=timeout, env=_env(), cwd=HERE.parent)
    except subprocess.TimeoutExpired:
        raise ChildFailed(f"{task} ran past {timeout:.0f} s and was stopped") from None
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK):])
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    raise ChildFailed(f"{task} failed (exit {proc.returncode}): {' | '.join(tail)}")


def _command(task: str, args: dict) -> list[str]:
    return [sys.executable, str(HERE / "worker.py"), task, json.dumps(args)]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}


# -- streamed children: one result per item, each item under its own time limit ------------
def ready() -> None:
    """Child side: setup is done (store opened, graph parsed); items start now."""
    print(READY_MARK, flush=True)


def emit(index: int, data: dict, *, final: bool = True) -> None:
    """Child side: the result of item ``index`` (``final=False``: progress so far)."""
    print(ITEM_MARK + json.dumps({"index": index, "final": final, "data": data}), flush=True)


def _lines(proc: subprocess.Popen, out: queue.Queue) -> None:
    for line in proc.stdout:  # type: ignore[union-attr]
        out.put(line.rstrip("\n"))
    out.put(None)


def stream_child(task: str, args: dict, *, count: int, item_timeout: float | Sequence[float],
                 setup_timeout: float = 900.0) -> tuple[list[dict], float | None]:
    """Run a child that handles ``count`` items in order (from ``start``), reporting each with
    :func:`emit`. An item that shows no progress for ``item_timeout`` seconds is marked
    ``timed_out`` (with its last progress), the child is killed and restarted at the next
    item: engines that cannot be interrupted from inside (Oxigraph runs in Rust) stay bounded.
    ``item_timeout`` may give one limit per item. Returns the items' results and the
    children's peak memory (MB)."""
    limits = ([float(item_timeout)] * count if isinstance(item_timeout, (int, float))
              else [float(t) for t in item_timeout])
    results: list[dict] = [{} for _ in range(count)]
    peaks: list[float] = []
    start = 0
    while start < count:
        with tempfile.TemporaryFile("w+") as err:
            proc = subprocess.Popen(_command(task, {**args, "start": start}),
                                    stdout=subprocess.PIPE, stderr=err, text=True, env=_env(),
                                    cwd=HERE.parent)
            lines: queue.Queue = queue.Queue()
            threading.Thread(target=_lines, args=(proc, lines), daemon=True).start()
            current, partial = start, {}
            deadline = time.monotonic() + setup_timeout + limits[current]
            while True:
                try:
                    line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    proc.kill()
                    proc.wait()
                    results[current] = {**partial, "timed_out": True}
                    start = current + 1
                    break
                if line is None:
                    proc.wait()
                    if current < count:
                        err.seek(0)
                        tail = " | ".join(err.read().strip().splitlines()[-3:])
                        raise ChildFailed(f"{task} stopped at item {current} "
                                          f"(exit {proc.returncode}): {tail}")
                    start = count
                    break
                if line == READY_MARK:
                    deadline = time.monotonic() + limits[current]
                elif line.startswith(ITEM_MARK):
                    msg = json.loads(line[len(ITEM_MARK):])
                    if msg["final"]:
                        results[msg["index"]] = msg["data"]
                        current, partial = msg["index"] + 1, {}
                    else:
                        partial = msg["data"]
                    deadline = time.monotonic() + limits[min(current, count - 1)]
                elif line.startswith(RESULT_MARK):
                    peaks.append(json.loads(line[len(RESULT_MARK):])["peak_mb"])
    return results, (max(peaks) if peaks else None)


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
