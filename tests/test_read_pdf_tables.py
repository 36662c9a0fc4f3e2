"""PDFs with ruled tables built with fpdf2 (constructed in each test), read back line and cell by cell."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fpdf import FPDF
from fpdf.enums import EncryptionMethod

from overlapgraph.errors import InputError
from overlapgraph.ingest.oap_source import read_document, read_lines
from overlapgraph.ingest.pdf import read_pdf_document
from tests.test_parse_pdf import make_pdf

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BOLD = FONT.with_name("DejaVuSans-Bold.ttf")
OA_HEADER = ("OA No.", "Title", "Strategic goal", "Action Leader", "Co-Action Leader(s)", "Participants")


class _PDF(FPDF):
    """A4, DejaVu Sans (bold for table headings), a running header and a Council footer on every page."""

    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font("DejaVu", fname=str(FONT))
        self.add_font("DejaVu", style="B", fname=str(BOLD))
        self.set_auto_page_break(True, margin=30)

    def header(self) -> None:
        self.set_font("DejaVu", size=8)
        self.cell(0, 5, "LIMITE", align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", size=10)

    def footer(self) -> None:
        self.set_y(-25)
        self.set_font("DejaVu", size=8)
        self.cell(0, 5, f"13607/21 RS/sl {self.page_no()}", new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", size=10)

    def para(self, text: str) -> None:
        self.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")

    def rows(self, rows: list[tuple[str, ...]], *, heading: bool = True) -> None:
        with self.table(first_row_as_headings=heading, line_height=5) as table:
            for cells in rows:
                row = table.row()
                for text in cells:
                    row.cell(text)
        self.ln(5)


def _oa_rows(n: int) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [OA_HEADER]
    rows.append(("OA 1.1", "Joint action days\nagainst THB", "CHSG 1", "BE", "NL, DE", "AT, FR\nEuropol"))
    return rows + [(f"OA 2.{i}", f"Action {i}", "CHSG 2", "FR", "", "IT") for i in range(1, n)]


def _oap_pdf(path: Path, oa_rows: int = 3, owner: str = "", user: str = "") -> Path:
    """A constructed OAP: cover text, an OA table of ``oa_rows`` actions, text after it."""
    pdf = _PDF()
    pdf.add_page()
    pdf.para("Subject: Operational Action Plan 2026-2027: Trafficking in Human Beings")
    pdf.para("1. Operational actions")
    pdf.rows(_oa_rows(oa_rows))
    pdf.para("2.2 Potential overlaps and synergies with other OAPs")
    if owner:
        pdf.set_encryption(owner, user or None, encryption_method=EncryptionMethod.AES_128)
    pdf.output(str(path))
    return path


def test_table_rows_are_lines_where_the_table_is(tmp_path: Path) -> None:
    doc = read_pdf_document(_oap_pdf(tmp_path / "oap.pdf"))
    assert [(ln.number, ln.text, ln.where, ln.table) for ln in doc.lines] == [
        # on a one-page document "LIMITE" is not a running header (it is on the cover of Council notes)
        (1, "LIMITE", "page 1, line 1", 0),
        (2, "Subject: Operational Action Plan 2026-2027: Trafficking in Human Beings", "page 1, line 2", 0),
        (3, "1. Operational actions", "page 1, line 3", 0),
        (4, " ".join(OA_HEADER), "page 1, table 1 row 1", 1),
        (
            5,
            "OA 1.1 Joint action days against THB CHSG 1 BE NL, DE AT, FR Europol",
            "page 1, table 1 row 2",
            1,
        ),
        (6, "OA 2.1 Action 1 CHSG 2 FR IT", "page 1, table 1 row 3", 1),
        (7, "OA 2.2 Action 2 CHSG 2 FR IT", "page 1, table 1 row 4", 1),
        (8, "2.2 Potential overlaps and synergies with other OAPs", "page 1, line 8", 0),
    ]
    # the Council footer (page line 9) is a running line, left out as for a PDF without tables
    assert [ln.page_line for ln in doc.lines] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_table_cells(tmp_path: Path) -> None:
    doc = read_pdf_document(_oap_pdf(tmp_path / "oap.pdf"))
    (table,) = doc.tables
    assert (table.index, table.where) == (1, "page 1, table 1")
    assert [(r.where, r.line) for r in table.rows] == [
        (f"page 1, table 1 row {i}", 3 + i) for i in range(1, 5)
    ]
    header, first, *rest = (r.cells for r in table.rows)
    # a heading wrapped in its cell keeps its line break, like a cell's own line breaks
    assert header == (
        "OA No.",
        "Title",
        "Strategic goal",
        "Action Leader",
        "Co-Action\nLeader(s)",
        "Participants",
    )
    assert first == ("OA 1.1", "Joint action days\nagainst THB", "CHSG 1", "BE", "NL, DE", "AT, FR\nEuropol")
    assert rest == [
        ("OA 2.1", "Action 1", "CHSG 2", "FR", "", "IT"),
        ("OA 2.2", "Action 2", "CHSG 2", "FR", "", "IT"),
    ]


def test_table_over_two_pages_is_two_tables(tmp_path: Path) -> None:
    doc = read_pdf_document(_oap_pdf(tmp_path / "oap.pdf", oa_rows=70))
    assert [(t.index, t.where) for t in doc.tables] == [(1, "page 1, table 1"), (2, "page 2, table 2")]
    first, second = doc.tables
    # fpdf2 repeats the heading row on the next page; every action is in one of the two tables
    assert first.rows[0].cells[0] == second.rows[0].cells[0] == "OA No."
    codes = [r.cells[0] for t in doc.tables for r in t.rows[1:]]
    assert codes == ["OA 1.1"] + [f"OA 2.{i}" for i in range(1, 70)]
    assert second.rows[1].where == "page 2, table 2 row 2"
    # no cell text as prose, and the running header and footer of both pages left out
    prose = [ln for ln in doc.lines if not ln.table]
    assert [(ln.text, ln.page) for ln in prose] == [
        ("Subject: Operational Action Plan 2026-2027: Trafficking in Human Beings", 1),
        ("1. Operational actions", 1),
        ("2.2 Potential overlaps and synergies with other OAPs", 2),
    ]
    rows = [ln for ln in doc.lines if ln.table]
    assert len(rows) == sum(len(t.rows) for t in doc.tables)
    assert [ln.number for ln in doc.lines] == list(range(1, len(doc.lines) + 1))
    by_number = {ln.number: ln for ln in doc.lines}
    assert all(by_number[r.line].where == r.where for t in doc.tables for r in t.rows)


def test_pdf_without_tables_reads_as_before(thb_document: Path, tmp_path: Path) -> None:
    pdf = make_pdf(thb_document.read_text(encoding="utf-8"), tmp_path / "13607-21.pdf", running=True)
    doc = read_pdf_document(pdf)
    assert doc.tables == []
    assert doc.lines == read_lines(pdf)
    assert read_document(pdf) == doc


def test_a_one_column_box_is_not_a_table(tmp_path: Path) -> None:
    pdf = _PDF()  # constructed: a framed note (a one-cell "table") between two paragraphs
    pdf.add_page()
    pdf.para("Before the note.")
    pdf.rows([("Note: this part is framed.",)], heading=False)
    pdf.para("After the note.")
    path = tmp_path / "box.pdf"
    pdf.output(str(path))
    doc = read_pdf_document(path)
    assert doc.tables == []
    texts = ["LIMITE", "Before the note.", "Note: this part is framed.", "After the note."]
    assert [ln.text for ln in doc.lines] == texts


def test_merged_cell_is_one_cell_and_empty_ones(tmp_path: Path) -> None:
    pdf = _PDF()  # constructed
    pdf.add_page()
    with pdf.table() as table:
        row = table.row()
        for text in ("OA No.", "Title", "Action Leader"):
            row.cell(text)
        row = table.row()
        row.cell("OA 3.1")
        row.cell("Spanning title and leader", colspan=2)
    path = tmp_path / "merged.pdf"
    pdf.output(str(path))
    doc = read_pdf_document(path)
    assert [r.cells for r in doc.tables[0].rows] == [
        ("OA No.", "Title", "Action Leader"),
        ("OA 3.1", "Spanning title and leader", ""),
    ]
    assert [ln.text for ln in doc.lines if ln.table] == [
        "OA No. Title Action Leader",
        "OA 3.1 Spanning title and leader",
    ]


def test_owner_password_only_opens(tmp_path: Path) -> None:
    plain = read_pdf_document(_oap_pdf(tmp_path / "plain.pdf"))
    locked = _oap_pdf(tmp_path / "owner.pdf", owner="owner-secret")  # AES-128, permissions only
    assert b"/AESV2" in locked.read_bytes()
    assert read_pdf_document(locked) == plain
    assert read_lines(locked) == read_lines(tmp_path / "plain.pdf")


def test_user_password_is_a_one_line_error(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    path = _oap_pdf(tmp_path / "user.pdf", owner="owner-secret", user="user-secret")
    expected = f"{path}: the PDF is encrypted with a password; save an unprotected copy first"
    caplog.set_level(logging.DEBUG)
    for read in (read_pdf_document, read_lines):
        with pytest.raises(InputError) as e:
            read(path)
        assert str(e.value) == expected
    assert capfd.readouterr() == ("", "")
    assert [r for r in caplog.records if r.name.startswith(("pypdf", "pdfminer", "pdfplumber"))] == []


def test_pdf_libraries_stay_quiet_on_a_damaged_pdf(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    good = _oap_pdf(tmp_path / "good.pdf")
    data = good.read_bytes()
    # constructed: a wrong startxref offset, which pypdf repairs and logs ("incorrect startxref pointer")
    at = data.rindex(b"startxref")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(data[:at] + b"startxref\n12345\n%%EOF\n")
    caplog.set_level(logging.DEBUG)
    logger = logging.getLogger("pypdf")
    level = logger.level
    doc = read_pdf_document(damaged)
    assert doc == read_pdf_document(good)
    assert capfd.readouterr() == ("", "")
    assert [r for r in caplog.records if r.name.startswith(("pypdf", "pdfminer", "pdfplumber"))] == []
    assert logger.level == level  # the library's logging is as it was


def test_not_a_pdf_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n%constructed garbage\n")
    with pytest.raises(InputError) as e:
        read_pdf_document(path)
    assert str(e.value).startswith(f"{path}: not a readable PDF (")
    assert "\n" not in str(e.value)
