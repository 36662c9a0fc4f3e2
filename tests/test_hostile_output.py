"""Issue 17, outputs: no data loss (inputs are never written), others' files need --force, one-line faults.

The destinations are made by the tests (constructed); items done by earlier work (issue 13: `-o ''`,
/dev/full, folders in place of files, all or nothing, modes, formula neutralising) are checked here
again under the reproductions of issue 17.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from overlapgraph.cli import cli

pytestmark = pytest.mark.constructed


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _one_error(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if not line.startswith(("Warning: ", "thb.txt: "))]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr  # parse's notes come first
    return lines[0]


@pytest.fixture
def ds(bundled: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "DS"
    shutil.copytree(bundled, folder)
    return folder


@pytest.mark.parametrize(
    "args",
    [
        ["export", "{ds}", "--format", "csv", "-o", "{ds}"],
        ["report", "{ds}", "-o", "{ds}"],
        ["report", "{ds}", "-o", "{ds}/sub"],
        ["draw", "{ds}", "-o", "{ds}/p.html"],
        ["export", "{ds}", "-o", "{ds}/x.xlsx", "--force"],  # --force never lets an input be written
        ["parse", "{docs}", "-o", "{docs}/d.xlsx"],
    ],
)
def test_an_output_inside_an_input_is_refused(
    runner: CliRunner, ds: Path, tmp_path: Path, thb_document: Path, args: list[str]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    doc = docs / "thb.txt"
    shutil.copy(thb_document, doc)
    argv = [a.format(ds=ds, doc=doc, docs=docs) for a in args]
    before = _snapshot(tmp_path)
    line = _one_error(runner.invoke(cli, argv))
    assert "is an input of this command" in line or "lies inside the input" in line, line
    assert _snapshot(tmp_path) == before
    assert sorted(p.name for p in ds.iterdir()) == sorted(p.name for p in Path(ds).iterdir())
    assert runner.invoke(cli, ["validate", str(ds)]).exit_code == 0


def test_export_into_the_dataset_message(runner: CliRunner, ds: Path) -> None:
    line = _one_error(runner.invoke(cli, ["export", str(ds), "--format", "csv", "-o", str(ds)]))
    assert line.startswith(f"Error: {ds}/")
    assert line.endswith(
        f": lies inside the input {ds}; writing there would change the input: give a destination outside it"
    )


def test_a_file_the_tool_did_not_write_needs_force(runner: CliRunner, tmp_path: Path, bundled: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    mine = out / "synergies.csv"
    mine.write_text("my own notes\n")
    line = _one_error(runner.invoke(cli, ["report", str(bundled), "-o", str(out)]))
    assert line == (
        f"Error: {mine}: exists and overlapgraph did not write it (or it was changed since); "
        "give another destination, remove the file, or use --force to replace it"
    )
    assert mine.read_text() == "my own notes\n"
    assert sorted(p.name for p in out.iterdir()) == ["synergies.csv"]  # nothing else written, no temporaries
    assert runner.invoke(cli, ["report", str(bundled), "-o", str(out), "--force"]).exit_code == 0
    assert mine.read_text(encoding="utf-8-sig").startswith("rank,priority_a")


def test_the_tool_replaces_its_own_files_unless_changed(
    runner: CliRunner, tmp_path: Path, bundled: Path
) -> None:
    out = tmp_path / "out"
    for _ in range(2):  # the second run replaces what the first wrote
        assert runner.invoke(cli, ["report", str(bundled), "-o", str(out)]).exit_code == 0
    for fmt, dest in (("xlsx", out / "s.xlsx"), ("csv", out / "tables")):
        for _ in range(2):
            r = runner.invoke(cli, ["export", str(bundled), "--format", fmt, "-o", str(dest)])
            assert r.exit_code == 0, r.output
    for _ in range(2):
        assert (
            runner.invoke(
                cli,
                [
                    "parse",
                    str(bundled.parent / "sources" / "oap-2022-thb-13607-21.txt"),
                    "-o",
                    str(out / "parsed"),
                ],
            ).exit_code
            == 0
        )
    page = out / "network.html"
    page.write_text(page.read_text(encoding="utf-8") + "<!-- my edit -->", encoding="utf-8")
    line = _one_error(runner.invoke(cli, ["report", str(bundled), "-o", str(out)]))
    assert line.startswith(
        f"Error: {page}: exists and overlapgraph did not write it (or it was changed since)"
    )
    assert page.read_text(encoding="utf-8").endswith("<!-- my edit -->")


def test_library_writes_are_unguarded(tmp_path: Path) -> None:
    # The guard belongs to the commands; a program using the library decides for itself.
    from overlapgraph.output import write_text

    target = tmp_path / "x.txt"
    target.write_text("old")
    write_text(target, "new")
    assert target.read_text() == "new"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "{b}", "-o", ""], "Error: -o: empty path: give a file name"),
        (["export", "{b}", "-o", "/dev/full", "--format", "json"], "/dev/full"),
        (["draw", "{b}", "-o", "/dev/full", "--force"], "Error: /dev/full: is a device, not a regular file"),
    ],
)
def test_already_done_destinations(runner: CliRunner, bundled: Path, args: list[str], message: str) -> None:
    line = _one_error(runner.invoke(cli, [a.format(b=bundled) for a in args]))
    assert message in line
    assert Path("/dev/full").is_char_device()


def test_html_name_that_is_a_folder(runner: CliRunner, tmp_path: Path, bundled: Path) -> None:
    out = tmp_path / "OUT"
    (out / "network.html").mkdir(parents=True)
    line = _one_error(runner.invoke(cli, ["report", str(bundled), "-o", str(out)]))
    assert line == f"Error: {out / 'network.html'}: is a folder, not a regular file; give a file name"
    assert sorted(p.name for p in out.iterdir()) == ["network.html"]
    assert list((out / "network.html").iterdir()) == []


def test_a_name_too_long_and_a_path_under_a_file(runner: CliRunner, tmp_path: Path, bundled: Path) -> None:
    long = tmp_path / ("x" * 250 + ".html")
    line = _one_error(runner.invoke(cli, ["draw", str(bundled), "-o", str(long)]))
    assert "File name too long" in line
    (tmp_path / "f").write_text("file")
    line = _one_error(runner.invoke(cli, ["draw", str(bundled), "-o", str(tmp_path / "f" / "p.html")]))
    under = tmp_path / "f"
    assert line == f"Error: {under / 'p.html'}: cannot write under {under}: it is a file, not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]


def test_parse_files_get_usual_modes(runner: CliRunner, tmp_path: Path, thb_document: Path) -> None:
    import os
    import stat

    old = os.umask(0o022)
    try:
        assert runner.invoke(cli, ["parse", str(thb_document), "-o", str(tmp_path / "p")]).exit_code == 0
    finally:
        os.umask(old)
    assert {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "p").iterdir()} == {0o644}
