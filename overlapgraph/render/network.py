"""Graph -> one self-contained HTML page: vis-network inlined, data embedded as escaped JSON.

The page fetches nothing: vis-network 9.1.2 (as shipped inside the pyvis package) and the page's own
script and style are inline, and a Content-Security-Policy allows only those scripts (by hash), so
neither a network fetch nor an injected script can run. Data text reaches the page only through
jinja2's autoescaping, a JSON block and vis-network's plain-text tooltips.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import secrets
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx
import orjson
from markupsafe import Markup

from ..model import natural_key

__all__ = [
    "COMMUNITY_COLOURS",
    "KIND_STYLES",
    "LAYOUT_THRESHOLD",
    "MAX_NODES",
    "node_colour",
    "node_size",
    "render_html",
    "render_page",
    "write_html",
    "write_network",
]

#: Above this many nodes the page is laid out in advance (networkx/igraph) and physics starts off.
LAYOUT_THRESHOLD = 300
#: Above this many nodes only the most central ones are drawn, and the page says so.
MAX_NODES = 5000


@dataclass(frozen=True)
class _KindStyle:
    colour: str
    shape: str
    glyph: str
    text: str


#: Node kinds: Okabe-Ito colours (colour-blind safe), with a distinct shape each so colour is not the
#: only cue.
KIND_STYLES = {
    "priority": _KindStyle("#E69F00", "dot", "●", "Priority"),
    "oap": _KindStyle("#56B4E9", "square", "■", "OAP (action plan)"),
    "goal": _KindStyle("#F0E442", "triangle", "▲", "Strategic goal"),
    "action": _KindStyle("#009E73", "diamond", "◆", "Operational action"),
    "actor": _KindStyle("#CC79A7", "star", "★", "Actor"),
}
_OTHER = _KindStyle("#999999", "dot", "●", "Other")

#: Edge styles by ``rel``: colour, dashed, legend text. Everything else is grey "structure".
_EDGE_STYLES = {
    "SYNERGY": ("#0072B2", False, "Synergy (width: score)"),
    "DECLARES_OVERLAP": ("#D55E00", True, "Declared overlap"),
    "VIA_OVERLAP": ("#D55E00", True, "Via an action declared towards it"),
    "WORKS_ON": ("#CC79A7", False, "Role on the priority's OAP or actions"),
}
_STRUCTURE = ("#999999", False, "Structure (belongs to, serves, has action, roles)")

#: Synergy links by the pair's status: colour, dashes (False, True or a vis-network pattern), legend.
#: Arrows point from the declaring priority to the one it names.
_STATUS_STYLES: dict[str, tuple[str, bool | list[int], str]] = {
    "reciprocated": ("#0072B2", False, "Reciprocated: both declare each other (arrows both ways)"),
    "one-sided": ("#D55E00", False, "One-sided: the named priority's OAP does not declare back"),
    "unchecked": ("#D55E00", True, "Declared; the named priority's OAP is not loaded (unchecked)"),
    "co-named": ("#7F7F7F", [2, 5], "Co-named only: a third OAP names both"),
    "indirect": ("#BBBBBB", [1, 6], "Indirect: shared actors or goals only"),
}
#: Community colours of priority nodes (Okabe-Ito, the priority orange left for "no community").
COMMUNITY_COLOURS = ("#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#0072B2", "#D55E00")


def node_colour(kind: str, community: object = None) -> str:
    """The colour a node is drawn in: its community's for a priority in one, else its kind's (hex).

    The network pages and the Gephi exports (``export --view``) colour nodes with it.

    >>> node_colour("priority", 0), node_colour("priority", -1), node_colour("actor")
    ('#009E73', '#E69F00', '#CC79A7')
    """
    if kind == "priority" and isinstance(community, int) and community >= 0:
        return COMMUNITY_COLOURS[community % len(COMMUNITY_COLOURS)]
    return KIND_STYLES.get(kind, _OTHER).colour


def node_size(centrality: float) -> float:
    """The size a node is drawn at, from its centrality in [0, 1] (8 to 30).

    >>> node_size(0.0), node_size(1.0), node_size(0.25)
    (8.0, 30.0, 19.0)
    """
    return round(8 + 22 * math.sqrt(max(0.0, min(1.0, centrality))), 2)


_ACTOR_KIND_TEXT = {
    "member_state": "Member States",
    "eu_agency": "EU agencies and bodies",
    "non_eu_country": "Non-EU countries",
    "international_organisation": "International organisations",
    "private_partner": "Private partners",
}


def _package_folder(name: str) -> Path:
    """The folder of an installed package, found without importing it (pyvis imports IPython: 0.7 s)."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"No module named '{name}'; reinstall overlapgraph (pip install .)")
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def _assets() -> dict[str, str]:
    """vis-network from the pyvis package, and the page's own script and style."""
    vis = _package_folder("pyvis") / "templates" / "lib" / "vis-9.1.2"
    here = files("overlapgraph.render").joinpath("templates")
    return {
        "vis_js": vis.joinpath("vis-network.min.js").read_text("utf-8"),
        "vis_css": vis.joinpath("vis-network.css").read_text("utf-8"),
        "page_js": here.joinpath("network.js").read_text("utf-8"),
        "page_css": here.joinpath("network.css").read_text("utf-8"),
    }


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@cache
def _csp() -> str:
    """No fetches of any kind; only our two inline scripts (by hash) may run."""
    a = _assets()
    return (
        "default-src 'none'; "
        f"script-src {_sha256(a['vis_js'])} {_sha256(a['page_js'])}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


@cache
def _template() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("overlapgraph.render", "templates"),
        autoescape=True,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    return env.get_template("network.html.j2")


def prepare() -> None:
    """Load what every page uses (scripts, styles, their hashes, the template, the version in the
    header) now, not at the first page: before a fork (:func:`overlapgraph.pipeline.write_report`) so
    that the child inherits it."""
    from .. import __version__  # noqa: F401  (looked up once, kept in the package)

    _csp()
    _template()


def _script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>', '&' or JS-breaking line separators.

    Written by orjson (in Rust: a 13 MB page's data in 0.07 s where :func:`json.dumps` takes 0.3 s), the
    text :func:`json.dumps` writes with ``ensure_ascii=False`` and no spaces, but for floats in
    exponent form (``1e-05`` there, ``1e-5`` here: the same number) and NaN or infinity (``null`` here;
    invalid JSON there). What orjson refuses (an integer beyond 64 bits, a lone surrogate) json writes,
    in ASCII: every other character as an escape, so that a lone surrogate is one too.

    >>> _script_json({"a": "</script><b>", 1: [0.5, None]})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e","1":[0.5,null]}'
    >>> _script_json(["\\ud800 é", 2**70])
    '["\\\\ud800 \\\\u00e9",1180591620717411303424]'
    """
    return _script_json_bytes(value).decode("utf-8")


def _script_json_bytes(value: Any) -> bytes:
    """:func:`_script_json` as UTF-8, the form a page is written in (a page's data is megabytes)."""
    try:
        data = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
    except orjson.JSONEncodeError:
        data = json.dumps(value, separators=(",", ":")).encode("ascii")
    return (
        data.replace(b"<", b"\\u003c")
        .replace(b">", b"\\u003e")
        .replace(b"&", b"\\u0026")
        .replace("\u2028".encode(), b"\\u2028")
        .replace("\u2029".encode(), b"\\u2029")
    )


def _centrality(G: nx.Graph) -> dict[Any, float]:
    """The ``centrality`` node attribute, or degree centrality where it is missing."""
    given = nx.get_node_attributes(G, "centrality")
    if len(given) == len(G):
        return {n: float(c) for n, c in given.items()}
    top = max((d for _, d in G.degree()), default=0) or 1
    return {n: float(given.get(n, d / top)) for n, d in G.degree()}


def _reduce(G: nx.Graph, max_nodes: int, centrality: dict[Any, float]) -> tuple[nx.Graph, str | None]:
    """Keep the ``max_nodes`` most central nodes (priorities first) and say what was left out."""
    if len(G) <= max_nodes:
        return G, None
    order = sorted(
        G,
        key=lambda n: (G.nodes[n].get("kind") != "priority", -centrality[n], -G.degree(n), str(n)),
    )
    H = G.subgraph(order[:max_nodes]).copy()
    note = (
        f"Too large to read: showing the {max_nodes} most central of {len(G)} nodes "
        f"({G.number_of_edges() - H.number_of_edges()} links left out). Draw an ego view "
        "(--view ego --focus CODE) or use the filters to see the rest."
    )
    return H, note


def _graph_data(
    G: nx.Graph, centrality: dict[Any, float], pos: dict[Any, tuple[float, float]] | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    extra = dict(G.graph.get("kind_styles", {}))
    nodes: list[dict[str, Any]] = []
    for n, d in G.nodes(data=True):
        kind = str(d.get("kind", ""))
        node: dict[str, Any] = {
            "id": str(n),
            "label": str(d.get("label", n)),
            "title": str(d.get("tooltip", d.get("label", n))),
            "group": kind if kind in KIND_STYLES or kind in extra else "other",
            "size": node_size(centrality[n]),
        }
        # Only what the filters and search need; absent means "none" (keeps big pages small).
        for attr in ("priorities", "goals"):
            if d.get(attr):
                node[attr] = [str(x) for x in d[attr]]
        if d.get("key"):
            node["key"] = str(d["key"])
        if d.get("actor_kind"):
            node["actor_kind"] = str(d["actor_kind"])
        if d.get("focus"):
            node["borderWidth"] = 4
        if d.get("search"):
            node["search"] = str(d["search"])
        if isinstance(d.get("panel"), dict):
            node["panel"] = d["panel"]
        community = d.get("community")
        if kind == "priority" and isinstance(community, int) and community >= 0:
            colour = node_colour(kind, community)
            node["community"] = community
            node["color"] = {
                "background": colour,
                "border": "#333333",
                "highlight": {"background": colour, "border": "#000000"},
                "hover": {"background": colour, "border": "#000000"},
            }
        if pos is not None:
            x, y = pos[n]
            node["x"], node["y"] = round(x, 1), round(y, 1)
        nodes.append(node)
    weights = [float(w) for _, _, w in G.edges(data="weight", default=1.0)]
    low, high = min(weights, default=1.0), max(weights, default=1.0)
    edges: list[dict[str, Any]] = []
    for (u, v, d), w in zip(G.edges(data=True), weights, strict=True):
        colour, dashed, _ = _EDGE_STYLES.get(str(d.get("rel", "")), _STRUCTURE)
        edge: dict[str, Any] = {
            "from": str(u),
            "to": str(v),
            "width": round(1 + 6 * (w - low) / (high - low), 2) if high > low else 1.5,
            "color": colour,
        }
        if dashed:
            edge["dashes"] = True
        if d.get("tooltip"):
            edge["title"] = str(d["tooltip"])
        row = d.get("data")
        if isinstance(row, dict):  # the pair's row of the synergy table, as every output has it
            edge["data"] = row
            colour, dashes, _ = _STATUS_STYLES.get(str(row["status"]), _STATUS_STYLES["indirect"])
            edge["color"] = colour
            if dashes:
                edge["dashes"] = dashes
            # direction: from the declaring priority to the one it names
            a_side = str(u) == f"priority:{row['priority_a']}"
            fwd, back = (
                (row["declared_a_to_b"], row["declared_b_to_a"])
                if a_side
                else (row["declared_b_to_a"], row["declared_a_to_b"])
            )
            arrows = [x for x, n in (("to", fwd), ("from", back)) if n]
            if arrows:
                edge["arrows"] = ", ".join(arrows)
        elif d.get("arrows") in ("to", "from", "to, from"):  # a directed relationship (cypher --draw)
            edge["arrows"] = str(d["arrows"])
        if isinstance(d.get("panel"), dict):
            edge["panel"] = d["panel"]
        edge["id"] = f"e{len(edges)}"
        edges.append(edge)
    return nodes, edges


def _style(kind: str, extra: dict[str, Any]) -> _KindStyle:
    """A kind's style: the known kinds', then ``G.graph["kind_styles"]`` (colour, shape, glyph, text)."""
    if kind in KIND_STYLES:
        return KIND_STYLES[kind]
    return _KindStyle(**extra[kind]) if kind in extra else _OTHER


def _groups(kinds: set[str], extra: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """vis-network groups: shape and colours of each node kind drawn."""
    out = {}
    for kind in sorted(kinds):
        style = _style(kind, extra)
        out[kind] = {
            "shape": style.shape,
            "color": {
                "background": style.colour,
                "border": "#333333",
                "highlight": {"background": style.colour, "border": "#000000"},
                "hover": {"background": style.colour, "border": "#000000"},
            },
        }
    return out


def render_html(G: nx.Graph, title: str | None = None, subtitle: str = "", **kwargs: Any) -> str:
    """The self-contained HTML page of ``G``: :func:`render_page` as text (the parameters are its own).

    Examples
    --------
    >>> G = nx.Graph([("a", "b")])
    >>> page = render_html(G, "Two nodes <b>")
    >>> "<h1>Two nodes &lt;b&gt;</h1>" in page, "http://" in page.split("<script")[0]
    (True, False)
    """
    return render_page(G, title, subtitle, **kwargs).decode("utf-8")


def render_page(
    G: nx.Graph,
    title: str | None = None,
    subtitle: str = "",
    *,
    made: datetime | None = None,
    layout_threshold: int = LAYOUT_THRESHOLD,
    max_nodes: int = MAX_NODES,
    seed: int = 0,
    matrix_href: str | None = None,
) -> bytes:
    """The self-contained HTML page of ``G``, in UTF-8: the form it is written in (its data, megabytes on
    a large dataset, is never made text).

    Parameters
    ----------
    G : nx.Graph
        A view (see :mod:`overlapgraph.present.views`). Node attributes used: ``label``, ``kind``,
        ``tooltip``, ``centrality``, ``priorities``, ``goals``, ``actor_kind``, ``key``, ``focus``;
        edge attributes: ``rel``, ``tooltip``, ``weight``, ``arrows`` ("to", "from"). Graph attributes:
        ``title``, ``notes``, ``size_by``, ``priority_names``, ``goal_titles``, ``kind_styles`` (styles
        of node kinds beyond :data:`KIND_STYLES`: ``{kind: {"colour", "shape", "glyph", "text"}}``).
        All text is treated as text, never HTML.
    title : str, optional
        The page's heading; defaults to ``G.graph["title"]``.
    subtitle : str
        Which data the page shows (printed after "Data:").
    made : datetime, optional
        The time printed in the header; defaults to now.
    layout_threshold : int
        Above this many nodes, positions are computed here and physics starts off.
    max_nodes : int
        Above this many nodes, only the most central are drawn and the page says so.
    seed : int
        Seed of the layout, for reproducible pages.
    matrix_href : str, optional
        The matrix page beside this one (``matrix.html`` in a report): the panel of a pair links to its
        cell there.

    Returns
    -------
    bytes
        The page in UTF-8; it opens with no network access.

    Examples
    --------
    >>> page = render_page(nx.Graph([("a", "b")]), "Two nodes <b>")
    >>> b"<h1>Two nodes &lt;b&gt;</h1>" in page
    True
    """
    from .. import __version__

    title = title if title is not None else str(G.graph.get("title", "Network"))
    notes = [str(n) for n in G.graph.get("notes", ())]
    centrality = _centrality(G)
    G, note = _reduce(G, max_nodes, centrality)
    if note:
        notes.append(note)
    pos = None
    if len(G) > layout_threshold:
        from .layout import layout_positions

        pos = layout_positions(G, seed=seed)
        notes.append(
            f"Large graph ({len(G)} nodes): laid out in advance with physics off so the page is usable "
            "at once; switch physics on to let it settle."
        )
    nodes, edges = _graph_data(G, centrality, pos)
    kind_counts: dict[str, int] = {}
    for _, k in G.nodes(data="kind", default=""):
        kind_counts[str(k)] = kind_counts.get(str(k), 0) + 1
    extra = dict(G.graph.get("kind_styles", {}))
    legend_kinds = [
        {**vars(_style(k, extra)), "count": kind_counts[k]}
        for k in [*KIND_STYLES, *sorted(set(kind_counts) - set(KIND_STYLES))]
        if k in kind_counts
    ]
    rels = {str(r) for _, _, r in G.edges(data="rel", default="")}
    legend_edges = [
        {"colour": c, "style": "dashed" if dashed else "solid", "text": t}
        for rel, (c, dashed, t) in _EDGE_STYLES.items()
        if rel in rels and rel != "SYNERGY"
    ]
    statuses = {str(e["data"]["status"]) for e in edges if "data" in e}
    legend_edges += [
        {"colour": c, "style": "solid" if not dashes else "dashed" if dashes is True else "dotted", "text": t}
        for status, (c, dashes, t) in _STATUS_STYLES.items()
        if status in statuses
    ]
    scores = [float(e["data"]["score"]) for e in edges if "data" in e]
    communities = sorted({n["community"] for n in nodes if "community" in n})
    members = {
        i: sorted(n["label"] for n in nodes if n.get("community") == i and n["group"] == "priority")
        for i in communities
    }
    if rels - set(_EDGE_STYLES):
        c, _, t = _STRUCTURE
        legend_edges.append({"colour": c, "style": "solid", "text": t})
    priority_names: dict[str, str] = dict(G.graph.get("priority_names", {}))
    goal_titles: dict[str, str] = dict(G.graph.get("goal_titles", {}))
    used_priorities = sorted({p for n in nodes for p in n.get("priorities", ())})
    used_goals = sorted({g for n in nodes for g in n.get("goals", ())}, key=natural_key)
    actor_kinds = sorted({n["actor_kind"] for n in nodes if "actor_kind" in n})
    shown_priorities = sorted(
        str(k) for n, k in G.nodes(data="label") if G.nodes[n].get("kind") == "priority"
    )
    physics = pos is None
    a = _assets()
    graph_json = _script_json_bytes(
        {
            "nodes": nodes,
            "edges": edges,
            "groups": _groups({n["group"] for n in nodes}, extra),
            "physics": physics,
            "large": not physics,
            "matrix": matrix_href,
        }
    )
    # The data goes in after the template: a mark where it goes, which no text of the page holds.
    mark = f"\x00graph-{secrets.token_hex(16)}\x00"
    page = str(
        _template().render(
            csp=_csp(),
            version=__version__,
            title=title,
            subtitle=subtitle,
            made=(made or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC"),
            n_nodes=len(G),
            n_edges=G.number_of_edges(),
            size_by=str(G.graph.get("size_by", "degree centrality (number of links)")),
            notes=notes,
            search_labels=sorted({n["label"] for n in nodes}, key=natural_key)[:2000],
            priority_options=[
                (p, f"{p} — {priority_names[p]}" if p in priority_names else p) for p in used_priorities
            ],
            goal_options=[(g, goal_titles.get(g, g)) for g in used_goals],
            actor_kinds=[(k, _ACTOR_KIND_TEXT.get(k, k.replace("_", " "))) for k in actor_kinds],
            legend_kinds=legend_kinds,
            legend_edges=legend_edges,
            legend_priorities=[(p, priority_names.get(p, "")) for p in shown_priorities],
            priority_colour=KIND_STYLES["priority"].colour,
            legend_communities=[
                (COMMUNITY_COLOURS[i % len(COMMUNITY_COLOURS)], ", ".join(members[i])) for i in communities
            ],
            max_score=max(scores, default=0.0),
            matrix_href=matrix_href,
            graph_json=Markup(mark),
            vis_js=Markup(a["vis_js"]),
            vis_css=Markup(a["vis_css"]),
            page_js=Markup(a["page_js"]),
            page_css=Markup(a["page_css"]),
        )
    )
    before, after = page.split(mark)  # exactly once: no text can hold a random mark
    return b"".join([before.encode("utf-8"), graph_json, after.encode("utf-8")])


def write_html(G: nx.Graph, path: Path, title: str | None = None, subtitle: str = "", **kwargs: Any) -> None:
    """Write the page of ``G`` (see :func:`render_html`) to ``path`` atomically."""
    write_network(G, path, title=title, subtitle=subtitle, **kwargs)


def write_network(
    G: nx.Graph,
    html: Path | None = None,
    png: Path | None = None,
    *,
    title: str | None = None,
    subtitle: str = "",
    **kwargs: Any,
) -> list[Path]:
    """Write the page of ``G`` to ``html`` and/or a screenshot of it to ``png``; return the files written.

    Both destinations are checked first, and both files appear only when both succeeded (one
    :class:`~overlapgraph.output.OutputSet`): the screenshot is taken from a private copy of the page.

    Raises
    ------
    OutputError
        A destination cannot be written (a folder, a device, under a file, the same file twice...).
    OverlapGraphError
        Chromium cannot be started or the page did not draw (only when ``png`` is given).
    """
    if html is None and png is None:
        raise ValueError("give html, png or both")
    return write_page(render_html(G, title, subtitle, **kwargs), html, png)


def write_page(page: str, html: Path | None, png: Path | None) -> list[Path]:
    """Write a rendered page to ``html`` and/or its screenshot to ``png`` in one OutputSet; return them.

    The screenshot is taken from a private copy of the page, so both files appear only when both
    succeeded.
    """
    from ..output import OutputSet

    with OutputSet() as out:
        out.reserve(html, png)
        if png is not None:
            from .browser import screenshot

            with tempfile.TemporaryDirectory(prefix="overlapgraph-draw-") as tmp:
                staged = Path(tmp) / "page.html"
                staged.write_text(page, encoding="utf-8")
                shot = Path(tmp) / "page.png"
                screenshot(staged, shot)
                out.write_bytes(png, shot.read_bytes())
        if html is not None:
            out.write_text(html, page)
    return out.files
