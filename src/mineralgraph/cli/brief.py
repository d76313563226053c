"""``brief``: a cited policy brief (Markdown, HTML, PDF, Word) about an entity, a country or
a commodity, computed from the graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ..names import BRIEF_FORMATS as FORMATS
from ._common import DEFAULT_OUT_DIR, EndpointOpt, StoreOpt, TimeoutOpt, console, store_from


def brief_command(
    focus: Annotated[str, typer.Option(
        "--focus", help="What the brief is about: an entity, a country or region, or a "
        "commodity, by id, name or alias (e.g. bakuta, Kazakhstan, tungsten).",
        show_default=False)],
    commodity: Annotated[str | None, typer.Option(
        "--commodity", help="With a country or region focus: only its sites that hold or "
        "produce this commodity (--focus kazakhstan --commodity tungsten).",
        show_default=False)] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Date the brief describes: YYYY, YYYY-MM, YYYY-MM-DD, or 'all' "
        "(default: the date of the newest source, so the same data gives the same brief).",
        show_default=False)] = None,
    formats: Annotated[str, typer.Option(
        "--format", "-f", help=f"Comma-separated formats: {','.join(FORMATS)}.")
    ] = ",".join(FORMATS),
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="Folder to write the brief to.")] = DEFAULT_OUT_DIR / "briefs",
    title: Annotated[str | None, typer.Option(
        "--title", help="Title instead of '<focus>: who controls supply'.",
        show_default=False)] = None,
    since: Annotated[str | None, typer.Option(
        "--since", help="Open with 'What changed since DATE' (YYYY, YYYY-MM or YYYY-MM-DD): "
        "relations started or ended and figures reported up to the brief's date.",
        show_default=False)] = None,
    store: StoreOpt = None, endpoint: EndpointOpt = None, timeout: TimeoutOpt = 30.0,
) -> None:
    """Write a cited policy brief: summary, key findings, figures, tables, contested facts,
    risks and numbered sources."""
    from ..brief import parse_formats, write_brief  # the renderers: only when run

    chosen = parse_formats(formats)  # a typo fails before the graph is read
    with console.status("writing the brief"):
        paths = write_brief(store_from(endpoint, store, timeout), focus, formats=chosen,
                            out_dir=out, as_of=as_of, title=title, commodity=commodity,
                            since=since)
    table = Table(title=f"Brief written to {out}", show_edge=False)
    table.add_column("file")
    table.add_column("bytes", justify="right")
    for path in paths:
        table.add_row(path.name, f"{path.stat().st_size:,}")
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("brief")(brief_command)
