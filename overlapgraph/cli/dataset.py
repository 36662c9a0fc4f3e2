"""Commands on datasets: validate, report."""

from __future__ import annotations

from pathlib import Path

import click

from ..model import Dataset
from ._group import (
    FORCE_OPTION,
    INPUT_PATHS,
    PERIOD_OPTION,
    REFERENCE_OPTION,
    REPORT_MODULES,
    STRICT_OPTION,
    OutputPath,
    analyse_for_cli,
    cli,
    dataset_input,
    handle_errors,
    info,
    read_inputs,
)

__all__ = ["report", "validate"]


@cli.command()
@INPUT_PATHS
@STRICT_OPTION
@REFERENCE_OPTION
@handle_errors
def validate(inputs: tuple[Path, ...], strict: bool, reference: tuple[Path, ...]) -> None:
    """Check a dataset and list every problem with file, line and column.

    Exit 0 with a one-line summary when it is valid, 1 with the list of problems otherwise.

    Example:

    \b
        overlapgraph validate data/empact-2022
    """
    ds = read_inputs(list(inputs), strict=strict, reference=reference)
    click.echo(f"{ds.name}: valid: {ds.summary()}")


@cli.command()
@dataset_input(loads=REPORT_MODULES)
@click.option(
    "-o",
    "--output",
    "outdir",
    required=True,
    type=OutputPath(file_okay=False),
    help="Folder to write the report files into (created if missing).",
)
@click.option(
    "--top",
    default=5,
    show_default=True,
    type=click.IntRange(min=0),
    help="Number of synergy pairs in the printed summary.",
)
@PERIOD_OPTION
@FORCE_OPTION
@handle_errors
def report(dataset: Dataset, outdir: Path, top: int, period: str | None) -> None:
    """Analyse a dataset in memory and write the overlap report.

    Analyses one period (--period) once and writes synergies.csv (the synergy table: score, status,
    and per evidence kind its count, Jaccard, weighted similarity and items, the columns every output
    uses) and interactive networks that open offline (network.html: priorities and synergies;
    network-actions.html, network-actors.html) into OUTDIR, and prints a summary with the same values.
    Nothing is written when the input is invalid.

    Example:

    \b
        overlapgraph report data/empact-2022 -o out/
    """
    from ..analysis.core import AnalysisOptions
    from ..pipeline import write_report

    rep = write_report(analyse_for_cli(dataset, AnalysisOptions(period=period)), outdir)
    click.echo(rep.summary(top))
    for f in rep.files:
        info(f"Wrote {f}")
