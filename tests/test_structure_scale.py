"""Bridges computed straight in igraph equal networkx's betweenness on :func:`bridge_graph`."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from overlapgraph.ingest import read_dataset
from overlapgraph.model import Dataset, natural_key
from overlapgraph.synthetic import synthetic_dataset

structure = importlib.import_module("overlapgraph.analysis.structure")
DATA = Path(__file__).resolve().parent.parent / "data"


def _networkx_bridges(ds: Dataset, weighting: str, oap_actors: bool, top: int = 10) -> list[Any]:
    B = structure.bridge_graph(ds, weighting=weighting, oap_actors=oap_actors)
    ends = sorted(n for n in B if n.startswith("priority:"))
    bc = nx.betweenness_centrality_subset(B, ends, ends, normalized=False, weight="distance")
    pairs = len(ends) * (len(ends) - 1) / 2
    out = []
    for n, value in bc.items():
        kind, _, key = n.partition(":")
        if kind in ("action", "actor") and value > 1e-12:
            reach = structure._reached_priorities(B, n)
            out.append(structure.Bridge(kind, key, min(1.0, value / pairs), reach))
    out.sort(key=lambda b: (-round(b.betweenness, 9), b.kind, natural_key(b.key)))
    return out[:top]


@pytest.mark.parametrize("source", ["empact-2022", "constructed-2023", "constructed-2026-2027", "synthetic"])
@pytest.mark.parametrize("weighting", ["newman", "idf", "none"])
@pytest.mark.parametrize("oap_actors", [True, False])
@pytest.mark.parametrize("fork", [False, True])
def test_bridges_equal_networkx(
    source: str, weighting: str, oap_actors: bool, fork: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also with the betweenness computed in a forked child process, as for large datasets."""
    compiled = importlib.import_module("overlapgraph.analysis.compiled")
    monkeypatch.setattr(compiled, "FORK_FROM", 0 if fork else 10**9)
    ds = (
        synthetic_dataset(priorities=6, actions=120, actors=30, seed=5)  # constructed
        if source == "synthetic"
        else read_dataset(DATA / source)
    )
    want = _networkx_bridges(ds, weighting, oap_actors)
    got = structure.bridges_later(ds, weighting=weighting, oap_actors=oap_actors, top=10)()
    assert len(got) == len(want)
    assert [round(b.betweenness, 9) for b in got] == [round(b.betweenness, 9) for b in want]
    last = round(want[-1].betweenness, 9) if want else 0.0
    # the same items with the same priorities, up to the order of exact ties at the cut

    def above(bs: Sequence[Any]) -> set[tuple[str, str, tuple[str, ...]]]:
        return {(b.kind, b.key, b.priorities) for b in bs if round(b.betweenness, 9) > last}

    assert above(got) == above(want)
