"""Analysis results and dataset tables -> pandas DataFrames: what every export format writes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Dataset, natural_key

if TYPE_CHECKING:
    import pandas as pd

    from ..analysis.core import Analysis
    from ..output import OutputSet

__all__ = ["ExportTables", "Table", "export_tables", "write_csv"]


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
    #: For the matrix: the status of each cell (same shape as ``frame``), which the workbook colours.
    status: pd.DataFrame | None = None


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


def _evidence_frame(rows: Sequence[Mapping[str, object]], kind: str) -> pd.DataFrame:
    """One row per priority pair sharing evidence of ``kind``: the items and their similarity."""
    import pandas as pd

    columns = ["rank", "priority_a", "priority_b", f"{kind}_count", f"{kind}_jaccard", f"{kind}_weighted"]
    return pd.DataFrame(
        [
            {**{c: r[c] for c in columns}, f"{kind}_items": _joined(r[f"{kind}_items"])}  # type: ignore[arg-type]
            for r in rows
            if r[f"{kind}_count"]
        ],
        columns=[*columns, f"{kind}_items"],
    )


def export_tables(data: Analysis | Dataset, *, generated_at: datetime | None = None) -> ExportTables:
    """The tables coordinators get from an analysis, nothing computed again.

    Parameters
    ----------
    data
        :func:`overlapgraph.analysis.analyse` of the dataset (or a dataset, analysed with the defaults).
    generated_at
        Time stamp for the front sheet (default: now, UTC).

    Returns
    -------
    ExportTables
        ``synergies`` (the synergy table, :data:`~overlapgraph.present.SYNERGY_COLUMNS`: the rows
        ``report`` writes to ``synergies.csv``), ``evidence_<kind>`` for each available evidence kind
        (the shared items of each pair and their similarity, the same values), ``reciprocity`` (each
        OAP's declarations towards another priority and whether it declares back), ``action_links``
        (actions linked to priorities other than their own), ``actions`` (actions per priority, with
        leaders and declared targets) and ``declarations`` (the declared overlaps as read).

    Examples
    --------
    >>> from overlapgraph.analysis import analyse
    >>> from overlapgraph.model import OAP, Action, Dataset, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b")], oaps=[OAP("A-2022", "A", "2022")],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1")], overlaps=[Overlap("A-2022", "1.1", "B")])
    >>> t = export_tables(analyse(ds))
    >>> t.table("synergies").frame.loc[0, "reason"]
    'declared: A-2022 declares OA 1.1 towards B'
    >>> t.table("reciprocity").frame.loc[0, "status"]
    'unchecked'
    """
    import pandas as pd

    from .. import __version__
    from ..analysis import action_links
    from ..analysis.core import Analysis, analyse
    from ..present.rows import KIND_TEXT, availability_note, synergy_frame, synergy_row

    analysis = data if isinstance(data, Analysis) else analyse(data)
    ds = analysis.dataset
    names = analysis.names
    prio = ds.priority_of_oap()
    rows = [synergy_row(analysis, s) for s in analysis.synergies]
    synergies = synergy_frame(analysis)
    evidence = [
        Table(
            f"evidence_{kind}",
            f"Evidence - {kind}",
            f"Evidence '{kind}', the items each pair shares: {KIND_TEXT.get(kind, kind)}.",
            _evidence_frame(rows, kind),
        )
        for kind in analysis.kinds()
        if analysis.available.get(kind)
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
            for d in analysis.declarations
        ],
        columns=["oap_id", "priority", "target", "status", "actions", "target_oaps", "back_actions"],
    )
    opts = analysis.options
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
            for x in action_links(
                ds, weights=opts.kind_weights, weighting=opts.weighting, oap_actors=opts.oap_actors
            )
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
    from ..present.matrix import matrix, matrix_rows, status_rows

    m = matrix(analysis)
    grid = matrix_rows(m)
    matrix_frame = pd.DataFrame(grid[1:], columns=grid[0])
    status_frame = pd.DataFrame(status_rows(m), columns=grid[0])
    tables = [
        Table(
            "synergies",
            "Synergies",
            "Priority pairs that share evidence, strongest first: combined score, counts and the reason.",
            synergies,
        ),
        Table(
            "matrix",
            "Matrix",
            "Who declares whom: a row's actions declared towards each column, ordered by community, with "
            "totals; coloured by status (reciprocated, one-sided, unchecked, co-named only, none), which "
            "the cells below the matrix spell out.",
            matrix_frame,
            status_frame,
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
        ("Period", analysis.period or "(no OAP)"),
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
    note = availability_note(analysis)
    if note:
        about.append(("Not available", note))
    about += [(f"Sheet: {t.title}", t.description) for t in tables]
    return ExportTables(about, tables)
