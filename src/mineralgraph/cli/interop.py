"""``import bods FILE`` / ``import ftm FILE``: another tool's data as candidate records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import DataOpt, console

FileArg = Annotated[Path, typer.Argument(help="The file to read.", exists=True,
                                         dir_okay=False)]
CandidatesOut = Annotated[Path, typer.Option(
    "--out", "-o", help="Data file to write the candidate records to (YAML).")]

import_app = typer.Typer(help="Read BODS 0.4 or FollowTheMoney data into candidate records "
                         "(review: candidate) for review.", no_args_is_help=True)


def _run(fmt: str, file: Path, out: Path, data: Path | None) -> None:
    from ..errors import MineralgraphError
    from ..load import load_dataset

    if out.exists() and out.resolve() == file.resolve():
        raise MineralgraphError(f"--out {out} is the file being read")
    existing = load_dataset(data) if data else load_dataset()
    if fmt == "bods":
        from ..interop.bods_import import import_bods as read
    else:
        from ..interop.ftm_import import import_ftm as read
    cands = read(file, existing=existing)
    if not cands.count():
        held = cands.left_out.get("already in the data set", 0)
        console.print(f"nothing new in {file} ({held} relations already in the data set); "
                      f"{out} not written")
        return
    cands.write(out)
    counts = ", ".join(f"{len(v)} {k}" for k, v in cands.sections.items())
    console.print(f"wrote {cands.count():,} candidate records ({counts}) to {out}; review "
                  "them before building")
    for reason, n in sorted(cands.left_out.items(), key=lambda kv: (-kv[1], kv[0])):
        console.print(f"  left out {n:>4}  {reason}")


@import_app.command("bods")
def import_bods_command(file: FileArg, out: CandidatesOut, data: DataOpt = None) -> None:
    """Entities, persons and ownership/control relationships of a BODS 0.4 file."""
    _run("bods", file, out, data)


@import_app.command("ftm")
def import_ftm_command(file: FileArg, out: CandidatesOut, data: DataOpt = None) -> None:
    """Legal entities, projects, ownerships, controls and directorships of FtM JSON lines."""
    _run("ftm", file, out, data)


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
