"""Readers of every input format: dataset folders and workbooks (and OAP documents); no Neo4j."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..model import Dataset
from .oap_source import DOCUMENT_SUFFIXES
from .tables import write_dataset, write_dataset_csv, write_dataset_xlsx

__all__ = ["DOCUMENT_SUFFIXES", "read_dataset", "write_dataset", "write_dataset_csv", "write_dataset_xlsx"]


def read_dataset(
    paths: str | Path | Sequence[str | Path],
    *,
    reference: Sequence[str | Path] = (),
    strict: bool = False,
) -> Dataset:
    """Read and validate one dataset (folder or .xlsx), or parse OAP documents (or folders of them) into one.

    A dataset given with documents is read first; the documents are read against its priorities and
    actors, and their OAPs join it (:func:`overlapgraph.ingest.inputs.read_inputs`). ``reference``
    files extend the shipped priorities and actors documents are read against.

    Raises
    ------
    InputError
        Unreadable or invalid input; a ValidationError lists every problem found.
    """
    from .inputs import read_inputs

    given = [paths] if isinstance(paths, str | Path) else list(paths)
    if not given:
        raise ValueError("read_dataset needs at least one path")
    return read_inputs(
        [Path(p) for p in given], strict=strict, reference=[Path(p) for p in reference]
    ).dataset
