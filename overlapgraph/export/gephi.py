"""The views of ``draw`` (priorities, actions, actors) as GEXF or GraphML for Gephi: weights, communities.

The graph is the view of :func:`overlapgraph.present.views.make_view`, the one the network pages draw,
so a node has the same community, colour and size in Gephi as on the page, and an edge of the
priorities view carries the pair's row of the synergy table (:func:`~overlapgraph.present.rows.
synergy_row`: ``score``, ``status`` and every ``<kind>_*`` value) under the names of ``synergies.csv``
and the workbook, with ``weight`` equal to ``score``. Nothing is computed here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..output import OutputSet, xml_safe

if TYPE_CHECKING:
    from ..analysis.core import Analysis

__all__ = ["GEPHI_VIEWS", "WEIGHT_MEANING", "gephi_graph", "write_gephi", "write_graph_file", "xml_clean"]

#: The views ``export --view`` writes for Gephi (``graph``, the default, is the whole raw graph).
GEPHI_VIEWS = ("priorities", "actions", "actors")

#: What an edge's ``weight`` is in each view (also the graph attribute ``weight``).
WEIGHT_MEANING = {
    "priorities": "synergy score of the pair (the score of synergies.csv)",
    "actions": "number of relationships between the two nodes",
    "actors": "number of roles of the actor on the priority's OAPs and actions",
}


def _rgb(colour: str) -> dict[str, int | float]:
    """``#RRGGBB`` as GEXF's viz colour.

    >>> _rgb("#E69F00")
    {'r': 230, 'g': 159, 'b': 0, 'a': 1.0}
    """
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16), "a": 1.0}


def _flat(value: Any) -> Any:
    """A value GraphML and GEXF can hold: lists joined with "; " (as in synergies.csv), the rest as is."""
    return "; ".join(str(x) for x in value) if isinstance(value, list | tuple) else value


def gephi_graph(analysis: Analysis, view: str, *, viz: bool = True) -> nx.Graph:
    """The view ``view`` (one of :data:`GEPHI_VIEWS`) with plain attributes only, ready for Gephi.

    Node attributes: ``label``, ``kind``, ``key``, ``name`` (priorities and actors), ``actor_kind``,
    ``priorities`` (codes joined with "; "), ``centrality`` (the page's node size measure, see the graph
    attribute ``size_by``), ``community`` (index in the analysis' communities; -1 for none and for nodes
    that are not priorities), ``colour`` (hex, the page's) and, with ``viz``, GEXF's ``viz`` (colour
    and size as the page draws them). Edge attributes: ``rel``, ``weight`` (see
    :data:`WEIGHT_MEANING`) and, in the priorities view, the pair's whole row of the synergy table
    (``rank``, ``score``, ``status``, ``<kind>_count`` ...), lists joined with "; " and the kinds that
    are not available left out (as in Neo4j). Graph attributes: ``name`` (GEXF's graph name),
    ``title``, ``view``, ``dataset``, ``period``, ``size_by``, ``weight``.

    Examples
    --------
    >>> from overlapgraph.analysis import analyse
    >>> from overlapgraph.model import OAP, Action, Dataset, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b")], oaps=[OAP("A-2022", "A", "2022")],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1")], overlaps=[Overlap("A-2022", "1.1", "B")])
    >>> an = analyse(ds)
    >>> G = gephi_graph(an, "priorities")
    >>> G.edges["priority:A", "priority:B"]["weight"] == round(an.synergies[0].score, 4)
    True
    >>> G.nodes["priority:A"]["community"], G.nodes["priority:A"]["colour"]
    (0, '#009E73')
    """
    from ..present.views import make_view
    from ..render.network import node_colour, node_size

    if view not in GEPHI_VIEWS:
        raise ValueError(f"unknown view {view!r}; use one of: {', '.join(GEPHI_VIEWS)}")
    V = make_view(analysis, view, panels=False)  # Gephi shows no panels: they are not made
    ds = analysis.dataset
    names = {**{a.code: a.name for a in ds.actors}, **analysis.names}
    title = str(V.graph.get("title", view))
    H = nx.Graph(
        name=f"{title}: {ds.name or 'the data'}" + (f" ({analysis.period})" if analysis.period else ""),
        title=title,
        view=view,
        dataset=ds.name,
        period=analysis.period,
        size_by=str(V.graph.get("size_by", "")),
        weight=WEIGHT_MEANING[view],
    )
    for n, d in V.nodes(data=True):
        kind = str(d.get("kind", ""))
        key = str(d.get("key") or d.get("label", n))
        community = d.get("community", -1) if kind == "priority" else -1
        community = community if isinstance(community, int) else -1
        centrality = float(d.get("centrality", 0.0))
        colour = node_colour(kind, community)
        attrs: dict[str, Any] = {
            "label": str(d.get("label", n)),
            "kind": kind,
            "key": key,
            "priorities": _flat(d.get("priorities", [])),
            "centrality": centrality,
            "community": community,
            "colour": colour,
        }
        if kind in ("priority", "actor"):
            attrs["name"] = names.get(key, "")
        if d.get("actor_kind"):
            attrs["actor_kind"] = str(d["actor_kind"])
        if viz:
            attrs["viz"] = {"color": _rgb(colour), "size": node_size(centrality)}
        H.add_node(n, **attrs)
    for u, v, d in V.edges(data=True):
        edge: dict[str, Any] = {"rel": str(d.get("rel", "")), "weight": float(d.get("weight", 1.0))}
        row = d.get("data")
        if isinstance(row, dict):  # the pair's row of the synergy table, as every output has it
            edge.update({k: _flat(x) for k, x in row.items() if x is not None})
            edge["weight"] = row["score"]
        H.add_edge(u, v, **edge)
    return H


def xml_clean(G: nx.Graph) -> nx.Graph:
    """``G`` itself, or a copy with every text made fit for XML (:func:`~overlapgraph.output.xml_safe`)."""

    def texts() -> Any:
        yield from G.graph.values()
        for n, d in G.nodes(data=True):
            yield n
            yield from (x for k, x in d.items() if k != "viz")
        for *_, d in G.edges(data=True):
            yield from d.values()

    if all(xml_safe(x) == x for x in texts()):
        return G
    H = G.__class__(**{k: xml_safe(x) for k, x in G.graph.items()})

    def clean(d: dict[str, Any]) -> dict[str, Any]:
        return {k: x if k == "viz" else xml_safe(x) for k, x in d.items()}

    H.add_nodes_from((xml_safe(n), clean(d)) for n, d in G.nodes(data=True))
    if G.is_multigraph():
        H.add_edges_from(
            (xml_safe(u), xml_safe(v), k, clean(d)) for u, v, k, d in G.edges(keys=True, data=True)
        )
    else:
        H.add_edges_from((xml_safe(u), xml_safe(v), clean(d)) for u, v, d in G.edges(data=True))
    return H


def write_graph_file(G: nx.Graph, fmt: str, path: Path) -> None:
    """Write ``G`` as ``fmt`` (``gexf`` or ``graphml``) to ``path`` atomically, texts made fit for XML.

    Raises
    ------
    ValueError
        ``fmt`` is not gexf or graphml.
    """
    if fmt not in ("gexf", "graphml"):
        raise ValueError(f"a graph is written as gexf or graphml, not {fmt!r}")
    G = xml_clean(G)
    with OutputSet() as out:
        if fmt == "graphml":
            nx.write_graphml(G, out.file(path), encoding="utf-8")
        else:
            nx.write_gexf(G, out.file(path), encoding="utf-8")


def write_gephi(analysis: Analysis, view: str, fmt: str, path: Path) -> None:
    """Write :func:`gephi_graph` of ``view`` as ``fmt`` (``gexf`` or ``graphml``) to ``path``, atomically.

    GraphML cannot hold GEXF's ``viz``: there the colour is the ``colour`` attribute (hex) only.

    Raises
    ------
    ValueError
        ``fmt`` is not gexf or graphml, or ``view`` is not one of :data:`GEPHI_VIEWS`.
    """
    if fmt not in ("gexf", "graphml"):
        raise ValueError(f"a view is written as gexf or graphml, not {fmt!r}")
    write_graph_file(gephi_graph(analysis, view, viz=fmt == "gexf"), fmt, path)
