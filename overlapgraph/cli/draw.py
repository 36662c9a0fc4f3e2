"""Command ``draw``: one view of a dataset as an interactive, offline HTML network (and a PNG)."""

from __future__ import annotations

from pathlib import Path

import click

from ..model import Dataset
from ._group import (
    FORCE_OPTION,
    PERIOD_OPTION,
    OutputPath,
    analyse_for_cli,
    cli,
    dataset_input,
    handle_errors,
    info,
)

__all__ = ["draw"]

_VIEWS = ("priorities", "actions", "actors", "ego", "matrix")


@cli.command()
@dataset_input
@click.option(
    "--view",
    type=click.Choice(_VIEWS),
    default="priorities",
    show_default=True,
    help="What to draw: priorities and synergies, OAPs and actions, actors, one node's neighbourhood, or "
    "the directional matrix of who declares whom.",
)
@click.option(
    "--focus", metavar="CODE", help="Centre of the ego view: a priority, OAP, goal, action or actor."
)
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="How many priorities deep the ego view reaches (1: the focus' priorities and those linked to them).",
)
@click.option(
    "-o",
    "--output",
    "html",
    type=OutputPath(dir_okay=False),
    help="HTML file to write (self-contained, opens offline).",
)
@click.option(
    "--png",
    type=OutputPath(dir_okay=False),
    help="Also write a screenshot of the drawn network (headless Chromium).",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=5000,
    show_default=True,
    help="Draw at most this many nodes (the most central); the page says what was left out.",
)
@PERIOD_OPTION
@FORCE_OPTION
@handle_errors
def draw(
    dataset: Dataset,
    period: str | None,
    view: str,
    focus: str | None,
    depth: int,
    html: Path | None,
    png: Path | None,
    max_nodes: int,
) -> None:
    """Draw one view of a dataset as an interactive HTML network that opens offline.

    Views: priorities (edge width by synergy score), actions (OAPs, actions, goals and the
    priorities they overlap with), actors (who bridges which priorities) and ego (the
    neighbourhood of --focus, --depth priorities deep); matrix is a table of who declares whom (rows
    declare, columns are named, coloured by reciprocity). The page has a legend, search, filters and
    a physics switch; --png also writes a screenshot for slides.

    Example:

    \b
        overlapgraph draw data/empact-2022 --view priorities -o out/p.html
        overlapgraph draw data/empact-2022 --view ego --focus THB --depth 2 -o out/thb.html --png out/thb.png
        overlapgraph draw data/constructed-2023 --view matrix -o out/matrix.html --png out/matrix.png
    """
    from ..analysis.core import AnalysisOptions
    from ..present.views import make_view
    from ..render import write_network

    if view == "ego" and not focus:
        raise click.UsageError("--view ego needs --focus CODE")
    if view != "ego" and (focus or depth != 1):
        raise click.UsageError("--focus and --depth can only be used with --view ego")
    if html is None and png is None:
        raise click.UsageError("give -o/--output FILE.html, --png FILE.png or both")
    analysis = analyse_for_cli(dataset, AnalysisOptions(period=period))
    subtitle = f"{analysis.dataset.name} — {analysis.dataset.summary()}"
    if view == "matrix":
        from ..render.matrix import write_matrix

        for f in write_matrix(analysis, html, png, subtitle=subtitle):
            info(f"Wrote {f}")
        return
    G = make_view(analysis, view, focus=focus, depth=depth, max_nodes=max_nodes)
    for f in write_network(G, html, png, subtitle=subtitle, max_nodes=max_nodes):
        info(f"Wrote {f}")
