"""Text of PDF documents, page by page, without the running headers and footers of Council documents."""

from __future__ import annotations

import math
import re
import warnings
from pathlib import Path

from ..errors import InputError

__all__ = ["read_pdf_pages", "strip_running_lines"]

#: Lines at the top or bottom of a page that are only a page number ("3", "Page 3", "3/12", "- 3 -").
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?-?\s*\d{1,3}\s*-?(?:\s*(?:/|of)\s*\d{1,3})?$", re.IGNORECASE)
#: A Council footer: document number, drafter's initials and page ("13607/21 RS/sl 3").
_COUNCIL_FOOTER = re.compile(
    r"^\d{3,6}/(?:\d{1,2}/)?\d{2}(?:\s+REV\s*\d+)?\s+[A-Za-z]{1,4}/[A-Za-z]{1,4}\s+\d{1,4}$"
)
#: A Council footer's second line: directorate, marking and language ("JAI.1 LIMITE EN").
_COUNCIL_MARKING = re.compile(r"^(?:[A-Z]{2,6}(?:\.\d+)*\s+)?(?:LIMITE\s+|RESTREINT UE\s+)?EN$")
_ZONE = 4  # lines at the top and bottom of a page that may be running headers or footers


def read_pdf_pages(path: Path) -> list[str]:
    """The extracted text of each page of a PDF.

    Raises
    ------
    InputError
        The file is not a readable PDF, is encrypted, or has no text layer (a scan).
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with warnings.catch_warnings():
            # pypdf warns about harmless defects of real-world PDFs; they are not the user's concern.
            warnings.simplefilter("ignore")
            reader = PdfReader(path, strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise InputError(f"{path}: the PDF is encrypted; save an unprotected copy first")
            pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as e:
        raise InputError(f"{path}: not a readable PDF ({type(e).__name__}: {e})") from e
    if not pages:
        raise InputError(f"{path}: the PDF has no pages")
    if not any(p.strip() for p in pages):
        raise InputError(
            f"{path}: the PDF has no text layer (a scanned image?); "
            "run OCR on it first (e.g. ocrmypdf) or give the text"
        )
    return pages


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
