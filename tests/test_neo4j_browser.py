"""Neo4j Browser on the local server (`overlapgraph server start --browser`), in a real headless Chromium.

One server for the module, started by the CLI with a password, holding the constructed 2023 dataset and
its analysis. Chromium may reach 127.0.0.1 only: every other request is aborted and recorded, and the
test fails if there is one. Screenshots of the run are kept in out/screenshots/ (git-ignored).
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import socket
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from overlapgraph.cli import cli
from overlapgraph.config import Settings
from overlapgraph.ingest import read_dataset
from overlapgraph.render.browser import chromium
from overlapgraph.store import connect, load_dataset, write_analyses
from overlapgraph.store.local_server import (
    LocalNeo4j,
    ServerState,
    browser_post_connect_command,
    browser_style,
    build_classpath,
    free_port,
    parse_grass,
    read_state,
    stop_detached,
)

REPO = Path(__file__).resolve().parent.parent
SHOTS = REPO / "out" / "screenshots"
PASSWORD = "br0wser-h0rse-battery"
#: Browser draws the page, connects and runs a query; on a loaded 2-core machine this takes a while.
TIMEOUT_MS = 90_000


@dataclass
class BrowserServer:
    state_dir: Path
    state: ServerState
    stdout: str
    stderr: str

    @property
    def settings(self) -> Settings:
        return Settings(uri=self.state.uri, username="neo4j", password=PASSWORD)

    @property
    def http_port(self) -> int:
        assert self.state.browser_url is not None
        port = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/browser/", self.state.browser_url)
        assert port is not None, self.state.browser_url
        return int(port.group(1))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserServer]:
    """A server started by `server start --browser` with a password, holding constructed-2023."""
    state_dir = tmp_path_factory.mktemp("neo4j-browser-state")
    ports = ["--port", str(free_port()), "--http-port", str(free_port())]  # not 7687/7474: others' servers
    result = CliRunner().invoke(
        cli,
        ["server", "--state-dir", str(state_dir), "start", "--browser", *ports],
        env={"NEO4J_PASSWORD": PASSWORD},
    )
    try:
        assert result.exit_code == 0, result.output
        state = read_state(state_dir)
        assert state is not None
        server = BrowserServer(state_dir, state, result.stdout, result.stderr)
        load_dataset(read_dataset(REPO / "data" / "constructed-2023"), server.settings)
        write_analyses(server.settings)
        yield server
    finally:
        stop_detached(state_dir)


def _listening(pid: int) -> set[tuple[str, int]]:
    """The (address, port) pairs on which process ``pid`` listens for TCP connections."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table, width in (("tcp", 8), ("tcp6", 32)):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state != "0A" or inode not in inodes:  # 0A: LISTEN
                continue
            hex_ip, hex_port = local.split(":")
            assert len(hex_ip) == width
            # /proc/net stores each 32-bit word of the address in host (little-endian) order
            raw = b"".join(bytes.fromhex(hex_ip[i : i + 8])[::-1] for i in range(0, width, 8))
            ip = ipaddress.ip_address(raw)
            if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
                ip = ip.ipv4_mapped
            found.add((str(ip), int(hex_port, 16)))
    return found


