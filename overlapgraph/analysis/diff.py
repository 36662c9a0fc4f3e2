"""Year-to-year change between two datasets, evidence first: synergies, reciprocity, actions, roles.

A synergy is reported as changed only when its evidence changed: actions declared or co-named, actors
or goals gained or lost (actions matched across the years by :func:`match_actions`), or its status
(reciprocated, one-sided, ...). The score of both sides, computed with the same options, is shown with
that evidence; a score that moved while the evidence stayed the same (the weights of other items moved)
is not a change of the pair, and a note counts such pairs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..model import Action, Dataset, natural_key
from ..reference import Successor
from .core import Analysis, AnalysisOptions, analyse
from .successors import through_successors
from .synergy import Synergy

__all__ = ["Change", "DatasetDiff", "diff_analyses", "diff_datasets", "match_actions"]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: what (``item``: synergy, action, actor, declaration), how, and on which key."""

    item: str  # synergy, reciprocity, action, roles, actor, declaration
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
    options: AnalysisOptions | None = None,
    options_b: AnalysisOptions | None = None,
    successor_table: Sequence[Successor] | None = None,
    successor_origin: str = "",
) -> DatasetDiff:
    """What changed from ``a`` (earlier) to ``b`` (later), each analysed once with the same options.

    When ``b`` is of a later EMPACT cycle than ``a`` (2026-2029 after 2022-2025), ``a`` is first put
    into ``b``'s priorities through the successor table
    (:func:`~overlapgraph.analysis.successors.through_successors`); the first note says which mapping
    was used. ``options_b`` (default: ``options``) may name another period for ``b``.
    """
    a2, translation = through_successors(a, b, successor_table, successor_origin)
    options = options or AnalysisOptions()
    options_b = options_b or options
    an_a, an_b = analyse(a2, options), analyse(b, options_b)
    # Scores compared with the same formula on both sides: over the kinds available in both datasets.
    common = tuple(k for k in an_a.kinds() if an_a.available.get(k) and an_b.available.get(k))
    scores: tuple[Analysis, Analysis] | None = None
    notes: list[str] = [translation.note()] if translation is not None else []
    one_side = [k for k in an_a.kinds() if bool(an_a.available.get(k)) != bool(an_b.available.get(k))]
    if common and one_side:  # a kind with data on one side only would move every score of that side
        scores = (analyse(a2, replace(options, by=common)), analyse(b, replace(options_b, by=common)))
        where = ", ".join(f"{k} (not available in {'A' if an_b.available.get(k) else 'B'})" for k in one_side)
        notes.append(
            f"scores compare the evidence both have ({', '.join(common)}); left out of them: {where}"
        )
    d = diff_analyses(an_a, an_b, scores=scores)
    return DatasetDiff(d.a, d.b, d.changes, (*notes, *d.notes))


def _items(s: Synergy | None, kind: str, to_a: Mapping[str, str] | None) -> set[str] | None:
    """A pair's items of ``kind``; with ``to_a`` (``b``'s side) actions named in ``a``'s numbering where
    matched, and marked new otherwise. None: the kind is not available."""
    if s is None:
        return set()
    e = s.evidence.get(kind)
    if e is None:
        return None
    if to_a is not None and kind in ("declared", "co_named"):
        return {to_a.get(x, f"{x} (new)") for x in e.items}
    return set(e.items)


def _short(action_id: str) -> str:
    oap, _, code = action_id.partition("/OA ")
    return f"{oap} OA {code}" if code else action_id


def _evidence_change(
    x: Synergy | None, y: Synergy | None, kinds: Sequence[str], to_a: Mapping[str, str]
) -> list[str]:
    """What the pair gained and lost, kind by kind; its status change."""
    parts: list[str] = []
    for k in kinds:
        ia, ib = _items(x, k, None), _items(y, k, to_a)
        if ia is None or ib is None:
            if (ia is None) != (ib is None) and (ia or ib):
                parts.append(f"{k}: {'not available in A' if ia is None else 'not available in B'}")
            continue
        gained, lost = sorted(ib - ia, key=natural_key), sorted(ia - ib, key=natural_key)
        bits = []
        if gained:
            bits.append(f"+{len(gained)} ({', '.join(_short(i) for i in gained)})")
        if lost:
            bits.append(f"-{len(lost)} ({', '.join(_short(i) for i in lost)})")
        if bits:
            parts.append(f"{k} {' '.join(bits)}")
    if x is not None and y is not None and x.status != y.status:
        parts.append(f"status {x.status} -> {y.status}")
    return parts


