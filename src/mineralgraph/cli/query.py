"""``queries``, ``query``, ``push`` and ``serve``: SPARQL for researchers."""

from __future__ import annotations

import os

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from ..atomic import atomic_open
from ..errors import MineralgraphError
from ..output import FORMATS, render, rich_table
from ..query import NamedQuery, list_queries, load_query, run_query
from ..store import DEFAULT_OUT, RemoteStore
from ._common import (EndpointOpt, SafeConsole, StoreOpt, TimeoutOpt, console, store_from,
                      write_out)

Format = enum.Enum("Format", {f.replace("-", "_"): f for f in FORMATS}, type=str)


def _param_summary(q: NamedQuery) -> str:
    parts = []
    for p in q.params:
        tail = f"={p.default}" if p.default is not None else ("?" if p.optional else "")
        parts.append(f"{p.name}:{p.type}{tail}")
    return " ".join(parts)


def queries_command(
    name: Annotated[str | None, typer.Argument(
        help="Show one query in full: question, parameters, examples and SPARQL.",
        show_default=False)] = None,
) -> None:
    """List the named queries (name, title, parameters), or show one in full."""
    if name:
        _show(load_query(name))
        return
    from rich.table import Table

    table = Table(title="Named queries (mineralgraph query NAME --param name=value)",
                  title_justify="left", header_style="bold")
    table.add_column("name", no_wrap=True)
    table.add_column("title")
    table.add_column("parameters (name:type=default, ? optional)", overflow="fold")
    for q in list_queries():
        table.add_row(q.name, q.title, _param_summary(q))
    console.print(table)


def _show(q: NamedQuery) -> None:
    console.print(Text.assemble((q.name, "bold"), f" — {q.title}"))
    if q.question:
        console.print(q.question)
    for p in q.params:
        default = (f"default {p.default}" if p.default is not None
                   else "optional" if p.optional else "required")
        console.print(f"  --param {p.name}=…  ({p.type}, {default}) {p.description}")
    for example in q.examples:
        console.print(f"  $ {example}")
    if q.path:
        console.print(str(q.path), style="dim")


def _parse_params(values: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise MineralgraphError(f"--param needs name=value, got {item!r}")
        if name in params:
            raise MineralgraphError(f"--param {name} is given twice")
        params[name] = value
    return params


def query_command(
    query: Annotated[str | None, typer.Argument(
        help="A named query (see `mineralgraph queries`) or a .rq file.",
        show_default=False)] = None,
    text: Annotated[str | None, typer.Option(
        "--text", help="SPARQL text to run instead of a named query.", show_default=False)] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="Parameter as name=value (repeatable). Entities by slug, label "
        "or alias. Queries without a header take name:type=value (type: string, iri, "
        "integer, decimal, date, entity…).", show_default=False)] = None,
    fmt: Annotated[Format, typer.Option(
        "--format", "-f", help="Output format: a table for reading, CSV/TSV/JSON for pipes, md "
        "(a Markdown table), xlsx (an Excel workbook; needs --output). Spreadsheet cells "
        "never start a formula.")]
    = Format.table,  # type: ignore[attr-defined]
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file (written whole, or not at all).",
        show_default=False)] = None,
    endpoint: EndpointOpt = None,
    store: StoreOpt = None,
    timeout: TimeoutOpt = 30.0,
) -> None:
    """Run a named query, a .rq file or --text SPARQL, with typed parameters."""
    if (query is None) == (text is None):
        raise MineralgraphError("give a query name or .rq file, or --text \"SELECT …\" "
                                "(not both); list the named queries with `mineralgraph queries`")
    if fmt.value == "xlsx" and output is None:
        raise MineralgraphError("--format xlsx writes a workbook: give its file with "
                                "--output FILE.xlsx")
    named = load_query(text if text is not None else query)  # type: ignore[arg-type]
    params = _parse_params(param or [])
    db = store_from(endpoint, store, timeout, memory=False)  # one query: disk is faster
    try:
        result = run_query(named, params=params, store=db)
    finally:
        db.close()
    fmt_name = fmt.value
    if fmt_name == "xlsx":
        from ..output import plain_rows
        from ..tabular import write_xlsx

        write_xlsx(output, {named.name: (result.vars, plain_rows(result))})  # type: ignore[arg-type]
        console.print(f"wrote {len(result)} rows to {output}")
        return
    if fmt_name != "table":
        _emit(render(result, fmt_name), output)
        return
    bound = ", ".join(f"{k}={t.value}" for k, t in result.bound.items())
    caption = (f"{len(result)} row{'s' * (len(result) != 1)} · {db.description}"
               + (f" · {bound}" if bound else ""))
    if result.boolean is not None:
        _emit(("true" if result.boolean else "false") + "\n", output)
        return
    table = rich_table(result, title=named.title or named.name, caption=caption)
    if output:
        with atomic_open(output) as handle:
            SafeConsole(file=handle, width=200).print(table)
        return
    console.print(table)


