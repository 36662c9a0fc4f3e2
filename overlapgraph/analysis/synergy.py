"""Synergies between priorities by evidence, kind by kind: declarations, co-naming, actors, goals.

Each priority gets one *evidence set* per kind:

``declared`` and ``co_named`` (the actions)
    its own actions plus the actions other OAPs declare towards it. Two priorities share an action when
    it belongs to one and is declared towards the other (``declared``: A's OAP declares it towards B, a
    direct, directional fact) or when a third OAP declares it towards both (``co_named``: a weaker,
    indirect fact). Both kinds are measured on the same sets, so ``declared_jaccard + co_named_jaccard``
    is the plain Jaccard of the two priorities' action sets;
``actors``
    the actors that lead, co-lead or take part in its own actions, plus (by default) the actors with an
    OAP-level role on its OAPs (driver, co-driver, relevant actor, partner);
``goals``
    the strategic goals its own actions serve.

For each pair and kind: the shared items, their count, the plain Jaccard and the *weighted* similarity,
where each item has a weight that damps hubs (an actor present everywhere, such as Europol; an action
declared towards ten priorities): see :func:`item_weights`. A kind is *available* in a dataset when at
least two priorities have evidence of it (no participations at all: ``actors`` is not available); the
values of an unavailable kind are None, not 0. The pair's ``score`` combines the weighted similarities of
the available kinds (:func:`synergy_table`, formula in docs/analysis.md).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import TYPE_CHECKING, Any, Literal

from ..model import Dataset, natural_key

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_KIND_WEIGHTS",
    "EVIDENCE_KINDS",
    "METRICS",
    "PAIR_STATUSES",
    "WEIGHTINGS",
    "ActionLink",
    "Evidence",
    "SetSimilarity",
    "Synergy",
    "action_links",
    "available_kinds",
    "evidence_sets",
    "filter_synergies",
    "item_weights",
    "set_similarity",
    "synergy_table",
    "to_frame",
]

EvidenceKind = Literal["declared", "co_named", "actors", "goals"]
Weighting = Literal["newman", "idf", "none"]
Metric = Literal["jaccard", "overlap", "cosine"]

#: The kinds of evidence, in the order they are reported.
EVIDENCE_KINDS: tuple[EvidenceKind, ...] = ("declared", "co_named", "actors", "goals")
#: Hub-damping schemes for evidence items (see :func:`item_weights`); the first is the default.
WEIGHTINGS: tuple[Weighting, ...] = ("newman", "idf", "none")
#: Similarity measures the weighted values and the score use; the first is the default.
METRICS: tuple[Metric, ...] = ("jaccard", "cosine", "overlap")
#: Default share of each evidence kind in the combined score: a direct declaration weighs five times a
#: co-naming of the same size, so co-naming alone never outranks it.
DEFAULT_KIND_WEIGHTS: Mapping[str, float] = {"declared": 0.5, "co_named": 0.1, "actors": 0.25, "goals": 0.15}
#: Pair statuses, strongest first: both declare each other, one declares the other (whose OAP is loaded
#: and does not declare back), one declares the other (whose OAP is not loaded), only a third OAP names
#: both, only actors or goals are shared.
PAIR_STATUSES = ("reciprocated", "one-sided", "unchecked", "co-named", "indirect")


def evidence_sets(ds: Dataset, kind: str, *, oap_actors: bool = True) -> dict[str, frozenset[str]]:
    """For each priority of ``ds``, the set of evidence items of ``kind`` (empty sets included).

    Items are action ids (``declared`` and ``co_named``: the same sets), actor codes (``actors``) or goal
    ids (``goals``).

    Examples
    --------
    >>> from overlapgraph.model import OAP, Action, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b")], oaps=[OAP("A-2022", "A", "2022")],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1")], overlaps=[Overlap("A-2022", "1.1", "B")])
    >>> sorted(evidence_sets(ds, "declared").items())
    [('A', frozenset({'A-2022/OA 1.1'})), ('B', frozenset({'A-2022/OA 1.1'}))]
    >>> sorted(evidence_sets(ds, "goals").items())
    [('A', frozenset({'CHSG-1'})), ('B', frozenset())]
    """
    prio = ds.priority_of_oap()
    sets: dict[str, set[str]] = {p.code: set() for p in ds.priorities}
    if kind in ("declared", "co_named"):
        for act in ds.actions:
            sets[prio[act.oap_id]].add(act.action_id)
        for ov in ds.overlaps:
            sets[ov.target_priority].add(ov.action_id)
    elif kind == "actors":
        for pa in ds.participations:
            sets[prio[pa.oap_id]].add(pa.actor)
        if oap_actors:
            for r in ds.oap_actors:
                sets[prio[r.oap_id]].add(r.actor)
    elif kind == "goals":
        for act in ds.actions:
            sets[prio[act.oap_id]].add(act.goal_id)
    else:
        raise ValueError(f"unknown evidence kind {kind!r}; expected one of {', '.join(EVIDENCE_KINDS)}")
    return {p: frozenset(s) for p, s in sets.items()}


def item_weights(sets: Mapping[str, Iterable[str]], weighting: str = "newman") -> dict[str, float]:
    """The weight of every item, from the number of priorities ``df`` whose set holds it.

    ``newman`` (the default)
        ``1 / (df - 1)`` (Newman 2001, collaboration networks): an item shared by ``df`` priorities adds
        ``1 / (df - 1)`` to each of their pairs, so its total contribution to each priority is 1. An
        item's weight depends on that item alone: adding an OAP that shares nothing with A and B leaves
        the weights of A's and B's items, and so their similarity, unchanged.
    ``idf``
        ``1 + ln((1 + N) / (1 + df))`` with ``N`` the number of non-empty sets (smoothed inverse
        document frequency): an item in every set weighs 1, a rare item up to ``1 + ln((1 + N) / 2)``.
        It depends on ``N``, so any new priority with evidence moves every weight a little.
    ``none``
        1 for every item (plain set measures).

    Examples
    --------
    >>> w = item_weights({"A": {"x", "hub"}, "B": {"hub"}, "C": {"hub", "x"}}, "newman")
    >>> w["hub"], w["x"]
    (0.5, 1.0)
    >>> item_weights({"A": {"x"}, "B": {"x"}}, "idf")
    {'x': 1.0}
    """
    df: dict[str, int] = defaultdict(int)
    n = 0
    for items in sets.values():
        seen = set(items)
        n += bool(seen)
        for i in seen:
            df[i] += 1
    if weighting == "idf":
        return {i: 1.0 + math.log((1 + n) / (1 + d)) for i, d in df.items()}
    if weighting == "newman":
        return {i: 1.0 / (d - 1) if d > 1 else 1.0 for i, d in df.items()}
    if weighting == "none":
        return dict.fromkeys(df, 1.0)
    raise ValueError(f"unknown weighting {weighting!r}; expected one of {', '.join(WEIGHTINGS)}")


class EvidenceCache:
    """The evidence sets (:func:`evidence_sets`) and item weights (:func:`item_weights`) of one dataset,
    each made once however many computations read them (at a million participations each costs a
    second). Read-only: make a new one for another dataset or ``oap_actors``."""

    def __init__(self, ds: Dataset, *, oap_actors: bool = True) -> None:
        self.ds = ds
        self.oap_actors = oap_actors
        self._sets: dict[str, dict[str, frozenset[str]]] = {}
        self._weights: dict[tuple[str, str], dict[str, float]] = {}
        self._ranks: dict[str, dict[str, int]] = {}

    @classmethod
    def of(cls, ds: Dataset, oap_actors: bool, cache: EvidenceCache | None = None) -> EvidenceCache:
        """``cache`` when it is the cache of ``ds`` with ``oap_actors``, else a new one."""
        if cache is not None and cache.ds is ds and cache.oap_actors == oap_actors:
            return cache
        return cls(ds, oap_actors=oap_actors)

    def sets(self, kind: str) -> dict[str, frozenset[str]]:
        """``evidence_sets(ds, kind)``; declared and co_named are the same sets."""
        key = "declared" if kind == "co_named" else kind
        if key not in self._sets:
            self._sets[key] = evidence_sets(self.ds, key, oap_actors=self.oap_actors)
        return self._sets[key]

    def ranks(self, kind: str) -> dict[str, int]:
        """Every item of ``kind`` with its place in the natural order (:func:`natural_key`)."""
        key = "declared" if kind == "co_named" else kind
        if key not in self._ranks:
            items = set().union(*self.sets(key).values())
            self._ranks[key] = {x: i for i, x in enumerate(sorted(items, key=natural_key))}
        return self._ranks[key]

    def weights(self, kind: str, weighting: str) -> dict[str, float]:
        """``item_weights(sets(kind), weighting)``."""
        key = ("declared" if kind == "co_named" else kind, weighting)
        if key not in self._weights:
            self._weights[key] = item_weights(self.sets(kind), weighting)
        return self._weights[key]


def set_similarity(
    a: Iterable[str], b: Iterable[str], weights: Mapping[str, float] | None = None
) -> SetSimilarity:
    """Weighted Jaccard, overlap coefficient and cosine of two sets (``weights`` default to 1).

    With item weights ``w``: Jaccard = ``w(A∩B) / w(A∪B)``, overlap = ``w(A∩B) / min(w(A), w(B))``,
    cosine = ``w²(A∩B) / sqrt(w²(A) w²(B))`` (the cosine of the weighted indicator vectors).
    All lie in [0, 1]; each is 0 when a set is empty.

    Examples
    --------
    >>> e = set_similarity({"1", "2", "3"}, {"2", "3", "4", "5"})
    >>> e.shared, e.jaccard, e.overlap, round(e.cosine, 4)
    (('2', '3'), 0.4, 0.6666666666666666, 0.5774)
    """
    sa, sb = set(a), set(b)
    shared = sa & sb

    def w(x: str) -> float:
        return 1.0 if weights is None else weights[x]

    inter = math.fsum(w(x) for x in shared)
    wa, wb = math.fsum(w(x) for x in sa), math.fsum(w(x) for x in sb)
    inter2 = math.fsum(w(x) ** 2 for x in shared)
    wa2, wb2 = math.fsum(w(x) ** 2 for x in sa), math.fsum(w(x) ** 2 for x in sb)
    union = wa + wb - inter
    return SetSimilarity(
        shared=tuple(sorted(shared, key=natural_key)),
        size_a=len(sa),
        size_b=len(sb),
        weighted=inter,
        jaccard=_clip(inter / union) if union > 0 else 0.0,
        overlap=_clip(inter / min(wa, wb)) if min(wa, wb) > 0 else 0.0,
        cosine=_clip(inter2 / math.sqrt(wa2 * wb2)) if wa2 > 0 and wb2 > 0 else 0.0,
    )


def _clip(x: float) -> float:
    """Keep a ratio inside [0, 1] despite rounding (1.0000000000000002 -> 1.0)."""
    return min(1.0, max(0.0, x))


@dataclass(frozen=True, slots=True)
class SetSimilarity:
    """Weighted Jaccard, overlap and cosine of two sets, with the shared items and the set sizes."""

    shared: tuple[str, ...]
    size_a: int
    size_b: int
    weighted: float  # sum of the shared items' weights
    jaccard: float
    overlap: float
    cosine: float

    def score(self, metric: str = "jaccard") -> float:
        """The similarity named ``metric`` (``jaccard``, ``cosine`` or ``overlap``)."""
        if metric not in METRICS:
            raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")
        value: float = getattr(self, metric)
        return value


@dataclass(frozen=True, slots=True)
class Evidence:
    """What two priorities share of one kind of evidence.

    ``items`` are the shared items (action ids, actor codes or goal ids), naturally sorted; ``jaccard``
    is their plain Jaccard over the two priorities' sets; ``weighted`` the similarity (``metric``) of the
    hub-damped sets, the value the score uses.
    """

    kind: str
    items: tuple[str, ...]
    jaccard: float
    weighted: float

    @property
    def count(self) -> int:
        """Number of shared items."""
        return len(self.items)


@dataclass(frozen=True, slots=True)
class Synergy:
    """One priority pair (``a < b``): its score, its evidence of each kind, who declared whom.

    ``evidence[kind]`` is None when the kind is not available in the dataset. ``declared_a_to_b`` counts
    the actions of ``a``'s OAPs declared towards ``b`` (and ``declared_b_to_a`` the reverse); ``status``
    is one of :data:`PAIR_STATUSES`.
    """

    a: str
    b: str
    score: float
    evidence: Mapping[str, Evidence | None] = field(compare=True)
    rank: int = 0
    declared_a_to_b: int = 0
    declared_b_to_a: int = 0
    status: str = "indirect"

    def count(self, kind: str) -> int:
        """Number of shared items of ``kind`` (0 when that kind is not available)."""
        e = self.evidence.get(kind)
        return e.count if e else 0

    def carried_by(self) -> tuple[str, ...]:
        """The kinds the pair shares something of, in report order."""
        return tuple(k for k, e in self.evidence.items() if e is not None and e.count)


def _kinds(by: str | Sequence[str]) -> tuple[str, ...]:
    kinds = EVIDENCE_KINDS if by == "all" else (by,) if isinstance(by, str) else tuple(by)
    for k in kinds:
        if k not in EVIDENCE_KINDS:
            raise ValueError(f"unknown evidence kind {k!r}; expected one of {', '.join(EVIDENCE_KINDS)}, all")
    if not kinds:
        raise ValueError("no evidence kind given")
    return tuple(k for k in EVIDENCE_KINDS if k in kinds)


def _shared_pairs(sets: Mapping[str, frozenset[str]]) -> set[tuple[str, str]]:
    """Pairs of priorities (sorted) whose sets share at least one item.

    One ``isdisjoint`` per pair of priorities (a few dozen priorities: a few hundred pairs), each linear
    in the smaller set and run in C; an inverted index of every item costs more from 100,000 items on.
    """
    filled = sorted(p for p, items in sets.items() if items)
    return {(a, b) for a, b in combinations(filled, 2) if not sets[a].isdisjoint(sets[b])}


def available_kinds(sets: Mapping[str, Mapping[str, frozenset[str]]]) -> dict[str, bool]:
    """Which kinds have data to compare: at least two priorities with a non-empty set.

    >>> available_kinds({"actors": {"A": frozenset({"NL"}), "B": frozenset()}})
    {'actors': False}
    """
    return {k: sum(1 for items in per.values() if items) >= 2 for k, per in sets.items()}


def _totals(items: Iterable[str], w: Mapping[str, float]) -> tuple[float, float, float, float]:
    """The sum of the items' weights and of their squares (exactly rounded), as :func:`_measure` reads
    them (the zeros are the other side's places)."""
    values = list(map(w.__getitem__, items))
    return math.fsum(values), 0.0, math.fsum([v * v for v in values]), 0.0


def _measure(
    shared: Iterable[str],
    a: frozenset[str],
    b: frozenset[str],
    w: Mapping[str, float],
    totals: tuple[float, float, float, float],
    metric: str,
) -> float:
    """``metric`` of the weighted sets, counting only ``shared`` (a subset of a & b) as common."""
    wa, wb, wa2, wb2 = totals
    inter = math.fsum(map(w.__getitem__, shared))
    if metric == "jaccard":
        union = wa + wb - math.fsum(map(w.__getitem__, a & b))
        return _clip(inter / union) if union > 0 else 0.0
    if metric == "overlap":
        return _clip(inter / min(wa, wb)) if min(wa, wb) > 0 else 0.0
    inter2 = math.fsum(v * v for v in map(w.__getitem__, shared))
    return _clip(inter2 / math.sqrt(wa2 * wb2)) if wa2 > 0 and wb2 > 0 else 0.0


def synergy_table(
    ds: Dataset,
    by: str | Sequence[str] = "all",
    *,
    weights: Mapping[str, float] | None = None,
    weighting: str = "newman",
    metric: str = "jaccard",
    oap_actors: bool = True,
    cache: EvidenceCache | None = None,
) -> list[Synergy]:
    """Every pair of priorities that share some evidence, with its score, ranked.

    Use :func:`overlapgraph.analysis.analyse`, which calls this once for one period and keeps the result
    with everything computed from it.

    Parameters
    ----------
    ds : Dataset
    by : "all", an evidence kind, or a sequence of kinds
        Which evidence to use (``declared``, ``co_named``, ``actors``, ``goals``).
    weights : mapping of kind to float, optional
        Share of each kind in the score; kinds not named keep their default
        (:data:`DEFAULT_KIND_WEIGHTS`: declared 0.5, co_named 0.1, actors 0.25, goals 0.15).
    weighting : "newman", "idf" or "none"
        How evidence items are weighted to damp hubs (:func:`item_weights`).
    metric : "jaccard", "cosine" or "overlap"
        The similarity of the weighted sets (``<kind>_weighted``), which enters the score.
    oap_actors : bool
        Count OAP-level roles (driver, co-driver, relevant actor, partner) as actor evidence.
    cache : EvidenceCache, optional
        The dataset's evidence sets and weights, when other computations read them too.

    Returns
    -------
    list of Synergy
        Ranked by score, then number of shared items, then codes; ``rank`` starts at 1.

    Notes
    -----
    ``score = sum(w_k * s_k) / sum(w_k)`` over the kinds used that are *available* in the dataset (at
    least two priorities have evidence of them): ``s_k`` is the weighted similarity of kind ``k``, 0 when
    the pair shares nothing of it. A kind with no data at all (no participations: ``actors``) leaves the
    score alone rather than counting as 0 for every pair. As ``w_declared = 5 w_co_named``, a pair named
    together by a third OAP scores a fifth of a pair one of them declares towards the other with the same
    similarity; actors and goals add to either.

    Examples
    --------
    >>> from overlapgraph.model import OAP, Action, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b")], oaps=[OAP("A-2022", "A", "2022")],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1"), Action("A-2022", "1.2", "CHSG-1")],
    ...     overlaps=[Overlap("A-2022", "1.1", "B")])
    >>> [(s.a, s.b, s.evidence["declared"].count, s.evidence["declared"].jaccard, s.status)
    ...  for s in synergy_table(ds)]
    [('A', 'B', 1, 0.5, 'unchecked')]
    >>> synergy_table(ds)[0].evidence["actors"] is None  # no actors in the dataset: not available
    True
    """
    kinds = _kinds(by)
    shares = {**DEFAULT_KIND_WEIGHTS, **(weights or {})}
    for k in kinds:
        if shares.get(k, 0.0) < 0:
            raise ValueError(f"weight of {k!r} must not be negative")
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")
    if weighting not in WEIGHTINGS:
        raise ValueError(f"unknown weighting {weighting!r}; expected one of {', '.join(WEIGHTINGS)}")
    cache = EvidenceCache.of(ds, oap_actors, cache)
    # declared and co_named are measured on the same action sets
    sets = {k: cache.sets(k) for k in kinds}
    wts = {k: cache.weights(k, weighting) for k in kinds}
    available = available_kinds(sets)
    used = [k for k in kinds if available[k]]
    total_share = math.fsum(shares.get(k, 0.0) for k in used)
    totals = {k: {p: _totals(items, wts[k]) for p, items in sets[k].items()} for k in used}
    # each kind's items ranked once in natural order: pairs sort their shared items by rank
    order = {k: cache.ranks(k) for k in used}
    prio = ds.priority_of_oap()
    owner = {a.action_id: prio[a.oap_id] for a in ds.actions}
    has_oap = set(prio.values())
    pairs: set[tuple[str, str]] = set()
    for k in used:
        pairs |= _shared_pairs(sets[k])
    out: list[Synergy] = []
    for a, b in pairs:
        ev: dict[str, Evidence | None] = {}
        a_to_b = b_to_a = 0
        for k in kinds:
            if not available[k]:
                ev[k] = None
                continue
            sa, sb = sets[k][a], sets[k][b]
            common = sa & sb
            if k == "declared":
                shared = [x for x in common if owner.get(x) in (a, b)]
                a_to_b = sum(owner.get(x) == a for x in shared)
                b_to_a = len(shared) - a_to_b
            elif k == "co_named":
                shared = [x for x in common if owner.get(x) not in (a, b)]
            else:
                shared = list(common)
            union = len(sa) + len(sb) - len(common)
            ta, tb = totals[k][a], totals[k][b]
            ev[k] = Evidence(
                k,
                tuple(sorted(shared, key=order[k].__getitem__)),
                len(shared) / union if union else 0.0,
                _measure(shared, sa, sb, wts[k], (ta[0], tb[0], ta[2], tb[2]), metric),
            )
        score = (
            _clip(
                math.fsum(shares.get(k, 0.0) * e.weighted for k in used if (e := ev[k]) is not None)
                / total_share
            )
            if total_share > 0
            else 0.0
        )
        status = _status(a, b, a_to_b, b_to_a, ev, has_oap)
        out.append(Synergy(a, b, round(score, 12), ev, 0, a_to_b, b_to_a, status))  # no float noise
    out.sort(key=lambda s: (-s.score, -sum(s.count(k) for k in kinds), s.a, s.b))
    return [replace(s, rank=rank) for rank, s in enumerate(out, start=1)]


def _status(
    a: str, b: str, a_to_b: int, b_to_a: int, ev: Mapping[str, Evidence | None], has_oap: set[str]
) -> str:
    if a_to_b and b_to_a:
        return "reciprocated"
    if a_to_b or b_to_a:
        named = b if a_to_b else a
        return "one-sided" if named in has_oap else "unchecked"
    co = ev.get("co_named")
    return "co-named" if co is not None and co.count else "indirect"


@dataclass(frozen=True, slots=True)
class ActionLink:
    """One action and one priority other than its own, and what links them."""

    action: str  # action id
    own_priority: str
    priority: str
    score: float
    declared: bool
    actors: tuple[str, ...]  # the action's actors that also work for ``priority``
    goal: str  # the action's goal when ``priority`` has actions under it, else ""
    reason: str = ""

    def as_dict(self) -> dict[str, object]:
        """A flat, JSON-ready dict."""
        return {
            "action": self.action,
            "own_priority": self.own_priority,
            "priority": self.priority,
            "score": self.score,
            "declared": self.declared,
            "actors": list(self.actors),
            "goal": self.goal,
            "reason": self.reason,
        }


def action_links(
    ds: Dataset,
    *,
    weights: Mapping[str, float] | None = None,
    weighting: str = "newman",
    oap_actors: bool = True,
) -> list[ActionLink]:
    """One row per action and other priority it is linked to, strongest first.

    An action is linked to a priority when it is declared towards it (score part 1), when some of its
    actors also work for that priority (part: weighted share of the action's actors), or when that
    priority has actions under the same goal (part 1). Parts are combined with ``weights`` as in
    :func:`synergy_table`, over the kinds measurable for the pair (declared always; actors when the
    action has actors and the priority some; goals when the priority has actions).

    Examples
    --------
    >>> from overlapgraph.model import OAP, Action, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b")], oaps=[OAP("A-2022", "A", "2022")],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1")], overlaps=[Overlap("A-2022", "1.1", "B")])
    >>> [(x.action, x.priority, x.score, x.reason) for x in action_links(ds)]
    [('A-2022/OA 1.1', 'B', 1.0, 'declared towards B')]
    """
    shares = {**DEFAULT_KIND_WEIGHTS, **(weights or {})}
    prio = ds.priority_of_oap()
    actor_sets = evidence_sets(ds, "actors", oap_actors=oap_actors)
    goal_sets = evidence_sets(ds, "goals")
    aw = item_weights(actor_sets, weighting)
    declared: dict[str, set[str]] = defaultdict(set)
    for ov in ds.overlaps:
        declared[ov.action_id].add(ov.target_priority)
    action_actors: dict[str, set[str]] = defaultdict(set)
    for pa in ds.participations:
        action_actors[pa.action_id].add(pa.actor)
    goal_label = {g.goal_id: g.label for g in ds.goals}
    out: list[ActionLink] = []
    for act in ds.actions:
        own = prio[act.oap_id]
        mine = action_actors.get(act.action_id, set())
        wm = math.fsum(aw.get(x, 1.0) for x in mine)
        for p in sorted(actor_sets):
            if p == own:
                continue
            is_decl = p in declared.get(act.action_id, ())
            shared = tuple(sorted(mine & actor_sets[p], key=natural_key))
            goal = act.goal_id if act.goal_id in goal_sets[p] else ""
            if not (is_decl or shared or goal):
                continue
            measurable = ["declared"]
            if mine and actor_sets[p]:
                measurable.append("actors")
            if goal_sets[p]:
                measurable.append("goals")
            total = math.fsum(shares.get(k, 0.0) for k in measurable)
            part = {
                "declared": float(is_decl),
                "actors": math.fsum(aw[x] for x in shared) / wm if wm > 0 else 0.0,
                "goals": float(bool(goal)),
            }
            score = (
                _clip(math.fsum(shares.get(k, 0.0) * part[k] for k in measurable) / total) if total else 0.0
            )
            why = [f"declared towards {p}"] if is_decl else []
            if shared:
                why.append(f"shared actors {', '.join(shared)}")
            if goal:
                why.append(f"{p} also has actions under {goal_label.get(goal, goal)}")
            out.append(ActionLink(act.action_id, own, p, score, is_decl, shared, goal, "; ".join(why)))
    out.sort(key=lambda x: (-round(x.score, 12), natural_key(x.action), x.priority))
    return out


def to_frame(rows: Iterable[Any]) -> pd.DataFrame:
    """The rows (anything with ``as_dict()``) as a pandas DataFrame; item lists joined with "; "."""
    import pandas as pd

    records = []
    for r in rows:
        d = r.as_dict()
        records.append(
            {k: "; ".join(map(str, v)) if isinstance(v, list | tuple) else v for k, v in d.items()}
        )
    return pd.DataFrame.from_records(records)


def filter_synergies(
    rows: Sequence[Synergy],
    *,
    min_score: float = 0.0,
    top: int | None = None,
    priority: str | None = None,
) -> list[Synergy]:
    """The rows scoring at least ``min_score`` that involve ``priority`` (if given), the first ``top``.

    Ranks are kept from the full table.

    >>> rows = [Synergy("A", "B", 0.9, {}, rank=1), Synergy("B", "C", 0.5, {}, rank=2),
    ...         Synergy("A", "C", 0.2, {}, rank=3)]
    >>> [(s.a, s.b) for s in filter_synergies(rows, min_score=0.3)]
    [('A', 'B'), ('B', 'C')]
    >>> [s.rank for s in filter_synergies(rows, priority="C", top=1)]
    [2]
    """
    out = [s for s in rows if s.score >= min_score and (priority is None or priority in (s.a, s.b))]
    return out if top is None else out[:top]
