"""Small graphs made for looking at: the views that the HTML networks draw (priorities, actions, actors, ego).

Every view is an undirected ``nx.Graph`` whose nodes carry display attributes, all plain text:

``kind``
    priority, oap, goal, action or actor.
``label``
    short text drawn on the node.
``tooltip``
    plain text shown on hover (never HTML).
``priorities`` / ``goals``
    sorted lists of the priority codes and goal ids the node relates to (for the page's filters).
``actor_kind``
    the actor's kind, or "" for other nodes.
``centrality``
    in [0, 1]; the page sizes nodes by it. ``G.graph["size_by"]`` says which measure it is.

Edges carry ``rel`` (the legend's edge style), ``tooltip`` and ``weight``. ``G.graph`` has ``title``
and ``notes`` (sentences the page shows under its header).
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from difflib import get_close_matches
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..analysis import compiled
from ..analysis.graph import build_graph, node_id
from ..analysis.synergy import evidence_sets
from ..errors import InputError
from ..model import ActionRole, Dataset, natural_key
from .evidence import PANEL_ROWS

if TYPE_CHECKING:
    from ..analysis.core import Analysis
    from .evidence import Evidence

__all__ = [
    "VIEW_NAMES",
    "add_panels",
    "actions_view",
    "actors_view",
    "ego_view",
    "make_view",
    "priorities_view",
    "prepare",
    "priority_action_view",
    "resolve_focus",
]

#: The views ``overlapgraph draw --view`` knows.
VIEW_NAMES = ("priorities", "actions", "actors", "ego")
#: Pair statuses that link priorities in the ego view: the ones the matrix draws (not "indirect").
_LINKING = frozenset({"reciprocated", "one-sided", "unchecked", "co-named"})
#: Action titles a priority's search text holds (the first ones, in the order of the actions).
SEARCH_TITLES = 5000

_REL_TEXT = {
    "BELONGS_TO": "belongs to",
    "HAS_ACTION": "has action",
    "SERVES": "serves",
    "SPECIFIC_TO": "is specific to",
    "LEADS": "leads",
    "CO_LEADS": "co-leads",
    "PARTICIPATES_IN": "takes part in",
    "DRIVES": "drives",
    "CO_DRIVES": "co-drives",
    "ACTOR_IN": "is a relevant actor in",
    "PARTNER_OF": "is a partner of",
    "DECLARES_OVERLAP": "is declared to overlap with",
}

_ROLE_TEXT = {
    "driver": "driver of",
    "co_driver": "co-driver of",
    "relevant_actor": "relevant actor in",
    "partner": "partner of",
    "leader": "leads",
    "co_leader": "co-leads",
    "participant": "takes part in",
}

_MAX_LISTED = 30

_EVIDENCE_TEXT = {
    "declared": "declared actions",
    "co_named": "actions a third OAP names both in",
    "actors": "actors",
    "goals": "goals",
}


def _listing(items: Sequence[str], limit: int = _MAX_LISTED) -> str:
    """Comma-separated items, cut after ``limit`` with a count of the rest.

    >>> _listing(["a", "b", "c"], limit=2)
    'a, b and 1 more'
    """
    shown = ", ".join(items[:limit])
    return shown if len(items) <= limit else f"{shown} and {len(items) - limit} more"


def _source_line(source: str) -> str:
    return f"Source: {source}" if source else "Source: not recorded"


def _normalise(values: dict[Any, float]) -> dict[Any, float]:
    """Scale values into [0, 1] by the largest one (all zero stays zero)."""
    top = max(values.values(), default=0.0)
    return {k: (v / top if top > 0 else 0.0) for k, v in values.items()}


class _Index:
    """Look-ups shared by the views: what each action, priority and actor relates to."""

    def __init__(self, ds: Dataset, prio_sets: dict[str, frozenset[str]] | None = None) -> None:
        self.ds = ds
        self.prio_of_oap = ds.priority_of_oap()
        self.names = {p.code: p.name for p in ds.priorities}
        aids = [a.action_id for a in ds.actions]
        self.goal_of: dict[str, str] = dict(zip(aids, [a.goal_id for a in ds.actions], strict=True))
        owners = map(self.prio_of_oap.__getitem__, [a.oap_id for a in ds.actions])
        self.own: dict[str, str] = dict(zip(aids, owners, strict=True))
        self.declared: dict[str, set[str]] = defaultdict(set)
        for aid, target in zip(
            [ov.action_id for ov in ds.overlaps], [ov.target_priority for ov in ds.overlaps], strict=True
        ):
            self.declared[aid].add(target)
        self.prio_sets = prio_sets if prio_sets is not None else evidence_sets(ds, "declared")

    @classmethod
    def of(cls, analysis: Analysis) -> _Index:
        """The index of the analysis' dataset, made once for all its views (kept in ``analysis.memo``)."""
        idx = analysis.memo.get("view_index")
        if not isinstance(idx, _Index):
            ds, cache = analysis.dataset, analysis.cache
            idx = analysis.memo["view_index"] = cls(
                ds, cache.sets("declared") if cache is not None and cache.ds is ds else None
            )
        return idx

    def action_priorities(self, aid: str) -> set[str]:
        return {self.own[aid], *self.declared.get(aid, ())}

    def goals_of(self, actions: Iterable[str]) -> set[str]:
        return {self.goal_of[a] for a in actions if a in self.goal_of}


