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
from .proxy import make_handler

STARTUP_TIMEOUT_S = 30.0
# Connections waiting to be accepted; the default of 5 would refuse a burst of clients.
LISTEN_BACKLOG = 256
MAX_BACKEND_CONNECTIONS = 128


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
    """Start ``oxigraph serve-read-only`` over ``store_dir`` and wait until it answers."""
    import httpx

    store = Path(store_dir)
    if not (store / "CURRENT").is_file():
        raise MineralgraphError(f"no store at {store}: run `mineralgraph build` first "
                                "(or pass --store)")
    binary = oxigraph_binary()
    last_error = ""
    for _ in range(attempts):
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log_fd, log_name = _temp_log()
        process = subprocess.Popen(
            [binary, "serve-read-only", "--location", str(store), "--bind",
             f"127.0.0.1:{port}", "--timeout-s", str(max(1, round(timeout_s)))],
            stdin=subprocess.DEVNULL, stdout=log_fd, stderr=log_fd,
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
    """Linux: the backend gets SIGTERM if the guard dies, so it is never left orphaned."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class _Supervisor:
    """Keeps one backend running, and replaces it when a query overruns.

    ``oxigraph serve-read-only --timeout-s`` does not stop a running query (0.5.13): after
    the guard answers 504 the backend would go on computing, one core and growing memory per
    stopped query. Replacing the process is the only way to stop it; queries in flight on
    the old process fail with 502 at that moment.
    """

    def __init__(self, store_dir: str | Path, *, timeout_s: float):
        self._store, self._timeout_s = store_dir, timeout_s
        self._lock = threading.Lock()
        self.backend = start_backend(store_dir, timeout_s=timeout_s)
        self.restarts = 0

    def url(self) -> str:
        return self.backend.url

    def timed_out(self, url: str) -> None:
        with self._lock:
            if self.backend.url.rstrip("/") != url.rstrip("/"):
                return  # another overrun already replaced it
            old = self.backend
            self.backend = start_backend(self._store, timeout_s=self._timeout_s)
            self.restarts += 1
        threading.Thread(target=old.stop, kwargs={"grace_s": 2.0}, daemon=True).start()


class GuardServer(ThreadingHTTPServer):
    """One thread per connection; a large backlog so a burst of clients is not refused."""

    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG
    allow_reuse_address = True


class GuardServer6(GuardServer):
    address_family = socket.AF_INET6


def serve(store_dir: str | Path, *, host: str = "127.0.0.1", port: int = 7878,
          timeout_s: float = 30.0, on_ready: Callable[[str], None] | None = None,
          log: Callable[[str], None] | None = None,
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
        replaced (Oxigraph itself does not stop the query).
    on_ready
        Called with the base URL (``http://host:port/``) once both servers answer.
    log
        Called with one line per request; ``None`` logs nothing.
    stop
        An event that ends serving when set (for embedding in a program or a test).
    """
    import httpx

    supervisor = _Supervisor(store_dir, timeout_s=timeout_s)
    client = httpx.Client(
        timeout=httpx.Timeout(timeout_s + 5.0, connect=5.0),
        limits=httpx.Limits(max_connections=MAX_BACKEND_CONNECTIONS,
                            max_keepalive_connections=MAX_BACKEND_CONNECTIONS))
    try:
        try:
            server_class = GuardServer6 if ":" in host else GuardServer
            server = server_class((host, port), make_handler(
                client, supervisor.url, log=log, on_timeout=supervisor.timed_out))
        except OSError as exc:
            raise MineralgraphError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
        done = stop or threading.Event()
        previous = _on_signals(done)
        worker = threading.Thread(target=server.serve_forever, name="guard", daemon=True)
        worker.start()
        try:
            if on_ready:
                on_ready(f"http://{_url_host(host)}:{server.server_address[1]}/")
            while not done.wait(0.5):
                backend = supervisor.backend
                if backend.process.poll() is not None and backend is supervisor.backend:
                    raise MineralgraphError(
                        f"the oxigraph server stopped (exit {backend.process.returncode}): "
                        + backend.log_path.read_text(errors="replace").strip()[-500:])
        finally:
            server.shutdown()
            server.server_close()
            _restore_signals(previous)
    finally:
        client.close()
        supervisor.backend.stop()


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
