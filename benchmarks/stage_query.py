"""Stage 2 — every named query on the embedded store (in memory, the default, and on disk)
vs the same query on a plain rdflib in-memory Graph of the same triples, with the same
parameter values; ratio per query and the median ratio per size. A few representative queries of our own (``benchmarks/queries/``:
a join, a transitive path, GROUP BY, OPTIONAL + regex) run beside them."""

from __future__ import annotations

import signal
import statistics
import time
from pathlib import Path

from context import Context, StageReport, Table, module_available
from timing import Stat, emit, fmt_mb, fmt_s, ratio, ready, stream_child

KEY, TITLE = "query", "Stage 2 — Named queries: embedded store vs rdflib in-memory"
OWN_QUERIES = Path(__file__).resolve().parent / "queries"
SINGLE_RUN_OVER_S = 5.0  # a query slower than this runs once (either engine)
CHOOSE_LIMIT_S = 20.0  # time to find parameters for which a query answers
GOAL_RATIO, GOAL_TRIPLES = 20.0, 1_000_000


def missing(ctx: Context) -> str | None:
    if not module_available("mineralgraph.query"):
        return "mineralgraph.query (named queries) has not landed"
    return None


# -- children (streamed: one result per query, each under the time limit) -------------------
def choose(store_dir: str, queries: list[dict], start: int = 0) -> dict:
    """Parameters per query: the first candidate binding for which the query answers."""
    from mineralgraph.query import parse_query
    from mineralgraph.store import EmbeddedStore
    from query_params import answers, options, to_json

    store = EmbeddedStore(store_dir)
    ready()
    for i in range(start, len(queries)):
        nq = parse_query(queries[i]["text"], name=queries[i]["name"])
        candidates = options(nq, store)
        if len(candidates) <= 1:  # nothing to choose: no need to run the query here
            emit(i, {"params": to_json(candidates[0] if candidates else {})})
            continue
        emit(i, {"params": to_json(candidates[0]), "tried": 0}, final=False)
        chosen = next((c for c in candidates if answers(nq, c, store)), None)
        emit(i, {"params": to_json(chosen if chosen is not None else
                                   (candidates[0] if candidates else {})),
                 "answers": chosen is not None})
    return {}


def _time_queries(store, queries: list[dict], runs: int, start: int,
                  extra: dict | None = None) -> None:
    """Each query up to ``runs`` times through ``run_query`` on ``store``, streamed."""
    from mineralgraph.query import parse_query, run_query
    from query_params import from_json

    for i in range(start, len(queries)):
        nq = parse_query(queries[i]["text"], name=queries[i]["name"])
        params = from_json(queries[i]["params"])
        times: list[float] = []
        rows, error = None, None
        for _ in range(runs):
            t = time.perf_counter()
            try:
                rows = len(run_query(nq, params=params, store=store))
            except Exception as exc:  # reported per query; the others still run
                error = f"{type(exc).__name__}: {exc}"[:200]
                break
            times.append(time.perf_counter() - t)
            emit(i, {"times": times, "rows": rows}, final=False)
            if times[-1] > SINGLE_RUN_OVER_S:
                break
        emit(i, {"times": times, "rows": rows, "error": error, **(extra or {})})


def store_queries(store_dir: str, queries: list[dict], runs: int, start: int = 0) -> dict:
    """On disk: ``EmbeddedStore(memory=False)``, what `mineralgraph query` and ``run_query``
    without a store use for a single question."""
    from mineralgraph.store import EmbeddedStore

    store = EmbeddedStore(store_dir, memory=False)
    ready()
    _time_queries(store, queries, runs, start)
    return {}


def memory_queries(store_dir: str, queries: list[dict], runs: int, start: int = 0) -> dict:
    """The default embedded store of a session (``open_store()``, network, explorer, brief):
    the build loaded into in-memory Oxigraph when it opens; the opening is timed apart."""
    from mineralgraph.store import EmbeddedStore

    t0 = time.perf_counter()
    store = EmbeddedStore(store_dir, memory=True)
    load_s = time.perf_counter() - t0
    ready()
    _time_queries(store, queries, runs, start, {"load_s": load_s})
    return {}


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # noqa: ARG001 — signal handler signature
    raise _Timeout


