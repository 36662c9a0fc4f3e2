"""Every library query run on the bundled THB 2022 data in the real Neo4j server, results checked by hand.

Expected values come from Council document 13607/21 (§1 goals, §2.2 declared overlaps, §3 actors, the
cover note's driver), via ``THB_DECLARED`` in tests/test_export_tables.py, never from query output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from overlapgraph.analysis import analyse
from overlapgraph.config import Settings
from overlapgraph.ingest import read_dataset
from overlapgraph.model import (
    ACTION_ROLE_RELATIONSHIPS,
    OAP,
    OAP_ROLE_RELATIONSHIPS,
    Action,
    ActionRole,
    Actor,
    ActorKind,
    Dataset,
    Overlap,
    Participation,
    Priority,
    cycle_of_period,
)
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


# ---------------------------------------------------------------------------- two periods, $period
# The real 2022 data and the constructed 2023 data loaded one after the other: every query that takes
# $period is checked with it left out (every period, each on its rows) and with each period, against
# values computed here from the in-memory datasets (never from query output).

DATA = Path(__file__).resolve().parent.parent / "data"
PERIODS = (None, "2022", "2023")


@pytest.fixture
def two_periods(neo4j_db: Settings) -> tuple[Settings, Dataset]:
    files = [read_dataset(DATA / name) for name in ("empact-2022", "constructed-2023")]
    for ds in files:
        load_dataset(ds, neo4j_db)
    both = Dataset(name="both")
    for table in ("priorities", "actors", "goals"):  # shared: the later load's records win
        merged = {r.code if hasattr(r, "code") else r.goal_id: r for ds in files for r in getattr(ds, table)}
        setattr(both, table, list(merged.values()))
    for table in ("oaps", "oap_actors", "actions", "participations", "overlaps"):
        setattr(both, table, [r for ds in files for r in getattr(ds, table)])
    return neo4j_db, both


def _in(period: str, wanted: str | None) -> bool:
    return wanted is None or period == wanted


def _oaps(ds: Dataset) -> dict[str, OAP]:
    return {o.oap_id: o for o in ds.oaps}


def expected_ego(ds: Dataset, actor: str, period: str | None) -> list[dict[str, Any]]:
    of = _oaps(ds)
    roles = [
        (r.oap_id, OAP_ROLE_RELATIONSHIPS[str(r.role)], "OAP", r.oap_id)
        for r in ds.oap_actors
        if r.actor == actor
    ]
    roles += [
        (p.oap_id, ACTION_ROLE_RELATIONSHIPS[str(p.role)], "Action", p.action_id)
        for p in ds.participations
        if p.actor == actor
    ]
    rows = [
        {"period": of[o].period, "relationship": rel, "kind": kind, "target": target}
        | {"oap_id": o, "priority": of[o].priority}
        for o, rel, kind, target in roles
        if _in(of[o].period, period)
    ]
    return sorted(
        rows, key=lambda r: (r["period"], r["priority"], r["oap_id"], r["target"], r["relationship"])
    )


def _places(ds: Dataset, oap_roles: bool = True) -> dict[str, tuple[str, str, set[str]]]:
    """Each action and OAP with a role on it: its period, its OAP's priority and its actors."""
    of = _oaps(ds)
    places: dict[str, tuple[str, str, set[str]]] = {}
    for p in ds.participations:
        places.setdefault(p.action_id, (of[p.oap_id].period, of[p.oap_id].priority, set()))[2].add(p.actor)
    for r in ds.oap_actors if oap_roles else ():
        places.setdefault(r.oap_id, (of[r.oap_id].period, of[r.oap_id].priority, set()))[2].add(r.actor)
    return places


def _actor(ds: Dataset, code: str) -> dict[str, str]:
    """The name and kind columns of an actor."""
    (a,) = [a for a in ds.actors if a.code == code]
    return {"name": a.name, "kind": str(a.kind)}


def expected_many(ds: Dataset, least: int, oap_roles: bool, period: str | None) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str], set[str]] = {}
    for per, priority, who in _places(ds, oap_roles).values():
        for actor in who:
            seen.setdefault((per, actor), set()).add(priority)
    rows = [
        {"period": per, "actor": a} | _actor(ds, a) | {"priority_count": len(ps), "priorities": sorted(ps)}
        for (per, a), ps in seen.items()
        if len(ps) >= least and _in(per, period)
    ]
    return sorted(rows, key=lambda r: (r["period"], -r["priority_count"], r["actor"]))


