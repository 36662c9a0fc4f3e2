"""The real Council document 13607/21 (THB 2022) against expectations written by hand from its text."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from overlapgraph import read_dataset
from overlapgraph.cli import cli
from overlapgraph.ingest.documents import ParseResult, parse_documents
from overlapgraph.model import ActorKind, OAPRole
from tests.conftest import REPO

# Read off the document by hand (line numbers of the .txt in data/sources).
GOALS = {  # lines 51-59
    1: ("CHSG 1", "Criminal intelligence picture"),
    2: (
        "CHSG 2",
        "Investigations and judicial response, with a specific focus on high-risk criminal networks (HRCN) "
        "and key individuals",
    ),
    3: (
        "CHSG 3",
        "Coordinated controls and operations targeting the online and offline trade in illicit goods "
        "& services",
    ),
    4: ("CHSG 4", "Criminal finances, money laundering and asset recovery"),
    5: ("CHSG 5", "Document fraud"),
    6: ("CHSG 6", "Capacity building through training, networking and innovation"),
    7: ("CHSG 7", "Prevention and harm reduction, assistance to victims, awareness raising"),
    8: ("CHSG 8", "External dimension: cooperation with non-EU partners"),
    9: ("ATSG 9", "Administrative approach"),
}
OVERLAPS = {  # lines 128-136: target priority -> (line, action codes as printed, in order)
    "MS": (128, "1.1 1.2 2.1 2.3 2.4 2.5 3.1 3.2 3.4 5.1 8.1 8.2 8.3 8.4 8.5 9.1"),
    "CSE": (129, "1.1 2.1 2.5 3.1 3.4 8.4"),
    "SD-NPS": (130, "2.1 8.5"),
    "CCH": (131, "8.1 8.5 9.1"),
    "OPC": (132, "1.1 3.4 8.1 8.5 9.1"),
    "CFMLAR": (133, "1.1 2.1 2.3 2.4 3.1 4.1 8.1 8.2 8.3 8.4 9.1"),
    "HRCN": (134, "2.1 2.4 4.1 5.1"),
    "CA": (135, "1.1 3.1"),
    "OFS": (136, "8.3"),
}
RELEVANT = ["AT", "BE", "BG", "DE", "ES", "FR", "NL", "CEPOL", "EUROPOL", "FRONTEX"]  # line 148
REDACTED_LINES = [91, 95, 107, 146, 154, 198, 216]


@pytest.fixture(scope="module")
def parsed(thb_document: Path) -> ParseResult:
    return parse_documents([thb_document])


def test_cover_note(parsed: ParseResult) -> None:
    (oap,) = parsed.dataset.oaps
    assert (oap.oap_id, oap.priority, oap.period) == ("THB-2022", "THB", "2022")
    assert oap.document == "13607/21"
    assert oap.date == "2021-11-13"  # line 5: Brussels, 13 November 2021
    assert oap.previous_document == "12661/1/20 REV 1"
    assert oap.title == "Operational Action Plan 2022: Trafficking in Human Beings"
    assert oap.stated_actions == 24  # line 122
    assert oap.source.startswith("13607/21 line 8 (number), line 5 (date), line 24 (previous), line 25")


def test_goals(parsed: ParseResult) -> None:
    goals = {g.number: g for g in parsed.dataset.goals}
    assert {n: (g.label, g.title) for n, g in goals.items()} == GOALS
    assert {g.goal_id for g in goals.values()} == {f"CHSG-{n}" for n in range(1, 9)} | {"THB-9"}
    assert goals[9].priority == "THB" and all(goals[n].priority == "" for n in range(1, 9))
    assert [goals[n].source for n in range(1, 10)] == [f"13607/21 §1 line {50 + n}" for n in range(1, 10)]


def test_every_overlap_line_with_every_code(parsed: ParseResult) -> None:
    got: dict[str, list[str]] = {}
    for o in parsed.dataset.overlaps:
        assert o.oap_id == "THB-2022"
        got.setdefault(o.target_priority, []).append(o.action_code)
        line = OVERLAPS[o.target_priority][0]
        assert o.source.startswith(f"13607/21 §2.2 line {line}")
    assert got == {t: codes.split() for t, (_, codes) in OVERLAPS.items()}
    assert sum(len(c.split()) for _, c in OVERLAPS.values()) == len(parsed.dataset.overlaps) == 50
    notes = {(o.target_priority, o.action_code): o.note for o in parsed.dataset.overlaps if o.note}
    assert notes == {("OFS", "8.3"): "Telecom Fraud"}


def test_repairs_are_warned_and_recorded(parsed: ParseResult) -> None:
    assert [(w.line, w.message) for w in parsed.warnings] == [
        (129, "read 'A 2.5' as 'OA 2.5' (typo)"),
        (131, "no separator between 'OA 8.5' and 'OA 9.1'; read as two actions"),
    ]
    assert str(parsed.warnings[0]) == "oap-2022-thb-13607-21.txt:129: read 'A 2.5' as 'OA 2.5' (typo)"
    by_key = {(o.target_priority, o.action_code): o.source for o in parsed.dataset.overlaps}
    assert "printed 'A 2.5'" in by_key["CSE", "2.5"]
    assert "without separator" in by_key["CCH", "8.5"] and "without separator" in by_key["CCH", "9.1"]
    assert "without separator" not in by_key["CCH", "8.1"]


def test_actions_are_the_codes_named(parsed: ParseResult) -> None:
    codes = {c for _, cs in OVERLAPS.values() for c in cs.split()}
    assert len(codes) == 17
    actions = {a.code: a for a in parsed.dataset.actions}
    assert set(actions) == codes
    assert actions["9.1"].goal_id == "THB-9" and actions["2.5"].goal_id == "CHSG-2"
    assert actions["4.1"].source.startswith("13607/21 §2.2 line 133")  # first named on line 133


def test_driver_actors_and_partners(parsed: ParseResult) -> None:
    ds = parsed.dataset
    roles = [(r.actor, r.role) for r in ds.oap_actors]
    assert roles == [("NL", OAPRole.DRIVER)] + [(c, OAPRole.RELEVANT_ACTOR) for c in RELEVANT] + [
        ("UK", OAPRole.PARTNER)
    ]
    kinds = {a.code: (a.name, a.kind) for a in ds.actors}
    assert kinds["UK"] == ("United Kingdom", ActorKind.NON_EU_COUNTRY)
    assert {c for c, (_, k) in kinds.items() if k is ActorKind.EU_AGENCY} == {"CEPOL", "EUROPOL", "FRONTEX"}
    assert {c for c, (_, k) in kinds.items() if k is ActorKind.MEMBER_STATE} == set(RELEVANT[:7])
    nl = next(a for a in ds.actors if a.code == "NL")
    assert nl.source.startswith("13607/21 cover note line 31 (driver); §3 line 148")


def test_redactions(parsed: ParseResult) -> None:
    assert [r.line for r in parsed.redactions] == REDACTED_LINES
    assert [r.until_end for r in parsed.redactions] == [False] * 6 + [True]
    assert [r.section for r in parsed.redactions] == ["§2.1"] * 3 + ["§3"] * 2 + ["§5.2", "§5.3"]
    assert "redacted (DELETED): line 91," in parsed.dataset.oaps[0].source


def test_bundled_dataset_is_what_the_parser_extracts(parsed: ParseResult, bundled: Path) -> None:
    ds = read_dataset(bundled)
    for table, records in ds.records():
        assert getattr(parsed.dataset, table) == records, table


def test_reference_priorities_equal_bundled_priorities(bundled: Path) -> None:
    # The bundled 2022 dataset holds exactly the 2022-2025 rows of the shipped reference, as written there.
    reference = (REPO / "overlapgraph" / "reference" / "priorities.csv").read_text(encoding="utf-8")
    header, *rows = reference.splitlines(keepends=True)
    ours = [r for r in rows if ",2022-2025," in r]
    assert len(ours) == 15
    assert (bundled / "priorities.csv").read_text(encoding="utf-8-sig") == header + "".join(ours)


def test_cli_parse_validate_and_same_report(
    runner: CliRunner, thb_document: Path, bundled: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    r = runner.invoke(cli, ["parse", str(thb_document), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert r.stdout == ""
    assert r.stderr.splitlines() == [
        "Warning: oap-2022-thb-13607-21.txt:129: read 'A 2.5' as 'OA 2.5' (typo)",
        "Warning: oap-2022-thb-13607-21.txt:131: no separator between 'OA 8.5' and 'OA 9.1'; "
        "read as two actions",
        "oap-2022-thb-13607-21.txt: THB-2022 (Operational Action Plan 2022: Trafficking in Human Beings; "
        "cycle 2022-2025): 17 actions named in its overlap section, 0 action roles, 50 declared overlaps "
        "with 9 priorities, 2 warnings",
        "oap-2022-thb-13607-21.txt: 7 redacted parts (DELETED): "
        + ", ".join(f"line {n}" for n in REDACTED_LINES),
        f"Wrote {out}: 15 priorities, 1 OAPs, 9 goals, 17 actions, 11 actors, 0 participations, "
        "50 declared overlaps",
    ]
    v = runner.invoke(cli, ["validate", str(out)])
    assert v.exit_code == 0 and v.stdout.startswith(f"{out}: valid: ")
    a = runner.invoke(cli, ["report", str(out), "-o", str(tmp_path / "a")])
    b = runner.invoke(cli, ["report", str(bundled), "-o", str(tmp_path / "b")])
    assert a.exit_code == b.exit_code == 0
    assert a.stdout.split("\n", 1)[1] == b.stdout.split("\n", 1)[1]
    for name in ("synergies.csv",):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    for table in bundled.glob("*.csv"):  # the written tables are byte for byte the bundled ones
        assert (out / table.name).read_bytes() == table.read_bytes(), table.name


def test_report_takes_the_document_and_prints_its_warnings(
    runner: CliRunner, thb_document: Path, tmp_path: Path
) -> None:
    r = runner.invoke(cli, ["report", str(thb_document), "-o", str(tmp_path / "rep")])
    assert r.exit_code == 0
    assert r.stdout.startswith(f"{thb_document} (period 2022): 15 priorities, 1 OAPs")
    assert r.stderr.count("Warning: ") == 2
    strict = runner.invoke(cli, ["report", "--strict", str(thb_document), "-o", str(tmp_path / "s")])
    assert strict.exit_code == 1
    assert strict.stderr.startswith("Error: 2 warnings (strict mode):\n  oap-2022-thb-13607-21.txt:129: ")
    assert not (tmp_path / "s").exists()


def test_validate_takes_the_document(runner: CliRunner, thb_document: Path) -> None:
    r = runner.invoke(cli, ["validate", str(thb_document)])
    assert r.exit_code == 0
    assert r.stdout == (
        f"{thb_document}: valid: 15 priorities, 1 OAPs, 9 goals, 17 actions, 11 actors, "
        "0 participations, 50 declared overlaps\n"
    )
    assert r.stderr.count("Warning: ") == 2
