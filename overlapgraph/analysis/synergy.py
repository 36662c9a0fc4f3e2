"""Synergies between priorities by evidence (declared overlaps, shared actors, shared goals), explained.

Each priority gets one *evidence set* per kind:

``declared``
    its own actions plus the actions other OAPs declare towards it (two priorities share an action when
    it belongs to one and is declared towards the other, or when one OAP declares it towards both);
``actors``
    the actors that lead, co-lead or take part in its own actions, plus (by default) the actors with an
    OAP-level role on its OAPs (driver, co-driver, relevant actor, partner);
``goals``
    the strategic goals its own actions serve.

Pairs of priorities are compared with *weighted* set measures, where each evidence item has a weight
that damps hubs (an actor present everywhere, such as Europol): see :func:`item_weights`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any, Literal

from ..model import Dataset, natural_key

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_KIND_WEIGHTS",
    "EVIDENCE_KINDS",
    "METRICS",
    "WEIGHTINGS",
    "ActionLink",
    "Evidence",
    "Synergy",
    "action_links",
    "evidence_sets",
    "filter_synergies",
    "item_weights",
    "set_similarity",
    "synergy_table",
    "to_frame",
]

EvidenceKind = Literal["declared", "actors", "goals"]
Weighting = Literal["idf", "newman", "none"]
Metric = Literal["jaccard", "overlap", "cosine"]

#: The kinds of evidence, in the order they are reported.
EVIDENCE_KINDS: tuple[EvidenceKind, ...] = ("declared", "actors", "goals")
#: Hub-damping schemes for evidence items (see :func:`item_weights`); the first is the default.
WEIGHTINGS: tuple[Weighting, ...] = ("idf", "newman", "none")
#: Similarity measures a combined score can use; the first is the default.
METRICS: tuple[Metric, ...] = ("jaccard", "cosine", "overlap")
#: Default share of each evidence kind in the combined score.
DEFAULT_KIND_WEIGHTS: Mapping[str, float] = {"declared": 0.5, "actors": 0.3, "goals": 0.2}

_REASON_ITEMS = 12  # longest list of actors or goals spelled out in a reason
_REASON_ACTIONS = 20  # longest list of action codes spelled out per declaring OAP


def _codes(codes: list[str]) -> str:
    """Action codes joined, the list cut after ``_REASON_ACTIONS`` with a count of the rest."""
    more = f" (+{len(codes) - _REASON_ACTIONS} more)" if len(codes) > _REASON_ACTIONS else ""
    return ", ".join(codes[:_REASON_ACTIONS]) + more


def evidence_sets(ds: Dataset, kind: str, *, oap_actors: bool = True) -> dict[str, frozenset[str]]:
    """For each priority of ``ds``, the set of evidence items of ``kind`` (empty sets included).

    Items are action ids (``declared``), actor codes (``actors``) or goal ids (``goals``).

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
    if kind == "declared":
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