def prepare(analysis: Analysis, evidence: Evidence) -> None:
    """Make what every view of ``analysis`` uses (its look-ups, the synergy rows) now, not in the first
    view: before a fork (:func:`overlapgraph.pipeline.write_report`) so that the child inherits it."""
    _Index.of(analysis)
    evidence.rows  # noqa: B018  (a cached property: made here once)


def _analysis(data: Dataset | Analysis) -> Analysis:
    from ..analysis.core import Analysis, analyse

    return data if isinstance(data, Analysis) else analyse(data)


def priorities_view(data: Dataset | Analysis) -> nx.Graph:
    """Priorities as nodes, linked by the analysis' synergies; edge weight is the synergy score.

    ``data`` is an analysis, or a dataset (then analysed with the default options).

    Each edge carries ``data``, the pair's row of the synergy table (:func:`~overlapgraph.present.rows.
    synergy_row`: score, status and every ``<kind>_*`` value), which the page embeds as it is, and a
    tooltip made from the same row. Node centrality is the synergy strength (sum of scores) of the
    analysis' structure, normalised.

    Examples
    --------
    >>> from overlapgraph.analysis import analyse
    >>> from overlapgraph.model import OAP, Action, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b")], oaps=[OAP("A-2022", "A", "2022")],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1")], overlaps=[Overlap("A-2022", "1.1", "B")])
    >>> G = priorities_view(analyse(ds))
    >>> G.edges["priority:A", "priority:B"]["data"]["declared_count"]
    1
    >>> G.nodes["priority:B"]["priorities"]
    ['A', 'B']
    """
    from .rows import synergy_row

    analysis = _analysis(data)
    ds = analysis.dataset
    idx = _Index.of(analysis)
    syn = list(analysis.synergies)
    G = nx.Graph(title="Priorities and their synergies", notes=[])
    partners: dict[str, set[str]] = defaultdict(set)
    for s in syn:
        partners[s.a].add(s.b)
        partners[s.b].add(s.a)
    own_counts = Counter(idx.own.values())
    for p in ds.priorities:
        acts: frozenset[str] = idx.prio_sets.get(p.code, frozenset())
        n_own = own_counts.get(p.code, 0)
        lines = [
            f"{p.code} — {p.name}",
            f"{n_own} own actions, {len(acts) - n_own} declared towards it by other OAPs",
            f"Synergies with {len(partners[p.code])} priorities"
            + (f": {', '.join(sorted(partners[p.code]))}" if partners[p.code] else ""),
            _source_line(p.source),
        ]
        G.add_node(
            node_id("priority", p.code),
            kind="priority",
            label=p.code,
            tooltip="\n".join(lines),
            priorities=sorted({p.code, *partners[p.code]}),
            goals=sorted(idx.goals_of(acts), key=natural_key),
            actor_kind="",
        )
    for s in syn:
        u, v = node_id("priority", s.a), node_id("priority", s.b)
        if u not in G or v not in G:
            continue
        row = synergy_row(analysis, s)
        G.add_edge(u, v, rel="SYNERGY", tooltip="\n".join(_synergy_lines(row)), weight=row["score"], data=row)
    strength = {node_id("priority", p): w for p, w in analysis.structure.strength.items()}
    nx.set_node_attributes(G, _normalise({n: strength.get(n, 0.0) for n in G}), "centrality")
    G.graph["size_by"] = "synergy strength (sum of edge scores)"
    if not syn:
        G.graph["notes"].append("No synergies: no two priorities share any evidence.")
    from .rows import availability_note

    note = availability_note(analysis)
    if note:
        G.graph["notes"].append(note)
    return G


def _synergy_lines(row: dict[str, Any]) -> list[str]:
    """Tooltip lines of one synergy, from its row of the synergy table."""
    lines = [
        f"{row['priority_a']} – {row['priority_b']}: score {row['score']} ({row['status']})",
        f"({row['name_a']} / {row['name_b']})",
    ]
    if row["reason"]:
        lines.append(f"Why: {row['reason']}")
    for kind, text in _EVIDENCE_TEXT.items():
        items = row.get(f"{kind}_items")
        if items:
            lines.append(
                f"{kind} ({text}): {row[f'{kind}_count']}, jaccard {row[f'{kind}_jaccard']}, "
                f"weighted {row[f'{kind}_weighted']}: {_listing(items)}"
            )
    return lines


