"""Query results (columns and rows of plain values) as text: an aligned table, CSV or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..output import csv_text

__all__ = ["RESULT_FORMATS", "format_rows"]

#: The formats of :func:`format_rows`.
RESULT_FORMATS = ("table", "csv", "json")


def _cell(v: Any) -> str:
    """One value as text: lists of scalars joined with "; ", maps and nested lists as JSON."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list) and all(not isinstance(x, list | dict) for x in v):
        return "; ".join(_cell(x) for x in v)
    if isinstance(v, list | dict):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def format_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: str = "table") -> str:
    """Render a result for a terminal (``table``), a spreadsheet (``csv``) or a program (``json``).

    ``csv`` has a header row and neutralises text a spreadsheet would run as a formula; ``json`` is
    ``{"columns": [...], "rows": [{column: value}, ...]}`` with values as they came.

    Examples
    --------
    >>> print(format_rows(["code", "targets"], [["8.3", ["MS", "OFS"]], ["9.1", []]]))
    code  targets
    ----  -------
    8.3   MS; OFS
    9.1
    >>> format_rows(["x", "n"], [["=1+2", -1]], "csv")
    "x,n\\r\\n'=1+2,-1\\r\\n"
    """
    if fmt == "json":
        doc = {"columns": list(columns), "rows": [dict(zip(columns, r, strict=True)) for r in rows]}
        return json.dumps(doc, ensure_ascii=False, indent=1)
    if fmt == "csv":
        # numbers stay numbers (a negative one is not neutralised into text); the rest as text
        return csv_text([[v if _is_number(v) else _cell(v) for v in r] for r in rows], columns)
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; use one of: {', '.join(RESULT_FORMATS)}")
    text = [[" ".join(_cell(v).split()) for v in r] for r in rows]
    widths = [max([len(c), *(len(r[j]) for r in text)]) for j, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in text]
    return "\n".join(line.rstrip() for line in lines)
