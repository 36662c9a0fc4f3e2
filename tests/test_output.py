"""The one file writer and the one CSV policy (overlapgraph.output), for every file the tool writes.

Inputs are CONSTRUCTED by the tests: the bundled dataset with formula payloads put into its priority
names, goal, OAP and action titles, actor names, overlap notes and sources.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import fields, replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from overlapgraph import read_dataset
from overlapgraph.cli import cli
from overlapgraph.errors import OutputError, OverlapGraphError
from overlapgraph.export import export_dataset
from overlapgraph.export.results import format_rows
from overlapgraph.ingest.schema import TABLES, record_to_row
from overlapgraph.ingest.tables import write_dataset_csv, write_dataset_xlsx
from overlapgraph.model import Dataset
from overlapgraph.output import (
    FORMULA_PREFIXES,
    OutputSet,
    check_destination,
    csv_text,
    neutralise,
    unneutralise,
)
from overlapgraph.pipeline import write_report
from tests.conftest import BUNDLED, THB_2022

#: Formula and DDE payloads (OWASP CSV injection), tab- and CR-prefixed ones included.
PAYLOADS = (
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1+2",
    "@SUM(1)",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
)

REPORT_FILES = ["matrix.html", "network-actions.html", "network-actors.html", "network.html", "synergies.csv"]


def payload_dataset() -> Dataset:
    """CONSTRUCTED: the bundled dataset with a formula payload in every free-text field."""
    ds = read_dataset(BUNDLED)
    n = itertools.count()

    def p() -> str:
        i = next(n)
        return f"{PAYLOADS[i % len(PAYLOADS)]} #{i}"

    return replace(
        ds,
        priorities=[replace(x, name=p(), source=p()) for x in ds.priorities],
        goals=[replace(x, title=p(), source=p()) for x in ds.goals],
        oaps=[replace(x, title=p(), source=p()) for x in ds.oaps],
        actors=[replace(x, name=p(), source=p()) for x in ds.actors],
        actions=[replace(x, title=p(), source=p()) for x in ds.actions],
        overlaps=[replace(x, note=p(), source=p()) for x in ds.overlaps],
        name="payloads (constructed)",
    )


def write_raw_csv(ds: Dataset, folder: Path) -> Path:
    """The dataset as a user's program would write it: plain CSV, formulas as they are."""
    folder.mkdir(parents=True)
    for spec in TABLES.values():
        with open(folder / spec.filename, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\r\n")  # so that cells holding a CR are quoted
            w.writerow(spec.header)
            w.writerows(record_to_row(r) for r in getattr(ds, spec.name))
    return folder


@pytest.fixture(scope="module")
def payloads() -> Dataset:
    return payload_dataset()


@pytest.fixture
def payload_folder(payloads: Dataset, tmp_path: Path) -> Path:
    return write_raw_csv(payloads, tmp_path / "payloads")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_csv_inert(text: str) -> int:
    """No cell a spreadsheet would run; returns how many cells were neutralised (start with "'")."""
    neutralised = 0
    for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")):
        for cell in row:
            assert not (cell.startswith(FORMULA_PREFIXES) and not _is_number(cell)), cell
            neutralised += cell.startswith("'") and unneutralise(cell) != cell
    return neutralised


def assert_xlsx_inert(path: Path) -> int:
    """No formula cell in the workbook; returns how many formula-like texts it holds as text."""
    texts = 0
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str) and c.value.startswith(FORMULA_PREFIXES):
                    assert c.quotePrefix, (ws.title, c.coordinate, c.value)
                    texts += 1
    return texts


def temporaries(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith(".") and p.name.endswith(".tmp")]


def one_error_line(result: object) -> str:
    r: object = result
    assert getattr(r, "exit_code") == 1, getattr(r, "output")  # noqa: B009
    err = getattr(r, "stderr")  # noqa: B009
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    return str(lines[0])


# ---------------------------------------------------------------------------- the CSV policy


