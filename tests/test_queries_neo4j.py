"""Every library query run on the bundled THB 2022 data in the real Neo4j server, results checked by hand.

Expected values come from Council document 13607/21 (§1 goals, §2.2 declared overlaps, §3 actors, the
cover note's driver), via ``THB_DECLARED`` in tests/test_export_tables.py, never from query output.
"""

from __future__ import annotations

from typing import Any

import pytest

from overlapgraph.analysis import analyse
from overlapgraph.config import Settings
from overlapgraph.ingest import read_dataset
from overlapgraph.model import OAP, Action, ActionRole, Actor, ActorKind, Dataset, Overlap, Participation
from overlapgraph.present import synergy_row
from overlapgraph.store import load_dataset, write_analyses
from overlapgraph.store.library import get_query, library
from overlapgraph.store.readonly import run_read
from tests.test_export_tables import THB_ACTIONS, THB_DECLARED

pytestmark = pytest.mark.neo4j

THB_ACTORS = [
    "AT",
    "BE",
    "BG",
    "CEPOL",
    "DE",
    "ES",
    "EUROPOL",
    "FR",
    "FRONTEX",
    "NL",
    "UK",
]  # §3 lines 148-150
ALL_PRIORITIES = ["CA", "CCH", "CFMLAR", "CSE", "EF", "ENV", "FT", "HRCN", "IPC", "MS", "MTIC", "OFS", "OPC"]
ALL_PRIORITIES += ["SD-NPS", "THB"]  # the 15 OAPs of 2022-2025 (EMPACT.md)
T = "assumed: constructed for query tests"


def _key(code: str) -> tuple[int, int]:
    a, b = code.split(".")
    return int(a), int(b)


def oa(*codes: str) -> list[str]:
    return [f"THB-2022/OA {c}" for c in sorted(codes, key=_key)]


def shared(p: str, q: str) -> list[str]:
    """Actions linking two priorities other than THB: THB names them towards both."""
    return sorted(set(THB_DECLARED[p]) & set(THB_DECLARED[q]), key=_key)


@pytest.fixture(scope="module")
def loaded(neo4j_bundled):
    return neo4j_bundled


def run(settings: Settings, name: str, **params: object) -> list[dict[str, Any]]:
    q = get_query(name)
    result = run_read(settings, q.text, q.bind({k: str(v) for k, v in params.items()}), limit=None)
    assert result.columns == q.returns
    return [dict(zip(result.columns, r, strict=True)) for r in result.rows]


def test_overlaps_of_priority_thb(loaded):
    got = [
        (r["other"], r["shared_actions"], r["actions"])
        for r in run(loaded, "overlaps_of_priority", priority="THB")
    ]
    expected = sorted(((p, len(c), oa(*c)) for p, c in THB_DECLARED.items()), key=lambda x: (-x[1], x[0]))
    assert got == expected


def test_overlaps_of_priority_ms(loaded):
    rows = run(loaded, "overlaps_of_priority", priority="MS")
    got = {r["other"]: r["actions"] for r in rows}
    expected = {p: oa(*shared("MS", p)) for p in THB_DECLARED if p != "MS" and shared("MS", p)}
    expected["THB"] = oa(*THB_DECLARED["MS"])
    assert got == expected
    assert rows[0]["other"] == "THB" and rows[0]["other_name"] == "Trafficking in human beings"


def test_actions_shared_by_ms_and_cfmlar(loaded):
    rows = run(loaded, "actions_shared_by_priorities", priority_a="MS", priority_b="CFMLAR")
    assert [r["action_id"] for r in rows] == oa(*shared("MS", "CFMLAR"))
    assert len(rows) == 10 and {r["own_priority"] for r in rows} == {"THB"}
    assert run(loaded, "actions_shared_by_priorities", priority_a="THB", priority_b="OFS") == [
        {"action_id": "THB-2022/OA 8.3", "oap_id": "THB-2022", "period": "2022", "code": "8.3"}
        | {"own_priority": "THB", "goal_id": "CHSG-8", "title": None, "leaders": []}  # titles redacted
    ]
    assert (
        run(loaded, "actions_shared_by_priorities", priority_a="THB", priority_b="OFS", period="2023") == []
    )


