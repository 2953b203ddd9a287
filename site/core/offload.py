"""CPU-heavy work (the easy-Japanese checker) in a small process pool, with a time budget.

Why a process pool: analysing a 20,000-character text takes about a second or more of
pure-Python CPU, and threads share one GIL, so a checker run in a request thread slows every
other request of the worker (bench/heavy.py, 4 maximal checks at once: /healthz p95 1,032-1,349
ms in the request thread, 52-99 ms with this pool). In a separate process the work only
competes for a core, at a lower priority (nice 10). One worker by default, so on a 2-core
machine one core stays free for the web server; extra jobs queue, a bounded number of them.

Each job has a budget in seconds counted from submission (queueing included): a job not
started by then is cancelled; one still running is stopped by restarting the pool (the other
job running at that moment, if any, fails with `Busy`). Callers turn `HeavyWorkError` into a
503 with a clear message.

Settings from the environment (read once):
  HEAVY_WORK_PROCESSES  worker processes (default 1; 0 runs the work in the calling thread,
                        with no budget: for debugging)
  HEAVY_WORK_TIMEOUT    seconds per job (default 20)
  HEAVY_WORK_QUEUE      jobs waiting or running at most before new ones get `Busy` (default 8)

The workers are started through multiprocessing's "forkserver": never forked from a threaded
server; the function and its arguments must be picklable and importable without Django (the
easy-Japanese engine is).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from . import concurrency

T = TypeVar("T")

PROCESSES = int(os.environ.get("HEAVY_WORK_PROCESSES", "1"))
TIMEOUT = float(os.environ.get("HEAVY_WORK_TIMEOUT", "20"))
QUEUE = int(os.environ.get("HEAVY_WORK_QUEUE", "8"))
NICENESS = 10


class HeavyWorkError(Exception):
    """The work could not be done now; the caller answers 503."""


class Busy(HeavyWorkError):
    """Too many jobs already waiting, or the pool had to restart under this job."""


class TimedOut(HeavyWorkError):
    """The job did not finish within its budget."""


_lock = threading.Lock()
_executor: ProcessPoolExecutor | None = None
_pending = 0
_warmer: Callable[[], Any] | None = None


def set_warmer(warmer: Callable[[], Any]) -> None:
    """What a new worker runs before its first job (the caller's dictionary load, say).

    A picklable callable (a module-level function or a functools.partial of one): the
    gateway sets the engine's, so this module stays free of any knowledge of the engine.
    """
    global _warmer
    _warmer = warmer


def _warm(warmer: Callable[[], Any] | None) -> None:
    """Worker initializer: a lower CPU priority than the web server (its requests come first
    when the cores are busy), then the caller's warm-up, before the first job."""
    os.nice(NICENESS)
    if warmer is not None:
        warmer()


def _get_executor() -> ProcessPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ProcessPoolExecutor(
                max_workers=PROCESSES,
                mp_context=multiprocessing.get_context("forkserver"),
                initializer=_warm,
                initargs=(_warmer,),
            )
        return _executor


def _restart(broken: ProcessPoolExecutor) -> None:
    """Stop the pool's processes (a job overran its budget) so the next job gets a fresh one."""
    global _executor
    with _lock:
        if _executor is broken:
            _executor = None
    for process in list((getattr(broken, "_processes", None) or {}).values()):
        process.terminate()
    broken.shutdown(wait=False, cancel_futures=True)


def warm_up() -> None:
    """Start the workers now (e.g. at server start) instead of on the first job."""
    if PROCESSES > 0:
        _get_executor().submit(_warm, None).result(timeout=60)


def run(fn: Callable[..., T], /, *args: Any, timeout: float | None = None, **kwargs: Any) -> T:
    """Run ``fn(*args, **kwargs)`` in the pool and return its result within the budget."""
    global _pending
    if PROCESSES <= 0:
        return fn(*args, **kwargs)
    with _lock:
        if _pending >= QUEUE:
            raise Busy(f"{_pending} jobs already queued")
        _pending += 1
    try:
        executor = _get_executor()
        future = executor.submit(fn, *args, **kwargs)
        try:
            with concurrency.released():  # waiting needs no turn in this worker
                return future.result(timeout=TIMEOUT if timeout is None else timeout)
        except FutureTimeout:
            if not future.cancel():  # already running: stop it
                _restart(executor)
            raise TimedOut(f"no result within {timeout or TIMEOUT:g} s") from None
        except BrokenProcessPool:
            _restart(executor)
            raise Busy("the worker pool restarted") from None
    finally:
        with _lock:
            _pending -= 1
