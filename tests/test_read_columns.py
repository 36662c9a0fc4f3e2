"""The column-wise reader (issue 14) agrees with the row-wise one: on valid folders the same Dataset, and
never a Dataset where the row-wise reader reports a problem (mutated tables, hypothesis)."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from overlapgraph import read_dataset
from overlapgraph.errors import ValidationError
from overlapgraph.ingest import columns, write_dataset
from overlapgraph.ingest.columns import read_csv_columns
from overlapgraph.ingest.schema import TABLES
from overlapgraph.ingest.tables import read_csv_tables, tables_to_dataset
from overlapgraph.model import Dataset
from overlapgraph.synthetic import synthetic_dataset

ROOT = Path(__file__).resolve().parent.parent


def _row_wise(folder: Path) -> Dataset | ValidationError:
    """The row-wise reader's answer, the same with its tables checked column by column first or not."""
    answers: list[Dataset | ValidationError] = []
    for fast in (True, False):
        try:
            answers.append(tables_to_dataset(*read_csv_tables(folder), name=str(folder), fast=fast))
        except ValidationError as e:
            answers.append(e)
    checked, looped = answers
    if isinstance(checked, Dataset):
        assert isinstance(looped, Dataset) and _typed(checked) == _typed(looped) and checked == looped
    else:
        assert isinstance(looped, ValidationError) and checked.problems == looped.problems
    return checked


def _typed(ds: Dataset) -> list[tuple[type, list[tuple[type, object]]]]:
    """Every record with its type and each field's type and value: a str is not an enum member here."""
    records: list[Any] = [r for _, rows in ds.records() for r in rows]
    return [(type(r), [(type(getattr(r, f.name)), getattr(r, f.name)) for f in fields(r)]) for r in records]


def _columns(folder: Path, aside: bool = True) -> Dataset | None:
    """The column-wise reader's answer, the same with codes read as categories (large tables) or not,
    and (``aside``) with the participations table read in a forked child (``columns.ASIDE_FROM``, from a
    million rows on)."""
    saved = columns._CATEGORIES_FROM, columns.ASIDE_FROM
    try:
        columns._CATEGORIES_FROM = 2**62
        factorized = read_csv_columns(folder)
        columns._CATEGORIES_FROM = 0
        categories = read_csv_columns(folder)
        columns.ASIDE_FROM = 0
        forked = read_csv_columns(folder) if aside else categories
    finally:
        columns._CATEGORIES_FROM, columns.ASIDE_FROM = saved
    assert (factorized is None) == (categories is None) == (forked is None)
    if factorized is not None and categories is not None and forked is not None:
        assert _typed(factorized) == _typed(categories) == _typed(forked)
    return factorized


def _agree(folder: Path, aside: bool = True) -> Dataset | None:
    """Read ``folder`` both ways; assert that they agree; the column-wise reader's answer."""
    fast = _columns(folder, aside)
    slow = _row_wise(folder)
    if fast is not None:
        assert isinstance(slow, Dataset), f"column-wise read a dataset the row-wise reader rejects: {slow}"
        assert fast == slow
        assert _typed(fast) == _typed(slow)
        assert fast.name == slow.name
    return fast


# Constructed bases: the bundled datasets and a small synthetic one (with participations and aliases).
_SYNTHETIC = synthetic_dataset(priorities=4, actions=12, actors=6, actors_per_action=3, seed=7)


def _bases() -> dict[str, dict[str, str]]:
    bases: dict[str, dict[str, str]] = {}
    for name in ("empact-2022", "constructed-2023"):
        folder = ROOT / "data" / name
        bases[name] = {p.name: p.read_text(encoding="utf-8-sig") for p in folder.glob("*.csv")}
    with tempfile.TemporaryDirectory() as tmp:
        write_dataset(_SYNTHETIC, Path(tmp) / "ds")
        bases["synthetic"] = {
            p.name: p.read_text(encoding="utf-8-sig") for p in (Path(tmp) / "ds").glob("*.csv")
        }
    return bases


BASES = _bases()


@pytest.mark.parametrize("base", sorted(BASES))
def test_valid_folders_read_column_wise_as_row_wise(base: str, tmp_path: Path) -> None:
    _write(tmp_path, BASES[base])
    assert _agree(tmp_path) is not None


def test_read_dataset_takes_the_column_wise_path_for_a_valid_folder(tmp_path: Path) -> None:
    write_dataset(_SYNTHETIC, tmp_path / "ds")
    assert read_dataset(tmp_path / "ds") == read_csv_columns(tmp_path / "ds")
    assert list(read_dataset(tmp_path / "ds").records()) == list(_SYNTHETIC.records())


