"""Pipe tables of text and markdown documents (every input constructed in the test)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from overlapgraph.ingest.oap_source import SourceLine, clean_line, read_document, read_lines
from overlapgraph.ingest.pipe_tables import pipe_tables


def _lines(*raw: str) -> list[SourceLine]:
    """Lines as a text document gives them: cleaned, numbered from 1."""
    return [SourceLine(n, clean_line(t)) for n, t in enumerate(raw, start=1)]


def test_markdown_table() -> None:
    lines = _lines(
        "Operational actions:",
        "| OA No. | Title | Action Leader | Participants |",
        "|:-------|-------|:-------------:|-------------:|",
        "| OA 1.1 | Joint action days | BE | AT<br>FR<br/>Europol |",
        "| OA 1.2 | Financial investigations | FR |",  # a cell short: an empty one added
        "",
        "After the table.",
    )
    out, tables = pipe_tables(lines)
    assert [ln.table for ln in out] == [0, 1, 1, 1, 1, 0, 0]  # the separator row is marked too
    assert [dataclasses.replace(ln, table=0) for ln in out] == lines  # numbers and text unchanged
    (table,) = tables
    assert (table.index, table.where) == (1, "table 1")
    assert [(r.cells, r.where, r.line) for r in table.rows] == [
        (("OA No.", "Title", "Action Leader", "Participants"), "table 1 row 1 (line 2)", 2),
        (("OA 1.1", "Joint action days", "BE", "AT\nFR\nEuropol"), "table 1 row 2 (line 4)", 4),
        (("OA 1.2", "Financial investigations", "FR", ""), "table 1 row 3 (line 5)", 5),
    ]


def test_markdown_table_without_outer_pipes_and_extra_cells() -> None:
    lines = _lines("OA | Leader", "--- | ---", "1.1 | BE | NL", "1.2 | FR")
    _, (table,) = pipe_tables(lines)
    # a row with more cells than the header: the extra ones joined to the last
    assert [r.cells for r in table.rows] == [("OA", "Leader"), ("1.1", "BE | NL"), ("1.2", "FR")]


def test_plain_pipe_tables() -> None:
    lines = _lines(
        "Subject: one | line alone is not a table",
        "",
        "CHSG 1 | Disrupt networks | BE",
        "CHSG 2 | Financial investigations | FR",
        "a | b",  # two cells now: another table
        "c | d",
        "no pipe ends it",
        "x | y",
    )
    out, tables = pipe_tables(lines)
    assert [ln.table for ln in out] == [0, 0, 1, 1, 2, 2, 0, 0]
    assert [[(r.cells, r.where) for r in t.rows] for t in tables] == [
        [
            (("CHSG 1", "Disrupt networks", "BE"), "table 1 row 1 (line 3)"),
            (("CHSG 2", "Financial investigations", "FR"), "table 1 row 2 (line 4)"),
        ],
        [(("a", "b"), "table 2 row 1 (line 5)"), (("c", "d"), "table 2 row 2 (line 6)")],
    ]


def test_plain_rows_then_a_markdown_table() -> None:
    lines = _lines("a | b", "c | d", "OA | Leader", "---|---", "1.1 | BE")
    out, tables = pipe_tables(lines)
    assert [ln.table for ln in out] == [1, 1, 2, 2, 2]
    assert [[r.cells for r in t.rows] for t in tables] == [
        [("a", "b"), ("c", "d")],
        [("OA", "Leader"), ("1.1", "BE")],
    ]


def test_escaped_pipes() -> None:
    # clean_line has already turned a markdown "\|" into "|", so in a document it separates cells ...
    assert clean_line(r"| a \| b | c |") == "| a | b | c |"
    _, (table,) = pipe_tables(_lines(r"| a \| b | c |", "| d | e | f |"))
    assert [r.cells for r in table.rows] == [("a", "b", "c"), ("d", "e", "f")]
    # ... and a "\|" still in a cleaned line is a literal pipe
    cleaned = [SourceLine(1, r"| a \| b | c |"), SourceLine(2, "| d | e |")]
    _, (table,) = pipe_tables(cleaned)
    assert [r.cells for r in table.rows] == [("a | b", "c"), ("d", "e")]


def test_hostile_lines() -> None:
    many = "|" * 100_000
    escaped = "\\|" * 50_000
    out, tables = pipe_tables([SourceLine(1, many), SourceLine(2, many), SourceLine(3, escaped)])
    assert [ln.table for ln in out] == [1, 1, 0]
    (table,) = tables
    assert [len(r.cells) for r in table.rows] == [99_999, 99_999]
    assert set(table.rows[0].cells) == {""}
    _, none = pipe_tables([SourceLine(1, escaped), SourceLine(2, escaped)])
    assert none == []  # no unescaped pipe: one cell, no table


def test_read_document_of_markdown(tmp_path: Path) -> None:
    path = tmp_path / "oap.md"
    path.write_text("# Title\n\n| OA | **Leader** |\n|---|---|\n| 1.1 | BE |\n", encoding="utf-8")
    doc = read_document(path)
    assert [dataclasses.replace(ln, table=0) for ln in doc.lines] == read_lines(path)
    assert [ln.table for ln in doc.lines] == [0, 0, 1, 1, 1]
    assert [(r.cells, r.where) for r in doc.tables[0].rows] == [
        (("OA", "Leader"), "table 1 row 1 (line 3)"),
        (("1.1", "BE"), "table 1 row 2 (line 5)"),
    ]


_PIECE = st.sampled_from(["|", "\\", "-", ":", " ", "a", "<br>", "<br/>", "*", "_", "\t"]) | st.text(
    max_size=3
)
_LINE = st.lists(_PIECE, max_size=20).map("".join) | st.sampled_from(
    ["", "|---|---|", "| a | b |", "a | b", "|:-:|"]
)
_TEXT = st.lists(_LINE, max_size=25)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.booleans())
def test_any_lines(raw: list[str], cleaned: bool) -> None:
    lines = _lines(*raw) if cleaned else [SourceLine(n, t) for n, t in enumerate(raw, start=1)]
    out, tables = pipe_tables(lines)
    assert [dataclasses.replace(ln, table=0) for ln in out] == lines
    assert [t.index for t in tables] == list(range(1, len(tables) + 1))
    for t in tables:
        widths = {len(r.cells) for r in t.rows}
        assert len(widths) == 1 and min(widths) >= 2  # every row as wide as the table, two cells at least
        marked = [ln.number for ln in out if ln.table == t.index]
        assert marked == list(range(marked[0], marked[-1] + 1))  # a table is consecutive lines
        assert {r.line for r in t.rows} <= set(marked)
        assert [r.where for r in t.rows] == [
            f"table {t.index} row {i} (line {r.line})" for i, r in enumerate(t.rows, 1)
        ]
