"""What a user runs, at scale: `overlapgraph report` on synthetic datasets of 10k, 100k, 1M participations.

For each size: writes the dataset in the dataset format (15 priorities, 300 actors, 5 actors per action;
``overlapgraph.synthetic``), runs the real ``overlapgraph report DATASET -o OUT`` in a fresh process (as a
user would: process start included) and reports its wall time and peak RSS, and the growth factor from
the previous size. Beside it, in the same run: the tool's read-and-validate of the same files
(``read_dataset``) against ``pandas.read_csv`` of the same files (each the best of ``--runs``
alternating rounds), and their ratio. The package's modules
are compiled to bytecode first, as ``pip install`` does.

Usage: python3 -m bench.bench_scale [--sizes 10000 100000 1000000] [--keep DIR] [--read-only] [--runs 3]
(--read-only: only the read-and-validate against pandas.read_csv, no report.)
Benchmarks are not tests: this prints figures from one run (the machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _run_report(dataset: Path, out: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one `overlapgraph report` in a fresh process."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "overlapgraph", "-q", "report", str(dataset), "-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"report failed on {dataset}: {err.strip()[:300]}")
    return wall, usage.ru_maxrss / 1024  # Linux: KiB


def _median_run(dataset: Path, out: Path, runs: int) -> tuple[float, float]:
    """The median wall seconds of ``runs`` reports, and the largest peak RSS (MiB) of them."""
    import statistics

    results = [_run_report(dataset, out) for _ in range(max(1, runs))]
    return statistics.median(w for w, _ in results), max(r for _, r in results)


def _read_times(dataset: Path, rounds: int) -> tuple[float, float]:
    """Seconds for the tool's read-and-validate and for pandas.read_csv of the same files (one process),
    each the best of ``rounds`` alternating rounds: at 10k participations both take hundredths of a
    second, where one round's noise can double either."""
    import pandas as pd

    from overlapgraph.ingest import read_dataset

    files = sorted(dataset.glob("*.csv"))
    pandas_s, tool_s = [], []
    for _ in range(max(1, rounds)):
        started = time.perf_counter()
        for f in files:
            pd.read_csv(f, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        pandas_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        read_dataset(dataset)
        tool_s.append(time.perf_counter() - started)
    return min(tool_s), min(pandas_s)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--keep", type=Path, default=None, help="Keep the datasets and reports here.")
    parser.add_argument("--read-only", action="store_true", help="Time only reading, not the report.")
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="Reports per dataset: the median wall is shown (shared, noisy machines).",
    )
    args = parser.parse_args(argv)

    import compileall

    import overlapgraph
    from overlapgraph.ingest import write_dataset
    from overlapgraph.synthetic import synthetic_dataset

    # The tool as installed: `pip install` compiles the modules to bytecode; a source checkout installed
    # editable under PYTHONDONTWRITEBYTECODE (as on our machines) would compile them on every run.
    compileall.compile_dir(Path(overlapgraph.__file__).parent, quiet=1)
    root = args.keep or Path(tempfile.mkdtemp(prefix="overlapgraph-scale-"))
    rows = []
    previous: float | None = None
    for n in args.sizes:
        ds_dir = root / f"synthetic-{n}"
        if not ds_dir.exists():
            write_dataset(
                synthetic_dataset(priorities=15, actions=n // 5, actors=300, actors_per_action=5, seed=1),
                ds_dir,
            )
        tool_s, pandas_s = _read_times(ds_dir, args.runs)
        if args.read_only:
            print(
                f"{n:>9,} participations: read+validate {tool_s:6.2f} s vs pandas.read_csv {pandas_s:5.2f} s "
                f"({tool_s / pandas_s:.1f}x)",
                flush=True,
            )
            continue
        wall, rss = _median_run(ds_dir, root / f"report-{n}", args.runs)
        growth = f"{wall / previous:.1f}x" if previous else "-"
        previous = wall
        rows.append((n, wall, rss, growth, tool_s, pandas_s))
        print(
            f"{n:>9,} participations: report {wall:7.2f} s, peak RSS {rss:7.0f} MiB, growth {growth:>6}; "
            f"read+validate {tool_s:6.2f} s vs pandas.read_csv {pandas_s:5.2f} s ({tool_s / pandas_s:.1f}x)",
            flush=True,
        )
    if rows:
        print(
            "\n| participations | report wall | peak RSS | growth | read+validate | pandas.read_csv | ratio |"
        )
        print("|---|---|---|---|---|---|---|")
        for n, wall, rss, growth, tool_s, pandas_s in rows:
            print(
                f"| {n:,} | {wall:.2f} s | {rss:.0f} MiB | {growth} | {tool_s:.2f} s | {pandas_s:.2f} s "
                f"| {tool_s / pandas_s:.1f}x |"
            )
    if args.read_only:
        return 0
    bundled = Path(__file__).resolve().parent.parent / "data" / "empact-2022"
    small_wall, _ = _median_run(bundled, root / "report-empact-2022", args.runs)
    print(f"\nreport data/empact-2022: {small_wall:.2f} s (median of {args.runs})")
    print("\nTargets (issue 'Scale'):")
    checks: list[tuple[str, bool]] = [("report data/empact-2022 < 1 s", small_wall < 1.0)]
    limits = {10_000: 1.5, 100_000: 4.0, 1_000_000: 30.0}
    by_size = {n: (wall, rss, tool_s / pandas_s) for n, wall, rss, _, tool_s, pandas_s in rows}
    for n, (wall, _rss, ratio) in by_size.items():
        if n in limits:
            checks.append((f"{n:,}: wall {wall:.2f} s <= {limits[n]} s", wall <= limits[n]))
        checks.append((f"{n:,}: read+validate {ratio:.1f}x <= 3x pandas.read_csv", ratio <= 3.0))
    if 1_000_000 in by_size:
        rss = by_size[1_000_000][1]
        checks.append((f"1,000,000: peak RSS {rss:.0f} MiB < 2048 MiB", rss < 2048))
    if 100_000 in by_size and 1_000_000 in by_size:
        g = by_size[1_000_000][0] / by_size[100_000][0]
        checks.append((f"growth 100k -> 1M {g:.1f}x <= 10x", g <= 10.0))
    for text, ok in checks:
        print(f"  {'met    ' if ok else 'NOT MET'}  {text}")
    print("every target met" if all(ok for _, ok in checks) else "some targets not met")
    if args.keep is None:
        print(f"(datasets in {root}; give --keep DIR to keep them on purpose)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
