"""Synergy tables: hand-checked small datasets, hub damping, and the bundled data against the THB document."""

from __future__ import annotations

import math
import re
from itertools import combinations
from pathlib import Path

import pytest

from overlapgraph import read_dataset
from overlapgraph.analysis import (
    AnalysisOptions,
    action_links,
    analyse,
    evidence_sets,
    filter_synergies,
    item_weights,
    set_similarity,
    synergy_table,
)
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
from overlapgraph.present import reason, synergy_frame

MS_ = ActorKind.MEMBER_STATE


def small() -> Dataset:
    """Three priorities; A and B have OAPs, C is only a declared target.

    A: OA 1.1 (CHSG 1; NL leads, Europol takes part) declared towards B and C; OA 2.1 (CHSG 2; Europol)
    declared towards C. B: OA 1.1 (CHSG 1; NL, Europol, FR).
    """
    return Dataset(
        name="small",
        priorities=[Priority("A", "Alpha"), Priority("B", "Beta"), Priority("C", "Gamma")],
        actors=[Actor(c, c, MS_) for c in ("NL", "EUROPOL", "FR")],
        goals=[Goal("CHSG-1", 1, "CHSG 1", "one"), Goal("CHSG-2", 2, "CHSG 2", "two")],
        oaps=[OAP("A-2022", "A", "2022"), OAP("B-2022", "B", "2022")],
        actions=[
            Action("A-2022", "1.1", "CHSG-1"),
            Action("A-2022", "2.1", "CHSG-2"),
            Action("B-2022", "1.1", "CHSG-1"),
        ],
        participations=[
            Participation("A-2022", "1.1", "NL", ActionRole.LEADER),
            Participation("A-2022", "1.1", "EUROPOL", ActionRole.PARTICIPANT),
            Participation("A-2022", "2.1", "EUROPOL", ActionRole.LEADER),
            Participation("B-2022", "1.1", "NL", ActionRole.LEADER),
            Participation("B-2022", "1.1", "EUROPOL", ActionRole.CO_LEADER),
            Participation("B-2022", "1.1", "FR", ActionRole.PARTICIPANT),
        ],
        overlaps=[
            Overlap("A-2022", "1.1", "B"),
            Overlap("A-2022", "1.1", "C"),
            Overlap("A-2022", "2.1", "C"),
        ],
    )


def test_evidence_sets_by_hand() -> None:
    ds = small()
    assert evidence_sets(ds, "declared") == {
        "A": {"A-2022/OA 1.1", "A-2022/OA 2.1"},
        "B": {"B-2022/OA 1.1", "A-2022/OA 1.1"},
        "C": {"A-2022/OA 1.1", "A-2022/OA 2.1"},
    }
    assert evidence_sets(ds, "actors") == {"A": {"NL", "EUROPOL"}, "B": {"NL", "EUROPOL", "FR"}, "C": set()}
    assert evidence_sets(ds, "goals") == {"A": {"CHSG-1", "CHSG-2"}, "B": {"CHSG-1"}, "C": set()}
    with pytest.raises(ValueError, match="unknown evidence kind 'x'"):
        evidence_sets(ds, "x")


