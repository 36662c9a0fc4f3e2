"""CLI conventions: --quiet/--verbose, --format choices, data on stdout, progress on stderr, completion."""

from __future__ import annotations

import csv
import io
import os
import subprocess
from pathlib import Path

import click
import pytest

from overlapgraph.cli import cli
from tests.conftest import BUNDLED, REPO

CONSTRUCTED = REPO / "data" / "constructed-2023"
REPORT_FILES = ["matrix.html", "network-actions.html", "network-actors.html", "network.html", "synergies.csv"]


def test_report_prints_wrote_lines_on_stderr_by_default(runner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["report", str(BUNDLED), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert sorted(result.stderr.splitlines()) == [f"Wrote {tmp_path / f}" for f in REPORT_FILES]
    assert "Wrote" not in result.stdout


def test_quiet_keeps_data_and_drops_progress(runner, tmp_path: Path) -> None:
    loud = runner.invoke(cli, ["report", str(BUNDLED), "-o", str(tmp_path / "a")])
    quiet = runner.invoke(cli, ["-q", "report", str(BUNDLED), "-o", str(tmp_path / "b")])
    assert quiet.exit_code == 0
    assert quiet.stderr == ""
    assert quiet.stdout == loud.stdout  # the summary is data: it stays
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == REPORT_FILES


def test_quiet_still_shows_errors(runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    result = runner.invoke(cli, ["--quiet", "validate", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")


def test_verbose_says_what_was_read(runner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--verbose", "draw", str(BUNDLED), "-o", str(tmp_path / "p.html")])
    assert result.exit_code == 0, result.stderr
    first, wrote = result.stderr.splitlines()
    # 15 priorities, 17 actions and 50 overlaps: data/empact-2022 (13607/21), as the README states.
    assert first.startswith(f"Read {BUNDLED} in ")
    assert first.endswith(
        "s: 15 priorities, 1 OAPs, 9 goals, 17 actions, 11 actors, 0 participations, 50 declared overlaps"
    )
    assert wrote == f"Wrote {tmp_path / 'p.html'}"


def test_quiet_and_verbose_conflict(runner) -> None:
    result = runner.invoke(cli, ["-q", "-v", "validate", str(BUNDLED)])
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: --quiet cannot be used with --verbose\n")


def _format_choices(cmd: click.Command) -> list[str] | None:
    for p in cmd.params:
        if p.name == "fmt" and isinstance(p.type, click.Choice):
            assert p.opts == ["--format"], f"{cmd.name}: --format has no short alias anywhere"
            return list(p.type.choices)
    return None


def _commands(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
    out: dict[str, click.Command] = {}
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            out.update(_commands(cmd, f"{prefix}{name} "))
        else:
            out[prefix + name] = cmd
    return out


def test_printed_tables_offer_the_same_formats() -> None:
    choices = {n: _format_choices(c) for n, c in _commands(cli).items()}
    printing = {n: c for n, c in choices.items() if c is not None and n not in ("export", "brief")}  # files
    assert sorted(printing) == ["cypher", "diff", "query run", "synergies"]
    assert all(c == ["table", "csv", "json"] for c in printing.values()), printing
    # export writes files, so its formats are file formats.
    assert choices["export"] == ["csv", "xlsx", "json", "graphml", "gexf"]


def test_diff_csv_one_row_per_change(runner) -> None:
    result = runner.invoke(cli, ["diff", str(BUNDLED), str(CONSTRUCTED), "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["item", "change", "key", "detail", "before", "after"]
    # constructed-2023/README.md: OA 8.1 of THB-2023 is newly declared towards FT.
    assert {"item": "synergy", "change": "added", "key": "FT - THB"}.items() <= next(
        r for r in rows if r["key"] == "FT - THB"
    ).items()
    assert result.stderr.startswith("Note: ")  # notes are not data


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_script(shell: str) -> None:
    env = {**os.environ, "_OVERLAPGRAPH_COMPLETE": f"{shell}_source"}
    proc = subprocess.run(["overlapgraph"], env=env, capture_output=True, text=True)
    assert proc.returncode == 0
    assert "_OVERLAPGRAPH_COMPLETE" in proc.stdout


def test_shell_completion_completes_commands() -> None:
    env = {
        **os.environ,
        "_OVERLAPGRAPH_COMPLETE": "bash_complete",
        "COMP_WORDS": "overlapgraph re",
        "COMP_CWORD": "1",
    }
    proc = subprocess.run(["overlapgraph"], env=env, capture_output=True, text=True)
    assert proc.stdout.split() == ["plain,report"]
