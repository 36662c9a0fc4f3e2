"""Show a network page inline in Jupyter: the same self-contained, offline page, in an iframe."""

from __future__ import annotations

import html
from typing import Any

import networkx as nx

from .network import render_html

__all__ = ["InlineNetwork", "show"]


class InlineNetwork:
    """A rendered network page that Jupyter displays inline (``_repr_html_``), offline.

    The page goes into the ``srcdoc`` of an iframe, so it keeps its own scripts, styles and content
    security policy and needs no file server and no network.
    """

    def __init__(self, page: str, height: int = 600) -> None:
        self.page = page
        self.height = height

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" width="100%" '
            f'height="{int(self.height)}" style="border:1px solid #ccc"></iframe>'
        )


def show(
    G: nx.Graph, title: str | None = None, subtitle: str = "", *, height: int = 600, **kwargs: Any
) -> InlineNetwork:
    """The page of ``G`` (see :func:`~overlapgraph.render.render_html`) for inline display in a notebook.

    Parameters
    ----------
    G : nx.Graph
        A view from :func:`overlapgraph.present.views.make_view`.
    title, subtitle, **kwargs
        Passed to :func:`~overlapgraph.render.render_html`.
    height : int
        Height of the iframe in pixels.

    Returns
    -------
    InlineNetwork
        Displayed by Jupyter when it is the last expression of a cell; ``.page`` is the HTML.

    Examples
    --------
    >>> frame = show(nx.Graph(title="Empty"))._repr_html_()
    >>> frame.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    True
    """
    return InlineNetwork(render_html(G, title, subtitle, **kwargs), height=height)
