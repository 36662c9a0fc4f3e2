"""Draw graphs as self-contained, offline, interactive HTML networks (vis-network as shipped by pyvis)."""

from .network import render_html, write_html

__all__ = ["render_html", "write_html"]
