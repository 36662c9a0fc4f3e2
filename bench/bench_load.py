"""Benchmark the Neo4j loader against a naive loader and against a bare UNWIND ... CREATE, in one run.

Data: ``synthetic_dataset(actions=20000, actors=300, actors_per_action=5)``: 100,000 actor-action
participation rows (plus 20,000 actions, about 20,000 declared overlaps and the small tables).
One local Neo4j Community server serves every measurement; each starts from an empty graph and every
write runs in one transaction, as the loader's does.

* loader: ``overlapgraph.store.load_dataset`` (MERGE on constrained keys, provenance, batches of
  ``UNWIND $rows``).
* bare: the same rows as ``UNWIND $rows ... CREATE`` (no MERGE, no provenance), same batches, relationships
  found by the same indexed MATCHes (the participations, like the loader's, seek each actor and action
  once per batch): the server's own ceiling for building this graph.
* naive: one MERGE query per participation row (:data:`NAIVE`), setting the same properties as the
  loader, in two variants: each row its own (auto-commit) transaction, as a naive loader does; and all
  rows in one transaction (the most favourable case for it: no commit per row, only a round trip per row).

Every method is warmed up before it is timed. The server runs its first rows of a kind of query slowly
(JIT compilation): the naive loader's first 10,000 rows ran at a third of its later speed, so it runs
``--warm`` rows untimed and is then timed on the next ``--sample`` rows; the loader and the bare CREATE
run ``--warm-rounds`` times untimed and then ``--rounds`` times, and their median is used. Without this,
a first run of the loader took 1.3–1.7x its later time, and a 5,000-row naive sample ran at half the
naive's real speed.

Run: ``python bench/bench_load.py [--warm-rounds 4 --rounds 5 --warm 20000 --sample 40000]`` (5 minutes).
Prints rows/s, the ratios, the server start time and the peak memory (RSS) of a Python process that builds
the dataset and loads it, nothing else.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from overlapgraph.config import Settings
from overlapgraph.model import Dataset
from overlapgraph.store import apply_schema, clear_database, connect, load_dataset
from overlapgraph.store.loader import PARTICIPATION_QUERIES, _by_position, _rows
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
    "participations": "UNWIND $actors AS code MATCH (x:Actor {code: code}) WITH collect(x) AS xs "
    "UNWIND $actions AS id MATCH (a:Action {action_id: id}) WITH xs, collect(a) AS ys "
    "UNWIND $rows AS row WITH xs[row.x] AS x, ys[row.a] AS a, row "
    "CREATE (x)-[:{rel} {source: row.source}]->(a)",  # per role, as the loader: LEADS, CO_LEADS, ...
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
                if table != "participations":
                    for i in range(0, len(rows), BATCH):
                        tx.run(BARE[table], rows=rows[i : i + BATCH]).consume()
                    continue
                for i, row in enumerate(rows):
                    row["load_seq"] = i
                for rel in PARTICIPATION_QUERIES:
                    of_rel = [r for r in rows if r["rel"] == rel]
                    for i in range(0, len(of_rel), BATCH):
                        query = BARE[table].replace("{rel}", rel)
                        tx.run(query, _by_position(of_rel[i : i + BATCH])).consume()

        session.execute_write(work)


#: What a naive loader sends for one participation row: a plain MERGE with the row's values as parameters.
NAIVE = (
    "MATCH (x:Actor {code: $actor}) MATCH (a:Action {action_id: $action_id}) "
    "MERGE (x)-[r:{rel}]->(a) "  # the row's role: LEADS, CO_LEADS or PARTICIPATES_IN
    "SET r.source = $source, r.load_seq = $load_seq, r.load_id = $load_id, r.loaded_at = $loaded_at"
)


def naive_merge(ds: Dataset, settings: Settings, n: int, *, one_transaction: bool, start: int = 0) -> int:
    """One MERGE query per participation row (rows start..start+n), each its own transaction or all in one."""
    prov: dict[str, Any] = {"load_id": secrets.token_hex(6), "loaded_at": datetime.now(UTC)}
    queries = {rel: NAIVE.replace("{rel}", rel) for rel in PARTICIPATION_QUERIES}
    rows = [
        (queries[r["rel"]], {**{k: r[k] for k in ("actor", "action_id", "source")}, "load_seq": i, **prov})
        for i, r in enumerate(_rows(ds, "participations")[start : start + n], start)
    ]
    with connect(settings) as driver, driver.session(database=settings.database) as session:
        if one_transaction:

            def work(tx: Any) -> None:
                for query, row in rows:
                    tx.run(query, row).consume()

            session.execute_write(work)
        else:
            for query, row in rows:
                session.run(query, row).consume()
    return len(rows)


def without(ds: Dataset, *tables: str) -> Dataset:
    empty: dict[str, Any] = {t: [] for t in tables}
    return dataclasses.replace(ds, **empty)


def only(ds: Dataset, table: str) -> Dataset:
    return Dataset(name=ds.name, **{table: getattr(ds, table)})


#: A process that only builds the dataset and loads it, and prints its peak RSS in KiB. (VmHWM, not
#: getrusage: Linux carries ru_maxrss over from the parent through fork and exec.)
_LOAD_ALONE = """
import re
from pathlib import Path
from overlapgraph.config import Settings
from overlapgraph.store import load_dataset
from overlapgraph.synthetic import synthetic_dataset
load_dataset(synthetic_dataset(actions={actions}, actors=300, actors_per_action=5), Settings.from_env())
print(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1))
"""


def loader_peak_rss_mib(settings: Settings, actions: int) -> float:
    """Peak RSS of a Python process that builds the dataset and loads it, nothing else."""
    env = {**os.environ, "NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.username}
    env["NEO4J_PASSWORD"] = settings.password or ""
    code = _LOAD_ALONE.format(actions=actions)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 1024


def delete_roles(settings: Settings) -> None:
    """Delete the participations (actors' roles on actions), keeping every node."""
    with connect(settings) as driver, driver.session(database=settings.database) as session:
        session.run(
            "MATCH (:Actor)-[r:LEADS|CO_LEADS|PARTICIPATES_IN]->(:Action) "
            "CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS"
        ).consume()


def median_time(f: Callable[[], Any], rounds: int, reset: Callable[[], Any], label: str = "") -> float:
    """The median of ``rounds`` timed runs of ``f``, each after ``reset`` (not timed)."""
    times = []
    for _ in range(rounds):
        reset()
        times.append(timed(f))
    if label:
        print(f"  {label:<34}" + " ".join(f"{t:5.2f}" for t in times) + " s", flush=True)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="Timed runs of loader and bare (median).")
    ap.add_argument("--warm-rounds", type=int, default=4, help="Untimed runs of loader and bare first.")
    ap.add_argument("--warm", type=int, default=20000, help="Naive rows run first, untimed (JIT warm-up).")
    ap.add_argument("--sample", type=int, default=40000, help="Naive rows timed, after the warm-up ones.")
    ap.add_argument("--actions", type=int, default=20000)
    args = ap.parse_args()

    ds = synthetic_dataset(actions=args.actions, actors=300, actors_per_action=5)
    n_all = sum(ds.counts().values())
    n_part = len(ds.participations)
    print(f"dataset: {ds.summary()} ({n_all} records)", flush=True)
    warm_rows = min(args.warm, n_part // 2)
    sample = min(args.sample, n_part - warm_rows)
    out: dict[str, Any] = {"records": n_all, "participations": n_part, "naive_sample": sample}

    with LocalNeo4j() as server:
        st = server.settings()
        out["server_start_s"] = server.startup_seconds
        print(f"server started in {server.startup_seconds:.1f} s at {server.uri}", flush=True)
        with connect(st) as driver:
            apply_schema(driver, st)

        # First, while the store is fresh: participation rows only, onto the nodes already there: loader
        # vs bare vs naive. (Run after the whole-dataset rounds below, 15 loads and clears of 140,000
        # records, the loader ran about 12% slower; the naive loader, bound by a commit per row, did not.)
        load_dataset(without(ds, "participations"), st)
        participations = only(ds, "participations")
        reset: Callable[[], Any] = lambda: delete_roles(st)  # noqa: E731
        median_time(
            lambda: bare_create(ds, st, ("participations",)), args.warm_rounds, reset, "bare, roles, warm-up"
        )
        median_time(
            lambda: load_dataset(participations, st), args.warm_rounds, reset, "loader, roles, warm-up"
        )
        out["bare_part_s"] = median_time(
            lambda: bare_create(ds, st, ("participations",)), args.rounds, reset, "bare, roles"
        )
        out["loader_part_s"] = median_time(
            lambda: load_dataset(participations, st), args.rounds, reset, "loader, roles"
        )
        out["peak_rss_mib"] = peak_rss_mib()  # this process, before the naive loaders' rows
        print("loader and bare done; naive next", flush=True)
        delete_roles(st)
        naive_merge(ds, st, warm_rows, one_transaction=False)  # warm-up: the server's first rows are slow
        out["naive_part_s"] = timed(
            lambda: naive_merge(ds, st, sample, one_transaction=False, start=warm_rows)
        )
        delete_roles(st)
        naive_merge(ds, st, warm_rows // 4, one_transaction=True)
        out["naive_tx_part_s"] = timed(
            lambda: naive_merge(ds, st, sample, one_transaction=True, start=warm_rows)
        )

        delete_roles(st)

        def bare_all() -> None:
            bare_create(ds, st, tuple(BARE))

        def loader_all() -> None:
            load_dataset(ds, st)

        # Whole dataset, empty database: loader vs bare CREATE, each warmed up first (untimed runs).
        reset = lambda: clear_database(st)  # noqa: E731
        median_time(bare_all, args.warm_rounds, reset, "bare, whole, warm-up")
        median_time(loader_all, args.warm_rounds, reset, "loader, whole, warm-up")
        out["bare_all_s"] = median_time(bare_all, args.rounds, reset, "bare, whole")
        out["loader_all_s"] = median_time(loader_all, args.rounds, reset, "loader, whole")
        out["loader_reload_s"] = median_time(
            loader_all, args.rounds, lambda: None, "loader, whole, again"
        )  # all MERGEs match
        print("whole dataset done", flush=True)
        clear_database(st)
        out["loader_alone_rss_mib"] = loader_peak_rss_mib(st, args.actions)

    rate = {
        "bare_all": n_all / out["bare_all_s"],
        "loader_all": n_all / out["loader_all_s"],
        "loader_reload": n_all / out["loader_reload_s"],
        "bare_part": n_part / out["bare_part_s"],
        "loader_part": n_part / out["loader_part_s"],
        "naive_part": sample / out["naive_part_s"],
        "naive_tx_part": sample / out["naive_tx_part_s"],
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
    of = f"({sample} rows)"
    print(f"  naive, own txs      {out['naive_part_s']:7.2f} s  {rate['naive_part']:9.0f} rows/s {of}")
    print(f"  naive, one tx       {out['naive_tx_part_s']:7.2f} s  {rate['naive_tx_part']:9.0f} rows/s {of}")
    print(f"ratio loader / naive, own transactions:   {out['ratio_loader_vs_naive']:6.1f}x  (goal >= 30)")
    print(f"ratio loader / naive in one transaction:  {out['ratio_loader_vs_naive_tx']:6.1f}x")
    print(f"ratio loader / bare, whole dataset:       {out['ratio_loader_vs_bare_all']:6.2f}   (goal >= 0.5)")
    print(
        f"ratio loader / bare, participations:      {out['ratio_loader_vs_bare_part']:6.2f}   (goal >= 0.5)"
    )
    print(
        f"server start: {out['server_start_s']:.1f} s; "
        f"peak RSS of a process that builds the dataset and loads it: {out['loader_alone_rss_mib']:.0f} MiB "
        f"(of this benchmark process, before its naive runs: {out['peak_rss_mib']:.0f} MiB)"
    )
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / "bench_load.json").write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
