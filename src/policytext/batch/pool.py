"""Run a function over a stream of tasks in worker processes, results in task order.

Only ``window`` tasks are in flight at once, so memory stays flat however long
the stream is, and results come back in the order the tasks went in, so the
output does not depend on the number of workers. A worker that dies (a crash
in a native library, the OOM killer) or hangs where SIGALRM cannot reach it
breaks the whole process pool; the pool is then replaced, and the task at
fault ends as a ``lost`` result while every other task is run again.
"""
from __future__ import annotations

import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: lost(task, kind, message) builds the result of a task whose worker was lost.
Lost = Callable[[Any, str, str], Any]

_END = object()


def _init_worker(parent: int) -> None:
    # Ctrl-C reaches the whole process group; the parent stops the run, workers just go away quietly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)


def _die_with(parent: int) -> None:
    """Have the kernel kill this worker when the batch's parent dies (even by kill -9): no orphans."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the pool's own pipes end idle workers
        return
    if os.getppid() != parent:  # the parent died before the request was in place
        os._exit(1)


def _rss(pid: int) -> int:
    """Resident memory of a process in bytes (Linux /proc); 0 where it cannot be read."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def can_watch_memory() -> bool:
    return _rss(os.getpid()) > 0


class MemoryWatch:
    """Kill any worker of a pool whose resident memory passes ``limit`` bytes.

    The parent polls each worker's RSS rather than capping address space (RLIMIT_AS), which
    numpy's and PDFium's allocators reserve far beyond what they touch. A killed worker breaks
    the pool; ``tripped`` tells the caller the cause was memory, not a crash.
    """

    def __init__(self, pool: ProcessPoolExecutor, limit: int | None, interval: float = 0.05):
        self.pool = pool
        self.limit = limit
        self.interval = interval
        self.tripped = False
        self._stop = threading.Event()
        self._thread = None
        if limit:
            self._thread = threading.Thread(target=self._run, name="policytext-memory-watch", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                pids = list((getattr(self.pool, "_processes", None) or {}).keys())
            except RuntimeError:  # the pool changed its table meanwhile: look again next time
                continue
            for pid in pids:
                if _rss(pid) > self.limit:
                    self.tripped = True
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


def _new_pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(os.getpid(),))


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop every worker now, even one stuck in C code (shutdown alone would wait for it)."""
    kill = getattr(pool, "kill_workers", None)  # Python 3.14+
    if kill is not None:
        kill()
    else:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def _too_large(limit: int) -> str:
    return f"the worker passed the memory ceiling of {limit / 2**20:,.0f} MiB on this input and was killed"


def _alone(work: Callable[[T], R], task: T, lost: Lost, hang_limit: float | None, max_memory: int | None) -> R:
    """Run one task in a pool of its own, to tell whether it is the one that kills workers."""
    pool = _new_pool(1)
    watch = MemoryWatch(pool, max_memory)
    try:
        return pool.submit(work, task).result(timeout=hang_limit)
    except TimeoutError:
        _kill(pool)
        return lost(task, "timeout", f"parsing did not stop within {hang_limit:g} s; its worker was killed")
    except BrokenProcessPool:
        if watch.tripped:
            return lost(task, "too_large", _too_large(max_memory or 0))
        return lost(task, "crash", "the worker process died on this input (a native library crashed "
                                   "or the system ran out of memory)")
    except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled: one input, not the run
        return lost(task, "internal", f"{type(exc).__name__}: {exc}")
    finally:
        watch.stop()
        pool.shutdown(wait=True, cancel_futures=True)


def ordered_map(
    work: Callable[[T], R],
    tasks: Iterable[T],
    jobs: int,
    lost: Lost,
    *,
    hang_limit: float | None = None,
    window: int | None = None,
    max_memory: int | None = None,
) -> Iterator[R]:
    """``map(work, tasks)`` over ``jobs`` processes with at most ``window`` tasks in flight.

    ``work`` must be a module-level function that reports its own errors in its
    result. ``hang_limit`` (seconds) bounds how long the oldest task may run
    before its worker is killed; None waits forever. ``max_memory`` (bytes) is each worker's
    resident-memory ceiling: the task that passes it ends as a ``too_large`` result.
    """
    window = max(window or 4 * jobs, jobs)
    source = iter(tasks)
    again: deque[T] = deque()  # tasks to run again after a pool was replaced, before new ones
    pending: deque[tuple[T, Future]] = deque()
    pool = _new_pool(jobs)
    watch = MemoryWatch(pool, max_memory)
    clean = False
    try:
        while True:
            while len(pending) < window:
                task = again.popleft() if again else next(source, _END)
                if task is _END:
                    break
                try:
                    pending.append((task, pool.submit(work, task)))
                except BrokenProcessPool:
                    again.appendleft(task)
                    if pending:  # dealt with below, when the oldest task's result is collected
                        break
                    _kill(pool)  # a worker died between tasks: nothing in flight was lost
                    watch.stop()
                    pool = _new_pool(jobs)
                    watch = MemoryWatch(pool, max_memory)
            if not pending:
                clean = True
                return
            task, future = pending.popleft()
            try:
                result = future.result(timeout=hang_limit)
            except TimeoutError:
                # Workers run tasks in submission order, so the oldest task has been running at least this long.
                _kill(pool)
                result = lost(task, "timeout", f"parsing did not stop within {hang_limit:g} s; its worker was killed")
            except BrokenProcessPool:
                _kill(pool)
                result = _alone(work, task, lost, hang_limit, max_memory)
            except Exception as exc:  # noqa: BLE001 - this one task failed to travel between processes
                yield lost(task, "internal", f"{type(exc).__name__}: {exc}")
                continue
            else:
                yield result
                continue
            # The pool is gone: everything else that was in flight runs again, in order, in a fresh pool.
            again.extendleft(reversed([t for t, _ in pending]))
            pending.clear()
            watch.stop()
            pool = _new_pool(jobs)
            watch = MemoryWatch(pool, max_memory)
            yield result
    finally:
        watch.stop()
        if not clean:
            _kill(pool)
        pool.shutdown(wait=True, cancel_futures=True)
