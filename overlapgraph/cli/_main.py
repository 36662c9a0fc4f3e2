"""The process entry point: run the command, then end the process without tearing its heap down.

A command such as ``report`` holds the dataset, its graphs and its pages when it is done. A normal exit
frees them object by object before the process ends, which the operating system does at once anyway:
0.5 s of the 5 s of ``report`` on 100,000 participations, measured (``bench/bench_scale.py``). Like mypy
(``mypy.util.hard_exit``), the entry point ends the process itself once the command is done: it runs the
exit handlers (:mod:`atexit`: logging, temporary folders, ...), flushes stdout and stderr and calls
:func:`os._exit` with the command's exit status. Where anything else may still run (another thread) it
exits normally.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading

from ..collector import one_command
from ._group import cli

__all__ = ["main"]


def main() -> None:
    """Run the ``overlapgraph`` command line (the console script and ``python -m overlapgraph``)."""
    one_command()  # the long-lived data of the command is frozen once made (overlapgraph.collector)
    try:
        cli.main()  # standalone: click ends every run with SystemExit
    except SystemExit as done:
        leave(done.code)
    leave(0)


def leave(status: str | int | None) -> None:
    """End the process with ``status`` as :func:`sys.exit` would, without freeing the heap first."""
    if threading.active_count() > 1:
        sys.exit(status)  # a thread still running gets the normal shutdown, which waits for it
    if status is None:
        code = 0
    elif isinstance(status, int):
        code = status
    else:  # sys.exit("message"): the message on stderr, status 1
        print(status, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:  # closed early (a pipe into `head`): Python's own status for a failed flush
            code = code or 120
    os._exit(code)
