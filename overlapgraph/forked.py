"""Work started in a forked child process, on the machine's other core, while the caller goes on.

The child is forked, so it starts with the caller's memory as it is (the dataset, the analysis) and
nothing is copied or pickled on the way in; only the result comes back (pickled). Off Linux (Windows
has no fork; macOS has one that is unsafe after its frameworks are used), or when the child dies, the
work runs in the caller instead: the result is the same either way.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar, cast

__all__ = ["Pending", "can_fork", "later"]

T = TypeVar("T")

_JOBS: dict[int, Callable[[], Any]] = {}


def can_fork() -> bool:
    """Whether work can run in a forked child here: on Linux. macOS offers fork, but a process that has
    used the system's frameworks may crash in a forked child (Python's default there is spawn)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _run(key: int) -> Any:
    """Run in the child: the job its parent left in ``_JOBS`` when it forked."""
    return _JOBS[key]()


class Pending(Generic[T]):
    """A job started by :func:`later`: call it to wait for the job's result; :meth:`cancel` it when the
    result is no longer wanted (the caller failed meanwhile), so that no child is left running."""

    def __init__(self, wait: Callable[[], T], cancel: Callable[[], None] | None = None) -> None:
        self._wait = wait
        self._cancel = cancel

    def __call__(self) -> T:
        return self._wait()

    def cancel(self) -> None:
        """End the child now if it still runs (its result is dropped); nothing when the job ran here."""
        if self._cancel is not None:
            self._cancel()


def later(job: Callable[[], T], *, fork: bool = True) -> Pending[T]:
    """Start ``job`` in a forked child (with ``fork`` and where the platform forks; else here, now);
    the :class:`Pending` returned waits for its result when called.

    An exception ``job`` raises in the child is raised by the call, as it would be here.

    >>> later(lambda: 6 * 7)()
    42
    >>> later(lambda: 6 * 7, fork=False)()
    42
    """
    if not (fork and can_fork()):
        value = job()
        return Pending(lambda: value)
    key = id(job)
    _JOBS[key] = job
    try:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        future = pool.submit(_run, key)  # the child is forked here, with the job in _JOBS
    except OSError:  # no process to be had: do it here
        value = job()
        return Pending(lambda: value)
    finally:
        _JOBS.pop(key, None)

    def wait() -> T:
        try:
            return cast(T, future.result())
        except BrokenProcessPool:  # the child died (out of memory, killed): do it here
            return job()
        finally:  # the pool's thread and child end here, before anything forks again
            pool.shutdown(wait=True)

    def cancel() -> None:
        if not future.done():
            # the pool has no public way to stop a running job before Python 3.14 (terminate_workers)
            processes: dict[int, Any] = getattr(pool, "_processes", None) or {}
            for process in list(processes.values()):
                process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)

    return Pending(wait, cancel)
