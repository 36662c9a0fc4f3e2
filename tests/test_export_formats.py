"""Each export format read back and compared with the source tables; formula injection neutralised."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from overlapgraph.analysis import build_graph
from overlapgraph.export import export_dataset, export_tables, neutralise
from overlapgraph.export.tables import write_csv
from overlapgraph.ingest import read_dataset
from overlapgraph.model import OAP, Action, Actor, ActorKind, Dataset, Goal, Overlap, Priority

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

#: Texts a spreadsheet would run (OWASP CSV injection), each at the start of a cell.
HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


T = "assumed: constructed for export tests"


def hostile_dataset() -> Dataset:
    """A small dataset with accents and formula-like text in names and notes."""
    return Dataset(
        priorities=[
            Priority("AAA", "Zürich – Menschenhandel", source=T),
            Priority("BBB", HOSTILE[0], source=T),
            Priority("CCC", "Ciberataques: víctimas", source=T),
        ],
        actors=[Actor("DE", "Deutschland", ActorKind.MEMBER_STATE, source=T)],
        goals=[Goal("CHSG-1", 1, "CHSG 1", "Criminal intelligence picture", source=T)],
        oaps=[OAP("AAA-2022", "AAA", "2022", document="1/22", source=T)],
        actions=[Action("AAA-2022", "1.1", "CHSG-1", title=HOSTILE[3], source=T)],
        overlaps=[
            Overlap("AAA-2022", "1.1", "BBB", note=HOSTILE[1], source=T),
            Overlap("AAA-2022", "1.1", "CCC", note=HOSTILE[2], source=T),
        ],
        name="hostile",
    )


@pytest.fixture(scope="module")
def thb(bundled):
    return read_dataset(bundled)


def _blank_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as a file shows it: a value that is not available (None) is an empty cell."""
    return frame.astype(object).where(frame.notna(), "")


def _source(ds: Dataset) -> dict[str, pd.DataFrame]:
    return {t.name: t.frame for t in export_tables(ds, generated_at=WHEN).tables}


def test_csv_folder_reads_back_equal(thb, tmp_path):
    files = export_dataset(thb, "csv", tmp_path / "out", generated_at=WHEN)
    assert sorted(f.name for f in files) == sorted(
        ["about.csv", "synergies.csv", "pairs.csv", "matrix.csv", "evidence_declared.csv"]
        + ["evidence_co_named.csv"]
        + ["reciprocity.csv", "action_links.csv", "actions.csv", "declarations.csv"]
    )
    for name, frame in _source(thb).items():
        raw = (tmp_path / "out" / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8
        text_cols = {c: str for c in frame.select_dtypes(exclude=["number", "bool"]).columns}
        back = pd.read_csv(
            tmp_path / "out" / f"{name}.csv", encoding="utf-8-sig", keep_default_na=False, dtype=text_cols
        )
        pd.testing.assert_frame_equal(back, _blank_missing(frame), check_dtype=False)


def test_csv_keeps_accents_and_dashes_for_excel(tmp_path):
    export_dataset(hostile_dataset(), "csv", tmp_path / "out", generated_at=WHEN)
    text = (tmp_path / "out" / "synergies.csv").read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    assert "Zürich – Menschenhandel" in text and "Ciberataques: víctimas" in text


def test_csv_neutralises_formulas(tmp_path):
    export_dataset(hostile_dataset(), "csv", tmp_path / "out", generated_at=WHEN)
    dec = pd.read_csv(tmp_path / "out" / "declarations.csv", encoding="utf-8-sig", keep_default_na=False)
    assert sorted(dec["note"]) == sorted(["'+cmd|' /C calc'!A0", "'-2+3"])
    acts = pd.read_csv(tmp_path / "out" / "actions.csv", encoding="utf-8-sig", keep_default_na=False)
    assert list(acts["title"]) == ["'@SUM(1+1)"]
    syn = pd.read_csv(tmp_path / "out" / "synergies.csv", encoding="utf-8-sig", keep_default_na=False)
    assert "'" + HOSTILE[0] in set(syn["name_a"]) | set(syn["name_b"])


@pytest.mark.parametrize("text", HOSTILE, ids=["eq", "plus", "minus", "at", "tab", "cr"])
def test_write_csv_prefixes_each_dangerous_start(tmp_path, text):
    write_csv(pd.DataFrame({"x": [text], "n": [-1]}), tmp_path / "t.csv")
    back = pd.read_csv(tmp_path / "t.csv", encoding="utf-8-sig", keep_default_na=False)
    assert back.loc[0, "x"] == "'" + text
    assert back.loc[0, "n"] == -1  # numbers are not text: left as numbers


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]) | st.sampled_from('=+-@\t\r\n,"'))
    )
)
def test_csv_round_trip_is_the_neutralised_input(tmp_path, texts):
    df = pd.DataFrame({"text": texts}, dtype=object)
    write_csv(df, tmp_path / "p.csv")
    back = pd.read_csv(
        tmp_path / "p.csv", encoding="utf-8-sig", keep_default_na=False, dtype=str, skip_blank_lines=False
    )
    assert list(back["text"]) == [neutralise(t) for t in texts]
    assert not any(str(v).startswith(("=", "+", "-", "@", "\t", "\r")) for v in back["text"])