def test_csv_text_neutralises_every_payload_whatever_the_separator() -> None:
    rows = [{"text": t, "n": -1.5} for t in PAYLOADS]
    for sep in (",", ";", "\t"):
        text = csv_text(rows, sep=sep)
        back = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
        assert back[0] == ["text", "n"]
        assert [r[0] for r in back[1:]] == ["'" + t for t in PAYLOADS]
        assert [r[1] for r in back[1:]] == ["-1.5"] * len(PAYLOADS)  # numbers stay numbers
        assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "").replace("\r=", "")


def test_csv_text_of_a_frame_equals_that_of_its_rows() -> None:
    import pandas as pd

    df = pd.DataFrame({"a": ["=1", "x", None], "b": [1, 2, 3], "c": [0.5, float("nan"), -2.0]})
    records: list[dict[str, object]] = df.to_dict("records")  # type: ignore[assignment]
    assert csv_text(df) == csv_text(records) == "a,b,c\r\n'=1,1,0.5\r\nx,2,\r\n,3,-2.0\r\n"
    assert csv_text([]) == ""


def test_unneutralise_undoes_neutralise() -> None:
    for t in [*PAYLOADS, "'=x", "''+1", "'", "it's", "", "plain"]:
        assert unneutralise(neutralise(t)) == t  # type: ignore[arg-type]


def test_query_csv_is_neutralised() -> None:
    text = format_rows(["name", "n"], [[t, -1] for t in PAYLOADS], "csv")
    assert assert_csv_inert(text) == len(PAYLOADS)


def test_cli_csv_helper_is_neutralised() -> None:
    from overlapgraph.cli.analysis import _csv

    text = _csv([{"reason": t, "items": [t, "x"]} for t in PAYLOADS])
    assert assert_csv_inert(text) == 2 * len(PAYLOADS)


# ---------------------------------------------------------------------------- no formula reaches a file


def test_report_csv_is_neutralised(payloads: Dataset, tmp_path: Path) -> None:
    write_report(payloads, tmp_path / "out")
    raw = (tmp_path / "out" / "synergies.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert assert_csv_inert(raw.decode("utf-8")) > 0  # name_a / name_b carry the payloads


def test_export_csv_folder_is_neutralised(payloads: Dataset, tmp_path: Path) -> None:
    files = export_dataset(payloads, "csv", tmp_path / "out")
    seen = sum(assert_csv_inert(f.read_text(encoding="utf-8")) for f in files)
    assert seen >= len(payloads.actions) + len(payloads.overlaps)


def test_export_xlsx_has_no_formula(payloads: Dataset, tmp_path: Path) -> None:
    export_dataset(payloads, "xlsx", tmp_path / "x.xlsx")
    assert assert_xlsx_inert(tmp_path / "x.xlsx") > 0


def test_dataset_csv_is_neutralised_and_reads_back_as_written(payloads: Dataset, tmp_path: Path) -> None:
    write_dataset_csv(payloads, tmp_path / "ds")
    seen = 0
    for spec in TABLES.values():
        raw = (tmp_path / "ds" / spec.filename).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), spec.filename
        seen += assert_csv_inert(raw.decode("utf-8"))
    assert seen > 0
    back = read_dataset(tmp_path / "ds")
    # the reader strips the blanks around cells: tab- and CR-prefixed payloads lose them
    stripped = {
        table: [replace(r, **{k: v.strip() for k, v in _texts(r).items()}) for r in rows]  # type: ignore[type-var]
        for table, rows in payloads.records()
    }
    for table, records in back.records():
        assert records == stripped[table], table


def _texts(record: object) -> dict[str, str]:
    return {f.name: v for f in fields(record) if isinstance(v := getattr(record, f.name), str)}  # type: ignore[arg-type]


def test_dataset_xlsx_has_no_formula_and_reads_back(payloads: Dataset, tmp_path: Path) -> None:
    write_dataset_xlsx(payloads, tmp_path / "ds.xlsx")
    assert assert_xlsx_inert(tmp_path / "ds.xlsx") > 0
    back = read_dataset(tmp_path / "ds.xlsx")
    assert [p.name.strip() for p in payloads.priorities] == [p.name for p in back.priorities]