def diff_analyses(
    a: Analysis, b: Analysis, *, scores: tuple[Analysis, Analysis] | None = None, tolerance: float = 0.0
) -> DatasetDiff:
    """What changed from analysis ``a`` (earlier) to ``b`` (later), evidence first.

    ``scores`` are analyses of the same data whose scores are shown (by default ``a`` and ``b``):
    :func:`diff_datasets` gives analyses over the kinds available in both, so that both scores come
    from the same formula.

    Returns
    -------
    DatasetDiff
        ``synergy`` changes (added, removed, changed: the evidence gained and lost per kind, the status
        change, both scores), ``reciprocity`` changes (an OAP's declaration towards a priority that is
        now reciprocated, one-sided or unchecked), actions (matched by :func:`match_actions`: added,
        removed, renumbered, title or goal changed), ``roles`` (leaders, co-leaders and participants of
        matched actions), actors (by code) and declarations (action of a priority, in ``a``'s numbering,
        towards a target priority; actions new in ``b`` are marked "(new)").
    """
    da, db = a.dataset, b.dataset
    changes: list[Change] = []
    matched = match_actions(da, db)
    kinds = [k for k in a.kinds() if k in b.kinds()]
    sa = {(s.a, s.b): s for s in a.synergies}
    sb = {(s.a, s.b): s for s in b.synergies}
    score_a = {(s.a, s.b): s.score for s in (scores[0] if scores else a).synergies}
    score_b = {(s.a, s.b): s.score for s in (scores[1] if scores else b).synergies}
    drift = 0
    for pair in sorted(sa.keys() | sb.keys()):
        key = f"{pair[0]} - {pair[1]}"
        x, y = sa.get(pair), sb.get(pair)
        parts = _evidence_change(x, y, kinds, matched)
        before, after = round(score_a.get(pair, 0.0), 4), round(score_b.get(pair, 0.0), 4)
        if x is None and y is not None:
            changes.append(Change("synergy", "added", key, "; ".join(parts), None, after))
        elif y is None and x is not None:
            changes.append(Change("synergy", "removed", key, "; ".join(parts), before, None))
        elif x is not None and y is not None:
            if parts:
                detail = "; ".join(parts) + f"; score {before:.4f} -> {after:.4f}"
                changes.append(Change("synergy", "changed", key, detail, before, after))
            elif abs(before - after) > max(tolerance, 1e-9):
                drift += 1

    recip_a = {(d.priority, d.target): d.status for d in a.declarations}
    recip_b = {(d.priority, d.target): d.status for d in b.declarations}
    for rk in sorted(recip_a.keys() & recip_b.keys()):
        if recip_a[rk] != recip_b[rk]:
            changes.append(
                Change("reciprocity", "changed", f"{rk[0]} -> {rk[1]}", f"{recip_a[rk]} -> {recip_b[rk]}")
            )

    pa, pb = da.priority_of_oap(), db.priority_of_oap()
    act_a = {x.action_id: x for x in da.actions}
    act_b = {x.action_id: x for x in db.actions}
    ident_b = {x: matched.get(x, "") for x in act_b}  # b action -> a action ("" if new)

    def label_a(aid: str) -> str:
        x = act_a[aid]
        return f"{pa[x.oap_id]} OA {x.code}"

    def label_b(bid: str) -> str:
        x = act_b[bid]
        return f"{pb[x.oap_id]} OA {x.code}"

    roles_a: dict[str, set[tuple[str, str]]] = defaultdict(set)
    roles_b: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in da.participations:
        roles_a[r.action_id].add((str(r.role), r.actor))
    for r in db.participations:
        roles_b[r.action_id].add((str(r.role), r.actor))
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
        ra, rb = roles_a.get(aid, set()), roles_b.get(bid, set())
        if ra != rb and da.participations and db.participations:  # roles known on both sides
            bits = []
            for role in ("leader", "co_leader", "participant"):
                gained = sorted(actor for r, actor in rb - ra if r == role)
                lost = sorted(actor for r, actor in ra - rb if r == role)
                if gained or lost:
                    bits.append(f"{role} " + " ".join([*(f"+{g}" for g in gained), *(f"-{x}" for x in lost)]))
            changes.append(Change("roles", "changed", label_a(aid), "; ".join(bits)))
    kept = set(matched.values())
    for aid in sorted(act_a, key=natural_key):
        if aid not in kept:
            changes.append(Change("action", "removed", label_a(aid), act_a[aid].title))

    actors_a = {x.code: x.name for x in da.actors}
    actors_b = {x.code: x.name for x in db.actors}
    for code in sorted(actors_b.keys() - actors_a.keys()):
        changes.append(Change("actor", "added", code, actors_b[code]))
    for code in sorted(actors_a.keys() - actors_b.keys()):
        changes.append(Change("actor", "removed", code, actors_a[code]))

    def decl(ds_prio: Mapping[str, str], oap: str, code: str, target: str) -> str:
        return f"{ds_prio[oap]} OA {code} -> {target}"

    dec_a = {decl(pa, o.oap_id, o.action_code, o.target_priority) for o in da.overlaps}
    dec_b: set[str] = set()
    for o in db.overlaps:
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

    notes: list[str] = [*a.notes, *b.notes]
    if drift:
        notes.append(
            f"{drift} pairs have the same evidence in both but another score (the weights of other items "
            "moved): not reported as changed"
        )
    untitled = sum(1 for x in da.actions if not x.title.strip()) + sum(
        1 for x in db.actions if not x.title.strip()
    )
    if untitled:
        notes.append(
            f"{untitled} actions have no title, so they were matched on their code only: "
            "a renumbered untitled action shows as one removed and one added"
        )
    return DatasetDiff(da.name, db.name, tuple(changes), tuple(notes))
