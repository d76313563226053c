"""The second wall behind the guard: the query engine runs where it has no network.

Oxigraph (server and pyoxigraph) executes ``SERVICE <url>`` and offers no switch to turn
federation off (0.5: no service-handler option in pyoxigraph, none on ``oxigraph
serve-read-only``). So a query the guard let through by mistake must meet an engine that
cannot open a connection. Linux network namespaces give that: a new namespace has only a
loopback interface, nothing routes out of it, and no name resolves.

- :func:`isolate_thread` moves the *calling thread* into a new, empty network namespace
  (``unshare(CLONE_NEWNET)``, which is per thread); processes and threads it starts inherit
  it. It needs CAP_SYS_ADMIN (root, or a container that grants it); without it nothing
  changes and the reason is returned, and the guard is the only wall.
- :func:`enter` moves a thread into a namespace made by another (``setns``): the served
  endpoint's request threads join the backend's namespace to reach it on its loopback.
- :class:`IsolatedWorker` is one long-lived thread, isolated and with a large stack, that
  runs the embedded store's queries (a deep query overflows an 8 MiB stack).
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import queue
import socket
import struct
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

CLONE_NEWNET = 0x40000000
_SIOCGIFFLAGS, _SIOCSIFFLAGS, _IFF_UP = 0x8913, 0x8914, 0x1
WORKER_STACK_BYTES = 256 * 1024 * 1024  # reserved address space; only touched pages count


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def isolate_thread() -> str | None:
    """Put the calling thread in a new network namespace with loopback up.

    Returns ``None`` when done, else why it could not be (the thread keeps the network)."""
    if not hasattr(os, "sched_getaffinity") or not os.path.exists("/proc/thread-self/ns/net"):
        return "network namespaces are a Linux feature"
    libc = _libc()
    if libc.unshare(CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        return f"unshare(CLONE_NEWNET) failed: {os.strerror(err)} (needs root or CAP_SYS_ADMIN)"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        request = struct.pack("16sH22x", b"lo", 0)
        flags = struct.unpack("16sH22x", fcntl.ioctl(sock, _SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock, _SIOCSIFFLAGS, struct.pack("16sH22x", b"lo", flags | _IFF_UP))
    return None


def namespace_fd() -> int:
    """An open descriptor of the calling thread's network namespace (for :func:`enter`)."""
    return os.open("/proc/thread-self/ns/net", os.O_RDONLY | os.O_CLOEXEC)


def enter(fd: int) -> None:
    """Move the calling thread into the network namespace ``fd`` (from :func:`namespace_fd`)."""
    if _libc().setns(fd, CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "setns(CLONE_NEWNET) failed")


class IsolatedWorker:
    """One thread, isolated from the network where possible, that runs the calls given to
    :meth:`run` one at a time. ``isolation`` is ``None`` when isolated, else the reason."""

    def __init__(self, name: str = "mineralgraph-engine"):
        self._calls: queue.SimpleQueue = queue.SimpleQueue()
        self.isolation: str | None = "not started"
        ready = threading.Event()

        def loop() -> None:
            self.isolation = isolate_thread()
            ready.set()
            while (item := self._calls.get()) is not None:
                fn, args, future = item
                try:
                    future.set_result(fn(*args))
                except BaseException as exc:  # noqa: BLE001 - raised again in the caller
                    # Drop the frames here: they may hold engine objects that must be freed
                    # in this thread (pyoxigraph's results are bound to their thread).
                    exc.__traceback__ = exc.__context__ = exc.__cause__ = None
                    future.set_exception(exc)
                del item, fn, args, future

        previous = threading.stack_size(WORKER_STACK_BYTES)
        try:
            threading.Thread(target=loop, name=name, daemon=True).start()
        finally:
            threading.stack_size(previous)
        ready.wait()

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in the worker thread; its result, or its exception raised here."""
        future: Future = Future()
        self._calls.put((fn, args, future))
        return future.result()

    def close(self) -> None:
        self._calls.put(None)
