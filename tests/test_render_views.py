"""The graphs made for looking at (present/views.py), checked against hand-built data and the THB 2022 OAP.

Expected values come from the document 13607/21 §2.2 (lines 126-136) and §3 (line 148), read by hand:
THB 2022 declares 16 OAs towards Migrant Smuggling, OA 8.3 alone towards Online Fraud Schemes
("Telecom Fraud"), and names 10 relevant actors plus the United Kingdom as partner; NL drives the OAP.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from overlapgraph.analysis import analyse
from overlapgraph.errors import InputError
from overlapgraph.ingest import read_dataset
from overlapgraph.model import (
    OAP,
    Action,
    ActionRole,
    Actor,
    ActorKind,
    Dataset,
    Goal,
    OAPActor,
    OAPRole,
    Overlap,
    Participation,
    Priority,
)
from overlapgraph.present.rows import synergy_row
from overlapgraph.present.views import (
    VIEW_NAMES,
    actions_view,
    actors_view,
    ego_view,
    make_view,
    priorities_view,
)

# 13607/21 §2.2 line 128: the OAs THB 2022 declares towards Migrant Smuggling.
MS_CODES = "1.1 1.2 2.1 2.3 2.4 2.5 3.1 3.2 3.4 5.1 8.1 8.2 8.3 8.4 8.5 9.1".split()


@pytest.fixture(scope="module")
def real() -> Dataset:
    return read_dataset([Path(__file__).resolve().parent.parent / "data" / "empact-2022"])


def tiny() -> Dataset:
    """Two OAPs (A, B) and a third priority C. X works on A and on B; Y only on A; Z only on B.

    A-2022/OA 1.1 is declared towards B, B-2022/OA 2.1 towards C.
    """
    return Dataset(
        name="tiny",
        priorities=[Priority("A", "Alpha"), Priority("B", "Beta"), Priority("C", "Gamma")],
        actors=[
            Actor("X", "Xland", ActorKind.MEMBER_STATE),
            Actor("Y", "Yagency", ActorKind.EU_AGENCY),
            Actor("Z", "Zland", ActorKind.NON_EU_COUNTRY),
        ],
        goals=[Goal("CHSG-1", 1, "CHSG 1", "Intelligence"), Goal("CHSG-2", 2, "CHSG 2", "Investigations")],
        oaps=[OAP("A-2022", "A", "2022"), OAP("B-2022", "B", "2022")],
        oap_actors=[OAPActor("A-2022", "Y", OAPRole.DRIVER)],
        actions=[Action("A-2022", "1.1", "CHSG-1", "Map networks"), Action("B-2022", "2.1", "CHSG-2")],
        participations=[
            Participation("A-2022", "1.1", "X", ActionRole.LEADER),
            Participation("B-2022", "2.1", "X", ActionRole.PARTICIPANT),
            Participation("B-2022", "2.1", "Z", ActionRole.LEADER),
        ],
        overlaps=[Overlap("A-2022", "1.1", "B"), Overlap("B-2022", "2.1", "C", "by mail")],
    )


def test_every_view_has_its_name() -> None:
    assert VIEW_NAMES == ("priorities", "actions", "actors", "ego")
    for v in ("priorities", "actions", "actors"):
        G = make_view(tiny(), v)
        assert G.graph["title"] and G.graph["size_by"]
        assert G.graph["priority_names"] == {"A": "Alpha", "B": "Beta", "C": "Gamma"}


def test_unknown_view_and_missing_focus_are_caller_errors() -> None:
    with pytest.raises(ValueError, match="unknown view 'maps'"):
        make_view(tiny(), "maps")
    with pytest.raises(ValueError, match="needs a focus"):
        make_view(tiny(), "ego")


def test_priorities_view_tiny_by_hand() -> None:
    G = priorities_view(tiny())
    # A's set {A1.1}, B's {A1.1, B2.1}, C's {B2.1}: A-B share 1 of 2 (Jaccard 0.5), B-C likewise, each a
    # declaration (A-2022 declares A1.1 towards B; B-2022 declares B2.1 towards C).
    assert sorted(G.edges) == [("priority:A", "priority:B"), ("priority:B", "priority:C")]
    ab = G.edges["priority:A", "priority:B"]
    assert (ab["data"]["declared_count"], ab["data"]["declared_jaccard"], ab["data"]["co_named_count"]) == (
        1,
        0.5,
        0,
    )
    assert ab["weight"] == ab["data"]["score"] > 0
    assert "declared (declared actions): 1, jaccard 0.5, weighted 0.5: A-2022/OA 1.1" in ab["tooltip"]
    # B sits on both edges: strongest; A's strength is its one edge's score, over B's sum of both.
    bc = G.edges["priority:B", "priority:C"]["weight"]
    assert G.nodes["priority:B"]["centrality"] == 1.0
    assert G.nodes["priority:A"]["centrality"] == pytest.approx(ab["weight"] / (ab["weight"] + bc), abs=1e-4)
    assert G.nodes["priority:B"]["priorities"] == ["A", "B", "C"]
    assert G.nodes["priority:A"]["goals"] == ["CHSG-1"]


def test_priorities_view_real_ms_thb_edge(real: Dataset) -> None:
    an = analyse(real)
    G = priorities_view(an)
    edge = G.edges["priority:MS", "priority:THB"]
    pair = an.pair("MS", "THB")
    assert pair is not None and edge["data"] == synergy_row(an, pair)
    # MS's set: the 16 THB OAs declared towards it; THB's: its 17 named OAs. Jaccard 16/17.
    assert (edge["data"]["declared_count"], edge["data"]["declared_jaccard"]) == (
        len(MS_CODES),
        round(16 / 17, 4),
    )
    tip = edge["tooltip"]
    assert tip.startswith(f"MS – THB: score {edge['data']['score']} (unchecked)")
    for code in MS_CODES:
        assert f"THB-2022/OA {code}" in tip
    assert "(Migrant smuggling / Trafficking in human beings)" in tip
    # Priorities nobody declares towards (EF, ENV, FT, IPC, MTIC in §2.2) are drawn, alone.
    for lonely in ("EF", "ENV", "FT", "IPC", "MTIC"):
        assert G.degree(f"priority:{lonely}") == 0


def test_actions_view_tiny() -> None:
    G = actions_view(tiny())
    assert {k for _, k in G.nodes(data="kind")} == {"priority", "oap", "goal", "action"}
    assert sorted(G["action:A-2022/OA 1.1"]) == ["goal:CHSG-1", "oap:A-2022", "priority:B"]
    d = G.nodes["action:A-2022/OA 1.1"]
    assert d["priorities"] == ["A", "B"] and d["goals"] == ["CHSG-1"]
    assert d["tooltip"].splitlines()[:3] == [
        "A-2022/OA 1.1 — Map networks",
        "Goal CHSG-1",
        "Declared overlaps: B",
    ]
    assert "by mail" in G.edges["action:B-2022/OA 2.1", "priority:C"]["tooltip"]


def test_actors_view_tiny_bridges() -> None:
    G = actors_view(tiny())
    # X leads A's OA 1.1 (declared towards B) and takes part in B's OA 2.1 (declared towards C).
    assert sorted(G["actor:X"]) == ["priority:A", "priority:B", "priority:C"]
    assert G.edges["actor:X", "priority:A"]["rel"] == "WORKS_ON"
    assert G.edges["actor:X", "priority:B"]["rel"] == "WORKS_ON"  # direct: takes part in a B action
    assert G.edges["actor:X", "priority:C"]["rel"] == "VIA_OVERLAP"
    assert G.edges["actor:X", "priority:B"]["weight"] == 2.0  # via A's declared OA and its own B action
    # X is on every path between the priorities: the only bridge, the largest node.
    assert G.nodes["actor:X"]["centrality"] == 1.0
    assert G.nodes["actor:Y"]["centrality"] == 0.0
    assert G.nodes["actor:Y"]["actor_kind"] == "eu_agency"
    assert "driver of A-2022" in G.edges["actor:Y", "priority:A"]["tooltip"]


def test_actors_view_real_roles_only_on_the_oap(real: Dataset) -> None:
    G = actors_view(real)
    # §3 line 148: 10 relevant actors and the United Kingdom as partner, NL the driver: all on THB.
    actors = sorted(G.nodes[n]["label"] for n in G if G.nodes[n]["kind"] == "actor")
    assert actors == sorted("AT BE BG DE ES FR NL CEPOL EUROPOL FRONTEX UK".split())
    assert list(G["priority:THB"]) and all(G.degree(n) == 1 for n in G if n != "priority:THB")
    assert "driver of THB-2022" in G.edges["actor:NL", "priority:THB"]["tooltip"]
    assert any("no participations" in note for note in G.graph["notes"])


def test_ego_view_of_ms_at_depth_0_is_the_declared_actions(real: Dataset) -> None:
    G = ego_view(real, "MS", depth=0)
    assert G.nodes["priority:MS"]["focus"] is True
    assert sorted(n for n in G if n != "priority:MS") == sorted(f"action:THB-2022/OA {c}" for c in MS_CODES)


def test_ego_view_of_ofs_shows_the_note(real: Dataset) -> None:
    G = ego_view(real, "ofs", depth=0)
    assert sorted(G) == ["action:THB-2022/OA 8.3", "priority:OFS"]
    assert "Telecom Fraud" in G.edges["action:THB-2022/OA 8.3", "priority:OFS"]["tooltip"]


def test_ego_depth_one_reaches_the_linked_priorities(real: Dataset) -> None:
    G = ego_view(real, "OFS", depth=1)
    # §2.2: OA 8.3 alone links OFS; THB-2022 declares it (so THB and its OAP), and it is declared towards
    # MS and CFMLAR as well (co-named with OFS). THB's own work (goals, other actions) is depth 2.
    assert sorted(G) == sorted(
        [
            "priority:OFS",
            "action:THB-2022/OA 8.3",
            "oap:THB-2022",
            "priority:THB",
            "priority:MS",
            "priority:CFMLAR",
        ]
    )
    assert G.graph["title"] == "Neighbourhood of OFS (1 priority deep)"
    assert G.graph["priority_depth"] == {"CFMLAR": 1, "MS": 1, "OFS": 0, "THB": 1}


def test_ego_focus_by_label_and_id(real: Dataset) -> None:
    # An action links to its OAP, its goal and the priorities it is declared towards (not its own); its
    # own priority is its depth 0.
    assert sorted(ego_view(real, "THB OA 8.3", depth=0)) == sorted(
        [
            "action:THB-2022/OA 8.3",
            "oap:THB-2022",
            "goal:CHSG-8",
            "priority:MS",
            "priority:CFMLAR",
            "priority:OFS",
            "priority:THB",
        ]
    )
    assert "action:THB-2022/OA 2.1" in ego_view(real, "actor:NL", depth=1)  # NL drives THB-2022


def _linked_within(analysis: object, start: set[str], depth: int) -> set[str]:
    """The priorities at most ``depth`` links from ``start`` in the analysis' pairs the matrix draws."""
    pairs = [(s.a, s.b) for s in analysis.synergies if s.status != "indirect"]  # type: ignore[attr-defined]
    seen = set(start)
    for _ in range(depth):
        seen |= {b for a, b in pairs if a in seen} | {a for a, b in pairs if b in seen}
    return seen


