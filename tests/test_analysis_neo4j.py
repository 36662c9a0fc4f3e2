"""The same analysis from files and from a real Neo4j read-back (never skipped: no server is a failure)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from overlapgraph import read_dataset
from overlapgraph.analysis import AnalysisOptions, action_links, analyse
from overlapgraph.cli import cli
from overlapgraph.config import Settings
from overlapgraph.present import synergy_row
from overlapgraph.store import load_dataset, read_dataset_from_neo4j

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.neo4j


def _env(settings: Settings) -> dict[str, str]:
    """The NEO4J_* variables that point the CLI at the test server."""
    env = {
        "NEO4J_URI": settings.uri,
        "NEO4J_USERNAME": settings.username,
        "NEO4J_DATABASE": settings.database,
    }
    if settings.password:
        env["NEO4J_PASSWORD"] = settings.password
    return env


@pytest.mark.parametrize("name", ["empact-2022", "constructed-2023"])
def test_files_and_neo4j_give_identical_results(neo4j_db: Settings, name: str) -> None:
    files = read_dataset(REPO / "data" / name)
    load_dataset(files, neo4j_db)
    back = read_dataset_from_neo4j(neo4j_db)
    for opts in (
        AnalysisOptions(),
        AnalysisOptions(weighting="idf", metric="cosine"),
        AnalysisOptions(by="actors"),
    ):
        a, b = analyse(files, opts), analyse(back, opts)
        assert [synergy_row(a, s) for s in a.synergies] == [synergy_row(b, s) for s in b.synergies]
        assert a.synergies == b.synergies and a.declarations == b.declarations
        assert a.structure.as_dict() == b.structure.as_dict()
    assert action_links(back) == action_links(files)


def test_two_periods_in_neo4j_are_never_mixed(neo4j_db: Settings, runner: CliRunner, bundled: Path) -> None:
    # The real 2022 data and the constructed 2023 data loaded together: two periods in one database.
    load_dataset(read_dataset(bundled), neo4j_db)
    load_dataset(read_dataset(REPO / "data" / "constructed-2023"), neo4j_db)
    back = read_dataset_from_neo4j(neo4j_db)
    assert sorted({o.period for o in back.oaps}) == ["2022", "2023"]
    for period, name in (("2022", "empact-2022"), ("2023", "constructed-2023")):
        from_db = analyse(back, AnalysisOptions(period=period))
        alone = analyse(read_dataset(REPO / "data" / name))
        assert [synergy_row(from_db, s)["declared_count"] for s in from_db.synergies] == [
            synergy_row(alone, s)["declared_count"] for s in alone.synergies
        ]
        pair = from_db.pair("MS", "THB")
        assert pair is not None and pair.count("declared") == {"2022": 16, "2023": 18}[period]  # never 34
    latest = analyse(back)
    assert latest.period == "2023" and "2 periods (2022, 2023)" in latest.notes[0]
    env = _env(neo4j_db)
    r = runner.invoke(cli, ["synergies", "--neo4j", "--format", "json"], env=env)
    assert r.exit_code == 0, r.output
    assert (
        "Warning: " in r.stderr and "analysing the latest, 2023; give --period to choose another" in r.stderr
    )
    r22 = runner.invoke(cli, ["synergies", "--neo4j", "--format", "json", "--period", "2022"], env=env)
    assert r22.stdout == runner.invoke(cli, ["synergies", str(bundled), "--format", "json"]).stdout


def test_synergies_command_reads_neo4j(neo4j_db: Settings, runner: CliRunner, bundled: Path) -> None:
    load_dataset(read_dataset(bundled), neo4j_db)
    env = _env(neo4j_db)
    from_db = runner.invoke(cli, ["synergies", "--neo4j", "--format", "json"], env=env)
    from_files = runner.invoke(cli, ["synergies", str(bundled), "--format", "json"])
    assert from_db.exit_code == 0, from_db.output
    assert from_db.stdout == from_files.stdout
    assert '"priority_a": "MS"' in from_db.stdout
