"""The lines and tables of an OAP document (text, markdown, PDF, Word), cleaned, each with its place.

Every reader gives a :class:`SourceDocument`: the document's lines in reading order (paragraphs, list
items, and one line per table row, so the prose parser sees the document as a reader does) and its
tables, row by row, each row with where a reader finds it ("table 1 row 4", "page 5, table 2 row 3").
Lines that are rows of a table say so (``table``), so a caller can set aside the rows of tables it reads
as tables (the OA overview table) and parse the rest as prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

__all__ = [
    "DOCUMENT_SUFFIXES",
    "SourceDocument",
    "SourceLine",
    "SourceTable",
    "TableRow",
    "clean_line",
    "read_document",
    "read_lines",
    "span",
    "strip_emphasis",
]

#: File endings read as Council OAP documents rather than datasets.
DOCUMENT_SUFFIXES = (".txt", ".md", ".pdf", ".docx")


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One line of a document: its cleaned text and where it is (line, or page and line on the page)."""

    number: int  # 1-based position in the document's list of lines (PDF: headers removed)
    text: str
    page: int = 0  # 0 for text documents
    page_line: int = 0
    label: str = ""  # where, when neither a line nor a page line says it: "paragraph 31", "table 1 row 4"
    table: int = 0  # 1-based index of the SourceTable this line is a row of; 0 for prose

    @property
    def where(self) -> str:
        """Where a reader finds the line: "line 12", "page 3, line 12" or its label ("paragraph 31")."""
        if self.label:
            return self.label
        if self.page:
            return f"page {self.page}, line {self.page_line}"
        return f"line {self.number}"


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a table: its cells' text (cleaned; a cell's own line breaks kept as "\\n") and place."""

    cells: tuple[str, ...]
    where: str  # "table 1 row 4", "page 5, table 2 row 3", "table 1 row 4 (line 57)"
    line: int  # number of the SourceLine that shows this row (for the section it lies in, and messages)


@dataclass(frozen=True, slots=True)
class SourceTable:
    """A table of a document: every row, the header row(s) included, in order (row 1 is the first)."""

    index: int  # 1-based, in the whole document
    where: str  # "table 1", "page 5, table 2"
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class SourceDocument:
    """A document as read: its lines (prose and table rows, in reading order) and its tables."""

    lines: list[SourceLine]
    tables: list[SourceTable]


def span(first: SourceLine, last: SourceLine) -> str:
    """Where a reader finds lines ``first`` to ``last``.

    >>> span(SourceLine(4, "a"), SourceLine(5, "b")), span(SourceLine(4, "a"), SourceLine(4, "a"))
    ('lines 4-5', 'line 4')
    >>> span(SourceLine(4, "a", 2, 9), SourceLine(5, "b", 3, 1))
    'page 2, line 9 to page 3, line 1'
    """
    if first.number == last.number:
        return first.where
    if not first.page:
        return f"lines {first.number}-{last.number}"
    if first.page == last.page:
        return f"page {first.page}, lines {first.page_line}-{last.page_line}"
    return f"{first.where} to {last.where}"


_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\ufeff": None,
    }
)
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_MD_STRONG = re.compile(r"\*\*|__")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_line(raw: str) -> str:
    """A line without markdown emphasis, escapes and heading marks, odd spaces, ligatures or runs of spaces.

    >>> clean_line("## 2.2  **Potential** overlaps with *other* OAPs\\\\.")
    '2.2 Potential overlaps with other OAPs.'
    >>> clean_line("* Operational Agreement with Europol")
    '* Operational Agreement with Europol'
    """
    s = raw.translate(_LIGATURES)
    s = _CONTROL.sub(" ", s)
    s = _MD_HEADING.sub("", s.strip())
    s = _MD_ESCAPE.sub(r"\1", s)
    s = _MD_STRONG.sub("", s)
    s = strip_emphasis(s)
    return " ".join(s.split())


_MARK = re.compile(r"[*_]")  # one character, no repetition: linear
_NEWLINE = re.compile(r"\n")


def strip_emphasis(s: str) -> str:
    """``s`` without markdown emphasis marks ``*x*`` and ``_x_``, in one pass (time linear in ``len(s)``).

    It reads as the expression ``(?<![\\w*])([*_])(?=\\S)(.+?)(?<=\\S)\\1(?![\\w*])`` replaced by its
    second group did, but that expression backtracks: a line of ``*x `` repeated 100,000 times took
    minutes. Here each mark is looked at once: an opening mark (not after a letter, digit, ``_`` or ``*``,
    before a non-space) pairs with the first closing mark of the same kind (after a non-space, not before
    a letter, digit, ``_`` or ``*``) at least two characters on, on the same line.

    >>> strip_emphasis("with *other* OAPs and _this_ one, a*b*c, snake_case_name, * item")
    'with other OAPs and this one, a*b*c, snake_case_name, * item'
    """
    if "*" not in s and "_" not in s:
        return s
    n = len(s)
    marks = [m.start() for m in _MARK.finditer(s)]
    closers: dict[str, list[int]] = {"*": [], "_": []}
    star, under = closers["*"], closers["_"]
    for j in marks:
        if j > 0 and not s[j - 1].isspace():
            after = s[j + 1] if j + 1 < n else " "
            if not (after.isalnum() or after == "_" or after == "*"):
                (star if s[j] == "*" else under).append(j)
    lines = [m.start() for m in _NEWLINE.finditer(s)]  # the expression's "." stopped at a line end
    next_closer = {"*": 0, "_": 0}
    next_line = 0
    out: list[str] = []
    last = 0
    for i in marks:
        if i < last:
            continue  # inside a pair already taken
        c = s[i]
        if i + 1 >= n or s[i + 1].isspace():
            continue
        if i > 0 and ((before := s[i - 1]).isalnum() or before == "_" or before == "*"):
            continue
        found, k = closers[c], next_closer[c]
        while k < len(found) and found[k] < i + 2:
            k += 1
        next_closer[c] = k
        if k == len(found):
            continue
        j = found[k]
        while next_line < len(lines) and lines[next_line] < i:
            next_line += 1
        if next_line < len(lines) and lines[next_line] < j:
            continue
        out += (s[last:i], s[i + 1 : j])
        last = j + 1
    out.append(s[last:])
    return "".join(out)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from e
    if data.startswith(b"%PDF-"):
        raise InputError(f"{path}: is a PDF; name it .pdf")
    if b"\x00" in data:
        raise InputError(f"{path}: binary data, not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            f"{path}:{line}: not valid UTF-8 text (byte 0x{data[e.start]:02x}); save the document as UTF-8"
        ) from e
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 100):
        raise InputError(f"{path}: binary data, not a text document ({controls} control characters)")
    return text


def read_document(path: Path) -> SourceDocument:
    """The lines and tables of a .txt, .md, .pdf or .docx document.

    Raises
    ------
    InputError
        Unreadable or encrypted file, text not in UTF-8, binary data, a PDF without a text layer, a .docx
        that is not a Word document.
    """
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx(path)
    if suffix == ".pdf":
        from .pdf import read_pdf_document

        return read_pdf_document(path)
    from .pipe_tables import pipe_tables

    lines = read_lines(path)
    return SourceDocument(*pipe_tables(lines))


def read_lines(path: Path) -> list[SourceLine]:
    """The cleaned lines of a .txt, .md or .pdf document (blank lines kept, as empty text).

    Raises
    ------
    InputError
        Unreadable file, text not in UTF-8, binary data, or a PDF without a text layer.
    """
    if path.suffix.lower() == ".pdf":
        from .pdf import read_pdf_pages, strip_running_lines

        pages = [p.splitlines() for p in read_pdf_pages(path)]
        marks = strip_running_lines(pages)
        out: list[SourceLine] = []
        for p, (lines, running) in enumerate(zip(pages, marks, strict=True), start=1):
            for i, (raw, skip) in enumerate(zip(lines, running, strict=True), start=1):
                if not skip:
                    out.append(SourceLine(len(out) + 1, clean_line(raw), p, i))
        return out
    text = _read_text(path)
    return [SourceLine(n, clean_line(raw)) for n, raw in enumerate(text.splitlines(), start=1)]
