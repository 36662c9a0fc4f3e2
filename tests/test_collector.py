"""The collector and the long-lived data (overlapgraph.collector): what is frozen, and for how long.

The collector's state is the interpreter's, so each test runs in a fresh process.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def run(code: str, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120, cwd=cwd
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_paused_in_a_settled_process_freezes_what_it_made() -> None:
    out = run(
        """
        import gc
        from overlapgraph.collector import one_command, paused, settle
        one_command()
        settle()  # as the command line does once it has read its dataset
        before = gc.get_freeze_count()
        with paused():
            data = [[i] for i in range(10_000)]
        print(before > 0, gc.get_freeze_count() >= before + 10_000, gc.isenabled())
        """
    )
    assert out == "True True True"


def test_paused_as_a_decorator_pauses_each_call_and_resumes_after_an_error() -> None:
    out = run(
        """
        import gc
        from overlapgraph.collector import paused
        @paused()
        def work(fail):
            if fail:
                raise ValueError("constructed")
            return gc.isenabled()
        seen = [work(False), work(False)]
        try:
            work(True)
        except ValueError:
            pass
        print(seen, gc.isenabled(), gc.get_freeze_count())
        """
    )
    assert out == "[False, False] True 0"


def test_paused_makes_records_old_and_the_collector_runs_again() -> None:
    out = run(
        """
        import gc
        from overlapgraph.collector import paused
        with paused():
            enabled_inside = gc.isenabled()
            data = [[i] for i in range(10_000)]
        # the records joined the oldest generation: none is young, none frozen
        print(enabled_inside, gc.isenabled(), gc.get_count()[0] < 1_000, gc.get_freeze_count())
        """
    )
    assert out == "False True True 0"


def test_frozen_objects_are_still_freed() -> None:
    out = run(
        """
        import gc, weakref
        from overlapgraph.collector import one_command, settle
        class Probe:  # a tracked object that can be watched
            pass
        probe = Probe()
        watch, holder = weakref.ref(probe), [probe]
        del probe
        one_command()
        settle()
        frozen = gc.get_freeze_count() > 0
        del holder  # no cycle: reference counting frees it at once, frozen or not
        print(frozen, watch() is None)
        """
    )
    assert out == "True True"


def test_the_command_line_freezes_its_dataset_and_analysis() -> None:
    root = Path(__file__).resolve().parents[1]
    code = """
        import atexit, gc, runpy, sys
        sys.argv = ["overlapgraph", "-q", "synergies", "data/empact-2022"]
        atexit.register(lambda: print("frozen", gc.get_freeze_count(), file=sys.stderr))
        runpy.run_module("overlapgraph", run_name="__main__")
        """
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120, cwd=root
    )
    assert done.returncode == 0, done.stderr
    assert "MS - THB" in done.stdout
    frozen = int(done.stderr.split("frozen ")[1].split()[0])
    assert frozen > 10_000  # the modules, the dataset and the analysis


def test_commands_run_in_a_process_of_their_own_freeze_nothing() -> None:
    """A notebook or the tests (click's runner) run commands in their process: its collector is kept."""
    out = run(
        """
        import gc
        from click.testing import CliRunner
        from overlapgraph.cli import cli
        from overlapgraph.collector import settle
        settle()
        result = CliRunner().invoke(cli, ["-q", "synergies", "data/empact-2022"])
        print(result.exit_code, gc.get_freeze_count())
        """,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert out == "0 0"
