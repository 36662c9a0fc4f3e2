"""Graph -> one self-contained HTML file: vis-network inlined, data embedded as escaped JSON."""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx
from markupsafe import escape

__all__ = ["render_html", "write_html"]

#: No network fetches at all: everything the page needs is inline.
_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"

_KIND_COLOURS = {  # Okabe-Ito, colour-blind safe
    "priority": "#E69F00",
    "oap": "#56B4E9",
    "action": "#009E73",
    "goal": "#F0E442",
    "actor": "#CC79A7",
}


@cache
def _vis_assets() -> tuple[str, str]:
    lib = files("pyvis").joinpath("templates", "lib", "vis-9.1.2")
    return lib.joinpath("vis-network.min.js").read_text("utf-8"), lib.joinpath("vis-network.css").read_text(
        "utf-8"
    )


def _script_json(value: Any) -> str:
    """JSON safe to place inside a <script> element (no '</script>', no '<!--')."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def render_html(G: nx.Graph, title: str, subtitle: str = "") -> str:
    """The HTML page of ``G``.

    Node attributes used: ``label``, ``kind``, ``tooltip`` (plain text), ``size``; edge attributes:
    ``width``, ``tooltip``. All text is treated as text, never as HTML.
    """
    nodes = []
    for n, d in G.nodes(data=True):
        kind = str(d.get("kind", ""))
        nodes.append(
            {
                "id": str(n),
                "label": str(d.get("label", n)),
                "title": str(d.get("tooltip", d.get("label", n))),
                "color": _KIND_COLOURS.get(kind, "#999999"),
                "size": float(d.get("size", 15)),
                "group": kind,
            }
        )
    edges = []
    for u, v, d in G.edges(data=True):
        edges.append(
            {
                "from": str(u),
                "to": str(v),
                "width": float(d.get("width", 1)),
                "title": str(d.get("tooltip", "")),
            }
        )
    js, css = _vis_assets()
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>{escape(title)}</title>
<style>{css}
body {{ font-family: sans-serif; margin: 0; }} header {{ padding: .5em 1em; }}
#net {{ height: 85vh; border-top: 1px solid #ccc; }}
</style></head>
<body><header><h1>{escape(title)}</h1><p>{escape(subtitle)} · made {made}</p></header>
<div id="net"></div>
<script>{js}</script>
<script>
const nodes = new vis.DataSet({_script_json(nodes)});
const edges = new vis.DataSet({_script_json(edges)});
const options = {{physics: {{stabilization: {{iterations: 200}}}}}};
new vis.Network(document.getElementById("net"), {{nodes, edges}}, options);
</script></body></html>
"""


def write_html(G: nx.Graph, path: Path, title: str, subtitle: str = "") -> None:
    """Write the page of ``G`` to ``path`` atomically."""
    html = render_html(G, title, subtitle)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(html)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
