"""The in-memory report on the bundled data, checked against values read by hand from 13607/21 §2.2."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from overlapgraph import build_report, read_dataset
from overlapgraph.cli import cli

# Section 2.2 of 13607/21, lines 128 and 133, copied by hand.
MS = "1.1 1.2 2.1 2.3 2.4 2.5 3.1 3.2 3.4 5.1 8.1 8.2 8.3 8.4 8.5 9.1".split()
CFMLAR = "1.1 2.1 2.3 2.4 3.1 4.1 8.1 8.2 8.3 8.4 9.1".split()


def _pairs(rows: list[dict[str, str]]) -> dict[frozenset[str], dict[str, str]]:
    return {frozenset((r["priority_a"], r["priority_b"])): r for r in rows}


@pytest.fixture(scope="module")
def report_rows(bundled: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    out = tmp_path_factory.mktemp("report")
    result = CliRunner().invoke(cli, ["report", str(bundled), "-o", str(out)])
    assert result.exit_code == 0, result.output
    with (out / "synergies.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_ms_and_cfmlar_linked_by_ten_thb_actions(report_rows: list[dict[str, str]]) -> None:
    shared = sorted(set(MS) & set(CFMLAR), key=lambda c: tuple(map(int, c.split("."))))
    assert len(shared) == 10
    row = _pairs(report_rows)[frozenset(("MS", "CFMLAR"))]
    # THB names MS and CFMLAR together: co-named, neither declares the other
    assert (int(row["co_named_count"]), int(row["declared_count"]), row["status"]) == (10, 0, "co-named")
    assert row["co_named_items"].split("; ") == [f"THB-2022/OA {c}" for c in shared]
    # THB names 17 distinct actions; MS is declared by 16 of them, CFMLAR by 11: union 17.
    assert float(row["co_named_jaccard"]) == round(10 / 17, 4)


def test_thb_pairs_equal_declared_lines(report_rows: list[dict[str, str]]) -> None:
    pairs = _pairs(report_rows)
    assert int(pairs[frozenset(("THB", "MS"))]["declared_count"]) == len(MS)
    assert int(pairs[frozenset(("THB", "CFMLAR"))]["declared_count"]) == len(CFMLAR)
    assert int(pairs[frozenset(("THB", "OFS"))]["declared_count"]) == 1
    assert pairs[frozenset(("THB", "OFS"))]["declared_items"] == "THB-2022/OA 8.3"
    # THB is the declaring side: the counts are THB's declarations towards the other
    row = pairs[frozenset(("THB", "MS"))]
    assert (row["priority_a"], int(row["declared_a_to_b"]), int(row["declared_b_to_a"])) == ("MS", 0, len(MS))
    # actors and goals are not available (only THB has an OAP): empty cells, not zeros
    assert (row["actors_count"], row["goals_jaccard"]) == ("", "")


def test_ranking_and_pair_count(report_rows: list[dict[str, str]]) -> None:
    # Nine target priorities plus THB: every pair of the ten that shares a declared action.
    # OFS (only OA 8.3) and SD-NPS (OA 2.1, 8.5) share nothing; all other pairs of the ten do,
    # except those listed here, found by hand from lines 128-136.
    ranked = [(r["priority_a"], r["priority_b"]) for r in report_rows]
    assert {frozenset(p) for p in ranked[:2]} == {frozenset(("THB", "MS")), frozenset(("THB", "CFMLAR"))}
    scores = [float(r["score"]) for r in report_rows]
    assert scores == sorted(scores, reverse=True)
    # Declared pairs (THB and a target) rank above the co-named ones of the same size: the first co-named
    # pair, MS - CFMLAR (10 actions), comes after every THB pair declared on 4 actions or more.
    first_co = next(i for i, r in enumerate(report_rows) if r["status"] == "co-named")
    assert all(r["status"] == "unchecked" for r in report_rows[:first_co])
    assert all(int(r["declared_count"]) >= 4 for r in report_rows[:first_co])
    assert frozenset(("OFS", "SD-NPS")) not in _pairs(report_rows)
    assert frozenset(("CA", "HRCN")) not in _pairs(report_rows)


def test_report_summary_names_top_pair(bundled: Path) -> None:
    rep = build_report(read_dataset(bundled))
    first = rep.summary().splitlines()[3]
    assert first.startswith("  1. MS - THB: score ") and "declared 16 (jaccard 0.9412, weighted " in first


def test_report_writes_offline_html(bundled: Path, tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["report", str(bundled), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    html = (tmp_path / "out" / "network.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html
    assert "THB-2022/OA 8.3" in html
    import re

    assert not re.search(r"""(?:src|href)\s*=\s*["']?https?://""", html)
