"""Reciprocity, structure (communities, k-cores, betweenness, bridges) and the scipy projection."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest
from networkx.algorithms import bipartite

from overlapgraph import read_dataset
from overlapgraph.analysis import (
    Synergy,
    bridge_graph,
    reciprocity,
    structure,
    unchecked_targets,
    weighted_projection,
)
from overlapgraph.model import OAP, Action, ActionRole, Dataset, Overlap, Participation, Priority
from tests.test_analysis_synergy import DOC_NAMES, _declared_in_document

REPO = Path(__file__).resolve().parent.parent
CONSTRUCTED = REPO / "data" / "constructed-2023"


def _two_oaps(back: bool, period_b: str = "2022") -> Dataset:
    ds = Dataset(
        priorities=[Priority("A", "a"), Priority("B", "b"), Priority("C", "c")],
        oaps=[OAP("A-2022", "A", "2022"), OAP(f"B-{period_b}", "B", period_b)],
        actions=[Action("A-2022", "1.1", "CHSG-1"), Action("A-2022", "1.2", "CHSG-1")],
        overlaps=[
            Overlap("A-2022", "1.2", "B"),
            Overlap("A-2022", "1.1", "B"),
            Overlap("A-2022", "1.1", "C"),
        ],
    )
    ds.actions.append(Action(f"B-{period_b}", "2.1", "CHSG-2"))
    if back:
        ds.overlaps.append(Overlap(f"B-{period_b}", "2.1", "A"))
    return ds


def test_reciprocity_by_hand() -> None:
    got = {(d.oap_id, d.target): d for d in reciprocity(_two_oaps(back=False))}
    assert got[("A-2022", "B")].status == "one-sided"
    assert got[("A-2022", "B")].actions == ("1.1", "1.2")
    assert got[("A-2022", "B")].target_oaps == ("B-2022",)
    assert got[("A-2022", "C")].status == "unchecked"
    both = {(d.oap_id, d.target): d for d in reciprocity(_two_oaps(back=True))}
    assert both[("A-2022", "B")].status == "reciprocated"
    assert both[("A-2022", "B")].back_actions == ("B-2022/OA 2.1",)
    assert both[("B-2022", "A")].back_actions == ("A-2022/OA 1.1", "A-2022/OA 1.2")
    # an OAP of another year is not the counterpart
    other_year = {
        (d.oap_id, d.target): d.status for d in reciprocity(_two_oaps(back=True, period_b="2024-2025"))
    }
    assert other_year[("A-2022", "B")] == "unchecked"
    # one-sided findings are listed first
    assert [d.status for d in reciprocity(_two_oaps(back=False))] == ["one-sided", "unchecked"]


def test_bundled_reciprocity_cannot_be_checked(bundled: Path, thb_document: Path) -> None:
    decl = reciprocity(read_dataset(bundled))
    assert {d.status for d in decl} == {"unchecked"}
    assert unchecked_targets(decl) == sorted(_declared_in_document(thb_document))
    assert len(unchecked_targets(decl)) == len(DOC_NAMES) == 9


def test_constructed_reciprocity() -> None:
    """By construction: MS-2023 declares back towards THB; CSE-2023 declares nothing back to THB or MS."""
    got = {(d.oap_id, d.target): d.status for d in reciprocity(read_dataset(CONSTRUCTED))}
    assert got[("THB-2023", "MS")] == got[("MS-2023", "THB")] == "reciprocated"
    assert got[("THB-2023", "CSE")] == got[("MS-2023", "CSE")] == "one-sided"
    assert got[("THB-2023", "CFMLAR")] == "unchecked"


def _syn(pairs: list[tuple[str, str, float]]) -> list[Synergy]:
    return [Synergy(a, b, w, {}) for a, b, w in pairs]


def test_communities_kcore_betweenness_by_hand() -> None:
    """Two triangles joined by one weak edge C-D; G hangs off F."""
    ds = Dataset(priorities=[Priority(c, c) for c in "ABCDEFGH"])
    pairs = [("A", "B", 0.9), ("A", "C", 0.9), ("B", "C", 0.9), ("C", "D", 0.1)]
    pairs += [("D", "E", 0.9), ("D", "F", 0.9), ("E", "F", 0.9), ("F", "G", 0.5)]
    st = structure(ds, _syn(pairs))
    assert st.communities in (
        (("A", "B", "C"), ("D", "E", "F", "G")),
        (("D", "E", "F", "G"), ("A", "B", "C")),
    )
    assert st.core_number == {"A": 2, "B": 2, "C": 2, "D": 2, "E": 2, "F": 2, "G": 1, "H": 0}
    assert st.degree["C"] == 3 and st.degree["H"] == 0
    assert st.strength["C"] == pytest.approx(1.9)
    # C lies on the only shortest paths between {A, B} and {D, E, F, G}: 2 * 4 = 8 pairs, normalised
    # by (n-1)(n-2)/2 = 21 for the n = 8 nodes (H is isolated)
    assert st.betweenness["C"] == pytest.approx(8 / 21)
    assert st.betweenness["A"] == 0.0
    again = structure(ds, list(reversed(_syn(pairs))))
    assert again.communities == st.communities


def test_communities_do_not_depend_on_labels() -> None:
    ds = Dataset(priorities=[Priority(c, c) for c in "ABCDEF"])
    pairs = [("A", "B", 0.9), ("A", "C", 0.9), ("B", "C", 0.9), ("C", "D", 0.1)]
    pairs += [("D", "E", 0.9), ("D", "F", 0.9), ("E", "F", 0.9)]
    ren = dict(zip("ABCDEF", "UVWXYZ", strict=True))
    ds2 = Dataset(priorities=[Priority(ren[c], c) for c in "ABCDEF"])
    st1 = structure(ds, _syn(pairs))
    st2 = structure(ds2, _syn([(ren[a], ren[b], w) for a, b, w in pairs]))
    assert {frozenset(ren[x] for x in c) for c in st1.communities} == {frozenset(c) for c in st2.communities}


def test_bridges_on_constructed_data() -> None:
    ds = read_dataset(CONSTRUCTED)
    B = bridge_graph(ds, weighting="none")
    # MS-2023 OA 2.2 (declared towards CSE) is the only action of MS linked to CSE
    assert set(B["action:MS-2023/OA 2.2"]) == {"priority:MS", "priority:CSE"}
    st = structure(ds, [], weighting="none", top=100)
    keys = {(b.kind, b.key) for b in st.bridges}
    assert all(0 < b.betweenness <= 1 for b in st.bridges)
    assert ("actor", "EUROPOL") in keys  # a relevant actor of THB and MS: one of their shortest links
    europol = next(b for b in st.bridges if b.key == "EUROPOL")
    assert europol.priorities[:3] == ("CA", "CFMLAR", "CSE")  # reached through the actions it works on
    assert {"THB", "MS", "CSE"} <= set(europol.priorities)


def test_bridges_by_hand() -> None:
    """P1 --x-- P2 --y-- P3: x (P1's, declared towards P2) and y (P2's, towards P3) each lie on the paths
    of 2 of the 3 priority pairs."""
    ds = Dataset(
        priorities=[Priority(c, c) for c in ("P1", "P2", "P3")],
        oaps=[OAP("P1-2022", "P1", "2022"), OAP("P2-2022", "P2", "2022")],
        actions=[Action("P1-2022", "1.1", "CHSG-1"), Action("P2-2022", "1.1", "CHSG-1")],
        overlaps=[Overlap("P1-2022", "1.1", "P2"), Overlap("P2-2022", "1.1", "P3")],
    )
    st = structure(ds, [], weighting="none", top=100)
    assert {(b.kind, b.key): b.betweenness for b in st.bridges} == {
        ("action", "P1-2022/OA 1.1"): pytest.approx(2 / 3),
        ("action", "P2-2022/OA 1.1"): pytest.approx(2 / 3),
    }
    assert st.bridges[0].priorities == ("P1", "P2")


def test_projection_by_hand() -> None:
    P = weighted_projection(
        [("a1", "NL"), ("a1", "BE"), ("a1", "NL"), ("a2", "NL"), ("a2", "BE"), ("a3", "FR")]
    )
    assert sorted(P.edges()) == [("BE", "NL", 2)]  # the repeated (a1, NL) counts once; FR shares nothing
    assert P.labels == ("BE", "FR", "NL")
    G = P.to_graph()
    assert set(G.nodes) == {"BE", "FR", "NL"} and G["BE"]["NL"]["weight"] == 2
    Q = weighted_projection([("a1", "NL"), ("a1", "BE"), ("a2", "NL")], onto="actions")
    assert sorted(Q.edges()) == [("a1", "a2", 1)]
    with pytest.raises(ValueError, match="onto must be"):
        weighted_projection([], onto="goals")


def test_projection_equals_networkx_on_random_graphs() -> None:
    rng = random.Random(7)
    for _ in range(5):
        links = {(f"x{rng.randrange(40)}", f"y{rng.randrange(15)}") for _ in range(120)}
        B = nx.Graph(list(links))
        ys = sorted({y for _, y in links})
        want = {
            frozenset((u, v)): w for u, v, w in bipartite.weighted_projected_graph(B, ys).edges(data="weight")
        }
        got = {frozenset((u, v)): w for u, v, w in weighted_projection(sorted(links)).edges()}
        assert got == want


def test_projection_of_a_dataset() -> None:
    ds = Dataset(
        priorities=[Priority("A", "a")],
        oaps=[OAP("A-2022", "A", "2022")],
        actions=[Action("A-2022", "1.1", "CHSG-1")],
        participations=[
            Participation("A-2022", "1.1", "NL", ActionRole.LEADER),
            Participation("A-2022", "1.1", "FR", ActionRole.PARTICIPANT),
        ],
    )
    assert list(weighted_projection(ds).edges()) == [("FR", "NL", 1)]
