"""Text and tables of PDF documents, page by page, without the running headers and footers of Council notes.

Text comes from pypdf; tables (ruled ones, as Word and LibreOffice print them) from pdfplumber. On a page
with a table, the prose is the text outside the tables (pdfplumber) and each table row is one line, where
the table is on the page.
"""

from __future__ import annotations

import logging
import math
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .oap_source import SourceDocument, SourceLine, SourceTable, TableRow, clean_line

__all__ = ["read_pdf_document", "read_pdf_pages", "strip_running_lines"]

#: Lines at the top or bottom of a page that are only a page number ("3", "Page 3", "3/12", "- 3 -").
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?-?\s*\d{1,3}\s*-?(?:\s*(?:/|of)\s*\d{1,3})?$", re.IGNORECASE)
#: A Council footer: document number, drafter's initials and page ("13607/21 RS/sl 3").
_COUNCIL_FOOTER = re.compile(
    r"^\d{3,6}/(?:\d{1,2}/)?\d{2}(?:\s+REV\s*\d+)?\s+[A-Za-z]{1,4}/[A-Za-z]{1,4}\s+\d{1,4}$"
)
#: A Council footer's second line: directorate, marking and language ("JAI.1 LIMITE EN").
_COUNCIL_MARKING = re.compile(r"^(?:[A-Z]{2,6}(?:\.\d+)*\s+)?(?:LIMITE\s+|RESTREINT UE\s+)?EN$")
_ZONE = 4  # lines at the top and bottom of a page that may be running headers or footers


_QUIET = ("pypdf", "pdfminer", "pdfplumber")  # libraries that log the harmless defects of real-world PDFs


@contextmanager
def _quiet() -> Iterator[None]:
    """No warnings and no log records from the PDF libraries while reading: not the user's concern."""
    loggers = [logging.getLogger(name) for name in _QUIET]
    levels = [lg.level for lg in loggers]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for lg in loggers:
            lg.setLevel(logging.CRITICAL + 1)
        try:
            yield
        finally:
            for lg, level in zip(loggers, levels, strict=True):
                lg.setLevel(level)


def _encrypted(path: Path) -> InputError:
    return InputError(f"{path}: the PDF is encrypted with a password; save an unprotected copy first")


def read_pdf_pages(path: Path) -> list[str]:
    """The extracted text of each page of a PDF (pypdf).

    A PDF encrypted with only an owner password (permissions) opens; one that needs a password to open
    does not.

    Raises
    ------
    InputError
        The file is not a readable PDF, is encrypted with a password, or has no text layer (a scan).
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with _quiet():
            reader = PdfReader(path, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise _encrypted(path)
            pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as e:
        raise InputError(f"{path}: not a readable PDF ({_one_line(f'{type(e).__name__}: {e}')})") from e
    if not pages:
        raise InputError(f"{path}: the PDF has no pages")
    if not any(p.strip() for p in pages):
        raise InputError(
            f"{path}: the PDF has no text layer (a scanned image?); "
            "run OCR on it first (e.g. ocrmypdf) or give the text"
        )
    return pages


def _one_line(message: str) -> str:
    return " ".join(message.split())


@dataclass(frozen=True, slots=True)
class _Table:
    """A table found on a page: where it starts (top) and its rows, cells cleaned."""

    top: float
    rows: list[tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class _PageLine:
    """A line of a page before numbering: prose text, or a row (index ``row``) of the page's table."""

    text: str
    table: int = -1  # index into the page's tables; -1 for prose
    row: int = 0


def read_pdf_document(path: Path) -> SourceDocument:
    """The lines and tables of a PDF.

    Tables: the ruled tables pdfplumber finds (two columns at least), numbered through the document,
    "page P, table T"; rows "page P, table T row R" (R from 1, header rows included), a cell's lines
    joined by "\\n". A table continued on the next page is a new table there. Lines: on a page without a
    table, pypdf's text as :func:`~.oap_source.read_lines` gives it; on a page with tables, pdfplumber's
    text outside the tables, and one line per table row (the row's cells joined by a space, label
    "page P, table T row R", ``table`` T) where the table is. Running headers and footers are left out
    (never a table row).

    Raises
    ------
    InputError
        As :func:`read_pdf_pages`; or pdfplumber cannot read a page that pypdf could.
    """
    texts = read_pdf_pages(path)
    found = _find_tables(path, len(texts))
    pages: list[list[_PageLine]] = []
    for text, (prose, tables) in zip(texts, found, strict=True):
        if tables:
            pages.append(_merge(prose, tables))
        else:
            pages.append([_PageLine(t) for t in text.splitlines()])
    return _number(pages, found)