def _get(url: str, data: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


# ---------------------------------------------------------------------------- the server


@pytest.mark.neo4j
def test_start_prints_the_bolt_uri_and_the_browser_address(served, runner):
    assert served.stdout == f"{served.state.uri}\n"  # stdout stays the Bolt URI alone: $(server start)
    line = (
        f"Neo4j Browser at {served.state.browser_url} (log in as neo4j with NEO4J_PASSWORD; "
        "`:style` shows the style it applies)\n"
    )
    assert served.stderr.endswith(line)
    status = runner.invoke(cli, ["server", "--state-dir", str(served.state_dir), "status"])
    assert (status.exit_code, status.stdout, status.stderr) == (0, f"{served.state.uri}\n", line)
    again = runner.invoke(cli, ["server", "--state-dir", str(served.state_dir), "start", "--browser"])
    assert again.exit_code == 0 and again.stderr.endswith(line)
    assert again.stderr.startswith("Neo4j Community already running")


@pytest.mark.neo4j
def test_http_is_on_127_0_0_1_and_serves_browser_and_discovery_only(served):
    assert _listening(served.state.pid) == {("127.0.0.1", served.state.port), ("127.0.0.1", served.http_port)}
    base = f"http://127.0.0.1:{served.http_port}"
    status, _, body = _get(base + "/")
    assert status == 200
    assert json.loads(body)["bolt_direct"] == served.state.uri  # where Browser connects
    status, headers, body = _get(base + "/browser/")
    assert status == 200 and b"<title>Neo4j Browser</title>" in body
    policy = headers["Content-Security-Policy"]
    # Browser's own policy allows Google Fonts, Segment and Canny; this server's allows itself only.
    assert not re.search(
        r"googleapis|gstatic|segment|canny|https?:(?!//127\.0\.0\.1:)|wss?:(?!//127)", policy
    )
    assert f"connect-src 'self' ws://127.0.0.1:{served.state.port} " in policy
    statement = json.dumps({"statements": [{"statement": "RETURN 1"}]}).encode()
    for path in ("/db/neo4j/tx/commit", "/db/neo4j/query/v2"):  # no Cypher over HTTP
        assert _get(base + path, statement)[0] == 404, path


@pytest.mark.neo4j
def test_without_browser_the_server_listens_on_bolt_alone(neo4j_server):
    assert neo4j_server.browser_url is None
    assert neo4j_server.process is not None
    assert _listening(neo4j_server.process.pid) == {("127.0.0.1", neo4j_server.port)}
    assert "neo4j-browser" not in Path(f"/proc/{neo4j_server.process.pid}/cmdline").read_text()


def test_the_build_resolves_the_browser_jar_apart():
    plain, with_browser = build_classpath(), build_classpath(browser=True)
    assert "neo4j-browser" not in plain
    (jar,) = set(with_browser.split(os.pathsep)) - set(plain.split(os.pathsep))
    assert re.fullmatch(r"neo4j-browser-[\d.]+\.jar", Path(jar).name)
    with zipfile.ZipFile(jar) as z:
        assert "browser/index.html" in z.namelist()


def test_an_installed_copy_of_the_launcher_follows_the_shipped_one(tmp_path):
    from overlapgraph.store.local_server import _is_built, _sync_copy

    # constructed: a "shipped" project, and a cached copy of an older one with a build in target/
    shipped, cached = tmp_path / "shipped", tmp_path / "cached"
    (shipped / "src").mkdir(parents=True)
    (shipped / "pom.xml").write_text("<project>new</project>")
    (shipped / "src" / "Neo4jLauncher.java").write_text("class Neo4jLauncher {}")
    (cached / "src").mkdir(parents=True)
    (cached / "pom.xml").write_text("<project>old</project>")
    (cached / "src" / "Neo4jLauncher.java").write_text("class Neo4jLauncher {}")
    (cached / "target" / "classes").mkdir(parents=True)
    for built in ("cp.txt", "browser-cp.txt", "classes/Neo4jLauncher.class"):
        (cached / "target" / built).write_text("")
    old = time.time() - 3600
    for f in cached.rglob("*"):
        os.utime(f, (old, old))
    for f in shipped.rglob("*"):
        os.utime(f, (old - 60, old - 60))  # shipped files older than the build, as after a reinstall
    assert _is_built(cached)
    _sync_copy(shipped, cached)
    assert (cached / "pom.xml").read_text() == "<project>new</project>"
    assert (cached / "target" / "cp.txt").is_file()  # the build's folder stays
    assert not _is_built(cached)  # so the next start builds again


def test_browser_options_are_checked(runner, tmp_path):
    result = runner.invoke(cli, ["server", "--state-dir", str(tmp_path), "start", "--http-port", "7475"])
    assert result.exit_code == 2 and "--http-port needs --browser" in result.stderr
    with pytest.raises(ValueError, match="needs browser=True"):
        LocalNeo4j(tmp_path / "home", http_port=7475)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = ["server", "--state-dir", str(tmp_path), "start", "--browser", "--http-port", str(port)]
        result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: HTTP (Neo4j Browser) port {port} on 127.0.0.1 is in use; choose another one\n"
    )
    assert list(tmp_path.iterdir()) == []  # nothing started, nothing written


