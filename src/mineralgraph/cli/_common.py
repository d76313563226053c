"""Options and helpers shared by the commands, defined once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..store import DEFAULT_OUT, open_store

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

DataOpt = Annotated[Path | None, typer.Option(
    "--data", help="Folder of data/*.yaml files (default: the data set shipped with mineralgraph).",
    show_default=False)]
OutOpt = Annotated[Path, typer.Option(
    "--out", "-o", help="Output folder for the dataset files and the embedded store.")]
StoreOpt = Annotated[Path | None, typer.Option(
    "--store", help="Embedded store folder (default: OUT/store, i.e. out/store).",
    show_default=False)]
EndpointOpt = Annotated[str | None, typer.Option(
    "--endpoint", help="SPARQL 1.1 query endpoint URL instead of the embedded store.",
    show_default=False)]
TimeoutOpt = Annotated[float, typer.Option(
    "--timeout", help="Seconds to wait for a remote endpoint.")]
ReportFormatOpt = Annotated[str, typer.Option(
    "--format", "-f", help="Output: table (terminal), csv or json.")]
AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", help="Only relations valid on this date: YYYY, YYYY-MM, YYYY-MM-DD, or 'all' "
    "(default: today).", show_default=False)]
DEFAULT_OUT_DIR = DEFAULT_OUT


def store_from(endpoint: str | None, store: Path | None, timeout: float = 30.0, *,
               memory: bool | None = None):
    """The store a command reads: --endpoint, else --store, else out/store (loaded into
    memory when small enough, unless ``memory=False``: see ``EmbeddedStore``)."""
    return open_store(endpoint=endpoint, location=store, timeout=timeout, memory=memory)
