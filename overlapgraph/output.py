"""Putting files on disk: one writer for every file the tool writes, and one CSV policy.

Every command writes its files through one :class:`OutputSet`::

    with OutputSet() as out:
        out.reserve(html, png)            # check every destination before the slow work
        out.write_text(html, page)
        out.write_bytes(png, shot)
    out.files                             # [html, png], both in place

What it guarantees
------------------
* **Nothing half-written.** Each file is written to a temporary file in its destination folder
  (``.NAME.XXXXXXXX.tmp``, same filesystem) and flushed to disk; ``os.replace`` then puts it in place
  in one step, so a reader sees the old file or the new one, never a part.
* **All or nothing until the commit.** Files are moved in only when the ``with`` block ends without an
  exception, and only after every destination has been checked again. A failure anywhere before that
  (a bad destination, a full disk, a failed screenshot, Ctrl-C) removes every temporary file and every
  folder the set created, and replaces nothing.
* **What it cannot guarantee.** The commit is one rename per file, not one transaction: another
  program can see the new first file beside the old second one for the moment between two renames, and
  should a rename fail (the folder's disk failing at that moment, a destination replaced by a folder
  between the check and the rename), the files renamed before it stay in place; the error then names
  them, and the temporary files of the others are removed.
* **Usual permissions.** Files get ``0o666 & ~umask`` (0644 under the usual umask 022), folders
  ``0o777 & ~umask``, like any file a shell redirection makes; never 0600.
* **Inputs and others' files are safe** (under :func:`guard`, which every command of the CLI runs in).
  A destination that is an input of the command or lies inside an input folder is refused (``export DS
  -o DS`` would replace the dataset's own tables). An existing file is replaced only when this tool
  wrote it and it is unchanged since (the tool keeps a record of the files it wrote, by path, size,
  inode and modification time, in ``$XDG_STATE_HOME/overlapgraph/written.json``); any other file is
  refused unless the command runs with ``--force``.
* **Checked destinations.** A destination must be a regular file (or a symlink to one: the file it
  points to is replaced, the link kept) or not exist yet under a folder (missing folders are created).
  A folder, a device (``/dev/full``), a pipe, a symlink to a folder or to nothing, a path under a
  regular file and an empty path are refused with :class:`~overlapgraph.errors.OutputError`, whose
  message names the path and what is wrong. The same destination twice in one set is refused too.

The CSV policy
--------------
:func:`csv_text` is the one way the tool turns a table into CSV, for files (:meth:`OutputSet.write_csv`,
UTF-8 with a byte-order mark so Excel reads accents right) and for standard output (no BOM): a header
row, CRLF line ends (RFC 4180; the csv module then quotes every cell holding a line break) and every
text cell through :func:`neutralise`, so a spreadsheet never runs a cell as a formula, whatever the
separator.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import re
import secrets
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .errors import OutputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORMULA_PREFIXES",
    "OutputError",
    "OutputSet",
    "check_destination",
    "csv_text",
    "guard",
    "protect_inputs",
    "set_force",
    "is_formula_like",
    "neutralise",
    "unneutralise",
    "write_bytes",
    "write_text",
    "xlsx_cell",
    "xml_safe",
]

# ---------------------------------------------------------------------------- cell text

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

    Only text is changed; numbers (including negative ones) stay numbers. Text that is already
    apostrophes before a formula gets one more, so :func:`unneutralise` can undo it exactly.

    >>> neutralise("=1+2"), neutralise("-1"), neutralise(-1), neutralise("Telecom fraud")
    ("'=1+2", "'-1", -1, 'Telecom fraud')
    >>> neutralise("'=1"), neutralise("it's")
    ("''=1", "it's")
    """
    if isinstance(value, str) and is_formula_like(value.lstrip("'")):
        return "'" + value
    return value


