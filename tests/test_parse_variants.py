"""Constructed OAP documents (tests/documents/, each says it is constructed): layouts, repairs, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from overlapgraph.cli import cli
from overlapgraph.errors import InputError
from overlapgraph.ingest.documents import parse_documents
from overlapgraph.model import OAPRole

DOCS = Path(__file__).parent / "documents"
MS_2023 = DOCS / "oap-2023-ms-constructed.txt"
THB_2024 = DOCS / "oap-2024-2025-thb-constructed.md"


def test_every_constructed_document_says_so() -> None:
    for path in DOCS.iterdir():
        assert "CONSTRUCTED TEST DOCUMENT" in path.read_text(encoding="utf-8"), path.name


def test_ms_2023_variants() -> None:
    r = parse_documents([MS_2023])
    ds = r.dataset
    (oap,) = ds.oaps
    assert (oap.oap_id, oap.document, oap.date, oap.previous_document, oap.stated_actions) == (
        "MS-2023",
        "14001/22",
        "2022-12-02",
        "13607/21",
        14,
    )
    # en dash in the subject line
    assert oap.title == "Operational Action Plan 2023 – Migrant Smuggling"
    goals = {g.goal_id: (g.label, g.title) for g in ds.goals}
    # em dash, wrapped title, colon; specific goals MSSG 9 and 10
    assert goals["CHSG-2"][1] == (
        "Investigations and judicial response, with a specific focus on high-risk criminal networks (HRCN) "
        "and key individuals"
    )
    assert goals["MS-9"] == ("MSSG 9", "Search and rescue coordination")
    assert goals["MS-10"] == ("MSSG 10", "Digital smuggling services")
    assert len(goals) == 10
    overlaps: dict[str, list[str]] = {}
    for o in ds.overlaps:
        overlaps.setdefault(o.target_priority, []).append(o.action_code)
    assert overlaps == {
        "THB": ["1.1", "2.1", "2.3"],  # commas, and "OA2.3" without a space
        "CSE": ["1.1", "9.1"],  # markdown emphasis around the name
        "CFMLAR": ["4.1", "4.2"],  # entry wrapped over three lines, name split
        "OFS": ["10.1"],  # em dash before the remark
        "HRCN": ["2.1", "3.1", "8.1", "8.2"],  # typo "A 3.1", no separator "OA 8.1 OA 8.2"
    }
    notes = {o.target_priority: o.note for o in ds.overlaps if o.note}
    assert notes == {"OFS": "Fake travel documents sold online"}
    cfmlar = next(o for o in ds.overlaps if o.target_priority == "CFMLAR")
    assert cfmlar.source == "14001/22 §2.2 lines 54-56"
    assert [(w.line, w.message) for w in r.warnings] == [
        (58, "read 'A 3.1' as 'OA 3.1' (typo)"),
        (58, "no separator between 'OA 8.1' and 'OA 8.2'; read as two actions"),
    ]
    roles = {(a.actor, a.role) for a in ds.oap_actors}
    assert ("ES", OAPRole.DRIVER) in roles
    assert {a for a, role in roles if role is OAPRole.CO_DRIVER} == {"FR", "IT"}
    # the list of relevant actors wraps after a comma
    assert {a for a, role in roles if role is OAPRole.RELEVANT_ACTOR} == {
        "ES",
        "FR",
        "IT",
        "EUROPOL",
        "FRONTEX",
        "EUROJUST",
    }
    assert {a for a, role in roles if role is OAPRole.PARTNER} == {"NO", "INTERPOL"}
    kinds = {a.code: a.kind.value for a in ds.actors}
    assert kinds["INTERPOL"] == "international_organisation" and kinds["NO"] == "non_eu_country"
    assert [(x.line, x.until_end) for x in r.redactions] == [(44, False), (69, True)]


def test_markdown_conversion_and_a_two_year_period() -> None:
    r = parse_documents([THB_2024])
    (oap,) = r.dataset.oaps
    assert (oap.oap_id, oap.period, oap.document, oap.date) == (
        "THB-2024-2025",
        "2024-2025",
        "9876/1/23 REV 1",
        "2023-11-30",
    )
    assert [(o.action_code, o.target_priority) for o in r.dataset.overlaps] == [
        ("1.1", "MS"),
        ("2.1", "MS"),
        ("8.1", "MS"),
        ("9.1", "OPC"),  # "Organized Property Crime", an alias
    ]
    assert {(a.actor, a.role.value) for a in r.dataset.oap_actors} == {
        ("NL", "driver"),
        ("NL", "relevant_actor"),
        ("BE", "relevant_actor"),
        ("EUROPOL", "relevant_actor"),
        ("ELA", "relevant_actor"),
        ("UK", "partner"),
    }
    assert r.warnings == []


def test_several_documents_make_one_dataset(thb_document: Path) -> None:
    r = parse_documents([MS_2023, THB_2024, thb_document])
    ds = r.dataset
    assert [o.oap_id for o in ds.oaps] == ["MS-2023", "THB-2024-2025", "THB-2022"]
    assert len(ds.overlaps) == 12 + 4 + 50
    assert len(ds.actions) == 10 + 4 + 17
    # CHSGs are shared: one record each, from the first document that lists it
    assert [g.goal_id for g in ds.goals if not g.priority] == [f"CHSG-{n}" for n in range(1, 9)]
    assert {g.goal_id for g in ds.goals if g.priority} == {"MS-9", "MS-10", "THB-9"}
    # each actor once, whatever the number of OAPs naming it
    codes = [a.code for a in ds.actors]
    assert len(codes) == len(set(codes))
    assert {"EUROPOL", "NL", "ELA", "AT"} <= set(codes)
    assert len(r.warnings) == 4


def test_the_same_oap_twice_is_an_error(thb_document: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(thb_document.read_bytes())
    with pytest.raises(InputError, match=r"copy\.txt: OAP THB-2022 is also in .*oap-2022-thb-13607-21\.txt"):
        parse_documents([thb_document, copy])


def test_strict_turns_repairs_into_errors() -> None:
    with pytest.raises(InputError) as e:
        parse_documents([MS_2023], strict=True)
    assert str(e.value).splitlines() == [
        "2 warnings (strict mode):",
        "  oap-2023-ms-constructed.txt:58: read 'A 3.1' as 'OA 3.1' (typo)",
        "  oap-2023-ms-constructed.txt:58: no separator between 'OA 8.1' and 'OA 8.2'; read as two actions",
    ]
    assert parse_documents([THB_2024], strict=True).dataset.oaps


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "broken-no-subject-constructed.txt",
            "broken-no-subject-constructed.txt:1: no subject line ('Subject: Operational Action Plan 2022: "
            "Trafficking in Human Beings'); is this a Council OAP document?",
        ),
        (
            "broken-no-overlap-section-constructed.txt",
            "broken-no-overlap-section-constructed.txt:17: no section 'Potential overlaps and synergies with "
            "other OAPs' found; is this a Council OAP document?",
        ),
        (
            "broken-unknown-oap-constructed.txt",
            "broken-unknown-oap-constructed.txt:17: unknown OAP 'Migrant Smugling' in the overlap section; "
            "closest known: Migrant smuggling (MS), Money laundering (CFMLAR); to accept it, add this row to "
            "a --reference priorities file (code,name,aliases,cycle,source): MS2,Migrant Smugling,,2022-2025,"
            "assumed: named in broken-unknown-oap-constructed.txt line 17",
        ),
        (
            "broken-unknown-subject-constructed.txt",
            "broken-unknown-subject-constructed.txt:7: unknown OAP priority 'Trafficking in Human Organs' in "
            "the subject line; closest known: Trafficking in human beings (THB), Firearms trafficking (FT), "
            "Criminal finances (CFMLAR); to accept it, add this row to a --reference priorities file "
            "(code,name,aliases,cycle,source): THO,Trafficking in Human Organs,,2022-2025,assumed: named in "
            "broken-unknown-subject-constructed.txt line 7",
        ),
    ],
    ids=["no-subject", "no-overlap-section", "unknown-oap", "unknown-subject"],
)
def test_broken_documents_give_one_clear_line(
    runner: CliRunner, tmp_path: Path, name: str, message: str
) -> None:
    out = tmp_path / "out"
    r = runner.invoke(cli, ["parse", str(DOCS / name), "-o", str(out)])
    assert r.exit_code == 1
    assert r.output == f"Error: {DOCS}/{message}\n"
    assert not out.exists()


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_empty_and_binary_files(tmp_path: Path) -> None:
    empty = _write(tmp_path, "empty.txt", "")
    blank = _write(tmp_path, "blank.md", "\n  \n\t\n")
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes(range(256)) * 4)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Subject: Opération\n".encode("latin-1"))
    for path, message in [
        (empty, f"{empty}: empty document"),
        (blank, f"{blank}: empty document"),
        (garbage, f"{garbage}: binary data, not a text document"),
        (latin1, f"{latin1}:1: not valid UTF-8 text (byte 0xe9); save the document as UTF-8"),
    ]:
        with pytest.raises(InputError) as e:
            parse_documents([path])
        assert str(e.value) == message


def test_unknown_actor_lists_the_closest(tmp_path: Path, thb_document: Path) -> None:
    text = thb_document.read_text(encoding="utf-8").replace("CEPOL, EUROPOL", "CEPOL, EUROPAL")
    path = _write(tmp_path, "thb.txt", text)
    with pytest.raises(InputError) as e:
        parse_documents([path])
    assert str(e.value).startswith(f"{path}:148: unknown actor 'EUROPAL'; closest known: EUROPOL (EUROPOL)")


def test_overlap_with_own_priority_is_an_error(tmp_path: Path, thb_document: Path) -> None:
    text = thb_document.read_text(encoding="utf-8").replace(
        "- OAP Cyber Attacks (", "- OAP Trafficking in Human Beings ("
    )
    path = _write(tmp_path, "thb.txt", text)
    with pytest.raises(
        InputError, match=r"thb\.txt:135: 'Trafficking in Human Beings' is this document's own"
    ):
        parse_documents([path])


def test_action_of_a_goal_the_document_does_not_list(tmp_path: Path, thb_document: Path) -> None:
    text = thb_document.read_text(encoding="utf-8").replace("(OA 8.3 from this OAP", "(OA 10.1 from this OAP")
    path = _write(tmp_path, "thb.txt", text)
    with pytest.raises(InputError) as e:
        parse_documents([path])
    assert str(e.value) == (
        f"{path}: §2.2 line 136: OA 10.1 serves goal 10, which the document's list of strategic goals "
        "does not name"
    )


@pytest.mark.parametrize(
    ("printed", "codes", "warning"),
    [
        ("OA 1.1; OA 1.2", ["1.1", "1.2"], None),
        ("OA 1.1, OA 1.2", ["1.1", "1.2"], None),
        ("OA1.1;OA1.2", ["1.1", "1.2"], None),
        ("OA 1.1 and OA 1.2", ["1.1", "1.2"], None),
        ("OA 1.1 OA 1.2", ["1.1", "1.2"], "no separator between 'OA 1.1' and 'OA 1.2'"),
        ("A 1.1; OA 1.2", ["1.1", "1.2"], "read 'A 1.1' as 'OA 1.1' (typo)"),
        ("OA 1.1, 1.2", ["1.1", "1.2"], "read '1.2' as 'OA 1.2' (no 'OA' printed)"),
        ("OA 1.1 – OA 1.3", ["1.1", "1.2", "1.3"], "read 'OA 1.1 – OA 1.3' as a range of 3 actions"),
        ("OA 1.1; OA 1.1", ["1.1"], "OA 1.1 listed twice in this line; counted once"),
        ("OA 1.1 plus OA 1.2", ["1.1", "1.2"], "ignored 'plus' between 'OA 1.1' and 'OA 1.2'"),
    ],
)
def test_separators_and_repairs(
    tmp_path: Path, thb_document: Path, printed: str, codes: list[str], warning: str | None
) -> None:
    text = thb_document.read_text(encoding="utf-8").replace(
        "(OA 1.1; OA 3.1 from this OAP)", f"({printed} from this OAP)"
    )
    path = _write(tmp_path, "thb.txt", text)
    r = parse_documents([path])
    assert [o.action_code for o in r.dataset.overlaps if o.target_priority == "CA"] == codes
    extra = [w.message for w in r.warnings if w.line == 135]
    if warning is None:
        assert extra == []
    else:
        assert len(extra) == 1 and extra[0].startswith(warning), extra


def test_remark_after_the_parenthesis_and_no_from_this_oap(tmp_path: Path, thb_document: Path) -> None:
    text = thb_document.read_text(encoding="utf-8").replace(
        "(OA 8.3 from this OAP – Telecom Fraud)", "(OA 8.3) — Telecom Fraud"
    )
    r = parse_documents([_write(tmp_path, "thb.txt", text)])
    (ofs,) = [o for o in r.dataset.overlaps if o.target_priority == "OFS"]
    assert ofs.note == "Telecom Fraud"


def test_redacted_overlap_section(tmp_path: Path, thb_document: Path) -> None:
    lines = thb_document.read_text(encoding="utf-8").split("\n")
    lines[127:136] = ["DELETED"]  # lines 128-136
    r = parse_documents([_write(tmp_path, "thb.txt", "\n".join(lines))])
    assert r.dataset.overlaps == [] and r.dataset.actions == []
    assert [w.message for w in r.warnings] == ["the overlap section is redacted: no declared overlaps"]


def test_parse_writes_a_workbook_too(runner: CliRunner, thb_document: Path, tmp_path: Path) -> None:
    book = tmp_path / "thb.xlsx"
    r = runner.invoke(cli, ["parse", str(thb_document), "-o", str(book)])
    assert r.exit_code == 0, r.output
    v = runner.invoke(cli, ["validate", str(book)])
    assert v.exit_code == 0 and "50 declared overlaps" in v.stdout


def test_parse_error_leaves_the_output_untouched(
    runner: CliRunner, thb_document: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert runner.invoke(cli, ["parse", str(thb_document), "-o", str(out)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    r = runner.invoke(cli, ["parse", str(MS_2023), "--strict", "-o", str(out)])
    assert r.exit_code == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_driver_named_in_prose_that_is_no_actor_is_a_warning(tmp_path: Path, thb_document: Path) -> None:
    text = thb_document.read_text(encoding="utf-8").replace("of the NL driver", "of the Dutch driver")
    r = parse_documents([_write(tmp_path, "thb.txt", text)])
    assert "driver" not in {a.role.value for a in r.dataset.oap_actors}
    assert (31, "'Dutch' (named as driver) is not a known actor; no driver recorded") in [
        (w.line, w.message) for w in r.warnings
    ]


@pytest.mark.parametrize(
    ("printed", "target"),
    [("OAP Cyber Attacks (CA)", "CA"), ("OAP Drugs (cannabis, cocaine and heroin)", "CCH")],
)
def test_parenthesis_in_an_oap_name(tmp_path: Path, thb_document: Path, printed: str, target: str) -> None:
    text = thb_document.read_text(encoding="utf-8").replace("- OAP Cyber Attacks (", f"- {printed} (")
    r = parse_documents([_write(tmp_path, "thb.txt", text)])
    at_135 = [(o.action_code, o.target_priority) for o in r.dataset.overlaps if o.source.endswith("line 135")]
    assert at_135 == [("1.1", target), ("3.1", target)]


def test_an_overlap_declared_again_on_another_line_counts_once(tmp_path: Path, thb_document: Path) -> None:
    text = thb_document.read_text(encoding="utf-8").replace(
        "- OAP Cyber Attacks (OA 1.1; OA 3.1", "- OAP Organised Property Crime (OA 1.1; OA 3.1"
    )
    r = parse_documents([_write(tmp_path, "thb.txt", text)])
    opc = [o.action_code for o in r.dataset.overlaps if o.target_priority == "OPC"]
    assert opc == ["1.1", "3.4", "8.1", "8.5", "9.1", "3.1"]  # line 132, then the new 3.1 of line 135
    assert [w.message for w in r.warnings if w.line == 135] == [
        "OA 1.1 declared again for OPC (first on §2.2 line 132); counted once"
    ]