def rdflib_queries(nt_path: str, queries: list[dict], runs: int, timeout: float,
                   start: int = 0) -> dict:
    """The same queries on ``rdflib.Graph`` with ``initBindings``; each run stopped after
    ``timeout`` seconds (rdflib evaluates in Python, so the alarm interrupts it)."""
    from rdflib import Graph, Literal, URIRef

    def rdf_term(d: dict):
        if d["type"] == "uri":
            return URIRef(d["value"])
        return Literal(d["value"], lang=d.get("lang"),
                       datatype=URIRef(d["datatype"]) if d.get("datatype") else None)

    t0 = time.perf_counter()
    g = Graph()
    g.parse(nt_path, format="nt")
    parse_s = time.perf_counter() - t0
    ready()
    signal.signal(signal.SIGALRM, _alarm)
    for i in range(start, len(queries)):
        q = queries[i]
        bindings = {k: rdf_term(v) for k, v in q["params"].items()}
        times: list[float] = []
        rows, error, timed_out = None, None, False
        for _ in range(runs):
            t = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                res = g.query(q["text"], initBindings=bindings)
                rows = 1 if res.type == "ASK" else len(list(res))
            except _Timeout:
                timed_out = True
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"[:200]
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if timed_out or error:
                break
            times.append(time.perf_counter() - t)
            emit(i, {"times": times, "rows": rows}, final=False)
            if times[-1] > SINGLE_RUN_OVER_S:
                break
        emit(i, {"times": times, "rows": rows, "error": error, "timed_out": timed_out,
                 "parse_s": parse_s})
    return {}


# -- the stage ------------------------------------------------------------------------------
def query_set() -> list[tuple[str, object]]:
    """(group, NamedQuery): the project's named queries, then our representative ones."""
    from mineralgraph.query import list_queries, load_query

    named = [("named", q) for q in list_queries()]
    own = [("representative", load_query(p)) for p in sorted(OWN_QUERIES.glob("*.rq"))]
    return named + own


def _stat(result: dict, limit: float) -> Stat | None:
    """Timings of one query on one engine; over the limit is a lower bound at the limit."""
    if result.get("timed_out"):
        return Stat.of([limit], lower_bound=True)
    if result.get("error") or not result.get("times"):
        return None
    return Stat.of(result["times"])


def _ratio(base: Stat, ours: Stat) -> tuple[float, str] | None:
    """(value, bound) of rdflib ÷ store; bound is "" (exact), "≥" or "≤"; None if unknown."""
    if base.lower_bound and ours.lower_bound:
        return None
    value = base.median / ours.median
    return value, "≥" if base.lower_bound else "≤" if ours.lower_bound else ""


def _x(value: float) -> str:
    return f"{value:,.0f}×" if value >= 10 else f"{value:.1f}×"


def prepared(ctx: Context, actors: int) -> list[dict]:
    """The query set with parameters chosen on this size's store (once per run):
    ``[{"name", "group", "text", "params"}]``."""
    cache: dict = ctx.facts.setdefault("prepared queries", {})  # type: ignore[assignment]
    if actors not in cache:
        built = ctx.build(actors)
        payload = [{"name": q.name, "group": g, "text": q.text} for g, q in query_set()]
        chosen, _ = stream_child("stage_query:choose",
                                 {"store_dir": str(built.store_dir), "queries": payload},
                                 count=len(payload),
                                 item_timeout=min(CHOOSE_LIMIT_S, ctx.baseline_timeout))
        for item, c in zip(payload, chosen):
            item["params"] = c.get("params", {})
        cache[actors] = payload
    return cache[actors]


# (key, column title): the default first, its ratio is the goal's
ENGINES = (("memory", "embedded store (default, in memory)"),
           ("disk", "on disk (`mineralgraph query`)"))


def _median_row(values: list[tuple[float, str]]) -> tuple[float, str, str]:
    """(median, mark, text): "≥" when every bound in it is a lower bound, "≈" when mixed."""
    med = statistics.median(v for v, _ in values)
    kinds = {k for _, k in values if k}
    mark = "≥" if kinds == {"≥"} else "≈" if kinds else ""
    return med, mark, f"{mark} {_x(med)}".strip()


