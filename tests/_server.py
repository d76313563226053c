"""A real ``mineralgraph serve`` for tests: a subprocess on a free loopback port, over HTTP.

``served_endpoint`` (session-scoped, shared through conftest) serves the real data set's
store once per test session; ``ServedStore.start`` starts further servers where a test needs
its own (e.g. to stop one).
"""

from __future__ import annotations

import http.server
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
READY_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServedStore:
    """One running ``mineralgraph serve``: its process, base URL and a keep-alive client."""

    process: subprocess.Popen
    url: str  # http://127.0.0.1:PORT/
    log: Path
    client: httpx.Client

    @property
    def query_url(self) -> str:
        return self.url + "query"

    @classmethod
    def start(cls, store_dir: Path, log: Path, *, extra: tuple[str, ...] = ()) -> ServedStore:
        """Start the server and wait until its query page answers; a few ports are tried."""
        for _ in range(3):
            port = free_port()
            handle = log.open("w")
            process = subprocess.Popen(
                [sys.executable, "-m", "mineralgraph", "serve", "--store", str(store_dir),
                 "--port", str(port), "--quiet", *extra],
                cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env={**os.environ, "PYTHONUNBUFFERED": "1"})
            handle.close()
            url = f"http://127.0.0.1:{port}/"
            if _wait_ready(process, url):
                return cls(process, url, log, httpx.Client(timeout=30.0))
            _stop(process)
            if "cannot listen" not in log.read_text():
                break
        raise RuntimeError(f"mineralgraph serve did not start:\n{log.read_text()}")

    def stop(self) -> int:
        self.client.close()
        return _stop(self.process)


def _wait_ready(process: subprocess.Popen, url: str) -> bool:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    return False


def _stop(process: subprocess.Popen) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


def child_pids(pid: int) -> list[int]:
    """Direct children of a process (read from every /proc/N/stat: its parent id)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


ENGINE_MARKS = ("oxigraph", "mineralgraph.engine_worker")


def engine_pids(pid: int) -> list[int]:
    """The query engine processes a ``mineralgraph serve`` runs: the Oxigraph server (disk
    engine) or its query workers (memory engine)."""
    found = []
    for child in child_pids(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_text()
        except OSError:
            continue
        if any(mark in cmdline for mark in ENGINE_MARKS) and pid_alive(child):
            found.append(child)
    return found


def pid_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.fixture(scope="session")
def served_endpoint(real_build, tmp_path_factory):
    """The real data set served read-only by ``mineralgraph serve`` (started once)."""
    server = ServedStore.start(real_build.store_dir,
                               tmp_path_factory.mktemp("serve") / "serve.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def remote_store(served_endpoint):
    """A :class:`~mineralgraph.store.RemoteStore` talking to the served endpoint."""
    from mineralgraph.store import RemoteStore

    store = RemoteStore(served_endpoint.query_url)
    yield store
    store.close()


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        self.hits.append(self.path)
        self.send_response(500)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def http_listener():
    """A loopback HTTP server that records any request made to it: (base URL, paths hit)."""
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", _Recorder.hits
    server.shutdown()
    server.server_close()
