"""A local Neo4j Community server for development and tests, run from Maven Central jars.

``tools/neo4j-local/`` is a small Maven project: ``build`` resolves Neo4j Community 5.26 and compiles a
launcher (embedded DBMS with Bolt on 127.0.0.1); :class:`LocalNeo4j` starts it as a child process, waits
until the database answers ``RETURN 1`` and stops it with SIGTERM (a clean shutdown). With ``browser=True``
the server also serves Neo4j Browser over HTTP on 127.0.0.1 (the ``neo4j-browser`` jar, resolved by the
same build, is put on the classpath only then), styled for this graph by ``browser.grass``. From a shell::

    python -m overlapgraph.store.local_server build    # resolve the jars (once; cached in ~/.m2)
    python -m overlapgraph.store.local_server start    # prints the Bolt URI; state in .neo4j-local/
    python -m overlapgraph.store.local_server start --browser   # also Neo4j Browser (address on stderr)
    python -m overlapgraph.store.local_server status
    python -m overlapgraph.store.local_server stop

Needs a Java 17+ runtime and Maven (``mvn``) on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from ..config import Settings
from ..errors import StoreError
from ..output import write_text

__all__ = [
    "BROWSER_PORT",
    "STATE_DIR",
    "TOOL_DIR",
    "LocalNeo4j",
    "PasswordTooShort",
    "ServerState",
    "browser_post_connect_command",
    "browser_style",
    "build_classpath",
    "free_port",
    "parse_grass",
    "main",
    "read_state",
    "start_detached",
    "stop_detached",
]

_REPO = Path(__file__).resolve().parents[2]


def _user_dir(variable: str, fallback: str) -> Path:
    base = os.environ.get(variable)
    return (Path(base) if base else Path.home() / fallback) / "overlapgraph"


def _installed_tool_dir() -> Path:
    """A writable copy of the launcher's Maven project that the wheel ships (``overlapgraph/neo4j_local``).

    Maven writes ``target/`` next to ``pom.xml``, and site-packages may be read-only, so the project is
    copied into the user's cache folder, and copied again when a file of it changed (a reinstall of the
    same version with another launcher or pom): the build then runs again.
    """
    from importlib.metadata import PackageNotFoundError, version
    from importlib.resources import as_file, files

    try:
        tag = version("overlapgraph")
    except PackageNotFoundError:  # pragma: no cover - not installed at all
        tag = "dev"
    target = _user_dir("XDG_CACHE_HOME", ".cache") / f"neo4j-local-{tag}"
    with as_file(files("overlapgraph") / "neo4j_local") as shipped:
        if (shipped / "pom.xml").is_file():  # else neither a checkout nor a complete wheel: build says so
            _sync_copy(shipped, target)
    return target


def _sync_copy(shipped: Path, target: Path) -> None:
    """Copy the files of ``shipped`` that ``target`` lacks or has otherwise; keep ``target/target``.

    The copies get the time of copying, so that :func:`_is_built` sees them newer than the last build.
    """
    for f in shipped.rglob("*"):
        copy = target / f.relative_to(shipped)
        if f.is_file() and not (copy.is_file() and copy.read_bytes() == f.read_bytes()):
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, copy)


#: The Maven project of the launcher: ``tools/neo4j-local`` in a source checkout, else the copy the
#: installed package ships (see :func:`_installed_tool_dir`).
TOOL_DIR = (
    _REPO / "tools" / "neo4j-local" if (_REPO / "tools" / "neo4j-local").is_dir() else _installed_tool_dir()
)
#: Where ``start`` keeps the data and the pid/port file of the server it starts: ``.neo4j-local`` in a
#: source checkout, else the user's state folder.
STATE_DIR = (
    _REPO / ".neo4j-local"
    if (_REPO / "tools" / "neo4j-local").is_dir()
    else _user_dir("XDG_STATE_HOME", ".local/state") / "neo4j-local"
)
_READY = "NEO4J_READY "
_FAILED = "NEO4J_FAILED "
_JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+UseG1GC",
)
_MIN_PASSWORD = 8  # Neo4j's dbms.security.auth_minimum_password_length
#: The HTTP port of Neo4j Browser that ``start --browser`` takes when it is free (Neo4j's own default).
BROWSER_PORT = 7474


class PasswordTooShort(StoreError, ValueError):
    """NEO4J_PASSWORD is shorter than Neo4j allows (a StoreError for the CLI, a ValueError as before)."""


def _classpath_file(tool_dir: Path) -> Path:
    return tool_dir / "target" / "cp.txt"


def _browser_classpath_file(tool_dir: Path) -> Path:
    """The Neo4j Browser jar, kept off ``cp.txt`` so that a server without Browser never opens it."""
    return tool_dir / "target" / "browser-cp.txt"


def _is_built(tool_dir: Path) -> bool:
    cls = tool_dir / "target" / "classes" / "Neo4jLauncher.class"
    outputs = (_classpath_file(tool_dir), _browser_classpath_file(tool_dir), cls)
    if not all(f.is_file() for f in outputs):
        return False
    newest_input = max(p.stat().st_mtime for p in (tool_dir / "pom.xml", *tool_dir.rglob("*.java")))
    if min(f.stat().st_mtime for f in outputs) < newest_input:
        return False
    jars = [j for f in outputs[:2] for j in f.read_text().strip().split(os.pathsep) if j]
    return all(Path(j).is_file() for j in jars)


def build_classpath(tool_dir: Path = TOOL_DIR, *, force: bool = False, browser: bool = False) -> str:
    """Compile the launcher and resolve Neo4j's jars with Maven if needed; return the classpath.

    Parameters
    ----------
    tool_dir
        The Maven project (``tools/neo4j-local``).
    force
        Run Maven even when the build looks up to date.
    browser
        Append the Neo4j Browser jar (the build resolves it in any case).

    Raises
    ------
    StoreError
        Maven or Java is missing, or the build fails (its output is in the message).
    """
    if not (tool_dir / "pom.xml").is_file():
        raise StoreError(f"{tool_dir}: the local server's Maven project is missing; reinstall overlapgraph")
    if force or not _is_built(tool_dir):
        mvn = shutil.which("mvn")
        if mvn is None:
            raise StoreError("Maven ('mvn') is not on PATH; install it (Debian: apt-get install maven)")
        done = subprocess.run(
            [mvn, "-B", "-q", "compile", "dependency:build-classpath", "dependency:build-classpath@browser"],
            cwd=tool_dir,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            tail = (done.stdout + done.stderr).strip().splitlines()[-20:]
            raise StoreError(f"building {tool_dir} with Maven failed:\n" + "\n".join(tail))
    parts = [str(tool_dir / "target" / "classes"), _classpath_file(tool_dir).read_text().strip()]
    if browser:
        parts.append(_browser_classpath_file(tool_dir).read_text().strip())
    return os.pathsep.join(parts)


# ---------------------------------------------------------------------------- Neo4j Browser's style


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """A GraSS style sheet (Neo4j Browser's ``.grass``) as Browser reads it: selector -> property -> value.

    The same reading as Browser's ``parseGrassCSS``: quotes are dropped (a quoted ``{`` or ``}`` is text),
    declarations are split at ``;`` and each at its one ``:``; a declaration with no or several ``:`` is
    ignored, as Browser ignores it.

    Raises
    ------
    ValueError
        A brace is not closed or not opened, or a rule has no selector.

    Examples
    --------
    >>> parse_grass('node.Priority { color: #E69F00; caption: "{code}"; }')
    {'node.Priority': {'color': '#E69F00', 'caption': '{code}'}}
    """
    rules: dict[str, str] = {}
    keyword, props, depth, quoted = "", "", 0, False
    for c in text:
        if c in "'\"":
            quoted = not quoted
            continue
        if not quoted and c == "{":
            depth += 1
            if depth == 1:
                continue
            if depth > 2:
                raise ValueError(f"GraSS: '{{' inside a caption of rule {keyword!r}")
            continue  # the opening brace of a {property} caption, as Browser drops it
        if not quoted and c == "}":
            if depth == 0:
                raise ValueError(f"GraSS: '}}' without '{{' after {keyword!r}")
            depth -= 1
            if depth == 0:
                if not keyword:
                    raise ValueError("GraSS: a rule without a selector")
                rules[keyword], keyword, props = props, "", ""
            continue
        if depth:
            props += c
        elif not c.isspace():
            keyword += c
    if depth or quoted or keyword:
        raise ValueError(f"GraSS: the rule {keyword!r} is not closed")
    parsed: dict[str, dict[str, str]] = {}
    for selector, body in rules.items():
        declarations = [d.split(":") for d in body.split(";")]
        parsed[selector] = {d[0].strip(): d[1].strip() for d in declarations if len(d) == 2}
    return parsed


def browser_style() -> dict[str, dict[str, str]]:
    """The Neo4j Browser style of overlapgraph's graph: ``overlapgraph/store/browser.grass``, parsed."""
    from importlib.resources import files

    return parse_grass((files("overlapgraph.store") / "browser.grass").read_text(encoding="utf-8"))


def browser_post_connect_command() -> str:
    """The command Browser runs after it connects (``browser.post_connect_cmd``): apply ``browser.grass``.

    Browser splits that setting at ``;`` outside quotes, so the style goes as JSON (which ``:style``
    reads too) rather than as GraSS, whose declarations end with ``;``.
    """
    return "style " + json.dumps(browser_style(), separators=(",", ":"))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        raise StoreError("Java ('java', 17 or newer) is not on PATH; install a JDK (Debian: openjdk-17-jdk)")
    return java


class LocalNeo4j:
    """A Neo4j Community server in a child process, listening on 127.0.0.1 only.

    Parameters
    ----------
    home
        Data directory (databases, transaction logs, logs). A temporary one, removed by :meth:`stop`,
        when None.
    port
        Bolt port; a free one when None.
    password
        Enables authentication (user ``neo4j``) with this password, given to the server on stdin, never
        on its command line. At least 8 characters. Authentication is off when None.
    heap
        Maximum Java heap, e.g. ``"2g"``.
    browser
        Also serve Neo4j Browser over HTTP on 127.0.0.1 (see :attr:`browser_url`); HTTP is off without it.
    http_port
        The HTTP port of Browser; a free one when None. Only with ``browser``.
    startup_timeout
        Seconds to wait for the database to answer.
    detach
        Start the server in its own session so that it outlives this Python process.

    Examples
    --------
    ::

        with LocalNeo4j() as server:
            load_dataset(ds, server.settings())
    """

    def __init__(
        self,
        home: Path | None = None,
        port: int | None = None,
        password: str | None = None,
        *,
        heap: str = "2g",
        startup_timeout: float = 120.0,
        detach: bool = False,
        tool_dir: Path = TOOL_DIR,
        browser: bool = False,
        http_port: int | None = None,
    ) -> None:
        if http_port is not None and not browser:
            raise ValueError(f"http_port={http_port} needs browser=True: without Browser, HTTP is off")
        if password is not None and len(password) < _MIN_PASSWORD:
            raise PasswordTooShort(
                f"NEO4J_PASSWORD has {len(password)} characters; a Neo4j password needs at least "
                f"{_MIN_PASSWORD}"
            )
        self._temp_home = home is None
        self.home = Path(tempfile.mkdtemp(prefix="overlapgraph-neo4j-")) if home is None else Path(home)
        self.port = port or free_port()
        self.http_port = (http_port or free_port()) if browser else None
        self._password = password
        self.heap = heap
        self.startup_timeout = startup_timeout
        self.detach = detach
        self.tool_dir = tool_dir
        self.process: subprocess.Popen[bytes] | None = None
        self.startup_seconds: float | None = None

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<LocalNeo4j {self.uri} home={self.home} {state}>"

    @property
    def uri(self) -> str:
        """The Bolt URI, ``bolt://127.0.0.1:<port>``."""
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def browser_url(self) -> str | None:
        """Neo4j Browser's address, ``http://127.0.0.1:<http_port>/browser/``; None without Browser."""
        return None if self.http_port is None else f"http://127.0.0.1:{self.http_port}/browser/"

    @property
    def log_file(self) -> Path:
        """The launcher's stdout and stderr."""
        return self.home / "launcher.log"

    @property
    def running(self) -> bool:
        """True while the server process is alive."""
        return self.process is not None and self.process.poll() is None

    def settings(self, database: str = "neo4j") -> Settings:
        """Connection settings for this server."""
        return Settings(uri=self.uri, username="neo4j", password=self._password, database=database)

    def start(self) -> LocalNeo4j:
        """Start the server and wait until it answers ``RETURN 1``; return self.

        Raises
        ------
        StoreError
            The build, the start or the first query failed; the message ends with the server's log.
        """
        if self.running:
            raise ValueError(f"{self!r} is already started")
        classpath = build_classpath(self.tool_dir, browser=self.http_port is not None)
        self.home.mkdir(parents=True, exist_ok=True)
        t0 = time.monotonic()
        cmd = [_java(), *_JVM_FLAGS, "-Xms256m", f"-Xmx{self.heap}", "-cp", classpath, "Neo4jLauncher"]
        cmd += [str(self.home), str(self.port)]
        if self.http_port is not None:
            cmd += ["--http-port", str(self.http_port), "--post-connect-cmd", browser_post_connect_command()]
        if self._password is not None:
            cmd.append("--password-stdin")
        with open(self.log_file, "wb") as log:
            self.process = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE if self._password is not None else subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=self.detach,
            )
        if self._password is not None:
            assert self.process.stdin is not None
            self.process.stdin.write(self._password.encode() + b"\n")
            self.process.stdin.close()
        try:
            self._wait_ready(t0 + self.startup_timeout)
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - t0
        return self

    def _wait_ready(self, deadline: float) -> None:
        assert self.process is not None
        while _READY not in (log := self.log_file.read_text(errors="replace")):
            if _FAILED in log:  # the launcher says why; it stops the server itself
                reason = log.split(_FAILED, 1)[1].splitlines()[0].strip()
                raise StoreError(f"Neo4j did not start: {reason} (log: {self.log_file})")
            if self.process.poll() is not None:
                raise StoreError(f"Neo4j exited with code {self.process.returncode}:\n{self._log_tail()}")
            if time.monotonic() > deadline:
                raise StoreError(
                    f"Neo4j did not start within {self.startup_timeout:.0f} s:\n{self._log_tail()}"
                )
            time.sleep(0.1)
        from .connection import connect

        while True:  # the launcher is ready; check that a client gets an answer too
            try:
                with connect(self.settings()) as driver:
                    driver.execute_query("RETURN 1")
                return
            except StoreError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def _log_tail(self, lines: int = 30) -> str:
        text = self.log_file.read_text(errors="replace") if self.log_file.is_file() else ""
        debug = self.home / "logs" / "debug.log"
        if debug.is_file():
            text += "\n--- logs/debug.log ---\n" + debug.read_text(errors="replace")
        return "\n".join(text.strip().splitlines()[-lines:])

    def stop(self, timeout: float = 60.0) -> None:
        """Stop the server with SIGTERM (clean shutdown), SIGKILL after ``timeout`` s; idempotent."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None
        if self._temp_home:
            shutil.rmtree(self.home, ignore_errors=True)

    def __enter__(self) -> LocalNeo4j:
        return self.start() if not self.running else self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


# ---------------------------------------------------------------------------- detached server


@dataclass(frozen=True)
class ServerState:
    """What ``start`` records in ``.neo4j-local/server.json`` about the server it started."""

    pid: int
    port: int
    uri: str
    home: str
    auth: bool
    #: Neo4j Browser's address when the server serves it (``start --browser``), else None.
    browser_url: str | None = None


#: Detached servers started by this process, by pid: kept so that stop_detached can reap them.
_children: dict[int, subprocess.Popen[bytes]] = {}


def _state_file(state_dir: Path) -> Path:
    return state_dir / "server.json"


def _alive(pid: int) -> bool:
    """True when ``pid`` is a running Neo4jLauncher (not a recycled pid of another program)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"Neo4jLauncher" in cmdline


