"""Write a brief to files: every format is rendered in memory first, then each file is
written to a temporary name and renamed, so a failure never leaves a half-written brief."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from ..atomic import write_atomic
from ..errors import MineralgraphError
from ..names import BRIEF_FORMATS
from ..store import Store
from .content import compose
from .data import load_graph_data
from .document import Brief
from .scope import Focus, resolve_focus

FORMATS = BRIEF_FORMATS


def parse_formats(formats: Iterable[str] | str) -> tuple[str, ...]:
    """``"md,pdf"`` or ``["md", "pdf"]`` → ``("md", "pdf")``; unknown names raise."""
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    chosen = [f.strip().lower().lstrip(".") for f in items if f and f.strip()]
    unknown = sorted(set(chosen) - set(FORMATS))
    if unknown:
        raise MineralgraphError(f"unknown brief format(s) {', '.join(unknown)}: use "
                                f"{', '.join(FORMATS)} (comma-separated)")
    if not chosen:
        raise MineralgraphError(f"no brief format chosen: use {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in chosen)


def write_brief(store: Store, focus: str | Focus, *, formats: Iterable[str] | str = FORMATS,
                out_dir: str | Path, as_of: dt.date | str | None = None,
                title: str | None = None, commodity: str | None = None,
                since: str | None = None) -> list[Path]:
    """Compute a brief from the graph and write it in the given formats.

    Parameters
    ----------
    store
        The graph (embedded store or SPARQL endpoint).
    focus
        An entity, country/region or commodity, by slug, label or alias.
    formats
        Any of ``md``, ``html``, ``pdf``, ``docx``.
    out_dir
        Folder to write to (created if missing). Files are named ``brief-<focus>.<ext>``;
        Markdown's figures are written next to it as ``brief-<focus>-<figure>.png/.svg``.
    as_of
        Date the brief describes (default: the newest source's date; ``"all"``: no filter).
    title
        Title instead of the generated one.
    commodity
        With a country or region focus, only its sites that hold or produce this commodity
        (``--focus kazakhstan --commodity tungsten``).
    since
        Open the brief with "What changed since" this date: relations started or ended and
        figures reported in its scope, up to the brief's date, with their sources.

    Returns
    -------
    list of Path
        The files written, in a stable order.
    """
    chosen = parse_formats(formats)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise MineralgraphError(f"{out} exists and is not a folder")
    if not isinstance(focus, Focus):
        focus = resolve_focus(store, focus, commodity=commodity)
    data = load_graph_data(store, as_of=as_of)
    opening = None
    if since is not None:
        from .changes import changes_since

        opening = (since, changes_since(store, since, data.day))
    brief = compose(data, focus, title=title, since=opening)
    created = _created(data.day)
    files = render_files(brief, chosen, created=created)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MineralgraphError(f"cannot write to {out}: cannot create the folder: "
                                f"{exc.strerror or exc}") from None
    written = []
    for name, payload in files.items():
        path = out / name
        write_atomic(path, payload)
        written.append(path)
    return written


def render_files(brief: Brief, formats: tuple[str, ...], *,
                 created: dt.datetime) -> dict[str, bytes]:
    """File name → bytes for each format (and the Markdown figures)."""
    from .figures import render_figures

    figures = render_figures(brief.figures)
    stem = f"brief-{brief.slug}"
    files: dict[str, bytes] = {}
    if "md" in formats:
        from .render_md import render_markdown

        names = {}
        for key, data in figures.items():
            for ext in ("png", "svg"):
                files[f"{stem}-{key}.{ext}"] = data[ext]
            names[key] = f"{stem}-{key}.png"
        files[f"{stem}.md"] = render_markdown(brief, names).encode("utf-8")
    if "html" in formats:
        from .render_html import render_html

        html = render_html(brief, figures, image_format="svg", created=created.date().isoformat())
        files[f"{stem}.html"] = html.encode("utf-8")
    if "pdf" in formats:
        from .render_pdf import render_pdf

        files[f"{stem}.pdf"] = render_pdf(brief, figures, created=created.date().isoformat())
    if "docx" in formats:
        from .render_docx import render_docx

        files[f"{stem}.docx"] = render_docx(brief, figures, created=created)
    return files


def _created(day: dt.date | None) -> dt.datetime:
    """The timestamp stored in PDF and DOCX metadata: the brief's as-of date, not the clock."""
    day = day or dt.date(1980, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
