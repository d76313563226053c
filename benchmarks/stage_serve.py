"""Stage 3 — the named queries over HTTP against ``mineralgraph serve`` (the guard in front of
its default engine: in-memory query workers while the graph fits), on loopback: latency
p50/p95 per query with one client, then throughput and latency with 1, 8 and 50 concurrent
clients on a mix of entity lookups. Oxigraph's own server over the same store, without the
guard, is measured beside it on the same mix; the ratio of the two at 50 clients is the
issue's goal (≥ 0.85). The endpoint's start time and the engine processes' memory are
reported. Bounded in requests and time."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time

from context import Context, StageReport, Table, module_available
from timing import fmt_mb, fmt_s, run_child

KEY, TITLE = "serve", "Stage 3 — Served endpoint over HTTP (loopback)"
LATENCY_REPEATS = 5
CONCURRENCY = (1, 8, 50)
LEVEL_SECONDS, LEVEL_MAX_REQUESTS = 8.0, 2000
SLOW_QUERY_S = 2.0  # a query slower than this over HTTP is asked once, not LATENCY_REPEATS
QUICK_LEVEL_SECONDS, QUICK_MAX_REQUESTS, QUICK_REPEATS = 1.0, 50, 2
MIX_MAX_STORE_S = 0.5  # the throughput mix: lookups the embedded store answers within this
RATIO_GOAL = 0.85  # issue 16: guard throughput / Oxigraph server alone, 50 clients


def missing(ctx: Context) -> str | None:
    if not module_available("mineralgraph.serve"):
        return "`mineralgraph serve` (mineralgraph.serve) has not landed"
    return None


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


# -- child ----------------------------------------------------------------------------------
def _start_guard(store_dir: str, timeout_s: float) -> tuple[subprocess.Popen, str, dict]:
    """``python -m mineralgraph serve`` on a free loopback port; wait until it answers. Also
    how long that took and the resident memory of its engine processes."""
    import httpx
    from mineralgraph.serve import free_port

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mineralgraph", "serve", "--store", store_dir, "--host",
         "127.0.0.1", "--port", str(port), "--timeout-s", str(timeout_s), "--quiet"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True)
    url = f"http://127.0.0.1:{port}/query"
    t0 = time.perf_counter()
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"mineralgraph serve exited: {proc.stderr.read()[-500:]!r}")
        try:
            httpx.get(url, params={"query": "ASK {}"}, timeout=2.0)
            return proc, url, {"start_s": time.perf_counter() - t0, **_engines_mb(proc.pid)}
        except httpx.HTTPError:
            time.sleep(0.1)
    _stop(proc)
    raise RuntimeError("mineralgraph serve did not answer within 600 s")


def _engines_mb(pid: int) -> dict:
    """The engine processes under ``pid`` (query workers or the Oxigraph server): how many,
    their command, and their resident memory in MB."""
    from pathlib import Path

    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) != pid:
                continue
            cmd = (stat.parent / "cmdline").read_text()
            pages = int((stat.parent / "statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        kind = "query worker" if "engine_worker" in cmd else "oxigraph server" \
            if "oxigraph" in cmd else None
        if kind:
            found.append((kind, pages * os.sysconf("SC_PAGE_SIZE") / 1e6))
    return {"engines": len(found), "engine_kind": found[0][0] if found else "none",
            "engine_mb": [mb for _, mb in found]}


def _disk_seconds(store_dir: str, bodies: list[str]) -> list[float]:
    """Each query once on the store on disk (what stage 2 measures, when it has not run), in a
    child process stopped past twice ``MIX_MAX_STORE_S`` (then ``inf``)."""
    import multiprocessing

    out = []
    for body in bodies:
        parent, child = multiprocessing.Pipe()
        proc = multiprocessing.Process(target=_time_on_disk, args=(store_dir, body, child))
        proc.start()
        seconds = parent.recv() if parent.poll(2 * MIX_MAX_STORE_S + 30) else None
        if seconds == "open" and parent.poll(2 * MIX_MAX_STORE_S):
            seconds = parent.recv()
        proc.kill()
        proc.join()
        out.append(seconds if isinstance(seconds, float) else float("inf"))
    return out


def _time_on_disk(store_dir: str, body: str, conn) -> None:
    import pyoxigraph

    store = pyoxigraph.Store.read_only(store_dir)
    conn.send("open")
    t0 = time.perf_counter()
    for _ in store.query(body):
        pass
    conn.send(time.perf_counter() - t0)


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server we started (its own process group: the guard and its engines)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _latencies(url: str, queries: list[dict], repeats: int) -> dict:
    """Per query, ``repeats`` sequential requests through the product's client."""
    from mineralgraph.query import parse_query, run_query
    from mineralgraph.store import RemoteStore
    from query_params import from_json

    remote = RemoteStore(url, timeout=120)
    out = {}
    try:
        for q in queries:
            nq = parse_query(q["text"], name=q["name"])
            params = from_json(q["params"])
            times, error = [], None
            for _ in range(repeats):
                t0 = time.perf_counter()
                try:
                    run_query(nq, params=params, store=remote)
                except Exception as exc:  # the server's answer is the result here
                    error = f"{type(exc).__name__}: {exc}"[:160]
                    break
                times.append(time.perf_counter() - t0)
                if times[-1] > SLOW_QUERY_S:
                    break
            out[q["name"]] = {"times": times, "error": error}
    finally:
        remote.close()
    return out


