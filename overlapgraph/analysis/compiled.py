"""Graph algorithms run on python-igraph (compiled C), on networkx graphs, with networkx's results.

Each function converts the networkx graph once (:func:`to_igraph`, linear in its size), computes with
igraph and returns results keyed by the networkx nodes. Definitions and normalisations are those of
networkx (``betweenness_centrality``, ``betweenness_centrality_subset``, ``core_number``,
``community.modularity``); ``tests/test_compiled.py`` checks them equal on many small graphs, and
``bench/bench_compiled.py`` measures the speed-up.

Differences from networkx, all on inputs the project never builds:

* path weights must be positive (igraph refuses zero weights; networkx accepts them);
* for weighted paths igraph takes two path lengths as equal when they agree to a relative 1e-10,
  networkx only when the floats are identical, so sums such as ``1/3 + 2/3`` versus ``1.0`` may tie
  here and not there;
* :func:`louvain_communities` is igraph's multilevel algorithm (another heuristic than networkx's
  Louvain, and for undirected graphs only); its partitions differ but reach the same modularity or
  higher on the project's graphs.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import igraph as ig  # type: ignore[import-untyped]
import networkx as nx
from networkx.algorithms.community.quality import NotAPartition

from ..forked import Pending, later

__all__ = [
    "betweenness",
    "betweenness_subset",
    "core_number",
    "louvain_communities",
    "modularity",
    "new_graph",
    "to_igraph",
]


def to_igraph(G: nx.Graph, weight: str | None = None, *, paths: bool = False) -> tuple[ig.Graph, list[Any]]:
    """``G`` as an igraph graph whose vertex ``i`` is ``nodes[i]``, with ``nodes`` in ``G``'s node order.

    With ``weight``, each edge's attribute of that name (1 where missing) is the igraph edge attribute
    ``"weight"``. With ``paths`` the graph is made fit for shortest paths as networkx walks them:
    self-loops are dropped, parallel edges of a multigraph become one edge of the least weight, and
    a weight that is not positive raises ``ValueError``. Otherwise edges are kept as they are
    (parallel edges then add up, as in networkx's modularity and Louvain). Linear in the graph size.

    Examples
    --------
    >>> g, nodes = to_igraph(nx.Graph([("a", "b"), ("b", "c")]), weight="weight")
    >>> nodes, g.get_edgelist(), g.es["weight"]
    (['a', 'b', 'c'], [(0, 1), (1, 2)], [1, 1])
    """
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    edges: list[tuple[int, int]]
    weights: list[Any] = []
    if paths and (G.is_multigraph() or weight is not None):
        least: dict[tuple[int, int], Any] = {}
        for u, v, w in G.edges(data=weight, default=1):
            if weight is not None and not w > 0:
                raise ValueError(f"edge {u!r}-{v!r}: weight {weight!r} must be positive, not {w!r}")
            if u == v:
                continue
            key = (index[u], index[v])
            if not G.is_directed() and key[0] > key[1]:
                key = (key[1], key[0])
            if key not in least or w < least[key]:
                least[key] = w
        edges = list(least)
        weights = list(least.values())
    elif weight is not None:
        edges, weights = [], []
        for u, v, w in G.edges(data=weight, default=1):
            edges.append((index[u], index[v]))
            weights.append(w)
    else:
        edges = [(index[u], index[v]) for u, v in G.edges() if not (paths and u == v)]
    g = new_graph(len(nodes), edges, directed=G.is_directed())
    if weight is not None:
        g.es["weight"] = weights
    return g, nodes


def new_graph(n: int, edges: list[tuple[int, int]], *, directed: bool = False) -> Any:
    """``igraph.Graph(n=n, edges=edges, directed=directed)``, without the import of numpy that
    ``Graph.__init__`` makes to check whether the edges are an array (they never are here): 0.1 s, a
    tenth of a report on real-size data, which needs no numpy. Made by igraph's low-level constructor
    (``GraphBase``), as ``Graph.__init__`` makes it; ``tests/test_compiled.py`` checks them equal.

    >>> new_graph(3, [(0, 1), (1, 2)]).get_edgelist()
    [(0, 1), (1, 2)]
    """
    g = ig.Graph.__new__(ig.Graph)
    ig.GraphBase.__init__(g, n, edges, directed)
    return g


def _scale(n: int, *, normalized: bool, directed: bool) -> float:
    """networkx's rescaling of betweenness without endpoints; igraph counts an undirected pair once."""
    if n <= 2:
        return 1.0  # every value is 0
    if normalized:
        return (1.0 if directed else 2.0) / ((n - 1) * (n - 2))
    return 1.0


def betweenness(G: nx.Graph, *, weight: str | None = None, normalized: bool = True) -> dict[Any, float]:
    """Betweenness centrality of every node, as ``networkx.betweenness_centrality(G, weight=weight,
    normalized=normalized)`` (endpoints excluded, all sources).

    Paths follow edge directions in a directed graph; ``weight`` names the edge attribute taken as
    the length of an edge (1 where missing). Normalised values are divided by ``(n - 1)(n - 2)``
    (directed) or ``(n - 1)(n - 2) / 2`` (undirected); graphs of up to 2 nodes give 0 everywhere.

    Examples
    --------
    >>> betweenness(nx.path_graph(["a", "b", "c"]))
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    >>> betweenness(nx.path_graph(3), normalized=False)
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    g, nodes = to_igraph(G, weight, paths=True)
    if not nodes:
        return {}
    values = g.betweenness(directed=G.is_directed(), weights="weight" if weight is not None else None)
    k = _scale(len(nodes), normalized=normalized, directed=G.is_directed())
    return {n: float(b) * k for n, b in zip(nodes, values, strict=True)}


def betweenness_subset(
    G: nx.Graph,
    sources: Iterable[Any],
    targets: Iterable[Any],
    *,
    weight: str | None = None,
    normalized: bool = False,
) -> dict[Any, float]:
    """Betweenness of every node on the shortest paths from ``sources`` to ``targets`` only, as
    ``networkx.betweenness_centrality_subset`` (whose ``normalized`` is also False by default).

    For each source ``s`` and target ``t != s``, each node strictly inside the ``s``-``t`` shortest
    paths gains the share of those paths through it. In an undirected graph the sum is halved, so a
    pair that is both ``(s, t)`` and ``(t, s)`` counts once; ``normalized`` instead divides the whole
    sum by ``(n - 1)(n - 2)`` (not halved), as networkx does. ``sources`` and ``targets`` are sets
    (a repeated source counts once, where networkx would count it again).

    Examples
    --------
    >>> G = nx.path_graph(["a", "b", "c", "d"])
    >>> betweenness_subset(G, ["a"], ["d"])
    {'a': 0.0, 'b': 0.5, 'c': 0.5, 'd': 0.0}
    """
    g, nodes = to_igraph(G, weight, paths=True)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    src = sorted({index[s] for s in sources})
    tgt = sorted({index[t] for t in targets})
    if not src or not tgt:
        return dict.fromkeys(nodes, 0.0)
    values = g.betweenness(
        directed=G.is_directed(),
        weights="weight" if weight is not None else None,
        sources=src,
        targets=tgt,
    )
    k = _scale(len(nodes), normalized=normalized, directed=G.is_directed())
    return {n: float(b) * k for n, b in zip(nodes, values, strict=True)}


def core_number(G: nx.Graph) -> dict[Any, int]:
    """The core number of every node, as ``networkx.core_number``: the largest ``k`` such that the node
    belongs to a subgraph in which every node has degree ``k`` or more (in + out degree if directed).

    Like networkx, refuses multigraphs and graphs with self-loops (``NetworkXNotImplemented``).

    Examples
    --------
    >>> core_number(nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]))
    {'a': 2, 'b': 2, 'c': 2, 'd': 1}
    """
    if G.is_multigraph():
        raise nx.NetworkXNotImplemented("not implemented for multigraph type")
    if nx.number_of_selfloops(G):
        raise nx.NetworkXNotImplemented(
            "Input graph has self loops which is not permitted; "
            "Consider using G.remove_edges_from(nx.selfloop_edges(G))."
        )
    g, nodes = to_igraph(G)
    return {n: int(c) for n, c in zip(nodes, g.coreness(mode="all"), strict=True)}


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """igraph draws from its own ``random.Random(seed)`` inside the block, then from ``random`` again."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


