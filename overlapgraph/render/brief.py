"""A :class:`~overlapgraph.present.brief.Brief` as .docx (python-docx), offline .html or .md.

Every writer stages its file in an :class:`~overlapgraph.output.OutputSet`. The HTML page has no script
at all and a Content-Security-Policy that forbids every fetch; all text is escaped by jinja2.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError

if TYPE_CHECKING:
    from ..output import OutputSet
    from ..present.brief import Brief

__all__ = ["BRIEF_FORMATS", "brief_html", "brief_markdown", "write_brief"]

#: File suffixes ``brief`` writes.
BRIEF_FORMATS = ("docx", "html", "md")

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


@cache
def _template() -> Any:
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("overlapgraph.render", "templates"), autoescape=True)
    return env.get_template("brief.html.j2")


def brief_html(b: Brief, made: datetime | None = None) -> str:
    """The brief as one offline HTML page (no script, no fetch)."""
    from .. import __version__

    return str(
        _template().render(
            csp=_CSP,
            b=b,
            version=__version__,
            made=(made or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC"),
        )
    )


def _md_cell(v: str) -> str:
    """Markdown table cell: pipes escaped, line breaks as spaces, markup characters escaped."""
    text = " ".join(str(v).splitlines())
    for ch in "\\|*_`[]<>#":
        text = text.replace(ch, "\\" + ch)
    return text


def brief_markdown(b: Brief) -> str:
    """The brief as Markdown (tables as pipe tables; data text escaped)."""
    lines = [f"# {_md_cell(b.title)}", "", _md_cell(b.subtitle), ""]
    for s in b.sections:
        lines += [f"## {_md_cell(s.heading)}", ""]
        lines += [_md_cell(t) + "\n" for t in s.text]
        for t in s.tables:
            lines += [f"**{_md_cell(t.caption)}**", ""]
            lines.append("| " + " | ".join(_md_cell(c) for c in t.columns) + " |")
            lines.append("|" + "---|" * len(t.columns))
            lines += ["| " + " | ".join(_md_cell(v) for v in r) + " |" for r in t.rows]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _docx(b: Brief, path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    from ..output import xml_safe

    def t(v: object) -> str:
        return str(xml_safe(str(v)))

    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE
    sec.page_width, sec.page_height = sec.page_height, sec.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(1.5))
    doc.styles["Normal"].font.size = Pt(9)
    doc.add_heading(t(b.title), level=1)
    doc.add_paragraph(t(b.subtitle))
    for s in b.sections:
        doc.add_heading(t(s.heading), level=2)
        for line in s.text:
            doc.add_paragraph(t(line))
        for tab in s.tables:
            doc.add_paragraph(t(tab.caption)).runs[0].bold = True
            table = doc.add_table(rows=1, cols=len(tab.columns))
            table.style = "Table Grid"
            for cell, c in zip(table.rows[0].cells, tab.columns, strict=True):
                cell.text = t(c)
                cell.paragraphs[0].runs[0].bold = True
            for r in tab.rows:
                for cell, v in zip(table.add_row().cells, r, strict=True):
                    cell.text = t(v)
    doc.save(str(path))


def write_brief(b: Brief, path: Path, out: OutputSet | None = None) -> None:
    """Write the brief to ``path``; its suffix (.docx, .html, .md) chooses the format."""
    from ..output import OutputSet

    fmt = path.suffix.lower().lstrip(".")
    if fmt not in BRIEF_FORMATS:
        raise InputError(f"{path}: a brief is .docx, .html or .md, not {path.suffix or 'no suffix'}")
    if out is None:
        with OutputSet() as one:
            write_brief(b, path, one)
        return
    if fmt == "docx":
        _docx(b, out.file(path))
    elif fmt == "html":
        out.write_text(path, brief_html(b))
    else:
        out.write_text(path, brief_markdown(b))
