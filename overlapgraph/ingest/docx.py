"""Lines and tables of Word (.docx) OAP documents, read with python-docx in the order Word shows them.

Each body paragraph is one line ("paragraph 12"; empty paragraphs count, as in Word), list items start
with "• " so the prose parser's bullet rules apply, and each table row is one line too ("table 1 row 4")
besides being a :class:`~.oap_source.TableRow` of its :class:`~.oap_source.SourceTable`. Text of
content controls, tracked insertions and fields is read; deleted text, text boxes, headers, footers
and footnotes are not. Word's automatic numbering ("2.2" before a numbered heading) is not text in the
file and is not read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from ..errors import InputError
from .oap_source import SourceDocument, SourceLine, SourceTable, TableRow, clean_line

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
#: Wrappers whose children are block content (paragraphs, tables) in their own right.
_BLOCK_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"})
#: Run content that is text, as python-docx renders it (w:br is "\n", w:tab "\t", ...).
_TEXT = frozenset({f"{_W}{t}" for t in ("t", "tab", "ptab", "br", "cr", "noBreakHyphen")})
#: Inside a paragraph, what a reader does not see as its text: properties, deleted or moved-away text,
#: the fallback copy of alternate content, text boxes (separate stories drawn over the page).
_NOT_TEXT = frozenset(
    {f"{_W}pPr", f"{_W}rPr", f"{_W}del", f"{_W}moveFrom", f"{_MC}Fallback", f"{_W}txbxContent"}
)
_OLE = b"\xd0\xcf\x11\xe0"  # compound file: a legacy .doc, or an encrypted .docx
_BULLETS = "*•·▪◦-\u2010\u2011\u2012\u2013\u2014\u2212"  # what the prose parser reads as a bullet


def read_docx(path: Path) -> SourceDocument:
    """The lines and tables of a Word document, body in document order.

    Lines: one per body paragraph, label "paragraph N" (N counts body paragraphs from 1, empty ones
    included, paragraphs in tables not); list items (numbered paragraphs or a "List ..." style, headings
    aside) start with "• ". One line per table row, label "table T row R", ``table`` T: the row's cells
    joined by a space, each merged cell once. Tables: "table T" (T counts the body's tables from 1),
    rows "table T row R" with one cell per grid column (a merged cell repeated in each column it spans),
    a cell's paragraphs joined by "\\n"; a table nested in a cell is read into that cell, a line per row.

    Raises
    ------
    InputError
        Unreadable file; not a Word document (plain text, a PDF, a legacy .doc, an encrypted file); a
        damaged document; a document without text.
    """
    body, styles = _open(path, _read_bytes(path))
    doc = _Reader(_styles(styles)).read(body)
    if not any(ln.text for ln in doc.lines):
        raise InputError(f"{path}: empty document")
    return doc


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from e


def _open(path: Path, data: bytes) -> tuple[etree._Element, etree._Element]:
    """The w:body and w:styles elements of the document in ``data``; InputError naming what it is instead."""
    import docx
    from docx.opc.exceptions import OpcError

    not_word = f"{path}: not a Word document (.docx)"
    if data.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputError(
                f"{path}: the Word document is encrypted with a password; save an unprotected copy first"
            )
        if "WordDocument".encode("utf-16-le") in data:
            raise InputError(
                f"{path}: a legacy Word .doc file, not a .docx; open it in Word and save it as .docx"
            )
        raise InputError(f"{not_word}: an old-format Office file (OLE compound file)")
    if data.startswith(b"%PDF-"):
        raise InputError(f"{not_word}: it is a PDF; name it .pdf")
    if not data:
        raise InputError(f"{not_word}: the file is empty (0 bytes)")
    try:
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise InputError(f"{not_word}: not a ZIP package ({_one_line(str(e))})") from e
    except KeyError as e:
        raise InputError(
            f"{not_word}: a part is missing ({_one_line(str(e.args[0] if e.args else e))})"
        ) from e
    except etree.XMLSyntaxError as e:
        raise InputError(f"{not_word}: damaged XML ({_one_line(str(e))})") from e
    except ValueError as e:
        msg = str(e)
        if "content type is " in msg:  # python-docx names the stream object; keep what the part is
            msg = "its main part has content type " + msg.split("content type is ", 1)[1]
        raise InputError(f"{not_word}: {_one_line(msg)}") from e
    except (OpcError, zipfile.LargeZipFile, EOFError, OSError) as e:
        raise InputError(f"{not_word}: {_one_line(f'{type(e).__name__}: {e}')}") from e
    body: etree._Element = document.element.body
    styles: etree._Element = document.styles.element
    return body, styles


def _one_line(message: str) -> str:
    return " ".join(message.split())


@dataclass(frozen=True, slots=True)
class _Style:
    name: str  # lower case, as in styles.xml ("heading 1", "list bullet")
    based_on: str  # style id, "" for none
    num_id: int | None  # numbering the style gives its paragraphs (0: none), None when it says nothing


class _Reader:
    """Walks a body and collects lines and tables, numbering paragraphs, tables and lines as it goes."""

    def __init__(self, styles: dict[str, _Style]) -> None:
        self.styles = styles
        self.lines: list[SourceLine] = []
        self.tables: list[SourceTable] = []
        self.paragraphs = 0

    def read(self, body: etree._Element) -> SourceDocument:
        for el in _blocks(body):
            if el.tag == _P:
                self.paragraphs += 1
                text = _paragraph_line(el, self.styles)
                self.lines.append(SourceLine(len(self.lines) + 1, text, label=f"paragraph {self.paragraphs}"))
            else:
                self._table(el)
        return SourceDocument(self.lines, self.tables)

    def _table(self, tbl: etree._Element) -> None:
        index = len(self.tables) + 1
        rows: list[TableRow] = []
        for r, (cells, shown) in enumerate(_table_rows(tbl), start=1):
            where = f"table {index} row {r}"
            text = " ".join(" ".join(c.split()) for c in shown if c)
            line = SourceLine(len(self.lines) + 1, text, label=where, table=index)
            self.lines.append(line)
            rows.append(TableRow(tuple(cells), where, line.number))
        self.tables.append(SourceTable(index, f"table {index}", tuple(rows)))


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """The w:p and w:tbl children of a body or cell, in order, content controls opened."""
    for el in container:
        if el.tag in (_P, _TBL):
            yield el
        elif el.tag in _BLOCK_WRAPPERS:
            yield from _blocks(el)


def _runs_text(el: etree._Element) -> Iterator[str]:
    for child in el:
        tag = child.tag
        if tag in _TEXT:
            yield str(child)  # python-docx's element classes render w:t, w:tab, w:br, ... as text
        elif isinstance(tag, str) and tag not in _NOT_TEXT:
            yield from _runs_text(child)


def _paragraph_text(p: etree._Element) -> str:
    """A paragraph's text: runs, hyperlinks, fields, insertions; a line break as "\\n"."""
    return "".join(_runs_text(p))


def _paragraph_line(p: etree._Element, styles: dict[str, _Style]) -> str:
    """A body paragraph as a cleaned line, a list item with "• " in front."""
    text = clean_line(_paragraph_text(p))
    if text and text[0] not in _BULLETS and _is_list_item(p, styles):
        return "• " + text
    return text


def _styles(styles: etree._Element) -> dict[str, _Style]:
    """The paragraph styles of a document by id, the default style under ""."""
    out: dict[str, _Style] = {}
    for st in styles.iterchildren(f"{_W}style"):
        if st.get(f"{_W}type", "paragraph") != "paragraph":
            continue
        name, based = st.find(f"{_W}name"), st.find(f"{_W}basedOn")
        style = _Style(
            (name.get(f"{_W}val", "") if name is not None else "").lower(),
            based.get(f"{_W}val", "") if based is not None else "",
            _num_id(st.find(f"{_W}pPr/{_W}numPr/{_W}numId")),
        )
        out[st.get(f"{_W}styleId", "")] = style
        if st.get(f"{_W}default") in ("1", "true", "on"):
            out.setdefault("", style)
    return out


def _is_list_item(p: etree._Element, styles: dict[str, _Style]) -> bool:
    """Numbered (w:numPr, own or from the style) or in a "List ..." style; headings are not list items."""
    num = _num_id(p.find(f"{_W}pPr/{_W}numPr/{_W}numId"))
    ref = p.find(f"{_W}pPr/{_W}pStyle")
    style = styles.get(ref.get(f"{_W}val", "") if ref is not None else "") or styles.get("")
    names: list[str] = []
    seen: set[int] = set()
    while style is not None and id(style) not in seen:  # basedOn may loop in a damaged file
        seen.add(id(style))
        names.append(style.name)
        num = style.num_id if num is None else num
        style = styles.get(style.based_on) if style.based_on else None
    if any(n.startswith(("heading", "title")) for n in names):
        return False
    return bool(num) or any(n.startswith("list") for n in names)


def _num_id(el: etree._Element | None) -> int | None:
    """The numbering a w:numId names (0: numbering switched off), None without one."""
    if el is None:
        return None
    value = el.get(f"{_W}val", "")
    return int(value) if value.isdigit() else None


def _cell_text(tc: etree._Element) -> str:
    """A cell's paragraphs (and rows of a table nested in it), cleaned, a line each, empty ones dropped."""
    out: list[str] = []
    for el in _blocks(tc):
        if el.tag == _P:
            out.extend(clean_line(part) for part in _paragraph_text(el).split("\n"))
        else:
            out.extend(" ".join(c.replace("\n", " ") for c in shown if c) for _, shown in _table_rows(el))
    return "\n".join(t for t in out if t)


def _table_rows(tbl: etree._Element) -> Iterator[tuple[list[str], list[str]]]:
    """Each row of a table: its cells by grid column, and the texts the row itself shows.

    A cell spanning columns (w:gridSpan) is repeated in each; a cell continuing a vertical merge
    (w:vMerge) repeats the text above it but is not shown again; columns a row skips (w:gridBefore,
    w:gridAfter) are empty.
    """
    width = max(1, len(tbl.findall(f"{_W}tblGrid/{_W}gridCol")))  # bounds the spans a damaged file gives
    above: list[str] = []
    for tr in tbl.iterchildren(_TR):
        cells = [""] * min(width, _int_val(tr.find(f"{_W}trPr/{_W}gridBefore")))
        shown: list[str] = []
        for tc in tr.iterchildren(_TC):
            span = min(width, max(1, _int_val(tc.find(f"{_W}tcPr/{_W}gridSpan"))))
            merge = tc.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(f"{_W}val", "continue") == "continue":
                col = len(cells)
                text = above[col] if col < len(above) else ""
            else:
                text = _cell_text(tc)
                shown.append(text)
            cells.extend([text] * span)
        cells.extend([""] * min(width, _int_val(tr.find(f"{_W}trPr/{_W}gridAfter"))))
        above = cells
        yield cells, shown


def _int_val(el: etree._Element | None) -> int:
    """The w:val of ``el`` as a count (0 when absent or not a number)."""
    if el is None:
        return 0
    value = el.get(f"{_W}val", "")
    return int(value) if value.isdigit() else 0