def test_actors_in_many_priorities(loaded):
    rows = run(loaded, "actors_in_many_priorities", min_priorities=1, include_oap_roles="true")
    assert [r["actor"] for r in rows] == THB_ACTORS
    assert all(r["priorities"] == ["THB"] and r["priority_count"] == 1 for r in rows)
    assert run(loaded, "actors_in_many_priorities", min_priorities=2, include_oap_roles="true") == []
    # action leaders are redacted in the public document: no action roles at all
    assert run(loaded, "actors_in_many_priorities", min_priorities=1, include_oap_roles="false") == []


def test_one_sided_declarations_cannot_be_checked(loaded):
    rows = run(loaded, "one_sided_declarations")
    assert [(r["from_priority"], r["to_priority"], r["actions"], r["status"]) for r in rows] == [
        ("THB", p, sorted(THB_DECLARED[p], key=_key), "unchecked") for p in sorted(THB_DECLARED)
    ]
    assert {r["period"] for r in rows} == {"2022"} and all(
        r["declared_actions"] == len(r["actions"]) for r in rows
    )
    assert run(loaded, "one_sided_declarations", period="2023") == []


def test_actions_per_goal(loaded):
    rows = run(loaded, "actions_per_goal")
    by_goal: dict[str, list[str]] = {}
    for c in THB_ACTIONS:
        g = int(c.split(".")[0])
        by_goal.setdefault("THB-9" if g == 9 else f"CHSG-{g}", []).append(c)
    assert [(r["goal_id"], r["oap_id"], r["actions"], r["codes"]) for r in rows] == [
        (g, "THB-2022", len(c), sorted(c, key=_key)) for g, c in by_goal.items()
    ]
    assert rows[-1]["goal_label"] == "ATSG 9" and rows[-1]["goal_title"] == "Administrative approach"


def test_shortest_paths_ms_cse_go_through_each_shared_action(loaded):
    rows = run(loaded, "shortest_paths_between_priorities", from_priority="MS", to_priority="CSE")
    assert [r["hops"] for r in rows] == [2] * len(shared("MS", "CSE"))
    assert sorted(r["nodes"][1] for r in rows) == sorted(f"Action:{a}" for a in oa(*shared("MS", "CSE")))
    assert {tuple(r["relationships"]) for r in rows} == {("DECLARES_OVERLAP", "DECLARES_OVERLAP")}
    assert run(loaded, "shortest_paths_between_priorities", from_priority="MS", to_priority="EF") == []


def test_actor_ego_network_of_the_driver(loaded):
    rows = run(loaded, "actor_ego_network", actor="NL")
    assert [(r["relationship"], r["kind"], r["target"], r["priority"]) for r in rows] == [
        ("ACTOR_IN", "OAP", "THB-2022", "THB"),  # §3 line 148
        ("DRIVES", "OAP", "THB-2022", "THB"),  # cover note: "the NL driver"
    ]


def test_co_actors_of_the_driver(loaded):
    rows = run(loaded, "co_actors_of_actor", actor="NL")
    assert [r["co_actor"] for r in rows] == [a for a in THB_ACTORS if a != "NL"]
    assert {(r["shared"], tuple(r["shared_with"])) for r in rows} == {(1, ("THB-2022",))}


def test_changes_between_periods_with_only_2022(loaded):
    rows = run(loaded, "changes_between_periods", priority="THB", from_period="2022", to_period="2023")
    assert [r["code"] for r in rows] == THB_ACTIONS
    assert {r["change"] for r in rows} == {"removed"}
    first = rows[0]  # OA 1.1, named towards MS, CSE, OPC, CFMLAR and CA
    assert first["declared_before"] == ["CA", "CFMLAR", "CSE", "MS", "OPC"] and first["declared_after"] == []


def test_oaps_without_declared_overlaps_none(loaded):
    assert run(loaded, "oaps_without_declared_overlaps") == []


def test_actions_without_leader_all_redacted(loaded):
    rows = run(loaded, "actions_without_leader")
    assert [r["action_id"] for r in rows] == oa(*THB_ACTIONS)
    assert not any(r["has_co_leader"] for r in rows)