def test_xlsx_sheets_headers_filters(thb, tmp_path):
    path = tmp_path / "syn.xlsx"
    export_dataset(thb, "xlsx", path, generated_at=WHEN)
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "About",
        "Synergies",
        "By priority",
        "Matrix",
        "Evidence - declared",
        "Evidence - co_named",
        "Reciprocity",
        "Action links",
        "Actions per priority",
        "Declared overlaps",
    ]
    about = {r[0]: r[1] for r in wb["About"].iter_rows(min_row=2, values_only=True)}
    assert about["Generated"] == "2026-01-02T03:04:05+00:00"
    assert about["Source documents"] == "THB-2022: Council document 13607/21 of 2021-11-13"
    src = export_tables(thb, generated_at=WHEN)
    for t in src.tables:
        ws = wb[t.title]
        # the matrix has the status of its cells below the table
        rows = [list(r) for r in ws.iter_rows(values_only=True)][: len(t.frame) + 1]
        assert rows[0] == list(t.frame.columns)
        assert all(c.font.b for c in ws[1])
        assert ws.freeze_panes == "A2"
        last = get_column_letter(len(t.frame.columns))
        assert ws.auto_filter.ref == f"A1:{last}{len(t.frame) + 1}"
        back = pd.DataFrame([["" if v is None else v for v in r] for r in rows[1:]], columns=rows[0])
        pd.testing.assert_frame_equal(back, _blank_missing(t.frame), check_dtype=False)
    syn = wb["Synergies"]
    widths = {c: syn.column_dimensions[c].width for c in "ABC"}
    assert widths["A"] < widths["C"] <= 60  # "rank" is narrow, priority names wide, capped at 60
    reason = get_column_letter(len(src.table("synergies").frame.columns))
    assert syn[f"{reason}1"].value == "reason" and syn[f"{reason}2"].alignment.wrap_text  # the reason wraps


def test_xlsx_never_stores_a_formula(tmp_path):
    path = tmp_path / "h.xlsx"
    export_dataset(hostile_dataset(), "xlsx", path, generated_at=WHEN)
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    wb = load_workbook(path)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    hostile = [
        c for c in cells if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    ]
    # the text itself is kept, stored as a string and quote-prefixed so Excel shows it as text
    assert {c.value for c in hostile} >= {HOSTILE[0], HOSTILE[1], HOSTILE[2], HOSTILE[3]}
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile)


def test_json_shape_and_values(thb, tmp_path):
    path = tmp_path / "syn.json"
    export_dataset(thb, "json", path, generated_at=WHEN)
    doc = json.loads(path.read_text("utf-8"))
    assert (doc["format"], doc["version"]) == ("overlapgraph-export", 2)
    assert doc["about"]["Generated"] == "2026-01-02T03:04:05+00:00"
    for name, frame in _source(thb).items():
        t = doc["tables"][name]
        assert t["columns"] == list(frame.columns)
        assert t["rows"] == frame.to_dict("records")
    top = doc["tables"]["synergies"]["rows"][0]
    assert top["declared_count"] == 16  # THB-MS, 13607/21 §2.2 line 128
    assert top["actors_count"] is None and top["goals_weighted"] is None  # not available: null, not 0


def test_json_keeps_text_as_is(tmp_path):
    path = tmp_path / "h.json"
    export_dataset(hostile_dataset(), "json", path, generated_at=WHEN)
    rows = json.loads(path.read_text("utf-8"))["tables"]["declarations"]["rows"]
    assert sorted(r["note"] for r in rows) == sorted([HOSTILE[1], HOSTILE[2]])


