"""The evidence behind a pair or a priority, action by action, as plain tables: no figure computed here.

Which actions, actors and goals a pair shares comes from its row of the synergy table
(:func:`~overlapgraph.present.rows.synergy_row`: ``declared_items``, ``co_named_items``, ``actors_items``,
``goals_items``); this module only looks up what the dataset says about each item (title, goal,
leaders, source) so that the evidence panel of the pages, the matrix, ``synergies --pair`` and the
brief show the same rows.

A table is a :class:`Table`: a caption, column names and rows of text. Every text is data, never markup.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..model import ActionRole, natural_key

if TYPE_CHECKING:
    from ..analysis.core import Analysis

__all__ = [
    "ACTION_COLUMNS",
    "ACTOR_COLUMNS",
    "GOAL_COLUMNS",
    "PANEL_ROWS",
    "Evidence",
    "Table",
    "evidence_of",
    "tables_tsv",
]

#: The columns of an action table, everywhere (panel, matrix, ``synergies --pair``, brief).
ACTION_COLUMNS = ["oap", "code", "title", "goal", "leader", "direction", "source"]
ACTOR_COLUMNS = ["actor", "name", "roles"]
GOAL_COLUMNS = ["goal", "title"]
#: Rows a table of evidence holds on a page (panels, matrix cells); the caption says where the rest is.
#: Pages of real OAPs stay far below it; it keeps a page of 1,000,000 participations openable.
PANEL_ROWS = 500
#: The roles an actor has on one priority, as listed in a cell: the first ROLE_ITEMS, then a count ...
ROLE_ITEMS = 100
#: ... and fewer when the pairs' tables would list more than ROLE_BUDGET roles in all (a page of
#: 1,000,000 participations would otherwise hold hundreds of megabytes of them).
ROLE_BUDGET = 150_000


@dataclass(frozen=True)
class Table:
    """One table of evidence: a caption, its columns and rows of plain text."""

    caption: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)

    def as_dict(self, limit: int | None = None, more: str = "") -> dict[str, Any]:
        """A JSON-ready dict; with ``limit``, the first ``limit`` rows only and a caption that says so
        (``more`` names where the rest is).

        >>> Table("Actions", ["a"], [["1"], ["2"], ["3"]]).as_dict(limit=2)["caption"]
        'Actions (the first 2 of 3)'
        """
        rows, caption = self.rows, self.caption
        if limit is not None and len(rows) > limit:
            caption = f"{caption} (the first {limit} of {len(rows)}{'; all: ' + more if more else ''})"
            rows = rows[:limit]
        return {"caption": caption, "columns": list(self.columns), "rows": list(rows)}


def _cell(value: object) -> str:
    """Text for a TSV cell: tabs and line breaks become spaces."""
    return " ".join(str(value).replace("\t", " ").splitlines())


def tables_tsv(tables: list[Table]) -> str:
    r"""The tables as tab-separated text for Excel: per table its caption, header and rows, a blank line
    between tables.

    >>> tables_tsv([Table("Actions", ["a", "b"], [["1", "x\ty"]])])
    'Actions\na\tb\n1\tx y\n'
    """
    blocks = []
    for t in tables:
        lines = [_cell(t.caption), "\t".join(map(_cell, t.columns))]
        lines += ["\t".join(map(_cell, r)) for r in t.rows]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


class Evidence:
    """Look-ups of one analysis' dataset: action titles, goals, leaders, declaration sources, roles."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis
        ds = analysis.dataset
        self.owner = ds.priority_of_oap()
        self.actions = {a.action_id: a for a in ds.actions}
        self.goal_text = {g.goal_id: f"{g.label} — {g.title}" if g.title else g.label for g in ds.goals}
        lead: dict[str, list[str]] = defaultdict(list)
        # Every action and OAP ranked once in natural order, so that roles sort as ints, not texts.
        self._items = sorted({a.action_id for a in ds.actions} | {o.oap_id for o in ds.oaps}, key=natural_key)
        rank = {x: i for i, x in enumerate(self._items)}
        extra: dict[str, int] = {}  # items of no action or OAP of the dataset (not in a valid one)

        def ranked(item: str) -> int:
            r = rank.get(item)
            if r is None:
                r = extra.setdefault(item, len(rank) + len(extra))
            return r

        # (actor, priority) -> its roles as (role word, rank of the action or OAP): "leader THB-2022/OA 2.1"
        self.roles: dict[tuple[str, str], set[tuple[str, int]]] = defaultdict(set)
        words = {r: str(r).replace("_", "-") for r in ActionRole}
        leading = {ActionRole.LEADER: "", ActionRole.CO_LEADER: " (co-leader)"}
        by_code = {(a.oap_id, a.code): rank[a.action_id] for a in ds.actions}  # no f-string a row
        for pa in ds.participations:
            if pa.role in leading:
                lead[pa.action_id].append(pa.actor + leading[pa.role])
            place = by_code.get((pa.oap_id, pa.action_code))
            if place is None:
                place = ranked(pa.action_id)
            self.roles[(pa.actor, self.owner[pa.oap_id])].add((words[pa.role], place))
        for r in ds.oap_actors:
            word = f"{str(r.role).replace('_', ' ')} of"
            self.roles[(r.actor, self.owner[r.oap_id])].add((word, ranked(r.oap_id)))
        if extra:  # rank them among the others
            self._items += list(extra)
            order = sorted(range(len(self._items)), key=lambda i: natural_key(self._items[i]))
            new_rank = {old: new for new, old in enumerate(order)}
            self._items = [self._items[i] for i in order]
            self.roles = defaultdict(
                set, {k: {(w, new_rank[i]) for w, i in v} for k, v in self.roles.items()}
            )
        self.leaders = {k: "; ".join(sorted(v)) for k, v in lead.items()}
        self.source: dict[tuple[str, str], str] = {}  # (action id, target) -> source of the declaration
        self.targets: dict[str, list[str]] = defaultdict(list)
        for ov in ds.overlaps:
            self.source[(ov.action_id, ov.target_priority)] = ov.source
            self.targets[ov.action_id].append(ov.target_priority)
        self.actor_names = {a.code: a.name for a in ds.actors}
        self._role_text: dict[tuple[str, str], str] = {}
        self._pair_actions: dict[tuple[str, str], list[list[str]]] = {}

    def role_text(self, actor: str, priority: str) -> str:
        """The roles ``actor`` has on ``priority`` in the natural order of their text, the first
        :attr:`role_items` listed (made once).

        Roles are ordered by their word, then by their item's rank: the natural order of the texts, as
        no role word begins another (tested)."""
        key = (actor, priority)
        text = self._role_text.get(key)
        if text is None:
            held = self.roles.get(key, set())
            cap = self.role_items
            first = heapq.nsmallest(cap, held)
            text = ", ".join(f"{word} {self._items[i]}" for word, i in first)
            if len(held) > cap:
                text += f" and {len(held) - cap} more"
            self._role_text[key] = text
        return text

    @cached_property
    def role_items(self) -> int:
        """How many roles a cell lists: :data:`ROLE_ITEMS`, or fewer so that the shared-actor tables of
        all pairs list at most :data:`ROLE_BUDGET` roles."""
        cells = [
            len(self.roles.get((code, p), ()))
            for row in self.rows.values()
            for code in row["actors_items"] or ()
            for p in (row["priority_a"], row["priority_b"])
        ]
        if sum(min(n, ROLE_ITEMS) for n in cells) <= ROLE_BUDGET:
            return ROLE_ITEMS
        return max(1, ROLE_BUDGET // len(cells))

    @cached_property
    def _actor_priorities(self) -> dict[str, list[str]]:
        by_actor: dict[str, list[str]] = defaultdict(list)
        for actor, p in sorted(self.roles):
            by_actor[actor].append(p)
        return by_actor

    @cached_property
    def rows(self) -> dict[tuple[str, str], dict[str, Any]]:
        """The synergy row of every pair (a < b), made once."""
        from .rows import synergy_row

        return {(s.a, s.b): synergy_row(self.analysis, s) for s in self.analysis.synergies}

    def row(self, a: str, b: str) -> dict[str, Any] | None:
        """The synergy row of ``a`` and ``b`` (either order), or None when they share nothing."""
        return self.rows.get((a, b) if a < b else (b, a))

    def action_row(self, action_id: str, direction: str, target: str) -> list[str]:
        """One action as the row of :data:`ACTION_COLUMNS`."""
        a = self.actions.get(action_id)
        oap, _, code = action_id.partition("/OA ")
        return [
            oap,
            f"OA {code}",
            a.title if a else "",
            self.goal_text.get(a.goal_id, a.goal_id) if a else "",
            self.leaders.get(action_id, ""),
            direction,
            self.source.get((action_id, target), a.source if a else ""),
        ]

    def pair_actions(self, a: str, b: str) -> list[list[str]]:
        """The actions behind the pair: declared ones (each direction) first, then co-named ones."""
        key = (a, b) if a < b else (b, a)
        if key not in self._pair_actions:
            self._pair_actions[key] = self._make_pair_actions(*key)
        return self._pair_actions[key]  # made once: read it, do not change it

    def _make_pair_actions(self, a: str, b: str) -> list[list[str]]:
        row = self.row(a, b)
        if row is None:
            return []
        out: list[list[str]] = []
        # items come in natural order (the synergy table sorts them)
        for x in row["declared_items"] or []:
            own = self.owner.get(x.partition("/OA ")[0], "")
            to = row["priority_b"] if own == row["priority_a"] else row["priority_a"]
            out.append(self.action_row(x, f"{own} → {to}", to))
        for x in row["co_named_items"] or []:
            own = self.owner.get(x.partition("/OA ")[0], "")
            out.append(self.action_row(x, f"{own} names both", row["priority_a"]))
        return out

    def pair_actors(self, a: str, b: str) -> list[list[str]]:
        """The actors the pair shares, with their roles on each side."""
        row = self.row(a, b)
        if row is None:
            return []
        out = []
        for code in row["actors_items"] or []:
            roles = []
            for p in (row["priority_a"], row["priority_b"]):
                roles.append(f"{p}: {self.role_text(code, p) or 'via a declared action'}")
            out.append([code, self.actor_names.get(code, ""), "; ".join(roles)])
        return out

    def pair_goals(self, a: str, b: str) -> list[list[str]]:
        """The goals both priorities' actions serve."""
        row = self.row(a, b)
        if row is None:
            return []
        return [[g, self.goal_text.get(g, g)] for g in row["goals_items"] or []]

    def pair_tables(self, a: str, b: str) -> list[Table]:
        """The panel's tables for a pair: actions, shared actors, goals."""
        return [
            Table(f"Actions linking {a} and {b}", ACTION_COLUMNS, self.pair_actions(a, b)),
            Table("Shared actors", ACTOR_COLUMNS, self.pair_actors(a, b)),
            Table("Shared goals", GOAL_COLUMNS, self.pair_goals(a, b)),
        ]

    def pair_summary(self, a: str, b: str) -> str:
        """One line: score, status and the declared counts each way, from the synergy row."""
        row = self.row(a, b)
        if row is None:
            return f"{a} and {b} share no evidence."
        pa, pb = row["priority_a"], row["priority_b"]
        return (
            f"{pa} – {pb}: score {row['score']}, {row['status']}; {pa} → {pb}: {row['declared_a_to_b']} "
            f"actions, {pb} → {pa}: {row['declared_b_to_a']} actions"
        )

    def priority_tables(self, p: str) -> list[Table]:
        """The panel's tables for a priority: its partners (from the synergy rows) and their actions."""
        partners: list[list[str]] = []
        actions: list[list[str]] = []
        for (a, b), row in self.rows.items():
            if p not in (a, b):
                continue
            other = b if p == a else a
            out_n, in_n = (
                (row["declared_a_to_b"], row["declared_b_to_a"])
                if p == a
                else (row["declared_b_to_a"], row["declared_a_to_b"])
            )
            partners.append([other, str(row["score"]), row["status"], str(out_n), str(in_n)])
            actions += [r for r in self.pair_actions(a, b) if "→" in r[5]]
        partners.sort(key=lambda r: (-float(r[1]), r[0]))
        return [
            Table(
                f"Partners of {p}",
                ["partner", "score", "status", "declared by us", "declared towards us"],
                partners,
            ),
            Table(f"Actions declared from or towards {p}", ACTION_COLUMNS, actions),
        ]

    def action_tables(self, action_id: str) -> list[Table]:
        """The panel's table for one action: the action towards each priority it is declared to."""
        own = self.owner.get(action_id.partition("/OA ")[0], "")
        rows = [
            self.action_row(action_id, f"{own} → {t}", t) for t in sorted(self.targets.get(action_id, []))
        ]
        if not rows:
            rows = [self.action_row(action_id, "no declared overlap", "")]
        return [Table(f"Action {action_id}", ACTION_COLUMNS, rows)]

    def actor_tables(self, code: str) -> list[Table]:
        """The panel's table for one actor: its roles per priority."""
        rows = [[p, self.role_text(code, p)] for p in self._actor_priorities.get(code, [])]
        return [
            Table(f"Roles of {code} {self.actor_names.get(code, '')}".strip(), ["priority", "roles"], rows)
        ]


def evidence_of(analysis: Analysis) -> Evidence:
    """The evidence look-ups of ``analysis``."""
    return Evidence(analysis)
