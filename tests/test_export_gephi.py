"""``export --view priorities|actions|actors --format gexf|graphml``: the views of draw for Gephi (issue 16).

Read back with networkx, every file must hold the numbers of the one analysis under the names of
synergies.csv (written by the same command's csv export), and the communities and colours of the page.
Data: the bundled THB 2022 data and data/constructed-2023 (constructed), and the xss dataset of
test_render_html (constructed).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from overlapgraph.analysis import analyse
from overlapgraph.analysis.core import Analysis
from overlapgraph.cli import cli
from overlapgraph.cli.export import _VIEWS
from overlapgraph.export.gephi import GEPHI_VIEWS
from overlapgraph.ingest import read_dataset
from overlapgraph.model import Priority
from overlapgraph.present.views import make_view
from overlapgraph.render import render_html

from .test_render_html import XSS_SCRIPT, xss_dataset

REPO = Path(__file__).resolve().parent.parent
DATASETS = {
    "empact-2022": REPO / "data" / "empact-2022",
    "constructed-2023": REPO / "data" / "constructed-2023",
}
FORMATS = ("gexf", "graphml")


def read_back(path: Path) -> nx.Graph:
    return nx.read_gexf(path) if path.suffix == ".gexf" else nx.read_graphml(path)


def page_nodes(G: nx.Graph) -> dict[str, dict[str, Any]]:
    """The nodes as the network page embeds them (its JSON block), by id."""
    page = render_html(G)
    block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert block is not None
    return {n["id"]: n for n in json.loads(block.group(1))["nodes"]}


@pytest.fixture(scope="module")
def analyses() -> dict[str, Analysis]:
    return {name: analyse(read_dataset([path])) for name, path in DATASETS.items()}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, str], Path]:
    """Every view of both datasets in both formats, and each dataset's csv tables, through the CLI."""
    from click.testing import CliRunner

    runner = CliRunner()
    folder = tmp_path_factory.mktemp("gephi")
    out: dict[tuple[str, str, str], Path] = {}
    for name, path in DATASETS.items():
        tables = folder / f"{name}-tables"
        result = runner.invoke(cli, ["-q", "export", str(path), "-o", str(tables)])
        assert result.exit_code == 0, result.output
        out[(name, "tables", "csv")] = tables
        for view in GEPHI_VIEWS:
            for fmt in FORMATS:
                target = folder / f"{name}-{view}.{fmt}"
                result = runner.invoke(cli, ["export", str(path), "--view", view, "-o", str(target)])
                assert result.exit_code == 0, result.output
                assert result.stderr == f"Wrote {target}\n"
                out[(name, view, fmt)] = target
    return out


def test_the_cli_offers_the_views_of_the_library():
    assert _VIEWS == ("graph", *GEPHI_VIEWS)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", DATASETS)