#: Leiden iterations that refine Louvain's partition (each one only raises the modularity).
LEIDEN_ITERATIONS = 50


def louvain_communities(
    G: nx.Graph, *, weight: str | None = "weight", resolution: float = 1.0, seed: int
) -> list[set[Any]]:
    """A partition of the nodes of undirected ``G`` found by igraph's multilevel (Louvain) algorithm.

    Edge weights (``weight``, 1 where missing; ``None`` for all 1) add up over parallel edges;
    ``resolution`` is that of :func:`modularity`. Of the levels the algorithm goes through, the one of
    highest modularity is returned (the first one on ties), as sets in order of their lowest node
    position in ``G``; isolated nodes are singletons. The same graph (same node and edge order) and
    ``seed`` give the same partition every run; igraph's random generator is restored to ``random``
    afterwards.

    Examples
    --------
    >>> G = nx.barbell_graph(4, 0)
    >>> sorted(sorted(c) for c in louvain_communities(G, seed=1))
    [[0, 1, 2, 3], [4, 5, 6, 7]]
    """
    if G.is_directed():
        raise nx.NetworkXNotImplemented("louvain_communities: not implemented for directed type")
    g, nodes = to_igraph(G, weight)
    if not nodes:
        return []
    if not g.ecount():
        return [{n} for n in nodes]
    weights = "weight" if weight is not None else None
    with _seeded(seed):
        levels = g.community_multilevel(weights=weights, return_levels=True, resolution=resolution)
        if not levels:  # no move raised the modularity: every node alone
            return [{n} for n in nodes]
        best = max(levels, key=lambda lv: lv.modularity)  # the first of the highest
        # Leiden's moves, started from that partition, only raise its modularity (Traag et al. 2019):
        # a local optimum Louvain stops in is left when a better one is one move away.
        refined = g.community_leiden(
            objective_function="modularity",
            weights=weights,
            resolution=resolution,
            initial_membership=best.membership,
            # bounded: "until stable" (-1) never ends on graphs where a node's best move alternates
            # (hypothesis found one); our graphs settle in a few iterations, so the result is the same
            n_iterations=LEIDEN_ITERATIONS,
        )
    membership = refined.membership if refined.modularity > best.modularity + 1e-12 else best.membership
    groups: dict[int, set[Any]] = {}
    for n, c in zip(nodes, membership, strict=True):
        groups.setdefault(c, set()).add(n)
    return list(groups.values())


