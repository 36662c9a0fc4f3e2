"""Word documents built with python-docx (constructed in each test), read back line and cell by cell."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from overlapgraph.errors import InputError
from overlapgraph.ingest.docx import read_docx
from overlapgraph.ingest.oap_source import SourceLine, read_document

OA_HEADER = ("OA No.", "Title", "Strategic goal", "Action Leader", "Co-Action Leader(s)", "Participants")


def _cell(table, row: int, col: int, *paragraphs: str) -> None:
    """Fill a cell with one paragraph per text (python-docx cells start with one empty paragraph)."""
    cell = table.cell(row, col)
    cell.text = paragraphs[0]
    for text in paragraphs[1:]:
        cell.add_paragraph(text)


def _oap_docx(path: Path) -> Path:
    """A constructed OAP in Word: cover note table, heading, list item, OA table (merged cells, nested)."""
    d = docx.Document()
    d.add_paragraph("Council of the European Union")
    d.add_paragraph("Brussels, 3 March 2026")
    cover = d.add_table(rows=2, cols=2)
    _cell(cover, 0, 0, "Subject:")
    _cell(cover, 0, 1, "Operational Action Plan 2026-2027:", "Trafficking in Human Beings")
    _cell(cover, 1, 0, "No. prev. doc.:")
    _cell(cover, 1, 1, "12345/25")
    d.add_heading("1. Operational actions", level=1)
    d.add_paragraph("")
    d.add_paragraph("Action leaders - partners: Europol, Frontex", style="List Bullet")
    d.add_paragraph("- already a bullet", style="List Bullet")
    oa = d.add_table(rows=4, cols=6)
    for c, text in enumerate(OA_HEADER):
        _cell(oa, 0, c, text)
    for c, texts in enumerate(
        [
            ("OA 1.1",),
            ("Joint action days", "against THB"),
            ("CHSG 1",),
            ("BE",),
            ("NL",),
            ("AT", "FR", "Europol"),
        ]
    ):
        _cell(oa, 1, c, *texts)
    for c, text in enumerate(["OA 1.2", "Financial investigations", "CHSG 2", "FR"]):
        _cell(oa, 2, c, text)
    oa.cell(2, 4).merge(oa.cell(2, 5)).text = "All Member States"  # horizontally merged
    _cell(oa, 3, 0, "OA 1.3")
    oa.cell(2, 2).merge(oa.cell(3, 2))  # "CHSG 2" vertically merged over rows 3 and 4
    nested = oa.cell(3, 1).add_table(rows=2, cols=2)  # a table inside a cell
    _cell(nested, 0, 0, "Phase")
    _cell(nested, 0, 1, "2026")
    _cell(nested, 1, 0, "Phase")
    _cell(nested, 1, 1, "2027")
    d.add_paragraph("The end.")
    d.save(str(path))
    return path


def test_docx_lines_in_document_order(tmp_path: Path) -> None:
    doc = read_docx(_oap_docx(tmp_path / "oap.docx"))
    assert [(ln.number, ln.text, ln.where, ln.table) for ln in doc.lines] == [
        (1, "Council of the European Union", "paragraph 1", 0),
        (2, "Brussels, 3 March 2026", "paragraph 2", 0),
        (3, "Subject: Operational Action Plan 2026-2027: Trafficking in Human Beings", "table 1 row 1", 1),
        (4, "No. prev. doc.: 12345/25", "table 1 row 2", 1),
        (5, "1. Operational actions", "paragraph 3", 0),  # a heading keeps its text, no bullet
        (6, "", "paragraph 4", 0),  # empty paragraphs count, as in Word
        (7, "• Action leaders - partners: Europol, Frontex", "paragraph 5", 0),
        (8, "- already a bullet", "paragraph 6", 0),
        (9, " ".join(OA_HEADER), "table 2 row 1", 2),
        (10, "OA 1.1 Joint action days against THB CHSG 1 BE NL AT FR Europol", "table 2 row 2", 2),
        (11, "OA 1.2 Financial investigations CHSG 2 FR All Member States", "table 2 row 3", 2),
        (12, "OA 1.3 Phase 2026 Phase 2027", "table 2 row 4", 2),  # "CHSG 2" shown once, in row 3
        (13, "The end.", "paragraph 7", 0),
    ]
    assert all(ln.page == 0 and ln.page_line == 0 for ln in doc.lines)


def test_docx_tables_row_by_row_and_cell_by_cell(tmp_path: Path) -> None:
    doc = read_docx(_oap_docx(tmp_path / "oap.docx"))
    assert [(t.index, t.where) for t in doc.tables] == [(1, "table 1"), (2, "table 2")]
    cover, oa = doc.tables
    assert [(r.cells, r.where, r.line) for r in cover.rows] == [
        (("Subject:", "Operational Action Plan 2026-2027:\nTrafficking in Human Beings"), "table 1 row 1", 3),
        (("No. prev. doc.:", "12345/25"), "table 1 row 2", 4),
    ]
    assert [r.cells for r in oa.rows] == [
        OA_HEADER,
        ("OA 1.1", "Joint action days\nagainst THB", "CHSG 1", "BE", "NL", "AT\nFR\nEuropol"),
        # the merged cell once per grid column it spans
        ("OA 1.2", "Financial investigations", "CHSG 2", "FR", "All Member States", "All Member States"),
        # the vertically merged cell repeats the text above; the nested table is one line per row
        ("OA 1.3", "Phase 2026\nPhase 2027", "CHSG 2", "", "", ""),
    ]
    assert [(r.where, r.line) for r in oa.rows] == [(f"table 2 row {i}", 8 + i) for i in range(1, 5)]
    # each row's line is the one labelled with the row's place
    by_number = {ln.number: ln for ln in doc.lines}
    assert all(by_number[r.line].where == r.where for t in doc.tables for r in t.rows)


def test_read_document_dispatches_docx(tmp_path: Path) -> None:
    path = _oap_docx(tmp_path / "OAP.DOCX")
    assert read_document(path) == read_docx(path)


def test_numbering_insertions_and_content_controls(tmp_path: Path) -> None:
    # constructed: Word features python-docx cannot write directly, built in the XML
    d = docx.Document()
    numbered = d.add_paragraph("numbered by w:numPr in the Normal style")
    num_pr = OxmlElement("w:numPr")
    num_id = OxmlElement("w:numId")
    num_id.set(qn("w:val"), "3")
    num_pr.append(num_id)
    numbered._p.get_or_add_pPr().append(num_pr)
    off = d.add_paragraph("numbering switched off", style="List Bullet")
    no_num = copy.deepcopy(num_pr)
    no_num[0].set(qn("w:val"), "0")
    off._p.get_or_add_pPr().append(no_num)  # the style's bullet stays: the style is a "List" style
    tracked = d.add_paragraph("kept ")
    ins, dele = OxmlElement("w:ins"), OxmlElement("w:del")
    run = tracked.add_run("inserted")._r
    ins.append(run)
    tracked._p.append(ins)
    gone = OxmlElement("w:r")
    deleted_text = OxmlElement("w:delText")
    deleted_text.text = " deleted"
    gone.append(deleted_text)
    dele.append(gone)
    tracked._p.append(dele)
    boxed = d.add_paragraph("in a content control")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    boxed._p.addprevious(sdt)
    sdt.append(content)
    content.append(boxed._p)
    d.add_paragraph("after it")
    path = tmp_path / "features.docx"
    d.save(str(path))
    assert [(ln.text, ln.where) for ln in read_docx(path).lines] == [
        ("• numbered by w:numPr in the Normal style", "paragraph 1"),
        ("• numbering switched off", "paragraph 2"),
        ("kept inserted", "paragraph 3"),
        ("in a content control", "paragraph 4"),
        ("after it", "paragraph 5"),
    ]


def test_markdown_like_text_is_cleaned(tmp_path: Path) -> None:
    # constructed
    d = docx.Document()
    d.add_paragraph("Goal\u00a0\u00a0one\t**strong**")
    path = tmp_path / "clean.docx"
    d.save(str(path))
    assert read_docx(path).lines == [SourceLine(1, "Goal one strong", label="paragraph 1")]


def _error(path: Path) -> str:
    with pytest.raises(InputError) as e:
        read_docx(path)
    message = str(e.value)
    assert "\n" not in message
    return message


def test_plain_text_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_text("Subject: Operational Action Plan 2026\n", encoding="utf-8")  # constructed
    assert _error(path) == f"{path}: not a Word document (.docx): not a ZIP package (File is not a zip file)"


def test_pdf_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "oap.docx"
    path.write_bytes(b"%PDF-1.7\n%constructed\n")
    assert _error(path) == f"{path}: not a Word document (.docx): it is a PDF; name it .pdf"


def test_zero_bytes_docx(tmp_path: Path) -> None:
    path = tmp_path / "oap.docx"
    path.write_bytes(b"")
    assert _error(path) == f"{path}: not a Word document (.docx): the file is empty (0 bytes)"


def _ole(stream: str) -> bytes:
    """A constructed compound-file header and a directory entry named ``stream`` (UTF-16, as in OLE)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + stream.encode("utf-16-le") + b"\x00" * 64


