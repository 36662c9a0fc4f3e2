"""Reading the graph in Neo4j back as the Dataset that was loaded."""

from __future__ import annotations

from typing import Any

import neo4j

from ..config import Settings
from ..errors import StoreError
from ..model import (
    OAP,
    Action,
    ActionRole,
    Actor,
    ActorKind,
    Dataset,
    Goal,
    OAPActor,
    OAPRole,
    Overlap,
    Participation,
    Priority,
)
from .connection import connect, store_errors
from .loader import ACTION_REL, OAP_REL
from .queries import load_query

__all__ = ["read_dataset_from_neo4j"]

# Relationship type -> role, the inverse of the loader's maps.
_ROLE_OF_REL = {rel: role for role, rel in ACTION_REL.items()}
_OAP_ROLE_OF_REL = {rel: role for role, rel in OAP_REL.items()}
_TABLES = ("priorities", "actors", "goals", "oaps", "oap_actors", "actions", "participations", "overlaps")


def _s(v: Any) -> str:
    return "" if v is None else str(v)


def _read_all(tx: neo4j.ManagedTransaction) -> dict[str, list[dict[str, Any]]]:
    out = {t: [r.data() for r in tx.run(load_query(f"read_dataset_{t}"))] for t in _TABLES}
    out["loaded_from"] = [r.data() for r in tx.run(load_query("read_dataset_loaded_from"))]
    return out


def read_dataset_from_neo4j(settings: Settings) -> Dataset:
    """The dataset stored in Neo4j, as the files it was loaded from give it.

    Records are equal to the loaded ones and come in the order they were loaded (load time, then
    position in the dataset's table). The name is that of the dataset(s) loaded (``loaded_from``), so a
    report from Neo4j is the report of the files.
    Everything is read in one transaction, so a concurrent load is seen whole or not at all.

    Raises
    ------
    StoreError
        Neo4j cannot be reached, or the database holds no priorities (nothing was loaded).
    """
    with connect(settings) as driver, store_errors(settings, "reading the dataset"):
        with driver.session(database=settings.database, default_access_mode=neo4j.READ_ACCESS) as session:
            rows = session.execute_read(_read_all)
    if not rows["priorities"]:
        raise StoreError(
            f"Neo4j at {settings.safe_uri} (database '{settings.database}') holds no dataset; "
            "load one with `overlapgraph load DATASET`"
        )
    names = [r["loaded_from"] for r in rows["loaded_from"] if r["loaded_from"]]
    ds = Dataset(name=" + ".join(names) or f"neo4j {settings.safe_uri}/{settings.database}")
    ds.priorities = [
        Priority(_s(r["code"]), _s(r["name"]), tuple(r["aliases"] or ()), _s(r.get("cycle")), _s(r["source"]))
        for r in rows["priorities"]
    ]
    ds.actors = [
        Actor(_s(r["code"]), _s(r["name"]), ActorKind(r["kind"]), _s(r["source"])) for r in rows["actors"]
    ]
    ds.goals = [
        Goal(
            _s(r["goal_id"]),
            int(r["number"]),
            _s(r["label"]),
            _s(r["title"]),
            _s(r["priority"]),
            _s(r["source"]),
        )
        for r in rows["goals"]
    ]
    ds.oaps = [
        OAP(
            _s(r["oap_id"]),
            _s(r["priority"]),
            _s(r["period"]),
            _s(r["document"]),
            _s(r["date"]),
            _s(r["previous_document"]),
            _s(r["title"]),
            r["stated_actions"],
            _s(r["source"]),
        )
        for r in rows["oaps"]
    ]
    ds.oap_actors = [
        OAPActor(r["oap_id"], r["actor"], OAPRole(_OAP_ROLE_OF_REL[r["rel"]]), _s(r["source"]))
        for r in rows["oap_actors"]
    ]
    ds.actions = [
        Action(_s(r["oap_id"]), _s(r["code"]), _s(r["goal_id"]), _s(r["title"]), _s(r["source"]))
        for r in rows["actions"]
    ]
    ds.participations = [
        Participation(
            r["oap_id"], r["action_code"], r["actor"], ActionRole(_ROLE_OF_REL[r["rel"]]), _s(r["source"])
        )
        for r in rows["participations"]
    ]
    ds.overlaps = [
        Overlap(r["oap_id"], r["action_code"], r["target_priority"], _s(r["note"]), _s(r["source"]))
        for r in rows["overlaps"]
    ]
    return ds
