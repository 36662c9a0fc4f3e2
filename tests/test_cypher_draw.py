"""``overlapgraph cypher QUERY --draw FILE.html`` (issue 16): the result drawn as the offline network page.

Against the real Neo4j server holding the bundled THB 2022 data (and, last, the constructed xss
dataset of test_render_html), each page opened in headless Chromium with the network blocked: the
drawn nodes are exactly the nodes of the result, as the driver itself returns them.
"""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from overlapgraph.cli import cli
from overlapgraph.config import Settings
from overlapgraph.render.network import KIND_STYLES
from overlapgraph.render.result_graph import EMPTY_RESULT

from . import test_browser_network as net
from .test_browser_network import SHOTS, assert_clean
from .test_cli_query import UNREACHABLE, env
from .test_render_html import XSS_IMG, XSS_SCRIPT, xss_dataset

browser = net.browser  # the browser fixtures of the network pages
open_page = net.open_page

DECLARED_TOWARDS_MS = (
    "MATCH p = (:Action)-[:DECLARES_OVERLAP]->(:Priority {code: $code}) RETURN p"  # $code: MS
)


def driver_result(settings: Settings, text: str, params: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """The nodes (element id -> node) and relationship ids of a result, straight from the driver."""
    auth = ("neo4j", settings.password) if settings.password else None
    nodes: dict[str, Any] = {}
    rels: set[str] = set()
    with neo4j.GraphDatabase.driver(settings.uri, auth=auth) as d:
        graph = d.execute_query(
            text, params, database_=settings.database, result_transformer_=neo4j.Result.graph
        )
        for n in graph.nodes:
            nodes[n.element_id] = n
        rels = {r.element_id for r in graph.relationships}
    return nodes, rels


def drawn(o: net.Opened) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    nodes = o.js("window.overlapgraph.nodes.get()")
    edges = o.js("window.overlapgraph.edges.get()")
    return nodes, edges


def colour_of(o: net.Opened, node_id: str) -> str:
    return str(
        o.js(
            "(id) => { const n = window.overlapgraph.nodes.get(id);"
            " return (n.color && n.color.background) || window.overlapgraph.network.groups.get(n.group)"
            ".color.background; }",
            node_id,
        )
    )


# --- without a server --------------------------------------------------------------------------------


def test_draw_refuses_format(runner, tmp_path):
    result = runner.invoke(
        cli,
        ["cypher", "MATCH (n) RETURN n", "--draw", str(tmp_path / "a.html"), "--format", "csv", *UNREACHABLE],
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == "Error: --format cannot be used with --draw"
    assert list(tmp_path.iterdir()) == []


def test_unusable_destination_is_refused_before_the_query(runner, tmp_path):
    # the server is unreachable: had the query been sent, the error would be about the connection
    result = runner.invoke(cli, ["cypher", "MATCH (n) RETURN n", "--draw", str(tmp_path), *UNREACHABLE])
    assert result.exit_code == 2  # click's own check: a folder
    assert "is a directory" in result.stderr
    under_file = tmp_path / "f.txt"
    under_file.write_text("constructed")
    result = runner.invoke(
        cli, ["cypher", "MATCH (n) RETURN n", "--draw", str(under_file / "a.html"), *UNREACHABLE]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {under_file / 'a.html'}: ")
    assert "Cannot reach" not in result.stderr and len(result.stderr.splitlines()) == 1


# --- on the real server --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def loaded(neo4j_bundled):
    return neo4j_bundled


@pytest.mark.neo4j
@pytest.mark.browser
def test_paths_are_drawn_node_for_node(runner, loaded, tmp_path, open_page):
    page = tmp_path / "ms.html"
    result = runner.invoke(
        cli, ["cypher", DECLARED_TOWARDS_MS, "-p", "code=MS", "--draw", str(page)], env=env(loaded)
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""  # the rows are drawn, not printed
    assert result.stderr == f"Wrote {page}\n16 rows: 17 nodes, 16 relationships\n"
    expected, rels = driver_result(loaded, DECLARED_TOWARDS_MS, {"code": "MS"})
    # 13607/21 §2.2: 16 THB actions are declared towards MS
    assert len(expected) == 17 and len(rels) == 16
    o = open_page(page)
    assert_clean(o)
    o.page.screenshot(path=str(SHOTS / "cypher-draw-ms.png"))
    nodes, edges = drawn(o)
    assert sorted(n["id"] for n in nodes) == sorted(expected)
    assert (
        sorted(e["panel"]["title"].split(" -[")[1].split("]->")[0] for e in edges)
        == [":DECLARES_OVERLAP"] * 16
    )
    for n in nodes:
        node = expected[n["id"]]
        key = node["code"] if "Priority" in node.labels else node["action_id"]
        assert n["label"] == key  # labelled by the key property
        kind = "priority" if "Priority" in node.labels else "action"
        assert colour_of(o, n["id"]) == KIND_STYLES[kind].colour  # coloured by label, as draw does
    ms = next(n for n in nodes if n["label"] == "MS")
    assert {e["to"] for e in edges} == {ms["id"]} and all(e["arrows"] == "to" for e in edges)
    legend = o.js("document.body.innerText")
    assert "Priority (1)" in legend and "Operational action (16)" in legend


@pytest.mark.neo4j
@pytest.mark.browser
def test_other_labels_get_colours_of_their_own(runner, loaded, tmp_path, open_page):
    text = "MATCH (p:Priority {code: 'THB'})-[r:IN_PERIOD]->(n)-[o:OF]->(a:Analysis) RETURN p, r, n, o, a"
    page = tmp_path / "periods.html"
    result = runner.invoke(cli, ["cypher", text, "--draw", str(page)], env=env(loaded))
    assert result.exit_code == 0, result.stderr
    expected, rels = driver_result(loaded, text, {})
    o = open_page(page)
    assert_clean(o)
    nodes, edges = drawn(o)
    assert sorted(n["id"] for n in nodes) == sorted(expected) and len(edges) == len(rels) == 2
    labels = {n["id"]: sorted(expected[n["id"]].labels)[0] for n in nodes}
    colours = {labels[n["id"]]: colour_of(o, n["id"]) for n in nodes}
    assert set(colours) == {"Priority", "PriorityInPeriod", "Analysis"}
    assert len(set(colours.values())) == 3
    by_label = {labels[n["id"]]: n["label"] for n in nodes}
    assert by_label == {"Priority": "THB", "PriorityInPeriod": "THB 2022", "Analysis": "2022"}
    legend = o.js("document.body.innerText")
    assert "PriorityInPeriod (1)" in legend and "Analysis (1)" in legend


@pytest.mark.neo4j
def test_relationships_alone_bring_their_ends(runner, loaded, tmp_path):
    text = "MATCH (:Action {action_id: 'THB-2022/OA 8.3'})-[r:DECLARES_OVERLAP]->() RETURN r"
    page = tmp_path / "r.html"
    result = runner.invoke(cli, ["cypher", text, "--draw", str(page)], env=env(loaded))
    assert result.exit_code == 0, result.stderr
    _, rels = driver_result(loaded, text, {})
    assert (
        result.stderr.splitlines()[-1]
        == f"{len(rels)} rows: {len(rels) + 1} nodes, {len(rels)} relationships"
    )
    assert "nodes are ends of returned relationships" in page.read_text("utf-8")


@pytest.mark.neo4j
@pytest.mark.parametrize(
    "text",
    [
        "MATCH (p:Priority) RETURN p.code AS code",  # rows, but no nodes
        "MATCH (p:Priority {code: 'NONE'}) RETURN p",  # no rows
    ],
    ids=["properties-only", "no-rows"],
)
def test_nothing_to_draw_is_one_line_and_no_file(runner, loaded, tmp_path, text):
    page = tmp_path / "empty.html"
    result = runner.invoke(cli, ["cypher", text, "--draw", str(page)], env=env(loaded))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {EMPTY_RESULT}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.neo4j
def test_limit_is_said_on_the_page(runner, loaded, tmp_path):
    page = tmp_path / "few.html"
    result = runner.invoke(
        cli,
        ["cypher", DECLARED_TOWARDS_MS, "-p", "code=MS", "--limit", "3", "--draw", str(page)],
        env=env(loaded),
    )
    assert result.exit_code == 0, result.stderr
    assert (
        result.stderr.splitlines()[-1]
        == "3 rows; stopped at --limit 3, more rows exist: 4 nodes, 3 relationships"
    )
    assert "Stopped at --limit 3 rows: more rows exist, not drawn." in page.read_text("utf-8")


@pytest.mark.neo4j
@pytest.mark.browser
def test_hostile_properties_stay_text(runner, neo4j_db, tmp_path, open_page):
    # last in the module: it replaces the bundled data with the constructed xss dataset
    from overlapgraph.store import load_dataset

    load_dataset(xss_dataset(), neo4j_db)
    page = tmp_path / "xss.html"
    text = "MATCH p = (:Actor)-[]->(:OAP)-[]->(:Action)-[]->(:Priority) RETURN p"
    result = runner.invoke(cli, ["cypher", text, "--draw", str(page)], env=env(neo4j_db))
    assert result.exit_code == 0, result.stderr
    html = page.read_text("utf-8")
    assert XSS_SCRIPT not in html and XSS_IMG not in html  # never raw in the file
    o = open_page(page)
    assert_clean(o)  # no fetch, no script run, no CSP violation
    nodes, _ = drawn(o)
    assert sorted(n["label"] for n in nodes) == ["A-2022", "A-2022/OA 1.1", "B", "X"]
    actor = next(n for n in nodes if n["label"] == "X")
    assert f"name: Xland {XSS_SCRIPT}" in actor["title"]  # the payload as text in the tooltip
    o.js("(id) => window.overlapgraph.pin('node', id)", actor["id"])
    assert o.page.locator("#panel").is_visible()
    panel = o.page.locator("#panel").inner_text()
    assert f"Xland {XSS_SCRIPT}" in panel and f"source\t{XSS_IMG}" in panel
    assert o.js("document.querySelectorAll('#panel img, #panel script').length") == 0
    assert_clean(o)
