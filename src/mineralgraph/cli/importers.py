"""``import usgs-mcs``: a public statistics release turned into data files in our format
(beside ``import bods`` and ``import ftm`` of the interop module, in the same group)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from ._common import console
from .interop import import_app


def usgs_mcs_command(
    csv_path: Annotated[Path, typer.Argument(
        help="The release's world-data CSV (e.g. MCS2025_World_Data.csv).", show_default=False)],
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="Folder for this release's data files, e.g. data/usgs-mcs-2025.",
        show_default=False)],
    data: Annotated[Path | None, typer.Option(
        "--data", help="The data set whose state and commodity ids are reused (default: the "
        "folder above --out).", show_default=False)] = None,
    snapshots: Annotated[Path | None, typer.Option(
        "--snapshots", help="Where the CSV is kept verbatim as the source's snapshot "
        "(default: DATA/snapshots).", show_default=False)] = None,
) -> None:
    """Import a USGS Mineral Commodity Summaries world-data release: one cited source,
    production, capacity and reserves by country (world totals and 'Other countries' kept as
    such), with every row quoted verbatim. Importing the same file again writes the same bytes."""
    from ..importers.usgs_mcs import import_usgs_mcs

    result = import_usgs_mcs(csv_path, out=out, data_dir=data, snapshots=snapshots)
    result.write()
    table = Table(title=f"{result.source_id}: {result.rows:,} rows read → {out}",
                  show_edge=False)
    table.add_column("commodity")
    table.add_column("observations", justify="right")
    for commodity, n in sorted(result.observations.items()):
        table.add_row(commodity, f"{n:,}")
    console.print(table)
    rows = ", ".join(f"{n:,} {k}" for k, n in sorted(result.rows_by_class.items()))
    cells = ", ".join(f"{n:,} {k}" for k, n in sorted(result.skipped.items()))
    console.print(f"rows: {rows}\ncells without a figure: {cells}\n"
                  f"{sum(result.observations.values()):,} observations of "
                  f"{len(result.countries)} countries; new states: {len(result.new_states)}, "
                  f"new commodities: {len(result.new_commodities)}")


def register(app: typer.Typer) -> None:
    import_app.command("usgs-mcs")(usgs_mcs_command)