def unneutralise(text: str) -> str:
    """The text :func:`neutralise` was given: ``unneutralise(neutralise(t)) == t`` for every text.

    Used when the tool reads back a CSV it wrote (a dataset folder).

    >>> unneutralise("'=1+2"), unneutralise("''=1"), unneutralise("'quoted'"), unneutralise("=x")
    ('=1+2', "'=1", "'quoted'", '=x')
    """
    if text.startswith("'") and is_formula_like(text.lstrip("'")):
        return text[1:]
    return text


def xlsx_cell(ws: Any, value: object) -> Any:
    """``value`` for a row of the write-only sheet ``ws``, never a formula (the spreadsheet policy).

    openpyxl stores text starting with "=" as a formula; formula-like text therefore becomes a text cell
    with Excel's quote prefix, which also keeps it text when it is edited in Excel. The text itself is
    unchanged, so reading the workbook back gives what was written. Other values are returned as they are.
    """
    if isinstance(value, str) and is_formula_like(value):
        from openpyxl.cell import WriteOnlyCell

        c = WriteOnlyCell(ws, value=value)
        c.data_type = "s"
        c.quotePrefix = True
        return c
    return value


# ---------------------------------------------------------------------------- the CSV policy


def _csv_cell(value: object) -> object:
    """One cell as the csv module writes it: empty for None/NaN, numpy scalars as Python values."""
    if value is None:
        return ""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy scalars: str(np.float64(0.5)) is '0.5', but be plain
    if isinstance(value, float) and math.isnan(value):
        return ""
    return neutralise(value)


def csv_text(
    table: pd.DataFrame | Sequence[Mapping[str, object]] | Sequence[Sequence[object]],
    columns: Sequence[str] | None = None,
    *,
    sep: str = ",",
) -> str:
    r"""``table`` as CSV text under the tool's one CSV policy (without the BOM files get).

    ``table`` is a DataFrame (its columns are the header), a sequence of mappings (header: ``columns``,
    or the keys of the first row) or a sequence of row sequences (``columns`` required). A header row
    first, then one line per row, CRLF line ends; every text cell, header included, goes through
    :func:`neutralise`; None and NaN are empty cells. No rows and no columns give "".

    >>> csv_text([{"name": "=HYPERLINK(\"http://x\",\"y\")", "n": -1}])
    'name,n\r\n"\'=HYPERLINK(""http://x"",""y"")",-1\r\n'
    >>> csv_text([["+1", "@SUM(1)"]], ["a", "b"], sep=";")
    "a;b\r\n'+1;'@SUM(1)\r\n"
    """
    rows: Iterable[Sequence[object]]
    if hasattr(table, "itertuples"):  # a DataFrame
        frame: Any = table
        header = [str(c) for c in frame.columns] if columns is None else list(columns)
        rows = frame.itertuples(index=False, name=None)
    else:
        seq = list(table)
        if seq and isinstance(seq[0], Mapping):
            header = list(columns) if columns is not None else [str(k) for k in seq[0]]
            maps: list[Mapping[str, object]] = seq  # type: ignore[assignment]
            rows = [[r.get(k) for k in header] for r in maps]
        else:
            if columns is None:
                if seq:
                    raise ValueError("csv_text: rows given without columns")
                return ""
            header = list(columns)
            rows = seq  # type: ignore[assignment]
    if not header:
        return ""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    w.writerow([_csv_cell(h) for h in header])
    w.writerows([_csv_cell(v) for v in r] for r in rows)
    return buf.getvalue()