# ---------------------------------------------------------------------------- the style


def test_parse_grass_reads_as_browser_does():
    # constructed: a quoted brace is text, an unquoted {binding} loses its braces, a declaration
    # with two colons is ignored (as Browser's parseGrassCSS does)
    text = 'node.A { caption: "{x} }"; color: #fff }\nrelationship.R { caption: {y}; a: b: c; }'
    assert parse_grass(text) == {
        "node.A": {"caption": "{x} }", "color": "#fff"},
        "relationship.R": {"caption": "y"},
    }
    for broken in ("node { color: red;", "node { a: b } }", "{ a: b }", "node.A"):  # constructed
        with pytest.raises(ValueError, match="GraSS"):
            parse_grass(broken)


def test_the_style_covers_every_label_and_type_of_the_queries():
    style = browser_style()
    text = "\n".join(p.read_text() for p in (REPO / "queries").glob("*.cypher"))
    text = re.sub(r"//.*", "", text)
    labels = set(re.findall(r"\(\w*:(\w+)", text))
    types = set(re.findall(r"\[\w*:(\w+)", text))
    assert {"Priority", "OAP", "Action", "Actor", "Goal", "PriorityInPeriod", "Analysis"} <= labels
    assert {"SYNERGY", "DECLARES_OVERLAP", "LEADS"} <= types
    assert {f"node.{n}" for n in labels} | {f"relationship.{t}" for t in types} <= set(style)
    for selector, props in style.items():
        assert re.fullmatch(r"#[0-9A-F]{6}", props["color"]), selector
        if selector.startswith("node."):
            assert re.fullmatch(r"\{\w+\}( \{\w+\})*", props["caption"]), selector
    # Browser splits browser.post_connect_cmd at ";" outside quotes: the command must have none
    assert ";" not in re.sub(r'"[^"]*"', "", browser_post_connect_command())


def test_the_style_ships_in_the_wheel(tmp_path):
    from hatchling.builders.wheel import WheelBuilder

    (wheel,) = WheelBuilder(str(REPO)).build(directory=str(tmp_path), versions=["standard"])
    with zipfile.ZipFile(wheel) as z:
        shipped = z.read("overlapgraph/store/browser.grass")
    assert shipped == (REPO / "overlapgraph" / "store" / "browser.grass").read_bytes()


@pytest.mark.neo4j
def test_the_style_covers_every_label_and_type_in_the_graph(served):
    style = browser_style()
    with connect(served.settings) as driver:
        labels = {r["label"] for r in driver.execute_query("CALL db.labels()").records}
        types = {r["relationshipType"] for r in driver.execute_query("CALL db.relationshipTypes()").records}
    assert {"PriorityInPeriod", "Analysis"} <= labels and {"SYNERGY", "LEADS", "DECLARES"} <= types
    assert {f"node.{n}" for n in labels} | {f"relationship.{t}" for t in types} <= set(style)


# ---------------------------------------------------------------------------- in Chromium


@dataclass
class Session:
    page: Any
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)

    def run(self, query: str) -> None:
        self.page.click("[data-testid=activeEditor] .monaco-editor")
        self.page.keyboard.type(query)
        self.page.keyboard.press("Control+Enter")


