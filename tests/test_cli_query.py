"""``query list|show|run`` and ``cypher`` on the real Neo4j server: typing, formats, read-only, limits."""

from __future__ import annotations

import csv
import io
import json
import time

import neo4j
import pytest

from overlapgraph.cli import cli
from overlapgraph.config import Settings
from overlapgraph.store.library import library
from tests.test_export_tables import THB_DECLARED

READ_ONLY = (
    "Error: refused: queries here are read-only and this one writes (Neo.ClientError.Statement.AccessMode"
)
UNREACHABLE = ["--uri", "bolt://127.0.0.1:1"]


def env(settings: Settings) -> dict[str, str | None]:
    return {
        "NEO4J_URI": settings.uri,
        "NEO4J_DATABASE": settings.database,
        "NEO4J_PASSWORD": settings.password,
    }


@pytest.fixture(scope="module")
def loaded(neo4j_bundled):
    return neo4j_bundled


def snapshot(settings: Settings) -> dict[str, object]:
    """What a write could change: nodes, relationships, properties, labels, schema, users, databases."""
    auth = ("neo4j", settings.password) if settings.password else None
    with neo4j.GraphDatabase.driver(settings.uri, auth=auth) as d:

        def q(text: str, db: str = settings.database) -> list[str]:
            rows = [r.data() for r in d.execute_query(text, database_=db).records]
            return sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)

        return {
            "graph": q(
                "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) "
                "RETURN labels(n) AS l, properties(n) AS p, type(r) AS t, properties(r) AS rp, "
                "properties(m) AS mp"
            ),
            "labels": q("CALL db.labels() YIELD label RETURN label ORDER BY label"),
            "indexes": q("SHOW INDEXES YIELD name RETURN name ORDER BY name"),
            "constraints": q("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name"),
            "users": q("SHOW USERS YIELD user RETURN user ORDER BY user", "system"),
            "databases": q("SHOW DATABASES YIELD name RETURN name ORDER BY name", "system"),
        }


# --- without a server ----------------------------------------------------------------------------


def test_query_list_shows_names_purposes_parameters(runner):
    result = runner.invoke(cli, ["query", "list"])
    assert result.exit_code == 0
    reads = [q for q in library() if q.is_read]
    assert result.output.count("\n    parameters: ") == len(reads) >= 12
    assert (
        "actors_in_many_priorities\n    Actors active in at least a given number of priorities"
        in result.output
    )
    params = "    parameters: min_priorities (int), include_oap_roles (bool), period (string)\n"
    assert params in result.output
    assert "load_actions" not in result.output  # the loader's write queries are not listed


def test_query_show_prints_the_file(runner):
    result = runner.invoke(cli, ["query", "show", "one_sided_declarations"])
    assert result.exit_code == 0
    assert result.output.startswith("// name: one_sided_declarations\n")
    assert "MATCH (p:Priority)<-[:BELONGS_TO]-(o:OAP)" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["overlaps_of_priority"],
            "Error: query 'overlaps_of_priority': missing parameter 'priority' (string)\n",
        ),
        (
            ["overlaps_of_priority", "-p", "priority=THB", "-p", "year=2022"],
            "Error: query 'overlaps_of_priority': unknown parameter 'year'\n",
        ),
        (
            ["synergies_by_score", "-p", "min_score=half"],
            "Error: query 'synergies_by_score': parameter 'min_score' wants a float, got 'half'\n",
        ),
        (
            ["load_actions", "-p", "rows=[]"],
            "Error: query 'load_actions' is a write query of the loader; query run runs read queries only\n",
        ),
    ],
    ids=["missing", "unknown", "badly-typed", "write-query"],
)
def test_parameter_errors_come_before_anything_is_sent(runner, args, message):
    # the server address is unreachable: had anything been sent, the error would be a connection error
    result = runner.invoke(cli, ["query", "run", *args, *UNREACHABLE])
    assert result.exit_code == 1
    assert result.stderr == message


