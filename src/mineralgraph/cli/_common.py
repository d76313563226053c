"""Options and helpers shared by the commands, defined once."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..store import DEFAULT_OUT, open_store
from ..textsafe import terminal_text


class SafeConsole(Console):
    """A Rich console that prints every string as text: never as markup or emoji codes, and
    with control characters shown as escapes (data may hold ``[/]``, ``[link=…]`` or ESC).
    Styles are given with ``style=`` or :class:`rich.text.Text`, never inline."""

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, emoji=False, highlight=False, **kwargs)

    def render_str(self, text: str, **kwargs):  # type: ignore[override]
        kwargs["markup"] = False
        kwargs["emoji"] = False
        return super().render_str(terminal_text(text), **kwargs)


console = SafeConsole()
err_console = SafeConsole(stderr=True)

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
    "--format", "-f", help="Output: table (terminal), csv, json, md (a Markdown table) or "
    "xlsx (an Excel workbook; needs --output). Spreadsheet cells never start a formula.")]
ReportOutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write the csv/json/md/xlsx output to this file (whole, or not "
    "at all) instead of standard output.", show_default=False)]
AsOfOpt = Annotated[str | None, typer.Option(
    "--as-of", help="Only relations valid on this date: YYYY, YYYY-MM, YYYY-MM-DD, or 'all' "
    "(default: today).", show_default=False)]
DEFAULT_OUT_DIR = DEFAULT_OUT


def store_from(endpoint: str | None, store: Path | None, timeout: float = 30.0, *,
               memory: bool | None = None):
    """The store a command reads: --endpoint, else --store, else out/store (loaded into
    memory when small enough, unless ``memory=False``: see ``EmbeddedStore``)."""
    return open_store(endpoint=endpoint, location=store, timeout=timeout, memory=memory)


def error_text(exc: BaseException):
    """``error: MESSAGE`` with the message shown as text (it may quote the user's input)."""
    from rich.text import Text

    return Text.assemble(("error:", "bold red"), " ", terminal_text(str(exc)))


def write_out(text: str, output: Path | None = None) -> None:
    """Machine output (CSV, JSON, Markdown…) to ``output`` (written whole, atomically) or to
    standard output; a terminal gets control characters as visible escapes."""
    if output is not None:
        from ..atomic import atomic_open

        with atomic_open(output) as handle:
            handle.write(text)
        return
    if sys.stdout.isatty():
        text = terminal_text(text.replace("\r\n", "\n"))
    sys.stdout.write(text)
    sys.stdout.flush()
