"""PDFs of the real document, built with a real tool (fpdf2 with a Unicode font), parsed back by pypdf."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from click.testing import CliRunner
from fpdf import FPDF

from overlapgraph.cli import cli
from overlapgraph.errors import InputError
from overlapgraph.ingest.documents import parse_documents
from overlapgraph.model import Dataset

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


class _CouncilPDF(FPDF):
    """A PDF with the running header and footers Council documents carry (when ``running``)."""

    def __init__(self, running: bool) -> None:
        super().__init__(format="A4")
        self.running = running
        assert FONT.is_file(), f"missing font {FONT} (Debian package fonts-dejavu-core)"
        self.add_font("DejaVu", fname=str(FONT))
        self.set_auto_page_break(True, margin=30)

    def header(self) -> None:
        if self.running:
            self.set_font("DejaVu", size=8)
            self.cell(0, 5, "LIMITE", align="R", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        if self.running:
            self.set_y(-25)
            self.set_font("DejaVu", size=8)
            self.cell(0, 5, f"13607/21 RS/sl {self.page_no()}", new_x="LMARGIN", new_y="NEXT")
            self.cell(0, 5, "JAI.1 LIMITE EN", align="R", new_x="LMARGIN", new_y="NEXT")


def make_pdf(text: str, path: Path, *, running: bool = False) -> Path:
    """Typeset ``text`` line by line (long lines wrap, as in the Council's PDFs)."""
    pdf = _CouncilPDF(running)
    pdf.add_page()
    pdf.set_font("DejaVu", size=10)
    for line in text.split("\n"):
        if line.strip():
            pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(3)
    pdf.output(str(path))
    return path


def _without_sources(ds: Dataset) -> dict[str, list[object]]:
    return {t: [dataclasses.replace(r, source="") for r in recs] for t, recs in ds.records()}  # type: ignore[type-var]


@pytest.fixture(scope="module")
def thb_text(thb_document: Path) -> str:
    return thb_document.read_text(encoding="utf-8")


@pytest.mark.parametrize("running", [False, True], ids=["plain", "council-headers-footers"])
def test_pdf_parses_to_the_same_dataset_as_the_text(
    thb_document: Path, thb_text: str, tmp_path: Path, running: bool
) -> None:
    pdf = make_pdf(thb_text, tmp_path / "13607-21.pdf", running=running)
    from_text = parse_documents([thb_document])
    from_pdf = parse_documents([pdf])
    assert _without_sources(from_pdf.dataset) == _without_sources(from_text.dataset)
    # The same two repairs, now located by page and line.
    assert [w.message for w in from_pdf.warnings] == [w.message for w in from_text.warnings]
    assert all(w.where.startswith("page ") for w in from_pdf.warnings)
    # Provenance points into the PDF: page and line.
    (oap,) = from_pdf.dataset.oaps
    assert oap.source.startswith("13607/21 page 1, line ")
    assert all("page " in o.source for o in from_pdf.dataset.overlaps)
    # Seven parts printed DELETED in the text; the PDF keeps every one of them.
    assert len(from_pdf.redactions) == 7


def test_running_lines_are_removed_but_not_the_cover(thb_text: str, tmp_path: Path) -> None:
    pdf = make_pdf(thb_text, tmp_path / "13607-21.pdf", running=True)
    from overlapgraph.ingest.oap_source import read_lines

    texts = [ln.text for ln in read_lines(pdf)]
    assert not any(t.startswith("13607/21 RS/sl") for t in texts)
    assert "JAI.1 LIMITE EN" not in texts
    # The cover's own "13607/21" and "LIMITE" lines stay (one each, as in the text).
    assert texts.count("13607/21") == 1
    assert texts.count("LIMITE") == 1


def test_overlap_entry_wrapped_over_a_page_break_with_footer(tmp_path: Path, thb_text: str) -> None:
    # Push the overlap section down so that the long Migrant Smuggling entry straddles a page break.
    lines = thb_text.split("\n")
    at = lines.index("2.2 Potential overlaps and synergies with other OAPs")
    for pad in range(30, 45):  # 33 with fpdf2 2.8 and DejaVu Sans 10 pt; a range in case layouts shift
        padded = "\n".join(lines[:at] + ["Padding line."] * pad + lines[at:])
        pdf = make_pdf(padded, tmp_path / f"p{pad}.pdf", running=True)
        r = parse_documents([pdf])
        ms = [o for o in r.dataset.overlaps if o.target_priority == "MS"]
        assert len(ms) == 16, pad
        if " to page " in ms[0].source:
            break
    else:
        pytest.fail("no padding made the entry cross a page break")


def test_cli_parse_from_pdf_gives_the_same_report(
    runner: CliRunner, bundled: Path, thb_text: str, tmp_path: Path
) -> None:
    pdf = make_pdf(thb_text, tmp_path / "13607-21.pdf", running=True)
    out = tmp_path / "from-pdf"
    r = runner.invoke(cli, ["parse", str(pdf), "-o", str(out)])
    assert r.exit_code == 0, r.output
    a = runner.invoke(cli, ["report", str(out), "-o", str(tmp_path / "rep-a")])
    b = runner.invoke(cli, ["report", str(bundled), "-o", str(tmp_path / "rep-b")])
    assert a.exit_code == b.exit_code == 0
    assert a.stdout.split("\n", 1)[1] == b.stdout.split("\n", 1)[1]  # all but the data name
    assert (tmp_path / "rep-a" / "synergies.csv").read_bytes() == (
        tmp_path / "rep-b" / "synergies.csv"
    ).read_bytes()


def test_pdf_without_text_layer_is_a_clear_error(tmp_path: Path, runner: CliRunner) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")  # a "scan": drawing, no text
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError, match="no text layer"):
        parse_documents([path])
    r = runner.invoke(cli, ["parse", str(path), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert r.output == (
        f"Error: {path}: the PDF has no text layer (a scanned image?); "
        "run OCR on it first (e.g. ocrmypdf) or give the text\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\n%garbage\n", b"not a pdf at all", b""],
    ids=["truncated", "text-named-pdf", "empty"],
)
def test_broken_pdf_is_an_input_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"broken\.pdf: "):
        parse_documents([path])
