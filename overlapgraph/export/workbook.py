"""The synergy workbook (.xlsx, openpyxl): a front sheet, then one sheet per table, ready to filter."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..output import OutputSet, xlsx_cell, xml_safe
from .tables import ExportTables

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

__all__ = ["FRONT_SHEET", "MAX_WIDTH", "STATUS_FILLS", "write_xlsx"]

#: Title of the first sheet, which says what the data is, where it came from and when it was made.
FRONT_SHEET = "About"
#: Widest column, in characters; longer text wraps.
MAX_WIDTH = 60
_MIN_WIDTH = 8


def _plain(v: Any) -> Any:
    """A numpy scalar as the Python value openpyxl accepts; empty text as an empty cell."""
    v = v.item() if hasattr(v, "item") else v
    return None if v == "" else xml_safe(v)


def _widths(rows: Sequence[Sequence[Any]]) -> list[int]:
    n = max((len(r) for r in rows), default=0)
    longest = [
        max((len(str(r[j])) for r in rows if j < len(r) and r[j] is not None), default=0) for j in range(n)
    ]
    return [min(max(w + 2, _MIN_WIDTH), MAX_WIDTH) for w in longest]


def _sheet(
    ws: WriteOnlyWorksheet,
    rows: list[list[Any]],
    *,
    header_font: Font,
    wrap: Alignment,
    table: bool,
    status: list[list[Any]] | None = None,
) -> None:
    """Write ``rows`` (the first is the header) into a write-only sheet with its layout.

    With ``status`` (the matrix), the status rows follow the table after a blank row and a title, and
    the table's cells are coloured by the status cell at the same place below (conditional formatting).
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    widths = _widths(rows)
    ncols = len(rows[0])
    longest = [max((len(str(r[j])) for r in rows[1:] if r[j] is not None), default=0) for j in range(ncols)]
    wrapped = {j for j, n in enumerate(longest) if n > MAX_WIDTH}
    layout: Any = ws  # the stubs omit the layout attributes that write-only sheets do have
    for j, w in enumerate(widths, start=1):  # layout must be set before the first row is written
        layout.column_dimensions[get_column_letter(j)].width = w
    if table:
        layout.freeze_panes = "A2"
        layout.auto_filter.ref = f"A1:{get_column_letter(max(ncols, 1))}{len(rows)}"
    # Printing: landscape, as wide as the page, as many pages down as needed.
    layout.page_setup.orientation = "landscape"
    layout.page_setup.fitToWidth = 1
    layout.page_setup.fitToHeight = 0
    layout.sheet_properties.pageSetUpPr.fitToPage = True
    if status:
        _status_colours(layout, len(status), ncols, len(rows) + 2)

    def cell(v: Any, font: Font | None = None, wrap_it: bool = False) -> Cell | Any:
        c = xlsx_cell(ws, v)  # formula-like text: a quote-prefixed text cell (formula injection)
        if font is None and not wrap_it:
            return c
        if c is v:  # a plain value: make it a cell to style it
            c = WriteOnlyCell(ws, value=v)
        if font is not None:
            c.font = font
        if wrap_it:
            c.alignment = wrap
        return c

    ws.append([cell(h, header_font) for h in rows[0]])
    for r in rows[1:]:
        ws.append([cell(v, None, j in wrapped) for j, v in enumerate(r)])
    if status:
        ws.append([])
        ws.append([cell("Status of each cell", header_font)])
        for r in status:
            ws.append([cell(v) for v in r])


#: Fill and font colour of each matrix status (the matrix page's colours).
STATUS_FILLS = {
    "reciprocated": ("0072B2", "FFFFFF"),
    "one-sided": ("D55E00", "FFFFFF"),
    "unchecked": ("F5C26B", "222222"),
    "co-named": ("DCEAF5", "333333"),
    "self": ("DDDDDD", "999999"),
}


def _status_colours(ws: Any, status_rows: int, ncols: int, status_top: int) -> None:
    """Colour the matrix cells B2.. by the status written ``status_top`` rows further down, and the
    status cells themselves by their text."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    last = get_column_letter(ncols - 1)  # the last column is the total
    grid = f"B2:{last}{1 + status_rows}"
    below = f"B{status_top + 1}:{last}{status_top + status_rows}"
    for status, (fill, font) in STATUS_FILLS.items():
        style = {"fill": PatternFill("solid", start_color=fill, end_color=fill), "font": Font(color=font)}
        ws.conditional_formatting.add(
            grid,
            FormulaRule(  # type: ignore[no-untyped-call]
                formula=[f'B{status_top + 1}="{status}"'], **style
            ),
        )
        ws.conditional_formatting.add(
            below,
            FormulaRule(  # type: ignore[no-untyped-call]
                formula=[f'B{status_top + 1}="{status}"'], **style
            ),
        )


def write_xlsx(tables: ExportTables, path: Path) -> None:
    """Write the front sheet and every table to an Excel workbook at ``path``, atomically.

    Each table sheet has a bold, frozen header row, an autofilter over its data and column widths
    fitted to the content (capped at :data:`MAX_WIDTH` characters; longer text wraps). Uses
    openpyxl's write-only mode, so memory stays small for large exports (bench/bench_export_xlsx.py:
    about 17 times less than a regular workbook, at similar speed).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    with OutputSet() as out:
        out.reserve(path)  # checked before the workbook is built
        bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
        wb = Workbook(write_only=True)
        front: list[list[Any]] = [["Item", "Value"], *[[k, xml_safe(v)] for k, v in tables.about]]
        _sheet(wb.create_sheet(FRONT_SHEET), front, header_font=bold, wrap=wrap, table=False)
        for t in tables.tables:
            rows = [[str(c) for c in t.frame.columns]]
            rows += [[_plain(v) for v in r] for r in t.frame.itertuples(index=False, name=None)]
            status = (
                [[_plain(v) for v in r] for r in t.status.itertuples(index=False, name=None)]
                if t.status is not None
                else None
            )
            _sheet(wb.create_sheet(t.title), rows, header_font=bold, wrap=wrap, table=True, status=status)
        wb.save(out.file(path))
