"""Read and write datasets as a folder of CSV tables or one .xlsx workbook, validating everything."""

from __future__ import annotations

import csv
import io
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..collector import paused
from ..errors import InputError, Problem, ValidationError
from ..model import (
    COMMON_GOAL_COUNT,
    TABLE_NAMES,
    ActionRole,
    ActorKind,
    Dataset,
    OAPRole,
    cycle_of_period,
    goal_number_of,
    period_within,
)
from ..output import unneutralise
from .schema import LIST_SEPARATOR, TABLES, Column, TableSpec, record_to_row

if TYPE_CHECKING:
    from ..output import OutputSet

__all__ = [
    "RawTable",
    "file_bytes",
    "read_csv_tables",
    "read_dataset_tables",
    "read_xlsx_tables",
    "tables_to_dataset",
    "write_dataset",
    "write_dataset_csv",
    "write_dataset_xlsx",
]

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_MIN_YEAR, _MAX_YEAR = 2000, 2100

#: The whole numbers Neo4j (and the tool) can store: a signed 64-bit integer.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1

#: Limits of a dataset workbook, checked before (file and unpacked size) and while (rows, cells) it is
#: read, so that a small file that unpacks to gigabytes (a zip bomb) is refused instead of read.
MAX_XLSX_BYTES = 50 * 1024 * 1024
MAX_XLSX_UNPACKED = 200 * 1024 * 1024
MAX_SHEET_ROWS = 1_000_000
MAX_XLSX_CELLS = 5_000_000

#: Longest value a message quotes in full; longer ones are cut.
SHOWN_MAX = 80

#: Columns holding codes and keys: an invisible character in them makes two codes that look alike.
_CODE_COLUMNS = frozenset(
    {"code", "oap_id", "priority", "goal_id", "actor", "action_code", "target_priority", "period", "cycle"}
)
#: Columns holding action codes, which Excel turns into numbers (2.10 becomes 2.1).
_ACTION_CODE_COLUMNS = frozenset({"code", "action_code"})
_ACTION_CODE_TABLES = frozenset({"actions", "participations", "overlaps"})


def shown(value: str, limit: int = SHOWN_MAX) -> str:
    r"""``value`` as a message quotes it: invisible and control characters escaped, cut when long.

    >>> shown("TH\u200bB"), shown("a\x00b"), shown("x" * 100, 10)
    ('TH\\u200bB', 'a\\x00b', 'xxxxxxxxxx... (100 characters)')
    """
    import unicodedata

    cut = value[:limit]
    out = "".join(
        (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
        else c
        for c in cut
    )
    return out + (f"... ({len(value):,} characters)" if len(value) > limit else "")


def _visible(value: str) -> str:
    """``value`` without its invisible (format) characters."""
    if value.isascii():
        return value  # no format (Cf) character is ASCII: the common case, fast
    import unicodedata

    return "".join(c for c in value if unicodedata.category(c) != "Cf")


def _invisible(value: str) -> tuple[int, str] | None:
    r"""The first invisible (format or control) character of ``value``: its position (1-based) and name.

    >>> _invisible("THB"), _invisible("TH\u200bB"), _invisible("a\tb")
    (None, (3, 'U+200B ZERO WIDTH SPACE'), (2, 'U+0009 control character'))
    """
    import unicodedata

    if value.isascii() and value.isprintable():
        return None  # printable ASCII has no control (Cc) nor format (Cf) character: the common case, fast
    for i, c in enumerate(value, start=1):
        if unicodedata.category(c) in ("Cc", "Cf"):
            return i, f"U+{ord(c):04X} {unicodedata.name(c, 'control character')}"
    return None


@dataclass
class RawTable:
    """The text cells of one table as read, with the line (or sheet row) of each row."""

    label: str  # file name or "book.xlsx[sheet]", for messages
    header: list[str] | None
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    present: bool = True
    reported: set[int] = field(default_factory=set)  # lines of rows reported already (not to check again)


# ---------------------------------------------------------------------------- reading


def _decode(path: Path, data: bytes, problems: list[Problem]) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        at = e.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)  # e.start counts after the BOM
        line = data[:at].count(b"\n") + 1
        problems.append(
            Problem(
                path.name,
                line,
                "",
                f"not valid UTF-8 (byte 0x{data[at]:02x}); save the file as UTF-8",
            )
        )
        return None


