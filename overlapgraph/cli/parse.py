"""Command on Council OAP documents: parse."""

from __future__ import annotations

from pathlib import Path

import click

from ._group import STRICT_OPTION, cli, handle_errors, info

__all__ = ["parse"]


@cli.command()
@click.argument(
    "documents",
    nargs=-1,
    required=True,
    metavar="DOCUMENT...",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="Dataset to write: a folder of CSV tables, or a workbook when it ends in .xlsx.",
)
@STRICT_OPTION
@handle_errors
def parse(documents: tuple[Path, ...], output: Path, strict: bool) -> None:
    """Parse Council OAP documents (.txt, .md, .pdf) into one dataset.

    Extracts each document's number, date, subject (priority and year), driver, strategic goals,
    declared overlaps with other OAPs, action leaders and redacted parts. Repairs (a typo such as
    "A 2.5", a missing separator, ...) are printed as warnings with their line; --strict makes them
    errors. Nothing is written when a document cannot be parsed.

    Example:

    \b
        overlapgraph parse oap-2022-thb-13607-21.txt -o out/
    """
    from ..ingest.documents import parse_documents, write_parsed_dataset

    result = parse_documents(list(documents), strict=strict)
    for w in result.warnings:
        click.echo(f"Warning: {w}", err=True)
    by_document: dict[str, list[str]] = {}
    for r in result.redactions:
        by_document.setdefault(r.document, []).append(r.where)
    for name, where in by_document.items():
        info(f"{name}: {len(where)} redacted parts (DELETED): {', '.join(where)}")
    if output.exists() and output.is_dir() == (output.suffix.lower() == ".xlsx"):
        raise click.BadParameter(
            f"{output} exists and is not a {'workbook' if output.is_dir() else 'folder'}"
        )
    write_parsed_dataset(result.dataset, output)
    info(f"Wrote {output}: {result.dataset.summary()}")
