"""Serve the built store read-only: the Oxigraph server behind mineralgraph's guard.

``serve`` starts ``oxigraph serve-read-only`` on a private loopback port and answers on the
public address with the guard of :mod:`mineralgraph.proxy`, which refuses SERVICE, LOAD and
every write before Oxigraph sees them. Ctrl-C or SIGTERM stops both processes.

>>> serve("out/store", host="127.0.0.1", port=7878)    # doctest: +SKIP
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
from http.server import ThreadingHTTPServer
from pathlib import Path

from .errors import MineralgraphError
from .proxy import MAX_QUERIES, make_handler

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


def resident_mb(pid: int) -> float:
    """Resident memory of a process, in MiB (0 if it is gone)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


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


class GuardServer(ThreadingHTTPServer):
    """One thread per connection; a large backlog so a burst of clients is not refused."""

    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG
    allow_reuse_address = True


class GuardServer6(GuardServer):
    address_family = socket.AF_INET6


def serve(store_dir: str | Path, *, host: str = "127.0.0.1", port: int = 7878,
          timeout_s: float = 30.0, memory_mb: int = MEMORY_MB,
          max_result_mb: int = MAX_RESULT_MB,
          on_ready: Callable[[str], None] | None = None,
          log: Callable[[str], None] | None = None,
          warn: Callable[[str], None] | None = None,
          stop: threading.Event | None = None) -> None:
    """Serve ``store_dir`` read-only on ``host:port`` until SIGINT/SIGTERM (or ``stop``).

    Parameters
    ----------
    store_dir
        The embedded store written by ``mineralgraph build`` (``out/store``).
    host, port
        Public address of the guarded SPARQL endpoint (``/query``) and query page (``/``).
    timeout_s
        Longest a query may run: after it the client gets 504 and the backend process is
        replaced (Oxigraph itself does not stop every query).
    memory_mb
        Memory of the backend process: it is stopped before its resident memory reaches this
        many MiB (its clients get 503; a new one starts).
    max_result_mb
        Largest answer sent; a larger one is cut (the client sees an incomplete answer).
    on_ready
        Called with the base URL (``http://host:port/``) once both servers answer.
    log
        Called with one line per request; ``None`` logs nothing.
    warn
        Called with a line when the backend cannot be isolated from the network.
    stop
        An event that ends serving when set (for embedding in a program or a test).
    """
    import httpx

    from .serve_page import page_files

    supervisor = Supervisor(store_dir, timeout_s=timeout_s, memory_mb=memory_mb, log=warn)
    if supervisor.isolation and warn:
        warn(f"warning: the query engine is not isolated from the network "
             f"({supervisor.isolation}); SERVICE and LOAD are refused by the guard alone")
    client = httpx.Client(
        timeout=httpx.Timeout(timeout_s + 5.0, connect=5.0),
        limits=httpx.Limits(max_connections=MAX_BACKEND_CONNECTIONS,
                            max_keepalive_connections=MAX_BACKEND_CONNECTIONS))
    try:
        try:
            server_class = GuardServer6 if ":" in host else GuardServer
            server = server_class((host, port), make_handler(
                client, supervisor, log=log, pages=page_files(), timeout_s=timeout_s,
                max_result_bytes=max_result_mb * 1024 * 1024))
        except OSError as exc:
            raise MineralgraphError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        done = stop or threading.Event()
        previous = _on_signals(done)
        worker = threading.Thread(target=server.serve_forever, name="guard", daemon=True)
        worker.start()
        try:
            if on_ready:
                on_ready(f"http://{_url_host(host)}:{server.server_address[1]}/")
            while not done.wait(0.5):  # a timed wait lets the signal handlers run
                pass
        finally:
            server.shutdown()
            server.server_close()
            _restore_signals(previous)
    finally:
        client.close()
        supervisor.stop()


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _on_signals(done: threading.Event):
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda *_: done.set())
    return previous


def _restore_signals(previous) -> None:
    for sig, handler in (previous or {}).items():
        signal.signal(sig, handler)
