"""One page for a driver: what an OAP's priority declares, who declares it, what to follow up.

The content of ``overlapgraph brief``: every figure comes from the analysis (its ``declarations``, the
reciprocity of each OAP's declarations, and the pairs' synergy rows); action titles, leaders and
drivers are looked up in the dataset (:class:`~overlapgraph.present.evidence.Evidence`). The writers
(.docx, .html, .md) are in :mod:`overlapgraph.render.brief`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Dataset, natural_key
from .evidence import Table, evidence_of

if TYPE_CHECKING:
    from ..analysis.core import Analysis

__all__ = ["Brief", "Section", "brief", "changes_since"]


@dataclass(frozen=True)
class Section:
    """A heading, sentences, and tables."""

    heading: str
    text: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass(frozen=True)
class Brief:
    """The brief of one OAP: its title lines and sections, in reading order."""

    oap_id: str
    priority: str
    title: str
    subtitle: str
    sections: list[Section]


FOLLOW_UP_COLUMNS = ["direction", "oap", "code", "title", "leader", "other side", "their drivers"]


def _drivers(ds: Dataset) -> dict[str, str]:
    out: dict[str, list[str]] = {}
    for r in ds.oap_actors:
        if str(r.role) in ("driver", "co_driver"):
            out.setdefault(r.oap_id, []).append(
                r.actor + (" (co-driver)" if str(r.role) == "co_driver" else "")
            )
    return {k: "; ".join(sorted(v)) for k, v in out.items()}


def brief(analysis: Analysis, oap_id: str, changes: list[str] | None = None) -> Brief:
    """The brief of ``oap_id`` (an OAP of the analysed period).

    ``changes``: lines saying what changed since the previous period (:func:`changes_since`), or None
    when the dataset has no previous period.

    Raises
    ------
    InputError
        ``oap_id`` is not an OAP of the analysed period.
    """
    ds = analysis.dataset
    oaps = {o.oap_id: o for o in ds.oaps}
    if oap_id not in oaps:
        known = ", ".join(sorted(oaps)) or "none"
        raise InputError(
            f"--oap {oap_id}: no such OAP in {ds.name or 'the data'} (period {analysis.period}); "
            f"its OAPs: {known}"
        )
    oap = oaps[oap_id]
    me = oap.priority
    ev = evidence_of(analysis)
    drivers = _drivers(ds)
    name = analysis.names.get(me, me)
    ours = [d for d in analysis.declarations if d.oap_id == oap_id]
    theirs = [d for d in analysis.declarations if d.target == me]

    def act(oap: str, code: str, direction: str, target: str) -> list[str]:
        return ev.action_row(f"{oap}/OA {code}", direction, target)

    we_name = Table(
        f"Whom {oap_id} declares",
        ["priority", "name", "actions", "status", "their OAPs", "their drivers"],
        [
            [
                d.target,
                analysis.names.get(d.target, d.target),
                ", ".join(f"OA {c}" for c in d.actions),
                d.status,
                ", ".join(d.target_oaps) or "not loaded",
                "; ".join(drivers.get(o, "") for o in d.target_oaps if drivers.get(o)),
            ]
            for d in sorted(ours, key=lambda d: (-len(d.actions), d.target))
        ],
    )
    names_us = Table(
        f"OAPs that declare {me}",
        ["OAP", "priority", "actions", "status", "their drivers"],
        [
            [
                d.oap_id,
                d.priority,
                ", ".join(f"OA {c}" for c in d.actions),
                d.status,
                drivers.get(d.oap_id, ""),
            ]
            for d in sorted(theirs, key=lambda d: (-len(d.actions), d.oap_id))
        ],
    )
    follow: list[list[str]] = []
    one_sided = [d for d in ours if d.status == "one-sided"]
    for d in one_sided:
        for c in d.actions:
            a = act(d.oap_id, c, f"{me} → {d.target}", d.target)
            other = ", ".join(d.target_oaps)
            follow.append(
                [
                    a[5],
                    a[0],
                    a[1],
                    a[2],
                    a[4],
                    f"{other}: declares nothing towards {me}",
                    "; ".join(drivers.get(o, "") for o in d.target_oaps if drivers.get(o)),
                ]
            )
    back = [d for d in theirs if d.status == "one-sided"]
    for d in back:
        for c in d.actions:
            a = act(d.oap_id, c, f"{d.priority} → {me}", me)
            follow.append(
                [
                    a[5],
                    a[0],
                    a[1],
                    a[2],
                    a[4],
                    f"{oap_id}: declares nothing towards {d.priority}",
                    drivers.get(d.oap_id, ""),
                ]
            )
    follow_table = Table("One-sided declarations to follow up", FOLLOW_UP_COLUMNS, follow)
    unchecked = sorted({d.target for d in ours if d.status == "unchecked"})

    co_named: list[list[str]] = []
    actors: dict[str, list[str]] = {}
    for (pa, pb), row in ev.rows.items():
        if me not in (pa, pb):
            continue
        other = pb if me == pa else pa
        if row["status"] == "co-named":
            co_named.append(
                [
                    other,
                    analysis.names.get(other, other),
                    str(row["co_named_count"]),
                    ", ".join(row["co_named_items"] or []),
                    str(row["score"]),
                ]
            )
        for x in row["actors_items"] or []:
            actors.setdefault(x, []).append(other)
    co_named.sort(key=lambda r: (-float(r[4]), r[0]))
    actor_rows = [
        [x, ev.actor_names.get(x, ""), ", ".join(sorted(ps, key=natural_key))]
        for x, ps in sorted(actors.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    n_status = {s: sum(d.status == s for d in ours) for s in ("reciprocated", "one-sided", "unchecked")}
    summary = (
        f"{oap_id} declares actions towards {len(ours)} priorities ({n_status['reciprocated']} reciprocated, "
        f"{n_status['one-sided']} one-sided, {n_status['unchecked']} unchecked); "
        f"{len(theirs)} OAP(s) declare actions towards {me}."
    )
    sections = [
        Section("Summary", [summary, *analysis.notes]),
        Section(
            "To follow up",
            [
                "Declarations that are not returned: the other OAP is loaded and declares nothing back."
                if follow
                else "No one-sided declaration: every declaration that can be checked is returned.",
                *([f"Not checked (no OAP of theirs loaded): {', '.join(unchecked)}."] if unchecked else []),
            ],
            [follow_table] if follow else [],
        ),
        Section("Whom we declare", [], [we_name]),
        Section(
            "Who declares us",
            [] if theirs else [f"No loaded OAP declares actions towards {me}."],
            [names_us] if theirs else [],
        ),
        Section(
            "Co-named priorities",
            ["Neither declares the other; a third OAP declares actions towards both."]
            if co_named
            else ["None."],
            [Table("Co-named", ["priority", "name", "actions", "named by", "score"], co_named)]
            if co_named
            else [],
        ),
        Section(
            "Shared actors",
            [] if actor_rows else ["None recorded."],
            [Table("Actors also working for other priorities", ["actor", "name", "priorities"], actor_rows)]
            if actor_rows
            else [],
        ),
    ]
    if changes is not None:
        sections.append(Section("What changed since the previous period", changes or ["No changes."]))
    return Brief(
        oap_id=oap_id,
        priority=me,
        title=f"Brief for {oap_id}: {name}",
        subtitle=f"{ds.name or 'dataset'}, period {analysis.period}; "
        f"drivers: {drivers.get(oap_id, 'not recorded')}",
        sections=sections,
    )


def changes_since(full: Dataset, analysis: Analysis, priority: str) -> list[str] | None:
    """What changed for ``priority`` from the previous period of ``full`` to the analysed one, as lines;
    None when ``full`` has no earlier period."""
    from ..analysis.core import AnalysisOptions, periods_of
    from ..analysis.diff import diff_datasets

    periods = periods_of(full)
    if analysis.period not in periods or periods.index(analysis.period) == 0:
        return None
    before = periods[periods.index(analysis.period) - 1]
    d = diff_datasets(
        full,
        full,
        options=AnalysisOptions(period=before),
        options_b=AnalysisOptions(period=analysis.period),
    )
    lines = [f"From {before} to {analysis.period}:"]
    for c in d.changes:
        # keys name priorities as words: "CSE - THB", "THB -> CSE", "THB OA 2.1 -> CSE" (codes such as
        # SD-NPS hold a hyphen, so the key is split on spaces only); an actor's key is its code
        if c.item != "actor" and priority in c.key.split():
            lines.append(f"{c.item} {c.change}: {c.key}" + (f" ({c.detail})" if c.detail else ""))
    return lines
