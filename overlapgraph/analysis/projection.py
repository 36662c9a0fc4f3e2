"""Weighted one-mode projections of the action-actor bipartite graph with scipy sparse algebra."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..model import Dataset

if TYPE_CHECKING:
    import numpy as np

__all__ = ["Projection", "weighted_projection"]


@dataclass(frozen=True)
class Projection:
    """A weighted projection: ``labels`` and the upper triangle as parallel arrays ``rows, cols, weights``.

    The weight of ``(labels[rows[i]], labels[cols[i]])`` is ``weights[i]``: the number of nodes of the
    other side both are linked to (as networkx's ``weighted_projected_graph`` counts).
    """

    labels: tuple[str, ...]
    rows: np.ndarray[Any, Any]
    cols: np.ndarray[Any, Any]
    weights: np.ndarray[Any, Any]

    def __len__(self) -> int:
        return len(self.weights)

    def edges(self) -> Iterator[tuple[str, str, int]]:
        """Every pair with a non-zero weight as ``(u, v, weight)``."""
        lab = self.labels
        for i, j, w in zip(self.rows.tolist(), self.cols.tolist(), self.weights.tolist(), strict=True):
            yield lab[i], lab[j], w

    def to_graph(self) -> nx.Graph:
        """The projection as a networkx graph with ``weight`` on edges (every label is a node)."""
        G = nx.Graph()
        G.add_nodes_from(self.labels)
        G.add_weighted_edges_from(self.edges())
        return G


def weighted_projection(links: Iterable[tuple[str, str]] | Dataset, onto: str = "actors") -> Projection:
    """Project ``(action, actor)`` links onto actors (or actions): ``W = Mᵀ M`` without its diagonal.

    Parameters
    ----------
    links : iterable of (action, actor) pairs, or a Dataset (its participations)
        Repeated pairs (an actor with two roles on one action) count once.
    onto : "actors" or "actions"

    Returns
    -------
    Projection
        Labels sorted; the weight of two actors is the number of actions they share.

    Examples
    --------
    >>> P = weighted_projection([("a1", "NL"), ("a1", "BE"), ("a2", "NL"), ("a2", "BE"), ("a2", "FR")])
    >>> sorted(P.edges())
    [('BE', 'FR', 1), ('BE', 'NL', 2), ('FR', 'NL', 1)]
    """
    import numpy as np
    from scipy import sparse

    if isinstance(links, Dataset):
        pairs: Iterable[tuple[str, str]] = ((p.action_id, p.actor) for p in links.participations)
    else:
        pairs = links
    if onto not in ("actors", "actions"):
        raise ValueError(f"onto must be 'actors' or 'actions', not {onto!r}")
    left: dict[str, int] = {}
    right: dict[str, int] = {}
    ri: list[int] = []
    ci: list[int] = []
    for u, v in pairs:
        ri.append(left.setdefault(u, len(left)))
        ci.append(right.setdefault(v, len(right)))
    if onto == "actions":
        left, right, ri, ci = right, left, ci, ri
    order = sorted(right, key=right.__getitem__)
    relabel = np.argsort(np.argsort(np.array(order, dtype=object)))  # old index -> sorted position
    cols = relabel[np.asarray(ci, dtype=np.int64)] if ci else np.zeros(0, dtype=np.int64)
    M = sparse.csr_matrix(
        (np.ones(len(ri), dtype=np.int64), (np.asarray(ri, dtype=np.int64), cols)),
        shape=(len(left), len(right)),
    )
    M.sum_duplicates()
    M.data[:] = 1  # a pair given twice is still one link
    W = sparse.triu(M.T @ M, k=1).tocoo()
    keep = W.data != 0
    return Projection(tuple(sorted(right)), W.row[keep], W.col[keep], W.data[keep])
