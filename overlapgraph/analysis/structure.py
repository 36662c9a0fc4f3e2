"""Structure of the synergy network: communities, degree, k-cores and bridging priorities, actions, actors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx

from ..model import Dataset, natural_key
from .synergy import Synergy, evidence_sets, item_weights

__all__ = [
    "EXACT_BETWEENNESS_LIMIT",
    "Bridge",
    "Structure",
    "bridge_graph",
    "priority_graph",
    "structure",
]

#: Bridge graphs with more nodes than this get betweenness estimated from sampled sources (seeded).
EXACT_BETWEENNESS_LIMIT = 5000


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
    """An action or actor with its betweenness in the bridge graph and the priorities it touches."""

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
    approximate: bool = False  # bridge betweenness estimated from sampled sources
    seed: int = 0
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
            "approximate": self.approximate,
            "seed": self.seed,
        }


def structure(
    ds: Dataset,
    synergies: Sequence[Synergy],
    *,
    seed: int = 42,
    weighting: str = "idf",
    oap_actors: bool = True,
    top: int = 10,
    bridge_samples: int = 32,
) -> Structure:
    """Communities (Louvain, fixed ``seed``), degree, strength, k-cores and betweenness of priorities,
    and the ``top`` bridging actions and actors.

    Priority betweenness is computed on the synergy graph with ``distance = 1 / score``; bridging items on
    :func:`bridge_graph` with ``distance = 1 / item weight``. Both are normalised to [0, 1]. Above
    :data:`EXACT_BETWEENNESS_LIMIT` nodes the bridge betweenness is estimated from ``bridge_samples``
    source nodes drawn with ``seed`` (``approximate`` is then True): exact betweenness costs one
    shortest-path search per node, which is minutes on 100,000 actions.

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
    found = nx.community.louvain_communities(G, weight="weight", seed=seed) if G.number_of_edges() else []
    communities = tuple(
        sorted(
            (tuple(sorted(c, key=natural_key)) for c in found if len(c) > 1),
            key=lambda c: (-len(c), natural_key(c[0])),
        )
    )
    B = bridge_graph(ds, weighting=weighting, oap_actors=oap_actors)
    approximate = B.number_of_nodes() > EXACT_BETWEENNESS_LIMIT
    bc = nx.betweenness_centrality(
        B,
        k=min(bridge_samples, B.number_of_nodes()) if approximate else None,
        weight="distance",
        normalized=True,
        seed=seed,
    )
    bridges: list[Bridge] = []
    for n, value in bc.items():
        kind, _, key = n.partition(":")
        if kind in ("action", "actor") and value > 0:
            reach = _reached_priorities(B, n)
            bridges.append(Bridge(kind, key, value, reach))
    bridges.sort(key=lambda b: (-b.betweenness, b.kind, natural_key(b.key)))
    return Structure(
        communities=communities,
        degree=dict(G.degree()),
        strength={p: sum(w for _, _, w in G.edges(p, data="weight")) for p in G},
        core_number=nx.core_number(G),
        betweenness=nx.betweenness_centrality(G, weight="distance", normalized=True),
        bridges=tuple(bridges[:top]),
        approximate=approximate,
        seed=seed,
    )


def _reached_priorities(B: nx.Graph, n: str) -> tuple[str, ...]:
    """Priorities next to ``n``, or next to its neighbouring actions (for an actor)."""
    out: set[str] = set()
    for m in B[n]:
        if m.startswith("priority:"):
            out.add(m.partition(":")[2])
        elif m.startswith("action:"):
            out.update(x.partition(":")[2] for x in B[m] if x.startswith("priority:"))
    return tuple(sorted(out, key=natural_key))