def _find_tables(path: Path, count: int) -> list[tuple[list[tuple[float, str]], list[_Table]]]:
    """For each page: its prose lines outside tables (top, text) and its tables; no lines without tables."""
    import pdfplumber
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    try:
        with _quiet(), pdfplumber.open(path, password="") as pdf:
            if len(pdf.pages) != count:
                raise InputError(f"{path}: not a readable PDF (pypdf and pdfminer see different pages)")
            return [_page_tables(page) for page in pdf.pages]
    except InputError:
        raise
    except PdfminerException as e:
        cause = e.args[0] if e.args else e
        if type(cause).__name__ == "PDFPasswordIncorrect":
            raise _encrypted(path) from e
        raise InputError(
            f"{path}: not a readable PDF ({_one_line(f'{type(cause).__name__}: {cause}')})"
        ) from e
    except (PSException, MalformedPDFException, ValueError, KeyError, TypeError, IndexError, OSError) as e:
        raise InputError(f"{path}: not a readable PDF ({_one_line(f'{type(e).__name__}: {e}')})") from e


def _page_tables(page: Any) -> tuple[list[tuple[float, str]], list[_Table]]:
    tables: list[tuple[tuple[float, float, float, float], _Table]] = []
    for found in page.find_tables():
        rows = [tuple(_cell(c) for c in row) for row in found.extract()]
        if max((len(r) for r in rows), default=0) >= 2 and any(any(r) for r in rows):
            tables.append((found.bbox, _Table(found.bbox[1], rows)))
    if not tables:
        return [], []
    boxes = [box for box, _ in tables]

    def outside(obj: dict[str, Any]) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    lines = page.filter(outside).extract_text_lines(return_chars=False)
    prose = [(float(ln["top"]), str(ln["text"])) for ln in lines]
    return prose, sorted((t for _, t in tables), key=lambda t: t.top)


def _cell(value: str | None) -> str:
    """A cell's text, each of its lines cleaned (empty lines dropped); "" for a merged-away cell."""
    return "\n".join(t for t in (clean_line(part) for part in (value or "").split("\n")) if t)


def _merge(prose: list[tuple[float, str]], tables: list[_Table]) -> list[_PageLine]:
    """Prose lines and table rows of a page, in order down the page (a table where its top is)."""
    out: list[_PageLine] = []
    i = 0
    for t, table in enumerate(tables):
        while i < len(prose) and prose[i][0] < table.top:
            out.append(_PageLine(prose[i][1]))
            i += 1
        out.extend(_PageLine(_row_text(row), t, r) for r, row in enumerate(table.rows, start=1))
    out.extend(_PageLine(text) for _, text in prose[i:])
    return out


def _row_text(cells: Sequence[str]) -> str:
    return " ".join(" ".join(c.split()) for c in cells if c)


def _number(
    pages: list[list[_PageLine]], found: list[tuple[list[tuple[float, str]], list[_Table]]]
) -> SourceDocument:
    """Number the lines through the document and the tables, leaving out running headers and footers."""
    marks = strip_running_lines([[ln.text for ln in lines] for lines in pages])
    out: list[SourceLine] = []
    tables: list[SourceTable] = []
    for p, (lines, running, (_, page_tables)) in enumerate(zip(pages, marks, found, strict=True), start=1):
        first = len(tables) + 1  # index of the page's first table in the document
        rows: list[list[TableRow]] = [[] for _ in page_tables]
        for i, (ln, skip) in enumerate(zip(lines, running, strict=True), start=1):
            if ln.table < 0:
                if not skip:
                    out.append(SourceLine(len(out) + 1, clean_line(ln.text), p, i))
                continue
            where = f"page {p}, table {first + ln.table} row {ln.row}"
            out.append(SourceLine(len(out) + 1, ln.text, p, i, label=where, table=first + ln.table))
            rows[ln.table].append(TableRow(page_tables[ln.table].rows[ln.row - 1], where, len(out)))
        for t, table_rows in enumerate(rows):
            tables.append(SourceTable(first + t, f"page {p}, table {first + t}", tuple(table_rows)))
    return SourceDocument(out, tables)


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


def strip_running_lines(pages: list[list[str]]) -> list[list[bool]]:
    """Mark, for each line of each page, whether it is a running header or footer.

    A line near the top or bottom of a page is running when it is a page number, a Council footer
    ("13607/21 RS/sl 3", "JAI.1 LIMITE EN"), or when the same text (digits aside) is near the top or
    bottom of at least half of the pages (two at least). Redaction marks ("DELETED") are kept.

    >>> strip_running_lines([["Title", "text", "12345/21 AB/cd 1"], ["more", "2"]])
    [[False, False, True], [False, True]]
    """
    zones: list[list[tuple[int, str]]] = []
    for lines in pages:
        filled = [i for i, t in enumerate(lines) if t.strip()]
        edge = filled[:_ZONE] + [i for i in filled[-_ZONE:] if i not in filled[:_ZONE]]
        zones.append([(i, _key(lines[i])) for i in edge])
    counts: dict[str, int] = {}
    for zone in zones:
        for key in {k for _, k in zone}:
            counts[key] = counts.get(key, 0) + 1
    needed = max(2, math.ceil(len(pages) / 2))
    marks = [[False] * len(lines) for lines in pages]
    for p, zone in enumerate(zones):
        for i, key in zone:
            text = " ".join(pages[p][i].split())
            if (
                _PAGE_NUMBER.match(text)
                or _COUNCIL_FOOTER.match(text)
                or _COUNCIL_MARKING.match(text)
                or (counts[key] >= needed and "DELETED" not in text)
            ):
                marks[p][i] = True
    return marks
