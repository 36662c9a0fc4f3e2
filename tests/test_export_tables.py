"""Export tables on the bundled THB 2022 data: values derived by hand from Council document 13607/21 §2.2."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from overlapgraph.export import export_tables
from overlapgraph.ingest import read_dataset
from overlapgraph.model import (
    OAP,
    Action,
    ActionRole,
    Actor,
    ActorKind,
    Dataset,
    Goal,
    Overlap,
    Participation,
    Priority,
)

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
    # only THB has an OAP: actors and goals are not available, so they have no evidence sheet
    assert [t.name for t in tables.tables] == [
        "synergies",
        "pairs",
        "matrix",
        "evidence_declared",
        "evidence_co_named",
        "reciprocity",
        "action_links",
        "actions",
        "declarations",
    ]
    assert all(len(t.title) <= 31 for t in tables.tables)  # Excel's limit on sheet titles


def test_top_synergy_is_thb_ms_with_16_actions(tables):
    top = tables.table("synergies").frame.iloc[0]
    assert (top["rank"], top["priority_a"], top["priority_b"]) == (1, "MS", "THB")
    assert (top["declared_count"], top["co_named_count"], top["declared_b_to_a"]) == (16, 0, 16)
    assert pd.isna(top["actors_count"]) and pd.isna(top["goals_jaccard"])  # not available, not 0
    assert 0 < top["score"] <= 1
    assert top["reason"] == f"declared: THB-2022 declares OA {', '.join(THB_DECLARED['MS'])} towards MS"


def test_ms_cfmlar_share_ten_actions_through_thb(tables):
    syn = tables.table("synergies").frame
    row = syn[(syn.priority_a == "CFMLAR") & (syn.priority_b == "MS")].iloc[0]
    expected = [c for c in THB_DECLARED["MS"] if c in THB_DECLARED["CFMLAR"]]  # all but 4.1
    assert (row["co_named_count"], row["declared_count"]) == (len(expected), 0) == (10, 0)
    assert row["reason"] == f"co-named: both named by THB-2022 OA {', '.join(expected)}"
    ev = tables.table("evidence_co_named").frame
    pair = ev[(ev.priority_a == "CFMLAR") & (ev.priority_b == "MS")].iloc[0]
    assert pair["co_named_items"] == "; ".join(f"THB-2022/OA {c}" for c in expected)
    assert (pair["co_named_count"], pair["rank"], pair["co_named_jaccard"]) == (
        10,
        row["rank"],
        round(10 / 17, 4),
    )


def test_declared_evidence_pairs_match_the_document(tables):
    # THB shares with each of its 9 targets; two targets share when THB names one action towards both
    declared = {tuple(sorted(("THB", p))) for p in THB_DECLARED}
    co_named = {
        (p, q)
        for p in THB_DECLARED
        for q in THB_DECLARED
        if p < q and set(THB_DECLARED[p]) & set(THB_DECLARED[q])
    }
    ev = tables.table("evidence_declared").frame
    assert set(zip(ev.priority_a, ev.priority_b, strict=True)) == declared
    co = tables.table("evidence_co_named").frame
    assert set(zip(co.priority_a, co.priority_b, strict=True)) == co_named
    assert len(tables.table("synergies").frame) == len(declared | co_named)
    # only THB has actors and actions: actors and goals are not available, and the front sheet says so
    assert "actors (no actors on the actions of two priorities" in dict(tables.about)["Not available"]


def test_reciprocity_cannot_be_checked_with_only_thb_loaded(tables):
    rec = tables.table("reciprocity").frame
    got = {r.target_priority: (r.oap_id, r.actions, r.status, r.back_actions) for r in rec.itertuples()}
    assert got == {
        p: ("THB-2022", "; ".join(f"THB-2022/OA {c}" for c in codes), "unchecked", "")
        for p, codes in THB_DECLARED.items()
    }


def test_action_links_are_the_declarations(tables):
    links = tables.table("action_links").frame
    expected = {(f"THB-2022/OA {c}", p) for p, codes in THB_DECLARED.items() for c in codes}
    assert set(zip(links.action_id, links.partner, strict=True)) == expected
    assert set(links["priority"]) == {"THB"} and set(links["oap_id"]) == {"THB-2022"}
    assert set(links["reason"]) == {f"declared towards {p}" for p in THB_DECLARED}
    # the partners' OAPs are not in the data (only THB's is): nothing to name on their side
    assert set(links["partner_oaps"]) == set(links["partner_drivers"]) == {""}


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


def test_actor_and_goal_evidence_and_reciprocity_on_a_small_dataset():
    # A-2022 OA 1.1 (goal CHSG-1) led by DE, declared towards B; B-2022 OA 1.1 (CHSG-1) with DE
    # taking part, and OA 2.1 (CHSG-2) declared towards A: DE and CHSG-1 are shared, declarations return
    ds = Dataset(
        priorities=[Priority("A", "a"), Priority("B", "b")],
        actors=[Actor("DE", "Germany", ActorKind.MEMBER_STATE)],
        goals=[Goal("CHSG-1", 1, "CHSG 1", "g1"), Goal("CHSG-2", 2, "CHSG 2", "g2")],
        oaps=[OAP("A-2022", "A", "2022"), OAP("B-2022", "B", "2022")],
        actions=[
            Action("A-2022", "1.1", "CHSG-1"),
            Action("B-2022", "1.1", "CHSG-1"),
            Action("B-2022", "2.1", "CHSG-2"),
        ],
        participations=[
            Participation("A-2022", "1.1", "DE", ActionRole.LEADER),
            Participation("B-2022", "1.1", "DE", ActionRole.PARTICIPANT),
        ],
        overlaps=[Overlap("A-2022", "1.1", "B"), Overlap("B-2022", "2.1", "A")],
    )
    t = export_tables(ds)
    actors = t.table("evidence_actors").frame
    assert list(zip(actors.priority_a, actors.priority_b, actors["actors_items"], strict=True)) == [
        ("A", "B", "DE")
    ]
    goals = t.table("evidence_goals").frame
    assert list(zip(goals.priority_a, goals.priority_b, goals["goals_items"], strict=True)) == [
        ("A", "B", "CHSG-1")
    ]
    declared = t.table("evidence_declared").frame
    assert declared.loc[0, "declared_items"] == "A-2022/OA 1.1; B-2022/OA 2.1"
    syn = t.table("synergies").frame
    assert (syn.loc[0, "declared_count"], syn.loc[0, "actors_count"], syn.loc[0, "goals_count"]) == (2, 1, 1)
    assert (syn.loc[0, "declared_a_to_b"], syn.loc[0, "declared_b_to_a"], syn.loc[0, "status"]) == (
        1,
        1,
        "reciprocated",
    )
    rec = t.table("reciprocity").frame
    got = {r.oap_id: (r.target_priority, r.status, r.back_actions) for r in rec.itertuples()}
    assert got == {
        "A-2022": ("B", "reciprocated", "B-2022/OA 2.1"),
        "B-2022": ("A", "reciprocated", "A-2022/OA 1.1"),
    }
    acts = t.table("actions").frame
    assert list(acts["leaders"]) == ["DE", "", ""] and list(acts["participants"]) == ["", "DE", ""]
