"""The synergy table as rows with the canonical column names, and the reason text of a pair.

Columns (:data:`SYNERGY_COLUMNS`): ``rank``, ``priority_a``, ``name_a``, ``priority_b``, ``name_b``,
``score``, ``status``, ``declared_a_to_b``, ``declared_b_to_a``, then for each evidence kind
(``declared``, ``co_named``, ``actors``, ``goals``) ``<kind>_count``, ``<kind>_jaccard`` (plain),
``<kind>_weighted`` (hub-damped) and ``<kind>_items``, and last ``reason``. Numbers are rounded to four
decimals here, once, for every output. A kind that is not available in the dataset has None (empty in
CSV, "n/a" in tables, null in JSON) rather than 0.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..analysis.synergy import EVIDENCE_KINDS, Synergy
from ..model import natural_key

if TYPE_CHECKING:
    import pandas as pd

    from ..analysis.core import Analysis

__all__ = [
    "KIND_TEXT",
    "SYNERGY_COLUMNS",
    "availability_note",
    "reason",
    "synergy_frame",
    "synergy_records",
    "synergy_row",
]

#: What each evidence kind means, for headers, sheets and notes.
KIND_TEXT = {
    "declared": "actions one priority's OAP declares towards the other",
    "co_named": "actions a third OAP declares towards both",
    "actors": "actors leading, co-leading or taking part in both priorities' actions, or with OAP roles",
    "goals": "strategic goals both priorities' actions serve",
}
#: Why a kind can be not available.
_MISSING = {
    "declared": "no declared overlaps",
    "co_named": "no declared overlaps",
    "actors": "no actors on the actions of two priorities (no participations)",
    "goals": "fewer than two priorities with actions",
}

DIGITS = 4
SYNERGY_COLUMNS: list[str] = [
    "rank",
    "priority_a",
    "name_a",
    "priority_b",
    "name_b",
    "score",
    "status",
    "declared_a_to_b",
    "declared_b_to_a",
    *(f"{k}_{m}" for k in EVIDENCE_KINDS for m in ("count", "jaccard", "weighted", "items")),
    "reason",
]

_REASON_ITEMS = 12  # longest list of actors or goals spelled out in a reason
_REASON_ACTIONS = 20  # longest list of action codes spelled out per declaring OAP


def _codes(codes: list[str]) -> str:
    """Action codes joined, the list cut after ``_REASON_ACTIONS`` with a count of the rest."""
    codes = sorted(codes, key=natural_key)
    more = f" (+{len(codes) - _REASON_ACTIONS} more)" if len(codes) > _REASON_ACTIONS else ""
    return ", ".join(codes[:_REASON_ACTIONS]) + more


def _split(action_id: str) -> tuple[str, str]:
    oap, _, code = action_id.partition("/OA ")
    return oap, code


def reason(analysis: Analysis, s: Synergy) -> str:
    """Why the pair is linked, kind by kind, the kinds that carry it first-named.

    >>> from overlapgraph.model import OAP, Action, Dataset, Overlap, Priority
    >>> from overlapgraph.analysis import analyse
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b"), Priority("C", "c")],
    ...     oaps=[OAP("A-2022", "A", "2022")], actions=[Action("A-2022", "1.1", "CHSG-1")],
    ...     overlaps=[Overlap("A-2022", "1.1", "B"), Overlap("A-2022", "1.1", "C")])
    >>> an = analyse(ds)
    >>> [reason(an, s) for s in an.synergies]
    ['declared: A-2022 declares OA 1.1 towards B', 'declared: A-2022 declares OA 1.1 towards C', \
'co-named: both named by A-2022 OA 1.1']
    """
    owner = analysis.dataset.priority_of_oap()
    goal_label = {g.goal_id: g.label for g in analysis.dataset.goals}
    parts: list[str] = []
    for kind, e in s.evidence.items():
        if e is None or not e.count:
            continue
        if kind == "declared":
            towards: dict[tuple[str, str], list[str]] = defaultdict(list)
            for x in e.items:
                oap, code = _split(x)
                towards[(oap, s.b if owner.get(oap) == s.a else s.a)].append(code)
            parts.append(
                "declared: "
                + "; ".join(
                    f"{oap} declares OA {_codes(c)} towards {to}" for (oap, to), c in sorted(towards.items())
                )
            )
        elif kind == "co_named":
            by: dict[str, list[str]] = defaultdict(list)
            for x in e.items:
                oap, code = _split(x)
                by[oap].append(code)
            parts.append(
                "co-named: "
                + "; ".join(f"both named by {oap} OA {_codes(c)}" for oap, c in sorted(by.items()))
            )
        else:
            names = [goal_label.get(x, x) for x in e.items] if kind == "goals" else list(e.items)
            more = f" (+{len(names) - _REASON_ITEMS} more)" if len(names) > _REASON_ITEMS else ""
            head = "shared actors" if kind == "actors" else "same goals"
            parts.append(f"{head} {', '.join(names[:_REASON_ITEMS])}{more}")
    return "; ".join(parts)


def _r(x: float) -> float:
    return round(x, DIGITS)


def synergy_row(analysis: Analysis, s: Synergy) -> dict[str, Any]:
    """The pair as one flat, JSON-ready row with the canonical column names (items as lists).

    Made once per synergy of the analysis (kept in ``analysis.memo``), as every output shows it: read
    it, do not change it."""
    made: dict[tuple[str, str], tuple[Synergy, dict[str, Any]]] = analysis.memo.setdefault("synergy_rows", {})
    found = made.get((s.a, s.b))
    if found is not None and found[0] is s:
        return found[1]
    row = _synergy_row(analysis, s)
    made[(s.a, s.b)] = (s, row)
    return row


def _synergy_row(analysis: Analysis, s: Synergy) -> dict[str, Any]:
    names = analysis.names
    row: dict[str, Any] = {
        "rank": s.rank,
        "priority_a": s.a,
        "name_a": names.get(s.a, s.a),
        "priority_b": s.b,
        "name_b": names.get(s.b, s.b),
        "score": _r(s.score),
        "status": s.status,
        "declared_a_to_b": s.declared_a_to_b,
        "declared_b_to_a": s.declared_b_to_a,
    }
    for kind in EVIDENCE_KINDS:
        e = s.evidence.get(kind)
        row[f"{kind}_count"] = e.count if e is not None else None
        row[f"{kind}_jaccard"] = _r(e.jaccard) if e is not None else None
        row[f"{kind}_weighted"] = _r(e.weighted) if e is not None else None
        row[f"{kind}_items"] = list(e.items) if e is not None else None
    row["reason"] = reason(analysis, s)
    return row


def synergy_records(analysis: Analysis) -> list[dict[str, Any]]:
    """The synergy table as flat rows (:data:`SYNERGY_COLUMNS`): one per pair, items joined with "; "."""
    rows = []
    for s in analysis.synergies:
        row = synergy_row(analysis, s)
        rows.append({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return rows


def synergy_frame(analysis: Analysis) -> pd.DataFrame:
    """The synergy table as a DataFrame: :func:`synergy_records`, with the columns in order."""
    import pandas as pd

    return pd.DataFrame(synergy_records(analysis), columns=SYNERGY_COLUMNS)


def availability_note(analysis: Analysis) -> str | None:
    """A sentence naming the evidence kinds that are not available in this dataset, or None.

    >>> from overlapgraph.analysis import analyse
    >>> from overlapgraph.model import Dataset
    >>> availability_note(analyse(Dataset(name="x")))[:36]
    'Not available (no data to compare): '
    """
    missing = [k for k in analysis.kinds() if not analysis.available.get(k, False)]
    if not missing:
        return None
    return "Not available (no data to compare): " + "; ".join(f"{k} ({_MISSING[k]})" for k in missing)