def test_unknown_query_names_the_closest(runner):
    result = runner.invoke(cli, ["query", "run", "overlaps", *UNREACHABLE])
    assert result.exit_code == 1
    assert result.stderr == "Error: no query named 'overlaps'; did you mean overlaps_of_priority?\n"
    result = runner.invoke(cli, ["query", "show", "one_sided_declaration"])
    assert result.stderr == (
        "Error: no query named 'one_sided_declaration'; "
        "did you mean one_sided_declarations or declarations_of_oap?\n"
    )
    result = runner.invoke(cli, ["query", "show", "zzzz"])
    assert result.stderr == "Error: no query named 'zzzz'; `overlapgraph query list` lists them\n"


def test_bad_param_syntax_is_a_usage_error(runner):
    result = runner.invoke(cli, ["query", "run", "overlaps_of_priority", "-p", "THB", *UNREACHABLE])
    assert result.exit_code == 2
    assert "Invalid value for -p/--param: 'THB' is not key=value" in result.stderr


def test_cypher_needs_exactly_one_statement(runner, tmp_path):
    f = tmp_path / "q.cypher"
    f.write_text("RETURN 1 AS x")
    result = runner.invoke(cli, ["cypher", "RETURN 1", "-f", str(f), *UNREACHABLE])
    assert result.exit_code == 2 and "give either a STATEMENT or -f FILE" in result.stderr
    result = runner.invoke(cli, ["cypher", *UNREACHABLE])
    assert result.exit_code == 2


def test_cypher_refuses_load_csv_without_sending(runner):
    result = runner.invoke(cli, ["cypher", "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", *UNREACHABLE])
    assert result.exit_code == 1
    assert result.stderr == "Error: LOAD CSV is not allowed here: it reads files on the Neo4j server\n"


def test_server_down_is_one_clear_line(runner):
    t0 = time.monotonic()
    result = runner.invoke(cli, ["query", "run", "priority_summary", *UNREACHABLE])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Cannot reach Neo4j at bolt://127.0.0.1:1 while connecting")
    assert result.stderr.count("\n") == 1
    assert time.monotonic() - t0 < 10


def test_help_shows_the_runner_defaults():
    from overlapgraph.cli import query as q
    from overlapgraph.store.readonly import DEFAULT_LIMIT, DEFAULT_TIMEOUT

    assert q.LIMIT_HELP.endswith(f"[default: {DEFAULT_LIMIT}]")
    assert q.TIMEOUT_HELP.endswith(f"[default: {DEFAULT_TIMEOUT:g}]")


def test_cli_start_does_not_import_the_driver():
    import subprocess
    import sys

    code = "import sys, overlapgraph.cli; print('neo4j' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# --- with the server -----------------------------------------------------------------------------


@pytest.mark.neo4j
def test_query_run_table(runner, loaded):
    result = runner.invoke(
        cli,
        ["query", "run", "actions_by_codes", "-p", "oap_id=THB-2022", "-p", "codes=8.3,9.1"],
        env=env(loaded),
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["action_id", "code", "goal_id", "title", "declared_towards"]
    assert lines[2].split(None, 3)[:3] == ["THB-2022/OA", "8.3", "8.3"]
    assert lines[2].endswith("CFMLAR; MS; OFS")  # 13607/21 §2.2 lines 128, 133, 136
    assert result.stderr == "2 rows\n"


@pytest.mark.neo4j
def test_query_run_csv(runner, loaded):
    result = runner.invoke(
        cli, ["query", "run", "one_sided_declarations", "--format", "csv"], env=env(loaded)
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["to_priority"], int(r["declared_actions"])) for r in rows] == [
        (p, len(THB_DECLARED[p])) for p in sorted(THB_DECLARED)
    ]