def test_priority_summary(loaded):
    rows = {r["priority"]: r for r in run(loaded, "priority_summary")}
    assert sorted(rows) == sorted(ALL_PRIORITIES)
    thb = rows["THB"]
    assert (thb["oaps"], thb["actions"], thb["declared_out"], thb["declared_in"]) == (1, 17, 50, 0)
    for p, codes in THB_DECLARED.items():
        assert (rows[p]["oaps"], rows[p]["declared_in"]) == (0, len(codes))
    assert rows["EF"]["declared_in"] == 0


def test_declarations_of_oap(loaded):
    rows = run(loaded, "declarations_of_oap", oap_id="THB-2022")
    expected = sorted(
        ((c, p) for p, codes in THB_DECLARED.items() for c in codes), key=lambda x: (_key(x[0]), x[1])
    )
    assert [(r["code"], r["target_priority"]) for r in rows] == expected
    notes = {(r["code"], r["target_priority"]): r["note"] for r in rows if r["note"]}
    assert notes == {("8.3", "OFS"): "Telecom Fraud"}  # "OA 8.3 from this OAP – Telecom Fraud"


def test_actors_of_oap(loaded):
    rows = run(loaded, "actors_of_oap", oap_id="THB-2022")
    roles = {r["actor"]: r["roles"] for r in rows}
    assert sorted(roles) == THB_ACTORS
    assert roles["NL"] == ["ACTOR_IN", "DRIVES"]
    assert roles["UK"] == ["PARTNER_OF"]  # "Action leaders - partners: United Kingdom"
    assert roles["EUROPOL"] == ["ACTOR_IN"]


def test_priorities_without_oap(loaded):
    rows = run(loaded, "priorities_without_oap")
    assert {r["priority"]: r["declared_in"] for r in rows} == {
        p: len(THB_DECLARED.get(p, [])) for p in ALL_PRIORITIES if p != "THB"
    }
    assert rows[0]["priority"] == "MS"


def test_goals_without_actions(loaded):
    rows = run(loaded, "goals_without_actions", oap_id="THB-2022")
    # no OA 6.x or 7.x is named in 13607/21 §2.2 (the OA list itself is DELETED)
    assert [(r["goal_id"], r["goal_label"]) for r in rows] == [("CHSG-6", "CHSG 6"), ("CHSG-7", "CHSG 7")]


def test_actions_by_codes_takes_a_list(loaded):
    rows = run(loaded, "actions_by_codes", oap_id="THB-2022", codes="8.3,9.1")
    assert [(r["code"], r["goal_id"], r["declared_towards"]) for r in rows] == [
        ("8.3", "CHSG-8", sorted(p for p, c in THB_DECLARED.items() if "8.3" in c)),
        ("9.1", "THB-9", sorted(p for p, c in THB_DECLARED.items() if "9.1" in c)),
    ]


def test_synergies_by_score(loaded, bundled):
    rows = run(loaded, "synergies_by_score", min_score=0.3)
    # THB declares 16 of its 17 actions towards MS and 11 towards CFMLAR; no OAP of theirs is loaded
    assert [(r["priority_a"], r["priority_b"], r["declared_count"], r["status"]) for r in rows] == [
        ("MS", "THB", 16, "unchecked"),
        ("CFMLAR", "THB", 11, "unchecked"),
    ]
    assert {r["period"] for r in rows} == {"2022"} and rows[0]["actors_count"] is None  # no participations
    # every pair, in the order and with the numbers of the synergy table
    analysis = analyse(read_dataset(bundled))
    table = [synergy_row(analysis, s) for s in analysis.synergies]
    everything = run(loaded, "synergies_by_score", min_score=0.0, period="2022")
    assert [{k: r[k] for k in everything[0] if k != "period"} for r in everything] == [
        {k: t[k] for k in everything[0] if k != "period"} for t in table
    ]
    assert len(everything) == len(
        {tuple(sorted(("THB", p))) for p in THB_DECLARED}
        | {(p, q) for p in THB_DECLARED for q in THB_DECLARED if p < q and shared(p, q)}
    )
    assert run(loaded, "synergies_by_score", min_score=0.0, period="2023") == []


