"""``explore``: write the interactive, offline HTML explorer (a thin layer over
:func:`mineralgraph.explore.explorer_page`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..atomic import write_atomic
from ..errors import MineralgraphError
from ..names import EXPLORE_TOP, LARGE_GRAPH
from ._common import AsOfOpt, EndpointOpt, StoreOpt, console, store_from
from .network import KindsOpt


def _split(values: list[str] | None) -> list[str] | None:
    """Repeated options and comma-separated lists, both accepted."""
    if not values:
        return None
    return [part.strip() for v in values for part in v.split(",") if part.strip()]


def explore_command(
    output: Annotated[Path, typer.Option(
        "--output", "-o", help="HTML file to write (its folder must exist).")
    ] = Path("explorer.html"),
    focus: Annotated[str | None, typer.Option(
        "--focus", help="Show only the entities around this one (name, alias or id).",
        show_default=False)] = None,
    depth: Annotated[int, typer.Option(
        "--depth", help="With --focus: how many steps away to show.")] = 2,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", help="Only entities of this kind (company, state, mine…); repeat or "
        "comma-separate.", show_default=False)] = None,
    country: Annotated[list[str] | None, typer.Option(
        "--country", help="Only entities of this country and their direct partners (name, "
        "alias or id of a state); repeat or comma-separate.", show_default=False)] = None,
    path: Annotated[tuple[str, str] | None, typer.Option(
        "--path", metavar="A B", help="Highlight the best influence path from A to B.",
        show_default=False)] = None,
    top: Annotated[int, typer.Option(
        "--top", help="How many entities the network view opens on: the most central ones "
        "(with --focus: the focus and its nearest neighbours); the rest wait in clusters a "
        "click away. The page holds every entity either way.")] = EXPLORE_TOP,
    show_all: Annotated[bool, typer.Option(
        "--all", help="Open on every entity at once (no first view, no clusters): grouped by "
        "community, names by level of detail.")] = False,
    view: Annotated[str, typer.Option(
        "--view", help="What the page shows first: network or map (a switch in the page "
        "changes it).")] = "network",
    kinds: KindsOpt = None, as_of: AsOfOpt = None,
    store: StoreOpt = None, endpoint: EndpointOpt = None,
) -> None:
    """Write one self-contained HTML page to explore the graph offline: search, filters,
    and every relation with its sources.

    The network opens on the --top most central entities (or the focus and its nearest
    neighbours), laid out to be read at once, with the rest in clusters by country and kind:
    click a cluster to bring in its most central members, double-click an entity for its
    neighbours, or "Show everything". Positions are computed before the page is written and
    the browser does no physics simulation, so it opens at once; above {large} entities
    relation labels are left out.
    """
    if output.is_dir():
        raise MineralgraphError(f"{output} is a folder: give the HTML file to write, e.g. "
                                f"{output / 'explorer.html'}")
    from ..explore import explorer_page  # loads NetworkX and the renderer: only when run

    page = explorer_page(store_from(endpoint, store), focus=focus, depth=depth,
                         kinds=_split(kind), countries=_split(country), path_between=path,
                         as_of=as_of, relations=kinds, view=view,
                         top=None if show_all else top)
    written = write_atomic(output, page.html)
    console.print(f"wrote {written} ({len(page.html) / 1e6:.1f} MB, opens offline): "
                  f"{page.nodes} entities, {page.edges} relations")
    console.print(f"shows {page.scope}")
    if page.first < page.nodes:
        console.print(f"the network opens on {page.first} of them (the most central, or the "
                      "focus and its nearest); the rest wait in clusters a click away "
                      "(--all opens on everything)")
    if page.path:
        console.print(page.path)


explore_command.__doc__ = (explore_command.__doc__ or "").replace("{large}", f"{LARGE_GRAPH:,}")


def register(app: typer.Typer) -> None:
    app.command("explore")(explore_command)
