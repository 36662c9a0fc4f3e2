"""The ``overlapgraph export`` command: formats, guessing from the ending, errors, nothing half-written."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from overlapgraph.cli import cli
from overlapgraph.ingest import write_dataset
from tests.test_export_formats import hostile_dataset


def test_export_xlsx_one_command(runner, bundled, tmp_path):
    out = tmp_path / "synergies.xlsx"
    result = runner.invoke(cli, ["export", str(bundled), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"Wrote {out}\n"
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "About"
    assert wb["Synergies"]["B2"].value == "MS" and wb["Synergies"]["D2"].value == "THB"


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("csv", "tables"), ("json", "s.json"), ("graphml", "g.graphml"), ("gexf", "g.gexf"), ("json", "s.txt")],
)
def test_export_each_format(runner, bundled, tmp_path, fmt, name):
    out = tmp_path / name
    result = runner.invoke(cli, ["export", str(bundled), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_dir() if fmt == "csv" else out.is_file()
    if fmt == "json":
        assert json.loads(out.read_text("utf-8"))["tables"]["reciprocity"]["rows"][0]["priority"] == "THB"


def test_format_guessed_from_ending(runner, bundled, tmp_path):
    result = runner.invoke(cli, ["export", str(bundled), "-o", str(tmp_path / "g.gexf")])
    assert result.exit_code == 0
    assert (tmp_path / "g.gexf").read_text("utf-8").startswith("<?xml")


def test_unknown_ending_needs_format(runner, bundled, tmp_path):
    result = runner.invoke(cli, ["export", str(bundled), "-o", str(tmp_path / "x.ods")])
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for --format: cannot tell the format from 'x.ods'; give --format\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_csv_onto_a_file_is_refused(runner, bundled, tmp_path):
    f = tmp_path / "plain"
    f.write_text("keep")
    result = runner.invoke(cli, ["export", str(bundled), "--format", "csv", "-o", str(f)])
    assert result.exit_code == 2
    assert f"{f}: csv writes a folder, but this is a file" in result.stderr
    assert f.read_text() == "keep"


def test_invalid_dataset_writes_nothing(runner, tmp_path):
    ds_dir = tmp_path / "ds"
    write_dataset(hostile_dataset(), ds_dir)
    (ds_dir / "overlaps.csv").write_text(
        "oap_id,action_code,target_priority,note,source\nAAA-2022,1.1,NOPE,,x\n", encoding="utf-8"
    )
    out = tmp_path / "out.xlsx"
    result = runner.invoke(cli, ["export", str(ds_dir), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: 1 problem in dataset:\n")
    assert "overlaps.csv:2: column 'target_priority'" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_hostile_dataset_through_the_cli(runner, tmp_path):
    ds_dir = tmp_path / "ds"
    write_dataset(hostile_dataset(), ds_dir)
    out = tmp_path / "out"
    result = runner.invoke(cli, ["export", str(ds_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = (out / "declarations.csv").read_text("utf-8-sig")
    assert "'+cmd|' /C calc'!A0" in text and "'-2+3" in text


@pytest.mark.neo4j
def test_export_from_neo4j_equals_export_from_files(runner, bundled, neo4j_db, tmp_path):
    from overlapgraph.ingest import read_dataset
    from overlapgraph.store import load_dataset

    load_dataset(read_dataset(bundled), neo4j_db)
    env = {
        "NEO4J_URI": neo4j_db.uri,
        "NEO4J_DATABASE": neo4j_db.database,
        "NEO4J_PASSWORD": neo4j_db.password,
    }
    from_db = runner.invoke(cli, ["export", "--neo4j", "-o", str(tmp_path / "db.json")], env=env)
    assert from_db.exit_code == 0, from_db.output
    from_files = runner.invoke(cli, ["export", str(bundled), "-o", str(tmp_path / "files.json")])
    assert from_files.exit_code == 0
    db = json.loads((tmp_path / "db.json").read_text("utf-8"))
    files = json.loads((tmp_path / "files.json").read_text("utf-8"))
    assert db["tables"] == files["tables"]
    assert db["tables"]["synergies"]["rows"][0]["declared_count"] == 16  # THB-MS, 13607/21 §2.2 line 128
