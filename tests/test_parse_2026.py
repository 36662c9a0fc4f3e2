"""2026-2027 OAPs in every format (CONSTRUCTED documents), checked value by value against their truth.

The four documents of data/constructed-2026-2027/ are constructed (scripts/constructed_2026.py holds
their hand-written truth and typesets them): a public-layout .txt (no OA table), a Word document, a
PDF and a markdown file, each with an OA overview table. Each test parses the shipped file and a fresh
one typeset in a temporary folder.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overlapgraph.cli import cli
from overlapgraph.errors import InputError
from overlapgraph.ingest import read_dataset
from overlapgraph.ingest.documents import parse_documents
from overlapgraph.model import ActionRole, Dataset, OAPRole
from scripts.constructed_2026 import CHSG, TARGET, TRUTH, TruthOAP, write

BY_STEM = {t.stem: t for t in TRUTH}
ONLINE = BY_STEM["oap-2026-2027-online-constructed"]
MSTHB = BY_STEM["oap-2026-2027-msthb-constructed"]


def _roles(t: TruthOAP) -> list[tuple[str, str, ActionRole]]:
    """(code, actor, role) each actor once per action with its strongest role, in cell order."""
    out: list[tuple[str, str, ActionRole]] = []
    for a in t.actions:
        seen: set[str] = set()
        for names, role in (
            (a.leaders, ActionRole.LEADER),
            (a.co_leaders, ActionRole.CO_LEADER),
            (a.participants, ActionRole.PARTICIPANT),
        ):
            for _, code in names:
                if code not in seen:
                    seen.add(code)
                    out.append((a.code, code, role))
    return out


def check_against_truth(ds: Dataset, t: TruthOAP) -> None:
    """Every value the document states, as the truth says it."""
    (oap,) = [o for o in ds.oaps if o.oap_id == t.oap_id]
    assert (oap.priority, oap.period, oap.cycle, oap.document, oap.date, oap.previous_document) == (
        t.priority,
        "2026-2027",
        "2026-2029",
        t.number,
        t.date,
        t.previous,
    )
    assert oap.title == f"Operational Action Plan 2026-2027: {t.subject_name}"
    assert oap.stated_actions == t.stated_actions
    goals = {g.goal_id: (g.number, g.label, g.title) for g in ds.goals}
    for n, label, title in CHSG:
        assert goals[f"CHSG-{n}"] == (n, label, title)
    for n, label, title in t.specific_goals:
        assert goals[f"{t.priority}-{n}"] == (n, label, title)
    actions = [(a.code, a.goal_id, a.title) for a in ds.actions if a.oap_id == t.oap_id]
    if t.actions:
        assert actions == [
            (
                a.code,
                f"CHSG-{a.code.split('.')[0]}" if int(a.code.split(".")[0]) <= 8 else f"{t.priority}-9",
                a.title,
            )
            for a in t.actions
        ]
    else:  # the public layout: the actions its overlap section names, no titles
        named = sorted(
            {c for _, codes, _ in t.overlaps for c in codes}, key=lambda c: tuple(map(int, c.split(".")))
        )
        assert [c for c, _, _ in actions] == named
        assert all(title == "" for _, _, title in actions)
    assert [(p.action_code, p.actor, p.role) for p in ds.participations if p.oap_id == t.oap_id] == _roles(t)
    assert [(o.action_code, o.target_priority) for o in ds.overlaps if o.oap_id == t.oap_id] == [
        (c, target) for _, codes, target in t.overlaps for c in codes
    ]
    roles = [(x.actor, x.role) for x in ds.oap_actors if x.oap_id == t.oap_id]
    assert roles == (
        [(t.driver[1], OAPRole.DRIVER)]
        + [(c, OAPRole.CO_DRIVER) for _, c in t.co_drivers]
        + [(c, OAPRole.RELEVANT_ACTOR) for _, c in t.relevant_actors]
        + [(c, OAPRole.PARTNER) for _, c in t.partners]
    )


def _row_place(t: TruthOAP, i: int) -> str:
    """Where the i-th action (0-based) of a table document is said to come from."""
    row = i + 2  # row 1 is the header
    return {"docx": f"table 1 row {row}", "md": f"table 1 row {row} (line ", "pdf": f"table 1 row {row}"}[
        t.fmt
    ]


@pytest.mark.parametrize("t", TRUTH, ids=[t.fmt for t in TRUTH])
@pytest.mark.parametrize("copy", ["shipped", "fresh"])
def test_constructed_document_gives_its_truth(t: TruthOAP, copy: str, tmp_path: Path) -> None:
    path = TARGET / t.filename if copy == "shipped" else write(t, tmp_path)
    result = parse_documents([path])
    check_against_truth(result.dataset, t)
    assert [w for w in result.warnings] == []
    # Provenance: the document number, and the section and table row of each action.
    for i, a in enumerate(x for x in result.dataset.actions if x.oap_id == t.oap_id):
        assert a.source.startswith(f"{t.number} "), a.source
        if t.actions:
            assert "§4 " in a.source and _row_place(t, i) in a.source, a.source
    for p in result.dataset.participations:
        assert p.source.startswith(f"{t.number} §4 ") and "table 1 row " in p.source


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_one_oap_in_three_formats_gives_one_dataset(fmt: str, tmp_path: Path) -> None:
    # The ONLINE truth typeset as markdown, Word and PDF: the same facts, whatever the format.
    ds = parse_documents([write(ONLINE, tmp_path, fmt)]).dataset
    check_against_truth(ds, ONLINE)


def test_folder_of_documents_gives_one_dataset_and_a_line_per_document(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "ds"
    r = runner.invoke(cli, ["parse", str(TARGET), "-o", str(out)])
    assert r.exit_code == 0, r.output
    summaries = [line for line in r.stderr.splitlines() if "-constructed." in line]
    assert [s.split(":")[0] for s in summaries] == sorted(t.filename for t in TRUTH)
    assert (
        "oap-2026-2027-online-constructed.docx: ONLINE-2026-2027 (Operational Action Plan 2026-2027: "
        "Tackling the fastest growing crimes in the online sphere; cycle 2026-2029): 5 actions from its OA "
        "table, 5 with a title, 24 action roles, 5 declared overlaps with 3 priorities, 0 warnings"
    ) in summaries
    ds = read_dataset(out)
    assert sorted(o.oap_id for o in ds.oaps) == sorted(t.oap_id for t in TRUTH)
    assert {p.code for p in ds.priorities} == {"NET", "ONLINE", "DRUGS", "MSTHB", "FIREX", "ENVC", "ECOFIN"}
    for t in TRUTH:
        check_against_truth(ds, t)


def test_the_same_oap_twice_names_both_files(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    write(ONLINE, folder, "docx")
    write(ONLINE, folder, "md")
    r = runner.invoke(cli, ["parse", str(folder), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert r.stderr == (
        f"Error: {folder}/oap-2026-2027-online-constructed.md: OAP ONLINE-2026-2027 is also in "
        f"{folder}/oap-2026-2027-online-constructed.docx; give each OAP once\n"
    )
    assert not (tmp_path / "out").exists()


def test_two_2026_oaps_that_declare_each_other_are_reciprocated_in_report(
    runner: CliRunner, tmp_path: Path
) -> None:
    docs = [str(TARGET / MSTHB.filename), str(TARGET / ONLINE.filename)]
    r = runner.invoke(cli, ["report", *docs, "-o", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    line = next(x for x in r.stdout.splitlines() if x.startswith("Reciprocity:"))
    # MSTHB declares ONLINE and ONLINE declares MSTHB: both declarations are reciprocated; the others
    # (towards DRUGS, ECOFIN, NET) are not checked, as those OAPs are not given.
    assert line.startswith("Reciprocity: 0 one-sided, 2 reciprocated declarations; not checked")
    from overlapgraph.analysis.reciprocity import reciprocity

    ds = parse_documents([TARGET / MSTHB.filename, TARGET / ONLINE.filename]).dataset
    status = {(d.priority, d.target): d.status for d in reciprocity(ds)}
    assert status[("MSTHB", "ONLINE")] == status[("ONLINE", "MSTHB")] == "reciprocated"


# ---------------------------------------------------------------------------- the reference


UNKNOWN = "Organised Property Crime"


def _unknown_priority_document(tmp_path: Path) -> Path:
    text = (TARGET / MSTHB.filename).read_text(encoding="utf-8")
    path = tmp_path / "oap-2026-2027-opc-constructed.txt"
    path.write_text(text.replace(MSTHB.subject_name, UNKNOWN), encoding="utf-8")
    return path


def test_unknown_priority_names_the_row_that_accepts_it(runner: CliRunner, tmp_path: Path) -> None:
    doc = _unknown_priority_document(tmp_path)
    r = runner.invoke(cli, ["parse", str(doc), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert r.stderr == (
        f"Error: {doc}:12: unknown OAP priority '{UNKNOWN}' in the subject line (a 2022-2025 priority, OPC, "
        "not one of 2026-2029); closest known: Intellectual property crime (ECOFIN), Environmental crime "
        "(ENVC), Online sphere (ONLINE); to accept it, add this row to a --reference priorities file "
        "(code,name,aliases,cycle,source): OPC2,Organised Property Crime,,2026-2029,assumed: named in "
        "oap-2026-2027-opc-constructed.txt line 12\n"
    )
    assert not (tmp_path / "out").exists()
    # The row the message gives, in a reference file, makes the document parse.
    row = r.stderr.rsplit("(code,name,aliases,cycle,source): ", 1)[1].strip()
    ref = tmp_path / "more-priorities.csv"
    ref.write_text("code,name,aliases,cycle,source\n" + row + "\n", encoding="utf-8")
    r = runner.invoke(cli, ["parse", str(doc), "--reference", str(ref), "-o", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    ds = read_dataset(tmp_path / "out")
    assert [(o.oap_id, o.priority) for o in ds.oaps] == [("OPC2-2026-2027", "OPC2")]
    assert next(p for p in ds.priorities if p.code == "OPC2").cycle == "2026-2029"


def test_reference_workbook_adds_priorities_and_actors(tmp_path: Path) -> None:
    from openpyxl import Workbook

    doc = _unknown_priority_document(tmp_path)
    doc.write_text(doc.read_text(encoding="utf-8").replace("Albania", "Atlantis"), encoding="utf-8")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "priorities"
    ws.append(["code", "name", "aliases", "cycle", "source"])
    ws.append(["PROP", "Organised property crime", "Organised Property Crime", "2026-2029", "assumed: test"])
    actors = wb.create_sheet("actors")
    actors.append(["code", "name", "kind", "aliases", "source"])
    actors.append(["ATL", "Atlantis", "non_eu_country", "", "assumed: constructed"])
    ref = tmp_path / "reference.xlsx"
    wb.save(ref)
    ds = read_dataset([doc], reference=[ref])
    assert [o.priority for o in ds.oaps] == ["PROP"]
    assert ("ATL", OAPRole.PARTNER) in [(x.actor, x.role) for x in ds.oap_actors]


def test_reference_codes_never_collide_across_cycles(runner: CliRunner, tmp_path: Path) -> None:
    ref = tmp_path / "ref.csv"
    ref.write_text(
        "code,name,aliases,cycle,source\nTHB,Human trafficking,,2026-2029,assumed\n", encoding="utf-8"
    )
    r = runner.invoke(cli, ["validate", str(TARGET / MSTHB.filename), "--reference", str(ref)])
    assert r.exit_code == 1
    assert r.stderr == (
        f"Error: {ref}: priority code 'THB' is already the 2022-2025 priority 'Trafficking in human beings'; "
        "codes must not repeat across cycles: choose another code\n"
    )


def test_bad_reference_file_lists_its_problems(runner: CliRunner, tmp_path: Path) -> None:
    ref = tmp_path / "ref.csv"
    ref.write_text(
        "code,name,aliases,cycle,source\nXX,,,2026,assumed\nYY,Y,,20x6,assumed\n", encoding="utf-8"
    )
    r = runner.invoke(cli, ["validate", str(TARGET / MSTHB.filename), "--reference", str(ref)])
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "Error: 2 problems in dataset:",
        "  ref.csv:2: column 'name': required value is missing",
        "  ref.csv:3: column 'cycle': '20x6' is not a year or period such as 2022 or 2024-2025 "
        "(years 2000-2100)",
    ]


def test_dataset_priorities_are_honoured_with_documents(tmp_path: Path) -> None:
    # A dataset whose own priorities table has a priority the reference lacks: a document naming it is
    # read with the dataset, and its OAP joins the dataset.
    ds_dir = tmp_path / "ds"
    shutil.copytree(TARGET.parent / "empact-2022", ds_dir)
    with (ds_dir / "priorities.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            ["PROP", "Organised property crime", UNKNOWN, "2026-2029", "assumed: constructed for a test"]
        )
    doc = _unknown_priority_document(tmp_path)
    ds = read_dataset([ds_dir, doc])
    assert sorted(o.oap_id for o in ds.oaps) == ["PROP-2026-2027", "THB-2022"]
    assert len(ds.overlaps) == 50 + 6
    with pytest.raises(InputError, match="unknown OAP priority 'Organised Property Crime'"):
        read_dataset([doc])


def test_an_oap_outside_its_priority_cycle_is_invalid(runner: CliRunner, tmp_path: Path) -> None:
    ds_dir = tmp_path / "ds"
    shutil.copytree(TARGET.parent / "empact-2022", ds_dir)
    oaps = (
        (ds_dir / "oaps.csv")
        .read_text(encoding="utf-8-sig")
        .replace("THB-2022,THB,2022,", "THB-2026,THB,2026,")
    )
    (ds_dir / "oaps.csv").write_text(oaps, encoding="utf-8")
    r = runner.invoke(cli, ["validate", str(ds_dir)])
    assert r.exit_code == 1
    assert (
        "  oaps.csv:2: column 'period': 2026 is not in the cycle of priority THB (2022-2025); an OAP of "
        "2026-2029 belongs to a priority of that cycle"
    ) in r.stderr.splitlines()


# ---------------------------------------------------------------------------- across cycles


def test_diff_across_cycles_goes_through_the_successor_table(runner: CliRunner) -> None:
    r = runner.invoke(cli, ["diff", str(TARGET.parent / "empact-2022"), str(TARGET)])
    assert r.exit_code == 0, r.output
    notes = [line for line in r.stdout.splitlines() if line.startswith("Note: ")]
    assert notes[0] == (
        "Note: 2022-2025 compared with 2026-2029 through the successor table (shipped "
        "overlapgraph/reference/successors.csv, assumed: no published mapping): CCH, SD-NPS -> DRUGS; "
        "CFMLAR -> ECOFIN; MS, THB -> MSTHB; HRCN -> NET; CA, CSE, OFS -> ONLINE; 5 declarations towards "
        "OPC (no successor) left out; 16 declarations between areas that are now one priority left out"
    )
    # Synergies are compared in the 2026-2029 priorities only.
    pairs = [
        line.strip().split("  ")[0]
        for line in r.stdout.splitlines()
        if " - " in line and line.startswith("  ")
    ]
    codes = {"NET", "ONLINE", "DRUGS", "MSTHB", "FIREX", "ENVC", "ECOFIN"}
    synergy_keys = [p for p in pairs if p.count(" - ") == 1 and all(c in codes for c in p.split(" - "))]
    assert synergy_keys, r.stdout
    assert "THB - MS" not in r.stdout and "MS - THB" not in r.stdout


def test_diff_with_own_successor_table(runner: CliRunner, tmp_path: Path) -> None:
    table = tmp_path / "succ.csv"
    table.write_text("from_code,to_code,source\nTHB,MSTHB,mine\nMS,,mine\n", encoding="utf-8")
    r = runner.invoke(
        cli, ["diff", str(TARGET.parent / "empact-2022"), str(TARGET), "--successors", str(table)]
    )
    assert r.exit_code == 0, r.output
    assert f"through the successor table ({table}): THB -> MSTHB" in r.stdout


# ---------------------------------------------------------------------------- bad input


def test_bad_documents_give_one_line_and_write_nothing(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out"
    not_zip = tmp_path / "notes.docx"
    not_zip.write_text(
        "Subject: Operational Action Plan 2026-2027: Fighting drug trafficking\n", encoding="utf-8"
    )
    no_header = tmp_path / "no-header.md"
    text = (TARGET / "oap-2026-2027-ecofin-constructed.md").read_text(encoding="utf-8")
    no_header.write_text(
        text.replace("| OA No. | Title | Strategic goal |", "| A | B | C |"), encoding="utf-8"
    )
    unknown_actor = tmp_path / "unknown-actor.md"
    unknown_actor.write_text(text.replace("Switzerland |", "Atlantis |"), encoding="utf-8")
    for bad, starts in (
        (not_zip, f"Error: {not_zip}: not a Word document (.docx)"),
        (no_header, f"Error: {no_header} (table 1): a table of actions with no recognisable header"),
        (unknown_actor, f"Error: {unknown_actor} (table 1 row 3 (line "),
    ):
        r = runner.invoke(cli, ["parse", str(bad), "-o", str(out)])
        assert r.exit_code == 1, (bad, r.output)
        assert r.stderr.startswith(starts), r.stderr
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.output
        assert not out.exists()
    assert (
        "unknown actor 'Atlantis' in column 'Participants'"
        in runner.invoke(cli, ["parse", str(unknown_actor), "-o", str(out)]).stderr
    )


def test_encrypted_pdf_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(0, 5, "Subject: Operational Action Plan 2026-2027: Fighting drug trafficking")
    pdf.set_encryption(
        owner_password="owner", user_password="user", encryption_method=EncryptionMethod.AES_128
    )
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    r = runner.invoke(cli, ["parse", str(path), "-o", str(tmp_path / "out")])
    assert r.exit_code == 1
    assert (
        r.stderr == f"Error: {path}: the PDF is encrypted with a password; save an unprotected copy first\n"
    )
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------- hostile tables

_ECOFIN_MD = (TARGET / "oap-2026-2027-ecofin-constructed.md").read_text(encoding="utf-8")
_TABLE_LINES = [i for i, line in enumerate(_ECOFIN_MD.splitlines()) if line.startswith("| ")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    row=st.sampled_from(_TABLE_LINES),
    cell=st.integers(min_value=0, max_value=7),
    text=st.text(alphabet=st.sampled_from(list("OA 1.2,;/\n|*_()[]-–ÉéxX<br>\\\"'=+@\t\u200b")), max_size=40)
    | st.sampled_from(["", "OA", "OA 0.0", "OA 99.999", "All MS", "tbc", '=HYPERLINK("x")', "CHSG 42"]),
)
def test_mutated_table_cells_give_a_dataset_or_one_clear_error(
    tmp_path_factory: pytest.TempPathFactory, row: int, cell: int, text: str
) -> None:
    # CONSTRUCTED: the ECOFIN markdown document with one cell of its OA table (header included) replaced.
    lines = _ECOFIN_MD.splitlines()
    cells = lines[row].split("|")
    cells[min(cell, len(cells) - 1)] = f" {text} "
    lines[row] = "|".join(cells)
    path = tmp_path_factory.mktemp("mutated") / "oap-2026-2027-ecofin-constructed.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        result = parse_documents([path])
    except InputError as e:
        assert "\n" not in str(e).strip() or str(e).startswith(("1 problem", "2 problems", "3 problems"))
        return
    for a in result.dataset.actions:
        assert a.code.count(".") == 1 and all(p.isdigit() for p in a.code.split("."))
