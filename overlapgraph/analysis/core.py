"""One analysis of one period, computed once: what every output (terminal, files, pages, Neo4j) shows.

:func:`analyse` takes a dataset and :class:`AnalysisOptions` and returns an :class:`Analysis`: the
period analysed, the synergy table (evidence per kind, scores, statuses), the reciprocity of every
declaration and the structure of the synergy network. Outputs take the ``Analysis``; none of them
computes a figure of its own, so one pair has one set of numbers everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..collector import paused
from ..errors import AnalysisError
from ..model import OAP, Dataset
from .reciprocity import Declaration, reciprocity
from .structure import Structure, bridges_later, structure
from .synergy import (
    DEFAULT_KIND_WEIGHTS,
    METRICS,
    WEIGHTINGS,
    EvidenceCache,
    Synergy,
    _kinds,
    synergy_table,
)

__all__ = ["Analysis", "AnalysisOptions", "analyse", "periods_of", "select_period"]


@dataclass(frozen=True)
class AnalysisOptions:
    """How to analyse: evidence kinds, item weighting, similarity metric, kind weights, period, seed.

    >>> AnalysisOptions().kinds
    ('declared', 'co_named', 'actors', 'goals')
    >>> AnalysisOptions(by="declared", kind_weights={"declared": 1.0}).weights()["declared"]
    1.0
    """

    by: str | tuple[str, ...] = "all"
    weighting: str = "newman"
    metric: str = "jaccard"
    kind_weights: Mapping[str, float] = field(default_factory=dict)
    oap_actors: bool = True
    period: str | None = None  # None: the only period, or the latest (with a note naming the others)
    seed: int = 42

    def __post_init__(self) -> None:
        _kinds(self.by)  # raises ValueError on an unknown kind
        if self.weighting not in WEIGHTINGS:
            raise ValueError(f"unknown weighting {self.weighting!r}; expected one of {', '.join(WEIGHTINGS)}")
        if self.metric not in METRICS:
            raise ValueError(f"unknown metric {self.metric!r}; expected one of {', '.join(METRICS)}")

    @property
    def kinds(self) -> tuple[str, ...]:
        """The evidence kinds used, in report order."""
        return _kinds(self.by)

    def weights(self) -> dict[str, float]:
        """The share of each kind in the score (defaults for the kinds not given)."""
        return {**DEFAULT_KIND_WEIGHTS, **self.kind_weights}


def _period_key(period: str) -> tuple[int, int]:
    return OAP("", "", period).years


def periods_of(ds: Dataset) -> list[str]:
    """The periods of the dataset's OAPs, oldest first.

    >>> periods_of(Dataset(oaps=[OAP("A-2023", "A", "2023"), OAP("B-2022", "B", "2022")]))
    ['2022', '2023']
    """
    return sorted({o.period for o in ds.oaps}, key=_period_key)


def select_period(ds: Dataset, period: str | None = None) -> tuple[Dataset, str, list[str]]:
    """The dataset restricted to one period's OAPs (and their actions, roles, declarations), the period,
    and notes.

    Without ``period``: the only one, or the latest, with a note naming the others. Priorities, actors
    and goals are kept whole.

    Raises
    ------
    AnalysisError
        ``period`` is not a period of the dataset.
    """
    periods = periods_of(ds)
    notes: list[str] = []
    if period is None:
        if not periods:
            return ds, "", notes
        period = periods[-1]
        if len(periods) > 1:
            notes.append(
                f"{ds.name or 'the data'} holds OAPs of {len(periods)} periods ({', '.join(periods)}): "
                f"analysing the latest, {period}; give --period to choose another"
            )
    elif period not in periods:
        raise AnalysisError(
            f"no OAP of period {period} in {ds.name or 'the data'}; "
            f"its periods: {', '.join(periods) or 'none'}"
        )
    if len(periods) == 1:
        return ds, period, notes
    keep = {o.oap_id for o in ds.oaps if o.period == period}
    one = Dataset(
        priorities=list(ds.priorities),
        actors=list(ds.actors),
        goals=list(ds.goals),
        oaps=[o for o in ds.oaps if o.oap_id in keep],
        oap_actors=[x for x in ds.oap_actors if x.oap_id in keep],
        actions=[x for x in ds.actions if x.oap_id in keep],
        participations=[x for x in ds.participations if x.oap_id in keep],
        overlaps=[x for x in ds.overlaps if x.oap_id in keep],
        name=f"{ds.name} ({period})" if ds.name else period,
    )
    return one, period, notes


@dataclass(frozen=True)
class Analysis:
    """Everything computed from one period of a dataset, once.

    ``dataset`` is the period's data; ``synergies`` the ranked pairs (evidence of each kind, score,
    status); ``declarations`` the reciprocity of every declaration; ``structure`` communities, k-cores,
    centralities and bridges of the synergy network; ``available`` which evidence kinds have data;
    ``notes`` what the user should know (other periods left out).
    """

    dataset: Dataset
    options: AnalysisOptions
    period: str
    synergies: tuple[Synergy, ...]
    declarations: tuple[Declaration, ...]
    structure: Structure
    available: Mapping[str, bool]
    notes: tuple[str, ...] = ()
    #: The evidence sets and weights the analysis was computed from (views and pages read them again).
    cache: EvidenceCache | None = field(default=None, compare=False, repr=False)
    #: What presentation code derives from the analysis, made once (e.g. the synergy rows); not copied
    #: by ``dataclasses.replace``.
    memo: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    @cached_property
    def names(self) -> dict[str, str]:
        """Priority code -> name."""
        return {p.code: p.name for p in self.dataset.priorities}

    @cached_property
    def _by_pair(self) -> dict[tuple[str, str], Synergy]:
        return {(s.a, s.b): s for s in self.synergies}

    def pair(self, a: str, b: str) -> Synergy | None:
        """The synergy of ``a`` and ``b`` (in either order), or None when they share nothing."""
        return self._by_pair.get((a, b) if a < b else (b, a))

    def kinds(self) -> tuple[str, ...]:
        """The evidence kinds analysed."""
        return self.options.kinds


@paused()  # many long-lived objects are made: see overlapgraph.collector
def analyse(ds: Dataset, options: AnalysisOptions | None = None) -> Analysis:
    """Analyse one period of ``ds``: synergies, reciprocity and structure, each computed once.

    Examples
    --------
    >>> from overlapgraph.model import Action, Overlap, Priority
    >>> ds = Dataset(priorities=[Priority("A", "a"), Priority("B", "b")],
    ...     oaps=[OAP("A-2022", "A", "2022"), OAP("A-2023", "A", "2023")],
    ...     actions=[Action("A-2022", "1.1", "CHSG-1"), Action("A-2023", "1.1", "CHSG-1")],
    ...     overlaps=[Overlap("A-2023", "1.1", "B")])
    >>> a = analyse(ds)
    >>> a.period, [(s.a, s.b, s.count("declared")) for s in a.synergies], a.notes[0][:40]
    ('2023', [('A', 'B', 1)], 'the data holds OAPs of 2 periods (2022, ')
    """
    options = options or AnalysisOptions()
    one, period, notes = select_period(ds, options.period)
    cache = EvidenceCache(one, oap_actors=options.oap_actors)  # sets and weights made once for all
    # the bridges' betweenness runs in a child process (large graphs) while the table is computed
    bridges = bridges_later(
        one, weighting=options.weighting, top=10, oap_actors=options.oap_actors, cache=cache
    )
    try:
        table = synergy_table(
            one,
            options.by,
            weights=options.kind_weights,
            weighting=options.weighting,
            metric=options.metric,
            oap_actors=options.oap_actors,
            cache=cache,
        )
        available = {k: any(s.evidence.get(k) is not None for s in table) for k in options.kinds}
        if not table:  # nothing shared: say which kinds have data at all
            from .synergy import available_kinds, evidence_sets

            available = available_kinds(
                {k: evidence_sets(one, k, oap_actors=options.oap_actors) for k in options.kinds}
            )
        return Analysis(
            dataset=one,
            options=options,
            period=period,
            synergies=tuple(table),
            declarations=tuple(reciprocity(one)),
            structure=structure(
                one,
                table,
                seed=options.seed,
                weighting=options.weighting,
                oap_actors=options.oap_actors,
                cache=cache,
                bridges=bridges,
            ),
            available=available,
            notes=tuple(notes),
            cache=cache,
        )
    except BaseException:
        bridges.cancel()  # the analysis failed: its bridges are not wanted
        raise
