"""Neutralise spreadsheet formulas in exported text (CSV/formula injection) and write files atomically."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["FORMULA_PREFIXES", "atomic_dir", "atomic_file", "is_formula_like", "neutralise", "xml_safe"]

#: A cell starting with one of these is run as a formula (or DDE command) by Excel, LibreOffice or
#: Google Sheets; tab and carriage return are included because some programs strip them first (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


#: Control characters that XML 1.0 (xlsx, GraphML, GEXF) cannot hold; tab, LF and CR are allowed.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_safe(value: object) -> object:
    r"""``value`` as XML can hold it: illegal control characters become U+FFFD, line ends LF.

    Text extracted from PDFs may hold form feeds and the like; XML parsers turn CR into LF anyway.

    >>> xml_safe("page\x0cbreak"), xml_safe("a\r\nb\rc"), xml_safe(3)
    ('page\ufffdbreak', 'a\nb\nc', 3)
    """
    if isinstance(value, str):
        if "\r" in value:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        if _XML_ILLEGAL.search(value):
            value = _XML_ILLEGAL.sub("\ufffd", value)
    return value


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would treat ``text`` as a formula.

    >>> is_formula_like("=HYPERLINK(1)"), is_formula_like("OA 2.1"), is_formula_like("")
    (True, False, False)
    """
    return text.startswith(FORMULA_PREFIXES)


def neutralise(value: object) -> object:
    """``value`` made inert for a spreadsheet: formula-like text gets a leading apostrophe.

    Only text is changed; numbers (including negative ones) stay numbers.

    >>> neutralise("=1+2"), neutralise("-1"), neutralise(-1), neutralise("Telecom fraud")
    ("'=1+2", "'-1", -1, 'Telecom fraud')
    """
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; move it onto ``path`` only if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


@contextmanager
def atomic_dir(path: Path) -> Iterator[Path]:
    """Yield an empty staging folder; its files are moved into ``path`` only if the block succeeds.

    Files already in ``path`` that the block did not write are left alone.
    """
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(20, "exists and is not a folder", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.name}.") as tmp:
        stage = Path(tmp)
        yield stage
        path.mkdir(exist_ok=True)
        for f in sorted(stage.iterdir()):
            shutil.move(str(f), path / f.name)
