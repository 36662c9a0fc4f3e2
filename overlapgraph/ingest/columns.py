"""Read a dataset folder column-wise: fast when it is valid; at any doubt the row-wise reader decides.

Issue 14: the row-wise reader (:func:`.tables.read_csv_tables` and :func:`.tables.tables_to_dataset`)
checks every cell as a Python value and says exactly what is wrong where, at ~40x the time of a
``pandas.read_csv`` of the same files. :func:`read_csv_columns` reads each table with pandas' C parser
and checks it column by column instead: each distinct value of a column once, with the very checks of the
row-wise reader (:func:`.tables._clean_value`), and keys and references as integer codes. It only decides
whether the dataset is valid. When it is, it builds the Dataset the row-wise reader builds. When it is not,
or holds anything it cannot judge as the csv module would read it (a quoted field over several lines, a
NUL, bad UTF-8, a field beyond the csv module's size limit, a second byte-order mark, a row wider than the
first), it returns None and the row-wise reader reads the folder again and reports: every message, its
order and its file:line:column stay the row-wise reader's.
"""

from __future__ import annotations

import csv
import functools
import io
import os
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, fields
from itertools import compress, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..collector import paused
from ..model import COMMON_GOAL_COUNT, Dataset, goal_number_of, period_within
from ..output import unneutralise
from .schema import TABLES, TableSpec
from .tables import _CODE_COLUMNS, _ENUMS, _clean_value

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Codes = npt.NDArray[np.intp]

__all__ = ["read_csv_columns"]

#: From this size on a table's codes are read as categories (faster there; slower in small tables).
_CATEGORIES_FROM = 4 * 2**20


