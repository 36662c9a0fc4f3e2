"""The analysis written back into the real Neo4j server: the same numbers as the in-memory analysis.

Both bundled datasets are loaded together (data/empact-2022, period 2022, and data/constructed-2023,
period 2023); each period's SYNERGY, DECLARES and PriorityInPeriod must equal what ``analyse`` of that
dataset gives in memory, read from the files, through :func:`overlapgraph.present.synergy_row`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from overlapgraph.analysis import AnalysisOptions, analyse
from overlapgraph.cli import cli
from overlapgraph.config import Settings
from overlapgraph.errors import StoreError
from overlapgraph.ingest import read_dataset
from overlapgraph.present import synergy_row
from overlapgraph.store import count_graph, load_dataset, read_dataset_from_neo4j, write_analyses
from overlapgraph.store.readonly import run_read

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parent.parent
DATASETS = {"2022": REPO / "data" / "empact-2022", "2023": REPO / "data" / "constructed-2023"}
NAMES = ("priority_a", "name_a", "priority_b", "name_b")


def _env(settings: Settings) -> dict[str, str]:
    return {
        "NEO4J_URI": settings.uri,
        "NEO4J_USERNAME": settings.username,
        "NEO4J_DATABASE": settings.database,
    }


def rows(settings: Settings, text: str, **params: Any) -> list[tuple[Any, ...]]:
    return run_read(settings, text, params, limit=None).rows


def synergies_in_db(settings: Settings, period: str) -> dict[tuple[str, str], dict[str, Any]]:
    got = rows(
        settings,
        "MATCH (a:Priority)-[s:SYNERGY {period: $period}]->(b:Priority) RETURN a.code, b.code, properties(s)",
        period=period,
    )
    return {(a, b): p for a, b, p in got}


def snapshot(settings: Settings) -> list[Any]:
    """Everything written back, in a comparable form (Analysis.analysed_at left out)."""
    out: list[Any] = []
    for text in (
        "MATCH (a)-[s:SYNERGY]->(b) RETURN a.code, b.code, properties(s) ORDER BY s.period, a.code, b.code",
        "MATCH (o)-[d:DECLARES]->(t) RETURN o.oap_id, t.code, properties(d) ORDER BY o.oap_id, t.code",
        "MATCH (p)-[:IN_PERIOD]->(n:PriorityInPeriod)-[:OF]->(x:Analysis) "
        "RETURN p.code, x.period, properties(n) ORDER BY n.period, n.code",
        "MATCH (x:Analysis) RETURN properties(x) ORDER BY x.period",
    ):
        out += [tuple(r) for r in rows(settings, text)]
    for r in out:
        if isinstance(r[-1], dict):
            r[-1].pop("analysed_at", None)
    return out


@pytest.fixture(scope="module")
def both(neo4j_settings: Settings) -> Iterator[Settings]:
    from overlapgraph.store import clear_database

    clear_database(neo4j_settings)
    for folder in DATASETS.values():
        load_dataset(read_dataset(folder), neo4j_settings)
    write_analyses(neo4j_settings)
    yield neo4j_settings
    clear_database(neo4j_settings)


@pytest.mark.parametrize("period", sorted(DATASETS))
def test_synergies_written_back_equal_the_in_memory_rows(both: Settings, period: str) -> None:
    analysis = analyse(read_dataset(DATASETS[period]))
    assert analysis.period == period
    expected = {
        (s.a, s.b): {
            "period": period,
            **{k: v for k, v in synergy_row(analysis, s).items() if k not in NAMES and v is not None},
        }
        for s in analysis.synergies
    }
    got = synergies_in_db(both, period)
    assert len(got) == len(analysis.synergies) > 20
    assert got == expected
    # a kind not available is absent, not null or 0 (2022 has no participations: actors not available)
    if period == "2022":
        assert all("actors_count" not in p and "actors_items" not in p for p in got.values())
    # the one the table ranks first is first by score in Cypher too
    top = rows(
        both,
        "MATCH (a)-[s:SYNERGY {period: $period}]->(b) RETURN a.code, b.code ORDER BY s.score DESC LIMIT 1",
        period=period,
    )
    assert top == [(analysis.synergies[0].a, analysis.synergies[0].b)]


@pytest.mark.parametrize("period", sorted(DATASETS))
def test_declarations_and_structure_written_back(both: Settings, period: str) -> None:
    analysis = analyse(read_dataset(DATASETS[period]))
    got = {
        (o, t): p
        for o, t, p in rows(
            both,
            "MATCH (o:OAP)-[d:DECLARES {period: $period}]->(t:Priority) "
            "RETURN o.oap_id, t.code, properties(d)",
            period=period,
        )
    }
    assert got == {
        (d.oap_id, d.target): {
            "period": period,
            "status": d.status,
            "actions": list(d.actions),
            "target_oaps": list(d.target_oaps),
            "back_actions": list(d.back_actions),
        }
        for d in analysis.declarations
    }
    st = analysis.structure
    nodes = {
        r[0]: r[1]
        for r in rows(
            both,
            "MATCH (p:Priority)-[:IN_PERIOD]->(n:PriorityInPeriod {period: $period}) "
            "RETURN p.code, properties(n)",
            period=period,
        )
    }
    assert sorted(nodes) == sorted(p.code for p in analysis.dataset.priorities)
    for code, n in nodes.items():
        assert n["degree"] == st.degree[code] and n["core_number"] == st.core_number[code]
        assert n["strength"] == round(st.strength[code], 4)
        assert n["betweenness"] == round(st.betweenness[code], 4)
    communities = rows(
        both,
        "MATCH (n:PriorityInPeriod {period: $period}) WHERE n.community IS NOT NULL "
        "WITH n.community AS c, n.code AS code ORDER BY code RETURN c, collect(code) ORDER BY c",
        period=period,
    )
    assert [(c, sorted(m)) for c, m in communities] == [(i, sorted(c)) for i, c in enumerate(st.communities)]
    (x,) = rows(both, "MATCH (x:Analysis {period: $period}) RETURN properties(x)", period=period)[0]
    assert x["synergies"] == len(analysis.synergies) and x["modularity"] == round(st.modularity, 4)
    assert x["weighting"] == "newman" and x["metric"] == "jaccard"


def test_the_read_back_gives_the_same_analysis(both: Settings) -> None:
    back = read_dataset_from_neo4j(both)
    for period, folder in DATASETS.items():
        a = analyse(back, AnalysisOptions(period=period))
        b = analyse(read_dataset(folder))
        assert [synergy_row(a, s) for s in a.synergies] == [synergy_row(b, s) for s in b.synergies]


def test_loading_twice_changes_nothing(neo4j_db: Settings, runner: CliRunner) -> None:
    for folder in DATASETS.values():
        r = runner.invoke(cli, ["load", str(folder)], env=_env(neo4j_db))
        assert r.exit_code == 0, r.output + r.stderr
    assert "Wrote the analysis of 2022: 33 SYNERGY" in r.stdout
    before, counts = snapshot(neo4j_db), count_graph(neo4j_db)
    for folder in DATASETS.values():
        r = runner.invoke(cli, ["load", str(folder)], env=_env(neo4j_db))
        assert r.exit_code == 0, r.output + r.stderr
    assert snapshot(neo4j_db) == before and count_graph(neo4j_db) == counts
    assert counts["SYNERGY"] == 33 + 28 and counts["Analysis"] == 2
    # re-analysing one period on the command line: the same again
    r = runner.invoke(cli, ["analyse", "--write", "--period", "2023"], env=_env(neo4j_db))
    assert r.exit_code == 0, r.output + r.stderr
    assert r.stdout == "Wrote the analysis of 2023: 28 SYNERGY, 12 DECLARES, 15 PriorityInPeriod\n"
    assert snapshot(neo4j_db) == before
    r = runner.invoke(cli, ["analyse"], env=_env(neo4j_db))
    assert r.exit_code == 0 and r.stdout.splitlines()[0].startswith("2022: 33 synergies, 9 declarations")


def test_load_no_analysis_writes_none(neo4j_db: Settings, runner: CliRunner) -> None:
    r = runner.invoke(cli, ["load", "--no-analysis", str(DATASETS["2022"])], env=_env(neo4j_db))
    assert r.exit_code == 0, r.output + r.stderr
    assert "SYNERGY" not in count_graph(neo4j_db)


def test_a_failed_write_leaves_the_period_as_it_was(neo4j_db: Settings, monkeypatch: Any) -> None:
    load_dataset(read_dataset(DATASETS["2022"]), neo4j_db)
    write_analyses(neo4j_db)
    before = snapshot(neo4j_db)
    from overlapgraph.store import queries, writeback

    real = queries.load_query

    def broken(name: str) -> str:
        return "RETURN 1/0" if name == "load_analysis_priorities" else real(name)

    monkeypatch.setattr(writeback, "load_query", broken)
    with pytest.raises(StoreError, match="writing the analysis of 2022"):
        write_analyses(neo4j_db)
    assert snapshot(neo4j_db) == before  # the delete and the new synergies were rolled back
