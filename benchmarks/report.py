"""RESULTS.md and the console tables, from the stages' reports."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from context import StageReport, Table

METHOD = """\
- Every measurement runs in a fresh child process (`benchmarks/worker.py`); it times its own
  work with `time.perf_counter` and reports its **peak resident memory** from
  `resource.getrusage(RUSAGE_SELF).ru_maxrss` — the whole process, interpreter and imports
  included. Times are the **median of {runs} run(s)** with min–max in brackets. To keep a full
  run near 40 minutes, a measurement whose first run is long is not repeated and is marked
  *n=1* (over 60 s for a load + build, 30 s for an rdflib parse, 5 s for a query run, 10 s for
  a network measure, 60 s for writing a page or a brief).
- Baselines are measured **in the same run, on the same machine**, on the same triples: the
  data graph of each build (the store's default graph) written as N-Triples and parsed into a
  plain `rdflib.Graph()`. Ratios are baseline ÷ mineralgraph. Every engine has a time limit per
  query run (rdflib is interrupted by `signal.setitimer`; an Oxigraph child is killed and
  restarted at the next query): a run past it is shown as "> T", and a ratio with it is a
  bound ("≥" or "≤").
- The synthetic data sets come from `benchmarks/generate.py` (seed {seed}) in the project's
  YAML format and go through the real path in stage 1 (YAML → `load_dataset` → `build`).
  Where a stage needs a store whose full build is not timed there (stages 4 and 5, and a size
  whose build would pass stage 1's step limit), `benchmarks/fast_store.py` makes it from the
  same records and the model's own triples (a test checks they equal the build's).
- A measure that even linear growth from the previous size would put past its time limit is
  not run ("not run: ≥ X"): the run would cost the limit to confirm a lower bound.
- The machine is shared (2 cores): other work running at the same time adds noise; min–max
  and the load averages at start and end show how much.
"""


def md_table(table: Table) -> str:
    lines = [f"**{table.title}**", "", "| " + " | ".join(table.headers) + " |",
             "|" + "|".join("---" for _ in table.headers) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"
              for row in table.rows]
    if table.note:
        lines += ["", table.note]
    return "\n".join(lines) + "\n"


def render(*, machine: dict[str, str], command: str, reports: Sequence[StageReport],
           runs: int, seed: int, complete: bool) -> str:
    out = ["# mineralgraph benchmarks\n",
           f"Written by `{command}` on {machine['date']}."
           + ("" if complete else " **Run in progress: only the stages done so far.**") + "\n",
           "## Machine\n", "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in machine.items()]
    out += ["", "## Method\n", METHOD.format(runs=runs, seed=seed)]
    heads = [h for r in reports for h in r.headlines]
    if heads:
        out += ["## Headlines\n"] + [f"- {h}" for h in heads] + [""]
    for rep in reports:
        out.append(f"## {rep.title}\n")
        if rep.status != "measured":
            out.append(f"**{rep.status}**: {rep.why}\n")
        out += [md_table(t) for t in rep.tables]
        out += [f"- {n}" for n in rep.notes]
        if rep.notes:
            out.append("")
    bends = [(r.title, b) for r in reports for b in r.bends]
    out.append("## Where growth bends\n")
    out.append("One machine, 2 cores, 24 GiB. \"Interactive\" here means an answer within about "
               "a second for a query, ten seconds for a network measure, five seconds for a page "
               "to become usable, a minute for a rebuild.\n")
    out += [f"- **{t.split(' — ')[-1]}**: {b}" for t, b in bends] or ["- (no stage measured)"]
    out.append("")
    findings = [f for r in reports for f in r.findings]
    out.append("## Costs that grow faster than they must\n")
    out += [f"- {f}" for f in findings] or ["- None found at the measured sizes."]
    out.append("")
    return "\n".join(out)


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def print_report(console, rep: StageReport) -> None:
    from rich.table import Table as RichTable

    console.rule(rep.title)
    if rep.status != "measured":
        console.print(f"[yellow]{rep.status}[/]: {rep.why}")
    for t in rep.tables:
        rt = RichTable(title=t.title, show_edge=False, title_justify="left")
        for h in t.headers:
            rt.add_column(h)
        for row in t.rows:
            rt.add_row(*row)
        console.print(rt)
    for line in rep.headlines + rep.notes:
        console.print(f"• {line}")
