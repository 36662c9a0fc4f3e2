"""The cyclic garbage collector and the long-lived data of a run: the dataset and its analysis.

A dataset of 100,000 participations is over a million objects, none of them in a reference cycle, that
live as long as the run. Python's collector scans every one of them in each full collection, several
times while the views and pages are made (0.7 s of a 4.7 s ``report``, measured), and in a forked child
it also writes to each (copy-on-write: the child copies the parent's memory page by page). The Python
documentation of :func:`gc.freeze` gives the remedy used here: the collector is paused while the records,
the analysis and the pages are made (a child forked meanwhile starts with it paused), and objects that
live as long as the run are frozen (moved to a permanent generation the collector does not scan).

Frozen objects are still freed when nothing refers to them (reference counting); only a reference cycle
among them would stay until they are unfrozen. The dataset records hold no cycles.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["one_command", "paused", "settle"]


@contextmanager
def paused() -> Iterator[None]:
    """Pause the collector while the block makes many long-lived objects (records, an analysis, pages),
    then count what it made as old: nothing made in the block is scanned as young after it.

    With a million new objects the collector runs full collections over and over (building the records
    of the 1M dataset took 3x as long; the 1M report spent 3.4 s in collections while analysing and
    drawing, measured). Afterwards the objects join the oldest generation at once (``freeze`` then
    ``unfreeze``: two list moves); when objects were frozen already (:func:`settle`, or the program's
    own), they join those instead, as the program keeps its long-lived objects frozen. A child process
    forked in the block starts with the collector paused too, so it does not copy the parent's memory
    by scanning it. Garbage cycles made in the block wait for the next collection after it.
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
            else:
                gc.freeze()
            gc.enable()


_ONE_COMMAND = False


def one_command() -> None:
    """Say that this process runs one command and ends: the command line's entry point does
    (:func:`overlapgraph.cli.main`). :func:`settle` freezes from then on."""
    global _ONE_COMMAND
    _ONE_COMMAND = True


def runs_one_command() -> bool:
    """Whether this process runs one command and ends (:func:`one_command` was called)."""
    return _ONE_COMMAND


def settle() -> None:
    """In a process that runs one command (:func:`one_command`), freeze every object there is now, for
    good: the command line does once its dataset is read and once it is analysed, as the process ends
    with the command. Elsewhere nothing: a notebook, or tests that run the commands in their own
    process, keep their collector as it is."""
    if _ONE_COMMAND:
        gc.freeze()
