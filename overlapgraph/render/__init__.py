"""Draw graphs as self-contained, offline, interactive HTML networks (vis-network as shipped by pyvis)."""

from .network import LAYOUT_THRESHOLD, MAX_NODES, render_html, write_html, write_network
from .notebook import InlineNetwork, show

__all__ = [
    "LAYOUT_THRESHOLD",
    "MAX_NODES",
    "InlineNetwork",
    "render_html",
    "show",
    "write_html",
    "write_network",
]
