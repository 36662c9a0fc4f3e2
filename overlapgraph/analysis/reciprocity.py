"""Reciprocity of declared overlaps: does the other OAP declare back, and could it be checked at all?"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from ..model import OAP, Dataset, natural_key

__all__ = ["RECIPROCITY_STATUSES", "Declaration", "reciprocity", "unchecked_targets"]

Status = Literal["reciprocated", "one-sided", "unchecked"]
#: The possible outcomes, in report order.
RECIPROCITY_STATUSES: tuple[Status, ...] = ("one-sided", "reciprocated", "unchecked")


@dataclass(frozen=True, slots=True)
class Declaration:
    """What one OAP declares towards one other priority, and whether that priority declares back.

    ``status`` is ``reciprocated`` when an OAP of ``target`` of an overlapping period declares some
    action towards ``priority``; ``one-sided`` when such OAPs are loaded but none declares back;
    ``unchecked`` when no OAP of ``target`` for that period is loaded.
    """

    oap_id: str
    priority: str
    target: str
    actions: tuple[str, ...]  # declaring action codes
    status: Status
    target_oaps: tuple[str, ...] = ()  # loaded OAPs of the target for the same period
    back_actions: tuple[str, ...] = ()  # their action ids declared towards ``priority``

    def as_dict(self) -> dict[str, object]:
        """A flat, JSON-ready dict."""
        return {
            "oap_id": self.oap_id,
            "priority": self.priority,
            "target": self.target,
            "actions": list(self.actions),
            "status": self.status,
            "target_oaps": list(self.target_oaps),
            "back_actions": list(self.back_actions),
        }


def _overlap_in_time(a: OAP, b: OAP) -> bool:
    (a0, a1), (b0, b1) = a.years, b.years
    return a0 <= b1 and b0 <= a1


def reciprocity(ds: Dataset) -> list[Declaration]:
    """One :class:`Declaration` per declaring OAP and target priority, one-sided ones first.

    Examples
    --------
    >>> from overlapgraph.model import OAP, Action, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b"), Priority("C", "c")],
    ...     oaps=[OAP("A-2022", "A", "2022"), OAP("B-2022", "B", "2022")],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1"), Action("B-2022", "1.1", "CHSG-1")],
    ...     overlaps=[Overlap("A-2022", "1.1", "B"), Overlap("A-2022", "1.1", "C")])
    >>> [(d.priority, d.target, d.status) for d in reciprocity(ds)]
    [('A', 'B', 'one-sided'), ('A', 'C', 'unchecked')]
    """
    oaps = {o.oap_id: o for o in ds.oaps}
    by_priority: dict[str, list[OAP]] = defaultdict(list)
    for o in ds.oaps:
        by_priority[o.priority].append(o)
    declared: dict[tuple[str, str], list[str]] = defaultdict(list)  # (oap, target) -> codes
    for ov in ds.overlaps:
        declared[(ov.oap_id, ov.target_priority)].append(ov.action_code)
    out: list[Declaration] = []
    for (oap_id, target), codes in declared.items():
        oap = oaps[oap_id]
        peers = sorted(o.oap_id for o in by_priority.get(target, []) if _overlap_in_time(oap, o))
        back = sorted(
            (f"{peer}/OA {code}" for peer in peers for code in declared.get((peer, oap.priority), [])),
            key=natural_key,
        )
        status: Status = "unchecked" if not peers else "reciprocated" if back else "one-sided"
        out.append(
            Declaration(
                oap_id,
                oap.priority,
                target,
                tuple(sorted(set(codes), key=natural_key)),
                status,
                tuple(peers),
                tuple(back),
            )
        )
    out.sort(key=lambda d: (RECIPROCITY_STATUSES.index(d.status), d.priority, d.target, d.oap_id))
    return out


def unchecked_targets(declarations: list[Declaration]) -> list[str]:
    """The target priorities of unchecked declarations (their OAPs are not loaded), sorted.

    >>> unchecked_targets([Declaration("A-2022", "A", "C", ("1.1",), "unchecked")])
    ['C']
    """
    return sorted({d.target for d in declarations if d.status == "unchecked"})
