#!/usr/bin/env bash
# Alternating A/B timing of `overlapgraph report` from two checkouts, in fresh processes: on a shared,
# noisy machine the speed drifts by tens of percent within minutes, so runs of A and B alternate and the
# min and median of each are printed, with the ratio of the medians.
#
# Usage: bash bench/ab_report.sh N DATASET DIR_A DIR_B
#   e.g.  git worktree add /tmp/old HEAD~3
#         bash bench/ab_report.sh 8 /tmp/scale/synthetic-10000 /tmp/old .
# Each checkout's modules are compiled first (as `pip install` does). Remove the worktree after.
set -euo pipefail
n=$1; dataset=$2; a=$(cd "$3" && pwd); b=$(cd "$4" && pwd)
python3 -m compileall -q "$a/overlapgraph" "$b/overlapgraph"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
TIMEFORMAT=%R
for i in $(seq "$n"); do
  for d in "$a" "$b"; do
    wall=$( { time (cd "$d" && python3 -m overlapgraph -q report "$dataset" -o "$out/$(basename "$d")-$i" \
      >/dev/null 2>&1); } 2>&1 )
    echo "$d $wall"
  done
done | python3 -c '
import statistics, sys
runs = {}
for line in sys.stdin:
    d, t = line.rsplit(" ", 1)
    runs.setdefault(d, []).append(float(t))
(a, ta), (b, tb) = runs.items()
for d, ts in runs.items():
    print(f"{d}: min {min(ts):.2f} s, median {statistics.median(ts):.2f} s ({len(ts)} runs)")
print(f"median A / B: {statistics.median(ta) / statistics.median(tb):.2f}x")
'