def _write(folder: Path, files: dict[str, str], crlf: bool = True, bom: bool = True) -> None:
    for name, text in files.items():
        data = text.replace("\r\n", "\n")
        if crlf:
            data = data.replace("\n", "\r\n")
        (folder / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data.encode("utf-8"))


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


# Benign variations the column-wise reader must read itself (constructed): the row-wise reader reads them
# to the same dataset, and falling back on them would make a user's slightly untidy folder slow again.
def _blank_lines(files: dict[str, str]) -> None:
    files["actions.csv"] = files["actions.csv"].replace("\n", "\n\n   \n,,\n", 1) + "\n\n"


def _padded_cells(files: dict[str, str]) -> None:
    rows = _cells(files["actions.csv"])
    rows[1] = [f"  {c} " for c in rows[1]]
    files["actions.csv"] = _text(rows)


def _neutralised(files: dict[str, str]) -> None:
    rows = _cells(files["actions.csv"])
    rows[1][rows[0].index("title")] = "'=SUM(A1)"  # the tool's CSV writer's apostrophe: read as =SUM(A1)
    files["actions.csv"] = _text(rows)


def _quoted(files: dict[str, str]) -> None:
    rows = _cells(files["goals.csv"])
    out = io.StringIO()
    csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    files["goals.csv"] = out.getvalue()


def _no_cycle_column(files: dict[str, str]) -> None:
    rows = _cells(files["priorities.csv"])
    i = rows[0].index("cycle")
    files["priorities.csv"] = _text([r[:i] + r[i + 1 :] for r in rows])


def _numeric_looking_codes(files: dict[str, str]) -> None:
    files["actions.csv"] += "P000-2022,6.10,CHSG-6,t,s\n"  # not 6.1: codes are text, never numbers
    files["overlaps.csv"] += "P000-2022,6.10,P002,,s\n"


def _optional_tables_left_out(files: dict[str, str]) -> None:
    for name in ("participations.csv", "oap_actors.csv", "actors.csv"):
        files.pop(name, None)


