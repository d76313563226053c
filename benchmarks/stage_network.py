"""Stage 4 — projection and every centrality measure at about 1k, 10k and 100k nodes: the
product's defaults (sampled betweenness above its threshold), exact betweenness by NetworkX and
by igraph, the top-20 agreement of sampled against exact, the nx-parallel backend where it is
installed, and ``influence_paths`` with k = 5.

The stores here are made by a faster path than stage 1's (records validated from the generated
dicts, their triples written as N-Triples and bulk-loaded): the same triples the build writes
to the store's default graph, without the YAML parse and the TriG file, so that 100k nodes fit
in the time budget. Each measure runs under a time limit; a measure past it is "> limit".
"""

from __future__ import annotations

import pickle
import shutil
import statistics
import time
from pathlib import Path

from context import Context, StageReport, Table, module_available
from timing import Stat, emit, fmt_mb, fmt_s, ready, run_child, stream_child

KEY, TITLE = "network", "Stage 4 — Network: projection, centrality, paths"
NODES_PER_ACTOR = 1.135  # projected nodes per generated actor (actors + sites + …), measured
FULL_NODES = [1_000, 10_000, 100_000]
QUICK_NODES = [300]
LIMIT_S = {1_000: 60.0, 10_000: 120.0, 100_000: 60.0}  # per measure run, by size
PROJECT_LIMIT_S = 900.0
SINGLE_RUN_OVER_S = 10.0
EXACT_MAX_NODES = 20_000  # exact betweenness/closeness are O(n·m): not run beyond (as the product)
TOP = 20
GOAL_S, GOAL_AGREEMENT, GOAL_NODES = 10.0, 0.9, 10_000
PATH_PAIRS = 5


def missing(ctx: Context) -> str | None:
    for name in ("mineralgraph.network.projection", "mineralgraph.network.centrality",
                 "mineralgraph.network.paths"):
        if not module_available(name):
            return f"{name} has not landed"
    return None


# -- children -------------------------------------------------------------------------------
def _top(scores: dict[str, float], n: int = 50) -> list[list]:
    return [[node, scores[node]] for node in sorted(scores, key=lambda k: (-scores[k], k))[:n]]


