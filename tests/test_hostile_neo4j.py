"""Issue 17, Neo4j: no secret in any message, IPv6 with brackets, the read-only promise, query cost bounded.

The statements and settings are made by the tests (constructed); the server is the session's real one.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from overlapgraph.cli import cli
from overlapgraph.config import Settings
from overlapgraph.errors import StoreError
from overlapgraph.store.readonly import check_statement, cypher_tokens

pytestmark = pytest.mark.constructed


def _env(settings: Settings) -> dict[str, str | None]:
    return {
        "NEO4J_URI": settings.uri,
        "NEO4J_DATABASE": settings.database,
        "NEO4J_PASSWORD": settings.password,
    }


# ---------------------------------------------------------------------------- secrets and addresses


@pytest.mark.parametrize(
    "uri",
    ["bolt://neo4j%3ASecret%40127.0.0.1:7687", "bolt://Secret%40127.0.0.1:7687", "neo4j://neo4j:Secret@h:1"],
)
def test_percent_encoded_credentials_are_never_printed(runner: CliRunner, uri: str) -> None:
    r = runner.invoke(cli, ["cypher", "RETURN 1"], env={"NEO4J_URI": uri})
    assert r.exit_code == 2  # a usage error, as for any credentials in the URI
    assert "Secret" not in r.output and "secret" not in r.output.lower()
    assert r.stderr.count("Error:") == 1


def test_scrub_removes_the_password_in_every_form() -> None:
    from overlapgraph.store.connection import _scrub

    s = Settings(uri="bolt://127.0.0.1:1", password="Secret@1 x")
    text = _scrub("a Secret@1 x b Secret%401%20x c SECRET%401+X d bolt://neo4j:Secret@h:1 e", s)
    assert "ecret" not in text.lower()
    assert text == "a *** b *** c *** d bolt://***@h:1 e"


def test_ipv6_uri_is_printed_with_brackets(runner: CliRunner) -> None:
    assert Settings(uri="bolt://[::1]:7811").safe_uri == "bolt://[::1]:7811"
    r = runner.invoke(cli, ["cypher", "RETURN 1"], env={"NEO4J_URI": "bolt://[::1]:7811"})
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: Cannot reach Neo4j at bolt://[::1]:7811 while connecting")
    assert r.stderr.count("\n") == 1


def test_a_port_that_is_not_a_number(runner: CliRunner) -> None:
    r = runner.invoke(cli, ["cypher", "RETURN 1"], env={"NEO4J_URI": "bolt://127.0.0.1:99999"})
    assert r.exit_code == 2
    assert "Error: Invalid value for --uri: the Neo4j URI's port is not a number from 0 to 65535" in r.stderr


# ---------------------------------------------------------------------------- the read-only promise

ADMIN = {
    "terminate": (
        "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
        "refused: TERMINATE administers the server",
    ),
    "terminate-lower": ("terminate transaction 'x'", "refused: TERMINATE administers the server"),
    "explain-terminate": ("EXPLAIN TERMINATE TRANSACTIONS 'x'", "refused: TERMINATE administers the server"),
    "cypher-prefix": ("CYPHER 5 TERMINATE TRANSACTIONS 'x'", "refused: TERMINATE administers the server"),
    "show-transactions": ("SHOW TRANSACTIONS", "refused: SHOW TRANSACTIONS administers the server"),
    "show-tx-yield": ("SHOW TRANSACTIONS YIELD * RETURN *", "refused: SHOW TRANSACTIONS administers"),
    "show-settings": ("SHOW SETTINGS", "refused: SHOW SETTINGS administers the server"),
    "show-users": ("USE system SHOW USERS", "refused: SHOW USERS administers the server"),
    "alter-user": ("ALTER USER neo4j SET PASSWORD 'x'", "refused: ALTER administers the server"),
    "stop-database": ("STOP DATABASE neo4j", "refused: STOP administers the server"),
    "grant": ("GRANT ROLE admin TO neo4j", "refused: GRANT administers the server"),
    "commented": ("/* MATCH */ // x\n TERMINATE TRANSACTIONS 'x'", "refused: TERMINATE administers"),
    "second-statement": ("RETURN 1; TERMINATE TRANSACTIONS 'x'", "refused: TERMINATE administers"),
}


@pytest.mark.parametrize(("statement", "message"), list(ADMIN.values()), ids=list(ADMIN))
def test_administration_commands_are_refused_before_sending(
    runner: CliRunner, statement: str, message: str
) -> None:
    # No server at this address: the refusal comes before any connection.
    r = runner.invoke(cli, ["cypher", statement], env={"NEO4J_URI": "bolt://127.0.0.1:1"})
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: {message}"), r.stderr
    assert r.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "statement",
    [
        "MATCH (n) RETURN n",
        "SHOW INDEXES YIELD name RETURN name",
        "SHOW UNIQUE CONSTRAINTS",
        "SHOW PROCEDURES YIELD name",
        "RETURN 'TERMINATE TRANSACTIONS' AS text // SHOW TRANSACTIONS",
        "MATCH (n) WHERE n.`show` = 1 RETURN n",
        "CALL { MATCH (n) RETURN n } RETURN n",
        "EXPLAIN MATCH (n) RETURN n",
    ],
)
def test_reading_statements_pass_the_check(statement: str) -> None:
    check_statement(statement)


def test_procedures_are_found_wherever_they_are_called() -> None:
    assert check_statement("MATCH (n) CALL { CALL db.clearQueryCaches() } RETURN 1") == [
        "db.clearQueryCaches"
    ]
    assert check_statement("CALL `dbms`.`listConfig`()") == ["dbms.listConfig"]
    with pytest.raises(StoreError, match="LOAD CSV is not allowed"):
        check_statement("load  csv from 'file:///etc/passwd' as l return l")


def test_tokens_are_linear_and_total() -> None:
    for hostile in ("'" * 200_000, "\\'" * 100_000, "/*" * 100_000, "`" * 200_000, '"\\' * 100_000):
        t0 = time.perf_counter()
        cypher_tokens(hostile)
        assert time.perf_counter() - t0 < 1.0


@pytest.mark.neo4j
@pytest.mark.parametrize(
    "statement", ["CALL db.clearQueryCaches()", "CALL dbms.listConfig()", "CALL dbms.listConnections()"]
)
def test_dbms_procedures_are_refused(runner: CliRunner, neo4j_db: Settings, statement: str) -> None:
    r = runner.invoke(cli, ["cypher", statement], env=_env(neo4j_db))
    assert r.exit_code == 1
    name = statement.removeprefix("CALL ").removesuffix("()")
    assert r.stderr == (
        f"Error: refused: procedure {name} administers the server (mode DBMS); queries here may call read "
        "procedures only\n"
    )


@pytest.mark.neo4j
def test_read_procedures_still_run(runner: CliRunner, neo4j_db: Settings) -> None:
    r = runner.invoke(
        cli, ["cypher", "CALL db.labels() YIELD label RETURN count(label) AS n"], env=_env(neo4j_db)
    )
    assert r.exit_code == 0, r.output


@pytest.mark.neo4j
def test_a_query_the_server_does_not_stop_is_ended_by_the_client(
    runner: CliRunner, neo4j_db: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from overlapgraph.store import readonly

    monkeypatch.setattr(readonly, "CLIENT_GRACE", 1.0)
    statement = "RETURN size(reduce(s = '', x IN range(1, 2000000) | s + 'xxxxxxxxxx')) AS n"
    t0 = time.monotonic()
    r = runner.invoke(cli, ["cypher", statement, "--timeout", "2"], env=_env(neo4j_db))
    elapsed = time.monotonic() - t0
    assert r.exit_code == 1
    assert r.stderr.startswith("Error: stopped: the query ran longer than the 2 s time limit"), r.stderr
    assert r.stderr.count("\n") == 1
    assert elapsed < 2 + 1 + 2 * 4.0 + 10  # timeout, grace, connection, and the termination itself


# ---------------------------------------------------------------------------- the local server


def test_too_short_password_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    r = runner.invoke(cli, ["server", "--state-dir", str(tmp_path), "start"], env={"NEO4J_PASSWORD": "abc"})
    assert r.exit_code == 1
    assert r.stderr == "Error: NEO4J_PASSWORD has 3 characters; a Neo4j password needs at least 8\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.neo4j
@pytest.mark.slow
def test_restart_with_the_same_password(runner: CliRunner, tmp_path: Path) -> None:
    env = {"NEO4J_PASSWORD": "same-password-17"}
    state = str(tmp_path / "state")
    try:
        for _ in range(2):
            t0 = time.monotonic()
            r = runner.invoke(cli, ["server", "--state-dir", state, "start"], env=env)
            assert r.exit_code == 0, r.output
            assert time.monotonic() - t0 < 110  # not the launcher's 120 s wait for a refused ALTER USER
            r = runner.invoke(cli, ["cypher", "RETURN 1 AS one"], env={**env, "NEO4J_URI": r.stdout.strip()})
            assert r.exit_code == 0, r.output
            assert runner.invoke(cli, ["server", "--state-dir", state, "stop"]).exit_code == 0
    finally:
        runner.invoke(cli, ["server", "--state-dir", state, "stop"])


@pytest.mark.parametrize("value", ["99999999999999999999999", "-9223372036854775809", "9" * 100_000])
def test_query_parameter_beyond_64_bits_is_one_line(runner: CliRunner, value: str) -> None:
    # No server at this address: the parameter is refused before anything is sent.
    r = runner.invoke(
        cli,
        [
            "query",
            "run",
            "actors_in_many_priorities",
            "-p",
            f"min_priorities={value}",
            "-p",
            "include_oap_roles=true",
        ],
        env={"NEO4J_URI": "bolt://127.0.0.1:1"},
    )
    assert r.exit_code == 1
    assert r.stderr.startswith(
        "Error: query 'actors_in_many_priorities': parameter 'min_priorities' wants an int of 64 bits "
        "(-9223372036854775808 to 9223372036854775807), got "
    ), r.stderr
    assert r.stderr.count("\n") == 1 and len(r.stderr) < 300