def _display_graph(ds: Dataset, drawn: Dataset | None = None, idx: _Index | None = None) -> nx.Graph:
    """The whole dataset graph, undirected, with display attributes on every node and edge.

    ``drawn``, a part of ``ds``, limits the nodes and edges made to its records; their attributes
    (counts, priorities, goals) are still those of the whole of ``ds``. ``idx`` is the index of ``ds``
    (its priorities, OAPs, actions and overlaps) when the caller has it.
    """
    idx = idx if idx is not None else _Index(ds)
    M = build_graph(drawn if drawn is not None else ds)
    G = nx.Graph(notes=[])
    # What each OAP, goal, priority and actor relates to, in one pass over each table.
    n_oap_actions: Counter[str] = Counter()
    n_goal_actions: Counter[str] = Counter()
    oap_prios: dict[str, set[str]] = defaultdict(set)
    oap_goals: dict[str, set[str]] = defaultdict(set)
    goal_prios: dict[str, set[str]] = defaultdict(set)
    prio_goals: dict[str, set[str]] = defaultdict(set)
    for a in ds.actions:
        own = idx.prio_of_oap[a.oap_id]
        n_oap_actions[a.oap_id] += 1
        n_goal_actions[a.goal_id] += 1
        oap_prios[a.oap_id].add(own)
        oap_goals[a.oap_id].add(a.goal_id)
        goal_prios[a.goal_id].add(own)
        prio_goals[own].add(a.goal_id)
    for ov in ds.overlaps:
        goal = idx.goal_of.get(ov.action_id)
        if goal is None:
            continue
        oap_prios[ov.oap_id].add(ov.target_priority)
        goal_prios[goal].add(ov.target_priority)
        prio_goals[ov.target_priority].add(goal)
    actor_prios: dict[str, set[str]] = defaultdict(set)
    actor_actions: dict[str, set[str]] = defaultdict(set)
    for r in ds.oap_actors:
        actor_prios[r.actor].add(idx.prio_of_oap[r.oap_id])
    for pa in ds.participations:
        actor_prios[pa.actor] |= idx.action_priorities(pa.action_id)
        actor_actions[pa.actor].add(pa.action_id)
    nodes: list[tuple[str, dict[str, Any]]] = []  # added at once: a view of 100,000 participations
    for n, d in M.nodes(data=True):  # has 20,000 nodes and 60,000 links
        kind, key = d["kind"], d["key"]
        prios: set[str]
        goals: set[str]
        if kind == "priority":
            prios, goals = {key}, prio_goals.get(key, set())
            lines = [f"{key} — {d['name']}", f"{len(idx.prio_sets.get(key, ()))} actions own or declared"]
        elif kind == "oap":
            prios = {d["priority"]} | oap_prios.get(key, set())
            goals = oap_goals.get(key, set())
            doc = f"Council document {d['document']}" if d["document"] else "No document recorded"
            n_acts = n_oap_actions.get(key, 0)
            lines = [f"{key} — {d['title'] or 'OAP of ' + d['priority']}", doc, f"{n_acts} actions"]
        elif kind == "goal":
            prios = set(goal_prios.get(key, ()))
            if d["priority"]:
                prios.add(d["priority"])
            goals = {key}
            lines = [f"{d['label']} — {d['title']}", f"Served by {n_goal_actions.get(key, 0)} actions"]
        elif kind == "action":
            prios, goals = idx.action_priorities(key), {d["goal"]}
            declared = sorted(idx.declared.get(key, ()))
            lines = [key + (f" — {d['title']}" if d["title"] else ""), f"Goal {d['goal']}"]
            lines.append(f"Declared overlaps: {', '.join(declared)}" if declared else "No declared overlaps")
        else:  # actor
            prios, goals = actor_prios.get(key, set()), idx.goals_of(actor_actions.get(key, ()))
            lines = [f"{key} — {d['name']} ({d['actor_kind'].replace('_', ' ')})"]
            lines.append(f"Works on priorities: {', '.join(sorted(prios)) or 'none recorded'}")
        lines.append(_source_line(d.get("source", "")))
        attrs = {
            "kind": kind,
            "key": key,
            "label": str(d["label"]),
            "tooltip": "\n".join(lines),
            "priorities": sorted(prios),
            "goals": sorted(goals, key=natural_key),
            "actor_kind": d.get("actor_kind", ""),
        }
        nodes.append((n, attrs))
    G.add_nodes_from(nodes)
    # Links between the same two nodes (either way) are one edge: the first one's, with the texts of
    # all and their number as weight; added at once, in the order of their first link.
    label = {n: d["label"] for n, d in M.nodes(data=True)}
    edges: dict[tuple[str, str], tuple[str, str, dict[str, Any]]] = {}
    for u, v, d in M.edges(data=True):
        rel = d["rel"]
        text = f"{label[u]} {_REL_TEXT.get(rel, rel)} {label[v]}"
        if d.get("note"):
            text += f" ({d['note']})"
        pair = (u, v) if u <= v else (v, u)
        seen = edges.get(pair)
        if seen is None:
            edges[pair] = (u, v, {"rel": rel, "tooltip": text, "weight": 1.0})
        else:
            seen[2]["tooltip"] += "\n" + text
            seen[2]["weight"] += 1.0
    G.add_edges_from(edges.values())
    return G


