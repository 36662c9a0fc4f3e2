"""One analysis, one set of numbers: every output shows the same values for a pair under the same names.

For each bundled dataset, the synergy rows of report's synergies.csv, export's csv folder, xlsx workbook
and json file, `synergies --format json` and the data embedded in report's network.html must hold the
same score and the same ``<kind>_count``, ``<kind>_jaccard``, ``<kind>_weighted`` and ``<kind>_items``
for every pair. Also: declared synergies rank first, periods are never mixed.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from overlapgraph.analysis import EVIDENCE_KINDS, AnalysisOptions, analyse
from overlapgraph.cli import cli
from overlapgraph.ingest import read_dataset
from overlapgraph.present import SYNERGY_COLUMNS, synergy_row
from tests.test_render_html import graph_data

REPO = Path(__file__).resolve().parent.parent
DATASETS = {
    "empact-2022": REPO / "data" / "empact-2022",
    "constructed-2023": REPO / "data" / "constructed-2023",
}
VALUES = [
    "score",
    "status",
    *(f"{k}_{m}" for k in EVIDENCE_KINDS for m in ("count", "jaccard", "weighted", "items")),
]


def _norm(v: Any) -> Any:
    """A cell as text, the way a CSV holds it: None and '' alike, numbers as their shortest text."""
    if v is None or v == "":
        return ""
    if isinstance(v, list):
        return "; ".join(v)
    try:
        x = float(v)  # "0.0", 0, 0.0 and "0" are one number
    except (TypeError, ValueError):
        return str(v)
    return str(int(x)) if x.is_integer() else repr(x)


def _by_pair(rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(str(r["priority_a"]), str(r["priority_b"])): {k: _norm(r.get(k)) for k in VALUES} for r in rows}


def _csv_rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_output_gives_a_pair_the_same_numbers(name: str, runner: CliRunner, tmp_path: Path) -> None:
    data = DATASETS[name]
    an = analyse(read_dataset(data))
    expected = _by_pair([synergy_row(an, s) for s in an.synergies])
    assert expected, name

    r = runner.invoke(cli, ["report", str(data), "-o", str(tmp_path / "report")])
    assert r.exit_code == 0, r.output
    outputs: dict[str, list[dict[str, Any]]] = {
        "report csv": _csv_rows(tmp_path / "report" / "synergies.csv")
    }
    page = (tmp_path / "report" / "network.html").read_text(encoding="utf-8")
    edges: list[dict[str, Any]] = graph_data(page)["edges"]  # type: ignore[assignment]
    outputs["report html"] = [e["data"] for e in edges]

    assert runner.invoke(cli, ["export", str(data), "-o", str(tmp_path / "csv")]).exit_code == 0
    outputs["export csv"] = _csv_rows(tmp_path / "csv" / "synergies.csv")
    assert runner.invoke(cli, ["export", str(data), "-o", str(tmp_path / "x.json")]).exit_code == 0
    outputs["export json"] = json.loads((tmp_path / "x.json").read_text("utf-8"))["tables"]["synergies"][
        "rows"
    ]
    assert runner.invoke(cli, ["export", str(data), "-o", str(tmp_path / "x.xlsx")]).exit_code == 0
    ws = load_workbook(tmp_path / "x.xlsx")["Synergies"]
    header, *body = [
        [str(c) if i == 0 else c for c in row] for i, row in enumerate(ws.iter_rows(values_only=True))
    ]
    outputs["export xlsx"] = [dict(zip(map(str, header), row, strict=True)) for row in body]
    js = runner.invoke(cli, ["synergies", str(data), "--format", "json"])
    outputs["synergies json"] = json.loads(js.stdout)
    sv = runner.invoke(cli, ["synergies", str(data), "--format", "csv"])
    outputs["synergies csv"] = list(csv.DictReader(sv.stdout.splitlines()))

    for where, rows in outputs.items():
        assert _by_pair(rows) == expected, where
    # the same column names everywhere the table is written
    assert list(outputs["report csv"][0]) == SYNERGY_COLUMNS == header
    assert list(outputs["synergies json"][0]) == SYNERGY_COLUMNS


def test_declared_synergies_rank_above_co_naming() -> None:
    """On the 2023 data, CFMLAR - THB (THB declares 10 OAs towards CFMLAR) ranks above every pair that is
    only co-named; in 2022, the first co-named pair comes after every THB pair declared on 4 OAs or more."""
    an = analyse(read_dataset(DATASETS["constructed-2023"]))
    rank = {(s.a, s.b): s.rank for s in an.synergies}
    cfmlar_thb = an.pair("CFMLAR", "THB")
    assert cfmlar_thb is not None and cfmlar_thb.count("declared") == 10
    only_co_named = [s for s in an.synergies if s.status == "co-named"]
    assert only_co_named and all(rank[("CFMLAR", "THB")] < s.rank for s in only_co_named)
    cch_ft = an.pair("CCH", "FT")  # one THB action names both: ranked third before evidence was split
    assert cch_ft is not None and cch_ft.status == "co-named" and cch_ft.rank > rank[("CFMLAR", "THB")]


def _two_periods(tmp_path: Path) -> Path:
    """CONSTRUCTED: the 2022 tables and the (constructed) 2023 OAPs in one dataset folder."""
    out = tmp_path / "both"
    shutil.copytree(DATASETS["empact-2022"], out)
    for table in ("oaps", "oap_actors", "actions", "participations", "overlaps", "actors", "goals"):
        extra = DATASETS["constructed-2023"] / f"{table}.csv"
        if not extra.is_file():
            continue
        mine = out / f"{table}.csv"
        have = set(mine.read_text(encoding="utf-8-sig").splitlines()) if mine.is_file() else set()
        lines = extra.read_text(encoding="utf-8-sig").splitlines()
        if not mine.is_file():
            mine.write_text(lines[0] + "\n", encoding="utf-8")
        key_len = {"actors": 1, "goals": 1}.get(table)
        keys = {line.split(",")[0] for line in have} if key_len else set()
        with mine.open("a", encoding="utf-8") as f:
            for line in lines[1:]:
                if line not in have and (not key_len or line.split(",")[0] not in keys):
                    f.write(line + "\n")
    return out


def test_two_periods_in_one_dataset_are_never_mixed(runner: CliRunner, tmp_path: Path) -> None:
    both = read_dataset(_two_periods(tmp_path))
    assert sorted({o.period for o in both.oaps}) == ["2022", "2023"]
    for period, name in (("2022", "empact-2022"), ("2023", "constructed-2023")):
        one = analyse(both, AnalysisOptions(period=period))
        alone = analyse(read_dataset(DATASETS[name]))
        assert [(s.a, s.b, s.count("declared"), s.count("co_named")) for s in one.synergies] == [
            (s.a, s.b, s.count("declared"), s.count("co_named")) for s in alone.synergies
        ]
        assert [d.status for d in one.declarations] == [d.status for d in alone.declarations]
    r = runner.invoke(cli, ["synergies", str(tmp_path / "both"), "--format", "json"])
    assert r.exit_code == 0, r.output
    assert (
        r.stderr.startswith("Warning: ") and "2 periods (2022, 2023): analysing the latest, 2023" in r.stderr
    )
    ms_thb = next(x for x in json.loads(r.stdout) if (x["priority_a"], x["priority_b"]) == ("MS", "THB"))
    assert ms_thb["declared_count"] == 18  # 2023's alone, never 16 + 18 = 34
    bad = runner.invoke(cli, ["synergies", str(tmp_path / "both"), "--period", "2024"])
    assert bad.exit_code == 1
    assert bad.stderr.endswith(
        "no OAP of period 2024 in " + str(tmp_path / "both") + "; its periods: 2022, 2023\n"
    )
