"""``report`` on the 10k synthetic dataset gives exactly the golden files made before the scale work.

See tests/golden_report.py for what the golden files hold and how they were made.
"""

from __future__ import annotations

from pathlib import Path

from tests.golden_report import read_golden, run_report, snapshot, synthetic_10k


def test_report_on_10k_synthetic_equals_the_golden_files(tmp_path: Path) -> None:
    ds = synthetic_10k(tmp_path)
    got = snapshot(tmp_path / "out", run_report(ds, tmp_path / "out"))
    want = read_golden()
    assert got["synergies.csv"] == want["synergies.csv"]
    assert got["report.txt"] == want["report.txt"]
    assert got["matrix"] == want["matrix"]
    for page, graph in want["pages"].items():
        assert got["pages"][page]["rest"] == graph["rest"], page
        assert len(got["pages"][page]["nodes"]) == len(graph["nodes"]), page
        for a, b in zip(got["pages"][page]["nodes"], graph["nodes"], strict=True):
            assert a == b, (page, b["id"])
        for a, b in zip(got["pages"][page]["edges"], graph["edges"], strict=True):
            assert a == b, (page, b["from"], b["to"])
