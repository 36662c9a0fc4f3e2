"""Readers of every input format: dataset folders and workbooks (and OAP documents); no Neo4j."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
from ..model import Dataset
from .tables import read_dataset_tables, write_dataset, write_dataset_csv, write_dataset_xlsx

__all__ = ["DOCUMENT_SUFFIXES", "read_dataset", "write_dataset", "write_dataset_csv", "write_dataset_xlsx"]

#: File endings read as Council OAP documents rather than datasets.
DOCUMENT_SUFFIXES = (".txt", ".md", ".pdf")


def read_dataset(paths: Path | Sequence[Path]) -> Dataset:
    """Read and validate one dataset (folder or .xlsx), or parse one or more OAP documents into one.

    Raises
    ------
    InputError
        Unreadable or invalid input; a ValidationError lists every problem found.
    """
    if isinstance(paths, Path):
        paths = [paths]
    if not paths:
        raise ValueError("read_dataset needs at least one path")
    if all(p.suffix.lower() in DOCUMENT_SUFFIXES and not p.is_dir() for p in paths):
        from .documents import parse_documents  # issue 4

        return parse_documents(paths).dataset
    if len(paths) > 1:
        raise InputError("give one dataset (folder or .xlsx), or one or more OAP documents")
    return read_dataset_tables(paths[0])