def test_priority_communities(loaded, bundled):
    analysis = analyse(read_dataset(bundled))
    rows = run(loaded, "priority_communities", period="2022")
    assert [(r["community"], sorted(r["priorities"])) for r in rows] == [
        (i, sorted(c)) for i, c in enumerate(analysis.structure.communities)
    ]
    assert rows[0]["priorities"][0] == "THB" and rows[0]["size"] == len(rows[0]["priorities"])
    assert rows[0]["strengths"] == sorted(rows[0]["strengths"], reverse=True)


def test_every_library_query_is_run_here():
    import re
    from pathlib import Path

    ran = set(re.findall(r'run\((?:loaded|neo4j_db), "(\w+)"', Path(__file__).read_text("utf-8")))
    names = {q.name for q in library() if q.is_read and not q.name.startswith("read_dataset")}
    assert names <= ran


def test_second_year_and_a_second_oap(neo4j_db, bundled):
    """With a constructed MS OAP and a constructed THB 2023, reciprocity and changes become checkable."""
    ds = read_dataset(bundled)
    load_dataset(ds, neo4j_db)
    more = Dataset(
        priorities=[p for p in ds.priorities if p.code in ("MS", "THB", "CSE")],
        actors=[Actor("NL", "Netherlands", ActorKind.MEMBER_STATE, source=T)],
        goals=[g for g in ds.goals if g.goal_id in ("CHSG-1", "CHSG-2")],
        oaps=[OAP("MS-2022", "MS", "2022", source=T), OAP("THB-2023", "THB", "2023", source=T)],
        actions=[
            Action("MS-2022", "1.1", "CHSG-1", source=T),
            Action("THB-2023", "1.1", "CHSG-1", source=T),
            Action("THB-2023", "2.10", "CHSG-2", source=T),
        ],
        participations=[Participation("MS-2022", "1.1", "NL", ActionRole.LEADER, source=T)],
        overlaps=[
            Overlap("THB-2023", "1.1", "MS", source=T),
            Overlap("THB-2023", "1.1", "CSE", source=T),
        ],
        name="constructed",
    )
    load_dataset(more, neo4j_db)
    write_analyses(neo4j_db)
    rows = run(neo4j_db, "one_sided_declarations")
    status = {(r["from_priority"], r["period"], r["to_priority"]): r["status"] for r in rows}
    assert status[("THB", "2022", "MS")] == "one-sided"  # MS-2022 is loaded and declares nothing back
    # THB-2023 is compared with OAPs of 2023 only: MS-2022 does not count (periods are never mixed)
    assert status[("THB", "2023", "MS")] == "unchecked"
    assert status[("THB", "2022", "CSE")] == "unchecked"
    assert [r["actions"] for r in rows if r["oap_id"] == "THB-2023"] == [["1.1"], ["1.1"]]
    assert run(neo4j_db, "oaps_without_declared_overlaps") == [
        {"oap_id": "MS-2022", "priority": "MS", "period": "2022", "actions": 1}
    ]
    changes = run(neo4j_db, "changes_between_periods", priority="THB", from_period="2022", to_period="2023")
    assert [(r["code"], r["change"]) for r in changes] == [
        *[(c, "declarations changed" if c == "1.1" else "removed") for c in THB_ACTIONS if _key(c) < (2, 10)],
        ("2.10", "added"),
        *[(c, "removed") for c in THB_ACTIONS if _key(c) > (2, 10)],
    ]
    kept = changes[0]
    assert kept["declared_before"] == ["CA", "CFMLAR", "CSE", "MS", "OPC"]
    assert kept["declared_after"] == ["CSE", "MS"]
    nl = run(neo4j_db, "actors_in_many_priorities", min_priorities=2, include_oap_roles="true")
    assert [(r["actor"], r["priorities"]) for r in nl] == [("NL", ["MS", "THB"])]
    only_actions = run(neo4j_db, "actors_in_many_priorities", min_priorities=1, include_oap_roles="false")
    assert [(r["actor"], r["priorities"]) for r in only_actions] == [("NL", ["MS"])]
    leaderless = run(neo4j_db, "actions_without_leader")
    assert "MS-2022/OA 1.1" not in {r["action_id"] for r in leaderless}