def modularity(
    G: nx.Graph,
    communities: Iterable[Iterable[Any]],
    *,
    weight: str | None = "weight",
    resolution: float = 1.0,
) -> float:
    """The modularity of a partition of ``G``, as ``networkx.community.modularity``.

    ``sum_c (L_c / m - resolution * (d_c / 2m)^2)`` for an undirected graph, where ``m`` is the total
    edge weight, ``L_c`` the weight inside community ``c`` and ``d_c`` its total degree (a self-loop
    counts twice in a degree, once in ``L_c``); for a directed graph ``d_c^2 / 4m^2`` is
    ``d_c^out * d_c^in / m^2``. Raises ``NotAPartition`` unless every node is in exactly one
    community, and ``ZeroDivisionError`` when ``G`` has no edge weight at all, as networkx does.

    Examples
    --------
    >>> G = nx.barbell_graph(3, 0)
    >>> round(modularity(G, [{0, 1, 2}, {3, 4, 5}]), 6)
    0.357143
    """
    parts = [set(c) for c in communities]
    g, nodes = to_igraph(G, weight)
    membership: dict[Any, int] = {}
    for i, c in enumerate(parts):
        for n in c:
            if n in membership or n not in G:
                raise NotAPartition(G, parts)
            membership[n] = i
    if len(membership) != len(nodes):
        raise NotAPartition(G, parts)
    total = sum(g.es["weight"]) if weight is not None and g.ecount() else g.ecount()
    if total == 0:
        raise ZeroDivisionError("modularity of a graph without edge weight")
    q = g.modularity(
        [membership[n] for n in nodes],
        weights="weight" if weight is not None else None,
        resolution=resolution,
        directed=True,
    )
    return float(q)


#: From this many edges on, :func:`subset_betweenness_later` computes in a child process (forked, so
#: the graph is not copied): seconds at a million participations, while the parent goes on. Below, the
#: fork costs more than it saves.
FORK_FROM = 100_000


def subset_betweenness_later(g: Any, weights: list[float], ends: list[int]) -> Pending[list[float]]:
    """Start the betweenness of every vertex of the undirected igraph graph ``g`` on the shortest paths
    (edge lengths ``weights``) between the vertices ``ends``; the :class:`~overlapgraph.forked.Pending`
    returned waits for it when called.

    igraph holds the GIL while it computes, so a thread would not run beside it: a large graph is
    computed in a forked child process on the machine's other core (:func:`overlapgraph.forked.later`).
    The values are igraph's either way.

    >>> g = ig.Graph(n=3, edges=[(0, 1), (1, 2)])
    >>> subset_betweenness_later(g, [1.0, 1.0], [0, 2])()
    [0.0, 1.0, 0.0]
    """

    def job() -> list[float]:
        return list(g.betweenness(directed=False, weights=weights, sources=ends, targets=ends))

    return later(job, fork=g.ecount() >= FORK_FROM)