def _with_degree_centrality(G: nx.Graph) -> nx.Graph:
    nx.set_node_attributes(G, nx.degree_centrality(G) if len(G) > 1 else dict.fromkeys(G, 0.0), "centrality")
    G.graph["size_by"] = "degree centrality (number of links)"
    return G


def actions_view(ds: Dataset, max_nodes: int | None = None, *, _index: _Index | None = None) -> nx.Graph:
    """OAPs, their actions, the goals the actions serve and the priorities they belong or overlap to.

    With more nodes than ``max_nodes`` (default: the page's :data:`~overlapgraph.render.MAX_NODES`),
    only the most central are made, before any layout, and ``G.graph["notes"]`` says what was left out.

    Examples
    --------
    >>> from overlapgraph.model import OAP, Action, Goal, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b")], oaps=[OAP("A-2022", "A", "2022")],
    ...     goals=[Goal("CHSG-1", 1, "CHSG 1", "Intelligence")], actions=[Action("A-2022", "1.1", "CHSG-1")],
    ...     overlaps=[Overlap("A-2022", "1.1", "B")])
    >>> sorted(actions_view(ds).neighbors("action:A-2022/OA 1.1"))
    ['goal:CHSG-1', 'oap:A-2022', 'priority:B']
    """
    from dataclasses import replace

    from ..render.network import MAX_NODES

    limit = MAX_NODES if max_nodes is None else max_nodes
    # Actors are not drawn here: the graph is made without them (a million participations cost seconds).
    ds = replace(ds, actors=[], oap_actors=[], participations=[])
    degree, n_edges = _action_view_degrees(ds)
    if len(degree) <= limit:
        G = _display_graph(ds, idx=_index)  # no actor nodes: ds has none
        G.graph.update(title="OAPs, actions, goals and overlapping priorities", notes=[])
        return _with_degree_centrality(G)
    # Too many nodes to draw: keep the most central (priorities first, then by degree, as the page's
    # reduction orders them) before anything is laid out; the page says what was left out.
    keep = set(heapq.nsmallest(limit, degree, key=lambda n: (not n.startswith("priority:"), -degree[n], n)))
    kept_actions = {n.partition(":")[2] for n in keep if n.startswith("action:")}
    drawn = replace(
        ds,
        actions=[a for a in ds.actions if a.action_id in kept_actions],
        overlaps=[ov for ov in ds.overlaps if ov.action_id in kept_actions],
    )
    G = _display_graph(ds, drawn, _index)
    G.remove_nodes_from([n for n in G if n not in keep])  # OAPs and goals left out (few)
    G.graph.update(title="OAPs, actions, goals and overlapping priorities", notes=[])
    scale = 1.0 / (len(degree) - 1.0)  # as nx.degree_centrality computes it, to the last bit
    nx.set_node_attributes(G, {n: degree[n] * scale for n in G}, "centrality")
    G.graph["size_by"] = "degree centrality (number of links)"
    G.graph["notes"].append(
        f"Too large to read: showing the {limit} most central of {len(degree)} nodes "
        f"({n_edges - G.number_of_edges()} links left out). Draw an ego view "
        "(--view ego --focus CODE) or use the filters to see the rest."
    )
    return G