@dataclass
class _Column:
    """One column of a table: the distinct typed values, and for each row the index of its value; or,
    without codes (free text, mostly distinct), the value of each row."""

    values: list[Any]
    codes: Codes | None

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its codes in the fewest bytes they fit (a table read in a child comes back:
        a million codes of 300 actors are 2 MB, not 8)."""
        import numpy as np

        if self.codes is None:
            return (_Column, (self.values, None))
        narrow = np.min_scalar_type(max(len(self.values) - 1, 0))
        return (_column_of_codes, (self.values, self.codes.astype(narrow)))

    def rows(self) -> list[Any]:
        """The typed value of every row, in order."""
        import numpy as np

        if self.codes is None:
            return self.values
        return np.fromiter(self.values, dtype=object, count=len(self.values))[self.codes].tolist()  # type: ignore[no-any-return]


def _column_of_codes(values: list[Any], codes: Any) -> _Column:
    import numpy as np

    return _Column(values, codes.astype(np.intp))


@dataclass
class _Table:
    rows: int
    columns: dict[str, _Column]

    def codes(self, name: str) -> Codes:
        """The codes of column ``name``, one with codes (a key, a code, a choice, ...: not free text)."""
        codes = self.columns[name].codes
        assert codes is not None, name
        return codes


def read_csv_columns(folder: Path) -> Dataset | None:
    """The Dataset of a valid dataset folder, read column-wise; None at any problem or doubt.

    None says nothing about the dataset: read it with the row-wise reader, which reports every problem.

    Examples
    --------
    >>> import tempfile
    >>> from overlapgraph.ingest import write_dataset
    >>> from overlapgraph.synthetic import synthetic_dataset
    >>> ds = synthetic_dataset(priorities=3, actions=10, actors=6, actors_per_action=2, seed=1)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_dataset(ds, Path(tmp) / "ds")
    ...     read = read_csv_columns(Path(tmp) / "ds")
    ...     (Path(tmp) / "ds" / "overlaps.csv").write_text("oap_id,action_code", encoding="utf-8")
    ...     broken = read_csv_columns(Path(tmp) / "ds")
    18
    >>> read is not None and list(read.records()) == list(ds.records()), broken
    (True, None)
    """
    from ..forked import Pending, later

    known = {spec.filename for spec in TABLES.values()}
    if any(p.name not in known for p in folder.glob("*.csv")):
        return None
    aside: Pending[_Table | None] | None = None
    with paused():
        try:
            tables: dict[str, _Table | None] = {}
            big = folder / TABLES[ASIDE_TABLE].filename
            if big.is_file() and big.stat().st_size >= ASIDE_FROM:  # first, so that it runs all along
                try:
                    data = big.read_bytes()
                except OSError:
                    return None
                # parsed and checked in a forked child while this process reads the other tables
                aside = later(functools.partial(_checked_table, TABLES[ASIDE_TABLE], data))
                del data
            for spec in TABLES.values():
                if aside is not None and spec.name == ASIDE_TABLE:
                    continue
                path = folder / spec.filename
                if not path.is_file():
                    if spec.required_file or os.path.lexists(path):
                        return None
                    tables[spec.name] = None  # an optional table left out: nothing refers to it is checked
                    continue
                try:
                    data = path.read_bytes()
                except OSError:
                    return None
                table = _checked_table(spec, data)
                del data
                if table is None:
                    return None
                tables[spec.name] = table
            if aside is not None:
                table, aside = aside(), None
                if table is None:
                    return None
                tables[ASIDE_TABLE] = table
        finally:
            if aside is not None:
                aside.cancel()  # another table made the read return early: its result is not wanted
        if not _references_hold(tables):
            return None
        return _build(tables, name=str(folder))


#: The table parsed and checked in a forked child (:func:`overlapgraph.forked.later`) while the others are
#: read here, from this size of its file on: at a million participations (100 MB) it takes as long as
#: the other tables together (0.6 s each), and coming back as codes and distinct values, 0.1 s.
ASIDE_TABLE = "participations"
ASIDE_FROM = 32 * 2**20


# ---------------------------------------------------------------------------- one table


def _checked_table(spec: TableSpec, data: bytes) -> _Table | None:
    """:func:`_read_table`, and its keys each once; None at any problem or doubt."""
    table = _read_table(spec, data)
    return table if table is not None and _unique(table, spec.key) else None


def _read_table(spec: TableSpec, data: bytes) -> _Table | None:
    """The valid rows of one table as typed columns; None when a row-wise read could differ or complain."""
    import pandas as pd

    if b"\x00" in data:
        return None  # not text for the row-wise reader; pandas would read it
    ends = [i for i in (data.find(b"\r"), data.find(b"\n")) if i >= 0]
    try:
        first = next(csv.reader([data[: min(ends, default=len(data))].decode("utf-8-sig")]), [])
    except (csv.Error, UnicodeDecodeError):
        return None
    header = [h.strip() for h in first]
    if len(set(header)) != len(header) or not set(header) <= set(spec.header):
        return None
    if any(c.name not in header and not c.absent_ok for c in spec.columns):
        return None
    kinds = {c.name: c for c in spec.columns}
    # Free text (titles, sources) is mostly distinct and no key: read as plain text, checked in C loops.
    # Codes, keys and choices repeat: coded, from pandas' parser at once as categories in a large table
    # (the fastest there) and by factorize in a small one (categories cost ~1 ms a column to set up).
    text = [kinds[h].kind == "text" and h not in _CODE_COLUMNS for h in header]
    coded = "category" if len(data) >= _CATEGORIES_FROM else object
    try:
        # The csv module's dialect (excel): ",", '"' doubled inside quotes, no escape, no comments; blank
        # lines are rows. "utf-8" (pandas drops the BOM itself) reads faster than "utf-8-sig", which
        # pandas decodes in Python; invalid UTF-8 is an error either way.
        frame = pd.read_csv(
            io.BytesIO(data),
            header=None,
            dtype={i: object if t else coded for i, t in enumerate(text)},
            na_filter=False,
            skip_blank_lines=False,
            encoding="utf-8",
            engine="c",
            sep=",",
            quotechar='"',
            doublequote=True,
            escapechar=None,
            comment=None,
            skipinitialspace=False,
        )
    except ValueError:  # bad UTF-8, a row wider than the first, a quote never closed, no data
        return None
    if frame.iloc[0].tolist() != first:
        return None  # the first row is not the first line as the csv module reads it
    cells: list[_Column] = []
    for i, plain in enumerate(text):
        column = frame[i]
        if plain:
            cells.append(_Column(column.to_numpy()[1:].tolist(), None))
        elif coded == "category":
            values = column.cat.categories.tolist()
            if not all(isinstance(v, str) for v in values):
                return None  # pandas made numbers of them (2.10 would be 2.1): not the csv module's text
            cells.append(_without_first(values, column.cat.codes.to_numpy()))
        else:
            codes, distinct = pd.factorize(column.to_numpy()[1:])
            cells.append(_Column(distinct.tolist(), codes))
    del frame
    return _typed_columns(spec, header, cells)


def _typed_columns(spec: TableSpec, header: list[str], cells: list[_Column]) -> _Table | None:
    """Typed columns of the text ``cells`` (a column per header name); None at any problem or doubt."""
    import numpy as np

    limit = csv.field_size_limit()
    found: dict[str, _Column] = {}
    for name, col in zip(header, cells, strict=True):
        values, codes = col.values, col.codes
        # free text: pandas gives equal texts of a chunk as one object, so this is quick
        distinct = list(dict.fromkeys(values)) if codes is None else values
        text = "".join(distinct)
        if "\n" in text or "\r" in text:
            return None  # a quoted field over several lines: the row-wise reader counts its lines
        if len(text) > limit and max(map(len, distinct)) > limit:
            return None  # the csv module refuses a field this long ("field larger than field limit")
        cleaned = list(map(str.strip, distinct))
        if "'" in text:  # the apostrophe the tool's CSV writer puts before formula-like text, removed
            cleaned = [unneutralise(v).strip() if v[:1] == "'" else v for v in cleaned]
        if cleaned != distinct and codes is None:
            values = list(map(dict(zip(distinct, cleaned, strict=True)).__getitem__, values))
        elif cleaned != distinct:
            index: dict[str, int] = {}
            to = [index.setdefault(v, len(index)) for v in cleaned]
            codes = np.asarray(to, dtype=np.intp)[codes]
            values = list(index)
        found[name] = _Column(values, codes)
    rows = len(cells[0].values if cells[0].codes is None else cells[0].codes) if cells else 0
    blank = _blank_rows(list(found.values()), rows)
    if blank is not None:  # rows of empty cells: the row-wise reader skips them
        keep = ~blank
        rows = int(keep.sum())
        for col in found.values():
            if col.codes is None:
                col.values = list(compress(col.values, keep.tolist()))
            else:
                col.values, col.codes = _compact(col.values, col.codes[keep])
    columns: dict[str, _Column] = {}
    enums = _ENUMS.get(spec.name, {})
    for column in spec.columns:
        col = found.get(column.name) or _Column([""], np.zeros(rows, dtype=np.intp))
        if column.kind == "text" and column.name not in _CODE_COLUMNS:
            # what _clean_value does with plain text, for the many distinct titles and names at once
            if column.required and "" in col.values:
                return None
            typed = col.values
        else:
            typed = []
            for value in col.values:
                cell, message = _clean_value(column, value)
                if message is not None:
                    return None
                typed.append(cell)
        if column.name in enums:
            typed = [enums[column.name](v) for v in typed]
        columns[column.name] = _Column(typed, col.codes)
    return _Table(rows, columns)


def _without_first(values: list[Any], codes: Any) -> _Column:
    """The column of the rows after the first (the header): its value goes when no other row has it."""
    import numpy as np

    first, rest = int(codes[0]), codes[1:].astype(np.intp)
    if (rest == first).any():
        return _Column(values, rest)
    return _Column(values[:first] + values[first + 1 :], rest - (rest > first))


def _compact(values: list[Any], codes: Codes | None) -> tuple[list[Any], Codes | None]:
    """``values`` without those no row has, and the codes renumbered to match."""
    import numpy as np

    if codes is None:
        return values, codes
    used = np.bincount(codes, minlength=len(values)) > 0
    if used.all():
        return values, codes
    return [v for v, u in zip(values, used.tolist(), strict=True) if u], (np.cumsum(used) - 1)[codes]


def _blank_rows(columns: list[_Column], rows: int) -> Any:
    """A mask of the rows whose every cell is empty, or None when there is none."""
    import numpy as np

    if not rows or any("" not in col.values for col in columns):
        return None
    blank = np.ones(rows, dtype=bool)
    for col in columns:
        empty = np.asarray(col.values, dtype=object) == ""
        blank &= empty if col.codes is None else empty[col.codes]
    return blank if blank.any() else None


# ---------------------------------------------------------------------------- keys and references


def _combined(table: _Table, names: Sequence[str]) -> Codes:
    """One code per row for the values of ``names`` together: equal codes, equal values."""
    import pandas as pd

    codes, count = table.codes(names[0]), len(table.columns[names[0]].values)
    for name in names[1:]:
        width = len(table.columns[name].values)
        if count * width >= 2**62:  # renumber the combinations so far: no overflow
            codes, distinct = pd.factorize(codes)
            count = len(distinct)
        codes, count = codes * width + table.codes(name), count * width
    return codes


def _distinct(codes: Codes) -> bool:
    """True when no two codes are equal."""
    import pandas as pd

    return bool(pd.Index(codes).is_unique)


def _unique(table: _Table, key: Sequence[str]) -> bool:
    """True when no two rows have the same key."""
    return _distinct(_combined(table, key))


def _pairs(table: _Table, a: str, b: str) -> list[tuple[Any, Any]]:
    """The distinct pairs of values of columns ``a`` and ``b``."""
    import pandas as pd

    va, vb = table.columns[a].values, table.columns[b].values
    if not table.rows:
        return []
    both = pd.unique(table.codes(a) * len(vb) + table.codes(b))  # both < rows**2: no overflow
    return [(va[i], vb[j]) for i, j in zip(*divmod(both, len(vb)), strict=True)]


def _in(table: _Table, name: str, keys: set[Any] | None) -> bool:
    """True when every value of column ``name`` is a key of ``keys`` (None: a table left out, not checked)."""
    return keys is None or set(table.columns[name].values) <= keys


def _translated(table: _Table, name: str, into: list[Any]) -> Codes:
    """The codes of column ``name`` as indexes of the values ``into``; -1 for a value ``into`` has not."""
    import numpy as np

    index = {v: i for i, v in enumerate(into)}
    to = np.asarray([index.get(v, -1) for v in table.columns[name].values], dtype=np.intp)
    return to[table.codes(name)]


def _actions_exist(table: _Table, actions: _Table) -> bool:
    """True when the (oap_id, action_code) of every row is the key of an action."""
    import pandas as pd

    oap = _translated(table, "oap_id", actions.columns["oap_id"].values)
    code = _translated(table, "action_code", actions.columns["code"].values)
    if (oap < 0).any() or (code < 0).any():
        return False
    width = len(actions.columns["code"].values)
    have = actions.codes("oap_id") * width + actions.codes("code")
    return bool(pd.Index(have).get_indexer(oap * width + code).min(initial=0) >= 0)


def _one_leader(participations: _Table) -> bool:
    """True when no action has two leaders (co-leaders may be several)."""
    import numpy as np

    leads = (np.asarray(participations.columns["role"].values, dtype=object) == "leader")[
        participations.codes("role")
    ]
    return _distinct(_combined(participations, ("oap_id", "action_code"))[leads])


def _references_hold(tables: dict[str, _Table | None]) -> bool:
    """The reference checks of :func:`.tables._check_references` on valid tables: True when none fails."""
    priorities, goals, oaps = tables["priorities"], tables["goals"], tables["oaps"]
    actions = tables["actions"]
    assert priorities is not None and goals is not None and oaps is not None and actions is not None
    actors = tables["actors"]
    actor_codes = set(actors.columns["code"].values) if actors is not None else None
    priority_codes = set(priorities.columns["code"].values)
    cycle_of = dict(_pairs(priorities, "code", "cycle"))
    goal_of = {
        g: (n, p)
        for g, n, p in zip(*(goals.columns[c].rows() for c in ("goal_id", "number", "priority")), strict=True)
    }
    for goal_id, (number, priority) in goal_of.items():
        if priority and (priority not in priority_codes or number <= COMMON_GOAL_COUNT):
            return False
        if not priority and number > COMMON_GOAL_COUNT:
            return False
        if goal_id != (f"CHSG-{number}" if not priority else f"{priority}-{number}"):
            return False
    oap_priority: dict[str, str] = {}
    for oap_id, priority, period in zip(
        *(oaps.columns[c].rows() for c in ("oap_id", "priority", "period")), strict=True
    ):
        cycle = cycle_of.get(priority, "")
        if priority not in priority_codes or (cycle and not period_within(period, cycle)):
            return False
        if oap_id != f"{priority}-{period}":
            return False
        oap_priority[oap_id] = priority
    oap_ids = set(oap_priority)
    oap_actors = tables["oap_actors"]
    if oap_actors is not None and not (
        _in(oap_actors, "oap_id", oap_ids) and _in(oap_actors, "actor", actor_codes)
    ):
        return False
    if not _in(actions, "oap_id", oap_ids) or not _in(actions, "goal_id", set(goal_of)):
        return False
    for goal_id, code in _pairs(actions, "goal_id", "code"):
        number = goal_number_of(code)
        if number is None or goal_of[goal_id][0] != number:
            return False
    for goal_id, oap_id in _pairs(actions, "goal_id", "oap_id"):
        if goal_of[goal_id][1] and goal_of[goal_id][1] != oap_priority[oap_id]:
            return False
    participations, overlaps = tables["participations"], tables["overlaps"]
    for table in (participations, overlaps):
        if table is not None and not (_in(table, "oap_id", oap_ids) and _actions_exist(table, actions)):
            return False
    if participations is not None and not (
        _in(participations, "actor", actor_codes) and _one_leader(participations)
    ):
        return False
    if overlaps is not None:
        if not _in(overlaps, "target_priority", priority_codes):
            return False
        if any(oap_priority[o] == t for o, t in _pairs(overlaps, "oap_id", "target_priority")):
            return False
    return True


# ---------------------------------------------------------------------------- the Dataset


def _build(tables: dict[str, _Table | None], name: str) -> Dataset:
    ds = Dataset(name=name)
    for spec in TABLES.values():
        table = tables[spec.name]
        if table is not None and table.rows:
            getattr(ds, spec.name).extend(_records(spec.record, table))
    return ds


def _records(cls: type, table: _Table) -> list[Any]:
    """One ``cls`` per row, built as its ``__init__`` builds it: each field set through its slot.

    ``cls`` is a frozen, slotted dataclass without ``__post_init__``; its generated ``__init__`` sets
    every field with ``object.__setattr__``. Here each field is set for all rows in one C loop over the
    slot's descriptor, 3x faster than a million ``__init__`` calls (measured).
    """
    assert not hasattr(cls, "__post_init__")
    records: list[Any] = list(map(object.__new__, repeat(cls, table.rows)))
    for field in fields(cls):
        deque(map(getattr(cls, field.name).__set__, records, table.columns[field.name].rows()), maxlen=0)
    return records
