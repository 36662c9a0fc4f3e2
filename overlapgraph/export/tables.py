"""Analysis results and dataset tables -> pandas DataFrames: what every export format writes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.declared import PairSynergy
from ..model import Dataset, natural_key

if TYPE_CHECKING:
    import pandas as pd

    from ..analysis.synergy import Synergy
    from ..output import OutputSet

__all__ = [
    "SYNERGY_COLUMNS",
    "ExportTables",
    "Table",
    "export_tables",
    "synergy_frame",
    "write_csv",
]

SYNERGY_COLUMNS = [
    "rank",
    "priority_a",
    "priority_b",
    "name_a",
    "name_b",
    "shared_actions",
    "jaccard",
    "actions",
]


def synergy_frame(synergies: Sequence[PairSynergy], names: Mapping[str, str]) -> pd.DataFrame:
    """One row per priority pair, ranked, with the shared actions listed."""
    import pandas as pd

    rows = [
        {
            "rank": i,
            "priority_a": s.a,
            "priority_b": s.b,
            "name_a": names.get(s.a, s.a),
            "name_b": names.get(s.b, s.b),
            "shared_actions": s.count,
            "jaccard": round(s.jaccard, 4),
            "actions": "; ".join(s.shared),
        }
        for i, s in enumerate(synergies, start=1)
    ]
    return pd.DataFrame(rows, columns=SYNERGY_COLUMNS)


def write_csv(df: pd.DataFrame, path: Path, out: OutputSet | None = None) -> None:
    """Write ``df`` under the tool's CSV policy (UTF-8 with BOM, CRLF, formulas neutralised), atomically.

    With ``out``, the file is staged in that set and appears when the set commits; see
    :func:`overlapgraph.output.csv_text` and :class:`overlapgraph.output.OutputSet`.
    """
    from ..output import OutputSet

    if out is not None:
        out.write_csv(path, df)
        return
    with OutputSet() as one:
        one.write_csv(path, df)


@dataclass(frozen=True)
class Table:
    """One exported table: a file in a CSV folder, a sheet in a workbook, a key in JSON."""

    name: str  # file and JSON key, snake_case
    title: str  # sheet title, at most 31 characters
    description: str  # one sentence for the front sheet and the docs
    frame: pd.DataFrame


@dataclass(frozen=True)
class ExportTables:
    """Everything an export writes: the front-sheet facts and the tables, in sheet order."""

    about: list[tuple[str, str]]
    tables: list[Table]

    def table(self, name: str) -> Table:
        """The table called ``name``."""
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(name)


def _joined(items: Sequence[str]) -> str:
    return "; ".join(items)


def _evidence_frame(rows: Sequence[Synergy], kind: str) -> pd.DataFrame:
    """One row per priority pair sharing evidence of ``kind``: the items and their similarity."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "rank": s.rank,
                "priority_a": s.a,
                "priority_b": s.b,
                "shared": e.count,
                "weighted": round(e.weighted, 4),
                "jaccard": round(e.jaccard, 4),
                "overlap": round(e.overlap, 4),
                "cosine": round(e.cosine, 4),
                "items": _joined(e.shared),
            }
            for s in rows
            if (e := s.evidence.get(kind)) is not None and e.count
        ],
        columns=[
            "rank",
            "priority_a",
            "priority_b",
            "shared",
            "weighted",
            "jaccard",
            "overlap",
            "cosine",
            "items",
        ],
    )


#: What each evidence kind means, for sheet descriptions.
_KIND_TEXT = {
    "declared": "actions one priority's OAP declares towards the other, or a third OAP towards both",
    "actors": "actors leading, co-leading or taking part in both priorities' actions, or with OAP roles",
    "goals": "strategic goals both priorities' actions serve",
}


