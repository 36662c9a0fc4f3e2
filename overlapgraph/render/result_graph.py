"""A Cypher result's nodes and relationships drawn as the offline network page of ``draw`` (cypher --draw).

The nodes and relationships come as plain dicts (:func:`overlapgraph.store.readonly.graph_parts`):
``{"id", "labels", "properties"}`` and ``{"id", "type", "start", "end", "properties"}``. Nodes are
coloured and shaped by label, as ``draw`` colours the kinds of the graph model (Priority, OAP, Goal,
Action, Actor), other labels in colours of their own; each is labelled by its key property
(``Priority.code``, ``Action.action_id``...). Every property is shown in the tooltip and the panel, as
text: the page never reads data as HTML.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from ..errors import InputError
from .network import write_network

__all__ = ["EMPTY_RESULT", "node_key", "result_graph", "write_result_page"]

#: The error when there is nothing to draw.
EMPTY_RESULT = (
    "nothing to draw: the result holds no nodes or relationships; return them or paths "
    "(e.g. MATCH p = (:Priority)-[]-() RETURN p), not only their properties"
)

#: The labels of the graph model, drawn as ``draw`` draws these kinds.
_KINDS = {"Priority": "priority", "OAP": "oap", "Goal": "goal", "Action": "action", "Actor": "actor"}
#: The key properties of each label (docs/neo4j.md); other labels: the first of _ANY_KEY they have.
_KEYS = {
    "Priority": ("code",),
    "OAP": ("oap_id",),
    "Action": ("action_id",),
    "Goal": ("goal_id",),
    "Actor": ("code",),
    "PriorityInPeriod": ("code", "period"),
    "Analysis": ("period",),
}
_ANY_KEY = ("code", "name", "id", "title", "period")
#: Styles of other labels, in order of first appearance (Okabe-Ito colours the kinds leave, then greys).
_EXTRA = (
    ("#0072B2", "hexagon", "⬢"),
    ("#D55E00", "box", "■"),
    ("#000000", "triangleDown", "▼"),
    ("#7F7F7F", "ellipse", "⬬"),
    ("#B07AA1", "hexagon", "⬢"),
    ("#5F9E6E", "box", "■"),
)
_NO_LABEL = "(no labels returned)"
#: Provenance properties of every loaded node and relationship: in the panel, not in the tooltip.
_PROVENANCE = ("load_id", "loaded_at", "load_seq", "loaded_from")
_TOOLTIP_PROPERTIES = 12
_TEXT_LIMIT = 300


def _text(value: Any) -> str:
    """A property value as text: lists joined with "; ", maps as JSON, long text cut.

    >>> _text(["a", 1]), _text(None), _text({"x": 1})
    ('a; 1', '', '{"x": 1}')
    """
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list) and all(not isinstance(x, list | dict) for x in value):
        text = "; ".join(_text(x) for x in value)
    elif isinstance(value, list | dict):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = str(value)
    return text if len(text) <= _TEXT_LIMIT else text[:_TEXT_LIMIT] + "..."


def _primary(labels: Sequence[str]) -> str:
    """The label a node is drawn by: a label of the graph model first, else the first by name."""
    known = [x for x in labels if x in _KINDS]
    return known[0] if known else (sorted(labels)[0] if labels else _NO_LABEL)


def node_key(labels: Sequence[str], properties: Mapping[str, Any], fallback: str) -> str:
    """The text a node is labelled with: its key property, else a name-like one, else ``fallback``.

    >>> node_key(["Priority"], {"code": "THB", "name": "Trafficking"}, "4:x:1")
    'THB'
    >>> node_key(["PriorityInPeriod"], {"code": "THB", "period": "2022"}, "4:x:2")
    'THB 2022'
    >>> node_key(["Note"], {"text": "hi"}, "4:x:3")
    'Note 4:x:3'
    """
    keys = _KEYS.get(_primary(labels), ())
    if keys and all(properties.get(k) not in (None, "") for k in keys):
        return " ".join(_text(properties[k]) for k in keys)
    for k in _ANY_KEY:
        if properties.get(k) not in (None, ""):
            return _text(properties[k])
    return f"{_primary(labels) if labels else 'node'} {fallback}"


def _lines(head: str, properties: Mapping[str, Any]) -> list[str]:
    shown = [k for k in sorted(properties) if k not in _PROVENANCE]
    lines = [head] + [f"{k}: {_text(properties[k])}" for k in shown[:_TOOLTIP_PROPERTIES]]
    if len(shown) > _TOOLTIP_PROPERTIES:
        lines.append(f"... and {len(shown) - _TOOLTIP_PROPERTIES} more (click for all)")
    return lines


def _panel(title: str, summary: str, properties: Mapping[str, Any]) -> dict[str, Any]:
    rows = [[k, _text(properties[k])] for k in sorted(properties)]
    table = {"caption": "Properties", "columns": ["property", "value"], "rows": rows}
    return {"title": title, "summary": summary, "tables": [table] if rows else [], "cell": None}


def result_graph(
    nodes: Sequence[Mapping[str, Any]], relationships: Sequence[Mapping[str, Any]]
) -> nx.MultiDiGraph:
    """The result as a graph the network page draws: one node per result node, one edge per relationship.

    Node attributes: ``kind`` (the graph model's kind for its labels, else ``label-N``), ``label`` (the
    key property, :func:`node_key`), ``key``, ``tooltip`` and ``panel`` (the properties, as text), and
    ``priorities`` for Priority nodes (the page's filter). Edges carry ``rel`` (the type), ``arrows``
    ("to": start to end), ``tooltip`` and ``panel``. ``G.graph["kind_styles"]`` styles the other labels.

    Raises
    ------
    InputError
        There are no nodes (:data:`EMPTY_RESULT`).

    Examples
    --------
    >>> G = result_graph([{"id": "n1", "labels": ["Priority"], "properties": {"code": "THB"}},
    ...     {"id": "n2", "labels": ["Note"], "properties": {"name": "<b>x</b>"}}],
    ...     [{"id": "r1", "type": "ABOUT", "start": "n2", "end": "n1", "properties": {}}])
    >>> G.nodes["n1"]["kind"], G.nodes["n2"]["kind"], G.nodes["n2"]["label"]
    ('priority', 'label-1', '<b>x</b>')
    >>> G.graph["kind_styles"]["label-1"]["text"]
    'Note'
    >>> list(G.edges(data="rel"))
    [('n2', 'n1', 'ABOUT')]
    """
    if not nodes:
        raise InputError(EMPTY_RESULT)
    G = nx.MultiDiGraph(
        title="Cypher result", notes=[], size_by="degree (relationships in the result)", kind_styles={}
    )
    extra: dict[str, str] = {}  # other label -> kind
    for n in nodes:
        labels = [str(x) for x in n.get("labels", ())]
        props = dict(n.get("properties", {}))
        primary = _primary(labels)
        if primary in _KINDS:
            kind = _KINDS[primary]
        else:
            if primary not in extra:
                extra[primary] = f"label-{len(extra) + 1}"
                colour, shape, glyph = _EXTRA[(len(extra) - 1) % len(_EXTRA)]
                if primary == _NO_LABEL:
                    colour, shape, glyph = "#BBBBBB", "dot", "●"
                G.graph["kind_styles"][extra[primary]] = {
                    "colour": colour,
                    "shape": shape,
                    "glyph": glyph,
                    "text": primary,
                }
            kind = extra[primary]
        key = node_key(labels, props, str(n["id"]))
        head = f"(:{':'.join(labels)} {key})" if labels else f"({key}) {_NO_LABEL}"
        tooltip = "\n".join(_lines(head, props))
        attrs: dict[str, Any] = {
            "kind": kind,
            "label": key,
            "key": key,
            "tooltip": tooltip,
            "panel": _panel(head, tooltip, props),
        }
        if primary == "Priority" and props.get("code"):
            attrs["priorities"] = [str(props["code"])]
        G.add_node(str(n["id"]), **attrs)
    for r in relationships:
        u, v = str(r["start"]), str(r["end"])
        if u not in G or v not in G:
            raise ValueError(f"relationship {r['id']} ends at a node that is not in nodes")
        props = dict(r.get("properties", {}))
        head = f"{G.nodes[u]['label']} -[:{r['type']}]-> {G.nodes[v]['label']}"
        tooltip = "\n".join(_lines(head, props))
        G.add_edge(
            u,
            v,
            key=str(r["id"]),
            rel=str(r["type"]),
            arrows="to",
            weight=1.0,
            tooltip=tooltip,
            panel=_panel(head, tooltip, props),
        )
    unlabelled = sum(1 for n in nodes if not n.get("labels"))
    if unlabelled:
        G.graph["notes"].append(
            f"{unlabelled} nodes are ends of returned relationships whose labels and properties the query "
            "did not return; return the nodes too to see them."
        )
    return G


def write_result_page(
    nodes: Sequence[Mapping[str, Any]],
    relationships: Sequence[Mapping[str, Any]],
    html: Path,
    *,
    subtitle: str = "",
    notes: Sequence[str] = (),
) -> list[Path]:
    """Draw the result (:func:`result_graph`) as the offline network page ``html``; return the files.

    Raises
    ------
    InputError
        The result holds no nodes or relationships; nothing is written.
    OutputError
        ``html`` cannot be written.
    """
    G = result_graph(nodes, relationships)
    G.graph["notes"].extend(notes)
    counts = Counter(str(d["rel"]) for *_, d in G.edges(data=True))
    G.graph["title"] = f"Cypher result: {len(G)} nodes, {G.number_of_edges()} relationships" + (
        f" ({', '.join(f'{t} {n}' for t, n in sorted(counts.items()))})" if counts else ""
    )
    return write_network(G, html, subtitle=subtitle)
