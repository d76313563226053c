"""Serve the built store read-only behind mineralgraph's guard, from memory or from disk.

Two engines answer the queries the guard lets through (it refuses SERVICE, LOAD and every
write before any engine sees them); both run without network where the system allows it:

- ``memory`` (default while the graph fits, ``MINERALGRAPH_MEMORY_QUADS`` as for the embedded
  store): an asynchronous front (aiohttp, :mod:`mineralgraph.endpoint`) hands each query to a
  pool of worker processes, one per core, that each hold the dataset in an in-memory Oxigraph
  store (:mod:`mineralgraph.engine_pool`); Oxigraph scans 5–9× faster in memory than on disk;
- ``disk``: ``oxigraph serve-read-only`` over the store on a private loopback port behind the
  threaded guard of :mod:`mineralgraph.proxy` (:mod:`mineralgraph.oxigraph_server`).

Ctrl-C or SIGTERM stops the endpoint and every engine process.

>>> serve("out/store", host="127.0.0.1", port=7878)    # doctest: +SKIP
"""

from __future__ import annotations

import os
import signal
import socket
import threading
from collections.abc import Callable
from http.server import ThreadingHTTPServer
from pathlib import Path

from .errors import MineralgraphError
from .oxigraph_server import (LISTEN_BACKLOG, MAX_BACKEND_CONNECTIONS, MAX_RESULT_MB, MEMORY_MB,
                              Backend, Supervisor, fetch_assets, free_port, oxigraph_binary,
                              start_backend)
from .proxy import ASSET_PATHS, make_handler

ENGINES = ("auto", "memory", "disk")
__all__ = ["Backend", "Supervisor", "free_port", "oxigraph_binary", "serve", "start_backend",
           "choose_engine"]


def choose_engine(store_dir: str | Path, engine: str = "auto") -> str:
    """``memory`` or ``disk``: ``auto`` serves from memory up to ``MEMORY_AUTO_QUADS`` quads
    (env ``MINERALGRAPH_MEMORY_QUADS``), like the embedded store."""
    store = Path(store_dir)
    if not (store / "CURRENT").is_file():
        raise MineralgraphError(f"no store at {store}: run `mineralgraph build` first "
                                "(or pass --store)")
    if engine not in ENGINES:
        raise MineralgraphError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    if engine != "auto":
        return engine
    import pyoxigraph

    from .store import MEMORY_AUTO_QUADS

    dump = store.parent / "dataset.nq"
    if dump.is_file() and dump.stat().st_size > 1024 * MEMORY_AUTO_QUADS:
        return "disk"  # far past the limit (a quad takes ~150 bytes): no need to count
    disk = pyoxigraph.Store.read_only(str(store))
    try:
        return "memory" if len(disk) <= MEMORY_AUTO_QUADS else "disk"
    finally:
        del disk


def serve(store_dir: str | Path, *, host: str = "127.0.0.1", port: int = 7878,
          timeout_s: float = 30.0, memory_mb: int = MEMORY_MB,
          max_result_mb: int = MAX_RESULT_MB, engine: str = "auto", workers: int | None = None,
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
        Longest a query may run: after it the client gets 504 and the engine process running
        it is replaced (neither Oxigraph server nor pyoxigraph stops every query itself).
    memory_mb
        Memory of each engine process: it is stopped before its resident memory reaches this
        many MiB (its clients get 503; a new one starts).
    max_result_mb
        Largest answer sent; a larger one is cut (the client sees an incomplete answer).
    engine
        ``memory``, ``disk`` or ``auto`` (see the module).
    workers
        Query worker processes of the memory engine (default: one per core).
    on_ready
        Called with the base URL (``http://host:port/``) once the endpoint answers.
    log
        Called with one line per request; ``None`` logs nothing.
    warn
        Called with a line when the engine cannot be isolated from the network.
    stop
        An event that ends serving when set (for embedding in a program or a test).
    """
    done = stop or threading.Event()
    options = dict(host=host, port=port, timeout_s=timeout_s, memory_mb=memory_mb,
                   max_result_mb=max_result_mb, on_ready=on_ready, log=log, warn=warn)
    if choose_engine(store_dir, engine) == "memory":
        _serve_memory(store_dir, done, workers=workers or _cores(), **options)
    else:
        _serve_disk(store_dir, done, **options)


def _cores() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 2


def _serve_memory(store_dir, done: threading.Event, *, host, port, timeout_s, memory_mb,
                  max_result_mb, on_ready, log, warn, workers: int) -> None:
    import asyncio

    from .endpoint import run
    from .engine_pool import Pool
    from .serve_page import page_files

    pages = {**page_files(), **fetch_assets(store_dir, ASSET_PATHS)}
    failure: list[BaseException] = []
    listening = threading.Event()
    bound: list[int] = []

    def loop_thread() -> None:
        async def main() -> None:
            stop = asyncio.Event()
            pool = Pool(store_dir, workers=workers, timeout_s=timeout_s, memory_mb=memory_mb,
                        max_result_bytes=max_result_mb * 1024 * 1024, log=warn)
            loop = asyncio.get_running_loop()
            threading.Thread(target=_when_set, args=(done, loop, stop.set),
                             daemon=True).start()

            def on_listening(actual: int) -> None:
                bound.append(actual)
                if pool.isolation and warn:
                    _warn_isolation(warn, pool.isolation)
                listening.set()

            await run(pool, pages, host=host, port=port, stop=stop, on_listening=on_listening,
                      log=log)

        try:
            asyncio.run(main())
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller
            failure.append(exc)
        finally:
            listening.set()

    # the loop's thread starts the workers: their parent-death signal is bound to it
    thread = threading.Thread(target=loop_thread, name="endpoint", daemon=True)
    previous = _on_signals(done)
    try:
        thread.start()
        while not listening.wait(0.5):  # a timed wait lets the signal handlers run
            pass
        if failure:
            raise failure[0]
        if on_ready and bound:
            on_ready(f"http://{_url_host(host)}:{bound[0]}/")
        while not done.wait(0.5):
            pass
    finally:
        done.set()
        thread.join(30)
        _restore_signals(previous)
    if failure:
        raise failure[0]


def _when_set(done: threading.Event, loop, call) -> None:
    done.wait()
    try:
        loop.call_soon_threadsafe(call)
    except RuntimeError:  # the loop has already ended
        pass


def _warn_isolation(warn: Callable[[str], None], why: str) -> None:
    warn(f"warning: the query engine is not isolated from the network ({why}); SERVICE and "
         "LOAD are refused by the guard alone")


class GuardServer(ThreadingHTTPServer):
    """One thread per connection; a large backlog so a burst of clients is not refused."""

    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG
    allow_reuse_address = True


class GuardServer6(GuardServer):
    address_family = socket.AF_INET6


def _serve_disk(store_dir, done: threading.Event, *, host, port, timeout_s, memory_mb,
                max_result_mb, on_ready, log, warn) -> None:
    import httpx

    from .serve_page import page_files

    supervisor = Supervisor(store_dir, timeout_s=timeout_s, memory_mb=memory_mb, log=warn)
    if supervisor.isolation and warn:
        _warn_isolation(warn, supervisor.isolation)
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
