"""The OA overview tables of an OAP document: each action's code, title, goal, leaders and participants.

:func:`read_oa_tables` looks at every :class:`~.oap_source.SourceTable` of one document and recognises
the OA overview tables by their header row (:func:`header_fields`; the first row, or the second when
the first is a title row spanning the table): a column of action codes ("OA", "OA No.", "No.") and at
least one of title ("Title", "Operational Action"), leader ("Action Leader", "Leader"), co-leader
("Co-Action Leader(s)", "Co-leader") or participants ("Participants", "Participating countries and
agencies"); a goal column ("Strategic goal", "CHSG") is read when there is one. A table right after an
OA table, without a header, with as many columns and with action codes down its code column, continues
it (a table split over pages); a header row repeated inside a table is skipped.

Each row that names an action gives one :class:`TableAction`. A cell of actors names several, separated
by commas, semicolons, line breaks, bullets, "and", "/" or "&"; the longest run of pieces that names a
known actor wins, so "Bosnia and Herzegovina" and "eu-LISA" stay whole; footnote marks and remarks in
parentheses ("NL (tbc)") are dropped. What cannot be read is a warning with the row's place, never a
silent loss: a row without a readable code, a code given twice, a goal that contradicts the code, a
collective name ("All MS") or a placeholder ("tbc"). An unknown actor, or a table of actions whose header
names no column, stops the reading with the place and what to do.

:mod:`.documents` sets aside the rows of the tables read here (:attr:`OATables.tables`) and parses the
rest of the document as prose. Every pattern here has bounded repetitions only: reading is linear in the
size of the tables, whatever their cells hold.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import ActionRole
from ..names import PriorityResolver, normalise_name
from ..reference import actor_row_hint
from .oap_parser import ParseWarning
from .oap_source import SourceTable, TableRow

__all__ = [
    "FIELDS",
    "OATables",
    "TableAction",
    "action_code",
    "goal_number",
    "header_fields",
    "read_oa_tables",
]


@dataclass(frozen=True, slots=True)
class TableAction:
    """One row of an OA overview table."""

    code: str  # "2.1" (from "OA 2.1", "OA2.1", "2.1")
    title: str  # "" when the row has no title cell or it is empty
    goal_number: int | None  # from the goal column ("CHSG 2", "2", "ATSG 9 - ..."); None without one
    roles: tuple[tuple[str, ActionRole], ...]  # (actor code, role) in cell order, each actor once
    where: str  # the row's place: TableRow.where ("table 1 row 4")
    line: int  # TableRow.line
    table: int  # SourceTable.index


@dataclass
class OATables:
    """What the OA overview tables of one document give."""

    actions: list[TableAction] = field(default_factory=list)
    tables: set[int] = field(default_factory=set)  # indices of the tables read as OA tables
    warnings: list[ParseWarning] = field(default_factory=list)


# ---------------------------------------------------------------------------- header cells

#: The fields a column of an OA table can hold, in the order :func:`header_fields` tries them.
FIELDS = ("code", "title", "goal", "leader", "co_leader", "participants")

_ROLE_OF_FIELD = {
    "leader": ActionRole.LEADER,
    "co_leader": ActionRole.CO_LEADER,
    "participants": ActionRole.PARTICIPANT,
}
_STRENGTH = {ActionRole.LEADER: 0, ActionRole.CO_LEADER: 1, ActionRole.PARTICIPANT: 2}

# Header texts, normalised by _header_key: lower case ASCII words, "(s)" and punctuation dropped.
_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        [
            "oa",
            "oas",
            "oa no",
            "oa nr",
            "oa n",
            "oa number",
            "oa num",
            "oa code",
            "oa id",
            "oa ref",
            "no",
            "nr",
            "n",
            "number",
            "num",
            "code",
            "ref",
            "id",
            "operational action no",
            "operational action nr",
            "operational action number",
            "operational action code",
            "action no",
            "action nr",
            "action number",
            "action code",
        ],
        "code",
    ),
    **dict.fromkeys(
        [
            "title",
            "titles",
            "oa title",
            "title of the oa",
            "title of oa",
            "title of the operational action",
            "operational action title",
            "action title",
            "operational action",
            "operational actions",
            "action",
            "actions",
            "name",
            "oa name",
            "name of the oa",
        ],
        "title",
    ),
    **dict.fromkeys(
        [
            "strategic goal",
            "strategic goals",
            "strategic goal chsg",
            "chsg",
            "chsgs",
            "chsg no",
            "goal",
            "goals",
            "sg",
            "atsg",
            "common horizontal strategic goal",
            "related chsg",
        ],
        "goal",
    ),
    **dict.fromkeys(
        [
            "action leader",
            "action leaders",
            "action lead",
            "leader",
            "leaders",
            "lead",
            "al",
            "oa leader",
            "lead country",
            "leading country",
            "lead ms",
        ],
        "leader",
    ),
    **dict.fromkeys(
        [
            "co action leader",
            "co action leaders",
            "co action lead",
            "co leader",
            "co leaders",
            "co lead",
            "co al",
            "coleader",
            "coleaders",
        ],
        "co_leader",
    ),
    **dict.fromkeys(
        [
            "participants",
            "participant",
            "participating countries and agencies",
            "participating ms and agencies",
            "participating member states and agencies",
            "participating countries",
            "participating ms",
            "participating member states",
            "participating countries and organisations",
            "other participants",
            "partners",
        ],
        "participants",
    ),
}
_CODE_WORDS = frozenset(
    "oa oas no nr n number num code ref reference id operational action actions of".split()
)
_CODE_MARKS = frozenset("no nr n number num code ref reference id".split())
_GOAL_WORDS = frozenset("chsg chsgs sg atsg goal goals".split())
_NAME_WORDS = frozenset("name of the oa action operational".split())
_MAX_HEADER = 100  # longer cells are text, not headers
_PLURAL_MARK = re.compile(r"\(\s{0,2}s\s{0,2}\)", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _header_key(text: str) -> str:
    """A header cell's text folded to ASCII lower-case words, "(s)", "&" and punctuation dropped."""
    if len(text) > _MAX_HEADER:
        return ""
    if text.strip() == "#":
        return "no"
    s = "".join(
        " " if ord(ch) > 127 and unicodedata.category(ch)[0] in "PSZ" else ch  # a dash, a space
        for ch in unicodedata.normalize("NFKD", text)
    )
    s = s.encode("ascii", "ignore").decode().lower()
    s = _PLURAL_MARK.sub("", s).replace("&", " and ")
    words: list[str] = []
    for w in _NON_ALNUM.sub(" ", s).split():
        if w == "a" and words and words[-1] == "o":  # "O.A." -> "oa"
            words[-1] = "oa"
        else:
            words.append(w)
    return " ".join(words)


