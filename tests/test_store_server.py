"""The local server: ``overlapgraph server start|status|stop`` with a password, and authentication errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from overlapgraph.cli import cli
from overlapgraph.config import Settings
from overlapgraph.errors import StoreError
from overlapgraph.store import connect, count_graph
from overlapgraph.store.local_server import LocalNeo4j, free_port, main, read_state, stop_detached

pytestmark = pytest.mark.neo4j

PASSWORD = "c0rrect-h0rse-battery"
WRONG = "wr0ng-passw0rd-here"


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory):
    """A second server, started detached by the CLI with a password; stopped at the end in any case."""
    state_dir = tmp_path_factory.mktemp("neo4j-state")
    port = free_port()
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["server", "--state-dir", str(state_dir), "start", "--port", str(port)],
        env={"NEO4J_PASSWORD": PASSWORD},
    )
    try:
        assert result.exit_code == 0, result.output
        yield state_dir, port, result
    finally:
        stop_detached(state_dir)


def test_start_prints_the_uri_and_records_the_server(auth_server):
    state_dir, port, result = auth_server
    uri = f"bolt://127.0.0.1:{port}"
    assert result.stdout == f"{uri}\n"
    assert result.stderr.startswith("Neo4j Community started in ")
    assert result.stderr.endswith(f"; set NEO4J_URI={uri}\n")
    state = read_state(state_dir)
    assert state is not None and state.uri == uri and state.auth
    assert (state_dir / "data" / "data" / "databases" / "neo4j").is_dir()


def test_status_and_a_second_start(runner, auth_server):
    state_dir, port, _ = auth_server
    status = runner.invoke(cli, ["server", "--state-dir", str(state_dir), "status"])
    assert (status.exit_code, status.stdout) == (0, f"bolt://127.0.0.1:{port}\n")
    again = runner.invoke(cli, ["server", "--state-dir", str(state_dir), "start"])
    assert again.exit_code == 0
    assert again.stderr.startswith("Neo4j Community already running, pid ")


def test_browser_is_not_added_to_a_running_server(runner, auth_server):
    state_dir, port, _ = auth_server
    result = runner.invoke(cli, ["server", "--state-dir", str(state_dir), "start", "--browser"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: the local Neo4j at bolt://127.0.0.1:{port} runs without Neo4j Browser; stop it "
        "(overlapgraph server stop) and start it again with --browser\n"
    )
    state = read_state(state_dir)
    assert state is not None and state.browser_url is None  # still the same server, untouched


def test_the_password_never_shows(runner, auth_server, bundled):
    state_dir, port, start = auth_server
    state = read_state(state_dir)
    assert state is not None
    cmdline = Path(f"/proc/{state.pid}/cmdline").read_bytes()
    assert b"Neo4jLauncher" in cmdline and PASSWORD.encode() not in cmdline  # not in `ps`
    assert PASSWORD not in (state_dir / "data" / "launcher.log").read_text()
    assert PASSWORD not in (state_dir / "server.json").read_text()
    assert PASSWORD not in start.output
    wrong = runner.invoke(cli, ["load", str(bundled), "--uri", state.uri], env={"NEO4J_PASSWORD": WRONG})
    assert WRONG not in wrong.output and PASSWORD not in wrong.output
    assert repr(Settings(uri=state.uri, password=PASSWORD)).count(PASSWORD) == 0


def test_wrong_password_is_a_clear_authentication_error(runner, auth_server, bundled):
    _, port, _ = auth_server
    uri = f"bolt://127.0.0.1:{port}"
    result = runner.invoke(cli, ["load", str(bundled), "--uri", uri], env={"NEO4J_PASSWORD": WRONG})
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: Neo4j at {uri} refused the credentials of user 'neo4j' while connecting: "
        "check NEO4J_USERNAME and NEO4J_PASSWORD\n"
    )


def test_missing_password_is_an_authentication_error_too(auth_server):
    _, port, _ = auth_server
    with pytest.raises(StoreError, match=r"refused the credentials of user 'neo4j'"):
        connect(Settings(uri=f"bolt://127.0.0.1:{port}"))


def test_right_password_loads(runner, auth_server, bundled):
    _, port, _ = auth_server
    uri = f"bolt://127.0.0.1:{port}"
    result = runner.invoke(cli, ["load", str(bundled), "--uri", uri], env={"NEO4J_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    assert count_graph(Settings(uri=uri, password=PASSWORD))["Priority"] == 15


def test_stop_then_status(runner, auth_server):
    """Runs last in this module: stops the server the fixture started."""
    state_dir, port, _ = auth_server
    pid = read_state(state_dir).pid  # type: ignore[union-attr]
    stop = runner.invoke(cli, ["server", "--state-dir", str(state_dir), "stop"])
    assert (stop.exit_code, stop.stderr) == (0, f"Stopped Neo4j at bolt://127.0.0.1:{port}\n")
    assert (
        not Path(f"/proc/{pid}").exists() or b"Neo4jLauncher" not in Path(f"/proc/{pid}/cmdline").read_bytes()
    )
    status = runner.invoke(cli, ["server", "--state-dir", str(state_dir), "status"])
    assert status.exit_code == 1
    assert status.stderr == "Error: no local Neo4j is running; start one with `overlapgraph server start`\n"
    again = runner.invoke(cli, ["server", "--state-dir", str(state_dir), "stop"])
    assert again.stderr == "No local Neo4j was running\n"


def test_session_server_answers(neo4j_server):
    assert neo4j_server.running
    assert neo4j_server.uri == f"bolt://127.0.0.1:{neo4j_server.port}"
    with connect(neo4j_server.settings()) as driver:
        records, _, _ = driver.execute_query("RETURN 1 + 1 AS two")
    assert records[0]["two"] == 2


def test_short_password_is_refused():
    with pytest.raises(ValueError) as e:
        LocalNeo4j(password="short")
    assert str(e.value) == "NEO4J_PASSWORD has 5 characters; a Neo4j password needs at least 8"


def test_module_usage(capsys):
    usage = "usage: python -m overlapgraph.store.local_server build|start [--browser]|stop|status\n"
    for wrong in (["bogus"], ["stop", "--browser"], ["start", "--browser", "--browser"]):
        assert main(wrong) == 2
        assert capsys.readouterr().err == usage


def test_module_build_reports_the_jars(capsys):
    assert main(["build"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("Neo4j Community launcher built in ") and err.endswith(" jars)\n")
