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
    from ..analysis.synergy import ActionLink
    from ..output import OutputSet

__all__ = [
    "ACTION_FIELDS",
    "ACTION_LINK_FIELDS",
    "PAIR_ACTION_FIELDS",
    "PAIR_FIELDS",
    "ExportTables",
    "Table",
    "action_link_rows",
    "by_priority_rows",
    "export_tables",
    "pair_action_rows",
    "pair_evidence",
    "write_csv",
]


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


#: The columns that name an action, first in every table that lists actions one per row (the naming
#: scheme of docs/exports-and-queries.md): the id ``THB-2022/OA 2.1``, its OAP, its code ``2.1`` (as in
#: the dataset's actions.csv), title, and the actor codes of its leaders and co-leaders.
ACTION_FIELDS = ["action_id", "oap_id", "code", "title", "leaders", "co_leaders"]
#: The columns of the By priority table (``pairs``), before one ``<kind>_count`` per available kind.
PAIR_FIELDS = [
    "priority",
    "priority_name",
    "partner",
    "partner_name",
    "rank",
    "score",
    "status",
    "direction",
    "declared_priority_to_partner",
    "declared_partner_to_priority",
]
#: The columns of the Action links table and of ``synergies --per-action``.
ACTION_LINK_FIELDS = [
    *ACTION_FIELDS,
    "goal_id",
    "priority",
    "partner",
    "partner_name",
    "score",
    "declared",
    "shared_actors",
    "goal_shared",
    "partner_oaps",
    "partner_drivers",
    "reason",
]
#: The columns of ``synergies --pair``'s actions (csv, json): the panel's rows under the scheme's names.
PAIR_ACTION_FIELDS = [*ACTION_FIELDS, "goal_id", "goal_title", "priority", "direction", "source"]


class _Lookup:
    """What the tables say about an action (title, leaders, goal) or a priority's side (OAPs, drivers)."""

    def __init__(self, analysis: Analysis) -> None:
        ds = analysis.dataset
        self.names = analysis.names
        self.owner = ds.priority_of_oap()
        self.actions = {a.action_id: a for a in ds.actions}
        self.goal_title = {g.goal_id: g.title for g in ds.goals}
        self.roles: dict[tuple[str, str], list[str]] = defaultdict(list)  # (action id, role) -> actors
        for pa in ds.participations:
            self.roles[(pa.action_id, str(pa.role))].append(pa.actor)
        self.oaps: dict[str, list[str]] = defaultdict(list)  # priority -> its OAPs (the period's)
        for o in ds.oaps:
            self.oaps[o.priority].append(o.oap_id)
        drivers: dict[str, list[str]] = defaultdict(list)  # priority -> drivers of its OAPs
        for r in ds.oap_actors:
            if str(r.role) == "driver":
                drivers[self.owner[r.oap_id]].append(r.actor)
        self.drivers = {p: sorted(set(v), key=natural_key) for p, v in drivers.items()}

    def action(self, action_id: str) -> dict[str, object]:
        """:data:`ACTION_FIELDS` of one action, leaders and co-leaders as lists."""
        a = self.actions.get(action_id)
        oap, _, code = action_id.partition("/OA ")
        return {
            "action_id": action_id,
            "oap_id": a.oap_id if a else oap,
            "code": a.code if a else code,
            "title": a.title if a else "",
            "leaders": sorted(self.roles.get((action_id, "leader"), []), key=natural_key),
            "co_leaders": sorted(self.roles.get((action_id, "co_leader"), []), key=natural_key),
        }

    def side(self, priority: str) -> tuple[list[str], list[str]]:
        """The loaded OAPs of ``priority`` and the drivers of those OAPs."""
        return sorted(self.oaps.get(priority, []), key=natural_key), self.drivers.get(priority, [])


