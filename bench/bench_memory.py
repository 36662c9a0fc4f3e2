"""Peak memory of analysing 1,000,000 participation rows (target: peak RSS under 2 GB).

Run: python -m bench.bench_memory [--actions 200000 --per-action 5]
Runs two fresh processes on the same synthetic dataset: one only builds the dataset, the other builds
it and analyses it (synergy table on all evidence, reciprocity, actor projection, structure); prints
each peak resident set size (ru_maxrss), the share the analysis adds, and their ratio.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time


def stage(analyse: bool, actions: int, per_action: int) -> None:
    from overlapgraph.synthetic import synthetic_dataset

    t0 = time.perf_counter()
    ds = synthetic_dataset(actions=actions, actors=300, actors_per_action=per_action)
    built = time.perf_counter() - t0
    detail = f"built in {built:.1f} s"
    if analyse:
        from overlapgraph.analysis import reciprocity, structure, synergy_table, weighted_projection

        t0 = time.perf_counter()
        table = synergy_table(ds)
        decl = reciprocity(ds)
        proj = weighted_projection(ds)
        st = structure(ds, table)
        detail += (
            f"; analysed in {time.perf_counter() - t0:.1f} s: {len(table)} pairs, {len(decl)} declarations, "
            f"{len(proj)} actor pairs, {len(st.communities)} communities, {len(st.bridges)} bridges"
        )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{len(ds.participations)} {peak_kib} {detail}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--actions", type=int, default=200_000)
    ap.add_argument("--per-action", type=int, default=5)
    ap.add_argument("--stage", choices=["build", "analyse"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stage:
        stage(args.stage == "analyse", args.actions, args.per_action)
        return
    peaks = {}
    for name in ("build", "analyse"):
        cmd = [sys.executable, "-m", "bench.bench_memory", "--stage", name]
        cmd += ["--actions", str(args.actions), "--per-action", str(args.per_action)]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.split(maxsplit=2)
        rows, peak_kib, detail = int(out[0]), int(out[1]), out[2].strip()
        peaks[name] = peak_kib / 1024**2
        print(f"{name:<8} {rows} participation rows: peak RSS {peaks[name]:.2f} GiB ({detail})")
    extra = peaks["analyse"] - peaks["build"]
    ratio = peaks["analyse"] / peaks["build"]
    print(f"analysis adds {extra:.2f} GiB; analyse / build peak ratio {ratio:.2f}x")
    ok = peaks["analyse"] * 1024**3 < 2e9
    print(f"peak {peaks['analyse']:.2f} GiB: {'OK' if ok else 'OVER'} (target < 2 GB)")


if __name__ == "__main__":
    main()
