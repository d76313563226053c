"""``rank``, ``paths``, ``offtake``, ``blocs``, ``concentration``, ``export``: network analysis
commands, each a thin layer over :mod:`mineralgraph.network`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

# NetworkX and the analysis are imported by each command when it runs, so that `--help`
# and option errors do not wait for them
from ..names import EXPORT_FORMATS, HIGHLY_CONCENTRATED, INTEROP_FORMATS, MAX_HOPS, MEASURES
from . import _network_views as views
from ._common import (AsOfOpt, EndpointOpt, ReportFormatOpt, ReportOutputOpt, StoreOpt,
                      console, store_from)

KindsOpt = Annotated[str | None, typer.Option(
    "--kinds", help="Only these relation kinds, comma-separated (e.g. finances,owns).",
    show_default=False)]
BackendOpt = Annotated[str | None, typer.Option(
    "--backend", help="Engine for centrality: auto (default: NetworkX, igraph for "
    "betweenness/closeness on large graphs), networkx, igraph, or an installed NetworkX "
    "backend such as parallel (nx-parallel). Also $MINERALGRAPH_BACKEND.",
    show_default=False)]
JobsOpt = Annotated[int | None, typer.Option(
    "--jobs", help="Processes for the parallel backend (default: every core; also "
    "$MINERALGRAPH_JOBS).", show_default=False)]


def _graph(endpoint, store, as_of, kinds=None):
    from ..network import project

    return project(store_from(endpoint, store), as_of=as_of, kinds=kinds)


def rank_command(
    measure: Annotated[str, typer.Option(
        "--measure", help=f"{'|'.join(MEASURES)}|all")] = "pagerank",
    kind: Annotated[str | None, typer.Option(
        "--kind", help="Entity kind (company, state…), category (actor, site) or 'any'; "
        "default actors.", show_default=False)] = None,
    top: Annotated[int, typer.Option("--top", help="How many to list.")] = 20,
    kinds: KindsOpt = None, as_of: AsOfOpt = None, backend: BackendOpt = None,
    jobs: JobsOpt = None, fmt: ReportFormatOpt = "table", output: ReportOutputOpt = None,
    store: StoreOpt = None, endpoint: EndpointOpt = None,
) -> None:
    """Rank actors by centrality, with the sourced relations that carry each top one."""
    from ..network import rank

    fmt = views.check_format(fmt, output)
    G = _graph(endpoint, store, as_of, kinds)
    rows = rank(G, measure=measure, kind=kind, top=top, backend=backend, jobs=jobs)
    data = views.rank_rows(rows)
    if not views.report(fmt, output, sheet="ranking",
                        data={"as_of": G.graph["as_of"], "measure": measure, "ranking": rows},
                        rows=data, columns=list(dict.fromkeys(k for r in data for k in r))
                        or ["rank"]):
        views.print_rank(rows, measure=measure, as_of=G.graph["as_of"])


def paths_command(
    source: Annotated[str, typer.Argument(help="From: slug, name or alias.")],
    target: Annotated[str, typer.Argument(help="To: slug, name or alias.")],
    k: Annotated[int, typer.Option("--k", help="How many paths.")] = 5,
    max_hops: Annotated[int, typer.Option("--max-hops", help="Longest path, in hops.")] = 6,
    kinds: KindsOpt = None, as_of: AsOfOpt = None, fmt: ReportFormatOpt = "table",
    output: ReportOutputOpt = None, store: StoreOpt = None, endpoint: EndpointOpt = None,
) -> None:
    """The k best influence paths from A to B, each hop with relation, terms and source."""
    from ..network import influence_paths, project
    from ..resolve import EntityIndex

    fmt = views.check_format(fmt, output)
    st = store_from(endpoint, store)
    index = EntityIndex.of(st)
    a, b = index.resolve(source), index.resolve(target)
    G = project(st, as_of=as_of, kinds=kinds)
    result = influence_paths(G, a.slug, b.slug, k=k, max_hops=max_hops)
    if not views.report(fmt, output, sheet="paths", rows=views.hop_rows(result),
                        data={"as_of": G.graph["as_of"], **views.plain(result)},
                        columns=views.HOP_COLUMNS):
        views.print_paths(result, labels=(a.label, b.label), max_hops=max_hops,
                          as_of=G.graph["as_of"])


def offtake_command(
    commodity: Annotated[str | None, typer.Option(
        "--commodity", help="Only projects of this commodity (narrower ones included).",
        show_default=False)] = None,
    country: Annotated[str | None, typer.Option(
        "--country", help="Only projects in this country: ISO code, name or slug (KZ).",
        show_default=False)] = None,
    as_of: AsOfOpt = None, fmt: ReportFormatOpt = "table", output: ReportOutputOpt = None,
    store: StoreOpt = None, endpoint: EndpointOpt = None,
) -> None:
    """Per project: financiers → owners/operators → project → offtakers, with terms and
    gaps where the offtaker is unknown."""
    from ..network import offtake_chains

    fmt = views.check_format(fmt, output)
    G = _graph(endpoint, store, as_of)
    chains = offtake_chains(G, commodity=commodity, country=country)
    if not views.report(fmt, output, sheet="offtake", rows=views.chain_rows(chains),
                        data={"as_of": G.graph["as_of"], "projects": chains},
                        columns=views.CHAIN_COLUMNS):
        views.print_chains(chains, as_of=G.graph["as_of"])


def blocs_command(
    max_hops: Annotated[int, typer.Option("--max-hops", help="Longest backing chain.")
                        ] = MAX_HOPS,
    chains: Annotated[int, typer.Option("--chains", help="Chains shown per state.")] = 4,
    seed: Annotated[int, typer.Option("--seed", help="Seed of community detection.")] = 42,
    resolution: Annotated[float, typer.Option(
        "--resolution", help="Louvain resolution: above 1, smaller communities.")] = 1.0,
    as_of: AsOfOpt = None, fmt: ReportFormatOpt = "table", output: ReportOutputOpt = None,
    store: StoreOpt = None, endpoint: EndpointOpt = None,
) -> None:
    """The states backing each project along ownership, control and financing chains, with
    the chains as evidence; and communities of the influence graph."""
    from ..network import backing_blocs, communities

    fmt = views.check_format(fmt, output)
    G = _graph(endpoint, store, as_of)
    blocs = backing_blocs(G, max_hops=max_hops, chains=chains)
    groups = communities(G, seed=seed, resolution=resolution)
    if not views.report(fmt, output, sheet="blocs", rows=views.bloc_rows(blocs),
                        data={"as_of": G.graph["as_of"], "projects": blocs,
                              "communities": groups}, columns=views.BLOC_COLUMNS):
        views.print_blocs(blocs, groups, as_of=G.graph["as_of"])


def concentration_command(
    commodity: Annotated[str, typer.Option("--commodity", help="Commodity (slug or name).")
                         ] = "tungsten",
    measure: Annotated[str, typer.Option("--measure", help="production or reserves.")
                       ] = "production",
    year: Annotated[str | None, typer.Option(
        "--year", help="Year (default: each source's latest).", show_default=False)] = None,
    fmt: ReportFormatOpt = "table", output: ReportOutputOpt = None, store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Shares by country and the Herfindahl–Hirschman index, one per source and year."""
    from ..network import concentration

    fmt = views.check_format(fmt, output)
    results = concentration(store_from(endpoint, store), commodity=commodity,
                            measure=measure, year=year)
    if not views.report(fmt, output, sheet="concentration", rows=views.conc_rows(results),
                        data=results, columns=views.CONC_COLUMNS):
        views.print_concentration(results, threshold=HIGHLY_CONCENTRATED)


