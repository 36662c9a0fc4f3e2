"""Tables of text and markdown OAP documents: markdown pipe tables and plain ``a | b | c`` tables.

A markdown table is a header row, a separator row (``|---|:--:|``, as many cells as the header) and the
rows after it up to the first line without a ``|``. A plain table is two or more consecutive lines with
the same number of ``|``-separated cells. Every row of a table has at least two cells; leading and
trailing pipes are optional. Cells are split with ``str.split`` and one pass over the pieces, so hostile
lines (100,000 pipes) take linear time.

The lines come cleaned (:func:`~.oap_source.clean_line`), and cleaning has already turned a markdown
``\\|`` (a literal pipe) into ``|``: such a pipe separates cells here like any other. A ``\\|`` left in a
cleaned line (from ``\\\\|`` in the file) is read as a literal pipe.
"""

from __future__ import annotations

import dataclasses
import re

from .oap_source import SourceLine, SourceTable, TableRow

__all__ = ["pipe_tables"]

_BREAK = re.compile(r"<br\s?/?>", re.IGNORECASE)  # a line break in a cell; no unbounded repetition


def pipe_tables(lines: list[SourceLine]) -> tuple[list[SourceLine], list[SourceTable]]:
    """The lines, those that are table rows marked with their table's index, and the tables.

    Lines keep their number and text; separator rows are marked too. Tables: "table T" (T from 1, in
    order), rows "table T row R (line N)" (R from 1, header included, separator left out; N the line's
    number), cells stripped, ``<br>`` in a cell a line break ("\\n"). A row of a markdown table with
    fewer cells than the header gets empty ones; one with more has the extra cells joined to its last
    cell with " | " (most likely a literal pipe; see the module's note on ``\\|``).

    >>> from .oap_source import SourceLine
    >>> rows = ["| OA | Leader |", "|---|:-:|", "| 1.1 | BE<br>NL |", "", "a | b", "c | d"]
    >>> out, tables = pipe_tables([SourceLine(n, t) for n, t in enumerate(rows, start=1)])
    >>> [ln.table for ln in out]
    [1, 1, 1, 0, 2, 2]
    >>> [(r.cells, r.where) for r in tables[0].rows]
    [(('OA', 'Leader'), 'table 1 row 1 (line 1)'), (('1.1', 'BE\\nNL'), 'table 1 row 2 (line 3)')]
    """
    cells = [_cells(ln.text) for ln in lines]
    marked = list(lines)
    tables: list[SourceTable] = []
    i = 0
    while i < len(lines):
        found = _markdown_table(cells, i) or _plain_table(cells, i)
        if found is None:
            i += 1
            continue
        end, rows = found
        index = len(tables) + 1
        for j in range(i, end):
            marked[j] = dataclasses.replace(lines[j], table=index)
        table_rows = tuple(
            TableRow(row, f"table {index} row {r} (line {lines[j].number})", lines[j].number)
            for r, (j, row) in enumerate(rows, start=1)
        )
        tables.append(SourceTable(index, f"table {index}", table_rows))
        i = end
    return marked, tables


_Found = tuple[int, list[tuple[int, tuple[str, ...]]]]  # end (exclusive), rows as (line index, cells)


def _markdown_table(cells: list[list[str] | None], i: int) -> _Found | None:
    """The markdown table whose header is line ``i``, if line ``i + 1`` is its separator row."""
    head = cells[i]
    if head is None or len(head) < 2 or i + 1 >= len(cells):
        return None
    sep = cells[i + 1]
    if sep is None or len(sep) != len(head) or not all(_is_separator_cell(c) for c in sep):
        return None
    width = len(head)
    rows = [(i, tuple(head))]
    end = i + 2
    while end < len(cells) and (row := cells[end]) is not None:
        if len(row) > width:
            row = [*row[: width - 1], " | ".join(row[width - 1 :])]
        rows.append((end, tuple(row + [""] * (width - len(row)))))
        end += 1
    return end, rows


def _plain_table(cells: list[list[str] | None], i: int) -> _Found | None:
    """Lines ``i``, ``i + 1``, ... with the same number (2 or more) of cells, if two at least.

    It ends before a line that is the header of a markdown table.
    """
    first = cells[i]
    if first is None or len(first) < 2:
        return None
    end = i + 1
    while end < len(cells) and (row := cells[end]) is not None and len(row) == len(first):
        if _markdown_table(cells, end) is not None:
            break
        end += 1
    if end - i < 2:
        return None
    return end, [(j, tuple(cells[j] or ())) for j in range(i, end)]


def _is_separator_cell(cell: str) -> bool:
    """``---``, ``:--``, ``--:`` or ``:-:`` (one hyphen at least)."""
    inner = cell[1:] if cell.startswith(":") else cell
    inner = inner[:-1] if inner.endswith(":") else inner
    return bool(inner) and not inner.strip("-")


def _cells(text: str) -> list[str] | None:
    """The cells of a line split on unescaped ``|``; None when it has no such ``|``.

    >>> _cells("| a | b \\\\| c |"), _cells("a|b"), _cells("no pipe \\\\| here"), _cells("|")
    (['a', 'b | c'], ['a', 'b'], None, [''])
    """
    if "|" not in text:
        return None
    pieces = _split(text)
    if len(pieces) == 1:
        return None
    if pieces[0].strip() == "":  # a leading pipe
        pieces = pieces[1:]
    if len(pieces) > 1 and pieces[-1].strip() == "":  # a trailing pipe
        pieces = pieces[:-1]
    return [_BREAK.sub("\n", p).replace(" \n", "\n").replace("\n ", "\n").strip() for p in pieces]


def _split(text: str) -> list[str]:
    """``text`` split on each ``|`` not right after a backslash; ``\\|`` becomes ``|``. Linear time."""
    out: list[str] = []
    current: list[str] = []
    for piece in text.split("|"):
        if current and current[-1].endswith("\\"):  # the pipe before ``piece`` was escaped
            current[-1] = current[-1][:-1]
            current.append("|")
            current.append(piece)
        else:
            if current:
                out.append("".join(current))
            current = [piece]
    out.append("".join(current))
    return out
