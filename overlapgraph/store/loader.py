"""Loading a Dataset into Neo4j: schema, batched idempotent MERGEs, all in one transaction."""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import neo4j

from ..config import Settings
from ..model import ACTION_ROLE_RELATIONSHIPS, OAP_ROLE_RELATIONSHIPS, Dataset
from .connection import connect, store_errors
from .queries import load_query, split_statements

__all__ = [
    "ACTION_REL",
    "BATCH_SIZE",
    "LOAD_STEPS",
    "LoadSummary",
    "OAP_REL",
    "PARTICIPATION_QUERIES",
    "apply_schema",
    "clear_database",
    "count_graph",
    "load_dataset",
]

#: Rows sent per ``UNWIND $rows`` query.
BATCH_SIZE = 5000

#: The relationship type of each role of an actor on an action, and on an OAP (one map: model.py).
ACTION_REL = ACTION_ROLE_RELATIONSHIPS
OAP_REL = OAP_ROLE_RELATIONSHIPS


def _value(v: Any) -> Any:
    """A field as a Neo4j property value: enums as text, tuples as lists, a missing value ("" or an empty
    list) as None, which the load queries turn into an absent property (never "", so ``IS NULL`` works)."""
    if isinstance(v, tuple):
        v = list(v)
    elif isinstance(v, Enum):
        v = str(v)
    return None if v == "" or v == [] else v


def _fields(record: Any) -> dict[str, Any]:
    """A record's fields as Neo4j property values (see :func:`_value`)."""
    return {f.name: _value(getattr(record, f.name)) for f in dataclasses.fields(record)}


def _rows(ds: Dataset, table: str) -> list[dict[str, Any]]:
    """The query parameters of one table: one map per record, keys as in ``queries/load_<table>``."""
    if table in ("priorities", "actors", "goals", "oaps"):
        return [_fields(r) for r in getattr(ds, table)]
    period = {o.oap_id: o.period for o in ds.oaps}
    if table == "actions":
        return [{"action_id": a.action_id, **_fields(a), "period": period[a.oap_id]} for a in ds.actions]
    if table == "oap_actors":
        return [
            {
                "oap_id": r.oap_id,
                "actor": r.actor,
                "rel": OAP_REL[str(r.role)],
                "source": _value(r.source),
                "period": period[r.oap_id],
            }
            for r in ds.oap_actors
        ]
    if table == "participations":
        return [
            {
                "action_id": p.action_id,
                "actor": p.actor,
                "rel": ACTION_REL[str(p.role)],
                "source": _value(p.source),
            }
            for p in ds.participations
        ]
    if table == "overlaps":
        return [
            {
                "action_id": o.action_id,
                "target_priority": o.target_priority,
                "note": _value(o.note),
                "source": _value(o.source),
                "period": period[o.oap_id],
            }
            for o in ds.overlaps
        ]
    raise ValueError(f"unknown table {table!r}")


#: (table, query, what its "created" count counts), in dependency order. The participations go by
#: role, one query per relationship type (PARTICIPATION_QUERIES).
LOAD_STEPS: tuple[tuple[str, str, str], ...] = (
    ("priorities", "load_priorities", "nodes"),
    ("actors", "load_actors", "nodes"),
    ("goals", "load_goals", "nodes"),
    ("oaps", "load_oaps", "nodes"),
    ("oap_actors", "load_oap_actors", "relationships"),
    ("actions", "load_actions", "nodes"),
    ("participations", "", "relationships"),
    ("overlaps", "load_overlaps", "relationships"),
)
#: The query that loads the participations of each relationship type.
PARTICIPATION_QUERIES = {
    "LEADS": "load_leads",
    "CO_LEADS": "load_co_leads",
    "PARTICIPATES_IN": "load_participates_in",
}
#: The tables whose nodes name the load that last wrote them (``load_id``): the small ones. What
#: belongs to an OAP (its actions, their roles and overlaps, its actors' roles) was written by its OAP's.
_NAMES_ITS_LOAD = ("priorities", "actors", "goals", "oaps")


def _roles_by_action(ds: Dataset) -> dict[str, dict[str, str]]:
    """Per action id, each of its actors with the relationship type of its role, e.g. ``{"NL": "LEADS"}``."""
    roles: dict[str, dict[str, str]] = {}
    for p in ds.participations:
        roles.setdefault(p.action_id, {})[p.actor] = ACTION_REL[str(p.role)]
    return roles


