"""Issue 17, hostile datasets: each broken table or workbook is one "Error:" and exit 1, never a traceback.

Every fixture is made by the test from the bundled dataset (constructed breakage, not real data).
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from overlapgraph import read_dataset
from overlapgraph.cli import cli
from overlapgraph.ingest import tables

pytestmark = pytest.mark.constructed


def _copy(bundled: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "ds"
    shutil.copytree(bundled, folder)
    return folder


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8-sig")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _refused(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.count("Error:") == 1, result.stderr
    assert result.stderr.startswith("Error: ")
    return result.stderr


def test_header_only_tables_are_nothing_to_analyse(bundled: Path, tmp_path: Path, runner: CliRunner) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    for f in bundled.iterdir():
        (folder / f.name).write_text(f.read_text(encoding="utf-8-sig").splitlines()[0] + "\n")
    err = _refused(runner, "validate", str(folder))
    assert (
        err
        == f"Error: {folder}: no priorities and no OAPs (the tables hold a header only): nothing to analyse\n"
    )
    out = tmp_path / "out"
    _refused(runner, "report", str(folder), "-o", str(out))
    assert not out.exists()


def test_nul_byte_in_a_field(bundled: Path, tmp_path: Path, runner: CliRunner) -> None:
    folder = _copy(bundled, tmp_path)
    _edit(folder, "actions.csv", "THB-2022,2.1,CHSG-2,", "THB-2022,2.1,CHSG-2,ab\x00c")
    err = _refused(runner, "validate", str(folder))
    assert "actions.csv:4: holds a NUL byte (\\x00): not a text table; save it as CSV" in err


def test_table_that_is_a_folder(bundled: Path, tmp_path: Path, runner: CliRunner) -> None:
    folder = _copy(bundled, tmp_path)
    (folder / "overlaps.csv").unlink()
    (folder / "overlaps.csv").mkdir()
    err = _refused(runner, "validate", str(folder))
    assert "  overlaps.csv: is a folder; a table must be a CSV file\n" in err


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("code,name,", "code,code,", "priorities.csv:1: column 'code': column named twice (columns 1 and 2)"),
        (
            "code,name,",
            "code,name,name,",
            "priorities.csv:1: column 'name': column named twice (columns 2 and 3)",
        ),
    ],
)
def test_column_named_twice(
    bundled: Path, tmp_path: Path, runner: CliRunner, old: str, new: str, expected: str
) -> None:
    folder = _copy(bundled, tmp_path)
    _edit(folder, "priorities.csv", old, new)
    assert expected in _refused(runner, "validate", str(folder))


@pytest.mark.parametrize(
    ("table", "old", "new", "column"),
    [
        ("oaps.csv", ",24,", ",99999999999999999999999,", "stated_actions"),
        ("goals.csv", "CHSG-1,1,", "CHSG-1,18446744073709551617,", "number"),
        ("goals.csv", "CHSG-1,1,", "CHSG-1,-9223372036854775809,", "number"),
    ],
)
def test_integers_beyond_64_bits(
    bundled: Path, tmp_path: Path, runner: CliRunner, table: str, old: str, new: str, column: str
) -> None:
    folder = _copy(bundled, tmp_path)
    _edit(folder, table, old, new)
    err = _refused(runner, "validate", str(folder))
    assert f"column '{column}': '" in err
    assert "is too large: a whole number must lie within -9223372036854775808 and 9223372036854775807" in err
    assert err.count("\n  ") == 1  # one problem: the goal's actions are not reported again


def test_int64_bounds_are_accepted(bundled: Path, tmp_path: Path) -> None:
    folder = _copy(bundled, tmp_path)
    _edit(folder, "oaps.csv", ",24,", f",{2**63 - 1},")
    assert read_dataset(folder).oaps[0].stated_actions == 2**63 - 1


def test_huge_number_text_is_cut_in_the_message(bundled: Path, tmp_path: Path, runner: CliRunner) -> None:
    folder = _copy(bundled, tmp_path)
    _edit(folder, "oaps.csv", ",24,", ",9" + "9" * 99_999 + ",")  # int() of it would be refused/slow
    err = _refused(runner, "validate", str(folder))
    assert len(err) < 1000
    assert "... (100,000 characters)" in err


def test_zero_width_space_inside_a_code(bundled: Path, tmp_path: Path, runner: CliRunner) -> None:
    folder = _copy(bundled, tmp_path)
    _edit(folder, "oaps.csv", "THB-2022,THB,", "TH\u200bB-2022,THB,")
    err = _refused(runner, "validate", str(folder))
    assert err == (
        "Error: 1 problem in dataset:\n  oaps.csv:2: column 'oap_id': 'TH\\u200bB-2022' holds an invisible "
        "character (U+200B ZERO WIDTH SPACE, character 3); remove it: codes must be plain text\n"
    )
    assert "\u200b" not in err


def test_unbalanced_quote_is_reported_on_its_own_line(
    bundled: Path, tmp_path: Path, runner: CliRunner
) -> None:
    folder = _copy(bundled, tmp_path)
    _edit(folder, "actions.csv", "THB-2022,2.1,CHSG-2,", 'THB-2022,"2.1,CHSG-2,')
    err = _refused(runner, "validate", str(folder))
    assert re.fullmatch(
        r"Error: 1 problem in dataset:\n  actions\.csv:4: a quoted field opened on line 4 runs to line \d+ "
        r"\(\d+ fields, the header has 5\): a quote \(\"\) is not closed\n",
        err,
    ), err


def test_multiline_quoted_fields_are_still_read(bundled: Path, tmp_path: Path) -> None:
    folder = _copy(bundled, tmp_path)
    _edit(folder, "actions.csv", "THB-2022,2.1,CHSG-2,", 'THB-2022,2.1,CHSG-2,"two\nlines"')
    assert any(a.title == "two\nlines" for a in read_dataset(folder).actions)


def test_unreadable_table(
    bundled: Path, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Run as root the permission bits cannot be tested: the read itself raises, as for a user without rights.
    folder = _copy(bundled, tmp_path)
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "actions.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    err = _refused(runner, "validate", str(folder))
    assert "  actions.csv: cannot read it: Permission denied\n" in err


def test_many_problems_are_counted_not_all_printed(bundled: Path, tmp_path: Path, runner: CliRunner) -> None:
    folder = _copy(bundled, tmp_path)
    with (folder / "actors.csv").open("a", encoding="utf-8") as f:
        for i in range(5000):
            f.write(f"X{i},Name,no-such-kind,s\n")
    err = _refused(runner, "validate", str(folder))
    assert err.startswith("Error: 5,000 problems in dataset:\n")
    assert err.endswith("  ... and 4,800 more\n")


# ---------------------------------------------------------------------------- workbooks


@pytest.fixture
def book(bundled: Path, tmp_path: Path) -> Path:
    from overlapgraph.ingest import write_dataset

    path = tmp_path / "ds.xlsx"
    write_dataset(read_dataset(bundled), path)
    return path


def _rewrite(book: Path, member: str, change: object) -> None:
    with zipfile.ZipFile(book) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == member:
                data = change(data)  # type: ignore[operator]
            z.writestr(info.filename, data)


def _sheet(book: Path, name: str) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(book, read_only=True)
    index = wb.sheetnames.index(name) + 1
    wb.close()
    return f"xl/worksheets/sheet{index}.xml"


def test_workbook_with_cut_sheet_xml(book: Path, runner: CliRunner) -> None:
    member = _sheet(book, "actions")
    _rewrite(book, member, lambda d: d[: len(d) // 2])
    err = _refused(runner, "validate", str(book))
    assert re.fullmatch(
        r"Error: ds\.xlsx(\[actions\]: the sheet cannot be read, the workbook is damaged|"
        r": not a readable \.xlsx workbook) \(no element found: line 1, column \d+\)\n",
        err,
    ), err


def test_workbook_with_cell_beyond_excel_columns(book: Path, runner: CliRunner) -> None:
    member = _sheet(book, "actions")
    _rewrite(book, member, lambda d: d.replace(b'r="A2"', b'r="ZZZZZZ2"', 1))
    err = _refused(runner, "validate", str(book))
    assert err.startswith("Error: ds.xlsx[actions]: the sheet cannot be read, the workbook is damaged (")
    assert "ZZZZZZ" in err and err.count("\n") == 1


def test_workbook_that_unpacks_enormously_is_refused_before_parsing(book: Path, runner: CliRunner) -> None:
    # A zip bomb: a few hundred KB on disk, more than the documented limit unpacked.
    with (
        zipfile.ZipFile(book, "a", zipfile.ZIP_DEFLATED) as z,
        z.open("xl/bomb.xml", "w", force_zip64=True) as f,
    ):
        chunk = b" " * (1 << 20)
        for _ in range(tables.MAX_XLSX_UNPACKED // len(chunk) + 1):
            f.write(chunk)
    assert book.stat().st_size < 2_000_000
    err = _refused(runner, "validate", str(book))
    assert re.fullmatch(
        r"Error: ds\.xlsx: unpacks to [\d,]+ bytes; a dataset workbook may unpack to at most 209,715,200 "
        r"\(use a folder of CSV tables for more\)\n",
        err,
    ), err


def test_workbook_too_large_on_disk(book: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "MAX_XLSX_BYTES", 1000)
    err = _refused(runner, "validate", str(book))
    assert "a dataset workbook may have at most 1,000 (use a folder of CSV tables for more)" in err


def test_workbook_beyond_row_and_cell_limits(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from overlapgraph.errors import InputError

    monkeypatch.setattr(tables, "MAX_SHEET_ROWS", 5)
    with pytest.raises(InputError, match=r"ds\.xlsx\[priorities\]: more than 5 rows"):
        read_dataset(book)
    monkeypatch.setattr(tables, "MAX_SHEET_ROWS", 1_000_000)
    monkeypatch.setattr(tables, "MAX_XLSX_CELLS", 50)
    with pytest.raises(InputError, match=r"more than 50 cells, the most a dataset workbook may have"):
        read_dataset(book)


def test_workbook_rows_beyond_the_limit_with_a_dimension_lie(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A sheet that claims a million rows and columns: read lazily, stopped at the cell limit.
    member = _sheet(book, "actors")
    _rewrite(book, member, lambda d: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', d))
    monkeypatch.setattr(tables, "MAX_XLSX_CELLS", 100_000)
    assert (
        len(read_dataset(book).actors) == 11
    )  # the claimed dimension is not trusted: rows are read as they are


def _numeric_codes(book: Path, number_format: str) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(book)
    ws = wb["actions"]
    for row in ws.iter_rows(min_row=2):
        cell = row[1]
        if cell.value == "2.1":
            cell.value = 2.1
            cell.number_format = number_format
    ws.append(["THB-2022", 2.10, "CHSG-2", "", "constructed"])
    ws.cell(ws.max_row, 2).number_format = number_format
    wb.save(book)


def test_action_codes_stored_as_numbers_are_explained(book: Path, runner: CliRunner) -> None:
    _numeric_codes(book, "General")
    err = _refused(runner, "validate", str(book))
    assert (
        "ds.xlsx[actions]:4: column 'code': 2.1 is stored as a number, so Excel may have dropped a trailing "
        "zero (2.10 becomes 2.1); store action codes as text (format the column as Text and type the codes "
        "again, or type '2.10)"
    ) in err
    assert "duplicate key" not in err


def test_action_codes_stored_as_numbers_with_fixed_decimals_read_as_shown(book: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(book)
    ws = wb["actions"]
    ws.append(["THB-2022", 2.10, "CHSG-2", "", "constructed"])
    ws.cell(ws.max_row, 2).number_format = "0.00"
    wb.save(book)
    codes = {a.code for a in read_dataset(book).actions}
    assert {"2.1", "2.10"} <= codes
