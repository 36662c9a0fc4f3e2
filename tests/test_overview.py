"""The Support Team's overview (issue 15): the directional matrix, the evidence tables, the workbook.

Values are checked against the analysis (synergy_row), never recomputed here. Data: the bundled
data/empact-2022 (real THB 2022) and data/constructed-2023 (constructed).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from overlapgraph.analysis import analyse
from overlapgraph.analysis.core import Analysis
from overlapgraph.cli import cli
from overlapgraph.ingest import read_dataset
from overlapgraph.present.evidence import Evidence, tables_tsv
from overlapgraph.present.matrix import CELL_STATUSES, matrix
from overlapgraph.present.rows import synergy_row
from overlapgraph.render.matrix import render_matrix

from .test_render_html import XSS_IMG, XSS_SCRIPT, xss_dataset

REPO = Path(__file__).resolve().parent.parent
CONSTRUCTED = REPO / "data" / "constructed-2023"


@pytest.fixture(scope="module")
def constructed() -> Analysis:
    return analyse(read_dataset([CONSTRUCTED]))


@pytest.fixture(scope="module")
def real() -> Analysis:
    return analyse(read_dataset([REPO / "data" / "empact-2022"]))


@pytest.mark.parametrize("which", ["real", "constructed"])
def test_matrix_cells_are_the_synergy_rows(which: str, request: pytest.FixtureRequest) -> None:
    an: Analysis = request.getfixturevalue(which)
    m = matrix(an)
    assert sorted(m.order) == sorted(p.code for p in an.dataset.priorities)
    # ordered by community: each community's members are contiguous, in the structure's order
    flat = [p for c in an.structure.communities for p in c]
    assert m.order[: len(flat)] == flat
    rows = {(s.a, s.b): synergy_row(an, s) for s in an.synergies}
    for (r, c), cell in m.cells.items():
        assert cell.status in CELL_STATUSES
        row = rows.get((min(r, c), max(r, c)))
        if row is None:
            assert (cell.count, cell.status) == (0, "none")
            continue
        want = row["declared_a_to_b"] if row["priority_a"] == r else row["declared_b_to_a"]
        assert cell.count == want
        assert len(cell.actions) == (want if want else len(cell.actions))
        if want:
            assert cell.status == row["status"]
    assert sum(m.row_totals.values()) == sum(m.col_totals.values()) == len(an.dataset.overlaps)


def test_matrix_statuses_on_constructed_2023(constructed: Analysis) -> None:
    m = matrix(constructed)
    # data/constructed-2023/README.md: MS and THB declare each other; THB's and MS's declarations
    # towards CSE are one-sided; CSE declares CA only, whose OAP is not loaded.
    assert (m.cell("THB", "MS").status, m.cell("MS", "THB").status) == ("reciprocated", "reciprocated")
    assert (m.cell("THB", "MS").count, m.cell("MS", "THB").count) == (15, 3)
    assert m.cell("THB", "CSE").status == m.cell("MS", "CSE").status == "one-sided"
    assert m.cell("CSE", "THB").status == "none"
    assert m.cell("CSE", "CA").status == "unchecked"
    assert [a[1] for a in m.cell("MS", "THB").actions] == ["OA 1.1", "OA 2.1", "OA 5.1"]


def test_pair_actions_carry_titles_leaders_and_direction(constructed: Analysis) -> None:
    ev = Evidence(constructed)
    acts = ev.pair_actions("MS", "THB")
    row = synergy_row(constructed, constructed.pair("MS", "THB"))  # type: ignore[arg-type]
    assert len([a for a in acts if "→" in a[5]]) == row["declared_count"]
    first = next(a for a in acts if a[0] == "THB-2023" and a[1] == "OA 1.1")
    assert first[2] == "Intelligence picture of THB networks"  # actions.csv
    assert first[4] == "NL"  # participations.csv: NL leads THB-2023 OA 1.1
    assert first[5] == "THB → MS"
    assert {a[5] for a in acts if a[0] == "MS-2023"} == {"MS → THB"}
    text = tables_tsv(ev.pair_tables("MS", "THB"))
    assert text.splitlines()[1] == "oap\tcode\ttitle\tgoal\tleader\tdirection\tsource"


def test_report_writes_the_matrix(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["report", str(CONSTRUCTED), "-o", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "r" / "matrix.html").read_text("utf-8")
    assert 'id="cell-THB--MS"' in page and "Content-Security-Policy" in page


def test_draw_matrix_html(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "m.html"
    result = runner.invoke(cli, ["draw", str(CONSTRUCTED), "--view", "matrix", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "http://" not in out.read_text("utf-8").split("<script")[0]


def test_matrix_page_escapes_every_text() -> None:
    page = render_matrix(analyse(xss_dataset()), f"subtitle {XSS_IMG}")
    assert XSS_IMG not in page and XSS_SCRIPT not in page
    assert "&lt;img src=x onerror=window.__xss=1&gt;" in page


def test_workbook_matrix_sheet_is_coloured(tmp_path: Path, runner: CliRunner, constructed: Analysis) -> None:
    path = tmp_path / "w.xlsx"
    result = runner.invoke(cli, ["export", str(CONSTRUCTED), "--format", "xlsx", "-o", str(path)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(path)
    ws = wb["Matrix"]
    m = matrix(constructed)
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[1:-1] == m.order
    thb = next(r for r in rows if r[0] == "THB")
    assert thb[header.index("MS")] == m.cell("THB", "MS").count == 15
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert len(rules) >= 8
    status = rows[len(m.order) + 4 :]
    assert status[m.order.index("THB")][header.index("CSE")] == "one-sided"
    for sheet in wb.worksheets:
        props = sheet.sheet_properties.pageSetUpPr
        assert sheet.page_setup.orientation == "landscape" and props is not None and props.fitToPage


def test_brief_docx_lists_exactly_the_one_sided_declarations(
    tmp_path: Path, runner: CliRunner, constructed: Analysis
) -> None:
    from docx import Document

    path = tmp_path / "thb.docx"
    result = runner.invoke(cli, ["brief", str(CONSTRUCTED), "--oap", "THB-2023", "-o", str(path)])
    assert result.exit_code == 0, result.output
    doc = Document(str(path))
    follow = next(
        t for t in doc.tables if [c.text for c in t.rows[0].cells][:3] == ["direction", "oap", "code"]
    )
    got = sorted((r.cells[0].text, r.cells[1].text, r.cells[2].text) for r in follow.rows[1:])
    want = sorted(
        (f"{d.priority} → {d.target}", d.oap_id, f"OA {c}")
        for d in constructed.declarations
        if d.status == "one-sided" and "THB" in (d.priority, d.target)
        for c in d.actions
    )
    assert got == want and len(want) == 6  # THB-2023 -> CSE, README of data/constructed-2023
    titles = {r.cells[2].text: r.cells[3].text for r in follow.rows[1:]}
    assert titles["OA 1.1"] == "Intelligence picture of THB networks"
    assert {r.cells[4].text for r in follow.rows[1:]} >= {"NL", "BE"}  # leaders from participations


def test_brief_all_and_formats(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["brief", str(CONSTRUCTED), "--all", "--format", "md", "-o", str(tmp_path / "b")]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "brief-CSE-2023.md",
        "brief-MS-2023.md",
        "brief-THB-2023.md",
    ]
    bad = runner.invoke(cli, ["brief", str(CONSTRUCTED), "--oap", "XX-2023", "-o", str(tmp_path / "x.md")])
    assert bad.exit_code == 1 and "no such OAP" in bad.output


def test_brief_escapes_payloads(tmp_path: Path) -> None:
    from docx import Document

    from overlapgraph.present.brief import brief
    from overlapgraph.render.brief import brief_html, brief_markdown, write_brief

    b = brief(analyse(xss_dataset()), "A-2022")
    page = brief_html(b)
    assert XSS_IMG not in page and XSS_SCRIPT not in page and "<script" not in page
    assert "&lt;img src=x onerror=window.__xss=1&gt;" in page
    md = brief_markdown(b)
    assert "\\<img" in md and re.search(r"(?<!\\)[<>]", md) is None  # every angle bracket escaped
    write_brief(b, tmp_path / "x.docx")
    assert Document(str(tmp_path / "x.docx")).paragraphs[0].text == f"Brief for A-2022: Alpha {XSS_IMG}"


def test_synergies_pair_lists_the_evidence_action_by_action(runner: CliRunner, constructed: Analysis) -> None:
    import csv
    import io

    result = runner.invoke(cli, ["synergies", str(CONSTRUCTED), "--pair", "THB", "MS", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    row = synergy_row(constructed, constructed.pair("MS", "THB"))  # type: ignore[arg-type]
    declared = [r for r in rows if "→" in r["direction"]]
    assert len(declared) == row["declared_count"] == 18
    assert sum(r["direction"] == "THB → MS" for r in rows) == row["declared_b_to_a"] == 15
    assert sum(r["direction"] == "MS → THB" for r in rows) == row["declared_a_to_b"] == 3
    assert list(rows[0]) == ["oap", "code", "title", "goal", "leader", "direction", "source"]
    text = runner.invoke(cli, ["synergies", str(CONSTRUCTED), "--pair", "THB", "CSE"]).stdout
    assert text.startswith("CSE – THB: score 0.1252, one-sided")
    bad = runner.invoke(cli, ["synergies", str(CONSTRUCTED), "--pair", "THB", "XX"])
    assert bad.exit_code == 2 and "no priority 'XX'" in bad.output