def _path_pairs(G, count: int) -> list[tuple[str, str]]:
    """Deterministic source → target pairs 3–5 hops apart, from the best-connected nodes."""
    import networkx as nx
    from mineralgraph.network import influence_graph

    D = influence_graph(G)
    sources = sorted(D.nodes, key=lambda n: (-D.out_degree(n), n))[:count * 4]
    pairs = []
    for s in sources:
        far = nx.single_source_shortest_path_length(D, s, cutoff=5)
        targets = sorted(t for t, d in far.items()
                         if d >= 3 and G.nodes[t].get("category") == "site")
        if targets:
            pairs.append((s, targets[len(targets) // 2]))
        if len(pairs) == count:
            break
    return pairs


def _measure(item: str, G, runs: int) -> dict:
    """Time one item on the projection; return its timings and, for rankings, the top."""
    from mineralgraph.errors import MineralgraphError
    from mineralgraph.network.centrality import centrality
    from mineralgraph.network.paths import influence_paths

    if item == "paths":
        pairs = _path_pairs(G, PATH_PAIRS)
        times, found = [], 0
        for s, t in pairs:
            for _ in range(runs):
                t0 = time.perf_counter()
                res = influence_paths(G, s, t, k=5)
                times.append(time.perf_counter() - t0)
            found += len(res.paths)
        return {"times": times, "pairs": len(pairs), "paths_found": found}
    measure, _, variant = item.partition(":")
    kwargs = VARIANTS[variant]
    times: list[float] = []
    how = ""
    for _ in range(runs):
        t0 = time.perf_counter()
        try:
            scores, how = centrality(G, measure, **kwargs)
        except MineralgraphError as exc:  # e.g. closeness refused at 100k nodes
            return {"times": times, "refused": str(exc)[:300]}
        times.append(time.perf_counter() - t0)
        if times[-1] > SINGLE_RUN_OVER_S:
            break
    return {"times": times, "how": how, "top": _top(scores)}


def network_items(store_dir: str, pickle_path: str, items: list[str], runs: int,
                  start: int = 0) -> dict:
    """Item 0 is the projection (timed, then pickled for restarts); the rest are measures."""
    from mineralgraph.network import project
    from mineralgraph.store import EmbeddedStore

    G = None
    if start > 0:
        with open(pickle_path, "rb") as fh:
            G = pickle.load(fh)
    ready()
    for i in range(start, len(items)):
        if items[i] == "project":
            t0 = time.perf_counter()
            store = EmbeddedStore(store_dir)  # as the commands open it (auto: in memory)
            opened = (time.perf_counter() - t0, store.in_memory)
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                G = project(store)
                times.append(time.perf_counter() - t0)
                if times[-1] > SINGLE_RUN_OVER_S:
                    break
            with open(pickle_path, "wb") as fh:
                pickle.dump(G, fh, protocol=pickle.HIGHEST_PROTOCOL)
            emit(i, {"times": times, "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                     "open_s": opened[0], "in_memory": opened[1]})
        else:
            emit(i, _measure(items[i], G, runs))
    return {}


# -- the stage ------------------------------------------------------------------------------
# How each variant calls ``centrality``: "" is the product's default (backend auto: NetworkX,
# with igraph's exact betweenness and closeness between its NetworkX and igraph size limits).
VARIANTS: dict[str, dict] = {
    "": {},
    "sampled": {"backend": "networkx", "exact_max": 0},  # 256 seeded pivots, any size
    "exact": {"backend": "networkx", "exact_max": 10**9},
    "networkx": {"backend": "networkx", "exact_max": 10**9},
    "igraph": {"backend": "igraph"},
    "parallel": {"backend": "parallel", "exact_max": 0},
}


def _items(nodes: int, parallel: bool) -> list[str]:
    items = ["project", "pagerank", "degree", "eigenvector", "closeness", "betweenness",
             "betweenness:sampled"]
    if nodes <= EXACT_MAX_NODES:
        items += ["betweenness:igraph", "betweenness:exact", "closeness:networkx"]
    if parallel:
        items.append("betweenness:parallel")
    return items + ["paths"]


def _skip(item: str, nodes: int, limit: float, before: dict[str, tuple[int, float]]
          ) -> str | None:
    """Why an item is not run at this size: even linear growth from the previous size would
    pass the limit (every measure here grows at least linearly), so the run would only
    confirm a lower bound while costing the limit."""
    if item in ("project", "paths") or item not in before:
        return None
    n0, t0 = before[item]
    expected = t0 * nodes / n0
    if expected > limit:
        return f"not run: ≥ {fmt_s(expected)} (linear from {fmt_s(t0)} at {n0:,} nodes)"
    return None


LABELS = {
    "project": "projection (store → MultiDiGraph)",
    "pagerank": "PageRank", "degree": "degree", "eigenvector": "eigenvector",
    "closeness": "closeness, product default",
    "betweenness": "betweenness, product default",
    "betweenness:sampled": "betweenness sampled, 256 pivots (NetworkX)",
    "betweenness:igraph": "betweenness exact, igraph",
    "betweenness:exact": "betweenness exact, NetworkX",
    "closeness:networkx": "closeness exact, NetworkX",
    "betweenness:parallel": "betweenness sampled, 256 pivots, nx-parallel backend",
    "paths": f"influence_paths k=5 ({PATH_PAIRS} source → site pairs 3–5 hops apart)",
}


def _agreement(a: list[list], b: list[list]) -> float:
    return len({n for n, _ in a[:TOP]} & {n for n, _ in b[:TOP]}) / TOP


def _parallel_status() -> tuple[bool, str]:
    """Whether nx-parallel is usable here; if not, what happens when one tries."""
    try:
        from mineralgraph.network.backends import installed_backends
    except ImportError as exc:
        return False, f"cannot check: {exc}"
    if "parallel" not in installed_backends():
        return False, ("nx-parallel is not installed in this environment (`pip install "
                       "'mineralgraph[parallel]'`; on Python 3.11 that pins nx-parallel 0.3 "
                       "with networkx 3.4.2)")
    return True, "installed"


def run(ctx: Context) -> StageReport:
    rep = StageReport(KEY, TITLE)
    parallel, why = _parallel_status()
    if not parallel:
        rep.notes.append(f"nx-parallel: {why}.")
    targets = QUICK_NODES if ctx.quick else FULL_NODES
    table = Table("Time per measure (median of runs, min–max; n=1 when a run took over "
                  f"{SINGLE_RUN_OVER_S:.0f} s; \"> T\" past the time limit)",
                  ["measure"], [])
    agree = Table(f"Top-{TOP} agreement of betweenness rankings with exact betweenness "
                  "(NetworkX exact where run, else igraph exact)",
                  ["nodes", "variant (how the product computed it)", "agreement", "time"], [])
    sizes = Table("Graphs", ["target nodes", "actors generated", "records", "triples",
                             "store made in", "store opened in (not in the projection time)",
                             "nodes", "edges", "peak memory"], [])
    by_item: dict[str, list[str]] = {}
    facts: dict[int, dict] = {}
    before: dict[str, tuple[int, float]] = {}  # item → (nodes, seconds) at the last size
    for column, target in enumerate(targets):
        actors = max(100, round(target / NODES_PER_ACTOR))
        out = ctx.work / f"net-{actors}-s{ctx.seed}"
        made = run_child("fast_store:make_store",
                         {"actors": actors, "seed": ctx.seed, "out_dir": str(out)},
                         timeout=3600)
        limit = LIMIT_S.get(target, 60.0 if ctx.quick else 150.0)
        planned = _items(target, parallel)
        skipped = {i: why for i in planned if (why := _skip(i, target, limit, before))}
        items = [i for i in planned if i not in skipped]
        results, peak = stream_child(
            "stage_network:network_items",
            {"store_dir": str(out / "store"), "pickle_path": str(out / "projection.pickle"),
             "items": items, "runs": ctx.runs},
            count=len(items), item_timeout=[PROJECT_LIMIT_S] + [limit] * (len(items) - 1))
        proj = results[0]
        nodes = proj.get("nodes")
        table.headers.append(f"{nodes or target:,} nodes")
        sizes.rows.append([f"{target:,}", f"{actors:,}", f"{made['records']:,}",
                           f"{made['triples']:,}", fmt_s(made["seconds"]),
                           (f"{fmt_s(proj['open_s'])} ("
                            f"{'into memory' if proj.get('in_memory') else 'on disk'})")
                           if proj.get("open_s") is not None else "–",
                           f"{nodes:,}" if nodes else "–",
                           f"{proj['edges']:,}" if proj.get("edges") else "–", fmt_mb(peak)])
        size_facts = facts[nodes or target] = {"predicted": set()}
        for item, why in skipped.items():  # a lower bound from linear growth
            n0, t0 = before[item]
            size_facts[item] = t0 * target / n0
            size_facts["predicted"].add(item)
        cells = dict(skipped)
        for item, res in zip(items, results):
            if res.get("timed_out"):
                cells[item] = f"> {fmt_s(limit)}"
                size_facts[item] = float("inf")
                before[item] = (nodes or target, limit)
            elif res.get("refused"):
                cells[item] = "refused: " + res["refused"].split(";")[0]
                size_facts[item] = None
            elif res.get("times"):
                stat = Stat.of(res["times"])
                cells[item] = str(stat) + (f", {res['paths_found']} paths"
                                           if item == "paths" else "")
                size_facts[item] = stat.median
                before[item] = (nodes or target, stat.median)
        for item in planned:
            by_item.setdefault(item, ["not run"] * column).append(cells.get(item, "–"))
        for item in by_item:
            by_item[item] += ["not run"] * (column + 1 - len(by_item[item]))
        _agreements(agree, nodes or target, items, results, size_facts, rep)
        shutil.rmtree(out, ignore_errors=True)
    width = len(table.headers) - 1
    for item, cells in by_item.items():
        table.rows.append([LABELS.get(item, item)] + cells + ["not run"] * (width - len(cells)))
    rep.tables += [sizes, table, agree]
    rep.notes.append(f"Exact betweenness and closeness are not run above {EXACT_MAX_NODES:,} "
                     "nodes: they cost O(n·m) (see the 10k column), and the product refuses "
                     "or samples them there too. \"Product default\" is `centrality(G, "
                     "measure)` as `mineralgraph rank` calls it.")
    rep.notes.append("Peak memory is the largest of the measuring processes (projection and "
                     "measures); a process stopped at the time limit does not report its own.")
    _verdict(rep, facts)
    return rep


def _agreements(agree: Table, nodes: int, items: list[str], results: list[dict],
                facts: dict, rep: StageReport) -> None:
    found = {item: res for item, res in zip(items, results) if res.get("top")}
    reference = found.get("betweenness:exact") or found.get("betweenness:igraph")
    if reference is None:
        agree.rows.append([f"{nodes:,}", "–", "no exact reference run at this size", "–"])
        return
    nx_exact, ig_exact = found.get("betweenness:exact"), found.get("betweenness:igraph")
    if nx_exact and ig_exact:
        diff = max(abs(a[1] - b[1]) for a, b in zip(nx_exact["top"], ig_exact["top"]))
        same = [a[0] for a in nx_exact["top"][:TOP]] == [b[0] for b in ig_exact["top"][:TOP]]
        rep.notes.append(f"At {nodes:,} nodes NetworkX exact and igraph exact betweenness: "
                         f"largest difference over the top 50 {diff:.1e}; same top {TOP}: "
                         f"{'yes' if same else 'no'}.")
    for item in ("betweenness", "betweenness:sampled", "betweenness:parallel"):
        if item in found:
            value = _agreement(found[item]["top"], reference["top"])
            facts[f"agreement {item}"] = value
            agree.rows.append([f"{nodes:,}", f"{LABELS[item]} ({found[item].get('how', '')})",
                               f"{value:.2f}", fmt_s(statistics.median(found[item]["times"]))])


def _verdict(rep: StageReport, facts: dict[int, dict]) -> None:
    if not facts:
        return
    near = min(facts, key=lambda n: abs(n - GOAL_NODES))
    f = facts[near]
    measures = ["pagerank", "degree", "eigenvector", "closeness", "betweenness"]
    over = [m for m in measures if m in f and f[m] is not None and f[m] > GOAL_S]
    refused = [m for m in measures if m in f and f[m] is None]
    timing = ("every measure within 10 s" if not over else
              "over 10 s: " + ", ".join(f"{m} ({_seconds(f[m], m in f['predicted'])})"
                                        for m in over))
    if refused:
        timing += "; refused: " + ", ".join(refused)
    agreement = f.get("agreement betweenness")
    sampled = f.get("agreement betweenness:sampled")
    agree_text = (f"top-{TOP} agreement of the default betweenness with exact {agreement:.2f}"
                  if agreement is not None else "agreement not measured")
    if sampled is not None:
        agree_text += f" (NetworkX sampled with 256 pivots: {sampled:.2f})"
    met = not over and not refused and agreement is not None and agreement >= GOAL_AGREEMENT
    rep.headlines.append(
        f"Network measures at {near:,} nodes with the product defaults: {timing}; {agree_text} "
        f"(goal: each ≤ {GOAL_S:.0f} s with agreement ≥ {GOAL_AGREEMENT}: "
        f"{'met' if met else 'NOT met'}).")
    bends = []
    for nodes in sorted(facts):
        row = facts[nodes]
        slow = [f"{m} ({_seconds(row[m], m in row['predicted'])})" for m in measures
                if m in row and row[m] is not None and row[m] > GOAL_S]
        no = [m for m in measures if m in row and row[m] is None]
        parts = ([f"{', '.join(slow)} over 10 s"] if slow else []) + (
            [f"{', '.join(no)} refused"] if no else [])
        if parts:
            bends.append(f"at {nodes:,} nodes " + " and ".join(parts))
    rep.bends.append(
        ("; ".join(bends) if bends else "every measure stays under 10 s at every size")
        + ". What to switch on: exact betweenness and closeness through igraph up to 20,000 "
        "nodes (the `auto` backend does it), sampled betweenness beyond, nx-parallel only on "
        "machines with more than two cores, and PageRank or degree for whole-graph rankings "
        "at 100k nodes.")


def _seconds(value: float | None, predicted: bool = False) -> str:
    if value is None:
        return "not run"
    if predicted:
        return f"≥ {fmt_s(value)} by linear growth, not run"
    return "past the time limit" if value == float("inf") else fmt_s(value)
