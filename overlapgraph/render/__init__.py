"""Draw graphs as self-contained, offline, interactive HTML networks (vis-network as shipped by pyvis)."""

from .network import LAYOUT_THRESHOLD, MAX_NODES, render_html, write_html, write_network

__all__ = ["LAYOUT_THRESHOLD", "MAX_NODES", "render_html", "write_html", "write_network"]
