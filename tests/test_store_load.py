"""Loading into the real Neo4j server: counts, idempotency, atomicity, --replace, concurrency, read-back.

Expected counts come from the bundled CSV files read with the csv module (not through the loader's code)
and from hand-made datasets small enough to count by hand.
"""

from __future__ import annotations

import csv
import dataclasses
import os
import subprocess
import sys
import textwrap
import threading
from collections import Counter
from pathlib import Path

import pytest

from overlapgraph.errors import StoreError
from overlapgraph.ingest import read_dataset
from overlapgraph.model import (
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
from overlapgraph.pipeline import build_report
from overlapgraph.store import (
    clear_database,
    connect,
    count_graph,
    load_dataset,
    read_dataset_from_neo4j,
)
from overlapgraph.store.loader import ACTION_REL
from overlapgraph.synthetic import synthetic_dataset

pytestmark = pytest.mark.neo4j

S = "assumed: constructed for store tests"


def csv_rows(folder: Path, table: str) -> list[dict[str, str]]:
    with open(folder / f"{table}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def expected_counts(folder: Path) -> dict[str, int]:
    """Nodes per label and relationships per type that the files should give, counted from the CSVs."""
    rows = {t: csv_rows(folder, t) for t in ("priorities", "actors", "goals", "oaps", "actions", "overlaps")}
    oap_roles = Counter(r["role"] for r in csv_rows(folder, "oap_actors"))
    parts = Counter(r["role"] for r in csv_rows(folder, "participations"))
    counts = {
        "Priority": len(rows["priorities"]),
        "Actor": len(rows["actors"]),
        "Goal": len(rows["goals"]),
        "OAP": len(rows["oaps"]),
        "Action": len(rows["actions"]),
        "BELONGS_TO": len(rows["oaps"]),
        "HAS_ACTION": len(rows["actions"]),
        "SERVES": len(rows["actions"]),
        "SPECIFIC_TO": sum(1 for r in rows["goals"] if r["priority"]),
        "DECLARES_OVERLAP": len(rows["overlaps"]),
        "DRIVES": oap_roles["driver"],
        "CO_DRIVES": oap_roles["co_driver"],
        "ACTOR_IN": oap_roles["relevant_actor"],
        "PARTNER_OF": oap_roles["partner"],
        "LEADS": parts["leader"],
        "CO_LEADS": parts["co_leader"],
        "PARTICIPATES_IN": parts["participant"],
        "Load": 1,  # the provenance of the one load
    }
    return {k: v for k, v in counts.items() if v}


def tiny() -> Dataset:
    """Two priorities with one OAP each, counted by hand in the tests below."""
    ds = Dataset(name="tiny")
    ds.priorities = [
        Priority("AA", "Priority A", ("A", "Alpha"), source=S),
        Priority("BB", "Priority B", (), source=S),
    ]
    ds.actors = [
        Actor("NL", "Netherlands", ActorKind.MEMBER_STATE, S),
        Actor("EUROPOL", "Europol", ActorKind.EU_AGENCY, S),
    ]
    ds.actors.append(Actor("UK", "United Kingdom", ActorKind.NON_EU_COUNTRY, S))
    ds.goals = [
        Goal("CHSG-1", 1, "CHSG 1", "Intelligence", "", S),
        Goal("AA-9", 9, "SG 9", "Own goal", "AA", S),
    ]
    ds.oaps = [
        OAP("AA-2022", "AA", "2022", "1/22", "2022-01-31", "", "OAP A", 3, S),
        OAP("BB-2022", "BB", "2022"),
    ]
    ds.oap_actors = [
        OAPActor("AA-2022", "NL", OAPRole.DRIVER, S),
        OAPActor("AA-2022", "EUROPOL", OAPRole.RELEVANT_ACTOR, S),
        OAPActor("AA-2022", "UK", OAPRole.PARTNER, S),
        OAPActor("BB-2022", "NL", OAPRole.CO_DRIVER, S),
    ]
    ds.actions = [
        Action("AA-2022", "1.1", "CHSG-1", "First", S),
        Action("AA-2022", "1.2", "CHSG-1", "", S),
        Action("AA-2022", "9.1", "AA-9", "Own", S),
        Action("BB-2022", "1.1", "CHSG-1", "B first", S),
    ]
    ds.participations = [
        Participation("AA-2022", "1.1", "NL", ActionRole.LEADER, S),
        Participation("AA-2022", "1.1", "EUROPOL", ActionRole.PARTICIPANT, S),
        Participation("AA-2022", "1.2", "EUROPOL", ActionRole.CO_LEADER, S),
        Participation("BB-2022", "1.1", "NL", ActionRole.PARTICIPANT, S),
    ]
    ds.overlaps = [
        Overlap("AA-2022", "1.1", "BB", "as printed", S),
        Overlap("AA-2022", "9.1", "BB", "", S),
        Overlap("BB-2022", "1.1", "AA", "", S),
    ]
    return ds


TINY_COUNTS = {  # by hand from tiny()
    "Priority": 2,
    "Actor": 3,
    "Goal": 2,
    "OAP": 2,
    "Action": 4,
    "BELONGS_TO": 2,
    "HAS_ACTION": 4,
    "SERVES": 4,
    "SPECIFIC_TO": 1,
    "DRIVES": 1,
    "ACTOR_IN": 1,
    "PARTNER_OF": 1,
    "CO_DRIVES": 1,
    "LEADS": 1,
    "CO_LEADS": 1,
    "PARTICIPATES_IN": 2,
    "DECLARES_OVERLAP": 3,
    "Load": 1,
}


def test_bundled_counts_match_the_files(neo4j_db, bundled):
    load_dataset(read_dataset(bundled), neo4j_db)
    assert count_graph(neo4j_db) == expected_counts(bundled)


def test_bundled_facts_from_the_document(neo4j_db, bundled):
    """13607/21: NL drives THB 2022 (cover note); OA 2.1 serves CHSG 2; the OAP belongs to THB."""
    load_dataset(read_dataset(bundled), neo4j_db)
    with connect(neo4j_db) as driver:
        rec, _, _ = driver.execute_query(
            "MATCH (d:Actor)-[:DRIVES]->(o:OAP)-[:BELONGS_TO]->(p:Priority) "
            "MATCH (o)-[:HAS_ACTION]->(a:Action {code: '2.1'})-[:SERVES]->(g:Goal) "
            "RETURN d.code AS driver, o.oap_id AS oap, p.code AS priority, g.goal_id AS goal, "
            "a.action_id AS action"
        )
    assert [r.data() for r in rec] == [
        {"driver": "NL", "oap": "THB-2022", "priority": "THB", "goal": "CHSG-2", "action": "THB-2022/OA 2.1"}
    ]


def test_tiny_counts_and_summary(neo4j_db):
    summary = load_dataset(tiny(), neo4j_db)
    assert count_graph(neo4j_db) == TINY_COUNTS
    assert summary.rows == {
        "priorities": 2,
        "actors": 3,
        "goals": 2,
        "oaps": 2,
        "oap_actors": 4,
        "actions": 4,
        "participations": 4,
        "overlaps": 3,
    }
    assert summary.created == summary.rows  # everything is new in an empty database
    assert summary.nodes_created == 13  # 2 + 3 + 2 + 2 + 4 (the Load node is not a record)
    labels = {"Priority", "Actor", "Goal", "OAP", "Action", "Load"}
    assert summary.relationships_created == sum(v for k, v in TINY_COUNTS.items() if k not in labels) == 22


PROVENANCE = {"load_id", "loaded_at", "loaded_from"}


def test_provenance_is_one_load_node(neo4j_db):
    """One (:Load) holds the load's id, time and dataset; the small tables' nodes name it; actions and
    relationships carry no provenance, only their own fields and their position (load_seq)."""
    summary = load_dataset(tiny(), neo4j_db)
    with connect(neo4j_db) as driver:
        loads, _, _ = driver.execute_query("MATCH (l:Load) RETURN properties(l) AS p")
        nodes, _, _ = driver.execute_query(
            "MATCH (n) WHERE NOT n:Load RETURN labels(n)[0] AS label, keys(n) AS keys, n.load_id AS id, "
            "n.source AS s"
        )
        rels, _, _ = driver.execute_query(
            "MATCH ()-[r]->() RETURN type(r) AS type, keys(r) AS keys, r.source AS s"
        )
        sources, _, _ = driver.execute_query("MATCH (:Actor {code: 'NL'})-[r:LEADS]->() RETURN r.source AS s")
    assert len(loads) == 1
    load = loads[0]["p"]
    assert set(load) == PROVENANCE
    assert (load["load_id"], load["loaded_at"].to_native(), load["loaded_from"]) == (
        summary.load_id,
        summary.loaded_at,
        "tiny",
    )
    assert len(nodes) == 13 and len(rels) == 22
    named = {r["label"] for r in nodes if r["id"] is not None}
    assert named == {"Priority", "Actor", "Goal", "OAP"}
    assert {r["id"] for r in nodes if r["label"] in named} == {summary.load_id}
    assert not any(PROVENANCE & set(r["keys"]) for r in nodes if r["label"] == "Action")
    assert not any({"loaded_at", "loaded_from"} & set(r["keys"]) for r in nodes)
    assert not any(PROVENANCE & set(r["keys"]) for r in rels)
    assert all(r["s"] != "" for r in nodes + rels)  # a source is absent when unknown, never ""
    assert [r["s"] for r in sources] == [S]
    # The most a relationship carries: note, source, period, load_seq (DECLARES_OVERLAP).
    assert max(len(r["keys"]) for r in rels) == 4  # DECLARES_OVERLAP: note, source, period, load_seq
    assert {tuple(sorted(r["keys"])) for r in rels if r["type"] == "LEADS"} == {("load_seq", "source")}


def _which_load(settings, action_id: str) -> list[tuple[str, str]]:
    """The Cypher of docs/neo4j.md: which load wrote this action (its OAP's)."""
    with connect(settings) as driver:
        rec, _, _ = driver.execute_query(
            "MATCH (o:OAP)-[:HAS_ACTION]->(:Action {action_id: $id}) "
            "MATCH (l:Load {load_id: o.load_id}) RETURN l.load_id AS id, l.loaded_from AS src",
            id=action_id,
        )
    return [(r["id"], r["src"]) for r in rec]


def _loads(settings) -> list[str]:
    with connect(settings) as driver:
        rec, _, _ = driver.execute_query("MATCH (l:Load) RETURN l.load_id AS id ORDER BY l.loaded_at")
    return [r["id"] for r in rec]


def test_which_load_wrote_what_and_the_loads_still_named(neo4j_db):
    first = load_dataset(tiny(), neo4j_db)
    # constructed: a second dataset with one more OAP, sharing priority AA and actor NL with tiny()
    other = Dataset(name="other")
    other.priorities = [Priority("AA", "Priority A", ("A", "Alpha"), source=S), Priority("CC", "Priority C")]
    other.actors = [Actor("NL", "Netherlands", ActorKind.MEMBER_STATE, S)]
    other.goals = [Goal("CHSG-1", 1, "CHSG 1", "Intelligence", "", S)]
    other.oaps = [OAP("CC-2022", "CC", "2022", source=S)]
    other.actions = [Action("CC-2022", "1.1", "CHSG-1", "C first", S)]
    other.participations = [Participation("CC-2022", "1.1", "NL", ActionRole.LEADER, S)]
    second = load_dataset(other, neo4j_db)
    assert _which_load(neo4j_db, "AA-2022/OA 1.1") == [(first.load_id, "tiny")]
    assert _which_load(neo4j_db, "CC-2022/OA 1.1") == [(second.load_id, "other")]
    assert _loads(neo4j_db) == [first.load_id, second.load_id]
    back = read_dataset_from_neo4j(neo4j_db)
    assert back.name == "other + tiny"  # the datasets the OAPs and priorities were last loaded from
    assert back.oaps == tiny().oaps + other.oaps and back.actions == tiny().actions + other.actions
    # tiny() again: the first load's records are all written again, its Load node goes; the second
    # load's OAP still names it.
    third = load_dataset(tiny(), neo4j_db)
    assert _loads(neo4j_db) == [second.load_id, third.load_id]
    assert _which_load(neo4j_db, "AA-2022/OA 1.1") == [(third.load_id, "tiny")]
    # read back in load order: the OAP of the second load first now
    back = read_dataset_from_neo4j(neo4j_db)
    assert back.oaps == other.oaps + tiny().oaps
    assert back.participations == other.participations + tiny().participations
    assert [p.code for p in back.priorities] == ["CC", "AA", "BB"]  # CC last written by the second load


def test_loading_twice_is_idempotent(neo4j_db, bundled):
    ds = read_dataset(bundled)
    load_dataset(ds, neo4j_db)
    first = count_graph(neo4j_db)
    again = load_dataset(ds, neo4j_db)
    assert count_graph(neo4j_db) == first
    assert again.nodes_created == again.relationships_created == 0
    assert again.nodes_deleted == again.relationships_deleted == 0
    assert again.updated == again.rows


def test_a_changed_role_replaces_the_old_one(neo4j_db):
    ds = tiny()
    load_dataset(ds, neo4j_db)
    ds.participations[1] = dataclasses.replace(ds.participations[1], role=ActionRole.CO_LEADER)
    load_dataset(ds, neo4j_db)
    counts = count_graph(neo4j_db)
    assert (counts["CO_LEADS"], counts["PARTICIPATES_IN"]) == (2, 1)
    assert read_dataset_from_neo4j(neo4j_db).participations == ds.participations


def test_read_back_equals_the_files(neo4j_db, bundled):
    ds = read_dataset(bundled)
    load_dataset(ds, neo4j_db)
    back = read_dataset_from_neo4j(neo4j_db)
    assert back == ds  # every record, in the files' order, and the name
    files, graph = build_report(ds), build_report(back)
    assert graph.summary(top=100) == files.summary(top=100)
    assert graph.analysis.synergies == files.analysis.synergies


def test_read_back_of_every_field_and_role(neo4j_db):
    ds = tiny()
    load_dataset(ds, neo4j_db)
    assert read_dataset_from_neo4j(neo4j_db) == ds


def test_read_back_of_a_synthetic_dataset(neo4j_db):
    ds = synthetic_dataset(priorities=4, actions=120, actors=20, actors_per_action=4, seed=3)
    load_dataset(ds, neo4j_db, batch_size=50)
    assert read_dataset_from_neo4j(neo4j_db) == ds


def test_empty_database_has_no_dataset(neo4j_db):
    with pytest.raises(StoreError, match=r"holds no dataset; load one with `overlapgraph load DATASET`"):
        read_dataset_from_neo4j(neo4j_db)


# ---------------------------------------------------------------------------- atomicity


class Boom(Exception):
    pass


def test_failure_in_the_last_batch_writes_nothing(neo4j_db):
    ds = synthetic_dataset(priorities=3, actions=60, actors=10, actors_per_action=3, seed=1)
    seen = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done == total:  # after the very last batch, before the commit
            raise Boom

    with pytest.raises(Boom):
        load_dataset(ds, neo4j_db, progress=progress, batch_size=25)
    assert seen[-1] == sum(ds.counts().values())
    assert count_graph(neo4j_db) == {}


def test_failed_reload_leaves_the_previous_load(neo4j_db):
    ds = tiny()
    load_dataset(ds, neo4j_db)
    changed = tiny()
    changed.actions = changed.actions[:1]
    changed.participations = changed.participations[:1]
    changed.overlaps = changed.overlaps[:1]

    def fail_late(done: int, total: int) -> None:
        if done == total:
            raise Boom

    with pytest.raises(Boom):
        load_dataset(changed, neo4j_db, replace=True, progress=fail_late)
    assert read_dataset_from_neo4j(neo4j_db) == ds


def test_server_error_in_the_last_table_writes_nothing(neo4j_db):
    """A real error from Neo4j: a map is not a valid property value (the overlaps are loaded last)."""
    ds = tiny()
    ds.overlaps[-1] = dataclasses.replace(ds.overlaps[-1], note={"not": "a property value"})  # type: ignore[arg-type]
    with pytest.raises(StoreError) as err:
        load_dataset(ds, neo4j_db)
    assert str(err.value).startswith(
        f"Neo4j at {neo4j_db.safe_uri} (database 'neo4j') failed while loading tiny: "
    )
    assert "\n" not in str(err.value)
    assert count_graph(neo4j_db) == {}


def test_participation_of_an_unknown_actor_fails_the_load(neo4j_db):
    """The role queries name a batch's actors by position: one that is not in the graph must fail the
    load (MERGE on a missing node), not shift the others or be skipped. (read_dataset rejects such a
    dataset; load_dataset, called from Python, gets it as it is.)"""
    ds = tiny()
    ds.participations.insert(1, dataclasses.replace(ds.participations[0], actor="NOBODY"))
    with pytest.raises(StoreError, match=r"failed while loading tiny: .*missing"):
        load_dataset(ds, neo4j_db)
    assert count_graph(neo4j_db) == {}


def test_roles_are_written_between_the_right_actor_and_action(neo4j_db):
    """Rows name actors and actions by position within their batch: every pair lands where it belongs,
    with its own source and position, whatever the batch size."""
    ds = synthetic_dataset(priorities=3, actions=90, actors=12, actors_per_action=4, seed=5)
    load_dataset(ds, neo4j_db, batch_size=7)
    with connect(neo4j_db) as driver:
        rec, _, _ = driver.execute_query(
            "MATCH (x:Actor)-[r:LEADS|CO_LEADS|PARTICIPATES_IN]->(a:Action) "
            "RETURN a.action_id AS action, x.code AS actor, type(r) AS rel, r.load_seq AS seq, r.source AS s"
        )
    got = {(r["action"], r["actor"], r["rel"], r["seq"], r["s"]) for r in rec}
    want = {
        (p.action_id, p.actor, ACTION_REL[str(p.role)], i, p.source) for i, p in enumerate(ds.participations)
    }
    assert got == want and len(rec) == len(ds.participations)


def test_killed_loader_process_writes_nothing(neo4j_db, tmp_path):
    """The loading process is killed (SIGKILL) half-way: the server rolls the open transaction back."""
    script = tmp_path / "load_and_die.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import os, signal
            from overlapgraph.config import Settings
            from overlapgraph.store import load_dataset
            from overlapgraph.synthetic import synthetic_dataset

            def die_half_way(done, total):
                if done >= total // 2:
                    print("killing myself at", done, "of", total, flush=True)
                    os.kill(os.getpid(), signal.SIGKILL)

            ds = synthetic_dataset(priorities=3, actions=400, actors=20, actors_per_action=3)
            load_dataset(ds, Settings(uri={neo4j_db.uri!r}), progress=die_half_way, batch_size=100)
            """
        )
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == -9, done.stderr
    assert "killing myself at" in done.stdout
    assert count_graph(neo4j_db) == {}


# ---------------------------------------------------------------------------- --replace


def test_replace_removes_what_the_oap_no_longer_has_and_nothing_else(neo4j_db):
    ds = tiny()
    load_dataset(ds, neo4j_db)
    # OAP AA-2022 again, with OA 1.2 and 9.1 gone, EUROPOL no longer taking part in 1.1, the UK no
    # longer a partner and the overlap of 1.1 no longer declared.
    aa = tiny()
    aa.oaps = [o for o in aa.oaps if o.oap_id == "AA-2022"]
    aa.actions = [aa.actions[0]]
    aa.oap_actors = aa.oap_actors[:2]
    aa.participations = [aa.participations[0]]
    aa.overlaps = []
    summary = load_dataset(aa, neo4j_db, replace=True)

    back = read_dataset_from_neo4j(neo4j_db)
    bb_actions = [a for a in ds.actions if a.oap_id == "BB-2022"]
    assert sorted(a.action_id for a in back.actions) == ["AA-2022/OA 1.1", "BB-2022/OA 1.1"]
    assert [a for a in back.actions if a.oap_id == "BB-2022"] == bb_actions
    assert sorted((p.action_id, p.actor) for p in back.participations) == [
        ("AA-2022/OA 1.1", "NL"),
        ("BB-2022/OA 1.1", "NL"),
    ]
    assert sorted((r.oap_id, r.actor) for r in back.oap_actors) == [
        ("AA-2022", "EUROPOL"),
        ("AA-2022", "NL"),
        ("BB-2022", "NL"),
    ]
    assert [(o.oap_id, o.action_code, o.target_priority) for o in back.overlaps] == [("BB-2022", "1.1", "AA")]
    assert summary.nodes_deleted == 2  # OA 1.2 and OA 9.1
    # Goals, actors and priorities are shared by all OAPs and stay.
    assert len(back.goals) == 2 and len(back.actors) == 3 and len(back.priorities) == 2


def test_without_replace_nothing_is_removed(neo4j_db):
    ds = tiny()
    load_dataset(ds, neo4j_db)
    fewer = tiny()
    fewer.actions = fewer.actions[:1]
    fewer.participations = fewer.participations[:1]
    fewer.overlaps = fewer.overlaps[:1]
    load_dataset(fewer, neo4j_db)
    assert count_graph(neo4j_db) == TINY_COUNTS


# ---------------------------------------------------------------------------- concurrency


def test_two_concurrent_loads_make_no_duplicates(neo4j_db):
    ds = synthetic_dataset(priorities=4, actions=300, actors=25, actors_per_action=4, seed=7)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            load_dataset(ds, neo4j_db, batch_size=200)
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    counts = count_graph(neo4j_db)
    assert counts["Action"] == 300
    assert counts["Actor"] == 25
    assert counts["LEADS"] == counts["CO_LEADS"] == 300  # one leader and one co-leader per action
    assert counts["PARTICIPATES_IN"] == 300 * 2
    assert counts["DECLARES_OVERLAP"] == len(ds.overlaps)
    assert read_dataset_from_neo4j(neo4j_db) == ds


def test_settings_pass_through_env_free(neo4j_settings):
    """The library never reads NEO4J_* variables itself: a wrong NEO4J_URI does not matter to it."""
    old = os.environ.get("NEO4J_URI")
    os.environ["NEO4J_URI"] = "bolt://127.0.0.1:1"
    try:
        clear_database(neo4j_settings)
        load_dataset(tiny(), neo4j_settings)
        assert count_graph(neo4j_settings) == TINY_COUNTS
    finally:
        if old is None:
            del os.environ["NEO4J_URI"]
        else:
            os.environ["NEO4J_URI"] = old
        clear_database(neo4j_settings)


def test_driver_packs_rows_in_rust():
    """The dependency neo4j-rust-ext is in use: the driver packs the loader's rows in Rust, not Python.

    bench/bench_load.py measured loads about 1.4x faster with it (the bare CREATE 1.6x).
    """
    from neo4j._codec.packstream import v1

    assert vars(v1)["_rust_pack"] is not None
