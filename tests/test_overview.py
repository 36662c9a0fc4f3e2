"""The Support Team's overview (issue 15): the directional matrix, the evidence tables, the workbook.

Values are checked against the analysis (synergy_row), never recomputed here. Data: the bundled
data/empact-2022 (real THB 2022) and data/constructed-2023 (constructed).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from overlapgraph.analysis import analyse
from overlapgraph.analysis.core import Analysis, AnalysisOptions
from overlapgraph.analysis.diff import Change, diff_datasets
from overlapgraph.cli import cli
from overlapgraph.export import export_dataset, export_tables
from overlapgraph.export.tables import ACTION_FIELDS, ACTION_LINK_FIELDS, PAIR_ACTION_FIELDS
from overlapgraph.ingest import read_dataset
from overlapgraph.model import OAP, Action, Dataset, Overlap, Priority
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
    assert list(rows[0]) == PAIR_ACTION_FIELDS
    # the same actions as the pair's synergy row, named as in every table
    assert {r["action_id"] for r in rows} == set(row["declared_items"]) | set(row["co_named_items"])
    assert all(r["action_id"] == f"{r['oap_id']}/OA {r['code']}" for r in rows)
    text = runner.invoke(cli, ["synergies", str(CONSTRUCTED), "--pair", "THB", "CSE"]).stdout
    assert text.startswith("CSE – THB: score 0.1252, one-sided")
    bad = runner.invoke(cli, ["synergies", str(CONSTRUCTED), "--pair", "THB", "XX"])
    assert bad.exit_code == 2 and "no priority 'XX'" in bad.output


# ---------------------------------------------------------------------------- the workbook for Excel


def _sheet(path: Path, title: str) -> list[dict[str, object]]:
    ws = load_workbook(path)[title]
    header, *rows = ws.iter_rows(values_only=True)
    return [dict(zip(map(str, header), r, strict=True)) for r in rows]


@pytest.mark.parametrize("which", ["real", "constructed"])
def test_workbook_long_sheet_has_each_pair_twice_with_the_same_numbers(
    which: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    an: Analysis = request.getfixturevalue(which)
    path = tmp_path / "w.xlsx"
    export_dataset(an, "xlsx", path)
    rows = _sheet(path, "By priority")
    kinds = [k for k in an.kinds() if an.available[k]]
    assert len(rows) == 2 * len(an.synergies)
    by_side = {(r["priority"], r["partner"]): r for r in rows}
    assert len(by_side) == len(rows)  # no side twice
    for s in an.synergies:
        want = synergy_row(an, s)
        ab, ba = by_side[(s.a, s.b)], by_side[(s.b, s.a)]
        for r in (ab, ba):  # the same numbers from both sides, those of the Synergies sheet
            assert (r["rank"], r["score"], r["status"]) == (want["rank"], want["score"], want["status"])
            assert all(r[f"{k}_count"] == want[f"{k}_count"] for k in kinds)
        assert (ab["declared_priority_to_partner"], ab["declared_partner_to_priority"]) == (
            want["declared_a_to_b"],
            want["declared_b_to_a"],
        )
        assert (ba["declared_priority_to_partner"], ba["declared_partner_to_priority"]) == (
            want["declared_b_to_a"],
            want["declared_a_to_b"],
        )
        assert (ab["partner_name"], ba["priority_name"]) == (an.names[s.b], an.names[s.b])
        mirror = {
            "declares": "named by",
            "named by": "declares",
            "both ways": "both ways",
            "neither": "neither",
        }
        assert mirror[str(ab["direction"])] == ba["direction"]
        assert (ab["direction"] in ("declares", "both ways")) == bool(want["declared_a_to_b"])
    # one filter on the first column gives every pair of a priority
    thb = {r["partner"] for r in rows if r["priority"] == "THB"}
    assert thb == {s.b if s.a == "THB" else s.a for s in an.synergies if "THB" in (s.a, s.b)}
    ws = load_workbook(path)["By priority"]
    assert ws.auto_filter.ref == f"A1:{get_column_letter(ws.max_column)}{len(rows) + 1}"


def test_action_sheets_carry_titles_leaders_and_the_other_side(tmp_path: Path, constructed: Analysis) -> None:
    ds = constructed.dataset
    path = tmp_path / "w.xlsx"
    export_dataset(constructed, "xlsx", path)
    titles = {a.action_id: a.title for a in ds.actions}
    leaders: dict[str, set[str]] = {}
    for pa in ds.participations:
        if str(pa.role) == "leader":
            leaders.setdefault(pa.action_id, set()).add(pa.actor)
    drivers = {
        o.priority: {r.actor for r in ds.oap_actors if r.oap_id == o.oap_id and str(r.role) == "driver"}
        for o in ds.oaps
    }
    status = {(d.oap_id, d.target): d.status for d in constructed.declarations}
    decl = _sheet(path, "Declared overlaps")
    assert len(decl) == len(ds.overlaps)
    for r in decl:
        aid = str(r["action_id"])
        assert r["title"] == (titles[aid] or None) and set(str(r["leaders"] or "").split("; ")) - {""} == (
            leaders.get(aid, set())
        )
        assert r["action_id"] == f"{r['oap_id']}/OA {r['code']}"
        assert r["status"] == status[(str(r["oap_id"]), str(r["target_priority"]))]
        target = str(r["target_priority"])
        assert set(str(r["target_drivers"] or "").split("; ")) - {""} == drivers.get(target, set())
    # data/constructed-2023/README.md: THB-2023 declares six actions towards CSE, whose driver is BE
    cse = [r for r in decl if r["oap_id"] == "THB-2023" and r["target_priority"] == "CSE"]
    assert (
        len(cse) == 6
        and {r["target_drivers"] for r in cse} == {"BE"}
        and {r["status"] for r in cse} == {"one-sided"}
    )
    links = _sheet(path, "Action links")
    assert list(links[0]) == ACTION_LINK_FIELDS
    assert all(r["title"] == (titles[str(r["action_id"])] or None) for r in links)
    assert any(r["leaders"] for r in links) and any(r["partner_drivers"] for r in links)


def test_one_naming_of_actions_in_every_table_and_command(
    tmp_path: Path, runner: CliRunner, constructed: Analysis
) -> None:
    import csv
    import io
    import json

    tables = export_tables(constructed)
    listing = {t.name: list(t.frame.columns) for t in tables.tables}
    for name in ("action_links", "declarations"):  # actions one per row: the same first columns
        assert listing[name][: len(ACTION_FIELDS)] == ACTION_FIELDS, name
    for name, columns in listing.items():  # nowhere another name for the same thing
        assert not {"action", "oa", "own_priority", "target", "goal", "oap"} & set(columns), name
        if "action_id" in columns:
            assert {"oap_id", "priority"} <= set(columns), name
    # synergies --per-action is the Action links table, row for row
    out = runner.invoke(cli, ["synergies", str(CONSTRUCTED), "--per-action", "--format", "csv"]).stdout
    per_action = list(csv.DictReader(io.StringIO(out)))
    assert list(per_action[0]) == ACTION_LINK_FIELDS
    sheet = tables.table("action_links").frame.astype(str)
    assert [list(r.values()) for r in per_action] == sheet.values.tolist()
    doc = json.loads(
        runner.invoke(cli, ["synergies", str(CONSTRUCTED), "--per-action", "--format", "json"]).stdout
    )
    assert list(doc[0]) == ACTION_LINK_FIELDS and doc[0]["action_id"] == per_action[0]["action_id"]
    pair = json.loads(
        runner.invoke(cli, ["synergies", str(CONSTRUCTED), "--pair", "THB", "CSE", "--format", "json"]).stdout
    )
    assert [list(a) for a in pair["actions"]] == [PAIR_ACTION_FIELDS] * len(pair["actions"])
    one_sided = {
        f"THB-2023/OA {c}"
        for d in constructed.declarations
        if (d.oap_id, d.target) == ("THB-2023", "CSE")
        for c in d.actions
    }
    assert {a["action_id"] for a in pair["actions"]} >= one_sided
    recip = tables.table("reciprocity").frame
    thb_cse = recip[(recip.oap_id == "THB-2023") & (recip.target_priority == "CSE")].iloc[0]
    assert set(thb_cse["actions"].split("; ")) == one_sided


def test_new_cells_are_neutralised(tmp_path: Path) -> None:
    from overlapgraph.output import xml_safe

    from .test_output import assert_csv_inert, assert_xlsx_inert, payload_dataset

    ds = payload_dataset()
    export_dataset(ds, "xlsx", tmp_path / "p.xlsx")
    assert assert_xlsx_inert(tmp_path / "p.xlsx") > 0
    wb = load_workbook(tmp_path / "p.xlsx")
    names = {xml_safe(p.name) for p in ds.priorities}  # xlsx cannot hold a CR: it becomes a line feed
    titles = {xml_safe(a.title) for a in ds.actions}
    seen = 0
    for sheet, column, texts in (
        ("By priority", "partner_name", names),
        ("Action links", "title", titles),
        ("Declared overlaps", "title", titles),
        ("Declared overlaps", "target_priority_name", names),
    ):
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        cells = [row[header.index(column)] for row in ws.iter_rows(min_row=2)]
        assert cells and {c.value for c in cells} <= texts, (sheet, column)  # the text kept as it is
        risky = [c for c in cells if str(c.value).startswith(("=", "+", "-", "@", "\t", "\r"))]
        assert all(c.data_type == "s" and c.quotePrefix for c in risky), (sheet, column)
        seen += len(risky)
    assert seen > 0
    files = export_dataset(ds, "csv", tmp_path / "csv")
    pairs = next(f for f in files if f.name == "pairs.csv")
    assert assert_csv_inert(pairs.read_text("utf-8")) > 0


# ---------------------------------------------------------------------------- the brief: what changed


def _merged(a: Dataset, b: Dataset) -> Dataset:
    """CONSTRUCTED: two datasets as one, each record once (the later one's where both have it)."""

    def union(x: list[Any], y: list[Any], key: str) -> list[Any]:
        return list({getattr(r, key): r for r in [*x, *y]}.values())

    return Dataset(
        priorities=union(a.priorities, b.priorities, "code"),
        actors=union(a.actors, b.actors, "code"),
        goals=union(a.goals, b.goals, "goal_id"),
        oaps=[*a.oaps, *b.oaps],
        oap_actors=[*a.oap_actors, *b.oap_actors],
        actions=[*a.actions, *b.actions],
        participations=[*a.participations, *b.participations],
        overlaps=[*a.overlaps, *b.overlaps],
        name="empact-2022 + constructed-2023 (constructed)",
    )


def _involves(c: Change, p: str) -> bool:
    """Whether a change of the diff concerns priority ``p``, read from the shape of its key."""
    if c.item == "synergy":
        return p in c.key.split(" - ")
    if c.item == "reciprocity":
        return p in c.key.split(" -> ")
    if c.item in ("action", "roles"):
        return c.key.split(" OA ")[0] == p
    if c.item == "declaration":
        return p in (c.key.split(" OA ")[0], c.key.rsplit(" -> ", 1)[1])
    return False  # actors are no priority's


def _changed_section(path: Path) -> list[str]:
    from docx import Document

    texts = [para.text for para in Document(str(path)).paragraphs]
    start = texts.index("What changed since the previous period")
    return texts[start + 1 :]


def _expected_changes(full: Dataset, p: str, before: str, after: str) -> list[str]:
    d = diff_datasets(
        full, full, options=AnalysisOptions(period=before), options_b=AnalysisOptions(period=after)
    )
    return [f"From {before} to {after}:"] + [
        f"{c.item} {c.change}: {c.key}" + (f" ({c.detail})" if c.detail else "")
        for c in d.changes
        if _involves(c, p)
    ]


def test_brief_lists_exactly_what_diff_finds_since_the_previous_period(
    tmp_path: Path, runner: CliRunner
) -> None:
    from overlapgraph.ingest.tables import write_dataset_csv

    full = _merged(read_dataset([REPO / "data" / "empact-2022"]), read_dataset([CONSTRUCTED]))
    write_dataset_csv(full, tmp_path / "both")
    result = runner.invoke(
        cli, ["brief", str(tmp_path / "both"), "--oap", "THB-2023", "-o", str(tmp_path / "b.docx")]
    )
    assert result.exit_code == 0, result.output
    got = _changed_section(tmp_path / "b.docx")
    want = _expected_changes(full, "THB", "2022", "2023")
    assert got == want
    # data/constructed-2023/README.md: OA 2.5 renumbered to 2.6 (2022 has no titles: seen as removed and
    # added), OA 8.5 removed, OA 4.2 added, SD-NPS dropped; MS declares THB back
    assert {
        "action added: THB OA 2.6 (Joint action days on child trafficking)",
        "action removed: THB OA 8.5",
    } <= set(got)
    assert "reciprocity changed: THB -> MS (unchecked -> reciprocated)" in got
    assert "declaration removed: THB OA 8.5 -> SD-NPS" in got and len(got) > 20
    # the first period has nothing before it: no such section
    first = runner.invoke(
        cli,
        [
            "brief",
            str(tmp_path / "both"),
            "--oap",
            "THB-2022",
            "--period",
            "2022",
            "-o",
            str(tmp_path / "a.docx"),
        ],
    )
    assert first.exit_code == 0, first.output
    with pytest.raises(ValueError):
        _changed_section(tmp_path / "a.docx")


def test_brief_changes_of_a_hyphenated_priority() -> None:
    from overlapgraph.present.brief import changes_since

    # constructed: SD-NPS has an OAP in 2022 and 2023; its OA 1.2 is new and declared towards CCH
    ds = Dataset(
        priorities=[Priority("SD-NPS", "Synthetic drugs"), Priority("CCH", "Cannabis")],
        oaps=[OAP("SD-NPS-2022", "SD-NPS", "2022"), OAP("SD-NPS-2023", "SD-NPS", "2023")],
        actions=[
            Action("SD-NPS-2022", "1.1", "CHSG-1", "Map labs"),
            Action("SD-NPS-2023", "1.1", "CHSG-1", "Map labs"),
            Action("SD-NPS-2023", "1.2", "CHSG-1", "Precursors"),
        ],
        overlaps=[Overlap("SD-NPS-2023", "1.2", "CCH")],
        name="hyphen (constructed)",
    )
    an = analyse(ds)
    got = changes_since(ds, an, "SD-NPS")
    assert got == _expected_changes(ds, "SD-NPS", "2022", "2023")
    assert got is not None and "action added: SD-NPS OA 1.2 (Precursors)" in got and len(got) == 4
