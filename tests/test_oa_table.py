"""The OA overview tables of OAP documents (overlapgraph.ingest.oa_table).

Every table here is CONSTRUCTED in the test: SourceTable and TableRow objects built directly, in the
layouts OAP documents use (and in broken ones), not read from a real document.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overlapgraph.errors import InputError
from overlapgraph.ingest.oa_table import (
    OATables,
    TableAction,
    action_code,
    goal_number,
    header_fields,
    read_oa_tables,
)
from overlapgraph.ingest.oap_parser import ParseWarning
from overlapgraph.ingest.oap_source import SourceTable, TableRow
from overlapgraph.model import ActionRole, Priority
from overlapgraph.names import PriorityResolver
from overlapgraph.reference import known_actors

DOC = Path("docs/oap-2024-thb.pdf")
ACTORS = PriorityResolver(Priority(a.code, a.name, a.aliases) for a in known_actors())
KNOWN_CODES = frozenset(a.code for a in known_actors())
HEADER = ("OA No.", "Title", "Strategic goal", "Action Leader", "Co-Action Leader(s)", "Participants")
L, C, P = ActionRole.LEADER, ActionRole.CO_LEADER, ActionRole.PARTICIPANT


def table(index: int, rows: Sequence[Sequence[str]], *, page: int = 0) -> SourceTable:
    """A constructed table: row n is "table <index> row n" (on a page when given), line 100*index + n."""
    where = f"page {page}, table {index}" if page else f"table {index}"
    return SourceTable(
        index,
        where,
        tuple(TableRow(tuple(cells), f"{where} row {n}", 100 * index + n) for n, cells in enumerate(rows, 1)),
    )


def read(*tables: SourceTable) -> OATables:
    return read_oa_tables(DOC, tables, ACTORS)


def only(result: OATables) -> TableAction:
    (action,) = result.actions
    return action


def messages(result: OATables) -> list[str]:
    return [w.message for w in result.warnings]


# ---------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    ("text", "field"),
    [
        *[
            (t, "code")
            for t in [
                "OA",
                "OA No.",
                "OA no",
                "No.",
                "Number",
                "OA number",
                "Operational action no.",
                "O.A. No",
                "#",
            ]
        ],
        *[
            (t, "title")
            for t in ["Title", "Operational Action", "OA title", "Title of the OA", "Name", "TITLE OF THE OA"]
        ],
        *[
            (t, "goal")
            for t in ["Strategic goal", "CHSG", "Goal", "SG", "Strategic goal (CHSG)", "Strategic\ngoals"]
        ],
        *[
            (t, "leader")
            for t in [
                "Action Leader",
                "Leader",
                "Lead",
                "Action leader(s)",
                "Leader(s)",
                "ACTION  LEADER",
                "Action\u00a0leader",
            ]
        ],
        *[
            (t, "co_leader")
            for t in [
                "Co-Action Leader(s)",
                "Co-leader",
                "Co-leaders",
                "Co-action leader",
                "Co-lead",
                "Co‑Leader (s)",  # a non-breaking hyphen
                "Co–leader",  # an en dash
            ]
        ],
        *[
            (t, "participants")
            for t in [
                "Participants",
                "Participating countries and agencies",
                "Participating MS and agencies",
                "Participating countries",
                "Partners",
                "Participating MS\n& agencies",
                "Participánts",
            ]
        ],
    ],
)
def test_header_variants(text: str, field: str) -> None:
    assert header_fields([text]) == {0: field}


@pytest.mark.parametrize("text", ["", "Remarks", "Description", "Budget", "2023", "OA 1.1", "x" * 500, "Co"])
def test_header_cells_that_name_no_field(text: str) -> None:
    assert header_fields([text]) == {}


@pytest.mark.parametrize(
    "header",
    [
        HEADER,
        ("OA", "Operational Action", "CHSG", "Leader", "Co-leader", "Participating countries and agencies"),
        ("No.", "Title of the OA", "Goal", "Lead", "Co-lead", "Participating MS and agencies"),
        ("OA number", "Name", "SG", "Action leader(s)", "Co-leaders", "Partners"),
        (
            "Operational action no.",
            "OA title",
            "Strategic goal (CHSG)",
            "Leader(s)",
            "Co-action leader",
            "Participants",
        ),
        (
            "OA\nNo.",
            "TITLE",
            "Strategic\ngoal",
            "Action\nLeader",
            "Co-Action\nLeader(s)",
            "Participating\ncountries",
        ),
    ],
)
def test_every_header_variant_reads_the_same_table(header: tuple[str, ...]) -> None:
    r = read(table(1, [header, ["OA 1.1", "Joint action days", "CHSG 1", "NL", "BE", "DE, FR"]]))
    assert r.tables == {1}
    assert only(r) == TableAction(
        "1.1", "Joint action days", 1, (("NL", L), ("BE", C), ("DE", P), ("FR", P)), "table 1 row 2", 102, 1
    )
    assert r.warnings == []


def test_columns_in_any_order_and_extra_columns() -> None:
    r = read(
        table(
            1,
            [
                ["Participants", "Remarks", "Leader", "Title", "OA", "Budget"],
                ["DE", "ongoing", "NL", "Training", "OA 3.2", "10 000"],
            ],
        )
    )
    a = only(r)
    assert (a.code, a.title, a.goal_number, a.roles) == ("3.2", "Training", None, (("DE", P), ("NL", L)))


def test_a_header_with_only_a_code_and_a_leader_column_is_enough() -> None:
    r = read(table(1, [["OA", "Lead"], ["1.1", "NL"], ["1.2", "Europol"]]))
    assert [(a.code, a.title, a.roles) for a in r.actions] == [
        ("1.1", "", (("NL", L),)),
        ("1.2", "", (("EUROPOL", L),)),
    ]


def test_title_row_spanning_the_table_then_the_header() -> None:
    title = ["List of operational actions"] * 6
    r = read(table(1, [title, HEADER, ["OA 2.1", "Investigations", "2", "IT", "", "ES"]]))
    a = only(r)
    assert (a.code, a.where, a.roles) == ("2.1", "table 1 row 3", (("IT", L), ("ES", P)))
    # a title row in the first cell only (the others empty) is a title row too
    r = read(
        table(
            1, [["Annex: operational actions", "", "", "", "", ""], HEADER, ["OA 2.1", "t", "", "IT", "", ""]]
        )
    )
    assert only(r).code == "2.1"


def test_combined_code_and_title_cell_is_split_without_a_title_column() -> None:
    header = ["OA", "CHSG", "Action Leader", "Participants"]
    r = read(
        table(
            1,
            [
                header,
                ["OA 1.1 Criminal intelligence picture", "1", "NL", "BE"],
                ["OA 1.2 - Mapping of networks", "1", "FR", ""],
                ["OA 1.3: Data collection", "1", "DE", ""],
                ["OA 1.4\nTraining of first-line officers", "1", "ES", ""],
            ],
        )
    )
    assert [(a.code, a.title) for a in r.actions] == [
        ("1.1", "Criminal intelligence picture"),
        ("1.2", "Mapping of networks"),
        ("1.3", "Data collection"),
        ("1.4", "Training of first-line officers"),
    ]


def test_a_title_column_holding_the_codes_too() -> None:
    r = read(table(1, [["Operational Action", "Leader"], ["OA 4.1 Financial investigations", "PT"]]))
    assert [(a.code, a.title, a.roles) for a in r.actions] == [
        ("4.1", "Financial investigations", (("PT", L),))
    ]


def test_an_unnamed_column_of_codes() -> None:
    r = read(table(1, [["", "Title", "Leader"], ["1.1", "Analysis", "SE"], ["1.2", "Training", "FI"]]))
    assert [(a.code, a.title) for a in r.actions] == [("1.1", "Analysis"), ("1.2", "Training")]


def test_a_second_column_for_the_same_field_is_a_warning() -> None:
    r = read(table(1, [["OA", "Title", "Name", "Leader"], ["1.1", "First", "Second", "NL"]]))
    assert only(r).title == "First"
    assert r.warnings == [
        ParseWarning(
            DOC.name,
            101,
            "column 'Name' is a second title column after column 'Title'; only the first is read",
            "table 1 row 1",
        )
    ]


def test_two_participant_columns_are_both_read() -> None:
    r = read(
        table(
            1,
            [["OA", "Leader", "Participating MS", "Participating agencies"], ["1.1", "NL", "BE", "Europol"]],
        )
    )
    assert only(r).roles == (("NL", L), ("BE", P), ("EUROPOL", P))


# ---------------------------------------------------------------------------- codes and goals


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("OA 1.1", "1.1"),
        ("OA1.1", "1.1"),
        ("O.A. 1.1", "1.1"),
        ("1.1", "1.1"),
        ("OA 2.10", "2.10"),
        ("02.1", "2.1"),
        ("OA 10.01", "10.1"),
        ("oa 3.4.", "3.4"),
        ("Operational action 5.2", "5.2"),
        (" OA 1 . 2 ", "1.2"),
    ],
)
def test_action_codes(text: str, code: str) -> None:
    r = read(table(1, [HEADER, [text, "t", "", "NL", "", ""]]))
    assert only(r).code == code
    found = action_code(text)
    assert found is not None and found[0] == code


@pytest.mark.parametrize(
    "text", ["tbd", "OA", "1", "1.1.1", "OA 0.1", "OA 1.0", "2023.1", "OAP 1.1", "1,1", "A.1"]
)
def test_cells_that_hold_no_action_code(text: str) -> None:
    assert action_code(text) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("CHSG 1", 1),
        ("1", 1),
        ("CHSG 1 - Criminal intelligence picture", 1),
        ("ATSG 9", 9),
        ("SG 9 – Specific goal", 9),
        ("CHSG1", 1),
        ("Strategic goal 9", 9),
    ],
)
def test_goal_cells(text: str, number: int) -> None:
    found = goal_number(text)
    assert found is not None and found[0] == number
    r = read(table(1, [HEADER, [f"OA {number}.1", "t", text, "NL", "", ""]]))
    assert only(r).goal_number == number
    assert r.warnings == []


def test_goal_disagreeing_with_the_code_is_a_warning_and_the_code_wins() -> None:
    r = read(table(1, [HEADER, ["OA 2.1", "t", "CHSG 3", "NL", "", ""]]))
    assert only(r).goal_number == 2
    assert r.warnings == [
        ParseWarning(
            DOC.name,
            102,
            "column 'Strategic goal' says goal 3 but action 2.1 serves goal 2; keeping goal 2",
            "table 1 row 2",
        )
    ]


def test_unreadable_and_empty_goal_cells() -> None:
    r = read(
        table(1, [HEADER, ["OA 2.1", "t", "Intelligence", "NL", "", ""], ["OA 2.2", "t", "", "NL", "", ""]])
    )
    assert [a.goal_number for a in r.actions] == [None, None]
    assert messages(r) == ["unreadable goal in column 'Strategic goal' ('Intelligence'); goal not recorded"]


def test_without_a_goal_column_the_goal_is_none() -> None:
    r = read(table(1, [["OA", "Title", "Leader"], ["OA 9.1", "t", "NL"]]))
    assert only(r).goal_number is None


# ---------------------------------------------------------------------------- rows


def test_unreadable_rows_are_warnings_with_their_place() -> None:
    r = read(
        table(
            1,
            [
                HEADER,
                ["OA 1.1", "First", "", "NL", "", ""],
                ["", "", "", "", "", ""],  # blank: skipped silently
                ["tbd", "Planned action", "", "BE", "", ""],
                ["", "A row without its code", "", "FR", "", ""],
                ["OA 1.1", "Again", "", "DE", "", ""],
            ],
            page=5,
        )
    )
    assert [(a.code, a.title) for a in r.actions] == [("1.1", "First")]
    assert r.warnings == [
        ParseWarning(
            DOC.name, 104, "no action code in column 'OA No.' ('tbd'); row not read", "page 5, table 1 row 4"
        ),
        ParseWarning(
            DOC.name, 105, "no action code in column 'OA No.' (empty); row not read", "page 5, table 1 row 5"
        ),
        ParseWarning(
            DOC.name,
            106,
            "action 1.1 is listed twice (first in page 5, table 1 row 2); keeping the first",
            "page 5, table 1 row 6",
        ),
    ]
    assert str(r.warnings[0]) == (
        "oap-2024-thb.pdf (page 5, table 1 row 4): no action code in column 'OA No.' ('tbd'); row not read"
    )


def test_goal_heading_rows_over_the_actions_are_skipped() -> None:
    r = read(
        table(
            1,
            [
                HEADER,
                ["CHSG 1 - Criminal intelligence picture"] * 6,
                ["OA 1.1", "t", "1", "NL", "", ""],
                ["Strategic goal 2", "", "", "", "", ""],
                ["OA 2.1", "t", "2", "NL", "", ""],
            ],
        )
    )
    assert [a.code for a in r.actions] == ["1.1", "2.1"]
    assert r.warnings == []


def test_repeated_header_rows_are_skipped() -> None:
    r = read(
        table(
            1,
            [
                HEADER,
                ["OA 1.1", "t", "", "NL", "", ""],
                list(HEADER),  # Word "repeat header row" on the next page
                ["OA 1.2", "t", "", "BE", "", ""],
                ["OA No", "TITLE", "CHSG", "Leader", "Co-leader", "Participants"],  # same header, other words
                ["OA 1.3", "t", "", "DE", "", ""],
            ],
        )
    )
    assert [a.code for a in r.actions] == ["1.1", "1.2", "1.3"]
    assert r.warnings == []


def test_a_table_continued_on_the_next_page() -> None:
    first = table(1, [HEADER, ["OA 1.1", "t", "1", "NL", "", ""], ["OA 1.2", "t", "1", "BE", "", ""]])
    second = table(2, [["OA 1.3", "t", "1", "DE", "", ""], ["OA 2.1", "t", "2", "FR", "", "IT"]])
    third = table(3, [["OA 2.2", "t", "2", "ES", "", ""]])
    r = read(first, second, third)
    assert r.tables == {1, 2, 3}
    assert [(a.code, a.table, a.where) for a in r.actions] == [
        ("1.1", 1, "table 1 row 2"),
        ("1.2", 1, "table 1 row 3"),
        ("1.3", 2, "table 2 row 1"),
        ("2.1", 2, "table 2 row 2"),
        ("2.2", 3, "table 3 row 1"),
    ]


def test_a_continuation_that_repeats_the_header() -> None:
    first = table(1, [HEADER, ["OA 1.1", "t", "1", "NL", "", ""]])
    second = table(2, [HEADER, ["OA 1.2", "t", "1", "DE", "", ""]])
    assert [a.code for a in read(first, second).actions] == ["1.1", "1.2"]


def test_a_code_in_two_tables_is_a_warning() -> None:
    first = table(1, [HEADER, ["OA 1.1", "t", "1", "NL", "", ""]])
    second = table(2, [["OA 1.1", "t", "1", "DE", "", ""]])
    r = read(first, second)
    assert only(r).where == "table 1 row 2"
    assert messages(r) == ["action 1.1 is listed twice (first in table 1 row 2); keeping the first"]


def test_no_continuation_without_the_same_width_or_right_after() -> None:
    first = table(1, [HEADER, ["OA 1.1", "t", "1", "NL", "", ""]])
    narrower = table(2, [["OA 1.2", "t", "1", "DE"], ["OA 1.3", "t", "1", "DE"]])
    with pytest.raises(InputError, match=r"\(table 2\): a table of actions with no recognisable header"):
        read(first, narrower)
    later = table(3, [["OA 1.2", "t", "1", "DE", "", ""], ["OA 1.3", "t", "1", "DE", "", ""]])
    with pytest.raises(InputError, match=r"\(table 3\): a table of actions with no recognisable header"):
        read(first, later)


def test_tables_that_are_not_tables_of_actions_are_ignored() -> None:
    r = read(
        table(1, [["Acronym", "Meaning"], ["SIENA", "Secure Information Exchange Network Application"]]),
        table(2, [["1.1 Introduction", "3"], ["1.2 Scope", "4"]]),  # a table of contents
        table(3, []),
        table(4, [[]]),
    )
    assert r == OATables()


def test_a_table_of_actions_without_a_recognisable_header_is_an_error() -> None:
    t = table(
        2,
        [["Item", "What", "Who", "With whom"], ["OA 1.1", "t", "NL", "BE"], ["OA 1.2", "t", "NL", "BE"]],
        page=7,
    )
    with pytest.raises(InputError) as e:
        read(t)
    assert str(e.value) == (
        "docs/oap-2024-thb.pdf (page 7, table 2): a table of actions with no recognisable header "
        "(found: 'Item', 'What', 'Who', 'With whom'); expected columns such as 'OA No.', 'Title', "
        "'Strategic goal', 'Action Leader', 'Co-Action Leader(s)', 'Participants'"
    )


def test_a_header_without_a_code_column_is_an_error() -> None:
    # Actor columns are named, but the column of codes is not ("A"): not an OA table header.
    t = table(
        1,
        [["A", "B", "Action Leader", "Participants"], ["OA 1.1", "t", "NL", "BE"], ["OA 1.2", "t", "NL", ""]],
    )
    with pytest.raises(
        InputError, match=r"^docs/oap-2024-thb.pdf \(table 1\): a table of actions with no recog"
    ):
        read(t)


def test_a_table_of_actions_with_no_header_row_at_all_is_an_error() -> None:
    t = table(1, [["OA 1.1", "t", "NL"], ["OA 1.2", "t", "BE"], ["OA 1.3", "t", "DE"]])
    with pytest.raises(InputError) as e:
        read(t)
    assert str(e.value) == (
        "docs/oap-2024-thb.pdf (table 1): a table of actions with no recognisable header "
        "(found: 'OA 1.1', 't', 'NL'); expected columns such as 'OA No.', 'Title', 'Strategic goal', "
        "'Action Leader', 'Co-Action Leader(s)', 'Participants'"
    )
    assert "\n" not in str(e.value)


def test_a_header_naming_codes_but_no_actors_or_title_is_a_warning() -> None:
    # The overlaps with other OAPs, as a table: not an OA table, and said so.
    r = read(
        table(1, [["Other OAP", "OA", "Synergy"], ["Cybercrime", "OA 1.1", "x"], ["Firearms", "OA 2.1", "y"]])
    )
    assert r.actions == [] and r.tables == set()
    assert r.warnings == [
        ParseWarning(
            DOC.name,
            101,
            "a table of actions whose header names no title, leader or participants column "
            "(found: 'Other OAP', 'OA', 'Synergy'); not read as an OA table",
            "table 1 row 1",
        )
    ]


# ---------------------------------------------------------------------------- actors


def actors_of(cell: str, column: int = 5) -> tuple[tuple[str, ActionRole], ...]:
    row = ["OA 1.1", "t", "", "", "", ""]
    row[column] = cell
    return only(read(table(1, [HEADER, row]))).roles


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("NL, BE; DE", ["NL", "BE", "DE"]),
        ("NL\nBE\nDE", ["NL", "BE", "DE"]),
        ("NL,\nBE,\nDE.", ["NL", "BE", "DE"]),
        ("• NL\n• BE\n- DE\n– FR", ["NL", "BE", "DE", "FR"]),
        ("NL and BE", ["NL", "BE"]),
        ("NL/BE & DE", ["NL", "BE", "DE"]),
        ("NL BE DE", ["NL", "BE", "DE"]),
        ("Netherlands, Belgium, Germany", ["NL", "BE", "DE"]),
        ("The Netherlands", ["NL"]),
        ("Czech Republic, Czechia", ["CZ"]),  # the same actor twice (a warning, tested below)
        ("Turkey, Türkiye", ["TR"]),
        ("GR, Kosovo*", ["EL", "XK"]),
        ("Bosnia and Herzegovina", ["BA"]),
        ("Bosnia and Herzegovina and Serbia", ["BA", "RS"]),
        ("Bosnia and\nHerzegovina, Montenegro", ["BA", "ME"]),
        ("eu-LISA, Europol", ["EU-LISA", "EUROPOL"]),
        ("EMCDDA/EUDA", ["EUDA"]),
        ("Europol (EC3), Eurojust", ["EUROPOL", "EUROJUST"]),
        ("Europol/EC3", ["EUROPOL"]),
        ("NL (tbc), BE¹, DE*, FR2", ["NL", "BE", "DE", "FR"]),
        ("NL tbc", ["NL"]),
        ("European Commission, EEAS, COM", ["COM", "EEAS"]),
        ("European Border and Coast Guard Agency (Frontex)", ["FRONTEX"]),
        ("United States of America; UK; Norway", ["US", "UK", "NO"]),
        ("Republic of Moldova, Ukraine and Georgia", ["MD", "UA", "GE"]),
        ("Trafficking: NL", None),  # not a name: an error, tested below
    ],
)
def test_actor_cells(cell: str, codes: list[str] | None) -> None:
    if codes is None:
        with pytest.raises(InputError, match="unknown actor"):
            actors_of(cell)
        return
    assert [c for c, _ in actors_of(cell)] == codes


def test_each_actor_once_with_its_strongest_role() -> None:
    r = read(table(1, [HEADER, ["OA 1.1", "t", "", "NL; Europol", "BE, NL", "NL, BE, DE, Europol"]]))
    assert only(r).roles == (("NL", L), ("EUROPOL", L), ("BE", C), ("DE", P))
    assert r.warnings == []  # a leader also listed among participants is no warning


def test_a_name_repeated_in_one_cell_is_a_warning() -> None:
    r = read(table(1, [HEADER, ["OA 1.1", "t", "", "NL", "", "BE, Belgium, DE, DE"]]))
    assert only(r).roles == (("NL", L), ("BE", P), ("DE", P))
    assert messages(r) == [
        "'Belgium' (BE) is named twice in column 'Participants'",
        "'DE' (DE) is named twice in column 'Participants'",
    ]


def test_several_leaders() -> None:
    assert actors_of("Germany and Austria", 3) == (("DE", L), ("AT", L))


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("All MS", "'All MS' is not one actor; not recorded"),
        ("All Member States", "'All Member States' is not one actor; not recorded"),
        ("EU MS", "'EU MS' is not one actor; not recorded"),
        ("all EU agencies", "'all EU agencies' is not one actor; not recorded"),
        ("All interested MS", "'All interested MS' is not one actor; not recorded"),
        ("tbc", "'tbc' names no actor; not recorded"),
        ("TBD", "'TBD' names no actor; not recorded"),
        ("n/a", "'n/a' names no actor; not recorded"),
        ("-", "'-' names no actor; not recorded"),
        ("None", "'None' names no actor; not recorded"),
        ("(tbc)", "'(tbc)' names no actor; not recorded"),
    ],
)
def test_collective_names_and_placeholders_are_warnings(cell: str, message: str) -> None:
    r = read(table(1, [HEADER, ["OA 1.1", "t", "", "NL", "", cell]]))
    assert only(r).roles == (("NL", L),)
    assert r.warnings == [ParseWarning(DOC.name, 102, message, "table 1 row 2")]


def test_collective_names_among_actors() -> None:
    r = read(table(1, [HEADER, ["OA 1.1", "t", "", "NL", "", "All MS and agencies, Europol\ntbc"]]))
    assert only(r).roles == (("NL", L), ("EUROPOL", P))
    assert messages(r) == [
        "'All MS and agencies' is not one actor; not recorded",
        "'tbc' names no actor; not recorded",
    ]


def test_an_unknown_actor_is_an_error_in_one_line() -> None:
    with pytest.raises(InputError) as e:
        read(table(1, [HEADER, ["OA 1.1", "t", "", "NL", "", "BE, Xland"]]))
    assert str(e.value) == (
        "docs/oap-2024-thb.pdf (table 1 row 2): unknown actor 'Xland' in column 'Participants'; "
        "closest known: Poland (PL), Ireland (IE), Iceland (IS); to accept it, add a row to a --reference "
        "actors file (code,name,kind,aliases,source; kind: member_state, eu_agency, non_eu_country, "
        "international_organisation or private_partner): "
        "XLAND,Xland,non_eu_country,,assumed: named in oap-2024-thb.pdf table 1 row 2"
    )


def test_an_unknown_actor_on_a_page_is_a_valid_csv_suggestion() -> None:
    with pytest.raises(InputError) as e:
        read(table(2, [["OA", "Co-lead"], ["OA 1.1", "Ministry of Interior of Xland"]], page=4))
    message = str(e.value)
    assert message.startswith(
        "docs/oap-2024-thb.pdf (page 4, table 2 row 2): unknown actor 'Ministry of Interior of Xland' "
        "in column 'Co-lead'"
    )
    assert message.endswith(
        'MINISTRYOFIN,Ministry of Interior of Xland,non_eu_country,,"assumed: named in oap-2024-thb.pdf '
        'page 4, table 2 row 2"'
    )
    assert "\n" not in message


def test_rows_with_a_hostile_name_give_a_one_line_message() -> None:
    with pytest.raises(InputError) as e:
        read(table(1, [HEADER, ["OA 1.1", "t", "", "Xland\u2028Yland\x0bZ" + "q" * 500, "", ""]]))
    message = str(e.value)
    assert len(message.splitlines()) == 1
    assert "..." in message and len(message) < 1000


# ---------------------------------------------------------------------------- hostile input


@pytest.mark.parametrize(
    "cell",
    [
        "a and " * 20_000,
        "(" * 100_000,
        "(x" * 50_000,
        "," * 100_000,
        "NL, " * 25_000,
        "OA 1.1" + "1" * 100_000,
        "O" * 100_000,
        "OA " * 30_000,
        "CHSG " * 20_000,
        " \n" * 50_000,
        "1." * 50_000,
        "\u2022 - " * 30_000,
        "All " * 25_000,
    ],
)
def test_hostile_cells_of_100_kb(cell: str) -> None:
    tables = [
        table(
            1, [HEADER, ["OA 1.1", cell, cell, "NL", cell, cell], [cell] * 6, [cell, "t", "", "NL", "", ""]]
        ),
        table(2, [[cell] * 6, ["OA 1.2", "t", "", "NL", "", ""]]),
        table(3, [[cell, cell], ["OA 1.3", cell], ["OA 1.4", cell]]),
    ]
    start = time.perf_counter()
    try:
        read(*tables)
    except InputError as e:
        assert len(str(e).splitlines()) == 1 and len(str(e)) < 2000
    assert time.perf_counter() - start < 5


def test_many_rows_and_ragged_rows_stay_linear() -> None:
    rows: list[list[str]] = [list(HEADER)]
    rows += [
        [f"OA {g}.{n}", "t", str(g), "NL", "BE", "DE, FR; Europol"]
        for g in range(1, 11)
        for n in range(1, 300)
    ]
    rows += [[""] * 10_000]  # one very wide row
    start = time.perf_counter()
    r = read(table(1, rows))
    assert len(r.actions) == 2990
    assert time.perf_counter() - start < 10


_NAMES = [
    "NL",
    "Belgium",
    "Europol",
    "eu-LISA",
    "Bosnia and Herzegovina",
    "All MS",
    "tbc",
    "-",
    "Czech Republic",
    "Kosovo*",
    "EMCDDA",
    "Xland",
]
_HOSTILE = list(",;/&()[]•·-–—*¹\n\r\t\x00\x0b\u2028\u00a0'\"\\") + [
    " and ",
    "OA ",
    "1.1",
    "CHSG ",
    "(s)",
    "É",
]
_CELL = st.one_of(
    st.sampled_from(_NAMES[:-1]),
    st.lists(st.sampled_from(_NAMES[:-1]), min_size=1, max_size=4).map(", ".join),
    st.lists(st.sampled_from(_NAMES + _HOSTILE), max_size=8).map("".join),
    st.text(max_size=30),
)
_HEADER_CELL = st.one_of(
    st.sampled_from(
        [
            *HEADER,
            "OA",
            "No.",
            "CHSG",
            "Leader",
            "Co-lead",
            "Partners",
            "Remarks",
            "",
            "Title of the OA",
            "Name",
        ]
    ),
    st.text(max_size=20),
)
_CODE_CELL = st.one_of(
    st.builds("OA {}.{}".format, st.integers(0, 12), st.integers(0, 12)),
    st.sampled_from(["OA 1.1", "OA1.2", "O.A. 2.1", "3.1", "OA 2.10", "02.1", "tbd", "", "OA 0.1", "1.1.1"]),
    st.text(max_size=12),
)


@st.composite
def _tables(draw: st.DrawFn) -> list[SourceTable]:
    out: list[SourceTable] = []
    for index in range(1, draw(st.integers(1, 3)) + 1):
        width = 6
        header = list(HEADER)
        for _ in range(draw(st.integers(0, 3))):
            op = draw(st.sampled_from(["text", "delete", "duplicate"]))
            i = draw(st.integers(0, len(header) - 1))
            if op == "text":
                header[i] = draw(_HEADER_CELL)
            elif op == "delete" and len(header) > 1:
                del header[i]
            else:
                header.insert(i, header[i])
        width = len(header)
        rows: list[list[str]] = []
        if draw(st.booleans()):
            rows.append(header)
        for _ in range(draw(st.integers(0, 5))):
            row = [draw(_CODE_CELL)] + [draw(_CELL) for _ in range(width - 1)]
            if draw(st.booleans()) and len(row) > 1:
                del row[draw(st.integers(0, len(row) - 1))]
            rows.append(row)
        out.append(table(index, rows))
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables=_tables())
def test_mutated_tables_give_actions_or_input_errors(tables: list[SourceTable]) -> None:
    try:
        r = read(*tables)
    except InputError as e:
        assert len(str(e).splitlines()) == 1
        return
    codes = [a.code for a in r.actions]
    assert len(codes) == len(set(codes))
    for a in r.actions:
        assert re.fullmatch(r"[1-9]\d*\.[1-9]\d*", a.code), a.code
        assert a.table in r.tables
        actors = [c for c, _ in a.roles]
        assert len(actors) == len(set(actors))
        assert all(c in KNOWN_CODES and isinstance(role, ActionRole) for c, role in a.roles)
        assert a.goal_number is None or a.goal_number == int(a.code.split(".")[0])
    assert all(isinstance(w, ParseWarning) and w.document == DOC.name and w.where for w in r.warnings)
