"""The cyclic garbage collector and the long-lived data of a run: the dataset and its analysis.

A dataset of 100,000 participations is over a million objects, none of them in a reference cycle, that
live as long as the run. Python's collector scans every one of them in each full collection, several
times while the views and pages are made (0.7 s of a 4.7 s ``report``, measured), and in a forked child
it also writes to each (copy-on-write: the child copies the parent's memory page by page). The Python
documentation of :func:`gc.freeze` gives the remedy used here: objects that live as long as the run are
frozen (moved to a permanent generation the collector does not scan), and frozen before a fork.

Frozen objects are still freed when nothing refers to them (reference counting); only a reference cycle
among them would stay until they are unfrozen. The dataset records hold no cycles.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["long_lived", "paused", "settle"]


@contextmanager
def paused() -> Iterator[None]:
    """Pause the collector while many records are made, then count them as old.

    With a million new objects the collector runs full collections over and over (building the records
    of the 1M dataset took 3x as long, measured). None of them is a cycle, and they live as long as the
    Dataset: afterwards they join the oldest generation at once (``freeze`` then ``unfreeze``: two list
    moves) instead of being scanned as young objects first; unless the program froze objects itself.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def settle() -> None:
    """Freeze every object there is now, for good: for a process that runs one command (the command
    line), once its dataset is read and once it is analysed. The process ends with the command."""
    gc.freeze()


@contextmanager
def long_lived() -> Iterator[None]:
    """Freeze the objects there are now (the dataset, the analysis) while the block runs: the collector
    scans only what the block makes, and a child forked in the block does not copy them by scanning.

    At the end they are unfrozen, as if nothing had happened; unless objects were frozen already when
    the block began (:func:`settle`, or the program's own): then they all stay frozen, as the caller
    keeps its frozen objects.
    """
    first = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if first:
            gc.unfreeze()
