"""From one EMPACT cycle to the next: a dataset's priorities seen through the successor table.

Comparing 2025 with 2026-2027 means comparing the 15 OAP areas of 2022-2025 with the seven priorities
of 2026-2029. :func:`through_successors` rewrites the earlier dataset in the later cycle's priorities
(MS and THB become MSTHB, CA, CSE and OFS become ONLINE, ...), so that ``diff`` compares like with
like, and says which mapping it used.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError
from ..model import Dataset
from ..reference import Successor, successors

__all__ = ["CycleTranslation", "read_successors", "through_successors"]


@dataclass(frozen=True)
class CycleTranslation:
    """How dataset ``a`` was put into the cycle of ``b``: the mapping used and what it left out."""

    from_cycles: tuple[str, ...]
    to_cycle: str
    mapping: dict[str, str]  # code in a -> code in b's cycle, for the codes a uses
    dropped_oaps: tuple[str, ...]  # OAPs of areas with no successor
    internal: int  # declarations between two areas that became one priority
    origin: str  # where the table came from
    dropped_targets: tuple[str, ...] = ()  # areas with no successor that declarations were towards
    dropped_declarations: int = 0  # declarations towards those areas

    def note(self) -> str:
        """One sentence saying which mapping the comparison used."""
        groups: dict[str, list[str]] = defaultdict(list)
        for old, new in sorted(self.mapping.items()):
            if new and new != old:
                groups[new].append(old)
        mapped = "; ".join(f"{', '.join(olds)} -> {new}" for new, olds in sorted(groups.items()))
        text = (
            f"{'/'.join(self.from_cycles)} compared with {self.to_cycle} through the successor table "
            f"({self.origin}): {mapped or 'no code changed'}"
        )
        if self.dropped_oaps:
            text += f"; no successor, left out: {', '.join(self.dropped_oaps)}"
        if self.dropped_declarations:
            text += (
                f"; {self.dropped_declarations} declarations towards {', '.join(self.dropped_targets)} "
                "(no successor) left out"
            )
        if self.internal:
            text += f"; {self.internal} declarations between areas that are now one priority left out"
        return text


def _cycles(ds: Dataset) -> set[str]:
    return {o.cycle for o in ds.oaps}


def through_successors(
    a: Dataset, b: Dataset, table: Sequence[Successor] | None = None, origin: str = ""
) -> tuple[Dataset, CycleTranslation | None]:
    """``a`` in the priorities of ``b``'s cycle when ``b`` is of a later cycle; else ``a`` as it is.

    Priorities of ``a`` that the table maps are replaced by their successor (OAPs keep their ids);
    OAPs of areas the table gives no successor are left out with their actions, roles and declarations;
    declarations towards such areas, or between two areas that are now one priority, are left out too.
    A code the table does not name is kept.

    >>> from overlapgraph.model import OAP, Overlap
    >>> from overlapgraph.reference import reference_priorities
    >>> a = Dataset(priorities=list(reference_priorities("2022-2025")), oaps=[OAP("THB-2022", "THB", "2022")],
    ...             overlaps=[Overlap("THB-2022", "1.1", "MS"), Overlap("THB-2022", "1.1", "CSE")])
    >>> b = Dataset(priorities=list(reference_priorities("2026-2029")),
    ...             oaps=[OAP("MSTHB-2026-2027", "MSTHB", "2026-2027")])
    >>> t, how = through_successors(a, b)
    >>> [(o.oap_id, o.priority) for o in t.oaps], [o.target_priority for o in t.overlaps], how.internal
    ([('THB-2022', 'MSTHB')], ['ONLINE'], 1)
    """
    from_cycles, to_cycles = _cycles(a), _cycles(b)
    if len(to_cycles) != 1 or not from_cycles or to_cycles <= from_cycles:
        return a, None
    (to_cycle,) = to_cycles
    if max(from_cycles) > to_cycle:
        return a, None
    rows = list(successors() if table is None else table)
    succ = {s.from_code: s.to_code for s in rows}
    used = {o.priority for o in a.oaps} | {o.target_priority for o in a.overlaps}
    to = {c: succ.get(c, c) for c in sorted(used)}
    dropped = tuple(sorted(o.oap_id for o in a.oaps if not to[o.priority]))
    kept_oaps = {o.oap_id for o in a.oaps if to[o.priority]}
    own = {o.oap_id: to[o.priority] for o in a.oaps}
    internal = 0
    overlaps = []
    lost: list[str] = []
    for o in a.overlaps:
        if o.oap_id not in kept_oaps:
            continue
        if not to[o.target_priority]:
            lost.append(o.target_priority)
            continue
        if to[o.target_priority] == own[o.oap_id]:
            internal += 1
            continue
        overlaps.append(replace(o, target_priority=to[o.target_priority]))
    b_codes = {p.code for p in b.priorities}
    priorities = list(b.priorities) + [
        p for p in a.priorities if p.code not in b_codes and p.code in set(to.values())
    ]
    out = Dataset(
        priorities=priorities,
        actors=list(a.actors),
        goals=[replace(g, priority=to.get(g.priority, g.priority)) if g.priority else g for g in a.goals],
        oaps=[replace(o, priority=to[o.priority]) for o in a.oaps if o.oap_id in kept_oaps],
        oap_actors=[x for x in a.oap_actors if x.oap_id in kept_oaps],
        actions=[x for x in a.actions if x.oap_id in kept_oaps],
        participations=[x for x in a.participations if x.oap_id in kept_oaps],
        overlaps=overlaps,
        name=a.name,
    )
    how = CycleTranslation(
        tuple(sorted(from_cycles)),
        to_cycle,
        {c: t for c, t in to.items() if c in {o.priority for o in a.oaps} | set(succ)},
        dropped,
        internal,
        origin or "shipped overlapgraph/reference/successors.csv, assumed: no published mapping",
        tuple(sorted(set(lost))),
        len(lost),
    )
    return out, how


def read_successors(path: Path) -> list[Successor]:
    """A successor table from a CSV file with the columns from_code, to_code and source.

    Raises
    ------
    InputError
        Unreadable file, missing column, or a code mapped twice.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read the successor table ({e})") from e
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in ("from_code", "to_code") if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"{path}:1: column '{missing[0]}' is missing; expected from_code,to_code,source")
    out: list[Successor] = []
    seen: dict[str, int] = {}
    for row in reader:
        code = (row.get("from_code") or "").strip()
        if not code:
            raise InputError(f"{path}:{reader.line_num}: column 'from_code': required value is missing")
        if code in seen:
            raise InputError(
                f"{path}:{reader.line_num}: column 'from_code': '{code}' is also on line {seen[code]}"
            )
        seen[code] = reader.line_num
        out.append(Successor(code, (row.get("to_code") or "").strip(), (row.get("source") or "").strip()))
    return out