def export_tables(ds: Dataset, *, generated_at: datetime | None = None) -> ExportTables:
    """The tables coordinators get from a dataset, built from the in-memory analysis.

    Parameters
    ----------
    ds
        A validated dataset.
    generated_at
        Time stamp for the front sheet (default: now, UTC).

    Returns
    -------
    ExportTables
        ``synergies`` (ranked priority pairs: combined score, counts per evidence kind, reason, from
        :func:`overlapgraph.analysis.synergy_table`), ``evidence_<kind>`` for each evidence kind (the
        shared items of each pair and their similarity), ``reciprocity`` (each OAP's declarations
        towards another priority and whether it declares back, from
        :func:`overlapgraph.analysis.reciprocity`), ``action_links`` (actions linked to priorities
        other than their own), ``actions`` (actions per priority, with leaders and declared targets)
        and ``declarations`` (the declared overlaps as read).

    Examples
    --------
    >>> from overlapgraph.model import OAP, Action, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b")], oaps=[OAP("A-2022", "A", "2022")],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1")], overlaps=[Overlap("A-2022", "1.1", "B")])
    >>> t = export_tables(ds)
    >>> t.table("synergies").frame.loc[0, "reason"]
    'A-2022 declares OA 1.1 towards B'
    >>> t.table("reciprocity").frame.loc[0, "status"]
    'unchecked'
    """
    import pandas as pd

    from .. import __version__
    from ..analysis import EVIDENCE_KINDS, action_links, reciprocity, synergy_table

    names = {p.code: p.name for p in ds.priorities}
    prio = ds.priority_of_oap()
    syn = synergy_table(ds)

    synergies = pd.DataFrame(
        [
            {
                "rank": s.rank,
                "priority_a": s.a,
                "name_a": names.get(s.a, s.a),
                "priority_b": s.b,
                "name_b": names.get(s.b, s.b),
                "score": round(s.score, 4),
                "declared_actions": s.count("declared"),
                "shared_actors": s.count("actors"),
                "shared_goals": s.count("goals"),
                "reason": s.reason,
            }
            for s in syn
        ],
        columns=[
            "rank",
            "priority_a",
            "name_a",
            "priority_b",
            "name_b",
            "score",
            "declared_actions",
            "shared_actors",
            "shared_goals",
            "reason",
        ],
    )
    evidence = [
        Table(
            f"evidence_{kind}",
            f"Evidence - {kind}",
            f"Evidence '{kind}', the items each pair shares: {_KIND_TEXT.get(kind, kind)}.",
            _evidence_frame(syn, kind),
        )
        for kind in EVIDENCE_KINDS
    ]

    reciprocity_frame = pd.DataFrame(
        [
            {
                "oap_id": d.oap_id,
                "priority": d.priority,
                "target": d.target,
                "status": d.status,
                "actions": _joined(d.actions),
                "target_oaps": _joined(d.target_oaps),
                "back_actions": _joined(d.back_actions),
            }
            for d in reciprocity(ds)
        ],
        columns=["oap_id", "priority", "target", "status", "actions", "target_oaps", "back_actions"],
    )
    links = pd.DataFrame(
        [
            {
                "action_id": x.action,
                "own_priority": x.own_priority,
                "priority": x.priority,
                "score": round(x.score, 4),
                "declared": x.declared,
                "actors": _joined(x.actors),
                "goal": x.goal,
                "reason": x.reason,
            }
            for x in action_links(ds)
        ],
        columns=["action_id", "own_priority", "priority", "score", "declared", "actors", "goal", "reason"],
    )

    goal_title = {g.goal_id: g.title for g in ds.goals}
    period = {o.oap_id: o.period for o in ds.oaps}
    roles: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pa in ds.participations:
        roles[(pa.action_id, str(pa.role))].append(pa.actor)
    targets: dict[str, list[str]] = defaultdict(list)
    for ov in ds.overlaps:
        targets[ov.action_id].append(ov.target_priority)
    action_rows = [
        {
            "priority": prio[a.oap_id],
            "priority_name": names.get(prio[a.oap_id], ""),
            "oap_id": a.oap_id,
            "period": period[a.oap_id],
            "action_id": a.action_id,
            "code": a.code,
            "goal_id": a.goal_id,
            "goal_title": goal_title.get(a.goal_id, ""),
            "title": a.title,
            "leaders": "; ".join(sorted(roles[(a.action_id, "leader")])),
            "co_leaders": "; ".join(sorted(roles[(a.action_id, "co_leader")])),
            "participants": "; ".join(sorted(roles[(a.action_id, "participant")])),
            "declared_towards": "; ".join(sorted(targets[a.action_id])),
        }
        for a in sorted(ds.actions, key=lambda a: (prio[a.oap_id], natural_key(a.action_id)))
    ]
    actions = pd.DataFrame(
        action_rows,
        columns=[
            "priority",
            "priority_name",
            "oap_id",
            "period",
            "action_id",
            "code",
            "goal_id",
            "goal_title",
            "title",
            "leaders",
            "co_leaders",
            "participants",
            "declared_towards",
        ],
    )

    declarations = pd.DataFrame(
        [
            {
                "oap_id": ov.oap_id,
                "priority": prio[ov.oap_id],
                "action_id": ov.action_id,
                "target_priority": ov.target_priority,
                "note": ov.note,
                "source": ov.source,
            }
            for ov in ds.overlaps
        ],
        columns=["oap_id", "priority", "action_id", "target_priority", "note", "source"],
    )

    when = (generated_at or datetime.now(UTC)).isoformat(timespec="seconds")
    documents = "; ".join(
        f"{o.oap_id}: Council document {o.document}" + (f" of {o.date}" if o.date else "")
        for o in ds.oaps
        if o.document
    )
    tables = [
        Table(
            "synergies",
            "Synergies",
            "Priority pairs that share evidence, strongest first: combined score, counts and the reason.",
            synergies,
        ),
        *evidence,
        Table(
            "reciprocity",
            "Reciprocity",
            "Each OAP's declarations towards another priority and whether that priority declares back "
            "(unchecked: none of its OAPs for the period is loaded).",
            reciprocity_frame,
        ),
        Table(
            "action_links",
            "Action links",
            "Actions linked to a priority other than their own, strongest first, with the reason.",
            links,
        ),
        Table(
            "actions",
            "Actions per priority",
            "Every operational action by priority, with its goal, leaders and declared overlaps.",
            actions,
        ),
        Table(
            "declarations",
            "Declared overlaps",
            "The overlaps each OAP declares (section 2.2 of the OAP), with their source.",
            declarations,
        ),
    ]
    about = [
        ("What", "EMPACT cross-priority synergies: shared actions between crime-priority action plans."),
        ("Dataset", ds.name or "(unnamed)"),
        ("Contents", ds.summary()),
        ("Source documents", documents or "(none named in the dataset)"),
        ("Generated", when),
        ("Generated by", f"overlapgraph {__version__}"),
        (
            "Note",
            "Scores and reasons: see docs/analysis.md. Rows whose source starts with 'assumed' are not "
            "taken from a document. Text that a "
            "spreadsheet would run as a formula is kept as plain text (in CSV, behind an apostrophe).",
        ),
    ]
    about += [(f"Sheet: {t.title}", t.description) for t in tables]
    return ExportTables(about, tables)