def _priorities(G: object) -> set[str]:
    return {str(d["key"]) for _, d in G.nodes(data=True) if d["kind"] == "priority"}  # type: ignore[attr-defined]


def test_ego_thb_depth_two_shows_the_linked_priorities(real: Dataset) -> None:
    an = analyse(real)
    thb2 = ego_view(an, "THB", depth=2)
    # the README's example: THB and every priority the analysis links to it (THB 2022 declares 9)
    assert _priorities(thb2) == _linked_within(an, {"THB"}, 2)
    assert len(_priorities(thb2)) > 1 and "priority:MS" in thb2
    assert thb2.graph["title"] == "Neighbourhood of THB (2 priorities deep)"
    # every declaration of the data is THB's, so THB's partners are linked only among themselves:
    # depth 1 already shows them all, as the analysis says
    assert (
        _linked_within(an, {"THB"}, 1) == _linked_within(an, {"THB"}, 2) == _priorities(ego_view(an, "THB"))
    )


@pytest.mark.parametrize("focus", ["OFS", "SD-NPS", "CA"])
def test_ego_depth_two_shows_more_priorities_than_depth_one(real: Dataset, focus: str) -> None:
    an = analyse(real)
    one, two = ego_view(an, focus, depth=1), ego_view(an, focus, depth=2)
    assert _priorities(one) == _linked_within(an, {focus}, 1)
    assert _priorities(two) == _linked_within(an, {focus}, 2)
    assert len(_priorities(one)) < len(_priorities(two))
    assert set(one) <= set(two)
    for G in (one, two):
        assert nx.is_connected(G)  # every priority shown is reached through the items that link it


