"""The same analysis from files and from a real Neo4j read-back (never skipped: no server is a failure)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from overlapgraph import read_dataset
from overlapgraph.analysis import action_links, reciprocity, structure, synergy_table
from overlapgraph.cli import cli
from overlapgraph.config import Settings
from overlapgraph.store import load_dataset, read_dataset_from_neo4j

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.neo4j


@pytest.mark.parametrize("name", ["empact-2022", "constructed-2023"])
def test_files_and_neo4j_give_identical_results(neo4j_db: Settings, name: str) -> None:
    files = read_dataset(REPO / "data" / name)
    load_dataset(files, neo4j_db)
    back = read_dataset_from_neo4j(neo4j_db)
    for kw in ({}, {"weighting": "newman", "metric": "cosine"}, {"by": "actors"}):
        a, b = synergy_table(files, **kw), synergy_table(back, **kw)  # type: ignore[arg-type]
        assert [(s.rank, s.a, s.b, s.score, s.reason, dict(s.evidence)) for s in a] == [
            (s.rank, s.a, s.b, s.score, s.reason, dict(s.evidence)) for s in b
        ]
    assert action_links(back) == action_links(files)
    assert reciprocity(back) == reciprocity(files)
    st_a, st_b = structure(files, synergy_table(files)), structure(back, synergy_table(back))
    assert st_a.as_dict() == st_b.as_dict()


def test_synergies_command_reads_neo4j(neo4j_db: Settings, runner: CliRunner, bundled: Path) -> None:
    load_dataset(read_dataset(bundled), neo4j_db)
    env = {
        "NEO4J_URI": neo4j_db.uri,
        "NEO4J_USERNAME": neo4j_db.username,
        "NEO4J_DATABASE": neo4j_db.database,
    }
    if neo4j_db.password:
        env["NEO4J_PASSWORD"] = neo4j_db.password
    from_db = runner.invoke(cli, ["synergies", "--neo4j", "--format", "json"], env=env)
    from_files = runner.invoke(cli, ["synergies", str(bundled), "--format", "json"])
    assert from_db.exit_code == 0, from_db.output
    assert from_db.stdout == from_files.stdout
    assert '"priority_a": "MS"' in from_db.stdout
