"""The dataset format: one table per entity, its columns, and how records map to rows and back."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ..model import (
    OAP,
    TABLE_NAMES,
    Action,
    ActionRole,
    Actor,
    ActorKind,
    Goal,
    OAPActor,
    OAPRole,
    Overlap,
    Participation,
    Priority,
)

__all__ = ["LIST_SEPARATOR", "TABLES", "Column", "TableSpec", "record_to_row"]

#: Separator of list values inside one cell (priority aliases).
LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class Column:
    """One column of a table."""

    name: str
    required: bool
    kind: str  # "text", "int", "period", "date", "list", or "enum:<values,...>"
    doc: str
    absent_ok: bool = False  # the header may leave the column out (added after datasets existed)

    @property
    def choices(self) -> tuple[str, ...]:
        """Allowed values of an enum column."""
        return tuple(self.kind.split(":", 1)[1].split(",")) if self.kind.startswith("enum:") else ()


@dataclass(frozen=True)
class TableSpec:
    """A table of the dataset: file name, columns, key columns and the record type it holds."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    record: type
    required_file: bool
    doc: str

    @property
    def filename(self) -> str:
        """The CSV file of this table inside a dataset folder."""
        return f"{self.name}.csv"

    @property
    def header(self) -> list[str]:
        """Column names in order."""
        return [c.name for c in self.columns]


def _enum(e: type[Any]) -> str:
    return "enum:" + ",".join(m.value for m in e)


_SOURCE = Column(
    "source", True, "text", 'Where the fact comes from ("13607/21 §2.2 line 128"), or "assumed: why".'
)

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "priorities",
            (
                Column("code", True, "text", "Canonical code, e.g. THB."),
                Column("name", True, "text", "Full name of the priority."),
                Column("aliases", False, "list", "Other names documents use, separated by |."),
                Column(
                    "cycle",
                    False,
                    "period",
                    "EMPACT cycle, e.g. 2022-2025 or 2026-2029; an OAP's period must lie in it. "
                    "Empty, or the column left out: any cycle.",
                    absent_ok=True,
                ),
                _SOURCE,
            ),
            ("code",),
            Priority,
            True,
            "The EMPACT crime priorities (one per OAP area), of one cycle each; codes never repeat.",
        ),
        TableSpec(
            "actors",
            (
                Column("code", True, "text", "Code: ISO country code, agency acronym, or name."),
                Column("name", True, "text", "Full name."),
                Column("kind", True, _enum(ActorKind), "What kind of body the actor is."),
                _SOURCE,
            ),
            ("code",),
            Actor,
            False,
            "Member States, EU agencies, non-EU countries, international organisations, partners.",
        ),
        TableSpec(
            "goals",
            (
                Column("goal_id", True, "text", "Key: CHSG-<n> for n <= 8, <PRIORITY>-<n> from 9."),
                Column("number", True, "int", "Goal number; an action 'n.m' serves goal n."),
                Column("label", True, "text", "Label as printed, e.g. 'CHSG 1' or 'ATSG 9'."),
                Column("title", True, "text", "Title as printed."),
                Column("priority", False, "text", "Priority of a specific goal; empty for CHSGs."),
                _SOURCE,
            ),
            ("goal_id",),
            Goal,
            True,
            "Strategic goals: the eight common CHSGs and priority-specific goals.",
        ),
        TableSpec(
            "oaps",
            (
                Column("oap_id", True, "text", "Key: <PRIORITY>-<period>, e.g. THB-2022."),
                Column("priority", True, "text", "Priority code."),
                Column("period", True, "period", "Year (2022) or period (2024-2025)."),
                Column("document", False, "text", "Council document number, e.g. 13607/21."),
                Column("date", False, "date", "Date of the Council document (YYYY-MM-DD)."),
                Column("previous_document", False, "text", "Previous document number."),
                Column("title", False, "text", "Title from the subject line."),
                Column("stated_actions", False, "int", "Number of OAs the document says it has."),
                _SOURCE,
            ),
            ("oap_id",),
            OAP,
            True,
            "Operational Action Plans: one priority for one year or period.",
        ),
        TableSpec(
            "oap_actors",
            (
                Column("oap_id", True, "text", "OAP key."),
                Column("actor", True, "text", "Actor code."),
                Column("role", True, _enum(OAPRole), "Role on the OAP."),
                _SOURCE,
            ),
            ("oap_id", "actor", "role"),
            OAPActor,
            False,
            "Actors' roles on whole OAPs: driver, co-driver, relevant actor, partner.",
        ),
        TableSpec(
            "actions",
            (
                Column("oap_id", True, "text", "OAP key."),
                Column("code", True, "text", "Action code 'n.m' (OA n.m serves goal n)."),
                Column("goal_id", True, "text", "Goal key; must match the code's goal number."),
                Column("title", False, "text", "Title, when public."),
                _SOURCE,
            ),
            ("oap_id", "code"),
            Action,
            True,
            "Operational Actions (OAs).",
        ),
        TableSpec(
            "participations",
            (
                Column("oap_id", True, "text", "OAP key."),
                Column("action_code", True, "text", "Action code within the OAP."),
                Column("actor", True, "text", "Actor code."),
                Column("role", True, _enum(ActionRole), "leader, co_leader or participant."),
                _SOURCE,
            ),
            ("oap_id", "action_code", "actor"),
            Participation,
            False,
            "Actors leading, co-leading or taking part in actions.",
        ),
        TableSpec(
            "overlaps",
            (
                Column("oap_id", True, "text", "OAP key of the declaring OAP."),
                Column("action_code", True, "text", "Code of the declaring action."),
                Column("target_priority", True, "text", "Priority the action overlaps with."),
                Column("note", False, "text", "Remark printed with the declaration."),
                _SOURCE,
            ),
            ("oap_id", "action_code", "target_priority"),
            Overlap,
            False,
            "Declared overlaps: an action of one OAP overlapping with another priority.",
        ),
    )
}
assert tuple(TABLES) == TABLE_NAMES


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def record_to_row(record: object) -> list[str]:
    """The cells of one record, in column order, as text."""
    return [_cell(getattr(record, f.name)) for f in fields(record)]  # type: ignore[arg-type]


def _check_field_order() -> None:
    for spec in TABLES.values():
        names = [f.name for f in fields(spec.record)]
        if names != spec.header:
            raise AssertionError(f"{spec.name}: columns {spec.header} != fields {names}")


_check_field_order()