async def _load(url: str, bodies: list[str], clients: int, seconds: float,
                max_requests: int) -> dict:
    """``clients`` concurrent keep-alive clients cycling through ``bodies`` until the time or
    request budget is spent; the client reads each answer and does not parse it."""
    import httpx

    latencies: list[float] = []
    errors = 0
    counter = iter(range(max_requests))
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        async def one_client(offset: int) -> None:
            nonlocal errors
            i = offset
            while time.perf_counter() < deadline and next(counter, None) is not None:
                t0 = time.perf_counter()
                try:
                    resp = await client.post(
                        url, data={"query": bodies[i % len(bodies)]},
                        headers={"Accept": "application/sparql-results+json"})
                    await resp.aread()
                    if resp.status_code >= 400:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - t0)
                i += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(one_client(k) for k in range(clients)))
        wall = time.perf_counter() - t0
    return {"requests": len(latencies), "errors": errors, "wall": wall,
            "p50": _percentile(latencies, 0.5) if latencies else None,
            "p95": _percentile(latencies, 0.95) if latencies else None}


def serve_bench(store_dir: str, queries: list[dict], mix: list[dict], timeout_s: float,
                level_seconds: float, max_requests: int, repeats: int,
                time_mix: bool = False) -> dict:
    from mineralgraph.serve import start_backend
    from mineralgraph.store import bind_values
    from query_params import from_json

    bodies = [bind_values(q["text"], from_json(q["params"])) if q["params"] else q["text"]
              for q in mix]
    out: dict = {"mix": [q["name"] for q in mix]}
    if time_mix:  # stage 2 did not run: time the lookups on disk here, keep the quick ones
        kept = [(q, b) for q, b, t in zip(mix, bodies, _disk_seconds(store_dir, bodies))
                if t <= MIX_MAX_STORE_S]
        out["mix"] = [q["name"] for q, _ in kept]
        bodies = [b for _, b in kept]
    proc, url, out["start"] = _start_guard(store_dir, timeout_s)
    try:
        out["latency"] = _latencies(url, queries, repeats)
        out["guard"] = {str(c): asyncio.run(_load(url, bodies, c, level_seconds, max_requests))
                        for c in CONCURRENCY}
    finally:
        _stop(proc)
    backend = start_backend(store_dir, timeout_s=timeout_s)
    try:
        out["oxigraph"] = {str(c): asyncio.run(_load(backend.url + "/query", bodies, c,
                                                     level_seconds, max_requests))
                           for c in CONCURRENCY}
    finally:
        backend.stop()
    return out


