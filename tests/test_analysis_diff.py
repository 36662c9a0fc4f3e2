"""Year-to-year diff: action matching across renumbering, and the constructed 2023 dataset."""

from __future__ import annotations

from pathlib import Path

from overlapgraph import read_dataset
from overlapgraph.analysis import diff_datasets, match_actions
from overlapgraph.model import OAP, Action, Actor, ActorKind, Dataset, Overlap, Priority, is_assumed

REPO = Path(__file__).resolve().parent.parent
CONSTRUCTED = REPO / "data" / "constructed-2023"
PRIOS = [Priority("T", "t"), Priority("M", "m"), Priority("C", "c")]


def year(
    y: str, actions: list[tuple[str, str]], overlaps: list[tuple[str, str]], actors: list[str]
) -> Dataset:
    """One OAP of T in year ``y``: actions (code, title), overlaps (code, target), actor codes."""
    oap = f"T-{y}"
    return Dataset(
        name=y,
        priorities=PRIOS,
        actors=[Actor(a, a, ActorKind.MEMBER_STATE) for a in actors],
        oaps=[OAP(oap, "T", y)],
        actions=[Action(oap, c, f"CHSG-{c[0]}", t) for c, t in actions],
        overlaps=[Overlap(oap, c, t) for c, t in overlaps],
    )


A = year(
    "2022",
    [("1.1", "Picture"), ("2.5", "Joint action days"), ("3.1", "Online controls")],
    [("2.5", "M"), ("1.1", "M"), ("3.1", "C")],
    ["NL", "BE"],
)
B = year(
    "2023",
    [("1.1", "Picture"), ("2.6", "Joint Action Days!"), ("4.1", "Money")],
    [("2.6", "M"), ("1.1", "M"), ("4.1", "C")],
    ["NL", "FR"],
)


def test_match_on_title_then_code() -> None:
    assert match_actions(A, B) == {"T-2023/OA 1.1": "T-2022/OA 1.1", "T-2023/OA 2.6": "T-2022/OA 2.5"}
    untitled = year("2023", [("3.1", ""), ("9.9", "")], [], [])
    assert match_actions(A, untitled) == {"T-2023/OA 3.1": "T-2022/OA 3.1"}


def test_diff_by_hand() -> None:
    d = diff_datasets(A, B, weighting="none")
    got = {(c.item, c.change, c.key) for c in d.changes}
    assert {x for x in got if x[0] == "action"} == {
        ("action", "renumbered", "T OA 2.5"),
        ("action", "added", "T OA 4.1"),
        ("action", "removed", "T OA 3.1"),
    }
    assert d.of("action", "renumbered")[0].detail == "OA 2.5 -> OA 2.6"
    assert {x for x in got if x[0] == "actor"} == {("actor", "added", "FR"), ("actor", "removed", "BE")}
    # 2.5 -> M is the same declaration as 2.6 -> M after renumbering
    assert {x for x in got if x[0] == "declaration"} == {
        ("declaration", "added", "T OA 4.1 (new) -> C"),
        ("declaration", "removed", "T OA 3.1 -> C"),
    }
    # T-M: T {1.1, 2.5, 3.1} vs M {1.1, 2.5} -> 2/3 in 2022; the same in 2023 with 4.1 for 3.1: unchanged.
    # T-C: {3.1} declared -> 1/3 in 2022, {4.1} -> 1/3 in 2023: unchanged. M-C share nothing.
    assert d.of("synergy") == []
    assert d.notes == ()


def test_new_action_reusing_an_old_code_is_not_the_old_one() -> None:
    """2.5 was renumbered 2.6, and a new, different 2.5 appears: its declaration is a new one."""
    later = year(
        "2023",
        [
            ("1.1", "Picture"),
            ("2.6", "Joint action days"),
            ("2.5", "Something else"),
            ("3.1", "Online controls"),
        ],
        [("2.6", "M"), ("1.1", "M"), ("3.1", "C"), ("2.5", "M")],
        ["NL", "BE"],
    )
    d = diff_datasets(A, later, weighting="none")
    assert [(c.change, c.key) for c in d.of("declaration")] == [("added", "T OA 2.5 (new) -> M")]
    assert [(c.change, c.key, c.detail) for c in d.of("action")] == [
        ("added", "T OA 2.5", "Something else"),
        ("renumbered", "T OA 2.5", "OA 2.5 -> OA 2.6"),
    ]


def test_diff_reports_synergy_changes() -> None:
    later = year("2023", [("1.1", "Picture"), ("2.6", "Joint action days")], [("1.1", "C")], ["NL"])
    d = diff_datasets(A, later, weighting="none")
    # C - T: {3.1} of {1.1, 2.5, 3.1} = 1/3 in 2022; {1.1} of {1.1, 2.6} = 1/2 later. M is no longer named.
    assert [(c.change, c.key) for c in d.of("synergy")] == [("changed", "C - T"), ("removed", "M - T")]
    assert d.of("synergy", "removed")[0].before == 2 / 3
    assert d.of("synergy", "changed")[0].before == 1 / 3
    assert d.of("synergy", "changed")[0].after == 1 / 2
    shrink = year("2023", [("1.1", "Picture"), ("2.6", "Joint action days")], [("1.1", "M")], ["NL", "BE"])
    changed = diff_datasets(A, shrink, weighting="none").of("synergy", "changed")
    assert [(c.key, c.before, c.after) for c in changed] == [("M - T", 2 / 3, 1 / 2)]
    assert diff_datasets(A, shrink, weighting="none", tolerance=0.2).of("synergy", "changed") == []


def test_constructed_dataset_is_marked_constructed() -> None:
    ds = read_dataset(CONSTRUCTED)
    for _table, records in ds.records():
        for r in records:
            src = getattr(r, "source")  # noqa: B009
            assert is_assumed(src) and "constructed" in src, r


def test_diff_bundled_to_constructed(bundled: Path) -> None:
    """What data/constructed-2023 changed by construction (see its README)."""
    d = diff_datasets(read_dataset(bundled), read_dataset(CONSTRUCTED))
    added = {c.key for c in d.of("action", "added")}
    assert {"THB OA 2.6", "THB OA 4.2"} <= added  # 2022's titles are not public: 2.5 -> 2.6 is not seen
    assert {c.key for c in d.of("action", "removed")} == {"THB OA 2.5", "THB OA 8.5"}
    assert len(added) == 2 + 6 + 3  # THB, plus the new MS and CSE OAPs
    assert [c.key for c in d.of("actor", "added")] == ["EUROJUST", "IT"]
    assert [c.key for c in d.of("actor", "removed")] == ["BG"]
    removed = {c.key for c in d.of("declaration", "removed")}
    assert {"THB OA 8.3 -> OFS", "THB OA 2.1 -> SD-NPS", "THB OA 8.5 -> SD-NPS"} <= removed
    assert "THB OA 8.1 -> FT" in {c.key for c in d.of("declaration", "added")}
    assert {c.key for c in d.of("synergy", "removed")} >= {"OFS - THB", "SD-NPS - THB"}
    assert "FT - THB" in {c.key for c in d.of("synergy", "added")}
    assert d.notes and "matched on their code only" in d.notes[0]
