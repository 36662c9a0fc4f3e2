"""Structure of the synergy network: communities, degree, k-cores and bridging priorities, actions, actors."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import cast

import networkx as nx

from ..forked import Pending
from ..model import Dataset, natural_key
from . import compiled
from .synergy import EvidenceCache, Synergy, evidence_sets, item_weights

__all__ = [
    "Bridge",
    "Structure",
    "bridge_graph",
    "priority_graph",
    "structure",
]


def priority_graph(ds: Dataset, synergies: Sequence[Synergy]) -> nx.Graph:
    """Priorities linked by their synergies: edge ``weight`` = score, ``distance`` = 1 / score.

    Every priority of ``ds`` is a node (isolated when it has no synergy); pairs scoring 0 get no edge.
    Nodes are added in an order set by their weighted degree, degree and edge weights, then code, so
    that order-following heuristics (Louvain) do not depend on input order, and on labels only for ties.

    Examples
    --------
    >>> from overlapgraph.model import Priority
    >>> ds = Dataset(priorities=[Priority("B", "b"), Priority("A", "a")])
    >>> G = priority_graph(ds, [Synergy("A", "B", 0.5, {})])
    >>> list(G.nodes), G["A"]["B"]["distance"]
    (['A', 'B'], 2.0)
    """
    nbrs: dict[str, list[tuple[str, float]]] = {p.code: [] for p in ds.priorities}
    for s in synergies:
        if s.score > 0:
            nbrs.setdefault(s.a, []).append((s.b, s.score))
            nbrs.setdefault(s.b, []).append((s.a, s.score))

    def signature(p: str) -> tuple[object, ...]:
        # structure first, the code last: heuristics that follow node order (Louvain) then depend on
        # labels only where nodes are structurally alike
        ws = sorted((round(w, 9) for _, w in nbrs[p]), reverse=True)
        return (-round(sum(ws), 9), -len(ws), [-w for w in ws], p)

    order = sorted(nbrs, key=signature)
    pos = {p: i for i, p in enumerate(order)}
    G = nx.Graph()
    G.add_nodes_from(order)
    for u in order:
        for v, w in sorted(nbrs[u], key=lambda x: pos[x[0]]):
            if pos[u] < pos[v]:
                G.add_edge(u, v, weight=w, distance=1.0 / w)
    return G


def bridge_graph(ds: Dataset, *, weighting: str = "idf", oap_actors: bool = True) -> nx.Graph:
    """Priorities, actions and actors: an action links to its priority and the priorities it is declared
    towards, an actor to its actions (and, with ``oap_actors``, to the priorities of its OAP roles).

    Nodes are ``"priority:X"``, ``"action:<id>"``, ``"actor:X"`` with a ``kind`` attribute. Each edge's
    ``weight`` is the item weight (:func:`~overlapgraph.analysis.synergy.item_weights`) of its action or
    actor and ``distance`` is ``1 / weight``, so under ``newman`` weighting paths through hubs are long.
    """
    prio = ds.priority_of_oap()
    dw = item_weights(evidence_sets(ds, "declared"), weighting)
    aw = item_weights(evidence_sets(ds, "actors", oap_actors=oap_actors), weighting)
    edges: set[tuple[str, str, float]] = set()
    for act in ds.actions:
        edges.add((f"action:{act.action_id}", f"priority:{prio[act.oap_id]}", dw[act.action_id]))
    for ov in ds.overlaps:
        edges.add((f"action:{ov.action_id}", f"priority:{ov.target_priority}", dw[ov.action_id]))
    for pa in ds.participations:
        edges.add((f"actor:{pa.actor}", f"action:{pa.action_id}", aw[pa.actor]))
    if oap_actors:
        for r in ds.oap_actors:
            edges.add((f"actor:{r.actor}", f"priority:{prio[r.oap_id]}", aw[r.actor]))
    G = nx.Graph()
    for u, v, w in sorted(edges):
        for n in (u, v):
            if n not in G:
                G.add_node(n, kind=n.partition(":")[0])
        G.add_edge(u, v, weight=w, distance=1.0 / w)
    return G


@dataclass(frozen=True, slots=True)
class Bridge:
    """An action or actor, the share of priority pairs whose shortest paths run through it, and the
    priorities it touches."""

    kind: str  # "action" or "actor"
    key: str
    betweenness: float
    priorities: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """A flat, JSON-ready dict."""
        return {
            "kind": self.kind,
            "key": self.key,
            "betweenness": self.betweenness,
            "priorities": list(self.priorities),
        }


@dataclass(frozen=True)
class Structure:
    """Communities, centralities and k-cores of the priority synergy graph, and the bridging items."""

    communities: tuple[tuple[str, ...], ...]
    degree: dict[str, int]
    strength: dict[str, float]  # sum of synergy scores
    core_number: dict[str, int]
    betweenness: dict[str, float]  # priorities, on distance = 1 / score
    bridges: tuple[Bridge, ...] = ()
    seed: int = 0
    modularity: float = 0.0  # of ``communities`` (singletons included) on the weighted priority graph
    notes: tuple[str, ...] = field(default=())

    def community_of(self) -> dict[str, int]:
        """Map of priority to the index of its community in ``communities``."""
        return {p: i for i, c in enumerate(self.communities) for p in c}

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {
            "communities": [list(c) for c in self.communities],
            "degree": self.degree,
            "strength": self.strength,
            "core_number": self.core_number,
            "betweenness": self.betweenness,
            "bridges": [b.as_dict() for b in self.bridges],
            "seed": self.seed,
            "modularity": self.modularity,
        }


def structure(
    ds: Dataset,
    synergies: Sequence[Synergy],
    *,
    seed: int = 42,
    weighting: str = "idf",
    oap_actors: bool = True,
    top: int = 10,
    cache: EvidenceCache | None = None,
    bridges: Callable[[], tuple[Bridge, ...]] | None = None,
) -> Structure:
    """Communities (best of 10 Louvain runs seeded from ``seed``), degree, strength, k-cores and
    betweenness of priorities, and the ``top`` bridging actions and actors.

    Priority betweenness is computed on the synergy graph with ``distance = 1 / score``, normalised to
    [0, 1]. Bridging items are ranked by their betweenness *between priorities* on :func:`bridge_graph`
    (``distance = 1 / item weight``): for each pair of priorities, the share of their shortest paths
    that runs through the item, summed and divided by the number of pairs (so in [0, 1]). It is exact
    and needs one shortest-path search per priority, not per node, so it scales to 1,000,000
    participations.

    Examples
    --------
    >>> from overlapgraph.model import Priority
    >>> ds = Dataset(priorities=[Priority(c, c) for c in "ABCD"])
    >>> syn = [Synergy("A", "B", 1.0, {}), Synergy("B", "C", 1.0, {}), Synergy("C", "D", 1.0, {})]
    >>> st = structure(ds, syn)
    >>> st.degree["B"], st.core_number["A"], round(st.betweenness["B"], 3)
    (2, 1, 0.667)
    """
    G = priority_graph(ds, synergies)
    found, modularity = _best_louvain(G, seed)
    communities = tuple(
        sorted(
            (tuple(sorted(c, key=natural_key)) for c in found if len(c) > 1),
            key=lambda c: (-len(c), natural_key(c[0])),
        )
    )
    if bridges is None:  # else started by the caller (bridges_later with the same arguments)
        bridges = bridges_later(ds, weighting=weighting, top=top, oap_actors=oap_actors, cache=cache)
    return Structure(
        communities=communities,
        degree=dict(G.degree()),
        strength={p: sum(w for _, _, w in G.edges(p, data="weight")) for p in G},
        core_number=compiled.core_number(G),
        betweenness=compiled.betweenness(G, weight="distance", normalized=True),
        bridges=bridges(),
        seed=seed,
        modularity=modularity,
    )


#: Louvain runs (seeds ``seed`` .. ``seed + LOUVAIN_RUNS - 1``) of which the best partition is kept.
LOUVAIN_RUNS = 10


def _best_louvain(G: nx.Graph, seed: int) -> tuple[list[set[str]], float]:
    """The partition of highest modularity over ``LOUVAIN_RUNS`` seeded Louvain runs (first one on ties).

    One run is a heuristic whose result can follow node order; the best of several almost always reaches
    the optimum on graphs of a few dozen priorities, which makes the result independent of labels and
    row order whenever the best partition is unique.
    """
    if not G.number_of_edges():
        return [], 0.0
    best: tuple[float, list[set[str]]] | None = None
    for s in range(seed, seed + LOUVAIN_RUNS):
        parts = compiled.louvain_communities(G, weight="weight", seed=s)
        q = round(compiled.modularity(G, parts, weight="weight"), 9)
        if best is None or q > best[0]:
            best = (q, parts)
    assert best is not None
    return best[1], best[0]


def bridges_later(
    ds: Dataset,
    *,
    weighting: str,
    top: int,
    cache: EvidenceCache | None = None,
    oap_actors: bool = True,
) -> Pending[tuple[Bridge, ...]]:
    """Start computing the ``top`` bridging actions and actors; the :class:`~overlapgraph.forked.Pending`
    returned waits for them when called.

    They are the betweenness between priorities on :func:`bridge_graph`, computed on the same graph
    made straight in igraph from the tables (integer vertices, no networkx graph of a million edges),
    and the priorities each touches. The betweenness (seconds at a million participations) runs in a
    child process while the caller goes on (:func:`~overlapgraph.analysis.compiled.subset_betweenness_later`:
    :func:`~overlapgraph.analysis.analyse` computes the synergy table and reciprocity meanwhile).
    """
    import heapq

    prio = ds.priority_of_oap()
    cache = EvidenceCache.of(ds, oap_actors, cache)
    dw = cache.weights("declared", weighting)
    aw = cache.weights("actors", weighting)
    # vertices: priorities, then actions, then actors (each in the order of its table)
    codes = list(dict.fromkeys([p.code for p in ds.priorities]))
    p_index = {c: i for i, c in enumerate(codes)}
    aids = [a.action_id for a in ds.actions]
    action_ids = list(dict.fromkeys(aids))
    a_index = {a: len(codes) + i for i, a in enumerate(action_ids)}
    parts = ds.participations
    actor_of = [pa.actor for pa in parts]
    actor_codes = list(dict.fromkeys(actor_of + [r.actor for r in ds.oap_actors]))
    r_index = {c: len(codes) + len(action_ids) + i for i, c in enumerate(actor_codes)}
    extra: list[str] = []  # actions named by overlaps or participations only (not in a valid dataset)

    def action_vertex(aid: str) -> int:
        n = a_index.get(aid)
        if n is None:
            n = a_index[aid] = len(codes) + len(action_ids) + len(actor_codes) + len(extra)
            extra.append(aid)
        return n

    # The edges as columns of vertices, made by map and zip (C loops over a million participations);
    # what each vertex reaches is found for the top ones only, in finish().
    least: dict[tuple[int, int], float] = {}  # undirected edge (u < v) -> its weight (one per pair)
    own_p = list(map(p_index.__getitem__, map(prio.__getitem__, [a.oap_id for a in ds.actions])))
    own_n = list(map(a_index.__getitem__, aids))
    least.update(zip(zip(own_p, own_n, strict=True), map(dw.__getitem__, aids), strict=True))
    ov_aids = [ov.action_id for ov in ds.overlaps]
    ov_p = list(map(p_index.__getitem__, [ov.target_priority for ov in ds.overlaps]))
    ov_n = list(map(action_vertex, ov_aids))
    least.update(zip(zip(ov_p, ov_n, strict=True), map(dw.__getitem__, ov_aids), strict=True))
    linked = set(own_p) | set(ov_p)  # priorities with a link
    del aids, ov_aids
    by_code = {(act.oap_id, act.code): a_index[act.action_id] for act in ds.actions}  # no f-string a row
    # a million participations as columns of vertices, their edges made by map and zip (no Python loop)
    found = list(
        map(by_code.get, zip([pa.oap_id for pa in parts], [pa.action_code for pa in parts], strict=True))
    )
    if None in found:
        found = [n if n is not None else action_vertex(parts[i].action_id) for i, n in enumerate(found)]
    n_of = cast(list[int], found)
    r_of = list(map(r_index.__getitem__, actor_of))
    ends_of = zip(map(min, n_of, r_of), map(max, n_of, r_of), strict=True)
    least.update(zip(ends_of, map(aw.__getitem__, actor_of), strict=True))
    del actor_of, found
    actor_p: list[tuple[int, int]] = []  # (priority, actor vertex) of the OAP roles
    if oap_actors:
        for r in ds.oap_actors:
            a, p = r_index[r.actor], p_index[prio[r.oap_id]]
            least[(p, a)] = aw[r.actor]
            actor_p.append((p, a))
            linked.add(p)
    if not least:
        return Pending(lambda: ())
    if not all(map((0.0).__lt__, least.values())):  # NaN too
        bad = next(w for w in least.values() if not w > 0)
        raise ValueError(f"item weight must be positive, not {bad!r}")
    distances = [1.0 / w for w in least.values()]
    n_vertices = len(codes) + len(action_ids) + len(actor_codes) + len(extra)
    g = compiled.new_graph(n_vertices, list(least))
    del least
    # the priorities that have a link (as bridge_graph makes only those)
    ends = sorted(linked)
    pending = compiled.subset_betweenness_later(g, distances, ends)
    del g, distances

    def finish() -> tuple[Bridge, ...]:
        values = pending()
        pairs = len(ends) * (len(ends) - 1) / 2
        keys = [("action", a) for a in action_ids] + [("actor", c) for c in actor_codes]
        keys += [("action", a) for a in extra]
        found = [
            (kind, key, min(1.0, values[i] / pairs), i)
            for i, (kind, key) in enumerate(keys, start=len(codes))
            if values[i] > 0
        ]
        # the top ones by value (all those tied with the last), then ordered in full: few natural keys
        floor = min(heapq.nlargest(top, (b[2] for b in found)), default=0.0)
        found = [b for b in found if b[2] >= floor]
        best = sorted(found, key=lambda b: (-b[2], b[0], natural_key(b[1])))[:top]
        tops = {i for kind, _, _, i in best if kind == "actor"}
        actions_of: dict[int, set[int]] = defaultdict(set)  # of the top actors only
        for a, n in zip(r_of, n_of, strict=True):
            if a in tops:
                actions_of[a].add(n)
        needed = {i for *_, i in best} | {n for ns in actions_of.values() for n in ns}
        reach: dict[int, set[str]] = defaultdict(set)  # vertex -> the priorities next to it
        for p, n in chain(zip(own_p, own_n, strict=True), zip(ov_p, ov_n, strict=True), actor_p):
            if n in needed:
                reach[n].add(codes[p])
        out = []
        for kind, item, value, i in best:
            touched = set(reach.get(i, ()))
            for n in actions_of.get(i, ()):
                touched |= reach[n]
            out.append(Bridge(kind, item, value, tuple(sorted(touched, key=natural_key))))
        return tuple(out)

    return Pending(finish, pending.cancel)


def _reached_priorities(B: nx.Graph, n: str) -> tuple[str, ...]:
    """Priorities next to ``n``, or next to its neighbouring actions (for an actor)."""
    out: set[str] = set()
    for m in B[n]:
        if m.startswith("priority:"):
            out.add(m.partition(":")[2])
        elif m.startswith("action:"):
            out.update(x.partition(":")[2] for x in B[m] if x.startswith("priority:"))
    return tuple(sorted(out, key=natural_key))