# ---------------------------------------------------------------------------- destinations


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_destination(path: Path | str) -> Path:
    """The file to replace for destination ``path``, or :class:`OutputError` saying why it cannot be.

    A symlink to a regular file gives the file it points to; a missing file is fine when its nearest
    existing ancestor is a folder.

    >>> check_destination("")
    Traceback (most recent call last):
    ...
    overlapgraph.errors.OutputError: empty path: give a file name
    >>> check_destination("/dev/null")
    Traceback (most recent call last):
    ...
    overlapgraph.errors.OutputError: /dev/null: is a device, not a regular file; give a file name
    """
    if str(path) == "":
        raise OutputError("empty path: give a file name")
    p = Path(path)
    try:
        st = p.lstat()
    except FileNotFoundError:
        st = None
    except OSError as e:  # ENOTDIR: under a regular file; ELOOP, EACCES...
        if e.errno == 20:
            raise OutputError(f"{p}: {_under_file(p)}") from e
        raise OutputError(f"{p}: {e.strerror}") from e
    if st is not None:
        if stat.S_ISREG(st.st_mode):
            return p
        if stat.S_ISLNK(st.st_mode):
            target = Path(os.path.realpath(p))
            try:
                tst = target.stat()
            except OSError:
                raise OutputError(
                    f"{p}: is a symlink to nothing ({target}); remove it or give another name"
                ) from None
            if stat.S_ISREG(tst.st_mode):
                return target
            raise OutputError(f"{p}: is a symlink to {_kind(tst.st_mode)} ({target}), not to a regular file")
        raise OutputError(f"{p}: is {_kind(st.st_mode)}, not a regular file; give a file name")
    ancestor = p.absolute().parent
    while True:
        if ancestor.is_dir():
            break
        if os.path.lexists(ancestor):
            raise OutputError(f"{p}: {_under_file(p)}")
        if ancestor.parent == ancestor:
            break
        ancestor = ancestor.parent
    return p


# ---------------------------------------------------------------------------- the guard


@dataclass
class _Guard:
    inputs: list[Path] = field(default_factory=list)  # resolved
    force: bool = False


_GUARD: ContextVar[_Guard | None] = ContextVar("overlapgraph_output_guard", default=None)

#: Files this tool wrote that the record keeps (the oldest are forgotten first).
_RECORD_MAX = 5000


@contextlib.contextmanager
def guard(inputs: Iterable[Path | str] = (), *, force: bool = False) -> Iterator[None]:
    """Within the block, every :class:`OutputSet` protects the inputs and files the tool did not write.

    Parameters
    ----------
    inputs
        Paths the command reads (more may be added with :func:`protect_inputs`): no destination may be
        one of them or lie inside one.
    force
        Replace existing files that the tool did not write, or that were changed since (``--force``).
    """
    token = _GUARD.set(_Guard([Path(os.path.realpath(p)) for p in inputs], force))
    try:
        yield
    finally:
        _GUARD.reset(token)


def protect_inputs(paths: Iterable[Path | str]) -> None:
    """Add ``paths`` to the inputs of the current :func:`guard` (nothing outside one)."""
    g = _GUARD.get()
    if g is not None:
        g.inputs += [Path(os.path.realpath(p)) for p in paths]


def set_force(force: bool) -> None:
    """Set ``--force`` for the current :func:`guard` (nothing outside one)."""
    g = _GUARD.get()
    if g is not None:
        g.force = force


def _check_guard(given: Path | str, dest: Path) -> None:
    g = _GUARD.get()
    if g is None:
        return
    real = Path(os.path.realpath(dest))
    for inp in g.inputs:
        if real == inp:
            raise OutputError(f"{given}: is an input of this command; writing it would replace it")
        if inp in real.parents:
            raise OutputError(
                f"{given}: lies inside the input {inp}; writing there would change the input: "
                "give a destination outside it"
            )
    if not g.force and os.path.lexists(dest) and not _written_by_tool(real):
        raise OutputError(
            f"{given}: exists and overlapgraph did not write it (or it was changed since); "
            "give another destination, remove the file, or use --force to replace it"
        )


def _record_file() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "overlapgraph" / "written.json"


def _signature(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns]


