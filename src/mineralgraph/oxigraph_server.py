"""The Oxigraph server as the served endpoint's engine for graphs too large for memory.

``oxigraph serve-read-only`` runs on a private loopback port, in a network namespace of its own
where the system allows it, owned by one :class:`Supervisor` thread that restarts it when a
query overruns the time limit (Oxigraph does not stop every query itself), when it dies, or
when its resident memory nears the limit. The threaded guard of :mod:`mineralgraph.proxy`
forwards the queries it lets through (see :func:`mineralgraph.serve.serve`).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .engine_pool import resident_mb
from .errors import MineralgraphError
from .proxy import MAX_QUERIES

STARTUP_TIMEOUT_S = 30.0
# Connections waiting to be accepted; the default of 5 would refuse a burst of clients.
LISTEN_BACKLOG = 256
# Oxigraph runs one thread per connection: as many connections as queries forwarded at once
# (proxy.MAX_QUERIES) keep its threads bounded.
MAX_BACKEND_CONNECTIONS = MAX_QUERIES
# The backend's memory (resident), in MiB; `serve --memory-mb`. The supervisor reads it every
# WATCH_S and stops the process at MEMORY_MB - MEMORY_MARGIN_MB: at the fastest growth seen
# (330 MB/s, an ORDER BY over a cross product) it never reaches MEMORY_MB. An address-space
# cap (RLIMIT_AS) cannot do this: `--timeout-s` makes Oxigraph start a timer thread per query,
# so its address space grows with the request rate and a cap refuses threads under load
# ("Resource temporarily unavailable").
MEMORY_MB = 2048
MEMORY_MARGIN_MB = 128
WATCH_S = 0.1
MAX_RESULT_MB = 256
BACKEND_ENV = {
    "MALLOC_ARENA_MAX": "2",  # glibc reserves 64 MiB of address space per arena otherwise
    "RUST_MIN_STACK": str(4 * 1024 * 1024),  # query threads: room for the guard's limits
}


def oxigraph_binary() -> str:
    """The ``oxigraph`` server installed with mineralgraph (beside this Python first)."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise MineralgraphError("the oxigraph server is not installed: pip install oxigraph")
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@dataclass
class Backend:
    """The Oxigraph server process on a private loopback port."""

    process: subprocess.Popen
    url: str
    log_path: Path = field(repr=False)

    def stop(self, *, grace_s: float = 10.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(grace_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_path.unlink(missing_ok=True)


def start_backend(store_dir: str | Path, *, timeout_s: float, attempts: int = 3) -> Backend:
    """Start ``oxigraph serve-read-only`` over ``store_dir`` and wait until it answers.

    The process gets a parent-death signal bound to the calling thread: call it from a thread
    that lives as long as serving (its memory is watched by :class:`Supervisor`).
    """
    import httpx

    store = Path(store_dir)
    if not (store / "CURRENT").is_file():
        raise MineralgraphError(f"no store at {store}: run `mineralgraph build` first "
                                "(or pass --store)")
    binary = oxigraph_binary()
    env = {**os.environ, **BACKEND_ENV}
    last_error = ""
    for _ in range(attempts):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log_fd, log_name = _temp_log()
        process = subprocess.Popen(
            [binary, "serve-read-only", "--location", str(store), "--bind",
             f"127.0.0.1:{port}", "--timeout-s", str(max(1, round(timeout_s)))],
            stdin=subprocess.DEVNULL, stdout=log_fd, stderr=log_fd, env=env,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        os.close(log_fd)
        backend = Backend(process, url, Path(log_name))
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline and process.poll() is None:
            try:
                httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=2.0)
                return backend
            except httpx.HTTPError:
                time.sleep(0.05)
        last_error = backend.log_path.read_text(errors="replace").strip()[-2000:]
        backend.stop()
    raise MineralgraphError(f"the oxigraph server did not start over {store}: {last_error}")


def _temp_log() -> tuple[int, str]:
    import tempfile

    return tempfile.mkstemp(prefix="mineralgraph-oxigraph-", suffix=".log")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: SIGTERM when the thread that started the process ends (PR_SET_PDEATHSIG)."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)


class Supervisor:
    """One long-lived thread owns the backend: starts it, restarts it when a query overruns
    or when it dies, and stops it at the end.

    The thread matters: Linux sends the parent-death signal when the *thread* that started
    a child exits, so a backend started from a request thread died with that request. Where
    the system allows, the thread first moves into a new network namespace: the backend is
    started inside it and cannot reach any network; request threads :meth:`enter` it to reach
    the backend on its loopback (see :mod:`mineralgraph.sandbox`).

    ``oxigraph serve-read-only --timeout-s`` does not stop every running query (0.5.13): the
    guard reports an overrun (:meth:`timed_out`) and a new process replaces the old one.
    """

    def __init__(self, store_dir: str | Path, *, timeout_s: float, memory_mb: int = MEMORY_MB,
                 log: Callable[[str], None] | None = None):
        self._store, self._timeout_s, self._memory_mb = store_dir, timeout_s, memory_mb
        self._log = log or (lambda line: None)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._ready = threading.Event()
        self._replace_url: str | None = None
        self.backend: Backend | None = None
        self.restarts = 0
        self.isolation: str | None = "not started"
        self._netns_fd: int | None = None
        started = threading.Event()
        failure: list[BaseException] = []
        self._thread = threading.Thread(target=self._run, args=(started, failure),
                                        name="backend-supervisor", daemon=True)
        self._thread.start()
        started.wait()
        if failure:
            raise failure[0]

    # -- the supervising thread -----------------------------------------------------------
    def _run(self, started: threading.Event, failure: list) -> None:
        from .sandbox import isolate_thread, namespace_fd

        self.isolation = isolate_thread()
        if self.isolation is None:
            self._netns_fd = namespace_fd()
        try:
            self.backend = self._start()
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller
            failure.append(exc)
            started.set()
            return
        self._ready.set()
        started.set()
        while not self._stopping.is_set():
            self._wake.wait(WATCH_S)
            self._wake.clear()
            backend = self.backend
            if resident_mb(backend.process.pid) > self._memory_mb - MEMORY_MARGIN_MB:
                backend.process.kill()  # a query took too much memory: 503, then restart
                backend.process.wait()
                self._log(f"the oxigraph server neared its {self._memory_mb} MiB of memory; "
                          "restarting it")
            overrun = self._replace_url == backend.url
            if self._stopping.is_set() or not (overrun or backend.process.poll() is not None):
                continue
            if not overrun:
                self._ready.clear()  # crashed: requests wait (then 503) until it is back
                self._log(f"the oxigraph server stopped (exit {backend.process.returncode});"
                          " restarting it")
            try:
                self.backend = self._start()
            except MineralgraphError as exc:
                self._log(f"could not restart the oxigraph server: {exc}")
                time.sleep(1.0)
                continue
            self.restarts += 1
            self._ready.set()
            threading.Thread(target=backend.stop, kwargs={"grace_s": 2.0}, daemon=True).start()
        if self.backend:
            self.backend.stop()

    def _start(self) -> Backend:
        return start_backend(self._store, timeout_s=self._timeout_s)

    # -- called from request threads ------------------------------------------------------
    def enter(self) -> None:
        """Move the calling thread into the backend's network namespace (if it has one)."""
        if self._netns_fd is not None:
            from .sandbox import enter

            enter(self._netns_fd)

    def url(self, wait_s: float = 10.0) -> str | None:
        """The running backend's URL; ``None`` if none is back within ``wait_s``."""
        if not self._ready.wait(wait_s):
            return None
        return self.backend.url  # type: ignore[union-attr]

    def timed_out(self, url: str) -> None:
        """A query overran on the backend at ``url``: replace that process. Requests wait
        for the new one (queries still running on the old one end with 503)."""
        url = url.rstrip("/")
        if self.backend is not None and self.backend.url == url:
            self._ready.clear()
        self._replace_url = url
        self._wake.set()

    def failed(self, url: str) -> None:
        """The backend at ``url`` broke a connection: look at it now."""
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join(30)
        if self._netns_fd is not None:
            os.close(self._netns_fd)


def fetch_assets(store_dir: str | Path, paths: tuple[str, ...]) -> dict[str, tuple[bytes, str]]:
    """The query page's assets (YASGUI's script and style, the logo) as the installed Oxigraph
    server ships them: asked once of a server started for the purpose, in a network namespace
    of its own where the system allows it, then stopped."""
    import httpx

    from .sandbox import isolate_thread

    found: dict[str, tuple[bytes, str]] = {}
    failure: list[BaseException] = []

    def fetch() -> None:
        isolate_thread()
        try:
            backend = start_backend(store_dir, timeout_s=10)
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller
            failure.append(exc)
            return
        try:
            for path in paths:
                resp = httpx.get(backend.url + path, timeout=10)
                if resp.status_code == 200:
                    found[path] = (resp.content, resp.headers.get("content-type", ""))
        finally:
            backend.stop(grace_s=2.0)

    thread = threading.Thread(target=fetch, name="page-assets", daemon=True)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return found