def test_unweighted_scores_by_hand() -> None:
    rows = {(s.a, s.b): s for s in synergy_table(small(), weighting="none")}
    assert set(rows) == {("A", "B"), ("A", "C"), ("B", "C")}
    ab = rows[("A", "B")].evidence
    # declared: A {A1.1, A2.1}, B {B1.1, A1.1}: A1.1 is A's, declared towards B: 1 shared of 3
    assert ab["declared"] is not None and ab["co_named"] is not None
    assert (ab["declared"].count, ab["co_named"].count) == (1, 0)
    assert ab["declared"].jaccard == pytest.approx(1 / 3) == ab["declared"].weighted
    # actors: {NL, EUROPOL} vs {NL, EUROPOL, FR}; goals: {CHSG-1, CHSG-2} vs {CHSG-1}
    assert ab["actors"] is not None and ab["goals"] is not None
    assert ab["actors"].items == ("EUROPOL", "NL")
    assert ab["actors"].jaccard == pytest.approx(2 / 3)
    assert ab["goals"].jaccard == 0.5
    # every kind is available (two priorities have evidence of each): shares 0.5 / 0.1 / 0.25 / 0.15
    assert rows[("A", "B")].score == pytest.approx(0.5 / 3 + 0.25 * 2 / 3 + 0.15 * 0.5)
    assert (rows[("A", "B")].declared_a_to_b, rows[("A", "B")].declared_b_to_a) == (1, 0)
    assert rows[("A", "B")].status == "one-sided"  # B's OAP is loaded and declares nothing towards A
    # A declares both its actions towards C (no OAP): the declared sets are equal; C has no actors or goals
    ac = rows[("A", "C")]
    assert (ac.count("declared"), ac.evidence["declared"].jaccard, ac.score, ac.status) == (  # type: ignore[union-attr]
        2,
        1.0,
        0.5,
        "unchecked",
    )
    # B and C share A1.1 only because A declares it towards both: co-named, not declared
    bc = rows[("B", "C")]
    assert (bc.count("declared"), bc.count("co_named"), bc.status) == (0, 1, "co-named")
    assert bc.evidence["co_named"].jaccard == pytest.approx(1 / 3)  # type: ignore[union-attr]
    assert bc.score == pytest.approx(0.1 / 3)
    assert [r.rank for r in (rows[("A", "C")], rows[("A", "B")], rows[("B", "C")])] == [1, 2, 3]
    # cosine and overlap of the weighted sets, when asked for
    cos = {(s.a, s.b): s for s in synergy_table(small(), weighting="none", metric="cosine")}[("A", "B")]
    assert cos.evidence["actors"].weighted == pytest.approx(2 / math.sqrt(6))  # type: ignore[union-attr]
    assert cos.evidence["declared"].weighted == pytest.approx(1 / 2)  # type: ignore[union-attr]


def test_reasons_by_hand() -> None:
    an = analyse(small(), AnalysisOptions(weighting="none"))
    rows = {(s.a, s.b): reason(an, s) for s in an.synergies}
    assert (
        rows[("A", "B")]
        == "declared: A-2022 declares OA 1.1 towards B; shared actors EUROPOL, NL; same goals CHSG 1"
    )
    assert rows[("B", "C")] == "co-named: both named by A-2022 OA 1.1"
    assert rows[("A", "C")] == "declared: A-2022 declares OA 1.1, 2.1 towards C"


def test_idf_and_newman_weights_by_hand() -> None:
    ds = small()
    sets = evidence_sets(ds, "declared")
    idf = item_weights(sets, "idf")  # N = 3 non-empty sets
    assert idf["A-2022/OA 1.1"] == pytest.approx(1.0)  # in all 3
    assert idf["A-2022/OA 2.1"] == pytest.approx(1 + math.log(4 / 3))
    assert idf["B-2022/OA 1.1"] == pytest.approx(1 + math.log(2))
    row = {(s.a, s.b): s for s in synergy_table(ds, "declared", weighting="idf")}[("A", "B")]
    assert row.evidence["declared"].weighted == pytest.approx(  # type: ignore[union-attr]
        1 / (1 + 1 + math.log(4 / 3) + 1 + math.log(2))
    )
    newman = {(s.a, s.b): s for s in synergy_table(ds, "declared")}[("A", "B")]  # newman: the default
    # A1.1 is in 3 sets: 1/(3-1); A2.1 in 2: 1; B1.1 in 1 only: 1
    assert newman.evidence["declared"].weighted == pytest.approx(0.5 / (0.5 + 1 + 1))  # type: ignore[union-attr]
    assert newman.evidence["declared"].jaccard == pytest.approx(1 / 3)  # type: ignore[union-attr]  # plain
    with pytest.raises(ValueError, match="unknown weighting"):
        item_weights(sets, "tfidf")


def test_hub_is_damped() -> None:
    """HUB works for all four priorities; R and S share nothing else."""
    sets = {"P": {"HUB", "X"}, "Q": {"HUB", "X"}, "R": {"HUB", "Y"}, "S": {"HUB", "Z"}}
    plain = set_similarity(sets["R"], sets["S"]).jaccard
    newman = set_similarity(sets["R"], sets["S"], item_weights(sets, "newman")).jaccard
    idf = set_similarity(sets["R"], sets["S"], item_weights(sets, "idf")).jaccard
    assert plain == pytest.approx(1 / 3)
    assert newman == pytest.approx((1 / 3) / (1 / 3 + 2))
    assert idf == pytest.approx(1 / (1 + 2 * (1 + math.log(5 / 2))))
    assert newman < idf < plain


