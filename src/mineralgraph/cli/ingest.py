"""``ingest`` (a document → candidate records), ``review`` (accept, reject, edit, link) and
``sources add`` (store the text snapshot of an existing source)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import MineralgraphError
from ._common import DataOpt, console, err_console

sources_app = typer.Typer(help="Source documents: store text snapshots that quotes are "
                          "checked against.", no_args_is_help=True)


def ingest_command(
    document: Annotated[str, typer.Argument(
        help="The document: a .txt, .html, .pdf or .docx file, or an http(s) URL (fetched "
        "once; nothing else is fetched).", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="The candidate file to write "
                                      "(YAML, data format).", show_default=False)],
    url: Annotated[str | None, typer.Option(help="Where the document was published (recorded "
                                            "on the source; not fetched).")] = None,
    publisher: Annotated[str | None, typer.Option(help="Publisher, when the document does not "
                                                  "state it.")] = None,
    date: Annotated[str | None, typer.Option(help="Publication date: YYYY, YYYY-MM or "
                                             "YYYY-MM-DD.")] = None,
    source_id: Annotated[str | None, typer.Option(help="Id of the new source record (must "
                                                  "not exist).")] = None,
    kind: Annotated[str | None, typer.Option(help="Source kind (news-article, press-release, "
                                             "government-report…).")] = None,
    public_domain: Annotated[bool, typer.Option(
        help="Store the snapshot in data/snapshots/ (committed) instead of the local cache: "
        "only for public-domain texts such as US federal government releases.")] = False,
    force: Annotated[bool, typer.Option(help="Replace --out if it exists.")] = False,
    data: DataOpt = None,
) -> None:
    """Propose candidate records (entities, relations, figures) from a document, each with a
    verbatim quote, `review: candidate`, a confidence and the rule that found it."""
    from ..ingest import ingest

    with console.status("reading and extracting"):
        result = ingest(document, out=out, data_dir=data, url=url, publisher=publisher,
                        date=date, source_id=source_id, kind=kind, force=force,
                        public_domain=public_domain)
    counts = ", ".join(f"{n} {k}" for k, n in result.counts.items()) or "no records"
    console.print(f"{result.out}: {counts} (candidates), source '{result.source_id}'; "
                  f"{len(result.candidates.linked)} name(s) linked to existing records")
    console.print(f"snapshot: {result.snapshot}")
    for why in result.candidates.dropped:
        err_console.print(f"  left out: {why}", markup=False)
    console.print(f"next: mineralgraph review {result.out}")


def review_command(
    file: Annotated[Path, typer.Argument(help="A candidate file written by `ingest`.",
                                         show_default=False)],
    data: DataOpt = None,
) -> None:
    """Walk the candidates of FILE: accept, reject, edit (label, kind, status), link to
    another id, or skip. Each decision is saved at once; Ctrl-C keeps what is done."""
    from ..ingest.review import review_file
    from ..load import load_dataset

    try:
        known = {rec.id for rec in load_dataset(data).records()}
    except MineralgraphError:  # a broken data set: linking offers the file's own ids only
        known = set()

    def ask(prompt: str) -> str:
        return input(prompt)

    stats = review_file(file, ask=ask, show=lambda s: console.print(s, markup=False),
                        known_ids=known)
    console.print(stats.summary())
    if stats.interrupted:
        err_console.print(f"interrupted: the decisions made so far are saved in {file}",
                          markup=False)
        raise typer.Exit(130)


@sources_app.command("add")
def sources_add_command(
    document: Annotated[str, typer.Argument(help="The document's file (or URL).",
                                            show_default=False)],
    source_id: Annotated[str, typer.Option(help="Id of the existing source record.",
                                           show_default=False)],
    public_domain: Annotated[bool, typer.Option(
        help="Store in data/snapshots/ (committed) instead of the local cache.")] = False,
    data: DataOpt = None,
) -> None:
    """Store the text of a document as the snapshot of an existing source record, so that
    `validate` checks its quotes; refuses a text whose SHA-256 differs from the record's."""
    from ..ingest import snapshot_source

    path, digest, recorded = snapshot_source(document, source_id, data_dir=data,
                                             public_domain=public_domain)
    console.print(f"snapshot: {path}", soft_wrap=True)
    if recorded is None:
        console.print(f"the source record has no sha256 yet: add  sha256: {digest}  to "
                      f"'{source_id}'", soft_wrap=True)
    else:
        console.print("sha256 matches the source record")


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
    app.command("review")(review_command)
    app.add_typer(sources_app, name="sources")
