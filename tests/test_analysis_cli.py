"""The `synergies` and `diff` commands, driven through click's runner."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from overlapgraph.cli import cli

REPO = Path(__file__).resolve().parent.parent
CONSTRUCTED = REPO / "data" / "constructed-2023"


def test_synergies_table_is_ranked_and_explained(runner: CliRunner, bundled: Path) -> None:
    result = runner.invoke(cli, ["synergies", str(bundled), "--top", "2"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("  1. MS - THB  score 0.") and lines[0].endswith(
        "  unchecked  (declared 16, co_named 0, actors n/a, goals n/a)"
    )
    assert lines[1] == (
        "     declared: THB-2022 declares OA 1.1, 1.2, 2.1, 2.3, 2.4, 2.5, 3.1, 3.2, 3.4, 5.1, 8.1, 8.2, "
        "8.3, 8.4, 8.5, 9.1 towards MS"
    )
    assert lines[2].startswith("  2. CFMLAR - THB  score ")
    # Only THB has an OAP: actors and goals are not available, and the note says so (not zeros).
    assert result.stderr == (
        "Note: Not available (no data to compare): actors (no actors on the actions of two priorities "
        "(no participations)); goals (fewer than two priorities with actions)\n"
    )


def test_synergies_json_and_filters(runner: CliRunner, bundled: Path) -> None:
    result = runner.invoke(cli, ["synergies", str(bundled), "--format", "json", "--priority", "CFMLAR"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert all("CFMLAR" in (r["priority_a"], r["priority_b"]) for r in rows)
    ms = next(r for r in rows if r["priority_b"] == "MS")
    # THB names CFMLAR and MS together on 10 actions: co-named, not declared by either
    assert (ms["declared_count"], ms["co_named_count"], ms["co_named_items"][0]) == (0, 10, "THB-2022/OA 1.1")
    assert ms["co_named_jaccard"] == round(10 / 17, 4) and ms["status"] == "co-named"
    assert ms["reason"].startswith("co-named: both named by THB-2022 OA 1.1, 2.1")
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    high = json.loads(
        runner.invoke(cli, ["synergies", str(bundled), "--format", "json", "--min-score", "0.3"]).stdout
    )
    assert [(r["priority_a"], r["priority_b"]) for r in high] == [("MS", "THB"), ("CFMLAR", "THB")]


def test_synergies_csv_by_actors(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["synergies", str(CONSTRUCTED), "--by", "actors", "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # actors by construction: THB-2023 and MS-2023 share DE, ES, FRONTEX, NL, EUROPOL;
    # THB-2023 and CSE-2023 BE, EUROPOL; MS-2023 and CSE-2023 share EUROPOL
    assert {(r["priority_a"], r["priority_b"]): r["actors_items"] for r in rows} == {
        ("MS", "THB"): "DE; ES; EUROPOL; FRONTEX; NL",
        ("CSE", "THB"): "BE; EUROPOL",
        ("CSE", "MS"): "EUROPOL",
    }
    no_oap = runner.invoke(
        cli, ["synergies", str(CONSTRUCTED), "--by", "actors", "--format", "csv", "--no-oap-actors"]
    )
    rows = list(csv.DictReader(io.StringIO(no_oap.stdout)))
    # participations only: THB {NL, EUROPOL, DE, FRONTEX, BE, FR, EUROJUST},
    # MS {EUROPOL, IT, NL, FRONTEX, DE, ES}
    assert {(r["priority_a"], r["priority_b"]): r["actors_items"] for r in rows}[("MS", "THB")] == (
        "DE; EUROPOL; FRONTEX; NL"
    )


def test_synergies_per_action(runner: CliRunner, bundled: Path) -> None:
    result = runner.invoke(cli, ["synergies", str(bundled), "--per-action", "--priority", "OFS"])
    assert result.exit_code == 0
    assert result.stdout == "THB-2022/OA 8.3 -> OFS  score 1.0  declared towards OFS\n"


def test_synergies_weights_change_the_score(runner: CliRunner) -> None:
    base = ["synergies", str(CONSTRUCTED), "--format", "json", "--priority", "MS", "--top", "1"]
    only_goals = json.loads(
        runner.invoke(
            cli, [*base, "--weight", "declared=0", "--weight", "co_named=0", "--weight", "actors=0"]
        ).stdout
    )
    assert only_goals[0]["score"] == pytest.approx(only_goals[0]["goals_weighted"], abs=1e-4)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--priority", "XX"], "Error: Invalid value for --priority: no priority 'XX' in "),
        (["--weight", "money=1"], "Error: Invalid value for --weight: 'money=1': expected KIND=WEIGHT"),
        (["--weight", "actors=-1"], "Error: Invalid value for --weight: 'actors=-1'"),
        (["--by", "money"], "Error: Invalid value for '--by'"),
        (["--min-score", "2"], "Error: Invalid value for '--min-score'"),
        (["--neo4j"], "Error: give either input files or --neo4j, not both"),
    ],
    ids=["unknown-priority", "unknown-kind", "negative-weight", "bad-by", "score-above-1", "neo4j-and-files"],
)
def test_synergies_usage_errors(runner: CliRunner, bundled: Path, args: list[str], message: str) -> None:
    result = runner.invoke(cli, ["synergies", str(bundled), *args])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith(message)
    assert result.stdout == ""


def test_synergies_bad_dataset_is_one_clear_error(runner: CliRunner, bundled: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(bundled, bad)
    with (bad / "overlaps.csv").open("a", encoding="utf-8") as f:
        f.write("THB-2022,7.7,MS,,somewhere\n")
    result = runner.invoke(cli, ["synergies", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "overlaps.csv:52" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    diff = runner.invoke(cli, ["diff", str(bundled), str(bad)])
    assert diff.exit_code == 1
    assert diff.stderr.startswith(f"Error: {bad}: ")


def test_diff_command(runner: CliRunner, bundled: Path) -> None:
    result = runner.invoke(cli, ["diff", str(bundled), str(CONSTRUCTED)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"From {bundled} to {CONSTRUCTED}:\n")
    assert (
        "Actors added (2):\n  EUROJUST  European Union Agency for Criminal Justice Cooperation\n  IT  Italy\n"
        in out
    )
    assert "Actors removed (1):\n  BG  Bulgaria\n" in out
    assert "  THB OA 8.3 -> OFS\n" in out
    assert out.rstrip().splitlines()[-1].startswith("Note: 17 actions have no title")
    same = runner.invoke(cli, ["diff", str(CONSTRUCTED), str(CONSTRUCTED)])
    assert same.stdout == f"From {CONSTRUCTED} to {CONSTRUCTED}:\nNo changes.\n"
    js = json.loads(runner.invoke(cli, ["diff", str(bundled), str(CONSTRUCTED), "--format", "json"]).stdout)
    assert {"item": "actor", "change": "removed", "key": "BG"}.items() <= next(
        c for c in js["changes"] if c["key"] == "BG"
    ).items()


def test_report_has_analysis_sections(
    runner: CliRunner, bundled: Path, tmp_path: Path, thb_document: Path
) -> None:
    result = runner.invoke(cli, ["report", str(bundled), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    recip = next(s for s in lines if s.startswith("Reciprocity: "))
    assert recip == (
        "Reciprocity: 0 one-sided, 0 reciprocated declarations; not checked (target OAPs not loaded): "
        "CA, CCH, CFMLAR, CSE, HRCN, MS, OFS, OPC, SD-NPS"
    )
    assert any(s.startswith("Communities (Louvain, seed 42): ") for s in lines)
    assert len(lines) <= 12  # the summary stays short
