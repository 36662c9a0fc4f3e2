"""Build the networkx graph of a dataset: priorities, OAPs, goals, actions and actors, typed edges."""

from __future__ import annotations

import networkx as nx

from ..model import ACTION_ROLE_RELATIONSHIPS, OAP_ROLE_RELATIONSHIPS, Dataset

__all__ = ["EDGE_TYPES", "NODE_KINDS", "build_graph", "node_id"]

#: Node kinds, as the ``kind`` attribute of every node.
NODE_KINDS = ("priority", "oap", "goal", "action", "actor")

#: Edge types (``rel`` attribute and MultiDiGraph key), source kind -> target kind.
EDGE_TYPES = {
    "BELONGS_TO": ("oap", "priority"),
    "HAS_ACTION": ("oap", "action"),
    "SERVES": ("action", "goal"),
    "SPECIFIC_TO": ("goal", "priority"),
    "LEADS": ("actor", "action"),
    "CO_LEADS": ("actor", "action"),
    "PARTICIPATES_IN": ("actor", "action"),
    "DRIVES": ("actor", "oap"),
    "CO_DRIVES": ("actor", "oap"),
    "ACTOR_IN": ("actor", "oap"),
    "PARTNER_OF": ("actor", "oap"),
    "DECLARES_OVERLAP": ("action", "priority"),
}

_ACTION_REL = ACTION_ROLE_RELATIONSHIPS
_OAP_REL = OAP_ROLE_RELATIONSHIPS


def node_id(kind: str, key: str) -> str:
    """The graph node of a record, e.g. ``node_id("priority", "THB") == "priority:THB"``."""
    return f"{kind}:{key}"


def build_graph(ds: Dataset) -> nx.MultiDiGraph:
    """The dataset as a typed multigraph.

    Nodes are ``"<kind>:<key>"`` with attributes ``kind``, ``key``, ``label`` and the record's fields;
    edges carry ``rel`` (also their key) and ``source`` (provenance).

    Examples
    --------
    >>> from overlapgraph.model import Priority
    >>> G = build_graph(Dataset(priorities=[Priority("THB", "Trafficking in human beings")]))
    >>> G.nodes["priority:THB"]["label"]
    'THB'
    """
    G = nx.MultiDiGraph(name=ds.name)
    for p in ds.priorities:
        G.add_node(
            node_id("priority", p.code),
            kind="priority",
            key=p.code,
            label=p.code,
            name=p.name,
            aliases="|".join(p.aliases),
            source=p.source,
        )
    for g in ds.goals:
        G.add_node(
            node_id("goal", g.goal_id),
            kind="goal",
            key=g.goal_id,
            label=g.label,
            title=g.title,
            number=g.number,
            priority=g.priority,
            source=g.source,
        )
        if g.priority:
            G.add_edge(
                node_id("goal", g.goal_id),
                node_id("priority", g.priority),
                key="SPECIFIC_TO",
                rel="SPECIFIC_TO",
                source=g.source,
            )
    for a in ds.actors:
        G.add_node(
            node_id("actor", a.code),
            kind="actor",
            key=a.code,
            label=a.code,
            name=a.name,
            actor_kind=str(a.kind),
            source=a.source,
        )
    for o in ds.oaps:
        n = node_id("oap", o.oap_id)
        G.add_node(
            n,
            kind="oap",
            key=o.oap_id,
            label=o.oap_id,
            priority=o.priority,
            period=o.period,
            document=o.document,
            title=o.title,
            source=o.source,
        )
        G.add_edge(n, node_id("priority", o.priority), key="BELONGS_TO", rel="BELONGS_TO", source=o.source)
    prio = ds.priority_of_oap()
    for r in ds.oap_actors:
        rel = _OAP_REL[str(r.role)]
        G.add_edge(node_id("actor", r.actor), node_id("oap", r.oap_id), key=rel, rel=rel, source=r.source)
    for act in ds.actions:
        n = node_id("action", act.action_id)
        G.add_node(
            n,
            kind="action",
            key=act.action_id,
            label=f"{prio[act.oap_id]} OA {act.code}",
            oap=act.oap_id,
            priority=prio[act.oap_id],
            code=act.code,
            goal=act.goal_id,
            title=act.title,
            source=act.source,
        )
        G.add_edge(node_id("oap", act.oap_id), n, key="HAS_ACTION", rel="HAS_ACTION", source=act.source)
        G.add_edge(n, node_id("goal", act.goal_id), key="SERVES", rel="SERVES", source=act.source)
    for pa in ds.participations:
        rel = _ACTION_REL[str(pa.role)]
        G.add_edge(
            node_id("actor", pa.actor), node_id("action", pa.action_id), key=rel, rel=rel, source=pa.source
        )
    for ov in ds.overlaps:
        G.add_edge(
            node_id("action", ov.action_id),
            node_id("priority", ov.target_priority),
            key="DECLARES_OVERLAP",
            rel="DECLARES_OVERLAP",
            note=ov.note,
            source=ov.source,
        )
    return G