def _action_view_degrees(ds: Dataset) -> tuple[dict[str, int], int]:
    """Each node of the actions view with its number of links, and the number of links, counted from
    the tables without making the graph: a goal and an OAP link to their priority, an action to its
    OAP, its goal and each priority it is declared towards."""
    goal_of = {g.goal_id: node_id("goal", g.goal_id) for g in ds.goals}
    oap_of = {o.oap_id: node_id("oap", o.oap_id) for o in ds.oaps}
    prio_of = {p.code: node_id("priority", p.code) for p in ds.priorities}
    degree = dict.fromkeys(prio_of.values(), 0)
    degree.update(dict.fromkeys(goal_of.values(), 0))
    degree.update(dict.fromkeys(oap_of.values(), 0))
    n_edges = 0

    def link(u: str, v: str) -> None:
        nonlocal n_edges
        degree[u] = degree.get(u, 0) + 1
        degree[v] = degree.get(v, 0) + 1
        n_edges += 1

    for g in ds.goals:
        if g.priority:
            link(goal_of[g.goal_id], prio_of.get(g.priority) or node_id("priority", g.priority))
    for o in ds.oaps:
        link(oap_of[o.oap_id], prio_of.get(o.priority) or node_id("priority", o.priority))
    per_oap: Counter[str] = Counter()
    per_goal: Counter[str] = Counter()
    for a in ds.actions:
        degree[f"action:{a.oap_id}/OA {a.code}"] = 2  # its OAP and its goal
        per_oap[a.oap_id] += 1
        per_goal[a.goal_id] += 1
    n_edges += 2 * len(ds.actions)
    for key, n in per_oap.items():
        u = oap_of.get(key) or node_id("oap", key)
        degree[u] = degree.get(u, 0) + n
    for key, n in per_goal.items():
        u = goal_of.get(key) or node_id("goal", key)
        degree[u] = degree.get(u, 0) + n
    declared = set(
        zip([ov.action_id for ov in ds.overlaps], [ov.target_priority for ov in ds.overlaps], strict=True)
    )
    for aid, n in Counter(aid for aid, _ in declared).items():
        u = f"action:{aid}"
        degree[u] = degree.get(u, 0) + n
    for target, n in Counter(target for _, target in declared).items():
        v = prio_of.get(target) or node_id("priority", target)
        degree[v] = degree.get(v, 0) + n
    return degree, n_edges + len(declared)


def actors_view(ds: Dataset) -> nx.Graph:
    """Actors and the priorities they work on: who bridges which priorities.

    An actor links to a priority when it has a role on one of its OAPs or actions, or takes part in
    an action declared to overlap with it ("via declared overlap"). Edge weight is the number of
    such roles; node size is betweenness centrality, high for actors that bridge priorities.

    Examples
    --------
    >>> from overlapgraph.model import OAP, Action, ActionRole, Actor, ActorKind, Overlap, Participation
    >>> from overlapgraph.model import Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b")], oaps=[OAP("A-2022", "A", "2022")],
    ...     actors=[Actor("NL", "Netherlands", ActorKind.MEMBER_STATE)],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1")],
    ...     participations=[Participation("A-2022", "1.1", "NL", ActionRole.LEADER)],
    ...     overlaps=[Overlap("A-2022", "1.1", "B")])
    >>> G = actors_view(ds)
    >>> G.edges["actor:NL", "priority:B"]["rel"], G.nodes["actor:NL"]["centrality"]
    ('VIA_OVERLAP', 1.0)
    """
    prio_of_oap = ds.priority_of_oap()
    names = {p.code: p.name for p in ds.priorities}
    roles: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    direct: set[tuple[str, str]] = set()
    for r in ds.oap_actors:
        p = prio_of_oap[r.oap_id]
        roles[(r.actor, p)][f"{_ROLE_TEXT[str(r.role)]} {r.oap_id}"] += 1
        direct.add((r.actor, p))
    # Counted first and put in words after: a million participations make a few thousand distinct roles.
    towards: dict[tuple[str, str], set[str]] = defaultdict(set)  # (OAP, action code) -> declared towards
    for ov in ds.overlaps:
        towards[(ov.oap_id, ov.action_code)].add(ov.target_priority)
    # each set of targets once (frozen), so that participations count by it: few distinct sets
    same: dict[frozenset[str], frozenset[str]] = {}
    targets = {k: same.setdefault(frozenset(v), frozenset(v)) for k, v in towards.items()}
    parts = ds.participations
    actor_of, oap_of, role_of = (
        [pa.actor for pa in parts],
        [pa.oap_id for pa in parts],
        [pa.role for pa in parts],
    )
    on_own: Counter[tuple[str, str, ActionRole]] = Counter(zip(actor_of, oap_of, role_of, strict=True))
    declared_of = list(map(targets.get, zip(oap_of, [pa.action_code for pa in parts], strict=True)))
    via: Counter[tuple[str, str, ActionRole]] = Counter()
    for (actor, declared, role), n in Counter(zip(actor_of, declared_of, role_of, strict=True)).items():
        for p in declared or ():
            via[(actor, p, role)] += n
    for (actor, oap_id, role), n in on_own.items():
        own = prio_of_oap[oap_id]
        roles[(actor, own)][f"{_ROLE_TEXT[str(role)]} actions of {oap_id}"] += n
        direct.add((actor, own))
    for (actor, p, role), n in via.items():
        roles[(actor, p)][f"{_ROLE_TEXT[str(role)]} actions declared towards {p}"] += n
    G = nx.Graph(title="Actors and the priorities they bridge", notes=[])
    actors = {a.code: a for a in ds.actors}
    bridged: dict[str, set[str]] = defaultdict(set)
    for actor, p in roles:
        bridged[actor].add(p)
    for code, prios in sorted(bridged.items()):
        a = actors[code]
        G.add_node(
            node_id("actor", code),
            kind="actor",
            label=code,
            tooltip="\n".join(
                [
                    f"{code} — {a.name} ({str(a.kind).replace('_', ' ')})",
                    f"Works on {len(prios)} priorities: {', '.join(sorted(prios))}",
                    _source_line(a.source),
                ]
            ),
            priorities=sorted(prios),
            goals=[],
            actor_kind=str(a.kind),
        )
    for p in sorted({p for ps in bridged.values() for p in ps}):
        who = sorted(a for a, ps in bridged.items() if p in ps)
        G.add_node(
            node_id("priority", p),
            kind="priority",
            label=p,
            tooltip=f"{p} — {names.get(p, p)}\nActors: {_listing(who)}",
            priorities=[p],
            goals=[],
            actor_kind="",
        )
    for (actor, p), counter in sorted(roles.items()):
        lines = [f"{actor} – {p}"] + [
            f"{what} ({n})" if n > 1 else what for what, n in sorted(counter.items())
        ]
        G.add_edge(
            node_id("actor", actor),
            node_id("priority", p),
            rel="WORKS_ON" if (actor, p) in direct else "VIA_OVERLAP",
            tooltip="\n".join(lines),
            weight=float(sum(counter.values())),
        )
    nx.set_node_attributes(G, _normalise(compiled.betweenness(G)), "centrality")
    G.graph["size_by"] = "betweenness centrality (bridging between priorities)"
    if not roles:
        G.graph["notes"].append("No actors: the dataset records no actor roles on OAPs or actions.")
    elif not ds.participations:
        G.graph["notes"].append(
            "The dataset records no participations in actions, only roles on whole OAPs: "
            "actors link only to the priorities of those OAPs."
        )
    return G


