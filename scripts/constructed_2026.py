"""CONSTRUCTED 2026-2027 OAP documents: their hand-written truth, and writers for .txt, .md, .docx and .pdf.

Nothing here is a Council document: the facts are invented, for demonstrations and tests, in the layout
of the public Council OAP notes (cover note, strategic goals, section 2.2 on overlaps, actors) with,
as the unredacted copies drivers hold have, an OA overview table in section 3.

``TRUTH`` is what each document says, written by hand; ``write(oap, folder)`` typesets it in the OAP's
format. ``python3 scripts/constructed_2026.py`` writes the four documents into
``data/constructed-2026-2027/``; tests/test_parse_2026.py parses them (and fresh copies) and checks every
value against ``TRUTH``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "data" / "constructed-2026-2027"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

Named = tuple[str, str]  # (as printed, the code it must resolve to)


@dataclass(frozen=True)
class TruthAction:
    """One row of an OA overview table, as printed, and what it must give."""

    code: str
    title: str
    goal: str  # the goal cell as printed, e.g. "CHSG 2"
    leaders: tuple[Named, ...]
    co_leaders: tuple[Named, ...] = ()
    participants: tuple[Named, ...] = ()


@dataclass(frozen=True)
class TruthOAP:
    """One constructed OAP document and what parsing it must give."""

    stem: str
    fmt: str  # txt (public layout, no OA table), md, docx, pdf
    number: str
    date_text: str
    date: str  # ISO
    previous: str
    subject_name: str  # the priority as the subject line prints it
    priority: str  # the code it must resolve to
    driver: Named
    co_drivers: tuple[Named, ...]
    specific_goals: tuple[tuple[int, str, str], ...]  # number, label, title
    overlaps: tuple[tuple[str, tuple[str, ...], str], ...]  # OAP name as printed, OA codes, target code
    relevant_actors: tuple[Named, ...]
    partners: tuple[Named, ...]
    actions: tuple[TruthAction, ...] = ()
    stated_actions: int | None = None
    notes: dict[str, str] = field(default_factory=dict)  # OA code of an overlap entry -> note printed

    @property
    def period(self) -> str:
        return "2026-2027"

    @property
    def oap_id(self) -> str:
        return f"{self.priority}-{self.period}"

    @property
    def filename(self) -> str:
        return f"{self.stem}.{self.fmt}"


#: The eight common goals, as the THB 2022 OAP (13607/21) prints them.
CHSG = (
    (1, "CHSG 1", "Criminal intelligence picture"),
    (
        2,
        "CHSG 2",
        "Investigations and judicial response, with a specific focus on high-risk criminal networks (HRCN) "
        "and key individuals",
    ),
    (
        3,
        "CHSG 3",
        "Coordinated controls and operations targeting the online and offline trade in illicit goods "
        "& services",
    ),
    (4, "CHSG 4", "Criminal finances, money laundering and asset recovery"),
    (5, "CHSG 5", "Document fraud"),
    (6, "CHSG 6", "Capacity building through training, networking and innovation"),
    (7, "CHSG 7", "Prevention and harm reduction, assistance to victims, awareness raising"),
    (8, "CHSG 8", "External dimension: cooperation with non-EU partners"),
)

E = ("Europol", "EUROPOL")
EJ = ("Eurojust", "EUROJUST")
FX = ("Frontex", "FRONTEX")

TRUTH: tuple[TruthOAP, ...] = (
    TruthOAP(
        stem="oap-2026-2027-msthb-constructed",
        fmt="txt",
        number="90001/25",
        date_text="Brussels, 1 December 2025",
        date="2025-12-01",
        previous="90000/25",
        subject_name="Migrant Smuggling and Trafficking in Human Beings",
        priority="MSTHB",
        driver=("NL", "NL"),
        co_drivers=(("ES", "ES"), ("Italy", "IT")),
        specific_goals=((9, "MSTHBSG 9", "Labour exploitation in supply chains"),),
        overlaps=(
            ("OAP Online Sphere", ("1.1", "2.2"), "ONLINE"),
            ("OAP Drug Trafficking", ("2.2",), "DRUGS"),
            ("OAP Economic and Financial Crime", ("4.1",), "ECOFIN"),
            ("OAP Most Threatening Criminal Networks", ("2.1", "9.1"), "NET"),
        ),
        relevant_actors=(("NL", "NL"), ("ES", "ES"), ("IT", "IT"), E, FX),
        partners=(("Albania", "AL"), ("INTERPOL", "INTERPOL")),
        stated_actions=6,
    ),
    TruthOAP(
        stem="oap-2026-2027-online-constructed",
        fmt="docx",
        number="90002/25",
        date_text="Brussels, 2 December 2025",
        date="2025-12-02",
        previous="90000/25",
        subject_name="Tackling the fastest growing crimes in the online sphere",
        priority="ONLINE",
        driver=("DE", "DE"),
        co_drivers=(("FR", "FR"),),
        specific_goals=((9, "ONLSG 9", "Victim identification in online child sexual exploitation"),),
        overlaps=(
            ("OAP Migrant Smuggling and Trafficking in Human Beings", ("1.1", "7.1"), "MSTHB"),
            ("OAP Economic and Financial Crime", ("2.1", "3.1"), "ECOFIN"),
            ("OAP Criminal Networks", ("2.1",), "NET"),
        ),
        relevant_actors=(("DE", "DE"), ("FR", "FR"), E, ("ENISA", "ENISA")),
        partners=(("Norway", "NO"),),
        actions=(
            TruthAction(
                "1.1",
                "Intelligence picture of online recruitment of victims",
                "CHSG 1",
                (E,),
                (("Germany", "DE"),),
                (("France", "FR"), ("Spain", "ES"), ("NL", "NL")),
            ),
            TruthAction(
                "2.1",
                "Joint investigations into ransomware-as-a-service groups",
                "CHSG 2",
                (("DE", "DE"),),
                (("NL", "NL"), EJ),
                (("Belgium", "BE"), ("Poland", "PL"), E, ("Norway", "NO")),
            ),
            TruthAction(
                "3.1",
                "Action days against online investment fraud call centres",
                "CHSG 3",
                (("France", "FR"),),
                (),
                (("Czechia", "CZ"), ("Romania", "RO"), E),
            ),
            TruthAction(
                "7.1",
                "Prevention campaign on sextortion of minors",
                "CHSG 7",
                (("Sweden", "SE"),),
                (("Finland", "FI"),),
                (("Denmark", "DK"), ("CEPOL", "CEPOL")),
            ),
            TruthAction(
                "9.1",
                "Victim identification taskforce",
                "ONLSG 9",
                (E,),
                (),
                (("DE", "DE"), ("IT", "IT"), ("INTERPOL", "INTERPOL")),
            ),
        ),
        stated_actions=5,
    ),
    TruthOAP(
        stem="oap-2026-2027-drugs-constructed",
        fmt="pdf",
        number="90003/25",
        date_text="Brussels, 3 December 2025",
        date="2025-12-03",
        previous="90000/25",
        subject_name="Fighting drug trafficking",
        priority="DRUGS",
        driver=("BE", "BE"),
        co_drivers=(("NL", "NL"), ("ES", "ES")),
        specific_goals=((9, "DRSG 9", "Dismantling of synthetic drug production sites"),),
        overlaps=(
            ("OAP Migrant Smuggling and Trafficking in Human Beings", ("2.1",), "MSTHB"),
            ("OAP Most Threatening Criminal Networks", ("2.1", "4.1"), "NET"),
            ("OAP Economic and Financial Crimes", ("4.1",), "ECOFIN"),
        ),
        relevant_actors=(("BE", "BE"), ("NL", "NL"), ("ES", "ES"), E, ("EUDA", "EUDA")),
        partners=(("Colombia", "CO"),),
        actions=(
            TruthAction(
                "1.1",
                "Threat picture of cocaine routes through EU ports",
                "CHSG 1",
                (("EUDA", "EUDA"),),
                (E,),
                (("BE", "BE"), ("NL", "NL"), ("Germany", "DE")),
            ),
            TruthAction(
                "2.1",
                "High-value targets in cocaine trafficking networks",
                "CHSG 2",
                (("Belgium", "BE"),),
                (("Netherlands", "NL"),),
                (("Spain", "ES"), ("France", "FR"), E, EJ, ("Colombia", "CO")),
            ),
            TruthAction(
                "4.1",
                "Financial investigations into drug proceeds",
                "CHSG 4",
                (("ES", "ES"),),
                (("Portugal", "PT"),),
                (("IT", "IT"), E),
            ),
            TruthAction(
                "9.1",
                "Dismantling of production sites and precursor diversion",
                "DRSG 9",
                (("NL", "NL"),),
                (),
                (("BE", "BE"), ("Poland", "PL"), ("EUDA", "EUDA")),
            ),
        ),
        stated_actions=4,
    ),
    TruthOAP(
        stem="oap-2026-2027-ecofin-constructed",
        fmt="md",
        number="90004/25",
        date_text="Brussels, 4 December 2025",
        date="2025-12-04",
        previous="90000/25",
        subject_name="Economic and Financial Crime",
        priority="ECOFIN",
        driver=("IT", "IT"),
        co_drivers=(("HU", "HU"),),
        specific_goals=(),
        overlaps=(
            ("OAP Online Sphere", ("3.1",), "ONLINE"),
            ("OAP Drug Trafficking", ("4.1",), "DRUGS"),
            ("OAP Criminal Networks", ("2.1",), "NET"),
        ),
        relevant_actors=(("IT", "IT"), ("HU", "HU"), E, ("OLAF", "OLAF"), ("EPPO", "EPPO")),
        partners=(("Switzerland", "CH"),),
        actions=(
            TruthAction(
                "2.1",
                "Joint investigations into MTIC fraud networks",
                "CHSG 2",
                (("IT", "IT"),),
                (("EPPO", "EPPO"),),
                (("Germany", "DE"), ("Hungary", "HU"), E, EJ),
            ),
            TruthAction(
                "3.1",
                "Online marketplaces for counterfeit goods",
                "CHSG 3",
                (("OLAF", "OLAF"),),
                (("FR", "FR"),),
                (E, ("Switzerland", "CH")),
            ),
            TruthAction(
                "4.1",
                "Asset recovery in excise and drug cases",
                "CHSG 4",
                (E,),
                (("HU", "HU"), ("Italy", "IT")),
                (("ES", "ES"), ("Austria", "AT")),
            ),
        ),
        stated_actions=3,
    ),
)


# ---------------------------------------------------------------------------- the prose


def _printed(names: tuple[Named, ...]) -> str:
    return ", ".join(p for p, _ in names)


def prose(oap: TruthOAP) -> list[tuple[str, str]]:
    """The document as (kind, text) paragraphs: kind is "p", "h" (heading), "li" (list item), "table"."""
    out: list[tuple[str, str]] = [
        ("p", "CONSTRUCTED TEST DOCUMENT for overlapgraph: in the layout of a Council OAP note; it is not a"),
        ("p", "Council document and its facts are invented."),
        ("p", ""),
        ("p", oap.date_text),
        ("p", "(OR. en)"),
        ("p", oap.number),
        ("p", "LIMITE"),
        ("p", "NOTE"),
        ("p", "From: General Secretariat of the Council"),
        ("p", "To: Delegations"),
        ("p", f"No. prev. doc.: {oap.previous}"),
        ("p", f"Subject: Operational Action Plan {oap.period}: {oap.subject_name}"),
        ("p", ""),
        (
            "p",
            f"Delegations will find attached the Operational Action Plan {oap.period} developed under the "
            f"responsibility of the {oap.driver[0]} driver.",
        ),
        ("p", f"Co-drivers: {_printed(oap.co_drivers)}"),
        ("h", "1. Aim"),
        ("p", "This OAP implements the following strategic goals:"),
    ]
    for _, label, title in CHSG + oap.specific_goals:
        out.append(("li", f"{label} - {title}"))
    out += [
        ("h", "2. Context"),
        ("h", "2.1 EU Intelligence contributions"),
        ("p", f"This plan has {oap.stated_actions} OA's in all."),
        ("h", "2.2 Potential overlaps and synergies with other OAPs"),
        (
            "p",
            "The priority crime area which this OAP addresses could overlap with the following other OAPs:",
        ),
    ]
    for name, codes, _ in oap.overlaps:
        out.append(("li", f"{name} ({'; '.join(f'OA {c}' for c in codes)} from this OAP)"))
    out += [
        ("h", "3. Structure"),
        ("p", f"Action leaders - relevant actors: {_printed(oap.relevant_actors)}"),
        ("p", f"Action leaders - partners: {_printed(oap.partners)}"),
    ]
    if oap.actions:
        out += [("h", "4. Operational actions"), ("p", "Overview of the operational actions:"), ("table", "")]
    return out


HEADER = ("OA No.", "Title", "Strategic goal", "Action Leader", "Co-Action Leader(s)", "Participants")


def table_rows(oap: TruthOAP) -> list[tuple[str, ...]]:
    """The OA overview table: header, then one row per action (participants one per line)."""
    rows: list[tuple[str, ...]] = [HEADER]
    for a in oap.actions:
        rows.append(
            (
                f"OA {a.code}",
                a.title,
                a.goal,
                "; ".join(p for p, _ in a.leaders),
                ", ".join(p for p, _ in a.co_leaders),
                "\n".join(p for p, _ in a.participants),
            )
        )
    return rows


# ---------------------------------------------------------------------------- writers


def write_txt(oap: TruthOAP, path: Path) -> None:
    lines = []
    for kind, text in prose(oap):
        lines.append(f"- {text}" if kind == "li" else text)
        if kind == "h":
            lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_md(oap: TruthOAP, path: Path) -> None:
    lines = []
    for kind, text in prose(oap):
        if kind == "table":
            rows = table_rows(oap)
            lines.append("| " + " | ".join(rows[0]) + " |")
            lines.append("|" + "|".join("---" for _ in rows[0]) + "|")
            for r in rows[1:]:
                lines.append("| " + " | ".join(c.replace("\n", "<br>") for c in r) + " |")
            lines.append("")
        elif kind == "h":
            lines += [f"## {text}", ""]
        else:
            lines.append(f"- {text}" if kind == "li" else text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_docx(oap: TruthOAP, path: Path) -> None:
    from docx import Document

    doc = Document()
    for kind, text in prose(oap):
        if kind == "h":
            doc.add_heading(text, level=1 if text.count(".") <= 1 and text[1] == "." else 2)
        elif kind == "li":
            doc.add_paragraph(text, style="List Bullet")
        elif kind == "table":
            rows = table_rows(oap)
            table = doc.add_table(rows=len(rows), cols=len(HEADER))
            table.style = "Table Grid"
            for i, r in enumerate(rows):
                for j, value in enumerate(r):
                    cell = table.cell(i, j)
                    first, *more = value.split("\n")
                    cell.text = first
                    for extra in more:
                        cell.add_paragraph(extra)
        else:
            doc.add_paragraph(text)
    doc.core_properties.title = f"CONSTRUCTED {oap.stem}"
    doc.save(str(path))


def write_pdf(oap: TruthOAP, path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4", orientation="landscape")
    assert FONT.is_file(), f"missing font {FONT} (Debian package fonts-dejavu-core)"
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_font("DejaVu", style="B", fname=str(FONT))
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_creation_date(datetime(2025, 12, 1, tzinfo=UTC))  # reproducible bytes
    pdf.add_page()
    pdf.set_font("DejaVu", size=10)
    for kind, text in prose(oap):
        if kind == "table":
            pdf.set_font("DejaVu", size=8)
            widths = (18, 70, 24, 40, 40, 60)
            with pdf.table(col_widths=widths, text_align="LEFT", line_height=4.5) as table:
                for r in table_rows(oap):
                    row = table.row()
                    for value in r:
                        row.cell(value)
            pdf.set_font("DejaVu", size=10)
        elif not text:
            pdf.ln(3)
        else:
            pdf.multi_cell(0, 5, f"- {text}" if kind == "li" else text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


WRITERS = {"txt": write_txt, "md": write_md, "docx": write_docx, "pdf": write_pdf}


def write(oap: TruthOAP, folder: Path, fmt: str | None = None) -> Path:
    """Typeset ``oap`` in its format (or ``fmt``) into ``folder``; returns the file."""
    fmt = fmt or oap.fmt
    path = folder / f"{oap.stem}.{fmt}"
    WRITERS[fmt](oap, path)
    return path


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else TARGET
    folder.mkdir(parents=True, exist_ok=True)
    for oap in TRUTH:
        print(f"Wrote {write(oap, folder)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