@pytest.fixture(scope="module")
def session(served) -> Iterator[Session]:
    """Chromium on Browser's page, logged in with the server's credentials; only 127.0.0.1 reachable."""
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        opened = Session(context.new_page())

        def route(route: Any) -> None:
            url = route.request.url
            opened.requests.append(url)
            if re.match(r"(https?|wss?)://127\.0\.0\.1:\d+/", url):
                route.continue_()
            else:
                opened.blocked.append(url)
                route.abort("blockedbyclient")

        context.route("**/*", route)
        opened.page.on("websocket", lambda ws: opened.websockets.append(ws.url))
        opened.page.set_default_timeout(TIMEOUT_MS)
        opened.page.goto(served.state.browser_url)
        opened.page.fill("[data-testid=username]", "neo4j")
        opened.page.fill("[data-testid=password]", PASSWORD)
        opened.page.click("[data-testid=connect]")
        # The style frame appears when Browser has connected and run browser.post_connect_cmd.
        opened.page.wait_for_selector("[data-testid=exportGraSSButton]", state="attached")
        try:
            yield opened
        finally:
            context.close()


@pytest.mark.neo4j
@pytest.mark.browser
def test_browser_connects_over_bolt_and_shows_a_query_result(served, session):
    with connect(served.settings) as driver:
        expected = driver.execute_query("MATCH (p:Priority) RETURN count(p) AS n").records[0]["n"]
    assert expected > 0
    session.run("MATCH (p:Priority) RETURN count(p) AS priorities_counted")
    header = session.page.locator("th[role=columnheader]", has_text="priorities_counted")
    header.wait_for()
    table = session.page.locator("table", has=header)
    assert table.locator("td[role=cell]").inner_text().strip() == str(expected)
    SHOTS.mkdir(parents=True, exist_ok=True)
    session.page.screenshot(path=str(SHOTS / "neo4j-browser-query.png"))
    assert f"ws://127.0.0.1:{served.state.port}/" in session.websockets  # Bolt, from the discovery JSON
    assert session.blocked == []  # no request left the machine
    assert all(u.startswith("http://127.0.0.1:") or u.startswith("ws://127.0.0.1:") for u in session.requests)


@pytest.mark.neo4j
@pytest.mark.browser
def test_browser_draws_the_graph_in_overlapgraphs_style(served, session):
    with connect(served.settings) as driver:
        code = driver.execute_query("MATCH (p:Priority) RETURN p.code AS c ORDER BY c LIMIT 1").records[0][
            "c"
        ]
    style = browser_style()["node.Priority"]
    session.run(f"MATCH (p:Priority) WHERE p.code = '{code}' RETURN p")
    caption = style["caption"].replace("{code}", code)
    exactly = re.compile(rf"^\s*{re.escape(caption)}\s*$")
    node = session.page.locator("g.node", has=session.page.locator("text.caption", has_text=exactly)).first
    node.wait_for()
    assert (node.locator("text.caption").text_content() or "").strip() == caption
    assert node.locator("circle.b-outline").get_attribute("fill") == style["color"]
    assert node.locator("circle.b-outline").get_attribute("stroke") == style["border-color"]
    session.page.screenshot(path=str(SHOTS / "neo4j-browser-style.png"))
    assert session.blocked == []


@pytest.mark.neo4j
@pytest.mark.browser
def test_the_password_is_never_printed_or_logged(served, session):
    assert session.page.locator("[data-testid=exportGraSSButton]").count() >= 1  # logged in
    cmdline = Path(f"/proc/{served.state.pid}/cmdline").read_bytes()
    assert b"neo4j-browser" in cmdline and PASSWORD.encode() not in cmdline
    assert PASSWORD not in served.stdout + served.stderr
    written = [p for p in served.state_dir.rglob("*") if p.is_file()]
    assert any(p.name == "launcher.log" for p in written)
    for p in written:  # logs, the state file and the store itself: the password is kept hashed only
        assert PASSWORD.encode() not in p.read_bytes(), p
