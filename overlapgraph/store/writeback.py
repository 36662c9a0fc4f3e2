"""Writing the Analysis of each period back into Neo4j, as the Graph Data Science library's write mode does.

Per period, in ONE transaction: the period's old analysis is deleted, then written again from an
:class:`~overlapgraph.analysis.core.Analysis`:

- ``(:Priority)-[:SYNERGY {period, ...}]->(:Priority)``: one per pair of the synergy table, from
  ``priority_a`` to ``priority_b``; its properties are the row of
  :func:`overlapgraph.present.rows.synergy_row` (the numbers every other output shows), without the
  names and with ``period``; a value that is None (a kind not available) is absent;
- ``(:OAP)-[:DECLARES {period, status, actions, target_oaps, back_actions}]->(:Priority)``: the
  reciprocity of what each OAP declares towards each priority;
- ``(:Priority)-[:IN_PERIOD]->(:PriorityInPeriod {code, period, community, degree, strength,
  core_number, betweenness})-[:OF]->(:Analysis {period, ...})``: the structure of the synergy network.

Writing the same analysis twice leaves the same graph (no timestamps on what is written, apart from
``Analysis.analysed_at``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import neo4j

from ..config import Settings
from .connection import connect, store_errors
from .queries import load_query

if TYPE_CHECKING:
    from ..analysis.core import Analysis, AnalysisOptions
    from ..model import Dataset

__all__ = [
    "WriteSummary",
    "analysis_rows",
    "declaration_props",
    "priority_props",
    "synergy_props",
    "write_analyses",
    "write_analysis",
]

#: The row values of synergy_row that are not written on SYNERGY (the names are on the Priority nodes,
#: the codes are the relationship's two ends).
_NOT_WRITTEN = ("priority_a", "name_a", "priority_b", "name_b")


def _present(props: dict[str, Any]) -> dict[str, Any]:
    """The properties whose value is not None (Neo4j stores no null: a missing value is absent)."""
    return {k: v for k, v in props.items() if v is not None}


def synergy_props(analysis: Analysis) -> list[dict[str, Any]]:
    """One map per pair: ``{a, b, props}``, props the synergy_row values (None left out) and ``period``."""
    from ..present.rows import synergy_row

    out = []
    for s in analysis.synergies:
        row = synergy_row(analysis, s)
        props = {"period": analysis.period, **{k: v for k, v in row.items() if k not in _NOT_WRITTEN}}
        out.append({"a": s.a, "b": s.b, "props": _present(props)})
    return out


def declaration_props(analysis: Analysis) -> list[dict[str, Any]]:
    """One map per declaring OAP and target priority: ``{oap_id, target, props}``."""
    return [
        {
            "oap_id": d.oap_id,
            "target": d.target,
            "props": {
                "period": analysis.period,
                "status": d.status,
                "actions": list(d.actions),
                "target_oaps": list(d.target_oaps),
                "back_actions": list(d.back_actions),
            },
        }
        for d in analysis.declarations
    ]


def priority_props(analysis: Analysis) -> list[dict[str, Any]]:
    """One map per priority: ``{code, props}`` with its community index and centralities in the period."""
    from ..present.rows import DIGITS

    st = analysis.structure
    community = st.community_of()
    out = []
    for p in analysis.dataset.priorities:
        props = {
            "code": p.code,
            "period": analysis.period,
            "community": community.get(p.code),
            "degree": st.degree.get(p.code, 0),
            "strength": round(st.strength.get(p.code, 0.0), DIGITS),
            "core_number": st.core_number.get(p.code, 0),
            "betweenness": round(st.betweenness.get(p.code, 0.0), DIGITS),
        }
        out.append({"code": p.code, "props": _present(props)})
    return out


def _analysis_node(analysis: Analysis, analysed_at: datetime) -> dict[str, Any]:
    o = analysis.options
    return {
        "period": analysis.period,
        "kinds": list(o.kinds),
        "weighting": o.weighting,
        "metric": o.metric,
        "kind_weights": json.dumps(o.weights(), sort_keys=True),
        "oap_actors": o.oap_actors,
        "seed": o.seed,
        "modularity": round(analysis.structure.modularity, 4),
        "synergies": len(analysis.synergies),
        "communities": len(analysis.structure.communities),
        "analysed_at": analysed_at,
    }


def analysis_rows(analysis: Analysis) -> dict[str, list[dict[str, Any]]]:
    """What :func:`write_analysis` sends for one analysis, by query (for tests and inspection)."""
    return {
        "load_analysis_synergies": synergy_props(analysis),
        "load_analysis_declarations": declaration_props(analysis),
        "load_analysis_priorities": priority_props(analysis),
    }


@dataclass
class WriteSummary:
    """What a write-back wrote, per period: synergies, declarations, priorities."""

    periods: dict[str, dict[str, int]] = field(default_factory=dict)
    relationships_deleted: int = 0
    nodes_deleted: int = 0

    def text(self) -> str:
        """One line per period, for people."""
        return "\n".join(
            f"Wrote the analysis of {p}: {n['synergies']} SYNERGY, {n['declarations']} DECLARES, "
            f"{n['priorities']} PriorityInPeriod"
            for p, n in self.periods.items()
        )


def write_analysis(
    driver: neo4j.Driver, settings: Settings, analysis: Analysis, summary: WriteSummary
) -> None:
    """Replace the written-back analysis of ``analysis.period`` with ``analysis``, in one transaction."""
    rows = analysis_rows(analysis)
    node = _analysis_node(analysis, datetime.now(UTC))

    def work(tx: neo4j.ManagedTransaction) -> tuple[int, int]:
        c = tx.run(load_query("replace_analysis_period"), period=analysis.period).consume().counters
        tx.run(load_query("load_analysis_synergies"), rows=rows["load_analysis_synergies"]).consume()
        tx.run(load_query("load_analysis_declarations"), rows=rows["load_analysis_declarations"]).consume()
        tx.run(
            load_query("load_analysis_priorities"),
            analysis=node,
            rows=rows["load_analysis_priorities"],
        ).consume()
        return c.relationships_deleted, c.nodes_deleted

    with store_errors(settings, f"writing the analysis of {analysis.period}"):
        with driver.session(database=settings.database) as session:
            rels, nodes = session.execute_write(work)
    summary.relationships_deleted += rels
    summary.nodes_deleted += nodes
    summary.periods[analysis.period] = {
        "synergies": len(rows["load_analysis_synergies"]),
        "declarations": len(rows["load_analysis_declarations"]),
        "priorities": len(rows["load_analysis_priorities"]),
    }


def analyses_of(
    ds: Dataset, options: AnalysisOptions | None = None, periods: Iterable[str] | None = None
) -> list[Analysis]:
    """The analysis of each period of ``ds`` (or of ``periods``), oldest first."""
    from dataclasses import replace

    from ..analysis.core import AnalysisOptions, analyse, periods_of

    options = options or AnalysisOptions()
    wanted = periods_of(ds) if periods is None else list(periods)
    return [analyse(ds, replace(options, period=p)) for p in wanted]


def write_analyses(
    settings: Settings, options: AnalysisOptions | None = None, periods: Sequence[str] | None = None
) -> WriteSummary:
    """Read the dataset back from Neo4j, analyse each of its periods (or ``periods``) and write each back.

    Each period is replaced in its own transaction; a period not analysed keeps what it had.

    Raises
    ------
    StoreError
        Neo4j cannot be reached, holds no dataset, or a query fails (that period keeps its old analysis).
    AnalysisError
        A period in ``periods`` has no OAP in the database.
    """
    from .loader import apply_schema
    from .reader import read_dataset_from_neo4j

    ds = read_dataset_from_neo4j(settings)
    summary = WriteSummary()
    analyses = analyses_of(ds, options, periods)
    with connect(settings) as driver:
        apply_schema(driver, settings)
        for analysis in analyses:
            write_analysis(driver, settings, analysis, summary)
    return summary