def _read_record() -> dict[str, list[int]]:
    try:
        data = json.loads(_record_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


#: The record as last read, with the signature of its file then: a command checks each of its files
#: twice, and the record holds up to _RECORD_MAX files (a few hundred kilobytes of JSON).
_RECORD_SEEN: tuple[list[int] | None, dict[str, list[int]]] = (None, {})


def _record_now() -> dict[str, list[int]]:
    """The record, read again only when its file changed since it was last read (not to be changed)."""
    global _RECORD_SEEN
    sig = _signature(_record_file())
    if sig is None:
        return {}
    seen, record = _RECORD_SEEN
    if seen != sig:
        record = _read_record()
        _RECORD_SEEN = (sig, record)
    return record


def _written_by_tool(real: Path) -> bool:
    sig = _record_now().get(str(real))
    return sig is not None and sig == _signature(real)


def _remember(paths: Iterable[Path]) -> None:
    """Record the files just written (best effort: an unwritable record only means more refusals)."""
    record = _record_file()
    try:
        record.parent.mkdir(parents=True, exist_ok=True)
        with open(record.with_suffix(".lock"), "a") as lock:
            try:
                import fcntl

                fcntl.flock(lock, fcntl.LOCK_EX)
            except (ImportError, OSError):  # pragma: no cover - not POSIX
                pass
            data = _read_record()
            for p in paths:
                real = os.path.realpath(p)
                sig = _signature(Path(real))
                data.pop(real, None)  # re-insert: the newest last
                if sig is not None:
                    data[real] = sig
            if len(data) > _RECORD_MAX:
                data = dict(list(data.items())[-_RECORD_MAX:])
            temp = record.with_name(f".{record.name}.{secrets.token_hex(4)}.tmp")
            temp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(temp, record)
    except OSError:
        pass


def _under_file(p: Path) -> str:
    for a in p.absolute().parents:
        if os.path.lexists(a) and not a.is_dir():
            return f"cannot write under {a}: it is a file, not a folder"
    return "cannot write under a file"


class _Staged:
    __slots__ = ("given", "dest", "temp", "written", "mode")

    def __init__(self, given: Path, dest: Path, temp: Path, mode: int) -> None:
        self.given, self.dest, self.temp, self.written, self.mode = given, dest, temp, False, mode


class OutputSet:
    """Stage every file of one command and put them all in place only when the block succeeds.

    See the module documentation for the exact guarantees. Destinations are given as paths; a folder of
    files (a CSV folder, a report) is simply several destinations in that folder: files already there
    that the set does not write are left alone.

    Attributes
    ----------
    files
        After a successful block: the destinations written, as given, in the order they were given.
    """

    def __init__(self) -> None:
        self._staged: dict[str, _Staged] = {}
        self._created: list[Path] = []
        self._open = False
        self.files: list[Path] = []

    # -- staging

    def __enter__(self) -> OutputSet:
        self._open = True
        return self

    def reserve(self, *paths: Path | str | None) -> None:
        """Check and stage ``paths`` now (None is skipped), e.g. before a slow step; write them later."""
        for p in paths:
            if p is not None:
                self._stage(p)

    def file(self, path: Path | str) -> Path:
        """The temporary file to write ``path``'s content to (for writers that want a file name)."""
        s = self._stage(path, reuse=True)
        if s.written:
            raise OutputError(f"{path}: given twice for this command")
        s.written = True
        return s.temp

    def write_bytes(self, path: Path | str, data: bytes) -> None:
        """Stage ``data`` as the content of ``path``."""
        self.file(path).write_bytes(data)

    def write_text(self, path: Path | str, text: str, *, bom: bool = False) -> None:
        """Stage ``text`` (UTF-8, with a byte-order mark when ``bom``; line ends as given) for ``path``."""
        with open(self.file(path), "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
            f.write(text)

    def write_csv(
        self,
        path: Path | str,
        table: pd.DataFrame | Sequence[Mapping[str, object]] | Sequence[Sequence[object]],
        columns: Sequence[str] | None = None,
        *,
        sep: str = ",",
    ) -> None:
        """Stage ``table`` as a CSV file: :func:`csv_text`, UTF-8 with a byte-order mark."""
        self.write_text(path, csv_text(table, columns, sep=sep), bom=True)

    def _stage(self, path: Path | str, reuse: bool = False) -> _Staged:
        if not self._open:
            raise RuntimeError("OutputSet used outside its with block")
        dest = check_destination(path)
        _check_guard(path, dest)
        key = os.path.join(os.path.realpath(dest.parent), dest.name)
        if key in self._staged:
            if reuse:
                return self._staged[key]
            raise OutputError(f"{path}: given twice for this command")
        folder = dest.parent
        self._make_folders(folder, path)
        for _ in range(100):
            temp = folder / f".{dest.name}.{secrets.token_hex(4)}.tmp"
            try:
                fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
            except FileExistsError:
                continue
            except OSError as e:
                raise OutputError(f"{path}: cannot write in {folder}: {e.strerror}") from e
            try:
                mode = stat.S_IMODE(os.fstat(fd).st_mode)  # 0o666 & ~umask: the kernel applied it
            finally:
                os.close(fd)
            s = _Staged(Path(path), dest, temp, mode)
            self._staged[key] = s
            return s
        raise OutputError(f"{path}: cannot make a temporary file in {folder}")  # pragma: no cover

    def _make_folders(self, folder: Path, path: Path | str) -> None:
        missing = []
        f = folder
        while not f.is_dir():
            missing.append(f)
            if f.parent == f:
                break
            f = f.parent
        for m in reversed(missing):
            try:
                m.mkdir()  # mode 0o777 & ~umask
            except FileExistsError:
                if not m.is_dir():
                    raise OutputError(f"{path}: cannot write under {m}: it is a file, not a folder") from None
            except OSError as e:
                raise OutputError(f"{path}: cannot create the folder {m}: {e.strerror}") from e
            else:
                self._created.append(m)

    # -- commit or roll back

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._open = False
        if exc is None:
            self._commit()
            return
        staged = list(self._staged.values())
        self._rollback()
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            # A write failed (disk full...): name the destination, not the temporary file.
            for s in staged:
                if exc.filename is not None and os.fspath(exc.filename) == os.fspath(s.temp):
                    raise OutputError(f"{s.dest}: {exc.strerror or exc}") from exc

    def _rollback(self) -> None:
        for s in self._staged.values():
            try:
                s.temp.unlink(missing_ok=True)
            except OSError:
                pass
        for folder in reversed(self._created):
            try:
                folder.rmdir()  # only when empty: something else may have put files there
            except OSError:
                pass
        self._staged.clear()
        self._created.clear()

    def _commit(self) -> None:
        staged = list(self._staged.values())
        try:
            unwritten = [str(s.dest) for s in staged if not s.written]
            if unwritten:
                raise RuntimeError(f"OutputSet: reserved but not written: {', '.join(unwritten)}")
            for s in staged:
                os.chmod(s.temp, s.mode)  # a writer may have recreated the file with its own mode
                with open(s.temp, "rb") as f:
                    os.fsync(f.fileno())
            for s in staged:  # again: something may have changed while the files were written
                check_destination(s.dest)
                _check_guard(s.given, s.dest)
        except BaseException:
            self._rollback()
            raise
        done: list[Path] = []
        for s in staged:
            try:
                os.replace(s.temp, s.dest)
            except OSError as e:
                self._rollback()
                already = f"; already replaced: {', '.join(map(str, done))}" if done else ""
                raise OutputError(f"{s.dest}: cannot replace it: {e.strerror}{already}") from e
            done.append(s.given)
        for folder in {s.dest.parent for s in staged}:
            _fsync_folder(folder)
        _remember(s.dest for s in staged)
        self.files = done
        self._staged.clear()
        self._created.clear()


def _fsync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable (best effort: not every system can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_text(path: Path | str, text: str, *, bom: bool = False) -> Path:
    """Write one text file through an :class:`OutputSet`; return where it went."""
    with OutputSet() as out:
        out.write_text(path, text, bom=bom)
    return out.files[0]


def write_bytes(path: Path | str, data: bytes) -> Path:
    """Write one binary file through an :class:`OutputSet`; return where it went."""
    with OutputSet() as out:
        out.write_bytes(path, data)
    return out.files[0]
