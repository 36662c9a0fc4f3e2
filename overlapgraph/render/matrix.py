"""The directional matrix (:mod:`overlapgraph.present.matrix`) as one self-contained, offline HTML page.

Like the network pages: the page's script and style are inline, the data sits in an escaped JSON block,
every data text reaches the page through jinja2's autoescaping or ``textContent``, and a
Content-Security-Policy allows only the page's own script (by hash) and no fetch of any kind.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..present.evidence import ACTION_COLUMNS, PANEL_ROWS, Evidence, Table
from ..present.matrix import CELL_STATUSES, Matrix, cell_id, matrix
from .network import _script_json, _sha256, write_page

if TYPE_CHECKING:
    from ..analysis.core import Analysis

__all__ = ["LEGEND", "render_matrix", "write_matrix"]

#: Status -> (glyph, legend text). The glyph repeats the colour, so colour is not the only cue.
LEGEND = {
    "reciprocated": ("⇄", "reciprocated: the column declares the row back"),
    "one-sided": ("→", "one-sided: the column's OAP is loaded and does not declare back"),
    "unchecked": ("?", "unchecked: no OAP of the column is loaded"),
    "co-named": ("◦", "co-named only: a third OAP declares actions towards both"),
    "none": ("", "none"),
}
_TIP_ACTIONS = 15


@cache
def _assets() -> dict[str, str]:
    here = files("overlapgraph.render").joinpath("templates")
    return {
        "page_js": here.joinpath("matrix.js").read_text("utf-8"),
        "page_css": here.joinpath("matrix.css").read_text("utf-8"),
    }


@cache
def _csp() -> str:
    return (
        "default-src 'none'; "
        f"script-src {_sha256(_assets()['page_js'])}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


@cache
def _template() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("overlapgraph.render", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
    )
    return env.get_template("matrix.html.j2")


def _summary(m: Matrix, r: str, c: str) -> str:
    cell = m.cell(r, c)
    score = f"; pair score {cell.score}" if cell.score is not None else ""
    if cell.count:
        return f"{r} declares {cell.count} actions towards {c} ({cell.status}){score}."
    if cell.status == "co-named":
        return (
            f"{r} declares nothing towards {c}; a third OAP names both ({len(cell.actions)} actions){score}."
        )
    return f"{r} declares nothing towards {c}{score}."


def _tip(m: Matrix, r: str, c: str) -> str:
    cell = m.cell(r, c)
    lines = [_summary(m, r, c)]
    for a in cell.actions[:_TIP_ACTIONS]:
        lead = f" (lead {a[4]})" if a[4] else ""
        lines.append(f"{a[0]} {a[1]}" + (f" — {a[2]}" if a[2] else "") + lead)
    if len(cell.actions) > _TIP_ACTIONS:
        lines.append(f"… and {len(cell.actions) - _TIP_ACTIONS} more: click the cell")
    return "\n".join(lines)


def render_matrix(
    analysis: Analysis,
    subtitle: str = "",
    *,
    made: datetime | None = None,
    evidence: Evidence | None = None,
) -> str:
    """The self-contained HTML page of the directional matrix of ``analysis``."""
    from .. import __version__

    m = matrix(analysis, evidence)
    cells_json: dict[str, Any] = {}
    rows = []
    for r in m.order:
        row_cells: list[dict[str, Any] | None] = []
        for c in m.order:
            if r == c:
                row_cells.append(None)
                continue
            cell = m.cell(r, c)
            cid = cell_id(r, c)
            glyph = LEGEND[cell.status][0]
            row_cells.append(
                {
                    "id": cid,
                    "row": r,
                    "col": c,
                    "status": cell.status,
                    "text": f"{cell.count} {glyph}" if cell.count else glyph,
                    "tip": _tip(m, r, c),
                }
            )
            caption = (
                f"Actions of {r} declared towards {c}"
                if cell.count or cell.status != "co-named"
                else f"Actions a third OAP declares towards {r} and {c}"
            )
            cell_data = cell.as_dict(actions=False)
            shown = Table(caption, ACTION_COLUMNS, cell.actions).as_dict(  # capped as the panels
                PANEL_ROWS, f"overlapgraph synergies --pair {r} {c}"
            )
            cell_data["actions"] = shown["rows"]
            cells_json[cid] = {**cell_data, "summary": _summary(m, r, c), "caption": shown["caption"]}
        rows.append(
            {
                "code": r,
                "name": m.names.get(r, ""),
                "community": m.community[r],
                "cells": row_cells,
                "total": m.row_totals[r],
            }
        )
    cols = [
        {"code": c, "name": m.names.get(c, ""), "community": m.community[c], "total": m.col_totals[c]}
        for c in m.order
    ]
    a = _assets()
    return str(
        _template().render(
            csp=_csp(),
            version=__version__,
            title="Who declares whom: the directional matrix of priorities",
            subtitle=subtitle,
            made=(made or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC"),
            n=len(m.order),
            notes=list(analysis.notes),
            legend=[(k, LEGEND[k][0] or " ", LEGEND[k][1]) for k in CELL_STATUSES],
            cols=cols,
            rows=rows,
            grand=sum(m.row_totals.values()),
            communities=[(i, ", ".join(c)) for i, c in enumerate(analysis.structure.communities)],
            data_json=Markup(_script_json({"columns": ACTION_COLUMNS, "cells": cells_json})),
            page_js=Markup(a["page_js"]),
            page_css=Markup(a["page_css"]),
        )
    )


def write_matrix(
    analysis: Analysis, html: Path | None = None, png: Path | None = None, *, subtitle: str = ""
) -> list[Path]:
    """Write the matrix page to ``html`` and/or its screenshot to ``png`` (one OutputSet); return them."""
    if html is None and png is None:
        raise ValueError("give html, png or both")
    return write_page(render_matrix(analysis, subtitle), html, png)
