"""``overlapgraph load`` and ``report --neo4j`` against the real server, and their errors."""

from __future__ import annotations

import shutil
import time

import pytest

from overlapgraph.cli import cli
from overlapgraph.ingest import write_dataset
from overlapgraph.store import count_graph
from overlapgraph.store.local_server import free_port
from overlapgraph.synthetic import synthetic_dataset
from tests.test_store_load import csv_rows

pytestmark = pytest.mark.neo4j


def uri_args(settings) -> list[str]:
    return ["--uri", settings.uri]


def test_load_prints_what_it_created_then_what_it_updated(runner, neo4j_db, bundled):
    n = {t: len(csv_rows(bundled, t)) for t in ("priorities", "overlaps", "participations")}
    assert (n["priorities"], n["overlaps"], n["participations"]) == (15, 50, 0)  # 15 OAPs; §2.2; redacted
    first = runner.invoke(cli, ["load", str(bundled), *uri_args(neo4j_db)])
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    assert lines[0].startswith(f"Loaded {bundled} (load ")
    assert "  priorities           15 records:      15 created,       0 updated" in lines
    assert "  overlaps             50 records:      50 created,       0 updated" in lines
    assert "  participations        0 records:       0 created,       0 updated" in lines
    assert first.stderr == f"Loaded into {neo4j_db.uri} (database 'neo4j')\n"
    again = runner.invoke(cli, ["load", str(bundled), *uri_args(neo4j_db)])
    assert again.exit_code == 0
    assert "  priorities           15 records:       0 created,      15 updated" in again.stdout.splitlines()
    assert again.stdout.splitlines()[-2:] == [
        "  0 nodes and 0 relationships created, 0 nodes and 0 relationships deleted",
        "Wrote the analysis of 2022: 33 SYNERGY, 9 DECLARES, 15 PriorityInPeriod",
    ]


def test_report_from_neo4j_is_the_report_of_the_files(runner, neo4j_db, bundled, tmp_path):
    assert runner.invoke(cli, ["load", str(bundled), *uri_args(neo4j_db)]).exit_code == 0
    files = runner.invoke(cli, ["report", str(bundled), "-o", str(tmp_path / "files")])
    graph = runner.invoke(cli, ["report", "--neo4j", *uri_args(neo4j_db), "-o", str(tmp_path / "graph")])
    assert files.exit_code == graph.exit_code == 0, graph.output
    assert graph.stdout == files.stdout
    names = sorted(p.name for p in (tmp_path / "files").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "graph").iterdir())
    assert "synergies.csv" in names and "network.html" in names
    for name in names:
        assert (tmp_path / "graph" / name).read_bytes() == (tmp_path / "files" / name).read_bytes(), name


def test_bad_dataset_gives_the_errors_of_validate_and_writes_nothing(runner, neo4j_db, bundled, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(bundled, bad)
    text = (bad / "overlaps.csv").read_text(encoding="utf-8-sig")
    first_row = text.splitlines()[1]
    (bad / "overlaps.csv").write_text(
        text.replace(first_row, first_row.replace(",MS,", ",XX,", 1)), encoding="utf-8"
    )
    validate = runner.invoke(cli, ["validate", str(bad)])
    load = runner.invoke(cli, ["load", str(bad), *uri_args(neo4j_db)])
    assert validate.exit_code == load.exit_code == 1
    assert load.stderr == validate.stderr
    assert "overlaps.csv:2: column 'target_priority': unknown priority 'XX'" in load.stderr
    assert load.stdout == ""
    assert count_graph(neo4j_db) == {}


def test_server_not_running_fails_within_10_s_naming_the_uri(runner, bundled):
    uri = f"bolt://127.0.0.1:{free_port()}"
    t0 = time.monotonic()
    result = runner.invoke(cli, ["load", str(bundled), "--uri", uri])
    assert time.monotonic() - t0 < 10
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: Cannot reach Neo4j at {uri} while connecting (Connection refused). Is it running? Set "
        "NEO4J_URI or --uri to use another server, or start one with `overlapgraph server start`.\n"
    )


@pytest.mark.parametrize("scheme", ["neo4j", "neo4j+s", "bolt+s"])
def test_other_schemes_to_a_dead_server_fail_fast_too(runner, scheme):
    uri = f"{scheme}://127.0.0.1:{free_port()}"
    t0 = time.monotonic()
    result = runner.invoke(cli, ["report", "--neo4j", "--uri", uri, "-o", "/nonexistent/never-written"])
    assert time.monotonic() - t0 < 10
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: Cannot reach Neo4j at {uri} while connecting (")
    assert result.stderr.count("\n") == 1


def test_routing_uri_works_against_the_local_server(runner, neo4j_db, bundled, tmp_path):
    routed = neo4j_db.uri.replace("bolt://", "neo4j://")
    assert runner.invoke(cli, ["load", str(bundled), "--uri", routed]).exit_code == 0
    result = runner.invoke(cli, ["report", "--neo4j", "--uri", routed, "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{bundled} (period 2022): 15 priorities, 1 OAPs, 9 goals, 17 actions")


def test_large_load_shows_a_progress_bar_on_stderr(runner, neo4j_db, tmp_path):
    ds = synthetic_dataset(priorities=3, actions=1200, actors=20, actors_per_action=3, seed=2)
    write_dataset(ds, tmp_path / "synthetic")
    result = runner.invoke(cli, ["load", str(tmp_path / "synthetic"), *uri_args(neo4j_db)])
    assert result.exit_code == 0, result.output
    assert "Loading" in result.stderr
    assert "  participations     3600 records:    3600 created,       0 updated" in result.stdout.splitlines()
    assert count_graph(neo4j_db)["Action"] == 1200


def test_small_load_shows_no_progress_bar(runner, neo4j_db, bundled):
    result = runner.invoke(cli, ["load", str(bundled), *uri_args(neo4j_db)])
    assert "Loading" not in result.stderr


def test_password_is_not_a_command_line_option(runner, bundled):
    result = runner.invoke(cli, ["load", str(bundled), "--password", "secret-secret"])
    assert result.exit_code == 2
    assert "Error: No such option '--password'." in result.stderr


def test_load_help(runner):
    result = runner.invoke(cli, ["load", "-h"])
    assert result.exit_code == 0
    assert "NEO4J_PASSWORD" in result.stdout and "--replace" in result.stdout


def test_empty_neo4j_report_says_to_load_first(runner, neo4j_db, tmp_path):
    result = runner.invoke(cli, ["report", "--neo4j", *uri_args(neo4j_db), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: Neo4j at {neo4j_db.uri} (database 'neo4j') holds no dataset; "
        "load one with `overlapgraph load DATASET`\n"
    )
    assert not (tmp_path / "out").exists()