def test_action_links_by_hand() -> None:
    links = {(x.action, x.priority): x for x in action_links(small(), weighting="none")}
    assert set(links) == {
        ("A-2022/OA 1.1", "B"),
        ("A-2022/OA 1.1", "C"),
        ("A-2022/OA 2.1", "B"),  # Europol also works for B
        ("A-2022/OA 2.1", "C"),
        ("B-2022/OA 1.1", "A"),  # actors and goal shared, not declared
    }
    x = links[("A-2022/OA 1.1", "B")]
    assert (x.declared, x.actors, x.goal) == (True, ("EUROPOL", "NL"), "CHSG-1")
    assert x.score == pytest.approx(1.0)
    y = links[("B-2022/OA 1.1", "A")]
    # declared 0, actors NL+EUROPOL of NL, EUROPOL, FR = 2/3, goal CHSG-1 is A's too; shares .5 .25 .15
    assert y.score == pytest.approx((0.25 * 2 / 3 + 0.15 * 1) / 0.9)
    assert y.reason == "shared actors EUROPOL, NL; A also has actions under CHSG 1"
    assert links[("A-2022/OA 2.1", "C")].score == 1.0  # only declared is measurable for C


def test_filter_and_options() -> None:
    table = synergy_table(small(), weighting="none")
    assert [(s.a, s.b) for s in filter_synergies(table, priority="B")] == [("A", "B"), ("B", "C")]
    assert [s.rank for s in filter_synergies(table, min_score=0.4)] == [1, 2]
    assert filter_synergies(table, top=0) == []
    only_actors = synergy_table(small(), "actors", weighting="none")
    assert [(s.a, s.b) for s in only_actors] == [("A", "B")]
    overlap = synergy_table(
        small(), ["declared"], weights={"declared": 1.0}, metric="overlap", weighting="none"
    )
    assert [(s.a, s.b, s.score) for s in overlap] == [("A", "C", 1.0), ("A", "B", 0.5), ("B", "C", 0.0)]
    with pytest.raises(ValueError, match="unknown metric"):
        synergy_table(small(), metric="dice")
    with pytest.raises(ValueError, match="unknown evidence kind"):
        synergy_table(small(), by="money")


def test_oap_level_actors_count_only_when_asked() -> None:
    from overlapgraph.model import OAPActor, OAPRole

    ds = small()
    ds.oap_actors = [OAPActor("A-2022", "FR", OAPRole.DRIVER)]
    assert evidence_sets(ds, "actors")["A"] == {"NL", "EUROPOL", "FR"}
    assert evidence_sets(ds, "actors", oap_actors=False)["A"] == {"NL", "EUROPOL"}


def test_synergy_frame_flattens_rows() -> None:
    df = synergy_frame(analyse(small(), AnalysisOptions(weighting="none")))
    assert list(df["priority_a"] + "-" + df["priority_b"]) == ["A-C", "A-B", "B-C"]
    assert df.loc[1, "actors_items"] == "EUROPOL; NL"
    assert df.loc[2, "co_named_items"] == "A-2022/OA 1.1"


# --- the bundled data against the real document -------------------------------------------------

#: OAP names as printed in 13607/21 §2.2 -> priority codes (EMPACT.md's list), by hand.
DOC_NAMES = {
    "Migrant Smuggling": "MS",
    "Child Sexual Exploitation": "CSE",
    "NPS Synthetic Drugs": "SD-NPS",
    "Cannabis/Cocaine/heroin": "CCH",
    "Organised Property Crime": "OPC",
    "Criminal Finances, Money Laundering & Asset Recovery": "CFMLAR",
    "High Risk Criminal Networks": "HRCN",
    "Cyber Attacks": "CA",
    "Online Fraud Schemes": "OFS",
}


def _declared_in_document(thb: Path) -> dict[str, set[str]]:
    """Target priority -> THB OA codes, read from the bulleted lines of §2.2."""
    lines = thb.read_text(encoding="utf-8").splitlines()
    start = next(i for i, s in enumerate(lines) if s.startswith("2.2 Potential overlaps"))
    out: dict[str, set[str]] = {}
    for s in lines[start:]:
        if s.strip() == "3. Structure":
            break
        m = re.match(r"^- OAP (.+?) \((.*)\)$", s)
        if m:
            out[DOC_NAMES[m.group(1)]] = set(re.findall(r"\bO?A\s?(\d+\.\d+)", m.group(2)))
    return out


@pytest.fixture(scope="module")
def bundled_ds(bundled: Path) -> Dataset:
    return read_dataset(bundled)