def export_command(
    out: Annotated[Path, typer.Option("--output", "-o", help="File to write (csv: the "
                                      "prefix of NAME-elements.csv and NAME-connections.csv)."
                                      )],
    fmt: Annotated[str, typer.Option("--format", "-f", help="|".join(
        EXPORT_FORMATS + INTEROP_FORMATS))] = "graphml",
    measures: Annotated[str, typer.Option(
        "--measures", help="Centrality scores to attach, comma-separated.")
                        ] = ",".join(MEASURES),
    kinds: KindsOpt = None, as_of: AsOfOpt = None, backend: BackendOpt = None,
    jobs: JobsOpt = None, store: StoreOpt = None, endpoint: EndpointOpt = None,
) -> None:
    """Export the projected graph (kind, country, bloc, community, centrality scores) for
    Gephi (graphml, gexf), Kumu (csv) or NetworkX (json); or the data for other tools:
    BODS 0.4 ownership statements (bods), FollowTheMoney entities (ftm), JSON-LD (jsonld)."""
    if fmt.lower() in INTEROP_FORMATS:
        _export_interop(fmt.lower(), out, store_from(endpoint, store),
                        ignored=bool(kinds or as_of))
        return
    from ..network import annotate, export_graph

    G = _graph(endpoint, store, as_of, kinds)
    chosen = [m.strip() for m in measures.split(",") if m.strip()]
    files = export_graph(annotate(G, measures=chosen, backend=backend, jobs=jobs),
                         fmt.lower(), out)
    console.print(f"wrote {G.number_of_nodes():,} nodes and {G.number_of_edges():,} edges "
                  f"(as of {G.graph['as_of']}) to " + ", ".join(map(str, files)))


def _export_interop(fmt: str, out: Path, st, *, ignored: bool) -> None:
    from ..interop.export import export_interop

    if ignored:
        console.print(f"note: --kinds and --as-of do not apply to {fmt}: it holds every "
                      "statement with its own dates")
    report = export_interop(st, fmt, out)
    console.print(f"wrote {report.written:,} {fmt} items to {report.path}")
    if report.left_out:
        console.print(f"left out {sum(report.left_out.values()):,} records that {fmt} does "
                      "not hold:")
        for reason, n in sorted(report.left_out.items(), key=lambda kv: (-kv[1], kv[0])):
            console.print(f"  {n:>4}  {reason}")


def register(app: typer.Typer) -> None:
    app.command("rank")(rank_command)
    app.command("paths")(paths_command)
    app.command("offtake")(offtake_command)
    app.command("blocs")(blocs_command)
    app.command("concentration")(concentration_command)
    app.command("export")(export_command)
