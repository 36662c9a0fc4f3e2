"""Year-to-year change between two datasets: synergies, actions, actors and declarations."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Action, Dataset, natural_key
from ..reference import Successor
from .successors import through_successors
from .synergy import synergy_table

__all__ = ["Change", "DatasetDiff", "diff_datasets", "match_actions"]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: what (``item``: synergy, action, actor, declaration), how, and on which key."""

    item: str
    change: str  # "added", "removed", "changed", "renumbered"
    key: str
    detail: str = ""
    before: float | None = None  # synergy score in A
    after: float | None = None  # synergy score in B

    def as_dict(self) -> dict[str, object]:
        """A flat, JSON-ready dict."""
        return {
            "item": self.item,
            "change": self.change,
            "key": self.key,
            "detail": self.detail,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class DatasetDiff:
    """All changes from dataset ``a`` to dataset ``b``, grouped by item, each list sorted."""

    a: str
    b: str
    changes: tuple[Change, ...]
    notes: tuple[str, ...] = ()

    def of(self, item: str, change: str | None = None) -> list[Change]:
        """The changes of one item kind (and one change kind)."""
        return [c for c in self.changes if c.item == item and (change is None or c.change == change)]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "a": self.a,
            "b": self.b,
            "changes": [c.as_dict() for c in self.changes],
            "notes": list(self.notes),
        }


_SPACE = re.compile(r"\W+")


def _norm_title(t: str) -> str:
    return _SPACE.sub(" ", t.casefold()).strip()


def match_actions(a: Dataset, b: Dataset) -> dict[str, str]:
    """Match actions of ``b`` to actions of ``a`` of the same priority: map of b action id -> a action id.

    Actions are matched first on their title (case and punctuation ignored), when both have one and it
    is unique within the priority on both sides, so a renumbered action is still recognised; the rest
    are matched on their code.

    Examples
    --------
    >>> from overlapgraph.model import OAP, Action, Priority
    >>> p = [Priority("T", "t")]
    >>> a = Dataset(priorities=p, oaps=[OAP("T-2022", "T", "2022")], actions=[
    ...     Action("T-2022", "2.5", "CHSG-2", "Joint action days"), Action("T-2022", "1.1", "CHSG-1")])
    >>> b = Dataset(priorities=p, oaps=[OAP("T-2023", "T", "2023")], actions=[
    ...     Action("T-2023", "2.6", "CHSG-2", "Joint Action Days"), Action("T-2023", "1.1", "CHSG-1")])
    >>> sorted(match_actions(a, b).items())
    [('T-2023/OA 1.1', 'T-2022/OA 1.1'), ('T-2023/OA 2.6', 'T-2022/OA 2.5')]
    """
    pa, pb = a.priority_of_oap(), b.priority_of_oap()
    groups_a: dict[str, list[Action]] = defaultdict(list)
    groups_b: dict[str, list[Action]] = defaultdict(list)
    for act in a.actions:
        groups_a[pa[act.oap_id]].append(act)
    for act in b.actions:
        groups_b[pb[act.oap_id]].append(act)
    out: dict[str, str] = {}
    for prio, acts_b in groups_b.items():
        acts_a = groups_a.get(prio, [])
        left_a = {x.action_id: x for x in acts_a}
        left_b = {x.action_id: x for x in acts_b}
        titles_a = _unique_titles(acts_a)
        titles_b = _unique_titles(acts_b)
        for t, xb in sorted(titles_b.items()):
            xa = titles_a.get(t)
            if xa is not None:
                out[xb.action_id] = xa.action_id
                del left_a[xa.action_id], left_b[xb.action_id]
        by_code: dict[str, list[Action]] = defaultdict(list)
        for xa in sorted(left_a.values(), key=lambda x: (x.oap_id, natural_key(x.code))):
            by_code[xa.code].append(xa)
        for xb in sorted(left_b.values(), key=lambda x: (x.oap_id, natural_key(x.code))):
            if by_code.get(xb.code):
                out[xb.action_id] = by_code[xb.code].pop(0).action_id
    return out


def _unique_titles(acts: list[Action]) -> dict[str, Action]:
    seen: dict[str, list[Action]] = defaultdict(list)
    for x in acts:
        if x.title.strip():
            seen[_norm_title(x.title)].append(x)
    return {t: xs[0] for t, xs in seen.items() if len(xs) == 1}