def read_state(state_dir: Path = STATE_DIR) -> ServerState | None:
    """The server that ``start`` started and that is still running, or None."""
    f = _state_file(state_dir)
    if not f.is_file():
        return None
    state = ServerState(**json.loads(f.read_text()))
    return state if _alive(state.pid) else None


def start_detached(
    state_dir: Path = STATE_DIR,
    port: int | None = None,
    password: str | None = None,
    *,
    browser: bool = False,
    http_port: int | None = None,
) -> tuple[ServerState, float | None]:
    """Start a server that outlives this process, data in ``state_dir/data``; return it and its start time.

    When one is running already, return it (and None for the time). With ``browser`` it also serves
    Neo4j Browser on ``http_port`` (default :data:`BROWSER_PORT`, or a free one when that is taken).

    Raises
    ------
    StoreError
        ``browser`` is asked for and the running server does not serve Browser, or the start failed.
    """
    running = read_state(state_dir)
    if running is not None:
        if browser and running.browser_url is None:
            raise StoreError(
                f"the local Neo4j at {running.uri} runs without Neo4j Browser; stop it "
                "(overlapgraph server stop) and start it again with --browser"
            )
        return running, None
    for asked, what in ((port, "Bolt"), (http_port if browser else None, "HTTP (Neo4j Browser)")):
        if asked is not None and not _port_free(asked):
            raise StoreError(f"{what} port {asked} on 127.0.0.1 is in use; choose another one")
    state_dir.mkdir(parents=True, exist_ok=True)
    server = LocalNeo4j(
        state_dir / "data",
        port=port or 7687,
        password=password,
        detach=True,
        browser=browser,
        http_port=(http_port or BROWSER_PORT) if browser else None,
    )
    if port is None and not _port_free(server.port):
        server.port = free_port()
    if browser and http_port is None and not _port_free(server.http_port or BROWSER_PORT):
        server.http_port = free_port()
    server.start()
    assert server.process is not None
    _children[server.process.pid] = server.process
    pid, auth = server.process.pid, password is not None
    state = ServerState(pid, server.port, server.uri, str(server.home), auth, server.browser_url)
    write_text(_state_file(state_dir), json.dumps(state.__dict__, indent=2) + "\n")  # atomic: read by others
    return state, server.startup_seconds


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def stop_detached(state_dir: Path = STATE_DIR, timeout: float = 60.0) -> ServerState | None:
    """Stop the server that ``start`` started (SIGTERM, then wait); return it, or None if none ran."""
    state = read_state(state_dir)
    if state is not None:
        os.kill(state.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(state.pid):
            if time.monotonic() > deadline:
                os.kill(state.pid, signal.SIGKILL)
            time.sleep(0.2)
        child = _children.pop(state.pid, None)
        if child is not None:
            child.wait()
    _state_file(state_dir).unlink(missing_ok=True)
    return state


def main(argv: list[str] | None = None) -> int:
    """``python -m overlapgraph.store.local_server build|start|stop|status``."""
    args = sys.argv[1:] if argv is None else argv
    with_browser = args[1:] == ["--browser"] and args[:1] == ["start"]
    if not (len(args) == 1 or with_browser) or args[0] not in ("build", "start", "stop", "status"):
        print(
            "usage: python -m overlapgraph.store.local_server build|start [--browser]|stop|status",
            file=sys.stderr,
        )
        return 2
    try:
        if args[0] == "build":
            jars = build_classpath().count(os.pathsep)
            print(f"Neo4j Community launcher built in {TOOL_DIR} ({jars} jars)", file=sys.stderr)
        elif args[0] == "start":
            state, seconds = start_detached(password=Settings.from_env().password, browser=with_browser)
            took = f" (started in {seconds:.1f} s)" if seconds is not None else " (already running)"
            print(f"Neo4j running at {state.uri}, pid {state.pid}{took}", file=sys.stderr)
            if state.browser_url is not None:
                print(f"Neo4j Browser at {state.browser_url}", file=sys.stderr)
            print(state.uri)
        elif args[0] == "stop":
            stopped = stop_detached()
            print("Neo4j stopped" if stopped else "no local Neo4j was running", file=sys.stderr)
        else:
            current = read_state()
            if current is None:
                print("no local Neo4j is running", file=sys.stderr)
                return 1
            print(current.uri)
    except StoreError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
