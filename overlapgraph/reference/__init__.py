"""Curated reference tables shipped with the package: priorities of both cycles, actors, successors.

``priorities.csv`` has the dataset's ``priorities`` table format: the 15 OAP areas of 2022-2025 and
the seven priorities of 2026-2029, each row with its ``cycle`` (the bundled
``data/empact-2022/priorities.csv`` holds its 2022-2025 rows; a test checks). ``actors.csv`` lists the
actors documents name, with their kind and the other names documents use for them.
``successors.csv`` maps each 2022-2025 area to the 2026-2029 priority that continues it.

A :class:`Reference` is what documents are read against: these tables, extended by the user's own
(``--reference FILE``) or by a dataset's tables. Names resolve within the cycle of the document's OAP.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files

from ..errors import InputError
from ..model import ActorKind, Priority
from ..names import PriorityResolver, normalise_name

__all__ = [
    "KIND_TEXT",
    "KnownActor",
    "Reference",
    "Successor",
    "actor_row_hint",
    "common_goals",
    "known_actors",
    "reference_priorities",
    "shipped_reference",
    "successors",
]

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


@dataclass(frozen=True, slots=True)
class Successor:
    """A priority of one cycle and the priority of the next cycle that continues it ("" for none)."""

    from_code: str
    to_code: str
    source: str


def _rows(name: str) -> list[dict[str, str]]:
    text = files(__package__).joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _split(cell: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in cell.split("|") if a.strip())


@cache
def reference_priorities(cycle: str | None = None) -> tuple[Priority, ...]:
    """The shipped priorities (of one cycle, or of all) with the aliases documents use.

    >>> [p.code for p in reference_priorities("2022-2025")][:3], len(reference_priorities("2026-2029"))
    (['HRCN', 'CA', 'THB'], 7)
    """
    return tuple(
        Priority(r["code"], r["name"], _split(r["aliases"]), r["cycle"], r["source"])
        for r in _rows("priorities.csv")
        if cycle is None or r["cycle"] == cycle
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


@cache
def successors() -> tuple[Successor, ...]:
    """The shipped successor table: each 2022-2025 area and the 2026-2029 priority that continues it.

    >>> {s.from_code: s.to_code for s in successors()}["THB"]
    'MSTHB'
    """
    return tuple(Successor(r["from_code"], r["to_code"], r["source"]) for r in _rows("successors.csv"))


@cache
def common_goals() -> tuple[tuple[int, str, str, str], ...]:
    """The eight Common Horizontal Strategic Goals: number, label, title and source.

    >>> common_goals()[4][:3]
    (5, 'CHSG 5', 'Document fraud')
    """
    return tuple((int(r["number"]), r["label"], r["title"], r["source"]) for r in _rows("goals.csv"))


_WORD = re.compile(r"[A-Za-z0-9]+")
_MINOR = frozenset("a an and of the in on for to with such as".split())


def _code_for(name: str, taken: Iterable[str]) -> str:
    """A code to suggest for a new priority: the initials of its words, made unique."""
    words = [w for w in _WORD.findall(name) if w.lower() not in _MINOR][:8]
    base = "".join(w[0] for w in words).upper() or "NEW"
    used = set(taken)
    code, n = base, 2
    while code in used:
        code, n = f"{base}{n}", n + 1
    return code


def actor_row_hint(name: str, document: str, where: str) -> str:
    """How to accept an unknown actor: the reference row to add, a valid one (kind to check).

    >>> actor_row_hint("Atlantis", "a.md", "table 1 row 3")  # doctest: +NORMALIZE_WHITESPACE
    'to accept it, add a row to a --reference actors file (code,name,kind,aliases,source; kind: member_state,
    eu_agency, non_eu_country, international_organisation or private_partner):
    ATLANTIS,Atlantis,non_eu_country,,assumed: named in a.md table 1 row 3'
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    code = "".join(ch for ch in folded if ch.isalnum()).upper()[:12] or "NEW"
    row = _csv_row([code, name, ActorKind.NON_EU_COUNTRY.value, "", f"assumed: named in {document} {where}"])
    kinds = [k.value for k in ActorKind]
    return (
        "to accept it, add a row to a --reference actors file (code,name,kind,aliases,source; kind: "
        f"{', '.join(kinds[:-1])} or {kinds[-1]}): {row}"
    )


