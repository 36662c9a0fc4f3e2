"""Periods and missing values in the real Neo4j server: what belongs to a period says so; nothing is ""."""

from __future__ import annotations

from pathlib import Path

import pytest

from overlapgraph.config import Settings
from overlapgraph.ingest import read_dataset
from overlapgraph.store import load_dataset, read_dataset_from_neo4j
from overlapgraph.store.readonly import run_read

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parent.parent


def test_periods_and_absent_values(neo4j_db: Settings) -> None:
    files = [read_dataset(REPO / "data" / n) for n in ("empact-2022", "constructed-2023")]
    for ds in files:
        load_dataset(ds, neo4j_db)

    def rows(text: str) -> list[tuple[object, ...]]:
        return run_read(neo4j_db, text, limit=None).rows

    # no property anywhere is "" or an empty list: a missing value is absent, and IS NULL finds it
    assert rows("MATCH (n) UNWIND keys(n) AS k WITH n, k WHERE n[k] = '' OR n[k] = [] RETURN n") == []
    assert rows("MATCH ()-[r]->() UNWIND keys(r) AS k WITH r, k WHERE r[k] = '' OR r[k] = [] RETURN r") == []
    common = sum(1 for g in files[0].goals if not g.priority)
    assert rows("MATCH (g:Goal) WHERE g.priority IS NULL RETURN count(g)") == [(common,)]
    # every action, and every relationship of an OAP but the participations, carries its OAP's period
    assert (
        rows(
            "MATCH (o:OAP)-[h:HAS_ACTION]->(a:Action)-[s:SERVES]->() "
            "WHERE a.period <> o.period OR h.period <> o.period OR s.period <> o.period RETURN a"
        )
        == []
    )
    assert rows("MATCH (a:Action) WHERE a.period IS NULL RETURN a") == []
    for rel in ("BELONGS_TO", "DECLARES_OVERLAP", "DRIVES", "CO_DRIVES", "ACTOR_IN", "PARTNER_OF"):
        assert rows(f"MATCH ()-[r:{rel}]->() WHERE r.period IS NULL RETURN r") == [], rel
    assert (
        rows(
            "MATCH (o:OAP)-[:HAS_ACTION]->()-[r:DECLARES_OVERLAP]->() WHERE r.period <> o.period RETURN r "
            "UNION MATCH ()-[r:DRIVES|CO_DRIVES|ACTOR_IN|PARTNER_OF]->(o:OAP) WHERE r.period <> o.period "
            "RETURN r "
            "UNION MATCH (o:OAP)-[r:BELONGS_TO]->() WHERE r.period <> o.period RETURN r"
        )
        == []
    )
    counts = {r[0]: r[1] for r in rows("MATCH (a:Action) RETURN a.period, count(*)")}
    assert counts == {"2022": len(files[0].actions), "2023": len(files[1].actions)}
    # the read-back of the tables of OAPs is still the files' (priorities, goals and actors are shared
    # and the second load updated them)
    back = read_dataset_from_neo4j(neo4j_db)
    for table in ("oaps", "actions", "overlaps", "participations", "oap_actors"):
        assert getattr(back, table) == getattr(files[0], table) + getattr(files[1], table), table
    assert back.goals == files[1].goals
