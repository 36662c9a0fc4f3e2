"""Command on Council OAP documents: parse."""

from __future__ import annotations

from pathlib import Path

import click

from ._group import (
    FORCE_OPTION,
    REFERENCE_OPTION,
    STRICT_OPTION,
    OutputPath,
    cli,
    handle_errors,
    info,
    print_document_notes,
)

__all__ = ["parse"]


@cli.command()
@click.argument(
    "documents",
    nargs=-1,
    required=True,
    metavar="DOCUMENT|FOLDER...",
    type=click.Path(exists=True, path_type=Path),
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=OutputPath(),
    help="Dataset to write: a folder of CSV tables, or a workbook when it ends in .xlsx.",
)
@STRICT_OPTION
@REFERENCE_OPTION
@FORCE_OPTION
@handle_errors
def parse(documents: tuple[Path, ...], output: Path, strict: bool, reference: tuple[Path, ...]) -> None:
    """Parse Council OAP documents (.txt, .md, .pdf, .docx, or folders of them) into one dataset.

    Extracts each document's number, date, subject (priority and period), driver, strategic goals,
    declared overlaps with other OAPs, action leaders, redacted parts and its OA overview table
    (titles, goals, leaders, co-leaders, participants). Priority names are read within the cycle of
    the OAP's period (2022-2025, 2026-2029); --reference adds priorities and actors. Repairs (a typo
    such as "A 2.5", a missing separator, an unreadable table row) are printed as warnings with their
    place; --strict makes them errors. One line per document says what it gave. Nothing is written
    when a document cannot be parsed.

    Example:

    \b
        overlapgraph parse data/sources/oap-2022-thb-13607-21.txt -o out/thb-2022
    """
    from ..ingest.documents import parse_documents, write_parsed_dataset
    from ..ingest.inputs import read_reference
    from ..output import protect_inputs

    protect_inputs([*documents, *reference])

    result = parse_documents(list(documents), strict=strict, reference=read_reference(reference))
    print_document_notes(result.warnings, result.summaries, result.redactions, show_redactions=info)
    if output.exists() and output.is_dir() == (output.suffix.lower() == ".xlsx"):
        raise click.BadParameter(
            f"{output} exists and is not a {'workbook' if output.is_dir() else 'folder'}"
        )
    write_parsed_dataset(result.dataset, output)
    info(f"Wrote {output}: {result.dataset.summary()}")
