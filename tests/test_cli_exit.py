"""The entry point ends the process itself (overlapgraph.cli._main): nothing of a run may be lost by it.

Each test runs a real process: the output must reach a pipe (block-buffered, so only a flush gets it
there), the exit handlers must run and the exit status must be the command's.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from overlapgraph.pipeline import MATRIX_FILE, REPORT_VIEWS

DATA = Path(__file__).resolve().parents[1] / "data"
REPORT_FILES = ["synergies.csv", MATRIX_FILE, *(name for _, name in REPORT_VIEWS)]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "overlapgraph", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_report_output_and_files_are_complete(tmp_path: Path) -> None:
    proc = run("report", str(DATA / "empact-2022"), "-o", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(REPORT_FILES)
    # the summary (stdout) and the "Wrote" lines (stderr) reach their pipes whole
    assert "priority pairs share evidence" in proc.stdout and proc.stdout.endswith("\n")
    assert proc.stderr.count("Wrote ") == len(REPORT_FILES)


def test_long_output_reaches_a_pipe_whole(tmp_path: Path) -> None:
    from overlapgraph.ingest import write_dataset
    from overlapgraph.pipeline import build_report
    from overlapgraph.synthetic import synthetic_dataset

    ds = synthetic_dataset(priorities=30, actions=400, actors=60, actors_per_action=3, seed=2)  # constructed
    write_dataset(ds, tmp_path / "ds")
    proc = run("-q", "synergies", str(tmp_path / "ds"), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    pairs = len(build_report(ds).analysis.synergies)
    assert pairs > 300 and len(proc.stdout) > 100_000  # more than a pipe holds
    assert len(proc.stdout.splitlines()) == 1 + pairs  # the header and every pair, nothing cut off


def test_bad_input_keeps_its_status_and_message(tmp_path: Path) -> None:
    bad = tmp_path / "ds"
    bad.mkdir()
    (bad / "priorities.csv").write_text("code,name\nTHB,x\n", encoding="utf-8")  # constructed
    proc = run("report", str(bad), "-o", str(tmp_path / "out"))
    assert proc.returncode not in (0, 120)
    assert proc.stderr.strip() and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()
    usage = run("report", str(tmp_path / "missing"))
    assert usage.returncode == 2 and "does not exist" in usage.stderr


@pytest.mark.parametrize(
    ("status", "code", "stderr"), [(None, 0, ""), (0, 0, ""), (3, 3, ""), ("bad thing", 1, "bad thing\n")]
)
def test_leave_runs_exit_handlers_and_keeps_the_status(
    tmp_path: Path, status: object, code: int, stderr: str
) -> None:
    mark = tmp_path / "mark"
    script = textwrap.dedent(
        f"""
        import atexit, sys
        from pathlib import Path
        from overlapgraph.cli._main import leave
        atexit.register(lambda: Path({str(mark)!r}).write_text("ran"))
        sys.stdout.write("x" * 100_000)  # more than a pipe's buffer: only a flush gets it all out
        leave({status!r})
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == code
    assert proc.stdout == "x" * 100_000 and proc.stderr == stderr
    assert mark.read_text() == "ran"


def test_leave_with_a_thread_running_waits_for_it(tmp_path: Path) -> None:
    mark = tmp_path / "mark"
    script = textwrap.dedent(
        f"""
        import threading, time
        from pathlib import Path
        from overlapgraph.cli._main import leave
        def work():
            time.sleep(0.3)
            Path({str(mark)!r}).write_text("done")
        threading.Thread(target=work).start()
        leave(4)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 4
    assert mark.read_text() == "done"  # the normal shutdown joined the thread