def test_legacy_doc_renamed(tmp_path: Path) -> None:
    path = tmp_path / "oap.docx"
    path.write_bytes(_ole("WordDocument"))
    assert _error(path) == (
        f"{path}: a legacy Word .doc file, not a .docx; open it in Word and save it as .docx"
    )


def test_encrypted_docx(tmp_path: Path) -> None:
    path = tmp_path / "oap.docx"
    path.write_bytes(_ole("EncryptionInfo") + _ole("EncryptedPackage"))
    assert _error(path) == (
        f"{path}: the Word document is encrypted with a password; save an unprotected copy first"
    )


def test_empty_docx(tmp_path: Path) -> None:
    d = docx.Document()  # constructed: no text, an empty paragraph and an empty table
    d.add_paragraph("")
    d.add_table(rows=1, cols=2)
    path = tmp_path / "empty.docx"
    d.save(str(path))
    assert _error(path) == f"{path}: empty document"


def test_zip_without_word_parts(tmp_path: Path) -> None:
    path = tmp_path / "oap.docx"
    with zipfile.ZipFile(path, "w") as z:  # constructed
        z.writestr("hello.txt", "hello")
    assert _error(path) == (
        f"{path}: not a Word document (.docx): a part is missing "
        "(There is no item named '[Content_Types].xml' in the archive)"
    )