def test_cli_stdout_csv_is_neutralised(
    runner: CliRunner, payloads: Dataset, payload_folder: Path, tmp_path: Path
) -> None:
    last = payloads.actions[-1]  # CONSTRUCTED: one action fewer, so that diff prints its payload title
    fewer = replace(
        payloads,
        actions=payloads.actions[:-1],
        overlaps=[o for o in payloads.overlaps if o.action_code != last.code],
        participations=[x for x in payloads.participations if x.action_code != last.code],
    )
    fewer_folder = write_raw_csv(fewer, tmp_path / "fewer")
    for args in (
        ["synergies", str(payload_folder), "--format", "csv"],
        ["synergies", str(payload_folder), "--per-action", "--format", "csv"],
        ["diff", str(payload_folder), str(fewer_folder), "--format", "csv"],
        ["diff", str(fewer_folder), str(payload_folder), "--format", "csv"],
    ):
        r = runner.invoke(cli, args)
        assert r.exit_code == 0, (args, r.output)
        assert r.stdout.count("\n") > 1, args
        assert not r.stdout.startswith("\ufeff")  # no BOM on stdout
        neutralised = assert_csv_inert(r.stdout)
        if args[0] == "diff":  # the removed / added action's title
            assert neutralised > 0, r.stdout


def test_cli_files_from_payload_input_are_inert(
    runner: CliRunner, payload_folder: Path, tmp_path: Path
) -> None:
    assert runner.invoke(cli, ["report", str(payload_folder), "-o", str(tmp_path / "rep")]).exit_code == 0
    assert assert_csv_inert((tmp_path / "rep" / "synergies.csv").read_text("utf-8")) > 0
    assert runner.invoke(cli, ["export", str(payload_folder), "-o", str(tmp_path / "csv")]).exit_code == 0
    assert sum(assert_csv_inert(f.read_text("utf-8")) for f in (tmp_path / "csv").iterdir()) > 0
    assert runner.invoke(cli, ["export", str(payload_folder), "-o", str(tmp_path / "x.xlsx")]).exit_code == 0
    assert assert_xlsx_inert(tmp_path / "x.xlsx") > 0


# ---------------------------------------------------------------------------- modes from the umask


