"""Benchmark the Neo4j loader against a naive loader and against a bare UNWIND ... CREATE, five runs.

Data: ``synthetic_dataset(actions=20000, actors=300, actors_per_action=5)``: 100,000 actor-action
participation rows (plus 20,000 actions, about 20,000 declared overlaps and the small tables).
One local Neo4j Community server serves every measurement; each starts from an empty graph (or, for the
participations, from the graph without them) and every write runs in one transaction, as the loader's does.

* loader: ``overlapgraph.store.load_dataset`` (MERGE on constrained keys, batches of ``UNWIND $rows``;
  the load's provenance on one Load node, each relationship only its ``source`` and ``load_seq``).
* bare: the same rows as ``UNWIND $rows ... CREATE`` (no MERGE, no provenance, no ``load_seq``), same
  batches, relationships found by the same indexed MATCHes (the participations, like the loader's, seek
  each actor and action once per batch): the server's own ceiling for building this graph.
* naive: one MERGE query per participation row (:data:`NAIVE`), setting the same properties as the
  loader, each row its own (auto-commit) transaction, as a naive loader does; once also all rows in one
  transaction (the most favourable case for it: no commit per row, only a round trip per row).

Every method is warmed up before it is timed. The server runs its first rows of a kind of query slowly
(JIT compilation): the naive loader's first 10,000 rows ran at a third of its later speed, so it runs
``--warm`` rows untimed first; the loader and the bare CREATE run ``--warm-rounds`` times untimed.
Then ``--runs`` runs (5) each time bare, loader and naive on the participations, one after the other,
and each run's ratios are its own: loader / naive and loader / bare. The whole dataset (loader / bare,
empty database) is timed after them, ``--runs`` times too; measured first, the participation rows see a
fresh store (after 15 loads and clears of the whole dataset the loader ran about 12% slower).

Run: ``python bench/bench_load.py [--runs 5 --warm-rounds 4 --warm 20000 --sample 20000]`` (6 minutes).
Prints rows/s and both ratios of every run and their minimum, the server start time and the peak memory
(RSS) of a Python process that builds the dataset and loads it, nothing else; writes
``bench/results/bench_load.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
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
    "SET r.source = $source, r.load_seq = $load_seq"
)


def naive_merge(ds: Dataset, settings: Settings, n: int, *, one_transaction: bool, start: int = 0) -> int:
    """One MERGE query per participation row (rows start..start+n), each its own transaction or all in one."""
    queries = {rel: NAIVE.replace("{rel}", rel) for rel in PARTICIPATION_QUERIES}
    rows = [
        (queries[r["rel"]], {**{k: r[k] for k in ("actor", "action_id", "source")}, "load_seq": i})
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


def warm_up(f: Callable[[], Any], rounds: int, reset: Callable[[], Any], label: str) -> None:
    """Run ``f`` ``rounds`` times untimed (each after ``reset``), printing the times."""
    times = []
    for _ in range(rounds):
        reset()
        times.append(timed(f))
    print(f"  {label:<30}" + " ".join(f"{t:5.2f}" for t in times) + " s", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="Timed runs; each gives its own ratios.")
    ap.add_argument("--warm-rounds", type=int, default=4, help="Untimed runs of loader and bare first.")
    ap.add_argument("--warm", type=int, default=20000, help="Naive rows run first, untimed (JIT warm-up).")
    ap.add_argument(
        "--sample", type=int, default=20000, help="Naive rows timed per run, after the warm-up ones."
    )
    ap.add_argument("--actions", type=int, default=20000)
    args = ap.parse_args()

    ds = synthetic_dataset(actions=args.actions, actors=300, actors_per_action=5)
    n_all = sum(ds.counts().values())
    n_part = len(ds.participations)
    print(f"dataset: {ds.summary()} ({n_all} records)", flush=True)
    warm_rows = min(args.warm, n_part // 2)
    sample = min(args.sample, n_part - warm_rows)
    out: dict[str, Any] = {"records": n_all, "participations": n_part, "naive_sample": sample}
    runs: list[dict[str, float]] = []

    with LocalNeo4j() as server:
        st = server.settings()
        out["server_start_s"] = server.startup_seconds
        print(f"server started in {server.startup_seconds:.1f} s at {server.uri}", flush=True)
        with connect(st) as driver:
            apply_schema(driver, st)

        # Participation rows only, onto the nodes already there: bare vs loader vs naive, per run.
        load_dataset(without(ds, "participations"), st)
        participations = only(ds, "participations")
        reset: Callable[[], Any] = lambda: delete_roles(st)  # noqa: E731

        def bare_part() -> None:
            bare_create(ds, st, ("participations",))

        def loader_part() -> None:
            load_dataset(participations, st)

        def naive_part() -> None:
            naive_merge(ds, st, sample, one_transaction=False, start=warm_rows)

        print("warm-up (untimed):", flush=True)
        warm_up(bare_part, args.warm_rounds, reset, "bare, participations")
        warm_up(loader_part, args.warm_rounds, reset, "loader, participations")
        reset()
        naive_merge(ds, st, warm_rows, one_transaction=False)  # the server's first rows are slow
        print(f"  naive, {warm_rows} rows", flush=True)
        for i in range(args.runs):
            run: dict[str, float] = {}
            for key, f in (
                ("bare_part_s", bare_part),
                ("loader_part_s", loader_part),
                ("naive_part_s", naive_part),
            ):
                reset()
                run[key] = timed(f)
            runs.append(run)
            print(
                f"  run {i + 1}: bare {run['bare_part_s']:5.2f} s, loader {run['loader_part_s']:5.2f} s, "
                f"naive {run['naive_part_s']:5.2f} s",
                flush=True,
            )
        out["peak_rss_mib"] = peak_rss_mib()  # this process
        reset()
        naive_merge(ds, st, warm_rows // 4, one_transaction=True)
        out["naive_tx_part_s"] = timed(
            lambda: naive_merge(ds, st, sample, one_transaction=True, start=warm_rows)
        )
        reset()

        def bare_all() -> None:
            bare_create(ds, st, tuple(BARE))

        def loader_all() -> None:
            load_dataset(ds, st)

        # Whole dataset, empty database: loader vs bare CREATE, each warmed up first (untimed runs).
        reset = lambda: clear_database(st)  # noqa: E731
        warm_up(bare_all, args.warm_rounds, reset, "bare, whole dataset")
        warm_up(loader_all, args.warm_rounds, reset, "loader, whole dataset")
        for i, run in enumerate(runs):
            reset()
            run["bare_all_s"] = timed(bare_all)
            reset()
            run["loader_all_s"] = timed(loader_all)
            run["loader_reload_s"] = timed(loader_all)  # all MERGEs match
            print(
                f"  run {i + 1}: bare {run['bare_all_s']:5.2f} s, loader {run['loader_all_s']:5.2f} s, "
                f"again {run['loader_reload_s']:5.2f} s",
                flush=True,
            )
        clear_database(st)
        out["loader_alone_rss_mib"] = loader_peak_rss_mib(st, args.actions)

    for run in runs:
        run["bare_part"] = n_part / run["bare_part_s"]
        run["loader_part"] = n_part / run["loader_part_s"]
        run["naive_part"] = sample / run["naive_part_s"]
        run["bare_all"] = n_all / run["bare_all_s"]
        run["loader_all"] = n_all / run["loader_all_s"]
        run["loader_reload"] = n_all / run["loader_reload_s"]
        run["loader_vs_naive"] = run["loader_part"] / run["naive_part"]
        run["loader_vs_bare_part"] = run["loader_part"] / run["bare_part"]
        run["loader_vs_bare_all"] = run["loader_all"] / run["bare_all"]
    out["runs"] = runs
    out["naive_tx_part"] = sample / out["naive_tx_part_s"]
    ratios = ("loader_vs_naive", "loader_vs_bare_part", "loader_vs_bare_all")
    out["min"] = {k: min(r[k] for r in runs) for k in ratios}

    print(f"\nrows/s, participations ({n_part} rows; naive: {sample}) and whole dataset ({n_all} records):")
    print(
        "run  bare part  loader part  naive part  loader/naive  loader/bare |"
        "  bare all  loader all  loader/bare"
    )
    for i, r in enumerate(runs, 1):
        print(
            f"{i:>3}  {r['bare_part']:9.0f}  {r['loader_part']:11.0f}  {r['naive_part']:10.0f}  "
            f"{r['loader_vs_naive']:11.1f}x  {r['loader_vs_bare_part']:11.2f} |  {r['bare_all']:8.0f}  "
            f"{r['loader_all']:10.0f}  {r['loader_vs_bare_all']:11.2f}"
        )
    m = out["min"]
    print(
        f"min{'':43}{m['loader_vs_naive']:11.1f}x  {m['loader_vs_bare_part']:11.2f} |{'':22}"
        f"{m['loader_vs_bare_all']:11.2f}"
    )
    print(
        f"goals: loader / naive >= 30x on every run: {'met' if m['loader_vs_naive'] >= 30 else 'NOT met'}; "
        f"loader / bare >= 0.6 on every run: "
        f"{'met' if min(m['loader_vs_bare_part'], m['loader_vs_bare_all']) >= 0.6 else 'NOT met'}"
    )
    reload = statistics.median(r["loader_reload"] for r in runs)
    print(
        f"naive, all rows in one transaction: {out['naive_tx_part']:.0f} rows/s; "
        f"loader, whole dataset again (all MERGEs match): {reload:.0f} rows/s (median)"
    )
    print(
        f"server start: {out['server_start_s']:.1f} s; "
        f"peak RSS of a process that builds the dataset and loads it: {out['loader_alone_rss_mib']:.0f} MiB "
        f"(of this benchmark process: {out['peak_rss_mib']:.0f} MiB)"
    )
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / "bench_load.json").write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
