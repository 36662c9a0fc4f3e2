"""The evidence behind a pair or a priority, action by action, as plain tables: no figure computed here.

Which actions, actors and goals a pair shares comes from its row of the synergy table
(:func:`~overlapgraph.present.rows.synergy_row`: ``declared_items``, ``co_named_items``, ``actors_items``,
``goals_items``); this module only looks up what the dataset says about each item (title, goal,
leaders, source) so that the evidence panel of the pages, the matrix, ``synergies --pair`` and the
brief show the same rows.

A table is a :class:`Table`: a caption, column names and rows of text. Every text is data, never markup.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress, repeat
from operator import add, mul
from typing import TYPE_CHECKING, Any, cast, overload

from ..model import ActionRole, natural_key

if TYPE_CHECKING:
    from ..analysis.core import Analysis
    from ..model import Dataset

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


class Rows(Sequence[list[str]]):
    """Rows of an action table, each made when it is read: a page shows the first :data:`PANEL_ROWS`
    of tables that hold tens of thousands of actions at a million participations.

    ``specs`` are the ``(action id, direction, target)`` of the rows, ``make`` makes a row of one
    (:meth:`Evidence.action_row`). Read-only; equal to a list of the same rows.

    >>> rows = Rows([("A/OA 1", "A → B", "B"), ("A/OA 2", "A names both", "A")], lambda *s: list(s))
    >>> len(rows), rows[0], rows.where(lambda d: "→" in d)[:]
    (2, ['A/OA 1', 'A → B', 'B'], [['A/OA 1', 'A → B', 'B']])
    """

    __slots__ = ("specs", "_make")

    def __init__(self, specs: list[tuple[str, str, str]], make: Callable[[str, str, str], list[str]]) -> None:
        self.specs = specs
        self._make = make

    def __len__(self) -> int:
        return len(self.specs)

    @overload
    def __getitem__(self, i: int) -> list[str]: ...

    @overload
    def __getitem__(self, i: slice) -> list[list[str]]: ...

    def __getitem__(self, i: int | slice) -> list[str] | list[list[str]]:
        if isinstance(i, slice):
            return [self._make(*spec) for spec in self.specs[i]]
        return self._make(*self.specs[i])

    def where(self, keep: Callable[[str], bool]) -> Rows:
        """The rows whose direction ``keep`` accepts (made when read, as these)."""
        return Rows([s for s in self.specs if keep(s[1])], self._make)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rows | list | tuple):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Rows({len(self)} rows)"


@dataclass(frozen=True)
class Table:
    """One table of evidence: a caption, its columns and rows of plain text."""

    caption: str
    columns: list[str]
    rows: Sequence[list[str]] = field(default_factory=list)

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
        # Every action and OAP ranked once in natural order, so that roles sort as ints, not texts.
        self._items = sorted({a.action_id for a in ds.actions} | {o.oap_id for o in ds.oaps}, key=natural_key)
        #: (actor, priority) -> how many roles it has there, and the first ROLE_ITEMS of them in order,
        #: each (role word, rank of the action or OAP): "leader THB-2022/OA 2.1"
        self.roles: dict[tuple[str, str], tuple[int, list[tuple[str, int]]]] = {}
        lead = self._index_roles(ds)
        self.leaders = {self._items[k]: "; ".join(sorted(v)) for k, v in lead.items()}
        ov_aids = [ov.action_id for ov in ds.overlaps]
        ov_targets = [ov.target_priority for ov in ds.overlaps]
        #: (action id, target) -> source of the declaration
        self.source = dict(
            zip(zip(ov_aids, ov_targets, strict=True), [ov.source for ov in ds.overlaps], strict=True)
        )
        self.targets: dict[str, list[str]] = defaultdict(list)
        for aid, target in zip(ov_aids, ov_targets, strict=True):
            self.targets[aid].append(target)
        self.actor_names = {a.code: a.name for a in ds.actors}
        self._role_text: dict[tuple[str, str], str] = {}
        self._side_text: dict[tuple[str, str], str] = {}
        self._pair_actions: dict[tuple[str, str], Rows] = {}

    def _index_roles(self, ds: Dataset) -> dict[int, list[str]]:
        """Fill :attr:`roles` (and rank items of no action or OAP among :attr:`_items`); return the
        leaders and co-leaders of each action, by its rank.

        A million participations are a few lists here, their distinct roles one sorted list of
        integers, rather than a million tuples in thousands of sets."""
        rank = {x: i for i, x in enumerate(self._items)}
        extra: dict[str, int] = {}  # items of no action or OAP of the dataset (not in a valid one)
        parts = ds.participations
        by_code = {(a.oap_id, a.code): rank[a.action_id] for a in ds.actions}  # no f-string a row
        oaps = [pa.oap_id for pa in parts]
        found = list(map(by_code.get, zip(oaps, [pa.action_code for pa in parts], strict=True)))
        if None in found:
            for i in [i for i, r in enumerate(found) if r is None]:
                found[i] = extra.setdefault(parts[i].action_id, len(rank) + len(extra))
        places = cast(list[int], found)  # every one found now
        role_of = [pa.role for pa in parts]
        actor_of = [pa.actor for pa in parts]
        leading = {ActionRole.LEADER: "", ActionRole.CO_LEADER: " (co-leader)"}
        lead: dict[int, list[str]] = defaultdict(list)
        for i in compress(range(len(role_of)), map(leading.__contains__, role_of)):
            lead[places[i]].append(actor_of[i] + leading[role_of[i]])
        word_of = {r: str(r).replace("_", "-") for r in ActionRole}
        words = list(map(word_of.__getitem__, role_of))
        owner = self.owner
        keys = list(zip(actor_of, map(owner.__getitem__, oaps), strict=True))
        for r in ds.oap_actors:
            keys.append((r.actor, owner[r.oap_id]))
            words.append(f"{str(r.role).replace('_', ' ')} of")
            place = rank.get(r.oap_id)
            places.append(place if place is not None else extra.setdefault(r.oap_id, len(rank) + len(extra)))
        if extra:  # rank them among the others
            self._items += list(extra)
            order = sorted(range(len(self._items)), key=lambda i: natural_key(self._items[i]))
            new_rank = [0] * len(order)
            for new, old in enumerate(order):
                new_rank[old] = new
            self._items = [self._items[i] for i in order]
            places = [new_rank[r] for r in places]
            lead = defaultdict(list, {new_rank[r]: v for r, v in lead.items()})
        if not keys:
            return lead
        pair_ids = {k: i for i, k in enumerate(dict.fromkeys(keys))}
        kid = list(map(pair_ids.__getitem__, keys))
        word_list = sorted(set(words))  # in the order of their text: roles sort by word, then rank
        word_rank = {w: i for i, w in enumerate(word_list)}
        n_items, n_words = len(self._items), len(word_list)
        per_key = n_words * n_items
        # each role as one integer, (key, word, rank) in that order of significance; each once, sorted
        # (map with operators: C loops over a million participations)
        word_code = map(mul, map(word_rank.__getitem__, words), repeat(n_items))
        code = sorted(set(map(add, map(add, map(mul, kid, repeat(per_key)), word_code), places)))
        key_of = list(pair_ids)
        for g in range(len(key_of)):
            first, end = bisect_left(code, g * per_key), bisect_left(code, (g + 1) * per_key)
            shown = [c % per_key for c in code[first : min(end, first + ROLE_ITEMS)]]
            self.roles[key_of[g]] = (end - first, [(word_list[c // n_items], c % n_items) for c in shown])
        return lead

    def role_text(self, actor: str, priority: str) -> str:
        """The roles ``actor`` has on ``priority`` in the natural order of their text, the first
        :attr:`role_items` listed (made once).

        Roles are ordered by their word, then by their item's rank: the natural order of the texts, as
        no role word begins another (tested)."""
        key = (actor, priority)
        text = self._role_text.get(key)
        if text is None:
            n, first = self.roles.get(key, (0, []))
            cap = self.role_items
            text = ", ".join(f"{word} {self._items[i]}" for word, i in first[:cap])
            if n > cap:
                text += f" and {n - cap} more"
            self._role_text[key] = text
        return text

    @cached_property
    def role_items(self) -> int:
        """How many roles a cell lists: :data:`ROLE_ITEMS`, or fewer so that the shared-actor tables of
        all pairs list at most :data:`ROLE_BUDGET` roles."""
        cells = [
            self.roles.get((code, p), (0,))[0]
            for row in self.rows.values()
            for code in row["actors_items"] or ()
            for p in (row["priority_a"], row["priority_b"])
        ]
        if sum(min(n, ROLE_ITEMS) for n in cells) <= ROLE_BUDGET:
            return ROLE_ITEMS
        return max(1, ROLE_BUDGET // len(cells))

    @cached_property
    def titles_of(self) -> dict[str, list[str]]:
        """Priority -> the titles of its own and declared actions, in the order of the actions."""
        titles: dict[str, list[str]] = defaultdict(list)
        for act in self.analysis.dataset.actions:
            if act.title:
                own = self.owner.get(act.oap_id, "")
                for p in {own, *self.targets.get(act.action_id, ())}:
                    titles[p].append(act.title)
        return titles

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

    def pair_actions(self, a: str, b: str) -> Rows:
        """The actions behind the pair: declared ones (each direction) first, then co-named ones."""
        key = (a, b) if a < b else (b, a)
        if key not in self._pair_actions:
            self._pair_actions[key] = Rows(self._pair_specs(*key), self.action_row)
        return self._pair_actions[key]

    def _pair_specs(self, a: str, b: str) -> list[tuple[str, str, str]]:
        """(action id, direction, target) of each action behind the pair (its row, unmade)."""
        row = self.row(a, b)
        if row is None:
            return []
        out: list[tuple[str, str, str]] = []
        # items come in natural order (the synergy table sorts them)
        owner = self.owner
        for x in row["declared_items"] or []:
            own = owner.get(x.partition("/OA ")[0], "")
            to = row["priority_b"] if own == row["priority_a"] else row["priority_a"]
            out.append((x, f"{own} → {to}", to))
        for x in row["co_named_items"] or []:
            own = owner.get(x.partition("/OA ")[0], "")
            out.append((x, f"{own} names both", row["priority_a"]))
        return out

    def pair_actors(self, a: str, b: str) -> list[list[str]]:
        """The actors the pair shares, with their roles on each side."""
        row = self.row(a, b)
        if row is None:
            return []
        pa, pb = row["priority_a"], row["priority_b"]
        names, side = self.actor_names, self._side_text
        out = []
        for code in row["actors_items"] or []:
            on_a = side.get((code, pa)) or self._side(code, pa)
            on_b = side.get((code, pb)) or self._side(code, pb)
            out.append([code, names.get(code, ""), f"{on_a}; {on_b}"])
        return out

    def _side(self, actor: str, priority: str) -> str:
        """The "P: roles" of ``actor`` on ``priority`` in a shared-actor row (made once: an actor is
        shared by many pairs)."""
        text = self._side_text[(actor, priority)] = (
            f"{priority}: {self.role_text(actor, priority) or 'via a declared action'}"
        )
        return text

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
        actions: list[tuple[str, str, str]] = []
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
            actions += self.pair_actions(a, b).where(lambda direction: "→" in direction).specs
        partners.sort(key=lambda r: (-float(r[1]), r[0]))
        return [
            Table(
                f"Partners of {p}",
                ["partner", "score", "status", "declared by us", "declared towards us"],
                partners,
            ),
            Table(f"Actions declared from or towards {p}", ACTION_COLUMNS, Rows(actions, self.action_row)),
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
    """The evidence look-ups of ``analysis``, made once for all its outputs (kept in ``analysis.memo``:
    at a million participations they take seconds to make)."""
    ev = analysis.memo.get("evidence")
    if not isinstance(ev, Evidence):
        ev = analysis.memo["evidence"] = Evidence(analysis)
    return ev