def test_ego_depth_counts_priorities_on_a_chain() -> None:
    # constructed: A declares B, B declares C; C and D share only a goal (indirect: no link)
    ds = Dataset(
        priorities=[Priority(c, c.lower()) for c in "ABCD"],
        goals=[Goal("CHSG-1", 1, "CHSG 1", "Intelligence"), Goal("CHSG-2", 2, "CHSG 2", "Investigations")],
        oaps=[OAP(f"{c}-2022", c, "2022") for c in "ABCD"],
        actions=[
            Action("A-2022", "1.1", "CHSG-1"),
            Action("B-2022", "2.1", "CHSG-2"),
            Action("C-2022", "1.1", "CHSG-1"),
            Action("D-2022", "1.1", "CHSG-1"),
        ],
        overlaps=[Overlap("A-2022", "1.1", "B"), Overlap("B-2022", "2.1", "C")],
    )
    depths = {d: ego_view(ds, "A", depth=d) for d in range(4)}
    assert [_priorities(G) for G in depths.values()] == [{"A"}, {"A", "B"}, {"A", "B", "C"}, {"A", "B", "C"}]
    # depth 1: A's own work and B with the action linking them; B's own action comes at depth 2
    assert sorted(depths[1]) == [
        "action:A-2022/OA 1.1",
        "goal:CHSG-1",
        "oap:A-2022",
        "priority:A",
        "priority:B",
    ]
    assert {"action:B-2022/OA 2.1", "oap:B-2022", "goal:CHSG-2", "priority:C"} <= set(depths[2])
    assert "oap:D-2022" not in depths[3] and "oap:C-2022" in depths[3]


