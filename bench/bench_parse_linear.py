"""Parse time of hostile text grows linearly (issue 17): markdown marks, spaces, brackets, quotes.

Run: python -m bench.bench_parse_linear [--sizes 100000 300000 1000000]
For each hostile unit ("*x ", "_a ", ...) repeated to each size, times ``clean_line`` on one line of it
(the markdown emphasis scan took 354 s on 300 KB of "*x " before), and the whole ``parse`` of the real
THB document with that line appended. Prints seconds per size and the ratio of the largest to the
smallest time per byte: about 1 for linear growth (4 would be quadratic at a tenfold size). Fails
(exit 1) when 1 MB of any unit takes 1 s or more in ``clean_line``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from overlapgraph.ingest.documents import parse_documents
from overlapgraph.ingest.oap_source import clean_line

UNITS = ("*x ", "_a ", "*", "_x_ ", "*x* ", "a_b ", "( x ", "   ", "A , ")
THB = Path(__file__).resolve().parent.parent / "data" / "sources" / "oap-2022-thb-13607-21.txt"


def _best(f: object, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 300_000, 1_000_000])
    args = ap.parse_args(argv)
    sizes = sorted(args.sizes)
    ok = True
    print(f"{'unit':>8} " + " ".join(f"{s:>12,}" for s in sizes) + "  growth (time/byte, largest/smallest)")
    for unit in UNITS:
        times = [_best(lambda n=n, u=unit: clean_line(u * (n // len(u)))) for n in sizes]
        growth = (times[-1] / sizes[-1]) / (times[0] / sizes[0]) if times[0] > 0 else float("nan")
        print(f"{unit!r:>8} " + " ".join(f"{t:>11.3f}s" for t in times) + f"  {growth:.2f}")
        if sizes[-1] >= 1_000_000 and times[-1] >= 1.0:
            ok = False
    print("\nparse of the THB document with one hostile line appended (seconds):")
    with tempfile.TemporaryDirectory() as tmp:
        base = THB.read_text(encoding="utf-8")
        for unit in ("*x ", "_a "):
            row = []
            for n in sizes:
                doc = Path(tmp) / "thb.txt"
                doc.write_text(base + "\n" + unit * (n // len(unit)) + "\n", encoding="utf-8")
                row.append(_best(lambda doc=doc: parse_documents([doc]), repeat=1))
            print(f"{unit!r:>8} " + " ".join(f"{t:>11.3f}s" for t in row))
    if not ok:
        print("FAIL: 1 MB of hostile text took 1 s or more", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
