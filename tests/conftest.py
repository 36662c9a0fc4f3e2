"""Shared fixtures: paths to the bundled data and real documents, a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data" / "empact-2022"
SOURCES = REPO / "data" / "sources"
THB_2022 = SOURCES / "oap-2022-thb-13607-21.txt"


@pytest.fixture(scope="session", autouse=True)
def _private_state_home(tmp_path_factory: pytest.TempPathFactory) -> object:
    """The record of files the tool wrote (overlapgraph.output) lives in a folder of this run, not ~."""
    import os

    before = os.environ.get("XDG_STATE_HOME")
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state-home"))
    yield None
    if before is None:
        os.environ.pop("XDG_STATE_HOME", None)
    else:
        os.environ["XDG_STATE_HOME"] = before


@pytest.fixture
def runner() -> CliRunner:
    """A click test runner (stdout and stderr kept apart)."""
    return CliRunner()


@pytest.fixture(scope="session")
def bundled() -> Path:
    """The bundled dataset folder data/empact-2022."""
    return BUNDLED


@pytest.fixture(scope="session")
def thb_document() -> Path:
    """The real public THB 2022 OAP document (Council 13607/21)."""
    assert THB_2022.is_file(), f"missing real source document {THB_2022}"
    return THB_2022


# ---------------------------------------------------------------------------- Neo4j (issue 3)


@pytest.fixture(scope="session")
def neo4j_server():
    """ONE real local Neo4j Community server for the whole run, stopped at the end even on failure.

    When it cannot start, every test using it ERRORS (never skips): the test command provides Java and
    Maven, so a missing server is a broken setup, not a reason to pass.
    """
    from overlapgraph.store.local_server import LocalNeo4j

    server = LocalNeo4j()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def neo4j_settings(neo4j_server):
    """Connection ``Settings`` for the session's server (auth off, database neo4j)."""
    return neo4j_server.settings()


@pytest.fixture
def neo4j_db(neo4j_settings):
    """The session's server with an empty graph (constraints and indexes stay); returns its Settings."""
    from overlapgraph.store import clear_database

    clear_database(neo4j_settings)
    return neo4j_settings


@pytest.fixture(scope="module")
def neo4j_bundled(neo4j_settings, bundled):
    """The session's server holding the bundled dataset and its analysis, for one module; returns Settings."""
    from overlapgraph.ingest import read_dataset
    from overlapgraph.store import clear_database, load_dataset, write_analyses

    clear_database(neo4j_settings)
    load_dataset(read_dataset(bundled), neo4j_settings)
    write_analyses(neo4j_settings)  # as `overlapgraph load` does
    yield neo4j_settings
    clear_database(neo4j_settings)
