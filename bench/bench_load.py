"""Benchmark the Neo4j loader against a naive loader and against a bare UNWIND ... CREATE, in one run.

Data: ``synthetic_dataset(actions=20000, actors=300, actors_per_action=5)``: 100,000 actor-action
participation rows (plus 20,000 actions, about 20,000 declared overlaps and the small tables).
One local Neo4j Community server serves every measurement; each starts from an empty graph and every
write runs in one transaction, as the loader's does.

* loader: ``overlapgraph.store.load_dataset`` (MERGE on constrained keys, provenance, batches of
  ``UNWIND $rows``).
* bare: the same rows as ``UNWIND $rows ... CREATE`` (no MERGE, no provenance), same batches, relationships
  found by the same indexed MATCHes: the server's own ceiling for building this graph.
* naive: one MERGE query per participation row (:data:`NAIVE`), timed on a sample of the rows, in two
  variants: each row its own (auto-commit) transaction, as a naive loader does; and all rows in one
  transaction (the most favourable case for it: no commit per row, only a round trip per row).

Run: ``python bench/bench_load.py [--sample 5000]``. Prints rows/s, the ratios, the server start time and
the peak memory (RSS) of this Python process.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from overlapgraph.config import Settings
from overlapgraph.model import Dataset
from overlapgraph.store import apply_schema, clear_database, connect, load_dataset
from overlapgraph.store.loader import _rows
from overlapgraph.store.local_server import LocalNeo4j
from overlapgraph.synthetic import synthetic_dataset

BATCH = 5000

#: The same graph as the loader builds, with CREATE instead of MERGE and without provenance.
BARE = {
    "priorities": "UNWIND $rows AS row CREATE (p:Priority) SET p = row",
    "actors": "UNWIND $rows AS row CREATE (a:Actor) SET a = row",
    "goals": "UNWIND $rows AS row CREATE (g:Goal) SET g = row WITH g, row WHERE row.priority <> '' "
    "MATCH (p:Priority {code: row.priority}) CREATE (g)-[:SPECIFIC_TO {source: row.source}]->(p)",
    "oaps": "UNWIND $rows AS row MATCH (p:Priority {code: row.priority}) CREATE (o:OAP) SET o = row "
    "CREATE (o)-[:BELONGS_TO {source: row.source}]->(p)",
    "oap_actors": "UNWIND $rows AS row MATCH (x:Actor {code: row.actor}) MATCH (o:OAP {oap_id: row.oap_id}) "
    "CREATE (x)-[:DRIVES {source: row.source}]->(o)",
    "actions": "UNWIND $rows AS row MATCH (o:OAP {oap_id: row.oap_id}) MATCH (g:Goal {goal_id: row.goal_id}) "
    "CREATE (a:Action) SET a = row CREATE (o)-[:HAS_ACTION {source: row.source}]->(a) "
    "CREATE (a)-[:SERVES {source: row.source}]->(g)",
    "participations": "UNWIND $rows AS row MATCH (x:Actor {code: row.actor}) "
    "MATCH (a:Action {action_id: row.action_id}) CREATE (x)-[:PARTICIPATES_IN {source: row.source}]->(a)",
    "overlaps": "UNWIND $rows AS row MATCH (a:Action {action_id: row.action_id}) "
    "MATCH (p:Priority {code: row.target_priority}) "
    "CREATE (a)-[:DECLARES_OVERLAP {note: row.note, source: row.source}]->(p)",
}


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(f: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


def bare_create(ds: Dataset, settings: Settings, tables: tuple[str, ...]) -> None:
    with connect(settings) as driver, driver.session(database=settings.database) as session:

        def work(tx: Any) -> None:
            for table in tables:
                rows = _rows(ds, table)
                for i in range(0, len(rows), BATCH):
                    tx.run(BARE[table], rows=rows[i : i + BATCH]).consume()

        session.execute_write(work)


#: What a naive loader sends for one participation row: a plain MERGE with the row's values as parameters.
NAIVE = (
    "MATCH (x:Actor {code: $actor}) MATCH (a:Action {action_id: $action_id}) "
    "MERGE (x)-[r:PARTICIPATES_IN]->(a) "
    "SET r.source = $source, r.load_seq = $load_seq, r.load_id = $load_id, r.loaded_at = $loaded_at"
)


def naive_merge(ds: Dataset, settings: Settings, sample: int, *, one_transaction: bool) -> int:
    """One MERGE query per participation row, each in its own transaction or all in one."""
    prov: dict[str, Any] = {"load_id": uuid.uuid4().hex, "loaded_at": datetime.now(UTC)}
    rows = [
        {"actor": r["actor"], "action_id": r["action_id"], "source": r["source"], "load_seq": i, **prov}
        for i, r in enumerate(_rows(ds, "participations")[:sample])
    ]
    with connect(settings) as driver, driver.session(database=settings.database) as session:
        if one_transaction:

            def work(tx: Any) -> None:
                for row in rows:
                    tx.run(NAIVE, row)

            session.execute_write(work)
        else:
            for row in rows:
                session.run(NAIVE, row).consume()
    return len(rows)


def without(ds: Dataset, *tables: str) -> Dataset:
    empty: dict[str, Any] = {t: [] for t in tables}
    return dataclasses.replace(ds, **empty)


def only(ds: Dataset, table: str) -> Dataset:
    return Dataset(name=ds.name, **{table: getattr(ds, table)})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=5000, help="Participation rows for the naive loader.")
    ap.add_argument("--actions", type=int, default=20000)
    args = ap.parse_args()

    ds = synthetic_dataset(actions=args.actions, actors=300, actors_per_action=5)
    n_all = sum(ds.counts().values())
    n_part = len(ds.participations)
    print(f"dataset: {ds.summary()} ({n_all} records)", flush=True)
    out: dict[str, Any] = {"records": n_all, "participations": n_part, "naive_sample": args.sample}

    with LocalNeo4j() as server:
        st = server.settings()
        out["server_start_s"] = server.startup_seconds
        print(f"server started in {server.startup_seconds:.1f} s at {server.uri}", flush=True)
        with connect(st) as driver:
            apply_schema(driver, st)

        # Warm up the JVM and the query caches on a small dataset, every method once.
        warm = synthetic_dataset(actions=2000, actors=300, actors_per_action=5, seed=1)
        load_dataset(warm, st)
        clear_database(st)
        bare_create(warm, st, tuple(BARE))
        clear_database(st)
        load_dataset(without(warm, "participations"), st)
        naive_merge(warm, st, 300, one_transaction=True)
        naive_merge(warm, st, 300, one_transaction=False)
        clear_database(st)

        # Whole dataset, empty database: loader vs bare CREATE.
        out["bare_all_s"] = timed(lambda: bare_create(ds, st, tuple(BARE)))
        clear_database(st)
        out["loader_all_s"] = timed(lambda: load_dataset(ds, st))
        out["loader_reload_s"] = timed(lambda: load_dataset(ds, st))  # idempotent: all MERGEs match
        clear_database(st)

        # Participation rows only, onto the nodes already there: loader vs bare vs naive.
        nodes = without(ds, "participations")
        load_dataset(nodes, st)
        out["bare_part_s"] = timed(lambda: bare_create(ds, st, ("participations",)))
        clear_database(st)
        load_dataset(nodes, st)
        out["loader_part_s"] = timed(lambda: load_dataset(only(ds, "participations"), st))
        clear_database(st)
        load_dataset(nodes, st)
        out["naive_part_s"] = timed(lambda: naive_merge(ds, st, args.sample, one_transaction=False))
        clear_database(st)
        load_dataset(nodes, st)
        out["naive_tx_part_s"] = timed(lambda: naive_merge(ds, st, args.sample, one_transaction=True))
        clear_database(st)
        out["peak_rss_mib"] = peak_rss_mib()

    rate = {
        "bare_all": n_all / out["bare_all_s"],
        "loader_all": n_all / out["loader_all_s"],
        "loader_reload": n_all / out["loader_reload_s"],
        "bare_part": n_part / out["bare_part_s"],
        "loader_part": n_part / out["loader_part_s"],
        "naive_part": min(args.sample, n_part) / out["naive_part_s"],
        "naive_tx_part": min(args.sample, n_part) / out["naive_tx_part_s"],
    }
    out["rows_per_s"] = rate
    out["ratio_loader_vs_naive"] = rate["loader_part"] / rate["naive_part"]
    out["ratio_loader_vs_naive_tx"] = rate["loader_part"] / rate["naive_tx_part"]
    out["ratio_loader_vs_bare_all"] = rate["loader_all"] / rate["bare_all"]
    out["ratio_loader_vs_bare_part"] = rate["loader_part"] / rate["bare_part"]

    print(f"\nwhole dataset ({n_all} records), empty database, one transaction each:")
    print(f"  bare UNWIND CREATE  {out['bare_all_s']:7.2f} s  {rate['bare_all']:9.0f} rows/s")
    print(f"  loader (MERGE)      {out['loader_all_s']:7.2f} s  {rate['loader_all']:9.0f} rows/s")
    print(f"  loader, again       {out['loader_reload_s']:7.2f} s  {rate['loader_reload']:9.0f} rows/s")
    print(f"participation rows ({n_part}) onto existing nodes:")
    print(f"  bare UNWIND CREATE  {out['bare_part_s']:7.2f} s  {rate['bare_part']:9.0f} rows/s")
    print(f"  loader (MERGE)      {out['loader_part_s']:7.2f} s  {rate['loader_part']:9.0f} rows/s")
    sample = f"(sample of {min(args.sample, n_part)})"
    print(f"  naive, own txs      {out['naive_part_s']:7.2f} s  {rate['naive_part']:9.0f} rows/s {sample}")
    print(
        f"  naive, one tx       {out['naive_tx_part_s']:7.2f} s  {rate['naive_tx_part']:9.0f} rows/s {sample}"
    )
    print(f"ratio loader / naive, own transactions:   {out['ratio_loader_vs_naive']:6.1f}x  (goal >= 30)")
    print(f"ratio loader / naive in one transaction:  {out['ratio_loader_vs_naive_tx']:6.1f}x")
    print(f"ratio loader / bare, whole dataset:       {out['ratio_loader_vs_bare_all']:6.2f}   (goal >= 0.5)")
    print(
        f"ratio loader / bare, participations:      {out['ratio_loader_vs_bare_part']:6.2f}   (goal >= 0.5)"
    )
    print(
        f"server start: {out['server_start_s']:.1f} s; "
        f"peak RSS of this Python process: {out['peak_rss_mib']:.0f} MiB"
    )
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / "bench_load.json").write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
