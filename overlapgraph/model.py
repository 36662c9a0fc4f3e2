"""The EMPACT domain as plain dataclasses: priorities, OAPs, goals, actions, actors, overlaps; no I/O.

Every record carries ``source``: where the fact comes from ("13607/21 §2.2 line 128") or, when it is
not taken from a source, a text starting with "assumed" (see :func:`is_assumed`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from enum import StrEnum
from functools import lru_cache
from operator import attrgetter
from typing import Any

__all__ = [
    "ACTION_ROLE_RELATIONSHIPS",
    "COMMON_GOAL_COUNT",
    "OAP_ROLE_RELATIONSHIPS",
    "Action",
    "ActionRole",
    "Actor",
    "ActorKind",
    "Dataset",
    "Goal",
    "OAP",
    "OAPActor",
    "OAPRole",
    "Overlap",
    "Participation",
    "Priority",
    "action_id",
    "cycle_of_period",
    "goal_id_for",
    "is_assumed",
]

#: CHSG 1-8 are common to every OAP; priority-specific goals are numbered from 9.
COMMON_GOAL_COUNT = 8


class ActorKind(StrEnum):
    """What kind of body an actor is."""

    MEMBER_STATE = "member_state"
    EU_AGENCY = "eu_agency"
    NON_EU_COUNTRY = "non_eu_country"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    PRIVATE_PARTNER = "private_partner"


class OAPRole(StrEnum):
    """The role an actor has on a whole OAP."""

    DRIVER = "driver"
    CO_DRIVER = "co_driver"
    RELEVANT_ACTOR = "relevant_actor"
    PARTNER = "partner"


class ActionRole(StrEnum):
    """The role an actor has on one operational action."""

    LEADER = "leader"
    CO_LEADER = "co_leader"
    PARTICIPANT = "participant"


#: The relationship type (in networkx and in Neo4j) of each role of an actor on an action, and on an OAP.
ACTION_ROLE_RELATIONSHIPS: dict[str, str] = {
    "leader": "LEADS",
    "co_leader": "CO_LEADS",
    "participant": "PARTICIPATES_IN",
}
OAP_ROLE_RELATIONSHIPS: dict[str, str] = {
    "driver": "DRIVES",
    "co_driver": "CO_DRIVES",
    "relevant_actor": "ACTOR_IN",
    "partner": "PARTNER_OF",
}


def is_assumed(source: str) -> bool:
    """Return True when a provenance text marks the fact as assumed rather than sourced.

    >>> is_assumed("assumed: usual title"), is_assumed("13607/21 §1 line 45")
    (True, False)
    """
    return source.strip().lower().startswith("assumed")


def goal_id_for(priority: str, number: int) -> str:
    """The key of goal ``number`` as seen from an OAP of ``priority``.

    >>> goal_id_for("THB", 2), goal_id_for("THB", 9)
    ('CHSG-2', 'THB-9')
    """
    if number <= COMMON_GOAL_COUNT:
        return f"CHSG-{number}"
    return f"{priority}-{number}"


def action_id(oap_id: str, code: str) -> str:
    """The key of an action: its OAP and its code.

    >>> action_id("THB-2022", "2.1")
    'THB-2022/OA 2.1'
    """
    return f"{oap_id}/OA {code}"


#: EMPACT cycles are four years long since 2014 (2014-2017, 2018-2021, 2022-2025, 2026-2029, ...).
_CYCLE_START, _CYCLE_YEARS = 2014, 4


def cycle_of_period(period: str) -> str:
    """The EMPACT cycle a year or period ("2022", "2026-2027") belongs to, e.g. "2026-2029".

    Cycles are four years long since 2014 (EU policy cycle 2014-2017, then 2018-2021, 2022-2025 and
    2026-2029). A period that spans two cycles belongs to the cycle of its first year.

    >>> cycle_of_period("2022"), cycle_of_period("2024-2025"), cycle_of_period("2026-2027")
    ('2022-2025', '2022-2025', '2026-2029')
    """
    first = int(period.partition("-")[0])
    start = _CYCLE_START + (first - _CYCLE_START) // _CYCLE_YEARS * _CYCLE_YEARS
    return f"{start}-{start + _CYCLE_YEARS - 1}"


def period_within(period: str, cycle: str) -> bool:
    """True when every year of ``period`` lies in ``cycle``.

    >>> period_within("2026-2027", "2026-2029"), period_within("2025-2026", "2026-2029")
    (True, False)
    """
    first, _, last = period.partition("-")
    c_first, _, c_last = cycle.partition("-")
    return int(c_first) <= int(first) and int(last or first) <= int(c_last or c_first)


_ACTION_CODE = re.compile(r"^([1-9][0-9]*)\.([1-9][0-9]*)$")


def goal_number_of(code: str) -> int | None:
    """The goal number an action code implies ("2.1" serves goal 2), or None if malformed.

    >>> goal_number_of("9.1"), goal_number_of("x")
    (9, None)
    """
    m = _ACTION_CODE.match(code)
    return int(m.group(1)) if m else None


@dataclass(frozen=True, slots=True)
class Priority:
    """An EMPACT crime priority (one OAP area) of one cycle, e.g. THB of 2022-2025.

    ``cycle`` is the EMPACT cycle ("2022-2025", "2026-2029") or empty when not known; codes are unique
    across cycles.
    """

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    cycle: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Actor:
    """A Member State, EU agency, non-EU country, international organisation or private partner."""

    code: str
    name: str
    kind: ActorKind
    source: str = ""


@dataclass(frozen=True, slots=True)
class Goal:
    """A strategic goal: common (CHSG 1-8, ``priority`` empty) or specific to one priority (9+)."""

    goal_id: str
    number: int
    label: str
    title: str
    priority: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class OAP:
    """An Operational Action Plan: one priority for one year or period."""

    oap_id: str
    priority: str
    period: str  # "2022" or "2024-2025"
    document: str = ""
    date: str = ""  # ISO date of the Council document
    previous_document: str = ""
    title: str = ""
    stated_actions: int | None = None  # the number of OAs the document says it has
    source: str = ""

    @property
    def years(self) -> tuple[int, int]:
        """First and last year of the period."""
        first, _, last = self.period.partition("-")
        return int(first), int(last or first)

    @property
    def cycle(self) -> str:
        """The EMPACT cycle of the period, e.g. "2026-2029" for 2026-2027."""
        return cycle_of_period(self.period)


@dataclass(frozen=True, slots=True)
class OAPActor:
    """An actor's role on an OAP (driver, co-driver, relevant actor, partner)."""

    oap_id: str
    actor: str
    role: OAPRole
    source: str = ""


