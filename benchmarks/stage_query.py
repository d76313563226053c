"""Stage 2 — every named query on the embedded store vs the same query on a plain rdflib
in-memory Graph of the same triples, with the same parameter values; ratio per query and the
median ratio per size. A few representative queries of our own (``benchmarks/queries/``:
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
    """The product's path: the embedded store on disk (``EmbeddedStore``, read-only)."""
    from mineralgraph.store import EmbeddedStore

    store = EmbeddedStore(store_dir)
    ready()
    _time_queries(store, queries, runs, start)
    return {}


def memory_queries(nt_path: str, queries: list[dict], runs: int, start: int = 0) -> dict:
    """The same engine without the disk: the data triples bulk-loaded into an in-memory
    Oxigraph store, asked through the same ``run_query`` path (a diagnostic, not a product
    option: it tells whether the disk or the engine sets the embedded store's times)."""
    from mineralgraph.store import EmbeddedStore
    import pyoxigraph

    class InMemory(EmbeddedStore):
        def __init__(self) -> None:  # noqa: D107 — no folder: the store lives in memory
            self._ox = pyoxigraph
            self._store = pyoxigraph.Store()
            self.description = "in-memory Oxigraph"

    t0 = time.perf_counter()
    store = InMemory()
    store._store.bulk_load(path=nt_path, format=pyoxigraph.RdfFormat.N_TRIPLES)
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


ENGINES = (("store", "embedded store (disk)"), ("memory", "in-memory Oxigraph"))


def _median_row(values: list[tuple[float, str]]) -> tuple[float, str, str]:
    """(median, mark, text): "≥" when every bound in it is a lower bound, "≈" when mixed."""
    med = statistics.median(v for v, _ in values)
    kinds = {k for _, k in values if k}
    mark = "≥" if kinds == {"≥"} else "≈" if kinds else ""
    return med, mark, f"{mark} {_x(med)}".strip()