def _emit(text: str, output: Path | None) -> None:
    write_out(text, output)


def push_command(
    endpoint: Annotated[str, typer.Option(
        "--endpoint", help="SPARQL query endpoint of the target server (its Graph Store "
        "endpoint is derived: …/query → …/store) .", show_default=False)],
    store_endpoint: Annotated[str | None, typer.Option(
        "--store-endpoint", help="Graph Store Protocol URL, if it is not ENDPOINT's …/store.",
        show_default=False)] = None,
    out: Annotated[Path, typer.Option(
        "--out", help="Folder of the built dataset (dataset.nq).")] = DEFAULT_OUT,
    data_graph: Annotated[str | None, typer.Option(
        "--data-graph", metavar="IRI", help="Put the data (the default graph) into this named "
        "graph: for servers whose queries read the union of all graphs and whose Graph Store "
        "has no default graph (Virtuoso).", show_default=False)] = None,
    user: Annotated[str | None, typer.Option(
        "--user", help="User for HTTP digest/basic authentication; the password is read from "
        "MINERALGRAPH_ENDPOINT_PASSWORD.", show_default=False)] = None,
    timeout: TimeoutOpt = 120.0,
) -> None:
    """Upload the built dataset to a SPARQL server with the Graph Store Protocol (PUT, then
    POST in chunks of 200,000 triples)."""
    nquads = out / "dataset.nq"
    if not nquads.is_file():
        raise MineralgraphError(f"no built dataset at {nquads}: run `mineralgraph build` first")
    remote = RemoteStore(endpoint, timeout=timeout, store_endpoint=store_endpoint)
    try:
        with console.status(f"uploading {nquads} to {remote.store_endpoint}"):
            sent = remote.push(nquads, data_graph=data_graph, user=user,
                               password=os.environ.get("MINERALGRAPH_ENDPOINT_PASSWORD"))
    finally:
        remote.close()
    console.print(f"uploaded {sent:,} triples to {remote.store_endpoint}")


def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1,
                                      max=65535)] = 7878,
    store: StoreOpt = None,
    timeout_s: Annotated[float, typer.Option(
        "--timeout-s", help="Longest time a query may run, in seconds (then 504).",
        min=1)] = 30.0,
    memory_mb: Annotated[int, typer.Option(
        "--memory-mb", help="Memory of each query engine process, in MiB: it is stopped before "
        "its "
        "resident memory reaches this (its queries get 503) and restarted.", min=512)] = 2048,
    max_result_mb: Annotated[int, typer.Option(
        "--max-result-mb", help="Largest answer, in MiB: a larger one is cut off.",
        min=1)] = 256,
    engine: Annotated[str, typer.Option(
        "--engine", help="Where queries run: memory (worker processes holding the graph in "
        "memory, one per core), disk (the Oxigraph server over the store) or auto (memory up "
        "to MINERALGRAPH_MEMORY_QUADS quads, 2,000,000 by default).")] = "auto",
    workers: Annotated[int | None, typer.Option(
        "--workers", help="Query worker processes of the memory engine (default: one per "
        "core); each holds the whole graph.", min=1)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="Do not log each request.")] = False,
) -> None:
    """Serve the built store read-only over SPARQL 1.1 (Oxigraph behind a guard).

    Limits: a query of at most 256 KiB, 64 nested brackets and 2,000 operators (else 400).
    SERVICE, LOAD and updates are refused (403). One query runs per worker (memory engine),
    16 at once on disk; the rest wait.
    The engine runs without network where the system allows it (root). docs/security.md.
    """
    from ..serve import serve

    def ready(url: str) -> None:
        console.print(f"SPARQL endpoint: {url}query  (read-only; query page: {url}; "
                      "stop with Ctrl-C)")

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    serve(store or DEFAULT_OUT / "store", host=host, port=port, timeout_s=timeout_s,
          memory_mb=memory_mb, max_result_mb=max_result_mb, engine=engine, workers=workers,
          on_ready=ready, log=None if quiet else log, warn=log)


def register(app: typer.Typer) -> None:
    app.command("queries")(queries_command)
    app.command("query")(query_command)
    app.command("push")(push_command)
    app.command("serve")(serve_command)
