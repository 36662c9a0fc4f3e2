"""Properties of the synergy analysis on random small datasets (hypothesis)."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from networkx.algorithms import bipartite

from overlapgraph.analysis import (
    METRICS,
    WEIGHTINGS,
    item_weights,
    reciprocity,
    set_similarity,
    structure,
    synergy_table,
    weighted_projection,
)
from overlapgraph.model import (
    OAP,
    Action,
    ActionRole,
    Actor,
    ActorKind,
    Dataset,
    Overlap,
    Participation,
    Priority,
)

CODES = ["P0", "P1", "P2", "P3", "P4"]
ACTORS = ["A0", "A1", "A2", "A3", "A4", "A5"]


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    n = draw(st.integers(2, len(CODES)))
    prios = CODES[:n]
    with_oap = draw(st.lists(st.sampled_from(prios), min_size=1, unique=True))
    ds = Dataset(
        priorities=[Priority(p, p) for p in prios],
        actors=[Actor(a, a, ActorKind.MEMBER_STATE) for a in ACTORS],
        oaps=[OAP(f"{p}-2022", p, "2022") for p in with_oap],
    )
    for p in with_oap:
        codes = draw(st.lists(st.sampled_from(["1.1", "1.2", "2.1", "3.1", "8.1"]), unique=True, max_size=4))
        for c in codes:
            ds.actions.append(Action(f"{p}-2022", c, f"CHSG-{c[0]}"))
            for a in draw(st.lists(st.sampled_from(ACTORS), unique=True, max_size=3)):
                ds.participations.append(Participation(f"{p}-2022", c, a, ActionRole.PARTICIPANT))
            for t in draw(st.lists(st.sampled_from([q for q in prios if q != p]), unique=True, max_size=2)):
                ds.overlaps.append(Overlap(f"{p}-2022", c, t))
    return ds


def _clone(ds: Dataset) -> Dataset:
    out = Dataset(name=ds.name)
    for table, rows in ds.records():
        setattr(out, table, list(rows))
    return out


def _scores(ds: Dataset, weighting: str = "idf") -> dict[frozenset[str], float]:
    return {frozenset((s.a, s.b)): s.score for s in synergy_table(ds, weighting=weighting)}


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(datasets(), st.sampled_from(WEIGHTINGS), st.sampled_from(METRICS))
def test_scores_in_unit_interval_and_ranked(ds: Dataset, weighting: str, metric: str) -> None:
    table = synergy_table(ds, weighting=weighting, metric=metric)
    for s in table:
        assert 0.0 <= s.score <= 1.0
        assert s.a < s.b
        for e in s.evidence.values():
            assert e is None or (0.0 <= e.jaccard <= 1.0 and 0.0 <= e.weighted <= 1.0)
        d, c = s.evidence["declared"], s.evidence["co_named"]
        if d is not None and c is not None:  # the two split one set of shared actions
            assert d.jaccard + c.jaccard <= 1.0 + 1e-12 and not set(d.items) & set(c.items)
    assert [s.rank for s in table] == list(range(1, len(table) + 1))
    assert [s.score for s in table] == sorted((s.score for s in table), reverse=True)


@SETTINGS
@given(
    st.sets(st.sampled_from(ACTORS)),
    st.sets(st.sampled_from(ACTORS)),
    st.dictionaries(st.sampled_from(ACTORS), st.floats(0.01, 10), min_size=len(ACTORS)),
)
def test_set_similarity_symmetric_and_self_one(a: set[str], b: set[str], w: dict[str, float]) -> None:
    ab, ba = set_similarity(a, b, w), set_similarity(b, a, w)
    assert (ab.jaccard, ab.overlap, ab.cosine, ab.shared) == (ba.jaccard, ba.overlap, ba.cosine, ba.shared)
    assert (ab.size_a, ab.size_b) == (ba.size_b, ba.size_a)
    if a:
        self_ = set_similarity(a, a, w)
        assert (self_.jaccard, self_.overlap) == (1.0, 1.0)
        assert self_.cosine == pytest.approx(1.0)
    else:
        assert set_similarity(a, a, w).jaccard == 0.0  # undefined for an empty set: reported as 0


@SETTINGS
@given(datasets())
def test_weights_are_positive(ds: Dataset) -> None:
    sets = {p.code: {a.action_id for a in ds.actions} for p in ds.priorities}
    for weighting in WEIGHTINGS:
        assert all(w > 0 for w in item_weights(sets, weighting).values())


@SETTINGS
@given(datasets(), st.randoms(use_true_random=False))
def test_invariant_under_row_order(ds: Dataset, rnd: random.Random) -> None:
    shuffled = _clone(ds)
    for _t, rows in shuffled.records():
        rnd.shuffle(rows)
    assert _scores(shuffled) == pytest.approx(_scores(ds))
    assert [(s.a, s.b, s.evidence, s.status) for s in synergy_table(shuffled)] == [
        (s.a, s.b, s.evidence, s.status) for s in synergy_table(ds)
    ]
    assert sorted(reciprocity(shuffled), key=repr) == sorted(reciprocity(ds), key=repr)
    assert (
        structure(shuffled, synergy_table(shuffled)).communities
        == structure(ds, synergy_table(ds)).communities
    )


@SETTINGS
@given(datasets(), st.permutations(CODES), st.permutations(ACTORS))
def test_invariant_under_relabelling(ds: Dataset, new_codes: list[str], new_actors: list[str]) -> None:
    pmap = {old: f"Q{new[1:]}" for old, new in zip(CODES, new_codes, strict=True)}
    amap = {old: f"B{new[1:]}" for old, new in zip(ACTORS, new_actors, strict=True)}

    def oap(o: str) -> str:
        return f"{pmap[o.split('-')[0]]}-2022"

    ren = Dataset(
        priorities=[Priority(pmap[p.code], p.name) for p in ds.priorities],
        actors=[Actor(amap[a.code], a.name, a.kind) for a in ds.actors],
        oaps=[OAP(oap(o.oap_id), pmap[o.priority], o.period) for o in ds.oaps],
        actions=[Action(oap(a.oap_id), a.code, a.goal_id) for a in ds.actions],
        participations=[
            Participation(oap(x.oap_id), x.action_code, amap[x.actor], x.role) for x in ds.participations
        ],
        overlaps=[Overlap(oap(x.oap_id), x.action_code, pmap[x.target_priority]) for x in ds.overlaps],
    )
    for weighting in WEIGHTINGS:
        want = {frozenset(pmap[p] for p in pair): v for pair, v in _scores(ds, weighting=weighting).items()}
        assert _scores(ren, weighting=weighting) == pytest.approx(want)
    # the best partition found is equally good; it is the same one unless several are equally good
    st_a, st_b = structure(ds, synergy_table(ds)), structure(ren, synergy_table(ren))
    assert st_b.modularity == pytest.approx(st_a.modularity)
    assert sorted(map(len, st_b.communities)) == sorted(map(len, st_a.communities))


@SETTINGS
@given(datasets())
def test_priority_with_itself_scores_one(ds: Dataset) -> None:
    """ZZ, given a copy of another priority's OAP, scores 1 with it on actors and on goals."""
    src = ds.oaps[0].priority
    copy = _clone(ds)
    copy.priorities.append(Priority("ZZ", "copy"))
    copy.oaps.append(OAP("ZZ-2022", "ZZ", "2022"))
    copy.actions += [Action("ZZ-2022", a.code, a.goal_id) for a in ds.actions if a.oap_id == f"{src}-2022"]
    copy.participations += [
        Participation("ZZ-2022", x.action_code, x.actor, x.role)
        for x in ds.participations
        if x.oap_id == f"{src}-2022"
    ]
    pair = frozenset((src, "ZZ"))
    for kind, present in (
        ("actors", copy.participations[len(ds.participations) :]),
        ("goals", copy.actions[len(ds.actions) :]),
    ):
        for weighting in WEIGHTINGS:
            got = {frozenset((s.a, s.b)): s.score for s in synergy_table(copy, kind, weighting=weighting)}
            if present:
                assert got[pair] == pytest.approx(1.0)
            else:
                assert pair not in got


