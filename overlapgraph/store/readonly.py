"""Run one Cypher statement read-only: in a READ transaction, with a time limit and a row limit.

The server enforces read-only for writes: the transaction is opened in read access mode, so Neo4j
refuses any write (CREATE, MERGE, SET, DELETE, schema commands, writing procedures) with
``Neo.ClientError.Statement.AccessMode`` and the database stays as it was. A read transaction still
allows what administers the server (``TERMINATE TRANSACTIONS``, ``SHOW TRANSACTIONS``, ``CALL
db.clearQueryCaches()`` and the other procedures of mode DBMS): :func:`check_statement` refuses those
before the statement is sent. The time limit is enforced by the server and, should the server not stop
in time (an expression that never yields a row), by the client, which then ends the transaction.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import exceptions as nx
from neo4j import graph, spatial, time

from ..config import Settings
from ..errors import StoreError
from .connection import CONNECTION_TIMEOUT, connect, store_errors

__all__ = [
    "CLIENT_GRACE",
    "DEFAULT_LIMIT",
    "DEFAULT_TIMEOUT",
    "ReadResult",
    "check_statement",
    "cypher_tokens",
    "graph_parts",
    "plain_value",
    "run_read",
]


#: Rows fetched unless the caller asks for more (0 or None: no limit).
DEFAULT_LIMIT = 1000
#: Seconds a query may run before the server stops it.
DEFAULT_TIMEOUT = 30.0

#: Seconds the client waits beyond the time limit before it ends the transaction itself.
CLIENT_GRACE = 5.0

#: First words of administration commands: refused before anything is sent.
_ADMIN = frozenset(
    "TERMINATE ALTER GRANT DENY REVOKE RENAME START STOP ENABLE DEALLOCATE REALLOCATE DRYRUN".split()
)
#: What SHOW may list here (schema and the catalogue of functions and procedures), and its modifiers.
_SHOW_OK = frozenset("INDEX INDEXES CONSTRAINT CONSTRAINTS FUNCTION FUNCTIONS PROCEDURE PROCEDURES".split())
_SHOW_MODIFIERS = frozenset(
    "ALL RANGE TEXT POINT LOOKUP FULLTEXT VECTOR BTREE UNIQUE NODE RELATIONSHIP REL KEY EXIST EXISTENCE "
    "EXISTS PROPERTY TYPE BUILT IN USER DEFINED UNIQUENESS".split()
)


@dataclass(frozen=True)
class ReadResult:
    """The records of a read query as plain Python values."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    truncated: bool = False  # the query had more records than the limit allowed
    warnings: tuple[str, ...] = ()  # the server's warnings (unknown label, relationship type, property)
    #: With ``run_read(..., graph=True)``: the nodes and relationships in the rows (see :func:`graph_parts`).
    nodes: tuple[dict[str, Any], ...] = ()
    relationships: tuple[dict[str, Any], ...] = ()


