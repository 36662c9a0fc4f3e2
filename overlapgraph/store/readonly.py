"""Run one Cypher statement read-only: in a READ transaction, with a time limit and a row limit.

The server, not this module, enforces read-only: the transaction is opened in read access mode, so
Neo4j refuses any write (CREATE, MERGE, SET, DELETE, schema and admin commands, writing procedures)
with ``Neo.ClientError.Statement.AccessMode`` and the database stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j import exceptions as nx
from neo4j import graph, spatial, time

from ..config import Settings
from ..errors import StoreError
from .connection import connect, store_errors

__all__ = ["DEFAULT_LIMIT", "DEFAULT_TIMEOUT", "ReadResult", "plain_value", "run_read"]


#: Rows fetched unless the caller asks for more (0 or None: no limit).
DEFAULT_LIMIT = 1000
#: Seconds a query may run before the server stops it.
DEFAULT_TIMEOUT = 30.0

_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)
_NOT_CODE = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", re.DOTALL)


@dataclass(frozen=True)
class ReadResult:
    """The records of a read query as plain Python values."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    truncated: bool = False  # the query had more records than the limit allowed
    warnings: tuple[str, ...] = ()  # the server's warnings (unknown label, relationship type, property)


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


def _refuse_file_reads(text: str) -> None:
    # Defence in depth: LOAD CSV reads files or URLs from the *server*; a read transaction allows it.
    if _LOAD_CSV.search(_NOT_CODE.sub(" ", text)):
        raise StoreError("LOAD CSV is not allowed here: it reads files on the Neo4j server")


def run_read(
    settings: Settings,
    text: str,
    parameters: Mapping[str, Any] | None = None,
    *,
    limit: int | None = DEFAULT_LIMIT,
    timeout: float = DEFAULT_TIMEOUT,
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

    Raises
    ------
    StoreError
        The server refused a write ("read-only"), the query ran out of time, it is invalid, or the
        server cannot be reached. Nothing is ever written.
    """
    if timeout <= 0:
        raise ValueError(f"timeout must be positive, got {timeout}")
    _refuse_file_reads(text)
    cap = limit or None
    try:
        with connect(settings) as driver, store_errors(settings, "running the query"):
            with driver.session(
                database=settings.database,
                default_access_mode=neo4j.READ_ACCESS,
                fetch_size=min(cap + 1, 1000) if cap else 1000,
            ) as session:
                tx = session.begin_transaction(timeout=timeout)
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
                    warnings = _warnings(result.consume())
                finally:
                    tx.close()  # read-only: rolls back, discarding what was not fetched
    except StoreError as e:
        cause = e.__cause__
        if isinstance(cause, nx.Neo4jError):
            raise _friendly(cause, timeout) from cause
        raise
    return ReadResult(columns, rows, truncated, warnings)


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
