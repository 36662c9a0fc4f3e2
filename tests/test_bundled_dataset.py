"""The bundled dataset data/empact-2022 against figures derived independently from the real document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from overlapgraph import read_dataset
from overlapgraph.model import Dataset, is_assumed
from tests.conftest import SOURCES


def _document_lines(thb: Path) -> list[str]:
    return thb.read_text(encoding="utf-8").splitlines()


def _overlap_lines(lines: list[str]) -> list[str]:
    """The bulleted lines of section 2.2, found by their headings, not by line numbers."""
    start = next(i for i, s in enumerate(lines) if s.startswith("2.2 Potential overlaps"))
    end = next(i for i, s in enumerate(lines) if i > start and s.strip() == "3. Structure")
    return [s for s in lines[start:end] if s.startswith("- OAP ")]


_CODE = re.compile(r"\bO?A\s?(\d+\.\d+)")


@pytest.fixture(scope="module")
def ds(bundled: Path) -> Dataset:
    return read_dataset(bundled)


def test_goal_count_matches_document(ds: Dataset, thb_document: Path) -> None:
    goals = [s for s in _document_lines(thb_document) if re.match(r"^- (CHSG|ATSG) \d+ - ", s)]
    assert len(goals) == 9
    assert len(ds.goals) == len(goals)
    printed = {re.match(r"^- (\w+ \d+) - (.*)$", s).groups() for s in goals}  # type: ignore[union-attr]
    assert {(g.label, g.title) for g in ds.goals} == printed


def test_overlaps_and_actions_match_document(ds: Dataset, thb_document: Path) -> None:
    lines = _overlap_lines(_document_lines(thb_document))
    assert len(lines) == 9
    codes_per_line = [_CODE.findall(s) for s in lines]
    assert sum(len(c) for c in codes_per_line) == 50
    assert len(ds.overlaps) == 50
    distinct = {c for codes in codes_per_line for c in codes}
    assert len(distinct) == 17
    assert {a.code for a in ds.actions} == distinct
    # Each document line's codes are exactly the declared overlaps of one target priority.
    per_target: dict[str, set[str]] = {}
    for o in ds.overlaps:
        per_target.setdefault(o.target_priority, set()).add(o.action_code)
    assert sorted(map(sorted, per_target.values())) == sorted(sorted(set(c)) for c in codes_per_line)


def test_priorities_match_empact_list(ds: Dataset) -> None:
    text = (SOURCES / "EMPACT.md").read_text(encoding="utf-8")
    section = text.split("## The 15 OAPs", 1)[1].split("\n", 1)[1].split("##", 1)[0]
    codes = re.findall(r"(?:^|· )([A-Z][A-Z-]*[A-Z]) ", section.replace("\n", " "))
    assert len(codes) == 15
    assert {p.code for p in ds.priorities} == set(codes)


def test_actors_match_document(ds: Dataset, thb_document: Path) -> None:
    lines = _document_lines(thb_document)
    relevant = next(s for s in lines if s.startswith("Action leaders – relevant actors:"))
    partners = next(s for s in lines if s.startswith("Action leaders - partners:"))
    codes = [c.strip() for c in relevant.split(":", 1)[1].split(",")]
    assert len(codes) == 10
    roles = {(r.actor, str(r.role)) for r in ds.oap_actors}
    assert {a for a, role in roles if role == "relevant_actor"} == set(codes)
    partner_names = {a.name for a in ds.actors if (a.code, "partner") in roles}
    assert partner_names == {partners.split(":", 1)[1].strip()}
    assert {a for a, role in roles if role == "driver"} == {"NL"}
    assert len(ds.actors) == len(codes) + 1


def test_oap_facts(ds: Dataset) -> None:
    (oap,) = ds.oaps
    assert (oap.oap_id, oap.priority, oap.period, oap.document) == ("THB-2022", "THB", "2022", "13607/21")
    assert oap.stated_actions == 24
    assert oap.previous_document == "12661/1/20 REV 1"


def test_every_record_has_provenance(ds: Dataset) -> None:
    for table, records in ds.records():
        for r in records:
            source = r.source  # type: ignore[attr-defined]
            assert source, f"{table}: {r} has no source"
            assert is_assumed(source) or "13607/21" in source, f"{table}: {source!r}"


def test_typo_fix_is_noted(ds: Dataset) -> None:
    cse = [o for o in ds.overlaps if o.target_priority == "CSE" and o.action_code == "2.5"]
    assert len(cse) == 1
    assert "A 2.5" in cse[0].source


def test_workbook_round_trip(ds: Dataset, tmp_path: Path) -> None:
    from overlapgraph.ingest import write_dataset

    write_dataset(ds, tmp_path / "empact.xlsx")
    again = read_dataset(tmp_path / "empact.xlsx")
    for table, records in ds.records():
        assert getattr(again, table) == records, table