def run(ctx: Context) -> StageReport:
    from query_params import shown, from_json

    rep = StageReport(KEY, TITLE)
    limit = ctx.baseline_timeout
    summary = Table("Median ratio rdflib ÷ Oxigraph per size, over the queries where at least "
                    "one engine answered within the limit",
                    ["actors", "triples", "group", "queries", "embedded store (disk): median",
                     "min", "max", "in-memory Oxigraph: median", "over limit (disk / memory / "
                     "rdflib)", "row counts differ", "memory (disk / in-memory / rdflib)"], [])
    medians: dict[int, dict[str, tuple[float, str]]] = {}
    slow: dict[int, dict[str, list[str]]] = {}  # queries over a second, per engine
    for actors in ctx.sizes:
        built = ctx.build(actors)
        payload = prepared(ctx, actors)
        args = {"queries": payload, "runs": ctx.runs}
        ours, ours_mb = stream_child("stage_query:store_queries",
                                     {**args, "store_dir": str(built.store_dir)},
                                     count=len(payload), item_timeout=limit)
        mem, mem_mb = stream_child("stage_query:memory_queries",
                                   {**args, "nt_path": str(built.nt_path)},
                                   count=len(payload), item_timeout=limit)
        base, base_mb = stream_child("stage_query:rdflib_queries",
                                     {**args, "nt_path": str(built.nt_path), "timeout": limit},
                                     count=len(payload), item_timeout=limit + 30)
        parse_s = next((b["parse_s"] for b in base if "parse_s" in b), None)
        load_s = next((m["load_s"] for m in mem if "load_s" in m), None)
        table = Table(f"{actors:,} actors, {built.triples:,} triples (rdflib parse "
                      f"{fmt_s(parse_s) if parse_s else '–'}, in-memory Oxigraph load "
                      f"{fmt_s(load_s) if load_s else '–'}; limit {limit:.0f} s per query run "
                      "on every engine)",
                      ["query", "group", "parameters", "rows", "embedded store (disk)",
                       "rdflib", "ratio", "in-memory Oxigraph", "ratio"], [])
        ratios: dict[tuple[str, str], list[tuple[float, str]]] = {}
        counts: dict[tuple[str, str], int] = {}
        for item, o, m, b in zip(payload, ours, mem, base):
            name, group = item["name"], item["group"]
            b_stat = _stat(b, limit)
            cells = [name, group, shown(from_json(item["params"])), str(o.get("rows", "–"))]
            rows = {e: r.get("rows") for e, r in (("store", o), ("memory", m), ("rdflib", b))
                    if not r.get("timed_out") and not r.get("error") and r.get("times")}
            if len(set(rows.values())) > 1:
                cells[3] = " ≠ ".join(f"{rows[e]} ({e})" for e in rows)
                counts[group, "differ"] = counts.get((group, "differ"), 0) + 1
            for engine, res in (("store", o), ("memory", m), ("rdflib", b)):
                if res.get("timed_out"):
                    counts[group, engine] = counts.get((group, engine), 0) + 1
            for engine, res in (("store", o), ("memory", m)):
                stat = _stat(res, limit)
                if stat is None or b_stat is None:
                    why = res.get("error") if stat is None else b.get("error")
                    cells += [str(stat or "–"), str(b_stat or "–") if engine == "store" else None,
                              f"error: {why or 'no result'}"]
                else:
                    if stat.median >= 1.0:
                        slow.setdefault(actors, {}).setdefault(engine, []).append(name)
                    r = _ratio(b_stat, stat)
                    if r is not None:
                        ratios.setdefault((group, engine), []).append(r)
                    cells += [str(stat), str(b_stat) if engine == "store" else None,
                              f"{r[1]} {_x(r[0])}".strip() if r else "all over limit"]
                if engine == "store":
                    ctx.facts.setdefault("store query s", {}).setdefault(  # type: ignore
                        actors, {})[name] = None if stat is None or stat.lower_bound \
                        else stat.median
            table.rows.append([c for c in cells if c is not None])
        rep.tables.append(table)
        medians[actors] = {}
        for group in dict.fromkeys(item["group"] for item in payload):
            disk, memory = ratios.get((group, "store"), []), ratios.get((group, "memory"), [])
            if not disk:
                continue
            med, mark, text = _median_row(disk)
            medians[actors][group] = (med, mark)
            if memory:
                medians[actors][group + " in memory"] = _median_row(memory)[:2]
            summary.rows.append([
                f"{actors:,}", f"{built.triples:,}", group, str(len(disk)), text,
                _x(min(v for v, _ in disk)), _x(max(v for v, _ in disk)),
                _median_row(memory)[2] if memory else "–",
                " / ".join(str(counts.get((group, e), 0)) for e in ("store", "memory", "rdflib")),
                str(counts.get((group, "differ"), 0)),
                " / ".join(fmt_mb(x) for x in (ours_mb, mem_mb, base_mb))])
    rep.tables.insert(0, summary)
    rep.notes += [
        "Ratio marks: \"≥\" rdflib passed the limit (so the ratio is at least this); \"≤\" "
        "Oxigraph passed it (at most this); a median is \"≥\" when every bound in it is a "
        "lower bound and \"≈\" when bounds of both kinds are mixed in.",
        "\"a (store) ≠ b (rdflib)\": the engines returned different numbers of rows for the "
        "same query and parameters.",
        "The embedded store is what mineralgraph uses (`EmbeddedStore`, Oxigraph on disk, "
        "read-only). The in-memory Oxigraph store is the same engine with the same triples "
        "held in memory, asked through the same `run_query`: it shows how much of the time is "
        "the disk.",
        "Parameters: required entity parameters are bound to the best-connected entity of a "
        "fitting kind for which the query answers (searched for up to "
        f"{min(CHOOSE_LIMIT_S, limit):.0f} s, else the first candidate); optional ones stay "
        "unbound (\"any\"). Every engine gets the same terms.",
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
    text = (f"Named queries at {triples:,} triples: the embedded store is {mark} {_x(med)} "
            f"faster than rdflib in memory (median over queries; goal ≥ {GOAL_RATIO:.0f}× at "
            f"≥ 1M triples: {verdict})").replace("  ", " ")
    in_memory = medians[largest].get("named in memory")
    if in_memory:
        text += (f"; the same engine in memory is {in_memory[1]} {_x(in_memory[0])} faster"
                 ).replace("  ", " ")
    rep.headlines.append(text + ".")
    over = slow.get(largest, {})
    disk, memory = over.get("store", []), over.get("memory", [])
    total = len(ctx.facts.get("store query s", {}).get(largest, {}))  # type: ignore
    text = (f"at {triples:,} triples {len(disk)} of {total} queries take over a second on the "
            f"embedded store ({', '.join(sorted(disk)) or 'none'}), {len(memory)} in memory")
    rep.bends.append(
        text + ". For interactive questions at that size keep the store in memory or on a "
        "SPARQL server with enough memory (`--endpoint`), and rewrite the queries that stay "
        "slow on every engine (see the per-query table).")