def _field_of(text: str) -> str | None:
    key = _header_key(text)
    if not key:
        return None
    exact = _SYNONYMS.get(key)
    if exact is not None:
        return exact
    words = key.split()
    if len(words) > 8:
        return None
    lead = any(w.startswith("lead") for w in words)
    if any(w.startswith("colead") for w in words) or (lead and "co" in words):
        return "co_leader"
    if lead:
        return "leader"
    if any(w.startswith("particip") for w in words) or "partners" in words:
        return "participants"
    if any(w in _GOAL_WORDS for w in words):
        return "goal"
    if "title" in words or ("name" in words and set(words) <= _NAME_WORDS):
        return "title"
    if set(words) <= _CODE_WORDS and (_CODE_MARKS & set(words)):
        return "code"
    return None


def header_fields(cells: Sequence[str]) -> dict[int, str]:
    """The field (one of :data:`FIELDS`) of each header cell that names one, by column (0-based).

    >>> header_fields(["OA No.", "Title of the OA", "CHSG", "Action leader(s)", "Co-Action Leader(s)",
    ...                "Participating MS\\nand agencies", "Remarks"])  # doctest: +NORMALIZE_WHITESPACE
    {0: 'code', 1: 'title', 2: 'goal', 3: 'leader', 4: 'co_leader', 5: 'participants'}
    >>> header_fields(["O.A. number", "Operational Action", "Strategic goal (CHSG)", "Co-lead", "Lead"])
    {0: 'code', 1: 'title', 2: 'goal', 3: 'co_leader', 4: 'leader'}
    """
    out: dict[int, str] = {}
    for i, cell in enumerate(cells):
        f = _field_of(cell)
        if f is not None:
            out[i] = f
    return out


