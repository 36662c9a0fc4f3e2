"""Curated reference tables shipped with the package: the 15 priorities of 2022-2025 and known actors.

``priorities.csv`` has the dataset's ``priorities`` table format (the bundled
``data/empact-2022/priorities.csv`` is a copy of it; a test checks). ``actors.csv`` lists the actors
documents name, with their kind and the other names documents use for them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from ..model import ActorKind, Priority

__all__ = ["KIND_TEXT", "KnownActor", "known_actors", "reference_priorities"]

#: How provenance texts name each kind of actor.
KIND_TEXT: dict[ActorKind, str] = {
    ActorKind.MEMBER_STATE: "EU Member State",
    ActorKind.EU_AGENCY: "EU agency",
    ActorKind.NON_EU_COUNTRY: "non-EU country",
    ActorKind.INTERNATIONAL_ORGANISATION: "international organisation",
    ActorKind.PRIVATE_PARTNER: "private partner",
}


@dataclass(frozen=True, slots=True)
class KnownActor:
    """An actor of the reference table: code, name, kind, other names, and a note on the code."""

    code: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()
    note: str = ""


def _rows(name: str) -> list[dict[str, str]]:
    text = files(__package__).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _split(cell: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in cell.split("|") if a.strip())


@cache
def reference_priorities() -> tuple[Priority, ...]:
    """The 15 priorities of the 2022-2025 cycle with the aliases documents use.

    >>> [p.code for p in reference_priorities()][:3]
    ['HRCN', 'CA', 'THB']
    """
    return tuple(
        Priority(r["code"], r["name"], _split(r["aliases"]), r["source"]) for r in _rows("priorities.csv")
    )


@cache
def known_actors() -> tuple[KnownActor, ...]:
    """Member States, EU agencies, non-EU countries and organisations that documents name.

    >>> {a.code: a.kind.value for a in known_actors()}["FRONTEX"]
    'eu_agency'
    """
    return tuple(
        KnownActor(r["code"], r["name"], ActorKind(r["kind"]), _split(r["aliases"]), r["note"])
        for r in _rows("actors.csv")
    )
