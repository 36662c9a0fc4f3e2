"""CLI conventions: help with an example everywhere, --version, exit codes and exact messages."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from overlapgraph import __version__
from overlapgraph.cli import cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for name, cmd in sorted(group.commands.items()):
        out.append((*prefix, name))
        if isinstance(cmd, click.Group):
            out += _commands(cmd, (*prefix, name))
    return out


COMMANDS = _commands(cli)


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"overlapgraph, version {__version__}\n"


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_has_help_with_example(runner: CliRunner, command: tuple[str, ...], flag: str) -> None:
    result = runner.invoke(cli, [*command, flag])
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: overlapgraph {' '.join(command)}")
    cmd: click.Command = cli
    for name in command:
        assert isinstance(cmd, click.Group)
        cmd = cmd.commands[name]
    if not isinstance(cmd, click.Group):
        assert "Example:" in result.output
        assert "overlapgraph " + " ".join(command) in result.output.split("Example:", 1)[1]


def test_validate_bundled_exact_output(runner: CliRunner, bundled: Path) -> None:
    result = runner.invoke(cli, ["validate", str(bundled)])
    assert result.exit_code == 0
    assert result.stdout == (
        f"{bundled}: valid: 15 priorities, 1 OAPs, 9 goals, 17 actions, 11 actors, "
        "0 participations, 50 declared overlaps\n"
    )
    assert result.stderr == ""


def test_report_prints_summary_on_stdout_and_files_on_stderr(
    runner: CliRunner, bundled: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(cli, ["report", str(bundled), "-o", str(out), "--top", "2"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"{bundled} (period 2022): 15 priorities, 1 OAPs, 9 goals, 17 actions, 11 actors, 0 participations, "
        "50 declared overlaps"
    )
    assert lines[3].startswith("  1. MS - THB: score ")
    assert lines[4].startswith("  2. CFMLAR - THB: score ")
    assert sorted(result.stderr.splitlines()) == sorted(f"Wrote {p}" for p in out.iterdir())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate"], "Error: Missing argument 'DATASET|DOCUMENT...'."),
        (["report", "data/empact-2022"], "Error: Missing option '-o' / '--output'."),
        (
            ["report", "-o", "x"],
            "Error: missing input: give a dataset folder, workbook or OAP documents, or --neo4j",
        ),
        (["report", "--top", "-1", "-o", "x", "data/empact-2022"], "Error: Invalid value for '--top'"),
        (["nosuchcommand"], "Error: No such command 'nosuchcommand'."),
        (["validate", "/nonexistent/path"], "Error: Invalid value for 'DATASET|DOCUMENT...'"),
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_report_into_a_file_is_a_user_error(runner: CliRunner, bundled: Path, tmp_path: Path) -> None:
    target = tmp_path / "afile"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["report", str(bundled), "-o", str(target)])
    assert result.exit_code in (1, 2)
    assert result.stderr.startswith(("Error:", "Usage:"))
    assert target.read_text(encoding="utf-8") == "x"


def test_python_m_entry_point() -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "overlapgraph", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"overlapgraph, version {__version__}"