def run(ctx: Context) -> StageReport:
    from query_params import shown, from_json

    rep = StageReport(KEY, TITLE)
    limit, base_limit = ctx.baseline_timeout, ctx.rdflib_timeout
    summary = Table("Median ratio rdflib ÷ mineralgraph per size, over the queries where at "
                    "least one engine answered within the limit",
                    ["actors", "triples", "group", "queries",
                     "embedded store (default, in memory): median", "min", "max",
                     "on disk: median", "over limit (memory / disk / rdflib)",
                     "row counts differ", "opening (memory)",
                     "peak memory (memory / disk / rdflib)"], [])
    medians: dict[int, dict[str, tuple[float, str]]] = {}
    slow: dict[int, dict[str, list[str]]] = {}  # queries over a second, per engine
    for actors in ctx.sizes:
        built = ctx.build(actors)
        payload = prepared(ctx, actors)
        args = {"queries": payload, "runs": ctx.runs, "store_dir": str(built.store_dir)}
        results, peak = {}, {}
        results["memory"], peak["memory"] = stream_child(
            "stage_query:memory_queries", args, count=len(payload), item_timeout=limit + 60)
        results["disk"], peak["disk"] = stream_child(
            "stage_query:store_queries", args, count=len(payload), item_timeout=limit)
        base, peak["rdflib"] = stream_child(
            "stage_query:rdflib_queries",
            {"queries": payload, "runs": ctx.runs, "nt_path": str(built.nt_path),
             "timeout": base_limit}, count=len(payload), item_timeout=base_limit + 30)
        parse_s = next((b["parse_s"] for b in base if "parse_s" in b), None)
        load_s = next((m["load_s"] for m in results["memory"] if "load_s" in m), None)
        table = Table(f"{actors:,} actors, {built.triples:,} triples (opening the embedded "
                      f"store into memory {fmt_s(load_s) if load_s else '–'}, rdflib parse "
                      f"{fmt_s(parse_s) if parse_s else '–'}; a query run is stopped after "
                      f"{limit:.0f} s on mineralgraph, {base_limit:.0f} s on rdflib)",
                      ["query", "group", "parameters", "rows", ENGINES[0][1], "rdflib",
                       "ratio", ENGINES[1][1], "ratio"], [])
        ratios: dict[tuple[str, str], list[tuple[float, str]]] = {}
        counts: dict[tuple[str, str], int] = {}
        for i, item in enumerate(payload):
            name, group = item["name"], item["group"]
            res = {e: results[e][i] for e, _ in ENGINES}
            b = base[i]
            b_stat = _stat(b, base_limit)
            cells = [name, group, shown(from_json(item["params"])),
                     str(res["memory"].get("rows", "–"))]
            rows = {e: r.get("rows") for e, r in (*res.items(), ("rdflib", b))
                    if not r.get("timed_out") and not r.get("error") and r.get("times")}
            if len(set(rows.values())) > 1:
                cells[3] = " ≠ ".join(f"{rows[e]} ({e})" for e in rows)
                counts[group, "differ"] = counts.get((group, "differ"), 0) + 1
            for engine, r in (*res.items(), ("rdflib", b)):
                if r.get("timed_out"):
                    counts[group, engine] = counts.get((group, engine), 0) + 1
            for engine, _ in ENGINES:
                stat = _stat(res[engine], limit)
                first = engine == ENGINES[0][0]
                if stat is None or b_stat is None:
                    why = res[engine].get("error") if stat is None else b.get("error")
                    cells += [str(stat or "–"), str(b_stat or "–") if first else None,
                              f"error: {why or 'no result'}"]
                else:
                    if stat.median >= 1.0:
                        slow.setdefault(actors, {}).setdefault(engine, []).append(name)
                    r = _ratio(b_stat, stat)
                    if r is not None:
                        ratios.setdefault((group, engine), []).append(r)
                    cells += [str(stat), str(b_stat) if first else None,
                              f"{r[1]} {_x(r[0])}".strip() if r else "all over limit"]
                if engine == "disk":  # the served endpoint (stage 3) reads the same disk
                    ctx.facts.setdefault("store query s", {}).setdefault(  # type: ignore
                        actors, {})[name] = None if stat is None or stat.lower_bound \
                        else stat.median
            table.rows.append([c for c in cells if c is not None])
        rep.tables.append(table)
        medians[actors] = {}
        for group in dict.fromkeys(item["group"] for item in payload):
            main, disk = ratios.get((group, "memory"), []), ratios.get((group, "disk"), [])
            if not main:
                continue
            med, mark, text = _median_row(main)
            medians[actors][group] = (med, mark)
            if disk:
                medians[actors][group + " on disk"] = _median_row(disk)[:2]
            summary.rows.append([
                f"{actors:,}", f"{built.triples:,}", group, str(len(main)), text,
                _x(min(v for v, _ in main)), _x(max(v for v, _ in main)),
                _median_row(disk)[2] if disk else "–",
                " / ".join(str(counts.get((group, e), 0)) for e in ("memory", "disk", "rdflib")),
                str(counts.get((group, "differ"), 0)), fmt_s(load_s) if load_s else "–",
                " / ".join(fmt_mb(peak[e]) for e in ("memory", "disk", "rdflib"))])
    rep.tables.insert(0, summary)
    rep.notes += [
        f"Limits: a query run is stopped after {limit:.0f} s on mineralgraph and after "
        f"{base_limit:.0f} s on rdflib"
        + (" (longer, so that fewer ratios are only bounds)" if base_limit > limit else "")
        + ". Ratio marks: \"≥\" rdflib passed its limit (so the ratio is at least this); \"≤\" "
        "mineralgraph passed its own (at most this); a median is \"≥\" when every bound in it "
        "is a lower bound and \"≈\" when bounds of both kinds are mixed in.",
        "\"a (memory) ≠ b (rdflib)\": the engines returned different numbers of rows for the "
        "same query and parameters.",
        "Both mineralgraph columns are `EmbeddedStore` over the same build, asked through "
        "`run_query`. The default (`open_store()`, and what network, explorer and brief use) "
        "loads the build into in-memory Oxigraph when it opens — up to 2M quads, "
        "`MINERALGRAPH_MEMORY_QUADS` — and that opening is timed apart (\"opening\"), not in "
        "the query times. `mineralgraph query` and `run_query` without a store ask one question "
        "and read the store on disk (RocksDB, read-only), where a single query is faster than "
        "loading first.",
        "Parameters: required entity parameters are bound to the best-connected entity of a "
        "fitting kind for which the query answers (searched for up to "
        f"{min(CHOOSE_LIMIT_S, limit):.0f} s, else the first candidate); optional ones stay "
        "unbound (\"any\"). Every engine gets the same terms, given as terms (the name lookup "
        "of the CLI is not timed).",
        f"A run slower than {SINGLE_RUN_OVER_S:.0f} s is not repeated (n=1)."]
    _headline(rep, ctx, medians, slow)
    return rep