def expected_co_actors(ds: Dataset, actor: str, period: str | None) -> list[dict[str, Any]]:
    shared: dict[tuple[str, str], set[str]] = {}
    for place, (per, _, who) in _places(ds).items():
        if actor in who and _in(per, period):
            for other in who - {actor}:
                shared.setdefault((per, other), set()).add(place)
    rows = [
        {"period": per, "co_actor": o} | _actor(ds, o) | {"shared": len(via), "shared_with": sorted(via)}
        for (per, o), via in shared.items()
    ]
    return sorted(rows, key=lambda r: (r["period"], -r["shared"], r["co_actor"]))


def expected_overlaps_of(ds: Dataset, priority: str, period: str | None) -> list[dict[str, Any]]:
    of = _oaps(ds)
    targets: dict[str, set[str]] = {}
    for o in ds.overlaps:
        targets.setdefault(o.action_id, set()).add(o.target_priority)
    shared: dict[tuple[str, str], list[Action]] = {}
    for a in ds.actions:
        oap, towards = of[a.oap_id], targets.get(a.action_id, set())
        if _in(oap.period, period) and (oap.priority == priority or priority in towards):
            for q in (towards | {oap.priority}) - {priority}:
                shared.setdefault((oap.period, q), []).append(a)
    names = {p.code: p.name for p in ds.priorities}
    rows = [
        {"period": per, "other": q, "other_name": names[q], "shared_actions": len(acts)}
        | {"actions": [a.action_id for a in sorted(acts, key=lambda a: (a.oap_id, _key(a.code)))]}
        for (per, q), acts in shared.items()
    ]
    return sorted(rows, key=lambda r: (r["period"], -r["shared_actions"], r["other"]))


def _periods_and_priorities(ds: Dataset, period: str | None) -> list[tuple[str, Priority]]:
    """Each loaded period with each priority of its cycle (or of no known cycle), by period and code."""
    periods = sorted({o.period for o in ds.oaps if _in(o.period, period)})
    return [
        (per, p)
        for per in periods
        for p in sorted(ds.priorities, key=lambda p: p.code)
        if not p.cycle or p.cycle == cycle_of_period(per)
    ]


def expected_summary(ds: Dataset, period: str | None) -> list[dict[str, Any]]:
    of = _oaps(ds)
    rows = []
    for per, p in _periods_and_priorities(ds, period):
        oaps = {o.oap_id for o in ds.oaps if o.priority == p.code and o.period == per}
        rows.append(
            {"period": per, "priority": p.code, "name": p.name, "oaps": len(oaps)}
            | {"actions": sum(a.oap_id in oaps for a in ds.actions)}
            | {"declared_out": sum(o.oap_id in oaps for o in ds.overlaps)}
            | {
                "declared_in": sum(
                    o.target_priority == p.code and of[o.oap_id].period == per for o in ds.overlaps
                )
            }
        )
    return rows


def expected_without_oap(ds: Dataset, period: str | None) -> list[dict[str, Any]]:
    rows = [
        {k: r[k] for k in ("period", "priority", "name", "declared_in")}
        for r in expected_summary(ds, period)
        if r["oaps"] == 0
    ]
    return sorted(rows, key=lambda r: (r["period"], -r["declared_in"], r["priority"]))


def expected_paths(
    ds: Dataset, a: str, b: str, period: str | None
) -> list[tuple[str, int, tuple[str, ...], tuple[str, ...]]]:
    """All shortest paths of at most 8 steps in each period's data (networkx on the records)."""
    import itertools

    import networkx as nx

    out = []
    for per in sorted({o.period for o in ds.oaps if _in(o.period, period)}):
        oaps = {o.oap_id: o for o in ds.oaps if o.period == per}
        G = nx.MultiGraph()
        G.add_nodes_from(f"Priority:{p.code}" for p in ds.priorities)
        for oap in oaps.values():
            G.add_edge(f"OAP:{oap.oap_id}", f"Priority:{oap.priority}", type="BELONGS_TO")
        for g in ds.goals:
            if g.priority:
                G.add_edge(f"Goal:{g.goal_id}", f"Priority:{g.priority}", type="SPECIFIC_TO")
        for x in ds.actions:
            if x.oap_id in oaps:
                G.add_edge(f"OAP:{x.oap_id}", f"Action:{x.action_id}", type="HAS_ACTION")
                G.add_edge(f"Action:{x.action_id}", f"Goal:{x.goal_id}", type="SERVES")
        for o in ds.overlaps:
            if o.oap_id in oaps:
                G.add_edge(f"Action:{o.action_id}", f"Priority:{o.target_priority}", type="DECLARES_OVERLAP")
        for p in ds.participations:
            if p.oap_id in oaps:
                G.add_edge(
                    f"Actor:{p.actor}", f"Action:{p.action_id}", type=ACTION_ROLE_RELATIONSHIPS[str(p.role)]
                )
        for r in ds.oap_actors:
            if r.oap_id in oaps:
                G.add_edge(f"Actor:{r.actor}", f"OAP:{r.oap_id}", type=OAP_ROLE_RELATIONSHIPS[str(r.role)])
        try:
            paths = list(nx.all_shortest_paths(G, f"Priority:{a}", f"Priority:{b}"))
        except nx.NetworkXNoPath:
            continue
        for nodes in paths:
            if len(nodes) - 1 > 8:
                continue
            steps = [
                sorted(d["type"] for d in G.get_edge_data(u, v).values())
                for u, v in itertools.pairwise(nodes)
            ]
            out += [(per, len(nodes) - 1, tuple(nodes), rels) for rels in itertools.product(*steps)]
    return sorted(out)


