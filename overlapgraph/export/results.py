"""Query results (columns and rows of plain values) as text: an aligned table, CSV or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..output import csv_text

__all__ = ["RESULT_FORMATS", "format_rows"]

#: The formats of :func:`format_rows`.
RESULT_FORMATS = ("table", "csv", "json")


#: Properties that name a node, in order of preference, and how many other properties a cell shows.
_KEYS = ("action_id", "oap_id", "goal_id", "code")
_SHOWN = 3
#: Properties shown first (the rest follow by name).
_FIRST = ("name", "title", "period", "score", "status", "community")


def _entity(v: dict[str, Any]) -> str:
    """A node or relationship (``plain_value``'s ``_labels``/``_type`` maps) as ``(:Label KEY k=v ...)``.

    >>> _entity({"_labels": ["Priority"], "code": "THB", "name": "Trafficking", "loaded_at": "2026"})
    '(:Priority THB name=Trafficking)'
    """
    props = {k: x for k, x in v.items() if not k.startswith("_") and not k.startswith(("load", "source"))}
    key = next((k for k in _KEYS if k in props), None)
    head = str(props.pop(key)) if key else ""
    if "_labels" in v and key == "action_id":
        props.pop("oap_id", None), props.pop("code", None)
    order = sorted(props, key=lambda k: (_FIRST.index(k) if k in _FIRST else len(_FIRST), k))
    shown = [f"{k}={_cell(props[k])[:40]}" for k in order[:_SHOWN]]
    more = [f"+{len(props) - _SHOWN}"] if len(props) > _SHOWN else []
    body = " ".join(x for x in (head, *shown, *more) if x)
    if "_labels" in v:
        return f"(:{':'.join(v['_labels'])}{' ' + body if body else ''})"
    return f"[:{v['_type']}{' ' + body if body else ''}]"


def _is_entity(v: Any) -> bool:
    return isinstance(v, dict) and ("_labels" in v or "_type" in v)


def _table_cell(v: Any) -> str:
    """A value for the table format: nodes and relationships (and paths) compactly, the rest as in CSV."""
    if _is_entity(v):
        return _entity(v)
    if isinstance(v, list) and v and all(_is_entity(x) for x in v):
        return " ".join(_entity(x) for x in v)
    if isinstance(v, dict) and set(v) == {"nodes", "relationships"}:
        return _table_cell(v["nodes"]) + " via " + _table_cell(v["relationships"])
    return _cell(v)


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
    text = [[" ".join(_table_cell(v).split()) for v in r] for r in rows]
    widths = [max([len(c), *(len(r[j]) for r in text)]) for j, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in text]
    return "\n".join(line.rstrip() for line in lines)