def resolve_focus(G: nx.Graph, focus: str) -> str:
    """The node of ``G`` that ``focus`` names: a node id ("actor:NL"), a key or a label, any case.

    Raises
    ------
    InputError
        No node or several nodes match; the message lists the candidates.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_node("priority:THB", key="THB", label="THB")
    >>> G.add_node("action:THB-2022/OA 2.1", key="THB-2022/OA 2.1", label="THB OA 2.1")
    >>> resolve_focus(G, "thb"), resolve_focus(G, "THB OA 2.1")
    ('priority:THB', 'action:THB-2022/OA 2.1')
    """
    if focus in G:
        return focus
    want = focus.strip().casefold()
    for attr in ("key", "label"):
        hits = sorted(n for n, v in G.nodes(data=attr) if v is not None and str(v).casefold() == want)
        if len(hits) == 1:
            return str(hits[0])
        if len(hits) > 1:
            raise InputError(f"--focus '{focus}' is ambiguous: it names {', '.join(hits)}; give one of these")
    known = {str(v): n for n, v in G.nodes(data="key") if v is not None}
    close = get_close_matches(focus, list(known), n=3, cutoff=0.5)
    hint = f"; closest: {', '.join(close)}" if close else ""
    raise InputError(f"--focus '{focus}' names no priority, OAP, goal, action or actor in the data{hint}")


def _priority_distances(analysis: Analysis, start: Iterable[str], depth: int) -> dict[str, int]:
    """Each priority at most ``depth`` synergy links from ``start`` (the analysis' pairs the matrix
    shows: a declaration either way or a co-naming), with its distance; breadth first."""
    nbrs: dict[str, set[str]] = defaultdict(set)
    for s in analysis.synergies:
        if s.status in _LINKING:
            nbrs[s.a].add(s.b)
            nbrs[s.b].add(s.a)
    dist = dict.fromkeys(start, 0)
    frontier = sorted(dist)
    for d in range(1, depth + 1):
        frontier = sorted({q for p in frontier for q in nbrs[p] if q not in dist})
        dist.update(dict.fromkeys(frontier, d))
    return dist


def _focus_priorities(ds: Dataset, kind: str, key: str) -> set[str]:
    """The priorities a focus works for, its depth 0: a priority itself; the priority of an OAP or of an
    action's OAP; the priorities whose actions serve a goal (and the one it is specific to); the
    priorities on whose OAPs or own actions an actor has a role (not those only declared towards)."""
    owner = ds.priority_of_oap()
    if kind == "priority":
        return {key}
    if kind == "oap":
        return {owner[key]}
    if kind == "action":
        return {owner[a.oap_id] for a in ds.actions if a.action_id == key}
    if kind == "goal":
        specific = {g.priority for g in ds.goals if g.goal_id == key and g.priority}
        return specific | {owner[a.oap_id] for a in ds.actions if a.goal_id == key}
    return {owner[r.oap_id] for r in ds.oap_actors if r.actor == key} | {
        owner[pa.oap_id] for pa in ds.participations if pa.actor == key
    }


