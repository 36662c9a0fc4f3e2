"""Neo4j only: connect, load a Dataset (idempotent, atomic, batched), read it back, run a local server.

The only package that imports the ``neo4j`` driver. Queries live in ``queries/*.cypher``.
"""

from __future__ import annotations

from .connection import connect, store_errors
from .loader import LoadSummary, apply_schema, clear_database, count_graph, load_dataset
from .queries import load_query, query_names
from .reader import read_dataset_from_neo4j
from .writeback import WriteSummary, write_analyses

__all__ = [
    "LoadSummary",
    "WriteSummary",
    "apply_schema",
    "clear_database",
    "connect",
    "count_graph",
    "load_dataset",
    "load_query",
    "query_names",
    "read_dataset_from_neo4j",
    "store_errors",
    "write_analyses",
]
