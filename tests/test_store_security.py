"""The local server itself refuses what analysts' read-only queries must never do."""

from __future__ import annotations

import neo4j
import pytest

from overlapgraph.config import Settings
from overlapgraph.store.connection import connect


@pytest.mark.neo4j
def test_server_refuses_load_csv_from_its_files(neo4j_db: Settings) -> None:
    # Straight through the driver, bypassing the CLI's own LOAD CSV check: the server must refuse.
    with connect(neo4j_db) as driver, pytest.raises(neo4j.exceptions.ClientError) as info:
        driver.execute_query(
            "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line LIMIT 1",
            database_=neo4j_db.database,
            routing_=neo4j.RoutingControl.READ,
        )
    assert "allow_csv_import_from_file_urls" in str(info.value)


@pytest.mark.parametrize(
    "uri", ["neo4j+s://analyst:s3cret-pw@db.example:7687", "bolt://:s3cret-pw@127.0.0.1:1"]
)
def test_credentials_in_uri_are_refused_without_echoing_them(uri: str) -> None:
    from click.testing import CliRunner

    from overlapgraph.cli import cli

    result = CliRunner().invoke(cli, ["report", "--neo4j", "--uri", uri, "-o", "unused"])
    assert result.exit_code == 2
    assert "must not carry a user or password" in result.stderr
    assert "s3cret-pw" not in result.output
    with pytest.raises(ValueError) as info:
        Settings(uri=uri)
    assert "s3cret-pw" not in str(info.value)