def plain_value(v: Any) -> Any:
    """A driver value as plain Python (dicts, lists, str, numbers, bools, None), ready for JSON.

    Nodes become their properties plus ``_labels``, relationships their properties plus ``_type``,
    paths ``{"nodes": [...], "relationships": [...]}``, temporal and spatial values ISO text.

    >>> plain_value([1, {"a": (2, 3)}])
    [1, {'a': [2, 3]}]
    """
    if isinstance(v, graph.Node):
        return {"_labels": sorted(v.labels), **{k: plain_value(x) for k, x in v.items()}}
    if isinstance(v, graph.Relationship):
        return {"_type": v.type, **{k: plain_value(x) for k, x in v.items()}}
    if isinstance(v, graph.Path):
        return {
            "nodes": [plain_value(n) for n in v.nodes],
            "relationships": [plain_value(r) for r in v.relationships],
        }
    if isinstance(v, dict):
        return {str(k): plain_value(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [plain_value(x) for x in v]
    if isinstance(v, time.Date | time.DateTime | time.Time):
        return v.iso_format()
    if isinstance(v, time.Duration | spatial.Point):
        return str(v)
    return v


def graph_parts(
    values: Any, nodes: dict[str, dict[str, Any]], relationships: dict[str, dict[str, Any]]
) -> None:
    """Add the nodes and relationships found in ``values`` (at any depth: lists, maps, paths), by element id.

    A node is ``{"id", "labels" (sorted), "properties"}``, a relationship ``{"id", "type", "start",
    "end", "properties"}`` (``start``/``end`` are node ids). The end nodes of a relationship are added
    too: a relationship returned without them brings them with what the driver knows of them (often no
    labels or properties). First seen, first listed.
    """
    if isinstance(values, graph.Node):
        if values.element_id not in nodes or (values.labels and not nodes[values.element_id]["labels"]):
            nodes[values.element_id] = {
                "id": values.element_id,
                "labels": sorted(values.labels),
                "properties": {k: plain_value(x) for k, x in values.items()},
            }
    elif isinstance(values, graph.Relationship):
        for x in (values.start_node, values.end_node):
            if x is not None:
                graph_parts(x, nodes, relationships)
        start, end = values.start_node, values.end_node  # a Node with no properties is falsy
        if values.element_id not in relationships and start is not None and end is not None:
            relationships[values.element_id] = {
                "id": values.element_id,
                "type": values.type,
                "start": start.element_id,
                "end": end.element_id,
                "properties": {k: plain_value(x) for k, x in values.items()},
            }
    elif isinstance(values, graph.Path):
        for part in (*values.nodes, *values.relationships):
            graph_parts(part, nodes, relationships)
    elif isinstance(values, dict):
        for x in values.values():
            graph_parts(x, nodes, relationships)
    elif isinstance(values, list | tuple):
        for x in values:
            graph_parts(x, nodes, relationships)


def cypher_tokens(text: str) -> list[str]:
    """The words and punctuation of a Cypher text, without comments and string literals; linear time.

    A `quoted` name is one word. Unclosed strings and comments run to the end.

    >>> cypher_tokens("MATCH (n) // CALL x\\nRETURN 'TERMINATE', `my name`.x /* c */;")
    ['MATCH', '(', 'n', ')', 'RETURN', ',', 'my name', '.', 'x', ';']
    """
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c in "'\"":
            i += 1
            while i < n and text[i] != c:
                i += 2 if text[i] == "\\" else 1
            i += 1
        elif c == "`":
            j = text.find("`", i + 1)
            j = n if j < 0 else j
            out.append(text[i + 1 : j])
            i = j + 1
        elif c.isalnum() or c == "_" or c == "$":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            out.append(text[i:j])
            i = j
        else:
            out.append(c)
            i += 1
    return out


def _statement_start(words: list[str]) -> int:
    """Index of the first clause: after EXPLAIN, PROFILE and CYPHER options ("CYPHER 5 runtime=slotted")."""
    k = 0
    while k < len(words):
        w = words[k].upper()
        if w in ("EXPLAIN", "PROFILE"):
            k += 1
        elif w == "CYPHER":
            k += 1
            while k < len(words) and (words[k][:1].isdigit() or (k + 1 < len(words) and words[k + 1] == "=")):
                k += 3 if not words[k][:1].isdigit() else 1
        else:
            break
    return k


def check_statement(text: str) -> list[str]:
    """Refuse what a read-only analyst may not run; return the procedures the statement calls.

    Refused with :class:`StoreError`, before anything is sent: administration commands (TERMINATE,
    SHOW TRANSACTIONS and every SHOW but indexes, constraints, functions and procedures, ALTER, GRANT,
    DENY, REVOKE, START and STOP DATABASE...) and LOAD CSV (it reads files on the server). Writes are
    left to the server, which refuses them in a read transaction.

    >>> check_statement("MATCH (p:Priority) CALL db.labels() YIELD label RETURN p, label")
    ['db.labels']
    >>> check_statement("TERMINATE TRANSACTIONS 'neo4j-transaction-7'")
    Traceback (most recent call last):
    ...
    overlapgraph.errors.StoreError: refused: TERMINATE administers the server; queries here may only read
    """
    words = cypher_tokens(text)
    procedures: list[str] = []
    start = 0
    for k in range(len(words) + 1):
        if k < len(words) and words[k] != ";":
            continue
        statement = words[start:k]
        start = k + 1
        first = _statement_start(statement)
        if first < len(statement):
            _check_first_clause(statement[first:])
        for j, w in enumerate(statement):
            u = w.upper()
            if u == "LOAD" and j + 1 < len(statement) and statement[j + 1].upper() == "CSV":
                raise StoreError("LOAD CSV is not allowed here: it reads files on the Neo4j server")
            if u == "CALL" and j + 1 < len(statement) and statement[j + 1] not in ("{", "("):
                name = [statement[j + 1]]
                m = j + 2
                while m + 1 < len(statement) and statement[m] == ".":
                    name.append(statement[m + 1])
                    m += 2
                procedures.append(".".join(name))
    return procedures


def _check_first_clause(words: list[str]) -> None:
    first = words[0].upper()
    if first == "USE" and len(words) > 2:  # USE db <clause>
        k = 2
        while k + 1 < len(words) and words[k] == ".":
            k += 2
        return _check_first_clause(words[k:]) if k < len(words) else None
    if first in _ADMIN:
        raise StoreError(f"refused: {first} administers the server; queries here may only read")
    if first == "SHOW":
        rest = [w.upper() for w in words[1:]]
        k = 0
        while k < len(rest) and rest[k] in _SHOW_MODIFIERS:
            k += 1
        if k >= len(rest) or rest[k] not in _SHOW_OK:
            what = " ".join(words[: k + 2])
            raise StoreError(
                f"refused: {shown_words(what)} administers the server or shows other users' work; here SHOW "
                "may list indexes, constraints, functions and procedures only"
            )


def shown_words(text: str, limit: int = 60) -> str:
    """``text`` cut for a message."""
    return text if len(text) <= limit else text[:limit] + "..."


def _check_procedures(session: Any, names: list[str]) -> None:
    """Refuse procedures of mode DBMS (they administer the server, and a read transaction allows them)."""
    if not names:
        return
    rows = session.run(
        "SHOW PROCEDURES YIELD name, mode WHERE toLower(name) IN $names RETURN name, mode",
        {"names": [n.lower() for n in names]},
    ).data()
    for row in rows:
        if str(row["mode"]).upper() == "DBMS":
            raise StoreError(
                f"refused: procedure {row['name']} administers the server (mode DBMS); queries here may "
                "call read procedures only"
            )


def run_read(
    settings: Settings,
    text: str,
    parameters: Mapping[str, Any] | None = None,
    *,
    limit: int | None = DEFAULT_LIMIT,
    timeout: float = DEFAULT_TIMEOUT,
    graph: bool = False,
) -> ReadResult:
    """Run ``text`` in a READ transaction and return at most ``limit`` records.

    Parameters
    ----------
    settings
        The Neo4j server and database.
    text
        One Cypher statement; values belong in ``parameters``, never in the text.
    parameters
        The ``$parameters`` of the statement.
    limit
        Fetch at most this many records (None or 0: all). The rest are discarded on the server, and
        ``truncated`` says that there were more.
    timeout
        Seconds after which the server terminates the transaction.
    graph
        Also collect the nodes and relationships of the fetched rows, with their element ids and the
        ends of each relationship, into ``nodes`` and ``relationships`` (:func:`graph_parts`).

    Raises
    ------
    StoreError
        The server refused a write ("read-only"), the query ran out of time, it is invalid, or the
        server cannot be reached. Nothing is ever written.
    """
    if timeout <= 0:
        raise ValueError(f"timeout must be positive, got {timeout}")
    procedures = check_statement(text)
    tag = uuid.uuid4().hex
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["result"] = _run(settings, text, parameters, limit, timeout, procedures, tag, graph)
        except BaseException as e:  # handed to the caller's thread
            outcome["error"] = e

    worker = threading.Thread(target=work, name="overlapgraph-read", daemon=True)
    worker.start()
    worker.join(timeout + CLIENT_GRACE + 2 * CONNECTION_TIMEOUT)
    if worker.is_alive():
        _terminate(settings, tag)
        raise StoreError(
            f"stopped: the query ran longer than the {timeout:g} s time limit (ended by the client, as the "
            "server did not stop it)"
        )
    if "error" in outcome:
        raise outcome["error"]
    result: ReadResult = outcome["result"]
    return result


def _run(
    settings: Settings,
    text: str,
    parameters: Mapping[str, Any] | None,
    limit: int | None,
    timeout: float,
    procedures: list[str],
    tag: str,
    want_graph: bool = False,
) -> ReadResult:
    cap = limit or None
    nodes: dict[str, dict[str, Any]] = {}
    relationships: dict[str, dict[str, Any]] = {}
    try:
        with connect(settings) as driver, store_errors(settings, "running the query"):
            with driver.session(
                database=settings.database,
                default_access_mode=neo4j.READ_ACCESS,
                fetch_size=min(cap + 1, 1000) if cap else 1000,
            ) as session:
                _check_procedures(session, procedures)
                tx = session.begin_transaction(timeout=timeout, metadata={"overlapgraph_read": tag})
                try:
                    result = tx.run(text, dict(parameters or {}))
                    columns = tuple(result.keys())
                    rows: list[tuple[Any, ...]] = []
                    truncated = False
                    for record in result:
                        if cap is not None and len(rows) >= cap:
                            truncated = True
                            break
                        rows.append(tuple(plain_value(x) for x in record.values()))
                        if want_graph:
                            graph_parts(record.values(), nodes, relationships)
                    warnings = _warnings(result.consume())
                finally:
                    tx.close()  # read-only: rolls back, discarding what was not fetched
    except StoreError as e:
        cause = e.__cause__
        if isinstance(cause, nx.Neo4jError):
            raise _friendly(cause, timeout) from cause
        raise
    return ReadResult(
        columns, rows, truncated, warnings, tuple(nodes.values()), tuple(relationships.values())
    )


def _warnings(summary: neo4j.ResultSummary) -> tuple[str, ...]:
    """The server's warning notifications, one line each, e.g. "The label `Priorty` does not exist ..."."""
    out = []
    for s in summary.gql_status_objects:
        if s.is_notification and s.raw_severity == "WARNING":
            text = " ".join(s.status_description.split())
            text = text.split(". ", 1)[1] if text.startswith("warn:") and ". " in text else text
            where = f" (line {s.position.line}, column {s.position.column})" if s.position else ""
            out.append(f"{text}{where}")
    return tuple(out)


def _terminate(settings: Settings, tag: str) -> None:
    """End the transaction tagged ``tag`` on the server (best effort: the client stops waiting anyway)."""
    try:
        with connect(settings) as driver, driver.session(database=settings.database) as session:
            ids = [
                r["id"]
                for r in session.run(
                    "SHOW TRANSACTIONS YIELD transactionId AS id, metaData "
                    "WHERE metaData.overlapgraph_read = $tag RETURN id",
                    {"tag": tag},
                )
            ]
            if ids:
                session.run("TERMINATE TRANSACTIONS $ids", {"ids": ids}).consume()
    except (StoreError, nx.Neo4jError, nx.DriverError, OSError):
        pass


def _friendly(e: nx.Neo4jError, timeout: float) -> StoreError:
    """A clear message for the refusals an analyst meets; others keep the server's own words."""
    code = e.code or ""
    message = " ".join((e.message or str(e)).split())
    if code == "Neo.ClientError.Statement.AccessMode" or "AccessMode" in code:
        return StoreError(f"refused: queries here are read-only and this one writes ({code}: {message})")
    if code.startswith("Neo.ClientError.Transaction.TransactionTimedOut"):
        return StoreError(f"stopped: the query ran longer than the {timeout:g} s time limit ({code})")
    first = message.splitlines()[0] if message else ""
    return StoreError(f"Neo4j refused the query: {code}: {first}")