# ---------------------------------------------------------------------------- body cells

_CODE_AT = re.compile(
    r"(?P<prefix>(?:operational\s{1,3}actions?|o\s{0,2}\.?\s{0,2}a)\s{0,3}\.?\s{0,3}"
    r"(?:(?:no|nr|n°|nº)\s{0,2}\.?\s{0,3})?)?"
    r"(?P<goal>[0-9]{1,2})\s{0,2}\.\s{0,2}(?P<n>[0-9]{1,3})(?![0-9]|\s{0,2}\.\s{0,2}[0-9])",
    re.IGNORECASE,
)
_GOAL_AT = re.compile(
    r"(?P<label>(?:[a-z]{0,6}sg|(?:strategic\s{1,3})?goal)s?\s{0,3}\.?\s{0,3}(?:(?:no|nr)\s{0,2}\.?\s{0,3})?)?"
    r"(?P<n>[0-9]{1,2})(?![0-9]|\s{0,2}\.\s{0,2}[0-9])",
    re.IGNORECASE,
)
_REST_STRIP = " \t\n.:;,)-\u2010\u2011\u2012\u2013\u2014\u2212"


def action_code(text: str) -> tuple[str, str] | None:
    """The action code a cell starts with ("OA 2.1", "OA2.1", "O.A. 2.1", "2.1") and the text after it.

    >>> action_code("OA 2.10 - Joint action days"), action_code("O.A. 02.1"), action_code("1.1.2")
    (('2.10', 'Joint action days'), ('2.1', ''), None)
    """
    m = _CODE_AT.match(text.lstrip())
    if not m:
        return None
    goal, n = int(m.group("goal")), int(m.group("n"))
    if not goal or not n:
        return None
    rest = text.lstrip()[m.end() :].strip(_REST_STRIP)
    return f"{goal}.{n}", " ".join(rest.split())


def _is_code_cell(text: str) -> bool:
    """True when a cell is only an action code, or starts with one written "OA ..." (a table of actions)."""
    found = action_code(text)
    if found is None:
        return False
    m = _CODE_AT.match(text.lstrip())
    return not found[1] or (m is not None and bool(m.group("prefix")))


def goal_number(text: str) -> tuple[int, bool] | None:
    """The goal number a goal cell starts with, and whether a label ("CHSG", "SG", "goal") precedes it.

    >>> goal_number("CHSG 1 - Criminal intelligence picture"), goal_number("9"), goal_number("1.1")
    ((1, True), (9, False), None)
    """
    m = _GOAL_AT.match(text.strip())
    if not m:
        return None
    return int(m.group("n")), bool(m.group("label"))


# ---------------------------------------------------------------------------- actor cells