def _csv_row(cells: Iterable[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(list(cells))
    return out.getvalue()


@dataclass(frozen=True)
class Reference:
    """The priorities and actors documents are read against, with where each extension came from.

    >>> r = shipped_reference()
    >>> r.priority_resolver("2026-2029").get("OAP Migrant Smuggling and Trafficking in Human Beings")
    'MSTHB'
    >>> r.priority_resolver("2022-2025").get("Trafficking in Human Beings")
    'THB'
    """

    priorities: tuple[Priority, ...]
    actors: tuple[KnownActor, ...]
    extensions: tuple[str, ...] = ()  # the files or datasets that extended the shipped tables

    def extended(
        self, priorities: Iterable[Priority] = (), actors: Iterable[KnownActor] = (), *, origin: str = ""
    ) -> Reference:
        """This reference with more priorities and actors; a row with a code already known replaces it.

        Raises
        ------
        InputError
            A priority code is already a priority of another cycle (codes never repeat across cycles).
        """
        by_code = {p.code: p for p in self.priorities}
        for p in priorities:
            old = by_code.get(p.code)
            if old is not None and old.cycle and p.cycle and old.cycle != p.cycle:
                raise InputError(
                    f"{origin or 'reference'}: priority code '{p.code}' is already the {old.cycle} priority "
                    f"'{old.name}'; codes must not repeat across cycles: choose another code"
                )
            if old is not None and not p.cycle:
                p = replace(p, cycle=old.cycle)
            if old is not None and not p.aliases:
                p = replace(p, aliases=old.aliases)
            by_code[p.code] = p
        actor_by_code = {a.code: a for a in self.actors}
        for a in actors:
            old_a = actor_by_code.get(a.code)
            if old_a is not None and not a.aliases:
                a = replace(a, aliases=old_a.aliases, note=a.note or old_a.note)
            actor_by_code[a.code] = a
        more = (origin,) if origin else ()
        return Reference(tuple(by_code.values()), tuple(actor_by_code.values()), self.extensions + more)

    def cycles(self) -> list[str]:
        """The cycles the priorities belong to, oldest first."""
        return sorted({p.cycle for p in self.priorities if p.cycle})

    def priorities_of(self, cycle: str) -> list[Priority]:
        """The priorities of ``cycle``, and those of no stated cycle."""
        return [p for p in self.priorities if not p.cycle or p.cycle == cycle]

    def priority_resolver(self, cycle: str) -> PriorityResolver:
        """Resolves the names of the priorities of ``cycle`` (and of those of no stated cycle)."""
        return _resolver(self.priorities_of(cycle))

    def unknown_actor(self, name: str, document: str, where: str) -> str:
        """What to say of an unknown actor name: closest names, and the row that accepts it.

        >>> "XLAND,Xland,non_eu_country" in shipped_reference().unknown_actor("Xland", "a.docx", "row 2")
        True
        """
        close = self.actor_resolver().closest(name)
        hint = f"closest known: {', '.join(close)}; " if close else ""
        return hint + actor_row_hint(name, document, where)

    def actor_resolver(self) -> PriorityResolver:
        """Resolves actor codes, names and aliases to actor codes."""
        return _resolver(Priority(a.code, a.name, a.aliases) for a in self.actors)

    def unknown_priority(self, name: str, cycle: str, document: str, where: str) -> str:
        """What to say of a priority name unknown in ``cycle``: closest names, and the row that accepts it.

        The text follows "unknown priority 'NAME'" in a message, and starts with " (" or "; ".

        >>> print(shipped_reference().unknown_priority("Organised property crime", "2026-2029", "a.txt",
        ...                                              "line 3").strip())  # doctest: +NORMALIZE_WHITESPACE
        (a 2022-2025 priority, OPC, not one of 2026-2029); closest known: Intellectual property crime
        (ECOFIN), Environmental crime (ENVC), Online sphere (ONLINE); to accept it, add this row to a
        --reference priorities file (code,name,aliases,cycle,source): OPC2,Organised property
        crime,,2026-2029,assumed: named in a.txt line 3
        """
        key = normalise_name(name)
        other = next(
            (p for p in self.priorities if p.cycle and p.cycle != cycle and key in _names_of(p)), None
        )
        elsewhere = f" (a {other.cycle} priority, {other.code}, not one of {cycle})" if other else ""
        close = self.priority_resolver(cycle).closest(name)
        hint = f"; closest known: {', '.join(close)}" if close else ""
        row = _csv_row(
            [
                _code_for(name, (p.code for p in self.priorities)),
                name,
                "",
                cycle,
                f"assumed: named in {document} {where}",
            ]
        )
        return (
            f"{elsewhere}{hint}; to accept it, add this row to a --reference priorities file "
            f"(code,name,aliases,cycle,source): {row}"
        )


def _names_of(p: Priority) -> set[str]:
    return {normalise_name(n) for n in (p.code, p.name, *p.aliases)}


def _resolver(priorities: Iterable[Priority]) -> PriorityResolver:
    return PriorityResolver(priorities)


@cache
def shipped_reference() -> Reference:
    """The reference tables shipped with overlapgraph, both cycles."""
    return Reference(reference_priorities(), known_actors())
