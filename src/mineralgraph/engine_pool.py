"""The served endpoint's in-memory engine: a pool of query worker processes.

Each worker (:mod:`mineralgraph.engine_worker`) loads the dataset into an in-memory Oxigraph
store once, at start, inside a network namespace of its own, and answers one query at a time.
The pool hands a query to an idle worker and reads its answer frame by frame, so an answer is
streamed as it is serialized. Protections are kept by killing processes, which truly stops a
query (Oxigraph offers no way to stop one that runs in memory):

- time limit: a worker still answering at the deadline is killed and replaced (the endpoint
  answers 504);
- memory: a watch task reads every worker's resident memory each ``WATCH_S`` and kills one
  nearing ``memory_mb`` (its client gets 503) — a replacement loads the data again;
- a worker that dies (a crash) is replaced the same way; queries wait for an idle worker up
  to the time limit, then get 503.

>>> pool = Pool("out/store", workers=2, timeout_s=30)    # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import struct
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from .errors import MineralgraphError

WATCH_S = 0.1
MEMORY_MARGIN_MB = 128  # a worker is stopped this far below its limit (see serve.MEMORY_MB)
START_TIMEOUT_S = 600.0  # loading 1M quads takes seconds; far more means something is wrong
RESPAWN_PAUSE_S = 1.0
_FRAME = struct.Struct(">cI")


class EngineBusy(Exception):
    """No worker became free within the time limit."""


class EngineTimeout(Exception):
    """The query passed the time limit (its worker was killed)."""


class EngineGone(Exception):
    """The worker stopped while answering (killed at its memory limit, or crashed)."""


def resident_mb(pid: int) -> float:
    """Resident memory of a process, in MiB (0 if it is gone)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


class Worker:
    """One worker process and the pipes to it."""

    def __init__(self, process: asyncio.subprocess.Process):
        self.process = process
        self.killed = False
        self.isolation: str | None = "not started"
        self.quads = 0

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def alive(self) -> bool:
        return not self.killed and self.process.returncode is None

    def kill(self) -> None:
        self.killed = True
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()

    def send(self, request: dict) -> None:
        data = json.dumps(request).encode("utf-8")
        self.process.stdin.write(struct.pack(">I", len(data)) + data)  # type: ignore[union-attr]

    async def frame(self) -> tuple[bytes, bytes]:
        """The next frame (kind, payload); ``EngineGone`` if the process ended."""
        try:
            kind, size = _FRAME.unpack(await self.process.stdout.readexactly(5))  # type: ignore
            return kind, await self.process.stdout.readexactly(size)  # type: ignore
        except (asyncio.IncompleteReadError, ConnectionError):
            self.killed = True
            raise EngineGone from None