def test_graphml_round_trip(thb, tmp_path):
    G = build_graph(thb)
    export_dataset(thb, "graphml", tmp_path / "g.graphml")
    H = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert isinstance(H, nx.MultiDiGraph)
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(H.edges(keys=True, data=True), key=repr) == sorted(G.edges(keys=True, data=True), key=repr)
    # 13607/21: 17 OAs named, 50 declared overlaps, NL drives
    assert sum(1 for *_, r in H.edges(data="rel") if r == "DECLARES_OVERLAP") == 50
    assert H.has_edge("actor:NL", "oap:THB-2022", key="DRIVES")


def test_gexf_round_trip(thb, tmp_path):
    G = build_graph(thb)
    export_dataset(thb, "gexf", tmp_path / "g.gexf")
    H = nx.read_gexf(tmp_path / "g.gexf")
    # networkx's GEXF writer renames the node attribute "key" to "networkx_key" and adds edge ids
    nodes = {
        n: {("key" if k == "networkx_key" else k): v for k, v in d.items()} for n, d in H.nodes(data=True)
    }
    assert nodes == dict(G.nodes(data=True))
    edges = [
        (u, v, k, {a: x for a, x in d.items() if a != "id"}) for u, v, k, d in H.edges(keys=True, data=True)
    ]
    assert sorted(edges, key=repr) == sorted(G.edges(keys=True, data=True), key=repr)
    assert H.nodes["action:THB-2022/OA 8.3"]["label"] == "THB OA 8.3"


def test_failed_export_writes_nothing(thb, tmp_path, monkeypatch):
    import overlapgraph.export.writers as writers

    calls = []

    def failing(df, path, out=None):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(path))
        write_csv(df, path, out)

    monkeypatch.setattr(writers, "write_csv", failing)
    with pytest.raises(OSError):
        export_dataset(thb, "csv", tmp_path / "out")
    assert len(calls) == 3
    assert list(tmp_path.iterdir()) == []  # no folder, no staging left behind


def test_unknown_format_is_a_value_error(thb, tmp_path):
    with pytest.raises(ValueError, match="unknown export format 'ods'"):
        export_dataset(thb, "ods", tmp_path / "x.ods")


def test_file_permissions_are_usual(thb, tmp_path):
    export_dataset(thb, "json", tmp_path / "x.json")
    assert (tmp_path / "x.json").stat().st_mode & 0o044  # readable by others as umask allows


def test_write_over_existing_file_replaces_it(thb, tmp_path):
    p: Path = tmp_path / "x.json"
    p.write_text("old")
    export_dataset(thb, "json", p)
    assert json.loads(p.read_text("utf-8"))["format"] == "overlapgraph-export"


def test_control_characters_from_pdf_text_do_not_break_xml_formats(tmp_path):
    # PDF text extraction can leave form feeds and other control characters, which XML cannot hold
    ds = hostile_dataset()
    ds.overlaps[0] = Overlap("AAA-2022", "1.1", "BBB", note="page\x0cbreak\x01", source=T)
    export_dataset(ds, "xlsx", tmp_path / "c.xlsx", generated_at=WHEN)
    header, *rows = load_workbook(tmp_path / "c.xlsx")["Declared overlaps"].iter_rows(values_only=True)
    notes = [r[header.index("note")] for r in rows]
    assert "page\ufffdbreak\ufffd" in notes
    for fmt in ("graphml", "gexf"):
        export_dataset(ds, fmt, tmp_path / f"c.{fmt}")
        H = nx.read_graphml(tmp_path / "c.graphml") if fmt == "graphml" else nx.read_gexf(tmp_path / "c.gexf")
        assert {d.get("note") for *_, d in H.edges(data=True)} >= {"page\ufffdbreak\ufffd"}
    export_dataset(ds, "json", tmp_path / "c.json")  # JSON escapes them: kept exactly
    rows = json.loads((tmp_path / "c.json").read_text("utf-8"))["tables"]["declarations"]["rows"]
    assert "page\x0cbreak\x01" in {r["note"] for r in rows}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30))
def test_xlsx_round_trip_of_any_text(tmp_path, text):
    df = pd.DataFrame({"text": [text or "x"]}, dtype=object)
    from overlapgraph.export.safe import xml_safe
    from overlapgraph.export.tables import ExportTables, Table
    from overlapgraph.export.workbook import write_xlsx

    write_xlsx(ExportTables([("k", text)], [Table("t", "T", "d", df)]), tmp_path / "p.xlsx")
    wb = load_workbook(tmp_path / "p.xlsx")
    c = wb["T"]["A2"]
    assert c.value == xml_safe(text or "x")
    assert c.data_type == "s"
