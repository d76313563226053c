"""The served endpoint under load: 50 concurrent keep-alive clients send every named query
(with its default parameters) for ``MINERALGRAPH_LOAD_SECONDS`` (default 60 s).

Every request must get a complete SPARQL JSON answer equal to the one computed sequentially
before the run: zero errors, no lost responses. Throughput and latency percentiles are
printed and written to ``test-artifacts/load.json``.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time

import httpx
import pytest

from mineralgraph.query import bind_params, list_queries
from mineralgraph.store import bind_values

pytestmark = [pytest.mark.server, pytest.mark.slow]

CLIENTS = 50
SECONDS = float(os.environ.get("MINERALGRAPH_LOAD_SECONDS", "60"))
SPARQL_JSON = "application/sparql-results+json"


def _rows(body: dict) -> list[str]:
    """The answer's rows in a canonical order (a query's ORDER BY may leave ties)."""
    return sorted(json.dumps(b, sort_keys=True) for b in body["results"]["bindings"])


@pytest.fixture(scope="module")
def workload(served_endpoint, remote_store):
    """Each named query's text with its defaults bound, and its rows asked one at a time."""
    work = []
    for q in list_queries():
        bound = bind_params(q, None, store=remote_store)
        text = bind_values(q.text, bound) if bound else q.text
        resp = served_endpoint.client.post(served_endpoint.query_url, data={"query": text},
                                           headers={"Accept": SPARQL_JSON})
        assert resp.status_code == 200, (q.name, resp.text)
        work.append((q.name, text, _rows(resp.json())))
    assert len(work) >= 20 and any(rows for _, _, rows in work)
    return work


def _percentile(sorted_values: list[float], p: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


def test_fifty_clients_for_a_minute(served_endpoint, workload, artifacts):
    barrier = threading.Barrier(CLIENTS)
    lock = threading.Lock()
    state = {"in_flight": 0, "max_in_flight": 0, "sent": 0}
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    errors: list[str] = []

    def client(i: int) -> None:
        with httpx.Client(timeout=60.0) as http:
            barrier.wait()
            deadline = time.monotonic() + SECONDS
            n = i  # each client starts at a different query
            while time.monotonic() < deadline:
                name, text, expected = workload[n % len(workload)]
                n += 1
                with lock:
                    state["sent"] += 1
                    state["in_flight"] += 1
                    state["max_in_flight"] = max(state["max_in_flight"], state["in_flight"])
                start = time.perf_counter()
                try:
                    resp = http.post(served_endpoint.query_url, data={"query": text},
                                     headers={"Accept": SPARQL_JSON})
                    elapsed = time.perf_counter() - start
                    if resp.status_code != 200:
                        errors.append(f"{name}: HTTP {resp.status_code} {resp.text[:200]}")
                    elif _rows(resp.json()) != expected:
                        errors.append(f"{name}: rows differ from the sequential answer")
                    else:
                        latencies[i].append(elapsed)
                except (httpx.HTTPError, ValueError, KeyError) as exc:
                    errors.append(f"{name}: {type(exc).__name__}: {exc}")
                finally:
                    with lock:
                        state["in_flight"] -= 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,), name=f"load-{i}")
               for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    ok = sorted(x for per in latencies for x in per)
    report = {
        "clients": CLIENTS, "seconds": SECONDS, "wall_s": round(wall, 2),
        "queries": len(workload), "requests": state["sent"], "answered_ok": len(ok),
        "errors": len(errors), "max_in_flight": state["max_in_flight"],
        "throughput_rps": round(len(ok) / wall, 1),
        "latency_ms": {"p50": round(_percentile(ok, 50) * 1000, 1),
                       "p95": round(_percentile(ok, 95) * 1000, 1),
                       "p99": round(_percentile(ok, 99) * 1000, 1),
                       "mean": round(statistics.fmean(ok) * 1000, 1),
                       "max": round(ok[-1] * 1000, 1)} if ok else {},
        "clients_with_answers": sum(1 for per in latencies if per),
    }
    (artifacts / "load.json").write_text(json.dumps(report, indent=2) + "\n")
    print("\nload:", json.dumps(report))
    assert errors == [], errors[:5]
    assert len(ok) == state["sent"], "a request got no complete answer"
    assert report["clients_with_answers"] == CLIENTS
    assert state["max_in_flight"] == CLIENTS, "the 50 clients were never all waiting at once"