def item_weights(sets: Mapping[str, Iterable[str]], weighting: str = "idf") -> dict[str, float]:
    """The weight of every item, from the number of priorities ``df`` whose set holds it.

    ``idf``
        ``1 + ln((1 + N) / (1 + df))`` with ``N`` the number of non-empty sets (smoothed inverse
        document frequency): an item in every set weighs 1, a rare item up to ``1 + ln((1 + N) / 2)``.
    ``newman``
        ``1 / (df - 1)`` (Newman 2001, collaboration networks): an item shared by ``df`` priorities adds
        ``1 / (df - 1)`` to each of their pairs, so its total contribution to each priority is 1.
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


def set_similarity(
    a: Iterable[str], b: Iterable[str], weights: Mapping[str, float] | None = None
) -> Evidence:
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
    return Evidence(
        kind="",
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
class Evidence:
    """What two priorities share of one kind of evidence, with its similarity scores.

    ``shared`` holds the items themselves (action ids, actor codes or goal ids), naturally sorted;
    ``weighted`` is the sum of their weights; ``size_a``/``size_b`` are the sizes of the two sets.
    """

    kind: str
    shared: tuple[str, ...]
    size_a: int
    size_b: int
    weighted: float
    jaccard: float
    overlap: float
    cosine: float

    @property
    def count(self) -> int:
        """Number of shared items."""
        return len(self.shared)

    def score(self, metric: str = "jaccard") -> float:
        """The similarity named ``metric`` (``jaccard``, ``cosine`` or ``overlap``)."""
        if metric not in METRICS:
            raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")
        value: float = getattr(self, metric)
        return value


@dataclass(frozen=True, slots=True)
class Synergy:
    """One priority pair (``a < b``) of a synergy table: combined score, evidence and a readable reason."""

    a: str
    b: str
    score: float
    evidence: Mapping[str, Evidence] = field(compare=True)
    reason: str = ""
    rank: int = 0

    def count(self, kind: str) -> int:
        """Number of shared items of ``kind`` (0 when that kind was not computed)."""
        e = self.evidence.get(kind)
        return e.count if e else 0

    def as_dict(self) -> dict[str, object]:
        """A flat, JSON-ready dict: rank, pair, score, reason, then per kind its counts, scores, items."""
        row: dict[str, object] = {
            "rank": self.rank,
            "priority_a": self.a,
            "priority_b": self.b,
            "score": self.score,
            "reason": self.reason,
        }
        for kind, e in self.evidence.items():
            row[f"{kind}_count"] = e.count
            row[f"{kind}_weighted"] = e.weighted
            row[f"{kind}_jaccard"] = e.jaccard
            row[f"{kind}_overlap"] = e.overlap
            row[f"{kind}_cosine"] = e.cosine
            row[f"{kind}_items"] = list(e.shared)
        return row


def _kinds(by: str | Sequence[str]) -> tuple[str, ...]:
    kinds = EVIDENCE_KINDS if by == "all" else (by,) if isinstance(by, str) else tuple(by)
    for k in kinds:
        if k not in EVIDENCE_KINDS:
            raise ValueError(f"unknown evidence kind {k!r}; expected one of {', '.join(EVIDENCE_KINDS)}, all")
    if not kinds:
        raise ValueError("no evidence kind given")
    return tuple(k for k in EVIDENCE_KINDS if k in kinds)


def _shared_pairs(sets: Mapping[str, frozenset[str]]) -> set[tuple[str, str]]:
    """Pairs of priorities (sorted) whose sets share at least one item, via an inverted index."""
    holders: dict[str, list[str]] = defaultdict(list)
    for p, items in sets.items():
        for i in items:
            holders[i].append(p)
    pairs: set[tuple[str, str]] = set()
    for ps in holders.values():
        if len(ps) > 1:
            pairs.update(combinations(sorted(ps), 2))
    return pairs


def synergy_table(
    ds: Dataset,
    by: str | Sequence[str] = "all",
    *,
    weights: Mapping[str, float] | None = None,
    weighting: str = "idf",
    metric: str = "jaccard",
    oap_actors: bool = True,
) -> list[Synergy]:
    """Every pair of priorities that share some evidence, with a combined score, ranked.

    Parameters
    ----------
    ds : Dataset
    by : "all", an evidence kind, or a sequence of kinds
        Which evidence to use (``declared``, ``actors``, ``goals``).
    weights : mapping of kind to float, optional
        Share of each kind in the combined score; kinds not named keep their default
        (:data:`DEFAULT_KIND_WEIGHTS`: declared 0.5, actors 0.3, goals 0.2).
    weighting : "idf", "newman" or "none"
        How evidence items are weighted to damp hubs (:func:`item_weights`).
    metric : "jaccard", "cosine" or "overlap"
        The per-kind similarity that enters the combined score.
    oap_actors : bool
        Count OAP-level roles (driver, co-driver, relevant actor, partner) as actor evidence.

    Returns
    -------
    list of Synergy
        Ranked by score, then number of shared items, then codes; ``rank`` starts at 1.

    Notes
    -----
    The combined score is ``sum(w_k * s_k) / sum(w_k)`` over the kinds that are *measurable* for the
    pair, i.e. for which both priorities have a non-empty evidence set: missing data (no participations
    or no OAP loaded for a priority) is not counted as evidence of no overlap, so it neither lowers nor
    raises a score. ``s_k`` is ``metric`` on the ``weighting``-weighted sets, 0 when the pair shares
    nothing of kind k although both have some.

    Examples
    --------
    >>> from overlapgraph.model import OAP, Action, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b")], oaps=[OAP("A-2022", "A", "2022")],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1"), Action("A-2022", "1.2", "CHSG-1")],
    ...     overlaps=[Overlap("A-2022", "1.1", "B")])
    >>> [(s.a, s.b, s.evidence["declared"].count, s.evidence["declared"].jaccard)
    ...  for s in synergy_table(ds, "declared", weighting="none")]
    [('A', 'B', 1, 0.5)]
    >>> synergy_table(ds, "declared")[0].reason
    'A-2022 declares OA 1.1 towards B'
    """
    kinds = _kinds(by)
    shares = {**DEFAULT_KIND_WEIGHTS, **(weights or {})}
    for k in kinds:
        if shares.get(k, 0.0) < 0:
            raise ValueError(f"weight of {k!r} must not be negative")
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")
    sets = {k: evidence_sets(ds, k, oap_actors=oap_actors) for k in kinds}
    wts = {k: item_weights(sets[k], weighting) for k in kinds}
    pairs: set[tuple[str, str]] = set()
    for k in kinds:
        pairs |= _shared_pairs(sets[k])
    labels = _Labels(ds)
    out: list[Synergy] = []
    for a, b in pairs:
        ev: dict[str, Evidence] = {}
        for k in kinds:
            e = set_similarity(sets[k][a], sets[k][b], wts[k])
            ev[k] = Evidence(k, e.shared, e.size_a, e.size_b, e.weighted, e.jaccard, e.overlap, e.cosine)
        measurable = [k for k in kinds if sets[k][a] and sets[k][b]]
        total = math.fsum(shares.get(k, 0.0) for k in measurable)
        score = (
            _clip(math.fsum(shares.get(k, 0.0) * ev[k].score(metric) for k in measurable) / total)
            if total > 0
            else 0.0
        )
        out.append(Synergy(a, b, score, ev, labels.reason(a, b, ev, wts)))
    out.sort(key=lambda s: (-round(s.score, 12), -sum(e.count for e in s.evidence.values()), s.a, s.b))
    return [Synergy(s.a, s.b, s.score, s.evidence, s.reason, rank) for rank, s in enumerate(out, start=1)]


class _Labels:
    """Readable names for evidence items, for reasons."""

    def __init__(self, ds: Dataset) -> None:
        self.prio = ds.priority_of_oap()
        self.action = {a.action_id: a for a in ds.actions}
        self.goal = {g.goal_id: g.label for g in ds.goals}

    def _declared(self, a: str, b: str, shared: tuple[str, ...]) -> list[str]:
        own: dict[tuple[str, str], list[str]] = defaultdict(list)  # (oap, towards) -> codes
        both: dict[str, list[str]] = defaultdict(list)  # oap -> codes naming both as targets
        for x in shared:
            act = self.action.get(x)
            oap, _, code = x.partition("/OA ")
            owner = self.prio.get(oap, "")
            if act is not None and owner in (a, b):
                own[(oap, b if owner == a else a)].append(code)
            else:
                both[oap].append(code)
        parts = [
            f"{oap} declares OA {_codes(codes)} towards {to}" for (oap, to), codes in sorted(own.items())
        ]
        parts += [f"both named by {oap} OA {_codes(codes)}" for oap, codes in sorted(both.items())]
        return parts

    def reason(
        self, a: str, b: str, ev: Mapping[str, Evidence], wts: Mapping[str, Mapping[str, float]]
    ) -> str:
        parts: list[str] = []
        for kind, e in ev.items():
            if not e.shared:
                continue
            if kind == "declared":
                parts += self._declared(a, b, e.shared)
                continue
            # heaviest (least hub-like) items first, so the telling ones are read first
            items = sorted(e.shared, key=lambda x: (-wts[kind][x], natural_key(x)))
            names = [self.goal.get(x, x) for x in items] if kind == "goals" else items
            more = f" (+{len(names) - _REASON_ITEMS} more)" if len(names) > _REASON_ITEMS else ""
            head = "shared actors" if kind == "actors" else "same goals"
            parts.append(f"{head} {', '.join(names[:_REASON_ITEMS])}{more}")
        return "; ".join(parts)


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
    weighting: str = "idf",
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