_PAREN = re.compile(r"(?<=\S)\s{0,3}(?:\([^()\n]{0,120}\)|\[[^\[\]\n]{0,40}\])")
_SEP = re.compile(r"([\n;,\u2022\u00b7\u25aa\u25e6\u25cf/&+]|\s[-\u2013\u2014]\s|\band\b)", re.IGNORECASE)
_HARD = frozenset(";,\u2022\u00b7\u25aa\u25e6\u25cf+")
_NAME_STRIP = (
    " \t\r\n-\u2010\u2011\u2012\u2013\u2014\u2212*>.:;,'\"`\u2018\u2019\u201c\u201d()[]{}"
    "\u2020\u2021\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"  # daggers, superscripts
)
_MAX_NAME = 200  # longer text is not one actor's name
_MAX_WINDOW = 5  # pieces joined at most to find one name ("St Vincent and the Grenadines")
_COLLECTIVE = frozenset(
    [
        "all",
        "all ms",
        "all member states",
        "all eu ms",
        "all eu member states",
        "eu ms",
        "eu member states",
        "member states",
        "ms",
        "other ms",
        "interested ms",
        "all eu agencies",
        "all agencies",
        "eu agencies",
        "agencies",
        "relevant agencies",
        "relevant eu agencies",
        "ms and agencies",
        "ms and eu agencies",
        "all ms and agencies",
        "all ms and eu agencies",
        "all eu ms and agencies",
        "all participants",
        "participants",
        "all partners",
        "partners",
        "third countries",
        "third parties",
        "private partners",
        "eu institutions",
        "others",
        "other",
        "various",
        "eu",
    ]
)
_PLACEHOLDER = frozenset(
    [
        "tbc",
        "tbd",
        "to be confirmed",
        "to be determined",
        "to be decided",
        "n a",
        "na",
        "not applicable",
        "none",
        "nil",
        "pending",
    ]
)


def _one_line(text: str, limit: int = 80) -> str:
    s = " ".join("".join(ch if ch.isprintable() else " " for ch in text[: 4 * limit]).split())
    return s if len(s) <= limit else s[: limit - 3] + "..."


@dataclass(frozen=True, slots=True)
class _Column:
    index: int
    field: str
    label: str  # "column 'OA No.'" or "column 3" for a column without a header


@dataclass(frozen=True, slots=True)
class _Layout:
    """Which column holds what, read from a header row."""

    width: int
    code: _Column
    title: _Column | None  # None, or the code column itself: the title follows the code in its cell
    goal: _Column | None
    actors: tuple[_Column, ...]  # leader, co-leader and participant columns, left to right
    header: tuple[str, ...]  # the header row's cells, normalised, to skip it where it is repeated


def _label(cells: Sequence[str], i: int) -> str:
    text = _one_line(cells[i], 60) if i < len(cells) else ""
    return f"column '{text}'" if text else f"column {i + 1}"


def _cell(row: TableRow, i: int) -> str:
    return row.cells[i] if 0 <= i < len(row.cells) else ""


def _width(table: SourceTable) -> int:
    return max((len(r.cells) for r in table.rows), default=0)


def _blank(row: TableRow) -> bool:
    return not any(c.strip() for c in row.cells)


def _spanning(row: TableRow) -> bool:
    """True for a row whose non-empty cells all hold the same text (a title or goal row over the table)."""
    texts = {c.strip() for c in row.cells if c.strip()}
    return len(texts) == 1


def _code_columns(rows: Sequence[TableRow], *, strict: bool, least: int = 1) -> list[int]:
    """The columns more than half of whose non-empty cells are action codes (at least ``least``).

    One pass over the cells there are: linear even when rows have very different lengths.
    """
    filled: dict[int, int] = {}
    codes: dict[int, int] = {}
    for r in rows:
        for i, text in enumerate(r.cells):
            if not text.strip():
                continue
            filled[i] = filled.get(i, 0) + 1
            if _is_code_cell(text) if strict else action_code(text) is not None:
                codes[i] = codes.get(i, 0) + 1
    return sorted(i for i, n in codes.items() if n >= least and 2 * n > filled[i])


def _mostly_codes(rows: Sequence[TableRow], col: int) -> bool:
    """True when more than half of the non-empty cells of column ``col`` start with an action code."""
    filled = codes = 0
    for r in rows:
        text = _cell(r, col)
        if text.strip():
            filled += 1
            codes += action_code(text) is not None
    return codes >= 1 and 2 * codes > filled