@pytest.mark.parametrize(
    "change",
    [
        _blank_lines,
        _padded_cells,
        _neutralised,
        _quoted,
        _no_cycle_column,
        _numeric_looking_codes,
        _optional_tables_left_out,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
@pytest.mark.parametrize("crlf", [True, False], ids=["crlf", "lf"])
def test_untidy_but_valid_folders_read_column_wise(change, crlf: bool, tmp_path: Path) -> None:
    files = dict(BASES["synthetic"])
    change(files)
    _write(tmp_path, files, crlf=crlf, bom=crlf)
    assert _agree(tmp_path) is not None


def test_reordered_columns_read_column_wise(tmp_path: Path) -> None:
    files = dict(BASES["synthetic"])
    rows = _cells(files["participations.csv"])
    files["participations.csv"] = _text([r[::-1] for r in rows])  # constructed: columns in reverse order
    _write(tmp_path, files)
    assert _agree(tmp_path) is not None


@pytest.mark.parametrize("extra", [0, 1], ids=["at-the-limit", "beyond"])
def test_a_field_beyond_the_csv_modules_limit_falls_back(extra: int, tmp_path: Path) -> None:
    files = dict(BASES["synthetic"])
    rows = _cells(files["actions.csv"])
    # constructed: the csv module refuses a field longer than its limit
    rows[1][rows[0].index("title")] = "x" * (csv.field_size_limit() + extra)
    files["actions.csv"] = _text(rows)
    _write(tmp_path, files)
    if extra:
        assert _columns(tmp_path) is None
        assert "field larger than field limit" in str(_row_wise(tmp_path))
    else:
        assert _agree(tmp_path) is not None


def _set(name: str, row: int, column: str, value: str):
    def apply(files: dict[str, str]) -> None:
        rows = _cells(files[name])
        rows[row][rows[0].index(column)] = value
        files[name] = _text(rows)

    return apply


def _add(name: str, line: str):
    def apply(files: dict[str, str]) -> None:
        files[name] += line + "\n"

    return apply


def _add_copy(name: str):
    def apply(files: dict[str, str]) -> None:
        files[name] += _text(_cells(files[name])[1:2])

    return apply


def _header(name: str, header: str):
    def apply(files: dict[str, str]) -> None:
        files[name] = header + "\n" + files[name].split("\n", 1)[1]

    return apply


def _prepend(name: str, text: str):
    def apply(files: dict[str, str]) -> None:
        files[name] = text + files[name]

    return apply


# Each breaks one rule of the synthetic base and nothing else (constructed), so that every check of the
# column-wise reader is needed: without it, it would read a dataset the row-wise reader rejects.
BROKEN = {
    "goal-id": _set("goals.csv", 7, "goal_id", "CHSG-77"),
    "specific-goal-below-9": lambda f: (
        _set("goals.csv", 9, "number", "3")(f),
        _set("goals.csv", 9, "goal_id", "P000-3")(f),
    ),
    "common-goal-above-8": lambda f: (
        _set("goals.csv", 7, "number", "10")(f),
        _set("goals.csv", 7, "goal_id", "CHSG-10")(f),
    ),
    "goal-priority": lambda f: (
        _set("goals.csv", 9, "priority", "PX")(f),
        _set("goals.csv", 9, "goal_id", "PX-9")(f),
    ),
    "oap-priority": _add("oaps.csv", "PX-2022,PX,2022,,,,,,s"),
    "oap-id": _add("oaps.csv", "P000-2024,P000,2023,,,,,,s"),
    "oap-cycle": _set("priorities.csv", 1, "cycle", "2026-2029"),
    "oap-actor-oap": _add("oap_actors.csv", "PX-2022,A0000,driver,s"),
    "oap-actor-actor": _add("oap_actors.csv", "P000-2022,AX,partner,s"),
    "action-oap": _add("actions.csv", "PX-2022,1.1,CHSG-1,t,s"),
    "action-code": _add("actions.csv", "P000-2022,x,CHSG-1,t,s"),
    "action-goal": _add("actions.csv", "P000-2022,7.1,CHSG-77,t,s"),
    "action-goal-number": _add("actions.csv", "P000-2022,7.1,CHSG-6,t,s"),
    "action-goal-priority": _add("actions.csv", "P000-2022,9.1,P001-9,t,s"),
    "participation-oap": _add("participations.csv", "PX-2022,6.1,A0000,participant,s"),
    "participation-action": _add("participations.csv", "P000-2022,7.7,A0000,participant,s"),
    "participation-actor": _add("participations.csv", "P000-2022,6.1,AX,participant,s"),
    "second-leader": _add("participations.csv", "P000-2022,6.1,A0002,leader,s"),
    "overlap-oap": _add("overlaps.csv", "PX-2022,6.1,P001,,s"),
    "overlap-action": _add("overlaps.csv", "P000-2022,7.7,P001,,s"),
    "overlap-target": _add("overlaps.csv", "P000-2022,6.1,PX,,s"),
    "overlap-own-priority": _add("overlaps.csv", "P000-2022,6.1,P000,,s"),
    **{f"duplicate-{spec.name}": _add_copy(spec.filename) for spec in TABLES.values()},
    "required": _set("actors.csv", 1, "name", ""),
    "invisible": _add("actors.csv", "A\u200b9,n,member_state,s"),
    "int": _set("goals.csv", 7, "number", "seven"),
    "int-64-bit": _set("oaps.csv", 1, "stated_actions", "9223372036854775808"),
    "period": _set("priorities.csv", 1, "cycle", "2029-2026"),
    "date": _set("oaps.csv", 1, "date", "2022-02-30"),
    "kind": _set("actors.csv", 1, "kind", "person"),
    "action-role": _set("participations.csv", 1, "role", "boss"),
    "oap-role": _set("oap_actors.csv", 1, "role", "boss"),
    "wider-row": _add("overlaps.csv", "P000-2022,6.1,P001,,s,extra"),
    "unknown-column": _header("overlaps.csv", "oap_id,action_code,target_priority,note,source,remark"),
    "column-twice": _header("overlaps.csv", "oap_id,action_code,target_priority,note,source,note"),
    "second-bom": _prepend("priorities.csv", "\ufeff"),
    "nul": _set("goals.csv", 1, "title", "a\x00b"),
    "missing-column": _header("overlaps.csv", "oap_id,action_code,target_priority,note"),
    "unknown-table": lambda f: f.update({"extra.csv": "a\n"}),
    "required-table": lambda f: f.pop("goals.csv"),
}


def test_a_table_that_is_a_folder_falls_back(tmp_path: Path) -> None:
    files = dict(BASES["synthetic"])
    files.pop("overlaps.csv")
    _write(tmp_path, files)
    (tmp_path / "overlaps.csv").mkdir()
    assert isinstance(_row_wise(tmp_path), ValidationError)
    assert _columns(tmp_path) is None


# Valid folders the column-wise reader leaves to the row-wise one (constructed): it does not judge them.
DOUBTFUL = {
    "multi-line-field": _set("actions.csv", 1, "title", "two\nlines"),
    "header-over-two-lines": _header("overlaps.csv", 'oap_id,action_code,target_priority,note,"source\n"'),
}


@pytest.mark.parametrize("name", sorted({**BROKEN, **DOUBTFUL}))
def test_broken_and_doubtful_folders_are_left_to_the_row_wise_reader(name: str, tmp_path: Path) -> None:
    files = dict(BASES["synthetic"])
    (BROKEN.get(name) or DOUBTFUL[name])(files)
    _write(tmp_path, files)
    assert isinstance(_row_wise(tmp_path), Dataset if name in DOUBTFUL else ValidationError)
    assert _columns(tmp_path) is None


# ---------------------------------------------------------------------------- property test

_TABLE_FILES = sorted(spec.filename for spec in TABLES.values())
#: Text that trips readers (constructed): quotes, separators, line ends, spaces, BOM, NUL, invisible and
#: control characters, formula prefixes, list separators, and values of the schema's kinds.
_SPECIAL = [
    *"\",\n\r \t'=-|\\",
    '""',
    "\r\n",
    "'=",
    "\ufeff",
    "\x00",
    "\u200b",
    "\x85",
    "\u3000",
    "\x1c",
    "\xa0",
    "é",
]
_VALUES = [
    "",
    " ",
    "  x  ",
    "'=x",
    "''=x",
    "=x",
    "'plain",
    "0",
    "01",
    "1",
    "8",
    "9",
    "10",
    "-1",
    "+5",
    "1_000",
    "99999999999999999999999999",
    "9223372036854775808",
    "2022",
    "2022-2025",
    "2026-2029",
    "2026-2027",
    "2025-2022",
    "1999",
    "2022-02-30",
    "2024-02-29",
    "leader",
    "co_leader",
    "participant",
    "driver",
    "partner",
    "member_state",
    "eu_agency",
    "CHSG-1",
    "CHSG-9",
    "P000",
    "P001",
    "P000-2022",
    "THB",
    "THB-2022",
    "1.1",
    "1.10",
    "6.10",
    "2.1",
    "3.1",
    "9.1",
    "0.1",
    "1.01",
    "a|b| |c",
    "TH\u200bB",
    'q"uote',
    "two\nlines",
    "two\r\nlines",
    "A0000",
    "A0001",
    "EUROPOL",
    "assumed: test",
]
_value = st.one_of(
    st.sampled_from(_VALUES),
    st.lists(st.sampled_from([*_SPECIAL, "a", "1", "P", "-", "."]), max_size=5).map("".join),
)
_file = st.sampled_from(_TABLE_FILES)
_op = st.one_of(
    st.tuples(st.just("free"), _file, st.integers(1, 60), st.integers(0, 9), _value),
    st.tuples(st.just("cell"), _file, st.integers(0, 60), st.integers(0, 9), _value),
    st.tuples(st.just("copy"), _file, st.integers(0, 60), st.integers(0, 60), st.integers(0, 9)),
    st.tuples(st.just("insert"), _file, st.integers(0, 10_000), st.sampled_from(_SPECIAL)),
    st.tuples(st.just("delete"), _file, st.integers(0, 10_000), st.integers(1, 3)),
    st.tuples(st.just("line"), _file, st.integers(0, 60), st.sampled_from(["", "   ", ",,,,", ",,,,,,,,,,"])),
    st.tuples(st.just("drop_row"), _file, st.integers(1, 60)),
    st.tuples(st.just("dup_row"), _file, st.integers(1, 60)),
    st.tuples(st.just("header"), _file, st.integers(0, 9), _value),
    st.tuples(st.just("remove"), _file),
    st.tuples(
        st.just("bytes"), _file, st.integers(0, 10_000), st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80"])
    ),
)


def _apply(files: dict[str, str], op: tuple[Any, ...]) -> bytes | None:
    """Apply one mutation to ``files``; a byte-level one returns nothing but is kept in ``_RAW``."""
    kind, name = op[0], str(op[1])
    if kind == "remove":
        files.pop(name, None)
        return None
    text = files.get(name, "")
    if kind in ("insert", "delete", "bytes"):
        at = int(op[2]) % (len(text) + 1)
        if kind == "insert":
            files[name] = text[:at] + str(op[3]) + text[at:]
        elif kind == "delete":
            files[name] = text[:at] + text[at + int(op[3]) :]
        else:
            return text[:at].encode("utf-8") + bytes(op[3]) + text[at:].encode("utf-8")
        return None
    rows = _cells(text)
    if not rows:
        return None
    if kind == "free":  # a cell of free text (title, name, source, ...): mostly still valid
        spec = TABLES[name.removesuffix(".csv")]
        free = [
            i
            for i, h in enumerate(rows[0])
            if h in spec.header and spec.columns[spec.header.index(h)].kind == "text"
        ]
        row = rows[int(op[2]) % len(rows)]
        c = free[int(op[3]) % len(free)] if free else 0
        if len(rows) > 1 and c < len(row) and row is not rows[0]:
            row[c] = str(op[4])
    elif kind == "cell" or kind == "header":
        r = 0 if kind == "header" else int(op[2]) % len(rows)
        row = rows[r]
        c = int(op[3 if kind == "cell" else 2]) % (len(row) + 1)
        value = str(op[4 if kind == "cell" else 3])
        if c < len(row):
            row[c] = value
        else:
            row.append(value)
    elif kind == "copy":
        src, dst = (int(x) % len(rows) for x in op[2:4])
        c = int(op[4]) % max(len(rows[src]), 1)
        if c < len(rows[src]) and c < len(rows[dst]):
            rows[dst][c] = rows[src][c]
    elif kind == "line":
        files[name] = "\n".join(
            text.split("\n")[: int(op[2])] + [str(op[3])] + text.split("\n")[int(op[2]) :]
        )
        return None
    elif kind == "drop_row" and len(rows) > 1:
        del rows[int(op[2]) % len(rows) or 1]
    elif kind == "dup_row" and len(rows) > 1:
        i = int(op[2]) % len(rows) or 1
        rows.insert(i, list(rows[i]))
    files[name] = _text(rows)
    return None


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    base=st.sampled_from(sorted(BASES)),
    ops=st.lists(_op, min_size=1, max_size=4),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_column_wise_and_row_wise_readers_agree_on_mutated_tables(
    base: str, ops: list[tuple[Any, ...]], crlf: bool, bom: bool
) -> None:
    files = dict(BASES[base])
    raw: dict[str, bytes] = {}
    for op in ops:
        data = _apply(files, op)
        if data is not None:
            raw[str(op[1])] = data
            files.pop(str(op[1]), None)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _write(folder, files, crlf=crlf, bom=bom)
        for name, data in raw.items():
            (folder / name).write_bytes(data)
        fast = _agree(folder, aside=False)  # a fork for each of 400 examples: the other tests fork
        valid = isinstance(_row_wise(folder), Dataset)
        event(f"column-wise: {'dataset' if fast else 'None'}, row-wise: {'dataset' if valid else 'problems'}")


def test_the_property_test_reaches_the_column_wise_path() -> None:
    """Mutations that keep a folder valid are read column-wise, so the property test compares Datasets."""
    files = dict(BASES["synthetic"])
    _apply(files, ("dup_row", "actions.csv", 1))  # constructed: a duplicate key
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), files)
        assert _columns(Path(tmp)) is None
        assert "duplicate key" in str(_row_wise(Path(tmp)))
    files = dict(BASES["synthetic"])
    _apply(files, ("line", "goals.csv", 3, "   "))  # constructed: a blank line, still valid
    with tempfile.TemporaryDirectory() as tmp:
        _write(Path(tmp), files)
        assert _agree(Path(tmp)) is not None


def test_a_copy_of_the_bundled_dataset_reads_the_same_both_ways(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data" / "empact-2022", tmp_path / "ds")
    assert _agree(tmp_path / "ds") is not None


def test_a_table_read_in_a_child_leaves_no_child_when_another_table_fails(tmp_path: Path) -> None:
    """The participations are parsed in a forked child while the other tables are read; a problem in
    one of those ends the read (None: the row-wise reader says what is wrong) and the child with it."""
    import multiprocessing
    import threading

    files = dict(BASES["synthetic"])
    _apply(files, ("dup_row", "actions.csv", 1))  # constructed: a duplicate key in another table
    _write(tmp_path, files)
    saved = columns.ASIDE_FROM
    children, threads = set(multiprocessing.active_children()), set(threading.enumerate())
    try:
        columns.ASIDE_FROM = 0
        assert read_csv_columns(tmp_path) is None
    finally:
        columns.ASIDE_FROM = saved
    assert set(multiprocessing.active_children()) <= children
    assert set(threading.enumerate()) <= threads
    assert "duplicate key" in str(_row_wise(tmp_path))
