"""Small graphs made for looking at: the views that the HTML networks draw."""

from __future__ import annotations

import networkx as nx

from ..model import Dataset
from .graph import node_id

__all__ = ["priority_action_view"]


def priority_action_view(ds: Dataset) -> nx.Graph:
    """Priorities and actions; an action links to its own priority and to those it is declared towards.

    Node attributes: ``kind``, ``label``, ``tooltip``, ``size``; edge attributes: ``rel``, ``tooltip``.
    """
    prio = ds.priority_of_oap()
    G = nx.Graph()
    declared: dict[str, int] = {}
    for ov in ds.overlaps:
        declared[ov.target_priority] = declared.get(ov.target_priority, 0) + 1
    own: dict[str, int] = {}
    for a in ds.actions:
        own[prio[a.oap_id]] = own.get(prio[a.oap_id], 0) + 1
    for p in ds.priorities:
        n_own, n_decl = own.get(p.code, 0), declared.get(p.code, 0)
        G.add_node(
            node_id("priority", p.code),
            kind="priority",
            label=p.code,
            tooltip=f"{p.name} ({p.code}): {n_own} own actions, {n_decl} declared towards it",
            size=15 + 2 * (n_own + n_decl) ** 0.5 * 3,
        )
    for a in ds.actions:
        n = node_id("action", a.action_id)
        title = f": {a.title}" if a.title else ""
        G.add_node(
            n,
            kind="action",
            label=f"{prio[a.oap_id]} OA {a.code}",
            tooltip=f"{a.action_id}{title} (goal {a.goal_id})",
            size=8,
        )
        G.add_edge(
            n, node_id("priority", prio[a.oap_id]), rel="OWN", tooltip=f"{a.action_id} belongs to {a.oap_id}"
        )
    for ov in ds.overlaps:
        note = f" ({ov.note})" if ov.note else ""
        G.add_edge(
            node_id("action", ov.action_id),
            node_id("priority", ov.target_priority),
            rel="DECLARED",
            tooltip=f"{ov.action_id} declared to overlap with {ov.target_priority}{note}",
        )
    return G