# -- the stage ------------------------------------------------------------------------------
def run(ctx: Context) -> StageReport:
    from stage_query import prepared

    rep = StageReport(KEY, TITLE)
    actors = max(ctx.sizes)
    built = ctx.build(actors)
    queries = [q for q in prepared(ctx, actors) if q["group"] == "named"]
    known = ctx.facts.get("store query s", {}).get(actors, {})  # type: ignore[union-attr]
    lookups = [q for q in queries
               if any(v["type"] == "uri" for v in q["params"].values())]
    # With stage 2's timings on disk (the server's store), keep the lookups answered interactively.
    mix = [q for q in lookups if not known or (
        known.get(q["name"]) is not None and known[q["name"]] <= MIX_MAX_STORE_S)]
    seconds = QUICK_LEVEL_SECONDS if ctx.quick else LEVEL_SECONDS
    cap = QUICK_MAX_REQUESTS if ctx.quick else LEVEL_MAX_REQUESTS
    repeats = QUICK_REPEATS if ctx.quick else LATENCY_REPEATS
    res = run_child("stage_serve:serve_bench",
                    {"store_dir": str(built.store_dir), "queries": queries, "mix": mix,
                     "timeout_s": ctx.baseline_timeout, "level_seconds": seconds,
                     "max_requests": cap, "repeats": repeats, "time_mix": not known},
                    timeout=900 + len(queries) * repeats * 10)
    mix = [q for q in mix if q["name"] in res["mix"]]
    lat = Table(f"Latency per named query, one client (`RemoteStore` + `run_query`, "
                f"up to {repeats} requests each, one when it takes over {SLOW_QUERY_S:.0f} s), "
                f"{built.triples:,} triples",
                ["query", "p50", "p95", "embedded store on disk (stage 2)"], [])
    for q in queries:
        r = res["latency"][q["name"]]
        if r["error"] or not r["times"]:
            lat.rows.append([q["name"], f"error: {r['error']}", "", ""])
            continue
        emb = known.get(q["name"])
        lat.rows.append([q["name"], fmt_s(_percentile(r["times"], 0.5)),
                         fmt_s(_percentile(r["times"], 0.95)),
                         fmt_s(emb) if emb is not None else "–"])
    load = Table(f"Throughput on a mix of {len(mix)} entity lookups "
                 f"({', '.join(q['name'] for q in mix) or 'none'}; those the store on disk "
                 f"answers within {MIX_MAX_STORE_S} s), up to {seconds:.0f} s or "
                 f"{cap:,} requests per level",
                 ["server", "clients", "requests", "errors", "requests/s", "p50", "p95"], [])
    start = res["start"]
    for server, label in (("guard", f"mineralgraph serve (guard + {start['engine_kind']}s)"),
                          ("oxigraph", "Oxigraph server alone")):
        for c in CONCURRENCY:
            r = res[server][str(c)]
            load.rows.append([label, str(c), str(r["requests"]), str(r["errors"]),
                              f"{r['requests'] / r['wall']:,.0f}" if r["wall"] else "–",
                              fmt_s(r["p50"]) if r["p50"] is not None else "–",
                              fmt_s(r["p95"]) if r["p95"] is not None else "–"])
    rep.tables += [lat, load]
    rep.notes.append(f"Measuring process peak memory {fmt_mb(res['peak_mb'])} (the client; "
                     "the servers are separate processes).")
    rep.notes.append(
        f"`mineralgraph serve` answered {fmt_s(start['start_s'])} after it was started, with "
        f"{start['engines']} {start['engine_kind']} process(es) of "
        f"{', '.join(fmt_mb(mb) for mb in start['engine_mb'])} resident each "
        "(each query worker loads the whole graph once, at start).")
    rep.notes.append(f"Both servers run with `--timeout-s {ctx.baseline_timeout:.0f}` (the "
                     "stage 2 limit): a query they stop shows as an error above.")
    _bends(rep, res, built.triples)
    return rep