def _headline(rep: StageReport, ctx: Context, medians: dict,
              slow: dict[int, dict[str, list[str]]]) -> None:
    if not medians:
        return
    largest = max(medians)
    triples = ctx.built[largest].triples
    med, mark = medians[largest].get("named", (None, ""))
    if med is None:
        return
    if triples >= GOAL_TRIPLES:
        verdict = "goal met" if med >= GOAL_RATIO else "goal NOT met"
    else:
        verdict = f"this run did not reach {GOAL_TRIPLES:,} triples"
    text = (f"Named queries at {triples:,} triples: the embedded store (default, in memory) "
            f"is {mark} {_x(med)} faster than rdflib in memory (median over queries; goal ≥ "
            f"{GOAL_RATIO:.0f}× at ≥ 1M triples: {verdict})").replace("  ", " ")
    disk = medians[largest].get("named on disk")
    if disk:
        text += (f"; on disk, as `mineralgraph query` reads it, {disk[1]} {_x(disk[0])}"
                 ).replace("  ", " ")
    rep.headlines.append(text + ".")
    over = slow.get(largest, {})
    mem, disk_slow = over.get("memory", []), over.get("disk", [])
    total = len(ctx.facts.get("store query s", {}).get(largest, {}))  # type: ignore
    text = (f"at {triples:,} triples {len(mem)} of {total} queries take over a second on the "
            f"embedded store in memory ({', '.join(sorted(mem)) or 'none'}), {len(disk_slow)} "
            "on disk")
    rep.bends.append(
        text + ". Past the auto limit (2M quads) the store stays on disk: raise "
        "`MINERALGRAPH_MEMORY_QUADS` if memory allows, or use a SPARQL server with enough "
        "memory (`--endpoint`); rewrite the queries that stay slow on every engine (see the "
        "per-query table).")
