"""Analysis results and dataset tables -> pandas DataFrames: what every export format writes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..analysis.declared import PairSynergy, declared_synergies
from ..model import Dataset, natural_key

if TYPE_CHECKING:
    import pandas as pd

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


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write ``df`` as UTF-8 CSV with a BOM (so Excel reads accents right) and CRLF, atomically.

    Formula-like text is neutralised (see :func:`overlapgraph.export.safe.neutralise`).
    """
    from .safe import atomic_file, neutralise

    with atomic_file(path) as tmp:
        # CRLF as RFC 4180 and Excel expect; it also makes the csv module quote any cell holding \r or \n
        df.map(neutralise).to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n")


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


def _link(action: str, own: str, a: str, b: str, declared_by: str) -> str:
    """How one action links priorities ``a`` and ``b``."""
    if own == a:
        return f"{action} is an action of {a} declared towards {b}"
    if own == b:
        return f"{action} is an action of {b} declared towards {a}"
    return f"{action} of {declared_by} is declared towards both {a} and {b}"


def _reason(s: PairSynergy, own_of: Mapping[str, str], oap_of: Mapping[str, str]) -> str:
    """A sentence saying why two priorities are linked, for coordinators."""
    own = {s.a: 0, s.b: 0}
    both: dict[str, int] = defaultdict(int)
    for act in s.shared:
        if own_of.get(act) in own:
            own[own_of[act]] += 1
        else:
            both[oap_of.get(act, "another OAP")] += 1
    parts = [
        f"{own[side]} {side} action(s) declared towards {other}"
        for side, other in ((s.a, s.b), (s.b, s.a))
        if own[side]
    ]
    parts += [f"{n} action(s) of {oap} declared towards both" for oap, n in sorted(both.items())]
    return f"{s.count} shared action(s): " + "; ".join(parts)


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
        ``synergies`` (ranked priority pairs with a reason), ``evidence_actions`` (one row per shared
        action of each pair), ``reciprocity`` (declarations between two priorities and whether the
        other side declares back), ``actions`` (actions per priority, with leaders and declared
        targets) and ``declarations`` (the declared overlaps as read).

    Examples
    --------
    >>> from overlapgraph.model import OAP, Action, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b")], oaps=[OAP("A-2022", "A", "2022")],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1")], overlaps=[Overlap("A-2022", "1.1", "B")])
    >>> t = export_tables(ds)
    >>> t.table("synergies").frame.loc[0, "reason"]
    '1 shared action(s): 1 A action(s) declared towards B'
    >>> t.table("reciprocity").frame.loc[0, "status"]
    'not checked: no OAP of B loaded'
    """
    import pandas as pd

    from .. import __version__

    names = {p.code: p.name for p in ds.priorities}
    prio = ds.priority_of_oap()
    own_of = {a.action_id: prio[a.oap_id] for a in ds.actions}
    oap_of = {a.action_id: a.oap_id for a in ds.actions}
    syn = declared_synergies(ds)

    synergies = synergy_frame(syn, names)
    synergies.insert(SYNERGY_COLUMNS.index("actions"), "reason", [_reason(s, own_of, oap_of) for s in syn])

    evidence = pd.DataFrame(
        [
            {
                "priority_a": s.a,
                "priority_b": s.b,
                "action_id": act,
                "oap_id": oap_of.get(act, ""),
                "link": _link(act, own_of.get(act, ""), s.a, s.b, oap_of.get(act, "")),
            }
            for s in syn
            for act in s.shared
        ],
        columns=["priority_a", "priority_b", "action_id", "oap_id", "link"],
    )

    declared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ov in ds.overlaps:
        declared[(prio[ov.oap_id], ov.target_priority)].add(ov.action_id)
    loaded = set(prio.values())
    recip_rows = []
    for (p, q), acts in sorted(declared.items()):
        back = len(declared.get((q, p), ()))
        if q not in loaded:
            status = f"not checked: no OAP of {q} loaded"
        elif back:
            status = "reciprocated"
        else:
            status = "one-sided"
        recip_rows.append(
            {
                "from_priority": p,
                "to_priority": q,
                "declared_actions": len(acts),
                "declared_back": back,
                "status": status,
            }
        )
    reciprocity = pd.DataFrame(
        recip_rows, columns=["from_priority", "to_priority", "declared_actions", "declared_back", "status"]
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
            "Priority pairs that share actions, strongest first, with the reason and the shared actions.",
            synergies,
        ),
        Table(
            "evidence_actions",
            "Evidence - actions",
            "Evidence of kind 'shared action': one row per action linking a pair of priorities.",
            evidence,
        ),
        Table(
            "reciprocity",
            "Reciprocity",
            "Declarations from one priority's OAPs towards another and whether the other declares back.",
            reciprocity,
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
            "Rows whose source starts with 'assumed' are not taken from a document. Text that a "
            "spreadsheet would run as a formula is kept as plain text (in CSV, behind an apostrophe).",
        ),
    ]
    about += [(f"Sheet: {t.title}", t.description) for t in tables]
    return ExportTables(about, tables)
