"""Exports for coordinators and other programs: CSV folder, Excel workbook, JSON, GraphML and GEXF."""

from .safe import neutralise
from .tables import ExportTables, Table, export_tables, write_csv
from .writers import FORMATS, export_dataset, guess_format

__all__ = [
    "FORMATS",
    "ExportTables",
    "Table",
    "export_dataset",
    "export_tables",
    "guess_format",
    "neutralise",
    "write_csv",
]