@pytest.fixture(params=[0o022, 0o077], ids=["umask022", "umask077"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def _modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in sorted(root.rglob("*"))}


def _assert_modes(root: Path, umask: int) -> None:
    modes = _modes(root)
    assert modes
    for name, mode in modes.items():
        want = (0o777 if (root / name).is_dir() else 0o666) & ~umask
        assert mode == want, (name, oct(mode), oct(want))
    assert temporaries(root) == []


def test_modes_of_report_export_parse_and_draw(runner: CliRunner, umask: int, tmp_path: Path) -> None:
    out = tmp_path / "made"  # created by the commands, so its folders follow the umask too
    runs = [
        ["report", str(BUNDLED), "-o", str(out / "report")],
        ["export", str(BUNDLED), "--format", "csv", "-o", str(out / "export" / "csv")],
        *(
            ["export", str(BUNDLED), "-o", str(out / "export" / f"x.{f}")]
            for f in ("xlsx", "json", "graphml", "gexf")
        ),
        ["draw", str(BUNDLED), "-o", str(out / "draw" / "p.html")],
        ["parse", str(THB_2022), "-o", str(out / "parse" / "csv")],
        ["parse", str(THB_2022), "-o", str(out / "parse" / "ds.xlsx")],
    ]
    for args in runs:
        r = runner.invoke(cli, args)
        assert r.exit_code == 0, (args, r.output)
    assert sorted(p.name for p in (out / "report").iterdir()) == REPORT_FILES
    assert len(list((out / "export" / "csv").iterdir())) > 3
    assert len(list((out / "parse" / "csv").iterdir())) == len(TABLES)
    _assert_modes(out, umask)


def test_modes_when_replacing_files(runner: CliRunner, umask: int, tmp_path: Path) -> None:
    target = tmp_path / "p.html"
    target.write_text("old")
    os.chmod(target, 0o600)
    # --force: the old file was not written by the tool (see tests/test_hostile_output.py)
    assert runner.invoke(cli, ["draw", str(BUNDLED), "-o", str(target), "--force"]).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.browser
def test_modes_of_draw_png(runner: CliRunner, umask: int, tmp_path: Path) -> None:
    out = tmp_path / "made"
    r = runner.invoke(
        cli, ["draw", str(BUNDLED), "-o", str(out / "a" / "p.html"), "--png", str(out / "b" / "p.png")]
    )
    assert r.exit_code == 0, r.output
    assert (out / "b" / "p.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    _assert_modes(out, umask)


# ---------------------------------------------------------------------------- all or nothing


def _snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p): (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file()}


def test_report_with_a_folder_where_a_file_goes_replaces_nothing(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "network.html").write_text("old page")
    (out / "synergies.csv").mkdir()
    before = _snapshot(tmp_path)
    line = one_error_line(runner.invoke(cli, ["report", str(BUNDLED), "-o", str(out)]))
    assert line == f"Error: {out / 'synergies.csv'}: is a folder, not a regular file; give a file name"
    assert _snapshot(tmp_path) == before
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("blocked", ["afile/p.png", "/proc/overlapgraph-test.png", "/proc/none/p.png"])
def test_draw_png_blocked_replaces_no_html(runner: CliRunner, tmp_path: Path, blocked: str) -> None:
    (tmp_path / "afile").write_text("a file, not a folder")
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "p.html").write_text("old page")
    before = _snapshot(tmp_path)
    png = tmp_path / blocked if not blocked.startswith("/") else Path(blocked)
    r = runner.invoke(
        cli, ["draw", str(BUNDLED), "-o", str(tmp_path / "ok" / "p.html"), "--png", str(png), "--force"]
    )
    line = one_error_line(r)
    assert str(png) in line
    assert _snapshot(tmp_path) == before
    assert temporaries(tmp_path) == []


def test_draw_failing_screenshot_replaces_no_html(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The destinations are fine; the screenshot fails after the HTML is staged (no Chromium here).
    monkeypatch.setenv("OVERLAPGRAPH_CHROMIUM", str(tmp_path / "no-chromium"))
    (tmp_path / "p.html").write_text("old page")
    before = _snapshot(tmp_path)
    r = runner.invoke(
        cli,
        [
            "draw",
            str(BUNDLED),
            "-o",
            str(tmp_path / "p.html"),
            "--png",
            str(tmp_path / "new" / "p.png"),
            "--force",
        ],
    )
    assert "Chromium not found" in one_error_line(r)
    assert _snapshot(tmp_path) == before
    assert not (tmp_path / "new").exists()  # the folder it made for the PNG is removed again
    assert temporaries(tmp_path) == []


def test_draw_png_without_playwright_is_one_error_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "playwright", None)  # as if `pip install` had not brought it
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    r = runner.invoke(
        cli, ["draw", str(BUNDLED), "-o", str(tmp_path / "p.html"), "--png", str(tmp_path / "p.png")]
    )
    line = one_error_line(r)
    assert "needs the Python package playwright" in line and "pip install" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["draw", str(BUNDLED), "-o", "/dev/full"], "Error: /dev/full: is a device, not a regular file"),
        (["draw", str(BUNDLED), "--png", "/dev/full"], "Error: /dev/full: is a device, not a regular file"),
        (["export", str(BUNDLED), "-o", "/dev/full", "--format", "json"], "Error: /dev/full: is a device"),
        (["export", str(BUNDLED), "-o", "/dev/full", "--format", "xlsx"], "Error: /dev/full: is a device"),
        (["report", str(BUNDLED), "-o", "/dev/full"], "Error: /dev/full: exists and is not a folder"),
        (["draw", str(BUNDLED), "-o", ""], "Error: -o: empty path"),
        (["draw", str(BUNDLED), "--png", ""], "Error: --png: empty path"),
        (["export", str(BUNDLED), "-o", ""], "Error: -o: empty path"),
        (["report", str(BUNDLED), "-o", ""], "Error: -o: empty path"),
        (["parse", str(THB_2022), "-o", ""], "Error: -o: empty path"),
    ],
    ids=lambda v: "-".join(v[:1] + v[2:]).replace("/", "") if isinstance(v, list) else "",
)
def test_unusable_destinations_are_one_error_line(runner: CliRunner, args: list[str], message: str) -> None:
    r = runner.invoke(cli, args)
    assert one_error_line(r).startswith(message)