def _own_nodes(ds: Dataset, priorities: set[str]) -> set[str]:
    """The nodes of ``priorities``' own work: their OAPs, the OAPs' actions, the goals those serve and
    the goals specific to them, and the actors with a role on those OAPs or actions."""
    oaps = {o.oap_id for o in ds.oaps if o.priority in priorities}
    acts = [a for a in ds.actions if a.oap_id in oaps]
    nodes = {node_id("oap", o) for o in oaps}
    nodes |= {node_id("action", a.action_id) for a in acts}
    nodes |= {node_id("goal", a.goal_id) for a in acts}
    nodes |= {node_id("goal", g.goal_id) for g in ds.goals if g.priority in priorities}
    nodes |= {node_id("actor", r.actor) for r in ds.oap_actors if r.oap_id in oaps}
    nodes |= {node_id("actor", pa.actor) for pa in ds.participations if pa.oap_id in oaps}
    return nodes


def ego_view(data: Dataset | Analysis, focus: str, depth: int = 1) -> nx.Graph:
    """The neighbourhood of one priority, OAP, goal, action or actor, ``depth`` priorities deep.

    Depth counts priorities, not links (issue 15). The focus' priorities are depth 0: a priority
    itself, an OAP's or an action's priority, the priorities whose actions serve a goal, those an actor
    has roles on.
    Depth ``n`` shows the priorities at most ``n`` links away from them in the analysis' synergy pairs
    that the matrix shows (a declaration either way, or a co-naming by a third OAP: status
    reciprocated, one-sided, unchecked or co-named); the priorities closer than ``n`` with their own
    work (OAPs, actions, goals, actors), those ``n`` away with the actions that link them (declared or
    co-named, with the OAP of each action whose priority is shown). The focus and its direct
    neighbours are always shown: depth 0 is the focus and what touches it.

    ``data`` is an analysis, or a dataset (analysed with the default options). ``focus`` is a code, id
    or label (see :func:`resolve_focus`). The focus node has ``focus=True``; ``G.graph["priority_depth"]``
    maps each priority shown to its depth.

    Examples
    --------
    >>> from overlapgraph.model import OAP, Action, Goal, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b"), Priority("C", "c")],
    ...     oaps=[OAP("A-2022", "A", "2022"), OAP("C-2022", "C", "2022")],
    ...     goals=[Goal("CHSG-1", 1, "CHSG 1", "Intelligence")],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1"), Action("C-2022", "1.1", "CHSG-1")],
    ...     overlaps=[Overlap("A-2022", "1.1", "B")])
    >>> sorted(ego_view(ds, "B", depth=0))
    ['action:A-2022/OA 1.1', 'priority:B']
    >>> G = ego_view(ds, "B")
    >>> sorted(G)
    ['action:A-2022/OA 1.1', 'oap:A-2022', 'priority:A', 'priority:B']
    >>> G.graph["title"]
    'Neighbourhood of B (1 priority deep)'
    >>> sorted(set(ego_view(ds, "B", depth=2)) - set(G))  # A's own work; C shares only a goal
    ['goal:CHSG-1']
    """
    if depth < 0:
        raise ValueError(f"depth must be >= 0, not {depth}")
    analysis = _analysis(data)
    ds = analysis.dataset
    full = _display_graph(ds, idx=_Index.of(analysis))
    centre = resolve_focus(full, focus)
    dist = _priority_distances(
        analysis, _focus_priorities(ds, full.nodes[centre]["kind"], full.nodes[centre]["key"]), depth
    )
    inner = {p for p, d in dist.items() if d < depth}
    nodes = {centre, *full[centre], *(node_id("priority", p) for p in dist)} | _own_nodes(ds, inner)
    owner = ds.priority_of_oap()
    for s in analysis.synergies:
        if s.status not in _LINKING or s.a not in dist or s.b not in dist or not ({s.a, s.b} & inner):
            continue
        for kind in ("declared", "co_named"):
            e = s.evidence.get(kind)
            for aid in e.items if e is not None else ():
                oap = aid.partition("/OA ")[0]
                nodes.add(node_id("action", aid))
                if owner.get(oap) in dist:
                    nodes.add(node_id("oap", oap))
    G = full.subgraph(n for n in nodes if n in full).copy()
    G.nodes[centre]["focus"] = True
    deep = f"{depth} priorit{'y' if depth == 1 else 'ies'} deep"
    G.graph.update(
        title=f"Neighbourhood of {G.nodes[centre]['label']} ({deep})",
        notes=[],
        priority_depth=dict(sorted(dist.items())),
    )
    return _with_degree_centrality(G)