def _replace_params(ds: Dataset, roles: dict[str, dict[str, str]]) -> dict[str, dict[str, Any]]:
    """The parameters of each ``--replace`` query: what the dataset has for its OAPs, the rest goes."""
    oap_ids = [o.oap_id for o in ds.oaps]
    ours = set(oap_ids)
    actions = [a.action_id for a in ds.actions if a.oap_id in ours]
    targets: dict[str, list[str]] = {a: [] for a in actions}
    for o in ds.overlaps:
        targets.setdefault(o.action_id, []).append(o.target_priority)
    oap_roles: dict[str, dict[str, list[str]]] = {o: {} for o in oap_ids}
    for r in ds.oap_actors:
        oap_roles.setdefault(r.oap_id, {}).setdefault(r.actor, []).append(OAP_REL[str(r.role)])
    return {
        "replace_participations": {"rows": [{"action_id": a, "actors": roles.get(a, {})} for a in actions]},
        "replace_overlaps": {"rows": [{"action_id": a, "targets": targets[a]} for a in actions]},
        "replace_oap_actors": {"rows": [{"oap_id": o, "actors": oap_roles[o]} for o in oap_ids]},
        "replace_actions": {"oap_ids": oap_ids, "action_ids": actions},
    }


@dataclass
class LoadSummary:
    """What one load did: records sent and created per table, and Neo4j's counters in total."""

    load_id: str
    loaded_at: datetime
    loaded_from: str
    rows: dict[str, int] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0

    def _add(self, counters: neo4j.SummaryCounters) -> None:
        self.nodes_created += counters.nodes_created
        self.nodes_deleted += counters.nodes_deleted
        self.relationships_created += counters.relationships_created
        self.relationships_deleted += counters.relationships_deleted
        self.properties_set += counters.properties_set

    @property
    def updated(self) -> dict[str, int]:
        """Records per table that existed already (matched, their fields set again)."""
        return {t: self.rows[t] - self.created.get(t, 0) for t in self.rows}

    def text(self) -> str:
        """A few lines for people: per table, records created and updated; then the totals."""
        lines = [f"Loaded {self.loaded_from} (load {self.load_id}):"]
        for t, n in self.rows.items():
            lines.append(
                f"  {t:<15} {n:>7} records: {self.created.get(t, 0):>7} created, {self.updated[t]:>7} updated"
            )
        lines.append(
            f"  {self.nodes_created} nodes and {self.relationships_created} relationships created, "
            f"{self.nodes_deleted} nodes and {self.relationships_deleted} relationships deleted"
        )
        return "\n".join(lines)


