"""The ``export`` command: synergy tables for coordinators and graph files for Gephi."""

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

__all__ = ["export"]

_FORMATS = ("csv", "xlsx", "json", "graphml", "gexf")
#: ``--view``: the whole graph, or a view of ``draw`` (repeated from overlapgraph.export.gephi: tested).
_VIEWS = ("graph", "priorities", "actions", "actors")


@cli.command()
@dataset_input
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    default=None,
    help="Output format (default: from the ending of OUTPUT; a path without ending is a csv folder).",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=OutputPath(),
    help="File to write (a folder for csv).",
)
@click.option(
    "--view",
    type=click.Choice(_VIEWS),
    default="graph",
    show_default=True,
    help="graphml and gexf: the whole graph, or a view of draw with weights, communities and colours.",
)
@PERIOD_OPTION
@FORCE_OPTION
@handle_errors
def export(dataset: Dataset, fmt: str | None, output: Path, period: str | None, view: str) -> None:
    """Write the synergy tables (csv, xlsx, json) or the graph (graphml, gexf).

    xlsx: a workbook with a front sheet and sheets for the ranked synergies, the evidence, the
    reciprocity of declarations, the actions per priority and the declared overlaps. csv: the same
    tables, one UTF-8 file each, in a folder. json: the same tables for other programs. graphml and
    gexf: every node and edge with its attributes, for Gephi or networkx; with --view priorities,
    actions or actors, the network that draw shows, with the synergy scores as edge weights and the
    communities and colours of the page. Text that a spreadsheet would run as a formula is
    neutralised. Nothing is written if anything fails.

    Example:

    \b
        overlapgraph export data/empact-2022 -o synergies.xlsx
        overlapgraph export --neo4j --format csv -o tables/
        overlapgraph export data/constructed-2023 --view priorities -o priorities.gexf
    """
    from ..analysis.core import AnalysisOptions
    from ..export import export_dataset, guess_format

    if fmt is None:
        fmt = guess_format(output)
        if fmt is None:
            raise click.BadParameter(
                f"cannot tell the format from '{output.name}'; give --format", param_hint="--format"
            )
    if view != "graph" and fmt not in ("graphml", "gexf"):
        raise click.UsageError(f"--view {view} writes graphml or gexf, not {fmt}")
    if fmt == "csv" and output.exists() and not output.is_dir():
        raise click.BadParameter(f"{output}: csv writes a folder, but this is a file", param_hint="--output")
    if fmt != "csv" and output.is_dir():
        raise click.BadParameter(
            f"{output}: {fmt} writes a file, but this is a folder", param_hint="--output"
        )
    analysis = analyse_for_cli(dataset, AnalysisOptions(period=period))
    for f in export_dataset(analysis, fmt, output, view=view):
        info(f"Wrote {f}")