def _rows_of(settings: Settings, name: str, **params: object) -> dict[str | None, list[dict[str, Any]]]:
    """The query's rows with $period left out and with each period."""
    return {
        period: run(settings, name, **params, **({} if period is None else {"period": period}))
        for period in PERIODS
    }


def test_period_of_actor_ego_network_and_co_actors(two_periods):
    settings, ds = two_periods
    for actor in ("NL", "EUROPOL"):
        got = _rows_of(settings, "actor_ego_network", actor=actor)
        assert got == {p: expected_ego(ds, actor, p) for p in PERIODS}, actor
        got = _rows_of(settings, "co_actors_of_actor", actor=actor)
        assert got == {p: expected_co_actors(ds, actor, p) for p in PERIODS}, actor
    # not vacuous: NL drives THB in both periods, and works with others in both
    assert {r["period"] for r in expected_ego(ds, "NL", None)} == {"2022", "2023"}
    assert {r["period"] for r in expected_co_actors(ds, "NL", None)} == {"2022", "2023"}


def test_period_of_actors_in_many_priorities(two_periods):
    settings, ds = two_periods
    for least, oap_roles in ((1, "true"), (2, "true"), (2, "false")):
        got = _rows_of(
            settings, "actors_in_many_priorities", min_priorities=least, include_oap_roles=oap_roles
        )
        assert got == {p: expected_many(ds, least, oap_roles == "true", p) for p in PERIODS}, (
            least,
            oap_roles,
        )
    many = expected_many(ds, 2, True, None)
    assert many and {r["period"] for r in many} == {"2023"}  # 2022 has THB's OAP only


def test_period_of_overlaps_of_priority(two_periods):
    settings, ds = two_periods
    for priority in ("THB", "MS", "CSE", "CFMLAR"):
        got = _rows_of(settings, "overlaps_of_priority", priority=priority)
        assert got == {p: expected_overlaps_of(ds, priority, p) for p in PERIODS}, priority
    assert {r["period"] for r in expected_overlaps_of(ds, "MS", None)} == {"2022", "2023"}


def test_period_of_priority_summary_and_priorities_without_oap(two_periods):
    settings, ds = two_periods
    assert _rows_of(settings, "priority_summary") == {p: expected_summary(ds, p) for p in PERIODS}
    assert _rows_of(settings, "priorities_without_oap") == {p: expected_without_oap(ds, p) for p in PERIODS}
    without = expected_without_oap(ds, None)
    # MS and CSE have OAPs in 2023 only: without one in 2022, not in 2023
    assert {r["priority"] for r in without if r["period"] == "2022"} >= {"MS", "CSE"}
    assert not {r["priority"] for r in without if r["period"] == "2023"} & {"MS", "CSE", "THB"}


def test_period_of_shortest_paths(two_periods):
    settings, ds = two_periods
    for a, b in (("MS", "CSE"), ("THB", "CFMLAR"), ("MS", "EF")):
        for period in PERIODS:
            rows = run(
                settings,
                "shortest_paths_between_priorities",
                from_priority=a,
                to_priority=b,
                **({} if period is None else {"period": period}),
            )
            got = sorted((r["period"], r["hops"], tuple(r["nodes"]), tuple(r["relationships"])) for r in rows)
            assert got == expected_paths(ds, a, b, period), (a, b, period)
    assert {p for p, *_ in expected_paths(ds, "MS", "CSE", None)} == {"2022", "2023"}


def test_period_of_actions_per_goal(two_periods):
    """actions_per_goal took $period already; it now also shows the period of each row."""
    settings, ds = two_periods
    of = _oaps(ds)
    for period in PERIODS:
        rows = run(settings, "actions_per_goal", **({} if period is None else {"period": period}))
        got = sorted((r["oap_id"], r["period"], r["goal_id"], r["actions"]) for r in rows)
        counts: dict[tuple[str, str, str], int] = {}
        for a in ds.actions:
            if _in(of[a.oap_id].period, period):
                key = (a.oap_id, of[a.oap_id].period, a.goal_id)
                counts[key] = counts.get(key, 0) + 1
        assert got == sorted((*k, n) for k, n in counts.items()), period
