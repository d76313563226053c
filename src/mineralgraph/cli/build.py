"""``build``, ``validate`` and ``run`` (the main job)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from ._common import DEFAULT_OUT_DIR, DataOpt, OutOpt, console, err_console


def _summary(result) -> None:
    from ..kinds import ENTITY_KINDS
    from ..model import SECTIONS

    table = Table(title=f"Built {result.triples:,} triples → {result.out_dir}", show_edge=False)
    table.add_column("records / kind")
    table.add_column("count", justify="right")
    for section, cls in SECTIONS.items():
        n = result.counts.get(section, 0)
        if not n:
            continue
        table.add_row(section, f"{n:,}")
        category = getattr(cls, "category", "")
        for kind, ek in ENTITY_KINDS.items():
            if category and ek.category == category and result.counts.get(f"kind:{kind}"):
                table.add_row(f"  {kind}", f"{result.counts[f'kind:{kind}']:,}")
    console.print(table)
    console.print(f"dataset: {result.out_dir / 'dataset.trig'} (and dataset.nq); "
                  f"embedded store: {result.store_dir}")


IncludeCandidatesOpt = Annotated[bool, typer.Option(
    "--include-candidates", help="Preview build: keep records still marked `review: "
    "candidate` (proposed by `ingest`, not yet reviewed) instead of refusing them.")]


def _warn(ds) -> None:  # a Dataset or a MainJobResult
    """Print what the sanity checks warn about (mineralgraph.checks), one line each."""
    for problem in ds.warnings:
        err_console.print(Text.assemble(("warning:", "yellow"), f" {problem}"), soft_wrap=True)


def build_command(data: DataOpt = None, out: OutOpt = DEFAULT_OUT_DIR,
                  include_candidates: IncludeCandidatesOpt = False) -> None:
    """Build the RDF dataset (TriG, N-Quads) from the data files and load the embedded store."""
    from ..build import build
    from ..load import load_dataset

    ds = load_dataset(data)
    _warn(ds)
    with console.status("building") as status:
        result = build(ds, out, progress=lambda msg: status.update(msg),
                       include_candidates=include_candidates)
    _summary(result)


def validate_command(data: DataOpt = None) -> None:
    """Check the data (cross-record checks), the built graph (SHACL) and every quote whose
    source snapshot is present (data/.sources/, data/snapshots/); exit 1 on any failure."""
    from ..build import data_graph
    from ..load import load_dataset
    from ..quotes import verify_quotes
    from ..resources import default_data_dir
    from ..validate import validate_graph

    ds = load_dataset(data)
    _warn(ds)
    report = validate_graph(data_graph(ds))
    quotes = verify_quotes(ds, data if data is not None else default_data_dir())
    for v in report.violations:
        err_console.print(str(v))
    for problem in quotes.failures:
        err_console.print(str(problem), markup=False, soft_wrap=True)
    if report.conforms:
        console.print(Text.assemble(("valid", "green"), f": {len(ds)} records, "
                                    f"{report.triples:,} triples, all SHACL shapes satisfied"))
    else:
        err_console.print(f"{len(report.violations)} SHACL violation(s)", style="red")
    (console if not quotes.failures else err_console).print(quotes.summary(), soft_wrap=True)
    if not report.conforms or quotes.failures:
        raise typer.Exit(1)


def run_command(data: DataOpt = None, out: OutOpt = DEFAULT_OUT_DIR) -> None:
    """The main job: build and load the graph, write the explorer and the default brief
    (tungsten in Kazakhstan) under OUT."""
    from ..pipeline import run_main_job

    with console.status("building") as status:
        result = run_main_job(data_dir=data, out_dir=out,
                              progress=lambda msg: status.update(msg))
    _warn(result)
    _summary(result.build)
    console.print(f"explorer: {result.explorer}  (open it in a browser; works offline)")
    documents = [p for p in result.briefs if p.suffix in (".md", ".html", ".pdf", ".docx")]
    console.print("brief: " + ", ".join(str(p) for p in documents)
                  + f" (figures beside them)")


def ontology_doc_command(
        data: DataOpt = None,
        output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE",
                                             help="Where to write the page.")] = Path(
            "docs/ontology.html")) -> None:
    """Write the ontology's documentation (pyLODE): every class and property with its label,
    comment and how often the data uses it."""
    from ..load import load_dataset
    from ..ontodoc import write_ontology_html

    console.print(f"ontology documentation: {write_ontology_html(load_dataset(data), output)}")


def register(app: typer.Typer) -> None:
    app.command("ontology-doc")(ontology_doc_command)
    app.command("build")(build_command)
    app.command("validate")(validate_command)
    app.command("run")(run_command)