class Pool:
    """``workers`` query worker processes over ``store_dir``; see the module."""

    def __init__(self, store_dir: str | Path, *, workers: int, timeout_s: float,
                 memory_mb: int, max_result_bytes: int,
                 log: Callable[[str], None] | None = None):
        self._store = str(store_dir)
        self._size = max(1, workers)
        self._timeout_s, self._memory_mb, self._limit = timeout_s, memory_mb, max_result_bytes
        self._log = log or (lambda line: None)
        self._idle: asyncio.Queue[Worker] = asyncio.Queue()
        self.workers: list[Worker] = []  # started and loaded
        self._loading: set[Worker] = set()
        self._tasks: set[asyncio.Task] = set()
        self.isolation: str | None = None
        self.restarts = 0

    # -- life cycle -----------------------------------------------------------------------
    async def start(self) -> None:
        """Start every worker and wait until each has loaded the data."""
        started = await asyncio.gather(*(self._spawn() for _ in range(self._size)),
                                       return_exceptions=True)
        failed = [w for w in started if isinstance(w, BaseException)]
        for worker in started:
            if isinstance(worker, Worker):
                self._idle.put_nowait(worker)
        if failed:
            await self.close()
            raise failed[0]
        self.isolation = started[0].isolation  # type: ignore[union-attr]
        self._keep(asyncio.create_task(self._watch()))

    async def _spawn(self) -> Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "mineralgraph.engine_worker", self._store, str(self._limit),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "MALLOC_ARENA_MAX": "2"},
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        worker = Worker(process)
        self._loading.add(worker)
        try:
            kind, payload = await asyncio.wait_for(worker.frame(), START_TIMEOUT_S)
        except (EngineGone, TimeoutError):
            worker.kill()
            raise MineralgraphError(f"the query worker over {self._store} did not start "
                                    f"(exit {await process.wait()})") from None
        finally:
            self._loading.discard(worker)
        ready = json.loads(payload)
        worker.isolation, worker.quads = ready["isolation"], ready["quads"]
        used = resident_mb(worker.pid)
        if used > self._memory_mb - MEMORY_MARGIN_MB:
            worker.kill()
            raise MineralgraphError(
                f"the data takes {used:,.0f} MiB per query worker in memory, near --memory-mb "
                f"{self._memory_mb}: raise --memory-mb or serve from disk (--engine disk)")
        self.workers.append(worker)
        return worker

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._loading):
            worker.kill()
        for worker in self.workers:
            if worker.process.returncode is None:
                worker.process.stdin.close()  # type: ignore[union-attr]
        for worker in self.workers:
            try:
                await asyncio.wait_for(worker.process.wait(), 2.0)
            except TimeoutError:
                worker.kill()
                await worker.process.wait()

    def _keep(self, task: asyncio.Task) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- queries --------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def worker(self) -> AsyncIterator[tuple[Worker, float]]:
        """An idle worker and the deadline of the query given to it. A worker left with an
        answer not read to its end (an error, a client gone) is killed and replaced."""
        loop = asyncio.get_running_loop()
        give_up = loop.time() + self._timeout_s
        while True:
            try:
                worker = await asyncio.wait_for(self._idle.get(), give_up - loop.time())
            except TimeoutError:
                raise EngineBusy from None
            if worker.alive:
                break
            self._replace(worker, "it stopped")
        worker.done = False  # type: ignore[attr-defined]
        try:
            yield worker, loop.time() + self._timeout_s
        finally:
            if worker.alive and worker.done:  # type: ignore[attr-defined]
                self._idle.put_nowait(worker)
            else:
                self._replace(worker, None)

    async def frames(self, worker: Worker, request: dict,
                     deadline: float) -> AsyncIterator[tuple[bytes, bytes]]:
        """Send ``request``; yield the answer's frames until ``E`` or ``X`` (then the worker
        is free again). ``EngineTimeout`` at the deadline, ``EngineGone`` if it died."""
        loop = asyncio.get_running_loop()
        worker.send(request)
        while True:
            try:
                kind, payload = await asyncio.wait_for(worker.frame(),
                                                       max(0.0, deadline - loop.time()))
            except TimeoutError:
                worker.kill()
                raise EngineTimeout from None
            if kind in (b"E", b"X"):
                worker.done = True  # type: ignore[attr-defined]
            yield kind, payload
            if kind in (b"E", b"X"):
                return

    def _replace(self, worker: Worker, why: str | None) -> None:
        """Kill ``worker`` and start another in its place (once per worker)."""
        worker.kill()
        if worker not in self.workers:
            return  # already replaced
        self.workers.remove(worker)
        if why:
            self._log(f"a query worker stopped ({why}); starting another")
        self._keep(asyncio.create_task(self._respawn()))

    async def _respawn(self) -> None:
        while True:
            try:
                worker = await self._spawn()
            except MineralgraphError as exc:
                self._log(f"could not restart a query worker: {exc}")
                await asyncio.sleep(RESPAWN_PAUSE_S)
                continue
            self.restarts += 1
            self._idle.put_nowait(worker)
            return

    async def _watch(self) -> None:
        """Kill a worker nearing its memory limit; replace a worker that died (a crash)."""
        while True:
            await asyncio.sleep(WATCH_S)
            for worker in list(self.workers):
                if worker.process.returncode is not None:
                    self._replace(worker, f"exit {worker.process.returncode}")
                elif worker.alive and resident_mb(worker.pid) > (
                        self._memory_mb - MEMORY_MARGIN_MB):
                    worker.kill()
                    self._log(f"a query worker neared its {self._memory_mb} MiB of memory; "
                              "it was stopped and is being replaced")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: SIGTERM when the thread that started the process ends (PR_SET_PDEATHSIG)."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
