"""Synergies between priorities from declared overlaps: which actions link each pair, and how strongly."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

from ..model import Dataset, natural_key

__all__ = ["PairSynergy", "declared_action_sets", "declared_synergies"]


@dataclass(frozen=True, slots=True)
class PairSynergy:
    """Two priorities and the actions that link them through declared overlaps."""

    a: str
    b: str
    shared: tuple[str, ...]  # action ids, sorted
    size_a: int
    size_b: int

    @property
    def count(self) -> int:
        """Number of shared actions."""
        return len(self.shared)

    @property
    def jaccard(self) -> float:
        """|A ∩ B| / |A ∪ B| of the two priorities' action sets."""
        union = self.size_a + self.size_b - self.count
        return self.count / union if union else 0.0


def declared_action_sets(ds: Dataset) -> dict[str, set[str]]:
    """For each priority, its own actions and the actions other OAPs declare towards it.

    >>> from overlapgraph.model import OAP, Action, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b")], oaps=[OAP("A-2022", "A", "2022")],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1")], overlaps=[Overlap("A-2022", "1.1", "B")])
    >>> declared_action_sets(ds)
    {'A': {'A-2022/OA 1.1'}, 'B': {'A-2022/OA 1.1'}}
    """
    prio = ds.priority_of_oap()
    sets: dict[str, set[str]] = {p.code: set() for p in ds.priorities}
    for act in ds.actions:
        sets[prio[act.oap_id]].add(act.action_id)
    for ov in ds.overlaps:
        sets[ov.target_priority].add(ov.action_id)
    return sets


def declared_synergies(ds: Dataset) -> list[PairSynergy]:
    """Every pair of priorities that share at least one action, strongest first.

    Two priorities share an action when it belongs to one and is declared towards the other, or when
    one OAP declares it towards both. Ranked by shared count, then Jaccard, then codes.
    """
    sets = declared_action_sets(ds)
    by_action: dict[str, set[str]] = defaultdict(set)
    for p, acts in sets.items():
        for a in acts:
            by_action[a].add(p)
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a, prios in by_action.items():
        for u, v in combinations(sorted(prios), 2):
            shared[(u, v)].add(a)
    out = [
        PairSynergy(u, v, tuple(sorted(s, key=natural_key)), len(sets[u]), len(sets[v]))
        for (u, v), s in shared.items()
    ]
    out.sort(key=lambda s: (-s.count, -s.jaccard, s.a, s.b))
    return out
