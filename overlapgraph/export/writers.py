"""Write a dataset's export in one of the formats: csv (folder), xlsx, json, graphml or gexf."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Dataset
from ..output import OutputSet, write_text
from .tables import ExportTables, export_tables, write_csv

if TYPE_CHECKING:
    from ..analysis.core import Analysis

__all__ = [
    "FORMATS",
    "GRAPH_FORMATS",
    "JSON_FORMAT_ID",
    "export_dataset",
    "guess_format",
    "write_csv_folder",
    "write_json",
]

#: Export formats, with the file ending each one normally has ("" for the csv folder).
FORMATS = {"csv": "", "xlsx": ".xlsx", "json": ".json", "graphml": ".graphml", "gexf": ".gexf"}

#: The formats that hold a graph (``export --view``).
GRAPH_FORMATS = ("graphml", "gexf")

#: The ``format`` member of every JSON export; ``version`` changes when the shape does.
JSON_FORMAT_ID = "overlapgraph-export"
_JSON_VERSION = 2  # 2: one naming of actions and priorities in every table, the pairs table


def guess_format(path: Path) -> str | None:
    """The export format implied by a path's ending, or None.

    >>> guess_format(Path("out/syn.xlsx")), guess_format(Path("out/tables")), guess_format(Path("a.txt"))
    ('xlsx', 'csv', None)
    """
    suffix = path.suffix.lower()
    if not suffix:
        return "csv"
    for fmt, ending in FORMATS.items():
        if ending and suffix == ending:
            return fmt
    return None


def write_csv_folder(tables: ExportTables, folder: Path) -> list[Path]:
    """One UTF-8 (with BOM) CSV file per table plus ``about.csv``, all or nothing; returns the files.

    Files already in ``folder`` that are not tables of the export are left alone.
    """
    import pandas as pd

    with OutputSet() as out:
        out.reserve(folder / "about.csv", *(folder / f"{t.name}.csv" for t in tables.tables))
        write_csv(pd.DataFrame(tables.about, columns=["item", "value"]), folder / "about.csv", out)
        for t in tables.tables:
            write_csv(t.frame, folder / f"{t.name}.csv", out)
    return sorted(out.files)


def _plain(v: Any) -> Any:
    return v.item() if hasattr(v, "item") else v


def write_json(tables: ExportTables, path: Path) -> None:
    """Write the tables as one JSON document (shape in docs/exports-and-queries.md), atomically.

    ``{"format": "overlapgraph-export", "version": 2, "about": {item: value},
    "tables": {name: {"title", "description", "columns": [...], "rows": [{column: value}]}}}``.
    Text is written as is: JSON is for programs, which do not run formulas.
    """
    doc = {
        "format": JSON_FORMAT_ID,
        "version": _JSON_VERSION,
        "about": dict(tables.about),
        "tables": {
            t.name: {
                "title": t.title,
                "description": t.description,
                "columns": [str(c) for c in t.frame.columns],
                "rows": [
                    {str(k): _plain(v) for k, v in zip(t.frame.columns, r, strict=True)}
                    for r in t.frame.itertuples(index=False, name=None)
                ],
            }
            for t in tables.tables
        },
    }
    write_text(path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


def _write_graph(ds: Dataset, fmt: str, path: Path) -> None:
    from ..analysis import build_graph
    from .gephi import write_graph_file

    write_graph_file(build_graph(ds), fmt, path)


def export_dataset(
    data: Dataset | Analysis,
    fmt: str,
    path: Path,
    *,
    generated_at: datetime | None = None,
    view: str = "graph",
) -> list[Path]:
    """Write the export of an analysis (or of a dataset, analysed with the defaults) in format ``fmt``.

    Parameters
    ----------
    data
        The analysis (:func:`overlapgraph.analysis.analyse`), or a validated dataset.
    fmt
        One of :data:`FORMATS`: ``csv`` writes a folder of files, the others one file.
    path
        The folder (csv) or file to write. Nothing is written if anything fails.
    generated_at
        Time stamp for the front sheet / about table (default: now).
    view
        For graphml and gexf: ``graph``, the whole graph, or one of the views ``draw`` shows
        (:data:`~overlapgraph.export.gephi.GEPHI_VIEWS`) with weights, communities and colours
        (:func:`~overlapgraph.export.gephi.gephi_graph`).

    Raises
    ------
    ValueError
        ``fmt`` is not a known format, ``view`` not a known view, or a view is asked of another format.
    """
    from ..analysis.core import Analysis, analyse

    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if view != "graph" and fmt not in GRAPH_FORMATS:
        raise ValueError(f"view {view!r} is written as {' or '.join(GRAPH_FORMATS)}, not {fmt}")
    analysis = data if isinstance(data, Analysis) else analyse(data)
    if fmt in GRAPH_FORMATS:
        if view == "graph":
            _write_graph(analysis.dataset, fmt, path)
        else:
            from .gephi import write_gephi

            write_gephi(analysis, view, fmt, path)
        return [path]
    tables = export_tables(analysis, generated_at=generated_at)
    if fmt == "csv":
        return write_csv_folder(tables, path)
    if fmt == "xlsx":
        from .workbook import write_xlsx

        write_xlsx(tables, path)
    else:
        write_json(tables, path)
    return [path]
