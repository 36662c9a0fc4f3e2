"""Export tables on the bundled THB 2022 data: values derived by hand from Council document 13607/21 §2.2."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from overlapgraph.export import export_tables
from overlapgraph.ingest import read_dataset

# 13607/21 §2.2 lines 128-136: the OAs of THB 2022 named towards each other OAP.
THB_DECLARED = {
    "MS": ["1.1", "1.2", "2.1", "2.3", "2.4", "2.5", "3.1", "3.2", "3.4", "5.1"]
    + ["8.1", "8.2", "8.3", "8.4", "8.5", "9.1"],
    "CSE": ["1.1", "2.1", "2.5", "3.1", "3.4", "8.4"],
    "SD-NPS": ["2.1", "8.5"],
    "CCH": ["8.1", "8.5", "9.1"],
    "OPC": ["1.1", "3.4", "8.1", "8.5", "9.1"],
    "CFMLAR": ["1.1", "2.1", "2.3", "2.4", "3.1", "4.1", "8.1", "8.2", "8.3", "8.4", "9.1"],
    "HRCN": ["2.1", "2.4", "4.1", "5.1"],
    "CA": ["1.1", "3.1"],
    "OFS": ["8.3"],
}
THB_ACTIONS = sorted({c for codes in THB_DECLARED.values() for c in codes})  # the 17 OAs named in §2.2


@pytest.fixture(scope="module")
def tables(bundled):
    ds = read_dataset(bundled)
    return export_tables(ds, generated_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))


def test_table_names_in_sheet_order(tables):
    assert [t.name for t in tables.tables] == [
        "synergies",
        "evidence_actions",
        "reciprocity",
        "actions",
        "declarations",
    ]
    assert all(len(t.title) <= 31 for t in tables.tables)  # Excel's limit on sheet titles


def test_top_synergy_is_thb_ms_with_16_actions(tables):
    syn = tables.table("synergies").frame
    top = syn.iloc[0]
    assert (top["rank"], top["priority_a"], top["priority_b"]) == (1, "MS", "THB")
    assert top["shared_actions"] == 16
    # THB's set: its 17 own actions; MS's: the 16 declared towards it; union 17
    assert top["jaccard"] == pytest.approx(16 / 17, abs=1e-4)
    assert top["reason"] == "16 shared action(s): 16 THB action(s) declared towards MS"
    assert top["actions"].split("; ") == [f"THB-2022/OA {c}" for c in THB_DECLARED["MS"]]


def test_ms_cfmlar_share_ten_actions_through_thb(tables):
    syn = tables.table("synergies").frame
    row = syn[(syn.priority_a == "CFMLAR") & (syn.priority_b == "MS")].iloc[0]
    expected = sorted(set(THB_DECLARED["MS"]) & set(THB_DECLARED["CFMLAR"]))  # all but 4.1
    assert row["shared_actions"] == len(expected) == 10
    assert row["reason"] == "10 shared action(s): 10 action(s) of THB-2022 declared towards both"
    ev = tables.table("evidence_actions").frame
    pair = ev[(ev.priority_a == "CFMLAR") & (ev.priority_b == "MS")]
    assert sorted(pair["action_id"]) == sorted(f"THB-2022/OA {c}" for c in expected)
    assert set(pair["link"]) == {
        f"THB-2022/OA {c} of THB-2022 is declared towards both CFMLAR and MS" for c in expected
    }


def test_reciprocity_cannot_be_checked_with_only_thb_loaded(tables):
    rec = tables.table("reciprocity").frame
    got = {r.to_priority: (r.declared_actions, r.declared_back, r.status) for r in rec.itertuples()}
    assert got == {
        p: (len(codes), 0, f"not checked: no OAP of {p} loaded") for p, codes in THB_DECLARED.items()
    }
    assert set(rec["from_priority"]) == {"THB"}


def test_actions_per_priority(tables):
    acts = tables.table("actions").frame
    assert list(acts["code"]) == THB_ACTIONS
    assert set(acts["priority"]) == {"THB"}
    row = acts[acts.code == "8.3"].iloc[0]
    assert row["declared_towards"] == "CFMLAR; MS; OFS"
    assert row["goal_title"] == "External dimension: cooperation with non-EU partners"  # CHSG 8, §1
    assert row["leaders"] == ""  # action leaders are redacted (DELETED) in the public copy


def test_declarations_keep_notes_and_sources(tables):
    dec = tables.table("declarations").frame
    assert len(dec) == sum(len(c) for c in THB_DECLARED.values()) == 50
    ofs = dec[dec.target_priority == "OFS"].iloc[0]
    assert (ofs["action_id"], ofs["note"]) == ("THB-2022/OA 8.3", "Telecom Fraud")


def test_front_sheet_facts(tables):
    about = dict(tables.about)
    assert about["Generated"] == "2026-01-02T03:04:05+00:00"
    assert about["Source documents"] == "THB-2022: Council document 13607/21 of 2021-11-13"
    assert "17 actions" in about["Contents"] and "50 declared overlaps" in about["Contents"]
    assert about["Dataset"].endswith("empact-2022")
