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
        if candidates:
            emit(i, {"params": to_json(candidates[0]), "tried": 0}, final=False)
        chosen = next((c for c in candidates if answers(nq, c, store)), None)
        emit(i, {"params": to_json(chosen if chosen is not None else
                                   (candidates[0] if candidates else {})),
                 "answers": chosen is not None})
    return {}


def store_queries(store_dir: str, queries: list[dict], runs: int, start: int = 0) -> dict:
    """Each query up to ``runs`` times through ``run_query`` on the embedded store."""
    from mineralgraph.query import parse_query, run_query
    from mineralgraph.store import EmbeddedStore
    from query_params import from_json

    store = EmbeddedStore(store_dir)
    ready()
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
        emit(i, {"times": times, "rows": rows, "error": error})
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


def run(ctx: Context) -> StageReport:
    from query_params import shown, from_json

    rep = StageReport(KEY, TITLE)
    limit = ctx.baseline_timeout
    summary = Table("Median ratio rdflib ÷ embedded store, per size (over queries both engines "
                    "answered or one answered within the limit)",
                    ["actors", "triples", "group", "queries", "median ratio", "min", "max",
                     "rdflib over limit", "store over limit", "row counts differ",
                     "store memory", "rdflib memory"], [])
    medians: dict[int, dict[str, tuple[float, str]]] = {}
    slow: dict[int, list[str]] = {}  # queries over a second on the embedded store
    for actors in ctx.sizes:
        built = ctx.build(actors)
        payload = prepared(ctx, actors)
        groups = {item["name"]: item["group"] for item in payload}
        ours, ours_mb = stream_child(
            "stage_query:store_queries",
            {"store_dir": str(built.store_dir), "queries": payload, "runs": ctx.runs},
            count=len(payload), item_timeout=limit)
        base, base_mb = stream_child(
            "stage_query:rdflib_queries",
            {"nt_path": str(built.nt_path), "queries": payload, "runs": ctx.runs,
             "timeout": limit},
            count=len(payload), item_timeout=limit + 30)
        parse_s = next((b["parse_s"] for b in base if "parse_s" in b), None)
        table = Table(f"{actors:,} actors, {built.triples:,} triples (rdflib parse "
                      f"{fmt_s(parse_s) if parse_s else '–'}; limit {limit:.0f} s per query "
                      "run on either engine)",
                      ["query", "group", "parameters", "rows", "embedded store", "rdflib",
                       "ratio"], [])
        ratios: dict[str, list[tuple[float, str]]] = {}
        counts: dict[tuple[str, str], int] = {}
        for item, o, b in zip(payload, ours, base):
            name, group = item["name"], groups[item["name"]]
            params = shown(from_json(item["params"]))
            o_stat, b_stat = _stat(o, limit), _stat(b, limit)
            for engine, res in (("store", o), ("rdflib", b)):
                if res.get("timed_out"):
                    counts[group, engine] = counts.get((group, engine), 0) + 1
            if o_stat is None or b_stat is None:
                failed = [f"{e} error: {r.get('error') or 'no result'}" for e, r, st in
                          (("store", o, o_stat), ("rdflib", b, b_stat)) if st is None]
                table.rows.append([name, group, params, str(o.get("rows", "–")),
                                   str(o_stat or "–"), str(b_stat or "–"), "; ".join(failed)])
                continue
            if o_stat.median >= 1.0:
                slow.setdefault(actors, []).append(name)
            ctx.facts.setdefault("store query s", {}).setdefault(  # type: ignore[union-attr]
                actors, {})[name] = None if o_stat.lower_bound else o_stat.median
            rows = str(o.get("rows", "–"))
            if not (o.get("timed_out") or b.get("timed_out")) and b.get("rows") != o.get("rows"):
                rows = f"{o.get('rows')} ≠ {b.get('rows')}"
                counts[group, "differ"] = counts.get((group, "differ"), 0) + 1
            r = _ratio(b_stat, o_stat)
            if r is not None:
                ratios.setdefault(group, []).append(r)
            table.rows.append([name, group, params, rows, str(o_stat), str(b_stat),
                               f"{r[1]} {_x(r[0])}".strip() if r else "both over limit"])
        rep.tables.append(table)
        medians[actors] = {}
        for group, values in ratios.items():
            med = statistics.median(v for v, _ in values)
            kinds = {k for _, k in values if k}
            mark = "≥" if kinds == {"≥"} else "≈" if kinds else ""
            medians[actors][group] = (med, mark)
            summary.rows.append([
                f"{actors:,}", f"{built.triples:,}", group, str(len(values)),
                f"{mark} {_x(med)}".strip(), _x(min(v for v, _ in values)),
                _x(max(v for v, _ in values)), str(counts.get((group, "rdflib"), 0)),
                str(counts.get((group, "store"), 0)), str(counts.get((group, "differ"), 0)),
                fmt_mb(ours_mb), fmt_mb(base_mb)])
    rep.tables.insert(0, summary)
    rep.notes += [
        "Ratio marks: \"≥\" rdflib passed the limit (so the ratio is at least this); \"≤\" the "
        "embedded store passed it (at most this); a median is \"≥\" when every bound in it is "
        "a lower bound and \"≈\" when bounds of both kinds are mixed in.",
        "\"rows a ≠ b\": the embedded store returned a rows and rdflib b — the two engines "
        "disagree on that query.",
        "Parameters: required entity parameters are bound to the best-connected entity of a "
        "fitting kind for which the query answers (searched for up to "
        f"{min(CHOOSE_LIMIT_S, limit):.0f} s, else the first candidate); optional ones stay unbound "
        "(\"any\"). Both engines get the same terms.",
        f"A run slower than {SINGLE_RUN_OVER_S:.0f} s is not repeated (n=1)."]
    _headline(rep, ctx, medians, slow)
    return rep


def _headline(rep: StageReport, ctx: Context, medians: dict,
              slow: dict[int, list[str]]) -> None:
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
    rep.headlines.append(
        f"Named queries at {triples:,} triples: the embedded store is {mark} {_x(med)} "
        f"faster than rdflib in memory (median over queries; goal ≥ {GOAL_RATIO:.0f}× at ≥ 1M "
        f"triples: {verdict}).".replace("  ", " "))
    slow_here = slow.get(largest, [])
    if slow_here:
        text = (f"{len(slow_here)} named or representative queries take over a second on the "
                f"embedded store at {triples:,} triples ({', '.join(sorted(slow_here))}); "
                "the others answer interactively")
    else:
        text = f"Every query answers within a second on the embedded store at {triples:,} triples"
    rep.bends.append(text + "; rdflib in memory stops being interactive far earlier (see the "
                     "ratios). Past one machine's memory, or for many users at once, point "
                     "`--endpoint` at a SPARQL server (Oxigraph server, QLever, Virtuoso) "
                     "holding the same dataset.")