def _batches(rows: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _by_position(batch: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Participation rows as the role queries take them: each actor and action once, rows by position.

    The server then seeks each actor and action once per batch, not once per row (loads about 1.2x faster).
    """
    actors: dict[str, int] = {}
    actions: dict[str, int] = {}
    rows = [
        {
            "x": actors.setdefault(r["actor"], len(actors)),
            "a": actions.setdefault(r["action_id"], len(actions)),
            "source": r["source"],
            "load_seq": r["load_seq"],
        }
        for r in batch
    ]
    return {"actors": list(actors), "actions": list(actions), "rows": rows}


def apply_schema(driver: neo4j.Driver, settings: Settings) -> None:
    """Create the constraints and indexes of ``queries/schema.cypher`` (IF NOT EXISTS) and wait for them."""
    with store_errors(settings, "creating the schema"):
        with driver.session(database=settings.database) as session:
            for statement in split_statements(load_query("schema")):
                for attempt in range(3):
                    try:
                        session.run(statement).consume()
                        break
                    except neo4j.exceptions.ClientError as e:
                        # Two loads creating the same constraint at once: the loser sees it exist.
                        if "AlreadyExists" not in (e.code or "") or attempt == 2:
                            raise
            session.run("CALL db.awaitIndexes(300)").consume()


def load_dataset(
    ds: Dataset,
    settings: Settings,
    *,
    replace: bool = False,
    progress: Callable[[int, int], None] | None = None,
    batch_size: int = BATCH_SIZE,
) -> LoadSummary:
    """Load a dataset into Neo4j: idempotent, atomic, batched.

    Every record is MERGEd on its key (constraints from ``queries/schema.cypher``) in batches of
    ``UNWIND $rows``; all batches run in ONE transaction, so a failure anywhere (a query, the connection,
    the process, or ``progress`` raising) leaves the database as it was. Each record keeps its own fields,
    ``source`` among them, and ``load_seq`` (its position in its table). The provenance that is the same
    for the whole load is written once, on a ``(:Load {load_id, loaded_at, loaded_from})`` node; the
    priorities, actors, goals and OAPs name the last load that wrote them (``load_id``), and what belongs
    to an OAP was written by its OAP's load (docs/neo4j.md, "Provenance").

    Parameters
    ----------
    ds
        A validated dataset (as :func:`overlapgraph.ingest.read_dataset` returns).
    settings
        Where to load it.
    replace
        For the OAPs in ``ds`` only, also delete actions, participations, declared overlaps and
        actors' OAP roles that ``ds`` no longer has. Other OAPs are not touched.
    progress
        Called as ``progress(done, total)`` in records after each batch.
    batch_size
        Records per query.

    Returns
    -------
    LoadSummary

    Raises
    ------
    StoreError
        Neo4j cannot be reached, refuses the credentials, or a query fails; nothing was written.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    # 12 hex digits (48 random bits): short enough to be stored inline with each record (a 32-digit id
    # made loads a quarter slower), and no two loads of one database will share one.
    summary = LoadSummary(secrets.token_hex(6), datetime.now(UTC), ds.name)
    steps: list[tuple[str, list[dict[str, Any]], str, str]] = []  # (table, rows, query, what)
    for table, query, what in LOAD_STEPS:
        rows = _rows(ds, table)
        for i, row in enumerate(rows):
            row["load_seq"] = i  # the record's position, so that a read-back keeps the order
        if table == "participations":
            for rel, name in PARTICIPATION_QUERIES.items():
                steps.append((table, [r for r in rows if r["rel"] == rel], load_query(name), what))
        else:
            steps.append((table, rows, load_query(query), what))
    total = sum(len(rows) for _, rows, _, _ in steps)
    provenance: dict[str, Any] = {
        "load_id": summary.load_id,
        "loaded_at": summary.loaded_at,
        "loaded_from": ds.name,
    }
    # Roles can only change where the actions had participants before this load.
    action_ids = sorted({p.action_id for p in ds.participations})
    roles = _roles_by_action(ds)

    def work(tx: neo4j.ManagedTransaction) -> None:
        # The driver may call this again after a transient error (e.g. a deadlock with a concurrent
        # load); start the counts from zero each time.
        summary.rows, summary.created = {}, {}
        summary.nodes_created = summary.nodes_deleted = summary.properties_set = 0
        summary.relationships_created = summary.relationships_deleted = 0
        done = 0
        roles_existed = (
            bool(action_ids)
            and tx.run(load_query("replace_roles_any")).single(strict=True)["any"]
            and tx.run(load_query("replace_roles_exist"), action_ids=action_ids).single() is not None
        )
        # The Load node is not a record of the dataset: its counters are not the summary's.
        tx.run(load_query("load_provenance"), provenance).consume()
        for table, rows, query, what in steps:
            summary.rows[table] = summary.rows.get(table, 0) + len(rows)
            summary.created.setdefault(table, 0)
            for batch in _batches(rows, batch_size):
                params: dict[str, Any] = _by_position(batch) if table == "participations" else {"rows": batch}
                if table in _NAMES_ITS_LOAD:
                    params["load_id"] = summary.load_id
                counters = tx.run(query, params).consume().counters
                summary._add(counters)
                summary.created[table] += getattr(counters, f"{what}_created")
                done += len(batch)
                if progress is not None:
                    progress(done, total)
        # An actor has one role per action: drop the old role of a pair whose role this load changed.
        if roles_existed:
            changed = [{"action_id": a, "actors": roles[a]} for a in action_ids]
            summary._add(tx.run(load_query("replace_changed_roles"), rows=changed).consume().counters)
        if replace:
            for name, params in _replace_params(ds, roles).items():
                summary._add(tx.run(load_query(name), params).consume().counters)
        tx.run(load_query("replace_unused_loads"), load_id=summary.load_id).consume()

    with connect(settings) as driver:
        apply_schema(driver, settings)
        with store_errors(settings, f"loading {ds.name or 'a dataset'}"):
            with driver.session(database=settings.database) as session:
                session.execute_write(work)
    return summary


def clear_database(settings: Settings) -> int:
    """Delete every node and relationship (constraints and indexes stay); return the nodes deleted."""
    with connect(settings) as driver, store_errors(settings, "clearing the database"):
        records, _, _ = driver.execute_query(
            load_query("replace_clear_database"), database_=settings.database
        )
        deleted: int = records[0]["deleted"]
        return deleted


def count_graph(settings: Settings) -> dict[str, int]:
    """Number of nodes per label and relationships per type, e.g. ``{"Action": 24, "SERVES": 24}``."""
    with connect(settings) as driver, store_errors(settings, "counting the graph"):
        records, _, _ = driver.execute_query(
            load_query("read_dataset_counts"), database_=settings.database, routing_=neo4j.RoutingControl.READ
        )
    return {r["name"]: r["n"] for r in records}
