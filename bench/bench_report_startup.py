"""Wall time of `overlapgraph report data/empact-2022`, process start included, against baselines.

Run: python -m bench.bench_report_startup [--runs 5]
Times, as fresh processes, (1) `python -c pass`, (2) importing every heavy library the project uses
(pandas, scipy.sparse, openpyxl, neo4j, pyvis), (3) the real report command; prints medians and ratios.
Target: the report under 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEAVY = "import pandas, scipy.sparse, openpyxl, neo4j, pyvis, networkx"


def wall(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cmds = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "import every heavy library": [sys.executable, "-c", HEAVY],
            "overlapgraph report data/empact-2022": [
                sys.executable,
                "-m",
                "overlapgraph",
                "report",
                "data/empact-2022",
                "-o",
                f"{tmp}/out",
            ],
        }
        wall(cmds["overlapgraph report data/empact-2022"])  # warm the OS file cache once
        times = {name: statistics.median(wall(c) for _ in range(args.runs)) for name, c in cmds.items()}
    for name, t in times.items():
        print(f"{name:<40} median of {args.runs}: {t:.3f} s")
    report, bare, heavy = (
        times["overlapgraph report data/empact-2022"],
        times["python -c pass"],
        times["import every heavy library"],
    )
    print(f"report / bare interpreter: {report / bare:.1f}x; report / heavy imports: {report / heavy:.2f}x")
    print(f"report wall time {report:.3f} s: {'OK' if report < 2 else 'OVER'} (target < 2 s)")


if __name__ == "__main__":
    main()
