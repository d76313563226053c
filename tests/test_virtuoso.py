"""A second real SPARQL engine: Virtuoso Open Source 7 (Debian's), started by
scripts/virtuoso.sh on free loopback ports, loaded by `mineralgraph push`.

Every named query must give the embedded store's rows (docs/engines.md lists the Virtuoso
behaviours the queries are written around, each found by this test). The network commands
(rank, paths, offtake, blocs) and the brief read the graph through the projection and the
brief queries: they must give the same output through --endpoint.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

from mineralgraph.query import query_names, run_query
from mineralgraph.store import RemoteStore

from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ROOT / "tests" / "expected"
DATA_GRAPH = "https://w3id.org/mineralgraph/graph/data"

pytestmark = [pytest.mark.server, pytest.mark.virtuoso]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Virtuoso:
    """A private Virtuoso started by scripts/virtuoso.sh; ``revive()`` restarts it after a
    crash (its database recovers from its own log, with the pushed data)."""

    def __init__(self, env: dict):
        self.env = env
        self.endpoint = env["VIRTUOSO_ENDPOINT"]

    def script(self, action: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(ROOT / "scripts" / "virtuoso.sh"), action],
                              env=self.env, capture_output=True, text=True, timeout=600)

    def alive(self) -> bool:
        return self.script("status").returncode == 0

    def revive(self) -> None:
        if not self.alive():
            lock = Path(self.env["VIRTUOSO_DIR"]) / "virtuoso.lck"
            lock.unlink(missing_ok=True)
            started = self.script("start")
            assert started.returncode == 0, started.stdout + started.stderr


@pytest.fixture(scope="module")
def server(tmp_path_factory, real_build):
    """A private Virtuoso with the real build pushed into it."""
    http, isql = _free_port(), _free_port()
    virtuoso = Virtuoso({**os.environ, "VIRTUOSO_ENDPOINT": f"http://127.0.0.1:{http}/sparql",
                         "VIRTUOSO_ISQL_PORT": str(isql),
                         "VIRTUOSO_DIR": str(tmp_path_factory.mktemp("virtuoso"))})
    started = virtuoso.script("start")
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        pushed = run_cli("push", "--endpoint", virtuoso.endpoint, "--user", "dba",
                         "--data-graph", DATA_GRAPH, "--out", str(real_build.out_dir),
                         env={"MINERALGRAPH_ENDPOINT_PASSWORD": "dba"})
        assert pushed.returncode == 0, pushed.stderr
        assert "uploaded" in pushed.stdout
        yield virtuoso
    finally:
        virtuoso.script("stop")


@pytest.fixture
def virtuoso(server) -> str:
    """The endpoint URL of the running server."""
    server.revive()
    return server.endpoint


def test_script_reports_status(virtuoso):
    port = virtuoso.split(":")[2].split("/")[0]
    env = {**os.environ, "VIRTUOSO_ENDPOINT": virtuoso}
    status = subprocess.run(["bash", str(ROOT / "scripts" / "virtuoso.sh"), "status"], env=env,
                            capture_output=True, text=True, timeout=30)
    assert status.returncode == 0 and port in status.stdout


def test_push_loaded_every_triple(virtuoso, real_store):
    remote = RemoteStore(virtuoso)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    data = remote.select(f"SELECT (COUNT(*) AS ?n) FROM <{DATA_GRAPH}> WHERE {{ ?s ?p ?o }}")
    assert int(data.rows()[0]["n"]) == int(real_store.select(count).rows()[0]["n"])


def _same_on_both(name: str, endpoint: str, store) -> bool:
    runs = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))["runs"]
    remote = RemoteStore(endpoint, timeout=120)
    same = True
    for run in runs:
        local = run_query(name, params=run["params"], store=store)
        try:
            served = run_query(name, params=run["params"], store=remote)
        except Exception as exc:  # noqa: BLE001 - a refusal (or a crash) is a difference too
            print(f"{name} {run['params']}: {exc}")
            same = False
            continue
        assert served.vars == local.vars, name
        if served.bindings != local.bindings:
            print(f"{name} {run['params']}: {len(served.bindings)} rows, embedded "
                  f"{len(local.bindings)}")
            same = False
    return same


@pytest.mark.parametrize("name", query_names())
def test_named_query_matches_the_embedded_store(name, virtuoso, real_store):
    assert _same_on_both(name, virtuoso, real_store), \
        f"{name}: Virtuoso's rows differ from the embedded store's"


@pytest.mark.parametrize("args", [
    ("rank", "--measure", "betweenness", "--top", "10", "--format", "json"),
    ("paths", "Jiangxi Copper", "Bakuta", "--k", "3", "--format", "json"),
    ("offtake", "--commodity", "tungsten", "--format", "json"),
    ("blocs", "--format", "json"),
])
def test_network_commands_give_the_same_output(args, virtuoso, real_build):
    local = run_cli(*args, "--store", str(real_build.store_dir))
    served = run_cli(*args, "--endpoint", virtuoso)
    assert local.returncode == 0, local.stderr
    assert served.returncode == 0, served.stderr
    assert json.loads(served.stdout) == json.loads(local.stdout)


def test_brief_is_the_same_through_the_endpoint(virtuoso, real_build, tmp_path):
    common = ("brief", "--focus", "Kazakhstan", "--commodity", "tungsten", "--format", "md")
    local = run_cli(*common, "-o", str(tmp_path / "local"), "--store",
                    str(real_build.store_dir))
    served = run_cli(*common, "-o", str(tmp_path / "served"), "--endpoint", virtuoso,
                     "--timeout", "120")
    assert local.returncode == 0 and served.returncode == 0, local.stderr + served.stderr
    [a] = (tmp_path / "local").glob("*.md")
    [b] = (tmp_path / "served").glob("*.md")
    assert b.read_text(encoding="utf-8") == a.read_text(encoding="utf-8")