def _bends(rep: StageReport, res: dict, triples: int) -> None:
    guard, alone = res["guard"], res["oxigraph"]
    one, many = guard["1"], guard[str(CONCURRENCY[-1])]
    if not (one["wall"] and many["wall"] and many["p95"] is not None):
        return
    rate_one = one["requests"] / one["wall"]
    rate_many = many["requests"] / many["wall"]
    rate_alone = alone[str(CONCURRENCY[-1])]["requests"] / alone[str(CONCURRENCY[-1])]["wall"]
    share = rate_many / rate_alone if rate_alone else None
    rep.headlines.append(
        f"Served endpoint at {triples:,} triples: {rate_one:,.0f} lookups/s with one client, "
        f"{rate_many:,.0f}/s with {CONCURRENCY[-1]} (p95 {fmt_s(many['p95'])}); Oxigraph "
        f"alone {rate_alone:,.0f}/s: ratio {share:.2f} (goal ≥ {RATIO_GOAL}: "
        f"{'met' if share is not None and share >= RATIO_GOAL else 'not met'}).")
    rep.bends.append(
        f"with {CONCURRENCY[-1]} concurrent clients lookups wait {fmt_s(many['p95'])} at p95 "
        f"({rate_many:,.0f} requests/s on 2 cores); beyond that many users, serve from a "
        "machine with more cores or a dedicated SPARQL server (`--endpoint`).")
    if share is not None and share < RATIO_GOAL:
        rep.findings.append(
            f"`mineralgraph serve` serves {rate_many:,.0f} requests/s where Oxigraph alone "
            f"serves {rate_alone:,.0f}/s with {CONCURRENCY[-1]} clients (ratio {share:.2f}, "
            f"goal ≥ {RATIO_GOAL}).")


# -- the shipped data (or any built store), outside the synthetic sizes ------------------------
def main(argv: list[str] | None = None) -> None:
    """``python benchmarks/stage_serve.py --store out/store``: stage 3's throughput comparison
    (guard vs Oxigraph server alone, 1/8/50 clients, the same lookup mix) on a built store,
    e.g. the shipped data's; prints the table rows and the ratio at 50 clients."""
    import argparse
    import json

    from mineralgraph.query import parse_query
    from mineralgraph.store import EmbeddedStore
    from query_params import options, to_json
    from stage_query import query_set

    p = argparse.ArgumentParser(description=main.__doc__)
    p.add_argument("--store", required=True)
    p.add_argument("--seconds", type=float, default=LEVEL_SECONDS)
    p.add_argument("--timeout-s", type=float, default=10.0)
    args = p.parse_args(argv)
    store = EmbeddedStore(args.store)
    mix = []
    for group, q in query_set():
        if group != "named":
            continue
        nq = parse_query(q.text, name=q.name)
        candidates = options(nq, store)  # the first (trying each can take a minute here)
        params = to_json(candidates[0] if candidates else {})
        if any(v["type"] == "uri" for v in params.values()):
            mix.append({"name": q.name, "text": q.text, "params": params})
    store.close()
    res = serve_bench(args.store, [], mix, args.timeout_s, args.seconds, LEVEL_MAX_REQUESTS * 4,
                      0, time_mix=True)
    print(json.dumps({"mix": res["mix"], "start": res["start"]}))
    for server in ("guard", "oxigraph"):
        for c in CONCURRENCY:
            r = res[server][str(c)]
            print(f"{server:9} clients={c:3} requests={r['requests']:6} errors={r['errors']} "
                  f"rate={r['requests'] / r['wall']:8.1f}/s p50={r['p50']:.4f} "
                  f"p95={r['p95']:.4f}")
    many = str(CONCURRENCY[-1])
    rates = {s: res[s][many]["requests"] / res[s][many]["wall"] for s in ("guard", "oxigraph")}
    print(f"ratio guard/oxigraph at {many} clients: {rates['guard'] / rates['oxigraph']:.2f}")


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