def read_csv_tables(folder: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read every table of a dataset folder as text, with file-level problems."""
    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    known = {spec.filename for spec in TABLES.values()}
    for extra in sorted(p.name for p in folder.glob("*.csv") if p.name not in known):
        problems.append(Problem(extra, 0, "", f"unknown table; expected one of: {', '.join(sorted(known))}"))
    for spec in TABLES.values():
        path = folder / spec.filename
        if os.path.lexists(path) and not path.is_file():
            what = "a folder" if path.is_dir() else "not a regular file"
            problems.append(Problem(spec.filename, 0, "", f"is {what}; a table must be a CSV file"))
            tables[spec.name] = RawTable(spec.filename, None, present=False)
            continue
        if not path.is_file():
            tables[spec.name] = RawTable(spec.filename, None, present=False)
            if spec.required_file:
                problems.append(Problem(spec.filename, 0, "", "required table is missing"))
            continue
        try:
            data = path.read_bytes()
        except OSError as e:
            problems.append(Problem(spec.filename, 0, "", f"cannot read it: {e.strerror or e}"))
            tables[spec.name] = RawTable(spec.filename, None, present=False)
            continue
        text = _decode(path, data, problems)
        if text is None:
            tables[spec.name] = RawTable(spec.filename, None, present=False)
            continue
        nul = text.find("\x00")
        if nul >= 0:
            line = text.count("\n", 0, nul) + 1
            problems.append(
                Problem(spec.filename, line, "", "holds a NUL byte (\\x00): not a text table; save it as CSV")
            )
            tables[spec.name] = RawTable(spec.filename, None, present=False)
            continue
        if not text.strip():
            problems.append(
                Problem(
                    spec.filename, 0, "", f"file is empty; expected a header row: {','.join(spec.header)}"
                )
            )
            tables[spec.name] = RawTable(spec.filename, None, present=False)
            continue
        reader = csv.reader(io.StringIO(text, newline=""))
        # the apostrophe the tool's CSV writer puts before formula-like text (unneutralise): most
        # tables hold no apostrophe at all
        quoted = "'" in text
        start = 1
        try:
            header = [h.strip() for h in next(reader)]
            raw = RawTable(spec.filename, header)
            start = reader.line_num + 1
            for row in reader:
                first, start = start, reader.line_num + 1
                cells = list(map(str.strip, row))
                if not any(cells):
                    continue
                if reader.line_num > first and len(row) != len(header):
                    # A row over several lines is a quoted field with line breaks, or a quote never closed.
                    problems.append(
                        Problem(
                            spec.filename,
                            first,
                            "",
                            f"a quoted field opened on line {first} runs to line {reader.line_num} "
                            f'({len(row)} fields, the header has {len(header)}): a quote (") is not closed',
                        )
                    )
                    raw.reported.add(first)
                if quoted:
                    cells = [unneutralise(c).strip() if c[:1] == "'" else c for c in cells]
                raw.rows.append((first, cells))
        except csv.Error as e:
            problems.append(Problem(spec.filename, start, "", f"malformed CSV: {e}"))
            raw = RawTable(spec.filename, None, present=False)
        tables[spec.name] = raw
    return tables, problems


def _check_workbook_size(path: Path) -> None:
    """Refuse a workbook beyond the documented limits before any of it is unpacked (a zip bomb)."""
    import zipfile

    try:
        size = path.stat().st_size
    except OSError as e:
        raise InputError(f"{path.name}: cannot read it: {e.strerror or e}") from e
    if size > MAX_XLSX_BYTES:
        raise InputError(
            f"{path.name}: {size:,} bytes; a dataset workbook may have at most {MAX_XLSX_BYTES:,} "
            "(use a folder of CSV tables for more)"
        )
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise InputError(f"{path.name}: not a readable .xlsx workbook ({e})") from e
    if unpacked > MAX_XLSX_UNPACKED:
        raise InputError(
            f"{path.name}: unpacks to {unpacked:,} bytes; a dataset workbook may unpack to at most "
            f"{MAX_XLSX_UNPACKED:,} (use a folder of CSV tables for more)"
        )


def read_xlsx_tables(path: Path) -> tuple[dict[str, RawTable], list[Problem]]:
    """Read every table of a dataset workbook (one sheet per table) as text.

    The workbook must stay within :data:`MAX_XLSX_BYTES` on disk, :data:`MAX_XLSX_UNPACKED` unpacked,
    :data:`MAX_SHEET_ROWS` rows a sheet and :data:`MAX_XLSX_CELLS` cells in all; a broken sheet (cut
    XML, a cell reference beyond Excel's columns) is an :class:`InputError` naming the sheet.
    """
    import zipfile
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook

    _check_workbook_size(path)
    # The tool's own file object: closed even when openpyxl fails half-way through opening the workbook.
    with open(path, "rb") as handle:
        try:
            wb = load_workbook(handle, read_only=True, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError, ParseError, EOFError) as e:
            raise InputError(f"{path.name}: not a readable .xlsx workbook ({shown(str(e))})") from e
        return _read_sheets(path, wb)


def _read_sheets(path: Path, wb: Any) -> tuple[dict[str, RawTable], list[Problem]]:
    import zipfile
    from xml.etree.ElementTree import ParseError

    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    cells_read = 0
    try:
        for extra in sorted(set(wb.sheetnames) - set(TABLES)):
            problems.append(Problem(f"{path.name}[{shown(extra)}]", 0, "", "unknown sheet"))
        for spec in TABLES.values():
            label = f"{path.name}[{spec.name}]"
            if spec.name not in wb.sheetnames:
                tables[spec.name] = RawTable(label, None, present=False)
                if spec.required_file:
                    problems.append(Problem(label, 0, "", "required sheet is missing"))
                continue
            try:
                it = wb[spec.name].iter_rows()
                first = next(it, None)
                if first is None or not any(c.value is not None for c in first):
                    problems.append(Problem(label, 0, "", "sheet is empty; expected a header row"))
                    tables[spec.name] = RawTable(label, None, present=False)
                    continue
                header = [_xl_text(c.value) for c in first]
                while header and not header[-1]:
                    header.pop()
                raw = RawTable(label, header)
                numeric_codes = {
                    i
                    for i, h in enumerate(header)
                    if h in _ACTION_CODE_COLUMNS and spec.name in _ACTION_CODE_TABLES
                }
                for n, row in enumerate(it, start=2):
                    cells_read += len(row)
                    if n > MAX_SHEET_ROWS or cells_read > MAX_XLSX_CELLS:
                        what = (
                            f"{MAX_SHEET_ROWS:,} rows" if n > MAX_SHEET_ROWS else f"{MAX_XLSX_CELLS:,} cells"
                        )
                        raise InputError(
                            f"{label}: more than {what}, the most a dataset workbook may have "
                            "(use a folder of CSV tables for more)"
                        )
                    cells = [
                        _code_cell(c, label, n, header[i], raw, problems)
                        if i in numeric_codes
                        else _xl_text(c.value)
                        for i, c in enumerate(row)
                    ]
                    if not any(cells):
                        continue
                    while len(cells) > len(header) and not cells[-1]:
                        cells.pop()
                    raw.rows.append((n, cells))
            except (ParseError, ValueError, KeyError, EOFError, zipfile.BadZipFile, OSError) as e:
                raise InputError(
                    f"{label}: the sheet cannot be read, the workbook is damaged ({shown(str(e))})"
                ) from e
            tables[spec.name] = raw
    finally:
        wb.close()
    return tables, problems


def _code_cell(cell: Any, label: str, line: int, column: str, raw: RawTable, problems: list[Problem]) -> str:
    """The text of an action-code cell; a number is read as shown when its format fixes the decimals."""
    value = cell.value
    if not isinstance(value, int | float) or isinstance(value, bool):
        return _xl_text(value)
    text = _shown_number(value, getattr(cell, "number_format", "General"))
    if text is None:
        problems.append(
            Problem(
                label,
                line,
                column,
                f"{_xl_text(value)} is stored as a number, so Excel may have dropped a trailing zero "
                "(2.10 becomes 2.1); store action codes as text (format the column as Text and type the "
                "codes again, or type '2.10)",
            )
        )
        raw.reported.add(line)
    return text or _xl_text(value)


_FIXED_DECIMALS = re.compile(r"0\.(0{1,9})")


def _shown_number(value: float, number_format: str) -> str | None:
    """The text Excel shows for a number stored in an action-code cell, when its format fixes it.

    With a format of fixed decimals ("0.00") the shown text is exact ("2.10"); with "General" and
    the like it is not (2.10 shows as 2.1), and None says so.

    >>> _shown_number(2.1, "0.00"), _shown_number(2.1, "General")
    ('2.10', None)
    """
    m = _FIXED_DECIMALS.fullmatch(number_format or "")
    if m is None:
        return None
    return f"{value:.{len(m.group(1))}f}"


def _xl_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if hasattr(v, "date") and callable(v.date):
        return str(v.date())
    return str(v).strip()


# ---------------------------------------------------------------------------- validation


def _clean(
    spec: TableSpec,
    line: int,
    row: dict[str, str],
    label: str,
    problems: list[Problem],
    memo: dict[tuple[str, str], tuple[Any, str | None]] | None = None,
) -> dict[str, Any] | None:
    """Typed values of one row, or None when a cell is invalid (problems recorded).

    ``memo`` keeps the result of each (column, text) checked, for the rows of one table: codes repeat.
    """
    out: dict[str, Any] = {}
    ok = True
    for col in spec.columns:
        text = row.get(col.name) or ""
        if memo is None:
            value, message = _clean_value(col, text)
        elif (seen := memo.get((col.name, text))) is not None:
            value, message = seen
        else:
            value, message = memo[col.name, text] = _clean_value(col, text)
        if message is not None:
            problems.append(Problem(label, line, col.name, message))
            ok = False
        else:
            out[col.name] = value
    return out if ok else None


def _clean_value(col: Column, value: str) -> tuple[Any, str | None]:
    """The typed value of one cell of ``col`` and None, or the problem with the cell (where is the caller's).

    Both readers check cells with it: the row-wise one each cell, the column-wise one
    (:mod:`.columns`) each distinct value of a column once.
    """
    if not value:
        empty = None if col.kind == "int" else (() if col.kind == "list" else "")
        return empty, "required value is missing" if col.required else None
    kind = col.kind
    if col.name in _CODE_COLUMNS and (bad := _invisible(value)) is not None:
        return None, (
            f"'{shown(value)}' holds an invisible character ({bad[1]}, character {bad[0]}); "
            "remove it: codes must be plain text"
        )
    if kind == "int":
        try:
            number = int(value) if len(value) <= 25 else None
        except ValueError:
            return None, f"'{shown(value)}' is not a whole number"
        if number is None or not INT_MIN <= number <= INT_MAX:
            return None, (
                f"'{shown(value)}' is too large: a whole number must lie within "
                f"{INT_MIN} and {INT_MAX} (64 bits)"
            )
        return number, None
    if kind == "period":
        m = _PERIOD.match(value)
        years = [int(y) for y in m.groups() if y] if m else []
        if not m or any(not _MIN_YEAR <= y <= _MAX_YEAR for y in years) or years != sorted(years):
            return None, (
                f"'{shown(value)}' is not a year or period such as 2022 or 2024-2025 "
                f"(years {_MIN_YEAR}-{_MAX_YEAR})"
            )
        return value, None
    if kind == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return None, f"'{shown(value)}' is not a date (YYYY-MM-DD)"
        return value, None
    if kind == "list":
        return tuple(v.strip() for v in value.split(LIST_SEPARATOR) if v.strip()), None
    if kind.startswith("enum:") and value not in col.choices:
        return None, f"'{shown(value)}' is not one of: {', '.join(col.choices)}"
    return value, None


_ENUMS: dict[str, dict[str, type[Any]]] = {
    "actors": {"kind": ActorKind},
    "oap_actors": {"role": OAPRole},
    "participations": {"role": ActionRole},
}


def tables_to_dataset(
    tables: dict[str, RawTable], problems: list[Problem], name: str = "", *, fast: bool = True
) -> Dataset:
    """Validate raw tables and build the Dataset; raise ValidationError listing every problem.

    A row or table that is itself invalid is reported once: references to the keys it declares (or to
    any key of a table that could not be read) are not reported again as unknown. Each table is first
    checked column by column (:func:`_clean_table`, with ``fast``); one with a problem row by row, which
    reports every problem where it is.
    """
    typed: dict[str, list[tuple[int, str, dict[str, Any]]]] = {}
    declared: dict[str, set[tuple[str, ...]] | None] = {}  # None: table unusable, skip reference checks
    for spec in TABLES.values():
        raw = tables.get(spec.name)
        rows: list[tuple[int, str, dict[str, Any]]] = []
        typed[spec.name] = rows
        declared[spec.name] = None
        if raw is None or raw.header is None:
            continue
        missing = [c.name for c in spec.columns if c.name not in raw.header and not c.absent_ok]
        unknown = [h for h in raw.header if h not in spec.header]
        twice = sorted({h for h in raw.header if raw.header.count(h) > 1})
        for h in unknown:
            problems.append(
                Problem(raw.label, 1, shown(h), f"unknown column; expected: {', '.join(spec.header)}")
            )
        for h in twice:
            where = [str(i) for i, x in enumerate(raw.header, start=1) if x == h]
            problems.append(
                Problem(
                    raw.label, 1, shown(h), f"column named twice (columns {' and '.join(where)}); keep one"
                )
            )
        for c in missing:
            problems.append(Problem(raw.label, 1, c, "column is missing from the header"))
        if missing or unknown or twice:
            continue
        clean = _clean_table(spec, raw) if fast else None
        if clean is not None:  # no problem in the table: its rows as the loop below makes them
            typed[spec.name], declared[spec.name] = clean
            continue
        keys_declared: set[tuple[str, ...]] = set()
        declared[spec.name] = keys_declared
        seen: dict[tuple[str, ...], int] = {}
        memo: dict[tuple[str, str], tuple[Any, str | None]] = {}
        for line, cells in raw.rows:
            if line in raw.reported:
                continue  # an unclosed quote or a number for a code, reported already
            if len(cells) > len(raw.header):
                problems.append(
                    Problem(raw.label, line, "", f"{len(cells)} fields but the header has {len(raw.header)}")
                )
                continue
            row = dict(zip(raw.header, cells, strict=False))
            keys_declared.add(tuple([row.get(k, "") for k in spec.key]))
            values = _clean(spec, line, row, raw.label, problems, memo)
            if values is None:
                continue
            key = tuple([str(values[k]) for k in spec.key])
            if key in seen:
                problems.append(
                    Problem(
                        raw.label,
                        line,
                        spec.key[-1] if len(spec.key) == 1 else "",
                        f"duplicate key {'/'.join(key)} (first on line {seen[key]})",
                    )
                )
                continue
            seen[key] = line
            rows.append((line, raw.label, values))
        keys_declared |= _visible_keys(keys_declared)  # a key with an invisible character: reported once

    for spec in TABLES.values():
        raw = tables.get(spec.name)
        if raw is not None and raw.reported:
            declared[spec.name] = None  # rows lost (an unclosed quote, numeric codes): no reference checks
    _check_references(typed, declared, problems)
    if problems:
        raise ValidationError(sorted(set(problems), key=_problem_order))

    ds = Dataset(name=name)
    for spec in TABLES.values():
        # each enum column's member by its value (every value is one of the choices, checked)
        members = {col: {m.value: m for m in enum} for col, enum in _ENUMS.get(spec.name, {}).items()}
        records = getattr(ds, spec.name)
        make = spec.record
        for _line, _label, values in typed[spec.name]:
            for col, member in members.items():
                values[col] = member[values[col]]
            records.append(make(**values))
    return ds


def _visible_keys(keys: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """The keys that hold an invisible (format) character, without it: a table declares both, so that a
    reference to the plain key is not reported again (the key itself is). ASCII holds none."""
    return {tuple(map(_visible, k)) for k in keys if not all(map(str.isascii, k))}


def _clean_table(
    spec: TableSpec, raw: RawTable
) -> tuple[list[tuple[int, str, dict[str, Any]]], set[tuple[str, ...]]] | None:
    """The typed rows of a table and the keys it declares, as the row loop of :func:`tables_to_dataset`
    makes them, checked column by column: each distinct text of a column once (:func:`_clean_value`).

    None at any problem (an invalid cell, a duplicate key, a row too wide or reported already): the row
    loop then finds it and says where. The same rows, three times faster on 10,000 participations.
    """
    assert raw.header is not None
    width = len(raw.header)
    if raw.reported or any(len(cells) > width for _, cells in raw.rows):
        return None
    at = {h: i for i, h in enumerate(raw.header)}  # the names are distinct (checked before)
    n = len(raw.rows)
    texts: dict[str, list[str]] = {}
    values: list[list[Any]] = []
    for col in spec.columns:
        i = at.get(col.name)
        if i is None:
            column = [""] * n
        else:
            column = [cells[i] if i < len(cells) else "" for _, cells in raw.rows]
        typed: dict[str, Any] = {}
        for text in dict.fromkeys(column):
            value, message = _clean_value(col, text)
            if message is not None:
                return None
            typed[text] = value
        texts[col.name] = column
        values.append(list(map(typed.__getitem__, column)))
    names = [c.name for c in spec.columns]
    position = {c: i for i, c in enumerate(names)}
    keys = list(zip(*(map(str, values[position[k]]) for k in spec.key), strict=True))
    if len(set(keys)) != n:
        return None  # a duplicate key
    declared = set(zip(*(texts[k] for k in spec.key), strict=True))
    declared |= _visible_keys(declared)
    label = raw.label
    rows = [
        (line, label, dict(zip(names, row, strict=True)))
        for (line, _), row in zip(raw.rows, zip(*values, strict=True), strict=True)
    ]
    return rows, declared


def _problem_order(p: Problem) -> tuple[int, str, int, str, str]:
    table = p.file.removesuffix(".csv").split("[")[-1].rstrip("]")
    order = TABLE_NAMES.index(table) if table in TABLE_NAMES else -1
    return (order, p.file, p.line, p.column, p.message)


def _check_references(
    typed: dict[str, list[tuple[int, str, dict[str, Any]]]],
    declared: dict[str, set[tuple[str, ...]] | None],
    problems: list[Problem],
) -> None:
    goals = {v["goal_id"]: v for _, _, v in typed["goals"]}
    oaps = {v["oap_id"]: v for _, _, v in typed["oaps"]}
    table_of = {"priority": "priorities", "actor": "actors", "goal": "goals", "OAP": "oaps"}

    def ref(label: str, line: int, col: str, value: str, what: str) -> None:
        keys = declared[table_of[what]]
        if keys is None or (value,) in keys:
            return  # unreadable table, or a row reported already: do not report again
        from difflib import get_close_matches

        close = get_close_matches(value[:SHOWN_MAX], sorted(k[0] for k in keys), n=1, cutoff=0.6)
        hint = f"; did you mean {shown(close[0])}?" if close else ""
        problems.append(Problem(label, line, col, f"unknown {what} '{shown(value)}'{hint}"))

    for line, label, v in typed["goals"]:
        number = v["number"]
        if v["priority"]:
            ref(label, line, "priority", v["priority"], "priority")
            if number <= COMMON_GOAL_COUNT:
                problems.append(
                    Problem(
                        label,
                        line,
                        "number",
                        f"a priority-specific goal is numbered from {COMMON_GOAL_COUNT + 1}",
                    )
                )
        elif number > COMMON_GOAL_COUNT:
            problems.append(
                Problem(label, line, "priority", f"goal {number} is priority-specific: give its priority")
            )
        expected = f"CHSG-{number}" if not v["priority"] else f"{v['priority']}-{number}"
        if v["goal_id"] != expected:
            problems.append(Problem(label, line, "goal_id", f"'{v['goal_id']}' should be '{expected}'"))
    cycle_of = {v["code"]: v["cycle"] for _, _, v in typed["priorities"]}
    for line, label, v in typed["oaps"]:
        ref(label, line, "priority", v["priority"], "priority")
        cycle = cycle_of.get(v["priority"], "")
        if cycle and not period_within(v["period"], cycle):
            problems.append(
                Problem(
                    label,
                    line,
                    "period",
                    f"{v['period']} is not in the cycle of priority {v['priority']} ({cycle}); "
                    f"an OAP of {cycle_of_period(v['period'])} belongs to a priority of that cycle",
                )
            )
        expected = f"{v['priority']}-{v['period']}"
        if v["oap_id"] != expected:
            problems.append(Problem(label, line, "oap_id", f"'{v['oap_id']}' should be '{expected}'"))
    for line, label, v in typed["oap_actors"]:
        ref(label, line, "oap_id", v["oap_id"], "OAP")
        ref(label, line, "actor", v["actor"], "actor")
    for line, label, v in typed["actions"]:
        ref(label, line, "oap_id", v["oap_id"], "OAP")
        number = goal_number_of(v["code"])
        if number is None:
            problems.append(Problem(label, line, "code", f"'{v['code']}' is not an action code like 2.1"))
            continue
        ref(label, line, "goal_id", v["goal_id"], "goal")
        goal = goals.get(v["goal_id"])
        if goal is not None and goal["number"] != number:
            problems.append(
                Problem(
                    label, line, "goal_id", f"action {v['code']} serves goal {number}, not {v['goal_id']}"
                )
            )
        oap = oaps.get(v["oap_id"])
        if goal is not None and oap is not None and goal["priority"] and goal["priority"] != oap["priority"]:
            problems.append(
                Problem(
                    label,
                    line,
                    "goal_id",
                    f"goal {v['goal_id']} belongs to another priority than {v['oap_id']}",
                )
            )
    actions = declared["actions"]
    for table in ("participations", "overlaps"):
        for line, label, v in typed[table]:
            if v["oap_id"] not in oaps:
                ref(label, line, "oap_id", v["oap_id"], "OAP")
            elif actions is not None and (v["oap_id"], v["action_code"]) not in actions:
                problems.append(
                    Problem(label, line, "action_code", f"unknown action {v['action_code']} of {v['oap_id']}")
                )
    for line, label, v in typed["participations"]:
        ref(label, line, "actor", v["actor"], "actor")
    leaders: dict[tuple[str, str, str], int] = {}
    for line, label, v in typed["participations"]:
        if v["role"] == "leader":  # one Action Leader per action; co-leaders may be several
            k = (v["oap_id"], v["action_code"], v["role"])
            if k in leaders:
                problems.append(
                    Problem(
                        label,
                        line,
                        "role",
                        f"action {v['action_code']} of {v['oap_id']} has a {v['role']} already "
                        f"(line {leaders[k]})",
                    )
                )
            leaders[k] = line
    for line, label, v in typed["overlaps"]:
        ref(label, line, "target_priority", v["target_priority"], "priority")
        oap = oaps.get(v["oap_id"])
        if oap is not None and oap["priority"] == v["target_priority"]:
            problems.append(
                Problem(
                    label, line, "target_priority", "an OAP cannot declare an overlap with its own priority"
                )
            )


# ---------------------------------------------------------------------------- entry points


#: From this many bytes of CSV on, a dataset folder is read column-wise (:mod:`.columns`); below, the
#: row-wise reader is faster than pandas with its import (measured on the synthetic datasets of
#: bench/bench_scale.py: 1.6 MB row-wise 0.24 s against 0.54 s, 3.1 MB 0.64 s against 0.58 s).
COLUMNS_FROM = 2 * 2**20

#: The same once pandas is imported (a notebook's, or a program's that uses it): the column-wise reader
#: is faster from about this size on (0.05 s against 0.31 s on the 1.6 MB dataset; even at 128 KB).
COLUMNS_LOADED_FROM = 128 * 2**10


def file_bytes(paths: Iterable[Path]) -> int:
    """The total size of the files ``paths`` (one that cannot be read counts 0: its reader says why)."""
    total = 0
    for p in paths:
        try:
            total += p.stat().st_size
        except OSError:
            pass
    return total


def _csv_bytes(folder: Path) -> int:
    """The size of the folder's CSV files."""
    return file_bytes(folder.glob("*.csv"))


def read_dataset_tables(path: Path) -> Dataset:
    """Read and validate a dataset folder or .xlsx workbook.

    Raises
    ------
    InputError
        The path is neither; ValidationError (a subclass) lists every problem found.
    """
    if path.is_dir():
        # column-wise and fast when the folder is valid and large; at any doubt the row-wise reader
        # below reports. A small folder (real OAPs: a few hundred kilobytes) is read row-wise at once,
        # faster than importing pandas; faster than pandas at all when it is tiny.
        size = _csv_bytes(path)
        if size >= (COLUMNS_LOADED_FROM if "pandas" in sys.modules else COLUMNS_FROM):
            from .columns import read_csv_columns

            if (ds := read_csv_columns(path)) is not None:
                return ds
        with paused():
            tables, problems = read_csv_tables(path)
            return tables_to_dataset(tables, problems, name=str(path))
    if path.suffix.lower() == ".xlsx" and path.is_file():
        tables, problems = read_xlsx_tables(path)
        return tables_to_dataset(tables, problems, name=str(path))
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    raise InputError(f"{path}: not a dataset folder or .xlsx workbook")


def _rows(ds: Dataset, spec: TableSpec) -> list[list[str]]:
    return [record_to_row(r) for r in getattr(ds, spec.name)]


def write_dataset_csv(ds: Dataset, folder: Path, out: OutputSet | None = None) -> None:
    """Write the dataset as CSV tables into ``folder`` (created), all or nothing.

    The tool's CSV policy (:func:`overlapgraph.output.csv_text`): UTF-8 with BOM, CRLF, formula-like
    text neutralised with an apostrophe, which :func:`read_csv_tables` removes again. With ``out``, the
    files are staged in that set.
    """
    from ..output import OutputSet

    if out is None:
        with OutputSet() as one:
            write_dataset_csv(ds, folder, one)
        return
    out.reserve(*(folder / spec.filename for spec in TABLES.values()))
    for spec in TABLES.values():
        out.write_csv(folder / spec.filename, _rows(ds, spec), spec.header)


def write_dataset_xlsx(ds: Dataset, path: Path) -> None:
    """Write the dataset as one workbook, a sheet per table, atomically; no cell is a formula."""
    from openpyxl import Workbook

    from ..output import OutputSet, xlsx_cell, xml_safe

    with OutputSet() as out:
        out.reserve(path)  # checked before the workbook is built
        wb = Workbook(write_only=True)
        for spec in TABLES.values():
            ws = wb.create_sheet(spec.name)
            ws.append(spec.header)
            for row in _rows(ds, spec):
                ws.append([xlsx_cell(ws, xml_safe(v)) for v in row])
        wb.save(out.file(path))


def write_dataset(ds: Dataset, path: Path) -> None:
    """Write the dataset to a folder of CSV tables, or to a workbook when ``path`` ends in .xlsx."""
    if path.suffix.lower() == ".xlsx":
        write_dataset_xlsx(ds, path)
    else:
        write_dataset_csv(ds, path)
