"""The synergy workbook (.xlsx, openpyxl): a front sheet, then one sheet per table, ready to filter."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .safe import atomic_file, is_formula_like
from .tables import ExportTables

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["FRONT_SHEET", "write_xlsx"]

#: Title of the first sheet, which says what the data is, where it came from and when it was made.
FRONT_SHEET = "About"

_MIN_WIDTH, _MAX_WIDTH = 8, 60


def _set_text(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Write one cell; text is always stored as text, never as a formula."""
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        # openpyxl turns text starting with "=" into a formula; force a plain string and mark it
        # quote-prefixed so Excel also keeps it as text when the cell is edited (formula injection).
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True


def _plain(v: Any) -> Any:
    """A numpy scalar as the Python value openpyxl accepts."""
    return v.item() if hasattr(v, "item") else v


def _fit_widths(ws: Worksheet, rows: list[list[Any]]) -> None:
    from openpyxl.utils import get_column_letter

    for j in range(max((len(r) for r in rows), default=0)):
        longest = max((len(str(r[j])) for r in rows if j < len(r) and r[j] is not None), default=0)
        ws.column_dimensions[get_column_letter(j + 1)].width = min(max(longest + 2, _MIN_WIDTH), _MAX_WIDTH)


def write_xlsx(tables: ExportTables, path: Path) -> None:
    """Write the front sheet and every table to an Excel workbook at ``path``, atomically.

    Each table sheet has a bold, frozen header row, an autofilter over its data and column widths
    fitted to the content (capped at 60 characters, long text wraps).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    front = wb.active
    assert front is not None
    front.title = FRONT_SHEET
    bold = Font(bold=True)
    front_rows: list[list[Any]] = [["Item", "Value"], *[[k, v] for k, v in tables.about]]
    for i, row in enumerate(front_rows, start=1):
        for j, v in enumerate(row, start=1):
            _set_text(front, i, j, v)
        front.cell(row=i, column=1).font = bold
    _fit_widths(front, front_rows)
    for row_cells in front.iter_rows(min_row=1, min_col=2, max_col=2):
        for c in row_cells:
            c.alignment = Alignment(wrap_text=True, vertical="top")

    for t in tables.tables:
        ws = wb.create_sheet(t.title)
        header = [str(c) for c in t.frame.columns]
        body = [[None if v == "" else v for v in r] for r in t.frame.itertuples(index=False, name=None)]
        for j, h in enumerate(header, start=1):
            _set_text(ws, 1, j, h)
            ws.cell(row=1, column=j).font = bold
        for i, r in enumerate(body, start=2):
            for j, v in enumerate(r, start=1):
                _set_text(ws, i, j, _plain(v))
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        _fit_widths(ws, [header, *body])
        wrap = Alignment(wrap_text=True, vertical="top")
        for j, _ in enumerate(header, start=1):
            longest = max((len(str(r[j - 1])) for r in body if r[j - 1] is not None), default=0)
            if longest > _MAX_WIDTH:
                for i in range(2, len(body) + 2):
                    ws.cell(row=i, column=j).alignment = wrap

    with atomic_file(path) as tmp:
        wb.save(tmp)
