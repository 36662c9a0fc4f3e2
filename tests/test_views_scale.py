"""Views too large to draw are reduced before they are made, to exactly what the page's reduction keeps."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from overlapgraph.ingest import read_dataset
from overlapgraph.present.views import actions_view
from overlapgraph.render.network import _centrality, _reduce
from overlapgraph.synthetic import synthetic_dataset

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize(
    ("source", "limit"),
    [("empact-2022", 40), ("empact-2022", 20), ("constructed-2023", 7), ("synthetic", 300)],
)
def test_reduced_actions_view_keeps_what_the_whole_view_reduced_keeps(source: str, limit: int) -> None:
    ds = (
        synthetic_dataset(priorities=8, actions=400, actors=50, seed=3)  # constructed
        if source == "synthetic"
        else read_dataset(DATA / source)
    )
    whole = actions_view(ds, max_nodes=10**9)
    assert len(whole) > limit
    want, note = _reduce(whole, limit, _centrality(whole))
    got = actions_view(ds, max_nodes=limit)
    assert len(got) == limit
    assert set(got) == set(want)
    for n in want:
        assert got.nodes[n] == want.nodes[n], n
    assert {frozenset(e) for e in got.edges} == {frozenset(e) for e in want.edges}
    for u, v in want.edges:
        assert got.edges[u, v] == want.edges[u, v]
    assert got.graph["notes"][-1] == note


def test_reduced_actions_view_is_made_in_the_order_of_the_whole() -> None:
    ds = read_dataset(DATA / "empact-2022")
    whole = list(actions_view(ds, max_nodes=10**9))
    got = list(actions_view(ds, max_nodes=25))
    assert got == [n for n in whole if n in set(got)]


def test_role_words_never_begin_one_another() -> None:
    """The evidence panel orders roles by word, then item: the same order as the natural order of their
    text only while no role word is the beginning of another."""
    from overlapgraph.model import ActionRole, OAPRole

    words = [str(r).replace("_", "-") for r in ActionRole] + [
        f"{str(r).replace('_', ' ')} of" for r in OAPRole
    ]
    assert not [(a, b) for a in words for b in words if a != b and b.startswith(a)]


@pytest.mark.parametrize("source", ["empact-2022", "constructed-2023", "synthetic"])
def test_role_texts_in_the_natural_order_of_their_text(source: str) -> None:
    from overlapgraph.analysis import analyse
    from overlapgraph.model import natural_key
    from overlapgraph.present.evidence import Evidence

    ds = (
        synthetic_dataset(priorities=5, actions=1500, actors=8, seed=2)  # constructed: over 100 roles a cell
        if source == "synthetic"
        else read_dataset(DATA / source)
    )
    ev = Evidence(analyse(ds))
    # the roles, spelled out from the tables here (Evidence keeps them as ranked integers)
    owner = ds.priority_of_oap()
    held: dict[tuple[str, str], set[str]] = defaultdict(set)
    for pa in ds.participations:
        held[(pa.actor, owner[pa.oap_id])].add(f"{str(pa.role).replace('_', '-')} {pa.action_id}")
    for r in ds.oap_actors:
        held[(r.actor, owner[r.oap_id])].add(f"{str(r.role).replace('_', ' ')} of {r.oap_id}")
    assert held and set(ev.roles) == set(held)
    if source == "synthetic":
        assert max(len(h) for h in held.values()) > ev.role_items  # the cap is exercised
    for (actor, p), roles in held.items():
        texts = sorted(roles, key=natural_key)
        want = ", ".join(texts[: ev.role_items])
        if len(texts) > ev.role_items:
            want += f" and {len(texts) - ev.role_items} more"
        assert ev.role_text(actor, p) == want


def test_panels_and_matrix_cells_hold_the_first_rows_and_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """Big pages keep their first PANEL_ROWS rows per table; the caption says how many there are."""
    import json
    import re

    from overlapgraph.analysis import analyse
    from overlapgraph.present import views
    from overlapgraph.present.evidence import Evidence
    from overlapgraph.render import matrix as matrix_page

    an = analyse(read_dataset(DATA / "empact-2022"))
    ev = Evidence(an)
    monkeypatch.setattr(views, "PANEL_ROWS", 2)
    monkeypatch.setattr(matrix_page, "PANEL_ROWS", 2)
    G = views.make_view(an, "priorities", evidence=ev)
    capped = 0
    for _, _, d in G.edges(data=True):
        row = d["data"]
        full = ev.pair_tables(row["priority_a"], row["priority_b"])
        for shown, whole in zip(d["panel"]["tables"], full, strict=True):
            assert shown["rows"] == [list(r) for r in whole.rows[:2]]
            if len(whole.rows) > 2:
                capped += 1
                assert (
                    f"(the first 2 of {len(whole.rows)}; all: overlapgraph synergies --pair"
                    in shown["caption"]
                )
            else:
                assert shown["caption"] == whole.caption
    assert capped
    page = matrix_page.render_matrix(an, "x", evidence=ev)
    found = re.search(r'id="matrix-data">(.*?)</script>', page, re.S)
    assert found
    data = json.loads(found.group(1))
    long = [c for c in data["cells"].values() if c["count"] > 2]
    assert long
    for c in long:
        assert len(c["actions"]) == 2
        assert f"(the first 2 of {c['count']}" in c["caption"]


def test_roles_of_actions_the_dataset_does_not_hold_are_ordered_too() -> None:
    """A dataset made in code (not validated) may name actions it does not hold; they still sort."""
    from overlapgraph.analysis import analyse
    from overlapgraph.model import OAP, Action, ActionRole, Dataset, Participation, Priority
    from overlapgraph.present.evidence import Evidence

    ds = Dataset(  # constructed
        priorities=[Priority("A", "a")],
        oaps=[OAP("A-2022", "A", "2022")],
        actions=[Action("A-2022", "10.1", "CHSG-1")],
        participations=[
            Participation("A-2022", "10.1", "NL", ActionRole.PARTICIPANT),
            Participation("A-2022", "9.1", "NL", ActionRole.PARTICIPANT),
            Participation("A-2022", "2.1", "NL", ActionRole.PARTICIPANT),
        ],
    )
    ev = Evidence(analyse(ds))
    assert ev.role_text("NL", "A") == (
        "participant A-2022/OA 2.1, participant A-2022/OA 9.1, participant A-2022/OA 10.1"
    )


@pytest.mark.parametrize("source", ["empact-2022", "constructed-2023", "synthetic"])
def test_synergy_items_come_in_natural_order(source: str) -> None:
    """The evidence panel relies on it: a pair's items are listed in their natural order."""
    from overlapgraph.analysis import analyse
    from overlapgraph.model import natural_key

    ds = (
        synthetic_dataset(priorities=6, actions=300, actors=40, seed=4)  # constructed
        if source == "synthetic"
        else read_dataset(DATA / source)
    )
    checked = 0
    for s in analyse(ds).synergies:
        for e in s.evidence.values():
            if e is not None and e.items:
                assert list(e.items) == sorted(e.items, key=natural_key)
                checked += 1
    assert checked