def test_excel_workbook_named_docx(tmp_path: Path) -> None:
    import openpyxl

    buf = io.BytesIO()
    openpyxl.Workbook().save(buf)  # constructed
    path = tmp_path / "oap.docx"
    path.write_bytes(buf.getvalue())
    message = _error(path)
    assert message.startswith(f"{path}: not a Word document (.docx): its main part has content type ")
    assert "spreadsheetml" in message


def test_damaged_xml(tmp_path: Path) -> None:
    good = tmp_path / "good.docx"
    docx.Document().save(str(good))
    path = tmp_path / "oap.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:  # constructed
        for name in src.namelist():
            dst.writestr(name, b"<w:document" if name == "word/document.xml" else src.read(name))
    assert _error(path).startswith(f"{path}: not a Word document (.docx): damaged XML (")


def test_unreadable_docx(tmp_path: Path) -> None:
    path = tmp_path / "folder.docx"
    path.mkdir()  # constructed: a folder named like a document
    assert _error(path).startswith(f"{path}: cannot read (")


def test_hostile_grid_span_is_bounded_by_the_grid(tmp_path: Path) -> None:
    d = docx.Document()  # constructed: a damaged cell claiming to span a billion columns
    table = d.add_table(rows=1, cols=3)
    _cell(table, 0, 0, "wide")
    span = OxmlElement("w:gridSpan")
    span.set(qn("w:val"), "1000000000")
    table.cell(0, 0)._tc.get_or_add_tcPr().append(span)
    path = tmp_path / "span.docx"
    d.save(str(path))
    (read,) = read_docx(path).tables
    assert read.rows[0].cells == ("wide", "wide", "wide", "", "")  # three columns spanned, two more cells
