"""Stage 7 — Virtuoso Open Source 7 (Debian's, started by scripts/virtuoso.sh on free loopback
ports) beside the embedded store, in the same run: the load (`mineralgraph push`, Graph Store
Protocol) against Oxigraph's bulk load of the same triples, and every named query on both
(the same parameters, chosen on the embedded store), with row counts side by side. Only at
the largest size of the run (1M triples with the default sizes)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from context import Context, StageReport, Table
from stage_query import _stat, _time_queries, _x, prepared
from timing import fmt_s, ready, run_child, stream_child

KEY, TITLE = "virtuoso", "Stage 7 — Virtuoso beside the embedded store"
ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "virtuoso.sh"
DATA_GRAPH = "https://w3id.org/mineralgraph/graph/data"
PUSH_TIMEOUT_S = 900.0


def missing(ctx: Context) -> str | None:  # noqa: ARG001 — the stage interface
    if shutil.which("virtuoso-t") is None:
        return "virtuoso-t is not installed (`bash scripts/virtuoso.sh install`)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def remote_queries(endpoint: str, queries: list[dict], runs: int, start: int = 0) -> dict:
    """The queries through ``RemoteStore`` (what ``--endpoint`` uses), streamed."""
    from mineralgraph.store import RemoteStore

    store = RemoteStore(endpoint, timeout=120)
    ready()
    _time_queries(store, queries, runs, start)
    return {}


class _Server:
    """A private Virtuoso for this run (its own ports and database folder)."""

    def __init__(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="bench-virtuoso-")
        self.endpoint = f"http://127.0.0.1:{_free_port()}/sparql"
        self.env = {**os.environ, "VIRTUOSO_ENDPOINT": self.endpoint,
                    "VIRTUOSO_ISQL_PORT": str(_free_port()), "VIRTUOSO_DIR": self.dir,
                    "MINERALGRAPH_ENDPOINT_PASSWORD": "dba"}

    def script(self, action: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(SCRIPT), action], env=self.env, capture_output=True,
                              text=True, timeout=300)

    def revive(self) -> None:
        """Start it again after a crash (the database recovers the pushed data)."""
        if self.script("status").returncode != 0:
            Path(self.dir, "virtuoso.lck").unlink(missing_ok=True)
            self.script("start")

    def push(self, out_dir: Path) -> float:
        t0 = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "mineralgraph", "push", "--endpoint",
                               self.endpoint, "--user", "dba", "--data-graph", DATA_GRAPH,
                               "--out", str(out_dir), "--timeout", "600"],
                              env=self.env, capture_output=True, text=True,
                              timeout=PUSH_TIMEOUT_S)
        if done.returncode != 0:
            raise RuntimeError(f"push failed: {done.stderr.strip()[-300:]}")
        return time.perf_counter() - t0

    def close(self) -> None:
        self.script("stop")
        shutil.rmtree(self.dir, ignore_errors=True)


def _queries_on(server: _Server, payload: list[dict], runs: int, limit: float) -> list[dict]:
    """Every query on Virtuoso; after one that stops the server, it is revived and the rest
    continue (each such query is marked)."""
    results: list[dict] = []
    start = 0
    while start < len(payload):
        part, _ = stream_child("stage_virtuoso:remote_queries",
                               {"endpoint": server.endpoint, "queries": payload[start:],
                                "runs": runs}, count=len(payload) - start, item_timeout=limit)
        for offset, res in enumerate(part):
            results.append(res)
            if "cannot reach" in (res.get("error") or "") or \
                    "disconnected" in (res.get("error") or ""):
                res["crashed"] = True
                server.revive()
                start += offset + 1
                break
        else:
            start = len(payload)
    return results


def run(ctx: Context) -> StageReport:
    rep = StageReport(KEY, TITLE)
    limit = ctx.baseline_timeout
    for actors in [max(ctx.sizes)]:  # the largest size only: a second server is slow to fill
        built = ctx.build(actors)
        payload = [q for q in prepared(ctx, actors) if q["group"] == "named"]
        ox = run_child("stage_load:store_load", {"nt_path": str(built.nt_path)},
                       timeout=PUSH_TIMEOUT_S)["seconds"]
        server = _Server()
        try:
            started = server.script("start")
            if started.returncode != 0:
                rep.status, rep.why = "failed", started.stdout + started.stderr
                return rep
            push_s = server.push(built.out_dir)
            virt = _queries_on(server, payload, ctx.runs, limit)
        finally:
            server.close()
        mem, _ = stream_child("stage_query:memory_queries",
                              {"queries": payload, "runs": ctx.runs,
                               "store_dir": str(built.store_dir)},
                              count=len(payload), item_timeout=limit)
        rep.tables.append(Table(
            f"Load, {actors:,} actors, {built.triples:,} triples (one run each)",
            ["Oxigraph bulk load (N-Triples → on-disk store)", "Virtuoso `mineralgraph push` "
             "(Graph Store Protocol, 200k-triple chunks)", "ratio push ÷ bulk load"],
            [[fmt_s(ox), fmt_s(push_s), f"{push_s / ox:.1f}×"]]))
        table = Table(f"Named queries, {actors:,} actors, {built.triples:,} triples "
                      f"(a run is stopped after {limit:.0f} s)",
                      ["query", "rows (embedded / Virtuoso)", "embedded store (in memory)",
                       "Virtuoso", "ratio Virtuoso ÷ embedded"], [])
        ratios, same, answered = [], 0, 0
        for item, m, v in zip(payload, mem, virt):
            m_stat, v_stat = _stat(m, limit), _stat(v, limit)
            rows = f"{m.get('rows', '–')} / {v.get('rows', '–')}"
            if v.get("error"):
                rows += " (crashed the server)" if v.get("crashed") else " (error)"
            if m.get("rows") is not None and m.get("rows") == v.get("rows"):
                same += 1
            cell = "–"
            if m_stat and v_stat and not (m_stat.lower_bound and v_stat.lower_bound):
                answered += 1
                value = v_stat.median / m_stat.median
                ratios.append(value)
                cell = ("≥ " if v_stat.lower_bound else "≤ " if m_stat.lower_bound else "") \
                    + _x(value)
            table.rows.append([item["name"], rows, str(m_stat or "–"),
                               str(v_stat or v.get("error", "–"))[:80], cell])
        rep.tables.append(table)
        if ratios:
            ratios.sort()
            med = ratios[len(ratios) // 2]
            rep.headlines.append(
                f"Virtuoso at {built.triples:,} triples: load by `push` {fmt_s(push_s)} against "
                f"Oxigraph's bulk load {fmt_s(ox)} ({push_s / ox:.1f}×); named queries median "
                f"{_x(med)} the embedded store's time over {answered} queries; same row count "
                f"on {same} of {len(payload)}.")
    rep.notes += [
        "Virtuoso 7.2.5 (Debian) runs with scripts/virtuoso.sh's configuration "
        "(NumberOfBuffers 170,000, about 1.3 GB) on its own loopback ports, in the same run "
        "as the embedded store; the query parameters are the ones stage 2 chose.",
        "Row counts only here; tests/test_virtuoso.py compares the rows themselves on the real "
        "data (docs/engines.md lists the differences).",
        "Ratios over 1 mean Virtuoso is slower (median of the runs of each query; the remote "
        "time includes the HTTP round trip and JSON parsing of `RemoteStore`)."]
    return rep