def _frame(rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> pd.DataFrame:
    """The rows as a DataFrame with ``columns``, lists joined with "; " (one cell each)."""
    import pandas as pd

    return pd.DataFrame(
        [{c: _joined(v) if isinstance(v, list | tuple) else v for c, v in r.items()} for r in rows],
        columns=list(columns),
    )


def _direction(to_partner: int, from_partner: int) -> str:
    """Who declares whom, seen from the row's priority.

    >>> _direction(3, 0), _direction(0, 2), _direction(1, 1), _direction(0, 0)
    ('declares', 'named by', 'both ways', 'neither')
    """
    if to_partner and from_partner:
        return "both ways"
    return "declares" if to_partner else "named by" if from_partner else "neither"


def by_priority_rows(analysis: Analysis) -> list[dict[str, object]]:
    """Every synergy pair twice, once from each side: the By priority table (``pairs``).

    A row is :data:`PAIR_FIELDS` then ``<kind>_count`` for each available evidence kind, the values of
    the pair's synergy row (:func:`~overlapgraph.present.rows.synergy_row`), the declared counts turned
    to the row's side; ``direction`` is ``declares``, ``named by``, ``both ways`` or ``neither``. Rows are
    sorted by priority, then rank, so filtering the first column gives all of a priority's pairs.

    Examples
    --------
    A declares B twice, B does not declare A; C is named by A too:

    >>> from overlapgraph.analysis import analyse
    >>> from overlapgraph.model import OAP, Action, Dataset, Overlap, Priority
    >>> one = [Action("A-2022", c, "CHSG-1") for c in ("1.1", "1.2")]
    >>> ds = Dataset(priorities=[Priority(c, c.lower()) for c in "ABC"], oaps=[OAP("A-2022", "A", "2022")],
    ...     actions=one, overlaps=[Overlap("A-2022", "1.1", "B"), Overlap("A-2022", "1.2", "B"),
    ...     Overlap("A-2022", "1.2", "C")])
    >>> [(r["priority"], r["partner"], r["direction"], r["declared_priority_to_partner"])
    ...  for r in by_priority_rows(analyse(ds))]
    [('A', 'B', 'declares', 2), ('A', 'C', 'declares', 1), ('B', 'A', 'named by', 0), \
('B', 'C', 'neither', 0), ('C', 'A', 'named by', 0), ('C', 'B', 'neither', 0)]
    """
    from ..present.rows import synergy_row

    kinds = [k for k in analysis.kinds() if analysis.available.get(k)]
    out: list[dict[str, object]] = []
    for s in analysis.synergies:
        row = synergy_row(analysis, s)
        for me, other, mine, theirs in (
            (s.a, s.b, row["declared_a_to_b"], row["declared_b_to_a"]),
            (s.b, s.a, row["declared_b_to_a"], row["declared_a_to_b"]),
        ):
            out.append(
                {
                    "priority": me,
                    "priority_name": analysis.names.get(me, me),
                    "partner": other,
                    "partner_name": analysis.names.get(other, other),
                    "rank": row["rank"],
                    "score": row["score"],
                    "status": row["status"],
                    "direction": _direction(mine, theirs),
                    "declared_priority_to_partner": mine,
                    "declared_partner_to_priority": theirs,
                    **{f"{k}_count": row[f"{k}_count"] for k in kinds},
                }
            )
    out.sort(key=lambda r: (natural_key(str(r["priority"])), r["rank"]))
    return out


def action_link_rows(
    analysis: Analysis, links: Sequence[ActionLink] | None = None
) -> list[dict[str, object]]:
    """The Action links rows (:data:`ACTION_LINK_FIELDS`): each action and a priority other than its own
    it is linked to, with its title, leaders and the partner's OAPs and drivers; lists as lists.

    ``links`` defaults to :func:`~overlapgraph.analysis.action_links` of the analysis, with its options.
    """
    if links is None:
        from ..analysis import action_links

        opts = analysis.options
        links = action_links(
            analysis.dataset, weights=opts.kind_weights, weighting=opts.weighting, oap_actors=opts.oap_actors
        )
    look = _Lookup(analysis)
    out: list[dict[str, object]] = []
    for x in links:
        act = look.action(x.action)
        oaps, drivers = look.side(x.priority)
        found = look.actions.get(x.action)
        out.append(
            {
                **act,
                "goal_id": found.goal_id if found else x.goal,
                "priority": x.own_priority,
                "partner": x.priority,
                "partner_name": look.names.get(x.priority, x.priority),
                "score": round(x.score, 4),
                "declared": x.declared,
                "shared_actors": list(x.actors),
                "goal_shared": bool(x.goal),
                "partner_oaps": oaps,
                "partner_drivers": drivers,
                "reason": x.reason,
            }
        )
    return out


def pair_action_rows(analysis: Analysis, a: str, b: str) -> list[dict[str, object]]:
    """The actions behind the pair ``a``, ``b`` (:data:`PAIR_ACTION_FIELDS`): the rows of the evidence
    panel (:meth:`~overlapgraph.present.evidence.Evidence.pair_actions`, same order and direction)
    under the names of the tables; lists as lists."""
    from ..present.evidence import evidence_of

    look = _Lookup(analysis)
    rows = evidence_of(analysis).pair_actions(a, b)
    out: list[dict[str, object]] = []
    for (aid, direction, _target), row in zip(rows.specs, rows, strict=True):
        act = look.action(aid)
        found = look.actions.get(aid)
        goal = found.goal_id if found else ""
        out.append(
            {
                **act,
                "goal_id": goal,
                "goal_title": look.goal_title.get(goal, ""),
                "priority": look.owner.get(str(act["oap_id"]), ""),
                "direction": direction,
                "source": row[6],  # the panel's source column
            }
        )
    return out


def pair_evidence(analysis: Analysis, a: str, b: str) -> dict[str, object]:
    """The evidence of one pair for programs (``synergies --pair --format json``): ``summary`` (the
    panel's line), ``actions`` (:func:`pair_action_rows`), ``actors`` (``actor``, ``name``, ``roles``:
    its roles on each side) and ``goals`` (``goal_id``, ``goal_title``)."""
    from ..present.evidence import ACTOR_COLUMNS, evidence_of

    ev = evidence_of(analysis)
    titles = {g.goal_id: g.title for g in analysis.dataset.goals}
    return {
        "summary": ev.pair_summary(a, b),
        "actions": pair_action_rows(analysis, a, b),
        "actors": [dict(zip(ACTOR_COLUMNS, r, strict=True)) for r in ev.pair_actors(a, b)],
        "goals": [{"goal_id": g, "goal_title": titles.get(g, "")} for g, _ in ev.pair_goals(a, b)],
    }


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
        ``report`` writes to ``synergies.csv``), ``pairs`` (every pair twice, once from each side:
        :func:`by_priority_rows`), ``matrix``, ``evidence_<kind>`` for each available evidence kind
        (the shared items of each pair and their similarity, the same values), ``reciprocity`` (each
        OAP's declarations towards another priority and whether it declares back), ``action_links``
        (actions linked to priorities other than their own: :func:`action_link_rows`), ``actions``
        (actions per priority, with leaders and declared targets) and ``declarations`` (the declared
        overlaps as read, with titles, leaders, the target's OAPs and drivers, and the status). Actions
        are named by :data:`ACTION_FIELDS` wherever they are listed one per row.

    Examples
    --------
    >>> from overlapgraph.analysis import analyse
    >>> from overlapgraph.model import OAP, Action, Dataset, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b")], oaps=[OAP("A-2022", "A", "2022")],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1")], overlaps=[Overlap("A-2022", "1.1", "B")])
    >>> t = export_tables(analyse(ds))
    >>> t.table("synergies").frame.loc[0, "reason"]
    'declared: A-2022 declares OA 1.1 towards B'
    >>> t.table("reciprocity").frame.loc[0, ["target_priority", "status", "actions"]].tolist()
    ['B', 'unchecked', 'A-2022/OA 1.1']
    >>> t.table("pairs").frame[["priority", "partner", "direction"]].values.tolist()
    [['A', 'B', 'declares'], ['B', 'A', 'named by']]
    """
    import pandas as pd

    from .. import __version__
    from ..analysis.core import Analysis, analyse
    from ..model import action_id
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

    look = _Lookup(analysis)
    reciprocity_frame = _frame(
        [
            {
                "oap_id": d.oap_id,
                "priority": d.priority,
                "target_priority": d.target,
                "status": d.status,
                "actions": [action_id(d.oap_id, c) for c in d.actions],
                "target_oaps": list(d.target_oaps),
                "back_actions": list(d.back_actions),
            }
            for d in analysis.declarations
        ],
        ["oap_id", "priority", "target_priority", "status", "actions", "target_oaps", "back_actions"],
    )
    links = _frame(action_link_rows(analysis), ACTION_LINK_FIELDS)
    pairs = _frame(
        by_priority_rows(analysis),
        [*PAIR_FIELDS, *(f"{k}_count" for k in analysis.kinds() if analysis.available.get(k))],
    )

    period = {o.oap_id: o.period for o in ds.oaps}
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
            "goal_title": look.goal_title.get(a.goal_id, ""),
            "title": a.title,
            "leaders": look.action(a.action_id)["leaders"],
            "co_leaders": look.action(a.action_id)["co_leaders"],
            "participants": sorted(look.roles[(a.action_id, "participant")]),
            "declared_towards": sorted(targets[a.action_id]),
        }
        for a in sorted(ds.actions, key=lambda a: (prio[a.oap_id], natural_key(a.action_id)))
    ]
    actions = _frame(
        action_rows,
        [
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

    status = {(d.oap_id, d.target): d.status for d in analysis.declarations}
    declaration_columns = [
        *ACTION_FIELDS,
        "priority",
        "target_priority",
        "target_priority_name",
        "status",
        "target_oaps",
        "target_drivers",
        "note",
        "source",
    ]
    declarations = _frame(
        [
            {
                **look.action(ov.action_id),
                "priority": prio[ov.oap_id],
                "target_priority": ov.target_priority,
                "target_priority_name": names.get(ov.target_priority, ov.target_priority),
                "status": status.get((ov.oap_id, ov.target_priority), ""),
                "target_oaps": look.side(ov.target_priority)[0],
                "target_drivers": look.side(ov.target_priority)[1],
                "note": ov.note,
                "source": ov.source,
            }
            for ov in ds.overlaps
        ],
        declaration_columns,
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
            "pairs",
            "By priority",
            "Every pair twice, once from each side (filter the priority column for all of a priority's "
            "pairs): direction and declared actions each way, status, score and counts per kind, the "
            "numbers of the Synergies sheet.",
            pairs,
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
            "Actions linked to a priority other than their own (the partner), strongest first: title, "
            "leaders, the partner's OAPs and drivers, and the reason.",
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
            "The overlaps each OAP declares (section 2.2 of the OAP): the action's title and leaders, "
            "the target priority's OAPs and drivers, the reciprocity status, and the source.",
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