@SETTINGS
@given(st.sets(st.tuples(st.integers(0, 30), st.integers(0, 8)), max_size=80))
def test_projection_equals_networkx(links: set[tuple[int, int]]) -> None:
    pairs = sorted((f"x{a}", f"y{b}") for a, b in links)
    if not pairs:  # networkx refuses an empty graph
        assert len(weighted_projection(pairs)) == 0
        return
    B = nx.Graph(pairs)
    ys = sorted({y for _, y in pairs})
    want = {
        frozenset((u, v)): w for u, v, w in bipartite.weighted_projected_graph(B, ys).edges(data="weight")
    }
    assert {frozenset((u, v)): w for u, v, w in weighted_projection(pairs).edges()} == want


@SETTINGS
@given(datasets(), st.integers(1, 3), st.booleans())
def test_an_unrelated_oap_changes_nothing_between_others(ds: Dataset, n_actions: int, declares: bool) -> None:
    """Adding an OAP that shares nothing with A and B leaves A - B's evidence as it was, and diff says so."""
    from overlapgraph.analysis import AnalysisOptions, diff_datasets

    before = {(s.a, s.b): s for s in synergy_table(ds)}
    plus = _clone(ds)
    plus.priorities += [Priority("ZNEW", "new"), Priority("ZOTHER", "other")]
    plus.actors += [Actor("Z0", "Z0", ActorKind.MEMBER_STATE), Actor("Z1", "Z1", ActorKind.MEMBER_STATE)]
    plus.oaps.append(OAP("ZNEW-2022", "ZNEW", "2022"))
    for i in range(1, n_actions + 1):
        plus.actions.append(Action("ZNEW-2022", f"6.{i}", "CHSG-6"))  # a goal no generated action serves
        plus.participations.append(Participation("ZNEW-2022", f"6.{i}", f"Z{i % 2}", ActionRole.LEADER))
        if declares:
            plus.overlaps.append(Overlap("ZNEW-2022", f"6.{i}", "ZOTHER"))
    after = {(s.a, s.b): s for s in synergy_table(plus)}
    for pair, x in before.items():
        y = after[pair]
        for kind, e in x.evidence.items():
            if e is not None:  # a kind available before stays available, with the same evidence
                assert y.evidence[kind] == e, (pair, kind)
        assert (y.declared_a_to_b, y.declared_b_to_a, y.status) == (
            x.declared_a_to_b,
            x.declared_b_to_a,
            x.status,
        )
    d = diff_datasets(ds, plus, options=AnalysisOptions())
    changed = {c.key for c in d.of("synergy")}
    assert not changed & {f"{a} - {b}" for a, b in before}