def test_ego_focus_errors() -> None:
    ds = tiny()
    ds.actors.append(Actor("A", "An actor coded like priority A", ActorKind.PRIVATE_PARTNER))
    with pytest.raises(InputError, match=r"^--focus 'A' is ambiguous: it names actor:A, priority:A; give"):
        ego_view(ds, "A")
    with pytest.raises(InputError, match=r"^--focus 'A-2O22' names no .* in the data; closest: A-2022"):
        ego_view(ds, "A-2O22")
    with pytest.raises(ValueError, match="depth must be >= 0"):
        ego_view(ds, "B", depth=-1)


def test_priorities_view_defaults_to_the_combined_table_with_reasons(real: Dataset) -> None:
    G = priorities_view(real)
    assert G.number_of_edges() == 33  # the same 33 pairs share something (test_report)
    lines = G.edges["priority:MS", "priority:THB"]["tooltip"].splitlines()
    assert lines[0].startswith("MS – THB: score ")
    assert 0 < G.edges["priority:MS", "priority:THB"]["weight"] <= 1
    assert lines[2].startswith("Why: declared: THB-2022 declares OA ")
    shared = [line for line in lines if line.startswith("declared (declared actions): 16, jaccard 0.9412")]
    assert len(shared) == 1 and all(f"THB-2022/OA {c}" in shared[0] for c in MS_CODES)
    ofs = G.edges["priority:OFS", "priority:THB"]["tooltip"]
    assert "declared (declared actions): 1, jaccard 0.0588, weighted " in ofs and "THB-2022/OA 8.3" in ofs
