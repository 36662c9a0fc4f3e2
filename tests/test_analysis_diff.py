"""Year-to-year diff: action matching across renumbering, and the constructed 2023 dataset."""

from __future__ import annotations

from pathlib import Path

from overlapgraph import read_dataset
from overlapgraph.analysis import AnalysisOptions, diff_datasets, match_actions
from overlapgraph.model import OAP, Action, Actor, ActorKind, Dataset, Overlap, Priority, is_assumed

REPO = Path(__file__).resolve().parent.parent
CONSTRUCTED = REPO / "data" / "constructed-2023"
PRIOS = [Priority("T", "t"), Priority("M", "m"), Priority("C", "c")]
PLAIN = AnalysisOptions(weighting="none")


#: Only T has an OAP and nobody has actors: declared and co_named are the available kinds, so a pair
#: declared with plain Jaccard j scores 0.5 j / (0.5 + 0.1).
def declared_score(j: float) -> float:
    return round(0.5 * j / 0.6, 4)


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
    d = diff_datasets(A, B, options=PLAIN)
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
    # T-M: T declares {1.1, 2.5} towards M in 2022, {1.1, 2.6} in 2023: 2.6 is 2.5 renumbered, so the
    # evidence is the same: unchanged. T-C: {3.1} in 2022, the new {4.1} in 2023: the same Jaccard (1/3)
    # but other evidence: changed, and the diff says how.
    assert [(c.change, c.key, c.detail) for c in d.of("synergy")] == [
        (
            "changed",
            "C - T",
            f"declared +1 (T-2023 OA 4.1 (new)) -1 (T-2022 OA 3.1); score {declared_score(1 / 3):.4f} -> "
            f"{declared_score(1 / 3):.4f}",
        )
    ]
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
    d = diff_datasets(A, later, options=PLAIN)
    assert [(c.change, c.key) for c in d.of("declaration")] == [("added", "T OA 2.5 (new) -> M")]
    assert [(c.change, c.key, c.detail) for c in d.of("action")] == [
        ("added", "T OA 2.5", "Something else"),
        ("renumbered", "T OA 2.5", "OA 2.5 -> OA 2.6"),
    ]


def test_diff_reports_synergy_changes() -> None:
    later = year("2023", [("1.1", "Picture"), ("2.6", "Joint action days")], [("1.1", "C")], ["NL"])
    d = diff_datasets(A, later, options=PLAIN)
    # C - T: {3.1} of {1.1, 2.5, 3.1} = 1/3 in 2022; {1.1} of {1.1, 2.6} = 1/2 later. M is no longer named.
    assert [(c.change, c.key) for c in d.of("synergy")] == [("changed", "C - T"), ("removed", "M - T")]
    changed, removed = d.of("synergy", "changed")[0], d.of("synergy", "removed")[0]
    assert (changed.before, changed.after) == (declared_score(1 / 3), declared_score(1 / 2))
    assert changed.detail.startswith("declared +1 (T-2022 OA 1.1) -1 (T-2022 OA 3.1); score ")
    assert (removed.before, removed.after) == (declared_score(2 / 3), None)
    assert removed.detail == "declared -2 (T-2022 OA 1.1, T-2022 OA 2.5)"
    shrink = year("2023", [("1.1", "Picture"), ("2.6", "Joint action days")], [("1.1", "M")], ["NL", "BE"])
    changed_pairs = diff_datasets(A, shrink, options=PLAIN).of("synergy", "changed")
    assert [(c.key, c.before, c.after, c.detail.split(";")[0]) for c in changed_pairs] == [
        ("M - T", declared_score(2 / 3), declared_score(1 / 2), "declared -1 (T-2022 OA 2.5)")
    ]


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
    # 2022 has no actors and one OAP (no goals to compare): both scores use declared and co_named only
    assert d.notes[0] == (
        "scores compare the evidence both have (declared, co_named); left out of them: actors (not "
        "available in A), goals (not available in A)"
    )
    # pairs whose shared items stayed while their own sets changed (other actions came and went) are not
    # changes of the pair; a note counts them
    assert d.notes[1].endswith(
        "pairs have the same evidence in both but another score (the weights of other "
        "items moved): not reported as changed"
    )
    assert "matched on their code only" in d.notes[2]
    # CA - THB: the same declarations in both years: not a change (it "fell" before evidence came first)
    assert "CA - THB" not in {c.key for c in d.of("synergy")}
    ms_thb = next(c for c in d.of("synergy", "changed") if c.key == "MS - THB")
    assert "status unchecked -> reciprocated" in ms_thb.detail and "MS-2023 OA 1.1 (new)" in ms_thb.detail
    assert ("THB -> MS", "unchecked -> reciprocated") in {(c.key, c.detail) for c in d.of("reciprocity")}