@dataclass(frozen=True, slots=True)
class Action:
    """An Operational Action (OA) of an OAP, serving one strategic goal."""

    oap_id: str
    code: str  # "2.1"
    goal_id: str
    title: str = ""
    source: str = ""

    @property
    def action_id(self) -> str:
        """The action's key, e.g. "THB-2022/OA 2.1" (:func:`action_id`, inlined: read millions of times)."""
        return f"{self.oap_id}/OA {self.code}"


@dataclass(frozen=True, slots=True)
class Participation:
    """An actor leading, co-leading or taking part in an action."""

    oap_id: str
    action_code: str
    actor: str
    role: ActionRole
    source: str = ""

    @property
    def action_id(self) -> str:
        """The key of the action taken part in (:func:`action_id`, inlined)."""
        return f"{self.oap_id}/OA {self.action_code}"


@dataclass(frozen=True, slots=True)
class Overlap:
    """An action of one OAP declared to overlap with another priority."""

    oap_id: str
    action_code: str
    target_priority: str
    note: str = ""
    source: str = ""

    @property
    def action_id(self) -> str:
        """The key of the declaring action (:func:`action_id`, inlined)."""
        return f"{self.oap_id}/OA {self.action_code}"


@dataclass(slots=True)
class Dataset:
    """Everything overlapgraph knows: the tables of one dataset, already validated."""

    priorities: list[Priority] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    oaps: list[OAP] = field(default_factory=list)
    oap_actors: list[OAPActor] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)
    name: str = ""  # where it was read from, for headers and provenance

    def counts(self) -> dict[str, int]:
        """Number of records per table."""
        return {t: len(getattr(self, t)) for t in TABLE_NAMES}

    def summary(self) -> str:
        """One line saying what the dataset holds."""
        c = self.counts()
        return (
            f"{c['priorities']} priorities, {c['oaps']} OAPs, {c['goals']} goals, "
            f"{c['actions']} actions, {c['actors']} actors, {c['participations']} participations, "
            f"{c['overlaps']} declared overlaps"
        )

    def records(self) -> Iterator[tuple[str, list[object]]]:
        """Each table name with its records, in dependency order."""
        for t in TABLE_NAMES:
            yield t, getattr(self, t)

    def priority_of_oap(self) -> dict[str, str]:
        """Map of OAP id to its priority code."""
        return {o.oap_id: o.priority for o in self.oaps}

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled table by table as columns (a list per field), in a tenth of the time that record by
        record takes: a dataset read in a child process comes back this way (overlapgraph.cli).

        >>> import pickle
        >>> ds = Dataset([Priority("A", "a", ("x",))], oaps=[OAP("A-2022", "A", "2022", stated_actions=3)])
        >>> pickle.loads(pickle.dumps(ds)) == ds
        True
        """
        return (_dataset_of_columns, (self.name, [_columns(getattr(self, t)) for t in TABLE_NAMES]))


def _columns(records: list[Any]) -> tuple[type, list[list[Any]]] | list[Any]:
    """The records of one table as (their class, a list of values per field), or as they are when
    they are not all of one class (or there are none)."""
    kinds = set(map(type, records))
    if len(kinds) != 1:
        return list(records)
    kind = kinds.pop()
    names = [f.name for f in fields(kind)]
    return kind, [list(map(attrgetter(name), records)) for name in names]


def _dataset_of_columns(name: str, tables: list[tuple[type, list[list[Any]]] | list[Any]]) -> Dataset:
    ds = Dataset(name=name)
    for table, value in zip(TABLE_NAMES, tables, strict=True):
        if isinstance(value, tuple):
            kind, columns = value
            value = list(map(kind, *columns))
        setattr(ds, table, value)
    return ds


#: The tables of a dataset, in dependency order (a table refers only to earlier ones).
TABLE_NAMES: tuple[str, ...] = (
    "priorities",
    "actors",
    "goals",
    "oaps",
    "oap_actors",
    "actions",
    "participations",
    "overlaps",
)
__all__ += ["TABLE_NAMES", "goal_number_of", "period_within"]

_DIGITS = re.compile(r"(\d+)")


@lru_cache(maxsize=1 << 19)  # the same ids are sorted again and again (pairs, panels, pages)
def natural_key(s: str) -> tuple[object, ...]:
    """Sort key that orders numbers inside text by value ("OA 2.1" before "OA 10.1").

    >>> sorted(["OA 10.1", "OA 2.1"], key=natural_key)
    ['OA 2.1', 'OA 10.1']
    """
    head, sep, code = s.rpartition("/OA ")
    if not sep:
        return _natural_parts(s)
    # An action id: its OAP's part and its code's part, each made once for all the ids that share it
    # (a million participations name 200,000 actions of a few OAPs with codes that repeat). As the
    # OAP part ends in a letter, no run of digits crosses the join: the parts join at their texts.
    first, last = _natural_parts(head + sep), _natural_parts(code)
    return (*first[:-1], first[-1] + last[0], *last[1:])  # type: ignore[operator]


@lru_cache(maxsize=1 << 16)
def _natural_parts(s: str) -> tuple[object, ...]:
    parts: list[object] = _DIGITS.split(s)  # text, digits, text, ...: the digits at odd places
    parts[1::2] = map(int, parts[1::2])  # type: ignore[arg-type]
    return tuple(parts)


__all__ += ["natural_key"]
