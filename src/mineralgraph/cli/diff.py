"""``diff``: what changed between two versions of the data, or between two dates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import MineralgraphError
from ._common import EndpointOpt, StoreOpt, console, store_from

FormatOpt = Annotated[str, typer.Option(
    "--format", "-f", help="Output: table (terminal), md, csv or json.")]


def diff_command(
    old: Annotated[Path | None, typer.Argument(
        help="Older version: a data folder (*.yaml) or a build (folder with dataset.nq).",
        show_default=False)] = None,
    new: Annotated[Path | None, typer.Argument(
        help="Newer version, the same way.", show_default=False)] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="On one graph: the earlier date (YYYY, YYYY-MM or YYYY-MM-DD).",
        show_default=False)] = None,
    to: Annotated[str | None, typer.Option(
        "--to", help="With --as-of: the later date.", show_default=False)] = None,
    fmt: FormatOpt = "table", store: StoreOpt = None, endpoint: EndpointOpt = None,
) -> None:
    """Relations and figures added, removed, started, ended or changed (old → new), with their
    sources: between two data folders or builds (OLD NEW), or on one graph between two dates
    (--as-of DATE1 --to DATE2)."""
    from ..diff.rows import FORMATS, to_csv, to_json, to_markdown

    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise MineralgraphError(f"unknown --format {fmt!r}: use {', '.join(FORMATS)}")
    if (old is None) != (new is None):
        raise MineralgraphError("give two versions to compare (OLD NEW), or --as-of and --to")
    if old is not None and (as_of or to):
        raise MineralgraphError("compare either two versions (OLD NEW) or two dates "
                                "(--as-of, --to), not both")
    if old is not None and new is not None:
        from ..diff.versions import diff_versions, side_kind

        side_kind(old), side_kind(new)  # both checked before the slow part
        changes = diff_versions(old, new)
        title, head = f"Changes from {old} to {new}", {"old": str(old), "new": str(new)}
    elif as_of and to:
        from ..diff.dates import diff_dates

        changes = diff_dates(store_from(endpoint, store), as_of, to)
        title, head = f"Changes from {as_of} to {to}", {"as_of": as_of, "to": to}
    else:
        raise MineralgraphError("give two versions to compare (OLD NEW), or --as-of DATE1 "
                                "--to DATE2")
    if fmt == "json":
        typer.echo(to_json(changes, **head), nl=False)
    elif fmt == "csv":
        typer.echo(to_csv(changes), nl=False)
    elif fmt == "md":
        typer.echo(to_markdown(changes, title), nl=False)
    else:
        _print_table(changes, title)


def _print_table(changes, title: str) -> None:  # noqa: ANN001
    from rich.table import Table
    from rich.text import Text

    from ..diff.rows import COLUMNS

    t = Table(title=Text(title), title_justify="left", header_style="bold")
    for col in COLUMNS:
        t.add_column(col, overflow="fold")
    for c in changes:
        t.add_row(*(Text(v) for v in c.cells()))  # Text: data is never read as markup
    console.print(t)
    console.print(Text(f"{len(changes)} change(s)"))


def register(app: typer.Typer) -> None:
    app.command("diff")(diff_command)
