"""Work done in a forked child process (overlapgraph.forked): the same result as here, errors raised
as here, and a report whose forked page fails writes nothing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from overlapgraph import forked, pipeline
from overlapgraph.errors import InputError
from overlapgraph.ingest import read_dataset, write_dataset
from overlapgraph.synthetic import synthetic_dataset
from tests.golden_report import snapshot

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="the platform does not fork")


def test_a_child_computes_what_the_parent_would() -> None:
    data = list(range(100_000))  # in the parent's memory when it forks: the child reads it as it is
    wait = forked.later(lambda: sum(x * x for x in data))
    assert wait() == sum(x * x for x in data)


def test_an_error_in_the_child_is_raised_by_the_waiter() -> None:
    def job() -> int:
        raise InputError("data/x.csv:3: bad value")

    wait = forked.later(job)
    with pytest.raises(InputError, match=r"data/x.csv:3: bad value"):
        wait()


def _dataset(tmp_path: Path) -> Path:
    ds = synthetic_dataset(priorities=6, actions=800, actors=40, seed=4)  # constructed: 4,000 participations
    write_dataset(ds, tmp_path / "ds")
    return tmp_path / "ds"


def test_report_pages_made_in_a_child_equal_those_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ds = read_dataset(_dataset(tmp_path))
    monkeypatch.setattr(pipeline, "PAGES_FORK_FROM", 10**9)
    pipeline.write_report(ds, tmp_path / "here")
    monkeypatch.setattr(pipeline, "PAGES_FORK_FROM", 0)
    pipeline.write_report(ds, tmp_path / "child")
    here, child = snapshot(tmp_path / "here", ""), snapshot(tmp_path / "child", "")
    assert sorted(p.name for p in (tmp_path / "child").iterdir()) == sorted(
        p.name for p in (tmp_path / "here").iterdir()
    )
    assert child == here  # every page's nodes, edges and matrix cells (timestamps aside)


def _no_child_left() -> None:
    """No child process and no pool thread (waiting for one) is left."""
    import multiprocessing
    import threading
    from concurrent.futures.process import _ExecutorManagerThread

    assert multiprocessing.active_children() == []
    assert not [t for t in threading.enumerate() if isinstance(t, _ExecutorManagerThread)]


@pytest.mark.parametrize("where", ["child", "parent"])
def test_a_report_whose_page_fails_writes_nothing_and_leaves_no_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    import overlapgraph.present.views as views

    ds = read_dataset(_dataset(tmp_path))
    out = tmp_path / "out"
    out.mkdir()
    (out / "network.html").write_text("the user's earlier page", encoding="utf-8")
    make_view = views.make_view
    failing = "actions" if where == "child" else "actors"  # the actions page is made in the child

    def broken(an: object, view: str, **kwargs: object) -> object:
        if view == failing:
            raise InputError(f"{view}: constructed failure")
        if where == "parent":
            time.sleep(0.5)  # the child is still at work when the parent fails
        return make_view(an, view, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "PAGES_FORK_FROM", 0)
    monkeypatch.setattr(views, "make_view", broken)  # the child inherits it when it forks
    with pytest.raises(InputError, match=f"{failing}: constructed failure"):
        pipeline.write_report(ds, out)
    assert sorted(p.name for p in out.iterdir()) == ["network.html"]
    assert (out / "network.html").read_text(encoding="utf-8") == "the user's earlier page"
    _no_child_left()


def test_cancel_ends_a_running_child_at_once() -> None:
    pending = forked.later(lambda: time.sleep(60))
    started = time.perf_counter()
    pending.cancel()
    assert time.perf_counter() - started < 30  # not the job's 60 s
    _no_child_left()
    pending.cancel()  # again: nothing left to end
    done = forked.later(lambda: 1)
    assert done() == 1
    done.cancel()  # after the result: nothing to end either
    _no_child_left()


def test_a_failed_analysis_leaves_no_child(monkeypatch: pytest.MonkeyPatch) -> None:
    import overlapgraph.analysis.compiled as compiled
    import overlapgraph.analysis.core as core
    from overlapgraph.analysis import analyse

    def broken(*args: object, **kwargs: object) -> object:
        time.sleep(0.5)
        raise InputError("synergy table: constructed failure")

    ds = synthetic_dataset(priorities=6, actions=200, actors=40, seed=4)  # constructed
    monkeypatch.setattr(compiled, "FORK_FROM", 0)  # the bridges' betweenness in a child
    monkeypatch.setattr(core, "synergy_table", broken)
    with pytest.raises(InputError, match="constructed failure"):
        analyse(ds)
    _no_child_left()


def test_waiting_ends_the_child_and_its_thread() -> None:
    """Nothing of a finished job is left running when the next one forks."""
    import multiprocessing
    import threading

    before = threading.active_count()
    assert forked.later(lambda: 1)() == 1
    assert threading.active_count() == before
    assert multiprocessing.active_children() == []
