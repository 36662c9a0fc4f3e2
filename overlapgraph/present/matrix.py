"""The directional matrix of priorities: rows declare, columns are named; all figures from synergy_row.

Cell (row R, column C) holds the number of R's actions declared towards C (``declared_a_to_b`` or
``declared_b_to_a`` of the pair's synergy row) and a status:

``reciprocated``
    R declares C and C declares R back.
``one-sided``
    R declares C; C's OAP is loaded and does not declare R back.
``unchecked``
    R declares C; no OAP of C is loaded, so a declaration back cannot be checked.
``co-named``
    neither declares the other; a third OAP declares actions towards both.
``none``
    R does not declare C (and they are not co-named).

Priorities are ordered by the communities of the analysis' structure (then the rest, by code). The
totals are the sums of each row's and each column's cells: declarations made and received.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import natural_key
from .evidence import Evidence, evidence_of

if TYPE_CHECKING:
    from ..analysis.core import Analysis

__all__ = ["CELL_STATUSES", "Cell", "Matrix", "cell_id", "matrix", "matrix_rows", "status_rows"]

#: Cell statuses, in legend order.
CELL_STATUSES = ("reciprocated", "one-sided", "unchecked", "co-named", "none")


def cell_id(row: str, col: str) -> str:
    """The anchor of a cell on the matrix page (``matrix.html#cell-THB--MS``).

    >>> cell_id("THB", "SD-NPS")
    'cell-THB--SD-NPS'
    """
    return f"cell-{row}--{col}"


@dataclass(frozen=True)
class Cell:
    """What ``row`` declares towards ``col``."""

    row: str
    col: str
    count: int  # actions of row's OAPs declared towards col
    status: str  # one of CELL_STATUSES
    score: float | None  # the pair's score, None when the pair shares nothing
    actions: Sequence[list[str]]  # the declared actions row -> col (ACTION_COLUMNS), or the co-named ones

    def as_dict(self, actions: bool = True) -> dict[str, Any]:
        """A JSON-ready dict (without ``actions`` when not ``actions``: a page caps them)."""
        out: dict[str, Any] = {
            "row": self.row,
            "col": self.col,
            "count": self.count,
            "status": self.status,
            "score": self.score,
        }
        if actions:
            out["actions"] = list(self.actions)
        return out


@dataclass(frozen=True)
class Matrix:
    """The priorities in display order, their names and communities, every off-diagonal cell, totals."""

    order: list[str]
    names: dict[str, str]
    community: dict[str, int]  # priority -> community index (-1: in none)
    cells: dict[tuple[str, str], Cell]
    row_totals: dict[str, int]
    col_totals: dict[str, int]

    def cell(self, row: str, col: str) -> Cell:
        """The cell of ``row`` declaring towards ``col``."""
        return self.cells[(row, col)]


def _status(pair_status: str, count: int) -> str:
    if count:
        return pair_status if pair_status in ("reciprocated", "one-sided", "unchecked") else "one-sided"
    return "co-named" if pair_status == "co-named" else "none"


def matrix(analysis: Analysis, evidence: Evidence | None = None) -> Matrix:
    """The directional matrix of ``analysis``.

    Examples
    --------
    >>> from overlapgraph.analysis import analyse
    >>> from overlapgraph.model import OAP, Action, Dataset, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b")],
    ...     oaps=[OAP("A-2022", "A", "2022"), OAP("B-2022", "B", "2022")],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1")], overlaps=[Overlap("A-2022", "1.1", "B")])
    >>> m = matrix(analyse(ds))
    >>> m.cell("A", "B").count, m.cell("A", "B").status, m.cell("B", "A").status, m.row_totals
    (1, 'one-sided', 'none', {'A': 1, 'B': 0})
    """
    ev = evidence or evidence_of(analysis)
    codes = [p.code for p in analysis.dataset.priorities]
    community: dict[str, int] = {}
    order: list[str] = []
    for i, members in enumerate(analysis.structure.communities):
        for p in members:
            if p in codes and p not in community:
                community[p] = i
                order.append(p)
    order += sorted((p for p in codes if p not in community), key=natural_key)
    cells: dict[tuple[str, str], Cell] = {}
    for r in order:
        for c in order:
            if r == c:
                continue
            row = ev.row(r, c)
            if row is None:
                cells[(r, c)] = Cell(r, c, 0, "none", None, [])
                continue
            count = int(row["declared_a_to_b"] if row["priority_a"] == r else row["declared_b_to_a"])
            status = _status(str(row["status"]), count)
            acts: Sequence[list[str]] = []
            if count:
                acts = ev.pair_actions(r, c).where(f"{r} → {c}".__eq__)
            elif status == "co-named":
                acts = ev.pair_actions(r, c).where(lambda d: d.endswith("names both"))
            cells[(r, c)] = Cell(r, c, count, status, row["score"], acts)
    return Matrix(
        order=order,
        names=dict(analysis.names),
        community={p: community.get(p, -1) for p in order},
        cells=cells,
        row_totals={r: sum(cells[(r, c)].count for c in order if c != r) for r in order},
        col_totals={c: sum(cells[(r, c)].count for r in order if r != c) for c in order},
    )


def matrix_rows(m: Matrix) -> list[list[Any]]:
    """The matrix as a sheet: header row ``declares \\ is named``, the columns and ``total``, then one row
    per declaring priority, and a last row of column totals. Diagonal cells are 0 (status "self")."""
    rows: list[list[Any]] = [["declares \\ is named", *m.order, "total"]]
    for r in m.order:
        rows.append([r, *(0 if r == c else m.cell(r, c).count for c in m.order), m.row_totals[r]])
    rows.append(["total", *(m.col_totals[c] for c in m.order), sum(m.row_totals.values())])
    return rows


def status_rows(m: Matrix) -> list[list[Any]]:
    """The status of each cell of :func:`matrix_rows` (without header and totals); "self" on the diagonal."""
    return [[r, *("self" if r == c else m.cell(r, c).status for c in m.order), None] for r in m.order]