@pytest.mark.neo4j
def test_query_run_json_with_list_parameter_as_json(runner, loaded):
    result = runner.invoke(
        cli,
        [
            "query",
            "run",
            "actions_by_codes",
            "-p",
            "oap_id=THB-2022",
            "-p",
            'codes=["4.1"]',
            "--format",
            "json",
        ],
        env=env(loaded),
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["rows"] == [
        {
            "action_id": "THB-2022/OA 4.1",
            "code": "4.1",
            "goal_id": "CHSG-4",
            "title": None,  # absent: the titles are redacted in 13607/21
            "declared_towards": ["CFMLAR", "HRCN"],  # 13607/21 §2.2 lines 133, 134
        }
    ]


@pytest.mark.neo4j
def test_cypher_reads(runner, loaded, tmp_path):
    f = tmp_path / "q.cypher"
    f.write_text(
        "// who drives?\nMATCH (a:Actor)-[:DRIVES]->(o:OAP {oap_id: $oap}) RETURN a.code AS driver\n"
    )
    result = runner.invoke(
        cli, ["cypher", "-f", str(f), "-p", "oap=THB-2022", "--format", "csv"], env=env(loaded)
    )
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == b"driver\r\nNL\r\n"  # "developed under the responsibility of the NL driver"


WRITES = {
    "create": "CREATE (:Priority {code: 'XX', name: 'x'})",
    "merge": "MERGE (p:Priority {code: 'THB'}) SET p.name = 'hacked'",
    "set": "MATCH (p:Priority {code: 'THB'}) SET p.name = 'hacked'",
    "remove": "MATCH (p:Priority {code: 'THB'}) REMOVE p.name",
    "delete": "MATCH (n) DETACH DELETE n",
    "create-index": "CREATE INDEX hacked IF NOT EXISTS FOR (n:Priority) ON (n.name)",
    "create-constraint": "CREATE CONSTRAINT hacked IF NOT EXISTS FOR (n:Actor) REQUIRE n.name IS UNIQUE",
    "drop-index": "DROP INDEX priority_name IF EXISTS",
    "create-user": "CREATE USER mallory SET PASSWORD 'correct-horse-battery'",
    "create-database": "CREATE DATABASE hacked",
    "write-procedure": "CALL db.createLabel('Hacked')",
    "in-transactions": "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS",
}


@pytest.mark.neo4j
@pytest.mark.parametrize("statement", list(WRITES.values()), ids=list(WRITES))
def test_cypher_refuses_every_kind_of_write(runner, loaded, statement):
    before = snapshot(loaded)
    result = runner.invoke(cli, ["cypher", statement], env=env(loaded))
    assert result.exit_code == 1
    assert result.stderr.startswith(READ_ONLY), result.stderr
    assert result.stderr.count("\n") == 1  # one line, no traceback
    assert snapshot(loaded) == before


@pytest.mark.neo4j
def test_snapshot_sees_a_write(loaded):
    """The database-unchanged check above could fail: a real write changes the snapshot."""
    before = snapshot(loaded)
    auth = ("neo4j", loaded.password) if loaded.password else None
    with neo4j.GraphDatabase.driver(loaded.uri, auth=auth) as d:
        d.execute_query("MATCH (p:Priority {code: 'EF'}) SET p.tmp = 1", database_=loaded.database)
        assert snapshot(loaded) != before
        d.execute_query("MATCH (p:Priority {code: 'EF'}) REMOVE p.tmp", database_=loaded.database)
    assert snapshot(loaded) == before


@pytest.mark.neo4j
def test_runaway_query_is_stopped_by_the_timeout(runner, loaded):
    statement = (
        "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y "
        "WITH x, y WHERE x * y = -1 RETURN count(*) AS n"
    )
    t0 = time.monotonic()
    result = runner.invoke(cli, ["cypher", statement, "--timeout", "1"], env=env(loaded))
    elapsed = time.monotonic() - t0
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: stopped: the query ran longer than the 1 s time limit "
        "(Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration)\n"
    )
    assert elapsed < 20  # 10^10 combinations would take hours


@pytest.mark.neo4j
def test_limit_caps_the_records_fetched(runner, loaded):
    t0 = time.monotonic()
    result = runner.invoke(
        cli,
        ["cypher", "UNWIND range(1, 100000000) AS x RETURN x AS x", "--limit", "3", "--format", "csv"],
        env=env(loaded),
    )
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == b"x\r\n1\r\n2\r\n3\r\n"
    assert result.stderr == "3 rows; stopped at --limit 3, more rows exist\n"
    assert time.monotonic() - t0 < 20  # the other 10^8 rows are neither fetched nor produced


