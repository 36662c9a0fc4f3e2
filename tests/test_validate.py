"""Bad-input matrix for `validate` and `report`: every broken dataset gives its precise message."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from overlapgraph import ValidationError, read_dataset
from overlapgraph.cli import cli


def _edit(name: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def _append(name: str, line: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        with (folder / name).open("a", encoding="utf-8") as f:
            f.write(line + "\n")

    return apply


def _write_bytes(name: str, data: bytes) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        (folder / name).write_bytes(data)

    return apply


def _latin1(folder: Path) -> None:
    path = folder / "actors.csv"
    path.write_bytes(path.read_bytes().replace(b"Austria", "Österreich".encode("latin-1")))


# (id, breakage, expected problem lines). Line numbers count the header as line 1.
CASES: list[tuple[str, Callable[[Path], None], list[str]]] = [
    (
        "missing-required-value",
        _edit("priorities.csv", "CA,Cyber-attacks,", "CA,,"),
        ["priorities.csv:3: column 'name': required value is missing"],
    ),
    (
        "unknown-goal",
        _edit("actions.csv", "THB-2022,2.1,CHSG-2,", "THB-2022,2.1,CHSG-22,"),
        ["actions.csv:4: column 'goal_id': unknown goal 'CHSG-22'; did you mean CHSG-2?"],
    ),
    (
        "goal-does-not-match-code",
        _edit("actions.csv", "THB-2022,2.1,CHSG-2,", "THB-2022,2.1,CHSG-3,"),
        ["actions.csv:4: column 'goal_id': action 2.1 serves goal 2, not CHSG-3"],
    ),
    (
        "unknown-target-priority",
        _edit("overlaps.csv", "THB-2022,8.3,OFS,", "THB-2022,8.3,OFX,"),
        ["overlaps.csv:51: column 'target_priority': unknown priority 'OFX'; did you mean OFS?"],
    ),
    (
        "unknown-action",
        _append("overlaps.csv", "THB-2022,7.7,MS,,test"),
        ["overlaps.csv:52: column 'action_code': unknown action 7.7 of THB-2022"],
    ),
    (
        "unknown-actor",
        _append("oap_actors.csv", "THB-2022,XX,partner,test"),
        ["oap_actors.csv:14: column 'actor': unknown actor 'XX'"],
    ),
    (
        "duplicate-key",
        _append("actions.csv", "THB-2022,2.1,CHSG-2,,test"),
        ["actions.csv:19: duplicate key THB-2022/2.1 (first on line 4)"],
    ),
    (
        "bad-year",
        _edit("oaps.csv", "THB-2022,THB,2022,", "THB-2022,THB,20222,"),
        [
            "oaps.csv:2: column 'period': '20222' is not a year or period such as 2022 or 2024-2025 "
            "(years 2000-2100)"
        ],
    ),
    (
        "not-a-number",
        _edit("goals.csv", "CHSG-1,1,", "CHSG-1,one,"),
        ["goals.csv:2: column 'number': 'one' is not a whole number"],
    ),
    (
        "bad-enum",
        _edit("actors.csv", "AT,Austria,member_state", "AT,Austria,country"),
        [
            "actors.csv:2: column 'kind': 'country' is not one of: member_state, eu_agency, "
            "non_eu_country, international_organisation, private_partner"
        ],
    ),
    (
        "wrong-encoding",
        _latin1,
        ["actors.csv:2: not valid UTF-8 (byte 0xd6); save the file as UTF-8"],
    ),
    (
        "empty-file",
        _write_bytes("goals.csv", b""),
        ["goals.csv: file is empty; expected a header row: goal_id,number,label,title,priority,source"],
    ),
    (
        "missing-table",
        lambda folder: (folder / "oaps.csv").unlink(),
        ["oaps.csv: required table is missing"],
    ),
    (
        "unknown-column",
        _edit("actors.csv", "code,name,kind,source", "code,name,kind,source,colour"),
        ["actors.csv:1: column 'colour': unknown column; expected: code, name, kind, source"],
    ),
    (
        "missing-column",
        _edit(
            "overlaps.csv", "oap_id,action_code,target_priority,note,source", "oap_id,action_code,note,source"
        ),
        ["overlaps.csv:1: column 'target_priority': column is missing from the header"],
    ),
    (
        "too-many-fields",
        _append("priorities.csv", "XX,Name,,2022-2025,src,extra"),
        ["priorities.csv:17: 6 fields but the header has 5"],
    ),
    (
        "self-overlap",
        _append("overlaps.csv", "THB-2022,2.1,THB,,test"),
        ["overlaps.csv:52: column 'target_priority': an OAP cannot declare an overlap with its own priority"],
    ),
]


@pytest.fixture
def broken(tmp_path: Path, bundled: Path) -> Path:
    folder = tmp_path / "broken"
    shutil.copytree(bundled, folder)
    return folder


@pytest.mark.parametrize(("breakage", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_validate_reports_precise_problem(
    broken: Path, runner: CliRunner, breakage: Callable[[Path], None], expected: list[str]
) -> None:
    breakage(broken)
    with pytest.raises(ValidationError) as info:
        read_dataset(broken)
    assert [str(p) for p in info.value.problems] == expected

    result = runner.invoke(cli, ["validate", str(broken)])
    assert result.exit_code == 1
    n = len(expected)
    head = f"Error: {n} problem{'s' if n != 1 else ''} in dataset:"
    assert result.stderr == "\n".join([head, *(f"  {e}" for e in expected)]) + "\n"
    assert result.stdout == ""


@pytest.mark.parametrize(("breakage", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_report_writes_nothing_for_invalid_input(
    broken: Path, runner: CliRunner, tmp_path: Path, breakage: Callable[[Path], None], expected: list[str]
) -> None:
    breakage(broken)
    out = tmp_path / "out"
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "keep.txt").write_text("mine", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())

    for target in (out, existing):
        result = runner.invoke(cli, ["report", str(broken), "-o", str(target)])
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: ")
        assert "Traceback" not in result.output
    assert not out.exists()
    assert [p.name for p in existing.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_all_problems_reported_at_once(broken: Path) -> None:
    chosen = [
        "missing-required-value",
        "unknown-goal",
        "unknown-actor",
        "unknown-target-priority",
        "bad-year",
    ]
    cases = {c[0]: c for c in CASES}
    for name in chosen:
        cases[name][1](broken)
    with pytest.raises(ValidationError) as info:
        read_dataset(broken)
    expected = [line for name in chosen for line in cases[name][2]]
    # Reported in table order (priorities, goals, oaps, oap_actors, actions, ..., overlaps).
    assert [str(p) for p in info.value.problems] == [
        expected[0],
        expected[4],
        expected[2],
        expected[1],
        expected[3],
    ]


def test_workbook_problems_name_sheet_and_row(tmp_path: Path, bundled: Path) -> None:
    from openpyxl import load_workbook

    from overlapgraph.ingest import write_dataset

    book = tmp_path / "empact.xlsx"
    write_dataset(read_dataset(bundled), book)
    wb = load_workbook(book)
    assert wb["actions"]["C4"].value == "CHSG-2"
    wb["actions"]["C4"] = "CHSG 2"
    assert wb["overlaps"]["C2"].value == "MS"
    wb["overlaps"]["C2"] = "Migrant smuggling"
    del wb["participations"]  # optional table: its absence is no problem
    wb.save(book)
    with pytest.raises(ValidationError) as info:
        read_dataset(book)
    assert [str(p) for p in info.value.problems] == [
        "empact.xlsx[actions]:4: column 'goal_id': unknown goal 'CHSG 2'; did you mean CHSG-2?",
        "empact.xlsx[overlaps]:2: column 'target_priority': unknown priority 'Migrant smuggling'",
    ]
    del wb["goals"]
    wb.save(book)
    with pytest.raises(ValidationError) as info:
        read_dataset(book)
    # Without the goals sheet, goal references cannot be checked: one problem, not eighteen.
    assert [str(p) for p in info.value.problems] == [
        "empact.xlsx[goals]: required sheet is missing",
        "empact.xlsx[overlaps]:2: column 'target_priority': unknown priority 'Migrant smuggling'",
    ]


def test_not_a_workbook(tmp_path: Path, runner: CliRunner) -> None:
    bad = tmp_path / "data.xlsx"
    bad.write_bytes(b"\x00\x01 not a zip")
    result = runner.invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: data.xlsx: not a readable .xlsx workbook")
    assert result.stderr.count("\n") == 1


def test_not_a_dataset(tmp_path: Path, runner: CliRunner) -> None:
    bad = tmp_path / "data.json"
    bad.write_text("{}", encoding="utf-8")
    result = runner.invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {bad}: not a dataset (a folder of CSV tables or an .xlsx workbook) nor an OAP document "
        "(.txt, .md, .pdf, .docx)\n"
    )
