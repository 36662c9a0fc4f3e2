"""Positions for large graphs, computed once before the page is written (igraph's Fruchterman-Reingold)."""

from __future__ import annotations

from typing import Any

import networkx as nx

__all__ = ["layout_positions"]


def layout_positions(
    G: nx.Graph, seed: int = 0, scale: float | None = None
) -> dict[Any, tuple[float, float]]:
    """Force-directed positions of every node of ``G``, in vis-network's pixel-like units.

    Uses igraph's Fruchterman-Reingold with its grid approximation, which lays out 5,000 nodes in
    well under a second, where ``nx.spring_layout`` takes tens of seconds (see
    ``bench/bench_render.py``). The result is deterministic for a given ``seed``.

    Examples
    --------
    >>> pos = layout_positions(nx.path_graph(3))
    >>> sorted(pos), all(len(p) == 2 for p in pos.values())
    ([0, 1, 2], True)
    """
    import random

    import igraph as ig  # type: ignore[import-untyped]

    from ..analysis.compiled import new_graph

    nodes = list(G)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    g = new_graph(len(nodes), [(index[u], index[v]) for u, v in G.edges() if u != v])
    rng = random.Random(seed)
    # Start spread over a square of side sqrt(n), as igraph does: a tight start puts every node in the
    # same grid cell and makes the grid approximation quadratic (30 s instead of 1 s for 5,000 nodes).
    half = len(nodes) ** 0.5 / 2
    start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in nodes]
    # igraph draws from the random module by default; give it our own generator for this call only.
    ig.set_random_number_generator(rng)
    try:
        coords = g.layout_fruchterman_reingold(seed=start, grid="auto", niter=_iterations(len(nodes))).coords
    finally:
        ig.set_random_number_generator(random)
    # Spread the layout so that the average node has room for its label (about 60 px each).
    side = scale if scale is not None else 60.0 * len(nodes) ** 0.5
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {
        n: ((c[0] - cx) * side / span, (c[1] - cy) * side / span) for n, c in zip(nodes, coords, strict=True)
    }


#: Fruchterman-Reingold iterations (igraph's default) up to LAYOUT_FULL nodes; beyond, fewer.
ITERATIONS = 500
LAYOUT_FULL = 2500


def _iterations(n: int) -> int:
    """Iterations for ``n`` nodes: 500 up to 2,500 nodes, then fewer (each costs time linear in ``n``),
    so that drawing 5,000 nodes costs what drawing 2,500 does; at least 150. The page starts with
    physics off and a user can let the layout settle further.

    >>> _iterations(300), _iterations(5000), _iterations(50_000)
    (500, 250, 150)
    """
    return ITERATIONS if n <= LAYOUT_FULL else max(150, ITERATIONS * LAYOUT_FULL // n)
