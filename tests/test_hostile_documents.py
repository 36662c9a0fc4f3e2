"""Issue 17, hostile documents: linear parse time, one-line errors, warnings summarised, no library noise.

Every document here is made by the test (constructed); the real THB document is only copied and edited.
"""

from __future__ import annotations

import gc
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from overlapgraph.cli import cli
from overlapgraph.ingest.oap_source import clean_line, strip_emphasis

pytestmark = pytest.mark.constructed

#: The expression strip_emphasis replaces (it backtracks: minutes on 300 KB of "*x ").
_OLD_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("*_ ax.\né\t1")), max_size=30))
def test_strip_emphasis_reads_as_the_old_expression(text: str) -> None:
    assert strip_emphasis(text) == _OLD_EMPHASIS.sub(r"\2", text)


@settings(max_examples=30, deadline=None)
@given(unit=st.sampled_from(["*x ", "_a ", "*", "_", "*x* ", "_x_ ", "a*b ", "** ", "\\* "]))
def test_clean_line_is_linear_on_hostile_text(unit: str) -> None:
    # 300 KB took 354 s before (issue 17); linear time takes well under a second here.
    text = unit * (300_000 // len(unit))
    t0 = time.perf_counter()
    clean_line(text)
    assert time.perf_counter() - t0 < 3.0


def test_every_expression_is_linear_on_hostile_text() -> None:
    """Each compiled expression of overlapgraph on 20,000-character runs of its worst characters."""
    import importlib

    modules = [
        "overlapgraph.model",
        "overlapgraph.output",
        "overlapgraph.names",
        "overlapgraph.reference",
        "overlapgraph.ingest.tables",
        "overlapgraph.ingest.oap_source",
        "overlapgraph.ingest.oap_parser",
        "overlapgraph.ingest.pipe_tables",
        "overlapgraph.ingest.oa_table",
        "overlapgraph.ingest.pdf",
        "overlapgraph.store.library",
        "overlapgraph.store.readonly",
        "overlapgraph.store.connection",
        "overlapgraph.analysis.diff",
    ]
    units = [
        " ",
        "\t",
        "*x ",
        "_a ",
        "A ",
        "1.",
        "( x ",
        "'",
        '"',
        "\\'",
        "/*",
        "`",
        "OA 1",
        "a,",
        " and",
        "sg ",
        "responsibility of ",
        "o a ",
        "bolt://x",
        "<br",
        "[",
        "-",
    ]

    def took(rx: re.Pattern[str], text: str) -> float:
        best = float("inf")
        gc.disable()
        try:
            for _ in range(5):  # the best of five: the machines are shared
                t0 = time.perf_counter()
                list(rx.finditer(text))
                rx.split(text)
                best = min(best, time.perf_counter() - t0)
        finally:
            gc.enable()
        return best

    # Linear means 8 times the text takes about 8 times as long; backtracking without bound makes it 64
    # times (quadratic) or worse. Judged by the ratio, not by a time limit, so that a loaded machine does
    # not fail it; the bar (twice linear) leaves a quadratic pattern room for a noisy machine too (CI once
    # measured the known quadratic pattern below at 39x, not 64x). Times under 50 ms pass: a linear
    # pattern takes well under a millisecond on 20,000 characters.
    bar = 16
    # the measure itself: a known quadratic pattern (each start scans to the end) is caught
    quadratic = re.compile(r"a*b")
    assert took(quadratic, "a" * 20_000) / took(quadratic, "a" * 2_500) > bar
    slow = []
    for name in modules:
        for attr, rx in vars(importlib.import_module(name)).items():
            if not isinstance(rx, re.Pattern):
                continue
            for unit in units:
                short = took(rx, unit * (2_500 // len(unit)))
                long = took(rx, unit * (20_000 // len(unit)))
                if long > 0.05 and long / max(short, 1e-6) > bar:
                    slow.append(
                        f"{name}.{attr} on {unit!r}: {long:.2f} s, {long / short:.0f}x for 8x the text"
                    )
    assert slow == []


def test_hostile_document_parses_in_linear_time(
    runner: CliRunner, tmp_path: Path, thb_document: Path
) -> None:
    doc = tmp_path / "thb.txt"
    doc.write_text(thb_document.read_text(encoding="utf-8") + "\n" + "*x " * 100_000 + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    r = runner.invoke(cli, ["validate", str(doc)])
    assert r.exit_code == 0, r.output
    assert time.perf_counter() - t0 < 20


def test_repeated_warnings_are_summarised(runner: CliRunner) -> None:
    from overlapgraph.cli._group import print_document_notes
    from overlapgraph.ingest.oap_parser import ParseWarning

    warnings = [ParseWarning("d.txt", n, "read 'A 2.5' as 'OA 2.5' (typo)") for n in range(1, 100_001)]
    warnings.append(ParseWarning("d.txt", 7, "x" * 10_000_000))

    import click

    @click.command()
    def show() -> None:
        print_document_notes(warnings, [], [], show_redactions=click.echo)

    r = runner.invoke(show)
    lines = r.stderr.splitlines()
    assert lines[:3] == [f"Warning: d.txt:{n}: read 'A 2.5' as 'OA 2.5' (typo)" for n in (1, 2, 3)]
    assert "Warning: d.txt: ... and 99,997 more like it (read 'A 2.5' as 'OA 2.5' (typo))" in lines
    assert len(lines) == 5 and max(map(len, lines)) < 400  # the 10 MB warning is cut


def test_a_second_subject_line_is_warned(runner: CliRunner, tmp_path: Path, thb_document: Path) -> None:
    text = thb_document.read_text(encoding="utf-8").splitlines()
    i = next(n for n, line in enumerate(text) if line.startswith("Subject:"))
    text.insert(i + 3, "Subject: Operational Action Plan 2023: Cybercrime")
    doc = tmp_path / "two-subjects.txt"
    doc.write_text("\n".join(text) + "\n", encoding="utf-8")
    r = runner.invoke(cli, ["validate", str(doc)])
    assert r.exit_code == 0, r.output
    assert (
        f"Warning: two-subjects.txt:{i + 4}: a second subject line; the first (line {i + 1}) is read, "
        "this one is ignored"
    ) in r.stderr.splitlines()


def test_pdf_without_eof_marker_prints_no_library_noise(runner: CliRunner, tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(0, 5, "Nothing here is an OAP")
    path = tmp_path / "cut.pdf"
    data = bytes(pdf.output())
    path.write_bytes(data[: data.rindex(b"%%EOF")])
    r = runner.invoke(cli, ["parse", str(path), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("Error: "), r.stderr
    assert "EOF" not in r.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("user_password", ["", "user"])
def test_aes_encrypted_pdf(runner: CliRunner, tmp_path: Path, user_password: str) -> None:
    # Done by earlier work: the owner-password-only PDF opens; with a user password, one line.
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(0, 5, "Subject: Operational Action Plan 2026-2027: Fighting drug trafficking")
    pdf.set_encryption(
        owner_password="owner", user_password=user_password, encryption_method=EncryptionMethod.AES_256
    )
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    r = runner.invoke(cli, ["parse", str(path), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.output
    if user_password:
        assert (
            r.stderr
            == f"Error: {path}: the PDF is encrypted with a password; save an unprotected copy first\n"
        )
    else:
        assert (
            "is encrypted with a password" not in r.stderr
        )  # opened: the error is about its content (one subject line only)
    assert not (tmp_path / "out").exists()
