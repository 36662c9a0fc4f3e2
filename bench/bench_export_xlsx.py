"""Synergy workbook: openpyxl write-only streaming (overlapgraph) vs the regular in-memory workbook.

Run: python -m bench.bench_export_xlsx [--actions 5000 --actors 300 --per-action 5]
Builds the export tables of a synthetic dataset once, writes the same workbook both ways in one run,
checks that every sheet reads back with identical values, and prints both times, their ratio and the
peak Python memory of each (tracemalloc, measured in a separate pass).

Without lxml installed, openpyxl serialises XML in pure Python in both modes; streaming then buys
bounded memory, not speed.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from overlapgraph.export.safe import is_formula_like
from overlapgraph.export.tables import ExportTables, export_tables
from overlapgraph.export.workbook import FRONT_SHEET, MAX_WIDTH, write_xlsx
from overlapgraph.synthetic import synthetic_dataset


def write_regular(tables: ExportTables, path: Path) -> None:
    """The same workbook built cell by cell in a regular (in-memory) openpyxl workbook."""
    wb = Workbook()
    front = wb.active
    assert front is not None
    front.title = FRONT_SHEET
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    sheets: list[tuple[Any, list[list[Any]], bool]] = [
        (front, [["Item", "Value"], *[[k, v] for k, v in tables.about]], False)
    ]
    for t in tables.tables:
        rows: list[list[Any]] = [[str(c) for c in t.frame.columns]]
        rows += [
            [None if v == "" else (v.item() if hasattr(v, "item") else v) for v in r]
            for r in t.frame.itertuples(index=False, name=None)
        ]
        sheets.append((wb.create_sheet(t.title), rows, True))
    for ws, rows, table in sheets:
        for i, r in enumerate(rows, start=1):
            for j, v in enumerate(r, start=1):
                c = ws.cell(row=i, column=j, value=v)
                if isinstance(v, str):
                    c.data_type = "s"
                    if is_formula_like(v):
                        c.quotePrefix = True
                if i == 1:
                    c.font = bold
                elif isinstance(v, str) and len(v) > MAX_WIDTH:
                    c.alignment = wrap
        for j in range(len(rows[0])):
            longest = max((len(str(r[j])) for r in rows if r[j] is not None), default=0)
            ws.column_dimensions[get_column_letter(j + 1)].width = min(max(longest + 2, 8), MAX_WIDTH)
        if table:
            ws.freeze_panes = "A2"
            ws.auto_filter.ref = ws.dimensions
    wb.save(path)


def _values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    wb = load_workbook(path, read_only=True)
    out = {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}
    wb.close()
    return out


def _timed(f: Callable[[], None]) -> float:
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


def _peak(f: Callable[[], None]) -> float:
    tracemalloc.start()
    f()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--actions", type=int, default=5000)
    ap.add_argument("--actors", type=int, default=300)
    ap.add_argument("--per-action", type=int, default=5)
    args = ap.parse_args()
    ds = synthetic_dataset(actions=args.actions, actors=args.actors, actors_per_action=args.per_action)
    tables = export_tables(ds)
    rows = sum(len(t.frame) for t in tables.tables)
    print(f"dataset: {ds.summary()}; {len(tables.tables)} tables, {rows} rows")
    with tempfile.TemporaryDirectory() as tmp:
        fast, slow = Path(tmp) / "streamed.xlsx", Path(tmp) / "regular.xlsx"
        t_fast = _timed(lambda: write_xlsx(tables, fast))
        t_slow = _timed(lambda: write_regular(tables, slow))
        assert _values(fast) == _values(slow), "the two workbooks differ"
        m_fast = _peak(lambda: write_xlsx(tables, fast))
        m_slow = _peak(lambda: write_regular(tables, slow))
    print(f"write-only (overlapgraph): {t_fast:.2f} s, peak {m_fast:.0f} MiB")
    print(f"regular workbook:          {t_slow:.2f} s, peak {m_slow:.0f} MiB")
    print(f"speed-up: {t_slow / t_fast:.2f}x; memory ratio: {m_slow / m_fast:.2f}x (identical cell values)")


if __name__ == "__main__":
    main()