def diff_datasets(
    a: Dataset,
    b: Dataset,
    *,
    tolerance: float = 0.005,
    successor_table: Sequence[Successor] | None = None,
    successor_origin: str = "",
    **synergy_options: Any,
) -> DatasetDiff:
    """What changed from ``a`` (earlier) to ``b`` (later).

    When ``b`` is of a later EMPACT cycle than ``a`` (2026-2029 after 2022-2025), ``a`` is first put
    into ``b``'s priorities through the successor table
    (:func:`~overlapgraph.analysis.successors.through_successors`); the first note says which mapping
    was used.

    Parameters
    ----------
    a, b : Dataset
    tolerance : float
        A synergy whose combined score moves by more than this is reported as changed.
    successor_table, successor_origin
        The successor table to use instead of the shipped one, and where it comes from.
    **synergy_options
        Passed to :func:`~overlapgraph.analysis.synergy.synergy_table` (``by``, ``weighting``, ...).

    Returns
    -------
    DatasetDiff
        Changes to synergies (by priority pair), actions (matched by :func:`match_actions`: added,
        removed, renumbered, title or goal changed), actors (by code) and declarations (action of a
        priority, in ``a``'s numbering, towards a target priority; actions new in ``b`` are marked
        "(new)").
    """
    a, translation = through_successors(a, b, successor_table, successor_origin)
    changes: list[Change] = []
    sa = {(s.a, s.b): s for s in synergy_table(a, **synergy_options)}
    sb = {(s.a, s.b): s for s in synergy_table(b, **synergy_options)}
    for pair in sorted(sa.keys() | sb.keys()):
        key = f"{pair[0]} - {pair[1]}"
        x, y = sa.get(pair), sb.get(pair)
        if x is None and y is not None:
            changes.append(Change("synergy", "added", key, y.reason, None, y.score))
        elif y is None and x is not None:
            changes.append(Change("synergy", "removed", key, x.reason, x.score, None))
        elif x is not None and y is not None and abs(x.score - y.score) > tolerance:
            changes.append(
                Change("synergy", "changed", key, f"{x.score:.3f} -> {y.score:.3f}", x.score, y.score)
            )

    matched = match_actions(a, b)
    pa, pb = a.priority_of_oap(), b.priority_of_oap()
    act_a = {x.action_id: x for x in a.actions}
    act_b = {x.action_id: x for x in b.actions}
    ident_b = {x: matched.get(x, "") for x in act_b}  # b action -> a action ("" if new)

    def label_a(aid: str) -> str:
        x = act_a[aid]
        return f"{pa[x.oap_id]} OA {x.code}"

    def label_b(bid: str) -> str:
        x = act_b[bid]
        return f"{pb[x.oap_id]} OA {x.code}"

    for bid in sorted(act_b, key=natural_key):
        aid = ident_b[bid]
        xb = act_b[bid]
        if not aid:
            changes.append(Change("action", "added", label_b(bid), xb.title))
            continue
        xa = act_a[aid]
        if xa.code != xb.code:
            changes.append(Change("action", "renumbered", label_a(aid), f"OA {xa.code} -> OA {xb.code}"))
        if xa.title and xb.title and _norm_title(xa.title) != _norm_title(xb.title):
            changes.append(Change("action", "changed", label_a(aid), f"title {xa.title!r} -> {xb.title!r}"))
        if xa.goal_id != xb.goal_id:
            changes.append(Change("action", "changed", label_a(aid), f"goal {xa.goal_id} -> {xb.goal_id}"))
    kept = set(matched.values())
    for aid in sorted(act_a, key=natural_key):
        if aid not in kept:
            changes.append(Change("action", "removed", label_a(aid), act_a[aid].title))

    actors_a = {x.code: x.name for x in a.actors}
    actors_b = {x.code: x.name for x in b.actors}
    for code in sorted(actors_b.keys() - actors_a.keys()):
        changes.append(Change("actor", "added", code, actors_b[code]))
    for code in sorted(actors_a.keys() - actors_b.keys()):
        changes.append(Change("actor", "removed", code, actors_a[code]))

    def decl(ds_prio: Mapping[str, str], oap: str, code: str, target: str) -> str:
        return f"{ds_prio[oap]} OA {code} -> {target}"

    dec_a = {decl(pa, o.oap_id, o.action_code, o.target_priority) for o in a.overlaps}
    dec_b: set[str] = set()
    for o in b.overlaps:
        aid = ident_b.get(o.action_id, "")
        dec_b.add(
            decl(pa, act_a[aid].oap_id, act_a[aid].code, o.target_priority)
            if aid
            # a new action may reuse the code of an old, renumbered one: keep their declarations apart
            else decl(pb, o.oap_id, f"{o.action_code} (new)", o.target_priority)
        )
    for k in sorted(dec_b - dec_a, key=natural_key):
        changes.append(Change("declaration", "added", k))
    for k in sorted(dec_a - dec_b, key=natural_key):
        changes.append(Change("declaration", "removed", k))

    notes: list[str] = [translation.note()] if translation is not None else []
    untitled = sum(1 for x in a.actions if not x.title.strip()) + sum(
        1 for x in b.actions if not x.title.strip()
    )
    if untitled:
        notes.append(
            f"{untitled} actions have no title, so they were matched on their code only: "
            "a renumbered untitled action shows as one removed and one added"
        )
    return DatasetDiff(a.name, b.name, tuple(changes), tuple(notes))
