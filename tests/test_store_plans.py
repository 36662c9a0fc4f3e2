"""The loader's per-row queries never scan an index or label once per row (checked with EXPLAIN).

A scan per unwound row is quadratic: replace_roles_exist once scanned the whole Action index for every
id (400 million rows, 40 s, for 20,000 actions). The load queries seek both ends of every row; the
role queries may scan the Action index once. The plans are read from the real server.
"""

from __future__ import annotations

import dataclasses

import neo4j
import pytest

from overlapgraph.config import Settings
from overlapgraph.store import connect, load_dataset
from overlapgraph.store.queries import load_query
from overlapgraph.synthetic import synthetic_dataset

pytestmark = pytest.mark.neo4j

PER_ROW = [
    "load_leads",
    "load_co_leads",
    "load_participates_in",
    "load_overlaps",
    "load_actions",
    "replace_roles_exist",
    "replace_changed_roles",
    "replace_participations",
    "replace_overlaps",
    "replace_oap_actors",
]
SCANS = ("NodeIndexScan", "AllNodesScan", "NodeByLabelScan")
# Parameters of the types the loader sends: the planner plans per parameter type (an empty list
# gets another plan than a list of strings).
ROW = {
    "action_id": "THB-2022/OA 1.1",
    "actor": "NL",
    "oap_id": "THB-2022",
    "code": "1.1",
    "goal_id": "CHSG-1",
    "title": "",
    "target_priority": "MS",
    "note": "",
    "source": "test",
    "load_seq": 0,
    "x": 0,  # the role queries name a batch's actor and action by position
    "a": 0,
}


def _operators(plan: dict[str, object]) -> list[str]:
    children = plan.get("children", [])
    assert isinstance(children, list)
    return [str(plan["operatorType"]).split("@")[0]] + [op for c in children for op in _operators(c)]


def _per_row_scans(plan: dict[str, object], per_row: bool = False) -> list[str]:
    """Scans that run once per input row: those on the right-hand side of an Apply-like operator."""
    op = str(plan["operatorType"]).split("@")[0]
    children = plan.get("children", [])
    assert isinstance(children, list)
    found = [op] if per_row and op.startswith(SCANS) else []
    for i, child in enumerate(children):
        found += _per_row_scans(child, per_row or ("Apply" in op and i == 1))
    return found


@pytest.fixture(scope="module")
def loaded(neo4j_settings: Settings) -> Settings:
    from overlapgraph.store import clear_database

    clear_database(neo4j_settings)
    # Everything but the participations: the state in which a load plans its participation queries.
    ds = synthetic_dataset(actions=2000, actors=60, actors_per_action=4, seed=3)
    load_dataset(dataclasses.replace(ds, participations=[]), neo4j_settings)
    return neo4j_settings


@pytest.mark.parametrize("name", PER_ROW)
def test_per_row_query_seeks(loaded: Settings, name: str) -> None:
    with connect(loaded) as driver, driver.session(database=loaded.database) as session:
        result = session.run(
            neo4j.Query("EXPLAIN " + load_query(name)),
            rows=[ROW, ROW],
            action_ids=["THB-2022/OA 1.1", "THB-2022/OA 1.2"],
            actors=["NL"],
            actions=["THB-2022/OA 1.1"],
            oap_ids=["THB-2022"],
            load_id="x",
            loaded_at=None,
            loaded_from="x",
        )
        plan = result.consume().plan
    assert plan is not None
    ops = _operators(plan)
    assert not _per_row_scans(plan), " > ".join(ops)
    if name.startswith("load_"):
        assert not [op for op in ops if op.startswith(SCANS)], " > ".join(ops)
        assert any("Seek" in op for op in ops), " > ".join(ops)