def test_the_same_file_twice_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    f = str(tmp_path / "p.html")
    line = one_error_line(runner.invoke(cli, ["draw", str(BUNDLED), "-o", f, "--png", f]))
    assert line == f"Error: {f}: given twice for this command"
    assert list(tmp_path.iterdir()) == []


def test_export_under_a_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("keep")
    line = one_error_line(
        runner.invoke(cli, ["export", str(BUNDLED), "-o", str(tmp_path / "afile" / "x.xlsx")])
    )
    assert line == (
        f"Error: {tmp_path / 'afile' / 'x.xlsx'}: cannot write under {tmp_path / 'afile'}: "
        "it is a file, not a folder"
    )
    assert (tmp_path / "afile").read_text() == "keep"


# ---------------------------------------------------------------------------- OutputSet itself


def test_output_set_commits_only_on_success(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("old")
    with pytest.raises(RuntimeError, match="boom"):
        with OutputSet() as out:
            out.write_text(tmp_path / "new" / "deeper" / "a.txt", "a")
            out.write_text(tmp_path / "b.txt", "b")
            raise RuntimeError("boom")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.txt"]  # the folders it made are gone
    assert (tmp_path / "b.txt").read_text() == "old"
    with OutputSet() as out:
        out.write_text(tmp_path / "new" / "a.txt", "a")
        out.write_bytes(tmp_path / "b.txt", b"b")
    assert out.files == [tmp_path / "new" / "a.txt", tmp_path / "b.txt"]
    assert (tmp_path / "b.txt").read_text() == "b" and temporaries(tmp_path) == []


def test_a_failed_write_names_the_destination(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"^.*/x\.txt: No space left on device$"):
        with OutputSet() as out:
            tmp = out.file(tmp_path / "x.txt")
            raise OSError(28, "No space left on device", str(tmp))
    assert list(tmp_path.iterdir()) == []


def test_reserved_but_not_written_is_a_bug_and_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="reserved but not written"):
        with OutputSet() as out:
            out.reserve(tmp_path / "a", tmp_path / "b")
            out.write_text(tmp_path / "a", "a")
    assert list(tmp_path.iterdir()) == []


def test_symlinks(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("old")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dirlink").symlink_to(tmp_path / "dir")
    (tmp_path / "dangling").symlink_to(tmp_path / "nothing")
    with OutputSet() as out:
        out.write_text(tmp_path / "link.txt", "new")
    assert (tmp_path / "link.txt").is_symlink() and (tmp_path / "real.txt").read_text() == "new"
    assert out.files == [tmp_path / "link.txt"]
    with pytest.raises(OutputError, match="dirlink: is a symlink to a folder"):
        check_destination(tmp_path / "dirlink")
    with pytest.raises(OutputError, match="dangling: is a symlink to nothing"):
        check_destination(tmp_path / "dangling")
    with pytest.raises(OutputError, match="dir: is a folder, not a regular file"):
        check_destination(tmp_path / "dir")
    assert isinstance(OutputError("x"), OverlapGraphError)


def test_playwright_comes_with_the_readme_install() -> None:
    # `python3 -m pip install .` (the README's Quickstart) must bring what `draw --png` imports.
    import tomllib

    from tests.conftest import REPO

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(d.startswith("playwright") for d in project["dependencies"])
    assert not any(
        d.startswith("playwright") for extra in project["optional-dependencies"].values() for d in extra
    )