class _Reader:
    def __init__(self, path: Path, actors: PriorityResolver) -> None:
        self.path = path
        self.actors = actors
        self.out = OATables()
        self.seen: dict[str, str] = {}  # action code -> where it was first read

    def warn(self, row: TableRow, message: str) -> None:
        self.out.warnings.append(ParseWarning(self.path.name, row.line, message, row.where))

    # ------------------------------------------------------------------ tables

    def layout(
        self, header: TableRow, body: Sequence[TableRow], width: int, *, warn: bool = True
    ) -> _Layout | None:
        """The layout a header row gives, or None when it is not the header of an OA table.

        ``body``, the rows below, is where a column of codes is looked for when no header names one.
        """
        fields = header_fields(header.cells)
        first: dict[str, int] = {}
        actors: list[_Column] = []
        dropped: list[tuple[int, str]] = []
        for i in sorted(fields):
            f = fields[i]
            if f in _ROLE_OF_FIELD:
                actors.append(_Column(i, f, _label(header.cells, i)))
            elif f in first:
                dropped.append((i, f))
            else:
                first[f] = i
        if "title" not in first and not actors:
            return None
        code_at = first.get("code")
        if code_at is None:
            # No column named for the codes: a column with an empty header holding them, or a title
            # column whose cells start with them ("OA 1.1 Title").
            found = _code_columns(body, strict=False) if body else []
            unnamed = [i for i in found if i >= len(header.cells) or not header.cells[i].strip()]
            if "title" in first and first["title"] in found:
                unnamed.append(first["title"])
            if not unnamed:
                return None
            code_at = unnamed[0]
        for i, f in dropped if warn else ():
            self.warn(
                header,
                f"{_label(header.cells, i)} is a second {f} column after {_label(header.cells, first[f])}; "
                "only the first is read",
            )
        code = _Column(code_at, "code", _label(header.cells, code_at))
        title_at = first.get("title", code_at)
        title = _Column(title_at, "title", _label(header.cells, title_at)) if "title" in first else None
        if title is not None and title.index == code_at:
            title = None
        goal = (
            _Column(first["goal"], "goal", _label(header.cells, first["goal"])) if "goal" in first else None
        )
        return _Layout(
            width,
            code,
            title,
            goal,
            tuple(actors),
            tuple(_header_key(c) for c in header.cells),
        )

    def header_of(self, table: SourceTable) -> tuple[int, _Layout | None]:
        """The position of the header row (0 or 1) and the layout it gives."""
        rows, width = table.rows, _width(table)
        if not rows:
            return 0, None
        found = self.layout(rows[0], rows[1:], width)
        if found is not None or len(rows) < 2 or not _spanning(rows[0]) or width < 2:
            return 0, found
        return 1, self.layout(rows[1], rows[2:], width)

    def table(self, table: SourceTable, previous: tuple[SourceTable, _Layout] | None) -> _Layout | None:
        """Read one table; the layout it was read with, or None when it is not an OA table."""
        at, layout = self.header_of(table)
        if layout is not None:
            self.out.tables.add(table.index)
            self.rows(table, table.rows[at + 1 :], layout)
            return layout
        if previous is not None:
            before, prev = previous
            if (
                table.index == before.index + 1
                and _width(table) == _width(before)
                and _mostly_codes(table.rows, prev.code.index)
            ):
                self.out.tables.add(table.index)
                self.rows(table, table.rows, prev)
                return prev
        if _code_columns(table.rows, strict=True, least=2):
            header = table.rows[at]
            found = ", ".join(f"'{_one_line(c, 40)}'" for c in header.cells[:8])
            more = ", ..." if len(header.cells) > 8 else ""
            named = set(header_fields(header.cells).values())
            if named and not named & {"title", *_ROLE_OF_FIELD}:
                # A header naming codes or goals but no title or actors: the overlaps with other OAPs.
                self.warn(
                    header,
                    f"a table of actions whose header names no title, leader or participants column "
                    f"(found: {found}{more}); not read as an OA table",
                )
                return None
            raise InputError(
                f"{self.path} ({table.where}): a table of actions with no recognisable header "
                f"(found: {found}{more}); expected columns such as 'OA No.', 'Title', 'Strategic goal', "
                "'Action Leader', 'Co-Action Leader(s)', 'Participants'"
            )
        return None

    # ------------------------------------------------------------------ rows

    def rows(self, table: SourceTable, rows: Sequence[TableRow], layout: _Layout) -> None:
        for row in rows:
            if _blank(row):
                continue
            if len(row.cells) <= _MAX_HEADER and (
                tuple(_header_key(c) for c in row.cells) == layout.header
                or self.layout(row, (), layout.width, warn=False) is not None
            ):
                continue  # the header row, repeated on a new page
            action = self.row(table, row, layout)
            if action is not None:
                self.out.actions.append(action)

    def row(self, table: SourceTable, row: TableRow, layout: _Layout) -> TableAction | None:
        text = _cell(row, layout.code.index)
        found = action_code(text)
        if found is None:
            if _spanning(row) and (g := goal_number(text)) is not None and g[1]:
                return None  # a goal heading over the actions of that goal
            shown = f"'{_one_line(text, 60)}'" if text.strip() else "empty"
            self.warn(row, f"no action code in {layout.code.label} ({shown}); row not read")
            return None
        code, rest = found
        first = self.seen.get(code)
        if first is not None:
            self.warn(row, f"action {code} is listed twice (first in {first}); keeping the first")
            return None
        self.seen[code] = row.where
        if layout.title is None:
            title = rest
        else:
            title = " ".join(_cell(row, layout.title.index).split())
        return TableAction(
            code,
            title,
            self.goal(row, layout, code),
            self.roles(row, layout),
            row.where,
            row.line,
            table.index,
        )

    def goal(self, row: TableRow, layout: _Layout, code: str) -> int | None:
        if layout.goal is None:
            return None
        text = _cell(row, layout.goal.index)
        if not text.strip():
            return None
        found = goal_number(text)
        if found is None:
            self.warn(
                row, f"unreadable goal in {layout.goal.label} ('{_one_line(text, 60)}'); goal not recorded"
            )
            return None
        served = int(code.split(".")[0])
        if found[0] != served:
            self.warn(
                row,
                f"{layout.goal.label} says goal {found[0]} but action {code} serves goal {served}; "
                f"keeping goal {served}",
            )
        return served

    def roles(self, row: TableRow, layout: _Layout) -> tuple[tuple[str, ActionRole], ...]:
        roles: dict[str, ActionRole] = {}
        for col in layout.actors:
            role = _ROLE_OF_FIELD[col.field]
            in_cell: set[str] = set()
            for name, code in self.names(row, col, _cell(row, col.index)):
                if code in in_cell:
                    self.warn(row, f"'{_one_line(name, 60)}' ({code}) is named twice in {col.label}")
                    continue
                in_cell.add(code)
                old = roles.get(code)
                if old is None or _STRENGTH[role] < _STRENGTH[old]:
                    roles[code] = role
        return tuple(roles.items())

    # ------------------------------------------------------------------ actor names

    def names(self, row: TableRow, col: _Column, text: str) -> list[tuple[str, str]]:
        """The actors a cell names: (name as printed, actor code), in order."""
        if not text.strip():
            return []
        cell = _PAREN.sub("", text)
        whole = self.known(cell)
        if whole is not None:
            return [(cell.strip(_NAME_STRIP), whole)]
        parts = _SEP.split(cell)
        pieces, seps = parts[0::2], parts[1::2]
        out: list[tuple[str, str]] = []
        i = 0
        while i < len(pieces):
            i = self.next_name(row, col, pieces, seps, i, out)
        return out

    def next_name(
        self,
        row: TableRow,
        col: _Column,
        pieces: list[str],
        seps: list[str],
        i: int,
        out: list[tuple[str, str]],
    ) -> int:
        """Read the name starting at piece ``i`` (the longest run of pieces naming one); the next piece."""
        most = 1  # pieces a name may span from here: up to a comma, semicolon or bullet
        while most < _MAX_WINDOW and i + most < len(pieces) and seps[i + most - 1] not in _HARD:
            most += 1
        for width in range(most if pieces[i].strip() else 1, 1, -1):
            joined_seps = seps[i : i + width - 1]
            text = "".join(p + s for p, s in zip(pieces[i : i + width - 1], joined_seps, strict=True))
            text += pieces[i + width - 1]
            if len(text) > _MAX_NAME:
                continue
            code = self.known(text)
            if code is not None:
                out.append((text.strip(_NAME_STRIP), code))
                return i + width
            key = normalise_name(text)
            if key in _COLLECTIVE or key in _PLACEHOLDER:
                self.not_recorded(row, text.strip(), key)
                return i + width
        raw = pieces[i]
        if not raw.strip():
            return i + 1
        code = self.known(raw)
        if code is not None:
            out.append((raw.strip(_NAME_STRIP), code))
            return i + 1
        name = _drop_remark(raw.strip(_NAME_STRIP))
        key = normalise_name(name) if len(name) <= _MAX_NAME else name.lower()
        if key in _COLLECTIVE or key in _PLACEHOLDER or key.startswith("all ") or not name:
            self.not_recorded(row, raw.strip(), key)
            return i + 1
        if not key and not any(ch.isalnum() for ch in name):
            self.not_recorded(row, raw.strip(), key)
            return i + 1
        codes = self.codes_by_space(name)
        if codes:
            out.extend(codes)
            return i + 1
        raise self.unknown(row, col, name)

    def known(self, text: str) -> str | None:
        """The actor code a piece of text names (footnote marks, bullets and "tbc" dropped), or None."""
        if len(text) > _MAX_NAME:
            return None
        name = _drop_remark(text.strip(_NAME_STRIP))
        if not name:
            return None
        code = self.actors.get(name)
        if code is None:
            bare = name.rstrip("0123456789").rstrip(_NAME_STRIP)  # "NL2": a footnote number
            if bare and bare != name:
                code = self.actors.get(bare)
        return code

    def codes_by_space(self, name: str) -> list[tuple[str, str]]:
        """Actor codes written with spaces only between them ("NL BE DE"), or [] when that is not it."""
        words = name.split()
        if not 2 <= len(words) <= 40:
            return []
        out: list[tuple[str, str]] = []
        for w in words:
            code = self.actors.get(w) if w.isupper() and len(w) <= 12 else None
            if code is None:
                return []
            out.append((w, code))
        return out

    def not_recorded(self, row: TableRow, text: str, key: str) -> None:
        if key in _COLLECTIVE or key.startswith("all "):
            self.warn(row, f"'{_one_line(text, 60)}' is not one actor; not recorded")
        else:
            self.placeholder(row, text)

    def placeholder(self, row: TableRow, text: str) -> None:
        self.warn(row, f"'{_one_line(text, 60)}' names no actor; not recorded")

    def unknown(self, row: TableRow, col: _Column, name: str) -> InputError:
        shown = _one_line(name)
        close = self.actors.closest(shown)
        hint = f"; closest known: {', '.join(close)}" if close else ""
        return InputError(
            f"{self.path} ({row.where}): unknown actor '{shown}' in {col.label}{hint}; "
            + actor_row_hint(shown, self.path.name, row.where)
        )


def _drop_remark(name: str) -> str:
    """A name without a last word "tbc" or "tbd" ("NL tbc")."""
    head, _, last = name.rpartition(" ")
    if head and last.lower().strip(".") in ("tbc", "tbd"):
        return head.rstrip(_NAME_STRIP)
    return name


def read_oa_tables(path: Path, tables: Sequence[SourceTable], actors: PriorityResolver) -> OATables:
    """Read the OA overview tables of one document.

    Parameters
    ----------
    path
        The document, for messages and warnings.
    tables
        Its tables, in document order (:attr:`~.oap_source.SourceDocument.tables`).
    actors
        Resolves actor codes, names and aliases to actor codes.

    Returns
    -------
    OATables
        One action per row that names one, the indices of the tables read as OA tables, and a warning
        for each row or cell that could not be read as it stands.

    Raises
    ------
    InputError
        A table whose rows are action codes has no recognisable header; a cell names an unknown actor.
    """
    reader = _Reader(path, actors)
    previous: tuple[SourceTable, _Layout] | None = None
    for table in tables:
        layout = reader.table(table, previous)
        previous = (table, layout) if layout is not None else None
    return reader.out
