"""Command ``brief``: one page per OAP for its driver (.docx, .html or .md)."""

from __future__ import annotations

from pathlib import Path

import click

from ..model import Dataset
from ._group import PERIOD_OPTION, OutputPath, analyse_for_cli, cli, dataset_input, handle_errors, info

__all__ = ["brief"]


@cli.command()
@dataset_input
@click.option("--oap", "oap_id", metavar="OAP", help="The OAP the brief is for, e.g. THB-2023.")
@click.option("--all", "all_oaps", is_flag=True, help="One brief per OAP of the period, into the folder -o.")
@click.option(
    "-o",
    "--output",
    "output",
    type=OutputPath(),
    required=True,
    help="File to write (.docx, .html or .md); with --all a folder.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["docx", "html", "md"]),
    default="docx",
    show_default=True,
    help="Format of the briefs written by --all.",
)
@PERIOD_OPTION
@handle_errors
def brief(
    dataset: Dataset, period: str | None, oap_id: str | None, all_oaps: bool, output: Path, fmt: str
) -> None:
    """Write a one-page brief for an OAP's driver: who declares us, whom we declare, what to follow up.

    The brief lists the OAPs that declare actions towards the OAP's priority and those it declares
    towards, with reciprocity; the one-sided declarations to follow up (actions, titles, leaders,
    and the other side's drivers); co-named priorities; shared actors; and, when the dataset holds an
    earlier period, what changed since. The suffix of -o chooses the format (.docx, .html that
    opens offline, .md).

    Example:

    \b
        overlapgraph brief data/constructed-2023 --oap THB-2023 -o out/thb-2023.docx
        overlapgraph brief data/constructed-2023 --all --format html -o out/briefs
    """
    from ..analysis.core import AnalysisOptions
    from ..output import OutputSet
    from ..present.brief import brief as make_brief
    from ..present.brief import changes_since
    from ..render.brief import write_brief

    if all_oaps == (oap_id is not None):
        raise click.UsageError("give --oap OAP or --all")
    analysis = analyse_for_cli(dataset, AnalysisOptions(period=period))
    oaps = [o.oap_id for o in analysis.dataset.oaps] if all_oaps else [str(oap_id)]
    owner = analysis.dataset.priority_of_oap()
    with OutputSet() as out:
        for o in oaps:
            path = output / f"brief-{o}.{fmt}" if all_oaps else output
            changes = changes_since(dataset, analysis, owner[o]) if o in owner else None
            write_brief(make_brief(analysis, o, changes), path, out)
    for f in out.files:
        info(f"Wrote {f}")