def _describe(G: nx.Graph, ds: Dataset) -> nx.Graph:
    """Add the names the page's legend and filters show: priority names and goal titles."""
    G.graph["priority_names"] = {p.code: p.name for p in ds.priorities}
    G.graph["goal_titles"] = {g.goal_id: f"{g.label} — {g.title}" if g.title else g.label for g in ds.goals}
    return G


def make_view(
    data: Dataset | Analysis,
    view: str,
    *,
    focus: str | None = None,
    depth: int = 1,
    evidence: Evidence | None = None,
    max_nodes: int | None = None,
    panels: bool = True,
) -> nx.Graph:
    """The view named ``view`` (one of :data:`VIEW_NAMES`); ``focus`` is required for "ego".

    ``data`` is an analysis (:func:`~overlapgraph.analysis.analyse`), or a dataset analysed with the
    default options. Priorities get their community; with ``panels`` (for a page), every node and edge
    also gets the evidence panel the page pins on a click (``panel``: :func:`add_panels`), and nodes the
    titles search looks through.

    Examples
    --------
    >>> from overlapgraph.analysis import analyse
    >>> make_view(analyse(Dataset()), "priorities").graph["title"]
    'Priorities and their synergies'
    """
    analysis = _analysis(data)
    ds = analysis.dataset
    if view == "priorities":
        G = priorities_view(analysis)
    elif view == "actions":
        G = actions_view(ds, max_nodes, _index=_Index.of(analysis))
    elif view == "actors":
        G = actors_view(ds)
    elif view == "ego":
        if not focus:
            raise ValueError("the ego view needs a focus")
        G = ego_view(analysis, focus, depth)
    else:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEW_NAMES)}")
    G = _describe(G, ds)
    return add_panels(G, analysis, evidence) if panels else _add_communities(G, analysis)


def _add_communities(G: nx.Graph, analysis: Analysis) -> nx.Graph:
    """Give each priority node ``community``: its index in ``analysis.structure.communities``, -1 for none."""
    community = analysis.structure.community_of()
    for _, d in G.nodes(data=True):
        if d.get("kind") == "priority":
            d["community"] = community.get(str(d.get("label", d.get("key") or "")), -1)
    return G


def add_panels(G: nx.Graph, analysis: Analysis, evidence: Evidence | None = None) -> nx.Graph:
    """Give the nodes and edges of a view what the page's evidence panel and search show.

    ``panel`` (node and edge attribute): ``{"title", "summary", "tables", "cell"}``; the tables are
    :class:`~overlapgraph.present.evidence.Table` dicts from the pair's or the node's synergy rows;
    ``cell`` the matrix cell (``cell-A--B``) a pair links to. Priority nodes get ``community`` (the index
    in ``analysis.structure.communities``, -1 for none), and every node ``search``: the titles and names
    search matches.
    """
    from .evidence import evidence_of
    from .matrix import cell_id

    ev = evidence or evidence_of(analysis)
    _add_communities(G, analysis)
    titles_of = ev.titles_of
    for _, d in G.nodes(data=True):
        kind, key = d.get("kind"), str(d.get("key") or d.get("label", ""))
        tables = []
        if kind == "priority":
            code = str(d.get("label", key))
            tables = ev.priority_tables(code)
            titles = titles_of.get(code, [])[:SEARCH_TITLES]
            d["search"] = " ".join([analysis.names.get(code, ""), *titles])
        elif kind == "action":
            tables = ev.action_tables(key)
            found = ev.actions.get(key)
            d["search"] = found.title if found else ""
        elif kind == "actor":
            tables = ev.actor_tables(key)
            d["search"] = ev.actor_names.get(key, "")
        d["panel"] = {
            "title": str(d.get("tooltip", "")).split("\n")[0],
            "summary": str(d.get("tooltip", "")),
            "tables": [t.as_dict(PANEL_ROWS, "the workbook (overlapgraph export)") for t in tables],
            "cell": None,
        }
    for _, _, d in G.edges(data=True):
        row = d.get("data")
        if isinstance(row, dict):
            a, b = row["priority_a"], row["priority_b"]
            cell = cell_id(a, b) if row["declared_a_to_b"] or not row["declared_b_to_a"] else cell_id(b, a)
            d["panel"] = {
                "title": f"{a} – {b}",
                "summary": ev.pair_summary(a, b) + (f"\nWhy: {row['reason']}" if row["reason"] else ""),
                "tables": [
                    t.as_dict(PANEL_ROWS, f"overlapgraph synergies --pair {a} {b}")
                    for t in ev.pair_tables(a, b)
                ],
                "cell": cell,
            }
        else:
            text = str(d.get("tooltip", ""))
            d["panel"] = {"title": text.split("\n")[0], "summary": text, "tables": [], "cell": None}
    return G


def priority_action_view(ds: Dataset) -> nx.Graph:
    """Former name of :func:`actions_view`, kept for callers written before the views existed."""
    return actions_view(ds)