@pytest.mark.neo4j
def test_default_limit_and_exact_count(runner, loaded):
    result = runner.invoke(
        cli, ["cypher", "UNWIND range(1, 1500) AS x RETURN x AS x", "--format", "json"], env=env(loaded)
    )
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["rows"]) == 1000
    result = runner.invoke(
        cli,
        ["cypher", "UNWIND range(1, 1500) AS x RETURN x AS x", "--limit", "0", "--format", "json"],
        env=env(loaded),
    )
    assert len(json.loads(result.stdout)["rows"]) == 1500
    assert result.stderr == "1500 rows\n"


@pytest.mark.neo4j
def test_syntax_error_is_one_clear_line(runner, loaded):
    result = runner.invoke(cli, ["cypher", "MATCH (n RETURN n"], env=env(loaded))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Neo4j refused the query: Neo.ClientError.Statement.SyntaxError: ")
    assert result.stderr.count("\n") == 1


@pytest.mark.neo4j
def test_nodes_and_paths_come_back_as_json(runner, loaded):
    result = runner.invoke(
        cli,
        ["cypher", "MATCH p = (a:Actor {code: 'NL'})-[:DRIVES]->(o:OAP) RETURN a, p", "--format", "json"],
        env=env(loaded),
    )
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)["rows"][0]
    assert row["a"]["_labels"] == ["Actor"] and row["a"]["name"] == "Netherlands"
    assert [r["_type"] for r in row["p"]["relationships"]] == ["DRIVES"]
    assert row["p"]["nodes"][1]["oap_id"] == "THB-2022"


def test_the_servers_warnings_are_printed(runner, loaded):
    result = runner.invoke(cli, ["cypher", "MATCH (p:Priorty) RETURN p.cod AS code"], env=env(loaded))
    assert result.exit_code == 0
    check = "Verify that the spelling is correct."
    assert result.stderr.splitlines() == [
        f"Warning: The label `Priorty` does not exist. {check} (line 1, column 10)",
        f"Warning: The property `cod` does not exist. {check} (line 1, column 28)",
        "0 rows",
    ]
    result = runner.invoke(
        cli, ["cypher", "MATCH ()-[:DECLARES_OVERLAPS]->() RETURN 1 AS x"], env=env(loaded)
    )
    assert "Warning: The relationship type `DECLARES_OVERLAPS` does not exist." in result.stderr


def test_parameters_are_checked_against_the_database(runner, loaded):
    result = runner.invoke(
        cli, ["query", "run", "overlaps_of_priority", "-p", "priority=thb"], env=env(loaded)
    )
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: query 'overlaps_of_priority': no priority 'thb' in the database; closest: THB\n"
    )
    args = ["query", "run", "one_sided_declarations", "-p", "period=2032"]
    result = runner.invoke(cli, args, env=env(loaded))
    assert (
        result.stderr
        == "Error: query 'one_sided_declarations': no period '2032' in the database; closest: 2022\n"
    )
    result = runner.invoke(cli, ["query", "run", "actors_of_oap", "-p", "oap_id=THB-2022"], env=env(loaded))
    assert result.exit_code == 0


def test_cypher_prints_nodes_and_relationships_compactly(runner, loaded):
    text = "MATCH (a:Priority {code: 'MS'})-[s:SYNERGY]->(b:Priority {code: 'THB'}) RETURN a, s, b"
    result = runner.invoke(cli, ["cypher", text], env=env(loaded))
    assert result.exit_code == 0, result.stderr
    header, _, row = result.stdout.splitlines()
    assert row.startswith("(:Priority MS name=Migrant smuggling aliases=Migrant Smuggling; ")
    assert (
        "cycle=2022-2025)  [:SYNERGY period=2022 score=0.7757 status=unchecked +12]  (:Priority THB " in row
    )
    assert row.endswith(
        "name=Trafficking in human beings aliases=Trafficking in Human Beings cycle=2022-2025)"
    )
    assert len(row) < 400