def test_bundled_pairs_and_counts_match_document(bundled_ds: Dataset, thb_document: Path) -> None:
    doc = _declared_in_document(thb_document)
    assert len(doc) == 9
    sets = {t: {f"THB-2022/OA {c}" for c in codes} for t, codes in doc.items()}
    sets["THB"] = set().union(*sets.values())  # every THB action the document names
    expected = {}
    for a, b in combinations(sorted(sets), 2):
        shared = sets[a] & sets[b]
        if shared:
            # THB's own actions declared towards the other: declared; two targets of THB: co-named
            kind = "declared" if "THB" in (a, b) else "co_named"
            expected[(a, b)] = (kind, len(shared), len(shared) / len(sets[a] | sets[b]))
    table = synergy_table(bundled_ds, weighting="none")
    got = {}
    for s in table:
        kind = "declared" if s.count("declared") else "co_named"
        assert s.count("declared") * s.count("co_named") == 0  # one kind or the other, never both here
        got[(s.a, s.b)] = (kind, s.count(kind), s.evidence[kind].jaccard)  # type: ignore[union-attr]
    assert got.keys() == expected.keys()
    for pair, (kind, n, j) in expected.items():
        assert got[pair][:2] == (kind, n), pair
        assert got[pair][2] == pytest.approx(j), pair
    # Hand-checked (13607/21 §2.2): THB declares 11 OAs towards CFMLAR, of its 17 named: 11/17; and names
    # MS (16 OAs) and CFMLAR (11) together on 10: 10/17 = 0.588 over the actions naming each.
    assert got[("CFMLAR", "THB")] == ("declared", 11, pytest.approx(11 / 17))
    assert got[("CFMLAR", "MS")] == ("co_named", 10, pytest.approx(10 / 17))
    assert round(10 / 17, 3) == 0.588
    cfmlar_ms = next(s for s in table if (s.a, s.b) == ("CFMLAR", "MS"))
    assert [x.split(" ")[1] for x in cfmlar_ms.evidence["co_named"].items] == [  # type: ignore[union-attr]
        "1.1",
        "2.1",
        "2.3",
        "2.4",
        "3.1",
        "8.1",
        "8.2",
        "8.3",
        "8.4",
        "9.1",
    ]
    # Only THB has an OAP: actors and goals are not available, not zero.
    assert all(s.evidence["actors"] is None and s.evidence["goals"] is None for s in table)


def test_bundled_default_ranking_matches_document(bundled_ds: Dataset, thb_document: Path) -> None:
    """The default score (newman-weighted Jaccard; declared 0.5, co-named 0.1), recomputed by hand."""
    doc = _declared_in_document(thb_document)
    sets = {t: set(c) for t, c in doc.items()}
    sets["THB"] = set().union(*sets.values())
    df = {x: sum(x in s for s in sets.values()) for x in sets["THB"]}
    w = {x: 1 / (d - 1) if d > 1 else 1.0 for x, d in df.items()}
    expected = {}
    for a, b in combinations(sorted(sets), 2):
        if sets[a] & sets[b]:
            sim = sum(w[x] for x in sets[a] & sets[b]) / sum(w[x] for x in sets[a] | sets[b])
            share = 0.5 if "THB" in (a, b) else 0.1
            expected[(a, b)] = share * sim / (0.5 + 0.1)  # actors and goals are not available
    an = analyse(bundled_ds)
    assert {(s.a, s.b): s.score for s in an.synergies} == pytest.approx(expected)
    top = [(s.a, s.b) for s in an.synergies[:5]]
    assert top == sorted(expected, key=lambda p: -expected[p])[:5]
    assert top[:2] == [("MS", "THB"), ("CFMLAR", "THB")]
    assert reason(an, an.synergies[0]) == (
        "declared: THB-2022 declares OA 1.1, 1.2, 2.1, 2.3, 2.4, 2.5, 3.1, 3.2, 3.4, 5.1, 8.1, 8.2, 8.3, "
        "8.4, 8.5, 9.1 towards MS"
    )


def test_bundled_action_links_are_the_declarations(bundled_ds: Dataset, thb_document: Path) -> None:
    doc = _declared_in_document(thb_document)
    expected = {(f"THB-2022/OA {c}", t) for t, codes in doc.items() for c in codes}
    links = action_links(bundled_ds)
    assert {(x.action, x.priority) for x in links} == expected
    assert len(links) == 50
    assert all(x.declared and x.score == 1.0 for x in links)