def test_priority_weights_are_the_scores_of_synergies_csv(exported, analyses, name, fmt):
    G = read_back(exported[(name, "priorities", fmt)])
    with (exported[(name, "tables", "csv")] / "synergies.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    analysis = analyses[name]
    assert len(rows) == len(analysis.synergies) == G.number_of_edges() > 0
    for row in rows:
        d = G.edges[f"priority:{row['priority_a']}", f"priority:{row['priority_b']}"]
        assert d["weight"] == d["score"] == float(row["score"])
        assert d["rel"] == "SYNERGY"
        for column, text in row.items():  # every column under the same name, with the same value
            if text == "":  # a kind that is not available (or no items): absent or empty in the graph
                assert d.get(column, "") == ""
                continue
            value = d[column]
            if isinstance(value, float):
                assert value == float(text), column
            else:
                assert str(value) == text, column
    # and these are the analysis' numbers, not merely the same as the csv
    for s in analysis.synergies:
        assert G.edges[f"priority:{s.a}", f"priority:{s.b}"]["weight"] == pytest.approx(s.score, abs=5e-5)


def test_known_pair_of_the_thb_document(exported):
    # 13607/21 §2.2: THB declares 16 of its 17 named actions towards MS (README: Jaccard 0.9412)
    G = read_back(exported[("empact-2022", "priorities", "gexf")])
    d = G.edges["priority:MS", "priority:THB"]
    assert (d["declared_count"], d["declared_jaccard"], d["status"]) == (16, 0.9412, "unchecked")
    assert "actors_count" not in d  # not available without participations: absent, not 0


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("view", GEPHI_VIEWS)
@pytest.mark.parametrize("name", DATASETS)
def test_nodes_communities_and_colours_are_the_pages(exported, analyses, name, view, fmt):
    G = read_back(exported[(name, view, fmt)])
    V = make_view(analyses[name], view)
    on_page = page_nodes(V)
    assert set(G) == set(V) == set(on_page)
    assert {frozenset(e) for e in G.edges()} == {frozenset(e) for e in V.edges()}
    community_of = analyses[name].structure.community_of()
    groups = json.loads(
        re.search(r'id="graph-data">(.*?)</script>', render_html(V), re.S).group(1)  # type: ignore[union-attr]
    )["groups"]
    for n, d in G.nodes(data=True):
        page = on_page[n]
        assert d["label"] == page["label"]
        assert d["kind"] == page["group"]
        if d["kind"] == "priority":
            assert d["community"] == community_of.get(d["label"], -1) == page.get("community", -1)
        else:
            assert d["community"] == -1 and "community" not in page
        drawn = (
            page["color"]["background"] if "color" in page else groups[page["group"]]["color"]["background"]
        )
        assert d["colour"] == drawn
        if fmt == "gexf":
            c = d["viz"]["color"]
            assert "#{:02X}{:02X}{:02X}".format(c["r"], c["g"], c["b"]) == d["colour"]
            assert d["viz"]["size"] == page["size"]
        else:
            assert "viz" not in d


def test_communities_are_told_apart_by_colour(exported, analyses):
    G = read_back(exported[("constructed-2023", "priorities", "graphml")])
    communities = analyses["constructed-2023"].structure.communities
    assert len(communities) == 3
    colours = [{G.nodes[f"priority:{p}"]["colour"] for p in c} for c in communities]
    assert all(len(c) == 1 for c in colours)  # one colour per community
    assert len(set().union(*colours)) == 3  # and a different one for each


@pytest.mark.parametrize("view", ["actions", "actors"])
def test_weights_of_the_other_views_are_the_views(exported, analyses, view):
    G = read_back(exported[("constructed-2023", view, "graphml")])
    V = make_view(analyses["constructed-2023"], view)
    assert G.number_of_edges() > 0
    for u, v, w in V.edges(data="weight"):
        assert G.edges[u, v]["weight"] == w
    assert G.graph["weight"].startswith("number of")


def test_actor_view_keeps_actor_names_and_kinds(exported):
    G = read_back(exported[("constructed-2023", "actors", "gexf")])
    actors = {n: d for n, d in G.nodes(data=True) if d["kind"] == "actor"}
    assert actors and all(d["name"] and d["actor_kind"] for d in actors.values())


@pytest.mark.parametrize("fmt", FORMATS)
def test_view_needs_a_graph_format(runner, tmp_path, bundled, fmt):
    for target in ("s.xlsx", "tables", "s.json"):
        result = runner.invoke(
            cli, ["export", str(bundled), "--view", "actors", "-o", str(tmp_path / target)]
        )
        assert result.exit_code == 2
        assert result.stderr.splitlines()[-1].startswith("Error: --view actors writes graphml or gexf, not ")
    assert list(tmp_path.iterdir()) == []
    target = tmp_path / "p.out"
    result = runner.invoke(
        cli, ["export", str(bundled), "--view", "priorities", "--format", fmt, "-o", str(target)]
    )
    assert result.exit_code == 0
    G = nx.read_gexf(target) if fmt == "gexf" else nx.read_graphml(target)
    assert G.number_of_edges() == 33  # the 33 pairs of the bundled data (README)


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_text_survives_as_text(tmp_path, fmt):
    from overlapgraph.export import export_dataset

    ds = xss_dataset()  # constructed: payloads in every free text, plus a control character below
    ds.priorities[0] = Priority("A", "Alpha\x0c" + XSS_SCRIPT)
    for view in GEPHI_VIEWS:
        path = tmp_path / f"{view}.{fmt}"
        assert export_dataset(analyse(ds), fmt, path, view=view) == [path]
        G = read_back(path)
        names = [d.get("name") for _, d in G.nodes(data=True)]
        if view == "priorities":
            assert "Alpha\ufffd" + XSS_SCRIPT in names


def test_the_default_view_is_the_whole_graph(runner, tmp_path, bundled):
    a, b = tmp_path / "a.graphml", tmp_path / "b.graphml"
    assert runner.invoke(cli, ["export", str(bundled), "-o", str(a)]).exit_code == 0
    assert runner.invoke(cli, ["export", str(bundled), "--view", "graph", "-o", str(b)]).exit_code == 0
    A, B = (nx.read_graphml(p, force_multigraph=True) for p in (a, b))
    assert {d["kind"] for _, d in A.nodes(data=True)} == {"priority", "oap", "goal", "action", "actor"}
    assert nx.utils.graphs_equal(A, B)
